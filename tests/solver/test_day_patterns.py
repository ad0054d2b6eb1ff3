"""The day-pattern model (every visit served, proven optimal), on small real instances."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner.check import check_plan
from busplanner.errors import SolverError
from busplanner.pipeline import load_inputs, plan_scenario, run_plan
from busplanner.problem import build_problem
from busplanner.solver import SolveOptions, solve
from busplanner.solver.day_patterns import _slot_options
from busplanner.timing import feasible_halves, time_route

DAY_PATTERNS = "CP-SAT day-pattern model (every visit served), proven optimal"


def _weeks_of(plan, stop_id):
    return sorted(r.week for r in plan.routes for v in r.visits if v.stop_id == stop_id)


def test_small_plan_keeps_every_rule(scenarios_dir: Path) -> None:
    run = run_plan(scenarios_dir / "small.toml")
    plan = run.plan
    assert plan.solver.method == DAY_PATTERNS
    assert check_plan(plan, run.scenario, run.territory) == []
    assert plan.unserved == ()
    for s in plan.stops:
        # Frequencies met, evenly spaced, on the stop's fixed weekday and half-day.
        assert s.visits_planned == s.visits_per_cycle
        weeks = _weeks_of(plan, s.id)
        assert len(weeks) == s.visits_per_cycle
        assert weeks == list(range(s.first_week, plan.cycle_weeks + 1, s.every_weeks))
        slots = {(r.day, v.half_day) for r in plan.routes for v in r.visits if v.stop_id == s.id}
        assert slots == {(s.weekday, s.half_day)}
    for r in plan.routes:
        for v in r.visits:
            assert any(
                a <= v.start_min and v.end_min <= b for a, b in plan.stop(v.stop_id).windows[r.day]
            )
    assert plan.solver.status == "optimal"
    assert plan.solver.bound is not None and plan.solver.objective is not None
    assert plan.solver.bound <= plan.solver.objective + 1e-9


def test_small_plan_is_the_cheapest_by_brute_force(scenarios_dir: Path) -> None:
    """Enumerate every assignment of the 4 communes to weekly/fortnightly slots and compare."""
    scenario, territory = load_inputs(scenarios_dir / "small.toml")
    problem = build_problem(scenario, territory)
    plan = plan_scenario(scenario, territory).plan
    # Patterns per stop: (day, half, weeks visited).
    options = []
    for s in problem.stops:
        every = problem.cycle_weeks // s.visits_per_cycle
        opts = [
            (day, half, tuple(range(o, problem.cycle_weeks, every)))
            for day in problem.days
            for half in ("morning", "afternoon")
            for o in range(every)
        ]
        options.append(opts)
    best = None
    for combo in itertools.product(*options):
        days: dict = {}
        ok = True
        for s, (day, half, weeks) in zip(problem.stops, combo, strict=True):
            for w in weeks:
                am, pm = days.setdefault((w, day), ([], []))
                target = am if half == "morning" else pm
                if target:  # one session per half-day in this scenario
                    ok = False
                target.append(s.index)
        if not ok:
            continue
        total = 0.0
        for (_w, day), (am, pm) in days.items():
            timed = time_route(problem, day, am, pm)
            if timed is None:
                ok = False
                break
            total += timed.distance_km
        if ok and (best is None or total < best):
            best = total
    assert best is not None
    assert plan.kpis["distance_km_per_cycle"] == pytest.approx(best, abs=0.01)


def test_two_buses_share_the_work(scenarios_dir: Path) -> None:
    scenario, territory = load_inputs(scenarios_dir / "short_capacity.toml")
    run = plan_scenario(replace(scenario, bus_count=2), territory)
    plan = run.plan
    assert check_plan(plan, run.scenario, run.territory) == []
    assert plan.unserved == ()
    assert {r.bus for r in plan.routes} <= {1, 2}


def test_default_scenario_is_proven_optimal(root: Path) -> None:
    """The Roche aux Fées plan is optimal for its model, and its bound is its objective."""
    run = run_plan(root / "scenarios" / "roche_aux_fees.toml")
    s = run.plan.solver
    assert s.status == "optimal"
    assert s.bound is not None and s.objective is not None
    assert s.bound <= s.objective + 1e-9
    assert s.gap == 0.0
    assert run.plan.kpis["distance_km_per_cycle"] == pytest.approx(s.objective, abs=1e-3)
    assert run.plan.unserved == ()


def test_forced_day_patterns_refuse_a_case_they_cannot_prove(scenarios_dir: Path) -> None:
    """Not every visit fits the short-capacity scenario: the model proves nothing and says so,
    where "auto" would have gone on to the week-by-week model."""
    scenario, territory = load_inputs(scenarios_dir / "short_capacity.toml")
    problem = build_problem(scenario, territory)
    options = replace(SolveOptions.from_scenario(scenario), method="day-patterns")
    with pytest.raises(SolverError, match="day-pattern model proved no plan"):
        solve(problem, options)
    auto = solve(problem, SolveOptions.from_scenario(scenario))
    assert auto.method != DAY_PATTERNS


def test_each_slot_option_holds_its_stops_evenly_spaced(scenarios_dir: Path) -> None:
    """A slot option fills each week of the cycle with one stop or nothing; each stop in it
    appears at its target count, every cycle/count weeks from its first week."""
    scenario, territory = load_inputs(scenarios_dir / "small.toml")
    problem = replace(build_problem(scenario, territory), cycle_weeks=4)
    problem = replace(
        problem,
        stops=tuple(
            replace(s, visits_per_cycle=k) for s, k in zip(problem.stops, (1, 2, 4, 1), strict=True)
        ),
    )
    halves = feasible_halves(problem)
    options = _slot_options(problem, halves, problem.days[0], "morning")
    assert options
    seen = set()
    for opt in options:
        assert len(opt.weeks) == problem.cycle_weeks
        assert opt.weeks not in seen  # no option twice
        seen.add(opt.weeks)
        assert opt.stops == {i for i, _first in opt.offsets}
        for i, first in opt.offsets:
            k = problem.by_index[i].visits_per_cycle
            expected = list(range(first, problem.cycle_weeks, problem.cycle_weeks // k))
            assert [w for w, j in enumerate(opt.weeks) if j == i] == expected
        assert {j for j in opt.weeks if j is not None} == opt.stops

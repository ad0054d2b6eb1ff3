"""Solver invariants on small real instances (short time limits): every plan is checked."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner.check import check_plan
from busplanner.pipeline import load_inputs, plan_scenario, run_plan
from busplanner.problem import build_problem
from busplanner.solver import SolveOptions
from busplanner.timing import time_route


def _weeks_of(plan, stop_id):
    return sorted(r.week for r in plan.routes for v in r.visits if v.stop_id == stop_id)


def test_small_plan_keeps_every_rule(scenarios_dir: Path) -> None:
    run = run_plan(scenarios_dir / "small.toml")
    plan = run.plan
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


def test_short_capacity_leaves_out_the_lowest_weight_with_a_reason(scenarios_dir: Path) -> None:
    run = run_plan(scenarios_dir / "short_capacity.toml")
    plan = run.plan
    assert check_plan(plan, run.scenario, run.territory) == []
    assert [u.stop_id for u in plan.unserved] == ["35114"]
    (u,) = plan.unserved
    assert u.missing_visits == 1
    assert "Forges-la-Forêt" in u.reason
    # The reason names who holds the half-days it could have had.
    assert "Amanlis" in u.reason and "Theil-de-Bretagne" in u.reason


def test_town_hall_hours_explain_an_impossible_commune(scenarios_dir: Path) -> None:
    run = run_plan(scenarios_dir / "hours_inside.toml")
    plan = run.plan
    assert check_plan(plan, run.scenario, run.territory) == []
    by_id = {u.stop_id: u for u in plan.unserved}
    assert "35005" in by_id
    reason = by_id["35005"].reason
    assert "Arbrissel" in reason and "town hall opens" in reason and "14:00–18:00" in reason
    # Every other commune is served inside its town-hall hours.
    for r in plan.routes:
        for v in r.visits:
            hours = run.territory.by_code()[v.stop_id].opening_hours[r.day]
            assert any(a <= v.start_min and v.end_min <= b for a, b in hours)


def test_same_inputs_and_seed_give_the_same_plan(scenarios_dir: Path) -> None:
    a = run_plan(scenarios_dir / "small.toml").plan.to_dict()
    b = run_plan(scenarios_dir / "small.toml").plan.to_dict()
    for d in (a, b):
        d["solver"].pop("seconds")
    assert json.dumps(a) == json.dumps(b)


def test_two_buses_share_the_work(scenarios_dir: Path) -> None:
    scenario, territory = load_inputs(scenarios_dir / "short_capacity.toml")
    run = plan_scenario(replace(scenario, bus_count=2), territory)
    plan = run.plan
    assert check_plan(plan, run.scenario, run.territory) == []
    assert plan.unserved == ()
    assert {r.bus for r in plan.routes} <= {1, 2}


def test_decomposition_keeps_every_rule(scenarios_dir: Path) -> None:
    """Force the large-instance path on the small scenario: same rules, checked."""
    scenario, territory = load_inputs(scenarios_dir / "small.toml")
    options = replace(SolveOptions.from_scenario(scenario), method="decomposition")
    run = plan_scenario(scenario, territory, options=options)
    plan = run.plan
    assert plan.solver.method.startswith("decomposition")
    assert plan.solver.bound is None
    assert check_plan(plan, run.scenario, run.territory) == []
    assert plan.unserved == ()


def test_decomposition_on_a_synthetic_territory() -> None:
    """40 synthetic stops around Rennes, 2 buses, 4-week cycle: every visit served or
    explained, each stop on one bus, weekday and half-day (the checker), no stop twice."""
    import random

    from busplanner.scenario import load_scenario
    from busplanner.solver import MAX_EXACT_DAY_VARS, exact_model_size
    from busplanner.territory import Commune, Territory
    from busplanner.timing import feasible_halves

    rng = random.Random(7)
    communes = tuple(
        Commune(
            f"9{i:04d}",
            f"Stop {i}",
            int(rng.lognormvariate(6.5, 0.8)) + 1,
            -1.68 + rng.uniform(-0.3, 0.3),
            48.11 + rng.uniform(-0.2, 0.2),
        )
        for i in range(40)
    )
    territory = Territory("synthetic", communes)
    base = load_scenario(Path(__file__).parent.parent / "scenarios" / "roche_aux_fees.toml")
    scenario = replace(
        base,
        served=None,
        excluded=(),
        bus_count=2,
        cycle_weeks=4,
        depot=replace(base.depot, lon=-1.68, lat=48.11),
        work_limit_s=4.0,
        time_limit_s=30.0,
    )
    problem = build_problem(scenario, territory)
    assert exact_model_size(problem, feasible_halves(problem)) > MAX_EXACT_DAY_VARS
    plan = plan_scenario(scenario, territory).plan  # raises if the checker finds a violation
    assert plan.solver.method.startswith("decomposition")
    assert check_plan(plan, scenario, territory) == []
    served = sum(s.visits_planned for s in plan.stops)
    missing = sum(u.missing_visits for u in plan.unserved)
    assert served + missing == sum(s.visits_per_cycle for s in plan.stops)
    assert served >= 0.8 * (served + missing)
    # A stop's first visit comes before any other stop's extra visits.
    assert all(s.visits_planned > 0 for s in plan.stops), [u.reason for u in plan.unserved]


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

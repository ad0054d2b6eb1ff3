"""The week-by-week model: visits left out when they do not fit, with reasons; exact."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from busplanner.check import check_plan
from busplanner.pipeline import load_inputs, plan_scenario, run_plan
from busplanner.problem import build_problem
from busplanner.solver import SolveOptions, solve

WEEKLY = "CP-SAT exact rotation over enumerated day routes"


def test_short_capacity_leaves_out_the_lowest_weight_with_a_reason(scenarios_dir: Path) -> None:
    run = run_plan(scenarios_dir / "short_capacity.toml")
    plan = run.plan
    assert plan.solver.method == WEEKLY
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


def test_forced_weekly_model_finds_the_day_pattern_optimum(scenarios_dir: Path) -> None:
    """Two exact models, one optimum: forced on the small scenario, the week-by-week model
    proves the same objective as the day-pattern model, and its plan keeps every rule."""
    scenario, territory = load_inputs(scenarios_dir / "small.toml")
    problem = build_problem(scenario, territory)
    options = SolveOptions.from_scenario(scenario)
    by_patterns = solve(problem, options)
    weekly = solve(problem, replace(options, method="weekly"))
    assert weekly.method == WEEKLY
    assert weekly.status == "optimal"
    assert weekly.objective == by_patterns.objective == weekly.bound
    run = plan_scenario(scenario, territory, options=replace(options, method="weekly"))
    assert check_plan(run.plan, scenario, territory) == []


def test_routes_hold_exactly_the_stops_whose_patterns_fall_on_them(scenarios_dir: Path) -> None:
    """The linking constraint, read off the answer: a stop is on a bus day's route if and only
    if its pattern (bus, weekday, half-day, weeks) lands there."""
    scenario, territory = load_inputs(scenarios_dir / "short_capacity.toml")
    problem = build_problem(scenario, territory)
    sol = solve(problem, replace(SolveOptions.from_scenario(scenario), method="weekly"))
    on_routes = {
        (r.bus, r.week, r.day, half, i)
        for r in sol.routes
        for half, stops in (("morning", r.morning), ("afternoon", r.afternoon))
        for i in stops
    }
    from_patterns = {
        (pat.bus, w, pat.day, pat.half_day, i)
        for i, pat in sol.patterns.items()
        for w in pat.weeks()
    }
    assert on_routes == from_patterns
    assert len({(r.bus, r.week, r.day) for r in sol.routes}) == len(sol.routes)

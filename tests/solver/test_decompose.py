"""The decomposition for large instances: forced on small ones, and on 40 synthetic stops."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner.check import check_plan
from busplanner.pipeline import load_inputs, plan_scenario
from busplanner.problem import build_problem
from busplanner.scenario import Scenario, load_scenario
from busplanner.solver import SolveOptions
from busplanner.solver.columns import MAX_EXACT_DAY_VARS, exact_model_size
from busplanner.territory import Commune, Territory
from busplanner.timing import feasible_halves


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


def test_decomposition_on_the_default_scenario_keeps_every_rule(
    scenario: Scenario, territory: Territory
) -> None:
    """Forced on Roche aux Fées (short limits): a plan the checker accepts, no bound, and
    every commune on one bus, weekday and half-day."""
    options = SolveOptions(time_limit_s=10.0, work_limit_s=2.0, method="decomposition")
    plan = plan_scenario(scenario, territory, options=options).plan
    assert plan.solver.method.startswith("decomposition")
    assert plan.solver.status == "feasible"
    assert plan.solver.bound is None
    assert check_plan(plan, scenario, territory) == []
    served = sum(s.visits_planned for s in plan.stops)
    missing = sum(u.missing_visits for u in plan.unserved)
    assert served + missing == sum(s.visits_per_cycle for s in plan.stops)


@pytest.mark.parametrize(
    ("method", "label"), [("auto", "periodic search"), ("decomposition", "decomposition")]
)
def test_decomposition_on_a_synthetic_territory(root: Path, method: str, label: str) -> None:
    """40 synthetic stops around Rennes, 2 buses, 4-week cycle, too large for the exact
    models: the search (chosen by size) and the decomposition (on request) both serve every
    visit or explain it, each stop on one bus, weekday and half-day (the checker)."""
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
    base = load_scenario(root / "scenarios" / "roche_aux_fees.toml")
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
    options = replace(SolveOptions.from_scenario(scenario), method=method)
    # plan_scenario raises if the checker finds a violation.
    plan = plan_scenario(scenario, territory, options=options).plan
    assert plan.solver.method.startswith(label)
    assert check_plan(plan, scenario, territory) == []
    served = sum(s.visits_planned for s in plan.stops)
    missing = sum(u.missing_visits for u in plan.unserved)
    assert served + missing == sum(s.visits_per_cycle for s in plan.stops)
    assert served >= 0.8 * (served + missing)
    # A stop's first visit comes before any other stop's extra visits.
    assert all(s.visits_planned > 0 for s in plan.stops), [u.reason for u in plan.unserved]

"""Tests for busplanner.solver.bound: the relaxation never exceeds a plan holding every visit."""

from __future__ import annotations

from dataclasses import replace

from busplanner.pipeline import plan_scenario
from busplanner.problem import build_problem
from busplanner.scenario import Scenario
from busplanner.solver import SolveOptions
from busplanner.solver.bound import relaxed_bound_m
from busplanner.solver.columns import day_columns
from busplanner.territory import Territory


def test_the_bound_lies_under_the_proven_optimum(scenario: Scenario, territory: Territory) -> None:
    """The default plan is proven optimal at 285.542 km; the relaxation may not exceed it."""
    problem = build_problem(scenario, territory)
    options = SolveOptions.from_scenario(scenario)
    bound = relaxed_bound_m(
        problem, day_columns(problem), options, work_limit_s=2.0, wall_limit_s=10.0
    )
    assert bound is not None and 200_000 < bound <= 285_542 + 1


def test_ninety_minute_sessions_get_a_gap(scenario: Scenario, territory: Territory) -> None:
    """Too many orders for the exact models: the search plans, the relaxation bounds it."""
    ninety = replace(scenario, session_min=90, work_limit_s=5.0, time_limit_s=40.0)
    plan = plan_scenario(ninety, territory).plan
    assert plan.solver.method.startswith("periodic search")
    assert not plan.unserved
    assert plan.solver.bound is not None and plan.solver.gap is not None
    assert plan.solver.bound <= plan.solver.objective
    assert 0 <= plan.solver.gap < 0.10


def test_no_bound_when_every_visit_cannot_be_held(scenario: Scenario, territory: Territory) -> None:
    problem = build_problem(replace(scenario, days=("monday",)), territory)
    options = SolveOptions.from_scenario(scenario)
    assert (
        relaxed_bound_m(problem, day_columns(problem), options, work_limit_s=1.0, wall_limit_s=5.0)
        is None
    )

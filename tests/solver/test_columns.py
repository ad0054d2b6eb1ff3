"""The enumeration of feasible bus days (the columns of the exact models)."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner.errors import TooLargeError
from busplanner.pipeline import load_inputs
from busplanner.problem import PlanningProblem, build_problem
from busplanner.scenario import Scenario
from busplanner.solver import RoutedDay
from busplanner.solver.columns import day_columns, exact_model_size
from busplanner.territory import Territory
from busplanner.timing import feasible_halves, time_route

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def two_per_half() -> PlanningProblem:
    """The stops-file example: 2 sessions per morning and per afternoon."""
    scenario, territory = load_inputs(ROOT / "scenarios" / "stops_example.toml")
    problem = build_problem(scenario, territory)
    assert problem.sessions_per_half_day == (2, 2)
    return problem


def test_every_column_is_a_feasible_day_at_its_cost(two_per_half: PlanningProblem) -> None:
    p = two_per_half
    halves = feasible_halves(p)
    q_am, q_pm = p.sessions_per_half_day
    columns = day_columns(p, halves)
    assert set(columns) == set(p.days)
    for day, cols in columns.items():
        assert cols == sorted(cols, key=lambda c: (c.cost_m, c.morning, c.afternoon))
        sets = {(frozenset(c.morning), frozenset(c.afternoon)) for c in cols}
        assert len(sets) == len(cols)  # one column per stop set
        for c in cols:
            assert c.morning or c.afternoon
            assert len(c.morning) <= q_am and len(c.afternoon) <= q_pm
            assert not set(c.morning) & set(c.afternoon)
            assert all((day, "morning") in halves[i] for i in c.morning)
            assert all((day, "afternoon") in halves[i] for i in c.afternoon)
            timed = time_route(p, day, c.morning, c.afternoon)
            assert timed is not None
            assert c.cost_m == max(1, round(timed.distance_km * 1000))


def test_each_column_drives_its_stops_in_the_cheapest_order(two_per_half: PlanningProblem) -> None:
    p = two_per_half
    for day, cols in day_columns(p).items():
        for c in cols:
            costs = [
                max(1, round(t.distance_km * 1000))
                for am in itertools.permutations(c.morning)
                for pm in itertools.permutations(c.afternoon)
                if (t := time_route(p, day, am, pm)) is not None
            ]
            assert c.cost_m == min(costs)


def test_a_lone_stop_makes_a_column_wherever_it_fits(two_per_half: PlanningProblem) -> None:
    p = two_per_half
    halves = feasible_halves(p)
    columns = day_columns(p, halves)
    for i, pairs in halves.items():
        for day, half in pairs:
            alone = ((i,), ()) if half == "morning" else ((), (i,))
            assert alone in {(c.morning, c.afternoon) for c in columns[day]}


def test_the_exact_model_size_bounds_its_day_route_variables(
    two_per_half: PlanningProblem,
) -> None:
    p = two_per_half
    halves = feasible_halves(p)
    columns = day_columns(p, halves)
    variables = p.bus_count * p.cycle_weeks * sum(len(cols) for cols in columns.values())
    assert exact_model_size(p, halves) >= variables


def test_too_many_candidate_days_are_refused(scenario: Scenario, territory: Territory) -> None:
    """One-hour sessions allow 3 stops per half-day: millions of orders to time per day."""
    problem = build_problem(replace(scenario, session_min=60), territory)
    with pytest.raises(TooLargeError, match="candidate days on monday: too many"):
        day_columns(problem)


class _Recording:
    """A router that records what it is asked and routes nothing but lone stops."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, frozenset[int], frozenset[int]]] = []

    def route(
        self,
        problem: PlanningProblem,
        day: str,
        morning: Collection[int],
        afternoon: Collection[int],
    ) -> RoutedDay | None:
        self.asked.append((day, frozenset(morning), frozenset(afternoon)))
        if len(morning) + len(afternoon) != 1:
            return None
        return RoutedDay(tuple(morning), tuple(afternoon), 7)


def test_the_router_orders_each_stop_set_once(two_per_half: PlanningProblem) -> None:
    p = two_per_half
    router = _Recording()
    columns = day_columns(p, router=router)
    assert len(set(router.asked)) == len(router.asked)
    for day, cols in columns.items():
        assert cols
        assert all(c.cost_m == 7 and len(c.morning) + len(c.afternoon) == 1 for c in cols)
        # Every stop set the default router makes a column of was asked of this one.
        asked = {(m, a) for d, m, a in router.asked if d == day}
        assert {
            (frozenset(c.morning), frozenset(c.afternoon)) for c in day_columns(p)[day]
        } <= asked

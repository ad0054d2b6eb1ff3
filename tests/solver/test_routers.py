"""Day routers: the best feasible order of a bus day's stops."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from busplanner.geo import great_circle_km
from busplanner.problem import PlanningProblem, build_problem
from busplanner.scenario import Scenario
from busplanner.solver import DayRouter, EnumerationRouter, RoutedDay
from busplanner.territory import Territory
from busplanner.timing import time_route


@pytest.fixture(scope="module")
def hour_sessions(scenario: Scenario, territory: Territory) -> PlanningProblem:
    """Roche aux Fées with one-hour sessions: three stops fit a half-day."""
    problem = build_problem(replace(scenario, session_min=60), territory)
    assert problem.sessions_per_half_day == (3, 3)
    return problem


def _splits(p: PlanningProblem) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """3 and 4 stops near the depot, split every way between morning and afternoon."""
    by_distance = sorted(
        p.stops, key=lambda s: great_circle_km(p.depot.lon, p.depot.lat, s.lon, s.lat)
    )
    near = [s.index for s in by_distance[:4]]
    out = []
    for n in (3, 4):
        for group in itertools.combinations(near, n):
            for k in range(n + 1):
                for am in itertools.combinations(group, k):
                    out.append((am, tuple(i for i in group if i not in am)))
    return out


def _brute_force(p: PlanningProblem, day: str, am: tuple[int, ...], pm: tuple[int, ...]):
    best = None
    for m in itertools.permutations(am):
        for a in itertools.permutations(pm):
            timed = time_route(p, day, m, a)
            if timed is not None:
                cost = max(1, round(timed.distance_km * 1000))
                if best is None or cost < best[0]:
                    best = (cost, m, a)
    return best


def test_enumeration_finds_the_cheapest_feasible_order(hour_sessions: PlanningProblem) -> None:
    p = hour_sessions
    router: DayRouter = EnumerationRouter()
    day = p.days[0]
    feasible, biggest = 0, 0
    for am, pm in _splits(p):
        routed = router.route(p, day, set(am), set(pm))
        best = _brute_force(p, day, am, pm)
        if best is None:
            assert routed is None
            continue
        feasible += 1
        biggest = max(biggest, len(am) + len(pm))
        assert routed is not None
        # The given stops, each in its half-day, in an order the timing accepts, at its cost.
        assert sorted(routed.morning) == sorted(am) and sorted(routed.afternoon) == sorted(pm)
        timed = time_route(p, day, routed.morning, routed.afternoon)
        assert timed is not None
        assert routed.cost_m == max(1, round(timed.distance_km * 1000))
        # The minimum over every order; ties to the first order in lexicographic order.
        assert (routed.cost_m, routed.morning, routed.afternoon) == (
            best[0],
            tuple(best[1]),
            tuple(best[2]),
        )
    assert feasible >= 5 and biggest == 4  # the test saw real 3- and 4-stop days


def test_enumeration_gives_none_when_no_order_fits(hour_sessions: PlanningProblem) -> None:
    p = hour_sessions
    router = EnumerationRouter()
    # Four mornings cannot fit three sessions' worth of morning.
    assert router.route(p, p.days[0], [s.index for s in p.stops[:4]], []) is None
    assert router.route(p, p.days[0], [], []) is None


def test_routed_day_is_a_frozen_record() -> None:
    day = RoutedDay((1, 2), (3,), 1500)
    with pytest.raises(AttributeError):
        day.cost_m = 0  # type: ignore[misc]

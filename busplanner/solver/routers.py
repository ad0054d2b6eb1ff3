"""Routing one bus day: the best feasible order of a given set of stops.

The exact models choose *which* stops each bus day visits; a :class:`DayRouter` says in
which order and at what cost, or that the day cannot be done. :class:`EnumerationRouter`
tries every order with :func:`busplanner.timing.time_route`: exact, and fast for the few
stops a half-day holds. Another router (a VRPTW engine, say, for longer days) can stand
beside it: it only has to keep the :class:`DayRouter` contract.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from busplanner.problem import PlanningProblem
from busplanner.timing import time_route


@dataclass(frozen=True)
class RoutedDay:
    """A feasible order of one bus day's stops (travel-matrix indices) and its cost.

    ``cost_m`` is the metres driven, depot to depot, rounded to a whole metre and at least 1
    (the models' objective counts metres, and a day never costs nothing).
    """

    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    cost_m: int


class DayRouter(Protocol):
    """The best feasible order of these stops on this bus day.

    Implementations must return a :class:`RoutedDay` holding exactly the given morning stops
    (in some order) in the morning and the given afternoon stops in the afternoon, which
    :func:`busplanner.timing.time_route` accepts and whose ``cost_m`` is the metres it
    drives; or ``None`` when they find no feasible order. For the same inputs they must
    return the same answer (plans are repeatable). A router that may miss the cheapest
    order makes the models' "optimal" optimal only over the orders it finds.
    """

    def route(
        self,
        problem: PlanningProblem,
        day: str,
        morning: Collection[int],
        afternoon: Collection[int],
    ) -> RoutedDay | None:
        """Route the stops ``morning`` and ``afternoon`` (disjoint, not both empty) on
        weekday ``day``; ``None`` when no order is feasible."""
        ...


def day_cost_m(distance_km: float) -> int:
    """A day's cost in the models' units: whole metres, at least 1."""
    return max(1, round(distance_km * 1000))


class EnumerationRouter:
    """Every order of the morning stops times every order of the afternoon stops, timed.

    Exact: the cheapest feasible order in whole metres. Ties go to the first order in
    lexicographic order of the stop indices (morning first), so the answer is repeatable.
    The work grows as ``m! × n!``: fine for the few sessions a half-day holds.
    """

    def route(
        self,
        problem: PlanningProblem,
        day: str,
        morning: Collection[int],
        afternoon: Collection[int],
    ) -> RoutedDay | None:
        """The cheapest feasible order, or ``None`` (see :class:`DayRouter`)."""
        best: RoutedDay | None = None
        for am in itertools.permutations(sorted(morning)):
            for pm in itertools.permutations(sorted(afternoon)):
                timed = time_route(problem, day, am, pm)
                if timed is None:
                    continue
                cost = day_cost_m(timed.distance_km)
                if best is None or cost < best.cost_m:
                    best = RoutedDay(am, pm, cost)
        return best

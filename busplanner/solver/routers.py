"""Routing bus days: the swappable parts of the solver.

- :class:`DayRouter`: the best feasible order of a given set of stops on one bus day. The
  exact models choose *which* stops each bus day visits; a day router says in which order
  and at what cost, or that the day cannot be done. :class:`EnumerationRouter` tries every
  order with :func:`busplanner.timing.time_route`: exact, and fast for the few stops a
  half-day holds.
- :class:`FleetRouter`: visits (:class:`Job`) routed on many bus days (:class:`BusDay`) at
  once, each day's stops chosen and ordered by the router (:class:`Routed`): what the
  periodic search needs for days with many short stops. Its engine is VROOM
  (:class:`busplanner.solver.vroom.VroomRouter`); another engine only has to keep this
  contract.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

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


class BusDay(NamedTuple):
    """One bus on one day of the cycle (0-based bus and week)."""

    bus: int
    week: int
    day: str


@dataclass(frozen=True)
class Job:
    """A visit to route.

    Attributes
    ----------
    id
        Unique among the jobs of one solve.
    stop
        The stop's travel-matrix index.
    priority
        0–100: VROOM serves the jobs of highest total priority first.
    bus_day
        Pins the visit to this bus day, or ``None`` (any bus day whose windows fit).
    start_min
        Pins the session to start at this time (with ``bus_day``).
    half_day
        With ``start_min``: the side of the lunch break it lies on.
    week_day
        Keeps the visit on this (week, day) of any bus (``plan --keep``), or ``None``.
    """

    id: int
    stop: int
    priority: int = 0
    bus_day: BusDay | None = None
    start_min: int | None = None
    half_day: str | None = None
    week_day: tuple[int, str] | None = None


@dataclass(frozen=True)
class Routed:
    """VROOM's answer for some bus days.

    ``days`` holds each used bus day's morning and afternoon stops in driving order (split at
    the lunch break); ``jobs_on`` the job ids of each, in the same order; ``starts`` each
    routed job's session start (minutes after midnight, on the grid); ``unassigned`` the ids
    of the jobs left out.
    """

    days: dict[BusDay, tuple[tuple[int, ...], tuple[int, ...]]]
    jobs_on: dict[BusDay, tuple[int, ...]]
    starts: dict[int, int]
    unassigned: tuple[int, ...]


class FleetRouter(Protocol):
    """Routes visits on many bus days at once.

    ``grid`` is the problem the router times on: the real one, or a stricter copy whose
    every time a :func:`busplanner.timing.time_route` on the real problem can keep (so a
    pinned start holds). ``solves`` counts the solves done; ``deadline``, when set, is the
    ``time.perf_counter()`` time every solve must end by. For the same inputs, a solve that
    the deadline does not cut must return the same answer.
    """

    grid: PlanningProblem
    solves: int
    deadline: float | None

    def solve(
        self,
        bus_days: Sequence[BusDay],
        jobs: Sequence[Job],
        *,
        exploration: int | None = None,
        timeout_s: float | None = None,
        start: Mapping[BusDay, tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
    ) -> Routed:
        """Route ``jobs`` on ``bus_days``: a job pinned to a bus day not among them, or
        with no window left, is unassigned. ``exploration`` is the effort (engine-specific);
        ``timeout_s`` a wall-clock cap. ``start``: a plan to start from (the job
        ids of some bus days' mornings and afternoons, each day feasible on ``grid``); the
        search starts there, so it holds as much unless its own search finds better."""
        ...

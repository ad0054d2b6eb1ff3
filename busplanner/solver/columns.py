"""Every feasible bus day per weekday (the columns of the exact models), and their size.

A column is a set of morning stops and a set of afternoon stops that one bus can hold on
one weekday, in its cheapest feasible order (``docs/model.md``, ``C(d)``); a
:class:`~busplanner.solver.routers.DayRouter` finds that order.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from busplanner.errors import TooLargeError
from busplanner.problem import PlanningProblem
from busplanner.sizes import columns_mb
from busplanner.solver.routers import DayRouter, EnumerationRouter
from busplanner.timing import feasible_halves

MAX_CANDIDATE_DAYS = 2_000_000
"""Above this many candidate day routes to time, the exact model is refused as too large."""

MAX_EXACT_DAY_VARS = 40_000
"""Above this many day-route variables, the search is used instead of the exact models."""

MAX_BOUND_CANDIDATES = 400_000
"""Above this many candidate bus days to time, the search's plan gets no bound (the
relaxation in :mod:`.bound` needs them all)."""


@dataclass(frozen=True)
class Column:
    """A feasible bus day on one weekday: its stop sets, best order, cost in metres."""

    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    cost_m: int


def day_columns(
    problem: PlanningProblem,
    halves: dict[int, set[tuple[str, str]]] | None = None,
    *,
    router: DayRouter | None = None,
) -> dict[str, list[Column]]:
    """Every feasible bus day per weekday, each stop set in its best order.

    Parameters
    ----------
    problem
        The planning problem.
    halves
        Each stop's feasible (weekday, half-day) pairs (default: computed).
    router
        Orders each stop set (default: :class:`EnumerationRouter`, every order).

    Returns
    -------
    dict
        Weekday -> its columns, cheapest first (ties by stops), one per feasible stop set.

    Raises
    ------
    SolverError
        If there are too many candidate days for the exact model.
    """
    q_am, q_pm = problem.sessions_per_half_day
    if halves is None:
        halves = feasible_halves(problem)
    if router is None:
        router = EnumerationRouter()
    out: dict[str, list[Column]] = {}
    for day in problem.days:
        am_ok = [i for i in sorted(halves) if (day, "morning") in halves[i]]
        pm_ok = [i for i in sorted(halves) if (day, "afternoon") in halves[i]]
        # Counted in orders, not sets: the enumeration times every order of every set.
        candidates = _orders(len(am_ok), q_am) * _orders(len(pm_ok), q_pm)
        if candidates > MAX_CANDIDATE_DAYS:
            raise TooLargeError.of(
                "solver.candidate_days", n=candidates, day=day, mb=columns_mb(candidates)
            )
        columns = []
        for am in _subsets(am_ok, q_am):
            for pm in _subsets(pm_ok, q_pm):
                if (not am and not pm) or set(am) & set(pm):
                    continue
                routed = router.route(problem, day, am, pm)
                if routed is not None:
                    columns.append(Column(routed.morning, routed.afternoon, routed.cost_m))
        out[day] = sorted(columns, key=lambda c: (c.cost_m, c.morning, c.afternoon))
    return out


def exact_model_size(problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]]) -> int:
    """An upper estimate of the exact model's day-route variables (buses x weeks x routes)."""
    q_am, q_pm = problem.sessions_per_half_day
    total = 0
    for day in problem.days:
        am = sum(1 for i in halves if (day, "morning") in halves[i])
        pm = sum(1 for i in halves if (day, "afternoon") in halves[i])
        total += _orders(am, q_am) * _orders(pm, q_pm)
    return total * problem.bus_count * problem.cycle_weeks


def candidate_days(problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]]) -> int:
    """How many (morning order, afternoon order) pairs :func:`day_columns` would time."""
    return exact_model_size(problem, halves) // (problem.bus_count * problem.cycle_weeks)


def _orders(n: int, q: int) -> int:
    """How many ordered choices of at most ``q`` of ``n`` stops (the empty one included)."""
    return sum(math.perm(n, k) for k in range(q + 1))


def _subsets(stops: list[int], q: int) -> list[tuple[int, ...]]:
    """Every set of at most ``q`` of ``stops`` (the empty one included), as sorted tuples."""
    return [c for n in range(q + 1) for c in itertools.combinations(stops, n)]

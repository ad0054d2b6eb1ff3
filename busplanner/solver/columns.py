"""Every feasible bus day per weekday (the columns of the exact models), and their size.

A column is a set of morning stops and a set of afternoon stops that one bus can hold on
one weekday, in its cheapest feasible order (``docs/model.md``, ``C(d)``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from busplanner.errors import SolverError
from busplanner.problem import PlanningProblem
from busplanner.timing import feasible_halves, time_route

MAX_CANDIDATE_DAYS = 2_000_000
"""Above this many candidate day routes to time, the exact model is refused as too large."""

MAX_EXACT_DAY_VARS = 40_000
"""Above this many day-route variables, the decomposition is used instead of the exact model."""


@dataclass(frozen=True)
class Column:
    """A feasible bus day on one weekday: its stop sets, best order, cost in metres."""

    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    cost_m: int


def day_columns(
    problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]] | None = None
) -> dict[str, list[Column]]:
    """Every feasible bus day per weekday, keeping the cheapest order of each stop set.

    Raises
    ------
    SolverError
        If there are too many candidate days for the exact model.
    """
    q_am, q_pm = problem.sessions_per_half_day
    if halves is None:
        halves = feasible_halves(problem)
    out: dict[str, list[Column]] = {}
    for day in problem.days:
        am_ok = [i for i in sorted(halves) if (day, "morning") in halves[i]]
        pm_ok = [i for i in sorted(halves) if (day, "afternoon") in halves[i]]
        am_seqs = [s for n in range(q_am + 1) for s in itertools.permutations(am_ok, n)]
        pm_seqs = [s for n in range(q_pm + 1) for s in itertools.permutations(pm_ok, n)]
        if len(am_seqs) * len(pm_seqs) > MAX_CANDIDATE_DAYS:
            msg = (
                f"{len(am_seqs) * len(pm_seqs):,} candidate days on {day}: too many for the "
                "exact model (shorter sessions allow many stops per half-day); "
                "reduce the number of stops or lengthen the sessions"
            )
            raise SolverError(msg)
        best: dict[tuple[frozenset[int], frozenset[int]], Column] = {}
        for am in am_seqs:
            for pm in pm_seqs:
                if (not am and not pm) or set(am) & set(pm):
                    continue
                timed = time_route(problem, day, am, pm)
                if timed is None:
                    continue
                cost = max(1, round(timed.distance_km * 1000))
                key = (frozenset(am), frozenset(pm))
                if key not in best or cost < best[key].cost_m:
                    best[key] = Column(am, pm, cost)
        out[day] = sorted(best.values(), key=lambda c: (c.cost_m, c.morning, c.afternoon))
    return out


def exact_model_size(problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]]) -> int:
    """An upper estimate of the exact model's day-route variables (buses x weeks x routes)."""
    q_am, q_pm = problem.sessions_per_half_day

    def seqs(n: int, q: int) -> int:
        return sum(math.perm(n, k) for k in range(q + 1))

    total = 0
    for day in problem.days:
        am = sum(1 for i in halves if (day, "morning") in halves[i])
        pm = sum(1 for i in halves if (day, "afternoon") in halves[i])
        total += seqs(am, q_am) * seqs(pm, q_pm)
    return total * problem.bus_count * problem.cycle_weeks

"""A first solution of the week-by-week model, feasible by construction (its greedy start)."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from collections.abc import Callable

from busplanner.problem import PlanningProblem
from busplanner.solver.columns import Column
from busplanner.solver.records import HALVES, XKey, YKey


def greedy_start(
    p: PlanningProblem, columns: dict[str, list[Column]], x_keys: list[XKey]
) -> tuple[set[XKey], set[YKey]]:
    """A first solution, feasible by construction: every stop (heaviest first) gets one visit
    in the first pattern that keeps every bus day it touches feasible; then, heaviest first,
    each moves up to the most visits that still fit.

    CP-SAT gets it as a hint (it finds full-service solutions slowly on its own) and it is
    the answer when CP-SAT finds nothing within the time limit.

    Parameters
    ----------
    p
        The planning problem.
    columns
        The feasible bus days per weekday: a bus day may only hold one of these.
    x_keys
        The patterns the model may choose, one key per pattern of every stop.

    Returns
    -------
    tuple of set
        The chosen patterns (at most one per stop) and the chosen day routes (at most one
        per bus, week and day), each holding exactly the stops whose patterns land on it.
    """
    weeks = p.cycle_weeks
    col_index = {
        day: {(frozenset(c.morning), frozenset(c.afternoon)): ci for ci, c in enumerate(cols)}
        for day, cols in columns.items()
    }
    q = dict(zip(HALVES, p.sessions_per_half_day, strict=True))
    content: dict[tuple[int, int, str], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    chosen: set[XKey] = set()
    candidates: dict[int, list[XKey]] = defaultdict(list)
    for key in x_keys:
        candidates[key.stop].append(key)

    def fits(key: XKey) -> bool:
        h = HALVES.index(key.half)
        for w in range(key.first_week, weeks, weeks // key.visits):
            sets = [set(part) for part in content[(key.bus, w, key.day)]]
            if len(sets[h]) >= q[key.half]:
                return False
            sets[h].add(key.stop)
            if (frozenset(sets[0]), frozenset(sets[1])) not in col_index[key.day]:
                return False
        return True

    def place(key: XKey, add: bool) -> None:
        for w in range(key.first_week, weeks, weeks // key.visits):
            part = content[(key.bus, w, key.day)][HALVES.index(key.half)]
            if add:
                part.add(key.stop)
            else:
                part.discard(key.stop)

    def ranked(i: int, levels: Callable[[int], bool]) -> list[XKey]:
        # Most visits first, then bus, weekday, half-day and first week: a fixed order.
        return sorted(
            (k for k in candidates[i] if levels(k.visits)),
            key=lambda k: (-k.visits, k.bus, p.days.index(k.day), k.half, k.first_week),
        )

    order = sorted(p.stops, key=lambda s: (-s.demand_weight, s.id))
    # Pass 1: every stop one visit per cycle first (as the objective ranks first visits).
    for s in order:
        for key in ranked(s.index, lambda visits: visits == 1):
            if fits(key):
                place(key, True)
                chosen.add(key)
                break
    # Pass 2: heaviest stops first, move up to the most visits that still fit.
    for s in order:
        current = next((key for key in chosen if key.stop == s.index), None)
        if current is not None:
            place(current, False)
        have = current.visits if current else 0
        for key in ranked(s.index, functools.partial(operator.lt, have)):
            if fits(key):
                place(key, True)
                if current is not None:
                    chosen.discard(current)
                chosen.add(key)
                break
        else:
            if current is not None:
                place(current, True)
    picked = {
        YKey(b, w, day, col_index[day][(frozenset(am), frozenset(pm))])
        for (b, w, day), (am, pm) in content.items()
        if am or pm
    }
    return chosen, picked

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
    g = _Greedy(p, columns, x_keys)
    order = sorted(p.stops, key=lambda s: (-s.demand_weight, s.id))
    # Pass 1: every stop one visit per cycle first (as the objective ranks first visits).
    for s in order:
        for key in g.ranked(s.index, lambda visits: visits == 1):
            if g.fits(key):
                g.place(key, True)
                g.chosen.add(key)
                break
    # Pass 2: heaviest stops first, move up to the most visits that still fit.
    for s in order:
        g.more_visits(s.index)
    picked = {
        YKey(b, w, day, g.col_index[day][(frozenset(am), frozenset(pm))])
        for (b, w, day), (am, pm) in g.content.items()
        if am or pm
    }
    return g.chosen, picked


class _Greedy:
    """The greedy solution being built: what each bus day holds, the patterns chosen."""

    def __init__(
        self, p: PlanningProblem, columns: dict[str, list[Column]], x_keys: list[XKey]
    ) -> None:
        self.p = p
        self.col_index = {
            day: {(frozenset(c.morning), frozenset(c.afternoon)): ci for ci, c in enumerate(cols)}
            for day, cols in columns.items()
        }
        """Each weekday's feasible bus days, by what their morning and afternoon hold."""
        self.q = dict(zip(HALVES, p.sessions_per_half_day, strict=True))
        self.content: dict[tuple[int, int, str], tuple[set[int], set[int]]] = defaultdict(
            lambda: (set(), set())
        )
        """What each bus, week and day holds, morning and afternoon."""
        self.chosen: set[XKey] = set()
        self.candidates: dict[int, list[XKey]] = defaultdict(list)
        for key in x_keys:
            self.candidates[key.stop].append(key)

    def fits(self, key: XKey) -> bool:
        """Whether every bus day the pattern lands on stays a feasible bus day with it."""
        weeks = self.p.cycle_weeks
        h = HALVES.index(key.half)
        for w in range(key.first_week, weeks, weeks // key.visits):
            sets = [set(part) for part in self.content[(key.bus, w, key.day)]]
            if len(sets[h]) >= self.q[key.half]:
                return False
            sets[h].add(key.stop)
            if (frozenset(sets[0]), frozenset(sets[1])) not in self.col_index[key.day]:
                return False
        return True

    def place(self, key: XKey, add: bool) -> None:
        """Put the pattern's stop on (``add``) or off the bus days it lands on."""
        weeks = self.p.cycle_weeks
        for w in range(key.first_week, weeks, weeks // key.visits):
            part = self.content[(key.bus, w, key.day)][HALVES.index(key.half)]
            if add:
                part.add(key.stop)
            else:
                part.discard(key.stop)

    def ranked(self, i: int, levels: Callable[[int], bool]) -> list[XKey]:
        """Stop ``i``'s patterns whose visits ``levels`` accepts, in a fixed order: most
        visits first, then bus, weekday, half-day and first week."""
        p = self.p
        return sorted(
            (k for k in self.candidates[i] if levels(k.visits)),
            key=lambda k: (-k.visits, k.bus, p.days.index(k.day), k.half, k.first_week),
        )

    def more_visits(self, i: int) -> None:
        """Move stop ``i`` to the pattern of the most visits that fits (its own, when none
        of more visits does)."""
        current = next((key for key in self.chosen if key.stop == i), None)
        if current is not None:
            self.place(current, False)
        have = current.visits if current else 0
        for key in self.ranked(i, functools.partial(operator.lt, have)):
            if self.fits(key):
                self.place(key, True)
                if current is not None:
                    self.chosen.discard(current)
                self.chosen.add(key)
                return
        if current is not None:
            self.place(current, True)

"""Named records shared by the solver's modules.

What :func:`busplanner.solver.solve` hands back (:class:`Solution`, with a :class:`Pattern`
per visited stop and its :class:`DayRoute` values), in domain terms, never OR-Tools indices;
and the keys of the week-by-week model's decisions (:class:`XKey`, :class:`YKey`), which its
greedy start fills in too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

HALVES = ("morning", "afternoon")


@dataclass(frozen=True)
class Pattern:
    """When a stop is visited: bus, weekday, half-day, one visit every ``every_weeks`` weeks.

    ``first_week`` and ``bus`` are 0-based here.
    """

    bus: int
    day: str
    half_day: str
    visits: int
    every_weeks: int
    first_week: int
    start_min: int | None = None
    """The session start the solver fixed for every visit, or ``None``: then the visits'
    times are aligned after solving (:func:`busplanner.timing.align_starts`)."""

    def weeks(self) -> tuple[int, ...]:
        """0-based weeks of the cycle with a visit."""
        return tuple(
            range(
                self.first_week, self.first_week + self.visits * self.every_weeks, self.every_weeks
            )
        )


@dataclass(frozen=True)
class DayRoute:
    """The stops one bus visits one day, by travel-matrix index, in driving order."""

    bus: int
    week: int
    day: str
    morning: tuple[int, ...]
    afternoon: tuple[int, ...]


@dataclass(frozen=True)
class Solution:
    """What the solver decided, in domain terms.

    ``patterns`` maps a stop's matrix index to its pattern (absent: not visited).
    ``status`` is ``"optimal"`` (proven) or ``"feasible"``; ``objective`` and ``bound`` are
    in the model's units (metres driven plus penalties, see ``docs/model.md``); ``bound`` is
    ``None`` when none is known (decomposition, greedy fallback). ``seconds`` is wall time,
    ``work_seconds`` CP-SAT's deterministic time (what ``plan.json`` reports).
    """

    patterns: dict[int, Pattern]
    routes: tuple[DayRoute, ...]
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    work_seconds: float
    seed: int
    method: str


ProgressCallback = Callable[[float, float], None]
"""Called with (elapsed seconds, kilometres driven per cycle by the best plan so far)."""


class XKey(NamedTuple):
    """A pattern the week-by-week model may choose for a stop (its variable ``x[s, p]``).

    Stop ``stop`` (travel-matrix index) on bus ``bus``, weekday ``day``, half-day ``half``,
    ``visits`` visits per cycle, one every ``cycle_weeks // visits`` weeks from
    ``first_week``; bus and weeks 0-based.
    """

    stop: int
    bus: int
    day: str
    half: str
    visits: int
    first_week: int


class YKey(NamedTuple):
    """A day route the week-by-week model may choose (its variable ``y[b, w, d, c]``).

    Bus ``bus`` drives, in week ``week`` (0-based) on weekday ``day``, the column at index
    ``column`` of that weekday's list (:func:`busplanner.solver.columns.day_columns`).
    """

    bus: int
    week: int
    day: str
    column: int

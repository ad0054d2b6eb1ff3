"""Named records shared by the solver's modules.

What :func:`busplanner.solver.solve` hands back (:class:`Solution`, with a :class:`Pattern`
per visited stop and its :class:`DayRoute` values), in domain terms, never OR-Tools indices;
and the keys of the week-by-week model's decisions (:class:`XKey`, :class:`YKey`), which its
greedy start fills in too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from busplanner.solver.coverage import Coverage

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
    coverage: Coverage | None = None
    """How many stops and visits the buses could serve at most (:mod:`.coverage`)."""


PHASES: tuple[str, ...] = ("read", "travel", "model", "solve", "check", "write")
"""The phases of a ``plan`` run, in order: read the scenario and its territory; compute the
travel matrix; build the model; solve; re-check the plan; write the outputs. The pipeline
reports ``read``, ``travel`` and ``check``, the solver ``model`` and ``solve``, the command
line ``write``."""


@dataclass(frozen=True)
class ProgressEvent:
    """Where a run is: a phase begins (``"solve"`` also at each better plan found).

    ``elapsed_s``: seconds since the step that reports it began (for ``model`` and
    ``solve``, the solve, whose time limit counts from there). The other
    fields are ``None`` when the phase does not know them: ``best_km`` (kilometres per cycle
    of the best plan so far) and ``visits_held`` (its visits) at a better plan;
    ``visits_total`` (the visits asked for per cycle), ``stops``, ``bus_days`` (bus days of
    the cycle) and ``time_limit_s`` (the solve's wall-clock limit) from ``"model"`` on;
    ``files`` (the files being written). Carries no text: the command line words it.
    """

    phase: str
    elapsed_s: float = 0.0
    best_km: float | None = None
    visits_held: int | None = None
    visits_total: int | None = None
    stops: int | None = None
    bus_days: int | None = None
    time_limit_s: float | None = None
    files: int | None = None


ProgressCallback = Callable[[ProgressEvent], None]
"""Called with a :class:`ProgressEvent` as a run goes (it must not raise)."""


def report(on_progress: ProgressCallback | None, phase: str, t0: float, **fields: Any) -> None:
    """Call ``on_progress`` (if any) with the ``phase`` event, ``elapsed_s`` counted from
    ``t0`` (a ``time.perf_counter()`` value)."""
    if on_progress is not None:
        on_progress(ProgressEvent(phase, time.perf_counter() - t0, **fields))


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

"""Time one bus day: given the morning and afternoon stops in order, when does each thing happen.

Pure arithmetic, no solver: the solver uses it to know which day routes are feasible and
what they cost, and the plan uses it for the final times. The checker (``check.py``) does
not use it: it re-derives every rule from the plan on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from busplanner.timeutil import round_up

if TYPE_CHECKING:
    # Only a type: the problem's own module times days with this one (its frequency rule
    # counts what a bus day holds).
    from busplanner.problem import PlanningProblem, ProblemBase


@dataclass(frozen=True)
class TimedVisit:
    """A session placed in time. ``stop`` is the stop's travel-matrix index."""

    stop: int
    half_day: str
    arrival_min: int
    start_min: int
    end_min: int
    drive_min: int
    distance_km: float


@dataclass(frozen=True)
class TimedRoute:
    """A feasible bus day: depart the depot, visits, lunch break, return."""

    start_min: int
    end_min: int
    visits: tuple[TimedVisit, ...]
    break_min: tuple[int, int]
    return_drive_min: int
    return_distance_km: float

    @property
    def distance_km(self) -> float:
        """Kilometres driven, depot to depot."""
        return sum(v.distance_km for v in self.visits) + self.return_distance_km


def time_route(
    problem: PlanningProblem,
    day: str,
    morning: Sequence[int],
    afternoon: Sequence[int],
    *,
    not_before: Mapping[int, int] | None = None,
    bus: int = 0,
) -> TimedRoute | None:
    """Earliest feasible timing of a bus day, or ``None`` when the day cannot be done.

    Each session starts as early as the drive, the set-up time, its windows and the time
    step allow (and not before ``not_before[stop]`` if given). The lunch break comes after
    the last morning session: taken on arrival at the first afternoon stop (the crew leaves
    late enough not to wait), or after returning to the depot when there is no afternoon.
    The departure from the depot is put off so the crew does not wait before the first
    session.

    Parameters
    ----------
    problem
        The planning problem (matrices, windows, rules).
    day
        Weekday name.
    morning, afternoon
        Travel-matrix indices of the stops, in driving order.
    not_before
        Optional earliest session start per stop index.
    bus
        The bus (0-based): its base gives the depot, the shift and the open hours (with one
        base, every bus is the same).

    Returns
    -------
    TimedRoute or None
        The timed day, or ``None`` if a window, the lunch break or the shift cannot be kept.

    With ``[session] starts`` (``problem.preferred_starts``), each session starts at the
    first listed time at or after its earliest start, in the same half-day, when that fits;
    the day is kept so only if it stays feasible and every stop of ``not_before`` starts as
    it would without the list (else the earliest timing is returned). Which days are
    feasible, and their kilometres, do not depend on the list.
    """
    earliest = _time_route(problem, day, morning, afternoon, not_before, bus, prefer=False)
    if earliest is None or not problem.preferred_starts:
        return earliest
    preferred = _time_route(problem, day, morning, afternoon, not_before, bus, prefer=True)
    if preferred is None:
        return earliest
    nb = not_before or {}
    pairs = zip(preferred.visits, earliest.visits, strict=True)
    if any(v.start_min != e.start_min for v, e in pairs if v.stop in nb):
        return earliest
    return preferred


def _time_route(
    problem: PlanningProblem,
    day: str,
    morning: Sequence[int],
    afternoon: Sequence[int],
    not_before: Mapping[int, int] | None,
    bus: int,
    *,
    prefer: bool,
) -> TimedRoute | None:
    """:func:`time_route`'s one pass: earliest starts, or (``prefer``) the listed ones."""
    p = problem
    if not morning and not afternoon:
        return None
    base_no = p.base_number(bus) if p.bases else 0
    base = p.base_of(bus)
    if day not in base.days:
        return None
    home = base.index
    dur_m = p.travel.duration_min
    dist = p.travel.distance_km
    l0, l1, ld = p.lunch_earliest_min, p.lunch_latest_end_min, p.lunch_min
    nb = not_before or {}
    seq = [(i, "morning") for i in morning] + [(i, "afternoon") for i in afternoon]
    t = base.shift_start_min
    prev = home
    brk: tuple[int, int] | None = None
    visits: list[TimedVisit] = []
    for i, half in seq:
        drive = dur_m[prev][i]
        if half == "afternoon" and brk is None:
            # Break on arrival at this stop, leaving late enough to arrive at l0 at the earliest;
            # if that ends too late, the break before the drive, at the last morning place.
            arrival = max(t + drive, l0)
            brk = (arrival, arrival + ld)
            ready = brk[1]
            if brk[1] > l1:
                brk = (max(t, l0), max(t, l0) + ld)
                if brk[1] > l1:
                    return None
                arrival = ready = brk[1] + drive
        else:
            arrival = t + drive
            ready = arrival
        earliest = max(ready + p.setup_min, nb.get(i, 0))
        stop = p.by_index[i]
        dur = stop.session_min
        start = None
        for a, b in stop.windows_at(day, base_no):
            s = round_up(max(earliest, a), p.time_step_min)
            if s + dur <= b:
                start = s
                break
        if start is None:
            return None
        if prefer and i not in nb:
            start = _listed_start(p, stop.windows_at(day, base_no), start, dur, half)
        if half == "morning" and start + dur + p.packup_min > l1 - ld:
            return None
        visits.append(TimedVisit(i, half, arrival, start, start + dur, drive, dist[prev][i]))
        t = start + dur + p.packup_min
        prev = i
    return _home(p, base, visits, brk, t, prev)


def _home(
    p: PlanningProblem,
    base: ProblemBase,
    visits: list[TimedVisit],
    brk: tuple[int, int] | None,
    t: int,
    prev: int,
) -> TimedRoute | None:
    """The day's end: the drive back from the last stop ``prev`` (free from ``t``), the
    lunch break there when the day has none yet, and the leaving time; ``None`` past the
    shift or the lunch window."""
    home = base.index
    l0, l1, ld = p.lunch_earliest_min, p.lunch_latest_end_min, p.lunch_min
    ret_drive = p.travel.duration_min[prev][home]
    back = t + ret_drive
    if back > base.shift_end_min:
        return None
    if brk is None:
        # Lunch back at the depot; if that ends too late, before the drive back.
        bs = max(back, l0)
        brk = (bs, bs + ld)
        if brk[1] > l1:
            bs = max(t, l0)
            brk = (bs, bs + ld)
            back = brk[1] + ret_drive
            if brk[1] > l1 or back > base.shift_end_min:
                return None
    first = visits[0]
    if first.half_day == "morning":
        # No break before the first session: leave so as to arrive just in time to set up.
        visits[0] = TimedVisit(
            first.stop,
            first.half_day,
            first.start_min - p.setup_min,
            first.start_min,
            first.end_min,
            first.drive_min,
            first.distance_km,
        )
    start_min = visits[0].arrival_min - visits[0].drive_min
    return TimedRoute(
        start_min, back, tuple(visits), brk, ret_drive, p.travel.distance_km[prev][home]
    )


class BusDayStops(NamedTuple):
    """One bus day to time: weekday, morning and afternoon stops in driving order, the bus
    (0-based)."""

    day: str
    morning: Sequence[int]
    afternoon: Sequence[int]
    bus: int = 0


def align_starts(
    problem: PlanningProblem,
    days: Sequence[BusDayStops],
    fixed: Mapping[int, int] | None = None,
) -> list[TimedRoute] | None:
    """Time bus days so that a stop visited on several of them starts at one time at all.

    ``days`` are the bus days (weekday, morning and afternoon stops, bus); ``fixed`` gives
    the start some stops must keep. Each day is timed earliest first; each stop then takes
    the latest of its starts, and each day is timed again with "not before" those; a day
    keeps the aligned times only if every session of it starts exactly there, and its
    earliest times otherwise (both are feasible).

    Returns
    -------
    list of TimedRoute or None
        One timed day per entry of ``days``; ``None`` if a day cannot be timed or a stop
        visited on several days does not start at one time on all of them.
    """
    pinned = dict(fixed or {})
    earliest = [time_route(problem, d, am, pm, not_before=pinned, bus=b) for d, am, pm, b in days]
    if any(tr is None for tr in earliest):
        return None
    latest: dict[int, int] = dict(pinned)
    count: dict[int, int] = {}
    for tr in earliest:
        assert tr is not None
        for v in tr.visits:
            latest[v.stop] = max(latest.get(v.stop, 0), v.start_min)
            count[v.stop] = count.get(v.stop, 0) + 1
    out = []
    for (d, am, pm, b), tr0 in zip(days, earliest, strict=True):
        tr1 = time_route(problem, d, am, pm, not_before=latest, bus=b)
        ok = tr1 is not None and all(v.start_min == latest[v.stop] for v in tr1.visits)
        chosen = tr1 if ok else tr0
        assert chosen is not None
        out.append(chosen)
    starts: dict[int, set[int]] = {}
    for tr in out:
        for v in tr.visits:
            starts.setdefault(v.stop, set()).add(v.start_min)
    if any(len(t) > 1 for t in starts.values()) or any(
        pinned[i] not in starts.get(i, {pinned[i]}) for i in pinned
    ):
        return None
    return out


def _listed_start(
    p: PlanningProblem, windows: Sequence[tuple[int, int]], start: int, dur: int, half: str
) -> int:
    """The first ``[session] starts`` time at or after ``start`` that keeps the session in a
    window and in its half-day; ``start`` when none does."""
    l1, ld = p.lunch_latest_end_min, p.lunch_min
    for t in p.preferred_starts:
        if t < start:
            continue
        if half == "morning" and t + dur + p.packup_min > l1 - ld:
            break
        if half == "afternoon" and t < p.lunch_earliest_min:
            continue
        if any(a <= t and t + dur <= b for a, b in windows):
            return t
    return start


def feasible_halves(problem: PlanningProblem) -> dict[int, set[tuple[str, str]]]:
    """For each stop index, the (weekday, half-day) pairs where a session alone fits a day
    (of a bus of some base)."""
    out: dict[int, set[tuple[str, str]]] = {s.index: set() for s in problem.stops}
    buses = [b.buses[0] for b in problem.bases if b.buses] or [0]
    for s in problem.stops:
        for day in problem.days:
            for bus in buses:
                if time_route(problem, day, [s.index], [], bus=bus) is not None:
                    out[s.index].add((day, "morning"))
                if time_route(problem, day, [], [s.index], bus=bus) is not None:
                    out[s.index].add((day, "afternoon"))
    return out

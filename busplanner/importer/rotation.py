"""The published rotation: each day's sessions, the lunch break and the crew's shift they
leave room for, and the rotation as a ``busplanner.plan/1`` plan timed with the scenario's
travel model (``current.json``)."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from busplanner.geo import great_circle_km
from busplanner.i18n import Msg
from busplanner.importer.stops import ImportedStop
from busplanner.kpis import compute_kpis
from busplanner.plan import Break, Plan, Route, SolverInfo, Stop, TravelInfo, Visit
from busplanner.scenario import Scenario
from busplanner.timeutil import WEEKDAYS
from busplanner.travel import drive_minutes

MIDDAY = (11 * 60, 15 * 60)
"""The hours a lunch break may take: a gap between two sessions counts by its part in them."""


LUNCH_MAX_MIN = 60
"""The derived lunch break never asks for more than this."""


DEFAULT_LUNCH = (12 * 60, 14 * 60, 30)
"""Lunch window and duration (ASSUMPTION) when no published day has a midday gap."""


@dataclass(frozen=True)
class LunchRule:
    """The lunch break derived from the published midday gaps (see ``docs/import.md``).

    ``gaps`` are the midday gaps (minutes, net of the modelled drive) of the ``days_with_gap``
    published days that have one; ``days_keeping`` of them are at least ``duration_min`` long.
    ``assumed`` is true when no day has a midday gap and the default was used.
    """

    earliest_min: int
    latest_end_min: int
    duration_min: int
    days: int
    days_with_gap: int
    days_keeping: int
    gaps: tuple[int, ...]
    assumed: bool = False


class Legs:
    """The scenario's great-circle travel model between the depot (place 0) and the stops
    (1, 2, …), leg by leg: the import needs the legs of the published rounds only, not a
    matrix of every pair (a national file has thousands of stops). The values are those of
    :func:`busplanner.travel.great_circle_matrix`."""

    def __init__(self, scenario: Scenario, points: Sequence[tuple[float, float]]) -> None:
        if scenario.travel_model != "great_circle":  # pragma: no cover - the import writes it
            msg = f"the import models travel as great_circle, not {scenario.travel_model!r}"
            raise ValueError(msg)
        self.speed_kmh = scenario.speed_kmh
        self.detour_factor = scenario.detour_factor
        self.points = points

    def km(self, i: int, j: int) -> float:
        """Road kilometres from place ``i`` to place ``j``."""
        a, b = self.points[i], self.points[j]
        return round(great_circle_km(a[0], a[1], b[0], b[1]) * self.detour_factor, 3)

    def minutes(self, i: int, j: int) -> int:
        """Driving minutes from place ``i`` to place ``j``, rounded up."""
        return drive_minutes(self.km(i, j), self.speed_kmh)

    def travel_info(self) -> TravelInfo:
        """What ``plan.json`` records of the model."""
        return TravelInfo("great_circle", self.speed_kmh, self.detour_factor)


@dataclass(frozen=True)
class Session:
    stop: ImportedStop
    index: int  # place number in Legs
    start: int
    end: int


def day_sessions(stops: Sequence[ImportedStop]) -> dict[tuple[int, str], list[Session]]:
    """The published sessions of each (week, day), in start order, published ends kept."""
    out: dict[tuple[int, str], list[Session]] = defaultdict(list)
    for i, s in enumerate(stops, start=1):
        for w, end in zip(s.weeks, s.ends, strict=True):
            out[(w, s.weekday)].append(Session(s, i, s.start_min, end))
    return {
        k: sorted(v, key=lambda x: (x.start, x.stop.id))
        for k, v in sorted(out.items(), key=lambda kv: (kv[0][0], WEEKDAYS.index(kv[0][1])))
    }


def _free_gaps(sessions: list[Session], legs: Legs) -> list[tuple[int, int]]:
    """Between consecutive sessions: (arrival at the next stop, its start)."""
    return [
        (a.end + legs.minutes(a.index, b.index), b.start) for a, b in itertools.pairwise(sessions)
    ]


def derive_lunch(days: Mapping[tuple[int, str], list[Session]], legs: Legs) -> LunchRule:
    """The lunch break from the published midday gaps.

    A gap is the time between two consecutive sessions of a day, from the arrival at the
    next stop (the modelled drive) to its start; its midday part is what lies in ``MIDDAY``.
    A day's midday gap is its longest midday part. The duration is the lower quartile of the
    days' midday gaps (nearest rank), rounded down to 5 minutes, at least 5 and at most
    ``LUNCH_MAX_MIN``, so that at least three days in four keep it; the window runs from the
    earliest start to the latest end of the gaps that keep it (to 5 minutes).
    """
    gaps: list[tuple[int, int]] = []
    for sessions in days.values():
        parts = [
            (max(a, MIDDAY[0]), min(b, MIDDAY[1]))
            for a, b in _free_gaps(sessions, legs)
            if min(b, MIDDAY[1]) > max(a, MIDDAY[0])
        ]
        if parts:
            gaps.append(max(parts, key=lambda g: (g[1] - g[0], -g[0])))
    if not gaps:
        earliest, latest, duration = DEFAULT_LUNCH
        return LunchRule(earliest, latest, duration, len(days), 0, 0, (), assumed=True)
    lengths = sorted(b - a for a, b in gaps)
    quartile = lengths[max(0, math.ceil(0.25 * len(lengths)) - 1)]
    duration = max(5, min(LUNCH_MAX_MIN, quartile // 5 * 5))
    keeping = [(a, b) for a, b in gaps if b - a >= duration] or gaps
    earliest = min(a for a, _ in keeping) // 5 * 5
    latest = -(-max(b for _, b in keeping) // 5) * 5
    return LunchRule(
        earliest_min=earliest,
        latest_end_min=max(latest, earliest + duration),
        duration_min=duration,
        days=len(days),
        days_with_gap=len(gaps),
        days_keeping=sum(1 for a, b in gaps if b - a >= duration),
        gaps=tuple(lengths),
    )


def crew_shift(
    days: Mapping[tuple[int, str], list[Session]],
    legs: Legs,
    open_start: int,
    open_end: int,
) -> tuple[int, int]:
    """The crew's day every published day needs: leave in time, back after the last session."""
    leave = min(s[0].start - legs.minutes(0, s[0].index) for s in days.values())
    back = max(s[-1].end + legs.minutes(s[-1].index, 0) for s in days.values())
    return max(0, min(open_start, leave // 5 * 5)), min(24 * 60, max(open_end, -(-back // 5) * 5))


def _lunch_break(
    sessions: list[Session], legs: Legs, leave: int, back: int, sc: Scenario
) -> tuple[Break, int]:
    """The route's lunch break and how many sessions come before it.

    Candidates, each clipped to the lunch window: before leaving the depot, each gap between
    two sessions (from the arrival at the next stop to its start), after the return. The one
    that holds the break best wins (ties: a gap between sessions, then after the return).
    """
    lo, hi, length = sc.lunch_earliest_min, sc.lunch_latest_end_min, sc.lunch_min
    candidates: list[tuple[int, int, int, int, int]] = []  # room, preference, start, end, before
    for k, (a, b) in enumerate(_free_gaps(sessions, legs), start=1):
        s, e = max(a, lo), min(b, hi)
        if e > s:
            candidates.append((e - s, 2, s, e, k))
    s, e = max(back, lo), hi
    if e > s:
        candidates.append((e - s, 1, s, min(e, s + length), len(sessions)))
    s, e = lo, min(leave, hi)
    if e > s:
        candidates.append((e - s, 0, max(s, e - length), e, 0))
    if not candidates:
        start = min(back, 24 * 60 - length)
        return Break(start, start + length), len(sessions)
    _, _, start, end, before = max(candidates, key=lambda c: (min(c[0], length), c[1], c[0]))
    return Break(start, end), before


def build_plan(
    stops: tuple[ImportedStop, ...],
    days: Mapping[tuple[int, str], list[Session]],
    scenario: Scenario,
    legs: Legs,
    *,
    file: str,
    mobile: str,
) -> Plan:
    """The published rotation as a plan: published times, legs and arrivals from the model."""
    halves: dict[str, list[str]] = defaultdict(list)
    routes = [
        _route(week, day, sessions, scenario, legs, halves)
        for (week, day), sessions in days.items()
    ]
    window = ((scenario.open_start_min, scenario.open_end_min),)
    plan_stops = tuple(
        Stop(
            id=s.id,
            name=s.name,
            lon=s.lon,
            lat=s.lat,
            address=s.address,
            population=None,
            demand_weight=1.0,
            visits_per_cycle=s.visits_per_cycle,
            visits_planned=s.visits_per_cycle,
            windows=dict.fromkeys(scenario.days, window),
            weekday=s.weekday,
            half_day=Counter(halves[s.id]).most_common(1)[0][0],
            every_weeks=scenario.cycle_weeks // s.visits_per_cycle,
            first_week=s.weeks[0],
            bus=1,
            session_min=s.session_min,
        )
        for s in stops
    )
    plan = Plan(
        scenario_name=scenario.name,
        scenario_path=scenario.path,
        cycle_weeks=scenario.cycle_weeks,
        days=scenario.days,
        depot=scenario.depot,
        stops=plan_stops,
        routes=tuple(routes),
        unserved=(),
        travel=legs.travel_info(),
        kpis={},
        solver=SolverInfo(
            status="published",
            objective=None,
            bound=None,
            seconds=0.0,
            seed=0,
            method=f"imported from the published timetable {file} (mobile {mobile}) by "
            "busplanner import timetable: times as published, legs and arrivals from the "
            "scenario's travel model",
        ),
        session_min=scenario.session_min,
        warnings=(Msg("timetable.published_rotation"),),
        region=scenario.region,
    )
    return replace(plan, kpis=compute_kpis(plan, scenario))


def _route(
    week: int,
    day: str,
    sessions: list[Session],
    scenario: Scenario,
    legs: Legs,
    halves: dict[str, list[str]],
) -> Route:
    """One published day as a route: published times, the lunch break it leaves room for,
    drives and arrivals from the model; each visit's half-day added to ``halves``."""
    first, last = sessions[0], sessions[-1]
    # Clamped to the day: a timetable may start too early for its depot (the arrival
    # then comes after the start, which a check reports).
    leave = max(0, first.start - scenario.setup_min - legs.minutes(0, first.index))
    back = min(24 * 60, last.end + scenario.packup_min + legs.minutes(last.index, 0))
    brk, before = _lunch_break(sessions, legs, leave, back, scenario)
    visits = []
    prev, free_at = 0, leave
    for k, s in enumerate(sessions):
        half = "morning" if k < before else "afternoon"
        halves[s.stop.id].append(half)
        drive = legs.minutes(prev, s.index)
        visits.append(
            Visit(
                stop_id=s.stop.id,
                # After overlapping sessions late in the day, the modelled arrival may
                # fall past midnight: kept at the end of the day (a check reports it).
                arrival_min=min(24 * 60, free_at + drive),
                start_min=s.start,
                end_min=s.end,
                half_day=half,
                drive_min=drive,
                distance_km=legs.km(prev, s.index),
            )
        )
        prev, free_at = s.index, s.end + scenario.packup_min
    return Route(
        bus=1,
        week=week,
        day=day,
        start_min=leave,
        end_min=back,
        visits=tuple(visits),
        breaks=(brk,),
        return_drive_min=legs.minutes(last.index, 0),
        return_distance_km=legs.km(last.index, 0),
    )

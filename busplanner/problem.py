"""Scenario + territory + travel matrix -> a frozen Problem: what the solver must plan.

This is where the rules are turned into numbers: which communes are served, their demand
weights, how many visits each gets per cycle (the frequency rule), and the time windows a
session at each stop must lie in on each weekday (the opening-hours policy).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from busplanner.attendance.db import SessionRecord
from busplanner.attendance.demand import attendance_weights
from busplanner.errors import InfeasibleError, Problem, ScenarioError
from busplanner.geo import great_circle_km
from busplanner.i18n import Msg
from busplanner.scenario import Depot, Scenario
from busplanner.sizes import check_fits, matrix_mb
from busplanner.territory import (
    Commune,
    Interval,
    Territory,
    implausible_stops,
    unreachable_by_road,
)
from busplanner.territory import Place as _Point
from busplanner.timeutil import format_hhmm
from busplanner.timing import time_route
from busplanner.travel import DEPOT_ID, Place, TravelMatrix, build_matrix


@dataclass(frozen=True)
class Slot:
    """Where a stop sits in the rotation: weekday, half-day, weeks between visits, first week
    (1-based). What residents remember, so what ``--keep`` keeps."""

    day: str
    half_day: str
    every_weeks: int
    first_week: int
    start_min: int | None = None
    """The session's start time, when the plan gave one."""
    bus: int | None = None
    """The bus (1-based), when the plan gave one."""


@dataclass(frozen=True)
class ProblemStop:
    """A served stop as the solver sees it.

    ``index`` is its row in the travel matrix (the depot is row 0). ``windows`` maps each
    working weekday to the intervals a session must lie in (empty: no session that day).
    """

    index: int
    id: str
    name: str
    lon: float
    lat: float
    address: str
    population: int | None
    demand_weight: float
    visits_per_cycle: int
    windows: Mapping[str, tuple[Interval, ...]]
    hours: Mapping[str, tuple[Interval, ...]] | None
    session_min: int = 180
    windows_by_base: tuple[Mapping[str, tuple[Interval, ...]], ...] = ()
    """With several bases: the windows under each base's days and open hours (``windows``
    are those of ``[buses]``); empty with one base."""
    unreachable: tuple[str, ...] = ()
    """Why no bus can serve this stop, in English and French: no road reaches it (an island),
    or its position cannot be right (lat and lon swapped…); empty otherwise. Such a stop has
    no window: it is never planned, and the plan says why, first of the visits left out."""

    def windows_at(self, day: str, base: int = 0) -> tuple[Interval, ...]:
        """The intervals a session here must lie in on ``day``, for a bus of ``base``."""
        table = self.windows_by_base[base] if self.windows_by_base else self.windows
        return tuple(table.get(day, ()))


@dataclass(frozen=True)
class ProblemBase:
    """A base as the solver sees it: its depot's row in the travel matrix (0 for the first,
    after the stops for the others), its buses (0-based), and when they work."""

    index: int
    id: str
    depot: Depot
    buses: tuple[int, ...]
    days: tuple[str, ...]
    shift_start_min: int
    shift_end_min: int
    open_start_min: int
    open_end_min: int


@dataclass(frozen=True)
class PlanningProblem:
    """Everything the solver must plan, checked and in minutes and kilometres.

    What to solve only: how (time limits, seed, method) is
    :class:`busplanner.solver.SolveOptions`.
    """

    name: str
    scenario_path: str
    depot: Depot
    stops: tuple[ProblemStop, ...]
    travel: TravelMatrix
    days: tuple[str, ...]
    cycle_weeks: int
    bus_count: int
    shift_start_min: int
    shift_end_min: int
    open_start_min: int
    open_end_min: int
    session_min: int
    setup_min: int
    packup_min: int
    time_step_min: int
    lunch_earliest_min: int
    lunch_latest_end_min: int
    lunch_min: int
    opening_hours: str
    min_overlap_min: int
    sessions_per_half_day: tuple[int, int]
    warnings: tuple[str, ...] = ()
    previous: Mapping[str, Slot] = field(default_factory=dict)
    """Slots of an earlier plan to keep where possible (``plan --keep``), by stop id."""
    bases: tuple[ProblemBase, ...] = ()
    """Every base, in the scenario's order; empty means one, the depot, for every bus."""
    preferred_starts: tuple[int, ...] = ()
    """``[session] starts``: the times sessions start at when they fit (sorted)."""

    def stop(self, stop_id: str) -> ProblemStop:
        """The stop with this id."""
        for s in self.stops:
            if s.id == stop_id:
                return s
        raise KeyError(stop_id)

    def base_number(self, bus: int) -> int:
        """The number (0-based) of the base bus ``bus`` (0-based) belongs to."""
        for k, base in enumerate(self.bases):
            if bus in base.buses:
                return k
        return 0

    def base_of(self, bus: int) -> ProblemBase:
        """The base of bus ``bus`` (0-based)."""
        if not self.bases:
            return ProblemBase(
                0,
                DEPOT_ID,
                self.depot,
                tuple(range(self.bus_count)),
                self.days,
                self.shift_start_min,
                self.shift_end_min,
                self.open_start_min,
                self.open_end_min,
            )
        return self.bases[self.base_number(bus)]

    def bus_days(self) -> int:
        """Bus days of the cycle: each base's buses on its own weekdays, every week."""
        homes = self.bases or (self.base_of(0),)
        return sum(len(b.buses) * len(b.days) for b in homes) * self.cycle_weeks

    def half_day_sessions(self, base: int = 0) -> tuple[int, int]:
        """Sessions that fit a morning and an afternoon of base ``base`` (0-based), travel
        aside: its own open hours, the shortest session of any stop."""
        b = self.bases[base] if self.bases else self.base_of(0)
        return half_day_sessions(
            b.open_start_min,
            b.open_end_min,
            session_min=min((s.session_min for s in self.stops), default=self.session_min),
            setup_min=self.setup_min,
            packup_min=self.packup_min,
            lunch=(self.lunch_earliest_min, self.lunch_latest_end_min, self.lunch_min),
        )

    @cached_property
    def by_index(self) -> dict[int, ProblemStop]:
        """Stops by travel-matrix index (a sub-problem may hold only some of them)."""
        return {s.index: s for s in self.stops}


def build_problem(
    scenario: Scenario,
    territory: Territory,
    *,
    attendance: Sequence[SessionRecord] | None = None,
) -> PlanningProblem:
    """Turn a scenario and its territory into a :class:`PlanningProblem`.

    ``attendance``: the sessions of the attendance log, which a scenario whose ``[demand]
    source = "attendance"`` weighs its stops by
    (:func:`busplanner.attendance.demand.logged_sessions`); the problem does not open the log.

    Raises
    ------
    ScenarioError
        If served communes are missing from the territory, or a weight cannot be found.
    InfeasibleError
        If no session fits a working day at all (session too long for the open hours
        around the lunch break).
    TravelError
        If the routing service gives no usable travel matrix (see :mod:`busplanner.travel`).
    InputError
        If the CSV travel matrix has bad or missing rows.
    ValueError
        If the scenario weighs its stops by attendance and ``attendance`` is not given.
    """
    # Which stops, where, and how much each weighs.
    scenario = resolve_commune_names(scenario, territory)
    communes = served_communes(scenario, territory)
    misplaced = implausible_stops(communes, territory.communes, _depot_points(scenario))
    _check_depot_near(scenario, [c for c in communes if c.insee_code not in misplaced] or communes)
    weights = demand_weights(scenario, territory, communes, attendance)
    q = _sessions_or_fail(scenario, communes)
    # Islands: no road reaches them, whatever a straight line says; never planned.
    islands = (unreachable_by_road(territory), unreachable_by_road(territory, lang="fr"))
    stops = _problem_stops(scenario, communes, weights, misplaced, islands)
    # The travel matrix, then what the buses hold: the frequency rule.
    problem = _with_travel(scenario, stops, q, frozenset(islands[0]))
    fixed = _fixed_visits(scenario, territory, communes)
    capacity = bus_capacity(problem)
    stop_weights = {c.insee_code: weights[c.insee_code] for c in communes}
    targets = visit_targets(
        stop_weights,
        capacity=capacity.sessions,
        cycle_weeks=scenario.cycle_weeks,
        min_visits=scenario.min_visits_per_cycle,
        overrides=fixed,
        cost=capacity.cost,
    )
    # Fixed frequencies that take visits from other communes: said, naming both.
    fixed_costs = fixed_visit_costs(
        stop_weights,
        capacity=capacity,
        cycle_weeks=scenario.cycle_weeks,
        min_visits=scenario.min_visits_per_cycle,
        fixed=fixed,
        targets=targets,
        names={c.insee_code: c.name for c in communes},
    )
    warnings = _input_warnings(scenario, territory, communes, misplaced, islands, fixed_costs)
    return replace(
        problem,
        stops=tuple(replace(s, visits_per_cycle=targets[s.id]) for s in stops),
        warnings=(*warnings, *problem.travel.notes),
    )


Islands = tuple[Mapping[str, str], Mapping[str, str]]
"""The stops no road reaches, with why, in English and in French
(:func:`busplanner.territory.unreachable_by_road`)."""


def _sessions_or_fail(scenario: Scenario, communes: list[Commune]) -> tuple[int, int]:
    """Sessions a morning and an afternoon hold under ``[buses]``' hours (the shortest
    session counts: stops may have their own length).

    Raises
    ------
    InfeasibleError
        If no session fits a day at all.
    """
    shortest = min((c.session_min or scenario.session_min) for c in communes)
    q = sessions_per_half_day(replace(scenario, session_min=shortest))
    if sum(q) == 0:
        raise InfeasibleError(
            Msg(
                "problem.no_session_fits",
                n=scenario.session_min,
                open=f"{format_hhmm(scenario.open_start_min)}–{format_hhmm(scenario.open_end_min)}",
                lunch=scenario.lunch_min,
                earliest=format_hhmm(scenario.lunch_earliest_min),
                latest=format_hhmm(scenario.lunch_latest_end_min),
            )
        )
    return q


def _problem_stops(
    scenario: Scenario,
    communes: list[Commune],
    weights: Mapping[str, float],
    misplaced: Mapping[str, tuple[str, str]],
    islands: Islands,
) -> list[ProblemStop]:
    """The served stops, numbered from 1, with their windows (none where no bus can serve
    them, with why); their visits per cycle come later, from the frequency rule."""
    days = scenario.days
    stops = []
    for i, c in enumerate(communes, start=1):
        stop = ProblemStop(
            index=i,
            id=c.insee_code,
            name=c.name,
            lon=c.stop_lon,
            lat=c.stop_lat,
            address=c.stop_address,
            population=c.population,
            demand_weight=weights[c.insee_code],
            visits_per_cycle=0,
            windows={
                d: session_windows(scenario, c.opening_hours, d, session_min=c.session_min)
                for d in days
            },
            hours=c.opening_hours,
            session_min=c.session_min or scenario.session_min,
            windows_by_base=_base_windows(scenario, c) if len(scenario.bases) > 1 else (),
        )
        why = misplaced.get(c.insee_code)
        if why is None and c.insee_code in islands[0]:
            why = (islands[0][c.insee_code], islands[1][c.insee_code])
        if why is not None:
            stop = replace(
                stop,
                windows={d: () for d in days},
                windows_by_base=tuple({d: () for d in days} for _ in stop.windows_by_base),
                unreachable=why,
            )
        stops.append(stop)
    return stops


def _with_travel(
    scenario: Scenario,
    stops: list[ProblemStop],
    q: tuple[int, int],
    off_road: frozenset[str],
) -> PlanningProblem:
    """The problem with its bases and travel matrix (sized first against the budget)."""
    places = len(stops) + max(1, len(scenario.bases))
    check_fits(
        "sizes.matrix",
        matrix_mb(places),
        budget_mb=scenario.max_memory_mb,
        places=places,
    )
    bases = _problem_bases(scenario, len(stops))
    depots = [Place(b.id, b.depot.name, b.depot.lon, b.depot.lat) for b in bases]
    travel = build_matrix(
        scenario,
        [depots[0], *(Place(s.id, s.name, s.lon, s.lat) for s in stops), *depots[1:]],
        off_road=off_road,
    )
    return PlanningProblem(
        name=scenario.name,
        scenario_path=scenario.path,
        depot=scenario.depot,
        stops=tuple(stops),
        travel=travel,
        days=scenario.days,
        cycle_weeks=scenario.cycle_weeks,
        bus_count=scenario.bus_count,
        shift_start_min=scenario.shift_start_min,
        shift_end_min=scenario.shift_end_min,
        open_start_min=scenario.open_start_min,
        open_end_min=scenario.open_end_min,
        session_min=scenario.session_min,
        setup_min=scenario.setup_min,
        packup_min=scenario.packup_min,
        time_step_min=scenario.time_step_min,
        lunch_earliest_min=scenario.lunch_earliest_min,
        lunch_latest_end_min=scenario.lunch_latest_end_min,
        lunch_min=scenario.lunch_min,
        opening_hours=scenario.opening_hours,
        min_overlap_min=scenario.min_overlap_min,
        sessions_per_half_day=q,
        bases=bases if len(bases) > 1 else (),
        preferred_starts=scenario.session_starts,
    )


def _input_warnings(
    scenario: Scenario,
    territory: Territory,
    communes: list[Commune],
    misplaced: Mapping[str, tuple[str, str]],
    islands: Islands,
    fixed_costs: list[Msg],
) -> list[str]:
    """What the inputs call for saying before planning, most urgent first."""
    # Stops whose position cannot be right: never planned, told first.
    warnings: list[str] = [
        Msg(
            "problem.misplaced_stop",
            name=c.name,
            code=c.insee_code,
            reason=misplaced[c.insee_code][0],
        )
        for c in communes
        if c.insee_code in misplaced
    ]
    warnings += list(territory.warnings)
    warnings += fixed_costs
    cut_off = [c for c in communes if c.insee_code in islands[0]]
    if cut_off:
        warnings.append(
            Msg(
                "problem.islands",
                n=len(cut_off),
                communes=", ".join(f"{c.name} ({c.insee_code})" for c in cut_off),
            )
        )
    warnings += [
        Msg("problem.hours_unknown", name=c.name, code=c.insee_code)
        for c in communes
        if c.opening_hours is None and scenario.opening_hours != "free"
    ]
    return warnings


@dataclass(frozen=True)
class BusCapacity:
    """What the buses hold over a cycle, for the frequency rule.

    ``sessions``: every base's bus days (its own weekdays) times the sessions its open
    hours hold a day, travel aside. ``cost``: the sessions one visit to each stop takes of
    them, from the nearest base whose buses can serve it: 1 where a bus day holds as many
    sessions there as anywhere, a whole day's where the drive leaves room for that visit
    alone; a stop no bus can serve has none.
    """

    sessions: int
    cost: Mapping[str, Fraction]


def bus_capacity(problem: PlanningProblem) -> BusCapacity:
    """What the buses of ``problem`` hold over its cycle (see :class:`BusCapacity`)."""
    p = replace(problem, preferred_starts=())  # what fits a day does not depend on them
    count = max(1, len(p.bases))
    per_day = [sum(p.half_day_sessions(k)) for k in range(count)]
    homes = [p.bases[k] if p.bases else p.base_of(0) for k in range(count)]
    sessions = sum(
        len(b.buses) * p.cycle_weeks * len(b.days) * q for b, q in zip(homes, per_day, strict=True)
    )
    # A visit's share of a bus day comes from the drive: the stops as if open whenever the
    # bus is (a town hall open mornings only still leaves the afternoon to another stop).
    open_all = _open_whenever_the_bus_is(p)
    cost: dict[str, Fraction] = {}
    dur = p.travel.duration_min
    for s in p.stops:
        nearest = sorted(range(count), key=lambda k: (dur[homes[k].index][s.index], k))
        for k in nearest:
            if _fits_alone(p, s, k):
                held = _sessions_in_a_day(open_all, open_all.by_index[s.index], k)
                cost[s.id] = Fraction(per_day[k], min(max(held, 1), per_day[k]))
                break
    return BusCapacity(sessions, cost)


def _open_whenever_the_bus_is(p: PlanningProblem) -> PlanningProblem:
    """The problem with every stop that can be served at all open during each base's hours
    (its other rules kept: drives, sessions, lunch, shift)."""
    bases = p.bases or (p.base_of(0),)
    hours = [
        {d: ((b.open_start_min, b.open_end_min),) if d in b.days else () for d in p.days}
        for b in bases
    ]
    stops = tuple(
        s
        if s.unreachable
        else replace(s, windows=hours[0], windows_by_base=tuple(hours) if p.bases else ())
        for s in p.stops
    )
    return replace(p, stops=stops)


def _fits_alone(p: PlanningProblem, s: ProblemStop, base: int) -> bool:
    """Whether a bus of ``base`` can hold a session at ``s`` alone, some half-day."""
    home = p.bases[base] if p.bases else p.base_of(0)
    if not home.buses:
        return False
    bus = home.buses[0]
    return any(
        time_route(p, day, [s.index], [], bus=bus) or time_route(p, day, [], [s.index], bus=bus)
        for day in home.days
        if s.windows_at(day, base)
    )


def _sessions_in_a_day(p: PlanningProblem, s: ProblemStop, base: int) -> int:
    """The most sessions a bus of ``base`` can hold at ``s`` in one day (as if the day's other
    stops stood at the same place): how much of a bus day a visit there takes."""
    home = p.bases[base] if p.bases else p.base_of(0)
    if not home.buses:
        return 0
    bus = home.buses[0]
    q_am, q_pm = p.half_day_sessions(base)
    best = 0
    tried: set[tuple[Interval, ...]] = set()
    for day in home.days:
        windows = s.windows_at(day, base)
        if not windows or windows in tried:
            continue
        tried.add(windows)

        def fits(am: int, pm: int, day: str = day) -> bool:
            return time_route(p, day, [s.index] * am, [s.index] * pm, bus=bus) is not None

        am = 0
        while am < q_am and fits(am + 1, 0):
            am += 1
        pm = 0
        while pm < q_pm and fits(am, pm + 1):
            pm += 1
        pm_only = 0
        while pm_only < q_pm and fits(0, pm_only + 1):
            pm_only += 1
        best = max(best, am + pm, pm_only)
    return best


def base_id(k: int) -> str:
    """The id of base ``k`` (0-based) in the travel matrix and plan.json: the first is
    ``"depot"``, as with one base; the others ``"depot-2"``, ``"depot-3"``…"""
    return DEPOT_ID if k == 0 else f"{DEPOT_ID}-{k + 1}"


def _problem_bases(scenario: Scenario, stop_count: int) -> tuple[ProblemBase, ...]:
    """The scenario's bases, numbered: the first depot is row 0 of the travel matrix, the
    others come after the stops; buses are numbered in base order."""
    out = []
    first_bus = 0
    # One base: the scenario's own fields (a variant made with dataclasses.replace changes
    # them, not ``bases``).
    several = scenario.bases if len(scenario.bases) > 1 else ()
    for k, b in enumerate(several):
        out.append(
            ProblemBase(
                index=0 if k == 0 else stop_count + k,
                id=base_id(k),
                depot=b.depot,
                buses=tuple(range(first_bus, first_bus + b.buses)),
                days=b.days,
                shift_start_min=b.shift_start_min,
                shift_end_min=b.shift_end_min,
                open_start_min=b.open_start_min,
                open_end_min=b.open_end_min,
            )
        )
        first_bus += b.buses
    if not out:
        out.append(
            ProblemBase(
                0,
                DEPOT_ID,
                scenario.depot,
                tuple(range(scenario.bus_count)),
                scenario.days,
                scenario.shift_start_min,
                scenario.shift_end_min,
                scenario.open_start_min,
                scenario.open_end_min,
            )
        )
    return tuple(out)


def _base_windows(scenario: Scenario, c: Commune) -> tuple[Mapping[str, tuple[Interval, ...]], ...]:
    """A stop's session windows under each base's days and open hours."""
    out = []
    for b in scenario.bases:
        hours = replace(scenario, open_start_min=b.open_start_min, open_end_min=b.open_end_min)
        out.append(
            {
                d: session_windows(hours, c.opening_hours, d, session_min=c.session_min)
                if d in b.days
                else ()
                for d in scenario.days
            }
        )
    return tuple(out)


def sessions_per_half_day(scenario: Scenario) -> tuple[int, int]:
    """How many sessions fit a morning and an afternoon, travel aside (the ``[buses]`` hours;
    :meth:`PlanningProblem.half_day_sessions` gives each base's)."""
    return half_day_sessions(
        scenario.open_start_min,
        scenario.open_end_min,
        session_min=scenario.session_min,
        setup_min=scenario.setup_min,
        packup_min=scenario.packup_min,
        lunch=(scenario.lunch_earliest_min, scenario.lunch_latest_end_min, scenario.lunch_min),
    )


def half_day_sessions(
    open_start_min: int,
    open_end_min: int,
    *,
    session_min: int,
    setup_min: int,
    packup_min: int,
    lunch: tuple[int, int, int],
) -> tuple[int, int]:
    """How many sessions fit a morning and an afternoon of these open hours, travel aside.

    The morning runs from the opening time to the latest start of the lunch break less the
    pack-up; the afternoon from the earliest end of the lunch break plus the set-up to the
    closing time. Between two sessions of the same half-day the crew packs up and sets up
    again. ``lunch`` is the break's earliest start, latest end and length.
    """
    block = session_min
    turn = setup_min + packup_min
    lunch_earliest, lunch_latest_end, lunch_min = lunch
    # A morning session and its pack-up end before the latest start of the lunch break;
    # an afternoon session starts after the earliest end of the break and the set-up.
    am_end = lunch_latest_end - lunch_min - packup_min
    am_span = min(am_end, open_end_min) - open_start_min
    pm_start = lunch_earliest + lunch_min + setup_min
    pm_span = open_end_min - max(pm_start, open_start_min)

    def fit(span: int) -> int:
        return max(0, (span + turn) // (block + turn)) if span >= block else 0

    return fit(am_span), fit(pm_span)


def session_windows(
    scenario: Scenario,
    hours: Mapping[str, tuple[Interval, ...]] | None,
    day: str,
    *,
    session_min: int | None = None,
) -> tuple[Interval, ...]:
    """The intervals a session must lie in on ``day``, by the opening-hours policy.

    - ``free``: the bus's open hours.
    - ``inside``: the town hall's hours, clipped to the bus's open hours.
    - ``overlap``: the session must share at least ``min_overlap_min`` minutes with one
      town-hall interval; that is the same as lying inside the interval widened by
      ``duration - min_overlap`` on each side (clipped to the bus's open hours).

    Intervals shorter than a session are dropped. Under ``inside`` overlapping intervals
    are merged; under ``overlap`` they are kept apart, since a session straddling the gap
    between two openings may overlap neither by ``min_overlap_min``.
    """
    lo, hi = scenario.open_start_min, scenario.open_end_min
    dur = session_min or scenario.session_min
    if scenario.opening_hours == "free" or hours is None:
        return ((lo, hi),) if hi - lo >= dur else ()
    raw: list[Interval] = []
    for o, c in hours.get(day, ()):
        if scenario.opening_hours == "inside":
            a, b = max(o, lo), min(c, hi)
        else:
            m = scenario.min_overlap_min
            if c - o < m:
                continue
            a, b = max(lo, o - dur + m), min(hi, c + dur - m)
        if b - a >= dur:
            raw.append((a, b))
    if scenario.opening_hours == "overlap":
        return tuple(sorted(set(raw)))
    merged: list[Interval] = []
    for a, b in sorted(raw):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def visit_targets(
    weights: Mapping[str, float],
    *,
    capacity: int,
    cycle_weeks: int,
    min_visits: int = 1,
    overrides: Mapping[str, int] | None = None,
    cost: Mapping[str, Fraction] | None = None,
) -> dict[str, int]:
    """Visits per cycle for each stop: the frequency rule.

    Visits must be evenly spaced over the cycle, so a stop's count is a divisor of
    ``cycle_weeks`` (every week, every 2 weeks, every 4 weeks…). Each stop starts at
    ``min_visits`` (rounded up to such a count); the sessions left over are then handed
    out one step at a time, D'Hondt style, to the stop with the highest demand weight per
    visit after the step (``weight / next_count``), as long as the step fits in what is
    left of ``capacity``. Ties go to the lower id. Overridden stops keep their count.
    With ``cost``, a visit to a stop takes that many sessions (a whole bus day where the
    drive leaves room for no other session: :func:`bus_capacity`), and a stop it does not
    list (no bus can serve it) keeps ``min_visits`` and takes nothing.

    Parameters
    ----------
    weights
        Demand weight per stop id (positive).
    capacity
        Sessions available over the cycle.
    cycle_weeks
        Length of the cycle in weeks.
    min_visits
        Visits every stop gets first.
    overrides
        Fixed counts for some stops (each a divisor of ``cycle_weeks``, or 0).

    Returns
    -------
    dict
        Stop id -> visits per cycle.
    """
    levels = [k for k in range(1, cycle_weeks + 1) if cycle_weeks % k == 0]
    overrides = dict(overrides or {})

    def at_least(n: int) -> int:
        if n <= 0:
            return 0
        return next((k for k in levels if k >= n), levels[-1])

    one = Fraction(1)
    price = {sid: one for sid in weights} if cost is None else dict(cost)
    counts = {sid: overrides.get(sid, at_least(min_visits)) for sid in weights}
    left = capacity - sum(price[sid] * k for sid, k in counts.items() if sid in price)
    while left > 0:
        best: tuple[float, str] | None = None
        best_step = 0
        for sid in sorted(weights):
            if sid in overrides or sid not in price:
                continue
            k = counts[sid]
            nxt = next((lv for lv in levels if lv > k), None)
            if nxt is None or price[sid] * (nxt - k) > left:
                continue
            prio = weights[sid] / nxt
            if best is None or prio > best[0]:
                best, best_step = (prio, sid), nxt - k
        if best is None:
            break
        counts[best[1]] += best_step
        left -= price[best[1]] * best_step
    return counts


def fixed_visit_costs(
    weights: Mapping[str, float],
    *,
    capacity: int | BusCapacity,
    cycle_weeks: int,
    min_visits: int,
    fixed: Mapping[str, int],
    targets: Mapping[str, int],
    names: Mapping[str, str],
) -> list[Msg]:
    """One warning for each commune that gets fewer visits because of the fixed frequencies.

    The frequency rule (:func:`visit_targets`) is run again without ``fixed``: a commune
    whose count there is higher than in ``targets`` (the counts with ``fixed``) lost visits
    to the communes whose fixed count is higher than the rule alone would give them (all
    the fixed communes when none is). No fixed frequency, no warning.
    """
    if not fixed:
        return []
    sessions, cost = (
        (capacity.sessions, capacity.cost)
        if isinstance(capacity, BusCapacity)
        else (capacity, None)
    )
    free = visit_targets(
        weights, capacity=sessions, cycle_weeks=cycle_weeks, min_visits=min_visits, cost=cost
    )
    losers = [sid for sid in weights if sid not in fixed and targets[sid] < free[sid]]
    if not losers:
        return []
    takers = [sid for sid in weights if sid in fixed and fixed[sid] > free[sid]]
    takers = takers or [sid for sid in weights if sid in fixed]
    who = Msg("fixed_visits.item", name=names.get(takers[0], takers[0]), k=fixed[takers[0]])
    for k, sid in enumerate(takers[1:], start=1):
        item = Msg("fixed_visits.item", name=names.get(sid, sid), k=fixed[sid])
        key = "names.and" if k == len(takers) - 1 else "names.comma"
        who = Msg(key, a=who, b=item)
    return [
        Msg(
            "fixed_visits.takes",
            fixed=who,
            n=free[sid] - targets[sid],
            commune=names.get(sid, sid),
            got=targets[sid],
            free=free[sid],
        )
        for sid in losers
    ]


def served_communes(scenario: Scenario, territory: Territory) -> list[Commune]:
    """The communes (stops) the scenario serves: ``[served] communes``, else the territory's
    less ``exclude``.

    Raises
    ------
    ScenarioError
        A code of ``[served]`` or ``[demand.*]`` is not in the territory (named with the
        nearest one) or not served, or no commune is served.
    """
    by_code = territory.by_code()
    problems: list[Problem] = []
    if scenario.served is not None:
        for i, code in enumerate(scenario.served):
            if code not in by_code:
                problems.append(
                    Problem(scenario.path, f"[served] communes[{i}]", _unknown(code, territory))
                )
        chosen = [by_code[c] for c in scenario.served if c in by_code]
    else:
        for i, code in enumerate(scenario.excluded):
            if code not in by_code:
                problems.append(
                    Problem(scenario.path, f"[served] exclude[{i}]", _unknown(code, territory))
                )
        chosen = [c for c in territory.communes if c.insee_code not in scenario.excluded]
    for table in ("weights", "visits_per_cycle"):
        mapping = scenario.weight_overrides if table == "weights" else scenario.visits_overrides
        for code in mapping:
            if code not in {c.insee_code for c in chosen}:
                problems.append(
                    Problem(
                        scenario.path,
                        f"[demand.{table}] {code}",
                        "not a served commune: " + _unknown(code, territory)
                        if code not in by_code
                        else f"{by_code[code].name} ({code}) is not served",
                    )
                )
    if not chosen and not problems:
        problems.append(Problem(scenario.path, "[served]", "no commune is served"))
    if problems:
        raise ScenarioError(problems)
    return chosen


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SAINT = {"st": "saint", "ste": "sainte"}
_CODE = re.compile(r"^[0-9][0-9AB][0-9]*$", re.IGNORECASE)


def name_key(name: str) -> str:
    """A commune name as compared with another: without case, accents, hyphens or
    apostrophes, ``St``/``Ste`` spelt out (``"Forges la Foret"`` and ``"Forges-la-Forêt"``,
    ``"st aubin"`` and ``"Saint-Aubin"`` compare equal)."""
    text = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = _NOT_WORD.sub(" ", text).split()
    return " ".join(_SAINT.get(w, w) for w in words)


def _choices(communes: list[Commune], connector: str) -> Msg:
    """``35077 (Chelun)``, or ``35001 (A), 35002 (B) ou 35003 (C)``."""
    items = [Msg("names.code", code=c.insee_code, name=c.name) for c in communes]
    out = items[0]
    for k, item in enumerate(items[1:], start=1):
        out = Msg(connector if k == len(items) - 1 else "names.comma", a=out, b=item)
    return out


def resolve_commune_names(scenario: Scenario, territory: Territory) -> Scenario:
    """The scenario with every commune it names by name replaced by its code.

    The lists ``[served] communes`` and ``exclude`` and the tables ``[demand.weights]`` and
    ``[demand.visits_per_cycle]`` take INSEE codes (stop ids with a stops file) or a
    commune name that one commune of the territory bears (see :func:`name_key`). A code
    not in the territory is left as it is (the checks that follow name the closest code).

    Raises
    ------
    ScenarioError
        If a name is borne by several communes or by none (naming the codes to use, or the
        closest names), or two keys of a table name the same commune.
    """
    names = _Names(territory, scenario.path)
    served = (
        names.codes(scenario.served, "[served] communes") if scenario.served is not None else None
    )
    excluded = names.codes(scenario.excluded, "[served] exclude")
    weights = names.table(scenario.weight_overrides, "[demand.weights]")
    visits = names.table(scenario.visits_overrides, "[demand.visits_per_cycle]")
    if names.problems:
        raise ScenarioError(names.problems)
    if (
        served == scenario.served
        and excluded == scenario.excluded
        and weights == dict(scenario.weight_overrides)
        and visits == dict(scenario.visits_overrides)
    ):
        return scenario
    return replace(
        scenario,
        served=served,
        excluded=excluded,
        weight_overrides=weights,
        visits_overrides={k: int(v) for k, v in visits.items()},
    )


class _Names:
    """The territory's communes by code and by name (:func:`name_key`), and the problems
    met turning the scenario's names into codes (``file``: the scenario's path)."""

    def __init__(self, territory: Territory, file: str) -> None:
        self.by_code = territory.by_code()
        self.by_name: dict[str, list[Commune]] = {}
        for c in territory.communes:
            self.by_name.setdefault(name_key(c.name), []).append(c)
        self.file = file
        self.where_from = Path(territory.path).name  # the file's name, not the path read
        self.problems: list[Problem] = []

    def code_of(self, key: str, where: str) -> str:
        """The code ``key`` names: itself when a code, else the one commune of that name (a
        problem, and ``key`` as it is, when several or none bear it)."""
        if key in self.by_code:
            return key
        found = self.by_name.get(name_key(key), [])
        if len(found) == 1:
            return found[0].insee_code
        if found:
            message = Msg(
                "names.ambiguous",
                given=key,
                n=len(found),
                territory=self.where_from,
                codes=_choices(found, "names.or"),
            )
        elif _CODE.match(key):
            return key  # a code: served_communes says which code it may have meant
        else:
            close = difflib.get_close_matches(name_key(key), list(self.by_name), n=3, cutoff=0.6)
            near = [c for k in close for c in self.by_name[k]]
            message = (
                Msg(
                    "names.unknown",
                    given=key,
                    territory=self.where_from,
                    codes=_choices(near, "names.or"),
                )
                if near
                else Msg("names.unknown_no_hint", given=key, territory=self.where_from)
            )
        self.problems.append(Problem(self.file, where, message))
        return key

    def codes(self, values: tuple[str, ...], where: str) -> tuple[str, ...]:
        """A list's entries as codes (``where[i]`` naming each)."""
        return tuple(self.code_of(v, f"{where}[{i}]") for i, v in enumerate(values))

    def table(self, mapping: Mapping[str, float], where: str) -> dict[str, float]:
        """A table's keys as codes; a second key naming the same commune is a problem."""
        out: dict[str, float] = {}
        first: dict[str, str] = {}
        for key, value in mapping.items():
            code = self.code_of(key, f"{where} {key}")
            if code in first:
                name = self.by_code[code].name if code in self.by_code else code
                self.problems.append(
                    Problem(
                        self.file,
                        f"{where} {key}",
                        Msg("names.twice", given=key, other=first[code], code=code, name=name),
                    )
                )
                continue
            first[code] = key
            out[code] = value
        return out


MAX_DEPOT_KM = 150.0
"""A depot farther than this from every served stop is taken for a typing error."""


def _depot_points(scenario: Scenario) -> list[_Point]:
    """Every depot of the scenario, as points to measure the stops against."""
    depots = [b.depot for b in scenario.bases] if len(scenario.bases) > 1 else [scenario.depot]
    return [_Point(d.name, d.lon, d.lat) for d in depots]


def _check_depot_near(scenario: Scenario, communes: list[Commune]) -> None:
    """Each depot lies near some served stop: a depot far from all is a typing error."""
    several = len(scenario.bases) > 1
    depots = [b.depot for b in scenario.bases] if several else [scenario.depot]
    problems = []
    for k, d in enumerate(depots, start=1):
        nearest = min(communes, key=lambda c: great_circle_km(d.lon, d.lat, c.stop_lon, c.stop_lat))
        km = great_circle_km(d.lon, d.lat, nearest.stop_lon, nearest.stop_lat)
        if km > MAX_DEPOT_KM:
            swapped = great_circle_km(d.lat, d.lon, nearest.stop_lon, nearest.stop_lat)
            stops_swapped = (
                min(
                    great_circle_km(d.lon, d.lat, c.stop_lat, c.stop_lon)
                    for c in communes
                    if -90 <= c.stop_lon <= 90
                )
                if any(-90 <= c.stop_lon <= 90 for c in communes)
                else math.inf
            )
            hint: Msg | str = (
                Msg("problem.depot_swapped")
                if swapped < MAX_DEPOT_KM
                else Msg("problem.stops_swapped")
                if stops_swapped < MAX_DEPOT_KM
                else ""
            )
            problems.append(
                Problem(
                    scenario.path,
                    f"[depots #{k}] lat, lon" if several else "[depot] lat, lon",
                    Msg(
                        "problem.depot_far",
                        lat=d.lat,
                        lon=d.lon,
                        km=km,
                        name=nearest.name,
                        max_km=MAX_DEPOT_KM,
                        hint=hint,
                    ),
                )
            )
    if problems:
        raise ScenarioError(problems)


def _fixed_visits(
    scenario: Scenario, territory: Territory, communes: list[Commune]
) -> dict[str, int]:
    """Visits per cycle fixed by the stops file (``visits_per_cycle``) or, winning over it,
    by the scenario's ``[demand.visits_per_cycle]``; each a divisor of the cycle (or 0)."""
    weeks = scenario.cycle_weeks
    fixed: dict[str, int] = {}
    problems: list[Problem] = []
    for c in communes:
        k = c.visits_per_cycle
        if k is None or c.insee_code in scenario.visits_overrides:
            continue
        if k and weeks % k:
            divisors = ", ".join(str(d) for d in range(1, weeks + 1) if weeks % d == 0)
            problems.append(
                Problem(
                    territory.path,
                    f"{c.name} ({c.insee_code}) visits_per_cycle",
                    f"= {k}: visits must be evenly spaced over the {weeks}-week cycle of "
                    f"{scenario.path}, so expected a divisor of {weeks} ({divisors}) or 0",
                )
            )
        fixed[c.insee_code] = k
    if problems:
        raise ScenarioError(problems)
    fixed.update(scenario.visits_overrides)
    return fixed


def _unknown(code: str, territory: Territory) -> str:
    codes = [c.insee_code for c in territory.communes]
    hint = difflib.get_close_matches(code, codes, n=1)
    tip = f"; did you mean {hint[0]!r} ({territory.by_code()[hint[0]].name})?" if hint else ""
    return f"{code!r} is not in the territory {territory.path}{tip}"


def demand_weights(
    scenario: Scenario,
    territory: Territory,
    communes: list[Commune],
    attendance: Sequence[SessionRecord] | None = None,
) -> dict[str, float]:
    """Each served commune's demand weight: ``[demand.weights]``, else by ``[demand]
    source`` (the attendance log's ``attendance`` sessions, handed in, for ``"attendance"``).

    Raises
    ------
    ScenarioError
        A weight the source needs is missing or zero.
    ValueError
        The source is the attendance log and ``attendance`` is not given (a bug).
    """
    out: dict[str, float] = {}
    problems: list[Problem] = []
    observed = None
    if scenario.demand_source == "attendance":
        # The attendance log (busplanner.attendance.demand): observed visitors per public
        # hour, shrunk towards population, with a floor.
        if attendance is None:
            msg = "[demand] source = 'attendance' needs the log's sessions (logged_sessions)"
            raise ValueError(msg)
        observed = attendance_weights(scenario, communes, attendance).stops
    for c in communes:
        if c.insee_code in scenario.weight_overrides:
            out[c.insee_code] = scenario.weight_overrides[c.insee_code]
        elif observed is not None:
            out[c.insee_code] = observed[c.insee_code].weight
        elif scenario.demand_source == "equal":
            out[c.insee_code] = 1.0
        elif scenario.demand_source == "territory" and c.demand_weight:
            out[c.insee_code] = float(c.demand_weight)
        elif scenario.demand_source == "population" and c.population:
            out[c.insee_code] = float(c.population)
        else:
            what = "population" if scenario.demand_source == "population" else "demand_weight"
            problems.append(
                Problem(
                    territory.path,
                    f"{c.name} ({c.insee_code}) {what}",
                    f"missing or zero, and [demand] source = {scenario.demand_source!r} "
                    f"needs it; give a weight in {scenario.path} [demand.weights]",
                )
            )
    if problems:
        raise ScenarioError(problems)
    return out

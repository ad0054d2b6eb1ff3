"""Re-check a plan from scratch, like VROOM's ``violations``: a violated plan is a bug.

Works from the plan's own figures, the scenario and the territory only: it recomputes the
legs with its own distance formula, the session windows from the town-hall hours, the lunch
break, the shift and the visit frequencies. It shares no code with the solver or the timing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from busplanner.plan import Plan, Route, Visit
from busplanner.scenario import Scenario
from busplanner.territory import Territory


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (route or stop) and what."""

    where: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.detail}"


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    r = 6371.0088
    f1, f2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((f2 - f1) / 2) ** 2
        + math.cos(f1) * math.cos(f2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(a))


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _session_min(scenario: Scenario, territory: Territory, stop_id: str) -> int:
    commune = territory.by_code().get(stop_id)
    return (commune.session_min if commune else None) or scenario.session_min


def _windows(scenario: Scenario, territory: Territory, stop_id: str, day: str) -> list[tuple]:
    """Session windows recomputed from the rules in docs/scenario.md."""
    lo, hi = scenario.open_start_min, scenario.open_end_min
    commune = territory.by_code().get(stop_id)
    hours = None if commune is None else commune.opening_hours
    if scenario.opening_hours == "free" or hours is None:
        return [(lo, hi)]
    out = []
    for o, c in hours.get(day, ()):
        if scenario.opening_hours == "inside":
            out.append((max(lo, o), min(hi, c)))
        elif c - o >= scenario.min_overlap_min:
            widen = _session_min(scenario, territory, stop_id) - scenario.min_overlap_min
            out.append((max(lo, o - widen), min(hi, c + widen)))
    return out


def check_plan(plan: Plan, scenario: Scenario, territory: Territory) -> list[Violation]:
    """Every rule the plan breaks (an empty list for a sound plan).

    Checked: legs against the travel model; arrival, set-up, session length and pack-up in
    sequence; sessions inside the declared windows and inside the windows recomputed from
    the town-hall hours; the shift; one lunch break per route, long enough, inside its
    window, touching no drive or session, with morning sessions before it and afternoon
    ones after; one route per bus and day; each stop on one bus, weekday and half-day,
    starting at the same time at every visit (within ``[session] start_tolerance_min``),
    evenly spaced, with as many visits as declared, and every missing visit explained.
    """
    out: list[Violation] = []
    sc = scenario
    stops = {s.id: s for s in plan.stops}
    seen_days: set[tuple[int, int, str]] = set()
    for r in plan.routes:
        where = f"bus {r.bus}, week {r.week}, {r.day}"
        key = (r.bus, r.week, r.day)
        if key in seen_days:
            out.append(Violation(where, "one route per bus and day", "listed twice"))
        seen_days.add(key)
        if r.day not in plan.days or not 1 <= r.week <= plan.cycle_weeks:
            out.append(Violation(where, "day of the cycle", "not a working day of the cycle"))
        out.extend(_check_route(plan, sc, territory, r, where))
    # Frequencies and patterns.
    visits_of: dict[str, list[tuple[Route, str]]] = defaultdict(list)
    for r in plan.routes:
        for v in r.visits:
            visits_of[v.stop_id].append((r, v.half_day))
    missing: dict[str, int] = defaultdict(int)
    for u in plan.unserved:
        missing[u.stop_id] += u.missing_visits
        if not u.reason.strip():
            out.append(Violation(u.stop_id, "unserved visits explained", "no reason given"))
    for sid, s in stops.items():
        vs = visits_of.get(sid, [])
        where = f"{s.name} ({sid})"
        if len(vs) != s.visits_planned:
            out.append(
                Violation(
                    where, "visit count", f"{len(vs)} visits on routes, {s.visits_planned} declared"
                )
            )
        if s.visits_planned + missing[sid] != s.visits_per_cycle:
            out.append(
                Violation(
                    where,
                    "every visit served or explained",
                    f"{s.visits_planned} planned + {missing[sid]} unserved != "
                    f"{s.visits_per_cycle} asked",
                )
            )
        if not vs:
            continue
        slots = {(r.bus, r.day, h) for r, h in vs}
        if len(slots) != 1 or slots != {(s.bus, s.weekday, s.half_day)}:
            out.append(
                Violation(where, "same bus, weekday and half-day", f"visits on {sorted(slots)}")
            )
        starts = sorted({v.start_min for v in _visits_at(vs, sid)})
        if starts and starts[-1] - starts[0] > sc.start_tolerance_min:
            out.append(
                Violation(
                    where,
                    "same start time",
                    f"sessions start at {', '.join(_hhmm(t) for t in starts)}: "
                    f"{starts[-1] - starts[0]} min apart, more than the "
                    f"{sc.start_tolerance_min} min allowed ([session] start_tolerance_min)",
                )
            )
        weeks = sorted(r.week for r, _ in vs)
        every, first = s.every_weeks, s.first_week
        if every is None or first is None or plan.cycle_weeks % len(vs) != 0:
            out.append(Violation(where, "evenly spaced", f"weeks {weeks}"))
            continue
        expected = list(range(first, plan.cycle_weeks + 1, every))
        if weeks != expected or every * len(vs) != plan.cycle_weeks:
            out.append(
                Violation(
                    where, "evenly spaced", f"weeks {weeks}, expected {expected} (every {every})"
                )
            )
    for sid in visits_of:
        if sid not in stops:
            out.append(Violation(sid, "known stop", "visited but not in the plan's stops"))
    return out


def _visits_at(vs: list[tuple[Route, str]], stop_id: str) -> list[Visit]:
    """The visits to one stop on the routes that hold it."""
    return [v for r, _h in vs for v in r.visits if v.stop_id == stop_id]


_Place = tuple[str, str, float, float]  # id ("depot" or the stop's), name, lon, lat


def _check_leg(
    plan: Plan, where: str, a: _Place, b: _Place, drive_min: int, distance_km: float
) -> list[Violation]:
    """A leg against the travel model: our own haversine for ``great_circle``; for a road
    source (OSRM, Valhalla, a CSV matrix), the legs the plan recorded from it."""
    label = "return leg" if b[0] == "depot" else f"leg to {b[1]}"
    t = plan.travel
    out: list[Violation] = []
    if t.model == "great_circle":
        if t.speed_kmh is None or t.detour_factor is None:
            return [Violation(where, "travel model", "great_circle without speed and detour")]
        km = _haversine_km(a[2], a[3], b[2], b[3]) * t.detour_factor
        if abs(km - distance_km) > 0.01:
            out.append(
                Violation(where, "travel model", f"{label}: {distance_km} km, model says {km:.3f}")
            )
        mins = math.ceil(km / t.speed_kmh * 60 - 1e-6)
        if abs(mins - drive_min) > 1:
            out.append(
                Violation(where, "travel model", f"{label}: {drive_min} min, model says {mins}")
            )
        return out
    recorded = {(g.from_id, g.to_id): g for g in t.legs}
    leg = recorded.get((a[0], b[0]))
    if leg is None:
        return [
            Violation(
                where,
                "travel model",
                f"{label}: {a[1]} → {b[1]} is not among the {t.model} legs recorded in the plan",
            )
        ]
    if leg.drive_min != drive_min:
        out.append(
            Violation(
                where,
                "travel model",
                f"{label}: {drive_min} min, the recorded {t.model} leg says {leg.drive_min}",
            )
        )
    if abs(leg.distance_km - distance_km) > 0.0005:
        out.append(
            Violation(
                where,
                "travel model",
                f"{label}: {distance_km} km, the recorded {t.model} leg says {leg.distance_km}",
            )
        )
    return out


def _check_route(
    plan: Plan, sc: Scenario, territory: Territory, r: Route, where: str
) -> list[Violation]:
    out: list[Violation] = []
    stops = {s.id: s for s in plan.stops}
    if len(r.breaks) != 1:
        out.append(Violation(where, "one lunch break", f"{len(r.breaks)} breaks"))
    brk = r.breaks[0] if r.breaks else None
    busy: list[tuple[int, int, str]] = []  # intervals the crew drives or works
    depot = ("depot", plan.depot.name, plan.depot.lon, plan.depot.lat)
    place = depot
    free_at = r.start_min
    if r.start_min < sc.shift_start_min:
        out.append(Violation(where, "shift", f"leaves at {_hhmm(r.start_min)}, before the shift"))
    if not r.visits:
        out.append(Violation(where, "route visits", "empty route"))
    for v in r.visits:
        s = stops.get(v.stop_id)
        if s is None:
            continue
        name = f"{s.name} at {_hhmm(v.start_min)}"
        here = (s.id, s.name, s.lon, s.lat)
        out.extend(_check_leg(plan, where, place, here, v.drive_min, v.distance_km))
        leave = v.arrival_min - v.drive_min
        if leave < free_at:
            out.append(
                Violation(
                    where,
                    "sequence",
                    f"{name}: leaves the previous place at "
                    f"{_hhmm(leave)}, busy there until {_hhmm(free_at)}",
                )
            )
        busy.append((leave, v.arrival_min, f"drive to {s.name}"))
        ready = v.arrival_min
        if brk and v.arrival_min <= brk.start_min < v.start_min:
            ready = brk.end_min  # lunch on arrival, then set-up
        if v.start_min < ready + sc.setup_min:
            out.append(Violation(where, "set-up time", f"{name}: starts before set-up ends"))
        length = _session_min(sc, territory, v.stop_id)
        if v.end_min - v.start_min != length:
            out.append(
                Violation(
                    where,
                    "session length",
                    f"{name}: {v.end_min - v.start_min} min, not {length}",
                )
            )
        busy.append((v.start_min - sc.setup_min, v.end_min + sc.packup_min, f"session {name}"))
        declared = s.windows.get(r.day, ())
        if not any(a <= v.start_min and v.end_min <= b for a, b in declared):
            out.append(Violation(where, "declared window", f"{name}: outside {declared}"))
        recomputed = _windows(sc, territory, v.stop_id, r.day)
        if not any(a <= v.start_min and v.end_min <= b for a, b in recomputed):
            out.append(
                Violation(
                    where,
                    "opening hours",
                    f"{name}: outside the windows recomputed from the town-hall hours",
                )
            )
        if brk:
            if v.half_day == "morning" and v.end_min > brk.start_min:
                out.append(Violation(where, "half-day", f"{name}: morning session after lunch"))
            if v.half_day == "afternoon" and v.start_min < brk.end_min:
                out.append(
                    Violation(where, "half-day", f"{name}: afternoon session before lunch ends")
                )
        free_at = v.end_min + sc.packup_min
        place = here
    out.extend(_check_leg(plan, where, place, depot, r.return_drive_min, r.return_distance_km))
    # The route ends on the return to the depot; the bus leaves the last place after its
    # session and pack-up (or after a lunch break taken there).
    back = max(r.end_min, free_at + r.return_drive_min)
    busy.append((back - r.return_drive_min, back, "drive back"))
    if back > sc.shift_end_min:
        out.append(Violation(where, "shift", f"back at {_hhmm(back)}, after the shift"))
    if r.end_min < free_at + r.return_drive_min:
        out.append(
            Violation(
                where,
                "route end",
                f"ends {_hhmm(r.end_min)}, back {_hhmm(free_at + r.return_drive_min)} at the "
                "earliest",
            )
        )
    if brk:
        if brk.end_min - brk.start_min < sc.lunch_min:
            out.append(
                Violation(
                    where,
                    "lunch break",
                    f"{brk.end_min - brk.start_min} min, less than {sc.lunch_min}",
                )
            )
        if brk.start_min < sc.lunch_earliest_min or brk.end_min > sc.lunch_latest_end_min:
            out.append(
                Violation(
                    where,
                    "lunch break",
                    f"{_hhmm(brk.start_min)}–{_hhmm(brk.end_min)} outside "
                    f"{_hhmm(sc.lunch_earliest_min)}–"
                    f"{_hhmm(sc.lunch_latest_end_min)}",
                )
            )
        for a, b, what in busy:
            if a < brk.end_min and brk.start_min < b:
                out.append(Violation(where, "lunch break", f"overlaps {what}"))
    return out

"""Re-check a plan from scratch, like VROOM's ``violations``: a violated plan is a bug.

Works from the plan's own figures, the scenario and the territory only: it recomputes the
legs with its own distance formula, the session windows from the town-hall hours, the lunch
break, the shift and the visit frequencies. It shares no code with the solver or the timing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from busplanner.i18n import Msg, t
from busplanner.plan import Break, Plan, Route, Stop, Visit
from busplanner.scenario import Depot, Scenario
from busplanner.territory import Territory
from busplanner.timeutil import WEEKDAYS


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (route or stop) and what."""

    where: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.detail}"


_ROUTE_WHERE = re.compile(r"^bus (\d+), week (-?\d+), (\w+)$")


def route_where(where: str, lang: str) -> str:
    """The checker's ``bus 1, week 2, tuesday`` in ``lang``; other places as they are."""
    m = _ROUTE_WHERE.match(where)
    if m is None:
        return where
    key = m[3].lower()
    day = t(key, lang) if key in WEEKDAYS else m[3]  # as reports.i18n.weekday_label
    return t("evaluate.route", lang, bus=m[1], week=m[2], day=day)


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


def _windows(
    scenario: Scenario,
    territory: Territory,
    stop_id: str,
    day: str,
    open_hours: tuple[int, int] | None = None,
) -> list[tuple]:
    """Session windows recomputed from the rules in docs/scenario.md (``open_hours``: the
    bus's base's, when it has its own)."""
    lo, hi = open_hours or (scenario.open_start_min, scenario.open_end_min)
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


@dataclass(frozen=True)
class _Work:
    """What the scenario says of one bus: its depot, days, shift and open hours."""

    depot_id: str
    depot: Depot
    days: tuple[str, ...]
    shift: tuple[int, int]
    open: tuple[int, int]


def _work_of(sc: Scenario, bus: int) -> _Work | None:
    """The scenario's rules for bus ``bus`` (1-based): its base's with several bases, the
    scenario's own fields with one; ``None`` for a bus the scenario does not have."""
    if len(sc.bases) <= 1:
        if not 1 <= bus <= sc.bus_count:
            return None
        shift, hours = (sc.shift_start_min, sc.shift_end_min), (sc.open_start_min, sc.open_end_min)
        return _Work("depot", sc.depot, sc.days, shift, hours)
    first = 1
    for k, b in enumerate(sc.bases):
        if first <= bus < first + b.buses:
            return _Work(
                "depot" if k == 0 else f"depot-{k + 1}",
                b.depot,
                b.days,
                (b.shift_start_min, b.shift_end_min),
                (b.open_start_min, b.open_end_min),
            )
        first += b.buses
    return None


def check_plan(plan: Plan, scenario: Scenario, territory: Territory) -> list[Violation]:
    """Every rule the plan breaks (an empty list for a sound plan).

    Checked: the plan against the scenario (cycle length, depot, each stop in the territory
    and served by the scenario, listed once); legs against the travel model; arrival,
    set-up, session length and pack-up in sequence; sessions inside the declared windows and
    inside the windows recomputed from the town-hall hours; the shift; one lunch break per
    route, long enough, inside its window, touching no drive or session, with morning
    sessions before it and afternoon ones after; one route per bus and day, on a working day
    of the cycle and a bus of ``[buses] count``; each stop on one bus, weekday and half-day,
    starting at the same time at every visit (within ``[session] start_tolerance_min``),
    evenly spaced, with as many visits as declared, and every missing visit explained.

    A hand-made or hand-edited plan may break anything (unknown stops, days outside the
    cycle, no breaks, zero-length sessions …): every break is reported, nothing raises.
    """
    out: list[Violation] = []
    sc = scenario
    out.extend(_check_against_scenario(plan, sc, territory))
    seen_days: set[tuple[int, int, str]] = set()
    for r in plan.routes:
        where = f"bus {r.bus}, week {r.week}, {r.day}"
        out.extend(_check_route_frame(plan, sc, r, where, seen_days))
        out.extend(_check_route(plan, sc, territory, r, where))
    # Frequencies and patterns.
    stops = {s.id: s for s in plan.stops}
    visits_of: dict[str, list[tuple[Route, str]]] = defaultdict(list)
    for r in plan.routes:
        for v in r.visits:
            visits_of[v.stop_id].append((r, v.half_day))
    missing: dict[str, int] = defaultdict(int)
    for u in plan.unserved:
        missing[u.stop_id] += u.missing_visits
        if not u.reason.strip():
            out.append(Violation(u.stop_id, "unserved visits explained", Msg("check.no_reason")))
    for sid, s in stops.items():
        out.extend(_check_stop_visits(plan, sc, s, visits_of.get(sid, []), missing[sid]))
    for sid in visits_of:
        if sid not in stops:
            out.append(Violation(sid, "known stop", Msg("check.visited_unknown")))
    return out


def _check_route_frame(
    plan: Plan, sc: Scenario, r: Route, where: str, seen_days: set[tuple[int, int, str]]
) -> list[Violation]:
    """A route's place in the plan: one per bus and day (``seen_days``: those met so far),
    on a working day of its bus, in a week of the cycle, on a bus of the scenario."""
    out: list[Violation] = []
    key = (r.bus, r.week, r.day)
    if key in seen_days:
        out.append(Violation(where, "one route per bus and day", Msg("check.listed_twice")))
    seen_days.add(key)
    work = _work_of(sc, r.bus)
    days = work.days if work is not None else sc.days
    if r.day not in plan.days or r.day not in days:
        out.append(
            Violation(
                where,
                "day of the cycle",
                Msg("check.not_working_day", day=r.day, days=", ".join(days)),
            )
        )
    if not 1 <= r.week <= min(plan.cycle_weeks, sc.cycle_weeks):
        out.append(
            Violation(
                where,
                "day of the cycle",
                Msg(
                    "check.not_a_week",
                    week=r.week,
                    weeks=min(plan.cycle_weeks, sc.cycle_weeks),
                ),
            )
        )
    if work is None:
        out.append(
            Violation(
                where,
                "bus",
                Msg("check.bus_count", bus=r.bus, n=sc.bus_count),
            )
        )
    return out


def _check_stop_visits(
    plan: Plan, sc: Scenario, s: Stop, vs: list[tuple[Route, str]], missing: int
) -> list[Violation]:
    """A stop's visits (``vs``: each route and half-day): as many as declared, every other
    one explained (``missing``), one bus, weekday and half-day, one start time, evenly
    spaced."""
    out: list[Violation] = []
    where = f"{s.name} ({s.id})"
    if len(vs) != s.visits_planned:
        out.append(
            Violation(
                where,
                "visit count",
                Msg("check.visit_count", n=len(vs), declared=s.visits_planned),
            )
        )
    if s.visits_planned + missing != s.visits_per_cycle:
        out.append(
            Violation(
                where,
                "every visit served or explained",
                Msg(
                    "check.served_or_explained",
                    planned=s.visits_planned,
                    unserved=missing,
                    asked=s.visits_per_cycle,
                ),
            )
        )
    if not vs:
        return out
    slots = {(r.bus, r.day, h) for r, h in vs}
    if len(slots) != 1 or slots != {(s.bus, s.weekday, s.half_day)}:
        out.append(
            Violation(
                where,
                "same bus, weekday and half-day",
                Msg("check.slots", slots=str(sorted(slots))),
            )
        )
    starts = sorted({v.start_min for v in _visits_at(vs, s.id)})
    if starts and starts[-1] - starts[0] > sc.start_tolerance_min:
        out.append(
            Violation(
                where,
                "same start time",
                Msg(
                    "check.start_times",
                    starts=", ".join(_hhmm(t) for t in starts),
                    apart=starts[-1] - starts[0],
                    allowed=sc.start_tolerance_min,
                ),
            )
        )
    out.extend(_check_spacing(plan, s, vs, where))
    return out


def _check_spacing(plan: Plan, s: Stop, vs: list[tuple[Route, str]], where: str) -> list[Violation]:
    """A stop's visits every ``every_weeks`` weeks from its ``first_week``, filling the
    cycle."""
    weeks = sorted(r.week for r, _ in vs)
    every, first = s.every_weeks, s.first_week
    if (
        every is None
        or first is None
        or every < 1
        or first < 1
        or plan.cycle_weeks < 1
        or plan.cycle_weeks % len(vs) != 0
    ):
        return [Violation(where, "evenly spaced", Msg("check.weeks", weeks=str(weeks)))]
    # A range, not a list: a hand-made plan may claim a cycle of billions of weeks.
    expected = range(first, plan.cycle_weeks + 1, every)
    same = len(expected) == len(weeks) and weeks == list(expected)
    if same and every * len(vs) == plan.cycle_weeks:
        return []
    shown = (
        str(list(expected))
        if len(expected) <= 60
        else f"[{expected[0]}, {expected[1]}, …, {expected[-1]}]"
    )
    return [
        Violation(
            where,
            "evenly spaced",
            Msg("check.weeks_expected", weeks=str(weeks), expected=shown, every=every),
        )
    ]


DEPOT_TOLERANCE_KM = 0.05
"""How far the plan's depot may lie from the scenario's (coordinates rounded in a file)."""


def _check_against_scenario(plan: Plan, sc: Scenario, territory: Territory) -> list[Violation]:
    """The plan's frame against the scenario: cycle, depot, and which stops it lists."""
    out: list[Violation] = []
    if plan.cycle_weeks != sc.cycle_weeks:
        out.append(
            Violation(
                "plan",
                "cycle length",
                Msg("check.cycle", n=plan.cycle_weeks, cycle=sc.cycle_weeks),
            )
        )
    for bus in sorted({r.bus for r in plan.routes} | {1}):
        work = _work_of(sc, bus)
        if work is None:
            continue  # reported with the route
        d, (pid, p) = work.depot, plan.home(bus)
        km = _haversine_km(d.lon, d.lat, p.lon, p.lat)
        if not km <= DEPOT_TOLERANCE_KM or pid != work.depot_id:  # also a NaN distance
            out.append(
                Violation(
                    "plan" if bus == 1 and not plan.bases else f"bus {bus}",
                    "depot",
                    Msg(
                        "check.depot",
                        name=p.name,
                        at=f"({p.lat}, {p.lon})",
                        km=f"{km:.2f}",
                        depot=d.name,
                        depot_at=f"({d.lat}, {d.lon})",
                    ),
                )
            )
    known = territory.by_code()
    served = set(sc.served) if sc.served is not None else set(known) - set(sc.excluded)
    seen: set[str] = set()
    for s in plan.stops:
        where = f"{s.name} ({s.id})"
        if s.id in seen:
            out.append(Violation(where, "stop listed once", Msg("check.stop_twice")))
            continue
        seen.add(s.id)
        if s.id not in known:
            out.append(
                Violation(where, "known stop", Msg("check.not_in_territory", path=territory.path))
            )
        elif s.id not in served:
            out.append(
                Violation(
                    where,
                    "served by the scenario",
                    Msg("check.not_served"),
                )
            )
    return out


def _visits_at(vs: list[tuple[Route, str]], stop_id: str) -> list[Visit]:
    """The visits to one stop on the routes that hold it."""
    return [v for r, _h in vs for v in r.visits if v.stop_id == stop_id]


_Place = tuple[str, str, float, float]  # id ("depot" or the stop's), name, lon, lat


def _check_leg(
    plan: Plan,
    where: str,
    a: _Place,
    b: _Place,
    drive_min: int,
    distance_km: float,
    *,
    returning: bool = False,
) -> list[Violation]:
    """A leg against the travel model: our own haversine for ``great_circle``; for a road
    source (OSRM, Valhalla, a CSV matrix), the legs the plan recorded from it."""
    label = Msg("check.return_leg") if returning else Msg("check.leg_to", name=b[1])
    t = plan.travel
    out: list[Violation] = []
    if t.model == "great_circle":
        if t.speed_kmh is None or t.detour_factor is None:
            return [Violation(where, "travel model", Msg("check.gc_incomplete"))]
        if not (t.speed_kmh > 0 and t.detour_factor >= 1):  # also NaN
            return [
                Violation(
                    where,
                    "travel model",
                    Msg("check.gc_bad", speed=t.speed_kmh, detour=t.detour_factor),
                )
            ]
        km = _haversine_km(a[2], a[3], b[2], b[3]) * t.detour_factor
        if abs(km - distance_km) > 0.01:
            out.append(
                Violation(
                    where,
                    "travel model",
                    Msg("check.model_km", label=label, km=distance_km, model=f"{km:.3f}"),
                )
            )
        mins = math.ceil(km / t.speed_kmh * 60 - 1e-6)
        if abs(mins - drive_min) > 1:
            out.append(
                Violation(
                    where,
                    "travel model",
                    Msg("check.model_min", label=label, n=drive_min, model=mins),
                )
            )
        return out
    recorded = {(g.from_id, g.to_id): g for g in t.legs}
    leg = recorded.get((a[0], b[0]))
    if leg is None:
        return [
            Violation(
                where,
                "travel model",
                Msg("check.leg_unknown", label=label, a=a[1], b=b[1], model=t.model),
            )
        ]
    if leg.drive_min != drive_min:
        out.append(
            Violation(
                where,
                "travel model",
                Msg("check.leg_min", label=label, n=drive_min, model=t.model, leg=leg.drive_min),
            )
        )
    if abs(leg.distance_km - distance_km) > 0.0005:
        out.append(
            Violation(
                where,
                "travel model",
                Msg(
                    "check.leg_km", label=label, km=distance_km, model=t.model, leg=leg.distance_km
                ),
            )
        )
    return out


def _check_route(
    plan: Plan, sc: Scenario, territory: Territory, r: Route, where: str
) -> list[Violation]:
    """A route's timing: the shift, each leg and visit in sequence, the drive back and the
    lunch break."""
    walk = _RouteWalk(plan, sc, territory, r, where)
    if len(r.breaks) != 1:
        walk.add("one lunch break", Msg("check.breaks", n=len(r.breaks)))
    if r.start_min < walk.shift[0]:
        walk.add("shift", Msg("check.leaves_early", time=_hhmm(r.start_min)))
    if not r.visits:
        walk.add("route visits", Msg("check.empty_route"))
    for v in r.visits:
        walk.visit(v)
    walk.back()
    if walk.brk:
        walk.lunch(walk.brk)
    return walk.out


class _RouteWalk:
    """A route checked visit by visit: where the bus is and when it is free, the intervals
    the crew drives or works (which the lunch break must not touch), what is broken."""

    def __init__(
        self, plan: Plan, sc: Scenario, territory: Territory, r: Route, where: str
    ) -> None:
        self.plan, self.sc, self.territory, self.r, self.where = plan, sc, territory, r, where
        self.out: list[Violation] = []
        self.stops = {s.id: s for s in plan.stops}
        self.brk = r.breaks[0] if r.breaks else None
        self.busy: list[tuple[int, int, str]] = []  # intervals the crew drives or works
        depot_id, home = plan.home(r.bus)
        self.depot: _Place = (depot_id, home.name, home.lon, home.lat)
        work = _work_of(sc, r.bus)
        self.shift = work.shift if work is not None else (sc.shift_start_min, sc.shift_end_min)
        self.open_hours = work.open if work is not None else None
        # The previous place; None after a stop the plan does not list (reported as "known
        # stop"): the legs to and from it cannot be measured, its times are still checked.
        self.place: _Place | None = self.depot
        self.free_at = r.start_min

    def add(self, rule: str, detail: str) -> None:
        self.out.append(Violation(self.where, rule, detail))

    def visit(self, v: Visit) -> None:
        """The leg to the visit, its set-up, session length, windows and half-day."""
        sc, brk, where = self.sc, self.brk, self.where
        s = self.stops.get(v.stop_id)
        label = s.name if s is not None else v.stop_id
        name = Msg("check.at", label=label, time=_hhmm(v.start_min))
        here = None if s is None else (s.id, s.name, s.lon, s.lat)
        if self.place is not None and here is not None:
            self.out.extend(
                _check_leg(self.plan, where, self.place, here, v.drive_min, v.distance_km)
            )
        leave = v.arrival_min - v.drive_min
        if leave < self.free_at:
            free = _hhmm(self.free_at)
            self.add("sequence", Msg("check.sequence", name=name, leave=_hhmm(leave), free=free))
        self.busy.append((leave, v.arrival_min, Msg("check.drive_to", label=label)))
        ready = v.arrival_min
        if brk and v.arrival_min <= brk.start_min < v.start_min:
            ready = brk.end_min  # lunch on arrival, then set-up
        if v.start_min < ready + sc.setup_min:
            self.add("set-up time", Msg("check.setup", name=name))
        length = _session_min(sc, self.territory, v.stop_id)
        if v.end_min - v.start_min != length:
            n = v.end_min - v.start_min
            self.add("session length", Msg("check.length", name=name, n=n, length=length))
        self.busy.append(
            (v.start_min - sc.setup_min, v.end_min + sc.packup_min, Msg("check.session", name=name))
        )
        self._windows(v, s, name)
        if brk:
            if v.half_day == "morning" and v.end_min > brk.start_min:
                self.add("half-day", Msg("check.morning_after", name=name))
            if v.half_day == "afternoon" and v.start_min < brk.end_min:
                self.add("half-day", Msg("check.afternoon_before", name=name))
        self.free_at = v.end_min + sc.packup_min
        self.place = here

    def _windows(self, v: Visit, s: Stop | None, name: str) -> None:
        """The session inside a window the plan declares, and inside one recomputed from
        the town-hall hours."""
        # A plan that declares no windows at all (a hand-made one) has none to keep; the
        # windows recomputed from the town-hall hours below still apply.
        day = self.r.day
        declared = s.windows.get(day, ()) if s is not None and s.windows else None
        if declared is not None and not any(
            a <= v.start_min and v.end_min <= b for a, b in declared
        ):
            self.add("declared window", Msg("check.declared", name=name, windows=str(declared)))
        recomputed = _windows(self.sc, self.territory, v.stop_id, day, self.open_hours)
        if not any(a <= v.start_min and v.end_min <= b for a, b in recomputed):
            self.add("opening hours", Msg("check.windows", name=name))

    def back(self) -> None:
        """The leg back to the depot, the shift's end and the route's."""
        r = self.r
        if self.place is not None:
            self.out.extend(
                _check_leg(
                    self.plan,
                    self.where,
                    self.place,
                    self.depot,
                    r.return_drive_min,
                    r.return_distance_km,
                    returning=True,
                )
            )
        # The route ends on the return to the depot; the bus leaves the last place after its
        # session and pack-up (or after a lunch break taken there).
        back = max(r.end_min, self.free_at + r.return_drive_min)
        self.busy.append((back - r.return_drive_min, back, Msg("check.drive_back")))
        if back > self.shift[1]:
            self.add("shift", Msg("check.back_late", time=_hhmm(back)))
        if r.end_min < self.free_at + r.return_drive_min:
            end, due = _hhmm(r.end_min), _hhmm(self.free_at + r.return_drive_min)
            self.add("route end", Msg("check.route_end", end=end, back=due))

    def lunch(self, brk: Break) -> None:
        """The lunch break: long enough, in its window, touching no drive or session."""
        sc = self.sc
        if brk.end_min - brk.start_min < sc.lunch_min:
            n = brk.end_min - brk.start_min
            self.add("lunch break", Msg("check.lunch_short", n=n, lunch=sc.lunch_min))
        if brk.start_min < sc.lunch_earliest_min or brk.end_min > sc.lunch_latest_end_min:
            self.add(
                "lunch break",
                Msg(
                    "check.lunch_outside",
                    lunch=f"{_hhmm(brk.start_min)}–{_hhmm(brk.end_min)}",
                    window=f"{_hhmm(sc.lunch_earliest_min)}–{_hhmm(sc.lunch_latest_end_min)}",
                ),
            )
        for a, b, what in self.busy:
            if a < brk.end_min and brk.start_min < b:
                self.add("lunch break", Msg("check.overlaps", what=what))

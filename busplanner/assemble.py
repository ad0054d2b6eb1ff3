"""Solution -> Plan: time every bus day, name what was left out and why.

The figures (``Plan.kpis``) are filled in by :func:`busplanner.kpis.compute_kpis`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from busplanner.i18n import Msg, Pair, localize
from busplanner.plan import (
    Base,
    Break,
    CoverageInfo,
    Plan,
    Route,
    SolverInfo,
    Stop,
    TravelInfo,
    Unserved,
    Visit,
)
from busplanner.problem import PlanningProblem, ProblemStop
from busplanner.solver import Pattern, Solution
from busplanner.timeutil import WEEKDAYS_FR, format_french, format_hhmm
from busplanner.timing import BusDayStops, TimedRoute, align_starts, feasible_halves

_DAY_EN = {d: d.capitalize() for d in WEEKDAYS_FR}


def assemble_plan(problem: PlanningProblem, solution: Solution) -> Plan:
    """Build the :class:`Plan` of a solution: times, stops, unserved visits (no figures yet).

    Session times are made the same on every visit of a stop where the days allow it.
    """
    timed = _time_routes(problem, solution)
    by_index = {s.index: s for s in problem.stops}
    routes = [
        route_of(dr.bus, dr.week, dr.day, tr, by_index)
        for dr, tr in zip(solution.routes, timed, strict=True)
    ]
    stops = [_stop(problem, s, solution.patterns.get(s.index)) for s in problem.stops]
    return Plan(
        scenario_name=problem.name,
        scenario_path=problem.scenario_path,
        cycle_weeks=problem.cycle_weeks,
        days=problem.days,
        depot=problem.depot,
        stops=tuple(stops),
        routes=tuple(routes),
        unserved=unserved_visits(problem, solution),
        travel=TravelInfo.from_matrix(
            problem.travel, routes, {bus + 1: b.id for b in problem.bases for bus in b.buses}
        ),
        kpis={},
        solver=_solver_info(solution),
        session_min=problem.session_min,
        warnings=(*problem.warnings, *_off_list_starts(problem, routes)),
        bases=tuple(
            Base(
                id=b.id,
                depot=b.depot,
                buses=tuple(bus + 1 for bus in b.buses),
                days=b.days,
                shift_start_min=b.shift_start_min,
                shift_end_min=b.shift_end_min,
                open_start_min=b.open_start_min,
                open_end_min=b.open_end_min,
            )
            for b in problem.bases
        ),
    )


def route_of(
    bus: int, week: int, day: str, tr: TimedRoute, by_index: Mapping[int, ProblemStop]
) -> Route:
    """A timed bus day as the plan's route (``bus`` and ``week`` 0-based; the route counts
    them from 1, and names its stops by id); also :mod:`busplanner.keep_times`'."""
    return Route(
        bus=bus + 1,
        week=week + 1,
        day=day,
        start_min=tr.start_min,
        end_min=tr.end_min,
        visits=tuple(
            Visit(
                stop_id=by_index[v.stop].id,
                arrival_min=v.arrival_min,
                start_min=v.start_min,
                end_min=v.end_min,
                half_day=v.half_day,
                drive_min=v.drive_min,
                distance_km=v.distance_km,
            )
            for v in tr.visits
        ),
        breaks=(Break(*tr.break_min),),
        return_drive_min=tr.return_drive_min,
        return_distance_km=tr.return_distance_km,
    )


def _stop(problem: PlanningProblem, s: ProblemStop, pat: Pattern | None) -> Stop:
    """A served stop as the plan lists it, with its slot (``pat``: none when not visited)."""
    return Stop(
        id=s.id,
        name=s.name,
        lon=s.lon,
        lat=s.lat,
        address=s.address,
        population=s.population,
        demand_weight=s.demand_weight,
        visits_per_cycle=s.visits_per_cycle,
        visits_planned=pat.visits if pat else 0,
        windows={d: s.windows_at(d, _base_no(problem, pat)) for d in problem.days},
        weekday=pat.day if pat else None,
        half_day=pat.half_day if pat else None,
        every_weeks=pat.every_weeks if pat else None,
        first_week=pat.first_week + 1 if pat else None,
        bus=pat.bus + 1 if pat else None,
        session_min=s.session_min,
    )


def _solver_info(solution: Solution) -> SolverInfo:
    """What the plan records of the solve: status, objective and bound in km, the gap."""
    objective_km = None if solution.objective is None else solution.objective / 1000
    bound_km = None if solution.bound is None else solution.bound / 1000
    gap = None
    if objective_km is not None and bound_km is not None and objective_km > 0:
        gap = round(max(0.0, (objective_km - bound_km) / objective_km), 6)
    return SolverInfo(
        status=solution.status,
        objective=None if objective_km is None else round(objective_km, 3),
        bound=None if bound_km is None else round(bound_km, 3),
        seconds=solution.work_seconds,
        seed=solution.seed,
        gap=gap,
        method=solution.method,
        coverage=_coverage_info(solution),
    )


def _coverage_info(solution: Solution) -> CoverageInfo | None:
    """The solver's coverage bound as the plan records it."""
    c = solution.coverage
    if c is None:
        return None
    return CoverageInfo(
        stops_bound=c.stops_bound,
        visits_bound=c.visits_bound,
        reachable=c.reachable(),
        proven=c.proven,
        method=c.method,
    )


def _off_list_starts(problem: PlanningProblem, routes: list[Route]) -> list[str]:
    """With ``[session] starts``: the stops whose sessions cannot start at a listed time."""
    listed = set(problem.preferred_starts)
    if not listed:
        return []
    names = {s.id: s.name for s in problem.stops}
    off: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for r in routes:
        for v in r.visits:
            if v.start_min not in listed:
                off[v.stop_id].add((r.day, v.start_min))
    times = Pair(
        ", ".join(format_hhmm(t) for t in sorted(listed)),
        ", ".join(format_french(t) for t in sorted(listed)),
    )
    return [
        Msg(
            "starts.off_list",
            stop=names.get(sid, sid),
            when=Pair(
                ", ".join(f"{day} {format_hhmm(t)}" for day, t in sorted(when)),
                ", ".join(f"{WEEKDAYS_FR[day]} à {format_french(t)}" for day, t in sorted(when)),
            ),
            times=times,
        )
        for sid, when in sorted(off.items())
    ]


def _base_no(problem: PlanningProblem, pat: Pattern | None) -> int:
    """The base whose hours a stop's windows follow: its bus's, with several bases."""
    return problem.base_number(pat.bus) if problem.bases and pat is not None else 0


def _time_routes(problem: PlanningProblem, solution: Solution) -> list[TimedRoute]:
    """Time each day so that a stop starts at one time at every visit (the solver made sure
    it can: :func:`busplanner.timing.align_starts`)."""
    fixed = {i: pat.start_min for i, pat in solution.patterns.items() if pat.start_min is not None}
    days = [BusDayStops(r.day, r.morning, r.afternoon, r.bus) for r in solution.routes]
    timed = align_starts(problem, days, fixed)
    if timed is None:  # the solver only hands back days it timed this way
        msg = "the solver's days cannot keep one start time per stop; a bug in busplanner"
        raise AssertionError(msg)
    return timed


def unserved_visits(problem: PlanningProblem, solution: Solution) -> tuple[Unserved, ...]:
    """Every stop with fewer visits than asked for, with one short reason naming the limit
    that binds: no bus can hold a session there in a half-day, or the buses that can have
    no room left (with the count), or (should the search fall short of the coverage bound)
    that a plan serving it exists."""
    halves = feasible_halves(problem)
    limits = _BusLimits(problem, solution)
    out = []
    for s in problem.stops:
        pat = solution.patterns.get(s.index)
        planned = pat.visits if pat else 0
        missing = s.visits_per_cycle - planned
        if missing <= 0:
            continue
        reason = _reason(problem, s, planned, bool(halves[s.index]), limits)
        out.append(Unserved(s.id, missing, reason, reason_fr=localize(reason, "fr")))
    # The stops no bus can serve (a position that cannot be right, an island) come first:
    # their reason is the one to fix first.
    cannot = {s.id for s in problem.stops if s.unreachable}
    return tuple(sorted(out, key=lambda u: u.stop_id not in cannot))


REASON_MAX_CHARS = 200
"""A reason for a stop left out names the bases that reach it while it stays this short;
past it, it counts them."""


class _BusLimits:
    """What each base's buses hold and what the plan gives them, to say why a stop is short."""

    def __init__(self, problem: PlanningProblem, solution: Solution) -> None:
        p = self.p = problem
        count = max(1, len(p.bases))
        self.homes = [p.bases[k] if p.bases else p.base_of(0) for k in range(count)]
        self.capacity = [
            len(b.buses) * p.cycle_weeks * len(b.days) * sum(p.half_day_sessions(k))
            for k, b in enumerate(self.homes)
        ]
        self.used = [0] * count
        self.holders: list[list[ProblemStop]] = [[] for _ in range(count)]
        for i, pat in sorted(solution.patterns.items()):
            k = p.base_number(pat.bus) if p.bases else 0
            self.used[k] += pat.visits
            if pat.visits:
                self.holders[k].append(p.by_index[i])
        self.coverage = solution.coverage
        self.served = sum(1 for pat in solution.patterns.values() if pat.visits)

    def reach(self, s: ProblemStop) -> list[int]:
        """The bases whose buses can hold a session at ``s`` alone in a half-day."""
        if self.coverage is not None:
            return list(self.coverage.reach.get(s.index, ()))
        return list(range(len(self.homes)))

    def nearest(self, s: ProblemStop) -> tuple[str, int]:
        """The nearest base's name and its drive to ``s`` (minutes)."""
        dur = self.p.travel.duration_min
        k = min(range(len(self.homes)), key=lambda k: (dur[self.homes[k].index][s.index], k))
        return self.homes[k].depot.name, dur[self.homes[k].index][s.index]

    def search_fell_short(self, s: ProblemStop) -> bool:
        """Whether the coverage bound's plan serves ``s`` and the plan serves fewer stops
        than the bound: the search, not the buses, left it out."""
        c = self.coverage
        return c is not None and s.index in c.covered and self.served < c.stops_bound


def _reason(
    problem: PlanningProblem, s: ProblemStop, planned: int, fits: bool, limits: _BusLimits
) -> Msg:
    """Why a stop has fewer visits than asked: one short sentence naming the binding limit."""
    p = problem
    if s.unreachable:
        return Pair(f"{s.name}: {s.unreachable[0]}", f"{s.name} : {s.unreachable[1]}")
    got = (
        Msg("unserved.got_none")
        if planned == 0
        else Msg("unserved.got_some", held=planned, asked=s.visits_per_cycle)
    )
    if not fits:
        base, drive = limits.nearest(s)
        if p.opening_hours == "free" or s.hours is None:
            return Msg("unserved.no_window", name=s.name, n=s.session_min, base=base, drive=drive)
        rule = (
            Msg("unserved.rule_inside")
            if p.opening_hours == "inside"
            else Msg("unserved.rule_overlap", m=p.min_overlap_min)
        )
        return Msg(
            "unserved.no_window_hours",
            name=s.name,
            hours=Pair(_hours_text(s.hours), _hours_text(s.hours, "fr")),
            n=s.session_min,
            rule=rule,
        )
    if planned == 0 and limits.search_fell_short(s):
        return Msg("unserved.search", name=s.name, got=got)
    bases = limits.reach(s)
    cap = sum(limits.capacity[k] for k in bases)
    used = sum(limits.used[k] for k in bases)
    key = "unserved.full" if used >= cap else "unserved.no_room"
    names = ", ".join(limits.homes[k].depot.name for k in bases)
    named = Msg(
        key,
        name=s.name,
        got=got,
        buses=Msg("unserved.buses_named", names=names),
        used=used,
        cap=cap,
    )
    if len(bases) > 1 and not _short(named):
        named = Msg(
            key,
            name=s.name,
            got=got,
            buses=Msg("unserved.buses_counted", n=len(bases)),
            used=used,
            cap=cap,
        )
    # Who holds those sessions, when they are few enough to name.
    holders = sorted(
        (o for k in bases for o in limits.holders[k] if o.id != s.id),
        key=lambda o: (-o.demand_weight, o.name),
    )
    if holders:
        who = Msg("unserved.held_by", reason=named, names=", ".join(o.name for o in holders))
        if _short(who):
            return who
    return named


def _short(reason: Msg) -> bool:
    """Whether a reason stays within :data:`REASON_MAX_CHARS` in both languages."""
    return max(len(reason), len(reason.render("fr"))) <= REASON_MAX_CHARS


def _hours_text(hours: Mapping[str, tuple[tuple[int, int], ...]], lang: str = "en") -> str:
    names = WEEKDAYS_FR if lang == "fr" else _DAY_EN
    parts = [
        f"{names[d]} " + ", ".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in iv)
        for d, iv in hours.items()
        if iv
    ]
    if not parts:
        return "jamais" if lang == "fr" else "never"
    return ("; " if lang != "fr" else " ; ").join(parts)

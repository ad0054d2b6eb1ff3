"""Solution -> Plan: time every bus day, name what was left out and why.

The figures (``Plan.kpis``) are filled in by :func:`busplanner.kpis.compute_kpis`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from busplanner.i18n import Msg, Pair
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
    routes: list[Route] = []
    for dr, tr in zip(solution.routes, timed, strict=True):
        routes.append(
            Route(
                bus=dr.bus + 1,
                week=dr.week + 1,
                day=dr.day,
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
        )
    stops = []
    for s in problem.stops:
        pat = solution.patterns.get(s.index)
        stops.append(
            Stop(
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
        )
    unserved = unserved_visits(problem, solution)
    objective_km = None if solution.objective is None else solution.objective / 1000
    bound_km = None if solution.bound is None else solution.bound / 1000
    gap = None
    if objective_km is not None and bound_km is not None and objective_km > 0:
        gap = round(max(0.0, (objective_km - bound_km) / objective_km), 6)
    return Plan(
        scenario_name=problem.name,
        scenario_path=problem.scenario_path,
        cycle_weeks=problem.cycle_weeks,
        days=problem.days,
        depot=problem.depot,
        stops=tuple(stops),
        routes=tuple(routes),
        unserved=unserved,
        travel=TravelInfo.from_matrix(
            problem.travel, routes, {bus + 1: b.id for b in problem.bases for bus in b.buses}
        ),
        kpis={},
        solver=SolverInfo(
            status=solution.status,
            objective=None if objective_km is None else round(objective_km, 3),
            bound=None if bound_km is None else round(bound_km, 3),
            seconds=solution.work_seconds,
            seed=solution.seed,
            gap=gap,
            method=solution.method,
            coverage=_coverage_info(solution),
        ),
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
    """Every stop with fewer visits than asked for, with a concrete reason."""
    halves = feasible_halves(problem)
    holders: dict[tuple[str, str], list[tuple[ProblemStop, int]]] = defaultdict(list)
    for s in problem.stops:
        pat = solution.patterns.get(s.index)
        if pat:
            holders[(pat.day, pat.half_day)].append((s, pat.visits))
    out = []
    for s in problem.stops:
        pat = solution.patterns.get(s.index)
        planned = pat.visits if pat else 0
        missing = s.visits_per_cycle - planned
        if missing <= 0:
            continue
        args = (problem, s, halves[s.index], holders, pat)
        out.append(Unserved(s.id, missing, _reason(*args), reason_fr=_reason(*args, lang="fr")))
    # The stops no bus can serve (a position that cannot be right, an island) come first:
    # their reason is the one to fix first.
    cannot = {s.id for s in problem.stops if s.unreachable}
    return tuple(sorted(out, key=lambda u: u.stop_id not in cannot))


def _reason(
    problem: PlanningProblem,
    s: ProblemStop,
    fits: set[tuple[str, str]],
    holders: Mapping[tuple[str, str], list[tuple[ProblemStop, int]]],
    pat: object,
    lang: str = "en",
) -> str:
    """Why a stop has fewer visits than asked, in plain English or French."""
    p = problem
    fr = lang == "fr"
    if s.unreachable:
        return f"{s.name} : {s.unreachable[1]}" if fr else f"{s.name}: {s.unreachable[0]}"
    dur = s.session_min
    bus_hours = f"{format_hhmm(p.open_start_min)}–{format_hhmm(p.open_end_min)}"
    day_name = WEEKDAYS_FR if fr else _DAY_EN
    days = ", ".join(day_name[d] for d in p.days)
    if not fits:
        if p.opening_hours == "free" or s.hours is None:
            if fr:
                depot = "l'une des bases" if p.bases else "le dépôt"
                return (
                    f"{s.name} : aucune séance de {dur} minutes ne tient dans les horaires du "
                    f"bus {bus_hours} le {days}, avec le trajet depuis {depot} et retour et "
                    "la pause déjeuner"
                )
            depot = "any base" if p.bases else "the depot"
            return (
                f"{s.name}: no {dur}-minute session fits the bus's hours {bus_hours} on {days} "
                f"with the drive from and back to {depot} and the lunch break"
            )
        hours = _hours_text(s.hours, lang)
        if fr:
            rule = (
                "dans ces horaires"
                if p.opening_hours == "inside"
                else f"recouvrant ces horaires d'au moins {p.min_overlap_min} min"
            )
            return (
                f"{s.name} : la mairie ouvre {hours} ; aucune séance de {dur} minutes {rule} "
                f"ne tient dans les horaires du bus {bus_hours} le {days}, avec le trajet et la "
                "pause déjeuner"
            )
        rule = (
            "inside"
            if p.opening_hours == "inside"
            else f"overlapping by at least {p.min_overlap_min} min"
        )
        return (
            f"{s.name}: the town hall opens {hours}; no {dur}-minute session {rule} these "
            f"hours fits the bus's hours {bus_hours} on {days} with the drive and the lunch break"
        )
    slots = sorted(fits, key=lambda dh: (p.days.index(dh[0]), dh[1] != "morning"))
    half_name = {"morning": "matin", "afternoon": "après-midi"} if fr else {}
    parts = []
    for day, half in slots:
        who = holders.get((day, half), [])
        names = ", ".join(
            f"{o.name} ({_freq(p.cycle_weeks, k, lang)})" for o, k in who if o.id != s.id
        )
        free = "en partie libre" if fr else "partly free"
        sep = " : " if fr else ": "
        parts.append(f"{day_name[day]} {half_name.get(half, half)}{sep}{names or free}")
    if fr:
        got = "aucune visite" if pat is None else "moins de visites que demandé"
        return (
            f"{s.name} : {got}, car les demi-journées où tient une séance de {dur} minutes sont "
            "prises par des communes de plus forte demande ou ne se combinent pas avec l'autre "
            f"séance du jour — {' ; '.join(parts)}"
        )
    got = "no visit" if pat is None else "fewer visits than asked"
    return (
        f"{s.name}: {got}, because the half-days where a {dur}-minute session fits are held by "
        f"communes of higher demand weight or cannot be combined with the other session of the "
        f"day — {'; '.join(parts)}"
    )


def _freq(weeks: int, visits: int, lang: str = "en") -> str:
    every = weeks // visits
    if lang == "fr":
        return "chaque semaine" if every == 1 else f"toutes les {every} semaines"
    return "weekly" if every == 1 else f"every {every} weeks"


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

"""Large instances: stops grouped into bus-days, each group solved exactly, then improved.

A CP-SAT assignment of stops to (bus, weekday) groups, the exact path on each group, a
repair pass, and a large-neighbourhood search over pairs of groups. Feasible, no bound
(``docs/model.md``, "Three ways to solve").
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from ortools.sat.python import cp_model

from busplanner.errors import SolverError, TooLargeError
from busplanner.geo import great_circle_km
from busplanner.problem import PlanningProblem, ProblemStop
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.exact import solve_exact
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import DayRoute, Pattern, ProgressCallback, Solution, report
from busplanner.timing import time_route

NEAREST_GROUPS = 8
"""In the decomposition, a stop may join only its nearest bus-day groups."""


class BusDay(NamedTuple):
    """A group of the decomposition: one bus (0-based) on one weekday, over the whole cycle."""

    bus: int
    day: str


def solve_decomposed(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution:
    """Large instances: group stops into bus-days, then solve each group exactly.

    1. Each stop goes to one (bus, weekday) group by a CP-SAT assignment that serves as much
       demand as the groups' session capacity allows, then keeps stops close to their
       group's centre (centres start from a sweep around the depot and are re-centred twice).
    2. Each group is a small exact model: one bus, one weekday, the whole cycle.
    3. Stops left short are tried once more in groups with sessions to spare.
    4. While the work limit lasts, pairs of nearby groups are re-solved together.
    The result is feasible but not proven optimal: no bound is reported.

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits and seed; each sub-solve gets a copy with its own share of the limits.
    halves
        Each stop's feasible (weekday, half-day) pairs.
    on_progress
        Called when the search starts, then with the first whole plan (``"solve"``).
    t0
        ``time.perf_counter()`` at the start of the solve.

    Returns
    -------
    Solution
        ``"feasible"``, objective = metres driven, no bound.

    Raises
    ------
    SolverError
        If a group has too many candidate days for the exact path, or CP-SAT fails.
    """
    p = problem
    report(on_progress, "solve", t0)
    groups = [BusDay(b, d) for b in range(p.bus_count) for d in p.days]
    deadline = t0 + options.time_limit_s
    work = options.work_limit_s
    members = _group_stops(
        p,
        options,
        halves,
        groups,
        work_limit_s=min(2.0, 0.1 * work),
        wall_s=0.3 * options.time_limit_s,
    )
    busy = max(1, sum(1 for g in groups if members[g]))
    group_work = min(2.0, max(0.2, 0.6 * work / busy))
    # Leave a tenth of the wall clock for what follows the solve (timing, re-check, figures).
    repair_until = min(deadline - 0.1 * options.time_limit_s, t0 + work)
    patterns: dict[int, Pattern] = {}
    routes: dict[BusDay, list[DayRoute]] = {}
    served: dict[BusDay, int] = {}

    def solve_group(g: BusDay, stops: list[int], groups_left: int = 1) -> Solution:
        day = g.day
        # Share what is left of the wall clock among the groups still to solve.
        share = (deadline - time.perf_counter()) / max(1, groups_left)
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=(day,), bus_count=1)
        sub_options = replace(
            options,
            work_limit_s=min(group_work, max(0.05, share)),
            time_limit_s=max(0.05, min(group_work * 3, share)),
        )
        sub_halves = {i: {dh for dh in halves[i] if dh[0] == day} for i in stops}
        return solve_exact(sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter())

    def keep(g: BusDay, sol: Solution) -> None:
        for i, pat in sol.patterns.items():
            patterns[i] = replace(pat, bus=g.bus)
        routes[g] = [replace(r, bus=g.bus) for r in sol.routes]
        served[g] = sum(pat.visits for pat in sol.patterns.values())

    todo = [g for g in groups if members[g]]
    for n, g in enumerate(todo):
        keep(g, solve_group(g, members[g], groups_left=len(todo) - n))
    if on_progress is not None:  # the first whole plan
        first = [r for rs in routes.values() for r in rs]
        report(
            on_progress,
            "solve",
            t0,
            best_km=_driven_m(p, first) / 1000,
            visits_held=sum(pat.visits for pat in patterns.values()),
            visits_total=sum(s.visits_per_cycle for s in p.stops),
        )
    # One repair pass: a stop left short tries the groups with sessions to spare.
    capacity = p.cycle_weeks * sum(p.sessions_per_half_day)
    short = [s for s in p.stops if patterns.get(s.index) is None and s.visits_per_cycle]
    for s in sorted(short, key=lambda s: (-s.demand_weight, s.id)):
        if time.perf_counter() > repair_until:
            break
        for g in sorted(
            (g for g in groups if any(dh[0] == g.day for dh in halves[s.index])),
            key=lambda g: (served.get(g, 0), g.bus, p.days.index(g.day)),
        ):
            if capacity - served.get(g, 0) < 1:
                continue
            trial = solve_group(g, [*members[g], s.index])
            if sum(pat.visits for pat in trial.patterns.values()) > served.get(g, 0):
                for i in members[g]:
                    patterns.pop(i, None)
                # The stop leaves the group it was first given (where it was not served).
                for other in groups:
                    if s.index in members[other]:
                        members[other] = [i for i in members[other] if i != s.index]
                members[g] = [*members[g], s.index]
                keep(g, trial)
                break
    _improve_pairs(
        p, options, halves, groups, members, patterns, routes, served, group_work, repair_until
    )
    all_routes = sorted(
        (r for rs in routes.values() for r in rs),
        key=lambda r: (r.week, p.days.index(r.day), r.bus),
    )
    drive_m = _driven_m(p, all_routes)
    return Solution(
        patterns=patterns,
        routes=tuple(all_routes),
        status="feasible",
        objective=float(drive_m),
        bound=None,
        seconds=round(time.perf_counter() - t0, 2),
        work_seconds=round(work, 2),
        seed=options.seed,
        method=(
            "decomposition: CP-SAT assignment of stops to bus-days, then exact CP-SAT per "
            "bus-day (no optimality bound)"
        ),
    )


def _improve_pairs(
    p: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    groups: list[BusDay],
    members: dict[BusDay, list[int]],
    patterns: dict[int, Pattern],
    routes: dict[BusDay, list[DayRoute]],
    served: dict[BusDay, int],
    group_work: float,
    until: float,
) -> None:
    """Large-neighbourhood search: re-solve two nearby groups together (the same bus on two
    weekdays, or two buses on the same weekday) and keep the result when it serves more
    demand, or as much with fewer kilometres. Runs until ``until`` (perf_counter time)."""

    def centre(g: BusDay) -> tuple[float, float]:
        pts = [p.by_index[i] for i in members[g]]
        return (sum(s.lon for s in pts) / len(pts), sum(s.lat for s in pts) / len(pts))

    def score(
        stops: list[int], pats: Mapping[int, Pattern], day_routes: list[DayRoute]
    ) -> tuple[int, float, int, int]:
        # As the models rank plans: stops visited at all, demand served, slots kept (with
        # --keep), then km.
        visited = sum(1 for i in stops if i in pats)
        demand = sum(p.by_index[i].demand_weight * pats[i].visits for i in stops if i in pats)
        changed = 0
        for i in stops:
            old = p.previous.get(p.by_index[i].id)
            pat = pats.get(i)
            if old is not None and (
                pat is None
                or (pat.day, pat.half_day, pat.every_weeks, pat.first_week + 1)
                != (old.day, old.half_day, old.every_weeks, old.first_week)
            ):
                changed += 1
        return (visited, round(demand, 6), -changed, -_driven_m(p, day_routes))

    busy = [g for g in groups if members[g]]
    pairs = [
        (g1, g2)
        for k, g1 in enumerate(busy)
        for g2 in busy[k + 1 :]
        if g1.bus == g2.bus or g1.day == g2.day
    ]
    pairs.sort(key=lambda pr: (great_circle_km(*centre(pr[0]), *centre(pr[1])), pr))
    for g1, g2 in pairs:
        if time.perf_counter() > until:
            return
        if not members[g1] or not members[g2]:
            continue
        stops = [*members[g1], *members[g2]]
        days = tuple(d for d in p.days if d in {g1.day, g2.day})
        # The sub-problem's bus 0 (and 1) stand for these real buses.
        buses = (g1.bus,) if g1.bus == g2.bus else (g1.bus, g2.bus)
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=days, bus_count=len(buses))
        sub_options = replace(
            options,
            work_limit_s=group_work,
            time_limit_s=max(0.05, min(3 * group_work, until - time.perf_counter())),
        )
        sub_halves = {i: {dh for dh in halves[i] if dh[0] in days} for i in stops}
        try:
            sol = solve_exact(
                sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter()
            )
        except (SolverError, TooLargeError):
            continue
        new_patterns = {i: replace(pat, bus=buses[pat.bus]) for i, pat in sol.patterns.items()}
        new_routes = [replace(r, bus=buses[r.bus]) for r in sol.routes]
        if score(stops, new_patterns, new_routes) <= score(
            stops, patterns, [*routes[g1], *routes[g2]]
        ):
            continue
        new_members: dict[BusDay, list[int]] = {g1: [], g2: []}
        for i in stops:
            patterns.pop(i, None)
            pat = new_patterns.get(i)
            if pat is not None:
                patterns[i] = pat
                new_members[BusDay(pat.bus, pat.day)].append(i)
            else:  # still not served: stays in the group it had
                new_members[g1 if i in members[g1] else g2].append(i)
        for g in (g1, g2):
            members[g] = sorted(new_members[g])
            routes[g] = [r for r in new_routes if (r.bus, r.day) == (g.bus, g.day)]
            served[g] = sum(patterns[i].visits for i in members[g] if i in patterns)


def _driven_m(p: PlanningProblem, routes: list[DayRoute]) -> int:
    """Metres driven by day routes, as the exact model counts them."""
    total = 0
    for r in routes:
        timed = time_route(p, r.day, r.morning, r.afternoon)
        total += round(timed.distance_km * 1000) if timed else 0
    return total


def _group_stops(
    p: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    groups: list[BusDay],
    *,
    work_limit_s: float,
    wall_s: float,
) -> dict[BusDay, list[int]]:
    """Assign each stop to one (bus, weekday) group: serve the most demand, stay compact."""
    weeks = p.cycle_weeks
    q_am, q_pm = p.sessions_per_half_day
    depot = p.depot
    # Sweep: stops by angle around the depot, cut into equal shares of visits -> centres.
    by_angle = sorted(
        p.stops,
        key=lambda s: (math.atan2(s.lat - depot.lat, s.lon - depot.lon), s.id),
    )
    total = max(1, sum(s.visits_per_cycle for s in p.stops))
    centres: dict[BusDay, tuple[float, float]] = {}
    acc = 0
    chunks: list[list[ProblemStop]] = [[] for _ in groups]
    for s in by_angle:
        chunks[min(len(groups) - 1, acc * len(groups) // total)].append(s)
        acc += s.visits_per_cycle
    for g, chunk in zip(groups, chunks, strict=True):
        pts = chunk or list(p.stops)
        centres[g] = (sum(s.lon for s in pts) / len(pts), sum(s.lat for s in pts) / len(pts))
    w_max = max(s.demand_weight for s in p.stops)
    members: dict[BusDay, list[int]] = {}
    for _round in range(2):
        model = cp_model.CpModel()
        a: dict[tuple[int, BusDay], cp_model.IntVar] = {}
        cost_terms = []
        service_terms = []
        opts: dict[int, list[BusDay]] = {}
        for s in p.stops:
            days_ok = {d for d, _h in halves[s.index]}
            # Only the nearest groups are options: keeps the model small at scale.
            ranked = sorted(
                (great_circle_km(s.lon, s.lat, *centres[g]), g.bus, p.days.index(g.day), g)
                for g in groups
                if g.day in days_ok
            )
            nearest = [g for *_key, g in ranked[:NEAREST_GROUPS]]
            opts[s.index] = nearest
            for g in nearest:
                var = model.new_bool_var(f"a_{s.id}_{g.bus}_{g.day}")
                a[(s.index, g)] = var
                km = great_circle_km(s.lon, s.lat, *centres[g])
                old = p.previous.get(s.id)
                if old is not None and old.day == g.day:
                    km = 0.0  # --keep: its earlier weekday costs nothing
                cost_terms.append(round(km * 10) * s.visits_per_cycle * var)
                w = max(1, round(1000 * s.demand_weight / w_max))
                service_terms.append(w * s.visits_per_cycle * var)
            model.add_at_most_one(a[(s.index, g)] for g in nearest)

        def only_half(s: ProblemStop, g: BusDay) -> str | None:
            hs = {h for d, h in halves[s.index] if d == g.day}
            return next(iter(hs)) if len(hs) == 1 else None

        # Greedy hint: heaviest stops first, each in its nearest group with room.
        q = {"morning": q_am, "afternoon": q_pm}
        load: dict[BusDay, int] = defaultdict(int)
        half_load: dict[tuple[BusDay, str], int] = defaultdict(int)
        hinted: set[tuple[int, BusDay]] = set()
        for s in sorted(p.stops, key=lambda s: (-s.demand_weight, s.id)):
            k = s.visits_per_cycle
            for g in opts[s.index]:
                only = only_half(s, g)
                if load[g] + k > weeks * (q_am + q_pm):
                    continue
                if only and half_load[(g, only)] + k > weeks * q[only]:
                    continue
                load[g] += k
                if only:
                    half_load[(g, only)] += k
                hinted.add((s.index, g))
                break
        for key, var in a.items():
            model.add_hint(var, 1 if key in hinted else 0)
        for g in groups:
            in_g = [(s, a[(s.index, g)]) for s in p.stops if (s.index, g) in a]
            model.add(sum(s.visits_per_cycle * v for s, v in in_g) <= weeks * (q_am + q_pm))
            for half, q_h in (("morning", q_am), ("afternoon", q_pm)):
                only_here = [(s, v) for s, v in in_g if only_half(s, g) == half]
                if only_here:
                    model.add(sum(s.visits_per_cycle * v for s, v in only_here) <= weeks * q_h)
        big = sum(round(20_000 * s.visits_per_cycle) for s in p.stops) + 1
        model.maximize(big * sum(service_terms) - sum(cost_terms))
        # One worker: deterministic, and its deterministic time tracks the wall clock.
        solver = make_solver(
            options,
            workers=1,
            work_limit_s=max(0.05, work_limit_s / 2),
            wall_limit_s=max(0.1, min(2 * work_limit_s, wall_s / 2)),
        )
        status = solve_interruptibly(solver, model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        members = {g: [] for g in groups}
        for (i, g), var in a.items():
            if solver.boolean_value(var):
                members[g].append(i)
        for g, idx in members.items():
            if idx:
                pts = [p.by_index[i] for i in idx]
                centres[g] = (
                    sum(s.lon for s in pts) / len(pts),
                    sum(s.lat for s in pts) / len(pts),
                )
    if not members:
        members = {g: [] for g in groups}
    return {g: sorted(idx) for g, idx in members.items()}

"""Large instances: stops grouped into bus-days, each group solved exactly, then improved.

A CP-SAT assignment of stops to (bus, weekday) groups, the exact path on each group, a
repair pass, and a large-neighbourhood search over pairs of groups. Feasible, no bound
(``docs/model.md``, "Three ways to solve").
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

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


_Assignment = dict[tuple[int, BusDay], cp_model.IntVar]
"""A stop (index) in a group: its CP-SAT variable."""


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
    work = options.work_limit_s
    # 1. Stops to bus-days.
    members = _group_stops(
        p,
        options,
        halves,
        groups,
        work_limit_s=min(2.0, 0.1 * work),
        wall_s=0.3 * options.time_limit_s,
    )
    d = _Decomposition(p, options, halves, groups, members, deadline=t0 + options.time_limit_s)
    # Leave a tenth of the wall clock for what follows the solve (timing, re-check, figures).
    repair_until = min(d.deadline - 0.1 * options.time_limit_s, t0 + work)
    # 2. Each group exactly, sharing the wall clock.
    todo = [g for g in groups if members[g]]
    for n, g in enumerate(todo):
        d.keep(g, d.solve_group(g, members[g], groups_left=len(todo) - n))
    if on_progress is not None:  # the first whole plan
        report(on_progress, "solve", t0, **d.figures())
    # 3. Stops left short, once more; 4. pairs of groups together.
    d.repair(repair_until)
    _improve_pairs(d, repair_until)
    return d.solution(t0=t0, work_s=work)


class _Decomposition:
    """The groups of a decomposition, their stops and what each group's solve gave."""

    def __init__(
        self,
        p: PlanningProblem,
        options: SolveOptions,
        halves: dict[int, set[tuple[str, str]]],
        groups: list[BusDay],
        members: dict[BusDay, list[int]],
        *,
        deadline: float,
    ) -> None:
        self.p, self.options, self.halves, self.groups = p, options, halves, groups
        self.members = members
        self.deadline = deadline
        busy = max(1, sum(1 for g in groups if members[g]))
        self.group_work = min(2.0, max(0.2, 0.6 * options.work_limit_s / busy))
        """Each group's work limit: a share of 60 % of the whole, from 0.2 to 2 seconds."""
        self.patterns: dict[int, Pattern] = {}
        self.routes: dict[BusDay, list[DayRoute]] = {}
        self.served: dict[BusDay, int] = {}
        """Visits per cycle each group serves."""

    def solve_group(self, g: BusDay, stops: list[int], groups_left: int = 1) -> Solution:
        """One bus on one weekday over the whole cycle, exactly, with a share of what is
        left of the wall clock."""
        p, day = self.p, g.day
        # Share what is left of the wall clock among the groups still to solve.
        share = (self.deadline - time.perf_counter()) / max(1, groups_left)
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=(day,), bus_count=1)
        sub_options = replace(
            self.options,
            work_limit_s=min(self.group_work, max(0.05, share)),
            time_limit_s=max(0.05, min(self.group_work * 3, share)),
        )
        sub_halves = {i: {dh for dh in self.halves[i] if dh[0] == day} for i in stops}
        return solve_exact(sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter())

    def figures(self) -> dict[str, float]:
        """The plan so far, as progress reports it: km, visits held and asked."""
        routes = [r for rs in self.routes.values() for r in rs]
        return {
            "best_km": _driven_m(self.p, routes) / 1000,
            "visits_held": sum(pat.visits for pat in self.patterns.values()),
            "visits_total": sum(s.visits_per_cycle for s in self.p.stops),
        }

    def solution(self, *, t0: float, work_s: float) -> Solution:
        """The groups' plans as one solution: feasible, objective = metres driven, no bound."""
        all_routes = sorted(
            (r for rs in self.routes.values() for r in rs),
            key=lambda r: (r.week, self.p.days.index(r.day), r.bus),
        )
        drive_m = _driven_m(self.p, all_routes)
        return Solution(
            patterns=self.patterns,
            routes=tuple(all_routes),
            status="feasible",
            objective=float(drive_m),
            bound=None,
            seconds=round(time.perf_counter() - t0, 2),
            work_seconds=round(work_s, 2),
            seed=self.options.seed,
            method=(
                "decomposition: CP-SAT assignment of stops to bus-days, then exact CP-SAT per "
                "bus-day (no optimality bound)"
            ),
        )

    def keep(self, g: BusDay, sol: Solution) -> None:
        """The group's plan is ``sol`` (its bus 0 is ``g``'s bus)."""
        for i, pat in sol.patterns.items():
            self.patterns[i] = replace(pat, bus=g.bus)
        self.routes[g] = [replace(r, bus=g.bus) for r in sol.routes]
        self.served[g] = sum(pat.visits for pat in sol.patterns.values())

    def repair(self, until: float) -> None:
        """One pass: a stop left short tries the groups with sessions to spare (the least
        busy first), and joins the first where the group then serves more."""
        p, groups, members, served = self.p, self.groups, self.members, self.served
        capacity = p.cycle_weeks * sum(p.sessions_per_half_day)
        short = [s for s in p.stops if self.patterns.get(s.index) is None and s.visits_per_cycle]
        for s in sorted(short, key=lambda s: (-s.demand_weight, s.id)):
            if time.perf_counter() > until:
                break
            for g in sorted(
                (g for g in groups if any(dh[0] == g.day for dh in self.halves[s.index])),
                key=lambda g: (served.get(g, 0), g.bus, p.days.index(g.day)),
            ):
                if capacity - served.get(g, 0) < 1:
                    continue
                trial = self.solve_group(g, [*members[g], s.index])
                if sum(pat.visits for pat in trial.patterns.values()) > served.get(g, 0):
                    for i in members[g]:
                        self.patterns.pop(i, None)
                    # The stop leaves the group it was first given (where it was not served).
                    for other in groups:
                        if s.index in members[other]:
                            members[other] = [i for i in members[other] if i != s.index]
                    members[g] = [*members[g], s.index]
                    self.keep(g, trial)
                    break


def _improve_pairs(d: _Decomposition, until: float) -> None:
    """Large-neighbourhood search: re-solve two nearby groups together (the same bus on two
    weekdays, or two buses on the same weekday) and keep the result when it serves more
    demand, or as much with fewer kilometres. Runs until ``until`` (perf_counter time)."""
    p, members = d.p, d.members

    def centre(g: BusDay) -> tuple[float, float]:
        pts = [p.by_index[i] for i in members[g]]
        return (sum(s.lon for s in pts) / len(pts), sum(s.lat for s in pts) / len(pts))

    busy = [g for g in d.groups if members[g]]
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
        days = tuple(day for day in p.days if day in {g1.day, g2.day})
        # The sub-problem's bus 0 (and 1) stand for these real buses.
        buses = (g1.bus,) if g1.bus == g2.bus else (g1.bus, g2.bus)
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=days, bus_count=len(buses))
        sub_options = replace(
            d.options,
            work_limit_s=d.group_work,
            time_limit_s=max(0.05, min(3 * d.group_work, until - time.perf_counter())),
        )
        sub_halves = {i: {dh for dh in d.halves[i] if dh[0] in days} for i in stops}
        try:
            sol = solve_exact(
                sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter()
            )
        except (SolverError, TooLargeError):
            continue
        new_patterns = {i: replace(pat, bus=buses[pat.bus]) for i, pat in sol.patterns.items()}
        new_routes = [replace(r, bus=buses[r.bus]) for r in sol.routes]
        if _score(p, stops, new_patterns, new_routes) <= _score(
            p, stops, d.patterns, [*d.routes[g1], *d.routes[g2]]
        ):
            continue
        _adopt(d, g1, g2, stops, new_patterns, new_routes)


def _score(
    p: PlanningProblem, stops: list[int], pats: Mapping[int, Pattern], day_routes: list[DayRoute]
) -> tuple[int, float, int, int]:
    """A plan of ``stops`` ranked as the models rank plans: stops visited at all, demand
    served, slots kept (with --keep), then km."""
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


def _adopt(
    d: _Decomposition,
    g1: BusDay,
    g2: BusDay,
    stops: list[int],
    new_patterns: dict[int, Pattern],
    new_routes: list[DayRoute],
) -> None:
    """Two groups re-solved together take their new plan: each stop goes to the group its
    pattern falls in (a stop still not served stays where it was)."""
    members, patterns = d.members, d.patterns
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
        d.routes[g] = [r for r in new_routes if (r.bus, r.day) == (g.bus, g.day)]
        d.served[g] = sum(patterns[i].visits for i in members[g] if i in patterns)


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
    """Assign each stop to one (bus, weekday) group: serve the most demand, stay compact.

    The groups' centres start from a sweep around the depot; the assignment is made twice,
    the centres moved to their stops' in between.
    """
    centres = _sweep_centres(p, groups)
    members: dict[BusDay, list[int]] = {}
    for _round in range(2):
        found = _assign(
            p, options, halves, groups, centres, work_limit_s=work_limit_s, wall_s=wall_s
        )
        if found is None:
            break
        members = found
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


def _sweep_centres(p: PlanningProblem, groups: list[BusDay]) -> dict[BusDay, tuple[float, float]]:
    """Sweep: stops by angle around the depot, cut into equal shares of visits -> centres."""
    depot = p.depot
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
    return centres


def _assign(
    p: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    groups: list[BusDay],
    centres: dict[BusDay, tuple[float, float]],
    *,
    work_limit_s: float,
    wall_s: float,
) -> dict[BusDay, list[int]] | None:
    """One CP-SAT assignment of stops to their nearest groups: the most demand the groups'
    sessions hold, then the fewest kilometres to the centres; ``None`` when CP-SAT finds
    none in time."""
    weeks = p.cycle_weeks
    q_am, q_pm = p.sessions_per_half_day
    model = cp_model.CpModel()
    a, opts, cost_terms, service_terms = _assignment_variables(p, halves, groups, centres, model)

    def only_half(s: ProblemStop, g: BusDay) -> str | None:
        hs = {h for d, h in halves[s.index] if d == g.day}
        return next(iter(hs)) if len(hs) == 1 else None

    hinted = _greedy_assignment(p, opts, only_half)
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
        return None
    members: dict[BusDay, list[int]] = {g: [] for g in groups}
    for (i, g), var in a.items():
        if solver.boolean_value(var):
            members[g].append(i)
    return members


def _assignment_variables(
    p: PlanningProblem,
    halves: dict[int, set[tuple[str, str]]],
    groups: list[BusDay],
    centres: dict[BusDay, tuple[float, float]],
    model: cp_model.CpModel,
) -> tuple[
    dict[tuple[int, BusDay], cp_model.IntVar], dict[int, list[BusDay]], list[Any], list[Any]
]:
    """A variable per stop and one of its nearest groups (at most one each), with the
    objective's terms: kilometres to the group's centre (none to a stop's earlier weekday
    with --keep) and demand served."""
    w_max = max(s.demand_weight for s in p.stops)
    a: dict[tuple[int, BusDay], cp_model.IntVar] = {}
    cost_terms: list[Any] = []
    service_terms: list[Any] = []
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
    return a, opts, cost_terms, service_terms


def _greedy_assignment(
    p: PlanningProblem,
    opts: dict[int, list[BusDay]],
    only_half: Callable[[ProblemStop, BusDay], str | None],
) -> set[tuple[int, BusDay]]:
    """Greedy hint: heaviest stops first, each in its nearest group with room."""
    weeks = p.cycle_weeks
    q_am, q_pm = p.sessions_per_half_day
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
    return hinted

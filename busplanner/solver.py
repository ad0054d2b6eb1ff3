"""Problem -> Solution: the rotation and the daily routes, solved on OR-Tools CP-SAT.

The only module that imports OR-Tools. It hands back domain values (which stop on which
weekday, half-day and weeks; which stops each bus day visits, in order), never OR-Tools
indices, and never formats anything.

The model (``docs/model.md``) is exact for its rules: every feasible bus day (its morning
and afternoon stops, in the cheapest feasible order) is enumerated with the route timing,
and CP-SAT chooses, for each stop, a pattern (bus, weekday, half-day, visits per cycle,
first week) and, for each bus day of the cycle, one of those day routes, so that the stops
a day route visits are exactly those whose patterns fall on that day. It minimises first
the demand-weighted visits left out, then the kilometres driven; when CP-SAT reports
OPTIMAL, the plan is proven best for the model.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from busplanner.errors import SolverError
from busplanner.problem import PlanningProblem
from busplanner.timing import feasible_halves, time_route

MAX_CANDIDATE_DAYS = 2_000_000
"""Above this many candidate day routes to time, the exact model is refused as too large."""

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
    ``status`` is ``"optimal"``, ``"feasible"`` or ``"infeasible"``; ``objective`` and
    ``bound`` are in the model's units (metres driven plus penalties, see ``docs/model.md``).
    """

    patterns: dict[int, Pattern]
    routes: tuple[DayRoute, ...]
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    work_seconds: float
    seed: int
    drive_weight: int
    method: str


@dataclass(frozen=True)
class Column:
    """A feasible bus day on one weekday: its stop sets, best order, cost in metres."""

    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    cost_m: int


ProgressCallback = Callable[[float, float], None]


def day_columns(
    problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]] | None = None
) -> dict[str, list[Column]]:
    """Every feasible bus day per weekday, keeping the cheapest order of each stop set.

    Raises
    ------
    SolverError
        If there are too many candidate days for the exact model.
    """
    q_am, q_pm = problem.sessions_per_half_day
    if halves is None:
        halves = feasible_halves(problem)
    out: dict[str, list[Column]] = {}
    for day in problem.days:
        am_ok = [i for i in sorted(halves) if (day, "morning") in halves[i]]
        pm_ok = [i for i in sorted(halves) if (day, "afternoon") in halves[i]]
        am_seqs = [s for n in range(q_am + 1) for s in itertools.permutations(am_ok, n)]
        pm_seqs = [s for n in range(q_pm + 1) for s in itertools.permutations(pm_ok, n)]
        if len(am_seqs) * len(pm_seqs) > MAX_CANDIDATE_DAYS:
            msg = (
                f"{len(am_seqs) * len(pm_seqs):,} candidate days on {day}: too many for the "
                "exact model (shorter sessions allow many stops per half-day); "
                "reduce the number of stops or lengthen the sessions"
            )
            raise SolverError(msg)
        best: dict[tuple[frozenset[int], frozenset[int]], Column] = {}
        for am in am_seqs:
            for pm in pm_seqs:
                if (not am and not pm) or set(am) & set(pm):
                    continue
                timed = time_route(problem, day, am, pm)
                if timed is None:
                    continue
                cost = max(1, round(timed.distance_km * 1000))
                key = (frozenset(am), frozenset(pm))
                if key not in best or cost < best[key].cost_m:
                    best[key] = Column(am, pm, cost)
        out[day] = sorted(best.values(), key=lambda c: (c.cost_m, c.morning, c.afternoon))
    return out


def solve(problem: PlanningProblem, *, on_progress: ProgressCallback | None = None) -> Solution:
    """Solve the rotation and daily routes exactly with CP-SAT (within the time limit).

    Parameters
    ----------
    problem
        The planning problem.
    on_progress
        Called with (elapsed seconds, objective) at each improving solution.

    Returns
    -------
    Solution
        Patterns, day routes, status, objective and bound.

    Raises
    ------
    SolverError
        If the model is too large for the exact method or CP-SAT fails.
    """
    t0 = time.perf_counter()
    p = problem
    weeks = p.cycle_weeks
    halves = feasible_halves(p)
    columns = day_columns(p, halves)
    model = cp_model.CpModel()

    # Demand weights as small integers (the largest is 1000) for the service objective.
    w_max = max(s.demand_weight for s in p.stops)
    w_int = {s.index: max(1, round(1000 * s.demand_weight / w_max)) for s in p.stops}
    total_visits = sum(s.visits_per_cycle for s in p.stops)

    x: dict[tuple[int, int, str, str, int, int], cp_model.IntVar] = {}
    served_visits: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for s in p.stops:
        levels = [k for k in range(1, weeks + 1) if weeks % k == 0 and k <= s.visits_per_cycle]
        for b in range(p.bus_count):
            for day, half in sorted(halves[s.index], key=lambda dh: (p.days.index(dh[0]), dh[1])):
                for k in levels:
                    every = weeks // k
                    for o in range(every):
                        var = model.new_bool_var(f"x_{s.id}_{b}_{day}_{half}_{k}_{o}")
                        x[(s.index, b, day, half, k, o)] = var
                        served_visits[s.index].append((k, var))
    visited: dict[int, cp_model.IntVar] = {}
    for s in p.stops:
        vars_ = [v for _, v in served_visits[s.index]]
        any_ = model.new_bool_var(f"visited_{s.id}")
        model.add(sum(vars_) == any_)
        visited[s.index] = any_

    # v[(stop, bus, week, day, half)] = linear expression of the patterns that land there.
    v_terms: dict[tuple[int, int, int, str, str], list[cp_model.IntVar]] = defaultdict(list)
    for (i, b, day, half, k, o), var in x.items():
        every = weeks // k
        for w in range(o, weeks, every):
            v_terms[(i, b, w, day, half)].append(var)

    y: dict[tuple[int, int, str, int], cp_model.IntVar] = {}
    for b in range(p.bus_count):
        for w in range(weeks):
            for day in p.days:
                uses: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
                day_vars = []
                for ci, col in enumerate(columns[day]):
                    var = model.new_bool_var(f"y_{b}_{w}_{day}_{ci}")
                    y[(b, w, day, ci)] = var
                    day_vars.append(var)
                    for i in col.morning:
                        uses[(i, "morning")].append(var)
                    for i in col.afternoon:
                        uses[(i, "afternoon")].append(var)
                model.add_at_most_one(day_vars)
                for s in p.stops:
                    for half in HALVES:
                        lhs = uses.get((s.index, half), [])
                        rhs = v_terms.get((s.index, b, w, day, half), [])
                        if lhs or rhs:
                            model.add(sum(lhs) == sum(rhs))

    # Identical buses: bus b+1 works a day of the cycle only if bus b works as many.
    if p.bus_count > 1:
        per_bus = defaultdict(list)
        for (b, _w, _day, _ci), var in y.items():
            per_bus[b].append(var)
        for b in range(p.bus_count - 1):
            model.add(sum(per_bus[b]) >= sum(per_bus[b + 1]))
    drive_cost = sum(columns[day][ci].cost_m * var for (_b, _w, day, ci), var in y.items())
    # Lexicographic objective in one solve: any visit outweighs all the driving, and a
    # stop's first visit outweighs all other visits put together.
    max_cost = max((c.cost_m for cols in columns.values() for c in cols), default=1)
    m_drive = p.bus_count * weeks * len(p.days) * max_cost + 1
    first_w = sum(w_int.values()) * (total_visits + 1)
    service = sum(
        [w_int[s.index] * k * var for s in p.stops for k, var in served_visits[s.index]]
        + [first_w * visited[s.index] for s in p.stops if s.visits_per_cycle]
    )
    max_service = sum(
        w_int[s.index] * s.visits_per_cycle + (first_w if s.visits_per_cycle else 0)
        for s in p.stops
    )
    model.minimize(m_drive * (max_service - service) + drive_cost)
    greedy_x, greedy_y = _greedy(p, columns, list(x))
    for key, var in x.items():
        model.add_hint(var, 1 if key in greedy_x else 0)
    for ykey, yvar in y.items():
        model.add_hint(yvar, 1 if ykey in greedy_y else 0)

    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.random_seed = p.seed
    prm.num_workers = 2
    prm.interleave_search = True  # deterministic multi-worker search
    prm.catch_sigint_signal = False  # Ctrl-C is ours: see _solve_interruptibly
    # Two budgets: CP-SAT's deterministic time (``work_limit_s``, about a second each on a
    # 2-core machine), so the same inputs and seed give the same plan whatever the load;
    # and the wall clock (``time_limit_s``), a hard cap for the whole solve.
    prm.max_deterministic_time = max(0.05, p.work_limit_s)
    prm.max_time_in_seconds = max(0.05, p.time_limit_s - (time.perf_counter() - t0))

    class _Progress(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if on_progress is not None:
                on_progress(time.perf_counter() - t0, self.objective_value)

    status = _solve_interruptibly(solver, model, _Progress())
    seconds = time.perf_counter() - t0
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if status in (cp_model.MODEL_INVALID, cp_model.INFEASIBLE):
        # Cannot happen: leaving every visit out is always a solution.
        msg = f"CP-SAT says {solver.status_name(status)}: this is a bug in busplanner"
        raise SolverError(msg)

    def chosen(key: object, var: cp_model.IntVar, greedy: set) -> bool:
        # With no CP-SAT solution in time, the greedy solution (feasible by construction).
        return solver.boolean_value(var) if found else key in greedy

    patterns: dict[int, Pattern] = {}
    for (i, b, day, half, k, o), var in x.items():
        if chosen((i, b, day, half, k, o), var, greedy_x):
            patterns[i] = Pattern(b, day, half, k, weeks // k, o)
    routes = []
    drive = 0
    for (b, w, day, ci), var in sorted(y.items(), key=lambda kv: kv[0]):
        if chosen((b, w, day, ci), var, greedy_y):
            col = columns[day][ci]
            drive += col.cost_m
            routes.append(DayRoute(b, w, day, col.morning, col.afternoon))
    routes.sort(key=lambda r: (r.week, p.days.index(r.day), r.bus))
    if found:
        objective = float(solver.objective_value)
        method = "CP-SAT exact rotation over enumerated day routes"
    else:
        served = sum(
            w_int[i] * pat.visits + (first_w if p.stops[i - 1].visits_per_cycle else 0)
            for i, pat in patterns.items()
        )
        objective = float(m_drive * (max_service - served) + drive)
        method = "greedy rotation (CP-SAT found no better plan within the time limit)"
    return Solution(
        patterns=patterns,
        routes=tuple(routes),
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        objective=objective,
        bound=float(solver.best_objective_bound) if found else None,
        drive_weight=m_drive,
        seconds=round(seconds, 2),
        work_seconds=round(solver.deterministic_time, 2),
        seed=p.seed,
        method=method,
    )


XKey = tuple[int, int, str, str, int, int]
YKey = tuple[int, int, str, int]


def _greedy(
    p: PlanningProblem, columns: dict[str, list[Column]], x_keys: list[XKey]
) -> tuple[set[XKey], set[YKey]]:
    """A first solution, feasible by construction: stops by decreasing weight, each in the
    first pattern (most visits first) that keeps every bus day it touches feasible.

    CP-SAT gets it as a hint (it finds full-service solutions slowly on its own) and it is
    the answer when CP-SAT finds nothing within the time limit.
    """
    weeks = p.cycle_weeks
    col_index = {
        day: {(frozenset(c.morning), frozenset(c.afternoon)): ci for ci, c in enumerate(cols)}
        for day, cols in columns.items()
    }
    q = dict(zip(HALVES, p.sessions_per_half_day, strict=True))
    content: dict[tuple[int, int, str], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    chosen: set[tuple[int, int, str, str, int, int]] = set()
    options: dict[int, list[tuple[int, int, str, str, int, int]]] = defaultdict(list)
    for key in x_keys:
        options[key[0]].append(key)
    order = sorted(p.stops, key=lambda s: (-s.demand_weight, s.id))
    for s in order:
        for key in sorted(
            options[s.index], key=lambda k: (-k[4], k[1], p.days.index(k[2]), k[3], k[5])
        ):
            _, b, day, half, k, o = key
            h = HALVES.index(half)
            ok = True
            for w in range(o, weeks, weeks // k):
                am, pm = content[(b, w, day)]
                sets = [set(am), set(pm)]
                if len(sets[h]) >= q[half]:
                    ok = False
                    break
                sets[h].add(s.index)
                if (frozenset(sets[0]), frozenset(sets[1])) not in col_index[day]:
                    ok = False
                    break
            if ok:
                for w in range(o, weeks, weeks // k):
                    content[(b, w, day)][h].add(s.index)
                chosen.add(key)
                break
    picked = {
        (b, w, day, col_index[day][(frozenset(am), frozenset(pm))])
        for (b, w, day), (am, pm) in content.items()
        if am or pm
    }
    return chosen, picked


def _solve_interruptibly(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: cp_model.CpSolverSolutionCallback
) -> int:
    """Solve in a worker thread so that Ctrl-C reaches Python at once: the search is then
    stopped and KeyboardInterrupt raised, so the caller writes nothing.
    """
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(solver.solve(model, callback)), daemon=True
    )
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.05)
    except KeyboardInterrupt:
        solver.stop_search()
        worker.join()
        raise
    return result[0]

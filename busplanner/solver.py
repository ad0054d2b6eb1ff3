"""Problem -> Solution: the rotation and the daily routes, solved on OR-Tools CP-SAT.

The only module that imports OR-Tools. It hands back domain values (which stop on which
weekday, half-day and weeks; which stops each bus day visits, in order), never OR-Tools
indices, and never formats anything.

Every feasible bus day (its morning and afternoon stops, in the cheapest feasible order) is
enumerated with the route timing; then one of three models decides (``docs/model.md``):

- the day-pattern model, when every visit can be served: whole bus days over the cycle are
  the columns of a set-partitioning model, solved to proven optimality;
- the week-by-week model otherwise: a pattern (bus, weekday, half-day, visits, first week)
  per stop and a day route per bus day, so that each day route visits exactly the stops whose
  patterns fall on it; demand-weighted visits left out first, then kilometres;
- a decomposition for hundreds of stops: stops grouped into bus-days, each group solved by
  the models above; feasible, no bound.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from ortools.sat.python import cp_model

from busplanner.errors import SolverError
from busplanner.geo import great_circle_km
from busplanner.problem import PlanningProblem, ProblemStop
from busplanner.timing import feasible_halves, time_route

if TYPE_CHECKING:
    from busplanner.scenario import Scenario

MAX_CANDIDATE_DAYS = 2_000_000
"""Above this many candidate day routes to time, the exact model is refused as too large."""

NEAREST_GROUPS = 8
"""In the decomposition, a stop may join only its nearest bus-day groups."""

MAX_EXACT_DAY_VARS = 40_000
"""Above this many day-route variables, the decomposition is used instead of the exact model."""

HALVES = ("morning", "afternoon")

Method = Literal["auto", "day-patterns", "weekly", "decomposition"]
METHODS: tuple[Method, ...] = ("auto", "day-patterns", "weekly", "decomposition")


@dataclass(frozen=True)
class SolveOptions:
    """How to solve: limits, seed, workers and which model (what to solve is the problem).

    Attributes
    ----------
    time_limit_s
        Wall-clock cap on the whole solve, in seconds (``[solver] time_limit_s``).
    work_limit_s
        CP-SAT deterministic time, the budget that keeps plans repeatable
        (``[solver] work_limit_s``).
    seed
        CP-SAT's ``random_seed``.
    workers
        CP-SAT workers of the week-by-week model (the other models run one worker).
    max_memory_mb
        The memory the solver may use (``[solver] max_memory_mb``); carried, not yet used.
    method
        ``"auto"`` chooses by size (``docs/model.md``); ``"day-patterns"``, ``"weekly"`` or
        ``"decomposition"`` forces one path.

    Raises
    ------
    ValueError
        If a limit is not a positive finite number, the seed negative, ``workers`` or
        ``max_memory_mb`` below 1, or the method unknown.
    """

    time_limit_s: float = 60.0
    work_limit_s: float = 20.0
    seed: int = 0
    workers: int = 2
    max_memory_mb: int = 2048
    method: Method = "auto"

    def __post_init__(self) -> None:
        for name in ("time_limit_s", "work_limit_s"):
            value = getattr(self, name)
            # `not value > 0` also rejects NaN.
            if not isinstance(value, int | float) or not math.isfinite(value) or not value > 0:
                msg = f"SolveOptions.{name} = {value!r}: expected a positive number of seconds"
                raise ValueError(msg)
        for name, least in (("seed", 0), ("workers", 1), ("max_memory_mb", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                msg = f"SolveOptions.{name} = {value!r}: expected a whole number >= {least}"
                raise ValueError(msg)
        if self.method not in METHODS:
            msg = f"SolveOptions.method = {self.method!r}: expected one of {', '.join(METHODS)}"
            raise ValueError(msg)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> SolveOptions:
        """The options of a scenario's ``[solver]`` table (the one place they are read).

        The deterministic budget never exceeds the wall-clock cap.

        Raises
        ------
        ValueError
            If the scenario's values are out of range (see the class).
        """
        return cls(
            time_limit_s=scenario.time_limit_s,
            work_limit_s=min(scenario.work_limit_s, scenario.time_limit_s),
            seed=scenario.seed,
            max_memory_mb=scenario.max_memory_mb,
        )


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
    ``status`` is ``"optimal"`` (proven) or ``"feasible"``; ``objective`` and ``bound`` are
    in the model's units (metres driven plus penalties, see ``docs/model.md``); ``bound`` is
    ``None`` when none is known (decomposition, greedy fallback). ``seconds`` is wall time,
    ``work_seconds`` CP-SAT's deterministic time (what ``plan.json`` reports).
    """

    patterns: dict[int, Pattern]
    routes: tuple[DayRoute, ...]
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    work_seconds: float
    seed: int
    method: str


@dataclass(frozen=True)
class Column:
    """A feasible bus day on one weekday: its stop sets, best order, cost in metres."""

    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    cost_m: int


ProgressCallback = Callable[[float, float], None]
"""Called with (elapsed seconds, kilometres driven per cycle by the best plan so far)."""


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


def solve(
    problem: PlanningProblem,
    options: SolveOptions,
    *,
    on_progress: ProgressCallback | None = None,
) -> Solution:
    """Solve the rotation and the daily routes (within the options' limits).

    With ``options.method == "auto"``, small instances get the exact models; when the
    week-by-week model's day-route variables would exceed ``MAX_EXACT_DAY_VARS``, stops are
    first grouped into bus-days and each group is solved exactly (see ``docs/model.md``).

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits, seed, workers, and the method (``"auto"`` or one forced path).
    on_progress
        Called with (elapsed seconds, km driven per cycle) at each improving solution.

    Returns
    -------
    Solution
        Patterns, day routes, status, objective and bound.

    Raises
    ------
    SolverError
        If the model is too large for the exact method, CP-SAT fails, or the forced
        day-pattern model does not apply.
    """
    t0 = time.perf_counter()
    halves = feasible_halves(problem)
    method: str = options.method
    if method == "auto":
        too_large = exact_model_size(problem, halves) > MAX_EXACT_DAY_VARS
        method = "decomposition" if too_large else "exact"
    if method == "decomposition":
        return _solve_decomposed(problem, options, halves, on_progress=on_progress, t0=t0)
    return _solve_exact(problem, options, halves, on_progress=on_progress, t0=t0, only=method)


def exact_model_size(problem: PlanningProblem, halves: dict[int, set[tuple[str, str]]]) -> int:
    """An upper estimate of the exact model's day-route variables (buses x weeks x routes)."""
    q_am, q_pm = problem.sessions_per_half_day

    def seqs(n: int, q: int) -> int:
        return sum(math.perm(n, k) for k in range(q + 1))

    total = 0
    for day in problem.days:
        am = sum(1 for i in halves if (day, "morning") in halves[i])
        pm = sum(1 for i in halves if (day, "afternoon") in halves[i])
        total += seqs(am, q_am) * seqs(pm, q_pm)
    return total * problem.bus_count * problem.cycle_weeks


def _solve_exact(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
    only: str = "exact",
) -> Solution:
    """The exact CP-SAT model over enumerated day routes (see the module docstring)."""
    p = problem
    weeks = p.cycle_weeks
    columns = day_columns(p, halves)
    # When every visit can be served, whole days as columns solve it exactly and fast.
    proof = None
    if only != "weekly":
        proof = _prove_by_day_patterns(
            p, options, columns, halves, work_limit_s=max(0.5, 0.5 * options.work_limit_s)
        )
    if proof is None and only == "day-patterns":
        msg = (
            "the day-pattern model proved no plan: it needs one session per half-day, a cycle "
            "of at most 4 weeks, no --keep and every visit served; use method 'auto' or 'weekly'"
        )
        raise SolverError(msg)
    if proof is not None:
        proof_patterns, day_routes, cost, work = proof
        if on_progress is not None:
            on_progress(time.perf_counter() - t0, cost / 1000)
        day_routes.sort(key=lambda r: (r.week, p.days.index(r.day), r.bus))
        return Solution(
            patterns=proof_patterns,
            routes=tuple(day_routes),
            status="optimal",
            objective=float(cost),
            bound=float(cost),
            seconds=round(time.perf_counter() - t0, 2),
            work_seconds=round(work, 2),
            seed=options.seed,
            method="CP-SAT day-pattern model (every visit served), proven optimal",
        )
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
    if p.previous:
        # Keep earlier slots: serving comes first, then fewest changed stops, then driving.
        changes = _changed_stops(p, x)
        model.minimize(
            m_drive * ((len(p.stops) + 1) * (max_service - service) + changes) + drive_cost
        )
    else:
        model.minimize(m_drive * (max_service - service) + drive_cost)
    greedy_x, greedy_y = _greedy(p, columns, list(x))
    for key, var in x.items():
        model.add_hint(var, 1 if key in greedy_x else 0)
    for ykey, yvar in y.items():
        model.add_hint(yvar, 1 if ykey in greedy_y else 0)

    solver = make_solver(
        options,
        workers=options.workers,
        work_limit_s=max(0.05, options.work_limit_s),
        wall_limit_s=max(0.05, options.time_limit_s - (time.perf_counter() - t0)),
    )

    class _Progress(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if on_progress is not None:
                # The objective is m_drive x (penalties) + metres driven, metres < m_drive.
                metres = round(self.objective_value) % m_drive
                on_progress(time.perf_counter() - t0, metres / 1000)

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
            w_int[i] * pat.visits + (first_w if p.by_index[i].visits_per_cycle else 0)
            for i, pat in patterns.items()
        )
        objective = float(m_drive * (max_service - served) + drive)
        method = "greedy rotation (CP-SAT found no better plan within the time limit)"
        if on_progress is not None:
            on_progress(time.perf_counter() - t0, drive / 1000)
    return Solution(
        patterns=patterns,
        routes=tuple(routes),
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        objective=objective,
        bound=float(solver.best_objective_bound) if found else None,
        seconds=round(seconds, 2),
        work_seconds=round(solver.deterministic_time, 2),
        seed=options.seed,
        method=method,
    )


XKey = tuple[int, int, str, str, int, int]
YKey = tuple[int, int, str, int]


def _greedy(
    p: PlanningProblem, columns: dict[str, list[Column]], x_keys: list[XKey]
) -> tuple[set[XKey], set[YKey]]:
    """A first solution, feasible by construction: every stop (heaviest first) gets one visit
    in the first pattern that keeps every bus day it touches feasible; then, heaviest first,
    each moves up to the most visits that still fit.

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

    def fits(key: XKey) -> bool:
        i, b, day, half, k, o = key
        h = HALVES.index(half)
        for w in range(o, weeks, weeks // k):
            sets = [set(part) for part in content[(b, w, day)]]
            if len(sets[h]) >= q[half]:
                return False
            sets[h].add(i)
            if (frozenset(sets[0]), frozenset(sets[1])) not in col_index[day]:
                return False
        return True

    def place(key: XKey, add: bool) -> None:
        i, b, day, half, k, o = key
        for w in range(o, weeks, weeks // k):
            part = content[(b, w, day)][HALVES.index(half)]
            if add:
                part.add(i)
            else:
                part.discard(i)

    def ranked(i: int, levels: Callable[[int], bool]) -> list[XKey]:
        return sorted(
            (k for k in options[i] if levels(k[4])),
            key=lambda k: (-k[4], k[1], p.days.index(k[2]), k[3], k[5]),
        )

    order = sorted(p.stops, key=lambda s: (-s.demand_weight, s.id))
    # Pass 1: every stop one visit per cycle first (as the objective ranks first visits).
    for s in order:
        for key in ranked(s.index, lambda k: k == 1):
            if fits(key):
                place(key, True)
                chosen.add(key)
                break
    # Pass 2: heaviest stops first, move up to the most visits that still fit.
    for s in order:
        current = next((key for key in chosen if key[0] == s.index), None)
        if current is not None:
            place(current, False)
        have = current[4] if current else 0
        for key in ranked(s.index, functools.partial(operator.lt, have)):
            if fits(key):
                place(key, True)
                if current is not None:
                    chosen.discard(current)
                chosen.add(key)
                break
        else:
            if current is not None:
                place(current, True)
    picked = {
        (b, w, day, col_index[day][(frozenset(am), frozenset(pm))])
        for (b, w, day), (am, pm) in content.items()
        if am or pm
    }
    return chosen, picked


def _changed_stops(
    p: PlanningProblem,
    x: dict[XKey, cp_model.IntVar],
) -> Any:
    """How many stops with an earlier slot are visited in another slot (or not at all)."""
    terms: list[Any] = []
    for s in p.stops:
        old = p.previous.get(s.id)
        if old is None:
            continue
        same = [
            var
            for (i, _b, day, half, k, o), var in x.items()
            if i == s.index
            and (day, half, p.cycle_weeks // k, o + 1)
            == (old.day, old.half_day, old.every_weeks, old.first_week)
        ]
        terms.append(1 - sum(same))
    return sum(terms)


def make_solver(
    options: SolveOptions, *, workers: int, work_limit_s: float, wall_limit_s: float
) -> cp_model.CpSolver:
    """A CP-SAT solver set up the one way busplanner runs it.

    Two budgets: CP-SAT's deterministic time (``work_limit_s``, about a second each on a
    2-core machine), so the same inputs and seed give the same plan whatever the load; and
    the wall clock (``wall_limit_s``), a hard cap. Each model passes its own share of the
    options' limits. The seed is the options'; ``BUSPLANNER_CPSAT_LOG=1`` in the environment
    prints CP-SAT's search log.

    Parameters
    ----------
    options
        The solve options (their seed).
    workers
        CP-SAT workers; with more than one, the search is interleaved (deterministic).
    work_limit_s, wall_limit_s
        ``max_deterministic_time`` and ``max_time_in_seconds``, in seconds.

    Returns
    -------
    cp_model.CpSolver
        Ready for :func:`_solve_interruptibly`.

    Raises
    ------
    ValueError
        If a limit is not positive or ``workers`` is below 1.
    """
    if not (work_limit_s > 0 and wall_limit_s > 0 and workers >= 1):
        msg = f"CP-SAT limits {work_limit_s}, {wall_limit_s} s, {workers} workers: expected > 0"
        raise ValueError(msg)
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.random_seed = options.seed
    prm.num_workers = workers
    if workers > 1:
        prm.interleave_search = True  # deterministic multi-worker search
    prm.max_deterministic_time = work_limit_s
    prm.max_time_in_seconds = wall_limit_s
    prm.catch_sigint_signal = False  # Ctrl-C is ours: see _solve_interruptibly
    if os.environ.get("BUSPLANNER_CPSAT_LOG") == "1":
        prm.log_search_progress = True
    return solver


def _solve_interruptibly(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> int:
    """Solve in a worker thread so that Ctrl-C reaches Python at once: the search is then
    stopped and KeyboardInterrupt raised, so the caller writes nothing.
    """
    result: list[int] = []
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        try:
            result.append(int(solver.solve(model, callback)))
        except BaseException as exc:  # handed to the main thread
            failure.append(exc)
        finally:
            done.set()

    # Wait on an Event, not Thread.join: a join interrupted by Ctrl-C may wrongly take the
    # thread for finished, and the process then aborts at exit with the solver still running.
    threading.Thread(target=work, daemon=True).start()
    try:
        while not done.wait(0.05):
            pass
    except KeyboardInterrupt:
        solver.stop_search()
        while not done.wait(0.05):
            pass
        raise
    if failure:
        raise failure[0]
    return result[0]


def _solve_decomposed(
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
    The result is feasible but not proven optimal: no bound is reported.
    """
    p = problem
    groups = [(b, d) for b in range(p.bus_count) for d in p.days]
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
    routes: dict[tuple[int, str], list[DayRoute]] = {}
    served: dict[tuple[int, str], int] = {}

    def solve_group(g: tuple[int, str], stops: list[int], groups_left: int = 1) -> Solution:
        _bus, day = g
        # Share what is left of the wall clock among the groups still to solve.
        share = (deadline - time.perf_counter()) / max(1, groups_left)
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=(day,), bus_count=1)
        sub_options = replace(
            options,
            work_limit_s=min(group_work, max(0.05, share)),
            time_limit_s=max(0.05, min(group_work * 3, share)),
        )
        sub_halves = {i: {dh for dh in halves[i] if dh[0] == day} for i in stops}
        return _solve_exact(sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter())

    def keep(g: tuple[int, str], sol: Solution) -> None:
        b, _day = g
        for i, pat in sol.patterns.items():
            patterns[i] = replace(pat, bus=b)
        routes[g] = [replace(r, bus=b) for r in sol.routes]
        served[g] = sum(pat.visits for pat in sol.patterns.values())

    todo = [g for g in groups if members[g]]
    for n, g in enumerate(todo):
        keep(g, solve_group(g, members[g], groups_left=len(todo) - n))
    if on_progress is not None:  # the first whole plan
        first = [r for rs in routes.values() for r in rs]
        on_progress(time.perf_counter() - t0, _driven_m(p, first) / 1000)
    # One repair pass: a stop left short tries the groups with sessions to spare.
    capacity = p.cycle_weeks * sum(p.sessions_per_half_day)
    short = [s for s in p.stops if patterns.get(s.index) is None and s.visits_per_cycle]
    for s in sorted(short, key=lambda s: (-s.demand_weight, s.id)):
        if time.perf_counter() > repair_until:
            break
        for g in sorted(
            (g for g in groups if any(dh[0] == g[1] for dh in halves[s.index])),
            key=lambda g: (served.get(g, 0), g[0], p.days.index(g[1])),
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
    groups: list[tuple[int, str]],
    members: dict[tuple[int, str], list[int]],
    patterns: dict[int, Pattern],
    routes: dict[tuple[int, str], list[DayRoute]],
    served: dict[tuple[int, str], int],
    group_work: float,
    until: float,
) -> None:
    """Large-neighbourhood search: re-solve two nearby groups together (the same bus on two
    weekdays, or two buses on the same weekday) and keep the result when it serves more
    demand, or as much with fewer kilometres. Runs until ``until`` (perf_counter time)."""

    def centre(g: tuple[int, str]) -> tuple[float, float]:
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
        if g1[0] == g2[0] or g1[1] == g2[1]
    ]
    pairs.sort(key=lambda pr: (great_circle_km(*centre(pr[0]), *centre(pr[1])), pr))
    for g1, g2 in pairs:
        if time.perf_counter() > until:
            return
        if not members[g1] or not members[g2]:
            continue
        stops = [*members[g1], *members[g2]]
        days = tuple(d for d in p.days if d in {g1[1], g2[1]})
        # The sub-problem's bus 0 (and 1) stand for these real buses.
        buses = (g1[0],) if g1[0] == g2[0] else (g1[0], g2[0])
        sub = replace(p, stops=tuple(p.by_index[i] for i in stops), days=days, bus_count=len(buses))
        sub_options = replace(
            options,
            work_limit_s=group_work,
            time_limit_s=max(0.05, min(3 * group_work, until - time.perf_counter())),
        )
        sub_halves = {i: {dh for dh in halves[i] if dh[0] in days} for i in stops}
        try:
            sol = _solve_exact(
                sub, sub_options, sub_halves, on_progress=None, t0=time.perf_counter()
            )
        except SolverError:
            continue
        new_patterns = {i: replace(pat, bus=buses[pat.bus]) for i, pat in sol.patterns.items()}
        new_routes = [replace(r, bus=buses[r.bus]) for r in sol.routes]
        if score(stops, new_patterns, new_routes) <= score(
            stops, patterns, [*routes[g1], *routes[g2]]
        ):
            continue
        new_members: dict[tuple[int, str], list[int]] = {g1: [], g2: []}
        for i in stops:
            patterns.pop(i, None)
            pat = new_patterns.get(i)
            if pat is not None:
                patterns[i] = pat
                new_members[(pat.bus, pat.day)].append(i)
            else:  # still not served: stays in the group it had
                new_members[g1 if i in members[g1] else g2].append(i)
        for g in (g1, g2):
            members[g] = sorted(new_members[g])
            routes[g] = [r for r in new_routes if (r.bus, r.day) == g]
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
    groups: list[tuple[int, str]],
    *,
    work_limit_s: float,
    wall_s: float,
) -> dict[tuple[int, str], list[int]]:
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
    centres: dict[tuple[int, str], tuple[float, float]] = {}
    acc = 0
    chunks: list[list[ProblemStop]] = [[] for _ in groups]
    for s in by_angle:
        chunks[min(len(groups) - 1, acc * len(groups) // total)].append(s)
        acc += s.visits_per_cycle
    for g, chunk in zip(groups, chunks, strict=True):
        pts = chunk or list(p.stops)
        centres[g] = (sum(s.lon for s in pts) / len(pts), sum(s.lat for s in pts) / len(pts))
    w_max = max(s.demand_weight for s in p.stops)
    members: dict[tuple[int, str], list[int]] = {}
    for _round in range(2):
        model = cp_model.CpModel()
        a: dict[tuple[int, tuple[int, str]], cp_model.IntVar] = {}
        cost_terms = []
        service_terms = []
        opts: dict[int, list[tuple[int, str]]] = {}
        for s in p.stops:
            days_ok = {d for d, _h in halves[s.index]}
            # Only the nearest groups are options: keeps the model small at scale.
            ranked = sorted(
                (great_circle_km(s.lon, s.lat, *centres[g]), g[0], p.days.index(g[1]), g)
                for g in groups
                if g[1] in days_ok
            )
            nearest = [g for *_key, g in ranked[:NEAREST_GROUPS]]
            opts[s.index] = nearest
            for g in nearest:
                var = model.new_bool_var(f"a_{s.id}_{g[0]}_{g[1]}")
                a[(s.index, g)] = var
                km = great_circle_km(s.lon, s.lat, *centres[g])
                old = p.previous.get(s.id)
                if old is not None and old.day == g[1]:
                    km = 0.0  # --keep: its earlier weekday costs nothing
                cost_terms.append(round(km * 10) * s.visits_per_cycle * var)
                w = max(1, round(1000 * s.demand_weight / w_max))
                service_terms.append(w * s.visits_per_cycle * var)
            model.add_at_most_one(a[(s.index, g)] for g in nearest)

        def only_half(s: ProblemStop, g: tuple[int, str]) -> str | None:
            hs = {h for d, h in halves[s.index] if d == g[1]}
            return next(iter(hs)) if len(hs) == 1 else None

        # Greedy hint: heaviest stops first, each in its nearest group with room.
        q = {"morning": q_am, "afternoon": q_pm}
        load: dict[tuple[int, str], int] = defaultdict(int)
        half_load: dict[tuple[tuple[int, str], str], int] = defaultdict(int)
        hinted: set[tuple[int, tuple[int, str]]] = set()
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
        status = _solve_interruptibly(solver, model)
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


@dataclass(frozen=True)
class _SlotOption:
    """What one half-day slot (a weekday, morning or afternoon) holds in each week of the
    cycle: a stop's index or ``None``; and each stop's first week (0-based)."""

    weeks: tuple[int | None, ...]
    offsets: tuple[tuple[int, int], ...]
    stops: frozenset[int]


def _slot_options(
    p: PlanningProblem, halves: dict[int, set[tuple[str, str]]], day: str, half: str
) -> list[_SlotOption]:
    """Every way to fill one half-day slot over the cycle with stops at their target counts."""
    weeks = p.cycle_weeks
    cands = [
        s
        for s in p.stops
        if s.visits_per_cycle and (day, half) in halves[s.index] and weeks % s.visits_per_cycle == 0
    ]
    out: list[_SlotOption] = []
    empty = -1
    filled: list[int | None] = [empty] * weeks
    used: list[tuple[int, int]] = []

    def rec() -> None:
        if empty not in filled:
            out.append(
                _SlotOption(tuple(filled), tuple(sorted(used)), frozenset(i for i, _o in used))
            )
            return
        w = filled.index(empty)
        filled[w] = None
        rec()
        filled[w] = empty
        for s in cands:
            every = weeks // s.visits_per_cycle
            if w >= every or any(i == s.index for i, _o in used):
                continue
            span = range(w, weeks, every)
            if any(filled[v] != empty for v in span):
                continue
            for v in span:
                filled[v] = s.index
            used.append((s.index, w))
            rec()
            used.pop()
            for v in span:
                filled[v] = empty

    rec()
    return out


def _prove_by_day_patterns(
    p: PlanningProblem,
    options: SolveOptions,
    columns: dict[str, list[Column]],
    halves: dict[int, set[tuple[str, str]]],
    *,
    work_limit_s: float,
) -> tuple[dict[int, Pattern], list[DayRoute], int, float] | None:
    """Solve the full-service case exactly with whole days as columns.

    When every visit can be served, days with the same windows for every stop are
    interchangeable, and so are buses: a solution is then a multiset of "day patterns" (what
    the morning and afternoon slots hold in each week of the cycle). Choosing them is a small
    set-partitioning model whose bound is tight, so CP-SAT proves optimality where the
    week-by-week model stalls on symmetry. Only for one session per half-day, cycles of at
    most 4 weeks and no ``--keep``; returns ``None`` when it does not apply or proves nothing.
    """
    if p.sessions_per_half_day != (1, 1) or p.previous or p.cycle_weeks > 4:
        return None
    weeks = p.cycle_weeks
    classes: dict[tuple[tuple[tuple[int, int], ...], ...], list[str]] = defaultdict(list)
    for d in p.days:
        classes[tuple(s.windows[d] for s in p.stops)].append(d)
    model = cp_model.CpModel()
    chosen: list[tuple[list[str], _SlotOption, _SlotOption, Any, int]] = []
    cover: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    n_columns = 0
    needed = frozenset(s.index for s in p.stops if s.visits_per_cycle)
    # One bus on one day (a group of the decomposition): a scan, not a solver, finds the
    # cheapest column that holds every stop.
    single = sum(len(days) * p.bus_count for days in classes.values()) == 1
    for days in classes.values():
        d0 = days[0]
        cost_of = {(frozenset(c.morning), frozenset(c.afternoon)): c.cost_m for c in columns[d0]}
        ams, pms = (
            _slot_options(p, halves, d0, "morning"),
            _slot_options(p, halves, d0, "afternoon"),
        )
        if len(ams) * len(pms) > 200_000:
            return None
        in_class = []
        for am in ams:
            for pm in pms:
                if am.stops & pm.stops or not (am.stops or pm.stops):
                    continue
                if single and am.stops | pm.stops != needed:
                    continue
                cost = 0
                for w in range(weeks):
                    a, b = am.weeks[w], pm.weeks[w]
                    if a is None and b is None:
                        continue
                    key = (frozenset([a] if a else []), frozenset([b] if b else []))
                    c = cost_of.get(key)
                    if c is None:
                        cost = -1
                        break
                    cost += c
                if cost < 0:
                    continue
                if single:
                    chosen.append((days, am, pm, None, cost))
                    continue
                var = model.new_int_var(0, len(days) * p.bus_count, f"z{n_columns}")
                n_columns += 1
                chosen.append((days, am, pm, var, cost))
                in_class.append(var)
                for i in am.stops | pm.stops:
                    cover[i].append(var)
        if not single:
            model.add(sum(in_class) <= len(days) * p.bus_count)
    if single:
        if not chosen:
            return None
        best = min(chosen, key=lambda c: (c[4], _order(c[1].weeks), _order(c[2].weeks)))
        patterns, routes = _day_pattern_solution(p, weeks, [(best, 1)], classes)
        return patterns, routes, best[4], 0.0
    for s in p.stops:
        if s.visits_per_cycle:
            if not cover[s.index]:
                return None
            model.add(sum(cover[s.index]) == 1)
    model.minimize(sum(cost * var for *_r, var, cost in chosen))
    solver = make_solver(
        options,
        workers=1,
        work_limit_s=max(0.1, work_limit_s),
        wall_limit_s=max(0.2, 3 * work_limit_s),
    )
    if _solve_interruptibly(solver, model) != cp_model.OPTIMAL:
        return None
    picked = [(c, solver.value(c[3])) for c in chosen if solver.value(c[3])]
    patterns, routes = _day_pattern_solution(p, weeks, picked, classes)
    return patterns, routes, round(solver.objective_value), solver.deterministic_time


def _order(weeks: tuple[int | None, ...]) -> tuple[int, ...]:
    """A sortable form of a slot's weeks (ties between equal-cost columns, deterministic)."""
    return tuple(-1 if i is None else i for i in weeks)


def _day_pattern_solution(
    p: PlanningProblem,
    weeks: int,
    picked: list[tuple[tuple[list[str], _SlotOption, _SlotOption, Any, int], int]],
    classes: dict[Any, list[str]],
) -> tuple[dict[int, Pattern], list[DayRoute]]:
    """Lay chosen day patterns (with how many of each) on real buses and weekdays."""
    patterns: dict[int, Pattern] = {}
    routes: list[DayRoute] = []
    slots: dict[tuple[str, ...], list[tuple[int, str]]] = {
        tuple(days): [(b, d) for d in days for b in range(p.bus_count)] for days in classes.values()
    }
    for (days, am, pm, _var, _cost), count in picked:
        for _ in range(count):
            b, d = slots[tuple(days)].pop(0)
            for opt, half in ((am, "morning"), (pm, "afternoon")):
                for i, first in opt.offsets:
                    k = p.by_index[i].visits_per_cycle
                    patterns[i] = Pattern(b, d, half, k, weeks // k, first)
            for w in range(weeks):
                a, c = am.weeks[w], pm.weeks[w]
                if a is not None or c is not None:
                    routes.append(
                        DayRoute(
                            b, w, d, (a,) if a is not None else (), (c,) if c is not None else ()
                        )
                    )
    return patterns, routes

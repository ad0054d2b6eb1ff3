"""The week-by-week model: a pattern per stop and a day route per bus, week and day.

Patterns (bus, weekday, half-day, visits, first week) and enumerated day routes are linked
so that each day route visits exactly the stops whose patterns fall on it. Exact for its
rules, with a proven bound; ``docs/model.md`` writes it out.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from busplanner.errors import SolverError
from busplanner.problem import PlanningProblem
from busplanner.solver.columns import Column
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.greedy import greedy_start
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import (
    HALVES,
    DayRoute,
    Pattern,
    ProgressCallback,
    Solution,
    XKey,
    YKey,
    report,
)


def solve_weekly(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    columns: dict[str, list[Column]],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution:
    """The week-by-week model: a pattern per stop, a day route per bus day (``docs/model.md``).

    Demand-weighted visits left out first, then (with ``--keep``) changed slots, then
    metres driven, in one objective. CP-SAT starts from the greedy solution, which is also
    the answer when CP-SAT finds nothing better within the limits.

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits, seed and workers (the whole work limit; the wall clock left since ``t0``).
    halves
        Each stop's feasible (weekday, half-day) pairs.
    columns
        The feasible bus days per weekday (:func:`busplanner.solver.columns.day_columns`).
    on_progress
        Called with ``"solve"`` events (:class:`~busplanner.solver.records.ProgressEvent`)
        when the search starts and at each better plan.
    t0
        ``time.perf_counter()`` at the start of the solve.

    Returns
    -------
    Solution
        ``"optimal"`` or ``"feasible"``, with CP-SAT's bound (none for the greedy answer).

    Raises
    ------
    SolverError
        If CP-SAT calls the model invalid or infeasible (a bug: leaving every visit out is
        always a solution).
    """
    p = problem
    m = _build(p, halves, columns)
    greedy_x, greedy_y = greedy_start(p, columns, list(m.x))
    solver, status = _solve(m, options, greedy_x, greedy_y, on_progress=on_progress, t0=t0)
    seconds = time.perf_counter() - t0
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if status in (cp_model.MODEL_INVALID, cp_model.INFEASIBLE):
        # Cannot happen: leaving every visit out is always a solution.
        raise SolverError.of("solver.cpsat_bug", status=solver.status_name(status))

    patterns, routes, drive = _answer(m, columns, solver if found else None, greedy_x, greedy_y)
    if found:
        objective = float(solver.objective_value)
        method = "CP-SAT exact rotation over enumerated day routes"
    else:
        objective = m.greedy_objective(patterns, drive)
        method = "greedy rotation (CP-SAT found no better plan within the time limit)"
        held = sum(pat.visits for pat in patterns.values())
        report(
            on_progress,
            "solve",
            t0,
            best_km=drive / 1000,
            visits_held=held,
            visits_total=m.total_visits,
        )
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


def _solve(
    m: _Model,
    options: SolveOptions,
    greedy_x: set[XKey],
    greedy_y: set[YKey],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> tuple[cp_model.CpSolver, Any]:
    """Solve from the greedy solution (a hint), within the work limit and the wall clock
    left since ``t0``; the solver and its status."""
    for key, var in m.x.items():
        m.model.add_hint(var, 1 if key in greedy_x else 0)
    for ykey, yvar in m.y.items():
        m.model.add_hint(yvar, 1 if ykey in greedy_y else 0)
    solver = make_solver(
        options,
        workers=options.workers,
        work_limit_s=max(0.05, options.work_limit_s),
        wall_limit_s=max(0.05, options.time_limit_s - (time.perf_counter() - t0)),
    )
    report(on_progress, "solve", t0)
    status = solve_interruptibly(solver, m.model, _Progress(m, on_progress, t0))
    return solver, status


def _answer(
    m: _Model,
    columns: dict[str, list[Column]],
    solver: cp_model.CpSolver | None,
    greedy_x: set[XKey],
    greedy_y: set[YKey],
) -> tuple[dict[int, Pattern], list[DayRoute], int]:
    """The patterns and day routes CP-SAT chose (``solver``), or with no CP-SAT solution in
    time (``None``) the greedy ones (feasible by construction); and the metres driven."""
    p = m.problem

    def chosen(key: XKey | YKey, var: cp_model.IntVar, greedy: set[XKey] | set[YKey]) -> bool:
        return solver.boolean_value(var) if solver is not None else key in greedy

    patterns = {
        key.stop: Pattern(
            key.bus, key.day, key.half, key.visits, p.cycle_weeks // key.visits, key.first_week
        )
        for key, var in m.x.items()
        if chosen(key, var, greedy_x)
    }
    routes = []
    drive = 0
    for ykey, var in sorted(m.y.items(), key=lambda kv: kv[0]):
        if chosen(ykey, var, greedy_y):
            col = columns[ykey.day][ykey.column]
            drive += col.cost_m
            routes.append(DayRoute(ykey.bus, ykey.week, ykey.day, col.morning, col.afternoon))
    routes.sort(key=lambda r: (r.week, p.days.index(r.day), r.bus))
    return patterns, routes, drive


@dataclass
class _Model:
    """The week-by-week CP-SAT model and what reading its answer needs."""

    problem: PlanningProblem
    model: cp_model.CpModel
    x: dict[XKey, cp_model.IntVar]
    """A stop's pattern: bus, weekday, half-day, visits per cycle and first week."""
    y: dict[YKey, cp_model.IntVar]
    """A bus's day route (an enumerated column) on a week and day."""
    w_int: dict[int, int]
    """Demand weights as small integers (the largest is 1000) for the service objective."""
    m_drive: int = 0
    """More than all the metres any plan drives: the weight of a unit of service."""
    first_w: int = 0
    """The weight of a stop's first visit: more than all other visits put together."""
    max_service: int = 0

    @property
    def total_visits(self) -> int:
        return sum(s.visits_per_cycle for s in self.problem.stops)

    def greedy_objective(self, patterns: dict[int, Pattern], drive: int) -> float:
        """The objective of the greedy answer (``patterns``, ``drive`` metres)."""
        p = self.problem
        served = sum(
            self.w_int[i] * pat.visits + (self.first_w if p.by_index[i].visits_per_cycle else 0)
            for i, pat in patterns.items()
        )
        return float(self.m_drive * (self.max_service - served) + drive)


def _build(
    p: PlanningProblem, halves: dict[int, set[tuple[str, str]]], columns: dict[str, list[Column]]
) -> _Model:
    """The model: patterns, day routes linked to them, identical buses ordered, the
    objective (variables and constraints made in a fixed order: the same plan each run)."""
    model = cp_model.CpModel()
    w_max = max(s.demand_weight for s in p.stops)
    w_int = {s.index: max(1, round(1000 * s.demand_weight / w_max)) for s in p.stops}
    x, served_visits = _patterns(p, halves, model)
    visited: dict[int, cp_model.IntVar] = {}
    for s in p.stops:
        vars_ = [v for _, v in served_visits[s.index]]
        any_ = model.new_bool_var(f"visited_{s.id}")
        model.add(sum(vars_) == any_)
        visited[s.index] = any_
    y = _day_routes(p, columns, model, x)
    # Identical buses: bus b+1 works a day of the cycle only if bus b works as many.
    if p.bus_count > 1:
        per_bus = defaultdict(list)
        for ykey, var in y.items():
            per_bus[ykey.bus].append(var)
        for b in range(p.bus_count - 1):
            model.add(sum(per_bus[b]) >= sum(per_bus[b + 1]))
    m = _Model(p, model, x, y, w_int)
    _objective(m, columns, served_visits, visited)
    return m


def _patterns(
    p: PlanningProblem, halves: dict[int, set[tuple[str, str]]], model: cp_model.CpModel
) -> tuple[dict[XKey, cp_model.IntVar], dict[int, list[tuple[int, cp_model.IntVar]]]]:
    """A variable per stop, bus, feasible weekday and half-day, visits per cycle (a divisor
    of the cycle, at most the stop's) and first week; each stop's, with its visits."""
    weeks = p.cycle_weeks
    x: dict[XKey, cp_model.IntVar] = {}
    served_visits: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for s in p.stops:
        levels = [k for k in range(1, weeks + 1) if weeks % k == 0 and k <= s.visits_per_cycle]
        for b in range(p.bus_count):
            for day, half in sorted(halves[s.index], key=lambda dh: (p.days.index(dh[0]), dh[1])):
                for k in levels:
                    every = weeks // k
                    for o in range(every):
                        var = model.new_bool_var(f"x_{s.id}_{b}_{day}_{half}_{k}_{o}")
                        x[XKey(s.index, b, day, half, k, o)] = var
                        served_visits[s.index].append((k, var))
    return x, served_visits


def _day_routes(
    p: PlanningProblem,
    columns: dict[str, list[Column]],
    model: cp_model.CpModel,
    x: dict[XKey, cp_model.IntVar],
) -> dict[YKey, cp_model.IntVar]:
    """At most one day route per bus, week and day, visiting exactly the stops whose
    patterns land on it, in the half-day they land in."""
    weeks = p.cycle_weeks
    # v[(stop, bus, week, day, half)] = linear expression of the patterns that land there.
    v_terms: dict[tuple[int, int, int, str, str], list[cp_model.IntVar]] = defaultdict(list)
    for key, var in x.items():
        for w in range(key.first_week, weeks, weeks // key.visits):
            v_terms[(key.stop, key.bus, w, key.day, key.half)].append(var)
    y: dict[YKey, cp_model.IntVar] = {}
    for b in range(p.bus_count):
        for w in range(weeks):
            for day in p.days:
                uses: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
                day_vars = []
                for ci, col in enumerate(columns[day]):
                    var = model.new_bool_var(f"y_{b}_{w}_{day}_{ci}")
                    y[YKey(b, w, day, ci)] = var
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
    return y


def _objective(
    m: _Model,
    columns: dict[str, list[Column]],
    served_visits: dict[int, list[tuple[int, cp_model.IntVar]]],
    visited: dict[int, cp_model.IntVar],
) -> None:
    """Demand-weighted visits left out first, then (with ``--keep``) changed slots, then
    metres driven, in one objective (the weights of ``m`` set here)."""
    p, w_int = m.problem, m.w_int
    drive_cost = sum(columns[k.day][k.column].cost_m * var for k, var in m.y.items())
    # Lexicographic objective in one solve: any visit outweighs all the driving, and a
    # stop's first visit outweighs all other visits put together.
    max_cost = max((c.cost_m for cols in columns.values() for c in cols), default=1)
    m.m_drive = p.bus_count * p.cycle_weeks * len(p.days) * max_cost + 1
    total_visits = sum(s.visits_per_cycle for s in p.stops)
    m.first_w = sum(w_int.values()) * (total_visits + 1)
    service = sum(
        [w_int[s.index] * k * var for s in p.stops for k, var in served_visits[s.index]]
        + [m.first_w * visited[s.index] for s in p.stops if s.visits_per_cycle]
    )
    m.max_service = sum(
        w_int[s.index] * s.visits_per_cycle + (m.first_w if s.visits_per_cycle else 0)
        for s in p.stops
    )
    if p.previous:
        # Keep earlier slots: serving comes first, then fewest changed stops, then driving.
        changes = _changed_stops(p, m.x)
        m.model.minimize(
            m.m_drive * ((len(p.stops) + 1) * (m.max_service - service) + changes) + drive_cost
        )
    else:
        m.model.minimize(m.m_drive * (m.max_service - service) + drive_cost)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each better plan: its kilometres and the visits it holds."""

    def __init__(self, m: _Model, on_progress: ProgressCallback | None, t0: float) -> None:
        super().__init__()
        self.m, self.on_progress, self.t0 = m, on_progress, t0

    def on_solution_callback(self) -> None:
        if self.on_progress is not None:
            # The objective is m_drive x (penalties) + metres driven, metres < m_drive.
            metres = round(self.objective_value) % self.m.m_drive
            held = sum(key.visits for key, var in self.m.x.items() if self.boolean_value(var))
            report(
                self.on_progress,
                "solve",
                self.t0,
                best_km=metres / 1000,
                visits_held=held,
                visits_total=self.m.total_visits,
            )


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
            for key, var in x.items()
            if key.stop == s.index
            and (key.day, key.half, p.cycle_weeks // key.visits, key.first_week + 1)
            == (old.day, old.half_day, old.every_weeks, old.first_week)
        ]
        terms.append(1 - sum(same))
    return sum(terms)

"""Problem -> Solution: the rotation and the daily routes, solved on OR-Tools CP-SAT.

The only package that imports OR-Tools. It hands back domain values (which stop on which
weekday, half-day and weeks; which stops each bus day visits, in order), never OR-Tools
indices, and never formats anything. ``docs/model.md`` describes the models.

Modules, in the order a solve uses them:

- ``options``: :class:`SolveOptions`, how to solve (limits, seed, workers, method);
- ``coverage``: how many stops and visits the buses could serve at most (an upper bound from
  a relaxation on CP-SAT), and a plan serving that many stops, which the search starts from:
  run first on every path;
- ``records``: what a solve hands back (:class:`Solution`, :class:`Pattern`,
  :class:`DayRoute`) and the week-by-week model's keys;
- ``routers``: :class:`DayRouter`, the best feasible order of a bus day's stops, and
  :class:`EnumerationRouter`, which tries every order;
- ``columns``: every feasible bus day per weekday (the columns), and the exact models' size;
- ``exact``: the exact path, day patterns first, then week by week:

  - ``day_patterns``: the day-pattern set-partitioning model, when every visit can be
    served: proven optimal;
  - ``weekly``: the week-by-week model: a pattern per stop, a day route per bus day;
    demand-weighted visits left out first, then kilometres;
  - ``greedy``: the week-by-week model's greedy start (and its answer when CP-SAT finds
    nothing in time);

- ``search``: the periodic search, for what the exact path cannot enumerate (many short
  stops a day, hundreds of stops): bus days routed by the VROOM engine (``vroom``), each
  stop of several visits pinned to one slot and start time, moved while it helps;
- ``bound``: a lower bound for the search's plans, from a relaxation solved on CP-SAT,
  when its columns are few enough to enumerate;
- ``decompose``: stops grouped into bus-days, each group solved by the exact path, then a
  large-neighbourhood search over pairs of groups (on request: ``method = "decomposition"``);
- ``cpsat``: the one way a CP-SAT solver is set up, and a solve Ctrl-C can stop.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

from busplanner.errors import SolverError
from busplanner.problem import PlanningProblem
from busplanner.sizes import BASE_MB, check_fits, columns_mb, matrix_mb, search_mb
from busplanner.solver.bound import relaxed_bound_m
from busplanner.solver.columns import (
    MAX_BOUND_CANDIDATES,
    MAX_EXACT_DAY_VARS,
    candidate_days,
    day_columns,
    exact_model_size,
)
from busplanner.solver.coverage import Coverage, coverage_bound
from busplanner.solver.day_patterns import solve_day_patterns
from busplanner.solver.decompose import solve_decomposed
from busplanner.solver.exact import solve_exact
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import (
    PHASES,
    DayRoute,
    Pattern,
    ProgressCallback,
    ProgressEvent,
    Solution,
    report,
)
from busplanner.solver.routers import DayRouter, EnumerationRouter, RoutedDay
from busplanner.solver.search import solve_search
from busplanner.solver.weekly import solve_weekly
from busplanner.timing import BusDayStops, align_starts, feasible_halves

__all__ = [
    "PHASES",
    "DayRoute",
    "DayRouter",
    "EnumerationRouter",
    "Pattern",
    "ProgressCallback",
    "ProgressEvent",
    "RoutedDay",
    "Solution",
    "SolveOptions",
    "solve",
]


def solve(
    problem: PlanningProblem,
    options: SolveOptions,
    *,
    on_progress: ProgressCallback | None = None,
) -> Solution:
    """Solve the rotation and the daily routes (within the options' limits).

    With ``options.method == "auto"``, small instances take the exact path; when the
    week-by-week model's day-route variables would exceed ``MAX_EXACT_DAY_VARS``, stops are
    first grouped into bus-days and each group is solved exactly (see ``docs/model.md``).
    Another method forces that path.

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits, seed, workers, and the method.
    on_progress
        Called with a :class:`ProgressEvent`: ``"model"`` first (the problem's size and the
        time limit), ``"solve"`` when the search starts and at each better plan (its
        kilometres per cycle and visits held). Never with text: the caller words it.

    Returns
    -------
    Solution
        Patterns, day routes, status, objective and bound.

    Raises
    ------
    SolverError
        If the model is too large for the exact path, CP-SAT fails, or the forced
        day-pattern model proves no plan.
    """
    t0 = time.perf_counter()
    report(
        on_progress,
        "model",
        t0,
        stops=len(problem.stops),
        visits_total=sum(s.visits_per_cycle for s in problem.stops),
        bus_days=problem.bus_days(),
        time_limit_s=options.time_limit_s,
    )
    method = options.method
    if problem.bases and method not in ("auto", "search"):
        raise SolverError.of("solver.one_base", method=repr(method))
    # What the buses could serve at most, before any rotation: the bound every plan is
    # judged against, and the plan the search starts from when it would serve fewer.
    coverage = coverage_bound(
        problem,
        options,
        work_limit_s=max(0.1, min(3.0, 0.15 * options.work_limit_s)),
        wall_limit_s=max(0.2, min(10.0, 0.15 * options.time_limit_s)),
    )
    solution = _solve(problem, options, coverage, on_progress=on_progress, t0=t0)
    # The last word is the plan handed back, whatever the search reported on its way.
    report(
        on_progress,
        "solve",
        t0,
        best_km=_driven_km(problem, solution),
        visits_held=sum(pat.visits for pat in solution.patterns.values()),
        visits_total=sum(s.visits_per_cycle for s in problem.stops),
    )
    return replace(solution, coverage=coverage)


def _driven_km(problem: PlanningProblem, solution: Solution) -> float:
    """Kilometres per cycle of a solution's bus days, each from its bus's base."""
    km = problem.travel.distance_km
    total = 0.0
    for r in solution.routes:
        home = problem.base_of(r.bus).index
        seq = [home, *r.morning, *r.afternoon, home]
        total += sum(km[a][b] for a, b in itertools.pairwise(seq))
    return total


def _solve(
    problem: PlanningProblem,
    options: SolveOptions,
    coverage: Coverage,
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution:
    """The path ``options.method`` names, or (``"auto"``) the one the size calls for."""
    halves = feasible_halves(problem)
    method = options.method
    if method == "auto":
        # The exact models list every bus day of one base: past a size, or with several
        # bases, the search (no enumeration).
        if problem.bases or exact_model_size(problem, halves) > MAX_EXACT_DAY_VARS:
            return _search(problem, options, halves, coverage, on_progress=on_progress, t0=t0)
        solution = solve_exact(problem, options, halves, on_progress=on_progress, t0=t0)
        if _starts_align(problem, solution):
            return solution
        # Its days cannot keep one start time per stop: the search pins the times.
        return _search(problem, options, halves, coverage, on_progress=on_progress, t0=t0)
    if method == "search":
        return _search(problem, options, halves, coverage, on_progress=on_progress, t0=t0)
    if method == "decomposition":
        return solve_decomposed(problem, options, halves, on_progress=on_progress, t0=t0)
    columns = day_columns(problem, halves)
    if method == "weekly":
        return solve_weekly(problem, options, halves, columns, on_progress=on_progress, t0=t0)
    proven = solve_day_patterns(problem, options, halves, columns, on_progress=on_progress, t0=t0)
    if proven is None:
        raise SolverError.of("solver.day_patterns")
    return proven


def _starts_align(problem: PlanningProblem, solution: Solution) -> bool:
    """Whether the solution's days can give each stop one start time at all its visits."""
    fixed = {i: pat.start_min for i, pat in solution.patterns.items() if pat.start_min is not None}
    days = [BusDayStops(r.day, r.morning, r.afternoon, r.bus) for r in solution.routes]
    return align_starts(problem, days, fixed) is not None


def _search(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    coverage: Coverage,
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution:
    """The periodic search, then, when it holds every visit and the relaxation is small
    enough to enumerate, a lower bound (and the gap) from :mod:`.bound`.

    Raises
    ------
    TooLargeError
        If the search would need more memory than ``options.max_memory_mb``.
    """
    places = len(problem.stops) + 1
    visits = sum(s.visits_per_cycle for s in problem.stops)
    bus_days = problem.bus_days()
    check_fits(
        "sizes.search",
        search_mb(places, visits, bus_days),
        budget_mb=options.max_memory_mb,
        already_mb=matrix_mb(places),
        visits=visits,
        bus_days=bus_days,
    )
    solution = solve_search(problem, options, on_progress=on_progress, t0=t0, coverage=coverage)
    unbound = replace(solution, method=f"{solution.method} (no optimality bound)")
    held = {i: pat.visits for i, pat in solution.patterns.items()}
    if any(held.get(s.index, 0) < s.visits_per_cycle for s in problem.stops):
        return unbound  # visits left out: a bound on km says nothing of them
    if problem.bases:
        return unbound  # the relaxation's columns are one base's bus days
    wall_left = t0 + options.time_limit_s - time.perf_counter()
    candidates = candidate_days(problem, halves)
    fits = BASE_MB + matrix_mb(places) + columns_mb(candidates) <= options.max_memory_mb
    if candidates > MAX_BOUND_CANDIDATES or not fits or wall_left < 1.0:
        return unbound
    bound = relaxed_bound_m(
        problem,
        day_columns(problem, halves),
        options,
        work_limit_s=max(0.1, min(2.0, 0.1 * options.work_limit_s)),
        wall_limit_s=max(0.2, min(5.0, 0.5 * wall_left)),
    )
    if bound is None or solution.objective is None:
        return unbound
    proven = bound >= solution.objective - 0.5
    return replace(
        solution,
        bound=bound,
        status="optimal" if proven else "feasible",
        method=f"{solution.method}; lower bound from a relaxation on CP-SAT (bus days as "
        "columns, no fixed weekday or time)",
    )

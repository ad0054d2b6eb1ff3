"""Problem -> Solution: the rotation and the daily routes, solved on OR-Tools CP-SAT.

The only package that imports OR-Tools. It hands back domain values (which stop on which
weekday, half-day and weeks; which stops each bus day visits, in order), never OR-Tools
indices, and never formats anything. ``docs/model.md`` describes the models.

Modules, in the order a solve uses them:

- ``options``: :class:`SolveOptions`, how to solve (limits, seed, workers, method);
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

- ``decompose``: for hundreds of stops, stops grouped into bus-days, each group solved by
  the exact path, then a large-neighbourhood search over pairs of groups; feasible, no bound;
- ``cpsat``: the one way a CP-SAT solver is set up, and a solve Ctrl-C can stop.
"""

from __future__ import annotations

import time

from busplanner.errors import SolverError
from busplanner.problem import PlanningProblem
from busplanner.solver.columns import MAX_EXACT_DAY_VARS, day_columns, exact_model_size
from busplanner.solver.day_patterns import solve_day_patterns
from busplanner.solver.decompose import solve_decomposed
from busplanner.solver.exact import solve_exact
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import DayRoute, Pattern, ProgressCallback, Solution
from busplanner.solver.routers import DayRouter, EnumerationRouter, RoutedDay
from busplanner.solver.weekly import solve_weekly
from busplanner.timing import feasible_halves

__all__ = [
    "DayRoute",
    "DayRouter",
    "EnumerationRouter",
    "Pattern",
    "ProgressCallback",
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
        Called with (elapsed seconds, km driven per cycle) at each improving solution.

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
    halves = feasible_halves(problem)
    method = options.method
    if method == "auto":
        # The week-by-week model grows as buses x weeks x day routes: past a size, decompose.
        if exact_model_size(problem, halves) > MAX_EXACT_DAY_VARS:
            return solve_decomposed(problem, options, halves, on_progress=on_progress, t0=t0)
        return solve_exact(problem, options, halves, on_progress=on_progress, t0=t0)
    if method == "decomposition":
        return solve_decomposed(problem, options, halves, on_progress=on_progress, t0=t0)
    columns = day_columns(problem, halves)
    if method == "weekly":
        return solve_weekly(problem, options, halves, columns, on_progress=on_progress, t0=t0)
    solution = solve_day_patterns(problem, options, halves, columns, on_progress=on_progress, t0=t0)
    if solution is None:
        msg = (
            "the day-pattern model proved no plan: it needs one session per half-day, a cycle "
            "of at most 4 weeks, no --keep and every visit served; use method 'auto' or 'weekly'"
        )
        raise SolverError(msg)
    return solution

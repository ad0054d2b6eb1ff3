"""The exact path for instances of moderate size: day patterns when they prove the
optimum, the week-by-week model otherwise (also each group of the decomposition)."""

from __future__ import annotations

from busplanner.problem import PlanningProblem
from busplanner.solver.columns import day_columns
from busplanner.solver.day_patterns import solve_day_patterns
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import ProgressCallback, Solution
from busplanner.solver.weekly import solve_weekly


def solve_exact(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution:
    """Enumerate the bus days, then try the day-pattern model, then the week-by-week model.

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits, seed, workers (``options.method`` is not read here).
    halves
        Each stop's feasible (weekday, half-day) pairs.
    on_progress
        Called with ``"solve"`` events (:class:`~busplanner.solver.records.ProgressEvent`)
        when the search starts and at each better plan.
    t0
        ``time.perf_counter()`` at the start of the solve.

    Returns
    -------
    Solution
        Proven optimal by day patterns, or the week-by-week model's answer.

    Raises
    ------
    SolverError
        If there are too many candidate days, or CP-SAT fails.
    """
    columns = day_columns(problem, halves)
    solution = solve_day_patterns(problem, options, halves, columns, on_progress=on_progress, t0=t0)
    if solution is not None:
        return solution
    return solve_weekly(problem, options, halves, columns, on_progress=on_progress, t0=t0)

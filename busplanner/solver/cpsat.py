"""CP-SAT as busplanner runs it: one way to set a solver up, and a solve Ctrl-C can stop.

Every model gets its solver from :func:`make_solver` (seed, workers, the two budgets) and
runs it with :func:`solve_interruptibly`.
"""

from __future__ import annotations

import os
import threading

from ortools.sat.python import cp_model

from busplanner.solver.options import SolveOptions


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
        Ready for :func:`solve_interruptibly`.

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
    prm.catch_sigint_signal = False  # Ctrl-C is ours: see solve_interruptibly
    if os.environ.get("BUSPLANNER_CPSAT_LOG") == "1":
        prm.log_search_progress = True
    return solver


def solve_interruptibly(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> int:
    """Solve in a worker thread so that Ctrl-C reaches Python at once: the search is then
    stopped and KeyboardInterrupt raised, so the caller writes nothing.

    Parameters
    ----------
    solver
        From :func:`make_solver` (it leaves SIGINT to Python).
    model
        The model to solve.
    callback
        Called by CP-SAT at each improving solution.

    Returns
    -------
    int
        CP-SAT's status (``cp_model.OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``...).

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C, once the search has stopped.
    Exception
        Whatever ``solver.solve`` raised in the worker thread.
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

"""What a plan will cost in memory, known before anything large is built.

Every structure that grows with the input is sized here from counts alone, with figures
measured on this project's machine (``docs/model.md``, "Memory"; ``benchmarks/memory.py``
compares the estimate with the measured peak over a grid of sizes, ``docs/benchmarks.md``),
and compared with the scenario's ``[solver] max_memory_mb``. A plan that would not fit stops
with :class:`busplanner.errors.TooLargeError` (exit code 3) naming the size, before it is
built: "too large" is the user's limit, not a crash. The estimate is not trusted alone: the
solve runs held to the budget (:mod:`busplanner.budget`).
"""

from __future__ import annotations

from busplanner.errors import TooLargeError
from busplanner.i18n import Msg

BASE_MB = 150
"""The process before any plan: Python, OR-Tools, VROOM, geopandas loaded. Measured (issue 19,
``benchmarks/memory.py``): about 100 MB when the solve starts, 215 MB at the peak of a small
plan, when its reports are built."""

MATRIX_BYTES_PER_PAIR = 50
"""The travel matrix (distances and times as Python numbers), per pair of places: 47–48 B
measured for 500–2,000 stops."""

ROUTER_BYTES_PER_PAIR = 250
"""The periodic search's copies of the matrix, per pair of places: the routing engine's
(rounded times and costs, as Python lists and in VROOM) and the grid problem's. Fitted on
``benchmarks/memory.py`` (case D: 501 places)."""

ENGINE_BYTES_PER_JOB_VEHICLE = 300
"""VROOM during a solve, per (visit, bus day) pair: 230–400 B fitted on
``benchmarks/memory.py`` (cases E–H)."""

ENGINE_BYTES_PER_VEHICLE_PAIR = 220
"""VROOM during a solve, per pair of bus days (its local search keeps tables per pair of
routes): 200–230 B fitted on ``benchmarks/memory.py`` (cases G, I, J: 1,000 to 4,200 bus
days). The term that dominates with many bus days: 3.7 GB for 4,200 (12 weeks × 50 buses ×
7 days), whatever the visits."""

COLUMN_BYTES = 600
"""An enumerated bus day (a column of the exact models) and its share of a CP-SAT model."""


def matrix_mb(places: int) -> float:
    """The travel matrix of ``places`` places (the depot included)."""
    return places * places * MATRIX_BYTES_PER_PAIR / 2**20


def search_mb(places: int, visits: int, bus_days: int) -> float:
    """The periodic search: its copies of the matrix, and VROOM routing every visit on every
    bus day (per visit and bus day, and per pair of bus days)."""
    return (
        places * places * ROUTER_BYTES_PER_PAIR
        + visits * bus_days * ENGINE_BYTES_PER_JOB_VEHICLE
        + bus_days * bus_days * ENGINE_BYTES_PER_VEHICLE_PAIR
    ) / 2**20


def columns_mb(candidates: int) -> float:
    """Enumerating ``candidates`` bus days (each timed; the feasible ones kept)."""
    return candidates * COLUMN_BYTES / 2**20


def check_fits(
    what: str,
    needed_mb: float,
    *,
    budget_mb: int,
    already_mb: float = 0.0,
    **params: object,
) -> None:
    """Raise :class:`TooLargeError` if ``needed_mb`` more would exceed the budget.

    Parameters
    ----------
    what
        What would be built, for the message: a key of the catalogue (``sizes.matrix``, "the
        travel matrix of 3,001 places"), filled with ``params``.
    needed_mb
        Its estimated size.
    budget_mb
        ``[solver] max_memory_mb``.
    already_mb
        What is already held besides the base (e.g. the travel matrix, for the search).
    """
    total = BASE_MB + already_mb + needed_mb
    if total > budget_mb:
        built = Msg(what, **params)
        msg = Msg("sizes.too_large", what=built, needed=needed_mb, total=total, budget=budget_mb)
        raise TooLargeError(msg)

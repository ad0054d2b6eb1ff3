"""What a plan will cost in memory, known before anything large is built.

Every structure that grows with the input is sized here from counts alone, with figures
measured on this project's machine (``docs/model.md``, "Memory"), and compared with the
scenario's ``[solver] max_memory_mb``. A plan that would not fit stops with
:class:`busplanner.errors.TooLargeError` (exit code 3) naming the size, before it is built:
"too large" is the user's limit, not a crash.
"""

from __future__ import annotations

from busplanner.errors import TooLargeError
from busplanner.i18n import Msg

BASE_MB = 250
"""The process before any plan: Python, OR-Tools, VROOM, geopandas, the reports (about
200 MB measured, with a margin)."""

MATRIX_BYTES_PER_PAIR = 50
"""The travel matrix (distances and times as Python numbers), per pair of places: 47–48 B
measured for 500–2,000 stops."""

ROUTER_BYTES_PER_PAIR = 60
"""The routing engine's copy of the matrix (rounded times and costs), per pair: 57–58 B."""

ENGINE_BYTES_PER_JOB_VEHICLE = 1400
"""VROOM during a solve, per (visit, bus day) pair: 1.0–1.25 kB measured for 93 to 1,280
visits and 24 to 640 bus days."""

COLUMN_BYTES = 600
"""An enumerated bus day (a column of the exact models) and its share of a CP-SAT model."""


def matrix_mb(places: int) -> float:
    """The travel matrix of ``places`` places (the depot included)."""
    return places * places * MATRIX_BYTES_PER_PAIR / 2**20


def search_mb(places: int, visits: int, bus_days: int) -> float:
    """The periodic search: the router's matrix and one VROOM solve of every visit."""
    return (
        places * places * ROUTER_BYTES_PER_PAIR + visits * bus_days * ENGINE_BYTES_PER_JOB_VEHICLE
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

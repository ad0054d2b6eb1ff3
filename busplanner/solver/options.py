"""How to solve, apart from what: time limits, seed, CP-SAT workers, and which model.

What to solve is :class:`busplanner.problem.PlanningProblem`; the scenario's ``[solver]``
table becomes a :class:`SolveOptions` in one place, :meth:`SolveOptions.from_scenario`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from busplanner.scenario import Scenario

Method = Literal["auto", "day-patterns", "weekly", "search", "decomposition"]
METHODS: tuple[Method, ...] = ("auto", "day-patterns", "weekly", "search", "decomposition")


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

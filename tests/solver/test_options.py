"""SolveOptions: how to solve, checked when made, read from the scenario in one place."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import replace

import pytest

from busplanner.scenario import Scenario
from busplanner.solver import SolveOptions


def test_defaults_match_the_scenario_defaults(scenario: Scenario) -> None:
    options = SolveOptions()
    assert (options.time_limit_s, options.work_limit_s, options.seed) == (60.0, 20.0, 0)
    assert (options.workers, options.max_memory_mb, options.method) == (2, 2048, "auto")
    assert SolveOptions.from_scenario(scenario) == replace(
        options,
        time_limit_s=scenario.time_limit_s,
        work_limit_s=min(scenario.work_limit_s, scenario.time_limit_s),
        seed=scenario.seed,
        max_memory_mb=scenario.max_memory_mb,
    )


def test_from_scenario_caps_the_work_by_the_wall_clock(scenario: Scenario) -> None:
    short = replace(scenario, time_limit_s=3.0, work_limit_s=20.0, seed=5, max_memory_mb=512)
    options = SolveOptions.from_scenario(short)
    assert (options.time_limit_s, options.work_limit_s) == (3.0, 3.0)
    assert (options.seed, options.max_memory_mb) == (5, 512)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_limit_s", -1.0),
        ("time_limit_s", 0.0),
        ("time_limit_s", math.nan),
        ("time_limit_s", math.inf),
        ("work_limit_s", -0.5),
        ("seed", -1),
        ("seed", 1.5),
        ("seed", True),
        ("workers", 0),
        ("max_memory_mb", 0),
        ("method", "fastest"),
    ],
)
def test_bad_values_are_rejected(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"SolveOptions.{field} = "):
        SolveOptions(**{field: value})  # type: ignore[arg-type]
    # replace() checks too: the decomposition replaces limits on the way.
    with pytest.raises(ValueError, match=f"SolveOptions.{field} = "):
        replace(SolveOptions(), **{field: value})


@pytest.mark.parametrize("method", ["auto", "day-patterns", "weekly", "decomposition"])
def test_every_method_is_accepted(method: str) -> None:
    assert SolveOptions(method=method).method == method  # type: ignore[arg-type]


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SolveOptions().seed = 3  # type: ignore[misc]

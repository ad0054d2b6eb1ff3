"""The greedy start of the week-by-week model: feasible by construction, as CP-SAT needs."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from busplanner.pipeline import load_inputs
from busplanner.problem import PlanningProblem, build_problem
from busplanner.solver.columns import day_columns
from busplanner.solver.greedy import greedy_start
from busplanner.solver.records import XKey
from busplanner.timing import feasible_halves


def _pattern_keys(p: PlanningProblem) -> list[XKey]:
    """Every pattern of every stop, as the week-by-week model lists them."""
    halves = feasible_halves(p)
    weeks = p.cycle_weeks
    return [
        XKey(s.index, b, day, half, k, o)
        for s in p.stops
        for b in range(p.bus_count)
        for day, half in sorted(halves[s.index])
        for k in range(1, weeks + 1)
        if weeks % k == 0 and k <= s.visits_per_cycle
        for o in range(weeks // k)
    ]


@pytest.mark.parametrize("name", ["small.toml", "short_capacity.toml", "hours_inside.toml"])
def test_greedy_start_is_a_feasible_plan(scenarios_dir: Path, name: str) -> None:
    """At most one pattern per stop, at most one day route per bus day, and each chosen day
    route holds exactly the stops whose chosen patterns land on it."""
    scenario, territory = load_inputs(scenarios_dir / name)
    p = build_problem(scenario, territory)
    columns = day_columns(p)
    keys = _pattern_keys(p)
    chosen, picked = greedy_start(p, columns, keys)
    assert chosen <= set(keys)
    assert len({k.stop for k in chosen}) == len(chosen)
    assert len({(y.bus, y.week, y.day) for y in picked}) == len(picked)
    landing: dict[tuple[int, int, str], tuple[set[int], set[int]]] = defaultdict(
        lambda: (set(), set())
    )
    for k in chosen:
        for w in range(k.first_week, p.cycle_weeks, p.cycle_weeks // k.visits):
            landing[(k.bus, w, k.day)][0 if k.half == "morning" else 1].add(k.stop)
    routes = {
        (y.bus, y.week, y.day): (
            set(columns[y.day][y.column].morning),
            set(columns[y.day][y.column].afternoon),
        )
        for y in picked
    }
    assert routes == dict(landing)
    # Something is planned whenever a stop fits on its own somewhere.
    assert chosen


def test_greedy_start_serves_the_heaviest_stop_first(scenarios_dir: Path) -> None:
    """Capacity is short by one visit: the greedy start never leaves out the heaviest stop."""
    scenario, territory = load_inputs(scenarios_dir / "short_capacity.toml")
    p = build_problem(scenario, territory)
    chosen, _picked = greedy_start(p, day_columns(p), _pattern_keys(p))
    heaviest = min(p.stops, key=lambda s: (-s.demand_weight, s.id))
    assert heaviest.index in {k.stop for k in chosen}

"""Tests for busplanner.solver.search: the periodic search on real published rotations.

Invariants on small instances with short limits: every visit held or explained, one bus,
weekday, half-day and start time per stop (the independent checker), repeatable plans, and
``--keep`` keeping slots.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner import atomic
from busplanner.check import check_plan
from busplanner.importer import import_timetable
from busplanner.pipeline import load_inputs, plan_scenario, slots_of
from busplanner.plan import Plan
from busplanner.problem import build_problem
from busplanner.scenario import Scenario
from busplanner.solver import SolveOptions
from busplanner.solver.search import PeriodicSearch, Pin, exploration_levels
from busplanner.solver.vroom import VroomRouter
from busplanner.territory import Territory

ROOT = Path(__file__).resolve().parents[2]
NORTH_SOMERSET = ROOT / "data" / "mobile_libraries" / "northsomerset.csv"


@pytest.fixture(scope="module")
def somerset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """North Somerset's published rotation, imported: 34 stops, 39 visits in 2 weeks, five
    stops weekly (two visits a cycle on one weekday and time)."""
    out = tmp_path_factory.mktemp("somerset")
    imported = import_timetable(NORTH_SOMERSET, out=out)
    for name, text in imported.files().items():
        atomic.write_bytes(out / name, text.encode("utf-8"))
    return out / "scenario.toml"


def _plan(scenario: Scenario, territory: Territory, **options: object) -> Plan:
    solve = replace(SolveOptions.from_scenario(scenario), method="search", **options)
    return plan_scenario(scenario, territory, options=solve).plan


def test_the_search_holds_every_published_visit_at_one_time(somerset: Path) -> None:
    scenario, territory = load_inputs(somerset)
    plan = _plan(scenario, territory, time_limit_s=30.0)
    assert check_plan(plan, scenario, territory) == []  # plan_scenario checked it too
    assert sum(s.visits_planned for s in plan.stops) == 39 and not plan.unserved
    weekly = [s for s in plan.stops if s.visits_per_cycle == 2]
    assert len(weekly) == 5
    for s in weekly:
        starts = {v.start_min for r in plan.routes for v in r.visits if v.stop_id == s.id}
        assert len(starts) == 1 and s.every_weeks == 1
    # The published rotation drives 333.6 km per cycle with the same model and depot.
    assert plan.kpis["distance_km_per_cycle"] < 0.8 * 333.6


def test_the_search_is_repeatable(somerset: Path) -> None:
    scenario, territory = load_inputs(somerset)
    first = _plan(scenario, territory, time_limit_s=30.0)
    again = _plan(scenario, territory, time_limit_s=30.0)
    assert first.to_json() == again.to_json()


def test_keep_holds_the_slots_of_an_earlier_plan(somerset: Path) -> None:
    scenario, territory = load_inputs(somerset)
    before = _plan(scenario, territory, time_limit_s=30.0)
    solve = replace(SolveOptions.from_scenario(scenario), method="search", time_limit_s=30.0)
    after = plan_scenario(scenario, territory, keep=before, options=solve).plan
    old, new = slots_of(before), slots_of(after)
    kept = [sid for sid in old if new.get(sid) == old[sid]]
    assert len(kept) >= 0.8 * len(old)


def test_a_weekly_stop_is_pinned_where_its_times_hold(somerset: Path) -> None:
    scenario, territory = load_inputs(somerset)
    problem = build_problem(scenario, territory)
    search = PeriodicSearch(problem, VroomRouter(problem, exploration=2))
    weekly = sorted(s.index for s in problem.stops if s.visits_per_cycle == 2)
    visits = {s.index: s.visits_per_cycle for s in problem.stops}
    pins: dict[int, Pin] = {}
    for i in weekly:
        options = search.pin_options(i, 2, pins, visits)
        assert options, "an empty cycle has room for every weekly stop"
        pin = options[0]
        assert search.pin_cost(i, pin, 2, pins, visits) is not None
        pins[i] = pin
    # Every pinned day, timed on the stricter grid problem, keeps every pinned start exactly.
    starts = {i: q.start_min for i, q in pins.items()}
    for pin in pins.values():
        for bd in search.pin_days(pin, 2):
            am, pm = search.pinned_day(pins, visits, bd)
            assert search.timed(bd, am, pm, starts) is not None
    # A second stop pinned at the very same time and day cannot hold.
    first, second = weekly[0], weekly[1]
    clash = replace(pins[first])
    rest = {j: q for j, q in pins.items() if j != second}
    assert search.pin_cost(second, clash, 2, rest, visits) is None


def test_stops_left_short_keep_their_first_visits_first(somerset: Path, tmp_path: Path) -> None:
    """Half the bus days: not every visit fits. A stop's first visit comes before another's
    second, and what is left out is explained."""
    scenario, territory = load_inputs(somerset)
    short = replace(scenario, days=("monday", "tuesday"), cycle_weeks=2)
    plan = _plan(short, territory, time_limit_s=30.0)
    assert check_plan(plan, short, territory) == []
    assert plan.unserved and all(u.reason for u in plan.unserved)
    twice = [s for s in plan.stops if s.visits_planned == 2]
    never = [s for s in plan.stops if s.visits_planned == 0]
    # No stop is visited twice while another is left out entirely.
    assert never and not twice


def test_exploration_levels_fall_as_visits_grow() -> None:
    levels = [exploration_levels(n) for n in (50, 150, 151, 300, 600, 601, 5000)]
    assert levels[0] == (2, 5)
    assert all(a >= b for a, b in itertools.pairwise(levels))


def test_a_stops_file_frequency_reaches_the_search(somerset: Path, tmp_path: Path) -> None:
    """Every 2 weeks in a 4-week cycle: one weekday and start time, weeks two apart."""
    folder = somerset.parent
    with (folder / "stops.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["visits_per_cycle"] = "2" if row["visits_per_cycle"] == "2" else "1"
    stops = tmp_path / "stops.csv"
    with stops.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    text = somerset.read_text(encoding="utf-8").replace("weeks = 2", "weeks = 4")
    text = text.replace('territory = "stops.csv"', f'territory = "{stops.as_posix()}"')
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    scenario, territory = load_inputs(tmp_path / "s.toml")
    assert scenario.cycle_weeks == 4
    plan = _plan(scenario, territory, time_limit_s=30.0)
    assert sum(1 for s in plan.stops if s.visits_planned == 2) == 5
    for s in plan.stops:
        if s.visits_planned == 2:
            weeks = sorted(r.week for r in plan.routes for v in r.visits if v.stop_id == s.id)
            assert weeks[1] - weeks[0] == 2 and s.every_weeks == 2


def test_a_pinned_stop_missing_a_visit_keeps_what_is_evenly_spaced(somerset: Path) -> None:
    """The solution is read off the days routed: a stop pinned weekly but routed in one
    week only becomes a stop of one visit, and its stray visit elsewhere is dropped."""
    from busplanner.solver.routers import BusDay, Routed
    from busplanner.solver.search import _Plan, _solution

    scenario, territory = load_inputs(somerset)
    problem = build_problem(scenario, territory)
    search = PeriodicSearch(problem, VroomRouter(problem, exploration=0))
    i = next(s.index for s in problem.stops if s.visits_per_cycle == 2)
    pin = search.pin_options(i, 2, {}, {i: 2})[0]
    monday0 = BusDay(pin.bus, pin.first_week, pin.day)
    other = BusDay(0, 1 - pin.first_week, "friday" if pin.day != "friday" else "monday")
    half = ((i,), ()) if pin.half_day == "morning" else ((), (i,))
    routed = Routed({monday0: half, other: ((i,), ())}, {}, {}, ())
    solution = _solution(search, _Plan({i: 2}, {i: pin}, routed), SolveOptions(), 0)
    pattern = solution.patterns[i]
    assert (pattern.visits, pattern.every_weeks, pattern.first_week) == (1, 2, pin.first_week)
    assert [(r.week, r.day) for r in solution.routes] == [(monday0.week, monday0.day)]

"""Tests for busplanner.solver.vroom: the grid problem is stricter, pins hold, skills bind."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from busplanner.problem import PlanningProblem, build_problem
from busplanner.scenario import Scenario
from busplanner.solver.routers import BusDay, Job
from busplanner.solver.vroom import VroomRouter, grid_problem
from busplanner.territory import Territory
from busplanner.timing import time_route


@pytest.fixture(scope="module")
def short_sessions(scenario: Scenario, territory: Territory) -> PlanningProblem:
    """Roche aux Fées with 47-minute sessions, 7-minute set-up and pack-up, a 10-minute
    step: nothing lies on the grid by itself."""
    return build_problem(
        replace(scenario, session_min=47, setup_min=7, packup_min=7, time_step_min=10),
        territory,
    )


def test_what_the_grid_times_the_real_problem_times_no_later(
    short_sessions: PlanningProblem,
) -> None:
    p = short_sessions
    g = grid_problem(p)
    rng = random.Random(3)
    indices = [s.index for s in p.stops]
    checked = 0
    for _ in range(300):
        stops = rng.sample(indices, rng.randint(1, 5))
        cut = rng.randint(0, len(stops))
        day = rng.choice(p.days)
        on_grid = time_route(g, day, stops[:cut], stops[cut:])
        if on_grid is None:
            continue
        real = time_route(p, day, stops[:cut], stops[cut:])
        assert real is not None
        for a, b in zip(real.visits, on_grid.visits, strict=True):
            assert a.start_min <= b.start_min and b.start_min % p.time_step_min == 0
        # A start fixed on the grid is kept exactly on the real problem.
        fixed = {v.stop: v.start_min for v in on_grid.visits}
        pinned = time_route(p, day, stops[:cut], stops[cut:], not_before=fixed)
        assert pinned is not None
        assert [v.start_min for v in pinned.visits] == [fixed[v.stop] for v in pinned.visits]
        checked += 1
    assert checked > 50


def test_pinned_jobs_start_on_their_day_at_their_time(short_sessions: PlanningProblem) -> None:
    p = short_sessions
    router = VroomRouter(p, exploration=2)
    days = [BusDay(0, w, d) for w, d in itertools.product(range(2), ("monday", "tuesday"))]
    a, b, c = (s.index for s in p.stops[:3])
    pinned = BusDay(0, 1, "tuesday")
    jobs = [
        Job(1, a, 50, pinned, 600, "morning"),
        Job(2, b, 50),
        Job(3, c, 50, week_day=(0, "monday")),
    ]
    routed = router.solve(days, jobs)
    assert not routed.unassigned
    assert a in routed.days[pinned][0] and routed.starts[1] == 600
    monday = BusDay(0, 0, "monday")
    assert c in (*routed.days[monday][0], *routed.days[monday][1])
    # Every routed day can be timed on the real problem with the pin kept.
    for bd, (am, pm) in routed.days.items():
        timed = time_route(p, bd.day, am, pm, not_before={a: 600})
        assert timed is not None
        assert all(v.start_min == 600 for v in timed.visits if v.stop == a)


def test_a_job_that_cannot_be_placed_is_unassigned(short_sessions: PlanningProblem) -> None:
    p = short_sessions
    router = VroomRouter(p, exploration=0)
    a, b = p.stops[0].index, p.stops[1].index
    day = BusDay(0, 0, "monday")
    jobs = [
        Job(1, a, 50, day, 600, "morning"),
        Job(2, b, 50, day, 600, "morning"),  # the same minute, elsewhere
        Job(3, b, 50, BusDay(0, 1, "monday")),  # a bus day not routed
    ]
    routed = router.solve([day], jobs)
    assert set(routed.unassigned) == {2, 3} or set(routed.unassigned) == {1, 3}

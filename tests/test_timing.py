"""Tests for busplanner.timing: timing one bus day on the real Roche aux Fées problem."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from busplanner.problem import PlanningProblem, build_problem
from busplanner.scenario import Scenario, load_scenario
from busplanner.territory import Territory, load_territory
from busplanner.timing import TimedRoute, feasible_halves, time_route

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios" / "roche_aux_fees.toml"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


@functools.cache
def _scenario() -> Scenario:
    # The timing rule itself: sessions at their earliest (no [session] starts list; the
    # shipped scenario's list is tested below).
    return dataclasses.replace(load_scenario(SHIPPED), session_starts=())


@functools.cache
def _territory() -> Territory:
    return load_territory(_scenario().territory_path)


@functools.cache
def _problem(
    *, time_step_min: int = 5, opening_hours: str = "free", session_min: int = 180
) -> PlanningProblem:
    sc = dataclasses.replace(
        _scenario(),
        time_step_min=time_step_min,
        opening_hours=opening_hours,
        session_min=session_min,
    )
    return build_problem(sc, _territory())


@pytest.fixture(scope="module")
def problem() -> PlanningProblem:
    return _problem()


def idx(problem: PlanningProblem, code: str) -> int:
    return problem.stop(code).index


def assert_invariants(
    p: PlanningProblem, day: str, morning: list[int], afternoon: list[int], r: TimedRoute
) -> None:
    """Every rule a timed day must keep, re-derived from the problem."""
    assert [v.stop for v in r.visits] == [*morning, *afternoon]
    assert [v.half_day for v in r.visits] == ["morning"] * len(morning) + ["afternoon"] * len(
        afternoon
    )
    b0, b1 = r.break_min
    assert b1 - b0 == p.lunch_min
    assert p.lunch_earliest_min <= b0 and b1 <= p.lunch_latest_end_min
    assert p.shift_start_min <= r.start_min
    free_at, prev = r.start_min, 0
    for v in r.visits:
        assert v.end_min - v.start_min == p.session_min
        assert v.start_min % p.time_step_min == 0
        windows = p.stops[v.stop - 1].windows[day]
        assert any(a <= v.start_min and v.end_min <= b for a, b in windows)
        assert v.drive_min == p.travel.duration_min[prev][v.stop]
        assert v.distance_km == p.travel.distance_km[prev][v.stop]
        # Leaves only when free, arrives after driving.
        assert v.arrival_min - v.drive_min >= free_at
        if v.half_day == "morning":
            assert v.start_min - p.setup_min >= v.arrival_min
            assert v.end_min + p.packup_min <= b0
        else:
            # Lunch never overlaps a drive, set-up comes after it.
            assert v.arrival_min <= b0 or v.arrival_min - v.drive_min >= b1
            assert v.start_min - p.setup_min >= max(v.arrival_min, b1)
        free_at, prev = v.end_min + p.packup_min, v.stop
    assert r.return_drive_min == p.travel.duration_min[prev][0]
    assert r.end_min <= p.shift_end_min
    if not afternoon:
        # Lunch after returning, or (when that would end too late) before the drive back.
        if r.end_min == free_at + r.return_drive_min:
            assert b0 >= r.end_min
        else:
            assert b0 >= free_at and r.end_min == b1 + r.return_drive_min
            assert free_at + r.return_drive_min + p.lunch_min > p.lunch_latest_end_min
    else:
        assert r.end_min == free_at + r.return_drive_min
    first = r.visits[0]
    if first.half_day == "morning":
        # No waiting before the first session.
        assert first.arrival_min == first.start_min - p.setup_min
        assert r.start_min == first.arrival_min - first.drive_min
    assert r.distance_km == pytest.approx(
        sum(v.distance_km for v in r.visits) + r.return_distance_km
    )


def test_morning_and_afternoon_day(problem: PlanningProblem) -> None:
    colombe, brie = idx(problem, "35262"), idx(problem, "35041")
    r = time_route(problem, "monday", [colombe], [brie])
    assert r is not None
    assert_invariants(problem, "monday", [colombe], [brie], r)
    am, pm = r.visits
    assert am.end_min - am.start_min == 180
    assert pm.end_min - pm.start_min == 180
    assert am.start_min % 5 == 0 and pm.start_min % 5 == 0
    # The earliest session opens with the bus at 09:00; the crew arrives 10 min before to
    # set up, so it leaves the depot at 08:50 - 10 min drive = 08:40, not at 08:30.
    assert am.start_min == 540
    assert am.arrival_min == 540 - problem.setup_min
    assert r.start_min == am.arrival_min - am.drive_min == 520
    assert r.start_min > problem.shift_start_min
    # Lunch on arrival in Brie, at least 60 minutes, inside 12:00-14:00.
    b0, b1 = r.break_min
    assert b1 - b0 >= 60
    assert b0 >= 720 and b1 <= 840
    assert b0 == pm.arrival_min == am.end_min + problem.packup_min + pm.drive_min
    # Set-up after lunch, then the first 5-minute step.
    assert pm.start_min == 815
    assert pm.start_min >= b1 + problem.setup_min
    assert r.end_min == pm.end_min + problem.packup_min + r.return_drive_min
    assert r.end_min <= problem.shift_end_min


def test_morning_only_day_lunches_after_returning(problem: PlanningProblem) -> None:
    amanlis = idx(problem, "35002")
    r = time_route(problem, "monday", [amanlis], [])
    assert r is not None
    assert_invariants(problem, "monday", [amanlis], [], r)
    (v,) = r.visits
    # 09:00-12:00, pack up to 12:10, 20 minutes back: lunch 12:30-13:30 at the depot.
    assert (v.start_min, v.end_min) == (540, 720)
    assert r.end_min == 750
    assert r.break_min == (750, 810)


def test_afternoon_only_day_lunches_on_arrival(problem: PlanningProblem) -> None:
    amanlis = idx(problem, "35002")
    r = time_route(problem, "monday", [], [amanlis])
    assert r is not None
    assert_invariants(problem, "monday", [], [amanlis], r)
    (v,) = r.visits
    # Leaves so as to arrive at 12:00, lunches, sets up, opens at 13:10.
    assert v.arrival_min == 720
    assert r.break_min == (720, 780)
    assert v.start_min == 790


def test_no_stops_is_no_day(problem: PlanningProblem) -> None:
    assert time_route(problem, "monday", [], []) is None


def test_window_too_short_for_a_session(problem: PlanningProblem) -> None:
    amanlis = idx(problem, "35002")
    stops = list(problem.stops)
    # 10:00-12:50 holds no 3-hour session.
    stops[amanlis - 1] = dataclasses.replace(stops[amanlis - 1], windows={"monday": ((600, 770),)})
    narrow = dataclasses.replace(problem, stops=tuple(stops))
    assert time_route(narrow, "monday", [amanlis], []) is None
    assert time_route(narrow, "monday", [], [amanlis]) is None
    assert time_route(narrow, "tuesday", [amanlis], []) is None  # no window at all


def test_two_morning_sessions_do_not_fit(problem: PlanningProblem) -> None:
    assert time_route(problem, "monday", [idx(problem, "35002"), idx(problem, "35041")], []) is None


def test_not_before_delays_a_session(problem: PlanningProblem) -> None:
    amanlis = idx(problem, "35002")
    r = time_route(problem, "monday", [], [amanlis], not_before={amanlis: 801})
    assert r is not None
    assert r.visits[0].start_min == 805  # the next 5-minute step


def test_inside_policy_keeps_arbrissel_out_of_mornings() -> None:
    # Arbrissel's town hall opens on tuesday and friday afternoons only (14:00-18:00).
    p = _problem(opening_hours="inside")
    arbrissel = idx(p, "35005")
    for day in DAYS:
        assert time_route(p, day, [arbrissel], []) is None, day
    assert p.stop("35005").windows["tuesday"] == ((840, 1020),)
    for day in ("tuesday", "friday"):
        r = time_route(p, day, [], [arbrissel])
        assert r is not None
        assert r.visits[0].start_min == 840
        assert_invariants(p, day, [], [arbrissel], r)
    halves = feasible_halves(p)[arbrissel]
    assert halves == {("tuesday", "afternoon"), ("friday", "afternoon")}


def test_free_policy_every_half_day_is_feasible(problem: PlanningProblem) -> None:
    for halves in feasible_halves(problem).values():
        assert halves == {(d, h) for d in DAYS for h in ("morning", "afternoon")}


_codes = st.sampled_from(range(1, 14))


@settings(max_examples=200, deadline=None)
@given(
    step=st.sampled_from([1, 5, 7, 10, 15, 30, 60]),
    policy=st.sampled_from(["free", "inside", "overlap"]),
    session=st.sampled_from([60, 90, 180]),
    day=st.sampled_from(DAYS),
    morning=st.lists(_codes, max_size=2, unique=True),
    afternoon=st.lists(_codes, max_size=2, unique=True),
)
def test_feasible_days_keep_their_invariants(
    step: int,
    policy: str,
    session: int,
    day: str,
    morning: list[int],
    afternoon: list[int],
) -> None:
    p = _problem(time_step_min=step, opening_hours=policy, session_min=session)
    r = time_route(p, day, morning, afternoon)
    if r is not None:
        assert_invariants(p, day, morning, afternoon, r)


def _listed(session_min: int, starts: tuple[int, ...]) -> PlanningProblem:
    sc = dataclasses.replace(_scenario(), session_min=session_min, session_starts=starts)
    return build_problem(sc, _territory())


def test_sessions_start_at_the_listed_times_when_they_fit() -> None:
    """2 h 30 sessions: without a list the afternoon starts right after lunch (13:xx); with
    ["09:00", "14:00"] it starts at 14:00, the morning at 09:00."""
    free = _problem(session_min=150)
    listed = _listed(150, (540, 840))
    a, b = idx(free, "35002"), idx(free, "35041")
    plain = time_route(free, "monday", [a], [b])
    kept = time_route(listed, "monday", [a], [b])
    assert plain is not None and kept is not None
    assert plain.visits[1].start_min < 840
    assert [v.start_min for v in kept.visits] == [540, 840]
    # Feasibility and kilometres do not depend on the list.
    assert kept.distance_km == plain.distance_km


def test_a_listed_time_that_does_not_fit_gives_way_to_the_earliest() -> None:
    """A listed 16:00 start cannot hold a 2 h 30 session before 17:00: the earliest start
    stays; a pinned stop (not_before) is never moved by the list."""
    listed = _listed(150, (540, 960))
    free = _problem(session_min=150)
    a, b = idx(free, "35002"), idx(free, "35041")
    kept = time_route(listed, "monday", [a], [b])
    plain = time_route(free, "monday", [a], [b])
    assert kept is not None and plain is not None
    assert kept.visits[1].start_min == plain.visits[1].start_min
    pinned = time_route(listed, "monday", [a], [b], not_before={a: 560})
    assert pinned is not None and pinned.visits[0].start_min == 560


def test_a_plan_keeps_the_listed_starts_and_names_the_sessions_that_cannot() -> None:
    from busplanner.check import check_plan
    from busplanner.pipeline import plan_scenario

    sc = dataclasses.replace(_scenario(), session_min=150, session_starts=(540, 840))
    territory = _territory()
    plan = plan_scenario(sc, territory).plan
    assert check_plan(plan, sc, territory) == []
    starts = {v.start_min for r in plan.routes for v in r.visits if v.half_day == "afternoon"}
    assert starts == {840}
    off = {v.stop_id for r in plan.routes for v in r.visits if v.start_min not in (540, 840)}
    named = [w for w in plan.warnings if "[session] starts" in w]
    assert len(named) == len(off)

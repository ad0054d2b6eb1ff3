"""Tests for busplanner.problem: the frequency rule, session windows, the built problem."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from busplanner.errors import InfeasibleError, ScenarioError
from busplanner.problem import (
    build_problem,
    bus_capacity,
    session_windows,
    sessions_per_half_day,
    visit_targets,
)
from busplanner.scenario import Scenario
from busplanner.territory import Territory
from busplanner.timing import time_route

# --------------------------------------------------------------------------------------
# visit_targets: the frequency rule


def test_minimum_first_then_dhondt() -> None:
    # 3 sessions for the minimum, 2 left: A (1000/2) first, then B (600/2 > 100/2).
    counts = visit_targets({"A": 1000, "B": 600, "C": 100}, capacity=5, cycle_weeks=2)
    assert counts == {"A": 2, "B": 2, "C": 1}


def test_priority_is_weight_over_next_count() -> None:
    # Over 6 weeks the counts go 1, 2, 3, 6. After A -> 2, A's next step is worth 160/3 = 53
    # and B's 100/2 = 50, so A gets it. (Weight over the current count would pick B: 80 < 100.)
    counts = visit_targets({"A": 160, "B": 100}, capacity=4, cycle_weeks=6)
    assert counts == {"A": 3, "B": 1}


def test_counts_are_divisors_and_steps_that_do_not_fit_are_skipped() -> None:
    # 4 weeks: counts 1, 2, 4. A goes 1 -> 2 -> 4, B 1 -> 2; B's next step (2 -> 4) needs 2
    # sessions and only 1 is left: it stays unused rather than giving B a count of 3.
    counts = visit_targets({"A": 900, "B": 400}, capacity=7, cycle_weeks=4)
    assert counts == {"A": 4, "B": 2}


def test_minimum_is_rounded_up_to_a_divisor() -> None:
    # A minimum of 3 visits over 4 weeks becomes 4 (every week); nothing is left to share.
    counts = visit_targets({"A": 1, "B": 1}, capacity=8, cycle_weeks=4, min_visits=3)
    assert counts == {"A": 4, "B": 4}


def test_minimum_is_kept_even_beyond_capacity() -> None:
    counts = visit_targets({"A": 1, "B": 2, "C": 3}, capacity=2, cycle_weeks=2)
    assert counts == {"A": 1, "B": 1, "C": 1}


def test_ties_go_to_the_lower_id() -> None:
    counts = visit_targets({"35002": 1.0, "35001": 1.0}, capacity=3, cycle_weeks=2)
    assert counts == {"35001": 2, "35002": 1}


def test_overrides_are_kept() -> None:
    # B is heaviest but fixed at 1; A and C share the rest; D is fixed at 0 (never visited).
    counts = visit_targets(
        {"A": 10, "B": 1000, "C": 5, "D": 50},
        capacity=8,
        cycle_weeks=2,
        overrides={"B": 1, "D": 0},
    )
    assert counts["B"] == 1
    assert counts["D"] == 0
    assert counts == {"A": 2, "B": 1, "C": 2, "D": 0}


def test_zero_minimum_leaves_light_stops_out() -> None:
    counts = visit_targets({"A": 10, "B": 1}, capacity=1, cycle_weeks=2, min_visits=0)
    assert counts == {"A": 1, "B": 0}


def _divisors(n: int) -> list[int]:
    return [k for k in range(1, n + 1) if n % k == 0]


@st.composite
def _targets_case(draw: st.DrawFn) -> tuple[dict[str, float], int, int, int, dict[str, int]]:
    weeks = draw(st.integers(1, 12))
    ids = draw(st.lists(st.sampled_from([f"35{i:03d}" for i in range(40)]), unique=True))
    weights = {sid: draw(st.floats(0.1, 10_000)) for sid in ids}
    capacity = draw(st.integers(0, 120))
    min_visits = draw(st.integers(0, 13))
    levels = [0, *_divisors(weeks)]
    overrides = draw(st.dictionaries(st.sampled_from(ids or ["x"]), st.sampled_from(levels)))
    return weights, capacity, weeks, min_visits, overrides


@settings(max_examples=200, deadline=None)
@given(case=_targets_case())
def test_visit_targets_properties(
    case: tuple[dict[str, float], int, int, int, dict[str, int]],
) -> None:
    weights, capacity, weeks, min_visits, overrides = case
    counts = visit_targets(
        weights, capacity=capacity, cycle_weeks=weeks, min_visits=min_visits, overrides=overrides
    )
    assert set(counts) == set(weights)
    for sid, k in counts.items():
        assert k == 0 or weeks % k == 0, (sid, k)
        if sid in overrides:
            assert k == overrides[sid]
        elif min_visits > 0:
            assert k >= min(min_visits, weeks)
    # What each stop gets before sharing: its override, or the minimum rounded up to a
    # divisor of the cycle (at most every week).
    first = (
        0 if min_visits == 0 else min(d for d in _divisors(weeks) if d >= min(min_visits, weeks))
    )
    minimums = sum(overrides.get(sid, first) for sid in weights)
    assert sum(counts.values()) <= max(capacity, minimums)


# --------------------------------------------------------------------------------------
# session_windows: the opening-hours policy

# Coësmes' real town-hall hours (09:00-12:30 every weekday, 14:00-18:00 on tuesday).
COESMES = {
    "monday": ((540, 750),),
    "tuesday": ((540, 750), (840, 1080)),
}


def test_free_gives_the_bus_open_hours(scenario: Scenario) -> None:
    assert session_windows(scenario, COESMES, "monday") == ((540, 1020),)
    assert session_windows(scenario, COESMES, "wednesday") == ((540, 1020),)  # closed, no matter


@pytest.mark.parametrize("policy", ["inside", "overlap"])
def test_unknown_hours_fall_back_to_open_hours(scenario: Scenario, policy: str) -> None:
    sc = dataclasses.replace(scenario, opening_hours=policy)
    assert session_windows(sc, None, "monday") == ((540, 1020),)


def test_inside_clips_to_open_hours(scenario: Scenario) -> None:
    sc = dataclasses.replace(scenario, opening_hours="inside")
    assert session_windows(sc, COESMES, "monday") == ((540, 750),)
    # 14:00-18:00 clipped to the bus's 17:00.
    assert session_windows(sc, COESMES, "tuesday") == ((540, 750), (840, 1020))
    assert session_windows(sc, COESMES, "wednesday") == ()  # town hall closed


def test_inside_drops_intervals_shorter_than_a_session(scenario: Scenario) -> None:
    sc = dataclasses.replace(scenario, opening_hours="inside")
    # 08:00-10:00 clipped to 09:00-10:00 (60 min), 14:00-16:59 (179 min): both too short.
    hours = {"monday": ((480, 600), (840, 1019))}
    assert session_windows(sc, hours, "monday") == ()


def test_overlap_widens_by_duration_minus_min_overlap(scenario: Scenario) -> None:
    sc = dataclasses.replace(scenario, opening_hours="overlap", min_overlap_min=60)
    # 10:00-11:00 widened by 180 - 60 = 120 min each side: 08:00-13:00, clipped to 09:00.
    assert session_windows(sc, {"monday": ((600, 660),)}, "monday") == ((540, 780),)
    # Interval shorter than min_overlap_min can never overlap enough: dropped.
    assert session_windows(sc, {"monday": ((600, 659),)}, "monday") == ()


def test_overlap_keeps_widened_intervals_apart(scenario: Scenario) -> None:
    sc = dataclasses.replace(scenario, opening_hours="overlap", min_overlap_min=60)
    # 09:00-12:30 -> 09:00-14:30 and 14:00-18:00 -> 12:00-17:00: they overlap but stay
    # apart, so no session straddles the lunch gap with less than 60 min in each opening.
    assert session_windows(sc, COESMES, "tuesday") == ((540, 870), (720, 1020))
    assert session_windows(sc, COESMES, "monday") == ((540, 870),)


def test_overlap_window_edges_overlap_exactly_min_overlap(scenario: Scenario) -> None:
    sc = dataclasses.replace(scenario, opening_hours="overlap", min_overlap_min=90)
    [(a, b)] = session_windows(sc, {"monday": ((660, 900),)}, "monday")
    # The earliest session ends 90 min after the town hall opens, the latest starts 90 min
    # before it closes.
    assert a + sc.session_min == 660 + 90
    assert b - sc.session_min == 900 - 90


def _overlap(a: int, b: int, o: int, c: int) -> int:
    return max(0, min(b, c) - max(a, o))


@st.composite
def _hours(draw: st.DrawFn, *, max_intervals: int) -> tuple[tuple[int, int], ...]:
    """Disjoint town-hall intervals of one day, on a 15-minute grid between 07:00 and 20:00."""
    cuts = draw(st.lists(st.integers(28, 80), min_size=2, max_size=2 * max_intervals, unique=True))
    cuts = sorted(cuts)[: len(cuts) // 2 * 2]
    return tuple((15 * cuts[i], 15 * cuts[i + 1]) for i in range(0, len(cuts), 2))


def _check_overlap_windows(
    sc: Scenario, hours: tuple[tuple[int, int], ...], offset: int, duration: int, overlap: int
) -> None:
    sc = dataclasses.replace(
        sc, opening_hours="overlap", session_min=duration, min_overlap_min=overlap
    )
    for a, b in session_windows(sc, {"monday": hours}, "monday"):
        assert b - a >= duration
        assert sc.open_start_min <= a and b <= sc.open_end_min
        # Sessions at the window's edges and one in between.
        for start in (a, b - duration, a + (offset % (b - a - duration + 1))):
            best = max(_overlap(start, start + duration, o, c) for o, c in hours)
            assert best >= overlap, (start, hours)


@settings(max_examples=150, deadline=None)
@given(
    hours=_hours(max_intervals=1),
    offset=st.integers(0, 10_000),
    duration=st.sampled_from([60, 90, 120, 180, 240]),
    overlap=st.integers(1, 60),
)
def test_overlap_window_sessions_overlap_the_one_interval(
    scenario: Scenario, hours: tuple[tuple[int, int], ...], offset: int, duration: int, overlap: int
) -> None:
    _check_overlap_windows(scenario, hours, offset, duration, overlap)


@settings(max_examples=150, deadline=None)
@given(
    hours=_hours(max_intervals=3),
    offset=st.integers(0, 10_000),
    duration=st.sampled_from([60, 90, 120, 180, 240]),
    overlap=st.integers(1, 60),
)
@example(hours=((540, 750), (840, 1080)), offset=165, duration=180, overlap=60)
def test_overlap_window_sessions_overlap_some_interval(
    scenario: Scenario, hours: tuple[tuple[int, int], ...], offset: int, duration: int, overlap: int
) -> None:
    _check_overlap_windows(scenario, hours, offset, duration, overlap)


# --------------------------------------------------------------------------------------
# sessions_per_half_day


def test_sessions_per_half_day_default(scenario: Scenario) -> None:
    # 09:00-13:00 and 13:00-17:00 hold one 3-hour session each.
    assert sessions_per_half_day(scenario) == (1, 1)


def test_shorter_sessions_fit_more(scenario: Scenario) -> None:
    # 90 + 20 (pack up, set up) + 90 = 200 <= 240 minutes in each half-day.
    assert sessions_per_half_day(dataclasses.replace(scenario, session_min=90)) == (2, 2)
    assert sessions_per_half_day(dataclasses.replace(scenario, session_min=60)) == (3, 3)


def test_too_long_sessions_fit_nowhere(scenario: Scenario) -> None:
    assert sessions_per_half_day(dataclasses.replace(scenario, session_min=300)) == (0, 0)


def test_sessions_per_half_day_counts_setup_and_packup(
    scenario: Scenario, territory: Territory
) -> None:
    # Put the depot on Amanlis' stop so the drive there takes 0 minutes: what fits is then
    # decided by set-up, pack-up, lunch and open hours alone. 230 minutes is the longest
    # session that fits each half-day of the default scenario; 240 fits none.
    amanlis = territory.by_code()["35002"]
    depot = dataclasses.replace(scenario.depot, lon=amanlis.stop_lon, lat=amanlis.stop_lat)
    fits = dataclasses.replace(scenario, session_min=230, depot=depot)
    problem = build_problem(fits, territory)
    i = problem.stop("35002").index
    assert problem.travel.duration_min[0][i] == 0
    assert sessions_per_half_day(fits) == (1, 1)
    assert time_route(problem, "monday", [i], []) is not None
    assert time_route(problem, "monday", [], [i]) is not None
    too_long = dataclasses.replace(scenario, session_min=240, depot=depot)
    assert sessions_per_half_day(too_long) == (0, 0)
    with pytest.raises(InfeasibleError, match="no 240-minute session fits a working day"):
        build_problem(too_long, territory)


# --------------------------------------------------------------------------------------
# build_problem on the real scenario and territory


def test_build_problem_on_the_real_territory(scenario: Scenario, territory: Territory) -> None:
    problem = build_problem(scenario, territory)
    assert len(problem.stops) == 13
    ids = [s.id for s in problem.stops]
    assert "35262" in ids  # Sainte-Colombe
    assert not {"35136", "35239", "35167"} & set(ids)
    assert [s.index for s in problem.stops] == list(range(1, 14))
    assert problem.sessions_per_half_day == (1, 1)
    assert bus_capacity(problem).sessions == 20  # 1 bus x 2 weeks x 5 days x 2 half-days
    assert sum(s.visits_per_cycle for s in problem.stops) == 20
    by_pop = sorted(problem.stops, key=lambda s: -(s.population or 0))
    assert [s.visits_per_cycle for s in by_pop] == [2] * 7 + [1] * 6
    assert all(s.demand_weight == s.population for s in problem.stops)
    # The 'free' policy: every weekday, the bus's open hours.
    for s in problem.stops:
        assert s.windows == {day: ((540, 1020),) for day in scenario.days}
    # The matrix: depot row 0, one row per stop, zero diagonal, symmetric.
    dur = problem.travel.duration_min
    assert len(dur) == 14
    assert all(dur[i][i] == 0 for i in range(14))
    assert all(dur[i][j] == dur[j][i] for i in range(14) for j in range(14))
    assert problem.depot.lat == 47.91136
    assert problem.warnings == ()


def test_unknown_hours_are_warned_when_the_policy_uses_them(
    scenario: Scenario, territory: Territory
) -> None:
    colombe = territory.by_code()["35262"]
    communes = tuple(
        dataclasses.replace(c, opening_hours=None) if c is colombe else c
        for c in territory.communes
    )
    changed = dataclasses.replace(territory, communes=communes)
    sc = dataclasses.replace(scenario, opening_hours="inside")
    (warning,) = build_problem(sc, changed).warnings
    assert warning.startswith("Sainte-Colombe (35262): town-hall hours unknown")
    assert build_problem(scenario, changed).warnings == ()  # 'free' does not need them


def test_served_code_missing_from_territory(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(scenario, served=("35002", "35991"), excluded=())
    with pytest.raises(ScenarioError) as info:
        build_problem(sc, territory)
    [problem] = info.value.problems
    assert problem.field == "[served] communes[1]"
    assert "'35991' is not in the territory" in problem.message
    assert "did you mean" in problem.message


def test_excluded_code_missing_from_territory(scenario: Scenario, territory: Territory) -> None:
    # 35293 is a typo for Retiers, 35239.
    sc = dataclasses.replace(scenario, excluded=("35136", "35293"))
    with pytest.raises(ScenarioError) as info:
        build_problem(sc, territory)
    [problem] = info.value.problems
    assert problem.field == "[served] exclude[1]"
    assert "did you mean '35239' (Retiers)?" in problem.message


def test_served_list_keeps_only_those(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(scenario, served=("35005", "35002"), excluded=())
    problem = build_problem(sc, territory)
    # In the order of the list.
    assert [s.id for s in problem.stops] == ["35005", "35002"]
    # Capacity 20 for 2 stops: each every week, the rest unused.
    assert [s.visits_per_cycle for s in problem.stops] == [2, 2]

"""The published rotation (busplanner.importer.rotation): the legs, the lunch break the
published days leave room for, the crew's shift, and the plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from busplanner.importer.rotation import (
    DEFAULT_LUNCH,
    Legs,
    LunchRule,
    Session,
    crew_shift,
    day_sessions,
    derive_lunch,
)
from busplanner.importer.stops import ImportedStop
from busplanner.travel import great_circle_matrix


class _Travel:
    travel_model = "great_circle"
    speed_kmh = 50.0
    detour_factor = 1.3


def _stop(sid: str, weekday: str, start: int, end: int, weeks: tuple[int, ...]) -> ImportedStop:
    return ImportedStop(
        id=sid,
        name=sid,
        community=sid,
        stop="",
        address="",
        lon=-2.5,
        lat=51.3,
        weekday=weekday,
        start_min=start,
        session_min=end - start,
        weeks=weeks,
        ends=tuple(end for _ in weeks),
        lines=(2,),
    )


def _days(*stops: ImportedStop) -> tuple[dict[tuple[int, str], list[Session]], Legs]:
    """The days of ``stops``, all at one point (no drive between them), the depot 20 km off."""
    points = [(-2.5, 51.48), *((s.lon, s.lat) for s in stops)]
    return day_sessions(stops), Legs(_Travel(), points)  # type: ignore[arg-type]


def test_the_days_sessions_in_week_weekday_and_start_order() -> None:
    days, _ = _days(
        _stop("b", "tuesday", 600, 630, (1,)),
        _stop("a", "monday", 840, 900, (1, 2)),
        _stop("c", "monday", 600, 630, (2,)),
    )
    assert [(k, [x.stop.id for x in v]) for k, v in days.items()] == [
        ((1, "monday"), ["a"]),
        ((1, "tuesday"), ["b"]),
        ((2, "monday"), ["c", "a"]),
    ]


def test_the_lunch_break_keeps_three_days_in_four() -> None:
    days, legs = _days(
        # Mondays and Tuesdays of weeks 1 and 2: 10:00-11:30, then 13:00 (90 minutes free) ...
        _stop("m1", "monday", 600, 690, (1, 2)),
        _stop("m2", "monday", 780, 840, (1, 2)),
        _stop("t1", "tuesday", 600, 690, (1,)),
        _stop("t2", "tuesday", 780, 840, (1,)),
        # ... but one Tuesday has 45 minutes (12:15-13:00), and a Thursday has no gap.
        _stop("t3", "tuesday", 600, 735, (2,)),
        _stop("t4", "tuesday", 780, 840, (2,)),
        _stop("h", "thursday", 600, 690, (1,)),
    )
    assert derive_lunch(days, legs) == LunchRule(
        earliest_min=690,
        latest_end_min=780,
        duration_min=45,
        days=5,
        days_with_gap=4,
        days_keeping=4,
        gaps=(45, 90, 90, 90),
    )


def test_without_a_midday_gap_the_lunch_break_is_assumed() -> None:
    # Back to back at one point: no gap at all.
    days, legs = _days(_stop("a", "monday", 600, 690, (1,)), _stop("b", "monday", 690, 760, (1,)))
    rule = derive_lunch(days, legs)
    assert rule.assumed and (rule.earliest_min, rule.latest_end_min, rule.duration_min) == (
        DEFAULT_LUNCH
    )


def test_the_shift_leaves_in_time_for_the_first_session_and_returns_after_the_last() -> None:
    days, legs = _days(_stop("a", "monday", 600, 690, (1,)), _stop("b", "tuesday", 900, 1000, (1,)))
    drive = legs.minutes(0, 1)
    assert drive > 20  # 20 km at 50 km/h, and the detour
    start, end = crew_shift(days, legs, open_start=600, open_end=1000)
    assert start == (600 - drive) // 5 * 5
    assert end == -(-(1000 + drive) // 5) * 5
    # Never shorter than the open hours.
    assert crew_shift(days, legs, open_start=480, open_end=1200) == (480, 1200)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-5.0, 5.0), st.floats(40.0, 55.0)), min_size=2, max_size=12),
    st.floats(5, 130),
    st.floats(1, 3),
)
def test_the_legs_are_the_great_circle_matrix(
    points: list[tuple[float, float]], speed_kmh: float, detour: float
) -> None:
    """The import's legs, computed one by one, are the matrix's entries."""

    class Travel:
        travel_model = "great_circle"

    travel = Travel()
    travel.speed_kmh = speed_kmh  # type: ignore[attr-defined]
    travel.detour_factor = detour  # type: ignore[attr-defined]
    legs = Legs(travel, points)  # type: ignore[arg-type]
    matrix = great_circle_matrix(points, speed_kmh=speed_kmh, detour_factor=detour)
    for i in range(len(points)):
        for j in range(len(points)):
            assert legs.km(i, j) == matrix.distance_km[i][j]
            assert legs.minutes(i, j) == matrix.duration_min[i][j]

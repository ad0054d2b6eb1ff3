"""The rows placed in the cycle (busplanner.importer.weeks): weeks from dates or from
routes, frequencies against the cycle, reversed times, overlaps."""

from __future__ import annotations

import datetime as dt

from busplanner.importer.read import Row
from busplanner.importer.report import Report
from busplanner.importer.weeks import (
    assign_weeks,
    check_frequencies,
    flag_overlaps,
    settle_reversed_times,
)

from .rows import row


def _read(r: Row, *, route: str, day: str = "monday", start: int = 600, end: int = 630) -> Row:
    r.route, r.day, r.frequency, r.start, r.end = route, day, 4, start, end
    r.community, r.stop = r.cells["Community"], r.cells["Stop"]
    return r


def test_without_dates_the_routes_of_a_weekday_are_the_weeks_in_natural_order() -> None:
    rows = [
        _read(row(line=2), route="Day 10"),
        _read(row(line=3), route="Day 2"),
        _read(row(line=4), route="Day 2", day="tuesday"),
        _read(row(line=5), route="Day 30"),
        _read(row(line=6), route="Day 40"),
        _read(row(line=7), route="Day 50"),  # a fifth route on Monday: the cycle has 4
    ]
    report = Report()
    assign_weeks(rows, 4, report)
    assert [r.week for r in rows] == [2, 1, 1, 3, 4, None]
    assert rows[-1].skipped
    note, skipped = report.issues
    assert note.kind == "week_from_route" and skipped.kind == "too_many_routes"
    assert "Monday: Day 2 = 1, Day 10 = 2" in note.message("en")


def test_with_dates_the_week_is_the_dates_and_an_undated_row_takes_its_routes() -> None:
    monday = dt.date(2018, 1, 1)
    rows = [
        _read(row(line=2), route="A"),
        _read(row(line=3), route="B"),
        _read(row(line=4), route="A"),  # no date: route A's week
        _read(row(line=5), route="C"),  # no date, and route C has none
    ]
    rows[0].date, rows[1].date = monday + dt.timedelta(weeks=5), monday
    report = Report()
    assign_weeks(rows, 4, report)
    # Weeks count from the Monday of the earliest date, modulo the cycle.
    assert [r.week for r in rows[:3]] == [2, 1, 2]
    assert rows[3].skipped
    assert [i.kind for i in report.issues] == ["week_from_route_row", "no_week"]


def test_a_frequency_that_does_not_divide_the_cycle_or_differs_in_its_route() -> None:
    rows = [_read(row(line=n), route="A") for n in (2, 3, 4)]
    rows[1].frequency, rows[2].frequency = 2, 3
    report = Report()
    check_frequencies(rows, 4, report)
    assert {(i.line, i.kind) for i in report.issues} == {
        (3, "frequency_mixed"),  # 2 where route A says 4 (it divides the cycle)
        (4, "frequency_not_divisor"),
    }


def test_reversed_times_are_swapped_when_plausible() -> None:
    rows = [
        _read(row(line=2), route="A", start=14 * 60 + 35, end=14 * 60 + 5),  # 30 minutes
        _read(row(line=3), route="A", start=16 * 60, end=9 * 60),  # swapped: 7 hours
        _read(row(line=4), route="A", start=12 * 60 + 10, end=11 * 60 + 40),  # overlaps
        _read(row(line=5), route="A", start=12 * 60, end=12 * 60 + 30),
    ]
    for r in rows[:3]:
        r.reversed_times = True
    for r in rows:
        r.week = 1
    report = Report()
    settle_reversed_times(rows, report)
    assert (rows[0].start, rows[0].end, rows[0].skipped) == (14 * 60 + 5, 14 * 60 + 35, False)
    assert rows[1].skipped and rows[2].skipped
    why = [i.message("en") for i in report.issues]
    assert "420 minutes long" in why[1] and "overlapping line 5" in why[2]


def test_overlapping_sessions_of_a_round_are_flagged_but_a_duplicate_is_not() -> None:
    rows = [
        _read(row(line=2), route="A", start=600, end=660),
        _read(row(line=3, Community="Beta"), route="A", start=650, end=700),
        _read(row(line=4), route="A", start=600, end=660),  # line 2 again
    ]
    for r in rows:
        r.week = 1
    report = Report()
    flag_overlaps(rows, report)
    assert [(i.line, i.kind) for i in report.issues] == [(3, "overlap")]

"""Each field read and repaired (busplanner.importer.repair): what is fixed, what is
refused, and that a refused row is read no further."""

from __future__ import annotations

import datetime as dt

import pytest

from busplanner.importer.repair import (
    detect_swap,
    read_coordinates,
    read_day_and_date,
    read_fields,
    read_texts,
    read_times,
)
from busplanner.importer.report import Report

from .rows import row


@pytest.mark.parametrize(
    ("start", "minutes", "kind"),
    [
        ("10:00", 600, None),
        # a dot, an h for the colon
        ("12.30", 750, "time_separator"),
        ("9h05", 545, "time_separator"),
        # a dropped trailing zero: 11:1 is 11:10
        ("11:1", 670, "time_short"),
        # seconds are allowed and dropped
        ("10:00:00", 600, None),
    ],
)
def test_times_read_and_repaired(start: str, minutes: int, kind: str | None) -> None:
    r, report = row(Start=start, End="13:00"), Report()
    read_times(r, report)
    assert r.start == minutes and not r.skipped
    assert [i.kind for i in report.issues] == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        ("noon", "13:00", "bad_time"),
        ("25:00", "26:00", "bad_time"),
        ("", "", "empty_time"),
        ("09:00", "09:00", "zero_session"),
        ("06:00", "19:00", "long_session"),  # 13 hours: not a stop of a round
    ],
)
def test_times_refused(start: str, end: str, kind: str) -> None:
    r, report = row(Start=start, End=end), Report()
    read_times(r, report)
    assert r.skipped
    assert report.issues[0].kind == kind


def test_an_end_before_the_start_waits_for_its_round() -> None:
    r, report = row(Start="14:35", End="14:05"), Report()
    read_times(r, report)
    assert r.reversed_times and not r.skipped and report.issues == []


@pytest.mark.parametrize(
    ("day", "date", "weekday", "kinds"),
    [
        ("lundi", "", "monday", []),  # French
        ("Tue", "", "tuesday", []),  # an abbreviation
        ("", "2018-01-23", "tuesday", ["day_from_date"]),
        ("Monday", "23/01/2018", "monday", ["date_format", "day_date_mismatch"]),
        ("Monday", "2018-02-31", "monday", ["bad_date"]),
    ],
)
def test_day_and_date(day: str, date: str, weekday: str, kinds: list[str]) -> None:
    r, report = row(Day=day, Date=date), Report()
    read_texts(r, False, report)  # the route, which a row without Day needs
    read_day_and_date(r, report)
    assert r.day == weekday and not r.skipped
    assert [i.kind for i in report.issues] == kinds
    if date and kinds != ["bad_date"]:
        assert r.date == dt.date(2018, 1, 23)


@pytest.mark.parametrize(
    ("day", "route", "kind"),
    [
        ("Funday", "R", "bad_day"),
        ("T", "R", "bad_day"),  # Tuesday or Thursday: not guessed
        ("", "R", "empty_day"),
        ("", "", "no_day"),
    ],
)
def test_a_row_without_a_weekday_is_skipped(day: str, route: str, kind: str) -> None:
    r, report = row(Day=day, Route=route), Report()
    read_texts(r, False, report)
    read_day_and_date(r, report)
    assert r.skipped and report.issues[-1].kind == kind


def test_html_escapes_and_mojibake_are_decoded() -> None:
    r, report = row(Stop="St John&#39;s", Community="Lizzyâ€™s"), Report()
    read_texts(r, False, report)
    assert (r.stop, r.community) == ("St John's", "Lizzy’s")
    assert {i.kind for i in report.issues} == {"html_entity", "mojibake"}


def test_a_depot_row_is_no_visit_and_hints_at_the_depot_option() -> None:
    r, report = row(Community="NOT A PUBLIC STOP", Stop="Library depot", Day="", Route=""), Report()
    read_texts(r, False, report)
    assert r.skipped
    (issue,) = report.issues
    assert issue.kind == "not_public_no_day"
    assert "--depot 51.300000,-2.500000" in issue.message("en")


def test_swapped_stop_and_community_columns_are_detected() -> None:
    rows = [
        # Address "<stop>, <community>", the stop in the Community column.
        row(line=2, Community="Green", Stop="Alpha", Address="Green, Alpha"),
        row(line=3, Community="Hall", Stop="Beta", Address="Hall, Beta"),
        # one row the right way round: the majority decides
        row(line=4, Community="Gamma", Stop="Church", Address="Church, Gamma"),
    ]
    report = Report()
    assert detect_swap(rows, report)
    read_texts(rows[0], True, report)
    assert (rows[0].community, rows[0].stop) == ("Alpha", "Green")


@pytest.mark.parametrize(
    ("lon", "lat", "kind"),
    [
        ("", "51.3", "empty_coordinates"),
        ("-2.7x", "51.3", "bad_coordinates"),
        ("-2.7", "151.3", "coordinates_range"),
        ("0", "0", "coordinates_zero"),
    ],
)
def test_coordinates_refused(lon: str, lat: str, kind: str) -> None:
    r, report = row(Longitude=lon, Latitude=lat), Report()
    read_coordinates(r, report)
    assert r.skipped and report.issues[0].kind == kind


def test_a_row_refused_at_one_field_is_read_no_further() -> None:
    # A bad weekday, then a bad frequency and a bad time that are never reported.
    r, report = row(Day="Funday", Frequency="fortnightly", Start="noon"), Report()
    read_fields([r], False, report)
    assert [i.kind for i in report.issues] == ["bad_day"]
    good = row(line=3)
    read_fields([good], False, report)
    assert (good.day, good.frequency, good.start, good.end) == ("monday", 4, 600, 630)
    assert good.point == (-2.5, 51.3)

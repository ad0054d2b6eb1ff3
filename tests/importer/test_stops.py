"""Places made busplanner stops (busplanner.importer.stops): one weekday and one start time
each, evenly spaced weeks, ids, and the stops file."""

from __future__ import annotations

import csv
import io

import pytest

from busplanner.importer.read import Row
from busplanner.importer.report import Report
from busplanner.importer.stops import ImportedStop, _even_pieces, build_stops, stops_csv

from .rows import row


@pytest.mark.parametrize(
    ("weeks", "cycle", "pieces"),
    [
        ({1, 2, 3, 4}, 4, [[1, 2, 3, 4]]),  # weekly
        ({2, 4}, 4, [[2, 4]]),  # every other week
        ({1, 2}, 4, [[1], [2]]),  # two weeks in a row: two stops, each once a cycle
        ({1, 2, 4}, 4, [[1], [2, 4]]),  # the most visits first
        ({1, 4, 7}, 9, [[1, 4, 7]]),  # every third week of nine
    ],
)
def test_weeks_are_split_into_evenly_spaced_pieces(
    weeks: set[int], cycle: int, pieces: list[list[int]]
) -> None:
    assert _even_pieces(weeks, cycle) == pieces


def _visit(line: int, *, day: str, start: int, week: int, place: int = 0, **cells: str) -> Row:
    r = row(line=line, **cells)
    r.community, r.stop = r.cells["Community"], r.cells["Stop"]
    r.lon, r.lat = float(r.cells["Longitude"]), float(r.cells["Latitude"])
    r.day, r.start, r.end, r.week, r.frequency, r.place = day, start, start + 30, week, 4, place
    return r


def test_a_place_on_two_slots_becomes_two_stops_with_a_note() -> None:
    rows = [
        _visit(2, day="monday", start=600, week=1),
        _visit(3, day="tuesday", start=840, week=2),
        _visit(4, day="monday", start=600, week=3, Frequency="4"),
    ]
    rows[2].end = 660  # an hour where the stop's other Monday lasts 30 minutes
    report = Report()
    stops = build_stops(rows, [rows], 4, report)
    assert [(s.id, s.weeks, s.session_min) for s in stops] == [
        ("alpha-green-mon-1000", (1, 3), 30),
        ("alpha-green-tue-1400", (2,), 30),
    ]
    assert stops[0].ends == (630, 660) and stops[0].lines == (2, 4)
    kinds = [(i.line, i.kind) for i in report.issues]
    assert kinds == [(4, "session_mixed"), (2, "two_stops")]


def test_a_row_that_adds_no_week_is_skipped() -> None:
    rows = [_visit(2, day="monday", start=600, week=1), _visit(3, day="monday", start=600, week=1)]
    report = Report()
    (stop,) = build_stops(rows, [rows], 4, report)
    assert stop.lines == (2,) and rows[1].skipped
    assert [(i.line, i.kind) for i in report.issues] == [(3, "duplicate_week")]


def test_two_places_of_one_name_get_ids_told_apart_by_their_position() -> None:
    a = _visit(2, day="monday", start=600, week=1, place=0)
    b = _visit(3, day="monday", start=700, week=1, place=1, Longitude="-2.6")
    stops = build_stops([a, b], [[a], [b]], 4, Report())
    ids = [s.id for s in stops]
    assert ids[0] != ids[1] and all(i.startswith("alpha-green-") for i in ids)


def test_the_stops_file_protects_text_against_spreadsheet_formulas() -> None:
    stop = ImportedStop(
        id="=cmd",
        name='=HYPERLINK("http://x")',
        community="Alpha",
        stop="Green",
        address="+33 rue",
        lon=-2.5,
        lat=51.3,
        weekday="monday",
        start_min=600,
        session_min=30,
        weeks=(1, 3),
        ends=(630, 630),
        lines=(2, 4),
    )
    (record,) = csv.DictReader(io.StringIO(stops_csv([stop])))
    assert record["name"].startswith("'=") and record["id"] == "'=cmd"
    assert record["address"] == "'+33 rue"
    assert (record["lon"], record["visits_per_cycle"]) == ("-2.500000", "2")

"""Rows of a timetable built in a test (``busplanner.importer.read.Row``), every column filled
with a plausible default unless given."""

from __future__ import annotations

from busplanner.importer.read import Row

DEFAULTS = {
    "Mobile": "M1",
    "Route": "W1Mon",
    "Community": "Alpha",
    "Stop": "Green",
    "Address": "",
    "Longitude": "-2.5",
    "Latitude": "51.3",
    "Date": "",
    "Day": "Monday",
    "Frequency": "4",
    "Start": "10:00",
    "End": "10:30",
    "Timetable": "",
}


def row(line: int = 2, **cells: str) -> Row:
    """A row at ``line`` of the file, ``cells`` over the defaults."""
    return Row(line, {**DEFAULTS, **cells})

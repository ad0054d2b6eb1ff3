"""Read a published mobile-library timetable and turn it into a busplanner starter kit.

The input is a CSV in the layout of the LibrariesHacked project (UK mobile libraries), which
busplanner's own ``opendata.csv`` writes too: ``Mobile, Route, Community, Stop, Address,
Longitude, Latitude, Date, Day, Frequency, Start, End, Timetable``, one row per run of a stop.
:func:`import_timetable` reads one mobile's rows, repairs what it safely can, reports every
defect with its line, field and what was done, groups the rows into busplanner stops (one
weekday and one start time each, evenly spaced over the cycle), and builds:

- the stops file (``stops.csv``, busplanner's stops format, visits per cycle fixed),
- a starter scenario (``scenario.toml``): every value taken from the rows says so, every
  other value is named as an ASSUMPTION,
- the published rotation as a ``busplanner.plan/1`` plan (``current.json``), timed with the
  scenario's travel model, so that a timetable too tight for the model shows when checked,
- the import report (``import-report.txt``).

Nothing is written here: the result is an immutable value; ``busplanner import timetable``
prints and writes it. The rules are documented in ``docs/import.md``.

The modules follow the steps (:func:`busplanner.importer.timetable.import_timetable` runs them
in order): :mod:`~busplanner.importer.read` (the file and the mobile's rows),
:mod:`~busplanner.importer.repair` (each field read and repaired),
:mod:`~busplanner.importer.weeks` (the rows placed in the cycle),
:mod:`~busplanner.importer.geocoding` (positions checked, rows grouped into places),
:mod:`~busplanner.importer.stops` (places made stops, ``stops.csv``),
:mod:`~busplanner.importer.rotation` (lunch, shift and the published rotation as a plan),
:mod:`~busplanner.importer.scenario` (the depot and ``scenario.toml``), and
:mod:`~busplanner.importer.report` (the report's lines, in French and English).
"""

from busplanner.importer.read import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from busplanner.importer.report import ACTIONS, Issue
from busplanner.importer.rotation import LunchRule
from busplanner.importer.scenario import region_of
from busplanner.importer.stops import ImportedStop
from busplanner.importer.timetable import TimetableImport, import_timetable

__all__ = [
    "ACTIONS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportedStop",
    "Issue",
    "LunchRule",
    "TimetableImport",
    "import_timetable",
    "region_of",
]

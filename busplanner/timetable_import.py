"""The former home of the timetable import, kept so that ``from busplanner.timetable_import
import import_timetable`` still works: the import is the package :mod:`busplanner.importer`."""

from busplanner.importer import (
    ACTIONS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ImportedStop,
    Issue,
    LunchRule,
    TimetableImport,
    import_timetable,
    region_of,
)

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

"""Reports on a plan for the people who run the bus: timetable (terminal, CSV) and map (folium).

Reports only read a :class:`~busplanner.plan.Plan`; they never solve anything. User-facing
text is French by default and English with ``lang="en"``.
"""

from busplanner.reports.i18n import t
from busplanner.reports.map import build_map
from busplanner.reports.timetable import (
    print_schedule,
    print_unserved,
    schedule_rows,
    timetable_csv,
)

__all__ = [
    "build_map",
    "print_schedule",
    "print_unserved",
    "schedule_rows",
    "t",
    "timetable_csv",
]

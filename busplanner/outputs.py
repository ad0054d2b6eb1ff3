"""The files a plan is written as: built in memory first, then written, each atomically.

Shared by ``busplanner plan`` (a plan just solved) and ``busplanner report`` (a saved plan:
one written earlier, hand-made, or a published rotation imported as ``current.json``).
Reports never solve; this module only calls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from busplanner import atomic
from busplanner.plan import Plan
from busplanner.reports import build_map, timetable_csv
from busplanner.reports import pdf as pdf_report
from busplanner.reports.exports import geopackage, opendata_csv
from busplanner.scenario import ServiceInfo
from busplanner.territory import Territory


@dataclass(frozen=True)
class Outputs:
    """A plan's files (name inside the output folder -> content), and the visits that fall
    on a public holiday (left out of the dated files, printed by the CLI)."""

    files: dict[str, str | bytes]
    skipped: tuple


def build_outputs(
    plan: Plan,
    territory: Territory,
    service: ServiceInfo,
    *,
    lang: str,
    first_day: dt.date,
    weeks: int | None,
    offline: bool = False,
    chromium: str | None = None,
) -> Outputs:
    """Every file of a plan, in memory: an error here leaves the output folder untouched.

    Raises
    ------
    PdfError
        If ``chromium`` is given and fails to print a page.
    """
    # Imported here: icalendar and holidays would slow down the start of every command.
    from busplanner.reports import public
    from busplanner.reports.dates import visit_dates

    files: dict[str, str | bytes] = {
        "plan.json": plan.to_json(),
        "timetable.csv": timetable_csv(plan, lang),
        "map.html": build_map(plan, territory, lang, offline=offline),
    }
    dated, skipped = visit_dates(plan, first_day, weeks or public.default_weeks(plan.cycle_weeks))
    files["opendata.csv"] = opendata_csv(plan, dated, lang)
    files.update(
        public.public_files(
            plan, dated, skipped, lang=lang, service=service, scenario_name=plan.scenario_name
        )
    )
    if chromium is not None:
        files.update(pdf_report.html_to_pdf(public.printable_pages(files), chromium=chromium))
    return Outputs(files, tuple(skipped))


def write_outputs(
    out: Path, outputs: Outputs, plan: Plan, territory: Territory, lang: str
) -> list[str]:
    """Write the files, each atomically, then the GeoPackage; return the names written."""
    for name, data in outputs.files.items():
        atomic.write_bytes(out / name, data if isinstance(data, bytes) else data.encode("utf-8"))
    # GDAL writes the GeoPackage to a path, so it comes last (also atomically: temp + rename).
    geopackage(plan, territory, out / "plan.gpkg", lang=lang)
    return [*outputs.files, "plan.gpkg"]

"""The outputs for the public, built together: printable timetable, posters, calendars.

Also the dated period's rules (first day, number of weeks) that ``busplanner plan`` applies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from busplanner.plan import Plan
from busplanner.reports.calendar import commune_ics, plan_ics
from busplanner.reports.dates import DatedVisit, SkippedVisit
from busplanner.reports.i18n import check_lang, t
from busplanner.reports.printable import (
    format_date,
    holiday_name,
    poster_html,
    stop_file_stem,
    timetable_html,
)
from busplanner.scenario import ServiceInfo

MIN_WEEKS = 4
"""The dated outputs cover at least this many weeks by default."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_start(today: dt.date) -> dt.date:
    """The Monday after ``today`` (a week later when ``today`` is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def default_weeks(cycle_weeks: int) -> int:
    """The cycle length, but at least :data:`MIN_WEEKS` weeks."""
    return max(cycle_weeks, MIN_WEEKS)


def parse_start(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date.

    Raises
    ------
    ValueError
        With a message saying what was expected and what is wrong.
    """
    expected = f"expected a date as YYYY-MM-DD (e.g. 2027-05-03), got {text!r}"
    if not _ISO_DATE.match(text.strip()):
        raise ValueError(expected)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        msg = f"{expected}: {exc}"
        raise ValueError(msg) from None


def public_files(
    plan: Plan,
    dated: Sequence[DatedVisit],
    skipped: Sequence[SkippedVisit],
    *,
    lang: str,
    service: ServiceInfo,
    scenario_name: str,
) -> dict[str, str | bytes]:
    """Every public output, by file name relative to the output folder.

    ``timetable.html`` (printable, with dates), ``posters/<insee>-<slug>.html`` for each
    visited stop, ``timetable.ics`` and ``calendars/<insee>-<slug>.ics`` for each visited
    stop. Texts are ``str``, calendars ``bytes``.
    """
    lang = check_lang(lang)
    files: dict[str, str | bytes] = {
        "timetable.html": timetable_html(
            plan, lang=lang, service=service, dated=dated, skipped=skipped
        ),
        "timetable.ics": plan_ics(
            plan, dated, lang=lang, service=service, scenario_name=scenario_name
        ),
    }
    for stop in plan.stops:
        if stop.weekday is None:
            continue
        stem = stop_file_stem(stop)
        files[f"posters/{stem}.html"] = poster_html(
            plan, stop.id, lang=lang, service=service, upcoming=dated, skipped=skipped
        )
        files[f"calendars/{stem}.ics"] = commune_ics(
            plan, dated, stop.id, lang=lang, service=service, scenario_name=scenario_name
        )
    return files


def printable_pages(files: Mapping[str, str | bytes]) -> dict[str, str]:
    """The pages of :func:`public_files` meant for paper: the timetable and the posters."""
    return {
        name: text
        for name, text in files.items()
        if isinstance(text, str) and (name == "timetable.html" or name.startswith("posters/"))
    }


def skipped_lines(plan: Plan, skipped: Sequence[SkippedVisit], lang: str = "fr") -> list[str]:
    """One line per visit left out for a public holiday, for the terminal."""
    names = {s.id: s.name for s in plan.stops}
    return [
        t(
            "skipped_line",
            lang,
            date=format_date(s.date, lang),
            commune=names.get(s.visit.stop_id, s.visit.stop_id),
            holiday=holiday_name(s.date, lang, fallback=s.holiday),
        )
        for s in skipped
    ]

"""The outputs for the public, built together: printable timetable, posters, calendars.

Also the dated period's rules (first day, number of weeks) that ``busplanner plan`` applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from busplanner.plan import Plan
from busplanner.region import use_region
from busplanner.reports.calendar import CalendarRun, commune_ics, event_uid, plan_ics
from busplanner.reports.dates import DatedVisit, SkippedVisit, visit_dates
from busplanner.reports.i18n import check_lang, t
from busplanner.reports.printable import (
    POSTER_DATES,
    format_date,
    holiday_name,
    poster_html,
    stop_file_stem,
    timetable_html,
)
from busplanner.scenario import Closure, ServiceInfo
from busplanner.timeutil import parse_date

MIN_WEEKS = 4
"""The dated outputs cover at least this many weeks by default."""


def default_start(today: dt.date) -> dt.date:
    """The Monday after ``today`` (a week later when ``today`` is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def default_weeks(cycle_weeks: int) -> int:
    """The cycle length, but at least :data:`MIN_WEEKS` weeks."""
    return max(cycle_weeks, MIN_WEEKS)


def parse_start(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date (:func:`busplanner.timeutil.parse_date`).

    Raises
    ------
    ValueError
        With a message saying what was expected and what is wrong.
    """
    return parse_date(text)


def poster_dates(
    plan: Plan, first_day: dt.date, closures: Sequence[Closure] = ()
) -> tuple[list[DatedVisit], list[SkippedVisit]]:
    """Dated visits far enough ahead that every visited stop's poster lists its next
    :data:`~busplanner.reports.printable.POSTER_DATES` dates, whatever ``--weeks`` says
    (public holidays and closures skipped); at most two years ahead."""
    visited = {s.id for s in plan.stops if s.weekday is not None}
    every = max((s.every_weeks or 1 for s in plan.stops if s.weekday is not None), default=1)
    weeks = max(plan.cycle_weeks, every) * POSTER_DATES + 4
    while True:
        dated, skipped = visit_dates(plan, first_day, weeks, closures=closures)
        counts: dict[str, int] = {}
        for d in dated:
            counts[d.visit.stop_id] = counts.get(d.visit.stop_id, 0) + 1
        if weeks >= 104 or all(counts.get(sid, 0) >= POSTER_DATES for sid in visited):
            return dated, skipped
        weeks = min(104, weeks * 2)


def public_files(
    plan: Plan,
    dated: Sequence[DatedVisit],
    skipped: Sequence[SkippedVisit],
    *,
    lang: str,
    service: ServiceInfo,
    scenario_name: str,
    run: CalendarRun | None = None,
    posters: tuple[Sequence[DatedVisit], Sequence[SkippedVisit]] | None = None,
) -> dict[str, str | bytes]:
    """Every public output, by file name relative to the output folder.

    ``timetable.html`` (printable, with dates), ``posters/<insee>-<slug>.html`` for each
    visited stop, ``timetable.ics`` and ``calendars/<insee>-<slug>.ics`` for each visited
    stop, and for each stop no longer visited whose events ``run`` cancels. Texts are
    ``str``, calendars ``bytes``. ``posters``: the dated and skipped visits the posters list
    (default: ``dated`` and ``skipped``; :func:`poster_dates` gives six dates each).
    """
    lang = check_lang(lang)
    run = run or CalendarRun()
    poster_dated, poster_skipped = posters if posters is not None else (dated, skipped)
    files: dict[str, str | bytes] = {
        "timetable.html": timetable_html(
            plan, lang=lang, service=service, dated=dated, skipped=skipped
        ),
        "timetable.ics": plan_ics(
            plan, dated, lang=lang, service=service, scenario_name=scenario_name, run=run
        ),
    }
    visited = set()
    for stop in plan.stops:
        if stop.weekday is None:
            continue
        visited.add(stop.id)
        stem = stop_file_stem(stop)
        files[f"posters/{stem}.html"] = poster_html(
            plan,
            stop.id,
            lang=lang,
            service=service,
            upcoming=poster_dated,
            skipped=poster_skipped,
        )
        files[f"calendars/{stem}.ics"] = commune_ics(
            plan, dated, stop.id, lang=lang, service=service, run=run
        )
    # A commune no longer visited keeps its calendar, saying its events are cancelled.
    now = {event_uid(d.visit.stop_id, d.date) for d in dated}
    known = {s.id: s for s in plan.stops}
    for sid in sorted({p.stop_id for p in run.cancelled(now)} - visited):
        name, title = run.files.get(sid, ("", ""))
        if not name and sid in known:
            stop = known[sid]
            name = f"calendars/{stop_file_stem(stop)}.ics"
            title = t("ics_calendar", lang, service=service.name, name=stop.name)
        if name and name not in files:
            files[name] = commune_ics(
                plan, dated, sid, lang=lang, service=service, run=run, title=title
            )
    return files


def printable_pages(files: Mapping[str, str | bytes]) -> dict[str, str]:
    """The pages meant for paper: the timetable, the posters and the map to print."""
    return {
        name: text
        for name, text in files.items()
        if isinstance(text, str)
        and (name in ("timetable.html", "map-print.html") or name.startswith("posters/"))
    }


def skipped_lines(plan: Plan, skipped: Sequence[SkippedVisit], lang: str = "fr") -> list[str]:
    """The visits left out for a public holiday or a closure, for the terminal: one line per
    day and reason, naming the commune, or the first few of them and their count."""
    names = {s.id: s.name for s in plan.stops}
    with use_region(plan.region):
        return _skipped_lines(names, skipped, lang)


def _skipped_lines(
    names: Mapping[str, str], skipped: Sequence[SkippedVisit], lang: str
) -> list[str]:
    groups: dict[tuple[dt.date, bool, str], list[str]] = {}
    for s in skipped:
        why = (
            s.holiday or t("closed_default", lang)
            if s.closed
            else holiday_name(s.date, lang, fallback=s.holiday)
        )
        groups.setdefault((s.date, s.closed, why), []).append(
            names.get(s.visit.stop_id, s.visit.stop_id)
        )
    lines = []
    for (date, closed, why), communes in groups.items():
        when = format_date(date, lang)
        if len(communes) == 1:
            key, args = (
                ("closed_line", {"reason": why}) if closed else ("skipped_line", {"holiday": why})
            )
            lines.append(t(key, lang, date=when, commune=communes[0], **args))
            continue
        shown = ", ".join(communes[:SHOWN_NAMES])
        if len(communes) > SHOWN_NAMES:
            shown += t("names_more", lang, n=len(communes) - SHOWN_NAMES)
        key = "closed_group" if closed else "skipped_group"
        lines.append(t(key, lang, date=when, reason=why, n=len(communes), communes=shown))
    return lines


SHOWN_NAMES = 5
"""A line about many communes names this many, then counts the others."""

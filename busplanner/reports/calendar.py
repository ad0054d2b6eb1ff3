"""Calendars (RFC 5545, ``.ics``) of the dated visits: one for the whole plan, one per commune.

Events carry a stable UID (the same visit gets the same UID on every run, so re-importing a
calendar updates it instead of adding copies) and a DTSTAMP taken from the data, not the
clock: the same plan, dates and service give the same bytes. Times are local to
Europe/Paris, with the VTIMEZONE included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from busplanner.plan import Plan, Stop
from busplanner.reports.buses import bus_name, capitalised
from busplanner.reports.dates import DatedVisit
from busplanner.reports.i18n import check_lang, t
from busplanner.reports.printable import contact_lines
from busplanner.scenario import ServiceInfo
from busplanner.timeutil import format_hhmm

TIMEZONE = "Europe/Paris"
PRODID = "-//busplanner//Bus France services//FR"
UID_DOMAIN = "busplanner"


def event_uid(scenario_name: str, stop_id: str, day: dt.date, start_min: int) -> str:
    """The UID of a visit: a hash of scenario, stop, date and start time, ``@busplanner``."""
    key = f"{scenario_name}|{stop_id}|{day.isoformat()}|{format_hhmm(start_min)}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}@{UID_DOMAIN}"


def _description(service: ServiceInfo, lang: str) -> str:
    parts = []
    if service.help_with:
        parts.append(
            "\n".join([t("help_title", lang), *(f"- {item}" for item in service.help_with)])
        )
    contact = contact_lines(service, lang)
    if contact:
        parts.append("\n".join([t("contact_title", lang), *contact]))
    return "\n\n".join(parts)


def _calendar(
    plan: Plan,
    dated: Sequence[DatedVisit],
    events: Sequence[DatedVisit],
    *,
    lang: str,
    service: ServiceInfo,
    scenario_name: str,
    title: str,
) -> bytes:
    lang = check_lang(lang)
    tz = ZoneInfo(TIMEZONE)
    stops: dict[str, Stop] = {s.id: s for s in plan.stops}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", TIMEZONE)
    # DTSTAMP must be "now" in spirit but the output must not depend on the clock: the first
    # date of the period, the same for every calendar of a run.
    first = min((d.date for d in dated), default=None)
    stamp = dt.datetime.combine(first, dt.time(0, 0), tzinfo=dt.UTC) if first else None
    description = _description(service, lang)
    for d in events:
        stop = stops.get(d.visit.stop_id)
        name = stop.name if stop else d.visit.stop_id
        event = Event()
        event.add("uid", event_uid(scenario_name, d.visit.stop_id, d.date, d.visit.start_min))
        event.add("dtstamp", stamp)
        start = dt.datetime.combine(d.date, dt.time(0, 0), tzinfo=tz)
        event.add("dtstart", start + dt.timedelta(minutes=d.visit.start_min))
        event.add("dtend", start + dt.timedelta(minutes=d.visit.end_min))
        event.add("summary", f"{service.name} — {name}")
        if stop is not None:
            event.add("location", stop.address or stop.name)
            event.add("geo", (stop.lat, stop.lon))
        text = description
        if plan.bases:
            # Which bus comes, from which base: in the description only (the UID stays).
            bus = capitalised(bus_name(plan, d.route.bus, lang))
            text = f"{bus}\n\n{description}" if description else bus
        if text:
            event.add("description", text)
        if service.website:
            event.add("url", service.website)
        cal.add_component(event)
    if events:
        years = [d.date.year for d in events]
        cal.add_missing_timezones(
            first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 1, 1)
        )
    return cal.to_ical()


def plan_ics(
    plan: Plan,
    dated: Sequence[DatedVisit],
    *,
    lang: str = "fr",
    service: ServiceInfo,
    scenario_name: str,
) -> bytes:
    """A calendar with one event per dated visit of the plan (``timetable.ics``).

    ``dated`` comes from :func:`busplanner.reports.dates.visit_dates` (public holidays
    already left out). The output is UTF-8 bytes with CRLF line ends.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    title = t("ics_calendar", lang, service=service.name, name=scenario_name)
    return _calendar(
        plan,
        dated,
        dated,
        lang=lang,
        service=service,
        scenario_name=scenario_name,
        title=title,
    )


def commune_ics(
    plan: Plan,
    dated: Sequence[DatedVisit],
    stop_id: str,
    *,
    lang: str = "fr",
    service: ServiceInfo,
    scenario_name: str,
) -> bytes:
    """The calendar of one commune: the events of :func:`plan_ics` at ``stop_id``.

    Each event is the same as in the whole plan's calendar (same UID and content).

    Raises
    ------
    KeyError
        If ``stop_id`` is not a stop of the plan.
    ValueError
        If ``lang`` is not supported.
    """
    stop = plan.stop(stop_id)
    title = t("ics_calendar", lang, service=service.name, name=stop.name)
    return _calendar(
        plan,
        dated,
        [d for d in dated if d.visit.stop_id == stop_id],
        lang=lang,
        service=service,
        scenario_name=scenario_name,
        title=title,
    )

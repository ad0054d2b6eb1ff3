"""Calendars (RFC 5545, ``.ics``) of the dated visits: one for the whole plan, one per commune.

Calendars that update: each event's UID is a stop's visit on a date (a hash of the stop id and
the date: neither the scenario's name nor the session's time), so re-importing a new
calendar updates the events instead of adding copies; DTSTAMP is the time of writing
(``SOURCE_DATE_EPOCH``, seconds since 1970 UTC, fixes it for reproducible files); SEQUENCE
grows when an event changes against the previous calendars (those published with the plan
``plan --keep`` starts from), and the events of those calendars that no longer take place
in the new period are written again with ``STATUS:CANCELLED`` so that calendar apps drop
them. Times are local to Europe/Paris, with the VTIMEZONE included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event

from busplanner.plan import Plan, Stop
from busplanner.reports.buses import bus_name, capitalised
from busplanner.reports.dates import DatedVisit
from busplanner.reports.i18n import check_lang, t
from busplanner.reports.printable import contact_lines
from busplanner.scenario import ServiceInfo

TIMEZONE = "Europe/Paris"
PRODID = "-//busplanner//Bus France services//FR"
UID_DOMAIN = "busplanner"
STOP_PROPERTY = "X-BUSPLANNER-STOP"
"""Each event names its stop's id (to tell a commune's events in the whole calendar)."""
COMPARED = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "GEO", "URL", "STATUS")
"""What residents see of an event: a change in any of these raises its SEQUENCE."""


def event_uid(stop_id: str, day: dt.date) -> str:
    """The UID of a stop's visit on a date: a hash of the two, ``@busplanner``."""
    key = f"{stop_id}|{day.isoformat()}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}@{UID_DOMAIN}"


def writing_time(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The DTSTAMP of a run: now (UTC, to the second), or ``SOURCE_DATE_EPOCH`` when set
    (the reproducible-builds convention: seconds since 1970-01-01 UTC)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class PreviousEvent:
    """An event of a previous calendar: its SEQUENCE, what residents saw, and the event."""

    uid: str
    sequence: int
    seen: tuple[bytes, ...]
    event: Component
    cancelled: bool
    day: dt.date | None
    stop_id: str


def _seen(event: Component) -> tuple[bytes, ...]:
    out = []
    for name in COMPARED:
        value = event.get(name)
        out.append(b"" if value is None else value.to_ical())
    return tuple(out)


def read_previous(folder: Path, period: tuple[dt.date, dt.date]) -> CalendarRun:
    """The calendars a previous run wrote in ``folder`` (``timetable.ics`` and
    ``calendars/*.ics``), ready to update: events by UID, commune calendars by stop. A
    folder without them gives a run with nothing to update."""
    previous: dict[str, PreviousEvent] = {}
    files: dict[str, tuple[str, str]] = {}
    for path in [folder / "timetable.ics", *sorted((folder / "calendars").glob("*.ics"))]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        events = read_events(data)
        for uid, p in events.items():
            previous.setdefault(uid, p)
        if path.parent.name == "calendars":
            title = _calendar_name(data) or path.stem
            for p in events.values():
                if p.stop_id:
                    files.setdefault(p.stop_id, (f"calendars/{path.name}", title))
    return CalendarRun(previous=previous, period=period, files=files)


def _calendar_name(data: bytes) -> str:
    try:
        return str(Calendar.from_ical(data).get("X-WR-CALNAME", ""))
    except (ValueError, IndexError, KeyError):
        return ""


def read_events(data: bytes) -> dict[str, PreviousEvent]:
    """The events of a calendar, by UID (an unreadable calendar gives none)."""
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError):
        return {}
    out: dict[str, PreviousEvent] = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID", ""))
        if not uid:
            continue
        try:
            seq = int(ev.get("SEQUENCE", 0))
            start = ev.decoded("DTSTART")
        except (ValueError, TypeError, KeyError):
            continue
        day = start.date() if isinstance(start, dt.datetime) else start
        out[uid] = PreviousEvent(
            uid,
            seq,
            _seen(ev),
            ev,
            str(ev.get("STATUS", "")).upper() == "CANCELLED",
            day if isinstance(day, dt.date) else None,
            str(ev.get(STOP_PROPERTY, "")),
        )
    return out


@dataclass(frozen=True)
class CalendarRun:
    """What every calendar of one run shares: the DTSTAMP, the previous events (by UID) and
    the period whose vanished events are cancelled (``None``: no cancellation)."""

    stamp: dt.datetime = field(default_factory=writing_time)
    previous: Mapping[str, PreviousEvent] = field(default_factory=dict)
    period: tuple[dt.date, dt.date] | None = None
    files: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Stop id -> (file name in the output folder, calendar name) of the previous commune
    calendars: a commune no longer visited gets its calendar again, with its cancellations."""

    def cancelled(self, now: set[str], stop_id: str | None = None) -> list[PreviousEvent]:
        """The previous events in the period that are no longer planned (of one stop, or
        all), by date."""
        if self.period is None:
            return []
        first, last = self.period
        out = [
            p
            for uid, p in self.previous.items()
            if uid not in now
            and p.day is not None
            and first <= p.day <= last
            and (stop_id is None or p.stop_id == stop_id)
        ]
        return sorted(out, key=lambda p: (p.day or dt.date.min, p.uid))


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
    events: Sequence[DatedVisit],
    *,
    lang: str,
    service: ServiceInfo,
    title: str,
    run: CalendarRun,
    cancelled: Sequence[PreviousEvent] = (),
) -> bytes:
    lang = check_lang(lang)
    tz = ZoneInfo(TIMEZONE)
    stops: dict[str, Stop] = {s.id: s for s in plan.stops}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # The calendar's name is one line (icalendar does not escape line breaks there; a stop
    # name from a file may hold one).
    title = " ".join(title.split())
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", TIMEZONE)
    description = _description(service, lang)
    items: list[tuple[dt.date, int, int, Event]] = []
    for d in events:
        stop = stops.get(d.visit.stop_id)
        name = stop.name if stop else d.visit.stop_id
        event = Event()
        uid = event_uid(d.visit.stop_id, d.date)
        event.add("uid", uid)
        event.add("dtstamp", run.stamp)
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
        event.add(STOP_PROPERTY, d.visit.stop_id)
        before = run.previous.get(uid)
        if before is not None:
            changed = before.cancelled or before.seen != _seen(event)
            event.add("sequence", before.sequence + (1 if changed else 0))
        else:
            event.add("sequence", 0)
        items.append((d.date, d.visit.start_min, len(items), event))
    for p in cancelled:
        event = Event()
        for name in ("UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "GEO", STOP_PROPERTY):
            if name in p.event:
                event[name] = p.event[name]
        event.add("dtstamp", run.stamp)
        event.add("status", "CANCELLED")
        event.add("sequence", p.sequence if p.cancelled else p.sequence + 1)
        start = p.event.decoded("DTSTART")
        minutes = start.hour * 60 + start.minute if isinstance(start, dt.datetime) else 0
        items.append((p.day or dt.date.min, minutes, len(items), event))
    # By date and time; the visits in the order given, cancelled events after them.
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    for *_, event in items:
        cal.add_component(event)
    if items:
        years = [day.year for day, *_ in items]
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
    run: CalendarRun | None = None,
) -> bytes:
    """A calendar with one event per dated visit of the plan (``timetable.ics``), and the
    previous events of the period that no longer take place, cancelled (``run``).

    ``dated`` comes from :func:`busplanner.reports.dates.visit_dates` (public holidays and
    closures already left out). The output is UTF-8 bytes with CRLF line ends.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    run = run or CalendarRun()
    title = t("ics_calendar", lang, service=service.name, name=scenario_name)
    now = {event_uid(d.visit.stop_id, d.date) for d in dated}
    return _calendar(
        plan,
        dated,
        lang=lang,
        service=service,
        title=title,
        run=run,
        cancelled=run.cancelled(now),
    )


def commune_ics(
    plan: Plan,
    dated: Sequence[DatedVisit],
    stop_id: str,
    *,
    lang: str = "fr",
    service: ServiceInfo,
    scenario_name: str = "",
    run: CalendarRun | None = None,
    title: str | None = None,
) -> bytes:
    """The calendar of one commune: the events of :func:`plan_ics` at ``stop_id`` (each the
    same as in the whole plan's calendar: same UID and content), with its cancellations.

    Raises
    ------
    KeyError
        If ``stop_id`` is not a stop of the plan and no ``title`` is given.
    ValueError
        If ``lang`` is not supported.
    """
    run = run or CalendarRun()
    if title is None:
        stop = plan.stop(stop_id)
        title = t("ics_calendar", lang, service=service.name, name=stop.name)
    mine = [d for d in dated if d.visit.stop_id == stop_id]
    now = {event_uid(d.visit.stop_id, d.date) for d in dated}
    return _calendar(
        plan,
        mine,
        lang=lang,
        service=service,
        title=title,
        run=run,
        cancelled=run.cancelled(now, stop_id),
    )

"""Each field of a row read and repaired where it safely can be (swapped Stop and Community
columns, HTML escapes and mojibake, dates, weekdays, frequencies, times, coordinates), each
repair or refusal reported with its line and field."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Mapping

from busplanner.importer.read import Row, norm
from busplanner.importer.report import Report
from busplanner.timeutil import WEEKDAYS, WEEKDAYS_FR, format_hhmm

MAX_SESSION_MIN = 12 * 60
"""The longest session read: more is no stop of a round (``00:00``–``23:59`` is a date's
placeholder, not a time)."""


MAX_FREQUENCY = 12
"""The longest cycle busplanner plans (``[cycle] weeks`` ≤ 12)."""


def detect_swap(rows: list[Row], report: Report) -> bool:
    """True when Address reads "<stop>, <community>" with the community in the Stop column."""
    normal = swapped = 0
    example: Row | None = None
    for r in rows:
        a = norm(html.unescape(r.cells["Address"]))
        s = norm(html.unescape(r.cells["Stop"]))
        c = norm(html.unescape(r.cells["Community"]))
        if not a or not s or not c or s == c:
            continue
        if a.startswith(s) and a.endswith(c):
            normal += 1
        elif a.startswith(c) and a.endswith(s):
            swapped += 1
            example = example or r
    if swapped > normal and example is not None:
        report.add(
            1,
            "Stop/Community",
            "fixed",
            "swapped_columns",
            n=swapped,
            m=swapped + normal,
            example=example.line,
            address=example.cells["Address"],
        )
        return True
    return False


def read_fields(rows: list[Row], swapped: bool, report: Report) -> None:
    """Read each field of each row, in the order of the columns' dependence (names, then day
    and date, frequency, times, coordinates); a row skipped at one field is read no further."""
    for r in rows:
        if not r.skipped:
            read_texts(r, swapped, report)
        for read in (read_day_and_date, read_frequency, read_times, read_coordinates):
            if not r.skipped:
                read(r, report)


_MOJIBAKE = re.compile("[âÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _clean_text(value: str, field_: str, row: Row, report: Report) -> str:
    """Decode HTML escapes (``&#39;``) and mojibake (``â€™``), each reported as fixed."""
    if "&" in value and (new := html.unescape(value)) != value:
        report.add(row.line, field_, "fixed", "html_entity", old=value, new=new)
        value = new
    if _MOJIBAKE.search(value):
        try:
            new = value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            new = value
        if new != value:
            report.add(row.line, field_, "fixed", "mojibake", old=value, new=new)
            value = new
    return value


def name_columns(swapped: bool) -> tuple[str, str]:
    """The columns holding the community and the stop."""
    return ("Stop", "Community") if swapped else ("Community", "Stop")


def read_texts(r: Row, swapped: bool, report: Report) -> None:
    community_col, stop_col = name_columns(swapped)
    r.community = _clean_text(r.cells[community_col], community_col, r, report)
    r.stop = _clean_text(r.cells[stop_col], stop_col, r, report)
    r.address = _clean_text(r.cells["Address"], "Address", r, report)
    r.route = _clean_text(r.cells["Route"], "Route", r, report)
    both = f"{community_col}/{stop_col}"
    if not r.community and not r.stop:
        report.skip(r, both, "no_place_name")
        return
    if "not a public stop" in f"{r.community} {r.stop}".lower():
        kind = "not_public" if r.cells["Day"] or r.route else "not_public_no_day"
        name = ", ".join(t for t in (r.stop, r.community) if t)
        report.skip(r, both, kind, name=name, depot_hint=_depot_hint(r))
        return
    if not r.community:
        r.community = r.stop
    elif not r.stop:
        report.add(r.line, stop_col, "fixed", "no_stop_name", name=r.community)
        r.stop = r.community


def _depot_hint(r: Row) -> tuple[float, float] | None:
    """(lat, lon) of a row whose name says it is a depot."""
    if "depot" not in f"{r.community} {r.stop}".lower():
        return None
    try:
        return float(r.cells["Latitude"]), float(r.cells["Longitude"])
    except ValueError:
        return None


def _read_date(value: str) -> tuple[dt.date | None, bool]:
    """The date, and whether it was written in another form than YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value), False
    except ValueError:
        pass
    for form in ("%d/%m/%Y", "%d-%b-%Y", "%d/%b/%Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value, form).date(), True
        except ValueError:
            continue
    return None, False


def _weekday(value: str) -> str | None:
    """An English weekday from an English or French name, or an English abbreviation."""
    key = value.strip().lower()
    if key in WEEKDAYS:
        return key
    for en, fr in WEEKDAYS_FR.items():
        if key == fr:
            return en
    matches = [d for d in WEEKDAYS if len(key) >= 3 and d.startswith(key)]
    return matches[0] if len(matches) == 1 else None


def read_day_and_date(r: Row, report: Report) -> None:
    raw_date = r.cells["Date"]
    if raw_date:
        date, other_form = _read_date(raw_date)
        if date is None:
            report.add(r.line, "Date", "flagged", "bad_date", value=raw_date, route=r.route)
        elif other_form:
            report.add(r.line, "Date", "fixed", "date_format", value=raw_date, date=str(date))
        r.date = date
    raw_day = r.cells["Day"]
    if not raw_day:
        if r.date is not None:
            r.day = WEEKDAYS[r.date.weekday()]
            report.add(r.line, "Day", "fixed", "day_from_date", date=str(r.date), day=r.day)
        elif not r.route:
            report.skip(r, "Day/Route", "no_day", depot_hint=_depot_hint(r))
        else:
            report.skip(r, "Day", "empty_day")
        return
    r.day = _weekday(raw_day)
    if r.day is None:
        report.skip(r, "Day", "bad_day", value=raw_day)
        return
    if r.date is not None and WEEKDAYS[r.date.weekday()] != r.day:
        report.add(
            r.line,
            "Date/Day",
            "flagged",
            "day_date_mismatch",
            date=str(r.date),
            date_day=WEEKDAYS[r.date.weekday()],
            day=r.day,
        )
    if not r.route:
        report.add(r.line, "Route", "flagged", "no_route")


def read_frequency(r: Row, report: Report) -> None:
    raw = r.cells["Frequency"]
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value.is_integer() and 1 <= value <= MAX_FREQUENCY):
        report.skip(r, "Frequency", "bad_frequency", value=raw, max=MAX_FREQUENCY)
        return
    r.frequency = int(value)


_TIME = re.compile(r"^(\d{1,2})\s*([:.hH])\s*(\d{1,2})(?::\d{2})?$")


def _read_time(r: Row, field_: str, report: Report) -> int | None:
    """Minutes after midnight; ``12.30`` and ``11:1`` are read (reported), others skipped."""
    raw = r.cells[field_]
    if not raw:
        report.skip(r, field_, "empty_time")
        return None
    m = _TIME.match(raw)
    if not m:
        report.skip(r, field_, "bad_time", value=raw)
        return None
    hours, sep, digits = int(m.group(1)), m.group(2), m.group(3)
    minutes = int(digits) * 10 if len(digits) == 1 else int(digits)
    if hours > 23 or minutes > 59:
        report.skip(r, field_, "bad_time", value=raw)
        return None
    value = hours * 60 + minutes
    if len(digits) == 1:
        report.add(r.line, field_, "fixed", "time_short", value=raw, time=format_hhmm(value))
    elif sep != ":":
        report.add(
            r.line, field_, "fixed", "time_separator", value=raw, sep=sep, time=format_hhmm(value)
        )
    return value


def read_times(r: Row, report: Report) -> None:
    if not r.cells["Start"] and not r.cells["End"]:
        report.skip(r, "Start/End", "empty_time")
        return
    start = _read_time(r, "Start", report)
    end = _read_time(r, "End", report)
    if start is None or end is None:
        r.skipped = True
        return
    if end == start:
        report.skip(r, "Start/End", "zero_session", start=format_hhmm(start))
        return
    if end - start > MAX_SESSION_MIN:
        report.skip(
            r,
            "Start/End",
            "long_session",
            start=format_hhmm(start),
            end=format_hhmm(end),
            minutes=end - start,
            max=MAX_SESSION_MIN // 60,
        )
        return
    r.start, r.end = start, end
    r.reversed_times = end < start  # settled once the rounds are known


def coordinates(cells: Mapping[str, str]) -> tuple[float, float] | None:
    try:
        lon, lat = float(cells["Longitude"]), float(cells["Latitude"])
    except ValueError:
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or (lon == 0 and lat == 0):
        return None
    return lon, lat


def read_coordinates(r: Row, report: Report) -> None:
    raw_lon, raw_lat = r.cells["Longitude"], r.cells["Latitude"]
    if not raw_lon or not raw_lat:
        report.skip(r, "Longitude/Latitude", "empty_coordinates")
        return
    for name, raw in (("Longitude", raw_lon), ("Latitude", raw_lat)):
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            report.skip(r, name, "bad_coordinates", value=raw)
            return
    point = coordinates(r.cells)
    if point is None:
        if float(raw_lon) == 0 and float(raw_lat) == 0:
            report.skip(r, "Longitude/Latitude", "coordinates_zero")
        else:
            report.skip(r, "Longitude/Latitude", "coordinates_range", lon=raw_lon, lat=raw_lat)
        return
    r.lon, r.lat = point

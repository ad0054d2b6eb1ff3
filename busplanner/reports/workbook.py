"""``timetable.xlsx``: the dated timetable as an Excel workbook (openpyxl).

Sheets, in order:

- an overview: one row per commune of the plan (served or not) with its weekday, half-day,
  session times, frequency, how many visits the period holds, the first and last of them;
  each served commune's name links to its own sheet;
- one sheet per week of the cycle (``Semaine 1``, ``Semaine 2`` …): every visit of that week
  of the cycle on its real dates over the period (``--start``, ``--weeks``), those that do
  not take place (public holiday, ``[calendar] closed``) kept and marked;
- one sheet per served commune (its name, made a valid sheet name): its whole schedule on
  real dates, holidays and closures marked.

Dates are date cells, times time cells (``hh:mm``), headers in the run's language, the
header row frozen and filtered, columns sized to their content. Every text stays text (a
commune called ``=1+1`` is not a formula). The file's bytes depend only on the plan, the
period and ``stamp`` (its creation time, also the time of each part of the zip archive).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from busplanner.plan import Plan, Route, Stop, Visit
from busplanner.reports.dates import DatedVisit, SkippedVisit
from busplanner.reports.i18n import check_lang, frequency_label, half_day_label, t, weekday_label
from busplanner.reports.printable import skip_reason

SHEET_NAME_MAX = 31
"""Excel's longest sheet name."""
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip archive can hold

_MIN_WIDTH = 8
_MAX_WIDTH = 50

_DATE_FORMAT = {"fr": "DD/MM/YYYY", "en": "YYYY-MM-DD"}
_TIME_FORMAT = "hh:mm"


def sheet_name(name: str, taken: set[str], *, alternative: str = "") -> str:
    """``name`` made a valid, unused Excel sheet name, and marked as taken.

    Excel refuses ``[ ] : * ? / \\``, a leading or trailing ``'``, more than 31 characters,
    an empty name and two names that differ only by case (``taken`` holds the names used,
    case-folded). A name already used gets `` (alternative)`` (e.g. the commune's code),
    then `` (2)``, `` (3)`` …
    """
    clean = " ".join(_NOT_IN_SHEET_NAME.sub(" ", name).split())
    clean = _trim(clean) or _trim(alternative) or "?"
    if clean.casefold() == "history":  # reserved by Excel
        clean = f"{clean} 1"
    candidates = [clean]
    if alternative:
        candidates.append(_suffixed(clean, f" ({alternative})"))
    candidates += [_suffixed(clean, f" ({k})") for k in range(2, 10_000)]
    for candidate in candidates:
        if candidate.casefold() not in taken:
            taken.add(candidate.casefold())
            return candidate
    raise AssertionError("no free sheet name")  # pragma: no cover: 10 000 sheets


def _alphabetical(name: str, code: str) -> tuple[str, str]:
    """Sort key of a commune: its name without accents or case (Éancé among the E), then code."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return (plain.casefold(), code)


def _trim(text: str) -> str:
    return text[:SHEET_NAME_MAX].strip().strip("'").strip()


def _suffixed(text: str, suffix: str) -> str:
    return _trim(text[: SHEET_NAME_MAX - len(suffix)]) + suffix


@dataclass(frozen=True)
class _Row:
    """One visit of a sheet: on a date, held or not (``note`` says why not)."""

    date: dt.date
    route: Route
    visit: Visit
    note: str


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60 % 24, minutes % 60)


def timetable_xlsx(
    plan: Plan,
    dated: Sequence[DatedVisit],
    skipped: Sequence[SkippedVisit],
    *,
    lang: str = "fr",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The workbook's bytes (see the module's description).

    ``dated`` and ``skipped`` come from :func:`busplanner.reports.dates.visit_dates` (the
    period of the printable timetable and ``opendata.csv``). ``stamp``: the workbook's
    creation time (UTC; default 1980-01-01, the earliest a zip archive holds).

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    from openpyxl import Workbook

    lang = check_lang(lang)
    rows = sorted(
        [_Row(d.date, d.route, d.visit, "") for d in dated]
        + [_Row(s.date, s.route, s.visit, skip_reason(s, lang)) for s in skipped],
        key=lambda r: (r.date, r.visit.start_min, r.route.bus, r.visit.stop_id),
    )
    stops = {s.id: s for s in plan.stops}
    show_bus = len({r.bus for r in plan.routes}) > 1 or bool(plan.bases)
    taken: set[str] = set()
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = sheet_name(t("sheet.overview", lang), taken)
    week_names = [
        sheet_name(t("week", lang, week=w), taken) for w in range(1, plan.cycle_weeks + 1)
    ]
    visited = sorted(
        {v.stop_id for r in plan.routes for v in r.visits},
        key=lambda sid: _alphabetical(stops[sid].name if sid in stops else sid, sid),
    )
    commune_names = {
        sid: sheet_name(stops[sid].name if sid in stops else sid, taken, alternative=sid)
        for sid in visited
    }

    _overview(overview, plan, rows, commune_names, lang, show_bus=show_bus)
    for week, name in enumerate(week_names, start=1):
        ws = wb.create_sheet(name)
        _visit_sheet(
            ws,
            plan,
            [r for r in rows if r.route.week == week],
            lang,
            show_bus=show_bus,
            per_commune=False,
            empty=t("sheet.no_visit_week", lang),
        )
    for sid in visited:
        ws = wb.create_sheet(commune_names[sid])
        _visit_sheet(
            ws,
            plan,
            [r for r in rows if r.visit.stop_id == sid],
            lang,
            show_bus=show_bus,
            per_commune=True,
            empty=t("print_no_dates", lang),
        )
    return _save(wb, stamp)


def _header(ws: Any, labels: list[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    for j, label in enumerate(labels, start=1):
        cell = ws.cell(row=1, column=j)
        _set(cell, label)
        cell.font = bold
        cell.fill = fill


def _set(cell: Any, value: Any, lang: str = "fr") -> None:
    """Put ``value`` in ``cell``: dates and times as such, text always as text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # "=1+1" stays the text it is, never a formula
    elif isinstance(value, dt.time):
        cell.value = value
        cell.number_format = _TIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = _DATE_FORMAT[lang]
    else:
        cell.value = value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.time):
        return 5
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _finish(ws: Any, table: list[list[Any]], lang: str, *, grey: list[bool]) -> None:
    """Write ``table`` under the header; freeze and filter the header; size the columns;
    print the header on every page, landscape, one page wide."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    muted = Font(italic=True, color="666666")
    width = ws.max_column
    for i, values in enumerate(table, start=2):
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=i, column=j)
            _set(cell, value, lang)
            if grey[i - 2]:
                cell.font = muted
    for j in range(1, width + 1):
        longest = max(
            [
                _width(ws.cell(row=1, column=j).value),
                *(_width(v[j - 1]) for v in table if j <= len(v)),
            ]
        )
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2))
    ws.freeze_panes = "A2"
    last = max(2, len(table) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(width)}{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _visit_sheet(
    ws: Any,
    plan: Plan,
    rows: list[_Row],
    lang: str,
    *,
    show_bus: bool,
    per_commune: bool,
    empty: str,
) -> None:
    """One row per visit of ``rows`` on its date (a week of the cycle, or one commune)."""
    stops = {s.id: s for s in plan.stops}
    keys = ["sheet.col.date", "sheet.col.day", "sheet.col.half_day"]
    if per_commune:
        keys += ["sheet.col.start", "sheet.col.end", "sheet.col.arrival"]
    else:
        keys += ["sheet.col.commune", "sheet.col.stop_id"]
        keys += ["sheet.col.arrival", "sheet.col.start", "sheet.col.end"]
    if show_bus:
        keys.append("sheet.col.bus")
    if per_commune:
        keys.append("sheet.col.cycle_week")
    keys += ["sheet.col.address", "sheet.col.note"]
    _header(ws, [t(k, lang) for k in keys])
    table: list[list[Any]] = []
    grey: list[bool] = []
    for r in rows:
        stop = stops.get(r.visit.stop_id)
        cells: dict[str, Any] = {
            "sheet.col.date": r.date,
            "sheet.col.day": weekday_label(r.route.day, lang),
            "sheet.col.half_day": half_day_label(r.visit.half_day, lang),
            "sheet.col.commune": stop.name if stop else r.visit.stop_id,
            "sheet.col.stop_id": r.visit.stop_id,
            "sheet.col.arrival": _clock(r.visit.arrival_min),
            "sheet.col.start": _clock(r.visit.start_min),
            "sheet.col.end": _clock(r.visit.end_min),
            "sheet.col.bus": _bus(plan, r.route.bus),
            "sheet.col.cycle_week": r.route.week,
            "sheet.col.address": stop.address if stop else "",
            "sheet.col.note": r.note,
        }
        table.append([cells[k] for k in keys])
        grey.append(bool(r.note))
    if not table:
        table.append([empty])
        grey.append(True)
    _finish(ws, table, lang, grey=grey)


def _bus(plan: Plan, bus: int) -> int | str:
    return plan.bus_label(bus) if plan.bases else bus


def _first_visit(plan: Plan) -> dict[str, tuple[Route, Visit]]:
    """Each visited stop's first visit of the cycle (week, day, start)."""
    ranks = {day: i for i, day in enumerate(plan.days)}
    first: dict[str, tuple[Route, Visit]] = {}
    order = sorted(
        ((r, v) for r in plan.routes for v in r.visits),
        key=lambda rv: (rv[0].week, ranks.get(rv[0].day, len(ranks)), rv[1].start_min),
    )
    for route, visit in order:
        first.setdefault(visit.stop_id, (route, visit))
    return first


def _overview(
    ws: Any,
    plan: Plan,
    rows: list[_Row],
    commune_names: dict[str, str],
    lang: str,
    *,
    show_bus: bool,
) -> None:
    """One row per commune of the plan: its slot, frequency and dates over the period."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    keys = [
        "sheet.col.commune",
        "sheet.col.stop_id",
        "sheet.col.day",
        "sheet.col.half_day",
        "sheet.col.start",
        "sheet.col.end",
        "sheet.col.frequency",
    ]
    if show_bus:
        keys.append("sheet.col.bus")
    keys += ["sheet.col.visits", "sheet.col.first", "sheet.col.last", "sheet.col.address"]
    _header(ws, [t(k, lang) for k in keys])
    first = _first_visit(plan)
    held: dict[str, list[dt.date]] = {}
    for r in rows:
        if not r.note:
            held.setdefault(r.visit.stop_id, []).append(r.date)
    ordered: list[Stop] = sorted(plan.stops, key=lambda s: _alphabetical(s.name, s.id))
    table: list[list[Any]] = []
    grey: list[bool] = []
    for stop in ordered:
        rv = first.get(stop.id)
        dates = held.get(stop.id, [])
        cells: dict[str, Any] = {
            "sheet.col.commune": stop.name,
            "sheet.col.stop_id": stop.id,
            "sheet.col.day": weekday_label(rv[0].day, lang) if rv else "",
            "sheet.col.half_day": half_day_label(rv[1].half_day, lang) if rv else "",
            "sheet.col.start": _clock(rv[1].start_min) if rv else None,
            "sheet.col.end": _clock(rv[1].end_min) if rv else None,
            "sheet.col.frequency": frequency_label(stop.every_weeks if rv else None, lang),
            "sheet.col.bus": _bus(plan, rv[0].bus) if rv else None,
            "sheet.col.visits": len(dates),
            "sheet.col.first": min(dates) if dates else None,
            "sheet.col.last": max(dates) if dates else None,
            "sheet.col.address": stop.address,
        }
        table.append([cells[k] for k in keys])
        grey.append(rv is None)
    _finish(ws, table, lang, grey=grey)
    link = Font(color="1F4E99", underline="single")
    for i, stop in enumerate(ordered, start=2):
        target = commune_names.get(stop.id)
        if target is None:
            continue
        cell = ws.cell(row=i, column=1)
        quoted = target.replace("'", "''")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1")
        cell.font = link


def _save(wb: Any, stamp: dt.datetime | None) -> bytes:
    """The workbook's bytes, the same for the same content and ``stamp``: openpyxl's
    creation and modification times, and every zip entry's time, set to ``stamp``."""
    from openpyxl.writer.excel import ExcelWriter

    when = _ZIP_EPOCH
    if stamp is not None:
        utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
        when = max(_ZIP_EPOCH, utc.replace(tzinfo=None, microsecond=0))
    wb.properties.creator = "busplanner"
    wb.properties.created = when
    wb.properties.modified = when
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()

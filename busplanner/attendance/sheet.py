"""The crew's spreadsheet: the template written from the plan, and the sheet read back.

A sheet is a CSV file in French Excel form (``;`` between cells, UTF-8 with a byte-order
mark, decimal comma) or an ``.xlsx`` workbook, one row per session. Its columns are
:data:`COLUMNS` (French names by default, English ones are read too). Every row is checked
before anything is written: :func:`check_rows` returns the good sessions and one
:class:`~busplanner.errors.Problem` per bad cell, each naming the file, the line and the
column. See ``docs/attendance.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from busplanner.attendance.db import SUBJECTS, PlannedSession, SessionRecord
from busplanner.errors import InputError, Problem, decode_input, read_input
from busplanner.i18n import Msg, Pair, join
from busplanner.plan import Plan
from busplanner.reports.dates import visit_dates
from busplanner.reports.dialects import unprotect
from busplanner.reports.i18n import check_lang
from busplanner.reports.timetable import _csv_cell
from busplanner.timeutil import format_hhmm


@dataclass(frozen=True)
class Column:
    """A column of the sheet: its key, its French and English names, what it holds."""

    key: str
    fr: str
    en: str
    help_fr: str
    help_en: str


COLUMNS: tuple[Column, ...] = (
    Column("date", "date", "date", "JJ/MM/AAAA (ou AAAA-MM-JJ)", "YYYY-MM-DD (or DD/MM/YYYY)"),
    Column("stop_id", "code_commune", "stop_id", "code INSEE de l'arrêt", "the stop's id (INSEE)"),
    Column("stop", "commune", "stop", "nom de la commune (contrôlé)", "the stop's name (checked)"),
    Column("bus", "bus", "bus", "le bus (rempli d'après le plan)", "the bus (from the plan)"),
    Column("planned_start", "debut_prevu", "planned_start", "HH:MM, d'après le plan", "HH:MM"),
    Column("planned_end", "fin_prevue", "planned_end", "HH:MM, d'après le plan", "HH:MM"),
    Column(
        "actual_start", "debut_reel", "actual_start", "HH:MM si différent", "HH:MM if different"
    ),
    Column("actual_end", "fin_reelle", "actual_end", "HH:MM si différent", "HH:MM if different"),
    Column("status", "statut", "status", "tenue ou annulée", "held or cancelled"),
    Column("reason", "motif_annulation", "reason", "pourquoi annulée", "why it was cancelled"),
    Column("visitors", "visiteurs", "visitors", "personnes reçues (nombre entier)", "people seen"),
    *(
        Column(
            f"subject:{s.code}",
            s.column_fr,
            s.column_en,
            f"personnes venues pour : {s.fr}",
            f"people who came for: {s.en}",
        )
        for s in SUBJECTS
    ),
    Column("note", "remarque", "note", "texte libre", "free text"),
)
"""The sheet's columns, in the template's order."""

REQUIRED = ("date", "stop_id", "visitors")

_HELD = {"tenue", "tenu", "held", "oui", "yes", "ok"}
_CANCELLED = {"annulee", "annule", "cancelled", "canceled", "non", "no"}


def _norm(text: str) -> str:
    """Lower case, no accents, ``_`` for spaces and dashes: how names are compared."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "_".join(text.replace("-", " ").replace("'", " ").split())


_BY_NAME: dict[str, Column] = {}
for _c in COLUMNS:
    _BY_NAME[_norm(_c.fr)] = _c
    _BY_NAME[_norm(_c.en)] = _c


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its line in the file and its cells by column key."""

    line: int
    cells: Mapping[str, Any]
    labels: Mapping[str, str]
    """The column's name as the file writes it, by key (for messages)."""

    def where(self, key: str) -> str:
        label = self.labels.get(key, key)
        return Msg("sheet.where", line=self.line, label=label) if self.line else label


@dataclass(frozen=True)
class Sheet:
    """A sheet read from a file: its rows (empty ones left out) and its SHA-256."""

    file: str
    rows: tuple[Row, ...]
    sha256: str
    warnings: tuple[str, ...] = ()
    """What the command line prints before importing (a file read as Windows-1252)."""


# Reading.


def read_sheet(path: Path) -> Sheet:
    """Read a CSV (French Excel form, or plain ``,``) or ``.xlsx`` sheet.

    Lines starting with ``#`` before the header are comments (a SYNTHETIC file says so
    there). Raises :class:`InputError` naming the file (and line) when it cannot be read or
    its header is wrong.
    """
    file = str(path)
    data = read_input(path)
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        lines = _xlsx_lines(path, data)
    else:
        lines = _csv_lines(file, data, warnings)
    header_at = next((k for k, (_, cells) in enumerate(lines) if not _comment(cells)), None)
    if header_at is None:
        raise InputError(Problem(file, "(file)", Msg("sheet.no_header")))
    header_line, header = lines[header_at]
    keys: list[str | None] = []
    labels: dict[str, str] = {}
    problems = []
    for i, cell in enumerate(header):
        name = "" if cell is None else str(cell).strip()
        if not name:
            keys.append(None)
            continue
        col = _BY_NAME.get(_norm(name))
        if col is None:
            hint = difflib.get_close_matches(_norm(name), list(_BY_NAME), n=1)
            columns = ", ".join(c.fr for c in COLUMNS)
            problems.append(
                Problem(
                    file,
                    Msg("sheet.header_column", line=header_line, column=i + 1),
                    Msg("sheet.unknown_column_hint", name=repr(name), hint=hint[0], columns=columns)
                    if hint
                    else Msg("sheet.unknown_column", name=repr(name), columns=columns),
                )
            )
            keys.append(None)
            continue
        if col.key in labels:
            problems.append(
                Problem(
                    file,
                    Msg("sheet.header_column", line=header_line, column=i + 1),
                    Msg("sheet.column_twice", name=repr(name), first=repr(labels[col.key])),
                )
            )
        labels[col.key] = name
        keys.append(col.key)
    missing = [k for k in REQUIRED if k not in labels]
    if missing:
        names = ", ".join(next(c.fr for c in COLUMNS if c.key == k) for k in missing)
        problems.append(
            Problem(
                file,
                Msg("sheet.header", line=header_line),
                Msg("sheet.missing_columns", n=len(missing), names=names),
            )
        )
    if problems:
        raise InputError(problems)
    rows = []
    for line, cells in lines[header_at + 1 :]:
        values = {k: cells[i] for i, k in enumerate(keys) if k is not None and i < len(cells)}
        if all(_blank(v) for v in values.values()) and all(_blank(c) for c in cells):
            continue
        rows.append(Row(line, values, labels))
    return Sheet(file, tuple(rows), digest, tuple(warnings))


def _comment(cells: Sequence[Any]) -> bool:
    first = next((c for c in cells if not _blank(c)), None)
    return first is None or (isinstance(first, str) and first.lstrip().startswith("#"))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_lines(file: str, data: bytes, warnings: list[str]) -> list[tuple[int, list[Any]]]:
    text = decode_input(data, file, warnings=warnings)
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    start = 1
    try:
        for cells in reader:
            out.append((start, [unprotect(c) for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            Problem(file, Msg("plan.line", n=reader.line_num), Msg("sheet.bad_csv", why=str(exc)))
        ) from None
    return out


def _xlsx_lines(path: Path, data: bytes) -> list[tuple[int, list[Any]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            Problem(str(path), "(file)", Msg("sheet.not_xlsx", why=str(exc)))
        ) from None
    try:
        names = {_norm(n): n for n in wb.sheetnames}
        sheet = wb[names.get("seances") or names.get("sessions") or wb.sheetnames[0]]
        return [
            (k, [unprotect(c) if isinstance(c, str) else c for c in row])
            for k, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        wb.close()


# Checking.


@dataclass(frozen=True)
class Context:
    """What rows are checked against."""

    stops: Mapping[str, str]
    """The scenario's served stops: id -> name."""
    planned: Mapping[tuple[dt.date, str], PlannedSession]
    """The log's calendar."""
    existing: Mapping[tuple[dt.date, str], SessionRecord]
    """The sessions already in the log."""
    today: dt.date
    territory: Mapping[str, str] = field(default_factory=dict)
    """Every stop of the territory (id -> name), to say "not served" rather than "unknown"."""
    scenario: str = ""
    log: str = ""


@dataclass
class Checked:
    """The rows of a sheet, sorted: sessions to add, problems, and the rest."""

    file: str
    rows: int = 0
    good: list[SessionRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)
    already: int = 0
    """Rows that are sessions the log holds already, with the same figures."""
    unfilled: list[int] = field(default_factory=list)
    """Rows of the template not filled in yet (no status, no visitors): left for later."""


def check_rows(sheet: Sheet, ctx: Context) -> Checked:
    """Check every row of ``sheet``; nothing is written."""
    out = Checked(sheet.file, rows=len(sheet.rows))
    if not ctx.planned and sheet.rows:
        raise InputError(
            Problem(
                ctx.log or sheet.file,
                Msg("sheet.planned_field"),
                Msg("sheet.no_planned"),
            )
        )
    seen: dict[tuple[dt.date, str], int] = {}
    for row in sheet.rows:
        problems: list[Problem] = []
        rec = _check_row(sheet.file, row, ctx, problems)
        if rec == "unfilled":
            out.unfilled.append(row.line)
            continue
        if isinstance(rec, SessionRecord):
            key = (rec.date, rec.stop_id)
            if key in seen:
                problems.append(
                    Problem(
                        sheet.file,
                        row.where("date"),
                        Msg(
                            "sheet.same_session",
                            line=seen[key],
                            name=rec.stop_name,
                            date=rec.date.isoformat(),
                        ),
                    )
                )
            else:
                seen[key] = row.line
                old = ctx.existing.get(key)
                if old is not None and old.figures() == rec.figures():
                    out.already += 1
                    continue
                if old is not None:
                    problems.append(
                        Problem(
                            sheet.file,
                            row.where("date"),
                            Msg(
                                "sheet.already",
                                name=rec.stop_name,
                                code=rec.stop_id,
                                date=rec.date.isoformat(),
                                log=str(ctx.log),
                                old=_describe(old),
                                new=_describe(rec),
                            ),
                        )
                    )
        if problems:
            out.problems.extend(problems)
            out.bad_lines.append(row.line)
        elif isinstance(rec, SessionRecord):
            out.good.append(rec)
    return out


def _describe(r: SessionRecord) -> str:
    if not r.held:
        return Msg("sheet.cancelled", reason=r.reason or Msg("check.no_reason"))
    return Msg("sheet.visitors", n=r.visitors)


def _check_row(
    file: str, row: Row, ctx: Context, problems: list[Problem]
) -> SessionRecord | str | None:
    """One row of a filled sheet: its session, ``"unfilled"`` when nothing was filled in,
    or ``None`` after adding its problems (each naming the cell) to ``problems``."""
    cells = row.cells

    def bad(key: str, message: str) -> None:
        value = cells.get(key)
        shown = f" = {_show(value)}" if not _blank(value) else ""
        problems.append(
            Problem(file, Msg("sheet.cell", where=row.where(key), shown=shown), message)
        )

    filled = [
        k
        for k in cells
        if k not in ("date", "stop_id", "stop", "bus") and not k.startswith("planned")
    ]
    if all(_blank(cells.get(k)) for k in filled):
        return "unfilled"

    day = _date(cells.get("date"))
    if day is None:
        bad("date", Msg("sheet.date"))
    elif day > ctx.today:
        bad(
            "date",
            Msg("sheet.future", today=ctx.today.isoformat()),
        )

    stop_id = _row_stop(cells, ctx, bad)
    planned = None
    if day is not None and stop_id:
        planned = ctx.planned.get((day, stop_id))
        if planned is None:
            bad("date", _not_planned(day, stop_id, ctx))

    held, visitors, reason = _row_attendance(cells, bad)
    subjects = _row_subjects(cells, held, visitors, bad)
    times = _row_times(cells, planned, held, bad)
    if problems or day is None or not stop_id or planned is None:
        return None
    return SessionRecord(
        date=day,
        stop_id=stop_id,
        stop_name=ctx.stops[stop_id],
        bus=planned.bus,
        planned_start_min=planned.start_min,
        planned_end_min=planned.end_min,
        actual_start_min=times["actual_start"],
        actual_end_min=times["actual_end"],
        held=held,
        reason=reason if not held else "",
        visitors=visitors if held else None,
        subjects=subjects,
        note=_text(cells.get("note")),
    )


def _row_stop(cells: Mapping[str, Any], ctx: Context, bad: Callable[[str, str], None]) -> str:
    """The row's stop: its code, or the served stop of its name (``""`` when neither names
    a served stop; a name that is another stop's than the code's is a problem)."""
    stop_id = _text(cells.get("stop_id"))
    name = _text(cells.get("stop"))
    if not stop_id and name:
        by_name = {_norm(n): i for i, n in ctx.stops.items()}
        stop_id = by_name.get(_norm(name), "")
    if not stop_id:
        bad("stop_id", Msg("sheet.no_stop"))
    elif stop_id not in ctx.stops:
        if stop_id in ctx.territory:
            bad(
                "stop_id",
                Msg(
                    "sheet.not_served",
                    name=ctx.territory[stop_id],
                    code=stop_id,
                    scenario=str(ctx.scenario),
                ),
            )
        else:
            hint = difflib.get_close_matches(stop_id, list(ctx.stops), n=1)
            tip = Msg("sheet.stop_hint", code=hint[0], name=ctx.stops[hint[0]]) if hint else ""
            bad("stop_id", Msg("sheet.unknown_stop", scenario=str(ctx.scenario), tip=tip))
        stop_id = ""
    elif name and _norm(name) != _norm(ctx.stops[stop_id]):
        bad(
            "stop",
            Msg("sheet.code_name", code=stop_id, name=ctx.stops[stop_id], given=repr(name)),
        )

    return stop_id


def _row_attendance(
    cells: Mapping[str, Any], bad: Callable[[str, str], None]
) -> tuple[bool, int | None, str]:
    """Whether the session was held (a status, or none: held), its visitors (a count, and
    none when cancelled) and the reason it was cancelled."""
    status = _norm(_text(cells.get("status")))
    visitors, visitors_ok = _count(cells.get("visitors"))
    if status in _CANCELLED:
        held = False
    elif status in _HELD or not status:
        held = True
    else:
        bad("status", Msg("sheet.status"))
        held = True
    if not visitors_ok:
        bad("visitors", _count_problem(cells.get("visitors")))
    reason = _text(cells.get("reason"))
    if held and visitors is None and visitors_ok:
        bad(
            "visitors",
            Msg("sheet.no_visitors"),
        )
    if not held and visitors:
        bad("visitors", Msg("sheet.cancelled_visitors"))

    return held, visitors, reason


def _row_subjects(
    cells: Mapping[str, Any], held: bool, visitors: int | None, bad: Callable[[str, str], None]
) -> dict[str, int]:
    """People per subject: each a count, none above the visitors, none when cancelled."""
    subjects: dict[str, int] = {}
    for s in SUBJECTS:
        key = f"subject:{s.code}"
        if key not in cells or _blank(cells.get(key)):
            continue
        n, ok = _count(cells.get(key))
        if not ok:
            bad(key, _count_problem(cells.get(key)))
        elif n is not None and visitors is not None and n > visitors:
            bad(
                key,
                Msg("sheet.subject_more", visitors=visitors),
            )
        elif n and not held:
            bad(key, Msg("sheet.cancelled_visitors"))
        elif n:
            subjects[s.code] = n

    return subjects


def _row_times(
    cells: Mapping[str, Any],
    planned: PlannedSession | None,
    held: bool,
    bad: Callable[[str, str], None],
) -> dict[str, int | None]:
    """The actual start and end (``None`` when not given); a held session ends after it
    starts (the planned times standing in for those not given)."""
    times: dict[str, int | None] = {}
    for key in ("actual_start", "actual_end"):
        value = cells.get(key)
        if _blank(value):
            times[key] = None
            continue
        m = _clock(value)
        if m is None:
            bad(key, Msg("sheet.time"))
        times[key] = m
    start = (
        times["actual_start"]
        if times["actual_start"] is not None
        else (planned.start_min if planned else None)
    )
    end = (
        times["actual_end"]
        if times["actual_end"] is not None
        else (planned.end_min if planned else None)
    )
    if start is not None and end is not None and end <= start and held:
        bad("actual_end", Msg("sheet.ends_before", end=format_hhmm(end), start=format_hhmm(start)))

    return times


def _not_planned(day: dt.date, stop_id: str, ctx: Context) -> str:
    name = ctx.stops[stop_id]
    dates = sorted(d for d, s in ctx.planned if s == stop_id)
    before = [d for d in dates if d < day][-1:]
    after = [d for d in dates if d > day][:1]
    near = [_day(d) for d in (*before, *after)]
    around = Pair(join(near, "en"), join(near, "fr"))
    tip = Msg("sheet.around", around=around) if near else Msg("sheet.none_planned")
    return Msg("sheet.not_planned", name=name, code=stop_id, day=_day(day), tip=tip)


def _day(d: dt.date) -> Msg:
    """``mardi 12 janvier 2027`` / ``Tuesday 12 January 2027``."""
    return Msg("sheet.day", date=d.isoformat())


def _show(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    text = repr(value if not isinstance(value, str) else value.strip())
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _clock(value: Any) -> int | None:
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    text = _text(value).lower().replace("h", ":")
    if text.endswith(":"):
        text += "00"
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return None
    h, m = int(parts[0]), int(parts[1])
    if h > 23 or m > 59:
        return None
    return h * 60 + m


MAX_COUNT = 10_000
"""The most people a count may hold (a session's visitors, or those for a subject): more is
a typing slip, and the log's whole numbers are 64-bit."""


def _count(value: Any) -> tuple[int | None, bool]:
    """A whole number from 0 to :data:`MAX_COUNT` (a decimal comma accepted: ``3,0``);
    (None, True) when empty."""
    if _blank(value):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return (value, True) if 0 <= value <= MAX_COUNT else (None, False)
    if isinstance(value, float):
        ok = value.is_integer() and 0 <= value <= MAX_COUNT
        return (int(value), True) if ok else (None, False)
    text = _text(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        number = float(text.replace(",", "."))
    except (ValueError, OverflowError):
        return None, False
    if not number.is_integer() or not 0 <= number <= MAX_COUNT:
        return None, False
    return int(number), True


def _count_problem(value: Any) -> str:
    try:
        n: float | None = float(_text(value).replace(",", ".").replace(" ", ""))
    except (ValueError, OverflowError):
        n = None
    if n is not None and n < 0:
        return Msg("sheet.negative")
    if n is not None and n > MAX_COUNT:
        return Msg("sheet.too_many", max=MAX_COUNT)
    return Msg("sheet.count")


# The template.


def template_sessions(plan: Plan, start: dt.date, weeks: int) -> list[PlannedSession]:
    """The plan's sessions on real dates, ``weeks`` weeks from ``start`` (public holidays
    left out), as :func:`busplanner.reports.dates.visit_dates` lays them."""
    dated, _ = visit_dates(plan, start, weeks)
    names = {s.id: s.name for s in plan.stops}
    return [
        PlannedSession(
            d.date,
            d.visit.stop_id,
            names.get(d.visit.stop_id, d.visit.stop_id),
            plan.bus_label(d.route.bus),
            d.visit.start_min,
            d.visit.end_min,
        )
        for d in dated
    ]


def _header(lang: str) -> list[str]:
    return [c.fr if lang == "fr" else c.en for c in COLUMNS]


def _template_row(p: PlannedSession, lang: str) -> dict[str, Any]:
    return {
        "date": p.date,
        "stop_id": p.stop_id,
        "stop": p.stop_name,
        "bus": p.bus,
        "planned_start": format_hhmm(p.start_min),
        "planned_end": format_hhmm(p.end_min),
    }


def sheet_csv(
    planned: Sequence[PlannedSession],
    lang: str = "fr",
    *,
    filled: Sequence[Mapping[str, Any]] = (),
    comments: Sequence[str] = (),
) -> bytes:
    """The sheet as CSV bytes in French Excel form: UTF-8 with a byte-order mark, ``;``
    between cells, dates JJ/MM/AAAA (ISO with ``lang="en"``), CRLF. Text cells a spreadsheet
    would take for a formula get a leading ``'``. ``filled`` gives, row by row, cells to
    fill in besides the plan's (by column key); ``comments`` are ``#`` lines on top."""
    lang = check_lang(lang)
    buf = io.StringIO()
    for comment in comments:
        buf.write(f"# {comment}\r\n")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(_header(lang))
    for k, p in enumerate(planned):
        cells = _template_row(p, lang) | (dict(filled[k]) if k < len(filled) else {})
        out = []
        for c in COLUMNS:
            v = cells.get(c.key)
            if isinstance(v, dt.date):
                v = v.strftime("%d/%m/%Y") if lang == "fr" else v.isoformat()
            out.append(_csv_cell(v))
        w.writerow(out)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def sheet_xlsx(planned: Sequence[PlannedSession], lang: str = "fr") -> bytes:
    """The template as an ``.xlsx`` workbook: a sheet of sessions (dates as dates, a list of
    statuses, whole numbers >= 0 for counts; every text a text, never a formula) and a sheet
    that explains each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = check_lang(lang)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Séances" if lang == "fr" else "Sessions"
    header = _header(lang)
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=j, value=name)
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for i, p in enumerate(planned, start=2):
        row = _template_row(p, lang)
        for j, c in enumerate(COLUMNS, start=1):
            v = row.get(c.key)
            if v is None:
                continue
            cell = ws.cell(row=i, column=j, value=v)
            if isinstance(v, dt.date):
                cell.number_format = "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"
            else:
                cell.data_type = "s"
    last = max(2, len(planned) + 1)
    keys = [c.key for c in COLUMNS]
    status_col = get_column_letter(keys.index("status") + 1)
    choices = '"tenue,annulée"' if lang == "fr" else '"held,cancelled"'
    dv = DataValidation(type="list", formula1=choices, allow_blank=True)
    dv.add(f"{status_col}2:{status_col}{last}")
    ws.add_data_validation(dv)
    first_count = get_column_letter(keys.index("visitors") + 1)
    last_count = get_column_letter(keys.index(f"subject:{SUBJECTS[-1].code}") + 1)
    counts = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    counts.add(f"{first_count}2:{last_count}{last}")
    ws.add_data_validation(counts)
    ws.freeze_panes = "C2"
    for j, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, len(name) + 2)
    help_ws = wb.create_sheet("Lisez-moi" if lang == "fr" else "Read me")
    help_ws.append(["colonne", "contenu"] if lang == "fr" else ["column", "content"])
    for c in COLUMNS:
        help_ws.append([c.fr if lang == "fr" else c.en, c.help_fr if lang == "fr" else c.help_en])
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 50
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

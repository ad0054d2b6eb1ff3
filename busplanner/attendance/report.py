"""The attendance report: who came, where, when and for what, and what it cost.

:func:`build_report` sums the log's sessions of a period; :func:`report_tables` prints them
(rich), :func:`report_csv` writes ``attendance.csv`` and :func:`report_html` writes
``attendance.html``, a page that works offline (inline CSS, charts as SVG images, no
script). Every text that comes from data is escaped (HTML), or protected against
spreadsheet formulas (CSV). See ``docs/attendance.md``.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from busplanner.attendance.db import SUBJECTS, PlannedSession, SessionRecord
from busplanner.i18n import format_month, section
from busplanner.reports.i18n import check_lang, format_number, weekday_label
from busplanner.reports.timetable import _csv_cell
from busplanner.timeutil import WEEKDAYS

DAYS_PER_YEAR = 365
"""ASSUMPTION: the yearly budget is spread evenly over the days of the year; a period's
share is its days / 365."""

_TEXT = section("attendance_report.")


def _t(key: str, lang: str, **kw: Any) -> str:
    text = _TEXT[check_lang(lang)][key]
    return text.format(**kw) if kw else text


@dataclass
class Figures:
    """Sums over some sessions."""

    held: int = 0
    cancelled: int = 0
    visitors: int = 0
    public_minutes: int = 0
    subjects: Counter[str] = field(default_factory=Counter)

    def add(self, s: SessionRecord) -> None:
        if s.held:
            self.held += 1
            self.visitors += s.visitors or 0
            self.public_minutes += s.public_minutes
            self.subjects.update({k: v for k, v in s.subjects.items() if v})
        else:
            self.cancelled += 1

    @property
    def per_session(self) -> float | None:
        """Visitors per session held (``None`` without one)."""
        return self.visitors / self.held if self.held else None

    @property
    def public_hours(self) -> float:
        return self.public_minutes / 60

    @property
    def per_hour(self) -> float | None:
        """Visitors per public hour (``None`` without one)."""
        return self.visitors / self.public_hours if self.public_minutes else None


@dataclass(frozen=True)
class Budget:
    """The yearly budget counted and what it gives over the period."""

    lines: tuple[tuple[str, float], ...]
    annual: float
    period: float
    per_session: float | None
    per_visitor: float | None


@dataclass(frozen=True)
class AttendanceReport:
    """The figures of a period."""

    start: dt.date
    end: dt.date
    stops: tuple[tuple[str, str], ...]
    """(id, name) of every stop with a session, by name."""
    by_stop: dict[str, Figures]
    by_month: dict[tuple[str, str], Figures]
    """(``YYYY-MM``, stop id) -> figures."""
    months: tuple[str, ...]
    total: Figures
    by_weekday: dict[tuple[str, str], Figures]
    """(weekday, stop id) -> figures."""
    cancellations: tuple[SessionRecord, ...]
    not_recorded: int
    budget: Budget | None
    synthetic: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def build_report(
    sessions: Iterable[SessionRecord],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    planned: Iterable[PlannedSession] = (),
    budget: Sequence[tuple[str, float]] = (),
) -> AttendanceReport:
    """Sum the sessions from ``start`` to ``end`` (default: the first and last recorded).

    ``planned``: the log's calendar, to count the planned sessions with no record (up to
    the last session recorded). ``budget``: the yearly funding lines (``[costs]
    annual_budget_eur``).
    """
    chosen = [
        s for s in sessions if (start is None or s.date >= start) and (end is None or s.date <= end)
    ]
    first = start or (min(s.date for s in chosen) if chosen else dt.date.today())
    last = end or (max(s.date for s in chosen) if chosen else first)
    names: dict[str, str] = {}
    by_stop: dict[str, Figures] = defaultdict(Figures)
    by_month: dict[tuple[str, str], Figures] = defaultdict(Figures)
    by_weekday: dict[tuple[str, str], Figures] = defaultdict(Figures)
    total = Figures()
    for s in chosen:
        names.setdefault(s.stop_id, s.stop_name)
        by_stop[s.stop_id].add(s)
        by_month[(s.date.strftime("%Y-%m"), s.stop_id)].add(s)
        by_weekday[(WEEKDAYS[s.date.weekday()], s.stop_id)].add(s)
        total.add(s)
    recorded = {(s.date, s.stop_id) for s in chosen}
    horizon = max((s.date for s in chosen), default=first)
    not_recorded = sum(
        1
        for p in planned
        if first <= p.date <= min(last, horizon) and (p.date, p.stop_id) not in recorded
    )
    months = _months(first, last)
    money = None
    if budget:
        annual = sum(v for _, v in budget)
        period = annual * ((last - first).days + 1) / DAYS_PER_YEAR
        money = Budget(
            tuple(budget),
            annual,
            period,
            period / total.held if total.held else None,
            period / total.visitors if total.visitors else None,
        )
    return AttendanceReport(
        start=first,
        end=last,
        stops=tuple(sorted(names.items(), key=lambda kv: (kv[1], kv[0]))),
        by_stop=dict(by_stop),
        by_month=dict(by_month),
        months=months,
        total=total,
        by_weekday=dict(by_weekday),
        cancellations=tuple(s for s in chosen if not s.held),
        not_recorded=not_recorded,
        budget=money,
        synthetic=any("SYNTHETIC" in s.note for s in chosen),
    )


def _months(first: dt.date, last: dt.date) -> tuple[str, ...]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def _num(value: float | None, lang: str, decimals: int = 1) -> str:
    return "—" if value is None else format_number(value, lang, decimals=decimals)


def _euros(value: float | None, lang: str) -> str:
    return "—" if value is None else f"{format_number(value, lang, decimals=0)} €"


def _stop_row(name: str, f: Figures, lang: str) -> list[str]:
    return [
        name,
        str(f.held),
        str(f.cancelled),
        str(f.visitors),
        _num(f.per_session, lang),
        _num(f.public_hours, lang),
        _num(f.per_hour, lang, 2),
    ]


def _subject_label(code: str, lang: str) -> str:
    s = next(s for s in SUBJECTS if s.code == code)
    return s.fr if check_lang(lang) == "fr" else s.en


def _reasons(report: AttendanceReport, lang: str) -> list[tuple[str, int]]:
    counts = Counter(s.reason.strip() or _t("no_reason", lang) for s in report.cancellations)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _weekdays(report: AttendanceReport) -> list[str]:
    return [d for d in WEEKDAYS if any(k[0] == d for k in report.by_weekday)]


def _budget_lines(report: AttendanceReport, lang: str) -> list[tuple[str, str]]:
    b = report.budget
    if b is None:
        return []
    rows = [(_t("budget", lang), _euros(b.annual, lang))]
    rows += [(f"  {name}", _euros(v, lang)) for name, v in b.lines if name]
    return [
        *rows,
        (_t("budget_period", lang, days=report.days), _euros(b.period, lang)),
        (_t("per_session_cost", lang), _euros(b.per_session, lang)),
        (_t("per_visitor_cost", lang), _euros(b.per_visitor, lang)),
    ]


# The terminal.


def report_tables(report: AttendanceReport, lang: str = "fr") -> list[Table | str]:
    """The report for the terminal: lines and rich tables, every name escaped."""
    lang = check_lang(lang)
    out: list[Table | str] = []
    if report.synthetic:
        out.append(escape(_t("synthetic", lang)))
    out.append(
        escape(
            _t(
                "period",
                lang,
                start=report.start,
                end=report.end,
                days=report.days,
            )
        )
    )
    if not report.stops:
        out.append(escape(_t("empty", lang)))
        return out
    heads = ["stop", "held", "cancelled", "visitors", "per_session", "hours", "per_hour"]
    table = _table(_t("by_stop", lang), [_t(h, lang) for h in heads])
    for sid, name in report.stops:
        table.add_row(*(escape(c) for c in _stop_row(name, report.by_stop[sid], lang)))
    table.add_section()
    table.add_row(*(escape(c) for c in _stop_row(_t("total", lang), report.total, lang)))
    out.append(table)
    # The year on the first month and on each January only: thirteen columns fit.
    heads = [
        _month_label(m, lang, year=k == 0 or m.endswith("-01")) for k, m in enumerate(report.months)
    ]
    months = _table(_t("by_month", lang), [_t("stop", lang), *heads])
    for sid, name in report.stops:
        cells = [_num(_month(report, m, sid).per_session, lang) for m in report.months]
        months.add_row(escape(name), *cells)
    out.append(months)
    if report.cancellations:
        cancel = _table(_t("cancellations", lang), [_t("reason", lang), _t("count", lang)])
        for reason, n in _reasons(report, lang):
            cancel.add_row(escape(reason), str(n))
        out.append(cancel)
    else:
        out.append(escape(_t("no_cancellation", lang)))
    if report.total.subjects:
        subj = _table(
            _t("subjects", lang), [_t("subject", lang), _t("people", lang), _t("share", lang)]
        )
        whole = sum(report.total.subjects.values())
        for s in SUBJECTS:
            n = report.total.subjects.get(s.code, 0)
            subj.add_row(_subject_label(s.code, lang), str(n), f"{_num(100 * n / whole, lang)} %")
        out.append(subj)
    if report.not_recorded:
        out.append(escape(_t("not_recorded", lang, n=report.not_recorded)))
    if report.budget is not None:
        money = _table(_t("costs", lang), ["", ""])
        money.show_header = False
        for label, value in _budget_lines(report, lang):
            money.add_row(escape(label), escape(value))
        out.append(money)
        out.append(escape(_t("budget_note", lang)))
    else:
        out.append(escape(_t("no_budget", lang)))
    return out


def _table(title: str, heads: Sequence[str]) -> Table:
    table = Table(title=escape(title), title_justify="left", box=box.SIMPLE_HEAD)
    for k, h in enumerate(heads):
        if k == 0:
            table.add_column(escape(h), justify="left", overflow="fold", min_width=12)
        else:
            table.add_column(escape(h), justify="right", overflow="fold")
    return table


def _month(report: AttendanceReport, month: str, stop: str) -> Figures:
    return report.by_month.get((month, stop)) or Figures()


def _month_label(month: str, lang: str, *, year: bool = True) -> str:
    """``2026-09`` as a heading: ``sept. 2026`` / ``Sep 2026`` (``sept.`` without the year)."""
    y, number = month.split("-")
    label = format_month(int(y), int(number), lang)
    return label if year else label.rsplit(" ", 1)[0]


# The CSV.

CSV_COLUMNS: tuple[str, ...] = (
    "period",
    "stop_id",
    "stop",
    "sessions_held",
    "sessions_cancelled",
    "visitors",
    "public_hours",
    "visitors_per_session",
    "visitors_per_public_hour",
    *(f"subject_{s.code}" for s in SUBJECTS),
)
"""Columns of ``attendance.csv``: one row per month and stop (``period`` = ``YYYY-MM``),
then one per stop over the whole period (``period`` = ``total``), then the whole
(``stop_id`` = ``*``)."""


def report_csv(report: AttendanceReport) -> str:
    """``attendance.csv``: the same figures as the page, in English column names, decimal
    points, CRLF; text cells a spreadsheet would take for a formula get a leading ``'``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)

    def row(period: str, sid: str, name: str, f: Figures) -> list[Any]:
        def r(v: float | None, k: int) -> Any:
            return "" if v is None else round(v, k)

        return [
            _csv_cell(period),
            _csv_cell(sid),
            _csv_cell(name),
            f.held,
            f.cancelled,
            f.visitors,
            round(f.public_hours, 2),
            r(f.per_session, 2),
            r(f.per_hour, 3),
            *(f.subjects.get(s.code, 0) for s in SUBJECTS),
        ]

    for m in report.months:
        for sid, name in report.stops:
            if (m, sid) in report.by_month:
                w.writerow(row(m, sid, name, report.by_month[(m, sid)]))
    for sid, name in report.stops:
        w.writerow(row("total", sid, name, report.by_stop[sid]))
    w.writerow(row("total", "*", "", report.total))
    return buf.getvalue()


# The page.

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 75rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f0f0f0; }
tbody th, tfoot th { text-align: left; font-weight: normal; }
tfoot th, tfoot td { font-weight: bold; background: #fafafa; }
.synthetic { border: 3px solid #b00; color: #b00; padding: 0.5rem 1rem; font-weight: bold; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9rem; }
.scroll { overflow-x: auto; }
"""


def _img(svg: str, alt: str, name: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    e = html.escape
    return (
        f"<figure><img class='chart' id='{name}' alt='{e(alt, quote=True)}' "
        f"src='data:image/svg+xml;base64,{data}'><figcaption>{e(alt)}</figcaption></figure>"
    )


def report_html(
    report: AttendanceReport, lang: str = "fr", *, log: str = "", today: dt.date | None = None
) -> str:
    """``attendance.html``: the tables and three charts (a small chart per stop over the
    months, a stop x weekday heat map, the subjects), in one file that needs no network."""
    lang = check_lang(lang)
    e = html.escape
    parts: list[str] = []
    title = e(_t("title", lang))
    parts.append(f"<h1>{title}</h1>")
    if report.synthetic:
        parts.append(f"<p class='synthetic' id='synthetic'>{e(_t('synthetic', lang))}</p>")
    period = _t("period", lang, start=report.start, end=report.end, days=report.days)
    parts.append("<p>" + e(period) + "</p>")
    if not report.stops:
        parts.append(f"<p>{e(_t('empty', lang))}</p>")
    else:
        parts += _by_stop_sections(report, lang)
        parts += _cancellations_section(report, lang)
        parts += _subjects_section(report, lang)
        if report.not_recorded:
            parts.append(f"<p>{e(_t('not_recorded', lang, n=report.not_recorded))}</p>")
    parts += _costs_section(report, lang)
    day = today or dt.date.today()
    parts.append(f"<p class='note'>{e(_t('note', lang, date=day, log=log))}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )


def _tr(cells: list[str], tag: str = "td") -> str:
    """A table row: its first cell the row's heading, the others numbers."""
    e = html.escape
    first, *rest = cells
    return (
        f"<tr><th scope='row'>{e(first)}</th>"
        + "".join(f"<{tag} class='n'>{e(c)}</{tag}>" for c in rest)
        + "</tr>"
    )


def _by_stop_sections(report: AttendanceReport, lang: str) -> list[str]:
    """The figures by stop (a table and a small chart per stop over the months), by month
    and by stop and weekday (a heat map)."""
    from busplanner.attendance import charts

    e = html.escape
    parts: list[str] = []
    heads = ["stop", "held", "cancelled", "visitors", "per_session", "hours", "per_hour"]
    head = "".join(f"<th scope='col'>{e(_t(h, lang))}</th>" for h in heads)
    body = "".join(_tr(_stop_row(n, report.by_stop[s], lang)) for s, n in report.stops)
    foot = _tr(_stop_row(_t("total", lang), report.total, lang))
    parts.append(
        f"<h2>{e(_t('by_stop', lang))}</h2><table id='by-stop'><thead><tr>{head}</tr>"
        f"</thead><tbody>{body}</tbody><tfoot>{foot}</tfoot></table>"
    )
    series = {
        name: [_month(report, m, sid).per_session for m in report.months]
        for sid, name in report.stops
    }
    parts.append(
        _img(
            charts.small_multiples(
                [_month_label(m, lang) for m in report.months],
                series,
                title=_t("chart_lines", lang),
                ylabel=_t("per_session", lang),
            ),
            _t("chart_lines_alt", lang),
            "chart-lines",
        )
    )
    month_head = "".join(f"<th scope='col'>{e(_month_label(m, lang))}</th>" for m in report.months)
    month_body = "".join(
        _tr([n, *(_num(_month(report, m, s).per_session, lang) for m in report.months)])
        for s, n in report.stops
    )
    parts.append(
        f"<h2>{e(_t('by_month', lang))}</h2><div class='scroll'><table id='by-month'>"
        f"<thead><tr><th scope='col'>{e(_t('stop', lang))}</th>{month_head}</tr></thead>"
        f"<tbody>{month_body}</tbody></table></div>"
    )
    days = _weekdays(report)
    grid = [
        [(report.by_weekday.get((d, sid)) or Figures()).per_session for d in days]
        for sid, _ in report.stops
    ]
    parts.append(
        _img(
            charts.heat_map(
                [n for _, n in report.stops],
                [weekday_label(d, lang) for d in days],
                grid,
                title=_t("chart_heat", lang),
                colorbar=_t("per_session", lang),
            ),
            _t("chart_heat", lang),
            "chart-heat",
        )
    )
    return parts


def _cancellations_section(report: AttendanceReport, lang: str) -> list[str]:
    """The sessions cancelled, by reason."""
    e = html.escape
    parts = [f"<h2>{e(_t('cancellations', lang))}</h2>"]
    if report.cancellations:
        rows = "".join(
            f"<tr><th scope='row'>{e(r)}</th><td class='n'>{n}</td></tr>"
            for r, n in _reasons(report, lang)
        )
        parts.append(
            f"<table id='cancellations'><thead><tr><th scope='col'>"
            f"{e(_t('reason', lang))}</th><th scope='col'>{e(_t('count', lang))}</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(f"<p>{e(_t('no_cancellation', lang))}</p>")
    return parts


def _subjects_section(report: AttendanceReport, lang: str) -> list[str]:
    """What people came for: a table with each subject's share, and a bar chart."""
    from busplanner.attendance import charts

    e = html.escape
    parts = [f"<h2>{e(_t('subjects', lang))}</h2>"]
    if not report.total.subjects:
        parts.append(f"<p>{e(_t('no_subject', lang))}</p>")
        return parts
    whole = sum(report.total.subjects.values())
    rows = "".join(
        f"<tr><th scope='row'>{e(_subject_label(s.code, lang))}</th>"
        f"<td class='n'>{report.total.subjects.get(s.code, 0)}</td>"
        f"<td class='n'>{e(_num(100 * report.total.subjects.get(s.code, 0) / whole, lang))}"
        " %</td></tr>"
        for s in SUBJECTS
    )
    parts.append(
        f"<table id='subjects'><thead><tr><th scope='col'>{e(_t('subject', lang))}</th>"
        f"<th scope='col'>{e(_t('people', lang))}</th><th scope='col'>"
        f"{e(_t('share', lang))}</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    parts.append(
        _img(
            charts.bar_chart(
                [_subject_label(s.code, lang) for s in SUBJECTS],
                [report.total.subjects.get(s.code, 0) for s in SUBJECTS],
                title=_t("chart_subjects", lang),
            ),
            _t("chart_subjects", lang),
            "chart-subjects",
        )
    )
    return parts


def _costs_section(report: AttendanceReport, lang: str) -> list[str]:
    """The costs against the budget, when the scenario gives one."""
    e = html.escape
    parts = [f"<h2>{e(_t('costs', lang))}</h2>"]
    if report.budget is not None:
        rows = "".join(
            f"<tr><th scope='row'>{e(label)}</th><td class='n'>{e(value)}</td></tr>"
            for label, value in _budget_lines(report, lang)
        )
        parts.append(f"<table id='costs'><tbody>{rows}</tbody></table>")
        parts.append(f"<p class='note'>{e(_t('budget_note', lang))}</p>")
    else:
        parts.append(f"<p>{e(_t('no_budget', lang))}</p>")
    return parts

"""The timetable of a plan: rows per visit, a CSV file, and tables for the terminal (rich)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from busplanner.plan import Plan, Route, Stop, Visit
from busplanner.reports.dialects import CsvDialect, csv_dialect, protect, write_csv
from busplanner.reports.i18n import (
    check_lang,
    format_distance,
    format_duration,
    format_money,
    format_number,
    frequency_label,
    half_day_label,
    t,
    weekday_label,
)
from busplanner.timeutil import format_hhmm

CSV_COLUMNS: tuple[str, ...] = (
    "week",
    "day",
    "bus",
    "stop_id",
    "commune",
    "address",
    "half_day",
    "arrival",
    "start",
    "end",
    "every_weeks",
    "lon",
    "lat",
)

CSV_HEADER_KEYS: dict[str, str] = {
    "week": "sheet.col.cycle_week",
    "day": "sheet.col.day",
    "bus": "sheet.col.bus",
    "stop_id": "sheet.col.stop_id",
    "commune": "sheet.col.commune",
    "address": "sheet.col.address",
    "half_day": "sheet.col.half_day",
    "arrival": "sheet.col.arrival",
    "start": "sheet.col.start",
    "end": "sheet.col.end",
    "every_weeks": "sheet.col.every_weeks",
    "lon": "sheet.col.lon",
    "lat": "sheet.col.lat",
}
"""Each column's header in the run's language (catalogue keys), for ``excel-fr`` and the
workbook."""


def _day_rank(plan: Plan) -> dict[str, int]:
    return {day: i for i, day in enumerate(plan.days)}


def _visits_in_order(plan: Plan) -> list[tuple[Route, Visit]]:
    """Every (route, visit) sorted by week, day (plan.days order), bus, start time."""
    ranks = _day_rank(plan)
    pairs = [(r, v) for r in plan.routes for v in r.visits]
    pairs.sort(
        key=lambda rv: (
            rv[0].week,
            ranks.get(rv[0].day, len(ranks)),
            rv[0].day,
            rv[0].bus,
            rv[1].start_min,
            rv[1].stop_id,
        )
    )
    return pairs


def _stops_by_id(plan: Plan) -> dict[str, Stop]:
    return {s.id: s for s in plan.stops}


def schedule_rows(plan: Plan) -> list[dict[str, Any]]:
    """One row per visit of the plan, in timetable order.

    Rows are sorted by week, day (in ``plan.days`` order), bus and start time. Keys:
    ``week``, ``day`` (English weekday key), ``bus`` (number), ``commune`` (name), ``stop_id``,
    ``address``, ``half_day`` (``"morning"``/``"afternoon"``), ``arrival``, ``start``,
    ``end`` (``"HH:MM"``), ``every_weeks`` (``None`` if unknown), ``lon``, ``lat``.
    A visit to a stop missing from ``plan.stops`` keeps its id as the commune name and has
    no address, frequency or coordinates.
    """
    stops = _stops_by_id(plan)
    rows: list[dict[str, Any]] = []
    for route, visit in _visits_in_order(plan):
        stop = stops.get(visit.stop_id)
        rows.append(
            {
                "week": route.week,
                "day": route.day,
                "bus": route.bus,
                "commune": stop.name if stop else visit.stop_id,
                "stop_id": visit.stop_id,
                "address": stop.address if stop else "",
                "half_day": visit.half_day,
                "arrival": format_hhmm(visit.arrival_min),
                "start": format_hhmm(visit.start_min),
                "end": format_hhmm(visit.end_min),
                "every_weeks": stop.every_weeks if stop else None,
                "lon": stop.lon if stop else None,
                "lat": stop.lat if stop else None,
            }
        )
    return rows


_csv_cell = protect
"""A value made safe for a spreadsheet: text that would be read as a formula gets ``'``."""


def timetable_csv(plan: Plan, lang: str = "fr", dialect: str | CsvDialect = "standard") -> str:
    """The timetable as CSV text: a header row, then one row per visit (timetable order).

    With the ``standard`` dialect, column names are English snake_case whatever ``lang`` is
    (see ``CSV_COLUMNS``); with ``excel-fr`` (``;``, byte-order mark, decimal comma) they are
    in ``lang`` (``CSV_HEADER_KEYS``). The ``day`` and ``half_day`` values are written in
    ``lang`` (``mardi``, ``matin``). ``bus`` is the bus's number, or its label (``Janzé``,
    ``Quimper 2``) with several bases. Text cells a spreadsheet would take for a formula
    (starting with ``= + - @``, tab or CR) get a leading ``'``. Lines end with CRLF (RFC
    4180); encode the text as UTF-8.

    Raises
    ------
    ValueError
        If ``lang`` or ``dialect`` is not supported.
    """
    lang = check_lang(lang)
    d = csv_dialect(dialect)
    header = (
        [t(CSV_HEADER_KEYS[col], lang) for col in CSV_COLUMNS]
        if d.localized_headers
        else list(CSV_COLUMNS)
    )
    rows = []
    for row in schedule_rows(plan):
        localized = dict(row)
        localized["day"] = weekday_label(row["day"], lang)
        localized["half_day"] = half_day_label(row["half_day"], lang)
        if plan.bases:
            localized["bus"] = plan.bus_label(row["bus"])
        rows.append([localized[col] for col in CSV_COLUMNS])
    return write_csv(header, rows, d)


def _kpi(plan: Plan, key: str) -> float | None:
    value = plan.kpis.get(key)
    return float(value) if isinstance(value, int | float) else None


def summary_figures(plan: Plan) -> dict[str, float]:
    """The plan's headline figures, from ``plan.kpis`` or, when missing, from the routes.

    Keys: ``distance_km_per_cycle``, ``driving_min_per_cycle``, ``public_hours_per_week``,
    ``communes_served``, ``communes_total``.
    """
    distance = _kpi(plan, "distance_km_per_cycle")
    if distance is None:
        distance = sum(r.distance_km for r in plan.routes)
    driving = _kpi(plan, "driving_min_per_cycle")
    if driving is None:
        driving = float(sum(r.driving_min for r in plan.routes))
    public = _kpi(plan, "public_hours_per_week")
    if public is None:
        session_min = sum(v.end_min - v.start_min for r in plan.routes for v in r.visits)
        public = session_min / 60 / max(plan.cycle_weeks, 1)
    served = _kpi(plan, "communes_served")
    if served is None:
        served = float(len({v.stop_id for r in plan.routes for v in r.visits}))
    total = _kpi(plan, "communes_total")
    if total is None:
        total = float(len(plan.stops))
    return {
        "distance_km_per_cycle": distance,
        "driving_min_per_cycle": driving,
        "public_hours_per_week": public,
        "communes_served": served,
        "communes_total": total,
    }


def solver_label(plan: Plan, lang: str = "fr") -> str:
    """The solver's verdict in plain words (``gap`` is read as a fraction: 0.05 = 5 %)."""
    status = plan.solver.status
    if status == "optimal":
        return t("status_optimal", lang)
    if status == "feasible":
        if plan.solver.gap is not None:
            gap = format_number(plan.solver.gap * 100, lang)
            return t("status_feasible_gap", lang, gap=gap)
        return t("status_feasible", lang)
    if status == "infeasible":
        return t("status_infeasible", lang)
    if status == "published":
        return t("status_published", lang)
    return status


ADDRESS_MIN_WIDTH = 20
"""The narrowest address column the terminal table keeps (cut with "…"); narrower, it goes."""

NOT_A_TERMINAL_WIDTH = 100
"""The width of the schedule printed into a file or a pipe (``COLUMNS`` overrides it), so that
saved outputs do not depend on the terminal the command ran from."""

_POSTCODE_TAIL = re.compile(r"\s+\d{5}\s+\S.*$")


def schedule_console() -> Console:
    """The console ``plan`` and ``schedule`` print the timetable on: the terminal's width, or
    :data:`NOT_A_TERMINAL_WIDTH` columns when standard output is a file or a pipe (unless
    ``COLUMNS`` says otherwise)."""
    console = Console(highlight=False)
    if console.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return console
    return Console(highlight=False, width=NOT_A_TERMINAL_WIDTH)


def short_address(address: str) -> str:
    """An address without its trailing postcode and town (``22 rue de Bretagne 35150 Brie`` ->
    ``22 rue de Bretagne``): the table's commune column names the place already."""
    short = _POSTCODE_TAIL.sub("", address).strip()
    return short or address


@dataclass(frozen=True)
class _Column:
    """A column of a terminal table: header, cells (plain text), and how it may narrow: its
    cells ``wrap`` at spaces (never inside a word) or are ``cut`` with "…" down to that
    width; its header wraps at spaces with ``head_wrap`` (or when the cells wrap)."""

    header: str
    cells: tuple[str, ...]
    wrap: bool = False
    cut: int | None = None
    head_wrap: bool = False
    justify: JustifyMethod = "left"

    def natural(self) -> int:
        return max((cell_len(c) for c in (self.header, *self.cells)), default=1)

    def narrowest(self) -> int:
        def longest_word(texts: tuple[str, ...]) -> int:
            return max((cell_len(w) for c in texts for w in c.split()), default=0)

        head = (
            longest_word((self.header,)) if self.wrap or self.head_wrap else cell_len(self.header)
        )
        if self.wrap:
            cells = longest_word(self.cells)
        elif self.cut is not None:
            cells = min(max((cell_len(c) for c in self.cells), default=0), self.cut)
        else:
            cells = max((cell_len(c) for c in self.cells), default=0)
        return max(head, cells, 1)


def _fit(columns: list[_Column], width: int) -> list[int] | None:
    """Each column's width so that the table (3 characters of padding and rule a column, 1
    more for the edge) fits ``width``: every column as wide as its text when that fits, else
    the widest narrowable column narrowed first, never below its narrowest; ``None`` when
    even the narrowest widths do not fit."""
    widths = [c.natural() for c in columns]
    floors = [c.narrowest() for c in columns]
    excess = sum(widths) + 3 * len(columns) + 1 - width
    if excess > sum(w - f for w, f in zip(widths, floors, strict=True)):
        return None
    while excess > 0:
        i = max((k for k in range(len(widths)) if widths[k] > floors[k]), key=lambda k: widths[k])
        widths[i] -= 1
        excess -= 1
    return widths


def _table(
    columns: list[_Column], widths: list[int] | None, *, total_row: bool = False, **kw: Any
) -> Table:
    """A table of ``columns`` at ``widths`` (``None``: rich's own, cut with "…" if need be);
    no cell ever breaks inside a word. ``total_row``: the last row in bold, ruled off."""
    table = Table(**kw)
    for k, col in enumerate(columns):
        table.add_column(
            Text(col.header, no_wrap=not (col.wrap or col.head_wrap), overflow="fold"),
            width=widths[k] if widths else None,
            justify=col.justify,
        )
    cells = [
        tuple(_shorten(c, widths[k]) for c in col.cells) if widths and col.cut else col.cells
        for k, col in enumerate(columns)
    ]
    rows = list(zip(*cells, strict=True))
    for i, row in enumerate(rows):
        last = total_row and i == len(rows) - 1
        table.add_row(
            *(
                Text(
                    cell,
                    style="bold" if last and k == 0 else "",
                    no_wrap=not col.wrap,
                    overflow="fold" if col.wrap else "ellipsis",
                )
                for k, (cell, col) in enumerate(zip(row, columns, strict=True))
            ),
            end_section=total_row and i == len(rows) - 2,
        )
    return table


def _shorten(text: str, width: int) -> str:
    """``text`` cut after its last whole word that fits ``width`` with "…" (as it is when it
    fits; cut inside its first word only when that alone is too long)."""
    if cell_len(text) <= width:
        return text
    words = text.split()
    kept = ""
    for word in words:
        longer = f"{kept} {word}" if kept else word
        if cell_len(longer) + 1 > width:
            break
        kept = longer
    return f"{kept.rstrip(',;')}…" if kept else text


def _week_layouts(plan: Plan, week: int, lang: str, *, show_bus: bool) -> list[list[_Column]]:
    """The week's table from the widest to the narrowest: every column, whole addresses;
    addresses without postcode and town, cut after a word with "…" (at least
    :data:`ADDRESS_MIN_WIDTH` wide); the same with the weekday alone in the day column (the
    times tell the half-day); no address; the weekday alone; no frequency; neither."""
    stops = _stops_by_id(plan)
    pairs = [(r, v) for r, v in _visits_in_order(plan) if r.week == week]
    if not pairs:
        return []
    got = [(route, visit, stops.get(visit.stop_id)) for route, visit in pairs]
    day = _Column(
        t("col_day", lang),
        tuple(
            f"{weekday_label(r.day, lang)} {half_day_label(v.half_day, lang)}" for r, v, _ in got
        ),
    )
    weekday = _Column(t("col_day", lang), tuple(weekday_label(r.day, lang) for r, _, _ in got))
    bus = _Column(
        t("col_bus", lang),
        tuple(plan.bus_label(r.bus) for r, _, _ in got),
        justify="left" if plan.bases else "right",
    )
    times = _Column(
        t("col_times", lang),
        tuple(f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}" for _, v, _ in got),
    )
    commune = _Column(t("col_commune", lang), tuple(s.name if s else v.stop_id for _, v, s in got))
    addresses = tuple(s.address if s else "" for _, _, s in got)
    address = _Column(t("col_address", lang), addresses)
    short = _Column(
        t("col_address", lang),
        tuple(short_address(a) for a in addresses),
        cut=ADDRESS_MIN_WIDTH,
    )
    frequency = _Column(
        t("col_frequency", lang),
        tuple(frequency_label(s.every_weeks if s else None, lang) for _, _, s in got),
    )

    def layout(first: _Column, *rest: _Column) -> list[_Column]:
        return [first, *([bus] if show_bus else []), times, commune, *rest]

    return [
        layout(day, address, frequency),
        layout(day, short, frequency),
        layout(weekday, short, frequency),
        layout(day, frequency),
        layout(weekday, frequency),
        layout(day),
        layout(weekday),
    ]


def _week_table(
    plan: Plan, week: int, lang: str, *, show_bus: bool, width: int = 10_000
) -> Table | None:
    """The week's table, the widest of its layouts that fits ``width`` columns (the
    narrowest, cut with "…", when none does); ``None`` when the week has no visit."""
    layouts = _week_layouts(plan, week, lang, show_bus=show_bus)
    if not layouts:
        return None
    title = escape(t("week", lang, week=week))
    style: dict[str, Any] = {"title": title, "title_justify": "left", "box": box.SIMPLE_HEAD}
    for columns in layouts:
        widths = _fit(columns, width)
        if widths is not None:
            return _table(columns, widths, **style)
    # Narrower than the narrowest layout: rich cuts the cells with "…", never wraps them.
    return _table(layouts[-1], None, **style)


def print_unserved(plan: Plan, console: Console, lang: str = "fr") -> None:
    """Print the visits left out, each with its reason (nothing when every visit is held);
    ``plan -q`` prints this too. On a terminal each item wraps at spaces; into a file or a
    pipe, one line each."""
    if not plan.unserved:
        return
    stops = _stops_by_id(plan)
    console.print(f"[bold]{escape(t('unserved_title', check_lang(lang)))}[/bold]")
    for u in plan.unserved:
        stop = stops.get(u.stop_id)
        name = stop.name if stop else u.stop_id
        reason = u.reason_in(lang)
        # A reason says whose it is and what is missing ("Aibes : aucune visite — …"); an
        # older or hand-made one may not.
        line = (
            reason
            if reason.startswith(name)
            else t("unserved_item", lang, commune=name, missing=u.missing_visits, reason=reason)
        )
        if console.is_terminal:  # wrapped at spaces under its bullet
            item = Table.grid(padding=(0, 1))
            item.add_column(no_wrap=True)
            item.add_column(overflow="fold")
            item.add_row(" •", Text(line))
            console.print(item)
        else:  # a file or a pipe: one line per visit left out
            console.print(f"  • {escape(line)}", soft_wrap=True)
    console.print()


def print_schedule(plan: Plan, console: Console, lang: str = "fr") -> None:
    """Print the timetable: one table per week, what is left out, then a short summary.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    show_bus = len({r.bus for r in plan.routes}) > 1 or bool(plan.bases)
    for week in range(1, plan.cycle_weeks + 1):
        table = _week_table(plan, week, lang, show_bus=show_bus, width=console.width)
        if table is None:
            console.print(f"[bold]{escape(t('week', lang, week=week))}[/bold]")
            console.print(f"  {escape(t('no_visit_this_week', lang))}")
        else:
            console.print(table)
        console.print()

    print_unserved(plan, console, lang)

    console.print(_summary_table(plan, lang, console.width))
    if plan.bases:
        console.print(_per_bus_table(plan, lang, console.width))


def _summary_table(plan: Plan, lang: str, width: int) -> Table:
    """The plan's headline figures, labels and values wrapped at spaces when narrow."""
    figures = summary_figures(plan)
    rows = [
        (t("cycle", lang), t("cycle_weeks", lang, n=plan.cycle_weeks)),
        (t("km_per_cycle", lang), format_distance(figures["distance_km_per_cycle"], lang)),
        (t("driving_per_cycle", lang), format_duration(figures["driving_min_per_cycle"], lang)),
        (
            t("public_per_week", lang),
            format_duration(figures["public_hours_per_week"] * 60, lang),
        ),
        (t("communes_served", lang), served_text(plan, lang)),
        *_visits_row(plan, lang),
        *_cost_rows(plan, lang),
        (t("solver_status", lang), solver_label(plan, lang)),
    ]
    columns = [
        _Column("", tuple(label for label, _ in rows), wrap=True),
        _Column("", tuple(value for _, value in rows), wrap=True),
    ]
    title = escape(t("summary_title", lang))
    return _table(
        columns, _fit(columns, width), title=title, title_justify="left", show_header=False
    )


def served_text(plan: Plan, lang: str, *, short: bool = False) -> str:
    """Communes served out of those asked and, when not all can be, the most these buses
    could serve (the coverage bound): "302 / 407 ; au plus 302 avec ces bus…" (``short``:
    "302 / 407 (au plus 302)")."""
    figures = summary_figures(plan)
    served, total = round(figures["communes_served"]), round(figures["communes_total"])
    cover = plan.solver.coverage
    if cover is None or (served >= total and cover.stops_bound >= total):
        return f"{served} / {total}"
    key = "served_bound_short" if short else "served_bound"
    return t(key, lang, served=served, total=total, bound=cover.stops_bound)


def _visits_row(plan: Plan, lang: str) -> list[tuple[str, str]]:
    """Visits held out of those asked, with the most these buses could hold, when some are
    left out."""
    cover = plan.solver.coverage
    held = sum(s.visits_planned for s in plan.stops)
    asked = sum(s.visits_per_cycle for s in plan.stops)
    if cover is None or held >= asked:
        return []
    value = t("visits_bound", lang, held=held, asked=asked, bound=cover.visits_bound)
    return [(t("visits_held", lang), value)]


def per_bus_figures(plan: Plan) -> dict[str, dict[str, Any]]:
    """The figures of each bus of a plan with several bases: ``plan.kpis["per_bus"]`` when
    the plan has them, else computed from its routes (:func:`busplanner.kpis.per_bus`)."""
    from busplanner.kpis import per_bus

    stored = plan.kpis.get("per_bus")
    if isinstance(stored, dict) and stored:
        return stored
    return per_bus(plan, 0.0)


def _per_bus_table(plan: Plan, lang: str, width: int = 10_000) -> Table:
    """Per bus (name, base, km and driving per cycle, public hours per week, visits,
    communes), then the whole plan; on a narrow terminal without the base, then the communes,
    then the driving and public hours."""

    def cells(figures: dict[str, Any], communes: str) -> list[str]:
        return [
            format_distance(float(figures.get("distance_km_per_cycle") or 0), lang),
            format_duration(float(figures.get("driving_min_per_cycle") or 0), lang),
            format_duration(float(figures.get("public_hours_per_week") or 0) * 60, lang),
            str(round(float(figures.get("visits_per_cycle") or 0))),
            communes,
        ]

    rows = [
        [
            str(figures.get("label", "")),
            str(figures.get("base_name", "")),
            *cells(figures, str(figures.get("communes_served", 0))),
        ]
        for figures in per_bus_figures(plan).values()
    ]
    total = summary_figures(plan)
    visits = _kpi(plan, "visits_per_cycle")
    if visits is None:
        visits = float(sum(len(r.visits) for r in plan.routes))
    whole = {**total, "visits_per_cycle": visits}
    served = f"{round(total['communes_served'])} / {round(total['communes_total'])}"
    rows.append([t("total", lang), t("n_bases", lang, n=len(plan.bases)), *cells(whole, served)])
    headers = [
        t(key, lang)
        for key in (
            "col_bus",
            "col_base",
            "col_km_cycle",
            "col_driving_cycle",
            "col_public_week",
            "col_visits_cycle",
            "col_communes",
        )
    ]
    columns = [
        _Column(
            header,
            tuple(row[k] for row in rows),
            wrap=k == 1,
            head_wrap=True,
            justify="left" if k < 2 else "right",
        )
        for k, header in enumerate(headers)
    ]
    style: dict[str, Any] = {
        "total_row": True,
        "title": escape(t("per_bus_title", lang)),
        "title_justify": "left",
        "box": box.SIMPLE_HEAD,
    }
    # Narrower: without the base (the bus's name mostly says it), then without the communes.
    for keep in ((0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 4, 5, 6), (0, 2, 3, 4, 5), (0, 2, 5)):
        chosen = [columns[k] for k in keep]
        widths = _fit(chosen, width)
        if widths is not None:
            return _table(chosen, widths, **style)
    return _table(chosen, None, **style)


def _cost_rows(plan: Plan, lang: str) -> list[tuple[str, str]]:
    """Yearly fuel, CO2, cost and the equity spread, when ``plan.kpis`` has them."""
    rows: list[tuple[str, str]] = []
    weeks = _kpi(plan, "service_weeks_per_year")
    if weeks is not None:
        n = format_number(weeks, lang, decimals=0 if weeks.is_integer() else 1)
        rows.append((t("service_year", lang), t("service_year_weeks", lang, n=n)))
    for key, label, unit in (
        ("fuel_l_per_year", "fuel_per_year", "L"),
        ("co2_kg_per_year", "co2_per_year", "kg"),
        ("cost_eur_per_year", "cost_per_year", "€"),
    ):
        value = _kpi(plan, key)
        if value is not None:
            text = (
                format_money(value, lang)
                if unit == "€"
                else f"{format_number(value, lang, decimals=0)} {unit}"
            )
            rows.append((t(label, lang), text))
    equity = plan.kpis.get("equity")
    if isinstance(equity, dict) and equity.get("worst_stop_id") is not None:
        names = {s.id: s.name for s in plan.stops}
        ratio = equity.get("ratio")
        fields = {
            "min": format_number(equity["min_hours_per_1000_inhabitants_per_month"], lang),
            "worst": names.get(equity["worst_stop_id"], equity["worst_stop_id"]),
            "max": format_number(equity["max_hours_per_1000_inhabitants_per_month"], lang),
            "best": names.get(equity["best_stop_id"], equity["best_stop_id"]),
        }
        if isinstance(ratio, int | float):
            value_text = t("equity_value", lang, ratio=format_number(ratio, lang), **fields)
        else:
            value_text = t("equity_no_ratio", lang, **fields)
        rows.append((t("equity_spread", lang), value_text))
    return rows

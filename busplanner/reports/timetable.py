"""The timetable of a plan: rows per visit, a CSV file, and tables for the terminal (rich)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from busplanner.plan import Plan, Route, Stop, Visit
from busplanner.reports.dialects import CsvDialect, csv_dialect, protect, write_csv
from busplanner.reports.i18n import (
    check_lang,
    format_duration,
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


def _week_table(plan: Plan, week: int, lang: str, *, show_bus: bool) -> Table | None:
    stops = _stops_by_id(plan)
    pairs = [(r, v) for r, v in _visits_in_order(plan) if r.week == week]
    if not pairs:
        return None
    table = Table(
        title=escape(t("week", lang, week=week)), title_justify="left", box=box.SIMPLE_HEAD
    )
    # Names and times never wrap or get cut; the address takes what width is left.
    table.add_column(t("col_day", lang), no_wrap=True)
    if show_bus and plan.bases:
        table.add_column(t("col_bus", lang), no_wrap=True)  # the bus's name
    elif show_bus:
        table.add_column(t("col_bus", lang), justify="right")
    table.add_column(t("col_times", lang), no_wrap=True)
    table.add_column(t("col_commune", lang), no_wrap=True)
    table.add_column(t("col_address", lang), overflow="fold", min_width=10)
    table.add_column(t("col_frequency", lang))
    for route, visit in pairs:
        stop = stops.get(visit.stop_id)
        day = f"{weekday_label(route.day, lang)} {half_day_label(visit.half_day, lang)}"
        times = f"{format_hhmm(visit.start_min)}–{format_hhmm(visit.end_min)}"
        cells = [escape(day)]
        if show_bus:
            cells.append(escape(plan.bus_label(route.bus)))
        cells += [
            times,
            escape(stop.name if stop else visit.stop_id),
            escape(stop.address if stop else ""),
            escape(frequency_label(stop.every_weeks if stop else None, lang)),
        ]
        table.add_row(*cells)
    return table


def print_unserved(plan: Plan, console: Console, lang: str = "fr") -> None:
    """Print the visits left out, each with its reason (nothing when every visit is held);
    ``plan -q`` prints this too."""
    if not plan.unserved:
        return
    stops = _stops_by_id(plan)
    console.print(f"[bold]{escape(t('unserved_title', check_lang(lang)))}[/bold]")
    for u in plan.unserved:
        stop = stops.get(u.stop_id)
        line = t(
            "unserved_item",
            lang,
            commune=stop.name if stop else u.stop_id,
            missing=u.missing_visits,
            reason=u.reason_in(lang),
        )
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
        table = _week_table(plan, week, lang, show_bus=show_bus)
        if table is None:
            console.print(f"[bold]{escape(t('week', lang, week=week))}[/bold]")
            console.print(f"  {escape(t('no_visit_this_week', lang))}")
        else:
            console.print(table)
        console.print()

    print_unserved(plan, console, lang)

    figures = summary_figures(plan)
    summary = Table(title=escape(t("summary_title", lang)), title_justify="left", show_header=False)
    summary.add_column()
    summary.add_column()
    summary.add_row(escape(t("cycle", lang)), escape(t("cycle_weeks", lang, n=plan.cycle_weeks)))
    summary.add_row(
        escape(t("km_per_cycle", lang)),
        f"{format_number(figures['distance_km_per_cycle'], lang)} km",
    )
    summary.add_row(
        escape(t("driving_per_cycle", lang)),
        format_duration(figures["driving_min_per_cycle"], lang),
    )
    summary.add_row(
        escape(t("public_per_week", lang)),
        format_duration(figures["public_hours_per_week"] * 60, lang),
    )
    summary.add_row(
        escape(t("communes_served", lang)),
        f"{round(figures['communes_served'])} / {round(figures['communes_total'])}",
    )
    for label, value in _cost_rows(plan, lang):
        summary.add_row(escape(label), escape(value))
    summary.add_row(escape(t("solver_status", lang)), escape(solver_label(plan, lang)))
    console.print(summary)
    if plan.bases:
        console.print(_per_bus_table(plan, lang))


def per_bus_figures(plan: Plan) -> dict[str, dict[str, Any]]:
    """The figures of each bus of a plan with several bases: ``plan.kpis["per_bus"]`` when
    the plan has them, else computed from its routes (:func:`busplanner.kpis.per_bus`)."""
    from busplanner.kpis import per_bus

    stored = plan.kpis.get("per_bus")
    if isinstance(stored, dict) and stored:
        return stored
    return per_bus(plan, 0.0)


def _per_bus_table(plan: Plan, lang: str) -> Table:
    """Per bus (name, base, km and driving per cycle, public hours per week, visits,
    communes), then the whole plan."""
    table = Table(title=escape(t("per_bus_title", lang)), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(t("col_bus", lang), no_wrap=True)
    table.add_column(t("col_base", lang))
    for key in ("col_km_cycle", "col_driving_cycle", "col_public_week", "col_visits_cycle"):
        table.add_column(t(key, lang), justify="right")
    table.add_column(t("col_communes", lang), justify="right")

    def cells(figures: dict[str, Any], communes: str) -> list[str]:
        return [
            f"{format_number(float(figures.get('distance_km_per_cycle') or 0), lang)} km",
            format_duration(float(figures.get("driving_min_per_cycle") or 0), lang),
            format_duration(float(figures.get("public_hours_per_week") or 0) * 60, lang),
            str(round(float(figures.get("visits_per_cycle") or 0))),
            communes,
        ]

    rows = per_bus_figures(plan)
    for i, figures in enumerate(rows.values()):
        served = str(figures.get("communes_served", 0))
        table.add_row(
            escape(str(figures.get("label", ""))),
            escape(str(figures.get("base_name", ""))),
            *cells(figures, served),
            end_section=i == len(rows) - 1,
        )
    total = summary_figures(plan)
    visits = _kpi(plan, "visits_per_cycle")
    if visits is None:
        visits = float(sum(len(r.visits) for r in plan.routes))
    whole = {**total, "visits_per_cycle": visits}
    served = f"{round(total['communes_served'])} / {round(total['communes_total'])}"
    bases = escape(t("n_bases", lang, n=len(plan.bases)))
    table.add_row(f"[bold]{escape(t('total', lang))}[/bold]", bases, *cells(whole, served))
    return table


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
            rows.append((t(label, lang), f"{format_number(value, lang, decimals=0)} {unit}"))
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

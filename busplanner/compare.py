"""Compare scenarios and existing plans side by side: one table of figures and their maps.

Rows are figures, columns are scenarios (``.toml``: planned as ``busplanner plan`` does) or
existing plans (``.json``, e.g. a published timetable's ``current.json``: judged under a
scenario by :mod:`busplanner.evaluate`, not re-solved). :func:`plan_all` reads every file
before solving any, so wrong files stop the comparison at once, all of them named;
:func:`compare_table` gives the terminal table (rich) and :func:`compare_html` the page
``compare.html`` (the table and the maps).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from busplanner.errors import BusplannerError, InputError
from busplanner.evaluate import Evaluation, evaluate_plan, load_plan_inputs
from busplanner.i18n import section, t
from busplanner.kpis import WEEKS_PER_MONTH
from busplanner.pipeline import PlanRun, load_inputs, run_plan
from busplanner.reports.i18n import (
    check_lang,
    format_distance,
    format_duration,
    format_money,
    format_number,
    frequency_label,
)
from busplanner.reports.map import build_map
from busplanner.reports.timetable import served_text, solver_label

_TEXT = section("compare.")


def _t(key: str, lang: str, **kw: Any) -> str:
    text = _TEXT[check_lang(lang)][key]
    return text.format(**kw) if kw else text


class CompareError(BusplannerError):
    """Files of a comparison failed. Names each file; exit code of the first cause.

    ``failures`` holds every (file, cause); ``path`` and ``cause`` are the first.
    """

    def __init__(
        self,
        path: Path,
        cause: BusplannerError,
        more: Sequence[tuple[Path, BusplannerError]] = (),
    ) -> None:
        self.failures: tuple[tuple[Path, BusplannerError], ...] = ((path, cause), *more)
        self.path = path
        self.cause = cause
        self.exit_code = cause.exit_code
        super().__init__("\n".join(self.lines()))

    def lines(self, lang: str = "en") -> list[str]:
        """One line per problem, each naming the file of the comparison it comes from."""
        out: list[str] = []
        sep = t("cli.sep", lang)
        for path, cause in self.failures:
            name = str(path)
            if isinstance(cause, InputError):
                # Problems name the file at fault; add the compared file when another.
                out.extend(
                    p.render(lang)
                    if p.file == name
                    else f"{p.render(lang)} ({_kind_word(path, lang)} {name})"
                    for p in cause.problems
                )
            else:
                text = cause.render(lang)
                out.extend(f"{name}{sep}{line}" for line in text.splitlines() or [""])
        return out


def _kind_word(path: Path, lang: str = "en") -> str:
    return t("compare.kind_plan" if is_plan_file(path) else "compare.kind_scenario", lang)


def is_plan_file(path: Path) -> bool:
    """A ``.json`` file is a plan to evaluate; anything else a scenario to plan."""
    return path.suffix.lower() == ".json"


@dataclass(frozen=True)
class Column:
    """One column of the comparison: a planned scenario, or an existing plan evaluated.

    For an existing plan, ``run.plan`` is the plan with its figures under the scenario
    (:attr:`busplanner.evaluate.Evaluation.scored`) and ``evaluation`` the whole judgement.
    """

    path: Path
    run: PlanRun
    evaluation: Evaluation | None = None

    @property
    def is_existing_plan(self) -> bool:
        """Whether the column is an existing plan (not computed here)."""
        return self.evaluation is not None

    @property
    def rules_broken(self) -> int:
        """Violations found by the checker (0 for a plan computed here: it was checked)."""
        return 0 if self.evaluation is None else len(self.evaluation.violations)

    def title(self, lang: str) -> str:
        """The column's heading: the scenario's name, or the plan's file."""
        if self.evaluation is None:
            return self.run.plan.scenario_name
        return _t("existing", lang, file=self.path.name)


def plan_all(
    paths: Sequence[Path],
    *,
    time_limit_s: float | None = None,
    seed: int | None = None,
    on_start: Callable[[int, Path], None] | None = None,
    scenario: Path | None = None,
) -> list[Column]:
    """Read every file, then plan each scenario and evaluate each existing plan, in turn.

    Parameters
    ----------
    paths
        Scenario files (``.toml``) and existing plans (``.json``), in the order of the
        columns.
    time_limit_s, seed
        Override the scenarios' ``[solver]`` fields, as ``busplanner plan`` does.
    on_start
        Called with (0-based index, path) before each file is planned or evaluated.
    scenario
        The scenario existing plans are judged under; ``None``: each plan's own
        ``scenario.path`` (see :func:`busplanner.evaluate.resolve_scenario`).

    Raises
    ------
    CompareError
        Every file that cannot be read (all of them, before anything is solved); else every
        file that cannot be planned or evaluated.
    """
    failures: list[tuple[Path, BusplannerError]] = []
    for path in paths:
        try:
            if is_plan_file(path):
                load_plan_inputs(path, scenario)
            else:
                load_inputs(path)
        except BusplannerError as exc:
            failures.append((path, exc))
    if failures:
        raise CompareError(*failures[0], failures[1:])
    columns = []
    for i, path in enumerate(paths):
        if on_start is not None:
            on_start(i, path)
        try:
            if is_plan_file(path):
                plan, sc, territory = load_plan_inputs(path, scenario)
                ev = evaluate_plan(plan, sc, territory, plan_file=str(path))
                columns.append(Column(path, PlanRun(sc, territory, ev.scored), ev))
            else:
                columns.append(Column(path, run_plan(path, time_limit_s=time_limit_s, seed=seed)))
        except BusplannerError as exc:
            failures.append((path, exc))
    if failures:
        raise CompareError(*failures[0], failures[1:])
    return columns


def _columns(items: Sequence[Column | PlanRun]) -> list[Column]:
    """Columns, a bare :class:`PlanRun` being a planned scenario."""
    return [c if isinstance(c, Column) else Column(Path(c.scenario.path), c) for c in items]


def _num(value: Any, lang: str, unit: str = "", decimals: int = 1) -> str:
    """A figure with its unit; ``km`` and ``€`` in the run's units (``[units]``)."""
    if not isinstance(value, int | float):
        return _t("none", lang)
    if unit == "km":
        return format_distance(float(value), lang, decimals=decimals)
    if unit == "€":
        return format_money(float(value), lang, decimals=decimals)
    text = format_number(float(value), lang, decimals=decimals)
    return f"{text} {unit}" if unit else text


def _policy(run: PlanRun, lang: str) -> str:
    s = run.scenario
    if s.opening_hours == "overlap":
        return _t("policy_overlap", lang, n=s.min_overlap_min)
    return _t(f"policy_{s.opening_hours}", lang)


def _longest_gap(run: PlanRun, lang: str) -> str:
    per_stop = run.plan.kpis.get("per_stop", {})
    gaps = [v.get("longest_gap_days") for v in per_stop.values()]
    known = [g for g in gaps if isinstance(g, int)]
    return _t("days", lang, n=max(known)) if known else _t("none", lang)


def _figure_getters(lang: str) -> list[tuple[str, Callable[[PlanRun], str]]]:
    """Each figure of the comparison, by key, and how to write a run's value in ``lang``."""

    def kpi(run: PlanRun, key: str) -> Any:
        return run.plan.kpis.get(key)

    def equity(run: PlanRun, key: str) -> Any:
        eq = run.plan.kpis.get("equity")
        return eq.get(key) if isinstance(eq, dict) else None

    def visits_month(run: PlanRun) -> str:
        visits = kpi(run, "visits_per_cycle")
        if not isinstance(visits, int | float):
            return _t("none", lang)
        return _num(visits / max(run.plan.cycle_weeks, 1) * WEEKS_PER_MONTH, lang)

    def with_commune(run: PlanRun, value_key: str, id_key: str) -> str:
        value = _num(equity(run, value_key), lang)
        code = equity(run, id_key)
        names = {s.id: s.name for s in run.plan.stops}
        return f"{value} ({names.get(code, code)})" if code is not None else value

    return [
        ("cycle", lambda r: _t("cycle_weeks", lang, n=r.plan.cycle_weeks)),
        ("session", lambda r: format_duration(r.scenario.session_min, lang)),
        ("opening_hours", lambda r: _policy(r, lang)),
        ("visits_per_month", visits_month),
        ("visits_missing", lambda r: _num(kpi(r, "visits_missing"), lang, decimals=0)),
        ("communes_served", lambda r: served_text(r.plan, lang, short=True)),
        (
            "public_per_week",
            lambda r: format_duration(float(kpi(r, "public_hours_per_week") or 0) * 60, lang),
        ),
        ("km_per_cycle", lambda r: _num(kpi(r, "distance_km_per_cycle"), lang, "km")),
        ("km_per_year", lambda r: _num(kpi(r, "distance_km_per_year"), lang, "km", 0)),
        ("driving_per_year", lambda r: _num(kpi(r, "driving_hours_per_year"), lang, "h", 0)),
        ("fuel_per_year", lambda r: _num(kpi(r, "fuel_l_per_year"), lang, "L", 0)),
        ("co2_per_year", lambda r: _num(kpi(r, "co2_kg_per_year"), lang, "kg", 0)),
        ("cost_per_year", lambda r: _num(kpi(r, "cost_eur_per_year"), lang, "€", 0)),
        (
            "equity_min",
            lambda r: with_commune(r, "min_hours_per_1000_inhabitants_per_month", "worst_stop_id"),
        ),
        (
            "equity_max",
            lambda r: with_commune(r, "max_hours_per_1000_inhabitants_per_month", "best_stop_id"),
        ),
        ("equity_ratio", lambda r: _num(equity(r, "ratio"), lang, decimals=2)),
        ("longest_gap", lambda r: _longest_gap(r, lang)),
    ]


def figure_rows(items: Sequence[Column | PlanRun], lang: str = "fr") -> list[tuple[str, list[str]]]:
    """The comparison as text: (figure label, one value per column), in ``lang``.

    An existing plan's figures are those under its scenario; it adds its count of rules
    broken (0 for a plan computed here) and, when scenarios stand beside an existing plan,
    a row of each column's kilometres per cycle over the first existing plan's.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    columns = _columns(items)

    def buses(c: Column) -> str:
        if c.is_existing_plan:
            return str(len({r.bus for r in c.run.plan.routes}))
        return str(c.run.scenario.bus_count)

    def solver(c: Column) -> str:
        return _t("existing_solver", lang) if c.is_existing_plan else solver_label(c.run.plan, lang)

    rows = [(_t("file", lang), [c.path.name for c in columns])]
    rows.append((_t("buses", lang), [buses(c) for c in columns]))
    network = any(c.run.plan.bases for c in columns)
    if network:
        rows.append((_t("bases", lang), [_bases(c.run, lang) for c in columns]))
    ratios = _km_ratios(columns, lang)
    for key, get in _figure_getters(lang):
        values = [get(c.run) for c in columns]
        if key == "km_per_cycle":
            values = [v + _dropped(c, lang) for v, c in zip(values, columns, strict=True)]
        rows.append((_t(key, lang), values))
        if key == "km_per_cycle" and any(not c.is_existing_plan for c in columns):
            same = [_same_times(c, columns, lang) for c in columns]
            if any(v != _t("none", lang) for v in same):
                rows.append((_t("km_same_times", lang), same))
        if key == "km_per_cycle" and network:
            rows.append((_t("km_per_bus", lang), [_km_per_bus(c.run, lang) for c in columns]))
        if key == "km_per_cycle" and ratios is not None:
            rows.append((_t("km_ratio", lang), ratios))
    rows.append((_t("rules_broken", lang), [str(c.rules_broken) for c in columns]))
    rows.append((_t("solver", lang), [solver(c) for c in columns]))
    planned = [c for c in columns if not c.is_existing_plan]
    if len({c.run.scenario.demand_source for c in planned}) > 1:
        # Plans from different demand weights: how often each commune is visited.
        rows.append((_t("demand", lang), [_demand(c, lang) for c in columns]))
        rows.extend(_frequencies(columns, lang))
    return rows


def _demand(column: Column, lang: str) -> str:
    """Where a column's demand weights come from ("attendance (busplanner.db)")."""
    if column.is_existing_plan:
        return _t("none", lang)
    scenario = column.run.scenario
    if scenario.demand_source == "attendance":
        from busplanner.attendance.db import log_path

        return _t("demand_attendance", lang, log=log_path(scenario).name)
    return _t(f"demand_{scenario.demand_source}", lang)


def _frequencies(columns: Sequence[Column], lang: str) -> list[tuple[str, list[str]]]:
    """One row per stop: how often each column visits it ("toutes les semaines")."""
    names: dict[str, str] = {}
    every: list[dict[str, int | None]] = []
    for c in columns:
        every.append({s.id: s.every_weeks for s in c.run.plan.stops})
        for s in c.run.plan.stops:
            names.setdefault(s.id, s.name)
    rows = []
    for sid, name in sorted(names.items(), key=lambda kv: (kv[1], kv[0])):
        values = [frequency_label(weeks.get(sid), lang) for weeks in every]
        rows.append((_t("frequency_of", lang, name=name), values))
    return rows


def _dropped(column: Column, lang: str) -> str:
    """`` (39 of 103 published rows dropped on import)`` after an imported timetable's
    kilometres: its figures are of the rows kept."""
    imported = column.run.plan.imported
    if not column.is_existing_plan or not isinstance(imported, dict):
        return ""
    skipped, rows = imported.get("skipped"), imported.get("rows")
    if not isinstance(skipped, int) or not isinstance(rows, int) or skipped == 0:
        return ""
    return " " + _t("dropped", lang, n=skipped, rows=rows)


def _same_times(column: Column, columns: Sequence[Column], lang: str) -> str:
    """A planned column beside an existing plan: the kilometres with every weekday and start
    time of that plan kept (``plan --keep-times``) under the column's scenario, and what
    they save; "—" otherwise."""
    reference = next((c for c in columns if c.is_existing_plan), None)
    if reference is None or column.is_existing_plan:
        return _t("none", lang)
    from busplanner.pipeline import plan_keeping_times

    try:
        kept = plan_keeping_times(
            column.run.scenario, column.run.territory, reference.run.plan
        ).plan
    except BusplannerError:
        return _t("none", lang)
    kt = kept.kpis.get("keep_times", {})
    before = float(kt.get("distance_km_before") or 0.0)
    after = float(kt.get("distance_km_after") or 0.0)
    pct = round((after - before) / before * 100) if before > 0 else 0
    sign = "+" if pct > 0 else ""
    return f"{format_distance(after, lang)} ({sign}{format_number(pct, lang, decimals=0)} %)"


def _bases(run: PlanRun, lang: str) -> str:
    """The bases of a column: their count and names ("2 : Retiers, Janzé")."""
    plan = run.plan
    names = [b.depot.name for b in plan.bases] or [plan.depot.name]
    sep = " : " if check_lang(lang) == "fr" else ": "
    return f"{len(names)}{sep}{', '.join(names)}"


def _km_per_bus(run: PlanRun, lang: str) -> str:
    """Each bus's kilometres per cycle ("Retiers 258,3 km ; Janzé 43,8 km"), with several
    bases; "—" with one (its kilometres are the total)."""
    per_bus = run.plan.kpis.get("per_bus")
    if not run.plan.bases or not isinstance(per_bus, dict):
        return _t("none", lang)
    parts = [
        f"{v.get('label', bus)} {_num(v.get('distance_km_per_cycle'), lang, 'km')}"
        for bus, v in per_bus.items()
        if isinstance(v, dict)
    ]
    return (" ; " if check_lang(lang) == "fr" else "; ").join(parts)


def _km_ratios(columns: Sequence[Column], lang: str) -> list[str] | None:
    """Each column's km per cycle over the first existing plan's ("0,82 (−18 %)"); ``None``
    without both an existing plan and a computed one."""
    reference = next((c for c in columns if c.is_existing_plan), None)
    if reference is None or all(c.is_existing_plan for c in columns):
        return None
    ref_km = reference.run.plan.kpis.get("distance_km_per_cycle")
    out = []
    for c in columns:
        km = c.run.plan.kpis.get("distance_km_per_cycle")
        if c is reference:
            out.append(_t("reference", lang))
        elif isinstance(km, int | float) and isinstance(ref_km, int | float) and ref_km > 0:
            ratio = km / ref_km
            pct = round((ratio - 1) * 100)
            sign = "+" if pct > 0 else ""
            change = format_number(pct, lang, decimals=0)
            out.append(f"{format_number(ratio, lang, decimals=2)} ({sign}{change} %)")
        else:
            out.append(_t("none", lang))
    return out


def compare_table(items: Sequence[Column | PlanRun], lang: str = "fr") -> Table:
    """The comparison as a rich table: rows = figures, columns = scenarios and existing plans
    (names escaped).

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    columns = _columns(items)
    table = Table(title=escape(_t("title", lang)), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(escape(_t("figure", lang)))
    for c in columns:
        table.add_column(escape(c.title(lang)), overflow="fold")
    for label, values in figure_rows(columns, lang):
        table.add_row(escape(label), *(escape(v) for v in values))
    return table


_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
tbody th { font-weight: normal; background: #fafafa; }
.maps { display: flex; flex-wrap: wrap; gap: 1rem; }
.maps figure { margin: 0; flex: 1 1 420px; }
.maps iframe { width: 100%; height: 480px; border: 1px solid #ccc; }
.note { color: #555; font-size: 0.9rem; }
"""


def service_weeks(items: Sequence[Column | PlanRun], lang: str = "fr") -> str:
    """The service weeks a year of the columns' scenarios (``[costs] service_weeks_per_year``),
    as the footnote writes them: ``"47"`` when all agree, else each with its column
    (``"47 (A) ; 52 (B)"``)."""
    lang = check_lang(lang)
    columns = _columns(items)

    def number(value: float) -> str:
        return format_number(value, lang, decimals=0 if float(value).is_integer() else 1)

    values = [c.run.scenario.costs.service_weeks_per_year for c in columns]
    if len(set(values)) <= 1:
        return number(values[0]) if values else _t("none", lang)
    sep = " ; " if lang == "fr" else "; "
    return sep.join(
        _t("weeks_of", lang, weeks=number(v), column=c.title(lang))
        for c, v in zip(columns, values, strict=True)
    )


def compare_html(
    items: Sequence[Column | PlanRun],
    lang: str = "fr",
    *,
    today: date | None = None,
    offline: bool = False,
) -> str:
    """The page ``compare.html``: the table, then each column's map side by side.

    Each map is a whole folium page put in an ``<iframe srcdoc>``, HTML-escaped, so the
    page is one file. By default Leaflet and the tiles load from the internet; with
    ``offline`` each map has Leaflet inlined and no background map (as ``plan --offline``):
    the page needs no network.

    Raises
    ------
    OfflineAssetsError
        If ``offline`` and Leaflet's files cannot be found.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    columns = _columns(items)
    e = html.escape
    day = (today or date.today()).isoformat()
    head = "".join(f"<th scope='col'>{e(c.title(lang))}</th>" for c in columns)
    body = "".join(
        f"<tr><th scope='row'>{e(label)}</th>{''.join(f'<td>{e(v)}</td>' for v in values)}</tr>"
        for label, values in figure_rows(columns, lang)
    )
    maps = "".join(
        "<figure>"
        f"<figcaption>{e(c.title(lang))}</figcaption>"
        f"<iframe title='{e(c.title(lang))}' "
        f'srcdoc="{e(build_map(c.run.plan, c.run.territory, lang, offline=offline), quote=True)}">'
        "</iframe>"
        "</figure>"
        for c in columns
    )
    title = e(_t("title", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f"<table>\n<thead><tr><th scope='col'>{e(_t('figure', lang))}</th>{head}</tr></thead>\n"
        f"<tbody>{body}</tbody>\n</table>\n"
        f"<p class='note'>{e(_t('note', lang, date=day, weeks=service_weeks(columns, lang)))}</p>\n"
        f"<h2>{e(_t('maps', lang))}</h2>\n<div class='maps'>{maps}</div>\n"
        "</body>\n</html>\n"
    )

"""Compare scenarios side by side: plan each one, then one table of figures and their maps.

Rows are figures, columns are scenarios. :func:`plan_all` reads every scenario before solving
any, so a wrong file stops the comparison at once; :func:`compare_table` gives the terminal
table (rich) and :func:`compare_html` the page ``compare.html`` (the table and the maps).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from busplanner.errors import BusplannerError, InputError
from busplanner.kpis import WEEKS_PER_MONTH
from busplanner.pipeline import PlanRun, load_inputs, run_plan
from busplanner.reports.i18n import check_lang, format_duration, format_number
from busplanner.reports.map import build_map
from busplanner.reports.timetable import solver_label

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Comparaison des scénarios",
        "figure": "Indicateur",
        "file": "Fichier",
        "buses": "Bus",
        "cycle": "Cycle",
        "cycle_weeks": "{n} semaine(s)",
        "session": "Durée d'une séance",
        "opening_hours": "Horaires des mairies",
        "policy_free": "non imposés",
        "policy_overlap": "chevauchement ≥ {n} min",
        "policy_inside": "séance dans les horaires",
        "visits_per_month": "Visites par mois",
        "visits_missing": "Visites manquantes (par cycle)",
        "communes_served": "Communes desservies",
        "public_per_week": "Heures d'accueil par semaine",
        "km_per_cycle": "Kilomètres par cycle",
        "km_per_year": "Kilomètres par an",
        "driving_per_year": "Heures de conduite par an",
        "fuel_per_year": "Gazole par an",
        "co2_per_year": "CO2 par an",
        "cost_per_year": "Coût de roulage par an",
        "equity_min": "Heures / 1 000 hab. / mois, commune la moins servie",
        "equity_max": "Heures / 1 000 hab. / mois, commune la mieux servie",
        "equity_ratio": "Rapport mieux / moins servie",
        "longest_gap": "Plus longue attente entre deux visites",
        "days": "{n} jours",
        "solver": "Qualité de la solution",
        "maps": "Cartes",
        "note": (
            "Un mois = 52/12 semaines ; une année = [costs] service_weeks_per_year semaines "
            "de service. Calculé le {date} par busplanner."
        ),
        "none": "—",
    },
    "en": {
        "title": "Scenario comparison",
        "figure": "Figure",
        "file": "File",
        "buses": "Buses",
        "cycle": "Cycle",
        "cycle_weeks": "{n} week(s)",
        "session": "Session length",
        "opening_hours": "Town-hall hours",
        "policy_free": "not enforced",
        "policy_overlap": "overlap ≥ {n} min",
        "policy_inside": "sessions inside them",
        "visits_per_month": "Visits per month",
        "visits_missing": "Visits missing (per cycle)",
        "communes_served": "Communes served",
        "public_per_week": "Public hours per week",
        "km_per_cycle": "Kilometres per cycle",
        "km_per_year": "Kilometres per year",
        "driving_per_year": "Driving hours per year",
        "fuel_per_year": "Diesel per year",
        "co2_per_year": "CO2 per year",
        "cost_per_year": "Running cost per year",
        "equity_min": "Hours / 1,000 inhabitants / month, worst-served commune",
        "equity_max": "Hours / 1,000 inhabitants / month, best-served commune",
        "equity_ratio": "Ratio best / worst served",
        "longest_gap": "Longest wait between two visits",
        "days": "{n} days",
        "solver": "Solution quality",
        "maps": "Maps",
        "note": (
            "A month = 52/12 weeks; a year = [costs] service_weeks_per_year service weeks. "
            "Computed on {date} by busplanner."
        ),
        "none": "—",
    },
}


def _t(key: str, lang: str, **kw: Any) -> str:
    text = _TEXT[check_lang(lang)][key]
    return text.format(**kw) if kw else text


class CompareError(BusplannerError):
    """One scenario of a comparison failed. Names the scenario file; exit code of the cause."""

    def __init__(self, path: Path, cause: BusplannerError) -> None:
        self.path = path
        self.cause = cause
        self.exit_code = cause.exit_code
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, each naming the scenario file."""
        name = str(self.path)
        if isinstance(self.cause, InputError):
            # Problems name the file at fault; add the scenario when that is another file.
            return [
                str(p) if p.file == name else f"{p} (scenario {name})" for p in self.cause.problems
            ]
        return [f"{name}: {line}" for line in str(self.cause).splitlines() or [""]]


def plan_all(
    paths: Sequence[Path],
    *,
    time_limit_s: float | None = None,
    seed: int | None = None,
    on_start: Callable[[int, Path], None] | None = None,
) -> list[PlanRun]:
    """Read every scenario (and its territory), then plan each one in turn.

    Parameters
    ----------
    paths
        Scenario files, in the order of the columns.
    time_limit_s, seed
        Override the scenarios' ``[solver]`` fields, as ``busplanner plan`` does.
    on_start
        Called with (0-based index, path) before each scenario is solved.

    Raises
    ------
    CompareError
        The first scenario that cannot be read or planned, with the cause (every scenario is
        read before any is solved, so input errors come first).
    """
    for path in paths:
        try:
            load_inputs(path)
        except BusplannerError as exc:
            raise CompareError(path, exc) from exc
    runs = []
    for i, path in enumerate(paths):
        if on_start is not None:
            on_start(i, path)
        try:
            runs.append(run_plan(path, time_limit_s=time_limit_s, seed=seed))
        except BusplannerError as exc:
            raise CompareError(path, exc) from exc
    return runs


def _num(value: Any, lang: str, unit: str = "", decimals: int = 1) -> str:
    if not isinstance(value, int | float):
        return _t("none", lang)
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


def figure_rows(runs: Sequence[PlanRun], lang: str = "fr") -> list[tuple[str, list[str]]]:
    """The comparison as text: (figure label, one value per scenario), in ``lang``.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)

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

    getters: list[tuple[str, Callable[[PlanRun], str]]] = [
        ("file", lambda r: Path(r.scenario.path).name),
        ("buses", lambda r: str(r.scenario.bus_count)),
        ("cycle", lambda r: _t("cycle_weeks", lang, n=r.plan.cycle_weeks)),
        ("session", lambda r: format_duration(r.scenario.session_min, lang)),
        ("opening_hours", lambda r: _policy(r, lang)),
        ("visits_per_month", visits_month),
        ("visits_missing", lambda r: _num(kpi(r, "visits_missing"), lang, decimals=0)),
        (
            "communes_served",
            lambda r: f"{kpi(r, 'communes_served')} / {kpi(r, 'communes_total')}",
        ),
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
        ("solver", lambda r: solver_label(r.plan, lang)),
    ]
    return [(_t(key, lang), [get(r) for r in runs]) for key, get in getters]


def compare_table(runs: Sequence[PlanRun], lang: str = "fr") -> Table:
    """The comparison as a rich table: rows = figures, columns = scenarios (names escaped).

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    table = Table(title=escape(_t("title", lang)), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(escape(_t("figure", lang)))
    for run in runs:
        table.add_column(escape(run.plan.scenario_name), overflow="fold")
    for label, values in figure_rows(runs, lang):
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


def compare_html(runs: Sequence[PlanRun], lang: str = "fr", *, today: date | None = None) -> str:
    """The page ``compare.html``: the table, then each scenario's map side by side.

    Each map is a whole folium page put in an ``<iframe srcdoc>``, HTML-escaped, so the
    page is one self-contained file (Leaflet and the tiles still load from the internet).

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    e = html.escape
    day = (today or date.today()).isoformat()
    head = "".join(f"<th scope='col'>{e(r.plan.scenario_name)}</th>" for r in runs)
    body = "".join(
        f"<tr><th scope='row'>{e(label)}</th>{''.join(f'<td>{e(v)}</td>' for v in values)}</tr>"
        for label, values in figure_rows(runs, lang)
    )
    maps = "".join(
        "<figure>"
        f"<figcaption>{e(r.plan.scenario_name)}</figcaption>"
        f"<iframe title='{e(r.plan.scenario_name)}' "
        f'srcdoc="{e(build_map(r.plan, r.territory, lang), quote=True)}"></iframe>'
        "</figure>"
        for r in runs
    )
    title = e(_t("title", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f"<table>\n<thead><tr><th scope='col'>{e(_t('figure', lang))}</th>{head}</tr></thead>\n"
        f"<tbody>{body}</tbody>\n</table>\n"
        f"<p class='note'>{e(_t('note', lang, date=day))}</p>\n"
        f"<h2>{e(_t('maps', lang))}</h2>\n<div class='maps'>{maps}</div>\n"
        "</body>\n</html>\n"
    )

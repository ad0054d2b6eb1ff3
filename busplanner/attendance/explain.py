"""``plan --explain-demand``: each served stop's weight as planning uses it, and where it
came from (the population, the territory's weights, ``[demand.weights]`` or the attendance
log, :mod:`busplanner.attendance.demand`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.markup import escape
from rich.table import Table

from busplanner.attendance.demand import (
    AttendanceDemand,
    StopDemand,
    attendance_weights,
    logged_sessions,
)
from busplanner.i18n import section
from busplanner.problem import demand_weights, served_communes
from busplanner.reports.i18n import check_lang, format_number
from busplanner.scenario import Scenario
from busplanner.territory import Territory


@dataclass(frozen=True)
class DemandLine:
    """One stop's weight and where it came from (``plan --explain-demand``)."""

    stop_id: str
    name: str
    weight: float
    source: str
    detail: StopDemand | None = None


def explain_demand(
    scenario: Scenario, territory: Territory
) -> tuple[list[DemandLine], AttendanceDemand | None]:
    """Each served stop's weight as planning uses it, and where it came from.

    Raises
    ------
    ScenarioError, LogError
        As planning would.
    """
    communes = served_communes(scenario, territory)
    sessions = logged_sessions(scenario)
    weights = demand_weights(scenario, territory, communes, sessions)
    detail = None if sessions is None else attendance_weights(scenario, communes, sessions)
    lines = []
    for c in communes:
        k = c.insee_code
        if k in scenario.weight_overrides:
            source = "[demand.weights]"
        elif detail is not None:
            source = detail.stops[k].source
        else:
            source = scenario.demand_source
        lines.append(DemandLine(k, c.name, weights[k], source, detail.stops[k] if detail else None))
    return lines, detail


_TEXT = section("demand.")

_SOURCE_KEYS = {
    "prior": "prior_src",
    "population": "population_src",
}


def demand_lines(
    lines: Sequence[DemandLine], detail: AttendanceDemand | None, weeks: int, lang: str = "fr"
) -> list[object]:
    """``plan --explain-demand``: a line saying how, then a table (rich), names escaped."""
    lang = check_lang(lang)
    text = _TEXT[lang]

    def num(v: float | None, k: int = 1) -> str:
        return "—" if v is None else format_number(v, lang, decimals=k)

    def source(s: str) -> str:
        return text.get(_SOURCE_KEYS.get(s, s), s)

    out: list[object] = []
    if detail is not None:
        if detail.rate_per_inhabitant is None or detail.start is None or detail.end is None:
            out.append(escape(text["empty"].format(log=detail.log)))
        else:
            out.append(
                escape(
                    text["header"].format(
                        log=detail.log,
                        start=detail.start.isoformat(),
                        end=detail.end.isoformat(),
                        weeks=weeks,
                        lam=num(detail.rate_per_inhabitant, 5),
                        m=num(detail.prior_sessions, 0),
                        h=num(detail.session_hours, 1),
                        floor=num(detail.floor * 100, 0),
                    )
                )
            )
    table = Table(title=escape(text["title"]), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(escape(text["stop"]), no_wrap=True)
    keys = (
        ["population", "sessions", "hours", "visitors", "observed", "prior", "share"]
        if detail
        else []
    )
    for k in [*keys, "weight"]:
        table.add_column(escape(text[k]), justify="right")
    table.add_column(escape(text["source"]))
    for line in sorted(lines, key=lambda x: (-x.weight, x.stop_id)):
        d = line.detail
        cells = (
            [
                num(d.population, 0),
                str(d.sessions),
                num(d.hours),
                str(d.visitors),
                num(d.observed_rate, 2),
                num(d.prior_rate, 2),
                f"{num(100 * d.credibility, 0)} %",
            ]
            if d is not None
            else []
        )
        table.add_row(
            escape(line.name),
            *cells,
            num(line.weight, 0),
            escape(source(line.source)),
        )
    out.append(table)
    return out

"""Judge a plan busplanner did not make under a scenario's rules and travel model.

A published timetable (``busplanner import timetable`` turns one into ``current.json``), a
hand-made or a hand-edited ``plan.json`` generally breaks rules of busplanner's model. This
module says which, and what the plan is worth:

1. the drives are measured again with the **scenario's** travel model
   (:func:`busplanner.travel.build_matrix` over the plan's depot and stops), not taken from the
   plan's own record; where the record differs, the difference is listed;
2. the plan, with its legs from that model, goes through the independent checker
   (:func:`busplanner.check.check_plan`), so a plan recorded with another model is judged
   fairly: too-short drives show as broken sequences, not as a different model;
3. its figures are recomputed under the scenario (:func:`busplanner.kpis.compute_kpis`): the
   kilometres of that model, and the visits the scenario's frequency rule asks of every
   stop it serves (a stop the plan leaves out counts as missing).

The evaluation is data (:class:`Evaluation`), ``evaluation.json`` (:func:`evaluation_json`),
``evaluation.csv`` (:func:`evaluation_csv`) and a terminal report
(:func:`print_evaluation`). Contract: ``docs/plan.md`` (section ``evaluation.json``).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from busplanner.attendance.demand import logged_sessions
from busplanner.check import Violation, check_plan, route_where
from busplanner.errors import InfeasibleError, InputError, Problem
from busplanner.i18n import Msg, Pair, section
from busplanner.kpis import compute_kpis
from busplanner.pipeline import load_inputs
from busplanner.plan import Leg, Plan, Route, Stop, TravelInfo, Unserved, read_plan
from busplanner.problem import PlanningProblem, build_problem
from busplanner.reports.i18n import (
    check_lang,
    format_distance,
    format_duration,
    format_money,
    format_number,
    weekday_label,
)
from busplanner.reports.timetable import _csv_cell
from busplanner.scenario import Scenario
from busplanner.territory import Territory
from busplanner.travel import DEPOT_ID, Place, TravelMatrix, build_matrix

SCHEMA = "busplanner.evaluation/1"
CSV_COLUMNS: tuple[str, ...] = ("rule", "label", "where", "detail")
"""Columns of ``evaluation.csv``: one row per violation."""

KM_TOLERANCE = 0.0005
"""A recorded leg differs from the model when its km differ by more (its minutes: at all)."""

SHOWN_PER_RULE = 5
"""Violations printed per rule in the terminal by default (every one is in the files)."""

_TEXT = section("evaluate.")

RULE_LABELS_FR: dict[str, str] = {
    "one route per bus and day": "une tournée par bus et par jour",
    "day of the cycle": "jour du cycle",
    "bus": "numéro de bus",
    "unserved visits explained": "visites non planifiées expliquées",
    "visit count": "nombre de visites",
    "every visit served or explained": "chaque visite tenue ou expliquée",
    "same bus, weekday and half-day": "même bus, jour et demi-journée",
    "same start time": "même heure de début",
    "evenly spaced": "visites régulièrement espacées",
    "known stop": "arrêt connu",
    "cycle length": "durée du cycle",
    "depot": "dépôt",
    "stop listed once": "arrêt listé une seule fois",
    "served by the scenario": "desservi par le scénario",
    "travel model": "modèle de déplacement",
    "shift": "horaires de l'équipage",
    "route visits": "visites de la tournée",
    "sequence": "enchaînement des trajets et des séances",
    "set-up time": "temps d'installation",
    "session length": "durée de la séance",
    "declared window": "créneau déclaré",
    "opening hours": "horaires d'ouverture des mairies",
    "half-day": "demi-journée",
    "route end": "fin de tournée",
    "lunch break": "pause déjeuner",
    "one lunch break": "une pause déjeuner par tournée",
}
"""The checker's rules in French (its details stay in English, as ``check.py`` words them)."""


def _t(key: str, lang: str, **kw: Any) -> str:
    text = _TEXT[check_lang(lang)][key]
    return text.format(**kw) if kw else text


def rule_label(rule: str, lang: str = "fr") -> str:
    """The checker's rule ``rule`` in ``lang`` (an unknown rule comes back as given)."""
    return RULE_LABELS_FR.get(rule, rule) if check_lang(lang) == "fr" else rule


@dataclass(frozen=True)
class LegDifference:
    """A drive whose record in the plan differs from the scenario's travel model."""

    bus: int
    week: int
    day: str
    from_id: str
    to_id: str
    from_name: str
    to_name: str
    plan_drive_min: int
    plan_distance_km: float
    model_drive_min: int
    model_distance_km: float

    @property
    def route(self) -> str:
        """The route, worded as the checker words it: ``bus 1, week 2, tuesday``."""
        return f"bus {self.bus}, week {self.week}, {self.day}"


@dataclass(frozen=True)
class Evaluation:
    """A plan judged under a scenario.

    Attributes
    ----------
    plan_file
        The plan's file, as given.
    plan
        The plan as read.
    judged
        The plan the checker judged: its legs and ``travel`` from the scenario's model.
    scored
        ``judged`` with every stop the scenario serves (a stop the plan leaves out has no
        visit), each stop's visits held and asked (the scenario's frequency rule), and
        ``kpis`` recomputed: the figures under the scenario.
    violations
        Every rule ``judged`` breaks, in the checker's order.
    differences
        The drives whose record in the plan differs from the scenario's model.
    legs_measured, legs_unmeasured
        Drives measured with the scenario's model, and drives to or from a stop the model
        cannot place (not among the plan's stops; not served by the scenario, with a
        routing service or a CSV matrix): those keep the plan's figures.
    visits_asked
        Per stop, the visits the scenario asks for; ``None`` when its frequency rule gives
        none (no session fits a working day).
    """

    plan_file: str
    plan: Plan
    judged: Plan
    scored: Plan
    scenario: Scenario
    territory: Territory
    violations: tuple[Violation, ...]
    differences: tuple[LegDifference, ...]
    legs_measured: int
    legs_unmeasured: int
    visits_asked: Mapping[str, int] | None

    @property
    def figures(self) -> Mapping[str, Any]:
        """The figures under the scenario (``kpis`` keys, plus the evaluation's own)."""
        return self.scored.kpis

    def by_rule(self) -> dict[str, list[Violation]]:
        """Violations grouped by rule, rules in the order they first appear."""
        groups: dict[str, list[Violation]] = {}
        for v in self.violations:
            groups.setdefault(v.rule, []).append(v)
        return groups


# --- Reading ----------------------------------------------------------------------------


def resolve_scenario(plan: Plan, plan_file: Path, given: Path | None = None) -> Path:
    """The scenario to judge ``plan`` under: ``given``, else the plan's ``scenario.path``
    relative to the current folder, then to the plan file's folder.

    Raises
    ------
    InputError
        If no scenario is given and the plan's cannot be found (naming the places tried).
    """
    if given is not None:
        return given
    if not plan.scenario_path:
        raise InputError(
            Problem(
                str(plan_file),
                "scenario.path",
                Msg("evaluate.no_scenario"),
            )
        )
    named = Path(plan.scenario_path)
    tried = [named] if named.is_absolute() else [named, plan_file.parent / named]
    for candidate in tried:
        if candidate.is_file():
            return candidate
    places = Pair(
        " nor ".join(str(p) for p in dict.fromkeys(tried)),
        " ni ".join(str(p) for p in dict.fromkeys(tried)),
    )
    raise InputError(
        Problem(
            str(plan_file),
            "scenario.path",
            Msg("evaluate.scenario_missing", path=repr(plan.scenario_path), places=places),
        )
    )


def load_plan_inputs(
    plan_file: Path, scenario_file: Path | None = None
) -> tuple[Plan, Scenario, Territory]:
    """Read the plan, then its scenario (see :func:`resolve_scenario`) and territory.

    Raises
    ------
    InputError
        The plan, the scenario or the territory is missing or wrong (every problem listed).
    """
    plan = read_plan(plan_file)
    scenario, territory = load_inputs(resolve_scenario(plan, plan_file, scenario_file))
    # The scenario says where the plan runs: its holidays and units (``[calendar]``,
    # ``[units]``), also for a plan written before it said so.
    return replace(plan, region=scenario.region), scenario, territory


def evaluate_file(plan_file: Path, scenario_file: Path | None = None) -> Evaluation:
    """Read a plan and its scenario, then :func:`evaluate_plan`.

    Raises
    ------
    InputError
        Bad plan, scenario, territory or CSV matrix.
    TravelError
        The scenario's routing service gave no matrix.
    """
    plan, scenario, territory = load_plan_inputs(plan_file, scenario_file)
    return evaluate_plan(plan, scenario, territory, plan_file=str(plan_file))


# --- Judging ----------------------------------------------------------------------------


def evaluate_plan(
    plan: Plan, scenario: Scenario, territory: Territory, *, plan_file: str = "plan.json"
) -> Evaluation:
    """Judge ``plan`` under ``scenario``: its legs from the scenario's travel model, every
    rule it breaks, its figures.

    Raises
    ------
    ScenarioError
        The scenario serves communes the territory lacks (as ``busplanner plan`` would say).
    InputError
        The scenario's CSV matrix lacks a stop of the plan.
    TravelError
        The scenario's routing service gave no matrix.
    """
    matrix = _matrix(plan, scenario, territory)
    routes, differences, measured, unmeasured = _relegged(plan, matrix)
    judged = replace(plan, routes=routes, travel=_travel_record(matrix, routes, plan))
    violations = tuple(check_plan(judged, scenario, territory))
    problem = _scenario_problem(scenario, territory)
    asked = None if problem is None else {s.id: s.visits_per_cycle for s in problem.stops}
    scored = _scored(judged, scenario, problem)
    by_rule = Counter(v.rule for v in violations)
    kpis = dict(scored.kpis)
    kpis.update(
        {
            "visits_asked_per_cycle": sum(s.visits_per_cycle for s in scored.stops),
            "rules_broken": len(violations),
            "rules_broken_by_rule": dict(by_rule),
            "legs_differing": len(differences),
            "recorded_distance_km_per_cycle": round(sum(r.distance_km for r in plan.routes), 3),
            "recorded_driving_min_per_cycle": sum(r.driving_min for r in plan.routes),
        }
    )
    return Evaluation(
        plan_file=plan_file,
        plan=plan,
        judged=judged,
        scored=replace(scored, kpis=kpis),
        scenario=scenario,
        territory=territory,
        violations=violations,
        differences=tuple(differences),
        legs_measured=measured,
        legs_unmeasured=unmeasured,
        visits_asked=asked,
    )


def _matrix(plan: Plan, scenario: Scenario, territory: Territory) -> TravelMatrix:
    """The scenario's travel matrix over the plan's depot and stops (each id once).

    The great-circle model measures any stop; a routing service or a CSV matrix only the
    stops the scenario serves (a CSV matrix need not hold the others; the checker reports
    them as not served, or not in the territory).
    """
    depots = [(b.id, b.depot) for b in plan.bases] or [(DEPOT_ID, plan.depot)]
    places = [Place(i, d.name, d.lon, d.lat) for i, d in depots]
    seen = {i for i, _d in depots}
    served = served_ids(scenario, territory)
    for s in plan.stops:
        if s.id in seen or (scenario.travel_model != "great_circle" and s.id not in served):
            continue
        seen.add(s.id)
        places.append(Place(s.id, s.name, s.lon, s.lat))
    return build_matrix(scenario, places)


def served_ids(scenario: Scenario, territory: Territory) -> set[str]:
    """The ids of the stops the scenario serves: ``[served] communes``, else every stop of
    the territory but ``[served] exclude``."""
    if scenario.served is not None:
        return set(scenario.served)
    return {c.insee_code for c in territory.communes} - set(scenario.excluded)


def _relegged(
    plan: Plan, matrix: TravelMatrix
) -> tuple[tuple[Route, ...], list[LegDifference], int, int]:
    """The routes with every measurable leg from ``matrix``; the legs whose record differs;
    how many legs were measured and how many could not be."""
    row = {place_id: i for i, place_id in enumerate(matrix.ids)}
    names = {s.id: s.name for s in plan.stops} | {DEPOT_ID: plan.depot.name}
    names |= {b.id: b.depot.name for b in plan.bases}
    differences: list[LegDifference] = []
    measured = unmeasured = 0

    def leg(r: Route, a: str, b: str, minutes: int, km: float) -> tuple[int, float]:
        nonlocal measured, unmeasured
        if a not in row or b not in row:
            unmeasured += 1
            return minutes, km
        measured += 1
        m = matrix.duration_min[row[a]][row[b]]
        d = matrix.distance_km[row[a]][row[b]]
        if m != minutes or abs(d - km) > KM_TOLERANCE:
            differences.append(
                LegDifference(
                    r.bus, r.week, r.day, a, b, names.get(a, a), names.get(b, b), minutes, km, m, d
                )
            )
        return m, d

    routes = []
    for r in plan.routes:
        visits = []
        home, _depot = plan.home(r.bus)
        previous = home
        for v in r.visits:
            m, d = leg(r, previous, v.stop_id, v.drive_min, v.distance_km)
            visits.append(replace(v, drive_min=m, distance_km=d))
            previous = v.stop_id
        m, d = leg(r, previous, home, r.return_drive_min, r.return_distance_km)
        routes.append(replace(r, visits=tuple(visits), return_drive_min=m, return_distance_km=d))
    return tuple(routes), differences, measured, unmeasured


def _travel_record(
    matrix: TravelMatrix, routes: tuple[Route, ...], plan: Plan | None = None
) -> TravelInfo:
    """What a plan made under ``matrix`` records of it: the model's assumptions, and for a
    road source every leg the routes drive that the matrix holds."""
    if matrix.model == "great_circle":
        return TravelInfo(matrix.model, matrix.speed_kmh, matrix.detour_factor)
    row = {place_id: i for i, place_id in enumerate(matrix.ids)}
    pairs: set[tuple[str, str]] = set()
    for r in routes:
        home = plan.home(r.bus)[0] if plan is not None else DEPOT_ID
        places = [home, *(v.stop_id for v in r.visits), home]
        pairs.update((a, b) for a, b in itertools.pairwise(places) if a in row and b in row)
    legs = tuple(
        Leg(a, b, matrix.duration_min[row[a]][row[b]], matrix.distance_km[row[a]][row[b]])
        for a, b in sorted(pairs)
    )
    return TravelInfo(matrix.model, url=matrix.url, matrix_file=matrix.matrix_file, legs=legs)


def _scenario_problem(scenario: Scenario, territory: Territory) -> PlanningProblem | None:
    """The scenario's served stops and the visits its frequency rule asks of each; ``None``
    when no session fits a working day (then nothing is asked)."""
    # The targets do not depend on the drives: the great-circle model spares a second
    # request to a routing service (the plan's own legs were measured above).
    offline = replace(scenario, travel_model="great_circle")
    try:
        return build_problem(offline, territory, attendance=logged_sessions(scenario))
    except InfeasibleError:
        return None


def _scored(judged: Plan, scenario: Scenario, problem: PlanningProblem | None) -> Plan:
    """``judged`` with the stops the scenario serves and the visits it asks, and its figures.

    Each stop of the plan (once) gets ``visits_planned`` = the visits its routes hold and
    ``visits_per_cycle`` = what the scenario asks (the plan's own figure for a stop the
    scenario does not serve, or when it asks nothing); each stop the scenario serves that
    the plan leaves out is added, with no visit; ``unserved`` lists what is short.
    """
    held = Counter(v.stop_id for r in judged.routes for v in r.visits)
    asked = {} if problem is None else {s.id: s.visits_per_cycle for s in problem.stops}
    stops: list[Stop] = []
    seen: set[str] = set()
    for s in judged.stops:
        if s.id in seen:
            continue
        seen.add(s.id)
        stops.append(
            replace(
                s,
                visits_planned=held[s.id],
                visits_per_cycle=asked.get(s.id, s.visits_per_cycle),
            )
        )
    for ps in problem.stops if problem is not None else ():
        if ps.id not in seen:
            stops.append(
                Stop(
                    id=ps.id,
                    name=ps.name,
                    lon=ps.lon,
                    lat=ps.lat,
                    address=ps.address,
                    population=ps.population,
                    demand_weight=ps.demand_weight,
                    visits_per_cycle=ps.visits_per_cycle,
                    visits_planned=0,
                    windows=dict(ps.windows),
                    session_min=ps.session_min,
                )
            )
    unserved = tuple(
        Unserved(s.id, s.visits_per_cycle - s.visits_planned, "held by the plan: fewer visits")
        for s in stops
        if s.visits_per_cycle > s.visits_planned
    )
    scored = replace(judged, stops=tuple(stops), unserved=unserved)
    return replace(scored, kpis=compute_kpis(scored, scenario))


# --- Files ------------------------------------------------------------------------------


def _travel_dict(t: TravelInfo) -> dict[str, Any]:
    out = t.to_dict()
    out.pop("legs", None)
    return out


def evaluation_dict(ev: Evaluation) -> dict[str, Any]:
    """The evaluation as ``evaluation.json`` holds it (``docs/plan.md``)."""
    return {
        "schema": SCHEMA,
        "plan": {
            "file": ev.plan_file,
            "scenario": {"name": ev.plan.scenario_name, "path": ev.plan.scenario_path},
            "travel": _travel_dict(ev.plan.travel),
        },
        "scenario": {
            "name": ev.scenario.name,
            "path": ev.scenario.path,
            "travel": _travel_dict(ev.judged.travel),
        },
        "figures": dict(ev.figures),
        "rules_broken": len(ev.violations),
        "rules": [{"rule": rule, "count": len(vs)} for rule, vs in ev.by_rule().items()],
        "violations": [
            {"rule": v.rule, "where": v.where, "detail": v.detail} for v in ev.violations
        ],
        "travel": {
            "legs_measured": ev.legs_measured,
            "legs_not_measured": ev.legs_unmeasured,
            "legs_differing": len(ev.differences),
            "differences": [
                {
                    "route": d.route,
                    "bus": d.bus,
                    "week": d.week,
                    "day": d.day,
                    "from": d.from_id,
                    "to": d.to_id,
                    "from_name": d.from_name,
                    "to_name": d.to_name,
                    "plan_drive_min": d.plan_drive_min,
                    "plan_distance_km": d.plan_distance_km,
                    "model_drive_min": d.model_drive_min,
                    "model_distance_km": d.model_distance_km,
                }
                for d in ev.differences
            ],
        },
    }


def evaluation_json(ev: Evaluation) -> str:
    """``evaluation.json``: UTF-8 JSON, indented by 2, stable key order."""
    return json.dumps(evaluation_dict(ev), ensure_ascii=False, indent=2) + "\n"


def evaluation_csv(ev: Evaluation, lang: str = "fr") -> str:
    """``evaluation.csv``: a header, then one row per violation (``CSV_COLUMNS``).

    ``rule`` is the checker's rule (English, as in ``evaluation.json``), ``label`` the same
    rule in ``lang``. Text cells a spreadsheet would take for a formula get a leading ``'``
    (as in ``timetable.csv``). Lines end with CRLF.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in ev.violations:
        writer.writerow(
            [_csv_cell(x) for x in (v.rule, rule_label(v.rule, lang), v.where, v.detail)]
        )
    return buf.getvalue()


# --- Terminal ---------------------------------------------------------------------------


def travel_label(t: TravelInfo, lang: str = "fr") -> str:
    """A travel model in a few words: ``great_circle × 1,3 à 50 km/h``, ``osrm (URL)`` …"""
    if t.model == "great_circle" and t.speed_kmh is not None and t.detour_factor is not None:
        detour = format_number(t.detour_factor, lang, decimals=2).rstrip("0").rstrip(",.")
        speed = format_number(t.speed_kmh, lang, decimals=0)
        at = "à" if check_lang(lang) == "fr" else "at"
        return f"great_circle × {detour} {at} {speed} km/h"
    source = t.url or t.matrix_file or t.osm_file
    return f"{t.model} ({source})" if source else t.model


def _km(value: Any, lang: str) -> str:
    return format_distance(float(value), lang) if isinstance(value, int | float) else "—"


def figure_lines(ev: Evaluation, lang: str = "fr") -> list[tuple[str, str]]:
    """The figures under the scenario as (label, value) text, in ``lang``."""
    lang = check_lang(lang)
    f = ev.figures
    km = _km(f.get("distance_km_per_cycle"), lang)
    recorded = f.get("recorded_distance_km_per_cycle")
    if isinstance(recorded, int | float) and abs(recorded - f["distance_km_per_cycle"]) > 0.0005:
        km = _t("km_recorded", lang, value=km, recorded=_km(recorded, lang))
    asked = (
        str(f.get("visits_asked_per_cycle"))
        if ev.visits_asked is not None
        else _t("asked_unknown", lang)
    )

    def whole(key: str, unit: str) -> str:
        value = f.get(key)
        if not isinstance(value, int | float):
            return "—"
        if unit == "km":
            return format_distance(float(value), lang, decimals=0)
        if unit == "€":
            return format_money(float(value), lang)
        return f"{format_number(float(value), lang, decimals=0)} {unit}"

    return [
        (_t("km_per_cycle", lang), km),
        (_t("driving_per_cycle", lang), format_duration(f.get("driving_min_per_cycle", 0), lang)),
        (_t("visits", lang), f"{f.get('visits_per_cycle')} / {asked}"),
        (_t("visits_missing", lang), str(f.get("visits_missing"))),
        (
            _t("communes_served", lang),
            f"{f.get('communes_served')} / {f.get('communes_total')}",
        ),
        (
            _t("public_per_week", lang),
            format_duration(float(f.get("public_hours_per_week") or 0) * 60, lang),
        ),
        (_t("km_per_year", lang), whole("distance_km_per_year", "km")),
        (_t("fuel_per_year", lang), whole("fuel_l_per_year", "L")),
        (_t("co2_per_year", lang), whole("co2_kg_per_year", "kg")),
        (_t("cost_per_year", lang), whole("cost_eur_per_year", "€")),
        (_t("rules_broken", lang), str(len(ev.violations))),
    ]


def print_evaluation(
    ev: Evaluation,
    console: Console,
    lang: str = "fr",
    *,
    shown_per_rule: int = SHOWN_PER_RULE,
    files_written: bool = False,
) -> None:
    """The evaluation for the terminal: the figures, the drives whose record differs, then
    every rule broken with its count and the first ``shown_per_rule`` violations (the rest
    counted; ``files_written`` says whether ``evaluation.csv`` holds them all).

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    console.print(
        "[bold]"
        + escape(
            _t(
                "title",
                lang,
                plan=ev.plan_file,
                scenario=ev.scenario.name,
                path=ev.scenario.path,
            )
        )
        + "[/bold]",
        soft_wrap=True,
    )
    model = _t("model", lang, model=travel_label(ev.judged.travel, lang))
    console.print(escape(model), soft_wrap=True)
    if _travel_dict(ev.plan.travel) != _travel_dict(ev.judged.travel):
        recorded = _t("recorded", lang, model=travel_label(ev.plan.travel, lang))
        console.print(escape(recorded), soft_wrap=True)
    console.print()
    table = Table(title=escape(_t("figures", lang)), title_justify="left", show_header=False)
    table.add_column()
    table.add_column()
    for label, value in figure_lines(ev, lang):
        table.add_row(escape(label), escape(value))
    console.print(table)
    console.print()

    more_where = _t("more_in_files" if files_written else "more_use_out", lang)
    _print_legs(ev, console, lang, shown_per_rule, files_written, more_where)
    _print_broken(ev, console, lang, shown_per_rule, more_where)


def _print_legs(
    ev: Evaluation,
    console: Console,
    lang: str,
    shown_per_rule: int,
    files_written: bool,
    more_where: str,
) -> None:
    """The drives whose record differs from the scenario's model (the first few), and the
    legs that could not be measured."""
    total = ev.legs_measured
    if ev.differences:
        console.print(
            "[bold]"
            + escape(_t("legs_title", lang, n=len(ev.differences), total=total))
            + "[/bold]",
            soft_wrap=True,
        )
        for d in ev.differences[:shown_per_rule]:
            console.print("  " + escape(_leg_line(d, lang)), soft_wrap=True)
        if len(ev.differences) > shown_per_rule:
            more = len(ev.differences) - shown_per_rule
            where = "evaluation.json" if files_written else more_where
            console.print("  " + escape(_t("more", lang, n=more, where=where)))
    else:
        console.print(escape(_t("legs_same", lang, total=total)), soft_wrap=True)
    if ev.legs_unmeasured:
        console.print(escape(_t("legs_unmeasured", lang, n=ev.legs_unmeasured)), soft_wrap=True)
    console.print()


def _print_broken(
    ev: Evaluation, console: Console, lang: str, shown_per_rule: int, more_where: str
) -> None:
    """Every rule broken with its count and the first ``shown_per_rule`` violations."""
    groups = ev.by_rule()
    if not groups:
        console.print("[bold]" + escape(_t("none_broken", lang)) + "[/bold]")
        return
    console.print(
        "[bold]"
        + escape(_t("broken_title", lang, n=len(ev.violations), rules=len(groups)))
        + "[/bold]",
        soft_wrap=True,
    )
    for rule, found in groups.items():
        label = rule_label(rule, lang)
        if label != rule:
            label = f"{label} ({rule})"
        console.print(
            "  [bold]" + escape(_t("rule_head", lang, label=label, n=len(found))) + "[/bold]"
        )
        for v in found[:shown_per_rule]:
            item = _t("item", lang, where=route_where(v.where, lang), detail=v.detail)
            console.print(f"    {escape(item)}", soft_wrap=True)
        if len(found) > shown_per_rule:
            more = len(found) - shown_per_rule
            console.print("    " + escape(_t("more", lang, n=more, where=more_where)))


def _leg_line(d: LegDifference, lang: str) -> str:
    route = _t("route", lang, bus=d.bus, week=d.week, day=weekday_label(d.day, lang))
    return _t(
        "leg",
        lang,
        route=route,
        a=d.from_name,
        b=d.to_name,
        pmin=d.plan_drive_min,
        pkm=format_number(d.plan_distance_km, lang, decimals=3),
        mmin=d.model_drive_min,
        mkm=format_number(d.model_distance_km, lang, decimals=3),
    )

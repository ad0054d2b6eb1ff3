"""``busplanner evaluate``: a plan judged under a scenario's rules and travel model.

The plans are the saved plan of the small scenario (``tests/data/plans/small.json``: two
weeks, Tuesday and Thursday, Amanlis and Essé on Tuesdays, Boistrudan and Marcillé-Robert on
Thursdays, one bus) and hand-broken copies of it.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.compare import Column, figure_rows
from busplanner.errors import PlanFileError
from busplanner.evaluate import (
    evaluate_file,
    evaluate_plan,
    evaluation_csv,
    evaluation_json,
    print_evaluation,
)
from busplanner.pipeline import PlanRun, load_inputs
from busplanner.plan import Plan
from busplanner.reports.map import build_map
from busplanner.scenario import Scenario
from busplanner.territory import Territory
from busplanner.travel import great_circle_matrix

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "scenarios" / "small.toml"
SMALL_PLAN = DATA / "plans" / "small.json"

Data = dict[str, Any]


def _small() -> Data:
    data: Data = json.loads(SMALL_PLAN.read_text(encoding="utf-8"))
    return data


def _write(path: Path, data: Data | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _evaluate(*args: str) -> Any:
    return runner.invoke(app, ["evaluate", *args])


def _report(out: Path) -> Data:
    report: Data = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    return report


def test_the_saved_plan_keeps_every_rule_with_the_right_figures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = _evaluate(str(SMALL_PLAN), "--scenario", str(SMALL), "--out", str(out), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "No rule broken" in res.output
    assert "the plan's 12 drives follow the scenario's model" in res.output
    report = _report(out)
    assert report["schema"] == "busplanner.evaluation/1"
    assert report["rules_broken"] == 0 and report["violations"] == []
    f = report["figures"]
    saved = _small()["kpis"]
    for key in (
        "distance_km_per_cycle",
        "driving_min_per_cycle",
        "public_hours_per_week",
        "visits_per_cycle",
        "communes_served",
        "communes_total",
        "cost_eur_per_year",
    ):
        assert f[key] == saved[key], key
    assert (f["distance_km_per_cycle"], f["visits_per_cycle"], f["visits_asked_per_cycle"]) == (
        104.898,
        8,
        8,
    )
    assert f["visits_missing"] == 0 and f["recorded_distance_km_per_cycle"] == 104.898
    assert report["travel"] == {
        "legs_measured": 12,
        "legs_not_measured": 0,
        "legs_differing": 0,
        "differences": [],
    }
    # The CSV has its header and no row.
    assert (out / "evaluation.csv").read_bytes() == b"rule,label,where,detail\r\n"


def test_the_scenario_defaults_to_the_plans_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small.json names "tests/data/scenarios/small.toml": found from the repository's root.
    monkeypatch.chdir(ROOT)
    res = _evaluate(str(SMALL_PLAN))
    assert res.exit_code == 0, res.output
    assert "Aucune règle enfreinte" in res.output
    # Not found from the current folder, then found next to the plan.
    data = _small()
    data["scenario"]["path"] = "variant.toml"
    plan = _write(tmp_path / "plans" / "current.json", data)
    _write(tmp_path / "plans" / "variant.toml", f'extends = "{SMALL.as_posix()}"\n')
    res = _evaluate(str(plan))
    assert res.exit_code == 0, res.output
    assert "variant.toml" in res.output


def test_a_missing_scenario_is_a_clear_exit_2(tmp_path: Path) -> None:
    data = _small()
    data["scenario"]["path"] = "nowhere.toml"
    plan = _write(tmp_path / "current.json", data)
    res = _evaluate(str(plan), "--lang", "en")
    assert res.exit_code == 2
    assert f"{plan}: scenario.path = 'nowhere.toml': no such file" in res.output
    assert "--scenario" in res.output and "Traceback" not in res.output
    res = _evaluate(str(plan), "--scenario", str(tmp_path / "gone.toml"))
    assert res.exit_code == 2
    assert "gone.toml" in res.output and "Traceback" not in res.output


# --- Hand-broken plans ------------------------------------------------------------------


def _visit(i: int, j: int, **changes: Any) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        d["routes"][i]["visits"][j].update(changes)

    return change


def _route(i: int, **changes: Any) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        d["routes"][i].update(changes)

    return change


def _duplicate_route(i: int) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        d["routes"].append(copy.deepcopy(d["routes"][i]))

    return change


def _extra_stop(d: Data) -> None:
    d["stops"].append(
        {"id": "99999", "name": "Nowhere", "lon": -1.4, "lat": 47.95, "visits_per_cycle": 0}
    )


def _move_depot(d: Data) -> None:
    d["depot"]["lat"] += 0.05


BREAKS: list[tuple[Callable[[Data], None], str, str]] = [
    # Amanlis reached at 08:45 after a drive recorded as 12 minutes: the scenario's model
    # says 20, so the bus would leave Retiers at 08:25, before its 08:30 departure.
    (
        _visit(0, 0, arrival="08:45", drive_min=12, distance_km=9.0),
        "sequence",
        "busy there until 08:30",
    ),
    # Sessions that overlap: Essé opens 11:30-14:30 while Amanlis closes at 12:00.
    (
        _visit(0, 1, arrival="11:15", start="11:30", end="14:30"),
        "sequence",
        "busy there until 12:10",
    ),
    # No room for lunch: a 30-minute break, during the Boistrudan session's pack-up.
    (_route(1, breaks=[{"start": "12:00", "end": "12:30"}]), "lunch break", "30 min"),
    # No lunch break at all.
    (_route(1, breaks=[]), "one lunch break", "0 breaks"),
    # A Marcillé-Robert session 17:00-20:00, after the bus's 17:00 closing.
    (
        _visit(3, 1, arrival="16:45", start="17:00", end="20:00"),
        "opening hours",
        "Marcillé-Robert at 17:00",
    ),
    # A session of no minutes (Amanlis 09:00-09:00).
    (_visit(2, 0, end="09:00"), "session length", "0 min, not 180"),
    # A route on Saturday, not a working day of the scenario (Tuesday and Thursday).
    (_route(3, day="saturday"), "day of the cycle", "saturday is not a working day"),
    # A visit in week 3 of a two-week cycle.
    (_route(2, week=3), "day of the cycle", "week 3"),
    # A visit to a stop id the plan does not list.
    (_visit(0, 1, stop_id="35999"), "known stop", "not in the plan's stops"),
    # A stop listed that the territory does not know.
    (_extra_stop, "known stop", "not in the territory"),
    # A second bus, when the scenario has one.
    (_route(3, bus=2), "bus", "the scenario has 1 bus"),
    # A depot 5.6 km north of the scenario's.
    (_move_depot, "depot", "km from the scenario's depot"),
]


@pytest.mark.parametrize(("change", "rule", "words"), BREAKS)
def test_each_break_is_reported_under_its_rule(
    tmp_path: Path, change: Callable[[Data], None], rule: str, words: str
) -> None:
    data = _small()
    change(data)
    plan = _write(tmp_path / "current.json", data)
    out = tmp_path / "out"
    res = _evaluate(str(plan), "--scenario", str(SMALL), "--out", str(out), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    found = [v for v in _report(out)["violations"] if v["rule"] == rule]
    assert any(words in v["detail"] or words in v["where"] for v in found), found
    assert f"{rule} — {len(found)}" in res.output


def test_a_route_listed_twice_is_refused_naming_it(tmp_path: Path) -> None:
    """One route per bus, week and day is read_plan's to check (issue 19: a plan.json with
    one route repeated 5,000 times made `report` hang), not a rule the report judges."""
    data = _small()
    _duplicate_route(0)(data)
    plan = _write(tmp_path / "current.json", data)
    res = _evaluate(str(plan), "--scenario", str(SMALL), "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    n = len(data["routes"]) - 1
    assert f"routes[{n}]: a second route of bus 1 in week 1" in res.output
    assert "(the first is routes[0])" in res.output


def test_a_plan_with_every_break_at_once_is_reported_not_a_crash(tmp_path: Path) -> None:
    data = _small()
    for change, _rule, _words in BREAKS:
        change(data)
    plan = _write(tmp_path / "current.json", data)
    out = tmp_path / "out"
    res = _evaluate(str(plan), "--scenario", str(SMALL), "--out", str(out), "--show", "1")
    assert res.exit_code == 0, res.output
    report = _report(out)
    assert {rule for _c, rule, _w in BREAKS} <= {v["rule"] for v in report["violations"]}
    assert report["rules_broken"] == len(report["violations"])
    assert sum(r["count"] for r in report["rules"]) == report["rules_broken"]
    # One violation shown per rule, the rest counted; all of them in the CSV.
    assert "… et " in res.output and "voir evaluation.csv" in res.output
    rows = list(csv.reader(io.StringIO((out / "evaluation.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1 + report["rules_broken"]
    assert "enchaînement des trajets et des séances (sequence)" in res.output


def test_without_out_the_rest_is_counted_and_no_file_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _small()
    for r in data["routes"]:
        r["breaks"] = []  # four routes without lunch
    plan = _write(tmp_path / "current.json", data)
    monkeypatch.chdir(tmp_path)
    res = _evaluate(str(plan), "--scenario", str(SMALL), "--show", "2", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "one lunch break — 4" in res.output
    assert "… and 2 more (--out DIR for the whole list)" in res.output
    assert not (tmp_path / "evaluation.json").exists()


# --- Another travel model ---------------------------------------------------------------


def test_a_plan_recorded_with_another_model_is_judged_under_the_scenarios(
    tmp_path: Path,
) -> None:
    # The scenario drives slower (30 km/h) and farther (detour 1.5) than the plan's record
    # (50 km/h, 1.3): every leg differs; the checker judges the scenario's legs, so the
    # record is not a "travel model" violation, but the longer drives break the sequence.
    scenario = _write(
        tmp_path / "slow.toml",
        f'extends = "{SMALL.as_posix()}"\n[travel]\nspeed_kmh = 30\ndetour_factor = 1.5\n',
    )
    out = tmp_path / "out"
    res = _evaluate(str(SMALL_PLAN), "--scenario", str(scenario), "--out", str(out))
    assert res.exit_code == 0, res.output
    report = _report(out)
    assert report["plan"]["travel"] == {
        "model": "great_circle",
        "speed_kmh": 50.0,
        "detour_factor": 1.3,
    }
    assert report["scenario"]["travel"] == {
        "model": "great_circle",
        "speed_kmh": 30.0,
        "detour_factor": 1.5,
    }
    rules = {v["rule"] for v in report["violations"]}
    assert "travel model" not in rules
    assert "sequence" in rules
    assert report["travel"]["legs_differing"] == 12
    f = report["figures"]
    assert f["recorded_distance_km_per_cycle"] == 104.898
    assert f["distance_km_per_cycle"] == pytest.approx(104.898 * 1.5 / 1.3, abs=0.02)
    assert "(le plan indique 104,9 km)" in res.output
    assert "Le plan a été enregistré avec : great_circle × 1,3 à 50 km/h" in res.output


def _csv_scenario(tmp_path: Path, extra_min: int) -> Path:
    """small.toml with a CSV matrix of its five places: the great-circle kilometres of the
    plan's record, ``extra_min`` more minutes a leg."""
    data = _small()
    places = [("depot", data["depot"])] + [(s["id"], s) for s in data["stops"]]
    gc = great_circle_matrix(
        [(p["lon"], p["lat"]) for _, p in places], speed_kmh=50, detour_factor=1.3
    )
    rows = ["from_id,to_id,duration_min,distance_km"]
    for i, (a, _) in enumerate(places):
        for j, (b, _) in enumerate(places):
            if i != j:
                rows.append(f"{a},{b},{gc.duration_min[i][j] + extra_min},{gc.distance_km[i][j]}")
    _write(tmp_path / "matrix.csv", "\n".join(rows) + "\n")
    return _write(
        tmp_path / "csv.toml",
        f'extends = "{SMALL.as_posix()}"\n[travel]\nmodel = "matrix_csv"\n'
        'matrix_file = "matrix.csv"\n',
    )


def test_a_csv_matrix_scenario_measures_the_plans_legs(tmp_path: Path) -> None:
    ev = evaluate_file(SMALL_PLAN, _csv_scenario(tmp_path, extra_min=10))
    assert ev.judged.travel.model == "matrix_csv"
    assert len(ev.judged.travel.legs) == 6  # every directed pair the routes drive
    assert len(ev.differences) == 12
    assert all(d.model_drive_min == d.plan_drive_min + 10 for d in ev.differences)
    assert all(d.model_distance_km == d.plan_distance_km for d in ev.differences)
    assert ev.figures["distance_km_per_cycle"] == 104.898
    assert ev.figures["driving_min_per_cycle"] == 130 + 12 * 10
    assert "travel model" not in {v.rule for v in ev.violations}
    assert "sequence" in {v.rule for v in ev.violations}


def test_a_stop_the_csv_matrix_lacks_is_reported_not_a_failure(tmp_path: Path) -> None:
    # Arbrissel is in the territory but not served by small.toml, so not in its matrix; the
    # plan visits it on Tuesday afternoons of week 1 (instead of Essé): reported, not measured.
    data = _small()
    data["stops"].append(
        {
            "id": "35005",
            "name": "Arbrissel",
            "lon": -1.302766,
            "lat": 47.927301,
            "visits_per_cycle": 1,
        }
    )
    data["routes"][0]["visits"][1]["stop_id"] = "35005"
    plan = _write(tmp_path / "current.json", data)
    ev = evaluate_file(plan, _csv_scenario(tmp_path, extra_min=0))
    assert ("Arbrissel (35005)", "served by the scenario") in {
        (v.where, v.rule) for v in ev.violations
    }
    assert (ev.legs_measured, ev.legs_unmeasured) == (10, 2)
    assert ev.differences == ()


# --- Figures under the scenario ---------------------------------------------------------


def test_a_stop_the_plan_leaves_out_counts_as_missing(tmp_path: Path) -> None:
    # Essé dropped from the plan altogether: the scenario still asks 2 visits of it.
    data = _small()
    data["stops"] = [s for s in data["stops"] if s["id"] != "35108"]
    for r in data["routes"]:
        if r["day"] == "tuesday":
            r["visits"] = r["visits"][:1]
            r["return_drive_min"], r["return_distance_km"] = 20, 16.455
    plan = _write(tmp_path / "current.json", data)
    ev = evaluate_file(plan, SMALL)
    f = ev.figures
    assert (f["visits_per_cycle"], f["visits_asked_per_cycle"], f["visits_missing"]) == (6, 8, 2)
    assert (f["communes_served"], f["communes_total"]) == (3, 4)
    assert f["per_stop"]["35108"]["visits_per_cycle"] == 0
    assert f["equity"]["ratio"] is None  # Essé gets no hour at all


# --- Bad input and files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{", "ligne 1"),  # not JSON
        ('{"schema": "busplanner.plan/1", "cycle_weeks": "two"}', "cycle_weeks"),
        ("[]", "schema"),  # JSON, not an object
    ],
)
def test_a_malformed_plan_is_exit_2_naming_the_file(tmp_path: Path, text: str, field: str) -> None:
    plan = _write(tmp_path / "current.json", text)
    res = _evaluate(str(plan), "--scenario", str(SMALL))
    assert res.exit_code == 2
    assert f"{plan} : {field}" in res.output
    assert "Traceback" not in res.output


def test_a_bad_field_deep_in_the_plan_is_named(tmp_path: Path) -> None:
    data = _small()
    data["routes"][2]["visits"][1]["start"] = "1:35pm"
    plan = _write(tmp_path / "current.json", data)
    res = _evaluate(str(plan), "--scenario", str(SMALL))
    assert res.exit_code == 2
    assert f"{plan} : routes[2].visits[1].start" in res.output


def test_csv_cells_that_look_like_formulas_are_protected(tmp_path: Path) -> None:
    data = _small()
    data["routes"][0]["visits"][1]["stop_id"] = "=1+1"  # an unknown stop named like a formula
    data["stops"][0]["name"] = "@SUM(A1)"
    data["stops"][0]["visits_planned"] = 1  # a visit count violation, "where" is its name
    plan = _write(tmp_path / "current.json", data)
    out = tmp_path / "out"
    res = _evaluate(str(plan), "--scenario", str(SMALL), "--out", str(out))
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO((out / "evaluation.csv").read_text(encoding="utf-8"))))
    wheres = {row[2] for row in rows[1:]}
    assert "'=1+1" in wheres and "'@SUM(A1) (35002)" in wheres
    assert not any(cell.startswith(("=", "@", "+", "-")) for row in rows for cell in row)
    # The JSON keeps the text as it is.
    assert "=1+1" in {v["where"] for v in _report(out)["violations"]}


def test_evaluation_csv_labels_follow_the_language() -> None:
    ev = evaluate_file(SMALL_PLAN, SMALL)
    assert evaluation_csv(ev, "en").startswith("rule,label,where,detail\r\n")


# --- Never a crash ----------------------------------------------------------------------


def _leaves(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``obj`` (keys and list indexes)."""
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    )
    return [p for k, v in items for p in [(*prefix, k), *_leaves(v, (*prefix, k))]]


_BASE = _small()
_PATHS = [p for p in _leaves(_BASE) if p[0] != "kpis"]
_TEXTS = ["monday", "saturday", "tuesday", "morning", "evening", "35002", "35108", "35999"]
_WILD = st.one_of(
    st.integers(-3, 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["09:00", "24:00", "9h", "", "=1+1", "depot", *_TEXTS]),
    st.none(),
    # A new list or dict each time: st.just would share one object between examples, which
    # a later change writes into (a dict holding itself).
    st.builds(list),
    st.builds(dict),
)


def _like(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same kind as ``value`` (so that most plans stay readable)."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-3, 30)
    if isinstance(value, float):
        return st.floats(-5, 200)
    if isinstance(value, str) and len(value) == 5 and value[2] == ":":
        return st.builds("{:02d}:{:02d}".format, st.integers(0, 24), st.sampled_from([0, 5, 59]))
    if isinstance(value, str):
        return st.sampled_from(_TEXTS)
    if isinstance(value, list):
        # A fresh copy each time: a later change inside it must not alter _BASE.
        return st.builds(lambda: copy.deepcopy(value[:1]))
    return _WILD


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def _changes(draw: st.DrawFn) -> list[tuple[tuple[Any, ...], Any]]:
    out = []
    for _ in range(draw(st.integers(1, 5))):
        path = draw(st.sampled_from(_PATHS))
        wild = draw(st.integers(0, 9)) == 0  # now and then a value of any kind
        out.append((path, draw(_WILD if wild else _like(_at(_BASE, path)))))
    return out


@functools.cache
def _small_inputs() -> tuple[Scenario, Territory]:
    return load_inputs(SMALL)


@settings(max_examples=150, deadline=None)
@given(_changes())
def test_any_plan_is_refused_with_its_fields_or_judged_never_a_crash(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = _small()
    for path, value in changes:
        try:
            _at(data, path[:-1])[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    try:
        plan = Plan.from_dict(data, source="current.json")
    except PlanFileError as exc:
        assert all(p.file == "current.json" and p.field for p in exc.problems)
        event("refused")
        return
    event("judged")
    scenario, territory = _small_inputs()
    ev = evaluate_plan(plan, scenario, territory, plan_file="current.json")
    json.loads(evaluation_json(ev))
    evaluation_csv(ev, "fr")
    print_evaluation(ev, Console(file=io.StringIO()), "fr")
    build_map(ev.scored, ev.territory, "fr")
    figure_rows([Column(Path("current.json"), PlanRun(scenario, territory, ev.scored), ev)])

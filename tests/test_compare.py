"""Scenario variants (``extends``) and ``busplanner compare`` on small scenarios."""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.errors import ScenarioError
from busplanner.scenario import Scenario, load_scenario

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PARENT = """
name = "parent"
territory = "communes.geojson"
[depot]
lat = 47.9
lon = -1.4
[buses]
days = ["tuesday", "thursday"]
[session]
duration_min = 150
[travel]
speed_kmh = 40
"""


def test_variant_overrides_one_field_and_keeps_the_rest(tmp_path: Path) -> None:
    parent_file = _write(tmp_path / "base" / "parent.toml", PARENT)
    child_file = _write(
        tmp_path / "variants" / "child.toml",
        'extends = "../base/parent.toml"\n[buses]\ncount = 2\n',
    )
    parent = load_scenario(parent_file)
    child = load_scenario(child_file)
    assert child.bus_count == 2
    # The rest of [buses] and the other tables come from the parent.
    assert child.days == ("tuesday", "thursday")
    assert (child.session_min, child.speed_kmh, child.name) == (150, 40.0, "parent")
    # The territory path is relative to the parent's folder, not the child's.
    assert child.territory_path.resolve() == (tmp_path / "base" / "communes.geojson").resolve()
    assert child.extends == (str(parent_file.resolve()),)
    changed = {
        f.name
        for f in dataclasses.fields(Scenario)
        if getattr(parent, f.name) != getattr(child, f.name)
    }
    # One base, from [depot]: its bus count follows [buses] count.
    assert changed == {"bus_count", "bases", "path", "extends"}
    assert [b.buses for b in child.bases] == [2]


def test_child_paths_stay_relative_to_the_child(tmp_path: Path) -> None:
    _write(tmp_path / "base" / "parent.toml", PARENT)
    child = load_scenario(
        _write(
            tmp_path / "child.toml",
            'extends = "base/parent.toml"\nterritory = "mine.geojson"\n',
        )
    )
    assert child.territory_path.resolve() == (tmp_path / "mine.geojson").resolve()


@pytest.mark.parametrize(
    "files",
    [
        # a.toml extends b.toml, which extends a.toml again.
        {"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n' + PARENT},
        # A file that extends itself.
        {"a.toml": 'extends = "a.toml"\n' + PARENT},
    ],
)
def test_extends_loop_is_a_scenario_error_naming_extends(
    tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        _write(tmp_path / name, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "a.toml")
    assert [p.field for p in info.value.problems] == ["extends"]
    assert "loop" in str(info.value)


def test_extends_a_missing_file_names_extends(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path / "a.toml", 'extends = "nowhere.toml"\n'))
    assert info.value.problems[0].field == "extends"
    assert "nowhere.toml" in str(info.value)


@pytest.mark.parametrize(
    ("file", "changes"),
    [
        ("roche_aux_fees_two_buses.toml", {"bus_count": 2}),
        ("roche_aux_fees_2h_sessions.toml", {"session_min": 120}),
        ("roche_aux_fees_town_hall_hours.toml", {"opening_hours": "inside"}),
    ],
)
def test_shipped_variants_change_only_what_they_say(
    scenario: Scenario, file: str, changes: dict[str, object]
) -> None:
    variant = load_scenario(ROOT / "scenarios" / file)
    assert variant.extends == (str((ROOT / "scenarios" / "roche_aux_fees.toml").resolve()),)
    assert variant.territory_path.resolve() == scenario.territory_path.resolve()
    if "bus_count" in changes:  # the one base of [depot] has [buses] count buses
        changes = {
            **changes,
            "bases": (dataclasses.replace(scenario.bases[0], buses=changes["bus_count"]),),
        }
    expected = scenario.with_changes(
        **changes, name=variant.name, path=variant.path, extends=variant.extends
    )
    assert variant == dataclasses.replace(expected, territory_path=variant.territory_path)


def test_every_other_week_variant_fixes_every_served_commune_at_one_visit(
    scenario: Scenario, territory: object
) -> None:
    from busplanner.problem import build_problem

    variant = load_scenario(ROOT / "scenarios" / "roche_aux_fees_every_other_week.toml")
    problem = build_problem(variant, territory)  # type: ignore[arg-type]
    assert len(problem.stops) == 13
    assert {s.visits_per_cycle for s in problem.stops} == {1}
    assert set(variant.visits_overrides) == {s.id for s in problem.stops}


HOSTILE = 'Deux <b>bus</b> & "plus"'


def test_compare_two_small_scenarios(scenarios_dir: Path, tmp_path: Path) -> None:
    small = scenarios_dir / "small.toml"
    # A TOML literal string ('…') keeps the name's double quotes as they are.
    variant = _write(
        tmp_path / "two.toml",
        f"extends = \"{small.as_posix()}\"\nname = '{HOSTILE}'\n[buses]\ncount = 2\n",
    )
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["compare", str(small), str(variant), "--out", str(out), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    assert "small" in res.output
    assert HOSTILE in res.output  # rich markup in the name is printed, not interpreted
    assert "Diesel per year" in res.output and "Solution quality" in res.output
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "<th scope='col'>small</th>" in page
    assert f"<th scope='col'>{html.escape(HOSTILE)}</th>" in page
    assert HOSTILE not in page  # never unescaped, not even inside the maps' srcdoc
    assert page.count("<iframe") == 2
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in page


def test_compare_stops_on_a_bad_scenario_and_writes_nothing(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    bad = _write(
        tmp_path / "bad.toml",
        f'extends = "{(scenarios_dir / "small.toml").as_posix()}"\n'
        "[session]\nduration_min = 0\n",  # a session of no minutes
    )
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["compare", str(scenarios_dir / "small.toml"), str(bad), "--out", str(out)]
    )
    assert res.exit_code == 2
    assert str(bad) in res.output
    assert "duration_min" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_compare_names_the_scenario_when_its_territory_is_missing(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    lost = _write(
        tmp_path / "lost.toml",
        f'extends = "{(scenarios_dir / "small.toml").as_posix()}"\nterritory = "nowhere.geojson"\n',
    )
    res = runner.invoke(
        app, ["compare", str(scenarios_dir / "small.toml"), str(lost), "-o", str(tmp_path / "o")]
    )
    assert res.exit_code == 2
    assert "nowhere.geojson" in res.output and str(lost) in res.output
    assert not (tmp_path / "o").exists()


# --- Existing plans beside scenarios ----------------------------------------------------

SMALL_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "small.json"


def _published(tmp_path: Path) -> Path:
    """The small plan as a published rotation might have it: Tuesday afternoons in
    Marcillé-Robert and Thursday afternoons in Essé (the other way round from the optimum),
    times and recorded drives unchanged, no lunch break written down."""
    data = json.loads(SMALL_PLAN.read_text(encoding="utf-8"))
    swap = {"35108": "35165", "35165": "35108"}
    for r in data["routes"]:
        r["breaks"] = []
        for v in r["visits"]:
            v["stop_id"] = swap.get(v["stop_id"], v["stop_id"])
    for s in data["stops"]:
        if s["id"] in swap:
            s["weekday"] = "thursday" if s["weekday"] == "tuesday" else "tuesday"
    return _write(tmp_path / "current.json", json.dumps(data))


def test_compare_an_existing_plan_with_a_computed_one(scenarios_dir: Path, tmp_path: Path) -> None:
    from busplanner.evaluate import evaluate_file

    small = scenarios_dir / "small.toml"
    current = _published(tmp_path)
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            *("compare", str(current), str(small), "--scenario", str(small)),
            *("--out", str(out), "--time-limit", "2", "--lang", "en"),
        ],
        env={"COLUMNS": "200"},  # one line per row
    )
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()

    def row(label: str) -> str:
        return " ".join(next(line for line in lines if line.strip().startswith(label)).split())

    # The existing plan, judged under small.toml: 4 routes without lunch, and its recorded
    # drives (unchanged) too short for the new afternoon stops: on Tuesdays the bus leaves
    # Amanlis before packing up, on Thursdays it is back after the route's end. The computed
    # plan: 0.
    assert row("Rules broken") == "Rules broken 8 0"
    existing_km = evaluate_file(current, small).figures["distance_km_per_cycle"]
    computed_km = 104.898  # the optimum of small.toml
    assert existing_km > computed_km
    ratio = f"{computed_km / existing_km:.2f}"
    change = round((computed_km / existing_km - 1) * 100)
    assert (
        row("Kilometres / existing plan")
        == f"Kilometres / existing plan reference {ratio} ({change} %)"
    )
    assert row("Solution quality").endswith(
        "existing plan, not computed by busplanner optimal (proven)"
    )
    assert "current.json — existing plan" in res.output
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "<th scope='col'>current.json — existing plan</th>" in page
    assert "<th scope='col'>small</th>" in page
    assert page.count("<iframe") == 2


def test_compare_judges_a_plan_under_its_own_scenario_by_default(
    scenarios_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small.json names tests/data/scenarios/small.toml, relative to the repository's root.
    monkeypatch.chdir(ROOT)
    res = runner.invoke(
        app,
        [
            *("compare", str(SMALL_PLAN), str(scenarios_dir / "small.toml")),
            *("-o", str(tmp_path), "--time-limit", "2", "--lang", "en"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "1.00 (0 %)" in res.output  # the saved plan is the optimum


def test_compare_names_every_broken_file(scenarios_dir: Path, tmp_path: Path) -> None:
    broken_plan = _write(tmp_path / "current.json", '{"schema": "busplanner.plan/1", "days": 3}')
    broken_scenario = _write(
        tmp_path / "bad.toml",
        f'extends = "{(scenarios_dir / "small.toml").as_posix()}"\n[session]\nduration_min = 0\n',
    )
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            *("compare", str(broken_plan), str(scenarios_dir / "small.toml"), str(broken_scenario)),
            *("--scenario", str(scenarios_dir / "small.toml"), "--out", str(out)),
        ],
    )
    assert res.exit_code == 2
    assert f"{broken_plan} : days" in res.output and f"{broken_plan} : cycle_weeks" in res.output
    assert str(broken_scenario) in res.output and "duration_min" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_compare_a_plan_whose_scenario_is_missing(tmp_path: Path, scenarios_dir: Path) -> None:
    data = json.loads(SMALL_PLAN.read_text(encoding="utf-8"))
    data["scenario"]["path"] = "nowhere.toml"
    plan = _write(tmp_path / "current.json", json.dumps(data))
    res = runner.invoke(
        app, ["compare", str(plan), str(scenarios_dir / "small.toml"), "-o", str(tmp_path / "o")]
    )
    assert res.exit_code == 2
    assert f"{plan} : scenario.path" in res.output and "nowhere.toml" in res.output

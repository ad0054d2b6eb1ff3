"""Tests for territories given as stops: a CSV of stops, or GeoJSON Point features."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from busplanner.errors import TerritoryError
from busplanner.pipeline import run_plan
from busplanner.territory import load_territory

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SCENARIO = ROOT / "scenarios" / "stops_example.toml"
EXAMPLE_STOPS = ROOT / "data" / "stops_example.csv"
HEADER = "id,name,lon,lat,demand_weight,opening_hours,session_min,commune,address\n"


def write(tmp_path: Path, text: str, name: str = "stops.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TerritoryError) as info:
        load_territory(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [f"{p.field}: {p.message}" for p in info.value.problems]


def test_the_shipped_example_has_two_stops_in_one_commune() -> None:
    territory = load_territory(EXAMPLE_STOPS)
    assert len(territory.communes) == 10
    in_coesmes = [s for s in territory.communes if s.commune_code == "35082"]
    assert [s.insee_code for s in in_coesmes] == ["35082-mairie", "35082-exemple-centre"]
    example = territory.by_code()["35082-exemple-centre"]
    assert example.session_min == 90 and example.demand_weight == 200
    assert example.population is None and example.opening_hours is None
    mairie = territory.by_code()["35082-mairie"]
    assert mairie.opening_hours is not None and mairie.opening_hours["tuesday"] == (
        (540, 750),
        (840, 1080),
    )


def test_the_shipped_example_plans_every_stop_or_explains_it() -> None:
    result = run_plan(EXAMPLE_SCENARIO, time_limit_s=3)
    plan = result.plan
    ids = {s.insee_code for s in result.territory.communes}
    assert {s.id for s in plan.stops} == ids
    visited = {v.stop_id for r in plan.routes for v in r.visits}
    explained = {u.stop_id for u in plan.unserved if u.reason}
    assert ids <= visited | explained
    # Two stops of one commune are planned as two stops.
    assert {"35082-mairie", "35082-exemple-centre"} <= visited | explained


def test_bad_rows_give_every_problem_with_row_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "a,Market square,-1.4,47.9,10,,,35082,\n"
        + "b,Bad lat,-1.4,91,10,,,,\n"  # latitude out of range
        + "c,,-1.4,47.9,10,,,,\n"  # no name
        + "d,No weight,-1.4,47.9,-3,,,,\n"  # weight not positive
        + 'e,Bad hours,-1.4,47.9,1,"{""monday"": [[""9h"", ""12:00""]]}",,,\n'  # 9h
        + "f,Bad session,-1.4,47.9,1,,ninety,,\n"  # not a number
        + "g,Bad commune,-1.4,47.9,1,,,3508,\n"  # 4 digits
        + "a,Twice,-1.4,47.9,1,,,,\n"  # id already used on row 1
        + 'h i,Bad id,-1.4,47.9,1,"{not json}",,,\n',  # space in id, bad JSON
    )
    problems = problems_of(path)
    expected = [
        "row 2 (line 3) lat (Bad lat b)",
        "row 3 (line 4) name (c)",
        "row 4 (line 5) demand_weight (No weight d)",
        "row 5 (line 6) opening_hours.monday[0] (Bad hours e)",
        "row 6 (line 7) session_min (Bad session f)",
        "row 7 (line 8) commune (Bad commune g)",
        "row 8 (line 9) id (Twice a)",
        "row 9 (line 10) opening_hours (Bad id h i)",
        "row 9 (line 10) id (Bad id h i)",
    ]
    for field in expected:
        assert any(p.startswith(field + ":") for p in problems), (field, problems)
    assert len(problems) == len(expected)
    assert "'91'" in next(p for p in problems if p.startswith("row 2"))
    assert "row 1 (line 2)" in next(p for p in problems if p.startswith("row 8"))


def test_missing_columns_are_named(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, "id,name,longitude,lat\na,A,1,2\n"))
    assert len(problems) == 1
    assert problems[0].startswith("line 1 (header): missing columns lon, demand_weight")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("", "the file is empty"),
        (HEADER, "expected at least one stop row"),
    ],
)
def test_empty_files_are_refused(tmp_path: Path, text: str, what: str) -> None:
    problems = problems_of(write(tmp_path, text))
    assert what in problems[0]


def test_semicolons_decimal_commas_and_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "id;name;lon;lat;demand_weight;note\nm;Marché;-1,4;47,9;2,5;x\n")
    territory = load_territory(path)
    (stop,) = territory.communes
    assert (stop.stop_lon, stop.stop_lat, stop.demand_weight) == (-1.4, 47.9, 2.5)
    assert territory.warnings == (f"{path}: column 'note': unknown column, ignored",)


def _point(stop_id: Any, lon: Any, lat: Any, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"id": stop_id, "name": f"Stop {stop_id}", "demand_weight": 1, **props},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def test_geojson_point_stops_load_next_to_communes(tmp_path: Path) -> None:
    commune = {
        "type": "Feature",
        "properties": {
            "insee_code": "35005",
            "name": "Arbrissel",
            "stop_lon": -1.302766,
            "stop_lat": 47.927301,
            "session_min": 120,
        },
        "geometry": None,
    }
    doc = {
        "type": "FeatureCollection",
        "features": [
            commune,
            _point("35005-ehpad", -1.30, 47.93, commune="35005", session_min=90),
            _point("35005-marche", -1.31, 47.92, commune="35005", address="place du marché"),
        ],
    }
    path = write(tmp_path, json.dumps(doc), "stops.geojson")
    territory = load_territory(path)
    by_id = territory.by_code()
    assert by_id["35005"].session_min == 120
    assert by_id["35005-ehpad"].session_min == 90
    assert by_id["35005-marche"].stop_address == "place du marché"
    assert by_id["35005-marche"].commune_code == "35005"


def test_geojson_point_problems_are_collected(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            _point("a", -1.3, 47.9),
            _point("a", -1.3, 47.9),  # same id again
            _point("b", "x", 47.9),  # longitude not a number
            _point("c", -1.3, 47.9, session_min=0, colour="red"),  # no session; unknown key
        ],
    }
    problems = problems_of(write(tmp_path, json.dumps(doc), "stops.geojson"))
    assert len(problems) == 3
    assert problems[0].startswith("features[2].geometry.coordinates (Stop b b)")
    assert problems[1].startswith("features[3].properties.session_min (Stop c c)")
    assert problems[2].startswith("features[1].properties.id (Stop a a): duplicate stop id")


def test_a_starter_scenario_for_stops_uses_their_weights(tmp_path: Path) -> None:
    from busplanner.scenario import load_scenario
    from busplanner.starter import starter_scenario, write_starter

    out = tmp_path / "s.toml"
    starter = starter_scenario(EXAMPLE_STOPS, depot_lat=47.91136, depot_lon=-1.37963, out=out)
    assert (starter.stop_count, starter.cycle_weeks, starter.demand_source) == (10, 1, "territory")
    write_starter(starter, out)
    scenario = load_scenario(out)
    assert scenario.territory_path.resolve() == EXAMPLE_STOPS
    assert scenario.demand_source == "territory" and scenario.cycle_weeks == 1


def test_a_stop_may_fix_its_visits_per_cycle_and_the_scenario_wins(tmp_path: Path) -> None:
    from busplanner.problem import build_problem
    from busplanner.scenario import load_scenario

    lines = EXAMPLE_STOPS.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",visits_per_cycle"]
    rows += [line + (",1" if i == 1 else ",") for i, line in enumerate(lines[1:], start=1)]
    stops = write(tmp_path, "\n".join(rows) + "\n")
    first = load_territory(stops).communes[0]
    assert first.visits_per_cycle == 1
    text = EXAMPLE_SCENARIO.read_text(encoding="utf-8").replace(
        '"../data/stops_example.csv"', f'"{stops.as_posix()}"'
    )
    scenario = load_scenario(write(tmp_path, text, "s.toml"))
    problem = build_problem(scenario, load_territory(stops))
    assert problem.stop(first.insee_code).visits_per_cycle == 1
    # Without the column, the frequency rule gives the heaviest stops 2 visits in 2 weeks.
    assert max(s.visits_per_cycle for s in problem.stops) == 2
    over = dataclasses.replace(scenario, visits_overrides={first.insee_code: 2})
    assert build_problem(over, load_territory(stops)).stop(first.insee_code).visits_per_cycle == 2


def test_visits_per_cycle_must_divide_the_cycle(tmp_path: Path) -> None:
    from busplanner.errors import ScenarioError
    from busplanner.problem import build_problem
    from busplanner.scenario import load_scenario

    lines = EXAMPLE_STOPS.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",visits_per_cycle"] + [line + ",3" for line in lines[1:2]]
    rows += [line + "," for line in lines[2:]]
    stops = write(tmp_path, "\n".join(rows) + "\n")
    text = EXAMPLE_SCENARIO.read_text(encoding="utf-8").replace(
        '"../data/stops_example.csv"', f'"{stops.as_posix()}"'
    )
    scenario = load_scenario(write(tmp_path, text, "s.toml"))
    with pytest.raises(ScenarioError) as info:
        build_problem(scenario, load_territory(stops))
    (problem,) = info.value.problems
    assert problem.file == str(stops) and problem.field.endswith("visits_per_cycle")
    assert "expected a divisor of 2 (1, 2) or 0" in problem.message
    bad = write(tmp_path, lines[0] + ",visits_per_cycle\n" + lines[1] + ",-1\n", "bad.csv")
    assert any("visits_per_cycle" in p for p in problems_of(bad))

"""plan.json follows its contract (busplanner.plan/1) and reads back to the same plan."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from busplanner.errors import PlanFileError
from busplanner.pipeline import run_plan
from busplanner.plan import Plan, read_plan

HHMM = re.compile(r"^\d\d:\d\d$")
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@pytest.fixture(scope="module")
def plan() -> Plan:
    small = Path(__file__).parent / "data" / "scenarios" / "small.toml"
    return run_plan(small).plan


def test_contract_keys_and_types(plan: Plan) -> None:
    d = json.loads(plan.to_json())
    assert d["schema"] == "busplanner.plan/1"
    assert set(d["scenario"]) >= {"name", "path"}
    assert isinstance(d["cycle_weeks"], int)
    assert set(d["days"]) <= DAYS
    assert set(d["depot"]) >= {"name", "lon", "lat"}
    for s in d["stops"]:
        assert set(s) >= {
            "id",
            "name",
            "lon",
            "lat",
            "demand_weight",
            "visits_per_cycle",
            "windows",
        }
        for day, windows in s["windows"].items():
            assert day in DAYS
            assert all(HHMM.match(a) and HHMM.match(b) and a < b for a, b in windows)
    for r in d["routes"]:
        assert set(r) >= {
            "bus",
            "week",
            "day",
            "start",
            "end",
            "distance_km",
            "driving_min",
            "visits",
            "breaks",
        }
        assert 1 <= r["week"] <= d["cycle_weeks"] and r["day"] in d["days"]
        for v in r["visits"]:
            assert set(v) >= {"stop_id", "arrival", "start", "end"}
            assert all(HHMM.match(v[k]) for k in ("arrival", "start", "end"))
        assert all(HHMM.match(b["start"]) and HHMM.match(b["end"]) for b in r["breaks"])
        # Route totals are the sum of its legs, depot to depot.
        legs = [v["distance_km"] for v in r["visits"]] + [r["return_distance_km"]]
        assert r["distance_km"] == pytest.approx(sum(legs), abs=1e-6)
        mins = [v["drive_min"] for v in r["visits"]] + [r["return_drive_min"]]
        assert r["driving_min"] == sum(mins)
    assert set(d["travel"]) >= {"model", "speed_kmh", "detour_factor"}
    for u in d["unserved"]:
        assert set(u) >= {"stop_id", "missing_visits", "reason"}
    assert set(d["kpis"]) >= {
        "distance_km_per_cycle",
        "driving_min_per_cycle",
        "public_hours_per_week",
    }
    assert set(d["solver"]) >= {"status", "objective", "bound", "seconds", "seed"}


def test_driving_minutes_follow_the_declared_speed(plan: Plan) -> None:
    speed = plan.travel.speed_kmh
    for r in plan.routes:
        for v in r.visits:
            assert v.drive_min == math.ceil(v.distance_km / speed * 60 - 1e-9)


def test_round_trip(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json(), encoding="utf-8")
    again = read_plan(path)
    assert again == plan
    assert again.to_json() == plan.to_json()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "not valid JSON"),  # truncated file
        ('{"schema": "other/1"}', "expected 'busplanner.plan/1'"),  # not our schema
        ('{"schema": "busplanner.plan/1"}', "plan.json: cycle_weeks: missing"),  # keys missing
    ],
)
def test_bad_plan_files(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    assert expected in str(info.value)


SMALL_PLAN = Path(__file__).parent / "data" / "plans" / "small.json"


def _small_data() -> dict:
    data: dict = json.loads(SMALL_PLAN.read_text(encoding="utf-8"))
    return data


def test_every_bad_field_is_named_with_the_file(tmp_path: Path) -> None:
    data = _small_data()
    data["stops"][1]["lon"] = "east"  # text where a number is due
    data["stops"][2]["lat"] = float("nan")  # json writes NaN, which Python reads back
    data["routes"][0]["visits"][1]["start"] = "1:35pm"  # not HH:MM
    data["routes"][2]["week"] = 1.5  # not a whole number
    del data["routes"][1]["return_drive_min"]  # missing
    data["routes"][3]["visits"][0] = "Amanlis"  # not an object
    data["routes"][3]["visits"][1]["drive_min"] = -4  # a negative drive
    path = tmp_path / "current.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    found = {(p.file, p.field) for p in info.value.problems}
    assert found == {
        (str(path), "stops[1].lon"),
        (str(path), "stops[2].lat"),
        (str(path), "routes[0].visits[1].start"),
        (str(path), "routes[2].week"),
        (str(path), "routes[1].return_drive_min"),
        (str(path), "routes[3].visits[0]"),
        (str(path), "routes[3].visits[1].drive_min"),
    }
    assert "'1:35pm'" in str(info.value) and "expected a finite number" in str(info.value)


def test_a_hand_made_plan_needs_no_figures_solver_travel_windows_or_breaks(
    tmp_path: Path,
) -> None:
    data = _small_data()
    for key in ("kpis", "solver", "travel", "unserved", "warnings"):
        del data[key]
    for s in data["stops"]:
        del s["windows"]
    del data["routes"][0]["breaks"]
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    plan = read_plan(path)
    assert plan.kpis == {} and plan.unserved == () and plan.solver.status == "unknown"
    assert plan.travel.model == "unknown" and plan.routes[0].breaks == ()
    assert all(s.windows == {} for s in plan.stops)


def test_many_problems_are_capped(tmp_path: Path) -> None:
    data = _small_data()
    for r in data["routes"]:
        for v in r["visits"]:
            v["start"] = v["end"] = v["arrival"] = "noon"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    assert len(info.value.problems) == 21
    assert "and 4 more problems" in str(info.value.problems[-1])

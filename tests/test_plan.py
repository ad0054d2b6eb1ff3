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
        ('{"schema": "busplanner.plan/1"}', "not a valid busplanner plan"),  # keys missing
    ],
)
def test_bad_plan_files(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    assert expected in str(info.value)

"""Several bases ([[depots]]): each bus leaves from and returns to its own base.

SYNTHETIC stops (not real places) laid out so that the best plan is known by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from busplanner.check import check_plan
from busplanner.geo import great_circle_km
from busplanner.pipeline import load_inputs, plan_scenario
from busplanner.plan import SCHEMA_NETWORK, Plan, read_plan
from busplanner.scenario import Scenario
from busplanner.territory import Territory

WEST = (48.10, -2.00)  # (lat, lon) of base "Ouest"
EAST = (48.10, -1.40)  # about 45 km east


def _stops(points: dict[str, tuple[float, float]]) -> str:
    rows = ["id,name,lon,lat,demand_weight,session_min,visits_per_cycle"]
    rows += [f"{sid},{sid},{lon},{lat},1,120,1" for sid, (lat, lon) in points.items()]
    return "\n".join(rows) + "\n"


def _scenario(tmp_path: Path, points: dict[str, tuple[float, float]], east_days: str) -> Path:
    (tmp_path / "stops.csv").write_text(_stops(points), encoding="utf-8")
    text = f"""name = "SYNTHETIC two bases"
territory = "stops.csv"
[buses]
days = ["monday", "tuesday"]
open_start = "09:00"
open_end = "17:00"
shift_start = "08:30"
shift_end = "17:30"
[cycle]
weeks = 1
[session]
duration_min = 120
setup_min = 0
packup_min = 0
[demand]
source = "territory"
[solver]
time_limit_s = 30

[[depots]]
name = "Ouest"
lat = {WEST[0]}
lon = {WEST[1]}

[[depots]]
name = "Est"
lat = {EAST[0]}
lon = {EAST[1]}
days = {east_days}
"""
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _plan(path: Path) -> tuple[Plan, Scenario, Territory]:
    scenario, territory = load_inputs(path)
    plan = plan_scenario(scenario, territory).plan
    assert check_plan(plan, scenario, territory) == []
    return plan, scenario, territory


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(a[1], a[0], b[1], b[0]) * 1.3


def test_each_cluster_is_served_from_its_own_base(tmp_path: Path) -> None:
    """Two stops 3 km north and south of each base: the best plan drives each bus from its
    base around its own pair, once."""
    west = {"w1": (WEST[0] + 0.027, WEST[1]), "w2": (WEST[0] - 0.027, WEST[1])}
    east = {"e1": (EAST[0] + 0.027, EAST[1]), "e2": (EAST[0] - 0.027, EAST[1])}
    plan, _sc, _t = _plan(_scenario(tmp_path, {**west, **east}, '["monday", "tuesday"]'))
    by_stop = {s.id: s for s in plan.stops}
    assert {by_stop[i].bus for i in west} == {1} and {by_stop[i].bus for i in east} == {2}
    # Each bus makes one day: base -> one stop -> the other -> base.
    best = sum(
        _km(base, pts[a]) + _km(pts[a], pts[b]) + _km(pts[b], base)
        for base, pts, a, b in ((WEST, west, "w1", "w2"), (EAST, east, "e1", "e2"))
    )
    assert math.isclose(plan.kpis["distance_km_per_cycle"], best, abs_tol=0.01)
    assert {r.bus: plan.home(r.bus)[1].name for r in plan.routes} == {1: "Ouest", 2: "Est"}


def test_a_base_works_only_its_days_and_the_plan_says_which_base(tmp_path: Path) -> None:
    near_east = {"e1": (EAST[0] + 0.02, EAST[1]), "e2": (EAST[0] - 0.02, EAST[1])}
    path = _scenario(tmp_path, near_east, '["tuesday"]')
    plan, _sc, _t = _plan(path)
    east_routes = [r for r in plan.routes if r.bus == 2]
    assert east_routes and all(r.day == "tuesday" for r in east_routes)
    # plan.json says which base each bus belongs to, and reads back the same.
    out = tmp_path / "plan.json"
    out.write_text(plan.to_json(), encoding="utf-8")
    assert '"schema": "' + SCHEMA_NETWORK + '"' in out.read_text(encoding="utf-8")
    again = read_plan(out)
    assert again.bases == plan.bases
    assert [(b.id, b.depot.name, b.buses, b.days) for b in again.bases] == [
        ("depot", "Ouest", (1,), ("monday", "tuesday")),
        ("depot-2", "Est", (2,), ("tuesday",)),
    ]


def test_a_stop_only_one_base_can_reach_goes_to_that_base(tmp_path: Path) -> None:
    """A stop 70 km west of Ouest and 115 km from Est: a two-hour session and the drive
    there and back fit a day from Ouest only."""
    far = {"far": (WEST[0], WEST[1] - 0.95), "e1": (EAST[0] + 0.02, EAST[1])}
    plan, _sc, _t = _plan(_scenario(tmp_path, far, '["monday", "tuesday"]'))
    by_stop = {s.id: s for s in plan.stops}
    if by_stop["far"].bus is None:
        pytest.fail("the far stop was left out: " + "; ".join(u.reason for u in plan.unserved))
    assert by_stop["far"].bus == 1 and by_stop["e1"].bus == 2


def test_an_island_is_never_planned_and_the_plan_says_why(tmp_path: Path) -> None:
    """Roche aux Fées with Essé marked island: true (it is not: a test of the rule): no
    drive to it, listed as not served with the reason, in both languages."""
    import json

    from busplanner.scenario import load_scenario

    root = Path(__file__).resolve().parent.parent
    data = json.loads((root / "data" / "communes_roche_aux_fees.geojson").read_text("utf-8"))
    for feature in data["features"]:
        if feature["properties"]["insee_code"] == "35108":
            feature["properties"]["island"] = True
    (tmp_path / "t.geojson").write_text(json.dumps(data), encoding="utf-8")
    text = (root / "scenarios" / "roche_aux_fees.toml").read_text(encoding="utf-8")
    text = text.replace('"../data/communes_roche_aux_fees.geojson"', '"t.geojson"')
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    from dataclasses import replace

    scenario = replace(load_scenario(tmp_path / "s.toml"), work_limit_s=2.0, time_limit_s=10.0)
    _s, territory = load_inputs(tmp_path / "s.toml")
    plan = plan_scenario(scenario, territory).plan
    assert all(v.stop_id != "35108" for r in plan.routes for v in r.visits)
    (essé,) = [u for u in plan.unserved if u.stop_id == "35108"]
    assert "island" in essé.reason and "aucune route" in essé.reason_fr
    assert any("no road reaches" in w for w in plan.warnings)


def test_evaluate_measures_each_route_from_its_own_base(tmp_path: Path) -> None:
    from busplanner.evaluate import evaluate_plan

    west = {"w1": (WEST[0] + 0.027, WEST[1]), "w2": (WEST[0] - 0.027, WEST[1])}
    east = {"e1": (EAST[0] + 0.027, EAST[1]), "e2": (EAST[0] - 0.027, EAST[1])}
    plan, scenario, territory = _plan(
        _scenario(tmp_path, {**west, **east}, '["monday", "tuesday"]')
    )
    ev = evaluate_plan(plan, scenario, territory, plan_file="plan.json")
    assert ev.violations == ()
    assert ev.differences == ()
    km = ev.scored.kpis["distance_km_per_cycle"]
    assert math.isclose(km, plan.kpis["distance_km_per_cycle"])

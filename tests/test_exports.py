"""Open-data exports on a small hand-made plan: opendata.csv and the GeoPackage (no solver)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.plan import Depot, Plan, Route, SolverInfo, Stop, TravelInfo, Visit
from busplanner.reports import exports
from busplanner.reports.dates import visit_dates
from busplanner.reports.exports import OPENDATA_COLUMNS, geopackage, opendata_csv
from busplanner.territory import Commune, Territory


def _stop(stop_id: str, name: str, lon: float, lat: float, **kw: object) -> Stop:
    base: dict[str, object] = {
        "id": stop_id,
        "name": name,
        "lon": lon,
        "lat": lat,
        "address": "",
        "population": 500,
        "demand_weight": 1.0,
        "visits_per_cycle": 2,
        "visits_planned": 2,
        "windows": {"tuesday": ((540, 720), (810, 1020))},
        "weekday": "tuesday",
        "every_weeks": 1,
        "first_week": 1,
        "bus": 1,
    }
    base.update(kw)
    return Stop(**base)  # type: ignore[arg-type]


@pytest.fixture
def plan() -> Plan:
    esse = _stop(
        "35109", "Essé", -1.41, 47.94, address='=HYPERLINK("http://evil")', half_day="morning"
    )
    brie = _stop("35040", "-Brie", -1.53, 47.92, half_day="afternoon")
    morning = Visit("35109", 530, 540, 720, "morning", 15, 9.5)
    afternoon = Visit("35040", 800, 810, 990, "afternoon", 12, 8.0)
    routes = tuple(
        Route(1, week, "tuesday", 510, 1010, (morning, afternoon), (), 20, 12.0) for week in (1, 2)
    )
    return Plan(
        scenario_name="Roche aux Fées",
        scenario_path="scenario.toml",
        cycle_weeks=2,
        days=("tuesday",),
        depot=Depot("Retiers", -1.38, 47.91, "Mairie de Retiers"),
        stops=(esse, brie),
        routes=routes,
        unserved=(),
        travel=TravelInfo("haversine", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 59.0, 59.0, 0.2, 0),
        session_min=180,
    )


@pytest.fixture
def territory() -> Territory:
    return Territory(
        "territory.geojson",
        (
            Commune("35109", "Essé", 1200, -1.41, 47.94, boundary=box(-1.45, 47.91, -1.37, 47.97)),
            Commune("35040", "Brie", 800, -1.53, 47.92, boundary=box(-1.57, 47.89, -1.49, 47.95)),
            # In the territory but not in the scenario: a boundary with no visit.
            Commune("35001", "Autre", 300, -1.60, 47.80, boundary=box(-1.65, 47.75, -1.55, 47.85)),
        ),
    )


# --- opendata.csv -----------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_opendata_has_one_row_per_dated_visit(plan: Plan) -> None:
    # 2027-01-04 is a Monday: three weeks give three Tuesdays, two visits each.
    dated, skipped = visit_dates(plan, dt.date(2027, 1, 4), 3)
    text = opendata_csv(plan, dated)
    assert text.splitlines()[0].split(",") == list(OPENDATA_COLUMNS)
    assert "\r\n" in text
    rows = _rows(text)
    assert len(rows) == len(dated) == 6
    assert skipped == []
    first = rows[0]
    assert first["Mobile"] == "Bus 1"
    assert first["Route"] == "Semaine 1 · mardi"
    assert first["Community"] == "Essé"
    assert first["Stop"] == "35109"
    assert (first["Longitude"], first["Latitude"]) == ("-1.41", "47.94")
    assert (first["Date"], first["Day"], first["Frequency"]) == ("2027-01-05", "mardi", "1")
    assert (first["Start"], first["End"]) == ("09:00", "12:00")
    assert [r["Date"] for r in rows] == ["2027-01-05"] * 2 + ["2027-01-12"] * 2 + ["2027-01-19"] * 2
    assert [r["Route"] for r in rows[2:4]] == ["Semaine 2 · mardi"] * 2


def test_opendata_leaves_out_public_holidays_and_speaks_english(plan: Plan) -> None:
    # Tuesday 2026-11-10 is a working day, Wednesday 11 November is a holiday: move the
    # plan to Wednesdays and the first week's visits drop out of the file.
    dated, _ = visit_dates(plan, dt.date(2026, 11, 9), 2)
    rows = _rows(opendata_csv(plan, dated, "en"))
    assert {r["Day"] for r in rows} == {"Tuesday"}
    assert rows[0]["Route"] == "Week 1 · Tuesday"
    routes = tuple(dataclasses.replace(r, day="wednesday") for r in plan.routes)
    on_wednesdays = dataclasses.replace(plan, routes=routes, days=("wednesday",))
    dated, skipped = visit_dates(on_wednesdays, dt.date(2026, 11, 9), 2)
    rows = _rows(opendata_csv(on_wednesdays, dated, "en"))
    assert len(skipped) == 2
    assert [r["Date"] for r in rows] == ["2026-11-18", "2026-11-18"]


def test_opendata_protects_cells_against_formulas(plan: Plan) -> None:
    dated, _ = visit_dates(plan, dt.date(2027, 1, 4), 1)
    rows = _rows(opendata_csv(plan, dated))
    assert rows[0]["Address"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["Community"] == "'-Brie"
    assert rows[0]["Longitude"] == "-1.41"  # numbers stay numbers


# --- plan.gpkg --------------------------------------------------------------------------


def test_geopackage_layers_and_attributes(plan: Plan, territory: Territory, tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    geopackage(plan, territory, path)
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert layers == {"stops": "Point", "routes": "LineString", "communes": "MultiPolygon"}

    stops = gpd.read_file(path, layer="stops")
    assert stops.crs.to_epsg() == 4326
    assert list(stops["stop_id"]) == ["35109", "35040"]
    esse = stops.iloc[0]
    assert (esse.geometry.x, esse.geometry.y) == (-1.41, 47.94)
    assert (esse["weekday"], esse["half_day"], esse["start"], esse["end"]) == (
        "tuesday",
        "morning",
        "09:00",
        "12:00",
    )
    assert esse["visits_planned"] == 2
    assert (
        esse["schedule"] == "Semaine 1 mardi matin 09:00–12:00; Semaine 2 mardi matin 09:00–12:00"
    )

    routes = gpd.read_file(path, layer="routes")
    assert routes.crs.to_epsg() == 4326
    assert list(routes["week"]) == [1, 2]
    first = routes.iloc[0]
    # Driving order: depot -> Essé -> Brie -> depot.
    assert list(first.geometry.coords) == [
        (-1.38, 47.91),
        (-1.41, 47.94),
        (-1.53, 47.92),
        (-1.38, 47.91),
    ]
    assert (first["day"], first["bus"], first["driving_min"]) == ("tuesday", 1, 47)
    assert first["distance_km"] == pytest.approx(29.5)
    assert first["stops"] == "Retiers → Essé → -Brie → Retiers"

    communes = gpd.read_file(path, layer="communes")
    visits = dict(zip(communes["insee_code"], communes["visits_per_cycle"], strict=True))
    assert visits == {"35109": 2, "35040": 2, "35001": 0}
    assert dict(zip(communes["insee_code"], communes["in_scenario"], strict=True))["35001"] == 0


def test_geopackage_without_territory_has_no_communes(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    geopackage(plan, None, path)
    assert [name for name, _ in pyogrio.list_layers(path)] == ["stops", "routes"]


def test_geopackage_replaces_whole_or_not_at_all(
    plan: Plan, territory: Territory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.gpkg"
    path.write_bytes(b"previous")

    def broken(*_args: object, **_kw: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", broken)
    with pytest.raises(OSError, match="disk full"):
        geopackage(plan, territory, path)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]  # no temp file left

    monkeypatch.undo()
    geopackage(plan, territory, path)
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]


def test_exports_reuse_the_timetable_cell_protection() -> None:
    from busplanner.reports import dialects, timetable

    assert timetable._csv_cell is dialects.protect
    assert exports.write_csv is dialects.write_csv  # which protects every cell


# --- busplanner plan --------------------------------------------------------------------


def test_plan_command_writes_opendata_and_geopackage(scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["plan", "-s", str(scenarios_dir / "small.toml"), "-o", str(out)]
    res = CliRunner().invoke(app, [*args, "--start", "2027-01-04", "--weeks", "4", "--offline"])
    assert res.exit_code == 0, res.output
    rows = _rows((out / "opendata.csv").read_text(encoding="utf-8"))
    timetable = _rows((out / "timetable.csv").read_text(encoding="utf-8"))
    assert len(rows) == 2 * len(timetable)  # four weeks = two two-week cycles, no holiday
    assert rows[0]["Date"] == "2027-01-05"
    assert [name for name, _ in pyogrio.list_layers(out / "plan.gpkg")] == [
        "stops",
        "routes",
        "communes",
    ]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in page and "tile.openstreetmap.org" not in page
    assert "plan.gpkg" in res.output and "opendata.csv" in res.output
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_geopackage_of_stops_without_boundaries(plan: Plan, tmp_path: Path) -> None:
    """A territory of stops may have no boundary at all: no communes layer, no crash."""
    bare = Territory(
        "stops.csv",
        tuple(Commune(s.id, s.name, s.population, s.lon, s.lat) for s in plan.stops),
    )
    path = tmp_path / "plan.gpkg"
    geopackage(plan, bare, path)
    assert sorted(name for name, _ in pyogrio.list_layers(path)) == ["routes", "stops"]

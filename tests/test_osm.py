"""``[travel] model = "osm"``: road travel from an OpenStreetMap extract (busplanner.osm).

Small synthetic files written with pyosmium's writer test each rule (a one-way street, a
roundabout, a private road, an island with no road link, a way cut at the file's border);
the real Andorra extract (tests/data/osm, © OpenStreetMap contributors, ODbL 1.0) is
compared with OSRM's car matrix of 50 points, and planned end to end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from busplanner import osm, travel
from busplanner.check import check_plan
from busplanner.cli import app
from busplanner.errors import InputError
from busplanner.pipeline import run_plan
from busplanner.plan import read_plan
from busplanner.travel import Place

osmium = pytest.importorskip("osmium")

OSM_DATA = Path(__file__).parent / "data" / "osm"
ANDORRA = OSM_DATA / "andorra-2023-05-02.osm.pbf"
ANDORRA_SCENARIO = OSM_DATA / "andorra.toml"
LON0, LAT0 = 2.0, 45.0
STEP = 0.001  # about 79 m of longitude and 111 m of latitude at 45° N


def _at(x: float, y: float) -> tuple[float, float]:
    return (LON0 + x * STEP, LAT0 + y * STEP)


def write_osm(
    path: Path,
    nodes: dict[int, tuple[float, float]],
    ways: list[tuple[int, list[int], dict[str, str]]],
    *,
    box: tuple[float, float, float, float] | None = None,
) -> Path:
    """An .osm.pbf with these nodes (id -> lon, lat) and ways (id, node ids, tags)."""
    header = osmium.io.Header()
    header.set("osmosis_replication_timestamp", "2024-01-02T03:04:05Z")
    if box is not None:
        header.add_box(osmium.osm.Box(*box))
    with osmium.SimpleWriter(str(path), header=header) as writer:
        for node_id, (lon, lat) in sorted(nodes.items()):
            writer.add_node(
                osmium.osm.mutable.Node(id=node_id, location=osmium.osm.Location(lon, lat))
            )
        for way_id, refs, tags in ways:
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))
    return path


# A grid of streets (x east, y north, in STEP units):
#   4 ──▶── 5 ──▶── 6      the top street is one-way eastwards
#   │       ┊       │      2-5 is a private road
#   1 ───── 2 ───── 3
# 7 - 8 is an island: a road linked to nothing, 3 km to the east.
GRID_NODES = {
    1: _at(0, 0),
    2: _at(1, 0),
    3: _at(2, 0),
    4: _at(0, 1),
    5: _at(1, 1),
    6: _at(2, 1),
    7: _at(40, 0),
    8: _at(41, 0),
}
RES = {"highway": "residential"}
GRID_WAYS = [
    (1, [1, 2, 3], RES),
    (2, [4, 5, 6], {**RES, "oneway": "yes"}),
    (3, [1, 4], RES),
    (4, [3, 6], RES),
    (5, [2, 5], {**RES, "access": "private"}),
    (6, [7, 8], RES),
    (7, [5, 6], {"highway": "footway"}),  # not for cars: changes nothing
]


@pytest.fixture
def grid(tmp_path: Path) -> Path:
    return write_osm(tmp_path / "grid.osm.pbf", GRID_NODES, GRID_WAYS)


def _places(*nodes: int) -> list[Place]:
    names = ["depot", *(f"S{n}" for n in nodes[1:])]
    return [
        Place(pid, f"node {n}", *GRID_NODES.get(n, ROUND_NODES.get(n, (0.0, 0.0))))
        for pid, n in zip(names, nodes, strict=True)
    ]


def _metres(a: int, b: int, nodes: dict[int, tuple[float, float]]) -> float:
    return float(osm.haversine_m(*nodes[a], *nodes[b]))


def test_one_way_street_makes_the_matrix_asymmetric(grid: Path, tmp_path: Path) -> None:
    m = travel.osm_matrix(_places(4, 6), path=grid, cache_dir=tmp_path / "cache")
    # 4 -> 6 along the one-way street; 6 -> 4 back round the block: 6-3-2-1-4.
    east = _metres(4, 5, GRID_NODES) + _metres(5, 6, GRID_NODES)
    west = (
        _metres(6, 3, GRID_NODES)
        + _metres(3, 2, GRID_NODES)
        + _metres(2, 1, GRID_NODES)
        + _metres(1, 4, GRID_NODES)
    )
    assert m.model == "osm"
    assert m.distance_km[0][1] == pytest.approx(east / 1000, abs=0.002)
    assert m.distance_km[1][0] == pytest.approx(west / 1000, abs=0.002)
    # 25 km/h on residential streets (the default, an assumption): minutes rounded up.
    assert m.duration_min[1][0] == travel.seconds_to_minutes(west / (25 / 3.6))


def test_private_road_is_not_driven(grid: Path, tmp_path: Path) -> None:
    m = travel.osm_matrix(_places(2, 5), path=grid, cache_dir=tmp_path / "cache")
    around = _metres(2, 1, GRID_NODES) + _metres(1, 4, GRID_NODES) + _metres(4, 5, GRID_NODES)
    assert m.distance_km[0][1] == pytest.approx(around / 1000, abs=0.002)
    assert m.distance_km[0][1] > 2 * _metres(2, 5, GRID_NODES) / 1000


def test_stop_on_an_island_is_an_error_naming_it(grid: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        travel.osm_matrix(_places(1, 7), path=grid, cache_dir=tmp_path / "cache")
    text = str(err.value)
    assert "S7" in text and "node 7" in text
    assert "an island?" in text and "max_snap_m = 500 m" in text
    assert str(grid) in text


def test_island_known_to_the_territory_is_not_snapped(grid: Path, tmp_path: Path) -> None:
    """A stop the territory marks as an island (never visited): straight-line rows."""
    places = _places(1, 4, 7)
    m = travel.osm_matrix(
        places, path=grid, cache_dir=tmp_path / "cache", off_road=frozenset({"S7"})
    )
    assert m.ids == ("depot", "S4", "S7")
    assert m.osm is not None and m.osm.place_ids == ("depot", "S4")
    straight = travel.great_circle_matrix(
        [(p.lon, p.lat) for p in places], speed_kmh=50, detour_factor=1.3
    )
    assert m.distance_km[0][2] == straight.distance_km[0][2]
    assert m.duration_min[2][1] == straight.duration_min[2][1]
    assert m.distance_km[0][1] == pytest.approx(_metres(1, 4, GRID_NODES) / 1000, abs=0.002)


def test_stop_outside_the_file_area_is_an_error(tmp_path: Path) -> None:
    path = write_osm(
        tmp_path / "boxed.osm.pbf", GRID_NODES, GRID_WAYS, box=(1.99, 44.99, 2.01, 45.01)
    )
    places = [*_places(1), Place("far", "Far away", 2.5, 45.0)]
    with pytest.raises(InputError) as err:
        travel.osm_matrix(places, path=path, cache_dir=tmp_path / "cache")
    assert "Far away (far)" in str(err.value)
    assert "outside the file's area" in str(err.value)


def test_stop_beyond_max_snap_is_an_error(grid: Path, tmp_path: Path) -> None:
    lon, lat = _at(1, 3)  # 222 m north of the top street
    places = [*_places(1), Place("S9", "Up the hill", lon, lat)]
    with pytest.raises(InputError, match=r"Up the hill \(S9\).*lies 222 m away"):
        travel.osm_matrix(places, path=grid, max_snap_m=100, cache_dir=tmp_path / "c")
    m = travel.osm_matrix(places, path=grid, max_snap_m=300, cache_dir=tmp_path / "c")
    assert m.osm is not None
    assert m.osm.snap_m[1] == pytest.approx(222, abs=1)


# A roundabout drawn anticlockwise (as in France), with arms south (20), east (21), north (22).
ROUND_NODES = {
    10: _at(0, -1),
    11: _at(1, 0),
    12: _at(0, 1),
    13: _at(-1, 0),
    20: _at(0, -4),
    21: _at(4, 0),
    22: _at(0, 4),
}
ROUND_WAYS = [
    (1, [10, 11, 12, 13, 10], {"highway": "primary", "junction": "roundabout"}),
    (2, [20, 10], {"highway": "primary"}),
    (3, [21, 11], {"highway": "primary"}),
    (4, [22, 12], {"highway": "primary", "maxspeed": "FR:urban"}),
]


def test_roundabout_is_driven_one_way(tmp_path: Path) -> None:
    path = write_osm(tmp_path / "round.osm.pbf", ROUND_NODES, ROUND_WAYS)
    m = travel.osm_matrix(_places(20, 21), path=path, cache_dir=tmp_path / "cache")
    quarter = _metres(10, 11, ROUND_NODES)
    arms = _metres(20, 10, ROUND_NODES) + _metres(21, 11, ROUND_NODES)
    # South to east: a quarter of the ring; east to south: three quarters.
    assert m.distance_km[0][1] == pytest.approx((arms + quarter) / 1000, abs=0.002)
    assert m.distance_km[1][0] == pytest.approx((arms + 3 * quarter) / 1000, abs=0.002)


def test_speeds_from_maxspeed_and_road_type() -> None:
    assert osm.parse_maxspeed("50") == 50
    assert osm.parse_maxspeed("FR:urban") == 50
    assert osm.parse_maxspeed("FR:rural") == 80
    assert osm.parse_maxspeed("FR:zone30") == 30
    assert osm.parse_maxspeed("FR:motorway") == 130
    assert osm.parse_maxspeed("30 mph") == pytest.approx(48.28, abs=0.01)
    assert osm.parse_maxspeed("none") is None
    assert osm.parse_maxspeed("signals") is None
    rule = osm.way_rule({"highway": "primary", "maxspeed": "FR:rural"})
    assert rule == osm.WayRule(64.0, 64.0)  # 80 % of the posted 80 km/h (an assumption)
    assert osm.way_rule({"highway": "tertiary"}) == osm.WayRule(40, 40)
    rule = osm.way_rule({"highway": "primary", "maxspeed:forward": "90", "maxspeed": "70"})
    assert rule == osm.WayRule(72.0, 56.0)
    assert osm.way_rule({"highway": "residential", "oneway": "-1"}) == osm.WayRule(0, 25)
    assert osm.way_rule({"highway": "motorway"}) == osm.WayRule(90, 0)


@pytest.mark.parametrize(
    "tags",
    [
        {"highway": "track"},
        {"highway": "footway"},
        {"highway": "service", "access": "private"},
        {"highway": "unclassified", "access": "agricultural"},
        {"highway": "unclassified", "motor_vehicle": "forestry"},
        {"highway": "residential", "motorcar": "no", "access": "yes"},
        {"highway": "pedestrian"},
        {"highway": "primary", "oneway": "reversible"},
        {"highway": "service", "area": "yes"},
    ],
)
def test_roads_a_car_may_not_use(tags: dict[str, str]) -> None:
    assert osm.way_rule(tags) is None


def test_most_specific_access_tag_wins() -> None:
    assert osm.way_rule({"highway": "service", "access": "private", "motorcar": "yes"})
    assert osm.way_rule({"highway": "service", "access": "destination"})


def test_way_cut_at_the_file_border_is_split_at_the_gap(tmp_path: Path) -> None:
    nodes = {30: _at(0, 0), 31: _at(1, 0), 32: _at(3, 0), 33: _at(4, 0), 34: _at(5, 0)}
    # Node 99 is not in the file (cut out of the extract), nor is 98.
    ways = [(1, [30, 31, 99, 32, 33], RES), (2, [98, 34], RES)]
    path = write_osm(tmp_path / "cut.osm.pbf", nodes, ways)
    read = osm.read_ways(path)
    assert read.refs.tolist() == [30, 31, 32, 33]
    assert read.piece_start.tolist() == [0, 2]
    graph = osm.RoadGraph.from_ways(read)
    graph.build()
    assert graph.csgraph.shape == (4, 4)
    assert graph.csgraph.nnz == 4  # two two-way segments, no bridge over the gap


def test_missing_file_and_not_an_osm_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.osm\.pbf: \(file\): no such file"):
        travel.osm_matrix(_places(1, 2), path=tmp_path / "nope.osm.pbf")
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"this is not an OSM file")
    with pytest.raises(InputError, match=r"bad\.osm\.pbf: \(file\): not an OpenStreetMap file"):
        travel.osm_matrix(_places(1, 2), path=bad, cache_dir=tmp_path)


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, grid: Path) -> None:
    real_import = __import__

    def no_scipy(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "scipy":
            raise ImportError("No module named 'scipy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", no_scipy)
    with pytest.raises(InputError) as err:
        travel.osm_matrix(_places(1, 2), path=grid, scenario_file="my.toml")
    assert str(err.value) == (
        "my.toml: [travel] model = 'osm' needs scipy: install the optional extra with "
        "pip install 'busplanner[osm]'"
    )


def test_cache_keyed_on_file_rules_and_coordinates(
    grid: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = travel.osm_matrix(_places(4, 6), path=grid, cache_dir=cache)
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 1 and files[0].startswith("osm-")

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(osm, "load_graph", no_reading)
    again = travel.osm_matrix(_places(4, 6), path=grid, cache_dir=cache)
    assert again == first
    # Other coordinates, another file or other rules: another key.
    with pytest.raises(AssertionError, match="read again"):
        travel.osm_matrix(_places(4, 5), path=grid, cache_dir=cache)
    monkeypatch.setattr(osm, "RULES", "busplanner-car/999")
    with pytest.raises(AssertionError, match="read again"):
        travel.osm_matrix(_places(4, 6), path=grid, cache_dir=cache)


def test_leg_geometry_follows_the_roads(grid: Path, tmp_path: Path) -> None:
    m = travel.osm_matrix(_places(4, 6), path=grid, cache_dir=tmp_path / "cache")
    lines = travel.leg_geometries(m, [("S6", "depot"), ("depot", "S6")])
    back = lines[("S6", "depot")]
    # 6 -> 3 -> 1 -> 4: the corners 3 and 1 are on the line (2 is on a straight run).
    for corner in (6, 3, 1, 4):
        lon, lat = GRID_NODES[corner]
        assert any(abs(x - lon) < 1e-6 and abs(y - lat) < 1e-6 for x, y in back)
    assert len(lines[("depot", "S6")]) == 2  # a straight street, simplified to its ends


# --- The real Andorra extract -----------------------------------------------------------


@pytest.fixture(scope="module")
def osrm_reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (OSM_DATA / "andorra_50_points_osrm_matrix.json").read_text("utf-8")
    )
    return data


def test_andorra_matches_osrm_within_five_percent(osrm_reference: dict[str, Any]) -> None:
    points = [tuple(p) for p in osrm_reference["points"]]
    info = osm.file_info(ANDORRA)
    graph, snapped = osm.load_graph(
        ANDORRA, points, [str(i) for i in range(len(points))], max_snap_m=1000, box=info.box
    )
    seconds, metres = graph.matrix(snapped.vertices)
    ref_s = np.array(osrm_reference["osrm_durations_s"], dtype=float)
    ref_m = np.array(osrm_reference["osrm_distances_m"], dtype=float)
    off = ~np.eye(len(points), dtype=bool)
    # The same reachable pairs: all of them, in both.
    assert np.isfinite(ref_s[off]).all() == np.isfinite(seconds[off]).all()
    assert np.array_equal(np.isfinite(ref_s), np.isfinite(seconds))
    time_ratio = float(np.median(seconds[off] / ref_s[off]))
    dist_ratio = float(np.median(metres[off] / ref_m[off]))
    assert abs(time_ratio - 1) < 0.05, time_ratio  # measured: 0.966 (no turn penalties)
    assert abs(dist_ratio - 1) < 0.05, dist_ratio  # measured: 0.999
    assert info.date == "2023-05-02T20:16:04Z"


@pytest.fixture(scope="module")
def andorra_plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`busplanner plan` on the Andorra test scenario (osm), offline map; its own cache."""
    out = tmp_path_factory.mktemp("andorra")
    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        res = CliRunner().invoke(
            app,
            ["plan", "-s", str(ANDORRA_SCENARIO), "-o", str(out), "-q", "--offline"],
        )
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old
    assert res.exit_code == 0, res.output
    yield out


def test_andorra_plan_records_the_file_and_rechecks(andorra_plan: Path) -> None:
    plan = read_plan(andorra_plan / "plan.json")
    t = plan.travel
    assert t.model == "osm"
    assert t.osm_file.endswith("andorra-2023-05-02.osm.pbf")
    assert t.osm_date == "2023-05-02T20:16:04Z"
    assert t.osm_sha256 == osm.file_sha256(ANDORRA)
    assert t.rules == osm.RULES
    assert t.attribution == "© OpenStreetMap contributors, ODbL 1.0"
    snaps = dict(t.snap_m)
    assert set(snaps) == {"depot", *(s.id for s in plan.stops)}
    assert all(0 <= m < 100 for m in snaps.values())
    assert len({r.bus for r in plan.routes}) == 1
    assert all(len(leg.geometry) > 5 for leg in t.legs)
    # The checker verifies every leg against the recorded matrix.
    from busplanner.pipeline import load_inputs

    scenario, territory = load_inputs(ANDORRA_SCENARIO)
    assert check_plan(plan, scenario, territory) == []
    leg = t.legs[0]
    first = next(r for r in plan.routes if r.visits)
    tampered_visit = first.visits[0].__class__(
        **{**first.visits[0].__dict__, "drive_min": first.visits[0].drive_min + 5}
    )
    from dataclasses import replace

    bad = replace(
        plan,
        routes=(replace(first, visits=(tampered_visit, *first.visits[1:])), *plan.routes[1:]),
    )
    found = check_plan(bad, scenario, territory)
    assert any("the recorded osm leg says" in str(v) for v in found), (leg, found)


def test_andorra_map_and_geopackage_follow_the_roads(andorra_plan: Path) -> None:
    import pyogrio

    page = (andorra_plan / "map.html").read_text("utf-8")
    assert "© OpenStreetMap contributors, ODbL 1.0" in page
    routes = pyogrio.read_dataframe(andorra_plan / "plan.gpkg", layer="routes")
    plan = read_plan(andorra_plan / "plan.json")
    for geom in routes.geometry:
        assert len(geom.coords) > 20  # road-following, not depot + 2 stops + depot
    assert len(routes) == len(plan.routes)


def test_andorra_second_run_reads_only_the_cache(
    andorra_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same scenario again: matrix and lines from the cache, the file not read."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    first = run_plan(ANDORRA_SCENARIO)
    monkeypatch.setattr(travel, "_last_graph", None)

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(osm, "load_graph", no_reading)
    again = run_plan(ANDORRA_SCENARIO)
    assert again.plan.to_json() == first.plan.to_json()


def test_andorra_map_in_headless_chromium(andorra_plan: Path, tmp_path: Path) -> None:
    """The offline map draws every route along the roads, with the ODbL credit."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{chromium} is not installed (required under CI)")
        pytest.skip(f"{chromium} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    plan = read_plan(andorra_plan / "plan.json")
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((andorra_plan / "map.html").as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        routes = page.locator("path.busplanner-route")
        assert routes.count() == len(plan.routes)
        for k in range(routes.count()):
            d = routes.nth(k).get_attribute("d") or ""
            # Leaflet draws a polyline as "M x y L x y L …": one L per vertex after the first.
            assert d.count("L") > 20, d[:200]
        assert "ODbL 1.0" in page.locator(".busplanner-attribution").inner_text()
        page.screenshot(path=str(tmp_path / "andorra-map.png"))
        browser.close()
    assert errors == []

"""The maps for people (issue 12 item 4): commune names, communes not served, the first view,
the network notice, the print stylesheet, map-print.html, and compare's maps and footnote.

The pages' HTML is checked here; tests/test_map_browser.py renders them in Chromium.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.compare import compare_html, plan_all, service_weeks
from busplanner.errors import InputError
from busplanner.plan import Depot, Plan, Route, SolverInfo, Stop, TravelInfo, Unserved, Visit
from busplanner.reports.map import NOTICE_ID, build_map, commune_areas, territory_bounds
from busplanner.reports.map_print import build_print_map
from busplanner.territory import Commune, Territory

HOSTILE = "<script>alert(1)</script>"
runner = CliRunner()


def _js(text: str) -> str:
    """``text`` as it stands in the page's scripts (a JSON string, ``<>&`` as escapes)."""
    inner = json.dumps(text, ensure_ascii=True)[1:-1]
    return inner.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _stop(stop_id: str, name: str, lon: float, lat: float, **kw: object) -> Stop:
    base: dict[str, object] = {
        "id": stop_id,
        "name": name,
        "lon": lon,
        "lat": lat,
        "address": "",
        "population": 500,
        "demand_weight": 1.0,
        "visits_per_cycle": 1,
        "visits_planned": 1,
        "windows": {"tuesday": ((540, 720),), "thursday": ((540, 720),)},
    }
    base.update(kw)
    return Stop(**base)  # type: ignore[arg-type]


@pytest.fixture
def plan() -> Plan:
    """Essé (Tuesday) and Amanlis (Thursday) served in week 1; Brie in the plan but not
    served (with the plan's reason)."""
    esse = _stop("35109", "Essé", -1.41, 47.94, weekday="tuesday", every_weeks=1)
    amanlis = _stop("35002", "Amanlis", -1.47, 48.00, weekday="thursday", every_weeks=1)
    brie = _stop("35040", "Brie", -1.53, 47.92, visits_planned=0)
    routes = (
        Route(
            1,
            1,
            "tuesday",
            510,
            780,
            (Visit("35109", 530, 540, 720, "morning", 15, 9.5),),
            (),
            15,
            9.5,
        ),
        Route(
            1,
            1,
            "thursday",
            510,
            780,
            (Visit("35002", 530, 540, 720, "morning", 20, 12.0),),
            (),
            20,
            12.0,
        ),
    )
    return Plan(
        scenario_name="Roche aux Fées",
        scenario_path="scenario.toml",
        cycle_weeks=1,
        days=("tuesday", "thursday"),
        depot=Depot("Retiers", -1.38, 47.91, "Mairie de Retiers"),
        stops=(esse, amanlis, brie),
        routes=routes,
        unserved=(
            Unserved("35040", 1, "no free half-day left", reason_fr="plus de demi-journée libre"),
        ),
        travel=TravelInfo("haversine", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 38.0, 38.0, 0.2, 0),
        session_min=180,
    )


@pytest.fixture
def territory() -> Territory:
    """The plan's three communes, an island, and a commune the scenario leaves out (with a
    hostile name), far to the south-east so that the first view must reach it."""
    return Territory(
        "territory.geojson",
        (
            Commune("35109", "Essé", 1200, -1.41, 47.94, boundary=box(-1.45, 47.91, -1.37, 47.97)),
            Commune(
                "35002", "Amanlis", 1700, -1.47, 48.00, boundary=box(-1.50, 47.97, -1.44, 48.03)
            ),
            Commune("35040", "Brie", 800, -1.53, 47.92, boundary=box(-1.57, 47.89, -1.49, 47.95)),
            Commune(
                "35999",
                "Île-Verte",
                50,
                -1.20,
                47.80,
                boundary=box(-1.22, 47.78, -1.18, 47.82),
                island=True,
            ),
            Commune("35888", HOSTILE, 300, -1.25, 47.75, boundary=box(-1.28, 47.70, -1.22, 47.76)),
        ),
    )


def test_every_commune_is_named_on_the_map_escaped(plan: Plan, territory: Territory) -> None:
    for offline in (False, True):
        page = build_map(plan, territory, "fr", offline=offline)
        labels = re.findall(r"busplanner-commune-label busplanner-commune-label-(\w+)", page)
        assert len(labels) == len(territory.communes)
        assert labels.count("served") == 2
        for commune in territory.communes:
            assert _js(f"<span>{html.escape(commune.name)}</span>") in page
        assert HOSTILE not in page


def test_communes_not_served_are_drawn_with_why(plan: Plan, territory: Territory) -> None:
    areas = {a.code: a for a in commune_areas(plan, territory, "fr")}
    assert [a.code for a in areas.values() if a.served] == ["35109", "35002"]
    assert areas["35040"].reason == "plus de demi-journée libre"  # the plan's reason
    assert "île" in areas["35999"].reason
    assert "[served]" in areas["35888"].reason  # left out by the scenario
    english = {a.code: a for a in commune_areas(plan, territory, "en")}
    assert english["35040"].reason == "no free half-day left"
    assert "island" in english["35999"].reason

    page = build_map(plan, territory, "fr")
    assert page.count("busplanner-commune busplanner-commune-unserved") == 3
    assert page.count('"dashArray": "6 4"') == 3
    assert _js("plus de demi-journée libre") in page  # the popup of Brie's outline
    assert "non desservie (contour tireté)" in page  # the legend
    assert "not served (dashed outline)" in build_map(plan, territory, "en")


def test_first_view_holds_every_commune_and_the_depot(plan: Plan, territory: Territory) -> None:
    page = build_map(plan, territory, "fr")
    found = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", page, re.DOTALL)
    assert found is not None
    (south, west), (north, east) = json.loads(found.group(1))
    for commune in territory.communes:
        w, s, e, n = commune.boundary.bounds
        assert south <= s and west <= w and north >= n and east >= e, commune.insee_code
    assert south <= plan.depot.lat <= north and west <= plan.depot.lon <= east
    # Without the communes not served, the view would stop at the served ones.
    assert (south, west, north, east) == territory_bounds(plan, commune_areas(plan, territory))
    assert south == 47.70  # the southernmost commune, not served


def test_network_notice_only_on_the_online_map(plan: Plan, territory: Territory) -> None:
    online = build_map(plan, territory, "fr")
    assert f"id='{NOTICE_ID}'" in online
    assert '.on("tileerror"' in online
    assert "busplanner plan --offline" in online
    assert "busplanner plan --offline" in build_map(plan, territory, "en")
    assert "Without the internet" in build_map(plan, territory, "en")
    offline = build_map(plan, territory, "fr", offline=True)
    assert NOTICE_ID not in offline
    assert "tile.openstreetmap.org" not in offline


def test_print_stylesheet_hides_the_controls(plan: Plan, territory: Territory) -> None:
    page = build_map(plan, territory, "fr", offline=True)
    media = page[page.rindex("@media print") :]  # ours, after Leaflet's
    hidden = media[: media.index("display: none")]
    for selector in (".leaflet-control-container", ".busplanner-weeks", ".busplanner-notice"):
        assert selector in hidden
    assert "beforeprint" in page  # the whole territory again when printing


def test_print_map_one_page_per_day_of_the_week(plan: Plan, territory: Territory) -> None:
    page = build_print_map(plan, territory, "fr", week=1)
    sections = re.findall(r"<section class='page' data-day='(\w+)'>", page)
    assert sections == ["tuesday", "thursday"]
    assert "Semaine 1 · mardi" in page and "Semaine 1 · jeudi" in page
    # Every commune named on each page, the hostile one as text.
    names = re.findall(r"<text class='commune-name'[^>]*>([^<]*)</text>", page)
    assert len(names) == 2 * len(territory.communes)
    assert html.escape(HOSTILE) in names
    assert HOSTILE not in page
    # The day's stop numbered with its times; nothing loaded, nothing run.
    assert "09:00–12:00" in page and "Départ de Retiers" in page
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "openstreetmap" not in page
    assert page.count("commune commune-unserved") == 2 * 3
    assert page == build_print_map(plan, territory, "fr", week=1)
    assert "Leave Retiers" in build_print_map(plan, territory, "en", week=1)


def test_print_map_refuses_a_week_outside_the_cycle(plan: Plan, territory: Territory) -> None:
    with pytest.raises(InputError, match="--print-map-week"):
        build_print_map(plan, territory, "fr", week=2)


def test_print_map_of_a_week_without_routes_says_so(plan: Plan, territory: Territory) -> None:
    two_weeks = dataclasses.replace(plan, cycle_weeks=2)
    page = build_print_map(two_weeks, territory, "fr", week=2)
    assert "Aucune tournée en semaine 2." in page


@pytest.fixture(scope="module")
def small() -> Path:
    return Path(__file__).parent / "data" / "scenarios" / "small.toml"


def test_plan_print_map_writes_the_page(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["plan", "-s", str(small), "-o", str(out), "-q", "--start", "2027-01-04"]
    res = runner.invoke(app, [*args, "--print-map-week", "2"])
    assert res.exit_code == 0, res.output
    page = (out / "map-print.html").read_text("utf-8")
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    days = {r["day"] for r in plan["routes"] if r["week"] == 2}
    assert page.count("<section class='page'") == len(days)
    assert "Semaine 2" in page
    manifest = json.loads((out / "busplanner-manifest.json").read_text("utf-8"))
    assert "map-print.html" in manifest["files"]
    # report: the same page from the saved plan; a week outside the cycle is refused.
    res = runner.invoke(
        app, ["report", str(out / "plan.json"), "-o", str(tmp_path / "r"), "--print-map"]
    )
    assert res.exit_code == 0, res.output
    assert "Semaine 1" in (tmp_path / "r" / "map-print.html").read_text("utf-8")
    res = runner.invoke(
        app, ["report", str(out / "plan.json"), "-o", str(tmp_path / "r2"), "--print-map-week", "3"]
    )
    assert res.exit_code == 2
    assert "--print-map-week" in res.output and "de 1 à 2" in res.output
    assert "Traceback" not in res.output


def test_compare_refuses_one_file(small: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["compare", str(small), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert "au moins deux fichiers" in res.output and str(small) in res.output
    assert not (tmp_path / "out").exists()
    res = runner.invoke(app, ["compare", str(small), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert res.exit_code == 2 and "two or more files" in res.output


def test_compare_offline_footnote_and_service_weeks(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        f'extends = "{small.as_posix()}"\nname = "other"\n[costs]\nservice_weeks_per_year = 52\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["compare", str(small), str(small), "-o", str(out), "--offline"])
    assert res.exit_code == 0, res.output
    page = (out / "compare.html").read_text("utf-8")
    assert "[costs] service_weeks_per_year semaines" not in page
    assert "une année = 47 semaines de service" in page
    # No Leaflet or tiles from the internet in the maps: Leaflet is inlined in each.
    assert "cdn.jsdelivr.net" not in page and "tile.openstreetmap.org" not in page
    assert page.count("L.map(") >= 2 or page.count("L.map(") == page.count("<iframe")
    columns = plan_all([small, other])
    assert service_weeks(columns, "fr") == "47 (small) ; 52 (other)"
    assert "a year = 47 (small); 52 (other) service weeks" in compare_html(columns, "en")
    online = compare_html(columns, "fr")
    assert "cdn.jsdelivr.net" in online


def test_without_a_territory_the_stops_are_named(plan: Plan) -> None:
    page = build_map(plan, None, "fr")
    assert page.count("busplanner-commune-label busplanner-commune-label-") == len(plan.stops)
    printed = build_print_map(plan, None, "fr")
    names = re.findall(r"<text class='commune-name'[^>]*>([^<]*)</text>", printed)
    assert sorted(names) == sorted([s.name for s in plan.stops] * 2)

"""The map and the timetable page in a real browser: headless Chromium driven by Playwright.

Checks what a static HTML test cannot: the page's scripts run without a console error, the
stop markers, route layers and week/day toggles are really in the DOM, hostile names stay
text. Screenshots go to pytest's tmp folder. There is no network here: the online map's
Leaflet is served from the installed ``xstatic-leaflet`` package in place of the CDN, and
only failed loads of CDN and tile addresses are tolerated; the offline map must load nothing
and log nothing.

Locally these tests skip without ``/usr/bin/chromium``; under CI (``CI=true``) they fail.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.plan import Depot, Plan, Route, SolverInfo, Stop, TravelInfo, Visit
from busplanner.reports.map import NOTICE_ID, build_map
from busplanner.territory import Commune, Territory

HOSTILE = "<script>alert(1)</script>"
# Hosts the online page loads from; with no network, failed loads from these are expected.
REMOTE_HOSTS = (
    "cdn.jsdelivr.net",
    "code.jquery.com",
    "cdnjs.cloudflare.com",
    "netdna.bootstrapcdn.com",
    "tile.openstreetmap.org",
)
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`busplanner plan` on the small scenario, online and --offline."""
    scenario = Path(__file__).parent / "data" / "scenarios" / "small.toml"
    runner = CliRunner()
    folders = {}
    for kind, extra in (("online", []), ("offline", ["--offline", "--print-map"])):
        out = tmp_path_factory.mktemp(kind)
        args = ["plan", "-s", str(scenario), "-o", str(out), "-q", "--start", "2027-01-04"]
        res = runner.invoke(app, [*args, *extra])
        assert res.exit_code == 0, res.output
        folders[kind] = out
    return folders


@dataclasses.dataclass
class Loaded:
    page: Any
    errors: list[str]
    requests: list[str]
    dialogs: list[str]


def _serve_leaflet_locally(route: Any) -> None:
    import xstatic.pkg.leaflet as xstatic_leaflet

    name = route.request.url.removeprefix(LEAFLET_CDN)
    kind = "text/css" if name.endswith(".css") else "application/javascript"
    route.fulfill(path=str(Path(xstatic_leaflet.BASE_DIR) / name), content_type=kind)


def _open(
    browser: Any, path: Path, *, online: bool = False, leaflet: bool = True, query: str = ""
) -> Iterator[Loaded]:
    """Open ``path``; ``online``: Leaflet from the installed package in place of the CDN
    (``leaflet=False``: the CDN fails as without network) and every tile request aborted."""
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    loaded = Loaded(page, [], [], [])

    def on_console(msg: Any) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        remote = urlparse(url).hostname or ""
        tolerated = online and msg.text.startswith("Failed to load resource")
        if tolerated and remote.endswith(REMOTE_HOSTS):
            return
        loaded.errors.append(f"console: {msg.text} ({url})")

    def on_dialog(dialog: Any) -> None:
        loaded.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: loaded.errors.append(f"page error: {exc}"))
    page.on("request", lambda req: loaded.requests.append(req.url))
    page.on("dialog", on_dialog)
    if online:
        if leaflet:
            page.route(f"{LEAFLET_CDN}leaflet.*", _serve_leaflet_locally)
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(path.as_uri() + query, wait_until="load")
    page.wait_for_timeout(300)  # let Leaflet finish drawing after the load event
    try:
        yield loaded
    finally:
        page.close()


@pytest.fixture
def online_map(browser: Any, outputs: dict[str, Path]) -> Iterator[Loaded]:
    yield from _open(browser, outputs["online"] / "map.html", online=True)


@pytest.fixture
def offline_map(browser: Any, outputs: dict[str, Path]) -> Iterator[Loaded]:
    yield from _open(browser, outputs["offline"] / "map.html")


def _plan_json(outputs: dict[str, Path]) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads((outputs["online"] / "plan.json").read_text("utf-8"))
    return data


def _territory_codes() -> set[str]:
    """The communes of the small scenario's territory file."""
    import json

    path = Path(__file__).parents[1] / "data" / "communes_roche_aux_fees.geojson"
    features = json.loads(path.read_text("utf-8"))["features"]
    return {f["properties"]["insee_code"] for f in features}


def _check_map_dom(loaded: Loaded, plan: dict[str, Any], shot: Path) -> None:
    page = loaded.page
    visited = {v["stop_id"] for r in plan["routes"] for v in r["visits"]}
    week1 = [r for r in plan["routes"] if r["week"] == 1]
    week2 = [r for r in plan["routes"] if r["week"] == 2]
    assert page.locator("path.busplanner-stop-served").count() == len(visited)
    assert page.locator(".busplanner-depot").count() == 1
    # One day toggle per route in the layer control, one week toggle per week.
    assert page.locator(".leaflet-control-layers-overlays input").count() == len(plan["routes"])
    weeks = page.locator("input.busplanner-week")
    assert weeks.count() == plan["cycle_weeks"] == 2
    assert page.locator("path.busplanner-route").count() == len(week1)
    assert page.locator("path.busplanner-week-2").count() == 0
    # Commune boundaries are drawn under the routes, stops above them (map panes).
    # Every commune of the territory is drawn: the plan's stops shaded, the others dashed.
    boundaries = page.locator(".leaflet-busplanner-communes-pane path")
    assert boundaries.count() == len(_territory_codes())
    assert page.locator("path.busplanner-commune-served").count() == len(visited)
    unserved = page.locator("path.busplanner-commune-unserved")
    assert unserved.count() == len(_territory_codes()) - len(visited) > 0
    assert unserved.first.get_attribute("stroke-dasharray")
    assert page.locator(".leaflet-busplanner-stops-pane path.busplanner-stop").count() == len(
        plan["stops"]
    )
    assert page.locator(".leaflet-overlay-pane path.busplanner-route").count() == len(week1)
    assert page.locator(".busplanner-legend").is_visible()
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    # The week selector swaps week 1's routes for week 2's.
    weeks.nth(1).check()
    page.wait_for_timeout(100)
    assert page.locator("path.busplanner-week-1").count() == 0
    assert page.locator("path.busplanner-week-2").count() == len(week2)
    checked = [
        box.is_checked() for box in page.locator(".leaflet-control-layers-overlays input").all()
    ]
    assert checked == [r["week"] == 2 for r in sorted(plan["routes"], key=lambda r: r["week"])]
    # A stop's popup holds its schedule.
    page.locator("path.busplanner-stop-served").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Semaine 1" in popup.inner_text()
    assert "Semaine 2" in popup.inner_text()


def test_online_map_runs_and_shows_everything(
    online_map: Loaded, outputs: dict[str, Path], tmp_path: Path
) -> None:
    _check_map_dom(online_map, _plan_json(outputs), tmp_path / "map-online.png")
    assert online_map.errors == []


def test_offline_map_needs_no_network_and_logs_nothing(
    offline_map: Loaded, outputs: dict[str, Path], tmp_path: Path
) -> None:
    _check_map_dom(offline_map, _plan_json(outputs), tmp_path / "map-offline.png")
    assert offline_map.errors == []
    remote = [u for u in offline_map.requests if not u.startswith(("file:", "data:"))]
    assert remote == []


def test_timetable_page_has_no_console_errors(
    browser: Any, outputs: dict[str, Path], tmp_path: Path
) -> None:
    page_file = outputs["offline"] / "timetable.html"
    if not page_file.exists():
        pytest.skip("busplanner plan wrote no timetable.html")
    for loaded in _open(browser, page_file):
        loaded.page.screenshot(path=str(tmp_path / "timetable.png"), full_page=True)
        assert loaded.errors == []
        assert loaded.page.locator("body").inner_text().strip()


@pytest.fixture(scope="module")
def network_outputs(
    tmp_path_factory: pytest.TempPathFactory, two_bases_scenario: Path
) -> dict[str, Path]:
    """`busplanner plan` on the small two-base scenario (conftest.py), online and --offline."""
    runner = CliRunner()
    folders = {}
    for kind, extra in (("online", []), ("offline", ["--offline"])):
        out = tmp_path_factory.mktemp(f"two-bases-{kind}")
        args = ["plan", "-s", str(two_bases_scenario), "-o", str(out), "-q"]
        res = runner.invoke(app, [*args, "--start", "2027-01-04", *extra])
        assert res.exit_code == 0, res.output
        folders[kind] = out
    return folders


def _routes_shown(page: Any, base_id: str, week: int | None = None) -> int:
    week_class = f".busplanner-week-{week}" if week else ""
    return int(page.locator(f"path.busplanner-route.busplanner-base-{base_id}{week_class}").count())


@pytest.mark.parametrize("kind", ["online", "offline"])
def test_two_base_map_shows_both_bases_and_their_routes(
    browser: Any, network_outputs: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    import json

    plan = json.loads((network_outputs[kind] / "plan.json").read_text("utf-8"))
    bases = {b["id"]: b for b in plan["depots"]}
    assert list(bases) == ["depot", "depot-2"]

    def count(base_id: str, week: int) -> int:
        buses = bases[base_id]["buses"]
        return sum(1 for r in plan["routes"] if r["week"] == week and r["bus"] in buses)

    for loaded in _open(browser, network_outputs[kind] / "map.html", online=kind == "online"):
        page = loaded.page
        # Both bases' week-1 routes are drawn, each base has its marker and its checkbox.
        for base_id in bases:
            assert _routes_shown(page, base_id) == count(base_id, 1) > 0
        assert page.locator(".busplanner-depot").count() == 2
        overlays = page.locator(".leaflet-control-layers-overlays input")
        assert overlays.count() == 2
        assert "Base : Janzé" in page.locator(".leaflet-control-layers-overlays").inner_text()
        # The legend names each bus by its base under "Bus (base)"; the whole name in the
        # row's tooltip.
        rows = page.locator(".busplanner-legend-bus")
        assert rows.all_inner_texts() == ["Retiers", "Janzé"]
        assert rows.nth(1).get_attribute("title") == "Bus Janzé (base de Janzé)"
        page.screenshot(path=str(tmp_path / f"map-two-bases-{kind}.png"))
        # Untick Janzé: its routes go, and stay hidden when the week changes.
        overlays.nth(1).uncheck()
        page.wait_for_timeout(100)
        assert _routes_shown(page, "depot-2") == 0
        assert _routes_shown(page, "depot") == count("depot", 1)
        page.locator("input.busplanner-week").nth(1).check()
        page.wait_for_timeout(100)
        assert page.locator("path.busplanner-week-1").count() == 0
        assert _routes_shown(page, "depot", 2) == count("depot", 2)
        assert _routes_shown(page, "depot-2") == 0
        # Tick it again: its week-2 routes come back, not its week-1 ones.
        overlays.nth(1).check()
        page.wait_for_timeout(100)
        assert _routes_shown(page, "depot-2", 2) == count("depot-2", 2) > 0
        assert page.locator("path.busplanner-week-1").count() == 0
        # The base's popup names it, its address and its buses; a stop's names its bus.
        page.locator(".busplanner-depot.busplanner-base-depot").dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert "Base : Retiers" in text and "16 rue Louis Pasteur" in text
        assert "Bus : Retiers" in text
        page.locator("path.busplanner-stop-served").first.dispatch_event("click")
        page.wait_for_timeout(200)
        assert "(base de " in page.locator(".leaflet-popup-content").inner_text()
        assert loaded.errors == []
        if kind == "offline":
            assert [u for u in loaded.requests if not u.startswith(("file:", "data:"))] == []


def _hostile_plan() -> tuple[Plan, Territory]:
    stop = Stop(
        id="35109",
        name=HOSTILE,
        lon=-1.41,
        lat=47.94,
        address="<img src=x onerror=alert(2)>",
        population=500,
        demand_weight=1.0,
        visits_per_cycle=1,
        visits_planned=1,
        windows={"tuesday": ((540, 720),)},
        weekday="tuesday",
        half_day="morning",
        every_weeks=1,
        first_week=1,
    )
    visit = Visit("35109", 530, 540, 720, "morning", 15, 9.5)
    plan = Plan(
        scenario_name="`${alert(3)}`",
        scenario_path="scenario.toml",
        cycle_weeks=1,
        days=("tuesday",),
        depot=Depot("<b onmouseover=alert(4)>Retiers</b>", -1.38, 47.91, "</script>"),
        stops=(stop,),
        routes=(Route(1, 1, "tuesday", 510, 780, (visit,), (), 15, 9.5),),
        unserved=(),
        travel=TravelInfo("haversine", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 19.0, 19.0, 0.1, 0),
        session_min=180,
    )
    boundary = box(-1.45, 47.91, -1.37, 47.97)
    territory = Territory(
        "t.geojson", (Commune("35109", HOSTILE, 500, -1.41, 47.94, boundary=boundary),)
    )
    return plan, territory


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_hostile_commune_name_shows_as_text_and_runs_nothing(
    browser: Any, tmp_path: Path, offline: bool
) -> None:
    plan, territory = _hostile_plan()
    page_file = tmp_path / "map.html"
    page_file.write_text(build_map(plan, territory, "fr", offline=offline), encoding="utf-8")
    for loaded in _open(browser, page_file, online=not offline):
        page = loaded.page
        page.locator("path.busplanner-stop-served").dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert HOSTILE in popup.inner_text()
        assert popup.locator("script, img").count() == 0
        page.locator(".busplanner-depot").dispatch_event("mouseover")
        page.locator(".busplanner-depot").dispatch_event("click")
        page.wait_for_timeout(200)
        assert "Retiers" in page.locator(".leaflet-popup-content").inner_text()
        assert page.locator("b[onmouseover]").count() == 0
        assert page.evaluate("document.querySelectorAll('img[onerror]').length") == 0
        page.screenshot(path=str(tmp_path / "hostile.png"))
        assert loaded.dialogs == []
        assert loaded.errors == []


# --- printing the map, the network notice (issue 12 item 4)


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


@pytest.mark.parametrize("kind", ["online", "offline"])
def test_printed_map_has_every_commune_name_and_no_controls(
    browser: Any, outputs: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    import json

    territory = Path(__file__).parents[1] / "data" / "communes_roche_aux_fees.geojson"
    names = {f["properties"]["name"] for f in json.loads(territory.read_text("utf-8"))["features"]}
    for loaded in _open(browser, outputs[kind] / "map.html", online=kind == "online"):
        page = loaded.page
        # On screen: the controls are there.
        assert page.locator(".leaflet-control-zoom").is_visible()
        assert page.locator(".leaflet-control-layers").is_visible()
        page.emulate_media(media="print")
        page.wait_for_timeout(300)
        for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".busplanner-weeks"):
            assert page.locator(control).is_hidden(), control
        assert page.locator(".busplanner-legend").is_visible()
        labels = page.locator(".busplanner-commune-label span")
        assert labels.count() == len(names)
        shown = {label.inner_text() for label in labels.all() if label.is_visible()}
        assert shown == names
        # The whole territory on the page: every name inside the map.
        frame = page.locator(".folium-map").bounding_box()
        for label in page.locator(".busplanner-commune-label span").all():
            assert _inside(label.bounding_box(), frame), label.inner_text()
        page.screenshot(path=str(tmp_path / f"map-print-{kind}.png"))
        assert page.locator(f"#{NOTICE_ID}").count() == (1 if kind == "online" else 0)
        assert loaded.errors == []


@pytest.mark.parametrize("leaflet", [True, False], ids=["tiles-fail", "leaflet-fails"])
def test_online_map_without_network_says_to_use_offline(
    browser: Any, outputs: dict[str, Path], tmp_path: Path, leaflet: bool
) -> None:
    for loaded in _open(browser, outputs["online"] / "map.html", online=True, leaflet=leaflet):
        page = loaded.page
        notice = page.locator(f"#{NOTICE_ID}")
        notice.wait_for(state="visible", timeout=5000)
        assert "busplanner plan --offline" in notice.inner_text()
        assert "internet" in notice.inner_text()
        page.screenshot(path=str(tmp_path / "notice.png"))
        notice.locator("button").click()  # it can be closed
        assert notice.is_hidden()
        if leaflet:
            assert page.locator(".busplanner-commune-label").count() > 0
            assert loaded.errors == []


def test_offline_map_never_shows_the_notice(offline_map: Loaded) -> None:
    assert offline_map.page.locator(f"#{NOTICE_ID}").count() == 0
    assert offline_map.page.locator(".busplanner-commune-label").count() > 0


def test_map_print_page_prints_one_page_per_day(
    browser: Any, outputs: dict[str, Path], tmp_path: Path
) -> None:
    plan = _plan_json(outputs)
    days = {r["day"] for r in plan["routes"] if r["week"] == 1}
    stops = {s["id"]: s["name"] for s in plan["stops"]}
    for loaded in _open(browser, outputs["offline"] / "map-print.html"):
        page = loaded.page
        assert page.locator("section.page").count() == len(days) == 2
        text = page.locator("body").inner_text()
        for name in stops.values():
            assert name in text
        names = page.locator("svg text.commune-name")
        assert names.count() == 2 * len(_territory_codes())
        assert page.locator(".leaflet-control").count() == 0
        page.screenshot(path=str(tmp_path / "map-print.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
        (tmp_path / "map-print.pdf").write_bytes(pdf)
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == len(days)
        assert loaded.errors == []
        assert [u for u in loaded.requests if not u.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize("kind", ["online", "offline"])
def test_map_url_shows_one_day_of_one_week_ready_to_print(
    browser: Any, outputs: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    plan = _plan_json(outputs)
    for query, week, day, title in (
        ("?week=2&day=thursday", 2, "thursday", "Semaine 2 · jeudi"),
        ("?week=1&day=Mardi", 1, "tuesday", "Semaine 1 · mardi"),
        ("?day=jeudi", None, "thursday", "jeudi"),
    ):
        expected = [
            r for r in plan["routes"] if (week is None or r["week"] == week) and r["day"] == day
        ]
        path = outputs[kind] / "map.html"
        for loaded in _open(browser, path, online=kind == "online", query=query):
            page = loaded.page
            routes = page.locator("path.busplanner-route")
            assert routes.count() == len(expected) > 0, query
            assert page.locator(f"path.busplanner-route.busplanner-day-{day}").count() == len(
                expected
            )
            assert page.locator("#busplanner-view-title").inner_text() == title
            if week is not None:
                assert page.locator(f"input.busplanner-week[value='{week}']").is_checked()
            page.emulate_media(media="print")
            page.wait_for_timeout(300)
            assert page.locator(".leaflet-control-layers").is_hidden()
            assert page.locator("#busplanner-view-title").is_visible()
            frame = page.locator(".folium-map").bounding_box()
            for route in routes.all():
                assert _inside(route.bounding_box(), frame)
            page.screenshot(path=str(tmp_path / f"map-day-{kind}.png"))
            assert loaded.errors == []
    # A day without routes, or no parameter: the map as usual (week 1, no title).
    for loaded in _open(browser, outputs["offline"] / "map.html", query="?day=sunday"):
        week1 = [r for r in plan["routes"] if r["week"] == 1]
        assert loaded.page.locator("path.busplanner-route").count() == len(week1)
        assert loaded.page.locator("#busplanner-view-title").is_hidden()


def test_two_base_map_url_shows_one_day_of_every_base(
    browser: Any, network_outputs: dict[str, Path]
) -> None:
    import json

    plan = json.loads((network_outputs["offline"] / "plan.json").read_text("utf-8"))
    week2 = [r for r in plan["routes"] if r["week"] == 2]
    day = week2[0]["day"]
    expected = [r for r in week2 if r["day"] == day]
    query = f"?week=2&day={day}"
    for loaded in _open(browser, network_outputs["offline"] / "map.html", query=query):
        page = loaded.page
        assert page.locator("path.busplanner-route").count() == len(expected)
        assert page.locator("path.busplanner-route.busplanner-week-2").count() == len(expected)
        assert loaded.errors == []


# --- a network's legend (issue 20 item 9) -----------------------------------------------

# Every drawn route and stop, sampled along its SVG path: the points that fall under the
# legend or the layer list.
_COVERED_JS = """() => {
    const boxes = ['.busplanner-legend', '.leaflet-control-layers']
        .map(s => document.querySelector(s)).filter(e => e).map(e => e.getBoundingClientRect());
    const under = (x, y) => boxes.some(
        b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom);
    const out = [];
    document.querySelectorAll('path.busplanner-route, path.busplanner-stop').forEach(p => {
        const n = p.getTotalLength(), m = p.getScreenCTM();
        for (let i = 0; i <= 100; i++) {
            const q = p.getPointAtLength(n * i / 100);
            const s = new DOMPoint(q.x, q.y).matrixTransform(m);
            if (under(s.x, s.y)) {
                out.push([p.getAttribute('class'), Math.round(s.x), Math.round(s.y)]);
                break;
            }
        }
    });
    return out;
}"""


@pytest.fixture(scope="module")
def national_network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Roche aux Fées from the two units of the national list that serve it (long names:
    "Bus France services Pimms Médiation Rennes - Communauté de communes Roche aux Fées"),
    planned --offline."""
    folder = tmp_path_factory.mktemp("national-network")
    territory = Path(__file__).parents[1] / "data" / "communes_roche_aux_fees.geojson"
    scenario = folder / "network.toml"
    runner = CliRunner()
    args = ["scenario", "new", "--territory", str(territory), "--depots-from-national-list"]
    res = runner.invoke(app, [*args, "-o", str(scenario)])
    assert res.exit_code == 0, res.output
    out = folder / "out"
    args = ["plan", "-s", str(scenario), "-o", str(out), "-q", "--offline"]
    res = runner.invoke(app, [*args, "--start", "2027-05-03"])
    assert res.exit_code == 0, res.output
    return out / "map.html"


@pytest.mark.parametrize("size", [(1400, 1000), (1000, 700), (800, 600)], ids=str)
def test_a_network_legend_is_short_and_covers_no_route(
    browser: Any, national_network: Path, size: tuple[int, int], tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(national_network.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        legend = page.locator(".busplanner-legend")
        text = legend.inner_text()
        assert "Bus Bus" not in text and "(base de" not in text, text
        box = legend.bounding_box()
        assert box is not None and box["width"] <= 0.31 * size[0] + 1, box
        rows = page.locator(".busplanner-legend-bus")
        assert rows.count() == 2
        for k in range(2):
            row = rows.nth(k).bounding_box()
            assert row is not None and row["height"] < 25, row  # one line each
        assert rows.nth(0).get_attribute("title") == (
            "Bus Bus France services Pimms Médiation Rennes - Communauté de communes Roche aux "
            "Fées (base de Bus France services Pimms Médiation Rennes - Communauté de communes "
            "Roche aux Fées)"
        )
        assert page.locator("path.busplanner-route").count() > 0
        assert page.evaluate(_COVERED_JS) == []
        page.screenshot(path=str(tmp_path / f"network-{size[0]}.png"))
    finally:
        page.close()

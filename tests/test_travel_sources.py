"""Travel sources: OSRM and Valhalla on a loopback server, the CSV matrix, the cache, errors."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from busplanner.check import check_plan
from busplanner.cli import app
from busplanner.errors import InputError, TravelError
from busplanner.pipeline import plan_scenario
from busplanner.plan import Plan
from busplanner.scenario import Scenario, load_scenario
from busplanner.territory import load_territory
from busplanner.travel import (
    Place,
    build_matrix,
    cache_path,
    csv_matrix,
    default_cache_dir,
    osrm_matrix,
    valhalla_matrix,
)

DATA = Path(__file__).resolve().parent / "data" / "travel"

PLACES = (
    Place("depot", "Retiers", -1.37963, 47.91136),
    Place("35002", "Amanlis", -1.475983, 48.005139),
    Place("35108", "Essé", -1.422192, 47.959244),
)
# What osrm_3.json, valhalla_3.json and matrix_3.csv say once rounded: seconds up to whole
# minutes (61.2 s -> 2, 59.9 s -> 1, 540.1 s -> 10), metres to km with 3 decimals.
MINUTES = ((0, 2, 10), (1, 0, 10), (11, 9, 0))
KM = ((0.0, 1.234, 9.876), (1.301, 0.0, 8.0), (9.9, 7.999, 0.0))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.command, self.path, self.rfile.read(length)))
        route = self.server.route_answer
        is_route = "/route" in self.path.split("?")[0]
        status, body = route if route is not None and is_route else self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str, bytes]] = []
        self.answer: tuple[int, bytes] = (200, b"{}")
        # The route services' answer (OSRM GET /route/v1/driving/…, Valhalla POST /route).
        self.route_answer: tuple[int, bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def serve(self, file: str, status: int = 200) -> None:
        self.answer = (status, (DATA / file).read_bytes())


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests must not go through a proxy the environment may name."""
    for var in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.upper(), raising=False)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


# --- OSRM and Valhalla: success and cache -----------------------------------------------


def test_osrm_matrix_rounds_seconds_up_and_metres_to_km(server: _Server, tmp_path: Path) -> None:
    server.serve("osrm_3.json")
    m = osrm_matrix(PLACES, url=server.url + "/", cache_dir=tmp_path)
    assert m.duration_min == MINUTES
    assert m.distance_km == KM
    assert (m.model, m.url, m.ids) == ("osrm", server.url, ("depot", "35002", "35108"))
    assert (m.speed_kmh, m.detour_factor) == (None, None)
    [(method, path, _)] = server.requests
    assert method == "GET"
    assert path == (
        "/table/v1/driving/-1.379630,47.911360;-1.475983,48.005139;-1.422192,47.959244"
        "?annotations=duration,distance"
    )


def test_valhalla_matrix_posts_every_place_as_source_and_target(
    server: _Server, tmp_path: Path
) -> None:
    server.serve("valhalla_3.json")
    m = valhalla_matrix(PLACES, url=server.url, cache_dir=tmp_path)
    assert m.duration_min == MINUTES
    assert m.distance_km == KM
    [(method, path, body)] = server.requests
    assert (method, path) == ("POST", "/sources_to_targets")
    sent = json.loads(body)
    assert sent["sources"] == sent["targets"] == [{"lat": p.lat, "lon": p.lon} for p in PLACES]
    assert (sent["costing"], sent["units"]) == ("auto", "kilometers")


@pytest.mark.parametrize(
    ("fetch", "answer"), [(osrm_matrix, "osrm_3.json"), (valhalla_matrix, "valhalla_3.json")]
)
def test_second_call_reads_the_cache_without_a_request(
    server: _Server, tmp_path: Path, fetch: Any, answer: str
) -> None:
    server.serve(answer)
    first = fetch(PLACES, url=server.url, cache_dir=tmp_path)
    second = fetch(PLACES, url=server.url, cache_dir=tmp_path)
    assert first == second
    assert len(server.requests) == 1
    # Other coordinates are another key: the service is asked again.
    moved = (*PLACES[:2], dataclasses.replace(PLACES[2], lat=47.96))
    fetch(moved, url=server.url, cache_dir=tmp_path)
    assert len(server.requests) == 2


def test_a_damaged_cache_file_is_replaced(server: _Server, tmp_path: Path) -> None:
    server.serve("osrm_3.json")
    path = cache_path(tmp_path, source="osrm", url=server.url, places=PLACES)
    path.write_text("{trunc", encoding="utf-8")
    assert osrm_matrix(PLACES, url=server.url, cache_dir=tmp_path).duration_min == MINUTES
    assert len(server.requests) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["code"] == "Ok"


def test_an_unusable_answer_is_not_cached(server: _Server, tmp_path: Path) -> None:
    server.serve("osrm_3_null.json")
    with pytest.raises(TravelError):
        osrm_matrix(PLACES, url=server.url, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_default_cache_dir_honours_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: _Server
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "busplanner"
    server.serve("osrm_3.json")
    osrm_matrix(PLACES, url=server.url)
    [cached] = (tmp_path / "busplanner").iterdir()
    assert cached.name.startswith("osrm-") and cached.suffix == ".json"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, as the XDG spec says
    assert default_cache_dir() == Path.home() / ".cache" / "busplanner"


# --- OSRM and Valhalla: failures --------------------------------------------------------


def test_unreachable_service(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(TravelError) as exc:
        osrm_matrix(PLACES, url=url, timeout_s=2, cache_dir=tmp_path)
    assert str(exc.value) == (
        f"cannot reach the OSRM service at {url}/table/v1/driving: Connection refused; "
        "is it running? (see [travel] url)"
    )
    assert exc.value.exit_code == 4


def test_service_that_does_not_answer_in_time(tmp_path: Path) -> None:
    # A socket that listens but never accepts: the connection opens, no answer ever comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(TravelError) as exc:
            valhalla_matrix(PLACES, url=url, timeout_s=0.2, cache_dir=tmp_path)
    assert str(exc.value) == (
        f"the Valhalla service at {url}/sources_to_targets did not answer within 0.2 s "
        "(see [travel] timeout_s)"
    )


@pytest.mark.parametrize(
    ("fetch", "answer", "status", "endpoint", "said"),
    [
        # OSRM words its errors in "message"
        (
            osrm_matrix,
            "osrm_500.json",
            500,
            "OSRM service at {url}/table/v1/driving",
            "HTTP 500 Internal Server Error: Internal error while loading the road data",
        ),
        (
            osrm_matrix,
            "osrm_400.json",
            400,
            "OSRM service at {url}/table/v1/driving",
            "HTTP 400 Bad Request: Query string malformed close to position 42",
        ),
        # Valhalla words its errors in "error"
        (
            valhalla_matrix,
            "valhalla_400.json",
            400,
            "Valhalla service at {url}/sources_to_targets",
            "HTTP 400 Bad Request: No suitable edges near location",
        ),
        # an HTML error page: its text, on one line
        (
            osrm_matrix,
            "not_json.html",
            502,
            "OSRM service at {url}/table/v1/driving",
            "HTTP 502 Bad Gateway: <html><body><h1>502 Bad Gateway</h1></body></html>",
        ),
    ],
)
def test_http_error_status_with_the_service_message(
    server: _Server,
    tmp_path: Path,
    fetch: Any,
    answer: str,
    status: int,
    endpoint: str,
    said: str,
) -> None:
    server.serve(answer, status)
    with pytest.raises(TravelError) as exc:
        fetch(PLACES, url=server.url, cache_dir=tmp_path)
    assert str(exc.value) == f"the {endpoint.format(url=server.url)} answered {said}"


@pytest.mark.parametrize(
    ("fetch", "answer", "what"),
    [
        # 200 but an HTML page
        (
            osrm_matrix,
            "not_json.html",
            "not JSON (Expecting value: line 1 column 1 (char 0))",
        ),
        (
            valhalla_matrix,
            "not_json.html",
            "not JSON (Expecting value: line 1 column 1 (char 0))",
        ),
        # two rows for three places
        (
            osrm_matrix,
            "osrm_3_wrong_size.json",
            "expected a 3 x 3 'durations' matrix, found 2 rows",
        ),
        # an OSRM answer is not a Valhalla answer
        (valhalla_matrix, "osrm_3.json", "no 'sources_to_targets' matrix"),
    ],
)
def test_malformed_answer(
    server: _Server, tmp_path: Path, fetch: Any, answer: str, what: str
) -> None:
    server.serve(answer)
    with pytest.raises(TravelError) as exc:
        fetch(PLACES, url=server.url, cache_dir=tmp_path)
    assert str(exc.value).endswith(f" sent a malformed answer: {what}")
    assert server.url in str(exc.value)


@pytest.mark.parametrize(
    ("fetch", "answer", "label", "pair"),
    [
        (osrm_matrix, "osrm_3_null.json", "OSRM", "from Amanlis (35002) to Essé (35108)"),
        (
            valhalla_matrix,
            "valhalla_3_null.json",
            "Valhalla",
            "from Essé (35108) to Retiers (depot)",
        ),
    ],
)
def test_unroutable_pair_names_both_places(
    server: _Server, tmp_path: Path, fetch: Any, answer: str, label: str, pair: str
) -> None:
    server.serve(answer)
    with pytest.raises(TravelError) as exc:
        fetch(PLACES, url=server.url, cache_dir=tmp_path)
    endpoint = "/table/v1/driving" if label == "OSRM" else "/sources_to_targets"
    assert str(exc.value) == (
        f"the {label} service at {server.url}{endpoint} found no road route {pair}; "
        "move the stop nearer a road, or leave the commune out of [served]"
    )


# --- The CSV matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("file", ["matrix_3.csv", "matrix_3_semicolon.csv"])
def test_csv_matrix(file: str) -> None:
    m = csv_matrix(PLACES, path=DATA / file)
    assert m.duration_min == ((0, 2, 10), (1, 0, 10), (11, 9, 0))  # 9.5 min -> 10
    assert m.distance_km == KM
    assert (m.model, m.matrix_file) == ("matrix_csv", str(DATA / file))


def test_csv_matrix_collects_every_problem() -> None:
    file = str(DATA / "matrix_3_bad.csv")
    with pytest.raises(InputError) as exc:
        csv_matrix(PLACES, path=DATA / "matrix_3_bad.csv")
    assert [str(p) for p in exc.value.problems] == [
        f"{file}: line 3 (depot → 35108): duration_min = -10: expected a number >= 0",
        f"{file}: line 5 (35002 → 35108): duration_min = 'nine': expected a number of minutes",
        f"{file}: line 7 (35108 → depot): given twice (also line 6)",
        f"{file}: (pairs): no row from Essé (35108) to Amanlis (35002)",
    ]
    assert exc.value.exit_code == 2
    # The same problems in French, as a French run prints them.
    assert [p.render("fr") for p in exc.value.problems] == [
        f"{file} : ligne 3 (depot → 35108) : duration_min = -10 : attendu un nombre ≥ 0",
        f"{file} : ligne 5 (35002 → 35108) : duration_min = 'nine' : attendu un nombre de minutes",
        f"{file} : ligne 7 (35108 → depot) : donnée deux fois (aussi ligne 6)",
        f"{file} : (paires) : aucune ligne de Essé (35108) vers Amanlis (35002)",
    ]


def test_csv_matrix_without_a_place_or_header(tmp_path: Path) -> None:
    three = DATA / "matrix_3.csv"
    other = (*PLACES, Place("35165", "Marcillé-Robert", -1.36, 47.95))
    with pytest.raises(InputError) as exc:
        csv_matrix(other, path=three)
    assert [str(p) for p in exc.value.problems] == [
        f"{three}: (places): no row mentions Marcillé-Robert (35165)"
    ]
    headless = tmp_path / "m.csv"
    headless.write_text("depot,35002,2,1.2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: expected the header from_id,to_id,"):
        csv_matrix(PLACES, path=headless)
    with pytest.raises(InputError, match="no such file"):
        csv_matrix(PLACES, path=tmp_path / "missing.csv")


# --- build_matrix, the plan, the checker, the CLI ---------------------------------------


def _small_osrm(server: _Server, tmp_path: Path) -> Scenario:
    sc = load_scenario(DATA / "small_osrm.toml")
    return sc.with_changes(travel_url=server.url, travel_cache_dir=tmp_path / "cache")


def test_build_matrix_picks_the_source(server: _Server, tmp_path: Path) -> None:
    sc = _small_osrm(server, tmp_path)
    server.serve("osrm_3.json")
    assert build_matrix(sc, PLACES).model == "osrm"
    csv_sc = sc.with_changes(travel_model="matrix_csv", travel_matrix_file=DATA / "matrix_3.csv")
    assert build_matrix(csv_sc, PLACES).duration_min[0] == (0, 2, 10)
    gc = build_matrix(sc.with_changes(travel_model="great_circle"), PLACES)
    assert (gc.model, gc.speed_kmh, gc.ids) == (
        "great_circle",
        sc.speed_kmh,
        ("depot", "35002", "35108"),
    )


def test_osrm_plan_records_its_legs_and_passes_the_checker(server: _Server, tmp_path: Path) -> None:
    server.serve("osrm_small.json")
    sc = _small_osrm(server, tmp_path)
    territory = load_territory(sc.territory_path)
    plan = plan_scenario(sc, territory).plan  # raises if the checker finds a violation
    assert len([r for r in server.requests if "/table/" in r[1]]) == 1
    assert (plan.travel.model, plan.travel.url) == ("osrm", server.url)
    assert plan.travel.speed_kmh is None
    legs = {(g.from_id, g.to_id): g for g in plan.travel.legs}
    answer = json.loads((DATA / "osrm_small.json").read_text(encoding="utf-8"))
    ids = ["depot", "35002", "35028", "35108", "35165"]
    for r in plan.routes:
        prev = "depot"
        for v in r.visits:
            g = legs[(prev, v.stop_id)]
            assert (v.drive_min, v.distance_km) == (g.drive_min, g.distance_km)
            seconds = answer["durations"][ids.index(prev)][ids.index(v.stop_id)]
            assert g.drive_min * 60 - 60 < seconds <= g.drive_min * 60
            prev = v.stop_id
        assert legs[(prev, "depot")].drive_min == r.return_drive_min
    # plan.json keeps what the checker needs.
    data = json.loads(plan.to_json())
    assert set(data["travel"]) == {"model", "url", "legs"}
    again = Plan.from_dict(data)
    assert again.travel == plan.travel
    assert check_plan(again, sc, territory) == []
    # A leg that disagrees with the recorded matrix is caught.
    r0 = again.routes[0]
    v0 = dataclasses.replace(r0.visits[0], drive_min=r0.visits[0].drive_min + 1)
    bad = dataclasses.replace(again, routes=(dataclasses.replace(r0, visits=(v0, *r0.visits[1:])),))
    assert any(
        v.rule == "travel model" and "the recorded osrm leg says" in v.detail
        for v in check_plan(bad, sc, territory)
    )


def test_cli_exit_code_4_when_the_service_is_unreachable(tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    small = DATA.parent / "scenarios" / "small.toml"
    port = _closed_port()
    scenario.write_text(
        f'extends = "{small.as_posix()}"\n[travel]\nmodel = "osrm"\n'
        f'url = "http://127.0.0.1:{port}"\ncache_dir = "cache"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["plan", "-s", str(scenario), "-o", str(tmp_path / "out")])
    assert res.exit_code == 4, res.output
    assert f"cannot reach the OSRM service at http://127.0.0.1:{port}/table/v1/driving" in (
        res.output
    )


def test_invalid_address(tmp_path: Path) -> None:
    with pytest.raises(TravelError) as exc:
        osrm_matrix(PLACES, url="http://127.0.0.1:port", cache_dir=tmp_path)
    assert str(exc.value).startswith(
        "the OSRM service at http://127.0.0.1:port/table/v1/driving is not a valid address: "
    )


def test_decode_polyline_reads_googles_example() -> None:
    from busplanner.travel import decode_polyline

    points = decode_polyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@")
    assert points == [(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)]
    with pytest.raises(ValueError, match="polyline"):
        decode_polyline("_p~iF~ps|U_")


def _bent_line(a: tuple[float, float], b: tuple[float, float]) -> list[list[float]]:
    """A road from a to b with a bend halfway (so it is not the straight line)."""
    mid = ((a[0] + b[0]) / 2 + 0.01, (a[1] + b[1]) / 2 + 0.01)
    return [list(a), list(mid), list(b)]


@pytest.mark.parametrize("model", ["osrm", "valhalla"])
def test_route_services_draw_each_leg_on_the_roads(
    server: _Server, tmp_path: Path, model: str
) -> None:
    """Each leg of the plan carries the route service's line (cached: asked once a leg)."""
    from busplanner.travel import Place, osrm_matrix, valhalla_matrix

    places = [
        Place("depot", "D", -1.38, 47.91),
        Place("a", "A", -1.30, 47.93),
        Place("b", "B", -1.22, 47.85),
    ]
    line = _bent_line((-1.38, 47.91), (-1.30, 47.93))
    if model == "osrm":
        server.serve("osrm_3.json")
        route = {
            "code": "Ok",
            "routes": [{"geometry": {"type": "LineString", "coordinates": line}}],
        }
        matrix = osrm_matrix(places, url=server.url, cache_dir=tmp_path)
    else:
        server.serve("valhalla_3.json")
        shape = _encode6(line)
        route = {"trip": {"legs": [{"shape": shape}]}}
        matrix = valhalla_matrix(places, url=server.url, cache_dir=tmp_path)
    server.route_answer = (200, json.dumps(route).encode("utf-8"))
    from busplanner.travel import leg_geometries

    lines = leg_geometries(matrix, [("depot", "a"), ("a", "depot")])
    assert set(lines) == {("depot", "a"), ("a", "depot")}
    assert len(lines[("depot", "a")]) == 3  # the bend is kept (simplified to ~5 m)
    asked = len([r for r in server.requests if "/route" in r[1]])
    assert asked == 2
    assert leg_geometries(matrix, [("depot", "a")]) == {("depot", "a"): lines[("depot", "a")]}
    assert len([r for r in server.requests if "/route" in r[1]]) == asked  # from the cache
    # A leg the service cannot route is drawn straight: no line, no error.
    server.route_answer = (500, b"{}")
    assert leg_geometries(matrix, [("b", "a")]) == {}


def _encode6(points: list[list[float]]) -> str:
    """Encode ``(lon, lat)`` points as a polyline of precision 6 (Valhalla's ``shape``)."""
    out = []
    last = (0, 0)
    for lon, lat in points:
        now = (round(lat * 1e6), round(lon * 1e6))
        for value in (now[0] - last[0], now[1] - last[1]):
            value = ~(value << 1) if value < 0 else value << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last = now
    return "".join(out)

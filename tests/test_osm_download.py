"""``busplanner travel download`` against a loopback mirror, ``travel calibrate`` and
``scenario new --osm-file`` on the Andorra extract.

The mirror is an ``http.server`` in a thread on 127.0.0.1 serving, in Geofabrik's layout,
a TEST index (two made-up extracts: a large square and a small one around Andorra, both
serving the shipped Andorra file), the file, and its ``.md5``. It honours range requests,
so that a resumed download can be checked.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from busplanner import download
from busplanner.cli import app

pytest.importorskip("osmium")

OSM_DATA = Path(__file__).parent / "data" / "osm"
ANDORRA = OSM_DATA / "andorra-2023-05-02.osm.pbf"
STOPS = OSM_DATA / "andorra_stops.csv"
PBF = "europe/andorra-latest.osm.pbf"


def _square(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


# A TEST index in the layout of Geofabrik's index-v1.json (made-up extracts).
INDEX = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "id": "big-test-region",
                "name": "Big test region",
                "urls": {"pbf": "https://download.geofabrik.de/europe-test-latest.osm.pbf"},
            },
            "geometry": _square(-10, 35, 20, 60),
        },
        {
            "type": "Feature",
            "properties": {
                "id": "andorra",
                "name": "Andorra",
                "urls": {"pbf": f"https://download.geofabrik.de/{PBF}"},
            },
            "geometry": _square(1.40, 42.42, 1.80, 42.66),
        },
        {
            "type": "Feature",
            "properties": {"id": "elsewhere", "name": "Elsewhere", "urls": {"pbf": "x.pbf"}},
            "geometry": _square(100, 10, 101, 11),
        },
    ],
}


class Mirror:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.ranges: list[str] = []
        self.cut_after: int | None = None  # break the connection after this many bytes


@pytest.fixture
def mirror() -> Iterator[tuple[str, Mirror]]:
    state = Mirror()
    body = ANDORRA.read_bytes()
    state.files = {
        "/index-v1.json": json.dumps(INDEX).encode(),
        f"/{PBF}": body,
        f"/{PBF}.md5": f"{hashlib.md5(body).hexdigest()}  andorra-latest.osm.pbf\n".encode(),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = state.files.get(self.path)
            if data is None:
                self.send_error(404)
                return
            start = 0
            ranged = self.headers.get("Range")
            if ranged:
                state.ranges.append(ranged)
                start = int(ranged.removeprefix("bytes=").split("-")[0])
                if start >= len(data):
                    self.send_error(416)
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            chunk = data[start:]
            if state.cut_after is not None and self.path.endswith(".pbf"):
                chunk = chunk[: state.cut_after]
            self.wfile.write(chunk)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def test_smallest_cover_picks_the_smallest_outline() -> None:
    found = download.smallest_cover(INDEX, [(1.52, 42.5), (1.6, 42.55)], "http://m")
    assert found is not None
    assert found.id == "andorra"
    assert found.url == f"http://m/{PBF}"
    found = download.smallest_cover(INDEX, [(1.52, 42.5), (5.0, 45.0)])
    assert found is not None and found.id == "big-test-region"
    assert found.url == "https://download.geofabrik.de/europe-test-latest.osm.pbf"
    assert download.smallest_cover(INDEX, [(150.0, 0.0)]) is None


def test_download_fetches_checks_and_writes(mirror: tuple[str, Mirror], tmp_path: Path) -> None:
    url, _ = mirror
    out = tmp_path / "roads" / "andorra.osm.pbf"
    res = CliRunner().invoke(
        app,
        ["travel", "download", "--territory", str(STOPS), "--mirror", url, "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == ANDORRA.read_bytes()
    assert not (tmp_path / "roads" / "andorra.osm.pbf.part").exists()
    assert "Andorra (andorra)" in res.output
    assert f"MD5 {hashlib.md5(ANDORRA.read_bytes()).hexdigest()} vérifié" in res.output


def test_download_resumes_a_partial_file(mirror: tuple[str, Mirror], tmp_path: Path) -> None:
    url, state = mirror
    out = tmp_path / "andorra.osm.pbf"
    half = len(ANDORRA.read_bytes()) // 2
    # A first try broken off half way leaves the part, and says how to resume.
    state.cut_after = half
    with pytest.raises(Exception, match="run the same command again to resume it"):
        download.fetch(f"{url}/{PBF}", out, timeout_s=5)
    assert (tmp_path / "andorra.osm.pbf.part").stat().st_size == half
    state.cut_after = None
    seen: list[tuple[int, int | None]] = []
    md5 = download.fetch(
        f"{url}/{PBF}", out, timeout_s=5, progress=lambda d, t: seen.append((d, t))
    )
    assert state.ranges == [f"bytes={half}-"]
    assert out.read_bytes() == ANDORRA.read_bytes()
    assert md5 == hashlib.md5(ANDORRA.read_bytes()).hexdigest()
    assert seen[0] == (half, len(ANDORRA.read_bytes()))
    assert seen[-1] == (len(ANDORRA.read_bytes()), len(ANDORRA.read_bytes()))


def test_download_refuses_a_wrong_checksum(mirror: tuple[str, Mirror], tmp_path: Path) -> None:
    url, state = mirror
    state.files[f"/{PBF}.md5"] = b"0123456789abcdef0123456789abcdef  andorra-latest.osm.pbf\n"
    out = tmp_path / "andorra.osm.pbf"
    res = CliRunner().invoke(
        app,
        ["travel", "download", "--territory", str(STOPS), "--mirror", url, "--out", str(out)],
    )
    assert res.exit_code == 4
    assert "MD5" in res.output and "le fichier a été supprimé" in res.output
    assert not out.exists() and not (tmp_path / "andorra.osm.pbf.part").exists()


def test_download_offline_says_so_in_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = CliRunner().invoke(
        app,
        [
            "travel",
            "download",
            "--territory",
            str(STOPS),
            "--mirror",
            f"http://127.0.0.1:{port}",
            "--out",
            str(tmp_path / "x.osm.pbf"),
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 4
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    assert lines[0].startswith(f"Error: cannot reach http://127.0.0.1:{port}/index-v1.json")
    assert "check the network connection" in lines[0]
    assert "Traceback" not in res.output


def test_download_when_no_extract_covers_the_territory(
    mirror: tuple[str, Mirror], tmp_path: Path
) -> None:
    url, _ = mirror
    stops = tmp_path / "far.csv"
    stops.write_text("id,name,lon,lat,demand_weight\nA,Far,150.0,0.0,1\n", encoding="utf-8")
    res = CliRunner().invoke(
        app,
        [
            "travel",
            "download",
            "--territory",
            str(stops),
            "--mirror",
            url,
            "--out",
            "x.pbf",
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 2
    assert f"far.csv: (stops): no extract of {url} covers all 1 stops" in res.output


def test_calibrate_prints_and_writes_the_fit(tmp_path: Path) -> None:
    import tomllib

    out = tmp_path / "calibration.toml"
    res = CliRunner().invoke(
        app,
        [
            "travel",
            "calibrate",
            "--territory",
            str(STOPS),
            "--osm-file",
            str(ANDORRA),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    travel = tomllib.loads(out.read_text("utf-8"))["travel"]
    assert travel["model"] == "great_circle"
    # Andorra's mountain roads wind: well above the default 1.3.
    assert 1.3 < travel["detour_factor"] < 2.0
    assert 30 < travel["speed_kmh"] < 70
    assert f"detour_factor = {travel['detour_factor']:.2f}" in res.output
    assert "ODbL 1.0" in out.read_text("utf-8")


def test_scenario_new_with_an_osm_file_drives_on_its_roads(tmp_path: Path) -> None:
    from busplanner.scenario import load_scenario

    out = tmp_path / "andorra.toml"
    res = CliRunner().invoke(
        app,
        [
            "scenario",
            "new",
            "--territory",
            str(STOPS),
            "--depot",
            "42.506939,1.521247",
            "--osm-file",
            str(ANDORRA),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    scenario = load_scenario(out)
    assert scenario.travel_model == "osm"
    assert scenario.travel_osm_file is not None
    assert scenario.travel_osm_file.resolve() == ANDORRA.resolve()
    assert 1.3 < scenario.detour_factor < 2.0

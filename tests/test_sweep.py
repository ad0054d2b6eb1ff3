"""`busplanner sweep`: a grid of variants on a process pool and on a local Dask cluster."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.scenario import load_scenario
from busplanner.sweep import to_csv, to_html

runner = CliRunner()

GRID = """\
[sweep]
base = "{base}"
time_limit_s = 2

[grid]
"buses.count" = [1, 2]
"session.duration_min" = [120, 180]
"cycle.weeks" = [1, 2, 4]
"""


@pytest.fixture
def grid(tmp_path: Path, scenarios_dir: Path) -> Path:
    path = tmp_path / "grid.toml"
    path.write_text(GRID.format(base=(scenarios_dir / "small.toml").as_posix()), encoding="utf-8")
    return path


def _check_table(out: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((out / "sweep.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 12
    assert [int(r["variant"]) for r in rows] == list(range(1, 13))
    combos = {(r["buses.count"], r["session.duration_min"], r["cycle.weeks"]) for r in rows}
    assert len(combos) == 12
    for r in rows:
        assert r["error"] == "", r
        assert r["status"] in ("optimal", "feasible")
        assert float(r["distance_km_per_cycle"]) > 0
        # Each row can be planned again from its variant file.
        s = load_scenario(Path(r["scenario_file"]))
        assert s.bus_count == int(r["buses.count"])
        assert s.session_min == int(r["session.duration_min"])
        assert s.cycle_weeks == int(r["cycle.weeks"])
    # Longer cycles drive proportionally more with the same rotation.
    by = {(r["buses.count"], r["session.duration_min"], r["cycle.weeks"]): r for r in rows}
    one, four = by[("1", "180", "1")], by[("1", "180", "4")]
    assert float(four["distance_km_per_cycle"]) >= float(one["distance_km_per_cycle"])
    assert "<table>" in (out / "sweep.html").read_text(encoding="utf-8")


def test_sweep_on_a_process_pool(grid: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["sweep", str(grid), "--out", str(out), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "12 variantes, 12 planifiées, 0 en échec" in res.output
    _check_table(out)


def test_sweep_on_a_local_dask_cluster(grid: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        res = runner.invoke(app, ["sweep", str(grid), "--out", str(out), "--scheduler", address])
    assert res.exit_code == 0, res.output
    _check_table(out)


def test_missing_dask_gives_a_clear_message(
    grid: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    res = runner.invoke(
        app, ["sweep", str(grid), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert res.exit_code == 2
    assert "pip install 'busplanner[cluster]'" in res.output


def test_bad_grid_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "grid.toml"
    path.write_text(
        '[sweep]\nbase = "nowhere.toml"\ncolour = 1\n[grid]\n"buses.colour" = [1]\n'
        '"cycle.weeks" = []\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["sweep", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    for needle in ("[sweep] base", "[sweep] colour", '"buses.colour"', '"cycle.weeks"'):
        assert needle in res.output
    assert not (tmp_path / "out" / "sweep.csv").exists()


def test_tables_are_escaped() -> None:
    rows = [{"variant": 1, "status": "<script>alert(1)</script>", "error": "=cmd()"}]
    page = to_html("t", ["variant", "status", "error"], rows)
    assert "<script>" not in page and "&lt;script&gt;" in page
    text = to_csv(["variant", "status", "error"], rows)
    assert "'=cmd()" in text

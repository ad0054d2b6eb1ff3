"""Tests for ``busplanner report``: a saved plan drawn and printed without solving."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.plan import read_plan

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "scenarios" / "small.toml"
SMALL_PLAN = DATA / "plans" / "small.json"


def test_a_saved_plan_is_written_as_plan_writes_it(tmp_path: Path) -> None:
    done = runner.invoke(
        app,
        [
            "report",
            str(SMALL_PLAN),
            "--scenario",
            str(SMALL),
            "--out",
            str(tmp_path),
            "--start",
            "2027-01-04",
            "--lang",
            "en",
        ],
    )
    assert done.exit_code == 0, done.output
    for name in ("map.html", "timetable.html", "timetable.csv", "opendata.csv", "plan.gpkg"):
        assert (tmp_path / name).exists(), name
    # The plan is written back as read (not solved again).
    assert read_plan(tmp_path / "plan.json") == read_plan(SMALL_PLAN)
    posters = list((tmp_path / "posters").glob("*.html"))
    visited = {s["id"] for s in json.loads(SMALL_PLAN.read_text())["stops"] if s["weekday"]}
    assert len(posters) == len(visited)


def test_a_plan_that_cannot_be_read_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    done = runner.invoke(app, ["report", str(broken), "--out", str(tmp_path / "out")])
    assert done.exit_code == 2
    assert "broken.json" in done.output
    assert not (tmp_path / "out").exists()

"""The busplanner command: exit codes, outputs written, clean one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app

runner = CliRunner()


def test_plan_writes_outputs_that_agree(scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(scenarios_dir / "small.toml"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert data["schema"] == "busplanner.plan/1"
    rows = list(csv.DictReader(io.StringIO((out / "timetable.csv").read_text(encoding="utf-8"))))
    visits = [
        (r["week"], r["day"], v["stop_id"], v["start"], v["end"])
        for r in data["routes"]
        for v in r["visits"]
    ]
    assert len(rows) == len(visits)
    assert {(row["stop_id"], row["start"], row["end"]) for row in rows} == {
        (sid, start, end) for _w, _d, sid, start, end in visits
    }
    # The printed schedule shows every visit's times and commune.
    for stop in data["stops"]:
        assert stop["name"] in res.output
    for _w, _d, _sid, start, end in visits:
        assert f"{start}–{end}" in res.output
    assert "Semaine 1" in res.output
    assert "<html" in (out / "map.html").read_text(encoding="utf-8").lower()


def test_schedule_reprints_a_saved_plan_in_english(scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["plan", "-s", str(scenarios_dir / "small.toml"), "-o", str(out), "-q"])
    res = runner.invoke(app, ["schedule", str(out / "plan.json"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Week 1" in res.output and "Tuesday" in res.output


def test_bad_scenario_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'territory = "x.geojson"\n[depot]\nlat = 47.9\nlon = -1.3\n[session]\nduration_min = -30\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(bad), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"Error: {bad}: [session] duration_min = -30: expected a positive whole number of minutes"
    ]
    assert "Traceback" not in res.output
    assert not out.exists()


def test_missing_plan_file_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["schedule", str(tmp_path / "nope.json"), "--lang", "en"])
    assert res.exit_code == 2
    assert res.output.strip() == f"Error: {tmp_path / 'nope.json'}: (file): no such file"


def test_nothing_plannable_exits_3(scenarios_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["plan", "-s", str(scenarios_dir / "no_session_fits.toml"), "-o", str(tmp_path)]
    )
    assert res.exit_code == 3
    assert "aucune séance de 600 minutes ne tient dans une journée de travail" in res.output
    assert list(tmp_path.iterdir()) == []


def test_failed_run_keeps_previous_outputs(scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok = runner.invoke(app, ["plan", "-s", str(scenarios_dir / "small.toml"), "-o", str(out)])
    assert ok.exit_code == 0
    # Files in subfolders too (posters/, calendars/).
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    res = runner.invoke(
        app, ["plan", "-s", str(scenarios_dir / "no_session_fits.toml"), "-o", str(out)]
    )
    assert res.exit_code == 3
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("plan", "--time-limit", "0"),
        ("plan", "--time-limit", "-5"),
        ("plan", "--seed", "-1"),
        ("compare", "--time-limit", "0"),
    ],
)
def test_bad_solver_options_exit_2(
    scenarios_dir: Path, tmp_path: Path, command: str, option: str, value: str
) -> None:
    small = str(scenarios_dir / "small.toml")
    scenarios = [small] if command == "plan" else [small, small]
    args = [command, *(["-s"] if command == "plan" else []), *scenarios, "-o", str(tmp_path)]
    res = runner.invoke(app, [*args, option, value])
    assert res.exit_code == 2, res.output
    assert option in res.output
    assert not (tmp_path / "plan.json").exists()


def test_check_reports_a_clean_default_scenario(root: Path) -> None:
    res = runner.invoke(app, ["check", str(root / "scenarios" / "roche_aux_fees.toml")])
    assert res.exit_code == 0, res.output
    assert "aucun problème" in res.output


def test_every_command_has_help() -> None:
    commands = [
        ["plan"],
        ["schedule"],
        ["check"],
        ["evaluate"],
        ["compare"],
        ["sweep"],
        ["territory", "extract"],
        ["scenario", "new"],
        ["import", "timetable"],
    ]
    for command in commands:
        res = runner.invoke(app, [*command, "--help"])
        assert res.exit_code == 0, command
        assert len(res.output.strip()) > 40, command


def test_version() -> None:
    from busplanner import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.output.strip() == f"busplanner {__version__}"

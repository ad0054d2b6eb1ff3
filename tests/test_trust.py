"""Trust under bad input and accidents: exit codes, nothing lost, determinism, time limits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BAD_SCENARIOS = sorted((DATA / "bad").glob("*.toml"))
BAD_TERRITORIES = sorted(
    p
    for p in (DATA / "territory").glob("*.geojson")
    # latin1.geojson is read as Windows-1252, with a warning (issue 20 item 5).
    if not p.name.startswith(("ok_", "stop_", "lambert93_declared", "latin1"))
)


@pytest.mark.parametrize("path", BAD_SCENARIOS, ids=lambda p: p.name)
def test_every_bad_scenario_exits_2_cleanly_and_writes_nothing(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out)])
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert lines and all(line.startswith(f"Erreur : {path} : ") for line in lines)
    assert "Traceback" not in res.output
    assert not out.exists()


@pytest.mark.parametrize("path", BAD_TERRITORIES, ids=lambda p: p.name)
def test_every_bad_territory_exits_2_cleanly(path: Path) -> None:
    res = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert lines and all(line.startswith(f"Error: {path}") for line in lines)
    assert "Traceback" not in res.output


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD_SCENARIOS) + len(BAD_TERRITORIES) >= 30


def test_swapped_depot_coordinates_are_named(tmp_path: Path) -> None:
    path = DATA / "scenarios" / "far_depot.toml"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert res.output.strip().startswith(f"Erreur : {path} : [depot] lat, lon = -1.37963, 47.91136")
    # French words and French numbers in a French run ("7 238 km", not "the depot lies 7,238").
    assert "le dépôt est à 7\u202f238 km de l'arrêt desservi le plus proche" in res.output
    assert "(latitude et longitude inversées ?)" in res.output
    assert "lies" not in res.output and "7,238" not in res.output
    en = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert "the depot lies 7,238 km from the nearest served stop" in en.output
    assert "(are lat and lon swapped?)" in en.output


def test_nothing_plannable_exits_3_with_the_binding_constraint(tmp_path: Path) -> None:
    path = DATA / "scenarios" / "nothing_plannable.toml"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 3
    assert "aucune visite ne peut être planifiée" in res.output
    assert "Arbrissel : la mairie ouvre mardi 14:00–18:00 ; vendredi 14:00–18:00" in res.output
    en = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out"), "--lang", "en"])
    assert "no visit at all can be planned" in en.output
    assert "Arbrissel: the town hall opens Tuesday 14:00–18:00; Friday 14:00–18:00" in en.output
    assert not (tmp_path / "out").exists()


def test_same_inputs_and_seed_give_byte_identical_plan_json(tmp_path: Path) -> None:
    small = DATA / "scenarios" / "small.toml"
    for name in ("a", "b"):
        res = runner.invoke(app, ["plan", "-s", str(small), "-o", str(tmp_path / name), "-q"])
        assert res.exit_code == 0, res.output
    assert (tmp_path / "a" / "plan.json").read_bytes() == (
        tmp_path / "b" / "plan.json"
    ).read_bytes()


def test_time_limit_is_kept_within_a_second(tmp_path: Path) -> None:
    # A model that runs its whole work limit (20 s) unless the time limit stops it.
    path = DATA / "scenarios" / "long_solve.toml"
    t0 = time.perf_counter()
    res = runner.invoke(
        app, ["plan", "-s", str(path), "-o", str(tmp_path / "out"), "-q", "--time-limit", "2"]
    )
    elapsed = time.perf_counter() - t0
    assert res.exit_code == 0, res.output
    assert elapsed < 2 + 1.0 + 1.5  # limit + 1 s, + start-up and output writing


def test_interrupted_run_keeps_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = DATA / "scenarios" / "small.toml"
    first = runner.invoke(app, ["plan", "-s", str(small), "-o", str(out), "-q"])
    assert first.exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A long solve of another scenario into the same folder, interrupted with Ctrl-C.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "busplanner",
            "plan",
            "-s",
            str(DATA / "scenarios" / "long_solve.toml"),
            "-o",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # Wait until it says the model is built (imports can take seconds on a loaded machine):
    # the search is then running for many more seconds. Press Ctrl-C.
    assert proc.stderr is not None
    lines = [proc.stderr.readline() for _ in range(3)]
    assert lines[-1].startswith("3/6 Construction du modèle".encode()), lines
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

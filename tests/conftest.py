"""Shared fixtures: paths to the shipped data and the small named scenarios."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from busplanner.scenario import Scenario, load_scenario
from busplanner.territory import Territory, load_territory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _french_region() -> Iterator[None]:
    """Each test starts in France: a command that read a UK scenario set the run's region
    (busplanner.region), which would otherwise carry over to the next test."""
    from busplanner.region import set_region

    set_region(None)
    yield
    set_region(None)


DATA = Path(__file__).resolve().parent / "data"
# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def unavailable(reason: str) -> None:
    """Skip a test that needs what is missing here; under CI (``CI=true``) fail instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Playwright), or the test skips (fails under CI) without it."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def scenarios_dir() -> Path:
    return DATA / "scenarios"


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    """The shipped default scenario (Roche aux Fées)."""
    return load_scenario(ROOT / "scenarios" / "roche_aux_fees.toml")


@pytest.fixture(scope="session")
def territory(scenario: Scenario) -> Territory:
    """The shipped territory of the default scenario."""
    return load_territory(scenario.territory_path)


TWO_BASES_TOML = """# Eight communes of Roche aux Fées served from two bases (issue 10):
# Retiers every working day, Janzé on Thursdays only. Solves in about a second.
name = "Roche aux Fées — two bases"
territory = "{territory}"

[served]
communes = ["35002", "35041", "35028", "35108", "35165", "35333", "35005", "35114"]

[buses]
days = ["tuesday", "thursday"]

[cycle]
weeks = 2

[solver]
time_limit_s = 10

[[depots]]
name = "Retiers"
address = "16 rue Louis Pasteur, 35240 Retiers"
lat = 47.91136
lon = -1.37963

[[depots]]
name = "Janzé"
lat = 47.9608
lon = -1.4983
days = ["thursday"]
"""


@pytest.fixture(scope="session")
def two_bases_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small scenario with two bases ([[depots]]), written to a temporary folder."""
    territory = (ROOT / "data" / "communes_roche_aux_fees.geojson").as_posix()
    path = tmp_path_factory.mktemp("two-bases") / "two_bases.toml"
    path.write_text(TWO_BASES_TOML.format(territory=territory), encoding="utf-8")
    return path


ATTENDANCE_TOML = """# The default scenario, its attendance log beside this file (tests).
extends = "{default}"
name = "{name}"
{extra}
"""


@pytest.fixture(scope="session")
def attendance_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the default plan (plan.json, from 2025-01-06), scenarios extending the
    default one (``scenario.toml``; ``attendance.toml`` with ``[demand] source =
    "attendance"``), a SYNTHETIC year of sessions (``synthetic.csv``) and the log
    ``busplanner.db`` holding the plan's calendar but no session yet. Copy it before
    writing to it."""
    from busplanner.attendance import synth
    from busplanner.pipeline import run_plan

    folder = tmp_path_factory.mktemp("attendance")
    default = (ROOT / "scenarios" / "roche_aux_fees.toml").as_posix()
    for file, name, extra in (
        ("scenario.toml", "Roche aux Fées — population", ""),
        ("attendance.toml", "Roche aux Fées — fréquentation", '[demand]\nsource = "attendance"'),
    ):
        (folder / file).write_text(
            ATTENDANCE_TOML.format(default=default, name=name, extra=extra), encoding="utf-8"
        )
    plan = run_plan(ROOT / "scenarios" / "roche_aux_fees.toml").plan
    (folder / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    code = synth.main(
        [
            "--scenario",
            str(folder / "scenario.toml"),
            "--plan",
            str(folder / "plan.json"),
            "--out",
            str(folder / "synthetic.csv"),
        ]
    )
    assert code == 0
    return folder

"""Shared fixtures: paths to the shipped data and the small named scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from busplanner.scenario import Scenario, load_scenario
from busplanner.territory import Territory, load_territory

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


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

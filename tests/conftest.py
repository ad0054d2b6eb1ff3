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

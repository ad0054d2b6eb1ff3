"""Shared fixtures: paths to the shipped data and the small named scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def scenarios_dir() -> Path:
    return DATA / "scenarios"

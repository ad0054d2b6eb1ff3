"""The Makefile's install stamps: `make plan` installs what planning needs, `make test` the
development extra on top, also right after `make plan` (issue 12, item 8)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry(target: str, venv: Path) -> str:
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), f"VENV={venv}", target],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def _stamp(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    later = time.time() + 60  # newer than pyproject.toml whatever the clock
    os.utime(path, (later, later))


def test_plan_installs_the_package_alone(tmp_path: Path) -> None:
    commands = _dry("plan", tmp_path / "venv")
    assert "pip install --quiet -e .\n" in commands
    assert "[dev]" not in commands


def test_test_after_plan_installs_the_dev_extra(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _stamp(venv / ".installed-plan")
    assert "pip install" not in _dry("plan", venv)
    assert 'pip install --quiet -e ".[dev]"' in _dry("test", venv)


def test_plan_after_test_installs_nothing(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _stamp(venv / ".installed-plan")
    _stamp(venv / ".installed-dev")
    assert "pip install" not in _dry("plan", venv)
    assert "pip install" not in _dry("test", venv)

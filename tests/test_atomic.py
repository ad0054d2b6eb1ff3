"""Atomic writes: the old file or the new one whole, never half; usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from busplanner import atomic


def test_write_creates_folder_and_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "plan.json"
    atomic.write_text(target, "é\n")
    assert target.read_text(encoding="utf-8") == "é\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")

    def boom(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]

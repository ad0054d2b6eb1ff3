"""The attendance log: schema, migrations, transactions, duplicates."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from busplanner.attendance import db
from busplanner.attendance.db import LogError, PlannedSession, SessionRecord, open_log


def _record(day: int, stop: str = "35077", visitors: int = 3) -> SessionRecord:
    return SessionRecord(
        date=dt.date(2025, 3, day),
        stop_id=stop,
        stop_name="Chelun",
        bus="1",
        planned_start_min=540,
        planned_end_min=720,
        visitors=visitors,
        subjects={"taxes": 2, "health": 1},
    )


def test_new_log_is_current_wal_and_tagged(tmp_path: Path) -> None:
    with open_log(tmp_path / "busplanner.db") as log:
        assert log.version == db.SCHEMA_VERSION
        assert log.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert log.conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
        assert log.counts()["subjects"] == len(db.SUBJECTS)


def test_sessions_round_trip_with_subjects(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        log.add_sessions([_record(3), _record(4, visitors=0)])
        back = log.sessions()
    assert back[0] == _record(3)
    assert back[1].visitors == 0
    assert back[0].public_minutes == 180


def test_the_same_session_twice_is_refused_and_nothing_added(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        log.add_sessions([_record(3)])
        with pytest.raises(LogError, match="cannot be recorded twice"):
            log.add_sessions([_record(10), _record(3)])
        assert [s.date.day for s in log.sessions()] == [3]
        assert log.counts()["session_subjects"] == 2


def test_a_fault_inside_the_transaction_leaves_the_log_unchanged(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        log.add_sessions([_record(3)])
        before = log.counts()

        def boom(k: int) -> None:
            if k == 2:
                raise RuntimeError("injected fault")

        with pytest.raises(RuntimeError):
            log.add_sessions([_record(4), _record(5), _record(6)], file="x.csv", on_row=boom)
        assert log.counts() == before


def test_planned_calendar_latest_plan_wins(tmp_path: Path) -> None:
    p = PlannedSession(dt.date(2025, 3, 3), "35077", "Chelun", "1", 540, 720)
    with open_log(tmp_path / "a.db") as log:
        assert log.add_planned([p]) == (1, 0)
        assert log.add_planned([p]) == (0, 0)
        moved = PlannedSession(p.date, p.stop_id, p.stop_name, "1", 545, 725)
        assert log.add_planned([moved]) == (0, 1)
        assert log.planned()[(p.date, "35077")].start_min == 545


def test_migration_from_schema_1_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = db.create_log(path, version=1)
    rows = [
        (
            f"2025-0{m}-0{d}",
            f"3507{d}",
            f"Commune {d}",
            "1",
            "09:00",
            "12:00",
            None,
            None,
            "held" if d % 3 else "cancelled",
            "" if d % 3 else "panne",
            d if d % 3 else None,
            'note \' ; "x"',
        )
        for m in range(1, 10)
        for d in range(1, 8)
    ]
    with old.transaction() as c:
        c.executemany(
            "INSERT INTO sessions (date, stop_id, stop_name, bus, planned_start, planned_end, "
            "actual_start, actual_end, status, reason, visitors, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        c.execute(
            "INSERT INTO planned VALUES ('2025-01-01', '35071', 'Commune 1', '1', '09:00', '12:00')"
        )
    assert old.version == 1
    before = old.conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    old.close()

    with open_log(path) as log:
        assert log.version == db.SCHEMA_VERSION
        after = log.conn.execute(
            "SELECT id, date, stop_id, stop_name, bus, planned_start, planned_end, actual_start, "
            "actual_end, status, reason, visitors, note FROM sessions ORDER BY id"
        ).fetchall()
        assert after == before
        assert len(after) == 63
        assert log.counts()["planned"] == 1
        assert len(log.sessions()) == 63
    backup = tmp_path / "old.db.schema-1.bak"
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM sessions").fetchone()[0] == 63


def test_a_newer_log_and_another_database_are_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with open_log(newer) as log:
        log.conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    with pytest.raises(LogError, match="newer busplanner"):
        open_log(newer)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(LogError, match="not a busplanner attendance log"):
        open_log(other)
    text = tmp_path / "text.db"
    text.write_text("hello, not a database at all" * 50)
    with pytest.raises(LogError, match="not an SQLite database"):
        open_log(text)
    with pytest.raises(LogError, match="no such attendance log"):
        open_log(tmp_path / "missing.db", create=False)

"""The attendance log: an SQLite file of the sessions held, their visitors and the plan's
calendar, with a documented schema and versioned migrations (``docs/attendance.md``).

- Every write is one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): a failure, an error or
  a killed process in the middle leaves the file as it was (SQLite's write-ahead log, WAL).
- The schema version is SQLite's ``PRAGMA user_version``; :data:`MIGRATIONS` takes a log of
  any older version to the current one, each step in a transaction, after a backup copy of
  the file. A log written by a newer busplanner is refused, not changed.
- A session is identified by its date and stop (a stop keeps one weekday and half-day and is
  visited at most once a day): the same session twice is refused, not duplicated.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from busplanner.errors import InputError, Problem
from busplanner.i18n import Msg
from busplanner.timeutil import format_hhmm, parse_hhmm

if TYPE_CHECKING:
    from busplanner.scenario import Scenario

APPLICATION_ID = 0x42555350
"""``PRAGMA application_id`` of a busplanner log ("BUSP"): another SQLite file is refused."""

DEFAULT_NAME = "busplanner.db"
"""The log's default file name, beside the scenario."""


def log_path(scenario: Scenario, db: Path | None = None) -> Path:
    """The attendance log of a scenario: ``db`` if given, else ``[attendance] db``, else
    ``busplanner.db`` beside the scenario file."""
    if db is not None:
        return db
    if scenario.attendance.db is not None:
        return scenario.attendance.db
    return Path(scenario.path).parent / DEFAULT_NAME


@dataclass(frozen=True)
class Subject:
    """A family of requests the France services counters count (see :data:`SUBJECTS`)."""

    code: str
    fr: str
    en: str
    column_fr: str
    column_en: str


SUBJECTS: tuple[Subject, ...] = (
    Subject("employment", "emploi", "employment", "emploi", "employment"),
    Subject("retirement", "retraite", "retirement", "retraite", "retirement"),
    Subject("family", "famille", "family", "famille", "family"),
    Subject("health", "santé", "health", "sante", "health"),
    Subject("taxes", "impôts", "taxes", "impots", "taxes"),
    Subject(
        "vehicle_papers", "carte grise, permis", "vehicle papers", "carte_grise", "vehicle_papers"
    ),
    Subject(
        "identity_papers",
        "papiers d'identité",
        "identity papers",
        "papiers_identite",
        "identity_papers",
    ),
    Subject("online_help", "aide au numérique", "online help", "aide_numerique", "online_help"),
    Subject("other", "autre", "other", "autre", "other"),
)
"""The families of requests counted per session: the eight named in busplanner's issue 14
(employment, retirement, family, health, taxes, vehicle papers, identity papers, online
help), which follow the national partners of the France services programme (ANCT: France
Travail; Assurance retraite, MSA, Agirc-Arrco; CAF; Assurance maladie; DGFiP; the ministry
of the Interior's ANTS for vehicle registration, driving licences and identity papers) and
its digital help, as ``[service] help_with`` lists them; and ``other`` for the rest
(housing, energy, access to law…)."""

SUBJECT_CODES = tuple(s.code for s in SUBJECTS)

MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1: the plan's calendar and the sessions held or cancelled, with their visitors",
        (
            f"PRAGMA application_id = {APPLICATION_ID}",
            """CREATE TABLE planned (
                date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                stop_id TEXT NOT NULL,
                stop_name TEXT NOT NULL,
                bus TEXT NOT NULL DEFAULT '',
                start_time TEXT NOT NULL,
                end_time TEXT NOT NULL,
                PRIMARY KEY (date, stop_id)
            )""",
            """CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                stop_id TEXT NOT NULL,
                stop_name TEXT NOT NULL,
                bus TEXT NOT NULL DEFAULT '',
                planned_start TEXT,
                planned_end TEXT,
                actual_start TEXT,
                actual_end TEXT,
                status TEXT NOT NULL CHECK (status IN ('held', 'cancelled')),
                reason TEXT NOT NULL DEFAULT '',
                visitors INTEGER CHECK (visitors IS NULL OR visitors >= 0),
                note TEXT NOT NULL DEFAULT '',
                UNIQUE (date, stop_id),
                CHECK (status = 'held' OR visitors IS NULL OR visitors = 0)
            )""",
        ),
    ),
    (
        "2: visitors per subject, the subjects' list, and the journal of imports",
        (
            """CREATE TABLE subjects (
                code TEXT PRIMARY KEY,
                label_fr TEXT NOT NULL,
                label_en TEXT NOT NULL
            )""",
            *(
                "INSERT INTO subjects (code, label_fr, label_en) VALUES "
                f"('{s.code}', '{s.fr.replace(chr(39), chr(39) * 2)}', '{s.en}')"
                for s in SUBJECTS
            ),
            """CREATE TABLE imports (
                id INTEGER PRIMARY KEY,
                file TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                sessions_added INTEGER NOT NULL,
                rows_skipped INTEGER NOT NULL
            )""",
            "ALTER TABLE sessions ADD COLUMN import_id INTEGER REFERENCES imports (id)",
            """CREATE TABLE session_subjects (
                session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                subject TEXT NOT NULL REFERENCES subjects (code),
                visitors INTEGER NOT NULL CHECK (visitors >= 0),
                PRIMARY KEY (session_id, subject)
            )""",
            "CREATE INDEX sessions_by_stop ON sessions (stop_id, date)",
        ),
    ),
)
"""Each schema version's description and statements, in order: version ``k`` is reached by
running the statements of entry ``k - 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


class LogError(InputError):
    """The attendance log cannot be used: not a busplanner log, too new, unreadable. Exit 2."""


@dataclass(frozen=True)
class PlannedSession:
    """A session of the plan on a real date (the calendar the log checks dates against)."""

    date: dt.date
    stop_id: str
    stop_name: str
    bus: str
    start_min: int
    end_min: int


@dataclass(frozen=True)
class SessionRecord:
    """A session as the log holds it: held (with its visitors) or cancelled (with why).

    Times are minutes after midnight; ``actual_*`` are ``None`` when the session kept its
    planned times. ``subjects`` counts visitors per subject code (:data:`SUBJECTS`): a
    visitor may come for several, so they need not add up to ``visitors``.
    """

    date: dt.date
    stop_id: str
    stop_name: str
    bus: str = ""
    planned_start_min: int | None = None
    planned_end_min: int | None = None
    actual_start_min: int | None = None
    actual_end_min: int | None = None
    held: bool = True
    reason: str = ""
    visitors: int | None = None
    subjects: Mapping[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def start_min(self) -> int | None:
        """When the session opened: its actual start, else its planned start."""
        return (
            self.actual_start_min if self.actual_start_min is not None else self.planned_start_min
        )

    @property
    def end_min(self) -> int | None:
        """When the session closed: its actual end, else its planned end."""
        return self.actual_end_min if self.actual_end_min is not None else self.planned_end_min

    @property
    def public_minutes(self) -> int:
        """Minutes the bus was open to the public (0 when cancelled or times unknown)."""
        if not self.held or self.start_min is None or self.end_min is None:
            return 0
        return max(0, self.end_min - self.start_min)

    def figures(self) -> tuple[object, ...]:
        """What two records of the same session must agree on to be the same."""
        return (
            self.planned_start_min,
            self.planned_end_min,
            self.actual_start_min,
            self.actual_end_min,
            self.held,
            self.reason,
            self.visitors,
            tuple(sorted((k, v) for k, v in self.subjects.items() if v)),
        )


def _hhmm(minutes: int | None) -> str | None:
    return None if minutes is None else format_hhmm(minutes)


def _minutes(text: str | None) -> int | None:
    return None if text is None else parse_hhmm(text)


class AttendanceLog:
    """An open attendance log. Use :func:`open_log`; close it (or use ``with``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def __enter__(self) -> AttendanceLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back)."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole at the end, or rolled back whole."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def version(self) -> int:
        """The schema version of the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and the terminal)."""
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            t: int(self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables
        }

    # The plan's calendar.

    def planned(self) -> dict[tuple[dt.date, str], PlannedSession]:
        """Every planned session the log knows, by (date, stop id)."""
        rows = self.conn.execute(
            "SELECT date, stop_id, stop_name, bus, start_time, end_time FROM planned"
        )
        out = {}
        for d, stop, name, bus, start, end in rows:
            p = PlannedSession(
                dt.date.fromisoformat(d), stop, name, bus, parse_hhmm(start), parse_hhmm(end)
            )
            out[(p.date, p.stop_id)] = p
        return out

    def add_planned(self, sessions: Iterable[PlannedSession]) -> tuple[int, int]:
        """Record the plan's sessions on real dates, in one transaction. A date and stop
        already planned takes the new times (the latest plan wins).

        Returns
        -------
        (added, changed)
        """
        added = changed = 0
        with self.transaction() as c:
            for p in sessions:
                row = (
                    p.date.isoformat(),
                    p.stop_id,
                    p.stop_name,
                    p.bus,
                    format_hhmm(p.start_min),
                    format_hhmm(p.end_min),
                )
                old = c.execute(
                    "SELECT stop_name, bus, start_time, end_time FROM planned "
                    "WHERE date = ? AND stop_id = ?",
                    row[:2],
                ).fetchone()
                if old is None:
                    c.execute("INSERT INTO planned VALUES (?, ?, ?, ?, ?, ?)", row)
                    added += 1
                elif tuple(old) != row[2:]:
                    c.execute(
                        "UPDATE planned SET stop_name = ?, bus = ?, start_time = ?, end_time = ? "
                        "WHERE date = ? AND stop_id = ?",
                        (*row[2:], *row[:2]),
                    )
                    changed += 1
        return added, changed

    # Sessions.

    def sessions(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[SessionRecord]:
        """Every session recorded from ``start`` to ``end`` (both included), by date and stop."""
        where, args = [], []
        if start is not None:
            where.append("date >= ?")
            args.append(start.isoformat())
        if end is not None:
            where.append("date <= ?")
            args.append(end.isoformat())
        sql = (
            "SELECT id, date, stop_id, stop_name, bus, planned_start, planned_end, actual_start, "
            "actual_end, status, reason, visitors, note FROM sessions"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY date, stop_id"
        )
        subjects: dict[int, dict[str, int]] = {}
        for sid, code, n in self.conn.execute(
            "SELECT session_id, subject, visitors FROM session_subjects"
        ):
            subjects.setdefault(sid, {})[code] = int(n)
        out = []
        for row in self.conn.execute(sql, args):
            (sid, d, stop, name, bus, p0, p1, a0, a1, status, reason, visitors, note) = row
            out.append(
                SessionRecord(
                    date=dt.date.fromisoformat(d),
                    stop_id=stop,
                    stop_name=name,
                    bus=bus,
                    planned_start_min=_minutes(p0),
                    planned_end_min=_minutes(p1),
                    actual_start_min=_minutes(a0),
                    actual_end_min=_minutes(a1),
                    held=status == "held",
                    reason=reason,
                    visitors=None if visitors is None else int(visitors),
                    subjects=subjects.get(sid, {}),
                    note=note,
                )
            )
        return out

    def session_index(self) -> dict[tuple[dt.date, str], SessionRecord]:
        """Every recorded session by (date, stop id)."""
        return {(s.date, s.stop_id): s for s in self.sessions()}

    def add_sessions(
        self,
        records: Sequence[SessionRecord],
        *,
        file: str = "",
        sha256: str = "",
        skipped: int = 0,
        now: dt.datetime | None = None,
        on_row: Callable[[int], None] | None = None,
    ) -> int:
        """Add sessions in one transaction: all of them, or none.

        A session already recorded (same date and stop) raises :class:`LogError` and adds
        nothing; check with :meth:`session_index` first. ``file``, when given, is entered
        in the journal of imports with its SHA-256 and ``skipped`` rows. ``on_row`` is
        called with the count written so far after each session, inside the transaction.

        Returns
        -------
        int
            Sessions added.
        """
        stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        with self.transaction() as c:
            import_id = None
            if file:
                cur = c.execute(
                    "INSERT INTO imports (file, sha256, imported_at, sessions_added, rows_skipped)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (file, sha256, stamp, len(records), skipped),
                )
                import_id = cur.lastrowid
            for k, r in enumerate(records, start=1):
                try:
                    cur = c.execute(
                        "INSERT INTO sessions (date, stop_id, stop_name, bus, planned_start, "
                        "planned_end, actual_start, actual_end, status, reason, visitors, note, "
                        "import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            r.date.isoformat(),
                            r.stop_id,
                            r.stop_name,
                            r.bus,
                            _hhmm(r.planned_start_min),
                            _hhmm(r.planned_end_min),
                            _hhmm(r.actual_start_min),
                            _hhmm(r.actual_end_min),
                            "held" if r.held else "cancelled",
                            r.reason,
                            r.visitors,
                            r.note,
                            import_id,
                        ),
                    )
                except sqlite3.IntegrityError as exc:
                    raise LogError(
                        Problem(
                            str(self.path),
                            Msg("attendance.session", date=r.date.isoformat(), stop=r.stop_id),
                            Msg("attendance.twice", why=str(exc)),
                        )
                    ) from None
                sid = cur.lastrowid
                c.executemany(
                    "INSERT INTO session_subjects (session_id, subject, visitors) VALUES (?, ?, ?)",
                    [(sid, code, n) for code, n in sorted(r.subjects.items()) if n],
                )
                if on_row is not None:
                    on_row(k)
        return len(records)

    def imports(self) -> list[tuple[str, str, str, int, int]]:
        """The journal of imports: (file, sha256, imported_at, sessions added, rows skipped)."""
        return [
            tuple(r)
            for r in self.conn.execute(
                "SELECT file, sha256, imported_at, sessions_added, rows_skipped FROM imports "
                "ORDER BY id"
            )
        ]


def _connect(path: Path, *, read_only: bool = False, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10.0)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def read_only_reason(path: Path) -> Msg | None:
    """Why the log at ``path`` (or the folder it would be created in) cannot be written: a
    read-only disk, or a file or folder without write permission; ``None`` when it can."""
    target = path if path.exists() else path.parent
    while not target.exists() and target.parent != target:
        target = target.parent
    try:
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            return Msg("log.read_only_disk")
    except OSError:
        return None
    if not os.access(target, os.W_OK):
        return Msg("log.read_only_file")
    if path.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        return Msg("log.read_only_folder")  # SQLite writes its journal beside the file
    return None


def open_log(
    path: Path, *, create: bool = True, upgrade: bool = True, read_only: bool = False
) -> AttendanceLog:
    """Open the attendance log at ``path`` (created if missing and ``create``), in WAL mode,
    migrated to :data:`SCHEMA_VERSION` (``upgrade``; a backup copy of the file is written
    first, ``<name>.schema-<old>.bak``).

    ``read_only``: to read it (``attendance report``, the demand of a plan): nothing is
    written, so a log on a read-only disk or without write permission is read all the same
    (a log of an older schema is migrated first when it can be written).

    Raises
    ------
    LogError
        No such file (with ``create=False`` or ``read_only``), not a busplanner log, a
        schema newer than this busplanner, a log that cannot be written (a read-only disk or
        file, said so) when it must be, or an unreadable file.
    """
    file = str(path)
    if not path.exists():
        if not create or read_only:
            raise LogError(Problem(file, "(file)", Msg("log.no_such_log")))
        why = read_only_reason(path)
        if why is not None:
            raise LogError(Problem(file, "(file)", Msg("log.cannot_write", why=why)))
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not read_only:
        why = read_only_reason(path)
        if why is not None:
            raise LogError(Problem(file, "(file)", Msg("log.cannot_write", why=why)))
    if read_only:
        log = _open_read_only(path)
        if log.version >= SCHEMA_VERSION or read_only_reason(path) is not None:
            _check_kind(log, file)
            return log
        log.close()  # an older schema, writable: migrated below, as when writing
    try:
        conn = _connect(path)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError:
        raise LogError(Problem(file, "(file)", Msg("attendance.not_sqlite"))) from None
    log = AttendanceLog(path, conn)
    try:
        _check_kind(log, file, version=version, app_id=app_id, tables=tables)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - a file system without WAL
            conn.execute("PRAGMA journal_mode = DELETE")
        if upgrade and version < SCHEMA_VERSION:
            if version > 0:
                backup = path.with_name(f"{path.name}.schema-{version}.bak")
                with sqlite3.connect(backup) as copy:
                    conn.backup(copy)
                copy.close()
            migrate(log, SCHEMA_VERSION)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LogError(Problem(file, "(file)", Msg("log.unusable", why=str(exc)))) from None
    except BaseException:
        conn.close()
        raise
    return log


def _open_read_only(path: Path) -> AttendanceLog:
    """The log opened to read it only; on a read-only disk, where SQLite cannot make the
    write-ahead log's index beside it, as an immutable file (nothing can change it there)."""
    file = str(path)
    for immutable in (False, True):
        conn = None
        try:
            conn = _connect(path, read_only=True, immutable=immutable)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            if conn is not None:
                conn.close()
            continue
        return AttendanceLog(path, conn)
    raise LogError(Problem(file, "(file)", Msg("attendance.not_sqlite")))


def _check_kind(
    log: AttendanceLog,
    file: str,
    *,
    version: int | None = None,
    app_id: int | None = None,
    tables: int | None = None,
) -> None:
    """Refuse an SQLite file that is not a busplanner log, or of a newer schema."""
    conn = log.conn
    try:
        if version is None:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if app_id is None:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if tables is None:
            tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError:
        log.close()
        raise LogError(Problem(file, "(file)", Msg("attendance.not_sqlite"))) from None
    problem = None
    if (version == 0 and tables) or (version and app_id != APPLICATION_ID):
        problem = Problem(file, "(file)", Msg("log.not_a_log", app_id=app_id, version=version))
    elif version > SCHEMA_VERSION:
        problem = Problem(
            file,
            "PRAGMA user_version",
            Msg("log.too_new", version=version, supported=SCHEMA_VERSION),
        )
    if problem is not None:
        log.close()
        raise LogError(problem)


def migrate(log: AttendanceLog, target: int = SCHEMA_VERSION) -> None:
    """Take the log from its version to ``target``, one transaction per version."""
    while log.version < target:
        version = log.version
        _, statements = MIGRATIONS[version]
        with log.transaction() as c:
            for sql in statements:
                c.execute(sql)
            c.execute(f"PRAGMA user_version = {version + 1}")


def create_log(path: Path, version: int = SCHEMA_VERSION) -> AttendanceLog:
    """A new log of an older schema ``version`` (for tests of the migrations)."""
    conn = _connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    log = AttendanceLog(path, conn)
    migrate(log, version)
    return log

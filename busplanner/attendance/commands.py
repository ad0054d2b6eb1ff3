"""What the ``busplanner attendance`` commands do, without the terminal: find the log, write
the template, import a sheet, add one session (``docs/attendance.md``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner.attendance.db import (
    AttendanceLog,
    PlannedSession,
    SessionRecord,
    log_path,
    open_log,
)
from busplanner.attendance.sheet import (
    COLUMNS,
    Checked,
    Context,
    Row,
    Sheet,
    check_rows,
    read_sheet,
    sheet_csv,
    sheet_xlsx,
    template_sessions,
)
from busplanner.errors import InputError, Problem
from busplanner.i18n import Msg
from busplanner.scenario import Scenario


@dataclass(frozen=True)
class Stops:
    """The scenario's served stops and the territory's, by id (names)."""

    served: Mapping[str, str]
    territory: Mapping[str, str]


def scenario_stops(scenario_path: Path) -> tuple[Scenario, Stops]:
    """Read the scenario and its territory; their stops.

    Raises
    ------
    ScenarioError, TerritoryError
        Bad input.
    """
    from busplanner.pipeline import load_inputs
    from busplanner.problem import served_communes

    scenario, territory = load_inputs(scenario_path)
    served = {c.insee_code: c.name for c in served_communes(scenario, territory)}
    everything = {c.insee_code: c.name for c in territory.communes}
    return scenario, Stops(served, everything)


@dataclass(frozen=True)
class TemplateResult:
    """What ``attendance template`` wrote and recorded."""

    out: Path
    sessions: tuple[PlannedSession, ...]
    added: int
    changed: int
    log: Path


def write_template(
    plan_file: Path,
    out: Path,
    *,
    start: dt.date,
    weeks: int,
    log: Path,
    lang: str = "fr",
) -> TemplateResult:
    """Write the sheet of the plan's sessions on real dates to ``out`` (``.xlsx`` or CSV),
    and record them in the log as its calendar (what imported dates are checked against).

    Raises
    ------
    PlanFileError
        The plan cannot be read.
    LogError
        The log cannot be used.
    """
    from busplanner import atomic
    from busplanner.plan import read_plan

    plan = read_plan(plan_file)
    sessions = template_sessions(plan, start, weeks)
    if out.suffix.lower() == ".xlsx":
        data = sheet_xlsx(sessions, lang)
    else:
        data = sheet_csv(sessions, lang)
    with open_log(log) as opened:
        added, changed = opened.add_planned(sessions)
    atomic.write_bytes(out, data)
    return TemplateResult(out, tuple(sessions), added, changed, log)


@dataclass(frozen=True)
class ImportResult:
    """What ``attendance import`` found and did."""

    checked: Checked
    added: int
    log: Path
    imported_before: tuple[str, ...] = ()
    """When the same file (same SHA-256) was imported before: the dates."""
    warnings: tuple[str, ...] = ()
    """What was said of the file itself (read as Windows-1252)."""


def check_sheet(
    sheet: Sheet, stops: Stops, log: AttendanceLog, *, today: dt.date, scenario: str = ""
) -> Checked:
    """Check a sheet's rows against the scenario's stops and the log (nothing written)."""
    ctx = Context(
        stops=stops.served,
        planned=log.planned(),
        existing=log.session_index(),
        today=today,
        territory=stops.territory,
        scenario=scenario,
        log=str(log.path),
    )
    return check_rows(sheet, ctx)


def import_sheet(
    file: Path,
    *,
    scenario_path: Path,
    db: Path | None = None,
    today: dt.date | None = None,
    skip_bad: bool = False,
    on_row: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a sheet into the log: every good row in one transaction, or nothing.

    Raises
    ------
    InputError
        Every problem of every bad row (each naming its line), when a row is bad and not
        ``skip_bad``; or the file, scenario or log cannot be read. Nothing is written.
    """
    scenario, stops = scenario_stops(scenario_path)
    path = log_path(scenario, db)
    sheet = read_sheet(file)
    with open_log(path) as log:
        checked = check_sheet(
            sheet, stops, log, today=today or dt.date.today(), scenario=str(scenario_path)
        )
        if checked.problems and not skip_bad:
            raise InputError(checked.problems)
        before = tuple(at for _, sha, at, _, _ in log.imports() if sha == sheet.sha256)
        added = 0
        if checked.good:
            added = log.add_sessions(
                checked.good,
                file=file.name,
                sha256=sheet.sha256,
                skipped=len(checked.bad_lines),
                on_row=on_row,
            )
    return ImportResult(checked, added, path, before, sheet.warnings)


def add_session(
    cells: Mapping[str, Any],
    labels: Mapping[str, str],
    *,
    scenario_path: Path,
    db: Path | None = None,
    today: dt.date | None = None,
) -> tuple[SessionRecord, Path]:
    """Record one session given as cells by column key (``busplanner attendance add``).

    Raises
    ------
    InputError
        Every problem found (each naming its option), or the session is already recorded.
    """
    scenario, stops = scenario_stops(scenario_path)
    path = log_path(scenario, db)
    sheet = Sheet("busplanner attendance add", (Row(0, dict(cells), dict(labels)),), "")
    with open_log(path) as log:
        checked = check_sheet(
            sheet, stops, log, today=today or dt.date.today(), scenario=str(scenario_path)
        )
        if checked.problems:
            raise InputError(checked.problems)
        if checked.unfilled:
            raise InputError(
                Problem(
                    sheet.file,
                    labels.get("visitors", "--visitors"),
                    Msg("attendance.need_visitors"),
                )
            )
        if not checked.good:
            key = cells.get("date", "")
            raise InputError(
                Problem(
                    sheet.file,
                    labels.get("date", "--date"),
                    Msg("attendance.already_same", date=key, log=str(path)),
                )
            )
        log.add_sessions(checked.good)
    return checked.good[0], path


SUBJECT_KEYS = {c.fr: c.key for c in COLUMNS if c.key.startswith("subject:")} | {
    c.en: c.key for c in COLUMNS if c.key.startswith("subject:")
}
"""Subject column names (French and English) -> column key, for ``add --subject``."""

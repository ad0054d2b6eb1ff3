"""The files a plan is written as: built in memory first, then written, each atomically.

Shared by ``busplanner plan`` (a plan just solved) and ``busplanner report`` (a saved plan:
one written earlier, hand-made, or a published rotation imported as ``current.json``).
Reports never solve; this module only calls them.

The output folder is the run's: every file is first written into a hidden staging folder
inside it, then all are renamed into place at once, the manifest
(:data:`MANIFEST`) lists them, and the files the previous run listed that this one did not
write are removed (never a file busplanner did not list). A run that fails or is
interrupted before that leaves the folder as it was; Ctrl-C during the renames waits for
them to end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from busplanner import atomic
from busplanner.errors import InputError, Problem
from busplanner.i18n import Msg
from busplanner.plan import Plan
from busplanner.region import use_region
from busplanner.reports import build_map, timetable_csv
from busplanner.reports import pdf as pdf_report
from busplanner.reports.exports import geopackage, opendata_csv
from busplanner.scenario import Closure, ServiceInfo
from busplanner.territory import Territory


@dataclass(frozen=True)
class Outputs:
    """A plan's files (name inside the output folder -> content), and the visits that fall
    on a public holiday (left out of the dated files, printed by the CLI)."""

    files: dict[str, str | bytes]
    skipped: tuple


def build_outputs(
    plan: Plan,
    territory: Territory,
    service: ServiceInfo,
    *,
    lang: str,
    first_day: dt.date,
    weeks: int | None,
    offline: bool = False,
    print_map_week: int | None = None,
    chromium: str | None = None,
    closures: Sequence[Closure] = (),
    previous_calendars: Path | None = None,
    stamp: dt.datetime | None = None,
    csv_dialect: str = "standard",
) -> Outputs:
    """Every file of a plan, in memory: an error here leaves the output folder untouched.

    ``closures`` (``[calendar] closed``) are skipped like public holidays in every dated
    file. ``previous_calendars``: the folder of the calendars published before (``plan
    --keep``'s): events that changed get a higher SEQUENCE, and those of the new period that
    no longer take place are written as cancelled. ``stamp``: the calendars' DTSTAMP
    (default: :func:`busplanner.reports.calendar.writing_time`), also the creation time
    of ``timetable.xlsx``. ``csv_dialect``: the form of ``timetable.csv`` and
    ``opendata.csv`` (:data:`busplanner.reports.dialects.CSV_DIALECTS`: ``standard`` or
    ``excel-fr``). ``print_map_week``: also
    ``map-print.html``, the map to print, one page per day of that week
    (:mod:`busplanner.reports.map_print`).

    Raises
    ------
    InputError
        If ``print_map_week`` is not a week of the plan's cycle.
    PdfError
        If ``chromium`` is given and fails to print a page.
    """
    # Every figure, word and holiday follows the plan's country and units.
    with use_region(plan.region):
        return _build_outputs(
            plan,
            territory,
            service,
            lang=lang,
            first_day=first_day,
            weeks=weeks,
            offline=offline,
            print_map_week=print_map_week,
            chromium=chromium,
            closures=closures,
            previous_calendars=previous_calendars,
            stamp=stamp,
            csv_dialect=csv_dialect,
        )


def _build_outputs(
    plan: Plan,
    territory: Territory,
    service: ServiceInfo,
    *,
    lang: str,
    first_day: dt.date,
    weeks: int | None,
    offline: bool,
    print_map_week: int | None,
    chromium: str | None,
    closures: Sequence[Closure],
    previous_calendars: Path | None,
    stamp: dt.datetime | None,
    csv_dialect: str,
) -> Outputs:
    # Imported here: icalendar and holidays would slow down the start of every command.
    from busplanner.reports import public
    from busplanner.reports.calendar import CalendarRun, read_previous, writing_time
    from busplanner.reports.dates import cycle_start, visit_dates
    from busplanner.reports.workbook import timetable_xlsx

    n_weeks = weeks or public.default_weeks(plan.cycle_weeks)
    dated, skipped = visit_dates(plan, first_day, n_weeks, closures=closures)
    period = (first_day, cycle_start(first_day) + dt.timedelta(weeks=n_weeks, days=-1))
    run = (
        read_previous(previous_calendars, period)
        if previous_calendars is not None
        else CalendarRun()
    )
    run = replace(run, stamp=stamp or writing_time())
    files: dict[str, str | bytes] = {
        "plan.json": plan.to_json(),
        "timetable.csv": timetable_csv(plan, lang, csv_dialect),
        "timetable.xlsx": timetable_xlsx(plan, dated, skipped, lang=lang, stamp=run.stamp),
        "map.html": build_map(plan, territory, lang, offline=offline),
        "opendata.csv": opendata_csv(plan, dated, lang, csv_dialect),
    }
    if print_map_week is not None:
        from busplanner.reports.map_print import PRINT_MAP, build_print_map

        files[PRINT_MAP] = build_print_map(plan, territory, lang, week=print_map_week)
    files.update(
        public.public_files(
            plan,
            dated,
            skipped,
            lang=lang,
            service=service,
            scenario_name=plan.scenario_name,
            run=run,
            posters=public.poster_dates(plan, first_day, closures),
        )
    )
    if chromium is not None:
        files.update(pdf_report.html_to_pdf(public.printable_pages(files), chromium=chromium))
    return Outputs(files, tuple(skipped))


MANIFEST = "busplanner-manifest.json"
"""The list of the files the last run wrote into the output folder (``busplanner.manifest/1``:
``{"schema": …, "files": [names relative to the folder]}``)."""
MANIFEST_SCHEMA = "busplanner.manifest/1"
STAGING = ".busplanner-staging-"
"""The prefix of the hidden folder a run writes its files into before renaming them."""
FOLDERS = ("posters", "calendars")
"""The subfolders busplanner writes into."""
FILES = (
    "plan.json",
    "timetable.csv",
    "timetable.xlsx",
    "map.html",
    "map-print.html",
    "map-print.pdf",
    "opendata.csv",
    "timetable.html",
    "timetable.ics",
    "timetable.pdf",
    "plan.gpkg",
    MANIFEST,
)
"""The files busplanner may write at the top of the output folder."""
ALWAYS_WRITTEN = (
    "plan.json",
    "timetable.csv",
    "timetable.xlsx",
    "map.html",
    "opendata.csv",
    "timetable.html",
    "timetable.ics",
    "plan.gpkg",
)
"""The files every ``plan`` and ``report`` writes at the top of the output folder (the
others on request: ``--print-map``, ``--pdf``)."""


MAX_OTHER_ENTRIES = 20
"""A folder with no manifest and more entries than this that busplanner would not write is
not taken as an output folder (``--out ~/Documents`` by mistake)."""


def check_out_folder(out: Path, writes: Sequence[str] = ALWAYS_WRITTEN) -> None:
    """Refuse an output folder busplanner could not write, or should not, before any work is
    done.

    The folder may be missing (it is created, with its parents); it must not be a file, nor
    lie under one, and it (or the nearest folder above it that exists) must be writable;
    nothing busplanner writes may be in the way (a folder named ``plan.json``, a file named
    ``posters``). Nothing of the user's is overwritten: the root of a file system and the
    home folder are refused, and so is a folder busplanner did not write (no manifest) that
    holds more than :data:`MAX_OTHER_ENTRIES` other entries, or a file the run writes
    (``writes``: ``plan.json``…, relative to the folder) that its manifest does not list.

    Raises
    ------
    InputError
        One problem naming the path and what was expected (exit code 2).
    """

    def bad(key: str, **params: object) -> InputError:
        return InputError(Problem(str(out), "--out", Msg(key, **params)))

    if out.exists() and not out.is_dir():
        raise bad("outputs.a_file")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise bad("outputs.under_a_file", file=str(existing))
    if not _writable(existing):
        if existing == out:
            raise bad("outputs.not_writable")
        raise bad("outputs.parent_not_writable", folder=str(existing))
    if existing != out:
        return
    resolved = out.resolve()
    if resolved == Path(resolved.anchor):
        raise bad("outputs.root")
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known
        if resolved == Path.home().resolve():
            raise bad("outputs.home")
    for name in FILES:
        if (out / name).is_dir():
            raise bad("outputs.folder_in_the_way", path=str(out / name))
    for name in FOLDERS:
        if (out / name).exists() and not (out / name).is_dir():
            raise bad("outputs.file_in_the_way", path=str(out / name))
        if (out / name).is_dir() and not _writable(out / name):
            raise bad("outputs.subfolder_not_writable", path=str(out / name))
    has_manifest = (out / MANIFEST).is_file()
    listed = set(read_manifest(out))
    for name in writes:
        if (out / name).is_file() and name not in listed:
            raise bad("outputs.not_ours", path=str(out / name), manifest=MANIFEST)
    if not has_manifest:
        others = [
            p.name
            for p in out.iterdir()
            if not p.name.startswith(".") and p.name not in FILES and p.name not in FOLDERS
        ]
        if len(others) > MAX_OTHER_ENTRIES:
            raise bad("outputs.crowded", n=len(others))


def _writable(folder: Path) -> bool:
    """Whether a file can be made in ``folder`` (tried: permissions alone do not tell on a
    read-only mount, nor for root)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".busplanner-probe-")
    except OSError:
        return False
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    return True


@dataclass(frozen=True)
class Written:
    """What a run left in the output folder."""

    names: tuple[str, ...]
    """The files written, relative to the folder."""
    removed: tuple[str, ...]
    """Files the previous run wrote and this one did not, removed."""
    others: dict[str, int]
    """Subfolder -> files in it that busplanner did not write (left alone)."""
    interrupted: bool = False
    """Ctrl-C came while the files were renamed into place: the writing went to its end
    (every file listed is the new one) and the run then stops with exit code 130."""


def read_manifest(out: Path) -> list[str]:
    """The files the previous run listed in ``out``'s manifest (none when there is none, or
    it cannot be read: then nothing is removed)."""
    try:
        data: Any = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA:
        return []
    files = data.get("files")
    if not isinstance(files, list):
        return []
    return [f for f in files if isinstance(f, str) and _safe_name(f)]


def _safe_name(name: str) -> bool:
    """A relative path inside the folder (no ``..``, not absolute, not the manifest)."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not PurePosixPath(name).is_absolute()
        and ".." not in parts
        and "\\" not in name
        and name != MANIFEST
    )


@contextlib.contextmanager
def _no_interrupt(caught: list[int]) -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, noting it in ``caught``: the renames
    finish, and the caller says so (no file is left half-renamed, and none is claimed
    unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def write_outputs(
    out: Path, outputs: Outputs, plan: Plan, territory: Territory, lang: str
) -> Written:
    """Write every file into a staging folder, rename them all into place, write the
    manifest, then remove the files of the previous run this one did not write.

    Raises
    ------
    InputError
        The folder cannot be written (checked again: it may have changed since).
    OSError
        Writing failed (disk full…); the folder is then as it was.
    """
    names = (*outputs.files, "plan.gpkg")
    check_out_folder(out, writes=names)
    out.mkdir(parents=True, exist_ok=True)
    for left in out.glob(f"{STAGING}*"):  # a run killed outright (SIGKILL) left it
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(dir=out, prefix=STAGING))
    try:
        for name, data in outputs.files.items():
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        # GDAL writes the GeoPackage to a path (through a temporary file, then a rename).
        geopackage(plan, territory, stage / "plan.gpkg", lang=lang)
        previous = read_manifest(out)
        manifest = {"schema": MANIFEST_SCHEMA, "files": sorted(names)}
        caught: list[int] = []
        with _no_interrupt(caught):
            for name in names:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / name, out / name)
            atomic.write_text(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
            removed = _remove_stale(out, previous, set(names))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    others: dict[str, int] = {}
    for folder in {n.split("/", 1)[0] for n in names if "/" in n}:
        ours = {n for n in names if n.startswith(f"{folder}/")}
        there = {
            p.relative_to(out).as_posix()
            for p in (out / folder).rglob("*")
            if p.is_file() and not p.name.startswith(".")
        }
        if there - ours:
            others[folder] = len(there - ours)
    return Written(tuple(names), removed, others, interrupted=bool(caught))


def _remove_stale(out: Path, previous: list[str], now: set[str]) -> tuple[str, ...]:
    """Remove the files the previous run listed and this one did not write; then the
    folders they leave empty."""
    root = out.resolve()
    removed = []
    for name in sorted(set(previous) - now):
        path = out / name
        try:
            if not path.resolve().is_relative_to(root) or path.is_symlink():
                continue
            if path.is_file():
                path.unlink()
                removed.append(name)
        except OSError:
            continue
        parent = path.parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return tuple(removed)

"""Bases of a network of buses: the depots file, and the bases the national list gives.

A **depots file** is a CSV with one row per base (format in ``docs/scenario.md``, "A depots
file"): ``name``, ``address``, ``lat``, ``lon``, ``buses``, and optionally ``days``,
``open_start``, ``open_end``, ``shift_start``, ``shift_end`` and ``note``.
``busplanner scenario new --depots FILE`` turns it into one ``[[depots]]`` table per base;
``busplanner depots suggest`` writes one.

:func:`units_for_territory` picks the units of the national list of France services
(:mod:`busplanner.national_list`) that are based in or near a territory, and
:func:`depot_from_unit` turns one into a base with its days and hours.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner.errors import InputError, Problem, read_input_text
from busplanner.geo import great_circle_km
from busplanner.i18n import LANGS, Msg, Pair, localize, t
from busplanner.national_list import LIST_DATE, NationalList, Unit
from busplanner.territory import Territory
from busplanner.timeutil import WEEKDAYS, WEEKDAYS_FR, format_hhmm, parse_hhmm, weekday_name

REQUIRED_COLUMNS = ("name", "address", "lat", "lon", "buses")
OPTIONAL_COLUMNS = ("days", "open_start", "open_end", "shift_start", "shift_end", "note")
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
"""The columns of a depots file, in the order busplanner writes them."""
MAX_BUSES = 50
"""As ``[[depots]] buses`` in a scenario."""
SHIFT_MARGIN_MIN = 30
"""ASSUMPTION: the crew's shift starts 30 minutes before the base opens to the public and
ends 30 minutes after it closes, when only the open hours are known."""
NATIONAL_LIST_KM = 20.0
"""ASSUMPTION: a unit of the national list serves a territory when its base lies within
this distance (straight line) of one of the territory's stops (and in one of its
départements)."""
_DAY_SPLIT = re.compile(r"[\s,;|/]+")


class DepotsError(InputError):
    """A depots file is wrong. Exit code 2; every problem names the file and the field."""


@dataclass(frozen=True)
class DepotRow:
    """One base: where its buses start and end each day, how many, and when they work.

    ``days`` and the four times (minutes after midnight) are ``None`` when not given: the
    scenario's ``[buses]`` values then apply. ``note`` is free text, copied into the
    scenario as a comment (it may hold several lines).
    """

    name: str
    address: str
    lat: float
    lon: float
    buses: int = 1
    days: tuple[str, ...] | None = None
    open_start_min: int | None = None
    open_end_min: int | None = None
    shift_start_min: int | None = None
    shift_end_min: int | None = None
    note: str = ""


def read_depots_csv(
    path: Path, *, candidates: bool = False, warnings: list[str] | None = None
) -> tuple[DepotRow, ...]:
    """Read a depots file (CSV, ``,`` or ``;`` separated, a header row).

    With ``candidates`` (a file of candidate bases for ``depots suggest``), the ``buses``
    column may be left out (1 bus each). A file that is not UTF-8 is read as Windows-1252
    and said so in ``warnings`` (without it, refused: :func:`busplanner.errors.decode_input`).

    Raises
    ------
    DepotsError
        With every problem found, each naming the file, the row and line, and the column:
        a missing file or column, an unknown column (with a suggestion), a value of the
        wrong form or out of range, open hours outside the shift, a name used twice.
    """
    file = str(path)
    text = read_input_text(path, DepotsError, warnings=warnings)
    if not text.strip():
        raise DepotsError(Problem(file, "(file)", Msg("depots.empty")))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [c.strip().lower() for c in next(reader)]
    problems = _check_header(file, header, candidates=candidates)
    if problems:
        raise DepotsError(problems)
    rows, n = _read_rows(reader, header, delimiter, file, problems)
    if n == 0 and not problems:
        problems.append(Problem(file, "(file)", Msg("depots.no_base")))
    if problems:
        raise DepotsError(problems)
    return tuple(rows)


def _check_header(file: str, header: list[str], *, candidates: bool) -> list[Problem]:
    """The header's problems: a required column missing (``buses`` may be, in a file of
    candidates), an unknown column (with the nearest known one), a column twice."""
    problems: list[Problem] = []
    required = [c for c in REQUIRED_COLUMNS if not (candidates and c == "buses")]
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            Problem(
                file,
                Msg("sheet.header", line=1),
                Msg(
                    "depots.columns",
                    n=len(missing),
                    missing=", ".join(missing),
                    required=", ".join(required),
                    optional=", ".join(OPTIONAL_COLUMNS),
                ),
            )
        )
    for c in header:
        if c not in COLUMNS:
            hint = difflib.get_close_matches(c, COLUMNS, n=1)
            tip = Msg("depots.did_you_mean", hint=repr(hint[0])) if hint else ""
            problems.append(
                Problem(
                    file,
                    Msg("depots.header_column", column=c),
                    Msg("depots.unknown_column", tip=tip),
                )
            )
    for c in sorted({c for c in header if header.count(c) > 1}):
        problems.append(
            Problem(
                file, Msg("timetable.header_line"), Msg("timetable.column_twice", column=repr(c))
            )
        )
    return problems


def _read_rows(
    reader: Any, header: list[str], delimiter: str, file: str, problems: list[Problem]
) -> tuple[list[DepotRow], int]:
    """The bases of the rows (a name used twice is a problem), and how many rows hold
    anything; ``problems`` gets every problem met."""
    rows: list[DepotRow] = []
    names: dict[str, Msg] = {}
    n = 0
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            n += 1
            where = Msg("depots.row", n=n, line=start)
            row = _read_row(cells, header, where, delimiter, file, problems)
            if row is None:
                continue
            if row.name in names:
                problems.append(
                    Problem(
                        file,
                        Msg("depots.field", where=where, column="name", label=""),
                        Msg("depots.name_taken", name=repr(row.name), other=names[row.name]),
                    )
                )
                continue
            names[row.name] = where
            rows.append(row)
    except csv.Error as exc:
        problems.append(
            Problem(
                file,
                Msg("timetable.line", line=reader.line_num),
                Msg("sheet.bad_csv", why=str(exc)),
            )
        )
    return rows, n


def _read_row(
    cells: list[str],
    header: list[str],
    where: Msg,
    delimiter: str,
    file: str,
    problems: list[Problem],
) -> DepotRow | None:
    raw = {c: cells[i].strip() for i, c in enumerate(header) if i < len(cells)}
    before = len(problems)

    def bad(key: str, message: str) -> None:
        label = f" ({raw['name']})" if raw.get("name") else ""
        problems.append(
            Problem(file, Msg("depots.field", where=where, column=key, label=label), message)
        )

    if len(cells) > len(header):
        bad("(row)", Msg("depots.cells", n=len(cells), m=len(header)))
    name = raw.get("name", "")
    if not name:
        bad("name", Msg("depots.no_name"))
    numbers: dict[str, float] = {}
    for key, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        cell = raw.get(key, "")
        text = cell.replace(",", ".") if delimiter == ";" else cell
        try:
            value = float(text)
        except ValueError:
            bad(key, Msg("depots.degrees", low=low, high=high, found=repr(cell)))
            continue
        if not (math.isfinite(value) and low <= value <= high):
            bad(key, Msg("depots.out_of_range", cell=repr(cell), low=low, high=high))
            continue
        numbers[key] = value
    buses = 1
    cell = raw.get("buses", "1")
    if not cell.isdigit() or not 1 <= int(cell) <= MAX_BUSES:
        bad("buses", Msg("depots.buses", max=MAX_BUSES, found=repr(cell)))
    else:
        buses = int(cell)
    days = _read_days(raw["days"], bad) if raw.get("days") else None
    o0, o1, s0, s1 = _read_hours(raw, bad)
    if len(problems) > before or "lat" not in numbers or "lon" not in numbers:
        return None
    return DepotRow(
        name=name,
        address=raw.get("address", ""),
        lat=numbers["lat"],
        lon=numbers["lon"],
        buses=buses,
        days=days,
        open_start_min=o0,
        open_end_min=o1,
        shift_start_min=s0,
        shift_end_min=s1,
        note=raw.get("note", ""),
    )


def _read_days(cell: str, bad: Callable[[str, str], None]) -> tuple[str, ...]:
    """The weekdays of a ``days`` cell, in week order (each read once)."""
    found: list[str] = []
    for part in _DAY_SPLIT.split(cell):
        if not part:
            continue
        try:
            day = weekday_name(part)
        except ValueError:
            bad("days", Msg("depots.not_weekday", part=repr(part)))
            continue
        if day in found:
            bad("days", Msg("depots.day_twice", day=day))
        found.append(day)
    return tuple(d for d in WEEKDAYS if d in found)


def _read_hours(
    raw: Mapping[str, str], bad: Callable[[str, str], None]
) -> tuple[int | None, int | None, int | None, int | None]:
    """Open hours and shift (minutes, ``None`` when not given): each pair both given or
    neither, each in order, the open hours inside the shift."""
    clock: dict[str, int | None] = {}
    for key in ("open_start", "open_end", "shift_start", "shift_end"):
        cell = raw.get(key, "")
        clock[key] = None
        if cell:
            try:
                clock[key] = parse_hhmm(cell)
            except ValueError:
                bad(key, Msg("depots.hhmm", found=repr(cell)))
    for a, b in (("open_start", "open_end"), ("shift_start", "shift_end")):
        ta, tb = clock[a], clock[b]
        if (raw.get(a, "") == "") != (raw.get(b, "") == ""):
            bad(f"{a}/{b}", Msg("depots.both_or_neither"))
        elif ta is not None and tb is not None and tb <= ta:
            bad(b, Msg("depots.after", end=format_hhmm(tb), a=a, start=format_hhmm(ta)))
    o0, o1, s0, s1 = (clock[k] for k in ("open_start", "open_end", "shift_start", "shift_end"))
    if None not in (o0, o1, s0, s1):
        assert o0 is not None and o1 is not None and s0 is not None and s1 is not None
        if o0 < s0 or o1 > s1:
            bad(
                "open_start/open_end",
                Msg(
                    "depots.open_in_shift",
                    open=f"{format_hhmm(o0)}–{format_hhmm(o1)}",
                    shift=f"{format_hhmm(s0)}–{format_hhmm(s1)}",
                ),
            )
    return o0, o1, s0, s1


def depots_csv(rows: Sequence[DepotRow]) -> str:
    """A depots file's text (the columns of :data:`COLUMNS`; empty cells for values not
    given; a note's line breaks become `` | ``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        times = (r.open_start_min, r.open_end_min, r.shift_start_min, r.shift_end_min)
        writer.writerow(
            [
                r.name,
                r.address,
                f"{r.lat:.6f}",
                f"{r.lon:.6f}",
                r.buses,
                " ".join(r.days) if r.days else "",
                *("" if t is None else format_hhmm(t) for t in times),
                " | ".join(r.note.splitlines()),
            ]
        )
    return out.getvalue()


def shift_around(open_start_min: int, open_end_min: int) -> tuple[int, int]:
    """The shift :data:`SHIFT_MARGIN_MIN` around the open hours (an ASSUMPTION), kept
    within the day."""
    return max(0, open_start_min - SHIFT_MARGIN_MIN), min(24 * 60, open_end_min + SHIFT_MARGIN_MIN)


# --------------------------------------------------------------------------------------
# The national list


@dataclass(frozen=True)
class ChosenUnit:
    """A unit of the national list near a territory, and why.

    Attributes
    ----------
    unit
        The unit.
    distance_km
        From its base to the nearest stop of the territory (straight line).
    nearest
        That stop, as ``Name (code)``.
    reason
        Why it is taken, or why not, in words.
    """

    unit: Unit
    distance_km: float
    nearest: str
    reason: str


@dataclass(frozen=True)
class UnitChoice:
    """Which units of the national list a territory takes.

    Attributes
    ----------
    taken
        The units taken, in the list's order.
    near
        Units within the distance but of another département: not taken, listed so that
        the user may add them.
    departements
        The territory's départements, from its INSEE codes.
    max_km
        The distance of the rule.
    """

    taken: tuple[ChosenUnit, ...]
    near: tuple[ChosenUnit, ...]
    departements: tuple[str, ...]
    max_km: float


def departement_of(code: str) -> str | None:
    """The département of an INSEE commune code (``"29019"`` -> ``"29"``, ``"97105"`` ->
    ``"971"``, ``"2A004"`` -> ``"2A"``), or ``None`` if it is not one."""
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        return None
    return code[:3] if code.startswith("97") else code[:2]


def units_for_territory(
    national: NationalList, territory: Territory, *, max_km: float = NATIONAL_LIST_KM
) -> UnitChoice:
    """The units of the national list that serve a territory.

    The rule: a unit is taken when its base's commune (``insee_com``) is a commune of the
    territory, or when it is a unit of one of the territory's départements (``insee_dep``)
    whose base lies within ``max_km`` (straight line) of one of the territory's stops. A
    unit of another département within ``max_km`` is not taken, but listed in ``near``.
    When no stop has an INSEE code (a territory of stops without ``commune``), every unit
    within ``max_km`` is taken.
    """
    codes = {c.insee_code for c in territory.communes}
    depts = sorted(
        {
            d
            for c in territory.communes
            for d in (departement_of(c.insee_code), departement_of(c.commune_code))
            if d is not None
        }
    )
    taken: list[ChosenUnit] = []
    near: list[ChosenUnit] = []
    for unit in national.units:
        km, stop = min(
            (great_circle_km(unit.lon, unit.lat, c.stop_lon, c.stop_lat), c)
            for c in territory.communes
        )
        nearest = f"{stop.name} ({stop.insee_code})"
        base = f"{unit.commune} ({unit.insee_com})"
        reason: str
        if unit.insee_com in codes:
            taken.append(ChosenUnit(unit, km, nearest, Msg("depots.in_territory", base=base)))
        elif km <= max_km and (not depts or unit.departement in depts):
            reason = Msg("depots.within", base=base, km=km, nearest=nearest, max_km=max_km)
            taken.append(ChosenUnit(unit, km, nearest, reason))
        elif km <= max_km:
            reason = Msg(
                "depots.other_departement",
                base=base,
                km=km,
                nearest=nearest,
                dept=unit.departement,
                depts=", ".join(depts),
            )
            near.append(ChosenUnit(unit, km, nearest, reason))
    return UnitChoice(tuple(taken), tuple(near), tuple(depts), max_km)


def depot_from_unit(chosen: ChosenUnit, *, name: str | None = None, lang: str = "fr") -> DepotRow:
    """A base from a unit of the national list, with a note (in ``lang``) saying where each
    value comes from.

    Days: the days the list gives hours for. Open hours: the first opening and the last
    closing of those days (the lunch gap and the days' differences are not modelled per
    base). Shift: the open hours ± :data:`SHIFT_MARGIN_MIN` (an ASSUMPTION). One bus per
    unit (an ASSUMPTION: the list does not say how many vehicles a unit runs). A unit
    without readable hours keeps the scenario's ``[buses]`` days and hours.
    """
    u = chosen.unit
    span = u.open_span
    days = u.days if u.hours else None
    lines = [
        Msg("depots.note_listed", id_fs=u.id_fs, date=LIST_DATE, name=u.name),
        Msg("depots.note_taken", reason=chosen.reason),
    ]
    if u.raw_hours:
        listed = "; ".join(f"{WEEKDAYS_FR[d]} {cell}" for d, cell in u.raw_hours)
        lines.append(Msg("depots.note_hours", listed=listed))
    contact = ", ".join(p for p in (u.email, u.phone) if p)
    policy = {True: "depots.yes", False: "depots.no", None: "depots.not_given"}[u.appointment]
    lines.append(
        Msg(
            "depots.note_contact",
            contact=contact or Msg("depots.not_given"),
            policy=Msg(policy),
        )
    )
    if span is not None:
        hours = f"{format_hhmm(span[0])}–{format_hhmm(span[1])}"
        lines.append(Msg("depots.note_days", hours=hours))
        lines.append(Msg("depots.note_shift", margin=SHIFT_MARGIN_MIN))
    else:
        lines.append(Msg("depots.note_no_hours"))
    if u.unreadable_days:
        lines.append(Msg("depots.note_unreadable_days", days=", ".join(u.unreadable_days)))
    lines.append(Msg("depots.note_one_bus"))
    shift = shift_around(*span) if span is not None else (None, None)
    return DepotRow(
        name=name or u.name,
        address=u.address,
        lat=u.lat,
        lon=u.lon,
        buses=1,
        days=days,
        open_start_min=None if span is None else span[0],
        open_end_min=None if span is None else span[1],
        shift_start_min=shift[0],
        shift_end_min=shift[1],
        note="\n".join(localize(line, lang) for line in lines),
    )


def depots_from_units(choice: UnitChoice, lang: str = "fr") -> tuple[DepotRow, ...]:
    """One base per unit taken, each named after the unit (``lib_fs``; its ``id_fs`` is
    added when two units have the same name); notes in ``lang``."""
    names = [c.unit.name for c in choice.taken]
    return tuple(
        depot_from_unit(
            c,
            name=c.unit.name
            if names.count(c.unit.name) == 1
            else f"{c.unit.name} (id_fs {c.unit.id_fs})",
            lang=lang,
        )
        for c in choice.taken
    )


@dataclass(frozen=True)
class NationalBases:
    """The bases a territory takes from the national list, and what to say about them.

    Attributes
    ----------
    rows
        One base per unit taken.
    header
        Lines saying where the bases come from and by which rule (for the scenario).
    report
        One line per unit taken or near but not taken, and per issue the list has on a
        unit taken (for the terminal).
    choice
        The units, with their reasons.
    """

    rows: tuple[DepotRow, ...]
    header: tuple[str, ...]
    report: tuple[str, ...]
    choice: UnitChoice


def national_list_bases(
    territory: Territory, list_path: Path, *, max_km: float = NATIONAL_LIST_KM, lang: str = "fr"
) -> NationalBases:
    """The bases of the national list's units that serve ``territory``
    (:func:`units_for_territory`), as depots rows with their days and hours (their notes in
    ``lang``; ``header`` is rendered by the reader).

    Raises
    ------
    InputError
        If the list cannot be read, or no unit serves the territory (exit 2).
    """
    from busplanner.national_list import LIST_FILE, read_national_list

    listed = read_national_list(list_path)
    choice = units_for_territory(listed, territory, max_km=max_km)
    read_as = list(listed.warnings)  # the list's encoding, when not UTF-8
    depts = ", ".join(choice.departements) or Msg("depots.none_known")
    if not choice.taken:
        msg = Msg(
            "depots.no_unit",
            depts=", ".join(choice.departements) or Msg("depots.none_known"),
            max_km=max_km,
        )
        raise InputError(Problem(str(list_path), "(units)", msg))
    rows = depots_from_units(choice, lang)
    ids = ", ".join(c.unit.id_fs for c in choice.taken)
    header = [
        Msg(
            "depots.header",
            n=len(choice.taken),
            date=LIST_DATE,
            file=LIST_FILE,
            ids=ids,
            depts=depts,
            max_km=max_km,
        ),
        *(
            Msg("depots.header_not_taken", id_fs=c.unit.id_fs, name=c.unit.name, reason=c.reason)
            for c in choice.near
        ),
    ]
    report: list[str] = read_as
    for c, r in zip(choice.taken, rows, strict=True):
        if r.open_start_min is not None and r.open_end_min is not None:
            days = {lang: ", ".join(t(f"day.{d}", lang) for d in r.days or ()) for lang in LANGS}
            hours = Msg(
                "depots.days_hours",
                days=Pair(days["en"], days["fr"]),
                start=format_hhmm(r.open_start_min),
                end=format_hhmm(r.open_end_min),
            )
        else:
            hours = Msg("depots.no_hours")
        report.append(
            Msg(
                "depots.unit",
                id_fs=c.unit.id_fs,
                name=c.unit.name,
                address=c.unit.address,
                hours=hours,
                reason=c.reason,
            )
        )
    report += [
        Msg("depots.not_taken", id_fs=c.unit.id_fs, name=c.unit.name, reason=c.reason)
        for c in choice.near
    ]
    taken = {c.unit.id_fs for c in choice.taken}
    report += [
        Msg("depots.list_issue", issue=i.as_msg()) for i in listed.issues if i.id_fs in taken
    ]
    return NationalBases(rows, tuple(header), tuple(report), choice)

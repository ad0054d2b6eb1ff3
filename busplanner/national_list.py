"""Read the national list of mobile France services units (ANCT / Banque des Territoires).

The list of 1 August 2024 ships as ``data/france_services_mobile_units_20240801.csv``
(Licence Ouverte / Etalab 2.0; columns in ``data/README.md``): 163 buses and itinerant
services, each with its base (address, INSEE code, coordinates), its weekly hours
(``h_lundi`` … ``h_samedi``, e.g. ``09:30 - 12:30 / 13:30 - 15:30``), contact, appointment
policy and a free comment.

:func:`read_national_list` returns every unit as an immutable :class:`Unit`, and one
:class:`ListIssue` for each cell it could not read as it stands (hours it could not parse,
intervals it merged or dropped, a unit with no hours at all…): nothing is dropped silently.
A unit is left out only when its base has no usable coordinates, and that is an issue too.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from busplanner.errors import InputError, Problem, read_input_text
from busplanner.i18n import Msg
from busplanner.timeutil import WEEKDAYS, format_hhmm

LIST_FILE = "france_services_mobile_units_20240801.csv"
LIST_DATE = "2024-08-01"
"""The date of the shipped list (``LIST_FILE``)."""
LIST_SOURCE = (
    "national list of France services (ANCT / Banque des Territoires), mobile units, "
    f"list of {LIST_DATE}, Licence Ouverte / Etalab 2.0"
)
DEFAULT_LIST = Path(__file__).resolve().parent.parent / "data" / LIST_FILE
"""The list shipped in the repository's ``data/`` folder (a source checkout or an editable
install; elsewhere, give the file's path)."""

HOURS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("h_lundi", "monday"),
    ("h_mardi", "tuesday"),
    ("h_mercredi", "wednesday"),
    ("h_jeudi", "thursday"),
    ("h_vendredi", "friday"),
    ("h_samedi", "saturday"),
)
"""The list's hours columns and the weekday each gives (the list has no Sunday column)."""
COLUMNS = (
    "id_fs",
    "insee_dep",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    *(c for c, _ in HOURS_COLUMNS),
    "prise_rdv",
    "commentaire",
)
"""The columns busplanner reads (the file has a few more: ``type_fs``, ``format_fs``,
``groupe_fs``, ``labellisation_fs``; ``format_fs`` is kept when present)."""

Interval = tuple[int, int]
"""``(start_min, end_min)``, minutes after midnight, start < end."""

_TIME = r"(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)"
_INTERVAL = re.compile(rf"^{_TIME}\s*(?:-|–|—|à|a)\s*{_TIME}$")
_SEPARATORS = re.compile(r"\s*(?:/|;|,|\bet\b)\s*")


@dataclass(frozen=True)
class ListIssue:
    """Something in the list read otherwise than written, or not read at all.

    Attributes
    ----------
    id_fs
        The unit's id (``""`` when the row has none).
    field
        The column, e.g. ``h_mardi``.
    line
        The line of the file (the header is line 1).
    message
        What was found and what busplanner did with it.
    """

    id_fs: str
    field: str
    line: int
    message: str

    def __str__(self) -> str:
        return str(self.as_msg())

    def as_msg(self) -> Msg:
        """The issue as a message of the catalogue (English as text, French on request)."""
        return Msg(
            "national_list.issue",
            line=self.line,
            id_fs=self.id_fs or "?",
            field=self.field,
            message=self.message,
        )


@dataclass(frozen=True)
class Unit:
    """One mobile France services unit of the national list.

    Attributes
    ----------
    id_fs
        The list's id of the unit, e.g. ``"580"``.
    name
        ``lib_fs``, e.g. ``"Bus France services Pimms Médiation Rennes - …"``.
    street, postcode, commune
        The base's address (``adresse`` and ``complement_adresse``, ``code_postal``,
        ``lib_com``).
    insee_com, departement
        INSEE code of the base's commune, and its département (``insee_dep``).
    lat, lon
        The base, WGS84 degrees.
    hours
        ``(weekday, intervals)`` for each day whose hours were read, in weekday order;
        intervals in minutes after midnight, sorted, not overlapping.
    unreadable_days
        Days whose cell holds text that could not be read as hours (each is a
        :class:`ListIssue` too): the unit works that day, at hours unknown.
    raw_hours
        ``(weekday, cell)`` for every non-empty hours cell, as written in the list.
    email, phone
        Contact (``mail``, ``telephone``), as written.
    appointment
        ``prise_rdv``: ``True`` for ``Oui`` (the unit takes appointments), ``False`` for
        ``Non``, ``None`` when empty or unreadable. The list does not say whether an
        appointment is required or only possible.
    comment
        ``commentaire``, free text (often the tour: which commune on which day).
    kind
        ``format_fs``: ``Bus_équivalent`` or ``Itinérante`` (``""`` if the column is absent).
    line
        The unit's line in the file.
    """

    id_fs: str
    name: str
    street: str
    postcode: str
    commune: str
    insee_com: str
    departement: str
    lat: float
    lon: float
    hours: tuple[tuple[str, tuple[Interval, ...]], ...]
    unreadable_days: tuple[str, ...]
    raw_hours: tuple[tuple[str, str], ...]
    email: str
    phone: str
    appointment: bool | None
    comment: str
    kind: str = ""
    line: int = 0

    @property
    def address(self) -> str:
        """``street, postcode commune``, e.g. ``16 rue Louis Pasteur, 35240 Retiers``."""
        town = " ".join(p for p in (self.postcode, self.commune) if p)
        return ", ".join(p for p in (self.street, town) if p)

    @property
    def days(self) -> tuple[str, ...]:
        """Days the unit works: every day with hours, readable or not, in weekday order."""
        worked = {d for d, _ in self.raw_hours}
        return tuple(d for d in WEEKDAYS if d in worked)

    def hours_on(self, day: str) -> tuple[Interval, ...]:
        """The intervals read for ``day`` (empty when closed or unreadable)."""
        return next((iv for d, iv in self.hours if d == day), ())

    @property
    def open_span(self) -> Interval | None:
        """The first opening and the last closing over the days whose hours were read,
        or ``None`` when no day was read."""
        intervals = [iv for _, ivs in self.hours for iv in ivs]
        if not intervals:
            return None
        return min(a for a, _ in intervals), max(b for _, b in intervals)

    @property
    def weekly_minutes(self) -> int:
        """Public minutes a week over the days whose hours were read."""
        return sum(b - a for _, ivs in self.hours for a, b in ivs)

    def hours_text(self) -> str:
        """The read hours, one day after the other: ``monday 09:00–12:00; tuesday …``."""
        parts = []
        for day, ivs in self.hours:
            spans = ", ".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in ivs)
            parts.append(f"{day} {spans}")
        parts += [f"{day} unreadable" for day in self.unreadable_days]
        return "; ".join(parts) if parts else "no hours given"


@dataclass(frozen=True)
class NationalList:
    """The units read from the list, and every issue met.

    Attributes
    ----------
    path
        The file read.
    units
        Every unit with usable coordinates, in file order.
    issues
        One per cell read otherwise than written, or unit left out.
    rows
        Data rows in the file.
    """

    path: str
    units: tuple[Unit, ...]
    issues: tuple[ListIssue, ...]
    rows: int
    warnings: tuple[str, ...] = ()
    """What was said of the file itself (read as Windows-1252)."""

    def by_id(self) -> dict[str, Unit]:
        """Units by ``id_fs``."""
        return {u.id_fs: u for u in self.units}


def parse_hours(cell: str) -> tuple[tuple[Interval, ...], list[str]]:
    """Read one hours cell, e.g. ``"09:30 - 12:30 / 13:30 - 15:30"``.

    Intervals are separated by ``/`` (also ``;``, ``,`` or ``et``); an interval is two
    times (``09:30``, ``9h30``, ``9h``, ``9.30``) joined by ``-``, ``–`` or ``à``. Returns
    the intervals, sorted and merged, and what was repaired: an interval that does not end
    after it starts (``00:00 - 00:00``) is dropped, overlapping or repeated intervals are
    merged.

    Raises
    ------
    ValueError
        If a part of the cell is not an interval of two clock times.
    """
    text = cell.strip()
    if not text:
        return (), []
    found: list[Interval] = []
    repairs: list[str] = []
    for part in _SEPARATORS.split(text):
        if not part:
            continue
        m = _INTERVAL.match(part.strip())
        if m is None:
            raise ValueError(Msg("national_list.not_interval", part=repr(part.strip())))
        h1, m1, h2, m2 = m.groups()
        start, end = int(h1) * 60 + int(m1 or 0), int(h2) * 60 + int(m2 or 0)
        if int(m1 or 0) > 59 or int(m2 or 0) > 59 or start > 24 * 60 or end > 24 * 60:
            raise ValueError(Msg("national_list.not_clock", part=repr(part.strip())))
        if end <= start:
            repairs.append(Msg("national_list.dropped", part=repr(part.strip())))
            continue
        found.append((start, end))
    merged: list[list[int]] = []
    overlap = False
    for a, b in sorted(found):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
            overlap = True
            continue
        merged.append([a, b])
    if overlap:
        repairs.append(Msg("national_list.merged"))
    return tuple((a, b) for a, b in merged), repairs


def read_national_list(path: Path = DEFAULT_LIST) -> NationalList:
    """Read the list of mobile France services units.

    Parameters
    ----------
    path
        The CSV file (default: the list of 1 August 2024 shipped in ``data/``).

    Returns
    -------
    NationalList
        Every unit with usable coordinates, and every issue met (see the module).

    Raises
    ------
    InputError
        If the file is missing or unreadable, or a column busplanner reads is missing
        (one problem naming the file and the columns).
    """
    file = str(path)
    read_as: list[str] = []
    text = read_input_text(path, warnings=read_as)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        msg = Msg(
            "national_list.missing_columns",
            n=len(missing),
            missing=", ".join(missing),
            list=LIST_FILE,
        )
        raise InputError(Problem(file, "(header)", msg))
    units: list[Unit] = []
    issues: list[ListIssue] = []
    seen: set[str] = set()
    rows = 0
    for row in reader:
        rows += 1
        line = reader.line_num
        id_fs = (row.get("id_fs") or "").strip()
        if id_fs and id_fs in seen:
            issues.append(ListIssue(id_fs, "id_fs", line, Msg("national_list.id_twice")))
            continue
        unit = _read_unit(row, line, issues)
        if unit is None:
            continue
        seen.add(unit.id_fs)
        units.append(unit)
    return NationalList(file, tuple(units), tuple(issues), rows, tuple(read_as))


def _read_unit(row: dict[str, str], line: int, issues: list[ListIssue]) -> Unit | None:
    def cell(key: str) -> str:
        return (row.get(key) or "").strip()

    id_fs = cell("id_fs")

    def issue(field: str, message: str) -> None:
        issues.append(ListIssue(id_fs, field, line, message))

    if not id_fs:
        issue("id_fs", Msg("national_list.id_empty"))
        return None
    coords: list[float] = []
    for key, low, high in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
        try:
            value = float(cell(key).replace(",", "."))
        except ValueError:
            issue(key, Msg("national_list.not_number", cell=repr(cell(key))))
            return None
        if not (math.isfinite(value) and low <= value <= high):
            issue(key, Msg("national_list.out_of_range", value=str(value)))
            return None
        coords.append(value)
    hours: list[tuple[str, tuple[Interval, ...]]] = []
    unreadable: list[str] = []
    raw: list[tuple[str, str]] = []
    for column, day in HOURS_COLUMNS:
        text = cell(column)
        if not text:
            continue
        raw.append((day, text))
        try:
            intervals, repairs = parse_hours(text)
        except ValueError as exc:
            why = exc.args[0] if exc.args else str(exc)
            issue(column, Msg("national_list.unreadable_hours", text=repr(text), why=why))
            unreadable.append(day)
            continue
        for repair in repairs:
            issue(column, Msg("national_list.repair", text=repr(text), repair=repair))
        if intervals:
            hours.append((day, intervals))
        else:
            issue(column, Msg("national_list.no_interval", text=repr(text)))
            unreadable.append(day)
    if not raw:
        issue("h_lundi…h_samedi", Msg("national_list.no_hours"))
    rdv = cell("prise_rdv")
    appointment = {"oui": True, "non": False}.get(rdv.lower())
    if rdv and appointment is None:
        issue("prise_rdv", Msg("national_list.rdv", value=repr(rdv)))
    street = ", ".join(p for p in (cell("adresse"), cell("complement_adresse")) if p)
    return Unit(
        id_fs=id_fs,
        name=cell("lib_fs"),
        street=street,
        postcode=cell("code_postal"),
        commune=cell("lib_com"),
        insee_com=cell("insee_com"),
        departement=cell("insee_dep"),
        lat=coords[0],
        lon=coords[1],
        hours=tuple(hours),
        unreadable_days=tuple(unreadable),
        raw_hours=tuple(raw),
        email=cell("mail"),
        phone=cell("telephone"),
        appointment=appointment,
        comment=cell("commentaire"),
        kind=cell("format_fs"),
        line=line,
    )

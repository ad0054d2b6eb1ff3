"""Read the timetable file: the CSV and its header (known columns spelt canonically), the
rows of the chosen mobile, and the error when none is usable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner.errors import InputError, Problem, decode_input
from busplanner.i18n import Msg, Pair
from busplanner.importer.report import Report

REQUIRED_COLUMNS = (
    "Mobile",
    "Route",
    "Community",
    "Stop",
    "Longitude",
    "Latitude",
    "Day",
    "Frequency",
    "Start",
    "End",
)
"""Columns a timetable must have (any order, any case)."""


OPTIONAL_COLUMNS = ("Address", "Date", "Timetable")
"""Columns read when present: ``Address`` detects swapped Stop/Community columns, ``Date``
gives each row's week of the cycle."""


@dataclass
class Row:
    """One row of the timetable while it is being read (internal, mutable)."""

    line: int
    cells: dict[str, str]
    route: str = ""
    community: str = ""
    stop: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    date: dt.date | None = None
    day: str | None = None
    frequency: int | None = None
    start: int | None = None
    end: int | None = None
    reversed_times: bool = False
    week: int | None = None
    skipped: bool = False
    place: int = -1

    @property
    def point(self) -> tuple[float, float]:
        assert self.lon is not None and self.lat is not None
        return self.lon, self.lat

    @property
    def label(self) -> str:
        return place_name(self.community, self.stop)


def norm(text: str) -> str:
    """Lower-case ASCII words, for comparing names: "St. John's Close" -> "st john s close"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def place_name(community: str, stop: str) -> str:
    if not stop or norm(stop) == norm(community):
        return community
    if not community:
        return stop
    return f"{community} — {stop}"


@dataclass(frozen=True)
class MobileRows:
    """The rows of the file (``all_rows``, every mobile's) and those of the mobile chosen."""

    mobile: str
    mobiles: tuple[str, ...]
    all_rows: list[Row]
    rows: list[Row]


def read_mobile_rows(path: Path, mobile: str | None, report: Report) -> MobileRows:
    """Read the file and keep the rows of ``mobile`` (the file's only one when ``None``);
    a cell too many or too few, a row without Mobile and the other mobiles' rows reported.

    Raises
    ------
    InputError
        As :func:`read_csv` and :func:`choose_mobile`.
    """
    file = str(path)
    read_as: list[str] = []  # the file's encoding, when not UTF-8
    header, records = read_csv(path, read_as)
    for note in read_as:  # a Msg of busplanner.errors.decode_input
        params = getattr(note, "params", {})
        report.add(
            params.get("line", 1),
            "(file)",
            "fixed",
            "cp1252",
            byte=params.get("byte", ""),
            sample=params.get("sample", ""),
        )
    wanted = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    columns = {name: i for i, name in enumerate(header) if name in wanted}

    def cells_of(values: list[str]) -> dict[str, str]:
        out = {name: values[i].strip() if i < len(values) else "" for name, i in columns.items()}
        for name in OPTIONAL_COLUMNS:
            out.setdefault(name, "")
        return out

    all_rows = [Row(line, cells_of(values)) for line, values in records]
    names = list(dict.fromkeys(r.cells["Mobile"] for r in all_rows if r.cells["Mobile"]))
    chosen = choose_mobile(file, names, mobile)
    rows: list[Row] = []
    for r, (_line, values) in zip(all_rows, records, strict=True):
        name = r.cells["Mobile"]
        if name and name != chosen:
            continue
        rows.append(r)
        if len(values) > len(header):
            report.add(r.line, "(row)", "flagged", "extra_cells", n=len(values), m=len(header))
        elif len(values) < len(header):
            report.add(r.line, "(row)", "flagged", "short_row", n=len(values), m=len(header))
        if not name:
            if len(names) <= 1:
                report.add(r.line, "Mobile", "fixed", "no_mobile", mobile=chosen)
            else:
                report.skip(r, "Mobile", "no_mobile_many")
    others = len(all_rows) - len(rows)
    if others:
        report.add(
            1,
            "Mobile",
            "note",
            "other_mobiles",
            n=others,
            mobiles=", ".join(n for n in names if n != chosen),
        )
    return MobileRows(chosen, tuple(names), all_rows, rows)


def read_csv(path: Path, warnings: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (known columns spelt canonically) and the records with their first line;
    a file that is not UTF-8 is read as Windows-1252 and said so in ``warnings``.

    Raises
    ------
    InputError
        A missing, unreadable, empty or binary file, not a CSV, missing or doubled columns,
        or no row.
    """
    file = str(path)
    expected = Msg(
        "timetable.expected",
        required=", ".join(REQUIRED_COLUMNS),
        optional=", ".join(OPTIONAL_COLUMNS),
    )
    text = _read_text(path, expected, warnings)
    # French Excel's CSV (opendata.csv written with --csv-dialect excel-fr): ';' between
    # cells and a decimal comma in the coordinates.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    canonical = _header(reader, file, expected)
    records = _records(reader, file, expected)
    if delimiter == ";":
        for name in ("Longitude", "Latitude"):
            j = canonical.index(name)
            for _, cells in records:
                if j < len(cells) and "." not in cells[j]:
                    cells[j] = cells[j].replace(",", ".")
    return canonical, records


def _read_text(path: Path, expected: Msg, warnings: list[str]) -> str:
    """The file's text (UTF-8, else Windows-1252, said in ``warnings``).

    Raises
    ------
    InputError
        The file is missing, a folder, unreadable, empty or not text.
    """
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            Problem(file, "(file)", Msg("timetable.no_such_file", expected=expected))
        ) from None
    except IsADirectoryError:
        raise InputError(
            Problem(file, "(file)", Msg("timetable.folder", expected=expected))
        ) from None
    except OSError as exc:
        raise InputError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=exc.strerror))
        ) from None
    text = decode_input(raw, file, warnings=warnings)
    if not text.strip():
        raise InputError(Problem(file, "(file)", Msg("territory.empty", expected=expected)))
    if "\x00" in text:
        raise InputError(Problem(file, "(file)", Msg("timetable.not_text", expected=expected)))
    return text


def _header(reader: Any, file: str, expected: Msg) -> list[str]:
    """The header's columns, the known ones spelt canonically (any case, any spaces).

    Raises
    ------
    InputError
        Not a CSV, a required column missing or a known column twice (every problem).
    """
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(
            Problem(
                file,
                Msg("timetable.line", line=1),
                Msg("timetable.bad_csv", why=str(exc), expected=expected),
            )
        ) from None
    known = {c.lower(): c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    canonical = [known.get(h.strip().lower(), h.strip()) for h in header]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in canonical]
    if missing:
        found = ", ".join(h for h in canonical if h)
        shown = found if len(found) <= 120 else found[:117] + "..."
        problems.append(
            Problem(
                file,
                Msg("timetable.header_line"),
                Msg(
                    "timetable.missing_columns",
                    n=len(missing),
                    missing=", ".join(missing),
                    expected=expected,
                    found=shown or Msg("timetable.none"),
                ),
            )
        )
    for c in sorted({c for c in canonical if c in known.values() and canonical.count(c) > 1}):
        problems.append(
            Problem(
                file, Msg("timetable.header_line"), Msg("timetable.column_twice", column=repr(c))
            )
        )
    if problems:
        raise InputError(problems)
    return canonical


def _records(reader: Any, file: str, expected: Msg) -> list[tuple[int, list[str]]]:
    """The rows that hold anything, each with the line it starts on (a quoted cell may
    span lines).

    Raises
    ------
    InputError
        Not a CSV at some line, or no row at all.
    """
    records: list[tuple[int, list[str]]] = []
    last = 1
    try:
        for cells in reader:
            first, last = last + 1, reader.line_num
            if any(c.strip() for c in cells):
                records.append((first, cells))
    except csv.Error as exc:
        raise InputError(
            Problem(
                file,
                Msg("timetable.line", line=reader.line_num),
                Msg("timetable.bad_csv", why=str(exc), expected=expected),
            )
        ) from None
    if not records:
        raise InputError(Problem(file, "(rows)", Msg("timetable.no_rows")))
    return records


def choose_mobile(file: str, names: list[str], mobile: str | None) -> str:
    if mobile is None:
        if len(names) > 1:
            raise InputError(
                Problem(
                    file,
                    "Mobile",
                    Msg("timetable.several_mobiles", n=len(names), names=", ".join(names)),
                )
            )
        return names[0] if names else Path(file).stem
    by_key = {n.casefold(): n for n in names}
    if mobile.strip().casefold() in by_key:
        return by_key[mobile.strip().casefold()]
    raise InputError(
        Problem(
            file,
            "--mobile",
            Msg(
                "timetable.unknown_mobile",
                mobile=repr(mobile),
                names=", ".join(names) or Msg("timetable.no_mobile_names"),
            ),
        )
    )


def no_rows(file: str, mobile: str, report: Report) -> InputError:
    problems = [
        Problem(
            file,
            Msg("sheet.where", line=i.line, label=i.field),
            Msg("timetable.skipped", why=Pair(i.message("en"), i.message("fr"))),
        )
        for i in sorted(report.issues, key=lambda i: i.line)
        if i.action == "skipped"
    ]
    problems.append(
        Problem(
            file,
            "(rows)",
            Msg("timetable.no_usable_visit", mobile=repr(mobile)),
        )
    )
    return InputError(problems)

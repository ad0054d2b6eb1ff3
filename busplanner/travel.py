"""Driving distances and times between places, from one source chosen by ``[travel] model``.

Five sources, one function each, behind :func:`build_matrix`:

- ``great_circle``: great-circle distance x a detour factor, time = distance / a mean speed.
  Both the factor and the speed are assumptions named in the scenario, not measurements.
- ``osrm``: the table service of an OSRM server (``GET {url}/table/v1/driving/…``).
- ``valhalla``: the matrix service of a Valhalla server (``POST {url}/sources_to_targets``).
- ``matrix_csv``: a matrix the user supplies as CSV (``from_id,to_id,duration_min,distance_km``).
- ``osm``: the car network of an OpenStreetMap extract, read and routed here
  (:mod:`busplanner.osm`, the optional extra ``busplanner[osm]``).

Times are whole minutes rounded up, distances kilometres (3 decimals). Answers of a routing
service are cached on disk, keyed by the service, its URL and the coordinates; the ``osm``
matrix by the file's SHA-256, the rules' version and the coordinates. :func:`leg_geometries`
gives the road line of the legs a plan drives (``osm``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import http.client
import io
import json
import math
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from busplanner import __version__, atomic
from busplanner.errors import InputError, Problem, TravelError, read_input_text
from busplanner.geo import great_circle_km
from busplanner.i18n import Msg

if TYPE_CHECKING:
    from busplanner.scenario import Scenario

DEPOT_ID = "depot"
"""The id of the depot in a travel matrix (stops go by their INSEE code)."""

CSV_COLUMNS = ("from_id", "to_id", "duration_min", "distance_km")
"""The columns a CSV matrix must have (see ``docs/scenario.md``)."""

_CACHE_FORMAT = 1  # bump when the requests change, so that old answers are not reused
_MAX_LISTED = 10  # missing CSV pairs listed one by one; the rest are counted


@dataclass(frozen=True)
class Place:
    """A place to drive between: the depot (id ``"depot"``) or a stop (its INSEE code)."""

    id: str
    name: str
    lon: float
    lat: float

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


@dataclass(frozen=True)
class TravelMatrix:
    """Distances (km) and driving times (whole minutes) between places, by index.

    Attributes
    ----------
    distance_km
        ``distance_km[i][j]``: road distance from place ``i`` to place ``j``.
    duration_min
        ``duration_min[i][j]``: driving minutes, rounded up.
    model
        The source: ``great_circle``, ``osrm``, ``valhalla`` or ``matrix_csv``.
    speed_kmh, detour_factor
        The assumptions of the great-circle model (``None`` for the other sources).
    ids
        The id of each place (row), ``"depot"`` first.
    url, matrix_file
        The routing service asked, or the CSV file read.
    """

    distance_km: tuple[tuple[float, ...], ...]
    duration_min: tuple[tuple[int, ...], ...]
    model: str
    speed_kmh: float | None = None
    detour_factor: float | None = None
    ids: tuple[str, ...] = ()
    url: str = ""
    matrix_file: str = ""
    osm: OsmSource | None = None
    service: ServiceSource | None = None
    """For ``osrm`` and ``valhalla``: what is needed to ask the route service for the roads
    of the legs (the map draws them)."""
    notes: tuple[str, ...] = ()
    """Warnings about the source (a CSV matrix read as Windows-1252): the plan's warnings."""


@dataclass(frozen=True)
class ServiceSource:
    """The places an OSRM or Valhalla matrix was asked for (``(lon, lat)`` by row), and
    where their routes' lines are cached."""

    points: tuple[tuple[float, float], ...]
    cache_file: Path
    timeout_s: float = 30.0


@dataclass(frozen=True)
class OsmSource:
    """Where an ``osm`` matrix comes from, as ``plan.json`` records it, and what is needed
    to draw its paths again (``points``, the places' coordinates by row)."""

    file: str
    sha256: str
    date: str
    rules: str
    attribution: str
    snap_m: tuple[float, ...]
    points: tuple[tuple[float, float], ...]
    cache_dir: Path | None = None
    place_ids: tuple[str, ...] = ()
    """The ids of the places on the roads (``snap_m`` and ``points`` follow them): all the
    matrix's but those no road reaches."""


DEFAULT_MAX_SNAP_M = 500.0
"""ASSUMPTION: a stop lies within 500 m of a road of the network (``[travel] max_snap_m``)."""


def build_matrix(
    scenario: Scenario, places: Sequence[Place], *, off_road: frozenset[str] = frozenset()
) -> TravelMatrix:
    """The travel matrix between ``places`` from the source the scenario names.

    Parameters
    ----------
    scenario
        Its ``[travel]`` fields choose the source and its settings.
    places
        The depot first, then the stops; row ``i`` of the matrix is ``places[i]``.
    off_road
        Ids of places no road reaches (islands, never visited): the ``osm`` model does not
        snap them and gives their rows the great-circle model's values.

    Raises
    ------
    TravelError
        If a routing service cannot be reached, answers an error or a malformed body, or
        finds no road between two places.
    InputError
        If the CSV matrix is missing, unreadable, or has bad or missing rows.
    """
    model = scenario.travel_model
    ids = tuple(p.id for p in places)
    if model == "great_circle":
        matrix = great_circle_matrix(
            [(p.lon, p.lat) for p in places],
            speed_kmh=scenario.speed_kmh,
            detour_factor=scenario.detour_factor,
        )
        return replace(matrix, ids=ids)
    if model in ("osrm", "valhalla"):
        fetch = osrm_matrix if model == "osrm" else valhalla_matrix
        return fetch(
            places,
            url=scenario.travel_url,
            timeout_s=scenario.travel_timeout_s,
            cache_dir=scenario.travel_cache_dir,
        )
    if model == "matrix_csv":
        if scenario.travel_matrix_file is None:
            msg = "[travel] model = 'matrix_csv' needs [travel] matrix_file"
            raise ValueError(msg)
        return csv_matrix(places, path=scenario.travel_matrix_file)
    if model == "osm":
        if scenario.travel_osm_file is None:
            msg = "[travel] model = 'osm' needs [travel] osm_file"
            raise ValueError(msg)
        return osm_matrix(
            places,
            path=scenario.travel_osm_file,
            max_snap_m=scenario.travel_max_snap_m,
            cache_dir=scenario.travel_cache_dir,
            scenario_file=scenario.path,
            off_road=off_road,
            speed_kmh=scenario.speed_kmh,
            detour_factor=scenario.detour_factor,
        )
    msg = f"unknown travel model {model!r}"
    raise ValueError(msg)


def great_circle_matrix(
    points: Sequence[tuple[float, float]], *, speed_kmh: float, detour_factor: float
) -> TravelMatrix:
    """Travel matrix of the great-circle model for ``(lon, lat)`` points.

    Parameters
    ----------
    points
        WGS84 ``(lon, lat)`` pairs.
    speed_kmh
        Mean driving speed (an assumption).
    detour_factor
        Road distance / straight-line distance (an assumption, >= 1).

    Raises
    ------
    ValueError
        If the speed is not positive or the detour factor is below 1.
    """
    if speed_kmh <= 0:
        msg = f"speed_kmh must be positive, got {speed_kmh}"
        raise ValueError(msg)
    if detour_factor < 1:
        msg = f"detour_factor must be at least 1, got {detour_factor}"
        raise ValueError(msg)
    dist = tuple(
        tuple(round(great_circle_km(a[0], a[1], b[0], b[1]) * detour_factor, 3) for b in points)
        for a in points
    )
    dur = tuple(tuple(drive_minutes(d, speed_kmh) for d in row) for row in dist)
    return TravelMatrix(dist, dur, "great_circle", speed_kmh, detour_factor)


def drive_minutes(distance_km: float, speed_kmh: float) -> int:
    """Whole minutes to drive ``distance_km`` at ``speed_kmh``, rounded up."""
    # A small tolerance keeps 0.5 km at 30 km/h at 1 minute, not 2, despite float error.
    return math.ceil(distance_km / speed_kmh * 60 - 1e-9)


def seconds_to_minutes(seconds: float) -> int:
    """Whole minutes for a drive of ``seconds``, rounded up (61 s -> 2 min)."""
    return math.ceil(seconds / 60 - 1e-9)


# --- Routing services -------------------------------------------------------------------


def osrm_matrix(
    places: Sequence[Place], *, url: str, timeout_s: float = 30.0, cache_dir: Path | None = None
) -> TravelMatrix:
    """Travel matrix from the table service of an OSRM server.

    Asks ``GET {url}/table/v1/driving/{lon,lat;…}?annotations=duration,distance`` once (or
    reads the cached answer); seconds become minutes rounded up, metres kilometres.

    Raises
    ------
    TravelError
        If the server cannot be reached in ``timeout_s``, answers an HTTP error, sends a
        malformed body, or finds no route between two places.
    """
    base = url.rstrip("/")
    service = _Service("OSRM", f"{base}/table/v1/driving", timeout_s)
    coords = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in places)
    request = urllib.request.Request(
        f"{service.endpoint}/{coords}?annotations=duration,distance",
        headers={"User-Agent": f"busplanner/{__version__}", "Accept": "application/json"},
    )

    def parse(body: bytes) -> TravelMatrix:
        data = service.json(body)
        code = data.get("code")
        if code != "Ok":
            message = data.get("message")
            what = f"{code}: {message}" if message else str(code)
            raise TravelError(f"the {service} answered {what}")
        seconds = service.square(data, "durations", len(places))
        metres = service.square(data, "distances", len(places))
        service.check_routes(places, seconds, metres)
        return TravelMatrix(
            distance_km=_rows(metres, lambda m: round(m / 1000, 3)),
            duration_min=_rows(seconds, seconds_to_minutes),
            model="osrm",
            ids=tuple(p.id for p in places),
            url=base,
        )

    matrix = _cached(service, request, places, cache_dir, parse, source="osrm", url=base)
    return _with_service(matrix, places, cache_dir, "osrm", base, timeout_s)


def valhalla_matrix(
    places: Sequence[Place], *, url: str, timeout_s: float = 30.0, cache_dir: Path | None = None
) -> TravelMatrix:
    """Travel matrix from the matrix service of a Valhalla server.

    Asks ``POST {url}/sources_to_targets`` once (or reads the cached answer) with every
    place as source and target, ``costing = "auto"``, ``units = "kilometers"``; seconds
    become minutes rounded up.

    Raises
    ------
    TravelError
        If the server cannot be reached in ``timeout_s``, answers an HTTP error, sends a
        malformed body, or finds no route between two places.
    """
    base = url.rstrip("/")
    service = _Service("Valhalla", f"{base}/sources_to_targets", timeout_s)
    locations = [{"lat": p.lat, "lon": p.lon} for p in places]
    payload = {
        "sources": locations,
        "targets": locations,
        "costing": "auto",
        "units": "kilometers",
    }
    request = urllib.request.Request(
        service.endpoint,
        data=json.dumps(payload).encode("utf-8"),
        method="POST",
        headers={
            "User-Agent": f"busplanner/{__version__}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
    )

    def parse(body: bytes) -> TravelMatrix:
        data = service.json(body)
        units = data.get("units", "kilometers")
        if units != "kilometers":
            raise service.malformed(f"distances in {units!r}, expected 'kilometers'")
        cells = service.square(data, "sources_to_targets", len(places), numbers=False)
        seconds: list[list[float | None]] = []
        km: list[list[float | None]] = []
        for i, row in enumerate(cells):
            seconds.append([])
            km.append([])
            for j, cell in enumerate(row):
                where = f"'sources_to_targets'[{i}][{j}]"
                if not isinstance(cell, dict):
                    raise service.malformed(f"{where} is not an object")
                seconds[i].append(service.number(cell.get("time"), f"{where}.time"))
                km[i].append(service.number(cell.get("distance"), f"{where}.distance"))
        service.check_routes(places, seconds, km)
        return TravelMatrix(
            distance_km=_rows(km, lambda d: round(d, 3)),
            duration_min=_rows(seconds, seconds_to_minutes),
            model="valhalla",
            ids=tuple(p.id for p in places),
            url=base,
        )

    matrix = _cached(service, request, places, cache_dir, parse, source="valhalla", url=base)
    return _with_service(matrix, places, cache_dir, "valhalla", base, timeout_s)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/busplanner``, or ``~/.cache/busplanner``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative path.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "busplanner"


def cache_path(cache_dir: Path | None, *, source: str, url: str, places: Sequence[Place]) -> Path:
    """Where the answer of ``source`` at ``url`` for these places' coordinates is cached."""
    key = json.dumps(
        {
            "format": _CACHE_FORMAT,
            "source": source,
            "url": url.rstrip("/"),
            "points": [[p.lon, p.lat] for p in places],
        },
        separators=(",", ":"),
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return (cache_dir or default_cache_dir()) / f"{source}-{digest}.json"


def _with_service(
    matrix: TravelMatrix,
    places: Sequence[Place],
    cache_dir: Path | None,
    source: str,
    url: str,
    timeout_s: float,
) -> TravelMatrix:
    """The matrix with what its route service needs to draw the legs later."""
    path = cache_path(cache_dir, source=source, url=url, places=places)
    return replace(
        matrix,
        service=ServiceSource(
            tuple((p.lon, p.lat) for p in places),
            path.with_name(path.stem + "-routes.json"),
            timeout_s,
        ),
    )


def _cached(
    service: _Service,
    request: urllib.request.Request,
    places: Sequence[Place],
    cache_dir: Path | None,
    parse: Any,
    *,
    source: str,
    url: str,
) -> TravelMatrix:
    path = cache_path(cache_dir, source=source, url=url, places=places)
    try:
        cached = path.read_bytes()
    except OSError:
        cached = None
    if cached is not None:
        try:
            matrix: TravelMatrix = parse(cached)
        except TravelError:
            pass  # a damaged cache file: ask the service again
        else:
            return matrix
    body = service.fetch(request)
    matrix = parse(body)  # only a usable answer is cached
    with contextlib.suppress(OSError):  # the cache only saves time: a read-only folder
        atomic.write_bytes(path, body)  # must not stop the plan
    return matrix


class _Service:
    """One routing service endpoint: asks it, and words what went wrong as one line."""

    def __init__(self, label: str, endpoint: str, timeout_s: float) -> None:
        self.label = label
        self.endpoint = endpoint
        self.timeout_s = timeout_s

    def __str__(self) -> str:
        return f"{self.label} service at {self.endpoint}"

    def fetch(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            try:
                detail = _service_message(exc.read())
            except OSError:
                detail = ""
            finally:
                exc.close()
            what = f"HTTP {exc.code} {exc.reason}".rstrip()
            tail = f": {detail}" if detail else ""
            raise TravelError(f"the {self} answered {what}{tail}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._timeout() from None
            reason = exc.reason
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
            raise TravelError(
                f"cannot reach the {self}: {text}; is it running? (see [travel] url)"
            ) from None
        except TimeoutError:
            raise self._timeout() from None
        except (ValueError, http.client.InvalidURL) as exc:  # e.g. a port that is no number
            raise TravelError(f"the {self} is not a valid address: {exc}") from None
        except (OSError, http.client.HTTPException) as exc:  # broken off mid-answer
            raise TravelError(f"the {self} broke off its answer: {exc!r}") from None

    def _timeout(self) -> TravelError:
        return TravelError(
            f"the {self} did not answer within {self.timeout_s:g} s (see [travel] timeout_s)"
        )

    def malformed(self, what: str) -> TravelError:
        return TravelError(f"the {self} sent a malformed answer: {what}")

    def json(self, body: bytes) -> dict[str, Any]:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self.malformed(f"not JSON ({exc})") from None
        if not isinstance(data, dict):
            raise self.malformed(f"expected a JSON object, found {type(data).__name__}")
        return data

    def square(
        self, data: dict[str, Any], key: str, n: int, *, numbers: bool = True
    ) -> list[list[Any]]:
        """``data[key]`` checked to be an n x n list of lists (of numbers or nulls)."""
        rows = data.get(key)
        if rows is None:
            raise self.malformed(f"no {key!r} matrix")
        if not isinstance(rows, list) or len(rows) != n:
            size = f"{len(rows)} rows" if isinstance(rows, list) else type(rows).__name__
            raise self.malformed(f"expected a {n} x {n} {key!r} matrix, found {size}")
        for i, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != n:
                size = f"{len(row)} values" if isinstance(row, list) else type(row).__name__
                raise self.malformed(f"row {i} of {key!r} has {size}, expected {n}")
            if numbers:
                for j, value in enumerate(row):
                    self.number(value, f"{key!r}[{i}][{j}]")
        return rows

    def number(self, value: Any, where: str) -> float | None:
        """A non-negative number, or ``None`` for a null (no route)."""
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise self.malformed(f"{where} = {value!r}, expected a number >= 0 or null")
        return float(value)

    def check_routes(
        self,
        places: Sequence[Place],
        seconds: Sequence[Sequence[float | None]],
        km: Sequence[Sequence[float | None]],
    ) -> None:
        """Raise if any pair of distinct places has no route (a null time or distance)."""
        missing = [
            (places[i], places[j])
            for i in range(len(places))
            for j in range(len(places))
            if i != j and (seconds[i][j] is None or km[i][j] is None)
        ]
        if not missing:
            return
        a, b = missing[0]
        more = f" (and {len(missing) - 1} more pairs)" if len(missing) > 1 else ""
        raise TravelError(
            f"the {self} found no road route from {a} to {b}{more}; move the stop "
            "nearer a road, or leave the commune out of [served]"
        )


def _service_message(body: bytes) -> str:
    """The message in an error body: OSRM's ``message``, Valhalla's ``error``, or the text."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict):
        for key in ("message", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return " ".join(data[key].split())
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 200 else one_line[:197] + "..."


def _rows(values: Sequence[Sequence[float | None]], convert: Any) -> tuple[tuple[Any, ...], ...]:
    # The diagonal is 0 whatever the source says: the bus does not drive to where it is.
    return tuple(
        tuple(0 if i == j else convert(v) for j, v in enumerate(row))
        for i, row in enumerate(values)
    )


# --- A user's CSV matrix ----------------------------------------------------------------


def csv_matrix(places: Sequence[Place], *, path: Path) -> TravelMatrix:
    """Travel matrix read from a CSV file with rows ``from_id,to_id,duration_min,distance_km``.

    ``from_id``/``to_id`` are ``depot`` or a stop's INSEE code. Every ordered pair of two
    different places must have a row; rows of other places are ignored. Minutes are rounded
    up to whole minutes. A file whose header is separated by ``;`` is read with ``;`` between
    fields and a decimal comma (as a French spreadsheet writes it).

    Raises
    ------
    InputError
        With every problem found: missing or unreadable file, wrong header, bad values,
        a pair given twice, pairs missing.
    """
    file = str(path)
    read_as: list[str] = []  # the file's encoding, when not UTF-8
    text = read_input_text(path, warnings=read_as)
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    missing_cols = [c for c in CSV_COLUMNS if c not in header]
    if missing_cols:
        found = repr(",".join(header)) if header else Msg("travel.nothing")
        raise InputError(
            Problem(
                file,
                Msg("plan.line", n=1),
                Msg("travel.header", expected=",".join(CSV_COLUMNS), found=found),
            )
        )
    rows = _CsvRows(file, places, header, delimiter)
    for row in reader:
        rows.read(row, reader.line_num)
    problems = rows.problems + _csv_gaps(file, places, rows.mentioned, rows.seen_at)
    if problems:
        raise InputError(problems)
    return TravelMatrix(
        distance_km=tuple(tuple(float(v or 0.0) for v in row) for row in rows.km),
        duration_min=tuple(tuple(int(v or 0) for v in row) for row in rows.minutes),
        model="matrix_csv",
        ids=tuple(p.id for p in places),
        matrix_file=file,
        notes=tuple(read_as),
    )


class _CsvRows:
    """The rows of a CSV matrix read one by one into the matrix of ``places``, with every
    problem found, the places mentioned and the line of each pair."""

    def __init__(
        self, file: str, places: Sequence[Place], header: list[str], delimiter: str
    ) -> None:
        self.file, self.header, self.delimiter = file, header, delimiter
        self.col = {c: header.index(c) for c in CSV_COLUMNS}
        self.index = {p.id: i for i, p in enumerate(places)}
        n = len(places)
        self.minutes: list[list[int | None]] = [
            [0 if i == j else None for j in range(n)] for i in range(n)
        ]
        self.km: list[list[float | None]] = [
            [0.0 if i == j else None for j in range(n)] for i in range(n)
        ]
        self.seen_at: dict[tuple[str, str], int] = {}
        self.problems: list[Problem] = []
        self.mentioned: set[str] = set()

    def read(self, row: list[str], line: int) -> None:
        """One row: its pair, duration and distance (other places' rows are allowed: the
        file may cover a larger territory)."""
        file, col = self.file, self.col
        if not any(cell.strip() for cell in row):
            return
        if len(row) < len(self.header):
            self.problems.append(
                Problem(
                    file,
                    Msg("plan.line", n=line),
                    Msg("travel.fields", n=len(row), expected=len(self.header)),
                )
            )
            return
        a, b = row[col["from_id"]].strip(), row[col["to_id"]].strip()
        self.mentioned.update((a, b))
        where = Msg("travel.where", line=line, a=a, b=b)
        dur = _csv_number(row[col["duration_min"]], self.delimiter)
        dist = _csv_number(row[col["distance_km"]], self.delimiter)
        bad = False
        for name, value, raw, unit in (
            ("duration_min", dur, row[col["duration_min"]], "minutes"),
            ("distance_km", dist, row[col["distance_km"]], "km"),
        ):
            if value is None:
                number = Msg(
                    "travel.number", name=name, raw=repr(raw.strip()), unit=Msg(f"unit.{unit}")
                )
                self.problems.append(Problem(file, where, number))
                bad = True
            elif value < 0:
                negative = Msg("travel.negative", name=name, raw=raw.strip())
                self.problems.append(Problem(file, where, negative))
                bad = True
        if (a, b) in self.seen_at:
            twice = Msg("travel.twice", line=self.seen_at[(a, b)])
            self.problems.append(Problem(file, where, twice))
            return
        self.seen_at[(a, b)] = line
        index = self.index
        if bad or a not in index or b not in index or a == b or dur is None or dist is None:
            return
        self.minutes[index[a]][index[b]] = math.ceil(dur - 1e-9)
        self.km[index[a]][index[b]] = round(dist, 3)


def _csv_gaps(
    file: str,
    places: Sequence[Place],
    mentioned: set[str],
    seen_at: Mapping[tuple[str, str], int],
) -> list[Problem]:
    """A problem for each place no row mentions, and for each missing pair of the others
    (the first :data:`_MAX_LISTED`, then how many more)."""
    problems = []
    absent = [p for p in places if p.id not in mentioned]
    for p in absent:
        problems.append(Problem(file, "(places)", Msg("travel.no_row", place=str(p))))
    n = len(places)
    gaps = [
        (places[i], places[j])
        for i in range(n)
        for j in range(n)
        if i != j
        and places[i] not in absent
        and places[j] not in absent
        and (places[i].id, places[j].id) not in seen_at
    ]
    for p, q in gaps[:_MAX_LISTED]:
        problems.append(Problem(file, "(pairs)", Msg("travel.no_pair", a=str(p), b=str(q))))
    if len(gaps) > _MAX_LISTED:
        problems.append(
            Problem(file, "(pairs)", Msg("travel.more_pairs", n=len(gaps) - _MAX_LISTED))
        )
    return problems


def _csv_number(raw: str, delimiter: str) -> float | None:
    text = raw.strip()
    if delimiter == ";":
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- An OpenStreetMap extract -----------------------------------------------------------

_OSM_CACHE_FORMAT = 1
# The last road graph built, kept so that drawing the plan's legs does not read the file
# again: (key, graph, vertex of each place).
_last_graph: tuple[tuple[Any, ...], Any, Any] | None = None


def osm_matrix(
    places: Sequence[Place],
    *,
    path: Path,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cache_dir: Path | None = None,
    scenario_file: str = "",
    off_road: frozenset[str] = frozenset(),
    speed_kmh: float = 50.0,
    detour_factor: float = 1.3,
) -> TravelMatrix:
    """Travel matrix on the car network of an OpenStreetMap extract (``.osm.pbf``).

    Every place is snapped to the nearest node of the network's largest strongly connected
    part; the matrix holds the fastest path between every two places (seconds become
    minutes rounded up, metres kilometres), and may be asymmetric (one-way streets). The
    answer is cached under ``cache_dir``, keyed on the file's SHA-256, the rules' version
    (:data:`busplanner.osm.RULES`) and the coordinates. Places in ``off_road`` (islands,
    never visited) are not snapped: their rows and columns hold the great-circle model at
    ``speed_kmh`` and ``detour_factor``.

    Raises
    ------
    InputError
        If the optional extra is missing, the file is missing or no OSM file, or a place
        lies outside the file's area or farther than ``max_snap_m`` from the network.
    """
    every = list(places)
    places = [p for p in every if p.id not in off_road]
    file = str(path)
    osm, sha256, info = osm_open(path, scenario_file)
    points = tuple((p.lon, p.lat) for p in places)
    seconds, metres, snap_m = _osm_fastest(
        path, places, points, (osm, sha256, info), max_snap_m=max_snap_m, cache_dir=cache_dir
    )
    missing = [
        (places[i], places[j])
        for i in range(len(places))
        for j in range(len(places))
        if i != j and not math.isfinite(seconds[i][j])
    ]
    if missing:  # every place is on one strongly connected part: a bug if it happens
        a, b = missing[0]
        raise TravelError(f"{file}: no road route from {a} to {b}")
    distance_km = _rows(metres, lambda m: round(m / 1000, 3))
    duration_min = _rows(seconds, seconds_to_minutes)
    if len(places) < len(every):
        straight = great_circle_matrix(
            [(p.lon, p.lat) for p in every], speed_kmh=speed_kmh, detour_factor=detour_factor
        )
        distance_km, duration_min = _with_off_road(
            every, places, (distance_km, duration_min), straight
        )
    return TravelMatrix(
        distance_km=distance_km,
        duration_min=duration_min,
        model="osm",
        ids=tuple(p.id for p in every),
        osm=OsmSource(
            file=file,
            sha256=sha256,
            date=info.date,
            rules=osm.RULES,
            attribution=osm.ATTRIBUTION,
            snap_m=tuple(round(m, 1) for m in snap_m),
            points=points,
            cache_dir=cache_dir,
            place_ids=tuple(p.id for p in places),
        ),
    )


def _osm_fastest(
    path: Path,
    places: Sequence[Place],
    points: tuple[tuple[float, float], ...],
    opened: tuple[Any, str, Any],
    *,
    max_snap_m: float,
    cache_dir: Path | None,
) -> tuple[list[list[float]], list[list[float]], list[float]]:
    """Seconds and metres of the fastest path between every two places, and each place's
    snap distance: from the cache when it holds them (snapped within ``max_snap_m``), else
    from the road graph (kept for the plan's legs, and cached).

    Raises
    ------
    InputError
        A place outside the file's area or too far from the network.
    """
    global _last_graph
    osm, sha256, info = opened
    cache_file = _osm_cache_path(cache_dir, sha256, points)
    cached = _read_osm_cache(cache_file, len(places))
    if cached is not None and max(cached[2], default=0.0) <= max_snap_m:
        return cached
    graph, snapped = osm_load(path, places, max_snap_m=max_snap_m, box=info.box)
    _last_graph = ((sha256, osm.RULES, points), graph, snapped.vertices)
    sec, met = graph.matrix(snapped.vertices)
    seconds, metres = sec.tolist(), met.tolist()
    snap_m = list(snapped.snap_m)
    body = json.dumps(
        {"seconds": seconds, "metres": metres, "snap_m": snap_m}, separators=(",", ":")
    )
    with contextlib.suppress(OSError):  # the cache only saves time
        atomic.write_text(cache_file, body)
    return seconds, metres, snap_m


def _with_off_road(
    every: Sequence[Place],
    on_road: Sequence[Place],
    matrices: tuple[tuple[tuple[float, ...], ...], tuple[tuple[int, ...], ...]],
    straight: TravelMatrix,
) -> tuple[tuple[tuple[float, ...], ...], tuple[tuple[int, ...], ...]]:
    """The road matrices of ``on_road`` (km, minutes) widened to ``every`` place, the rows
    and columns of the places off the road network from the great-circle model."""
    distance_km, duration_min = matrices
    row = {p.id: i for i, p in enumerate(on_road)}
    where = [row.get(p.id) for p in every]
    return (
        tuple(
            tuple(
                distance_km[a][b] if a is not None and b is not None else straight.distance_km[i][j]
                for j, b in enumerate(where)
            )
            for i, a in enumerate(where)
        ),
        tuple(
            tuple(
                duration_min[a][b]
                if a is not None and b is not None
                else straight.duration_min[i][j]
                for j, b in enumerate(where)
            )
            for i, a in enumerate(where)
        ),
    )


def osm_open(path: Path, scenario_file: str = "") -> tuple[Any, str, Any]:
    """The :mod:`busplanner.osm` module, the file's SHA-256 and its :class:`FileInfo`.

    Raises
    ------
    InputError
        If the optional extra is missing (on ``[travel] model`` of ``scenario_file``), or
        the file is missing, unreadable or no OSM file.
    """
    file = str(path)
    try:
        from busplanner import osm

        osm.require()
    except ImportError as exc:
        raise InputError(
            Problem(
                scenario_file or file,
                "[travel] model",
                Msg("osm.model_needs", why=exc.args[0] if exc.args else str(exc)),
            )
        ) from None
    try:
        sha256 = osm.file_sha256(path)
    except FileNotFoundError:
        raise InputError(Problem(file, "(file)", Msg("error.no_such_file"))) from None
    except OSError as exc:
        raise InputError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=exc.strerror or str(exc)))
        ) from None
    try:
        info = osm.file_info(path, sha256)
    except RuntimeError as exc:
        raise InputError(Problem(file, "(file)", Msg("travel.not_osm", why=str(exc)))) from None
    return osm, sha256, info


def osm_load(
    path: Path,
    places: Sequence[Place],
    *,
    max_snap_m: float,
    box: tuple[float, float, float, float] | None,
) -> tuple[Any, Any]:
    """The road graph of the file with ``places`` snapped onto it (see
    :func:`busplanner.osm.load_graph`).

    Raises
    ------
    InputError
        Naming every place outside the file's area or too far from its roads.
    """
    from busplanner import osm

    file = str(path)
    try:
        return osm.load_graph(
            path,
            [(p.lon, p.lat) for p in places],
            [str(p) for p in places],
            max_snap_m=max_snap_m,
            box=box,
        )
    except osm.SnapError as exc:
        raise osm.raise_snap_error(exc, file) from None
    except RuntimeError as exc:  # osmium's reading errors
        raise InputError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=str(exc)))
        ) from None


def _osm_cache_path(
    cache_dir: Path | None, sha256: str, points: Sequence[tuple[float, float]], kind: str = ""
) -> Path:
    from busplanner.osm import RULES

    key = json.dumps(
        {
            "format": _OSM_CACHE_FORMAT,
            "source": "osm",
            "sha256": sha256,
            "rules": RULES,
            "points": [list(p) for p in points],
        },
        separators=(",", ":"),
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return (cache_dir or default_cache_dir()) / f"osm{kind}-{digest}.json"


def _read_osm_cache(
    path: Path, n: int
) -> tuple[list[list[float]], list[list[float]], list[float]] | None:
    """The cached seconds, metres and snap distances, or ``None`` (absent or damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seconds, metres, snap_m = data["seconds"], data["metres"], data["snap_m"]
        ok = (
            len(seconds) == n
            and len(metres) == n
            and len(snap_m) == n
            and all(len(r) == n for r in (*seconds, *metres))
        )
        if not ok:
            return None
        return (
            [[float(v) for v in row] for row in seconds],
            [[float(v) for v in row] for row in metres],
            [float(v) for v in snap_m],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


LineCoords = tuple[tuple[float, float], ...]
"""A line as ``(lon, lat)`` points."""

GEOMETRY_TOLERANCE_DEG = 0.00005
"""Paths are simplified (Douglas-Peucker) to within about 5 m (0.00005 degree of latitude)."""


def leg_geometries(
    matrix: TravelMatrix, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], LineCoords]:
    """The road line of each ``(from_id, to_id)`` leg, for a matrix from ``osm``, ``osrm``
    or ``valhalla``.

    For ``osm``, the fastest path of the matrix; for ``osrm`` and ``valhalla``, the route
    their route service gives (one request a leg); simplified to within
    :data:`GEOMETRY_TOLERANCE_DEG` and cached beside the matrix. A leg the service cannot
    route, and the other sources, give no line: the map then draws that leg straight.
    """
    if matrix.service is not None and pairs:
        return _service_lines(matrix, matrix.service, pairs)
    source = matrix.osm
    if source is None or not pairs:
        return {}
    row = {place_id: i for i, place_id in enumerate(source.place_ids)}
    wanted = sorted({(row[a], row[b]) for a, b in pairs if a in row and b in row and a != b})
    cache_file = _osm_cache_path(source.cache_dir, source.sha256, source.points, "-geometry")
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError):
        stored = {}
    lines: dict[tuple[int, int], LineCoords] = {}
    for i, j in wanted:
        value = stored.get(f"{i},{j}")
        if isinstance(value, list) and len(value) >= 2:
            with contextlib.suppress(TypeError, ValueError):
                lines[(i, j)] = tuple((float(x), float(y)) for x, y in value)
    todo = [(i, j) for i, j in wanted if (i, j) not in lines]
    if todo:
        lines.update(_osm_paths(source, todo))
        stored.update({f"{i},{j}": [list(p) for p in lines[(i, j)]] for i, j in todo})
        with contextlib.suppress(OSError):
            atomic.write_text(cache_file, json.dumps(stored, separators=(",", ":")))
    ids = source.place_ids
    return {(ids[i], ids[j]): line for (i, j), line in lines.items()}


def _osm_paths(
    source: OsmSource, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], LineCoords]:
    """The simplified fastest paths between places (by row) on the source's graph."""
    global _last_graph
    from shapely import LineString

    from busplanner import osm

    key = (source.sha256, source.rules, source.points)
    if _last_graph is not None and _last_graph[0] == key:
        graph, vertices = _last_graph[1], _last_graph[2]
    else:
        path = Path(source.file)
        try:
            if osm.file_sha256(path) != source.sha256:
                return {}  # the file changed since the matrix: no line rather than a wrong one
            graph, snapped = osm.load_graph(
                path,
                source.points,
                [str(i) for i in range(len(source.points))],
                max_snap_m=math.inf,
                box=None,
                check_area=False,
            )
        except (OSError, RuntimeError, ImportError):
            return {}
        vertices = snapped.vertices
        _last_graph = (key, graph, vertices)
    found = graph.paths([(int(vertices[i]), int(vertices[j])) for i, j in pairs])
    out: dict[tuple[int, int], LineCoords] = {}
    for i, j in pairs:
        coords = found.get((int(vertices[i]), int(vertices[j])))
        if not coords:
            continue
        # The line starts and ends at the places themselves, joined to their snapped node.
        full = [source.points[i], *coords, source.points[j]]
        simple = LineString(full).simplify(GEOMETRY_TOLERANCE_DEG, preserve_topology=False)
        out[(i, j)] = tuple((round(x, 6), round(y, 6)) for x, y in simple.coords)
    return out


def _service_lines(
    matrix: TravelMatrix, source: ServiceSource, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], LineCoords]:
    """The lines of the legs from the OSRM or Valhalla route service, cached by leg."""
    from shapely import LineString

    row = {place_id: i for i, place_id in enumerate(matrix.ids)}
    try:
        stored = json.loads(source.cache_file.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError):
        stored = {}
    out: dict[tuple[str, str], LineCoords] = {}
    changed = False
    for a, b in pairs:
        if a not in row or b not in row or a == b:
            continue
        key = f"{row[a]},{row[b]}"
        value = stored.get(key)
        if not (isinstance(value, list) and len(value) >= 2):
            points = _route_points(matrix, source, row[a], row[b])
            if len(points) < 2:
                continue  # no route from the service: the leg is drawn straight
            line = LineString(points).simplify(GEOMETRY_TOLERANCE_DEG)
            value = [[round(x, 6), round(y, 6)] for x, y in line.coords]
            stored[key] = value
            changed = True
        with contextlib.suppress(TypeError, ValueError):
            out[(a, b)] = tuple((float(x), float(y)) for x, y in value)
    if changed:
        with contextlib.suppress(OSError):
            atomic.write_text(source.cache_file, json.dumps(stored, separators=(",", ":")))
    return out


def _route_points(
    matrix: TravelMatrix, source: ServiceSource, i: int, j: int
) -> list[tuple[float, float]]:
    """The route from place ``i`` to place ``j`` as ``(lon, lat)`` points, or ``[]``."""
    (x1, y1), (x2, y2) = source.points[i], source.points[j]
    headers = {"User-Agent": f"busplanner/{__version__}", "Accept": "application/json"}
    try:
        if matrix.model == "osrm":
            request = urllib.request.Request(
                f"{matrix.url}/route/v1/driving/{x1:.6f},{y1:.6f};{x2:.6f},{y2:.6f}"
                "?overview=full&geometries=geojson",
                headers=headers,
            )
            with urllib.request.urlopen(request, timeout=source.timeout_s) as answer:
                data = json.loads(answer.read())
            coords = data["routes"][0]["geometry"]["coordinates"]
            return [(float(x), float(y)) for x, y in coords]
        payload = {
            "locations": [{"lat": y1, "lon": x1}, {"lat": y2, "lon": x2}],
            "costing": "auto",
        }
        request = urllib.request.Request(
            f"{matrix.url}/route",
            data=json.dumps(payload).encode("utf-8"),
            method="POST",
            headers={**headers, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=source.timeout_s) as answer:
            data = json.loads(answer.read())
        return decode_polyline(data["trip"]["legs"][0]["shape"], precision=6)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return []


def decode_polyline(text: str, *, precision: int = 5) -> list[tuple[float, float]]:
    """Decode an encoded polyline (Google's format; Valhalla's ``shape`` uses precision 6)
    into ``(lon, lat)`` points.

    Raises
    ------
    ValueError
        If the text is not a polyline.
    """
    factor = 10**precision
    points: list[tuple[float, float]] = []
    lat = lon = 0
    i = 0
    while i < len(text):
        deltas = []
        for _ in range(2):
            shift = result = 0
            while True:
                if i >= len(text):
                    msg = "polyline ends in the middle of a number"
                    raise ValueError(msg)
                byte = ord(text[i]) - 63
                i += 1
                if not 0 <= byte < 64:
                    msg = f"not a polyline character: {text[i - 1]!r}"
                    raise ValueError(msg)
                result |= (byte & 0x1F) << shift
                shift += 5
                if byte < 0x20:
                    break
            deltas.append(~(result >> 1) if result & 1 else result >> 1)
        lat += deltas[0]
        lon += deltas[1]
        points.append((lon / factor, lat / factor))
    return points

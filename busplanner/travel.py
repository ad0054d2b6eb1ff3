"""Driving distances and times between places, from one source chosen by ``[travel] model``.

Four sources, one function each, behind :func:`build_matrix`:

- ``great_circle``: great-circle distance x a detour factor, time = distance / a mean speed.
  Both the factor and the speed are assumptions named in the scenario, not measurements.
- ``osrm``: the table service of an OSRM server (``GET {url}/table/v1/driving/…``).
- ``valhalla``: the matrix service of a Valhalla server (``POST {url}/sources_to_targets``).
- ``matrix_csv``: a matrix the user supplies as CSV (``from_id,to_id,duration_min,distance_km``).

Times are whole minutes rounded up, distances kilometres (3 decimals). Answers of a routing
service are cached on disk, keyed by the service, its URL and the coordinates.
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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from busplanner import __version__, atomic
from busplanner.errors import InputError, Problem, TravelError
from busplanner.geo import great_circle_km

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


def build_matrix(scenario: Scenario, places: Sequence[Place]) -> TravelMatrix:
    """The travel matrix between ``places`` from the source the scenario names.

    Parameters
    ----------
    scenario
        Its ``[travel]`` fields choose the source and its settings.
    places
        The depot first, then the stops; row ``i`` of the matrix is ``places[i]``.

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

    return _cached(service, request, places, cache_dir, parse, source="osrm", url=base)


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

    return _cached(service, request, places, cache_dir, parse, source="valhalla", url=base)


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
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(file, "(file)", "no such file")) from None
    except OSError as exc:
        raise InputError(Problem(file, "(file)", f"cannot be read: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            Problem(file, "(file)", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    missing_cols = [c for c in CSV_COLUMNS if c not in header]
    if missing_cols:
        found = ",".join(header) if header else "nothing"
        raise InputError(
            Problem(
                file,
                "line 1",
                f"expected the header {','.join(CSV_COLUMNS)}, found {found!r}",
            )
        )
    col = {c: header.index(c) for c in CSV_COLUMNS}
    index = {p.id: i for i, p in enumerate(places)}
    n = len(places)
    minutes: list[list[int | None]] = [[0 if i == j else None for j in range(n)] for i in range(n)]
    km: list[list[float | None]] = [[0.0 if i == j else None for j in range(n)] for i in range(n)]
    seen_at: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    mentioned: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(
                Problem(file, f"line {line}", f"{len(row)} fields, expected {len(header)}")
            )
            continue
        a, b = row[col["from_id"]].strip(), row[col["to_id"]].strip()
        mentioned.update((a, b))
        where = f"line {line} ({a} → {b})"
        dur = _csv_number(row[col["duration_min"]], delimiter)
        dist = _csv_number(row[col["distance_km"]], delimiter)
        bad = False
        for name, value, raw, unit in (
            ("duration_min", dur, row[col["duration_min"]], "minutes"),
            ("distance_km", dist, row[col["distance_km"]], "km"),
        ):
            if value is None:
                problems.append(
                    Problem(file, where, f"{name} = {raw.strip()!r}: expected a number of {unit}")
                )
                bad = True
            elif value < 0:
                problems.append(
                    Problem(file, where, f"{name} = {raw.strip()}: expected a number >= 0")
                )
                bad = True
        if (a, b) in seen_at:
            problems.append(Problem(file, where, f"given twice (also line {seen_at[(a, b)]})"))
            continue
        seen_at[(a, b)] = line
        if bad or a not in index or b not in index or a == b or dur is None or dist is None:
            continue  # other places' rows are allowed: the file may cover a larger territory
        minutes[index[a]][index[b]] = math.ceil(dur - 1e-9)
        km[index[a]][index[b]] = round(dist, 3)
    absent = [p for p in places if p.id not in mentioned]
    for p in absent:
        problems.append(Problem(file, "(places)", f"no row mentions {p}"))
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
        problems.append(Problem(file, "(pairs)", f"no row from {p} to {q}"))
    if len(gaps) > _MAX_LISTED:
        problems.append(Problem(file, "(pairs)", f"and {len(gaps) - _MAX_LISTED} more pairs"))
    if problems:
        raise InputError(problems)
    return TravelMatrix(
        distance_km=tuple(tuple(float(v or 0.0) for v in row) for row in km),
        duration_min=tuple(tuple(int(v or 0) for v in row) for row in minutes),
        model="matrix_csv",
        ids=tuple(p.id for p in places),
        matrix_file=file,
    )


def _csv_number(raw: str, delimiter: str) -> float | None:
    text = raw.strip()
    if delimiter == ";":
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None

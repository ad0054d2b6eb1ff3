"""The plan as data: frozen Plan, Route, Visit, Unserved; read and write ``plan.json``.

Times are minutes after midnight inside busplanner and ``"HH:MM"`` in ``plan.json``.
The JSON contract (``schema = "busplanner.plan/1"``) is documented in ``docs/plan.md``.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from busplanner.errors import PlanFileError, Problem, read_input_text
from busplanner.i18n import Msg
from busplanner.region import Region
from busplanner.scenario import Depot
from busplanner.timeutil import WEEKDAYS, format_hhmm, parse_hhmm
from busplanner.travel import DEPOT_ID, TravelMatrix, leg_geometries

SCHEMA = "busplanner.plan/1"
MAX_PLAN_MB = 128
"""The largest ``plan.json`` read: a plan of the default scenario is 26 kB, the published
rotation of a 20,000-row timetable (``current.json``, 19,000 stops) 31 MB."""
MAX_DEPTH = 16
"""Lists and objects in ``plan.json`` nest at most this deep (busplanner's nest 6)."""
MAX_WEEKS = 52
"""The longest cycle a plan may have (a scenario's is at most 12 weeks)."""
MAX_BUS = 1000
"""The highest bus number a plan may use."""
MAX_KM = 1_000_000.0
"""The longest leg a plan may record (a bound against overflow, not a rule: a published
rotation imported with a stop on another continent records its drive as it is)."""
MAX_DRIVE_MIN = 1_000_000
"""The longest drive a leg may record, in minutes (likewise)."""
DAY_MIN = 24 * 60
SCHEMA_NETWORK = "busplanner.plan/2"
"""A plan with several bases: ``/1`` plus ``depots`` (see ``docs/plan.md``). A plan with one
base is still written as ``/1``, byte for byte as before."""
HALF_DAYS = ("morning", "afternoon")


@dataclass(frozen=True)
class Stop:
    """A served place (a commune's stop) and its rotation in the plan.

    Attributes
    ----------
    id
        INSEE code for a commune.
    windows
        Weekday -> intervals (minutes) inside which a session at this stop had to lie.
    visits_per_cycle
        Visits the frequency rule asked for over the cycle.
    visits_planned
        Visits the plan holds (``visits_per_cycle`` minus what is listed as unserved).
    weekday, half_day
        The fixed weekday and half-day (``"morning"``/``"afternoon"``) of every visit,
        or ``None`` when the stop is not visited at all.
    every_weeks
        Weeks between two visits (1 = weekly), or ``None`` when not visited.
    first_week
        1-based week of the first visit in the cycle, or ``None``.
    """

    id: str
    name: str
    lon: float
    lat: float
    address: str
    population: int | None
    demand_weight: float
    visits_per_cycle: int
    visits_planned: int
    windows: Mapping[str, tuple[tuple[int, int], ...]]
    weekday: str | None = None
    half_day: str | None = None
    every_weeks: int | None = None
    first_week: int | None = None
    bus: int | None = None
    session_min: int | None = None


@dataclass(frozen=True)
class Visit:
    """One session at a stop, on a route.

    ``arrival_min`` is when the bus arrives; the session (public hours) runs from
    ``start_min`` to ``end_min``. ``drive_min``/``distance_km`` are the leg from the
    previous place (the depot for the first visit).
    """

    stop_id: str
    arrival_min: int
    start_min: int
    end_min: int
    half_day: str
    drive_min: int
    distance_km: float


@dataclass(frozen=True)
class Break:
    """The crew's lunch break."""

    start_min: int
    end_min: int


@dataclass(frozen=True)
class Route:
    """One bus on one day of the cycle: depot -> visits -> depot.

    ``start_min`` is the departure from the depot, ``end_min`` the return to it (a route
    with no afternoon session takes its lunch break at the depot after ``end_min``).
    ``return_drive_min``/``return_distance_km`` are the last leg back to the depot.
    """

    bus: int
    week: int
    day: str
    start_min: int
    end_min: int
    visits: tuple[Visit, ...]
    breaks: tuple[Break, ...]
    return_drive_min: int
    return_distance_km: float

    @property
    def distance_km(self) -> float:
        """Kilometres driven on the route, depot to depot."""
        return round(sum(v.distance_km for v in self.visits) + self.return_distance_km, 3)

    @property
    def driving_min(self) -> int:
        """Minutes driven on the route, depot to depot."""
        return sum(v.drive_min for v in self.visits) + self.return_drive_min


@dataclass(frozen=True)
class Unserved:
    """Visits the plan could not hold, with a concrete reason."""

    stop_id: str
    missing_visits: int
    reason: str
    reason_fr: str = ""

    def reason_in(self, lang: str) -> str:
        """The reason in French (``"fr"``) when known, else in English."""
        return self.reason_fr if lang.startswith("fr") and self.reason_fr else self.reason


@dataclass(frozen=True)
class Leg:
    """One drive a route makes, from one place to the next, as the travel source gave it.

    ``from_id``/``to_id`` are ``"depot"`` or a stop's id. ``geometry``: the road it takes,
    ``(lon, lat)`` points from one place to the other, when the source gives it (``osm``).
    """

    from_id: str
    to_id: str
    drive_min: int
    distance_km: float
    geometry: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class TravelInfo:
    """How driving times and distances were computed (assumptions named).

    The great-circle model gives its assumptions, ``speed_kmh`` and ``detour_factor``; the
    other models give their source, ``url`` (``osrm``, ``valhalla``) or ``matrix_file``
    (``matrix_csv``), and ``legs``: every drive the routes make, so that the plan can be
    checked without asking the service again. An ``osm`` matrix also gives the extract
    (``osm_file``, its ``osm_date`` and ``osm_sha256``), the ``rules`` it was read with, the
    ``attribution`` its licence asks for, how far each place was moved onto the roads
    (``snap_m``: place id, metres) and each leg's road line.
    """

    model: str
    speed_kmh: float | None = None
    detour_factor: float | None = None
    url: str = ""
    matrix_file: str = ""
    legs: tuple[Leg, ...] = ()
    osm_file: str = ""
    osm_date: str = ""
    osm_sha256: str = ""
    rules: str = ""
    attribution: str = ""
    snap_m: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_matrix(
        cls,
        matrix: TravelMatrix,
        routes: tuple[Route, ...] | list[Route],
        home: Mapping[int, str] | None = None,
    ) -> TravelInfo:
        """What ``plan.json`` records of ``matrix`` for these routes (``home``: the depot id
        of each bus, when there are several bases)."""
        if matrix.model == "great_circle":
            return cls(matrix.model, matrix.speed_kmh, matrix.detour_factor)
        row = {place_id: i for i, place_id in enumerate(matrix.ids)}
        pairs: set[tuple[str, str]] = set()
        for r in routes:
            depot = (home or {}).get(r.bus, DEPOT_ID)
            places = [depot, *(v.stop_id for v in r.visits), depot]
            pairs.update(itertools.pairwise(places))
        lines = leg_geometries(matrix, sorted(pairs))
        legs = tuple(
            Leg(
                a,
                b,
                matrix.duration_min[row[a]][row[b]],
                matrix.distance_km[row[a]][row[b]],
                lines.get((a, b), ()),
            )
            for a, b in sorted(pairs)
        )
        info = cls(matrix.model, url=matrix.url, matrix_file=matrix.matrix_file, legs=legs)
        source = matrix.osm
        if source is None:
            return info
        return replace(
            info,
            osm_file=source.file,
            osm_date=source.date,
            osm_sha256=source.sha256,
            rules=source.rules,
            attribution=source.attribution,
            snap_m=tuple(zip(source.place_ids, source.snap_m, strict=True)),
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``travel`` section of ``plan.json``."""
        out: dict[str, Any] = {"model": self.model}
        if self.speed_kmh is not None:
            out["speed_kmh"] = self.speed_kmh
        if self.detour_factor is not None:
            out["detour_factor"] = self.detour_factor
        if self.url:
            out["url"] = self.url
        if self.matrix_file:
            out["matrix_file"] = self.matrix_file
        for key in ("osm_file", "osm_date", "osm_sha256", "rules", "attribution"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.snap_m:
            out["snap_m"] = dict(self.snap_m)
        if self.legs:
            out["legs"] = [_leg_to_dict(leg) for leg in self.legs]
        return out

    def line(self, from_id: str, to_id: str) -> tuple[tuple[float, float], ...]:
        """The road line of a leg, or ``()`` when the plan holds none."""
        for leg in self.legs:
            if leg.from_id == from_id and leg.to_id == to_id:
                return leg.geometry
        return ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TravelInfo:
        """Read the ``travel`` section of ``plan.json`` (KeyError, TypeError or ValueError)."""
        speed, detour = d.get("speed_kmh"), d.get("detour_factor")
        return cls(
            model=str(d["model"]),
            speed_kmh=None if speed is None else float(speed),
            detour_factor=None if detour is None else float(detour),
            url=str(d.get("url", "")),
            matrix_file=str(d.get("matrix_file", "")),
            legs=tuple(
                Leg(
                    str(g["from"]),
                    str(g["to"]),
                    int(g["drive_min"]),
                    float(g["distance_km"]),
                    tuple((float(x), float(y)) for x, y in g.get("geometry", ())),
                )
                for g in d.get("legs", ())
            ),
            osm_file=str(d.get("osm_file", "")),
            osm_date=str(d.get("osm_date", "")),
            osm_sha256=str(d.get("osm_sha256", "")),
            rules=str(d.get("rules", "")),
            attribution=str(d.get("attribution", "")),
            snap_m=tuple((str(k), float(v)) for k, v in dict(d.get("snap_m", {})).items()),
        )


def _coverage_from_dict(rd: _Reader, value: Any) -> CoverageInfo | None:
    """``solver.coverage``, when the plan has it."""
    if value is None:
        return None
    c = rd.mapping(value, "solver.coverage")
    where = "solver.coverage"
    proven = c.get("proven", False)
    if not isinstance(proven, bool):
        rd.add(f"{where}.proven", Msg("plan.boolean", found=_show(proven)))
    return CoverageInfo(
        stops_bound=rd.integer(c.get("stops_bound", 0), f"{where}.stops_bound", minimum=0),
        visits_bound=rd.integer(c.get("visits_bound", 0), f"{where}.visits_bound", minimum=0),
        reachable=rd.integer(c.get("reachable", 0), f"{where}.reachable", minimum=0),
        proven=proven is True,
        method=rd.text(c.get("method", ""), f"{where}.method"),
    )


def _leg_to_dict(leg: Leg) -> dict[str, Any]:
    out: dict[str, Any] = {
        "from": leg.from_id,
        "to": leg.to_id,
        "drive_min": leg.drive_min,
        "distance_km": leg.distance_km,
    }
    if leg.geometry:
        out["geometry"] = [list(p) for p in leg.geometry]
    return out


@dataclass(frozen=True)
class SolverInfo:
    """What the solver says of its answer.

    ``status`` is ``"optimal"`` (proven for the model) or ``"feasible"`` (with ``bound`` and
    ``gap``, a fraction: 0.05 = 5 %). ``objective`` and ``bound`` are kilometres driven per
    cycle plus the penalty of visits left out (see ``docs/model.md``).
    """

    status: str
    objective: float | None
    bound: float | None
    seconds: float
    seed: int
    gap: float | None = None
    method: str = ""
    coverage: CoverageInfo | None = None
    """What these buses could serve at most; ``None`` when the plan does not say."""


@dataclass(frozen=True)
class CoverageInfo:
    """What the buses could serve at most, whatever the plan (``docs/model.md``, "Coverage
    first, and its bound").

    ``stops_bound``: no plan serves more stops at least once per cycle; ``visits_bound``: no
    plan holds more visits per cycle (each stop at most as many as asked); ``reachable``:
    stops some bus can serve in a half-day at all; ``proven``: both bounds are the
    relaxation's proven optima (else its proven bounds, as valid); ``method``: the
    relaxation.
    """

    stops_bound: int
    visits_bound: int
    reachable: int
    proven: bool
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The record's JSON form (``solver.coverage``)."""
        return {
            "stops_bound": self.stops_bound,
            "visits_bound": self.visits_bound,
            "reachable": self.reachable,
            "proven": self.proven,
            "method": self.method,
        }


@dataclass(frozen=True)
class Base:
    """A base of a plan with several (``busplanner.plan/2``): its id (``"depot"``,
    ``"depot-2"``…), its depot, its buses (1-based) and when they work."""

    id: str
    depot: Depot
    buses: tuple[int, ...]
    days: tuple[str, ...]
    shift_start_min: int
    shift_end_min: int
    open_start_min: int
    open_end_min: int


@dataclass(frozen=True)
class Plan:
    """A whole plan: the rotation over the cycle, its routes, what is left out, the figures."""

    scenario_name: str
    scenario_path: str
    cycle_weeks: int
    days: tuple[str, ...]
    depot: Depot
    stops: tuple[Stop, ...]
    routes: tuple[Route, ...]
    unserved: tuple[Unserved, ...]
    travel: TravelInfo
    kpis: Mapping[str, Any]
    solver: SolverInfo
    session_min: int = 0
    warnings: tuple[str, ...] = field(default=())
    bases: tuple[Base, ...] = ()
    """Every base, with several (``depot`` is then the first); empty with one."""
    changes: Mapping[str, Any] | None = None
    """With ``plan --keep``: what residents will see change against the plan kept from
    (:func:`busplanner.reports.changes.changes_record`); ``None`` otherwise."""
    imported: Mapping[str, Any] | None = None
    """A published timetable's ``current.json``: ``{"file", "rows", "skipped"}``, the
    published rows of its mobile and how many the import left out; ``None`` otherwise."""
    region: Region = field(default_factory=Region)
    """The run's country and units (``[calendar] country``, ``[units]``): recorded in
    ``region`` only when not the French default, so that French plans keep their bytes."""

    def home(self, bus: int) -> tuple[str, Depot]:
        """The id and depot of bus ``bus``'s base (1-based bus)."""
        for b in self.bases:
            if bus in b.buses:
                return b.id, b.depot
        return DEPOT_ID, self.depot

    def base_of(self, bus: int) -> Base | None:
        """The base of bus ``bus`` (1-based) when there are several; ``None`` with one base
        (or a bus no base lists)."""
        for b in self.bases:
            if bus in b.buses:
                return b
        return None

    def buses(self) -> tuple[int, ...]:
        """Every bus of the plan, in order: the bases' buses and any bus a route names."""
        listed = {bus for b in self.bases for bus in b.buses}
        return tuple(sorted(listed | {r.bus for r in self.routes}))

    def bus_label(self, bus: int) -> str:
        """How a bus is named: its number, with its base's name when there are several."""
        for b in self.bases:
            if bus in b.buses:
                return b.depot.name if len(b.buses) == 1 else f"{b.depot.name} {bus}"
        return str(bus)

    def route_line(self, route: Route) -> list[tuple[float, float]]:
        """The ``(lon, lat)`` line a route drives, depot → stops → depot: along the roads
        when the plan holds every leg's road line (``osm``), else straight from place to
        place."""
        stops = {s.id: s for s in self.stops}
        home_id, depot = self.home(route.bus)
        ids = [home_id, *(v.stop_id for v in route.visits if v.stop_id in stops), home_id]
        points = [
            (depot.lon, depot.lat),
            *((stops[i].lon, stops[i].lat) for i in ids[1:-1]),
            (depot.lon, depot.lat),
        ]
        if not self.travel.legs:
            return points
        line: list[tuple[float, float]] = []
        for a, b in itertools.pairwise(ids):
            if a == b:
                continue
            part = self.travel.line(a, b)
            if not part:
                return points
            line.extend(part[1:] if line else part)
        return line or points

    def stop(self, stop_id: str) -> Stop:
        """The stop with this id."""
        for s in self.stops:
            if s.id == stop_id:
                return s
        raise KeyError(stop_id)

    def to_dict(self) -> dict[str, Any]:
        """The plan in its JSON form (``busplanner.plan/1``; ``/2`` with several bases)."""
        out = {
            "schema": SCHEMA_NETWORK if self.bases else SCHEMA,
            "scenario": {"name": self.scenario_name, "path": self.scenario_path},
            "cycle_weeks": self.cycle_weeks,
            "days": list(self.days),
            "session_min": self.session_min,
            "depot": {
                "name": self.depot.name,
                "address": self.depot.address,
                "lon": self.depot.lon,
                "lat": self.depot.lat,
            },
            "stops": [_stop_to_dict(s) for s in self.stops],
            "routes": [_route_to_dict(r) for r in self.routes],
            "unserved": [
                {
                    "stop_id": u.stop_id,
                    "missing_visits": u.missing_visits,
                    "reason": u.reason,
                    "reason_fr": u.reason_fr,
                }
                for u in self.unserved
            ],
            "travel": self.travel.to_dict(),
            "kpis": dict(self.kpis),
            "solver": {
                "status": self.solver.status,
                "objective": self.solver.objective,
                "bound": self.solver.bound,
                "gap": self.solver.gap,
                "seconds": self.solver.seconds,
                "seed": self.solver.seed,
                "method": self.solver.method,
                **(
                    {"coverage": self.solver.coverage.to_dict()}
                    if self.solver.coverage is not None
                    else {}
                ),
            },
            "warnings": list(self.warnings),
        }
        if self.bases:
            out["depots"] = [
                {
                    "id": b.id,
                    "name": b.depot.name,
                    "address": b.depot.address,
                    "lon": b.depot.lon,
                    "lat": b.depot.lat,
                    "buses": list(b.buses),
                    "days": list(b.days),
                    "shift": [format_hhmm(b.shift_start_min), format_hhmm(b.shift_end_min)],
                    "open": [format_hhmm(b.open_start_min), format_hhmm(b.open_end_min)],
                }
                for b in self.bases
            ]
        if self.changes is not None:
            out["changes"] = dict(self.changes)
        if self.imported is not None:
            out["imported"] = dict(self.imported)
        if not self.region.is_default:
            out["region"] = self.region.to_dict()
        return out

    def to_json(self) -> str:
        """The plan as JSON text (stable key order, so equal plans give equal bytes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "plan.json") -> Plan:
        """Rebuild a plan from its JSON form.

        Raises
        ------
        PlanFileError
            If the data does not follow ``busplanner.plan/1``.
        """
        if _deeper_than(data, MAX_DEPTH):
            raise PlanFileError(Problem(source, "(file)", Msg("plan.too_deep", max=MAX_DEPTH)))
        if not isinstance(data, Mapping) or data.get("schema") not in (SCHEMA, SCHEMA_NETWORK):
            found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
            raise PlanFileError(
                Problem(
                    source,
                    "schema",
                    Msg("plan.schema", a=SCHEMA, b=SCHEMA_NETWORK, found=repr(found)),
                )
            )
        return _plan_from_dict(data, source=source)


def read_plan(path: Path) -> Plan:
    """Read a ``plan.json`` written by busplanner.

    Raises
    ------
    PlanFileError
        If the file is missing, not JSON, or not a busplanner plan.
    """
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_input_text says why
    if size > MAX_PLAN_MB * 2**20:
        problem = Problem(file, "(file)", Msg("plan.too_big", mb=size / 2**20, max=MAX_PLAN_MB))
        raise PlanFileError(problem)
    text = read_input_text(path, PlanFileError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            Problem(file, Msg("plan.line", n=exc.lineno), Msg("plan.bad_json", why=exc.msg))
        ) from None
    except RecursionError:
        raise PlanFileError(Problem(file, "(file)", Msg("plan.too_deep", max=MAX_DEPTH))) from None
    except ValueError as exc:  # a whole number of thousands of digits
        raise PlanFileError(Problem(file, "(file)", Msg("plan.bad_json", why=str(exc)))) from None
    return Plan.from_dict(data, source=file)


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` levels (looked at
    without recursion: a hostile file may nest thousands)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _windows_to_dict(windows: Mapping[str, tuple[tuple[int, int], ...]]) -> dict[str, Any]:
    return {
        day: [[format_hhmm(a), format_hhmm(b)] for a, b in intervals]
        for day, intervals in windows.items()
    }


def _stop_to_dict(s: Stop) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "address": s.address,
        "lon": s.lon,
        "lat": s.lat,
        "population": s.population,
        "demand_weight": s.demand_weight,
        "visits_per_cycle": s.visits_per_cycle,
        "visits_planned": s.visits_planned,
        "weekday": s.weekday,
        "half_day": s.half_day,
        "every_weeks": s.every_weeks,
        "first_week": s.first_week,
        "bus": s.bus,
        "session_min": s.session_min,
        "windows": _windows_to_dict(s.windows),
    }


def _route_to_dict(r: Route) -> dict[str, Any]:
    return {
        "bus": r.bus,
        "week": r.week,
        "day": r.day,
        "start": format_hhmm(r.start_min),
        "end": format_hhmm(r.end_min),
        "distance_km": r.distance_km,
        "driving_min": r.driving_min,
        "visits": [
            {
                "stop_id": v.stop_id,
                "half_day": v.half_day,
                "arrival": format_hhmm(v.arrival_min),
                "start": format_hhmm(v.start_min),
                "end": format_hhmm(v.end_min),
                "drive_min": v.drive_min,
                "distance_km": v.distance_km,
            }
            for v in r.visits
        ],
        "return_drive_min": r.return_drive_min,
        "return_distance_km": r.return_distance_km,
        "breaks": [
            {"start": format_hhmm(b.start_min), "end": format_hhmm(b.end_min)} for b in r.breaks
        ],
    }


_MAX_PROBLEMS = 20  # problems listed one by one; the rest are counted
_REQUIRED: Any = object()


class _Reader:
    """Reads ``plan.json`` field by field; collects one problem per bad field, named by its
    path (``routes[2].visits[0].start``), and gives a placeholder so reading goes on."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, where, message))

    def get(self, obj: Mapping[str, Any], key: str, where: str, default: Any = _REQUIRED) -> Any:
        """``obj[key]``; a missing required key is a problem (and ``None``)."""
        if key in obj:
            return obj[key]
        if default is _REQUIRED:
            self.add(where, Msg("plan.missing"))
            return None
        return default

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        if value is not None:
            self.add(where, Msg("plan.object", found=_kind(value)))
        return {}

    def items(self, value: Any, where: str) -> list[Any]:
        if isinstance(value, list):
            return value
        if value is not None:
            self.add(where, Msg("plan.list", found=_kind(value)))
        return []

    def objects(self, value: Any, where: str) -> list[tuple[int, Mapping[str, Any]]]:
        """The objects of a list, with their index; other items are problems, left out."""
        out = []
        for i, item in enumerate(self.items(value, where)):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.add(f"{where}[{i}]", Msg("plan.object", found=_kind(item)))
        return out

    def text(self, value: Any, where: str, *, ident: bool = False) -> str:
        """A string (an id may also be written as a whole number: ``35002``)."""
        if isinstance(value, str):
            return value
        if ident and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if value is not None:
            self.add(where, Msg("plan.text", found=_kind(value)))
        return ""

    def optional_text(self, value: Any, where: str) -> str | None:
        return None if value is None else self.text(value, where)

    def integer(
        self, value: Any, where: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        """A whole number (``3.0`` too) within the bounds given; out of them, a problem and
        the nearest bound (so that nothing downstream sees the value)."""
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            if value is not None:
                self.add(where, Msg("plan.whole", found=_show(value)))
            return 0 if minimum is None else minimum
        if maximum is not None and not (minimum or 0) <= value <= maximum:
            shown = _show_int(value)
            self.add(where, Msg("plan.whole_range", value=shown, low=minimum or 0, high=maximum))
            return minimum or 0
        if minimum is not None and value < minimum:
            self.add(where, Msg("plan.whole_min", value=_show_int(value), minimum=minimum))
            return minimum
        return value

    def optional_integer(
        self, value: Any, where: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        return (
            None if value is None else self.integer(value, where, minimum=minimum, maximum=maximum)
        )

    def choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str:
        """One of ``choices`` (a weekday, a half-day)."""
        text = self.text(value, where)
        if value is not None and isinstance(value, str) and text not in choices:
            self.add(where, Msg("plan.one_of", value=_show(value), choices=" | ".join(choices)))
            return choices[0]
        return text or choices[0]

    def optional_choice(self, value: Any, where: str, choices: tuple[str, ...]) -> str | None:
        return None if value is None else self.choice(value, where, choices)

    def number(
        self,
        value: Any,
        where: str,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float:
        """A finite number (NaN and infinities are refused), within the bounds given."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            if value is not None:
                self.add(where, Msg("plan.number", found=_show(value)))
            return 0.0
        try:
            number = float(value)
        except OverflowError:  # a whole number past a float's range
            number = math.inf
        if not math.isfinite(number):
            self.add(where, Msg("plan.finite", value=_show(value)))
            return 0.0
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            bounds = (
                Msg("plan.between", low=minimum, high=maximum)
                if minimum is not None and maximum is not None
                else Msg("plan.at_least", low=minimum)
                if minimum is not None
                else Msg("plan.at_most", high=maximum)
            )
            self.add(where, Msg("plan.number_bounds", value=_show(value), bounds=bounds))
            return 0.0 if minimum is None else minimum
        return number

    def optional_number(self, value: Any, where: str, **bounds: float) -> float | None:
        return None if value is None else self.number(value, where, **bounds)

    def time(self, value: Any, where: str) -> int:
        if value is None:
            return 0
        try:
            return parse_hhmm(value)
        except ValueError as exc:
            self.add(where, exc.args[0])
            return 0

    def lon_lat(self, obj: Mapping[str, Any], where: str) -> tuple[float, float]:
        lon = self.number(self.get(obj, "lon", f"{where}.lon"), f"{where}.lon", **_LON)
        lat = self.number(self.get(obj, "lat", f"{where}.lat"), f"{where}.lat", **_LAT)
        return lon, lat

    def fail(self) -> None:
        """Raise every problem found (the first ``_MAX_PROBLEMS``, then a count)."""
        if not self.problems:
            return
        shown = self.problems[:_MAX_PROBLEMS]
        if len(self.problems) > _MAX_PROBLEMS:
            more = len(self.problems) - _MAX_PROBLEMS
            shown.append(Problem(self.source, "(more)", Msg("plan.more", n=more)))
        raise PlanFileError(shown)


_MAX_VISITS = 7 * MAX_WEEKS
"""Visits a stop may ask for or miss in a cycle: one a day."""
MAX_SEED = 2**31 - 1
"""The largest seed (CP-SAT's ``random_seed`` is a 32-bit integer)."""


def _check_numbers(rd: _Reader, value: Any, where: str) -> None:
    """Every number in ``value`` (the free-form ``kpis``) finite, each bad one named."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((v, f"{at}.{k}") for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{at}[{k}]") for k, v in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            rd.add(at, Msg("plan.finite", value=_show(item)))


_LON: dict[str, float] = {"minimum": -180.0, "maximum": 180.0}
_LAT: dict[str, float] = {"minimum": -90.0, "maximum": 90.0}


def _kind(value: Any) -> str:
    kinds = {dict: "object", list: "list", str: "text", bool: "bool"}
    if value is None:
        return "null"
    kind = kinds.get(type(value))
    return _show(value) if kind is None else Msg(f"plan.kind.{kind}")


def _show_int(value: int) -> str:
    """A whole number as found, or its order of magnitude when it is huge."""
    if abs(value) < 10**18:
        return str(value)
    return f"{'-' if value < 0 else ''}~10^{int(value.bit_length() * math.log10(2))}"


def _show(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return _show_int(value)
    try:
        text = (
            json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
        )
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _plan_from_dict(d: Mapping[str, Any], *, source: str = "plan.json") -> Plan:
    """Read a plan's JSON form field by field.

    Raises
    ------
    PlanFileError
        With every bad field, each named by its path (``routes[2].visits[0].start``).
    """
    rd = _Reader(source)
    scenario = rd.mapping(rd.get(d, "scenario", "scenario", None), "scenario")
    cycle_weeks = rd.integer(
        rd.get(d, "cycle_weeks", "cycle_weeks"), "cycle_weeks", minimum=1, maximum=MAX_WEEKS
    )
    session_min = rd.integer(d.get("session_min", 0), "session_min", minimum=0, maximum=DAY_MIN)
    days = tuple(
        rd.choice(day, f"days[{i}]", WEEKDAYS)
        for i, day in enumerate(rd.items(rd.get(d, "days", "days"), "days"))
    )
    depot = rd.mapping(rd.get(d, "depot", "depot"), "depot")
    depot_lon, depot_lat = rd.lon_lat(depot, "depot") if depot else (0.0, 0.0)
    stops = tuple(
        _stop_from_dict(rd, s, f"stops[{i}]")
        for i, s in rd.objects(rd.get(d, "stops", "stops"), "stops")
    )
    routes = _routes_from_dict(rd, d)
    unserved = _unserved_from_dict(rd, d)
    travel_data = rd.get(d, "travel", "travel", None)
    travel = (
        TravelInfo("unknown")
        if travel_data is None
        else _travel_from_dict(rd, rd.mapping(travel_data, "travel"))
    )
    kpis = rd.mapping(rd.get(d, "kpis", "kpis", None), "kpis")
    _check_numbers(rd, kpis, "kpis")
    solver = rd.mapping(rd.get(d, "solver", "solver", None), "solver")
    warnings = rd.items(rd.get(d, "warnings", "warnings", []), "warnings")
    plan = Plan(
        scenario_name=rd.text(scenario.get("name", ""), "scenario.name"),
        scenario_path=rd.text(scenario.get("path", ""), "scenario.path"),
        cycle_weeks=cycle_weeks,
        days=days,
        depot=Depot(
            name=rd.text(depot.get("name", "depot"), "depot.name"),
            lon=depot_lon,
            lat=depot_lat,
            address=rd.text(depot.get("address", ""), "depot.address"),
        ),
        stops=stops,
        routes=tuple(routes),
        unserved=tuple(unserved),
        travel=travel,
        kpis=dict(kpis),
        solver=_solver_from_dict(rd, solver),
        session_min=session_min,
        warnings=tuple(rd.text(w, f"warnings[{i}]") for i, w in enumerate(warnings)),
        bases=_bases_from_dict(rd, d),
        changes=dict(d["changes"]) if isinstance(d.get("changes"), Mapping) else None,
        imported=dict(d["imported"]) if isinstance(d.get("imported"), Mapping) else None,
        region=Region.from_dict(d.get("region")),
    )
    rd.fail()
    return plan


def _routes_from_dict(rd: _Reader, d: Mapping[str, Any]) -> list[Route]:
    """The ``routes``, a bus day listed twice reported (once each route reads well)."""
    routes = []
    first_of: dict[tuple[int, str, int], int] = {}
    for i, r in rd.objects(rd.get(d, "routes", "routes"), "routes"):
        before = len(rd.problems)
        route = _route_from_dict(rd, r, f"routes[{i}]")
        key = (route.week, route.day, route.bus)
        if len(rd.problems) > before:
            continue  # its week, day or bus may be wrong: no second problem
        if key in first_of:
            rd.add(
                f"routes[{i}]",
                Msg(
                    "plan.route_twice",
                    bus=route.bus,
                    week=route.week,
                    day=route.day,
                    first=first_of[key],
                ),
            )
            continue
        first_of[key] = i
        routes.append(route)
    return routes


def _unserved_from_dict(rd: _Reader, d: Mapping[str, Any]) -> list[Unserved]:
    """The ``unserved`` visits, each with its reasons."""
    unserved = []
    for i, u in rd.objects(rd.get(d, "unserved", "unserved", []), "unserved"):
        w = f"unserved[{i}]"
        unserved.append(
            Unserved(
                rd.text(rd.get(u, "stop_id", f"{w}.stop_id"), f"{w}.stop_id", ident=True),
                rd.integer(
                    rd.get(u, "missing_visits", f"{w}.missing_visits"),
                    f"{w}.missing_visits",
                    minimum=0,
                    maximum=_MAX_VISITS,
                ),
                rd.text(rd.get(u, "reason", f"{w}.reason"), f"{w}.reason"),
                rd.text(rd.get(u, "reason_fr", f"{w}.reason_fr", ""), f"{w}.reason_fr"),
            )
        )
    return unserved


def _solver_from_dict(rd: _Reader, solver: Mapping[str, Any]) -> SolverInfo:
    """The ``solver`` record: status, objective, bound, time, seed, gap, method, coverage."""
    return SolverInfo(
        status=rd.text(solver.get("status", "unknown"), "solver.status"),
        objective=rd.optional_number(solver.get("objective"), "solver.objective"),
        bound=rd.optional_number(solver.get("bound"), "solver.bound"),
        seconds=rd.number(solver.get("seconds", 0.0), "solver.seconds", minimum=0),
        seed=rd.integer(solver.get("seed", 0), "solver.seed", minimum=0, maximum=MAX_SEED),
        gap=rd.optional_number(solver.get("gap"), "solver.gap"),
        method=rd.text(solver.get("method", ""), "solver.method"),
        coverage=_coverage_from_dict(rd, solver.get("coverage")),
    )


def _bases_from_dict(rd: _Reader, d: Mapping[str, Any]) -> tuple[Base, ...]:
    """The ``depots`` of a ``busplanner.plan/2`` plan (none in ``/1``)."""
    out = []
    for i, b in rd.objects(rd.get(d, "depots", "depots", []), "depots"):
        w = f"depots[{i}]"
        lon, lat = rd.lon_lat(b, w)
        clock: list[int] = []
        for key in ("shift", "open"):
            pair = rd.items(rd.get(b, key, f"{w}.{key}"), f"{w}.{key}")
            if len(pair) != 2:
                rd.add(f"{w}.{key}", Msg("plan.pair", found=repr(pair)))
                pair = ["00:00", "00:00"]
            clock += [rd.time(t, f"{w}.{key}[{k}]") for k, t in enumerate(pair)]
        out.append(
            Base(
                id=rd.text(rd.get(b, "id", f"{w}.id"), f"{w}.id", ident=True),
                depot=Depot(
                    name=rd.text(b.get("name", "depot"), f"{w}.name"),
                    lon=lon,
                    lat=lat,
                    address=rd.text(b.get("address", ""), f"{w}.address"),
                ),
                buses=tuple(
                    rd.integer(x, f"{w}.buses[{k}]", minimum=1, maximum=MAX_BUS)
                    for k, x in enumerate(rd.items(rd.get(b, "buses", f"{w}.buses"), f"{w}.buses"))
                ),
                days=tuple(
                    rd.choice(x, f"{w}.days[{k}]", WEEKDAYS)
                    for k, x in enumerate(rd.items(rd.get(b, "days", f"{w}.days"), f"{w}.days"))
                ),
                shift_start_min=clock[0],
                shift_end_min=clock[1],
                open_start_min=clock[2],
                open_end_min=clock[3],
            )
        )
    return tuple(out)


def _stop_from_dict(rd: _Reader, s: Mapping[str, Any], w: str) -> Stop:
    lon, lat = rd.lon_lat(s, w)
    stop_id = rd.text(rd.get(s, "id", f"{w}.id"), f"{w}.id", ident=True)
    windows: dict[str, tuple[tuple[int, int], ...]] = {}
    for day, intervals in rd.mapping(s.get("windows"), f"{w}.windows").items():
        if day not in WEEKDAYS:
            rd.add(
                f"{w}.windows", Msg("plan.one_of", value=_show(day), choices=" | ".join(WEEKDAYS))
            )
            continue
        spans = []
        for j, pair in enumerate(rd.items(intervals, f"{w}.windows.{day}")):
            where = f"{w}.windows.{day}[{j}]"
            if not isinstance(pair, list) or len(pair) != 2:
                rd.add(where, Msg("plan.hours_pair", found=_show(pair)))
                continue
            spans.append((rd.time(pair[0], where), rd.time(pair[1], where)))
        windows[day] = tuple(spans)
    visits_per_cycle = rd.integer(
        rd.get(s, "visits_per_cycle", f"{w}.visits_per_cycle"),
        f"{w}.visits_per_cycle",
        minimum=0,
        maximum=_MAX_VISITS,
    )
    return Stop(
        id=stop_id,
        name=rd.text(s.get("name") or stop_id, f"{w}.name"),
        lon=lon,
        lat=lat,
        address=rd.text(s.get("address") or "", f"{w}.address"),
        population=rd.optional_integer(
            s.get("population"), f"{w}.population", minimum=0, maximum=10**10
        ),
        demand_weight=rd.number(
            s.get("demand_weight", 1.0), f"{w}.demand_weight", minimum=0, maximum=1e12
        ),
        visits_per_cycle=visits_per_cycle,
        visits_planned=rd.integer(
            s.get("visits_planned", visits_per_cycle),
            f"{w}.visits_planned",
            minimum=0,
            maximum=_MAX_VISITS,
        ),
        windows=windows,
        weekday=rd.optional_choice(s.get("weekday"), f"{w}.weekday", WEEKDAYS),
        half_day=rd.optional_choice(s.get("half_day"), f"{w}.half_day", HALF_DAYS),
        every_weeks=rd.optional_integer(
            s.get("every_weeks"), f"{w}.every_weeks", minimum=1, maximum=MAX_WEEKS
        ),
        first_week=rd.optional_integer(
            s.get("first_week"), f"{w}.first_week", minimum=1, maximum=MAX_WEEKS
        ),
        bus=rd.optional_integer(s.get("bus"), f"{w}.bus", minimum=1, maximum=MAX_BUS),
        session_min=rd.optional_integer(
            s.get("session_min"), f"{w}.session_min", minimum=0, maximum=DAY_MIN
        ),
    )


def _route_from_dict(rd: _Reader, r: Mapping[str, Any], w: str) -> Route:
    visits = []
    for j, v in rd.objects(rd.get(r, "visits", f"{w}.visits"), f"{w}.visits"):
        vw = f"{w}.visits[{j}]"
        visits.append(
            Visit(
                stop_id=rd.text(rd.get(v, "stop_id", f"{vw}.stop_id"), f"{vw}.stop_id", ident=True),
                arrival_min=rd.time(rd.get(v, "arrival", f"{vw}.arrival"), f"{vw}.arrival"),
                start_min=rd.time(rd.get(v, "start", f"{vw}.start"), f"{vw}.start"),
                end_min=rd.time(rd.get(v, "end", f"{vw}.end"), f"{vw}.end"),
                half_day=rd.choice(
                    rd.get(v, "half_day", f"{vw}.half_day"), f"{vw}.half_day", HALF_DAYS
                ),
                drive_min=rd.integer(
                    rd.get(v, "drive_min", f"{vw}.drive_min"),
                    f"{vw}.drive_min",
                    minimum=0,
                    maximum=MAX_DRIVE_MIN,
                ),
                distance_km=rd.number(
                    rd.get(v, "distance_km", f"{vw}.distance_km"),
                    f"{vw}.distance_km",
                    minimum=0,
                    maximum=MAX_KM,
                ),
            )
        )
    breaks = []
    for j, b in rd.objects(r.get("breaks", []), f"{w}.breaks"):
        bw = f"{w}.breaks[{j}]"
        breaks.append(
            Break(
                rd.time(rd.get(b, "start", f"{bw}.start"), f"{bw}.start"),
                rd.time(rd.get(b, "end", f"{bw}.end"), f"{bw}.end"),
            )
        )
    # Written by busplanner, recomputed when read: checked all the same.
    rd.optional_number(r.get("distance_km"), f"{w}.distance_km", minimum=0)
    rd.optional_integer(r.get("driving_min"), f"{w}.driving_min", minimum=0)
    return Route(
        bus=rd.integer(rd.get(r, "bus", f"{w}.bus"), f"{w}.bus", minimum=1, maximum=MAX_BUS),
        week=rd.integer(rd.get(r, "week", f"{w}.week"), f"{w}.week", minimum=1, maximum=MAX_WEEKS),
        day=rd.choice(rd.get(r, "day", f"{w}.day"), f"{w}.day", WEEKDAYS),
        start_min=rd.time(rd.get(r, "start", f"{w}.start"), f"{w}.start"),
        end_min=rd.time(rd.get(r, "end", f"{w}.end"), f"{w}.end"),
        visits=tuple(visits),
        breaks=tuple(breaks),
        return_drive_min=rd.integer(
            rd.get(r, "return_drive_min", f"{w}.return_drive_min"),
            f"{w}.return_drive_min",
            minimum=0,
            maximum=MAX_DRIVE_MIN,
        ),
        return_distance_km=rd.number(
            rd.get(r, "return_distance_km", f"{w}.return_distance_km"),
            f"{w}.return_distance_km",
            minimum=0,
            maximum=MAX_KM,
        ),
    )


def _travel_from_dict(rd: _Reader, t: Mapping[str, Any]) -> TravelInfo:
    legs = []
    for j, g in rd.objects(t.get("legs", []), "travel.legs"):
        gw = f"travel.legs[{j}]"
        legs.append(
            Leg(
                rd.text(rd.get(g, "from", f"{gw}.from"), f"{gw}.from", ident=True),
                rd.text(rd.get(g, "to", f"{gw}.to"), f"{gw}.to", ident=True),
                rd.integer(
                    rd.get(g, "drive_min", f"{gw}.drive_min"),
                    f"{gw}.drive_min",
                    minimum=0,
                    maximum=MAX_DRIVE_MIN,
                ),
                rd.number(
                    rd.get(g, "distance_km", f"{gw}.distance_km"),
                    f"{gw}.distance_km",
                    minimum=0,
                    maximum=MAX_KM,
                ),
                _line_from_dict(rd, g.get("geometry", []), f"{gw}.geometry"),
            )
        )
    snaps = []
    for key, value in rd.mapping(t.get("snap_m", {}), "travel.snap_m").items():
        snaps.append((str(key), rd.number(value, f"travel.snap_m.{key}", minimum=0)))
    return TravelInfo(
        model=rd.text(rd.get(t, "model", "travel.model"), "travel.model"),
        speed_kmh=rd.optional_number(
            t.get("speed_kmh"), "travel.speed_kmh", minimum=0.1, maximum=1000
        ),
        detour_factor=rd.optional_number(
            t.get("detour_factor"), "travel.detour_factor", minimum=1, maximum=100
        ),
        url=rd.text(t.get("url", ""), "travel.url"),
        matrix_file=rd.text(t.get("matrix_file", ""), "travel.matrix_file"),
        legs=tuple(legs),
        osm_file=rd.text(t.get("osm_file", ""), "travel.osm_file"),
        osm_date=rd.text(t.get("osm_date", ""), "travel.osm_date"),
        osm_sha256=rd.text(t.get("osm_sha256", ""), "travel.osm_sha256"),
        rules=rd.text(t.get("rules", ""), "travel.rules"),
        attribution=rd.text(t.get("attribution", ""), "travel.attribution"),
        snap_m=tuple(snaps),
    )


def _line_from_dict(rd: _Reader, value: Any, where: str) -> tuple[tuple[float, float], ...]:
    """A leg's road line: a list of [lon, lat] pairs."""
    points = []
    for k, pair in enumerate(rd.items(value, where)):
        if not isinstance(pair, list) or len(pair) != 2:
            rd.add(f"{where}[{k}]", Msg("plan.lon_lat", found=_show(pair)))
            continue
        points.append(
            (
                rd.number(pair[0], f"{where}[{k}][0]", **_LON),
                rd.number(pair[1], f"{where}[{k}][1]", **_LAT),
            )
        )
    return tuple(points)

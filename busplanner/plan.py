"""The plan as data: frozen Plan, Route, Visit, Unserved; read and write ``plan.json``.

Times are minutes after midnight inside busplanner and ``"HH:MM"`` in ``plan.json``.
The JSON contract (``schema = "busplanner.plan/1"``) is documented in ``docs/plan.md``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from busplanner.errors import PlanFileError, Problem
from busplanner.scenario import Depot
from busplanner.timeutil import format_hhmm, parse_hhmm
from busplanner.travel import DEPOT_ID, TravelMatrix

SCHEMA = "busplanner.plan/1"
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

    ``from_id``/``to_id`` are ``"depot"`` or a stop's id.
    """

    from_id: str
    to_id: str
    drive_min: int
    distance_km: float


@dataclass(frozen=True)
class TravelInfo:
    """How driving times and distances were computed (assumptions named).

    The great-circle model gives its assumptions, ``speed_kmh`` and ``detour_factor``; the
    other models give their source, ``url`` (``osrm``, ``valhalla``) or ``matrix_file``
    (``matrix_csv``), and ``legs``: every drive the routes make, so that the plan can be
    checked without asking the service again.
    """

    model: str
    speed_kmh: float | None = None
    detour_factor: float | None = None
    url: str = ""
    matrix_file: str = ""
    legs: tuple[Leg, ...] = ()

    @classmethod
    def from_matrix(
        cls, matrix: TravelMatrix, routes: tuple[Route, ...] | list[Route]
    ) -> TravelInfo:
        """What ``plan.json`` records of ``matrix`` for these routes."""
        if matrix.model == "great_circle":
            return cls(matrix.model, matrix.speed_kmh, matrix.detour_factor)
        row = {place_id: i for i, place_id in enumerate(matrix.ids)}
        pairs: set[tuple[str, str]] = set()
        for r in routes:
            places = [DEPOT_ID, *(v.stop_id for v in r.visits), DEPOT_ID]
            pairs.update(itertools.pairwise(places))
        legs = tuple(
            Leg(
                a,
                b,
                matrix.duration_min[row[a]][row[b]],
                matrix.distance_km[row[a]][row[b]],
            )
            for a, b in sorted(pairs)
        )
        return cls(matrix.model, url=matrix.url, matrix_file=matrix.matrix_file, legs=legs)

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
        if self.legs:
            out["legs"] = [
                {
                    "from": leg.from_id,
                    "to": leg.to_id,
                    "drive_min": leg.drive_min,
                    "distance_km": leg.distance_km,
                }
                for leg in self.legs
            ]
        return out

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
                Leg(str(g["from"]), str(g["to"]), int(g["drive_min"]), float(g["distance_km"]))
                for g in d.get("legs", ())
            ),
        )


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

    def stop(self, stop_id: str) -> Stop:
        """The stop with this id."""
        for s in self.stops:
            if s.id == stop_id:
                return s
        raise KeyError(stop_id)

    def to_dict(self) -> dict[str, Any]:
        """The plan in its JSON form (``busplanner.plan/1``)."""
        return {
            "schema": SCHEMA,
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
            },
            "warnings": list(self.warnings),
        }

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
        if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
            found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
            raise PlanFileError(Problem(source, "schema", f"expected {SCHEMA!r}, found {found!r}"))
        try:
            return _plan_from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanFileError(
                Problem(source, "(contents)", f"not a valid busplanner plan: {exc!r}")
            ) from None


def read_plan(path: Path) -> Plan:
    """Read a ``plan.json`` written by busplanner.

    Raises
    ------
    PlanFileError
        If the file is missing, not JSON, or not a busplanner plan.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError(Problem(str(path), "(file)", "no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(Problem(str(path), "(file)", f"cannot be read: {exc}")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            Problem(str(path), f"line {exc.lineno}", f"not valid JSON: {exc.msg}")
        ) from None
    return Plan.from_dict(data, source=str(path))


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


def _plan_from_dict(d: Mapping[str, Any]) -> Plan:
    stops = tuple(
        Stop(
            id=str(s["id"]),
            name=str(s["name"]),
            lon=float(s["lon"]),
            lat=float(s["lat"]),
            address=str(s.get("address", "")),
            population=s.get("population"),
            demand_weight=float(s["demand_weight"]),
            visits_per_cycle=int(s["visits_per_cycle"]),
            visits_planned=int(s.get("visits_planned", s["visits_per_cycle"])),
            windows={
                day: tuple((parse_hhmm(a), parse_hhmm(b)) for a, b in iv)
                for day, iv in s["windows"].items()
            },
            weekday=s.get("weekday"),
            half_day=s.get("half_day"),
            every_weeks=s.get("every_weeks"),
            first_week=s.get("first_week"),
            bus=s.get("bus"),
            session_min=s.get("session_min"),
        )
        for s in d["stops"]
    )
    routes = tuple(
        Route(
            bus=int(r["bus"]),
            week=int(r["week"]),
            day=str(r["day"]),
            start_min=parse_hhmm(r["start"]),
            end_min=parse_hhmm(r["end"]),
            visits=tuple(
                Visit(
                    stop_id=str(v["stop_id"]),
                    arrival_min=parse_hhmm(v["arrival"]),
                    start_min=parse_hhmm(v["start"]),
                    end_min=parse_hhmm(v["end"]),
                    half_day=str(v["half_day"]),
                    drive_min=int(v["drive_min"]),
                    distance_km=float(v["distance_km"]),
                )
                for v in r["visits"]
            ),
            breaks=tuple(Break(parse_hhmm(b["start"]), parse_hhmm(b["end"])) for b in r["breaks"]),
            return_drive_min=int(r["return_drive_min"]),
            return_distance_km=float(r["return_distance_km"]),
        )
        for r in d["routes"]
    )
    solver = d["solver"]
    return Plan(
        scenario_name=str(d["scenario"]["name"]),
        scenario_path=str(d["scenario"]["path"]),
        cycle_weeks=int(d["cycle_weeks"]),
        days=tuple(d["days"]),
        depot=Depot(
            name=str(d["depot"]["name"]),
            lon=float(d["depot"]["lon"]),
            lat=float(d["depot"]["lat"]),
            address=str(d["depot"].get("address", "")),
        ),
        stops=stops,
        routes=routes,
        unserved=tuple(
            Unserved(
                str(u["stop_id"]),
                int(u["missing_visits"]),
                str(u["reason"]),
                str(u.get("reason_fr", "")),
            )
            for u in d["unserved"]
        ),
        travel=TravelInfo.from_dict(d["travel"]),
        kpis=dict(d["kpis"]),
        solver=SolverInfo(
            status=str(solver["status"]),
            objective=solver.get("objective"),
            bound=solver.get("bound"),
            seconds=float(solver["seconds"]),
            seed=int(solver["seed"]),
            gap=solver.get("gap"),
            method=str(solver.get("method", "")),
        ),
        session_min=int(d.get("session_min", 0)),
        warnings=tuple(d.get("warnings", ())),
    )

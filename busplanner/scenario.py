"""Read and check a scenario file (TOML): depot, buses, cycle, sessions, lunch, demand, travel.

Every problem in the file is collected before one :class:`ScenarioError` is raised, each naming
the file, the field, the value found and what was expected. The fields are documented in
``docs/scenario.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from busplanner.errors import Problem, ScenarioError
from busplanner.i18n import Msg
from busplanner.region import COUNTRIES, CURRENCIES, DISTANCE_UNITS, SUBDIVISIONS, Region
from busplanner.timeutil import WEEKDAYS, format_hhmm, parse_hhmm, weekday_name

OPENING_HOURS_POLICIES = ("free", "overlap", "inside")
DEMAND_SOURCES = ("population", "territory", "equal", "attendance")
TRAVEL_MODELS = ("great_circle", "osrm", "valhalla", "matrix_csv", "osm")
MAX_SEED = 2**31 - 1
"""The largest ``[solver] seed`` (and ``--seed``): CP-SAT's ``random_seed`` is 32-bit."""


@dataclass(frozen=True)
class Depot:
    """Where the bus is based, starting and ending each day."""

    name: str
    lon: float
    lat: float
    address: str = ""


@dataclass(frozen=True)
class Base:
    """A depot and its buses (``[[depots]]``, or ``[depot]`` with ``[buses] count``): where
    they leave from and come back to each day, and when they work. Times are minutes after
    midnight."""

    depot: Depot
    buses: int
    days: tuple[str, ...]
    shift_start_min: int
    shift_end_min: int
    open_start_min: int
    open_end_min: int


DEFAULT_HELP_WITH: tuple[str, ...] = (
    "emploi, retraite, famille, social, santé, logement, énergie, accès au droit",
    "impôts, carte grise, permis de conduire, papiers d'identité",
    "accès à internet et accompagnement aux démarches en ligne",
)
"""What a France services point helps with: the fields listed by the national France services
programme (ANCT); a scenario may say otherwise in ``[service] help_with``."""


@dataclass(frozen=True)
class ServiceInfo:
    """What residents read on posters and calendars: who runs the bus and how to reach them.

    Nothing here is invented: empty fields are simply not shown.
    """

    name: str = "Bus France services"
    operator: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    help_with: tuple[str, ...] = DEFAULT_HELP_WITH
    access: str = ""
    """How residents come: free text (``[service] access``), e.g. "Gratuit, sans rendez-vous"."""
    appointment: bool | None = None
    """The national list's appointment policy (``prise_rdv``) when the contact comes from it:
    ``False`` no appointment, ``True`` appointments taken; ``access`` wins over it."""


@dataclass(frozen=True)
class Closure:
    """Days the bus does not run (``[calendar] closed``): summer break, training, garage."""

    first: dt.date
    last: dt.date
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the closure."""
        return self.first <= day <= self.last


@dataclass(frozen=True)
class CostFactors:
    """Factors that turn kilometres into fuel, CO2 and money (see ``docs/scenario.md``).

    ``co2_kg_per_l`` is a fact (3.17 kg CO2e per litre of diesel, French regulation of
    26 April 2017); the other defaults are ASSUMPTIONS to replace with the operator's figures.
    """

    fuel_l_per_100km: float = 15.0
    fuel_eur_per_l: float = 1.75
    co2_kg_per_l: float = 3.17
    running_eur_per_km: float = 0.30
    service_weeks_per_year: float = 47.0
    annual_budget: tuple[tuple[str, float], ...] = ()
    """``[costs] annual_budget_eur``: the yearly funding the attendance report divides by
    sessions and visitors, as (line, euros); one line named ``""`` when given as a number."""

    @property
    def annual_budget_eur(self) -> float | None:
        """The yearly budget counted (the sum of its lines), or ``None`` when not given."""
        return sum(v for _, v in self.annual_budget) if self.annual_budget else None


@dataclass(frozen=True)
class AttendanceSettings:
    """``[attendance]``: where the attendance log is, and how ``[demand] source =
    "attendance"`` turns it into weights (see ``docs/scenario.md``)."""

    db: Path | None = None
    """The log file; ``None``: ``busplanner.db`` beside the scenario file."""
    window_weeks: int = 52
    prior_sessions: float = 6.0
    floor: float = 0.25


@dataclass(frozen=True)
class Scenario:
    """A checked scenario. Times are minutes after midnight; see ``docs/scenario.md``.

    Build one with :func:`load_scenario`; make variants with :func:`dataclasses.replace`.
    """

    name: str
    path: str
    territory_path: Path
    depot: Depot
    served: tuple[str, ...] | None
    excluded: tuple[str, ...]
    bus_count: int
    days: tuple[str, ...]
    shift_start_min: int
    shift_end_min: int
    open_start_min: int
    open_end_min: int
    cycle_weeks: int
    session_min: int
    setup_min: int
    packup_min: int
    time_step_min: int
    opening_hours: str
    min_overlap_min: int
    lunch_earliest_min: int
    lunch_latest_end_min: int
    lunch_min: int
    demand_source: str
    min_visits_per_cycle: int
    weight_overrides: Mapping[str, float] = field(default_factory=dict)
    visits_overrides: Mapping[str, int] = field(default_factory=dict)
    travel_model: str = "great_circle"
    speed_kmh: float = 50.0
    detour_factor: float = 1.3
    travel_url: str = ""
    travel_matrix_file: Path | None = None
    travel_cache_dir: Path | None = None
    travel_timeout_s: float = 30.0
    travel_osm_file: Path | None = None
    travel_max_snap_m: float = 500.0
    time_limit_s: float = 60.0
    work_limit_s: float = 20.0
    seed: int = 0
    max_memory_mb: int = 2048
    start_tolerance_min: int = 0
    session_starts: tuple[int, ...] = ()
    """``[session] starts``: the times sessions start at when they fit (sorted)."""
    lang: str = "fr"
    service: ServiceInfo = field(default_factory=lambda: ServiceInfo())
    costs: CostFactors = field(default_factory=lambda: CostFactors())
    attendance: AttendanceSettings = field(default_factory=lambda: AttendanceSettings())
    extends: tuple[str, ...] = ()
    bases: tuple[Base, ...] = ()
    """Every base with its buses, in file order (one, from ``[depot]``, unless the file lists
    ``[[depots]]``). ``depot`` is the first; ``bus_count`` the buses of all; ``days`` every
    day a base works; the shift and open hours those of ``[buses]``, each base's default."""
    closures: tuple[Closure, ...] = ()
    """``[calendar] closed``: days without visits, left out of every dated output."""
    national_list_id: str | None = None
    """``[service] national_list_id``: the unit of the national list whose contact fills the
    posters and calendars (``""``: none; ``None``: the unit based at the depot, if any)."""
    csv_dialect: str = "standard"
    """``[outputs] csv_dialect``: one of :data:`CSV_DIALECTS` (``--csv-dialect`` wins)."""
    region: Region = field(default_factory=Region)
    """``[calendar] country`` and ``subdivision`` (public holidays), ``[units] distance``
    and ``currency`` (how figures are written), and so the words (stops, not communes)."""
    keep_times: bool = False
    """``[keep] times``: every stop keeps the weekday and start time of the plan kept from
    (``plan --keep``); the solver only re-orders each bus day (``plan --keep-times``)."""
    max_moves: int = 0
    """``[keep] max_moves``: with ``times``, up to this many stops may move to another slot,
    chosen for the largest saving."""
    notes: tuple[str, ...] = ()
    """What reading the file noticed without refusing it (printed as warnings)."""

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (no re-validation: use for tests and what-ifs)."""
        return replace(self, **changes)


# The accepted keys of each table ("" is the top level), for "unknown key" checks.
SCHEMA_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "name",
        "extends",
        "territory",
        "lang",
        "depot",
        "depots",
        "served",
        "buses",
        "cycle",
        "session",
        "lunch",
        "demand",
        "travel",
        "solver",
        "service",
        "costs",
        "calendar",
        "attendance",
        "outputs",
        "units",
        "keep",
    ),
    "depot": ("name", "address", "lon", "lat"),
    "depots": (
        "name",
        "address",
        "lon",
        "lat",
        "buses",
        "days",
        "shift_start",
        "shift_end",
        "open_start",
        "open_end",
    ),
    "served": ("communes", "exclude"),
    "buses": ("count", "days", "shift_start", "shift_end", "open_start", "open_end"),
    "cycle": ("weeks",),
    "session": (
        "duration_min",
        "setup_min",
        "packup_min",
        "time_step_min",
        "opening_hours",
        "min_overlap_min",
        "start_tolerance_min",
        "starts",
    ),
    "lunch": ("earliest", "latest_end", "duration_min"),
    "demand": ("source", "min_visits_per_cycle", "weights", "visits_per_cycle"),
    "travel": (
        "model",
        "speed_kmh",
        "detour_factor",
        "url",
        "matrix_file",
        "cache_dir",
        "timeout_s",
        "osm_file",
        "max_snap_m",
    ),
    "solver": ("time_limit_s", "work_limit_s", "seed", "max_memory_mb"),
    "service": (
        "name",
        "operator",
        "phone",
        "email",
        "website",
        "help_with",
        "access",
        "national_list_id",
    ),
    "calendar": ("closed", "country", "subdivision"),
    "units": ("distance", "currency"),
    "keep": ("times", "max_moves"),
    "costs": (
        "fuel_l_per_100km",
        "fuel_eur_per_l",
        "co2_kg_per_l",
        "running_eur_per_km",
        "service_weeks_per_year",
        "annual_budget_eur",
    ),
    "attendance": ("db", "window_weeks", "prior_sessions", "floor"),
    "outputs": ("csv_dialect",),
}

CSV_DIALECTS: tuple[str, ...] = ("standard", "excel-fr")
"""``[outputs] csv_dialect`` (and ``--csv-dialect``): the form of ``timetable.csv`` and
``opendata.csv`` (see :mod:`busplanner.reports.dialects`)."""

# WGS84 ranges: the depot's coordinates must at least be a place on Earth.
_LON_RANGE = (-180.0, 180.0)
_LAT_RANGE = (-90.0, 90.0)


class _Reader:
    """Collects problems while reading typed values out of the TOML tables."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, field_name, message))

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, Mapping):
            self.add(f"[{key}]", Msg("scenario.table", found=_show(value)))
            return {}
        return value

    def check_keys(self, data: Mapping[str, Any], table: str) -> None:
        allowed = SCHEMA_KEYS[table]
        for key in data:
            if key not in allowed:
                where = f"[{table}] {key}" if table else key
                self.add(where, _unknown_key(key, allowed))

    def number(
        self,
        data: Mapping[str, Any],
        table: str,
        key: str,
        default: float | None,
        *,
        integer: bool = False,
        minimum: float | None = None,
        positive: bool = False,
        maximum: float | None = None,
        unit: str = "",
    ) -> float | None:
        where = f"[{table}] {key}"
        if key not in data:
            if default is None:
                self.add(where, Msg("scenario.missing"))
            return default
        value = data[key]
        what = "whole" if integer else "number"
        kind = Msg(f"scenario.kind.{what}_unit", unit=Msg(f"unit.{unit}")) if unit else None
        kind = kind or Msg(f"scenario.kind.{what}")
        found = _show(value)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
            or (integer and not float(value).is_integer())
        ):
            self.add(where, Msg("scenario.expected_found", kind=kind, found=found))
            return default
        if positive and value <= 0:
            pos = (
                Msg(f"scenario.kind.positive_{what}_unit", unit=Msg(f"unit.{unit}"))
                if unit
                else Msg(f"scenario.kind.positive_{what}")
            )
            self.add(where, Msg("scenario.expected_value", value=found, kind=pos))
            return default
        if minimum is not None and value < minimum:
            self.add(where, Msg("scenario.at_least", value=found, kind=kind, limit=minimum))
            return default
        if maximum is not None and value > maximum:
            self.add(where, Msg("scenario.at_most", value=found, kind=kind, limit=maximum))
            return default
        return int(value) if integer else float(value)

    def text(
        self,
        data: Mapping[str, Any],
        table: str,
        key: str,
        default: str | None,
        *,
        choices: tuple[str, ...] | None = None,
    ) -> str | None:
        where = f"[{table}] {key}" if table else key
        if key not in data:
            if default is None:
                self.add(where, Msg("scenario.missing"))
            return default
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.add(where, Msg("scenario.text", found=_show(value)))
            return default
        if choices is not None and value not in choices:
            hint = difflib.get_close_matches(value, choices, n=1)
            listed = ", ".join(choices)
            self.add(
                where,
                Msg("scenario.choice_hint", value=_show(value), choices=listed, hint=hint[0])
                if hint
                else Msg("scenario.choice", value=_show(value), choices=listed),
            )
            return default
        return value

    def clock(self, data: Mapping[str, Any], table: str, key: str, default: str) -> int | None:
        where = f"[{table}] {key}"
        value = data.get(key, default)
        try:
            return parse_hhmm(value)
        except ValueError:
            self.add(where, Msg("scenario.clock", found=_show(value)))
            return None

    def codes(self, data: Mapping[str, Any], table: str, key: str) -> tuple[str, ...] | None:
        where = f"[{table}] {key}"
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, Msg("scenario.codes", found=_show(value)))
            return None
        if len(set(value)) != len(value):
            dups = sorted({v for v in value if value.count(v) > 1})
            self.add(where, Msg("scenario.codes_twice", codes=", ".join(dups), n=len(dups)))
        return tuple(value)


_FILE = Msg("field.file")
"""The field of a problem with the file as a whole: ``(fichier)`` / ``(file)``."""


def _unknown_key(key: str, allowed: tuple[str, ...] | list[str]) -> Msg:
    """``clé inconnue ; vouliez-vous dire « duration_min » ? (clés possibles : …)``."""
    hint = difflib.get_close_matches(key, allowed, n=1)
    listed = ", ".join(allowed)
    if hint:
        return Msg("scenario.unknown_key_hint", hint=hint[0], allowed=listed)
    return Msg("scenario.unknown_key", allowed=listed)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file.

    A scenario may start from another with ``extends = "other.toml"`` (a path relative to
    its own folder) and change only a few fields: tables are merged key by key, the child
    winning. Paths in a scenario (``territory``, ``[travel] matrix_file``, ``cache_dir``) are
    relative to the file that gives them.

    Parameters
    ----------
    path
        The TOML file.

    Returns
    -------
    Scenario
        The checked scenario.

    Raises
    ------
    ScenarioError
        With every problem found: missing or unreadable file, bad TOML, unknown keys,
        wrong types, values out of range, inconsistent times, an ``extends`` loop.
    """
    notes: list[str] = []
    data, chain = _read_with_parents(path, (), notes)
    scenario = parse_scenario(data, path=path, extends=chain)
    return replace(scenario, notes=tuple(notes)) if notes else scenario


_PATH_KEYS: tuple[tuple[str, ...], ...] = (
    ("territory",),
    ("travel", "matrix_file"),
    ("travel", "cache_dir"),
    ("attendance", "db"),
    ("travel", "osm_file"),
)


def _read_toml(path: Path) -> dict[str, Any]:
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(Problem(file, _FILE, Msg("error.no_such_file"))) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise ScenarioError(Problem(file, _FILE, Msg("scenario.unreadable", why=why))) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            Problem(file, _FILE, Msg("scenario.not_utf8", byte=exc.start))
        ) from None
    if not text.strip():
        raise ScenarioError(Problem(file, _FILE, Msg("scenario.empty")))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            Problem(file, Msg("field.syntax"), Msg("scenario.bad_toml", why=str(exc)))
        ) from None


def _read_with_parents(
    path: Path, seen: tuple[Path, ...], notes: list[str] | None = None
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The scenario's data merged over its parents', and the chain of parent files.

    ``notes`` receives a warning for each list of the file that drops entries of its
    parent's list (a list replaces the parent's whole: ``exclude = ["Sainte-Colombe"]``
    serves again the communes the parent excluded)."""
    data = _read_toml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data, ()
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(
            Problem(str(path), "extends", Msg("scenario.extends_path", found=_show(parent)))
        )
    parent_path = (path.parent / parent).resolve()
    if parent_path in seen or parent_path == path.resolve():
        raise ScenarioError(
            Problem(str(path), "extends", Msg("scenario.extends_loop", value=repr(parent)))
        )
    if not parent_path.exists():
        raise ScenarioError(
            Problem(str(path), "extends", Msg("scenario.extends_missing", value=repr(parent)))
        )
    base, chain = _read_with_parents(parent_path, (*seen, path.resolve()), notes)
    if notes is not None:
        notes.extend(_dropped_entries(str(path), base, data, parent))
    # Paths given by the parent stay relative to the parent's folder.
    for keys in _PATH_KEYS:
        table: Any = base
        for k in keys[:-1]:
            table = table.get(k) if isinstance(table, dict) else None
        if isinstance(table, dict) and isinstance(table.get(keys[-1]), str):
            given = table[keys[-1]]
            if given:
                table[keys[-1]] = str(parent_path.parent / given)
    return _merge(base, data), (str(parent_path), *chain)


def _dropped_entries(
    file: str, base: Mapping[str, Any], over: Mapping[str, Any], parent: str, table: str = ""
) -> list[str]:
    """A warning per list of ``over`` that leaves out entries of ``base``'s same list."""
    out: list[str] = []
    for key, value in over.items():
        old = base.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            out.extend(_dropped_entries(file, old, value, parent, f"{table}{key}."))
        elif isinstance(value, list) and isinstance(old, list):
            gone = [v for v in old if v not in value and isinstance(v, str | int | float)]
            if gone:
                name = f"[{table[:-1]}] {key}" if table else key
                out.append(
                    Msg(
                        "scenario.list_drops_parent",
                        file=file,
                        field=name,
                        parent=parent,
                        n=len(gone),
                        gone=", ".join(str(v) for v in gone),
                    )
                )
    return out


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


def parse_scenario(
    data: Mapping[str, Any], *, path: Path, extends: tuple[str, ...] = ()
) -> Scenario:
    """Check a scenario already read from TOML (see :func:`load_scenario`).

    Every table is read in turn, each problem collected (in the order of the tables), and
    all are raised together.

    Raises
    ------
    ScenarioError
        With every problem found.
    """
    r = _Reader(str(path))
    r.check_keys(data, "")
    tables = {key: r.table(data, key) for key in SCHEMA_KEYS if key and key != "depots"}
    for key, table in tables.items():
        r.check_keys(table, key)
    # The top level: the scenario's name, language and territory.
    name = r.text(data, "", "name", path.stem) or path.stem
    lang = r.text(data, "", "lang", "fr", choices=("fr", "en")) or "fr"
    territory = r.text(data, "", "territory", None)
    # Where the buses are based (one [depot], or [[depots]]), what they serve, their hours.
    several = data.get("depots")
    if several is not None and "depot" in data:
        r.add("[depot], [[depots]]", Msg("scenario.depot_and_depots"))
    depot = None if several is not None else _read_depot(r, tables["depot"], "depot")
    served = _read_served(r, tables["served"])
    bases, buses = _read_buses(r, tables["buses"], several, depot)
    # The rules of the rotation, the demand, the travel model, the solver.
    weeks = r.number(tables["cycle"], "cycle", "weeks", 2, integer=True, positive=True, maximum=12)
    session = _read_session(r, tables["session"])
    lunch = _read_lunch(r, tables["lunch"])
    demand = _read_demand(r, tables["demand"], weeks)
    travel = _read_travel(r, tables["travel"], path)
    solver = _read_solver(r, tables["solver"])
    # What the outputs say: the service's contact, the calendar, the region, the costs.
    service = _read_service(r, tables["service"])
    closures = _read_closures(r, tables["calendar"])
    region = _read_region(r, tables["calendar"], tables["units"])
    keep_times, max_moves = _read_keep(r, tables["keep"])
    costs = _read_costs(r, tables["costs"])
    attendance = _read_attendance(r, tables["attendance"], path)
    csv_dialect = (
        r.text(tables["outputs"], "outputs", "csv_dialect", "standard", choices=CSV_DIALECTS)
        or "standard"
    )

    if r.problems:
        raise ScenarioError(r.problems)
    assert territory is not None and bases
    return Scenario(
        name=name,
        path=str(path),
        territory_path=(path.parent / territory),
        depot=bases[0].depot,
        **served,
        **buses,
        cycle_weeks=int(weeks or 1),
        **session,
        **lunch,
        **demand,
        **travel,
        **solver,
        **service,
        costs=costs,
        attendance=attendance,
        extends=extends,
        lang=lang,
        closures=closures,
        csv_dialect=csv_dialect,
        region=region,
        keep_times=keep_times,
        max_moves=max_moves,
    )


def _read_served(r: _Reader, srv: Mapping[str, Any]) -> dict[str, Any]:
    """``[served]``: the communes served, or those left out (not both)."""
    served = r.codes(srv, "served", "communes")
    excluded = r.codes(srv, "served", "exclude") or ()
    if served is not None and excluded:
        r.add("[served]", Msg("scenario.served_both"))
    return {"served": served, "excluded": tuple(excluded)}


def _read_buses(
    r: _Reader, bus: Mapping[str, Any], several: Any, depot: Depot | None
) -> tuple[list[_Base], dict[str, Any]]:
    """``[buses]`` (count, days and hours, the defaults of every base) and the bases: the
    ``[depot]`` with ``count`` buses, or each of ``[[depots]]`` (``several``)."""
    count = r.number(bus, "buses", "count", 1, integer=True, positive=True, maximum=50)
    if several is not None and "count" in bus:
        r.add("[buses] count", Msg("scenario.count_with_depots"))
    hours = _read_work(
        r, bus, "buses", ("monday", "tuesday", "wednesday", "thursday", "friday"), _DEFAULT_HOURS
    )
    shift_start, shift_end, open_start, open_end = hours.clock
    bases = (
        _read_bases(r, several, hours)
        if several is not None
        else ([_Base(depot, int(count or 1), hours)] if depot is not None else [])
    )
    return bases, {
        "bus_count": sum(b.buses for b in bases),
        "days": tuple(d for d in WEEKDAYS if any(d in b.hours.days for b in bases)),
        "bases": tuple(b.freeze() for b in bases),
        "shift_start_min": int(shift_start or 0),
        "shift_end_min": int(shift_end or 0),
        "open_start_min": int(open_start or 0),
        "open_end_min": int(open_end or 0),
    }


def _read_session(r: _Reader, ses: Mapping[str, Any]) -> dict[str, Any]:
    """``[session]``: its length, setup and pack-up, time grid, opening-hours policy and
    start times."""
    session_min = r.number(
        ses, "session", "duration_min", 180, integer=True, positive=True, unit="minutes"
    )
    setup = r.number(ses, "session", "setup_min", 10, integer=True, minimum=0, unit="minutes")
    packup = r.number(ses, "session", "packup_min", 10, integer=True, minimum=0, unit="minutes")
    step = r.number(
        ses, "session", "time_step_min", 5, integer=True, positive=True, maximum=60, unit="minutes"
    )
    policy = r.text(ses, "session", "opening_hours", "free", choices=OPENING_HOURS_POLICIES)
    overlap = r.number(
        ses, "session", "min_overlap_min", 60, integer=True, positive=True, unit="minutes"
    )
    starts = _read_starts(r, ses)
    tolerance = r.number(
        ses,
        "session",
        "start_tolerance_min",
        0,
        integer=True,
        minimum=0,
        maximum=240,
        unit="minutes",
    )
    if (
        session_min is not None
        and overlap is not None
        and policy == "overlap"
        and overlap > session_min
    ):
        r.add(
            "[session] min_overlap_min",
            Msg("scenario.overlap_too_long", overlap=overlap, session=session_min),
        )
    return {
        "session_min": int(session_min or 0),
        "setup_min": int(setup or 0),
        "packup_min": int(packup or 0),
        "time_step_min": int(step or 1),
        "opening_hours": policy or "free",
        "min_overlap_min": int(overlap or 0),
        "start_tolerance_min": int(tolerance or 0),
        "session_starts": starts,
    }


def _read_lunch(r: _Reader, lun: Mapping[str, Any]) -> dict[str, Any]:
    """``[lunch]``: the window and the length of the break, which must fit in it."""
    lunch_earliest = r.clock(lun, "lunch", "earliest", "12:00")
    lunch_latest = r.clock(lun, "lunch", "latest_end", "14:00")
    lunch_min = r.number(
        lun, "lunch", "duration_min", 60, integer=True, positive=True, unit="minutes"
    )
    _order(r, "[lunch] earliest", lunch_earliest, "[lunch] latest_end", lunch_latest)
    if (
        lunch_earliest is not None
        and lunch_latest is not None
        and lunch_min is not None
        and lunch_earliest < lunch_latest < lunch_earliest + lunch_min
    ):
        r.add(
            "[lunch] duration_min",
            Msg(
                "scenario.lunch_no_fit",
                n=lunch_min,
                start=format_hhmm(lunch_earliest),
                end=format_hhmm(lunch_latest),
            ),
        )
    return {
        "lunch_earliest_min": int(lunch_earliest or 0),
        "lunch_latest_end_min": int(lunch_latest or 0),
        "lunch_min": int(lunch_min or 0),
    }


def _read_demand(r: _Reader, dem: Mapping[str, Any], weeks: float | None) -> dict[str, Any]:
    """``[demand]``: where the weights come from, the least visits, and the weights and
    visits per cycle given by commune (each a divisor of the cycle's ``weeks``)."""
    source = r.text(dem, "demand", "source", "population", choices=DEMAND_SOURCES)
    min_visits = r.number(dem, "demand", "min_visits_per_cycle", 1, integer=True, minimum=0)
    weights = _code_map(r, dem, "weights", integer=False)
    visits = _code_map(r, dem, "visits_per_cycle", integer=True)
    if weeks is not None:
        for code, k in visits.items():
            if k and int(weeks) % int(k) != 0:
                r.add(
                    f"[demand.visits_per_cycle] {code}",
                    Msg(
                        "scenario.visits_divisor",
                        k=k,
                        weeks=weeks,
                        divisors=", ".join(map(str, _divisors(int(weeks)))),
                    ),
                )
    return {
        "demand_source": source or "population",
        "min_visits_per_cycle": int(min_visits if min_visits is not None else 1),
        "weight_overrides": {k: float(v) for k, v in weights.items()},
        "visits_overrides": {k: int(v) for k, v in visits.items()},
    }


def _read_travel(r: _Reader, tra: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """``[travel]``: the model and what it needs (a URL, a matrix file, an OSM extract;
    files relative to the scenario's folder), speed and detour."""
    model = r.text(tra, "travel", "model", "great_circle", choices=TRAVEL_MODELS)
    speed = r.number(tra, "travel", "speed_kmh", 50.0, positive=True, maximum=130, unit="km/h")
    detour = r.number(tra, "travel", "detour_factor", 1.3, minimum=1.0, maximum=3.0)
    url = r.text(tra, "travel", "url", "") if tra.get("url") != "" else ""
    matrix_file = r.text(tra, "travel", "matrix_file", "") if tra.get("matrix_file") != "" else ""
    cache_dir = r.text(tra, "travel", "cache_dir", "") if tra.get("cache_dir") != "" else ""
    timeout = r.number(
        tra, "travel", "timeout_s", 30.0, positive=True, maximum=3600, unit="seconds"
    )
    if model in ("osrm", "valhalla") and not url:
        r.add("[travel] url", Msg("scenario.url_missing", model=model))
    if url and not url.startswith(("http://", "https://")):
        r.add("[travel] url", Msg("scenario.url_bad", value=_show(url)))
    if model == "matrix_csv" and not matrix_file:
        r.add("[travel] matrix_file", Msg("scenario.matrix_missing"))
    osm_file = r.text(tra, "travel", "osm_file", "") if tra.get("osm_file") != "" else ""
    max_snap = r.number(
        tra, "travel", "max_snap_m", 500.0, positive=True, maximum=100_000, unit="metres"
    )
    if model == "osm" and not osm_file:
        r.add("[travel] osm_file", Msg("scenario.osm_missing"))
    return {
        "travel_model": model or "great_circle",
        "speed_kmh": float(speed or 50.0),
        "detour_factor": float(detour or 1.3),
        "travel_url": url or "",
        "travel_matrix_file": (path.parent / matrix_file) if matrix_file else None,
        "travel_cache_dir": (path.parent / cache_dir) if cache_dir else None,
        "travel_timeout_s": float(timeout or 30.0),
        "travel_osm_file": (path.parent / osm_file) if osm_file else None,
        "travel_max_snap_m": float(max_snap or 500.0),
    }


def _read_solver(r: _Reader, sol: Mapping[str, Any]) -> dict[str, Any]:
    """``[solver]``: the time limits, the seed and the memory budget."""
    time_limit = r.number(
        sol, "solver", "time_limit_s", 60.0, positive=True, maximum=86400, unit="seconds"
    )
    work_limit = r.number(
        sol, "solver", "work_limit_s", 20.0, positive=True, maximum=86400, unit="seconds"
    )
    # CP-SAT's random_seed is a 32-bit integer.
    seed = r.number(sol, "solver", "seed", 0, integer=True, minimum=0, maximum=MAX_SEED)
    max_memory = r.number(
        sol,
        "solver",
        "max_memory_mb",
        2048,
        integer=True,
        minimum=256,
        maximum=1_048_576,
        unit="MB",
    )
    return {
        "time_limit_s": float(time_limit or 60.0),
        "work_limit_s": float(work_limit or 20.0),
        "seed": int(seed or 0),
        "max_memory_mb": int(max_memory or 2048),
    }


def _read_service(r: _Reader, svc: Mapping[str, Any]) -> dict[str, Any]:
    """``[service]``: the contact posters and calendars give, and the unit's id in the
    national list (a number or a text)."""
    service = ServiceInfo(
        name=r.text(svc, "service", "name", ServiceInfo.name) or ServiceInfo.name,
        operator=_optional_text(r, svc, "service", "operator"),
        phone=_optional_text(r, svc, "service", "phone"),
        email=_optional_text(r, svc, "service", "email"),
        website=_optional_text(r, svc, "service", "website"),
        help_with=_text_list(r, svc, "service", "help_with", DEFAULT_HELP_WITH),
        access=_optional_text(r, svc, "service", "access"),
    )
    national_list_id: str | None = None
    if "national_list_id" in svc:
        raw_id = svc["national_list_id"]
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            raw_id = str(raw_id)
        if isinstance(raw_id, str):
            national_list_id = raw_id.strip()
        else:
            r.add(
                "[service] national_list_id",
                Msg("scenario.national_list_id", found=_show(raw_id)),
            )
    return {"service": service, "national_list_id": national_list_id}


def _read_costs(r: _Reader, cst: Mapping[str, Any]) -> CostFactors:
    """``[costs]``: the factors of the cost figures, and the annual budget."""
    base = CostFactors()
    # Each factor: a number from 0 up to a generous maximum (weeks a year: 1 to 53).
    maxima = {
        "fuel_l_per_100km": 200,
        "fuel_eur_per_l": 100,
        "co2_kg_per_l": 100,
        "running_eur_per_km": 100,
        "service_weeks_per_year": 53,
    }
    factors = {
        key: r.number(
            cst,
            "costs",
            key,
            getattr(base, key),
            minimum=None if key == "service_weeks_per_year" else 0,
            positive=key == "service_weeks_per_year",
            maximum=top,
        )
        for key, top in maxima.items()
    }
    return CostFactors(
        **{k: float(v if v is not None else getattr(base, k)) for k, v in factors.items()},
        annual_budget=_budget(r, cst),
    )


def _read_attendance(r: _Reader, att: Mapping[str, Any], path: Path) -> AttendanceSettings:
    """``[attendance]``: the log (relative to the scenario's folder) and the estimator's
    window, prior and floor (:mod:`busplanner.attendance.demand`)."""
    att_db = r.text(att, "attendance", "db", "") if att.get("db") != "" else ""
    return AttendanceSettings(
        db=(path.parent / att_db) if att_db else None,
        window_weeks=int(
            r.number(
                att, "attendance", "window_weeks", 52, integer=True, positive=True, maximum=520
            )
            or 52
        ),
        prior_sessions=float(
            r.number(att, "attendance", "prior_sessions", 6.0, minimum=0, maximum=1000) or 0.0
        ),
        floor=float(r.number(att, "attendance", "floor", 0.25, positive=True, maximum=1.0) or 0.25),
    )


def _read_region(r: _Reader, calendar: Mapping[str, Any], units: Mapping[str, Any]) -> Region:
    """``[calendar] country`` / ``subdivision`` and ``[units] distance`` / ``currency``."""
    raw_country = calendar.get("country", "FR")
    country = raw_country.strip().upper() if isinstance(raw_country, str) else raw_country
    country = r.text({"country": country}, "calendar", "country", "FR", choices=COUNTRIES)
    country = country or "FR"
    raw_sub = calendar.get("subdivision", "")
    sub = raw_sub.strip().upper() if isinstance(raw_sub, str) else raw_sub
    subdivision = ""
    if sub != "":
        allowed = SUBDIVISIONS[country]
        if not allowed:
            r.add(
                "[calendar] subdivision",
                Msg("scenario.subdivision_none", value=_show(raw_sub), country=country),
            )
        else:
            subdivision = (
                r.text({"subdivision": sub}, "calendar", "subdivision", "", choices=allowed) or ""
            )
    # Miles and pounds by default in the UK, kilometres and euros elsewhere.
    uk = country == "GB"
    distance = r.text(units, "units", "distance", "mi" if uk else "km", choices=DISTANCE_UNITS) or (
        "mi" if uk else "km"
    )
    raw_cur = units.get("currency")
    cur_table = {"currency": raw_cur.strip().upper()} if isinstance(raw_cur, str) else units
    currency = r.text(
        cur_table, "units", "currency", "GBP" if uk else "EUR", choices=CURRENCIES
    ) or ("GBP" if uk else "EUR")
    return Region(country, subdivision, distance, currency)


def _read_keep(r: _Reader, table: Mapping[str, Any]) -> tuple[bool, int]:
    """``[keep] times`` (true: keep every weekday and start time) and ``max_moves``."""
    times = table.get("times", False)
    if not isinstance(times, bool):
        r.add("[keep] times", Msg("scenario.bool", found=_show(times)))
        times = False
    moves = r.number(table, "keep", "max_moves", 0, integer=True, minimum=0, maximum=10_000)
    return times, int(moves or 0)


def _read_closures(r: _Reader, table: Mapping[str, Any]) -> tuple[Closure, ...]:
    """``[calendar] closed``: a list of ``{ date = …, reason = … }`` or ``{ from = …, to = …,
    reason = … }`` (dates as ``YYYY-MM-DD`` or TOML dates)."""
    if "closed" not in table:
        return ()
    value = table["closed"]
    if not isinstance(value, list):
        r.add("[calendar] closed", Msg("scenario.closed_expected", found=_show(value)))
        return ()
    out = []
    for i, item in enumerate(value):
        where = f"[calendar] closed[{i}]"
        if not isinstance(item, Mapping):
            r.add(where, Msg("scenario.closed_expected", found=_show(item)))
            continue
        unknown = [k for k in item if k not in ("date", "from", "to", "reason")]
        if unknown:
            r.add(where, Msg("scenario.closed_unknown", name=unknown[0]))
            continue
        if ("date" in item) == ("from" in item or "to" in item):
            r.add(where, Msg("scenario.closed_either"))
            continue
        keys = ("date",) if "date" in item else ("from", "to")
        days = []
        for key in keys:
            day = _date(item.get(key))
            if day is None:
                r.add(
                    f"{where} {key}",
                    Msg("scenario.date", found=_show(item.get(key))),
                )
            days.append(day)
        reason = item.get("reason", "")
        if not isinstance(reason, str):
            r.add(f"{where} reason", Msg("scenario.reason_text", found=_show(reason)))
            continue
        first, last = days[0], days[-1]
        if first is None or last is None:
            continue
        if last < first:
            r.add(f"{where} to", Msg("scenario.closed_order", last=last, first=first))
            continue
        out.append(Closure(first, last, reason.strip()))
    return tuple(out)


def _date(value: Any) -> dt.date | None:
    """A date from a TOML date or a ``YYYY-MM-DD`` text, else ``None``."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _budget(r: _Reader, costs: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
    """``[costs] annual_budget_eur``: a number of euros a year, or a table of funding lines
    (line name = euros a year), each a number >= 0 and the total positive."""
    key = "annual_budget_eur"
    if key not in costs:
        return ()
    value = costs[key]
    where = f"[costs] {key}"
    if isinstance(value, Mapping):
        lines = []
        for line in value:
            n = r.number(value, f"costs.{key}", line, None, minimum=0, unit="euros a year")
            if n is not None:
                lines.append((str(line), float(n)))
        if lines and not sum(v for _, v in lines) > 0:
            r.add(f"[costs.{key}]", Msg("scenario.budget_zero"))
        return tuple(lines)
    if isinstance(value, bool) or not isinstance(value, int | float):
        r.add(
            where,
            Msg("scenario.budget", found=_show(value)),
        )
        return ()
    n = r.number(costs, "costs", key, None, positive=True, unit="euros a year")
    return (("", float(n)),) if n is not None else ()


def _optional_text(r: _Reader, table: Mapping[str, Any], name: str, key: str) -> str:
    if key not in table or table[key] == "":
        return ""
    return r.text(table, name, key, "") or ""


def _text_list(
    r: _Reader, table: Mapping[str, Any], name: str, key: str, default: tuple[str, ...]
) -> tuple[str, ...]:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.add(f"[{name}] {key}", Msg("scenario.text_list", found=_show(value)))
        return default
    return tuple(value)


def _order(r: _Reader, a_name: str, a: int | None, b_name: str, b: int | None) -> None:
    if a is not None and b is not None and b <= a:
        r.add(b_name, Msg("scenario.order", b=format_hhmm(b), a_name=a_name, a=format_hhmm(a)))


def _code_map(r: _Reader, table: Mapping[str, Any], key: str, *, integer: bool) -> dict[str, float]:
    value = table.get(key, {})
    where = f"[demand.{key}]"
    if not isinstance(value, Mapping):
        r.add(where, Msg("scenario.code_map", found=_show(value)))
        return {}
    out: dict[str, float] = {}
    for code in value:
        n = r.number(value, f"demand.{key}", code, None, integer=integer, minimum=0)
        if n is not None:
            if not integer and n == 0:
                r.add(
                    f"{where} {code}",
                    Msg("scenario.weight_zero"),
                )
                continue
            out[str(code)] = n
    return out


def _divisors(n: int) -> list[int]:
    return [k for k in range(1, n + 1) if n % k == 0]


@dataclass(frozen=True)
class _Work:
    """Working days and hours read from ``[buses]`` or a ``[[depots]]`` table."""

    days: tuple[str, ...]
    clock: tuple[int | None, int | None, int | None, int | None]
    """shift_start, shift_end, open_start, open_end (``None``: unreadable)."""


_DEFAULT_HOURS = ("08:30", "17:30", "09:00", "17:00")
"""Default shift start and end, open start and end, as written in ``[buses]``."""


@dataclass(frozen=True)
class _Base:
    depot: Depot
    buses: int
    hours: _Work

    def freeze(self) -> Base:
        s0, s1, o0, o1 = (int(v or 0) for v in self.hours.clock)
        return Base(self.depot, self.buses, self.hours.days, s0, s1, o0, o1)


def _read_depot(r: _Reader, table: Mapping[str, Any], label: str) -> Depot | None:
    """A depot's name, address and position from ``[depot]`` or one ``[[depots]]`` table."""
    lon = r.number(table, label, "lon", None, minimum=_LON_RANGE[0], maximum=_LON_RANGE[1])
    lat = r.number(table, label, "lat", None, minimum=_LAT_RANGE[0], maximum=_LAT_RANGE[1])
    name = r.text(table, label, "name", "Dépôt") or "Dépôt"
    address = r.text(table, label, "address", "") if table.get("address") != "" else ""
    if lon is None or lat is None:
        return None
    return Depot(name=name, lon=float(lon), lat=float(lat), address=address or "")


def _read_work(
    r: _Reader,
    table: Mapping[str, Any],
    label: str,
    days_default: tuple[str, ...],
    clock_default: tuple[str, str, str, str] | tuple[int | None, ...],
) -> _Work:
    """Working days, shift and open hours of ``[buses]`` or of one base (defaults given)."""
    days: list[str] = []
    if "days" not in table:
        days = list(days_default)
    else:
        days_raw = table["days"]
        if not isinstance(days_raw, list) or not days_raw:
            r.add(f"[{label}] days", Msg("scenario.days", found=_show(days_raw)))
        else:
            for i, d in enumerate(days_raw):
                try:
                    day = weekday_name(d)
                except ValueError as exc:
                    r.add(f"[{label}] days[{i}]", exc.args[0])
                    continue
                if day in days:
                    r.add(f"[{label}] days[{i}]", Msg("scenario.day_twice", day=day))
                else:
                    days.append(day)
    clock: list[int | None] = []
    for key, default in zip(
        ("shift_start", "shift_end", "open_start", "open_end"), clock_default, strict=True
    ):
        if isinstance(default, str):
            clock.append(r.clock(table, label, key, default))
        elif key in table:
            clock.append(r.clock(table, label, key, "00:00"))
        else:
            clock.append(default)
    shift_start, shift_end, open_start, open_end = clock
    _order(r, f"[{label}] shift_start", shift_start, f"[{label}] shift_end", shift_end)
    _order(r, f"[{label}] open_start", open_start, f"[{label}] open_end", open_end)
    if None not in clock:
        assert shift_start is not None and shift_end is not None
        assert open_start is not None and open_end is not None
        if open_start < shift_start or open_end > shift_end:
            r.add(
                f"[{label}] open_start/open_end",
                Msg(
                    "scenario.open_in_shift",
                    open=f"{format_hhmm(open_start)}–{format_hhmm(open_end)}",
                    shift=f"{format_hhmm(shift_start)}–{format_hhmm(shift_end)}",
                ),
            )
    return _Work(tuple(days), (shift_start, shift_end, open_start, open_end))


def _read_bases(r: _Reader, several: Any, defaults: _Work) -> list[_Base]:
    """Every ``[[depots]]`` table: a depot, its buses, and its days and hours (by default
    those of ``[buses]``)."""
    if not isinstance(several, list) or not several:
        r.add("[[depots]]", Msg("scenario.depots", found=_show(several)))
        return []
    bases: list[_Base] = []
    names: dict[str, int] = {}
    for k, table in enumerate(several, start=1):
        label = f"depots #{k}"
        if not isinstance(table, Mapping):
            r.add(f"[{label}]", Msg("scenario.table", found=_show(table)))
            continue
        allowed = SCHEMA_KEYS["depots"]
        for key in table:
            if key not in allowed:
                r.add(f"[{label}] {key}", _unknown_key(key, allowed))
        depot = _read_depot(r, table, label)
        buses = r.number(table, label, "buses", 1, integer=True, positive=True, maximum=50)
        hours = _read_work(r, table, label, defaults.days, defaults.clock)
        if depot is None:
            continue
        if depot.name in names:
            r.add(
                f"[{label}] name",
                Msg("scenario.depot_name_taken", name=depot.name, k=names[depot.name]),
            )
        names.setdefault(depot.name, k)
        bases.append(_Base(depot, int(buses or 1), hours))
    return bases


def _read_starts(r: _Reader, table: Mapping[str, Any]) -> tuple[int, ...]:
    """``[session] starts``: a list of ``"HH:MM"`` times, sorted, each once."""
    if "starts" not in table:
        return ()
    value = table["starts"]
    if not isinstance(value, list):
        r.add(
            "[session] starts",
            Msg("scenario.starts", found=_show(value)),
        )
        return ()
    out: set[int] = set()
    for i, item in enumerate(value):
        try:
            out.add(parse_hhmm(item))
        except ValueError as exc:
            r.add(f"[session] starts[{i}]", exc.args[0])
    return tuple(sorted(out))


def peek_lang(path: Path | None) -> str | None:
    """The ``lang`` a scenario file asks for (its own, else the nearest of the files it
    ``extends``), read before any check so that the checks themselves speak it; ``None`` when
    the file gives none or cannot be read (the full reading then reports why)."""
    seen: set[Path] = set()
    while path is not None and path not in seen:
        seen.add(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        lang = data.get("lang")
        if isinstance(lang, str) and lang.strip().lower() in ("fr", "en"):
            return lang.strip().lower()
        parent = data.get("extends")
        path = (path.parent / parent) if isinstance(parent, str) else None
    return None

"""Read and check a scenario file (TOML): depot, buses, cycle, sessions, lunch, demand, travel.

Every problem in the file is collected before one :class:`ScenarioError` is raised, each naming
the file, the field, the value found and what was expected. The fields are documented in
``docs/scenario.md``.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from busplanner.errors import Problem, ScenarioError
from busplanner.timeutil import format_hhmm, parse_hhmm, weekday_name

OPENING_HOURS_POLICIES = ("free", "overlap", "inside")
DEMAND_SOURCES = ("population", "territory", "equal")
TRAVEL_MODELS = ("great_circle",)


@dataclass(frozen=True)
class Depot:
    """Where the bus is based, starting and ending each day."""

    name: str
    lon: float
    lat: float
    address: str = ""


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
    time_limit_s: float = 20.0
    seed: int = 0
    lang: str = "fr"

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (no re-validation: use for tests and what-ifs)."""
        return replace(self, **changes)


# The accepted keys of each table ("" is the top level), for "unknown key" checks.
SCHEMA_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "name",
        "territory",
        "lang",
        "depot",
        "served",
        "buses",
        "cycle",
        "session",
        "lunch",
        "demand",
        "travel",
        "solver",
    ),
    "depot": ("name", "address", "lon", "lat"),
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
    ),
    "lunch": ("earliest", "latest_end", "duration_min"),
    "demand": ("source", "min_visits_per_cycle", "weights", "visits_per_cycle"),
    "travel": ("model", "speed_kmh", "detour_factor"),
    "solver": ("time_limit_s", "seed"),
}

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
            self.add(f"[{key}]", f"expected a table, found {_show(value)}")
            return {}
        return value

    def check_keys(self, data: Mapping[str, Any], table: str) -> None:
        allowed = SCHEMA_KEYS[table]
        for key in data:
            if key not in allowed:
                where = f"[{table}] {key}" if table else key
                hint = difflib.get_close_matches(key, allowed, n=1)
                tip = f"; did you mean {hint[0]!r}?" if hint else ""
                self.add(where, f"unknown key{tip} (expected one of: {', '.join(allowed)})")

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
                self.add(where, "missing: this field is required")
            return default
        value = data[key]
        kind = "a whole number" if integer else "a number"
        if unit:
            kind += f" of {unit}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, f"expected {kind}, found {_show(value)}")
            return default
        if isinstance(value, float) and not math.isfinite(value):
            self.add(where, f"expected {kind}, found {_show(value)}")
            return default
        if integer and not float(value).is_integer():
            self.add(where, f"expected {kind}, found {_show(value)}")
            return default
        if positive and value <= 0:
            self.add(where, f"= {_show(value)}: expected a positive {kind[2:]}")
            return default
        if minimum is not None and value < minimum:
            self.add(where, f"= {_show(value)}: expected {kind} >= {minimum:g}")
            return default
        if maximum is not None and value > maximum:
            self.add(where, f"= {_show(value)}: expected {kind} <= {maximum:g}")
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
                self.add(where, "missing: this field is required")
            return default
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"expected a non-empty text, found {_show(value)}")
            return default
        if choices is not None and value not in choices:
            hint = difflib.get_close_matches(value, choices, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else ""
            self.add(where, f"= {_show(value)}: expected one of {', '.join(choices)}{tip}")
            return default
        return value

    def clock(self, data: Mapping[str, Any], table: str, key: str, default: str) -> int | None:
        where = f"[{table}] {key}"
        value = data.get(key, default)
        try:
            return parse_hhmm(value)
        except ValueError:
            self.add(where, f"expected a time as 'HH:MM' (e.g. '09:00'), found {_show(value)}")
            return None

    def codes(self, data: Mapping[str, Any], table: str, key: str) -> tuple[str, ...] | None:
        where = f"[{table}] {key}"
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, f"expected a list of INSEE codes as texts, found {_show(value)}")
            return None
        if len(set(value)) != len(value):
            dups = sorted({v for v in value if value.count(v) > 1})
            self.add(where, f"each code once: {', '.join(dups)} appear(s) twice")
        return tuple(value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario file.

    Parameters
    ----------
    path
        The TOML file. Its ``territory`` path is relative to the file's folder.

    Returns
    -------
    Scenario
        The checked scenario.

    Raises
    ------
    ScenarioError
        With every problem found: missing or unreadable file, bad TOML, unknown keys,
        wrong types, values out of range, inconsistent times.
    """
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(Problem(file, "(file)", "no such file")) from None
    except OSError as exc:
        raise ScenarioError(Problem(file, "(file)", f"cannot be read: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            Problem(file, "(file)", f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None
    if not text.strip():
        raise ScenarioError(Problem(file, "(file)", "the file is empty; expected a TOML scenario"))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(Problem(file, "(syntax)", f"not valid TOML: {exc}")) from None
    return parse_scenario(data, path=path)


def parse_scenario(data: Mapping[str, Any], *, path: Path) -> Scenario:
    """Check a scenario already read from TOML (see :func:`load_scenario`).

    Raises
    ------
    ScenarioError
        With every problem found.
    """
    r = _Reader(str(path))
    r.check_keys(data, "")
    tables = {key: r.table(data, key) for key in SCHEMA_KEYS if key}
    for key, table in tables.items():
        r.check_keys(table, key)

    name = r.text(data, "", "name", path.stem) or path.stem
    lang = r.text(data, "", "lang", "fr", choices=("fr", "en")) or "fr"
    territory = r.text(data, "", "territory", None)

    dep = tables["depot"]
    lon = r.number(dep, "depot", "lon", None, minimum=_LON_RANGE[0], maximum=_LON_RANGE[1])
    lat = r.number(dep, "depot", "lat", None, minimum=_LAT_RANGE[0], maximum=_LAT_RANGE[1])
    depot_name = r.text(dep, "depot", "name", "Dépôt") or "Dépôt"
    address = r.text(dep, "depot", "address", "") if dep.get("address") != "" else ""

    srv = tables["served"]
    served = r.codes(srv, "served", "communes")
    excluded = r.codes(srv, "served", "exclude") or ()
    if served is not None and excluded:
        r.add("[served]", "give either 'communes' (the list served) or 'exclude', not both")

    bus = tables["buses"]
    count = r.number(bus, "buses", "count", 1, integer=True, positive=True, maximum=50)
    days_raw = bus.get("days", ["monday", "tuesday", "wednesday", "thursday", "friday"])
    days: list[str] = []
    if not isinstance(days_raw, list) or not days_raw:
        r.add("[buses] days", f"expected a non-empty list of weekdays, found {_show(days_raw)}")
    else:
        for i, d in enumerate(days_raw):
            try:
                day = weekday_name(d)
            except ValueError as exc:
                r.add(f"[buses] days[{i}]", str(exc))
                continue
            if day in days:
                r.add(f"[buses] days[{i}]", f"{day} is listed twice")
            else:
                days.append(day)
    shift_start = r.clock(bus, "buses", "shift_start", "08:30")
    shift_end = r.clock(bus, "buses", "shift_end", "17:30")
    open_start = r.clock(bus, "buses", "open_start", "09:00")
    open_end = r.clock(bus, "buses", "open_end", "17:00")
    _order(r, "[buses] shift_start", shift_start, "[buses] shift_end", shift_end)
    _order(r, "[buses] open_start", open_start, "[buses] open_end", open_end)
    if None not in (shift_start, shift_end, open_start, open_end):
        assert shift_start is not None and shift_end is not None
        assert open_start is not None and open_end is not None
        if open_start < shift_start or open_end > shift_end:
            r.add(
                "[buses] open_start/open_end",
                f"the open hours {format_hhmm(open_start)}–{format_hhmm(open_end)} must lie "
                f"inside the shift {format_hhmm(shift_start)}–{format_hhmm(shift_end)}",
            )

    weeks = r.number(tables["cycle"], "cycle", "weeks", 2, integer=True, positive=True, maximum=12)

    ses = tables["session"]
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
    if (
        session_min is not None
        and overlap is not None
        and policy == "overlap"
        and overlap > session_min
    ):
        r.add(
            "[session] min_overlap_min",
            f"= {overlap}: cannot exceed the session length duration_min = {session_min}",
        )

    lun = tables["lunch"]
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
            f"= {lunch_min}: a {lunch_min}-minute break does not fit between "
            f"{format_hhmm(lunch_earliest)} and {format_hhmm(lunch_latest)}",
        )

    dem = tables["demand"]
    source = r.text(dem, "demand", "source", "population", choices=DEMAND_SOURCES)
    min_visits = r.number(dem, "demand", "min_visits_per_cycle", 1, integer=True, minimum=0)
    weights = _code_map(r, dem, "weights", integer=False)
    visits = _code_map(r, dem, "visits_per_cycle", integer=True)
    if weeks is not None:
        for code, k in visits.items():
            if k and int(weeks) % int(k) != 0:
                r.add(
                    f"[demand.visits_per_cycle] {code}",
                    f"= {k}: visits must be evenly spaced over the {weeks}-week cycle, so "
                    f"expected a divisor of {weeks} ({', '.join(map(str, _divisors(int(weeks))))})"
                    " or 0",
                )

    tra = tables["travel"]
    model = r.text(tra, "travel", "model", "great_circle", choices=TRAVEL_MODELS)
    speed = r.number(tra, "travel", "speed_kmh", 50.0, positive=True, maximum=130, unit="km/h")
    detour = r.number(tra, "travel", "detour_factor", 1.3, minimum=1.0, maximum=3.0)

    sol = tables["solver"]
    time_limit = r.number(
        sol, "solver", "time_limit_s", 20.0, positive=True, maximum=86400, unit="seconds"
    )
    seed = r.number(sol, "solver", "seed", 0, integer=True, minimum=0)

    if r.problems:
        raise ScenarioError(r.problems)
    assert territory is not None and lon is not None and lat is not None
    return Scenario(
        name=name,
        path=str(path),
        territory_path=(path.parent / territory),
        depot=Depot(name=depot_name, lon=float(lon), lat=float(lat), address=address or ""),
        served=served,
        excluded=tuple(excluded),
        bus_count=int(count or 1),
        days=tuple(days),
        shift_start_min=int(shift_start or 0),
        shift_end_min=int(shift_end or 0),
        open_start_min=int(open_start or 0),
        open_end_min=int(open_end or 0),
        cycle_weeks=int(weeks or 1),
        session_min=int(session_min or 0),
        setup_min=int(setup or 0),
        packup_min=int(packup or 0),
        time_step_min=int(step or 1),
        opening_hours=policy or "free",
        min_overlap_min=int(overlap or 0),
        lunch_earliest_min=int(lunch_earliest or 0),
        lunch_latest_end_min=int(lunch_latest or 0),
        lunch_min=int(lunch_min or 0),
        demand_source=source or "population",
        min_visits_per_cycle=int(min_visits if min_visits is not None else 1),
        weight_overrides={k: float(v) for k, v in weights.items()},
        visits_overrides={k: int(v) for k, v in visits.items()},
        travel_model=model or "great_circle",
        speed_kmh=float(speed or 50.0),
        detour_factor=float(detour or 1.3),
        time_limit_s=float(time_limit or 20.0),
        seed=int(seed or 0),
        lang=lang,
    )


def _order(r: _Reader, a_name: str, a: int | None, b_name: str, b: int | None) -> None:
    if a is not None and b is not None and b <= a:
        r.add(b_name, f"= {format_hhmm(b)}: expected a time after {a_name} = {format_hhmm(a)}")


def _code_map(r: _Reader, table: Mapping[str, Any], key: str, *, integer: bool) -> dict[str, float]:
    value = table.get(key, {})
    where = f"[demand.{key}]"
    if not isinstance(value, Mapping):
        r.add(where, f"expected a table of INSEE code = number, found {_show(value)}")
        return {}
    out: dict[str, float] = {}
    for code in value:
        n = r.number(value, f"demand.{key}", code, None, integer=integer, minimum=0)
        if n is not None:
            if not integer and n == 0:
                r.add(
                    f"{where} {code}",
                    "= 0: expected a positive weight (to leave a commune "
                    "out, list it in [served] exclude)",
                )
                continue
            out[str(code)] = n
    return out


def _divisors(n: int) -> list[int]:
    return [k for k in range(1, n + 1) if n % k == 0]

"""Write a starter scenario for a territory: every stop served, one bus, documented defaults.

The defaults are those of the Roche aux Fées scenario (``scenarios/roche_aux_fees.toml``),
which follow the national list of France services mobile units: Monday to Friday, open
09:00–17:00, two 3-hour sessions a day around a lunch break. The cycle is the shortest of
1, 2, 4 or 8 weeks whose sessions cover one visit per stop.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from busplanner.errors import BusplannerError
from busplanner.geo import great_circle_km
from busplanner.scenario import parse_scenario
from busplanner.territory import Territory, load_territory

CYCLE_WEEKS = (1, 2, 4, 8)
"""Cycle lengths tried, shortest first: visits stay evenly spaced on a fixed weekday."""
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
SESSIONS_PER_DAY = 2
"""A morning and an afternoon session (3 hours each, 09:00–17:00 with a lunch break)."""
MAX_DEPOT_KM = 150.0
"""A depot farther than this from every stop is taken for a typing error."""


class StarterError(BusplannerError, ValueError):
    """A starter scenario cannot be written (file exists, bad depot…). Exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class Starter:
    """A starter scenario: its TOML text and the choices made.

    Attributes
    ----------
    text
        The scenario file's text.
    stop_count
        Stops in the territory (all served).
    cycle_weeks
        Cycle length chosen.
    buses_needed
        Buses needed for one visit per stop within 8 weeks (1 unless the territory is large).
    demand_source
        ``population``, ``territory`` or ``equal``: what the demand weights come from.
    """

    text: str
    stop_count: int
    cycle_weeks: int
    buses_needed: int
    demand_source: str


def parse_lat_lon(text: str) -> tuple[float, float]:
    """Parse ``"LAT,LON"`` in degrees, e.g. ``"47.91136,-1.37963"``.

    Raises
    ------
    ValueError
        If it is not two numbers in WGS84 ranges.
    """
    parts = text.replace(" ", "").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        msg = f"expected LAT,LON in degrees, e.g. 47.91136,-1.37963; found {text!r}"
        raise ValueError(msg) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not all(map(math.isfinite, (lat, lon))):
        msg = f"expected a latitude in -90…90 and a longitude in -180…180, found {text!r}"
        raise ValueError(msg)
    return lat, lon


def choose_cycle(stop_count: int, *, buses: int = 1) -> tuple[int, int]:
    """The shortest cycle whose sessions cover one visit per stop, and the buses needed.

    Returns ``(cycle_weeks, buses_needed)``: when even 8 weeks is short, the cycle is 8
    weeks and ``buses_needed`` says how many buses would visit every stop once in it.
    """
    per_week = buses * len(DAYS) * SESSIONS_PER_DAY
    for weeks in CYCLE_WEEKS:
        if per_week * weeks >= stop_count:
            return weeks, buses
    longest = CYCLE_WEEKS[-1]
    return longest, math.ceil(stop_count / (len(DAYS) * SESSIONS_PER_DAY * longest))


def _toml(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def starter_scenario(
    territory_path: Path,
    *,
    depot_lat: float,
    depot_lon: float,
    out: Path,
    name: str | None = None,
) -> Starter:
    """Build a starter scenario for a territory (not written; see :func:`write_starter`).

    Raises
    ------
    TerritoryError
        If the territory file is wrong.
    StarterError
        If the depot is far from every stop.
    """
    territory: Territory = load_territory(territory_path)
    stops = territory.communes
    nearest_km = min(great_circle_km(depot_lon, depot_lat, s.stop_lon, s.stop_lat) for s in stops)
    if nearest_km > MAX_DEPOT_KM:
        msg = (
            f"--depot {depot_lat},{depot_lon}: the depot lies {nearest_km:,.0f} km from the "
            f"nearest stop of {territory_path}; expected within {MAX_DEPOT_KM:g} km "
            "(LAT first, then LON)"
        )
        raise StarterError(msg)
    n = len(stops)
    weeks, buses_needed = choose_cycle(n)
    rel = Path(os.path.relpath(Path(territory_path).resolve(), out.resolve().parent)).as_posix()
    title = name or f"Bus France services — {Path(territory_path).stem}"

    no_population = [s for s in stops if not s.population]
    no_weight = [s for s in stops if not s.demand_weight]
    if not no_population:
        source = "population"
        demand_note = "# Demand weight of each stop: its population (INSEE), unless given below."
    elif not no_weight:
        source = "territory"
        demand_note = "# Demand weight of each stop: its demand_weight in the territory file."
    else:
        source = "equal"
        demand_note = (
            f"# Every stop weighs the same: {len(no_population)} of the {n} stops have no "
            "population and\n# not all have a demand_weight in the territory file. Give "
            'weights below, or use source = "population" once every stop has one.'
        )

    per_cycle = len(DAYS) * SESSIONS_PER_DAY * weeks
    if buses_needed > 1:
        cycle_note = (
            f"# {n} stops: one bus holds {per_cycle} sessions in {weeks} weeks, too few for one "
            f"visit per stop.\n# The stops that do not fit are listed in plan.json as unserved; "
            f"with [buses] count = {buses_needed}\n# every stop is visited once per cycle."
        )
    else:
        cycle_note = (
            f"# {n} stops, one visit each at least: the shortest cycle of 1, 2, 4 or 8 weeks "
            f"whose\n# {per_cycle} sessions ({SESSIONS_PER_DAY} a day, Monday–Friday) cover "
            "them. Sessions left over go to the\n# stops with the most demand per visit."
        )
    text = f"""\
# busplanner starter scenario, written by `busplanner scenario new`. Every field is documented
# in docs/scenario.md. Values marked ASSUMPTION are defaults, not facts about this territory:
# change them when you know better.

name = {_toml(title)}
territory = {_toml(rel)}
lang = "fr"

[depot]
# TO FILL: the bus's base. The position was given on the command line.
name = "Dépôt"
lat = {depot_lat!r}
lon = {depot_lon!r}

[served]
# Every stop of the territory is served. To leave some out, list their ids here.
exclude = []

[buses]
# ASSUMPTION: one bus, Monday to Friday, open to the public 09:00–17:00 (the usual hours of
# France services buses in the national list), crew day 08:30–17:30 driving included.
count = 1
days = {json.dumps(list(DAYS))}
open_start = "09:00"
open_end = "17:00"
shift_start = "08:30"
shift_end = "17:30"

[cycle]
{cycle_note}
weeks = {weeks}

[session]
# ASSUMPTION: 3-hour half-day sessions, 10 minutes to set up and 10 to pack up, starting on a
# multiple of 5 minutes. "free": the bus keeps its own hours wherever it parks (see
# docs/scenario.md for "overlap" and "inside", which follow town-hall hours).
duration_min = 180
setup_min = 10
packup_min = 10
time_step_min = 5
opening_hours = "free"
min_overlap_min = 60

[lunch]
# ASSUMPTION: a lunch break of at least 60 minutes, between 12:00 and 14:00.
earliest = "12:00"
latest_end = "14:00"
duration_min = 60

[demand]
{demand_note}
source = "{source}"
min_visits_per_cycle = 1
# Override weights, e.g. from attendance records: "stop id" = 500
[demand.weights]
# Fix the number of visits per cycle of a stop (a divisor of the cycle length): "stop id" = 2
[demand.visits_per_cycle]

[travel]
# ASSUMPTIONS: road distance = great-circle distance x 1.3; mean speed of the bus 50 km/h.
model = "great_circle"
speed_kmh = 50
detour_factor = 1.3

[solver]
# Search effort in CP-SAT deterministic seconds, and a hard cap on the wall clock.
work_limit_s = 20
time_limit_s = 60
seed = 0
"""
    # The starter must be a valid scenario as it is.
    parse_scenario(tomllib.loads(text), path=out)
    return Starter(text, n, weeks, buses_needed, source)


def write_starter(starter: Starter, out: Path, *, force: bool = False) -> None:
    """Write the starter scenario to ``out``; refuse to replace a file unless ``force``.

    Raises
    ------
    StarterError
        If ``out`` exists and ``force`` is false.
    """
    if out.exists() and not force:
        msg = f"{out} already exists; use --force to overwrite it"
        raise StarterError(msg)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(starter.text, encoding="utf-8", newline="\n")

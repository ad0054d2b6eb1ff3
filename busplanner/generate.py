"""Write seeded SYNTHETIC département-like scenarios (territory GeoJSON + scenario TOML).

The stops are not real communes: points drawn uniformly in a square box (60 × 60 km by
default) around a real place (Rennes, 48.11 N, 1.68 W), populations from a log-normal law,
town-hall hours from a few patterns seen in real town halls. The files are marked synthetic
in their names and metadata, and the INSEE codes start with ``99``, which INSEE gives to
foreign countries and never to a French commune, so they cannot be mistaken for real ones.
The same parameters and seed always give the same bytes (stdlib :mod:`random` only).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner import atomic

RENNES = (48.11, -1.68)
"""(lat, lon) of the default box centre: Rennes, préfecture of Ille-et-Vilaine."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Town-hall opening patterns (weekday -> intervals), each with its share of the communes.
# Inspired by the service-public.fr directory: small mairies open a few half-days a week.
HOURS_PATTERNS: tuple[tuple[float, dict[str, list[list[str]]]], ...] = (
    (0.30, {d: [["09:00", "12:00"]] for d in WEEKDAYS[:5]}),
    (0.20, {d: [["09:00", "12:00"], ["14:00", "17:30"]] for d in WEEKDAYS[:5]}),
    (
        0.20,
        {
            "monday": [["14:00", "18:00"]],
            "tuesday": [["09:00", "12:00"]],
            "thursday": [["14:00", "18:00"]],
            "friday": [["09:00", "12:00"]],
            "saturday": [["09:00", "12:00"]],
        },
    ),
    (0.15, {d: [["08:30", "12:30"]] for d in ("monday", "wednesday", "friday")}),
    (0.15, {d: [["13:30", "17:30"]] for d in ("tuesday", "thursday", "friday")}),
)

KM_PER_DEG_LAT = 111.32
SESSIONS_PER_BUS_CYCLE_WEEK = 10
"""Two sessions a day, five days a week: what one bus holds per week with 3-hour sessions."""


@dataclass(frozen=True)
class GeneratorParams:
    """What to generate. ``buses`` 0 means "enough for 1.25 visits per stop per cycle"."""

    stops: int = 50
    seed: int = 0
    box_km: float = 60.0
    centre_lat: float = RENNES[0]
    centre_lon: float = RENNES[1]
    depots: int = 1
    buses: int = 0
    cycle_weeks: int = 4
    opening_hours: str = "overlap"
    population_median: float = 900.0
    population_sigma: float = 1.0
    time_limit_s: float = 60.0
    work_limit_s: float = 20.0

    def __post_init__(self) -> None:
        problems = []
        if not 1 <= self.stops <= 9999:
            problems.append(f"stops = {self.stops}: expected 1 … 9999")
        if self.depots not in (1, 2):
            problems.append(f"depots = {self.depots}: expected 1 or 2")
        if self.box_km <= 0:
            problems.append(f"box_km = {self.box_km}: expected a positive size")
        if self.buses < 0:
            problems.append(f"buses = {self.buses}: expected 0 (automatic) or more")
        if problems:
            raise ValueError("; ".join(problems))


def default_buses(stops: int, cycle_weeks: int) -> int:
    """Enough buses for about 1.25 sessions per stop per cycle (at least 1, at most 50)."""
    per_bus = SESSIONS_PER_BUS_CYCLE_WEEK * cycle_weeks
    return max(1, min(50, math.ceil(1.25 * stops / per_bus)))


def generate(params: GeneratorParams, folder: Path) -> list[Path]:
    """Write ``territory.geojson`` and one scenario per depot into ``folder``.

    With one depot the scenario is ``scenario.toml``; with two, ``scenario_depot1.toml`` and
    ``scenario_depot2.toml``, each serving the stops nearer to its depot (busplanner plans
    one depot per scenario) with its share of the buses.

    Returns
    -------
    list[Path]
        The scenario files written.
    """
    rng = random.Random(params.seed)
    lat0, lon0 = params.centre_lat, params.centre_lon
    km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    # The stops, drawn in order from the seeded generator.
    features = [_stop_feature(params, i, rng, km_per_deg_lon) for i in range(1, params.stops + 1)]
    points = [
        (f["properties"]["insee_code"], f["properties"]["stop_lon"], f["properties"]["stop_lat"])
        for f in features
    ]
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_territory(params, features), ensure_ascii=False, indent=1, sort_keys=False)
    atomic.write_text(folder / "territory.geojson", text + "\n")
    # One scenario per depot, each serving the stops nearer to it.
    depots = [(lat0, lon0)]
    if params.depots == 2:
        # Two bases a third of the box apart, east and west of the centre.
        off = params.box_km / 6 / km_per_deg_lon
        depots = [(lat0, round(lon0 - off, 6)), (lat0, round(lon0 + off, 6))]
    groups: list[list[str]] = [[] for _ in depots]
    for code, lon, lat in points:
        nearest = min(
            range(len(depots)),
            key=lambda d: (
                (lat - depots[d][0]) ** 2
                + ((lon - depots[d][1]) * km_per_deg_lon / KM_PER_DEG_LAT) ** 2
            ),
        )
        groups[nearest].append(code)
    total_buses = params.buses or default_buses(params.stops, params.cycle_weeks)
    written = []
    for d, ((lat, lon), codes) in enumerate(zip(depots, groups, strict=True), start=1):
        if len(depots) == 1:
            name, buses = "scenario.toml", total_buses
        else:
            name = f"scenario_depot{d}.toml"
            buses = max(1, round(total_buses * len(codes) / max(1, params.stops)))
        path = folder / name
        atomic.write_text(path, _scenario_toml(params, d, lat, lon, buses, codes, len(depots)))
        written.append(path)
    return written


def _stop_feature(
    params: GeneratorParams, i: int, rng: random.Random, km_per_deg_lon: float
) -> dict[str, Any]:
    """Stop ``i``: uniform in the box, a log-normal population, one of the hours patterns
    (drawn from ``rng`` in that order), a 2 km square "commune" around it."""
    lat0, lon0 = params.centre_lat, params.centre_lon
    half = params.box_km / 2
    x_km, y_km = rng.uniform(-half, half), rng.uniform(-half, half)
    lat = round(lat0 + y_km / KM_PER_DEG_LAT, 6)
    lon = round(lon0 + x_km / km_per_deg_lon, 6)
    mu = math.log(params.population_median)
    population = max(50, min(60000, round(rng.lognormvariate(mu, params.population_sigma))))
    weights = [w for w, _ in HOURS_PATTERNS]
    pattern = rng.choices(range(len(HOURS_PATTERNS)), weights=weights)[0]
    hours = HOURS_PATTERNS[pattern][1]
    code = f"99{i:03d}" if params.stops <= 999 else f"9{i:04d}"
    # A 2 km square "commune" around the stop, so maps have something to shade.
    dlat, dlon = 1.0 / KM_PER_DEG_LAT, 1.0 / km_per_deg_lon
    ring = [
        [round(lon - dlon, 6), round(lat - dlat, 6)],
        [round(lon + dlon, 6), round(lat - dlat, 6)],
        [round(lon + dlon, 6), round(lat + dlat, 6)],
        [round(lon - dlon, 6), round(lat + dlat, 6)],
        [round(lon - dlon, 6), round(lat - dlat, 6)],
    ]
    return {
        "type": "Feature",
        "properties": {
            "insee_code": code,
            "name": f"Synthétique {i:03d}",
            "population": population,
            "stop_lon": lon,
            "stop_lat": lat,
            "stop_address": f"Mairie, Synthétique {i:03d} (synthetic)",
            "stop_source": f"SYNTHETIC: uniform draw, seed {params.seed}",
            "opening_hours": {d: hours.get(d, []) for d in WEEKDAYS},
        },
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _territory(params: GeneratorParams, features: list[dict[str, Any]]) -> dict[str, Any]:
    """The SYNTHETIC territory: its features and a note saying how they were drawn."""
    lat0, lon0 = params.centre_lat, params.centre_lon
    return {
        "type": "FeatureCollection",
        "metadata": {
            "title": f"SYNTHETIC territory: {params.stops} stops, seed {params.seed}",
            "synthetic": True,
            "note": (
                "Not real communes. Stops uniform in a "
                f"{params.box_km:g} × {params.box_km:g} km box around ({lat0}, {lon0}); "
                f"populations log-normal (median {params.population_median:g}, sigma "
                f"{params.population_sigma:g}); town-hall hours from {len(HOURS_PATTERNS)} "
                "patterns; 2 km square boundaries. Codes 99xxx are never French communes."
            ),
            "generator": "busplanner.generate",
        },
        "features": features,
    }


def _scenario_toml(
    p: GeneratorParams, depot: int, lat: float, lon: float, buses: int, codes: list[str], n: int
) -> str:
    served = ""
    if n > 1:
        served = "\n[served]\ncommunes = [" + ", ".join(f'"{c}"' for c in codes) + "]\n"
    return f"""\
# SYNTHETIC scenario written by busplanner.generate: not a real territory or service.
# stops={p.stops} seed={p.seed} box_km={p.box_km:g} depots={n} (this is depot {depot})
name = "SYNTHETIC {p.stops} stops, seed {p.seed}, depot {depot}"
territory = "territory.geojson"
lang = "en"

[depot]
name = "Synthetic base {depot}"
lat = {lat}
lon = {lon}
{served}
[buses]
count = {buses}
days = ["monday", "tuesday", "wednesday", "thursday", "friday"]

[cycle]
weeks = {p.cycle_weeks}

[session]
duration_min = 180
setup_min = 10
packup_min = 10
opening_hours = "{p.opening_hours}"
min_overlap_min = 60

[demand]
source = "population"
min_visits_per_cycle = 1

[travel]
model = "great_circle"
speed_kmh = 50
detour_factor = 1.3

[solver]
time_limit_s = {p.time_limit_s:g}
work_limit_s = {p.work_limit_s:g}
seed = 0
"""


TIMETABLE_HEADER = (
    "Mobile",
    "Route",
    "Community",
    "Stop",
    "Address",
    "Longitude",
    "Latitude",
    "Date",
    "Day",
    "Frequency",
    "Start",
    "End",
    "Timetable",
)
"""The columns of a published timetable (LibrariesHacked's layout, ``docs/import.md``)."""


def synthetic_timetable(rows: int, *, mobiles: int = 1, seed: int = 0) -> str:
    """A SYNTHETIC published timetable of ``rows`` rows for ``busplanner import timetable``.

    Not a real service: ``mobiles`` mobiles ("SYNTHETIC mobile 1" …), each in its own 40 km
    box (the boxes 60 km apart on a grid around Rennes), each running rounds on the weekdays
    of a 4-week cycle (12 weeks and six days when a round would hold more than 250 stops),
    one dated row per session. About one row in five comes back to a place of an earlier
    round (mostly with the same names and point; some moved 100 m, some spelt another way);
    about one in a hundred sits on another community's point (a geocoder's fall-back point,
    which the import skips), one in two hundred is 100 km away (an outlier). Sessions run
    from 06:00, as long as the round's length allows (at most an hour). The same arguments
    always give the same text (stdlib :mod:`random` only).
    """
    import csv
    import datetime as dt
    import io

    rng = random.Random(seed)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(TIMETABLE_HEADER)
    side = math.ceil(math.sqrt(mobiles))
    per_mobile = [rows // mobiles + (1 if m < rows % mobiles else 0) for m in range(mobiles)]
    monday = dt.date(2027, 1, 4)
    for m, count in enumerate(per_mobile):
        lat0 = RENNES[0] + (m // side - side / 2) * 60 / KM_PER_DEG_LAT
        km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
        lon0 = RENNES[1] + (m % side - side / 2) * 60 / km_per_deg_lon
        weeks, days = (4, WEEKDAYS[:5]) if count <= 250 * 20 else (12, WEEKDAYS[:6])
        rounds = [(w, d) for w in range(1, weeks + 1) for d in range(len(days))]
        sizes = [
            count // len(rounds) + (1 if k < count % len(rounds) else 0) for k in range(len(rounds))
        ]
        mobile = f"SYNTHETIC mobile {m + 1}"
        places: list[tuple[str, str, float, float]] = []
        for (week, day), size in zip(rounds, sizes, strict=True):
            slot = max(1, min(65, 1020 // max(1, size)))
            session = slot - 5 if slot > 10 else max(1, slot - 1) if slot > 1 else 1
            date = monday + dt.timedelta(weeks=week - 1, days=day)
            for k in range(size):
                draw = rng.random()
                if places and draw < 0.15:  # the same place again
                    community, stop, lon, lat = rng.choice(places)
                elif places and draw < 0.17:  # the same names, moved a hundred metres
                    community, stop, lon, lat = rng.choice(places)
                    lat = round(lat + 0.1 / KM_PER_DEG_LAT, 6)
                elif places and draw < 0.18:  # another spelling at the same point
                    community, stop, lon, lat = rng.choice(places)
                    community = community.replace("Synthetic", "Synthetik")
                elif places and draw < 0.19:  # a geocoder's fall-back point
                    _, _, lon, lat = rng.choice(places)
                    community, stop = f"Synthetic fallback {len(places) + 1}", "Village centre"
                else:
                    n = len(places) + 1
                    community, stop = f"Synthetic {m + 1}-{n}", f"Stop {n}"
                    # One new place in two hundred 100 km away: a geocoding error.
                    far = 100 if draw > 0.995 else 0
                    lon = round(lon0 + (far + rng.uniform(-20, 20)) / km_per_deg_lon, 6)
                    lat = round(lat0 + rng.uniform(-20, 20) / KM_PER_DEG_LAT, 6)
                    places.append((community, stop, lon, lat))
                start = 6 * 60 + k * slot
                out.writerow(
                    (
                        mobile,
                        f"{mobile} week {week} {days[day]}",
                        community,
                        stop,
                        f"{stop}, {community}",
                        f"{lon:.6f}",
                        f"{lat:.6f}",
                        date.isoformat(),
                        days[day].capitalize(),
                        weeks,
                        f"{start // 60:02d}:{start % 60:02d}",
                        f"{(start + session) // 60:02d}:{(start + session) % 60:02d}",
                        "SYNTHETIC: busplanner.generate.synthetic_timetable",
                    )
                )
    return buf.getvalue()


def main(argv: list[str] | None = None) -> None:
    """``python -m busplanner.generate FOLDER --stops N --seed S [--depots 2]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stops", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--depots", type=int, default=1)
    parser.add_argument("--buses", type=int, default=0, help="0: automatic")
    parser.add_argument("--weeks", type=int, default=4)
    args = parser.parse_args(argv)
    params = GeneratorParams(
        stops=args.stops,
        seed=args.seed,
        depots=args.depots,
        buses=args.buses,
        cycle_weeks=args.weeks,
    )
    for path in generate(params, args.folder):
        print(path)


if __name__ == "__main__":  # pragma: no cover
    main()

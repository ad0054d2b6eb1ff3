"""SYNTHETIC networks (not real places) whose best coverage is known by construction.

A base ``B`` with stops on a ring close around it ("near": any two share a bus day) and
stops 38.5 km away in different directions ("far": the drive there and back, 2 x 61 min with
the great-circle model's x 1.3 at 50 km/h, leaves room for one 3-hour session in the
08:30–17:30 shift and no second one). A bus day then holds two near stops, or one far stop:
with ``D`` bus days, ``n`` near and ``m`` far stops, at most ``n + min(m, D - ceil(n / 2))``
stops get a visit (when ``2 D >= n``).
"""

from __future__ import annotations

import math
from pathlib import Path

BASE = (48.10, -1.70)  # (lat, lon)
FAR_KM = 38.5
NEAR_KM = 2.0


def ring(
    centre: tuple[float, float], km: float, count: int, prefix: str, turn: float = 0.0
) -> dict[str, tuple[float, float]]:
    """``count`` points ``km`` (great circle) around ``centre``, evenly spread."""
    lat0, lon0 = centre
    out = {}
    for k in range(count):
        angle = 2 * math.pi * (k / count) + turn
        dlat = km / 111.2 * math.cos(angle)
        dlon = km / (111.2 * math.cos(math.radians(lat0))) * math.sin(angle)
        out[f"{prefix}{k + 1}"] = (lat0 + dlat, lon0 + dlon)
    return out


def stops_csv(points: dict[str, tuple[float, float]]) -> str:
    rows = ["id,name,lon,lat,demand_weight"]
    rows += [f"{sid},{sid.upper()},{lon:.6f},{lat:.6f},1" for sid, (lat, lon) in points.items()]
    return "\n".join(rows) + "\n"


def network(
    folder: Path,
    points: dict[str, tuple[float, float]],
    bases: list[tuple[str, tuple[float, float], list[str]]],
    *,
    weeks: int = 1,
    open_end: str = "17:00",
    name: str = "net",
) -> Path:
    """A scenario (written into ``folder``) serving ``points`` from ``bases``: (name,
    (lat, lon), weekdays), one bus each, 3-hour sessions, one visit per stop asked."""
    (folder / f"{name}.csv").write_text(stops_csv(points), encoding="utf-8")
    depots = "".join(
        f"""
[[depots]]
name = "{label}"
lat = {lat}
lon = {lon}
days = {days!r}
""".replace("'", '"')
        for label, (lat, lon), days in bases
    )
    text = f"""name = "SYNTHETIC network {name}"
territory = "{name}.csv"
[buses]
days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
open_start = "09:00"
open_end = "{open_end}"
shift_start = "08:30"
shift_end = "17:30"
[cycle]
weeks = {weeks}
[session]
duration_min = 180
starts = []
[demand]
source = "territory"
min_visits_per_cycle = 1
[solver]
time_limit_s = 30
work_limit_s = 5
{depots}"""
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path

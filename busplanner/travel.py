"""Driving distances and times between places (the travel model).

The great-circle model is the only one so far: distance = great-circle distance x a detour
factor, time = distance / a mean speed, rounded up to the whole minute. Both the factor and the
speed are assumptions named in the scenario (``[travel]``), not measurements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from busplanner.geo import great_circle_km


@dataclass(frozen=True)
class TravelMatrix:
    """Distances (km) and driving times (whole minutes) between places, by index.

    Attributes
    ----------
    distance_km
        ``distance_km[i][j]``: road distance estimate from place ``i`` to place ``j``.
    duration_min
        ``duration_min[i][j]``: driving minutes, rounded up.
    model, speed_kmh, detour_factor
        What produced the figures.
    """

    distance_km: tuple[tuple[float, ...], ...]
    duration_min: tuple[tuple[int, ...], ...]
    model: str
    speed_kmh: float
    detour_factor: float


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

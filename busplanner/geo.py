"""Great-circle distance on the WGS84 sphere approximation (haversine)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual figure for haversine distances."""


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two WGS84 points (degrees)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))

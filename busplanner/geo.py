"""Great-circle distance on the WGS84 sphere approximation (haversine), and a grid of points
that finds the points near a place without measuring the distance to every one."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual figure for haversine distances."""


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two WGS84 points (degrees)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


Cell = tuple[int, int, int]


class PointGrid:
    """Points of the sphere filed in cubes: the points within ``radius_km`` of a place are
    among those of its cube and the 26 around it, so a file of ``n`` points is searched in
    about ``n`` steps, not ``n²``.

    The cubes tile the unit sphere's 3-D space (no trouble at the poles or across the
    180th meridian); their side is the chord of ``radius_km`` with a margin for rounding.
    :meth:`near` gives *candidates*: the caller keeps those its own distance test accepts,
    so results do not depend on the grid.

    Parameters
    ----------
    radius_km
        The largest distance the caller will look for.
    """

    def __init__(self, radius_km: float) -> None:
        half_angle = min(math.pi / 2, radius_km / (2 * EARTH_RADIUS_KM))
        self.side = 2 * math.sin(half_angle) * (1 + 1e-6) + 1e-12
        self._cells: defaultdict[Cell, list[int]] = defaultdict(list)

    def _cell(self, lon: float, lat: float) -> Cell:
        p, la = math.radians(lat), math.radians(lon)
        x, y, z = math.cos(p) * math.cos(la), math.cos(p) * math.sin(la), math.sin(p)
        s = self.side
        return (math.floor(x / s), math.floor(y / s), math.floor(z / s))

    def add(self, index: int, lon: float, lat: float) -> None:
        """File point ``index`` (the caller's number for it) at ``(lon, lat)``."""
        self._cells[self._cell(lon, lat)].append(index)

    def near(self, lon: float, lat: float) -> list[list[int]]:
        """The points filed in the cube of ``(lon, lat)`` and the 26 around it: one list per
        cube, each in the order the points were added."""
        cx, cy, cz = self._cell(lon, lat)
        cells = self._cells
        return [
            found
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for dz in (-1, 0, 1)
            if (found := cells.get((cx + dx, cy + dy, cz + dz)))
        ]

    def candidates(self, lon: float, lat: float) -> list[int]:
        """Every point :meth:`near` gives, in the order they were added (by number)."""
        return sorted(i for found in self.near(lon, lat) for i in found)

    def first(self, lon: float, lat: float, accept: Callable[[int], bool]) -> int | None:
        """The lowest-numbered point near ``(lon, lat)`` that ``accept`` takes, or ``None``
        (each cube is read in order only until its first accepted point; the points must
        have been added in increasing number)."""
        best: int | None = None
        for found in self.near(lon, lat):
            for i in found:
                if best is not None and i >= best:
                    break
                if accept(i):
                    best = i
                    break
        return best


def medoid(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The point of ``points`` (``(lon, lat)``) with the least total great-circle distance
    to the others; a tie goes to the smallest ``(lon, lat)``.

    Exactly what comparing the sums of :func:`great_circle_km` (added in the order of
    ``points``) gives, without summing ``n²`` distances in Python: the sums are first
    computed with NumPy, a block of points at a time, then the points whose NumPy sum is
    within a rounding margin of the least are summed again exactly.
    """
    import numpy as np

    if len(points) <= 64:
        return min(points, key=lambda a: (_total_km(a, points), a))
    lon = np.radians(np.array([p[0] for p in points], dtype=float))
    lat = np.radians(np.array([p[1] for p in points], dtype=float))
    cos_lat = np.cos(lat)
    n = len(points)
    totals = np.empty(n)
    block = max(1, 2_000_000 // n)
    for i in range(0, n, block):
        j = min(n, i + block)
        dp = np.sin((lat[None, :] - lat[i:j, None]) / 2)
        dl = np.sin((lon[None, :] - lon[i:j, None]) / 2)
        a = dp * dp + cos_lat[i:j, None] * cos_lat[None, :] * (dl * dl)
        totals[i:j] = (2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))).sum(axis=1)
    least = float(totals.min())
    margin = 1e-9 * (least + 1.0)
    close = [points[int(k)] for k in np.flatnonzero(totals <= least + margin)]
    return min(close, key=lambda a: (_total_km(a, points), a))


def _total_km(a: tuple[float, float], points: Sequence[tuple[float, float]]) -> float:
    return sum(great_circle_km(a[0], a[1], b[0], b[1]) for b in points)

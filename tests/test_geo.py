"""busplanner.geo: the point grid and the medoid give exactly what comparing every pair gives.

Brute force is the oracle: for random points (Hypothesis), the grid's candidates hold every
point within the radius, and the medoid is the one ``min`` over all sums picks.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from busplanner.geo import PointGrid, great_circle_km, medoid

# Points in clusters (so that many pairs are close), anywhere on the sphere, poles and the
# 180th meridian included.
centres = st.tuples(st.floats(-180, 180), st.floats(-90, 90))
offsets = st.tuples(st.floats(-0.002, 0.002), st.floats(-0.002, 0.002))


def _points(draw: st.DrawFn) -> list[tuple[float, float]]:
    out = []
    for lon0, lat0 in draw(st.lists(centres, min_size=1, max_size=4)):
        for dlon, dlat in draw(st.lists(offsets, min_size=1, max_size=25)):
            lon = ((lon0 + dlon + 180) % 360) - 180
            out.append((lon, max(-90.0, min(90.0, lat0 + dlat))))
    return out


points_lists = st.composite(_points)()


@settings(max_examples=60, deadline=None)
@given(points_lists, st.sampled_from([0.025, 0.1, 1.0]))
def test_the_grid_finds_every_point_within_the_radius(
    points: list[tuple[float, float]], radius_km: float
) -> None:
    grid = PointGrid(radius_km)
    for i, p in enumerate(points):
        grid.add(i, *p)
    for a in points:
        near = set(grid.candidates(*a))
        within = {i for i, b in enumerate(points) if great_circle_km(*a, *b) <= radius_km}
        assert within <= near


@settings(max_examples=40, deadline=None)
@given(points_lists, st.sampled_from([0.025, 1.0]))
def test_first_is_the_lowest_numbered_point_accepted(
    points: list[tuple[float, float]], radius_km: float
) -> None:
    grid = PointGrid(radius_km)
    for i, p in enumerate(points):
        grid.add(i, *p)
    for a in points:

        def close(i: int, a: tuple[float, float] = a) -> bool:
            return great_circle_km(*a, *points[i]) <= radius_km

        expected = next((i for i in range(len(points)) if close(i)), None)
        assert grid.first(*a, close) == expected


def _brute_medoid(points: list[tuple[float, float]]) -> tuple[float, float]:
    def total(a: tuple[float, float]) -> float:
        return sum(great_circle_km(a[0], a[1], b[0], b[1]) for b in points)

    return min(points, key=lambda a: (total(a), a))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(-3.0, -1.0), st.floats(47.0, 49.0)), min_size=1, max_size=150))
def test_the_medoid_is_the_brute_force_one(points: list[tuple[float, float]]) -> None:
    points = sorted(set(points))
    assert medoid(points) == _brute_medoid(points)


def test_the_medoid_of_a_large_set_is_the_brute_force_one() -> None:
    """Above 64 points the sums are NumPy's, then the closest are summed again exactly: a
    square grid has many exact ties, which go to the smallest (lon, lat)."""
    points = sorted(
        {(round(-2 + 0.01 * i, 6), round(48 + 0.01 * j, 6)) for i in range(15) for j in range(15)}
    )
    assert len(points) > 64
    assert medoid(points) == _brute_medoid(points)
    assert math.isclose(medoid(points)[0], -1.93)

"""The positions checked and the rows grouped into places: a geocoder's fall-back point
shared by several places, a stop far from the rest of its round, the same place under two
spellings or at two positions."""

from __future__ import annotations

import bisect
import difflib
import html
from collections import defaultdict
from collections.abc import Callable

from busplanner.geo import PointGrid, great_circle_km
from busplanner.importer.read import Row, norm, place_name
from busplanner.importer.repair import coordinates, name_columns
from busplanner.importer.report import Report

SAME_PLACE_M = 25.0
"""Two rows this close (metres) are at the same point."""


SAME_NAME_MAX_KM = 1.0
"""Rows with the same names this close (km) are one place; farther apart, two places."""


OUTLIER_KM = 30.0
"""A stop farther than this from the median position of the other stops of its round …"""


OUTLIER_SPREAD_FACTOR = 3.0
"""… and farther than this many times the round's median spread is a geocoding error."""


MIN_SPREAD_KM = 1.0
"""The spread of a round is taken as at least this (a compact round is not a tight test)."""


def similar(a: str, b: str) -> bool:
    """Two normalised names that are spellings of one name."""
    if a == b:
        return True
    if a and b and (f" {a} " in f" {b} " or f" {b} " in f" {a} "):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(*a, *b) * 1000


def all_points(rows: list[Row], swapped: bool) -> list[tuple[tuple[float, float], str, str]]:
    """Every row of the file with a position (all mobiles): point, community, place name."""
    community_col, stop_col = name_columns(swapped)
    out = []
    for r in rows:
        point = coordinates(r.cells)
        community = html.unescape(r.cells[community_col]) or html.unescape(r.cells[stop_col])
        if point is not None and community:
            out.append((point, community, place_name(community, html.unescape(r.cells[stop_col]))))
    return out


def skip_shared_points(
    rows: list[Row], points: list[tuple[tuple[float, float], str, str]], report: Report
) -> None:
    """Skip a row whose point (within ``SAME_PLACE_M``) the file also gives to a place of
    another community: a geocoder's fall-back point, not the stop's position."""
    grid = PointGrid(SAME_PLACE_M / 1000)
    for k, (p, _, _) in enumerate(points):
        grid.add(k, *p)
    for r in rows:
        here = [
            (points[k][1], points[k][2])
            for k in grid.candidates(*r.point)
            if distance_m(r.point, points[k][0]) <= SAME_PLACE_M
        ]
        if all(similar(norm(c), norm(r.community)) for c, _ in here):
            continue
        names = sorted({name for _, name in here})
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        report.skip(
            r,
            "Longitude/Latitude",
            "shared_point",
            lon=r.point[0],
            lat=r.point[1],
            n=len(names),
            names=shown,
        )


def skip_outliers(rows: list[Row], report: Report) -> None:
    """Skip a stop far from the rest of its round: more than ``OUTLIER_KM`` from the median
    position of the round's other stops and more than ``OUTLIER_SPREAD_FACTOR`` times their
    median distance to it; the farthest first, again until none is left (3 stops at least)."""
    rounds: dict[tuple[int | None, str | None], list[Row]] = defaultdict(list)
    for r in rows:
        rounds[(r.week, r.day)].append(r)
    for (week, day), members in rounds.items():
        left = list(members)
        while len(left) >= 3:
            km, spread, r = _farthest(left)
            if km <= OUTLIER_KM or km <= OUTLIER_SPREAD_FACTOR * spread:
                break
            report.skip(
                r,
                "Longitude/Latitude",
                "outlier",
                km=km,
                n=len(left) - 1,
                route=r.route,
                day=day,
                week=week,
                spread=spread,
                limit=OUTLIER_KM,
                factor=OUTLIER_SPREAD_FACTOR,
            )
            left.remove(r)


def _farthest(rows: list[Row]) -> tuple[float, float, Row]:
    """The row of a round farthest from the median position of the round's other rows: its
    distance to it, the median distance of the others to it (at least ``MIN_SPREAD_KM``),
    and the row (the first in ``rows`` on a tie).

    Each row's "others" are the round without it, so the median position takes one of a few
    values (the median of the values less one, by where the row's value ranks): each is met
    once, with the distances of the round to it sorted once, instead of ``n`` medians of
    ``n`` distances per row. The figures are exactly :func:`statistics.median`'s.
    """
    lons = sorted(r.point[0] for r in rows)
    lats = sorted(r.point[1] for r in rows)
    distances: dict[tuple[float, float], list[float]] = {}
    worst: tuple[float, float, Row] | None = None
    for r in rows:
        mid = (_median_without(lons, r.point[0]), _median_without(lats, r.point[1]))
        if mid not in distances:
            distances[mid] = sorted(great_circle_km(*o.point, *mid) for o in rows)
        km = great_circle_km(*r.point, *mid)
        if worst is None or km > worst[0]:
            spread = _median_without(distances[mid], km)
            worst = (km, max(MIN_SPREAD_KM, spread), r)
    assert worst is not None
    return worst


def _median_without(values: list[float], value: float) -> float:
    """:func:`statistics.median` of the sorted ``values`` less one occurrence of ``value``."""
    gone = bisect.bisect_left(values, value)
    n = len(values) - 1

    def at(k: int) -> float:
        return values[k] if k < gone else values[k + 1]

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2


def group_places(rows: list[Row], report: Report) -> list[list[Row]]:
    """Rows grouped into places, each a list of rows in file order (the first row gives the
    place its names and position). One place: the same normalised names within
    ``SAME_NAME_MAX_KM``, or one point (``SAME_PLACE_M``) under two spellings."""
    keys = [(norm(r.community), norm(r.stop)) for r in rows]
    places = _UnionFind(len(rows))
    _join_same_names(rows, keys, places, report)
    _join_spellings(rows, keys, places, report)
    groups: dict[int, list[Row]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[places.find(i)].append(r)
    grouped = [groups[k] for k in sorted(groups)]
    for p, members in enumerate(grouped):
        for r in members:
            r.place = p
    return grouped


class _UnionFind:
    """Rows joined into places; each place is named by its first row."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        self.parent[max(a, b)] = min(a, b)


def _join_same_names(
    rows: list[Row], keys: list[tuple[str, str]], places: _UnionFind, report: Report
) -> None:
    """Join each row to an earlier row of the same names within ``SAME_NAME_MAX_KM``
    (flagged when farther than ``SAME_PLACE_M``); farther, they stay two places (flagged)."""
    # The earlier rows of the same names: the first, and those within SAME_NAME_MAX_KM and
    # SAME_PLACE_M looked up in a grid of their own.
    first_of: dict[tuple[str, str], int] = {}
    within_km: dict[tuple[str, str], PointGrid] = {}
    within_m: dict[tuple[str, str], PointGrid] = {}
    for i, r in enumerate(rows):
        key = keys[i]
        if key not in first_of:
            first_of[key] = i
            within_km[key] = PointGrid(SAME_NAME_MAX_KM)
            within_m[key] = PointGrid(SAME_PLACE_M / 1000)
        else:
            near = within_km[key].first(*r.point, _within(rows, r, SAME_NAME_MAX_KM * 1000))
            if near is None:
                o = rows[first_of[key]]
                km = distance_m(r.point, o.point) / 1000
                report.add(
                    r.line, "Longitude/Latitude", "flagged", "same_name_far", line=o.line, km=km
                )
            else:
                places.union(i, near)
                close = within_m[key].first(*r.point, _within(rows, r, SAME_PLACE_M))
                if close is None:
                    o = rows[near]
                    report.add(
                        r.line,
                        "Longitude/Latitude",
                        "flagged",
                        "same_name_moved",
                        line=o.line,
                        metres=distance_m(r.point, o.point),
                    )
        within_km[key].add(i, *r.point)
        within_m[key].add(i, *r.point)


def _join_spellings(
    rows: list[Row], keys: list[tuple[str, str]], places: _UnionFind, report: Report
) -> None:
    """Rows of other names at one point (``SAME_PLACE_M``): joined when both names are
    spellings of one another, else flagged once per pair of names (two stops geocoded to
    the village)."""
    # Rows of other names at one point: the earlier rows near it, from a grid.
    flagged: set[frozenset[tuple[str, str]]] = set()
    nearby = PointGrid(SAME_PLACE_M / 1000)
    for i, r in enumerate(rows):
        nearby.add(i, *r.point)
        for k in nearby.candidates(*r.point):
            if k >= i:
                continue
            o = rows[k]
            if keys[k] == keys[i] or places.find(i) == places.find(k):
                continue
            if {keys[k], keys[i]} in flagged:
                continue
            if distance_m(r.point, o.point) > SAME_PLACE_M:
                continue
            if similar(keys[i][0], keys[k][0]) and similar(keys[i][1], keys[k][1]):
                places.union(i, k)
                report.add(
                    r.line,
                    "Community/Stop",
                    "flagged",
                    "spelling",
                    line=o.line,
                    other=o.label,
                    this=r.label,
                    metres=distance_m(r.point, o.point),
                )
            else:
                flagged.add(frozenset((keys[k], keys[i])))
                report.add(
                    r.line,
                    "Longitude/Latitude",
                    "flagged",
                    "shared_position",
                    line=o.line,
                    other=o.label,
                )
            break


def _within(rows: list[Row], r: Row, metres: float) -> Callable[[int], bool]:
    """Whether row ``k`` of ``rows`` lies within ``metres`` of row ``r``."""
    return lambda k: distance_m(r.point, rows[k].point) <= metres

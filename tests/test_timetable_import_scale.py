"""busplanner import timetable on large files: the work grows with the rows, not their square,
and the faster code reads every file exactly as the pair-by-pair code did.

Issue 19: 1,000 rows took 5.4 s, 4,000 rows 60 s and 20,000 were killed at 300 s: every row
was measured against every point of the file (``_skip_shared_points``), rows against rows
(``_group_places``), each round's rows against each other for every candidate outlier
(``_skip_outliers``), the medoid summed every pair, and a full travel matrix was built. The
times are in ``docs/benchmarks.md`` (``benchmarks/import_timetable.py``); here, the number
of distances computed, and the oracle: the former pair-by-pair functions, kept below.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import busplanner.geo as geo
import busplanner.timetable_import as ti
from busplanner.generate import synthetic_timetable
from busplanner.geo import great_circle_km
from busplanner.timetable_import import import_timetable
from busplanner.travel import great_circle_matrix

TIMETABLES = Path(__file__).resolve().parent / "data" / "timetables"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "mobile_libraries"


def _distances_for(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = [0]

    def counted(*args: float) -> float:
        calls[0] += 1
        return great_circle_km(*args)

    with monkeypatch.context() as m:
        m.setattr(ti, "great_circle_km", counted)
        m.setattr(geo, "great_circle_km", counted)
        import_timetable(path)
    return calls[0]


def test_the_distances_computed_grow_with_the_rows_not_their_square(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = []
    for rows in (600, 1200):
        path = tmp_path / f"{rows}.csv"
        path.write_text(synthetic_timetable(rows), encoding="utf-8")
        counts.append(_distances_for(path, monkeypatch))
    # Twice the rows: about twice the distances (four times, pair by pair).
    assert counts[1] < 2.6 * counts[0], counts


# --- the former pair-by-pair functions (busplanner before issue 19), the oracle ----------


def _old_skip_shared_points(rows, points, report):  # type: ignore[no-untyped-def]
    for r in rows:
        here = [(c, name) for p, c, name in points if ti._metres(r.point, p) <= ti.SAME_PLACE_M]
        if all(ti._similar(ti._norm(c), ti._norm(r.community)) for c, _ in here):
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


def _old_skip_outliers(rows, report):  # type: ignore[no-untyped-def]
    rounds = defaultdict(list)
    for r in rows:
        rounds[(r.week, r.day)].append(r)
    for (week, day), members in rounds.items():
        left = list(members)
        while len(left) >= 3:
            worst = None
            for r in left:
                others = [o.point for o in left if o is not r]
                mid = (
                    statistics.median(p[0] for p in others),
                    statistics.median(p[1] for p in others),
                )
                km = great_circle_km(*r.point, *mid)
                spread = statistics.median(great_circle_km(*p, *mid) for p in others)
                if worst is None or km > worst[0]:
                    worst = (km, max(ti.MIN_SPREAD_KM, spread), r)
            assert worst is not None
            km, spread, r = worst
            if km <= ti.OUTLIER_KM or km <= ti.OUTLIER_SPREAD_FACTOR * spread:
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
                limit=ti.OUTLIER_KM,
                factor=ti.OUTLIER_SPREAD_FACTOR,
            )
            left.remove(r)


def _old_group_places(rows, report):  # type: ignore[no-untyped-def]
    """Rows grouped into places, each a list of rows in file order (the first row gives the
    place its names and position). One place: the same normalised names within
    ``ti.SAME_NAME_MAX_KM``, or one point (``ti.SAME_PLACE_M``) under two spellings."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        parent[max(a, b)] = min(a, b)

    keys = [(ti._norm(r.community), ti._norm(r.stop)) for r in rows]
    for i, r in enumerate(rows):
        same = [k for k in range(i) if keys[k] == keys[i]]
        if not same:
            continue
        near = [k for k in same if ti._metres(r.point, rows[k].point) <= ti.SAME_NAME_MAX_KM * 1000]
        if not near:
            o = rows[same[0]]
            km = ti._metres(r.point, o.point) / 1000
            report.add(r.line, "Longitude/Latitude", "flagged", "same_name_far", line=o.line, km=km)
            continue
        union(i, near[0])
        if all(ti._metres(r.point, rows[k].point) > ti.SAME_PLACE_M for k in near):
            o = rows[near[0]]
            report.add(
                r.line,
                "Longitude/Latitude",
                "flagged",
                "same_name_moved",
                line=o.line,
                metres=ti._metres(r.point, o.point),
            )
    flagged = set()
    for i, r in enumerate(rows):
        for k in range(i):
            o = rows[k]
            if keys[k] == keys[i] or find(i) == find(k) or {keys[k], keys[i]} in flagged:
                continue
            if ti._metres(r.point, o.point) > ti.SAME_PLACE_M:
                continue
            if ti._similar(keys[i][0], keys[k][0]) and ti._similar(keys[i][1], keys[k][1]):
                union(i, k)
                report.add(
                    r.line,
                    "Community/Stop",
                    "flagged",
                    "spelling",
                    line=o.line,
                    other=o.label,
                    this=r.label,
                    metres=ti._metres(r.point, o.point),
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
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(i)].append(r)
    places = [groups[k] for k in sorted(groups)]
    for p, members in enumerate(places):
        for r in members:
            r.place = p
    return places


def _old_depot(file, stops, depot, lang="fr"):  # type: ignore[no-untyped-def]
    if depot is None:
        places = {(s.lon, s.lat): s for s in stops}
        points = sorted(places)

        def total_km(a):  # type: ignore[no-untyped-def]
            return sum(great_circle_km(a[0], a[1], b[0], b[1]) for b in points)

        best = min(points, key=lambda a: (total_km(a), a))
        medoid = places[best]
        return ti.Depot(
            name=ti.t("timetable.medoid_depot", lang, name=medoid.name),
            lon=medoid.lon,
            lat=medoid.lat,
            address=medoid.address,
        )
    return OLD_DEPOT(file, stops, depot, lang)


OLD_DEPOT = ti._depot


def _files(path: Path, **kw: object) -> tuple[dict[str, str], tuple[object, ...]]:
    result = import_timetable(path, **kw)  # type: ignore[arg-type]
    return result.files("en"), result.issues


@pytest.mark.parametrize(
    ("name", "kw"),
    [
        ("messy.csv", {}),
        ("nodates.csv", {}),
        ("synthetic-900", {}),
        ("synthetic-4x300", {"mobile": "SYNTHETIC mobile 3"}),
        ("devon.csv", {"mobile": "Teignbridge"}),
    ],
)
def test_the_import_reads_a_file_as_the_pair_by_pair_code_did(
    name: str, kw: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same files and the same report, line for line, with the former functions
    (skip shared points, skip outliers, group places, the medoid) swapped back in."""
    if name == "synthetic-900":
        path = tmp_path / "s.csv"
        path.write_text(synthetic_timetable(900, seed=7), encoding="utf-8")
    elif name == "synthetic-4x300":
        path = tmp_path / "m.csv"
        path.write_text(synthetic_timetable(1200, mobiles=4, seed=5), encoding="utf-8")
    else:
        path = (SHIPPED if name == "devon.csv" else TIMETABLES) / name
    new = _files(path, **kw)
    with monkeypatch.context() as m:
        m.setattr(ti, "_skip_shared_points", _old_skip_shared_points)
        m.setattr(ti, "_skip_outliers", _old_skip_outliers)
        m.setattr(ti, "_group_places", _old_group_places)
        m.setattr(ti, "_depot", _old_depot)
        old = _files(path, **kw)
    assert new[1] == old[1]
    assert new[0] == old[0]
    kinds = {issue.kind for issue in new[1]}  # type: ignore[attr-defined]
    if name.startswith("synthetic"):
        # Every rule the grid and the medians serve is met in the synthetic files.
        assert {"shared_point", "outlier", "spelling", "same_name_moved"} <= kinds, kinds


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-5.0, 5.0), st.floats(40.0, 55.0)), min_size=2, max_size=12),
    st.floats(5, 130),
    st.floats(1, 3),
)
def test_the_legs_are_the_great_circle_matrix(
    points: list[tuple[float, float]], speed_kmh: float, detour: float
) -> None:
    """The import's legs, computed one by one, are the matrix's entries."""

    class Travel:
        travel_model = "great_circle"

    travel = Travel()
    travel.speed_kmh = speed_kmh  # type: ignore[attr-defined]
    travel.detour_factor = detour  # type: ignore[attr-defined]
    legs = ti._Legs(travel, points)  # type: ignore[arg-type]
    matrix = great_circle_matrix(points, speed_kmh=speed_kmh, detour_factor=detour)
    for i in range(len(points)):
        for j in range(len(points)):
            assert legs.km(i, j) == matrix.distance_km[i][j]
            assert legs.minutes(i, j) == matrix.duration_min[i][j]

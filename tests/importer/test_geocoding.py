"""busplanner import timetable on large files: the work grows with the rows, not their square,
and the faster code reads every file exactly as the pair-by-pair code did.

Issue 19: 1,000 rows took 5.4 s, 4,000 rows 60 s and 20,000 were killed at 300 s: every row
was measured against every point of the file (``skip_shared_points``), rows against rows
(``group_places``), each round's rows against each other for every candidate outlier
(``skip_outliers``), the medoid summed every pair, and a full travel matrix was built. The
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
from busplanner.generate import synthetic_timetable
from busplanner.geo import great_circle_km
from busplanner.i18n import t
from busplanner.importer import geocoding, import_timetable, rotation, scenario, timetable
from busplanner.importer.geocoding import (
    MIN_SPREAD_KM,
    OUTLIER_KM,
    OUTLIER_SPREAD_FACTOR,
    SAME_NAME_MAX_KM,
    SAME_PLACE_M,
    distance_m,
    similar,
)
from busplanner.importer.read import Row, norm
from busplanner.importer.report import Report
from busplanner.scenario import Depot

from .rows import row

ROOT = Path(__file__).resolve().parent.parent.parent
TIMETABLES = ROOT / "tests" / "data" / "timetables"
SHIPPED = ROOT / "data" / "mobile_libraries"


def _distances_for(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = [0]

    def counted(*args: float) -> float:
        calls[0] += 1
        return great_circle_km(*args)

    with monkeypatch.context() as m:
        for module in (geo, geocoding, rotation, scenario):
            m.setattr(module, "great_circle_km", counted)
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
        here = [(c, name) for p, c, name in points if distance_m(r.point, p) <= SAME_PLACE_M]
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
                    worst = (km, max(MIN_SPREAD_KM, spread), r)
            assert worst is not None
            km, spread, r = worst
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


def _old_group_places(rows, report):  # type: ignore[no-untyped-def]
    """Rows grouped into places, each a list of rows in file order (the first row gives the
    place its names and position). One place: the same normalised names within
    ``SAME_NAME_MAX_KM``, or one point (``SAME_PLACE_M``) under two spellings."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        parent[max(a, b)] = min(a, b)

    keys = [(norm(r.community), norm(r.stop)) for r in rows]
    for i, r in enumerate(rows):
        same = [k for k in range(i) if keys[k] == keys[i]]
        if not same:
            continue
        near = [k for k in same if distance_m(r.point, rows[k].point) <= SAME_NAME_MAX_KM * 1000]
        if not near:
            o = rows[same[0]]
            km = distance_m(r.point, o.point) / 1000
            report.add(r.line, "Longitude/Latitude", "flagged", "same_name_far", line=o.line, km=km)
            continue
        union(i, near[0])
        if all(distance_m(r.point, rows[k].point) > SAME_PLACE_M for k in near):
            o = rows[near[0]]
            report.add(
                r.line,
                "Longitude/Latitude",
                "flagged",
                "same_name_moved",
                line=o.line,
                metres=distance_m(r.point, o.point),
            )
    flagged = set()
    for i, r in enumerate(rows):
        for k in range(i):
            o = rows[k]
            if keys[k] == keys[i] or find(i) == find(k) or {keys[k], keys[i]} in flagged:
                continue
            if distance_m(r.point, o.point) > SAME_PLACE_M:
                continue
            if similar(keys[i][0], keys[k][0]) and similar(keys[i][1], keys[k][1]):
                union(i, k)
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
        return Depot(
            name=t("timetable.medoid_depot", lang, name=medoid.name),
            lon=medoid.lon,
            lat=medoid.lat,
            address=medoid.address,
        )
    return OLD_DEPOT(file, stops, depot, lang)


OLD_DEPOT = scenario.depot_for


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
        m.setattr(timetable, "skip_shared_points", _old_skip_shared_points)
        m.setattr(timetable, "skip_outliers", _old_skip_outliers)
        m.setattr(timetable, "group_places", _old_group_places)
        m.setattr(timetable, "depot_for", _old_depot)
        old = _files(path, **kw)
    assert new[1] == old[1]
    assert new[0] == old[0]
    kinds = {issue.kind for issue in new[1]}  # type: ignore[attr-defined]
    if name.startswith("synthetic"):
        # Every rule the grid and the medians serve is met in the synthetic files.
        assert {"shared_point", "outlier", "spelling", "same_name_moved"} <= kinds, kinds


# --- the rules, on a few rows ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("newbridge", "new bridge", True),  # a spelling
        ("st johns", "st johns close", True),  # one name inside the other
        ("alpha", "omega", False),
    ],
)
def test_similar_names(a: str, b: str, same: bool) -> None:
    assert similar(norm(a), norm(b)) is same


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=9), st.data())
def test_the_median_without_one_value_is_statistics_median(
    values: list[float], data: st.DataObject
) -> None:
    values.sort()
    gone = data.draw(st.sampled_from(values))
    rest = list(values)
    rest.remove(gone)
    assert geocoding._median_without(values, gone) == statistics.median(rest)


def _round_row(line: int, lon: float, lat: float, community: str = "Alpha") -> Row:
    r = row(line=line, Community=community)
    r.community, r.stop, r.lon, r.lat, r.week, r.day = community, "Green", lon, lat, 1, "monday"
    return r


def test_a_stop_far_from_its_round_is_skipped_the_round_kept() -> None:
    # Four stops a few km apart and one 70 km west: a geocoding error.
    rows = [_round_row(n, -2.70 + 0.01 * n, 51.35) for n in range(2, 6)]
    rows.append(_round_row(6, -3.70, 51.35))
    report = Report()
    geocoding.skip_outliers(rows, report)
    assert [(i.line, i.kind) for i in report.issues] == [(6, "outlier")]


def test_a_point_given_to_places_of_two_communities_is_not_trusted() -> None:
    rows = [_round_row(2, -2.7, 51.35, "Foxton"), _round_row(3, -2.7, 51.35, "Hilton")]
    points = [((-2.7, 51.35), "Foxton", "Foxton"), ((-2.7, 51.35), "Hilton", "Hilton")]
    report = Report()
    geocoding.skip_shared_points(rows, points, report)
    assert [(i.line, i.kind) for i in report.issues] == [(2, "shared_point"), (3, "shared_point")]

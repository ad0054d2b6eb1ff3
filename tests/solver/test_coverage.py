"""The coverage bound (busplanner.solver.coverage) on SYNTHETIC networks whose best coverage
is known by construction (tests/network_data.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from network_data import BASE, FAR_KM, NEAR_KM, network, ring

from busplanner.pipeline import check_inputs
from busplanner.problem import PlanningProblem
from busplanner.solver import SolveOptions
from busplanner.solver.coverage import coverage_bound, day_classes
from busplanner.timing import time_route

OPTIONS = SolveOptions(time_limit_s=20, work_limit_s=5)
FOUR_DAYS = ["monday", "tuesday", "wednesday", "thursday"]


def _problem(path: Path) -> PlanningProblem:
    return check_inputs(path).problem


def _bound(problem: PlanningProblem):  # type: ignore[no-untyped-def]
    return coverage_bound(problem, OPTIONS, work_limit_s=5, wall_limit_s=20)


@pytest.mark.parametrize(
    ("near", "far", "days", "expected"),
    [
        (4, 5, 4, 6),  # 2 days hold the 4 near stops two by two, 2 days one far stop each
        (8, 3, 4, 8),  # the near stops fill every day: a far stop would cost two
        (2, 3, 4, 5),  # one day for the near pair, three for the far stops
        (0, 6, 4, 4),  # far stops only: one a day
    ],
)
def test_the_bound_is_the_best_coverage_known_by_construction(
    tmp_path: Path, near: int, far: int, days: int, expected: int
) -> None:
    points = {**ring(BASE, NEAR_KM, near, "n"), **ring(BASE, FAR_KM, far, "f", turn=0.3)}
    path = network(
        tmp_path,
        points,
        [("B", BASE, ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][:days])],
    )
    problem = _problem(path)
    cover = _bound(problem)
    assert cover.stops_bound == expected
    assert cover.proven and cover.exact
    assert cover.served == expected == len(cover.covered)
    assert cover.reachable() == near + far


def test_the_far_stops_of_the_construction_take_a_whole_day(tmp_path: Path) -> None:
    """What the construction relies on, checked on the real timing: a far stop fits a day
    alone, never with another stop; two near stops share one."""
    points = {**ring(BASE, NEAR_KM, 2, "n"), **ring(BASE, FAR_KM, 2, "f", turn=0.3)}
    problem = _problem(network(tmp_path, points, [("B", BASE, ["monday"])]))
    idx = {s.id: s.index for s in problem.stops}
    day = "monday"
    assert time_route(problem, day, [idx["f1"]], []) is not None
    assert time_route(problem, day, [], [idx["f1"]]) is not None
    for other in ("n1", "f2"):
        assert time_route(problem, day, [idx["f1"]], [idx[other]]) is None
        assert time_route(problem, day, [idx[other]], [idx["f1"]]) is None
    assert time_route(problem, day, [idx["n1"]], [idx["n2"]]) is not None


def test_a_stop_no_bus_reaches_in_a_half_day_counts_for_nothing(tmp_path: Path) -> None:
    points = {**ring(BASE, NEAR_KM, 2, "n"), "x": (BASE[0] + 1.0, BASE[1])}  # 111 km north
    cover = _bound(_problem(network(tmp_path, points, [("B", BASE, FOUR_DAYS)])))
    assert cover.reach[3] == ()  # "x", the third stop
    assert cover.reachable() == 2 and cover.stops_bound == 2


def test_a_base_added_never_lowers_the_bound(tmp_path: Path) -> None:
    points = {**ring(BASE, NEAR_KM, 4, "n"), **ring(BASE, FAR_KM, 5, "f", turn=0.3)}
    one = _bound(_problem(network(tmp_path, points, [("B", BASE, ["monday", "tuesday"])])))
    second = (points["f1"][0] + 0.01, points["f1"][1])  # a base beside a far stop
    two = _bound(
        _problem(
            network(
                tmp_path,
                points,
                [("B", BASE, ["monday", "tuesday"]), ("C", second, ["friday"])],
                name="two",
            )
        )
    )
    assert two.stops_bound >= one.stops_bound
    assert two.stops_bound == one.stops_bound + 1  # its one day takes f1 (or two near)


def test_one_session_a_day_is_counted_by_days(tmp_path: Path) -> None:
    """Open 09:00–16:00: a 3-hour session in the morning, none after the lunch break (the
    national list's common hours): a bus day holds one stop, however close."""
    points = ring(BASE, NEAR_KM, 9, "n")
    path = network(tmp_path, points, [("B", BASE, FOUR_DAYS)], weeks=2, open_end="16:00")
    problem = _problem(path)
    (dc,) = day_classes(problem)
    assert dc.sessions == (1, 0) and dc.bus_days == 8
    cover = _bound(problem)
    assert (cover.stops_bound, cover.visits_bound) == (8, 8)


def test_several_sessions_a_half_day_take_the_capacity_relaxation(tmp_path: Path) -> None:
    """90-minute sessions: two a half-day; the bus days are not listed, the bound comes from
    sessions and time, and still counts every stop a day can hold."""
    points = ring(BASE, NEAR_KM, 5, "n")
    path = network(tmp_path, points, [("B", BASE, ["monday"])])
    text = path.read_text(encoding="utf-8").replace("duration_min = 180", "duration_min = 90")
    path.write_text(text, encoding="utf-8")
    problem = _problem(path)
    cover = _bound(problem)
    assert not cover.exact and cover.days == ()
    q_am, q_pm = problem.half_day_sessions(0)
    assert cover.stops_bound == min(5, q_am + q_pm)


def test_a_budget_too_small_to_list_the_days_takes_the_capacity_relaxation(
    tmp_path: Path,
) -> None:
    """The pairs are counted before they are listed: past what ``max_memory_mb`` holds, the
    bound comes from capacities, still an upper bound on the best coverage (6)."""
    from busplanner.sizes import BASE_MB

    points = {**ring(BASE, NEAR_KM, 4, "n"), **ring(BASE, FAR_KM, 5, "f", turn=0.3)}
    problem = _problem(network(tmp_path, points, [("B", BASE, FOUR_DAYS)]))
    tight = SolveOptions(time_limit_s=20, work_limit_s=5, max_memory_mb=BASE_MB)
    cover = coverage_bound(problem, tight, work_limit_s=5, wall_limit_s=20)
    assert not cover.exact and cover.days == ()
    assert 6 <= cover.stops_bound <= 9

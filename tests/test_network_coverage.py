"""Networks that serve every commune they can: coverage first, its bound in plan.json and the
terminal, the frequency rule on each base's own bus days, reasons a person reads.

SYNTHETIC networks (tests/network_data.py) whose best coverage is known by construction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from network_data import BASE, FAR_KM, NEAR_KM, network, ring
from typer.testing import CliRunner

from busplanner.assemble import REASON_MAX_CHARS
from busplanner.check import check_plan
from busplanner.cli import app
from busplanner.i18n import Msg
from busplanner.pipeline import check_inputs, load_inputs, plan_scenario
from busplanner.plan import Plan, read_plan
from busplanner.problem import bus_capacity
from busplanner.reports.notices import GROUP_FROM, grouped_warnings
from busplanner.solver import ProgressEvent

runner = CliRunner()
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
# 4 near stops (two a day), 5 far ones (a day each): 4 bus days serve 6 at best.
POINTS = {**ring(BASE, NEAR_KM, 4, "n"), **ring(BASE, FAR_KM, 5, "f", turn=0.3)}
EAST = (BASE[0], BASE[1] + 1.2)  # 89 km east of BASE: a second, separate network
POINTS_EAST = {
    **ring(EAST, NEAR_KM, 4, "en"),
    **ring(EAST, FAR_KM, 5, "ef", turn=0.3),
}


def _plan(path: Path, events: list[ProgressEvent] | None = None) -> Plan:
    scenario, territory = load_inputs(path)
    plan = plan_scenario(
        scenario, territory, on_progress=None if events is None else events.append
    ).plan
    assert check_plan(plan, scenario, territory) == []
    return plan


def _served(plan: Plan) -> int:
    return sum(1 for s in plan.stops if s.visits_planned)


def test_one_base_serves_what_the_bound_says(tmp_path: Path) -> None:
    plan = _plan(network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])]))
    assert plan.solver.coverage is not None
    assert plan.solver.coverage.stops_bound == 6 == _served(plan)


def test_a_network_of_two_bases_serves_what_the_bound_says(tmp_path: Path) -> None:
    """Two separate networks, each of 6 at best: the search (several bases) reaches 12."""
    path = network(
        tmp_path,
        {**POINTS, **POINTS_EAST},
        [("B", BASE, WEEKDAYS[:4]), ("E", EAST, WEEKDAYS[:4])],
    )
    plan = _plan(path)
    assert plan.solver.coverage is not None and plan.solver.coverage.proven
    assert plan.solver.coverage.stops_bound == 12 == _served(plan)
    # The record reads back from plan.json.
    (tmp_path / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    assert read_plan(tmp_path / "plan.json").solver.coverage == plan.solver.coverage


def test_adding_a_base_never_serves_fewer_communes(tmp_path: Path) -> None:
    both = {**POINTS, **POINTS_EAST}
    bases = [("B", BASE, WEEKDAYS[:2]), ("E", EAST, WEEKDAYS[:2])]
    before = _plan(network(tmp_path, both, bases, name="before"))
    # A third base beside a far stop of the west, one day a week.
    third = (POINTS["f1"][0] + 0.01, POINTS["f1"][1])
    after = _plan(network(tmp_path, both, [*bases, ("C", third, ["friday"])], name="after"))
    assert _served(after) >= _served(before)
    assert after.solver.coverage is not None and before.solver.coverage is not None
    assert after.solver.coverage.stops_bound >= before.solver.coverage.stops_bound


def test_the_frequency_rule_counts_each_base_s_own_days(tmp_path: Path) -> None:
    """The issue's toy: one base Monday to Friday, the other Saturdays only, a 2-week cycle:
    12 bus days (24 sessions), not 2 buses on all 6 days (48)."""
    points = ring(BASE, NEAR_KM, 6, "n")
    path = network(
        tmp_path,
        points,
        [("B", BASE, WEEKDAYS), ("S", (BASE[0] + 0.05, BASE[1]), ["saturday"])],
        weeks=2,
    )
    problem = check_inputs(path).problem
    assert bus_capacity(problem).sessions == (10 + 2) * 2
    asked = sum(s.visits_per_cycle for s in problem.stops)
    assert asked <= 24
    plan = _plan(path)
    per_bus = {r.bus for r in plan.routes}
    assert sum(1 for r in plan.routes if r.bus == 2) <= 2 and per_bus  # Saturdays only


def test_a_far_stop_costs_a_whole_day_in_the_frequency_rule(tmp_path: Path) -> None:
    problem = check_inputs(network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])])).problem
    cost = bus_capacity(problem).cost
    assert {cost[f"n{k}"] for k in range(1, 5)} == {1}
    assert {cost[f"f{k}"] for k in range(1, 6)} == {2}


def test_each_commune_left_out_gets_one_short_reason_naming_the_limit(tmp_path: Path) -> None:
    plan = _plan(network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])]))
    assert len(plan.unserved) == 3  # 9 stops, 6 at best
    for u in plan.unserved:
        for text in (u.reason, u.reason_fr):
            assert len(text) <= REASON_MAX_CHARS, text
        assert "sessions per cycle" in u.reason and "séances sur 8 par cycle" in u.reason_fr


def test_no_base_reaches_it_in_a_half_day(tmp_path: Path) -> None:
    points = {**ring(BASE, NEAR_KM, 2, "n"), "x": (BASE[0] + 1.0, BASE[1])}  # 111 km north
    plan = _plan(network(tmp_path, points, [("B", BASE, WEEKDAYS[:2])]))
    (u,) = plan.unserved
    assert u.stop_id == "x" and len(u.reason_fr) <= REASON_MAX_CHARS
    assert "base la plus proche (B," in u.reason_fr and "nearest base (B," in u.reason


def test_the_progress_line_counts_what_the_final_plan_holds(tmp_path: Path) -> None:
    events: list[ProgressEvent] = []
    plan = _plan(network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])]), events)
    last = [e for e in events if e.phase == "solve" and e.visits_held is not None][-1]
    assert last.visits_held == sum(s.visits_planned for s in plan.stops) == 6
    assert last.visits_total == 9
    assert last.best_km == pytest.approx(plan.kpis["distance_km_per_cycle"], abs=0.01)


def test_the_summary_says_how_many_these_buses_could_serve(tmp_path: Path) -> None:
    path = network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])])
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "o"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "6 / 9; at most 6 with these buses" in res.output
    assert "6 of 9 asked for; at most 6" in res.output


def test_quiet_prints_only_the_visits_left_out(tmp_path: Path) -> None:
    path = network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])])
    text = path.read_text(encoding="utf-8").replace("starts = []", 'starts = ["10:30"]')
    path.write_text(text, encoding="utf-8")  # sessions cannot start then: many warnings
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert lines[0] == "Visites non planifiées"
    assert len(lines) == 1 + 3 and all(line.startswith("  • ") for line in lines[1:])
    loud = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "o")])
    warned = [line for line in loud.output.splitlines() if line.startswith("Attention")]
    assert len(warned) == 1 and "de même pour 5 autres" in warned[0]


def test_warnings_of_one_kind_are_one_line() -> None:
    many = [Msg("problem.hours_unknown", name=f"C{k}", code=f"{k:05d}") for k in range(12)]
    other = Msg("problem.islands", n=1, communes="Ouessant (29155)")
    lines = grouped_warnings([many[0], other, *many[1:]], "en")
    assert len(lines) == 2
    assert lines[0].startswith(many[0]) and "likewise for 11 others: C1, C2" in lines[0]
    assert "and 6 others" in lines[0] and lines[1] == other
    few = grouped_warnings(many[: GROUP_FROM - 1], "fr")
    assert len(few) == GROUP_FROM - 1


def test_the_model_counts_each_base_s_own_bus_days(tmp_path: Path) -> None:
    """The progress line's bus days: 10 + 2 over two weeks, not 2 buses on 6 days."""
    points = ring(BASE, NEAR_KM, 3, "n")
    path = network(
        tmp_path,
        points,
        [("B", BASE, WEEKDAYS), ("S", (BASE[0] + 0.05, BASE[1]), ["saturday"])],
        weeks=2,
    )
    events: list[ProgressEvent] = []
    _plan(path, events)
    (model,) = [e for e in events if e.phase == "model"]
    assert model.bus_days == 12


def test_compare_says_how_many_each_network_could_serve(tmp_path: Path) -> None:
    four = network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:4])], name="four")
    two = network(tmp_path, POINTS, [("B", BASE, WEEKDAYS[:2])], name="two")
    res = runner.invoke(
        app, ["compare", str(four), str(two), "--out", str(tmp_path / "c"), "--lang", "en"]
    )
    assert res.exit_code == 0, res.output
    row = next(line for line in res.output.splitlines() if "Communes served" in line)
    # 4 days: 6 at best (2 near pairs and 2 far stops); 2 days: 4 (the near stops in pairs).
    assert "6 / 9 (at most 6)" in row and "4 / 9 (at most 4)" in row


def test_warnings_wrap_to_a_terminal_and_stay_one_line_in_a_file() -> None:
    import io

    from rich.console import Console

    from busplanner.cli import _print_warnings

    long = [Msg("problem.hours_unknown", name="Saint-Jean-sur-Couesnon", code="35282")] * 2
    terminal = Console(width=50, force_terminal=True, file=io.StringIO(), color_system=None)
    _print_warnings(long, "fr", terminal)
    lines = terminal.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) > 2 and max(len(line) for line in lines) <= 50
    piped = Console(width=50, file=io.StringIO())
    _print_warnings(long, "fr", piped)
    assert len(piped.file.getvalue().splitlines()) == 2  # type: ignore[attr-defined]


def _starter(tmp_path: Path, points: dict[str, tuple[float, float]], open_end: int):  # type: ignore[no-untyped-def]
    from network_data import stops_csv

    from busplanner.depots import DepotRow
    from busplanner.starter import starter_scenario

    (tmp_path / "stops.csv").write_text(stops_csv(points), encoding="utf-8")
    bases = [
        DepotRow(
            "B",
            "",
            BASE[0],
            BASE[1],
            days=tuple(WEEKDAYS),
            open_start_min=540,
            open_end_min=open_end,
        ),
        DepotRow(
            "E",
            "",
            EAST[0],
            EAST[1],
            days=tuple(WEEKDAYS[:2]),
            open_start_min=540,
            open_end_min=open_end,
        ),
    ]
    return starter_scenario(tmp_path / "stops.csv", depots=bases, out=tmp_path / "s.toml")


def test_the_starter_sizes_a_network_to_serve_every_stop(tmp_path: Path) -> None:
    # 30 stops near B, 4 near E: 3-hour sessions, two a day (09:00-17:00); B's 10 sessions
    # a week and E's 4 serve 34 in a 4-week cycle at the shortest (2 weeks hold 28).
    points = {**ring(BASE, NEAR_KM, 30, "n"), **ring(EAST, NEAR_KM, 4, "e")}
    starter = _starter(tmp_path, points, 17 * 60)
    assert starter.network is not None
    assert (starter.session_min, starter.cycle_weeks) == (180, 4)
    assert starter.network.served_bound == starter.network.mainland == 34
    assert "duration_min = 180" in starter.text and "weeks = 4" in starter.text


def test_the_starter_shortens_sessions_before_an_eight_week_cycle(tmp_path: Path) -> None:
    # Open 09:00-16:00: one 3-hour session a day (none fits after the lunch break), two of
    # 2 h 30. 30 + 4 stops: 3-hour sessions would need 8 weeks (7 a week); 2 h 30, 4 weeks.
    points = {**ring(BASE, NEAR_KM, 30, "n"), **ring(EAST, NEAR_KM, 4, "e")}
    starter = _starter(tmp_path, points, 16 * 60)
    assert (starter.session_min, starter.cycle_weeks) == (150, 4)
    assert "duration_min = 150" in starter.text


def test_the_starter_says_why_a_network_cannot_serve_them_all(tmp_path: Path) -> None:
    # 81 stops near B: even 2-hour sessions over 8 weeks give B 80 (two a day, five days);
    # E, 89 km away, reaches none of them in a half-day; and one stop no base reaches.
    far = {"x": (BASE[0] + 1.0, BASE[1])}  # 111 km north of B, farther from E
    points = {**ring(BASE, NEAR_KM, 81, "n"), **far}
    starter = _starter(tmp_path, points, 17 * 60)
    size = starter.network
    assert size is not None and size.served_bound < size.mainland == 82
    assert size.reachable == 81
    text = size.summary().render("en")
    assert "1 lie too far from every base for a half-day" in text
    assert "need bus days" in text and "add a bus or a base" in text

"""Tests for busplanner.check: a sound hand-built plan passes; each broken rule is reported."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from busplanner.check import Violation, check_plan
from busplanner.plan import Break, Plan, Route, SolverInfo, Stop, TravelInfo, Unserved, Visit
from busplanner.problem import PlanningProblem, build_problem
from busplanner.scenario import Scenario
from busplanner.territory import Territory
from busplanner.timing import TimedRoute, time_route

AMANLIS, BRIE, COLOMBE = "35002", "35041", "35262"


@pytest.fixture(scope="session")
def scenario(scenario: Scenario) -> Scenario:
    """The shipped scenario with sessions at their earliest (no ``[session] starts``): the
    fixture plan below is timed by hand, at the times these tests name."""
    return dataclasses.replace(scenario, session_starts=())


@pytest.fixture(scope="module")
def problem(scenario: Scenario, territory: Territory) -> PlanningProblem:
    return build_problem(scenario, territory)


def _route(p: PlanningProblem, week: int, day: str, timed: TimedRoute | None) -> Route:
    assert timed is not None
    by_index = {s.index: s.id for s in p.stops}
    return Route(
        bus=1,
        week=week,
        day=day,
        start_min=timed.start_min,
        end_min=timed.end_min,
        visits=tuple(
            Visit(
                stop_id=by_index[v.stop],
                arrival_min=v.arrival_min,
                start_min=v.start_min,
                end_min=v.end_min,
                half_day=v.half_day,
                drive_min=v.drive_min,
                distance_km=v.distance_km,
            )
            for v in timed.visits
        ),
        breaks=(Break(*timed.break_min),),
        return_drive_min=timed.return_drive_min,
        return_distance_km=timed.return_distance_km,
    )


def _stop(p: PlanningProblem, code: str, **rotation: object) -> Stop:
    s = p.stop(code)
    return Stop(
        id=s.id,
        name=s.name,
        lon=s.lon,
        lat=s.lat,
        address=s.address,
        population=s.population,
        demand_weight=s.demand_weight,
        visits_per_cycle=s.visits_per_cycle,
        windows=dict(s.windows),
        bus=1,
        **rotation,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def plan(problem: PlanningProblem) -> Plan:
    """Two weeks, three routes timed by time_route.

    - Amanlis, every monday morning (2 of 2 visits);
    - Brie, monday afternoon of week 1 (1 of 2 visits, the other listed as unserved);
    - Sainte-Colombe, tuesday morning of week 2 (1 of 1 visit).
    """
    p = problem
    a, b, c = (p.stop(code).index for code in (AMANLIS, BRIE, COLOMBE))
    assert p.stop(AMANLIS).visits_per_cycle == 2
    assert p.stop(BRIE).visits_per_cycle == 2
    assert p.stop(COLOMBE).visits_per_cycle == 1
    routes = (
        _route(p, 1, "monday", time_route(p, "monday", [a], [b])),
        _route(p, 2, "monday", time_route(p, "monday", [a], [])),
        _route(p, 2, "tuesday", time_route(p, "tuesday", [c], [])),
    )
    stops = (
        _stop(
            p,
            AMANLIS,
            visits_planned=2,
            weekday="monday",
            half_day="morning",
            every_weeks=1,
            first_week=1,
        ),
        _stop(
            p,
            BRIE,
            visits_planned=1,
            weekday="monday",
            half_day="afternoon",
            every_weeks=2,
            first_week=1,
        ),
        _stop(
            p,
            COLOMBE,
            visits_planned=1,
            weekday="tuesday",
            half_day="morning",
            every_weeks=2,
            first_week=2,
        ),
    )
    return Plan(
        scenario_name=p.name,
        scenario_path=p.scenario_path,
        cycle_weeks=2,
        days=p.days,
        depot=p.depot,
        stops=stops,
        routes=routes,
        unserved=(Unserved(BRIE, 1, "the bus has no other monday afternoon free"),),
        travel=TravelInfo(p.travel.model, p.travel.speed_kmh, p.travel.detour_factor),
        kpis={},
        solver=SolverInfo("feasible", None, None, 0.0, 0),
        session_min=p.session_min,
    )


def rules(plan: Plan, scenario: Scenario, territory: Territory) -> set[str]:
    return {v.rule for v in check_plan(plan, scenario, territory)}


def replace_route(plan: Plan, i: int, **changes: object) -> Plan:
    routes = list(plan.routes)
    routes[i] = dataclasses.replace(routes[i], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plan, routes=tuple(routes))


def replace_visit(plan: Plan, i: int, j: int, **changes: object) -> Plan:
    visits = list(plan.routes[i].visits)
    visits[j] = dataclasses.replace(visits[j], **changes)  # type: ignore[arg-type]
    return replace_route(plan, i, visits=tuple(visits))


def replace_stop(plan: Plan, code: str, **changes: object) -> Plan:
    stops = tuple(
        dataclasses.replace(s, **changes) if s.id == code else s  # type: ignore[arg-type]
        for s in plan.stops
    )
    return dataclasses.replace(plan, stops=stops)


def test_the_hand_built_plan_is_sound(plan: Plan, scenario: Scenario, territory: Territory) -> None:
    assert check_plan(plan, scenario, territory) == []
    # What the fixture built, so the mutations below mean what they say.
    week1, week2, tuesday = plan.routes
    assert [(v.stop_id, v.half_day) for v in week1.visits] == [
        (AMANLIS, "morning"),
        (BRIE, "afternoon"),
    ]
    assert (week2.visits[0].start_min, week2.visits[0].end_min) == (540, 720)
    assert (week2.end_min, week2.breaks) == (750, (Break(750, 810),))
    assert tuesday.visits[0].stop_id == COLOMBE


def _v(i: int, j: int, **changes: object) -> Callable[[Plan], Plan]:
    return lambda plan: replace_visit(plan, i, j, **changes)


def _r(i: int, **changes: object) -> Callable[[Plan], Plan]:
    return lambda plan: replace_route(plan, i, **changes)


def _s(code: str, **changes: object) -> Callable[[Plan], Plan]:
    return lambda plan: replace_stop(plan, code, **changes)


def _drop_route(i: int) -> Callable[[Plan], Plan]:
    return lambda plan: dataclasses.replace(plan, routes=plan.routes[:i] + plan.routes[i + 1 :])


@pytest.mark.parametrize(
    ("change", "rule", "words", "also"),
    [
        # Amanlis' week-2 session closes 5 minutes early: 175 minutes, not 180
        (_v(1, 0, end_min=715), "session length", "175 min, not 180", ()),
        # Amanlis' declared monday window shrunk to 10:00-17:00: the 09:00 session is outside
        (_s(AMANLIS, windows={"monday": ((600, 1020),)}), "declared window", "outside", ()),
        # the week-2 lunch cut to 50 minutes
        (_r(1, breaks=(Break(750, 800),)), "lunch break", "50 min, less than 60", ()),
        # the week-2 lunch moved to 13:30-14:30, ending after 14:00
        (_r(1, breaks=(Break(810, 870),)), "lunch break", "outside 12:00–14:00", ()),
        # the week-2 lunch starts at 12:20, while the bus drives back (12:10-12:30)
        (_r(1, breaks=(Break(740, 800),)), "lunch break", "overlaps drive back", ()),
        # no lunch at all
        (_r(1, breaks=()), "one lunch break", "0 breaks", ()),
        # the Amanlis -> Brie leg declared 1 km longer than the model
        (
            lambda plan: replace_visit(
                plan, 0, 1, distance_km=plan.routes[0].visits[1].distance_km + 1
            ),
            "travel model",
            "leg to Brie",
            (),
        ),
        # the leg back to the depot on tuesday declared 1 km long
        (_r(2, return_distance_km=1.0), "travel model", "return leg", ()),
        # arrival in Brie at 12:00: it would have left Amanlis before packing up (12:10)
        (_v(0, 1, arrival_min=720), "sequence", "busy there until 12:10", ()),
        # the bus reaches Sainte-Colombe at 08:55, 5 minutes before it opens: too late to set up
        (_v(2, 0, arrival_min=535), "set-up time", "before set-up ends", ()),
        # Brie's afternoon session labelled morning: a morning session after lunch (and not
        # the afternoon Brie's rotation declares)
        (
            _v(0, 1, half_day="morning"),
            "half-day",
            "morning session after lunch",
            ("same bus, weekday and half-day",),
        ),
        # Amanlis' week-2 visit moved to wednesday: its visits fall on two weekdays
        (_r(1, day="wednesday"), "same bus, weekday and half-day", "wednesday", ()),
        # Sainte-Colombe said to come in week 1, but its visit is in week 2
        (_s(COLOMBE, first_week=1), "evenly spaced", "weeks [2], expected [1]", ()),
        # Amanlis said to come every 2 weeks, yet it is on both mondays
        (_s(AMANLIS, every_weeks=2), "evenly spaced", "every 2", ()),
        # week 2 dropped: Amanlis has 1 visit on the routes, 2 declared (so not weekly either)
        (_drop_route(1), "visit count", "1 visits on routes, 2 declared", ("evenly spaced",)),
        # Brie's missing visit no longer listed as unserved
        (
            lambda plan: dataclasses.replace(plan, unserved=()),
            "every visit served or explained",
            "1 planned + 0 unserved != 2 asked",
            (),
        ),
        # Brie's missing visit listed without a reason
        (
            lambda plan: dataclasses.replace(plan, unserved=(Unserved(BRIE, 1, " "),)),
            "unserved visits explained",
            "no reason",
            (),
        ),
        # the tuesday route leaves at 08:00, before the 08:30 shift
        (_r(2, start_min=480), "shift", "before the shift", ()),
        # two routes for bus 1 on monday of week 1 (Amanlis twice in week 1: not evenly spaced)
        (_r(1, week=1), "one route per bus and day", "listed twice", ("evenly spaced",)),
        # a route on saturday, not a working day (Sainte-Colombe has no saturday window, and
        # its rotation says tuesday)
        (
            _r(2, day="saturday"),
            "day of the cycle",
            "not a working day",
            ("declared window", "same bus, weekday and half-day"),
        ),
        # a visit to a stop the plan does not list (Sainte-Colombe loses its only visit; the
        # legs to and from the unknown stop cannot be measured, so none is reported)
        (
            _v(2, 0, stop_id="35999"),
            "known stop",
            "not in the plan's stops",
            ("visit count",),
        ),
        # a route for bus 2, when the scenario has one bus
        (_r(2, bus=2), "bus", "the scenario has 1 bus", ("same bus, weekday and half-day",)),
        # a route in week 3 of a two-week cycle (Sainte-Colombe then comes in week 3)
        (_r(2, week=3), "day of the cycle", "week 3", ("evenly spaced",)),
        # Sainte-Colombe said to come every 0 weeks: reported, not a crash
        (_s(COLOMBE, every_weeks=0), "evenly spaced", "weeks [2]", ()),
        # Amanlis listed a second time in the plan's stops
        (
            lambda plan: dataclasses.replace(plan, stops=(*plan.stops, plan.stops[0])),
            "stop listed once",
            "listed twice",
            (),
        ),
        # the plan says its cycle lasts 4 weeks, the scenario 2 (so Amanlis, weekly over a
        # 4-week cycle, is short of visits and not evenly spaced)
        (
            lambda plan: dataclasses.replace(plan, cycle_weeks=4),
            "cycle length",
            "4 weeks, the scenario's cycle is 2",
            ("evenly spaced",),
        ),
        # the plan's depot moved 1.1 km north (the legs from the depot no longer match)
        (
            lambda plan: dataclasses.replace(
                plan, depot=dataclasses.replace(plan.depot, lat=plan.depot.lat + 0.01)
            ),
            "depot",
            "1.11 km from the scenario's depot",
            ("travel model",),
        ),
        # a great-circle record with a speed of 0 km/h: reported, not a division by zero
        (
            lambda plan: dataclasses.replace(plan, travel=TravelInfo("great_circle", 0.0, 1.3)),
            "travel model",
            "expected a positive speed",
            (),
        ),
    ],
)
def test_broken_rule_is_reported(
    plan: Plan,
    scenario: Scenario,
    territory: Territory,
    change: Callable[[Plan], Plan],
    rule: str,
    words: str,
    also: tuple[str, ...],
) -> None:
    violations = check_plan(change(plan), scenario, territory)
    # The rule broken on purpose, and only the ones that follow from it.
    assert {v.rule for v in violations} == {rule, *also}
    assert any(v.rule == rule and words in v.detail for v in violations), violations


def test_a_stop_outside_the_territory_is_reported(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    # A stop listed (not visited) that the territory does not know.
    ghost = dataclasses.replace(
        plan.stops[0],
        id="99999",
        name="Nowhere",
        visits_per_cycle=0,
        visits_planned=0,
        weekday=None,
        half_day=None,
        every_weeks=None,
        first_week=None,
    )
    violations = check_plan(
        dataclasses.replace(plan, stops=(*plan.stops, ghost)), scenario, territory
    )
    assert [(v.where, v.rule) for v in violations] == [("Nowhere (99999)", "known stop")]
    assert territory.path in violations[0].detail


def test_a_stop_the_scenario_does_not_serve_is_reported(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    fewer = dataclasses.replace(scenario, served=(AMANLIS, BRIE))
    violations = check_plan(plan, fewer, territory)
    assert [(v.where, v.rule) for v in violations] == [
        (f"Sainte-Colombe ({COLOMBE})", "served by the scenario")
    ]


def test_a_plan_without_declared_windows_is_judged_on_the_town_hall_hours(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    bare = dataclasses.replace(
        plan, stops=tuple(dataclasses.replace(s, windows={}) for s in plan.stops)
    )
    assert check_plan(bare, scenario, territory) == []
    inside = dataclasses.replace(scenario, opening_hours="inside")
    assert rules(bare, inside, territory) == {"opening hours"}


def test_return_after_shift_end(plan: Plan, scenario: Scenario, territory: Territory) -> None:
    # Week 1 is back at the depot at 17:05; with a shift ending at 17:00 that is too late.
    week1 = plan.routes[0]
    assert week1.end_min == 1025
    early = dataclasses.replace(scenario, shift_end_min=1020)
    violations = check_plan(plan, early, territory)
    assert violations == [
        Violation("bus 1, week 1, monday", "shift", "back at 17:05, after the shift")
    ]


def test_route_ending_before_return(plan: Plan, scenario: Scenario, territory: Territory) -> None:
    late = replace_route(plan, 2, end_min=plan.routes[2].end_min - 1)
    assert rules(late, scenario, territory) == {"route end"}


def test_session_outside_town_hall_hours(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    # Under 'inside' the week-2 monday session at Amanlis (09:00-12:00) is fine: its town
    # hall opens 08:30-12:30. Sainte-Colombe's tuesday session is too (09:00-12:00). Brie's
    # monday afternoon session is not: its town hall is open only 09:00-12:00 on mondays.
    inside = dataclasses.replace(scenario, opening_hours="inside")
    violations = check_plan(plan, inside, territory)
    assert {(v.where, v.rule) for v in violations} == {("bus 1, week 1, monday", "opening hours")}
    assert "Brie at 13:35" in violations[0].detail


def _amanlis_week2_later(plan: Plan, minutes: int) -> Plan:
    """Amanlis' week-2 session (and its arrival) moved later by ``minutes``."""
    v = plan.routes[1].visits[0]
    moved = replace_visit(
        plan,
        1,
        0,
        arrival_min=v.arrival_min + minutes,
        start_min=v.start_min + minutes,
        end_min=v.end_min + minutes,
    )
    r = moved.routes[1]
    return replace_route(moved, 1, end_min=r.end_min + minutes, breaks=(Break(760, 820),))


def test_a_start_time_that_moves_between_visits_is_refused(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    moved = _amanlis_week2_later(plan, 10)
    found = [v for v in check_plan(moved, scenario, territory) if v.rule == "same start time"]
    assert len(found) == 1
    assert "09:00, 09:10" in found[0].detail and "10 min apart" in found[0].detail


def test_start_tolerance_allows_a_small_move_and_no_more(
    plan: Plan, scenario: Scenario, territory: Territory
) -> None:
    moved = _amanlis_week2_later(plan, 10)
    assert "same start time" not in rules(
        moved, dataclasses.replace(scenario, start_tolerance_min=10), territory
    )
    assert "same start time" in rules(
        moved, dataclasses.replace(scenario, start_tolerance_min=5), territory
    )

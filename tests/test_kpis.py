"""Plan figures (busplanner.kpis) on a hand-made four-week plan, every figure worked by hand."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rich.console import Console

from busplanner.kpis import WEEKS_PER_MONTH, compute_kpis, equity_spread, longest_gap_days
from busplanner.pipeline import run_plan
from busplanner.plan import Depot, Plan, Route, SolverInfo, Stop, TravelInfo, Unserved, Visit
from busplanner.reports import print_schedule
from busplanner.scenario import CostFactors, Scenario, load_scenario

# Round numbers so that every figure below can be checked on paper.
COSTS = CostFactors(
    fuel_l_per_100km=20.0,
    fuel_eur_per_l=2.0,
    co2_kg_per_l=3.17,
    running_eur_per_km=0.5,
    service_weeks_per_year=48.0,
)


def _stop(stop_id: str, name: str, population: int | None, planned: int) -> Stop:
    return Stop(
        id=stop_id,
        name=name,
        lon=-1.4,
        lat=47.9,
        address="",
        population=population,
        demand_weight=1.0,
        visits_per_cycle=max(planned, 1),
        visits_planned=planned,
        windows={"tuesday": ((540, 1020),), "friday": ((540, 1020),)},
    )


@pytest.fixture
def plan() -> Plan:
    """Four weeks; A twice (week 1 Tuesday, week 2 Friday), B and C once, D never."""
    stops = (
        _stop("A", "Alpha", 1000, 2),
        _stop("B", "Bravo", 500, 1),
        _stop("C", "Charlie", None, 1),  # population unknown: no per-1,000 figure
        _stop("D", "Delta", 2000, 0),  # asked for, not served
    )
    r1 = Route(
        bus=1,
        week=1,
        day="tuesday",
        start_min=520,
        end_min=990,
        # A 09:00–12:00 (10 km, 12 min from the depot), B 14:00–16:00 (5 km, 6 min).
        visits=(
            Visit("A", 532, 540, 720, "morning", 12, 10.0),
            Visit("B", 786, 840, 960, "afternoon", 6, 5.0),
        ),
        breaks=(),
        return_drive_min=15,
        return_distance_km=12.0,
    )
    r2 = Route(
        bus=1,
        week=2,
        day="friday",
        start_min=520,
        end_min=1000,
        # A 09:00–12:00 (10 km, 12 min), C 14:00–17:00 (8 km, 10 min).
        visits=(
            Visit("A", 532, 540, 720, "morning", 12, 10.0),
            Visit("C", 790, 840, 1020, "afternoon", 10, 8.0),
        ),
        breaks=(),
        return_drive_min=14,
        return_distance_km=11.0,
    )
    return Plan(
        scenario_name="hand-made",
        scenario_path="hand.toml",
        cycle_weeks=4,
        days=("tuesday", "friday"),
        depot=Depot("Depot", -1.38, 47.91),
        stops=stops,
        routes=(r1, r2),
        unserved=(Unserved("D", 1, "no room"),),
        travel=TravelInfo("great_circle", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 56.0, 56.0, 0.1, 0),
        session_min=180,
    )


@pytest.fixture
def scenario(scenarios_dir: Path) -> Scenario:
    return load_scenario(scenarios_dir / "small.toml").with_changes(costs=COSTS)


def test_totals_and_costs_by_hand(plan: Plan, scenario: Scenario) -> None:
    k = compute_kpis(plan, scenario)
    km = 10 + 5 + 12 + 10 + 8 + 11  # 56 km
    minutes = 12 + 6 + 15 + 12 + 10 + 14  # 69 min
    cycles_a_year = 48 / 4
    assert k["distance_km_per_cycle"] == km
    assert k["driving_min_per_cycle"] == minutes
    assert k["driving_hours_per_cycle"] == pytest.approx(1.15)
    assert k["distance_km_per_year"] == pytest.approx(672.0)
    assert k["driving_hours_per_year"] == pytest.approx(13.8)
    # 3 h + 2 h + 3 h + 3 h = 11 public hours over 4 weeks.
    assert k["public_hours_per_week"] == pytest.approx(2.75)
    assert k["visits_per_cycle"] == 4
    assert k["visits_missing"] == 1
    assert (k["communes_served"], k["communes_total"]) == (3, 4)
    fuel = km * 20 / 100  # 11.2 L
    assert k["fuel_l_per_cycle"] == pytest.approx(11.2)
    assert k["fuel_l_per_year"] == round(fuel * cycles_a_year)  # 134
    assert k["co2_kg_per_cycle"] == pytest.approx(35.5)  # 11.2 x 3.17 = 35.504
    assert k["co2_kg_per_year"] == round(fuel * 3.17 * cycles_a_year)  # 426
    assert k["cost_eur_per_cycle"] == pytest.approx(50.4)  # 11.2 L x 2 € + 56 km x 0.5 €
    assert k["cost_eur_per_year"] == 605  # 50.4 x 12 = 604.8
    assert k["service_weeks_per_year"] == 48.0
    assert k["weeks_per_month"] == pytest.approx(52 / 12, abs=1e-4)


def test_per_stop_by_hand(plan: Plan, scenario: Scenario) -> None:
    per = compute_kpis(plan, scenario)["per_stop"]
    assert list(per) == ["A", "B", "C", "D"]
    month = 52 / 12 / 4  # months are 52/12 weeks; the cycle is 4 weeks
    a = per["A"]
    assert a["visits_per_cycle"] == 2
    assert a["visits_per_month"] == pytest.approx(2 * month, abs=1e-3)
    assert a["public_hours_per_month"] == pytest.approx(6 * month, abs=0.01)  # 6.5 h
    assert a["hours_per_1000_inhabitants_per_month"] == pytest.approx(6.5, abs=1e-3)
    # Day 1 (Tuesday, week 1) and day 11 (Friday, week 2) of a 28-day cycle: waits 10, 18.
    assert a["longest_gap_days"] == 18
    b = per["B"]
    assert b["hours_per_1000_inhabitants_per_month"] == pytest.approx(
        2 * month / 500 * 1000, abs=1e-3
    )
    assert b["longest_gap_days"] == 28  # once per cycle: the whole cycle
    assert per["C"]["hours_per_1000_inhabitants_per_month"] is None
    assert per["D"]["visits_per_cycle"] == 0
    assert per["D"]["hours_per_1000_inhabitants_per_month"] == 0
    assert per["D"]["longest_gap_days"] is None


def test_equity_spread(plan: Plan, scenario: Scenario) -> None:
    eq = compute_kpis(plan, scenario)["equity"]
    # D is asked for but gets no hour: it is the worst served and the ratio has no value.
    assert eq["best_stop_id"] == "A"
    assert eq["worst_stop_id"] == "D"
    assert eq["min_hours_per_1000_inhabitants_per_month"] == 0
    assert eq["ratio"] is None
    # Without D: A gets 6.5 h per 1,000 inhabitants a month, B 4.333: ratio 1.5.
    served = dataclasses.replace(plan, stops=plan.stops[:3], unserved=())
    eq = compute_kpis(served, scenario)["equity"]
    assert (eq["best_stop_id"], eq["worst_stop_id"]) == ("A", "B")
    assert eq["max_hours_per_1000_inhabitants_per_month"] == pytest.approx(6.5, abs=1e-3)
    assert eq["min_hours_per_1000_inhabitants_per_month"] == pytest.approx(13 / 3, abs=1e-3)
    assert eq["ratio"] == 1.5


def test_equity_with_no_population_has_no_figures() -> None:
    eq = equity_spread({"X": {"hours_per_1000_inhabitants_per_month": None}})
    assert eq["ratio"] is None and eq["best_stop_id"] is None


@pytest.mark.parametrize(
    ("days", "weeks", "expected"),
    [
        ([], 4, None),  # never visited
        ([1], 4, 28),  # once in a 4-week cycle
        ([1, 8, 15, 22], 4, 7),  # weekly
        ([1, 15], 4, 14),  # every other week
        ([15, 1], 4, 14),  # order does not matter
        ([0, 25], 4, 25),  # Monday week 1, Thursday week 4: 25 days, then 3 round the cycle
        ([3, 4], 1, 6),  # Thursday and Friday of a one-week cycle: 1 day, then 6
    ],
)
def test_longest_gap_over_the_repeating_cycle(
    days: list[int], weeks: int, expected: int | None
) -> None:
    assert longest_gap_days(days, weeks) == expected


def test_default_costs_without_a_scenario(plan: Plan) -> None:
    k = compute_kpis(plan, None)
    base = CostFactors()
    assert k["service_weeks_per_year"] == base.service_weeks_per_year
    assert k["co2_kg_per_cycle"] == pytest.approx(56 * base.fuel_l_per_100km / 100 * 3.17, abs=0.1)


def test_nested_kpis_survive_a_json_round_trip(plan: Plan, scenario: Scenario) -> None:
    full = dataclasses.replace(plan, kpis=compute_kpis(plan, scenario))
    text = full.to_json()
    back = Plan.from_dict(json.loads(text))
    assert back.kpis == full.kpis
    assert back.kpis["per_stop"]["A"]["longest_gap_days"] == 18
    assert back.to_json() == text
    assert "Infinity" not in text and "NaN" not in text  # strict JSON, even with a 0 worst


def test_month_is_52_twelfths_of_a_week() -> None:
    assert pytest.approx(52 / 12) == WEEKS_PER_MONTH


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Gazole par an", "134 L", "CO2 par an", "426 kg", "605 €", "rapport 1,5"]),
        ("en", ["Diesel per year", "134 L", "CO2 per year", "426 kg", "605 €", "ratio 1.5"]),
    ],
)
def test_summary_shows_fuel_co2_cost_and_equity(
    plan: Plan, scenario: Scenario, lang: str, words: list[str]
) -> None:
    served = dataclasses.replace(plan, stops=plan.stops[:3], unserved=())
    served = dataclasses.replace(served, kpis=compute_kpis(served, scenario))
    console = Console(record=True, width=160)
    print_schedule(served, console, lang)
    text = console.export_text()
    for word in words:
        assert word in text
    assert "Bravo" in text and "Alpha" in text  # worst and best communes named


def test_pipeline_plans_carry_the_full_kpis(scenarios_dir: Path) -> None:
    plan = run_plan(scenarios_dir / "small.toml").plan
    k = plan.kpis
    assert set(k["per_stop"]) == {s.id for s in plan.stops}
    assert k["fuel_l_per_cycle"] == pytest.approx(
        k["distance_km_per_cycle"] * CostFactors().fuel_l_per_100km / 100, abs=0.1
    )
    assert k["equity"]["ratio"] is not None

"""The figures of a plan: distance, driving, public hours, service per commune, equity, cost.

Everything here is recomputed from the plan's routes and stops, plus the scenario's
``[costs]`` factors; the keys are the ``kpis`` object of ``plan.json`` (``docs/plan.md``).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import Any

from busplanner.plan import Plan
from busplanner.scenario import CostFactors, Scenario
from busplanner.timeutil import WEEKDAYS

WEEKS_PER_MONTH = 52 / 12
"""A month, for the per-month figures: 52 weeks / 12 months = 4.33 weeks."""

DAYS_PER_WEEK = 7


def compute_kpis(plan: Plan, scenario: Scenario | None) -> dict[str, Any]:
    """All the figures of a plan, as stored in ``plan.json`` ``kpis``.

    Parameters
    ----------
    plan
        A plan (its ``kpis`` are ignored and recomputed).
    scenario
        The scenario the plan came from: its ``[costs]`` factors turn kilometres into fuel,
        CO2 and euros. ``None`` uses the documented default factors.

    Returns
    -------
    dict
        Flat figures (numbers, or ``None`` when they cannot be computed), plus
        ``per_stop`` (INSEE code -> figures of that commune) and ``equity`` (the best and
        worst served communes in public hours per 1,000 inhabitants per month) and, with
        several bases only, ``per_bus`` (see :func:`per_bus`). Keys and units are
        documented in ``docs/plan.md``.
    """
    costs = scenario.costs if scenario is not None else CostFactors()
    weeks = max(plan.cycle_weeks, 1)
    per_year = costs.service_weeks_per_year / weeks  # cycles a year

    distance_km = round(sum(r.distance_km for r in plan.routes), 3)
    driving_min = sum(r.driving_min for r in plan.routes)
    public_min = sum(v.end_min - v.start_min for r in plan.routes for v in r.visits)
    fuel_l = distance_km * costs.fuel_l_per_100km / 100
    co2_kg = fuel_l * costs.co2_kg_per_l
    # Running cost = fuel bought + the per-km cost of everything else (upkeep, tyres …).
    cost_eur = fuel_l * costs.fuel_eur_per_l + distance_km * costs.running_eur_per_km

    per_stop = _per_stop(plan)
    out: dict[str, Any] = {
        "distance_km_per_cycle": distance_km,
        "distance_km_per_year": round(distance_km * per_year, 1),
        "driving_min_per_cycle": driving_min,
        "driving_hours_per_cycle": round(driving_min / 60, 2),
        "driving_hours_per_year": round(driving_min / 60 * per_year, 1),
        "public_hours_per_week": round(public_min / 60 / weeks, 2),
        "visits_per_cycle": sum(len(r.visits) for r in plan.routes),
        "visits_missing": sum(u.missing_visits for u in plan.unserved),
        "communes_served": sum(1 for s in plan.stops if s.visits_planned > 0),
        "communes_total": len(plan.stops),
        "fuel_l_per_cycle": round(fuel_l, 1),
        "fuel_l_per_year": round(fuel_l * per_year),
        "co2_kg_per_cycle": round(co2_kg, 1),
        "co2_kg_per_year": round(co2_kg * per_year),
        "cost_eur_per_cycle": round(cost_eur, 2),
        "cost_eur_per_year": round(cost_eur * per_year),
        "service_weeks_per_year": costs.service_weeks_per_year,
        "weeks_per_month": round(WEEKS_PER_MONTH, 4),
        "equity": equity_spread(per_stop),
        "per_stop": per_stop,
    }
    if plan.bases:
        out["per_bus"] = per_bus(plan, per_year)
    return out


def per_bus(plan: Plan, cycles_per_year: float) -> dict[str, dict[str, Any]]:
    """Per bus of a plan with several bases: its name, base and figures.

    Keys are the bus numbers as text (``"1"``, ``"2"`` …, in order), as in ``plan.json``.
    Each value: ``label`` (:meth:`~busplanner.plan.Plan.bus_label`), ``base`` (the base's
    id), ``base_name``, then the bus's own ``distance_km_per_cycle``,
    ``distance_km_per_year``, ``driving_min_per_cycle``, ``driving_hours_per_cycle``,
    ``public_hours_per_week``, ``visits_per_cycle`` and ``communes_served`` (communes it
    visits). A bus with no route has zeros. ``cycles_per_year``: service weeks a year over
    the cycle's weeks.
    """
    weeks = max(plan.cycle_weeks, 1)
    out: dict[str, dict[str, Any]] = {}
    for bus in plan.buses():
        routes = [r for r in plan.routes if r.bus == bus]
        distance_km = round(sum(r.distance_km for r in routes), 3)
        driving_min = sum(r.driving_min for r in routes)
        public_min = sum(v.end_min - v.start_min for r in routes for v in r.visits)
        base_id, depot = plan.home(bus)
        out[str(bus)] = {
            "label": plan.bus_label(bus),
            "base": base_id,
            "base_name": depot.name,
            "distance_km_per_cycle": distance_km,
            "distance_km_per_year": round(distance_km * cycles_per_year, 1),
            "driving_min_per_cycle": driving_min,
            "driving_hours_per_cycle": round(driving_min / 60, 2),
            "public_hours_per_week": round(public_min / 60 / weeks, 2),
            "visits_per_cycle": sum(len(r.visits) for r in routes),
            "communes_served": len({v.stop_id for r in routes for v in r.visits}),
        }
    return out


def _per_stop(plan: Plan) -> dict[str, dict[str, Any]]:
    """Per commune: visits and public hours per month, per 1,000 inhabitants, longest gap."""
    weeks = max(plan.cycle_weeks, 1)
    day_index = {d: i for i, d in enumerate(WEEKDAYS)}
    visit_days: dict[str, list[int]] = defaultdict(list)
    public_min: dict[str, int] = defaultdict(int)
    for r in plan.routes:
        # Day of the cycle, from 0 (Monday of week 1); an unknown weekday counts as Monday.
        day = (r.week - 1) * DAYS_PER_WEEK + day_index.get(r.day, 0)
        for v in r.visits:
            visit_days[v.stop_id].append(day)
            public_min[v.stop_id] += v.end_min - v.start_min
    out: dict[str, dict[str, Any]] = {}
    for s in plan.stops:
        visits = len(visit_days[s.id])
        hours_month = public_min[s.id] / 60 / weeks * WEEKS_PER_MONTH
        per_1000 = None
        if s.population:
            per_1000 = round(hours_month / s.population * 1000, 3)
        out[s.id] = {
            "name": s.name,
            "population": s.population,
            "visits_per_cycle": visits,
            "visits_per_month": round(visits / weeks * WEEKS_PER_MONTH, 3),
            "public_hours_per_month": round(hours_month, 2),
            "hours_per_1000_inhabitants_per_month": per_1000,
            "longest_gap_days": longest_gap_days(visit_days[s.id], weeks),
        }
    return out


def longest_gap_days(days: list[int], cycle_weeks: int) -> int | None:
    """The longest wait, in days, between two visits of a rotation that repeats.

    ``days`` are the days of the cycle with a visit (0 = Monday of week 1). The wait from the
    last visit of a cycle to the first of the next one counts: one visit per cycle gives the
    cycle length. ``None`` when there is no visit.
    """
    if not days:
        return None
    ordered = sorted(days)
    cycle_days = max(cycle_weeks, 1) * DAYS_PER_WEEK
    gaps = [b - a for a, b in pairwise(ordered)]
    gaps.append(ordered[0] + cycle_days - ordered[-1])
    return max(gaps)


def equity_spread(per_stop: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The best and worst served communes, in public hours per 1,000 inhabitants per month.

    Communes without a known population are left out. ``ratio`` is best / worst, ``None``
    when the worst gets no hour at all (or no commune has a population).
    """
    rated = [
        (v["hours_per_1000_inhabitants_per_month"], code)
        for code, v in per_stop.items()
        if v["hours_per_1000_inhabitants_per_month"] is not None
    ]
    if not rated:
        return {
            "best_stop_id": None,
            "max_hours_per_1000_inhabitants_per_month": None,
            "worst_stop_id": None,
            "min_hours_per_1000_inhabitants_per_month": None,
            "ratio": None,
        }
    # Ties go to the lower INSEE code, so the figures are stable.
    best = min(rated, key=lambda hc: (-hc[0], hc[1]))
    worst = min(rated)
    ratio = round(best[0] / worst[0], 2) if worst[0] > 0 else None
    return {
        "best_stop_id": best[1],
        "max_hours_per_1000_inhabitants_per_month": best[0],
        "worst_stop_id": worst[1],
        "min_hours_per_1000_inhabitants_per_month": worst[0],
        "ratio": ratio,
    }

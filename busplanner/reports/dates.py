"""Real dates for a plan: each visit of the cycle laid on the calendar, public holidays and
the service's closures (``[calendar] closed``) skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from busplanner.plan import Plan, Route, Visit
from busplanner.region import Region, holidays_of
from busplanner.scenario import Closure
from busplanner.timeutil import WEEKDAYS


@dataclass(frozen=True)
class DatedVisit:
    """One visit of the plan on a real date (``week`` is the week of the cycle, 1-based)."""

    date: dt.date
    week: int
    route: Route
    visit: Visit


@dataclass(frozen=True)
class SkippedVisit:
    """A visit that does not take place: on a public holiday (``holiday``: its name), or on a
    day the service is closed (``closed`` true; ``holiday``: the closure's reason)."""

    date: dt.date
    holiday: str
    route: Route
    visit: Visit
    closed: bool = False


def cycle_start(start: dt.date) -> dt.date:
    """The Monday of the week holding ``start``: week 1 of the cycle begins then."""
    return start - dt.timedelta(days=start.weekday())


def visit_dates(
    plan: Plan,
    start: dt.date,
    weeks: int,
    *,
    region: Region | None = None,
    closures: Sequence[Closure] = (),
) -> tuple[list[DatedVisit], list[SkippedVisit]]:
    """Lay the plan's visits on the calendar for ``weeks`` weeks from ``start``.

    Week 1 of the cycle is the week (Monday to Sunday) holding ``start``; the cycle repeats.
    Visits before ``start`` in that first week, and visits on a public holiday of
    the plan's country (``region``, default the plan's own ``[calendar] country``; the
    ``holidays`` library) or in one of ``closures``, are left out; those on
    holidays and closures are returned as skipped so that they can be told.

    Returns
    -------
    (dated, skipped)
        Both sorted by date, then start time, then bus.
    """
    if weeks < 1:
        msg = f"weeks must be at least 1, got {weeks}"
        raise ValueError(msg)
    monday = cycle_start(start)
    years = range(monday.year, (monday + dt.timedelta(weeks=weeks)).year + 1)
    public = holidays_of(years, region=region or plan.region)
    dated: list[DatedVisit] = []
    skipped: list[SkippedVisit] = []
    for k in range(weeks):
        cycle_week = k % plan.cycle_weeks + 1
        for route in plan.routes:
            if route.week != cycle_week:
                continue
            day = monday + dt.timedelta(weeks=k, days=WEEKDAYS.index(route.day))
            if day < start:
                continue
            closure = next((c for c in closures if c.covers(day)), None)
            for visit in route.visits:
                if day in public:
                    skipped.append(SkippedVisit(day, str(public.get(day)), route, visit))
                elif closure is not None:
                    skipped.append(SkippedVisit(day, closure.reason, route, visit, closed=True))
                else:
                    dated.append(DatedVisit(day, cycle_week, route, visit))

    def key(x: DatedVisit | SkippedVisit) -> tuple[dt.date, int, int, str]:
        return (x.date, x.visit.start_min, x.route.bus, x.visit.stop_id)

    dated.sort(key=key)
    skipped.sort(key=key)
    return dated, skipped

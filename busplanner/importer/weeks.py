"""The rows placed in the cycle: each row's week (from its Date, else from its Route), the
frequencies checked against the cycle, reversed times settled, overlapping sessions flagged."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict

from busplanner.importer.read import Row
from busplanner.importer.report import Report, RouteWeeks, Why
from busplanner.timeutil import WEEKDAYS, format_hhmm

MAX_SWAPPED_SESSION_MIN = 240
"""An end before its start is swapped only if the swapped session is at most this long."""


def _natural(text: str) -> list[tuple[int, int, str]]:
    """Natural sort key: "Day 2" < "Day 10"."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.lower()) for t in re.split(r"(\d+)", text)]


def check_frequencies(rows: list[Row], cycle: int, report: Report) -> None:
    """Flag a Frequency that differs within a route, or does not divide the cycle."""
    by_route: dict[tuple[str, str | None], list[Row]] = defaultdict(list)
    for r in rows:
        if r.route:
            by_route[(r.route, r.day)].append(r)
    for (route, _day), members in by_route.items():
        usual = Counter(r.frequency for r in members).most_common(1)[0][0]
        for r in members:
            if r.frequency != usual and r.frequency and cycle % r.frequency == 0:
                report.add(
                    r.line,
                    "Frequency",
                    "flagged",
                    "frequency_mixed",
                    frequency=r.frequency,
                    route=route,
                    usual=usual,
                )
    for r in rows:
        assert r.frequency is not None
        if cycle % r.frequency:
            report.add(
                r.line,
                "Frequency",
                "flagged",
                "frequency_not_divisor",
                frequency=r.frequency,
                cycle=cycle,
            )


def assign_weeks(rows: list[Row], cycle: int, report: Report) -> None:
    """Each row's week of the cycle: from Date when the file has dates, else from Route."""
    dates = [r.date for r in rows if r.date is not None]
    if dates:
        monday = min(dates) - dt.timedelta(days=min(dates).weekday())
        first_of_route: dict[tuple[str, str | None], Row] = {}
        for r in rows:
            if r.date is None:
                continue
            r.week = (r.date - monday).days // 7 % cycle + 1
            seen = first_of_route.setdefault((r.route, r.day), r)
            if r.route and seen.week != r.week:
                report.add(
                    r.line,
                    "Date",
                    "flagged",
                    "route_weeks_mixed",
                    route=r.route,
                    other=seen.week,
                    other_line=seen.line,
                    week=r.week,
                )
        for r in rows:
            if r.date is not None:
                continue
            known = first_of_route.get((r.route, r.day)) if r.route else None
            if known is None:
                report.skip(r, "Date", "no_week", route=r.route)
            else:
                r.week = known.week
                report.add(
                    r.line, "Date", "fixed", "week_from_route_row", week=r.week, route=r.route
                )
        return
    # No date at all: the routes of each weekday, in natural order, are weeks 1, 2, …
    routes_of: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        assert r.day is not None
        if r.route not in routes_of[r.day]:
            routes_of[r.day].append(r.route)
    week_of: dict[tuple[str, str], int] = {}
    detail = []
    for day in WEEKDAYS:
        ordered = sorted(routes_of.get(day, []), key=_natural)
        for i, route in enumerate(ordered, start=1):
            week_of[(day, route)] = i
        if ordered:
            detail.append((day, tuple((route, i) for i, route in enumerate(ordered, start=1))))
    report.add(
        1, "Date/Route", "note", "week_from_route", cycle=cycle, detail=RouteWeeks(tuple(detail))
    )
    for r in rows:
        assert r.day is not None
        week = week_of[(r.day, r.route)]
        if week > cycle:
            report.skip(
                r, "Route", "too_many_routes", route=r.route, rank=week, day=r.day, cycle=cycle
            )
        else:
            r.week = week


def settle_reversed_times(rows: list[Row], report: Report) -> None:
    """An end before its start: swapped when the result is plausible, else skipped.

    Plausible: the swapped session lasts at most ``MAX_SWAPPED_SESSION_MIN`` minutes and
    overlaps no other session of the same round (week and day).
    """
    by_round: dict[tuple[int | None, str | None], list[Row]] = defaultdict(list)
    for r in rows:
        by_round[(r.week, r.day)].append(r)
    for r in rows:
        if not r.reversed_times:
            continue
        assert r.start is not None and r.end is not None
        start, end = r.end, r.start
        new = f"{format_hhmm(start)}–{format_hhmm(end)}"
        old = {"start": format_hhmm(r.start), "end": format_hhmm(r.end)}
        why: Why | None = None
        if end - start > MAX_SWAPPED_SESSION_MIN:
            why = Why("why_long", (("minutes", end - start), ("max", MAX_SWAPPED_SESSION_MIN)))
        else:
            for o in by_round[(r.week, r.day)]:
                if o is r or o.reversed_times:
                    continue
                assert o.start is not None and o.end is not None
                if o.start < end and start < o.end:
                    other = f"{format_hhmm(o.start)}–{format_hhmm(o.end)}"
                    why = Why("why_overlap", (("line", o.line), ("other", other)))
                    break
        if why is None:
            r.start, r.end, r.reversed_times = start, end, False
            report.add(
                r.line,
                "Start/End",
                "fixed",
                "end_before_start_swapped",
                new=new,
                minutes=end - start,
                **old,
            )
        else:
            report.skip(r, "Start/End", "end_before_start", new=new, why=why, **old)


def flag_overlaps(rows: list[Row], report: Report) -> None:
    """Flag a session that starts before the previous one of its round ends."""
    rounds: dict[tuple[int | None, str | None], list[Row]] = defaultdict(list)
    for r in rows:
        rounds[(r.week, r.day)].append(r)
    for members in rounds.values():
        ordered = sorted(members, key=lambda r: (r.start or 0, r.line))
        for a, b in itertools.pairwise(ordered):
            assert a.start is not None and a.end is not None
            assert b.start is not None and b.end is not None
            duplicate = (a.label, a.start, a.end) == (b.label, b.start, b.end)
            if b.start < a.end and not duplicate:  # a duplicate is reported as such
                report.add(
                    b.line,
                    "Start/End",
                    "flagged",
                    "overlap",
                    start=format_hhmm(b.start),
                    end=format_hhmm(b.end),
                    line=a.line,
                    other_start=format_hhmm(a.start),
                    other_end=format_hhmm(a.end),
                )

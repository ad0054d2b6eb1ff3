"""The printable timetable fills its pages: an overview of the cycle first, then as many
weeks a page as fit (issue 12, item 5). Printed by Chromium in test_printable_browser.py."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from busplanner.plan import Plan, read_plan
from busplanner.reports.dates import visit_dates
from busplanner.reports.printable import (
    PAGE_FOOTER_MM,
    PAGE_MM,
    fill_pages,
    format_time,
    timetable_html,
)
from busplanner.scenario import ServiceInfo

SMALL_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "small.json"
START = dt.date(2027, 5, 3)  # Ascension is Thursday 6 May 2027.
SERVICE = ServiceInfo()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(SMALL_PLAN)


def _overview(page: str) -> str:
    found = re.search(r'<table class="overview[^"]*">.*?</table>', page, re.S)
    assert found is not None
    return found.group(0)


def test_fill_pages_puts_as_many_weeks_as_fit() -> None:
    room = PAGE_MM - PAGE_FOOTER_MM
    assert fill_pages([]) == []
    assert fill_pages([room / 2] * 4) == [2, 2]
    assert fill_pages([room / 2 + 1] * 3) == [1, 1, 1]
    assert fill_pages([room / 3] * 7) == [3, 3, 1]
    # A week taller than a page still gets its own page.
    assert fill_pages([room * 2, 10.0, 10.0]) == [1, 2]
    # Weeks of different heights: the page is filled in order.
    assert fill_pages([room * 0.6, room * 0.3, room * 0.5, room * 0.5]) == [2, 2]


def test_overview_is_the_whole_cycle_weekday_by_half_day(plan: Plan) -> None:
    page = timetable_html(plan, lang="fr", service=SERVICE)
    table = _overview(page)
    # First in the page, before the weeks.
    assert page.index(table) < page.index('<section class="week">')
    assert html.escape("Vue d'ensemble : le cycle de 2 semaines") in page
    for week in range(1, plan.cycle_weeks + 1):
        assert f'<th scope="col">Semaine {week}</th>' in table
    for day in ("mardi", "jeudi"):
        assert f'rowspan="2">{day}</th>' in table
    assert table.count('<th scope="row">matin</th>') == len(plan.days)
    assert table.count('<th scope="row">après-midi</th>') == len(plan.days)
    # Every visit of the cycle is in it, with the time its session starts.
    names = {s.id: s.name for s in plan.stops}
    for route in plan.routes:
        for visit in route.visits:
            start = format_time(visit.start_min).replace(" ", "\u00a0")
            assert f"<span>{html.escape(names[visit.stop_id])}, {start}</span>" in table


def test_overview_in_english(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    page = timetable_html(plan, lang="en", service=SERVICE, dated=dated, skipped=skipped)
    table = _overview(page)
    assert "Overview: the 2-week cycle" in page
    assert '<th scope="col">Week 1</th>' in table and '<th scope="row">morning</th>' in table
    assert "09:00" in table


def test_dated_weeks_share_pages_and_keep_holidays(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    page = timetable_html(plan, lang="fr", service=SERVICE, dated=dated, skipped=skipped)
    pages = page.split('<section class="page">')[1:]
    # The small plan's weeks are short: all four go on one page after the overview.
    assert [p.count('<section class="week">') for p in pages] == [4]
    assert page.count('<footer class="contact">') == 0  # no contact given, none invented
    assert page.count("pas de passage : Ascension (jour férié)") == len(skipped) == 2


def test_each_page_of_weeks_has_the_contact(plan: Plan) -> None:
    service = ServiceInfo(operator="PIMMS Médiation", phone="02 99 00 00 00")
    dated, skipped = visit_dates(plan, START, 12)
    page = timetable_html(plan, lang="fr", service=service, dated=dated, skipped=skipped)
    pages = page.split('<section class="page">')
    assert len(pages) > 2  # the overview, then at least two pages of weeks
    assert sum(p.count('<section class="week">') for p in pages) == 12
    for part in pages:
        assert part.count('<footer class="contact">') == 1

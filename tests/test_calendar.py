"""ICS calendars of the small scenario: parse back, holidays skipped, stable UIDs and bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import holidays
import pytest
from icalendar import Calendar

from busplanner.plan import Plan, read_plan
from busplanner.reports.calendar import commune_ics, event_uid, plan_ics
from busplanner.reports.dates import DatedVisit, visit_dates
from busplanner.scenario import ServiceInfo

SMALL = Path(__file__).resolve().parent / "data" / "scenarios" / "small.toml"
SMALL_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "small.json"
START = dt.date(2027, 5, 3)  # May 2027: 1, 6, 8, 17 are public holidays.
SERVICE = ServiceInfo()
NAME = "small"


@pytest.fixture(autouse=True)
def _fixed_writing_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """DTSTAMP is the time of writing: fixed here (2027-05-01 12:00 UTC) for equal bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1809172800")


@pytest.fixture(scope="module")
def plan() -> Plan:
    # A saved plan of the small scenario (the solver may return another, equally good one).
    return read_plan(SMALL_PLAN)


@pytest.fixture(scope="module")
def dated(plan: Plan) -> list[DatedVisit]:
    return visit_dates(plan, START, 4)[0]


def _events(data: bytes) -> list[Calendar]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_event_per_dated_visit_none_on_a_holiday(plan: Plan, dated: list[DatedVisit]) -> None:
    events = _events(plan_ics(plan, dated, lang="fr", service=SERVICE, scenario_name=NAME))
    assert len(events) == len(dated) == 14
    french = holidays.country_holidays("FR", years=2027)
    starts = [ev.decoded("dtstart") for ev in events]
    assert not [s for s in starts if s.date() in french]
    assert dt.date(2027, 5, 6) not in {s.date() for s in starts}  # Ascension, a Thursday
    assert sorted(starts) == starts


def test_events_are_local_to_paris(plan: Plan, dated: list[DatedVisit]) -> None:
    data = plan_ics(plan, dated, lang="fr", service=SERVICE, scenario_name=NAME)
    cal = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    first = _events(data)[0]
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first["DTEND"].params["TZID"] == "Europe/Paris"
    start = first.decoded("dtstart")
    assert start == dt.datetime(2027, 5, 4, 9, 0, tzinfo=start.tzinfo)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert b"\r\n" in data


def test_event_fields(plan: Plan, dated: list[DatedVisit]) -> None:
    service = ServiceInfo(operator="PIMMS Médiation", email="bus@example.org")
    first = _events(plan_ics(plan, dated, lang="fr", service=service, scenario_name=NAME))[0]
    # The first event is the first dated visit, whichever commune the plan puts there.
    visit = dated[0].visit
    stop = plan.stop(visit.stop_id)
    assert str(first["SUMMARY"]) == f"Bus France services — {stop.name}"
    assert str(first["LOCATION"]) == stop.address
    geo = first["GEO"]
    assert (geo.latitude, geo.longitude) == (stop.lat, stop.lon)
    description = str(first["DESCRIPTION"])
    assert description.startswith("Le bus vous aide pour :\n- emploi")
    assert "PIMMS Médiation" in description and "Courriel : bus@example.org" in description
    assert "Téléphone" not in description
    assert str(first["UID"]) == event_uid(stop.id, dated[0].date)
    # DTSTAMP is the time of writing; SOURCE_DATE_EPOCH (set for this module) fixes it.
    assert first.decoded("dtstamp") == dt.datetime(2027, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert int(first["SEQUENCE"]) == 0


def test_no_contact_is_invented(plan: Plan, dated: list[DatedVisit]) -> None:
    first = _events(plan_ics(plan, dated, lang="en", service=SERVICE, scenario_name=NAME))[0]
    description = str(first["DESCRIPTION"])
    assert description.startswith("The bus helps you with:")
    assert "Contact" not in description and "URL" not in first


def test_same_inputs_same_bytes_and_uids(plan: Plan) -> None:
    runs = [visit_dates(plan, START, 4)[0] for _ in range(2)]
    data = [plan_ics(plan, d, lang="fr", service=SERVICE, scenario_name=NAME) for d in runs]
    assert data[0] == data[1]
    uids = [str(ev["UID"]) for ev in _events(data[0])]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@busplanner") for uid in uids)
    # A longer period keeps the UIDs of the visits it shares.
    longer = plan_ics(
        plan, visit_dates(plan, START, 8)[0], lang="fr", service=SERVICE, scenario_name=NAME
    )
    assert set(uids) <= {str(ev["UID"]) for ev in _events(longer)}


def test_commune_calendar_holds_that_communes_events(plan: Plan, dated: list[DatedVisit]) -> None:
    whole = {
        str(ev["UID"]): ev
        for ev in _events(plan_ics(plan, dated, lang="fr", service=SERVICE, scenario_name=NAME))
    }
    data = commune_ics(plan, dated, "35028", lang="fr", service=SERVICE, scenario_name=NAME)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == "Bus France services — Boistrudan"
    events = _events(data)
    assert len(events) == sum(d.visit.stop_id == "35028" for d in dated) == 3
    for ev in events:
        assert str(ev["SUMMARY"]) == "Bus France services — Boistrudan"
        assert ev.to_ical() == whole[str(ev["UID"])].to_ical()


def test_hostile_name_round_trips(plan: Plan, dated: list[DatedVisit]) -> None:
    hostile = "<script>alert(1)</script>; a, b\\c\nd"
    stops = tuple(
        dataclasses.replace(s, name=hostile, address=hostile)
        if s.id == dated[0].visit.stop_id
        else s
        for s in plan.stops
    )
    hostile_plan = dataclasses.replace(plan, stops=stops)
    data = plan_ics(hostile_plan, dated, lang="fr", service=SERVICE, scenario_name=NAME)
    first = _events(data)[0]
    assert str(first["SUMMARY"]) == f"Bus France services — {hostile}"
    assert str(first["LOCATION"]) == hostile
    assert len(_events(data)) == len(dated)


def test_empty_period_gives_a_valid_empty_calendar(plan: Plan) -> None:
    data = plan_ics(plan, [], lang="fr", service=SERVICE, scenario_name=NAME)
    cal = Calendar.from_ical(data)
    assert _events(data) == [] and str(cal["VERSION"]) == "2.0"


def test_writing_time_is_now_unless_source_date_epoch_fixes_it() -> None:
    from busplanner.reports.calendar import writing_time

    before = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    now = writing_time({})
    assert before <= now <= dt.datetime.now(tz=dt.UTC) and now.tzinfo is not None
    assert writing_time({"SOURCE_DATE_EPOCH": "0"}) == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

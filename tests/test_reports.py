"""Reports on a small hand-made plan: CSV, terminal timetable, map (no solver)."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re

import pytest
from rich.console import Console
from shapely.geometry import box

from busplanner.plan import (
    Depot,
    Plan,
    Route,
    SolverInfo,
    Stop,
    TravelInfo,
    Unserved,
    Visit,
)
from busplanner.reports import build_map, print_schedule, schedule_rows, t, timetable_csv
from busplanner.reports.i18n import frequency_label
from busplanner.reports.timetable import CSV_COLUMNS
from busplanner.territory import Commune, Territory

HOSTILE = "<script>alert(1)</script>"


def _stop(stop_id: str, name: str, **kw: object) -> Stop:
    base: dict[str, object] = {
        "id": stop_id,
        "name": name,
        "lon": -1.40,
        "lat": 47.90,
        "address": "",
        "population": 500,
        "demand_weight": 1.0,
        "visits_per_cycle": 2,
        "visits_planned": 2,
        "windows": {"tuesday": ((540, 720),)},
    }
    base.update(kw)
    return Stop(**base)  # type: ignore[arg-type]


@pytest.fixture
def plan() -> Plan:
    esse = _stop(
        "35109",
        "Essé",
        lon=-1.41,
        lat=47.94,
        address='=HYPERLINK("http://evil")',
        weekday="tuesday",
        half_day="morning",
        every_weeks=1,
        first_week=1,
    )
    brie = _stop(
        "35040",
        "Brie",
        lon=-1.53,
        lat=47.92,
        address="2 place de la Mairie",
        visits_per_cycle=1,
        visits_planned=0,
    )
    visit_esse = Visit("35109", 530, 540, 720, "morning", 15, 9.5)
    # Routes listed week 2 first: the reports must sort them.
    routes = tuple(
        Route(1, week, "tuesday", 510, 780, (visit_esse,), (), 15, 9.5) for week in (2, 1)
    )
    return Plan(
        scenario_name="Roche aux Fées",
        scenario_path="scenario.toml",
        cycle_weeks=2,
        days=("tuesday", "friday"),
        depot=Depot("Retiers", -1.38, 47.91, "Mairie de Retiers"),
        stops=(esse, brie),
        routes=routes,
        unserved=(Unserved("35040", 1, "no free half-day [bold]left[/bold]"),),
        travel=TravelInfo("haversine", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 38.0, 38.0, 0.2, 0),
        session_min=180,
    )


@pytest.fixture
def territory() -> Territory:
    return Territory(
        "territory.geojson",
        (
            Commune("35109", "Essé", 1200, -1.41, 47.94, boundary=box(-1.45, 47.91, -1.37, 47.97)),
            Commune("35040", "Brie", 800, -1.53, 47.92, boundary=box(-1.57, 47.89, -1.49, 47.95)),
        ),
    )


def _rename(plan: Plan, stop_id: str, name: str) -> Plan:
    stops = tuple(dataclasses.replace(s, name=name) if s.id == stop_id else s for s in plan.stops)
    return dataclasses.replace(plan, stops=stops)


def _rendered(plan: Plan, lang: str) -> str:
    console = Console(record=True, width=120)
    print_schedule(plan, console, lang)
    return console.export_text()


# --- i18n -------------------------------------------------------------------------------


def test_frequency_phrases() -> None:
    assert frequency_label(1, "fr") == "toutes les semaines"
    assert frequency_label(2, "fr") == "une semaine sur deux"
    assert frequency_label(3, "fr") == "toutes les 3 semaines"
    assert frequency_label(1, "en") == "every week"
    assert frequency_label(2, "en") == "every other week"
    assert frequency_label(3, "en") == "every 3 weeks"


def test_catalogue_default_is_french_and_rejects_unknown_language() -> None:
    assert t("week", week=3) == "Semaine 3"
    assert t("week", "en", week=3) == "Week 3"
    assert t("tuesday", "EN-gb") == "Tuesday"
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        t("week", "de", week=1)


# --- rows and CSV -----------------------------------------------------------------------


def test_schedule_rows_sorted_by_week_then_plan_day_order(plan: Plan) -> None:
    # Friday comes after Tuesday in plan.days although it sorts first alphabetically.
    v = plan.routes[0].visits[0]
    late = dataclasses.replace(
        v, arrival_min=830, start_min=840, end_min=1020, half_day="afternoon"
    )
    routes = (
        Route(1, 2, "tuesday", 510, 780, (v,), (), 15, 9.5),
        Route(1, 1, "friday", 510, 1040, (late,), (), 15, 9.5),
        Route(1, 1, "tuesday", 510, 780, (v,), (), 15, 9.5),
    )
    rows = schedule_rows(dataclasses.replace(plan, routes=routes))
    assert [(r["week"], r["day"], r["start"]) for r in rows] == [
        (1, "tuesday", "09:00"),
        (1, "friday", "14:00"),
        (2, "tuesday", "09:00"),
    ]
    assert rows[0] == {
        "week": 1,
        "day": "tuesday",
        "bus": 1,
        "commune": "Essé",
        "stop_id": "35109",
        "address": '=HYPERLINK("http://evil")',
        "half_day": "morning",
        "arrival": "08:50",
        "start": "09:00",
        "end": "12:00",
        "every_weeks": 1,
        "lon": -1.41,
        "lat": 47.94,
    }


def test_csv_header_rows_and_order(plan: Plan) -> None:
    text = timetable_csv(plan, "fr")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0][:4] == ["week", "day", "bus", "stop_id"]
    assert len(rows) == 1 + 2  # header + one row per visit
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["week"] for r in body] == ["1", "2"]
    assert body[0]["day"] == "mardi"
    assert body[0]["half_day"] == "matin"
    assert body[0]["commune"] == "Essé"
    assert (body[0]["start"], body[0]["end"]) == ("09:00", "12:00")


def test_csv_column_names_stay_english_values_follow_lang(plan: Plan) -> None:
    rows = list(csv.reader(io.StringIO(timetable_csv(plan, "en"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][1:2] == ["Tuesday"]
    assert "morning" in rows[1]


@pytest.mark.parametrize("hostile", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_protects_text_against_formula_injection(plan: Plan, hostile: str) -> None:
    rows = list(csv.reader(io.StringIO(timetable_csv(_rename(plan, "35109", hostile), "fr"))))
    commune = rows[1][CSV_COLUMNS.index("commune")]
    assert commune == "'" + hostile
    address = rows[1][CSV_COLUMNS.index("address")]
    assert address == '\'=HYPERLINK("http://evil")'


def test_csv_keeps_negative_longitudes_as_numbers(plan: Plan) -> None:
    rows = list(csv.reader(io.StringIO(timetable_csv(plan, "fr"))))
    assert rows[1][CSV_COLUMNS.index("lon")] == "-1.41"


# --- terminal timetable -----------------------------------------------------------------


def test_print_schedule_in_french(plan: Plan) -> None:
    out = _rendered(plan, "fr")
    assert "Semaine 1" in out
    assert "Semaine 2" in out
    assert out.index("Semaine 1") < out.index("Semaine 2")
    assert "mardi" in out
    assert "09:00–12:00" in out
    assert "toutes les semaines" in out
    assert "Tuesday" not in out
    # Unserved list, with the reason's markup shown as text.
    assert "Brie" in out
    assert "no free half-day [bold]left[/bold]" in out
    # Summary computed from the routes (kpis are empty): 2 routes x (9.5 + 9.5) km.
    assert "38,0 km" in out
    assert "1 / 2" in out
    assert "optimale" in out


def test_print_schedule_in_english(plan: Plan) -> None:
    out = _rendered(plan, "en")
    assert "Week 1" in out
    assert "Tuesday" in out
    assert "09:00–12:00" in out
    assert "every week" in out
    assert "mardi" not in out
    assert "38.0 km" in out


def test_print_schedule_reads_kpis_and_escapes_markup(plan: Plan) -> None:
    plan = dataclasses.replace(
        _rename(plan, "35109", "[red]Essé[/red]"),
        kpis={"distance_km_per_cycle": 123.4, "communes_served": 7, "communes_total": 9},
        solver=SolverInfo("feasible", 10.0, 9.0, 60.0, 0, gap=0.05),
    )
    out = _rendered(plan, "fr")
    assert "[red]Essé[/red]" in out
    assert "123,4 km" in out
    assert "7 / 9" in out
    assert "5,0 %" in out


def test_print_schedule_shows_bus_column_only_with_several_buses(plan: Plan) -> None:
    assert "Bus" not in _rendered(plan, "fr")
    second = dataclasses.replace(plan.routes[0], bus=2)
    assert "Bus" in _rendered(dataclasses.replace(plan, routes=(*plan.routes, second)), "fr")


# --- map --------------------------------------------------------------------------------


def _overlays(page: str) -> list[str]:
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", page, re.DOTALL)
    assert block is not None
    return re.findall(r'"([^"]*)"\s*:\s*feature_group_', block.group(1))


def test_map_names_every_stop_escaped(plan: Plan, territory: Territory) -> None:
    page = build_map(plan, territory, "fr")
    for stop in plan.stops:
        assert html.escape(stop.name) in page
    assert "Retiers" in page
    assert "mardi" in page
    assert "toutes les semaines" in page


def test_map_escapes_hostile_names(plan: Plan, territory: Territory) -> None:
    hostile = _rename(plan, "35109", HOSTILE)
    hostile = _rename(hostile, "35040", "`${alert(2)}`")
    page = build_map(hostile, territory, "fr")
    assert HOSTILE not in page
    assert html.escape(HOSTILE) in page
    assert "${alert(2)}" not in page


def test_map_has_one_layer_per_route(plan: Plan, territory: Territory) -> None:
    page = build_map(plan, territory, "fr")
    assert _overlays(page) == ["Semaine 1 \\u00b7 mardi", "Semaine 2 \\u00b7 mardi"]
    second = dataclasses.replace(plan.routes[0], bus=2)
    page = build_map(dataclasses.replace(plan, routes=(*plan.routes, second)), territory, "en")
    assert len(_overlays(page)) == 3
    assert "Week 2 \\u00b7 Tuesday \\u00b7 bus 2" in _overlays(page)


def test_map_is_reproducible(plan: Plan, territory: Territory) -> None:
    first = build_map(plan, territory, "fr")
    assert first == build_map(plan, territory, "fr")
    assert re.search(r"[0-9a-f]{32}", first) is None  # no random folium ids left


def test_map_shades_unserved_communes_grey(plan: Plan, territory: Territory) -> None:
    page = build_map(plan, territory, "fr")
    assert "#bdbdbd" in page  # Brie is not served
    assert "non desservie" in page
    assert build_map(plan, None, "fr").count("geo_json_") == 0

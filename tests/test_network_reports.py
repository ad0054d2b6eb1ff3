"""Every output of a plan with several bases says which bus and which base, and draws each
route from its own base and back (issue 10).

The plan is solved once for the module, from the small two-base scenario of ``conftest.py``
(Retiers every working day, Janzé on Thursdays only). The solver may break ties either way,
so the tests read who serves what from the plan, never from a fixed answer.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from icalendar import Calendar
from rich.console import Console

from busplanner.check import check_plan
from busplanner.compare import figure_rows
from busplanner.kpis import compute_kpis
from busplanner.pipeline import PlanRun, load_inputs, plan_scenario
from busplanner.plan import Depot, Plan, read_plan
from busplanner.reports import build_map, print_schedule, timetable_csv
from busplanner.reports.calendar import event_uid, plan_ics
from busplanner.reports.dates import visit_dates
from busplanner.reports.exports import geopackage, opendata_csv
from busplanner.reports.printable import poster_html, poster_sentence, timetable_html

START = dt.date(2027, 1, 4)
POLYLINE = re.compile(r"L\.polyline\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", re.S)


@pytest.fixture(scope="module")
def run(two_bases_scenario: Path) -> PlanRun:
    scenario, territory = load_inputs(two_bases_scenario)
    done = plan_scenario(scenario, territory)
    assert check_plan(done.plan, scenario, territory) == []
    return done


@pytest.fixture(scope="module")
def plan(run: PlanRun) -> Plan:
    p = run.plan
    assert [b.depot.name for b in p.bases] == ["Retiers", "Janzé"]
    # Both bases have routes, and the cycle's two weeks differ: every test below means it.
    assert {r.bus for r in p.routes} == {1, 2}
    assert {r.week for r in p.routes} == {1, 2}
    return p


def _in_js(text: str) -> str:
    """``text`` as it stands inside the map's JavaScript strings (popups)."""
    text = json.dumps(text, ensure_ascii=True)[1:-1]
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _bus_words(plan: Plan, bus: int) -> str:
    return f"Bus {plan.bus_label(bus)} (base de {plan.home(bus)[1].name})"


def _home(plan: Plan, bus: int) -> tuple[float, float]:
    depot = plan.home(bus)[1]
    return depot.lon, depot.lat


def test_kpis_give_each_bus_its_figures_and_they_add_up(plan: Plan) -> None:
    per_bus = plan.kpis["per_bus"]
    assert list(per_bus) == ["1", "2"]
    assert [(v["label"], v["base"], v["base_name"]) for v in per_bus.values()] == [
        ("Retiers", "depot", "Retiers"),
        ("Janzé", "depot-2", "Janzé"),
    ]
    for bus, figures in per_bus.items():
        routes = [r for r in plan.routes if r.bus == int(bus)]
        assert figures["visits_per_cycle"] == sum(len(r.visits) for r in routes)
        assert figures["driving_min_per_cycle"] == sum(r.driving_min for r in routes)
        served = {v.stop_id for r in routes for v in r.visits}
        assert figures["communes_served"] == len(served)
    total = plan.kpis
    assert (
        sum(v["driving_min_per_cycle"] for v in per_bus.values()) == total["driving_min_per_cycle"]
    )
    assert sum(v["visits_per_cycle"] for v in per_bus.values()) == total["visits_per_cycle"]
    assert sum(v["distance_km_per_cycle"] for v in per_bus.values()) == pytest.approx(
        total["distance_km_per_cycle"], abs=0.002
    )
    assert sum(v["public_hours_per_week"] for v in per_bus.values()) == pytest.approx(
        total["public_hours_per_week"]
    )


def test_per_bus_figures_go_to_plan_json_and_back(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json(), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "busplanner.plan/2"
    assert data["kpis"]["per_bus"]["2"]["label"] == "Janzé"
    assert read_plan(path).kpis["per_bus"] == plan.kpis["per_bus"]


def test_one_base_kpis_have_no_per_bus(plan: Plan) -> None:
    one = dataclasses.replace(plan, bases=())
    assert "per_bus" not in compute_kpis(one, None)


def test_map_draws_every_base_and_each_route_from_its_own_base(plan: Plan, run: PlanRun) -> None:
    page = build_map(plan, run.territory, "fr")
    lines = [(json.loads(points), json.loads(opts)) for points, opts in POLYLINE.findall(page)]
    assert len(lines) == len(plan.routes)
    seen = set()
    for points, opts in lines:
        bus = int(re.search(r"busplanner-bus-(\d+)", opts["className"]).group(1))  # type: ignore[union-attr]
        base_id = plan.home(bus)[0]
        assert f"busplanner-base-{base_id}" in opts["className"]
        lon, lat = _home(plan, bus)
        assert points[0] == [lat, lon] and points[-1] == [lat, lon], opts["className"]
        seen.add(bus)
        # One colour per bus, the same on every route of that bus.
        assert opts["color"] == {1: "#1f77b4", 2: "#d62728"}[bus]
    assert seen == {1, 2}
    # Each base has its marker (name, address, buses) and its layer in the layer control.
    assert page.count('"className": "busplanner-depot busplanner-base-') == 2
    for name in ("Base : Retiers", "Base : Janzé", "16 rue Louis Pasteur, 35240 Retiers"):
        assert name in page
    assert _in_js("Bus : Janzé") in page  # the base's popup
    # The legend names each bus with its base.
    assert "Bus Retiers (base de Retiers)" in page
    assert "Bus Janzé (base de Janzé)" in page
    # The stops' popups name their bus and base.
    for stop in plan.stops:
        if stop.bus is not None:
            where = f"<b>{html.escape(stop.name)}</b><br>{html.escape(stop.address)}<br>"
            popup = where + _bus_words(plan, stop.bus)
            assert _in_js(popup) in page, stop.name


def test_map_in_english_names_the_bases(plan: Plan, run: PlanRun) -> None:
    page = build_map(plan, run.territory, "en", offline=True)
    assert "Base: Janzé" in page
    assert "Bus Janzé (Janzé base)" in page
    assert "Buses (base)" in page


def test_terminal_schedule_names_each_bus_and_sums_per_bus(plan: Plan) -> None:
    console = Console(record=True, width=120, color_system=None)
    print_schedule(plan, console, "fr")
    text = console.export_text()
    assert "Par bus" in text
    per_bus = plan.kpis["per_bus"]
    for figures in per_bus.values():
        row = next(line for line in text.splitlines() if line.strip().startswith(figures["label"]))
        assert figures["base_name"] in row
        assert f"{figures['visits_per_cycle']}" in row.split()
    total = next(line for line in text.splitlines() if line.strip().startswith("Total"))
    assert "2 bases" in total
    assert f"{plan.kpis['communes_served']} / {plan.kpis['communes_total']}" in total
    # The week tables name the bus by its base, not its number.
    janze = next(s for s in plan.stops if s.bus == 2)
    line = next(line for line in text.splitlines() if janze.name in line and "–" in line)
    assert "Janzé" in line


def test_timetable_csv_names_the_bus_by_its_label(plan: Plan) -> None:
    rows = list(csv.DictReader(io.StringIO(timetable_csv(plan, "fr"))))
    assert {r["bus"] for r in rows} == {"Retiers", "Janzé"}
    by_stop = {s.id: s for s in plan.stops}
    for r in rows:
        assert r["bus"] == plan.bus_label(by_stop[r["stop_id"]].bus or 0)


def test_printable_timetable_has_a_bus_column_and_the_bases(plan: Plan, run: PlanRun) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    page = timetable_html(plan, service=run.scenario.service, dated=dated, skipped=skipped)
    assert '<th scope="col">Bus</th>' in page
    assert "<td>Janzé</td>" in page and "<td>Retiers</td>" in page
    assert "Bus Retiers (base de Retiers), 16 rue Louis Pasteur, 35240 Retiers" in page
    assert "Bus Janzé (base de Janzé)" in page
    cycle = timetable_html(plan, service=run.scenario.service, lang="en")
    assert "<td>Janzé</td>" in cycle and "Bus Janzé (Janzé base)" in cycle


def test_posters_say_which_bus_and_base(plan: Plan, run: PlanRun) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    service = run.scenario.service
    for stop in plan.stops:
        if stop.weekday is None:
            continue
        expected = (
            f"bus {plan.bus_label(stop.bus or 0)} (base de {plan.home(stop.bus or 0)[1].name})"
        )
        page = poster_html(plan, stop.id, service=service, upcoming=dated, skipped=skipped)
        assert f'<p class="bus" style="font-size:16pt;margin:0 0 2mm">B{expected[1:]}</p>' in page
        sentence = poster_sentence(plan, stop.id, service=service, upcoming=dated)
        assert expected in sentence


def test_calendar_events_say_which_bus_in_the_description_only(plan: Plan, run: PlanRun) -> None:
    dated, _ = visit_dates(plan, START, 4)
    data = plan_ics(plan, dated, service=run.scenario.service, scenario_name=plan.scenario_name)
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(dated)
    for event, d in zip(events, dated, strict=True):
        bus = f"Bus {plan.bus_label(d.route.bus)} (base de {plan.home(d.route.bus)[1].name})"
        assert str(event["description"]).startswith(bus + "\n\n")
        # The UID is that of a one-base plan: the stop's visit on that date.
        uid = event_uid(d.visit.stop_id, d.date)
        assert str(event["uid"]) == uid


def test_opendata_mobile_is_the_bus_label(plan: Plan) -> None:
    dated, _ = visit_dates(plan, START, 4)
    rows = list(csv.DictReader(io.StringIO(opendata_csv(plan, dated, "fr"))))
    assert len(rows) == len(dated)
    for row, d in zip(rows, dated, strict=True):
        assert row["Mobile"] == plan.bus_label(d.route.bus)
        assert row["Route"].endswith(f"bus {plan.bus_label(d.route.bus)}")


def test_geopackage_draws_routes_from_their_base_and_has_a_depots_layer(
    plan: Plan, run: PlanRun, tmp_path: Path
) -> None:
    path = tmp_path / "plan.gpkg"
    geopackage(plan, run.territory, path)
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == ["stops", "routes", "depots", "communes"]
    routes = pyogrio.read_dataframe(path, layer="routes")
    assert len(routes) == len(plan.routes)
    for _, row in routes.iterrows():
        home = _home(plan, int(row["bus"]))
        coords = list(row.geometry.coords)
        assert coords[0] == pytest.approx(home) and coords[-1] == pytest.approx(home)
        base_id, depot = plan.home(int(row["bus"]))
        assert (row["base"], row["base_name"], row["bus_label"]) == (
            base_id,
            depot.name,
            plan.bus_label(int(row["bus"])),
        )
        assert row["stops"].startswith(depot.name + " → ")
    stops = pyogrio.read_dataframe(path, layer="stops")
    by_id = {s.id: s for s in plan.stops}
    for _, row in stops.iterrows():
        bus = by_id[row["stop_id"]].bus
        assert row["base"] == (plan.home(bus)[0] if bus else None)
    depots = pyogrio.read_dataframe(path, layer="depots")
    assert list(depots["name"]) == ["Retiers", "Janzé"]
    assert list(depots["base"]) == ["depot", "depot-2"]
    assert list(depots["address"]) == ["16 rue Louis Pasteur, 35240 Retiers", ""]
    assert list(depots["buses"]) == [1, 1]
    assert list(depots["bus_labels"]) == ["Retiers", "Janzé"]
    assert [(p.x, p.y) for p in depots.geometry] == [_home(plan, 1), _home(plan, 2)]


def test_compare_names_the_bases_and_each_bus_km(plan: Plan, run: PlanRun) -> None:
    rows = dict(figure_rows([run], "fr"))
    assert rows["Bases"] == ["2 : Retiers, Janzé"]
    per_bus = plan.kpis["per_bus"]
    km = rows["Kilomètres par cycle, par bus"][0]
    assert km.startswith("Retiers ") and " ; Janzé " in km
    assert f"{per_bus['2']['distance_km_per_cycle']:.1f}".replace(".", ",") in km
    rows_en = dict(figure_rows([run], "en"))
    assert rows_en["Bases"] == ["2: Retiers, Janzé"]


def test_compare_of_one_base_scenarios_has_no_base_rows(plan: Plan, run: PlanRun) -> None:
    one = dataclasses.replace(run, plan=dataclasses.replace(plan, bases=()))
    labels = [label for label, _ in figure_rows([one], "fr")]
    assert "Bases" not in labels and "Kilomètres par cycle, par bus" not in labels


HOSTILE = '<img src=x onerror=alert(1)>"`${x}'


def test_hostile_base_names_stay_text(plan: Plan, run: PlanRun) -> None:
    """A base's name and address from the scenario are data: escaped in HTML, kept as text
    in CSV and calendars."""
    bases = tuple(
        dataclasses.replace(
            b, depot=Depot(f"={HOSTILE}{i}", b.depot.lon, b.depot.lat, f"@{HOSTILE}")
        )
        for i, b in enumerate(plan.bases)
    )
    hostile = dataclasses.replace(plan, bases=bases)
    page = build_map(hostile, run.territory, "fr")
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    dated, skipped = visit_dates(hostile, START, 4)
    service = run.scenario.service
    html_pages = [
        timetable_html(hostile, service=service, dated=dated, skipped=skipped),
        *(
            poster_html(hostile, s.id, service=service, upcoming=dated)
            for s in hostile.stops
            if s.weekday
        ),
    ]
    for text in html_pages:
        assert "<img" not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
    rows = list(csv.reader(io.StringIO(timetable_csv(hostile, "fr"))))
    assert {r[2] for r in rows[1:]} <= {f"'={HOSTILE}0", f"'={HOSTILE}1"}
    mobile = list(csv.DictReader(io.StringIO(opendata_csv(hostile, dated, "fr"))))
    assert all(r["Mobile"].startswith("'=") for r in mobile)
    data = plan_ics(hostile, dated, service=service, scenario_name=hostile.scenario_name)
    events: list[Any] = Calendar.from_ical(data).walk("VEVENT")
    assert all(HOSTILE in str(e["description"]) for e in events)

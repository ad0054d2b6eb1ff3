"""busplanner import timetable: a messy file line by line, the shipped timetables, the CLI.

No test here runs the solver: the imported plan is the published rotation, checked by
``busplanner.check.check_plan`` and read back as any plan.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.check import check_plan
from busplanner.cli import app
from busplanner.errors import InputError
from busplanner.importer import TimetableImport, import_timetable
from busplanner.pipeline import load_inputs, slots_of
from busplanner.plan import read_plan
from busplanner.problem import build_problem
from busplanner.scenario import load_scenario
from busplanner.territory import load_territory
from busplanner.timeutil import format_hhmm

ROOT = Path(__file__).resolve().parent.parent.parent
TIMETABLES = ROOT / "tests" / "data" / "timetables"
MESSY = TIMETABLES / "messy.csv"
NODATES = TIMETABLES / "nodates.csv"
SHIPPED = ROOT / "data" / "mobile_libraries"
FILES = ("stops.csv", "scenario.toml", "current.json", "import-report.txt")

runner = CliRunner()


def write(result: TimetableImport, out: Path, lang: str = "en") -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in result.files(lang).items():
        (out / name).write_text(text, encoding="utf-8")


def visit_lines(result: TimetableImport) -> set[int]:
    return {line for s in result.stops for line in s.lines}


@pytest.fixture(scope="module")
def messy() -> TimetableImport:
    return import_timetable(MESSY)


# --------------------------------------------------------------------------------------
# The messy file: one row per defect (tests/data/timetables/messy.csv).

CASES = [
    # line 3: the stop is "St John&#39;s" (an HTML escape for the apostrophe)
    pytest.param(3, "Stop", "fixed", "html_entity", id="html-entity"),
    # line 4: Start "11.00", a dot for the colon
    pytest.param(4, "Start", "fixed", "time_separator", id="time-dot"),
    # line 5: End "12:1", a dropped trailing zero (12:10)
    pytest.param(5, "End", "fixed", "time_short", id="time-one-digit"),
    # line 6: Delta Farm at -3.70, about 69 km west of the rest of its round
    pytest.param(6, "Longitude/Latitude", "skipped", "outlier", id="geocoding-outlier"),
    # line 7: 14:35–14:05, an end before its start; swapped it is a 30-minute session
    pytest.param(7, "Start/End", "fixed", "end_before_start_swapped", id="end-before-start"),
    # line 8: 16:00–09:00; swapped it would last 7 hours: not plausible
    pytest.param(8, "Start/End", "skipped", "end_before_start", id="end-before-start-long"),
    # lines 9 and 10: Xi Yard, Monday 15:00, in weeks 1 and 2 of 4: not evenly spaced
    pytest.param(9, "Date/Route", "flagged", "uneven", id="uneven-weeks"),
    # line 11: empty Start and End
    pytest.param(11, "Start/End", "skipped", "empty_time", id="empty-times"),
    # line 12: empty Longitude and Latitude
    pytest.param(12, "Longitude/Latitude", "skipped", "empty_coordinates", id="no-coordinates"),
    # line 13: Start "noon"
    pytest.param(13, "Start", "skipped", "bad_time", id="not-a-time"),
    # line 14: Day "Funday"
    pytest.param(14, "Day", "skipped", "bad_day", id="not-a-weekday"),
    # line 15: "Lizzyâ€™s Larder", UTF-8 read as Windows-1252
    pytest.param(15, "Stop", "fixed", "mojibake", id="mojibake"),
    # line 16: Frequency "fortnightly"
    pytest.param(16, "Frequency", "skipped", "bad_frequency", id="bad-frequency"),
    # line 17: 09:00–09:00, no session at all
    pytest.param(17, "Start/End", "skipped", "zero_session", id="zero-session"),
    # line 18: latitude 151.358
    pytest.param(18, "Longitude/Latitude", "skipped", "coordinates_range", id="latitude-range"),
    # line 19: Date 2018-01-16 is a Tuesday, Day says Monday
    pytest.param(19, "Date/Day", "flagged", "day_date_mismatch", id="day-vs-date"),
    # line 20: Gamma Hall ends at 12:30 in week 3 but 12:10 in week 1 (line 5)
    pytest.param(20, "End", "flagged", "session_mixed", id="session-length-differs"),
    # line 21: no Route (the Date tells the round)
    pytest.param(21, "Route", "flagged", "no_route", id="no-route"),
    # line 22: no Stop name, only the community "Rho"
    pytest.param(22, "Stop", "fixed", "no_stop_name", id="no-stop-name"),
    # line 23: empty Mobile in a one-mobile file
    pytest.param(23, "Mobile", "fixed", "no_mobile", id="no-mobile"),
    # line 24: Tau 14:10–14:40 overlaps Sigma 14:00–14:20 (line 23) on the same round
    pytest.param(24, "Start/End", "flagged", "overlap", id="overlapping-sessions"),
    # line 25: 14 cells for 13 columns
    pytest.param(25, "(row)", "flagged", "extra_cells", id="extra-cells"),
    # line 26: 12 cells for 13 columns (no Timetable cell)
    pytest.param(26, "(row)", "flagged", "short_row", id="short-row"),
    # line 28: "New Bridge" 7 m from "Newbridge" (line 27): one place under two spellings
    pytest.param(28, "Community/Stop", "flagged", "spelling", id="two-spellings"),
    # line 30: Psi Green 178 m from Psi Green on line 29: one place
    pytest.param(30, "Longitude/Latitude", "flagged", "same_name_moved", id="same-name-moved"),
    # line 32: Omega Hall 7 km from Omega Hall on line 31: two places
    pytest.param(32, "Longitude/Latitude", "flagged", "same_name_far", id="same-name-far"),
    # line 33: the same stop, day, time and week as line 2
    pytest.param(33, "Date/Route", "skipped", "duplicate_week", id="duplicate-row"),
    # lines 34 and 35: Foxton and Hilton at exactly the same point (a geocoder's fall-back)
    pytest.param(34, "Longitude/Latitude", "skipped", "shared_point", id="shared-point-1"),
    pytest.param(35, "Longitude/Latitude", "skipped", "shared_point", id="shared-point-2"),
    # lines 36 and 38: Wembury Hawthorne Drive on Monday 14:00 and Tuesday 10:00 (a note)
    pytest.param(36, "Community/Stop", "note", "two_stops", id="two-slots-note"),
    # line 37: another Wembury stop at the very point of line 36
    pytest.param(37, "Longitude/Latitude", "flagged", "shared_position", id="shared-position"),
    # line 39: "NOT A PUBLIC STOP / LIBRARY DEPOT", no Day, no Route
    pytest.param(39, "Community/Stop", "skipped", "not_public_no_day", id="depot-row"),
    # line 40: empty Day, Date 2018-01-23 (a Tuesday)
    pytest.param(40, "Day", "fixed", "day_from_date", id="day-from-date"),
    # line 41: Date "23/01/2018"
    pytest.param(41, "Date", "fixed", "date_format", id="date-format"),
    # line 42: Date "2018-02-31" does not exist; the week comes from route W4Tue
    pytest.param(42, "Date", "flagged", "bad_date", id="bad-date"),
    pytest.param(42, "Date", "fixed", "week_from_route_row", id="bad-date-week"),
    # line 43: Frequency 3 does not divide the 4-week cycle
    pytest.param(43, "Frequency", "flagged", "frequency_not_divisor", id="frequency-3"),
    # line 44: Frequency 2 where route W4Tue says 4
    pytest.param(44, "Frequency", "flagged", "frequency_mixed", id="frequency-mixed"),
    # line 45: 12:10–11:40; swapped it would overlap Omega Hall 12:00–12:30 (line 32)
    pytest.param(45, "Start/End", "skipped", "end_before_start", id="end-before-start-overlap"),
    # line 46: no Day and no Date (a Route only)
    pytest.param(46, "Day", "skipped", "empty_day", id="no-day"),
    # line 47: no Community and no Stop
    pytest.param(47, "Community/Stop", "skipped", "no_place_name", id="no-name"),
    # line 48: no Day and no Route
    pytest.param(48, "Day/Route", "skipped", "no_day", id="no-day-no-route"),
    # line 49: no Date, and its route W9Fri has no dated row
    pytest.param(49, "Date", "skipped", "no_week", id="no-week"),
    # line 50: no Date; its route W4Tue runs in week 4
    pytest.param(50, "Date", "fixed", "week_from_route_row", id="week-from-route"),
    # line 51: dated in week 3 while route W4Tue runs in week 4
    pytest.param(51, "Date", "flagged", "route_weeks_mixed", id="route-weeks-mixed"),
    # line 52: weekly Quantock Lodge, already there in weeks 2 and 4 (line 44)
    pytest.param(52, "Date/Route", "flagged", "duplicate_week_partly", id="partly-duplicate"),
    # line 53: position (0, 0)
    pytest.param(53, "Longitude/Latitude", "skipped", "coordinates_zero", id="null-island"),
    # line 54: Longitude "-2.7x"
    pytest.param(54, "Longitude", "skipped", "bad_coordinates", id="bad-longitude"),
]


@pytest.mark.parametrize(("line", "field", "action", "kind"), CASES)
def test_each_defect_is_reported_with_its_line_field_and_action(
    messy: TimetableImport, line: int, field: str, action: str, kind: str
) -> None:
    found = [i for i in messy.issues if i.line == line and i.kind == kind]
    assert len(found) == 1, [i.text("messy.csv", "en") for i in messy.issues if i.line == line]
    issue = found[0]
    assert (issue.field, issue.action) == (field, action)
    assert issue.text("messy.csv", "en").startswith(f"messy.csv line {line}, {field}: {action}: ")
    french = {"fixed": "corrigé", "skipped": "ligne écartée", "flagged": "signalé", "note": "note"}
    assert issue.text("messy.csv", "fr").startswith(
        f"messy.csv ligne {line}, {field} : {french[action]} : "
    )
    assert issue.message("en") != issue.message("fr")


def test_the_report_holds_exactly_the_listed_defects(messy: TimetableImport) -> None:
    expected = Counter((c.values[0], c.values[3]) for c in CASES)
    assert Counter((i.line, i.kind) for i in messy.issues) == expected
    assert messy.report_text("en").count("\nmessy.csv line ") == len(CASES)


def test_every_row_is_a_visit_or_a_reported_skipped_row(messy: TimetableImport) -> None:
    rows = set(messy.row_lines)
    assert rows == set(range(2, 55))
    skipped = set(messy.skipped_lines)
    assert visit_lines(messy) | skipped == rows
    assert not visit_lines(messy) & skipped
    assert len(skipped) == 20
    plan_visits = sum(len(r.visits) for r in messy.plan.routes)
    assert plan_visits == messy.visits == 35


def test_messy_values_are_repaired_as_reported(messy: TimetableImport) -> None:
    stops = {s.id: s for s in messy.stops}
    # 12:1 -> 12:10 (week 1), 11.00 -> 11:00, 14:35–14:05 -> 14:05–14:35.
    assert stops["gamma-hall"].ends == (12 * 60 + 10, 12 * 60 + 30)
    assert stops["gamma-hall"].session_min == 30
    assert stops["beta-church"].start_min == 11 * 60 and stops["beta-church"].weeks == (1, 3)
    assert (stops["epsilon-shop"].start_min, stops["epsilon-shop"].session_min) == (845, 30)
    assert stops["alpha-st-johns"].name == "Alpha — St John's"
    assert stops["lambda-lizzys-larder"].stop == "Lizzy’s Larder"
    assert stops["rho"].name == "Rho"
    # Uneven weeks 1 and 2 of 4: two stops of one visit each.
    assert (stops["xi-yard-w1"].weeks, stops["xi-yard-w2"].weeks) == ((1,), (2,))
    # Two spellings and a moved point: one place each, every other week.
    assert stops["newbridge-car-park"].weeks == (2, 4)
    assert stops["psi-green"].weeks == (2, 4)
    assert stops["psi-green"].lon == -2.695
    # The same names 7 km apart: two places, ids kept apart.
    omega = sorted(s for s in stops if s.startswith("omega-hall"))
    assert len(omega) == 2 and all(len(s) == len("omega-hall-") + 4 for s in omega)
    # Frequency 2 then weekly: one weekly stop.
    assert stops["quantock-lodge"].weeks == (1, 2, 3, 4)
    # Frequency 3 counts once.
    assert stops["porlock-quay"].weeks == (4,)
    assert {"wembury-hawthorne-drive-mon-1400", "wembury-hawthorne-drive-tue-1000"} <= set(stops)
    assert messy.cycle_weeks == 4 and messy.days == ("monday", "tuesday")


def test_a_file_without_dates_takes_weeks_from_routes_and_swapped_columns_are_fixed() -> None:
    result = import_timetable(NODATES)
    kinds = [(i.line, i.field, i.action, i.kind) for i in result.issues]
    assert kinds == [
        (1, "Stop/Community", "fixed", "swapped_columns"),
        (1, "Date/Route", "note", "week_from_route"),
        (6, "Route", "skipped", "too_many_routes"),
    ]
    assert "Monday: Day 1 = 1, Day 6 = 2, Day 11 = 3; Tuesday: Day 2 = 1, Day 10 = 2" in (
        result.issues[1].message("en")
    )
    stops = {s.id: s for s in result.stops}
    # Community first once the columns are swapped back: "Green, Alpha" is stop, community.
    assert stops["alpha-green"].community == "Alpha" and stops["alpha-green"].weeks == (1, 2)
    assert stops["zeta-pub"].weeks == (1,) and stops["epsilon-shop"].weeks == (2,)


def test_the_written_files_load(messy: TimetableImport, tmp_path: Path) -> None:
    write(messy, tmp_path)
    scenario, territory = load_inputs(tmp_path / "scenario.toml")
    assert len(territory.communes) == len(messy.stops)
    assert {c.insee_code: c.visits_per_cycle for c in territory.communes} == {
        s.id: s.visits_per_cycle for s in messy.stops
    }
    plan = read_plan(tmp_path / "current.json")
    assert plan.to_dict() == messy.plan.to_dict()
    assert plan.solver.status == "published" and "messy.csv" in plan.solver.method
    build_problem(scenario, territory)  # the starter scenario can be planned (not solved here)
    assert set(slots_of(plan)) == {s.id for s in messy.stops}  # usable with plan --keep
    # The published oddities show when checked: the 50-minute visit, the overlap.
    rules = Counter(v.rule for v in check_plan(plan, scenario, territory))
    assert rules["session length"] == 1
    assert rules["set-up time"] >= 1


def test_the_import_is_deterministic() -> None:
    a, b = import_timetable(MESSY), import_timetable(MESSY)
    assert a.files("fr") == b.files("fr")


# --------------------------------------------------------------------------------------
# The shipped timetables (data/mobile_libraries): what each gives, as measured.

SHIPPED_CASES = [
    # file, mobile, rows, skipped rows, stops, visits per cycle, cycle, working days
    pytest.param("banes.csv", None, 75, 3, 72, 72, 2, 5, id="banes"),
    pytest.param("northsomerset.csv", None, 39, 0, 34, 39, 2, 5, id="northsomerset"),
    pytest.param("devon.csv", "Ivybridge", 96, 30, 66, 66, 4, 6, id="devon-ivybridge"),
    pytest.param("devon.csv", "Teignbridge", 124, 31, 93, 93, 4, 6, id="devon-teignbridge"),
    pytest.param("devon.csv", "Tiverton", 103, 39, 64, 64, 4, 6, id="devon-tiverton"),
    pytest.param("devon.csv", "Torrington", 116, 45, 71, 71, 4, 6, id="devon-torrington"),
]

# Rules a published timetable may break under the scenario's model (times too tight for the
# modelled drive, too short a lunch break); the import itself never breaks the others.
TIMING_RULES = {"set-up time", "lunch break", "half-day", "sequence"}


@pytest.mark.parametrize(
    ("name", "mobile", "rows", "skipped", "stops", "visits", "cycle", "days"), SHIPPED_CASES
)
def test_each_shipped_timetable_imports(
    tmp_path: Path,
    name: str,
    mobile: str | None,
    rows: int,
    skipped: int,
    stops: int,
    visits: int,
    cycle: int,
    days: int,
) -> None:
    result = import_timetable(SHIPPED / name, mobile=mobile, out=tmp_path)
    write(result, tmp_path)
    scenario = load_scenario(tmp_path / "scenario.toml")
    territory = load_territory(tmp_path / "stops.csv")
    plan = read_plan(tmp_path / "current.json")
    assert (result.rows, len(result.skipped_lines), len(result.stops), result.visits) == (
        rows,
        skipped,
        stops,
        visits,
    )
    assert (scenario.cycle_weeks, len(scenario.days)) == (cycle, days)
    # Every published row of this mobile is a visit of current.json or a skipped row.
    assert visit_lines(result) | set(result.skipped_lines) == set(result.row_lines)
    assert not visit_lines(result) & set(result.skipped_lines)
    assert sum(len(r.visits) for r in plan.routes) == visits == plan.kpis["visits_per_cycle"]
    assert len(territory.communes) == stops == len(plan.stops)
    build_problem(scenario, territory)
    violations = check_plan(plan, scenario, territory)
    assert {v.rule for v in violations} <= TIMING_RULES, [str(v) for v in violations]
    # Each visit keeps its published times.
    by_id = {s.id: s for s in result.stops}
    for route in plan.routes:
        for v in route.visits:
            s = by_id[v.stop_id]
            assert v.start_min == s.start_min
            assert v.end_min == s.ends[s.weeks.index(route.week)]


def test_north_somerset_fits_the_model_and_keeps_its_weekly_stops(tmp_path: Path) -> None:
    result = import_timetable(SHIPPED / "northsomerset.csv", out=tmp_path)
    write(result, tmp_path)
    scenario, territory = load_inputs(tmp_path / "scenario.toml")
    plan = read_plan(tmp_path / "current.json")
    assert check_plan(plan, scenario, territory) == []
    weekly = sorted(s.id for s in result.stops if s.visits_per_cycle == 2)
    assert weekly == [
        "backwell-leisure-centre-car-park",
        "backwell-rodney-road-car-park",
        "banwell-car-park",
        "wrington-broad-street-mon-1000",
        "wrington-broad-street-wed-1400",
    ]
    assert [(i.line, i.kind) for i in result.issues] == [(1, "swapped_columns"), (2, "two_stops")]
    assert (scenario.open_start_min, scenario.open_end_min) == (9 * 60 + 45, 17 * 60 + 55)
    assert (scenario.lunch_earliest_min, scenario.lunch_latest_end_min) == (720, 870)
    assert scenario.lunch_min == 60 and scenario.time_step_min == 5
    assert scenario.depot.name.startswith("Wrington — Broad Street")
    assert plan.kpis["distance_km_per_cycle"] == pytest.approx(333.6, abs=0.01)


def test_banes_defects(tmp_path: Path) -> None:
    result = import_timetable(SHIPPED / "banes.csv")
    kinds = Counter(f"{i.action}:{i.kind}" for i in result.issues)
    assert kinds == {
        "fixed:swapped_columns": 1,
        "note:week_from_route": 1,
        "note:two_stops": 1,
        "flagged:overlap": 2,
        "fixed:html_entity": 6,
        "fixed:no_stop_name": 2,
        "skipped:empty_time": 2,
        "skipped:not_public_no_day": 1,
    }
    depot = next(i for i in result.issues if i.kind == "not_public_no_day")
    assert depot.line == 50
    assert "--depot 51.383925,-2.384470" in depot.message("en")
    assert "--depot 51.383925,-2.384470" in depot.message("fr")
    # The Firs, Combe Down: Monday 11:00 and 14:00, two stops.
    assert {"combe-down-the-firs-mon-1100", "combe-down-the-firs-mon-1400"} <= {
        s.id for s in result.stops
    }
    assert result.time_step_min == 1  # 13:58 is published


def test_devon_defects_include_the_known_ones() -> None:
    tiverton = import_timetable(SHIPPED / "devon.csv", mobile="tiverton")  # any case
    assert tiverton.mobile == "Tiverton"
    fix = next(i for i in tiverton.issues if i.line == 297)
    assert (fix.field, fix.action, fix.kind) == ("End", "fixed", "time_separator")
    torrington = import_timetable(SHIPPED / "devon.csv", mobile="Torrington")
    by_line = {(i.line, i.kind): i for i in torrington.issues}
    assert by_line[(410, "time_short")].message("en").startswith("'11:1' read as 11:10")
    assert by_line[(362, "empty_coordinates")].action == "skipped"
    assert by_line[(397, "empty_coordinates")].action == "skipped"
    ivybridge = import_timetable(SHIPPED / "devon.csv", mobile="Ivybridge")
    outliers = [i for i in ivybridge.issues if i.kind == "outlier"]
    km = [dict(i.params)["km"] for i in outliers]
    assert max(km) > 97 and min(km) > 30
    # East Prawle, 97.7 km from the rest of Ivybridge's round of week 4, Wednesday.
    east_prawle = next(i for i in outliers if i.line == 81)
    assert "97.7 km" in east_prawle.message("en") and "97,7 km" in east_prawle.message("fr")
    shared = [i for i in ivybridge.issues if i.kind == "shared_point"]
    assert any("Village Hall" in i.message("en") for i in shared)


def test_devon_needs_a_mobile() -> None:
    with pytest.raises(InputError) as exc:
        import_timetable(SHIPPED / "devon.csv")
    (problem,) = exc.value.problems
    assert problem.field == "Mobile"
    for name in ("Ivybridge", "Teignbridge", "Tiverton", "Torrington"):
        assert name in problem.message


# --------------------------------------------------------------------------------------
# The command line.


def test_cli_writes_the_four_files_and_the_scenario_checks(tmp_path: Path) -> None:
    out = tmp_path / "ns"
    res = runner.invoke(
        app,
        ["import", "timetable", str(SHIPPED / "northsomerset.csv"), "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert "ligne 1, Stop/Community : corrigé" in res.output
    assert "34 arrêts, 39 visites" in res.output
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "northsomerset.csv ligne 2, Community/Stop : note" in report
    checked = runner.invoke(app, ["check", str(out / "scenario.toml")])
    assert checked.exit_code == 0, checked.output
    shown = runner.invoke(app, ["schedule", str(out / "current.json"), "--lang", "en"])
    assert shown.exit_code == 0 and "published timetable" in shown.output
    rows = list(csv.DictReader(io.StringIO((out / "stops.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "id",
        "name",
        "lon",
        "lat",
        "demand_weight",
        "session_min",
        "address",
        "visits_per_cycle",
    ]
    text = (out / "scenario.toml").read_text(encoding="utf-8")
    # A French run: its comments in French (issue 20 item 4).
    for needle in ("D'APRÈS L'HORAIRE", "HYPOTHÈSE", "médoïde", 'opening_hours = "free"'):
        assert needle in text


def test_cli_in_english_with_a_depot(tmp_path: Path) -> None:
    out = tmp_path / "banes"
    res = runner.invoke(
        app,
        [
            "import",
            "timetable",
            str(SHIPPED / "banes.csv"),
            "--out",
            str(out),
            "--depot",
            "51.383925,-2.384470",
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "banes.csv line 50, Stop/Community: skipped:" in res.output
    scenario = load_scenario(out / "scenario.toml")
    assert (scenario.depot.lat, scenario.depot.lon) == (51.383925, -2.38447)
    data = json.loads((out / "current.json").read_text(encoding="utf-8"))
    assert data["depot"]["lat"] == 51.383925 and data["solver"]["status"] == "published"


def test_cli_strict_lists_every_defect_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["import", "timetable", str(MESSY), "--out", str(out), "--strict", "--lang", "en"]
    )
    assert res.exit_code == 2
    assert not out.exists()
    lines = res.output.strip().splitlines()
    defects = [c for c in CASES if c.values[2] != "note"]
    assert sum(line.startswith("Error: messy.csv line ") for line in lines) == len(defects)
    assert lines[-1] == f"--strict: {len(defects)} defects in the timetable; no file was written."


def test_cli_strict_passes_a_clean_file(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    rows = (SHIPPED / "northsomerset.csv").read_text(encoding="utf-8").splitlines()
    # Put the columns back in the order their cells are in: no defect is left.
    rows[0] = rows[0].replace("Route,Stop,Community", "Route,Community,Stop")
    clean.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = runner.invoke(
        app, ["import", "timetable", str(clean), "-o", str(tmp_path / "o"), "--strict"]
    )
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("args", "field", "expected"),
    [
        # several mobiles and no --mobile
        ([str(SHIPPED / "devon.csv")], "Mobile", "Ivybridge, Teignbridge, Tiverton, Torrington"),
        # an unknown mobile
        ([str(SHIPPED / "devon.csv"), "--mobile", "Exeter"], "--mobile", "expected one of"),
        # a latitude out of range
        ([str(MESSY), "--depot", "151.3,-2.7"], "--depot", "expected a latitude"),
        # LON,LAT instead of LAT,LON
        ([str(MESSY), "--depot", "-2.7,51.35"], "--depot", "are LAT and LON swapped?"),
        # not two numbers
        ([str(MESSY), "--depot", "Bath"], "--depot", "expected LAT,LON"),
        # a depot in another country
        ([str(MESSY), "--depot", "48.85,2.35"], "--depot", "expected within 150 km"),
        # a file that does not exist
        (["missing.csv"], "(file)", "no such file"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], field: str, expected: str
) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["import", "timetable", *args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 2, res.output
    (line,) = res.output.strip().splitlines()
    assert line.startswith("Error: ") and f": {field}: " in line and expected in line
    assert "Traceback" not in res.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "field", "expected"),
    [
        # not a CSV at all (JSON)
        ('{"type": "FeatureCollection"}\n', "ligne 1 (en-tête)", "colonnes manquantes"),
        # a CSV with other columns
        ("id,name,lon,lat\na,b,1,2\n", "ligne 1 (en-tête)", "colonnes manquantes : Mobile, Route"),
        # an empty file
        ("", "(file)", "le fichier est vide"),
        # a header and nothing else
        (
            "Mobile,Route,Community,Stop,Longitude,Latitude,Day,Frequency,Start,End\n",
            "(rows)",
            "aucune ligne après l'en-tête",
        ),
    ],
)
def test_cli_not_a_timetable(tmp_path: Path, content: str, field: str, expected: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["import", "timetable", str(bad), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    (line,) = res.output.strip().splitlines()
    marker = {"(file)": "(fichier)", "(rows)": "(lignes)"}.get(field, field)
    assert line.startswith(f"Erreur : {bad} : {marker} : ") and expected in line


def test_cli_binary_file_and_no_usable_row(tmp_path: Path) -> None:
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    res = runner.invoke(app, ["import", "timetable", str(binary), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "l'octet 0x89 n'est pas de l'UTF-8 ; attendu un " in res.output
    useless = tmp_path / "useless.csv"
    useless.write_text(
        "Mobile,Route,Community,Stop,Longitude,Latitude,Day,Frequency,Start,End\n"
        "M,A,Alpha,Green,-2.7,51.3,Monday,2,,\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["import", "timetable", str(useless), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert (
        res.output.strip()
        .splitlines()[-1]
        .startswith(f"Erreur : {useless} : (lignes) : aucune visite")
    )


def test_report_lines_are_in_file_order_and_times_are_hhmm(messy: TimetableImport) -> None:
    lines = [i.line for i in messy.issues]
    assert lines == sorted(lines)
    assert format_hhmm(messy.open_start_min) == "09:30"


def test_a_row_without_mobile_in_a_file_of_several_is_skipped(tmp_path: Path) -> None:
    two = tmp_path / "two.csv"
    header = "Mobile,Route,Community,Stop,Longitude,Latitude,Day,Frequency,Start,End\n"
    two.write_text(
        header
        + "A,R1,Alpha,Green,-2.70,51.35,Monday,1,10:00,10:30\n"
        + "B,R2,Beta,Church,-2.71,51.35,Tuesday,1,10:00,10:30\n"
        # no Mobile: it cannot be told whose row this is
        + ",R1,Gamma,Hall,-2.72,51.35,Monday,1,11:00,11:30\n"
        # named "not a public stop" but with a day and a route
        + "A,R1,Depot,NOT A PUBLIC STOP,-2.73,51.35,Monday,1,12:00,12:30\n",
        encoding="utf-8",
    )
    result = import_timetable(two, mobile="a")
    assert [(i.line, i.field, i.action, i.kind) for i in result.issues] == [
        (1, "Mobile", "note", "other_mobiles"),
        (1, "Date/Route", "note", "week_from_route"),
        (4, "Mobile", "skipped", "no_mobile_many"),
        (5, "Community/Stop", "skipped", "not_public"),
    ]
    assert "--depot 51.350000,-2.730000" in result.issues[3].message("en")
    assert [s.id for s in result.stops] == ["alpha-green"] and result.visits == 1

"""Spreadsheets: ``timetable.xlsx`` and the ``excel-fr`` CSV dialect (issue 12, item 2).

The ``excel-fr`` files are read back as French Excel reads them (byte-order mark, ``;``,
cp1252-safe text, decimal comma), and converted by headless LibreOffice Calc where it is
installed; the workbook is re-read with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.errors import ScenarioError
from busplanner.i18n import t
from busplanner.importer import import_timetable
from busplanner.plan import Depot, Plan, Route, SolverInfo, Stop, TravelInfo, Visit, read_plan
from busplanner.reports import timetable_csv
from busplanner.reports.dates import visit_dates
from busplanner.reports.dialects import BOM, csv_dialect
from busplanner.reports.exports import OPENDATA_COLUMNS, opendata_csv
from busplanner.reports.timetable import CSV_COLUMNS, CSV_HEADER_KEYS
from busplanner.reports.workbook import SHEET_NAME_MAX, sheet_name, timetable_xlsx
from busplanner.scenario import Closure, load_scenario

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "scenarios" / "small.toml"
SMALL_PLAN = DATA / "plans" / "small.json"
START = dt.date(2027, 5, 3)  # a Monday; Thursday 6 May 2027 is Ascension Day
LONG = "Commune/avec:des*caractères?interdits [très] longs"


def _stop(stop_id: str, name: str, lon: float, lat: float, **kw: object) -> Stop:
    base: dict[str, object] = {
        "id": stop_id,
        "name": name,
        "lon": lon,
        "lat": lat,
        "address": "",
        "population": 500,
        "demand_weight": 1.0,
        "visits_per_cycle": 1,
        "visits_planned": 1,
        "windows": {},
        "weekday": "tuesday",
        "every_weeks": 2,
        "first_week": 1,
        "bus": 1,
    }
    base.update(kw)
    return Stop(**base)  # type: ignore[arg-type]


@pytest.fixture
def plan() -> Plan:
    stops = (
        _stop("35114", "Forges-la-Forêt", -1.31, 47.87, address="Place de l'Église"),
        _stop("35900", "=1+1", -1.2, 47.9, address='=HYPERLINK("http://evil")'),
        _stop("35001", "Saint-Aubin", -1.5, 47.8, weekday="thursday"),
        _stop("35002", "Saint-Aubin", -1.6, 47.7, weekday="thursday"),
        _stop("35003", LONG, -1.7, 47.6, first_week=2),
        _stop("35109", "Essé", -1.41, 47.94, first_week=2),
        _stop("35004", "Ercé", -1.25, 47.83, weekday=None, every_weeks=None, visits_planned=0),
        _stop("35005", "Éancé", -1.26, 47.82, weekday="thursday", first_week=2),
    )

    def route(week: int, day: str, morning: str, afternoon: str | None = None) -> Route:
        visits = [Visit(morning, 530, 540, 720, "morning", 15, 9.5)]
        if afternoon is not None:
            visits.append(Visit(afternoon, 800, 810, 990, "afternoon", 12, 8.0))
        return Route(1, week, day, 510, 1010, tuple(visits), (), 20, 12.0)

    return Plan(
        scenario_name="Roche aux Fées",
        scenario_path="scenario.toml",
        cycle_weeks=2,
        days=("tuesday", "thursday"),
        depot=Depot("Retiers", -1.38, 47.91, "Mairie de Retiers"),
        stops=stops,
        routes=(
            route(1, "tuesday", "35114", "35900"),
            route(1, "thursday", "35001", "35002"),
            route(2, "tuesday", "35003", "35109"),
            route(2, "thursday", "35005"),
        ),
        unserved=(),
        travel=TravelInfo("haversine", 50.0, 1.3),
        kpis={},
        solver=SolverInfo("optimal", 59.0, 59.0, 0.2, 0),
        session_min=180,
    )


def _excel_fr_rows(data: bytes) -> list[list[str]]:
    """Read CSV bytes as French Excel does: the byte-order mark says UTF-8, ';' splits."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert all(len(r) == len(rows[0]) for r in rows)
    return rows


def _french_number(cell: str) -> float:
    """A number as French Excel parses it: a decimal comma, never a point."""
    assert "." not in cell
    return float(cell.replace(",", "."))


# --- CSV dialects -----------------------------------------------------------------------


def test_excel_fr_timetable_csv_reads_as_french_excel_reads_it(plan: Plan) -> None:
    data = timetable_csv(plan, "fr", "excel-fr").encode("utf-8")
    rows = _excel_fr_rows(data)
    assert rows[0] == [t(CSV_HEADER_KEYS[c], "fr") for c in CSV_COLUMNS]
    assert "Demi-journée" in rows[0] and "Code INSEE" in rows[0]
    for row in rows:
        for cell in row:
            cell.encode("cp1252")  # what French Excel shows without loss
            assert "Ã" not in cell
    col = {name: rows[0].index(t(CSV_HEADER_KEYS[name], "fr")) for name in CSV_COLUMNS}
    by_id = {r[col["stop_id"]]: r for r in rows[1:]}
    assert by_id["35114"][col["commune"]] == "Forges-la-Forêt"
    assert by_id["35114"][col["address"]] == "Place de l'Église"
    assert by_id["35114"][col["half_day"]] == "matin"
    # Coordinates with a decimal comma, negative ones not taken for formulas.
    stops = {s.id: s for s in plan.stops}
    for sid, row in by_id.items():
        assert _french_number(row[col["lon"]]) == stops[sid].lon
        assert _french_number(row[col["lat"]]) == stops[sid].lat
    assert by_id["35114"][col["lon"]] == "-1,31"
    # Formula protection kept.
    assert by_id["35900"][col["commune"]] == "'=1+1"
    assert by_id["35900"][col["address"]] == '\'=HYPERLINK("http://evil")'
    assert data.count(b"\r\n") == len(rows)


def test_excel_fr_headers_follow_the_language(plan: Plan) -> None:
    rows = _excel_fr_rows(timetable_csv(plan, "en", "excel-fr").encode("utf-8"))
    assert rows[0][:3] == ["Week of the cycle", "Day", "Bus"]
    assert rows[1][1] == "Tuesday"


def test_standard_dialect_is_unchanged(plan: Plan) -> None:
    text = timetable_csv(plan, "fr")
    assert text == timetable_csv(plan, "fr", "standard")
    assert not text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][CSV_COLUMNS.index("lon")] == "-1.31"
    with pytest.raises(ValueError, match="excel-fr"):
        timetable_csv(plan, "fr", "excel")
    with pytest.raises(ValueError, match="standard"):
        csv_dialect("semicolon")


def test_excel_fr_opendata_keeps_its_english_columns(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    assert len(skipped) == 2  # Ascension
    rows = _excel_fr_rows(opendata_csv(plan, dated, "fr", "excel-fr").encode("utf-8"))
    assert rows[0] == list(OPENDATA_COLUMNS)
    assert len(rows) == len(dated) + 1
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    first = records[0]
    assert (first["Community"], first["Date"], first["Day"]) == (
        "Forges-la-Forêt",
        "2027-05-04",
        "mardi",
    )
    assert first["Route"] == "Semaine 1 · mardi"
    assert (_french_number(first["Longitude"]), first["Latitude"]) == (-1.31, "47,87")
    for r in records:
        for cell in r.values():
            cell.encode("cp1252")
    hostile = [r for r in records if r["Stop"] == "35900"]
    assert hostile and all(r["Community"] == "'=1+1" for r in hostile)


def test_import_reads_an_excel_fr_opendata_as_a_standard_one(plan: Plan, tmp_path: Path) -> None:
    dated, _ = visit_dates(plan, START, 4)
    standard, french = tmp_path / "standard.csv", tmp_path / "french.csv"
    standard.write_text(opendata_csv(plan, dated, "fr"), encoding="utf-8", newline="")
    french.write_text(opendata_csv(plan, dated, "fr", "excel-fr"), encoding="utf-8", newline="")
    a, b = import_timetable(standard), import_timetable(french)
    assert b.stops == a.stops and len(b.stops) >= 5
    assert {round(s.lon, 2) for s in b.stops} >= {-1.31, -1.41}


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_calc_reads_the_excel_fr_csv(plan: Plan, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    source = tmp_path / "timetable.csv"
    source.write_bytes(timetable_csv(plan, "fr", "excel-fr").encode("utf-8"))
    # LibreOffice's CSV filter options, token by token: ';' (59), '"' (34), UTF-8 (76),
    # from line 1, default column formats, French (1036) numbers, quoted fields as text,
    # detect special numbers (dates, times), three export-only tokens, all sheets, and
    # formulas not evaluated (token 13).
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1036,true,true,false,false,false,-1,false",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ws = load_workbook(tmp_path / "timetable.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = [str(v) for v in rows[0]]
    assert header == [t(CSV_HEADER_KEYS[c], "fr") for c in CSV_COLUMNS]
    commune, lon = header.index("Commune"), header.index("Longitude")
    names = {r[commune] for r in rows[1:]}
    assert "Forges-la-Forêt" in names and "Essé" in names
    forges = next(r for r in rows[1:] if r[commune] == "Forges-la-Forêt")
    assert forges[lon] == pytest.approx(-1.31)  # a number, read with the decimal comma
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)


# --- timetable.xlsx ---------------------------------------------------------------------


def _workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _table(ws: Any) -> list[dict[str, Any]]:
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_workbook_sheets_dates_and_layout(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    wb = _workbook(timetable_xlsx(plan, dated, skipped, lang="fr"))
    names = wb.sheetnames
    assert names[:3] == ["Vue d'ensemble", "Semaine 1", "Semaine 2"]
    assert len(names) == 3 + 7  # the seven served communes; Ercé is not served
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= SHEET_NAME_MAX
        assert not set(name) & set("[]:*?/\\") and not name.startswith("'")
    assert "Saint-Aubin" in names and "Saint-Aubin (35002)" in names
    assert names.index("Éancé") < names.index("Essé") < names.index("Forges-la-Forêt")
    long_name = next(n for n in names if n.startswith("Commune avec"))
    assert len(long_name) == SHEET_NAME_MAX
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        assert all(ws.column_dimensions[chr(64 + j)].width >= 8 for j in range(1, len(header) + 1))
        assert all(isinstance(h, str) for h in header)

    week1 = _table(wb["Semaine 1"])
    assert list(week1[0]) == [
        t(k, "fr")
        for k in (
            "sheet.col.date",
            "sheet.col.day",
            "sheet.col.half_day",
            "sheet.col.commune",
            "sheet.col.stop_id",
            "sheet.col.arrival",
            "sheet.col.start",
            "sheet.col.end",
            "sheet.col.address",
            "sheet.col.note",
        )
    ]
    assert all(isinstance(r["Date"], dt.datetime) for r in week1)
    assert [r["Date"].date() for r in week1] == sorted(r["Date"].date() for r in week1)
    assert {r["Date"].date() for r in week1} == {
        dt.date(2027, 5, 4),
        dt.date(2027, 5, 6),
        dt.date(2027, 5, 18),
        dt.date(2027, 5, 20),
    }
    assert week1[0]["Début"] == dt.time(9, 0) and week1[0]["Fin"] == dt.time(12, 0)
    ascension = [r for r in week1 if r["Date"].date() == dt.date(2027, 5, 6)]
    assert len(ascension) == 2 and all("férié" in r["Remarque"] for r in ascension)
    assert all(r["Remarque"] is None for r in week1 if r not in ascension)
    assert wb["Semaine 1"]["A2"].number_format == "DD/MM/YYYY"

    # Text stays text: never a formula, no apostrophe added.
    hostile = next(r for r in week1 if r["Code INSEE"] == "35900")
    assert hostile["Commune"] == "=1+1"
    assert hostile["Adresse"] == '=HYPERLINK("http://evil")'
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert wb["=1+1"]["A1"].value == "Date"

    overview = _table(wb["Vue d'ensemble"])
    by_code = {r["Code INSEE"]: r for r in overview}
    assert by_code["35114"]["Passages sur la période"] == 2
    assert by_code["35001"]["Passages sur la période"] == 1  # one lost to Ascension
    assert by_code["35001"]["Premier passage"] == dt.datetime(2027, 5, 20)
    assert by_code["35004"]["Fréquence"] == "non desservie"
    assert by_code["35004"]["Passages sur la période"] == 0
    assert wb["Vue d'ensemble"]["A2"].hyperlink is not None


def test_workbook_in_english(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    wb = _workbook(timetable_xlsx(plan, dated, skipped, lang="en"))
    assert wb.sheetnames[:3] == ["Overview", "Week 1", "Week 2"]
    assert [c.value for c in wb["Week 2"][1]][:3] == ["Date", "Day", "Half-day"]
    assert wb["Week 2"]["A2"].number_format == "YYYY-MM-DD"


def test_a_week_without_dates_says_so(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 1)  # week 2 of the cycle falls outside
    wb = _workbook(timetable_xlsx(plan, dated, skipped, lang="fr"))
    assert wb["Semaine 2"]["A2"].value == t("sheet.no_visit_week", "fr")
    assert wb["Essé"]["A2"].value == t("print_no_dates", "fr")


def test_closed_days_are_marked(plan: Plan) -> None:
    closed = Closure(dt.date(2027, 5, 17), dt.date(2027, 5, 21), "formation")
    dated, skipped = visit_dates(plan, START, 4, closures=(closed,))
    wb = _workbook(timetable_xlsx(plan, dated, skipped, lang="fr"))
    forges = _table(wb["Forges-la-Forêt"])
    assert [(r["Date"].date(), r["Remarque"]) for r in forges] == [
        (dt.date(2027, 5, 4), None),
        (dt.date(2027, 5, 18), "pas de passage : formation (service fermé)"),
    ]
    overview = {r["Code INSEE"]: r for r in _table(wb["Vue d'ensemble"])}
    assert overview["35114"]["Passages sur la période"] == 1
    assert overview["35114"]["Dernier passage"] == dt.datetime(2027, 5, 4)


def test_workbook_bytes_are_reproducible(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    stamp = dt.datetime(2027, 4, 1, 8, 30, tzinfo=dt.UTC)
    one = timetable_xlsx(plan, dated, skipped, lang="fr", stamp=stamp)
    assert one == timetable_xlsx(plan, dated, skipped, lang="fr", stamp=stamp)
    wb = _workbook(one)
    assert wb.properties.created == dt.datetime(2027, 4, 1, 8, 30)
    assert wb.properties.modified == dt.datetime(2027, 4, 1, 8, 30)
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2027, 4, 1, 8, 30, 0)}


def test_sheet_names() -> None:
    taken: set[str] = set()
    assert sheet_name("Semaine 1", taken) == "Semaine 1"
    assert sheet_name("SEMAINE 1", taken) == "SEMAINE 1 (2)"
    assert sheet_name("'Quoted'", taken) == "Quoted"
    assert sheet_name("a/b\\c?d*e:f[g]", taken) == "a b c d e f g"
    assert sheet_name("", taken, alternative="35001") == "35001"
    assert sheet_name("History", taken) == "History 1"
    name = sheet_name("x" * 40, taken)
    assert name == "x" * 31
    assert sheet_name("x" * 40, taken, alternative="35002") == "x" * 23 + " (35002)"


# --- the commands -----------------------------------------------------------------------


def _report(out: Path, *extra: str) -> Any:
    args = ["report", str(SMALL_PLAN), "--out", str(out), "--start", "2027-05-03"]
    return runner.invoke(app, [*args, "--weeks", "6", "--offline", *extra])


def test_report_writes_the_workbook_a_commune_sheet_matches_the_plan(tmp_path: Path) -> None:
    done = _report(tmp_path, "-s", str(SMALL))
    assert done.exit_code == 0, done.output
    assert "timetable.xlsx" in done.output
    p = read_plan(tmp_path / "plan.json")
    wb = load_workbook(tmp_path / "timetable.xlsx")
    dated, skipped = visit_dates(p, START, 6)
    for stop in (s for s in p.stops if s.weekday):
        rows = _table(wb[stop.name])
        held = [(r["Date"].date(), r["Début"], r["Fin"]) for r in rows if not r["Remarque"]]
        expected = [
            (d.date, dt.time(*divmod(d.visit.start_min, 60)), dt.time(*divmod(d.visit.end_min, 60)))
            for d in dated
            if d.visit.stop_id == stop.id
        ]
        assert held == expected and held
        marked = [r["Date"].date() for r in rows if r["Remarque"]]
        assert marked == [s.date for s in skipped if s.visit.stop_id == stop.id]
    # The default dialect: today's CSV.
    assert (tmp_path / "timetable.csv").read_bytes().startswith(b"week,day,")


def test_the_scenario_chooses_the_dialect_and_the_flag_wins(tmp_path: Path) -> None:
    scenario = tmp_path / "excel.toml"
    scenario.write_text(
        f'extends = "{SMALL.as_posix()}"\n[outputs]\ncsv_dialect = "excel-fr"\n',
        encoding="utf-8",
    )
    assert load_scenario(scenario).csv_dialect == "excel-fr"
    assert load_scenario(SMALL).csv_dialect == "standard"
    done = _report(tmp_path / "a", "-s", str(scenario))
    assert done.exit_code == 0, done.output
    data = (tmp_path / "a" / "timetable.csv").read_bytes()
    assert _excel_fr_rows(data)[0][0] == "Semaine du cycle"
    opendata = _excel_fr_rows((tmp_path / "a" / "opendata.csv").read_bytes())
    assert opendata[0] == list(OPENDATA_COLUMNS)
    done = _report(tmp_path / "b", "-s", str(scenario), "--csv-dialect", "standard")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "b" / "timetable.csv").read_bytes().startswith(b"week,day,")
    done = _report(tmp_path / "c", "-s", str(SMALL), "--csv-dialect", "excel-fr", "--lang", "en")
    assert done.exit_code == 0, done.output
    header = _excel_fr_rows((tmp_path / "c" / "timetable.csv").read_bytes())[0]
    assert header[:2] == ["Week of the cycle", "Day"]


def test_a_bad_dialect_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text(
        f'extends = "{SMALL.as_posix()}"\n[outputs]\ncsv_dialect = "excel"\n', encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    [problem] = caught.value.problems
    assert problem.field == "[outputs] csv_dialect"
    done = _report(tmp_path / "out", "-s", str(scenario))
    assert done.exit_code == 2
    assert "bad.toml" in done.output and "[outputs] csv_dialect" in done.output
    assert "excel-fr" in done.output
    assert not (tmp_path / "out").exists()
    done = _report(tmp_path / "out", "-s", str(SMALL), "--csv-dialect", "excel")
    assert done.exit_code == 2
    assert "--csv-dialect" in done.output and "excel-fr" in done.output
    assert not (tmp_path / "out").exists()


def test_plan_takes_the_flag(tmp_path: Path) -> None:
    args = ["plan", "-s", str(SMALL), "-o", str(tmp_path), "-q", "--start", "2027-05-03"]
    done = runner.invoke(app, [*args, "--csv-dialect", "excel-fr", "--offline"])
    assert done.exit_code == 0, done.output
    rows = _excel_fr_rows((tmp_path / "timetable.csv").read_bytes())
    assert rows[0][0] == "Semaine du cycle"
    wb = load_workbook(tmp_path / "timetable.xlsx")
    assert wb.sheetnames[:2] == ["Vue d'ensemble", "Semaine 1"]

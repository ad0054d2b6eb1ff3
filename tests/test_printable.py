"""Printable timetable and posters on the small scenario; the public outputs of the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.pipeline import PlanRun, run_plan
from busplanner.plan import Plan, read_plan
from busplanner.reports.dates import visit_dates
from busplanner.reports.printable import (
    format_date,
    poster_html,
    poster_sentence,
    slugify,
    stop_file_stem,
    timetable_html,
    weekday_frequency,
)
from busplanner.reports.public import default_start, default_weeks, parse_start
from busplanner.scenario import ServiceInfo

SMALL = Path(__file__).resolve().parent / "data" / "scenarios" / "small.toml"
SMALL_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "small.json"
HOSTILE = "<script>alert(1)</script>"
START = dt.date(2027, 5, 3)  # Ascension is Thursday 6 May 2027.
SERVICE = ServiceInfo()
runner = CliRunner()


@pytest.fixture(scope="module")
def run() -> PlanRun:
    return run_plan(SMALL)


@pytest.fixture(scope="module")
def plan() -> Plan:
    # A saved plan of the small scenario: the reports are tested on a fixed plan, not on
    # whichever of several equally good plans the solver returns.
    return read_plan(SMALL_PLAN)


def _every_other_week(plan: Plan, stop_id: str) -> Plan:
    """The plan with ``stop_id`` visited in week 1 only (every other week)."""
    stops = tuple(
        dataclasses.replace(s, every_weeks=2, visits_planned=1) if s.id == stop_id else s
        for s in plan.stops
    )
    routes = tuple(
        dataclasses.replace(r, visits=tuple(v for v in r.visits if v.stop_id != stop_id))
        if r.week == 2
        else r
        for r in plan.routes
    )
    return dataclasses.replace(plan, stops=stops, routes=routes)


def _renamed(plan: Plan, stop_id: str, name: str) -> Plan:
    stops = tuple(dataclasses.replace(s, name=name) if s.id == stop_id else s for s in plan.stops)
    return dataclasses.replace(plan, stops=stops)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Marcillé-Robert", "marcille-robert"),
        ("Essé", "esse"),
        ("L'Œuvre  d'Été", "l-oeuvre-d-ete"),  # ligature, double space, apostrophes
        (HOSTILE, "script-alert-1-script"),
        ("../../etc/passwd", "etc-passwd"),  # no way out of the folder
        ("", "commune"),  # nothing usable left
        ("—", "commune"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.text())
def test_slugify_is_always_a_safe_file_name(text: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slugify(text))


def test_file_stem_keeps_the_insee_code_and_cannot_leave_the_folder(plan: Plan) -> None:
    stop = plan.stop("35165")
    assert stop_file_stem(stop) == "35165-marcille-robert"
    assert stop_file_stem(dataclasses.replace(stop, id="2A004")) == "2A004-marcille-robert"
    assert "/" not in stop_file_stem(dataclasses.replace(stop, id="../x", name=HOSTILE))


def test_dates_and_frequencies_in_words() -> None:
    assert format_date(dt.date(2027, 6, 1)) == "mardi 1er juin 2027"
    assert format_date(dt.date(2027, 5, 4), year=False) == "mardi 4 mai"
    assert format_date(dt.date(2027, 5, 4), "en") == "Tuesday 4 May 2027"
    assert weekday_frequency("tuesday", 1) == "tous les mardis"
    assert weekday_frequency("tuesday", 2) == "un mardi sur deux"
    assert weekday_frequency("tuesday", 3) == "un mardi sur trois"
    assert weekday_frequency("tuesday", 6) == "un mardi toutes les 6 semaines"
    assert weekday_frequency("tuesday", 2, "en") == "every other Tuesday"


def test_start_and_weeks_rules() -> None:
    assert default_start(dt.date(2027, 5, 5)) == dt.date(2027, 5, 10)  # a Wednesday
    assert default_start(dt.date(2027, 5, 3)) == dt.date(2027, 5, 10)  # a Monday: next one
    assert default_weeks(2) == 4
    assert default_weeks(6) == 6
    assert parse_start(" 2027-05-03 ") == START
    for bad in ("2027-13-01", "03/05/2027", "2027-5-3", "2027-02-30"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_start(bad)


def test_cycle_timetable_week_by_week_in_french(plan: Plan) -> None:
    page = timetable_html(plan, lang="fr", service=SERVICE)
    assert '<html lang="fr">' in page
    assert "@page { size: A4" in page
    assert "break-before: page" in page
    assert page.count('<section class="week">') == plan.cycle_weeks
    assert "Semaine 1" in page and "Semaine 2" in page
    assert "mardi" in page and "jeudi" in page
    assert "9 h – 12 h" in page
    for stop in plan.stops:
        assert html.escape(stop.name) in page
        assert html.escape(stop.address) in page
    assert timetable_html(plan, lang="fr", service=SERVICE) == page


def test_dated_timetable_shows_real_dates_and_holidays(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    page = timetable_html(plan, lang="fr", service=SERVICE, dated=dated, skipped=skipped)
    assert page.count('<section class="week">') == 4
    assert "Semaine du lundi 3 mai 2027" in page
    assert "semaine 1 du cycle" in page and "semaine 2 du cycle" in page
    assert "mardi 4 mai" in page and "jeudi 27 mai" in page
    # Ascension: the Thursday visits are shown struck through, with the holiday's name.
    assert "jeudi 6 mai" in page
    assert page.count("pas de passage : Ascension (jour férié)") == len(skipped) == 2
    assert page.count('<tr class="cancelled">') == 2


def test_timetable_in_english(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    page = timetable_html(plan, lang="en", service=SERVICE, dated=dated, skipped=skipped)
    assert '<html lang="en">' in page
    assert "Week of Monday 3 May 2027" in page and "Tuesday 4 May" in page
    assert "09:00 – 12:00" in page
    assert "no visit: Ascension Day (public holiday)" in page


def test_poster_says_when_where_and_next_dates_in_french(plan: Plan) -> None:
    plan2 = _every_other_week(plan, "35002")
    dated, skipped = visit_dates(plan2, START, 4)
    sentence = poster_sentence(plan2, "35002", lang="fr", service=SERVICE, upcoming=dated)
    assert sentence == (
        "Bus France services à Amanlis — un mardi sur deux, de 9 h à 12 h, "
        "1 place Centrale 35150 Amanlis — prochains passages : mardi 4 mai, mardi 18 mai"
    )
    page = poster_html(plan2, "35002", lang="fr", service=SERVICE, upcoming=dated, skipped=skipped)
    assert "Un mardi sur deux, de 9 h à 12 h" in page
    assert "mardi 4 mai" in page and "mardi 18 mai" in page and "mardi 11 mai" not in page
    assert "1 place Centrale 35150 Amanlis" in page
    for item in SERVICE.help_with:
        assert html.escape(item) in page
    # No contact field is given: no contact block, nothing invented.
    assert "Contact" not in page and "Téléphone" not in page


def test_poster_lists_a_holiday_and_the_contact_given(plan: Plan) -> None:
    dated, skipped = visit_dates(plan, START, 4)
    service = ServiceInfo(operator="PIMMS Médiation", phone="02 99 00 00 00")
    page = poster_html(plan, "35028", lang="fr", service=service, upcoming=dated, skipped=skipped)
    assert "Tous les jeudis, de 9 h à 12 h" in page
    assert "jeudi 6 mai" in page and "pas de passage : Ascension (jour férié)" in page
    assert "PIMMS Médiation" in page and "Téléphone : 02 99 00 00 00" in page
    assert "Courriel" not in page and "Site" not in page


def test_poster_in_english(plan: Plan) -> None:
    plan2 = _every_other_week(plan, "35002")
    dated, _ = visit_dates(plan2, START, 4)
    page = poster_html(plan2, "35002", lang="en", service=SERVICE, upcoming=dated)
    assert '<html lang="en">' in page
    assert "Every other Tuesday, 09:00 to 12:00" in page
    assert "Tuesday 4 May" in page and "Next visits" in page
    assert "The bus helps you with:" in page


def test_poster_of_a_stop_not_visited_is_refused(plan: Plan) -> None:
    stops = tuple(
        dataclasses.replace(s, weekday=None) if s.id == "35002" else s for s in plan.stops
    )
    with pytest.raises(ValueError, match="not visited"):
        poster_html(dataclasses.replace(plan, stops=stops), "35002", service=SERVICE, upcoming=())


def test_hostile_texts_are_shown_as_text(plan: Plan) -> None:
    hostile_plan = _renamed(plan, "35002", HOSTILE)
    hostile_plan = dataclasses.replace(
        hostile_plan,
        stops=tuple(
            dataclasses.replace(s, address=HOSTILE) if s.id == "35108" else s
            for s in hostile_plan.stops
        ),
    )
    service = ServiceInfo(name=HOSTILE, operator=HOSTILE, help_with=(HOSTILE,))
    dated, skipped = visit_dates(hostile_plan, START, 4)
    pages = [
        timetable_html(hostile_plan, lang="fr", service=service),
        timetable_html(hostile_plan, lang="fr", service=service, dated=dated, skipped=skipped),
        poster_html(hostile_plan, "35002", service=service, upcoming=dated),
        poster_html(hostile_plan, "35108", service=service, upcoming=dated),
    ]
    for page in pages:
        assert "<script" not in page
        assert html.escape(HOSTILE) in page


def _fake_chromium(folder: Path) -> None:
    """A stand-in for Chromium that writes a tiny PDF where --print-to-pdf says."""
    folder.mkdir()
    script = folder / "chromium"
    script.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) '
        "printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_cli_writes_the_public_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The calendars' DTSTAMP is the time of writing; SOURCE_DATE_EPOCH fixes it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1809172800")
    outs = [tmp_path / "a", tmp_path / "b"]
    results = [
        runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "--start", "2027-05-03"])
        for out in outs
    ]
    for res in results:
        assert res.exit_code == 0, res.output
    out = outs[0]
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    stems = ["35002-amanlis", "35028-boistrudan", "35108-esse", "35165-marcille-robert"]
    assert names >= {"timetable.html", "timetable.ics"}
    assert names >= {f"posters/{s}.html" for s in stems} | {f"calendars/{s}.ics" for s in stems}
    # Default period: the 2-week cycle, at least 4 weeks: 16 sessions, 2 on Ascension.
    assert (out / "timetable.ics").read_bytes().count(b"BEGIN:VEVENT") == 14
    # The visits that fall on a holiday: one line for the day, naming the communes.
    assert (
        "Pas de passage le jeudi 6 mai 2027 (Ascension, jour férié) dans 2 communes : "
        "Boistrudan, Marcillé-Robert." in results[0].output
    ) or (
        "Pas de passage le jeudi 6 mai 2027 (Ascension, jour férié) dans 2 communes : "
        "Marcillé-Robert, Boistrudan." in results[0].output
    )
    # The same inputs give the same files.
    for name in ("timetable.html", "timetable.ics", "calendars/35002-amanlis.ics"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


def test_cli_weeks_option(tmp_path: Path) -> None:
    args = ["plan", "-s", str(SMALL), "-o", str(tmp_path), "-q", "--start", "2027-05-10"]
    res = runner.invoke(app, [*args, "--weeks", "1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "timetable.ics").read_bytes().count(b"BEGIN:VEVENT") == 4


def test_cli_bad_start_exits_2_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "--start", "2027-13-01"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "Erreur : --start : '2027-13-01' : ce jour n'existe pas dans le calendrier ; "
        "attendu une date AAAA-MM-JJ"
    ]
    assert not out.exists()


def test_cli_pdf_without_chromium_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "--pdf"])
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0]
    assert not out.exists()


def test_cli_pdf_prints_timetable_and_posters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_chromium(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    out = tmp_path / "out"
    args = ["plan", "-s", str(SMALL), "-o", str(out), "-q", "--start", "2027-05-03", "--pdf"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert pdfs == [
        "posters/35002-amanlis.pdf",
        "posters/35028-boistrudan.pdf",
        "posters/35108-esse.pdf",
        "posters/35165-marcille-robert.pdf",
        "timetable.pdf",
    ]
    assert (out / "timetable.pdf").read_bytes().startswith(b"%PDF")

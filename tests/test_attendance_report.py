"""The attendance report: figures, CSV, the page in headless Chromium, escaping, costs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from busplanner.attendance.db import SessionRecord
from busplanner.attendance.report import build_report, report_csv, report_html
from busplanner.cli import app

runner = CliRunner()
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def reported(attendance_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SYNTHETIC year imported, and `attendance report` run on it (in French)."""
    folder = tmp_path_factory.mktemp("report") / "year"
    shutil.copytree(attendance_year, folder)
    scenario = str(folder / "scenario.toml")
    res = runner.invoke(
        app, ["attendance", "import", str(folder / "synthetic.csv"), "-s", scenario]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["attendance", "report", "-s", scenario, "-o", str(folder / "out")])
    assert res.exit_code == 0, res.output
    (folder / "terminal.txt").write_text(res.output, encoding="utf-8")
    return folder


def test_report_terminal_and_csv_agree(reported: Path) -> None:
    text = (reported / "terminal.txt").read_text(encoding="utf-8")
    assert "DONNÉES SYNTHÉTIQUES" in text
    assert "Période du 6 janvier 2025 au 2 janvier 2026" in text
    rows = list(csv.DictReader(io.StringIO((reported / "out/attendance.csv").read_text())))
    whole = next(r for r in rows if r["stop_id"] == "*")
    assert int(whole["sessions_held"]) + int(whole["sessions_cancelled"]) == 500
    essé = next(r for r in rows if r["period"] == "total" and r["stop_id"] == "35108")
    chelun = next(r for r in rows if r["period"] == "total" and r["stop_id"] == "35077")
    # The SYNTHETIC rates: Essé 4 visitors an hour, Chelun 0.67.
    assert 3.5 < float(essé["visitors_per_public_hour"]) < 4.5
    assert 0.4 < float(chelun["visitors_per_public_hour"]) < 0.9
    # The terminal shows the same whole: held sessions and visitors.
    assert f"{whole['sessions_held']} " in text
    months = {r["period"] for r in rows if r["period"] != "total"}
    assert len(months) == 13
    # Costs: the default scenario counts 71,000 € a year.
    assert "71\u202f000 €" in text
    assert "Coût par visiteur" in text


def test_costs_per_session_and_visitor() -> None:
    sessions = [
        SessionRecord(dt.date(2025, 1, d), "35077", "Chelun", "1", 540, 720, visitors=v)
        for d, v in ((6, 4), (13, 6))
    ] + [
        SessionRecord(
            dt.date(2025, 1, 20), "35077", "Chelun", "1", 540, 720, held=False, reason="panne"
        )
    ]
    r = build_report(
        sessions,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        budget=[("a", 60_000.0), ("b", 13_000.0)],
    )
    assert r.budget is not None
    assert r.budget.period == 73_000
    assert r.budget.per_session == 36_500
    assert r.budget.per_visitor == 7_300
    assert r.total.per_hour == pytest.approx(10 / 6)
    assert [s.reason for s in r.cancellations] == ["panne"]


def test_names_from_data_are_escaped_in_the_page_and_protected_in_the_csv() -> None:
    hostile = "<script>alert(1)</script>"
    sessions = [
        SessionRecord(dt.date(2025, 1, 6), "=1+1", hostile, "1", 540, 720, visitors=3),
        SessionRecord(
            dt.date(2025, 1, 7), "35077", "$x^2$", "1", 540, 720, held=False, reason=hostile
        ),
    ]
    r = build_report(sessions)
    page = report_html(r, "en")
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    table = report_csv(r)
    assert "'=1+1" in table
    assert ",=1+1" not in table


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is not installed (required under CI)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def test_the_report_renders_offline_with_its_charts(
    reported: Path, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto((reported / "out/attendance.html").as_uri(), wait_until="load")
    charts = page.eval_on_selector_all(
        "img.chart", "els => els.map(e => [e.id, e.complete, e.naturalWidth, e.naturalHeight])"
    )
    assert [c[0] for c in charts] == ["chart-lines", "chart-heat", "chart-subjects"]
    assert all(c[1] and c[2] > 300 and c[3] > 150 for c in charts), charts
    assert page.is_visible("#synthetic")
    assert page.eval_on_selector_all("#by-stop tbody tr", "rows => rows.length") == 13
    assert page.eval_on_selector_all("#by-month thead th", "cells => cells.length") == 14
    assert page.is_visible("#costs")
    # Nothing but the page itself and its data: images.
    remote = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert remote == []
    assert errors == []
    page.screenshot(path=str(tmp_path / "attendance.png"), full_page=True)
    page.close()


def test_report_of_a_period_in_english(reported: Path) -> None:
    scenario = str(reported / "scenario.toml")
    out = reported / "march"
    res = runner.invoke(
        app,
        [
            "attendance",
            "report",
            "-s",
            scenario,
            "-o",
            str(out),
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-31",
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Period from 1 March 2025 to 31 March 2025 (31 days)" in res.output
    assert "Cost per visitor" in res.output
    rows = list(csv.DictReader(io.StringIO((out / "attendance.csv").read_text())))
    assert {r["period"] for r in rows} == {"2025-03", "total"}
    page = (out / "attendance.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "SYNTHETIC DATA" in page
    empty = runner.invoke(
        app,
        [
            "attendance",
            "report",
            "-s",
            scenario,
            "-o",
            str(out),
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ],
    )
    assert empty.exit_code == 0 and "Aucune séance enregistrée" in empty.output
    backwards = runner.invoke(
        app, ["attendance", "report", "-s", scenario, "--from", "2025-03-31", "--to", "2025-03-01"]
    )
    assert backwards.exit_code == 2
    missing = runner.invoke(
        app, ["attendance", "report", "-s", scenario, "--db", str(reported / "nope.db")]
    )
    assert missing.exit_code == 2 and "aucun journal de fréquentation" in missing.output


def _chart_svg(page: str, name: str) -> str:
    import base64
    import re

    found = re.search(rf"id='{name}' alt='[^']*' src='data:image/svg\+xml;base64,([^']+)'", page)
    assert found, name
    return base64.b64decode(found.group(1)).decode("utf-8")


def test_dates_and_months_are_written_in_words_not_iso(reported: Path) -> None:
    # Issue 20 item 11: "Période du 2025-01-06 …" and month columns "25-01" in a French report.
    import re

    text = (reported / "terminal.txt").read_text(encoding="utf-8")
    assert "Période du 6 janvier 2025 au 2 janvier 2026 (362 jours)" in text
    heading = next(line for line in text.splitlines() if "janv. 2025" in line)
    assert heading.split()[1:6] == ["janv.", "2025", "févr.", "mars", "avr."]
    assert "janv. 2026" in heading and "25-01" not in text
    page = (reported / "out/attendance.html").read_text(encoding="utf-8")
    body = re.sub(r"src='[^']*'", "", page.split("<body>", 1)[1])  # the charts' data aside
    assert re.findall(r"\d{4}-\d{2}", body) == []
    heads = re.findall(r"<th scope='col'>([^<]*)</th>", body.split("id='by-month'", 1)[1])
    assert heads[1:4] == ["janv. 2025", "févr. 2025", "mars 2025"]
    assert "Période du 6 janvier 2025 au 2 janvier 2026" in body


def test_the_month_chart_is_one_small_chart_per_commune(reported: Path) -> None:
    # Thirteen lines in one chart with a legend cannot be read: one small chart per commune
    # on a shared scale, each titled with its commune, no legend.
    page = (reported / "out/attendance.html").read_text(encoding="utf-8")
    svg = _chart_svg(page, "chart-lines")
    import re

    assert len(re.findall(r'<g id="axes_\d+"', svg)) == 13
    assert "legend" not in svg
    for name in ("Amanlis", "Essé", "Forges-la-Forêt", "Thourie"):
        assert f">{name}<" in svg
    assert "janv. 2025" in svg and "janv. 2026" in svg

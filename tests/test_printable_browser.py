"""The printable timetable printed by headless Chromium (Playwright's ``page.pdf``): the
overview page, then a fortnight a page, and no text cut (issue 12, item 5).

Locally these tests skip without ``/usr/bin/chromium``; under CI (``CI=true``) they fail.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, unavailable
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.plan import read_plan
from busplanner.reports.pdf import html_to_pdf
from busplanner.reports.printable import PAGE_MM

WEEKS = 4
runner = CliRunner()


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory, root_dir: Path) -> Path:
    """The default scenario planned, with four weeks of dates (Ascension, Whit Monday)."""
    out = tmp_path_factory.mktemp("default")
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(root_dir / "scenarios" / "roche_aux_fees.toml"),
            "-o",
            str(out),
            "-q",
            "--start",
            "2027-05-03",
            "--weeks",
            str(WEEKS),
        ],
    )
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def root_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def _pdf_pages(pdf: bytes) -> int:
    """The pages of a PDF Chromium wrote (each page object is written out, uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_default_timetable_prints_overview_then_a_fortnight_a_page(
    browser: Any, default_run: Path, tmp_path: Path
) -> None:
    plan = read_plan(default_run / "plan.json")
    assert plan.cycle_weeks == 2
    page = browser.new_page()
    try:
        page.goto((default_run / "timetable.html").as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
        (tmp_path / "timetable.pdf").write_bytes(pdf)
        # The overview, then two weeks a page.
        assert _pdf_pages(pdf) == 1 + math.ceil(WEEKS / 2)
        # Nothing cut: laid out as printed (A4 less the margins), no page holds more than
        # a page's height, no text runs out of its cell or the page's width.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": round(180 / 25.4 * 96), "height": 1000})
        found = page.evaluate(
            """() => {
              const mm = px => px * 25.4 / 96;
              const pages = [...document.querySelectorAll('section.page')];
              const first = pages.length ? pages[0].getBoundingClientRect().top : 0;
              const cells = [...document.querySelectorAll('td, th')];
              return {
                overview: mm(first - document.body.getBoundingClientRect().top),
                pages: pages.map(p => mm(p.getBoundingClientRect().height)),
                weeks: pages.map(p => p.querySelectorAll('section.week').length),
                overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1)
                                  .map(c => c.textContent),
                wide: document.documentElement.scrollWidth > window.innerWidth,
              };
            }"""
        )
    finally:
        page.close()
    assert found["weeks"] == [2, 2]
    assert found["overview"] < PAGE_MM
    assert all(height < PAGE_MM for height in found["pages"]), found["pages"]
    assert found["overflowing"] == []
    assert not found["wide"]


def test_holidays_stay_struck_through_with_their_reason(default_run: Path) -> None:
    text = (default_run / "timetable.html").read_text(encoding="utf-8")
    # Ascension (Thursday 6 May 2027) and Whit Monday (17 May) fall in the four weeks.
    assert "pas de passage : Ascension (jour férié)" in text
    assert "pas de passage : Lundi de Pentecôte (jour férié)" in text
    assert '<tr class="cancelled">' in text
    assert html.escape("Vue d'ensemble : le cycle de 2 semaines") in text


def test_pdf_option_prints_the_same_pages(default_run: Path) -> None:
    # `plan --pdf` prints with Chromium's own --print-to-pdf, not Playwright.
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    text = (default_run / "timetable.html").read_text(encoding="utf-8")
    pdfs = html_to_pdf({"timetable.html": text}, chromium=str(CHROMIUM))
    assert _pdf_pages(pdfs["timetable.pdf"]) == 1 + math.ceil(WEEKS / 2)

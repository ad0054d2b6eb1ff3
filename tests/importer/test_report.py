"""The import report (busplanner.importer.report): its lines in French and English."""

from __future__ import annotations

import string

from busplanner.i18n import fill
from busplanner.importer.report import _MESSAGES, Issue, Report, Slots

from .rows import row


def test_the_import_report_has_french_plurals() -> None:
    for lang, texts in _MESSAGES.items():
        for key, text in texts.items():
            assert "(s)" not in text, (lang, key)
    fr = _MESSAGES["fr"]["duplicate_week_partly"]
    assert "en semaine 3 :" in fill(fr, "fr", {"line": 4, "weeks": "3", "n": 1})
    assert "en semaines 1, 3 :" in fill(fr, "fr", {"line": 4, "weeks": "1, 3", "n": 2})
    en = _MESSAGES["en"]["duplicate_week_partly"]
    assert "in weeks 1, 3:" in fill(en, "en", {"line": 4, "weeks": "1, 3", "n": 2})


def test_both_languages_hold_the_same_kinds_with_the_same_values() -> None:
    assert set(_MESSAGES["fr"]) == set(_MESSAGES["en"])
    for kind, en in _MESSAGES["en"].items():
        assert _fields(_MESSAGES["fr"][kind]) == _fields(en), kind


def _fields(text: str) -> set[str]:
    """The values a message shows (``{n|week|weeks}``: ``n``)."""
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_a_line_names_file_line_field_and_action_with_french_numbers() -> None:
    issue = Issue(
        6,
        "Longitude/Latitude",
        "skipped",
        "same_name_far",
        (("line", 5), ("km", 7.25)),
    )
    assert issue.text("t.csv", "en") == (
        "t.csv line 6, Longitude/Latitude: skipped: the same names as line 5 but 7.2 km "
        "away: kept as two places"
    )
    fr = issue.text("t.csv", "fr")
    assert fr == (
        "t.csv ligne 6, Longitude/Latitude : ligne écartée : les mêmes noms que la ligne 5 "
        "mais à 7,2 km : gardés comme deux lieux"
    )


def test_weekdays_and_slots_are_written_in_the_language() -> None:
    issue = Issue(
        2,
        "Community/Stop",
        "note",
        "two_stops",
        (
            ("name", "Alpha"),
            ("n", 2),
            ("slots", Slots((("monday", "10:00"), ("tuesday", "14:00")))),
            ("ids", "a, b"),
        ),
    )
    assert "Monday 10:00, Tuesday 14:00" in issue.message("en")
    assert "lundi 10:00, mardi 14:00" in issue.message("fr")


def test_a_skip_marks_the_row() -> None:
    r, report = row(line=9), Report()
    report.skip(r, "Day", "bad_day", value="Funday")
    assert r.skipped and report.issues == [
        Issue(9, "Day", "skipped", "bad_day", (("value", "Funday"),))
    ]

"""Clock arithmetic: parse/format round trips and rounding, with Hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from busplanner.timeutil import (
    format_french,
    format_hhmm,
    parse_hhmm,
    round_up,
    weekday_name,
)


@given(st.integers(0, 24 * 60))
def test_format_then_parse_is_identity(minutes: int) -> None:
    assert parse_hhmm(format_hhmm(minutes)) == minutes


@given(st.text(max_size=12))
def test_parse_never_crashes_on_text(text: str) -> None:
    try:
        minutes = parse_hhmm(text)
    except ValueError:
        return
    assert 0 <= minutes <= 24 * 60


@given(st.integers(0, 10_000), st.integers(1, 120))
def test_round_up_is_the_next_multiple(minutes: int, step: int) -> None:
    r = round_up(minutes, step)
    assert r % step == 0 and minutes <= r < minutes + step


@pytest.mark.parametrize(
    ("text", "minutes"), [("09:00", 540), ("9:05", 545), ("17:30:00", 1050), ("24:00", 1440)]
)
def test_parse_examples(text: str, minutes: int) -> None:
    assert parse_hhmm(text) == minutes


@pytest.mark.parametrize("text", ["9h00", "25:00", "12:60", "", "noon", "24:01"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"HH:MM|24:00"):
        parse_hhmm(text)


def test_french_times() -> None:
    assert format_french(570) == "9 h 30"
    assert format_french(720) == "12 h"


@pytest.mark.parametrize(("name", "day"), [("Lundi", "monday"), ("TUESDAY", "tuesday")])
def test_weekday_names(name: str, day: str) -> None:
    assert weekday_name(name) == day

"""The opening-hours parser never crashes: it returns clean hours or names each problem."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from busplanner.territory import _read_hours

times = st.one_of(
    st.from_regex(r"\A([01]\d|2[0-4]):[0-5]\d\Z"),
    st.text(max_size=6),
    st.integers(),
    st.none(),
)
intervals = st.lists(st.one_of(st.lists(times, max_size=3), times), max_size=4)
day_names = st.one_of(
    st.sampled_from(["monday", "mardi", "Samedi", "sunday", "funday", ""]), st.text(max_size=8)
)
hours_values: st.SearchStrategy[Any] = st.one_of(
    st.dictionaries(day_names, intervals, max_size=8),
    st.lists(st.integers(), max_size=3),
    st.text(max_size=10),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(hours_values)
def test_read_hours_returns_clean_hours_or_problems(value: Any) -> None:
    problems: list[tuple[str, str]] = []
    hours = _read_hours(value, lambda field, msg: problems.append((field, msg)))
    if problems:
        assert all(field.startswith("properties.opening_hours") for field, _ in problems)
        return
    if hours is None:
        assert value is None
        return
    for day, spans in hours.items():
        assert day in {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
        for a, b in spans:
            assert 0 <= a < b <= 24 * 60
        assert list(spans) == sorted(spans)
        assert all(prev[1] <= nxt[0] for prev, nxt in itertools.pairwise(spans))

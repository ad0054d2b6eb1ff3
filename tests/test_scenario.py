"""Tests for busplanner.scenario: the shipped scenario, small malformed files, random input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from busplanner.errors import ScenarioError
from busplanner.scenario import SCHEMA_KEYS, Scenario, load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios" / "roche_aux_fees.toml"
BAD = Path(__file__).resolve().parent / "data" / "bad"


def problems_of(path: Path) -> list[tuple[str, str]]:
    """Load ``path``, expecting a ScenarioError; return its problems as (field, message)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [(p.field, p.message) for p in info.value.problems]


# --------------------------------------------------------------------------------------
# The shipped scenario


def test_shipped_scenario_loads() -> None:
    sc = load_scenario(SHIPPED)
    assert isinstance(sc, Scenario)
    assert sc.name == "Roche aux Fées — bus France services"
    assert sc.bus_count == 1
    assert sc.days == ("monday", "tuesday", "wednesday", "thursday", "friday")
    assert sc.cycle_weeks == 2
    assert sc.session_min == 180
    assert (sc.setup_min, sc.packup_min, sc.time_step_min) == (10, 10, 5)
    assert (sc.depot.lat, sc.depot.lon) == (47.91136, -1.37963)
    assert sc.depot.address == "16 rue Louis Pasteur, 35240 Retiers"
    assert sc.served is None
    assert sc.excluded == ("35136", "35239", "35167")
    # Times are minutes after midnight.
    assert (sc.shift_start_min, sc.shift_end_min) == (8 * 60 + 30, 17 * 60 + 30)
    assert (sc.open_start_min, sc.open_end_min) == (9 * 60, 17 * 60)
    assert (sc.lunch_earliest_min, sc.lunch_latest_end_min, sc.lunch_min) == (720, 840, 60)
    assert sc.opening_hours == "free"
    assert sc.demand_source == "population"
    assert sc.weight_overrides == {}
    assert sc.visits_overrides == {}
    assert (sc.speed_kmh, sc.detour_factor) == (50.0, 1.3)
    # The territory path is relative to the scenario's folder.
    assert sc.territory_path.resolve() == ROOT / "data" / "communes_roche_aux_fees.geojson"
    assert sc.territory_path.exists()


def test_defaults_fill_a_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.toml"
    path.write_text('territory = "t.geojson"\n[depot]\nlat = 47.9\nlon = -1.4\n', encoding="utf-8")
    sc = load_scenario(path)
    assert sc.name == "mini"  # the file's stem
    assert sc.territory_path == tmp_path / "t.geojson"
    assert (sc.bus_count, sc.cycle_weeks, sc.session_min, sc.lunch_min) == (1, 2, 180, 60)
    assert len(sc.days) == 5
    assert sc.depot.name == "Dépôt"


def test_french_weekdays_are_read_as_english(tmp_path: Path) -> None:
    path = tmp_path / "fr.toml"
    path.write_text(
        'territory = "t.geojson"\n[depot]\nlat = 47.9\nlon = -1.4\n'
        '[buses]\ndays = ["Lundi", "jeudi"]\n',
        encoding="utf-8",
    )
    assert load_scenario(path).days == ("monday", "thursday")


# --------------------------------------------------------------------------------------
# Bad files: each raises one ScenarioError whose problems name the field


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # zero bytes (so no comment inside)
        ("empty.toml", [("(file)", "the file is empty")]),
        # "Fées" written in Latin-1
        ("not_utf8.toml", [("(file)", "not UTF-8")]),
        # "180 min": a unit after a number
        ("syntax_error.toml", [("(syntax)", "not valid TOML")]),
        # [session] duraton_min, a typo
        ("unknown_key_typo.toml", [("[session] duraton_min", "did you mean 'duration_min'?")]),
        # count = "one"
        ("count_is_text.toml", [("[buses] count", "expected a whole number, found 'one'")]),
        # session = 180 at top level instead of a table
        ("table_is_number.toml", [("[session]", "expected a table, found 180")]),
        # a session of 0 minutes
        ("duration_zero.toml", [("[session] duration_min", "= 0: expected a positive")]),
        # a session of -30 minutes
        ("duration_negative.toml", [("[session] duration_min", "= -30: expected a positive")]),
        # open_start = "9h00"
        ("time_not_hhmm.toml", [("[buses] open_start", "expected a time as 'HH:MM'")]),
        # the bus closes before it opens
        (
            "open_end_before_start.toml",
            [("[buses] open_end", "= 09:00: expected a time after [buses] open_start = 17:00")],
        ),
        # the shift ends before it starts, so the open hours cannot lie inside it either
        (
            "shift_end_before_start.toml",
            [
                ("[buses] shift_end", "expected a time after [buses] shift_start = 18:00"),
                ("[buses] open_start/open_end", "must lie inside the shift"),
            ],
        ),
        # lunch window ends before it begins
        (
            "lunch_end_before_start.toml",
            [("[lunch] latest_end", "expected a time after [lunch] earliest = 14:00")],
        ),
        # days = ["monday", "mardy"]
        ("unknown_weekday.toml", [("[buses] days[1]", "expected a weekday")]),
        # monday and lundi
        ("duplicate_weekday.toml", [("[buses] days[2]", "monday is listed twice")]),
        # a cycle of 0 weeks
        ("cycle_zero.toml", [("[cycle] weeks", "= 0: expected a positive whole number")]),
        # latitude 147.9
        ("depot_lat_out_of_range.toml", [("[depot] lat", "= 147.91136: expected a number <= 90")]),
        # no territory key
        ("missing_territory.toml", [("territory", "missing: this field is required")]),
        # opening_hours = "overlapp"
        (
            "opening_hours_typo.toml",
            [("[session] opening_hours", "expected one of free, overlap, inside")],
        ),
        # 3 visits over a 4-week cycle
        (
            "visits_not_divisor.toml",
            [("[demand.visits_per_cycle] 35002", "expected a divisor of 4 (1, 2, 4) or 0")],
        ),
        # a 150-minute lunch between 12:00 and 14:00
        (
            "lunch_longer_than_window.toml",
            [("[lunch] duration_min", "does not fit between 12:00 and 14:00")],
        ),
        # the bus opens at 08:00, the shift starts at 08:30
        (
            "open_outside_shift.toml",
            [("[buses] open_start/open_end", "08:00–17:00 must lie inside the shift 08:30–17:30")],
        ),
        # a demand weight of 0
        ("weight_zero.toml", [("[demand.weights] 35002", "expected a positive weight")]),
        # both communes and exclude
        ("served_both.toml", [("[served]", "not both")]),
        # exclude = [35136, 35239] (numbers)
        ("served_code_not_text.toml", [("[served] exclude", "INSEE codes as texts")]),
        # min_overlap_min 200 > duration_min 180
        ("overlap_longer_than_session.toml", [("[session] min_overlap_min", "cannot exceed")]),
        # lang = "de"
        ("lang_unknown.toml", [("lang", "= 'de': expected one of fr, en")]),
        # speed_kmh = 300
        (
            "speed_too_high.toml",
            [("[travel] speed_kmh", "= 300: expected a number of km/h <= 130")],
        ),
        # [calendar] closed: a range backwards, a date that does not exist
        (
            "closed_bad_range.toml",
            [
                ("[calendar] closed[0] to", "expected a date on or after from = 2027-08-20"),
                ("[calendar] closed[1] date", "expected a date as YYYY-MM-DD"),
            ],
        ),
    ],
)
def test_bad_file(name: str, expected: list[tuple[str, str]]) -> None:
    problems = problems_of(BAD / name)
    assert [field for field, _ in problems] == [field for field, _ in expected]
    for (_, message), (_, words) in zip(problems, expected, strict=True):
        assert words in message


def test_every_bad_file_is_tested_and_commented() -> None:
    tested = {
        name
        for mark in test_bad_file.pytestmark  # type: ignore[attr-defined]
        if mark.name == "parametrize"
        for name, _ in mark.args[1]
    } | {"three_faults.toml"}
    files = {p.name for p in BAD.glob("*.toml")}
    assert files == tested
    for name in files - {"empty.toml"}:
        first = (BAD / name).read_bytes().splitlines()[0]
        assert first.startswith(b"# "), f"{name}: the first line must say what is wrong"


def test_opening_hours_typo_suggests_the_policy() -> None:
    [(_, message)] = problems_of(BAD / "opening_hours_typo.toml")
    assert message.endswith("did you mean 'overlap'?")


def test_three_faults_are_all_reported() -> None:
    # [cycle] weks (a typo), [session] duration_min = 0, [lunch] earliest = "noon".
    problems = problems_of(BAD / "three_faults.toml")
    assert [field for field, _ in problems] == [
        "[cycle] weks",
        "[session] duration_min",
        "[lunch] earliest",
    ]
    assert "did you mean 'weeks'?" in problems[0][1]
    assert "= 0" in problems[1][1]
    assert "'noon'" in problems[2][1]


def test_error_text_names_file_field_and_value() -> None:
    path = BAD / "duration_negative.toml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (
        f"{path}: [session] duration_min = -30: expected a positive whole number of minutes"
    )
    assert info.value.exit_code == 2
    assert isinstance(info.value, ValueError)


def test_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.toml") == [("(file)", "no such file")]


def test_unknown_top_level_key_suggests(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('territoy = "t.geojson"\n[depot]\nlat = 1.0\nlon = 2.0\n', encoding="utf-8")
    problems = dict(problems_of(path))
    assert "did you mean 'territory'?" in problems["territoy"]
    assert problems["territory"] == "missing: this field is required"


# --------------------------------------------------------------------------------------
# Random input: only ScenarioError, never another exception

_KNOWN = {table: keys for table, keys in SCHEMA_KEYS.items() if table}
_TOP = ("name", "territory", "lang", *_KNOWN)

# Plausible texts make the checks past the type test run too.
_texts = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        ["09:00", "12:00", "24:00", "25:00", "monday", "lundi", "free", "overlap", "35002", "fr"]
    ),
)
_leaves = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-5, max_value=400),
    st.floats(),  # TOML has nan and inf
    _texts,
    st.datetimes(max_value=dt.datetime(9999, 12, 31)),
    st.dates(),
    st.times(),
)
_values = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_texts, children, max_size=3),
    ),
    max_leaves=10,
)


def _table(keys: tuple[str, ...]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.dictionaries(st.sampled_from((*keys, "x")), _values, max_size=len(keys) + 1),
        _values,
    )


_scenarios = st.fixed_dictionaries(
    {},
    optional={
        "name": _values,
        "territory": st.one_of(st.just("t.geojson"), _values),
        "lang": _values,
        **{key: _table(keys) for key, keys in _KNOWN.items()},
        "extra": _values,
    },
)


_BASE: dict[str, Any] = {"territory": "t.geojson", "depot": {"lat": 47.9, "lon": -1.4}}


@st.composite
def _near_valid(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario with a few fields of its tables replaced by random values."""
    data: dict[str, Any] = {key: dict(v) if isinstance(v, dict) else v for key, v in _BASE.items()}
    for table in draw(st.lists(st.sampled_from(sorted(_KNOWN)), min_size=1, max_size=3)):
        fields = draw(
            st.dictionaries(st.sampled_from(_KNOWN[table]), _values, min_size=1, max_size=3)
        )
        data.setdefault(table, {}).update(fields)
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(_scenarios, _near_valid()))
def test_parse_scenario_raises_only_scenario_error(data: dict[str, Any]) -> None:
    try:
        sc = parse_scenario(data, path=Path("random.toml"))
    except ScenarioError as exc:
        assert exc.problems
        assert all(p.file == "random.toml" for p in exc.problems)
    else:
        assert isinstance(sc, Scenario)
        assert set(data) <= set(_TOP)
        assert sc.open_start_min < sc.open_end_min
        assert sc.shift_start_min <= sc.open_start_min
        assert sc.cycle_weeks >= 1


SEVERAL = """territory = "t.geojson"
[buses]
days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
open_start = "09:00"
open_end = "17:00"

[[depots]]
name = "Quimper"
lat = 47.996
lon = -4.102
buses = 2

[[depots]]
name = "Carhaix"
lat = 48.276
lon = -3.573
days = ["tuesday", "thursday", "saturday"]
open_start = "09:30"
open_end = "16:30"
shift_start = "09:00"
shift_end = "17:00"
"""


def test_several_depots_each_with_its_buses_days_and_hours(tmp_path: Path) -> None:
    path = tmp_path / "several.toml"
    path.write_text(SEVERAL, encoding="utf-8")
    sc = load_scenario(path)
    quimper, carhaix = sc.bases
    assert (quimper.depot.name, quimper.buses, carhaix.buses) == ("Quimper", 2, 1)
    assert sc.bus_count == 3 and sc.depot == quimper.depot
    # A base without days or hours takes those of [buses].
    assert quimper.days == ("monday", "tuesday", "wednesday", "thursday", "friday")
    assert (quimper.open_start_min, quimper.open_end_min) == (540, 1020)
    assert (quimper.shift_start_min, quimper.shift_end_min) == (510, 1050)
    assert carhaix.days == ("tuesday", "thursday", "saturday")
    assert (carhaix.open_start_min, carhaix.shift_end_min) == (570, 1020)
    # The scenario's days: every day some base works, in week order.
    assert sc.days[-1] == "saturday" and len(sc.days) == 6


def test_one_depot_is_one_base(tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text(
        'territory = "t.geojson"\n[depot]\nname = "Retiers"\nlat = 47.9\nlon = -1.4\n'
        "[buses]\ncount = 2\n",
        encoding="utf-8",
    )
    sc = load_scenario(path)
    (base,) = sc.bases
    assert (base.depot, base.buses, base.days) == (sc.depot, 2, sc.days)


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        # [depot] and [[depots]] together
        ("[depot]\nlat = 47.9\nlon = -1.4\n", "[depot], [[depots]]", "not both"),
        # [buses] count beside [[depots]]
        ("", "[buses] count", "counted per base"),
    ],
)
def test_depot_and_depots_together_are_refused(
    tmp_path: Path, extra: str, field: str, words: str
) -> None:
    text = SEVERAL.replace('open_end = "17:00"\n', 'open_end = "17:00"\ncount = 3\n', 1)
    text = text if not extra else SEVERAL
    path = tmp_path / "both.toml"
    path.write_text(extra + text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    found = [(p.field, p.message) for p in info.value.problems]
    assert any(f == field and words in m for f, m in found), found


def test_a_bad_depots_table_names_its_number(tmp_path: Path) -> None:
    text = SEVERAL.replace('name = "Carhaix"', 'name = "Quimper"').replace("lat = 48.276\n", "")
    text = text.replace("buses = 2", "buses = 0\nbusses = 1")
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    fields = {p.field for p in info.value.problems}
    assert {"[depots #1] buses", "[depots #1] busses", "[depots #2] lat"} <= fields


def test_session_starts_are_read_sorted_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'territory = "t.geojson"\n[depot]\nlat = 47.9\nlon = -1.4\n'
        '[session]\nstarts = ["14:00", "09:00", "14:00"]\n',
        encoding="utf-8",
    )
    assert load_scenario(path).session_starts == (540, 840)
    path.write_text(
        'territory = "t.geojson"\n[depot]\nlat = 47.9\nlon = -1.4\n'
        '[session]\nstarts = ["9h", "14:00"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [p.field for p in info.value.problems] == ["[session] starts[0]"]

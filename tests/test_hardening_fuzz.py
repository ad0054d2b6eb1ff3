"""Random inputs thrown at the readers (Hypothesis): a plan.json, attendance rows, timetable
rows. Whatever they hold, a reader answers (a plan, a sheet, an import) or refuses with
exit code 2 (an :class:`~busplanner.errors.InputError` naming the file): never a traceback.

Issue 19 found, by hand, plans whose numbers overflowed (``cycle_weeks = 1e9``), nested
100,000 deep, counts of 1e30, a session from midnight to 23:59; these tests look for the
next ones. They are kept to a few seconds (few examples, no deadline); ``BUSPLANNER_FUZZ=N``
runs N times as many examples.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from busplanner.attendance.commands import import_sheet
from busplanner.cli import app
from busplanner.errors import InputError
from busplanner.generate import TIMETABLE_HEADER
from busplanner.importer import import_timetable
from busplanner.plan import Plan, read_plan

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "roche_aux_fees.toml"
SCALE = int(os.environ.get("BUSPLANNER_FUZZ", "1"))
"""``BUSPLANNER_FUZZ=50 pytest tests/test_hardening_fuzz.py``: fifty times the examples."""
FAST = settings(
    max_examples=12 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

runner = CliRunner()

# Any JSON value, the hostile ones first in mind: huge and negative whole numbers, NaN and
# infinities, long texts, nested lists and objects.
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, -1, 2**31, 2**63, 10**30, -(10**20)])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["", "monday", "funday", "25:00", "09:00", "afternoon", "35002"])
)
json_values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def plan_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("default")
    res = runner.invoke(app, ["plan", "-q", "-s", str(DEFAULT), "-o", str(out)])
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return data


numbers = (
    st.integers(-3, 60)
    | st.sampled_from([0, -1, 53, 1441, 2**31, 2**63, 10**30, -(10**20)])
    | st.floats(allow_nan=True, allow_infinity=True)
)
texts = st.sampled_from(
    ["", "monday", "sunday", "funday", "morning", "noon", "09:00", "24:00", "25:00", "35002"]
) | st.text(max_size=12)


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[list[int], Any, Any, Any, str]]:
    """A few changes: where (each step an index among the children), and a number, a text
    and any JSON value to put there (the one of the place's kind, mostly)."""
    return draw(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, 200), min_size=1, max_size=6),
                numbers,
                texts,
                json_values,
                st.sampled_from(["same kind"] * 4 + ["any", "duplicate", "drop"]),
            ),
            min_size=1,
            max_size=3,
        )
    )


def _mutate(data: Any, steps: list[int], number: Any, text: str, value: Any, how: str) -> Any:
    """``data`` with the node reached by ``steps`` (each an index among the children, modulo
    their number) changed: a number for a number, a text for a text (``same kind``), any
    value (``any``), or, in a list, an item repeated or dropped."""
    data = copy.deepcopy(data)
    node = data
    for k, step in enumerate(steps):
        if not isinstance(node, dict | list) or not node:
            return data
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = keys[step % len(keys)]
        child = node[key]
        if k < len(steps) - 1 and isinstance(child, dict | list) and child:
            node = child
            continue
        if how in ("duplicate", "drop") and isinstance(node, list):
            if how == "duplicate":
                node.append(copy.deepcopy(child))
            else:
                del node[key]
        elif how == "same kind" and isinstance(child, bool | int | float):
            node[key] = number
        elif how == "same kind" and isinstance(child, str):
            node[key] = text
        else:
            node[key] = value
        return data
    return data


def _mutated(plan_data: dict[str, Any], changes: list[tuple[Any, ...]]) -> Any:
    data: Any = plan_data
    for change in changes:
        data = _mutate(data, *change)
    return data


@FAST
@given(changes=mutations())
def test_a_mutated_plan_is_read_or_refused(
    plan_data: dict[str, Any], changes: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_mutated(plan_data, changes)), encoding="utf-8")
    try:
        plan = read_plan(path)
    except InputError as exc:
        event("refused")
        assert all(p.file == str(path) for p in exc.problems)
        return
    event("read")
    assert isinstance(plan, Plan)
    # What was read writes again, and reads back the same.
    again = tmp_path / "again.json"
    again.write_text(plan.to_json(), encoding="utf-8")
    assert read_plan(again).to_json() == plan.to_json()


@settings(
    max_examples=6 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=mutations(), command=st.sampled_from(["report", "evaluate"]))
def test_report_and_evaluate_answer_a_mutated_plan_with_0_or_2(
    plan_data: dict[str, Any], changes: list[tuple[Any, ...]], command: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_mutated(plan_data, changes)), encoding="utf-8")
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    res = runner.invoke(app, [command, str(path), "-s", str(DEFAULT), "-o", str(out)])
    event(f"exit {res.exit_code}")
    assert res.exit_code in (0, 2), (res.output, res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception


# --- attendance rows -------------------------------------------------------------------------

cells = (
    st.text(max_size=12)
    | st.sampled_from(["", "tenue", "annulée", "06/01/2025", "2025-01-06", "35041", "Brie"])
    | st.sampled_from(["09:00", "12:00", "25:61", "9h", "-3", "1e30", "2,5", "NaN", "inf"])
    | st.integers().map(str)
    | st.floats(allow_nan=True, allow_infinity=True).map(str)
)


@pytest.fixture(scope="module")
def attendance_folder(attendance_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-year")
    shutil.copytree(attendance_year, folder, dirs_exist_ok=True)
    return folder


@FAST
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 20), cells), min_size=1, max_size=6
    ),
    skip_bad=st.booleans(),
)
def test_random_attendance_rows_are_imported_or_refused(
    attendance_folder: Path, changes: list[tuple[int, int, str]], skip_bad: bool, tmp_path: Path
) -> None:
    """Five rows of the SYNTHETIC year, a few cells changed."""
    lines = (attendance_folder / "synthetic.csv").read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[1].split(";"), [line.split(";") for line in lines[2:7]]
    for row, column, value in changes:
        rows[row][column % len(header)] = value
    sheet = tmp_path / "sheet.csv"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(header)
    w.writerows(rows)
    sheet.write_text(buf.getvalue(), encoding="utf-8")
    log = tmp_path / "log.db"
    shutil.copy(attendance_folder / "busplanner.db", log)
    try:
        import_sheet(
            sheet,
            scenario_path=attendance_folder / "scenario.toml",
            db=log,
            today=dt.date(2026, 1, 31),
            skip_bad=skip_bad,
        )
    except InputError as exc:
        event("refused")
        assert exc.problems
        return
    event("imported")


# --- timetable rows --------------------------------------------------------------------------

timetable_cells = {
    "Mobile": st.sampled_from(["", "A", "B"]),
    "Route": st.sampled_from(["", "R1", "R2", "Day 1", "Day 10"]) | st.text(max_size=6),
    "Community": st.sampled_from(["", "Ashby", "Ashbie", "Brent", "=cmd|'/C calc'!A0"])
    | st.text(max_size=10),
    "Stop": st.sampled_from(["", "Hall", "Village Hall", "NOT A PUBLIC STOP", "Depot"])
    | st.text(max_size=10),
    "Address": st.text(max_size=12),
    "Longitude": st.sampled_from(["", "0", "-3.5", "-3.5001", "181", "nan", "-3,5"])
    | st.floats(-180, 180).map(str),
    "Latitude": st.sampled_from(["", "0", "50.4", "50.4001", "-91", "inf"])
    | st.floats(-90, 90).map(str),
    "Date": st.sampled_from(["", "2017-01-02", "2017-01-31", "31/01/2017", "2018-02-31"])
    | st.dates(dt.date(2017, 1, 1), dt.date(2017, 3, 1)).map(str),
    "Day": st.sampled_from(["", "Monday", "tue", "lundi", "Funday", "Sunday"]),
    "Frequency": st.sampled_from(["", "1", "2", "4", "12", "13", "0", "1.5", "-1", "1e9"]),
    "Start": st.sampled_from(["", "00:00", "09:00", "9.30", "23:59", "11:1", "25:00", "noon"])
    | st.times().map(lambda t: t.strftime("%H:%M")),
    "End": st.sampled_from(["", "00:00", "09:30", "10:00", "23:59", "24:00"])
    | st.times().map(lambda t: t.strftime("%H:%M")),
    "Timetable": st.just(""),
}
DEVON = ROOT / "data" / "mobile_libraries" / "devon.csv"


def _teignbridge() -> list[dict[str, str]]:
    with DEVON.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["Mobile"] == "Teignbridge"][:40]


TEIGNBRIDGE = _teignbridge()


@st.composite
def timetable_changes(draw: st.DrawFn) -> list[tuple[int, str, str]]:
    """Cells of Teignbridge's published rotation changed: (row, column, value)."""
    columns = sorted(k for k in timetable_cells if k != "Timetable")
    out = []
    for _ in range(draw(st.integers(1, 12))):
        column = draw(st.sampled_from(columns))
        out.append(
            (draw(st.integers(0, len(TEIGNBRIDGE) - 1)), column, draw(timetable_cells[column]))
        )
    return out


@settings(max_examples=40 * SCALE, deadline=None)
@given(
    changes=timetable_changes(), also=st.lists(st.fixed_dictionaries(timetable_cells), max_size=3)
)
def test_random_timetable_rows_are_imported_or_refused(
    changes: list[tuple[int, str, str]], also: list[dict[str, str]]
) -> None:
    import tempfile

    rows = copy.deepcopy(TEIGNBRIDGE)
    for row, column, value in changes:
        rows[row][column] = value
    rows += [{**r, "Mobile": "Teignbridge"} for r in also]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "timetable.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(TIMETABLE_HEADER))
            w.writeheader()
            w.writerows(rows)
        try:
            result = import_timetable(path, mobile="Teignbridge")
        except InputError as exc:
            event("refused")
            assert exc.problems
            return
        event("imported")
        files = result.files("en") | result.files("fr")
        assert set(files) >= {"stops.csv", "scenario.toml", "current.json", "import-report.txt"}
        # The rotation it writes is a plan busplanner reads back.
        plan = Plan.from_dict(json.loads(files["current.json"]), source="current.json")
        assert all(math.isfinite(r.distance_km) for r in plan.routes)

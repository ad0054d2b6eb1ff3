"""Outside France (issue 20): holidays by country, miles and pounds, stops not communes, and
``plan --keep-times``, on a real published rotation (BANES, imported)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.errors import ScenarioError
from busplanner.i18n import t
from busplanner.messages import MESSAGES
from busplanner.messages_region import MILE_WORDS, STOP_WORDS
from busplanner.plan import read_plan
from busplanner.region import Region, use_region
from busplanner.reports.dates import visit_dates
from busplanner.reports.i18n import format_distance, format_money
from busplanner.scenario import parse_scenario

ROOT = Path(__file__).resolve().parents[1]
BANES = ROOT / "data" / "mobile_libraries" / "banes.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def banes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("banes")
    res = runner.invoke(app, ["import", "timetable", str(BANES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_the_importer_sets_the_uk_and_its_units(banes: Path) -> None:
    data = tomllib.loads((banes / "scenario.toml").read_text(encoding="utf-8"))
    assert data["calendar"] == {"country": "GB", "subdivision": "ENG"}
    assert data["units"] == {"distance": "mi", "currency": "GBP"}
    plan = read_plan(banes / "current.json")
    assert plan.region == Region("GB", "ENG", "mi", "GBP")


def test_uk_timetables_skip_uk_bank_holidays_not_french_ones(banes: Path) -> None:
    plan = read_plan(banes / "current.json")
    dated, skipped = visit_dates(plan, dt.date(2026, 12, 21), 40)
    off = {s.date for s in skipped}
    assert dt.date(2026, 12, 28) in off  # Boxing Day, observed (Monday)
    assert dt.date(2027, 8, 30) in off  # Late Summer Bank Holiday
    on = {d.date for d in dated}
    assert dt.date(2027, 7, 14) in on  # not a holiday in England
    assert dt.date(2027, 5, 6) in on  # Ascension Day: not one either


def test_report_prints_uk_holidays_and_miles(banes: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "report",
            str(banes / "current.json"),
            "--out",
            str(tmp_path / "o"),
            "--lang",
            "en",
            "--start",
            "2027-07-05",
            "--weeks",
            "12",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "National Day" not in res.output
    assert "Late Summer Bank Holiday" in res.output
    opendata = (tmp_path / "o" / "opendata.csv").read_text(encoding="utf-8")
    assert "2027-08-30" not in opendata and "2027-07-14" in opendata
    shown = runner.invoke(app, ["schedule", str(banes / "current.json"), "--lang", "en"])
    assert "Miles per cycle" in shown.output and " mi " in shown.output
    assert "Stops served" in shown.output and "Communes" not in shown.output
    assert "£" in shown.output and "€" not in shown.output


def test_a_french_scenario_names_french_holidays(banes: Path) -> None:
    plan = read_plan(banes / "current.json")
    _, skipped = visit_dates(plan, dt.date(2027, 7, 5), 2, region=Region())
    assert any(s.date == dt.date(2027, 7, 14) for s in skipped)


def _scenario(extra: str, tmp_path: Path) -> object:
    base = (ROOT / "scenarios" / "roche_aux_fees.toml").read_text(encoding="utf-8")
    data = tomllib.loads(base + extra)
    return parse_scenario(data, path=ROOT / "scenarios" / "roche_aux_fees.toml")


def test_calendar_and_units_are_read_and_checked(tmp_path: Path) -> None:
    sc = _scenario('\n[units]\ndistance = "mi"\n', tmp_path)
    assert sc.region == Region("FR", "", "mi", "EUR")  # type: ignore[attr-defined]
    with pytest.raises(ScenarioError) as err:
        _scenario('\n[units]\ndistance = "miles"\ncurrency = "USD"\n', tmp_path)
    text = str(err.value)
    assert "[units] distance" in text and "[units] currency" in text
    with pytest.raises(ScenarioError) as err:
        _scenario('\n[keep]\ntimes = "yes"\n', tmp_path)
    assert "[keep] times" in str(err.value)


def test_the_default_plan_records_no_region() -> None:
    default = _scenario("", Path())
    assert default.region.is_default  # type: ignore[attr-defined]


def test_figures_follow_the_units() -> None:
    assert format_distance(160.9344, "en") == "160.9 km"
    with use_region(Region("GB", "ENG", "mi", "GBP")):
        assert format_distance(160.9344, "en") == "100.0 mi"
        assert format_money(3775, "en") == "£3,775"
        assert t("communes_served", "fr") == "Arrêts desservis"
    assert format_money(3775, "fr") == "3\u202f775 €"


@pytest.mark.parametrize("key", sorted({*STOP_WORDS, *MILE_WORDS}))
def test_regional_words_override_catalogue_keys(key: str) -> None:
    assert key in MESSAGES
    for words in (STOP_WORDS, MILE_WORDS):
        if key in words:
            for ours, theirs in zip(words[key], MESSAGES[key], strict=True):
                assert sorted(_fields(ours)) == sorted(_fields(theirs))


def _fields(text: str) -> list[str]:
    import re

    return sorted(set(re.findall(r"\{(\w+)", text)))


def test_keep_times_keeps_every_weekday_and_time(banes: Path, tmp_path: Path) -> None:
    out = tmp_path / "kt"
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(banes / "scenario.toml"),
            "--keep",
            str(banes / "current.json"),
            "--keep-times",
            "--out",
            str(out),
            "-q",
            "--start",
            "2027-05-03",
            "--lang",
            "en",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Same weekdays and times" in res.output
    assert "0 stops change" in res.output
    before, after = read_plan(banes / "current.json"), read_plan(out / "plan.json")

    def slots(p: object) -> dict[str, tuple[str, int]]:
        return {
            v.stop_id: (r.day, v.start_min)
            for r in p.routes  # type: ignore[attr-defined]
            for v in r.visits
        }

    assert slots(after) == slots(before)
    kt = json.loads((out / "plan.json").read_text(encoding="utf-8"))["kpis"]["keep_times"]
    assert kt["distance_km_after"] <= kt["distance_km_before"]


def test_max_moves_moves_at_most_k_stops_for_a_saving(banes: Path, tmp_path: Path) -> None:
    out = tmp_path / "mm"
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(banes / "scenario.toml"),
            "--keep",
            str(banes / "current.json"),
            "--max-moves",
            "2",
            "--out",
            str(out),
            "-q",
            "--start",
            "2027-05-03",
        ],
    )
    assert res.exit_code == 0, res.output
    before, after = read_plan(banes / "current.json"), read_plan(out / "plan.json")
    old = {s.id: (s.weekday, s.half_day) for s in before.stops}
    starts_before = {v.stop_id: v.start_min for r in before.routes for v in r.visits}
    starts_after = {v.stop_id: v.start_min for r in after.routes for v in r.visits}
    moved = {
        s.id
        for s in after.stops
        if (s.weekday, s.half_day) != old[s.id] or starts_after[s.id] != starts_before[s.id]
    }
    assert 1 <= len(moved) <= 2
    kt = after.kpis["keep_times"]
    assert kt["distance_km_after"] < kt["distance_km_before"]
    assert sorted(kt["moved"]) == sorted(moved)


def test_keep_times_needs_keep(tmp_path: Path) -> None:
    res = runner.invoke(app, ["plan", "--keep-times", "--out", str(tmp_path)])
    assert res.exit_code == 2
    assert "--keep" in res.output and "Traceback" not in res.output


def test_a_variant_list_that_drops_its_parent_s_entries_is_warned(tmp_path: Path) -> None:
    parent = ROOT / "scenarios" / "roche_aux_fees.toml"
    variant = tmp_path / "v.toml"
    variant.write_text(
        f'extends = "{parent.as_posix()}"\nname = "v"\n[served]\nexclude = ["Sainte-Colombe"]\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["check", str(variant), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "[served] exclude replaces the list" in res.output
    assert "35136, 35239, 35167" in res.output


def test_keep_says_share_not_capacity_when_the_visits_did_not_change(banes: Path) -> None:
    from dataclasses import replace

    from busplanner.reports.changes import _why_fewer

    old = read_plan(banes / "current.json")
    stop = old.stops[0]
    new = replace(old, stops=(replace(stop, visits_per_cycle=0), *old.stops[1:]))
    en, fr = _why_fewer(old, new, stop.name, stop, new.stops[0], None)
    assert en.startswith("share: both plans hold 72 visits per cycle")
    assert "capacité" not in fr


def test_compare_names_columns_and_rows_dropped_on_import(tmp_path: Path) -> None:
    from busplanner.compare import Column, figure_rows
    from busplanner.evaluate import evaluate_plan, load_plan_inputs
    from busplanner.pipeline import PlanRun

    out = tmp_path / "dv"
    res = runner.invoke(
        app,
        [
            "import",
            "timetable",
            str(BANES.parent / "devon.csv"),
            "--mobile",
            "Tiverton",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    plan, sc, territory = load_plan_inputs(out / "current.json", None)
    ev = evaluate_plan(plan, sc, territory)
    column = Column(out / "current.json", PlanRun(sc, territory, ev.scored), ev)
    with use_region(sc.region):
        rows = dict(figure_rows([column], "en"))
    assert "(39 of 103 published rows dropped on import)" in rows["Miles per cycle"][0]
    assert "published timetable" not in sc.name


def test_keep_times_helpers_are_typed() -> None:
    # Every function and method of the keep-times search says what it takes and gives
    # (mypy checks their bodies only then).
    import inspect

    from busplanner import keep_times

    untyped = []
    for name, obj in vars(keep_times).items():
        funcs = [obj] if inspect.isfunction(obj) else []
        if inspect.isclass(obj) and obj.__module__ == keep_times.__name__:
            funcs += [f for f in vars(obj).values() if inspect.isfunction(f)]
        for f in funcs:
            if f.__module__ != keep_times.__name__ or (
                f.__name__.startswith("__") and f.__name__ != "__init__"
            ):
                continue  # the dataclasses' own
            sig = inspect.signature(f)
            params = [p for p in sig.parameters.values() if p.name != "self"]
            if sig.return_annotation is inspect.Signature.empty or any(
                p.annotation is inspect.Parameter.empty for p in params
            ):
                untyped.append(f"{name}.{f.__name__}" if f is not obj else name)
    assert untyped == []


def test_a_library_caller_sets_the_region_as_the_docs_say(banes: Path) -> None:
    # docs/scenario.md "The region in Python" and busplanner.region's docstring: the region
    # is a context variable; a caller formats a plan's figures inside use_region(plan.region).
    import busplanner.region as region_module
    from busplanner.pipeline import run_plan
    from busplanner.region import current

    run = run_plan(banes / "scenario.toml")
    km = sum(r.distance_km for r in run.plan.routes)
    assert current() == Region()  # nothing set: France
    assert format_distance(km, "en").endswith(" km")
    with use_region(run.plan.region):
        assert format_distance(km, "en") == f"{km / 1.609344:,.1f} mi"
        assert t("communes_served", "en") == STOP_WORDS["communes_served"][1]
    assert current() == Region()
    docs = (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8")
    assert "### The region in Python" in docs and "with use_region(run.plan.region):" in docs
    doc = region_module.__doc__ or ""
    assert "context variable" in doc and "Who sets it" in doc and "library caller" in doc.lower()

"""Re-planning without upheaval: `plan --keep` keeps each commune's slot where it still fits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from busplanner.check import check_plan
from busplanner.cli import app
from busplanner.pipeline import load_inputs, plan_scenario, slots_of
from busplanner.reports.changes import print_changes, slot_changes
from busplanner.solver import SolveOptions

runner = CliRunner()
SMALL = Path(__file__).parent / "data" / "scenarios" / "small.toml"


def test_removing_a_commune_changes_no_other_slot() -> None:
    scenario, territory = load_inputs(SMALL)
    before = plan_scenario(scenario, territory).plan
    assert scenario.served is not None
    gone = scenario.served[0]
    fewer = replace(scenario, served=scenario.served[1:])
    after = plan_scenario(fewer, territory, keep=before).plan
    assert check_plan(after, fewer, territory) == []
    old, new = slots_of(before), slots_of(after)
    for sid, slot in new.items():
        assert old[sid] == slot, sid
    changes = slot_changes(before, after)
    assert [c.stop_id for c in changes] == [gone]
    assert changes[0].new is None


def test_losing_a_day_moves_only_the_communes_of_that_day() -> None:
    scenario, territory = load_inputs(SMALL)
    # A third day to move to, so that everyone still fits after losing one.
    three = replace(scenario, days=("monday", "tuesday", "thursday"))
    before = plan_scenario(three, territory).plan
    lost = "tuesday"
    on_lost_day = {s.id for s in before.stops if s.weekday == lost}
    assert on_lost_day  # the test needs someone to move
    two = replace(three, days=("monday", "thursday"))
    after = plan_scenario(two, territory, keep=before).plan
    moved = {c.stop_id for c in slot_changes(before, after)}
    assert moved == on_lost_day
    assert after.unserved == ()


def test_without_keep_the_same_change_may_reshuffle_more() -> None:
    """The penalty is what keeps slots: the plan from scratch is never closer to the old one."""
    scenario, territory = load_inputs(SMALL)
    three = replace(scenario, days=("monday", "tuesday", "thursday"))
    before = plan_scenario(three, territory).plan
    two = replace(three, days=("monday", "thursday"))
    kept = plan_scenario(two, territory, keep=before).plan
    fresh = plan_scenario(two, territory).plan
    assert len(slot_changes(before, kept)) <= len(slot_changes(before, fresh))


def test_cli_keep_prints_the_changes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q"])
    assert first.exit_code == 0, first.output
    res = runner.invoke(
        app,
        [
            "plan",
            "-s",
            str(SMALL),
            "-o",
            str(tmp_path / "again"),
            "-q",
            "--keep",
            str(out / "plan.json"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "0 commune change, 4 gardent leur créneau et leurs horaires." in res.output


def test_changes_are_printed_in_plain_words() -> None:
    scenario, territory = load_inputs(SMALL)
    before = plan_scenario(scenario, territory).plan
    assert scenario.served is not None
    after = plan_scenario(
        replace(scenario, served=scenario.served[1:]), territory, keep=before
    ).plan
    console = Console(record=True, width=200)
    print_changes(before, after, console, "fr")
    text = console.export_text()
    assert "1 commune change," in text
    name = before.stop(scenario.served[0]).name
    assert f"{name} : " in text and "→ non desservie" in text


def test_missing_keep_file_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["plan", "-s", str(SMALL), "-o", str(tmp_path), "--keep", str(tmp_path / "x.json")]
    )
    assert res.exit_code == 2
    assert "(fichier) : fichier introuvable" in res.output


def test_keep_holds_in_the_decomposition_too() -> None:
    """The large-instance path keeps slots as well (forced here on the small scenario)."""
    scenario, territory = load_inputs(SMALL)
    options = replace(SolveOptions.from_scenario(scenario), method="decomposition")
    before = plan_scenario(scenario, territory, options=options).plan
    assert before.solver.method.startswith("decomposition")
    assert scenario.served is not None
    fewer = replace(scenario, served=scenario.served[1:])
    after = plan_scenario(fewer, territory, keep=before, options=options).plan
    changes = slot_changes(before, after)
    # The removed commune loses its visits; the others keep weekday, half-day and weeks
    # (their times may move: that is a change residents see, and it is reported).
    assert [c.stop_id for c in changes if c.kind != "moves"] == [scenario.served[0]]
    assert all(c.fields == ("times",) for c in changes if c.kind == "moves")

"""The terminal: the schedule fits the width without breaking a word; the progress of a run
(phases in order, words from the catalogue, plain lines off a terminal, nothing with -q)."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

import busplanner.progress as progress_module
from busplanner.cli import app
from busplanner.pipeline import PlanRun, run_plan
from busplanner.plan import Plan
from busplanner.progress import RunProgress
from busplanner.reports import print_schedule
from busplanner.reports.timetable import (
    NOT_A_TERMINAL_WIDTH,
    schedule_console,
    short_address,
)
from busplanner.solver import PHASES, ProgressEvent
from busplanner.timeutil import format_hhmm

ROOT = Path(__file__).resolve().parent.parent
SMALL = Path(__file__).resolve().parent / "data" / "scenarios" / "small.toml"
SHORT = SMALL.with_name("short_capacity.toml")  # one visit must be left out
runner = CliRunner()


@pytest.fixture(scope="module")
def default_plan() -> Plan:
    """The default scenario's plan (13 communes, addresses up to 46 characters)."""
    return run_plan(ROOT / "scenarios" / "roche_aux_fees.toml").plan


@pytest.fixture(scope="module")
def two_bases_plan(two_bases_scenario: Path) -> Plan:
    return run_plan(two_bases_scenario).plan


def _printed(plan: Plan, width: int, lang: str = "fr") -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_schedule(plan, console, lang)
    return console.export_text()


def _visits(plan: Plan) -> list[tuple[str, str]]:
    """(times, commune) of every visit of the plan."""
    names = {s.id: s.name for s in plan.stops}
    return [
        (f"{format_hhmm(v.start_min)}–{format_hhmm(v.end_min)}", names[v.stop_id])
        for r in plan.routes
        for v in r.visits
    ]


# --- the schedule at any width ----------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_schedule_fits_the_width_and_never_splits_a_commune(default_plan: Plan, width: int) -> None:
    text = _printed(default_plan, width)
    lines = text.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= width
    # Every visit on one line: its times and its whole commune name.
    for times, name in _visits(default_plan):
        assert any(times in line and name in line for line in lines), (times, name, width)
    # Every word of the summary whole (labels and values wrap at spaces only).
    tokens = set(text.replace("│", " ").split())
    for word in ("(Theil-de-Bretagne)", "(Forges-la-Forêt),", "semaine", "optimale"):
        assert word in tokens, (word, width)


def test_full_width_shows_every_address_whole(default_plan: Plan) -> None:
    text = _printed(default_plan, 140)
    assert "Adresse" in text and "Fréquence" in text
    for stop in default_plan.stops:
        if stop.weekday:  # visited
            assert stop.address in text


def test_a_middle_width_shortens_the_address_after_a_whole_word(default_plan: Plan) -> None:
    text = _printed(default_plan, 100)
    assert "Adresse" in text and "Fréquence" in text
    visited = [s for s in default_plan.stops if s.weekday]
    # The postcode and town go (the commune column names the place) ...
    assert not any(s.address in text for s in visited)
    assert "22 rue de Bretagne" in text
    # ... and what is cut stops after a whole word of the address, with "…".
    words = {w for s in visited for w in s.address.split()}
    cuts = re.findall(r"(\S+)…", text)
    assert cuts, "an address this long is cut at 100 columns"
    assert all(cut in words for cut in cuts), cuts


@pytest.mark.parametrize("width", [60, 80])
def test_narrow_terminals_drop_the_address(default_plan: Plan, width: int) -> None:
    text = _printed(default_plan, width)
    assert "Adresse" not in text
    assert "rue" not in text and "place" not in text


def test_60_columns_keep_the_day_times_and_commune_only(default_plan: Plan) -> None:
    text = _printed(default_plan, 60)
    assert "Jour" in text and "Horaires" in text and "Commune" in text
    assert "mercredi après-midi" in text  # the half-day fits once the frequency is gone
    assert "Fréquence" not in text and "semaines" not in text.split("Résumé")[0]


def test_english_at_80_columns(default_plan: Plan) -> None:
    text = _printed(default_plan, 80, "en")
    assert "Week 1" in text and "Address" not in text
    for times, name in _visits(default_plan):
        assert any(times in line and name in line for line in text.splitlines())


@pytest.mark.parametrize("width", [60, 80, 140])
def test_two_bases_name_each_bus_and_keep_the_per_bus_table_whole(
    two_bases_plan: Plan, width: int
) -> None:
    text = _printed(two_bases_plan, width)
    lines = text.splitlines()
    # (The visits left out are one line each off a terminal, whatever the width.)
    assert max(cell_len(line.rstrip()) for line in lines if "•" not in line) <= width
    for times, name in _visits(two_bases_plan):
        assert any(times in line and name in line for line in lines), (times, name, width)
    per_bus = text[text.index("Par bus") :]
    for label in ("Retiers", "Janzé"):
        assert re.search(rf"^\s*{label}\s", per_bus, re.MULTILINE), (label, width)
    assert "km" in per_bus


def test_visits_left_out_wrap_at_spaces_on_a_terminal() -> None:
    plan = run_plan(SHORT).plan
    assert plan.unserved
    console = Console(width=60, record=True, force_terminal=True, file=io.StringIO())
    print_schedule(plan, console, "fr")
    lines = console.export_text().splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 60
    names = {s.id: s.name for s in plan.stops}
    for u in plan.unserved:
        assert any(line.startswith(f" • {names[u.stop_id]} :") for line in lines)


def test_short_address_drops_postcode_and_town_only() -> None:
    assert short_address("22 rue de Bretagne 35150 Brie") == "22 rue de Bretagne"
    assert short_address("2 place de l'Église 35240 Le Theil-de-Bretagne") == (
        "2 place de l'Église"
    )
    assert short_address("Le Bourg") == "Le Bourg"
    assert short_address("35150 Brie") == "35150 Brie"  # nothing would be left


def test_schedule_console_is_fixed_width_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Under pytest, standard output is not a terminal.
    monkeypatch.delenv("COLUMNS", raising=False)
    console = schedule_console()
    assert not console.is_terminal
    assert console.width == NOT_A_TERMINAL_WIDTH
    monkeypatch.setenv("COLUMNS", "132")
    assert schedule_console().width == 132


def test_cli_schedule_into_a_file_is_the_fixed_width(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = tmp_path / "out"
    assert runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q"]).exit_code == 0
    first = runner.invoke(app, ["schedule", str(out / "plan.json")])
    assert first.exit_code == 0
    widths = {cell_len(line) for line in first.output.splitlines() if "─" in line}
    assert widths and max(widths) <= NOT_A_TERMINAL_WIDTH
    assert first.output == runner.invoke(app, ["schedule", str(out / "plan.json")]).output


# --- the phases a run reports -----------------------------------------------------------


def _phases(events: list[ProgressEvent]) -> list[str]:
    """The phases in the order they began (repeats of the same phase folded)."""
    seen: list[str] = []
    for e in events:
        if not seen or seen[-1] != e.phase:
            seen.append(e.phase)
    return seen


def test_pipeline_reports_its_phases_in_order() -> None:
    events: list[ProgressEvent] = []
    run: PlanRun = run_plan(SMALL, on_progress=events.append)
    assert _phases(events) == ["read", "travel", "model", "solve", "check"]
    model = next(e for e in events if e.phase == "model")
    asked = sum(s.visits_per_cycle for s in run.plan.stops)
    assert model.stops == len(run.plan.stops)
    assert model.visits_total == asked
    assert model.time_limit_s == run.scenario.time_limit_s
    plans = [e for e in events if e.best_km is not None]
    assert plans and all(e.phase == "solve" for e in plans)
    held = sum(len(r.visits) for r in run.plan.routes)
    assert plans[-1].visits_held == held and plans[-1].visits_total == asked
    assert plans[-1].best_km == pytest.approx(run.plan.kpis["distance_km_per_cycle"], abs=0.1)
    assert all(e.elapsed_s >= 0 for e in events)


def test_plan_reports_every_phase_ending_with_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[ProgressEvent] = []
    opened: list[dict[str, object]] = []

    class Fake:
        """Stands for the display: records the events the command sends it."""

        def __init__(self, lang: str, **kw: object) -> None:
            opened.append({"lang": lang, **kw})

        def __enter__(self) -> Fake:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def __call__(self, event: ProgressEvent) -> None:
            seen.append(event)

    monkeypatch.setattr("busplanner.cli.RunProgress", Fake)
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert _phases(seen) == list(PHASES)
    assert seen[-1].phase == "write"
    written = [p for p in out.rglob("*") if p.is_file()]
    assert seen[-1].files is not None and 0 < seen[-1].files <= len(written)
    assert opened == [{"lang": "en", "quiet": False}]


def test_plan_off_a_terminal_prints_one_plain_line_per_phase(tmp_path: Path) -> None:
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    steps = [line for line in res.output.splitlines() if re.match(r"\d/6 ", line)]
    assert [s[:3] for s in steps] == [f"{k}/6" for k in range(1, 7)]
    assert steps[0].startswith("1/6 Lecture du scénario")
    assert "visites tenues" in steps[3] and "km" in steps[3]
    assert "fichiers" in steps[5]
    assert "\x1b" not in res.output and "\r" not in res.output


def test_plan_quiet_prints_no_progress(tmp_path: Path) -> None:
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0, res.output
    assert not re.search(r"^\d/6 ", res.output, re.MULTILINE)
    for phase in PHASES:
        assert progress_module.t(f"progress.{phase}", "fr") not in res.output


def test_bad_input_prints_its_error_alone(tmp_path: Path) -> None:
    far = Path(__file__).resolve().parent / "data" / "scenarios" / "far_depot.toml"
    res = runner.invoke(app, ["plan", "-s", str(far), "-o", str(tmp_path / "out")])
    assert res.exit_code == 2
    assert res.output.startswith("Erreur")
    assert "1/6" not in res.output


# --- the display itself -----------------------------------------------------------------


def _plain(lang: str = "fr", **kw: object) -> tuple[RunProgress, io.StringIO]:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=80)
    return RunProgress(lang, console=console, **kw), buffer  # type: ignore[arg-type]


def _run(progress: RunProgress) -> None:
    progress(ProgressEvent("read"))
    progress(ProgressEvent("travel"))
    progress(ProgressEvent("model", stops=13, visits_total=20, bus_days=10, time_limit_s=60))
    progress(ProgressEvent("solve", 0.2))
    progress(ProgressEvent("solve", 0.5, best_km=300.25, visits_held=19, visits_total=20))
    progress(ProgressEvent("solve", 0.9, best_km=285.5, visits_held=20, visits_total=20))
    progress(ProgressEvent("check", 0.1))
    progress(ProgressEvent("write"))
    progress(ProgressEvent("write", files=33))


def test_plain_lines_in_english() -> None:
    progress, buffer = _plain("en")
    with progress:
        _run(progress)
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 6
    assert lines[2].startswith("3/6 Building the model: 13 communes, 20 visits, 10 bus days (")
    assert lines[3].startswith("4/6 Searching for the best plan: 285.5 km, 20 / 20 visits held (")
    assert lines[5].startswith("6/6 Preparing the files: 33 files (")


def test_a_failed_phase_prints_nothing_and_inputs_wait_until_accepted() -> None:
    progress, buffer = _plain()
    with pytest.raises(RuntimeError), progress:
        progress(ProgressEvent("read"))
        progress(ProgressEvent("travel"))
        raise RuntimeError("the routing service is down")
    assert buffer.getvalue() == ""
    progress, buffer = _plain()
    with pytest.raises(RuntimeError), progress:
        progress(ProgressEvent("read"))
        progress(ProgressEvent("travel"))
        progress(ProgressEvent("model", stops=1, visits_total=1, bus_days=1, time_limit_s=5))
        progress(ProgressEvent("solve"))
        raise RuntimeError("interrupted")
    assert [line[:3] for line in buffer.getvalue().splitlines()] == ["1/6", "2/6", "3/6"]


def test_quiet_shows_nothing_even_on_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    progress = RunProgress("fr", quiet=True, console=console)
    with progress:
        _run(progress)
    assert buffer.getvalue() == ""


def test_on_a_terminal_the_display_moves_and_is_erased() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80, color_system=None)
    progress = RunProgress("fr", console=console)
    with progress:
        _run(progress)
    out = buffer.getvalue()
    assert "\x1b" in out  # drawn, then erased, in place
    assert "6/6 Préparation des fichiers  33 fichiers" in out
    assert "1/6" not in out.splitlines()[-1]  # no plain lines on a terminal


def test_the_clock_moves_while_the_solver_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(progress_module, "time", SimpleNamespace(monotonic=lambda: now[0]))
    progress = RunProgress("fr", console=Console(file=io.StringIO(), force_terminal=False))
    progress(ProgressEvent("model", 0.5, stops=2, visits_total=4, bus_days=2, time_limit_s=60))
    progress(ProgressEvent("solve", 0.7))
    assert progress.clock() == "0 s / 60 s"  # the solver's clock started 0.5 s ago
    assert progress.bar() == (60, pytest.approx(0.5))
    now[0] += 12.0  # no event for 12 s
    assert progress.clock() == "12 s / 60 s"
    assert progress.bar() == (60, pytest.approx(12.5))
    text = Console(file=io.StringIO(), width=80, record=True)
    text.print(progress.render())
    drawn = text.export_text()
    assert "4/6 Recherche du meilleur plan" in drawn and "pas encore de plan" in drawn
    assert "12 s / 60 s" in drawn
    progress(ProgressEvent("check"))
    assert progress.bar() == (None, 0.0)  # a pulse after the solve


# --- the solver words nothing -----------------------------------------------------------


def test_the_solver_imports_neither_rich_nor_the_catalogue() -> None:
    for path in (ROOT / "busplanner" / "solver").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        for name in names:
            assert not name.startswith("rich"), path
            assert name not in ("busplanner.i18n", "busplanner.messages", "busplanner.progress")
            assert not name.startswith("busplanner.reports"), path

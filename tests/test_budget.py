"""busplanner.budget: the solve runs in a child process held to ``[solver] max_memory_mb``.

Issue 19: 12 weeks × 50 buses × 7 days of 1-minute sessions were estimated at 1,125 MB under
a 2,048 MB budget, and peaked at 7.5 GB (``MemoryError: std::bad_alloc`` under a 4 GB cap,
exit code 1). The estimate now counts what VROOM keeps per pair of bus days
(``tests/test_memory.py``, ``benchmarks/memory.py``); and when an estimate is wrong, the run
is stopped at the budget with exit code 3, not by the machine.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import busplanner.budget as budget
from busplanner.errors import SolverError, TooLargeError
from busplanner.generate import GeneratorParams, generate
from busplanner.pipeline import check_inputs, load_inputs, plan_scenario
from busplanner.problem import build_problem
from busplanner.solver import SolveOptions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "roche_aux_fees.toml"

pytestmark = pytest.mark.skipif(not budget.isolated(), reason="the child process needs Linux")


def _many_bus_days(folder: Path) -> Path:
    """SYNTHETIC: 25 stops, 50 buses, 4 weeks of 5 days, 1-minute sessions: 100 visits on
    1,000 bus days, which VROOM routes in about 240 MB (benchmarks/memory.py, case G)."""
    path = generate(GeneratorParams(stops=25, buses=50, cycle_weeks=4, seed=0), folder)[0]
    text = path.read_text(encoding="utf-8")
    text = text.replace("duration_min = 180", "duration_min = 1")
    text = text.replace("setup_min = 10", "setup_min = 0").replace(
        "packup_min = 10", "packup_min = 0"
    )
    text = text.replace('opening_hours = "overlap"\nmin_overlap_min = 60', 'opening_hours = "free"')
    path.write_text(text, encoding="utf-8")
    return path


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_wrong_estimate_is_held_at_run_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The estimate made to say the search needs nothing: the solving child is stopped when
    it grows past the budget, and the run ends with the budget's words (exit code 3)."""
    scenario, territory = load_inputs(_many_bus_days(tmp_path))
    problem = build_problem(scenario, territory)
    monkeypatch.setattr("busplanner.solver.search_mb", lambda *_: 0.0)
    budget_mb = int(_resident_mb()) + 80
    options = replace(
        SolveOptions.from_scenario(scenario), method="search", max_memory_mb=budget_mb
    )
    began = time.perf_counter()
    with pytest.raises(TooLargeError) as caught:
        plan_scenario(scenario, territory, options=options, problem=problem)
    assert time.perf_counter() - began < 30
    text = str(caught.value)
    visits = sum(s.visits_per_cycle for s in problem.stops)
    assert (
        f"solving {visits} visits on 1,000 bus days went past [solver] max_memory_mb = "
        f"{budget_mb:,} MB" in text
    )
    assert "raise max_memory_mb" in text
    assert caught.value.exit_code == 3


def _child_returns(monkeypatch: pytest.MonkeyPatch, solve: object) -> object:
    """What the parent gets when the child's solve is ``solve``."""
    monkeypatch.setattr(budget, "solve", solve)
    checked = check_inputs(DEFAULT)
    options = SolveOptions.from_scenario(checked.scenario)
    return budget.solve_within_budget(checked.problem, options)


def test_a_memory_error_in_the_child_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*_: object, **__: object) -> None:
        raise MemoryError("std::bad_alloc")

    with pytest.raises(TooLargeError, match=r"went past \[solver\] max_memory_mb = 2,048 MB"):
        _child_returns(monkeypatch, fails)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGABRT])
def test_a_child_killed_for_its_memory_is_too_large(
    monkeypatch: pytest.MonkeyPatch, sig: signal.Signals
) -> None:
    """The kernel's out-of-memory killer (SIGKILL), a ``std::bad_alloc`` in a C++ thread
    (abort)."""

    def dies(*_: object, **__: object) -> None:
        os.kill(os.getpid(), sig)

    with pytest.raises(TooLargeError, match="went past"):
        _child_returns(monkeypatch, dies)


def test_a_child_that_could_not_say_it_ran_out_is_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def leaves(*_: object, **__: object) -> None:
        os._exit(budget.EXIT_OUT_OF_MEMORY)

    with pytest.raises(TooLargeError, match="went past"):
        _child_returns(monkeypatch, leaves)


def test_a_child_dying_otherwise_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    def leaves(*_: object, **__: object) -> None:
        os._exit(5)

    with pytest.raises(SolverError, match=r"ended with no answer \(code 5\)") as caught:
        _child_returns(monkeypatch, leaves)
    assert caught.value.exit_code == 1


def test_the_solvers_errors_come_back_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuses(*_: object, **__: object) -> None:
        raise SolverError.of("solver.day_patterns")

    with pytest.raises(SolverError, match="the day-pattern model proved no plan") as caught:
        _child_returns(monkeypatch, refuses)
    assert caught.value.exit_code == 1

    def bug(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom") as crashed:
        _child_returns(monkeypatch, bug)
    # The child's traceback comes with it, for the bug report.
    assert any("In the solving process" in n and "boom" in n for n in crashed.value.__notes__)


def test_the_child_runs_under_an_address_space_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    def limits(*_: object, **__: object) -> tuple[int, int]:
        return resource.getrlimit(resource.RLIMIT_AS)

    soft, _hard = _child_returns(monkeypatch, limits)  # type: ignore[misc]
    # The budget (2,048 MB), what this process maps without using it, and the threads' slack.
    assert 2048 * 2**20 < soft < 1_000_000 * 2**20
    assert soft >= (2048 + budget.VIRTUAL_SLACK_MB) * 2**20
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != soft  # this process is not capped


def test_the_plan_and_its_progress_are_those_of_a_solve_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = check_inputs(DEFAULT)
    plans, phases = [], []
    for isolated in (True, False):
        monkeypatch.setattr(budget, "isolated", lambda isolated=isolated: isolated)
        events: list[str] = []
        run = plan_scenario(
            checked.scenario,
            checked.territory,
            problem=checked.problem,
            on_progress=lambda e, events=events: events.append(e.phase),
        )
        plans.append(run.plan.to_json())
        phases.append(events)
    assert plans[0] == plans[1]
    assert phases[0] == phases[1] and {"model", "solve", "check"} <= set(phases[0])


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children", encoding="ascii") as f:
            out.update(int(c) for c in f.read().split())
    return out


def test_ctrl_c_while_solving_stops_the_child_and_exits_130(tmp_path: Path) -> None:
    """SYNTHETIC, the 1,000-bus-day case: Ctrl-C reaches the planning process while its
    child solves; the child is stopped, the run says so and exits 130, no traceback."""
    scenario = _many_bus_days(tmp_path)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(re.sub(r"time_limit_s = \S+", "time_limit_s = 120", text))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "busplanner",
            "plan",
            "-q",
            "-s",
            str(scenario),
            "-o",
            str(tmp_path / "out"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        child: set[int] = set()
        deadline = time.monotonic() + 60
        while not child and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            child = _children(proc.pid)
        assert child, "no solving child seen"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    # The synthetic scenario speaks English (lang = "en").
    assert err.strip().splitlines()[-1] == "Interrupted: no file was changed."
    assert not (tmp_path / "out" / "plan.json").exists()
    for pid in child:
        assert (
            not Path(f"/proc/{pid}").exists()
            or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
        )

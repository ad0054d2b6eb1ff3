"""No input exhausts memory: plans that would not fit stop cleanly, sized before they are built.

``[solver] max_memory_mb`` is the user's limit: a plan that would exceed it ends with exit
code 3 and a message naming the size; a real 93-stop rotation plans under a 1 GB cap on the
process's address space.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from busplanner import atomic
from busplanner.errors import TooLargeError
from busplanner.generate import GeneratorParams, generate
from busplanner.importer import import_timetable
from busplanner.pipeline import load_inputs, plan_scenario
from busplanner.problem import build_problem
from busplanner.solver import SolveOptions

ROOT = Path(__file__).resolve().parent.parent
DEVON = ROOT / "data" / "mobile_libraries" / "devon.csv"


def _busplanner(*args: str, cap_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # pragma: no cover - runs in the child
        if cap_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    return subprocess.run(
        [sys.executable, "-m", "busplanner", *args],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def teignbridge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Devon's Teignbridge mobile library, imported: 93 stops, sessions of 10 to 180 minutes,
    several a half-day; its scenario capped at 1 GB and 30 s."""
    out = tmp_path_factory.mktemp("teignbridge")
    imported = import_timetable(DEVON, mobile="Teignbridge", out=out)
    for name, text in imported.files().items():
        if name == "scenario.toml":
            text = text.replace("[solver]", "[solver]\nmax_memory_mb = 1024", 1)
            text = text.replace("time_limit_s = 60", "time_limit_s = 30")
        atomic.write_bytes(out / name, text.encode("utf-8"))
    return out / "scenario.toml"


def test_a_93_stop_rotation_plans_under_a_1_gb_cap(teignbridge: Path, tmp_path: Path) -> None:
    done = _busplanner(
        "plan",
        "-q",
        "--scenario",
        str(teignbridge),
        "--out",
        str(tmp_path / "out"),
        cap_bytes=1 << 30,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "plan.json").exists()


def test_the_exact_models_refuse_it_by_size_not_by_crashing(teignbridge: Path) -> None:
    """What ran out of memory before (every order of the morning stops listed)."""
    scenario, territory = load_inputs(teignbridge)
    options = replace(SolveOptions.from_scenario(scenario), method="weekly")
    with pytest.raises(TooLargeError, match=r"candidate days on .*: too many"):
        plan_scenario(scenario, territory, options=options)


def test_a_territory_too_large_for_the_budget_exits_3_naming_the_size(tmp_path: Path) -> None:
    """SYNTHETIC: 1,500 generated stops, a 256 MB budget: the travel matrix alone would
    exceed it, so nothing is built."""
    scenario_path = next(
        p for p in generate(GeneratorParams(stops=1500, seed=0), tmp_path) if p.suffix == ".toml"
    )
    text = scenario_path.read_text(encoding="utf-8")
    scenario_path.write_text(text.replace("[solver]", "[solver]\nmax_memory_mb = 256", 1))
    scenario, territory = load_inputs(scenario_path)
    with pytest.raises(TooLargeError, match=r"travel matrix of 1,501 places .* 256 MB"):
        build_problem(scenario, territory)
    done = _busplanner("plan", "-q", "--scenario", str(scenario_path), "--out", str(tmp_path))
    assert done.returncode == 3
    assert "max_memory_mb = 256" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "plan.json").exists()


def test_twelve_weeks_of_fifty_buses_every_day_is_refused_before_it_is_built(
    tmp_path: Path,
) -> None:
    """Issue 19: the default territory, 12 weeks × 50 buses × 7 days of 1-minute sessions
    (156 visits on 4,200 bus days) was estimated at 1,125 MB under the 2,048 MB budget and
    peaked at 7.5 GB (std::bad_alloc under a 4 GB cap, exit code 1). VROOM's tables per
    pair of bus days are now counted: about 4 GB, refused at once (exit code 3)."""
    text = (ROOT / "scenarios" / "roche_aux_fees.toml").read_text(encoding="utf-8")
    for old, new in (
        ('"../data/', f'"{(ROOT / "data").as_posix()}/'),
        ("count = 1\n", "count = 50\n"),
        ('"thursday", "friday"]', '"thursday", "friday", "saturday", "sunday"]'),
        ("weeks = 2", "weeks = 12"),
        ("duration_min = 180", "duration_min = 1"),
        ("setup_min = 10", "setup_min = 0"),
        ("packup_min = 10", "packup_min = 0"),
        ("time_step_min = 5", "time_step_min = 1"),
        ('starts = ["09:00", "14:00"]', ""),
    ):
        assert old in text, old
        text = text.replace(old, new)
    scenario = tmp_path / "big.toml"
    scenario.write_text(text, encoding="utf-8")
    done = _busplanner(
        "--lang", "en", "plan", "-q", "-s", str(scenario), "-o", str(tmp_path / "out"),
        cap_bytes=3 << 30,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "the search over 156 visits and 4,200 bus days would need about" in done.stderr
    assert "more than [solver] max_memory_mb = 2,048 MB" in done.stderr
    assert not (tmp_path / "out" / "plan.json").exists()

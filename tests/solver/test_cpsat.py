"""CP-SAT as busplanner runs it: one set-up for every model, repeatable plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from busplanner.pipeline import run_plan
from busplanner.solver import SolveOptions
from busplanner.solver.cpsat import make_solver, solve_interruptibly


def test_make_solver_sets_seed_workers_and_both_budgets(monkeypatch) -> None:
    monkeypatch.delenv("BUSPLANNER_CPSAT_LOG", raising=False)
    solver = make_solver(SolveOptions(seed=7), workers=2, work_limit_s=1.5, wall_limit_s=4.0)
    prm = solver.parameters
    assert prm.random_seed == 7
    assert prm.num_workers == 2
    assert prm.interleave_search  # deterministic multi-worker search
    assert prm.max_deterministic_time == 1.5
    assert prm.max_time_in_seconds == 4.0
    assert not prm.catch_sigint_signal  # Ctrl-C is handled by solve_interruptibly
    assert not prm.log_search_progress


def test_one_worker_does_not_interleave() -> None:
    solver = make_solver(SolveOptions(), workers=1, work_limit_s=1.0, wall_limit_s=1.0)
    assert solver.parameters.num_workers == 1
    assert not solver.parameters.interleave_search


def test_the_environment_switches_the_search_log_on(monkeypatch) -> None:
    monkeypatch.setenv("BUSPLANNER_CPSAT_LOG", "1")
    solver = make_solver(SolveOptions(), workers=1, work_limit_s=1.0, wall_limit_s=1.0)
    assert solver.parameters.log_search_progress


@pytest.mark.parametrize(("work", "wall", "workers"), [(0.0, 1.0, 1), (1.0, -1.0, 1), (1, 1, 0)])
def test_make_solver_rejects_empty_budgets(work: float, wall: float, workers: int) -> None:
    with pytest.raises(ValueError, match="CP-SAT limits"):
        make_solver(SolveOptions(), workers=workers, work_limit_s=work, wall_limit_s=wall)


def test_solve_interruptibly_returns_the_status() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.maximize(x)
    solver = make_solver(SolveOptions(), workers=1, work_limit_s=1.0, wall_limit_s=5.0)
    assert solve_interruptibly(solver, model) == cp_model.OPTIMAL
    assert solver.value(x) == 10


def test_same_inputs_and_seed_give_the_same_plan(scenarios_dir: Path) -> None:
    a = run_plan(scenarios_dir / "small.toml").plan.to_dict()
    b = run_plan(scenarios_dir / "small.toml").plan.to_dict()
    for d in (a, b):
        d["solver"].pop("seconds")
    assert json.dumps(a) == json.dumps(b)

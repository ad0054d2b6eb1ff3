"""The whole pipeline in one call: scenario -> territory -> problem -> solve -> plan -> check."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from busplanner.assemble import assemble_plan
from busplanner.attendance.demand import logged_sessions
from busplanner.budget import solve_within_budget
from busplanner.check import check_plan, route_where
from busplanner.errors import InfeasibleError, PlanViolationError
from busplanner.i18n import Msg, Pair
from busplanner.kpis import compute_kpis
from busplanner.plan import Plan
from busplanner.problem import PlanningProblem, Slot, build_problem, resolve_commune_names
from busplanner.scenario import Scenario, load_scenario
from busplanner.solver import ProgressCallback, SolveOptions
from busplanner.solver.records import report
from busplanner.territory import Territory, load_territory


@dataclass(frozen=True)
class PlanRun:
    """A solved and checked plan with the inputs it came from."""

    scenario: Scenario
    territory: Territory
    plan: Plan


def load_inputs(scenario_path: Path) -> tuple[Scenario, Territory]:
    """Read and check the scenario and its territory (no solving).

    Raises
    ------
    ScenarioError, TerritoryError
        With every problem found in the file at fault.
    """
    scenario = load_scenario(scenario_path)
    territory = load_territory(scenario.territory_path)
    # Communes named by name in the scenario: by their code from here on.
    return resolve_commune_names(scenario, territory), territory


@dataclass(frozen=True)
class CheckedInputs:
    """A scenario, its territory and the problem built from them: every check ``plan`` makes
    before solving has passed."""

    scenario: Scenario
    territory: Territory
    problem: PlanningProblem

    @property
    def warnings(self) -> tuple[str, ...]:
        """What ``plan`` and ``check`` print as warnings (the territory's among them)."""
        return (*self.scenario.notes, *self.problem.warnings)


def check_inputs(
    scenario_path: Path, *, on_progress: ProgressCallback | None = None
) -> CheckedInputs:
    """Every check ``busplanner plan`` makes before solving, and nothing else: read the
    scenario and its territory, then build the problem (served communes, depots, stop
    positions, weights, frequencies, session windows, the travel matrix). ``busplanner
    check`` runs exactly this, so both accept and refuse the same files with the same words.
    ``on_progress`` hears ``"read"``, then ``"travel"`` (building the problem and its travel
    matrix).

    Raises
    ------
    ScenarioError, TerritoryError, InputError
        Bad input (exit code 2).
    InfeasibleError, TooLargeError
        No session fits a working day; the problem is larger than allowed (exit code 3).
    TravelError
        The routing service gave no travel matrix (exit code 4).
    """
    from busplanner.contact import filled_service

    t0 = time.perf_counter()
    report(on_progress, "read", t0)
    scenario, territory = load_inputs(scenario_path)
    report(on_progress, "travel", t0)
    problem = build_problem(scenario, territory, attendance=logged_sessions(scenario))
    # The contact on posters and calendars: [service], filled from the national list.
    scenario = replace(scenario, service=filled_service(scenario))
    return CheckedInputs(scenario, territory, problem)


def run_plan(
    scenario_path: Path,
    *,
    time_limit_s: float | None = None,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
    keep: Plan | None = None,
    keep_times: bool | None = None,
    max_moves: int | None = None,
) -> PlanRun:
    """Plan a scenario end to end and re-check the plan.

    ``keep_times`` (``plan --keep-times``, default the scenario's ``[keep] times``): keep
    every stop's weekday and start time from ``keep``, with up to ``max_moves`` stops moved
    (:mod:`busplanner.keep_times`).

    ``on_progress`` hears each phase as it begins (:class:`busplanner.solver.ProgressEvent`):
    ``"read"``, ``"travel"``, then the solver's ``"model"`` and ``"solve"`` (again at each
    better plan), then ``"check"``.

    Raises
    ------
    ScenarioError, TerritoryError
        Bad input.
    InfeasibleError
        Nothing at all can be planned.
    PlanViolationError
        The plan broke a rule when re-checked (a bug in busplanner).
    SolverError
        CP-SAT failed.
    ValueError
        ``time_limit_s`` is not positive, or ``seed`` negative (:class:`SolveOptions`).
    """
    checked = check_inputs(scenario_path, on_progress=on_progress)
    scenario, territory = checked.scenario, checked.territory
    # The overrides go into the scenario, which the solver's options are read from
    # (SolveOptions.from_scenario in plan_scenario), so the run records what it used.
    if time_limit_s is not None:
        # --time-limit caps the wall clock; the deterministic budget never exceeds it.
        scenario = replace(
            scenario,
            time_limit_s=time_limit_s,
            work_limit_s=min(scenario.work_limit_s, time_limit_s),
        )
    if seed is not None:
        scenario = replace(scenario, seed=seed)
    if keep_times is not None:
        scenario = replace(scenario, keep_times=keep_times)
    if max_moves is not None:
        scenario = replace(scenario, max_moves=max_moves)
    if scenario.keep_times and keep is not None:
        report(on_progress, "model", time.perf_counter())
        return plan_keeping_times(scenario, territory, keep, problem=checked.problem)
    return plan_scenario(
        scenario, territory, on_progress=on_progress, keep=keep, problem=checked.problem
    )


def plan_scenario(
    scenario: Scenario,
    territory: Territory,
    *,
    on_progress: ProgressCallback | None = None,
    keep: Plan | None = None,
    options: SolveOptions | None = None,
    problem: PlanningProblem | None = None,
) -> PlanRun:
    """Plan an already loaded scenario and re-check the plan (see :func:`run_plan`).

    ``options`` default to the scenario's ``[solver]`` table
    (:meth:`SolveOptions.from_scenario`); pass others to force a method, say. ``problem``:
    the one :func:`check_inputs` built from the same scenario and territory (the solver's
    options do not change it), else it is built here.

    Raises
    ------
    InfeasibleError, PlanViolationError, SolverError
        As :func:`run_plan`.
    """
    if problem is None:
        problem = build_problem(scenario, territory, attendance=logged_sessions(scenario))
    if keep is not None:
        problem = replace(problem, previous=slots_of(keep))
    if options is None:
        options = SolveOptions.from_scenario(scenario)
    t0 = time.perf_counter()
    # In a child process held to [solver] max_memory_mb (busplanner.budget).
    solution = solve_within_budget(problem, options, on_progress=on_progress)
    report(on_progress, "check", t0)
    plan = assemble_plan(problem, solution)
    if not plan.routes:
        reasons = Pair(
            "\n".join(f"  - {u.reason}" for u in plan.unserved),
            "\n".join(f"  - {u.reason_in('fr')}" for u in plan.unserved),
        )
        raise InfeasibleError(Msg("pipeline.nothing_plannable", reasons=reasons))
    plan = replace(plan, kpis=compute_kpis(plan, scenario), region=scenario.region)
    if scenario.notes:
        plan = replace(plan, warnings=(*scenario.notes, *plan.warnings))
    violations = check_plan(plan, scenario, territory)
    if violations:
        lines = "\n".join(f"  - {v}" for v in violations[:20])
        msg = f"the plan broke {len(violations)} rule(s) when re-checked (a bug):\n{lines}"
        raise PlanViolationError(msg)
    return PlanRun(scenario, territory, plan)


def plan_keeping_times(
    scenario: Scenario,
    territory: Territory,
    keep: Plan,
    *,
    problem: PlanningProblem | None = None,
) -> PlanRun:
    """``keep``'s weekdays, start times, half-days and buses kept, each day's stops chosen
    among the weeks of the cycle for the fewest kilometres (up to ``scenario.max_moves``
    stops moved; :mod:`busplanner.keep_times`), then re-checked.

    The plan breaks no rule that ``keep`` does not break on the same day already (a
    published timetable may be tighter than the scenario's travel model): those are kept,
    as warnings; any other is a bug (:class:`PlanViolationError`). ``plan.kpis["keep_times"]``
    holds the kilometres before and after and the stops moved.
    """
    from busplanner.keep_times import keep_times

    if problem is None:
        problem = build_problem(scenario, territory, attendance=logged_sessions(scenario))
    kept = keep_times(problem, keep, max_moves=scenario.max_moves, seed=scenario.seed)
    plan = kept.plan
    plan = replace(plan, kpis=compute_kpis(plan, scenario), region=scenario.region)
    plan = replace(
        plan,
        kpis={
            **plan.kpis,
            "keep_times": {
                "distance_km_before": kept.km_before,
                "distance_km_after": kept.km_after,
                "max_moves": scenario.max_moves,
                "moved": list(kept.moved),
            },
        },
    )
    already = {str(v) for v in check_plan(keep, scenario, territory)}
    violations = check_plan(plan, scenario, territory)
    new = [v for v in violations if str(v) not in already]
    if new:
        lines = "\n".join(f"  - {v}" for v in new[:20])
        msg = f"the plan broke {len(new)} rule(s) when re-checked (a bug):\n{lines}"
        raise PlanViolationError(msg)
    inherited = tuple(
        Msg(
            "keep_times.inherited",
            where=Pair(v.where, route_where(v.where, "fr")),
            detail=v.detail,
        )
        for v in violations
    )
    return PlanRun(scenario, territory, replace(plan, warnings=(*plan.warnings, *inherited)))


def slots_of(plan: Plan) -> dict[str, Slot]:
    """Each visited stop's slot in a plan: weekday, half-day, spacing, first week and the
    start time of its first visit."""
    starts: dict[str, int] = {}
    for r in sorted(plan.routes, key=lambda r: r.week):
        for v in r.visits:
            starts.setdefault(v.stop_id, v.start_min)
    return {
        s.id: Slot(s.weekday, s.half_day, s.every_weeks, s.first_week, starts.get(s.id), s.bus)
        for s in plan.stops
        if s.weekday and s.half_day and s.every_weeks and s.first_week
    }

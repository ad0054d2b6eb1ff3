"""The day-pattern model: whole bus days over the cycle as the columns of a set partitioning.

When every visit can be served, a plan is a multiset of "day patterns" (what a bus's
morning and afternoon slots hold in each week of the cycle), costed with the enumerated
day routes; CP-SAT proves the optimum where the week-by-week model stalls on symmetry.
``docs/model.md``, "Three ways to solve".
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from ortools.sat.python import cp_model

from busplanner.problem import PlanningProblem
from busplanner.solver.columns import Column
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import DayRoute, Pattern, ProgressCallback, Solution, report


def solve_day_patterns(
    problem: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    columns: dict[str, list[Column]],
    *,
    on_progress: ProgressCallback | None,
    t0: float,
) -> Solution | None:
    """The proven optimum by day patterns, or ``None`` when the model does not apply or
    proves nothing within its share of the work limit (see :func:`_prove_by_day_patterns`).

    Parameters
    ----------
    problem
        The planning problem.
    options
        Limits and seed; this model gets half the work limit (at least 0.5 s).
    halves
        Each stop's feasible (weekday, half-day) pairs.
    columns
        The feasible bus days per weekday (:func:`busplanner.solver.columns.day_columns`).
    on_progress
        Called when the search starts, then once with the plan (``"solve"`` events).
    t0
        ``time.perf_counter()`` at the start of the solve.

    Returns
    -------
    Solution or None
        An ``"optimal"`` solution, or ``None``.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C, once CP-SAT has stopped (:func:`busplanner.solver.cpsat.solve_interruptibly`).
    """
    p = problem
    report(on_progress, "solve", t0)
    # When every visit can be served, whole days as columns solve it exactly and fast.
    proof = _prove_by_day_patterns(
        p, options, halves, columns, work_limit_s=max(0.5, 0.5 * options.work_limit_s)
    )
    if proof is None:
        return None
    visits = sum(pat.visits for pat in proof.patterns.values())
    total = sum(s.visits_per_cycle for s in p.stops)
    report(
        on_progress,
        "solve",
        t0,
        best_km=proof.cost_m / 1000,
        visits_held=visits,
        visits_total=total,
    )
    day_routes = sorted(proof.routes, key=lambda r: (r.week, p.days.index(r.day), r.bus))
    return Solution(
        patterns=proof.patterns,
        routes=tuple(day_routes),
        status="optimal",
        objective=float(proof.cost_m),
        bound=float(proof.cost_m),
        seconds=round(time.perf_counter() - t0, 2),
        work_seconds=round(proof.work_s, 2),
        seed=options.seed,
        method="CP-SAT day-pattern model (every visit served), proven optimal",
    )


@dataclass(frozen=True)
class _SlotOption:
    """What one half-day slot (a weekday, morning or afternoon) holds in each week of the
    cycle: a stop's index or ``None``; and each stop's first week (0-based)."""

    weeks: tuple[int | None, ...]
    offsets: tuple[tuple[int, int], ...]
    stops: frozenset[int]


class _DayPattern(NamedTuple):
    """A column of the day-pattern model: what a bus's morning and afternoon slots hold over
    the cycle on the weekdays ``days`` (a class of interchangeable days), its cost in metres,
    and ``count``, the CP-SAT variable saying how many bus days of the class drive it
    (``None`` in the one-bus, one-day scan, which needs no solver)."""

    days: list[str]
    morning: _SlotOption
    afternoon: _SlotOption
    count: Any
    cost_m: int


class _Proof(NamedTuple):
    """The day-pattern model's proven optimum: patterns, day routes, metres, work seconds."""

    patterns: dict[int, Pattern]
    routes: list[DayRoute]
    cost_m: int
    work_s: float


MAX_SLOT_PAIRS = 200_000
"""Above this many (morning, afternoon) slot fillings per class of days, no day patterns."""


def _slot_bound(
    p: PlanningProblem, halves: dict[int, set[tuple[str, str]]], day: str, half: str
) -> int:
    """An upper bound on :func:`_slot_options`' count, from counts alone: each week of the
    cycle holds one of the slot's candidates or nothing."""
    cands = sum(1 for s in p.stops if s.visits_per_cycle and (day, half) in halves[s.index])
    return (cands + 1) ** p.cycle_weeks


def _slot_options(
    p: PlanningProblem, halves: dict[int, set[tuple[str, str]]], day: str, half: str
) -> list[_SlotOption]:
    """Every way to fill one half-day slot over the cycle with stops at their target counts."""
    weeks = p.cycle_weeks
    cands = [
        s
        for s in p.stops
        if s.visits_per_cycle and (day, half) in halves[s.index] and weeks % s.visits_per_cycle == 0
    ]
    out: list[_SlotOption] = []
    empty = -1
    filled: list[int | None] = [empty] * weeks
    used: list[tuple[int, int]] = []

    def rec() -> None:
        if empty not in filled:
            out.append(
                _SlotOption(tuple(filled), tuple(sorted(used)), frozenset(i for i, _o in used))
            )
            return
        w = filled.index(empty)
        filled[w] = None
        rec()
        filled[w] = empty
        for s in cands:
            every = weeks // s.visits_per_cycle
            if w >= every or any(i == s.index for i, _o in used):
                continue
            span = range(w, weeks, every)
            if any(filled[v] != empty for v in span):
                continue
            for v in span:
                filled[v] = s.index
            used.append((s.index, w))
            rec()
            used.pop()
            for v in span:
                filled[v] = empty

    rec()
    return out


def _prove_by_day_patterns(
    p: PlanningProblem,
    options: SolveOptions,
    halves: dict[int, set[tuple[str, str]]],
    columns: dict[str, list[Column]],
    *,
    work_limit_s: float,
) -> _Proof | None:
    """Solve the full-service case exactly with whole days as columns.

    When every visit can be served, days with the same windows for every stop are
    interchangeable, and so are buses: a solution is then a multiset of "day patterns" (what
    the morning and afternoon slots hold in each week of the cycle). Choosing them is a small
    set-partitioning model whose bound is tight, so CP-SAT proves optimality where the
    week-by-week model stalls on symmetry. Only for one session per half-day, cycles of at
    most 4 weeks and no ``--keep``; returns ``None`` when it does not apply or proves nothing.
    """
    if p.sessions_per_half_day != (1, 1) or p.previous or p.cycle_weeks > 4:
        return None
    weeks = p.cycle_weeks
    classes: dict[tuple[tuple[tuple[int, int], ...], ...], list[str]] = defaultdict(list)
    for d in p.days:
        classes[tuple(s.windows[d] for s in p.stops)].append(d)
    model = cp_model.CpModel()
    chosen: list[_DayPattern] = []
    cover: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    n_columns = 0
    needed = frozenset(s.index for s in p.stops if s.visits_per_cycle)
    # One bus on one day (a group of the decomposition): a scan, not a solver, finds the
    # cheapest column that holds every stop.
    single = sum(len(days) * p.bus_count for days in classes.values()) == 1
    for days in classes.values():
        found = _class_patterns(p, halves, columns, days[0], needed if single else None)
        if found is None:
            return None
        in_class = []
        for am, pm, cost in found:
            if single:
                chosen.append(_DayPattern(days, am, pm, None, cost))
                continue
            var = model.new_int_var(0, len(days) * p.bus_count, f"z{n_columns}")
            n_columns += 1
            chosen.append(_DayPattern(days, am, pm, var, cost))
            in_class.append(var)
            for i in am.stops | pm.stops:
                cover[i].append(var)
        if not single:
            model.add(sum(in_class) <= len(days) * p.bus_count)
    if single:
        if not chosen:
            return None
        best = min(
            chosen, key=lambda c: (c.cost_m, _order(c.morning.weeks), _order(c.afternoon.weeks))
        )
        patterns, routes = _day_pattern_solution(p, weeks, [(best, 1)], classes)
        return _Proof(patterns, routes, best.cost_m, 0.0)
    for s in p.stops:
        if s.visits_per_cycle:
            if not cover[s.index]:
                return None
            model.add(sum(cover[s.index]) == 1)
    model.minimize(sum(c.cost_m * c.count for c in chosen))
    solver = make_solver(
        options,
        workers=1,
        work_limit_s=max(0.1, work_limit_s),
        wall_limit_s=max(0.2, 3 * work_limit_s),
    )
    if solve_interruptibly(solver, model) != cp_model.OPTIMAL:
        return None
    picked = [(c, solver.value(c.count)) for c in chosen if solver.value(c.count)]
    patterns, routes = _day_pattern_solution(p, weeks, picked, classes)
    return _Proof(patterns, routes, round(solver.objective_value), solver.deterministic_time)


def _class_patterns(
    p: PlanningProblem,
    halves: dict[int, set[tuple[str, str]]],
    columns: dict[str, list[Column]],
    d0: str,
    needed: frozenset[int] | None,
) -> list[tuple[_SlotOption, _SlotOption, int]] | None:
    """The day patterns of a class of days (``d0`` one of them): each pair of a morning and
    an afternoon slot, with no stop in both, whose every week is an enumerated column, and
    its cost over the cycle (with ``needed``, one bus on one day: only the pairs that hold
    every stop). ``None`` when the class has more pairs than :data:`MAX_SLOT_PAIRS`."""
    # Sized before it is built: a slot holds one of its candidates (or none) each week.
    if _slot_bound(p, halves, d0, "morning") * _slot_bound(p, halves, d0, "afternoon") > (
        MAX_SLOT_PAIRS
    ):
        return None
    cost_of = {(frozenset(c.morning), frozenset(c.afternoon)): c.cost_m for c in columns[d0]}
    ams, pms = (
        _slot_options(p, halves, d0, "morning"),
        _slot_options(p, halves, d0, "afternoon"),
    )
    if len(ams) * len(pms) > MAX_SLOT_PAIRS:
        return None
    found = []
    for am in ams:
        for pm in pms:
            if am.stops & pm.stops or not (am.stops or pm.stops):
                continue
            if needed is not None and am.stops | pm.stops != needed:
                continue
            cost = 0
            for w in range(p.cycle_weeks):
                a, b = am.weeks[w], pm.weeks[w]
                if a is None and b is None:
                    continue
                key = (frozenset([a] if a else []), frozenset([b] if b else []))
                c = cost_of.get(key)
                if c is None:
                    cost = -1
                    break
                cost += c
            if cost >= 0:
                found.append((am, pm, cost))
    return found


def _order(weeks: tuple[int | None, ...]) -> tuple[int, ...]:
    """A sortable form of a slot's weeks (ties between equal-cost columns, deterministic)."""
    return tuple(-1 if i is None else i for i in weeks)


def _day_pattern_solution(
    p: PlanningProblem,
    weeks: int,
    picked: list[tuple[_DayPattern, int]],
    classes: dict[Any, list[str]],
) -> tuple[dict[int, Pattern], list[DayRoute]]:
    """Lay chosen day patterns (with how many of each) on real buses and weekdays."""
    patterns: dict[int, Pattern] = {}
    routes: list[DayRoute] = []
    slots: dict[tuple[str, ...], list[tuple[int, str]]] = {
        tuple(days): [(b, d) for d in days for b in range(p.bus_count)] for days in classes.values()
    }
    for column, count in picked:
        am, pm = column.morning, column.afternoon
        for _ in range(count):
            b, d = slots[tuple(column.days)].pop(0)
            for opt, half in ((am, "morning"), (pm, "afternoon")):
                for i, first in opt.offsets:
                    k = p.by_index[i].visits_per_cycle
                    patterns[i] = Pattern(b, d, half, k, weeks // k, first)
            for w in range(weeks):
                a, c = am.weeks[w], pm.weeks[w]
                if a is not None or c is not None:
                    routes.append(
                        DayRoute(
                            b, w, d, (a,) if a is not None else (), (c,) if c is not None else ()
                        )
                    )
    return patterns, routes

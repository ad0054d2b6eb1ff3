"""A lower bound for plans the exact models cannot prove: a relaxation on CP-SAT.

Drop the rotation's rules (one weekday, half-day and start time per stop, visits evenly
spaced) and keep the days: a plan is then a multiset of feasible bus days (the columns of
:mod:`.columns`, each at its cheapest order), at most ``buses x weeks`` of each weekday,
holding every stop exactly as many times as it is asked for. Every plan the rotation allows
is such a multiset, so the cheapest one bounds the kilometres of any plan that holds every
visit. It needs the columns, so it is only computed when their enumeration is small.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from busplanner.problem import PlanningProblem
from busplanner.solver.columns import Column
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.options import SolveOptions


def relaxed_bound_m(
    problem: PlanningProblem,
    columns: dict[str, list[Column]],
    options: SolveOptions,
    *,
    work_limit_s: float,
    wall_limit_s: float,
) -> float | None:
    """The relaxation's proven lower bound on metres driven per cycle with every visit held.

    Returns ``None`` when the relaxation itself cannot hold every visit (then no plan can)
    or CP-SAT proves nothing in its budget.
    """
    p = problem
    model = cp_model.CpModel()
    cover: dict[int, list[cp_model.IntVar]] = {s.index: [] for s in p.stops}
    cost = []
    days_per_class = p.bus_count * p.cycle_weeks
    for day in p.days:
        in_day = []
        for k, col in enumerate(columns[day]):
            z = model.new_int_var(0, days_per_class, f"z_{day}_{k}")
            in_day.append(z)
            cost.append(col.cost_m * z)
            for i in (*col.morning, *col.afternoon):
                cover[i].append(z)
        model.add(sum(in_day) <= days_per_class)
    for s in p.stops:
        if s.visits_per_cycle and not cover[s.index]:
            return None
        model.add(sum(cover[s.index]) == s.visits_per_cycle)
    model.minimize(sum(cost))
    solver = make_solver(options, workers=1, work_limit_s=work_limit_s, wall_limit_s=wall_limit_s)
    status = solve_interruptibly(solver, model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return float(solver.best_objective_bound)

"""Where to base the buses: the p-median model on CP-SAT.

Given clients ``i`` (communes) with a demand weight ``w_i``, candidate bases ``j`` and the
cost ``d_ij`` of serving client ``i`` from base ``j`` (a driving distance), choose ``K``
bases to minimise the demand-weighted cost of serving every client from its base::

    minimise   sum_ij  w_i d_ij x_ij
    subject to sum_j x_ij = 1          every client is served by one base
               x_ij <= y_j             only by an open base
               sum_j y_j = K           K bases open
               y_j = 1                 for the bases kept (existing ones)
               x_ij, y_j in {0, 1}

Costs are rounded to whole units of :data:`COST_RESOLUTION_KM` and weights to whole
numbers, so that CP-SAT works on integers; the objective reported is recomputed from the
unrounded figures. A greedy solution (add the base that saves the most, one at a time, then
swap while it helps) is the search's hint, and its answer when CP-SAT finds nothing in time.
The model is sized before it is built (:func:`pmedian_size`): clients × allowed bases
assignment variables. ``docs/model.md`` ("Where to base a bus") describes it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from busplanner.errors import InfeasibleError, SolverError
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.options import SolveOptions

COST_RESOLUTION_KM = 0.01
"""Costs (km) are rounded to 10 m for CP-SAT."""
WEIGHT_UNITS = 1000.0
"""Weights are scaled up to this when the largest is smaller, then rounded to integers."""
MAX_PMEDIAN_VARS = 250_000
"""At most this many assignment variables (clients × allowed bases): past it, the model is
refused (or each client is restricted to its nearest bases, on request)."""


@dataclass(frozen=True)
class PMedianResult:
    """The chosen bases and how good the choice is proven to be.

    Attributes
    ----------
    chosen
        Indices of the open bases, sorted.
    assignment
        For each client, the index of the base that serves it (its cheapest open base).
    objective
        ``sum_i w_i d_i,assignment(i)`` with the unrounded weights and costs.
    bound
        A proven lower bound on the rounded objective, rescaled to the objective's unit
        (``None`` when CP-SAT proved nothing).
    status
        ``"optimal"`` (proven for the rounded model), ``"feasible"`` (with ``gap``) or
        ``"greedy"`` (CP-SAT found nothing better in its budget: the greedy choice, no
        bound).
    gap
        ``(objective - bound) / objective`` (0 when optimal; ``None`` without a bound).
    seconds
        Wall-clock seconds of the solve (model building included).
    variables
        Assignment variables of the model (clients × allowed bases) plus one per base.
    nearest
        When each client was restricted to its nearest bases: how many; else ``None``.
    """

    chosen: tuple[int, ...]
    assignment: tuple[int, ...]
    objective: float
    bound: float | None
    status: str
    gap: float | None
    seconds: float
    variables: int
    nearest: int | None = None


def pmedian_size(clients: int, bases: int, nearest: int | None = None) -> int:
    """Variables of the model: one per allowed (client, base) pair, one per base."""
    allowed = bases if nearest is None else min(nearest, bases)
    return clients * allowed + bases


def greedy_pmedian(
    weights: Sequence[float], cost: Sequence[Sequence[float]], k: int, forced: Sequence[int] = ()
) -> tuple[int, ...]:
    """A good choice of ``k`` bases: the ``forced`` ones, then one at a time the base that
    lowers the weighted cost the most, then the best swap (one base out, another in) while
    one lowers it. Ties go to the lower index: the result is deterministic."""
    c = np.asarray(cost, dtype=float)
    w = np.asarray(weights, dtype=float)
    n_clients = c.shape[0]
    chosen = list(dict.fromkeys(forced))
    best = c[:, chosen].min(axis=1) if chosen else np.full(n_clients, np.inf)
    while len(chosen) < k:
        totals = _totals(w, best, c)
        totals[chosen] = np.inf
        pick = int(np.argmin(totals))  # the first of equal totals: the lowest index
        chosen.append(pick)
        best = np.minimum(best, c[:, pick])
    current = float((w * best).sum()) if n_clients else 0.0
    fixed = set(forced)
    while True:
        move: tuple[float, int, int] | None = None
        for out in sorted(j for j in chosen if j not in fixed):
            rest = [j for j in chosen if j != out]
            base = c[:, rest].min(axis=1) if rest else np.full(n_clients, np.inf)
            totals = _totals(w, base, c)
            totals[chosen] = np.inf
            inn = int(np.argmin(totals))
            if totals[inn] < current - 1e-9 and (move is None or totals[inn] < move[0]):
                move = (float(totals[inn]), out, inn)
        if move is None:
            break
        current, out, inn = move
        chosen = [inn if j == out else j for j in chosen]
    return tuple(sorted(chosen))


def _totals(w: np.ndarray, best: np.ndarray, c: np.ndarray) -> np.ndarray:
    """For each base, the weighted cost when it is opened beside the bases giving ``best``."""
    return np.asarray((w[:, None] * np.minimum(best[:, None], c)).sum(axis=0), dtype=float)


def solve_pmedian(
    weights: Sequence[float],
    cost: Sequence[Sequence[float]],
    k: int,
    options: SolveOptions,
    *,
    forced: Sequence[int] = (),
    nearest: int | None = None,
) -> PMedianResult:
    """Choose ``k`` bases among the columns of ``cost`` (``cost[i][j]``, client ``i`` served
    from base ``j``), the ``forced`` ones among them, to minimise ``sum w_i cost[i][j(i)]``.

    Parameters
    ----------
    weights
        Demand weight of each client, ≥ 0.
    cost
        ``cost[i][j]`` ≥ 0, one row per client, one column per base.
    k
        Bases to open, ``len(forced)`` ≤ ``k`` ≤ the number of bases.
    options
        Limits (``work_limit_s``, ``time_limit_s``), seed and workers (interleaved search
        with more than one: the same inputs and seed give the same choice).
    forced
        Bases that stay open (existing ones).
    nearest
        Restrict each client to its ``nearest`` cheapest bases (and the forced ones): a
        smaller model, optimal only among the choices where every client has one of them.

    Raises
    ------
    ValueError
        If ``k`` or ``forced`` is out of range, or the shapes disagree.
    InfeasibleError
        With ``nearest``, when no choice of ``k`` bases gives every client one of its
        nearest bases.
    SolverError
        If CP-SAT fails (without ``nearest`` the model is always feasible: the greedy
        choice is a solution).
    """
    start = time.perf_counter()
    forced = _checked(weights, cost, k, forced)
    allowed = _allowed(cost, nearest, forced)
    hint = greedy_pmedian(weights, cost, k, forced)
    # With ``nearest``, the hint must be a solution of the restricted model: every client
    # needs one of its allowed bases open. When it is not, the hint is left out.
    hint_ok = nearest is None or all(any(j in hint for j in bases) for bases in allowed)
    m = _model(weights, cost, k, forced, allowed, hint if hint_ok else None)
    solver = make_solver(
        options,
        workers=options.workers,
        work_limit_s=options.work_limit_s,
        wall_limit_s=options.time_limit_s,
    )
    status = solve_interruptibly(solver, m.model)
    variables = len(m.x) + len(m.y)
    if status == cp_model.UNKNOWN and hint_ok:
        chosen, label, bound, gap = hint, "greedy", None, None
    elif status == cp_model.INFEASIBLE and nearest is not None:
        raise InfeasibleError.of("solver.pmedian_nearest", nearest=nearest, k=k)
    elif status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        name = solver.status_name(status)
        raise SolverError.of("solver.pmedian_status", status=name, variables=variables)
    else:
        chosen, label, bound, gap = _read(solver, status, m)
    assignment = tuple(
        min((j for j in chosen if j in bases), key=lambda j: (row[j], j))
        for row, bases in zip(cost, allowed, strict=True)
    )
    return PMedianResult(
        chosen=chosen,
        assignment=assignment,
        objective=sum(w * cost[i][assignment[i]] for i, w in enumerate(weights)),
        bound=bound,
        status=label,
        gap=gap,
        seconds=time.perf_counter() - start,
        variables=variables,
        nearest=nearest,
    )


def _checked(
    weights: Sequence[float], cost: Sequence[Sequence[float]], k: int, forced: Sequence[int]
) -> tuple[int, ...]:
    """The forced bases, once each.

    Raises
    ------
    ValueError
        The shapes disagree, or ``k`` or ``forced`` is out of range.
    """
    n_clients = len(cost)
    n_bases = len(cost[0]) if cost else 0
    if len(weights) != n_clients or any(len(row) != n_bases for row in cost):
        msg = f"p-median: {len(weights)} weights for {n_clients} cost rows of unequal length"
        raise ValueError(msg)
    kept = tuple(dict.fromkeys(forced))
    if not (0 < k <= n_bases) or len(kept) > k or any(not 0 <= j < n_bases for j in kept):
        msg = f"p-median: cannot open {k} of {n_bases} bases with {len(kept)} kept"
        raise ValueError(msg)
    return kept


def _read(
    solver: cp_model.CpSolver, status: Any, m: _Model
) -> tuple[tuple[int, ...], str, float, float]:
    """The bases CP-SAT opened, its status, its bound (km) and the gap of the model it
    solved (rounded costs and weights)."""
    chosen = tuple(j for j in range(len(m.y)) if solver.boolean_value(m.y[j]))
    unit = COST_RESOLUTION_KM / m.w_scale
    bound = float(solver.best_objective_bound) * unit
    found = float(solver.objective_value)
    gap = 0.0 if status == cp_model.OPTIMAL or found <= 0 else max(0.0, 1 - bound / unit / found)
    return chosen, "optimal" if status == cp_model.OPTIMAL else "feasible", bound, gap


@dataclass(frozen=True)
class _Model:
    """The p-median model: a base open (``y``), a client served from a base (``x``)."""

    model: cp_model.CpModel
    y: list[cp_model.IntVar]
    x: dict[tuple[int, int], cp_model.IntVar]
    w_scale: float
    """What the weights were multiplied by before rounding."""


def _model(
    weights: Sequence[float],
    cost: Sequence[Sequence[float]],
    k: int,
    forced: Sequence[int],
    allowed: list[list[int]],
    hint: tuple[int, ...] | None,
) -> _Model:
    """Each client served from exactly one open allowed base, ``k`` bases open (the forced
    ones among them), the weighted cost (rounded) minimised; the greedy ``hint`` given."""
    n_bases = len(cost[0]) if cost else 0
    model = cp_model.CpModel()
    y = [model.new_bool_var(f"y{j}") for j in range(n_bases)]
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    terms = []
    # Whole weights: scaled up when the largest is below WEIGHT_UNITS (equal weights of 1,
    # fractions), so that rounding keeps their ratios.
    top = max(weights, default=0.0)
    w_scale = WEIGHT_UNITS / top if 0 < top < WEIGHT_UNITS else 1.0
    w_int = [round(w * w_scale) for w in weights]
    for i in range(len(cost)):
        row = []
        for j in allowed[i]:
            v = model.new_bool_var(f"x{i}_{j}")
            x[i, j] = v
            row.append(v)
            model.add_implication(v, y[j])
            c = w_int[i] * round(cost[i][j] / COST_RESOLUTION_KM)
            if c:
                terms.append(c * v)
        model.add_exactly_one(row)
    model.add(sum(y) == k)
    for j in forced:
        model.add(y[j] == 1)
    model.minimize(sum(terms))
    if hint is not None:
        for j in range(n_bases):
            model.add_hint(y[j], j in hint)
        for i in range(len(cost)):
            best = min((j for j in hint if j in allowed[i]), key=lambda j: (cost[i][j], j))
            for j in allowed[i]:
                model.add_hint(x[i, j], j == best)
    return _Model(model, y, x, w_scale)


def _allowed(
    cost: Sequence[Sequence[float]], nearest: int | None, forced: Sequence[int]
) -> list[list[int]]:
    """Each client's allowed bases: all, or its ``nearest`` cheapest and the forced ones."""
    n_bases = len(cost[0]) if cost else 0
    if nearest is None or nearest >= n_bases:
        return [list(range(n_bases)) for _ in cost]
    out = []
    for row in cost:
        near = sorted(range(n_bases), key=lambda j: (row[j], j))[:nearest]
        out.append(sorted({*near, *forced}))
    return out

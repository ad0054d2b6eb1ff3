"""Tests for busplanner.solver.pmedian: where to base the buses (p-median on CP-SAT)."""

from __future__ import annotations

import itertools
import random

import pytest

from busplanner.errors import InfeasibleError
from busplanner.solver.options import SolveOptions
from busplanner.solver.pmedian import (
    greedy_pmedian,
    pmedian_size,
    solve_pmedian,
)

OPTIONS = SolveOptions(time_limit_s=20, work_limit_s=10, seed=0)


def _line(points: list[float]) -> list[list[float]]:
    return [[abs(a - b) for b in points] for a in points]


def _brute(
    weights: list[float], cost: list[list[float]], k: int, forced: tuple[int, ...] = ()
) -> float:
    """The best objective over every choice of k bases (containing the forced ones)."""
    n = len(cost[0])
    return min(
        sum(w * min(row[j] for j in combo) for w, row in zip(weights, cost, strict=True))
        for combo in itertools.combinations(range(n), k)
        if set(forced) <= set(combo)
    )


def test_four_points_on_a_line_two_bases() -> None:
    # Points at 0, 1, 10, 11 km with weights 1, 2, 2, 1: the bases at 1 and 10 serve the
    # heavier points on the spot; the others drive 1 km each: objective 2, the only optimum.
    cost = _line([0, 1, 10, 11])
    result = solve_pmedian([1, 2, 2, 1], cost, 2, OPTIONS)
    assert result.chosen == (1, 2)
    assert result.assignment == (1, 1, 2, 2)
    assert result.objective == 2
    assert result.status == "optimal" and result.gap == 0.0
    assert result.bound == pytest.approx(2)
    assert result.variables == 4 * 4 + 4


def test_an_existing_base_stays_open() -> None:
    # Keeping the base at 11 km: the other goes to 1 km (serving 0 and 1), 10 drives 1 km.
    cost = _line([0, 1, 10, 11])
    result = solve_pmedian([1, 2, 2, 1], cost, 2, OPTIONS, forced=[3])
    assert result.chosen == (1, 3)
    assert result.objective == 1 + 2  # point 0 drives 1 km (w 1), point 10 drives 1 km (w 2)
    assert result.status == "optimal"


def test_a_hand_checked_case_with_a_far_heavy_commune() -> None:
    # A village of 100 at 20 km and four of 10 at 0, 2, 4, 6 km; one base. At 20 km: 4 x 10
    # drive 20+18+16+14 = 68 km, 680; at 6 km: 100 x 14 + 10 x (6+4+2) = 1,520. The base
    # goes to the heavy village.
    cost = _line([0, 2, 4, 6, 20])
    result = solve_pmedian([10, 10, 10, 10, 100], cost, 1, OPTIONS)
    assert result.chosen == (4,)
    assert result.objective == 680


@pytest.mark.parametrize("seed", range(5))
def test_the_optimum_of_small_random_cases(seed: int) -> None:
    rng = random.Random(seed)
    points = [(rng.uniform(0, 50), rng.uniform(0, 50)) for _ in range(9)]
    cost = [[((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 for bx, by in points] for ax, ay in points]
    weights = [float(rng.randint(50, 2000)) for _ in points]
    forced = (rng.randrange(9),) if seed % 2 else ()
    result = solve_pmedian(weights, cost, 3, OPTIONS, forced=forced)
    assert result.status == "optimal"
    assert set(forced) <= set(result.chosen) and len(result.chosen) == 3
    # Optimal for costs rounded to 10 m: within a few metres per inhabitant of the truth.
    assert result.objective == pytest.approx(_brute(weights, cost, 3, forced), rel=1e-4)


def test_the_same_inputs_give_the_same_bases() -> None:
    rng = random.Random(7)
    points = [rng.uniform(0, 100) for _ in range(30)]
    weights = [float(rng.randint(1, 500)) for _ in points]
    first = solve_pmedian(weights, _line(points), 4, OPTIONS)
    again = solve_pmedian(weights, _line(points), 4, OPTIONS)
    assert (first.chosen, first.objective) == (again.chosen, again.objective)


def test_fractional_and_equal_weights_keep_their_ratios() -> None:
    cost = _line([0, 1, 10, 11])
    result = solve_pmedian([0.01, 0.02, 0.02, 0.01], cost, 2, OPTIONS)
    assert result.chosen == (1, 2)
    assert result.objective == pytest.approx(0.02)
    assert result.bound == pytest.approx(0.02)


def test_clients_restricted_to_their_nearest_bases() -> None:
    points = [0, 1, 2, 10, 11, 12, 30, 31]
    result = solve_pmedian([1.0] * 8, _line(points), 3, OPTIONS, nearest=3)
    assert result.nearest == 3
    assert result.variables == 8 * 3 + 8
    assert result.chosen == (1, 4, 6)  # the middle of each group (30 and 31 tie: lower index)
    assert pmedian_size(8, 8, 3) == result.variables
    assert pmedian_size(8, 8) == 8 * 8 + 8


def test_greedy_adds_then_swaps() -> None:
    cost = _line([0, 1, 10, 11])
    assert greedy_pmedian([1, 2, 2, 1], cost, 2) == (1, 2)
    assert greedy_pmedian([1, 2, 2, 1], cost, 2, forced=[0]) == (0, 2)


@pytest.mark.parametrize(("k", "forced"), [(0, ()), (5, ()), (1, (0, 1)), (2, (7,))])
def test_impossible_choices_are_refused(k: int, forced: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        solve_pmedian([1, 1, 1, 1], _line([0, 1, 2, 3]), k, OPTIONS, forced=forced)


def test_too_few_nearest_bases_to_serve_everyone() -> None:
    # Three groups far apart, one base: with 2 nearest bases each, no single base serves all.
    with pytest.raises(InfeasibleError, match="2 nearest"):
        solve_pmedian([1.0] * 6, _line([0, 1, 50, 51, 100, 101]), 1, OPTIONS, nearest=2)

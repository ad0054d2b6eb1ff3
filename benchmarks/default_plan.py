"""Benchmark the default scenario: time to a first plan, objective and proven gap per time limit.

Run: ``.venv/bin/python benchmarks/default_plan.py [--limits 5 20 60] [--repeat 3]``.
Prints, for each time limit, the median wall time of the whole pipeline (problem, solve,
assemble, check), the seconds to the first solution, the kilometres per cycle, the bound and
the gap. The solver is deterministic, so the objective repeats; only the times vary.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from dataclasses import replace
from pathlib import Path

from busplanner.pipeline import load_inputs, plan_scenario

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios/roche_aux_fees.toml")
    parser.add_argument("--limits", type=float, nargs="+", default=[5.0, 20.0, 60.0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario, territory = load_inputs(args.scenario)
    print(
        f"# {args.scenario.name} on {platform.node()} ({platform.processor() or '?'}), "
        f"{time.strftime('%Y-%m-%d')}; medians of {args.repeat} runs"
    )
    print(
        f"{'limit s':>8} {'wall s':>8} {'first s':>8} {'km/cycle':>9} {'bound':>9} "
        f"{'gap %':>6}  status"
    )
    for limit in args.limits:
        walls, firsts = [], []
        plan = None
        for _ in range(args.repeat):
            first: list[float] = []
            t0 = time.perf_counter()
            plan = plan_scenario(
                replace(scenario, time_limit_s=limit),
                territory,
                on_progress=lambda e, first=first: (
                    first.append(e.elapsed_s) if e.best_km is not None else None
                ),
            ).plan
            walls.append(time.perf_counter() - t0)
            firsts.append(first[0] if first else float("nan"))
        assert plan is not None
        s = plan.solver
        gap = "" if s.gap is None else f"{100 * s.gap:.1f}"
        print(
            f"{limit:8.0f} {statistics.median(walls):8.1f} {statistics.median(firsts):8.2f} "
            f"{plan.kpis['distance_km_per_cycle']:9.1f} {s.bound or 0:9.1f} {gap:>6}  {s.status}"
        )


if __name__ == "__main__":
    main()

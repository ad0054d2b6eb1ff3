"""The memory estimate (``busplanner/sizes.py``) against the measured peak, over a grid of sizes.

Run: ``.venv/bin/python benchmarks/memory.py [--only A B] [--time-limit 30] [--json out.json]``
(about 10 minutes), and ``--overhead [--repeat 7]`` for what solving in a child process
(``busplanner/budget.py``) costs the default scenario.

Each case is a **SYNTHETIC** scenario from ``busplanner.generate`` (seed 0: stops uniform in
a 60 × 60 km box around Rennes), changed to sessions of 1 minute with no set-up or pack-up
and free opening hours (as in busplanner's issue 19: every stop is then visited every week,
and any bus day can take any visit), with ``stops`` stops, ``buses`` buses, a cycle of
``weeks`` weeks and ``days`` working days a week. So ``visits`` = stops × weeks and
``bus days`` = buses × weeks × days. Each case plans in a fresh process (``--child``) with
the periodic search forced (``method = "search"``: the path whose memory grows with the
product of visits and bus days), ``[solver] max_memory_mb`` out of the way, and a
wall-clock cap.

- **estimate MB**: what ``busplanner.sizes`` gives before the plan is built:
  ``BASE_MB + matrix_mb(places) + search_mb(places, visits, bus_days)``.
- **measured MB**: the peak resident memory of ``busplanner plan -q`` (run in the process,
  reports and files included), the larger of the planning process's and its solving
  child's (``ru_maxrss`` of each; the child's counts the pages it shares with its parent,
  so it is the whole run's memory while it solves).
- **ratio**: estimate / measured; the estimate aims to be within 1.5× of the measure.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import fmt, machine, run_child, table

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

CASES: dict[str, tuple[int, int, int, int]] = {
    "A": (25, 5, 4, 5),
    "B": (100, 10, 4, 5),
    "C": (300, 10, 4, 5),
    "D": (500, 5, 4, 5),
    "E": (25, 25, 4, 5),
    "F": (150, 25, 4, 5),
    "G": (25, 50, 4, 5),
    "H": (150, 50, 4, 5),
    "I": (25, 50, 8, 5),
    "J": (13, 50, 12, 7),
}
"""Name -> (stops, buses, weeks, working days a week). J is the size of issue 19's case:
12 weeks × 50 buses × 7 days (4,200 bus days) and 156 visits."""


def scenario_text(text: str, days: int, time_limit_s: float) -> str:
    """A generated scenario changed to 1-minute sessions, free hours, ``days`` working days,
    no memory budget and ``time_limit_s``."""
    names = ", ".join(f'"{d}"' for d in WEEKDAYS[:days])
    text = re.sub(r"days = \[.*\]", f"days = [{names}]", text)
    text = text.replace("duration_min = 180", "duration_min = 1")
    text = text.replace("setup_min = 10", "setup_min = 0")
    text = text.replace("packup_min = 10", "packup_min = 0")
    text = text.replace('opening_hours = "overlap"\nmin_overlap_min = 60', 'opening_hours = "free"')
    text = re.sub(r"time_limit_s = \S+", f"time_limit_s = {time_limit_s:g}", text)
    text = re.sub(r"work_limit_s = \S+", f"work_limit_s = {time_limit_s:g}", text)
    return text.replace("[solver]", "[solver]\nmax_memory_mb = 1000000")


def child_case(spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``busplanner plan`` on one case (in this fresh process) and measure it."""
    from dataclasses import replace

    from busplanner.cli import app
    from busplanner.generate import GeneratorParams, generate
    from busplanner.pipeline import load_inputs
    from busplanner.problem import build_problem
    from busplanner.sizes import BASE_MB, matrix_mb, search_mb
    from busplanner.solver import SolveOptions

    stops, buses, weeks, days = spec["size"]
    with tempfile.TemporaryDirectory() as tmp:
        params = GeneratorParams(stops=stops, buses=buses, cycle_weeks=weeks, seed=0)
        path = generate(params, Path(tmp))[0]
        path.write_text(scenario_text(path.read_text(), days, spec["time_limit_s"]))
        scenario, territory = load_inputs(path)
        problem = build_problem(scenario, territory)
        places = len(problem.stops) + 1
        visits = sum(s.visits_per_cycle for s in problem.stops)
        bus_days = problem.bus_count * problem.cycle_weeks * len(problem.days)
        estimate = BASE_MB + matrix_mb(places) + search_mb(places, visits, bus_days)
        del problem, scenario, territory
        # The periodic search, whatever the size (the scenario has no key for it).
        from_scenario = SolveOptions.from_scenario
        SolveOptions.from_scenario = classmethod(  # type: ignore[method-assign,assignment]
            lambda cls, sc: replace(from_scenario(sc), method="search")
        )
        t0 = time.perf_counter()
        code = app(
            ["plan", "-q", "-s", str(path), "--out", str(Path(tmp) / "out")],
            standalone_mode=False,
        )
        seconds = time.perf_counter() - t0
        plan = json.loads((Path(tmp) / "out" / "plan.json").read_text(encoding="utf-8"))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "status": "ok" if not code else f"exit {code}",
        "places": places,
        "visits": visits,
        "bus_days": bus_days,
        "estimate_mb": estimate,
        "own_mb": own,
        "child_mb": child,
        "measured_mb": max(own, child),
        "seconds": seconds,
        "visits_held": sum(len(r["visits"]) for r in plan["routes"]),
        "method": plan["solver"]["method"][:40],
    }


def child_overhead(spec: dict[str, Any]) -> dict[str, Any]:
    """Plan the default scenario ``repeat`` times with the solve in a child process and as
    many in this process, alternately: the solve's wall seconds each way."""
    import busplanner.budget as budget
    from busplanner.pipeline import check_inputs, plan_scenario

    checked = check_inputs(ROOT / "scenarios" / "roche_aux_fees.toml")
    isolated = budget.isolated
    times: dict[str, list[float]] = {"child": [], "in-process": []}
    plans: set[str] = set()
    for _ in range(spec["repeat"]):
        for way in ("child", "in-process"):
            budget.isolated = isolated if way == "child" else (lambda: False)  # type: ignore[assignment]
            t0 = time.perf_counter()
            run = plan_scenario(checked.scenario, checked.territory, problem=checked.problem)
            times[way].append(time.perf_counter() - t0)
            plans.add(run.plan.to_json())
    budget.isolated = isolated  # type: ignore[assignment]
    return {
        "status": "ok",
        "child_s": statistics.median(times["child"]),
        "in_process_s": statistics.median(times["in-process"]),
        "same_plan": len(plans) == 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names (default: all)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per plan")
    parser.add_argument("--max-mem-gb", type=float, default=12.0)
    parser.add_argument("--overhead", action="store_true", help="time the child process")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        result = child_overhead(spec) if spec.get("overhead") else child_case(spec)
        print(json.dumps(result))
        return
    print(f"# {machine()}")
    if args.overhead:
        spec = {"overhead": True, "repeat": args.repeat}
        r = run_child(SCRIPT, spec, max_wall_s=60 * args.repeat + 120, max_mem_gb=args.max_mem_gb)
        head = ["solve in a child s", "solve in process s", "difference s", "same plan"]
        row = [
            fmt(r.get("child_s"), ".2f"),
            fmt(r.get("in_process_s"), ".2f"),
            fmt(r["child_s"] - r["in_process_s"], "+.2f") if "child_s" in r else r["status"],
            str(r.get("same_plan", "—")),
        ]
        print(f"\ndefault scenario, median of {args.repeat} plans each way (plan_scenario)\n")
        print(table(head, [row]))
        return
    results = {}
    rows = []
    for name, size in CASES.items():
        if args.only and name not in args.only:
            continue
        spec = {"size": size, "time_limit_s": args.time_limit}
        r = run_child(
            SCRIPT, spec, max_wall_s=3 * args.time_limit + 180, max_mem_gb=args.max_mem_gb
        )
        results[name] = {"size": size, **r}
        ratio = r["estimate_mb"] / r["measured_mb"] if r.get("status") == "ok" else None
        row = [
            name,
            " × ".join(map(str, size)),
            fmt(r.get("visits")),
            fmt(r.get("bus_days")),
            fmt(r.get("estimate_mb"), ".0f"),
            fmt(r.get("measured_mb"), ".0f"),
            fmt(ratio, ".2f"),
            fmt(r.get("seconds"), ".1f"),
            r.get("status", "?"),
        ]
        rows.append(row)
        print(" | ".join(row), flush=True)
    head = [
        "case",
        "stops × buses × weeks × days",
        "visits",
        "bus days",
        "estimate MB",
        "measured MB",
        "ratio",
        "plan s",
        "status",
    ]
    print()
    print(table(head, rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

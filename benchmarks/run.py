"""Benchmark busplanner and reference solvers: time to a first plan, objective, bound, memory.

Run: ``.venv/bin/python benchmarks/run.py [--quick] [--limits 10 60] [--only roche gen50 C101]``.

Instances:

- ``roche``: the shipped Roche aux Fées scenario;
- ``gen50`` … ``gen600``: SYNTHETIC scenarios from :mod:`busplanner.generate` (seed 0);
- ``C101`` … ``RC201``: the Solomon VRPTW instances in ``benchmarks/solomon/``.

Each busplanner run goes through the public pipeline (``plan_scenario``) in its own process,
one per time limit, with ``time_limit_s`` = ``work_limit_s`` = the limit, a wall-clock cap
(``--max-wall``) and an address-space cap (``--max-mem-gb``): a refusal, a timeout or a crash
is a row of the table like any result. For synthetic instances the plan's kilometres are
compared with PyVRP on the same travel matrix, day by day: each (week, day) of the plan gives
a one-day VRPTW on the stops that day (same buses, windows, session length; no lunch break and
no rotation across weeks, so PyVRP solves a relaxation and its kilometres are a reference, not
a bound). Solomon instances are solved once per solver at the longest limit, and the best
objective found by each shorter limit is read off the solver's trajectory; both solvers see the
same data (×10, rounded) and run one thread each, one after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from harness import fmt, maxrss_mb, run_child, table

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
SOLOMON_DIR = Path(__file__).resolve().parent / "solomon"
GENERATED = (50, 150, 300, 600)
ALL = ("roche", *(f"gen{n}" for n in GENERATED), "C101", "C201", "R101", "R201", "RC101", "RC201")
QUICK = ("roche", "gen50", "C101", "R101")


# --- child processes -------------------------------------------------------------------------


def child_busplanner(spec: dict[str, Any]) -> dict[str, Any]:
    """Plan one scenario at one limit; optionally compare with PyVRP day by day."""
    from busplanner.errors import BusplannerError
    from busplanner.pipeline import load_inputs, plan_scenario

    limit = float(spec["limit"])
    t0 = time.perf_counter()
    firsts: list[float] = []
    out: dict[str, Any] = {}
    try:
        scenario, territory = load_inputs(Path(spec["scenario"]))
        scenario = replace(scenario, time_limit_s=limit, work_limit_s=limit)
        run = plan_scenario(
            scenario,
            territory,
            on_progress=lambda e: (
                firsts.append(time.perf_counter() - t0) if e.best_km is not None else None
            ),
        )
    except BusplannerError as exc:
        return {
            "status": f"{type(exc).__name__}: {exc}"[:300],
            "wall_s": time.perf_counter() - t0,
            "maxrss_mb": maxrss_mb(),
        }
    plan = run.plan
    k = plan.kpis
    out.update(
        status=plan.solver.status,
        wall_s=time.perf_counter() - t0,
        first_s=firsts[0] if firsts else None,
        km=k["distance_km_per_cycle"],
        objective=plan.solver.objective,
        bound=plan.solver.bound,
        gap=plan.solver.gap,
        visits=k["visits_per_cycle"],
        visits_missing=k["visits_missing"],
        served=k["communes_served"],
        stops=k["communes_total"],
        buses=scenario.bus_count,
        method=plan.solver.method,
        maxrss_mb=maxrss_mb(),
    )
    if spec.get("pyvrp_ref"):
        out.update(_pyvrp_days(run, seconds=float(spec.get("ref_s", 1.0))))
    return out


def _pyvrp_days(run: Any, *, seconds: float) -> dict[str, Any]:
    """PyVRP on each (week, day) of the plan: same stops, matrix, windows, buses."""
    try:
        import pyvrp
        from pyvrp.stop import MaxRuntime
    except ImportError:
        return {"ref": "pyvrp not installed (pip install -e '.[bench]')"}
    from busplanner.problem import build_problem

    problem = build_problem(run.scenario, run.territory)
    by_id = {s.id: s for s in problem.stops}
    days: dict[tuple[int, str], list[Any]] = {}
    for r in run.plan.routes:
        days.setdefault((r.week, r.day), []).append(r)
    ours = ref = 0.0
    t0 = time.perf_counter()
    service = problem.setup_min + problem.session_min + problem.packup_min
    for (_week, day), routes in sorted(days.items()):
        stops = [by_id[v.stop_id] for r in routes for v in r.visits]
        nodes = [0, *(s.index for s in stops)]
        m = pyvrp.Model()
        locs = [m.add_location(x=0, y=0) for _ in nodes]
        depot = m.add_depot(locs[0])
        m.add_vehicle_type(
            num_available=problem.bus_count,
            start_depot=depot,
            end_depot=depot,
            tw_early=problem.shift_start_min,
            tw_late=problem.shift_end_min,
        )
        for loc, s in zip(locs[1:], stops, strict=True):
            wins = s.windows[day]
            lo, hi = min(w[0] for w in wins), max(w[1] for w in wins)
            m.add_client(
                loc,
                service_duration=service,
                tw_early=lo - problem.setup_min,
                tw_late=max(lo, hi - problem.session_min) - problem.setup_min,
            )
        for a, la in zip(nodes, locs, strict=True):
            for b, lb in zip(nodes, locs, strict=True):
                m.add_edge(
                    la,
                    lb,
                    distance=round(1000 * problem.travel.distance_km[a][b]),
                    duration=problem.travel.duration_min[a][b],
                )
        res = m.solve(stop=MaxRuntime(seconds), seed=0, display=False, collect_stats=False)
        if not res.best.is_feasible():
            return {"ref": f"PyVRP found no feasible day for {day}"}
        ours += sum(r.distance_km for r in routes)
        ref += res.best.distance() / 1000
    return {
        "ref_km": ref,
        "ours_km": ours,
        "ref_gap": (ours - ref) / ref if ref else None,
        "ref_days": len(days),
        "ref_wall_s": time.perf_counter() - t0,
    }


def child_solomon(spec: dict[str, Any]) -> dict[str, Any]:
    """Solve one Solomon instance with one solver at the longest limit."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import solomon

    inst = solomon.read_solomon(Path(spec["file"]))
    limits = [float(v) for v in spec["limits"]]
    solve = solomon.solve_ortools if spec["solver"] == "ortools" else solomon.solve_pyvrp
    run = solve(inst, time_limit_s=max(limits))
    served = sorted(c for r in run.routes for c in r)
    return {
        "status": "feasible" if served == list(range(1, inst.size)) else "no solution",
        "first_s": run.first_s,
        "at": {str(lim): run.best_at(lim) for lim in limits},
        "exact_distance": inst.route_distance(run.routes) if run.routes else None,
        "vehicles": len(run.routes),
        "late_exact": inst.late_visits(run.routes),
        "wall_s": run.seconds,
        "maxrss_mb": maxrss_mb(),
    }


# --- parent ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help=f"instances among {ALL}")
    parser.add_argument("--limits", type=float, nargs="+", default=[10.0, 60.0])
    parser.add_argument("--quick", action="store_true", help="a ~2-minute smoke run")
    parser.add_argument("--max-wall", type=float, default=0, help="seconds per run (0: auto)")
    parser.add_argument("--max-mem-gb", type=float, default=12.0)
    parser.add_argument("--ref-s", type=float, default=1.0, help="PyVRP seconds per day")
    parser.add_argument("--workdir", type=Path, default=None, help="where to generate")
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        spec = json.loads(args.child)
        kind = spec.pop("kind")
        result = child_busplanner(spec) if kind == "busplanner" else child_solomon(spec)
        print(json.dumps(result))
        return

    names = list(args.only or (QUICK if args.quick else ALL))
    limits = sorted([2.0, 5.0] if args.quick and args.limits == [10.0, 60.0] else args.limits)
    unknown = [n for n in names if n not in ALL]
    if unknown:
        parser.error(f"unknown instance(s) {unknown}; expected some of {list(ALL)}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="busplanner-bench-"))
    print(
        f"# busplanner benchmarks, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; limits {limits} s; "
        "single runs"
    )
    results: list[dict[str, Any]] = []
    bp_rows, sol_rows = [], []
    for name in names:
        if name == "roche" or name.startswith("gen"):
            scenario = ROOT / "scenarios" / "roche_aux_fees.toml"
            if name.startswith("gen"):
                from busplanner.generate import GeneratorParams, generate

                scenario = generate(GeneratorParams(stops=int(name[3:])), workdir / name)[0]
            failed = False
            for lim in limits:
                if failed:
                    bp_rows.append([name, fmt(lim, "g"), "skipped: shorter limit gave no plan"])
                    continue
                spec = {
                    "kind": "busplanner",
                    "scenario": str(scenario),
                    "limit": lim,
                    "pyvrp_ref": name.startswith("gen") and lim == limits[-1],
                    "ref_s": args.ref_s,
                }
                wall = args.max_wall or 2 * lim + 120
                r = run_child(SCRIPT, spec, max_wall_s=wall, max_mem_gb=args.max_mem_gb)
                r.update(instance=name, limit=lim)
                results.append(r)
                failed = r.get("km") is None
                gap = r.get("gap")
                ref = r.get("ref_gap")
                bp_rows.append(
                    [
                        name,
                        fmt(lim, "g"),
                        r["status"],
                        fmt(r.get("first_s"), ".2f"),
                        fmt(r.get("wall_s")),
                        fmt(r.get("km")),
                        f"{r['visits']}/{r['visits'] + r['visits_missing']}"
                        if "visits" in r
                        else "—",
                        f"{r['served']}/{r['stops']}" if "served" in r else "—",
                        fmt(r.get("objective"), ".1f"),
                        fmt(r.get("bound"), ".1f"),
                        "—" if gap is None else f"{100 * gap:.2f}",
                        fmt(r.get("maxrss_mb"), ".0f"),
                        "—" if ref is None else f"{100 * ref:+.1f} ({r['ref_km']:.1f} km)",
                        str(r.get("method", ""))[:60],
                    ]
                )
                print("  ", " | ".join(bp_rows[-1]), flush=True)
        else:
            for solver in ("ortools", "pyvrp"):
                spec = {
                    "kind": "solomon",
                    "file": str(SOLOMON_DIR / f"{name}.txt"),
                    "solver": solver,
                    "limits": limits,
                }
                wall = args.max_wall or max(limits) + 120
                r = run_child(SCRIPT, spec, max_wall_s=wall, max_mem_gb=args.max_mem_gb)
                r.update(instance=name, solver=solver)
                results.append(r)
                sys.path.insert(0, str(Path(__file__).resolve().parent))
                import solomon

                bks = solomon.BEST_KNOWN[name]
                cells = [name, solver, r["status"], fmt(r.get("first_s"), ".2f")]
                for lim in limits:
                    v = (r.get("at") or {}).get(str(lim))
                    cells.append("—" if v is None else f"{v:.1f} ({100 * (v - bks) / bks:+.2f} %)")
                ex = r.get("exact_distance")
                cells += [
                    "—" if ex is None else f"{ex:.2f} ({100 * (ex - bks) / bks:+.2f} %)",
                    fmt(r.get("vehicles")),
                    fmt(r.get("late_exact")),
                    fmt(r.get("maxrss_mb"), ".0f"),
                ]
                sol_rows.append(cells)
                print("  ", " | ".join(cells), flush=True)
    if bp_rows:
        print("\n## busplanner (CP-SAT through the public pipeline)\n")
        head = [
            "instance",
            "limit s",
            "status",
            "first plan s",
            "wall s",
            "km/cycle",
            "visits held",
            "stops served",
            "objective",
            "bound",
            "gap %",
            "max RSS MB",
            "km vs PyVRP days",
            "method",
        ]
        print(table(head, bp_rows))
    if sol_rows:
        print("\n## Solomon VRPTW (distance; gap to best known)\n")
        head = ["instance", "solver", "status", "first s"]
        head += [f"best by {lim:g} s" for lim in limits]
        head += [f"exact at {max(limits):g} s", "vehicles", "late (exact times)", "max RSS MB"]
        print(table(head, sol_rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

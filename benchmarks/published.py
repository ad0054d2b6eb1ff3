"""busplanner against the published mobile-library rotations shipped in data/mobile_libraries/.

Run: ``.venv/bin/python benchmarks/published.py [--repeat 3] [--only banes devon-tiverton]
[--ref-s 30] [--json out.json]`` (PyVRP, the relaxed reference, comes with ``pip install -e
'.[bench]'``).

Each of the six rotations (BANES, North Somerset, and Devon's four mobiles) is imported with
``busplanner import timetable`` into a temporary folder, which gives its stops, a scenario and
the published rotation as a plan (``current.json``, measured with the scenario's travel model
from the same depot). Then, each in a fresh process (an address-space cap, a wall-clock cap):

- **busplanner** plans the scenario through the public pipeline (``load_inputs`` →
  ``plan_scenario``: solve, assemble, re-check), with the scenario's own ``[solver]`` settings,
  as ``busplanner plan`` does. Recorded: kilometres per cycle, visits asked and held, the
  checker's violations (``check_plan``, which enforces one bus, weekday, half-day and start
  time per stop at its frequency), seconds to the first plan (the ``on_progress`` callback's
  first event with a plan) and to the checked plan, both from the start of the child's work
  (importing busplanner and reading the files included), peak RSS (``ru_maxrss``), the
  solver's method, status and gap. ``--repeat N`` runs it N times: times are medians, and the
  kilometres and the routes must be the same in every run (asserted).
- **a relaxed reference**: PyVRP on the same visits without the rotation rules: every visit a
  client (a stop visited k times is k clients) with its session as service time and the bus's
  open hours as window, every (bus, week, weekday) a vehicle whose shift is the scenario's,
  shortened by the lunch (PyVRP has no breaks), the same travel matrix (metres, minutes),
  ``--ref-s`` seconds. A stop may then land on any days, several visits on one day, at any
  time: what the rotation rules cost. It is a reference, not a bound.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import fmt, machine, maxrss_mb, run_child, table

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
LIBRARIES = ROOT / "data" / "mobile_libraries"
CASES: dict[str, tuple[str, str | None]] = {
    "banes": ("banes.csv", None),
    "northsomerset": ("northsomerset.csv", None),
    "devon-ivybridge": ("devon.csv", "Ivybridge"),
    "devon-teignbridge": ("devon.csv", "Teignbridge"),
    "devon-tiverton": ("devon.csv", "Tiverton"),
    "devon-torrington": ("devon.csv", "Torrington"),
}
"""Name -> (file in data/mobile_libraries, mobile)."""


# --- child processes -------------------------------------------------------------------------


def child_plan(spec: dict[str, Any]) -> dict[str, Any]:
    """Plan one imported scenario through the public pipeline and measure it."""
    t0 = time.perf_counter()
    firsts: list[float] = []
    from busplanner.check import check_plan
    from busplanner.errors import BusplannerError
    from busplanner.pipeline import load_inputs, plan_scenario
    from busplanner.plan import read_plan

    imported_s = time.perf_counter() - t0
    try:
        scenario, territory = load_inputs(Path(spec["scenario"]))
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
    wall = time.perf_counter() - t0
    rss = maxrss_mb()
    plan = run.plan
    violations = check_plan(plan, run.scenario, run.territory)
    published = read_plan(Path(spec["current"]))
    k = plan.kpis
    # Each stop's visits: at its published frequency, on one bus, weekday and start time.
    slots: dict[str, set[tuple[int, str, int]]] = {}
    held: dict[str, int] = {}
    for r in plan.routes:
        for v in r.visits:
            slots.setdefault(v.stop_id, set()).add((r.bus, r.day, v.start_min))
            held[v.stop_id] = held.get(v.stop_id, 0) + 1
    rotation_kept = all(
        held.get(s.id, 0) == s.visits_per_cycle and len(slots.get(s.id, ())) == 1
        for s in plan.stops
    )
    routes = [
        [r.bus, r.week, r.day, [[v.stop_id, v.start_min] for v in r.visits]]
        for r in sorted(plan.routes, key=lambda r: (r.week, plan.days.index(r.day), r.bus))
    ]
    return {
        "status": plan.solver.status,
        "method": plan.solver.method,
        "gap": plan.solver.gap,
        "bound": plan.solver.bound,
        "import_s": imported_s,
        "first_s": firsts[0] if firsts else None,
        "wall_s": wall,
        "maxrss_mb": rss,
        "km": k["distance_km_per_cycle"],
        "published_km": published.kpis["distance_km_per_cycle"],
        "stops": k["communes_total"],
        "stops_served": k["communes_served"],
        "visits_asked": k["visits_per_cycle"] + k["visits_missing"],
        "visits_held": k["visits_per_cycle"],
        "published_visits": sum(len(r.visits) for r in published.routes),
        "bus_days": len(plan.routes),
        "published_bus_days": len(published.routes),
        "violations": len(violations),
        "rotation_kept": rotation_kept,
        "routes_sha256": hashlib.sha256(json.dumps(routes).encode()).hexdigest(),
    }


def child_reference(spec: dict[str, Any]) -> dict[str, Any]:
    """PyVRP on the same visits, without the rotation rules (see the module docstring)."""
    t0 = time.perf_counter()
    try:
        import pyvrp
        from pyvrp.stop import MaxRuntime
    except ImportError:
        return {"status": "pyvrp not installed (pip install -e '.[bench]')"}
    from busplanner.pipeline import load_inputs
    from busplanner.problem import build_problem

    scenario, territory = load_inputs(Path(spec["scenario"]))
    p = build_problem(scenario, territory)
    travel = p.travel
    n = len(travel.distance_km)
    m = pyvrp.Model()
    locs = [m.add_location(x=0, y=0) for _ in range(n)]
    depot = m.add_depot(locs[0])
    vehicles = p.bus_count * p.cycle_weeks * len(p.days)
    m.add_vehicle_type(
        num_available=vehicles,
        start_depot=depot,
        end_depot=depot,
        tw_early=p.shift_start_min,
        tw_late=p.shift_end_min,
        shift_duration=p.shift_end_min - p.shift_start_min - p.lunch_min,
    )
    clients: list[int] = []  # client number -> matrix index of its stop
    for s in p.stops:
        for _ in range(s.visits_per_cycle):
            m.add_client(
                locs[s.index],
                service_duration=p.setup_min + s.session_min + p.packup_min,
                tw_early=p.open_start_min - p.setup_min,
                tw_late=p.open_end_min - s.session_min - p.setup_min,
                required=True,
            )
            clients.append(s.index)
    for a in range(n):
        for b in range(n):
            m.add_edge(
                locs[a],
                locs[b],
                distance=round(1000 * travel.distance_km[a][b]),
                duration=travel.duration_min[a][b],
            )
    res = m.solve(stop=MaxRuntime(float(spec["ref_s"])), seed=0, display=False, collect_stats=False)
    best = res.best
    km = 0.0
    for route in best.routes():
        seq = [0, *(clients[a.idx] for a in route if a.is_client()), 0]
        km += sum(travel.distance_km[x][y] for x, y in itertools.pairwise(seq))
    # The routes read back must drive what PyVRP counted (its metres are rounded per leg).
    assert abs(km - best.distance() / 1000) < 0.001 * (n + len(clients)), (km, best.distance())
    return {
        "status": "feasible" if best.is_feasible() else "infeasible",
        "ref_km": km,
        "ref_objective_km": best.distance() / 1000,
        "ref_routes": best.num_routes(),
        "ref_vehicles": vehicles,
        "ref_visits": best.num_clients(),
        "ref_clients": len(clients),
        "ref_iterations": res.num_iterations,
        "wall_s": time.perf_counter() - t0,
        "maxrss_mb": maxrss_mb(),
    }


# --- parent ----------------------------------------------------------------------------------


def import_case(name: str, folder: Path) -> Path:
    """``busplanner import timetable`` one case into ``folder``; its scenario file."""
    file, mobile = CASES[name]
    cmd = [sys.executable, "-m", "busplanner", "import", "timetable", str(LIBRARIES / file)]
    cmd += ["--mobile", mobile] if mobile else []
    cmd += ["--out", str(folder), "--lang", "en"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"{' '.join(cmd)} failed (exit {done.returncode}): {done.stderr.strip()[-300:]}"
        raise SystemExit(msg)
    return folder / "scenario.toml"


def label(name: str) -> str:
    file, mobile = CASES[name]
    return f"{file}, {mobile}" if mobile else file


def summarise(name: str, runs: list[dict[str, Any]], ref: dict[str, Any]) -> dict[str, Any]:
    """One row's figures: medians of the times, the plan of the first run (all identical)."""
    ok = [r for r in runs if r.get("km") is not None]
    out: dict[str, Any] = {"case": name, "label": label(name), "runs": runs, "reference": ref}
    if len(ok) != len(runs):
        out["status"] = next(r["status"] for r in runs if r.get("km") is None)
        return out
    first = ok[0]
    kms = {r["km"] for r in ok}
    shas = {r["routes_sha256"] for r in ok}
    assert len(kms) == 1, f"{name}: km differ across runs: {sorted(kms)}"
    out.update({k: v for k, v in first.items() if k not in ("wall_s", "first_s", "maxrss_mb")})
    out["identical_plans"] = len(shas) == 1
    out["wall_s"] = statistics.median(r["wall_s"] for r in ok)
    firsts = [r["first_s"] for r in ok if r.get("first_s") is not None]
    out["first_s"] = statistics.median(firsts) if firsts else None
    out["maxrss_mb"] = max(r["maxrss_mb"] for r in ok)
    out["ratio"] = first["km"] / first["published_km"]
    if ref.get("ref_km") is not None:
        out["ref_ratio"] = ref["ref_km"] / first["published_km"]
    return out


def row(s: dict[str, Any], repeat: int) -> list[str]:
    if "km" not in s:
        return [s["label"], str(s.get("status", "?"))]
    ref = s["reference"]
    ref_cell = (
        f"{ref['ref_km']:.1f}" + ("" if ref["status"] == "feasible" else f" ({ref['status']})")
        if ref.get("ref_km") is not None
        else str(ref.get("status", "—"))
    )
    method = str(s["method"]).split(":")[0]
    gap = "" if s.get("gap") is None else f", gap {100 * s['gap']:.1f} %"
    return [
        s["label"],
        str(s["stops"]),
        f"{s['visits_held']}/{s['visits_asked']}",
        f"{s['published_km']:.1f}",
        f"{s['km']:.1f}",
        f"{s['ratio']:.2f}",
        ref_cell,
        "—" if s.get("ref_ratio") is None else f"{s['ref_ratio']:.2f}",
        fmt(s.get("first_s"), ".2f"),
        fmt(s.get("wall_s"), ".1f"),
        fmt(s.get("maxrss_mb"), ".0f"),
        f"{s['violations']}" + ("" if s["rotation_kept"] else " (rotation broken)"),
        f"{repeat}/{repeat}" if s["identical_plans"] else f"differ in {repeat} runs",
        f"{method} ({s['status']}{gap})",
    ]


HEAD = [
    "file, mobile",
    "stops",
    "visits held/asked",
    "published km",
    "busplanner km",
    "ratio",
    "relaxed ref. km",
    "ref. ratio",
    "first plan s",
    "wall s",
    "peak RSS MB",
    "violations",
    "same plan",
    "method (status)",
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=list(CASES))
    parser.add_argument("--repeat", type=int, default=3, help="busplanner runs per rotation")
    parser.add_argument("--ref-s", type=float, default=30.0, help="PyVRP seconds (0: skip)")
    parser.add_argument("--max-wall", type=float, default=300.0, help="seconds per child")
    parser.add_argument("--max-mem-gb", type=float, default=8.0, help="address space per child")
    parser.add_argument("--workdir", type=Path, default=None, help="where to import")
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        spec = json.loads(args.child)
        result = child_plan(spec) if spec.pop("kind") == "plan" else child_reference(spec)
        print(json.dumps(result))
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    names = list(args.only or CASES)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="busplanner-published-"))
    print(
        f"# busplanner on the published rotations, {machine()}; busplanner {args.repeat} run(s) "
        f"each (medians), relaxed reference PyVRP {args.ref_s:g} s; imported into {workdir}",
        flush=True,
    )
    summaries, rows = [], []
    for name in names:
        folder = workdir / name
        scenario = import_case(name, folder)
        runs = []
        for _ in range(args.repeat):
            spec = {
                "kind": "plan",
                "scenario": str(scenario),
                "current": str(folder / "current.json"),
            }
            runs.append(
                run_child(SCRIPT, spec, max_wall_s=args.max_wall, max_mem_gb=args.max_mem_gb)
            )
        ref: dict[str, Any] = {"status": "skipped (--ref-s 0)"}
        if args.ref_s > 0:
            spec = {"kind": "reference", "scenario": str(scenario), "ref_s": args.ref_s}
            ref = run_child(SCRIPT, spec, max_wall_s=args.ref_s + 120, max_mem_gb=args.max_mem_gb)
        s = summarise(name, runs, ref)
        summaries.append(s)
        rows.append(row(s, args.repeat))
        print("  ", " | ".join(rows[-1]), flush=True)
    print()
    print(table(HEAD, rows))
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

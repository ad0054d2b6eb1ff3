"""Routing engines for the periodic search, measured on the published rotations, relaxed.

Run: ``.venv/bin/python benchmarks/engines.py [--only banes devon-tiverton] [--no-rerun]
[--json out.json]`` (PyVRP comes with ``pip install -e '.[bench]'``; VROOM and OR-Tools are
busplanner dependencies).

Each of the six rotations of ``benchmarks/published.py`` is imported with ``busplanner import
timetable``, and its problem (``build_problem``) gives one **relaxed** routing instance: every
visit of the cycle a free job (a stop visited k times is k jobs), with the stop's session
(set-up, session, pack-up) as service time and its session window; every (bus, week, weekday)
a vehicle from the depot with the scenario's shift and its lunch break. No rotation rule (a
stop may land on any days, at any time). The windows of these scenarios are the same every
day, so one day's time line serves every vehicle. Every engine sees the same integers:
metres (``round(1000 × km)``) and minutes of the scenario's travel matrix.

- **VROOM** (pyvroom), exploration levels 2 and 5, ``nb_threads=2``, the lunch as a native
  ``vroom.Break``; level 5 also with one thread (its answer should not depend on threads),
  and with the break allowed anywhere in the shift (a looser rule than PyVRP's, below).
- **PyVRP**, 10 s and 30 s, seed 0: no breaks, so the shift is shortened by the lunch.
- **OR-Tools routing**: a time dimension, the lunch as a break interval per vehicle
  (``SetBreakIntervalsOfVehicle``), every visit optional through a disjunction with a large
  penalty, PATH_CHEAPEST_ARC then GUIDED_LOCAL_SEARCH, 10 s and 30 s, one thread; and 10 s
  with PyVRP's rule exactly (no break, each day's span at most the shift less the lunch), to
  compare the engines on one problem.

Each run is a fresh process. Reported: kilometres (recomputed from the routes on the float
matrix), visits held, bus days used, how many of those days an independent timing can give
a lunch break within the scenario's rules (``lunch ok``), the engine's seconds, and (with the
default re-run) whether a second run gives the same routes.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import fmt, machine, maxrss_mb, run_child, table
from published import CASES, import_case, label

SCRIPT = Path(__file__).resolve()
PENALTY_M = 10_000_000
"""OR-Tools: metres a visit left out costs (10,000 km: more than any plan drives)."""

ANYWHERE = "lunch anywhere in the shift"
SPAN = "no break, day ≤ shift − lunch (PyVRP's rule)"
CONFIGS: tuple[tuple[str, str, dict[str, Any], bool], ...] = (
    ("vroom", "exploration 2, 2 threads", {"exploration": 2, "threads": 2}, True),
    ("vroom", "exploration 5, 2 threads", {"exploration": 5, "threads": 2}, True),
    ("vroom", "exploration 5, 1 thread", {"exploration": 5, "threads": 1}, True),
    (
        "vroom",
        f"exploration 5, {ANYWHERE}",
        {"exploration": 5, "threads": 2, "lunch": "anywhere"},
        False,
    ),
    ("pyvrp", "10 s", {"seconds": 10.0}, True),
    ("pyvrp", "30 s", {"seconds": 30.0}, False),
    ("ortools", "10 s", {"seconds": 10.0}, True),
    ("ortools", "30 s", {"seconds": 30.0}, False),
    ("ortools", f"10 s, {SPAN}", {"seconds": 10.0, "lunch": "span"}, False),
)
"""(engine, label, settings, run twice). ``lunch``: ``window`` (the default) is the scenario's
lunch break; ``anywhere`` a break of the same length anywhere in the shift (looser than
PyVRP's rule); ``span`` no break, the day from leaving to coming back at most the shift less
the lunch (PyVRP's rule exactly)."""


# --- the relaxed instance ----------------------------------------------------------------------


@dataclass(frozen=True)
class Relaxed:
    """One relaxed instance: visits, vehicles, the integer matrix, the shift and the lunch."""

    name: str
    dist_m: list[list[int]]
    dist_km: list[list[float]]
    dur: list[list[int]]
    loc: list[int]
    """Visit -> matrix index of its stop."""
    service: list[int]
    lo: list[int]
    hi: list[int]
    """Earliest and latest start of each visit's service (its set-up), minutes."""
    vehicles: int
    shift: tuple[int, int]
    lunch: tuple[int, int, int]
    """Earliest start, latest end, duration."""


def relaxed_instance(scenario_path: Path) -> Relaxed:
    """The relaxed instance of an imported scenario (see the module docstring)."""
    from busplanner.pipeline import load_inputs
    from busplanner.problem import build_problem

    scenario, territory = load_inputs(scenario_path)
    p = build_problem(scenario, territory)
    loc, service, lo, hi = [], [], [], []
    for s in p.stops:
        windows = {tuple(iv) for iv in s.windows.values() if iv}
        if len(windows) != 1 or len(next(iter(windows))) != 1:
            msg = f"{s.id}: windows differ by day or are several; this script needs one"
            raise SystemExit(msg)
        ((a, b),) = next(iter(windows))
        for _ in range(s.visits_per_cycle):
            loc.append(s.index)
            service.append(p.setup_min + s.session_min + p.packup_min)
            lo.append(a - p.setup_min)
            hi.append(b - s.session_min - p.setup_min)
    km = [list(row) for row in p.travel.distance_km]
    return Relaxed(
        name=p.name,
        dist_m=[[round(1000 * x) for x in row] for row in km],
        dist_km=km,
        dur=[list(row) for row in p.travel.duration_min],
        loc=loc,
        service=service,
        lo=lo,
        hi=hi,
        vehicles=p.bus_count * p.cycle_weeks * len(p.days),
        shift=(p.shift_start_min, p.shift_end_min),
        lunch=(p.lunch_earliest_min, p.lunch_latest_end_min, p.lunch_min),
    )


def day_fits(r: Relaxed, seq: list[int], *, lunch: bool) -> bool:
    """Whether a day visiting ``seq`` (visit numbers, in order) can be timed: windows and
    shift, and with ``lunch`` a break taken at one place (before or after a drive) within
    the lunch rules. Earliest times, waiting allowed."""
    n = len(seq)
    positions: list[int | None] = list(range(2 * n + 2)) if lunch else [None]
    l0, l1, ld = r.lunch
    for pos in positions:
        t, place, ok = r.shift[0], 0, True
        for k in range(n + 1):
            if pos == 2 * k:
                t = max(t, l0) + ld
                ok = ok and t <= l1
            nxt = r.loc[seq[k]] if k < n else 0
            t += r.dur[place][nxt]
            if pos == 2 * k + 1:
                t = max(t, l0) + ld
                ok = ok and t <= l1
            if k < n:
                v = seq[k]
                t = max(t, r.lo[v])
                ok = ok and t <= r.hi[v]
                t += r.service[v]
                place = nxt
        if ok and t <= r.shift[1]:
            return True
    return False


def measured(r: Relaxed, routes: list[list[int]], seconds: float, **extra: Any) -> dict[str, Any]:
    """What every engine reports, from its routes (visit numbers, in order)."""
    routes = [x for x in routes if x]
    km = 0.0
    for seq in routes:
        stops = [0, *(r.loc[v] for v in seq), 0]
        km += sum(r.dist_km[a][b] for a, b in itertools.pairwise(stops))
    held = sorted(v for seq in routes for v in seq)
    assert len(set(held)) == len(held), "a visit routed twice"
    cost = extra.get("engine_cost_km")
    if cost is not None and len(held) == len(r.loc):
        # The routes read back must drive what the engine counted (metres rounded per leg).
        assert abs(km - cost) < 0.001 * (len(routes) + len(held)), (km, cost)
    canonical = sorted(routes)
    return {
        "km": km,
        "visits_held": len(held),
        "visits": len(r.loc),
        "days_used": len(routes),
        "vehicles": r.vehicles,
        "days_timed": sum(day_fits(r, seq, lunch=False) for seq in routes),
        "days_lunch_ok": sum(day_fits(r, seq, lunch=True) for seq in routes),
        "seconds": seconds,
        "routes_sha256": hashlib.sha256(json.dumps(canonical).encode()).hexdigest(),
        "maxrss_mb": maxrss_mb(),
        **extra,
    }


# --- engines -----------------------------------------------------------------------------------


def solve_vroom(
    r: Relaxed, *, exploration: int, threads: int, lunch: str = "window"
) -> dict[str, Any]:
    import vroom

    l0, l1, ld = r.lunch
    if lunch == "anywhere":
        l0, l1 = r.shift
    inp = vroom.Input()
    inp.set_durations_matrix("car", r.dur)
    inp.set_costs_matrix("car", r.dist_m)
    for k in range(r.vehicles):
        inp.add_vehicle(
            vroom.Vehicle(
                k + 1,
                start=0,
                end=0,
                time_window=vroom.TimeWindow(*r.shift),
                breaks=[vroom.Break(k + 1, [vroom.TimeWindow(l0, l1 - ld)], service=ld)],
            )
        )
    for v in range(len(r.loc)):
        inp.add_job(
            vroom.Job(
                v + 1,
                location=r.loc[v],
                default_service=r.service[v],
                time_windows=[vroom.TimeWindow(r.lo[v], r.hi[v])],
            )
        )
    t0 = time.perf_counter()
    answer = inp.solve(exploration_level=exploration, nb_threads=threads).to_dict()
    seconds = time.perf_counter() - t0
    routes = [
        [step["id"] - 1 for step in route["steps"] if step["type"] == "job"]
        for route in answer["routes"]
    ]
    return measured(r, routes, seconds, engine_cost_km=answer["summary"]["cost"] / 1000)


def solve_pyvrp(r: Relaxed, *, seconds: float) -> dict[str, Any]:
    import pyvrp
    from pyvrp.stop import MaxRuntime

    m = pyvrp.Model()
    n = len(r.dist_m)
    locs = [m.add_location(x=0, y=0) for _ in range(n)]
    depot = m.add_depot(locs[0])
    m.add_vehicle_type(
        num_available=r.vehicles,
        start_depot=depot,
        end_depot=depot,
        tw_early=r.shift[0],
        tw_late=r.shift[1],
        shift_duration=r.shift[1] - r.shift[0] - r.lunch[2],
    )
    for v in range(len(r.loc)):
        m.add_client(
            locs[r.loc[v]],
            service_duration=r.service[v],
            tw_early=r.lo[v],
            tw_late=r.hi[v],
            required=True,
        )
    for a in range(n):
        for b in range(n):
            m.add_edge(locs[a], locs[b], distance=r.dist_m[a][b], duration=r.dur[a][b])
    t0 = time.perf_counter()
    res = m.solve(stop=MaxRuntime(seconds), seed=0, display=False, collect_stats=False)
    wall = time.perf_counter() - t0
    routes = [[a.idx for a in route if a.is_client()] for route in res.best.routes()]
    return measured(
        r,
        routes,
        wall,
        feasible=res.best.is_feasible(),
        engine_cost_km=res.best.distance() / 1000,
        iterations=res.num_iterations,
    )


def solve_ortools(r: Relaxed, *, seconds: float, lunch: str = "window") -> dict[str, Any]:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    visits = len(r.loc)
    node_loc = [0, *r.loc]
    node_service = [0, *r.service]
    manager = pywrapcp.RoutingIndexManager(visits + 1, r.vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)

    def distance(i: int, j: int) -> int:
        return r.dist_m[node_loc[manager.IndexToNode(i)]][node_loc[manager.IndexToNode(j)]]

    def duration(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return node_service[a] + r.dur[node_loc[a]][node_loc[b]]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(distance))
    span = r.shift[1] - r.shift[0]
    routing.AddDimension(routing.RegisterTransitCallback(duration), span, r.shift[1], False, "t")
    t_dim = routing.GetDimensionOrDie("t")
    for v in range(visits):
        index = manager.NodeToIndex(v + 1)
        t_dim.CumulVar(index).SetRange(r.lo[v], r.hi[v])
        routing.AddDisjunction([index], PENALTY_M)
    l0, l1, ld = r.lunch
    if lunch == "anywhere":
        l0, l1 = r.shift
    node_visit = [node_service[manager.IndexToNode(i)] for i in range(routing.Size())]
    solver = routing.solver()
    for k in range(r.vehicles):
        t_dim.CumulVar(routing.Start(k)).SetRange(*r.shift)
        t_dim.CumulVar(routing.End(k)).SetRange(*r.shift)
        if lunch == "span":
            t_dim.SetSpanUpperBoundForVehicle(span - ld, k)
            continue
        brk = solver.FixedDurationIntervalVar(l0, l1 - ld, ld, False, f"lunch {k}")
        t_dim.SetBreakIntervalsOfVehicle([brk], k, node_visit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(round(1000 * seconds))
    t0 = time.perf_counter()
    firsts: list[float] = []
    routing.AddAtSolutionCallback(lambda: firsts.append(time.perf_counter() - t0))
    solution = routing.SolveWithParameters(params)
    wall = time.perf_counter() - t0
    if solution is None:
        return {"status": "no solution", "seconds": wall, "maxrss_mb": maxrss_mb()}
    routes = []
    for k in range(r.vehicles):
        seq, index = [], routing.Start(k)
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node:
                seq.append(node - 1)
            index = solution.Value(routing.NextVar(index))
        routes.append(seq)
    return measured(
        r,
        routes,
        wall,
        first_s=firsts[0] if firsts else None,
        solutions=len(firsts),
        engine_cost_km=solution.ObjectiveValue() / 1000,
    )


def child(spec: dict[str, Any]) -> dict[str, Any]:
    r = relaxed_instance(Path(spec["scenario"]))
    settings = spec["settings"]
    if spec["engine"] == "vroom":
        return solve_vroom(r, **settings)
    if spec["engine"] == "pyvrp":
        try:
            return solve_pyvrp(r, **settings)
        except ImportError:
            return {"status": "pyvrp not installed (pip install -e '.[bench]')"}
    return solve_ortools(r, **settings)


# --- parent ------------------------------------------------------------------------------------


HEAD = [
    "file, mobile",
    "engine",
    "settings",
    "visits held",
    "km",
    "vs best with lunch",
    "days used",
    "lunch ok",
    "seconds",
    "re-run",
]


def lunch_ok(res: dict[str, Any]) -> bool:
    """Every visit held and every day used can take its lunch break."""
    return res.get("visits_held") == res.get("visits") and res.get("days_lunch_ok") == res.get(
        "days_used"
    )


def percent(value: float, best: float) -> str:
    """``+1.2 %``; a difference below 0.05 % reads ``+0.0 %``."""
    diff = 100 * (value - best) / best
    return f"{0.0 if abs(diff) < 0.05 else diff:+.1f} %"


def rows_of(results: list[dict[str, Any]]) -> list[list[str]]:
    """The table's rows; ``vs best with lunch`` compares with the fewest kilometres among the
    runs of the same rotation whose days can all take the lunch break."""
    rows = []
    for name in dict.fromkeys(res["case"] for res in results):
        batch = [res for res in results if res["case"] == name]
        best = min((res["km"] for res in batch if lunch_ok(res)), default=None)
        for res in batch:
            if res.get("km") is None:
                rows.append([label(name), res["engine"], res["settings"], str(res.get("status"))])
                continue
            same = res.get("rerun_same_routes")
            rerun = (
                "—" if same is None else ("same" if same else f"differs ({res['rerun_km']:.1f})")
            )
            note = "" if res.get("feasible", True) else " (infeasible)"
            rows.append(
                [
                    label(name),
                    res["engine"],
                    res["settings"],
                    f"{res['visits_held']}/{res['visits']}",
                    f"{res['km']:.1f}{note}",
                    "—" if best is None else percent(res["km"], best),
                    f"{res['days_used']}/{res['vehicles']}",
                    f"{res['days_lunch_ok']}/{res['days_used']}",
                    fmt(res.get("seconds"), ".1f"),
                    rerun,
                ]
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=list(CASES))
    parser.add_argument("--no-rerun", action="store_true", help="run each configuration once")
    parser.add_argument("--max-mem-gb", type=float, default=8.0)
    parser.add_argument("--workdir", type=Path, default=None, help="where to import")
    parser.add_argument("--json", type=Path, default=None, help="write all results here")
    parser.add_argument("--table", type=Path, default=None, help="print the table of a --json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    if args.table:
        print(table(HEAD, rows_of(json.loads(args.table.read_text(encoding="utf-8")))))
        return

    names = list(args.only or CASES)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="busplanner-engines-"))
    print(f"# routing engines on the relaxed published rotations, {machine()}", flush=True)
    results: list[dict[str, Any]] = []
    for name in names:
        scenario = import_case(name, workdir / name)
        for engine, what, settings, twice in CONFIGS:
            spec = {"scenario": str(scenario), "engine": engine, "settings": settings}
            wall = float(settings.get("seconds", 0)) + 300
            res = run_child(SCRIPT, spec, max_wall_s=wall, max_mem_gb=args.max_mem_gb)
            again = None
            if twice and not args.no_rerun:
                again = run_child(SCRIPT, spec, max_wall_s=wall, max_mem_gb=args.max_mem_gb)
            res.update(case=name, engine=engine, settings=what)
            if again is not None:
                res["rerun_same_routes"] = again.get("routes_sha256") == res.get("routes_sha256")
                res["rerun_km"] = again.get("km")
                res["rerun_seconds"] = again.get("seconds")
            results.append(res)
            print("  ", " | ".join(rows_of([res])[-1]), flush=True)
    print()
    print(table(HEAD, rows_of(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

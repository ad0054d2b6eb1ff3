"""Solomon VRPTW instances: read the standard text format, solve with OR-Tools routing or PyVRP.

Both solvers see the same integer data: distances are the Euclidean distances × 10, rounded
to nearest; travel times the same × 10, rounded up (so their schedules hold in exact times);
ready times, due dates and service times × 10. Objectives reported at checkpoints are that
integer cost / 10; the final distance is recomputed exactly (floats) from the routes, which is
what the best-known values measure.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from pathlib import Path

SCALE = 10

BEST_KNOWN = {
    "C101": 828.94,
    "C201": 591.56,
    "R101": 1642.88,
    "R201": 1149.68,
    "RC101": 1643.41,
    "RC201": 1265.56,
}
"""Best-known distances (distance-only objective), from benchmarks/solomon/README.md."""


@dataclass(frozen=True)
class Instance:
    """One Solomon instance; node 0 is the depot."""

    name: str
    vehicles: int
    capacity: int
    x: tuple[float, ...]
    y: tuple[float, ...]
    demand: tuple[int, ...]
    ready: tuple[int, ...]
    due: tuple[int, ...]
    service: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.x)

    def distance(self, i: int, j: int) -> float:
        return math.hypot(self.x[i] - self.x[j], self.y[i] - self.y[j])

    def scaled(self, i: int, j: int) -> int:
        return round(SCALE * self.distance(i, j))

    def travel(self, i: int, j: int) -> int:
        """Travel time × 10, rounded UP: a schedule feasible in these units is feasible in
        exact times too (distances are rounded to nearest, which keeps costs unbiased)."""
        return math.ceil(SCALE * self.distance(i, j) - 1e-9)

    def late_visits(self, routes: list[list[int]]) -> int:
        """Visits that start after their due date when driven with exact (float) times."""
        late = 0
        for r in routes:
            t, prev = 0.0, 0
            for c in r:
                t = max(float(self.ready[c]), t + self.service[prev] + self.distance(prev, c))
                late += t > self.due[c] + 1e-6
                prev = c
        return late

    def route_distance(self, routes: list[list[int]]) -> float:
        """Exact distance of routes given as customer lists (depot implied at both ends)."""
        total = 0.0
        for r in routes:
            path = [0, *r, 0]
            total += sum(self.distance(a, b) for a, b in itertools.pairwise(path))
        return total


def read_solomon(path: Path) -> Instance:
    """Parse a Solomon file (name line, VEHICLE block, CUSTOMER table).

    Raises
    ------
    ValueError
        If the vehicle line or the customer table cannot be found.
    """
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    name = lines[0] if lines and lines[0] else path.stem
    vehicles = capacity = None
    rows: list[list[float]] = []
    for i, ln in enumerate(lines):
        if ln.upper().startswith("NUMBER") and "CAPACITY" in ln.upper():
            vehicles, capacity = (int(v) for v in lines[i + 1].split()[:2])
        parts = ln.split()
        if len(parts) == 7 and all(_is_number(p) for p in parts):
            rows.append([float(p) for p in parts])
    if vehicles is None or capacity is None or not rows:
        msg = f"{path}: not a Solomon instance (no VEHICLE line or no customer rows)"
        raise ValueError(msg)
    cols = list(zip(*rows, strict=True))
    return Instance(
        name=name,
        vehicles=vehicles,
        capacity=capacity,
        x=cols[1],
        y=cols[2],
        demand=tuple(int(v) for v in cols[3]),
        ready=tuple(int(v) for v in cols[4]),
        due=tuple(int(v) for v in cols[5]),
        service=tuple(int(v) for v in cols[6]),
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Run:
    """One solver run: its best integer cost over time and the final routes."""

    trajectory: list[tuple[float, float]]  # (seconds, best distance so far = cost / SCALE)
    routes: list[list[int]]
    seconds: float

    def best_at(self, seconds: float) -> float | None:
        best = None
        for t, cost in self.trajectory:
            if t <= seconds:
                best = cost if best is None else min(best, cost)
        return best

    @property
    def first_s(self) -> float | None:
        return self.trajectory[0][0] if self.trajectory else None


def solve_ortools(inst: Instance, *, time_limit_s: float) -> Run:
    """Plain OR-Tools routing: PATH_CHEAPEST_ARC (then PARALLEL_CHEAPEST_INSERTION if it
    finds nothing) and GUIDED_LOCAL_SEARCH, default operators, one thread."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = inst.size
    dist = [[inst.scaled(i, j) for j in range(n)] for i in range(n)]
    tt = [[inst.travel(i, j) for j in range(n)] for i in range(n)]
    horizon = SCALE * inst.due[0]
    t0 = time.perf_counter()
    trajectory: list[tuple[float, float]] = []
    routes: list[list[int]] = []
    # Probe each first-solution strategy alone (PATH_CHEAPEST_ARC can search its whole time
    # limit and find nothing on tight windows), then run GLS from the first one that works.
    plan: list[tuple[str, bool]] = []
    for first in ("PATH_CHEAPEST_ARC", "PARALLEL_CHEAPEST_INSERTION"):
        plan += [(first, True), (first, False)]
    probed_ok = ""
    for first, probe in plan:
        if not probe and first != probed_ok:
            continue
        left = time_limit_s - (time.perf_counter() - t0)
        if left <= 0.05:
            break
        manager = pywrapcp.RoutingIndexManager(n, inst.vehicles, 0)
        routing = pywrapcp.RoutingModel(manager)

        def arc(i: int, j: int, manager=manager) -> int:
            return dist[manager.IndexToNode(i)][manager.IndexToNode(j)]

        def transit(i: int, j: int, manager=manager) -> int:
            a, b = manager.IndexToNode(i), manager.IndexToNode(j)
            return SCALE * inst.service[a] + tt[a][b]

        def load(i: int, manager=manager) -> int:
            return inst.demand[manager.IndexToNode(i)]

        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(arc))
        routing.AddDimension(routing.RegisterTransitCallback(transit), horizon, horizon, False, "T")
        tdim = routing.GetDimensionOrDie("T")
        for node in range(1, n):
            idx = manager.NodeToIndex(node)
            tdim.CumulVar(idx).SetRange(SCALE * inst.ready[node], SCALE * inst.due[node])
        for v in range(inst.vehicles):
            tdim.CumulVar(routing.Start(v)).SetRange(0, horizon)
            tdim.CumulVar(routing.End(v)).SetRange(0, horizon)
        routing.AddDimensionWithVehicleCapacity(
            routing.RegisterUnaryTransitCallback(load),
            0,
            [inst.capacity] * inst.vehicles,
            True,
            "Q",
        )

        def on_solution(routing=routing) -> None:
            trajectory.append((time.perf_counter() - t0, routing.CostVar().Value() / SCALE))

        prm = pywrapcp.DefaultRoutingSearchParameters()
        prm.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first)
        if probe:
            prm.solution_limit = 1
            prm.time_limit.FromMilliseconds(int(min(left, max(1.0, 0.1 * time_limit_s)) * 1000))
            if routing.SolveWithParameters(prm) is not None:
                probed_ok = first
            continue
        routing.AddAtSolutionCallback(on_solution)
        prm.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        prm.time_limit.FromMilliseconds(int(left * 1000))
        sol = routing.SolveWithParameters(prm)
        if sol is None:
            continue
        for v in range(inst.vehicles):
            idx = sol.Value(routing.NextVar(routing.Start(v)))
            route = []
            while not routing.IsEnd(idx):
                route.append(manager.IndexToNode(idx))
                idx = sol.Value(routing.NextVar(idx))
            if route:
                routes.append(route)
        break
    return Run(trajectory, routes, time.perf_counter() - t0)


def solve_pyvrp(inst: Instance, *, time_limit_s: float, seed: int = 0) -> Run:
    """PyVRP with default parameters on the same integer data."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    m = pyvrp.Model()
    locs = [m.add_location(x=inst.x[i], y=inst.y[i]) for i in range(inst.size)]
    depot = m.add_depot(locs[0], tw_early=0, tw_late=SCALE * inst.due[0])
    m.add_vehicle_type(
        num_available=inst.vehicles,
        capacity=inst.capacity,
        start_depot=depot,
        end_depot=depot,
        tw_early=0,
        tw_late=SCALE * inst.due[0],
    )
    for i in range(1, inst.size):
        m.add_client(
            locs[i],
            delivery=inst.demand[i],
            service_duration=SCALE * inst.service[i],
            tw_early=SCALE * inst.ready[i],
            tw_late=SCALE * inst.due[i],
        )
    for i in range(inst.size):
        for j in range(inst.size):
            m.add_edge(locs[i], locs[j], distance=inst.scaled(i, j), duration=inst.travel(i, j))
    t0 = time.perf_counter()
    res = m.solve(stop=MaxRuntime(time_limit_s), seed=seed, display=False, collect_stats=True)
    trajectory = []
    elapsed = 0.0
    best = math.inf
    for dt, datum in zip(res.stats.runtimes, res.stats.data, strict=False):
        elapsed += dt
        if datum.best_feas and datum.best_cost < best:
            best = datum.best_cost
            trajectory.append((elapsed, best / SCALE))
    # A client activity's idx counts clients from 0: Solomon node idx + 1.
    routes = (
        [[a.idx + 1 for a in r if a.is_client()] for r in res.best.routes()]
        if res.best.is_feasible()
        else []
    )
    return Run(trajectory, routes, time.perf_counter() - t0)

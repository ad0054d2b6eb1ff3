"""Benchmark of ``[travel] model = "osm"``: load, graph, matrix and total time and peak memory.

Two files: the real Andorra extract shipped for the tests (2.5 MB, © OpenStreetMap
contributors, ODbL 1.0), and a SYNTHETIC file of a département's size built from it: Andorra
tiled 8 x 4 times, each copy shifted by the extract's width and height, with new two-way
primary roads joining each copy's easternmost (northernmost) road node to the next copy's
westernmost (southernmost). It is not a real network: only its size is realistic.

For 50 and 700 points (seeded, each within 100 m of a road node of the main network), each
case runs in a fresh process so that its peak memory (ru_maxrss, Python and imports
included) is its own. ``--engines`` also times the matrix on the same reduced graph with
igraph and networkit, when installed, against scipy's Dijkstra.

    python benchmarks/osm.py                      # builds the synthetic file once (~2 min)
    python benchmarks/osm.py --engines --work DIR   # keep the synthetic file in DIR
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ANDORRA = ROOT / "tests" / "data" / "osm" / "andorra-2023-05-02.osm.pbf"
TILES = (8, 4)
SEED = 13


def build_synthetic(source: Path, out: Path, tiles: tuple[int, int] = TILES) -> None:
    """Write ``source`` tiled ``tiles`` times into ``out`` (ways and nodes; no relations),
    with roads joining neighbouring copies (see the module's docstring)."""
    import osmium

    from busplanner import osm

    box = osm.file_info(source).box
    assert box is not None
    dx, dy = box[2] - box[0], box[3] - box[1]
    graph = osm.RoadGraph.from_ways(osm.read_ways(source))
    graph.build()
    graph.main_component()
    assert graph.component is not None
    main = np.flatnonzero(graph.component == 1)
    ids = np.unique(osm.read_ways(source).refs)
    ends = {
        "east": int(ids[main[np.argmax(graph.lons[main])]]),
        "west": int(ids[main[np.argmin(graph.lons[main])]]),
        "north": int(ids[main[np.argmax(graph.lats[main])]]),
        "south": int(ids[main[np.argmin(graph.lats[main])]]),
    }
    node_step, way_step = 20_000_000_000, 2_000_000_000
    copies = [(i, j) for j in range(tiles[1]) for i in range(tiles[0])]
    out.unlink(missing_ok=True)
    header = osmium.io.Header()
    header.set("generator", "busplanner benchmarks/osm.py (SYNTHETIC)")
    header.add_box(osmium.osm.Box(box[0], box[1], box[0] + dx * tiles[0], box[1] + dy * tiles[1]))
    with osmium.SimpleWriter(str(out), header=header) as writer:
        for k, (i, j) in enumerate(copies):
            for node in osmium.FileProcessor(str(source), osmium.osm.NODE):
                loc = node.location
                writer.add_node(
                    node.replace(
                        id=node.id + k * node_step,
                        location=osmium.osm.Location(loc.lon + i * dx, loc.lat + j * dy),
                    )
                )
        for k, _ in enumerate(copies):
            for way in osmium.FileProcessor(str(source), osmium.osm.WAY):
                writer.add_way(
                    way.replace(
                        id=way.id + k * way_step, nodes=[n.ref + k * node_step for n in way.nodes]
                    )
                )
        link = len(copies) * way_step
        for k, (i, j) in enumerate(copies):
            for di, dj, a, b in ((1, 0, "east", "west"), (0, 1, "north", "south")):
                if i + di >= tiles[0] or j + dj >= tiles[1]:
                    continue
                other = copies.index((i + di, j + dj))
                link += 1
                writer.add_way(
                    osmium.osm.mutable.Way(
                        id=link,
                        nodes=[ends[a] + k * node_step, ends[b] + other * node_step],
                        tags={"highway": "primary"},
                    )
                )


def sample_points(path: Path, n: int, seed: int = SEED) -> list[tuple[float, float]]:
    """``n`` points, each within 100 m of a road node of the main network."""
    from busplanner import osm

    graph = osm.RoadGraph.from_ways(osm.read_ways(path))
    graph.build()
    graph.main_component()
    assert graph.component is not None
    main = np.flatnonzero(graph.component == 1)
    rng = np.random.default_rng(seed)
    picks = rng.choice(main, size=n, replace=False)
    jitter = rng.uniform(-0.0007, 0.0007, size=(n, 2))  # at most ~80 m each way
    return [
        (float(graph.lons[k] + dlon), float(graph.lats[k] + dlat))
        for k, (dlon, dlat) in zip(picks, jitter, strict=True)
    ]


def run_case(path: Path, points_file: Path) -> dict[str, float]:
    """One case in this process: load, graph, matrix (seconds), peak memory (MB)."""
    from busplanner import osm

    points = [tuple(p) for p in json.loads(points_file.read_text())]
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    info = osm.file_info(path)
    graph, snapped = osm.load_graph(
        path,
        points,
        [str(i) for i in range(len(points))],
        max_snap_m=1000,
        box=info.box,
        timings=timings,
    )
    t1 = time.perf_counter()
    seconds, _ = graph.matrix(snapped.vertices)
    t2 = time.perf_counter()
    assert np.isfinite(seconds).all()
    return {
        "load_s": timings["load_s"],
        "graph_s": timings["graph_s"],
        "matrix_s": t2 - t1,
        "total_s": t2 - t0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "vertices": int(graph.csgraph.shape[0]),
        "edges": int(graph.csgraph.nnz),
        "nodes": graph.node_count,
    }


def run_engines(path: Path, points_file: Path) -> dict[str, float]:
    """The matrix on the same reduced graph with scipy, igraph and networkit (seconds)."""
    from busplanner import osm

    points = [tuple(p) for p in json.loads(points_file.read_text())]
    info = osm.file_info(path)
    graph, snapped = osm.load_graph(
        path, points, [str(i) for i in range(len(points))], max_snap_m=1000, box=info.box
    )
    assert graph.edge_from is not None and graph.edge_to is not None
    assert graph.edge_weight is not None
    out: dict[str, float] = {}
    targets = np.unique(snapped.vertices)
    t = time.perf_counter()
    reference, _ = graph.matrix(snapped.vertices)
    out["scipy_s"] = time.perf_counter() - t
    n = graph.csgraph.shape[0]
    try:
        import igraph
    except ImportError:
        pass
    else:
        t = time.perf_counter()
        g = igraph.Graph(
            n=n,
            edges=np.column_stack((graph.edge_from, graph.edge_to)).tolist(),
            directed=True,
        )
        g.es["w"] = graph.edge_weight.tolist()
        out["igraph_build_s"] = time.perf_counter() - t
        t = time.perf_counter()
        g.distances(source=targets.tolist(), target=targets.tolist(), weights="w")
        out["igraph_s"] = time.perf_counter() - t
    try:
        import networkit
    except ImportError:
        pass
    else:
        t = time.perf_counter()
        gk = networkit.Graph(n, weighted=True, directed=True)
        gk.addEdges((graph.edge_weight, (graph.edge_from, graph.edge_to)))
        out["networkit_build_s"] = time.perf_counter() - t
        t = time.perf_counter()
        spsp = networkit.distance.SPSP(gk, targets.tolist(), targets.tolist())
        spsp.run()
        out["networkit_s"] = time.perf_counter() - t
    del reference
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "osm-bench")
    parser.add_argument("--sizes", default="50,700")
    parser.add_argument("--engines", action="store_true", help="also time igraph, networkit")
    parser.add_argument("--case", nargs=2, metavar=("OSM", "POINTS"), help=argparse.SUPPRESS)
    parser.add_argument("--engine-case", nargs=2, metavar=("OSM", "POINTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(Path(args.case[0]), Path(args.case[1]))))
        return
    if args.engine_case:
        print(json.dumps(run_engines(Path(args.engine_case[0]), Path(args.engine_case[1]))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    synthetic = args.work / f"andorra-{TILES[0]}x{TILES[1]}-SYNTHETIC.osm.pbf"
    if not synthetic.exists():
        t = time.perf_counter()
        build_synthetic(ANDORRA, synthetic)
        print(f"built {synthetic} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    files = [("Andorra (real)", ANDORRA), ("Andorra 8x4 (SYNTHETIC)", synthetic)]
    print(
        f"{'file':<26}{'MB':>6}{'points':>8}{'load s':>8}{'graph s':>9}{'matrix s':>10}"
        f"{'total s':>9}{'peak MB':>9}{'vertices':>10}{'nodes':>10}"
    )
    for label, path in files:
        for n in (int(s) for s in args.sizes.split(",")):
            points_file = args.work / f"{path.stem}-{n}.json"
            if not points_file.exists():
                points_file.write_text(json.dumps(sample_points(path, n)))
            proc = subprocess.run(
                [sys.executable, __file__, "--case", str(path), str(points_file)],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(proc.stdout)
            print(
                f"{label:<26}{path.stat().st_size / 1e6:>6.1f}{n:>8}{r['load_s']:>8.1f}"
                f"{r['graph_s']:>9.1f}{r['matrix_s']:>10.1f}{r['total_s']:>9.1f}"
                f"{r['peak_mb']:>9.0f}{r['vertices']:>10,}{r['nodes']:>10,}",
                flush=True,
            )
            if args.engines and n == max(int(s) for s in args.sizes.split(",")):
                proc = subprocess.run(
                    [sys.executable, __file__, "--engine-case", str(path), str(points_file)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                print(f"  engines, matrix only: {proc.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main()

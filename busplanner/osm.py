"""Road travel from an OpenStreetMap extract (``.osm.pbf``), with no routing server.

``[travel] model = "osm"`` reads the car network of the file with pyosmium, reduces it to a
graph of its junctions, snaps every place to the nearest node of the network's largest
strongly connected part, and computes the fastest path between every two places with
scipy's Dijkstra (see ``docs/scenario.md`` and ``docs/benchmarks.md`` for why scipy).

The rules (which ways a car may use, in which direction, at what speed) are those of
:data:`RULES`; the default speeds and the share of the posted limit a bus drives at are
ASSUMPTIONS, taken from OSRM's car profile, not measurements.

Needs the optional extra ``busplanner[osm]`` (``osmium``, ``scipy``): :func:`require` says
so in one line when either is missing.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from busplanner.errors import InputError, Problem
from busplanner.i18n import Msg

if TYPE_CHECKING:
    from numpy.typing import NDArray

RULES_VERSION = 1
RULES = f"busplanner-car/{RULES_VERSION}"
"""The name and version of the rules below; part of every cache key and of ``plan.json``.
Bump the version whenever a rule or a speed changes."""

ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"
"""The credit the Open Database License asks for, shown with any route or figure from OSM."""

EXTRA = "pip install 'busplanner[osm]'"

# ASSUMPTION: the speed of a car on a road of each type when the road gives no limit (km/h),
# OSRM's car profile's defaults (car.lua). A way whose highway=* is not listed is not driven.
DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 90,
    "motorway_link": 45,
    "trunk": 85,
    "trunk_link": 40,
    "primary": 65,
    "primary_link": 30,
    "secondary": 55,
    "secondary_link": 25,
    "tertiary": 40,
    "tertiary_link": 20,
    "unclassified": 25,
    "residential": 25,
    "living_street": 10,
    "service": 15,
}

# ASSUMPTION: a bus drives at 80 % of a posted limit (maxspeed), as OSRM's car profile does.
MAXSPEED_SHARE = 0.8

# ASSUMPTION: parking aisles, driveways, alleys and drive-throughs at half their speed
# (OSRM's car profile).
SLOW_SERVICES = frozenset({"parking_aisle", "parking", "driveway", "alley", "drive-through"})
SLOW_SERVICE_SHARE = 0.5

# Posted limits that are not numbers: France's implicit limits (code de la route: 50 in
# town, 80 on two-lane rural roads since 2018, 110 on dual carriageways, 130 on motorways,
# 30 and 20 in zones) and the general words.
IMPLICIT_MAXSPEEDS_KMH: dict[str, float] = {
    "fr:urban": 50,
    "fr:rural": 80,
    "fr:trunk": 110,
    "fr:motorway": 130,
    "fr:zone30": 30,
    "fr:zone20": 20,
    "fr:living_street": 20,
}

# Access values that shut a way to a car (the most specific of motorcar, motor_vehicle,
# vehicle, access decides): private, agricultural and forestry roads and the like.
NO_ACCESS = frozenset(
    {"no", "private", "agricultural", "forestry", "emergency", "psv", "delivery", "customers"}
)
ACCESS_KEYS = ("motorcar", "motor_vehicle", "vehicle", "access")

_MPH = 1.609344
_EARTH_RADIUS_M = 6_371_008.8
# The Dijkstra weight of an edge: milliseconds x 2**26 + decimetres. Integers below 2**53
# add exactly in float64, so one run gives the fastest path's time and, among the fastest,
# the shortest one's distance (paths up to 37 h and 6,700 km).
_DIST_BITS = 26
_MAX_BATCH_CELLS = 16_000_000  # sources x vertices of one Dijkstra call (128 MB of float64)


def require() -> None:
    """Raise an :class:`ImportError` naming the extra when pyosmium or scipy is missing."""
    missing = []
    for module, package in (("osmium", "osmium"), ("scipy", "scipy")):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise ImportError(Msg("osm.needs", missing=", ".join(missing), extra=EXTRA))


# --- Rules ----------------------------------------------------------------------------


def parse_maxspeed(value: str | None) -> float | None:
    """A posted limit in km/h (``"50"``, ``"30 mph"``, ``"FR:urban"``), or ``None``."""
    if not value:
        return None
    text = value.strip().lower()
    if text in IMPLICIT_MAXSPEEDS_KMH:
        return IMPLICIT_MAXSPEEDS_KMH[text]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(km/h|kmh|kph|mph)?", text)
    if m is None:
        return None
    speed = float(m.group(1)) * (_MPH if m.group(2) == "mph" else 1.0)
    return speed if 0 < speed <= 300 else None


@dataclass(frozen=True)
class WayRule:
    """How a car may use a way: speeds in km/h each way, ``0`` where it may not go."""

    forward_kmh: float
    backward_kmh: float


def way_rule(tags: Any) -> WayRule | None:
    """The car's use of a way with these tags (a mapping), or ``None`` when it is not driven.

    Drivable: a ``highway`` of :data:`DEFAULT_SPEEDS_KMH`, not an area, not shut by its
    access tags (:data:`NO_ACCESS`). One-way: ``oneway=yes/true/1`` (``-1``: against the
    way's direction), roundabouts and motorways unless ``oneway=no``; ``reversible`` and
    ``alternating`` ways are left out. Speed: the posted limit (``maxspeed``, or
    ``maxspeed:forward``/``:backward``) x :data:`MAXSPEED_SHARE`, else the road type's
    default.
    """
    highway = tags.get("highway")
    if highway not in DEFAULT_SPEEDS_KMH:
        return None
    if tags.get("area") == "yes" or tags.get("impassable") == "yes":
        return None
    for key in ACCESS_KEYS:
        value = tags.get(key)
        if value is not None:
            if value in NO_ACCESS:
                return None
            break
    oneway = tags.get("oneway")
    forward, backward = True, True
    if oneway in ("yes", "true", "1"):
        backward = False
    elif oneway in ("-1", "reverse"):
        forward = False
    elif oneway in ("reversible", "alternating"):
        return None
    elif oneway not in ("no", "false", "0") and (
        tags.get("junction") in ("roundabout", "circular")
        or highway in ("motorway", "motorway_link")
    ):
        backward = False
    base = DEFAULT_SPEEDS_KMH[highway]
    if highway == "service" and tags.get("service") in SLOW_SERVICES:
        base *= SLOW_SERVICE_SHARE
    posted = parse_maxspeed(tags.get("maxspeed"))

    def speed(direction: str) -> float:
        limit = parse_maxspeed(tags.get(f"maxspeed:{direction}")) or posted
        return limit * MAXSPEED_SHARE if limit else base

    return WayRule(speed("forward") if forward else 0.0, speed("backward") if backward else 0.0)


# --- Reading the file -----------------------------------------------------------------


@dataclass(frozen=True)
class FileInfo:
    """What ``plan.json`` records of the file: its SHA-256 and the date its data is of."""

    sha256: str
    date: str
    box: tuple[float, float, float, float] | None
    """The file's area (lon min, lat min, lon max, lat max) as its header gives it."""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_info(path: Path, sha256: str | None = None) -> FileInfo:
    """The file's hash, date (its header's replication timestamp, else ``"unknown"``) and
    area (its header's box, when it has one)."""
    import osmium

    header = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING).header()
    date = header.get("osmosis_replication_timestamp") or header.get("timestamp") or "unknown"
    b = header.box()
    box = None
    if b.valid():
        box = (b.bottom_left.lon, b.bottom_left.lat, b.top_right.lon, b.top_right.lat)
    return FileInfo(sha256 or file_sha256(path), date, box)


@dataclass
class _Ways:
    """The drivable ways as read: their nodes in order (ids, coordinates) and rules.

    A way whose nodes are not all in the file (an extract cut at its border) is split at
    the gap into pieces; ``piece_start[k]`` is the first node of piece ``k`` in ``refs``.
    """

    refs: NDArray[np.int64]
    lons: NDArray[np.float64]
    lats: NDArray[np.float64]
    piece_start: NDArray[np.int64]
    forward_kmh: NDArray[np.float64]
    backward_kmh: NDArray[np.float64]


def read_ways(path: Path) -> _Ways:
    """Read the drivable ways of an ``.osm.pbf`` (or ``.osm``) file with pyosmium."""
    from array import array

    import osmium

    refs = array("q")
    lons = array("d")
    lats = array("d")
    starts = array("q")
    fwd = array("d")
    bwd = array("d")
    rules: dict[tuple[tuple[str, str], ...], WayRule | None] = {}
    keys = (
        "highway",
        "area",
        "impassable",
        *ACCESS_KEYS,
        "oneway",
        "junction",
        "service",
        "maxspeed",
        "maxspeed:forward",
        "maxspeed:backward",
    )
    processor = (
        osmium.FileProcessor(str(path))
        .with_locations()
        .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    way: Any
    for way in processor:
        tags = way.tags
        key = tuple((k, tags[k]) for k in keys if k in tags)
        if key in rules:
            rule = rules[key]
        else:
            rule = rules[key] = way_rule(dict(key))
        if rule is None:
            continue
        run = 0  # nodes of the current piece
        for node in way.nodes:
            loc = node.location
            if not loc.valid():
                if run == 1:  # a piece of one node is no road: drop it
                    _drop_last(refs, lons, lats, starts, fwd, bwd)
                run = 0
                continue
            if run == 0:
                starts.append(len(refs))
                fwd.append(rule.forward_kmh)
                bwd.append(rule.backward_kmh)
            refs.append(node.ref)
            lons.append(loc.lon)
            lats.append(loc.lat)
            run += 1
        if run == 1:
            _drop_last(refs, lons, lats, starts, fwd, bwd)
    return _Ways(
        np.frombuffer(refs, dtype=np.int64).copy(),
        np.frombuffer(lons, dtype=np.float64).copy(),
        np.frombuffer(lats, dtype=np.float64).copy(),
        np.frombuffer(starts, dtype=np.int64).copy(),
        np.frombuffer(fwd, dtype=np.float64).copy(),
        np.frombuffer(bwd, dtype=np.float64).copy(),
    )


def _drop_last(refs: Any, lons: Any, lats: Any, starts: Any, fwd: Any, bwd: Any) -> None:
    for a in (refs, lons, lats, starts, fwd, bwd):
        a.pop()


# --- The graph ------------------------------------------------------------------------


def haversine_m(
    lon1: Any, lat1: Any, lon2: Any, lat2: Any
) -> Any:  # numpy arrays or floats, as given
    """Great-circle distance in metres (vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


@dataclass
class RoadGraph:
    """The car network reduced to its junctions.

    Every node of the ways is ``node`` ``0..N-1`` (``lons``, ``lats``); ``occ_node[o]`` is the
    node of the ``o``-th position along the ways. A *chain* runs along one piece of way from
    one vertex to the next (``chain_start``/``chain_end``: positions); the vertices are the
    junctions (nodes shared by several ways or ending one) and the snapped nodes.
    ``vertex_of[node]`` is a node's vertex or ``-1``. The directed edges (``edge_from``,
    ``edge_to``, sorted, one per pair: the fastest) carry their chain and direction.
    """

    lons: NDArray[np.float64]
    lats: NDArray[np.float64]
    occ_node: NDArray[np.int64]
    piece_of_occ: NDArray[np.int64]
    seg_m: NDArray[np.float64]
    """Length of the segment from position ``o`` to ``o + 1`` (0 across pieces)."""
    piece_forward_kmh: NDArray[np.float64]
    piece_backward_kmh: NDArray[np.float64]
    junction: NDArray[np.bool_]
    component: NDArray[np.int64] | None = None
    """Per node: 1 when in the largest strongly connected part (set by :meth:`build`)."""
    vertex_of: NDArray[np.int64] | None = None
    vertex_node: NDArray[np.int64] | None = None
    chain_start: NDArray[np.int64] | None = None
    chain_end: NDArray[np.int64] | None = None
    edge_from: NDArray[np.int64] | None = None
    edge_to: NDArray[np.int64] | None = None
    edge_weight: NDArray[np.float64] | None = None
    edge_chain: NDArray[np.int64] | None = None
    edge_forward: NDArray[np.bool_] | None = None
    csgraph: Any = None

    @classmethod
    def from_ways(cls, ways: _Ways) -> RoadGraph:
        """Number the nodes, find the junctions, and measure every segment."""
        if len(ways.refs) == 0:
            empty_f = np.zeros(0)
            empty_i = np.zeros(0, dtype=np.int64)
            return cls(
                empty_f, empty_f, empty_i, empty_i, empty_f, empty_f, empty_f, np.zeros(0, bool)
            )
        ids, first, occ_node = np.unique(ways.refs, return_index=True, return_inverse=True)
        del ids
        n_occ = len(ways.refs)
        piece_of_occ = np.repeat(
            np.arange(len(ways.piece_start)), np.diff(np.append(ways.piece_start, n_occ))
        )
        counts = np.bincount(occ_node, minlength=len(first))
        junction = counts >= 2
        ends = np.append(ways.piece_start, ways.piece_start[1:] - 1)
        ends = np.append(ends, n_occ - 1)
        junction[occ_node[ends]] = True
        seg = haversine_m(ways.lons[:-1], ways.lats[:-1], ways.lons[1:], ways.lats[1:])
        seg[piece_of_occ[:-1] != piece_of_occ[1:]] = 0.0
        return cls(
            lons=ways.lons[first],
            lats=ways.lats[first],
            occ_node=occ_node.astype(np.int64),
            piece_of_occ=piece_of_occ,
            seg_m=np.append(seg, 0.0),
            piece_forward_kmh=ways.forward_kmh,
            piece_backward_kmh=ways.backward_kmh,
            junction=junction,
        )

    @property
    def node_count(self) -> int:
        return len(self.lons)

    def build(self, extra_vertices: NDArray[np.int64] | None = None) -> None:
        """Cut the ways into chains at the vertices (junctions, and ``extra_vertices``
        nodes), and build the directed graph of the chains (scipy CSR, fastest edge per
        pair)."""
        from scipy.sparse import csr_matrix

        is_vertex = self.junction.copy()
        if extra_vertices is not None and len(extra_vertices):
            is_vertex[extra_vertices] = True
        vertex_node = np.flatnonzero(is_vertex)
        vertex_of = np.full(self.node_count, -1, dtype=np.int64)
        vertex_of[vertex_node] = np.arange(len(vertex_node))
        at = np.flatnonzero(is_vertex[self.occ_node])  # positions that are vertices, in order
        same_piece = self.piece_of_occ[at[:-1]] == self.piece_of_occ[at[1:]]
        start, end = at[:-1][same_piece], at[1:][same_piece]
        cum = np.concatenate(([0.0], np.cumsum(self.seg_m)))
        length_m = cum[end] - cum[start]
        piece = self.piece_of_occ[start]
        u = vertex_of[self.occ_node[start]]
        v = vertex_of[self.occ_node[end]]
        chain = np.arange(len(start))
        parts = []
        for speeds, a, b, forward in (
            (self.piece_forward_kmh[piece], u, v, True),
            (self.piece_backward_kmh[piece], v, u, False),
        ):
            ok = (speeds > 0) & (a != b)
            seconds = length_m[ok] / (speeds[ok] / 3.6)
            weight = np.maximum(
                np.round(seconds * 1000) * 2.0**_DIST_BITS + np.round(length_m[ok] * 10), 1.0
            )
            parts.append((a[ok], b[ok], weight, chain[ok], np.full(int(ok.sum()), forward)))
        e_from = np.concatenate([p[0] for p in parts])
        e_to = np.concatenate([p[1] for p in parts])
        e_w = np.concatenate([p[2] for p in parts])
        e_chain = np.concatenate([p[3] for p in parts])
        e_fwd = np.concatenate([p[4] for p in parts])
        # One edge per ordered pair: the lightest (sorted by from, to, weight; first kept).
        order = np.lexsort((e_w, e_to, e_from))
        e_from, e_to, e_w, e_chain, e_fwd = (x[order] for x in (e_from, e_to, e_w, e_chain, e_fwd))
        keep = np.ones(len(e_from), dtype=bool)
        keep[1:] = (e_from[1:] != e_from[:-1]) | (e_to[1:] != e_to[:-1])
        self.vertex_node, self.vertex_of = vertex_node, vertex_of
        self.chain_start, self.chain_end = start, end
        self.edge_from, self.edge_to = e_from[keep], e_to[keep]
        self.edge_weight, self.edge_chain, self.edge_forward = e_w[keep], e_chain[keep], e_fwd[keep]
        n = len(vertex_node)
        self.csgraph = csr_matrix((self.edge_weight, (self.edge_from, self.edge_to)), shape=(n, n))

    def main_component(self) -> None:
        """Mark the nodes of the largest strongly connected part (``component`` = 1):
        its vertices, and the nodes along chains between two of them."""
        from scipy.sparse.csgraph import connected_components

        assert self.csgraph is not None and self.vertex_node is not None
        assert self.chain_start is not None and self.chain_end is not None
        component = np.zeros(self.node_count, dtype=np.int64)
        if self.csgraph.shape[0] == 0:
            self.component = component
            return
        _, labels = connected_components(self.csgraph, directed=True, connection="strong")
        main = np.bincount(labels).argmax()
        in_main = labels == main
        component[self.vertex_node[in_main]] = 1
        # A node inside a chain is reached from its start and reaches its end.
        vertex_of = self.vertex_of
        assert vertex_of is not None
        u_in = in_main[vertex_of[self.occ_node[self.chain_start]]]
        v_in = in_main[vertex_of[self.occ_node[self.chain_end]]]
        both = np.flatnonzero(u_in & v_in)
        if len(both):
            lengths = self.chain_end[both] - self.chain_start[both] - 1
            inner = np.repeat(self.chain_start[both] + 1, lengths) + _ranges(lengths)
            component[self.occ_node[inner]] = 1
        self.component = component

    def snap(
        self, points: Sequence[tuple[float, float]]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """For each ``(lon, lat)``: the nearest node of the main part, the distance to it
        (m), and the distance to the nearest node of any part (m)."""
        from scipy.spatial import cKDTree

        assert self.component is not None
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        lat0 = float(np.radians(np.mean(pts[:, 1]))) if len(pts) else 0.0

        def xy(lon: Any, lat: Any) -> NDArray[np.float64]:
            return (
                np.column_stack((np.radians(lon) * math.cos(lat0), np.radians(lat)))
                * _EARTH_RADIUS_M
            )

        out_nodes = np.full(len(pts), -1, dtype=np.int64)
        out_m = np.full(len(pts), np.inf)
        any_m = np.full(len(pts), np.inf)
        for mask, target in ((self.component == 1, "main"), (None, "any")):
            nodes = np.flatnonzero(mask) if mask is not None else np.arange(self.node_count)
            if len(nodes) == 0 or len(pts) == 0:
                continue
            tree = cKDTree(xy(self.lons[nodes], self.lats[nodes]))
            _, idx = tree.query(xy(pts[:, 0], pts[:, 1]))
            found = nodes[idx]
            metres = haversine_m(pts[:, 0], pts[:, 1], self.lons[found], self.lats[found])
            if target == "main":
                out_nodes, out_m = found, metres
            else:
                any_m = metres
        return out_nodes, out_m, any_m

    def matrix(
        self, vertices: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Seconds and metres of the fastest path between every two of ``vertices``
        (``inf`` when there is none), by scipy's Dijkstra, in batches of sources."""
        from scipy.sparse.csgraph import dijkstra

        n = len(vertices)
        seconds = np.full((n, n), np.inf)
        metres = np.full((n, n), np.inf)
        unique, inverse = np.unique(vertices, return_inverse=True)
        size = max(1, _MAX_BATCH_CELLS // max(1, self.csgraph.shape[0]))
        block = np.empty((len(unique), len(unique)))
        for lo in range(0, len(unique), size):
            rows = unique[lo : lo + size]
            dist = dijkstra(self.csgraph, directed=True, indices=rows)
            block[lo : lo + len(rows)] = dist[:, unique]
            del dist
        full = block[np.ix_(inverse, inverse)]
        finite = np.isfinite(full)
        ms = np.floor(full[finite] / 2.0**_DIST_BITS)
        seconds[finite] = ms / 1000
        metres[finite] = (full[finite] - ms * 2.0**_DIST_BITS) / 10
        np.fill_diagonal(seconds, 0.0)
        np.fill_diagonal(metres, 0.0)
        return seconds, metres

    def paths(
        self, pairs: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], list[tuple[float, float]]]:
        """The ``(lon, lat)`` line of the fastest path of each ``(from, to)`` vertex pair."""
        from scipy.sparse.csgraph import dijkstra

        assert self.edge_from is not None and self.edge_to is not None
        assert self.edge_chain is not None and self.edge_forward is not None
        assert self.chain_start is not None and self.chain_end is not None
        assert self.vertex_node is not None
        n = len(self.vertex_node)
        keys = self.edge_from * n + self.edge_to
        out: dict[tuple[int, int], list[tuple[float, float]]] = {}
        by_source: dict[int, list[int]] = {}
        for a, b in pairs:
            by_source.setdefault(a, []).append(b)
        for a, targets in by_source.items():
            _, pred = dijkstra(self.csgraph, directed=True, indices=a, return_predecessors=True)
            for b in targets:
                chain = [b]
                while chain[-1] != a and pred[chain[-1]] >= 0:
                    chain.append(int(pred[chain[-1]]))
                if chain[-1] != a:
                    continue  # no path
                verts = np.array(chain[::-1], dtype=np.int64)
                if len(verts) == 1:
                    node = self.vertex_node[a]
                    out[(a, b)] = [(float(self.lons[node]), float(self.lats[node]))] * 2
                    continue
                edges = np.searchsorted(keys, verts[:-1] * n + verts[1:])
                line: list[int] = []
                for e in edges:
                    c = self.edge_chain[e]
                    occ = np.arange(self.chain_start[c], self.chain_end[c] + 1)
                    if not self.edge_forward[e]:
                        occ = occ[::-1]
                    nodes = self.occ_node[occ]
                    line.extend(nodes[1:] if line else nodes)
                out[(a, b)] = [(float(self.lons[k]), float(self.lats[k])) for k in line]
        return out


def _ranges(lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """``0..l-1`` for each ``l`` of ``lengths``, concatenated."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    return np.arange(total) - np.repeat(starts, lengths)


# --- Places on the graph --------------------------------------------------------------


@dataclass(frozen=True)
class Snapped:
    """Places snapped to the graph: their vertex and how far they were moved (m)."""

    vertices: NDArray[np.int64]
    snap_m: tuple[float, ...]


class SnapError(ValueError):
    """Places that cannot be put on the road network; one line each."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


def load_graph(
    path: Path,
    points: Sequence[tuple[float, float]],
    names: Sequence[str],
    *,
    max_snap_m: float,
    box: tuple[float, float, float, float] | None,
    check_area: bool = True,
    timings: dict[str, float] | None = None,
) -> tuple[RoadGraph, Snapped]:
    """Read the file, build the graph and snap ``points`` (named ``names``) to its main part.

    ``box`` is the file's area (its header's); without one, only ``max_snap_m`` is checked.
    ``check_area=False`` checks neither the area nor ``max_snap_m``.

    Raises
    ------
    SnapError
        Naming every place outside the file's area, or farther than ``max_snap_m`` from
        the main part (with the nearest road of any part when it is nearer: an island).
    """
    import time

    t0 = time.perf_counter()
    ways = read_ways(path)
    t1 = time.perf_counter()
    graph = RoadGraph.from_ways(ways)
    del ways
    graph.build()
    graph.main_component()
    nodes, snap_m, any_m = graph.snap(points)
    problems: list[str] = []
    for i, (lon, lat) in enumerate(points if check_area else ()):
        if box is not None and not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            problems.append(
                Msg(
                    "osm.outside",
                    name=names[i],
                    lon=f"{lon:.6f}",
                    lat=f"{lat:.6f}",
                    box=f"{box[0]:.4f}",
                    box2=f"{box[2]:.4f}",
                    box1=f"{box[1]:.4f}",
                    box3=f"{box[3]:.4f}",
                )
            )
        elif not snap_m[i] <= max_snap_m:
            where = (
                Msg("osm.no_road")
                if not np.isfinite(snap_m[i])
                else Msg("osm.nearest_road", m=float(snap_m[i]))
            )
            island = Msg("osm.island", m=float(any_m[i])) if any_m[i] + 1 < snap_m[i] else ""
            problems.append(
                Msg("osm.too_far", name=names[i], where=where, island=island, max=max_snap_m)
            )
    if problems:
        raise SnapError(problems)
    graph.build(np.unique(nodes))
    t2 = time.perf_counter()
    if timings is not None:
        timings["load_s"] = t1 - t0
        timings["graph_s"] = t2 - t1
    assert graph.vertex_of is not None
    return graph, Snapped(graph.vertex_of[nodes], tuple(float(m) for m in snap_m))


def raise_snap_error(exc: SnapError, file: str) -> InputError:
    """The snapping problems as an input error on the OSM file."""
    return InputError([Problem(file, "[travel] osm_file", line) for line in exc.lines])

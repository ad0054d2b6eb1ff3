"""Fit the straight-line travel model to the roads of an OpenStreetMap extract
(``busplanner travel calibrate``).

Between every two stops of a territory, the fastest road path (:mod:`busplanner.osm`)
gives a distance and a time. The great-circle model says ``distance = great circle x
detour_factor`` and ``time = distance / speed_kmh``; the fit is the least-squares one
through the origin: ``detour_factor`` minimises the squared error of the distances, then
``speed_kmh`` that of the times given that factor. A user without the file then plans with
a straight-line model fitted to the territory's roads, not a guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from busplanner.errors import InputError, Problem
from busplanner.i18n import Msg, comment_lines, t
from busplanner.travel import DEFAULT_MAX_SNAP_M


@dataclass(frozen=True)
class Calibration:
    """The fitted factor and speed, and how well they fit."""

    detour_factor: float
    speed_kmh: float
    pairs: int
    stops: int
    median_time_error: float
    """Median of |model time - road time| / road time over the pairs (0.1 = 10 %)."""
    median_distance_error: float
    osm_file: str
    osm_date: str
    osm_sha256: str

    def lines(self) -> list[str]:
        """What ``travel calibrate`` prints."""
        return [
            Msg("calibrate.detour", value=f"{self.detour_factor:.2f}"),
            Msg("calibrate.speed", value=f"{self.speed_kmh:.1f}"),
            Msg(
                "calibrate.fitted",
                pairs=self.pairs,
                stops=self.stops,
                distance=self.median_distance_error * 100,
                time=self.median_time_error * 100,
            ),
            Msg("calibrate.roads", file=str(self.osm_file), date=self.osm_date),
        ]

    def travel_toml(self, osm_file: str | None = None, lang: str = "fr") -> str:
        """A ``[travel]`` table with the fitted values (and ``model = "osm"`` with the file
        when ``osm_file`` is given, the path to write in it); its comments in ``lang``."""

        def c(key: str, **kw: object) -> str:
            return "\n".join(comment_lines(t(f"calibrate.c.{key}", lang, **kw), hanging=False))

        model = (
            f"{c('osm')}\n"
            f'model = "osm"\nosm_file = {json.dumps(osm_file, ensure_ascii=False)}\n'
            f"{c('fitted_gc')}\n"
            if osm_file is not None
            else 'model = "great_circle"\n'
        )
        head = c(
            "head",
            file=Path(self.osm_file).name,
            date=self.osm_date,
            sha=self.osm_sha256[:16],
            pairs=self.pairs,
            stops=self.stops,
            distance=100 * self.median_distance_error,
            time=100 * self.median_time_error,
        )
        return (
            f"[travel]\n{head}\n{model}"
            f"detour_factor = {self.detour_factor:.2f}\n"
            f"speed_kmh = {self.speed_kmh:.1f}\n"
        )


def calibrate(
    territory_path: Path, osm_file: Path, *, max_snap_m: float = DEFAULT_MAX_SNAP_M
) -> Calibration:
    """Fit the great-circle model to the roads between the territory's stops.

    Raises
    ------
    TerritoryError
        If the territory file is wrong.
    InputError
        If the extra is missing, the file unreadable, a stop off the network, or fewer
        than two stops.
    """
    from busplanner.territory import load_territory
    from busplanner.travel import Place, osm_load, osm_open

    territory = load_territory(territory_path)
    stops = [
        Place(c.insee_code, c.name, c.stop_lon, c.stop_lat)
        for c in territory.communes
        if not getattr(c, "island", False)
    ]
    if len(stops) < 2:
        raise InputError(Problem(str(territory_path), "(stops)", Msg("osm.two_stops")))
    osm, sha256, info = osm_open(osm_file)
    graph, snapped = osm_load(osm_file, stops, max_snap_m=max_snap_m, box=info.box)
    seconds, metres = graph.matrix(snapped.vertices)
    lon = np.array([p.lon for p in stops])
    lat = np.array([p.lat for p in stops])
    gc_km = osm.haversine_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :]) / 1000
    off = ~np.eye(len(stops), dtype=bool) & (gc_km > 0) & np.isfinite(seconds)
    g, road_km, hours = gc_km[off], metres[off] / 1000, seconds[off] / 3600
    detour = float(np.sum(road_km * g) / np.sum(g * g))
    model_km = g * detour
    k = float(np.sum(hours * model_km) / np.sum(model_km * model_km))  # hours per km
    speed = 1 / k
    return Calibration(
        detour_factor=detour,
        speed_kmh=speed,
        pairs=int(off.sum()),
        stops=len(stops),
        median_time_error=float(np.median(np.abs(model_km / speed - hours) / hours)),
        median_distance_error=float(np.median(np.abs(model_km - road_km) / road_km)),
        osm_file=str(osm_file),
        osm_date=info.date,
        osm_sha256=sha256,
    )

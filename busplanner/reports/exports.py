"""Open-data exports of a plan: a dated stops CSV (mobile-library layout) and a GeoPackage.

``opendata.csv`` follows the layout of the UK mobile-library open data (one row per dated
stop visit), so that tools and portals that read those files read busplanner's too.
``plan.gpkg`` holds three layers for QGIS and other GIS: ``stops``, ``routes``, ``communes``
(and ``depots`` when the plan has several bases), in WGS84 longitude/latitude (EPSG:4326).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from busplanner.plan import Plan, Route, Stop, Visit
from busplanner.reports.dates import DatedVisit
from busplanner.reports.dialects import CsvDialect, write_csv
from busplanner.reports.i18n import check_lang, half_day_label, t, weekday_label
from busplanner.reports.map import route_layer_name
from busplanner.territory import Territory
from busplanner.timeutil import format_hhmm

OPENDATA_COLUMNS: tuple[str, ...] = (
    "Mobile",
    "Route",
    "Community",
    "Stop",
    "Address",
    "Longitude",
    "Latitude",
    "Date",
    "Day",
    "Frequency",
    "Start",
    "End",
)
"""Columns of ``opendata.csv``; ``Frequency`` is in weeks between two visits (1 = weekly)."""

CRS = "EPSG:4326"
GPKG_LAYERS: tuple[str, ...] = ("stops", "routes", "communes")


def _mobile(plan: Plan, route: Route, lang: str) -> str:
    if plan.bases:
        return plan.bus_label(route.bus)
    name = t("bus_n", lang, bus=route.bus)
    return name[:1].upper() + name[1:]


def _route_name(plan: Plan, route: Route, lang: str, *, several_buses: bool) -> str:
    """A route's name: week and day, and the bus (its label with several bases)."""
    if plan.bases:
        return route_layer_name(route, lang, with_bus=True, bus_label=plan.bus_label(route.bus))
    return route_layer_name(route, lang, with_bus=several_buses)


def opendata_csv(
    plan: Plan,
    dated: Sequence[DatedVisit],
    lang: str = "fr",
    dialect: str | CsvDialect = "standard",
) -> str:
    """Dated visits as open data: one row per visit on a real date, in the given order.

    Columns (``OPENDATA_COLUMNS``): ``Mobile`` (the bus, "Bus 1"; with several bases its
    label, "Janzé", "Quimper 2"), ``Route`` (week of the cycle and day, "Semaine 1 ·
    mardi", and the bus when there are several), ``Community`` (commune name), ``Stop`` (the stop's
    id: the commune's INSEE code, the key of ``plan.gpkg``), ``Address``, ``Longitude``,
    ``Latitude`` (WGS84 degrees), ``Date`` (ISO ``YYYY-MM-DD``), ``Day`` (weekday in
    ``lang``), ``Frequency`` (weeks between two visits: 1 weekly, 2 every other week),
    ``Start``, ``End`` (``HH:MM``, the public session). Text cells a spreadsheet would take
    for a formula get a leading ``'`` (as in ``timetable.csv``). Lines end with CRLF.

    ``dialect``: ``standard`` (``,``, no byte-order mark, decimal point) or ``excel-fr``
    (``;``, UTF-8 byte-order mark, decimal comma: ``-1,41``); the column names are the
    layout's English ones in both.

    ``dated`` comes from :func:`busplanner.reports.dates.visit_dates` (holidays already left
    out). A visit to a stop missing from ``plan.stops`` keeps its id as the commune name and
    has no address, frequency or coordinates.

    Raises
    ------
    ValueError
        If ``lang`` or ``dialect`` is not supported.
    """
    lang = check_lang(lang)
    stops = {s.id: s for s in plan.stops}
    several_buses = len({r.bus for r in plan.routes}) > 1
    rows: list[list[Any]] = []
    for d in dated:
        stop = stops.get(d.visit.stop_id)
        row: list[Any] = [
            _mobile(plan, d.route, lang),
            _route_name(plan, d.route, lang, several_buses=several_buses),
            stop.name if stop else d.visit.stop_id,
            d.visit.stop_id,
            stop.address if stop else "",
            stop.lon if stop else None,
            stop.lat if stop else None,
            d.date.isoformat(),
            weekday_label(d.route.day, lang),
            stop.every_weeks if stop else None,
            format_hhmm(d.visit.start_min),
            format_hhmm(d.visit.end_min),
        ]
        rows.append(row)
    return write_csv(OPENDATA_COLUMNS, rows, dialect)


def _visits_by_stop(plan: Plan) -> dict[str, list[tuple[Route, Visit]]]:
    ranks = {day: i for i, day in enumerate(plan.days)}
    found: dict[str, list[tuple[Route, Visit]]] = defaultdict(list)
    for route in sorted(
        plan.routes, key=lambda r: (r.week, ranks.get(r.day, len(ranks)), r.day, r.bus)
    ):
        for visit in route.visits:
            found[visit.stop_id].append((route, visit))
    return found


def _schedule_text(visits: list[tuple[Route, Visit]], lang: str) -> str:
    parts = []
    for route, visit in visits:
        when = f"{weekday_label(route.day, lang)} {half_day_label(visit.half_day, lang)}"
        times = f"{format_hhmm(visit.start_min)}–{format_hhmm(visit.end_min)}"
        parts.append(f"{t('week', lang, week=route.week)} {when} {times}")
    return "; ".join(parts)


def _stops_frame(plan: Plan, lang: str) -> Any:
    import geopandas as gpd
    from shapely.geometry import Point

    by_stop = _visits_by_stop(plan)
    rows = []
    for s in plan.stops:
        visits = by_stop.get(s.id, [])
        first = visits[0][1] if visits else None
        rows.append(
            {
                "stop_id": s.id,
                "commune": s.name,
                "address": s.address,
                "population": s.population,
                "visits_per_cycle": s.visits_per_cycle,
                "visits_planned": len(visits),
                "weekday": s.weekday,
                "day_label": weekday_label(s.weekday, lang) if s.weekday else None,
                "half_day": s.half_day,
                "start": format_hhmm(first.start_min) if first else None,
                "end": format_hhmm(first.end_min) if first else None,
                "every_weeks": s.every_weeks,
                "first_week": s.first_week,
                "bus": s.bus,
                **_base_columns(plan, s.bus),
                "schedule": _schedule_text(visits, lang),
                "geometry": Point(s.lon, s.lat),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _base_columns(plan: Plan, bus: int | None) -> dict[str, Any]:
    """With several bases, a bus's ``bus_label``, ``base`` (id) and ``base_name``; none with
    one base (its layers keep their columns)."""
    if not plan.bases:
        return {}
    if bus is None:
        return {"bus_label": None, "base": None, "base_name": None}
    base_id, depot = plan.home(bus)
    return {"bus_label": plan.bus_label(bus), "base": base_id, "base_name": depot.name}


def _routes_frame(plan: Plan, lang: str) -> Any:
    import geopandas as gpd
    from shapely.geometry import LineString

    stops: dict[str, Stop] = {s.id: s for s in plan.stops}
    ranks = {day: i for i, day in enumerate(plan.days)}
    several_buses = len({r.bus for r in plan.routes}) > 1
    rows = []
    for r in sorted(
        plan.routes, key=lambda r: (r.week, ranks.get(r.day, len(ranks)), r.day, r.bus)
    ):
        on_route = [stops[v.stop_id] for v in r.visits if v.stop_id in stops]
        home = plan.home(r.bus)[1]
        names = [home.name, *(s.name for s in on_route), home.name]
        rows.append(
            {
                "name": _route_name(plan, r, lang, several_buses=several_buses),
                "week": r.week,
                "day": r.day,
                "day_label": weekday_label(r.day, lang),
                "bus": r.bus,
                **_base_columns(plan, r.bus),
                "start": format_hhmm(r.start_min),
                "end": format_hhmm(r.end_min),
                "distance_km": r.distance_km,
                "driving_min": r.driving_min,
                "stops": " → ".join(names),
                "n_stops": len(r.visits),
                # Along the roads when the plan holds them (osm), as on the map.
                "geometry": LineString(plan.route_line(r)),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _depots_frame(plan: Plan, lang: str) -> Any:
    """One point per base of a plan with several: its id, name, address, buses, days, hours."""
    import geopandas as gpd
    from shapely.geometry import Point

    rows = [
        {
            "base": b.id,
            "name": b.depot.name,
            "address": b.depot.address,
            "buses": len(b.buses),
            "bus_numbers": ", ".join(str(bus) for bus in b.buses),
            "bus_labels": ", ".join(plan.bus_label(bus) for bus in b.buses),
            "days": ", ".join(b.days),
            "days_label": ", ".join(weekday_label(day, lang) for day in b.days),
            "shift_start": format_hhmm(b.shift_start_min),
            "shift_end": format_hhmm(b.shift_end_min),
            "open_start": format_hhmm(b.open_start_min),
            "open_end": format_hhmm(b.open_end_min),
            "geometry": Point(b.depot.lon, b.depot.lat),
        }
        for b in plan.bases
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def _communes_frame(plan: Plan, territory: Territory) -> Any:
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, Polygon

    served = {s.id for s in plan.stops}
    by_stop = _visits_by_stop(plan)
    rows = []
    for c in territory.communes:
        if c.boundary is None or c.boundary.is_empty:
            continue
        geom = MultiPolygon([c.boundary]) if isinstance(c.boundary, Polygon) else c.boundary
        rows.append(
            {
                "insee_code": c.insee_code,
                "name": c.name,
                "population": c.population,
                "in_scenario": c.insee_code in served,
                "visits_per_cycle": len(by_stop.get(c.insee_code, ())),
                "cycle_weeks": plan.cycle_weeks,
                "geometry": geom,
            }
        )
    if not rows:
        return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs=CRS)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def geopackage(plan: Plan, territory: Territory | None, path: Path, *, lang: str = "fr") -> None:
    """Write the plan as a GeoPackage (EPSG:4326) at ``path``, atomically.

    Layers:

    - ``stops``: one point per stop with its rotation (``weekday``, ``half_day``, ``start``,
      ``end``, ``every_weeks``, ``first_week``, ``bus``, ``visits_planned``) and its whole
      ``schedule`` as text;
    - ``routes``: one line per route in driving order, depot → stops → depot (along the
      roads when the plan holds them, ``osm``; else straight), with ``week``, ``day``,
      ``bus``, ``distance_km``, ``driving_min``, ``start``, ``end``;
    - ``communes``: the territory's boundaries (multipolygons) with ``visits_per_cycle``
      (0 when not served); left out when ``territory`` is ``None``;
    - with several bases only: ``depots``, one point per base (``base`` id, ``name``,
      ``address``, ``buses`` and their ``bus_numbers``/``bus_labels``, ``days``, hours);
      each route is drawn from its own base and back, and ``stops`` and ``routes`` also
      carry ``bus_label``, ``base`` (the base's id) and ``base_name``.

    GDAL writes the file into a temporary folder beside ``path``; it then replaces ``path``
    in one rename, so readers see the old file or the new one whole.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    OSError
        If the file cannot be written (the previous one is left as it was).
    """
    import pyogrio

    lang = check_lang(lang)
    layers: list[tuple[str, Any, str]] = [
        ("stops", _stops_frame(plan, lang), "Point"),
        ("routes", _routes_frame(plan, lang), "LineString"),
    ]
    if plan.bases:
        layers.append(("depots", _depots_frame(plan, lang), "Point"))
    if territory is not None:
        communes = _communes_frame(plan, territory)
        if len(communes):  # a territory of stops may have no boundary at all
            layers.append(("communes", communes, "MultiPolygon"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        tmp = tmp_dir / path.name
        for name, frame, geometry_type in layers:
            pyogrio.write_dataframe(
                frame, tmp, layer=name, driver="GPKG", geometry_type=geometry_type
            )
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except pyogrio.errors.DataSourceError as exc:
        msg = f"cannot write {path}: {exc}"
        raise OSError(msg) from None
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

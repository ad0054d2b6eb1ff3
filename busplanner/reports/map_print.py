"""``map-print.html``: the map to print, one A4 page per day of a chosen week.

Each page is plain HTML with an inline SVG drawn from the geometries (no Leaflet, no tiles,
no script, nothing loaded from anywhere): every commune of the territory outlined and named
(served that day: tinted; not served: hatched), the day's route in driving order with its
stops numbered, the base, and beside the map the same numbers with each stop's times. A
browser prints it as it shows it, with or without network (``busplanner plan --print-map``;
``--pdf`` also writes ``map-print.pdf``).
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from busplanner.errors import InputError, Problem
from busplanner.plan import Plan, Route, Stop
from busplanner.reports.buses import bus_colour, bus_name, capitalised
from busplanner.reports.i18n import (
    check_lang,
    format_distance,
    format_duration,
    half_day_label,
    t,
    weekday_label,
)
from busplanner.reports.map import (
    NOT_SERVED_SHADE,
    CommuneArea,
    commune_areas,
    day_colour,
    territory_bounds,
)
from busplanner.territory import Territory
from busplanner.timeutil import format_hhmm

PRINT_MAP = "map-print.html"
"""The file's name in the output folder."""

# The map's box on an A4 landscape page (mm), beside the list of stops.
MAP_W_MM = 182.0
MAP_H_MM = 168.0
VIEW_W = 1000.0
"""Width of the SVG's user space; its height follows the territory's shape."""
LABEL_MM = 2.9
"""Height of a commune's name on paper (about 8 pt)."""
SIMPLIFY_MM = 0.15
"""Outlines are simplified to what paper shows (shapely ``simplify``, in mm on the page)."""

_CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #222; }
.page { width: 277mm; height: 189mm; overflow: hidden; display: flex; flex-direction: column;
        break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.page h1 { font-size: 16pt; margin: 0 0 1mm 0; }
.page .sub { font-size: 9pt; color: #555; margin: 0 0 2mm 0; }
.body { display: flex; gap: 5mm; flex: 1; min-height: 0; }
.map { width: 182mm; height: 168mm; flex: none; border: 0.3mm solid #999; }
.stops { flex: 1; font-size: 9.5pt; min-width: 0; }
.stops h2 { font-size: 11pt; margin: 0 0 1mm 0; }
.stops table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
.stops td { padding: 0.6mm 1mm; border-bottom: 0.2mm solid #ddd; vertical-align: top; }
.stops td.n { width: 7mm; text-align: center; font-weight: bold; }
.stops td.h { white-space: nowrap; }
.stops .km { color: #555; font-size: 8.5pt; margin-bottom: 3mm; }
.key { font-size: 8.5pt; color: #333; margin-top: 2mm; }
.key span.sw { display: inline-block; width: 4mm; height: 3mm; border: 0.2mm solid #666;
               vertical-align: middle; margin-right: 1.5mm; }
.empty { font-size: 12pt; margin-top: 10mm; }
@media screen {
  body { background: #eee; }
  .page { background: #fff; margin: 5mm auto; padding: 10mm; width: 297mm; height: 210mm;
          box-shadow: 0 1px 4px rgba(0,0,0,.3); }
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Projection:
    """Longitude/latitude to the SVG's user space: equirectangular at the territory's mean
    latitude (true to shape at this scale), north up."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        south, west, north, east = bounds
        self.kx = math.cos(math.radians((south + north) / 2))
        width = max((east - west) * self.kx, 1e-6)
        height = max(north - south, 1e-6)
        # The territory fills the box on the page (margins of 3 %), whatever its shape.
        box_ratio = MAP_H_MM / MAP_W_MM
        if height / width > box_ratio:
            width = height / box_ratio
        else:
            height = width * box_ratio
        width *= 1.06
        height *= 1.06
        self.west = (west + east) / 2 - width / 2 / self.kx
        self.north = (south + north) / 2 + height / 2
        self.scale = VIEW_W / width
        self.view_h = VIEW_W * box_ratio
        self.mm = MAP_W_MM / VIEW_W
        """Millimetres on paper per user unit."""

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale

    def path(self, coords: Iterable[Sequence[float]]) -> str:
        points = [self.xy(c[0], c[1]) for c in coords]
        return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points)

    def degrees(self, mm: float) -> float:
        """A length on paper, in degrees of latitude."""
        return mm / self.mm / self.scale


def _polygon_paths(geometry: Any, proj: _Projection) -> str:
    """An SVG path ``d`` for a (multi)polygon: every ring, holes cut out (evenodd)."""
    simple = geometry.simplify(proj.degrees(SIMPLIFY_MM), preserve_topology=True)
    polygons = list(getattr(simple, "geoms", [simple]))
    parts = []
    for polygon in polygons:
        if polygon.is_empty or not hasattr(polygon, "exterior"):
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            parts.append(proj.path(ring.coords) + "Z")
    return "".join(parts)


def _routes_by_day(plan: Plan, week: int) -> list[tuple[str, list[Route]]]:
    """The week's routes, grouped by day in the plan's order of days, then by bus."""
    ranks = {day: i for i, day in enumerate(plan.days)}
    by_day: dict[str, list[Route]] = defaultdict(list)
    for route in sorted(plan.routes, key=lambda r: (ranks.get(r.day, len(ranks)), r.day, r.bus)):
        if route.week == week:
            by_day[route.day].append(route)
    return list(by_day.items())


def _route_colour(plan: Plan, route: Route) -> str:
    return bus_colour(route.bus) if plan.bases else day_colour(route.day)


def _svg(
    plan: Plan,
    areas: Sequence[CommuneArea],
    routes: Sequence[Route],
    proj: _Projection,
    lang: str,
) -> str:
    """One day's map as SVG: the communes (those visited that day tinted), the day's routes,
    the communes' names, the stops numbered in driving order and the base(s)."""
    stops = {s.id: s for s in plan.stops}
    today = {v.stop_id for r in routes for v in r.visits}
    font = LABEL_MM / proj.mm
    out = [
        f"<svg class='map' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {VIEW_W:.0f} "
        f"{proj.view_h:.0f}' preserveAspectRatio='xMidYMid meet' role='img'>",
        "<defs><pattern id='hatch' patternUnits='userSpaceOnUse' width='10' height='10' "
        "patternTransform='rotate(45)'><rect width='10' height='10' fill='#f2f2f2'/>"
        f"<line x1='0' y1='0' x2='0' y2='10' stroke='{NOT_SERVED_SHADE}' stroke-width='4'/>"
        "</pattern></defs>",
    ]
    out += _outlines(areas, today, proj)
    # The day's routes, then the stops numbered in driving order, then the base(s).
    for route in routes:
        points = [proj.xy(lon, lat) for lon, lat in plan.route_line(route)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f"<polyline class='route' points='{line}' fill='none' "
            f"stroke='{_route_colour(plan, route)}' stroke-width='5' stroke-opacity='0.85' "
            "stroke-linejoin='round' stroke-linecap='round'/>"
        )
    # Names above the routes, with a white halo so that they read across lines.
    for area in areas:
        if area.label_point is None:
            continue
        x, y = proj.xy(*area.label_point)
        weight = "bold" if area.code in today else "normal"
        style = "italic" if not area.served else "normal"
        out.append(
            f"<text class='commune-name' x='{x:.1f}' y='{y:.1f}' font-size='{font:.1f}' "
            f"font-weight='{weight}' font-style='{style}' text-anchor='middle' "
            "dominant-baseline='middle' fill='#222' stroke='#fff' stroke-width='3.5' "
            f"paint-order='stroke' stroke-linejoin='round'>{_e(area.name)}</text>"
        )
    out += _marks(plan, routes, stops, proj)
    out.append("</svg>")
    return "".join(out)


def _outlines(areas: Sequence[CommuneArea], today: set[str], proj: _Projection) -> list[str]:
    """Commune outlines: visited that day tinted, served on other days white, not served
    hatched and dashed."""
    out: list[str] = []
    for area in areas:
        if area.boundary is None:
            continue
        d = _polygon_paths(area.boundary, proj)
        if not d:
            continue
        if area.code in today:
            style = "fill='#fff2c2' stroke='#555' stroke-width='1.2'"
            kind = "today"
        elif area.served:
            style = "fill='#ffffff' stroke='#777' stroke-width='1'"
            kind = "served"
        else:
            style = "fill='url(#hatch)' stroke='#888' stroke-width='1' stroke-dasharray='6 4'"
            kind = "unserved"
        out.append(
            f"<path class='commune commune-{kind}' fill-rule='evenodd' {style} d='{d}'>"
            f"<title>{_e(area.name)}</title></path>"
        )
    return out


def _marks(
    plan: Plan, routes: Sequence[Route], stops: Mapping[str, Stop], proj: _Projection
) -> list[str]:
    """The day's stops numbered in driving order (in their route's colour), then the
    base(s)."""
    out: list[str] = []
    radius = 2.3 / proj.mm
    for route in routes:
        colour = _route_colour(plan, route)
        for n, visit in enumerate(route.visits, start=1):
            stop = stops.get(visit.stop_id)
            if stop is None:
                continue
            x, y = proj.xy(stop.lon, stop.lat)
            out.append(
                f"<g class='stop'><circle cx='{x:.1f}' cy='{y:.1f}' r='{radius:.1f}' "
                f"fill='{colour}' stroke='#fff' stroke-width='2'/>"
                f"<text x='{x:.1f}' y='{y:.1f}' font-size='{radius * 1.25:.1f}' "
                "font-weight='bold' fill='#fff' text-anchor='middle' "
                f"dominant-baseline='central'>{n}</text></g>"
            )
    side = 4.0 / proj.mm
    homes = {plan.home(r.bus)[1] for r in routes} or {plan.depot}
    for depot in sorted(homes, key=lambda d: d.name):
        x, y = proj.xy(depot.lon, depot.lat)
        out.append(
            f"<rect class='base' x='{x - side / 2:.1f}' y='{y - side / 2:.1f}' "
            f"width='{side:.1f}' height='{side:.1f}' fill='#222' stroke='#fff' "
            f"stroke-width='2'><title>{_e(depot.name)}</title></rect>"
        )
    return out


def _stop_table(plan: Plan, route: Route, lang: str) -> str:
    """The route in driving order: leave the base, each stop numbered with its times, back."""
    stops = {s.id: s for s in plan.stops}
    _, depot = plan.home(route.bus)
    rows = [
        f"<tr><td class='n'>⌂</td><td>{_e(t('map_print.leave', lang, place=depot.name))}</td>"
        f"<td class='h'>{_e(format_hhmm(route.start_min))}</td></tr>"
    ]
    for n, visit in enumerate(route.visits, start=1):
        stop = stops.get(visit.stop_id)
        name = stop.name if stop is not None else visit.stop_id
        times = f"{format_hhmm(visit.start_min)}–{format_hhmm(visit.end_min)}"
        where = (
            f"{_e(name)}<br><small>{_e(stop.address)}</small>"
            if stop and stop.address
            else _e(name)
        )
        rows.append(
            f"<tr><td class='n'>{n}</td><td>{where}</td>"
            f"<td class='h'>{_e(times)}<br><small>{_e(half_day_label(visit.half_day, lang))}"
            "</small></td></tr>"
        )
    rows.append(
        f"<tr><td class='n'>⌂</td><td>{_e(t('map_print.back', lang, place=depot.name))}</td>"
        f"<td class='h'>{_e(format_hhmm(route.end_min))}</td></tr>"
    )
    heading = ""
    if len(plan.buses()) > 1:
        heading = f"<h2>{_e(capitalised(bus_name(plan, route.bus, lang)))}</h2>"
    km = t(
        "map_print.driving",
        lang,
        km=format_distance(route.distance_km, lang),
        drive=format_duration(route.driving_min, lang),
    )
    return f"{heading}<table>{''.join(rows)}</table><div class='km'>{_e(km)}</div>"


def _key(lang: str) -> str:
    return (
        "<div class='key'>"
        f"<div><span class='sw' style='background:#fff2c2'></span>"
        f"{_e(t('map_print.key_today', lang))}</div>"
        f"<div><span class='sw' style='background:#fff'></span>"
        f"{_e(t('map_print.key_other_days', lang))}</div>"
        f"<div><span class='sw' style='border-style:dashed;background:repeating-linear-gradient("
        f"45deg,#f2f2f2 0 1mm,{NOT_SERVED_SHADE} 1mm 1.6mm)'></span>"
        f"{_e(t('not_served', lang))}</div>"
        "</div>"
    )


def build_print_map(
    plan: Plan, territory: Territory | None, lang: str = "fr", *, week: int = 1
) -> str:
    """The page ``map-print.html``: one A4 landscape page per day of ``week`` that has a
    route, each with the whole territory (every commune outlined and named), that day's
    routes with their stops numbered in driving order, the base(s), and each stop's times.

    Every string from data is HTML-escaped; the page loads nothing and runs no script; the
    same plan gives the same page.

    Raises
    ------
    InputError
        If ``week`` is not a week of the plan's cycle (``--print-map-week``).
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    if not 1 <= week <= plan.cycle_weeks:
        raise InputError(
            Problem(
                "busplanner",
                "--print-map-week",
                t("map_print.bad_week", lang, week=week, weeks=plan.cycle_weeks),
            )
        )
    areas = commune_areas(plan, territory, lang)
    proj = _Projection(territory_bounds(plan, areas))
    title_week = t("week", lang, week=week)
    pages = []
    for day, routes in _routes_by_day(plan, week):
        title = f"{title_week} · {weekday_label(day, lang)}"
        sub = t("map_print.subtitle", lang, scenario=plan.scenario_name, n=plan.cycle_weeks)
        tables = "".join(_stop_table(plan, r, lang) for r in routes)
        pages.append(
            f"<section class='page' data-day='{_e(day)}'>"
            f"<h1>{_e(title)}</h1><p class='sub'>{_e(sub)}</p>"
            f"<div class='body'>{_svg(plan, areas, routes, proj, lang)}"
            f"<div class='stops'>{tables}{_key(lang)}</div></div></section>"
        )
    if not pages:
        pages.append(
            "<section class='page'>"
            f"<h1>{_e(title_week)}</h1>"
            f"<p class='empty'>{_e(t('map_print.no_route', lang, week=week))}</p></section>"
        )
    title = _e(t("map_print.title", lang, week=week))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(pages)
        + "\n</body>\n</html>\n"
    )

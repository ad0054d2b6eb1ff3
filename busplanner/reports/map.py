"""The plan on a map (folium): communes shaded by visits, stops, depot, one layer per route."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from busplanner.geo import great_circle_km
from busplanner.plan import Base, Plan, Route, Stop, Visit
from busplanner.reports.buses import base_lines, bus_colour, bus_name, capitalised
from busplanner.reports.i18n import (
    check_lang,
    frequency_label,
    half_day_label,
    t,
    weekday_label,
)
from busplanner.reports.offline import leaflet_assets
from busplanner.territory import MAX_STOP_KM, Territory
from busplanner.timeutil import WEEKDAYS, format_hhmm

# One colour per weekday (Monday first), readable on the OpenStreetMap background.
DAY_COLOURS: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
)
UNKNOWN_DAY_COLOUR = "#333333"
# Commune fill by visits per cycle: 1, 2, 3, 4 or more; grey when not served.
SHADES: tuple[str, ...] = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")
NOT_SERVED_SHADE = "#bdbdbd"

COMMUNES_PANE = "busplanner-communes"
STOPS_PANE = "busplanner-stops"
LABELS_PANE = "busplanner-labels"
# A commune not served: grey fill, dashed outline (prints as well as it shows).
UNSERVED_DASH = "6 4"
# Below this zoom the commune names would overlap: they are hidden (not when printing).
LABELS_MIN_ZOOM = 10
NOTICE_ID = "busplanner-network-notice"
VIEW_TITLE_ID = "busplanner-view-title"

_HEX_ID = re.compile(r"[0-9a-f]{32}")


def _text(value: object) -> str:
    """Data text made safe for every place folium puts it.

    HTML-escaped, and with the characters that mean something in a JavaScript template
    literal (folium puts popups and tooltips inside backticks) or in a Jinja template
    (folium renders some strings as templates) turned into character references.
    """
    escaped = html.escape(str(value), quote=True)
    for char, ref in (("`", "&#96;"), ("$", "&#36;"), ("\\", "&#92;"), ("{", "&#123;")):
        escaped = escaped.replace(char, ref)
    return escaped.replace("}", "&#125;")


def day_colour(day: str) -> str:
    """The colour of a weekday's routes (English weekday key)."""
    key = day.strip().lower()
    return DAY_COLOURS[WEEKDAYS.index(key)] if key in WEEKDAYS else UNKNOWN_DAY_COLOUR


def _shade(visits: int) -> str:
    if visits <= 0:
        return NOT_SERVED_SHADE
    return SHADES[min(visits, len(SHADES)) - 1]


def _shade_label(step: int, lang: str) -> str:
    if step >= len(SHADES):
        return t("visits_per_cycle_min", lang, n=step)
    return t("visits_per_cycle", lang, n=step)


def _sorted_routes(plan: Plan) -> list[Route]:
    ranks = {day: i for i, day in enumerate(plan.days)}
    return sorted(plan.routes, key=lambda r: (r.week, ranks.get(r.day, len(ranks)), r.day, r.bus))


def route_layer_name(
    route: Route, lang: str = "fr", *, with_bus: bool = False, bus_label: str | None = None
) -> str:
    """The (unescaped) name of a route's layer, e.g. ``"Semaine 1 · mardi"``.

    ``with_bus`` adds the bus: its number (``"bus 2"``), or ``bus_label`` when given
    (``"bus Janzé"``, with several bases).
    """
    parts = [t("week", lang, week=route.week), weekday_label(route.day, lang)]
    if with_bus:
        parts.append(t("bus_n", lang, bus=route.bus if bus_label is None else bus_label))
    return " · ".join(parts)


def _stop_popup(
    stop: Stop, visits: list[tuple[Route, Visit]], plan: Plan, lang: str, *, with_bus: bool
) -> str:
    """The stop's popup: name, address, frequency, then every visit of the cycle in order."""
    lines = [f"<b>{_text(stop.name)}</b>"]
    if stop.address:
        lines.append(_text(stop.address))
    if not visits:
        lines.append(_text(t("not_served", lang)))
        reason = next((u.reason_in(lang) for u in plan.unserved if u.stop_id == stop.id), "")
        if reason:
            lines.append(f"<span class='busplanner-reason'>{_text(reason)}</span>")
        return "<br>".join(lines)
    if plan.bases:
        buses = dict.fromkeys(r.bus for r, _ in visits)
        lines.extend(_text(capitalised(bus_name(plan, bus, lang))) for bus in buses)
    lines.append(_text(frequency_label(stop.every_weeks, lang)))
    ranks = {day: i for i, day in enumerate(plan.days)}
    ordered = sorted(
        visits, key=lambda rv: (rv[0].week, ranks.get(rv[0].day, len(ranks)), rv[1].start_min)
    )
    rows = []
    for route, visit in ordered:
        when = [
            t("week", lang, week=route.week),
            f"{weekday_label(route.day, lang)} {half_day_label(visit.half_day, lang)}",
        ]
        if with_bus:
            bus = plan.bus_label(route.bus) if plan.bases else route.bus
            when.append(t("bus_n", lang, bus=bus))
        times = f"{format_hhmm(visit.start_min)}–{format_hhmm(visit.end_min)}"
        rows.append(
            f"<tr><td style='padding-right:8px'>{_text(' · '.join(when))}</td>"
            f"<td style='white-space:nowrap'>{_text(times)}</td></tr>"
        )
    lines.append(f"<table class='busplanner-schedule'>{''.join(rows)}</table>")
    return "<br>".join(lines)


def _route_tooltip(route: Route, stops: dict[str, Stop], depot: str, name: str) -> str:
    """The route's name and its places in driving order (depot → stops → depot)."""
    places = [
        depot,
        *(stops[v.stop_id].name if v.stop_id in stops else v.stop_id for v in route.visits),
        depot,
    ]
    return f"<b>{_text(name)}</b><br>{_text(' → '.join(places))}"


_WEEK_SELECTOR_JS = """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var weeks = {{ this.weeks_js }};
    function show(selected) {
        weeks.forEach(function (week) {
            week.layers.forEach(function (layer) {
                if (week.week === selected) { map.addLayer(layer); }
                else { map.removeLayer(layer); }
            });
        });
    }
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
        var box = L.DomUtil.create("div", "leaflet-bar busplanner-weeks");
        box.style.background = "white";
        box.style.padding = "6px 8px";
        box.style.font = "13px/1.5 sans-serif";
        weeks.forEach(function (week, i) {
            var label = L.DomUtil.create("label", "", box);
            label.style.display = "block";
            var input = L.DomUtil.create("input", "busplanner-week", label);
            input.type = "radio";
            input.name = "busplanner-week";
            input.value = String(week.week);
            input.checked = i === 0;
            label.appendChild(document.createTextNode(" " + week.label));
            L.DomEvent.on(input, "change", function () { show(week.week); });
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
    };
    control.addTo(map);
    show(weeks[0].week);
})();
{% endmacro %}
"""


class _WeekSelector(MacroElement):
    """A Leaflet control with one radio button per week: it shows that week's route layers.

    Plain Leaflet (``L.control``), no plugin; the labels are set with ``textContent``.
    """

    _template = Template(_WEEK_SELECTOR_JS)

    def __init__(self, weeks: list[tuple[int, str, list[folium.FeatureGroup]]]) -> None:
        super().__init__()
        self._name = "WeekSelector"
        entries = [
            f'{{"week": {week}, "label": {_js_string(label)}, '
            f'"layers": [{", ".join(layer.get_name() for layer in layers)}]}}'
            for week, label, layers in weeks
        ]
        self.weeks_js = "[" + ", ".join(entries) + "]"


class _BaseWeekSelector(MacroElement):
    """The week selector of a plan with several bases: each route sits in its base's layer
    group (one checkbox per base), and a week's routes are put into their groups, the other
    weeks' taken out; a base left unticked stays hidden whatever the week."""

    _template = Template(
        _WEEK_SELECTOR_JS.replace(
            """            week.layers.forEach(function (layer) {
                if (week.week === selected) { map.addLayer(layer); }
                else { map.removeLayer(layer); }
            });""",
            """            week.layers.forEach(function (pair) {
                if (week.week === selected) { pair[0].addLayer(pair[1]); }
                else { pair[0].removeLayer(pair[1]); }
            });""",
        )
    )

    def __init__(self, weeks: list[tuple[int, str, list[tuple[Element, Element]]]]) -> None:
        super().__init__()
        self._name = "WeekSelector"
        entries = [
            f'{{"week": {week}, "label": {_js_string(label)}, "layers": ['
            + ", ".join(f"[{group.get_name()}, {layer.get_name()}]" for group, layer in layers)
            + "]}"
            for week, label, layers in weeks
        ]
        self.weeks_js = "[" + ", ".join(entries) + "]"


class _Popup(MacroElement):
    """A popup bound with plain Leaflet (folium's own Popup needs jQuery, absent offline).

    ``content`` is HTML whose data text is already escaped; it reaches the page as a
    JavaScript string literal that cannot close the ``<script>`` element.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindPopup({{ this.content_js }}, {"maxWidth": {{ this.max_width }}});
{% endmacro %}
"""
    )

    def __init__(self, content: str, *, max_width: int = 320) -> None:
        super().__init__()
        self._name = "Popup"
        self.content_js = _js_string(f"<div class='busplanner-popup'>{content}</div>")
        self.max_width = int(max_width)


def _js_string(value: str) -> str:
    """A JavaScript string literal that cannot close a <script> element."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _depot_icon(class_name: str = "busplanner-depot") -> folium.DivIcon:
    """The depot's marker: a dark square with a house sign (no icon font, no image file)."""
    return folium.DivIcon(
        html=(
            "<div style='width:20px;height:20px;background:#222;color:#fff;border:2px solid #fff;"
            "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.5);font:bold 15px/20px sans-serif;"
            "text-align:center'>&#8962;</div>"
        ),
        icon_size=(24, 24),
        icon_anchor=(12, 12),
        class_name=class_name,
    )


def _legend_html(plan: Plan, lang: str, shades_used: list[int]) -> str:
    if plan.bases:
        # One colour per bus, under the title "Bus (base)": each named by its label alone
        # (its base's name, with its number when the base has several), one line, cut with
        # an ellipsis when long, the whole name in its tooltip. "Bus Bus France services X
        # (base de Bus France services X)" made the legend as wide as the map.
        rows = [f"<div style='font-weight:bold'>{_text(t('legend_buses', lang))}</div>"]
        for bus in plan.buses():
            full = _text(capitalised(bus_name(plan, bus, lang)))
            rows.append(
                f"<div class='busplanner-legend-bus busplanner-legend-row' title='{full}'>"
                f"<span style='display:inline-block;width:18px;height:4px;"
                f"background:{bus_colour(bus)};vertical-align:middle;margin-right:6px'></span>"
                f"{_text(plan.bus_label(bus))}</div>"
            )
    else:
        days = list(dict.fromkeys([*plan.days, *(r.day for r in plan.routes)]))
        rows = [f"<div style='font-weight:bold'>{_text(t('legend_days', lang))}</div>"]
        for day in days:
            rows.append(
                f"<div><span style='display:inline-block;width:18px;height:4px;"
                f"background:{day_colour(day)};vertical-align:middle;margin-right:6px'></span>"
                f"{_text(weekday_label(day, lang))}</div>"
            )
    depot_word = t("bases", lang) if plan.bases else t("depot", lang)
    rows.append(
        "<div><span style='display:inline-block;width:12px;height:12px;background:#222;"
        "border:2px solid #fff;outline:1px solid #222;vertical-align:middle;margin:0 7px 0 1px'>"
        f"</span>{_text(depot_word)}</div>"
    )
    title = t("legend_shading", lang, n=plan.cycle_weeks)
    rows.append(f"<div style='font-weight:bold;margin-top:6px'>{_text(title)}</div>")
    for step in shades_used:
        label = _shade_label(step, lang) if step > 0 else t("map.legend_not_served", lang)
        border = "1px solid #555" if step > 0 else "1.5px dashed #555"
        rows.append(
            f"<div class='busplanner-legend-shade-{step}'><span style='display:inline-block;"
            f"width:14px;height:14px;background:{_shade(step)};border:{border};"
            f"vertical-align:middle;margin-right:6px'></span>{_text(label)}</div>"
        )
    if plan.travel.attribution:
        # The road network's source and the credit its licence (ODbL) asks for.
        date = plan.travel.osm_date[:10] if plan.travel.osm_date else "?"
        rows.append(
            f"<div class='busplanner-attribution' style='font-size:11px;color:#444'>"
            f"{_text(t('roads_from', lang, date=date, attribution=plan.travel.attribution))}"
            "</div>"
        )
    box_style = (
        "position:fixed;bottom:24px;left:12px;z-index:9999;background:white;"
        "padding:8px 10px;border:1px solid #888;border-radius:4px;"
        "font:13px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);"
        f"box-sizing:border-box;max-width:{LEGEND_MAX_WIDTH}"
    )
    return f"<div class='busplanner-legend' style='{box_style}'>{''.join(rows)}</div>"


def _elements(root: Element) -> list[Element]:
    """Every branca element reachable from ``root`` (children and element attributes)."""
    seen: set[int] = set()
    found: list[Element] = []
    todo: list[Any] = [root]
    while todo:
        el = todo.pop()
        if id(el) in seen:
            continue
        seen.add(id(el))
        found.append(el)
        for name, value in vars(el).items():
            if name == "_parent":
                continue
            if isinstance(value, Element):
                todo.append(value)
            elif name == "_children":
                todo.extend(value.values())
    return found


def _stable_ids(text: str, ids: set[str]) -> str:
    """Replace folium's random element ids with numbers in order of first appearance."""
    numbering: dict[str, str] = {}

    def renumber(m: re.Match[str]) -> str:
        found = m.group(0)
        if found not in ids:
            return found
        return numbering.setdefault(found, f"{len(numbering) + 1:06d}")

    return _HEX_ID.sub(renumber, text)


def _base_routes(
    plan: Plan,
    routes: list[Route],
    stops: dict[str, Stop],
    lang: str,
    fmap: folium.Map,
    entries: list[tuple[Route, Element, Element | None]],
) -> dict[int, list[tuple[Element, Element]]]:
    """The routes of a plan with several bases: one layer group per base (a checkbox each),
    holding its buses' routes, each drawn from its own base and back in its bus's colour.

    Returns, per week, the (base group, route line) pairs for the week selector; appends
    each (route, line, base group) to ``entries``.
    """
    groups: dict[str, folium.FeatureGroup] = {}
    for base in plan.bases:
        name = t("label_value", lang, label=t("base", lang), value=base.depot.name)
        groups[base.id] = folium.FeatureGroup(name=_text(name), show=True)
    by_week: dict[int, list[tuple[Element, Element]]] = defaultdict(list)
    for route in routes:
        base_id, depot = plan.home(route.bus)
        group = groups.get(base_id) or next(iter(groups.values()))
        label = plan.bus_label(route.bus)
        plain_name = route_layer_name(route, lang, with_bus=True, bus_label=label)
        line = folium.PolyLine(
            _route_points(plan, route),
            color=bus_colour(route.bus),
            weight=4,
            opacity=0.8,
            class_name=(
                f"busplanner-route busplanner-week-{route.week} "
                f"busplanner-day-{_css_name(route.day)} "
                f"busplanner-bus-{route.bus} busplanner-base-{_css_name(base_id)}"
            ),
            tooltip=folium.Tooltip(_route_tooltip(route, stops, depot.name, plain_name)),
        )
        line.add_to(group)
        by_week[route.week].append((group, line))
        entries.append((route, line, group))
    for group in groups.values():
        group.add_to(fmap)
    return dict(by_week)


def _route_points(plan: Plan, route: Route) -> list[list[float]]:
    """A route's line as Leaflet wants it, ``[lat, lon]``: along the roads when the plan
    holds them (``osm``), else straight from place to place."""
    return [[lat, lon] for lon, lat in plan.route_line(route)]


def _css_name(text: str) -> str:
    """``text`` reduced to the characters a CSS class name may hold."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def _base_marker(plan: Plan, index: int, lang: str) -> folium.Marker:
    """A base's marker: its name (tooltip) and, in its popup, its address, buses and hours."""
    base: Base = plan.bases[index]
    label = _text(t("label_value", lang, label=t("base", lang), value=base.depot.name))
    lines = [f"<b>{label}</b>"]
    if base.depot.address:
        lines.append(_text(base.depot.address))
    lines.extend(_text(line) for line in base_lines(plan, index, lang))
    marker = folium.Marker(
        location=[base.depot.lat, base.depot.lon],
        tooltip=folium.Tooltip(label),
        icon=_depot_icon(f"busplanner-depot busplanner-base-{_css_name(base.id)}"),
    )
    marker.add_child(_Popup("<br>".join(lines), max_width=360))
    return marker


@dataclass(frozen=True)
class CommuneArea:
    """A commune of the territory as the maps draw it.

    ``name``: the plan's name of its stop when it has one, else the territory's; ``visits``:
    visits per cycle (0: not served); ``reason``: why it is not served, or why visits are
    missing ("" when none is known); ``label_point``: where its name goes, ``(lon, lat)``.
    """

    code: str
    name: str
    boundary: Any
    visits: int
    reason: str
    label_point: tuple[float, float] | None

    @property
    def served(self) -> bool:
        """Whether the plan visits the commune at least once a cycle."""
        return self.visits > 0


def commune_areas(
    plan: Plan,
    territory: Territory | None,
    lang: str = "fr",
    visits_by_stop: Mapping[str, Sequence[object]] | None = None,
) -> list[CommuneArea]:
    """Every commune of ``territory`` (in its order), served or not, with why not.

    The reason of a commune not served is the plan's (``unserved``) when there is one, else
    "an island" when the territory marks it so, else "not among the scenario's communes"
    when the plan has no stop there. Without a territory, the plan's stops (no boundary).
    """
    if visits_by_stop is None:
        counts: dict[str, int] = defaultdict(int)
        for route in plan.routes:
            for visit in route.visits:
                counts[visit.stop_id] += 1
    else:
        counts = {k: len(v) for k, v in visits_by_stop.items()}
    stops = {s.id: s for s in plan.stops}
    reasons = {u.stop_id: u.reason_in(lang) for u in plan.unserved}
    out: list[CommuneArea] = []
    seen: set[str] = set()
    for commune in territory.communes if territory is not None else ():
        code = commune.insee_code
        if code in seen:
            continue
        seen.add(code)
        stop = stops.get(code)
        boundary = commune.boundary
        if boundary is not None and boundary.is_empty:
            boundary = None
        reason = reasons.get(code, "")
        if not reason and not counts.get(code):
            if commune.island:
                reason = t("map.island", lang)
            elif stop is None:
                reason = t("map.not_in_scenario", lang)
        if boundary is not None:
            point = boundary.representative_point()
            label: tuple[float, float] | None = (point.x, point.y)
        elif stop is not None:
            label = (stop.lon, stop.lat)
        else:
            label = (commune.stop_lon, commune.stop_lat)
        out.append(
            CommuneArea(
                code,
                stop.name if stop is not None else commune.name,
                boundary,
                counts.get(code, 0),
                reason,
                label,
            )
        )
    for stop in plan.stops:
        if stop.id not in seen:
            seen.add(stop.id)
            out.append(
                CommuneArea(
                    stop.id,
                    stop.name,
                    None,
                    counts.get(stop.id, 0),
                    reasons.get(stop.id, ""),
                    (stop.lon, stop.lat),
                )
            )
    return out


def territory_bounds(
    plan: Plan,
    areas: Sequence[CommuneArea],
    visits_by_stop: Mapping[str, Sequence[object]] | None = None,
) -> tuple[float, float, float, float]:
    """``(south, west, north, east)`` holding every commune drawn (served or not), the
    depots and the stops.

    A place thousands of km away (a stop with lat and lon swapped: left out, with its
    reason) keeps its marker but does not zoom the map out to the whole world: only what
    lies within :data:`MAX_STOP_KM` of a depot, or is visited, counts.
    """
    depots = [b.depot for b in plan.bases] or [plan.depot]
    visited = set(visits_by_stop) if visits_by_stop is not None else set()
    if visits_by_stop is None:
        visited = {v.stop_id for r in plan.routes for v in r.visits}

    def near(lon: float, lat: float) -> bool:
        return any(great_circle_km(lon, lat, d.lon, d.lat) <= MAX_STOP_KM for d in depots)

    lats = [d.lat for d in depots]
    lons = [d.lon for d in depots]
    for stop in plan.stops:
        if stop.id in visited or near(stop.lon, stop.lat):
            lats.append(stop.lat)
            lons.append(stop.lon)
    for area in areas:
        if area.boundary is None or area.label_point is None:
            continue
        if not near(*area.label_point):
            continue
        west, south, east, north = area.boundary.bounds
        lats += [south, north]
        lons += [west, east]
    return min(lats), min(lons), max(lats), max(lons)


def _area_status(area: CommuneArea, lang: str) -> str:
    """ "2 visites par cycle", or "non desservie"."""
    return _shade_label(area.visits, lang) if area.served else t("not_served", lang)


def _commune_layer(area: CommuneArea, lang: str) -> folium.GeoJson:
    """A commune's outline: shaded by visits when served, grey and dashed when not; its
    tooltip names it and says whether it is served, its popup says why not."""
    feature = {"type": "Feature", "properties": {}, "geometry": mapping(area.boundary)}
    fill = _shade(area.visits)
    style: dict[str, Any] = {
        "fillColor": fill,
        "color": "#555555",
        "weight": 1,
        "fillOpacity": 0.45,
    }
    if not area.served:
        style.update(color="#666666", weight=1.5, dashArray=UNSERVED_DASH, fillOpacity=0.3)
    served = "served" if area.served else "unserved"
    style["className"] = f"busplanner-commune busplanner-commune-{served}"
    layer = folium.GeoJson(
        feature,
        style_function=lambda _f, style=style: style,
        tooltip=folium.Tooltip(f"{_text(area.name)} — {_text(_area_status(area, lang))}"),
        pane=COMMUNES_PANE,
    )
    lines = [f"<b>{_text(area.name)}</b>", _text(_area_status(area, lang))]
    if area.reason:
        lines.append(f"<span class='busplanner-reason'>{_text(area.reason)}</span>")
    layer.add_child(_Popup("<br>".join(lines), max_width=360))
    return layer


def _commune_label(area: CommuneArea) -> folium.Marker:
    """The commune's name, always shown (hidden only when zoomed far out), not clickable."""
    assert area.label_point is not None
    lon, lat = area.label_point
    served = "served" if area.served else "unserved"
    icon = folium.DivIcon(
        html=f"<span>{_text(area.name)}</span>",
        icon_size=(0, 0),
        icon_anchor=(0, 0),
        class_name=f"busplanner-commune-label busplanner-commune-label-{served}",
    )
    return folium.Marker(
        location=[lat, lon], icon=icon, interactive=False, keyboard=False, pane=LABELS_PANE
    )


LEGEND_MAX_WIDTH = "min(22em, 30vw)"
"""The widest the legend and the layer list may be: beside a 1400-pixel map, a third of it
at most; long base names are cut with an ellipsis (the legend) or wrapped (the list)."""

_MAP_CSS = (
    (
        """
.busplanner-commune-label span {
    position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
    font: 600 11px/1.2 sans-serif; color: #222; pointer-events: none;
    text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff;
}
.busplanner-commune-label-unserved span { color: #555; font-style: italic; font-weight: 400; }
.busplanner-labels-hidden .busplanner-commune-label { display: none; }
.busplanner-legend-row { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.leaflet-control-layers-expanded { max-width: LEGEND_MAX_WIDTH; }
.busplanner-notice {
    position: fixed; top: 10px; left: 50%; transform: translateX(-50%); z-index: 10000;
    max-width: 80%; background: #fff3cd; color: #222; border: 1px solid #c9a227;
    border-radius: 4px; padding: 8px 12px; font: 14px/1.4 sans-serif;
    box-shadow: 0 1px 4px rgba(0,0,0,.3);
}
.busplanner-notice[hidden], .busplanner-view-title[hidden] { display: none; }
.busplanner-view-title {
    position: fixed; top: 10px; left: 60px; z-index: 9999; background: #fff;
    border: 1px solid #888; border-radius: 4px; padding: 4px 10px;
    font: bold 18px/1.3 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3);
}
.busplanner-notice-close { margin-left: 10px; border: 0; background: none; cursor: pointer;
    font: bold 16px/1 sans-serif; vertical-align: middle; }
@page { size: A4 landscape; margin: 8mm; }
@media print {
    .leaflet-control-container, .busplanner-weeks, .busplanner-notice,
    .leaflet-popup-pane, .leaflet-tooltip-pane { display: none !important; }
    html, body { width: 100%; height: 100%; margin: 0; }
    .folium-map { position: absolute !important; top: 0; left: 0;
        width: 281mm !important; height: 193mm !important; }
    .busplanner-labels-hidden .busplanner-commune-label { display: block; }
    .busplanner-view-title { position: absolute; top: 4mm; left: 4mm; box-shadow: none; }
    .busplanner-legend { position: absolute !important; bottom: 4mm !important;
        left: 4mm !important; box-shadow: none !important; }
}
"""
    )
    .strip()
    .replace("LEGEND_MAX_WIDTH", LEGEND_MAX_WIDTH)
)


def _network_notice(lang: str) -> str:
    """The notice shown when the map cannot load from the internet (Leaflet or its tiles):
    hidden at first; shown when Leaflet is missing once the page has loaded, or by the tile
    layer's ``tileerror`` (:class:`_MapExtras`)."""
    text = _text(t("map.needs_internet", lang))
    script = (
        "window.addEventListener('load', function () {"
        " if (typeof L === 'undefined') {"
        f" document.getElementById('{NOTICE_ID}').hidden = false; }} }});"
    )
    close = _text(t("map.close", lang))
    button = (
        f"<button type='button' class='busplanner-notice-close' aria-label='{close}' "
        f"title='{close}' onclick='this.parentNode.hidden = true'>&#215;</button>"
    )
    return (
        f"<div id='{NOTICE_ID}' class='busplanner-notice' role='alert' hidden>{text}{button}</div>"
        f"<script>{script}</script>"
    )


def _route_view(entries: Sequence[tuple[Route, Element, Element | None]], lang: str) -> str:
    """The routes as the page's script reads them for ``map.html?week=N&day=D``: each
    route's week, day and layer (and base group); the day names it accepts (English keys,
    French and English names, lower case); the titles of each view (``"Semaine 1 · lundi"``).
    """
    routes = ", ".join(
        f'{{"week": {route.week}, "day": {_js_string(route.day)}, '
        f'"layer": {layer.get_name()}, "group": {group.get_name() if group else "null"}}}'
        for route, layer, group in entries
    )
    days: dict[str, str] = {}
    for key in WEEKDAYS:
        for language in ("fr", "en"):
            days[weekday_label(key, language).lower()] = key
        days[key] = key
    titles: dict[str, str] = {}
    for route, _layer, _group in entries:
        week = t("week", lang, week=route.week)
        day = weekday_label(route.day, lang)
        titles[f"{route.week}|{route.day}"] = f"{week} · {day}"
        titles[f"{route.week}|"] = week
        titles[f"|{route.day}"] = day
    return (
        f'{{"routes": [{routes}], "days": {_js_string_map(days)}, '
        f'"titles": {_js_string_map(titles)}}}'
    )


def _js_string_map(mapping: Mapping[str, str]) -> str:
    """A JavaScript object of strings that cannot close a <script> element."""
    items = ", ".join(f"{_js_string(k)}: {_js_string(v)}" for k, v in sorted(mapping.items()))
    return "{" + items + "}"


class _MapExtras(MacroElement):
    """The map's behaviour beyond folium: commune names hidden when zoomed far out; the
    whole territory in view when printing; the network notice on a tile that fails."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var bounds = {{ this.bounds_js }};
    function labels() {
        var hide = map.getZoom() < {{ this.min_zoom }};
        map.getContainer().classList.toggle("busplanner-labels-hidden", hide);
    }
    map.on("zoomend", labels);
    labels();
    // The legend (bottom left) and the layer list (top right) float over the map. Fitted
    // with a plain margin first; when a route or a stop then lies under one of them, the
    // map is fitted again into what that box leaves free: a strip beside or above it,
    // whichever costs the map less.
    var points = {{ this.points_js }};
    function padding() {
        var tl = [24, 24], br = [24, 24];
        var area = map.getContainer().getBoundingClientRect();
        if (!area.width || !area.height) { return {paddingTopLeft: tl, paddingBottomRight: br}; }
        var shown = points.map(function (p) { return map.latLngToContainerPoint(p); });
        function under(el) {
            if (!el) { return null; }
            var r = el.getBoundingClientRect();
            if (!r.width) { return null; }
            var box = {left: r.left - area.left - 8, right: r.right - area.left + 8,
                       top: r.top - area.top - 8, bottom: r.bottom - area.top + 8};
            var hit = shown.some(function (c) {
                return c.x >= box.left && c.x <= box.right && c.y >= box.top && c.y <= box.bottom;
            });
            return hit ? box : null;
        }
        var legend = under(document.querySelector(".busplanner-legend"));
        if (legend) {
            var w = legend.right + 12, h = area.height - legend.top + 12;
            if (w * area.height <= h * area.width) { tl[0] = Math.max(tl[0], w); }
            else { br[1] = Math.max(br[1], h); }
        }
        var layers = under(map.getContainer().querySelector(".leaflet-control-layers"));
        if (layers) {
            var w2 = area.width - layers.left + 12, h2 = layers.bottom + 12;
            if (w2 * area.height <= h2 * area.width) { br[0] = Math.max(br[0], w2); }
            else { tl[1] = Math.max(tl[1], h2); }
        }
        return {paddingTopLeft: tl, paddingBottomRight: br};
    }
    function fit() {
        map.invalidateSize({pan: false});
        map.fitBounds(bounds, {animate: false, padding: [24, 24]});
        var options = padding();
        options.animate = false;
        map.fitBounds(bounds, options);
    }
    fit();
    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", fit);
    if (window.matchMedia) {
        var print = window.matchMedia("print");
        var changed = function () { fit(); };
        if (print.addEventListener) { print.addEventListener("change", changed); }
        else if (print.addListener) { print.addListener(changed); }
    }
    // map.html?week=1&day=monday: only that week's (and day's) routes, fitted, titled.
    var view = {{ this.view_js }};
    var params = new URLSearchParams(window.location.search);
    var week = parseInt(params.get("week") || "", 10) || 0;
    var asked = (params.get("day") || "").trim().toLowerCase();
    var day = view.days[asked] || "";
    var chosen = view.routes.filter(function (r) {
        return (!week || r.week === week) && (!day || r.day === day);
    });
    if ((week || day) && chosen.length) {
        view.routes.forEach(function (r) {
            var parent = r.group || map;
            if (chosen.indexOf(r) >= 0) { parent.addLayer(r.layer); }
            else { parent.removeLayer(r.layer); }
        });
        var radio = document.querySelector("input.busplanner-week[value='" + week + "']");
        if (radio) { radio.checked = true; }
        bounds = L.featureGroup(chosen.map(function (r) { return r.layer; })).getBounds();
        var title = document.getElementById("{{ this.title_id }}");
        var key = (week || "") + "|" + (day || "");
        title.textContent = view.titles[key] || "";
        title.hidden = !title.textContent;
        document.body.classList.add("busplanner-day-view");
        fit();
    }
    {% if this.tiles %}
    {{ this.tiles }}.on("tileerror", function () {
        var notice = document.getElementById("{{ this.notice_id }}");
        if (notice) { notice.hidden = false; }
    });
    {% endif %}
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        bounds: list[list[float]],
        tiles: Element | None,
        view_js: str,
        points: Sequence[tuple[float, float]] = (),
    ) -> None:
        super().__init__()
        self._name = "MapExtras"
        self.bounds_js = json.dumps(bounds)
        # (lat, lon) of the stops, the bases and the routes' lines: what must stay in view.
        self.points_js = json.dumps([[round(lat, 5), round(lon, 5)] for lat, lon in points])
        self.view_js = view_js
        self.title_id = VIEW_TITLE_ID
        self.min_zoom = LABELS_MIN_ZOOM
        self.tiles = tiles.get_name() if tiles is not None else ""
        self.notice_id = NOTICE_ID


MAX_VIEW_POINTS = 4000
"""At most this many points of the routes' lines are checked against the legend (every
stop and base always): long road lines are thinned, evenly."""


def _points_in_view(plan: Plan) -> list[tuple[float, float]]:
    """``(lat, lon)`` of every stop and base, and of the routes' lines (thinned to
    :data:`MAX_VIEW_POINTS`): what the legend and the layer list must not cover."""
    places = [(s.lat, s.lon) for s in plan.stops]
    places += [(plan.depot.lat, plan.depot.lon)]
    places += [(b.depot.lat, b.depot.lon) for b in plan.bases]
    line = [(lat, lon) for route in plan.routes for lat, lon in _route_points(plan, route)]
    step = max(1, -(-len(line) // MAX_VIEW_POINTS))
    return list(dict.fromkeys([*places, *line[::step]]))


def build_map(
    plan: Plan, territory: Territory | None, lang: str = "fr", *, offline: bool = False
) -> str:
    """The plan as a folium page (HTML text; the caller writes the file).

    The map has: commune boundaries from ``territory`` (matched on ``insee_code == stop.id``)
    shaded by visits per cycle, grey when not served; a marker per stop with a popup holding
    its whole schedule (every visit of the cycle: week, day, half-day, times) and frequency;
    the depot; one layer per route (week, day and bus when there are several) drawn as
    lines depot → stops → depot in driving order (along the roads when the plan holds each
    leg's road line, ``osm``, with the road network's credit in the legend; else straight);
    a layer control (one checkbox per route), a week selector when the cycle has several
    weeks (shows one week's routes at a time), and a legend. Every string that comes from
    data is HTML-escaped. The same plan and territory give byte-identical HTML (folium's
    random element ids are renumbered).

    With several bases (``plan.bases``), every base has its marker (name, address, buses,
    days and hours), each route is drawn from its bus's base and back in that bus's colour
    (stops too; the legend names each bus and its base), the routes are grouped in one layer
    per base (a checkbox each; the week selector shows the chosen week's routes of the ticked
    bases), and a stop's popup names its bus and base. With one base the page is as before.

    By default the page loads Leaflet and the OpenStreetMap tiles from the network. With
    ``offline=True`` Leaflet's JS and CSS are inlined (from the ``xstatic-leaflet`` package),
    no other file is loaded and there is no background map: boundaries, stops and routes
    show without any network.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    OfflineAssetsError
        If ``offline`` and Leaflet's files cannot be found.
    """
    lang = check_lang(lang)
    visits_by_stop: dict[str, list[tuple[Route, Visit]]] = defaultdict(list)
    for route in plan.routes:
        for visit in route.visits:
            visits_by_stop[visit.stop_id].append((route, visit))
    fmap, tile_layer = _base_map(plan, offline=offline)
    # Every commune of the territory: served ones shaded by visits per cycle, the others
    # grey with a dashed outline and why they are not served; each named on the map.
    areas = commune_areas(plan, territory, lang, visits_by_stop)
    shades_used = _add_communes(fmap, areas, lang)
    # One layer per route: depot -> stops in driving order -> depot.
    routes = _sorted_routes(plan)
    several_buses = len({r.bus for r in routes}) > 1
    stops = {s.id: s for s in plan.stops}
    layers_by_week: dict[int, list[folium.FeatureGroup]] = defaultdict(list)
    base_weeks: dict[int, list[tuple[Element, Element]]] = {}
    # Every route's (route, layer, its base group or None): for map.html?week=N&day=D.
    entries: list[tuple[Route, Element, Element | None]] = []
    if plan.bases:
        base_weeks = _base_routes(plan, routes, stops, lang, fmap, entries)
        routes = []
    for route in routes:
        layer = _route_layer(plan, route, stops, lang, with_bus=several_buses)
        layer.add_to(fmap)
        layers_by_week[route.week].append(layer)
        entries.append((route, layer, None))
    # Stops and depot, above the routes.
    _add_markers(fmap, plan, visits_by_stop, lang, several_buses=several_buses)
    # The layer list, the week selectors, the first view.
    folium.LayerControl(collapsed=False).add_to(fmap)
    if len(layers_by_week) > 1:
        weeks = [(w, t("week", lang, week=w), layers_by_week[w]) for w in sorted(layers_by_week)]
        _WeekSelector(weeks).add_to(fmap)
    if len(base_weeks) > 1:
        _BaseWeekSelector(
            [(w, t("week", lang, week=w), base_weeks[w]) for w in sorted(base_weeks)]
        ).add_to(fmap)
    bounds = _view_bounds(plan, areas, visits_by_stop)
    fmap.fit_bounds(bounds, padding=(24, 24))
    _MapExtras(
        bounds, None if offline else tile_layer, _route_view(entries, lang), _points_in_view(plan)
    ).add_to(fmap)
    return _page(fmap, plan, lang, sorted(shades_used), offline=offline)


def _base_map(plan: Plan, *, offline: bool) -> tuple[folium.Map, folium.TileLayer | None]:
    """The map around the depot: OpenStreetMap's tiles, or (``offline``) Leaflet inlined
    and no background; its panes."""
    fmap = folium.Map(location=[plan.depot.lat, plan.depot.lon], zoom_start=11, tiles=None)
    tile_layer: folium.TileLayer | None = None
    if offline:
        assets = leaflet_assets()
        # Instance attributes: folium's class-level lists stay as they are for other maps.
        fmap.default_js = []
        fmap.default_css = []
        fmap.get_root().header.add_child(  # type: ignore[attr-defined]
            Element(f"<style>{assets.css}</style>\n<script>{assets.js}</script>"),
            name="leaflet_inline",
        )
    else:
        tile_layer = folium.TileLayer("OpenStreetMap", control=False)
        tile_layer.add_to(fmap)
    # Panes fix the drawing order whatever layers are toggled later: boundaries under the
    # routes (overlay pane, z-index 400), stops above them, the depot in the marker pane.
    folium.map.CustomPane(COMMUNES_PANE, z_index=350, pointer_events=True).add_to(fmap)
    folium.map.CustomPane(STOPS_PANE, z_index=450, pointer_events=True).add_to(fmap)
    folium.map.CustomPane(LABELS_PANE, z_index=460, pointer_events=False).add_to(fmap)
    return fmap, tile_layer


def _view_bounds(
    plan: Plan,
    areas: Sequence[CommuneArea],
    visits_by_stop: Mapping[str, list[tuple[Route, Visit]]],
) -> list[list[float]]:
    """``[[south, west], [north, east]]``: the territory's box, and the roads' (they may run
    outside the communes' box in osm plans)."""
    south, west, north, east = territory_bounds(plan, areas, visits_by_stop)
    for route in plan.routes:
        for lat, lon in _route_points(plan, route):
            south, north = min(south, lat), max(north, lat)
            west, east = min(west, lon), max(east, lon)
    return [[south, west], [north, east]]


def _add_communes(fmap: folium.Map, areas: Sequence[CommuneArea], lang: str) -> set[int]:
    """The communes' boundaries and names; the shades of visits used (for the legend)."""
    shades_used: set[int] = set()
    boundaries = folium.FeatureGroup(name=_text(t("col_commune", lang)), control=False)
    labels = folium.FeatureGroup(name=_text(t("map.names", lang)), control=False)
    for area in areas:
        if area.boundary is not None:
            shades_used.add(min(area.visits, len(SHADES)))
            _commune_layer(area, lang).add_to(boundaries)
        if area.label_point is not None:
            _commune_label(area).add_to(labels)
    boundaries.add_to(fmap)
    labels.add_to(fmap)
    return shades_used


def _route_layer(
    plan: Plan, route: Route, stops: dict[str, Stop], lang: str, *, with_bus: bool
) -> folium.FeatureGroup:
    """A route's layer (shown for week 1): its line in its weekday's colour."""
    plain_name = route_layer_name(route, lang, with_bus=with_bus)
    layer = folium.FeatureGroup(name=_text(plain_name), show=route.week == 1)
    folium.PolyLine(
        _route_points(plan, route),
        color=day_colour(route.day),
        weight=4,
        opacity=0.8,
        class_name=(
            f"busplanner-route busplanner-week-{route.week} busplanner-day-{_css_name(route.day)}"
        ),
        tooltip=folium.Tooltip(_route_tooltip(route, stops, plan.depot.name, plain_name)),
    ).add_to(layer)
    return layer


def _add_markers(
    fmap: folium.Map,
    plan: Plan,
    visits_by_stop: Mapping[str, list[tuple[Route, Visit]]],
    lang: str,
    *,
    several_buses: bool,
) -> None:
    """A marker per stop (its popup: the whole schedule) and the depot or every base."""
    markers = folium.FeatureGroup(name=_text(t("col_commune", lang)), control=False)
    for stop in plan.stops:
        visits = visits_by_stop.get(stop.id, [])
        colour = day_colour(stop.weekday or visits[0][0].day) if visits else NOT_SERVED_SHADE
        if plan.bases and visits:
            colour = bus_colour(stop.bus or visits[0][0].bus)
        served = "served" if visits else "unserved"
        marker = folium.CircleMarker(
            location=[stop.lat, stop.lon],
            radius=7,
            color="#222222",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            class_name=f"busplanner-stop busplanner-stop-{served}",
            tooltip=folium.Tooltip(_text(stop.name)),
        )
        marker.options["pane"] = STOPS_PANE  # folium's CircleMarker has no pane argument
        several = several_buses or bool(plan.bases)
        popup = _stop_popup(stop, visits, plan, lang, with_bus=several)
        marker.add_child(_Popup(popup, max_width=360))
        marker.add_to(markers)
    if plan.bases:
        for index in range(len(plan.bases)):
            _base_marker(plan, index, lang).add_to(markers)
    else:
        depot_label = _text(t("label_value", lang, label=t("depot", lang), value=plan.depot.name))
        depot_popup = depot_label + (
            f"<br>{_text(plan.depot.address)}" if plan.depot.address else ""
        )
        depot = folium.Marker(
            location=[plan.depot.lat, plan.depot.lon],
            tooltip=folium.Tooltip(depot_label),
            icon=_depot_icon(),
        )
        depot.add_child(_Popup(depot_popup))
        depot.add_to(markers)
    markers.add_to(fmap)


def _page(fmap: folium.Map, plan: Plan, lang: str, shades: list[int], *, offline: bool) -> str:
    """The page: the map with its style, legend, view title and (online) network notice,
    folium's random ids renumbered."""
    root = fmap.get_root()
    root.header.add_child(Element(f"<style>{_MAP_CSS}</style>"), name="busplanner_css")  # type: ignore[attr-defined]
    root.html.add_child(Element(_legend_html(plan, lang, shades)))  # type: ignore[attr-defined]
    root.html.add_child(  # type: ignore[attr-defined]
        Element(f"<div id='{VIEW_TITLE_ID}' class='busplanner-view-title' hidden></div>")
    )
    if not offline:
        root.html.add_child(Element(_network_notice(lang)))  # type: ignore[attr-defined]
    page = root.render()
    ids = {el._id for el in _elements(root)}
    return _stable_ids(page, ids)

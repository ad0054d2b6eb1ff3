"""Printable pages for the public: an A4 timetable of the rotation and one poster per commune.

Both are standalone HTML pages with print CSS (A4, black on white, no colour carries meaning),
to print from a browser or to turn into PDF with headless Chromium (``busplanner plan --pdf``).
Every text that comes from the data (names, addresses, service fields) is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import holidays

from busplanner.i18n import format_date as i18n_format_date
from busplanner.plan import Plan, Stop, Visit
from busplanner.region import Region, holidays_of
from busplanner.region import current as current_region
from busplanner.reports.buses import bus_name
from busplanner.reports.dates import DatedVisit, SkippedVisit, cycle_start
from busplanner.reports.i18n import (
    check_lang,
    frequency_label,
    t,
    weekday_label,
)
from busplanner.scenario import ServiceInfo
from busplanner.timeutil import format_french, format_hhmm

POSTER_DATES = 6
"""How many upcoming dates a poster lists."""

# Letters NFKD does not split into ASCII + accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_CODE = re.compile(r"[^A-Za-z0-9]+")

_BASE_CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt;
       line-height: 1.35; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; border-bottom: 1.5pt solid #000; }
.nowrap { white-space: nowrap; }
.muted { font-weight: normal; font-size: 11pt; }
footer.contact { margin-top: 5mm; border-top: 0.75pt solid #000; padding-top: 2mm;
                 font-size: 10pt; }
footer.contact span + span::before { content: " · "; }
@media print { a { color: #000; text-decoration: none; } }
"""

_TIMETABLE_CSS = """
@page { margin: 12mm 15mm; }
section.page { break-before: page; page-break-before: always; }
section.week { break-inside: avoid; page-break-inside: avoid; }
section.week + section.week { margin-top: 5mm; }
h2 { font-size: 13pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; font-size: 10pt;
        table-layout: fixed; overflow-wrap: anywhere; }
thead { display: table-header-group; }
th, td { border: 0.75pt solid #000; padding: 1mm 2mm; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2pt solid #000; }
tbody { break-inside: avoid; page-break-inside: avoid; }
tr.cancelled .times { text-decoration: line-through; }
ul.help { margin: 1mm 0 4mm; }
table.overview { table-layout: fixed; }
table.overview th[scope="row"] { font-weight: normal; }
table.overview td span { display: block; }
table.overview.wide { font-size: 8pt; }
table.overview.wide th, table.overview.wide td { padding: 1mm; }
"""
PAGE_MM = 273.0
"""The printable height of an A4 page (297 mm less the 12 mm margins)."""
PAGE_FOOTER_MM = 20.0
"""The contact footer at the foot of each page of weeks, and some air."""
WEEK_MM = 23.0
"""A printed week less its rows: its title, the table's header, the space after it."""
LINE_MM = 4.8
"""A line of text in a table (10 pt, line height 1.35)."""
CELL_MM = 2.3
"""A table cell's padding and border, top and bottom."""
CHAR_MM = 1.85
"""The width of a character, on average, at 10 pt (DejaVu Sans, the widest font named)."""
TABLE_MM = 180.0
"""The printable width of an A4 page (210 mm less the 15 mm margins)."""

_POSTER_CSS = """
body { font-size: 16pt; }
h1 { font-size: 26pt; }
.commune { font-size: 44pt; font-weight: bold; line-height: 1.1; margin: 0 0 6mm; }
.when { font-size: 22pt; font-weight: bold; margin: 0 0 2mm; }
.where { font-size: 18pt; margin: 0 0 8mm; }
h2 { font-size: 18pt; margin-top: 6mm; }
ul { margin: 2mm 0; padding-left: 8mm; }
li { margin-bottom: 1.5mm; }
footer.contact { font-size: 14pt; border-top-width: 1.5pt; }
"""


def slugify(text: str) -> str:
    """``text`` as a file-name part: ASCII, lowercase, words joined by hyphens.

    Accents are dropped (``"Marcillé-Robert"`` → ``"marcille-robert"``), ligatures spelt
    out (``œ`` → ``oe``); anything else that is not a letter or digit becomes a hyphen.
    Text with no letter or digit at all gives ``"commune"``.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or "commune"


def stop_file_stem(stop: Stop) -> str:
    """The file name (without extension) of a stop's poster and calendar: ``<insee>-<slug>``.

    The code keeps its case (Corsican codes such as ``2A004``) but loses anything that
    could leave the folder.
    """
    code = _NOT_CODE.sub("-", stop.id).strip("-") or "stop"
    return f"{code}-{slugify(stop.name)}"


def format_date(day: dt.date, lang: str = "fr", *, year: bool = True) -> str:
    """A date as people write it: ``mardi 1er juin 2027`` / ``Tuesday 1 June 2027``."""
    return i18n_format_date(day, lang, year=year)


def format_time(minutes: int, lang: str = "fr") -> str:
    """A time of day: ``9 h 30`` in French, ``09:30`` in English."""
    return format_french(minutes) if check_lang(lang) == "fr" else format_hhmm(minutes)


def holiday_name(day: dt.date, lang: str = "fr", *, fallback: str = "") -> str:
    """The name of the public holiday on ``day`` in ``lang`` (``fallback`` if none), in the
    run's country (:func:`busplanner.region.current`)."""
    region = current_region()
    return str(_holidays(day.year, check_lang(lang), region).get(day) or fallback)


def skip_reason(skipped: SkippedVisit, lang: str = "fr") -> str:
    """Why a visit does not take place: ``pas de passage : Ascension (jour férié)`` or
    ``pas de passage : congés d'été (service fermé)``."""
    if skipped.closed:
        reason = skipped.holiday or t("closed_default", lang)
        return t("closed_no_visit", lang, reason=reason)
    holiday = holiday_name(skipped.date, lang, fallback=skipped.holiday)
    return t("holiday_no_visit", lang, holiday=holiday)


@functools.lru_cache(maxsize=16)
def _holidays(year: int, lang: str, region: Region) -> holidays.HolidayBase:
    return holidays_of(year, lang, region)


def weekday_frequency(weekday: str, every_weeks: int | None, lang: str = "fr") -> str:
    """How often a stop is visited on its weekday: ``un mardi sur deux``, ``every Tuesday`` …"""
    if every_weeks is None or every_weeks < 1:
        return frequency_label(None, lang)
    day = weekday_label(weekday, lang)
    if every_weeks <= 4:
        return t(f"day_every_{every_weeks}", lang, day=day)
    return t("day_every_n", lang, day=day, n=every_weeks)


def contact_lines(service: ServiceInfo, lang: str = "fr") -> list[str]:
    """The contact of the service, one line per field given (none invented), unescaped."""
    lines = [service.operator] if service.operator else []
    for key in ("phone", "email", "website"):
        value = getattr(service, key)
        if value:
            lines.append(t(f"contact_{key}", lang, **{key: value}))
    if service.access:
        lines.append(service.access)
    elif service.appointment is not None:
        lines.append(
            t("access_appointment" if service.appointment else "access_no_appointment", lang)
        )
    return lines


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, lang: str, css: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_BASE_CSS}{css}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def _contact_footer(service: ServiceInfo, lang: str) -> str:
    lines = contact_lines(service, lang)
    if not lines:
        return ""
    spans = "".join(f"<span>{_e(line)}</span>" for line in lines)
    return f'<footer class="contact">{spans}</footer>\n'


def _help_list(service: ServiceInfo, lang: str, *, heading: str) -> str:
    if not service.help_with:
        return ""
    items = "".join(f"<li>{_e(item)}</li>" for item in service.help_with)
    return f'<{heading}>{_e(t("help_title", lang))}</{heading}>\n<ul class="help">{items}</ul>\n'


def _times(visit: Visit, lang: str) -> str:
    return f"{format_time(visit.start_min, lang)} – {format_time(visit.end_min, lang)}"


def _name_address(stops: dict[str, Stop], stop_id: str) -> tuple[str, str]:
    stop = stops.get(stop_id)
    return (stop.name, stop.address) if stop else (stop_id, "")


def _widths(*, show_bus: bool, frequency: bool) -> list[float]:
    """The width (mm) of each column of a week's table: day, [bus], times, commune,
    address, [frequency]. Fixed, so that :func:`_lines` can tell how tall a row is."""
    cols = [32.0] + ([20.0] if show_bus else []) + [34.0]
    rest = TABLE_MM - sum(cols) - (28.0 if frequency else 0.0)
    cols += [round(rest * 0.4, 1), round(rest * 0.6, 1)]
    return cols + ([28.0] if frequency else [])


def _lines(text: str, width_mm: float) -> int:
    """How many lines ``text`` takes in a column ``width_mm`` wide (words wrapped whole)."""
    room = max(1, int((width_mm - 4.0) / CHAR_MM))
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size > room:
            lines, used = lines + 1, size
        else:
            used += size + (1 if used else 0)
        while used > room:  # a word longer than the column breaks
            lines, used = lines + 1, used - room
    return lines


def _header_row(lang: str, first: str, *, show_bus: bool, frequency: bool) -> str:
    cols = [first]
    if show_bus:
        cols.append(t("col_bus", lang))
    cols += [t("col_times", lang), t("col_commune", lang), t("col_address", lang)]
    if frequency:
        cols.append(t("col_frequency", lang))
    widths = _widths(show_bus=show_bus, frequency=frequency)
    group = "".join(f'<col style="width:{w / TABLE_MM * 100:.1f}%">' for w in widths)
    cells = "".join(f'<th scope="col">{_e(c)}</th>' for c in cols)
    return f"<colgroup>{group}</colgroup>\n<thead><tr>{cells}</tr></thead>\n"


def _row(cells: Iterable[str], *, cancelled: bool = False) -> str:
    """One table row's inner cells, each already escaped."""
    css = ' class="cancelled"' if cancelled else ""
    return f"<tr{css}>" + "".join(cells)


def _row_mm(texts: Sequence[str], widths: Sequence[float], *, times: str) -> float:
    """How tall a row of these texts (one per column after the day's) prints; its ``times``
    never wrap."""
    lines = max(
        1 if text is times else _lines(text, w) for text, w in zip(texts, widths[1:], strict=True)
    )
    return CELL_MM + LINE_MM * lines


def _week_mm(days: Mapping[str, Sequence[float]], widths: Sequence[float]) -> float:
    """How tall a printed week is: its title and header, then each day (its label may be
    taller than its rows)."""
    total = WEEK_MM
    for label, rows in days.items():
        total += max(sum(rows), CELL_MM + LINE_MM * _lines(label, widths[0]))
    return total


def _group(label: str, rows: Sequence[str]) -> str:
    """One day of a table (``rows`` from :func:`_row`): its label spans the day's rows."""
    first, *rest = rows
    # The label cell goes right after the first row's opening <tr ...>.
    cut = first.index(">") + 1
    head = f'<th scope="rowgroup" rowspan="{len(rows)}">{_e(label)}</th>'
    return (
        "<tbody>"
        + first[:cut]
        + head
        + first[cut:]
        + "</tr>"
        + "".join(f"{r}</tr>" for r in rest)
        + "</tbody>\n"
    )


def _table(header: str, days: dict[str, list[str]]) -> str:
    groups = "".join(_group(label, rows) for label, rows in days.items())
    return f"<table>\n{header}{groups}</table>\n"


def _cycle_sections(plan: Plan, lang: str, *, show_bus: bool) -> list[tuple[float, str]]:
    stops = {s.id: s for s in plan.stops}
    ranks = {day: i for i, day in enumerate(plan.days)}
    sections = []
    for week in range(1, plan.cycle_weeks + 1):
        pairs = [(r, v) for r in plan.routes if r.week == week for v in r.visits]
        pairs.sort(
            key=lambda rv: (ranks.get(rv[0].day, len(ranks)), rv[0].day, rv[1].start_min, rv[0].bus)
        )
        days: dict[str, list[str]] = defaultdict(list)
        heights: dict[str, list[float]] = defaultdict(list)
        widths = _widths(show_bus=show_bus, frequency=True)
        for route, visit in pairs:
            name, address = _name_address(stops, visit.stop_id)
            stop = stops.get(visit.stop_id)
            texts = [plan.bus_label(route.bus)] if show_bus else []
            texts += [
                _times(visit, lang),
                name,
                address,
                frequency_label(stop.every_weeks if stop else None, lang),
            ]
            cells = [f"<td>{_e(x)}</td>" for x in texts]
            cells[-4] = f'<td class="times nowrap">{_e(texts[-4])}</td>'
            label = weekday_label(route.day, lang)
            days[label].append(_row(cells))
            heights[label].append(_row_mm(texts, widths, times=texts[-4]))
        header = _header_row(lang, t("col_day", lang), show_bus=show_bus, frequency=True)
        title = _e(t("week", lang, week=week))
        sections.append((_week_mm(heights, widths), _week_section(title, header, days, lang)))
    return sections


def _week_section(
    title_html: str,
    header: str,
    days: dict[str, list[str]],
    lang: str,
) -> str:
    """One printed week: its title and the table of its days (or a line saying there is no
    visit)."""
    body = f"<h2>{title_html}</h2>\n"
    if days:
        body += _table(header, days)
    else:
        body += f"<p>{_e(t('no_visit_this_week', lang))}</p>\n"
    return body


def fill_pages(heights_mm: Sequence[float]) -> list[int]:
    """How many weeks go on each A4 page: the weeks in order, one under the other, as many
    a page as fit above the contact at its foot (at least one: a longer week runs over)."""
    room = PAGE_MM - PAGE_FOOTER_MM
    counts: list[int] = []
    used = room
    for mm in heights_mm:
        if counts and used + mm <= room:
            counts[-1] += 1
            used += mm
        else:
            counts.append(1)
            used = mm
    return counts


def _pages_of_weeks(
    weeks: Sequence[tuple[float, str]], service: ServiceInfo, lang: str
) -> list[str]:
    """The printed weeks laid on A4 pages (:func:`fill_pages`), the contact at each foot."""
    pages = []
    first = 0
    for count in fill_pages([mm for mm, _ in weeks]):
        chunk = weeks[first : first + count]
        first += count
        body = "".join(f'<section class="week">\n{html_}</section>\n' for _, html_ in chunk)
        pages.append(body + _contact_footer(service, lang))
    return pages


def _overview(plan: Plan, lang: str, *, show_bus: bool) -> str:
    """The whole cycle on one page: a row per weekday and half-day, a column per week of
    the cycle; each cell names the communes visited then and when their sessions start."""
    stops = {s.id: s for s in plan.stops}
    cells: dict[tuple[int, str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for route in plan.routes:
        for visit in route.visits:
            half = "morning" if visit.half_day == "morning" else "afternoon"
            name = stops[visit.stop_id].name if visit.stop_id in stops else visit.stop_id
            # The time never breaks across lines.
            start = format_time(visit.start_min, lang).replace(" ", "\u00a0")
            text = t("print_overview_visit", lang, commune=name, start=start)
            if show_bus:
                text = f"{plan.bus_label(route.bus)} · {text}"
            cells[(route.week, route.day, half)].append((visit.start_min, route.bus, text))
    weeks = range(1, plan.cycle_weeks + 1)
    head = f'<th scope="col">{_e(t("col_day", lang))}</th><th scope="col"></th>' + "".join(
        f'<th scope="col">{_e(t("week", lang, week=w))}</th>' for w in weeks
    )
    groups = []
    for day in plan.days:
        rows = []
        for half in ("morning", "afternoon"):
            row = f'<th scope="row">{_e(t(half, lang))}</th>'
            for w in weeks:
                items = sorted(cells.get((w, day, half), []))
                row += "<td>" + "".join(f"<span>{_e(x)}</span>" for _, _, x in items) + "</td>"
            rows.append(row)
        label = f'<th scope="rowgroup" rowspan="2">{_e(weekday_label(day, lang))}</th>'
        groups.append(f"<tbody><tr>{label}{rows[0]}</tr><tr>{rows[1]}</tr></tbody>\n")
    wide = " wide" if plan.cycle_weeks > 4 else ""
    title = t("print_overview", lang, n=plan.cycle_weeks)
    week_pc = (100 - 16 - 13) / plan.cycle_weeks
    cols = '<col style="width:16%"><col style="width:13%">' + "".join(
        f'<col style="width:{week_pc:.1f}%">' for _ in weeks
    )
    return (
        f'<h2>{_e(title)}</h2>\n<table class="overview{wide}">\n<colgroup>{cols}</colgroup>\n'
        f"<thead><tr>{head}</tr></thead>\n{''.join(groups)}</table>\n"
    )


def _dated_sections(
    plan: Plan,
    dated: Sequence[DatedVisit],
    skipped: Sequence[SkippedVisit],
    lang: str,
    *,
    show_bus: bool,
) -> list[tuple[float, str]]:
    stops = {s.id: s for s in plan.stops}
    items: list[DatedVisit | SkippedVisit] = [*dated, *skipped]
    items.sort(key=lambda x: (x.date, x.visit.start_min, x.route.bus, x.visit.stop_id))
    if not items:
        return [(WEEK_MM, f"<p>{_e(t('print_no_dates', lang))}</p>\n")]
    # Every calendar week of the period, even one whose visits all fall on holidays.
    weeks: dict[dt.date, dict[str, list[str]]] = {}
    heights: dict[dt.date, dict[str, list[float]]] = {}
    monday = cycle_start(items[0].date)
    while monday <= items[-1].date:
        weeks[monday], heights[monday] = {}, {}
        monday += dt.timedelta(weeks=1)
    widths = _widths(show_bus=show_bus, frequency=False)
    for item in items:
        name, address = _name_address(stops, item.visit.stop_id)
        cells = [f"<td>{_e(plan.bus_label(item.route.bus))}</td>"] if show_bus else []
        texts = [plan.bus_label(item.route.bus)] if show_bus else []
        cells += [
            f'<td class="times nowrap">{_e(_times(item.visit, lang))}</td>',
            f"<td>{_e(name)}</td>",
        ]
        times = _times(item.visit, lang)
        texts += [times, name]
        cancelled = isinstance(item, SkippedVisit)
        if isinstance(item, SkippedVisit):
            cells.append(f"<td><em>{_e(skip_reason(item, lang))}</em></td>")
            texts.append(skip_reason(item, lang))
        else:
            cells.append(f"<td>{_e(address)}</td>")
            texts.append(address)
        label = format_date(item.date, lang, year=False)
        monday = cycle_start(item.date)
        weeks[monday].setdefault(label, []).append(_row(cells, cancelled=cancelled))
        heights[monday].setdefault(label, []).append(_row_mm(texts, widths, times=times))
    # The cycle week of each calendar week, counted from a dated visit.
    anchor = dated[0] if dated else None
    sections = []
    for monday, days in weeks.items():
        title = _e(t("print_week_of", lang, date=format_date(monday, lang)))
        if anchor is not None:
            offset = (monday - cycle_start(anchor.date)).days // 7
            cycle_week = (anchor.week - 1 + offset) % plan.cycle_weeks + 1
            note = t("print_cycle_week", lang, week=cycle_week)
            title += f' <span class="muted">— {_e(note)}</span>'
        header = _header_row(lang, t("col_date", lang), show_bus=show_bus, frequency=False)
        sections.append(
            (_week_mm(heights[monday], widths), _week_section(title, header, days, lang))
        )
    return sections


def _bases_paragraph(plan: Plan, lang: str) -> str:
    """With several bases, the line naming each bus and its base (address when known)."""
    if not plan.bases:
        return ""
    items = []
    for base in plan.bases:
        for bus in base.buses:
            text = bus_name(plan, bus, lang)
            if base.depot.address:
                text += f", {base.depot.address}"
            items.append(f"<li>{_e(_capitalised(text))}</li>")
    return f'<h3>{_e(t("bases", lang))}</h3>\n<ul class="bases">{"".join(items)}</ul>\n'


def _stop_buses(plan: Plan, stop: Stop) -> list[int]:
    """The buses that visit a stop: its own, else those of the routes that visit it."""
    if stop.bus is not None:
        return [stop.bus]
    return sorted({r.bus for r in plan.routes for v in r.visits if v.stop_id == stop.id})


def timetable_html(
    plan: Plan,
    *,
    lang: str = "fr",
    service: ServiceInfo,
    dated: Sequence[DatedVisit] | None = None,
    skipped: Sequence[SkippedVisit] = (),
) -> str:
    """The timetable as printable A4 pages: first the whole cycle on one page (a row per
    weekday and half-day, a column per week: which commune, from when), then the weeks day
    by day, as many a page as fit (:func:`fill_pages`: a fortnight a page for the usual ten
    visits a week), the contact at the foot of each page.

    Without ``dated``, the weeks of the cycle (``Semaine 1`` …) with weekday, times,
    commune, address and frequency. With ``dated`` (from
    :func:`busplanner.reports.dates.visit_dates`), the real calendar weeks with dates;
    ``skipped`` visits are shown struck through with the public holiday's name.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    lang = check_lang(lang)
    show_bus = len({r.bus for r in plan.routes}) > 1 or bool(plan.bases)
    title = t("print_title", lang, service=service.name)
    head = f"<h1>{_e(title)}</h1>\n<p>{_e(plan.scenario_name)}"
    if dated is None:
        head += f" — {_e(t('print_cycle', lang, n=plan.cycle_weeks))}</p>\n"
        sections = _cycle_sections(plan, lang, show_bus=show_bus)
    else:
        dates = sorted([d.date for d in dated] + [s.date for s in skipped])
        if dates:
            period = t(
                "print_period",
                lang,
                first=format_date(dates[0], lang),
                last=format_date(dates[-1], lang),
            )
            head += f" — {_e(period)}"
        head += "</p>\n"
        sections = _dated_sections(plan, dated, skipped, lang, show_bus=show_bus)
    head += _overview(plan, lang, show_bus=show_bus)
    head += _bases_paragraph(plan, lang)
    head += _help_list(service, lang, heading="h3")
    head += _contact_footer(service, lang)
    pages = _pages_of_weeks(sections, service, lang)
    body = head + "".join(f'<section class="page">\n{p}</section>\n' for p in pages)
    return _page(title, lang, _TIMETABLE_CSS, body)


def _stop_times(plan: Plan, stop_id: str) -> list[tuple[int, int]]:
    """The distinct (start, end) of a stop's sessions over the cycle."""
    return sorted(
        {(v.start_min, v.end_min) for r in plan.routes for v in r.visits if v.stop_id == stop_id}
    )


def _poster_parts(
    plan: Plan, stop: Stop, lang: str, upcoming: Sequence[DatedVisit], limit: int
) -> tuple[str, list[tuple[dt.date, str]]]:
    """The "when" phrase and the next dates (date, times shown after it or "")."""
    assert stop.weekday is not None
    frequency = weekday_frequency(stop.weekday, stop.every_weeks, lang)
    times = _stop_times(plan, stop.id)
    same_times = len(times) == 1
    if same_times:
        start, end = times[0]
        when = t(
            "poster_when",
            lang,
            frequency=frequency,
            start=format_time(start, lang),
            end=format_time(end, lang),
        )
    else:
        half = (
            t(f"poster_{stop.half_day}", lang) if stop.half_day in ("morning", "afternoon") else ""
        )
        when = t("poster_when_half", lang, frequency=frequency, half_day=half)
    mine = sorted((d for d in upcoming if d.visit.stop_id == stop.id), key=lambda d: d.date)
    nexts = [
        (
            d.date,
            ""
            if same_times
            else t(
                "poster_times",
                lang,
                start=format_time(d.visit.start_min, lang),
                end=format_time(d.visit.end_min, lang),
            ),
        )
        for d in mine[:limit]
    ]
    return when, nexts


def _date_labels(days: Sequence[dt.date], lang: str) -> list[str]:
    # The year is shown only when the dates run over two years.
    with_year = len({d.year for d in days}) > 1
    return [format_date(d, lang, year=with_year) for d in days]


def _poster_stop(plan: Plan, stop_id: str) -> Stop:
    stop = plan.stop(stop_id)
    if stop.weekday is None:
        msg = f"stop {stop_id} ({stop.name}) is not visited in this plan: it has no poster"
        raise ValueError(msg)
    return stop


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def poster_sentence(
    plan: Plan,
    stop_id: str,
    *,
    lang: str = "fr",
    service: ServiceInfo,
    upcoming: Sequence[DatedVisit],
    limit: int = POSTER_DATES,
) -> str:
    """The poster in one plain-text sentence, e.g. « Bus France services à Chelun — un mardi
    sur deux, de 9 h 30 à 12 h, 1 place de la Mairie — prochains passages : mardi 4 mai … ».

    Raises
    ------
    KeyError
        If ``stop_id`` is not a stop of the plan.
    ValueError
        If the stop is not visited, or ``lang`` is not supported.
    """
    lang = check_lang(lang)
    stop = _poster_stop(plan, stop_id)
    when, nexts = _poster_parts(plan, stop, lang, upcoming, limit)
    labels = _date_labels([d for d, _ in nexts], lang)
    dates = ", ".join(
        f"{label} {extra}".strip() for label, (_, extra) in zip(labels, nexts, strict=True)
    )
    parts = [t("poster_title", lang, service=service.name, commune=stop.name)]
    parts.append(f"{when}, {stop.address}" if stop.address else when)
    if plan.bases:
        parts.extend(bus_name(plan, bus, lang) for bus in _stop_buses(plan, stop))
    parts.append(t("poster_next_inline", lang, dates=dates) if dates else t("poster_none", lang))
    return " — ".join(parts)


def poster_html(
    plan: Plan,
    stop_id: str,
    *,
    lang: str = "fr",
    service: ServiceInfo,
    upcoming: Sequence[DatedVisit],
    skipped: Sequence[SkippedVisit] = (),
    limit: int = POSTER_DATES,
) -> str:
    """A one-page A4 poster for a commune: when the bus comes, where, the next dates,
    what it helps with, and the contact (only the fields given).

    ``upcoming`` are dated visits (any stop: this stop's are picked); the first ``limit``
    are listed. A ``skipped`` visit of this stop (public holiday) before the last listed
    date is listed too, as « pas de passage ».

    Raises
    ------
    KeyError
        If ``stop_id`` is not a stop of the plan.
    ValueError
        If the stop is not visited, or ``lang`` is not supported.
    """
    lang = check_lang(lang)
    stop = _poster_stop(plan, stop_id)
    when, nexts = _poster_parts(plan, stop, lang, upcoming, limit)
    last = nexts[-1][0] if len(nexts) >= limit else None
    holidays_here = [
        s for s in skipped if s.visit.stop_id == stop.id and (last is None or s.date <= last)
    ]
    entries: list[tuple[dt.date, str]] = [(d, _e(extra)) for d, extra in nexts]
    for s in holidays_here:
        entries.append((s.date, f"<em>{_e(skip_reason(s, lang))}</em>"))
    entries.sort(key=lambda e: e[0])
    labels = _date_labels([d for d, _ in entries], lang)
    items = "".join(
        f"<li><strong>{_e(label)}</strong>{' — ' + extra if extra else ''}</li>"
        for label, (_, extra) in zip(labels, entries, strict=True)
    )
    title = t("poster_title", lang, service=service.name, commune=stop.name)
    sentence = poster_sentence(
        plan, stop_id, lang=lang, service=service, upcoming=upcoming, limit=limit
    )
    body = (
        f"<h1>{_e(service.name)}</h1>\n"
        f'<p class="commune">{_e(stop.name)}</p>\n'
        f'<p class="when">{_e(_capitalised(when))}</p>\n'
    )
    if plan.bases:
        for bus in _stop_buses(plan, stop):
            text = _e(_capitalised(bus_name(plan, bus, lang)))
            # Styled inline: the one-base posters keep their style sheet byte for byte.
            body += f'<p class="bus" style="font-size:16pt;margin:0 0 2mm">{text}</p>\n'
    if stop.address:
        body += f'<p class="where">{_e(stop.address)}</p>\n'
    body += f"<h2>{_e(t('poster_next', lang))}</h2>\n"
    body += f"<ul>{items}</ul>\n" if items else f"<p>{_e(t('poster_none', lang))}</p>\n"
    body += _help_list(service, lang, heading="h2")
    contact = contact_lines(service, lang)
    if contact:
        body += f"<h2>{_e(t('contact_title', lang))}</h2>\n"
        body += "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in contact) + "</ul>\n"
    page = _page(title, lang, _POSTER_CSS, body)
    # The sentence also goes in the page's description (for search and screen readers).
    return page.replace(
        '<meta charset="utf-8">\n',
        f'<meta charset="utf-8">\n<meta name="description" content="{_e(sentence)}">\n',
        1,
    )

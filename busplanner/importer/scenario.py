"""The starter scenario of an import (``scenario.toml``): its depot, its country and the text
whose comments say which values come from the timetable and which are ASSUMPTIONS."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from busplanner.errors import InputError, Problem
from busplanner.geo import great_circle_km
from busplanner.geo import medoid as geo_medoid
from busplanner.i18n import Msg, comment_lines, t
from busplanner.importer.rotation import LUNCH_MAX_MIN, MIDDAY, LunchRule
from busplanner.importer.stops import ImportedStop
from busplanner.region import Region
from busplanner.scenario import Depot
from busplanner.timeutil import format_hhmm

MAX_DEPOT_KM = 150.0
"""A ``--depot`` farther than this from every stop is taken for a typing error."""


def depot_for(
    file: str,
    stops: Sequence[ImportedStop],
    depot: tuple[float, float] | None,
    lang: str = "fr",
) -> Depot:
    """The depot given (checked against the stops), else the medoid of the stops."""
    if depot is None:
        places = {(s.lon, s.lat): s for s in stops}
        medoid = places[geo_medoid(sorted(places))]
        return Depot(
            name=t("timetable.medoid_depot", lang, name=medoid.name),
            lon=medoid.lon,
            lat=medoid.lat,
            address=medoid.address,
        )
    lat, lon = depot
    nearest = min(stops, key=lambda s: great_circle_km(lon, lat, s.lon, s.lat))
    km = great_circle_km(lon, lat, nearest.lon, nearest.lat)
    if km > MAX_DEPOT_KM:
        swapped = great_circle_km(lat, lon, nearest.lon, nearest.lat) <= MAX_DEPOT_KM
        hint = Msg("timetable.depot_swapped") if -90 <= lon <= 90 and swapped else ""
        raise InputError(
            Problem(
                file,
                "--depot",
                Msg(
                    "timetable.depot_far",
                    lat=lat,
                    lon=lon,
                    km=km,
                    stop=nearest.name,
                    max=MAX_DEPOT_KM,
                    hint=hint,
                ),
            )
        )
    return Depot(name="Depot (given with --depot)", lon=lon, lat=lat)


@dataclass(frozen=True)
class Settings:
    title: str
    file: str
    mobile: str
    lang: str
    depot: Depot
    depot_assumed: bool
    days: tuple[str, ...]
    open_start: int
    open_end: int
    shift_start: int
    shift_end: int
    cycle: int
    session_min: int
    step: int
    lunch: LunchRule
    region: Region = field(default_factory=Region)


def region_of(points: Sequence[tuple[float, float]]) -> Region:
    """The country of stops given as ``(lon, lat)``: the United Kingdom (miles, pounds, its
    bank holidays) when most lie in Great Britain or Northern Ireland, else France.

    The UK's subdivision follows the stops' median point: Northern Ireland west of 5.4° W
    between 54° N and 55.4° N, Scotland north of a line from the Solway Firth (54.95° N,
    3.1° W) to Berwick (55.8° N, 2.0° W), England (whose bank holidays are Wales's too)
    otherwise. ASSUMPTION: a bounding box, not the borders, which is enough for a
    mobile service's round of stops; ``[calendar] subdivision`` says otherwise.
    """
    if not points:
        return Region()
    uk = [p for p in points if -8.7 <= p[0] <= 1.8 and 49.8 <= p[1] <= 60.9]
    # The box also holds the French coast from Boulogne to Le Touquet (south of 51° N, east
    # of 1° E), which Kent does not reach.
    uk = [p for p in uk if not (p[1] < 51.0 and p[0] > 1.0)]
    if len(uk) * 2 <= len(points):
        return Region()
    lon = statistics.median(p[0] for p in uk)
    lat = statistics.median(p[1] for p in uk)
    if lon < -5.4 and 54.0 <= lat <= 55.4:
        sub = "NIR"
    elif (lon < -3.1 and lat > 54.95) or lat > 54.95 + (lon + 3.1) * (0.85 / 1.1):
        sub = "SCT"
    else:
        sub = "ENG"
    return Region("GB", sub, "mi", "GBP")


def _comments(lang: str) -> Callable[..., str]:
    """``c(key, **values)``: the comment ``timetable.c.KEY`` of the catalogue in ``lang``,
    wrapped as TOML comment lines."""

    def c(key: str, **kw: object) -> str:
        return "\n".join(comment_lines(t(f"timetable.c.{key}", lang, **kw), hanging=False))

    return c


def _region_text(s: Settings) -> str:
    """The scenario's ``[calendar]`` and ``[units]`` for a timetable outside France."""
    r = s.region
    if r.is_default:
        return ""
    c = _comments(s.lang)
    where = t(f"timetable.c.subdivision.{r.subdivision}", s.lang) if r.subdivision else ""
    return f"""
[calendar]
{c("calendar", where=where or r.country)}
country = {_toml(r.country)}
subdivision = {_toml(r.subdivision)}

[units]
{c("units")}
distance = {_toml(r.distance)}
currency = {_toml(r.currency)}
"""


def _toml(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _lunch_note(lr: LunchRule, c: Callable[..., str]) -> str:
    """The ``[lunch]`` table's comment: the default when no published day has a midday
    gap (an ASSUMPTION), else the gaps it was derived from."""
    midday = f"{format_hhmm(MIDDAY[0])}–{format_hhmm(MIDDAY[1])}"
    if lr.assumed:
        return c(
            "lunch_assumed",
            midday=midday,
            duration=lr.duration_min,
            earliest=format_hhmm(lr.earliest_min),
            latest=format_hhmm(lr.latest_end_min),
        )
    return c(
        "lunch_found",
        with_gap=lr.days_with_gap,
        days=lr.days,
        midday=midday,
        shortest=lr.gaps[0],
        longest=lr.gaps[-1],
        max_min=LUNCH_MAX_MIN,
        keeping=lr.days_keeping,
    )


def scenario_text(s: Settings) -> str:
    """The starter scenario of an imported timetable; its comments in ``s.lang`` (every
    value taken from the rows marked FROM THE TIMETABLE / D'APRÈS L'HORAIRE, every other
    ASSUMPTION / HYPOTHÈSE)."""
    lr = s.lunch
    hhmm = format_hhmm
    c = _comments(s.lang)
    depot_note = c("depot_assumed") if s.depot_assumed else c("depot_given")
    lunch_note = _lunch_note(lr, c)
    days = ", ".join(_toml(d) for d in s.days)
    solver_note = "\n".join(comment_lines(t("starter.c.solver", s.lang), hanging=False))
    return f"""\
{c("header", file=s.file, mobile=s.mobile)}

name = {_toml(s.title)}
territory = "stops.csv"
lang = {_toml(s.lang)}

[depot]
{depot_note}
name = {_toml(s.depot.name)}
address = {_toml(s.depot.address)}
lat = {s.depot.lat!r}
lon = {s.depot.lon!r}

[buses]
{c("buses")}
count = 1
days = [{days}]
open_start = "{hhmm(s.open_start)}"
open_end = "{hhmm(s.open_end)}"
shift_start = "{hhmm(s.shift_start)}"
shift_end = "{hhmm(s.shift_end)}"

[cycle]
{c("cycle")}
weeks = {s.cycle}

[session]
{c("session")}
{c("session_setup")}
{c("session_free")}
{c("session_tolerance")}
duration_min = {s.session_min}
setup_min = 0
packup_min = 0
time_step_min = {s.step}
opening_hours = "free"
start_tolerance_min = 0

[lunch]
{lunch_note}
earliest = "{hhmm(lr.earliest_min)}"
latest_end = "{hhmm(lr.latest_end_min)}"
duration_min = {lr.duration_min}

[demand]
{c("demand")}
source = "territory"
min_visits_per_cycle = 1

[travel]
{c("travel")}
model = "great_circle"
speed_kmh = 50
detour_factor = 1.3

[service]
{c("service")}
name = {_toml(f"Mobile library {s.mobile}")}
help_with = []
{_region_text(s)}
[solver]
{solver_note}
work_limit_s = 20
time_limit_s = 60
seed = 0
"""

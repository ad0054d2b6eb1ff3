"""Write a starter scenario for a territory: every stop served, documented defaults.

One bus from one depot (``--depot``), or several bases, each with its buses, days and hours
(``--depots FILE``, ``--depots-from-national-list``; see :mod:`busplanner.depots`). The
defaults are those of the Roche aux Fées scenario (``scenarios/roche_aux_fees.toml``),
which follow the national list of France services mobile units: Monday to Friday, open
09:00–17:00, two 3-hour sessions a day around a lunch break. The cycle is the shortest of
1, 2, 4 or 8 weeks whose sessions, over every bus, cover one visit per stop.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from busplanner.depots import SHIFT_MARGIN_MIN, DepotRow, shift_around
from busplanner.errors import BusplannerError, ScenarioError
from busplanner.geo import great_circle_km
from busplanner.i18n import COMMENT_WIDTH, Msg, comment_lines, localize, t
from busplanner.problem import sessions_per_half_day
from busplanner.scenario import Scenario, parse_scenario
from busplanner.territory import Commune, Territory, load_territory, unreachable_by_road
from busplanner.timeutil import format_hhmm

CYCLE_WEEKS = (1, 2, 4, 8)
"""Cycle lengths tried, shortest first: visits stay evenly spaced on a fixed weekday."""
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
SESSIONS_PER_DAY = 2
"""A morning and an afternoon session (3 hours each, 09:00–17:00 with a lunch break)."""
MAX_DEPOT_KM = 150.0
"""A depot farther than this from every stop is taken for a typing error."""


class StarterError(BusplannerError, ValueError):
    """A starter scenario cannot be written (file exists, bad depot…). Exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class Starter:
    """A starter scenario: its TOML text and the choices made.

    Attributes
    ----------
    text
        The scenario file's text.
    stop_count
        Stops in the territory (all served).
    cycle_weeks
        Cycle length chosen.
    buses_needed
        Buses needed for one visit per stop within 8 weeks (1 unless the territory is large).
    demand_source
        ``population``, ``territory`` or ``equal``: what the demand weights come from.
    bus_count
        Buses of every base together.
    sessions_per_week
        Sessions a week over every bus, travel aside (each base's days and open hours).
    """

    text: str
    stop_count: int
    cycle_weeks: int
    buses_needed: int
    demand_source: str
    bus_count: int = 1
    sessions_per_week: int = len(DAYS) * SESSIONS_PER_DAY
    warnings: tuple[str, ...] = ()
    """The territory's warnings (a stop outside its commune, a file read as Windows-1252)."""


def parse_lat_lon(text: str) -> tuple[float, float]:
    """Parse ``"LAT,LON"`` in degrees, e.g. ``"47.91136,-1.37963"``.

    Raises
    ------
    ValueError
        If it is not two numbers in WGS84 ranges.
    """
    parts = text.replace(" ", "").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ValueError(Msg("starter.lat_lon", text=text)) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not all(map(math.isfinite, (lat, lon))):
        raise ValueError(Msg("starter.lat_lon_range", text=text))
    return lat, lon


def choose_cycle(
    stop_count: int, *, buses: int = 1, sessions_per_week: int | None = None
) -> tuple[int, int]:
    """The shortest cycle whose sessions cover one visit per stop, and the buses needed.

    ``sessions_per_week`` is the sessions of all ``buses`` together in a week (default:
    each bus Monday–Friday, two sessions a day). Returns ``(cycle_weeks, buses_needed)``:
    when even 8 weeks is short, the cycle is 8 weeks and ``buses_needed`` says how many
    buses (with the same sessions each, on average) would visit every stop once in it.
    """
    per_week = (
        buses * len(DAYS) * SESSIONS_PER_DAY if sessions_per_week is None else sessions_per_week
    )
    for weeks in CYCLE_WEEKS:
        if per_week * weeks >= stop_count:
            return weeks, buses
    longest = CYCLE_WEEKS[-1]
    per_bus = per_week / buses if per_week > 0 else len(DAYS) * SESSIONS_PER_DAY
    return longest, max(buses + 1, math.ceil(stop_count / (per_bus * longest)))


def _toml(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def starter_scenario(
    territory_path: Path,
    *,
    depot_lat: float | None = None,
    depot_lon: float | None = None,
    depots: Sequence[DepotRow] | None = None,
    depots_from: Sequence[str] = (),
    out: Path,
    name: str | None = None,
    travel: str | None = None,
    lang: str = "fr",
) -> Starter:
    """Build a starter scenario for a territory (not written; see :func:`write_starter`).

    Its comments are in ``lang`` (a French coordinator reads the file she plans with); every
    value that is a default rather than a fact is marked ``HYPOTHÈSE`` / ``ASSUMPTION``.

    Give either one depot (``depot_lat``, ``depot_lon``: one bus, a ``[depot]`` table) or
    ``depots`` (one ``[[depots]]`` table per base, each with its buses, and its days and
    hours when given; a base with open hours and no shift gets the open hours ± 30 minutes,
    an ASSUMPTION written as such). ``depots_from`` are comment lines saying where the bases
    come from. The cycle is chosen for every bus together: each base's buses × days ×
    sessions a day (:func:`busplanner.problem.sessions_per_half_day` in its open hours).
    ``travel`` replaces the ``[travel]`` table (the straight-line model at 1.3 and 50 km/h,
    ASSUMPTIONS), e.g. one fitted to the roads (:mod:`busplanner.calibrate`).

    Raises
    ------
    TerritoryError
        If the territory file is wrong.
    StarterError
        If a depot is far from every stop, or neither or both of a depot and bases are given.
    """
    if (depots is None) == (depot_lat is None or depot_lon is None):
        raise StarterError(Msg("starter.depot_or_bases"))
    territory: Territory = load_territory(territory_path)
    stops = territory.communes
    if depots is not None:
        if not depots:
            raise StarterError(Msg("starter.no_base"))
        for d in depots:
            _check_near(territory_path, stops, d.lat, d.lon, Msg("starter.base", name=d.name))
    else:
        assert depot_lat is not None and depot_lon is not None
        _check_near(territory_path, stops, depot_lat, depot_lon, f"--depot {depot_lat},{depot_lon}")
    n = len(stops)
    rel = Path(os.path.relpath(Path(territory_path).resolve(), out.resolve().parent)).as_posix()
    title = name or f"Bus France services — {Path(territory_path).stem}"

    def c(key: str, indent: str = "", **kw: object) -> str:
        """A comment of the catalogue (``starter.c.KEY``), wrapped, in ``lang``."""
        return "\n".join(comment_lines(t(f"starter.c.{key}", lang, **kw), indent, hanging=False))

    no_population = [s for s in stops if not s.population]
    no_weight = [s for s in stops if not s.demand_weight]
    if not no_population:
        source = "population"
        demand_note = c("demand_population")
    elif not no_weight:
        source = "territory"
        demand_note = c("demand_territory")
    else:
        source = "equal"
        demand_note = c("demand_equal", n=len(no_population), total=n)

    # Islands are named, not left out: how to plan them is the scenario's choice.
    unreachable = unreachable_by_road(territory, lang=lang)
    names = territory.by_code()
    notes = [
        t("starter.c.island", lang, name=names[code].name, code=code, why=why)
        for code, why in unreachable.items()
    ]
    if unreachable:
        codes = ", ".join(json.dumps(code) for code in unreachable)
        notes.insert(0, t("starter.c.islands", lang, n=len(unreachable), codes=codes))
    islands = "".join(f"{line}\n" for note in notes for line in _comment(note))

    travel_table = travel or (
        f'[travel]\n{c("travel")}\nmodel = "great_circle"\nspeed_kmh = 50\ndetour_factor = 1.3\n'
    )

    def render(weeks: int, cycle_note: str) -> str:
        if depots is None:
            bases = f"""\
[depot]
{c("depot_fill")}
name = "Dépôt"
lat = {depot_lat!r}
lon = {depot_lon!r}
"""
            buses = f"""\
[buses]
{c("buses_one")}
count = 1
days = {json.dumps(list(DAYS))}
"""
        else:
            bases = _bases_text(depots, depots_from, lang)
            buses = f"""\
[buses]
{c("buses_bases")}
days = {json.dumps(list(DAYS))}
"""
        return f"""\
{c("header")}

name = {_toml(title)}
territory = {_toml(rel)}
lang = "fr"

{bases}
[served]
{c("served")}
{islands}exclude = []

{buses}open_start = "09:00"
open_end = "17:00"
shift_start = "08:30"
shift_end = "17:30"

[cycle]
{cycle_note}
weeks = {weeks}

[session]
{c("session")}
duration_min = 180
setup_min = 10
packup_min = 10
time_step_min = 5
opening_hours = "free"
min_overlap_min = 60
{c("starts")}
starts = ["09:00", "14:00"]

[lunch]
{c("lunch")}
earliest = "12:00"
latest_end = "14:00"
duration_min = 60

[demand]
{demand_note}
source = "{source}"
min_visits_per_cycle = 1
{c("weights")}
[demand.weights]
{c("visits")}
[demand.visits_per_cycle]

{travel_table}
[solver]
{c("solver")}
work_limit_s = 20
time_limit_s = 60
seed = 0
"""

    # A draft gives the bases as the scenario reads them (defaults filled in), to count
    # the sessions of a week; the cycle follows.
    draft = _parse(render(1, "#"), out)
    per_base = [_base_sessions(draft, i) for i in range(len(draft.bases))]
    per_week = sum(k for k, _ in per_base)
    bus_count = draft.bus_count
    weeks, buses_needed = choose_cycle(n, buses=bus_count, sessions_per_week=per_week)
    if depots is None:
        per_cycle = len(DAYS) * SESSIONS_PER_DAY * weeks
        if buses_needed > 1:
            cycle_note = c(
                "cycle_too_few", n=n, per_cycle=per_cycle, weeks=weeks, buses=buses_needed
            )
        else:
            cycle_note = c("cycle_one", n=n, per_cycle=per_cycle, per_day=SESSIONS_PER_DAY)
    else:
        lines = [c("cycle_bases", n=n, buses=bus_count, bases=len(draft.bases), per_week=per_week)]
        lines += [c_ for _, text in per_base for c_ in _comment(localize(text, lang), "  ")]
        if buses_needed > bus_count:
            lines.append(
                c("bases_too_few", sessions=per_week * weeks, weeks=weeks, buses=buses_needed)
            )
        else:
            lines.append(c("leftover"))
        cycle_note = "\n".join(lines)
    text = render(weeks, cycle_note)
    # The starter must be a valid scenario as it is.
    _parse(text, out)
    return Starter(text, n, weeks, buses_needed, source, bus_count, per_week, territory.warnings)


def _check_near(
    territory_path: Path, stops: Sequence[Commune], lat: float, lon: float, what: str
) -> None:
    """Refuse a depot farther than :data:`MAX_DEPOT_KM` from every stop."""
    nearest_km = min(great_circle_km(lon, lat, s.stop_lon, s.stop_lat) for s in stops)
    if nearest_km > MAX_DEPOT_KM:
        raise StarterError(
            Msg(
                "starter.depot_far",
                what=what,
                km=nearest_km,
                territory=str(territory_path),
                max_km=MAX_DEPOT_KM,
            )
        )


def _parse(text: str, out: Path) -> Scenario:
    try:
        return parse_scenario(tomllib.loads(text), path=out)
    except ScenarioError as exc:  # a base's values that do not fit together
        each = tuple(Msg("starter.problem", field=p.field, message=p.message) for p in exc.problems)
        raise StarterError(Msg("starter.invalid", problems=each)) from None


def _base_sessions(scenario: Scenario, i: int) -> tuple[int, str]:
    """Sessions a week of base ``i`` (travel aside), and a line saying how they add up."""
    base = scenario.bases[i]
    am, pm = sessions_per_half_day(
        scenario.with_changes(open_start_min=base.open_start_min, open_end_min=base.open_end_min)
    )
    per_week = base.buses * len(base.days) * (am + pm)
    hours = f"{format_hhmm(base.open_start_min)}–{format_hhmm(base.open_end_min)}"
    text = Msg(
        "starter.base_sessions",
        name=base.depot.name,
        buses=base.buses,
        days=len(base.days),
        sessions=am + pm,
        hours=hours,
        am=am,
        pm=pm,
        per_week=per_week,
    )
    return per_week, text


def _comment(line: str, indent: str = "") -> list[str]:
    """A comment line wrapped at :data:`COMMENT_WIDTH` (continuation lines indented)."""
    return comment_lines(line, indent, COMMENT_WIDTH)


def _bases_text(depots: Sequence[DepotRow], depots_from: Sequence[str], lang: str) -> str:
    """The ``[[depots]]`` tables, each with its note as comments."""
    out = [c for line in depots_from for c in _comment(localize(line, lang))]
    for d in depots:
        out.append("")
        out.append("[[depots]]")
        out += [c for line in d.note.splitlines() if line.strip() for c in _comment(line)]
        out.append(f"name = {_toml(d.name)}")
        out.append(f"address = {_toml(d.address)}")
        out.append(f"lat = {d.lat!r}")
        out.append(f"lon = {d.lon!r}")
        out.append(f"buses = {d.buses}")
        if d.days is not None:
            out.append(f"days = {json.dumps(list(d.days))}")
        if d.open_start_min is not None and d.open_end_min is not None:
            out.append(f'open_start = "{format_hhmm(d.open_start_min)}"')
            out.append(f'open_end = "{format_hhmm(d.open_end_min)}"')
        shift = (d.shift_start_min, d.shift_end_min)
        if shift[0] is None and d.open_start_min is not None and d.open_end_min is not None:
            shift = shift_around(d.open_start_min, d.open_end_min)
            out += _comment(t("depots.note_shift", lang, margin=SHIFT_MARGIN_MIN))
        if shift[0] is not None and shift[1] is not None:
            out.append(f'shift_start = "{format_hhmm(shift[0])}"')
            out.append(f'shift_end = "{format_hhmm(shift[1])}"')
    return "\n".join(out).lstrip("\n") + "\n"


def write_starter(starter: Starter, out: Path, *, force: bool = False) -> None:
    """Write the starter scenario to ``out``; refuse to replace a file unless ``force``.

    Raises
    ------
    StarterError
        If ``out`` exists and ``force`` is false.
    """
    if out.exists() and not force:
        raise StarterError(Msg("starter.exists", out=str(out)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(starter.text, encoding="utf-8", newline="\n")

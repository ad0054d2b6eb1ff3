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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from busplanner.depots import SHIFT_MARGIN_MIN, DepotRow, shift_around
from busplanner.errors import BusplannerError, ScenarioError
from busplanner.geo import great_circle_km
from busplanner.i18n import COMMENT_WIDTH, Msg, Pair, comment_lines, localize, t
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
SESSION_LENGTHS = (180, 150, 120)
"""Session lengths a starter network may take, longest first: the national list's usual
half-day (3 hours), then 2 h 30 and 2 hours, which fit a second session in shorter hours."""

MONTHLY_WEEKS = 4
"""ASSUMPTION of a starter network: a commune visited at least every 4 weeks with shorter
sessions is better served than every 8 weeks with 3-hour ones; 8 weeks is the last resort."""


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
    session_min: int = 180
    """The session length chosen (3 hours but for a network its buses cannot serve so)."""
    network: NetworkSize | None = None
    """With several bases: how the session and cycle were chosen, and what the buses can
    serve with them."""


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
    _check_bases_near(territory_path, territory.communes, depots, (depot_lat, depot_lon))
    # The text, but for the cycle and the session length, which are chosen from it.
    text = _StarterText.of(
        territory,
        territory_path,
        out,
        single=(depot_lat, depot_lon) if depots is None else None,
        depots=depots,
        depots_from=depots_from,
        name=name,
        travel=travel,
        lang=lang,
    )
    # A draft gives the bases as the scenario reads them (defaults filled in), to count
    # the sessions of a week; the cycle follows.
    draft = _parse(text.render(1, "#"), out)
    per_week = sum(k for k, _ in _sessions_by_base(draft))
    n = len(territory.communes)
    weeks, buses_needed = choose_cycle(n, buses=draft.bus_count, sessions_per_week=per_week)
    if depots is not None:
        return _network_starter(text, territory, out, draft.bus_count, buses_needed)
    per_cycle = len(DAYS) * SESSIONS_PER_DAY * weeks
    if buses_needed > 1:
        cycle_note = text.comment(
            "cycle_too_few", n=n, per_cycle=per_cycle, weeks=weeks, buses=buses_needed
        )
    else:
        cycle_note = text.comment("cycle_one", n=n, per_cycle=per_cycle, per_day=SESSIONS_PER_DAY)
    scenario = text.render(weeks, cycle_note)
    # The starter must be a valid scenario as it is.
    _parse(scenario, out)
    return Starter(
        scenario,
        n,
        weeks,
        buses_needed,
        text.demand_source,
        draft.bus_count,
        per_week,
        territory.warnings,
    )


def _check_bases_near(
    territory_path: Path,
    stops: Sequence[Commune],
    depots: Sequence[DepotRow] | None,
    single: tuple[float | None, float | None],
) -> None:
    """Refuse bases (or the one depot, ``single``: lat, lon) far from every stop.

    Raises
    ------
    StarterError
        ``depots`` is empty, or a base lies farther than :data:`MAX_DEPOT_KM` from every stop.
    """
    if depots is not None:
        if not depots:
            raise StarterError(Msg("starter.no_base"))
        for d in depots:
            _check_near(territory_path, stops, d.lat, d.lon, Msg("starter.base", name=d.name))
    else:
        lat, lon = single
        assert lat is not None and lon is not None
        _check_near(territory_path, stops, lat, lon, f"--depot {lat},{lon}")


def _sessions_by_base(scenario: Scenario) -> list[tuple[int, str]]:
    """Each base's sessions a week and the line saying how they add up."""
    return [_base_sessions(scenario, i) for i in range(len(scenario.bases))]


def _network_starter(
    text: _StarterText, territory: Territory, out: Path, bus_count: int, buses_needed: int
) -> Starter:
    """Several bases: the cycle and the session length that serve every stop a road
    reaches, by the coverage bound (the drives, each base's days and hours)."""
    lang = text.lang
    size = size_network(lambda session, w: _parse(text.render(w, "#", session), out), territory)
    weeks, session = size.cycle_weeks, size.session_min
    draft = _parse(text.render(weeks, "#", session), out)
    per_base = _sessions_by_base(draft)
    per_week = sum(k for k, _ in per_base)
    lines = [
        text.comment(
            "cycle_network",
            buses=bus_count,
            bases=len(draft.bases),
            per_week=per_week,
            session=_session_words(session),
        )
    ]
    lines += [c_ for _, line in per_base for c_ in _comment(localize(line, lang), "  ")]
    lines += _comment(localize(size.note(), lang))
    # More buses are suggested only when the bound says these cannot serve every stop.
    all_served = size.served_bound >= size.mainland
    buses_needed = bus_count if all_served else max(buses_needed, bus_count + 1)
    lines.append(text.comment("leftover"))
    scenario = text.render(weeks, "\n".join(lines), session)
    _parse(scenario, out)
    return Starter(
        scenario,
        len(territory.communes),
        weeks,
        buses_needed,
        text.demand_source,
        bus_count,
        per_week,
        warnings=territory.warnings,
        session_min=session,
        network=size,
    )


@dataclass(frozen=True)
class _StarterText:
    """The starter scenario's text but for the cycle and the session length
    (:meth:`render`); its comments in ``lang``."""

    lang: str
    title: str
    territory: str
    """The territory's path, relative to the scenario's folder."""
    bases: str
    """``[depot]`` or the ``[[depots]]`` tables."""
    buses: str
    """The head of ``[buses]``."""
    islands: str
    """Comment lines naming the stops no road reaches."""
    demand_source: str
    demand_note: str
    travel: str

    def comment(self, key: str, indent: str = "", **kw: object) -> str:
        """A comment of the catalogue (``starter.c.KEY``), wrapped, in ``lang``."""
        return "\n".join(
            comment_lines(t(f"starter.c.{key}", self.lang, **kw), indent, hanging=False)
        )

    @classmethod
    def of(
        cls,
        territory: Territory,
        territory_path: Path,
        out: Path,
        *,
        single: tuple[float | None, float | None] | None,
        depots: Sequence[DepotRow] | None,
        depots_from: Sequence[str],
        name: str | None,
        travel: str | None,
        lang: str,
    ) -> _StarterText:
        """The parts of a territory's starter text (see :func:`starter_scenario`)."""
        rel = Path(os.path.relpath(Path(territory_path).resolve(), out.resolve().parent))
        text = cls(
            lang=lang,
            title=name or f"Bus France services — {Path(territory_path).stem}",
            territory=rel.as_posix(),
            bases="",
            buses="",
            islands=_islands_note(territory, lang),
            demand_source="",
            demand_note="",
            travel="",
        )
        c = text.comment
        source, demand_note = _demand_choice(territory, c)
        if depots is None:
            assert single is not None
            lat, lon = single
            bases = f'[depot]\n{c("depot_fill")}\nname = "Dépôt"\nlat = {lat!r}\nlon = {lon!r}\n'
            buses = f"[buses]\n{c('buses_one')}\ncount = 1\ndays = {json.dumps(list(DAYS))}\n"
        else:
            bases = _bases_text(depots, depots_from, lang)
            buses = f"[buses]\n{c('buses_bases')}\ndays = {json.dumps(list(DAYS))}\n"
        default_travel = (
            f'[travel]\n{c("travel")}\nmodel = "great_circle"\nspeed_kmh = 50\n'
            "detour_factor = 1.3\n"
        )
        return replace(
            text,
            bases=bases,
            buses=buses,
            demand_source=source,
            demand_note=demand_note,
            travel=travel or default_travel,
        )

    def render(self, weeks: int, cycle_note: str, session_min: int = SESSION_LENGTHS[0]) -> str:
        """The scenario's text with this cycle and session length."""
        c = self.comment
        return f"""\
{c("header")}

name = {_toml(self.title)}
territory = {_toml(self.territory)}
lang = "fr"

{self.bases}
[served]
{c("served")}
{self.islands}exclude = []

{self.buses}open_start = "09:00"
open_end = "17:00"
shift_start = "08:30"
shift_end = "17:30"

[cycle]
{cycle_note}
weeks = {weeks}

[session]
{c("session", session=_session_words(session_min))}
duration_min = {session_min}
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
{self.demand_note}
source = "{self.demand_source}"
min_visits_per_cycle = 1
{c("weights")}
[demand.weights]
{c("visits")}
[demand.visits_per_cycle]

{self.travel}
[solver]
{c("solver")}
work_limit_s = 20
time_limit_s = 60
seed = 0
"""


def _demand_choice(territory: Territory, c: Callable[..., str]) -> tuple[str, str]:
    """``[demand] source`` and its comment: the population when every stop has one, else
    the territory's weights when every stop has one, else every stop alike."""
    stops = territory.communes
    no_population = [s for s in stops if not s.population]
    no_weight = [s for s in stops if not s.demand_weight]
    if not no_population:
        return "population", c("demand_population")
    if not no_weight:
        return "territory", c("demand_territory")
    return "equal", c("demand_equal", n=len(no_population), total=len(stops))


def _islands_note(territory: Territory, lang: str) -> str:
    """Comment lines naming the stops no road reaches (named, not left out: how to plan
    them is the scenario's choice)."""
    unreachable = unreachable_by_road(territory, lang=lang)
    names = territory.by_code()
    notes = [
        t("starter.c.island", lang, name=names[code].name, code=code, why=why)
        for code, why in unreachable.items()
    ]
    if unreachable:
        codes = ", ".join(json.dumps(code) for code in unreachable)
        notes.insert(0, t("starter.c.islands", lang, n=len(unreachable), codes=codes))
    return "".join(f"{line}\n" for note in notes for line in _comment(note))


@dataclass(frozen=True)
class NetworkSize:
    """What a starter network is sized to: its session length and cycle, and what the
    coverage bound says these buses can serve with them.

    Attributes
    ----------
    session_min, cycle_weeks
        The choice.
    served_bound
        The most stops these buses can serve once per cycle with it (the coverage bound:
        :mod:`busplanner.solver.coverage`).
    mainland
        Stops a road reaches (the islands and stops whose position cannot be right aside).
    reachable
        Stops some bus can serve in a half-day at all (the drive there and back, a session).
    """

    session_min: int
    cycle_weeks: int
    served_bound: int
    mainland: int
    reachable: int

    def note(self) -> Msg:
        """The choice and why, for the scenario's comments."""
        what = Msg(
            "starter.c.network_what",
            session=_session_words(self.session_min),
            weeks=self.cycle_weeks,
        )
        if self.served_bound >= self.mainland:
            return Msg("starter.c.network_all", monthly=MONTHLY_WEEKS, what=what, n=self.mainland)
        parts = [
            Msg(
                "starter.c.network_short",
                monthly=MONTHLY_WEEKS,
                what=what,
                n=self.mainland,
                bound=self.served_bound,
            )
        ]
        if self.reachable < self.mainland:
            parts.append(Msg("starter.c.network_far", n=self.mainland - self.reachable))
        if self.served_bound < self.reachable:
            parts.append(Msg("starter.c.network_days", n=self.reachable - self.served_bound))
        return Pair(" ".join(parts), " ".join(m.render("fr") for m in parts))

    def summary(self) -> Msg:
        """The choice and what the buses can serve, for the command line."""
        if self.served_bound >= self.mainland:
            return Msg(
                "starter.network_all",
                n=self.mainland,
                session=self.session_min,
                weeks=self.cycle_weeks,
            )
        far, days = self.mainland - self.reachable, self.reachable - self.served_bound
        why = tuple(
            Msg(key, n=n)
            for key, n in (("starter.network_far", far), ("starter.network_days", days))
            if n
        )
        return Msg(
            "starter.network_short",
            n=self.mainland,
            bound=self.served_bound,
            session=self.session_min,
            weeks=self.cycle_weeks,
            why=why,
        )


def size_network(scenario_for: Callable[[int, int], Scenario], territory: Territory) -> NetworkSize:
    """The session length and cycle of a starter network (see :data:`MONTHLY_WEEKS`).

    ``scenario_for(session_min, cycle_weeks)`` is the starter scenario with them. Each
    session length is tried once: its bus days are listed once, and the most stops its
    buses serve once is counted for every cycle length.
    """
    from busplanner.problem import build_problem
    from busplanner.solver import SolveOptions
    from busplanner.solver.coverage import most_stops_by_cycle

    found: dict[tuple[int, int], tuple[int, int]] = {}
    mainland = 0
    for session in SESSION_LENGTHS:
        problem = build_problem(scenario_for(session, 1), territory)
        mainland = sum(1 for s in problem.stops if not s.unreachable)
        served = most_stops_by_cycle(
            problem, SolveOptions(), CYCLE_WEEKS, work_limit_s=2.0, wall_limit_s=20.0
        )
        found.update({(session, w): v for w, v in served.items()})
        if any(served[w][0] >= mainland for w in CYCLE_WEEKS if w <= MONTHLY_WEEKS):
            break
    order = [(s, w) for s in SESSION_LENGTHS for w in CYCLE_WEEKS if w <= MONTHLY_WEEKS]
    order += [(s, w) for s in SESSION_LENGTHS for w in CYCLE_WEEKS if w > MONTHLY_WEEKS]
    order = [sw for sw in order if sw in found]
    best = next((sw for sw in order if found[sw][0] >= mainland), None)
    if best is None:  # none serves them all: the most, the preferred choice on a tie
        best = max(order, key=lambda sw: (found[sw][0], -order.index(sw)))
    (session, weeks), (bound, reachable) = best, found[best]
    return NetworkSize(session, weeks, bound, mainland, reachable)


def _session_words(minutes: int) -> Pair:
    """A session length in a comment: ``3-hour`` / ``3 heures``, ``2 h 30``."""
    hours, rest = divmod(minutes, 60)
    if rest:
        return Pair(f"{hours} h {rest:02d}", f"{hours} h {rest:02d}")
    return Pair(f"{hours}-hour", f"{hours} {'heure' if hours < 2 else 'heures'}")


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

"""Where to base the buses of a network: ``busplanner depots suggest``.

Choose ``K`` bases among candidate places (the communes' stops, usually their town halls, or
a candidates file), existing bases kept, to minimise the demand-weighted drive from each
commune's base to the commune: a p-median model solved on CP-SAT
(:mod:`busplanner.solver.pmedian`). Then say, for each base, how many communes it reaches
within a half-day (:class:`HalfDayRule`, an ASSUMPTION). ``docs/model.md`` ("Where to base a
bus") describes the model and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from busplanner.depots import DepotRow
from busplanner.errors import InfeasibleError, InputError, Problem, TooLargeError
from busplanner.geo import great_circle_km
from busplanner.i18n import Msg, Pair
from busplanner.territory import Commune, Territory, unreachable_by_road
from busplanner.timeutil import format_hhmm
from busplanner.travel import drive_minutes

if TYPE_CHECKING:
    from busplanner.solver.options import SolveOptions
    from busplanner.solver.pmedian import PMedianResult

DETOUR_FACTOR = 1.3
"""ASSUMPTION: road distance = great-circle distance x 1.3, as the scenario's default."""
SPEED_KMH = 50.0
"""ASSUMPTION: mean speed of the bus, as the scenario's default."""
SAME_PLACE_KM = 0.05
"""An existing base within 50 m of a candidate is that candidate. Two existing bases at the
same place stay two bases (both kept); the communes nearest to that place all go to the
first of them."""


@dataclass(frozen=True)
class HalfDayRule:
    """ASSUMPTION: when a base reaches a commune within a half-day.

    The crew leaves the base at ``start`` at the earliest, drives to the commune, sets up
    (``setup_min``), holds one session (``session_min``), packs up (``packup_min``) and
    drives back, and is back by ``end``: ``2 x drive + setup + session + packup <= end -
    start``, the drive in whole minutes rounded up (as the travel model gives it). With the
    defaults (08:30–12:30, 10 + 180 + 10 minutes) the drive is at most 20 minutes each way:
    a morning session 09:00–12:00 and the drive within 08:30–12:30.
    """

    start_min: int = 8 * 60 + 30
    end_min: int = 12 * 60 + 30
    session_min: int = 180
    setup_min: int = 10
    packup_min: int = 10

    @property
    def max_drive_min(self) -> int:
        """The longest drive (each way) that fits, in whole minutes (may be negative)."""
        spare = self.end_min - self.start_min - self.session_min - self.setup_min
        return (spare - self.packup_min) // 2

    def reaches(self, drive_min: int) -> bool:
        """Whether a commune ``drive_min`` minutes from the base fits a half-day."""
        return drive_min <= self.max_drive_min

    def text(self) -> str:
        """The rule in words (English; :meth:`message` for another language)."""
        return str(self.message())

    def message(self) -> Msg:
        """The rule in words, as a message of the catalogue."""
        return Msg(
            "siting.rule",
            start=format_hhmm(self.start_min),
            setup=self.setup_min,
            session=self.session_min,
            packup=self.packup_min,
            end=format_hhmm(self.end_min),
            drive=max(self.max_drive_min, 0),
        )


@dataclass(frozen=True)
class Candidate:
    """A place a base may be: a commune's stop, a row of a candidates file, an existing base."""

    depot: DepotRow
    source: str
    existing: bool = False


@dataclass(frozen=True)
class SuggestedBase:
    """One chosen base and the communes it serves.

    Attributes
    ----------
    depot
        The base as a depots-file row (its note says why it was chosen).
    source
        Where the candidate came from, e.g. ``the stop of Janzé (35136)``.
    existing
        Whether it was kept (``--keep-existing``).
    communes
        The codes of the communes it is the nearest chosen base of (by the travel model).
    weight
        Their demand weight.
    reached
        How many of them it reaches within a half-day (:class:`HalfDayRule`).
    farthest_km, farthest_min
        Its farthest commune, by road (the model's estimate) and in minutes.
    """

    depot: DepotRow
    source: str
    existing: bool
    communes: tuple[str, ...]
    weight: float
    reached: int
    farthest_km: float
    farthest_min: int


@dataclass(frozen=True)
class Suggestion:
    """The bases chosen, and how well the choice is proven.

    Attributes
    ----------
    bases
        The chosen bases, kept ones first, then by name.
    status, gap, bound, seconds, variables, nearest
        From the solver (:class:`busplanner.solver.pmedian.PMedianResult`).
    objective
        The demand-weighted road km from each commune's base (the model's objective).
    communes
        The communes served (the territory's, less those no road reaches).
    candidates
        Candidate places, kept bases included.
    left_out
        Communes no road reaches (code -> reason), left out of the choice.
    weight_source
        ``population``, ``territory`` (``demand_weight``) or ``equal``.
    rule
        The half-day rule.
    reached
        Communes reached within a half-day by their base.
    """

    bases: tuple[SuggestedBase, ...]
    status: str
    gap: float | None
    bound: float | None
    objective: float
    seconds: float
    variables: int
    nearest: int | None
    communes: int
    candidates: int
    left_out: Mapping[str, str] = field(default_factory=dict)
    weight_source: str = "population"
    rule: HalfDayRule = field(default_factory=HalfDayRule)
    reached: int = 0
    detour_factor: float = DETOUR_FACTOR
    speed_kmh: float = SPEED_KMH


def town_hall_candidates(communes: Sequence[Commune]) -> list[Candidate]:
    """Every commune's stop (usually its town hall) as a candidate base."""
    names = [c.name for c in communes]
    out = []
    for c in communes:
        name = c.name if names.count(c.name) == 1 else f"{c.name} ({c.insee_code})"
        row = DepotRow(name=name, address=c.stop_address, lat=c.stop_lat, lon=c.stop_lon)
        out.append(Candidate(row, f"the stop of {c.name} ({c.insee_code})"))
    return out


def demand_weights(communes: Sequence[Commune]) -> tuple[list[float], str]:
    """Demand weights as the starter scenario takes them: the population when every commune
    has one, else the territory's ``demand_weight`` when every commune has one, else equal."""
    if all(c.population is not None for c in communes):
        return [float(c.population or 0) for c in communes], "population"
    if all(c.demand_weight is not None for c in communes):
        return [float(c.demand_weight or 0) for c in communes], "territory"
    return [1.0] * len(communes), "equal"


def _reached_by_road(territory: Territory, file: str) -> tuple[dict[str, str], list[Commune]]:
    """The communes no road reaches, with why (English and French), and the others.

    Raises
    ------
    InputError
        No commune is left.
    """
    english = unreachable_by_road(territory)
    french = unreachable_by_road(territory, lang="fr") if english else {}
    left_out: dict[str, str] = {code: Pair(why, french[code]) for code, why in english.items()}
    served = [c for c in territory.communes if c.insee_code not in left_out]
    if not served:
        raise InputError(Problem(file, "(communes)", Msg("siting.no_commune")))
    return left_out, served


def _suggestion(
    result: PMedianResult, bases: tuple[SuggestedBase, ...], communes: int, candidates: int
) -> Suggestion:
    """The p-median's answer as a suggestion (the travel model and rule to be added)."""
    return Suggestion(
        bases=bases,
        status=result.status,
        gap=result.gap,
        bound=result.bound,
        objective=result.objective,
        seconds=result.seconds,
        variables=result.variables,
        nearest=result.nearest,
        communes=communes,
        candidates=candidates,
        reached=sum(b.reached for b in bases),
    )


def _road_km(c: Commune, p: Candidate, detour_factor: float) -> float:
    """Road kilometres from candidate ``p`` to commune ``c``'s stop (great circle, detour)."""
    return round(
        great_circle_km(c.stop_lon, c.stop_lat, p.depot.lon, p.depot.lat) * detour_factor, 3
    )


def _keep_existing(places: list[Candidate], existing: Sequence[DepotRow]) -> list[int]:
    """The candidates that are existing bases (``places`` gets those not among them): each
    existing base is the candidate within :data:`SAME_PLACE_KM`, or one more."""
    forced: list[int] = []
    for row in existing:
        same = next(
            (
                k
                for k, cand in enumerate(places)
                if not cand.existing
                and great_circle_km(row.lon, row.lat, cand.depot.lon, cand.depot.lat)
                <= SAME_PLACE_KM
            ),
            None,
        )
        if same is None:
            places.append(Candidate(row, "an existing base (--keep-existing)", existing=True))
            same = len(places) - 1
        else:
            places[same] = Candidate(row, places[same].source, existing=True)
        if same not in forced:
            forced.append(same)
    return forced


def _check_size(
    names: Mapping[str, str],
    count: int,
    communes: int,
    candidates: int,
    kept: int,
    nearest: int | None,
    max_variables: int | None,
) -> None:
    """Refuse ``count`` bases beyond the candidates or below the existing ones, and a
    model larger than allowed.

    Raises
    ------
    InputError, TooLargeError
        As :func:`suggest_depots`.
    """
    from busplanner.solver.pmedian import MAX_PMEDIAN_VARS, pmedian_size

    cand_file = names["candidates"] or names["territory"]
    if count > candidates:
        key = "siting.too_many_in_file" if names["candidates"] else "siting.too_many_stops"
        raise InputError(Problem(cand_file, "--count", Msg(key, count=count, n=candidates)))
    if kept > count:
        raise InputError(
            Problem(
                names["existing"] or cand_file,
                "--count",
                Msg("siting.too_few", count=count, n=kept),
            )
        )
    limit = MAX_PMEDIAN_VARS if max_variables is None else max_variables
    size = pmedian_size(communes, candidates, nearest)
    if size > limit:
        msg = Msg(
            "siting.too_large",
            communes=communes,
            candidates=min(nearest or candidates, candidates),
            size=size,
            limit=limit,
        )
        raise TooLargeError(msg)


def _suggested_base(
    j: int,
    result: PMedianResult,
    places: Sequence[Candidate],
    served: Sequence[Commune],
    weights: Sequence[float],
    km: Sequence[Sequence[float]],
    count: int,
    source: str,
    rule: HalfDayRule,
    speed_kmh: float,
) -> SuggestedBase:
    """Chosen base ``j`` with the communes it is the nearest base of, their weight, how
    many it reaches within a half-day and the farthest; its note says how it was chosen."""
    mine = [i for i, a in enumerate(result.assignment) if a == j]
    minutes = {i: drive_minutes(km[i][j], speed_kmh) for i in mine}
    reached = sum(rule.reaches(m) for m in minutes.values())
    far = max(mine, key=lambda i: km[i][j], default=None)
    place = places[j]
    weight = sum(weights[i] for i in mine)
    note = (
        f"{'Kept (--keep-existing); ' if place.existing else ''}chosen by busplanner "
        f"depots suggest (p-median, {count} bases, {result.status}): {place.source}; "
        f"nearest base of {len(mine)} communes (demand weight {weight:,.0f}, {source}), "
        f"{reached} of them reached within a half-day"
    )
    depot = place.depot
    full_note = "\n".join(p for p in (depot.note, note) if p)
    return SuggestedBase(
        depot=replace(depot, note=full_note),
        source=place.source,
        existing=place.existing,
        communes=tuple(served[i].insee_code for i in mine),
        weight=weight,
        reached=reached,
        farthest_km=km[far][j] if far is not None else 0.0,
        farthest_min=minutes[far] if far is not None else 0,
    )


def suggest_depots(
    territory: Territory,
    count: int,
    *,
    candidates: Sequence[Candidate] | None = None,
    existing: Sequence[DepotRow] = (),
    options: SolveOptions,
    detour_factor: float = DETOUR_FACTOR,
    speed_kmh: float = SPEED_KMH,
    rule: HalfDayRule | None = None,
    nearest: int | None = None,
    max_variables: int | None = None,
    files: Mapping[str, str] | None = None,
) -> Suggestion:
    """Choose ``count`` bases for a territory's communes (``count`` includes ``existing``).

    Parameters
    ----------
    territory
        The communes to serve; those no road reaches
        (:func:`busplanner.territory.unreachable_by_road`) are left out.
    count
        Bases wanted, the existing ones included.
    candidates
        Where a base may be (default: every served commune's stop).
    existing
        Bases that stay (forced open); one within 50 m of a candidate is that candidate.
    options
        :class:`busplanner.solver.SolveOptions` (limits, seed, workers).
    detour_factor, speed_kmh
        The great-circle travel model (ASSUMPTIONS).
    rule
        When a base reaches a commune within a half-day.
    nearest
        Let each commune be served only from its ``nearest`` candidates (a smaller model).
    max_variables
        Refuse a larger model (default :data:`busplanner.solver.pmedian.MAX_PMEDIAN_VARS`).
    files
        Names for messages: ``territory``, ``candidates``, ``existing``.

    Raises
    ------
    InputError
        ``count`` is larger than the candidates, or smaller than the existing bases (exit 2).
    TooLargeError
        The model would be larger than ``max_variables`` (exit 3), naming its size.
    InfeasibleError
        With ``nearest``, no choice of ``count`` bases serves every commune (exit 3).
    """
    # Imported here: the solver package loads OR-Tools.
    from busplanner.solver.pmedian import solve_pmedian

    rule = rule or HalfDayRule()
    names = {"territory": territory.path, "candidates": "", "existing": "", **(files or {})}
    left_out, served = _reached_by_road(territory, names["territory"])
    # Where a base may be, the existing bases among them, the model's size.
    places = list(candidates) if candidates is not None else town_hall_candidates(served)
    forced = _keep_existing(places, existing)
    _check_size(names, count, len(served), len(places), len(forced), nearest, max_variables)
    # The p-median on the road kilometres of the great-circle model.
    weights, source = demand_weights(served)
    km = [[_road_km(c, p, detour_factor) for p in places] for c in served]
    try:
        result = solve_pmedian(weights, km, count, options, forced=forced, nearest=nearest)
    except InfeasibleError:
        raise InfeasibleError(Msg("siting.nearest", nearest=nearest, count=count)) from None
    bases = [
        _suggested_base(j, result, places, served, weights, km, count, source, rule, speed_kmh)
        for j in result.chosen
    ]
    bases.sort(key=lambda b: (not b.existing, b.depot.name))
    return replace(
        _suggestion(result, tuple(bases), len(served), len(places)),
        left_out=left_out,
        weight_source=source,
        rule=rule,
        detour_factor=detour_factor,
        speed_kmh=speed_kmh,
    )

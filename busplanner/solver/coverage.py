"""How many stops the buses could serve at all: an upper bound on coverage, and a plan that
reaches it, from a relaxation solved on CP-SAT.

A network of bases may not be able to serve every stop even once per cycle: a base has so
many bus days, a bus day holds so many sessions, and a stop far from every base takes a whole
bus day or cannot be reached in a half-day at all. Before any rotation is searched, this
module answers "how many stops could these buses serve at least once per cycle?" and "how
many visits could they hold?", so that a plan can say whether the buses or the search are
short (``docs/model.md``, "Coverage first, and its bound").

The bus days of one base that are alike for every stop (the same windows on each weekday:
all of them when sessions follow the bus's hours) form a :class:`DayClass`, whose bus days
are interchangeable. Per class:

- when a half-day holds at most one session (3-hour sessions), every feasible bus day is
  listed: a stop alone in the morning or the afternoon, or a morning stop and an afternoon
  stop together, each timed by :func:`busplanner.timing.time_route` from the base. A plan is
  then a choice of at most ``bus days`` of them per class. For stops visited once this is
  the problem itself (a stop's one visit needs no weekday, time or spacing kept across
  weeks), so the optimum is the most stops any plan can serve, and its columns are such a
  plan;
- otherwise (several sessions a half-day), a capacity relaxation: each visit takes one
  session of a half-day where it fits alone, at most the half-day's sessions times the bus
  days, and the visits of a class together take no more time (session, set-up, pack-up and
  the shortest drive into the stop) than its bus days hold besides the lunch break.

Either way every plan the rotation allows is a solution of the relaxation, so its optimum
(and CP-SAT's proven bound, when it stops early) bounds what any plan can serve. Listing the
days is sized before it is done (:data:`MAX_COVER_DAYS`); past that size a class takes the
capacity relaxation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from ortools.sat.python import cp_model

from busplanner.problem import PlanningProblem
from busplanner.sizes import BASE_MB, COLUMN_BYTES, matrix_mb
from busplanner.solver.cpsat import make_solver, solve_interruptibly
from busplanner.solver.options import SolveOptions
from busplanner.timing import time_route

MAX_COVER_DAYS = 300_000
"""Above this many candidate bus days (pairs of a morning and an afternoon stop that pass the
drive-time test) over all classes, or above what ``[solver] max_memory_mb`` holds of them
(:data:`busplanner.sizes.COLUMN_BYTES` each), the classes of one session per half-day take
the capacity relaxation too: timing each candidate costs about 30 µs."""


@dataclass(frozen=True)
class DayClass:
    """Bus days of one base that are alike for every stop: any of them can hold what another
    can. ``base`` and ``bus`` are 0-based (``bus``: one of the base's buses, to time a day)."""

    base: int
    bus: int
    days: tuple[str, ...]
    bus_days: int
    """Bus days of the class over the cycle: buses x weeks x weekdays."""
    sessions: tuple[int, int]
    """Sessions a morning and an afternoon of the base hold, travel aside."""

    @property
    def listed(self) -> bool:
        """Whether its bus days are listed whole (at most one session per half-day)."""
        return max(self.sessions) <= 1


@dataclass(frozen=True)
class CoverDay:
    """A bus day of the relaxation: a class, its morning and afternoon stops (matrix
    indices), in driving order, and its kilometres."""

    day_class: int
    morning: tuple[int, ...]
    afternoon: tuple[int, ...]
    km: float

    @property
    def stops(self) -> tuple[int, ...]:
        """Its stops, morning then afternoon."""
        return (*self.morning, *self.afternoon)


@dataclass(frozen=True)
class Coverage:
    """What the buses could serve, at most, and a plan of the relaxation.

    Attributes
    ----------
    stops_bound
        No plan serves more stops at least once per cycle (an upper bound).
    visits_bound
        No plan holds more visits per cycle, each stop at most as many as asked.
    served
        Stops the relaxation's plan (``days``) serves: the bound itself when ``exact``.
    proven
        CP-SAT proved the relaxation's optima (else ``stops_bound`` is its proven bound).
    exact
        Every class's bus days were listed, so ``days`` is a plan of the real problem for
        stops visited once (each day timed), and ``stops_bound`` the most any plan serves
        when ``proven``.
    reach
        For each stop (matrix index), the bases (0-based) whose buses can hold a session
        there alone in a half-day: empty when none can.
    days
        The relaxation's plan: bus days and how many of each (exact classes only).
    classes
        The day classes.
    bus_days_used
        Per base, the bus days the relaxation's plan uses (listed classes only).
    """

    stops_bound: int
    visits_bound: int
    served: int
    proven: bool
    exact: bool
    reach: Mapping[int, tuple[int, ...]]
    days: tuple[tuple[CoverDay, int], ...]
    classes: tuple[DayClass, ...]
    covered: frozenset[int]
    """Stops the relaxation's plan serves."""

    def reachable(self) -> int:
        """Stops some bus can serve alone in a half-day."""
        return sum(1 for bases in self.reach.values() if bases)

    @property
    def method(self) -> str:
        """The relaxation, in words (``plan.json``'s ``solver.coverage.method``)."""
        if self.exact:
            return (
                "every feasible bus day listed (a stop alone, or a morning and an afternoon "
                "stop), each timed from its base; exact for stops visited once"
            )
        return (
            "capacity relaxation: sessions per half-day and time per bus day of each base, "
            "the shortest drive into each stop"
        )


def day_classes(problem: PlanningProblem) -> tuple[DayClass, ...]:
    """The day classes of every base: its weekdays grouped by the windows of every stop."""
    p = problem
    out = []
    bases = range(len(p.bases)) if p.bases else range(1)
    for k in bases:
        base = p.bases[k] if p.bases else p.base_of(0)
        if not base.buses:
            continue
        groups: dict[tuple, list[str]] = defaultdict(list)
        for d in p.days:
            if d in base.days:
                groups[tuple(s.windows_at(d, k) for s in p.stops)].append(d)
        for days in groups.values():
            out.append(
                DayClass(
                    base=k,
                    bus=base.buses[0],
                    days=tuple(days),
                    bus_days=len(base.buses) * p.cycle_weeks * len(days),
                    sessions=p.half_day_sessions(k),
                )
            )
    return tuple(out)


@dataclass
class _Model:
    """The relaxation under construction: its variables by class and by stop."""

    model: cp_model.CpModel
    by_stop: dict[int, list[cp_model.IntVar]]
    by_class: dict[int, list[cp_model.IntVar]]
    days: list[tuple[CoverDay, cp_model.IntVar]]


class _Relaxation:
    """The relaxation of one problem: its day classes, where each stop fits alone, and the
    listed bus days (timed once, whatever the model built from them)."""

    def __init__(self, problem: PlanningProblem, max_memory_mb: int) -> None:
        # Which days are feasible does not depend on the preferred start times.
        p = self.p = replace(problem, preferred_starts=())
        self.classes = classes = day_classes(p)
        self.alone = alone = _alone(p, classes)
        self.reach = {
            s.index: tuple(sorted({classes[c].base for c, _h in alone[s.index]})) for s in p.stops
        }
        # As many pairs as the budget holds besides the matrix (each timed, then a variable).
        places = len(p.travel.distance_km)
        room_mb = max_memory_mb - BASE_MB - matrix_mb(places)
        limit = min(MAX_COVER_DAYS, max(0, int(room_mb * 2**20 / COLUMN_BYTES)))
        pairs = _pair_candidates(p, classes, alone, limit)
        # A class is listed whole when it holds one session a half-day and its pairs are few.
        self.listed = [dc.listed and (pairs is not None or dc.sessions != (1, 1)) for dc in classes]
        self.wanted = {s.index: s.visits_per_cycle for s in p.stops if s.visits_per_cycle > 0}
        self.into = _shortest_drive_into(p)
        self.days = {
            c: _feasible_days(p, c, dc, alone, (pairs or {}).get(c, []), self.wanted)
            for c, dc in enumerate(classes)
            if self.listed[c]
        }

    def build(self, visits: Mapping[int, int], weeks: int) -> _Model:
        """The model for these visits per stop at most, over a cycle of ``weeks``."""
        m = _Model(cp_model.CpModel(), defaultdict(list), defaultdict(list), [])
        for c, dc in enumerate(self.classes):
            dc = replace(dc, bus_days=dc.bus_days // self.p.cycle_weeks * weeks)
            if self.listed[c]:
                _listed_days(m, c, dc, self.days[c], visits)
            else:
                _capacity(m, self.p, c, dc, self.alone, visits, self.into)
            m.model.add(sum(m.by_class[c]) <= dc.bus_days)
        for i, k in visits.items():
            if m.by_stop[i]:
                m.model.add(sum(m.by_stop[i]) <= k)
        return m

    def reachable(self) -> int:
        """Stops asked for that some bus can serve alone in a half-day."""
        return sum(1 for i in self.wanted if self.reach[i])

    def sessions(self, weeks: int) -> int:
        """Sessions the buses hold over a cycle of ``weeks``, travel aside."""
        per = self.p.cycle_weeks
        return sum(dc.bus_days // per * weeks * sum(dc.sessions) for dc in self.classes)

    def most_stops(
        self, options: SolveOptions, weeks: int, work_limit_s: float, wall_limit_s: float
    ) -> tuple[int, bool, tuple[tuple[CoverDay, int], ...], frozenset[int]]:
        """The most stops served once over a cycle of ``weeks``: the bound, whether it is
        proven, and a plan that serves that many (its bus days, the stops).

        A greedy plan comes first (:func:`_greedy`): when it serves as many stops as the
        buses have sessions, or as some bus reaches, it is optimal and no model is solved;
        otherwise CP-SAT starts from it."""
        m = self.build(dict.fromkeys(self.wanted, 1), weeks)
        greedy = _greedy(m, self.classes, self.p.cycle_weeks, weeks)
        served = {i for k in greedy for i in m.days[k][0].stops}
        ceiling = min(self.reachable(), self.sessions(weeks))
        if len(served) >= ceiling:
            chosen = tuple((m.days[k][0], 1) for k in sorted(greedy))
            return ceiling, True, chosen, frozenset(served)
        for k, (_day, v) in enumerate(m.days):
            m.model.add_hint(v, 1 if k in greedy else 0)
        m.model.maximize(sum(sum(v) for v in m.by_stop.values() if v))
        solver = make_solver(
            options, workers=1, work_limit_s=work_limit_s, wall_limit_s=wall_limit_s
        )
        status = solve_interruptibly(solver, m.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = tuple((m.days[k][0], 1) for k in sorted(greedy))
            return ceiling, False, chosen, frozenset(served)
        bound = min(ceiling, int(solver.best_objective_bound + 1e-6))
        chosen = tuple((day, int(solver.value(v))) for day, v in m.days if solver.value(v) > 0)
        covered = frozenset(i for i, v in m.by_stop.items() if any(solver.value(x) for x in v))
        return bound, status == cp_model.OPTIMAL, chosen, covered

    def most_visits(
        self, options: SolveOptions, work_limit_s: float, wall_limit_s: float
    ) -> tuple[int, bool]:
        """The most visits held over the problem's cycle, each stop at most as many as asked:
        the bound, and whether it is proven."""
        m = self.build(self.wanted, self.p.cycle_weeks)
        m.model.maximize(sum(sum(v) for v in m.by_stop.values() if v))
        solver = make_solver(
            options, workers=1, work_limit_s=work_limit_s, wall_limit_s=wall_limit_s
        )
        status = solve_interruptibly(solver, m.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return sum(k for i, k in self.wanted.items() if self.reach[i]), False
        return int(solver.best_objective_bound + 1e-6), status == cp_model.OPTIMAL


def _greedy(m: _Model, classes: tuple[DayClass, ...], per: int, weeks: int) -> set[int]:
    """A plan of the relaxation, by greed: the listed bus days holding two stops, the
    shortest first, while their class has days and their stops are free; then one stop a
    day. Returns the indices (in ``m.days``) of the days chosen, once each."""
    left = {c: dc.bus_days // per * weeks for c, dc in enumerate(classes)}
    taken: set[int] = set()
    chosen: set[int] = set()
    order = sorted(range(len(m.days)), key=lambda k: (-len(m.days[k][0].stops), m.days[k][0].km, k))
    for k in order:
        day = m.days[k][0]
        if left[day.day_class] > 0 and not taken.intersection(day.stops):
            taken.update(day.stops)
            chosen.add(k)
            left[day.day_class] -= 1
    return chosen


def coverage_bound(
    problem: PlanningProblem,
    options: SolveOptions,
    *,
    work_limit_s: float,
    wall_limit_s: float,
) -> Coverage:
    """The most stops the buses could serve at least once per cycle, and visits they could
    hold (see the module docstring), with a plan of the relaxation.

    Parameters
    ----------
    problem
        The planning problem (its targets: ``visits_per_cycle``).
    options
        The seed.
    work_limit_s, wall_limit_s
        CP-SAT's budgets for each of the two solves (stops, then visits).
    """
    rel = _Relaxation(problem, options.max_memory_mb)
    weeks = problem.cycle_weeks
    stops, proven_stops, chosen, covered = rel.most_stops(
        options, weeks, work_limit_s, wall_limit_s
    )
    visits, proven_visits = rel.most_visits(options, work_limit_s, wall_limit_s)
    visits = max(min(visits, sum(rel.wanted.values())), stops)
    exact = all(rel.listed)
    return Coverage(
        stops_bound=stops,
        visits_bound=visits,
        served=len(covered),
        proven=proven_stops and proven_visits,
        exact=exact,
        reach=rel.reach,
        days=chosen if exact else (),
        classes=rel.classes,
        covered=covered,
    )


def most_stops_by_cycle(
    problem: PlanningProblem,
    options: SolveOptions,
    cycles: tuple[int, ...],
    *,
    work_limit_s: float,
    wall_limit_s: float,
) -> dict[int, tuple[int, int]]:
    """For each cycle length, the most stops served once by the problem's buses (an upper
    bound, the optimum when proven), and the stops some bus reaches at all: what a starter
    scenario is sized with (:mod:`busplanner.starter`). The bus days are listed once."""
    rel = _Relaxation(problem, options.max_memory_mb)
    out = {}
    for weeks in cycles:
        ceiling = min(rel.reachable(), rel.sessions(weeks))
        if ceiling < rel.reachable():  # too few sessions to serve them all: no need to solve
            out[weeks] = (ceiling, rel.reachable())
        else:
            bound = rel.most_stops(options, weeks, work_limit_s, wall_limit_s)[0]
            out[weeks] = (bound, rel.reachable())
    return out


Half = tuple[int, str]
"""A day class (its number) and a half-day."""


def _alone(p: PlanningProblem, classes: tuple[DayClass, ...]) -> dict[int, set[Half]]:
    """For each stop, the (class, half-day) where a session there fits a bus day alone."""
    out: dict[int, set[Half]] = {s.index: set() for s in p.stops}
    for c, dc in enumerate(classes):
        day = dc.days[0]
        q_am, q_pm = dc.sessions
        for s in p.stops:
            if q_am and time_route(p, day, [s.index], [], bus=dc.bus) is not None:
                out[s.index].add((c, "morning"))
            if q_pm and time_route(p, day, [], [s.index], bus=dc.bus) is not None:
                out[s.index].add((c, "afternoon"))
    return out


def _pair_candidates(
    p: PlanningProblem, classes: tuple[DayClass, ...], alone: dict[int, set[Half]], limit: int
) -> dict[int, list[tuple[int, int]]] | None:
    """For each class of one morning and one afternoon session, the (morning, afternoon)
    stop pairs whose drives leave room for both sessions and the lunch break in the shift
    (a necessary condition; each is then timed). ``None`` when they are more than
    ``limit``: counted a block of rows at a time, never all held at once."""
    dur = np.asarray(p.travel.duration_min, dtype=np.int32)
    out: dict[int, list[tuple[int, int]]] = {}
    total = 0
    for c, dc in enumerate(classes):
        if dc.sessions != (1, 1):
            continue
        base = p.bases[dc.base] if p.bases else p.base_of(0)
        am = [s for s in p.stops if (c, "morning") in alone[s.index]]
        pm = [s for s in p.stops if (c, "afternoon") in alone[s.index]]
        b = np.array([s.index for s in pm], dtype=np.int64)
        busy_b = np.array([s.session_min for s in pm], dtype=np.int32)
        room = base.shift_end_min - base.shift_start_min - p.lunch_min
        room -= 2 * (p.setup_min + p.packup_min)
        found: list[tuple[int, int]] = []
        for k in range(0, len(am), 256):
            block = am[k : k + 256]
            a = np.array([s.index for s in block], dtype=np.int64)
            busy_a = np.array([s.session_min for s in block], dtype=np.int32)
            drive = dur[base.index, a][:, None] + dur[np.ix_(a, b)] + dur[b, base.index][None, :]
            fits = drive + busy_a[:, None] + busy_b[None, :] <= room
            fits &= a[:, None] != b[None, :]
            rows, cols = np.nonzero(fits)
            total += len(rows)
            if total > limit:
                return None
            found += [(int(a[r]), int(b[q])) for r, q in zip(rows, cols, strict=True)]
        out[c] = found
    return out


def _feasible_days(
    p: PlanningProblem,
    c: int,
    dc: DayClass,
    alone: dict[int, set[Half]],
    pairs: list[tuple[int, int]],
    wanted: Mapping[int, int],
) -> list[CoverDay]:
    """Every feasible bus day of a listed class: each stop alone, each pair that times."""
    day = dc.days[0]
    candidates: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for s in p.stops:
        if s.index not in wanted:
            continue
        if (c, "morning") in alone[s.index]:
            candidates.append(((s.index,), ()))
        elif (c, "afternoon") in alone[s.index]:
            candidates.append(((), (s.index,)))
    candidates += [((a,), (b,)) for a, b in pairs if a in wanted and b in wanted]
    out = []
    for am, pm in candidates:
        tr = time_route(p, day, am, pm, bus=dc.bus)
        if tr is not None:
            out.append(CoverDay(c, am, pm, tr.distance_km))
    return out


def _listed_days(
    m: _Model, c: int, dc: DayClass, days: list[CoverDay], visits: Mapping[int, int]
) -> None:
    """The class's bus days as columns: how many of each the plan drives."""
    for day in days:
        stops = (*day.morning, *day.afternoon)
        cap = min(dc.bus_days, *(visits[i] for i in stops))
        v = m.model.new_int_var(0, cap, f"d{c}_{day.morning}_{day.afternoon}")
        m.days.append((day, v))
        m.by_class[c].append(v)
        for i in stops:
            m.by_stop[i].append(v)


def _shortest_drive_into(p: PlanningProblem) -> dict[int, int]:
    """For each stop, the shortest drive into it from any other place (a base or a stop)."""
    dur = np.asarray(p.travel.duration_min, dtype=np.int64)
    big = np.iinfo(np.int64).max
    dur = dur.copy()
    np.fill_diagonal(dur, big)
    col_min = dur.min(axis=0)
    return {s.index: int(col_min[s.index]) for s in p.stops}


def _capacity(
    m: _Model,
    p: PlanningProblem,
    c: int,
    dc: DayClass,
    alone: dict[int, set[Half]],
    visits: Mapping[int, int],
    into: Mapping[int, int],
) -> None:
    """The class as capacities: sessions per half-day, and time in the shift."""
    base = p.bases[dc.base] if p.bases else p.base_of(0)
    used: list[tuple[int, cp_model.IntVar]] = []
    for half, q in zip(("morning", "afternoon"), dc.sessions, strict=True):
        in_half = []
        for s in p.stops:
            if s.index not in visits or (c, half) not in alone[s.index]:
                continue
            cap = min(visits[s.index], dc.bus_days * q)
            v = m.model.new_int_var(0, cap, f"x{c}_{half}_{s.index}")
            in_half.append(v)
            m.by_stop[s.index].append(v)
            used.append((p.setup_min + s.session_min + p.packup_min + into[s.index], v))
        if in_half:
            m.model.add(sum(in_half) <= q * dc.bus_days)
    if used:
        day_min = base.shift_end_min - base.shift_start_min - p.lunch_min
        m.model.add(sum(t * v for t, v in used) <= day_min * dc.bus_days)

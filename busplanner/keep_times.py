"""Same timetable, fewer kilometres: keep every stop's weekday, start time, half-day and bus
from a plan (``plan --keep FILE --keep-times``) and choose only what that leaves free.

With every start time kept, the order of a bus day's stops is its order in time: what is
left to choose is *which weeks of the cycle* a stop visited less than weekly runs in (an
every-other-Monday 10:00 stop of week 1 may run in week 2 at 10:00 instead, beside the stops
that week's Monday round serves), so that each day's round joins stops close to each other.
A day keeps the published timing when it holds the same stops as published; a changed day
is timed by :func:`busplanner.timing.time_route` and kept only if every session starts
exactly at its kept time.

The search is a deterministic best-improvement local search over two moves: one stop to
another week of its spacing, and a block of a weekday's times exchanged between two weeks
(every stop of that weekday, bus and spacing starting between two times goes from week p
to week q and back: two alternating rounds trade their mornings, say).
Guarantee: every weekday, start time, half-day, bus and spacing is kept, no
day breaks a rule the model checks unless it is the published day unchanged, and the
kilometres never exceed the plan kept from; the result is a local optimum for those moves,
not a proven optimum.

``max_moves`` K then lets up to K stops take another slot (weekday, half-day, start time,
weeks), greedily: each round moves the one stop whose best new slot saves the most
kilometres (every other stop keeping its time), then the week search runs again. Greedy:
each move is the best single move at that point, not the best set of K.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from busplanner.assemble import route_of
from busplanner.plan import Plan, Route, SolverInfo, Stop, Unserved
from busplanner.problem import PlanningProblem, ProblemStop
from busplanner.timing import TimedRoute, time_route

DayKey = tuple[int, str, int]
"""(week 0-based, weekday, bus 0-based)."""


@dataclass(frozen=True)
class _Kept:
    """A stop's slot: where its visits are, and at what time."""

    index: int
    stop_id: str
    day: str
    half_day: str
    bus: int
    every: int
    phase: int
    start: int
    moved: bool = False


_State = Mapping[str, _Kept]
"""Every kept stop's slot, by stop id."""
_Cost = Callable[[_State, set[DayKey]], float | None]
"""The kilometres of some bus days under a state (``None``: one of them is infeasible)."""
_DayKeysOf = Callable[[_Kept], list[DayKey]]
"""The bus days a stop's slot visits over the cycle."""


@dataclass(frozen=True)
class KeptTimes:
    """The plan with the kept times, and what it saved."""

    plan: Plan
    km_before: float
    km_after: float
    moved: tuple[str, ...]
    """The ids of the stops that took another slot (``max_moves``)."""


class _Days:
    """Each bus day's route for a given set of stops, timed once and remembered."""

    def __init__(self, problem: PlanningProblem, published: Mapping[DayKey, Route]) -> None:
        self.problem = problem
        self.published = published
        self.cache: dict[tuple[DayKey, tuple[_Kept, ...]], TimedRoute | Route | None] = {}

    def route(self, key: DayKey, stops: Sequence[_Kept]) -> TimedRoute | Route | None:
        """The day's route (the published one when its stops are unchanged), ``None`` when
        the stops cannot all start at their kept times; an empty day costs nothing."""
        ordered = tuple(sorted(stops, key=lambda k: (k.start, k.index)))
        memo = (key, ordered)
        if memo in self.cache:
            return self.cache[memo]
        pub = self.published.get(key)
        out: TimedRoute | Route | None
        if (
            pub is not None
            and not any(k.moved for k in ordered)
            and (tuple(v.stop_id for v in pub.visits) == tuple(k.stop_id for k in ordered))
        ):
            out = pub
        else:
            out = self._timed(key, ordered)
        self.cache[memo] = out
        return out

    def _timed(self, key: DayKey, ordered: tuple[_Kept, ...]) -> TimedRoute | None:
        _week, day, bus = key
        morning = [k.index for k in ordered if k.half_day == "morning"]
        afternoon = [k.index for k in ordered if k.half_day == "afternoon"]
        if [k.index for k in ordered] != morning + afternoon:
            return None  # a morning session after an afternoon one
        starts = {k.index: k.start for k in ordered}
        timed = time_route(self.problem, day, morning, afternoon, not_before=starts, bus=bus)
        if timed is None or any(v.start_min != starts[v.stop] for v in timed.visits):
            return None
        return timed

    def km(self, key: DayKey, stops: Sequence[_Kept]) -> float | None:
        """The day's kilometres, ``None`` when infeasible."""
        if not stops:
            return 0.0
        r = self.route(key, stops)
        if r is None:
            return None
        if isinstance(r, Route):
            return r.distance_km
        return r.distance_km


def keep_times(
    problem: PlanningProblem, previous: Plan, *, max_moves: int = 0, seed: int = 0
) -> KeptTimes:
    """Re-plan ``previous`` keeping every stop's weekday, start time, half-day and bus.

    Stops of ``previous`` that ``problem`` does not serve are dropped; served stops that
    ``previous`` does not visit are left out (``Plan.unserved`` names them).

    Raises
    ------
    ValueError
        ``max_moves`` is negative.
    """
    if max_moves < 0:
        msg = f"max_moves must be at least 0, got {max_moves}"
        raise ValueError(msg)
    t0 = time.perf_counter()
    weeks = problem.cycle_weeks
    index = {s.id: s.index for s in problem.stops}
    starts: dict[str, int] = {}
    for r in sorted(previous.routes, key=lambda r: r.week):
        for v in r.visits:
            starts.setdefault(v.stop_id, v.start_min)
    kept: dict[str, _Kept] = {}
    for s in previous.stops:
        if s.id not in index or not (s.weekday and s.half_day and s.every_weeks):
            continue
        kept[s.id] = _Kept(
            index=index[s.id],
            stop_id=s.id,
            day=s.weekday,
            half_day=s.half_day,
            bus=(s.bus or 1) - 1,
            every=s.every_weeks,
            phase=((s.first_week or 1) - 1) % s.every_weeks,
            start=starts.get(s.id, 0),
        )
    published = {
        (r.week - 1, r.day, r.bus - 1): r
        for r in previous.routes
        if all(v.stop_id in kept for v in r.visits)
    }
    days = _Days(problem, published)

    def day_keys(k: _Kept) -> list[DayKey]:
        return [(w, k.day, k.bus) for w in range(weeks) if w % k.every == k.phase]

    def members(state: Mapping[str, _Kept]) -> dict[DayKey, list[_Kept]]:
        out: dict[DayKey, list[_Kept]] = defaultdict(list)
        for k in state.values():
            for key in day_keys(k):
                out[key].append(k)
        return out

    def cost(state: Mapping[str, _Kept], keys: set[DayKey]) -> float | None:
        by_day = members(state)
        total = 0.0
        for key in keys:
            km = days.km(key, by_day.get(key, []))
            if km is None:
                return None
            total += km
        return total

    def total(state: Mapping[str, _Kept]) -> float:
        by_day = members(state)
        return sum(days.km(key, ks) or 0.0 for key, ks in by_day.items())

    start_km = round(sum(r.distance_km for r in previous.routes), 3)
    state = _improve_weeks(dict(kept), cost, day_keys)
    moved: list[str] = []
    for _ in range(max_moves):
        best = _best_move(problem, state, cost, day_keys)
        if best is None:
            break
        state = _improve_weeks(best, cost, day_keys)
        moved = [sid for sid, k in state.items() if k.moved]
    plan = _plan(problem, previous, state, members(state), days, seed, time.perf_counter() - t0)
    after = round(total(state), 3)
    return KeptTimes(plan, start_km, after, tuple(sorted(moved)))


def _improve_weeks(state: dict[str, _Kept], cost: _Cost, day_keys: _DayKeysOf) -> dict[str, _Kept]:
    """Best-improvement descent over week changes and week exchanges, until none helps."""
    ids = sorted(state)
    groups: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for sid in ids:
        k = state[sid]
        if k.every > 1:
            groups[(k.day, k.bus, k.every)].append(sid)
    while True:
        best_gain: float = 1e-9
        best_state: dict[str, _Kept] | None = None
        for group in groups.values():
            for _a_pos, a in enumerate(group):
                ka = state[a]
                # One stop to another week of its spacing.
                for phase in range(ka.every):
                    if phase == ka.phase:
                        continue
                    changed = {a: replace(ka, phase=phase)}
                    gain = _gain(state, changed, cost, day_keys)
                    if gain is not None and gain > best_gain:
                        best_gain, best_state = gain, changed
            # A block of the day exchanging its weeks: every stop of the group starting
            # in [t1, t2) in week p goes to week q and those of week q to week p.
            for changed in _block_swaps(state, group):
                gain = _gain(state, changed, cost, day_keys)
                if gain is not None and gain > best_gain:
                    best_gain, best_state = gain, changed
        if best_state is None:
            return state
        state = {**state, **best_state}


def _block_swaps(state: Mapping[str, _Kept], group: Sequence[str]) -> list[dict[str, _Kept]]:
    """Every exchange of a block of start times between two weeks of a group's spacing."""
    every = state[group[0]].every
    out: list[dict[str, _Kept]] = []
    for p in range(every):
        for q in range(p + 1, every):
            pair = [state[sid] for sid in group if state[sid].phase in (p, q)]
            times = sorted({k.start for k in pair})
            for i in range(len(times)):
                for j in range(i + 1, len(times) + 1):
                    lo = times[i]
                    hi = times[j] if j < len(times) else 24 * 60 + 1
                    block = [k for k in pair if lo <= k.start < hi]
                    if {k.phase for k in block} != {p, q}:
                        continue  # one week alone: a move of single stops covers it
                    out.append(
                        {k.stop_id: replace(k, phase=q if k.phase == p else p) for k in block}
                    )
    return out


def _gain(
    state: _State, changed: Mapping[str, _Kept], cost: _Cost, day_keys: _DayKeysOf
) -> float | None:
    """Kilometres saved by ``changed`` (``None``: a day it touches becomes infeasible)."""
    keys = {key for sid, k in changed.items() for key in (*day_keys(state[sid]), *day_keys(k))}
    before = cost(state, keys)
    after = cost({**state, **changed}, keys)
    if before is None or after is None:
        return None
    return before - after


def _best_move(
    problem: PlanningProblem, state: _State, cost: _Cost, day_keys: _DayKeysOf
) -> dict[str, _Kept] | None:
    """The one stop whose new slot (weekday, half-day, weeks, start) saves the most; the
    new start is the earliest the day allows with every other stop at its kept time."""
    best_gain: float = 1e-9
    best: dict[str, _Kept] | None = None
    for sid in sorted(state):
        k = state[sid]
        if k.moved:
            continue
        stop = problem.by_index[k.index]
        rest = {s: v for s, v in state.items() if s != sid}
        for day in problem.days:
            for phase in range(k.every):
                for half in ("morning", "afternoon"):
                    for start in _candidate_starts(problem, rest, day, k.bus, half, stop):
                        new = replace(
                            k, day=day, half_day=half, phase=phase, start=start, moved=True
                        )
                        if (day, phase, start, half) == (k.day, k.phase, k.start, k.half_day):
                            continue
                        gain = _gain(state, {sid: new}, cost, day_keys)
                        if gain is not None and gain > best_gain:
                            best_gain, best = gain, {**state, sid: new}
    return best


def _candidate_starts(
    problem: PlanningProblem, rest: _State, day: str, bus: int, half: str, stop: ProblemStop
) -> list[int]:
    """Start times to try for a moved stop: just after each kept session of that weekday
    and bus ends (and the start of the open hours), on the time step, in its windows."""
    step = problem.time_step_min
    ends = {problem.base_of(bus).open_start_min}
    for k in rest.values():
        if k.day == day and k.bus == bus:
            other = problem.by_index[k.index]
            ends.add(k.start + other.session_min + problem.packup_min)
    out: list[int] = []
    for e in sorted(ends):
        s = -(-e // step) * step
        for a, b in stop.windows_at(day):
            if a <= s and s + stop.session_min <= b:
                out.append(s)
                break
    return sorted(set(out))


def _plan(
    problem: PlanningProblem,
    previous: Plan,
    state: Mapping[str, _Kept],
    by_day: Mapping[DayKey, list[_Kept]],
    days: _Days,
    seed: int,
    seconds: float,
) -> Plan:
    """The plan of the kept slots: the published days as they were, the others timed."""
    routes: list[Route] = []
    for key in sorted(by_day, key=lambda k: (k[0], problem.days.index(k[1]), k[2])):
        r = days.route(key, by_day[key])
        if r is None:  # the search only keeps feasible days
            msg = f"keep-times: day {key} is not feasible; a bug in busplanner"
            raise AssertionError(msg)
        week, day, bus = key
        routes.append(r if isinstance(r, Route) else route_of(bus, week, day, r, problem.by_index))
    stops: list[Stop] = []
    for s in previous.stops:
        k = state.get(s.id)
        if k is None:
            continue
        stops.append(
            replace(
                s,
                weekday=k.day,
                half_day=k.half_day,
                first_week=k.phase + 1,
                windows={d: problem.by_index[k.index].windows_at(d) for d in problem.days},
            )
        )
    km = round(sum(r.distance_km for r in routes), 3)
    unserved = tuple(
        Unserved(
            s.id,
            s.visits_per_cycle,
            "not visited in the plan whose times are kept",
            "pas visité dans le plan dont les horaires sont gardés",
        )
        for s in problem.stops
        if s.id not in state
    )
    return replace(
        previous,
        scenario_name=problem.name,
        scenario_path=problem.scenario_path,
        stops=tuple(stops),
        routes=tuple(routes),
        unserved=unserved,
        kpis={},
        changes=None,
        solver=SolverInfo(
            status="feasible",
            objective=km,
            bound=None,
            seconds=round(seconds, 3),
            seed=seed,
            gap=None,
            method="keep-times (local search over the weeks of the cycle"
            + (", greedy moves)" if any(k.moved for k in state.values()) else ")"),
        ),
        warnings=problem.warnings,
    )

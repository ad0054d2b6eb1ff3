"""The periodic search for days with many short stops: VROOM routes, a search fixes the slots.

No enumeration: the bus days are routed by the VROOM engine (:mod:`.vroom`), one vehicle
per bus day of the cycle. A stop visited once per cycle is one job, free to go to any bus
day. A stop visited several times must keep its bus, weekday, half-day and start time at
every visit: it is *pinned* (:class:`Pin`), and its visits become jobs fixed to those bus
days at that time. The search:

1. routes every visit as a free job (a relaxation: a stop may then land on several
   weekdays) and keeps as many visits per stop as the engine could hold, rounded down to a
   divisor of the cycle (a shortage of time shows here);
2. pins each stop visited several times where most of its visits fell, or where it adds the
   fewest kilometres to the days already pinned, keeping every pinned time feasible;
3. routes again, pins fixed; the first plan;
4. tries other pins (routing the multi-visit stops alone over one period, so each is one
   job) and moves pinned stops one at a time to other slots, re-routing only the bus days
   they leave and join, keeping what drives less;
5. routes everything once more with the final pins.

Every route is then timed by :func:`busplanner.timing.time_route` on the real problem: the
engine works on a stricter copy rounded to the time step (:func:`.vroom.grid_problem`), so
each pinned session starts exactly at its time.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from busplanner.problem import PlanningProblem
from busplanner.solver.coverage import Coverage
from busplanner.solver.options import SolveOptions
from busplanner.solver.records import DayRoute, Pattern, ProgressCallback, Solution, report
from busplanner.solver.routers import BusDay, FleetRouter, Job, Routed
from busplanner.solver.vroom import VroomRouter
from busplanner.timing import TimedRoute, time_route


def exploration_levels(visits: int) -> tuple[int, int]:
    """VROOM's exploration levels for the first plan and for the rest, by the number of
    visits: its time grows fast with them (at level 5, 6.7 s for 109 visits and 156 s for
    640 on this project's machine; level 0 took 3.6 s for 640)."""
    if visits <= 150:
        return 2, 5
    if visits <= 300:
        return 2, 4
    if visits <= 600:
        return 1, 3
    return 0, 2


METHOD = (
    "periodic search: bus days routed by VROOM, stops of several visits pinned to one slot "
    "and time, moved while it helps"
)

MAX_DEMOTIONS = 24
"""Visits a routing may take from stops of several visits to serve the stops the coverage
plan serves (each costs a routing)."""

TOP_MOVES = 4
"""Slots tried per pinned stop and round of the local search, best first."""

NEAREST_SLOTS = 12
"""(bus, weekday) slots a stop of several visits is tried in, nearest first: every slot
of one bus working six days; the nearest twelve on larger networks."""


Days = dict[BusDay, tuple[tuple[int, ...], tuple[int, ...]]]
"""Bus days and what each holds: morning and afternoon, in driving order."""


@dataclass(frozen=True)
class Pin:
    """Where a stop visited several times sits: bus, weekday, half-day, first week (0-based)
    and session start (minutes after midnight)."""

    bus: int
    day: str
    half_day: str
    first_week: int
    start_min: int


@dataclass(frozen=True)
class _Plan:
    """A state of the search: visits kept per stop, pins, and the routed bus days."""

    visits: dict[int, int]
    pins: dict[int, Pin]
    routed: Routed

    def km(self, p: PlanningProblem) -> float:
        return sum(day_km(p, am, pm, bd.bus) for bd, (am, pm) in self.routed.days.items())


def day_km(
    p: PlanningProblem, morning: Sequence[int], afternoon: Sequence[int], bus: int = 0
) -> float:
    """Kilometres of a bus day, from the bus's base back to it."""
    home = p.base_of(bus).index
    seq = [home, *morning, *afternoon, home]
    return sum(p.travel.distance_km[a][b] for a, b in itertools.pairwise(seq))


def _job_id(stop: int, visit: int) -> int:
    """A job's id: its stop and which of the stop's visits (at most 12, one a week)."""
    return stop * 16 + visit


def _stop_of(job_id: int) -> int:
    return job_id // 16


class PeriodicSearch:
    """The search (see the module docstring) on one problem, with one router."""

    def __init__(
        self, problem: PlanningProblem, router: FleetRouter, coverage: Coverage | None = None
    ) -> None:
        p = self.p = problem
        self.router = router
        self.grid = router.grid
        self.bus_days = [
            BusDay(b, w, d)
            for b in range(p.bus_count)
            for w in range(p.cycle_weeks)
            for d in p.days
            if d in p.base_of(b).days
        ]
        self.bus_day_set = set(self.bus_days)
        self.until: float | None = None
        """``time.perf_counter()`` time past which no more pins are placed (the time cap)."""
        w_max = max(s.demand_weight for s in p.stops)
        # Coverage first: VROOM maximises the sum of the priorities it serves, so every first
        # visit weighs 100 and the extra visits that one more first visit could displace (a
        # bus day's sessions) weigh less than 100 together; heavier stops' extras first.
        per_day = max(sum(p.half_day_sessions(k)) for k in range(max(1, len(p.bases))))
        top = max(1, 99 // (per_day + 1))
        self.first = {s.index: 100 for s in p.stops}
        self.extra = {s.index: 1 + round((top - 1) * s.demand_weight / w_max) for s in p.stops}
        self.reach = dict(coverage.reach) if coverage is not None else {}
        """For each stop, the bases that can serve it (the coverage bound's)."""
        self.alike: dict[BusDay, tuple[BusDay, ...]] = {}
        """For each bus day of the coverage plan's classes, every bus day of its class: any
        of them holds what it holds."""
        self.start = self.coverage_start(coverage)
        self.covered = {i for am, pm in self.start.values() for i in (*am, *pm)}
        """The stops the coverage plan serves: every routing should serve them too."""
        """Bus days serving each stop of the coverage bound's plan once (stop indices)."""

    def coverage_start(self, coverage: Coverage | None) -> Days:
        """The coverage bound's plan on bus days of the cycle: each of its days on a bus day
        of its class, week after week; a day the grid cannot time is left out."""
        if coverage is None or not coverage.exact:
            return {}
        free: dict[int, list[BusDay]] = {}
        for c, dc in enumerate(coverage.classes):
            base = self.p.base_of(dc.bus)
            free[c] = [
                BusDay(b, w, d)
                for w in range(self.p.cycle_weeks)
                for d in dc.days
                for b in base.buses
            ]
        out: Days = {}
        for days in free.values():
            self.alike.update(dict.fromkeys(days, tuple(days)))
        for day, count in coverage.days:
            for _ in range(count):
                if not free[day.day_class]:
                    break
                bd = free[day.day_class].pop(0)
                if time_route(self.grid, bd.day, day.morning, day.afternoon, bus=bd.bus):
                    out[bd] = (day.morning, day.afternoon)
        return out

    def started(self, stops: Collection[int]) -> Days:
        """The coverage start for these stops' first visits, as job ids."""
        out: Days = {}
        for bd, (morning, afternoon) in self.start.items():
            am = tuple(_job_id(i, 0) for i in morning if i in stops)
            pm = tuple(_job_id(i, 0) for i in afternoon if i in stops)
            if am or pm:
                out[bd] = (am, pm)
        return out

    # ------------------------------------------------------------------ helpers
    def divisor_at_most(self, n: int) -> int:
        """The largest number of visits, at most ``n``, that divides the cycle."""
        return max((k for k in range(1, n + 1) if self.p.cycle_weeks % k == 0), default=0)

    def spaced(self, weeks: set[int]) -> tuple[int, int]:
        """The most visits per cycle (a divisor of it) evenly spaced within ``weeks``, and
        the first of them; ``(0, 0)`` for none."""
        n = self.p.cycle_weeks
        for k in sorted((k for k in range(1, n + 1) if n % k == 0), reverse=True):
            for first in range(n // k):
                if all(w in weeks for w in range(first, n, n // k)):
                    return k, first
        return 0, 0

    def pin_weeks(self, pin: Pin, visits: int) -> range:
        return range(pin.first_week, self.p.cycle_weeks, self.p.cycle_weeks // visits)

    def pin_days(self, pin: Pin, visits: int) -> list[BusDay]:
        return [BusDay(pin.bus, w, pin.day) for w in self.pin_weeks(pin, visits)]

    def pinned_jobs(self, stop: int, pin: Pin, visits: int) -> list[Job]:
        # One visit ranks as a first visit, the others as extra ones: a stop's extra visits
        # give way to another stop's first (the route then keeps what still spaces evenly).
        return [
            Job(
                _job_id(stop, v),
                stop,
                self.first[stop] if v == 0 else self.extra[stop],
                bd,
                pin.start_min,
                pin.half_day,
            )
            for v, bd in enumerate(self.pin_days(pin, visits))
        ]

    def free_jobs(self, stops: Sequence[int], keep: dict[int, Kept]) -> list[Job]:
        return [self.free_job(_job_id(i, 0), keep.get(i)) for i in stops]

    def free_job(self, job_id: int, kept: Kept | None) -> Job:
        """A visit free to go to any bus day, or (``plan --keep``) kept on its earlier bus,
        week and weekday (on any bus when the earlier one is not known)."""
        stop = _stop_of(job_id)
        if kept is None:
            return Job(job_id, stop, self.first[stop])
        bus, week, day = kept
        if bus is not None and BusDay(bus, week, day) in self.bus_day_set:
            return Job(job_id, stop, self.first[stop], bus_day=BusDay(bus, week, day))
        return Job(job_id, stop, self.first[stop], week_day=(week, day))

    def timed(
        self, bd: BusDay, am: Sequence[int], pm: Sequence[int], starts: dict[int, int]
    ) -> TimedRoute | None:
        """The grid timing of a bus day if it keeps every fixed start exactly, else None."""
        tr = time_route(self.grid, bd.day, am, pm, not_before=starts, bus=bd.bus)
        if tr is None or any(v.start_min != starts[v.stop] for v in tr.visits if v.stop in starts):
            return None
        return tr

    def pinned_day(
        self,
        pins: dict[int, Pin],
        visits: dict[int, int],
        bd: BusDay,
        on_slot: Sequence[int] | None = None,
    ) -> tuple[list[int], list[int]]:
        """The pinned stops of a bus day, by half-day, in time order (``on_slot``: the stops
        pinned on its bus and weekday, when the caller knows them)."""
        halves: tuple[list[int], list[int]] = ([], [])
        for i in pins if on_slot is None else on_slot:
            pin = pins[i]
            if (pin.bus, pin.day) == (bd.bus, bd.day) and bd.week in self.pin_weeks(pin, visits[i]):
                halves[pin.half_day == "afternoon"].append(i)
        for half in halves:
            half.sort(key=lambda i: pins[i].start_min)
        return halves

    # ------------------------------------------------------------------ pins
    def pin_cost(
        self, i: int, pin: Pin, visits: int, pins: dict[int, Pin], all_visits: dict[int, int]
    ) -> float | None:
        """Kilometres a pin adds to the pinned days (``None``: a pinned time cannot hold)."""
        starts = {j: q.start_min for j, q in pins.items()}
        starts[i] = pin.start_min
        on_slot = [j for j, q in pins.items() if (q.bus, q.day) == (pin.bus, pin.day)]
        total = 0.0
        for bd in self.pin_days(pin, visits):
            am, pm = self.pinned_day(pins, all_visits, bd, on_slot)
            before = day_km(self.p, am, pm, bd.bus) if (am or pm) else 0.0
            part = am if pin.half_day == "morning" else pm
            best = None
            for pos in range(len(part) + 1):
                new = [*part[:pos], i, *part[pos:]]
                args = (new, pm) if pin.half_day == "morning" else (am, new)
                if self.timed(bd, *args, starts) is not None:
                    km = day_km(self.p, *args, bd.bus)
                    best = km if best is None else min(best, km)
            if best is None:
                return None
            total += best - before
        return total

    def pin_options(
        self, i: int, visits: int, pins: dict[int, Pin], all_visits: dict[int, int]
    ) -> list[Pin]:
        """Every feasible pin for stop ``i``, fewest added kilometres first.

        The start times tried are the earliest each insertion position allows on each of
        the pattern's days."""
        starts = {j: q.start_min for j, q in pins.items()}
        every = self.p.cycle_weeks // visits
        scored: list[tuple[float, int, int, int, Pin]] = []
        slot_of: dict[tuple[int, str], list[int]] = defaultdict(list)
        for j, q in pins.items():
            slot_of[(q.bus, q.day)].append(j)
        for b, d in self.nearest_slots(i, pins):
            d_index = self.p.days.index(d)
            for first in range(every):
                for half in ("morning", "afternoon"):
                    times: set[int] = set()
                    for w in range(first, self.p.cycle_weeks, every):
                        am, pm = self.pinned_day(pins, all_visits, BusDay(b, w, d), slot_of[(b, d)])
                        part = am if half == "morning" else pm
                        for pos in range(len(part) + 1):
                            new = [*part[:pos], i, *part[pos:]]
                            args = (new, pm) if half == "morning" else (am, new)
                            tr = self.timed(BusDay(b, w, d), *args, starts)
                            if tr is not None:
                                times.update(v.start_min for v in tr.visits if v.stop == i)
                    for t in sorted(times):
                        pin = Pin(b, d, half, first, t)
                        cost = self.pin_cost(i, pin, visits, pins, all_visits)
                        if cost is not None:
                            scored.append((round(cost, 6), t, b, d_index, pin))
        scored.sort(key=lambda x: x[:4])
        return [x[4] for x in scored]

    def late(self) -> bool:
        """Whether the time cap has passed."""
        return self.until is not None and time.perf_counter() > self.until

    def nearest_slots(self, i: int, pins: dict[int, Pin]) -> list[tuple[int, str]]:
        """The (bus, weekday) slots a pin for stop ``i`` is tried in: every one when they
        are few; else the ``NEAREST_SLOTS`` whose pinned stops lie nearest (an empty slot
        counts as the depot), so that placing a stop stays cheap on large networks."""
        slots = [
            (b, d)
            for b in range(self.p.bus_count)
            for d in self.p.days
            if d in self.p.base_of(b).days
        ]
        if len(slots) <= NEAREST_SLOTS:
            return slots
        km = self.p.travel.distance_km
        near = {(b, d): km[self.p.base_of(b).index][i] for b, d in slots}
        for j, q in pins.items():
            near[(q.bus, q.day)] = min(near[(q.bus, q.day)], km[j][i], km[i][j])
        ranked = sorted(slots, key=lambda bd: (near[bd], bd[0], self.p.days.index(bd[1])))
        return ranked[:NEAREST_SLOTS]

    def place(
        self,
        i: int,
        visits: int,
        pins: dict[int, Pin],
        all_visits: dict[int, int],
        prefer: Sequence[Pin],
    ) -> Pin | None:
        """A feasible pin: the first preferred one that holds, else the cheapest."""
        for pin in prefer:
            if self.pin_cost(i, pin, visits, pins, all_visits) is not None:
                return pin
        options = self.pin_options(i, visits, pins, all_visits)
        return options[0] if options else None

    # ------------------------------------------------------------------ constructions
    def relaxed(self, exploration: int) -> Routed:
        """Every visit a free job: how many each stop can get, and where they fall. Started
        from the coverage plan when routing from scratch serves fewer stops."""
        jobs = []
        for s in self.p.stops:
            for v in range(s.visits_per_cycle):
                prio = self.first[s.index] if v == 0 else self.extra[s.index]
                jobs.append(Job(_job_id(s.index, v), s.index, prio))
        return self.covering(jobs, exploration)

    def covering(self, jobs: list[Job], exploration: int) -> Routed:
        """Route ``jobs`` on every bus day, starting from the coverage plan (its stops free
        to move): VROOM then serves at least the stops it serves, and gets there faster
        than from scratch. Without a coverage plan, from scratch."""
        free = {j.stop for j in jobs if j.bus_day is None and j.week_day is None}
        # Not on the days pinned visits hold (their times leave the start no room): such a
        # day of the start moves to a bus day of its class that is free, if any.
        pinned = {j.bus_day for j in jobs if j.bus_day is not None}
        started = self.started(free)
        start = {bd: day for bd, day in started.items() if bd not in pinned}
        for bd, day in started.items():
            if bd in pinned:
                spare = next(
                    (x for x in self.alike.get(bd, ()) if x not in pinned and x not in start), None
                )
                if spare is not None:
                    start[spare] = day
        routed = self.router.solve(self.bus_days, jobs, exploration=exploration, start=start)
        return self.fill_gaps(
            routed, jobs, {_stop_of(j) for d in start.values() for j in (*d[0], *d[1])}
        )

    def fill_gaps(self, routed: Routed, jobs: Sequence[Job], wanted: set[int]) -> Routed:
        """Put back the stops the start served and VROOM left out (a heuristic, it may trade
        one for pinned visits elsewhere): each into the first bus day of its class where it
        fits, its day's pinned sessions kept at their times."""
        served = _served(routed)
        lost = sorted(i for i in wanted if i not in served)
        if not lost:
            return routed
        job_of = {j.id: j for j in jobs}
        days, jobs_on, starts = dict(routed.days), dict(routed.jobs_on), dict(routed.starts)
        unassigned = set(routed.unassigned)
        where = {i: bd for bd, (am, pm) in self.start.items() for i in (*am, *pm)}
        many = {j.stop for j in jobs if j.bus_day is not None and j.id % 16}  # pinned, k > 1
        for i in lost:
            if _job_id(i, 0) not in job_of or i not in where:
                continue
            # Its class first (its days are alike), then every other bus day; on each as it
            # is, then making room by dropping one visit of a stop visited several times
            # (the route keeps that stop's visits that still space evenly).
            alike = self.alike.get(where[i], ())
            order = [*alike, *(bd for bd in self.bus_days if bd not in set(alike))]
            for room in (False, True):
                done = False
                for bd in order:
                    ids = jobs_on.get(bd, ())
                    gone_options = [(j,) for j in ids if job_of[j].stop in many] if room else [()]
                    for gone in gone_options:
                        kept = tuple(j for j in ids if j not in gone)
                        halves = days.get(bd, ((), ()))
                        day = (
                            tuple(job_of[j].stop for j in kept if job_of[j].stop in halves[0]),
                            tuple(job_of[j].stop for j in kept if job_of[j].stop in halves[1]),
                        )
                        placed = self.insert(bd, i, day, kept, starts, job_of)
                        if placed is None:
                            continue
                        days[bd], jobs_on[bd], timed = placed
                        starts.update(timed)
                        for j in gone:
                            starts.pop(j, None)
                        unassigned.discard(_job_id(i, 0))
                        unassigned.update(gone)
                        done = True
                        break
                    if done:
                        break
                if done:
                    break
        return Routed(days, jobs_on, starts, tuple(sorted(unassigned)))

    def demote(
        self, uncovered: set[int], visits: dict[int, int], pins: dict[int, Pin]
    ) -> tuple[dict[int, int], dict[int, Pin]] | None:
        """One visit fewer (down to the next count that divides the cycle) for the lightest
        stop of several visits whose bus belongs to a base that reaches an uncovered stop;
        ``None`` when there is none."""
        bases = {k for i in uncovered for k in self.reach.get(i, ())}
        p = self.p
        candidates = [
            i for i, pin in pins.items() if (p.base_number(pin.bus) if p.bases else 0) in bases
        ]
        if not candidates:
            return None
        i = min(candidates, key=lambda j: (p.by_index[j].demand_weight, j))
        k = max(n for n in range(1, visits[i]) if p.cycle_weeks % n == 0)
        visits = {**visits, i: k}
        pins = dict(pins)
        if k == 1:
            del pins[i]  # one visit: a free job
        return visits, pins

    def insert(
        self,
        bd: BusDay,
        stop: int,
        day: tuple[tuple[int, ...], tuple[int, ...]],
        ids: tuple[int, ...],
        starts: dict[int, int],
        job_of: dict[int, Job],
    ) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], tuple[int, ...], dict[int, int]] | None:
        """``stop``'s first visit added to a bus day at the first place that times with the
        day's pinned sessions at their times: the day, its job ids and their starts."""
        am, pm = day
        job = dict(zip((*am, *pm), ids, strict=True))
        job[stop] = _job_id(stop, 0)
        fixed = {job_of[j].stop: starts[j] for j in ids if job_of[j].start_min is not None}
        options = [((*am[:k], stop, *am[k:]), pm) for k in range(len(am) + 1)]
        options += [(am, (*pm[:k], stop, *pm[k:])) for k in range(len(pm) + 1)]
        for new_am, new_pm in options:
            tr = self.timed(bd, new_am, new_pm, fixed)
            if tr is not None:
                order = tuple(job[v.stop] for v in tr.visits)
                timed = {job[v.stop]: v.start_min for v in tr.visits}
                return (tuple(new_am), tuple(new_pm)), order, timed
        return None

    def pins_from(
        self,
        routed: Routed,
        visits: dict[int, int],
        previous: dict[int, Pin],
    ) -> dict[int, Pin]:
        """Pin each stop of several visits where most of its routed visits already are."""
        where: dict[int, list[tuple[BusDay, int, str]]] = defaultdict(list)
        for bd, ids in routed.jobs_on.items():
            am, _pm = routed.days[bd]
            for jid in ids:
                i = _stop_of(jid)
                where[i].append((bd, routed.starts[jid], "morning" if i in am else "afternoon"))
        pins: dict[int, Pin] = {}
        many = sorted((i for i, k in visits.items() if k > 1), key=lambda i: (-visits[i], i))
        for i in many:
            if self.late():
                break  # the stops left unpinned get one visit
            every = self.p.cycle_weeks // visits[i]
            ranked = []
            for bd, t, half in sorted(where.get(i, ())):
                hits = sum(
                    1
                    for bd2, _t, _h in where[i]
                    if (bd2.bus, bd2.day) == (bd.bus, bd.day)
                    and bd2.week % every == bd.week % every
                )
                ranked.append((-hits, bd, Pin(bd.bus, bd.day, half, bd.week % every, t)))
            ranked.sort(key=lambda r: (r[0], r[1]))
            old = previous.get(i)
            prefer = [old] if old is not None and old.first_week < every else []
            prefer += [r[2] for r in ranked]
            pin = self.place(i, visits[i], pins, visits, prefer)
            if pin is not None:
                pins[i] = pin
        return pins

    def folded_pins(self, visits: dict[int, int], exploration: int) -> dict[int, Pin] | None:
        """Pins from routing the stops of several visits alone over one period, when they
        share it: each is then a single job, and the period's routes repeat, so every visit
        keeps its time."""
        many = [i for i, k in visits.items() if k > 1]
        periods = {self.p.cycle_weeks // visits[i] for i in many}
        if len(periods) != 1:
            return None
        (every,) = periods
        bus_days = [
            BusDay(b, w, d)
            for b in range(self.p.bus_count)
            for w in range(every)
            for d in self.p.days
            if d in self.p.base_of(b).days
        ]
        routed = self.router.solve(
            bus_days, [Job(_job_id(i, 0), i, self.first[i]) for i in many], exploration=exploration
        )
        pins: dict[int, Pin] = {}
        for bd, ids in routed.jobs_on.items():
            am, _pm = routed.days[bd]
            for jid in ids:
                i = _stop_of(jid)
                half = "morning" if i in am else "afternoon"
                pins[i] = Pin(bd.bus, bd.day, half, bd.week, routed.starts[jid])
        for i in sorted(many):
            if i not in pins and not self.late():
                pin = self.place(i, visits[i], pins, visits, [])
                if pin is not None:
                    pins[i] = pin
        return pins

    def route(
        self,
        visits: dict[int, int],
        pins: dict[int, Pin],
        keep: dict[int, Kept],
        exploration: int,
        *,
        depth: int = 0,
    ) -> _Plan:
        """Route every bus day with these pins; a pinned stop that loses a visit drops to
        one visit, where it was routed. A stop the coverage plan serves that the routing
        leaves out takes visits from stops of several visits first (:meth:`demote`)."""
        visits = dict(visits)
        for i, k in visits.items():
            if k > 1 and i not in pins:
                visits[i] = 1  # no slot holds all its visits at one time
        single = [i for i, k in visits.items() if k == 1 and i not in pins]
        jobs = self.free_jobs(single, keep)
        for i, pin in pins.items():
            jobs += self.pinned_jobs(i, pin, visits[i])
        routed = self.covering(jobs, exploration)
        # Coverage first: a stop the coverage plan serves that this routing leaves out takes a
        # visit from the lightest stop of several visits its bases serve, until it fits.
        uncovered = self.covered & set(single) - _served(routed)
        if uncovered and not self.late() and depth < MAX_DEMOTIONS:
            fewer = self.demote(uncovered, visits, pins)
            if fewer is not None:
                return self.route(*fewer, keep, exploration, depth=depth + 1)
        moved = {_stop_of(j) for j in routed.unassigned} & set(keep)
        if moved:
            # --keep: a stop its earlier day cannot hold any more may go elsewhere.
            keep = {i: wd for i, wd in keep.items() if i not in moved}
            jobs = [
                j if _stop_of(j.id) not in moved else replace(j, week_day=None, bus_day=None)
                for j in jobs
            ]
            routed = self.router.solve(self.bus_days, jobs, exploration=exploration)
        lost = {_stop_of(j) for j in routed.unassigned} & set(pins)
        if not lost:
            return _Plan(visits, dict(pins), routed)
        # A stop of several visits keeps the most of its routed ones that still space evenly.
        pins, drop = self.respace(lost, visits, pins, routed)
        return _Plan(visits, pins, self.without(routed, drop, visits, pins))

    def respace(
        self, lost: set[int], visits: dict[int, int], pins: dict[int, Pin], routed: Routed
    ) -> tuple[dict[int, Pin], set[int]]:
        """Pinned stops that lost a visit keep the most of their routed visits that still
        space evenly (``visits`` updated): the new pins, and the jobs to drop."""
        pins = dict(pins)
        drop: set[int] = set()
        for i in lost:
            pin, k = pins.pop(i), visits[i]
            routed_at = {
                bd.week: j
                for j, bd in zip(
                    (_job_id(i, v) for v in range(k)), self.pin_days(pin, k), strict=True
                )
                if j in routed.starts
            }
            k2, first = self.spaced(set(routed_at))
            spaced = range(first, self.p.cycle_weeks, self.p.cycle_weeks // k2) if k2 else ()
            drop.update(j for w, j in routed_at.items() if w not in spaced)
            visits[i] = k2
            if k2 > 1:
                pins[i] = Pin(pin.bus, pin.day, pin.half_day, first, pin.start_min)
        return pins, drop

    def without(
        self, routed: Routed, drop: set[int], visits: dict[int, int], pins: dict[int, Pin]
    ) -> Routed:
        """The routing with the jobs ``drop`` taken out; a day whose timing that breaks
        (its lunch) is routed again alone, or left empty when it cannot be."""
        days: dict[BusDay, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        jobs_on: dict[BusDay, tuple[int, ...]] = {}
        starts = dict(routed.starts)
        fixed = {i: q.start_min for i, q in pins.items()}
        for bd, ids in routed.jobs_on.items():
            kept = tuple(j for j in ids if j not in drop)
            if not kept:
                continue
            am, _pm = routed.days[bd]
            n_am = sum(1 for j in ids[: len(am)] if j not in drop)
            stops = [_stop_of(j) for j in kept]
            day = (tuple(stops[:n_am]), tuple(stops[n_am:]))
            if kept != ids and self.timed(bd, *day, fixed) is None:
                # Dropping a visit broke the day's timing (its lunch): route it again alone.
                jobs = [
                    x
                    for x in self.free_jobs([s for s in stops if s not in pins], {})
                    + [y for i in pins for y in self.pinned_jobs(i, pins[i], visits[i])]
                    if x.bus_day in (None, bd) and x.stop in stops
                ]
                again = self.router.solve([bd], jobs)
                if bd not in again.days:
                    continue
                day, kept = again.days[bd], again.jobs_on[bd]
                starts.update(again.starts)
            days[bd] = day
            jobs_on[bd] = kept
        return Routed(days, jobs_on, starts, routed.unassigned)

    def give_back(
        self, best: _Plan, target: dict[int, int], short: list[int]
    ) -> tuple[dict[int, int], dict[int, Pin]]:
        """The visits and pins of ``best`` with each ``short`` stop (fewer visits than its
        target) pinned at its target where a slot takes it, while time allows."""
        pins = dict(best.pins)
        visits = dict(best.visits)
        for i in short:
            if self.late():
                break
            pin = self.place(
                i,
                target[i],
                {j: q for j, q in pins.items() if j != i},
                {**visits, i: target[i]},
                [],
            )
            if pin is not None:
                pins[i], visits[i] = pin, target[i]
        return visits, pins

    # ------------------------------------------------------------------ improvement
    def move_pins(self, plan: _Plan, keep: dict[int, Kept], until: float) -> tuple[_Plan, int]:
        """Local search: move one pinned stop to another slot, re-route only the bus days
        it leaves and joins, keep the move if those days drive less. Rounds until none
        helps. Returns the plan and the number of moves kept."""
        p = self.p
        visits, pins = plan.visits, dict(plan.pins)
        days = dict(plan.routed.days)
        jobs_on = dict(plan.routed.jobs_on)
        starts = dict(plan.routed.starts)
        kept_moves = 0
        improved = True
        while improved:
            improved = False
            for i in sorted(pins):
                if time.perf_counter() > until:
                    break
                old = pins[i]
                rest = {j: q for j, q in pins.items() if j != i}
                for cand in self.pin_options(i, visits[i], rest, visits)[:TOP_MOVES]:
                    if cand == old:
                        continue
                    new_pins = {**rest, i: cand}
                    affected = sorted(
                        set(self.pin_days(old, visits[i])) | set(self.pin_days(cand, visits[i]))
                    )
                    jobs = [
                        self.free_job(jid, keep.get(_stop_of(jid)))
                        for bd in affected
                        for jid in jobs_on.get(bd, ())
                        if _stop_of(jid) not in pins
                    ]
                    for j, q in new_pins.items():
                        jobs += [
                            x for x in self.pinned_jobs(j, q, visits[j]) if x.bus_day in affected
                        ]
                    sub = self.router.solve(affected, jobs)
                    if sub.unassigned:
                        continue
                    before = sum(day_km(p, *days[bd], bd.bus) for bd in affected if bd in days)
                    after = sum(day_km(p, *sub.days[bd], bd.bus) for bd in sub.days)
                    if after < before - 1e-6:
                        pins = new_pins
                        for bd in affected:
                            days.pop(bd, None)
                            jobs_on.pop(bd, None)
                        days.update(sub.days)
                        jobs_on.update(sub.jobs_on)
                        starts.update(sub.starts)
                        kept_moves += 1
                        improved = True
                        break
        routed = Routed(days, jobs_on, starts, plan.routed.unassigned)
        return _Plan(visits, pins, routed), kept_moves


def _served(routed: Routed) -> set[int]:
    """The stops a routing serves at least once."""
    return {_stop_of(j) for ids in routed.jobs_on.values() for j in ids}


def _better(p: PlanningProblem, a: _Plan, b: _Plan, weight: dict[int, float]) -> bool:
    """Whether plan ``a`` beats ``b``: more stops visited, more demand served, fewer km."""

    def score(x: _Plan) -> tuple[int, float, float]:
        stops = {_stop_of(j) for ids in x.routed.jobs_on.values() for j in ids}
        demand = sum(weight[i] * k for i, k in x.visits.items() if i in stops)
        return (len(stops), round(demand, 6), -round(x.km(p), 6))

    return score(a) > score(b)


def solve_search(
    problem: PlanningProblem,
    options: SolveOptions,
    *,
    on_progress: ProgressCallback | None = None,
    t0: float | None = None,
    router_factory: Callable[[PlanningProblem], FleetRouter] = VroomRouter,
    coverage: Coverage | None = None,
) -> Solution:
    """Plan with the periodic search (see the module docstring).

    The work done is fixed (exploration levels, rounds until no move helps), so the same
    inputs give the same plan; ``options.time_limit_s`` is a hard cap that may stop the
    later steps (the best plan so far is kept). ``coverage``: the coverage bound, whose plan
    the routings start from when they would serve fewer stops than it.
    """
    p = problem
    t0 = time.perf_counter() if t0 is None else t0
    # Leave a tenth of the wall clock for what follows (timing, re-check, reports).
    until = t0 + 0.9 * options.time_limit_s
    router = router_factory(p)
    router.deadline = until
    fast, thorough = exploration_levels(sum(s.visits_per_cycle for s in p.stops))
    search = PeriodicSearch(p, router, coverage)
    search.until = until
    weight = {s.index: s.demand_weight for s in p.stops}
    keep = _kept_week_days(p)
    previous = _previous_pins(p)

    total = sum(s.visits_per_cycle for s in p.stops)
    report(on_progress, "solve", t0)

    def better(plan: _Plan) -> None:
        held = sum(len(ids) for ids in plan.routed.jobs_on.values())  # routed, not asked
        report(on_progress, "solve", t0, best_km=plan.km(p), visits_held=held, visits_total=total)

    def consider(best: _Plan | None, plan: _Plan) -> _Plan:
        if best is None or _better(p, plan, best, weight):
            better(plan)
            return plan
        return best

    def time_left(last: float) -> bool:
        return time.perf_counter() + last < until

    # 1. The first plan, fast: relax, keep what fits, pin, route.
    tick = time.perf_counter()
    relaxed = search.relaxed(fast)
    target = _visits_held(search, relaxed)
    pins = search.pins_from(relaxed, target, previous)
    best = consider(None, search.route(target, pins, keep, fast))
    last = time.perf_counter() - tick
    # 2. Thorough constructions, each kept if better.
    if time_left(3 * last):
        tick = time.perf_counter()
        relaxed = search.relaxed(thorough)
        target = _visits_held(search, relaxed)
        pins = search.pins_from(relaxed, target, previous)
        best = consider(best, search.route(target, pins, keep, thorough))
        last = time.perf_counter() - tick
    if any(k > 1 for k in target.values()) and time_left(last):
        folded = search.folded_pins(target, thorough)
        if folded is not None:
            best = consider(best, search.route(target, folded, keep, thorough))
    # 3. Move pinned stops while it helps; give back visits routing had to drop; route
    # everything with the final pins.
    if best.pins and time_left(last):
        moved, n_moves = search.move_pins(best, keep, until - last)
        if n_moves:
            best = consider(best, moved)
            if time_left(last):
                best = consider(best, search.route(moved.visits, moved.pins, keep, thorough))
    short = [i for i, k in sorted(target.items()) if best.visits.get(i, 0) < k]
    if short and time_left(last):
        visits, pins = search.give_back(best, target, short)
        best = consider(best, search.route(visits, pins, keep, thorough))
    return _solution(search, best, options, router.solves)


def _visits_held(search: PeriodicSearch, routed: Routed) -> dict[int, int]:
    """Visits per stop the relaxation could hold, rounded down to a divisor of the cycle."""
    held: dict[int, int] = defaultdict(int)
    for ids in routed.jobs_on.values():
        for j in ids:
            held[_stop_of(j)] += 1
    out = {}
    for s in search.p.stops:
        k = search.divisor_at_most(min(held[s.index], s.visits_per_cycle))
        # A stop the relaxation left out is still tried once.
        out[s.index] = k if k else (1 if s.visits_per_cycle else 0)
    return out


Kept = tuple[int | None, int, str]
"""``plan --keep``: a stop's earlier bus (0-based, ``None`` if unknown), week and weekday."""


def _kept_week_days(p: PlanningProblem) -> dict[int, Kept]:
    """``plan --keep``: each stop of one visit stays on its earlier bus, week and weekday."""
    out: dict[int, Kept] = {}
    for s in p.stops:
        old = p.previous.get(s.id)
        if old is not None and s.visits_per_cycle == 1 and old.day in p.days:
            bus = old.bus - 1 if old.bus is not None and 0 < old.bus <= p.bus_count else None
            out[s.index] = (bus, old.first_week - 1, old.day)
    return out


def _previous_pins(p: PlanningProblem) -> dict[int, Pin]:
    """``plan --keep``: the earlier slot of each stop of several visits, with its time."""
    out = {}
    for s in p.stops:
        old = p.previous.get(s.id)
        start = getattr(old, "start_min", None)
        if old is not None and start is not None and old.day in p.days:
            bus = old.bus - 1 if old.bus is not None and 0 < old.bus <= p.bus_count else 0
            out[s.index] = Pin(bus, old.day, old.half_day, old.first_week - 1, start)
    return out


def _solution(search: PeriodicSearch, plan: _Plan, options: SolveOptions, solves: int) -> Solution:
    """The plan in the solver's terms, each day timed on the real problem.

    The patterns are read off the routed days (a pinned stop keeps the visits that are
    evenly spaced at its pin). A day the timing refuses is dropped, its visits reported as
    not served: a safety net that the pins, timed on the stricter grid, should never need.
    """
    p = search.p
    days = dict(plan.routed.days)
    while True:
        patterns, days = _patterns(search, plan, days)
        fixed = {i: pat.start_min for i, pat in patterns.items() if pat.start_min is not None}
        untimed = [bd for bd, (am, pm) in days.items() if not _keeps(p, bd, am, pm, fixed)]
        if not untimed:
            break
        for bd in untimed:
            del days[bd]
    ordered = sorted(days.items(), key=lambda kv: (kv[0].week, p.days.index(kv[0].day), kv[0].bus))
    drive_m = round(1000 * sum(day_km(p, am, pm, bd.bus) for bd, (am, pm) in days.items()))
    return Solution(
        patterns=patterns,
        routes=tuple(DayRoute(bd.bus, bd.week, bd.day, am, pm) for bd, (am, pm) in ordered),
        status="feasible",
        objective=float(drive_m),
        bound=None,
        seconds=0.0,
        work_seconds=float(solves),
        seed=options.seed,
        method=METHOD,
    )


def _keeps(
    p: PlanningProblem, bd: BusDay, am: Sequence[int], pm: Sequence[int], fixed: dict[int, int]
) -> bool:
    """Whether the real problem times the day with every fixed start kept exactly."""
    tr = time_route(p, bd.day, am, pm, not_before=fixed, bus=bd.bus)
    return tr is not None and all(
        v.start_min == fixed[v.stop] for v in tr.visits if v.stop in fixed
    )


def _patterns(search: PeriodicSearch, plan: _Plan, days: Days) -> tuple[dict[int, Pattern], Days]:
    """Each routed stop's pattern, and the days without the visits no pattern holds."""
    weeks = search.p.cycle_weeks
    where: dict[int, list[tuple[BusDay, str]]] = defaultdict(list)
    for bd, (am, pm) in sorted(days.items()):
        for i in am:
            where[i].append((bd, "morning"))
        for i in pm:
            where[i].append((bd, "afternoon"))
    patterns: dict[int, Pattern] = {}
    held: set[tuple[int, BusDay]] = set()
    for i, seen in where.items():
        pin = plan.pins.get(i)
        if pin is None:
            bd, half = seen[0]
            patterns[i] = Pattern(bd.bus, bd.day, half, 1, weeks, bd.week)
            held.add((i, bd))
            continue
        at_pin = {
            bd.week
            for bd, half in seen
            if (bd.bus, bd.day, half) == (pin.bus, pin.day, pin.half_day)
        }
        k, first = search.spaced(at_pin)
        if not k:
            continue
        patterns[i] = Pattern(pin.bus, pin.day, pin.half_day, k, weeks // k, first, pin.start_min)
        held.update((i, BusDay(pin.bus, w, pin.day)) for w in range(first, weeks, weeks // k))
    kept: Days = {}
    for bd, (am, pm) in days.items():
        day = (
            tuple(i for i in am if (i, bd) in held),
            tuple(i for i in pm if (i, bd) in held),
        )
        if day[0] or day[1]:
            kept[bd] = day
    return patterns, kept

"""Route many bus days at once with VROOM, the vehicle-routing engine of the periodic search.

One VROOM vehicle per bus day (bus, week, day), one job per visit; the lunch break is a VROOM
break, the session windows are job time windows, a stop's slot and time can be pinned. VROOM
was chosen by measurement (``docs/benchmarks.md``, "Routing engines for the periodic search",
``benchmarks/engines.py``): it has breaks and several windows per job, which the half-day
rules need, it gave the fewest kilometres of the engines whose days hold the lunch break, and
it is fast and deterministic without a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import timedelta

import vroom
from vroom._vroom import VroomInputException

from busplanner.problem import PlanningProblem
from busplanner.solver.routers import BusDay, Job, Routed
from busplanner.territory import Interval
from busplanner.timeutil import round_up

DAY_MIN = 1440
"""Weekday ``i`` of the problem's days runs from ``i * DAY_MIN`` on VROOM's time line."""


def grid_problem(p: PlanningProblem) -> PlanningProblem:
    """The problem with every duration rounded up to the time step: a stricter copy.

    Whatever this copy can time, :func:`busplanner.timing.time_route` can time on the real
    problem with every session starting at the same time or earlier; so a start time fixed on
    the grid is kept exactly. Driving, set-up, lunch, the shift's start and each window's
    opening are rounded up; the pack-up is folded into the session and rounded up with it.
    """
    step = p.time_step_min
    n = len(p.travel.duration_min)
    durations = tuple(
        tuple(round_up(p.travel.duration_min[i][j], step) for j in range(n)) for i in range(n)
    )
    stops = []
    for s in p.stops:
        busy = round_up(s.session_min + p.packup_min, step)

        def grid(table: Mapping[str, tuple[Interval, ...]], busy: int = busy) -> dict:
            return {
                d: tuple(
                    (round_up(a, step), b + p.packup_min)
                    for a, b in iv
                    if b + p.packup_min - round_up(a, step) >= busy
                )
                for d, iv in table.items()
            }

        stops.append(
            replace(
                s,
                session_min=busy,
                windows=grid(s.windows),
                windows_by_base=tuple(grid(w) for w in s.windows_by_base),
            )
        )
    return replace(
        p,
        travel=replace(p.travel, duration_min=durations),
        stops=tuple(stops),
        bases=tuple(replace(b, shift_start_min=round_up(b.shift_start_min, step)) for b in p.bases),
        setup_min=round_up(p.setup_min, step),
        packup_min=0,
        shift_start_min=round_up(p.shift_start_min, step),
        lunch_earliest_min=round_up(p.lunch_earliest_min, step),
        lunch_min=round_up(p.lunch_min, step),
    )


class VroomRouter:
    """Routes visits on bus days with VROOM, on the grid problem: a
    :class:`~busplanner.solver.routers.FleetRouter`.

    Times lie on one line: weekday ``i`` of base ``k`` from ``(k × days + i) × 1440``, so a
    visit's windows follow the base of the bus that makes it. Each bus leaves from and
    returns to its base. Costs are metres driven.

    Parameters
    ----------
    problem
        The real problem; the router works on :func:`grid_problem` of it (``self.grid``).
    exploration
        VROOM's exploration level (0–5): more search, more time.
    threads
        VROOM's threads (its answer does not depend on them).
    """

    def __init__(self, problem: PlanningProblem, *, exploration: int = 5, threads: int = 2):
        self.grid = g = grid_problem(problem)
        self.exploration = exploration
        self.threads = threads
        self.durations = [list(row) for row in g.travel.duration_min]
        self.costs = [[max(0, round(km * 1000)) for km in row] for row in g.travel.distance_km]
        self.day_no = {d: k for k, d in enumerate(g.days)}
        self.bases = max(1, len(g.bases))
        self.solves = 0
        self.deadline: float | None = None
        """``time.perf_counter()`` time by which every solve must end (a safety net)."""

    def offset(self, base: int, day: str) -> int:
        """Where ``day`` of base ``base`` starts on the time line."""
        return (base * len(self.day_no) + self.day_no[day]) * DAY_MIN

    def _windows(self, job: Job) -> list[vroom.TimeWindow]:
        """When the job (its set-up) may begin, on the time line."""
        g = self.grid
        s = g.by_index[job.stop]
        if job.bus_day is not None:
            bases = [g.base_number(job.bus_day.bus) if g.bases else 0]
        else:
            bases = list(range(self.bases))
        if job.start_min is not None and job.bus_day is not None:
            t = self.offset(bases[0], job.bus_day.day) + job.start_min - g.setup_min
            return [vroom.TimeWindow(t, t)]
        if job.bus_day is not None:
            days = [job.bus_day.day]
        elif job.week_day is not None:
            days = [job.week_day[1]]
        else:
            days = list(g.days)
        out = []
        for k in bases:
            for d in days:
                off = self.offset(k, d)
                for a, b in s.windows_at(d, k):
                    lo, hi = a - g.setup_min, b - s.session_min - g.setup_min
                    if hi >= lo:
                        out.append(vroom.TimeWindow(off + lo, off + hi))
        return out

    def solve(
        self,
        bus_days: Sequence[BusDay],
        jobs: Sequence[Job],
        *,
        exploration: int | None = None,
        timeout_s: float | None = None,
        start: Mapping[BusDay, tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
    ) -> Routed:
        """Route ``jobs`` on ``bus_days`` (one VROOM solve).

        A pinned job's bus day must be among ``bus_days``; a job whose windows or pin leave
        it no place is returned as unassigned. ``timeout_s`` caps the solve's wall time (a
        safety net: an answer cut short by it depends on the machine's speed). ``start``:
        VROOM's first solution (its vehicles' ``steps``); a start VROOM refuses is dropped.
        """
        inp = vroom.Input()
        inp.set_durations_matrix("car", self.durations)
        inp.set_costs_matrix("car", self.costs)
        # Skills: 1.. for a bus day, then one per (week, day) for jobs kept there (--keep).
        skill = {bd: k + 1 for k, bd in enumerate(bus_days)}
        week_days = sorted({(bd.week, bd.day) for bd in bus_days}, key=str)
        wd_skill = {wd: len(skill) + k + 1 for k, wd in enumerate(week_days)}
        known = {j.id for j in jobs}
        steps = {
            bd: self._steps(am, pm, skill[bd], known)
            for bd, (am, pm) in (start or {}).items()
            if bd in skill
        }
        vehicle_of = self._add_vehicles(inp, bus_days, jobs, skill, wd_skill, steps)
        job_of = self._add_jobs(inp, jobs, skill, wd_skill)
        self.solves += 1
        if timeout_s is None and self.deadline is not None:
            timeout_s = self.deadline - time.perf_counter()
        level = self.exploration if exploration is None else exploration
        limit = None if timeout_s is None else timedelta(seconds=max(0.1, timeout_s))
        try:
            answer = inp.solve(exploration_level=level, nb_threads=self.threads, timeout=limit)
        except VroomInputException:
            if not steps:
                raise
            # VROOM refused the start (a job it cannot place there): solve without it.
            return self.solve(bus_days, jobs, exploration=exploration, timeout_s=timeout_s)
        return self._read(answer.to_dict(), vehicle_of, job_of, jobs)

    def _add_vehicles(
        self,
        inp: vroom.Input,
        bus_days: Sequence[BusDay],
        jobs: Sequence[Job],
        skill: Mapping[BusDay, int],
        wd_skill: Mapping[tuple[int, str], int],
        steps: Mapping[BusDay, list[vroom.VehicleStep]],
    ) -> dict[int, BusDay]:
        """A vehicle per bus day, from its base within its shift, with its lunch break;
        which bus day each vehicle (by id) is."""
        g = self.grid
        l0, l1, ld = g.lunch_earliest_min, g.lunch_latest_end_min, g.lunch_min
        # Lunch falls after each pinned morning session of its day, before each afternoon one.
        lunch_lo: dict[BusDay | None, int] = dict.fromkeys(bus_days, l0)
        lunch_hi: dict[BusDay | None, int] = dict.fromkeys(bus_days, l1 - ld)
        for j in jobs:
            if j.start_min is None or j.bus_day not in skill:
                continue
            if j.half_day == "morning":
                end = j.start_min + g.by_index[j.stop].session_min
                lunch_lo[j.bus_day] = max(lunch_lo[j.bus_day], end)
            elif j.half_day == "afternoon":
                lunch_hi[j.bus_day] = min(lunch_hi[j.bus_day], j.start_min - g.setup_min - ld)
        vehicle_of: dict[int, BusDay] = {}
        for k, bd in enumerate(bus_days):
            base = g.base_of(bd.bus)
            off = self.offset(g.base_number(bd.bus) if g.bases else 0, bd.day)
            lo, hi = lunch_lo[bd], max(lunch_lo[bd], lunch_hi[bd])
            vehicle_of[k + 1] = bd
            inp.add_vehicle(
                vroom.Vehicle(
                    k + 1,
                    start=base.index,
                    end=base.index,
                    skills={skill[bd], wd_skill[(bd.week, bd.day)]},
                    time_window=vroom.TimeWindow(
                        off + base.shift_start_min, off + base.shift_end_min
                    ),
                    breaks=[vroom.Break(k + 1, [vroom.TimeWindow(off + lo, off + hi)], service=ld)],
                    steps=steps.get(bd, ()),
                )
            )
        return vehicle_of

    def _add_jobs(
        self,
        inp: vroom.Input,
        jobs: Sequence[Job],
        skill: Mapping[BusDay, int],
        wd_skill: Mapping[tuple[int, str], int],
    ) -> dict[int, Job]:
        """A VROOM job per job with a place (windows, and its pinned bus day or kept week
        and day among those routed); which job each is, by id."""
        g = self.grid
        job_of: dict[int, Job] = {}
        for j in jobs:
            windows = self._windows(j)
            if j.bus_day is not None:
                skills = {skill[j.bus_day]} if j.bus_day in skill else None
            elif j.week_day is not None:
                skills = {wd_skill[j.week_day]} if j.week_day in wd_skill else None
            else:
                skills = set()
            if not windows or skills is None:
                continue
            job_of[j.id] = j
            inp.add_job(
                vroom.Job(
                    j.id,
                    location=j.stop,
                    default_service=g.setup_min + g.by_index[j.stop].session_min,
                    skills=skills,
                    priority=j.priority,
                    time_windows=windows,
                )
            )
        return job_of

    @staticmethod
    def _steps(
        morning: Sequence[int], afternoon: Sequence[int], lunch: int, known: set[int]
    ) -> list[vroom.VehicleStep]:
        """A bus day of a start plan as VROOM steps: its jobs around the lunch break."""
        return [
            vroom.VehicleStep("start"),
            *(vroom.VehicleStep("single", j) for j in morning if j in known),
            vroom.VehicleStep("break", lunch),
            *(vroom.VehicleStep("single", j) for j in afternoon if j in known),
            vroom.VehicleStep("end"),
        ]

    def _read(
        self,
        answer: dict,
        vehicle_of: dict[int, BusDay],
        job_of: dict[int, Job],
        jobs: Sequence[Job],
    ) -> Routed:
        days: dict[BusDay, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        jobs_on: dict[BusDay, tuple[int, ...]] = {}
        starts: dict[int, int] = {}
        for route in answer["routes"]:
            bd = vehicle_of[route["vehicle"]]
            halves: tuple[list[int], list[int]] = ([], [])
            ids: list[int] = []
            half = 0
            for step in route["steps"]:
                if step["type"] == "break":
                    half = 1
                elif step["type"] == "job":
                    j = job_of[step["id"]]
                    halves[half].append(j.stop)
                    ids.append(j.id)
                    begin = step["arrival"] + step["waiting_time"]
                    base = self.grid.base_number(bd.bus) if self.grid.bases else 0
                    starts[j.id] = begin - self.offset(base, bd.day) + self.grid.setup_min
            if ids:
                days[bd] = (tuple(halves[0]), tuple(halves[1]))
                jobs_on[bd] = tuple(ids)
        routed = {i for ids in jobs_on.values() for i in ids}
        unassigned = tuple(sorted(j.id for j in jobs if j.id not in routed))
        return Routed(days, jobs_on, starts, unassigned)

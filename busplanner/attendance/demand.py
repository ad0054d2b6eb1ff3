"""Demand weights from attendance: ``[demand] source = "attendance"`` (docs/scenario.md).

Each served stop's weight comes from its visitors per public hour over a window of the log,
shrunk towards its population when it has few sessions, with a floor:

- the window: the ``[attendance] window_weeks`` weeks that end on the last session the log
  holds for the served stops (not on today: the same log gives the same plan any day);
- for stop *s*: ``V`` visitors and ``H`` public hours of its sessions held in the window;
- the territory's rate per inhabitant ``λ = ΣV / Σ(H × population)`` over the stops with
  sessions, and the **prior** rate of *s*, ``λ × population``: what the stop would see if
  visitors followed population;
- the **estimate** (the posterior mean of a Poisson rate under a Gamma prior worth ``m =
  [attendance] prior_sessions`` sessions of ``h = [session] duration_min`` at the prior
  rate): ``rate = (V + m·h·λ·population) / (H + m·h)``; the data's share is
  ``Z = H / (H + m·h)``: a stop without sessions keeps its prior, a stop with many follows
  its own count;
- the **weight**, in inhabitants (so that it reads like the population weight it replaces):
  ``rate / λ``, at least ``[attendance] floor × population`` so that no commune drops out.

ASSUMPTION: a stop's visitors per public hour do not depend on how often the bus comes
(more hours at a busy stop serve more people); the log will tell whether visitors spread
over more visits instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from busplanner.attendance.db import SessionRecord, log_path, open_log
from busplanner.errors import Problem, ScenarioError
from busplanner.i18n import Msg
from busplanner.scenario import Scenario
from busplanner.territory import Commune


@dataclass(frozen=True)
class StopDemand:
    """How one stop's weight was found."""

    stop_id: str
    name: str
    population: float
    sessions: int
    visitors: int
    hours: float
    observed_rate: float | None
    """Visitors per public hour in the window (``None`` without a session held)."""
    prior_rate: float | None
    """λ × population (``None`` when the log has no session at all)."""
    credibility: float
    """The data's share of the estimate, Z (0 without a session)."""
    weight: float
    source: str
    """``"attendance"``, ``"prior"`` (no session held in the window), ``"floor"`` (the
    estimate was below the floor) or ``"no data"`` (the log holds no session at all)."""


@dataclass(frozen=True)
class AttendanceDemand:
    """The weights of every served stop, and the figures they came from."""

    log: Path
    start: dt.date | None
    end: dt.date | None
    rate_per_inhabitant: float | None
    prior_sessions: float
    session_hours: float
    floor: float
    stops: dict[str, StopDemand]


def logged_sessions(scenario: Scenario) -> tuple[SessionRecord, ...] | None:
    """The sessions of the scenario's attendance log when ``[demand] source =
    "attendance"`` (what :func:`busplanner.problem.build_problem` weighs the stops by, handed
    in: the problem does not open the log), else ``None``.

    Raises
    ------
    LogError
        The log does not exist or cannot be read.
    """
    if scenario.demand_source != "attendance":
        return None
    with open_log(log_path(scenario), create=False, read_only=True) as log:
        return tuple(log.sessions())


def attendance_weights(
    scenario: Scenario, communes: Sequence[Commune], sessions: Sequence[SessionRecord]
) -> AttendanceDemand:
    """The attendance weights of the served ``communes`` from the log's ``sessions``
    (:func:`logged_sessions`; see the module's docstring).

    Raises
    ------
    ScenarioError
        A served commune has no population (the prior needs it).
    """
    problems = [
        Problem(
            str(scenario.territory_path),
            f"{c.name} ({c.insee_code}) population",
            Msg("demand.no_population", scenario=str(scenario.path)),
        )
        for c in communes
        if not c.population and c.insee_code not in scenario.weight_overrides
    ]
    if problems:
        raise ScenarioError(problems)
    settings = scenario.attendance
    codes = {c.insee_code for c in communes}
    served = [s for s in sessions if s.stop_id in codes]
    end = max((s.date for s in served), default=None)
    start = None if end is None else end - dt.timedelta(weeks=settings.window_weeks, days=-1)
    window = [s for s in served if start is not None and start <= s.date and s.held]
    visitors = {code: 0 for code in codes}
    minutes = {code: 0 for code in codes}
    held = {code: 0 for code in codes}
    for s in window:
        visitors[s.stop_id] += s.visitors or 0
        minutes[s.stop_id] += s.public_minutes
        held[s.stop_id] += 1
    population = {c.insee_code: float(c.population or 0) for c in communes}
    # In the communes' order, not the set's (which varies from run to run with Python's
    # string hashing): the same log gives the same weights to the last bit.
    exposure = sum(minutes[c.insee_code] / 60 * population[c.insee_code] for c in communes)
    lam = sum(visitors.values()) / exposure if exposure > 0 else None
    if lam == 0:
        lam = None
    h = scenario.session_min / 60
    m = settings.prior_sessions
    out = {}
    for c in communes:
        k = c.insee_code
        pop = population[k]
        hours = minutes[k] / 60
        observed = visitors[k] / hours if hours else None
        if lam is None or pop == 0:
            z, weight, source, prior = 0.0, pop, "no data", None
        else:
            prior = lam * pop
            z = hours / (hours + m * h) if hours + m * h > 0 else 0.0
            rate = (visitors[k] + m * h * prior) / (hours + m * h) if hours + m * h else prior
            weight = rate / lam
            source = "attendance" if hours else "prior"
            if weight < settings.floor * pop:
                weight, source = settings.floor * pop, "floor"
        out[k] = StopDemand(
            stop_id=k,
            name=c.name,
            population=pop,
            sessions=held[k],
            visitors=visitors[k],
            hours=hours,
            observed_rate=observed,
            prior_rate=prior,
            credibility=z,
            weight=weight,
            source=source,
        )
    return AttendanceDemand(log_path(scenario), start, end, lam, m, h, settings.floor, out)

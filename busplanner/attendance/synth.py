"""A SYNTHETIC year of sessions for Roche aux Fées: a filled sheet to try the attendance log,
its report and ``[demand] source = "attendance"`` on. NOT REAL ATTENDANCE.

    python -m busplanner.attendance.synth --out synthetic-2025.csv

It plans the scenario (or reads ``--plan``), lays the plan's sessions on real dates from
``--start`` for ``--weeks`` weeks (public holidays left out, as ``attendance template``
does, and records them in the log as its calendar), then fills every row with invented
figures drawn from a seeded generator (the same ``--seed`` gives the same file):

- each commune has an invented rate of visitors per public hour (:data:`RATES_PER_HOUR`),
  that does not depend on how often the bus comes (the estimator's own ASSUMPTION, see
  ``docs/scenario.md``); some small communes are made busy and some large ones quiet, so
  that a plan from attendance differs from a plan from population;
- a session's visitors are Poisson with mean rate x hours x a month factor
  (:data:`MONTH_FACTORS`); each visitor comes for one subject (:data:`SUBJECT_SHARES`);
- 3 % of sessions are cancelled (a reason drawn from :data:`CANCEL_REASONS`), 10 % open
  5 to 15 minutes late.

Every figure here is invented. Every row says ``SYNTHETIC`` in its ``remarque`` and the file's
first line says so; the attendance report prints a SYNTHETIC banner when it shows them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from busplanner.attendance.db import SUBJECTS, PlannedSession

SYNTHETIC = "SYNTHETIC"

RATES_PER_HOUR: dict[str, float] = {
    "35002": 1.2,  # Amanlis (1,719 inhabitants): quiet
    "35005": 1.5,  # Arbrissel (306)
    "35028": 2.7,  # Boistrudan (710): busy
    "35041": 1.3,  # Brie (950)
    "35077": 0.67,  # Chelun (349): "two people a session" (issue 14's example)
    "35082": 1.6,  # Coësmes (1,474)
    "35103": 2.5,  # Eancé (403): busy
    "35108": 4.0,  # Essé (1,093): "twelve" a session (issue 14's example)
    "35114": 3.0,  # Forges-la-Forêt (265): busy
    "35165": 1.4,  # Marcillé-Robert (959)
    "35262": 0.9,  # Sainte-Colombe (351)
    "35333": 0.8,  # Theil-de-Bretagne (1,734): quiet
    "35335": 1.1,  # Thourie (802)
}
"""SYNTHETIC mean visitors per public hour of each commune of the default scenario
(invented; a commune not listed gets :data:`DEFAULT_RATE`)."""

DEFAULT_RATE = 1.5
"""SYNTHETIC rate of a stop :data:`RATES_PER_HOUR` does not list."""

MONTH_FACTORS: dict[int, float] = {
    1: 1.2,
    2: 1.0,
    3: 1.0,
    4: 1.2,
    5: 1.3,
    6: 1.0,
    7: 0.8,
    8: 0.6,
    9: 1.1,
    10: 1.0,
    11: 1.0,
    12: 0.8,
}
"""SYNTHETIC seasonality: more people in January, April and May (invented), fewer in summer."""

SUBJECT_SHARES: dict[str, float] = {
    "employment": 0.12,
    "retirement": 0.16,
    "family": 0.14,
    "health": 0.14,
    "taxes": 0.12,
    "vehicle_papers": 0.08,
    "identity_papers": 0.08,
    "online_help": 0.12,
    "other": 0.04,
}
"""SYNTHETIC share of visitors per subject (invented)."""

CANCEL_RATE = 0.03
CANCEL_REASONS: tuple[str, ...] = ("panne du bus", "agent absent", "intempéries", "formation")
LATE_RATE = 0.10


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's Poisson draw: the same numbers for the same seed on any Python."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def fill(planned: Sequence[PlannedSession], seed: int = 0) -> list[dict[str, Any]]:
    """SYNTHETIC figures for each planned session, as sheet cells by column key."""
    rng = random.Random(seed)
    codes = [s.code for s in SUBJECTS]
    shares = [SUBJECT_SHARES[c] for c in codes]
    rows = []
    for p in planned:
        if rng.random() < CANCEL_RATE:
            rows.append(
                {
                    "status": "annulée",
                    "reason": rng.choice(CANCEL_REASONS),
                    "note": SYNTHETIC,
                }
            )
            continue
        late = rng.randint(1, 3) * 5 if rng.random() < LATE_RATE else 0
        hours = (p.end_min - p.start_min - late) / 60
        rate = RATES_PER_HOUR.get(p.stop_id, DEFAULT_RATE) * MONTH_FACTORS[p.date.month]
        visitors = _poisson(rng, rate * hours)
        counts = dict.fromkeys(codes, 0)
        for _ in range(visitors):
            counts[rng.choices(codes, weights=shares)[0]] += 1
        row: dict[str, Any] = {"status": "tenue", "visitors": visitors, "note": SYNTHETIC}
        if late:
            h, m = divmod(p.start_min + late, 60)
            row["actual_start"] = f"{h:02d}:{m:02d}"
        row.update({f"subject:{c}": n for c, n in counts.items() if n})
        rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Write a SYNTHETIC filled sheet; exit code 2 on bad input."""
    from busplanner import atomic
    from busplanner.attendance.db import log_path, open_log
    from busplanner.attendance.sheet import sheet_csv, template_sessions
    from busplanner.errors import BusplannerError
    from busplanner.pipeline import run_plan
    from busplanner.plan import read_plan
    from busplanner.scenario import load_scenario

    parser = argparse.ArgumentParser(
        prog="python -m busplanner.attendance.synth",
        description="Write a SYNTHETIC (invented) year of attendance for a scenario's plan.",
    )
    parser.add_argument("--scenario", type=Path, default=Path("scenarios/roche_aux_fees.toml"))
    parser.add_argument("--plan", type=Path, help="a plan.json (default: plan the scenario)")
    parser.add_argument("--start", default="2025-01-06", help="first day (YYYY-MM-DD)")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", type=Path, help="the log whose calendar to fill")
    parser.add_argument("--out", type=Path, required=True, help="the sheet to write (.csv)")
    args = parser.parse_args(argv)
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        print(f"--start {args.start!r}: expected a date YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario)
        plan = read_plan(args.plan) if args.plan else run_plan(args.scenario).plan
        planned = template_sessions(plan, start, args.weeks)
        with open_log(log_path(scenario, args.db)) as log:
            log.add_planned(planned)
    except BusplannerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    comment = (
        f"{SYNTHETIC}: invented figures, not real attendance (python -m "
        f"busplanner.attendance.synth --seed {args.seed}, from {start.isoformat()}, "
        f"{args.weeks} weeks)"
    )
    data = sheet_csv(planned, filled=fill(planned, args.seed), comments=[comment])
    atomic.write_bytes(args.out, data)
    print(
        f"{args.out}: {len(planned)} SYNTHETIC sessions from {planned[0].date} to "
        f"{planned[-1].date}"
        if planned
        else f"{args.out}: no session"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

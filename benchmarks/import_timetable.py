"""``busplanner import timetable`` on large SYNTHETIC files: seconds and peak memory by rows.

Run: ``.venv/bin/python benchmarks/import_timetable.py [--rows 1000 2000 4000 20000]
[--repeat 3] [--json out.json]`` (about 3 minutes).

The files come from ``busplanner.generate.synthetic_timetable`` (seed 0; **SYNTHETIC**, not
a real service): one mobile whose rows are all its sessions (a 4-week cycle of weekdays, 12
weeks of six days past 5,000 rows), about one row in five back at a place of an earlier
round (some moved 100 m, some spelt another way), one in a hundred on another community's
point, one in two hundred 100 km away: every rule of the import that compares positions has
work to do. ``national`` is a file of ``--national`` rows spread over 100 mobiles, of
which one is imported (``--mobile``): the shared points are looked for among every row of
the file.

Each import runs ``--repeat`` times, each in a fresh process (``--child``) that runs the
command as a user does (``busplanner import timetable FILE --out DIR``), files written:
**seconds** is the command's wall time from the start of the child's work (its imports
included), **peak MB** the child's ``ru_maxrss``; medians of the runs. The target (issue 19):
20,000 rows in under 30 s and 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import fmt, machine, run_child, table

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Import one file (in this fresh process) and measure it."""
    t0 = time.perf_counter()
    from busplanner.cli import app

    args = ["--lang", "en", "import", "timetable", spec["file"], "--out", spec["out"]]
    if spec.get("mobile"):
        args += ["--mobile", spec["mobile"]]
    code = app(args, standalone_mode=False)
    seconds = time.perf_counter() - t0
    report = (Path(spec["out"]) / "import-report.txt").read_text(encoding="utf-8")
    stops = (Path(spec["out"]) / "stops.csv").read_text(encoding="utf-8").count("\n") - 1
    return {
        "status": "ok" if not code else f"exit {code}",
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stops": stops,
        "summary": report.splitlines()[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 2000, 4000, 20000])
    parser.add_argument("--national", type=int, default=20000, help="0: no national file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    from busplanner.generate import synthetic_timetable

    print(f"# {machine()}")
    cases: list[tuple[str, int, int, str | None]] = [(f"{n:,}", n, 1, None) for n in args.rows]
    if args.national:
        cases.append(("national", args.national, 100, "SYNTHETIC mobile 1"))
    rows, results = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, n, mobiles, mobile in cases:
            file = Path(tmp) / f"{n}-{mobiles}.csv"
            file.write_text(synthetic_timetable(n, mobiles=mobiles), encoding="utf-8")
            runs = []
            for k in range(args.repeat):
                spec = {"file": str(file), "out": str(Path(tmp) / f"out-{n}-{k}"), "mobile": mobile}
                runs.append(run_child(SCRIPT, spec, max_wall_s=900, max_mem_gb=4))
            ok = [r for r in runs if r.get("status") == "ok"]
            result: dict[str, Any] = {"runs": runs}
            if ok:
                result.update(
                    seconds=statistics.median(r["seconds"] for r in ok),
                    peak_mb=statistics.median(r["peak_mb"] for r in ok),
                )
            results[name] = result
            row = [
                name,
                f"{n:,}",
                mobile or "—",
                fmt(ok[0]["stops"] if ok else None),
                fmt(result.get("seconds"), ".1f"),
                fmt(result.get("peak_mb"), ".0f"),
                f"{len(ok)}/{len(runs)}" if len(ok) < len(runs) else str(len(runs)),
                ok[0]["summary"] if ok else runs[0].get("status", "?"),
            ]
            rows.append(row)
            print(" | ".join(row), flush=True)
    head = ["file", "rows", "mobile imported", "stops", "seconds", "peak MB", "runs", "report"]
    print()
    print(table(head, rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()

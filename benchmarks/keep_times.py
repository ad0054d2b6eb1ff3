"""Same timetable, fewer miles: ``plan --keep-times`` on the published mobile-library rotations.

Run: ``.venv/bin/python benchmarks/keep_times.py [--repeat 3] [--moves 0 3 10]``.

Each rotation of ``data/mobile_libraries/`` (BANES, North Somerset, Devon's four mobiles) is
imported with ``busplanner import timetable`` into a temporary folder; then
:func:`busplanner.pipeline.plan_keeping_times` keeps every stop's weekday and start time from
the published rotation (``current.json``), with up to K stops moved for each K of
``--moves``, and re-checks the plan (as ``busplanner plan --keep current.json --keep-times
--max-moves K``). Printed per rotation and K: the published kilometres per cycle, those
kept-times, the saving, the stops moved, and the median seconds of ``--repeat`` runs (the
kilometres must be the same in every run: asserted).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from busplanner.importer import import_timetable
from busplanner.pipeline import load_inputs, plan_keeping_times
from busplanner.plan import read_plan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "mobile_libraries"
ROTATIONS = [
    ("banes.csv", None),
    ("northsomerset.csv", None),
    ("devon.csv", "Ivybridge"),
    ("devon.csv", "Teignbridge"),
    ("devon.csv", "Tiverton"),
    ("devon.csv", "Torrington"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--moves", type=int, nargs="+", default=[0, 3, 10])
    args = ap.parse_args(argv)
    print("| file, mobile | published km | K | same-times km | saved km | saved | moved | s |")
    print("|---|---|---|---|---|---|---|---|")
    for file, mobile in ROTATIONS:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            imp = import_timetable(DATA / file, mobile=mobile, out=out, lang="en")
            for name, text in imp.files("en").items():
                (out / name).write_text(text, encoding="utf-8")
            scenario, territory = load_inputs(out / "scenario.toml")
            published = read_plan(out / "current.json")
            for k in args.moves:
                sc = replace(scenario, keep_times=True, max_moves=k)
                seconds, kms = [], set()
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    plan = plan_keeping_times(sc, territory, published).plan
                    seconds.append(time.perf_counter() - t0)
                    kms.add(plan.kpis["keep_times"]["distance_km_after"])
                assert len(kms) == 1, f"{file} {mobile} K={k}: not deterministic: {kms}"
                kt = plan.kpis["keep_times"]
                before, after = kt["distance_km_before"], kt["distance_km_after"]
                label = f"{file}, {mobile}" if mobile else file
                print(
                    f"| {label} | {before:.1f} | {k} | {after:.1f} | {before - after:.1f} | "
                    f"{(before - after) / before:.1%} | {len(kt['moved'])} | "
                    f"{statistics.median(seconds):.1f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

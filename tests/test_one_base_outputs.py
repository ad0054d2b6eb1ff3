"""One base: the outputs of a one-base plan stay byte for byte what they were before plans
could have several bases (issue 10).

The expected files in ``tests/data/outputs/one_base/`` were written by busplanner as it was
before that work (commit 6b12eef), from the saved plan ``tests/data/plans/small.json`` (one
bus) and from the same plan with its Thursdays given to a second bus (one base, two buses:
the reports' bus columns), dated from Monday 4 January 2027 (no public holiday in the four
weeks). To write them again, from the code to compare against::

    python tests/test_one_base_outputs.py --write

Files made through other packages are compared only when the installed versions of those
packages are the ones recorded in ``versions.json`` (a new folium, say, may change every
map): ``map.html`` (folium, branca, jinja2), ``.ics`` (icalendar), the terminal schedule
(rich), the GeoPackage's layers (shapely, pyogrio, pandas). The CSVs, the printable timetable, the
posters and ``plan.json`` depend on busplanner alone and are always compared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.metadata
import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from rich.console import Console

from busplanner.outputs import build_outputs
from busplanner.pipeline import load_inputs
from busplanner.plan import Plan, read_plan
from busplanner.reports import print_schedule
from busplanner.reports.exports import geopackage

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "outputs" / "one_base"
SMALL = DATA / "scenarios" / "small.toml"
SMALL_PLAN = DATA / "plans" / "small.json"
START = dt.date(2027, 1, 4)
CASES = ("small", "small-two-buses")
PACKAGES: dict[str, tuple[str, ...]] = {
    "map.html": ("folium", "branca", "jinja2"),
    ".ics": ("icalendar",),
    "schedule": ("rich",),
    "plan.gpkg.json": ("shapely", "pyogrio", "pandas"),
}


def _packages_of(name: str) -> tuple[str, ...]:
    for key, packages in PACKAGES.items():
        if key in name:
            return packages
    return ()


def _versions() -> dict[str, str]:
    names = sorted({p for packages in PACKAGES.values() for p in packages})
    return {name: importlib.metadata.version(name) for name in names}


def _plan(case: str) -> Plan:
    plan = read_plan(SMALL_PLAN)
    if case == "small":
        return plan
    # One base, two buses: the Thursdays go to bus 2.
    routes = tuple(dataclasses.replace(r, bus=2) if r.day == "thursday" else r for r in plan.routes)
    stops = tuple(
        dataclasses.replace(s, bus=2) if s.weekday == "thursday" else s for s in plan.stops
    )
    return dataclasses.replace(plan, routes=routes, stops=stops)


def _gpkg_dump(path: Path) -> bytes:
    import pyogrio

    layers = {}
    for name, _ in pyogrio.list_layers(path):
        frame = pyogrio.read_dataframe(path, layer=name)
        rows = [
            {k: (v.wkt if k == "geometry" else v) for k, v in row.items()}
            for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
        ]
        layers[name] = {"columns": list(frame.columns), "rows": rows}
    return (json.dumps(layers, ensure_ascii=False, indent=1, default=str) + "\n").encode()


def outputs(case: str) -> dict[str, bytes]:
    """Every output of a case, by file name."""
    scenario, territory = load_inputs(SMALL)
    plan = _plan(case)
    files: dict[str, bytes] = {}
    for lang in ("fr", "en"):
        built = build_outputs(
            plan, territory, scenario.service, lang=lang, first_day=START, weeks=None
        )
        for name, data in built.files.items():
            if lang == "en" and not name.endswith((".csv", ".html")):
                continue  # plan.json and the calendars: the French run is enough
            key = name if lang == "fr" else f"en/{name}"
            files[key] = data if isinstance(data, bytes) else data.encode("utf-8")
        console = Console(record=True, width=120, color_system=None, file=io.StringIO())
        print_schedule(plan, console, lang)
        files[f"schedule-{lang}.txt"] = console.export_text().encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            gpkg = Path(tmp) / "plan.gpkg"
            geopackage(plan, territory, gpkg, lang=lang)
            files[f"{'' if lang == 'fr' else 'en/'}plan.gpkg.json"] = _gpkg_dump(gpkg)
    return files


def write() -> None:
    """Write the expected files from the code installed (see the module's docstring)."""
    for case in CASES:
        for name, data in outputs(case).items():
            path = GOLDEN / case / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    (GOLDEN / "versions.json").write_text(json.dumps(_versions(), indent=2) + "\n")


@pytest.mark.parametrize("case", CASES)
def test_one_base_outputs_are_unchanged(case: str) -> None:
    recorded = json.loads((GOLDEN / "versions.json").read_text(encoding="utf-8"))
    installed = _versions()
    expected = {
        p.relative_to(GOLDEN / case).as_posix(): p.read_bytes()
        for p in sorted((GOLDEN / case).rglob("*"))
        if p.is_file()
    }
    got = outputs(case)
    assert sorted(got) == sorted(expected)
    not_compared = []
    for name, data in got.items():
        changed = [p for p in _packages_of(name) if recorded.get(p) != installed[p]]
        if changed:
            not_compared.append(f"{name} ({', '.join(changed)})")
            continue
        assert data == expected[name], f"{case}/{name} differs from the one-base output"
    # The files of busplanner alone were compared whatever the versions.
    assert len(not_compared) < len(got)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: python {Path(__file__).name} --write")
    write()

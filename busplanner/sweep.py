"""Plan a grid of scenario variants in parallel and gather their figures into one table.

A grid file (TOML) names a base scenario and lists values for some of its fields; every
combination is a **variant**, written as a small scenario file that ``extends`` the base and
changes only those fields (kept in ``OUT/variants/``, so each CSV row can be planned again
with ``busplanner plan -s``). Variants run on a local process pool, or on a Dask
distributed cluster when a scheduler address is given. Each job sends back only figures
(status, kilometres, visits, gap…), never a plan.

```toml
[sweep]
base = "../scenarios/roche_aux_fees.toml"   # relative to this file
time_limit_s = 20                           # optional: for every variant
seed = 0                                    # optional

[grid]
"buses.count" = [1, 2]
"session.duration_min" = [120, 180]
"cycle.weeks" = [2, 4]
"territory" = ["a.geojson", "b.geojson"]    # the same scenario on several territories
```
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import math
import multiprocessing
import os
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner import atomic
from busplanner.errors import BusplannerError, InputError, Problem, ScenarioError
from busplanner.i18n import Msg, Pair
from busplanner.scenario import MAX_SEED, SCHEMA_KEYS, load_scenario

MAX_VARIANTS = 10_000
SWEEP_KEYS = ("base", "time_limit_s", "seed")
# Grid fields holding a path: given relative to the grid file, like scenario paths.
PATH_FIELDS = ("territory", "travel.matrix_file", "travel.cache_dir")
FIGURES = (
    "status",
    "method",
    "distance_km_per_cycle",
    "visits_per_cycle",
    "visits_missing",
    "communes_served",
    "communes_total",
    "public_hours_per_week",
    "cost_eur_per_cycle",
    "co2_kg_per_cycle",
    "objective",
    "bound",
    "gap",
    "solver_seconds",
    "wall_seconds",
    "error",
)
"""The columns each job sends back (besides the variant and its varied fields)."""


class SweepError(ScenarioError):
    """The grid file is wrong (exit code 2)."""


@dataclass(frozen=True)
class Grid:
    """A checked grid: the base scenario, the varied fields, and the options for every run."""

    path: Path
    base: Path
    fields: tuple[str, ...]
    values: tuple[tuple[Any, ...], ...]
    time_limit_s: float | None = None
    seed: int | None = None

    def variants(self) -> list[dict[str, Any]]:
        """Every combination, in grid order (the last field varies fastest)."""
        return [
            dict(zip(self.fields, combo, strict=True)) for combo in itertools.product(*self.values)
        ]


def load_grid(path: Path) -> Grid:
    """Read and check a grid file.

    Raises
    ------
    SweepError
        With every problem found: unreadable file, bad TOML, unknown keys, a field that no
        scenario has, a value list that is empty, too many variants, a missing base.
    """
    file = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SweepError(Problem(file, "(file)", Msg("error.no_such_file"))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SweepError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=str(exc)))
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepError(Problem(file, "(syntax)", Msg("sweep.bad_toml", why=str(exc)))) from None
    problems: list[Problem] = []
    for key in data:
        if key not in ("sweep", "grid"):
            problems.append(Problem(file, key, Msg("sweep.unknown_top")))
    sweep = data.get("sweep", {})
    grid = data.get("grid", {})
    if not isinstance(sweep, dict) or not isinstance(grid, dict):
        raise SweepError(Problem(file, "[sweep]/[grid]", Msg("sweep.tables")))
    for key in sweep:
        if key not in SWEEP_KEYS:
            problems.append(
                Problem(
                    file,
                    f"[sweep] {key}",
                    Msg("sweep.unknown_key", keys=", ".join(SWEEP_KEYS)),
                )
            )
    base_name = sweep.get("base")
    base = path.parent / str(base_name)
    if not isinstance(base_name, str) or not base_name:
        problems.append(Problem(file, "[sweep] base", Msg("sweep.no_base")))
    elif not base.is_file():
        problems.append(
            Problem(file, "[sweep] base", Msg("sweep.base_missing", base=repr(base_name)))
        )
    limit = sweep.get("time_limit_s")
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit <= 86400
    ):
        problems.append(
            Problem(file, "[sweep] time_limit_s", Msg("sweep.time_limit", value=repr(limit)))
        )
    seed = sweep.get("seed")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED
    ):
        problems.append(Problem(file, "[sweep] seed", Msg("sweep.seed", value=repr(seed))))
    if not grid:
        problems.append(Problem(file, "[grid]", Msg("sweep.no_grid")))
    fields, values = _grid_fields(path, grid, problems)
    count = math.prod(len(v) for v in values) if values else 0
    if count > MAX_VARIANTS:
        problems.append(Problem(file, "[grid]", Msg("sweep.too_many", n=count, max=MAX_VARIANTS)))
    if problems:
        raise SweepError(problems)
    return Grid(
        path=path,
        base=base.resolve(),
        fields=tuple(fields),
        values=tuple(values),
        time_limit_s=float(limit) if limit is not None else None,
        seed=seed,
    )


def _grid_fields(
    path: Path, grid: Mapping[str, Any], problems: list[Problem]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The ``[grid]``'s fields (``"table.key"`` of a scenario) and their values (files
    relative to the grid's folder made absolute); a key that is no field, or an empty list,
    is a problem."""
    file = str(path)
    fields, values = [], []
    for key, vals in grid.items():
        table, _, leaf = key.rpartition(".")
        if (
            table not in SCHEMA_KEYS
            or leaf not in SCHEMA_KEYS[table]
            or leaf in SCHEMA_KEYS
            or key == "extends"
        ):
            problems.append(
                Problem(
                    file,
                    f'[grid] "{key}"',
                    Msg("sweep.not_a_field"),
                )
            )
            continue
        if not isinstance(vals, list) or not vals:
            problems.append(Problem(file, f'[grid] "{key}"', Msg("sweep.empty_list")))
            continue
        if key in PATH_FIELDS:
            vals = [str((path.parent / v).resolve()) if isinstance(v, str) else v for v in vals]
        fields.append(key)
        values.append(tuple(vals))
    return fields, values


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
            + "}"
        )
    msg = f"cannot write {value!r} as TOML"
    raise TypeError(msg)


def variant_toml(grid: Grid, variant: Mapping[str, Any], *, folder: Path, number: int) -> str:
    """The scenario text of one variant: ``extends`` the base, then the varied fields."""
    top: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {}
    for key, value in variant.items():
        table, _, leaf = key.rpartition(".")
        if table:
            tables.setdefault(table, {})[leaf] = value
        else:
            top[leaf] = value
    solver = tables.setdefault("solver", {}) if grid.time_limit_s or grid.seed is not None else {}
    if grid.time_limit_s is not None:
        solver.setdefault("time_limit_s", grid.time_limit_s)
        solver.setdefault("work_limit_s", grid.time_limit_s)
    if grid.seed is not None:
        solver.setdefault("seed", grid.seed)
    lines = [
        f"# Variant {number} of the sweep {grid.path.name}: the base with these fields changed.",
        f"extends = {_toml_value(os.path.relpath(grid.base, folder))}",
    ]
    lines += [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for table, entries in tables.items():
        lines += ["", f"[{table}]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in entries.items()]
    return "\n".join(lines) + "\n"


def write_variants(grid: Grid, folder: Path) -> list[Path]:
    """Write every variant file into ``folder`` and check each loads.

    Raises
    ------
    ScenarioError
        With the problems of every variant that does not load.
    """
    paths = []
    problems: list[Problem] = []
    for n, variant in enumerate(grid.variants(), start=1):
        path = folder / f"variant_{n:04d}.toml"
        atomic.write_text(path, variant_toml(grid, variant, folder=folder, number=n))
        try:
            load_scenario(path)
        except ScenarioError as exc:
            problems.extend(exc.problems)
        paths.append(path)
    if problems:
        raise ScenarioError(problems)
    return paths


def plan_figures(scenario_path: str) -> dict[str, Any]:
    """Plan one variant and return its figures only (a job: small, picklable)."""
    from busplanner.pipeline import run_plan

    t0 = time.perf_counter()
    out: dict[str, Any] = dict.fromkeys(FIGURES)
    try:
        plan = run_plan(Path(scenario_path)).plan
    except BusplannerError as exc:
        # sweep.csv keeps the English; the progress line shows the run's language.
        french = exc.problems[0].render("fr") if isinstance(exc, InputError) else exc.render("fr")
        error = Pair(str(exc).splitlines()[0][:300], french.splitlines()[0][:300])
        out.update(status=f"error (exit {exc.exit_code})", error=error)
    else:
        k = plan.kpis
        s = plan.solver
        out.update(
            status=s.status,
            method=s.method,
            objective=s.objective,
            bound=s.bound,
            gap=s.gap,
            solver_seconds=s.seconds,
            **{key: k.get(key) for key in FIGURES if key in k},
        )
    out["wall_seconds"] = round(time.perf_counter() - t0, 2)
    return out


Runner = Callable[[Sequence[str], Callable[[int, dict[str, Any]], None]], None]


def run_local(
    paths: Sequence[str], done: Callable[[int, dict[str, Any]], None], *, workers: int
) -> None:
    """Run the jobs on a local process pool.

    The workers are forked from a fresh server process that has imported busplanner once
    (``forkserver``), never from this process, which may run threads (Dask, CP-SAT).
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["busplanner.pipeline"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(plan_figures, p): i for i, p in enumerate(paths)}
        for fut in as_completed(futures):
            done(futures[fut], fut.result())


def run_dask(
    paths: Sequence[str], done: Callable[[int, dict[str, Any]], None], *, scheduler: str
) -> None:
    """Run the jobs on a Dask distributed cluster. Workers must see the same files.

    Raises
    ------
    SweepError
        If dask.distributed is not installed.
    """
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise SweepError(Problem("--scheduler", scheduler, Msg("sweep.cluster"))) from None
    with Client(scheduler, timeout=30) as client:
        futures = client.map(plan_figures, list(paths), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in dask_completed(futures):
            done(index[fut.key], fut.result())
            fut.release()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def table_columns(grid: Grid) -> list[str]:
    return ["variant", "scenario_file", "base", *grid.fields, *FIGURES]


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def to_html(title: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.6g}"
        return str(v)

    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>table{border-collapse:collapse;font:13px sans-serif}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        f"{body}\n</tbody></table>\n</body></html>\n"
    )


def run_sweep(
    grid_path: Path,
    *,
    out: Path,
    workers: int = 2,
    scheduler: str | None = None,
    on_result: Callable[[int, int, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Plan every variant of a grid and write ``OUT/sweep.csv`` and ``OUT/sweep.html``.

    Returns
    -------
    list[dict]
        One row per variant, in grid order: variant number, its scenario file, the base, the
        varied fields, then :data:`FIGURES`.

    Raises
    ------
    SweepError, ScenarioError
        A bad grid or a variant that does not load (nothing is planned then).
    """
    if workers < 1:
        raise SweepError(Problem("--workers", str(workers), Msg("sweep.workers")))
    grid = load_grid(grid_path)
    variants = grid.variants()
    paths = write_variants(grid, out / "variants")
    rows: list[dict[str, Any]] = [
        {
            "variant": n,
            "scenario_file": str(p),
            "base": str(grid.base),
            **variant,
        }
        for n, (p, variant) in enumerate(zip(paths, variants, strict=True), start=1)
    ]

    def done(i: int, figures: dict[str, Any]) -> None:
        rows[i].update(figures)
        if on_result is not None:
            on_result(i + 1, len(rows), rows[i])

    jobs = [str(p) for p in paths]
    if scheduler:
        run_dask(jobs, done, scheduler=scheduler)
    else:
        run_local(jobs, done, workers=workers)
    columns = table_columns(grid)
    atomic.write_text(out / "sweep.csv", to_csv(columns, rows))
    atomic.write_text(out / "sweep.html", to_html(f"Sweep {grid.path.name}", columns, rows))
    return rows

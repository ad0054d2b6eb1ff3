"""The ``busplanner`` command: options in, pipeline run, outputs written, errors to exit codes.

Exit codes: 0 success; 1 internal error (a bug); 2 bad input; 3 nothing can be planned;
130 interrupted. Errors print one clean line per problem, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from busplanner import atomic
from busplanner.errors import BusplannerError, InputError
from busplanner.pipeline import load_inputs, run_plan
from busplanner.plan import read_plan
from busplanner.reports import build_map, print_schedule, timetable_csv

DEFAULT_SCENARIO = Path("scenarios/roche_aux_fees.toml")

_TEXT = {
    "fr": {
        "error": "Erreur",
        "solving": "Calcul du plan… {elapsed:.0f} s, meilleure solution : {best}",
        "wrote": "Écrit : {files}",
        "ok": "{file} : aucun problème.",
        "warning": "Attention",
        "interrupted": "Interrompu : aucun fichier n'a été modifié.",
        "bug": "Erreur interne (un défaut de busplanner, merci de le signaler)",
    },
    "en": {
        "error": "Error",
        "solving": "Planning… {elapsed:.0f} s, best so far: {best}",
        "wrote": "Wrote: {files}",
        "ok": "{file}: no problem found.",
        "warning": "Warning",
        "interrupted": "Interrupted: no file was changed.",
        "bug": "Internal error (a bug in busplanner, please report it)",
    },
}

app = typer.Typer(
    help="Plan the route and timetable of a France services bus (busplanner).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

LangOpt = Annotated[str, typer.Option("--lang", help="Language of the outputs: fr or en.")]


def _lang(lang: str) -> str:
    lang = lang.lower()[:2]
    if lang not in _TEXT:
        raise typer.BadParameter("expected 'fr' or 'en'", param_hint="--lang")
    return lang


def _fail(exc: BusplannerError, lang: str) -> typer.Exit:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    label = _TEXT[lang]["bug"] if exc.exit_code == 1 else _TEXT[lang]["error"]
    if isinstance(exc, InputError):
        for p in exc.problems:
            err.print(f"{label}: {escape(str(p))}")
    else:
        err.print(f"{label}: {escape(str(exc))}")
    return typer.Exit(code=exc.exit_code)


@app.command()
def plan(
    scenario: Annotated[
        Path, typer.Option("--scenario", "-s", help="Scenario file (TOML).")
    ] = DEFAULT_SCENARIO,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    lang: LangOpt = "fr",
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Solver time limit in seconds.")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Solver random seed.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no schedule.")] = False,
) -> None:
    """Plan the rotation: print the weekly schedule, write plan.json, timetable.csv, map.html."""
    lang = _lang(lang)
    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    best: list[float] = []
    try:
        with err.status(_TEXT[lang]["solving"].format(elapsed=0, best="—")) as status:

            def progress(elapsed: float, objective: float) -> None:
                best.append(objective)
                status.update(
                    _TEXT[lang]["solving"].format(elapsed=elapsed, best=f"{objective:,.0f}")
                )

            result = run_plan(scenario, time_limit_s=time_limit, seed=seed, on_progress=progress)
        p = result.plan
        # Build every output in memory first: an error leaves the previous files untouched.
        files = {
            "plan.json": p.to_json(),
            "timetable.csv": timetable_csv(p, lang),
            "map.html": build_map(p, result.territory, lang),
        }
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    for w in p.warnings:
        err.print(f"{_TEXT[lang]['warning']}: {escape(w)}")
    if not quiet:
        print_schedule(p, console, lang)
    for name, text in files.items():
        atomic.write_text(out / name, text)
    console.print(_TEXT[lang]["wrote"].format(files=", ".join(str(out / n) for n in files)))


@app.command()
def schedule(
    plan_file: Annotated[Path, typer.Argument(help="A plan.json written by 'busplanner plan'.")],
    lang: LangOpt = "fr",
) -> None:
    """Print the weekly schedule of a saved plan again."""
    lang = _lang(lang)
    try:
        p = read_plan(plan_file)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    print_schedule(p, Console(highlight=False), lang)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A scenario (.toml) or territory (.geojson).")],
    lang: LangOpt = "fr",
) -> None:
    """Check a scenario (and its territory) or a territory file, without planning."""
    from busplanner.territory import load_territory

    lang = _lang(lang)
    err = Console(stderr=True, highlight=False)
    try:
        if file.suffix.lower() == ".toml":
            _, territory = load_inputs(file)
        else:
            territory = load_territory(file)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    for w in territory.warnings:
        err.print(f"{_TEXT[lang]['warning']}: {escape(w)}")
    Console(highlight=False).print(_TEXT[lang]["ok"].format(file=escape(str(file))))


def main() -> None:  # pragma: no cover - console entry point
    """Run the app (``python -m busplanner``)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

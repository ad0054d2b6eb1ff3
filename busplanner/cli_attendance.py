"""``busplanner attendance``: the log of the sessions held and who came (docs/attendance.md).

``template`` writes the crew's sheet from a plan (and records the plan's calendar in the log),
``import`` reads a filled sheet back, ``add`` records one session, ``report`` prints and
writes the figures. Bad input: one line per problem naming the file, the line and the
column, exit code 2, nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from busplanner.cli_chrome import interrupted
from busplanner.cli_common import DEFAULT_SCENARIO, LangOpt, fail, message_line, run_lang
from busplanner.errors import BusplannerError, InputError, Problem
from busplanner.i18n import Msg, format_date, localize, section, t
from busplanner.i18n import help_text as _h

attendance_app = typer.Typer(help=_h("attendance_app"), no_args_is_help=True)

ScenarioOpt = Annotated[
    Path,
    typer.Option("--scenario", "-s", help=_h("attendance_scenario")),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=_h("db"),
    ),
]

_TEXT = section("cli_attendance.")


def _date_option(value: str | None, option: str, lang: str) -> dt.date | None:
    if value is None:
        return None
    from busplanner.timeutil import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        why = localize(exc.args[0], lang)
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            message_line("error", escape(f"{option}{t('cli.sep', lang)}{why}"), lang)
        )
        raise typer.Exit(code=2) from None


@attendance_app.command("template", help=_h("cmd.template"))
def template(
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("sheet_out"))],
    plan_file: Annotated[Path, typer.Option("--plan", help=_h("sheet_plan"))] = Path(
        "out/plan.json"
    ),
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help=_h("sheet_start"),
        ),
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=104, help=_h("sheet_weeks"))] = 13,
    scenario: ScenarioOpt = DEFAULT_SCENARIO,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the crew's sheet, one row per session of the plan on real dates (public holidays
    left out), and record those sessions in the log: imported dates are checked against
    them."""
    from busplanner.attendance.commands import write_template
    from busplanner.attendance.db import log_path
    from busplanner.reports import public
    from busplanner.scenario import load_scenario

    lang = run_lang(lang, scenario)
    first = _date_option(start, "--start", lang) or public.default_start(dt.date.today())
    try:
        sc = load_scenario(scenario)
        result = write_template(
            plan_file, out, start=first, weeks=weeks, log=log_path(sc, db), lang=lang
        )
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    text = _TEXT[lang]
    if not result.sessions:
        console.print(escape(text["template_empty"].format(out=out)))
        return
    console.print(
        escape(
            text["template"].format(
                out=out,
                n=len(result.sessions),
                first=result.sessions[0].date.isoformat(),
                last=result.sessions[-1].date.isoformat(),
                log=result.log,
                added=result.added,
                changed=result.changed,
            )
        )
    )


@attendance_app.command("import", help=_h("cmd.import_"))
def import_(
    file: Annotated[Path, typer.Argument(help=_h("sheet_in"))],
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help=_h("skip_bad")),
    ] = False,
    scenario: ScenarioOpt = DEFAULT_SCENARIO,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Import a filled sheet into the log: every row is checked first; nothing is written
    unless all rows are good (or --skip-bad). A session already in the log is not added
    again."""
    from busplanner.attendance.commands import import_sheet
    from busplanner.attendance.db import log_path
    from busplanner.scenario import load_scenario

    lang = run_lang(lang, scenario)
    text = _TEXT[lang]
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    console = Console(highlight=False, soft_wrap=True)
    try:
        result = import_sheet(file, scenario_path=scenario, db=db, skip_bad=skip_bad)
    except KeyboardInterrupt:
        raise interrupted(err, text["interrupted"]) from None
    except BusplannerError as exc:
        failure = fail(exc, lang)
        if isinstance(exc, InputError) and any("line " in p.field for p in exc.problems):
            lines = {p.field.split(",")[0] for p in exc.problems}
            try:
                where = log_path(load_scenario(scenario), db)
            except BusplannerError:
                where = db or Path("?")
            err.print(escape(text["refused"].format(n=len(lines), log=where)))
        raise failure from None
    c = result.checked
    for w in result.warnings:
        err.print(message_line("warning", escape(localize(w, lang)), lang))
    for p in c.problems:
        err.print(message_line("warning", escape(p.render(lang)), lang))
    console.print(
        escape(
            text["rows"].format(
                rows=c.rows,
                good=len(c.good),
                already=c.already,
                unfilled=len(c.unfilled),
                bad=len(c.bad_lines),
            )
        )
    )
    if c.bad_lines:
        console.print(
            escape(
                text["skipped"].format(
                    n=len(c.bad_lines), lines=", ".join(str(n) for n in c.bad_lines)
                )
            )
        )
    if result.imported_before:
        when = (dt.datetime.fromisoformat(at).date() for at in result.imported_before)
        dates = ", ".join(format_date(d, lang, weekday=False) for d in when)
        console.print(escape(text["before"].format(dates=dates)))
    console.print(escape(text["added"].format(file=file, added=result.added, log=result.log)))


@attendance_app.command("add", help=_h("cmd.add"))
def add(
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help=_h("session_day"))],
    stop: Annotated[str, typer.Option("--stop", help=_h("stop"))],
    visitors: Annotated[int | None, typer.Option("--visitors", help=_h("visitors"))] = None,
    subject: Annotated[
        list[str] | None,
        typer.Option(
            "--subject",
            metavar="NAME=N",
            help=_h("subject"),
        ),
    ] = None,
    cancelled: Annotated[
        str | None, typer.Option("--cancelled", metavar="REASON", help=_h("cancelled"))
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="HH:MM", help=_h("actual_start"))
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", metavar="HH:MM", help=_h("actual_end"))
    ] = None,
    note: Annotated[str, typer.Option("--note", help=_h("note"))] = "",
    scenario: ScenarioOpt = DEFAULT_SCENARIO,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record one session held (with its visitors) or cancelled (with why)."""
    from busplanner.attendance.commands import add_session

    lang = run_lang(lang, scenario)
    # The options as a row of the crew's sheet, checked as any row is; the option that gave
    # each cell, for the messages.
    cells = _sheet_row(date, stop, visitors, cancelled, start, end, note)
    labels = dict(_OPTION_OF)
    problems = _add_subjects(cells, labels, subject or [])
    try:
        if problems:
            raise InputError(problems)
        if cancelled is None and visitors is None:
            raise InputError(
                Problem(
                    "busplanner attendance add",
                    "--visitors",
                    Msg("attendance.need_visitors"),
                )
            )
        record, path = add_session(cells, labels, scenario_path=scenario, db=db)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    text = _TEXT[lang]
    what = text["held"].format(n=record.visitors) if record.held else text["cancelled"]
    Console(highlight=False, soft_wrap=True).print(
        escape(
            text["one"].format(
                stop=record.stop_name,
                stop_id=record.stop_id,
                date=record.date.isoformat(),
                what=what,
                log=path,
            )
        )
    )


_OPTION_OF = {
    "date": "--date",
    "stop_id": "--stop",
    "stop": "--stop",
    "visitors": "--visitors",
    "status": "--cancelled",
    "actual_start": "--start",
    "actual_end": "--end",
}
"""The option of ``attendance add`` that gives each cell of the sheet's row."""


def _sheet_row(
    date: str,
    stop: str,
    visitors: int | None,
    cancelled: str | None,
    start: str | None,
    end: str | None,
    note: str,
) -> dict[str, object]:
    """``attendance add``'s options as a row of the crew's sheet (a stop given by its code
    or by its name)."""
    is_code = stop.strip().isdigit() or (len(stop) == 5 and stop[:2].upper() in ("2A", "2B"))
    return {
        "date": date,
        "stop_id" if is_code else "stop": stop,
        "visitors": visitors,
        "status": "cancelled" if cancelled is not None else "held",
        "reason": cancelled or "",
        "actual_start": start,
        "actual_end": end,
        "note": note,
    }


def _add_subjects(
    cells: dict[str, object], labels: dict[str, str], subjects: list[str]
) -> list[Problem]:
    """Each ``--subject NAME=N`` as its cell of the row; a problem for each that names no
    subject or gives no count."""
    from busplanner.attendance.commands import SUBJECT_KEYS

    problems = []
    for item in subjects:
        name, _, count = item.partition("=")
        key = SUBJECT_KEYS.get(name.strip().lower())
        if key is None or not count.strip():
            problems.append(
                Problem(
                    "busplanner attendance add",
                    f"--subject {item}",
                    Msg("attendance.bad_subject", names=", ".join(sorted(SUBJECT_KEYS))),
                )
            )
            continue
        cells[key] = count.strip()
        labels[key] = f"--subject {name.strip()}"
    return problems


@attendance_app.command("report", help=_h("cmd.attendance_report"))
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help=_h("attendance_out"))] = Path("out"),
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM-DD", help=_h("from")),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help=_h("to")),
    ] = None,
    scenario: ScenarioOpt = DEFAULT_SCENARIO,
    db: DbOpt = None,
    lang: LangOpt = None,
) -> None:
    """Print the attendance of a period (per commune, month by month, cancellations,
    subjects, cost per session and per visitor with the scenario's annual_budget_eur) and write
    attendance.html (with charts, works offline) and attendance.csv."""
    from busplanner import atomic
    from busplanner.attendance.db import log_path, open_log
    from busplanner.attendance.report import build_report, report_csv, report_html, report_tables
    from busplanner.scenario import load_scenario

    lang = run_lang(lang, scenario)
    first = _date_option(start, "--from", lang)
    last = _date_option(end, "--to", lang)
    if first and last and last < first:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            message_line(
                "error",
                t("attendance.bad_range", lang, last=last.isoformat(), first=first.isoformat()),
                lang,
            )
        )
        raise typer.Exit(code=2)
    try:
        sc = load_scenario(scenario)
        path = log_path(sc, db)
        with open_log(path, create=False, read_only=True) as log:
            built = build_report(
                log.sessions(first, last),
                start=first,
                end=last,
                planned=log.planned().values(),
                budget=sc.costs.annual_budget,
            )
        page = report_html(built, lang, log=str(path))
        table = report_csv(built)
    except BusplannerError as exc:
        raise fail(exc, lang) from None
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        # A file or a pipe: wide enough for a year of months, not cut at 80 columns.
        console = Console(highlight=False, soft_wrap=True, width=200)
    for item in report_tables(built, lang):
        console.print(item)
    atomic.write_text(out / "attendance.html", page)
    atomic.write_text(out / "attendance.csv", table)
    console.print(t("cli.wrote", lang, files=escape(f"{out}/ — attendance.html, attendance.csv")))

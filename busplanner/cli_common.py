"""What every command of the command line shares: the language of the run, the one-line
messages (``Erreur : …``), and a busplanner error turned into its lines and exit code.

:mod:`busplanner.cli` and :mod:`busplanner.cli_attendance` both import it (neither imports
the other's helpers, which made the two modules import each other).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from busplanner.errors import BusplannerError, InputError
from busplanner.i18n import DEFAULT_LANG, HELP_LANG, check_lang, localize, t
from busplanner.i18n import help_text as _h

DEFAULT_SCENARIO = Path("scenarios/roche_aux_fees.toml")

LangOpt = Annotated[str | None, typer.Option("--lang", help=_h("lang"), show_default=False)]

_RUN_LANG: dict[str, str | None] = {"lang": None}
"""``busplanner --lang en COMMAND``: the language every command then speaks."""


def set_run_lang(lang: str | None) -> None:
    """``busplanner --lang LANG``, for every command of the run (``None``: none given).

    Raises
    ------
    typer.BadParameter
        ``lang`` is not a language busplanner speaks.
    """
    _RUN_LANG["lang"] = None if lang is None else run_lang(lang)


def run_lang(lang: str | None, scenario: Path | None = None) -> str:
    """The language of the run: ``--lang`` wins, else the scenario's ``lang``, else French.

    Raises
    ------
    typer.BadParameter
        ``lang`` is not a language busplanner speaks.
    """
    if lang is None:
        lang = _RUN_LANG["lang"]
    if lang is None:
        from busplanner.scenario import peek_lang

        found = peek_lang(scenario) if scenario and scenario.suffix.lower() == ".toml" else None
        return found or DEFAULT_LANG
    try:
        return check_lang(lang)
    except ValueError:
        raise typer.BadParameter(t("cli.bad_lang", HELP_LANG), param_hint="--lang") from None


def plan_lang(lang: str | None, plan_file: Path, scenario: Path | None) -> str:
    """The language of a run on a saved plan: ``--lang``, else the ``lang`` of the scenario
    given or, without one, of the scenario the plan names (when it can be found)."""
    if lang is not None or _RUN_LANG["lang"] is not None or scenario is not None:
        return run_lang(lang, scenario)
    from busplanner.evaluate import resolve_scenario
    from busplanner.plan import read_plan

    try:
        scenario = resolve_scenario(read_plan(plan_file), plan_file)
    except BusplannerError:
        scenario = None  # the run itself reports why
    return run_lang(None, scenario)


def message_line(kind: str, text: str, lang: str) -> str:
    """``Erreur : text`` (French typography) or ``Error: text``; ``kind``: error, bug, warning."""
    return t("cli.line", lang, label=t(f"cli.{kind}", lang), text=text)


def option_error(option: str, exc: Exception, lang: str) -> str:
    """``--start : attendu …``: an option's bad value, in ``lang``."""
    return f"{option}{t('cli.sep', lang)}{localize(exc.args[0] if exc.args else exc, lang)}"


def fail(exc: BusplannerError, lang: str) -> typer.Exit:
    """Print ``exc`` (one line per problem of a bad input) on stderr; the exit to raise, with
    the error's code."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    kind = "bug" if exc.exit_code == 1 else "error"
    if isinstance(exc, InputError):
        for p in exc.problems:
            err.print(message_line(kind, escape(p.render(lang)), lang))
    else:
        err.print(message_line(kind, escape(exc.render(lang)), lang))
    return typer.Exit(code=exc.exit_code)

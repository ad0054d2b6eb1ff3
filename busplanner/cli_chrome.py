"""The command line's own words (Typer's: "Usage:", "Options", "[default: …]", "No such
option", "Invalid value for …") in the language of ``--help``.

Typer prints its texts from module constants, a few ``gettext`` look-ups and, in the copy of
click it ships (``typer._click``), plain English strings. :func:`localize_click` sets the
constants, binds the look-ups to the catalogue's ``click:`` entries
(:mod:`busplanner.messages`), and translates an error's message through the catalogue's
``click-re:`` patterns before Typer prints it. Texts it does not know stay as Typer wrote
them. It also drops the ``<bool>`` Typer prints after a flag and names value types in French.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from busplanner.i18n import check_lang
from busplanner.messages import MESSAGES

# Typer's module-level texts, read once at import: set again.
_RICH_CONSTANTS = {
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
_TYPES = ("int range", "float range", "path", "str", "int", "float", "bool")
_state: dict[str, Any] = {"lang": "fr", "patched": False}


def translate(msgid: str, lang: str) -> str:
    """Typer's text ``msgid`` in ``lang``: the catalogue's ``click:`` entry, else as given."""
    entry = MESSAGES.get(f"click:{msgid}")
    if entry is None or check_lang(lang) == "en":
        return msgid
    return entry[0]


def translate_error(message: str, lang: str) -> str:
    """An error message of Typer's parser in ``lang`` (the catalogue's ``click-re:`` patterns:
    key ``click-re:REGEX``, French template with ``\\1`` …)."""
    if check_lang(lang) == "en":
        return message
    for key, (fr, _en) in MESSAGES.items():
        if key.startswith("click-re:"):
            found = re.fullmatch(key[len("click-re:") :], message, flags=re.DOTALL)
            if found:
                return found.expand(fr)
    return message


def _gettext(msgid: str) -> str:
    return translate(msgid, _state["lang"])


def localize_click(lang: str) -> None:
    """Make Typer's own words speak ``lang`` (French or English)."""
    lang = check_lang(lang)
    _state["lang"] = lang
    rich_utils: Any = importlib.import_module("typer.rich_utils")
    core: Any = importlib.import_module("typer.core")
    for module in (rich_utils, core):
        module._ = _gettext
    for constant, msgid in _RICH_CONSTANTS.items():
        setattr(rich_utils, constant, translate(msgid, lang))
    if _state["patched"]:
        return
    _state["patched"] = True
    formatting: Any = importlib.import_module("typer._click.formatting")
    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = translate("Usage:", _state["lang"]) + " "
        write_usage(self, prog, args, prefix)

    formatting.HelpFormatter.write_usage = usage

    click_core: Any = importlib.import_module("typer._click.core")
    get_help_option = click_core.Command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = translate("Show this message and exit.", _state["lang"])
        return option

    click_core.Command.get_help_option = help_option

    shown = core.TyperOption.display_type_rich

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and not getattr(self, "metavar", None):
            return None  # a flag takes no value: no "<bool>"
        label = shown(self, ctx)
        if isinstance(label, str) and _state["lang"] == "fr":
            for name in _TYPES:
                if label == f"<{name}>":
                    return f"<{translate(f'type {name}', 'fr')}>"
        return label

    core.TyperOption.display_type_rich = display_type_rich

    format_error: Callable[[Any], None] = rich_utils.rich_format_error

    def rich_format_error(self: Any) -> None:
        message = self.format_message()
        translated = translate_error(message, _state["lang"])
        if translated != message:
            self.format_message = lambda: translated
        format_error(self)

    rich_utils.rich_format_error = rich_format_error

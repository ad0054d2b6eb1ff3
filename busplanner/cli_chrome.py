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
_state: dict[str, Any] = {"lang": "fr"}


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


def localize_click(lang: str) -> bool:
    """Make Typer's own words speak ``lang`` (French or English).

    Returns whether it could: when the Typer internals it patches are missing or changed
    (another Typer version), nothing breaks, Typer's own words simply stay in English.
    """
    lang = check_lang(lang)
    _state["lang"] = lang
    try:
        _localize(lang)
    except Exception:
        return False
    return True


def _patch(owner: Any, name: str, make: Callable[[Any], Any]) -> None:
    """Replace ``owner.name`` by ``make(original)`` once; the replacement falls back to the
    original when it fails (a changed signature, a changed internal)."""
    original = getattr(owner, name)
    if getattr(original, "_busplanner", False):
        return
    patched = make(original)

    def safe(*args: Any, **kw: Any) -> Any:
        try:
            return patched(*args, **kw)
        except Exception:
            return original(*args, **kw)

    safe._busplanner = True  # type: ignore[attr-defined]
    setattr(owner, name, safe)


def _localize(lang: str) -> None:
    rich_utils: Any = importlib.import_module("typer.rich_utils")
    core: Any = importlib.import_module("typer.core")
    for texts in (rich_utils, core):
        if hasattr(texts, "_"):
            texts._ = _gettext
    for constant, msgid in _RICH_CONSTANTS.items():
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, translate(msgid, lang))

    def usage(write_usage: Any) -> Any:
        def write(self: Any, prog: str, args: str = "", prefix: str | None = None) -> Any:
            if prefix is None:
                prefix = translate("Usage:", _state["lang"]) + " "
            args = args.replace("COMMAND [ARGS]...", translate("COMMAND [ARGS]...", _state["lang"]))
            return write_usage(self, prog, args, prefix)

        return write

    def help_option(get_help_option: Any) -> Any:
        def get(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = translate("Show this message and exit.", _state["lang"])
            return option

        return get

    def display_type(shown: Any) -> Any:
        def display(self: Any, ctx: Any) -> Any:
            if getattr(self, "is_flag", False) and not getattr(self, "metavar", None):
                return None  # a flag takes no value: no "<bool>"
            label = shown(self, ctx)
            if isinstance(label, str) and _state["lang"] == "fr":
                for name in _TYPES:
                    if label == f"<{name}>":
                        return f"<{translate(f'type {name}', 'fr')}>"
            return label

        return display

    def format_error(original: Any) -> Any:
        def show(self: Any) -> Any:
            message = self.format_message()
            translated = translate_error(message, _state["lang"])
            if translated != message:
                self.format_message = lambda: translated
            return original(self)

        return show

    for module_name, owner_name, name, make in (
        ("typer._click.formatting", "HelpFormatter", "write_usage", usage),
        ("typer._click.core", "Command", "get_help_option", help_option),
        ("typer.core", "TyperOption", "display_type_rich", display_type),
        ("typer.rich_utils", None, "rich_format_error", format_error),
    ):
        try:
            module: Any = importlib.import_module(module_name)
            owner = getattr(module, owner_name) if owner_name else module
            _patch(owner, name, make)
        except (ImportError, AttributeError):
            continue  # this part of Typer's words stays English


_INTERRUPT_SAID: list[bool] = []


def interrupted(err: Any, text: str) -> Any:
    """Say ``text`` on ``err`` (a rich console) and give the ``typer.Exit`` of Ctrl-C (130),
    noting that it was said: a Ctrl-C no command caught is then worded by
    ``busplanner.__main__`` (Typer ends it with 130 and no word)."""
    import typer

    err.print(text)
    _INTERRUPT_SAID.append(True)
    return typer.Exit(code=130)


def interrupt_said() -> bool:
    """Whether a command already said it was interrupted."""
    return bool(_INTERRUPT_SAID)

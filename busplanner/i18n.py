"""Every message a user can see, in French (the default) and English, and how to fill one.

The catalogue itself is :mod:`busplanner.messages` (one table: key → French, English); this
module reads it:

- :func:`t` fills a message for a language: ``{name}`` placeholders, French plurals
  ``{n|visite|visites}`` (French: 0 and 1 take the singular; English: only 1), numbers as the
  language writes them ``{km:n1}`` (``7 238,4`` / ``7,238.4``; ``n0`` … ``n3`` decimals;
  ``ng``: as few digits as needed, ``0,25`` / ``0.25``), weekdays ``{day:day}``
  (``"monday"`` → ``lundi`` / ``monday``), dates ``{d:date}`` (``mardi 12 janvier 2027`` /
  ``Tuesday 12 January 2027``, :func:`format_date`; ``{d:dmy}`` without the weekday); a
  tuple of messages is joined with ``"; "``, each in the language.
- :class:`Msg` is a message not yet given a language: a ``str`` whose text is the English one
  (so files that keep messages as data, ``plan.json``'s warnings, the checker's violations,
  stay as they are), which :func:`localize` renders in the language of the run. Validation
  problems and warnings are built as :class:`Msg` deep in the readers; the command line prints
  them in ``--lang`` (or the scenario's ``lang``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from busplanner.messages import MESSAGES
from busplanner.messages_region import MILE_WORDS, STOP_WORDS
from busplanner.region import current as current_region

LANGS: tuple[str, ...] = ("fr", "en")
DEFAULT_LANG = "fr"

_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}]*)\}")


def check_lang(lang: str) -> str:
    """Return the catalogue language for ``lang`` (``"fr"``, ``"en"``, ``"en-GB"``, ``"FR"`` …).

    Raises
    ------
    ValueError
        If ``lang`` is not a language busplanner speaks.
    """
    code = lang.strip().lower().replace("_", "-").split("-")[0] if isinstance(lang, str) else ""
    if code not in LANGS:
        msg = f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}"
        raise ValueError(msg)
    return code


def singular(n: float, lang: str) -> bool:
    """Whether ``n`` takes the singular: French ``0 visite``, ``1,5 heure``; English ``1 visit``."""
    if check_lang(lang) == "fr":
        return abs(n) < 2
    return n == 1


def format_number(value: float, lang: str = "fr", *, decimals: int = 1) -> str:
    """A number as ``lang`` writes it: ``1 234,5`` in French, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if check_lang(lang) == "fr":
        # French groups thousands with a narrow no-break space and uses a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Msg):
            value = value.render(self.lang)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            value = "; ".join(localize(v, self.lang) for v in value)  # several messages
        if format_spec[:1] == "n" and format_spec[1:].isdigit() and not isinstance(value, str):
            return format_number(float(value), self.lang, decimals=int(format_spec[1:]))
        if format_spec in ("date", "dmy"):
            if isinstance(value, str):
                value = dt.date.fromisoformat(value)  # a date kept as text: "2027-01-12"
            return format_date(value, self.lang, weekday=format_spec == "date")
        if format_spec == "day" and isinstance(value, str):
            # A weekday kept in English ("monday"); anything else as it is.
            return t(f"day.{value}", self.lang) if f"day.{value}" in MESSAGES else value
        if format_spec == "ng" and not isinstance(value, str):
            # As few digits as the number needs (``1``, ``0,25``, ``2147483647``: a whole
            # number in full), with a decimal comma in French.
            whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
            text = str(int(value)) if whole and abs(value) < 1e15 else f"{value:g}"
            return text.replace(".", ",") if self.lang == "fr" else text
        return super().format_field(value, format_spec)


_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def format_date(
    day: dt.date, lang: str = DEFAULT_LANG, *, weekday: bool = True, year: bool = True
) -> str:
    """A date as people write it, not ISO: ``mardi 1er juin 2027`` / ``Tuesday 1 June 2027``
    (``weekday=False``: ``1er juin 2027``; ``year=False``: ``mardi 1er juin``)."""
    lang = check_lang(lang)
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    text = f"{number} {t(f'month.{day.month}', lang)}"
    if weekday:
        text = f"{t(_WEEKDAY_KEYS[day.weekday()], lang)} {text}"
    return f"{text} {day.year}" if year else text


def format_month(year: int, month: int, lang: str = DEFAULT_LANG) -> str:
    """A month in a table's heading: ``sept. 2026`` / ``Sep 2026``."""
    return f"{t(f'month_abbr.{month}', check_lang(lang))} {year}"


def _as_number(value: Any) -> float:
    """A count, also when given already written (``"1 234"``, ``"1,5"``, ``"2.5"``)."""
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 2.0  # not a number: the plural


def _fill(template: str, lang: str, params: Mapping[str, Any]) -> str:
    def plural(m: re.Match[str]) -> str:
        n = _as_number(params[m.group(1)])
        return m.group(2) if singular(n, lang) else m.group(3)

    return _Formatter(lang).vformat(_PLURAL.sub(plural, template), (), params)


def fill(template: str, lang: str, params: Mapping[str, Any]) -> str:
    """``template`` (a text of the catalogue's form, kept elsewhere) filled for ``lang``:
    placeholders, plurals ``{n|week|weeks}``, numbers ``{km:n1}``."""
    return _fill(template, check_lang(lang), params)


def t(key: str, lang: str = DEFAULT_LANG, **kw: Any) -> str:
    """The message ``key`` in ``lang``, with its placeholders filled from ``kw``.

    Raises
    ------
    KeyError
        If ``key`` is not in the catalogue (a programming error).
    ValueError
        If ``lang`` is not supported.
    """
    fr, en = _regional(key)
    template = fr if check_lang(lang) == "fr" else en
    return _fill(template, lang, kw) if kw or "{" in template else template


def _regional(key: str) -> tuple[str, str]:
    """The texts of ``key`` for the run's region: stops rather than communes outside France,
    miles where ``[units] distance = "mi"`` (:mod:`busplanner.messages_region`)."""
    region = current_region()
    if region.distance == "mi" and key in MILE_WORDS:
        return MILE_WORDS[key]
    if region.stops_not_communes and key in STOP_WORDS:
        return STOP_WORDS[key]
    return MESSAGES[key]


class Msg(str):
    """A message not yet given a language: its text (``str``) is the English one; render it
    in another with :meth:`render` or :func:`localize`."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Msg:
        self = super().__new__(cls, t(key, "en", **params))
        self.key = key
        self.params = params
        return self

    def render(self, lang: str) -> str:
        """The message in ``lang``."""
        return t(self.key, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # pickling (sweep's process pool)
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, Any]) -> Msg:
    return Msg(key, **params)


class Pair(Msg):
    """A text already written in both languages (e.g. a reason kept as ``reason`` and
    ``reason_fr``): English as text, French with :meth:`render`."""

    def __new__(cls, en: str, fr: str) -> Pair:
        self = str.__new__(cls, en)
        self.key = ""
        self.params = {"en": en, "fr": fr}
        return self

    def render(self, lang: str) -> str:
        """The text in ``lang`` (the English one when no French is given)."""
        fr = self.params["fr"]
        return fr if check_lang(lang) == "fr" and fr else str(self.params["en"])

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pair, (self.params["en"], self.params["fr"]))


def localize(text: object, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Msg` rendered, anything else as it is."""
    if isinstance(text, Msg):
        return text.render(lang)
    return str(text)


def localize_saved(text: object, lang: str) -> str:
    """A message read back from a file (``plan.json``'s warnings, kept in English) in
    ``lang``: a :class:`Msg` rendered; a text that is the English of a catalogue message
    without values given in ``lang``; anything else (a message with values) as it is."""
    if isinstance(text, Msg):
        return text.render(lang)
    key = _english_keys().get(str(text))
    return t(key, lang) if key is not None else str(text)


def _english_keys() -> dict[str, str]:
    """English text -> key, for the catalogue's messages without placeholders."""
    global _ENGLISH_KEYS
    if _ENGLISH_KEYS is None:
        _ENGLISH_KEYS = {}
        for key, (_fr, en) in MESSAGES.items():
            if "{" not in en and not key.startswith("click-re:"):
                _ENGLISH_KEYS.setdefault(en, key)
    return _ENGLISH_KEYS


_ENGLISH_KEYS: dict[str, str] | None = None


def join(items: Iterable[object], lang: str, sep: str = ", ") -> str:
    """Several messages, each in ``lang``, joined."""
    return sep.join(localize(i, lang) for i in items)


COMMENT_WIDTH = 96
"""Comments in a scenario file busplanner writes are wrapped at this width."""


def comment_lines(
    text: str, indent: str = "", width: int = COMMENT_WIDTH, *, hanging: bool = True
) -> list[str]:
    """``text`` as TOML comment lines wrapped at ``width``: the comments of the scenarios
    busplanner writes, each a paragraph of the catalogue. ``hanging``: continuation lines
    indented by two spaces (items of a list of notes); else a plain paragraph."""
    import textwrap

    wrapped = textwrap.wrap(
        text,
        width,
        initial_indent=f"# {indent}",
        subsequent_indent=f"# {indent}  " if hanging else f"# {indent}",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped or ["#"]


def lang_from_argv(argv: list[str] | None = None) -> str:
    """The language of the help texts: ``--lang`` on the command line, else the environment's
    ``BUSPLANNER_LANG``, else French. (Help is printed before the options are parsed.)"""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            try:
                return check_lang(value)
            except ValueError:
                return DEFAULT_LANG
    try:
        return check_lang(os.environ.get("BUSPLANNER_LANG", DEFAULT_LANG))
    except ValueError:
        return DEFAULT_LANG


class _Template(str):
    """A catalogue text whose ``format`` knows plurals and numbers (see :func:`t`)."""

    lang: str

    def format(self, *args: Any, **kw: Any) -> str:
        return _fill(str(self), self.lang, kw)


class _Section(Mapping[str, str]):
    def __init__(self, prefix: str, lang: str) -> None:
        self.prefix, self.lang = prefix, lang
        self.keys_ = [k[len(prefix) :] for k in MESSAGES if k.startswith(prefix)]

    def __getitem__(self, key: str) -> str:
        fr, en = _regional(self.prefix + key)
        text = _Template(fr if self.lang == "fr" else en)
        text.lang = self.lang
        return text

    def __iter__(self) -> Any:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)


def section(prefix: str) -> dict[str, Mapping[str, str]]:
    """The catalogue's messages whose key starts with ``prefix``, as ``{lang: {key: text}}``
    with ``prefix`` taken off the keys (for modules that look their texts up by language)."""
    return {lang: _Section(prefix, lang) for lang in LANGS}


HELP_LANG = lang_from_argv()
"""The language of ``--help``: ``--lang`` on the command line, ``BUSPLANNER_LANG``, or French."""


def help_text(key: str, **kw: Any) -> str:
    """A help text of the command line (key ``help.KEY`` or ``cmd.COMMAND``) in the language
    of ``--help``."""
    from rich.markup import escape  # help is shown as rich text: "[travel]" is not markup

    full = key if key.startswith("cmd.") else f"help.{key}"
    return escape(t(full, HELP_LANG, **kw))

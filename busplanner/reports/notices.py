"""Warnings as a person reads them: one line per kind when a kind comes many times.

A département's plan may warn about a hundred communes for the same thing (sessions that
cannot start at a ``[session] starts`` time, town-hall hours unknown…). The terminal then
prints the first warning of the kind whole, and counts and names the others; ``plan.json``
keeps every warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from busplanner.i18n import Msg, localize, localize_saved, t

GROUP_FROM = 4
"""A kind of warning that comes this many times or more is printed as one line."""

SHOWN_NAMES = 5
"""The names a grouped line gives before counting the others."""

_NAME_PARAMS = ("stop", "name", "commune")
"""The values of a warning that name what it is about, tried in this order."""


def grouped_warnings(warnings: Iterable[str], lang: str) -> list[str]:
    """The warnings in ``lang``, in their order, each kind that comes :data:`GROUP_FROM`
    times or more as one line: its first warning whole, then how many more and whom.

    A warning is of a kind when it is a :class:`~busplanner.i18n.Msg` (its catalogue key);
    a plain text (a plan read back from ``plan.json``) is a kind of its own.
    """
    items = list(warnings)
    kinds: dict[str, list[Msg]] = {}
    for w in items:
        if isinstance(w, Msg) and w.key:
            kinds.setdefault(w.key, []).append(w)
    lines: list[str] = []
    done: set[str] = set()
    for w in items:
        key = w.key if isinstance(w, Msg) and w.key else ""
        same = kinds.get(key, []) if key else []
        if len(same) < GROUP_FROM:
            lines.append(localize_saved(w, lang))
            continue
        if key in done:
            continue
        done.add(key)
        others = same[1:]
        names = [_named(o, lang) for o in others]
        if all(names):
            shown = ", ".join(str(n) for n in names[:SHOWN_NAMES])
            if len(names) > SHOWN_NAMES:
                shown += t("names_more", lang, n=len(names) - SHOWN_NAMES)
            more = t("warnings.more_named", lang, n=len(others), names=shown)
        else:
            more = t("warnings.more", lang, n=len(others))
        lines.append(f"{localize(w, lang)}{more}")
    return lines


def _named(warning: Msg, lang: str) -> str | None:
    """What a warning is about (a stop, a commune), when it says."""
    for param in _NAME_PARAMS:
        value = warning.params.get(param)
        if isinstance(value, str) and value:
            return localize(value, lang)
    return None

"""The reports' side of the message catalogue (:mod:`busplanner.i18n`, :mod:`busplanner.messages`):
weekdays, half-days, frequencies, numbers, distances, amounts and durations in the language
(and the region, :mod:`busplanner.region`) of the run."""

from __future__ import annotations

from busplanner.i18n import LANGS, check_lang, format_number, t
from busplanner.region import current, distance_value
from busplanner.timeutil import WEEKDAYS, format_french

__all__ = [
    "LANGS",
    "check_lang",
    "format_distance",
    "format_duration",
    "format_money",
    "format_number",
    "frequency_label",
    "half_day_label",
    "t",
    "weekday_label",
]


def weekday_label(day: str, lang: str = "fr") -> str:
    """A weekday (English key, e.g. ``"tuesday"``) in ``lang``; unknown names come back as given."""
    key = day.strip().lower()
    return t(key, lang) if key in WEEKDAYS else day


def half_day_label(half_day: str, lang: str = "fr") -> str:
    """``"morning"``/``"afternoon"`` in ``lang``; anything else comes back as given."""
    return t(half_day, lang) if half_day in ("morning", "afternoon") else half_day


def frequency_label(every_weeks: int | None, lang: str = "fr") -> str:
    """How often a stop is visited: ``"une semaine sur deux"``, ``"every 3 weeks"`` …

    ``None`` (a stop not visited) gives ``"non desservie"`` / ``"not served"``.
    """
    if every_weeks is None or every_weeks < 1:
        return t("not_served", lang)
    if every_weeks == 1:
        return t("every_1", lang)
    if every_weeks == 2:
        return t("every_2", lang)
    return t("every_n", lang, n=every_weeks)


def format_duration(minutes: float, lang: str = "fr") -> str:
    """A duration: ``12 h 30`` in French, ``12 h 30 min`` in English."""
    total = round(minutes)
    if check_lang(lang) == "fr":
        return format_french(total)
    h, m = divmod(total, 60)
    return f"{h} h {m:02d} min" if m else f"{h} h"


def format_distance(km: float, lang: str, *, decimals: int = 1) -> str:
    """``285,5 km`` (France) or ``177.4 mi`` (``[units] distance = "mi"``)."""
    r = current()
    return f"{format_number(distance_value(km, r), lang, decimals=decimals)} {r.distance}"


def format_money(amount: float, lang: str, *, decimals: int = 0) -> str:
    """``3 775 €`` or ``£3,775`` (``[units] currency = "GBP"``): the amount as given, in
    the scenario's currency (no conversion)."""
    text = format_number(amount, lang, decimals=decimals)
    if current().currency == "GBP":
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return f"{text} €"

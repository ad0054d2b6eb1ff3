"""How the reports name and colour a bus when a plan has several bases (``busplanner.plan/2``).

With one base (``Plan.bases`` empty) the reports keep their one-base wording ("bus 2");
these helpers are for plans with several bases, where each bus is named by its label
(its base's name, "Quimper 2" when the base has several buses) and its base.
"""

from __future__ import annotations

from busplanner.plan import Plan
from busplanner.reports.i18n import t, weekday_label
from busplanner.timeutil import format_hhmm

BUS_COLOURS: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
"""One colour per bus (bus 1 first), repeated after the tenth."""


def bus_colour(bus: int) -> str:
    """The colour of a bus (1-based) on the map of a plan with several bases."""
    return BUS_COLOURS[(bus - 1) % len(BUS_COLOURS)]


def base_name(plan: Plan, bus: int) -> str:
    """The name of bus ``bus``'s base."""
    return plan.home(bus)[1].name


def bus_name(plan: Plan, bus: int, lang: str = "fr") -> str:
    """A bus in words: ``"bus Janzé (base de Janzé)"`` with several bases, else ``"bus 2"``."""
    if not plan.bases:
        return t("bus_n", lang, bus=bus)
    return t("bus_of_base", lang, bus=plan.bus_label(bus), base=base_name(plan, bus))


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def base_lines(plan: Plan, base_index: int, lang: str = "fr") -> list[str]:
    """What a base's marker and layer say of it, unescaped: its buses, days and hours."""
    base = plan.bases[base_index]
    labels = ", ".join(plan.bus_label(bus) for bus in base.buses)
    days = ", ".join(weekday_label(day, lang) for day in base.days)
    hours = t(
        "base_hours",
        lang,
        shift_start=format_hhmm(base.shift_start_min),
        shift_end=format_hhmm(base.shift_end_min),
        open_start=format_hhmm(base.open_start_min),
        open_end=format_hhmm(base.open_end_min),
    )
    return [t("base_buses", lang, buses=labels), t("base_days", lang, days=days), hours]

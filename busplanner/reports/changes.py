"""What residents will see change between two plans: each commune's weekday, half-day, weeks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape

from busplanner.plan import Plan, Stop
from busplanner.reports.i18n import frequency_label, half_day_label, weekday_label


@dataclass(frozen=True)
class SlotChange:
    """A stop whose slot differs between the old and the new plan (``None``: not visited)."""

    stop_id: str
    name: str
    old: Stop | None
    new: Stop | None


def _slot(s: Stop | None) -> tuple[object, ...] | None:
    if s is None or s.weekday is None:
        return None
    return (s.weekday, s.half_day, s.every_weeks, s.first_week)


def slot_changes(old: Plan, new: Plan) -> list[SlotChange]:
    """Stops whose weekday, half-day, spacing or first week changed, or that were added or
    dropped, in the new plan's order (then the old plan's)."""
    old_by = {s.id: s for s in old.stops}
    new_by = {s.id: s for s in new.stops}
    order = [s.id for s in new.stops] + [s.id for s in old.stops if s.id not in new_by]
    out = []
    for sid in order:
        a, b = old_by.get(sid), new_by.get(sid)
        if _slot(a) != _slot(b):
            known = b if b is not None else a
            out.append(SlotChange(sid, known.name if known is not None else sid, a, b))
    return out


def describe(s: Stop | None, lang: str) -> str:
    """``mardi matin, une semaine sur deux (semaine 1)`` or ``non desservie``."""
    if s is None or s.weekday is None or s.half_day is None:
        return "non desservie" if lang == "fr" else "not visited"
    week = "semaine" if lang == "fr" else "week"
    return (
        f"{weekday_label(s.weekday, lang)} {half_day_label(s.half_day, lang)}, "
        f"{frequency_label(s.every_weeks, lang)} ({week} {s.first_week})"
    )


def print_changes(old: Plan, new: Plan, console: Console, lang: str = "fr") -> None:
    """Print what changes for residents, commune by commune."""
    changes = slot_changes(old, new)
    kept = sum(1 for s in new.stops if s.weekday and not any(c.stop_id == s.id for c in changes))
    if lang == "fr":
        console.print(
            f"[bold]Changements pour les habitants[/bold] : {len(changes)} commune(s) changent, "
            f"{kept} gardent leur créneau."
        )
    else:
        console.print(
            f"[bold]Changes residents will see[/bold]: {len(changes)} commune(s) change, "
            f"{kept} keep their slot."
        )
    for c in changes:
        console.print(
            f"  • {escape(c.name)} : {escape(describe(c.old, lang))} → "
            f"{escape(describe(c.new, lang))}",
            soft_wrap=True,
        )

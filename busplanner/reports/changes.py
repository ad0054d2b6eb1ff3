"""What residents will see change between two plans (``plan --keep``): each stop's weekday,
half-day, weeks, start and end times, bus and address, and the stops that gain or lose visits
(with the reason when a visit could not be kept).

The same comparison is printed in the terminal (:func:`print_changes`) and recorded in
``plan.json`` under ``changes`` (:func:`changes_record`, documented in ``docs/plan.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape

from busplanner.i18n import t
from busplanner.plan import Plan, Stop, Unserved
from busplanner.reports.i18n import frequency_label, half_day_label, weekday_label
from busplanner.timeutil import format_french, format_hhmm

FIELDS = ("weekday", "half_day", "weeks", "times", "bus", "address", "visits")
"""What residents see of a stop, compared field by field."""


@dataclass(frozen=True)
class View:
    """What residents see of one stop in one plan (``weekday`` ``None``: not visited)."""

    weekday: str | None
    half_day: str | None
    every_weeks: int | None
    first_week: int | None
    times: tuple[tuple[int, int], ...]
    """Every distinct (start, end) of its sessions, in minutes."""
    bus: str | None
    address: str
    visits: int
    """Visits per cycle the plan holds."""

    def value(self, field: str) -> Any:
        """The field compared (``weeks``: spacing and first week together)."""
        if field == "weeks":
            return (self.every_weeks, self.first_week)
        return getattr(self, field)

    def to_dict(self) -> dict[str, Any]:
        """The ``old``/``new`` object of a change in ``plan.json``."""
        first = self.times[0] if self.times else None
        return {
            "weekday": self.weekday,
            "half_day": self.half_day,
            "every_weeks": self.every_weeks,
            "first_week": self.first_week,
            "start": format_hhmm(first[0]) if first else None,
            "end": format_hhmm(first[1]) if first else None,
            "times": [[format_hhmm(a), format_hhmm(b)] for a, b in self.times],
            "bus": self.bus,
            "address": self.address,
            "visits_per_cycle": self.visits,
        }


def view_of(plan: Plan, stop: Stop | None) -> View | None:
    """What residents see of ``stop`` in ``plan`` (``None``: the plan does not list it)."""
    if stop is None:
        return None
    times = sorted(
        {(v.start_min, v.end_min) for r in plan.routes for v in r.visits if v.stop_id == stop.id}
    )
    buses = sorted({r.bus for r in plan.routes for v in r.visits if v.stop_id == stop.id})
    bus = stop.bus if stop.bus is not None else (buses[0] if buses else None)
    visited = stop.weekday is not None and stop.half_day is not None
    return View(
        weekday=stop.weekday if visited else None,
        half_day=stop.half_day if visited else None,
        every_weeks=stop.every_weeks if visited else None,
        first_week=stop.first_week if visited else None,
        times=tuple(times),
        bus=plan.bus_label(bus) if bus is not None and visited else None,
        address=stop.address,
        visits=stop.visits_planned if visited else 0,
    )


@dataclass(frozen=True)
class SlotChange:
    """A stop residents will see change between the old and the new plan.

    ``old``/``new`` are the stop in each plan (``None``: not listed); ``before``/``after``
    what residents see of it; ``fields`` what changed (of :data:`FIELDS`); ``kind`` one of
    ``gains`` (a stop that had no visit gets some), ``loses`` (a visited stop gets none),
    ``more``/``fewer`` (visits per cycle), ``moves`` (anything else: day, times, bus…).
    ``reason`` (English) and ``reason_fr``: why visits are missing in the new plan, when
    some are.
    """

    stop_id: str
    name: str
    old: Stop | None
    new: Stop | None
    before: View | None = None
    after: View | None = None
    fields: tuple[str, ...] = ()
    kind: str = "moves"
    reason: str = ""
    reason_fr: str = ""

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` (French when known, else English)."""
        return self.reason_fr if lang.startswith("fr") and self.reason_fr else self.reason


def _visited(v: View | None) -> bool:
    return v is not None and v.weekday is not None


def slot_changes(old: Plan, new: Plan) -> list[SlotChange]:
    """Every stop whose weekday, half-day, weeks (spacing, first week), start or end time,
    bus or address changed, or that gains or loses visits, in the new plan's order (then the
    old plan's). A stop not visited in either plan is not a change."""
    old_by = {s.id: s for s in old.stops}
    new_by = {s.id: s for s in new.stops}
    why = {u.stop_id: u for u in new.unserved}
    order = [s.id for s in new.stops] + [s.id for s in old.stops if s.id not in new_by]
    out = []
    for sid in order:
        a, b = old_by.get(sid), new_by.get(sid)
        before, after = view_of(old, a), view_of(new, b)
        if not _visited(before) and not _visited(after):
            continue
        if _visited(before) and _visited(after):
            assert before is not None and after is not None
            fields = tuple(f for f in FIELDS if before.value(f) != after.value(f))
            if not fields:
                continue
            kind = (
                "more"
                if after.visits > before.visits
                else "fewer"
                if after.visits < before.visits
                else "moves"
            )
        else:
            fields = FIELDS
            kind = "gains" if _visited(after) else "loses"
        known = b if b is not None else a
        name = known.name if known is not None else sid
        reason, reason_fr = _why_fewer(old, new, name, a, b, why.get(sid))
        if kind not in ("loses", "fewer"):
            reason = reason_fr = ""
        out.append(SlotChange(sid, name, a, b, before, after, fields, kind, reason, reason_fr))
    return out


def _sessions(plan: Plan) -> int:
    return sum(len(r.visits) for r in plan.routes)


def _why_fewer(
    old: Plan, new: Plan, name: str, a: Stop | None, b: Stop | None, unserved: Unserved | None
) -> tuple[str, str]:
    """Why a stop has fewer visits in the new plan than in the old, in English and French:
    the new plan's own reason for visits it could not hold; else no longer served; else the
    frequency rule asks fewer of it (capacity shared by demand)."""
    if unserved is not None:
        return unserved.reason, unserved.reason_fr or unserved.reason
    if b is None:
        return t("changes.no_longer_served", "en", name=name), t(
            "changes.no_longer_served", "fr", name=name
        )
    if a is not None and b.visits_per_cycle < a.visits_planned:
        kw = {"now": _sessions(new), "was": _sessions(old), "k": b.visits_per_cycle, "name": name}
        # The same number of visits in both plans: not capacity, their share among stops.
        key = "changes.capacity" if kw["now"] != kw["was"] else "changes.share"
        kw["old"] = a.visits_planned
        return t(key, "en", **kw), t(key, "fr", **kw)
    return "", ""


def _time(minutes: int, lang: str) -> str:
    return format_french(minutes) if lang == "fr" else format_hhmm(minutes)


def _times(v: View, lang: str) -> str:
    return ", ".join(f"{_time(a, lang)}–{_time(b, lang)}" for a, b in v.times)


def describe(s: Stop | View | None, lang: str) -> str:
    """``mardi matin, une semaine sur deux (semaine 1)`` or ``non desservie``."""
    if s is None or s.weekday is None or s.half_day is None:
        return "non desservie" if lang == "fr" else "not visited"
    week = "semaine" if lang == "fr" else "week"
    return (
        f"{weekday_label(s.weekday, lang)} {half_day_label(s.half_day, lang)}, "
        f"{frequency_label(s.every_weeks, lang)} ({week} {s.first_week})"
    )


def _full(v: View | None, lang: str) -> str:
    """Everything residents see of a visited stop, in one phrase."""
    if not _visited(v):
        return describe(None, lang)
    assert v is not None
    text = describe(v, lang)
    if v.times:
        text += f", {_times(v, lang)}"
    if v.bus is not None:
        text += f", bus {v.bus}"
    return text


def _day_half(v: View, lang: str) -> str:
    return f"{weekday_label(v.weekday or '', lang)} {half_day_label(v.half_day or '', lang)}"


def change_parts(c: SlotChange, lang: str) -> list[str]:
    """What changes for one stop, one phrase per thing residents see, old → new."""
    fr = lang == "fr"
    before, after = c.before, c.after
    if c.kind in ("gains", "loses"):
        return [f"{_full(before, lang)} → {_full(after, lang)}"]
    assert before is not None and after is not None
    parts = []
    if "weekday" in c.fields or "half_day" in c.fields:
        parts.append(f"{_day_half(before, lang)} → {_day_half(after, lang)}")
    if "weeks" in c.fields:
        week = "semaine" if fr else "week"
        parts.append(
            f"{frequency_label(before.every_weeks, lang)} ({week} {before.first_week}) → "
            f"{frequency_label(after.every_weeks, lang)} ({week} {after.first_week})"
        )
    if "times" in c.fields:
        label = "horaires" if fr else "times"
        parts.append(f"{label} {_times(before, lang)} → {_times(after, lang)}")
    if "bus" in c.fields:
        parts.append(f"bus {before.bus} → {after.bus}")
    if "address" in c.fields:
        label = "adresse" if fr else "address"
        parts.append(f"{label} {before.address or '—'} → {after.address or '—'}")
    if "visits" in c.fields:
        label = "visites par cycle" if fr else "visits per cycle"
        parts.append(f"{label} {before.visits} → {after.visits}")
    return parts


def change_line(c: SlotChange, lang: str) -> str:
    """One line per stop: ``Amanlis : horaires 13 h 35–16 h 35 → 13 h 10–15 h 40``."""
    sep = " : " if lang == "fr" else ": "
    line = f"{c.name}{sep}" + (" ; " if lang == "fr" else "; ").join(change_parts(c, lang))
    reason = c.reason_in(lang)
    if reason and c.kind in ("loses", "fewer"):
        because = "raison" if lang == "fr" else "reason"
        line += f" ({because}{sep}{reason})"
    return line


def print_changes(old: Plan, new: Plan, console: Console, lang: str = "fr") -> None:
    """Print what changes for residents, stop by stop."""
    changes = slot_changes(old, new)
    changed = {c.stop_id for c in changes}
    kept = sum(1 for s in new.stops if s.weekday and s.id not in changed)
    console.print(t("changes.header", lang, n=len(changes), kept=kept), soft_wrap=True)
    for c in changes:
        console.print(f"  • {escape(change_line(c, lang))}", soft_wrap=True)


def changes_record(old: Plan, new: Plan, kept_from: str) -> dict[str, Any]:
    """The ``changes`` object of ``plan.json`` (``plan --keep``): the plan compared with, the
    counts, and every change (see ``docs/plan.md``)."""
    changes = slot_changes(old, new)
    changed = {c.stop_id for c in changes}
    kept = sum(1 for s in new.stops if s.weekday and s.id not in changed)
    return {
        "kept_from": kept_from,
        "changed": len(changes),
        "unchanged": kept,
        "stops": [
            {
                "stop_id": c.stop_id,
                "name": c.name,
                "kind": c.kind,
                "fields": list(c.fields),
                "old": c.before.to_dict() if _visited(c.before) and c.before else None,
                "new": c.after.to_dict() if _visited(c.after) and c.after else None,
                "text": change_line(c, "en"),
                "text_fr": change_line(c, "fr"),
                "reason": c.reason,
                "reason_fr": c.reason_fr,
            }
            for c in changes
        ],
    }


def keep_times_line(plan: Plan, lang: str = "fr") -> str:
    """``plan --keep-times``: the kilometres (miles) per cycle before and after, and the
    stops moved; ``""`` for another plan."""
    from busplanner.reports.i18n import format_distance

    kt = plan.kpis.get("keep_times")
    if not isinstance(kt, dict):
        return ""
    before = float(kt.get("distance_km_before") or 0.0)
    after = float(kt.get("distance_km_after") or 0.0)
    pct = round((after - before) / before * 100) if before > 0 else 0
    moved = kt.get("moved") or []
    return t(
        "keep_times.saved",
        lang,
        before=format_distance(before, lang),
        after=format_distance(after, lang),
        saved=format_distance(before - after, lang),
        pct=pct,
        moved=len(moved),
        allowed=int(kt.get("max_moves") or 0),
    )

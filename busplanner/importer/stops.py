"""The places made busplanner stops (one weekday and one start time each, evenly spaced over
the cycle), their ids, and the stops file (``stops.csv``)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from busplanner.importer.read import Row, place_name
from busplanner.importer.report import Report, Slots
from busplanner.timeutil import WEEKDAYS, format_hhmm


@dataclass(frozen=True)
class ImportedStop:
    """One busplanner stop made of published rows: one place, weekday and start time.

    ``weeks`` are the weeks of the cycle it is visited in (evenly spaced), ``ends`` the
    published end of the session in each of those weeks (``session_min`` is the most common
    length); ``lines`` the lines of the file its visits come from.
    """

    id: str
    name: str
    community: str
    stop: str
    address: str
    lon: float
    lat: float
    weekday: str
    start_min: int
    session_min: int
    weeks: tuple[int, ...]
    ends: tuple[int, ...]
    lines: tuple[int, ...]

    @property
    def visits_per_cycle(self) -> int:
        """Visits per cycle."""
        return len(self.weeks)


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].strip("-") or "stop"


def _even_pieces(weeks: set[int], cycle: int) -> list[list[int]]:
    """Split weeks into evenly spaced sets, the most visits first (each count divides the
    cycle, so one visit per cycle always fits)."""
    left = set(weeks)
    pieces: list[list[int]] = []
    counts = [k for k in range(cycle, 0, -1) if cycle % k == 0]
    while left:
        found: set[int] = set()
        for k in counts:
            if k > len(left):
                continue
            step = cycle // k
            for first in sorted(w for w in left if w <= step):
                pattern = {first + j * step for j in range(k)}
                if pattern <= left:
                    found = pattern
                    break
            if found:
                break
        pieces.append(sorted(found))
        left -= found
    return sorted(pieces)


def _weeks_of(r: Row, cycle: int) -> set[int]:
    """The weeks of the cycle a row's route runs: its week, then every Frequency weeks."""
    assert r.week is not None and r.frequency is not None
    if cycle % r.frequency:
        return {r.week}
    return {(r.week - 1 + j * r.frequency) % cycle + 1 for j in range(cycle // r.frequency)}


def build_stops(
    rows: list[Row], places: list[list[Row]], cycle: int, report: Report
) -> tuple[ImportedStop, ...]:
    """One stop per place, weekday and start time, split where its weeks are not even."""
    groups: dict[tuple[int, str, int], list[Row]] = defaultdict(list)
    for r in rows:
        assert r.day is not None and r.start is not None
        groups[(r.place, r.day, r.start)].append(r)
    pieces = [
        piece
        for (place, day, start), members in groups.items()
        for piece in _pieces(place, day, start, members, places, cycle, report)
    ]
    base = _place_ids(places)
    slots_of: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for piece in pieces:
        slots_of[piece.place].add((piece.day, piece.start))
    stops: list[ImportedStop] = []
    ids_of: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for piece in pieces:
        # Ids: community and stop; a place with several stops adds day and time (and first
        # week).
        sid = base[piece.place]
        if len(slots_of[piece.place]) > 1:
            sid += f"-{piece.day[:3]}-{format_hhmm(piece.start).replace(':', '')}"
        if piece.split:
            sid += f"-w{piece.weeks[0]}"
        ids_of[piece.place].append((WEEKDAYS.index(piece.day), piece.start, sid))
        stops.append(_stop(sid, piece, places[piece.place][0]))
    _note_places_of_several_stops(places, slots_of, ids_of, report)
    stops.sort(key=lambda s: (WEEKDAYS.index(s.weekday), s.weeks[0], s.start_min, s.id))
    return tuple(stops)


@dataclass(frozen=True)
class _Piece:
    """Evenly spaced weeks of a place's visits on one weekday and start time: one stop."""

    place: int
    day: str
    start: int
    weeks: list[int]
    week_row: dict[int, Row]
    """The row each week of the place, day and time comes from (the first given)."""
    session_min: int
    split: bool
    """Whether the place's weeks on that day and time were split into several stops."""


def _pieces(
    place: int,
    day: str,
    start: int,
    members: list[Row],
    places: list[list[Row]],
    cycle: int,
    report: Report,
) -> list[_Piece]:
    """The stops of the rows of one place, weekday and start time: their weeks (a row
    adding no week skipped, one adding some flagged), the usual session length (other
    lengths flagged), split into evenly spaced pieces (an uneven split flagged)."""
    week_row: dict[int, Row] = {}
    for r in members:
        weeks = _weeks_of(r, cycle)
        taken = sorted(w for w in weeks if w in week_row)
        if taken and len(taken) == len(weeks):
            first = week_row[taken[0]]
            report.skip(r, "Date/Route", "duplicate_week", line=first.line, week=taken[0])
            continue
        if taken:
            report.add(
                r.line,
                "Date/Route",
                "flagged",
                "duplicate_week_partly",
                line=week_row[taken[0]].line,
                weeks=", ".join(map(str, taken)),
                n=len(taken),
            )
        for w in weeks:
            week_row.setdefault(w, r)
    used = [r for r in members if not r.skipped]
    # The most common length; a tie goes to the earliest line's.
    order = [(r.end or 0) - start for r in used]
    lengths = Counter(order)
    usual = max(lengths, key=lambda n: (lengths[n], -order.index(n)))
    for r in used:
        if (r.end or 0) - start != usual:
            report.add(
                r.line,
                "End",
                "flagged",
                "session_mixed",
                end=format_hhmm(r.end or 0),
                minutes=(r.end or 0) - start,
                usual=usual,
            )
    pieces = _even_pieces(set(week_row), cycle)
    if len(pieces) > 1:
        report.add(
            used[0].line,
            "Date/Route",
            "flagged",
            "uneven",
            name=places[place][0].label,
            day=day,
            start=format_hhmm(start),
            weeks=", ".join(map(str, sorted(week_row))),
            cycle=cycle,
            n=len(pieces),
            pieces="; ".join(", ".join(map(str, p)) for p in pieces),
        )
    split = len(pieces) > 1
    return [_Piece(place, day, start, p, week_row, usual, split) for p in pieces]


def _place_ids(places: list[list[Row]]) -> dict[int, str]:
    """Each place's id: its community and stop as a slug, with 4 hex digits of its position
    where two places share one."""
    base: dict[int, str] = {}
    for p, members in enumerate(places):
        base[p] = _slug(place_name(members[0].community, members[0].stop))
    taken_slugs = Counter(base.values())
    for p, slug in list(base.items()):
        if taken_slugs[slug] > 1:
            lon, lat = places[p][0].point
            base[p] = f"{slug}-{hashlib.sha1(f'{lon:.4f},{lat:.4f}'.encode()).hexdigest()[:4]}"
    return base


def _stop(sid: str, piece: _Piece, first: Row) -> ImportedStop:
    """The stop of a piece, named and placed by its place's first row."""
    return ImportedStop(
        id=sid,
        name=first.label,
        community=first.community,
        stop=first.stop,
        address=first.address or ", ".join(t for t in (first.stop, first.community) if t),
        lon=round(first.point[0], 6),
        lat=round(first.point[1], 6),
        weekday=piece.day,
        start_min=piece.start,
        session_min=piece.session_min,
        weeks=tuple(piece.weeks),
        ends=tuple(piece.week_row[w].end or 0 for w in piece.weeks),
        lines=tuple(sorted({piece.week_row[w].line for w in piece.weeks})),
    )


def _note_places_of_several_stops(
    places: list[list[Row]],
    slots_of: dict[int, set[tuple[str, int]]],
    ids_of: dict[int, list[tuple[int, int, str]]],
    report: Report,
) -> None:
    """A note for each place published on several weekdays or start times: it becomes as
    many stops (a busplanner stop keeps one of each)."""
    for place, slots in slots_of.items():
        if len(slots) > 1:
            ordered = sorted(slots, key=lambda ds: (WEEKDAYS.index(ds[0]), ds[1]))
            report.add(
                min(r.line for r in places[place] if not r.skipped),
                "Community/Stop",
                "note",
                "two_stops",
                name=places[place][0].label,
                n=len(slots),
                slots=Slots(tuple((d, format_hhmm(t)) for d, t in ordered)),
                ids=", ".join(dict.fromkeys(sid for _, _, sid in sorted(ids_of[place]))),
            )


def stops_csv(stops: Iterable[ImportedStop]) -> str:
    """The stops as busplanner reads them back (``load_stops_csv``), text cells protected
    against spreadsheet formulas (a leading ``'``, as ``timetable.csv``'s)."""
    from busplanner.reports.dialects import protect

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["id", "name", "lon", "lat", "demand_weight", "session_min", "address", "visits_per_cycle"]
    )
    for s in stops:
        w.writerow(
            [
                protect(s.id),
                protect(s.name),
                f"{s.lon:.6f}",
                f"{s.lat:.6f}",
                1,
                s.session_min,
                protect(s.address),
                s.visits_per_cycle,
            ]
        )
    return buf.getvalue()

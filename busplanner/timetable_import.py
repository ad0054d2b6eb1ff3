"""Read a published mobile-library timetable and turn it into a busplanner starter kit.

The input is a CSV in the layout of the LibrariesHacked project (UK mobile libraries), which
busplanner's own ``opendata.csv`` writes too: ``Mobile, Route, Community, Stop, Address,
Longitude, Latitude, Date, Day, Frequency, Start, End, Timetable``, one row per run of a stop.
:func:`import_timetable` reads one mobile's rows, repairs what it safely can, reports every
defect with its line, field and what was done, groups the rows into busplanner stops (one
weekday and one start time each, evenly spaced over the cycle), and builds:

- the stops file (``stops.csv``, busplanner's stops format, visits per cycle fixed),
- a starter scenario (``scenario.toml``): every value taken from the rows says so, every
  other value is named as an ASSUMPTION,
- the published rotation as a ``busplanner.plan/1`` plan (``current.json``), timed with the
  scenario's travel model, so that a timetable too tight for the model shows when checked,
- the import report (``import-report.txt``).

Nothing is written here: the result is an immutable value; ``busplanner import timetable``
prints and writes it. The rules are documented in ``docs/import.md``.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import difflib
import hashlib
import html
import io
import itertools
import json
import math
import re
import statistics
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from busplanner.errors import InputError, Problem, decode_input
from busplanner.geo import PointGrid, great_circle_km
from busplanner.geo import medoid as geo_medoid
from busplanner.i18n import Msg, Pair, comment_lines, fill, section, t
from busplanner.kpis import compute_kpis
from busplanner.plan import Break, Plan, Route, SolverInfo, Stop, TravelInfo, Visit
from busplanner.region import Region
from busplanner.scenario import Depot, Scenario, parse_scenario
from busplanner.timeutil import WEEKDAYS, WEEKDAYS_FR, format_hhmm
from busplanner.travel import drive_minutes

REQUIRED_COLUMNS = (
    "Mobile",
    "Route",
    "Community",
    "Stop",
    "Longitude",
    "Latitude",
    "Day",
    "Frequency",
    "Start",
    "End",
)
"""Columns a timetable must have (any order, any case)."""
OPTIONAL_COLUMNS = ("Address", "Date", "Timetable")
"""Columns read when present: ``Address`` detects swapped Stop/Community columns, ``Date``
gives each row's week of the cycle."""

SAME_PLACE_M = 25.0
"""Two rows this close (metres) are at the same point."""
SAME_NAME_MAX_KM = 1.0
"""Rows with the same names this close (km) are one place; farther apart, two places."""
OUTLIER_KM = 30.0
"""A stop farther than this from the median position of the other stops of its round …"""
OUTLIER_SPREAD_FACTOR = 3.0
"""… and farther than this many times the round's median spread is a geocoding error."""
MIN_SPREAD_KM = 1.0
"""The spread of a round is taken as at least this (a compact round is not a tight test)."""
MAX_SWAPPED_SESSION_MIN = 240
"""An end before its start is swapped only if the swapped session is at most this long."""
MAX_SESSION_MIN = 12 * 60
"""The longest session read: more is no stop of a round (``00:00``–``23:59`` is a date's
placeholder, not a time)."""
MIDDAY = (11 * 60, 15 * 60)
"""The hours a lunch break may take: a gap between two sessions counts by its part in them."""
LUNCH_MAX_MIN = 60
"""The derived lunch break never asks for more than this."""
DEFAULT_LUNCH = (12 * 60, 14 * 60, 30)
"""Lunch window and duration (ASSUMPTION) when no published day has a midday gap."""
MAX_DEPOT_KM = 150.0
"""A ``--depot`` farther than this from every stop is taken for a typing error."""
MAX_FREQUENCY = 12
"""The longest cycle busplanner plans (``[cycle] weeks`` ≤ 12)."""

ACTIONS = ("fixed", "skipped", "flagged", "note")
"""What was done about a report line. ``note`` lines are not defects (an assumption, or a
consequence of busplanner's model); ``--strict`` stops on the three others."""

_ACTION_TEXT = section("import_action.")

# One message per kind of report line, in French and English. Parameters are filled by
# Issue.message(); floats are written with a decimal comma in French.
_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "swapped_columns": (
            "the Stop and Community columns are swapped: Address reads '<stop>, <community>' "
            "with the community in the Stop column on {n} of {m} rows (e.g. line {example}: "
            "{address!r}); every row is read with the two columns exchanged"
        ),
        "extra_cells": "{n} cells where the header has {m}: the extra cells are ignored",
        "short_row": "{n} cells where the header has {m}: the missing cells are read as empty",
        "no_mobile": "empty: taken as the file's only mobile, {mobile!r}",
        "no_mobile_many": "empty, and the file holds several mobiles: the row cannot be placed",
        "html_entity": "{old!r} holds HTML escapes: read as {new!r}",
        "mojibake": "{old!r} is UTF-8 read as Windows-1252 (mojibake): read as {new!r}",
        "cp1252": (
            "byte {byte} is not UTF-8: the file is read as Windows-1252, the encoding of "
            "Excel's CSV files on Windows (read: {sample!r}); check the accents, or in Excel "
            "save as 'CSV UTF-8 (Comma delimited)'"
        ),
        "no_stop_name": "empty: the stop is named after its community, {name!r}",
        "no_place_name": "Stop and Community are both empty: no place to name",
        "not_public": (
            "{name!r} is not a public stop{depot_hint}: not a visit, left out of the rotation"
        ),
        "depot_hint": (
            "; it may be the mobile's depot: `--depot {lat:.6f},{lon:.6f}` plans from it"
        ),
        "no_day": "no Day and no Route{depot_hint}: not a visit of the rotation",
        "empty_day": "empty, and no Date to tell the weekday: the visit has no day",
        "not_public_no_day": (
            "{name!r} is not a public stop and has no Day and no Route{depot_hint}: not a "
            "visit, left out of the rotation"
        ),
        "day_from_date": "empty: the weekday is taken from Date {date}, a {day}",
        "bad_day": "{value!r} is not a weekday; expected Monday … Sunday",
        "day_date_mismatch": (
            "Date {date} is a {date_day} but Day says {day}: Day is kept (the weekday "
            "residents read), the week comes from Date"
        ),
        "bad_date": (
            "{value!r} is not a date (expected YYYY-MM-DD): the week is taken from the "
            "other rows of route {route!r}"
        ),
        "date_format": "{value!r} read as {date} (expected YYYY-MM-DD)",
        "no_week": (
            "no usable Date, and no other row of route {route!r} has one: the week of the "
            "cycle cannot be told"
        ),
        "week_from_route_row": (
            "no usable Date: week {week} taken from the other rows of route {route!r}"
        ),
        "week_from_route": (
            "no Date in the file: the routes of each weekday, in natural order "
            "('Day 2' before 'Day 10'), are taken as weeks 1, 2, … of the {cycle}-week cycle "
            "({detail})"
        ),
        "too_many_routes": (
            "route {route!r} is the {rank}th route on {day} but the cycle has {cycle} weeks: "
            "its week cannot be told"
        ),
        "no_route": "empty: the round is told by Date and Day",
        "bad_frequency": (
            "{value!r} is not a whole number of weeks from 1 to {max}: the row cannot be "
            "placed in the cycle"
        ),
        "frequency_not_divisor": (
            "{frequency} weeks does not divide the {cycle}-week cycle (the largest Frequency): "
            "the route cannot repeat evenly; counted as one visit per cycle"
        ),
        "frequency_mixed": (
            "{frequency} where the other rows of route {route!r} say {usual}: kept as given"
        ),
        "route_weeks_mixed": (
            "route {route!r} runs in week {other} on line {other_line} but in week {week} here"
        ),
        "empty_time": "empty: the visit has no time",
        "bad_time": "{value!r} is not a time; expected HH:MM",
        "time_separator": "{value!r} read as {time} ({sep!r} for ':')",
        "time_short": (
            "{value!r} read as {time} (a dropped trailing zero: the only reading on the "
            "5-minute grid)"
        ),
        "end_before_start_swapped": (
            "ends at {end} before it starts at {start}: the times are swapped, {new}, "
            "a {minutes}-minute session clear of the other sessions of its round"
        ),
        "end_before_start": (
            "ends at {end} before it starts at {start}; swapped, {new} would be {why}: the "
            "visit has no usable time"
        ),
        "why_long": "{minutes} minutes long (more than {max})",
        "why_overlap": "overlapping line {line} ({other})",
        "zero_session": "ends when it starts ({start}): no session",
        "long_session": (
            "{start}–{end} lasts {minutes} minutes, more than {max} hours: not a stop of a round"
        ),
        "empty_coordinates": "empty: the stop cannot be placed on a map",
        "bad_coordinates": "{value!r} is not a number of degrees",
        "coordinates_range": "({lon}, {lat}) is not a WGS84 position",
        "coordinates_zero": "(0, 0) is not a position in the service area",
        "shared_point": (
            "the same point ({lon:.6f}, {lat:.6f}) is given to {n} different places ({names}): "
            "a geocoder's fall-back point, the position cannot be trusted"
        ),
        "outlier": (
            "{km:.1f} km from the median position of the other {n} stops of its round "
            "(route {route!r}, {day}, week {week}), whose median spread is {spread:.1f} km "
            "(rule: more than {limit:.0f} km and more than {factor:.0f}×): a geocoding error "
            "(an ambiguous place name?); the position cannot be trusted"
        ),
        "spelling": (
            "the same place as line {line} ({other!r}, {metres:.0f} m apart) spelt {this!r}: "
            "merged under {other!r}"
        ),
        "same_name_moved": (
            "the same names as line {line}, {metres:.0f} m away: one place, at the position "
            "of line {line}"
        ),
        "same_name_far": ("the same names as line {line} but {km:.1f} km away: kept as two places"),
        "shared_position": (
            "at the same point as line {line} ({other!r}): probably geocoded to the village, "
            "not to the stop; kept as two stops"
        ),
        "overlap": (
            "{start}–{end} overlaps line {line} ({other_start}–{other_end}) on the same round: "
            "both kept (a checked plan shows it)"
        ),
        "duplicate_week": (
            "the same stop, day and time as line {line} in week {week}: this row adds no visit"
        ),
        "duplicate_week_partly": (
            "the same stop, day and time as line {line} in {n|week|weeks} {weeks}: counted once"
        ),
        "uneven": (
            "{name}, {day} {start}: visits in weeks {weeks} are not evenly spaced over the "
            "{cycle}-week cycle; split into {n} stops: {pieces}"
        ),
        "session_mixed": (
            "ends at {end} ({minutes} min) where this stop's other visits last {usual} min: "
            "the stop's session length is {usual} min; this visit keeps its published end"
        ),
        "two_stops": (
            "{name} is published on {n} weekday and start-time slots ({slots}): a busplanner "
            "stop keeps one weekday and one start time, so it becomes {n} stops ({ids})"
        ),
        "other_mobiles": "{n} rows of the other mobiles ({mobiles}) are left aside",
    },
    "fr": {
        "swapped_columns": (
            "les colonnes Stop et Community sont inversées : Address se lit « <arrêt>, "
            "<commune> » avec la commune dans la colonne Stop sur {n} lignes sur {m} (par "
            "exemple ligne {example} : {address!r}) ; chaque ligne est lue en échangeant les "
            "deux colonnes"
        ),
        "extra_cells": "{n} cellules pour {m} colonnes : les cellules en trop sont ignorées",
        "short_row": "{n} cellules pour {m} colonnes : les cellules absentes sont lues vides",
        "no_mobile": "vide : lue comme l'unique bibliobus du fichier, {mobile!r}",
        "no_mobile_many": (
            "vide, et le fichier compte plusieurs bibliobus : la ligne ne peut être rattachée"
        ),
        "html_entity": "{old!r} contient des codes HTML : lu {new!r}",
        "mojibake": "{old!r} est de l'UTF-8 lu en Windows-1252 (mojibake) : lu {new!r}",
        "cp1252": (
            "l'octet {byte} n'est pas de l'UTF-8 : le fichier est lu comme du Windows-1252, "
            "l'encodage des CSV d'Excel sous Windows (lu : {sample!r}) ; vérifiez les "
            "accents, ou dans Excel enregistrez en « CSV UTF-8 (délimité par des virgules) »"
        ),
        "no_stop_name": "vide : l'arrêt prend le nom de sa commune, {name!r}",
        "no_place_name": "Stop et Community sont vides : aucun lieu à nommer",
        "not_public": (
            "{name!r} n'est pas un arrêt public{depot_hint} : pas une visite, hors de la rotation"
        ),
        "depot_hint": (
            " ; c'est peut-être le dépôt du bibliobus : `--depot {lat:.6f},{lon:.6f}` planifie "
            "depuis ce point"
        ),
        "no_day": "ni Day ni Route{depot_hint} : pas une visite de la rotation",
        "empty_day": "vide, et pas de Date pour donner le jour : la visite n'a pas de jour",
        "not_public_no_day": (
            "{name!r} n'est pas un arrêt public et n'a ni Day ni Route{depot_hint} : pas une "
            "visite, hors de la rotation"
        ),
        "day_from_date": "vide : le jour est celui de la Date {date}, un {day}",
        "bad_day": "{value!r} n'est pas un jour de la semaine ; attendu Monday … Sunday",
        "day_date_mismatch": (
            "la Date {date} est un {date_day} mais Day indique {day} : Day est gardé (le jour "
            "que lisent les habitants), la semaine vient de la Date"
        ),
        "bad_date": (
            "{value!r} n'est pas une date (attendu AAAA-MM-JJ) : la semaine est prise des "
            "autres lignes de la tournée {route!r}"
        ),
        "date_format": "{value!r} lu {date} (attendu AAAA-MM-JJ)",
        "no_week": (
            "pas de Date utilisable, et aucune autre ligne de la tournée {route!r} n'en a : "
            "la semaine du cycle est inconnue"
        ),
        "week_from_route_row": (
            "pas de Date utilisable : semaine {week}, celle des autres lignes de la tournée "
            "{route!r}"
        ),
        "week_from_route": (
            "aucune Date dans le fichier : les tournées de chaque jour, dans l'ordre naturel "
            "(« Day 2 » avant « Day 10 »), sont les semaines 1, 2, … du cycle de {cycle} "
            "{cycle|semaine|semaines} ({detail})"
        ),
        "too_many_routes": (
            "la tournée {route!r} est la {rank}e du {day} mais le cycle ne compte que {cycle} "
            "{cycle|semaine|semaines} : sa semaine est inconnue"
        ),
        "no_route": "vide : la tournée est donnée par Date et Day",
        "bad_frequency": (
            "{value!r} n'est pas un nombre entier de semaines de 1 à {max} : la ligne ne peut "
            "être placée dans le cycle"
        ),
        "frequency_not_divisor": (
            "{frequency} semaines ne divise pas le cycle de {cycle} semaines (la plus grande "
            "Frequency) : la tournée ne peut revenir régulièrement ; comptée une fois par cycle"
        ),
        "frequency_mixed": (
            "{frequency} alors que les autres lignes de la tournée {route!r} indiquent {usual} "
            ": gardé tel quel"
        ),
        "route_weeks_mixed": (
            "la tournée {route!r} roule en semaine {other} ligne {other_line} mais en semaine "
            "{week} ici"
        ),
        "empty_time": "vide : la visite n'a pas d'horaire",
        "bad_time": "{value!r} n'est pas une heure ; attendu HH:MM",
        "time_separator": "{value!r} lu {time} ({sep!r} au lieu de ':')",
        "time_short": (
            "{value!r} lu {time} (un zéro final perdu : la seule lecture sur la grille de "
            "5 minutes)"
        ),
        "end_before_start_swapped": (
            "finit à {end} avant de commencer à {start} : horaires inversés, {new}, une séance "
            "de {minutes} minutes qui ne chevauche aucune autre séance de sa tournée"
        ),
        "end_before_start": (
            "finit à {end} avant de commencer à {start} ; inversé, {new} serait {why} : la "
            "visite n'a pas d'horaire utilisable"
        ),
        "why_long": "longue de {minutes} minutes (plus de {max})",
        "why_overlap": "en chevauchement avec la ligne {line} ({other})",
        "zero_session": "finit quand elle commence ({start}) : aucune séance",
        "long_session": (
            "{start}–{end} dure {minutes} minutes, plus de {max} heures : pas un arrêt d'une "
            "tournée"
        ),
        "empty_coordinates": "vide : l'arrêt ne peut être placé sur une carte",
        "bad_coordinates": "{value!r} n'est pas un nombre de degrés",
        "coordinates_range": "({lon}, {lat}) n'est pas une position WGS84",
        "coordinates_zero": "(0, 0) n'est pas une position de la zone desservie",
        "shared_point": (
            "le même point ({lon:.6f}, {lat:.6f}) est donné à {n} lieux différents ({names}) : "
            "le point par défaut d'un géocodeur, la position n'est pas fiable"
        ),
        "outlier": (
            "à {km:.1f} km de la position médiane des {n} autres arrêts de sa tournée "
            "(tournée {route!r}, {day}, semaine {week}), dont l'écart médian est de "
            "{spread:.1f} km (règle : plus de {limit:.0f} km et plus de {factor:.0f} fois) : "
            "une erreur de géocodage (un nom de lieu ambigu ?) ; la position n'est pas fiable"
        ),
        "spelling": (
            "le même lieu que la ligne {line} ({other!r}, à {metres:.0f} m) écrit {this!r} : "
            "fusionné sous {other!r}"
        ),
        "same_name_moved": (
            "les mêmes noms que la ligne {line}, à {metres:.0f} m : un seul lieu, à la "
            "position de la ligne {line}"
        ),
        "same_name_far": (
            "les mêmes noms que la ligne {line} mais à {km:.1f} km : gardés comme deux lieux"
        ),
        "shared_position": (
            "au même point que la ligne {line} ({other!r}) : sans doute géocodé sur le "
            "village et non sur l'arrêt ; gardés comme deux arrêts"
        ),
        "overlap": (
            "{start}–{end} chevauche la ligne {line} ({other_start}–{other_end}) dans la même "
            "tournée : les deux sont gardées (un plan vérifié le montre)"
        ),
        "duplicate_week": (
            "le même arrêt, jour et horaire que la ligne {line} en semaine {week} : cette "
            "ligne n'ajoute aucune visite"
        ),
        "duplicate_week_partly": (
            "le même arrêt, jour et horaire que la ligne {line} en {n|semaine|semaines} {weeks} : "
            "compté une fois"
        ),
        "uneven": (
            "{name}, {day} {start} : les visites des semaines {weeks} ne sont pas régulièrement "
            "espacées sur le cycle de {cycle} semaines ; scindé en {n} arrêts : {pieces}"
        ),
        "session_mixed": (
            "finit à {end} ({minutes} min) alors que les autres visites de cet arrêt durent "
            "{usual} min : la durée de séance de l'arrêt est de {usual} min ; cette visite "
            "garde sa fin publiée"
        ),
        "two_stops": (
            "{name} est publié sur {n} créneaux jour et heure ({slots}) : un arrêt busplanner "
            "garde un seul jour et une seule heure de début, il devient donc {n} arrêts ({ids})"
        ),
        "other_mobiles": "{n} lignes des autres bibliobus ({mobiles}) sont laissées de côté",
    },
}

_REPORT_TEXT = section("import_report.")


@dataclass(frozen=True)
class Issue:
    """One line of the import report: a defect of a row, or a note on the whole file.

    Attributes
    ----------
    line
        Line of the file (the header is line 1), for a file-wide issue the header's.
    field
        The column (as the file names it), e.g. ``End`` or ``Longitude/Latitude``.
    action
        ``fixed``, ``skipped`` (the row is not a visit), ``flagged`` (kept as published, worth
        a look) or ``note`` (not a defect).
    kind
        What it is, e.g. ``time_dot`` or ``outlier`` (see ``docs/import.md``).
    params
        The values the message shows.
    """

    line: int
    field: str
    action: str
    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str = "fr") -> str:
        """What was found and what was done, in French (``fr``) or English (``en``)."""
        lang = "fr" if lang.startswith("fr") else "en"
        values = {
            k: v.render(lang) if isinstance(v, _Lazy) else _localise(v, lang)
            for k, v in self.params
        }
        if "depot_hint" in values:
            hint = values["depot_hint"]
            values["depot_hint"] = (
                _MESSAGES[lang]["depot_hint"].format(lat=hint[0], lon=hint[1]) if hint else ""
            )
        return fill(_MESSAGES[lang][self.kind], lang, values)  # plurals: {n|week|weeks}

    def text(self, file: str, lang: str = "fr") -> str:
        """The report line: ``file line N, Field: action: message``."""
        lang = "fr" if lang.startswith("fr") else "en"
        return _REPORT_TEXT[lang]["line"].format(
            file=file,
            line=self.line,
            field=t("field.file", lang) if self.field == "(file)" else self.field,
            action=_ACTION_TEXT[lang][self.action],
            message=self.message(lang),
        )


class _Localised(float):
    """A float that formats with a decimal comma in French (see :func:`_localise`)."""

    def __format__(self, spec: str) -> str:
        return float.__format__(self, spec).replace(".", ",")


def _localise(value: Any, lang: str) -> Any:
    if lang == "fr" and isinstance(value, float) and not isinstance(value, bool):
        return _Localised(value)
    if isinstance(value, str) and value in WEEKDAYS:
        return WEEKDAYS_FR[value] if lang == "fr" else value.capitalize()
    return value


class _Lazy:
    """A part of a message that depends on the language (rendered by Issue.message)."""

    def render(self, lang: str) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class _Why(_Lazy):
    """A sub-message: why a swap of times was refused."""

    kind: str
    params: tuple[tuple[str, Any], ...]

    def render(self, lang: str) -> str:
        return _MESSAGES[lang][self.kind].format(**dict(self.params))


@dataclass(frozen=True)
class _Slots(_Lazy):
    """Weekdays and start times: "Monday 10:00, Wednesday 14:00"."""

    slots: tuple[tuple[str, str], ...]

    def render(self, lang: str) -> str:
        return ", ".join(f"{_localise(d, lang)} {t}" for d, t in self.slots)


@dataclass(frozen=True)
class _RouteWeeks(_Lazy):
    """Routes of each weekday and the week each is taken as."""

    days: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]

    def render(self, lang: str) -> str:
        colon = " : " if lang == "fr" else ": "
        return "; ".join(
            f"{_localise(d, lang)}{colon}" + ", ".join(f"{r or '?'} = {w}" for r, w in routes)
            for d, routes in self.days
        )


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


@dataclass(frozen=True)
class LunchRule:
    """The lunch break derived from the published midday gaps (see ``docs/import.md``).

    ``gaps`` are the midday gaps (minutes, net of the modelled drive) of the ``days_with_gap``
    published days that have one; ``days_keeping`` of them are at least ``duration_min`` long.
    ``assumed`` is true when no day has a midday gap and the default was used.
    """

    earliest_min: int
    latest_end_min: int
    duration_min: int
    days: int
    days_with_gap: int
    days_keeping: int
    gaps: tuple[int, ...]
    assumed: bool = False


@dataclass(frozen=True)
class TimetableImport:
    """What ``busplanner import timetable`` reads from one mobile of a timetable.

    Build it with :func:`import_timetable`; :meth:`files` gives the four output files.
    """

    source: str
    mobile: str
    mobiles: tuple[str, ...]
    rows: int
    row_lines: tuple[int, ...]
    issues: tuple[Issue, ...]
    stops: tuple[ImportedStop, ...]
    cycle_weeks: int
    days: tuple[str, ...]
    open_start_min: int
    open_end_min: int
    shift_start_min: int
    shift_end_min: int
    time_step_min: int
    session_min: int
    lunch: LunchRule
    depot: Depot
    depot_assumed: bool
    scenario: Scenario
    scenario_text: str
    stops_csv: str
    plan: Plan
    file_name: str = field(default="")

    @property
    def visits(self) -> int:
        """Visits per cycle, all stops."""
        return sum(s.visits_per_cycle for s in self.stops)

    @property
    def defects(self) -> tuple[Issue, ...]:
        """The report lines that are defects (fixed, skipped or flagged), not notes."""
        return tuple(i for i in self.issues if i.action != "note")

    @property
    def skipped_lines(self) -> tuple[int, ...]:
        """Lines of this mobile's rows that are not visits (reported as skipped)."""
        return tuple(sorted({i.line for i in self.issues if i.action == "skipped"}))

    def count(self, action: str) -> int:
        """Report lines with this action."""
        return sum(1 for i in self.issues if i.action == action)

    def report_lines(self, lang: str = "fr") -> list[str]:
        """One line per issue, in file order."""
        return [i.text(self.file_name or self.source, lang) for i in self.issues]

    def summary_lines(self, lang: str = "fr") -> list[str]:
        """The figures of the import, a few lines."""
        lang = "fr" if lang.startswith("fr") else "en"
        t = _REPORT_TEXT[lang]
        days = ", ".join(_localise(d, lang) for d in self.days)
        lr = self.lunch
        return [
            t["result"].format(
                stops=len(self.stops),
                visits=self.visits,
                cycle=self.cycle_weeks,
                days=days,
                open=f"{format_hhmm(self.open_start_min)}–{format_hhmm(self.open_end_min)}",
                used=len(set(self.row_lines) - set(self.skipped_lines)),
                skipped=len(self.skipped_lines),
            ),
            t["depot"].format(depot=self.depot.name),
            t["lunch"].format(
                duration=lr.duration_min,
                earliest=format_hhmm(lr.earliest_min),
                latest=format_hhmm(lr.latest_end_min),
                kept=lr.days_keeping,
                days=lr.days_with_gap,
            ),
        ]

    def report_text(self, lang: str = "fr") -> str:
        """The whole report, as ``import-report.txt`` holds it."""
        lang = "fr" if lang.startswith("fr") else "en"
        t = _REPORT_TEXT[lang]
        head = [
            t["title"].format(file=self.file_name or self.source, mobile=self.mobile),
            t["rows"].format(
                rows=self.rows,
                fixed=self.count("fixed"),
                skipped=self.count("skipped"),
                flagged=self.count("flagged"),
                notes=self.count("note"),
            ),
            "",
        ]
        body = self.report_lines(lang) or [t["no_defect"]]
        return "\n".join([*head, *body, "", *self.summary_lines(lang)]) + "\n"

    def files(self, lang: str = "fr") -> dict[str, str]:
        """The four output files: name -> text."""
        return {
            "stops.csv": self.stops_csv,
            "scenario.toml": self.scenario_text,
            "current.json": self.plan.to_json(),
            "import-report.txt": self.report_text(lang),
        }


# --------------------------------------------------------------------------------------
# Rows


@dataclass
class _Row:
    """One row of the timetable while it is being read (internal, mutable)."""

    line: int
    cells: dict[str, str]
    route: str = ""
    community: str = ""
    stop: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    date: dt.date | None = None
    day: str | None = None
    frequency: int | None = None
    start: int | None = None
    end: int | None = None
    reversed_times: bool = False
    week: int | None = None
    skipped: bool = False
    place: int = -1

    @property
    def point(self) -> tuple[float, float]:
        assert self.lon is not None and self.lat is not None
        return self.lon, self.lat

    @property
    def label(self) -> str:
        return _place_name(self.community, self.stop)


class _Report:
    """Collects report lines."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, at: int, field_: str, action: str, kind: str, /, **params: Any) -> None:
        self.issues.append(Issue(at, field_, action, kind, tuple(params.items())))

    def skip(self, row: _Row, field_: str, kind: str, /, **params: Any) -> None:
        row.skipped = True
        self.add(row.line, field_, "skipped", kind, **params)


def import_timetable(
    path: Path,
    *,
    mobile: str | None = None,
    depot: tuple[float, float] | None = None,
    out: Path | None = None,
    lang: str = "fr",
) -> TimetableImport:
    """Read one mobile of a published timetable and build its stops, scenario and plan.

    Parameters
    ----------
    path
        The timetable CSV (LibrariesHacked layout, see ``docs/import.md``).
    mobile
        The mobile to import (the ``Mobile`` column); needed when the file holds several.
    depot
        The depot as ``(lat, lon)``; without it the medoid of the stops is used (an
        ASSUMPTION written into the scenario).
    out
        The folder the files will be written to (recorded as the plan's scenario path).
    lang
        The scenario's ``lang``.

    Raises
    ------
    InputError
        A missing or unreadable file, not a CSV, missing columns, several mobiles and no
        ``mobile``, an unknown ``mobile``, a depot far from every stop, or no usable row.
    """
    path = Path(path)
    file = str(path)
    read_as: list[str] = []  # the file's encoding, when not UTF-8
    header, records = _read_csv(path, read_as)
    report = _Report()
    for note in read_as:  # a Msg of busplanner.errors.decode_input
        params = getattr(note, "params", {})
        report.add(
            params.get("line", 1),
            "(file)",
            "fixed",
            "cp1252",
            byte=params.get("byte", ""),
            sample=params.get("sample", ""),
        )
    wanted = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    columns = {name: i for i, name in enumerate(header) if name in wanted}

    def cells_of(values: list[str]) -> dict[str, str]:
        out = {name: values[i].strip() if i < len(values) else "" for name, i in columns.items()}
        for name in OPTIONAL_COLUMNS:
            out.setdefault(name, "")
        return out

    all_rows = [_Row(line, cells_of(values)) for line, values in records]
    names = list(dict.fromkeys(r.cells["Mobile"] for r in all_rows if r.cells["Mobile"]))
    chosen = _choose_mobile(file, names, mobile)
    rows: list[_Row] = []
    for r, (_line, values) in zip(all_rows, records, strict=True):
        name = r.cells["Mobile"]
        if name and name != chosen:
            continue
        rows.append(r)
        if len(values) > len(header):
            report.add(r.line, "(row)", "flagged", "extra_cells", n=len(values), m=len(header))
        elif len(values) < len(header):
            report.add(r.line, "(row)", "flagged", "short_row", n=len(values), m=len(header))
        if not name:
            if len(names) <= 1:
                report.add(r.line, "Mobile", "fixed", "no_mobile", mobile=chosen)
            else:
                report.skip(r, "Mobile", "no_mobile_many")
    others = len(all_rows) - len(rows)
    if others:
        report.add(
            1,
            "Mobile",
            "note",
            "other_mobiles",
            n=others,
            mobiles=", ".join(n for n in names if n != chosen),
        )

    swapped = _detect_swap(rows, report)
    for r in rows:
        if not r.skipped:
            _read_texts(r, swapped, report)
        for read in (_read_day_and_date, _read_frequency, _read_times, _read_coordinates):
            if not r.skipped:
                read(r, report)

    def live() -> list[_Row]:
        return [r for r in rows if not r.skipped]

    if not live():
        raise _no_rows(file, chosen, report)
    cycle = max(r.frequency for r in live() if r.frequency is not None)
    _check_frequencies(live(), cycle, report)
    _assign_weeks(live(), cycle, report)
    _settle_reversed_times(live(), report)
    _skip_shared_points(live(), _all_points(all_rows, swapped), report)
    _skip_outliers(live(), report)
    if not live():
        raise _no_rows(file, chosen, report)
    _flag_overlaps(live(), report)
    places = _group_places(live(), report)
    stops = _build_stops(live(), places, cycle, report)

    days = tuple(d for d in WEEKDAYS if any(s.weekday == d for s in stops))
    starts = [s.start_min for s in stops]
    ends = [e for s in stops for e in s.ends]
    open_start, open_end = min(starts), max(ends)
    step = next(k for k in (5, 4, 3, 2, 1) if all(t % k == 0 for t in (*starts, *ends)))
    session_min = int(statistics.median_low(s.session_min for s in stops))
    depot_value = _depot(file, stops, depot, lang)

    scenario_path = (out or Path(".")) / "scenario.toml"
    settings = _Settings(
        title=f"Mobile library {chosen} ({path.name})",
        file=path.name,
        mobile=chosen,
        lang="fr" if lang.startswith("fr") else "en",
        depot=depot_value,
        depot_assumed=depot is None,
        days=days,
        open_start=open_start,
        open_end=open_end,
        shift_start=open_start,
        shift_end=open_end,
        cycle=cycle,
        session_min=session_min,
        step=step,
        lunch=LunchRule(*DEFAULT_LUNCH, 0, 0, 0, (), assumed=True),
        region=region_of([(s.lon, s.lat) for s in stops]),
    )
    # The travel model does not depend on the lunch break or the shift, which depend on it.
    provisional = parse_scenario(tomllib.loads(_scenario_text(settings)), path=scenario_path)
    legs = _Legs(
        provisional,
        [(depot_value.lon, depot_value.lat), *((s.lon, s.lat) for s in stops)],
    )
    sessions = _day_sessions(stops)
    lunch = _derive_lunch(sessions, legs)
    shift_start, shift_end = _shift(sessions, legs, open_start, open_end)
    settings = replace(settings, lunch=lunch, shift_start=shift_start, shift_end=shift_end)
    text = _scenario_text(settings)
    scenario = parse_scenario(tomllib.loads(text), path=scenario_path)
    plan = _build_plan(stops, sessions, scenario, legs, file=path.name, mobile=chosen)
    skipped_rows = len({i.line for i in report.issues if i.action == "skipped"})
    plan = replace(plan, imported={"file": path.name, "rows": len(rows), "skipped": skipped_rows})
    return TimetableImport(
        source=file,
        file_name=path.name,
        mobile=chosen,
        mobiles=tuple(names),
        rows=len(rows),
        row_lines=tuple(r.line for r in rows),
        issues=tuple(sorted(report.issues, key=lambda i: i.line)),
        stops=stops,
        cycle_weeks=cycle,
        days=days,
        open_start_min=open_start,
        open_end_min=open_end,
        shift_start_min=shift_start,
        shift_end_min=shift_end,
        time_step_min=step,
        session_min=session_min,
        lunch=lunch,
        depot=depot_value,
        depot_assumed=depot is None,
        scenario=scenario,
        scenario_text=text,
        stops_csv=_stops_csv(stops),
        plan=plan,
    )


def _no_rows(file: str, mobile: str, report: _Report) -> InputError:
    problems = [
        Problem(
            file,
            Msg("sheet.where", line=i.line, label=i.field),
            Msg("timetable.skipped", why=Pair(i.message("en"), i.message("fr"))),
        )
        for i in sorted(report.issues, key=lambda i: i.line)
        if i.action == "skipped"
    ]
    problems.append(
        Problem(
            file,
            "(rows)",
            Msg("timetable.no_usable_visit", mobile=repr(mobile)),
        )
    )
    return InputError(problems)


def _read_csv(path: Path, warnings: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (known columns spelt canonically) and the records with their first line;
    a file that is not UTF-8 is read as Windows-1252 and said so in ``warnings``."""
    file = str(path)
    expected = Msg(
        "timetable.expected",
        required=", ".join(REQUIRED_COLUMNS),
        optional=", ".join(OPTIONAL_COLUMNS),
    )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            Problem(file, "(file)", Msg("timetable.no_such_file", expected=expected))
        ) from None
    except IsADirectoryError:
        raise InputError(
            Problem(file, "(file)", Msg("timetable.folder", expected=expected))
        ) from None
    except OSError as exc:
        raise InputError(
            Problem(file, "(file)", Msg("scenario.unreadable", why=exc.strerror))
        ) from None
    text = decode_input(raw, file, warnings=warnings)
    if not text.strip():
        raise InputError(Problem(file, "(file)", Msg("territory.empty", expected=expected)))
    if "\x00" in text:
        raise InputError(Problem(file, "(file)", Msg("timetable.not_text", expected=expected)))
    # French Excel's CSV (opendata.csv written with --csv-dialect excel-fr): ';' between
    # cells and a decimal comma in the coordinates.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(
            Problem(
                file,
                Msg("timetable.line", line=1),
                Msg("timetable.bad_csv", why=str(exc), expected=expected),
            )
        ) from None
    known = {c.lower(): c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    canonical = [known.get(h.strip().lower(), h.strip()) for h in header]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in canonical]
    if missing:
        found = ", ".join(h for h in canonical if h)
        shown = found if len(found) <= 120 else found[:117] + "..."
        problems.append(
            Problem(
                file,
                Msg("timetable.header_line"),
                Msg(
                    "timetable.missing_columns",
                    n=len(missing),
                    missing=", ".join(missing),
                    expected=expected,
                    found=shown or Msg("timetable.none"),
                ),
            )
        )
    for c in sorted({c for c in canonical if c in known.values() and canonical.count(c) > 1}):
        problems.append(
            Problem(
                file, Msg("timetable.header_line"), Msg("timetable.column_twice", column=repr(c))
            )
        )
    if problems:
        raise InputError(problems)
    records: list[tuple[int, list[str]]] = []
    last = 1
    try:
        for cells in reader:
            first, last = last + 1, reader.line_num
            if any(c.strip() for c in cells):
                records.append((first, cells))
    except csv.Error as exc:
        raise InputError(
            Problem(
                file,
                Msg("timetable.line", line=reader.line_num),
                Msg("timetable.bad_csv", why=str(exc), expected=expected),
            )
        ) from None
    if not records:
        raise InputError(Problem(file, "(rows)", Msg("timetable.no_rows")))
    if delimiter == ";":
        for name in ("Longitude", "Latitude"):
            j = canonical.index(name)
            for _, cells in records:
                if j < len(cells) and "." not in cells[j]:
                    cells[j] = cells[j].replace(",", ".")
    return canonical, records


def _choose_mobile(file: str, names: list[str], mobile: str | None) -> str:
    if mobile is None:
        if len(names) > 1:
            raise InputError(
                Problem(
                    file,
                    "Mobile",
                    Msg("timetable.several_mobiles", n=len(names), names=", ".join(names)),
                )
            )
        return names[0] if names else Path(file).stem
    by_key = {n.casefold(): n for n in names}
    if mobile.strip().casefold() in by_key:
        return by_key[mobile.strip().casefold()]
    raise InputError(
        Problem(
            file,
            "--mobile",
            Msg(
                "timetable.unknown_mobile",
                mobile=repr(mobile),
                names=", ".join(names) or Msg("timetable.no_mobile_names"),
            ),
        )
    )


# --------------------------------------------------------------------------------------
# Fields


def _norm(text: str) -> str:
    """Lower-case ASCII words, for comparing names: "St. John's Close" -> "st john s close"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def _place_name(community: str, stop: str) -> str:
    if not stop or _norm(stop) == _norm(community):
        return community
    if not community:
        return stop
    return f"{community} — {stop}"


def _detect_swap(rows: list[_Row], report: _Report) -> bool:
    """True when Address reads "<stop>, <community>" with the community in the Stop column."""
    normal = swapped = 0
    example: _Row | None = None
    for r in rows:
        a = _norm(html.unescape(r.cells["Address"]))
        s = _norm(html.unescape(r.cells["Stop"]))
        c = _norm(html.unescape(r.cells["Community"]))
        if not a or not s or not c or s == c:
            continue
        if a.startswith(s) and a.endswith(c):
            normal += 1
        elif a.startswith(c) and a.endswith(s):
            swapped += 1
            example = example or r
    if swapped > normal and example is not None:
        report.add(
            1,
            "Stop/Community",
            "fixed",
            "swapped_columns",
            n=swapped,
            m=swapped + normal,
            example=example.line,
            address=example.cells["Address"],
        )
        return True
    return False


_MOJIBAKE = re.compile("[âÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _clean_text(value: str, field_: str, row: _Row, report: _Report) -> str:
    """Decode HTML escapes (``&#39;``) and mojibake (``â€™``), each reported as fixed."""
    if "&" in value and (new := html.unescape(value)) != value:
        report.add(row.line, field_, "fixed", "html_entity", old=value, new=new)
        value = new
    if _MOJIBAKE.search(value):
        try:
            new = value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            new = value
        if new != value:
            report.add(row.line, field_, "fixed", "mojibake", old=value, new=new)
            value = new
    return value


def _columns(swapped: bool) -> tuple[str, str]:
    """The columns holding the community and the stop."""
    return ("Stop", "Community") if swapped else ("Community", "Stop")


def _read_texts(r: _Row, swapped: bool, report: _Report) -> None:
    community_col, stop_col = _columns(swapped)
    r.community = _clean_text(r.cells[community_col], community_col, r, report)
    r.stop = _clean_text(r.cells[stop_col], stop_col, r, report)
    r.address = _clean_text(r.cells["Address"], "Address", r, report)
    r.route = _clean_text(r.cells["Route"], "Route", r, report)
    both = f"{community_col}/{stop_col}"
    if not r.community and not r.stop:
        report.skip(r, both, "no_place_name")
        return
    if "not a public stop" in f"{r.community} {r.stop}".lower():
        kind = "not_public" if r.cells["Day"] or r.route else "not_public_no_day"
        name = ", ".join(t for t in (r.stop, r.community) if t)
        report.skip(r, both, kind, name=name, depot_hint=_depot_hint(r))
        return
    if not r.community:
        r.community = r.stop
    elif not r.stop:
        report.add(r.line, stop_col, "fixed", "no_stop_name", name=r.community)
        r.stop = r.community


def _depot_hint(r: _Row) -> tuple[float, float] | None:
    """(lat, lon) of a row whose name says it is a depot."""
    if "depot" not in f"{r.community} {r.stop}".lower():
        return None
    try:
        return float(r.cells["Latitude"]), float(r.cells["Longitude"])
    except ValueError:
        return None


def _read_date(value: str) -> tuple[dt.date | None, bool]:
    """The date, and whether it was written in another form than YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value), False
    except ValueError:
        pass
    for form in ("%d/%m/%Y", "%d-%b-%Y", "%d/%b/%Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value, form).date(), True
        except ValueError:
            continue
    return None, False


def _weekday(value: str) -> str | None:
    """An English weekday from an English or French name, or an English abbreviation."""
    key = value.strip().lower()
    if key in WEEKDAYS:
        return key
    for en, fr in WEEKDAYS_FR.items():
        if key == fr:
            return en
    matches = [d for d in WEEKDAYS if len(key) >= 3 and d.startswith(key)]
    return matches[0] if len(matches) == 1 else None


def _read_day_and_date(r: _Row, report: _Report) -> None:
    raw_date = r.cells["Date"]
    if raw_date:
        date, other_form = _read_date(raw_date)
        if date is None:
            report.add(r.line, "Date", "flagged", "bad_date", value=raw_date, route=r.route)
        elif other_form:
            report.add(r.line, "Date", "fixed", "date_format", value=raw_date, date=str(date))
        r.date = date
    raw_day = r.cells["Day"]
    if not raw_day:
        if r.date is not None:
            r.day = WEEKDAYS[r.date.weekday()]
            report.add(r.line, "Day", "fixed", "day_from_date", date=str(r.date), day=r.day)
        elif not r.route:
            report.skip(r, "Day/Route", "no_day", depot_hint=_depot_hint(r))
        else:
            report.skip(r, "Day", "empty_day")
        return
    r.day = _weekday(raw_day)
    if r.day is None:
        report.skip(r, "Day", "bad_day", value=raw_day)
        return
    if r.date is not None and WEEKDAYS[r.date.weekday()] != r.day:
        report.add(
            r.line,
            "Date/Day",
            "flagged",
            "day_date_mismatch",
            date=str(r.date),
            date_day=WEEKDAYS[r.date.weekday()],
            day=r.day,
        )
    if not r.route:
        report.add(r.line, "Route", "flagged", "no_route")


def _read_frequency(r: _Row, report: _Report) -> None:
    raw = r.cells["Frequency"]
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value.is_integer() and 1 <= value <= MAX_FREQUENCY):
        report.skip(r, "Frequency", "bad_frequency", value=raw, max=MAX_FREQUENCY)
        return
    r.frequency = int(value)


_TIME = re.compile(r"^(\d{1,2})\s*([:.hH])\s*(\d{1,2})(?::\d{2})?$")


def _read_time(r: _Row, field_: str, report: _Report) -> int | None:
    """Minutes after midnight; ``12.30`` and ``11:1`` are read (reported), others skipped."""
    raw = r.cells[field_]
    if not raw:
        report.skip(r, field_, "empty_time")
        return None
    m = _TIME.match(raw)
    if not m:
        report.skip(r, field_, "bad_time", value=raw)
        return None
    hours, sep, digits = int(m.group(1)), m.group(2), m.group(3)
    minutes = int(digits) * 10 if len(digits) == 1 else int(digits)
    if hours > 23 or minutes > 59:
        report.skip(r, field_, "bad_time", value=raw)
        return None
    value = hours * 60 + minutes
    if len(digits) == 1:
        report.add(r.line, field_, "fixed", "time_short", value=raw, time=format_hhmm(value))
    elif sep != ":":
        report.add(
            r.line, field_, "fixed", "time_separator", value=raw, sep=sep, time=format_hhmm(value)
        )
    return value


def _read_times(r: _Row, report: _Report) -> None:
    if not r.cells["Start"] and not r.cells["End"]:
        report.skip(r, "Start/End", "empty_time")
        return
    start = _read_time(r, "Start", report)
    end = _read_time(r, "End", report)
    if start is None or end is None:
        r.skipped = True
        return
    if end == start:
        report.skip(r, "Start/End", "zero_session", start=format_hhmm(start))
        return
    if end - start > MAX_SESSION_MIN:
        report.skip(
            r,
            "Start/End",
            "long_session",
            start=format_hhmm(start),
            end=format_hhmm(end),
            minutes=end - start,
            max=MAX_SESSION_MIN // 60,
        )
        return
    r.start, r.end = start, end
    r.reversed_times = end < start  # settled once the rounds are known


def _coordinates(cells: Mapping[str, str]) -> tuple[float, float] | None:
    try:
        lon, lat = float(cells["Longitude"]), float(cells["Latitude"])
    except ValueError:
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or (lon == 0 and lat == 0):
        return None
    return lon, lat


def _read_coordinates(r: _Row, report: _Report) -> None:
    raw_lon, raw_lat = r.cells["Longitude"], r.cells["Latitude"]
    if not raw_lon or not raw_lat:
        report.skip(r, "Longitude/Latitude", "empty_coordinates")
        return
    for name, raw in (("Longitude", raw_lon), ("Latitude", raw_lat)):
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            report.skip(r, name, "bad_coordinates", value=raw)
            return
    point = _coordinates(r.cells)
    if point is None:
        if float(raw_lon) == 0 and float(raw_lat) == 0:
            report.skip(r, "Longitude/Latitude", "coordinates_zero")
        else:
            report.skip(r, "Longitude/Latitude", "coordinates_range", lon=raw_lon, lat=raw_lat)
        return
    r.lon, r.lat = point


# --------------------------------------------------------------------------------------
# Weeks of the cycle


def _natural(text: str) -> list[tuple[int, int, str]]:
    """Natural sort key: "Day 2" < "Day 10"."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.lower()) for t in re.split(r"(\d+)", text)]


def _check_frequencies(rows: list[_Row], cycle: int, report: _Report) -> None:
    """Flag a Frequency that differs within a route, or does not divide the cycle."""
    by_route: dict[tuple[str, str | None], list[_Row]] = defaultdict(list)
    for r in rows:
        if r.route:
            by_route[(r.route, r.day)].append(r)
    for (route, _day), members in by_route.items():
        usual = Counter(r.frequency for r in members).most_common(1)[0][0]
        for r in members:
            if r.frequency != usual and r.frequency and cycle % r.frequency == 0:
                report.add(
                    r.line,
                    "Frequency",
                    "flagged",
                    "frequency_mixed",
                    frequency=r.frequency,
                    route=route,
                    usual=usual,
                )
    for r in rows:
        assert r.frequency is not None
        if cycle % r.frequency:
            report.add(
                r.line,
                "Frequency",
                "flagged",
                "frequency_not_divisor",
                frequency=r.frequency,
                cycle=cycle,
            )


def _assign_weeks(rows: list[_Row], cycle: int, report: _Report) -> None:
    """Each row's week of the cycle: from Date when the file has dates, else from Route."""
    dates = [r.date for r in rows if r.date is not None]
    if dates:
        monday = min(dates) - dt.timedelta(days=min(dates).weekday())
        first_of_route: dict[tuple[str, str | None], _Row] = {}
        for r in rows:
            if r.date is None:
                continue
            r.week = (r.date - monday).days // 7 % cycle + 1
            seen = first_of_route.setdefault((r.route, r.day), r)
            if r.route and seen.week != r.week:
                report.add(
                    r.line,
                    "Date",
                    "flagged",
                    "route_weeks_mixed",
                    route=r.route,
                    other=seen.week,
                    other_line=seen.line,
                    week=r.week,
                )
        for r in rows:
            if r.date is not None:
                continue
            known = first_of_route.get((r.route, r.day)) if r.route else None
            if known is None:
                report.skip(r, "Date", "no_week", route=r.route)
            else:
                r.week = known.week
                report.add(
                    r.line, "Date", "fixed", "week_from_route_row", week=r.week, route=r.route
                )
        return
    # No date at all: the routes of each weekday, in natural order, are weeks 1, 2, …
    routes_of: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        assert r.day is not None
        if r.route not in routes_of[r.day]:
            routes_of[r.day].append(r.route)
    week_of: dict[tuple[str, str], int] = {}
    detail = []
    for day in WEEKDAYS:
        ordered = sorted(routes_of.get(day, []), key=_natural)
        for i, route in enumerate(ordered, start=1):
            week_of[(day, route)] = i
        if ordered:
            detail.append((day, tuple((route, i) for i, route in enumerate(ordered, start=1))))
    report.add(
        1, "Date/Route", "note", "week_from_route", cycle=cycle, detail=_RouteWeeks(tuple(detail))
    )
    for r in rows:
        assert r.day is not None
        week = week_of[(r.day, r.route)]
        if week > cycle:
            report.skip(
                r, "Route", "too_many_routes", route=r.route, rank=week, day=r.day, cycle=cycle
            )
        else:
            r.week = week


def _settle_reversed_times(rows: list[_Row], report: _Report) -> None:
    """An end before its start: swapped when the result is plausible, else skipped.

    Plausible: the swapped session lasts at most ``MAX_SWAPPED_SESSION_MIN`` minutes and
    overlaps no other session of the same round (week and day).
    """
    by_round: dict[tuple[int | None, str | None], list[_Row]] = defaultdict(list)
    for r in rows:
        by_round[(r.week, r.day)].append(r)
    for r in rows:
        if not r.reversed_times:
            continue
        assert r.start is not None and r.end is not None
        start, end = r.end, r.start
        new = f"{format_hhmm(start)}–{format_hhmm(end)}"
        old = {"start": format_hhmm(r.start), "end": format_hhmm(r.end)}
        why: _Why | None = None
        if end - start > MAX_SWAPPED_SESSION_MIN:
            why = _Why("why_long", (("minutes", end - start), ("max", MAX_SWAPPED_SESSION_MIN)))
        else:
            for o in by_round[(r.week, r.day)]:
                if o is r or o.reversed_times:
                    continue
                assert o.start is not None and o.end is not None
                if o.start < end and start < o.end:
                    other = f"{format_hhmm(o.start)}–{format_hhmm(o.end)}"
                    why = _Why("why_overlap", (("line", o.line), ("other", other)))
                    break
        if why is None:
            r.start, r.end, r.reversed_times = start, end, False
            report.add(
                r.line,
                "Start/End",
                "fixed",
                "end_before_start_swapped",
                new=new,
                minutes=end - start,
                **old,
            )
        else:
            report.skip(r, "Start/End", "end_before_start", new=new, why=why, **old)


# --------------------------------------------------------------------------------------
# Places and geocoding


def _similar(a: str, b: str) -> bool:
    """Two normalised names that are spellings of one name."""
    if a == b:
        return True
    if a and b and (f" {a} " in f" {b} " or f" {b} " in f" {a} "):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(*a, *b) * 1000


def _all_points(rows: list[_Row], swapped: bool) -> list[tuple[tuple[float, float], str, str]]:
    """Every row of the file with a position (all mobiles): point, community, place name."""
    community_col, stop_col = _columns(swapped)
    out = []
    for r in rows:
        point = _coordinates(r.cells)
        community = html.unescape(r.cells[community_col]) or html.unescape(r.cells[stop_col])
        if point is not None and community:
            out.append((point, community, _place_name(community, html.unescape(r.cells[stop_col]))))
    return out


def _skip_shared_points(
    rows: list[_Row], points: list[tuple[tuple[float, float], str, str]], report: _Report
) -> None:
    """Skip a row whose point (within ``SAME_PLACE_M``) the file also gives to a place of
    another community: a geocoder's fall-back point, not the stop's position."""
    grid = PointGrid(SAME_PLACE_M / 1000)
    for k, (p, _, _) in enumerate(points):
        grid.add(k, *p)
    for r in rows:
        here = [
            (points[k][1], points[k][2])
            for k in grid.candidates(*r.point)
            if _metres(r.point, points[k][0]) <= SAME_PLACE_M
        ]
        if all(_similar(_norm(c), _norm(r.community)) for c, _ in here):
            continue
        names = sorted({name for _, name in here})
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        report.skip(
            r,
            "Longitude/Latitude",
            "shared_point",
            lon=r.point[0],
            lat=r.point[1],
            n=len(names),
            names=shown,
        )


def _skip_outliers(rows: list[_Row], report: _Report) -> None:
    """Skip a stop far from the rest of its round: more than ``OUTLIER_KM`` from the median
    position of the round's other stops and more than ``OUTLIER_SPREAD_FACTOR`` times their
    median distance to it; the farthest first, again until none is left (3 stops at least)."""
    rounds: dict[tuple[int | None, str | None], list[_Row]] = defaultdict(list)
    for r in rows:
        rounds[(r.week, r.day)].append(r)
    for (week, day), members in rounds.items():
        left = list(members)
        while len(left) >= 3:
            km, spread, r = _farthest(left)
            if km <= OUTLIER_KM or km <= OUTLIER_SPREAD_FACTOR * spread:
                break
            report.skip(
                r,
                "Longitude/Latitude",
                "outlier",
                km=km,
                n=len(left) - 1,
                route=r.route,
                day=day,
                week=week,
                spread=spread,
                limit=OUTLIER_KM,
                factor=OUTLIER_SPREAD_FACTOR,
            )
            left.remove(r)


def _farthest(rows: list[_Row]) -> tuple[float, float, _Row]:
    """The row of a round farthest from the median position of the round's other rows: its
    distance to it, the median distance of the others to it (at least ``MIN_SPREAD_KM``),
    and the row (the first in ``rows`` on a tie).

    Each row's "others" are the round without it, so the median position takes one of a few
    values (the median of the values less one, by where the row's value ranks): each is met
    once, with the distances of the round to it sorted once, instead of ``n`` medians of
    ``n`` distances per row. The figures are exactly :func:`statistics.median`'s.
    """
    lons = sorted(r.point[0] for r in rows)
    lats = sorted(r.point[1] for r in rows)
    distances: dict[tuple[float, float], list[float]] = {}
    worst: tuple[float, float, _Row] | None = None
    for r in rows:
        mid = (_median_without(lons, r.point[0]), _median_without(lats, r.point[1]))
        if mid not in distances:
            distances[mid] = sorted(great_circle_km(*o.point, *mid) for o in rows)
        km = great_circle_km(*r.point, *mid)
        if worst is None or km > worst[0]:
            spread = _median_without(distances[mid], km)
            worst = (km, max(MIN_SPREAD_KM, spread), r)
    assert worst is not None
    return worst


def _median_without(values: list[float], value: float) -> float:
    """:func:`statistics.median` of the sorted ``values`` less one occurrence of ``value``."""
    gone = bisect.bisect_left(values, value)
    n = len(values) - 1

    def at(k: int) -> float:
        return values[k] if k < gone else values[k + 1]

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2


def _group_places(rows: list[_Row], report: _Report) -> list[list[_Row]]:
    """Rows grouped into places, each a list of rows in file order (the first row gives the
    place its names and position). One place: the same normalised names within
    ``SAME_NAME_MAX_KM``, or one point (``SAME_PLACE_M``) under two spellings."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        parent[max(a, b)] = min(a, b)

    keys = [(_norm(r.community), _norm(r.stop)) for r in rows]
    # The earlier rows of the same names: the first, and those within SAME_NAME_MAX_KM and
    # SAME_PLACE_M looked up in a grid of their own.
    first_of: dict[tuple[str, str], int] = {}
    within_km: dict[tuple[str, str], PointGrid] = {}
    within_m: dict[tuple[str, str], PointGrid] = {}
    for i, r in enumerate(rows):
        key = keys[i]
        if key not in first_of:
            first_of[key] = i
            within_km[key] = PointGrid(SAME_NAME_MAX_KM)
            within_m[key] = PointGrid(SAME_PLACE_M / 1000)
        else:
            near = within_km[key].first(*r.point, _within(rows, r, SAME_NAME_MAX_KM * 1000))
            if near is None:
                o = rows[first_of[key]]
                km = _metres(r.point, o.point) / 1000
                report.add(
                    r.line, "Longitude/Latitude", "flagged", "same_name_far", line=o.line, km=km
                )
            else:
                union(i, near)
                close = within_m[key].first(*r.point, _within(rows, r, SAME_PLACE_M))
                if close is None:
                    o = rows[near]
                    report.add(
                        r.line,
                        "Longitude/Latitude",
                        "flagged",
                        "same_name_moved",
                        line=o.line,
                        metres=_metres(r.point, o.point),
                    )
        within_km[key].add(i, *r.point)
        within_m[key].add(i, *r.point)
    # Rows of other names at one point: the earlier rows near it, from a grid.
    flagged: set[frozenset[tuple[str, str]]] = set()
    nearby = PointGrid(SAME_PLACE_M / 1000)
    for i, r in enumerate(rows):
        nearby.add(i, *r.point)
        for k in nearby.candidates(*r.point):
            if k >= i:
                continue
            o = rows[k]
            if keys[k] == keys[i] or find(i) == find(k) or {keys[k], keys[i]} in flagged:
                continue
            if _metres(r.point, o.point) > SAME_PLACE_M:
                continue
            if _similar(keys[i][0], keys[k][0]) and _similar(keys[i][1], keys[k][1]):
                union(i, k)
                report.add(
                    r.line,
                    "Community/Stop",
                    "flagged",
                    "spelling",
                    line=o.line,
                    other=o.label,
                    this=r.label,
                    metres=_metres(r.point, o.point),
                )
            else:
                flagged.add(frozenset((keys[k], keys[i])))
                report.add(
                    r.line,
                    "Longitude/Latitude",
                    "flagged",
                    "shared_position",
                    line=o.line,
                    other=o.label,
                )
            break
    groups: dict[int, list[_Row]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(i)].append(r)
    places = [groups[k] for k in sorted(groups)]
    for p, members in enumerate(places):
        for r in members:
            r.place = p
    return places


def _within(rows: list[_Row], r: _Row, metres: float) -> Callable[[int], bool]:
    """Whether row ``k`` of ``rows`` lies within ``metres`` of row ``r``."""
    return lambda k: _metres(r.point, rows[k].point) <= metres


def _flag_overlaps(rows: list[_Row], report: _Report) -> None:
    """Flag a session that starts before the previous one of its round ends."""
    rounds: dict[tuple[int | None, str | None], list[_Row]] = defaultdict(list)
    for r in rows:
        rounds[(r.week, r.day)].append(r)
    for members in rounds.values():
        ordered = sorted(members, key=lambda r: (r.start or 0, r.line))
        for a, b in itertools.pairwise(ordered):
            assert a.start is not None and a.end is not None
            assert b.start is not None and b.end is not None
            duplicate = (a.label, a.start, a.end) == (b.label, b.start, b.end)
            if b.start < a.end and not duplicate:  # a duplicate is reported as such
                report.add(
                    b.line,
                    "Start/End",
                    "flagged",
                    "overlap",
                    start=format_hhmm(b.start),
                    end=format_hhmm(b.end),
                    line=a.line,
                    other_start=format_hhmm(a.start),
                    other_end=format_hhmm(a.end),
                )


# --------------------------------------------------------------------------------------
# Stops


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


def _weeks_of(r: _Row, cycle: int) -> set[int]:
    """The weeks of the cycle a row's route runs: its week, then every Frequency weeks."""
    assert r.week is not None and r.frequency is not None
    if cycle % r.frequency:
        return {r.week}
    return {(r.week - 1 + j * r.frequency) % cycle + 1 for j in range(cycle // r.frequency)}


def _build_stops(
    rows: list[_Row], places: list[list[_Row]], cycle: int, report: _Report
) -> tuple[ImportedStop, ...]:
    """One stop per place, weekday and start time, split where its weeks are not even."""
    groups: dict[tuple[int, str, int], list[_Row]] = defaultdict(list)
    for r in rows:
        assert r.day is not None and r.start is not None
        groups[(r.place, r.day, r.start)].append(r)
    pieces_of: list[tuple[int, str, int, list[int], dict[int, _Row], int, bool]] = []
    for (place, day, start), members in groups.items():
        week_row: dict[int, _Row] = {}
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
        for piece in pieces:
            pieces_of.append((place, day, start, piece, week_row, usual, len(pieces) > 1))
    # Ids: community and stop; a place with several stops adds day and time (and first week).
    base: dict[int, str] = {}
    for p, members in enumerate(places):
        base[p] = _slug(_place_name(members[0].community, members[0].stop))
    taken_slugs = Counter(base.values())
    for p, slug in list(base.items()):
        if taken_slugs[slug] > 1:
            lon, lat = places[p][0].point
            base[p] = f"{slug}-{hashlib.sha1(f'{lon:.4f},{lat:.4f}'.encode()).hexdigest()[:4]}"
    slots_of: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for place, day, start, *_ in pieces_of:
        slots_of[place].add((day, start))
    stops: list[ImportedStop] = []
    ids_of: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for place, day, start, piece, week_row, usual, split in pieces_of:
        sid = base[place]
        if len(slots_of[place]) > 1:
            sid += f"-{day[:3]}-{format_hhmm(start).replace(':', '')}"
        if split:
            sid += f"-w{piece[0]}"
        first = places[place][0]
        ids_of[place].append((WEEKDAYS.index(day), start, sid))
        stops.append(
            ImportedStop(
                id=sid,
                name=first.label,
                community=first.community,
                stop=first.stop,
                address=first.address or ", ".join(t for t in (first.stop, first.community) if t),
                lon=round(first.point[0], 6),
                lat=round(first.point[1], 6),
                weekday=day,
                start_min=start,
                session_min=usual,
                weeks=tuple(piece),
                ends=tuple(week_row[w].end or 0 for w in piece),
                lines=tuple(sorted({week_row[w].line for w in piece})),
            )
        )
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
                slots=_Slots(tuple((d, format_hhmm(t)) for d, t in ordered)),
                ids=", ".join(dict.fromkeys(sid for _, _, sid in sorted(ids_of[place]))),
            )
    stops.sort(key=lambda s: (WEEKDAYS.index(s.weekday), s.weeks[0], s.start_min, s.id))
    return tuple(stops)


def _depot(
    file: str,
    stops: Sequence[ImportedStop],
    depot: tuple[float, float] | None,
    lang: str = "fr",
) -> Depot:
    """The depot given (checked against the stops), else the medoid of the stops."""
    if depot is None:
        places = {(s.lon, s.lat): s for s in stops}
        medoid = places[geo_medoid(sorted(places))]
        return Depot(
            name=t("timetable.medoid_depot", lang, name=medoid.name),
            lon=medoid.lon,
            lat=medoid.lat,
            address=medoid.address,
        )
    lat, lon = depot
    nearest = min(stops, key=lambda s: great_circle_km(lon, lat, s.lon, s.lat))
    km = great_circle_km(lon, lat, nearest.lon, nearest.lat)
    if km > MAX_DEPOT_KM:
        swapped = great_circle_km(lat, lon, nearest.lon, nearest.lat) <= MAX_DEPOT_KM
        hint = Msg("timetable.depot_swapped") if -90 <= lon <= 90 and swapped else ""
        raise InputError(
            Problem(
                file,
                "--depot",
                Msg(
                    "timetable.depot_far",
                    lat=lat,
                    lon=lon,
                    km=km,
                    stop=nearest.name,
                    max=MAX_DEPOT_KM,
                    hint=hint,
                ),
            )
        )
    return Depot(name="Depot (given with --depot)", lon=lon, lat=lat)


def _stops_csv(stops: Iterable[ImportedStop]) -> str:
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


# --------------------------------------------------------------------------------------
# Days, lunch, shift, the plan


class _Legs:
    """The scenario's great-circle travel model between the depot (place 0) and the stops
    (1, 2, …), leg by leg: the import needs the legs of the published rounds only, not a
    matrix of every pair (a national file has thousands of stops). The values are those of
    :func:`busplanner.travel.great_circle_matrix`."""

    def __init__(self, scenario: Scenario, points: Sequence[tuple[float, float]]) -> None:
        if scenario.travel_model != "great_circle":  # pragma: no cover - the import writes it
            msg = f"the import models travel as great_circle, not {scenario.travel_model!r}"
            raise ValueError(msg)
        self.speed_kmh = scenario.speed_kmh
        self.detour_factor = scenario.detour_factor
        self.points = points

    def km(self, i: int, j: int) -> float:
        """Road kilometres from place ``i`` to place ``j``."""
        a, b = self.points[i], self.points[j]
        return round(great_circle_km(a[0], a[1], b[0], b[1]) * self.detour_factor, 3)

    def minutes(self, i: int, j: int) -> int:
        """Driving minutes from place ``i`` to place ``j``, rounded up."""
        return drive_minutes(self.km(i, j), self.speed_kmh)

    def travel_info(self) -> TravelInfo:
        """What ``plan.json`` records of the model."""
        return TravelInfo("great_circle", self.speed_kmh, self.detour_factor)


@dataclass(frozen=True)
class _Session:
    stop: ImportedStop
    index: int  # place number in _Legs
    start: int
    end: int


def _day_sessions(stops: Sequence[ImportedStop]) -> dict[tuple[int, str], list[_Session]]:
    """The published sessions of each (week, day), in start order, published ends kept."""
    out: dict[tuple[int, str], list[_Session]] = defaultdict(list)
    for i, s in enumerate(stops, start=1):
        for w, end in zip(s.weeks, s.ends, strict=True):
            out[(w, s.weekday)].append(_Session(s, i, s.start_min, end))
    return {
        k: sorted(v, key=lambda x: (x.start, x.stop.id))
        for k, v in sorted(out.items(), key=lambda kv: (kv[0][0], WEEKDAYS.index(kv[0][1])))
    }


def _free_gaps(sessions: list[_Session], legs: _Legs) -> list[tuple[int, int]]:
    """Between consecutive sessions: (arrival at the next stop, its start)."""
    return [
        (a.end + legs.minutes(a.index, b.index), b.start) for a, b in itertools.pairwise(sessions)
    ]


def _derive_lunch(days: Mapping[tuple[int, str], list[_Session]], legs: _Legs) -> LunchRule:
    """The lunch break from the published midday gaps.

    A gap is the time between two consecutive sessions of a day, from the arrival at the
    next stop (the modelled drive) to its start; its midday part is what lies in ``MIDDAY``.
    A day's midday gap is its longest midday part. The duration is the lower quartile of the
    days' midday gaps (nearest rank), rounded down to 5 minutes, at least 5 and at most
    ``LUNCH_MAX_MIN``, so that at least three days in four keep it; the window runs from the
    earliest start to the latest end of the gaps that keep it (to 5 minutes).
    """
    gaps: list[tuple[int, int]] = []
    for sessions in days.values():
        parts = [
            (max(a, MIDDAY[0]), min(b, MIDDAY[1]))
            for a, b in _free_gaps(sessions, legs)
            if min(b, MIDDAY[1]) > max(a, MIDDAY[0])
        ]
        if parts:
            gaps.append(max(parts, key=lambda g: (g[1] - g[0], -g[0])))
    if not gaps:
        earliest, latest, duration = DEFAULT_LUNCH
        return LunchRule(earliest, latest, duration, len(days), 0, 0, (), assumed=True)
    lengths = sorted(b - a for a, b in gaps)
    quartile = lengths[max(0, math.ceil(0.25 * len(lengths)) - 1)]
    duration = max(5, min(LUNCH_MAX_MIN, quartile // 5 * 5))
    keeping = [(a, b) for a, b in gaps if b - a >= duration] or gaps
    earliest = min(a for a, _ in keeping) // 5 * 5
    latest = -(-max(b for _, b in keeping) // 5) * 5
    return LunchRule(
        earliest_min=earliest,
        latest_end_min=max(latest, earliest + duration),
        duration_min=duration,
        days=len(days),
        days_with_gap=len(gaps),
        days_keeping=sum(1 for a, b in gaps if b - a >= duration),
        gaps=tuple(lengths),
    )


def _shift(
    days: Mapping[tuple[int, str], list[_Session]],
    legs: _Legs,
    open_start: int,
    open_end: int,
) -> tuple[int, int]:
    """The crew's day every published day needs: leave in time, back after the last session."""
    leave = min(s[0].start - legs.minutes(0, s[0].index) for s in days.values())
    back = max(s[-1].end + legs.minutes(s[-1].index, 0) for s in days.values())
    return max(0, min(open_start, leave // 5 * 5)), min(24 * 60, max(open_end, -(-back // 5) * 5))


def _lunch_break(
    sessions: list[_Session], legs: _Legs, leave: int, back: int, sc: Scenario
) -> tuple[Break, int]:
    """The route's lunch break and how many sessions come before it.

    Candidates, each clipped to the lunch window: before leaving the depot, each gap between
    two sessions (from the arrival at the next stop to its start), after the return. The one
    that holds the break best wins (ties: a gap between sessions, then after the return).
    """
    lo, hi, length = sc.lunch_earliest_min, sc.lunch_latest_end_min, sc.lunch_min
    candidates: list[tuple[int, int, int, int, int]] = []  # room, preference, start, end, before
    for k, (a, b) in enumerate(_free_gaps(sessions, legs), start=1):
        s, e = max(a, lo), min(b, hi)
        if e > s:
            candidates.append((e - s, 2, s, e, k))
    s, e = max(back, lo), hi
    if e > s:
        candidates.append((e - s, 1, s, min(e, s + length), len(sessions)))
    s, e = lo, min(leave, hi)
    if e > s:
        candidates.append((e - s, 0, max(s, e - length), e, 0))
    if not candidates:
        start = min(back, 24 * 60 - length)
        return Break(start, start + length), len(sessions)
    _, _, start, end, before = max(candidates, key=lambda c: (min(c[0], length), c[1], c[0]))
    return Break(start, end), before


def _build_plan(
    stops: tuple[ImportedStop, ...],
    days: Mapping[tuple[int, str], list[_Session]],
    scenario: Scenario,
    legs: _Legs,
    *,
    file: str,
    mobile: str,
) -> Plan:
    """The published rotation as a plan: published times, legs and arrivals from the model."""
    routes: list[Route] = []
    halves: dict[str, list[str]] = defaultdict(list)
    for (week, day), sessions in days.items():
        first, last = sessions[0], sessions[-1]
        # Clamped to the day: a timetable may start too early for its depot (the arrival
        # then comes after the start, which a check reports).
        leave = max(0, first.start - scenario.setup_min - legs.minutes(0, first.index))
        back = min(24 * 60, last.end + scenario.packup_min + legs.minutes(last.index, 0))
        brk, before = _lunch_break(sessions, legs, leave, back, scenario)
        visits = []
        prev, free_at = 0, leave
        for k, s in enumerate(sessions):
            half = "morning" if k < before else "afternoon"
            halves[s.stop.id].append(half)
            drive = legs.minutes(prev, s.index)
            visits.append(
                Visit(
                    stop_id=s.stop.id,
                    # After overlapping sessions late in the day, the modelled arrival may
                    # fall past midnight: kept at the end of the day (a check reports it).
                    arrival_min=min(24 * 60, free_at + drive),
                    start_min=s.start,
                    end_min=s.end,
                    half_day=half,
                    drive_min=drive,
                    distance_km=legs.km(prev, s.index),
                )
            )
            prev, free_at = s.index, s.end + scenario.packup_min
        routes.append(
            Route(
                bus=1,
                week=week,
                day=day,
                start_min=leave,
                end_min=back,
                visits=tuple(visits),
                breaks=(brk,),
                return_drive_min=legs.minutes(last.index, 0),
                return_distance_km=legs.km(last.index, 0),
            )
        )
    window = ((scenario.open_start_min, scenario.open_end_min),)
    plan_stops = tuple(
        Stop(
            id=s.id,
            name=s.name,
            lon=s.lon,
            lat=s.lat,
            address=s.address,
            population=None,
            demand_weight=1.0,
            visits_per_cycle=s.visits_per_cycle,
            visits_planned=s.visits_per_cycle,
            windows=dict.fromkeys(scenario.days, window),
            weekday=s.weekday,
            half_day=Counter(halves[s.id]).most_common(1)[0][0],
            every_weeks=scenario.cycle_weeks // s.visits_per_cycle,
            first_week=s.weeks[0],
            bus=1,
            session_min=s.session_min,
        )
        for s in stops
    )
    plan = Plan(
        scenario_name=scenario.name,
        scenario_path=scenario.path,
        cycle_weeks=scenario.cycle_weeks,
        days=scenario.days,
        depot=scenario.depot,
        stops=plan_stops,
        routes=tuple(routes),
        unserved=(),
        travel=legs.travel_info(),
        kpis={},
        solver=SolverInfo(
            status="published",
            objective=None,
            bound=None,
            seconds=0.0,
            seed=0,
            method=f"imported from the published timetable {file} (mobile {mobile}) by "
            "busplanner import timetable: times as published, legs and arrivals from the "
            "scenario's travel model",
        ),
        session_min=scenario.session_min,
        warnings=(Msg("timetable.published_rotation"),),
        region=scenario.region,
    )
    return replace(plan, kpis=compute_kpis(plan, scenario))


# --------------------------------------------------------------------------------------
# The scenario


@dataclass(frozen=True)
class _Settings:
    title: str
    file: str
    mobile: str
    lang: str
    depot: Depot
    depot_assumed: bool
    days: tuple[str, ...]
    open_start: int
    open_end: int
    shift_start: int
    shift_end: int
    cycle: int
    session_min: int
    step: int
    lunch: LunchRule
    region: Region = field(default_factory=Region)


def region_of(points: Sequence[tuple[float, float]]) -> Region:
    """The country of stops given as ``(lon, lat)``: the United Kingdom (miles, pounds, its
    bank holidays) when most lie in Great Britain or Northern Ireland, else France.

    The UK's subdivision follows the stops' median point: Northern Ireland west of 5.4° W
    between 54° N and 55.4° N, Scotland north of a line from the Solway Firth (54.95° N,
    3.1° W) to Berwick (55.8° N, 2.0° W), England (whose bank holidays are Wales's too)
    otherwise. ASSUMPTION: a bounding box, not the borders, which is enough for a
    mobile service's round of stops; ``[calendar] subdivision`` says otherwise.
    """
    if not points:
        return Region()
    uk = [p for p in points if -8.7 <= p[0] <= 1.8 and 49.8 <= p[1] <= 60.9]
    # The box also holds the French coast from Boulogne to Le Touquet (south of 51° N, east
    # of 1° E), which Kent does not reach.
    uk = [p for p in uk if not (p[1] < 51.0 and p[0] > 1.0)]
    if len(uk) * 2 <= len(points):
        return Region()
    lon = statistics.median(p[0] for p in uk)
    lat = statistics.median(p[1] for p in uk)
    if lon < -5.4 and 54.0 <= lat <= 55.4:
        sub = "NIR"
    elif (lon < -3.1 and lat > 54.95) or lat > 54.95 + (lon + 3.1) * (0.85 / 1.1):
        sub = "SCT"
    else:
        sub = "ENG"
    return Region("GB", sub, "mi", "GBP")


def _comments(lang: str) -> Callable[..., str]:
    """``c(key, **values)``: the comment ``timetable.c.KEY`` of the catalogue in ``lang``,
    wrapped as TOML comment lines."""

    def c(key: str, **kw: object) -> str:
        return "\n".join(comment_lines(t(f"timetable.c.{key}", lang, **kw), hanging=False))

    return c


def _region_text(s: _Settings) -> str:
    """The scenario's ``[calendar]`` and ``[units]`` for a timetable outside France."""
    r = s.region
    if r.is_default:
        return ""
    c = _comments(s.lang)
    where = t(f"timetable.c.subdivision.{r.subdivision}", s.lang) if r.subdivision else ""
    return f"""
[calendar]
{c("calendar", where=where or r.country)}
country = {_toml(r.country)}
subdivision = {_toml(r.subdivision)}

[units]
{c("units")}
distance = {_toml(r.distance)}
currency = {_toml(r.currency)}
"""


def _toml(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _scenario_text(s: _Settings) -> str:
    """The starter scenario of an imported timetable; its comments in ``s.lang`` (every
    value taken from the rows marked FROM THE TIMETABLE / D'APRÈS L'HORAIRE, every other
    ASSUMPTION / HYPOTHÈSE)."""
    lr = s.lunch
    hhmm = format_hhmm
    c = _comments(s.lang)
    depot_note = c("depot_assumed") if s.depot_assumed else c("depot_given")
    midday = f"{hhmm(MIDDAY[0])}–{hhmm(MIDDAY[1])}"
    if lr.assumed:
        lunch_note = c(
            "lunch_assumed",
            midday=midday,
            duration=lr.duration_min,
            earliest=hhmm(lr.earliest_min),
            latest=hhmm(lr.latest_end_min),
        )
    else:
        lunch_note = c(
            "lunch_found",
            with_gap=lr.days_with_gap,
            days=lr.days,
            midday=midday,
            shortest=lr.gaps[0],
            longest=lr.gaps[-1],
            max_min=LUNCH_MAX_MIN,
            keeping=lr.days_keeping,
        )
    days = ", ".join(_toml(d) for d in s.days)
    solver_note = "\n".join(comment_lines(t("starter.c.solver", s.lang), hanging=False))
    return f"""\
{c("header", file=s.file, mobile=s.mobile)}

name = {_toml(s.title)}
territory = "stops.csv"
lang = {_toml(s.lang)}

[depot]
{depot_note}
name = {_toml(s.depot.name)}
address = {_toml(s.depot.address)}
lat = {s.depot.lat!r}
lon = {s.depot.lon!r}

[buses]
{c("buses")}
count = 1
days = [{days}]
open_start = "{hhmm(s.open_start)}"
open_end = "{hhmm(s.open_end)}"
shift_start = "{hhmm(s.shift_start)}"
shift_end = "{hhmm(s.shift_end)}"

[cycle]
{c("cycle")}
weeks = {s.cycle}

[session]
{c("session")}
{c("session_setup")}
{c("session_free")}
{c("session_tolerance")}
duration_min = {s.session_min}
setup_min = 0
packup_min = 0
time_step_min = {s.step}
opening_hours = "free"
start_tolerance_min = 0

[lunch]
{lunch_note}
earliest = "{hhmm(lr.earliest_min)}"
latest_end = "{hhmm(lr.latest_end_min)}"
duration_min = {lr.duration_min}

[demand]
{c("demand")}
source = "territory"
min_visits_per_cycle = 1

[travel]
{c("travel")}
model = "great_circle"
speed_kmh = 50
detour_factor = 1.3

[service]
{c("service")}
name = {_toml(f"Mobile library {s.mobile}")}
help_with = []
{_region_text(s)}
[solver]
{solver_note}
work_limit_s = 20
time_limit_s = 60
seed = 0
"""

"""The import report: one line per defect of the file (its line, field, what was done), in
French and English (``docs/import.md`` lists every kind)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from busplanner.i18n import fill, section, t
from busplanner.timeutil import WEEKDAYS, WEEKDAYS_FR

if TYPE_CHECKING:
    from busplanner.importer.read import Row

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


REPORT_TEXT = section("import_report.")


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
            k: v.render(lang) if isinstance(v, _Lazy) else localise(v, lang) for k, v in self.params
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
        return REPORT_TEXT[lang]["line"].format(
            file=file,
            line=self.line,
            field=t("field.file", lang) if self.field == "(file)" else self.field,
            action=_ACTION_TEXT[lang][self.action],
            message=self.message(lang),
        )


class _Localised(float):
    """A float that formats with a decimal comma in French (see :func:`localise`)."""

    def __format__(self, spec: str) -> str:
        return float.__format__(self, spec).replace(".", ",")


def localise(value: Any, lang: str) -> Any:
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
class Why(_Lazy):
    """A sub-message: why a swap of times was refused."""

    kind: str
    params: tuple[tuple[str, Any], ...]

    def render(self, lang: str) -> str:
        return _MESSAGES[lang][self.kind].format(**dict(self.params))


@dataclass(frozen=True)
class Slots(_Lazy):
    """Weekdays and start times: "Monday 10:00, Wednesday 14:00"."""

    slots: tuple[tuple[str, str], ...]

    def render(self, lang: str) -> str:
        return ", ".join(f"{localise(d, lang)} {t}" for d, t in self.slots)


@dataclass(frozen=True)
class RouteWeeks(_Lazy):
    """Routes of each weekday and the week each is taken as."""

    days: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]

    def render(self, lang: str) -> str:
        colon = " : " if lang == "fr" else ": "
        return "; ".join(
            f"{localise(d, lang)}{colon}" + ", ".join(f"{r or '?'} = {w}" for r, w in routes)
            for d, routes in self.days
        )


class Report:
    """Collects report lines."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, at: int, field_: str, action: str, kind: str, /, **params: Any) -> None:
        self.issues.append(Issue(at, field_, action, kind, tuple(params.items())))

    def skip(self, row: Row, field_: str, kind: str, /, **params: Any) -> None:
        row.skipped = True
        self.add(row.line, field_, "skipped", kind, **params)

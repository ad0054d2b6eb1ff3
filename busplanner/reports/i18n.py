"""A tiny message catalogue: French (default) and English text for the reports."""

from __future__ import annotations

from typing import Any

from busplanner.timeutil import WEEKDAYS, WEEKDAYS_FR, format_french

LANGS: tuple[str, ...] = ("fr", "en")

_MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "week": "Semaine {week}",
        "label_value": "{label} : {value}",
        "no_visit_this_week": "Aucune visite cette semaine.",
        "col_day": "Jour",
        "col_bus": "Bus",
        "col_times": "Horaires",
        "col_commune": "Commune",
        "col_address": "Adresse",
        "col_frequency": "Fréquence",
        "col_half_day": "Demi-journée",
        "col_weeks": "Semaines",
        "unserved_title": "Visites non planifiées",
        "unserved_item": "{commune} : {missing} visite(s) manquante(s) — {reason}",
        "summary_title": "Résumé",
        "km_per_cycle": "Kilomètres par cycle",
        "driving_per_cycle": "Heures de conduite par cycle",
        "public_per_week": "Heures d'accueil du public par semaine",
        "communes_served": "Communes desservies",
        "solver_status": "Qualité de la solution",
        "service_year": "Année de service",
        "service_year_weeks": "{n} semaines",
        "fuel_per_year": "Gazole par an",
        "co2_per_year": "CO2 par an",
        "cost_per_year": "Coût de roulage par an",
        "equity_spread": "Équité : heures / 1 000 hab. / mois",
        "equity_value": "de {min} ({worst}) à {max} ({best}), rapport {ratio}",
        "equity_no_ratio": "de {min} ({worst}) à {max} ({best})",
        "cycle": "Cycle",
        "cycle_weeks": "{n} semaine(s)",
        "status_optimal": "optimale (prouvée)",
        "status_feasible": "réalisable, optimalité non prouvée",
        "status_feasible_gap": "réalisable, écart à l'optimum prouvé ≤ {gap} %",
        "status_infeasible": "aucune solution",
        "status_published": "horaire publié (importé, non planifié)",
        "every_1": "toutes les semaines",
        "every_2": "une semaine sur deux",
        "every_n": "toutes les {n} semaines",
        "not_served": "non desservie",
        "depot": "Dépôt",
        "visits_per_cycle": "{n} visite(s) par cycle",
        "visits_per_cycle_min": "{n} visites ou plus par cycle",
        "legend_days": "Jours de tournée",
        "roads_from": "Routes : réseau OpenStreetMap du {date}, {attribution}",
        "legend_shading": "Communes : visites par cycle de {n} semaine(s)",
        "bus_n": "bus {bus}",
        # Several bases (busplanner.plan/2).
        "bus_of_base": "bus {bus} (base de {base})",
        "base": "Base",
        "bases": "Bases",
        "base_buses": "Bus : {buses}",
        "base_days": "Jours : {days}",
        "base_hours": "Service {shift_start}–{shift_end}, ouvert au public {open_start}–{open_end}",
        "legend_buses": "Bus (base)",
        "per_bus_title": "Par bus (conduite et visites par cycle, accueil par semaine)",
        "n_bases": "{n} bases",
        "col_base": "Base",
        "col_km_cycle": "km",
        "col_driving_cycle": "Conduite",
        "col_public_week": "Accueil",
        "col_visits_cycle": "Visites",
        "col_communes": "Communes",
        "total": "Total",
        "morning": "matin",
        "afternoon": "après-midi",
        "monday": WEEKDAYS_FR["monday"],
        "tuesday": WEEKDAYS_FR["tuesday"],
        "wednesday": WEEKDAYS_FR["wednesday"],
        "thursday": WEEKDAYS_FR["thursday"],
        "friday": WEEKDAYS_FR["friday"],
        "saturday": WEEKDAYS_FR["saturday"],
        "sunday": WEEKDAYS_FR["sunday"],
        # Printable timetable, posters, calendars (reports/printable.py, reports/calendar.py).
        "print_title": "{service} — horaires",
        "print_period": "Du {first} au {last}",
        "print_cycle": "La rotation dure {n} semaine(s) puis recommence.",
        "print_week_of": "Semaine du {date}",
        "print_cycle_week": "semaine {week} du cycle",
        "print_no_dates": "Aucun passage sur la période.",
        "col_date": "Date",
        "holiday_no_visit": "pas de passage : {holiday} (jour férié)",
        "skipped_line": "Pas de passage le {date} à {commune} : {holiday} (jour férié).",
        "closed_no_visit": "pas de passage : {reason} (service fermé)",
        "closed_line": "Pas de passage le {date} à {commune} : {reason} (service fermé).",
        "closed_default": "fermeture",
        "access_no_appointment": "Gratuit, sans rendez-vous",
        "access_appointment": "Gratuit ; le bus prend aussi des rendez-vous",
        "help_title": "Le bus vous aide pour :",
        "contact_title": "Contact",
        "contact_phone": "Téléphone : {phone}",
        "contact_email": "Courriel : {email}",
        "contact_website": "Site : {website}",
        "poster_title": "{service} à {commune}",
        "poster_when": "{frequency}, de {start} à {end}",
        "poster_when_half": "{frequency}, {half_day}",
        "poster_morning": "le matin",
        "poster_afternoon": "l'après-midi",
        "poster_times": "de {start} à {end}",
        "poster_next": "Prochains passages",
        "poster_next_inline": "prochains passages : {dates}",
        "poster_none": "Aucun passage prévu sur la période.",
        "day_every_1": "tous les {day}s",
        "day_every_2": "un {day} sur deux",
        "day_every_3": "un {day} sur trois",
        "day_every_4": "un {day} sur quatre",
        "day_every_n": "un {day} toutes les {n} semaines",
        "ics_calendar": "{service} — {name}",
    },
    "en": {
        "week": "Week {week}",
        "label_value": "{label}: {value}",
        "no_visit_this_week": "No visit this week.",
        "col_day": "Day",
        "col_bus": "Bus",
        "col_times": "Times",
        "col_commune": "Commune",
        "col_address": "Address",
        "col_frequency": "Frequency",
        "col_half_day": "Half-day",
        "col_weeks": "Weeks",
        "unserved_title": "Visits left out",
        "unserved_item": "{commune}: {missing} visit(s) missing — {reason}",
        "summary_title": "Summary",
        "km_per_cycle": "Kilometres per cycle",
        "driving_per_cycle": "Driving hours per cycle",
        "public_per_week": "Public opening hours per week",
        "communes_served": "Communes served",
        "solver_status": "Solution quality",
        "service_year": "Service year",
        "service_year_weeks": "{n} weeks",
        "fuel_per_year": "Diesel per year",
        "co2_per_year": "CO2 per year",
        "cost_per_year": "Running cost per year",
        "equity_spread": "Equity: hours / 1,000 inhabitants / month",
        "equity_value": "from {min} ({worst}) to {max} ({best}), ratio {ratio}",
        "equity_no_ratio": "from {min} ({worst}) to {max} ({best})",
        "cycle": "Cycle",
        "cycle_weeks": "{n} week(s)",
        "status_optimal": "optimal (proven)",
        "status_feasible": "feasible, optimality not proven",
        "status_feasible_gap": "feasible, proven within {gap}% of the optimum",
        "status_infeasible": "no solution",
        "status_published": "published timetable (imported, not planned)",
        "every_1": "every week",
        "every_2": "every other week",
        "every_n": "every {n} weeks",
        "not_served": "not served",
        "depot": "Depot",
        "visits_per_cycle": "{n} visit(s) per cycle",
        "visits_per_cycle_min": "{n} or more visits per cycle",
        "legend_days": "Route days",
        "roads_from": "Roads: OpenStreetMap network of {date}, {attribution}",
        "legend_shading": "Communes: visits per {n}-week cycle",
        "bus_n": "bus {bus}",
        # Several bases (busplanner.plan/2).
        "bus_of_base": "bus {bus} ({base} base)",
        "base": "Base",
        "bases": "Bases",
        "base_buses": "Buses: {buses}",
        "base_days": "Days: {days}",
        "base_hours": "Shift {shift_start}–{shift_end}, open to the public {open_start}–{open_end}",
        "legend_buses": "Buses (base)",
        "per_bus_title": "Per bus (driving and visits per cycle, public hours per week)",
        "n_bases": "{n} bases",
        "col_base": "Base",
        "col_km_cycle": "km",
        "col_driving_cycle": "Driving",
        "col_public_week": "Public",
        "col_visits_cycle": "Visits",
        "col_communes": "Communes",
        "total": "Total",
        "morning": "morning",
        "afternoon": "afternoon",
        "monday": "Monday",
        "tuesday": "Tuesday",
        "wednesday": "Wednesday",
        "thursday": "Thursday",
        "friday": "Friday",
        "saturday": "Saturday",
        "sunday": "Sunday",
        # Printable timetable, posters, calendars (reports/printable.py, reports/calendar.py).
        "print_title": "{service} — timetable",
        "print_period": "From {first} to {last}",
        "print_cycle": "The rotation lasts {n} week(s), then starts again.",
        "print_week_of": "Week of {date}",
        "print_cycle_week": "week {week} of the cycle",
        "print_no_dates": "No visit in this period.",
        "col_date": "Date",
        "holiday_no_visit": "no visit: {holiday} (public holiday)",
        "skipped_line": "No visit on {date} in {commune}: {holiday} (public holiday).",
        "closed_no_visit": "no visit: {reason} (service closed)",
        "closed_line": "No visit on {date} in {commune}: {reason} (service closed).",
        "closed_default": "closure",
        "access_no_appointment": "Free, no appointment",
        "access_appointment": "Free; the bus also takes appointments",
        "help_title": "The bus helps you with:",
        "contact_title": "Contact",
        "contact_phone": "Phone: {phone}",
        "contact_email": "Email: {email}",
        "contact_website": "Website: {website}",
        "poster_title": "{service} in {commune}",
        "poster_when": "{frequency}, {start} to {end}",
        "poster_when_half": "{frequency}, {half_day}",
        "poster_morning": "in the morning",
        "poster_afternoon": "in the afternoon",
        "poster_times": "{start} to {end}",
        "poster_next": "Next visits",
        "poster_next_inline": "next visits: {dates}",
        "poster_none": "No visit planned in this period.",
        "day_every_1": "every {day}",
        "day_every_2": "every other {day}",
        "day_every_3": "every third {day}",
        "day_every_4": "every fourth {day}",
        "day_every_n": "on a {day} every {n} weeks",
        "ics_calendar": "{service} — {name}",
    },
}


def check_lang(lang: str) -> str:
    """Return the catalogue language for ``lang`` (``"fr"``, ``"en"``, ``"en-GB"``, ``"FR"`` …).

    Raises
    ------
    ValueError
        If ``lang`` is not a language the reports speak.
    """
    code = lang.strip().lower().replace("_", "-").split("-")[0] if isinstance(lang, str) else ""
    if code not in LANGS:
        msg = f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}"
        raise ValueError(msg)
    return code


def t(key: str, lang: str = "fr", **kw: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``kw``.

    Raises
    ------
    KeyError
        If ``key`` is not in the catalogue (a programming error).
    ValueError
        If ``lang`` is not supported.
    """
    text = _MESSAGES[check_lang(lang)][key]
    return text.format(**kw) if kw else text


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


def format_number(value: float, lang: str = "fr", *, decimals: int = 1) -> str:
    """A number as ``lang`` writes it: ``1 234,5`` in French, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if check_lang(lang) == "fr":
        # French groups thousands with a narrow no-break space and uses a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_duration(minutes: float, lang: str = "fr") -> str:
    """A duration: ``12 h 30`` in French, ``12 h 30 min`` in English."""
    total = round(minutes)
    if check_lang(lang) == "fr":
        return format_french(total)
    h, m = divmod(total, 60)
    return f"{h} h {m:02d} min" if m else f"{h} h"

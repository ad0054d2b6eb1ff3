"""The message catalogue: every message a user can see, key → (French, English).

Read through :mod:`busplanner.i18n` (``t``, ``Msg``). Placeholders: ``{name}``; plurals
``{n|visite|visites}`` (French: 0 and 1 singular); numbers ``{km:n1}`` (decimals after n).
Keys with a dot belong to one command or module (``cli.``, ``compare.``, ``problem.`` …).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # busplanner.reports.i18n
    "week": (
        "Semaine {week}",
        "Week {week}",
    ),
    "label_value": (
        "{label} : {value}",
        "{label}: {value}",
    ),
    "no_visit_this_week": (
        "Aucune visite cette semaine.",
        "No visit this week.",
    ),
    "col_day": (
        "Jour",
        "Day",
    ),
    "col_bus": (
        "Bus",
        "Bus",
    ),
    "col_times": (
        "Horaires",
        "Times",
    ),
    "col_commune": (
        "Commune",
        "Commune",
    ),
    "col_address": (
        "Adresse",
        "Address",
    ),
    "col_frequency": (
        "Fréquence",
        "Frequency",
    ),
    "col_half_day": (
        "Demi-journée",
        "Half-day",
    ),
    "col_weeks": (
        "Semaines",
        "Weeks",
    ),
    "unserved_title": (
        "Visites non planifiées",
        "Visits left out",
    ),
    "unserved_item": (
        "{commune} : {missing} {missing|visite manquante|visites manquantes} — {reason}",
        "{commune}: {missing} {missing|visit|visits} missing — {reason}",
    ),
    "summary_title": (
        "Résumé",
        "Summary",
    ),
    "km_per_cycle": (
        "Kilomètres par cycle",
        "Kilometres per cycle",
    ),
    "driving_per_cycle": (
        "Heures de conduite par cycle",
        "Driving hours per cycle",
    ),
    "public_per_week": (
        "Heures d'accueil du public par semaine",
        "Public opening hours per week",
    ),
    "communes_served": (
        "Communes desservies",
        "Communes served",
    ),
    "solver_status": (
        "Qualité de la solution",
        "Solution quality",
    ),
    "service_year": (
        "Année de service",
        "Service year",
    ),
    "service_year_weeks": (
        "{n} semaines",
        "{n} weeks",
    ),
    "fuel_per_year": (
        "Gazole par an",
        "Diesel per year",
    ),
    "co2_per_year": (
        "CO2 par an",
        "CO2 per year",
    ),
    "cost_per_year": (
        "Coût de roulage par an",
        "Running cost per year",
    ),
    "equity_spread": (
        "Équité : heures / 1 000 hab. / mois",
        "Equity: hours / 1,000 inhabitants / month",
    ),
    "equity_value": (
        "de {min} ({worst}) à {max} ({best}), rapport {ratio}",
        "from {min} ({worst}) to {max} ({best}), ratio {ratio}",
    ),
    "equity_no_ratio": (
        "de {min} ({worst}) à {max} ({best})",
        "from {min} ({worst}) to {max} ({best})",
    ),
    "cycle": (
        "Cycle",
        "Cycle",
    ),
    "cycle_weeks": (
        "{n} {n|semaine|semaines}",
        "{n} {n|week|weeks}",
    ),
    "status_optimal": (
        "optimale (prouvée)",
        "optimal (proven)",
    ),
    "status_feasible": (
        "réalisable, optimalité non prouvée",
        "feasible, optimality not proven",
    ),
    "status_feasible_gap": (
        "réalisable, écart à l'optimum prouvé ≤ {gap} %",
        "feasible, proven within {gap}% of the optimum",
    ),
    "status_infeasible": (
        "aucune solution",
        "no solution",
    ),
    "status_published": (
        "horaire publié (importé, non planifié)",
        "published timetable (imported, not planned)",
    ),
    "every_1": (
        "toutes les semaines",
        "every week",
    ),
    "every_2": (
        "une semaine sur deux",
        "every other week",
    ),
    "every_n": (
        "toutes les {n} semaines",
        "every {n} weeks",
    ),
    "not_served": (
        "non desservie",
        "not served",
    ),
    "depot": (
        "Dépôt",
        "Depot",
    ),
    "visits_per_cycle": (
        "{n} {n|visite|visites} par cycle",
        "{n} {n|visit|visits} per cycle",
    ),
    "visits_per_cycle_min": (
        "{n} visites ou plus par cycle",
        "{n} or more visits per cycle",
    ),
    "legend_days": (
        "Jours de tournée",
        "Route days",
    ),
    "roads_from": (
        "Routes : réseau OpenStreetMap du {date}, {attribution}",
        "Roads: OpenStreetMap network of {date}, {attribution}",
    ),
    "legend_shading": (
        "Communes : visites par cycle de {n} {n|semaine|semaines}",
        "Communes: visits per {n}-week cycle",
    ),
    "bus_n": (
        "bus {bus}",
        "bus {bus}",
    ),
    "bus_of_base": (
        "bus {bus} (base de {base})",
        "bus {bus} ({base} base)",
    ),
    "base": (
        "Base",
        "Base",
    ),
    "bases": (
        "Bases",
        "Bases",
    ),
    "base_buses": (
        "Bus : {buses}",
        "Buses: {buses}",
    ),
    "base_days": (
        "Jours : {days}",
        "Days: {days}",
    ),
    "base_hours": (
        "Service {shift_start}–{shift_end}, ouvert au public {open_start}–{open_end}",
        "Shift {shift_start}–{shift_end}, open to the public {open_start}–{open_end}",
    ),
    "legend_buses": (
        "Bus (base)",
        "Buses (base)",
    ),
    "per_bus_title": (
        "Par bus (conduite et visites par cycle, accueil par semaine)",
        "Per bus (driving and visits per cycle, public hours per week)",
    ),
    "n_bases": (
        "{n} bases",
        "{n} bases",
    ),
    "col_base": (
        "Base",
        "Base",
    ),
    "col_km_cycle": (
        "km",
        "km",
    ),
    "col_driving_cycle": (
        "Conduite",
        "Driving",
    ),
    "col_public_week": (
        "Accueil",
        "Public",
    ),
    "col_visits_cycle": (
        "Visites",
        "Visits",
    ),
    "col_communes": (
        "Communes",
        "Communes",
    ),
    "total": (
        "Total",
        "Total",
    ),
    "morning": (
        "matin",
        "morning",
    ),
    "afternoon": (
        "après-midi",
        "afternoon",
    ),
    "monday": (
        "lundi",
        "Monday",
    ),
    "tuesday": (
        "mardi",
        "Tuesday",
    ),
    "wednesday": (
        "mercredi",
        "Wednesday",
    ),
    "thursday": (
        "jeudi",
        "Thursday",
    ),
    "friday": (
        "vendredi",
        "Friday",
    ),
    "saturday": (
        "samedi",
        "Saturday",
    ),
    "sunday": (
        "dimanche",
        "Sunday",
    ),
    "print_title": (
        "{service} — horaires",
        "{service} — timetable",
    ),
    "print_period": (
        "Du {first} au {last}",
        "From {first} to {last}",
    ),
    "print_cycle": (
        "La rotation dure {n} {n|semaine|semaines} puis recommence.",
        "The rotation lasts {n} {n|week|weeks}, then starts again.",
    ),
    "print_week_of": (
        "Semaine du {date}",
        "Week of {date}",
    ),
    "print_cycle_week": (
        "semaine {week} du cycle",
        "week {week} of the cycle",
    ),
    "print_no_dates": (
        "Aucun passage sur la période.",
        "No visit in this period.",
    ),
    "col_date": (
        "Date",
        "Date",
    ),
    "holiday_no_visit": (
        "pas de passage : {holiday} (jour férié)",
        "no visit: {holiday} (public holiday)",
    ),
    "skipped_line": (
        "Pas de passage le {date} à {commune} : {holiday} (jour férié).",
        "No visit on {date} in {commune}: {holiday} (public holiday).",
    ),
    "closed_no_visit": (
        "pas de passage : {reason} (service fermé)",
        "no visit: {reason} (service closed)",
    ),
    "closed_line": (
        "Pas de passage le {date} à {commune} : {reason} (service fermé).",
        "No visit on {date} in {commune}: {reason} (service closed).",
    ),
    "closed_default": (
        "fermeture",
        "closure",
    ),
    "access_no_appointment": (
        "Gratuit, sans rendez-vous",
        "Free, no appointment",
    ),
    "access_appointment": (
        "Gratuit ; le bus prend aussi des rendez-vous",
        "Free; the bus also takes appointments",
    ),
    "help_title": (
        "Le bus vous aide pour :",
        "The bus helps you with:",
    ),
    "contact_title": (
        "Contact",
        "Contact",
    ),
    "contact_phone": (
        "Téléphone : {phone}",
        "Phone: {phone}",
    ),
    "contact_email": (
        "Courriel : {email}",
        "Email: {email}",
    ),
    "contact_website": (
        "Site : {website}",
        "Website: {website}",
    ),
    "poster_title": (
        "{service} à {commune}",
        "{service} in {commune}",
    ),
    "poster_when": (
        "{frequency}, de {start} à {end}",
        "{frequency}, {start} to {end}",
    ),
    "poster_when_half": (
        "{frequency}, {half_day}",
        "{frequency}, {half_day}",
    ),
    "poster_morning": (
        "le matin",
        "in the morning",
    ),
    "poster_afternoon": (
        "l'après-midi",
        "in the afternoon",
    ),
    "poster_times": (
        "de {start} à {end}",
        "{start} to {end}",
    ),
    "poster_next": (
        "Prochains passages",
        "Next visits",
    ),
    "poster_next_inline": (
        "prochains passages : {dates}",
        "next visits: {dates}",
    ),
    "poster_none": (
        "Aucun passage prévu sur la période.",
        "No visit planned in this period.",
    ),
    "day_every_1": (
        "tous les {day}s",
        "every {day}",
    ),
    "day_every_2": (
        "un {day} sur deux",
        "every other {day}",
    ),
    "day_every_3": (
        "un {day} sur trois",
        "every third {day}",
    ),
    "day_every_4": (
        "un {day} sur quatre",
        "every fourth {day}",
    ),
    "day_every_n": (
        "un {day} toutes les {n} semaines",
        "on a {day} every {n} weeks",
    ),
    "ics_calendar": (
        "{service} — {name}",
        "{service} — {name}",
    ),
    # busplanner.cli
    "cli.error": (
        "Erreur",
        "Error",
    ),
    "cli.solving": (
        "Calcul du plan… {elapsed:.0f} s, meilleur plan : {best}",
        "Planning… {elapsed:.0f} s, best plan so far: {best}",
    ),
    "cli.wrote": (
        "Écrit : {files}",
        "Wrote: {files}",
    ),
    "cli.removed": (
        "Supprimé (écrit par l'exécution précédente, plus par celle-ci) : {files}",
        "Removed (written by the previous run, not by this one): {files}",
    ),
    "cli.ok": (
        "{file} : aucun problème.",
        "{file}: no problem found.",
    ),
    "cli.warning": (
        "Attention",
        "Warning",
    ),
    "cli.interrupted": (
        "Interrompu : aucun fichier n'a été modifié.",
        "Interrupted: no file was changed.",
    ),
    "cli.bug": (
        "Erreur interne (un défaut de busplanner, merci de le signaler)",
        "Internal error (a bug in busplanner, please report it)",
    ),
    "cli.strict": (
        "--strict : {n} {n|défaut|défauts} dans l'horaire ; aucun fichier n'a été écrit.",
        "--strict: {n} {n|defect|defects} in the timetable; no file was written.",
    ),
    # busplanner.compare
    "compare.title": (
        "Comparaison des scénarios",
        "Scenario comparison",
    ),
    "compare.figure": (
        "Indicateur",
        "Figure",
    ),
    "compare.file": (
        "Fichier",
        "File",
    ),
    "compare.buses": (
        "Bus",
        "Buses",
    ),
    "compare.bases": (
        "Bases",
        "Bases",
    ),
    "compare.km_per_bus": (
        "Kilomètres par cycle, par bus",
        "Kilometres per cycle, per bus",
    ),
    "compare.cycle": (
        "Cycle",
        "Cycle",
    ),
    "compare.cycle_weeks": (
        "{n} {n|semaine|semaines}",
        "{n} {n|week|weeks}",
    ),
    "compare.session": (
        "Durée d'une séance",
        "Session length",
    ),
    "compare.opening_hours": (
        "Horaires des mairies",
        "Town-hall hours",
    ),
    "compare.policy_free": (
        "non imposés",
        "not enforced",
    ),
    "compare.policy_overlap": (
        "chevauchement ≥ {n} min",
        "overlap ≥ {n} min",
    ),
    "compare.policy_inside": (
        "séance dans les horaires",
        "sessions inside them",
    ),
    "compare.visits_per_month": (
        "Visites par mois",
        "Visits per month",
    ),
    "compare.visits_missing": (
        "Visites manquantes (par cycle)",
        "Visits missing (per cycle)",
    ),
    "compare.communes_served": (
        "Communes desservies",
        "Communes served",
    ),
    "compare.public_per_week": (
        "Heures d'accueil par semaine",
        "Public hours per week",
    ),
    "compare.km_per_cycle": (
        "Kilomètres par cycle",
        "Kilometres per cycle",
    ),
    "compare.km_per_year": (
        "Kilomètres par an",
        "Kilometres per year",
    ),
    "compare.driving_per_year": (
        "Heures de conduite par an",
        "Driving hours per year",
    ),
    "compare.fuel_per_year": (
        "Gazole par an",
        "Diesel per year",
    ),
    "compare.co2_per_year": (
        "CO2 par an",
        "CO2 per year",
    ),
    "compare.cost_per_year": (
        "Coût de roulage par an",
        "Running cost per year",
    ),
    "compare.equity_min": (
        "Heures / 1 000 hab. / mois, commune la moins servie",
        "Hours / 1,000 inhabitants / month, worst-served commune",
    ),
    "compare.equity_max": (
        "Heures / 1 000 hab. / mois, commune la mieux servie",
        "Hours / 1,000 inhabitants / month, best-served commune",
    ),
    "compare.equity_ratio": (
        "Rapport mieux / moins servie",
        "Ratio best / worst served",
    ),
    "compare.longest_gap": (
        "Plus longue attente entre deux visites",
        "Longest wait between two visits",
    ),
    "compare.days": (
        "{n} jours",
        "{n} days",
    ),
    "compare.solver": (
        "Qualité de la solution",
        "Solution quality",
    ),
    "compare.rules_broken": (
        "Règles enfreintes",
        "Rules broken",
    ),
    "compare.demand": (
        "Poids de la demande",
        "Demand weights",
    ),
    "compare.demand_population": (
        "population",
        "population",
    ),
    "compare.demand_territory": (
        "territoire (demand_weight)",
        "territory (demand_weight)",
    ),
    "compare.demand_equal": (
        "égaux",
        "equal",
    ),
    "compare.demand_attendance": (
        "fréquentation ({log})",
        "attendance ({log})",
    ),
    "compare.frequency_of": (
        "Fréquence : {name}",
        "Frequency: {name}",
    ),
    "compare.km_ratio": (
        "Kilomètres / plan existant",
        "Kilometres / existing plan",
    ),
    "compare.reference": (
        "référence",
        "reference",
    ),
    "compare.existing": (
        "{file} — plan existant",
        "{file} — existing plan",
    ),
    "compare.existing_solver": (
        "plan existant, non calculé par busplanner",
        "existing plan, not computed by busplanner",
    ),
    "compare.maps": (
        "Cartes",
        "Maps",
    ),
    "compare.note": (
        "Un mois = 52/12 semaines ; une année = {weeks} semaines de service ([costs] service_weeks_per_year). Calculé le {date} par busplanner.",
        "A month = 52/12 weeks; a year = {weeks} service weeks ([costs] service_weeks_per_year). Computed on {date} by busplanner.",
    ),
    "compare.none": (
        "—",
        "—",
    ),
    # busplanner.evaluate
    "evaluate.title": (
        "Évaluation de {plan} selon le scénario « {scenario} » ({path})",
        "Evaluation of {plan} under the scenario “{scenario}” ({path})",
    ),
    "evaluate.model": (
        "Modèle de déplacement du scénario : {model}",
        "The scenario's travel model: {model}",
    ),
    "evaluate.recorded": (
        "Le plan a été enregistré avec : {model}",
        "The plan was recorded with: {model}",
    ),
    "evaluate.figures": (
        "Indicateurs (selon le scénario)",
        "Figures (under the scenario)",
    ),
    "evaluate.km_per_cycle": (
        "Kilomètres par cycle",
        "Kilometres per cycle",
    ),
    "evaluate.km_recorded": (
        "{value} (le plan indique {recorded})",
        "{value} (the plan says {recorded})",
    ),
    "evaluate.driving_per_cycle": (
        "Heures de conduite par cycle",
        "Driving hours per cycle",
    ),
    "evaluate.visits": (
        "Visites tenues / demandées par cycle",
        "Visits held / asked per cycle",
    ),
    "evaluate.visits_missing": (
        "Visites manquantes (par cycle)",
        "Visits missing (per cycle)",
    ),
    "evaluate.communes_served": (
        "Communes desservies",
        "Communes served",
    ),
    "evaluate.public_per_week": (
        "Heures d'accueil du public par semaine",
        "Public opening hours per week",
    ),
    "evaluate.km_per_year": (
        "Kilomètres par an",
        "Kilometres per year",
    ),
    "evaluate.fuel_per_year": (
        "Gazole par an",
        "Diesel per year",
    ),
    "evaluate.co2_per_year": (
        "CO2 par an",
        "CO2 per year",
    ),
    "evaluate.cost_per_year": (
        "Coût de roulage par an",
        "Running cost per year",
    ),
    "evaluate.rules_broken": (
        "Règles enfreintes",
        "Rules broken",
    ),
    "evaluate.legs_title": (
        "Trajets : {n} des {total} trajets du plan diffèrent du modèle du scénario (ils sont jugés selon le scénario)",
        "Drives: {n} of the plan's {total} drives differ from the scenario's model (they are judged under the scenario)",
    ),
    "evaluate.legs_same": (
        "Trajets : les {total} trajets du plan suivent le modèle du scénario.",
        "Drives: the plan's {total} drives follow the scenario's model.",
    ),
    "evaluate.legs_unmeasured": (
        "{n} {n|trajet|trajets} vers ou depuis un arrêt que le modèle ne situe pas (absent des arrêts du plan, ou non desservi par le scénario pour un service routier ou une matrice CSV) ne sont pas mesurés : les chiffres du plan sont conservés.",
        "{n} {n|drive|drives} to or from a stop the model cannot place (not among the plan's stops, or not served by the scenario with a routing service or a CSV matrix) are not measured: the plan's figures are kept.",
    ),
    "evaluate.leg": (
        "{route} : {a} → {b} : plan {pmin} min, {pkm} km ; scénario {mmin} min, {mkm} km",
        "{route}: {a} → {b}: plan {pmin} min, {pkm} km; scenario {mmin} min, {mkm} km",
    ),
    "evaluate.route": (
        "bus {bus}, semaine {week}, {day}",
        "bus {bus}, week {week}, {day}",
    ),
    "evaluate.none_broken": (
        "Aucune règle enfreinte.",
        "No rule broken.",
    ),
    "evaluate.broken_title": (
        "Règles enfreintes : {n} en tout, {rules} {rules|règle|règles}",
        "Rules broken: {n} in all, {rules} {rules|rule|rules}",
    ),
    "evaluate.rule_head": (
        "{label} — {n}",
        "{label} — {n}",
    ),
    "evaluate.item": (
        "{where} : {detail}",
        "{where}: {detail}",
    ),
    "evaluate.more": (
        "… et {n} de plus ({where})",
        "… and {n} more ({where})",
    ),
    "evaluate.more_in_files": (
        "voir evaluation.csv",
        "see evaluation.csv",
    ),
    "evaluate.more_use_out": (
        "--out DOSSIER pour la liste complète",
        "--out DIR for the whole list",
    ),
    "evaluate.asked_unknown": (
        "inconnues (aucune séance ne tient dans une journée du scénario)",
        "unknown (no session fits a day of the scenario)",
    ),
    # busplanner.attendance.report
    "attendance_report.title": (
        "Fréquentation du bus France services",
        "France services bus attendance",
    ),
    "attendance_report.period": (
        "Période du {start} au {end} ({days} jours)",
        "Period from {start} to {end} ({days} days)",
    ),
    "attendance_report.synthetic": (
        "DONNÉES SYNTHÉTIQUES (SYNTHETIC) : ces séances ont été inventées pour une démonstration, ce ne sont pas des chiffres réels.",
        "SYNTHETIC DATA: these sessions were invented for a demonstration; they are not real figures.",
    ),
    "attendance_report.by_stop": (
        "Par commune",
        "By commune",
    ),
    "attendance_report.stop": (
        "Commune",
        "Commune",
    ),
    "attendance_report.held": (
        "Séances tenues",
        "Sessions held",
    ),
    "attendance_report.cancelled": (
        "Annulées",
        "Cancelled",
    ),
    "attendance_report.visitors": (
        "Visiteurs",
        "Visitors",
    ),
    "attendance_report.per_session": (
        "Visiteurs par séance",
        "Visitors per session",
    ),
    "attendance_report.hours": (
        "Heures d'accueil",
        "Public hours",
    ),
    "attendance_report.per_hour": (
        "Visiteurs par heure",
        "Visitors per hour",
    ),
    "attendance_report.total": (
        "Total",
        "Total",
    ),
    "attendance_report.by_month": (
        "Mois par mois : visiteurs par séance tenue",
        "Month by month: visitors per session held",
    ),
    "attendance_report.month": (
        "Mois",
        "Month",
    ),
    "attendance_report.cancellations": (
        "Annulations",
        "Cancellations",
    ),
    "attendance_report.reason": (
        "Motif",
        "Reason",
    ),
    "attendance_report.count": (
        "Séances",
        "Sessions",
    ),
    "attendance_report.no_reason": (
        "motif non donné",
        "no reason given",
    ),
    "attendance_report.no_cancellation": (
        "Aucune séance annulée.",
        "No session was cancelled.",
    ),
    "attendance_report.subjects": (
        "Motifs de visite (personnes venues pour chaque sujet)",
        "What people came for (people per subject)",
    ),
    "attendance_report.subject": (
        "Sujet",
        "Subject",
    ),
    "attendance_report.people": (
        "Personnes",
        "People",
    ),
    "attendance_report.share": (
        "Part",
        "Share",
    ),
    "attendance_report.no_subject": (
        "Aucun sujet renseigné.",
        "No subject recorded.",
    ),
    "attendance_report.costs": (
        "Coût",
        "Cost",
    ),
    "attendance_report.budget": (
        "Budget annuel compté",
        "Yearly budget counted",
    ),
    "attendance_report.budget_period": (
        "Part de la période ({days} jours / 365)",
        "The period's share ({days} days / 365)",
    ),
    "attendance_report.per_session_cost": (
        "Coût par séance tenue",
        "Cost per session held",
    ),
    "attendance_report.per_visitor_cost": (
        "Coût par visiteur",
        "Cost per visitor",
    ),
    "attendance_report.no_budget": (
        "Pas de budget dans le scénario : donnez [costs] annual_budget_eur pour le coût par séance et par visiteur.",
        "No budget in the scenario: give [costs] annual_budget_eur for the cost per session and per visitor.",
    ),
    "attendance_report.budget_note": (
        "HYPOTHÈSE : le budget annuel est réparti également sur les jours de l'année.",
        "ASSUMPTION: the yearly budget is spread evenly over the days of the year.",
    ),
    "attendance_report.not_recorded": (
        "{n} {n|séance prévue|séances prévues} de la période sans relevé.",
        "{n} planned {n|session|sessions} of the period with no record.",
    ),
    "attendance_report.chart_lines": (
        "Visiteurs par séance, mois par mois",
        "Visitors per session, month by month",
    ),
    "attendance_report.chart_heat": (
        "Visiteurs par séance selon le jour",
        "Visitors per session by weekday",
    ),
    "attendance_report.chart_subjects": (
        "Motifs de visite",
        "What people came for",
    ),
    "attendance_report.empty": (
        "Aucune séance enregistrée sur la période.",
        "No session recorded in the period.",
    ),
    "attendance_report.note": (
        "Écrit par busplanner le {date} depuis le journal {log}.",
        "Written by busplanner on {date} from the log {log}.",
    ),
    # busplanner.attendance.demand
    "demand.title": (
        "Poids de la demande",
        "Demand weights",
    ),
    "demand.stop": (
        "Commune",
        "Commune",
    ),
    "demand.population": (
        "Pop.",
        "Pop.",
    ),
    "demand.sessions": (
        "Séances",
        "Sessions",
    ),
    "demand.hours": (
        "Heures",
        "Hours",
    ),
    "demand.visitors": (
        "Visiteurs",
        "Visitors",
    ),
    "demand.observed": (
        "Obs./h",
        "Seen/h",
    ),
    "demand.prior": (
        "A priori/h",
        "Prior/h",
    ),
    "demand.share": (
        "Données",
        "Data",
    ),
    "demand.weight": (
        "Poids",
        "Weight",
    ),
    "demand.source": (
        "Origine",
        "From",
    ),
    "demand.attendance": (
        "fréquentation",
        "attendance",
    ),
    "demand.prior_src": (
        "a priori (aucune séance)",
        "prior (no session)",
    ),
    "demand.floor": (
        "plancher",
        "floor",
    ),
    "demand.no data": (
        "population (journal vide)",
        "population (empty log)",
    ),
    "demand.population_src": (
        "population",
        "population",
    ),
    "demand.territory": (
        "territoire (demand_weight)",
        "territory (demand_weight)",
    ),
    "demand.equal": (
        "égal",
        "equal",
    ),
    "demand.header": (
        "Source : fréquentation, journal {log}, du {start} au {end} ({weeks} semaines) ; {lam} {lam|visiteur|visiteurs} par heure et par habitant ; estimation rapprochée de la population comme si elle valait {m} {m|séance|séances} de {h} h ; plancher {floor} % de la population.",
        "Source: attendance, log {log}, from {start} to {end} ({weeks} weeks); {lam} {lam|visitor|visitors} per hour per inhabitant; estimates shrunk towards population as if it were worth {m} {m|session|sessions} of {h} h; floor {floor} % of the population.",
    ),
    "demand.empty": (
        "Source : fréquentation, mais le journal {log} ne contient aucune séance des communes desservies : chaque poids est la population.",
        "Source: attendance, but the log {log} holds no session of the served communes: each weight is the population.",
    ),
    # busplanner.cli_attendance
    "cli_attendance.template": (
        "{out} : {n} séances du {first} au {last} ; le journal {log} connaît ces séances prévues ({added} nouvelles, {changed} modifiées).",
        "{out}: {n} sessions from {first} to {last}; the log {log} knows these planned sessions ({added} new, {changed} changed).",
    ),
    "cli_attendance.template_empty": (
        "{out} : aucune séance prévue sur ces semaines.",
        "{out}: no session planned in these weeks.",
    ),
    "cli_attendance.added": (
        "{file} : {added} {added|séance ajoutée|séances ajoutées} au journal {log}.",
        "{file}: {added} {added|session|sessions} added to the log {log}.",
    ),
    "cli_attendance.rows": (
        "{rows} {rows|ligne|lignes} : {good} {good|bonne|bonnes}, {already} déjà dans le journal, {unfilled} pas encore {unfilled|remplie|remplies}, {bad} {bad|mauvaise|mauvaises}.",
        "{rows} {rows|row|rows}: {good} good, {already} already in the log, {unfilled} not filled in yet, {bad} bad.",
    ),
    "cli_attendance.skipped": (
        "--skip-bad : {n} {n|ligne écartée|lignes écartées} : {lines}.",
        "--skip-bad: {n} {n|row|rows} left out: {lines}.",
    ),
    "cli_attendance.refused": (
        "{n} {n|ligne|lignes} en défaut : rien n'a été écrit dans le journal {log}.",
        "{n} bad {n|row|rows}: nothing was written to the log {log}.",
    ),
    "cli_attendance.before": (
        "Ce fichier a déjà été importé le {dates}.",
        "This file was imported before, on {dates}.",
    ),
    "cli_attendance.one": (
        "Séance enregistrée : {stop} ({stop_id}) le {date}, {what} ({log}).",
        "Session recorded: {stop} ({stop_id}) on {date}, {what} ({log}).",
    ),
    "cli_attendance.held": (
        "{n} {n|visiteur|visiteurs}",
        "{n} {n|visitor|visitors}",
    ),
    "cli_attendance.cancelled": (
        "annulée",
        "cancelled",
    ),
    "cli_attendance.interrupted": (
        "Interrompu : rien n'a été écrit dans le journal.",
        "Interrupted: nothing was written to the log.",
    ),
    # busplanner.timetable_import
    "import_action.fixed": (
        "corrigé",
        "fixed",
    ),
    "import_action.skipped": (
        "ligne écartée",
        "skipped",
    ),
    "import_action.flagged": (
        "signalé",
        "flagged",
    ),
    "import_action.note": (
        "note",
        "note",
    ),
    # busplanner.timetable_import
    "import_report.title": (
        "busplanner import timetable : {file}, bibliobus {mobile!r}",
        "busplanner import timetable: {file}, mobile {mobile!r}",
    ),
    "import_report.rows": (
        "{rows} lignes de ce bibliobus lues ; {fixed} {fixed|corrigée|corrigées}, {skipped} {skipped|écartée|écartées}, {flagged} {flagged|signalée|signalées} ; {notes} {notes|note|notes}",
        "{rows} rows of this mobile read; {fixed} fixed, {skipped} skipped, {flagged} flagged; {notes} {notes|note|notes}",
    ),
    "import_report.line": (
        "{file} ligne {line}, {field} : {action} : {message}",
        "{file} line {line}, {field}: {action}: {message}",
    ),
    "import_report.result": (
        "Résultat : {stops} arrêts, {visits} visites par cycle de {cycle} {cycle|semaine|semaines} ({days}), ouvert {open} ; {used} lignes deviennent des visites, {skipped} sont écartées.",
        "Result: {stops} stops, {visits} visits per {cycle}-week cycle ({days}), open {open}; {used} rows became visits, {skipped} rows were skipped.",
    ),
    "import_report.depot": (
        "Dépôt : {depot}",
        "Depot: {depot}",
    ),
    "import_report.lunch": (
        "Pause déjeuner : {duration} min entre {earliest} et {latest} ({kept} des {days} jours publiés ayant une pause de midi la gardent)",
        "Lunch break: {duration} min between {earliest} and {latest} ({kept} of {days} published days with a midday gap keep it)",
    ),
    "import_report.no_defect": (
        "Aucun défaut trouvé.",
        "No defect found.",
    ),
    # --- spreadsheets: timetable.xlsx, CSV headers of --csv-dialect excel-fr (issue 12 item 2)
    "sheet.overview": (
        "Vue d'ensemble",
        "Overview",
    ),
    "sheet.no_visit_week": (
        "Aucun passage de cette semaine du cycle sur la période.",
        "No visit of this week of the cycle in the period.",
    ),
    "sheet.col.cycle_week": (
        "Semaine du cycle",
        "Week of the cycle",
    ),
    "sheet.col.date": (
        "Date",
        "Date",
    ),
    "sheet.col.day": (
        "Jour",
        "Day",
    ),
    "sheet.col.bus": (
        "Bus",
        "Bus",
    ),
    "sheet.col.stop_id": (
        "Code INSEE",
        "INSEE code",
    ),
    "sheet.col.commune": (
        "Commune",
        "Commune",
    ),
    "sheet.col.address": (
        "Adresse",
        "Address",
    ),
    "sheet.col.half_day": (
        "Demi-journée",
        "Half-day",
    ),
    "sheet.col.arrival": (
        "Arrivée du bus",
        "Bus arrives",
    ),
    "sheet.col.start": (
        "Début",
        "Start",
    ),
    "sheet.col.end": (
        "Fin",
        "End",
    ),
    "sheet.col.every_weeks": (
        "Fréquence (semaines)",
        "Frequency (weeks)",
    ),
    "sheet.col.frequency": (
        "Fréquence",
        "Frequency",
    ),
    "sheet.col.lon": (
        "Longitude",
        "Longitude",
    ),
    "sheet.col.lat": (
        "Latitude",
        "Latitude",
    ),
    "sheet.col.visits": (
        "Passages sur la période",
        "Visits in the period",
    ),
    "sheet.col.first": (
        "Premier passage",
        "First visit",
    ),
    "sheet.col.last": (
        "Dernier passage",
        "Last visit",
    ),
    "sheet.col.note": (
        "Remarque",
        "Note",
    ),
    # --- printable pages, fixed frequencies, commune names (issue 12 items 5 and 6)
    # busplanner.problem: what a fixed frequency costs the other communes
    "fixed_visits.item": (
        "{name} ({k} par cycle)",
        "{name} ({k} per cycle)",
    ),
    "names.and": (
        "{a} et {b}",
        "{a} and {b}",
    ),
    "fixed_visits.takes": (
        "Les visites fixées pour {fixed} prennent {n} {n|visite|visites} à {commune} ({got} au lieu de {free}).",
        "The visits fixed for {fixed} take {n} {n|visit|visits} from {commune} ({got} instead of {free}).",
    ),
    # busplanner.problem: commune names where codes are expected
    "names.code": (
        "{code} ({name})",
        "{code} ({name})",
    ),
    "names.comma": (
        "{a}, {b}",
        "{a}, {b}",
    ),
    "names.or": (
        "{a} ou {b}",
        "{a} or {b}",
    ),
    "names.ambiguous": (
        "« {given} » est le nom de {n} communes du territoire {territory} : utilisez le code {codes}",
        "{given!r} is the name of {n} communes of the territory {territory}: use the code {codes}",
    ),
    "names.unknown": (
        "« {given} » n'est ni un code ni un nom de commune du territoire {territory} ; vouliez-vous dire {codes} ? Utilisez le code",
        "{given!r} is neither a code nor a commune name of the territory {territory}; did you mean {codes}? Use the code",
    ),
    "names.unknown_no_hint": (
        "« {given} » n'est ni un code ni un nom de commune du territoire {territory} : donnez le code INSEE de la commune (ou l'identifiant de l'arrêt)",
        "{given!r} is neither a code nor a commune name of the territory {territory}: give the commune's INSEE code (or the stop's id)",
    ),
    "names.twice": (
        "« {given} » et « {other} » désignent la même commune, {name} ({code}) : gardez-en un",
        "{given!r} and {other!r} name the same commune, {name} ({code}): keep one",
    ),
    # busplanner.reports.printable: the overview page of the timetable
    "print_overview": (
        "Vue d'ensemble : le cycle de {n} {n|semaine|semaines}",
        "Overview: the {n}-week cycle",
    ),
    "print_overview_visit": (
        "{commune}, {start}",
        "{commune}, {start}",
    ),
    # --- maps and pages to print, compare (issue 12 item 4)
    "map.names": (
        "Noms des communes",
        "Commune names",
    ),
    "map.island": (
        "une île : aucune route n'y mène",
        "an island: no road reaches it",
    ),
    "map.not_in_scenario": (
        "pas parmi les communes desservies du scénario ([served])",
        "not among the scenario's served communes ([served])",
    ),
    "map.legend_not_served": (
        "non desservie (contour tireté)",
        "not served (dashed outline)",
    ),
    "map.needs_internet": (
        "Sans internet, cette carte ne peut pas charger son fond (OpenStreetMap), ni parfois la carte elle-même. Pour une carte qui s'ouvre sans internet : busplanner plan --offline",
        "Without the internet this map cannot load its background (OpenStreetMap), nor sometimes the map itself. For a map that opens without the internet: busplanner plan --offline",
    ),
    "compare.one_file": (
        "compare a besoin d'au moins deux fichiers (scénarios .toml ou plans .json) ; un seul donné : {file}. Pour un seul scénario : busplanner plan -s {file}",
        "compare needs two or more files (scenarios .toml or plans .json); only one given: {file}. For one scenario: busplanner plan -s {file}",
    ),
    "compare.weeks_of": (
        "{weeks} ({column})",
        "{weeks} ({column})",
    ),
    "map_print.title": (
        "Tournées de la semaine {week} : carte à imprimer",
        "Routes of week {week}: map to print",
    ),
    "map_print.subtitle": (
        "{scenario} · cycle de {n} {n|semaine|semaines} · busplanner",
        "{scenario} · {n}-week cycle · busplanner",
    ),
    "map_print.leave": (
        "Départ de {place}",
        "Leave {place}",
    ),
    "map_print.back": (
        "Retour à {place}",
        "Back at {place}",
    ),
    "map_print.driving": (
        "{km} km, {drive} de route",
        "{km} km, {drive} of driving",
    ),
    "map_print.key_today": (
        "desservie ce jour (numéro = ordre de passage)",
        "served this day (number = order of the stops)",
    ),
    "map_print.key_other_days": (
        "desservie un autre jour",
        "served on another day",
    ),
    "map_print.no_route": (
        "Aucune tournée en semaine {week}.",
        "No route in week {week}.",
    ),
    "map_print.bad_week": (
        "semaine {week} demandée : attendu une semaine du cycle, de 1 à {weeks}",
        "week {week} asked for: expected a week of the cycle, 1 to {weeks}",
    ),
    "map.close": (
        "Fermer",
        "Close",
    ),
    # --- terminal (issue 12 item 3): the progress of a run (busplanner.progress)
    "progress.read": (
        "Lecture du scénario et du territoire",
        "Reading the scenario and the territory",
    ),
    "progress.travel": (
        "Calcul des trajets entre les communes",
        "Computing travel between the communes",
    ),
    "progress.model": (
        "Construction du modèle",
        "Building the model",
    ),
    "progress.model_size": (
        "{stops} {stops|commune|communes}, {visits} {visits|visite|visites}, {bus_days} {bus_days|jour|jours} de bus",
        "{stops} {stops|commune|communes}, {visits} {visits|visit|visits}, {bus_days} bus {bus_days|day|days}",
    ),
    "progress.solve": (
        "Recherche du meilleur plan",
        "Searching for the best plan",
    ),
    "progress.best": (
        "{km:n1} km, {held} / {total} {total|visite tenue|visites tenues}",
        "{km:n1} km, {held} / {total} {total|visit|visits} held",
    ),
    "progress.no_plan_yet": (
        "pas encore de plan",
        "no plan yet",
    ),
    "progress.check": (
        "Vérification du plan",
        "Re-checking the plan",
    ),
    "progress.write": (
        "Préparation des fichiers",
        "Preparing the files",
    ),
    "progress.files": (
        "{files} {files|fichier|fichiers}",
        "{files} {files|file|files}",
    ),
    "progress.seconds": (
        "{elapsed:n0} s",
        "{elapsed:n0} s",
    ),
    "progress.of_limit": (
        "{elapsed:n0} s / {limit:n0} s",
        "{elapsed:n0} s / {limit:n0} s",
    ),
    "progress.done": (
        "{step} {what} : {result} ({seconds:n1} s)",
        "{step} {what}: {result} ({seconds:n1} s)",
    ),
    "progress.done_plain": (
        "{step} {what} ({seconds:n1} s)",
        "{step} {what} ({seconds:n1} s)",
    ),
}

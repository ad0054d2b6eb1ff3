"""Words that change with the run's region (:mod:`busplanner.region`), key → (French,
English), as in :mod:`busplanner.messages`.

:data:`STOP_WORDS` replace the catalogue's texts outside France, where the places a bus
serves are stops, not communes with a town hall; :data:`MILE_WORDS` replace the texts that
name kilometres when ``[units] distance = "mi"``. Each key is also a key of the catalogue,
with the same placeholders (``tests/test_region.py`` checks it).
"""

from __future__ import annotations

STOP_WORDS: dict[str, tuple[str, str]] = {
    "col_commune": ("Arrêt", "Stop"),
    "communes_served": ("Arrêts desservis", "Stops served"),
    "legend_shading": (
        "Arrêts : visites par cycle de {n} {n|semaine|semaines}",
        "Stops: visits per {n}-week cycle",
    ),
    "col_communes": ("Arrêts", "Stops"),
    "compare.opening_hours": ("Horaires d'ouverture", "Opening hours"),
    "compare.communes_served": ("Arrêts desservis", "Stops served"),
    "compare.equity_min": (
        "Heures / 1 000 hab. / mois, arrêt le moins servi",
        "Hours / 1,000 inhabitants / month, worst-served stop",
    ),
    "compare.equity_max": (
        "Heures / 1 000 hab. / mois, arrêt le mieux servi",
        "Hours / 1,000 inhabitants / month, best-served stop",
    ),
    "evaluate.communes_served": ("Arrêts desservis", "Stops served"),
    "progress.travel": (
        "Calcul des trajets entre les arrêts",
        "Computing travel between the stops",
    ),
    "progress.model_size": (
        "{stops} {stops|arrêt|arrêts}, {visits} {visits|visite|visites}, "
        "{bus_days} {bus_days|jour|jours} de bus",
        "{stops} {stops|stop|stops}, {visits} {visits|visit|visits}, "
        "{bus_days} bus {bus_days|day|days}",
    ),
    "changes.header": (
        "[bold]Changements pour les habitants[/bold] : {n} {n|arrêt change|arrêts changent}, "
        "{kept} {kept|garde son créneau et ses horaires|gardent leur créneau et leurs horaires}.",
        "[bold]Changes residents will see[/bold]: {n} {n|stop changes|stops change}, "
        "{kept} {kept|keeps its|keep their} slot and times.",
    ),
    "attendance_report.by_stop": ("Par arrêt", "By stop"),
    "attendance_report.stop": ("Arrêt", "Stop"),
    "demand.stop": ("Arrêt", "Stop"),
    "sheet.col.commune": ("Arrêt", "Stop"),
    "map.names": ("Noms des arrêts", "Stop names"),
}

MILE_WORDS: dict[str, tuple[str, str]] = {
    "km_per_cycle": ("Miles par cycle", "Miles per cycle"),
    "col_km_cycle": ("mi", "mi"),
    "compare.km_per_bus": ("Miles par cycle, par bus", "Miles per cycle, per bus"),
    "compare.km_per_cycle": ("Miles par cycle", "Miles per cycle"),
    "compare.km_per_year": ("Miles par an", "Miles per year"),
    "compare.km_same_times": (
        "Miles par cycle, mêmes jours et horaires que le plan existant",
        "Miles per cycle, same weekdays and times as the existing plan",
    ),
    "compare.km_ratio": ("Miles / plan existant", "Miles / existing plan"),
    "evaluate.km_per_cycle": ("Miles par cycle", "Miles per cycle"),
    "evaluate.km_per_year": ("Miles par an", "Miles per year"),
    "unit.km": ("mi", "mi"),
}

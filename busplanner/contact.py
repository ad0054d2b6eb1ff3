"""The contact residents read on posters and calendars: the scenario's ``[service]``, filled
from the national list of France services units where the scenario says nothing.

The unit is the one ``[service] national_list_id`` names (its ``id_fs``), else the one based
at the scenario's depot (within :data:`AT_DEPOT_KM`; with several bases, only when they are
all one unit's). From it come the operator (the unit's name), phone, e-mail and appointment
policy (``prise_rdv``: "Non" is printed "free, no appointment"); every field the scenario
gives wins. ``national_list_id = ""`` turns the list off.
"""

from __future__ import annotations

from dataclasses import replace

from busplanner.errors import InputError, Problem, ScenarioError
from busplanner.geo import great_circle_km
from busplanner.national_list import DEFAULT_LIST, LIST_FILE, Unit, read_national_list
from busplanner.scenario import Scenario, ServiceInfo

AT_DEPOT_KM = 0.1
"""A unit whose base lies this near the depot is the scenario's bus (the list gives the
base's coordinates; the shipped scenarios copy them)."""


def national_unit(scenario: Scenario) -> Unit | None:
    """The unit of the national list whose contact fills the scenario's, if any.

    Raises
    ------
    ScenarioError
        If ``[service] national_list_id`` names no unit of the list.
    """
    wanted = scenario.national_list_id
    if wanted == "":
        return None
    try:
        units = read_national_list(DEFAULT_LIST).units
    except InputError:
        if wanted is None:
            return None  # the list is not installed beside busplanner: nothing to fill
        raise
    if wanted is not None:
        for unit in units:
            if unit.id_fs == wanted:
                return unit
        raise ScenarioError(
            Problem(
                scenario.path,
                "[service] national_list_id",
                f"= {wanted!r}: no unit of the national list ({LIST_FILE}) has this id_fs; "
                'expected an id_fs such as "580", or "" for none',
            )
        )
    depots = [b.depot for b in scenario.bases] if scenario.bases else [scenario.depot]
    found = set()
    for d in depots:
        near = [u for u in units if great_circle_km(d.lon, d.lat, u.lon, u.lat) <= AT_DEPOT_KM]
        if len(near) != 1:
            return None
        found.add(near[0].id_fs)
    if len(found) != 1:
        return None
    return next(u for u in units if u.id_fs in found)


def filled_service(scenario: Scenario) -> ServiceInfo:
    """The scenario's ``[service]`` with its empty contact fields filled from its unit of
    the national list (:func:`national_unit`); the scenario's own fields win."""
    service = scenario.service
    unit = national_unit(scenario)
    if unit is None:
        return service
    return replace(
        service,
        operator=service.operator or unit.name,
        phone=service.phone or unit.phone,
        email=service.email or unit.email,
        appointment=unit.appointment,
    )

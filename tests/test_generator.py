"""The synthetic scenario generator: deterministic files the normal pipeline reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from busplanner.generate import GeneratorParams, default_buses, generate
from busplanner.pipeline import load_inputs


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    params = GeneratorParams(stops=50, seed=7)
    generate(params, tmp_path / "a")
    generate(params, tmp_path / "b")
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    generate(GeneratorParams(stops=50, seed=8), tmp_path / "c")
    assert (
        _bytes(tmp_path / "c")["territory.geojson"] != _bytes(tmp_path / "a")["territory.geojson"]
    )


def test_generated_scenario_loads_and_is_labelled_synthetic(tmp_path: Path) -> None:
    (path,) = generate(GeneratorParams(stops=150, seed=0), tmp_path)
    scenario, territory = load_inputs(path)
    assert len(territory.communes) == 150
    assert scenario.cycle_weeks == 4
    assert scenario.bus_count == default_buses(150, 4) > 1
    assert "SYNTHETIC" in scenario.name
    assert all(c.insee_code.startswith("99") for c in territory.communes)
    meta = json.loads((tmp_path / "territory.geojson").read_text(encoding="utf-8"))["metadata"]
    assert meta["synthetic"] is True
    # Stops lie in the 60 km box around Rennes (about ±0.27° of latitude).
    assert all(abs(c.stop_lat - 48.11) < 0.28 for c in territory.communes)
    assert not territory.warnings
    pops = [c.population or 0 for c in territory.communes]
    assert min(pops) >= 50 and max(pops) > 5 * min(pops)


def test_two_depots_split_the_stops(tmp_path: Path) -> None:
    paths = generate(GeneratorParams(stops=60, seed=1, depots=2), tmp_path)
    assert [p.name for p in paths] == ["scenario_depot1.toml", "scenario_depot2.toml"]
    served = [load_inputs(p)[0].served or () for p in paths]
    assert len(served[0]) + len(served[1]) == 60
    assert not set(served[0]) & set(served[1])


@pytest.mark.parametrize(
    "bad",
    [
        {"stops": 0},  # no stop at all
        {"depots": 3},  # one or two depots only
        {"box_km": -5.0},  # a box has a positive size
    ],
)
def test_bad_parameters_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        GeneratorParams(**bad)

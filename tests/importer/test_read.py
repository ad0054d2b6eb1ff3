"""Reading the file (busplanner.importer.read): the CSV in either dialect, its header, the
rows of the mobile chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from busplanner.errors import InputError
from busplanner.importer.read import choose_mobile, read_csv, read_mobile_rows
from busplanner.importer.report import Report

HEADER = "Mobile,Route,Community,Stop,Address,Longitude,Latitude,Date,Day,Frequency,Start,End"


def _file(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_french_excel_csv_is_read_with_its_decimal_commas(tmp_path: Path) -> None:
    # opendata.csv written with --csv-dialect excel-fr: ';' between cells, decimal commas.
    text = HEADER.replace(",", ";") + "\nM;R;Alpha;Green;;-2,7;51,35;;Monday;1;09:00;10:00\n"
    header, records = read_csv(_file(tmp_path, text), [])
    cells = dict(zip(header, records[0][1], strict=True))
    assert (cells["Longitude"], cells["Latitude"]) == ("-2.7", "51.35")
    assert cells["Start"] == "09:00"


def test_known_columns_are_spelt_canonically_and_lines_follow_quoted_cells(
    tmp_path: Path,
) -> None:
    # Lower case and spaces in the header; a cell over two lines; a blank line skipped.
    text = (
        " mobile ,ROUTE,community,Stop,Address,Longitude,Latitude,Date,Day,Frequency,Start,End\n"
        'M,R,Alpha,Green,"two\nlines",-2.7,51.35,,Monday,1,09:00,10:00\n'
        "\n"
        "M,R,Beta,Hall,,-2.7,51.36,,Monday,1,10:30,11:00\n"
    )
    header, records = read_csv(_file(tmp_path, text), [])
    assert header[:3] == ["Mobile", "Route", "Community"]
    assert [line for line, _ in records] == [2, 5]


def test_every_header_problem_is_named_at_once(tmp_path: Path) -> None:
    # Day and Frequency missing, Start twice.
    text = "Mobile,Route,Community,Stop,Longitude,Latitude,Start,start,End\nM,R,A,S,1,2,3,4,5\n"
    with pytest.raises(InputError) as info:
        read_csv(_file(tmp_path, text), [])
    rendered = [p.render("en") for p in info.value.problems]
    assert len(rendered) == 2, rendered
    assert "Day, Frequency" in rendered[0]
    assert "'Start'" in rendered[1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # nothing but spaces
        (b"  \n", "empty"),
        # a NUL byte: not a text file
        (b"Mobile\x00Route\n", "not a text"),
        # a header and no row
        (HEADER.encode() + b"\n", "no row"),
    ],
)
def test_a_file_that_is_no_timetable_is_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        read_csv(path, [])


def test_windows_1252_is_read_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    line = "M,R,Bréville,Green,,-2.7,51.35,,Monday,1,09:00,10:00\n"
    path.write_bytes((HEADER + "\n" + line).encode("cp1252"))
    report = Report()
    read = read_mobile_rows(path, None, report)
    assert read.rows[0].cells["Community"] == "Bréville"
    assert [i.kind for i in report.issues] == ["cp1252"]


def test_the_mobile_chosen_its_rows_and_the_others_set_aside(tmp_path: Path) -> None:
    text = (
        HEADER
        + "\nNorth,R,A,S,,-2.7,51.35,,Monday,1,09:00,10:00"
        + "\nSouth,R,B,S,,-2.7,51.35,,Monday,1,09:00,10:00,extra"
        + "\n,R,C,S,,-2.7,51.35,,Monday,1,09:00,10:00"
        + "\nSouth,R,D,S,,-2.7,51.35,,Monday,1,09:00\n"
    )
    report = Report()
    read = read_mobile_rows(_file(tmp_path, text), "south", report)
    assert read.mobile == "South" and read.mobiles == ("North", "South")
    assert [r.line for r in read.rows] == [3, 4, 5]
    assert len(read.all_rows) == 4
    kinds = {(i.line, i.kind) for i in report.issues}
    # One cell too many, one too few, a row without Mobile in a file of two (skipped), and
    # the other mobile's row set aside.
    assert kinds == {
        (3, "extra_cells"),
        (5, "short_row"),
        (4, "no_mobile_many"),
        (1, "other_mobiles"),
    }
    assert read.rows[1].skipped


def test_choose_mobile() -> None:
    assert choose_mobile("t.csv", ["North"], None) == "North"
    assert choose_mobile("t.csv", [], None) == "t"  # no Mobile at all: the file's name
    assert choose_mobile("t.csv", ["North", "South"], " SOUTH ") == "South"
    with pytest.raises(InputError, match="2 mobiles"):
        choose_mobile("t.csv", ["North", "South"], None)
    with pytest.raises(InputError, match="North, South"):
        choose_mobile("t.csv", ["North", "South"], "East")

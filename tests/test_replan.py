"""Issue 11, re-planning residents can trust: `check` is `plan`'s own checks, stops checked like
the depot, changes that include times, an output folder that is the run's, calendars that
update, closures, posters for the town-hall door, bad output paths as bad input."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from busplanner.cli import app
from busplanner.outputs import MANIFEST
from busplanner.territory import Commune, implausible_stops

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEFAULT = ROOT / "scenarios" / "roche_aux_fees.toml"
SMALL = DATA / "scenarios" / "small.toml"
STOPS = ROOT / "scenarios" / "stops_example.toml"
START = "2027-05-03"
EPOCH = "1809172800"  # 2027-05-01 12:00 UTC


@pytest.fixture(autouse=True)
def _fixed_writing_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _lines(output: str, *prefixes: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefixes)]


def _variant(tmp_path: Path, name: str, body: str, parent: Path = DEFAULT) -> Path:
    path = tmp_path / name
    path.write_text(f'extends = "{parent.as_posix()}"\n{body}', encoding="utf-8")
    return path


def _swapped_stops(tmp_path: Path) -> Path:
    """stops_example with Boistrudan's lat and lon swapped (the issue's first case)."""
    text = (ROOT / "data" / "stops_example.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    lon, lat = rows[0].index("lon"), rows[0].index("lat")
    for row in rows[1:]:
        if row[0] == "35028-mairie":
            row[lon], row[lat] = row[lat], row[lon]
    with (tmp_path / "stops.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    text = STOPS.read_text(encoding="utf-8").replace("../data/stops_example.csv", "stops.csv")
    path = tmp_path / "swapped.toml"
    path.write_text(text, encoding="utf-8")
    return path


# 1. One validation, shared ------------------------------------------------------------

# tests/data/bad/: files load_scenario refuses; tests/data/bad_inputs/: files refused once
# the territory is read (the cases `check` used to pass and `plan` refused).
CASES = [
    *sorted((DATA / "bad").glob("*.toml")),
    *sorted((DATA / "bad_inputs").glob("*.toml")),
    DATA / "scenarios" / "far_depot.toml",
    DATA / "scenarios" / "no_session_fits.toml",
]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_check_and_plan_refuse_the_same_files_with_the_same_words(
    path: Path, tmp_path: Path
) -> None:
    checked = runner.invoke(app, ["check", str(path)])
    planned = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "out"), "-q"])
    assert checked.exit_code == planned.exit_code != 0, (checked.output, planned.output)
    assert _lines(checked.output, "Erreur") == _lines(planned.output, "Erreur")
    assert _lines(checked.output, "Erreur")
    assert "Traceback" not in checked.output + planned.output
    assert not (tmp_path / "out").exists()


def test_the_issues_three_cases_are_in_the_corpus() -> None:
    names = {p.name for p in CASES}
    assert {"depot_swapped.toml", "depot_287_km_away.toml", "exclude_unknown_code.toml"} <= names


def test_check_and_plan_warn_alike_on_a_plannable_scenario(tmp_path: Path) -> None:
    path = _swapped_stops(tmp_path)
    checked = runner.invoke(app, ["check", str(path)])
    planned = runner.invoke(app, ["plan", "-s", str(path), "-o", str(tmp_path / "o")])
    assert checked.exit_code == planned.exit_code == 0
    warnings = _lines(checked.output, "Attention")
    assert warnings and warnings == _lines(planned.output, "Attention")


# 2. Stops checked like the depot ---------------------------------------------------------


def test_a_swapped_stop_is_left_out_with_the_true_reason_first(tmp_path: Path) -> None:
    path = _swapped_stops(tmp_path)
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "--start", START])
    assert res.exit_code == 0, res.output
    warning = _lines(res.output, "Attention : Boistrudan")
    assert len(warning) == 1 and "7\u202f244 km" in warning[0]
    assert "sa latitude et sa longitude semblent inversées" in warning[0]
    # -q prints the visits left out alone: the true reason comes first.
    quiet = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "-q", "--start", START])
    assert quiet.exit_code == 0, quiet.output
    lines = quiet.output.splitlines()
    assert lines[0] == "Visites non planifiées" and not _lines(quiet.output, "Attention")
    assert lines[1].startswith("  • Boistrudan (mairie) : sa position")
    assert "7\u202f244 km" in lines[1] and "semblent inversées" in lines[1]
    assert "no 180-minute session fits" not in quiet.output
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    first = plan["unserved"][0]
    assert first["stop_id"] == "35028-mairie" and "swapped" in first["reason"]
    assert plan["warnings"][0].startswith("Boistrudan (mairie) (35028-mairie): its position")


def test_implausible_stops_judges_against_stops_and_depots() -> None:
    a = Commune("a", "A", None, -1.40, 47.97)
    b = Commune("b", "B", None, -1.42, 47.96)
    swapped = Commune("c", "C", None, 47.95, -1.41)
    far = Commune("d", "D", None, 7.0, 43.7)  # Nice: far, not swapped
    found = implausible_stops([a, b, swapped, far], [a, b, swapped, far])
    assert set(found) == {"c", "d"}
    assert "look swapped" in found["c"][0] and "semblent inversées" in found["c"][1]
    assert "swapped" not in found["d"][0]
    # A lone stop has nothing to be judged against but the depot: the depot's check speaks.
    assert implausible_stops([far], [far]) == {}


def test_a_stop_just_outside_its_boundary_is_within_tolerance() -> None:
    from shapely import wkt

    from busplanner.territory import check_stops

    square = wkt.loads("POLYGON ((0 45, 0.01 45, 0.01 45.01, 0 45.01, 0 45))")
    near = Commune("35901", "Near", 1, 0.0111, 45.005, boundary=square)  # ~90 m outside
    far = Commune("35902", "Far", 1, 0.02, 45.005, boundary=square)  # ~790 m outside
    warnings = check_stops([near, far])
    assert len(warnings) == 1 and warnings[0].startswith("Far (35902): the stop lies 0.8 km")


def test_two_stops_at_the_same_place_are_told() -> None:
    res = runner.invoke(app, ["check", str(STOPS), "--lang", "en"])
    assert res.exit_code == 0
    (line,) = _lines(res.output, "Warning: Essé")
    assert "same place as the stop of Essé (mairie) (35108-mairie)" in line


def test_sainte_colombe_keeps_its_correction_and_no_stop_is_flagged(tmp_path: Path) -> None:
    res = runner.invoke(app, ["check", str(DEFAULT)])
    assert res.exit_code == 0 and "Attention" not in res.output


# 3. Changes are what residents see ------------------------------------------------------------


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("base") / "out"
    res = runner.invoke(
        app,
        ["plan", "-s", str(DEFAULT), "-o", str(out), "-q", "--start", START],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert res.exit_code == 0, res.output
    return out


def test_shorter_sessions_change_every_communes_hours(base_plan: Path, tmp_path: Path) -> None:
    path = _variant(tmp_path, "h230.toml", "[session]\nduration_min = 150\n")
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        ["plan", "-s", str(path), "-o", str(out), "-q", "--keep", str(base_plan / "plan.json")],
    )
    assert res.exit_code == 0, res.output
    assert "13 communes changent, 0 garde son créneau et ses horaires." in res.output
    # [session] starts = ["09:00", "14:00"]: the afternoon keeps 14:00 and ends earlier.
    assert "Amanlis : horaires 14 h–17 h → 14 h–16 h 30" in res.output
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert data["schema"] == "busplanner.plan/1"
    changes = data["changes"]
    assert changes["changed"] == 13 and changes["unchanged"] == 0
    amanlis = next(c for c in changes["stops"] if c["stop_id"] == "35002")
    assert amanlis["fields"] == ["times"] and amanlis["kind"] == "moves"
    assert (amanlis["old"]["start"], amanlis["old"]["end"]) == ("14:00", "17:00")
    assert (amanlis["new"]["start"], amanlis["new"]["end"]) == ("14:00", "16:30")
    assert amanlis["text"] == "Amanlis: times 14:00–17:00 → 14:00–16:30"


def test_without_wednesdays_changes_are_counted(base_plan: Path, tmp_path: Path) -> None:
    path = _variant(
        tmp_path, "nowed.toml", '[buses]\ndays = ["monday", "tuesday", "thursday", "friday"]\n'
    )
    out = tmp_path / "out"
    args = ["plan", "-s", str(path), "-o", str(out), "-q", "--lang", "en"]
    res = runner.invoke(app, [*args, "--keep", str(base_plan / "plan.json")])
    assert res.exit_code == 0, res.output
    esse = next(line for line in res.output.splitlines() if "Essé:" in line)
    assert "Wednesday afternoon → Monday morning" in esse
    assert "times 14:00–17:00 → 09:00–12:00" in esse
    # Stops that lose visits say why: fewer sessions a cycle, shared by demand.
    brie = next(line for line in res.output.splitlines() if "Brie:" in line)
    assert "visits per cycle 2 → 1" in brie and "capacity: the new plan holds 16" in brie
    changes = json.loads((out / "plan.json").read_text(encoding="utf-8"))["changes"]
    kinds = {c["stop_id"]: c["kind"] for c in changes["stops"]}
    assert kinds["35108"] == "fewer" and kinds["35041"] == "fewer"
    # Coësmes keeps its Friday 14:00 session: [session] starts holds it at the listed time
    # (planned at its earliest it moved from 13:30 to 13:40).
    assert "35082" not in kinds


def test_a_plan_without_keep_has_no_changes_key(base_plan: Path) -> None:
    assert "changes" not in json.loads((base_plan / "plan.json").read_text(encoding="utf-8"))


# 4. The output folder is the run's -------------------------------------------------------------


def test_stale_files_go_others_stay_and_the_summary_counts_what_is_there(tmp_path: Path) -> None:
    out = tmp_path / "X"
    first = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q", "--pdf"])
    assert first.exit_code == 0, first.output
    assert (out / "timetable.pdf").exists() and (out / "posters" / "35002-amanlis.pdf").exists()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "posters" / "my-own.html").write_text("mine", encoding="utf-8")
    fewer = _variant(
        tmp_path, "fewer.toml", '[served]\ncommunes = ["35028", "35108", "35165"]\n', SMALL
    )
    second = runner.invoke(app, ["plan", "-s", str(fewer), "-o", str(out), "--start", "2027-06-07"])
    assert second.exit_code == 0, second.output
    assert not (out / "timetable.pdf").exists()
    assert not list(out.glob("posters/*.pdf"))
    assert not (out / "posters" / "35002-amanlis.html").exists()
    assert not (out / "calendars" / "35002-amanlis.ics").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "posters" / "my-own.html").exists()
    assert "Supprimé" in second.output and "timetable.pdf" in second.output
    assert "posters/ (3 fichiers, et 1 autre que busplanner n'a pas écrit)" in second.output
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "posters/35028-boistrudan.html" in manifest["files"]
    assert all((out / name).is_file() for name in manifest["files"])


def test_a_failed_run_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q"]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = DATA / "bad" / "depot_swapped.toml"
    assert runner.invoke(app, ["plan", "-s", str(bad), "-o", str(out), "-q"]).exit_code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_folder_without_manifest_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "timetable.pdf").write_bytes(b"%PDF not ours")
    assert runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q"]).exit_code == 0
    assert (out / "timetable.pdf").read_bytes() == b"%PDF not ours"


# 5. Calendars that update ----------------------------------------------------------------------


def _events(path: Path) -> dict[str, Any]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def _merge(*files: Path) -> dict[str, Any]:
    """Import calendars one after the other as a calendar app does: by UID, a higher or equal
    SEQUENCE replaces the event, a cancelled event is dropped."""
    app_events: dict[str, Any] = {}
    for path in files:
        for uid, ev in _events(path).items():
            old = app_events.get(uid)
            if old is None or int(ev.get("SEQUENCE", 0)) >= int(old.get("SEQUENCE", 0)):
                app_events[uid] = ev
    return {uid: ev for uid, ev in app_events.items() if str(ev.get("STATUS", "")) != "CANCELLED"}


def test_a_renamed_scenario_updates_the_same_events(base_plan: Path, tmp_path: Path) -> None:
    path = _variant(tmp_path, "renamed.toml", 'name = "Un autre nom"\n')
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "-q", "--start", START])
    assert res.exit_code == 0, res.output
    old, new = base_plan / "timetable.ics", out / "timetable.ics"
    assert set(_events(old)) == set(_events(new))
    assert len(_merge(old, new)) == len(_events(new))


def test_dropping_wednesdays_cancels_their_events(base_plan: Path, tmp_path: Path) -> None:
    published = tmp_path / "published"
    published.mkdir()
    for p in base_plan.rglob("*"):
        if p.is_file():
            target = published / p.relative_to(base_plan)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(p.read_bytes())
    path = _variant(
        tmp_path, "nowed.toml", '[buses]\ndays = ["monday", "tuesday", "thursday", "friday"]\n'
    )
    args = ["plan", "-s", str(path), "-o", str(published), "-q", "--start", START]
    res = runner.invoke(app, [*args, "--keep", str(published / "plan.json")])
    assert res.exit_code == 0, res.output
    new = _events(published / "timetable.ics")
    old = _events(base_plan / "timetable.ics")
    cancelled = {u for u, ev in new.items() if str(ev.get("STATUS")) == "CANCELLED"}
    wednesdays = {u for u, ev in old.items() if ev.decoded("DTSTART").weekday() == 2}
    assert wednesdays and wednesdays <= cancelled
    live = _merge(base_plan / "timetable.ics", published / "timetable.ics")
    assert not [ev for ev in live.values() if ev.decoded("DTSTART").weekday() == 2]
    assert set(live) == set(new) - cancelled
    # A changed event's SEQUENCE went up; an unchanged one's did not; DTSTAMP is the writing time.
    for uid, ev in new.items():
        if uid in old and uid not in cancelled:
            same = ev["DTSTART"].to_ical() == old[uid]["DTSTART"].to_ical()
            assert int(ev["SEQUENCE"]) == (0 if same else 1)
        assert ev.decoded("DTSTAMP") == dt.datetime(2027, 5, 1, 12, tzinfo=dt.UTC)
    # Each commune's calendar says the same.
    essé = _events(published / "calendars" / "35108-esse.ics")
    assert any(str(ev.get("STATUS")) == "CANCELLED" for ev in essé.values())


def test_plan_json_stays_byte_identical_whatever_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, epoch in (("a", "1809172800"), ("b", "1809259200")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(tmp_path / name), "-q"])
        assert res.exit_code == 0
    a, b = (tmp_path / n / "plan.json" for n in "ab")
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a" / "timetable.ics").read_bytes() != (
        tmp_path / "b" / "timetable.ics"
    ).read_bytes()


# 6. Closures ------------------------------------------------------------------------------


def test_closures_are_skipped_everywhere_with_the_reason(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "closed.toml",
        "[calendar]\nclosed = [\n"
        '  { from = "2027-05-10", to = "2027-05-14", reason = "formation" },\n'
        '  { date = 2027-05-27, reason = "bus au garage" },\n]\n',
        SMALL,
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "--start", START])
    assert res.exit_code == 0, res.output
    assert "Pas de passage le mardi 11 mai 2027" in res.output
    assert (
        "(formation, service fermé)" in res.output or ": formation (service fermé)." in res.output
    )
    assert (
        "(bus au garage, service fermé)" in res.output
        or ": bus au garage (service fermé)." in res.output
    )
    closed = {dt.date(2027, 5, d) for d in (10, 11, 12, 13, 14, 27)}
    rows = list(csv.DictReader((out / "opendata.csv").read_text(encoding="utf-8").splitlines()))
    assert rows and not [r for r in rows if dt.date.fromisoformat(r["Date"]) in closed]
    starts = [ev.decoded("DTSTART").date() for ev in _events(out / "timetable.ics").values()]
    assert starts and not closed & set(starts)
    html = (out / "timetable.html").read_text(encoding="utf-8")
    assert "pas de passage : formation (service fermé)" in html


# 7. Posters fit for the town-hall door ------------------------------------------------------------


def test_posters_list_six_dates_and_the_national_lists_contact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["plan", "-s", str(SMALL), "-o", str(out), "-q", "--start", START, "--weeks", "1"]
    assert runner.invoke(app, args).exit_code == 0
    for poster in (out / "posters").glob("*.html"):
        html = poster.read_text(encoding="utf-8")
        items = html.split("<h2>Prochains passages</h2>", 1)[1].split("</ul>", 1)[0]
        dates = items.count("<li><strong>") - items.count("pas de passage")
        assert dates == 6, poster.name
        assert "07 78 81 92 05" in html and "pimmsmobile35@pimmsmediation.fr" in html
        assert "Gratuit, sans rendez-vous" in html


def test_the_scenarios_service_wins_over_the_list(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "svc.toml",
        '[service]\nphone = "02 99 00 00 00"\naccess = "Sur rendez-vous"\n',
        SMALL,
    )
    out = tmp_path / "out"
    assert runner.invoke(app, ["plan", "-s", str(path), "-o", str(out), "-q"]).exit_code == 0
    html = (out / "posters" / "35028-boistrudan.html").read_text(encoding="utf-8")
    assert "02 99 00 00 00" in html and "07 78 81 92 05" not in html
    assert "pimmsmobile35@pimmsmediation.fr" in html and "Sur rendez-vous" in html
    assert "Gratuit, sans rendez-vous" not in html
    none = _variant(tmp_path, "none.toml", '[service]\nnational_list_id = ""\n', SMALL)
    out2 = tmp_path / "out2"
    assert runner.invoke(app, ["plan", "-s", str(none), "-o", str(out2), "-q"]).exit_code == 0
    assert "07 78 81 92 05" not in (out2 / "posters" / "35028-boistrudan.html").read_text(
        encoding="utf-8"
    )


# 8. Bad output paths are bad input -------------------------------------------------------------


def test_out_is_a_file_is_refused_before_solving(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for out in (afile, afile / "sub"):
        res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(out), "-q"])
        assert res.exit_code == 2, res.output
        (line,) = res.output.strip().splitlines()
        assert line.startswith(f"Erreur : {out} : --out : ")
        assert "Calcul" not in res.output
    assert afile.read_text(encoding="utf-8") == "x"


def test_an_unwritable_out_is_refused_before_solving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import busplanner.outputs as outputs

    # Permissions do not stop root: the probe of a writable folder is what fails here.
    monkeypatch.setattr(outputs, "_writable", lambda folder: False)
    res = runner.invoke(app, ["plan", "-s", str(SMALL), "-o", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 2
    (line,) = res.output.strip().splitlines()
    assert "accessible en écriture" in line and "Calcul" not in res.output

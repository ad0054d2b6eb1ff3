"""``busplanner import timetable``: read one mobile of a published timetable and build its
stops, starter scenario and plan, step by step (see :mod:`busplanner.importer`)."""

from __future__ import annotations

import statistics
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from busplanner.importer.geocoding import (
    all_points,
    group_places,
    skip_outliers,
    skip_shared_points,
)
from busplanner.importer.read import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Row,
    choose_mobile,
    no_rows,
    read_csv,
)
from busplanner.importer.repair import (
    detect_swap,
    read_coordinates,
    read_day_and_date,
    read_frequency,
    read_texts,
    read_times,
)
from busplanner.importer.report import REPORT_TEXT, Issue, Report, localise
from busplanner.importer.rotation import (
    DEFAULT_LUNCH,
    Legs,
    LunchRule,
    build_plan,
    crew_shift,
    day_sessions,
    derive_lunch,
)
from busplanner.importer.scenario import Settings, depot_for, region_of, scenario_text
from busplanner.importer.stops import ImportedStop, build_stops, stops_csv
from busplanner.importer.weeks import (
    assign_weeks,
    check_frequencies,
    flag_overlaps,
    settle_reversed_times,
)
from busplanner.plan import Plan
from busplanner.scenario import Depot, Scenario, parse_scenario
from busplanner.timeutil import WEEKDAYS, format_hhmm


@dataclass(frozen=True)
class TimetableImport:
    """What ``busplanner import timetable`` reads from one mobile of a timetable.

    Build it with :func:`import_timetable`; :meth:`files` gives the four output files.
    """

    source: str
    mobile: str
    mobiles: tuple[str, ...]
    rows: int
    row_lines: tuple[int, ...]
    issues: tuple[Issue, ...]
    stops: tuple[ImportedStop, ...]
    cycle_weeks: int
    days: tuple[str, ...]
    open_start_min: int
    open_end_min: int
    shift_start_min: int
    shift_end_min: int
    time_step_min: int
    session_min: int
    lunch: LunchRule
    depot: Depot
    depot_assumed: bool
    scenario: Scenario
    scenario_text: str
    stops_csv: str
    plan: Plan
    file_name: str = field(default="")

    @property
    def visits(self) -> int:
        """Visits per cycle, all stops."""
        return sum(s.visits_per_cycle for s in self.stops)

    @property
    def defects(self) -> tuple[Issue, ...]:
        """The report lines that are defects (fixed, skipped or flagged), not notes."""
        return tuple(i for i in self.issues if i.action != "note")

    @property
    def skipped_lines(self) -> tuple[int, ...]:
        """Lines of this mobile's rows that are not visits (reported as skipped)."""
        return tuple(sorted({i.line for i in self.issues if i.action == "skipped"}))

    def count(self, action: str) -> int:
        """Report lines with this action."""
        return sum(1 for i in self.issues if i.action == action)

    def report_lines(self, lang: str = "fr") -> list[str]:
        """One line per issue, in file order."""
        return [i.text(self.file_name or self.source, lang) for i in self.issues]

    def summary_lines(self, lang: str = "fr") -> list[str]:
        """The figures of the import, a few lines."""
        lang = "fr" if lang.startswith("fr") else "en"
        t = REPORT_TEXT[lang]
        days = ", ".join(localise(d, lang) for d in self.days)
        lr = self.lunch
        return [
            t["result"].format(
                stops=len(self.stops),
                visits=self.visits,
                cycle=self.cycle_weeks,
                days=days,
                open=f"{format_hhmm(self.open_start_min)}–{format_hhmm(self.open_end_min)}",
                used=len(set(self.row_lines) - set(self.skipped_lines)),
                skipped=len(self.skipped_lines),
            ),
            t["depot"].format(depot=self.depot.name),
            t["lunch"].format(
                duration=lr.duration_min,
                earliest=format_hhmm(lr.earliest_min),
                latest=format_hhmm(lr.latest_end_min),
                kept=lr.days_keeping,
                days=lr.days_with_gap,
            ),
        ]

    def report_text(self, lang: str = "fr") -> str:
        """The whole report, as ``import-report.txt`` holds it."""
        lang = "fr" if lang.startswith("fr") else "en"
        t = REPORT_TEXT[lang]
        head = [
            t["title"].format(file=self.file_name or self.source, mobile=self.mobile),
            t["rows"].format(
                rows=self.rows,
                fixed=self.count("fixed"),
                skipped=self.count("skipped"),
                flagged=self.count("flagged"),
                notes=self.count("note"),
            ),
            "",
        ]
        body = self.report_lines(lang) or [t["no_defect"]]
        return "\n".join([*head, *body, "", *self.summary_lines(lang)]) + "\n"

    def files(self, lang: str = "fr") -> dict[str, str]:
        """The four output files: name -> text."""
        return {
            "stops.csv": self.stops_csv,
            "scenario.toml": self.scenario_text,
            "current.json": self.plan.to_json(),
            "import-report.txt": self.report_text(lang),
        }


def import_timetable(
    path: Path,
    *,
    mobile: str | None = None,
    depot: tuple[float, float] | None = None,
    out: Path | None = None,
    lang: str = "fr",
) -> TimetableImport:
    """Read one mobile of a published timetable and build its stops, scenario and plan.

    Parameters
    ----------
    path
        The timetable CSV (LibrariesHacked layout, see ``docs/import.md``).
    mobile
        The mobile to import (the ``Mobile`` column); needed when the file holds several.
    depot
        The depot as ``(lat, lon)``; without it the medoid of the stops is used (an
        ASSUMPTION written into the scenario).
    out
        The folder the files will be written to (recorded as the plan's scenario path).
    lang
        The scenario's ``lang``.

    Raises
    ------
    InputError
        A missing or unreadable file, not a CSV, missing columns, several mobiles and no
        ``mobile``, an unknown ``mobile``, a depot far from every stop, or no usable row.
    """
    path = Path(path)
    file = str(path)
    read_as: list[str] = []  # the file's encoding, when not UTF-8
    header, records = read_csv(path, read_as)
    report = Report()
    for note in read_as:  # a Msg of busplanner.errors.decode_input
        params = getattr(note, "params", {})
        report.add(
            params.get("line", 1),
            "(file)",
            "fixed",
            "cp1252",
            byte=params.get("byte", ""),
            sample=params.get("sample", ""),
        )
    wanted = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    columns = {name: i for i, name in enumerate(header) if name in wanted}

    def cells_of(values: list[str]) -> dict[str, str]:
        out = {name: values[i].strip() if i < len(values) else "" for name, i in columns.items()}
        for name in OPTIONAL_COLUMNS:
            out.setdefault(name, "")
        return out

    all_rows = [Row(line, cells_of(values)) for line, values in records]
    names = list(dict.fromkeys(r.cells["Mobile"] for r in all_rows if r.cells["Mobile"]))
    chosen = choose_mobile(file, names, mobile)
    rows: list[Row] = []
    for r, (_line, values) in zip(all_rows, records, strict=True):
        name = r.cells["Mobile"]
        if name and name != chosen:
            continue
        rows.append(r)
        if len(values) > len(header):
            report.add(r.line, "(row)", "flagged", "extra_cells", n=len(values), m=len(header))
        elif len(values) < len(header):
            report.add(r.line, "(row)", "flagged", "short_row", n=len(values), m=len(header))
        if not name:
            if len(names) <= 1:
                report.add(r.line, "Mobile", "fixed", "no_mobile", mobile=chosen)
            else:
                report.skip(r, "Mobile", "no_mobile_many")
    others = len(all_rows) - len(rows)
    if others:
        report.add(
            1,
            "Mobile",
            "note",
            "other_mobiles",
            n=others,
            mobiles=", ".join(n for n in names if n != chosen),
        )

    swapped = detect_swap(rows, report)
    for r in rows:
        if not r.skipped:
            read_texts(r, swapped, report)
        for read in (read_day_and_date, read_frequency, read_times, read_coordinates):
            if not r.skipped:
                read(r, report)

    def live() -> list[Row]:
        return [r for r in rows if not r.skipped]

    if not live():
        raise no_rows(file, chosen, report)
    cycle = max(r.frequency for r in live() if r.frequency is not None)
    check_frequencies(live(), cycle, report)
    assign_weeks(live(), cycle, report)
    settle_reversed_times(live(), report)
    skip_shared_points(live(), all_points(all_rows, swapped), report)
    skip_outliers(live(), report)
    if not live():
        raise no_rows(file, chosen, report)
    flag_overlaps(live(), report)
    places = group_places(live(), report)
    stops = build_stops(live(), places, cycle, report)

    days = tuple(d for d in WEEKDAYS if any(s.weekday == d for s in stops))
    starts = [s.start_min for s in stops]
    ends = [e for s in stops for e in s.ends]
    open_start, open_end = min(starts), max(ends)
    step = next(k for k in (5, 4, 3, 2, 1) if all(t % k == 0 for t in (*starts, *ends)))
    session_min = int(statistics.median_low(s.session_min for s in stops))
    depot_value = depot_for(file, stops, depot, lang)

    scenario_path = (out or Path(".")) / "scenario.toml"
    settings = Settings(
        title=f"Mobile library {chosen} ({path.name})",
        file=path.name,
        mobile=chosen,
        lang="fr" if lang.startswith("fr") else "en",
        depot=depot_value,
        depot_assumed=depot is None,
        days=days,
        open_start=open_start,
        open_end=open_end,
        shift_start=open_start,
        shift_end=open_end,
        cycle=cycle,
        session_min=session_min,
        step=step,
        lunch=LunchRule(*DEFAULT_LUNCH, 0, 0, 0, (), assumed=True),
        region=region_of([(s.lon, s.lat) for s in stops]),
    )
    # The travel model does not depend on the lunch break or the shift, which depend on it.
    provisional = parse_scenario(tomllib.loads(scenario_text(settings)), path=scenario_path)
    legs = Legs(
        provisional,
        [(depot_value.lon, depot_value.lat), *((s.lon, s.lat) for s in stops)],
    )
    sessions = day_sessions(stops)
    lunch = derive_lunch(sessions, legs)
    shift_start, shift_end = crew_shift(sessions, legs, open_start, open_end)
    settings = replace(settings, lunch=lunch, shift_start=shift_start, shift_end=shift_end)
    text = scenario_text(settings)
    scenario = parse_scenario(tomllib.loads(text), path=scenario_path)
    plan = build_plan(stops, sessions, scenario, legs, file=path.name, mobile=chosen)
    skipped_rows = len({i.line for i in report.issues if i.action == "skipped"})
    plan = replace(plan, imported={"file": path.name, "rows": len(rows), "skipped": skipped_rows})
    return TimetableImport(
        source=file,
        file_name=path.name,
        mobile=chosen,
        mobiles=tuple(names),
        rows=len(rows),
        row_lines=tuple(r.line for r in rows),
        issues=tuple(sorted(report.issues, key=lambda i: i.line)),
        stops=stops,
        cycle_weeks=cycle,
        days=days,
        open_start_min=open_start,
        open_end_min=open_end,
        shift_start_min=shift_start,
        shift_end_min=shift_end,
        time_step_min=step,
        session_min=session_min,
        lunch=lunch,
        depot=depot_value,
        depot_assumed=depot is None,
        scenario=scenario,
        scenario_text=text,
        stops_csv=stops_csv(stops),
        plan=plan,
    )

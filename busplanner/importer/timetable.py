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
from busplanner.importer.read import MobileRows, Row, no_rows, read_mobile_rows
from busplanner.importer.repair import detect_swap, read_fields
from busplanner.importer.report import REPORT_TEXT, Issue, Report, localise
from busplanner.importer.rotation import (
    DEFAULT_LUNCH,
    Legs,
    LunchRule,
    Session,
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
    report = Report()
    # The file, and the rows of the mobile asked for (the other mobiles' set aside).
    read = read_mobile_rows(path, mobile, report)
    # Each field read and repaired, the rows placed in the cycle, their positions checked.
    rows, cycle = _visit_rows(str(path), read, report)
    # Rows of one place grouped, then stops: one weekday and one start time each.
    places = group_places(rows, report)
    stops = build_stops(rows, places, cycle, report)
    # What the rows say of the service: its days, hours, cycle, session and depot.
    settings = _published_settings(path, read.mobile, stops, cycle, depot, lang)
    # The lunch break and the crew's shift the published days leave room for, then the
    # scenario and the published rotation as a plan, timed with its travel model.
    scenario_path = (out or Path(".")) / "scenario.toml"
    settings, sessions, legs = _fit_lunch_and_shift(settings, stops, scenario_path)
    text = scenario_text(settings)
    scenario = parse_scenario(tomllib.loads(text), path=scenario_path)
    plan = build_plan(stops, sessions, scenario, legs, file=path.name, mobile=read.mobile)
    skipped_rows = len({i.line for i in report.issues if i.action == "skipped"})
    imported = {"file": path.name, "rows": len(read.rows), "skipped": skipped_rows}
    plan = replace(plan, imported=imported)
    return TimetableImport(
        source=str(path),
        file_name=path.name,
        mobile=read.mobile,
        mobiles=read.mobiles,
        rows=len(read.rows),
        row_lines=tuple(r.line for r in read.rows),
        issues=tuple(sorted(report.issues, key=lambda i: i.line)),
        stops=stops,
        cycle_weeks=cycle,
        days=settings.days,
        open_start_min=settings.open_start,
        open_end_min=settings.open_end,
        shift_start_min=settings.shift_start,
        shift_end_min=settings.shift_end,
        time_step_min=settings.step,
        session_min=settings.session_min,
        lunch=settings.lunch,
        depot=settings.depot,
        depot_assumed=settings.depot_assumed,
        scenario=scenario,
        scenario_text=text,
        stops_csv=stops_csv(stops),
        plan=plan,
    )


def _visit_rows(file: str, read: MobileRows, report: Report) -> tuple[list[Row], int]:
    """The mobile's rows that are visits (the others skipped, each with why), each field
    repaired, placed in the cycle and its position checked; and the cycle's weeks.

    Raises
    ------
    InputError
        No row is a usable visit (with every row skipped and why).
    """
    rows = read.rows
    swapped = detect_swap(rows, report)
    read_fields(rows, swapped, report)

    def live() -> list[Row]:
        return [r for r in rows if not r.skipped]

    if not live():
        raise no_rows(file, read.mobile, report)
    # The cycle: the longest Frequency (each row's route repeats within it).
    cycle = max(r.frequency for r in live() if r.frequency is not None)
    check_frequencies(live(), cycle, report)
    assign_weeks(live(), cycle, report)
    settle_reversed_times(live(), report)
    skip_shared_points(live(), all_points(read.all_rows, swapped), report)
    skip_outliers(live(), report)
    if not live():
        raise no_rows(file, read.mobile, report)
    flag_overlaps(live(), report)
    return live(), cycle


def _published_settings(
    path: Path,
    mobile: str,
    stops: tuple[ImportedStop, ...],
    cycle: int,
    depot: tuple[float, float] | None,
    lang: str,
) -> Settings:
    """The scenario's values the published stops give (days, open hours, the time step,
    the usual session) and the depot; lunch and shift assumed until fitted.

    Raises
    ------
    InputError
        The depot given lies far from every stop.
    """
    starts = [s.start_min for s in stops]
    ends = [e for s in stops for e in s.ends]
    open_start, open_end = min(starts), max(ends)
    return Settings(
        title=f"Mobile library {mobile} ({path.name})",
        file=path.name,
        mobile=mobile,
        lang="fr" if lang.startswith("fr") else "en",
        depot=depot_for(str(path), stops, depot, lang),
        depot_assumed=depot is None,
        days=tuple(d for d in WEEKDAYS if any(s.weekday == d for s in stops)),
        open_start=open_start,
        open_end=open_end,
        shift_start=open_start,
        shift_end=open_end,
        cycle=cycle,
        session_min=int(statistics.median_low(s.session_min for s in stops)),
        # The coarsest grid every published time lies on.
        step=next(k for k in (5, 4, 3, 2, 1) if all(t % k == 0 for t in (*starts, *ends))),
        lunch=LunchRule(*DEFAULT_LUNCH, 0, 0, 0, (), assumed=True),
        region=region_of([(s.lon, s.lat) for s in stops]),
    )


def _fit_lunch_and_shift(
    settings: Settings, stops: tuple[ImportedStop, ...], scenario_path: Path
) -> tuple[Settings, dict[tuple[int, str], list[Session]], Legs]:
    """``settings`` with the lunch break and the shift the published days leave room for,
    the days' sessions and the travel model's legs they were measured with."""
    # The travel model does not depend on the lunch break or the shift, which depend on it.
    provisional = parse_scenario(tomllib.loads(scenario_text(settings)), path=scenario_path)
    depot = settings.depot
    legs = Legs(provisional, [(depot.lon, depot.lat), *((s.lon, s.lat) for s in stops)])
    sessions = day_sessions(stops)
    lunch = derive_lunch(sessions, legs)
    shift_start, shift_end = crew_shift(sessions, legs, settings.open_start, settings.open_end)
    fitted = replace(settings, lunch=lunch, shift_start=shift_start, shift_end=shift_end)
    return fitted, sessions, legs

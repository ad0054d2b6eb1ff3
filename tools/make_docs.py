"""Regenerate the README's samples from real runs (``make docs``).

Usage (from the repository root)::

    python tools/make_docs.py             # rewrite the README's samples and docs/img/*.png
    python tools/make_docs.py --no-images # the text samples only
    python tools/make_docs.py --check     # exit 1 when a README sample is not what the code prints

The README shows what busplanner prints and writes: a terminal excerpt, the poster sentence
and a calendar event of Chelun, the two-base example's terminal excerpt, and pictures of the
offline maps. Each text sample sits between two markers in README.md::

    <!-- sample:NAME -->
    ...
    <!-- /sample:NAME -->

and this script rewrites only what lies between them, from ``busplanner plan`` run in-process
on fixed inputs: the default scenario (and the two-base variant the README describes) with
``--start`` :data:`START`, ``SOURCE_DATE_EPOCH`` :data:`SOURCE_DATE_EPOCH` (the calendars'
DTSTAMP), a terminal :data:`WIDTH` columns wide and no colour. It keeps no copy of any
output: it cuts what the code prints, by fixed rules (the first :data:`SCHEDULE_ROWS` rows of
week 1, a "…" line, then the named tables), so that after a change to the terminal, the
posters or the calendars ``make docs`` shows the change. ``tests/test_docs.py`` runs the text
part and fails when the committed README differs.

The pictures are screenshots of the ``--offline`` maps (no tiles needed) by headless Chromium
(Debian's ``/usr/bin/chromium``, driven by Playwright): the default plan with a stop's popup
open, the two-base variant, and the Andorra test scenario on OpenStreetMap roads
(``tests/data/osm/andorra.toml``, needs pyosmium: the ``dev`` or ``osm`` extra). They depend
on the browser's build, so the test does not compare them.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from busplanner import atomic  # noqa: E402
from busplanner.i18n import t  # noqa: E402

README = ROOT / "README.md"
IMAGES = ROOT / "docs" / "img"
SCENARIO = ROOT / "scenarios" / "roche_aux_fees.toml"
ANDORRA = ROOT / "tests" / "data" / "osm" / "andorra.toml"

# Fixed inputs: every sample is a function of the code and of these.
START = "2027-05-03"
SOURCE_DATE_EPOCH = "1809000000"  # 2027-04-29T12:00:00Z, the calendars' DTSTAMP
WIDTH = 100  # terminal columns
LANG = "fr"
SCHEDULE_ROWS = 3  # rows of week 1 shown before "…"
POSTER_STOP = "35077"  # Chelun: its poster sentence and its first calendar event
MAP_STOP = "35028"  # Boistrudan: the stop whose popup the default map's picture shows
ICS_LINE_MAX = 72  # a longer DESCRIPTION line is cut at a space and ends with "…"
POSTER_WRAP = 96  # the poster sentence's quote lines, "> " included

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# The README's second base (section "Several bases"): the default scenario with this instead
# of its [depot] and [buses] count.
TWO_BASES_DEPOTS = """\
[[depots]]
name = "Retiers"
address = "16 rue Louis Pasteur, 35240 Retiers"
lat = 47.91136
lon = -1.37963

[[depots]]
name = "Janzé"
lat = 47.9608
lon = -1.4983
days = ["tuesday", "thursday"]
open_start = "09:30"
open_end = "16:30"
shift_start = "09:00"
shift_end = "17:00"
"""

_MARKER = re.compile(
    r"(?P<open><!-- sample:(?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)"
    r"(?P<close><!-- /sample:(?P=name) -->)",
    re.DOTALL,
)


class DocsError(Exception):
    """The code's output no longer has the shape a sample is cut from, or a marker is missing."""


# --- running busplanner -----------------------------------------------------------------


def plan_stdout(scenario: Path, out: Path, *extra: str) -> str:
    """``busplanner plan`` run in-process on the fixed inputs; what it printed on stdout."""
    from typer.testing import CliRunner

    from busplanner.cli import app

    env = {
        "COLUMNS": str(WIDTH),
        "LINES": None,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_COLOR": "1",
        "FORCE_COLOR": None,
        "TTY_COMPATIBLE": None,
        "TTY_INTERACTIVE": None,
    }
    args = ["plan", "-s", str(scenario), "-o", str(out), "--start", START, "--offline", *extra]
    result = CliRunner().invoke(app, args, env=env)
    if result.exit_code != 0:
        msg = f"busplanner {' '.join(args)} failed ({result.exit_code}):\n{result.output}"
        raise DocsError(msg)
    return result.stdout


def cli_stdout(args: Sequence[str], width: int = WIDTH) -> str:
    """Any busplanner command run in-process on the fixed environment; its stdout."""
    from typer.testing import CliRunner

    from busplanner.cli import app

    env = {
        "COLUMNS": str(width),
        "LINES": None,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_COLOR": "1",
        "FORCE_COLOR": None,
        "TTY_COMPATIBLE": None,
        "TTY_INTERACTIVE": None,
    }
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exit_code != 0:
        msg = f"busplanner {' '.join(args)} failed ({result.exit_code}):\n{result.output}"
        raise DocsError(msg)
    return result.stdout


def variant(folder: Path, name: str, text: str) -> Path:
    """The default scenario extended by ``text`` (TOML), written into ``folder``."""
    path = folder / name
    path.write_text(f"extends = {json.dumps(SCENARIO.as_posix())}\n{text}", encoding="utf-8")
    return path


def changes_sample(stdout: str, bullets: int) -> str:
    """The "changes residents will see" lines of a ``plan --keep`` run: the count line and
    its first ``bullets`` items, then "…"."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if i + 1 < len(lines) and lines[i + 1].lstrip().startswith("•")
        ),
        None,
    )
    if start is None:
        msg = "no list of changes (a line followed by '•' items) in the output"
        raise DocsError(msg)
    return "\n".join([*lines[start : start + 1 + bullets], "  …"])


def keep_samples(work: Path, base: Path) -> dict[str, str]:
    """The two ``plan --keep`` examples: 2 h 30 sessions (French) and no Wednesdays
    (English), both against the default plan in ``base``."""
    shorter = variant(work, "h230.toml", "[session]\nduration_min = 150\n")
    nowed = variant(
        work, "nowed.toml", '[buses]\ndays = ["monday", "tuesday", "thursday", "friday"]\n'
    )
    keep = str(base / "plan.json")
    common = ["--start", START, "--offline", "-q", "--keep", keep]
    fr = cli_stdout(["plan", "-s", str(shorter), "-o", str(work / "h230"), *common])
    en = cli_stdout(["plan", "-s", str(nowed), "-o", str(work / "nowed"), *common, "--lang", "en"])
    return {
        "keep-shorter": _fenced(changes_sample(fr, 1)),
        "keep-no-wednesday": _fenced(changes_sample(en, 2)),
    }


COMPARED = (
    "roche_aux_fees.toml",
    "roche_aux_fees_two_buses.toml",
    "roche_aux_fees_every_other_week.toml",
    "roche_aux_fees_2h_sessions.toml",
    "roche_aux_fees_town_hall_hours.toml",
)


def compare_sample(work: Path) -> str:
    """``busplanner compare`` of the five Roche aux Fées scenarios (English, 200 columns)."""
    files = [str(ROOT / "scenarios" / name) for name in COMPARED]
    out = cli_stdout(["compare", *files, "--out", str(work / "compare"), "--lang", "en"], 200)
    lines = [line.rstrip() for line in out.splitlines()]
    while lines and (not lines[-1].strip() or lines[-1].startswith(("Wrote", "Écrit"))):
        lines.pop()
    return _fenced("\n".join(lines).strip("\n"), "text")


def two_bases_scenario(folder: Path) -> Path:
    """The default scenario with the README's two bases, written into ``folder``."""
    text = SCENARIO.read_text("utf-8")
    depot = re.compile(r"^\[depot\]\n(?:(?!\[).*\n)*", re.MULTILINE)
    count = re.compile(r"^(\[buses\]\n(?:(?!\[).*\n)*?)count = \d+\n", re.MULTILINE)
    territory = re.compile(r'^territory = "(.*)"$', re.MULTILINE)
    match = territory.search(text)
    if not (depot.search(text) and count.search(text) and match):
        msg = f"{SCENARIO}: no [depot], [buses] count or territory to replace"
        raise DocsError(msg)
    path = (SCENARIO.parent / match.group(1)).resolve()
    text = territory.sub(lambda _: f"territory = {json.dumps(str(path))}", text, count=1)
    text = count.sub(r"\1", depot.sub("", text, count=1), count=1)
    file = folder / "two_bases.toml"
    file.write_text(text.rstrip("\n") + "\n\n" + TWO_BASES_DEPOTS, "utf-8")
    return file


# --- cutting samples out of what it printed and wrote ---------------------------------


def _is_rule(line: str) -> bool:
    text = line.strip()
    return bool(text) and all("\u2500" <= c <= "\u257f" for c in text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _untitled(line: str) -> bool:
    """A line of a rich table below its title: blank, indented or drawn with box characters
    (a title, a message or the next table's title starts with a letter)."""
    return not line or line[0] == " " or "\u2500" <= line[0] <= "\u257f"


def _table(lines: list[str], title: str) -> list[str]:
    """The table titled ``title``: its title line and every line of the table after it."""
    try:
        start = lines.index(title)
    except ValueError:
        msg = f"no table titled {title!r} in the terminal output"
        raise DocsError(msg) from None
    end = start + 1
    while end < len(lines) and _untitled(lines[end]):
        end += 1
    while end > start + 1 and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def terminal_sample(
    stdout: str, tables: Sequence[str], rows: int = SCHEDULE_ROWS, also: Sequence[str] = ()
) -> str:
    """Week 1's title, header and first ``rows`` rows; for each text of ``also``, a "…" line
    and the first later row of week 1 whose first line holds it; a "…" line; then the tables
    titled ``tables`` (in that order), as printed, trailing spaces removed."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    rule = next((i for i, line in enumerate(lines) if _is_rule(line)), None)
    if rule is None or rule == 0:
        msg = "no schedule table (a header and its rule) in the terminal output"
        raise DocsError(msg)
    header = _indent(lines[rule - 1])
    week: list[list[str]] = []  # the rows of week 1, each its lines
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        if _indent(line) <= header or not week:  # a new row (its first cell is not empty)
            week.append([])
        week[-1].append(line)
    kept = lines[: rule + 1]
    for row in week[:rows]:
        kept.extend(row)
    last = rows
    for text in also:
        found = next((i for i in range(last, len(week)) if text in week[i][0]), None)
        if found is None:
            msg = f"no row of week 1 after the first {last} holds {text!r}"
            raise DocsError(msg)
        kept.append(" " * header + "…")
        kept.extend(week[found])
        last = found + 1
    kept.append(" " * header + "…")
    for title in tables:
        kept.extend(_table(lines, title))
    return "\n".join(kept)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        msg = f"expected one {folder / pattern}, found {len(found)}"
        raise DocsError(msg)
    return found[0]


def poster_sample(out: Path, stop: str = POSTER_STOP) -> str:
    """The poster's sentence (its page description), as a Markdown quote."""
    page = _one(out / "posters", f"{stop}-*.html").read_text("utf-8")
    match = re.search(r'<meta name="description" content="([^"]*)">', page)
    if match is None:
        msg = f'posters/{stop}-*.html has no <meta name="description"> (the poster\'s sentence)'
        raise DocsError(msg)
    sentence = html.unescape(match.group(1))
    words = sentence.split(" ")
    lines: list[str] = []
    line = ">"
    for word in words:
        if len(line) + 1 + len(word) > POSTER_WRAP and line != ">":
            lines.append(line)
            line = ">"
        line += " " + word
    lines.append(line)
    return "\n".join(lines)


def ics_sample(out: Path, stop: str = POSTER_STOP) -> str:
    """The first event of the stop's calendar, unfolded; its description shortened."""
    text = _one(out / "calendars", f"{stop}-*.ics").read_text("utf-8")
    unfolded = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    try:
        begin = unfolded.index("BEGIN:VEVENT")
        end = unfolded.index("END:VEVENT", begin)
    except ValueError:
        msg = f"calendars/{stop}-*.ics has no VEVENT"
        raise DocsError(msg) from None
    event = unfolded[begin : end + 1]
    for i, line in enumerate(event):
        if line.startswith("DESCRIPTION") and len(line) > ICS_LINE_MAX:
            cut = line.rfind(" ", 0, ICS_LINE_MAX)
            event[i] = line[: cut + 1] + "…"
    return "\n".join(event)


def _fenced(body: str, info: str = "") -> str:
    return f"```{info}\n{body}\n```"


@dataclass(frozen=True)
class Run:
    """A plan's output folder and what it printed."""

    out: Path
    stdout: str


def run_default(work: Path) -> Run:
    out = work / "default"
    return Run(out, plan_stdout(SCENARIO, out))


def run_two_bases(work: Path) -> Run:
    out = work / "two-bases"
    return Run(out, plan_stdout(two_bases_scenario(work), out))


def text_samples(work: Path) -> dict[str, str]:
    """Every text sample of the README, by marker name, from runs in the folder ``work``."""
    default = run_default(work)
    two = run_two_bases(work)
    return {
        "terminal": _fenced(terminal_sample(default.stdout, [t("summary_title", LANG)])),
        "poster": poster_sample(default.out),
        "ics": _fenced(ics_sample(default.out)),
        "two-bases-toml": _fenced(TWO_BASES_DEPOTS.rstrip("\n"), "toml"),
        "two-bases-terminal": _fenced(
            terminal_sample(two.stdout, [t("per_bus_title", LANG)], rows=1, also=["Janzé"])
        ),
        **keep_samples(work, default.out),
        "compare": compare_sample(work),
    }


# --- the README -------------------------------------------------------------------------


def replace_samples(readme: str, samples: dict[str, str]) -> str:
    """``readme`` with each marked region's body replaced by its sample.

    Raises
    ------
    DocsError
        If a sample has no marked region, or a region no sample.
    """
    found: set[str] = set()

    def body(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in samples:
            msg = f"README.md: <!-- sample:{name} --> has no generator in tools/make_docs.py"
            raise DocsError(msg)
        found.add(name)
        return f"{match.group('open')}{samples[name]}\n{match.group('close')}"

    text = _MARKER.sub(body, readme)
    missing = sorted(set(samples) - found)
    if missing:
        msg = "README.md: no region " + ", ".join(f"<!-- sample:{n} -->" for n in missing)
        raise DocsError(msg)
    return text


def stale_samples(readme: str, samples: dict[str, str]) -> list[str]:
    """The names of the README's samples that differ from ``samples``."""
    current = {m.group("name"): m.group("body") for m in _MARKER.finditer(readme)}
    return sorted(name for name, text in samples.items() if current.get(name) != text + "\n")


# --- pictures ---------------------------------------------------------------------------

# Opens the popup of the stop whose tooltip is the given name (and shows its tooltip).
_OPEN_POPUP = """
(name) => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  let found = false;
  map.eachLayer((layer) => {
    const tip = layer.getTooltip && layer.getTooltip();
    if (found || !tip || !(layer.getPopup && layer.getPopup())) return;
    const text = document.createElement("div");
    text.innerHTML = String(tip.getContent());
    if (text.textContent.trim() === name) {
      layer.openPopup();
      layer.openTooltip();
      found = true;
    }
  });
  return found;
}
"""


def screenshot(
    html_file: Path,
    png: Path,
    viewport: tuple[int, int],
    before: Callable[[Any], None] | None = None,
) -> None:
    """A picture of ``html_file`` in headless Chromium, written to ``png``."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} is not installed (apt-get install chromium): no pictures"
        raise DocsError(msg)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.goto(html_file.as_uri(), wait_until="load")
            page.wait_for_timeout(300)  # let Leaflet finish drawing after the load event
            if before is not None:
                before(page)
                page.wait_for_timeout(300)
            atomic.write_bytes(png, page.screenshot())
        finally:
            browser.close()


def pictures(work: Path) -> list[Path]:
    """The README's map pictures, from the runs in ``work`` (made by :func:`text_samples`)."""
    default = work / "default"
    plan = json.loads((default / "plan.json").read_text("utf-8"))
    name = next(s["name"] for s in plan["stops"] if s["id"] == MAP_STOP)

    def open_popup(page: Any) -> None:
        if not page.evaluate(_OPEN_POPUP, name):
            msg = f"map.html: no stop marker named {name!r}"
            raise DocsError(msg)

    written = []
    shots = [
        (default / "map.html", IMAGES / "map-offline.png", (900, 620), open_popup),
        (work / "two-bases" / "map.html", IMAGES / "map-two-bases.png", (900, 620), None),
    ]
    andorra = work / "andorra"
    plan_stdout(ANDORRA, andorra, "--lang", "en", "-q")
    shots.append((andorra / "map.html", IMAGES / "map-osm-andorra.png", (1200, 900), None))
    for html_file, png, viewport, before in shots:
        screenshot(html_file, png, viewport, before)
        written.append(png)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only say whether README.md is up to date"
    )
    parser.add_argument("--no-images", action="store_true", help="leave docs/img/*.png alone")
    args = parser.parse_args(argv)
    readme = README.read_text("utf-8")
    with tempfile.TemporaryDirectory(prefix="busplanner-docs-") as tmp:
        work = Path(tmp)
        try:
            samples = text_samples(work)
            if args.check:
                stale = stale_samples(readme, samples)
                replace_samples(readme, samples)  # every marker present
                if stale:
                    print(f"README.md: stale samples: {', '.join(stale)}; run `make docs`")
                    return 1
                print("README.md: every sample is what the code prints")
                return 0
            new = replace_samples(readme, samples)
            if new != readme:
                atomic.write_text(README, new)
            print(
                f"README.md: {len(samples)} samples {'rewritten' if new != readme else 'unchanged'}"
            )
            if not args.no_images:
                for png in pictures(work):
                    print(f"wrote {png.relative_to(ROOT)}")
        except DocsError as exc:
            print(f"make_docs: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README's samples are what the code prints (``tools/make_docs.py``, ``make docs``).

The text samples are generated again here, from the same runs on the same fixed inputs, into a
temporary folder; a committed sample that differs fails with the difference and the command
that rewrites it. The map pictures are not compared (they depend on the browser's build).
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from busplanner.i18n import format_number

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "tools" / "make_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_docs", module)
    spec.loader.exec_module(module)
    return module


make_docs = _load()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("docs")
    return work, make_docs.text_samples(work)


def _region(readme: str, name: str) -> str:
    match = re.search(
        rf"<!-- sample:{name} -->\n(.*?)<!-- /sample:{name} -->", readme, flags=re.DOTALL
    )
    return match.group(1) if match else ""


def test_readme_samples_are_what_the_code_prints(
    generated: tuple[Path, dict[str, str]],
) -> None:
    _, samples = generated
    readme = README.read_text("utf-8")
    stale = make_docs.stale_samples(readme, samples)
    diffs = "".join(
        "".join(
            difflib.unified_diff(
                _region(readme, name).splitlines(keepends=True),
                (samples[name] + "\n").splitlines(keepends=True),
                f"README.md <!-- sample:{name} -->",
                "what the code prints",
            )
        )
        for name in stale
    )
    assert not stale, (
        f"README.md's samples {', '.join(stale)} are not what the code prints: "
        f"run `make docs` (or python tools/make_docs.py --no-images) and commit README.md\n"
        f"{diffs}"
    )
    # Every sample has its region, and rewriting changes nothing.
    assert make_docs.replace_samples(readme, samples) == readme


def test_samples_hold_no_trace_of_the_run(generated: tuple[Path, dict[str, str]]) -> None:
    work, samples = generated
    for name, text in samples.items():
        assert str(work) not in text, name
        assert all(line == line.rstrip() for line in text.splitlines()), name
        assert "\x1b[" not in text, name  # no colour codes


def test_samples_show_the_run(generated: tuple[Path, dict[str, str]]) -> None:
    """Each sample is cut from the runs' outputs: the poster and the event are Chelun's,
    the terminal excerpt ends with the summary's figures."""
    work, samples = generated
    assert "Chelun" in samples["poster"]
    ics = samples["ics"]
    assert "BEGIN:VEVENT" in ics and "END:VEVENT" in ics
    assert "X-BUSPLANNER-STOP:35077" in ics
    assert "DTSTAMP:20270429T120000Z" in ics  # SOURCE_DATE_EPOCH
    plan = (work / "default" / "plan.json").read_text("utf-8")
    km = re.search(r'"distance_km_per_cycle": ([0-9.]+)', plan)
    assert km is not None
    assert f"{format_number(float(km.group(1)), 'fr')} km" in samples["terminal"]
    assert "Janzé" in samples["two-bases-terminal"]


STDOUT = """\
Semaine 1

  Jour          Commune     Adresse
 ─────────────────────────────────────
  lundi matin   Brie        22 rue de
                            Bretagne
  lundi soir    Amanlis     1 place
  mardi matin   Eancé       1 place
  mardi soir    Chelun      2 rue

Semaine 2
  …
Résumé
┌──────────────┬────────┐
│ Kilomètres   │ 285 km │
└──────────────┴────────┘
Par bus

  Bus   km
 ──────────
  A     1

  Total 1
Pas de passage le lundi 17 mai 2027 à Brie : Lundi de Pentecôte (jour férié).
Écrit : out/ — plan.json
"""


def test_terminal_sample_cuts_rows_and_tables() -> None:
    cut = make_docs.terminal_sample(STDOUT, ["Résumé", "Par bus"], rows=2)
    assert cut.splitlines() == [
        "Semaine 1",
        "",
        "  Jour          Commune     Adresse",
        " ─────────────────────────────────────",
        "  lundi matin   Brie        22 rue de",
        "                            Bretagne",
        "  lundi soir    Amanlis     1 place",
        "  …",
        "Résumé",
        "┌──────────────┬────────┐",
        "│ Kilomètres   │ 285 km │",
        "└──────────────┴────────┘",
        "Par bus",
        "",
        "  Bus   km",
        " ──────────",
        "  A     1",
        "",
        "  Total 1",
    ]


def test_terminal_sample_says_what_is_missing() -> None:
    with pytest.raises(make_docs.DocsError, match="no table titled 'Synthèse'"):
        make_docs.terminal_sample(STDOUT, ["Synthèse"])
    with pytest.raises(make_docs.DocsError, match="no schedule table"):
        make_docs.terminal_sample("Résumé\n  rien\n", ["Résumé"])


def test_a_changed_sample_is_stale_and_rewritten() -> None:
    readme = "intro\n<!-- sample:a -->\nold\n<!-- /sample:a -->\nend\n"
    assert make_docs.stale_samples(readme, {"a": "new"}) == ["a"]
    assert make_docs.stale_samples(readme, {"a": "old"}) == []
    assert make_docs.replace_samples(readme, {"a": "new"}) == readme.replace("old", "new")
    with pytest.raises(make_docs.DocsError, match="no region <!-- sample:b -->"):
        make_docs.replace_samples(readme, {"a": "new", "b": "x"})
    with pytest.raises(make_docs.DocsError, match="sample:a --> has no generator"):
        make_docs.replace_samples(readme, {})


def test_terminal_sample_shows_a_later_row_asked_for() -> None:
    cut = make_docs.terminal_sample(STDOUT, ["Résumé"], rows=1, also=["Chelun"])
    lines = cut.splitlines()
    assert lines[4:9] == [
        "  lundi matin   Brie        22 rue de",
        "                            Bretagne",
        "  …",
        "  mardi soir    Chelun      2 rue",
        "  …",
    ]
    with pytest.raises(make_docs.DocsError, match="holds 'Janzé'"):
        make_docs.terminal_sample(STDOUT, ["Résumé"], also=["Janzé"])

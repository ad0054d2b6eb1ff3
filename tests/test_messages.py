"""The message catalogue: every key in both languages, and the command line's own words."""

from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from busplanner.cli_chrome import _patch, translate_error
from busplanner.i18n import _PLURAL, LANGS, t
from busplanner.messages import MESSAGES

PLAIN = [k for k in MESSAGES if not k.startswith("click-re:")]
PATTERNS = [k for k in MESSAGES if k.startswith("click-re:")]


def _fields(template: str) -> set[tuple[str, str]]:
    """The placeholders of ``template`` (name, format spec), plurals taken out."""
    fields = set()
    for _text, name, spec, _conv in string.Formatter().parse(_PLURAL.sub("", template)):
        if name is not None:
            fields.add((name, spec or ""))
    return fields


def _plurals(template: str) -> set[str]:
    return {m.group(1) for m in _PLURAL.finditer(template)}


def _dummy(spec: str) -> object:
    if spec in ("date", "dmy"):
        return "2027-01-12"
    return 1234.5 if spec[:1] == "n" or spec[-1:] in ("f", "d", "g") else "X"


@pytest.mark.parametrize("key", PLAIN)
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    fr, en = MESSAGES[key]
    assert isinstance(fr, str) and fr.strip(), f"{key}: no French text"
    assert isinstance(en, str) and en.strip(), f"{key}: no English text"
    assert _fields(fr) == _fields(en), f"{key}: placeholders differ"
    # A count the French makes a plural of, the English knows too (and back).
    fr_names = {name for name, _spec in _fields(fr)} | _plurals(fr)
    en_names = {name for name, _spec in _fields(en)} | _plurals(en)
    assert _plurals(fr) <= en_names and _plurals(en) <= fr_names, f"{key}: plurals differ"
    for text in (fr, en):
        # Every "{name|" opens a well-formed plural {name|singular|plural}.
        assert len(re.findall(r"\{\w+\|", text)) == len(_PLURAL.findall(text)), key
        assert "(s)" not in text.replace("argument(s)", ""), f"{key}: '(s)' instead of a plural"


@pytest.mark.parametrize("key", PLAIN)
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_renders_with_dummy_values(key: str, lang: str) -> None:
    fr, en = MESSAGES[key]
    fields = _fields(fr)
    if any(name == "" or name.isdigit() for name, _spec in fields):
        # Typer's own texts with positional fields ("[default: {}]"): filled by Typer.
        text = (fr if lang == "fr" else en).format(*["X"] * len(fields))
    else:
        kw: dict[str, object] = {name.split(".")[0]: _dummy(spec) for name, spec in fields}
        kw.update({name: 2 for name in _plurals(fr) | _plurals(en)})
        text = t(key, lang, **kw)
    assert text.strip()
    assert not re.search(r"\{\w*[|}!:]", text), (key, text)  # every placeholder filled


@pytest.mark.parametrize("key", PATTERNS)
def test_every_click_pattern_compiles_and_translates_its_own_english(key: str) -> None:
    pattern = re.compile(key[len("click-re:") :], flags=re.DOTALL)
    _fr, en = MESSAGES[key]
    groups = pattern.groups
    # The English template, filled with sample groups, is read back by the pattern into French.
    sample = en
    for i in range(groups, 0, -1):
        sample = sample.replace(f"\\{i}", f"opt{i}")
    assert pattern.fullmatch(sample), (key, sample)
    assert translate_error(sample, "en") == sample
    assert translate_error(sample, "fr") != sample


def test_plurals_follow_french_rules() -> None:
    msgs = {k: v for k, v in MESSAGES.items() if "{n|" in v[0]}
    assert msgs, "the catalogue has French plurals"
    key = next(iter(msgs))
    kw = {name: "X" for name, _spec in _fields(msgs[key][0])}
    # French: 0 and 1 take the singular; English: only 1.
    for n, fr_singular, en_singular in ((0, True, False), (1, True, True), (2, False, False)):
        kw["n"] = n
        fr_text, en_text = t(key, "fr", **kw), t(key, "en", **kw)
        fr_forms = _PLURAL.search(msgs[key][0])
        en_forms = _PLURAL.search(msgs[key][1])
        assert fr_forms and en_forms
        assert (fr_forms.group(2) if fr_singular else fr_forms.group(3)) in fr_text
        assert (en_forms.group(2) if en_singular else en_forms.group(3)) in en_text


def test_numbers_are_written_the_french_way() -> None:
    from busplanner.i18n import format_number

    assert format_number(7238.4, "fr", decimals=0) == "7\u202f238"
    assert format_number(7238.45, "fr", decimals=1) == "7\u202f238,4" or "7\u202f238,5"
    assert format_number(7238.4, "en", decimals=1) == "7,238.4"


# The command line's help -----------------------------------------------------------------------

COMMANDS = [
    [],
    ["plan"],
    ["report"],
    ["schedule"],
    ["check"],
    ["evaluate"],
    ["compare"],
    ["sweep"],
    ["territory", "extract"],
    ["scenario", "new"],
    ["import", "timetable"],
    ["depots", "national-list"],
    ["depots", "suggest"],
    ["travel", "download"],
    ["travel", "calibrate"],
    ["attendance", "template"],
    ["attendance", "import"],
    ["attendance", "add"],
    ["attendance", "report"],
]
_RUN = "from busplanner.cli import app; app(prog_name='busplanner')"
EXAMPLES = [[], ["plan"], ["report"], ["evaluate"], ["compare"], ["territory", "extract"]]
EXAMPLES += [["scenario", "new"]]


def _help(args: list[str], *lang: str) -> str:
    """``busplanner ARGS --help`` in a fresh interpreter: the help's language is chosen when
    the command line is built, from the process's own arguments."""
    res = subprocess.run(
        [sys.executable, "-c", _RUN, *args, "--help", *lang],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"COLUMNS": "120", "PATH": "", "PYTHONIOENCODING": "utf-8", "TERM": "dumb"},
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "busplanner")
def test_help_is_french_by_default(args: list[str]) -> None:
    from busplanner.cli import app

    res = CliRunner().invoke(app, [*args, "--help"], prog_name="busplanner", env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    fr = res.output
    assert "Utilisation : busplanner" in fr and "Usage:" not in fr
    assert "Afficher cette aide et quitter." in fr and "Show this message" not in fr
    assert "<bool>" not in fr and "<booléen>" not in fr
    assert "[default:" not in fr and "Commands" not in fr and "[required]" not in fr
    if args in EXAMPLES[1:]:
        assert "Exemples :" in fr
        assert f"busplanner {' '.join(args)} " in fr


@pytest.mark.parametrize("args", EXAMPLES, ids=lambda a: " ".join(a) or "busplanner")
def test_help_is_english_on_request(args: list[str]) -> None:
    en = _help(args, "--lang", "en")
    assert "Usage: busplanner" in en and "Show this message and exit." in en
    assert "<bool>" not in en and "Utilisation" not in en and "Afficher" not in en
    if args:
        assert "Examples:" in en and "Exemples" not in en


def test_a_flag_shows_no_value_type() -> None:
    fr = _help(["plan"])
    pdf = next(line for line in fr.splitlines() if "--pdf" in line)
    assert "<" not in pdf and "booléen" not in pdf and "bool" not in pdf


def test_typer_errors_are_french() -> None:
    runner = CliRunner()
    from busplanner.cli import app

    res = runner.invoke(app, ["plan", "--quite"])
    assert res.exit_code == 2
    assert "Option inconnue : --quite" in res.output and "No such option" not in res.output
    res = runner.invoke(app, ["plna"])
    assert "Commande inconnue : « plna ». Vouliez-vous dire « plan » ?" in res.output


@pytest.mark.parametrize("missing", ["typer.", "typer._click.", "typer.core"])
def test_help_falls_back_to_english_when_typer_internals_are_missing(missing: str) -> None:
    # Another Typer, whose modules or classes busplanner patches are not there: help still
    # works, in Typer's English words where they could not be translated.
    code = (
        "import importlib, sys, types\n"
        "import busplanner.cli_chrome as chrome\n"
        "real = importlib.import_module\n"
        "def fake(name, *args):\n"
        f"    if name.startswith({missing!r}) and name.endswith('core'):\n"
        "        return types.SimpleNamespace()\n"
        f"    if name.startswith({missing!r}):\n"
        "        raise ImportError(name)\n"
        "    return real(name, *args)\n"
        "chrome.importlib = types.SimpleNamespace(import_module=fake)\n"
        "from busplanner.cli import app\n"
        "app(['plan', '--help'], prog_name='busplanner')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"COLUMNS": "120", "PATH": "", "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert "busplanner plan" in res.stdout and "--pdf" in res.stdout


def test_a_patch_that_fails_falls_back_to_typer_s_own_behaviour() -> None:
    class Owner:
        def shown(self, value: int) -> str:
            return f"typer {value}"

    def broken(original: object) -> object:
        def patched(self: object, value: int, extra: int) -> str:  # a changed signature
            return "patched"

        return patched

    _patch(Owner, "shown", broken)
    assert Owner().shown(3) == "typer 3"
    _patch(Owner, "shown", broken)  # patched once only
    assert Owner().shown(4) == "typer 4"


def test_messages_survive_pickling_and_render_later() -> None:
    # sweep plans in worker processes: errors and warnings come back pickled.
    import pickle

    from busplanner.errors import InfeasibleError
    from busplanner.i18n import Msg, Pair

    msg = Msg("pipeline.nothing_plannable", reasons=Pair("  - no room", "  - pas de place"))
    back = pickle.loads(pickle.dumps(InfeasibleError(msg)))
    assert str(back) == "no visit at all can be planned:\n  - no room"
    assert back.render("fr") == "aucune visite ne peut être planifiée :\n  - pas de place"

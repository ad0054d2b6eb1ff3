"""Every error busplanner raises on purpose, and the exit code the CLI gives each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from busplanner.i18n import Msg, localize, t


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    Parameters
    ----------
    file
        The file the problem is in (as the user named it).
    field
        The field, e.g. ``[session] duration_min`` or ``features[3].properties.name``.
    message
        What was found and what was expected, in plain words.
    """

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        # "f.toml: [session] duration_min = -30: expected …" reads better than "…_min: = -30".
        sep = " " if self.message.startswith("= ") else ": "
        return f"{self.file}: {self.field}{sep}{self.message}"

    def render(self, lang: str) -> str:
        """The problem in ``lang`` (its field and message may be :class:`~busplanner.i18n.Msg`;
        the readers' markers for a whole file, ``(file)``, ``(rows)`` …, are translated too)."""
        message = localize(self.message, lang)
        sep = " " if message.startswith("= ") else t("cli.sep", lang)
        where = self.field
        if where in _MARKERS:
            where = t(f"field.{where[1:-1]}", lang)
        return f"{self.file}{t('cli.sep', lang)}{localize(where, lang)}{sep}{message}"


_MARKERS = frozenset(
    (
        "(file)",
        "(syntax)",
        "(rows)",
        "(header)",
        "(stops)",
        "(communes)",
        "(places)",
        "(units)",
        "(more)",
        "(pairs)",
    )
)
"""Fields that name a part of a file rather than a field (catalogue keys ``field.*``)."""


class BusplannerError(Exception):
    """Base of every error busplanner raises on purpose."""

    exit_code = 1

    @classmethod
    def of(cls, key: str, /, **params: object) -> BusplannerError:
        """The error with the catalogue's message ``key`` (English as its text, rendered in
        the run's language by the command line): for code that words nothing itself, the
        solver (not for :class:`InputError`, which carries problems)."""
        return cls(Msg(key, **params))

    def render(self, lang: str) -> str:
        """The error's message in ``lang`` (a :class:`~busplanner.i18n.Msg` is rendered)."""
        return localize(self.args[0], lang) if self.args else ""


class InputError(BusplannerError, ValueError):
    """An input file is missing or wrong. Carries every problem found, not just the first.

    Exit code 2.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


def read_input(path: str | Path, error: type[InputError] = InputError) -> bytes:
    """The bytes of an input file, or ``error`` naming the file and why it cannot be read
    (no such file, or the system's reason)."""
    file = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(Problem(file, "(file)", Msg("error.no_such_file"))) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise error(Problem(file, "(file)", Msg("scenario.unreadable", why=why))) from None


def read_input_text(
    path: str | Path,
    error: type[InputError] = InputError,
    *,
    warnings: list[str] | None = None,
) -> str:
    """An input file as text (:func:`decode_input`), or ``error`` naming the file and why
    not (:func:`read_input`, or it is not UTF-8 and the caller has nowhere to say so)."""
    return decode_input(read_input(path, error), str(path), error, warnings=warnings)


CP1252 = "cp1252"
"""Windows-1252, the encoding of the CSV files Excel writes on a French or British Windows
("CSV (séparateur: point-virgule)", "CSV (Comma delimited)"), unless told "CSV UTF-8"."""


def decode_input(
    data: bytes,
    file: str,
    error: type[InputError] = InputError,
    *,
    warnings: list[str] | None = None,
) -> str:
    """The text of an input file: UTF-8 (a byte-order mark dropped), UTF-16 with its
    byte-order mark (Excel's "Unicode text"), or else Windows-1252 with a warning.

    Why no detector: a file that decodes as UTF-8 is UTF-8 (text in another encoding with
    accents almost never does), and the only other encoding busplanner's users' tools write
    is Windows-1252 (Excel on Windows, in France and in the UK; Latin-1 is the same for
    every letter). A statistical detector would guess among dozens of encodings, and can
    guess wrong on a short file. The warning names the file, the line and the first word
    read so, so that the user can check the accents, and says how to save UTF-8.

    ``warnings``: where the warning goes (the reader's own warnings, printed by the command
    line); without it, a file that is not UTF-8 is refused with the same advice.

    Raises
    ------
    InputError
        (``error``) The file is not UTF-8 and ``warnings`` is not given, or it is not
        Windows-1252 either (a binary file).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    line = data[:bad].count(b"\n") + 1
    where = Msg("plan.line", n=line)
    byte = f"{data[bad]:#04x}"
    try:
        text = data.decode(CP1252)
    except UnicodeDecodeError:
        text = None
    if text is None or warnings is None or "\x00" in text:
        raise error(Problem(file, where, Msg("input.not_utf8", byte=byte))) from None
    start = data.rfind(b"\n", 0, bad) + 1
    end = data.find(b"\n", bad)
    row = data[start : end if end >= 0 else len(data)].decode(CP1252)
    at = bad - start
    # The word around the first byte that is not UTF-8, as read: "Noël" (or "Noδl" if wrong).
    left = len(re.split(r"[\s,;\"']", row[:at])[-1])
    right = len(re.split(r"[\s,;\"']", row[at:])[0])
    sample = row[at - left : at + right][:40]
    warnings.append(Msg("input.cp1252", file=file, line=line, byte=byte, sample=sample))
    return text


class ScenarioError(InputError):
    """The scenario file is wrong."""


class TerritoryError(InputError):
    """The territory file is wrong."""


class PlanFileError(InputError):
    """A saved plan.json cannot be read."""


class InfeasibleError(BusplannerError, RuntimeError):
    """Nothing at all can be planned; the message names the binding constraints. Exit code 3."""

    exit_code = 3


class TooLargeError(BusplannerError, RuntimeError):
    """The plan would need more memory than ``[solver] max_memory_mb`` allows; the message
    names the size. The user's limit, not a bug: exit code 3."""

    exit_code = 3


class TravelError(BusplannerError, RuntimeError):
    """A routing service gave no usable travel matrix: unreachable, timed out, an HTTP
    error, a malformed answer, or no road between two places. Exit code 4.

    The message is one line naming the service's URL and what happened.
    """

    exit_code = 4


class SolverError(BusplannerError, RuntimeError):
    """The solver failed in a way that is not the input's fault. Exit code 1."""

    exit_code = 1


class PlanViolationError(SolverError):
    """A solved plan broke a rule when re-checked: a bug in busplanner, never a result."""

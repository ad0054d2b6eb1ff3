"""Clock times as whole minutes after midnight, and the weekday names busplanner speaks."""

from __future__ import annotations

import datetime as dt
import re

from busplanner.i18n import Msg

WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
WEEKDAYS_FR: dict[str, str] = {
    "monday": "lundi",
    "tuesday": "mardi",
    "wednesday": "mercredi",
    "thursday": "jeudi",
    "friday": "vendredi",
    "saturday": "samedi",
    "sunday": "dimanche",
}
FR_TO_EN: dict[str, str] = {fr: en for en, fr in WEEKDAYS_FR.items()}

_HHMM = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?$")


def parse_hhmm(text: str) -> int:
    """Parse ``"HH:MM"`` (or ``"HH:MM:SS"``, seconds dropped) into minutes after midnight.

    Raises
    ------
    ValueError
        If ``text`` is not a clock time between 00:00 and 24:00.
    """
    if not isinstance(text, str):
        raise ValueError(Msg("time.hhmm", text=text))
    m = _HHMM.match(text.strip())
    if not m:
        raise ValueError(Msg("time.hhmm", text=text))
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if minutes > 24 * 60:
        raise ValueError(Msg("time.after_24", text=text))
    return minutes


def format_hhmm(minutes: int) -> str:
    """Format minutes after midnight as ``"HH:MM"``."""
    if minutes < 0 or minutes > 24 * 60:
        msg = f"minutes out of the day: {minutes}"
        raise ValueError(msg)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_french(minutes: int) -> str:
    """Format minutes as French typography writes times: ``9 h 30``, ``14 h``."""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def round_up(minutes: int, step: int) -> int:
    """Round ``minutes`` up to a multiple of ``step`` (``step`` <= 1 leaves it as it is)."""
    if step <= 1:
        return minutes
    return -(-minutes // step) * step


def weekday_name(name: str) -> str:
    """Return the English weekday for an English or French name (any case).

    Raises
    ------
    ValueError
        If ``name`` is not a weekday.
    """
    key = name.strip().lower() if isinstance(name, str) else ""
    if key in WEEKDAYS:
        return key
    if key in FR_TO_EN:
        return FR_TO_EN[key]
    raise ValueError(Msg("time.weekday", name=name))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date typed on the command line (``--start``, ``--date``, ``--from``).

    Raises
    ------
    ValueError
        With a :class:`~busplanner.i18n.Msg` saying what was expected; a date written the
        French (and British) way, ``04/01/2027``, is answered with its ISO spelling.
    """
    found = text.strip()
    if not _ISO_DATE.match(found):
        dmy = _DMY_DATE.match(found)
        if dmy:
            try:
                day = dt.date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
            except ValueError:
                pass
            else:
                raise ValueError(
                    Msg("cli.date_dmy", found=text, day=day, iso=day.isoformat())
                ) from None
        raise ValueError(Msg("cli.date_format", found=text))
    try:
        return dt.date.fromisoformat(found)
    except ValueError:
        raise ValueError(Msg("cli.date_no_such_day", found=text)) from None

"""Where a run takes place: its public holidays (``[calendar] country``), its units of
distance and money (``[units]``) and its words ("stops", not "communes", outside France).

A :class:`Region` is data: the scenario reads it (``Scenario.region``), ``plan.json`` records
it when it is not the French default (``Plan.region``; French plans stay as they were), and
every dated or printed output follows it.

**The run's region is held in a context variable** (:data:`_CURRENT`, read by
:func:`current`). Why not an argument: the words it changes ("stops" for "communes", miles)
are in the message catalogue, and :func:`busplanner.i18n.t` is called from every writer,
many of which know the language but nothing of the run; passing a region to each of those
calls (and to :class:`~busplanner.i18n.Msg`, built deep in the readers) would touch every
module for three settings. Who sets it:

- the command line: :func:`busplanner.cli._main` resets it to France at the start of every
  command (:func:`set_region`), then each command sets the region of the plan it has read or
  computed, before it prints;
- :func:`busplanner.outputs.build_outputs` and :func:`busplanner.reports.public.public_files`
  set the plan's own region for what they write (:func:`use_region`), whoever calls them;
- everything else reads the current one: :func:`busplanner.i18n.t`,
  :func:`busplanner.reports.i18n.format_distance`, :func:`busplanner.reports.i18n.format_money`,
  :func:`holidays_of`.

A library caller that prints or formats anything of a plan outside those two functions (the
schedule, ``compare``, ``evaluate``, holidays) wraps the calls in ``with
use_region(plan.region):`` (or ``scenario.region``); without it the figures are French:
kilometres, euros, communes, French public holidays. A context variable is per thread and per
asyncio task, so concurrent runs of different countries do not mix; a new thread or process
starts with France.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

COUNTRIES: tuple[str, ...] = ("FR", "GB")
"""``[calendar] country``: France (the default) or the United Kingdom."""
SUBDIVISIONS: dict[str, tuple[str, ...]] = {"FR": (), "GB": ("ENG", "WLS", "SCT", "NIR")}
"""``[calendar] subdivision``: the UK's bank holidays differ between England and Wales
(``ENG``, ``WLS``: the same days), Scotland (``SCT``) and Northern Ireland (``NIR``)."""
DISTANCE_UNITS: tuple[str, ...] = ("km", "mi")
CURRENCIES: tuple[str, ...] = ("EUR", "GBP")
KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class Region:
    """The country of a run, and the units its figures are written in.

    ``country`` and ``subdivision`` choose the public holidays (the ``holidays`` library);
    ``distance`` is ``"km"`` or ``"mi"`` and ``currency`` ``"EUR"`` or ``"GBP"`` for every
    figure shown (data, ``plan.json``'s kilometres and the cost factors, keep their own
    units: the cost factors are read in ``currency``).
    """

    country: str = "FR"
    subdivision: str = ""
    distance: str = "km"
    currency: str = "EUR"

    @property
    def stops_not_communes(self) -> bool:
        """Whether the places are called stops (outside France) rather than communes."""
        return self.country != "FR"

    @property
    def is_default(self) -> bool:
        """Whether this is the French default (then ``plan.json`` does not record it)."""
        return self == Region()

    def to_dict(self) -> dict[str, str]:
        """``plan.json``'s ``region`` object."""
        out = {"country": self.country, "distance": self.distance, "currency": self.currency}
        if self.subdivision:
            out["subdivision"] = self.subdivision
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Region:
        """Read ``plan.json``'s ``region`` (absent: France); unknown values fall back to the
        default, a plan being drawn whatever its region."""
        if not isinstance(data, Mapping):
            return cls()
        country = str(data.get("country", "FR")).upper()
        country = country if country in COUNTRIES else "FR"
        sub = str(data.get("subdivision", "")).upper()
        distance = str(data.get("distance", "km"))
        currency = str(data.get("currency", "EUR")).upper()
        return cls(
            country=country,
            subdivision=sub if sub in SUBDIVISIONS[country] else "",
            distance=distance if distance in DISTANCE_UNITS else "km",
            currency=currency if currency in CURRENCIES else "EUR",
        )


_CURRENT: contextvars.ContextVar[Region] = contextvars.ContextVar(
    "busplanner_region",
    default=Region(),  # noqa: B039 - a frozen dataclass, never changed in place
)


def current() -> Region:
    """The region of the run (France unless :func:`use_region` says otherwise)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_region(region: Region | None) -> Iterator[Region]:
    """Within the block, every figure and every holiday follows ``region``."""
    token = _CURRENT.set(region or Region())
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def set_region(region: Region | None) -> None:
    """Set the region for the rest of the command (the CLI, once it knows the scenario)."""
    _CURRENT.set(region or Region())


def distance_value(km: float, region: Region | None = None) -> float:
    """``km`` in the region's unit of distance."""
    r = region or current()
    return km / KM_PER_MILE if r.distance == "mi" else km


def distance_unit(region: Region | None = None) -> str:
    """``km`` or ``mi``."""
    return (region or current()).distance


def currency_symbol(region: Region | None = None) -> str:
    """``€`` or ``£``."""
    return "£" if (region or current()).currency == "GBP" else "€"


def holidays_of(years: Any, lang: str = "en", region: Region | None = None) -> Any:
    """The public holidays of the region's country (and subdivision) for ``years``, named
    in ``lang`` where the library has that language (the UK's are in English)."""
    import holidays

    r = region or current()
    language = lang if r.country == "FR" else None
    return holidays.country_holidays(
        r.country, subdiv=r.subdivision or None, years=years, language=language
    )

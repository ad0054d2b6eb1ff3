"""Fetch the smallest OpenStreetMap extract that covers a territory (``busplanner travel
download``).

The mirror (default: Geofabrik's download server) publishes an index of its extracts with
their outlines, ``index-v1.json`` (GeoJSON: each feature's ``properties`` give its ``id``,
``name`` and ``urls.pbf``), and beside each ``.osm.pbf`` its MD5 sum (``FILE.md5``). The
extract is downloaded to ``OUT.part`` (resumed with an HTTP range request when the part is
there), its MD5 checked, then renamed to ``OUT``. The data is © OpenStreetMap contributors,
under the Open Database License (ODbL 1.0).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from busplanner import __version__
from busplanner.errors import InputError, Problem, TravelError
from busplanner.i18n import Msg

DEFAULT_MIRROR = "https://download.geofabrik.de"
INDEX_NAME = "index-v1.json"
_GEOFABRIK = "https://download.geofabrik.de/"
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Extract:
    """One extract of the index: its id, name, the URL of its ``.osm.pbf`` and the area of
    its outline (square degrees, to compare extracts)."""

    id: str
    name: str
    url: str
    area: float


def _request(url: str, headers: dict[str, str] | None = None) -> urllib.request.Request:
    return urllib.request.Request(
        url, headers={"User-Agent": f"busplanner/{__version__}", **(headers or {})}
    )


def _offline(what: str, exc: BaseException) -> TravelError:
    reason: Any = getattr(exc, "reason", exc)
    text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
    return TravelError(Msg("download.offline", what=what, why=str(text)))


def _http(url: str, exc: urllib.error.HTTPError) -> Msg:
    """``URL answered HTTP 404 Not Found``."""
    return Msg("download.http", url=url, status=f"{exc.code} {exc.reason or ''}".rstrip())


def _open(url: str, timeout_s: float, headers: dict[str, str] | None = None) -> Any:
    """``urlopen``, with every failure worded as one line (:class:`TravelError`)."""
    try:
        return urllib.request.urlopen(_request(url, headers), timeout=timeout_s)
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as exc:
        raise _offline(url, exc) from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise _offline(url, exc) from None
    except ValueError as exc:
        raise TravelError(Msg("download.bad_url", url=url, why=str(exc))) from None


def read_index(mirror: str, *, index_file: Path | None = None, timeout_s: float = 60) -> Any:
    """The mirror's index of extracts (or a local copy of it), as parsed JSON."""
    if index_file is not None:
        try:
            return json.loads(index_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(
                Problem(str(index_file), "(file)", Msg("error.no_such_file"))
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                Problem(str(index_file), "(file)", Msg("download.index_file", why=str(exc)))
            ) from None
    url = f"{mirror.rstrip('/')}/{INDEX_NAME}"
    try:
        with _open(url, timeout_s) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise TravelError(_http(url, exc)) from None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TravelError(Msg("download.not_index", url=url, why=str(exc))) from None


def smallest_cover(
    index: Any, points: Sequence[tuple[float, float]], mirror: str = DEFAULT_MIRROR
) -> Extract | None:
    """The extract of the smallest outline that covers every ``(lon, lat)`` point, with its
    URL on ``mirror``; ``None`` when none covers them all."""
    from shapely.geometry import MultiPoint, shape

    if not isinstance(index, dict) or not isinstance(index.get("features"), list):
        raise TravelError(Msg("download.index_not_collection"))
    wanted = MultiPoint(list(points))
    best: Extract | None = None
    for feature in index["features"]:
        if not isinstance(feature, dict):
            continue
        props = feature.get("properties") or {}
        url = (props.get("urls") or {}).get("pbf")
        if not isinstance(url, str) or not feature.get("geometry"):
            continue
        try:
            outline = shape(feature["geometry"])
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if not outline.covers(wanted):
            continue
        if best is None or outline.area < best.area:
            best = Extract(
                str(props.get("id", "")),
                str(props.get("name", props.get("id", ""))),
                mirror_url(url, mirror),
                outline.area,
            )
    return best


def mirror_url(url: str, mirror: str) -> str:
    """An index URL on ``mirror``: Geofabrik's own addresses are moved onto the mirror, a
    relative one is taken from it."""
    base = mirror.rstrip("/") + "/"
    if url.startswith(_GEOFABRIK):
        return base + url.removeprefix(_GEOFABRIK)
    return urllib.parse.urljoin(base, url)


ProgressHook = Callable[[int, int | None], None]
"""Called with the bytes the file holds so far and its expected size (``None``: unknown)."""


def fetch(
    url: str, out: Path, *, timeout_s: float = 60, progress: ProgressHook | None = None
) -> str:
    """Download ``url`` to ``out`` via ``out.part`` (resumed when present), check its MD5
    against ``url + ".md5"``, and rename it into place. Returns the MD5 checked, or ``""``
    when the mirror publishes none.

    Raises
    ------
    TravelError
        If the mirror cannot be reached, answers an HTTP error, or the MD5 differs (the
        part is then removed).
    """
    part = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        response = _open(url, timeout_s, headers)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and have:  # the part already holds the whole file
            response = None
        else:
            raise TravelError(_http(url, exc)) from None
    if response is not None:
        with response:
            resumed = response.status == 206 and have > 0
            if not resumed:
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length and length.isdigit() else None
            with part.open("ab" if resumed else "wb") as fh:
                if progress:
                    progress(have, total)
                while True:
                    try:
                        block = response.read(_BLOCK)
                    except (OSError, http.client.HTTPException) as exc:
                        raise TravelError(
                            Msg("download.broke_off", url=url, have=have, why=repr(exc))
                        ) from None
                    if not block:
                        break
                    fh.write(block)
                    have += len(block)
                    if progress:
                        progress(have, total)
            if total is not None and have < total:
                raise TravelError(Msg("download.stopped", url=url, have=have, total=total))
    expected = published_md5(url, timeout_s)
    if expected:
        digest = hashlib.md5(usedforsecurity=False)
        with part.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            part.unlink(missing_ok=True)
            raise TravelError(
                Msg("download.md5", url=url, found=digest.hexdigest(), expected=expected)
            )
    os.replace(part, out)
    return expected


def published_md5(url: str, timeout_s: float = 60) -> str:
    """The MD5 the mirror publishes beside ``url`` (``URL.md5``: ``hash  name``), or ``""``
    when it publishes none (HTTP 404)."""
    try:
        with _open(url + ".md5", timeout_s) as response:
            text = response.read(4096).decode("ascii", errors="replace")
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            return ""
        raise TravelError(_http(f"{url}.md5", exc)) from None
    m = re.match(r"\s*([0-9a-fA-F]{32})\b", text)
    if m is None:
        raise TravelError(Msg("download.no_md5", url=url, text=repr(text[:80])))
    return m.group(1).lower()

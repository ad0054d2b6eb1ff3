"""Leaflet's JavaScript and CSS, read from an installed package, for maps that need no network.

The files come from the ``xstatic-leaflet`` package (Leaflet 1.9.x, the version folium's pages
load from a CDN). Nothing of Leaflet is kept in busplanner's own source tree.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from busplanner.errors import BusplannerError

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_IMAGE = re.compile(r"url\((images/[A-Za-z0-9_.-]+\.png)\)")


class OfflineAssetsError(BusplannerError, RuntimeError):
    """Leaflet's files cannot be found or used for an offline map."""

    exit_code = 1


@dataclass(frozen=True)
class LeafletAssets:
    """Leaflet's stylesheet (images inlined as data URIs) and script, ready to inline."""

    version: str
    css: str
    js: str


def _package_dir() -> tuple[str, Path]:
    try:
        import xstatic.pkg.leaflet as xstatic_leaflet
    except ImportError:
        msg = (
            "the offline map needs Leaflet from the 'xstatic-leaflet' package: "
            "install it with 'pip install xstatic-leaflet' (it is a busplanner dependency)"
        )
        raise OfflineAssetsError(msg) from None
    return str(xstatic_leaflet.VERSION), Path(xstatic_leaflet.BASE_DIR)


def _inline_images(css: str, base: Path) -> str:
    def data_uri(m: re.Match[str]) -> str:
        data = base64.b64encode((base / m.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return _CSS_IMAGE.sub(data_uri, css)


@cache
def leaflet_assets() -> LeafletAssets:
    """Leaflet's CSS and JS from the installed ``xstatic-leaflet`` package.

    The stylesheet's images become data URIs and the source-map comment is dropped, so that
    the page asks for no other file.

    Raises
    ------
    OfflineAssetsError
        If the package is missing, is not Leaflet 1.9, or its files cannot be read.
    """
    version, base = _package_dir()
    if not version.startswith("1.9."):
        msg = f"the offline map needs Leaflet 1.9.x; the installed xstatic-leaflet has {version}"
        raise OfflineAssetsError(msg)
    try:
        css = _inline_images((base / "leaflet.css").read_text(encoding="utf-8"), base)
        js = _SOURCE_MAP.sub("", (base / "leaflet.js").read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"cannot read Leaflet's files in {base}: {exc}"
        raise OfflineAssetsError(msg) from None
    # Inlined into <style> and <script>: a closing tag inside would end them early.
    if "</style" in css.lower() or "</script" in js.lower():
        msg = f"Leaflet's files in {base} cannot be inlined (they hold a closing tag)"
        raise OfflineAssetsError(msg)
    return LeafletAssets(version=version, css=css, js=js.rstrip() + "\n")

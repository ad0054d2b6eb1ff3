"""Turn printable HTML pages into PDF with headless Chromium (``busplanner plan --pdf``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

CHROMIUM = "chromium"
INSTALL_HINT = "apt-get install chromium"


class PdfError(RuntimeError):
    """Chromium is missing or could not print a page."""


def find_chromium() -> str:
    """The path of ``chromium`` on PATH.

    Raises
    ------
    PdfError
        If it is not there, naming the package to install.
    """
    path = shutil.which(CHROMIUM)
    if path is None:
        msg = f"--pdf needs Chromium, and `{CHROMIUM}` is not on PATH: install it ({INSTALL_HINT})"
        raise PdfError(msg)
    return path


def pdf_name(html_name: str) -> str:
    """``posters/35002-amanlis.html`` → ``posters/35002-amanlis.pdf``."""
    return str(PurePosixPath(html_name).with_suffix(".pdf"))


def html_to_pdf(
    pages: Mapping[str, str], *, chromium: str, timeout_s: float = 120.0
) -> dict[str, bytes]:
    """Print each page (name → HTML text) to PDF; returns PDF name → bytes.

    Pages are written to a private temporary folder and printed one at a time with
    ``--headless --no-sandbox --disable-gpu --disable-background-networking``, a throw-away
    profile and no header or footer (the pages bring their own).

    Raises
    ------
    PdfError
        If Chromium fails, times out, or writes no PDF.
    """
    pdfs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="busplanner-pdf-") as tmp:
        root = Path(tmp)
        for i, (name, text) in enumerate(pages.items()):
            source = root / f"page{i}.html"
            target = root / f"page{i}.pdf"
            source.write_text(text, encoding="utf-8")
            command = [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--user-data-dir={root / 'profile'}",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=timeout_s, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                msg = f"Chromium could not print {name}: {exc}"
                raise PdfError(msg) from None
            if done.returncode != 0 or not target.is_file():
                lines = (done.stderr or "").strip().splitlines()
                detail = lines[-1] if lines else f"exit code {done.returncode}, no PDF written"
                msg = f"Chromium could not print {name}: {detail}"
                raise PdfError(msg)
            pdfs[pdf_name(name)] = target.read_bytes()
    return pdfs

"""``python -m busplanner``, and the ``busplanner`` command: the command line, with Ctrl-C
during its start-up (loading OR-Tools, geopandas … takes a second) ending cleanly.

Ctrl-C while the libraries load is held until they are loaded (an extension interrupted
half-way through its start-up fails with an ``ImportError``, not a ``KeyboardInterrupt``),
then the run stops with exit code 130 and one line, before any file is touched.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    """Load the command line, then run it (``busplanner.cli.app``)."""
    held: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    hold = previous is signal.default_int_handler  # not when Ctrl-C is ignored (a background job)
    if hold:
        signal.signal(signal.SIGINT, lambda _signum, _frame: held.append(1))
    try:
        from busplanner.cli import app
    finally:
        if hold:
            signal.signal(signal.SIGINT, previous)
    from busplanner.i18n import t

    lang = "en" if _asks_english(sys.argv[1:]) else "fr"
    if held:
        print(t("cli.interrupted", lang), file=sys.stderr)
        sys.exit(130)
    try:
        app()
    except SystemExit as exc:
        from busplanner.cli_chrome import interrupt_said

        # Ctrl-C where no command catches it (Typer ends the run with 130, silently).
        if exc.code == 130 and not interrupt_said():
            print(t("cli.interrupted_plain", lang), file=sys.stderr)
        raise


def _asks_english(args: list[str]) -> bool:
    """``--lang en`` (or ``--lang=en``) on the command line."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg
        if arg.startswith("--lang=") or arg == "--lang":
            return value.removeprefix("--lang=").lower().startswith("en")
    return False


if __name__ == "__main__":
    main()

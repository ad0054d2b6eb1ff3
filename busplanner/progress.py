"""What a run is doing, on stderr: a live progress display on a terminal, one plain line per
phase in a file or a pipe, nothing when quiet.

The pipeline and the solver report phases as :class:`~busplanner.solver.ProgressEvent`
values (a phase key and figures, no text); :class:`RunProgress` is the callback that words
them from the message catalogue (``progress.*``) in the run's language:

- on a terminal, a rich progress display, refreshed on its own (the clock moves while the
  solver is silent): the step (``4/6``), what is being done, a bar (the solve's time against
  its limit; a pulse otherwise), the time, and the figures (the model's size; the best plan's
  kilometres and visits held). It is erased when the run ends: the schedule follows;
- otherwise, when a phase ends, one line without control characters: the step, the phase,
  its figures and how long it took (``4/6 Recherche du meilleur plan : 285,5 km, 30 / 30
  visites tenues (1,5 s)``). A phase that fails prints nothing: the error says it; nor do
  the phases that check the inputs when the inputs are refused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType

from rich.console import Console, Group, RenderableType
from rich.progress import Progress
from rich.progress_bar import ProgressBar
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from busplanner.i18n import check_lang, t
from busplanner.solver.records import PHASES, ProgressEvent

INPUT_PHASES = ("read", "travel")
"""The phases that check the inputs: their plain lines wait until the inputs are accepted, so
that a bad input prints its errors alone, one line each."""

SOLVER_PHASES = ("model", "solve")
"""The phases timed against the solve's time limit (the solver's clock starts at ``model``)."""


@dataclass
class _State:
    """What the display knows of the run so far."""

    phase: str | None = None
    started: float = 0.0
    """``time.monotonic()`` when the phase began."""
    solver_clock: float | None = None
    """``time.monotonic()`` when the solver's clock started (its time limit counts from it)."""
    limit_s: float | None = None
    sizes: dict[str, int] = field(default_factory=dict)
    best_km: float | None = None
    visits_held: int | None = None
    visits_total: int | None = None
    files: int | None = None


class RunProgress:
    """The progress of a run on stderr, as a context manager and an ``on_progress`` callback.

    Parameters
    ----------
    lang
        The language of the messages (``fr``, ``en``).
    quiet
        Show nothing (``plan -q``).
    phases
        The phases this command goes through, in order (numbered ``1/6`` … on screen).
    console
        Where to show it (default: stderr). A terminal gets the live display, anything else
        the plain lines.
    """

    def __init__(
        self,
        lang: str,
        *,
        quiet: bool = False,
        phases: tuple[str, ...] = PHASES,
        console: Console | None = None,
    ) -> None:
        self.lang = check_lang(lang)
        self.quiet = quiet
        self.phases = phases
        self.console = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self.live = not quiet and self.console.is_terminal
        self.state = _State()
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._spinner = Spinner("dots", style="progress.spinner")
        self._held: list[str] = []

    # --- the context manager -----------------------------------------------------------

    def __enter__(self) -> RunProgress:
        if self.live:
            self._progress = _Display(self, console=self.console)
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            if exc_type is None:
                self._end_phase()
        # Not under the lock: the display's last refresh reads the state through it.
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    # --- the callback ------------------------------------------------------------------

    def __call__(self, event: ProgressEvent) -> None:
        """Take a phase event from the pipeline, the solver or the command line."""
        if self.quiet:
            return
        with self._lock:
            s = self.state
            if event.phase != s.phase:
                self._end_phase()
                s.phase, s.started = event.phase, time.monotonic()
                if event.phase == "model":
                    s.solver_clock = s.started - event.elapsed_s
            if event.time_limit_s is not None:
                s.limit_s = event.time_limit_s
            for name in ("stops", "visits_total", "bus_days"):
                value = getattr(event, name)
                if value is not None:
                    s.sizes[name] = value
            if event.visits_total is not None:
                s.visits_total = event.visits_total
            if event.best_km is not None:
                s.best_km, s.visits_held = event.best_km, event.visits_held
            if event.files is not None:
                s.files = event.files

    # --- words -------------------------------------------------------------------------

    def step(self, phase: str) -> str:
        """``4/6``: where ``phase`` stands among the command's phases."""
        k = self.phases.index(phase) + 1 if phase in self.phases else len(self.phases)
        return f"{k}/{len(self.phases)}"

    def what(self, phase: str) -> str:
        """What the phase does, in words (``Recherche du meilleur plan``)."""
        return t(f"progress.{phase}", self.lang)

    def figures(self, phase: str) -> str:
        """The phase's figures so far (``285,5 km, 30 / 30 visites tenues``), or ``""``."""
        s = self.state
        if phase == "model" and {"stops", "visits_total", "bus_days"} <= set(s.sizes):
            return t(
                "progress.model_size",
                self.lang,
                stops=s.sizes["stops"],
                visits=s.sizes["visits_total"],
                bus_days=s.sizes["bus_days"],
            )
        if phase == "solve":
            if s.best_km is None:
                return t("progress.no_plan_yet", self.lang)
            held = s.visits_held if s.visits_held is not None else "?"
            total = s.visits_total if s.visits_total is not None else "?"
            return t("progress.best", self.lang, km=s.best_km, held=held, total=total)
        if phase == "write" and s.files is not None:
            return t("progress.files", self.lang, files=s.files)
        return ""

    def clock(self) -> str:
        """The time shown: the solver's against its limit, else the phase's."""
        s = self.state
        now = time.monotonic()
        if s.phase in SOLVER_PHASES and s.solver_clock is not None and s.limit_s:
            return t("progress.of_limit", self.lang, elapsed=now - s.solver_clock, limit=s.limit_s)
        return t("progress.seconds", self.lang, elapsed=now - s.started)

    def bar(self) -> tuple[float | None, float]:
        """The bar's (total, completed): the solver's time against its limit; ``(None, 0)``,
        a pulse, in the other phases."""
        s = self.state
        if s.phase in SOLVER_PHASES and s.solver_clock is not None and s.limit_s:
            return s.limit_s, min(time.monotonic() - s.solver_clock, s.limit_s)
        return None, 0.0

    # --- output ------------------------------------------------------------------------

    def render(self) -> RenderableType:
        """The display: the step, the phase and its figures; under it, the bar and the time.

        ::

            ⠹ 4/6 Recherche du meilleur plan  285,5 km, 20 / 20 visites tenues
              ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━  3 s / 60 s
        """
        with self._lock:
            phase = self.state.phase
            if phase is None:
                return Text("")
            now = time.monotonic()
            head = Text(f"{self.step(phase)} {self.what(phase)}", style="bold")
            figures = self.figures(phase)
            if figures:
                head.append(f"  {figures}", style="progress.description")
            total, completed = self.bar()
            clock = self.clock()
        top = Table.grid(padding=(0, 1), expand=True)
        top.add_column(no_wrap=True)
        top.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        top.add_row(self._spinner.render(now), head)
        bottom = Table.grid(padding=(0, 1), expand=True)
        bottom.add_column(width=1)
        bottom.add_column(ratio=1)
        bottom.add_column(no_wrap=True, justify="right")
        bar = ProgressBar(total=total, completed=completed, animation_time=now)
        bottom.add_row("", bar, Text(clock, style="progress.elapsed"))
        return Group(top, bottom)

    def _end_phase(self) -> None:
        """The plain line of the phase that ends (not on a terminal: the display shows it)."""
        phase = self.state.phase
        if phase is None or self.live or self.quiet:
            return
        seconds = time.monotonic() - self.state.started
        result = self.figures(phase)
        key = "progress.done" if result else "progress.done_plain"
        line = t(
            key,
            self.lang,
            step=self.step(phase),
            what=self.what(phase),
            result=result,
            seconds=seconds,
        )
        self._held.append(line)
        if phase not in INPUT_PHASES:
            # The inputs are accepted: their lines can go (a bad input prints its errors alone).
            for held in self._held:
                self.console.print(Text(held), soft_wrap=True)
            self._held.clear()


class _Display(Progress):
    """A rich progress display (refreshed on its own, erased at the end) that draws its
    owner's two lines instead of a table of tasks."""

    def __init__(self, owner: RunProgress, *, console: Console) -> None:
        self.owner = owner  # before rich's __init__, which may draw already
        super().__init__(
            console=console, transient=True, redirect_stdout=False, refresh_per_second=8
        )

    def get_renderables(self) -> Iterable[RenderableType]:
        yield self.owner.render()

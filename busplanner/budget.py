"""The memory budget held while solving: the solve runs in a child process that cannot grow
past ``[solver] max_memory_mb``.

:mod:`busplanner.sizes` refuses, before anything is built, a plan whose *estimate* exceeds
the budget. An estimate can be wrong, so the solve itself runs in a child process (a
``fork`` of this one: nothing is copied or re-imported, it starts in milliseconds) that
this process watches:

- its address space is capped (``RLIMIT_AS``): the budget, plus the address space the
  process already reserves without using it and what threads reserve (their stacks and
  ``malloc`` arenas, :data:`VIRTUAL_SLACK_MB`); an allocation past it fails at once
  (``MemoryError``, or ``std::bad_alloc`` inside OR-Tools or VROOM);
- its resident memory is read every :data:`POLL_S` seconds; past the budget the child is
  stopped.

Either way, or if the child dies of a signal (what a failed allocation in a C++ thread
ends in), the run stops with :class:`~busplanner.errors.TooLargeError` (exit code 3)
naming the budget, as the estimate does: the user's limit, not a crash. The child reports
the solver's progress and hands back the solution (or the solver's error) through a pipe;
Ctrl-C stops it with the run. Where ``fork`` is not available (not Linux), the solve runs
in this process, with the estimate as the only guard.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import sys
import traceback
import warnings
from typing import Any

from busplanner.errors import SolverError, TooLargeError
from busplanner.i18n import Msg
from busplanner.problem import PlanningProblem
from busplanner.sizes import BASE_MB, matrix_mb, search_mb
from busplanner.solver import ProgressCallback, Solution, SolveOptions, solve

VIRTUAL_SLACK_MB = 1024
"""Address space a solve reserves without using it, allowed on top of the budget: thread
stacks (8 MB each, reserved) and ``malloc``'s per-thread arenas (64 MB each). Measured on
Devon's Teignbridge rotation: 785 MB of address space for 160 MB resident."""

POLL_S = 0.1
"""How often the child's resident memory is read (it grows by well under 100 MB in that
time, so it is stopped close to the budget)."""

MEMORY_SIGNALS = frozenset(
    getattr(signal, name)
    for name in ("SIGABRT", "SIGBUS", "SIGKILL", "SIGSEGV")
    if hasattr(signal, name)
)
"""What a child that ran out of memory dies of: an uncaught ``std::bad_alloc`` aborts, a
stack that cannot grow faults, the kernel's out-of-memory killer kills."""


EXIT_OUT_OF_MEMORY = 99
"""The child's exit code after a ``MemoryError`` (should it fail to say so)."""


def isolated() -> bool:
    """Whether solves run in a watched child process (on Linux, where ``fork`` and
    ``/proc`` are)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def solve_within_budget(
    problem: PlanningProblem,
    options: SolveOptions,
    *,
    on_progress: ProgressCallback | None = None,
) -> Solution:
    """:func:`busplanner.solver.solve`, in a child process held to ``options.max_memory_mb``.

    The same problem, options and seed give the same solution as in this process.

    Raises
    ------
    TooLargeError
        The solve needed more memory than ``options.max_memory_mb``.
    KeyboardInterrupt
        On Ctrl-C (the child is stopped first).
    SolverError, InfeasibleError, ValueError, …
        What :func:`~busplanner.solver.solve` raised in the child.
    """
    if not isolated():
        return solve(problem, options, on_progress=on_progress)
    budget_mb = options.max_memory_mb
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12 warns of fork() in a process with threads (the progress display's): the
        # child only solves and answers through the pipe, never takes a lock of theirs
        # (it prints nothing) and ends with os._exit.
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, measured through the parent
        os.close(read_fd)
        _child(problem, options, write_fd, _address_limit(budget_mb))
    os.close(write_fd)
    child = _Child(pid)
    try:
        return _watch(child, read_fd, problem, options, on_progress)
    finally:
        os.close(read_fd)
        child.stop()


def _address_limit(budget_mb: int) -> int:
    """The child's address-space cap, in bytes: the budget, plus what this process has
    reserved without using it (mapped libraries, …), plus :data:`VIRTUAL_SLACK_MB`."""
    size_kb, resident_kb = _vm_kb(os.getpid())
    unused_mb = max(0, size_kb - resident_kb) / 1024
    return int((budget_mb + unused_mb + VIRTUAL_SLACK_MB) * 2**20)


def _child(
    problem: PlanningProblem, options: SolveOptions, write_fd: int, limit: int
) -> None:  # pragma: no cover - runs in the child
    """Solve and send what happened; never returns (``os._exit``: nothing of the parent's,
    its buffers or its exit handlers, runs here)."""
    try:
        import resource  # Unix only, as fork is

        # Ctrl-C is the parent's to handle: it stops this process.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

        def progress(event: Any) -> None:
            _send(write_fd, ("progress", event))

        try:
            solution = solve(problem, options, on_progress=progress)
        except MemoryError:
            # Said by the exit code too: telling it may need memory there is none of.
            with contextlib.suppress(BaseException):
                _send(write_fd, ("memory",))
            os._exit(EXIT_OUT_OF_MEMORY)
        except BaseException as exc:
            _send(write_fd, ("error", *_portable(exc)))
        else:
            _send(write_fd, ("done", solution))
    except BaseException:
        os._exit(1)
    os._exit(0)


def _portable(exc: BaseException) -> tuple[bytes | None, str, str]:
    """The exception pickled (``None`` when it does not survive the trip), its one-line
    description, and the child's traceback."""
    text = "".join(traceback.format_exception(exc))
    data: bytes | None
    try:
        data = pickle.dumps(exc)
        copy = pickle.loads(data)
        if type(copy) is not type(exc) or copy.args != exc.args:
            data = None
    except Exception:
        data = None
    return data, f"{type(exc).__name__}: {exc}", text


def _watch(
    child: _Child,
    read_fd: int,
    problem: PlanningProblem,
    options: SolveOptions,
    on_progress: ProgressCallback | None,
) -> Solution:
    """Relay the child's progress, watch its memory, and return its solution."""
    budget_mb = options.max_memory_mb
    while True:
        ready, _, _ = select.select([read_fd], [], [], POLL_S)
        if _vm_kb(child.pid)[1] > budget_mb * 1024:
            child.stop()
            raise _too_large(problem, options)
        if not ready:
            continue
        message = _receive(read_fd)
        if message is None:
            break
        kind = message[0]
        if kind == "progress":
            if on_progress is not None:
                on_progress(message[1])
        elif kind == "done":
            solution: Solution = message[1]
            child.wait()
            return solution
        elif kind == "memory":
            raise _too_large(problem, options)
        elif kind == "error":
            raise _rebuilt(*message[1:])
    # The pipe closed with no answer: the child died.
    status = child.wait()
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in MEMORY_SIGNALS:
        raise _too_large(problem, options)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXIT_OUT_OF_MEMORY:
        raise _too_large(problem, options)
    code = os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    raise SolverError.of("budget.child_died", code=code)


def _too_large(problem: PlanningProblem, options: SolveOptions) -> TooLargeError:
    """The run-time twin of :func:`busplanner.sizes.check_fits`'s refusal."""
    visits = sum(s.visits_per_cycle for s in problem.stops)
    bus_days = problem.bus_count * problem.cycle_weeks * len(problem.days)
    places = len(problem.stops) + max(1, len(problem.bases))
    what = Msg("sizes.solve", visits=visits, bus_days=bus_days)
    total = BASE_MB + matrix_mb(places) + search_mb(places, visits, bus_days)
    return TooLargeError(Msg("sizes.ran_out", what=what, budget=options.max_memory_mb, total=total))


def _rebuilt(data: bytes | None, description: str, child_traceback: str) -> BaseException:
    """The child's exception, raised here (with the child's traceback as a note)."""
    exc: BaseException
    try:
        exc = pickle.loads(data) if data is not None else RuntimeError(description)
    except Exception:
        exc = RuntimeError(description)
    if not isinstance(exc, KeyboardInterrupt):
        exc.add_note(f"In the solving process:\n{child_traceback}")
    return exc


_HEADER = struct.Struct("!Q")


def _send(fd: int, message: tuple[Any, ...]) -> None:  # pragma: no cover - in the child
    data = pickle.dumps(message)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _receive(fd: int) -> tuple[Any, ...] | None:
    """The next message, or ``None`` when the pipe is closed (before a whole message)."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    body = _read_exactly(fd, _HEADER.unpack(header)[0])
    if body is None:
        return None
    message: tuple[Any, ...] = pickle.loads(body)
    return message


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class _Child:
    """The solving process: waited for once (its number is never used after, when the
    system may have given it to another process)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.status: int | None = None

    def wait(self) -> int:
        """Wait for it to end; its wait status."""
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]
        return self.status

    def stop(self) -> None:
        """Kill it if it has not been waited for, and wait for it."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()


def _vm_kb(pid: int) -> tuple[int, int]:
    """A process's address space and resident memory, in kB (``/proc/PID/statm``)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            size, resident = f.read().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    return int(size) * page_kb, int(resident) * page_kb

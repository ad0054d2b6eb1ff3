"""What the benchmark scripts share: one measured run per child process, and Markdown tables.

``run.py``, ``published.py`` and ``engines.py`` each run every measured solve in a fresh
Python process (``SCRIPT --child JSON``) under an address-space cap (``RLIMIT_AS``) and a
wall-clock cap: a refusal, a timeout or a crash is a result like any other, and the child's
peak memory (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(
    script: Path, spec: dict[str, Any], *, max_wall_s: float, max_mem_gb: float
) -> dict[str, Any]:
    """Run ``script --child JSON(spec)`` in a fresh process and read the JSON it prints last.

    A timeout or a crash becomes a result too (``status`` says what happened).
    """

    def limit_memory() -> None:
        cap = int(max_mem_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [sys.executable, str(script), "--child", json.dumps(spec)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limit_memory
    )
    try:
        stdout, stderr = proc.communicate(timeout=max_wall_s)
    except subprocess.TimeoutExpired:
        peak = vm_hwm_mb(proc.pid)
        proc.kill()
        proc.communicate()
        return {"status": f"timeout: no answer in {max_wall_s:g} s (killed)", "maxrss_mb": peak}
    wall = time.perf_counter() - t0
    lines = stdout.strip().splitlines()
    if proc.returncode == 0 and lines:
        result: dict[str, Any] = json.loads(lines[-1])
        result["process_wall_s"] = wall
        return result
    tail = (stderr.strip().splitlines() or ["(no message)"])[-1][:200]
    return {"status": f"crashed (exit {proc.returncode}): {tail}", "process_wall_s": wall}


def vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory of a running process, in MB (``/proc``), or ``None``."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def fmt(value: Any, spec: str = ".1f") -> str:
    """A table cell: ``—`` for nothing, floats with ``spec``."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return format(value, spec)
    return str(value)


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (``|`` in cells becomes ``/``)."""
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        row = row + [""] * (len(head) - len(row))
        out.append("| " + " | ".join(" ".join(c.replace("|", "/").split()) for c in row) + " |")
    return "\n".join(out)


def machine() -> str:
    """One line: date, host, cores, Python."""
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )

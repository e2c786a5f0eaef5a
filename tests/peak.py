"""Running budgetkorr in a process of its own, to measure what a hostile input costs it in memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PEAK_BYTES = 250 * 1024 * 1024  # what a refused (or handled) hostile input may cost the whole process, at most


def peak_rss(argv: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run budgetkorr with `argv` in `cwd`: its exit code, its stderr and its peak resident memory (bytes)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetkorr", *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read().decode("utf-8")
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    return process.returncode, stderr, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)

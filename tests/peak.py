"""Running budgetkorr in a process of its own, to measure what a hostile input costs it in memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PEAK_BYTES = 250 * 1024 * 1024  # what a refused (or handled) hostile input may cost the whole process, at most

# Linux counts in a process's peak the memory of the process it was forked from (fork copies the page tables, and
# the peak survives exec): forked from a test run that has grown to hundreds of MB, budgetkorr would seem to use
# them. So a small Python process starts budgetkorr and reports its peak, read by wait4.
_LAUNCHER = """\
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "budgetkorr", *sys.argv[1:]], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
print(child.returncode, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024))  # KiB on Linux, bytes on macOS
"""


def peak_rss(argv: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run budgetkorr with `argv` in `cwd`: its exit code, its stderr and its peak resident memory (bytes)."""
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], cwd=cwd, capture_output=True, check=True)
    code, peak = launched.stdout.split()
    return int(code), launched.stderr.decode("utf-8"), int(peak)

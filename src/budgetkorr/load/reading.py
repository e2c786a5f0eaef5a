"""Reading and validating correction files one by one, on two processes when there are enough to pay for it.

Each file is read, parsed and validated on its own (the rules across files come after, on all of them), so the work
splits cleanly: a forked child reads the second part of the files and sends its results back through a pipe,
while this process reads the first part. What comes through the pipe is pickled: the child is this very program a
moment after the fork, and the pipe is private to the two, so nothing from outside is ever unpickled (the cache,
which is a file anyone could write, is plain JSON). Where fork is not available, with few files, when no core is
idle, or if the child fails in any way, every file is read here: the results are the same, in the same order.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from budgetkorr.diagnostics import Diagnostic
from budgetkorr.i18n import N_
from budgetkorr.load.across import Unfinished, unfinished
from budgetkorr.load.cache import content_hash
from budgetkorr.load.validate import validate_file
from budgetkorr.models import Correction
from budgetkorr.yamlread import YamlFile, parse_bytes, read_limited, read_yaml

# From this many files to read, the second part is read by a forked child: at 1,000 corrections each process takes
# 0.11 s of CPU where one alone takes 0.18 s; below a few hundred the fork and the pickling would cost more.
PARALLEL_FROM = 400
# The child's share: the parent also unpickles the child's results, so it reads a little less itself.
_CHILD_SHARE = 0.55
_PART = 500  # results pickled together


@dataclass(frozen=True)
class FileRead:
    """What reading one correction file gave: a valid correction or what of it the rules across files can use,
    its problems, and (for the cache) the hash of the bytes parsed and the file's stat from before they were read
    (the hash, not the bytes: kept for every file until all are read, the bytes were 100 MB at 26,000 files)."""

    problems: list[Diagnostic]
    correction: Correction | None = None
    source: YamlFile | None = None  # only the lines of its top-level keys
    partial: Unfinished | None = None
    read: tuple[str, os.stat_result] | None = None


def read_corrections(paths: Sequence[Path], for_cache: bool) -> list[FileRead]:
    """Each file read and validated, in the order given; `for_cache`: with the hash and stat the cache needs."""
    if len(paths) < PARALLEL_FROM or not can_fork() or not _core_free():
        return [read_correction(path, for_cache) for path in paths]
    split = len(paths) - int(len(paths) * _CHILD_SHARE)
    mine, theirs = paths[:split], paths[split:]
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child leaves by os._exit, before coverage could write)
        _child(reading, writing, theirs, for_cache)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        try:
            # If this raises (a bug), the pipe is closed on the way out: the child's writing fails and it leaves.
            results = [read_correction(path, for_cache) for path in mine]
            received = _received(pipe)
        finally:
            pipe.close()
            _pid, status = os.waitpid(child, 0)
    if status != 0 or len(received) != len(theirs):
        received = [read_correction(path, for_cache) for path in theirs]
    return [*results, *received]


def _received(pipe: BinaryIO) -> list[FileRead]:
    """The child's results as it sent them, in parts; none if it stopped half-way."""
    import pickle  # here: most runs read too few files to need it

    received: list[FileRead] = []
    try:
        while size := int.from_bytes(pipe.read(8), sys.byteorder):
            received += pickle.loads(pipe.read(size))
    except (pickle.UnpicklingError, EOFError, ValueError, OSError):
        return []
    return received


def _child(reading: int, writing: int, paths: Sequence[Path], for_cache: bool) -> None:  # pragma: no cover
    """The forked child: read its files, send the results in parts (so that the parent, which reads them after
    its own files, never holds them all twice), and leave without running anything of the parent's (no exit
    handlers, no flushing of output the parent has buffered)."""
    import pickle

    code = 1
    try:
        os.close(reading)
        results = [read_correction(path, for_cache) for path in paths]
        with os.fdopen(writing, "wb") as pipe:
            for start in range(0, len(results), _PART):
                sent = pickle.dumps(results[start : start + _PART], pickle.HIGHEST_PROTOCOL)
                pipe.write(len(sent).to_bytes(8, sys.byteorder) + sent)
            pipe.write(bytes(8))
        code = 0
    finally:
        os._exit(code)


def can_fork() -> bool:
    """Fork only where it is the operating system's own way of starting a process, there are two cores, and this
    process has no other thread (a lock held by one at the fork would never be released in the child)."""
    return sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


def _core_free() -> bool:
    """Whether a core is idle now: fewer tasks are running (this one among them) than there are cores, as
    /proc/loadavg counts them. Where the other core is busy, a second process only shares a core with this one
    and costs the pickling (at 10,000 corrections 1.7 s instead of 1.3 s); the load average, a minute's mean,
    can not tell that in time."""
    try:
        running = int(Path("/proc/loadavg").read_text(encoding="ascii").split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return running < len(os.sched_getaffinity(0))


def read_correction(path: Path, for_cache: bool) -> FileRead:
    """Read, parse and validate one correction file."""
    source, problems, read = _read_source(path, for_cache)
    if source is None:
        return FileRead(problems)
    correction, more = validate_file(source, Correction, N_("en korrektion"))
    kept = source.keep_lines()
    if correction is not None:
        return FileRead([*problems, *more], correction, kept, read=read)
    return FileRead([*problems, *more], partial=unfinished(source.data, kept))


def _read_source(
    path: Path, for_cache: bool
) -> tuple[YamlFile | None, list[Diagnostic], tuple[str, os.stat_result] | None]:
    """Parse a correction file; for the cache, also the hash of the bytes parsed and the file's stat from before
    they were read."""
    if not for_cache:
        return *read_yaml(path), None
    try:
        before = path.stat()
    except OSError:
        return *read_yaml(path), None
    raw, problem = read_limited(path)
    if raw is None:
        return None, [problem] if problem else [], None
    return *parse_bytes(path, raw), (content_hash(raw), before)

"""Reading leaves no trace: a read-only command writes nothing anywhere, and loading changes nothing in the process.

A read-only command (summary, list, show, validate, check-targets, schema, diff, history) is run as the user runs it,
a process of the installed `budgetkorr`, with the cache folder, the temporary folder and the data folder each a
folder of the test's own, listed before and after. Loading as a library (what every command calls) is held to
leave the process as it found it, and to keep nothing of a load once it is dropped.
"""

from __future__ import annotations

import gc
import locale
import os
import shutil
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import budgetkorr
from budgetkorr.core.dataset import Dataset
from budgetkorr.loader import OTHER_FILES, load_dataset
from tests.conftest import SHIPPED_DATA

BUDGETKORR = Path(sys.executable).parent / "budgetkorr"
T105 = "data/corrections/T105-it-og-cybersikkerhed-nis2.yaml"

READ_ONLY = {
    "summary": ["summary", "2026"],
    "list": ["list"],
    "show": ["show", "T105"],
    "validate": ["validate"],
    "check-targets": ["check-targets", "--strict"],
    "schema": ["schema"],
    "diff of two commits": ["diff", "HEAD~1", "HEAD"],
    "diff with the work tree": ["diff", "HEAD~1"],
    "diff of two folders": ["diff", "--data-base", "data", "--data", "data"],
    "history": ["history", "T105"],
}


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every file and folder below `folder`: its path, size and modification time (a folder's own time changes
    when something is made and removed in it, as a temporary file should be; only what is left is compared)."""
    found: list[tuple[str, int, int]] = []
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        kept = (0, 0) if path.is_dir() else (status.st_size, status.st_mtime_ns)
        found.append((str(path.relative_to(folder)), *kept))
    return found


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The shipped data folder in a git repository of two commits (T105's amounts changed in the second), with
    an uncommitted change to T105 on top."""
    root = tmp_path / "repo"
    shutil.copytree(SHIPPED_DATA, root / "data")
    git = ["git", "-C", str(root), "-c", "user.name=Budgetkontoret", "-c", "user.email=okonomi@example.dk"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    for message in ("Budget 2026", "T105 opdateret"):
        path = root / T105
        path.write_text(path.read_text(encoding="utf-8") + "# " + message + "\n", encoding="utf-8")
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", message], check=True)
    (root / T105).write_text((root / T105).read_text(encoding="utf-8") + "# ikke committet\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("args", READ_ONLY.values(), ids=READ_ONLY.keys())
def test_a_read_only_command_leaves_the_cache_the_temporary_and_the_data_folder_as_it_found_them(
    args: list[str], repository: Path, tmp_path: Path
) -> None:
    folders = {name: tmp_path / name for name in ("cache", "tmp", "home")}
    for folder in folders.values():
        folder.mkdir()
        (folder / "there-before.txt").write_text("x", encoding="utf-8")
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(folders["cache"]),
        "TMPDIR": str(folders["tmp"]),
        "HOME": str(folders["home"]),  # where a cache would go without XDG_CACHE_HOME
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for name in ("BUDGETKORR_DATA", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    watched = [*folders.values(), repository / "data"]
    before = [_listing(folder) for folder in watched]

    result = subprocess.run([str(BUDGETKORR), *args], cwd=repository, env=env, capture_output=True, check=False)

    assert result.returncode in (0, 1), result.stderr.decode()
    assert result.stdout or result.stderr.endswith(b" filer\n")  # validate: its verdict on stderr
    assert [_listing(folder) for folder in watched] == before


def _wanted() -> dict[str, bool]:
    """The shipped data folder as `check-targets` loads it: every file of it."""
    return dict.fromkeys(OTHER_FILES, True)


def test_loading_leaves_the_process_as_it_found_it() -> None:
    """The library does not touch the garbage collector, signals, the locale, the environment or the recursion
    limit (`gc.freeze` in a library keeps every later object of a long-lived caller alive)."""

    def state() -> object:
        return (
            gc.isenabled(),
            gc.get_freeze_count(),
            gc.get_threshold(),
            dict(os.environ),
            [signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE)],
            locale.setlocale(locale.LC_ALL),
            sys.getrecursionlimit(),
        )

    before = state()
    dataset = load_dataset(SHIPPED_DATA, other_files=_wanted())
    assert dataset.ok
    assert dataset.entries
    assert state() == before


def test_200_calls_of_budgetkorr_load_keep_nothing_of_the_loads() -> None:
    """Memory of a long-lived caller (a notebook, a server) that loads the data folder again and again grows by
    less than 10 MB over 200 loads. The caller keeps each dataset in an object of its own that refers back to
    itself, as objects of long-lived programs do: a cycle, which only the garbage collector frees, and which a
    library's `gc.freeze()` would keep alive for good (about 15 MB over these 200 loads).

    Measured with tracemalloc: what Python holds alive, after a collection. The resident size (RSS) would also
    count what the allocator keeps of memory already freed, and what other tests in this process allocated and
    freed, so it can move by megabytes without a leak; a leak (objects kept alive by a frozen collector, or a cache
    that grows with every load) is exactly what tracemalloc counts. The first loads build what is built once
    (pydantic's validators, the message catalog) and are left out."""
    for _ in range(3):
        budgetkorr.load(SHIPPED_DATA)
    gc.collect()
    tracemalloc.start()
    try:
        gc.collect()
        start, _peak = tracemalloc.get_traced_memory()
        for _ in range(200):
            held: dict[str, object] = {"dataset": budgetkorr.load(SHIPPED_DATA)}
            held["self"] = held
        dataset = held["dataset"]
        assert isinstance(dataset, Dataset)
        assert dataset.ok
        assert len(dataset.entries) == len(list((SHIPPED_DATA / "corrections").glob("*.yaml")))
        del held, dataset
        gc.collect()
        end, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert end - start < 10 * 1024 * 1024, f"{(end - start) / 1024 / 1024:.1f} MB kept after 200 loads"

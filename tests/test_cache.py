"""The cache of validated corrections never changes what a command says.

Between runs the files are edited (also keeping their size and mtime), renamed, deleted, broken and mended, made
duplicates, replaced by links, and the cache file itself is truncated, corrupted, forged and replaced; after every
step each command's stdout, stderr and exit code must equal those of a run with --no-cache, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from budgetkorr import yamlread
from budgetkorr.load import cache as cache_module
from budgetkorr.load import load_dataset, reading
from tests.conftest import REPO, VALID, Budget, Run, run, with_lines

COMMANDS = (["summary", "2026"], ["validate"], ["list", "--format", "json"])


def _same_as_without_cache() -> list[Run]:
    """Run every command twice with the cache (cold or stale, then warm) and once without; all must agree."""
    results = []
    for args in COMMANDS:
        first, second, fresh = run(*args), run(*args), run("--no-cache", *args)
        for cached in (first, second):
            assert (cached.exit_code, cached.stdout_bytes, cached.stderr) == (
                fresh.exit_code,
                fresh.stdout_bytes,
                fresh.stderr,
            ), args
        results.append(fresh)
    return results


def _cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "budgetkorr").glob("corrections-*.json"))


def _correction(number: str, amount: str = "2.000", committee: str = "Økonomiudvalget") -> str:
    return with_lines(
        VALID,
        nr=f"nr: {number}",
        udvalg=f"udvalg: {committee}",
        udgifter=f"udgifter:  {{2026: {amount}, 2027: 2.000, 2028: 2.000, 2029: 2.000}}",
        netto=f"netto:     {{2026: {amount}, 2027: 2.000, 2028: 2.000, 2029: 2.000}}",
    )


@pytest.fixture
def four(budget: Budget) -> Budget:
    for number in ("T101", "T102", "T103", "T104"):
        budget.write(f"{number}-korrektion.yaml", _correction(number))
    return budget


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The correction files the next load parses (those not taken from the cache)."""
    parsed: list[Path] = []
    original = yamlread.parse_bytes

    def counting(path: Path, raw: bytes) -> object:
        parsed.append(path)
        return original(path, raw)

    monkeypatch.setattr(reading, "parse_bytes", counting)
    return parsed


def test_a_warm_run_reads_no_file_again_and_says_the_same(
    four: Budget, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = run("--no-cache", "summary", "2026")
    assert _cache_files(own_cache) == []  # --no-cache writes none either
    parsed = _parsed(monkeypatch)
    cold = run("summary", "2026")
    assert len(parsed) == 4
    assert len(_cache_files(own_cache)) == 1
    parsed.clear()
    warm = run("summary", "2026")
    assert parsed == []
    assert cold == warm == fresh
    assert "8,000" in warm.stdout  # four corrections of 2,000 in 2026


def test_the_cache_lives_in_the_users_cache_directory_never_in_the_data(four: Budget, own_cache: Path) -> None:
    before = sorted(p.name for p in four.root.rglob("*"))
    run("summary", "2026")
    assert sorted(p.name for p in four.root.rglob("*")) == before
    assert _cache_files(own_cache)[0].parent == own_cache / "budgetkorr"


def test_no_cache_by_environment(four: Budget, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETKORR_NO_CACHE", "1")
    run("summary", "2026")
    assert _cache_files(own_cache) == []
    dataset = load_dataset(four.data, cache=True)
    assert len(dataset.entries) == 4
    assert _cache_files(own_cache) == []


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert path.stat().st_mtime_ns == status.st_mtime_ns


def _steps(budget: Budget, cache_home: Path) -> dict[str, Callable[[], object]]:
    corrections = budget.corrections

    def cache_file() -> Path:
        return _cache_files(cache_home)[0]

    def forge(change: Callable[[dict[str, Any]], None]) -> None:
        # A cache file with the right header and a correct hash over a body of the wrong types: decoded, it would
        # give wrong records or lines, so it must be dropped, not trusted.
        path = cache_file()
        header = json.loads(path.read_bytes().split(b"\n", 1)[0])
        content = json.loads(path.read_bytes().split(b"\n", 1)[1])
        change(content)
        body = json.dumps(content).encode()
        header["blake2b"] = hashlib.blake2b(body).hexdigest()
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)

    def amounts_as_floats(content: dict[str, Any]) -> None:
        for entry in content["files"].values():
            entry[5][9] = [2026, 99.5]  # udgifter

    def lines_as_text(content: dict[str, Any]) -> None:
        for table in content["lines"]:
            table["nr"] = "2"

    def fields_given_as_a_list(content: dict[str, Any]) -> None:
        for entry in content["files"].values():
            entry[5][0] = -1

    def symlink() -> None:
        target = budget.root / "elsewhere.yaml"
        target.write_text(_correction("T104", "4.000"), encoding="utf-8")
        (corrections / "T104-korrektion.yaml").unlink()
        (corrections / "T104-korrektion.yaml").symlink_to(target)

    return {
        "edit an amount": lambda: _edit_keeping_size_and_mtime(
            corrections / "T101-korrektion.yaml", "2026: 2.000", "2026: 5.000"
        ),
        "edit the netto too (same size, same mtime)": lambda: _edit_keeping_size_and_mtime(
            corrections / "T101-korrektion.yaml", "netto:     {2026: 2.000", "netto:     {2026: 5.000"
        ),
        "rename a file": lambda: (corrections / "T102-korrektion.yaml").rename(corrections / "T102-andet-navn.yaml"),
        "rename it so its name no longer starts with its nr": lambda: (corrections / "T102-andet-navn.yaml").rename(
            corrections / "X-T102.yaml"
        ),
        "delete a file": lambda: (corrections / "T103-korrektion.yaml").unlink(),
        "break a file": lambda: (corrections / "T101-korrektion.yaml").write_text(
            _correction("T101").replace("status: forslag", "status: [forslag"), encoding="utf-8"
        ),
        "mend it": lambda: (corrections / "T101-korrektion.yaml").write_text(_correction("T101"), encoding="utf-8"),
        "give two files one nr": lambda: budget.write("T105-kopi.yaml", _correction("T101")),
        "remove the copy": lambda: (corrections / "T105-kopi.yaml").unlink(),
        "an unknown committee in a cached file": lambda: (budget.data / "udvalg.yaml").write_text(
            "udvalg:\n  - navn: Børne- og ungdomsudvalget\n    forkortelse: BUU\n", encoding="utf-8"
        ),
        "the committees back": lambda: (budget.data / "udvalg.yaml").write_text(
            (REPO / "data" / "udvalg.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        ),
        "a file becomes a link to another file": symlink,
        "truncate the cache file": lambda: cache_file().write_bytes(cache_file().read_bytes()[:500]),
        "garbage in the cache file": lambda: cache_file().write_bytes(b"\x00\xff garbage \n{]"),
        "flip a byte in the cache file": lambda: cache_file().write_bytes(
            cache_file().read_bytes().replace(b'"2.000"', b'"3.000"', 1)
        ),
        "a foreign cache file": lambda: cache_file().write_text('{"format": "other"}\n{}', encoding="utf-8"),
        "a forged cache file": lambda: forge(amounts_as_floats),
        "a forged table of lines": lambda: forge(lines_as_text),
        "forged fields given": lambda: forge(fields_given_as_a_list),
        "the cache file becomes a folder": lambda: cache_file_folder(cache_home),
        "an empty file": lambda: budget.write("T106-tom.yaml", ""),
        "delete it again": lambda: (corrections / "T106-tom.yaml").unlink(),
    }


def cache_file_folder(cache_home: Path) -> None:
    """The cache file's name (the same for the same data folder) is taken by a folder: it can not be written."""
    for path in _cache_files(cache_home):
        path.unlink()
        path.mkdir()


def test_every_change_between_runs_gives_what_a_run_without_cache_gives(four: Budget, own_cache: Path) -> None:
    _same_as_without_cache()
    seen_invalid = seen_warning = False
    for step, change in _steps(four, own_cache).items():
        if "cache file" in step and not _cache_files(own_cache):
            run("validate")  # the step needs a cache file to damage
        change()
        results = _same_as_without_cache()
        seen_invalid |= any(result.exit_code == 2 for result in results)
        seen_warning |= any("warning" in result.stderr or "advarsel" in result.stderr for result in results)
    assert seen_invalid, "some steps make the data invalid"
    assert seen_warning, "some steps give warnings"


def test_a_change_within_the_same_timestamp_tick_is_found_by_content(
    four: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file system with coarse timestamps: size and mtime are all the stat says, and an edit in the same tick keeps
    # both. The file was cached just after it was written (racy), so it is checked by its content.
    monkeypatch.setattr(cache_module, "_signature", lambda status: f"{status.st_size} {status.st_mtime_ns}")
    run("summary", "2026")
    _edit_keeping_size_and_mtime(four.corrections / "T101-korrektion.yaml", "2026: 2.000", "2026: 7.000")
    _edit_keeping_size_and_mtime(
        four.corrections / "T101-korrektion.yaml", "netto:     {2026: 2.000", "netto:     {2026: 7.000"
    )
    assert run("summary", "2026") == run("--no-cache", "summary", "2026")
    assert "13,000" in run("summary", "2026").stdout


def test_a_file_kept_long_after_it_was_read_is_still_checked_by_content(
    four: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As above, but the clock is 10 s later when the files are kept than when they were read (thousands of files
    # are read before any is kept): whether a file may still change within its tick is judged by when it was read.
    monkeypatch.setattr(cache_module, "_signature", lambda status: f"{status.st_size} {status.st_mtime_ns}")
    opened = cache_module.CorrectionCache.__init__
    later = types.SimpleNamespace(time_ns=lambda: time.time_ns() + 10_000_000_000)

    def open_then_read_for_10_seconds(self: cache_module.CorrectionCache, *args: Any) -> None:
        opened(self, *args)
        monkeypatch.setattr(cache_module, "time", later)

    monkeypatch.setattr(cache_module.CorrectionCache, "__init__", open_then_read_for_10_seconds)
    run("summary", "2026")
    monkeypatch.setattr(cache_module.CorrectionCache, "__init__", opened)
    monkeypatch.setattr(cache_module, "time", time)
    _edit_keeping_size_and_mtime(four.corrections / "T101-korrektion.yaml", "2026: 2.000", "2026: 7.000")
    _edit_keeping_size_and_mtime(
        four.corrections / "T101-korrektion.yaml", "netto:     {2026: 2.000", "netto:     {2026: 7.000"
    )
    assert run("summary", "2026") == run("--no-cache", "summary", "2026")
    assert "13,000" in run("summary", "2026").stdout


def test_cached_records_equal_validated_ones(four: Budget) -> None:
    four.write(
        "T105-finansieret.yaml",
        with_lines(
            _correction("T105"), fuldtidsstillinger="fuldtidsstillinger: {2026: 1.50, 2027: 0, 2028: 0, 2029: 0}"
        )
        + "finansiering:\n  - kilde: anlæg\n    reference: A108\n    beløb: {2026: -2.000}\n  - kilde: kassen\n",
    )
    fresh = load_dataset(four.data)
    load_dataset(four.data, cache=True)
    cached = load_dataset(four.data, cache=True)
    assert [e.correction for e in cached.entries] == [e.correction for e in fresh.entries]
    assert [repr(e.correction) for e in cached.entries] == [repr(e.correction) for e in fresh.entries]
    assert [e.correction.model_fields_set for e in cached.entries] == [
        e.correction.model_fields_set for e in fresh.entries
    ]
    assert [e.source.line_of(("finansiering", 0, "beløb", 2026)) for e in cached.entries] == [
        e.source.line_of(("finansiering", 0, "beløb", 2026)) for e in fresh.entries
    ]
    assert cached.diagnostics == fresh.diagnostics


def test_processes_at_once_each_see_a_whole_cache(four: Budget, own_cache: Path) -> None:
    for index in range(5, 40):
        four.write(f"T1{index:02d}-mange.yaml", _correction(f"T1{index:02d}"))
    expected = run("--no-cache", "summary", "2026")
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "budgetkorr", "summary", "2026"]
    processes = [
        subprocess.Popen(command, cwd=four.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert (process.returncode, stdout, stderr.decode()) == (0, expected.stdout_bytes, expected.stderr)
    assert len(_cache_files(own_cache)) == 1
    assert not list((own_cache / "budgetkorr").glob(".corrections-*"))  # no temporary file left behind
    assert run("summary", "2026") == expected


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes only on Linux and the BSDs")
def test_a_file_name_that_is_not_utf8_is_cached_too(
    four: Budget, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = os.fsdecode(b"T105-\xff.yaml")  # a surrogate in Python: written and read back as the byte it was
    four.write(name, _correction("T105"))
    fresh = run("--no-cache", "summary", "2026")
    parsed = _parsed(monkeypatch)
    cold = run("summary", "2026")
    assert len(parsed) == 5
    parsed.clear()
    warm = run("summary", "2026")
    assert parsed == []
    assert cold == warm == fresh

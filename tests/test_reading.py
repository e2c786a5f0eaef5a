"""Files that are not what they seem: special files named *.yaml, huge nesting in a real process, limits.

The cases that can live in git are folders in tests/cases/reading/; these need a FIFO, a device or a socket made
at run time, or a whole interpreter (a crash of the C stack only shows in a process of its own).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from budgetkorr import yamlread
from budgetkorr.yamlread import MAX_DEPTH, parse_yaml, read_yaml
from tests.conftest import VALID, Budget, run

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs, devices and sockets are POSIX")


@needs_posix
def test_a_fifo_named_yaml_is_named_at_once_never_read(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    os.mkfifo(budget.corrections / "T102-fifo.yaml")  # nobody ever writes to it: a read would block for ever
    started = time.monotonic()
    result = run("validate")
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "data/corrections/T102-fifo.yaml:1: (fil): er en FIFO (navngivet pipe), ikke en almindelig fil; "
        "kun almindelige filer læses"
    )


@needs_posix
def test_a_symlink_to_dev_zero_is_a_device_not_an_endless_file(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    (budget.corrections / "T102-zero.yaml").symlink_to("/dev/zero")
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "data/corrections/T102-zero.yaml:1: (fil): er en enhed, ikke en almindelig fil; kun almindelige filer læses"
    )


@needs_posix
def test_a_socket_named_yaml_is_named(budget: Budget) -> None:
    path = budget.corrections / "T102-s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        source, problems = read_yaml(path)
    finally:
        server.close()
    assert source is None
    assert [p.format() for p in problems] == [
        "data/corrections/T102-s.yaml:1: (fil): er en socket, ikke en almindelig fil; kun almindelige filer læses"
    ]


@needs_posix
def test_a_budget_yaml_that_is_a_fifo_is_not_called_missing(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    os.mkfifo(budget.data / "budget.yaml")
    result = run("check-targets")
    assert result.exit_code == 2
    assert "data/budget.yaml:1: (fil): er en FIFO (navngivet pipe), ikke en almindelig fil" in result.stderr


def test_a_dangling_symlink_can_not_be_read(budget: Budget) -> None:
    (budget.corrections / "T101-a.yaml").symlink_to(budget.root / "nowhere.yaml")
    source, problems = read_yaml(budget.corrections / "T101-a.yaml")
    assert source is None
    assert [p.format() for p in problems] == ["data/corrections/T101-a.yaml:1: (fil): kan ikke læses: findes ikke"]


@pytest.mark.parametrize(
    "nesting",
    ["[" * 50_000, "x:\n" + "".join(f"{' ' * i}- \n" for i in range(1, 1000))],
    # pytest 8.0 makes the whole text the id, and the id goes into the child's environment (PYTEST_CURRENT_TEST),
    # too long for the child to start
    ids=["brackets", "dashes"],
)
def test_deep_nesting_in_a_real_process_is_exit_2_not_a_crash(tmp_path: Path, nesting: str) -> None:
    data = tmp_path / "data"
    (data / "corrections").mkdir(parents=True)
    (data / "corrections" / "T101-deep.yaml").write_text(nesting, encoding="utf-8")
    (data / "udvalg.yaml").write_text("udvalg:\n  - navn: Økonomiudvalget\n    forkortelse: ØK\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "budgetkorr", "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr  # a SIGSEGV would be -11, a RecursionError 3
    assert f"indlejret mere end {MAX_DEPTH} niveauer" in result.stderr
    assert "Traceback" not in result.stderr


def test_deep_nesting_is_refused_at_its_level_without_libyaml_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML without libyaml composes in Python, one level of recursion per level of nesting: 600 levels, far
    # from the 1,000-`[` threshold for the C composer, exhausted the interpreter's stack
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    monkeypatch.delattr(yaml, "CBaseLoader", raising=False)
    yamlread._fast_loader.cache_clear()
    try:
        _, problems = parse_yaml(Path("a.yaml"), "nr: T101\nudgifter: " + "[" * 600 + "]" * 600 + "\n")
    finally:
        yamlread._fast_loader.cache_clear()

    assert [problem.format() for problem in problems] == [
        f"a.yaml:2:74: (fil): lister og mappings er indlejret mere end {MAX_DEPTH} niveauer; en korrektion behøver 4"
    ]

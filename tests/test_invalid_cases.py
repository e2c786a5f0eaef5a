"""Input as folders, a family of cases per folder: tests/cases/<family>/<case>/ holds the files and what is expected.

The families: `invalid` (a rule of the file format), `reading` (files that are not what they seem: depth, size,
control characters, the other files of the data folder), `values` (numbers, years and names that could be
misread), `output` (text from files that tries to act on a terminal, a CI log, a spreadsheet or a markdown
page) and `all-at-once` (every problem of every file in one run, at its line).

A case folder has `corrections/` (the correction files of the case; none is an empty folder), optionally the
data folder's other files (`udvalg.yaml`, else the shipped one; `budget.yaml`, `targets.yaml`,
`prisniveau.yaml`), optionally `args` (the command line, one argument per line; default `validate`),
`expected.stderr`, optionally `expected.stdout` (default: nothing) and `expected.exit` (default 2). The case is
copied to data/ in a fresh folder and run there. A new bug report becomes a new folder.
Refresh the expected files (then review the diff) with: pytest tests/test_invalid_cases.py --refresh-expected
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, run

CASES = Path(__file__).parent / "cases"
DATA_FILES = ("udvalg.yaml", "budget.yaml", "targets.yaml", "prisniveau.yaml")


def cases() -> list[Path]:
    return sorted(case for family in CASES.iterdir() if family.is_dir() for case in family.iterdir() if case.is_dir())


def command_line(case: Path) -> list[str]:
    return (case / "args").read_text(encoding="utf-8").splitlines() if (case / "args").exists() else ["validate"]


def set_up(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The case's files copied to tmp_path/data, and tmp_path made the working directory."""
    data = tmp_path / "data"
    if (case / "corrections").is_dir():
        shutil.copytree(case / "corrections", data / "corrections")
    else:
        (data / "corrections").mkdir(parents=True)
    for name in DATA_FILES:
        if (case / name).exists():
            shutil.copy(case / name, data / name)
    if not (data / "udvalg.yaml").exists():
        shutil.copy(SHIPPED_DATA / "udvalg.yaml", data / "udvalg.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    set_up(case, tmp_path, monkeypatch)

    result = run(*command_line(case))

    expected_exit = int((case / "expected.exit").read_text()) if (case / "expected.exit").exists() else 2
    stdout = case / "expected.stdout"
    stderr = case / "expected.stderr"
    if request.config.getoption("--refresh-expected"):
        stderr.write_text(result.stderr, encoding="utf-8")
        if result.stdout or stdout.exists():
            stdout.write_text(result.stdout, encoding="utf-8")
    assert result.exit_code == expected_exit
    assert result.stdout == (stdout.read_text(encoding="utf-8") if stdout.exists() else "")
    assert result.stderr == stderr.read_text(encoding="utf-8")

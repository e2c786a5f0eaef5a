"""Invalid input as folders: tests/cases/invalid/<case>/ holds the files and the exact stderr expected.

Each case folder has `corrections/` (the files of the case), optionally its own `udvalg.yaml`, and
`expected.stderr`. The case is copied to data/ in a fresh folder, `budgetkorr validate` runs there, and its
exit code must be 2 and its stderr exactly the expected text. A new bug report becomes a new folder.
Refresh the expected files (then review the diff) with: pytest tests/test_invalid_cases.py --refresh-expected
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, run

CASES = Path(__file__).parent / "cases" / "invalid"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_invalid_case(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    data = tmp_path / "data"
    shutil.copytree(case / "corrections", data / "corrections")
    committees = case / "udvalg.yaml"
    shutil.copy(committees if committees.exists() else SHIPPED_DATA / "udvalg.yaml", data / "udvalg.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)

    result = run("validate")

    expected = case / "expected.stderr"
    if request.config.getoption("--refresh-expected"):
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected.read_text(encoding="utf-8")

"""budgetkorr as a library: the documented example runs, the values equal what the command line prints, the
functions print nothing, and loading again and again keeps no memory."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import budgetkorr
from tests.conftest import REPO, SHIPPED_DATA

BUDGETKORR = Path(sys.executable).parent / "budgetkorr"
STRAM_KASSE = REPO / "examples" / "stram-kasse"


def cli_json(*args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([str(BUDGETKORR), *args, "--format", "json"], capture_output=True, text=True, cwd=REPO)
    loaded: dict[str, Any] = json.loads(done.stdout, parse_float=Decimal)
    return done.returncode, loaded


def test_the_documented_example_runs_as_written() -> None:
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "docs" / "library.md").read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=REPO)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
@pytest.mark.parametrize(("year", "by"), [(None, "udvalg"), (2026, "udvalg"), (2027, "korrektion")])
def test_summary_is_what_the_command_line_prints(folder: Path, year: int | None, by: str) -> None:
    args = ["summary", *([str(year)] if year else []), "--by", by, "--data", str(folder)]
    code, printed = cli_json(*args)
    found = budgetkorr.summary(budgetkorr.load(folder), year=year, by=by)  # type: ignore[arg-type]
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
@pytest.mark.parametrize("strict", [False, True])
def test_check_targets_is_what_the_command_line_prints(folder: Path, strict: bool) -> None:
    code, printed = cli_json("check-targets", *(["--strict"] if strict else []), "--data", str(folder))
    found = budgetkorr.check_targets(budgetkorr.load(folder), strict=strict)
    assert found.as_json() == printed
    assert code == (0 if found.met else 1)


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
def test_corrections_is_what_list_prints(folder: Path) -> None:
    code, printed = cli_json("list", "--data", str(folder))
    found = budgetkorr.corrections(budgetkorr.load(folder))
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


def test_appendix_is_what_report_writes() -> None:
    from budgetkorr.render.report_markdown import render_markdown

    done = subprocess.run(
        [str(BUDGETKORR), "report", "--format", "markdown", "--data", str(SHIPPED_DATA)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    found = budgetkorr.appendix(budgetkorr.load(SHIPPED_DATA))
    assert (done.returncode, found.ok) == (0, True)
    assert found.report is not None
    assert render_markdown(found.report) == done.stdout


def test_compare_is_what_diff_prints() -> None:
    code, printed = cli_json("diff", "--data-base", str(STRAM_KASSE), "--data", str(SHIPPED_DATA))
    found = budgetkorr.compare(budgetkorr.load(STRAM_KASSE), budgetkorr.load(SHIPPED_DATA))
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


def test_a_selection_is_one_value_and_its_problem_a_diagnostic(capsys: pytest.CaptureFixture[str]) -> None:
    data = budgetkorr.load(SHIPPED_DATA)
    assert_ok, printed = cli_json("summary", "--udvalg", "ØK", "--prisniveau", "2025", "--data", str(SHIPPED_DATA))
    committee = next(c for c in data.committees if c.abbreviation == "ØK")
    chosen = budgetkorr.Selection(committee=committee, price_level=2025)
    assert assert_ok == 0
    assert budgetkorr.summary(data, selection=chosen).as_json() == printed
    empty = budgetkorr.summary(data, year=1999)
    assert not empty.ok
    assert [d.message for d in empty.diagnostics if d.is_error] == [
        "ingen korrektion dækker 1999; korrektionerne dækker 2026–2029"
    ]
    assert capsys.readouterr() == ("", "")  # the library prints nothing, whatever it finds


def test_an_invalid_folder_is_diagnostics_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "T101-x.yaml").write_text("nr: T101\n", encoding="utf-8")
    data = budgetkorr.load(tmp_path)
    assert not data.ok
    values = (budgetkorr.summary(data), budgetkorr.corrections(data), budgetkorr.check_targets(data))
    for value in (*values, budgetkorr.compare(data, data)):
        assert not value.ok
        assert value.as_json()["fejl"]
    assert not budgetkorr.appendix(data).ok


# 200 calls of budgetkorr.load in one process: tests/test_side_effects.py (less than 10 MB kept).

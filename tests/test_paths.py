"""Paths are bytes the user owns: a data folder or a file whose name is not UTF-8 is shown escaped in every output,
never dropped and never a crash (Python holds such a byte as a lone surrogate, which no output can encode)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, run

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="a file name is any bytes only on Linux and the BSDs"
)

FOLDER = os.fsdecode(b"budget-\xf8")  # 0xF8 is ø in Latin-1, and not UTF-8
FILE = os.fsdecode(b"T101-digital-\xf8.yaml")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data in a folder whose name is not UTF-8, T101 in a file whose name is not either."""
    folder = tmp_path / FOLDER / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    (folder / "corrections" / "T101-digital-udvikling-kombit-projekter.yaml").rename(folder / "corrections" / FILE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return folder


def workbook_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml"))


def test_the_report_in_every_format(data: Path, tmp_path: Path) -> None:
    """The report names no folder (its first page is for the committee), so the folder's name is in none of them."""
    markdown = run("report", "--format", "markdown", "--data", str(data))
    assert markdown.exit_code == 0, markdown.stderr
    assert "budget-" not in markdown.stdout
    html = run("report", "--format", "html", "--data", str(data), "--output", "bilag.html")
    assert html.exit_code == 0, html.stderr
    assert "budget-" not in (tmp_path / "bilag.html").read_text(encoding="utf-8")
    word = run("report", "--format", "docx", "--data", str(data), "--output", "bilag.docx")
    assert word.exit_code == 0, word.stderr
    assert "budget-" not in workbook_text(tmp_path / "bilag.docx")


def test_summary_and_list_as_workbooks(data: Path, tmp_path: Path) -> None:
    summary = run("summary", "--format", "xlsx", "--output", "oversigt.xlsx", "--data", str(data))
    assert summary.exit_code == 0, summary.stderr
    assert "budget-" not in workbook_text(tmp_path / "oversigt.xlsx")  # its Kilde sheet names no folder
    listed = run("list", "--format", "xlsx", "--output", "liste.xlsx", "--data", str(data))
    assert listed.exit_code == 0, listed.stderr
    assert "corrections/T101-digital-\\xf8.yaml" in workbook_text(tmp_path / "liste.xlsx")


def test_list_as_text_json_and_csv_and_a_diagnostic(data: Path) -> None:
    listed = json.loads(run("list", "--format", "json", "--data", str(data)).stdout)
    assert "corrections/T101-digital-\\xf8.yaml" in [row["fil"] for row in listed["korrektioner"]]
    assert "corrections/T101-digital-\\xf8.yaml" in run("list", "--format", "csv", "--data", str(data)).stdout
    (data / "corrections" / FILE).write_text("nr: T101\n", encoding="utf-8")
    result = run("validate", "--data", str(data))
    assert result.exit_code == 2
    assert "budget-\\xf8/data/corrections/T101-digital-\\xf8.yaml:1: " in result.stderr


def test_a_file_name_with_control_characters_is_shown_escaped(data: Path) -> None:
    (data / "corrections" / FILE).rename(data / "corrections" / "T101-\x1b[31m\x0b.yaml")
    listed = run("list", "--format", "csv", "--data", str(data))
    assert listed.exit_code == 0, listed.stderr
    assert "corrections/T101-\\x1b[31m\\x0b.yaml" in listed.stdout
    assert "\x1b" not in listed.stdout

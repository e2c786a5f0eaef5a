"""`--format xlsx` and `--layout wide`: the workbook read back cell by cell against the CSV of the same view."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VALID, Budget, run, with_lines


def _workbook(tmp_path: Path, *args: str) -> Any:
    import openpyxl

    target = tmp_path / "ark.xlsx"
    result = run(*args, "--format", "xlsx", "--output", str(target))
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout == ""
    return openpyxl.load_workbook(target)


def _csv_rows(*args: str) -> list[list[str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code in (0, 1), result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def _same(sheet: Any, rows: list[list[str]]) -> None:
    """Every cell equals the CSV's: numbers as numeric cells of the same value, text as the same text."""
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(cells) == len(rows)
    for r, (got, want) in enumerate(zip(cells, rows, strict=True)):
        assert len(got) == len(want), r
        for c, (value, text) in enumerate(zip(got, want, strict=True)):
            where = f"{sheet.title}!{r + 1}:{c + 1} {rows[0][c]}"
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert Decimal(repr(value)) == Decimal(text), where  # a number, never text that looks like one
            elif value is None:
                assert text == "", where
            else:
                assert value == text, where
                assert not _looks_numeric(text), f"{where}: a number written as text"


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() != ""


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_summary_workbook_equals_the_csv_of_each_view(shipped: Path, tmp_path: Path, layout: str) -> None:
    book = _workbook(tmp_path, "summary", "--layout", layout)
    assert book.sheetnames == ["Udvalg", "Korrektioner", "Kilde"]
    _same(book["Udvalg"], _csv_rows("summary", "--layout", layout))
    _same(book["Korrektioner"], _csv_rows("summary", "--by", "korrektion", "--layout", layout))


def test_summary_by_correction_puts_its_sheet_first(shipped: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path, "summary", "2026", "--by", "korrektion", "--udvalg", "BUU")
    assert book.sheetnames == ["Korrektioner", "Udvalg", "Kilde"]
    _same(
        book["Korrektioner"], _csv_rows("summary", "2026", "--by", "korrektion", "--udvalg", "BUU", "--layout", "wide")
    )


def test_targets_and_list_workbooks_equal_their_csv(shipped: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path, "check-targets")
    assert book.sheetnames == ["Mål", "Kilde"]
    _same(book["Mål"], _csv_rows("check-targets", "--layout", "wide"))
    long = _workbook(tmp_path / "long", "check-targets", "--layout", "long")
    _same(long["Mål"], _csv_rows("check-targets"))
    listed = _workbook(tmp_path / "list", "list")
    _same(listed["Korrektioner"], _csv_rows("list"))


def test_the_workbook_is_laid_out_for_work(shipped: Path, tmp_path: Path) -> None:
    sheet = _workbook(tmp_path, "summary")["Udvalg"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert all(cell.font.bold for cell in sheet[1])
    header = [cell.value for cell in sheet[1]]
    netto = sheet.cell(row=2, column=header.index("netto_2026") + 1)
    assert netto.data_type == "n"
    assert netto.number_format == "#,##0.000"
    positions = sheet.cell(row=2, column=header.index("fuldtidsstillinger_2026") + 1)
    assert positions.number_format == "#,##0.00"
    name_width = sheet.column_dimensions["A"].width
    assert name_width >= len("Børne- og ungdomsudvalget")


def test_kilde_names_data_selection_price_level_and_version(shipped: Path, tmp_path: Path) -> None:
    from budgetkorr import __version__

    book = _workbook(tmp_path, "summary", "2026", "--udvalg", "ØK")
    kilde = list(book["Kilde"].iter_rows(min_row=2, values_only=True))
    assert ("data", "data") in kilde
    assert ("omfang", "Budget 2026; udvalgt: status forslag, godkendt; udvalg ØK") in kilde
    assert any(key == "omfang" and str(value).startswith("Prisniveau: blandede: 2026-priser") for key, value in kilde)
    assert ("budgetkorr-version", __version__) in kilde
    assert ("layout", "wide") in kilde
    targets = dict(_workbook(tmp_path / "t", "check-targets")["Kilde"].iter_rows(min_row=2, values_only=True))
    assert str(targets["kilde"]).startswith("ILLUSTRATIVE")  # budget.yaml's kilde


def test_text_from_the_files_is_text_never_a_formula(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, titel='titel: "=HYPERLINK(\\"http://x\\";\\"klik\\")"'))
    sheet = _workbook(tmp_path, "summary", "--by", "korrektion")["Korrektioner"]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("titel") + 1)
    assert title.data_type == "s"
    assert title.value == '=HYPERLINK("http://x";"klik")'  # as written, and shown as text


def test_xlsx_needs_output_and_others_refuse_it(shipped: Path, tmp_path: Path) -> None:
    result = run("summary", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--output" in result.stderr
    result = run("summary", "--format", "csv", "--output", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert "xlsx" in result.stderr
    target = tmp_path / "ark.xlsx"
    target.write_bytes(b"kept")
    result = run("summary", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 2
    assert target.read_bytes() == b"kept"


def test_wide_csv_has_one_row_per_committee_with_the_years_as_columns(shipped: Path) -> None:
    long = list(csv.DictReader(io.StringIO(run("summary", "--format", "csv").stdout)))
    wide = list(csv.DictReader(io.StringIO(run("summary", "--format", "csv", "--layout", "wide").stdout)))
    assert [row["udvalg"] for row in wide] == ["Økonomiudvalget", "Børne- og ungdomsudvalget"]
    for row in long:
        match = next(w for w in wide if w["udvalg"] == row["udvalg"])
        for column in ("netto", "udgifter", "fuldtidsstillinger", "netto_indenfor"):
            assert match[f"{column}_{row['år']}"] == row[column]


def test_wide_leaves_a_year_a_correction_lacks_empty(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    later = with_lines(
        VALID,
        nr="nr: T102",
        udgifter="udgifter:  {2027: 1.000, 2028: 1.000, 2029: 1.000}",
        indtægter="indtægter: {2027: 0.000, 2028: 0.000, 2029: 0.000}",
        netto="netto:     {2027: 1.000, 2028: 1.000, 2029: 1.000}",
        fuldtidsstillinger="fuldtidsstillinger: {2027: 0, 2028: 0, 2029: 0}",
    )
    budget.write("T102-b.yaml", later)
    rows = list(
        csv.DictReader(io.StringIO(run("summary", "--by", "korrektion", "-f", "csv", "--layout", "wide").stdout))
    )
    t102 = next(row for row in rows if row["nr"] == "T102")
    assert t102["netto_2026"] == ""
    assert t102["netto_2027"] == "1.000"


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_reads_the_workbook(shipped: Path, tmp_path: Path) -> None:
    """Another spreadsheet program opens the workbook: LibreOffice converts its first sheet to CSV."""
    target = tmp_path / "ark.xlsx"
    assert run("summary", "--format", "xlsx", "--output", str(target)).exit_code == 0
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quotes, UTF-8
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", utf8_csv,
         "--outdir", str(tmp_path / "out"), str(target)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = list(csv.reader(io.StringIO((tmp_path / "out" / "ark.csv").read_text(encoding="utf-8"))))
    ours = _csv_rows("summary", "--layout", "wide")
    assert converted[0] == ours[0]
    for got, want in zip(converted[1:], ours[1:], strict=True):
        for a, b in zip(got, want, strict=True):
            if _looks_numeric(b):
                assert Decimal(a.replace(",", "")) == Decimal(b)  # shown with the three-decimal format
            else:
                assert a == b

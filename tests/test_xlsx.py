"""`--format xlsx` and `--layout wide`: the workbook read back cell by cell against the CSV of the same view, under
Danish headings, with I alt rows that add up, the Finansiering and Kilde sheets, and a print set-up for A4."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUDGET, TARGETS, TWO_YEARS, VALID, Budget, run, with_lines


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


def _same(sheet: Any, rows: list[list[str]]) -> list[tuple[Any, ...]]:
    """Every cell equals the CSV's, under the column's Danish heading: numbers as numeric cells of the same value,
    text as the same text; the CSV's columns that say what it is made from (budgetår, udvalgt) are on the Kilde
    sheet instead. Returns the sheet's rows after the CSV's: its I alt rows."""
    from budgetkorr.render.records import SCOPE_COLUMNS
    from budgetkorr.render.xlsx import heading

    kept = [c for c, name in enumerate(rows[0]) if name not in SCOPE_COLUMNS]
    rows = [[row[c] for c in kept] for row in rows]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == [heading(name) for name in rows[0]]
    for r, (got, want) in enumerate(zip(cells[1 : len(rows)], rows[1:], strict=True), start=1):
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
    totals = [tuple(row) for row in cells[len(rows) :]]
    assert all(row[0] == "I alt" for row in totals), sheet.title
    return totals


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() != ""


@pytest.mark.parametrize("layout", ["wide", "long"])
def test_summary_workbook_equals_the_csv_of_each_view(shipped: Path, tmp_path: Path, layout: str) -> None:
    book = _workbook(tmp_path, "summary", "--layout", layout)
    assert book.sheetnames == ["Udvalg", "Korrektioner", "Finansiering", "Kilde"]
    totals = _same(book["Udvalg"], _csv_rows("summary", "--layout", layout))
    assert len(totals) == (1 if layout == "wide" else 4)  # one I alt row, or one a year
    totals = _same(book["Korrektioner"], _csv_rows("summary", "--by", "korrektion", "--layout", layout))
    assert len(totals) == (1 if layout == "wide" else 4)


def test_summary_by_correction_puts_its_sheet_first(shipped: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path, "summary", "2026", "--by", "korrektion", "--udvalg", "BUU")
    assert book.sheetnames == ["Korrektioner", "Udvalg", "Finansiering", "Kilde"]
    _same(
        book["Korrektioner"], _csv_rows("summary", "2026", "--by", "korrektion", "--udvalg", "BUU", "--layout", "wide")
    )


def test_targets_and_list_workbooks_equal_their_csv(shipped: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path, "check-targets")
    assert book.sheetnames == ["Mål", "Kilde"]
    assert _same(book["Mål"], _csv_rows("check-targets", "--layout", "wide")) == []  # no sum of targets' margins
    long = _workbook(tmp_path / "long", "check-targets", "--layout", "long")
    _same(long["Mål"], _csv_rows("check-targets"))
    listed = _workbook(tmp_path / "list", "list")
    assert _same(listed["Korrektioner"], _csv_rows("list")) == []  # a list has no amounts to add up


@pytest.mark.parametrize("layout", ["wide", "long"])
@pytest.mark.parametrize("by", ["udvalg", "korrektion"])
def test_the_i_alt_row_is_the_sum_of_the_rows_above_it(shipped: Path, tmp_path: Path, layout: str, by: str) -> None:
    """Each amount of an I alt row is a number (not a formula) equal to the sum of the rows above it (in the long
    layout, those of its year), and it is `summary`'s own total."""
    sheet = _workbook(tmp_path, "summary", "--by", by, "--layout", layout)[
        "Udvalg" if by == "udvalg" else "Korrektioner"
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, body = rows[0], [row for row in rows[1:] if row[0] != "I alt"]
    totals = [row for row in rows[1:] if row[0] == "I alt"]
    assert totals == rows[len(rows) - len(totals) :]  # the I alt rows come last
    year = header.index("År") if "År" in header else None
    checked = 0
    for total in totals:
        parts = [row for row in body if year is None or row[year] == total[year]]
        for c, name in enumerate(header):
            skipped = name in ("År", "Prisniveau", "Prisniveau i filen") or name.startswith(
                ("Prisniveau ", "Foreløbig")
            )
            if skipped or not all(isinstance(row[c], int | float) for row in parts):
                continue
            assert isinstance(total[c], int | float), name  # a number, not a formula
            assert sum(Decimal(repr(row[c])) for row in parts) == Decimal(repr(total[c])), name
            checked += 1
    assert checked >= 7 * len(totals)
    json_totals = json.loads(run("summary", "--by", by, "--format", "json").stdout)["i_alt"]
    for total in totals:
        years = [str(total[year])] if year is not None else [str(t["år"]) for t in json_totals]
        for each in json_totals:
            if str(each["år"]) in years:
                column = "Netto" if year is not None else f"Netto {each['år']}"
                assert Decimal(repr(total[header.index(column)])) == Decimal(str(each["netto"]))


def test_headings_are_danish_words_and_csv_keeps_the_machine_names(shipped: Path, tmp_path: Path) -> None:
    summary = _workbook(tmp_path, "summary")
    udvalg = [cell.value for cell in summary["Udvalg"][1]]
    assert "Netto indenfor servicerammen 2027" in udvalg
    assert "Fuldtidsstillinger 2026" in udvalg
    targets = [cell.value for cell in _workbook(tmp_path / "t", "check-targets")["Mål"][1]]
    assert "Før, gennemsnit" in targets
    assert "Margin 2029" in targets
    for book in (summary, _workbook(tmp_path / "l", "list"), _workbook(tmp_path / "k", "check-targets")):
        for sheet in book:
            for cell in sheet[1]:
                assert "_" not in str(cell.value), f"{sheet.title}: {cell.value}"
    assert ",netto_indenfor_2027," in run("summary", "--format", "csv", "--layout", "wide").stdout  # for scripts


def test_the_finansiering_sheet_is_the_summarys_financing(shipped: Path, tmp_path: Path) -> None:
    """A row per line of `summary`'s financing table, the years as columns, the same figures as JSON's
    `finansiering`; the four sources add up to the corrections' netto."""
    sheet = _workbook(tmp_path, "summary")["Finansiering"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    financing = json.loads(run("summary", "--format", "json").stdout)["finansiering"]
    assert rows[0] == ["Post", *(str(year["år"]) for year in financing)]
    labels = [row[0] for row in rows[1:]]
    assert labels[0] == "Korrektionernes netto (brutto)"
    assert labels[4] == "Finansieret af kassen (resten)"
    keys = ["netto", "fra_anlæg", "fra_drift", "fra_indtægter", "fra_kassen", "netto_drift"]
    for row, key in zip(rows[1:], keys, strict=False):
        assert [Decimal(repr(value)) for value in row[1:]] == [Decimal(str(year[key])) for year in financing], key
    for c in range(1, len(rows[0])):
        netto, *sources = (Decimal(repr(rows[r][c])) for r in range(1, 6))
        assert sum(sources) == netto
    assert all(cell.number_format == "#,##0.000" for cell in sheet[2][1:])


def test_kilde_says_in_danish_what_the_workbook_is_made_from(budget: Budget, tmp_path: Path) -> None:
    """The municipality, the budget, the selection and the price level in sentences, and the rates; nothing names
    the data folder."""
    from budgetkorr import __version__

    budget.write("T101-a.yaml", with_lines(TWO_YEARS, prisniveau="prisniveau: 2025"))
    budget.write("T102-b.yaml", with_lines(TWO_YEARS, nr="nr: T102") + "foreløbig: true\n")
    budget.write("T103-c.yaml", with_lines(TWO_YEARS, nr="nr: T103"))
    budget.write_data("budget.yaml", "kommune: Ærø Kommune\n" + BUDGET)
    budget.write_data("targets.yaml", TARGETS)
    budget.write_data("prisniveau.yaml", "kilde: KL's pris- og lønskøn, juni 2025\nsatser:\n  2025: 2.9\n")
    book = _workbook(tmp_path, "summary", "--without", "T103")
    rows = [tuple(row) for row in book["Kilde"].iter_rows(values_only=True)]
    assert rows[0] == ("Emne", "Tekst")
    kilde = dict(rows[1:])
    assert kilde["Kommune"] == "Ærø Kommune"
    assert kilde["Budget"] == "Budget 2026 og overslagsårene."
    assert kilde["Udvalgt"] == "Alle forslag og godkendte korrektioner, undtagen T103."
    assert kilde["Prisniveau"] == (
        "Alle beløb er i 2026-priser. T101 er omregnet fra 2025-priser med 2025→2026 2,9 % (faktor 1,029). "
        "Hvert omregnet beløb er afrundet til 1.000 kr."
    )
    assert kilde["Satser"] == "Pris- og lønsatserne er 2025→2026 2,9 %. Kilde: KL's pris- og lønskøn, juni 2025."
    assert kilde["Foreløbige"] == "Tallene for T102 er foreløbige, ikke endelige."
    assert kilde["Dannet af"] == f"budgetkorr {__version__}, ud fra korrektionsfilerne."
    assert "Opstilling" in kilde
    text = " ".join(str(value) for row in rows for value in row)
    assert str(tmp_path) not in text
    assert "data" not in kilde.values()
    targets = dict(_workbook(tmp_path / "t", "check-targets")["Kilde"].iter_rows(min_row=2, values_only=True))
    assert targets["Hovedoversigten"] == "Test figures"  # budget.yaml's kilde


def test_the_selection_and_price_level_in_plain_danish() -> None:
    from budgetkorr.core.prices import Conversion
    from budgetkorr.core.selection import Selection
    from budgetkorr.models import Committee
    from budgetkorr.render.wording import price_sentences, selection_sentence

    committee = Committee(navn="Økonomiudvalget", forkortelse="ØK")
    assert selection_sentence(Selection()) == "Alle forslag og godkendte korrektioner."
    assert selection_sentence(Selection(("godkendt",), committee)) == (
        "Alle godkendte korrektioner under Økonomiudvalget."
    )
    assert selection_sentence(Selection(only=("T101", "T105", "T109"))) == (
        "Alle forslag og godkendte korrektioner, kun T101, T105 og T109."
    )
    everything = Selection(("afvist", "forslag", "godkendt"), without=("T109",))
    assert selection_sentence(everything) == "Alle forslag, godkendte og afviste korrektioner, undtagen T109."
    assert selection_sentence(Selection(baseline=True)).startswith("Ingen korrektioner")
    as_written = Conversion(2026, {"T101": Decimal(1)}, ())
    assert price_sentences(as_written) == (
        "Alle beløb er i 2026-priser.",
        "Intet beløb er omregnet: de står, som de er skrevet.",
    )
    missing = Conversion(2026, {}, (("T106", 2025, (2025,)),), {"T106": 2025})
    assert price_sentences(missing) == (
        "Beløbene er i 2026-priser, undtagen dem i T106, som står som skrevet.",
        "T106 er i 2025-priser og er ikke omregnet, fordi satsen for 2025→2026 mangler.",
    )


def _print(sheet: Any) -> tuple[object, ...]:
    setup = sheet.page_setup
    return (setup.orientation, setup.paperSize, sheet.sheet_properties.pageSetUpPr.fitToPage, setup.fitToHeight)


def test_every_sheet_prints_on_a4_landscape_with_its_header_row_on_each_page(shipped: Path, tmp_path: Path) -> None:
    books = {
        "wide": _workbook(tmp_path, "summary"),
        "long": _workbook(tmp_path / "long", "summary", "--layout", "long"),
        "targets": _workbook(tmp_path / "t", "check-targets"),
        "list": _workbook(tmp_path / "l", "list"),
    }
    for book in books.values():
        for sheet in book:
            assert _print(sheet) == ("landscape", 9, True, 0), sheet.title  # A4 is paper size 9
            assert sheet.print_title_rows == "$1:$1", sheet.title
            assert sheet.freeze_panes == "A2", sheet.title
            assert all(cell.font.bold for cell in sheet[1])
            assert sheet.oddFooter.right.text == "Side &P af &N"
    one_page_wide = [
        books["wide"]["Finansiering"],
        books["wide"]["Kilde"],
        books["long"]["Udvalg"],
        books["long"]["Korrektioner"],
        books["list"]["Korrektioner"],
    ]
    assert [sheet.page_setup.fitToWidth for sheet in one_page_wide] == [1] * 5
    # every measure of every year as a column: as few pages across as keep it readable, each naming its rows
    for wide, names in ((books["wide"]["Udvalg"], "$A:$B"), (books["targets"]["Mål"], "$A:$C")):
        assert wide.page_setup.fitToWidth > 1
        assert wide.print_title_cols == names  # udvalg, forkortelse; mål-id, mål, prisniveau


def test_the_workbook_is_laid_out_for_work(shipped: Path, tmp_path: Path) -> None:
    sheet = _workbook(tmp_path, "summary")["Udvalg"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions[:-1] + "3"  # the two committees, not the I alt row below
    assert all(cell.font.bold for cell in sheet[1])
    assert all(cell.font.bold for cell in sheet[4])  # I alt
    header = [cell.value for cell in sheet[1]]
    netto = sheet.cell(row=2, column=header.index("Netto 2026") + 1)
    assert netto.data_type == "n"
    assert netto.number_format == "#,##0.000"
    positions = sheet.cell(row=2, column=header.index("Fuldtidsstillinger 2026") + 1)
    assert positions.number_format == "#,##0.00"
    name_width = sheet.column_dimensions["A"].width
    assert name_width >= len("Børne- og ungdomsudvalget")


def test_text_from_the_files_is_text_never_a_formula(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, titel='titel: "=HYPERLINK(\\"http://x\\";\\"klik\\")"'))
    sheet = _workbook(tmp_path, "summary", "--by", "korrektion")["Korrektioner"]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("Titel") + 1)
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
    from budgetkorr.render.records import SCOPE_COLUMNS
    from budgetkorr.render.xlsx import heading

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
    kept = [c for c, name in enumerate(ours[0]) if name not in SCOPE_COLUMNS]
    ours = [[row[c] for c in kept] for row in ours]
    assert converted[0] == [heading(name) for name in ours[0]]  # under its Danish headings
    assert converted[-1][0] == "I alt"
    for got, want in zip(converted[1:-1], ours[1:], strict=True):
        for a, b in zip(got, want, strict=True):
            if _looks_numeric(b):
                assert Decimal(a.replace(",", "")) == Decimal(b)  # shown with the three-decimal format
            else:
                assert a == b


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
def test_libreoffice_prints_the_workbook_on_a4_landscape(shipped: Path, tmp_path: Path) -> None:
    """Printed by another program (LibreOffice to PDF): every page A4 landscape, headed by its sheet's name and
    numbered, the Danish headings, the I alt rows and the Kilde sentences on them."""
    from pypdf import PdfReader

    target = tmp_path / "ark.xlsx"
    assert run("summary", "--format", "xlsx", "--output", str(target)).exit_code == 0
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "out"), str(target)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pages = PdfReader(tmp_path / "out" / "ark.pdf").pages
    assert {(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in pages} == {(842, 595)}
    text = "\n".join(page.extract_text() for page in pages)
    assert f"Side {len(pages)} af {len(pages)}" in text
    for words in ("Udvalg", "Netto", "I alt", "Finansieret af kassen (resten)", "Alle forslag og godkendte"):
        assert words in text, words

"""`budgetkorr export` and the workbook read back by `budgetkorr import`: there and back gives the same files, an
edit comes through, and every problem is named at its sheet and cell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkorr.core.entry import Entry
from budgetkorr.core.workbook import CORRECTIONS, FINANCING, HEADINGS, TEXTS, sheet_columns
from budgetkorr.importers.workbook import read_workbook
from budgetkorr.models import Committee, Correction, fields_of
from budgetkorr.models.values import MAX_AMOUNT
from budgetkorr.render.workbook import EXPLANATIONS, render_workbook
from budgetkorr.yamlread import YamlFile, parse_yaml
from budgetkorr.yamlwrite import correction_yaml
from tests.conftest import SHIPPED_DATA, VALID, Budget, run, with_lines
from tests.test_import import valid_corrections

SHIPPED = sorted((SHIPPED_DATA / "corrections").glob("*.yaml"))


def _without_comments(text: str) -> str:
    """The file as the model reads it, byte for byte: every comment line dropped (the schema line, a note)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def _export(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "korrektioner.xlsx"
    result = run("export", "--output", str(target), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return target


def _import(workbook: Path, out: Path) -> Any:
    return run("import", str(workbook), "--out", str(out), "--data", str(SHIPPED_DATA))


def _book(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path)


def _column(sheet: Any, heading: str) -> int:
    return int(next(cell.column for cell in sheet[1] if cell.value == heading))


def _row(sheet: Any, number: str) -> int:
    return int(next(cell.row for cell in sheet["A"] if cell.value == number))


def test_export_then_import_gives_the_shipped_files_back(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    result = _import(workbook, tmp_path / "tilbage")
    assert result.exit_code == 0, result.stderr
    assert "9 af 9 skemaer skrevet" in result.stderr
    # what `show` then `import` writes today, from the same corrections
    shown = tmp_path / "forms.txt"
    shown.write_text(run("show", *(path.name[:4] for path in SHIPPED)).stdout, encoding="utf-8")
    assert run("import", str(shown), "--out", str(tmp_path / "vist")).exit_code == 0
    for original in SHIPPED:
        back = _without_comments((tmp_path / "tilbage" / original.name).read_text(encoding="utf-8"))
        assert back == _without_comments(original.read_text(encoding="utf-8"))
        assert back == _without_comments((tmp_path / "vist" / original.name).read_text(encoding="utf-8"))


def test_a_changed_amount_comes_through(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    row = _row(sheet, "T102")
    for heading, value in (("Udgifter 2027", 1.25), ("Netto 2027", 1.25), ("Titel", "Licenser, nyt navn")):
        sheet.cell(row=row, column=_column(sheet, heading)).value = value
    book[TEXTS].cell(row=_row(book[TEXTS], "T102"), column=_column(book[TEXTS], "Baggrund")).value = "Ny baggrund."
    book.save(workbook)
    assert _import(workbook, tmp_path / "ud").exit_code == 0
    (written,) = (tmp_path / "ud").glob("T102-*.yaml")
    assert written.name == "T102-licenser-nyt-navn.yaml"
    text = written.read_text(encoding="utf-8")
    assert "udgifter:           {2026: 0.880, 2027: 1.250, 2028: 0.880, 2029: 0.880}\n" in text
    assert "titel: Licenser, nyt navn\n" in text
    assert "baggrund: |-\n  Ny baggrund.\n" in text


def test_text_in_an_amount_cell_is_exit_2_at_its_sheet_and_cell(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    cell = sheet.cell(row=_row(sheet, "T102"), column=_column(sheet, "Udgifter 2027"))
    cell.value = "1,5"
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    assert cell.coordinate == "J3"
    assert (
        "korrektioner.xlsx:Korrektioner!J3: T102 udgifter.2027: 1,5 er tekst, ikke et tal; skriv tallet i cellen "
        "som et tal (en celle formateret som tekst gemmer det som tekst)\n"
    ) in result.stderr
    assert "8 af 9 skemaer skrevet" in result.stderr
    written = sorted(path.name[:4] for path in (tmp_path / "ud").iterdir())
    assert written == sorted(path.name[:4] for path in SHIPPED if not path.name.startswith("T102"))


def test_a_formula_without_a_stored_value_is_refused_at_its_cell(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    row = _row(sheet, "T105")
    sheet.cell(row=row, column=_column(sheet, "Netto 2026")).value = "=I6+M6"  # openpyxl stores no value
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    assert "korrektioner.xlsx:Korrektioner!Q6: T105 netto.2026: formlen =I6+M6 har ingen gemt værdi" in result.stderr
    assert not list((tmp_path / "ud").glob("T105-*"))


def test_more_decimals_than_the_file_holds_are_refused_not_rounded(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    sheet.cell(row=_row(sheet, "T104"), column=_column(sheet, "Udgifter 2026")).value = 0.6001
    sheet.cell(row=_row(sheet, "T304"), column=_column(sheet, "Fuldtidsstillinger 2027")).value = 0.545
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    assert (
        "Korrektioner!I5: T104 udgifter.2026: 0.6001 har mere end 3 decimaler; beløb i mio. kr. har højst 3 "
        "decimaler (1.000 kr.)"
    ) in result.stderr
    from openpyxl.utils import get_column_letter

    where = f"Korrektioner!{get_column_letter(_column(sheet, 'Fuldtidsstillinger 2027'))}10"
    assert f"{where}: T304 fuldtidsstillinger.2027: 0.545 har mere end 2 decimaler" in result.stderr
    assert "7 af 9 skemaer skrevet" in result.stderr


def test_a_problem_of_the_validation_is_named_at_its_cell(shipped: Path, tmp_path: Path) -> None:
    """What the model finds (netto is not udgifter + indtægter; an unknown committee; a bad kilde) is at the cell."""
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    sheet.cell(row=_row(sheet, "T101"), column=_column(sheet, "Netto 2028")).value = 2.5
    sheet.cell(row=_row(sheet, "T103"), column=_column(sheet, "Udvalg")).value = "Økonomiudvalgt"
    paid = book[FINANCING]
    paid.cell(row=_row(paid, "T102"), column=_column(paid, "Kilde")).value = "lån"
    book[TEXTS].cell(row=_row(book[TEXTS], "T105"), column=_column(book[TEXTS], "Baggrund")).value = None
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    errors = [
        line.strip().rpartition("/")[2]
        for line in result.stderr.splitlines()
        if line.startswith("  ") and "korrektioner.xlsx:" in line
    ]
    errors = [error.split(" Er det et andet", 1)[0] for error in errors]
    assert errors == [
        "korrektioner.xlsx:Korrektioner!S2: T101 netto.2028: 2.500 er ikke udgifter + indtægter = 2.000 + 0.000 = "
        "2.000",
        "korrektioner.xlsx:Finansiering!B3: T102 finansiering[0].kilde: 'lån' er ikke en af: kassen, anlæg, drift "
        "eller indtægter",
        "korrektioner.xlsx:Korrektioner!C4: T103 udvalg: 'Økonomiudvalgt' er ikke et udvalg i udvalg.yaml; mente du "
        "Økonomiudvalget?",
        "korrektioner.xlsx:Tekster!C6: T105 baggrund: Baggrund skal udfyldes",
    ]
    verdict = next(line for line in result.stderr.splitlines() if line.startswith("5 af 9 skemaer skrevet"))
    for cell in ("Korrektioner!S2 (T101)", "Finansiering!B3 (T102)", "Korrektioner!C4 (T103)", "Tekster!C6: T105"):
        assert f"korrektioner.xlsx:{cell}" in verdict, cell  # each row not written, at its cell


def test_columns_are_found_by_their_headings_wherever_they_stand(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    sheet.move_range("I1:L10", cols=40)  # the udgifter columns far to the right
    sheet.column_dimensions["B"].hidden = True
    sheet.cell(row=1, column=_column(sheet, "Indenfor servicerammen")).value = "indenfor_servicerammen"  # the key
    sheet.cell(row=1, column=70).value = "Kommentar"  # a column of the user's own
    sheet.cell(row=2, column=70).value = "ring til økonomi"
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 0, result.stderr
    assert (
        "korrektioner.xlsx:Korrektioner!BR1: (fil): advarsel: kolonnen 'Kommentar' er ikke budgetkorrs og læses ikke"
    ) in result.stderr
    for original in SHIPPED:
        written = (tmp_path / "ud" / original.name).read_text(encoding="utf-8")
        assert _without_comments(written) == _without_comments(original.read_text(encoding="utf-8"))


def test_a_misspelt_heading_is_an_error_and_its_rows_are_not_written(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    sheet.cell(row=1, column=_column(sheet, "Indtægter 2029")).value = "Indtægtr 2029"
    for row in range(3, 11):
        sheet.cell(row=row, column=_column(sheet, "Indtægtr 2029")).value = None  # only T101 keeps an amount there
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    assert "Korrektioner!P1: (fil): kolonnen 'Indtægtr 2029' er ukendt; mente du Indtægter 2029?" in result.stderr
    assert "Korrektioner!P2: T101: står under overskriften 'Indtægtr 2029', som ikke læses" in result.stderr
    assert not list((tmp_path / "ud").glob("T101-*"))


def test_the_empty_workbook_is_made_for_filling_in_by_hand(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path, "--tom")
    book = _book(workbook)
    assert book.sheetnames == [CORRECTIONS, TEXTS, FINANCING, "Vejledning", "Lister"]
    assert book["Lister"].sheet_state == "hidden"
    sheet = book[CORRECTIONS]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:9] == [
        "Nr",
        "Titel",
        "Udvalg",
        "Status",
        "Foreløbig",
        "Prisniveau",
        "Iværksættelse",
        "Indenfor servicerammen",
        "Udgifter 2026",
    ]
    assert {"Netto indenfor servicerammen 2029", "Fuldtidsstillinger 2027", "Engangsudgifter 2028"} <= set(headings)
    assert sheet.max_row == 1
    assert [cell.value for cell in book[TEXTS][1]] == ["Nr", "Bemærkning", "Baggrund", "Økonomiske konsekvenser"]
    assert [cell.value for cell in book[FINANCING][1]][:4] == ["Nr", "Kilde", "Reference", "Beløb 2026"]
    # drop-down lists for udvalg, status, foreløbig and indenfor_servicerammen, their choices on the hidden sheet
    lists = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation if rule.type == "list"}
    assert lists == {
        "C2:C1048576": "Lister!$A$2:$A$7",
        "D2:D1048576": "Lister!$B$2:$B$4",
        "E2:E1048576": "Lister!$C$2:$C$3",
        "H2:H1048576": "Lister!$D$2:$D$4",
    }
    assert [book["Lister"].cell(row=r, column=1).value for r in range(2, 8)][:2] == [
        "Økonomiudvalget",
        "Børne- og ungdomsudvalget",
    ]
    assert [book["Lister"].cell(row=r, column=4).value for r in range(2, 5)] == ["ja", "nej", "delvist"]
    # laid out for work and for print
    assert sheet.freeze_panes == "C2"
    assert sheet.print_title_rows == "$1:$1"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == (
        "landscape",
        int(sheet.PAPERSIZE_A4),
        1,
    )
    guide = [row for row in book["Vejledning"].iter_rows(values_only=True) if row[0] in (CORRECTIONS, TEXTS, FINANCING)]
    assert guide[8][:2] == ("Korrektioner", "Udgifter ÅÅÅÅ")
    assert all(row[2] for row in guide)


def test_a_workbook_filled_in_by_hand_imports_as_a_valid_file(shipped: Path, tmp_path: Path) -> None:
    from datetime import datetime

    workbook = _export(tmp_path, "--tom")
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    values = {
        "Nr": "T110",
        "Titel": "Kantinen i rådhuset",
        "Udvalg": "ØK",
        "Status": "Forslag",
        "Prisniveau": 2026,
        "Iværksættelse": datetime(2026, 7, 1),  # a date typed in the cell
        "Indenfor servicerammen": "ja",
        **{f"Udgifter {year}": 0.5 for year in range(2026, 2030)},
        **{f"Fuldtidsstillinger {year}": 1 for year in range(2026, 2030)},
    }
    for heading, value in values.items():
        sheet.cell(row=2, column=_column(sheet, heading)).value = value
    texts = book[TEXTS]
    texts.append(["T110", None, "Kantinen drives af kommunen.\n\nFra juli.", "0,5 mio. kr. årligt."])
    book[FINANCING].append(["T110", "kassen"])
    book.save(workbook)
    out = tmp_path / "data" / "corrections"
    shutil.copytree(SHIPPED_DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.yaml"))
    shutil.copy(SHIPPED_DATA / "udvalg.yaml", tmp_path / "data")
    result = run("import", str(workbook), "--data", str(tmp_path / "data"))
    assert result.exit_code == 0, result.stderr
    written = (out / "T110-kantinen-i-raadhuset.yaml").read_text(encoding="utf-8")
    assert written == (
        "# yaml-language-server: $schema=../../schema/korrektion.schema.json\n"
        "nr: T110\n"
        "titel: Kantinen i rådhuset\n"
        "udvalg: ØK\n"
        "status: forslag\n"
        "foreløbig: false\n"
        "prisniveau: 2026\n"
        "iværksættelse: 2026-07-01\n"
        "indenfor_servicerammen: ja\n"
        "udgifter:           {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}\n"
        "fuldtidsstillinger: {2026: 1, 2027: 1, 2028: 1, 2029: 1}\n"
        "finansiering:\n"
        "  - kilde: kassen\n"
        "baggrund: |-\n"
        "  Kantinen drives af kommunen.\n"
        "\n"
        "  Fra juli.\n"
        "økonomiske_konsekvenser: |-\n"
        "  0,5 mio. kr. årligt.\n"
    )
    assert run("validate", "--data", str(tmp_path / "data")).exit_code == 0


def test_a_row_begun_by_hand_is_told_what_it_lacks_at_each_cell(shipped: Path, tmp_path: Path) -> None:
    workbook = _export(tmp_path, "--tom")
    book = _book(workbook)
    book[CORRECTIONS].append(["T110", "Kantinen"])
    book[TEXTS].append(["T110", None, "Kantinen drives af kommunen."])
    book[FINANCING].append(["T111", "kassen"])
    book.save(workbook)
    result = _import(workbook, tmp_path / "ud")
    assert result.exit_code == 2
    told = [
        line.strip().rpartition("/")[2]
        for line in result.stderr.splitlines()
        if line.startswith("  ") and "korrektioner.xlsx:" in line
    ]
    assert sorted(told) == [
        "korrektioner.xlsx:Finansiering!A2: T111 nr: T111 har ingen række på arket Korrektioner; rækken hører ikke "
        "til nogen korrektion",
        "korrektioner.xlsx:Korrektioner!C2: T110 udvalg: Udvalg skal udfyldes",
        "korrektioner.xlsx:Korrektioner!D2: T110 status: Status skal udfyldes",
        "korrektioner.xlsx:Korrektioner!F2: T110 prisniveau: Prisniveau skal udfyldes",
        "korrektioner.xlsx:Korrektioner!G2: T110 iværksættelse: Iværksættelse skal udfyldes",
        "korrektioner.xlsx:Korrektioner!H2: T110 indenfor_servicerammen: Indenfor servicerammen skal udfyldes",
        "korrektioner.xlsx:Korrektioner!I2: T110 udgifter: Udgifter skal udfyldes for hvert af korrektionens år",
        "korrektioner.xlsx:Tekster!D2: T110 økonomiske_konsekvenser: Økonomiske konsekvenser skal udfyldes",
    ]
    assert "0 af 1 skema skrevet" in result.stderr


def test_a_split_service_frame_goes_there_and_back(budget: Budget, tmp_path: Path) -> None:
    original = with_lines(
        VALID,
        indenfor_servicerammen="indenfor_servicerammen: delvist",
        netto="netto:              {2026: 2.000, 2027: 2.000, 2028: 2.000, 2029: 2.000}\n"
        "netto_indenfor:     {2026: 1.000, 2027: 0.000, 2028: 0.750, 2029: 2.000}",
    )
    budget.write("T101-digital-udvikling-kombit-projekter.yaml", original)
    workbook = tmp_path / "k.xlsx"
    assert run("export", "--output", str(workbook)).exit_code == 0
    result = run("import", str(workbook), "--out", str(tmp_path / "ud"))
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "ud" / "T101-digital-udvikling-kombit-projekter.yaml").read_text(encoding="utf-8")
    assert "netto_indenfor:     {2026: 1.000, 2027: 0.000, 2028: 0.750, 2029: 2.000}\n" in written


def test_an_unknown_amount_goes_there_and_back(budget: Budget, tmp_path: Path) -> None:
    original = with_lines(
        VALID,
        status="status: forslag\nforeløbig: true",
        udgifter="udgifter:           {2026: 2.000, 2027: ukendt, 2028: 2.000, 2029: 2.000}",
        indtægter="indtægter:          {2026: 0.000, 2027: 0.000, 2028: -0.500, 2029: 0.000}",
        netto="netto:              {2026: 2.000, 2027: ukendt, 2028: 1.500, 2029: 2.000}",
        fuldtidsstillinger="fuldtidsstillinger: {2026: 0.5, 2027: 1, 2028: 1, 2029: -1.25}",
    )
    budget.write("T101-digital-udvikling-kombit-projekter.yaml", original)
    workbook = tmp_path / "k.xlsx"
    assert run("export", "--output", str(workbook)).exit_code == 0
    sheet = _book(workbook)[CORRECTIONS]
    assert sheet.cell(row=2, column=_column(sheet, "Udgifter 2027")).value == "ukendt"
    result = run("import", str(workbook), "--out", str(tmp_path / "ud"))
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "ud" / "T101-digital-udvikling-kombit-projekter.yaml").read_text(encoding="utf-8")
    assert "udgifter:           {2026: 2.000, 2027: ukendt, 2028: 2.000, 2029: 2.000}\n" in written
    assert "fuldtidsstillinger: {2026: 0.5, 2027: 1, 2028: 1, 2029: -1.25}\n" in written


def test_export_never_replaces_a_file_unasked(shipped: Path, tmp_path: Path) -> None:
    target = tmp_path / "korrektioner.xlsx"
    target.write_bytes(b"mine")
    result = run("export", "--output", str(target))
    assert result.exit_code == 2
    assert "findes allerede; brug --force for at overskrive (den gamle gemmes som .bak)" in result.stderr
    assert target.read_bytes() == b"mine"
    assert run("export", "--output", str(target), "--force").exit_code == 0
    assert (tmp_path / "korrektioner.xlsx.bak").read_bytes() == b"mine"


def test_the_same_corrections_give_the_same_bytes(shipped: Path, tmp_path: Path) -> None:
    first = _export(tmp_path / "a").read_bytes()
    second = _export(tmp_path / "b").read_bytes()
    assert first == second


def test_export_selects_as_list_does(shipped: Path, tmp_path: Path) -> None:
    book = _book(_export(tmp_path, "--udvalg", "BUU"))
    assert [row[0] for row in book[CORRECTIONS].iter_rows(min_row=2, values_only=True)] == ["T304"]
    assert run("export", "--output", str(tmp_path / "x.xlsx"), "--tom", "--udvalg", "BUU").exit_code == 2
    assert "angiv filen med --output" in run("export").stderr


def test_a_text_no_cell_can_hold_is_exit_2_at_its_line(budget: Budget, tmp_path: Path) -> None:
    long = "Lang tekst. " * 3000  # 36.000 characters: more than a cell holds
    budget.write("T101-x.yaml", with_lines(VALID, baggrund=f"baggrund: {long.strip()}"))
    result = run("export", "--output", str(tmp_path / "k.xlsx"))
    assert result.exit_code == 2
    assert "teksten har 35.999 tegn; en celle i et regneark rummer højst 32.767" in result.stderr
    assert not (tmp_path / "k.xlsx").exists()


def test_without_openpyxl_the_messages_say_how_to_install_it(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = _export(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl raises ImportError
    result = run("export", "--output", str(tmp_path / "ny.xlsx"))
    assert result.exit_code == 2
    assert "export kræver pakken openpyxl, som ikke er installeret" in result.stderr
    assert "pip install 'budgetkorr[xlsx]'" in result.stderr
    imported = _import(workbook, tmp_path / "ud")
    assert imported.exit_code == 2
    assert "openpyxl er ikke installeret; installér den med: pip install 'budgetkorr[xlsx]'" in imported.stderr


def test_a_file_that_is_not_a_workbook_is_one_message(shipped: Path, tmp_path: Path) -> None:
    fake = tmp_path / "korrektioner.xlsx"
    fake.write_text("nr;titel\nT110;Kantinen\n", encoding="utf-8")  # a CSV file given the workbook's name
    result = _import(fake, tmp_path / "ud")
    assert result.exit_code == 2
    assert "korrektioner.xlsx:1: (fil): er ikke en læsbar Excel-projektmappe (.xlsx)" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_field_of_a_correction_has_a_column_and_an_explanation() -> None:
    columns = sheet_columns((2026,))
    keys = {column.key for sheet in columns.values() for column in sheet}
    assert {field.key for field in fields_of(Correction)} - {"finansiering"} <= keys
    assert set(HEADINGS) | {"kilde", "reference", "beløb", "tekst"} == keys
    assert keys == set(EXPLANATIONS)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_comes_back(shipped: Path, tmp_path: Path) -> None:
    """A person edits in a spreadsheet program: LibreOffice opens the workbook, computes a formula, saves it."""
    workbook = _export(tmp_path)
    book = _book(workbook)
    sheet = book[CORRECTIONS]
    sheet.cell(row=_row(sheet, "T105"), column=_column(sheet, "Netto 2026")).value = "=I6+M6"
    book.save(workbook)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = _import(tmp_path / "lo" / "korrektioner.xlsx", tmp_path / "ud")
    assert result.exit_code == 0, result.stderr
    for original in SHIPPED:
        written = (tmp_path / "ud" / original.name).read_text(encoding="utf-8")
        assert _without_comments(written) == _without_comments(original.read_text(encoding="utf-8"))


# --- the properties -------------------------------------------------------------------------------------------


_ROOT = yaml.compose("{}")


def _through_a_workbook(corrections: list[Correction], committees: list[Committee], tmp_path: Path) -> Any:
    assert _ROOT is not None
    entries = [Entry(c, committees[0], YamlFile(Path("x.yaml"), {}, _ROOT)) for c in corrections]
    years = sorted({year for c in corrections for year in c.years})
    path = tmp_path / "k.xlsx"
    path.write_bytes(render_workbook(entries, committees, list(range(years[0], years[-1] + 1)), ["kilde"]))
    return read_workbook(path)


def _without_empty_amounts(generated: tuple[Correction, Any]) -> bool:
    """A financing with `beløb: {}` is left out: in a workbook no amount in any year is no beløb at all, and a
    kilde other than kassen without one is an error there (a forgotten amount is not taken for none)."""
    return all(financing.amounts != {} for financing in generated[0].financing)


@settings(max_examples=40, deadline=None)
@given(valid_corrections().filter(_without_empty_amounts))
def test_a_generated_correction_goes_there_and_back(tmp_path_factory: Any, generated: tuple[Correction, Any]) -> None:
    original, committee = generated
    read = _through_a_workbook([original], [committee], tmp_path_factory.mktemp("wb"))
    assert read.parsed.problems == ()
    (form,) = read.parsed.forms
    assert Correction.model_validate(form.data) == original
    source, problems = parse_yaml(Path("x.yaml"), correction_yaml(form.data))
    assert source is not None
    assert not problems
    assert Correction.model_validate(source.data) == original


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=3))
def test_every_amount_is_exact_in_a_cell(amount: Decimal) -> None:
    """openpyxl writes a number through a float with 16 digits; an amount has at most 13, and comes back exact."""
    import io

    import openpyxl

    from budgetkorr.importers.workbook import excel_number

    book = openpyxl.Workbook()
    book.worksheets[0]["A1"] = amount
    buffer = io.BytesIO()
    book.save(buffer)
    value = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]["A1"].value
    assert excel_number(value) == amount

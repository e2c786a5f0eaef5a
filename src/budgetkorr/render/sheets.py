"""What every workbook budgetkorr writes shares (the reading ones of `--format xlsx` in render/xlsx.py, and the
editing one of `export` in render/workbook.py): the number formats, and a page set-up a person prints."""

from __future__ import annotations

from typing import Any

from budgetkorr.i18n import _

MONEY_FORMAT = "#,##0.000"  # shown as 1.234,500 by a Danish spreadsheet
POSITION_FORMAT = "#,##0.00"


def print_setup(sheet: Any, pages_across: int = 1, name_columns: str | None = None) -> None:
    """A4 landscape, the header row on every page, the sheet's name in the page header and the page number in the
    footer; `pages_across` pages wide (each with the `name_columns`, `A:B`, that name its rows), as many down as it
    takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = pages_across
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    if name_columns is not None:
        sheet.print_title_cols = name_columns
    sheet.oddHeader.center.text = "&A"  # the sheet's name
    sheet.oddFooter.right.text = _("Side &P af &N")

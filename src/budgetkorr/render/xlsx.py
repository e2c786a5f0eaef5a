"""A workbook for the finance department (openpyxl): numbers as numbers, three decimals, a bold frozen header
row with autofilter, columns that fit, one sheet per view and a sheet "Kilde" saying what produced it.

Text from the files is stored as text, never as a formula (the cell's type is set to string, whatever it starts
with), and its control characters, which the format does not allow, are shown by `escape.office_text`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetkorr import escape
from budgetkorr.core import numbers
from budgetkorr.i18n import _
from budgetkorr.render.layout import base_column
from budgetkorr.render.records import MONEY_COLUMNS, POSITION_COLUMNS, Record, Value
from budgetkorr.render.unknown import Partial

MONEY_FORMAT = "#,##0.000"  # shown as 1.234,500 by a Danish spreadsheet
POSITION_FORMAT = "#,##0.00"
INTEGER_FORMAT = "0"
MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One view: a sheet name (ours, never from a file), its columns and its rows."""

    title: str
    columns: tuple[str, ...]
    records: tuple[Record, ...]


def _number(column: str, value: Decimal) -> tuple[Decimal, str]:
    measure = base_column(column)
    if measure in MONEY_COLUMNS:
        return numbers.revealed(value, 3), MONEY_FORMAT  # rounded as every table rounds: half up
    if measure in POSITION_COLUMNS:
        return numbers.revealed(value, 2), POSITION_FORMAT
    return value, "General"


def _shown(value: Value, number_format: str) -> str:
    """About what a spreadsheet shows, to size the column."""
    if isinstance(value, Decimal):
        return f"{value:,.3f}" if number_format == MONEY_FORMAT else f"{value:,f}"
    return str(value)


def _write(cell: Any, column: str, value: Value) -> str:
    """Set one cell; returns the text it shows (for the column width)."""
    if isinstance(value, bool):
        value = "ja" if value else "nej"
    if isinstance(value, Partial):  # text, so that no sum in the sheet takes the known part for the whole
        value = value.text()
    if isinstance(value, tuple):
        value = ", ".join(value)
    if isinstance(value, str):
        if value:
            cell.value = escape.office_text(value)
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        return value
    if isinstance(value, int):
        cell.value = value
        cell.number_format = INTEGER_FORMAT
        return str(value)
    amount, number_format = _number(column, value)
    cell.value = amount
    cell.number_format = number_format
    return _shown(amount, number_format)


def _sheet(workbook: Any, title: str, columns: Sequence[str], rows: Sequence[Sequence[tuple[str, Value]]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    widths = [len(column) for column in columns]
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _write(cell, column, column)
        cell.font = bold
    for r, row in enumerate(rows, start=2):
        for c, (column, value) in enumerate(row, start=1):
            shown = _write(sheet.cell(row=r, column=c), column, value)
            widths[c - 1] = max(widths[c - 1], len(shown))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def render_xlsx(sheets: Sequence[Sheet], source: Sequence[tuple[str, str]]) -> bytes:
    """The workbook's bytes: each view on a sheet of its own, then "Kilde"."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        rows = [[(column, record[column]) for column in sheet.columns] for record in sheet.records]
        _sheet(workbook, sheet.title, sheet.columns, rows)
    _sheet(workbook, _("Kilde"), (_("felt"), _("værdi")), [[("felt", k), ("værdi", v)] for k, v in source])
    workbook.properties.creator = "budgetkorr"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

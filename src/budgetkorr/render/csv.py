"""CSV: tidy records with a header row, for spreadsheets; `excel-da` for Danish Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from budgetkorr.core import numbers
from budgetkorr.escape import csv_text
from budgetkorr.render.layout import base_column
from budgetkorr.render.records import MONEY_COLUMNS, POSITION_COLUMNS, Record, Value
from budgetkorr.render.unknown import Partial

Dialect = Literal["standard", "excel-da"]


@dataclass(frozen=True)
class _Style:
    delimiter: str
    danish: bool
    bom: str
    line_end: str


_STYLES: dict[Dialect, _Style] = {
    # RFC 4180 fields with a decimal point: what scripts, pandas and an English spreadsheet read.
    "standard": _Style(",", danish=False, bom="", line_end="\n"),
    # Danish Excel: the list separator is ';' and the decimal sign ','; the BOM makes it read UTF-8 (æøå).
    "excel-da": _Style(";", danish=True, bom="\ufeff", line_end="\r\n"),
}


def _cell(column: str, value: Value, style: _Style) -> str:
    column = base_column(column)  # a wide layout's netto_2026 is written as netto
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Partial):  # the known part marked, never a figure that looks complete
        return value.text(lambda known: numbers.money(known, danish=style.danish))
    if isinstance(value, tuple):
        return csv_text(", ".join(value))
    if isinstance(value, Decimal):
        if column in POSITION_COLUMNS:
            return numbers.positions(value, danish=style.danish)
        if column in MONEY_COLUMNS:
            # three decimals, or the more a record carries because three would hide a verdict (numbers.revealed)
            return numbers.money(value, danish=style.danish, places=max(3, numbers.places_of(value)))
        return numbers.exact(value)
    if isinstance(value, str):
        return csv_text(value)  # text from a file never becomes a formula in a spreadsheet
    return str(value)


def render_csv(records: Sequence[Record], columns: Sequence[str], dialect: Dialect = "standard") -> str:
    """A header row and one line per record; every record has exactly `columns`."""
    style = _STYLES[dialect]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator=style.line_end)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(column, record[column], style) for column in columns])
    return style.bom + buffer.getvalue()

"""A workbook for the finance department (openpyxl), laid out to be read and printed: Danish column headings, numbers
as numbers with three decimals, an I alt row under each summary, a bold frozen header row with autofilter, columns
that fit, one sheet per view, a "Finansiering" sheet beside the summary and a "Kilde" sheet saying in plain Danish
what the figures are made from. Each sheet prints on A4 landscape, one page wide, its header row on every page.

The machine names of the columns (`netto_indenfor_2027`) stay in CSV, which scripts read; here each is shown by its
Danish heading (`Netto indenfor servicerammen 2027`). The I alt rows are budgetkorr's own totals, written as numbers,
not formulas: the same figures as every other output, and no spreadsheet recalculation to trust.

Text from the files is stored as text, never as a formula (the cell's type is set to string, whatever it starts
with), and its control characters, which the format does not allow, are shown by `escape.office_text`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetkorr import escape
from budgetkorr.compute import FinancingYear, Summary
from budgetkorr.core import numbers
from budgetkorr.i18n import N_, _
from budgetkorr.render.layout import base_column
from budgetkorr.render.records import (
    MONEY_COLUMNS,
    POSITION_COLUMNS,
    Record,
    Value,
    financing_records,
    summary_totals,
)
from budgetkorr.render.scope import Scope
from budgetkorr.render.sheets import MONEY_FORMAT, POSITION_FORMAT, print_setup
from budgetkorr.render.unknown import Partial
from budgetkorr.render.wording import price_sentences, rates_sentence, selection_sentence

INTEGER_FORMAT = "0"
MAX_WIDTH = 60
HEADING_LINES = 3  # a long heading wraps over at most this many lines rather than widen its column

# The Danish heading of each column a workbook has (CSV keeps the names on the left). A wide layout's column is its
# measure's heading and the year: `netto_indenfor_2027` is "Netto indenfor servicerammen 2027".
HEADINGS: dict[str, str] = {
    "udvalg": N_("Udvalg"),
    "forkortelse": N_("Forkortelse"),
    "år": N_("År"),
    "antal": N_("Antal"),
    "udgifter": N_("Udgifter"),
    "indtægter": N_("Indtægter"),
    "netto": N_("Netto"),
    "netto_indenfor": N_("Netto indenfor servicerammen"),
    "netto_udenfor": N_("Netto udenfor servicerammen"),
    "netto_delvist": N_("Netto delvist indenfor servicerammen"),
    "fuldtidsstillinger": N_("Fuldtidsstillinger"),
    "engangsudgifter": N_("Engangsudgifter"),
    "prisniveau": N_("Prisniveau"),
    "prisniveau_i_filen": N_("Prisniveau i filen"),
    "foreløbig": N_("Foreløbig"),
    "ukendte": N_("Ukendte beløb"),
    "budgetår": N_("Budgetår"),
    "udvalgt": N_("Udvalgt"),
    "nr": N_("Nr."),
    "titel": N_("Titel"),
    "status": N_("Status"),
    "iværksættelse": N_("Iværksættelse"),
    "indenfor_servicerammen": N_("Indenfor servicerammen"),
    "første_år": N_("Første år"),
    "sidste_år": N_("Sidste år"),
    "fil": N_("Fil"),
    "mål": N_("Mål-id"),
    "navn": N_("Mål"),
    "før": N_("Før"),
    "korrektioner": N_("Korrektioner"),
    "efter": N_("Efter"),
    "tærskel": N_("Tærskel"),
    "margin": N_("Margin"),
    "opfyldt": N_("Opfyldt"),
    "afgør": N_("Afgør målet"),
    "emne": N_("Emne"),  # the Kilde sheet's
    "tekst": N_("Tekst"),
}
AVERAGE = "gennemsnit"  # the wide layout's column of a target's average: `før_gennemsnit`

# The Finansiering sheet: a row per line of the summary's financing table, the years as columns
FINANCING_LINES = (
    ("netto", N_("Korrektionernes netto (brutto)")),
    ("fra_anlæg", N_("Finansieret af anlæg")),
    ("fra_drift", N_("Finansieret af drift/pulje (omplacering)")),
    ("fra_indtægter", N_("Finansieret af indtægter")),
    ("fra_kassen", N_("Finansieret af kassen (resten)")),
    ("netto_drift", N_("Nettoeffekt på drift (efter omplacering)")),
    ("serviceramme_brutto", N_("Servicerammen, brutto")),
    ("serviceramme_netto", N_("Servicerammen, netto (efter omplacering)")),
)
FINANCING_POST = "post"


def heading(column: str) -> str:
    """The column's Danish heading: `netto_indenfor_2027` → "Netto indenfor servicerammen 2027", `før_gennemsnit` →
    "Før, gennemsnit", a year alone (the Finansiering sheet's) as it is."""
    if column in HEADINGS:
        return _(HEADINGS[column])
    if column == FINANCING_POST:
        return _("Post")
    measure = base_column(column)
    if measure != column and measure in HEADINGS:
        suffix = column[len(measure) + 1 :]
        if suffix == AVERAGE:
            return _("{heading}, gennemsnit").format(heading=_(HEADINGS[measure]))
        return f"{_(HEADINGS[measure])} {suffix}"
    return column.replace("_", " ")


@dataclass(frozen=True)
class Sheet:
    """One view: a sheet name (ours, never from a file), its columns (machine names), its rows and its I alt rows."""

    title: str
    columns: tuple[str, ...]
    records: tuple[Record, ...]
    totals: tuple[Record, ...] = ()


def total_records(summary: Summary, columns: Sequence[str]) -> list[Record]:
    """The I alt rows of a summary's sheet, one per year: budgetkorr's totals, "I alt" in the first column."""
    blank: Record = dict.fromkeys(columns, "")
    return [
        blank | {columns[0]: _("I alt")} | {key: value for key, value in total.items() if key in blank}
        for total in summary_totals(summary)
    ]


def financing_sheet(lines: Sequence[FinancingYear]) -> Sheet:
    """The summary's financing per year: netto, what anlæg, drift/pulje, indtægter and kassen pay of it (the four
    add up to netto), the effect on drift and the service frame. No I alt row: its lines are not parts of a whole."""
    records = financing_records(tuple(lines))
    years = tuple(str(record["år"]) for record in records)
    rows = tuple(
        {FINANCING_POST: _(label)} | {year: record[key] for year, record in zip(years, records, strict=True)}
        for key, label in FINANCING_LINES
    )
    return Sheet(_("Finansiering"), (FINANCING_POST, *years), rows)


def source_rows(
    title: str,
    scope: Scope,
    municipality: str | None,
    rates_source: str | None,
    notes: Sequence[str] = (),
    extra: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    """The "Kilde" sheet: the municipality, what the workbook holds, the budget, the selection, the price level and
    the rates, in sentences; the notes; which budgetkorr made it. Nothing names a folder."""
    from budgetkorr.core.version import __version__

    rows = [(_("Kommune"), municipality)] if municipality else []
    rows.append((_("Indhold"), title))
    year = scope.budget_year
    budget = _("Budget {year} og overslagsårene.").format(year=year) if year else _("Intet budgetår.")
    rows += [(_("Budget"), budget), (_("Udvalgt"), selection_sentence(scope.selection))]
    if scope.conversion is not None:
        rows += [(_("Prisniveau"), " ".join(price_sentences(scope.conversion)))]
        rows += [(_("Satser"), rates_sentence(scope.conversion, rates_source))]
    if scope.preliminary:
        line = _("Tallene for {numbers} er foreløbige, ikke endelige.").format(numbers=", ".join(scope.preliminary))
        rows.append((_("Foreløbige"), line))
    rows += [*extra, *((_("Note"), note) for note in notes)]
    made = _("budgetkorr {version}, ud fra korrektionsfilerne.").format(version=__version__)
    return [*rows, (_("Dannet af"), made)]


def layout_sentence(layout: str) -> str:
    """How the sheets are laid out (`--layout`), for the Kilde sheet."""
    if layout == "wide":
        return _("Årene står som kolonner: én række for hvert udvalg, hver korrektion eller hvert mål.")
    return _("Én række for hvert år og hvert udvalg, hver korrektion eller hvert mål.")


def _number(column: str, value: Decimal) -> tuple[Decimal, str]:
    measure = base_column(column)
    if measure in MONEY_COLUMNS or column.isdigit():  # a year alone: an amount of the Finansiering sheet
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
        value = _("ja") if value else _("nej")
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


def _width(header: str, shown: int) -> float:
    """A column as wide as its widest value, and as its heading's longest word (the heading wraps, in at most
    `HEADING_LINES` lines)."""
    words = max((len(word) for word in header.split()), default=0)
    return min(max(shown, words, -(-len(header) // HEADING_LINES)) + 2, MAX_WIDTH)


def _lines(text: str, width: float) -> int:
    """How many lines the text takes in a column `width` characters wide, wrapped at spaces."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


# A4 landscape holds about this many characters of the default font across at half their size (Excel's column
# width is in characters): the smallest a printed figure stays readable. The long layout, a list and the
# Finansiering sheet fit on one page wide; the wide layout (every measure for every year) does not.
PAGE_WIDTH = 300.0
LINE_HEIGHT = 15.0  # points: a line of the default font, Calibri 11


def _names(columns: Sequence[str], widths: Sequence[float]) -> int:
    """How many of the first columns name a row (those before the first year's, while they take at most a quarter
    of a page): each page of a sheet printed across shows them."""
    count, used = 0, 0.0
    for column, width in zip(columns, widths, strict=True):
        used += width
        if base_column(column) != column or (count and used > PAGE_WIDTH / 4):
            break
        count += 1
    return max(count, 1)


def _print_setup(sheet: Any, columns: Sequence[str], widths: Sequence[float]) -> None:
    """One page wide, as many down as it takes, with grid lines. A sheet too wide for one page at a readable size
    (the summary with its measures for every year as columns) prints as few pages across as keep it readable, each
    page with the columns that name its rows."""
    from openpyxl.utils import get_column_letter

    across = math.ceil(sum(widths) / PAGE_WIDTH)
    print_setup(sheet, across, f"A:{get_column_letter(_names(columns, widths))}" if across > 1 else None)
    sheet.print_options.gridLines = True


def _sheet(workbook: Any, sheet: Sheet, wrap: bool = False) -> None:
    from copy import copy

    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    page = workbook.create_sheet(sheet.title)
    headers = [heading(column) for column in sheet.columns]
    shown = [0] * len(headers)
    bold = copy(page.cell(row=1, column=1).font)  # the workbook's own font, in bold
    bold.b = True
    top = Alignment(wrap_text=True, vertical="top")
    for c, header in enumerate(headers, start=1):
        cell = page.cell(row=1, column=c)
        _write(cell, "", header)
        cell.font = bold
        cell.alignment = top
    rows = [(record, False) for record in sheet.records] + [(record, True) for record in sheet.totals]
    line = Border(top=Side(style="thin"))
    texts: list[list[str]] = []
    for r, (record, total) in enumerate(rows, start=2):
        texts.append([])
        for c, column in enumerate(sheet.columns, start=1):
            cell = page.cell(row=r, column=c)
            text = _write(cell, column, record[column])
            texts[-1].append(text)
            shown[c - 1] = max(shown[c - 1], len(text))
            if total:
                cell.font = bold
                cell.border = line
            if wrap:
                cell.alignment = top
    widths = [_width(header, shown[c]) for c, header in enumerate(headers)]
    for c, width in enumerate(widths, start=1):
        page.column_dimensions[get_column_letter(c)].width = width
    # a spreadsheet does not grow a row for its wrapped text when it opens the file: each row gets its lines' height
    page.row_dimensions[1].height = LINE_HEIGHT * max(_lines(h, w) for h, w in zip(headers, widths, strict=True))
    if wrap:
        for r, row in enumerate(texts, start=2):
            page.row_dimensions[r].height = LINE_HEIGHT * max(_lines(t, w) for t, w in zip(row, widths, strict=True))
    page.freeze_panes = "A2"
    page.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(sheet.records) + 1}"  # I alt stays last
    _print_setup(page, sheet.columns, widths)


def render_xlsx(sheets: Sequence[Sheet], source: Sequence[tuple[str, str]]) -> bytes:
    """The workbook's bytes: each sheet, then "Kilde" with the `source` rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        _sheet(workbook, sheet)
    about = ("emne", "tekst")
    kilde = Sheet(_("Kilde"), about, tuple(dict(zip(about, pair, strict=True)) for pair in source))
    _sheet(workbook, kilde, wrap=True)
    workbook.properties.creator = "budgetkorr"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

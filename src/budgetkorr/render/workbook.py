"""The workbook for editing corrections (`budgetkorr export`): a row per correction on "Korrektioner", its texts
on "Tekster", each way it is paid for on "Finansiering", and "Vejledning" explaining every column; read back by
`budgetkorr import` (importers/workbook.py), the layout of both in core/workbook.py.

Made for work: drop-down lists for udvalg, status, foreløbig, indenfor_servicerammen and kilde (their choices on a
hidden sheet), amounts as numbers in `#,##0.000`, a frozen header row, columns that fit, and pages set up to print
(landscape A4, as wide as a page, the headings on every page).

Amounts are exact: openpyxl writes a number with 16 significant digits (through a float), and an amount has at
most 13 (models.values.MAX_AMOUNT, three decimals), so the file holds its exact digits and the reader gets them
back. Text is stored as text, never as a formula, exactly as the file has it (the library refuses text a cell can
not hold). The bytes depend only on the corrections: no clock time, in the package or in its parts.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from budgetkorr.core.entry import Entry
from budgetkorr.core.workbook import (
    CELL_LIMIT,
    CORRECTIONS,
    FINANCING,
    GUIDE,
    LISTS,
    NO,
    NUMBER,
    TEXTS,
    YES,
    Column,
    sheet_columns,
)
from budgetkorr.i18n import N_, _
from budgetkorr.models import (
    FINANCING_SOURCES,
    SERVICE_FRAMES,
    STATUSES,
    YEAR_ROWS,
    Committee,
    Correction,
    Financing,
    field_by_key,
)
from budgetkorr.models.values import UNKNOWN
from budgetkorr.render.package import FIRST, dated
from budgetkorr.render.sheets import MONEY_FORMAT, POSITION_FORMAT, print_setup

DATE_FORMAT = "yyyy-mm-dd"
YEAR_FORMAT = "0"
LAST_ROW = 1_048_576  # a drop-down list holds in every row a person may fill in
WIDTHS = {
    "nr": 8,
    "titel": 38,
    "udvalg": 26,
    "status": 10,
    "foreløbig": 10,
    "prisniveau": 10,
    "iværksættelse": 14,
    "indenfor_servicerammen": 14,
    "bemærkning": 36,
    "baggrund": 80,
    "økonomiske_konsekvenser": 80,
    "kilde": 11,
    "reference": 12,
    "tekst": 60,
    "netto_indenfor": 14,
    "fuldtidsstillinger": 18,
    "engangsudgifter": 17,
}
AMOUNT_WIDTH = 12
WRAPPED = frozenset({"titel", "udvalg", "bemærkning", "baggrund", "økonomiske_konsekvenser", "tekst"})
LINE_HEIGHT = 15  # points: a line of the default 11-point font
MAX_HEIGHT = 409  # the tallest row a spreadsheet has; a longer text is whole in its cell, and shown when edited
CHARACTERS_PER_WIDTH = 1.2  # ordinary text is narrower than the digit a column's width is counted in
FROZEN = {CORRECTIONS: "C2", TEXTS: "B2", FINANCING: "B2"}  # the heading, and nr (and titel) when scrolled
# What each column holds, as "Vejledning" says it.
EXPLANATIONS = {
    "nr": N_(
        "Korrektionens nummer: typebogstav, udvalgets ciffer og løbenummer, fx T105. Rækkerne på arkene Tekster og "
        "Finansiering hører til korrektionen med deres nr."
    ),
    "titel": N_("Korrektionens titel, på én linje."),
    "udvalg": N_("Udvalget: vælg på listen (navnene fra udvalg.yaml); forkortelsen kan også skrives."),
    "status": N_("forslag, godkendt eller afvist: vælg på listen."),
    "foreløbig": N_("ja, når tallene ikke er endelige: så må et beløb være ukendt. Tom: nej."),
    "prisniveau": N_("Året i »Mio. kr. i 2026-priser«: det prisniveau, beløbene er i."),
    "iværksættelse": N_("Iværksættelsestidspunktet: en dato, år-måned-dag, fx 2026-01-01."),
    "indenfor_servicerammen": N_("ja, nej eller delvist: vælg på listen."),
    "udgifter": N_(
        "Udgifterne i året, mio. kr. med højst 3 decimaler, skrevet som et tal (+ merudgift, - mindreudgift). "
        "Årene med et beløb er korrektionens år; et tomt felt er et år uden for korrektionen."
    ),
    "indtægter": N_("Indtægterne i året, mio. kr., fortegn som i skemaet. Tomme i alle år: ingen indtægter."),
    "netto": N_("Udgifter + indtægter i året. Tomme i alle år: netto regnes ud."),
    "netto_indenfor": N_(
        "Kun ved indenfor_servicerammen delvist: den del af netto, der er indenfor servicerammen, i hvert år."
    ),
    "fuldtidsstillinger": N_("Antal fuldtidsstillinger (årsværk) i året, højst 2 decimaler."),
    "engangsudgifter": N_("Den del af udgifterne i året, der er engangsudgifter. Tomme: ingen."),
    "bemærkning": N_("En note under skemaets tabel, fx *Opdateres med tal i juni. Kan være tom."),
    "baggrund": N_("Baggrund for og beskrivelse af korrektionen. Et nyt afsnit efter en tom linje (Alt+Enter)."),
    "økonomiske_konsekvenser": N_(
        "De økonomiske konsekvenser. Afsnit, punkter (- ) og tabeller (| a | b |) som i filen."
    ),
    "kilde": N_("Hvordan korrektionen finansieres: kassen, anlæg, drift eller indtægter. En række pr. finansiering."),
    "reference": N_("Fx anlægsnummeret A108. Kan være tom."),
    "beløb": N_("Ændringen af kilden i året, mio. kr., fortegn som i skemaet. Tomme ved kassen."),
    "tekst": N_("Skemaets sætning om finansieringen. Kan være tom."),
}
GUIDE_LINES = (
    N_("Korrektionerne fra budgetkorr, til at rette i og læse ind igen med: budgetkorr import FIL.xlsx --out MAPPE"),
    N_(
        "En række på arket Korrektioner er en korrektion; dens tekster står på en række af arket Tekster og hver "
        "finansiering på en række af arket Finansiering, med korrektionens nr."
    ),
    N_("Beløb er i mio. kr. med højst 3 decimaler, skrevet som tal. I en foreløbig korrektion kan der stå ukendt."),
    N_(
        "Kolonnerne findes ved deres overskrift: de må flyttes og skjules, men overskrifterne skal stå som her. En "
        "kolonne, budgetkorr ikke kender, læses ikke; import siger det."
    ),
    N_("En formel læses som den værdi, den er regnet ud til og gemt med (det gør Excel og LibreOffice)."),
    N_(
        "En korrektion, der ikke er gyldig, skrives ikke; import nævner arket og cellen, fx Korrektioner!J3, og "
        "skriver de gyldige."
    ),
)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def cell_problem(text: str) -> str | None:
    """Why a text can not stand in a cell as it is, or None: too long, or a character the format can not hold."""
    if len(text) > CELL_LIMIT:
        return _("teksten har {n} tegn; en celle i et regneark rummer højst {limit}").format(
            n=f"{len(text):,}".replace(",", "."), limit=f"{CELL_LIMIT:,}".replace(",", ".")
        )
    found = _XML_ILLEGAL.search(text)
    if found:
        return _("tegnet U+{code:04X} kan ikke stå i et regneark").format(code=ord(found.group()))
    return None


def render_workbook(
    entries: Sequence[Entry], committees: Sequence[Committee], years: Sequence[int], source: Sequence[str]
) -> bytes:
    """The workbook's bytes: the entries (none: an empty workbook to fill in), a column per year of `years`, the
    committees' names in the drop-down list of Udvalg, and the lines of `source` (where it came from) under the
    guide."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    columns = sheet_columns(tuple(years))
    lists = _lists(book, committees)
    for sheet, rows in (
        (CORRECTIONS, [_correction_row(e.correction, columns[CORRECTIONS]) for e in entries]),
        (TEXTS, [_correction_row(e.correction, columns[TEXTS]) for e in entries]),
        (
            FINANCING,
            [
                _financing_row(e.correction.number, f, columns[FINANCING])
                for e in entries
                for f in e.correction.financing
            ],
        ),
    ):
        _sheet(book, sheet, columns[sheet], rows, lists)
    _guide(book, columns, source)
    book.move_sheet(LISTS, offset=len(book.sheetnames))  # last, hidden
    book.properties.creator = "budgetkorr"
    buffer = io.BytesIO()
    book.save(buffer)
    return dated(buffer.getvalue(), FIRST, undated_properties=True)  # no clock time: the same bytes


def _value(correction: Correction, column: Column) -> Any:
    """A field's value as its cell holds it: ja/nej for foreløbig, `ukendt` for an unknown amount, None for none."""
    value = field_by_key(Correction, column.key).of(correction)
    if column.kind in YEAR_ROWS:
        if value is None or column.year is None or column.year not in value:
            return None
        return UNKNOWN if correction.is_unknown(column.key, column.year) else value[column.year]
    if isinstance(value, bool):
        return YES if value else NO
    return value


def _correction_row(correction: Correction, columns: Sequence[Column]) -> list[Any]:
    return [_value(correction, column) for column in columns]


def _financing_row(number: str, financing: Financing, columns: Sequence[Column]) -> list[Any]:
    row: list[Any] = []
    for column in columns:
        if column.key == "nr":
            row.append(number)
            continue
        value = field_by_key(Financing, column.key).of(financing)
        row.append(value.get(column.year) if column.kind in YEAR_ROWS and value is not None else value)
    return row


@functools.cache
def _alignment(wrapped: bool) -> Any:
    """One alignment for every cell of its kind: openpyxl compares each new one with those it has (slow)."""
    from openpyxl.styles import Alignment

    return Alignment(vertical="top", wrap_text=wrapped)


def _put(cell: Any, column: Column, value: Any) -> None:
    cell.alignment = _alignment(column.key in WRAPPED)
    if value is None:
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, whatever it starts with
    elif isinstance(value, Decimal):
        cell.number_format = POSITION_FORMAT if column.kind == "positions" else MONEY_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int):
        cell.number_format = YEAR_FORMAT


def _sheet(
    book: Any, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]], lists: dict[str, str]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    heading_style = (Font(bold=True), PatternFill("solid", fgColor="DDE4EE"), Alignment(vertical="top", wrap_text=True))
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.heading)
        cell.font, cell.fill, cell.alignment = heading_style
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, AMOUNT_WIDTH)
    for r, row in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            _put(sheet.cell(row=r, column=c), column, value)
        wrapped = [(str(v), WIDTHS[c.key]) for c, v in zip(columns, row, strict=True) if c.key in WRAPPED and v]
        _fit(sheet, r, wrapped)
    sheet.row_dimensions[1].height = 3 * LINE_HEIGHT  # a heading of up to three lines
    sheet.freeze_panes = FROZEN[title]
    _validations(sheet, columns, lists)
    print_setup(sheet)


def _fit(sheet: Any, row: int, texts: Sequence[tuple[str, float]]) -> None:
    """The row as tall as its longest wrapped text (each with its column's width): spreadsheets do not all fit a
    row to its text when they open a file (LibreOffice does not)."""
    lines = max((_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(lines * LINE_HEIGHT, MAX_HEIGHT)


def _lines(text: str, width: float) -> int:
    """About the lines a text takes in a column of this width."""
    per_line = max(int(width * CHARACTERS_PER_WIDTH), 1)
    return sum(max(-(-len(line) // per_line), 1) for line in text.split("\n"))


def _lists(book: Any, committees: Sequence[Committee]) -> dict[str, str]:
    """The hidden sheet of choices; the range of each list by the key of the column it is for."""
    sheet = book.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    choices: dict[str, list[str]] = {
        "udvalg": [committee.name for committee in committees],
        "status": list(STATUSES),
        "foreløbig": [YES, NO],
        "indenfor_servicerammen": list(SERVICE_FRAMES),
        "kilde": list(FINANCING_SOURCES),
    }
    ranges: dict[str, str] = {}
    for index, (key, words) in enumerate(choices.items(), start=1):
        letter = chr(ord("A") + index - 1)
        sheet.cell(row=1, column=index, value=key)
        for row, word in enumerate(words, start=2):
            cell = sheet.cell(row=row, column=index, value=word)
            cell.data_type = "s"
        if words:
            ranges[key] = f"{LISTS}!${letter}$2:${letter}${len(words) + 1}"
    return ranges


def _validations(sheet: Any, columns: Sequence[Column], lists: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        where = f"{letter}2:{letter}{LAST_ROW}"
        if column.key in lists:
            rule = DataValidation(type="list", formula1=lists[column.key], allow_blank=True)
            rule.error = _("Vælg en af mulighederne på listen.")
        elif column.key == "prisniveau":
            rule = DataValidation(type="whole", operator="between", formula1="1900", formula2="2200", allow_blank=True)
            rule.error = _("Skriv prisniveauets år, fx 2026.")
        elif column.kind in YEAR_ROWS:
            first = f"{letter}2"
            rule = DataValidation(
                type="custom", formula1=f'OR(ISNUMBER({first}),{first}="{UNKNOWN}")', allow_blank=True
            )
            rule.error = _("Skriv et tal (mio. kr., højst 3 decimaler), eller ukendt i en foreløbig korrektion.")
        else:
            continue
        rule.errorTitle = column.heading
        rule.showErrorMessage = True
        rule.add(where)
        sheet.add_data_validation(rule)


_GUIDE_WIDTHS = (14, 30, 100)
_OWN_NUMBER = N_("Nr på den korrektion på arket Korrektioner, som rækken hører til.")


def _guide(book: Any, columns: dict[str, tuple[Column, ...]], source: Sequence[str]) -> None:
    """ "Vejledning": how the workbook is read, then every column with what it holds."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(GUIDE)
    bold = Font(bold=True)
    sheet.cell(row=1, column=1, value=_("Vejledning")).font = Font(bold=True, size=14)
    row = 2
    for line in (*(_(text) for text in GUIDE_LINES), *source):
        sheet.cell(row=row, column=1, value=line).data_type = "s"
        row += 1
    row += 1
    for index, heading in enumerate((_("Ark"), _("Kolonne"), _("Forklaring")), start=1):
        sheet.cell(row=row, column=index, value=heading).font = bold
    header = row
    for title, sheet_columns_ in columns.items():
        shown: set[str] = set()
        for column in sheet_columns_:
            if column.key in shown:
                continue
            shown.add(column.key)
            row += 1
            heading = column.heading if column.year is None else column.heading.rsplit(" ", 1)[0] + _(" ÅÅÅÅ")
            own = title != CORRECTIONS and column.key == NUMBER  # nr on another sheet: the correction's
            said = _(_OWN_NUMBER if own else EXPLANATIONS[column.key])
            for index, text in enumerate((title, heading, said), start=1):
                sheet.cell(row=row, column=index, value=text).alignment = _alignment(index == 3)
            _fit(sheet, row, [(said, _GUIDE_WIDTHS[2])])
    for letter, width in zip("ABC", _GUIDE_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    print_setup(sheet)
    sheet.print_title_rows = f"{header}:{header}"

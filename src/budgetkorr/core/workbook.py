"""The workbook for editing corrections (`budgetkorr export`, read back by `budgetkorr import`): its sheets and
the heading of each column, one place for both directions.

A correction is a row of the sheet "Korrektioner" (its one-line fields, then a column per row of the form's table
and year: "Udgifter 2027"), its texts a row of "Tekster", each way it is paid for a row of "Finansiering"; the rows
of the other sheets belong to a correction by its nr. The headings are the format, not text for a person: they are
Danish whatever the language of the messages, and the reader finds a column by its heading wherever it stands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from budgetkorr.models import YEAR_ROWS, Correction, FieldKind, Financing, fields_of

CORRECTIONS = "Korrektioner"
TEXTS = "Tekster"
FINANCING = "Finansiering"
GUIDE = "Vejledning"
LISTS = "Lister"  # hidden: the choices of the drop-down lists
NUMBER = "nr"
CELL_LIMIT = 32_767  # the most characters a cell holds in Excel (and in LibreOffice)
YES, NO = "ja", "nej"  # foreløbig as the workbook writes it

# The heading of each key of a correction (and of a financing, on its own sheet); a year row's heading is
# followed by the year: "Udgifter 2027".
HEADINGS = {
    "nr": "Nr",
    "titel": "Titel",
    "udvalg": "Udvalg",
    "status": "Status",
    "foreløbig": "Foreløbig",
    "prisniveau": "Prisniveau",
    "iværksættelse": "Iværksættelse",
    "indenfor_servicerammen": "Indenfor servicerammen",
    "udgifter": "Udgifter",
    "indtægter": "Indtægter",
    "netto": "Netto",
    "netto_indenfor": "Netto indenfor servicerammen",
    "fuldtidsstillinger": "Fuldtidsstillinger",
    "engangsudgifter": "Engangsudgifter",
    "bemærkning": "Bemærkning",
    "baggrund": "Baggrund",
    "økonomiske_konsekvenser": "Økonomiske konsekvenser",
}
FINANCING_HEADINGS = {"kilde": "Kilde", "reference": "Reference", "beløb": "Beløb", "tekst": "Tekst"}
TEXT_KINDS: frozenset[FieldKind] = frozenset({"text", "section"})


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the key it is read into, its year (a year row's), and its kind."""

    key: str
    kind: FieldKind
    year: int | None = None

    @property
    def heading(self) -> str:
        words = HEADINGS.get(self.key) or FINANCING_HEADINGS[self.key]
        return words if self.year is None else f"{words} {self.year}"


def _columns(fields: tuple[tuple[str, FieldKind], ...], years: tuple[int, ...]) -> tuple[Column, ...]:
    columns: list[Column] = []
    for key, kind in fields:
        if kind in YEAR_ROWS:
            columns += [Column(key, kind, year) for year in years]
        else:
            columns.append(Column(key, kind))
    return tuple(columns)


def _correction_fields(texts: bool) -> tuple[tuple[str, FieldKind], ...]:
    return tuple(
        (field.key, field.kind)
        for field in fields_of(Correction)
        if field.kind != "financing" and (field.kind in TEXT_KINDS) == texts
    )


def sheet_columns(years: tuple[int, ...]) -> dict[str, tuple[Column, ...]]:
    """The columns of each sheet the reader reads, in the order the workbook is written: nr first on each."""
    number = Column(NUMBER, "value")
    financing = tuple((field.key, field.kind) for field in fields_of(Financing))
    return {
        CORRECTIONS: _columns(_correction_fields(texts=False), years),
        TEXTS: (number, *_columns(_correction_fields(texts=True), years)),
        FINANCING: (number, *_columns(financing, years)),
    }


_YEAR_HEADING = re.compile(r"^(.*\S)\s+([0-9]{4})$")


def normal_heading(text: str) -> str:
    """A heading as it is compared: any case, `_` as a space, spaces collapsed (`økonomiske_konsekvenser` and
    `Økonomiske  konsekvenser` are one heading)."""
    return " ".join(unicodedata.normalize("NFC", text).replace("_", " ").split()).casefold()


def heading_key(sheet: str, heading: str) -> Column | None:
    """The column a heading on a sheet names (`Udgifter 2027` → udgifter, 2027; the file's key does too:
    `netto_indenfor 2027`), or None for a heading of no column of that sheet."""
    wanted = normal_heading(heading)
    match = _YEAR_HEADING.match(wanted)
    for column in sheet_columns((int(match[2]),) if match else ())[sheet]:
        key = column.key if column.year is None else f"{column.key} {column.year}"
        if wanted in (normal_heading(column.heading), normal_heading(key)):
            return column
    return None


def year_heading(heading: str) -> bool:
    """Whether a heading ends in a year, as a year row's does."""
    return bool(_YEAR_HEADING.match(normal_heading(heading)))

"""A workbook of corrections (`budgetkorr export`, or one filled in by hand from `export --tom`) → a form per row
of the sheet "Korrektioner", each value tied to the cell it came from.

Columns are found by their headings (core/workbook.py), wherever they stand, hidden or not; a heading that names no
column is told (an error where it looks like one of ours: `Udgifer 2027`, a warning for a column of the user's
own). A cell's value is taken as the workbook stores it: a number as a number (as Excel shows it: 15 significant
digits), text as text (`1,5` typed as text is an error at its cell, not a guess), a formula by the value it was
last computed to (none stored: an error at its cell). A row with a problem is not a form; the others are, and
`at_cells` puts every later problem of a form (its validation, a number in use) at the cell it is about.

openpyxl, an optional extra, is imported only here and only when a workbook is given.
"""

from __future__ import annotations

import difflib
import io
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, Severity, display_path
from budgetkorr.core.workbook import (
    CORRECTIONS,
    FINANCING,
    GUIDE,
    LISTS,
    NO,
    NUMBER,
    TEXT_KINDS,
    TEXTS,
    YES,
    Column,
    heading_key,
    normal_heading,
    sheet_columns,
    year_heading,
)
from budgetkorr.i18n import N_, _
from budgetkorr.importers.document import ParsedDocument
from budgetkorr.importers.extract import ImportedForm
from budgetkorr.importers.read import MAX_BYTES, MAX_DIRECTORY, MAX_PACKAGE, MAX_PART, MAX_RATIO, MIB, ReadError
from budgetkorr.models import (
    FINANCING_SOURCES,
    SERVICE_FRAMES,
    STATUSES,
    YEAR_ROWS,
    Correction,
    Financing,
    fields_of,
)
from budgetkorr.models.values import (
    MAX_AMOUNT,
    MAX_POSITIONS,
    MONEY_DECIMALS,
    POSITION_DECIMALS,
    UNKNOWN,
    is_unknown,
    number,
)
from budgetkorr.yamlread import read_limited

SUFFIX = ".xlsx"
EXTRA = "xlsx"
SIGNIFICANT = 15  # the digits Excel keeps of a number, and shows: 0.1 + 0.2 is 0.3 there, and here


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


@dataclass(frozen=True)
class Cell:
    """Where a value stands: a sheet, its row and column (1-based)."""

    sheet: str
    row: int
    column: int

    @property
    def name(self) -> str:
        """`Korrektioner!F7`, as a spreadsheet names it."""
        return f"{self.sheet}!{column_letters(self.column)}{self.row}"


def column_letters(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class WorkbookForms:
    """The forms of a workbook, the problems of the rows that are not forms, and the cell of each field of each
    form by its number (`udgifter.2027`, `finansiering[0].beløb.2026`, `baggrund`)."""

    parsed: ParsedDocument
    cells: dict[str, dict[str, Cell]]


class _Problem(Exception):
    """A cell's value can not be read; the message says why."""


@dataclass
class _Row:
    """A row of a sheet: its nr, its values by column, the cell of each, and whether a cell had a problem."""

    row: int
    number: str
    values: dict[Column, Any] = field(default_factory=dict)
    cells: dict[Column, Cell] = field(default_factory=dict)
    failed: bool = False


def read_workbook(path: Path, committee: str | None = None) -> WorkbookForms:
    """Every correction of the workbook at `path`; `committee` (--udvalg) where a row's Udvalg is empty. A file
    that is not a readable workbook is a `ReadError`."""
    raw, problem = read_limited(path, MAX_BYTES)
    if problem is not None:
        raise ReadError(problem.message)
    assert raw is not None
    sheets = _sheets(raw)
    return _Reader(path, committee).read(sheets)


# A grid: each row's cells as (value, formula without a stored value) from row 1 and column 1.
Grid = list[list[tuple[Any, str | None]]]


def _sheets(raw: bytes) -> dict[str, Grid]:
    try:
        import openpyxl
    except ImportError:
        message = _("openpyxl er ikke installeret; installér den med: pip install 'budgetkorr[{extra}]'")
        raise ReadError(message.format(extra=EXTRA)) from None
    formulas_in = _check_package(raw)
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        # read a second time for the formulas only where there are some (an exported workbook has none)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True) if formulas_in else values
        try:
            return {name: _grid(formulas[name], values[name]) for name in values.sheetnames}
        finally:
            formulas.close()
            values.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; each is bad input here
        raise ReadError(_("er ikke en læsbar Excel-projektmappe (.xlsx): {reason}").format(reason=exc)) from None


def _grid(formulas: Any, values: Any) -> Grid:
    """The sheet's cells; a formula whose computed value was not stored is kept as its text."""
    if not hasattr(values, "iter_rows"):  # a chart sheet: no cells
        return []
    grid: Grid = []
    for with_formulas, with_values in zip(
        formulas.iter_rows(min_row=1, min_col=1), values.iter_rows(min_row=1, min_col=1), strict=False
    ):
        row = []
        for formula, value in zip(with_formulas, with_values, strict=False):
            stored = getattr(value, "value", None)
            text = getattr(formula, "value", None)
            lacking = str(text) if getattr(formula, "data_type", None) == "f" and stored is None else None
            row.append((stored, lacking))
        grid.append(row)
    return grid


def _check_package(raw: bytes) -> bool:
    """The zip package's directory against the appendix limits (importers/read.py), before anything is inflated;
    then whether a sheet holds a formula."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_536 - _END.size))
    if end >= 0 and len(raw) - end >= _END.size and _END.unpack_from(raw, end)[5] > MAX_DIRECTORY:
        message = _("projektmappens liste over dens dele fylder over {mib} MiB; den pakkes ikke ud")
        raise ReadError(message.format(mib=MAX_DIRECTORY // MIB))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            parts = package.infolist()
            total = 0
            for part in parts:
                size = part.file_size
                if size > MAX_PART or (size > MIB and size > MAX_RATIO * max(part.compress_size, 1)):
                    message = _("projektmappens del {name!r} fylder {size} MiB udpakket; den pakkes ikke ud")
                    raise ReadError(message.format(name=part.filename, size=size // MIB))
                total += size
            if total > MAX_PACKAGE:
                message = _("projektmappen fylder {size} MiB udpakket (højst {mib} MiB); den pakkes ikke ud")
                raise ReadError(message.format(size=total // MIB, mib=MAX_PACKAGE // MIB))
            sheets = [part.filename for part in parts if part.filename.startswith(_SHEET_PARTS)]
            return any(_FORMULA.search(package.read(name)) for name in sheets)
    except (zipfile.BadZipFile, ValueError, OSError, KeyError) as exc:
        raise ReadError(_("er ikke en læsbar Excel-projektmappe (.xlsx): {reason}").format(reason=exc)) from None


_END = struct.Struct("<4sHHHHIIH")  # the zip format's end record; [5] is the size of the list of parts
_SHEET_PARTS = "xl/worksheets/"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cell's formula element, in any namespace prefix


class _Reader:
    """Reads the sheets into rows, and the rows of one nr into a form."""

    def __init__(self, path: Path, committee: str | None) -> None:
        self.path = path
        self.shown = display_path(path)
        self.committee = committee
        self.problems: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []

    def at(self, cell: Cell, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        found = Diagnostic(self.shown, cell.row, field, message, severity, cell=cell.name)
        (self.problems if severity is Severity.ERROR else self.notes).append(found)

    def read(self, sheets: dict[str, Grid]) -> WorkbookForms:
        if CORRECTIONS not in sheets:
            message = _("projektmappen har intet ark {sheet}; lav en med budgetkorr export --tom, og udfyld den")
            problem = Diagnostic(self.shown, 1, FILE_FIELD, message.format(sheet=CORRECTIONS))
            return WorkbookForms(ParsedDocument((), (problem,), ()), {})
        for name in sheets:
            if name not in (CORRECTIONS, TEXTS, FINANCING, GUIDE, LISTS):
                message = _("arket {sheet} læses ikke; korrektionerne står på arkene {sheets}")
                known = ", ".join((CORRECTIONS, TEXTS, FINANCING))
                self.at(Cell(name, 1, 1), FILE_FIELD, message.format(sheet=name, sheets=known), Severity.WARNING)
        rows = {name: self._rows(name, sheets.get(name, [])) for name in (CORRECTIONS, TEXTS, FINANCING)}
        forms, cells, failed = self._forms(rows)
        parsed = ParsedDocument(tuple(forms), tuple(self.problems), tuple(self.notes), failed=failed)
        return WorkbookForms(parsed, cells)

    def _columns(
        self, sheet: str, header: Sequence[tuple[Any, str | None]], grid: Grid
    ) -> tuple[dict[int, Column], dict[int, str]]:
        """The known columns of a sheet by index, and the headings refused (a misspelt one, one twice, one of
        another sheet) by index; every other heading told at its cell."""
        found: dict[int, Column] = {}
        refused: dict[int, str] = {}
        seen: dict[Column, Cell] = {}
        for index, (value, _formula) in enumerate(header, start=1):
            cell = Cell(sheet, 1, index)
            heading = "" if value is None else str(value).strip()
            if not heading:
                if any(index <= len(row) and row[index - 1][0] is not None for row in grid[1:]):
                    message = _("kolonnen har ingen overskrift og læses ikke")
                    self.at(cell, FILE_FIELD, message, Severity.WARNING)
                continue
            column = heading_key(sheet, heading)
            if column is None:
                if self._unknown(cell, heading):
                    refused[index] = heading
            elif column in seen:
                message = _("kolonnen {heading!r} står også i {cell}; slet den ene")
                self.at(cell, FILE_FIELD, message.format(heading=heading, cell=seen[column].name))
                refused[index] = heading
            else:
                found[index] = column
                seen[column] = cell
        if NUMBER not in {column.key for column in found.values()}:
            message = _("arket {sheet} har ingen kolonne Nr; hver række hører til en korrektion ved dens nr")
            self.at(Cell(sheet, 1, 1), FILE_FIELD, message.format(sheet=sheet))
        return found, refused

    def _unknown(self, cell: Cell, heading: str) -> bool:
        """A heading of no column: an error where it looks like one of ours (a misspelt amount is not dropped
        silently), else a warning (a column of the user's own notes)."""
        year = heading.rsplit(" ", 1)[1] if year_heading(heading) else None
        label = heading.rsplit(" ", 1)[0] if year else heading
        columns = {column.heading.removesuffix(" 0"): column for column in sheet_columns((0,))[cell.sheet]}
        close = difflib.get_close_matches(normal_heading(label), [normal_heading(name) for name in columns], n=1)
        wrong_sheet = [
            other for other in (CORRECTIONS, TEXTS, FINANCING) if other != cell.sheet and heading_key(other, heading)
        ]
        if wrong_sheet:
            message = _("kolonnen {heading!r} hører til arket {sheet}; den læses ikke her")
            self.at(cell, FILE_FIELD, message.format(heading=heading, sheet=wrong_sheet[0]))
            return True
        if close or year:
            name = next((name for name in columns if close and normal_heading(name) == close[0]), None)
            meant = name if name is None or columns[name].year is None else f"{name} {year or 'ÅÅÅÅ'}"
            hint = _("mente du {heading}? ").format(heading=meant) if meant else ""
            known = ", ".join(name if column.year is None else f"{name} ÅÅÅÅ" for name, column in columns.items())
            message = _("kolonnen {heading!r} er ukendt; {hint}kolonnerne her er: {known}")
            self.at(cell, FILE_FIELD, message.format(heading=heading, hint=hint, known=known))
            return True
        message = _("kolonnen {heading!r} er ikke budgetkorrs og læses ikke")
        self.at(cell, FILE_FIELD, message.format(heading=heading), Severity.WARNING)
        return False

    def _rows(self, sheet: str, grid: Grid) -> list[_Row]:
        if not grid:
            return []
        columns, refused = self._columns(sheet, grid[0], grid)
        number_at = next((index for index, column in columns.items() if column.key == NUMBER), None)
        if number_at is None:
            return []
        rows: list[_Row] = []
        for row_number, cells in enumerate(grid[1:], start=2):
            used = [(index, cells[index - 1]) for index in columns if index <= len(cells)]
            if all(value is None and formula is None for _index, (value, formula) in used):
                continue
            number_value = cells[number_at - 1][0] if number_at <= len(cells) else None
            row = _Row(row_number, str(number_value).strip() if number_value is not None else "")
            for index, (value, formula) in used:
                column, cell = columns[index], Cell(sheet, row_number, index)
                row.cells[column] = cell
                self._cell(row, column, cell, value, formula)
            for index, heading in refused.items():  # a value under a misspelt heading is not dropped silently
                if index <= len(cells) and cells[index - 1] != (None, None):
                    message = _("står under overskriften {heading!r}, som ikke læses (se række 1); ret overskriften")
                    self.at(Cell(sheet, row_number, index), row.number or NUMBER, message.format(heading=heading))
                    row.failed = True
            if not row.number:
                message = _("rækken har intet nr; skriv korrektionens nr (fx T105), eller slet rækken")
                self.at(Cell(sheet, row_number, number_at), NUMBER, message)
                continue
            rows.append(row)
        return rows

    def _cell(self, row: _Row, column: Column, cell: Cell, value: Any, formula: str | None) -> None:
        where = _field_text(column)
        field_name = f"{row.number} {where}" if row.number else where
        if formula is not None:
            message = _(
                "formlen {formula} har ingen gemt værdi (projektmappen er gemt af et program, der ikke regner "
                "formler ud); åbn og gem den i Excel eller LibreOffice, eller skriv værdien"
            )
            self.at(cell, field_name, message.format(formula=formula))
            row.failed = True
            return
        try:
            read = _value(column, value)
        except _Problem as problem:
            self.at(cell, field_name, str(problem))
            row.failed = True
            return
        if read is not None:
            row.values[column] = read

    def _forms(self, rows: dict[str, list[_Row]]) -> tuple[list[ImportedForm], dict[str, dict[str, Cell]], int]:
        """A form per row of Korrektioner with its Tekster row and Finansiering rows; a nr with a problem in any of
        them is not a form."""
        main: dict[str, _Row] = {}
        for row in rows[CORRECTIONS]:
            if row.number in main:
                message = _("{nr} står også i række {row}; hver korrektion har én række")
                self.at(row.cells[_NUMBER], NUMBER, message.format(nr=row.number, row=main[row.number].row))
                main[row.number].failed = True
                continue
            main[row.number] = row
        texts: dict[str, _Row] = {}
        for row in rows[TEXTS]:
            if row.number not in main:
                self._stray(row, TEXTS)
            elif row.number in texts:
                message = _("{nr} står også i række {row}; hver korrektion har én række med tekster")
                self.at(row.cells[_NUMBER], NUMBER, message.format(nr=row.number, row=texts[row.number].row))
                main[row.number].failed = True
            else:
                texts[row.number] = row
        financing: dict[str, list[_Row]] = {}
        for row in rows[FINANCING]:
            if row.number not in main:
                self._stray(row, FINANCING)
            else:
                financing.setdefault(row.number, []).append(row)
        forms: list[ImportedForm] = []
        cells: dict[str, dict[str, Cell]] = {}
        failed = 0
        for nr, row in main.items():
            text_row, paid = texts.get(nr), financing.get(nr, [])
            if text_row is None:
                message = _("{nr} har ingen række på arket {sheet}; baggrund og økonomiske konsekvenser står dér")
                self.at(row.cells[_NUMBER], f"{nr} {NUMBER}", message.format(nr=nr, sheet=TEXTS))
                row.failed = True
            if text_row is not None:
                self._required(nr, row, text_row)
            if row.failed or any(r.failed for r in (text_row, *paid) if r is not None):
                failed += 1
                continue
            assert text_row is not None
            found = _form_cells(row, text_row, paid)
            cells[nr] = found
            data = self._data(row, text_row, paid)
            title = data.get("titel")
            lines = {key: cell.row for key, cell in found.items() if "." not in key and "[" not in key}
            forms.append(ImportedForm(nr, title if isinstance(title, str) else "", row.row, data, (), {}, lines))
        return forms, cells, failed

    def _required(self, nr: str, row: _Row, text_row: _Row) -> None:
        """Each field a correction must have, told at its empty cell (or at nr where its column is missing)."""
        for key, kind in _REQUIRED:
            source = text_row if kind in TEXT_KINDS else row
            if any(column.key == key for column in source.values) or (key == "udvalg" and self.committee):
                continue
            cell = next((cell for column, cell in source.cells.items() if column.key == key), None)
            heading = Column(key, kind).heading
            if cell is None:
                message = _("skal udfyldes, men arket {sheet} har ingen kolonne {heading}")
                self.at(
                    source.cells[_NUMBER],
                    f"{nr} {key}",
                    message.format(
                        sheet=TEXTS if source is text_row else CORRECTIONS,
                        heading=heading + (" ÅÅÅÅ" if kind in YEAR_ROWS else ""),
                    ),
                )
            else:
                message = (
                    _("{heading} skal udfyldes")
                    if kind not in YEAR_ROWS
                    else _("{heading} skal udfyldes for hvert af korrektionens år")
                )
                self.at(cell, f"{nr} {key}", message.format(heading=heading))
            source.failed = True

    def _stray(self, row: _Row, sheet: str) -> None:
        message = _("{nr} har ingen række på arket {sheet}; rækken hører ikke til nogen korrektion")
        self.at(row.cells[_NUMBER], f"{row.number} {NUMBER}", message.format(nr=row.number, sheet=CORRECTIONS))

    def _data(self, row: _Row, text_row: _Row, paid: list[_Row]) -> dict[str, Any]:
        """The correction in the file's keys and order."""
        values = {**row.values, **text_row.values}
        data: dict[str, Any] = {}
        for form_field in fields_of(Correction):
            key = form_field.key
            if form_field.kind in YEAR_ROWS:
                amounts = _year_row(values, key)
                if amounts:
                    data[key] = amounts
            elif form_field.kind == "financing":
                if paid:
                    data[key] = [_financing(entry) for entry in paid]
            else:
                value = next((v for column, v in values.items() if column.key == key), None)
                if value is None and key == "udvalg":
                    value = self.committee
                if value is None and key == "foreløbig":
                    value = False  # as the importer writes every file: foreløbig said either way
                if value is not None:
                    data[key] = value
        return data


_NUMBER = Column(NUMBER, "value")
# The fields a correction must have (financing aside: a row of its own), with their kind.
_REQUIRED = tuple(
    (form_field.key, form_field.kind)
    for form_field in fields_of(Correction)
    if form_field.kind != "financing" and Correction.model_fields[form_field.name].is_required()
)


def _year_row(values: dict[Column, Any], key: str) -> dict[int, Any]:
    return {
        column.year: value
        for column, value in sorted(values.items(), key=_by_year)
        if column.key == key and column.year is not None
    }


def _by_year(item: tuple[Column, Any]) -> int:
    return item[0].year or 0


def _financing(row: _Row) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for form_field in fields_of(Financing):
        if form_field.kind in YEAR_ROWS:
            amounts = _year_row(row.values, form_field.key)
            if amounts:
                entry[form_field.key] = amounts
            continue
        value = next((v for column, v in row.values.items() if column.key == form_field.key), None)
        if value is not None:
            entry[form_field.key] = value
    return entry


def _field_text(column: Column) -> str:
    return column.key if column.year is None else f"{column.key}.{column.year}"


def _form_cells(row: _Row, text_row: _Row, paid: list[_Row]) -> dict[str, Cell]:
    """The cell of each field of a form as a problem names it (`udgifter.2027`; a whole row at its first year)."""
    cells: dict[str, Cell] = {}
    for source in (row, text_row):
        for column, cell in source.cells.items():
            if column.key == NUMBER and source is text_row:
                continue
            cells[_field_text(column)] = cell
            cells.setdefault(column.key, cell)
    for index, entry in enumerate(paid):
        where = f"finansiering[{index}]"
        cells[where] = entry.cells[_NUMBER]
        for column, cell in entry.cells.items():
            if column.key != NUMBER:
                cells[f"{where}.{_field_text(column)}"] = cell
                cells.setdefault(f"{where}.{column.key}", cell)
    return cells


# --- one cell's value ----------------------------------------------------------------------------------------


def _value(column: Column, value: Any) -> Any:
    """The value of a cell for its column, or None for an empty one; `_Problem` for what can not be read."""
    if value is None or (isinstance(value, str) and not value.strip() and column.kind not in ("text", "section")):
        return None
    if column.kind in YEAR_ROWS:
        return _amount(value, column.kind == "positions")
    if column.key == "foreløbig":
        return _yes_no(value)
    if column.key == "iværksættelse":
        return _date(value)
    if column.key == "prisniveau":
        return _whole(value)
    text = _text(value)
    word = text.strip().lower()
    return word if word in _WORDS.get(column.key, ()) else text  # Forslag as the file writes it: forslag


# The words a drop-down list offers, as the file writes them whatever the case they are typed in.
_WORDS = {"status": STATUSES, "indenfor_servicerammen": SERVICE_FRAMES, "kilde": FINANCING_SOURCES}


def excel_number(value: float | int) -> Decimal:
    """A number as Excel keeps and shows it, exactly: at most 15 significant digits (0.1 + 0.2 is 0.3)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(format(value, f".{SIGNIFICANT}g"))


def _amount(value: Any, positions: bool) -> Decimal | str:
    """An amount (or a number of positions) exactly as the cell holds it: more decimals than the file has are an
    error here, before the file's writer would round them away."""
    if isinstance(value, bool):
        raise _Problem(_("{value} er en sand/falsk-værdi, ikke et tal").format(value=str(value).upper()))
    if isinstance(value, int | float):
        what, decimals = (
            (N_("et antal fuldtidsstillinger"), POSITION_DECIMALS)
            if positions
            else (N_("et beløb i mio. kr."), MONEY_DECIMALS)
        )
        try:
            return number(excel_number(value), what, decimals, MAX_POSITIONS if positions else MAX_AMOUNT)
        except PydanticCustomError as exc:
            raise _Problem(exc.message()) from None
    if isinstance(value, datetime | date | time):
        raise _Problem(_("cellen er en dato, ikke et tal; skriv beløbet som et tal"))
    text = str(value)
    if is_unknown(text):
        return UNKNOWN
    if text.startswith("#"):
        raise _Problem(_("cellen viser fejlen {error}; ret formlen, eller skriv tallet").format(error=text))
    raise _Problem(
        _(
            "{value} er tekst, ikke et tal; skriv tallet i cellen som et tal (en celle formateret som tekst gemmer "
            "det som tekst)"
        ).format(value=text.strip())
    )


_YES = {YES, "true", "sand"}
_NO = {NO, "false", "falsk"}


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in _YES or word in _NO:
        return word in _YES
    raise _Problem(_("{value!r} er hverken ja eller nej; vælg ja eller nej").format(value=str(value)))


def _date(value: Any) -> date | str:
    if isinstance(value, datetime):
        if value.time() != time():
            raise _Problem(_("{value} er et tidspunkt, ikke en dato").format(value=value.isoformat(sep=" ")))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return value.strip()  # the model reads 2026-01-01 and explains anything else
    raise _Problem(
        _("{value} er et tal, ikke en dato; skriv datoen som år-måned-dag, fx 2026-01-01").format(value=value)
    )


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # the model reads a year, and explains anything else


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _Problem(_("{value} er en sand/falsk-værdi, ikke tekst").format(value=str(value).upper()))
    if isinstance(value, int | float):
        return f"{excel_number(value):f}"
    raise _Problem(_("cellen er en dato, som regnearket har lavet af teksten; skriv den som tekst"))


# --- every later problem of a form at its cell ---------------------------------------------------------------


def at_cells(diagnostics: Iterable[Diagnostic], path: Path, cells: dict[str, dict[str, Cell]]) -> Iterator[Diagnostic]:
    """Each problem of a form of this workbook (`T105 udgifter.2027`, at a line) at the cell it is about: the
    field's own, else the nearest that holds it (the row's first year, the financing row), else the row's nr."""
    shown = display_path(path)
    for diagnostic in diagnostics:
        number, _space, where = diagnostic.field.partition(" ")
        found = cells.get(number) if diagnostic.path == shown and not diagnostic.cell else None
        if found is None:
            yield diagnostic
            continue
        cell = found.get(where)
        while cell is None and where:
            where = where[: max(where.rfind("."), where.rfind("["), 0)]
            cell = found.get(where)
        cell = cell or found[NUMBER]
        yield replace(diagnostic, line=cell.row, cell=cell.name)

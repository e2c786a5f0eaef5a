"""The third stage: one form's lines and its layout → its correction data, each doubt and problem at an input line.

`extract(lines, span, context)` reads the form in steps that hand each other values: the title and number
(`Title`), the box (`Box`: the years, the unit, the rows' cells, the side column, what stands below it), the two
text sections (`Sections`); then the amounts (converted from the unit the price line names to mio. kr., exactly),
the side column (the start date and the service frame's answer, in the layout's words and places), and the
proposals read from the text (foreløbig, a one-off expense, financing). budgetkorr's own form (`show`) is read the
same way, its "Udvalg: … Status: …" line and "Finansiering" block included, and its text line for line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkorr.core import numbers
from budgetkorr.core.diagnostics import Diagnostic, error, warning
from budgetkorr.i18n import _
from budgetkorr.importers import financing, words
from budgetkorr.importers.layout import UNITS, Layout
from budgetkorr.importers.normalise import GROUP, is_furniture
from budgetkorr.importers.prose import Line, clean
from budgetkorr.importers.segment import (
    CONVERTED_HEADING,
    META,
    NUMBER_AT_END,
    NUMBER_AT_START,
    TITLE_HEADER,
    Span,
    next_text,
)
from budgetkorr.models import Committee, Correction, field_by_key, fields_of
from budgetkorr.models.values import MONEY_DECIMALS, POSITION_DECIMALS, UNKNOWN

# The rest of netto outside the service frame, under a split (budgetkorr's own form): shown, not read.
SPLIT_REST = re.compile(r"^\s*heraf\s+udenfor\s+(?:service)?rammen\b", re.IGNORECASE)
# budgetkorr's own form in another price level: a heading, then the converted amounts up to a blank line; the form
# as written is what is read.
CONVERTED = re.compile(r"^\s*Omregnet\s+til\s+\d{4}-priser\s+\(skrevet\s+i\s+\d{4}-priser\b", re.IGNORECASE)
PRICE_LEVEL = re.compile(r"(\d{4})\s*-?\s*(?:priser|pl\b|prisniveau)", re.IGNORECASE)
FINANCING_HEADING = re.compile(r"^Finansiering\s*$")
FINANCING_ROW = re.compile(r"^  (?P<source>kassen|anlæg|drift|indtægter)\b(?P<rest>.*)$")
RULE = re.compile(r"^\s*([=_*~#-])\1{9,}\s*$")
NOT_FINAL = re.compile(r"opdateres\s+med\s+tal|x,xxx|foreløbig|tallene\s+er\s+ikke\s+endelige", re.IGNORECASE)
ONE_OFF = re.compile(r"^Engangsudgift(?:er)?\b.*$", re.IGNORECASE)
MISSING = "–"  # a year without an amount in budgetkorr's own financing and one-off rows
BLANK_CELL = re.compile(r"^[-–—]$")  # a cell a table leaves empty
_NUMBER_LIKE = re.compile(r"^[-+(,.\d–—]")
_CELL_GAP = re.compile(rf"[^\S{GROUP}]+")  # cells are apart by spaces, not by the space inside `2 093,8`


@dataclass(frozen=True)
class ImportedForm:
    """One form as correction data in the file's keys and order; its doubts (warnings: a value the parser chose
    but could not be sure of, for the user to check), the keys whose value is a proposal to confirm, the input
    line of each key, and what the file says above a key about its source (the unit an amount was written in)."""

    number: str
    title: str
    line: int
    data: dict[str, Any]
    doubts: tuple[Diagnostic, ...]
    proposals: dict[str, int]
    lines: dict[str, int]
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What every form of one document is read with."""

    path: Path | str
    layout: Layout
    furniture: frozenset[str]
    structure: Callable[[str], bool]  # a line of the form itself, never page furniture
    committees: Sequence[Committee]
    committee: str | None  # the user's, for every form (--udvalg)
    reflow: bool
    heading: str | None = None  # the committee the document's heading names: the forms' without one of their own


@dataclass(frozen=True)
class Extracted:
    """A form read (None when it could not be), the problems that stopped it, the furniture lines left out."""

    form: ImportedForm | None
    problems: tuple[Diagnostic, ...]
    dropped: tuple[int, ...]


@dataclass(frozen=True)
class Title:
    number: str
    text: str
    line: int
    meta: Line | None  # budgetkorr's own "Udvalg: … Status: …" line
    marks: tuple[str, ...] = ()  # the lines between it and the box (the Word appendix's "Foreløbig: …")


@dataclass(frozen=True)
class Box:
    header: Line
    years: list[int]
    unit: str  # a key of layout.UNITS
    rows: dict[str, tuple[Line, list[str]]]
    total: dict[str, str]  # a row's "i alt" cell, where the layout has one
    side: list[tuple[int, str]]
    after: list[Line]
    background_at: int


@dataclass(frozen=True)
class Sections:
    background: str
    consequences: str
    background_lines: list[Line]
    consequence_lines: list[Line]


class _Notes:
    """The problems, doubts, lines and proposals of one form, collected as it is read."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.number = ""
        self.problems: list[Diagnostic] = []
        self.doubts: list[Diagnostic] = []
        self.where: dict[str, int] = {}
        self.proposals: dict[str, int] = {}
        self.comments: dict[str, list[str]] = {}
        self.dropped: list[int] = []

    def label(self, key: str) -> str:
        return f"{self.number} {key}" if self.number else key

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(error(self.path, line, self.label(key), message))

    def doubt(self, line: int, key: str, message: str) -> None:
        self.doubts.append(warning(self.path, line, self.label(key), message))


def extract(lines: Sequence[Line], span: Span, context: Context) -> Extracted:
    """The form between `span.start` and `span.end` of the document's (normalised) lines."""
    form_lines = lines[span.start : span.end]
    anchor = span.anchor - span.start
    notes = _Notes(context.path)
    form = _read(form_lines, anchor, context, notes)
    return Extracted(form if not notes.problems else None, tuple(notes.problems), tuple(notes.dropped))


def _read(lines: Sequence[Line], anchor: int, context: Context, notes: _Notes) -> ImportedForm | None:
    title = _title(lines, anchor, context, notes)
    if title is None:
        return None
    own = title.meta is not None  # budgetkorr's own form: explicit committee, status, financing; text as lines
    reflow = context.reflow and not own
    data: dict[str, Any] = {"nr": title.number, "titel": title.text}
    _meta(title, context, data, notes)
    box = _box(lines, anchor, context.layout, own, notes)
    if box is None:
        return None
    sections = _sections(lines, box.background_at, context, own, reflow, notes)
    if sections is None:
        return None
    data["foreløbig"] = data.get("foreløbig", False)
    _price_and_rows(box, context.layout, data, notes)
    _side(box, context.layout, data, notes)
    remark, financing_block = _after_box(box.after, context, own, title.meta)
    if notes.problems:
        return None
    text_lines = sections.background_lines + sections.consequence_lines
    if not own:
        _not_final(data, remark, text_lines, box.rows, notes)
        _one_off(data, box.years, sections.consequences, sections.consequence_lines, title.line, notes)
    if remark:
        data["bemærkning"] = "\n".join(text for _, text in remark)
        notes.where["bemærkning"] = remark[0][0]
    if own:
        entries = _own_financing(financing_block, box.years, context.layout, notes)
        if entries:
            data["finansiering"] = entries
        elif any(line.text.strip() for line in financing_block):  # a block in a shape not read: never dropped unsaid
            message = _(
                "finansieringen står på skemaet, men kunne ikke læses; skriv den i filen, som skemaet viser den"
            )
            notes.doubt(next(line.number for line in financing_block if line.text.strip()), "finansiering", message)
    else:
        _propose_financing(data, box.years, sections, title.line, notes)
    if notes.problems:
        return None
    data["baggrund"] = sections.background
    data["økonomiske_konsekvenser"] = sections.consequences
    ordered = {f.key: data[f.key] for f in fields_of(Correction) if f.key in data}
    comments = {key: tuple(texts) for key, texts in notes.comments.items()}
    return ImportedForm(
        title.number, title.text, title.line, ordered, tuple(notes.doubts), notes.proposals, notes.where, comments
    )


# --- the title and the number ---------------------------------------------------------------------------------


def _title(lines: Sequence[Line], anchor: int, context: Context, notes: _Notes) -> Title | None:
    parts: list[str] = []
    marks: list[str] = []
    meta: Line | None = None
    number_line: Line | None = None
    first: Line | None = None
    number = ""
    ignored = context.layout.ignored
    for line in lines[:anchor]:
        text = line.text.strip()
        if not text or TITLE_HEADER.match(text) or (ignored is not None and ignored.match(text)):
            continue
        if META.match(text):
            meta = line
            continue
        if meta is not None and number:
            marks.append(text)  # below budgetkorr's own meta line: the form's marks, not its title
            continue
        if meta is None and is_furniture(line, context.furniture, context.structure) and not NUMBER_AT_END.search(text):
            continue
        first = first or line
        match = NUMBER_AT_END.search(text)
        if match and not number:
            number = match.group(1)
            number_line = line
            text = text[: match.start()].strip()
        elif not number and (heading := NUMBER_AT_START.match(text)):
            number, number_line, parts = heading.group(1), line, []  # the title begins here, with its number
            text = text[heading.end() :]
        text = re.sub(r"^Titel\s*:\s*", "", text, flags=re.IGNORECASE)
        if text:
            parts.append(text if meta is not None or not context.reflow else " ".join(text.split()))
    title_line = (number_line or first or lines[anchor]).number
    if not number:
        where = first.number if first else lines[anchor].number
        message = _("skemaet har intet nummer (som T105) i titellinjen; formularen er ikke læst")
        notes.problems.append(error(context.path, where, "nr", message))
        return None
    notes.number = number
    if not parts:
        notes.problem(title_line, "titel", _("skemaet har ingen titel"))
    notes.where["nr"] = notes.where["titel"] = title_line
    return Title(number, _join_title(parts), title_line, meta, tuple(marks))


def _join_title(parts: Sequence[str]) -> str:
    title = ""
    for part in parts:
        if not title:
            title = part
        elif re.search(r"[^\W\d_]-$", title) and not re.match(r"(?:og|eller|samt)\b", part):
            title += part
        else:
            title += " " + part
    return title


def _meta(title: Title, context: Context, data: dict[str, Any], notes: _Notes) -> None:
    """budgetkorr's own "Udvalg: … Status: …" line, or the document's committee."""
    if title.meta is not None:
        match = META.match(title.meta.text.strip())
        assert match is not None
        named = re.fullmatch(r"(?P<name>.+) \((?P<abbreviation>[^()]*)\)", match["udvalg"])
        # the form's own committee, unless the user named one for every form: a heading above (the Word appendix's
        # committee part) is the first form's, not every form's
        data["udvalg"] = context.committee or (named["name"] if named else match["udvalg"])
        data["status"] = match["status"].lower()
        marked = any(mark.lower().startswith("foreløbig") for mark in title.marks)
        data["foreløbig"] = "foreløbig" in match["rest"] or marked
        notes.where["udvalg"] = notes.where["status"] = title.meta.number
        return
    data["status"] = "forslag"
    committee = context.committee or context.heading
    if committee is None:
        message = _("dokumentets overskrift nævner intet udvalg; angiv det med --udvalg (fx --udvalg ØK)")
        notes.problem(title.line, "udvalg", message)
        return
    data["udvalg"] = committee
    notes.where["udvalg"] = title.line
    digit = int(title.number[1])
    by_number = next((c for c in context.committees if c.number == digit), None)
    chosen = next((c for c in context.committees if c.matches(committee)), None)
    if by_number is not None and chosen is not None and by_number.number != chosen.number:
        message = _(
            "nummeret {nr} peger på udvalg {digit} ({other}), men skemaet står i {chosen}s dokument; "
            "ret udvalg, hvis korrektionen hører under {other}"
        )
        notes.doubt(
            title.line, "udvalg", message.format(nr=title.number, digit=digit, other=by_number.name, chosen=chosen.name)
        )


# --- the box ----------------------------------------------------------------------------------------------------


def cells_of(text: str) -> list[str]:
    """A row's cells: apart by spaces (`2 093,8`, its groups apart by a narrow space, is one cell)."""
    return [cell for cell in _CELL_GAP.split(text) if cell]


def _box(lines: Sequence[Line], anchor: int, layout: Layout, own: bool, notes: _Notes) -> Box | None:
    header = lines[anchor]
    level = PRICE_LEVEL.search(header.text)
    unit_match = layout.price_line.match(header.text)
    unit = layout.unit_of(unit_match.group(1)) if unit_match else "mio. kr."
    rest = header.text[level.end() :] if level else layout.price_line.sub("", header.text, count=1)
    tokens = rest.replace(")", " ").split()
    where = header.number
    if not any(re.fullmatch(r"\d{4}", token) for token in tokens[:1]):
        # the years on a line of their own below the price line, as some extractions put them
        below = next_text(lines, anchor)
        if below is not None and re.match(r"\s*\d{4}\s", lines[below].text + " "):
            side_before = " ".join(tokens)
            tokens = lines[below].text.split()
            where = lines[below].number
            if side_before:
                tokens.append(side_before)
    years: list[int] = []
    while tokens and re.fullmatch(r"\d{4}", tokens[0]):
        years.append(int(tokens.pop(0)))
    side: list[tuple[int, str]] = [(where, " ".join(tokens))] if tokens else []
    if not years:
        notes.problem(header.number, "udgifter", _("prislinjen nævner ingen år (fx 2026 2027 2028 2029)"))
        return None
    with_total = "i_alt" in layout.cells
    rows: dict[str, tuple[Line, list[str]]] = {}
    total: dict[str, str] = {}
    after: list[Line] = []
    background_at = None
    converted = False  # inside the block of converted amounts
    to_the_texts = False  # the block is the Word appendix's (a heading of its own): it runs to the texts
    for offset in range(anchor + 1, len(lines)):
        line = lines[offset]
        text = line.text.strip()
        if layout.background.match(text):
            background_at = offset
            break
        if CONVERTED_HEADING.match(text):
            converted, to_the_texts = True, not CONVERTED.match(text)
        elif not to_the_texts:
            converted = converted and bool(text)  # `show`'s block ends at an empty line
        ignored = layout.ignored is not None and bool(layout.ignored.match(text))
        if converted or not text or ignored or layout.legend.match(text) or SPLIT_REST.match(text):
            continue
        row = next(((key, m) for key, pattern in layout.rows.items() if (m := pattern.match(text))), None)
        if row is not None and not after and row[0] not in rows:
            key, match = row
            cells = cells_of(match.group(1))
            if cells and not (_NUMBER_LIKE.match(cells[0]) or words.PLACEHOLDER.match(cells[0])):
                cells, rest_text = [], " ".join(cells)  # no figures at all: the row's words are side text
                side.append((line.number, rest_text))
            cells, beside = _before_side(cells, layout)
            count = len(years) + (1 if with_total and len(cells) > len(years) else 0)
            rows[key] = (line, cells[: len(years)])
            if count > len(years):
                total[key] = cells[len(years)]
            if len(cells) > count or beside:
                side.append((line.number, " ".join([*cells[count:], *beside])))
        elif _side_text(rows, after, text, own, layout):
            side.append((line.number, text))
        else:
            after.append(line)
    if background_at is None:
        message = _("afsnittet '{heading}' mangler").format(heading=layout.headings[0])
        notes.problem(header.number, "baggrund", message)
        return None
    return Box(header, years, unit, rows, total, side, after, background_at)


def _before_side(cells: list[str], layout: Layout) -> tuple[list[str], list[str]]:
    """A row's cells and, apart, the side column's words after them: `-120,0 -120,0 -120,0 Indenfor servicerammen:`
    has three figures, not a fourth called 'Indenfor', so that a missing year is told as one."""
    for index, cell in enumerate(cells):
        if index and not _NUMBER_LIKE.match(cell) and layout.side_label.match(" ".join(cells[index:])):
            return cells[:index], cells[index:]
    return cells, []


def _side_text(
    rows: dict[str, tuple[Line, list[str]]], after: list[Line], text: str, own: bool, layout: Layout
) -> bool:
    """Inside the box (before its last row) every other line is side text; below it only the side column's
    labels and a yes/no are (in budgetkorr's own form, nothing below the box is)."""
    inside = "fuldtidsstillinger" not in rows and "engangsudgifter" not in rows
    if inside or own:
        return inside
    return not after and bool(layout.side_label.search(text) or layout.frame(text))


def _sections(
    lines: Sequence[Line], background_at: int, context: Context, own: bool, reflow: bool, notes: _Notes
) -> Sections | None:
    rest = lines[background_at + 1 :]
    at = next((i for i, line in enumerate(rest) if context.layout.consequences.match(line.text.strip())), None)
    if at is None:
        message = _("afsnittet '{heading}' mangler").format(heading=context.layout.headings[1])
        notes.problem(lines[background_at].number, "økonomiske_konsekvenser", message)
        return None
    kept: Callable[[Line], bool] = (
        (lambda line: not is_furniture(line, context.furniture, context.structure)) if not own else (lambda line: True)
    )
    background_lines = [line for line in rest[:at] if kept(line)]
    consequence_lines = [line for line in rest[at + 1 :] if kept(line)]
    while consequence_lines and (not consequence_lines[-1].text.strip() or RULE.match(consequence_lines[-1].text)):
        consequence_lines.pop()  # a rule between forms (show writes one) is not text
    part = _next_part(consequence_lines, context.committees)
    notes.dropped += [line.number for line in consequence_lines[part:] if line.text.strip()]
    del consequence_lines[part:]
    notes.dropped += [line.number for line in rest if line.text.strip() and not kept(line)]
    background = clean(background_lines, reflow=reflow, shape=not own)
    consequences = clean(consequence_lines, reflow=reflow, shape=not own)
    notes.where["baggrund"] = lines[background_at].number
    notes.where["økonomiske_konsekvenser"] = rest[at].number
    for key, text in (("baggrund", background), ("økonomiske_konsekvenser", consequences)):
        if not text.strip():
            notes.problem(notes.where[key], key, _("afsnittet er tomt"))
    return Sections(background, consequences, background_lines, consequence_lines)


def _next_part(lines: Sequence[Line], committees: Sequence[Committee]) -> int:
    """Where the next committee's part of the appendix begins at the end of a form's last section, or the end: a
    line that is only a committee's name (its heading, as budgetkorr's Word appendix has), followed by at most two
    short lines before the next form (the part's subtitle). Such a heading is never the form's text."""
    shown = [index for index, line in enumerate(lines) if line.text.strip()]
    for index in reversed(shown[-3:]):
        if any(committee.name == lines[index].text.strip() for committee in committees):
            after = [lines[i].text.strip() for i in shown if i > index]
            if all(len(text) <= 80 and not text.endswith(".") for text in after):
                return index
    return len(lines)


# --- the amounts --------------------------------------------------------------------------------------------------


def _cell_value(cell: str, layout: Layout) -> Decimal | words.Unreadable:
    """A cell's number, read as the layout writes numbers: parentheses a negative where it says so."""
    return words.read_number(cell, parentheses_negative=layout.parentheses_negative)


def _amounts(
    key: str, line: Line, cells: list[str], years: list[int], decimals: int, unit: str, layout: Layout, notes: _Notes
) -> dict[int, Decimal | str]:
    values: dict[int, Decimal | str] = {}
    money = decimals == MONEY_DECIMALS  # an amount; full-time positions are counted, not priced
    if not cells and layout.blank_is_zero:
        return {year: Decimal(0) for year in years}  # an empty row, which this layout says is 0
    if len(cells) < len(years):
        message = _("rækken har {found} tal, men prislinjen har {wanted} år ({years})")
        notes.problem(
            line.number, key, message.format(found=len(cells), wanted=len(years), years=" ".join(map(str, years)))
        )
        return values
    factor = UNITS[unit] if money else Decimal(1)
    for year, cell in zip(years, cells, strict=True):
        if words.PLACEHOLDER.match(cell):
            # a figure to come stays unknown (the form is then foreløbig); a count of positions is 0
            values[year] = UNKNOWN if money else Decimal(0)
            continue
        if BLANK_CELL.match(cell):
            if layout.blank_is_zero:
                values[year] = Decimal(0)
                continue
            message = _("cellen er tom ({cell}); skriv 0, hvis der ikke er et beløb i {year}")
            notes.problem(line.number, f"{key}.{year}", message.format(cell=cell, year=year))
            continue
        read = _cell_value(cell, layout)
        if isinstance(read, words.Unreadable):
            notes.problem(line.number, f"{key}.{year}", read.message)
            continue
        value = read * factor
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimals:
            if factor != 1:
                message = _(
                    "{cell} {unit} er {value} mio. kr.; en korrektion har højst {decimals} decimaler i mio. kr. "
                    "(hele 1.000 kr.), så afrund beløbet selv"
                )
                text = message.format(cell=cell, unit=unit, value=numbers.danish_exact(value), decimals=decimals)
            else:
                text = _("{value} har mere end {decimals} decimaler").format(value=value, decimals=decimals)
            notes.problem(line.number, f"{key}.{year}", text)
            continue
        values[year] = value
    if money and factor != 1 and any(value != 0 for value in values.values()):
        message = _("skrevet i {unit} i kilden: {cells}; omregnet til mio. kr.")
        written = " ".join(cell.replace(GROUP, " ") for cell in cells)
        notes.comments.setdefault(key, []).append(message.format(unit=unit, cells=written))
    return values


def _total(key: str, box: Box, values: dict[int, Decimal | str], layout: Layout, notes: _Notes) -> None:
    """A row's "i alt" cell is the sum of its years: checked, not kept."""
    cell = box.total.get(key)
    if cell is None or len(values) != len(box.years) or UNKNOWN in values.values():
        return
    read = Decimal(0) if BLANK_CELL.match(cell) and layout.blank_is_zero else _cell_value(cell, layout)
    money = field_by_key(Correction, key).kind != "positions"
    given = read * (UNITS[box.unit] if money else 1) if isinstance(read, Decimal) else None
    found = sum((value for value in values.values() if isinstance(value, Decimal)), Decimal(0))
    if given != found:
        message = _("i alt er {cell}, men årene giver {total}")
        total = numbers.danish_exact(found / (UNITS[box.unit] if money else 1))
        notes.problem(box.rows[key][0].number, f"{key}.i_alt", message.format(cell=cell, total=total))


def _net(expenditure: Decimal | str, income: Decimal | str) -> Decimal | str:
    """udgifter + indtægter, or `ukendt` when either is."""
    if isinstance(expenditure, str) or isinstance(income, str):
        return UNKNOWN
    return expenditure + income


def _price_and_rows(box: Box, layout: Layout, data: dict[str, Any], notes: _Notes) -> None:
    years = box.years
    level = PRICE_LEVEL.search(box.header.text)
    if level:
        data["prisniveau"] = int(level.group(1))
    else:
        data["prisniveau"] = years[0]
        message = _("prislinjen nævner intet prisniveau; sat til {year}-priser")
        notes.doubt(box.header.number, "prisniveau", message.format(year=years[0]))
    notes.where["prisniveau"] = box.header.number
    for key in layout.rows:
        if key not in box.rows:
            continue
        line, cells = box.rows[key]
        notes.where[key] = line.number
        if key in ("engangsudgifter", "netto_indenfor"):
            data[key] = _partial(key, line, cells, years, box.unit, layout, notes)
            continue
        positions = field_by_key(Correction, key).kind == "positions"
        decimals = POSITION_DECIMALS if positions else MONEY_DECIMALS
        data[key] = _amounts(key, line, cells, years, decimals, box.unit, layout, notes)
        _total(key, box, data[key], layout, notes)
    if "udgifter" not in data:
        return
    zeros = {year: Decimal(0) for year in years}
    data.setdefault("indtægter", dict(zeros))
    data.setdefault("fuldtidsstillinger", dict(zeros))
    if "netto" in data and len(data["netto"]) == len(years) == len(data["udgifter"]) == len(data["indtægter"]):
        for year in years:
            total = _net(data["udgifter"][year], data["indtægter"][year])
            if UNKNOWN in (total, data["netto"][year]):
                continue  # nothing to check against a figure to come
            if data["netto"][year] != total:
                message = _("{given} er ikke udgifter + indtægter = {total}")
                notes.problem(
                    notes.where["netto"], f"netto.{year}", message.format(given=data["netto"][year], total=total)
                )
    elif "netto" not in data:
        # a year that could not be read in either row is an error told at its row: no netto for it
        read = [year for year in data["udgifter"] if year in data["indtægter"]]
        data["netto"] = {year: _net(data["udgifter"][year], data["indtægter"][year]) for year in read}


def _partial(
    key: str, line: Line, cells: list[str], years: list[int], unit: str, layout: Layout, notes: _Notes
) -> dict[int, Decimal | str]:
    """A row that may leave a year out (`–`): the one-off expenses, the part inside the frame, a financing."""
    given = [(year, cell) for year, cell in zip(years, cells, strict=False) if cell != MISSING]
    shown = [cell for _year, cell in given]
    return _amounts(key, line, shown, [year for year, _cell in given], MONEY_DECIMALS, unit, layout, notes)


# --- the side column --------------------------------------------------------------------------------------------


def _side(box: Box, layout: Layout, data: dict[str, Any], notes: _Notes) -> None:
    """The side column: the start date and the service frame's answer."""
    start: date | None = None
    for number, text in box.side:
        found, invalid = words.find_date(text)
        if invalid:
            notes.problem(number, "iværksættelse", _("{text} er ikke en dato").format(text=invalid))
        if found:
            start = found
            notes.where["iværksættelse"] = number
            break
    if start is None:
        start = date(box.years[0], 1, 1)
        notes.where["iværksættelse"] = box.header.number
        message = _("skemaet nævner intet iværksættelsestidspunkt; sat til {date}")
        notes.doubt(box.header.number, "iværksættelse", message.format(date=start.isoformat()))
    data["iværksættelse"] = start
    answer = _frame_answer(box.side, layout)
    many = next(
        ((number, text) for number, text in box.side if len(layout.ticked(_after_label(text, layout))) > 1), None
    )
    if answer is None and many is not None:
        message = _("der er sat kryds ved mere end ét svar ({written}); sæt kryds ved ét")
        notes.problem(many[0], "indenfor_servicerammen", message.format(written=" ".join(many[1].split())))
        return
    if answer is None:
        message = _("skemaet siger ikke, om beløbet er indenfor servicerammen ({answers})")
        notes.problem(box.header.number, "indenfor_servicerammen", message.format(answers=layout.answer_words()))
        return
    where, written, frame = answer
    notes.where["indenfor_servicerammen"] = where
    data["indenfor_servicerammen"] = frame
    if frame == "delvist" and "netto_indenfor" not in data:
        message = _(
            "{written}: skemaet siger ikke, hvor meget af netto der er indenfor servicerammen; står det i teksten, "
            "så skriv det under netto som netto_indenfor: {{{year}: …}}"
        )
        notes.doubt(where, "indenfor_servicerammen", message.format(written=written, year=box.years[0]))


def _after_label(text: str, layout: Layout) -> str:
    """The text after the service frame's label (all of it when it has none)."""
    label = layout.frame_label.search(text)
    return text[label.end() :].lstrip(" :") if label else text


def _frame_answer(side: list[tuple[int, str]], layout: Layout) -> tuple[int, str, str] | None:
    """Where the service frame's answer stands (the layout's places, in its order), as written, and what it is."""
    labelled = next(
        ((index, m) for index, (_number, text) in enumerate(side) if (m := layout.frame_label.search(text))), None
    )
    for place in layout.frame_places:
        candidates: list[tuple[int, str]] = []
        if place == "efter_etiket" and labelled is not None:
            index, match = labelled
            after = side[index][1][match.end() :].lstrip(" :")
            candidates = [(side[index][0], after)] if after else []
        elif place == "under_etiket" and labelled is not None:
            candidates = side[labelled[0] + 1 :]
        elif place == "i_boksen":
            candidates = side
        for where, text in candidates:
            frame = layout.frame(text)
            if frame:
                return where, " ".join(text.split()).strip(" .:;"), frame
    return None


def _after_box(
    after: list[Line], context: Context, own: bool, meta: Line | None
) -> tuple[list[tuple[int, str]], list[Line]]:
    """The remark under the box (T103's "*Opdateres med tal i juni."), and budgetkorr's Finansiering block."""
    remark: list[tuple[int, str]] = []
    block: list[Line] = []
    in_block = False
    furniture = context.furniture if not own else frozenset()
    for line in after:
        text = line.text.rstrip()
        if own and FINANCING_HEADING.match(text):
            in_block = True
            continue
        if in_block:
            block.append(line)
        elif text.strip() and not is_furniture(line, furniture, context.structure):
            remark.append((line.number, text if own else " ".join(text.split())))
    return remark, block


# --- what the text proposes -------------------------------------------------------------------------------------


def _not_final(
    data: dict[str, Any],
    remark: list[tuple[int, str]],
    text_lines: list[Line],
    rows: dict[str, tuple[Line, list[str]]],
    notes: _Notes,
) -> None:
    """foreløbig where the figures are placeholders (x,xxx) or announced as not final."""
    places = [(line.number, cell) for line, cells in rows.values() for cell in cells]
    places += remark
    places += [(line.number, line.text) for line in text_lines]
    for number, text in places:
        match = words.PLACEHOLDER.match(text) or NOT_FINAL.search(text)
        if match:
            data["foreløbig"] = True
            notes.where["foreløbig"] = number
            message = _("sat til true: skemaet siger {text!r}, så tallene er ikke endelige")
            notes.doubt(number, "foreløbig", message.format(text=match.group().strip()))
            return


def _one_off(
    data: dict[str, Any], years: list[int], text: str, text_lines: list[Line], title_line: int, notes: _Notes
) -> None:
    """A one-off expense named in the text ("Engangsudgifter … 0,2 mio. kr."), proposed in its year."""
    if "engangsudgifter" in data:
        return
    block = re.search(r"^Engangsudgift(?:er)?\b.*?(?=\n\n|\Z)", text, re.MULTILINE | re.IGNORECASE | re.DOTALL)
    if block is None:
        return
    total = Decimal(0)
    for row in block.group().splitlines()[1:] or block.group().splitlines():
        amount = financing.amount_in(row)
        if amount is not None:
            total += amount
    if total == 0:
        return
    named = [int(y) for y in re.findall(r"\b(\d{4})\b", block.group()) if int(y) in years]
    year = named[0] if named else years[0]
    spent = data["udgifter"].get(year, Decimal(0))
    if spent == UNKNOWN or total > spent:
        return
    data["engangsudgifter"] = {year: total}
    where = next((line.number for line in text_lines if ONE_OFF.match(line.text.strip())), title_line)
    notes.where["engangsudgifter"] = where
    notes.proposals["engangsudgifter"] = where
    if not named:
        message = _("engangsudgiften {amount} er sat i {year}: teksten nævner intet år")
        notes.doubt(where, "engangsudgifter", message.format(amount=numbers.money(total, danish=True), year=year))


def _propose_financing(
    data: dict[str, Any], years: list[int], sections: Sections, title_line: int, notes: _Notes
) -> None:
    lines = sections.consequence_lines + sections.background_lines
    proposals, without = financing.propose([sections.consequences, sections.background], years)
    entries: list[dict[str, Any]] = []
    for proposal in proposals:
        entry: dict[str, Any] = {"kilde": proposal.source}
        if proposal.reference:
            entry["reference"] = proposal.reference
        if proposal.amounts is not None:
            entry["beløb"] = proposal.amounts
        entry["tekst"] = proposal.sentence
        entries.append(entry)
        where = _line_of(proposal.sentence, lines, title_line)
        notes.proposals.setdefault("finansiering", where)
        notes.where.setdefault("finansiering", where)
        for doubt in proposal.doubts:
            notes.doubt(where, "finansiering", doubt)
    for sentence in without:
        where = _line_of(sentence, lines, title_line)
        message = _("teksten nævner finansiering uden beløb; tilføj den selv: {sentence!r}")
        notes.doubt(where, "finansiering", message.format(sentence=sentence))
    if entries:
        data["finansiering"] = entries


def _own_financing(block: list[Line], years: list[int], layout: Layout, notes: _Notes) -> list[dict[str, Any]]:
    """budgetkorr's own Finansiering block: '  kilde [reference]  amounts', then its text indented."""
    entries: list[dict[str, Any]] = []
    for line in block:
        text = line.text.rstrip()
        row = FINANCING_ROW.match(text)
        if row is not None:
            tokens = row["rest"].split()
            entry: dict[str, Any] = {"kilde": row["source"]}
            amounts_given = row["source"] != "kassen" and len(tokens) >= len(years)
            cells = tokens[len(tokens) - len(years) :] if amounts_given else []
            reference = " ".join(tokens[: len(tokens) - len(cells)])
            if reference:
                entry["reference"] = reference
            if cells:
                entry["beløb"] = _partial("finansiering", line, cells, years, "mio. kr.", layout, notes)
            entries.append(entry)
            notes.where.setdefault("finansiering", line.number)
        elif text.startswith("    ") and entries:
            previous = entries[-1].get("tekst")
            entries[-1]["tekst"] = text[4:] if previous is None else previous + "\n" + text[4:]
    return entries


def _line_of(sentence: str, lines: Sequence[Line], default: int) -> int:
    """The input line where a sentence of the cleaned text begins."""
    start = " ".join(sentence.split()[:4])
    for line in lines:
        if start and start in " ".join(line.text.split()):
            return line.number
    head = sentence.split()[:2]
    for line in lines:
        if head and " ".join(head) in " ".join(line.text.split()):
            return line.number
    return default

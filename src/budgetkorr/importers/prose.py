"""The two text sections of a form, verbatim: only the extraction's line wrapping and stray spacing undone.

A PDF's text comes as wrapped lines with stray spaces, sometimes with an empty line after every line (double
spacing). The lines are joined back into paragraphs; a line that is a table row (columns apart by several spaces,
empty cells at its end, or figures in a row) keeps its own line, with its column gaps closed to one space.
Text that is not wrapped (a Word document, budgetkorr's own form) is kept line for line.

Shaped into the correction file's text format (docs/correction-file.md): a small table, recognised for sure, becomes
a pipe table (header, separator, rows), and a bullet line (`•`, `-`, `–`, `*`) a `- ` list item. Recognised for
sure means: two or more lines in a row (one empty line between them allowed, as double spacing gives) whose cells
are apart by two or more spaces or a tab, the same number of short cells on each (no sentence); a first row of
labels (no figures, but years); and a figure in each row below it, which does not start in lower case. Prose with a
double space, a list of amounts without a header, or rows whose cells do not line up, stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetkorr.core.textblocks import tidy_tables


@dataclass(frozen=True)
class Line:
    """One line of the input and its 1-based number there."""

    number: int
    text: str


_COLUMN_GAP = re.compile(r"\S {3,}\S|\S\t+\S")
_FIGURE = re.compile(r"[-−+]?\d[\d.,]*%?")
_TERMINAL = re.compile(r"[.!?:;][\"”’)»]*$")
_BULLET = re.compile(r"^(?:[-–•·*▪◦\ue000-\uf8ff]|\d{1,2}[.)])\s")
# A bullet drawn from a symbol font comes out of a PDF as a private-use character: a glyph, not text.
_GLYPH = re.compile(r"^[\ue000-\uf8ff]\s*|[\ue000-\uf8ff]")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_CONJUNCTION = re.compile(r"^(?:og|eller|samt|til)\b")


def is_table_row(raw: str) -> bool:
    """Columns apart by three or more spaces, empty cells at the end, or two or more figures at the end."""
    body = raw.strip()
    if not body:
        return False
    trailing = len(raw) - len(raw.rstrip())
    return bool(_COLUMN_GAP.search(body) or trailing >= 3 or _figures_at_end(body))


def _figures_at_end(text: str) -> bool:
    """The line ends in two figures or more (`Tre årsværk 1,8 2,0`): its last two words are numbers. Told word by
    word from the end, not by a pattern that a line of thousands of figures would make try every start."""
    last = text.rsplit(None, 2)[-2:]
    return len(last) == 2 and all(_FIGURE.fullmatch(word) for word in last)


def _starts_lower(text: str) -> bool:
    first = text[0]
    return first.islower() or first.isdigit()


def clean(lines: Sequence[Line], *, reflow: bool, shape: bool | None = None) -> str:
    """The section's text: paragraphs apart by one empty line, ending in a newline; empty when it has none.
    `shape` (default: as `reflow`) writes tables as pipe tables and bullets as `- ` items; budgetkorr's own form is
    read without it, so that its text comes back exactly as written."""
    shaping = reflow if shape is None else shape
    if not reflow:
        return _kept([line.text.rstrip() for line in lines], shaping)
    content = [line.text.rstrip("\r\n") for line in lines]
    tables = _tables(content) if shaping else {}
    widths = [len(text.strip()) for text in content if text.strip() and not is_table_row(text)]
    widest = max(widths, default=0)
    out: list[str] = []  # the parts of the text, joined once at the end (a long section is not copied per line)
    previous: str | None = None
    previous_table = False
    in_item = False  # the line belongs to a bullet item
    gap = spaced = False
    after_pipes = False  # the line before was the last row of a pipe table: a new paragraph follows
    index = 0
    while index < len(content):
        raw = content[index]
        if index in tables:
            end, pipes = tables[index]
            out += ["\n\n", pipes] if any(out) else [pipes]
            previous, previous_table, in_item, after_pipes = content[end - 1], True, False, True
            gap = spaced = False
            index = end
            continue
        index += 1
        if not raw.strip():
            gap = True
            spaced = spaced or raw != ""
            continue
        table = is_table_row(raw)
        text = " ".join(raw.split()) if table else raw.strip()
        item = bool(_BULLET.match(text))
        glyph = _item(_GLYPH.sub("", text)) if shaping else _GLYPH.sub("", text)
        if previous is None:
            out = [glyph]
        elif after_pipes:
            out += ["\n\n", glyph]
        elif item and in_item and not spaced:
            out += ["\n", glyph]  # the next item of a list
        else:
            out += [_joint(previous, previous_table, raw, text, table, gap, spaced, widest), glyph]
        in_item = item or (in_item and not gap)
        previous, previous_table, after_pipes = raw, table, False
        gap = spaced = False
    text = "".join(out)
    return text + "\n" if text else ""


def _kept(kept: list[str], shaping: bool) -> str:
    """Text that is not wrapped, line for line; shaped, its tables as pipe tables (apart from the text around them by
    an empty line) and its bullets as `- ` items."""
    if shaping:
        tables = _tables(kept)
        shaped: list[str] = []
        index = 0
        while index < len(kept):
            if index in tables:
                end, pipes = tables[index]
                if shaped and shaped[-1].strip():
                    shaped.append("")
                shaped += pipes.split("\n")
                if end < len(kept) and kept[end].strip():
                    shaped.append("")
                index = end
                continue
            shaped.append(_item(kept[index]))
            index += 1
        kept = shaped
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return tidy_tables("\n".join(kept)) + "\n" if kept else ""  # a table `show` aligned, as it was written


# --- bullets and tables, as the correction file's text format writes them --------------------------------------

_MARK = re.compile(r"^(\s*)[-–•·*▪◦]\s+")


def _item(text: str) -> str:
    """A bullet line as a `- ` list item (`• Punkt`, `– Punkt`, `* Punkt`); any other line as it is."""
    return _MARK.sub(r"\1- ", text, count=1)


_GAP = re.compile(r" {2,}| *\t[ \t]*")
_MAX_CELL = 50  # characters: a cell of a small table is a label or a figure, not a sentence
_MAX_WORDS = 6
# A figure, maybe with its unit: `14`, `1,2`, `-2.093,8`, `2 093,8`, `1.8 mio. kr.`, `12 %`; not `2021 2022`.
_FIGURE = re.compile(
    r"^\(?[-+\u2010-\u2014\u2212]?(?:(?:\d{1,3}(?:[.\u00a0\u2007\u2009\u202f ]\d{3})+|\d+)(?:[.,]\d+)?|,\d+)\)?"
    r"(?:\s*(?:%|pct\.?|procent|mio\.?\s*kr\.?|mia\.?\s*kr\.?|t\.?\s*kr\.?|tkr\.?|kr\.?|stk\.?|årsværk))?$",
    re.IGNORECASE,
)
# The end of a sentence: a word of four or more letters and a full stop (`mellemrum.`), not an abbreviation (`kr.`).
_SENTENCE = re.compile(r"[^\W\d_]{4,}[.!?:;]$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _cells(raw: str) -> list[str] | None:
    """The cells of a line that could be a table's row: two or more, apart by two or more spaces or a tab, each
    short; None for any other line (a sentence, a bullet, a line with a `|`)."""
    text = raw.strip()
    if not text or "|" in text or _BULLET.match(text):
        return None
    cells = [re.sub(r"[ \t]+", " ", cell) for cell in _GAP.split(text)]
    if len(cells) < 2 or any(
        len(cell) > _MAX_CELL or len(cell.split()) > _MAX_WORDS or _SENTENCE.search(cell) for cell in cells
    ):
        return None
    return cells


def _figure(cell: str) -> bool:
    return bool(_FIGURE.match(cell))


def _header(cells: Sequence[str]) -> bool:
    """A row of labels: no figures, but a year may head a column."""
    return not any(_figure(cell) and not _YEAR.match(cell) for cell in cells)


def _body(cells: Sequence[str]) -> bool:
    """A row of a table under its header: a figure in it, and not a sentence's continuation (`i alt  2,0 mio.`)."""
    return any(_figure(cell) for cell in cells) and not cells[0][:1].islower()


def _tables(content: Sequence[str]) -> dict[int, tuple[int, str]]:
    """The tables of a section: at the index of its first line, the index after its last line and the pipe table.
    One pass over runs of rows with the same number of cells, so a long section costs its length."""
    found: dict[int, tuple[int, str]] = {}
    index = 0
    while index < len(content):
        first = _cells(content[index])
        if first is None:
            index += 1
            continue
        run = [(index, first)]  # the run of rows with as many cells, one empty line between them allowed
        at = index + 1
        while True:
            following = at + 1 if at + 1 < len(content) and content[at] == "" else at
            row = _cells(content[following]) if following < len(content) else None
            if row is None or len(row) != len(first):
                break
            run.append((following, row))
            at = following + 1
        start = 0
        while start < len(run) - 1:
            end = start + 1
            while end < len(run) and _body(run[end][1]):
                end += 1
            if _header(run[start][1]) and end - start >= 2:
                rows = [cells for _, cells in run[start:end]]
                found[run[start][0]] = (run[end - 1][0] + 1, _pipe_table(rows))
                start = end
            else:
                start += 1
        index = run[-1][0] + 1
    return found


def _pipe_table(rows: Sequence[Sequence[str]]) -> str:
    """Header, separator and body rows; a column of figures only is right-aligned (`---:`)."""
    header, body = rows[0], rows[1:]
    aligned = ["---:" if all(_figure(row[column]) for row in body) else "---" for column in range(len(header))]
    return "\n".join("| " + " | ".join(row) + " |" for row in (header, aligned, *body))


def _joint(
    before_raw: str, before_table: bool, raw: str, text: str, table: bool, gap: bool, spaced: bool, widest: int
) -> str:
    """What joins two lines: a space (same paragraph), a line break (table rows) or an empty line (new paragraph)."""
    before = before_raw.strip()
    short = widest >= 60 and len(before) < 0.6 * widest
    if before_table and table:
        return "\n\n" if spaced else "\n"
    if table:
        if not gap:
            return "\n"
        return "\n" if short and not _TERMINAL.search(before) and not spaced else "\n\n"
    if before_table:
        return "\n\n"
    if _BULLET.match(text):
        return "\n\n" if gap else "\n"
    if gap:
        if _starts_lower(text):
            return " "
        if _TERMINAL.search(before) or spaced or short:
            return "\n\n"
        return " "
    if short and not _starts_lower(text):
        return "\n"
    if _HYPHENATED.search(before_raw.rstrip("\r\n")) and not _CONJUNCTION.match(text):
        return ""
    return " "

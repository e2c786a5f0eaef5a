"""A correction's texts (baggrund, økonomiske konsekvenser) as blocks: paragraphs, bullet lists and pipe tables.

The one reading of the text format that every renderer (show, HTML, Word, markdown), the importer and validation
share. A paragraph is lines up to a blank line; a list is lines that begin with `- `; a table is consecutive lines
that each begin and end with `|`, its cells apart by `|` (`\\|` is a bar inside a cell). When a table's second line
is a separator row (`| --- | ---: |`) its first line is the header, and `---:` right-aligns the column (figures),
`:---:` centres it. A row with another number of cells than the table's first is padded with empty cells (the
table is as wide as its widest row) and named in `ragged`, so that validation can warn at its line. Pure: text in,
values out; a cell is text, never markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Alignment = Literal["left", "right", "center"]

BULLET = "- "
_ESCAPED_BAR = "\\|"
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
# A figure as the forms write it: 14, 1,2, -0,880, −2.093,8, 12 %, (2,0); a column of them is right-aligned.
_FIGURE = re.compile(r"^[-−+]?\(?[-−+]?\d[\d.,\u00a0\u202f ]*\)?\s?%?$")


@dataclass(frozen=True)
class Paragraph:
    """Lines up to a blank line, a list or a table, joined by a space as typeset."""

    text: str
    line: int  # 0-based: the block's first line in the text
    end: int  # 0-based: the line after its last


@dataclass(frozen=True)
class BulletList:
    """Consecutive `- ` lines; an indented line right after an item continues it."""

    items: tuple[str, ...]
    line: int
    end: int


@dataclass(frozen=True)
class Ragged:
    """A table row with another number of cells than the table's first row."""

    line: int  # 0-based, in the text
    cells: int  # as written
    expected: int  # the first row's


@dataclass(frozen=True)
class Table:
    """A pipe table, every row padded to its width; `alignments` as the separator row writes them."""

    header: tuple[str, ...] | None  # None: no separator row, every row is a body row
    rows: tuple[tuple[str, ...], ...]
    alignments: tuple[Alignment | None, ...]  # None where the separator row says nothing (`---`) or is absent
    line: int
    end: int
    ragged: tuple[Ragged, ...] = ()

    @property
    def width(self) -> int:
        return len(self.alignments)

    def align(self, column: int) -> Alignment:
        """How a column is aligned: as the separator row says, else right where every body cell is a figure."""
        written = self.alignments[column]
        if written is not None:
            return written
        cells = [row[column] for row in self.rows if row[column]]
        return "right" if cells and all(_FIGURE.match(cell) for cell in cells) else "left"


Block = Paragraph | BulletList | Table


def is_row(line: str) -> bool:
    """A line of a pipe table: it begins and ends with an unescaped `|` (a lone `|` is text)."""
    text = line.strip()
    return len(text) >= 2 and text[0] == "|" and text[-1] == "|" and not text.endswith(_ESCAPED_BAR)


def cells(line: str) -> tuple[str, ...]:
    """The cells of a table row, stripped; `\\|` is a `|` inside a cell."""
    inner = line.strip()[1:-1]
    return tuple(cell.replace(_ESCAPED_BAR, "|").strip() for cell in re.split(r"(?<!\\)\|", inner))


def _separator(row: Sequence[str]) -> tuple[Alignment | None, ...] | None:
    """The alignments a separator row gives its columns; None when the row is not one."""
    compact = [cell.replace(" ", "") for cell in row]
    if not all(_SEPARATOR_CELL.match(cell) for cell in compact):
        return None
    return tuple(_alignment(cell) for cell in compact)


def _alignment(cell: str) -> Alignment | None:
    if cell.startswith(":") and cell.endswith(":") and len(cell) > 1:
        return "center"
    if cell.endswith(":"):
        return "right"
    return "left" if cell.startswith(":") else None


def _table(lines: Sequence[str], start: int) -> Table:
    written = [cells(line) for line in lines]
    alignments = _separator(written[1]) if len(written) > 1 else None
    numbered = list(enumerate(written))
    if alignments is not None:
        del numbered[1]
    expected = len(written[0])
    width = max(len(row) for _index, row in numbered)
    ragged = tuple(Ragged(start + index, len(row), expected) for index, row in numbered if len(row) != expected)
    padded = [row + ("",) * (width - len(row)) for _index, row in numbered]
    given = tuple(alignments or ())[:width]
    return Table(
        padded[0] if alignments is not None else None,
        tuple(padded[1:] if alignments is not None else padded),
        given + (None,) * (width - len(given)),
        start,
        start + len(lines),
        ragged,
    )


def blocks(text: str) -> list[Block]:
    """The text's paragraphs, lists and tables in order; blank lines only part them."""
    lines = text.split("\n")
    found: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        start = index
        if is_row(line):
            while index < len(lines) and is_row(lines[index]):
                index += 1
            found.append(_table(lines[start:index], start))
        elif line.lstrip().startswith(BULLET):
            items: list[str] = []
            while index < len(lines) and lines[index].strip():
                current = lines[index]
                if current.lstrip().startswith(BULLET):
                    items.append(current.lstrip()[len(BULLET) :].strip())
                elif current[:1].isspace() and not is_row(current):
                    items[-1] = f"{items[-1]} {current.strip()}".strip()
                else:
                    break
                index += 1
            found.append(BulletList(tuple(items), start, index))
        else:
            words: list[str] = []
            while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
                words.append(lines[index].strip())
                index += 1
            found.append(Paragraph(" ".join(words), start, index))
    return found


def _starts_block(line: str) -> bool:
    return is_row(line) or line.lstrip().startswith(BULLET)


def row_text(row: Sequence[str], widths: Sequence[int] = (), alignments: Sequence[Alignment] = ()) -> str:
    """A table row as the file writes it, `|` in a cell as `\\|`; with `widths`, each cell padded to its column's
    width (measured by `shown_width`) and aligned."""
    shown = [cell.replace("|", _ESCAPED_BAR) for cell in row]
    if widths:
        shown = [
            _pad(cell, width, alignments[column] if alignments else "left")
            for column, (cell, width) in enumerate(zip(shown, widths, strict=True))
        ]
    return "| " + " | ".join(shown) + " |"


def separator_text(alignments: Sequence[Alignment | None], widths: Sequence[int] = ()) -> str:
    """The separator row for these alignments: `| --- | ---: |`; with `widths`, each mark as wide as its column."""
    marks = []
    for column, alignment in enumerate(alignments):
        colons = {"right": 1, "left": 1, "center": 2}.get(alignment or "", 0)
        dashes = "-" * max(3, (widths[column] if widths else 0) - colons)
        marks.append(
            {"right": f"{dashes}:", "left": f":{dashes}", "center": f":{dashes}:"}.get(alignment or "", dashes)
        )
    return "| " + " | ".join(marks) + " |"


def table_lines(table: Table, widths: Sequence[int] = ()) -> list[str]:
    """The table as pipe-table lines: header, separator and rows, or only rows when it has no header."""
    aligned: list[Alignment] = [table.align(column) for column in range(table.width)] if widths else []
    lines = []
    if table.header is not None:
        lines += [row_text(table.header, widths, aligned), separator_text(table.alignments, widths)]
    lines += [row_text(row, widths, aligned) for row in table.rows]
    return lines


def tidy_tables(text: str) -> str:
    """The text with each table written as the file writes it (one space around each cell, `---` in the separator
    row): a table read back from `show`, which pads the columns, is the table that was written."""
    lines = text.split("\n")
    for block in reversed(blocks(text)):
        if isinstance(block, Table):
            lines[block.line : block.end] = table_lines(block)
    return "\n".join(lines)


def shown_width(text: str) -> int:
    """How many terminal columns a text takes: a wide East Asian character two, a combining mark none."""
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
    return width


def _pad(cell: str, width: int, alignment: Alignment) -> str:
    room = max(0, width - shown_width(cell))
    if alignment == "right":
        return " " * room + cell
    if alignment == "center":
        return " " * (room // 2) + cell + " " * (room - room // 2)
    return cell + " " * room

"""A correction's texts (baggrund, økonomiske konsekvenser) rendered with their lists and tables, in each format.

The blocks come from `core.textblocks`, the one reading of the text format. `show` keeps the text line for line
(the importer reads it back) with each table's columns aligned; markdown writes a list and a pipe table; Word a
bulleted list and a real table; HTML has its macro in templates/textblocks.html.j2. Every cell and item is data,
passed through its format's escaping rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from budgetkorr import escape
from budgetkorr.core.textblocks import (
    Block,
    BulletList,
    Paragraph,
    Table,
    blocks,
    shown_width,
    table_lines,
)
from budgetkorr.render import wordml
from budgetkorr.render.wordml import CELL_SIZE, SPACE_AFTER_TABLE, TEXT_WIDTH_CM

# --- show: the text as written, each table aligned ------------------------------------------------------------


def show_lines(text: str, width: int) -> list[str]:
    """The text's lines as written in the file, but each table with its columns aligned (the header and the
    separator row as wide as the columns, figures to the right). A table that would be wider than `width` keeps
    one space around each cell: a terminal wraps its lines, and the importer reads them back all the same."""
    lines = text.rstrip("\n").split("\n")
    for block in reversed(blocks(text.rstrip("\n"))):
        if isinstance(block, Table):
            lines[block.line : block.end] = _aligned(block, width)
    return lines


def _aligned(table: Table, width: int) -> list[str]:
    shown = _terminal(table)
    rows = [*([shown.header] if shown.header is not None else []), *shown.rows]
    widths = [max(3, *(shown_width(row[column].replace("|", "\\|")) for row in rows)) for column in range(shown.width)]
    if sum(widths) + 3 * len(widths) + 1 > width:
        return table_lines(shown)
    return table_lines(shown, widths)


def _terminal(table: Table) -> Table:
    """The table with every cell through the terminal rule, so that its width is measured as shown."""

    def row(cells: Sequence[str]) -> tuple[str, ...]:
        return tuple(escape.terminal(cell) for cell in cells)

    return replace(
        table,
        header=None if table.header is None else row(table.header),
        rows=tuple(row(cells) for cells in table.rows),
    )


# --- markdown --------------------------------------------------------------------------------------------------


def markdown_lines(text: str) -> list[str]:
    """The text as markdown: paragraphs, `- ` lists and pipe tables apart by an empty line, every string escaped.
    A table without a header row gets an empty one (markdown's tables need one)."""
    out: list[str] = []
    for block in blocks(text):
        out.append("")
        if isinstance(block, Paragraph):
            out.append(escape.markdown(block.text))
        elif isinstance(block, BulletList):
            out += [f"- {escape.markdown(item)}" for item in block.items]
        else:
            out += _markdown_table(block)
    return out


def _markdown_table(table: Table) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(escape.markdown(cell) for cell in cells) + " |"

    marks = {"left": ":---", "right": "---:", "center": ":---:"}
    separator = "| " + " | ".join(marks[table.align(column)] for column in range(table.width)) + " |"
    header = table.header if table.header is not None else ("",) * table.width
    return [line(header), separator, *(line(row) for row in table.rows)]


# --- Word ------------------------------------------------------------------------------------------------------

# A character of 9 pt text is about 0.2 cm wide in Calibri and in the fonts that stand in for it (LibreOffice's
# Carlito, DejaVu Sans); a bold header's a little more. The cell's own margins take about 0.4 cm.
_CHARACTER_CM = 0.21
_BOLD = 1.1
_CELL_MARGINS_CM = 0.45
_LONGEST = 45  # characters: a longer cell wraps


def word_blocks(body: wordml.Body, text: str) -> None:
    """The text as Word paragraphs (Normal), bulleted items (the style `List Bullet`) and tables (`Table Grid`,
    the header repeated on each page, figures right-aligned)."""
    for block in blocks(text):
        if isinstance(block, Paragraph):
            body.add(wordml.paragraph(wordml.run(block.text, bold=False)))  # as the report's own paragraphs
        elif isinstance(block, BulletList):
            style = body.style_id("List Bullet")
            body.add("".join(wordml.paragraph(wordml.run(item), style_id=style) for item in block.items))
        else:
            _word_table(body, block)


def word_widths(table: Table) -> list[float]:
    """Column widths in cm: each as wide as its longest cell (a long text capped: it wraps). A table wider than the
    page's text width gives up room from its text columns first, never below their longest word, and never from a
    column of figures; only when even that does not fit does every column shrink alike."""
    header = table.header or ("",) * table.width
    rows = [(header, _BOLD), *((row, 1.0) for row in table.rows)]
    natural, least = [], []
    for column in range(table.width):
        cells = [(row[column], factor) for row, factor in rows]
        longest = max(2.0, *(factor * len(text) for text, factor in cells))
        word = max(2.0, *(factor * len(part) for text, factor in cells for part in text.split()))
        natural.append(_CELL_MARGINS_CM + _CHARACTER_CM * min(longest, _LONGEST))
        fixed = table.align(column) == "right"  # a figure never wraps
        least.append(natural[-1] if fixed else min(natural[-1], _CELL_MARGINS_CM + _CHARACTER_CM * word))
    if sum(natural) <= TEXT_WIDTH_CM:
        return natural
    if sum(least) >= TEXT_WIDTH_CM:
        return [width * TEXT_WIDTH_CM / sum(least) for width in least]
    give = (sum(natural) - TEXT_WIDTH_CM) / (sum(natural) - sum(least))
    return [wide - (wide - narrow) * give for wide, narrow in zip(natural, least, strict=True)]


def _word_table(body: wordml.Body, table: Table) -> None:
    from docx.shared import Cm

    widths = [Cm(width).twips for width in word_widths(table)]
    aligned = [table.align(column) for column in range(table.width)]

    def cells(row: Sequence[str], *, bold: bool = False) -> list[wordml.Cell]:
        return [
            wordml.Cell(
                widths[column],
                wordml.paragraph(
                    wordml.run(text, bold=bold or None, half_points=CELL_SIZE),
                    space_after_twips=0,
                    right=aligned[column] == "right",
                    center=aligned[column] == "center",
                ),
            )
            for column, text in enumerate(row)
        ]

    rows: list[tuple[bool, list[wordml.Cell]]] = []
    if table.header is not None:
        rows.append((True, cells(table.header, bold=True)))
    rows += [(False, cells(row)) for row in table.rows]
    body.add(wordml.table(body.style_id("Table Grid"), widths, rows))
    body.add(wordml.paragraph(space_after_twips=SPACE_AFTER_TABLE))


# --- HTML --------------------------------------------------------------------------------------------------------


_HTML_CLASSES = {"left": "txt", "right": "num", "center": "mid"}


def html_blocks(text: str) -> list[tuple[str, Block, tuple[str, ...]]]:
    """The text's blocks for templates/textblocks.html.j2: each with its kind (`paragraph`, `list`, `table`) and,
    for a table, the class of each column (`num` right-aligns figures as in the report's own tables)."""
    found: list[tuple[str, Block, tuple[str, ...]]] = []
    for block in blocks(text):
        if isinstance(block, Table):
            found.append(("table", block, tuple(_HTML_CLASSES[block.align(c)] for c in range(block.width))))
        else:
            found.append(("paragraph" if isinstance(block, Paragraph) else "list", block, ()))
    return found

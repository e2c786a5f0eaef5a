"""The rich table for a terminal: a title, aligned columns, rules between committees and a bold total."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budgetkorr.escape import one_line
from budgetkorr.render.table import TextTable


def render_rich(table: TextTable) -> Table:
    table = table.for_reading().escaped(one_line)  # no control character from a file reaches the terminal
    title = Text("\n".join((table.title, *table.heading)))
    # Text(), never a plain str: rich would read [brackets] in a title or a kilde as markup
    result = Table(title=title, caption=Text(table.caption), caption_justify="left", title_justify="left")
    for header, numeric in zip(table.headers, table.numeric, strict=True):
        # Text() keeps user text literal: a title with [brackets] is not read as rich markup.
        # Numbers never wrap; text wraps between words (a long committee name), never inside one.
        result.add_column(Text(header), justify="right" if numeric else "left", no_wrap=numeric)
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        cells = (
            Text(cell, style="bold red" if (index, column) in table.alerts else "") for column, cell in enumerate(row)
        )
        result.add_row(*cells, end_section=index in table.section_ends or index == last)
    for row in table.totals:
        result.add_row(*(Text(cell) for cell in row), style="bold")
    return result


def fits(table: Table, width: int) -> bool:
    """Whether the table fits `width` columns without shortening a cell.

    Rich squeezes a table that is too wide by cutting cells short, numbers included ("11,3…"); an amount must
    never be shown cut, so a table that does not fit is written as plain text instead.
    """
    unlimited = Console(file=io.StringIO(), width=100_000)
    return unlimited.measure(table).minimum <= width

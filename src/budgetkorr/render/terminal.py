"""The rich table for a terminal: a title, aligned columns, rules between committees and a bold total."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from budgetkorr.render.table import TextTable


def render_rich(table: TextTable) -> Table:
    result = Table(title=table.title, caption=table.caption, caption_justify="left", title_justify="left")
    for header, numeric in zip(table.headers, table.numeric, strict=True):
        # Text() keeps user text literal: a title with [brackets] is not read as rich markup.
        result.add_column(Text(header), justify="right" if numeric else "left", overflow="fold")
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        result.add_row(*(Text(cell) for cell in row), end_section=index in table.section_ends or index == last)
    for row in table.totals:
        result.add_row(*(Text(cell) for cell in row), style="bold")
    return result

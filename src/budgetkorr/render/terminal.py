"""The rich table for a terminal: a title, aligned columns, rules between committees and a bold total.

On a terminal narrower than the table (80 columns is common), `for_terminal` lays the same table out to fit: the
title and caption as text wrapped at the terminal's width, and the figures in as many parts as it takes, each with
the row labels and as many figure columns as fit (like a wide spreadsheet printed on narrow paper). A number is
never cut; when not even one figure column fits beside the labels, the caller writes plain text instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from budgetkorr.escape import one_line
from budgetkorr.render.table import TextTable


def render_rich(table: TextTable) -> Table:
    """The whole table in one frame, its title above and its caption below, as wide as it needs."""
    table = table.for_reading().escaped(one_line)  # no control character from a file reaches the terminal
    result = _frame(table, range(len(table.headers)))
    # Text(), never a plain str: rich would read [brackets] in a title or a kilde as markup
    result.title = Text("\n".join((table.title, *table.heading)))
    result.caption = Text(table.caption)
    result.title_justify = result.caption_justify = "left"
    return result


def fits(table: Table, width: int) -> bool:
    """Whether the table fits `width` columns without shortening a cell.

    Rich squeezes a table that is too wide by cutting cells short, numbers included ("11,3…"); an amount must
    never be shown cut, so a table that does not fit is written as plain text instead.
    """
    unlimited = Console(file=io.StringIO(), width=100_000)
    return unlimited.measure(table).minimum <= width


def for_terminal(table: TextTable, width: int) -> list[RenderableType] | None:
    """The table as what to print on a terminal `width` columns wide, each line within it; None when it can not
    be laid out there without cutting a number."""
    table = table.for_reading().escaped(one_line)
    labels = _label_columns(table)
    figures = list(range(len(labels), len(table.headers)))
    parts: list[list[int]] = []
    if _unwrapped(_frame(table, range(len(table.headers))), width):  # the common case on a wide terminal
        parts = [figures] if figures else []
        figures = []
    for column in figures:
        widened = [*parts[-1], column] if parts else [column]
        if parts and _unwrapped(_frame(table, [*labels, *widened]), width):
            parts[-1] = widened
        elif _unwrapped(_frame(table, [*labels, column]), width) or fits(_frame(table, [*labels, column]), width):
            parts.append([column])
        else:
            return None
    if not parts and not fits(_frame(table, labels), width):  # only text columns (list), and they do not fit
        return None
    drawn: list[RenderableType] = [Text("\n".join((table.title, *table.heading)))]
    for index, part in enumerate(parts or [[]]):
        if index:
            drawn.append(Text(""))
        drawn.append(_frame(table, [*labels, *part]))
    if table.caption:
        drawn.append(Text(table.caption))
    return drawn


def _unwrapped(table: Table, width: int) -> bool:
    """Whether the table fits `width` columns with no cell wrapped (a committee's name on one line)."""
    unlimited = Console(file=io.StringIO(), width=100_000)
    return unlimited.measure(table).maximum <= width


def _label_columns(table: TextTable) -> list[int]:
    """The columns that name a row (committee, target, year): the text columns before the first figure."""
    labels: list[int] = []
    for column, numeric in enumerate(table.numeric):
        if numeric:
            break
        labels.append(column)
    return labels


def _frame(table: TextTable, columns: Sequence[int]) -> Table:
    """The table's rows in the given columns, without title or caption (those are wrapped at the terminal's width,
    not the table's)."""
    result = Table()
    for column in columns:
        numeric = table.numeric[column]
        # Text() keeps user text literal: a title with [brackets] is not read as rich markup.
        # Numbers never wrap; text wraps between words (a long committee name), never inside one.
        result.add_column(Text(table.headers[column]), justify="right" if numeric else "left", no_wrap=numeric)
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        style = {column: "bold red" if (index, column) in table.alerts else "" for column in columns}
        cells = (Text(row[column], style=style[column]) for column in columns)
        result.add_row(*cells, end_section=index in table.section_ends or index == last)
    for row in table.totals:
        result.add_row(*(Text(row[column]) for column in columns), style="bold")
    return result

"""Plain-text and markdown tables (tabulate): what `--format table` writes when piped, and `--format markdown`."""

from __future__ import annotations

from collections.abc import Sequence

from budgetkorr.escape import markdown
from budgetkorr.render.table import TextTable


def _tabulate(table: TextTable, style: str) -> str:
    from tabulate import tabulate  # imported here: it costs start-up time that other formats need not pay

    rows = [*table.rows, *table.totals]
    return tabulate(
        rows,
        headers=table.headers,
        tablefmt=style,
        colalign=["right" if numeric else "left" for numeric in table.numeric],
        disable_numparse=True,
    )


def render_plain(table: TextTable, notes: Sequence[str] = ()) -> str:
    """A title, the table in plain columns, the caption and any notes: for a pipe, a file or a log."""
    parts = [table.title, *table.heading, "", _tabulate(table.for_reading(), "simple")]
    if table.caption:
        parts += ["", table.caption]
    parts += [f"Note: {note}" for note in notes]
    return "\n".join(parts) + "\n"


def render_markdown(table: TextTable, notes: Sequence[str] = ()) -> str:
    """A markdown heading and pipe table, totals in bold, the caption and notes as paragraphs."""
    bold = TextTable(  # every cell whole: a markdown document is read in full, never cut
        title=table.title,
        headers=tuple(header.replace("-\n", "").replace("\n", " ") for header in table.headers),
        numeric=table.numeric,
        rows=table.rows,
        totals=tuple(tuple(f"**{cell}**" if cell else "" for cell in row) for row in table.totals),
    )
    parts = [f"## {table.title}", ""]
    if table.heading:
        parts += ["  \n".join(markdown(line) for line in table.heading), ""]  # two spaces: a line break
    parts.append(_tabulate(bold, "pipe"))
    if table.caption:
        parts += ["", table.caption.replace("\n", "  \n")]  # two spaces: a line break in markdown
    parts += ["", *(f"> Note: {note}" for note in notes)] if notes else []
    return "\n".join(parts) + "\n"

"""Plain-text and markdown tables (tabulate): what `--format table` writes when piped, and `--format markdown`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from budgetkorr.escape import markdown, one_line
from budgetkorr.i18n import _
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
    table = table.for_reading().escaped(one_line)
    parts = [table.title, *table.heading, "", _tabulate(table, "simple")]
    if table.caption:
        parts += ["", table.caption]
    parts += [_("Bemærk: {note}").format(note=one_line(note)) for note in notes]
    return "\n".join(parts) + "\n"


def render_markdown(table: TextTable, notes: Sequence[str] = ()) -> str:
    """A markdown heading and pipe table, totals in bold, the caption and notes as paragraphs."""
    headers = tuple(header.replace("-\n", "").replace("\n", " ") for header in table.headers)
    table = replace(table, headers=headers).escaped(markdown)  # every cell whole: a document is read in full
    bold = replace(table, totals=tuple(tuple(f"**{cell}**" if cell else "" for cell in row) for row in table.totals))
    parts = [f"## {table.title}", ""]
    if table.heading:
        parts += ["  \n".join(table.heading), ""]  # two spaces: a line break
    parts.append(_tabulate(bold, "pipe"))
    if table.caption:
        parts += ["", table.caption.replace("\n", "  \n")]  # two spaces: a line break in markdown
    parts += ["", *("> " + _("Bemærk: {note}").format(note=markdown(note)) for note in notes)] if notes else []
    return "\n".join(parts) + "\n"

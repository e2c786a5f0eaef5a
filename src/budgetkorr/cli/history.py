"""`budgetkorr history NR`: the life of one correction in git, commit by commit."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import data_folder
from budgetkorr.cli.options import DataOption
from budgetkorr.cli.selection import stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from budgetkorr.library import History


class HistoryFormat(enum.StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


@command("history")
def history(
    number: Annotated[str, typer.Argument(help=_("Korrektionens nummer, fx T105."), show_default=False)],
    until: Annotated[
        str, typer.Option("--rev", help=_("Historikken frem til denne revision (standard: HEAD og filerne nu)."))
    ] = "HEAD",
    fmt: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help=_("table, markdown eller json."))
    ] = HistoryFormat.table,
    data: DataOption = None,
) -> None:
    """Each commit that changed a correction: date, author, status and net per year."""
    from budgetkorr.library import history as correction_history

    found = stop_on_problem(correction_history(data_folder(data), number, until))
    sys.stdout.write(RENDERERS[fmt](found))


def _json(found: History) -> str:
    from budgetkorr.render.json import render_json

    return render_json(found.document())


def _markdown(found: History) -> str:
    from budgetkorr.render.history import render_markdown

    return render_markdown(found.number, found.title, found.versions)


def _text(found: History) -> str:
    from budgetkorr.render.history import render_text

    return render_text(found.number, found.title, found.versions)


# The renderer of each format: a correction's history as text.
RENDERERS: dict[HistoryFormat, Callable[[History], str]] = {
    HistoryFormat.json: _json,
    HistoryFormat.markdown: _markdown,
    HistoryFormat.table: _text,
}

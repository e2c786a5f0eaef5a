"""`budgetkorr history NR`: the life of one correction in git, commit by commit."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.options import DataOption
from budgetkorr.cli.output import fail
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from budgetkorr.loader.history import Version


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
    from budgetkorr.loader import DataDirNotFound, resolve_data_dir
    from budgetkorr.loader.git import GitProblem
    from budgetkorr.loader.history import correction_history, work_tree_files

    wanted = number.strip().upper()
    try:
        data_dir = resolve_data_dir(data)
        files = work_tree_files(data_dir) if until == "HEAD" else None
        versions = correction_history(data_dir, wanted, until, files)
    except (DataDirNotFound, GitProblem) as exc:
        fail(str(exc))
    if not versions:
        fail(_("ingen commit har en korrektion med nr {nr}").format(nr=wanted))
    title = next((v.correction.title for v in reversed(versions) if v.correction), "")
    sys.stdout.write(RENDERERS[fmt](wanted, title, versions))


def _json(number: str, title: str, versions: Sequence[Version]) -> str:
    from budgetkorr.render.history import history_document
    from budgetkorr.render.json import render_json

    return render_json(history_document(number, versions))


def _markdown(number: str, title: str, versions: Sequence[Version]) -> str:
    from budgetkorr.render.history import render_markdown

    return render_markdown(number, title, versions)


def _text(number: str, title: str, versions: Sequence[Version]) -> str:
    from budgetkorr.render.history import render_text

    return render_text(number, title, versions)


# The renderer of each format: a correction's history as text.
RENDERERS: dict[HistoryFormat, Callable[[str, str, Sequence[Version]], str]] = {
    HistoryFormat.json: _json,
    HistoryFormat.markdown: _markdown,
    HistoryFormat.table: _text,
}

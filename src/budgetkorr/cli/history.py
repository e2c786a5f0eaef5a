"""`budgetkorr history NR`: the life of one correction in git, commit by commit."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from budgetkorr.cli.options import DataOption
from budgetkorr.cli.output import fail
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _


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
    from budgetkorr.render import history as render

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
    if fmt is HistoryFormat.json:
        from budgetkorr.render.json import render_json

        sys.stdout.write(render_json(render.history_document(wanted, versions)))
    elif fmt is HistoryFormat.markdown:
        sys.stdout.write(render.render_markdown(wanted, title, versions))
    else:
        sys.stdout.write(render.render_text(wanted, title, versions))

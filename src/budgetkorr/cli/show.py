"""`budgetkorr show NR`: one correction laid out like the form."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import DataOption
from budgetkorr.cli.output import fail
from budgetkorr.cli.shared import app
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.load import Entry


class ShowFormat(enum.StrEnum):
    text = "text"


@app.command()
def show(
    nr: Annotated[str, typer.Argument(help="The correction's number, e.g. T105.", show_default=False)],
    data: DataOption = None,
    fmt: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "text: skemaet som i udvalgets dokumenter; budgetkorr import læser det tilbage til samme korrektion."
            ),
        ),
    ] = ShowFormat.text,
) -> None:
    """Show one correction laid out like the form."""
    from budgetkorr.render.form import render_form

    dataset = load_data(data)
    wanted = nr.strip().upper()
    entry: Entry | None = next((e for e in dataset.entries if e.correction.number == wanted), None)
    if entry is None:
        numbers = ", ".join(e.correction.number for e in dataset.entries)
        fail(f"no correction has nr {nr!r}; the numbers are: {numbers}")
    sys.stdout.write(render_form(entry))

"""`budgetkorr show NR…`: corrections laid out like the form, in the order given."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption, find_committee, split_words
from budgetkorr.cli.selection import report_warnings, stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from budgetkorr.library import Forms


class ShowFormat(enum.StrEnum):
    text = "text"


@command("show")
def show(
    nr: Annotated[
        list[str] | None,
        typer.Argument(
            help=_("Korrektionernes numre, fx T105 T101 (eller T105,T101); de vises i den rækkefølge."),
            show_default=False,
        ),
    ] = None,
    committee: CommitteeOption = None,
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
    """Show corrections laid out like the form: the numbers given, in that order, or a committee's."""
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE
    from budgetkorr.library import forms

    # prisniveau.yaml where there is one: a form written in another price level shows its converted amounts too
    dataset = load_data(data, other_files={BUDGET_FILE: False, PRICES_FILE: False}, warnings=False)
    found = stop_on_problem(forms(dataset, split_words(nr), find_committee(dataset, committee)))
    report_warnings(dataset, found.warnings)
    sys.stdout.write(RENDERERS[fmt](found))


# The renderer of each format: the forms as text.
RENDERERS: dict[ShowFormat, Callable[[Forms], str]] = {ShowFormat.text: lambda found: found.text()}

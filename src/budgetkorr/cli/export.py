"""`budgetkorr export`: the corrections as a workbook to edit in Excel or LibreOffice and read back with
`budgetkorr import` (or, with --tom, an empty one to fill in by hand).

Exit 0: written; 2: invalid input (a selection that leaves nothing, a text no cell can hold, a file that exists
without --force); 4: the file could not be written.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption
from budgetkorr.cli.output import fail
from budgetkorr.cli.saving import ForceOption, OutputOption, save
from budgetkorr.cli.selection import EveryStatusOption, NumbersOption, read_selection, report_warnings, stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _


@command("export")
def export(
    output: OutputOption = None,
    empty: Annotated[
        bool,
        typer.Option(
            "--tom", help=_("En tom projektmappe (overskrifter, lister, vejledning) at udfylde i hånden og importere.")
        ),
    ] = False,
    committee: CommitteeOption = None,
    status: EveryStatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """The corrections as a workbook to edit and import again."""
    from budgetkorr.core.folder import BUDGET_FILE
    from budgetkorr.library import workbook

    if output is None:
        fail(_("export skriver en projektmappe: angiv filen med --output FIL.xlsx"))
    try:
        importlib.import_module("openpyxl")
    except ImportError:
        fail(
            _(
                "export kræver pakken openpyxl, som ikke er installeret. Installér den med: "
                "pip install 'budgetkorr[xlsx]'"
            )
        )
    if empty and (status or committee or only or without):
        fail(_("--tom giver en projektmappe uden korrektioner; udelad --status, --udvalg, --only og --without"))
    dataset = load_data(data, other_files={BUDGET_FILE: False}, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, all_statuses=True)
    found = stop_on_problem(workbook(dataset, selection, empty=empty))
    save(output, found.render(), force)
    report_warnings(dataset, found.warnings)

"""`budgetkorr show NR…`: corrections laid out like the form, in the order given."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption, find_committee, split_words
from budgetkorr.cli.output import fail
from budgetkorr.cli.selection import report_warnings
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

SEPARATOR = "\n" + "=" * 100 + "\n\n"


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
    from budgetkorr.core.period import folder_mismatch, shown_conversion
    from budgetkorr.library import warnings_for
    from budgetkorr.render.form import render_form

    dataset = load_data(data, other_files={BUDGET_FILE: False, PRICES_FILE: False}, warnings=False)
    wanted = list(dict.fromkeys(word.upper() for word in split_words(nr)))
    chosen_committee = find_committee(dataset, committee)
    if not wanted and chosen_committee is None:
        fail(_("angiv et eller flere numre (fx show T105 T101) eller --udvalg"))
    by_number = {entry.correction.number: entry for entry in dataset.entries}
    unknown = [number for number in wanted if number not in by_number]
    if unknown:
        fail(
            _("ingen korrektion har nr {unknown}; numrene er: {known}").format(
                unknown=", ".join(unknown), known=", ".join(sorted(by_number))
            )
        )
    if wanted:
        entries = [by_number[number] for number in wanted]
    else:
        entries = [entry for entry in dataset.entries if entry.committee == chosen_committee]
    if chosen_committee is not None:
        outside = [e.correction.number for e in entries if e.committee != chosen_committee]
        if outside:
            fail(
                _("{numbers} hører ikke til {committee}").format(
                    numbers=", ".join(outside), committee=chosen_committee.name
                )
            )
        if not entries:
            fail(_("{committee} har ingen korrektioner").format(committee=chosen_committee.name))
    report_warnings(dataset, [*warnings_for(dataset, entries, general=False), *folder_mismatch(dataset)])
    shown = shown_conversion(dataset, entries)
    sys.stdout.write(SEPARATOR.join(render_form(entry, shown.of(entry.correction.number)) for entry in entries))

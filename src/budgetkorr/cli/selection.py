"""The selection options every command that sums or lists shares, read into a `Selection`; the warnings that
qualify the chosen corrections; the scope an output states about itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.options import find_committee, parse_statuses, split_words
from budgetkorr.cli.output import fail, report_diagnostics
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.core.entry import Entry
    from budgetkorr.core.prices import Conversion
    from budgetkorr.core.selection import Selection
    from budgetkorr.render.scope import Scope

NumbersOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_("Korrektionsnumre, fx T101,T105 (gentag, eller adskil med komma)."),
        show_default=False,
    ),
]
BaselineOption = Annotated[
    bool,
    typer.Option(
        "--ingen-korrektioner",
        help=_(
            "Grundlaget uden nogen korrektion. Uden den er et udvalg, der ikke rammer nogen korrektion, "
            "en fejl (exit 2)."
        ),
    ),
]


def read_selection(
    dataset: Dataset,
    status: list[str] | None,
    committee: str | None,
    only: list[str] | None = None,
    without: list[str] | None = None,
    baseline: bool = False,
    all_statuses: bool = False,
) -> Selection:
    """The options as a `Selection`; an unknown number, committee or status, or a contradiction, is exit 2."""
    from budgetkorr.core.selection import Selection
    from budgetkorr.models import STATUSES

    if baseline and (status is not None or committee or only or without):
        fail(_("--ingen-korrektioner vælger ingen korrektioner; udelad --status, --udvalg, --only og --without"))
    if status is not None and not split_words(status):
        fail(_("--status er tom; skriv en eller flere af: {statuses}").format(statuses=", ".join(STATUSES)))
    statuses = tuple(STATUSES) if all_statuses and not status else tuple(parse_statuses(status))
    known = {entry.correction.number for entry in dataset.entries}

    def numbers(given: list[str] | None, option: str) -> tuple[str, ...]:
        wanted = tuple(dict.fromkeys(word.upper() for word in split_words(given)))
        unknown = [number for number in wanted if number not in known]
        if unknown:
            fail(
                _("{option} {unknown}: ingen korrektion har det nr; numrene er: {known}").format(
                    option=option, unknown=", ".join(unknown), known=", ".join(sorted(known))
                )
            )
        return wanted

    return Selection(
        statuses, find_committee(dataset, committee), numbers(only, "--only"), numbers(without, "--without"), baseline
    )


def choose(dataset: Dataset, selection: Selection) -> list[Entry]:
    """The corrections of the selection; none (unless --ingen-korrektioner) is exit 2 naming the filter."""
    from budgetkorr.core.selection import EmptySelection

    try:
        return selection.apply(dataset.entries)
    except EmptySelection as exc:
        fail(
            _("{problem}. Vil du se grundlaget uden korrektioner, så brug --ingen-korrektioner.").format(
                problem=str(exc)
            )
        )


def warnings_for(
    dataset: Dataset, entries: Sequence[Entry], general: bool = True, skip_fields: frozenset[str] = frozenset()
) -> list[Diagnostic]:
    """The warnings that qualify an output made from `entries`: those in their files and, with `general`, those
    not in any correction's file (a file in corrections/ that is not read, the budget). Each once."""
    from budgetkorr.core.diagnostics import display_path

    warnings = [d for d in dataset.diagnostics if not d.is_error and d.field not in skip_fields]
    if not warnings:  # the usual case: no path of the (possibly thousands of) entries needs to be worked out
        return []
    chosen = {display_path(entry.path) for entry in entries}
    corrections = {display_path(entry.path) for entry in dataset.entries}
    return [d for d in warnings if d.path in chosen or (general and d.path not in corrections)]


def warning_texts(warnings: Sequence[Diagnostic]) -> tuple[str, ...]:
    """The warnings as the lines a document (markdown, JSON) carries."""
    from budgetkorr.escape import one_line

    return tuple(one_line(d.format()) for d in warnings)


def report_warnings(dataset: Dataset, warnings: Sequence[Diagnostic]) -> None:
    report_diagnostics(list(warnings), dataset.files)


def make_scope(
    dataset: Dataset, selection: Selection, entries: Sequence[Entry], conversion: Conversion | None
) -> Scope:
    from budgetkorr.core.period import budget_period
    from budgetkorr.render.scope import Scope

    return Scope(
        budget_period(dataset).budget_year,
        selection,
        conversion,
        dataset.rates.source if dataset.rates and conversion and conversion.converted() else None,
        tuple(entry.correction.number for entry in entries if entry.correction.preliminary),
        tuple(
            (entry.correction.number, entry.correction.unknown_years) for entry in entries if entry.correction.unknown
        ),
    )

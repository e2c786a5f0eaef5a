"""The selection options every command that sums or lists shares, read into a `Selection` (an unknown number,
committee or status is exit 2), and stopping on the problem a library value reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Protocol, TypeVar

import typer

from budgetkorr.cli.options import find_committee, parse_statuses, split_words
from budgetkorr.cli.output import fail, report_diagnostics
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.core.selection import Selection

NumbersOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_("Korrektionsnumre, fx T101,T105 (gentag, eller adskil med komma)."),
        show_default=False,
    ),
]
# --status of the commands that show every correction unless asked (list, export).
EveryStatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help=_("Kun korrektioner med denne status (gentag tilvalget, eller adskil med komma). Standard: alle."),
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
    price_level: int | None = None,
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

    chosen = find_committee(dataset, committee)
    return Selection(statuses, chosen, numbers(only, "--only"), numbers(without, "--without"), baseline, price_level)


def report_warnings(dataset: Dataset, warnings: Sequence[Diagnostic]) -> None:
    report_diagnostics(list(warnings), dataset.files)


class Outcome(Protocol):
    @property
    def ok(self) -> bool: ...

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...


Found = TypeVar("Found", bound=Outcome)


def stop_on_problem(found: Found) -> Found:
    """The library's value, or exit 2 with its first error (a selection that leaves nothing, a year not covered)."""
    if not found.ok:
        error = next((d for d in found.diagnostics if d.is_error), None)
        if error is None:  # a bug in the library, for the top-level handler (exit 3), not the user's input
            raise RuntimeError("a value that is not ok carries no error")
        fail(error.message)
    return found

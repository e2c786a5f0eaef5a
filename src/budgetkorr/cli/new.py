"""`budgetkorr new`: a new correction file from a correct template, with the next free number of the committee.

Asks for the committee and the title on a terminal when they are not given; elsewhere (a script, CI) a missing
option is an error. A --nr or --titel that could not be written is refused as an option, and the file is validated
as `validate` reads it before it is written: nothing invalid is left behind. The file is created without replacing
anything and is the reservation of its number: when another `new` took the number at the same moment, the next
free number is taken.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import data_folder
from budgetkorr.cli.options import DataOption, DryRunOption, ForceOption
from budgetkorr.cli.output import EXIT_WRITE_FAILED, fail, write_lines
from budgetkorr.cli.selection import stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.models import Committee


@command("new")
def new(
    udvalg: Annotated[
        str | None,
        typer.Option(
            "--udvalg", help=_("Udvalget (navn eller forkortelse fra udvalg.yaml), fx ØK."), show_default=False
        ),
    ] = None,
    titel: Annotated[
        str | None,
        typer.Option("--titel", help=_("Korrektionens titel; den giver også filnavnet."), show_default=False),
    ] = None,
    nr: Annotated[
        str | None,
        typer.Option(
            "--nr", help=_("Nummeret, fx T110. Standard: det næste ledige i udvalgets serie."), show_default=False
        ),
    ] = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Create a new correction file from a template."""
    from budgetkorr.core.folder import BUDGET_FILE
    from budgetkorr.library import load, new_correction
    from budgetkorr.templates import number_problem

    number = nr.strip().upper() if nr else None
    if number is not None and (problem := number_problem(number)):
        fail(f"--nr: {problem}")
    dataset = load(data_folder(data), other_files={BUDGET_FILE: False})
    committee = _committee(dataset, udvalg)
    title = _title(titel)
    made = new_correction(dataset, committee, title, number, write=not dry_run, force=force)
    write_lines(d.format() for d in made.warnings)  # budget.yaml and the corrections disagree
    if made.unwritable is not None:
        message = _("budgetkorr: {path} kunne ikke skrives: {reason}").format(path=made.path, reason=made.unwritable)
        sys.stderr.write(message + "\n")
        raise typer.Exit(EXIT_WRITE_FAILED)
    stop_on_problem(made)
    if not made.written:
        sys.stdout.write(made.text)
        return
    assert made.path is not None  # a file written has a path
    sys.stderr.write(
        _("Skrev {path} ({nr}); udfyld tallene og teksten, og sæt foreløbig: false, når de er endelige.").format(
            path=made.path.as_posix(), nr=made.number
        )
        + "\n"
    )


def _committee(dataset: Dataset, udvalg: str | None) -> Committee:
    """The committee --udvalg names (asked for on a terminal), by name or abbreviation; another is exit 2."""
    from budgetkorr.core.committees import unknown_committee
    from budgetkorr.escape import one_line

    committee_name = udvalg if udvalg is not None else _ask("--udvalg", _("Udvalg (navn eller forkortelse)"))
    committee = next((c for c in dataset.committees if c.matches(committee_name)), None)
    if committee is None:
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in dataset.committees)
        fail(
            _("--udvalg {name!r} er ikke et udvalg i udvalg.yaml; {hint}. Udvalgene er: {known}").format(
                name=one_line(committee_name),
                hint=one_line(unknown_committee(committee_name, dataset.committees)),
                known=known,
            )
        )
    return committee


def _title(titel: str | None) -> str:
    """The title --titel gives (asked for on a terminal) as written in the file: its spaces as one; a title that
    could not be written is exit 2."""
    from budgetkorr.templates import title_problem

    raw_title = titel if titel is not None else _ask("--titel", _("Titel"))
    if problem := title_problem(raw_title):
        fail(f"--titel: {problem}")
    title = " ".join(raw_title.split())
    if not title:
        fail(_("--titel må ikke være tom"))
    return title


def interactive() -> bool:
    """A person at a terminal, who can be asked."""
    return sys.stdin.isatty()


def _ask(option: str, prompt: str) -> str:
    """Ask on a terminal; a script or CI must give the option."""
    if not interactive():
        fail(_("{option} mangler (der spørges kun i en terminal)").format(option=option))
    answer: str = typer.prompt(prompt)
    return answer

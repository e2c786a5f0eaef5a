"""`budgetkorr new`: a new correction file from a correct template, with the next free number of the committee.

Asks for the committee and the title on a terminal when they are not given; elsewhere (a script, CI) a missing
option is an error. A --nr or --titel that could not be written is refused as an option, and the file is validated
as `validate` reads it before it is written: nothing invalid is left behind. The file is created without replacing
anything and is the reservation of its number: when another `new` took the number at the same moment, the next
free number is taken.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.options import DataOption, DryRunOption, ForceOption
from budgetkorr.cli.output import EXIT_WRITE_FAILED, fail, write_lines
from budgetkorr.cli.shared import command
from budgetkorr.core.diagnostics import os_reason
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset


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
    from budgetkorr.core.committees import unknown_committee
    from budgetkorr.core.folder import BUDGET_FILE, CORRECTIONS_DIR
    from budgetkorr.core.period import budget_period, default_price_level, folder_mismatch
    from budgetkorr.escape import one_line
    from budgetkorr.files import WriteRefused
    from budgetkorr.loader import DataDirNotFound, load_dataset, resolve_data_dir
    from budgetkorr.newfile import NewCorrection, NotWritten
    from budgetkorr.templates import number_problem, title_problem

    number = nr.strip().upper() if nr else None
    if number is not None and (problem := number_problem(number)):
        fail(f"--nr: {problem}")
    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        fail(str(exc))
    dataset = load_dataset(data_dir, other_files={BUDGET_FILE: False})
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
    raw_title = titel if titel is not None else _ask("--titel", _("Titel"))
    if problem := title_problem(raw_title):
        fail(f"--titel: {problem}")
    title = " ".join(raw_title.split())
    if not title:
        fail(_("--titel må ikke være tom"))
    folder = data_dir / CORRECTIONS_DIR
    used = _used_numbers(dataset, folder)
    if number is not None and number in used:
        fail(_("{nr} bruges allerede af {file}").format(nr=number, file=used[number]))
    period = budget_period(dataset)
    if not period.years:
        fail(_("budgetperioden kan ikke ses: data-mappen har hverken budget.yaml eller korrektioner"))
    write_lines(d.format() for d in folder_mismatch(dataset))  # budget.yaml and the corrections disagree
    new_file = NewCorrection(folder, committee, title, period.years, default_price_level(dataset))
    try:
        if dry_run:
            sys.stdout.write(new_file.planned(number or new_file.next_number(used))[1])
            return
        path, number = new_file.create(number, used, force=force)
    except (NotWritten, WriteRefused) as exc:
        fail(str(exc))
    except OSError as exc:
        message = _("budgetkorr: {path} kunne ikke skrives: {reason}").format(path=exc.filename, reason=os_reason(exc))
        sys.stderr.write(message + "\n")
        raise typer.Exit(EXIT_WRITE_FAILED) from None
    sys.stderr.write(
        _("Skrev {path} ({nr}); udfyld tallene og teksten, og sæt foreløbig: false, når de er endelige.").format(
            path=path.as_posix(), nr=number
        )
        + "\n"
    )


def interactive() -> bool:
    """A person at a terminal, who can be asked."""
    return sys.stdin.isatty()


def _ask(option: str, prompt: str) -> str:
    """Ask on a terminal; a script or CI must give the option."""
    if not interactive():
        fail(_("{option} mangler (der spørges kun i en terminal)").format(option=option))
    answer: str = typer.prompt(prompt)
    return answer


def _used_numbers(dataset: Dataset, folder: Path) -> dict[str, Path]:
    from budgetkorr.importers.plan import numbers_in_use
    from budgetkorr.loader import correction_files

    paths, _notes = correction_files(folder) if folder.is_dir() else ([], [])
    return numbers_in_use(paths, dataset.entries)

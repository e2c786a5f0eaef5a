"""`budgetkorr init ÅR`: a data folder for a new budget year, fresh or rolled over from last year's (`newfolder`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkorr.cli.options import ForceOption
from budgetkorr.cli.output import EXIT_INVALID, EXIT_WRITE_FAILED, fail, report_diagnostics
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _


@command("init")
def init(
    year: Annotated[int, typer.Argument(help=_("Budgetåret, fx 2027: perioden er det og de tre overslagsår."))],
    municipality: Annotated[
        str | None,
        typer.Option("--kommune", help=_('Kommunens navn, fx "Vestby Kommune".'), show_default=False),
    ] = None,
    old: Annotated[
        Path | None,
        typer.Option(
            "--fra",
            file_okay=False,
            help=_("Sidste års datamappe: udvalg, mål, satser og kommune føres over; korrektionerne gør ikke."),
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    data: Annotated[
        Path,
        typer.Option("--data", file_okay=False, help=_("Den nye datamappe.")),
    ] = Path("data"),
) -> None:
    """Make the data folder for a budget year."""
    from budgetkorr.core.diagnostics import display_path, os_reason
    from budgetkorr.files import WriteRefused
    from budgetkorr.models.values import MAX_YEAR, MIN_YEAR
    from budgetkorr.newfolder import FILES, fresh, rolled_over

    if not MIN_YEAR <= year <= MAX_YEAR - 3:
        fail(_("ÅR: {year} er ikke et budgetår; skriv et år som 2027").format(year=year))
    if old is not None and old.resolve() == data.resolve():
        fail(_("--fra og --data er samme mappe; skriv det nye budgetår i en ny mappe"))
    folder = fresh(year, municipality) if old is None else rolled_over(year, old, municipality)
    if isinstance(folder, list):
        report_diagnostics(folder, len({d.path for d in folder}))
        raise typer.Exit(EXIT_INVALID)
    try:
        backups = folder.write(data, force=force)
    except WriteRefused as exc:
        fail(str(exc))
    except OSError as exc:
        message = _("budgetkorr: {path} kunne ikke skrives: {reason}").format(path=exc.filename, reason=os_reason(exc))
        sys.stderr.write(message + "\n")
        raise typer.Exit(EXIT_WRITE_FAILED) from None
    where = display_path(data)
    lines = [
        _("Oprettede {folder}/ til budget {year}: {files} og corrections/.").format(
            folder=where, year=year, files=", ".join(FILES)
        ),
        *(_("Den gamle fil er gemt som {path}.").format(path=display_path(backup)) for backup in backups),
        _(
            "Skriv hovedoversigten i {folder}/budget.yaml, kommunens udvalg i {folder}/udvalg.yaml og målenes "
            "tærskler i {folder}/targets.yaml; budgetkorr validate tjekker dem."
        ).format(folder=where),
    ]
    sys.stderr.write("\n".join(lines) + "\n")

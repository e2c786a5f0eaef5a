"""`budgetkorr import FILE…`: a committee's appendices (text, PDF, Word) → one validated correction file per form.

Exit 0: every form imported; 2: something could not be imported (an unreadable file, a form that could not be
read or validated, a file that exists without --force), the rest still written; 4: a file could not be written.
The summary on stderr lists every file written and every value to check, each with its line in the input, and ends
with how many forms were written and each that was not.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkorr.cli.options import DataOption, DryRunOption, ForceOption
from budgetkorr.cli.output import EXIT_INVALID, EXIT_OK, EXIT_WRITE_FAILED, fail, report_diagnostics
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _


@command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=_(
                "Bilagene: tekst udtrukket af PDF (.txt), PDF (kræver budgetkorr[pdf]), Word (.docx) eller en "
                "projektmappe fra export (.xlsx, kræver budgetkorr[xlsx])."
            ),
            show_default=False,
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            file_okay=False,
            help=_("Mappen filerne skrives i. Standard: data-mappens corrections/."),
            show_default=False,
        ),
    ] = None,
    udvalg: Annotated[
        str | None,
        typer.Option(
            "--udvalg",
            help=_("Udvalget for alle skemaerne (navn eller forkortelse), i stedet for dokumentets overskrift."),
            show_default=False,
        ),
    ] = None,
    layout: Annotated[
        str | None,
        typer.Option(
            "--layout",
            help=_(
                "Skemaernes layout: en layoutfil (YAML, se docs/import.md) eller navnet på et medfølgende layout. "
                "Standard: det medfølgende layout, der finder flest skemaer."
            ),
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Import committee appendices: one validated correction file per form."""
    from budgetkorr.library import import_appendices
    from budgetkorr.render.importing import import_summary, planned_files

    found = import_appendices(
        files, _data_folder(data, out), out, udvalg, write=not dry_run, force=force, layout=layout
    )
    if not found.committees_ok:
        report_diagnostics(found.diagnostics, 1)
        raise typer.Exit(EXIT_INVALID)
    if dry_run:
        sys.stdout.write(planned_files(found.planned))
    sys.stderr.write(
        import_summary(
            found.planned, found.written, found.diagnostics, dry_run, found.forms, found.failures, found.unchanged
        )
    )
    code = EXIT_WRITE_FAILED if found.write_failed else EXIT_INVALID if not found.ok else EXIT_OK
    raise typer.Exit(code)


def _data_folder(data: Path | None, out: Path | None) -> Path | None:
    """The data folder (given, or found from the current folder or --out), if there is one."""
    from budgetkorr.escape import one_line
    from budgetkorr.loader import DataDirNotFound, find_data_dir, resolve_data_dir

    data_dir: Path | None = None
    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        if data is not None or out is None:
            fail(one_line(str(exc)))
        try:
            data_dir = find_data_dir(out) if out is not None else None
        except DataDirNotFound:
            data_dir = None
    if data_dir is None:
        sys.stderr.write(_("Bemærk: ingen udvalg.yaml fundet; udvalgene kontrolleres ikke.") + "\n")
    return data_dir

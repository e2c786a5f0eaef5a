"""`budgetkorr validate` and `budgetkorr schema`: check the files; the JSON Schema editors use."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkorr.cli.loading import checked, data_folder
from budgetkorr.cli.options import DataOption
from budgetkorr.cli.output import write_annotation
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _, ngettext


class ValidateFormat(enum.StrEnum):
    text = "text"
    github = "github"


# Whether each format also writes what it reports as GitHub workflow commands on stdout.
ANNOTATED = {ValidateFormat.text: False, ValidateFormat.github: True}


@command("validate")
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=_("Filer eller mapper, der skal tjekkes. Standard: alle datamappens korrektioner."),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "text: én linje pr. problem (FIL:LINJE: FELT: BESKED). github: desuden annoteringer i et workflow, "
                "ved hvert problems fil og linje, og antallet som en notits."
            ),
        ),
    ] = ValidateFormat.text,
    data: DataOption = None,
) -> None:
    """Check correction files and the data folder's other files."""
    from budgetkorr.library import validate as validate_files

    github = ANNOTATED[fmt]
    dataset = checked(validate_files(data_folder(data, annotate=github), paths), annotate=github)
    if not dataset.diagnostics:
        count = dataset.files
        message = ngettext("{n} fil er gyldig, ingen advarsler", "{n} filer er gyldige, ingen advarsler", count)
        sys.stderr.write(message.format(n=count) + "\n")
        if github:
            write_annotation("notice", message.format(n=count))


@command("schema")
def schema() -> None:
    """The JSON Schema of a correction file."""
    from budgetkorr.schema import correction_schema

    sys.stdout.write(correction_schema())

"""`budgetkorr validate` and `budgetkorr schema`: check the files; the JSON Schema editors use."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import DataOption
from budgetkorr.cli.shared import app


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to check. Default: all of the data folder's corrections.", show_default=False
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check correction files (and budget.yaml, targets.yaml, prisniveau.yaml): exit 0 valid, 2 any error."""
    from budgetkorr.load import OTHER_FILES

    dataset = load_data(data, paths or None, other_files=None if paths else dict.fromkeys(OTHER_FILES, False))
    if not dataset.diagnostics:
        sys.stderr.write(f"{dataset.files} {'file' if dataset.files == 1 else 'files'} valid, no warnings\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a correction file (editors use it to complete and check keys)."""
    from budgetkorr.schema import correction_schema

    sys.stdout.write(correction_schema())

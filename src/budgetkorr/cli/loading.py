"""Loading for a command: find the data folder, load and validate every file, report all problems at once.

The files themselves are read by `budgetkorr.yamlread` (the one module that opens input) through `budgetkorr.loader`;
this is where a command stops, with exit 2 and no totals, when any file has an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from budgetkorr.cli.output import EXIT_INVALID, fail, report_diagnostics, write_annotation, write_annotations

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset


def load_data(
    data: Path | None,
    only: list[Path] | None = None,
    other_files: dict[str, bool] | None = None,
    warnings: bool = True,
    annotate: bool = False,
) -> Dataset:
    """Load and validate; print every diagnostic; stop with exit 2 (and no totals) if any is an error.

    `warnings=False`: a valid data folder's warnings are left to the command, which prints those that qualify
    its output (`cli.selection.warnings_for`), each once. `annotate`: what is printed is also GitHub workflow
    commands on stdout (`--format github`), so a pull request shows each at its file and line, then the count.
    """
    from budgetkorr.loader import load_dataset

    return checked(load_dataset(data_folder(data, annotate), only, other_files), warnings, annotate)


def data_folder(data: Path | None, annotate: bool = False) -> Path:
    """The data folder --data names, or the one found from the current folder; none is exit 2."""
    from budgetkorr.loader import DataDirNotFound, resolve_data_dir

    try:
        return resolve_data_dir(data)
    except DataDirNotFound as exc:
        if annotate:  # the run stops before any file: the pull request still says why
            write_annotation("error", str(exc))
        fail(str(exc))


def checked(dataset: Dataset, warnings: bool = True, annotate: bool = False) -> Dataset:
    """The loaded folder, its diagnostics printed (as `load_data` says); exit 2 if any is an error."""
    if (warnings or not dataset.ok) and dataset.diagnostics:
        report_diagnostics(dataset.diagnostics, dataset.files)
        if annotate:
            write_annotations(dataset.diagnostics, dataset.files)
    if not dataset.ok:
        raise typer.Exit(EXIT_INVALID)
    return dataset

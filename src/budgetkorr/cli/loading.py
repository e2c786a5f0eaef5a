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
    from budgetkorr.loader import DataDirNotFound, load_dataset, resolve_data_dir

    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        if annotate:  # the run stops before any file: the pull request still says why
            write_annotation("error", str(exc))
        fail(str(exc))
    dataset = load_dataset(data_dir, only, other_files)
    if (warnings or not dataset.ok) and dataset.diagnostics:
        report_diagnostics(dataset.diagnostics, dataset.files)
        if annotate:
            write_annotations(dataset.diagnostics, dataset.files)
    if not dataset.ok:
        raise typer.Exit(EXIT_INVALID)
    return dataset

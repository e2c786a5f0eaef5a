"""Workbooks given to `budgetkorr import`: each read (importers/workbook.py), its forms planned as files as every
appendix's are (importers/plan.py), and every problem put at the cell it is about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error
from budgetkorr.importers.batch import Failure, ImportPlan, Stage, form_failures
from budgetkorr.importers.plan import PlannedFile, plan_files
from budgetkorr.importers.read import ReadError
from budgetkorr.importers.workbook import at_cells, read_workbook
from budgetkorr.models import Committee


def plan_workbooks(
    workbooks: Sequence[Path],
    folder: Path,
    before: ImportPlan,
    *,
    committees: Sequence[Committee],
    committee: str | None,
    existing: Mapping[str, Path],
    schema: str,
) -> ImportPlan:
    """The plan `before` (of the other appendices) with a file for each valid row of each workbook; a number the
    plan has already is one in use."""
    planned: list[PlannedFile] = []
    diagnostics: list[Diagnostic] = []
    failures: list[Failure] = []
    forms = 0
    taken = {item.form.number for item in before.files}
    for path in workbooks:
        try:
            read = read_workbook(path, committee)
        except ReadError as exc:
            diagnostics.append(error(path, 1, FILE_FIELD, str(exc)))
            failures.append(Failure(diagnostics[-1], Stage.APPENDIX))
            continue
        forms += len(read.parsed.forms) + read.parsed.failed
        found, problems = plan_files(
            path, read.parsed, folder, existing=existing, committees=committees, schema=schema, taken=taken
        )
        planned += found
        told = list(at_cells(problems, path, read.cells))
        at_cell = dict(zip(problems, told, strict=True))
        diagnostics += told
        # each row not written, by its first problem (one of `problems`) at its cell
        failures += [replace(f, problem=at_cell[f.problem]) for f in form_failures(read.parsed, found, problems)]
    return replace(
        before,
        files=(*before.files, *planned),
        diagnostics=(*before.diagnostics, *diagnostics),
        forms=before.forms + forms,
        failures=(*before.failures, *failures),
    )

"""Importing several appendices at once: each read and parsed, every form planned as a file, all problems kept.

The one place of the import that opens the appendices (through `read`); the files are written by the command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error
from budgetkorr.importers.document import parse_document
from budgetkorr.importers.plan import PlannedFile, plan_files
from budgetkorr.importers.read import ReadError, read_document
from budgetkorr.models import Committee


@dataclass(frozen=True)
class ImportPlan:
    """The files to write, every problem and doubt (each at its line of an appendix), and how many forms there were."""

    files: tuple[PlannedFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    forms: int


def plan_import(
    appendices: Sequence[Path],
    folder: Path,
    *,
    committees: Sequence[Committee],
    committee: str | None,
    existing: dict[str, Path],
    schema: str,
) -> ImportPlan:
    """Read every appendix and plan a file for each of its forms; an unreadable appendix is one problem, and the
    others are still read."""
    planned: list[PlannedFile] = []
    diagnostics: list[Diagnostic] = []
    taken: set[str] = set()
    forms = 0
    for path in appendices:
        try:
            document = read_document(path)
        except ReadError as exc:
            diagnostics.append(error(path, 1, FILE_FIELD, str(exc)))
            continue
        parsed = parse_document(
            document.lines, path=path, committees=committees, committee=committee, reflow=document.reflow
        )
        forms += len(parsed.forms) + parsed.failed
        found, problems = plan_files(
            path, parsed, folder, existing=existing, committees=committees, schema=schema, taken=taken
        )
        planned += found
        diagnostics += problems
    return ImportPlan(tuple(planned), tuple(diagnostics), forms)

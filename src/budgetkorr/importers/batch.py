"""Importing several appendices at once: each read and parsed, every form planned as a file, all problems kept.

The one place of the import that opens the appendices (through `read`), and that writes the planned files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error, os_reason
from budgetkorr.i18n import _
from budgetkorr.importers.document import parse_document
from budgetkorr.importers.layout import Layout
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
    layout: Layout | None = None,
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
            document.lines,
            path=path,
            committees=committees,
            committee=committee,
            reflow=document.reflow,
            layout=layout,
        )
        forms += len(parsed.forms) + parsed.failed
        found, problems = plan_files(
            path, parsed, folder, existing=existing, committees=committees, schema=schema, taken=taken
        )
        planned += found
        diagnostics += problems
    return ImportPlan(tuple(planned), tuple(diagnostics), forms)


def write_planned(planned: Sequence[PlannedFile], force: bool) -> tuple[list[Path], list[Diagnostic], bool]:
    """Write each planned file without replacing another (unless `force`): the files written, a problem at its form
    for each that was not, and whether the operating system refused one (rather than a file being in the way)."""
    from budgetkorr.files import WriteRefused, write_atomic

    written: list[Path] = []
    problems: list[Diagnostic] = []
    failed = False
    for item in planned:
        try:
            write_atomic(item.path, item.text.encode("utf-8"), force=force, number=item.form.number)
        except WriteRefused as exc:
            problems.append(error(item.source, item.form.line, f"{item.form.number} nr", str(exc)))
            continue
        except OSError as exc:
            message = _("{path} kunne ikke skrives: {reason}").format(path=item.path, reason=os_reason(exc))
            problems.append(error(item.source, item.form.line, f"{item.form.number} nr", message))
            failed = True
            continue
        written.append(item.path)
    return written, problems, failed

"""Importing several appendices at once: each read and parsed, every form planned as a file, all problems kept.

The one place of the import that opens the appendices (through `read`), and that writes the planned files. A form
that can not be read or written does not stop the others: it becomes a `Failure`, named by its first problem, and
nothing is written for it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error, os_reason
from budgetkorr.i18n import _
from budgetkorr.importers.document import ParsedDocument, parse_document
from budgetkorr.importers.layout import Layout
from budgetkorr.importers.plan import PlannedFile, plan_files
from budgetkorr.importers.read import ReadError, read_document
from budgetkorr.models import Committee


class Stage(enum.Enum):
    """Where a form (or an appendix) stopped."""

    APPENDIX = "appendix"  # the appendix could not be read at all: its forms are not counted
    READ = "read"  # the form could not be read
    REFUSED = "refused"  # read, but not written: it would not validate, its number is in use, a file is in the way


@dataclass(frozen=True)
class Failure:
    """A form or an appendix for which nothing was written, and the first problem that stopped it (at its line)."""

    problem: Diagnostic
    stage: Stage
    number: str | None = None  # the form's number, where it has one


@dataclass(frozen=True)
class ImportPlan:
    """The files to write, every problem and doubt (each at its line of an appendix), how many forms there were,
    and each form or appendix that will not be written."""

    files: tuple[PlannedFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    forms: int
    failures: tuple[Failure, ...] = ()


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
    failures: list[Failure] = []
    taken: set[str] = set()
    forms = 0
    for path in appendices:
        try:
            document = read_document(path)
        except ReadError as exc:
            diagnostics.append(error(path, 1, FILE_FIELD, str(exc)))
            failures.append(Failure(diagnostics[-1], Stage.APPENDIX))
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
        failures += form_failures(parsed, found, problems)
    return ImportPlan(tuple(planned), tuple(diagnostics), forms, tuple(failures))


def form_failures(
    parsed: ParsedDocument, found: Sequence[PlannedFile], problems: Sequence[Diagnostic]
) -> list[Failure]:
    """Each form of `parsed` that will not be written, by its first problem: those that could not be read, then
    those read but refused when planned (`problems`, as `plan_files` gives them beside the `found` files)."""
    written = {id(item.form) for item in found}
    refused = {form.number for form in parsed.forms if id(form) not in written}
    read_problems = set(parsed.problems)
    later = [d for d in problems if d not in read_problems and _number(d) in refused]
    return _failures(parsed.problems, Stage.READ) + _failures(later, Stage.REFUSED)


_NUMBER = re.compile(r"[A-Z]\d{3}")


def _number(problem: Diagnostic) -> str | None:
    """The form a problem is about, by the number its field starts with (`T502 udgifter.2029`)."""
    first = problem.field.split(" ", 1)[0]
    return first if _NUMBER.fullmatch(first) else None


def _failures(problems: Iterable[Diagnostic], stage: Stage) -> list[Failure]:
    """The first error of each form among `problems` (in the order they were found, a form's together); a problem
    of the appendix as a whole (no forms found in it) stops the appendix."""
    failures: list[Failure] = []
    seen: set[str] = set()
    for problem in problems:
        if not problem.is_error:
            continue
        if problem.field == FILE_FIELD:
            failures.append(Failure(problem, Stage.APPENDIX))
            continue
        number = _number(problem)
        key = number or f"{problem.path}:{problem.line}"  # a form without a number has one problem: that
        if key not in seen:
            seen.add(key)
            failures.append(Failure(problem, stage, number))
    return failures


def unchanged(planned: Sequence[PlannedFile]) -> frozenset[Path]:
    """The planned files that are in place already with exactly the planned text (an earlier import of the same
    form): left as they are, so that importing an appendix again after mending one form is not a conflict."""
    from budgetkorr.files import holds_exactly

    return frozenset(item.path for item in planned if holds_exactly(item.path, item.text.encode("utf-8")))


@dataclass(frozen=True)
class Writing:
    """What `write_planned` did: the files written, those left in place (already holding exactly the planned text,
    also when another import put them there meanwhile), a problem at its form for each file not written, and whether
    the operating system refused one (rather than a file being in the way)."""

    written: tuple[Path, ...]
    kept: tuple[Path, ...]
    problems: tuple[Diagnostic, ...]
    failed: bool

    @property
    def failures(self) -> tuple[Failure, ...]:
        """The forms not written, each by its problem."""
        return tuple(Failure(problem, Stage.REFUSED, _number(problem)) for problem in self.problems)


def write_planned(planned: Sequence[PlannedFile], force: bool) -> Writing:
    """Write each planned file without replacing another (unless `force`); one that holds exactly its text already
    is left as it is."""
    from budgetkorr.files import WriteRefused, holds_exactly, write_atomic

    written: list[Path] = []
    kept: list[Path] = []
    problems: list[Diagnostic] = []
    failed = False
    for item in planned:
        data = item.text.encode("utf-8")
        if holds_exactly(item.path, data):
            kept.append(item.path)
            continue
        try:
            write_atomic(item.path, data, force=force, number=item.form.number)
        except WriteRefused as exc:
            if holds_exactly(item.path, data):  # another import of the same form, at the same moment
                kept.append(item.path)
                continue
            problems.append(error(item.source, item.form.line, f"{item.form.number} nr", str(exc)))
            continue
        except OSError as exc:
            message = _("{path} kunne ikke skrives: {reason}").format(path=item.path, reason=os_reason(exc))
            problems.append(error(item.source, item.form.line, f"{item.form.number} nr", message))
            failed = True
            continue
        written.append(item.path)
    return Writing(tuple(written), tuple(kept), tuple(problems), failed)

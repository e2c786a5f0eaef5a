"""From parsed forms to the files to write: names, comments for what to confirm, and validation before writing.

Pure: no file is read or written here. Each form becomes a file named like the shipped ones (`T105-it-og-
cybersikkerhed-nis2.yaml`, through `files.slug`), inside the target folder; its text is validated with the same
models the loader uses, and a problem is reported at the line of the input it came from. A number that is used
already (in the folder, or twice in the documents) is not written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.committees import unknown_committee
from budgetkorr.core.diagnostics import Diagnostic, error, warning
from budgetkorr.core.entry import Entry
from budgetkorr.files import inside, slug
from budgetkorr.i18n import _
from budgetkorr.importers.document import ImportedForm, ParsedDocument
from budgetkorr.loader.validate import correction_text_problems
from budgetkorr.models import Committee
from budgetkorr.yamlread import MAX_FILE_BYTES
from budgetkorr.yamlwrite import correction_yaml

_NUMBERED = re.compile(r"[A-Z]\d{3}(?=\W|$)")


@dataclass(frozen=True)
class PlannedFile:
    """A correction file to write: where, its text, and the form and input it came from."""

    path: Path
    text: str
    form: ImportedForm
    source: Path


def file_name(number: str, title: str) -> str:
    """`T105-it-og-cybersikkerhed-nis2.yaml`, the shipped files' convention; `T105.yaml` for a title of no letters."""
    words = slug(title)
    return f"{number}-{words}.yaml" if words else f"{number}.yaml"


def numbers_in_use(paths: Sequence[Path], entries: Sequence[Entry]) -> dict[str, Path]:
    """Every number in use in a folder: by its valid files, and by the name of any file (an invalid one too)."""
    numbers = {match.group(): path for path in paths if (match := _NUMBERED.match(path.name))}
    numbers.update({entry.correction.number: entry.path for entry in entries})
    return numbers


def _key(field: str) -> str:
    """`T101 udgifter.2026` → `udgifter`, the file's key a doubt or problem is about."""
    return field.split(" ", 1)[-1].split(".")[0].split("[")[0]


def comments_for(form: ImportedForm) -> dict[str, list[str]]:
    """What the file says above a key: what the source said (the unit it wrote an amount in), a proposal to
    confirm, and every doubt, with its input line."""
    comments: dict[str, list[str]] = {key: list(notes) for key, notes in form.notes.items()}
    for key, line in form.proposals.items():
        text = _("Forslag udledt af teksten (linje {line}): bekræft det, og slet så denne kommentar.")
        comments.setdefault(key, []).append(text.format(line=line))
    for doubt in form.doubts:
        key = _key(doubt.field)
        key = key if key in form.data else "nr"
        text = _("Usikkert (linje {line}): {message}")
        comments.setdefault(key, []).append(text.format(line=doubt.line, message=doubt.message))
    return comments


def plan_files(
    source: Path,
    parsed: ParsedDocument,
    folder: Path,
    *,
    existing: Mapping[str, Path],
    committees: Sequence[Committee],
    schema: str,
    taken: set[str],
) -> tuple[list[PlannedFile], list[Diagnostic]]:
    """The files for the forms of one document, and every problem (an error: the form is not written) and doubt
    (a warning: written, to be checked), each at its line of the input. `taken` collects the numbers planned so
    far, across documents."""
    planned: list[PlannedFile] = []
    diagnostics = [*parsed.problems, *parsed.notes]
    for form in parsed.forms:
        path = folder / file_name(form.number, form.title)
        # a form that can not be written is not turned into text: with many such forms that was most of the cost
        problems = _problems(source, form, path, folder, existing, committees, taken)
        text = "" if problems else correction_yaml(form.data, comments=comments_for(form), schema=schema)
        problems = problems or _validate(source, form, path, text)
        if problems:
            diagnostics += problems
            continue
        taken.add(form.number)
        planned.append(PlannedFile(path, text, form, source))
        diagnostics += form.doubts
        for key, line in sorted(form.proposals.items(), key=lambda item: item[1]):
            message = _("forslag udledt af teksten; bekræft det i filen, og slet kommentaren")
            diagnostics.append(warning(source, line, f"{form.number} {key}", message))
    return planned, diagnostics


def _problems(
    source: Path,
    form: ImportedForm,
    path: Path,
    folder: Path,
    existing: Mapping[str, Path],
    committees: Sequence[Committee],
    taken: set[str],
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not inside(folder, path):
        message = _("filnavnet {name!r} ville ligge uden for {folder}; skemaet er ikke skrevet")
        problems.append(error(source, form.line, f"{form.number} nr", message.format(name=path.name, folder=folder)))
    other = existing.get(form.number)
    if other is not None and other.resolve() != path.resolve():
        message = _("{nr} findes allerede i {file}; ret nummeret eller fjern den fil først")
        problems.append(error(source, form.line, f"{form.number} nr", message.format(nr=form.number, file=other)))
    if form.number in taken:
        message = _("{nr} står to gange i dokumenterne; kun det første skema er skrevet")
        problems.append(error(source, form.line, f"{form.number} nr", message.format(nr=form.number)))
    committee = form.data.get("udvalg")
    if committees and isinstance(committee, str) and not any(c.matches(committee) for c in committees):
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in committees)
        message = _(
            "{name!r} er ikke et udvalg i udvalg.yaml; {hint}; eller angiv et andet med --udvalg. Udvalgene er: {known}"
        )
        line = form.lines.get("udvalg", form.line)
        hint = unknown_committee(committee, committees)
        problems.append(
            error(source, line, f"{form.number} udvalg", message.format(name=committee, hint=hint, known=known))
        )
    return problems


def _validate(source: Path, form: ImportedForm, path: Path, text: str) -> list[Diagnostic]:
    """The file's text validated as `validate` will read it, before it is written: a problem points at the form's
    input line."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        message = _("skemaet ville give en fil på over {kib} KiB, som budgetkorr ikke læser; del teksten op")
        return [error(source, form.line, f"{form.number} (fil)", message.format(kib=MAX_FILE_BYTES // 1024))]
    return [
        error(source, form.lines.get(_key(d.field), form.line), f"{form.number} {d.field}", d.message)
        for d in correction_text_problems(path, text)
    ]

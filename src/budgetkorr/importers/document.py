"""A committee appendix as lines → its correction forms as data, each doubt and problem tied to an input line.

The importer in three stages, each a module of its own: `normalise` (typographic signs and spaces, a price line
whose years wrap, page headers and footers), `segment` (where each form starts and ends, found by its box) and
`extract` (one form's title, number, box and sections → correction data). What differs between municipalities'
forms (labels, units, the sign line, the order of a row's cells, the service frame's words) is a `Layout`, read from
a file (`layout`): the shipped ones are tried and the one that finds the most forms is used, the standard
(seed 004's) on a tie; `import --layout FILE` gives one of the user's own instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error, warning
from budgetkorr.i18n import N_, _, ngettext
from budgetkorr.importers.extract import (
    CONVERTED,
    FINANCING_HEADING,
    SPLIT_REST,
    Context,
    ImportedForm,
    extract,
)
from budgetkorr.importers.layout import Layout, shipped_layouts, standard
from budgetkorr.importers.normalise import characters, furniture, join_wrapped_years
from budgetkorr.importers.prose import Line
from budgetkorr.importers.segment import META, TITLE_HEADER, anchors, segment
from budgetkorr.models import Committee

__all__ = ["ImportedForm", "ParsedDocument", "parse_document"]

# The standard layout's patterns, by the names they had before layouts were data.
BACKGROUND = standard().background
CONSEQUENCES = standard().consequences
ROW_LABELS = {key: pattern.pattern for key, pattern in standard().rows.items()}
_COMMITTEE_HEADING = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ\- ]*udvalg(?:et)?$")
MAX_FORMS = 1000  # forms in one appendix; a committee's has tens (seed 004: ten). docs/security.md, "Limits"


@dataclass(frozen=True)
class ParsedDocument:
    """The forms read, the problems that stopped a form (errors) and the notes about the document (warnings)."""

    forms: tuple[ImportedForm, ...]
    problems: tuple[Diagnostic, ...]
    notes: tuple[Diagnostic, ...]
    failed: int = 0  # forms found but not read (their problems say why)
    layout: str = ""  # the name of the layout the forms were read with


def choose_layout(lines: Sequence[Line], layouts: Sequence[Layout]) -> tuple[Layout, list[Line], list[int]]:
    """The layout that finds the most forms (the first of `layouts` on a tie), the lines as it normalises them,
    and where its forms' boxes are."""
    best: tuple[Layout, list[Line], list[int]] | None = None
    for layout in layouts:
        normalised = join_wrapped_years(lines, layout)
        found = anchors(normalised, layout)
        if best is None or len(found) > len(best[2]):
            best = (layout, normalised, found)
    assert best is not None
    return best


def parse_document(
    lines: Sequence[Line],
    *,
    path: Path | str,
    committees: Sequence[Committee] = (),
    committee: str | None = None,
    reflow: bool = True,
    layout: Layout | None = None,
) -> ParsedDocument:
    """Every form of the document at `path` (the file each diagnostic names). `committee` (--udvalg) overrides the
    document's heading; `reflow` joins wrapped lines (text extracted from a PDF) rather than keeping them (Word,
    budgetkorr's own form); `layout` is the form's layout (default: the shipped layout that finds the most forms)."""
    plain = characters(lines)
    chosen_layout, plain, found = choose_layout(plain, (layout,) if layout is not None else shipped_layouts())
    if not found:
        where = lines[0].number if lines else 1
        return ParsedDocument((), (error(path, where, FILE_FIELD, _(_NO_FORMS)),), (), 0, chosen_layout.name)
    if len(found) > MAX_FORMS:  # refused before any form is read: the forms past the limit cost the same
        message = _("bilaget har {n} skemaer; højst {limit} importeres fra ét bilag, del det op")
        problem = error(path, plain[found[MAX_FORMS]].number, FILE_FIELD, message.format(n=len(found), limit=MAX_FORMS))
        return ParsedDocument((), (problem,), ())
    spans = segment(plain, found)
    structure = _structure(chosen_layout)
    heading = _committee_from_heading(plain[: spans[0].start], committees)
    context = Context(
        path=path,
        layout=chosen_layout,
        # a Word document's page headers and footers are parts of their own, never lines of its body
        furniture=furniture(plain, [span.start for span in spans], structure) if reflow else frozenset(),
        structure=structure,
        committees=committees,
        committee=_resolve(committee, committees) if committee else None,
        reflow=reflow,
        heading=heading,
    )
    forms: list[ImportedForm] = []
    problems: list[Diagnostic] = []
    dropped: set[int] = set()
    failed = 0
    for span in spans:
        read = extract(plain, span, context)
        problems.extend(read.problems)
        dropped.update(read.dropped)
        if read.form is not None:
            forms.append(read.form)
        elif read.problems:
            failed += 1
    notes: list[Diagnostic] = []
    if dropped:
        listed = sorted(dropped)
        shown = ", ".join(str(n) for n in listed[:8]) + (" …" if len(listed) > 8 else "")
        message = ngettext(
            "{n} linje er læst som sidehoved eller sidefod og udeladt af teksten (linje {lines})",
            "{n} linjer er læst som sidehoved eller sidefod og udeladt af teksten (linje {lines})",
            len(listed),
        )
        notes.append(warning(path, listed[0], FILE_FIELD, message.format(n=len(listed), lines=shown)))
    if layout is None and chosen_layout is not standard():
        message = _("læst med layoutet {name} ({source}), som fandt flest skemaer")
        source = Path(chosen_layout.source).name
        notes.append(
            warning(path, plain[found[0]].number, FILE_FIELD, message.format(name=chosen_layout.name, source=source))
        )
    return ParsedDocument(tuple(forms), tuple(problems), tuple(notes), failed, chosen_layout.name)


_NO_FORMS = N_(
    "ingen korrektionsskemaer fundet: intet skema har en linje '(Mio. kr. i ÅÅÅÅ-priser) år …' fulgt af Udgifter; "
    "er skemaet stillet op på en anden måde, så beskriv det i en layoutfil og angiv den med --layout (docs/import.md)"
)


def _structure(layout: Layout) -> Callable[[str], bool]:
    """A line of the form itself (headings, rows), never a page header however often it repeats."""
    patterns = (
        TITLE_HEADER,
        layout.price_line,
        layout.legend,
        SPLIT_REST,
        CONVERTED,
        layout.background,
        layout.consequences,
        META,
        FINANCING_HEADING,
        *layout.rows.values(),
    )
    # one pattern of them all: a line is matched once, not once per pattern (every line of the document is asked)
    either = re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in patterns))
    return lambda text: either.match(text) is not None


def _resolve(name: str, committees: Sequence[Committee]) -> str:
    found = next((c for c in committees if c.matches(name)), None)
    return found.name if found else name.strip()


_COMMITTEE_IN_TEXT = re.compile(r"\b[A-ZÆØÅ][\wæøåÆØÅ]*(?:-\s+og\s+[\wæøå]+)?udvalget\b")


def _committee_from_heading(lines: Sequence[Line], committees: Sequence[Committee]) -> str | None:
    """The committee the document's heading names: a committee of udvalg.yaml (by name or abbreviation, also
    inside a longer line such as "Økonomiudvalget – Teknisk korrektion"), else any "…udvalget"."""
    by_length = sorted(committees, key=lambda c: len(c.name), reverse=True)
    for line in lines:
        text = re.sub(r"^Udvalg\s*:\s*", "", " ".join(line.text.split()), flags=re.IGNORECASE)
        if not text:
            continue
        found = next((c for c in committees if c.matches(text)), None)
        found = found or next((c for c in by_length if c.name.casefold() in text.casefold()), None)
        if found is not None:
            return found.name
        if _COMMITTEE_HEADING.match(text):
            return text
        named = _COMMITTEE_IN_TEXT.search(text)
        if named:
            return named.group()
    return None

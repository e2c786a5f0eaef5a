"""An appendix file → numbered lines for the parser: text as it is, a PDF through pypdf, Word through python-docx.

The PDF and Word libraries are optional extras, imported only here and only when such a file is given; without them
the message says how to install them. Text extracted from a PDF is wrapped, so the parser joins its lines; a Word
document holds whole paragraphs, so its lines are kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkorr.i18n import _
from budgetkorr.importers.prose import Line
from budgetkorr.yamlread import read_limited

MAX_BYTES = 50 * 1024 * 1024  # an appendix is a few pages; a file this large is not one


class ReadError(Exception):
    """The file could not be read as an appendix; the message says why and what to do."""


@dataclass(frozen=True)
class Document:
    lines: tuple[Line, ...]
    reflow: bool  # wrapped lines (text, PDF) are joined back into paragraphs


def read_document(path: Path) -> Document:
    """The lines of a .txt, .pdf or .docx appendix, read as every input is (`yamlread.read_limited`): only a
    regular file, at most MAX_BYTES, so a FIFO or /dev/zero is answered at once instead of read for ever."""
    raw, problem = read_limited(path, MAX_BYTES)
    if problem is not None:
        raise ReadError(problem.message)
    assert raw is not None
    suffix = path.suffix.lower()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        return Document(_numbered(_pdf_text(raw)), reflow=True)
    if suffix == ".docx":
        return Document(_numbered(_docx_lines(raw)), reflow=False)
    try:
        unicode_bom = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Windows' "Unicode" text
        text = raw.decode("utf-16") if unicode_bom else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # text saved by Windows programs
    return Document(_numbered(text.splitlines()), reflow=True)


def _numbered(lines: Iterator[str] | list[str]) -> tuple[Line, ...]:
    return tuple(Line(number, text.replace("\x0c", "")) for number, text in enumerate(lines, start=1))


def _missing(extra: str, package: str) -> ReadError:
    message = _(
        "{package} er ikke installeret; installér den med: pip install 'budgetkorr[{extra}]' "
        "(eller gem bilaget som tekst og importér .txt-filen)"
    )
    return ReadError(message.format(package=package, extra=extra))


def _pdf_text(raw: bytes) -> Iterator[str]:
    try:
        import pypdf
    except ImportError:
        raise _missing("pdf", "pypdf") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a damaged file; each is bad input here
        raise ReadError(_("er ikke en læsbar PDF: {reason}").format(reason=exc)) from None
    for page in pages:
        yield from page.splitlines()


def _docx_lines(raw: bytes) -> Iterator[str]:
    """Paragraphs and table rows in document order; cells apart by three spaces, so rows read as table rows.
    An empty line between paragraphs marks where one ends."""
    try:
        import docx
    except ImportError:
        raise _missing("docx", "python-docx") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged file
        raise ReadError(_("er ikke et læsbart Word-dokument (.docx): {reason}").format(reason=exc)) from None
    yield from _blocks(document)


def _blocks(document: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            if text.strip():
                yield from text.split("\n")
                yield ""
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                line = "   ".join(cell for cell in cells if cell)
                if line:
                    yield line
            yield ""

"""An appendix file → numbered lines for the parser: text as it is, a PDF through pypdf, Word through lxml.

The PDF and Word libraries are optional extras (Word's: python-docx, which brings lxml, its XML library), imported
only here and only when such a file is given; without them the message says how to install them. Text extracted
from a PDF is wrapped, so the parser joins its lines; a Word document holds whole paragraphs, so its lines are kept.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkorr.core.quiet import quiet
from budgetkorr.i18n import _
from budgetkorr.importers.prose import Line
from budgetkorr.yamlread import read_limited

MIB = 1024 * 1024
# The limits of an appendix, each far beyond a real one (seed 004's ten forms are 19 KB of text, its Word file a
# few hundred KB) and checked before the part of the reader that grows with it sees it. The limits are listed in
# docs/security.md, "Limits".
MAX_BYTES = 50 * MIB  # the file as it is on disk; a PDF or Word file with pictures may be large
MAX_TEXT = 8 * MIB  # the text of the appendix (characters), about 4,000 forms: an appendix is tens of pages
# A Word file is a zip package: what its directory declares is checked before anything is inflated.
MAX_PART = 16 * MIB  # one part unpacked (the text of a 100-page document is 1 to 3 MiB of XML)
MAX_PACKAGE = 64 * MIB  # all parts unpacked, pictures included
MAX_RATIO = 100  # unpacked size / packed size of a part over 1 MiB; Word's XML packs 5 to 20 times, a zip bomb 1000
MAX_DIRECTORY = MIB  # the package's list of parts (thousands of names); read whole before any part


class ReadError(Exception):
    """The file could not be read as an appendix; the message says why and what to do."""


@dataclass(frozen=True)
class Document:
    lines: tuple[Line, ...]
    reflow: bool  # wrapped lines (text, PDF) are joined back into paragraphs


def read_document(path: Path) -> Document:
    """The lines of a .txt, .pdf or .docx appendix, read as every input is (`yamlread.read_limited`): only a
    regular file, at most MAX_BYTES, so a FIFO or /dev/zero is answered at once instead of read for ever; and at
    most MAX_TEXT characters of text, counted as they are extracted."""
    raw, problem = read_limited(path, MAX_BYTES)
    if problem is not None:
        raise ReadError(problem.message)
    assert raw is not None
    suffix = path.suffix.lower()
    if suffix == ".pdf" or raw.startswith(b"%PDF"):
        return Document(_numbered(_pdf_text(raw)), reflow=True)
    if suffix == ".docx":
        return Document(_numbered(_docx_lines(raw)), reflow=False)
    if len(raw) > MAX_TEXT:  # a text file's bytes are at least its characters: refused before it is decoded
        raise _too_much_text()
    try:
        unicode_bom = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Windows' "Unicode" text
        text = raw.decode("utf-16") if unicode_bom else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # text saved by Windows programs
    return Document(_numbered(text.splitlines()), reflow=True)


def _too_much_text() -> ReadError:
    message = _("bilaget har mere end {mib} MiB tekst, langt mere end et bilag på nogle få sider; del det op")
    return ReadError(message.format(mib=MAX_TEXT // MIB))


def _numbered(lines: Iterable[str]) -> tuple[Line, ...]:
    numbered: list[Line] = []
    size = 0
    for number, text in enumerate(lines, start=1):
        size += len(text) + 1
        if size > MAX_TEXT:
            raise _too_much_text()
        numbered.append(Line(number, text.replace("\x0c", "")))
    return tuple(numbered)


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
        with quiet("pypdf"):  # its notes on a damaged file ("EOF marker not found"): the error below says it
            reader = pypdf.PdfReader(io.BytesIO(raw))
            for page in reader.pages:  # page by page, so that the text limit stops the extraction, not its result
                yield from (page.extract_text() or "").splitlines()
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a damaged file; each is bad input here
        message = _("er ikke en læsbar PDF (beskadiget, eller ikke en PDF); pypdf siger: {reason}")
        raise ReadError(message.format(reason=exc)) from None


def _docx_lines(raw: bytes) -> Iterator[str]:
    """Paragraphs and table rows in document order; cells apart by three spaces, so rows read as table rows.
    An empty line between paragraphs marks where one ends.

    The document's text is read as a stream (lxml's iterparse, the XML library python-docx is built on), one
    paragraph or table of the body at a time, each let go when read: the memory is that of the largest paragraph
    or table, not of the whole document's tree (which python-docx would build, at some 30 times the XML's size)."""
    try:
        from lxml import etree  # type: ignore[import-untyped, unused-ignore]  # python-docx's XML library
    except ImportError:
        raise _missing("docx", "python-docx") from None
    _check_package(raw)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package, package.open(_main_part(package, etree)) as stream:
            # as python-docx parses: entities are not expanded (an external one is never fetched), no network
            events = etree.iterparse(
                stream, events=("end",), tag=(_W + "p", _W + "tbl"), resolve_entities=False, no_network=True
            )
            entities: _Entities | None = None
            for _event, block in events:
                if any(above.tag in (_W + "p", _W + "tbl") for above in block.iterancestors()):
                    continue  # a paragraph of a table or a text box: read with the block that holds it
                entities = entities or _Entities(block)
                yield from _blocks([block], entities)
                block.clear()
                top = block  # the body's child that holds the block (itself, or a content control around it)
                while top.getparent() is not None and top.getparent().tag != _W + "body":
                    top = top.getparent()
                while top.getprevious() is not None:
                    del top.getparent()[0]  # the blocks already read
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise ReadError(_("er ikke et læsbart Word-dokument (.docx): {reason}").format(reason=exc)) from None


_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _main_part(package: zipfile.ZipFile, etree: Any) -> str:
    """The name of the document's text in the package, as its relationships (`_rels/.rels`) name it."""
    relationships = etree.fromstring(package.read("_rels/.rels"), etree.XMLParser(resolve_entities=False))
    for relationship in relationships:
        if relationship.get("Type") == _OFFICE_DOCUMENT:
            return str(relationship.get("Target", "")).lstrip("/")
    raise ReadError(_("er ikke et læsbart Word-dokument (.docx): pakken har intet Word-dokument"))


_END_OF_DIRECTORY = struct.Struct("<4sHHHHIIH")  # the zip format's end record: entries, directory size and offset


def _check_package(raw: bytes) -> None:
    """The Word file's zip directory against the limits, before any part is inflated: a package that would unpack
    to gigabytes (a zip bomb) is refused for what it declares, not found out by unpacking it. A part can not
    unpack to more than it declares: Python's zipfile stops there and checks the part's checksum."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_536 - _END_OF_DIRECTORY.size))
    if end < 0 or len(raw) - end < _END_OF_DIRECTORY.size:
        raise ReadError(_("er ikke et læsbart Word-dokument (.docx): filen er ikke en zip-pakke"))
    _signature, _disk, _first, _here, _entries, directory, _offset, _comment = _END_OF_DIRECTORY.unpack_from(raw, end)
    if directory > MAX_DIRECTORY:
        message = _("er ikke et læsbart Word-dokument (.docx): listen over dets dele fylder over {mib} MiB")
        raise ReadError(message.format(mib=MAX_DIRECTORY // MIB))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:  # what zipfile raises for a damaged directory
        raise ReadError(_("er ikke et læsbart Word-dokument (.docx): {reason}").format(reason=exc)) from None
    total = 0
    for part in parts:
        size, packed = part.file_size, max(part.compress_size, 1)
        if size > MAX_PART:
            message = _(
                "Word-dokumentets del {name!r} fylder {size} MiB udpakket (højst {mib} MiB); den pakkes ikke ud"
            )
            raise ReadError(message.format(name=part.filename, size=size // MIB, mib=MAX_PART // MIB))
        if size > MIB and size > MAX_RATIO * packed:
            message = _(
                "Word-dokumentets del {name!r} er pakket {ratio} gange sammen (højst {limit}), som en zip-bombe; "
                "den pakkes ikke ud"
            )
            raise ReadError(message.format(name=part.filename, ratio=size // packed, limit=MAX_RATIO))
        total += size
    if total > MAX_PACKAGE:
        message = _("Word-dokumentet fylder {size} MiB udpakket (højst {mib} MiB); det pakkes ikke ud")
        raise ReadError(message.format(size=total // MIB, mib=MAX_PACKAGE // MIB))


# --- the text of a Word document, every character of it ------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = (_W + "t",)
_SKIPPED = {
    _W + "pPr",  # formatting
    _W + "rPr",
    _W + "delText",  # text deleted with tracked changes
    _W + "instrText",  # a field's code (PAGE, HYPERLINK "…"); its result is ordinary text
    _W + "del",
    _FALLBACK,  # the same content again, for programs that do not know the choice before it (text boxes)
}
_CHARACTERS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


class _Entities:
    """The document's own entities (`<!ENTITY x "…">` in its DTD): parsed without expanding them, lxml keeps a
    reference as a node of its own (python-docx's text left it out, and all that followed it in the run). A reference
    is read as its declared text when that is plain text, else as written (`&x;`); either way nothing after it is
    lost. Expanded text counts against MAX_TEXT, so a few references can not make gigabytes."""

    def __init__(self, element: Any) -> None:
        from lxml import etree  # type: ignore[import-untyped, unused-ignore]

        self.kind = etree.Entity  # the tag of an entity reference's node
        dtd = element.getroottree().docinfo.internalDTD
        declared = {entity.name: entity.content for entity in dtd.iterentities()} if dtd is not None else {}
        self.plain = {
            name: content
            for name, content in declared.items()
            if isinstance(content, str) and "&" not in content and "<" not in content
        }
        self.expanded = 0

    def text(self, node: Any) -> str:
        content = self.plain.get(node.name)
        if content is None:
            return str(node.text)
        self.expanded += len(content)
        if self.expanded > MAX_TEXT:
            raise _too_much_text()
        return str(content)


def _paragraph(paragraph: Any, entities: _Entities) -> tuple[str, list[Any]]:
    """A paragraph's text (runs, hyperlinks, fields, tracked insertions, content controls, entity references), and
    the text boxes anchored in it, whose paragraphs follow it."""
    parts: list[str] = []
    boxes: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag is entities.kind:
                parts.append(entities.text(child))
            elif not isinstance(tag, str) or tag in _SKIPPED:
                pass  # a comment or a processing instruction, or what is not text
            elif tag in _TEXT:
                parts.append(child.text or "")
                walk(child)  # entity references inside the text, and the text after each
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
            elif tag == _W + "br":
                kind = child.get(_W + "type")
                parts.append("\n" if kind in (None, "textWrapping") else "")
            elif tag == _W + "txbxContent":
                boxes.append(child)
            else:
                walk(child)
            if element.tag in _TEXT:
                parts.append(child.tail or "")  # the text after an entity reference

    walk(paragraph)
    return "".join(parts), boxes


def _blocks(body: Any, entities: _Entities) -> Iterator[str]:
    """The lines of a body (the document's, a table cell's or a text box's), in document order."""
    in_list = False  # the items of a list follow one another; a blank line after the last
    for block in body:
        item = block.tag == _W + "p" and _is_list_item(block)
        if in_list and not item:
            yield ""
        in_list = False
        if block.tag == _W + "p":
            text, boxes = _paragraph(block, entities)
            if text.strip() and item:
                yield "- " + " ".join(text.split())  # Word draws the bullet; its text has none
                in_list = True
            elif text.strip():
                yield from text.split("\n")
                yield ""
            for box in boxes:
                yield from _blocks(box, entities)
        elif block.tag == _W + "tbl":
            yield from _table(block, entities)
        elif block.tag in _WRAPPERS:
            yield from _blocks(block, entities)  # a content control or a tracked insertion around paragraphs


_LIST_STYLE = re.compile(r"^(?:list|opstilling|punkt)", re.IGNORECASE)  # "List Bullet", "Opstilling-punkttegn"


def _is_list_item(paragraph: Any) -> bool:
    """A paragraph of a bulleted or numbered list: numbered by Word (w:numPr) or in a list style; never a heading,
    whose numbering ("1. Baggrund") is the heading's own."""
    properties = paragraph.find(_W + "pPr")
    if properties is None:
        return False
    style = properties.find(_W + "pStyle")
    name = style.get(_W + "val", "") if style is not None else ""
    if re.match(r"(?:heading|overskrift|titel|title)", name, re.IGNORECASE):
        return False
    return properties.find(_W + "numPr") is not None or bool(_LIST_STYLE.match(name))


def _table(table: Any, entities: _Entities) -> Iterator[str]:
    """Each row as one line of its cells' text (a merged cell once); a table inside a cell is read into the cell."""
    for row in _within(table, _W + "tr"):
        cells = [" ".join(" ".join(_blocks(cell, entities)).split()) for cell in _within(row, _W + "tc")]
        line = "   ".join(cell for cell in cells if cell)
        if line:
            yield line
    yield ""


_WRAPPERS = (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins")


def _within(element: Any, tag: str) -> Iterator[Any]:
    """The children with `tag` (a table's rows, a row's cells), also those inside a content control."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _within(child, tag)

"""The Word report's paragraphs and tables as WordprocessingML text, added to a python-docx document in one parse.

python-docx builds a document an element at a time: every run, font size, cell width and alignment is a search of
the tree, and a paragraph style, given by name or as a style object, is found by scanning all the template's
styles. An appendix of 500 forms (about 15,000 table cells and 3,000 paragraphs) took about ten seconds that way,
growing faster than the number of forms. Here each paragraph and table is a string with the markup python-docx's
own `add_paragraph`, `add_run` and `add_table` write (tests/golden/*.docx.outline.txt hold what a reader sees), and
`Body.flush` parses them with python-docx's parser (`docx.oxml.parse_xml`, which gives its element classes) and
places them before the body's section properties, where python-docx puts what it adds. Every text goes through
`escape.office_xml`; style ids come from the document's own styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from budgetkorr import escape

if TYPE_CHECKING:
    from docx.document import Document

# The Word report's page and tables, for every table in it (the report's own and those in a form's texts)
TEXT_WIDTH_CM = 17.0  # A4 less the margins
CELL_SIZE = 18  # a table's text: 9 pt, in half points
SPACE_AFTER_TABLE = 40  # 2 pt, in twips


def _toggle(tag: str, value: bool | None) -> str:
    """A run's on/off property as python-docx writes it: on `<w:b/>`, off `<w:b w:val="0"/>`, unset nothing."""
    if value is None:
        return ""
    return f"<w:{tag}/>" if value else f'<w:{tag} w:val="0"/>'


def run(
    text: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    half_points: int | None = None,
) -> str:
    """One run of text; `color` as hex RRGGBB, the size in half points (9 pt is 18)."""
    properties = _toggle("b", bold) + _toggle("i", italic)
    if color is not None:
        properties += f'<w:color w:val="{color}"/>'
    if half_points is not None:
        properties += f'<w:sz w:val="{half_points}"/>'
    shown = escape.office_xml(text)
    content = ""
    if shown:
        space = ' xml:space="preserve"' if shown.strip() != shown else ""  # Word keeps a leading or trailing space
        content = f"<w:t{space}>{shown}</w:t>"
    return "<w:r>" + (f"<w:rPr>{properties}</w:rPr>" if properties else "") + content + "</w:r>"


def paragraph(
    runs: str = "",
    *,
    style_id: str | None = None,
    page_break_before: bool | None = None,
    space_after_twips: int | None = None,
    right: bool = False,
    center: bool = False,
) -> str:
    """A paragraph of `runs` (from `run`); a style id of the document's styles, none for Normal."""
    properties = (f'<w:pStyle w:val="{style_id}"/>' if style_id is not None else "") + _toggle(
        "pageBreakBefore", page_break_before
    )
    if space_after_twips is not None:
        properties += f'<w:spacing w:after="{space_after_twips}"/>'
    if right or center:
        properties += f'<w:jc w:val="{"right" if right else "center"}"/>'
    return "<w:p>" + (f"<w:pPr>{properties}</w:pPr>" if properties else "") + runs + "</w:p>"


@dataclass(frozen=True)
class Cell:
    """A table cell: its width in twips, its one paragraph, and how many grid columns it spans."""

    width_twips: int
    content: str
    span: int = 1


def table(style_id: str, columns_twips: Sequence[int], rows: Sequence[tuple[bool, Sequence[Cell]]]) -> str:
    """A table of fixed column widths; each row is (repeat it as the header of every page, its cells)."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in columns_twips)
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:type="auto" w:w="0"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        f'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for header, cells in rows:
        parts.append('<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else "<w:tr>")
        for cell in cells:
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell.width_twips}"/>{span}</w:tcPr>{cell.content}</w:tc>'
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


class Body:
    """The paragraphs and tables still to be added to a document, in order."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.parts: list[str] = []
        self._style_ids: dict[str, str] = {}
        self.bookmarks = 0  # how many bookmarks are written: each needs an id of its own

    def style_id(self, name: str) -> str:
        """The id of a style of the document by its name (`Heading 1` → `Heading1`), looked up once per name."""
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def flush(self) -> None:
        """Add what is pending to the end of the document's body, in one parse: before adding anything through
        python-docx (a picture), and before saving."""
        if not self.parts:
            return
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        self.parts.clear()
        body = self.document.element.body
        end = body.find(qn("w:sectPr"))  # the last section's properties stay the body's last child
        for element in list(fragment):
            # A table's rows move one by one: lxml's time to move a subtree into another document grows with the
            # square of its size (a 2,000-row table took 20 s whole, 0.06 s row by row).
            children = list(element)
            for child in children:
                element.remove(child)
            if end is None:
                body.append(element)
            else:
                end.addprevious(element)
            element.extend(children)

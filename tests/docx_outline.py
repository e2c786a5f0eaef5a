"""What a reader of a Word file sees, as plain text lines: the page, every paragraph (style, alignment, page break,
spacing, each run's text and look) and every table (style, column widths, each cell's width, alignment and runs),
in document order, and the pictures. Read through python-docx's public interface, so a golden file of it holds the
report's content whatever way the renderer builds the XML. What python-docx does not expose (a row repeated as the
header of each page, a cell merged across columns) is read from the file's own XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _length(value: Any) -> str:
    return "-" if value is None else f"{value.cm:.2f}cm"


def _runs(paragraph: Any) -> str:
    parts = []
    for run in paragraph.runs:
        look = [
            name
            for name, on in (
                ("b", run.bold),
                ("i", run.italic),
                ("not-b", run.bold is False),
                ("not-i", run.italic is False),
            )
            if on
        ]
        if run.font.size is not None:
            look.append(f"{run.font.size.pt:g}pt")
        if run.font.color.type is not None:
            look.append(f"#{run.font.color.rgb}")
        parts.append(f"[{','.join(look)}]{run.text!r}")
    return " ".join(parts)


def _paragraph(paragraph: Any) -> str:
    form = paragraph.paragraph_format
    marks = [paragraph.style.name if paragraph.style is not None else "-"]
    if paragraph.alignment is not None:
        marks.append(f"align={paragraph.alignment.name}")
    if form.page_break_before is not None:
        marks.append(f"page_break_before={form.page_break_before}")
    if form.space_after is not None:
        marks.append(f"after={form.space_after.pt:g}pt")
    return f"{' '.join(marks)}: {_runs(paragraph)}"


def _row_layouts(path: Path) -> list[list[tuple[bool, tuple[int, ...]]]]:
    """For each table in order, each row's (repeats as a header on every page, grid columns each cell spans)."""
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("word/document.xml"))

    def span(cell: ET.Element) -> int:
        element = cell.find(f"{W}tcPr/{W}gridSpan")
        return 1 if element is None else int(element.get(f"{W}val", "1"))

    return [
        [
            (row.find(f"{W}trPr/{W}tblHeader") is not None, tuple(span(cell) for cell in row.findall(f"{W}tc")))
            for row in table.findall(f"{W}tr")
        ]
        for table in root.iter(f"{W}tbl")
    ]


def outline(path: Path) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    section = document.sections[0]
    normal = document.styles["Normal"].font
    lines = [
        f"page {_length(section.page_width)} x {_length(section.page_height)}; margins left "
        f"{_length(section.left_margin)} right {_length(section.right_margin)} top {_length(section.top_margin)} "
        f"bottom {_length(section.bottom_margin)}",
        f"title {document.core_properties.title!r}; author {document.core_properties.author!r}",
        f"Normal: {normal.name} {normal.size.pt if normal.size is not None else '-'}pt",
    ]
    layouts = iter(_row_layouts(path))
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(_paragraph(block))
            continue
        style = block.style.name if block.style is not None else "-"
        widths = " ".join(_length(column.width) for column in block.columns)
        lines.append(f"TABLE {style}; autofit {block.autofit}; columns {widths}")
        for row, (header, spans) in zip(block.rows, next(layouts), strict=True):
            cells = list(row.cells)
            starts = [sum(spans[:index]) for index in range(len(spans))]  # a merged cell shown once
            shown = [
                f"{_length(cells[start].width)}{f' spans {spans[index]}' if spans[index] > 1 else ''} "
                f"{_paragraph(cells[start].paragraphs[0])}"
                + (f" (+{len(cells[start].paragraphs) - 1} paragraphs)" if len(cells[start].paragraphs) > 1 else "")
                for index, start in enumerate(starts)
            ]
            lines.append(("  H| " if header else "  | ") + " | ".join(shown))
    lines += [f"picture {_length(shape.width)} x {_length(shape.height)}" for shape in document.inline_shapes]
    return "\n".join(lines) + "\n"

"""The report as a Word document (python-docx): Heading styles for the agenda system's table of contents, real
Word tables for the overviews and each form, the charts as pictures, A4 with each form on a page of its own."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from budgetkorr import __version__, escape
from budgetkorr.i18n import _
from budgetkorr.render import chart
from budgetkorr.render.report_tables import (
    LEGEND_AFTER,
    financing_table,
    first_page,
    form_table,
    header_text,
    overviews,
    sign_legend,
)
from budgetkorr.render.table import TextTable
from budgetkorr.report import Report

if TYPE_CHECKING:
    from docx.document import Document

TEXT_WIDTH_CM = 17.0
SHORT = 12  # a text column whose cells are at most this long gets the width of its longest, like a number
ALERT = (0xB7, 0x1C, 0x1C)


def _cell_text(cell: Any, text: str, *, bold: bool = False, right: bool = False, italic: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(escape.office_text(text))
    run.bold, run.italic = bold, italic
    run.font.size = Pt(9)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(0)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(table: TextTable) -> list[float]:
    """Column widths in cm: a numeric column as wide as its longest figure (a number never wraps), the text
    columns sharing the rest by their longest cell (a long title capped: it may wrap)."""
    longest = []
    for index, header in enumerate(table.headers):
        cells = [row[index] for row in (*table.rows, *table.totals)]
        longest.append(max([len(word) for word in header_text(header).split()] + [len(cell) for cell in cells] + [2]))
    # 9 pt bold digits are about 0.2 cm wide; the cell's own margins take about 0.4 cm
    fixed = {i: 0.6 + 0.21 * n for i, n in enumerate(longest) if table.numeric[i] or n <= SHORT}
    weights = {i: min(n, 40) for i, n in enumerate(longest) if i not in fixed}
    rest = max(TEXT_WIDTH_CM - sum(fixed.values()), 2.0 * len(weights))
    total = sum(weights.values()) or 1
    return [fixed[i] if i in fixed else rest * weights[i] / total for i in range(len(table.headers))]


def _table(document: Document, table: TextTable, legend_after: int | None = None, legend: str = "") -> None:
    from docx.shared import Cm, Pt, RGBColor

    word = document.add_table(rows=1, cols=len(table.headers))
    word.style = "Table Grid"
    word.autofit = False
    for index, header in enumerate(table.headers):
        _cell_text(word.rows[0].cells[index], header_text(header), bold=True, right=table.numeric[index])
    _repeat_header(word.rows[0])
    for r, row in enumerate(table.rows):
        cells = word.add_row().cells
        for c, text in enumerate(row):
            _cell_text(cells[c], text, right=table.numeric[c], bold=(r, c) in table.alerts)
            if (r, c) in table.alerts:
                cells[c].paragraphs[0].runs[0].font.color.rgb = RGBColor(*ALERT)
        if legend_after is not None and r == legend_after:
            merged = word.add_row().cells
            joined = merged[0].merge(merged[-1])
            _cell_text(joined, legend, italic=True)
    for row in table.totals:
        cells = word.add_row().cells
        for c, text in enumerate(row):
            _cell_text(cells[c], text, bold=True, right=table.numeric[c])
    for index, width in enumerate(_widths(table)):
        word.columns[index].width = Cm(width)  # the grid, which LibreOffice reads
        for cell in word.columns[index].cells:
            cell.width = Cm(width)  # each cell, which Word reads
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _paragraph(document: Document, text: str, style: str | None = None, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(escape.office_text(text)).bold = bold


def render_docx(report: Report) -> bytes:
    """The whole report as the bytes of a .docx file."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    document.core_properties.title = escape.office_text(report.title)
    document.core_properties.author = "budgetkorr"
    document.core_properties.comments = _("Dannet af budgetkorr {version} ud fra korrektionsfilerne.").format(
        version=__version__
    )

    document.add_heading(escape.office_text(report.title), level=0)
    for line in first_page(report):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(escape.office_text(line))
    if report.warnings:
        _paragraph(document, _("Bemærk"), bold=True)
        for warning in report.warnings:
            _paragraph(document, warning, "List Bullet")
    for overview in overviews(report):
        document.add_heading(escape.office_text(overview.heading), level=1)
        _table(document, overview.table)
        for line in overview.lines:
            _paragraph(document, line)
    if report.targets_missing:
        _paragraph(document, report.targets_missing)
    document.add_heading(_("Grafer"), level=1)
    for drawn in (chart.net_chart(report), chart.margin_chart(report)):
        if drawn is not None:
            document.add_picture(io.BytesIO(chart.render_png(drawn)), width=Cm(TEXT_WIDTH_CM))
    for committee_section in report.sections:
        heading = document.add_heading(escape.office_text(committee_section.committee.name), level=1)
        heading.paragraph_format.page_break_before = True
        _paragraph(document, report.title)
        for index, form in enumerate(committee_section.forms):
            c = form.correction
            title = document.add_heading(escape.office_text(f"{c.number} {c.title}"), level=2)
            title.paragraph_format.page_break_before = index > 0
            _paragraph(
                document,
                _("Udvalg: {committee} ({abbreviation}) · Status: {status}").format(
                    committee=committee_section.committee.name,
                    abbreviation=committee_section.committee.abbreviation,
                    status=c.status,
                ),
            )
            for mark in form.warnings:
                _paragraph(document, mark, bold=True)
            _table(document, form_table(form), LEGEND_AFTER, sign_legend())
            if c.remark:
                _paragraph(document, c.remark)
            financing = financing_table(form)
            if financing is not None:
                document.add_heading(_("Finansiering"), level=3)
                _table(document, financing)
                for item in form.financing:
                    if item.text:
                        _paragraph(document, item.text)
            for prose_heading, paragraphs in form.paragraphs:
                document.add_heading(escape.office_text(prose_heading), level=3)
                for text in paragraphs:
                    _paragraph(document, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""The report as a Word document (python-docx): Heading styles for the agenda system's table of contents, real
Word tables for the overviews and each form, the charts as pictures, A4 with each form on a page of its own."""

from __future__ import annotations

import io

from budgetkorr import escape
from budgetkorr.core.version import __version__
from budgetkorr.i18n import _
from budgetkorr.render import chart, textblocks, wordml
from budgetkorr.render.report_tables import (
    LEGEND_AFTER,
    conversion_note,
    converted_table,
    financing_table,
    first_page,
    form_table,
    header_text,
    overviews,
    sign_legend,
)
from budgetkorr.render.table import TextTable
from budgetkorr.report import Report

TEXT_WIDTH_CM = 17.0
SHORT = 12  # a text column whose cells are at most this long gets the width of its longest, like a number
ALERT = "B71C1C"  # a target's missed margin, in red
CELL_SIZE = 18  # a table's text: 9 pt, in half points
SPACE_AFTER_TABLE = 40  # 2 pt, in twips


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


def _cell(
    width: int,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    color: str | None = None,
    span: int = 1,
) -> wordml.Cell:
    run = wordml.run(text, bold=bold, italic=italic, color=color, half_points=CELL_SIZE)
    return wordml.Cell(width, wordml.paragraph(run, space_after_twips=0, right=right), span)


def _table(body: wordml.Body, table: TextTable, legend_after: int | None = None, legend: str = "") -> None:
    """A Word table of the text table: its header repeated on each page, numbers right-aligned, the alerts bold
    and red, the legend (a form's sign legend) as a row of its own across the table; then a little space. The
    grid has the column widths (LibreOffice reads them) and so has each cell (Word reads those)."""
    from docx.shared import Cm

    widths = [Cm(width).twips for width in _widths(table)]
    numeric = table.numeric
    header = [_cell(widths[c], header_text(text), bold=True, right=numeric[c]) for c, text in enumerate(table.headers)]
    rows: list[tuple[bool, list[wordml.Cell]]] = [(True, header)]
    for r, row in enumerate(table.rows):
        alerts = [(r, c) in table.alerts for c in range(len(row))]
        rows.append(
            (
                False,
                [
                    _cell(widths[c], text, bold=alerts[c], right=numeric[c], color=ALERT if alerts[c] else None)
                    for c, text in enumerate(row)
                ],
            )
        )
        if legend_after is not None and r == legend_after:
            # one cell across the table, with the last column's width as its own, as the file has always had it
            rows.append((False, [_cell(widths[-1], legend, italic=True, span=len(widths))]))
    rows += [
        (False, [_cell(widths[c], text, bold=True, right=numeric[c]) for c, text in enumerate(row)])
        for row in table.totals
    ]
    body.add(wordml.table(body.style_id("Table Grid"), widths, rows))
    body.add(wordml.paragraph(space_after_twips=SPACE_AFTER_TABLE))


def _paragraph(body: wordml.Body, text: str, style: str | None = None, *, bold: bool = False) -> None:
    body.add(wordml.paragraph(wordml.run(text, bold=bold), style_id=None if style is None else body.style_id(style)))


def _heading(body: wordml.Body, text: str, level: int, *, page_break_before: bool | None = None) -> None:
    """A heading as python-docx's `add_heading` makes it: the style `Title` for level 0, else `Heading N`."""
    style = body.style_id("Title" if level == 0 else f"Heading {level}")
    body.add(wordml.paragraph(wordml.run(text) if text else "", style_id=style, page_break_before=page_break_before))


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

    body = wordml.Body(document)
    _heading(body, report.title, 0)
    for line in first_page(report):
        body.add(wordml.paragraph(wordml.run(line), space_after_twips=0))
    if report.warnings:
        _paragraph(body, _("Bemærk"), bold=True)
        for warning in report.warnings:
            _paragraph(body, warning, "List Bullet")
    for overview in overviews(report):
        _heading(body, overview.heading, 1)
        _table(body, overview.table)
        for line in overview.lines:
            _paragraph(body, line)
    if report.targets_missing:
        _paragraph(body, report.targets_missing)
    _heading(body, _("Grafer"), 1)
    body.flush()  # the pictures go in through python-docx, after what is written so far
    for drawn in (chart.net_chart(report), chart.margin_chart(report)):
        if drawn is not None:
            document.add_picture(io.BytesIO(chart.render_png(drawn)), width=Cm(TEXT_WIDTH_CM))
    for committee_section in report.sections:
        _heading(body, committee_section.committee.name, 1, page_break_before=True)
        _paragraph(body, report.title)
        for index, form in enumerate(committee_section.forms):
            c = form.correction
            _heading(body, f"{c.number} {c.title}", 2, page_break_before=index > 0)
            _paragraph(
                body,
                _("Udvalg: {committee} ({abbreviation}) · Status: {status}").format(
                    committee=committee_section.committee.name,
                    abbreviation=committee_section.committee.abbreviation,
                    status=c.status,
                ),
            )
            for mark in form.warnings:
                _paragraph(body, mark, bold=True)
            _table(body, form_table(form), LEGEND_AFTER, sign_legend())
            if c.remark:
                _paragraph(body, c.remark)
            financing = financing_table(form)
            if financing is not None:
                _heading(body, _("Finansiering"), 3)
                _table(body, financing)
                for item in form.financing:
                    if item.text:
                        _paragraph(body, item.text)
            converted = converted_table(form)
            if converted is not None:
                _heading(body, converted.title, 3)
                _paragraph(body, conversion_note(form))
                _table(body, converted)
            for text_heading, text in form.texts:
                _heading(body, text_heading, 3)
                textblocks.word_blocks(body, text)
    body.flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

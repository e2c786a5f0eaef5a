"""The report as a Word document (python-docx): Heading styles for the agenda system's table of contents, real
Word tables for the overviews and each form, the charts as pictures, A4 with each form on a page of its own."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace

from budgetkorr import escape
from budgetkorr.core.version import __version__
from budgetkorr.i18n import _
from budgetkorr.render import chart, textblocks, word_front, wordml
from budgetkorr.render.package import dated
from budgetkorr.render.report_tables import (
    CHARTS_ANCHOR,
    LEGEND_AFTER,
    committee_anchor,
    contents,
    conversion_note,
    converted_table,
    financing_table,
    financing_words,
    form_table,
    front_page,
    overviews,
    sign_legend,
)
from budgetkorr.render.table import TextTable
from budgetkorr.render.wordml import CELL_SIZE, SPACE_AFTER_TABLE, TEXT_WIDTH_CM
from budgetkorr.report import Report

SHORT = 12  # a text column whose cells are at most this long gets the width of its longest, like a number
ALERT = "B71C1C"  # a target's missed margin, in red


# A character's width in cm at 9 pt in DejaVu Sans, the widest font Word or LibreOffice may show instead of
# Calibri (`Iværksættelsestidspunkt:` is 4.6 cm in its bold): bold (a header, a total) and regular.
BOLD_CM, PLAIN_CM = 0.2, 0.185
PADDING_CM = 0.4  # the cell's own margins
SMALLER = 16  # 8 pt: the size of a table that would not fit the page at 9 pt


def header_lines(header: str) -> list[str]:
    """A column header as Word shows it: broken only where it is hyphenated (`Korrek-\ntioner`), a plain line
    break as a space (`heraf\nindenfor`): the column is as wide as its longest line needs."""
    return [line.replace("\n", " ") for line in header.replace("-\n", "-\0").split("\0")]


def _columns(table: TextTable) -> list[tuple[float, float, int]]:
    """Each column's longest word and longest cell in cm at 9 pt, and its longest cell in characters."""
    found = []
    for index, header in enumerate(table.headers):
        bold = [*header_lines(header), *(row[index] for row in table.totals)]
        plain = [row[index] for row in table.rows]
        cells = [(cell, BOLD_CM) for cell in bold] + [(cell, PLAIN_CM) for cell in plain]
        word = max([len(w) * size for cell, size in cells for w in cell.split()] + [0.0])
        whole = max([len(cell) * size for cell, size in cells] + [0.0])
        found.append((word, whole, max([len(cell) for cell, _size in cells] + [2])))
    return found


def _widths(table: TextTable, half_points: int = CELL_SIZE) -> list[float]:
    """Column widths in cm at a text size: a numeric column as wide as its longest figure (a number never wraps),
    the text columns sharing the rest by their longest cell (a long title capped: it may wrap), but each at least
    as wide as its longest word (a label never breaks inside a word)."""
    scale = half_points / CELL_SIZE
    columns = _columns(table)
    fixed = {
        i: PADDING_CM + scale * (0.2 + whole)
        for i, (_word, whole, length) in enumerate(columns)
        if table.numeric[i] or length <= SHORT
    }
    weights = {i: min(length, 40) for i, (_word, _whole, length) in enumerate(columns) if i not in fixed}
    rest = max(TEXT_WIDTH_CM - sum(fixed.values()), 2.0 * len(weights))
    total = sum(weights.values()) or 1
    least = {i: PADDING_CM + scale * (0.1 + columns[i][0]) for i in weights}
    text = _whole_words({i: rest * weight / total for i, weight in weights.items()}, least)
    return [fixed[i] if i in fixed else text[i] for i in range(len(table.headers))]


def _fitted(table: TextTable) -> tuple[list[float], int]:
    """The widths and text size of a table: 9 pt, or 8 pt where that is too wide for the page (the targets)."""
    widths = _widths(table)
    if sum(widths) <= TEXT_WIDTH_CM + 0.01:
        return widths, CELL_SIZE
    return _widths(table, SMALLER), SMALLER


def _whole_words(widths: dict[int, float], least: dict[int, float]) -> dict[int, float]:
    """The text columns' widths, each at least its `least`, taken from the text columns that have room to spare."""
    short = {i: least[i] - width for i, width in widths.items() if width < least[i]}
    spare = {i: width - least[i] for i, width in widths.items() if i not in short}
    needed, room = sum(short.values()), sum(spare.values())
    if not needed or not room:
        return {i: max(width, least[i]) for i, width in widths.items()}
    taken = min(needed, room) / room
    return {i: least[i] if i in short else width - spare[i] * taken for i, width in widths.items()}


def _cell(
    width: int,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    right: bool = False,
    color: str | None = None,
    span: int = 1,
    size: int = CELL_SIZE,
) -> wordml.Cell:
    run = wordml.run(text, bold=bold, italic=italic, color=color, half_points=size)
    return wordml.Cell(width, wordml.paragraph(run, space_after_twips=0, right=right), span)


def _header_cell(width: int, header: str, right: bool, size: int) -> wordml.Cell:
    """A column's header in bold, on the lines `header_lines` gives (a line break between two)."""
    runs = "<w:r><w:br/></w:r>".join(wordml.run(line, bold=True, half_points=size) for line in header_lines(header))
    return wordml.Cell(width, wordml.paragraph(runs, space_after_twips=0, right=right))


def _table(
    body: wordml.Body,
    table: TextTable,
    legend_after: int | None = None,
    legend: str = "",
    fitted: tuple[list[float], int] | None = None,
) -> None:
    """A Word table of the text table: its header repeated on each page, numbers right-aligned, the alerts bold
    and red, the legend (a form's sign legend) as a row of its own across the table; then a little space. The
    grid has the column widths (LibreOffice reads them) and so has each cell (Word reads those); `fitted` gives
    the widths in cm and the text size (another table's, to line up under it)."""
    from docx.shared import Cm

    sized, size = fitted or _fitted(table)
    widths = [Cm(width).twips for width in sized]
    numeric = table.numeric
    header = [_header_cell(widths[c], text, numeric[c], size) for c, text in enumerate(table.headers)]
    rows: list[tuple[bool, list[wordml.Cell]]] = [(True, header)]
    for r, row in enumerate(table.rows):
        alerts = [(r, c) in table.alerts for c in range(len(row))]
        rows.append(
            (
                False,
                [
                    _cell(
                        widths[c], text, bold=alerts[c], right=numeric[c], color=ALERT if alerts[c] else None, size=size
                    )
                    for c, text in enumerate(row)
                ],
            )
        )
        if legend_after is not None and r == legend_after:
            # one cell across the table, with the last column's width as its own, as the file has always had it
            rows.append((False, [_cell(widths[-1], legend, italic=True, span=len(widths), size=size)]))
    rows += [
        (False, [_cell(widths[c], text, bold=True, right=numeric[c], size=size) for c, text in enumerate(row)])
        for row in table.totals
    ]
    body.add(wordml.table(body.style_id("Table Grid"), widths, rows))
    body.add(wordml.paragraph(space_after_twips=SPACE_AFTER_TABLE))


def _paragraph(body: wordml.Body, text: str, style: str | None = None, *, bold: bool = False) -> None:
    body.add(wordml.paragraph(wordml.run(text, bold=bold), style_id=None if style is None else body.style_id(style)))


def _heading(
    body: wordml.Body, text: str, level: int, *, page_break_before: bool | None = None, anchor: str = ""
) -> None:
    """A heading as python-docx's `add_heading` makes it: the style `Title` for level 0, else `Heading N`; with
    an `anchor`, inside the bookmark the table of contents links to."""
    style = body.style_id("Title" if level == 0 else f"Heading {level}")
    runs = wordml.run(text) if text else ""
    if anchor:
        body.bookmarks += 1
        runs = word_front.bookmarked(body.bookmarks, anchor, runs)
    body.add(wordml.paragraph(runs, style_id=style, page_break_before=page_break_before))


def render_docx(report: Report) -> bytes:
    """The whole report as the bytes of a .docx file: the same bytes for the same report (its date included)."""
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
    made = datetime.datetime.combine(report.cover.made, datetime.time(), datetime.UTC)
    properties = document.core_properties
    properties.title = escape.office_text(report.title)
    properties.author = "budgetkorr"
    properties.created = properties.modified = made
    properties.comments = _("Dannet af budgetkorr {version} ud fra korrektionsfilerne.").format(version=__version__)
    word_front.add_toc_styles(document)
    word_front.update_on_opening(document)
    page = front_page(report)
    word_front.running_parts(document, page)

    body = wordml.Body(document)
    word_front.front(body, page)
    if report.warnings:
        _paragraph(body, _("Bemærk"), bold=True)
        for warning in report.warnings:
            _paragraph(body, warning, "List Bullet")
    body.add(wordml.paragraph(wordml.run(_("Indhold")), style_id=body.style_id("TOC Heading")))
    word_front.toc(body, contents(report))
    for index, overview in enumerate(overviews(report)):
        _heading(body, overview.heading, 1, page_break_before=index == 0 or None, anchor=overview.key)
        _table(body, overview.table)
        for line in overview.lines:
            _paragraph(body, line)
    if report.targets_missing:
        _paragraph(body, report.targets_missing)
    _heading(body, _("Grafer"), 1, anchor=CHARTS_ANCHOR)
    body.flush()  # the pictures go in through python-docx, after what is written so far
    for drawn in (chart.net_chart(report), chart.margin_chart(report)):
        if drawn is not None:
            document.add_picture(io.BytesIO(chart.render_png(drawn)), width=Cm(TEXT_WIDTH_CM))
    for number, committee_section in enumerate(report.sections, start=1):
        _heading(body, committee_section.committee.name, 1, page_break_before=True, anchor=committee_anchor(number))
        _paragraph(body, report.title)
        for index, form in enumerate(committee_section.forms):
            c = form.correction
            _heading(body, f"{c.number} {c.title}", 2, page_break_before=index > 0, anchor=c.number)
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
            table, financing = form_table(form), financing_table(form)
            # the financing table under the form's own columns, so that the years line up: wide enough for both
            both = table
            if financing is not None:
                both = replace(table, rows=(*table.rows, *((*row, "") for row in financing.rows)))
            widths, size = _fitted(both)
            _table(body, table, LEGEND_AFTER, sign_legend(), (widths, size))
            if c.remark:
                _paragraph(body, c.remark)
            if form.financing:
                _heading(body, _("Finansiering"), 3)
                if financing is not None:
                    _table(body, financing, fitted=(widths[: len(financing.headers)], size))
                for text in financing_words(form):
                    _paragraph(body, text)
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
    return dated(buffer.getvalue(), made)

"""`budgetkorr report`: the committee appendix (summary, targets, charts and every form) as HTML, Word, PDF or
markdown."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.cover import BilagOption, DateOption, MeetingOption, made
from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption, PriceLevelOption, StatusOption
from budgetkorr.cli.saving import ForceOption, OutputOption, need_output, require, save
from budgetkorr.cli.selection import NumbersOption, read_selection, report_warnings, stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from budgetkorr.report import Report


class ReportFormat(enum.StrEnum):
    html = "html"
    docx = "docx"
    pdf = "pdf"
    markdown = "markdown"


LIBRARIES = {"html": ("jinja2",), "docx": ("docx", "PIL"), "pdf": ("jinja2", "weasyprint"), "markdown": ()}


@command("report")
def report(
    committee: CommitteeOption = None,
    status: StatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    price_level: PriceLevelOption = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help=_("html: én fil til skærm og A4-print; docx: Word; pdf: A4 til mødeportalen; markdown."),
        ),
    ] = ReportFormat.html,
    output: OutputOption = None,
    force: ForceOption = False,
    bilag: BilagOption = None,
    meeting: MeetingOption = None,
    day: DateOption = None,
    data: DataOption = None,
) -> None:
    """The committee appendix: summary per committee and year, the targets, charts, every form."""
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.library import appendix

    require(fmt.value, *LIBRARIES[fmt.value])
    if fmt in (ReportFormat.docx, ReportFormat.pdf):
        output = need_output(fmt.value, output)
    other_files = {BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False}
    dataset = load_data(data, other_files=other_files, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, price_level=price_level)
    found = stop_on_problem(appendix(dataset, selection, bilag=bilag, meeting=meeting, made=made(day)))
    report_warnings(dataset, found.warnings)
    assert found.report is not None  # the appendix is ok
    content = RENDERERS[fmt](found.report)
    if output is None:
        sys.stdout.write(content.decode())
    else:
        save(output, content, force)


def _docx(built: Report) -> bytes:
    from budgetkorr.render.report_docx import render_docx

    return render_docx(built)


def _html(built: Report) -> bytes:
    from budgetkorr.render.report_html import render_html

    return render_html(built).encode("utf-8")


def _pdf(built: Report) -> bytes:
    from budgetkorr.render.report_pdf import render_pdf

    return render_pdf(built)


def _markdown(built: Report) -> bytes:
    from budgetkorr.render.report_markdown import render_markdown

    return render_markdown(built).encode("utf-8")


# The renderer of each format: the report as the bytes of the file.
RENDERERS: dict[ReportFormat, Callable[[Report], bytes]] = {
    ReportFormat.docx: _docx,
    ReportFormat.html: _html,
    ReportFormat.pdf: _pdf,
    ReportFormat.markdown: _markdown,
}

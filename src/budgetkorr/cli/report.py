"""`budgetkorr report`: the committee appendix (summary, targets, charts and every form) as HTML, Word or markdown."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption, PriceLevelOption, StatusOption
from budgetkorr.cli.saving import ForceOption, OutputOption, need_output, require, save
from budgetkorr.cli.selection import NumbersOption, choose, read_selection, report_warnings
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from budgetkorr.report import Report


class ReportFormat(enum.StrEnum):
    html = "html"
    docx = "docx"
    markdown = "markdown"


LIBRARIES = {"html": ("jinja2",), "docx": ("docx", "PIL"), "markdown": ()}


@command("report")
def report(
    committee: CommitteeOption = None,
    status: StatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    price_level: PriceLevelOption = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help=_("html: én fil til skærm og A4-print; docx: Word; markdown.")),
    ] = ReportFormat.html,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """The committee appendix: summary per committee and year, the targets, charts, every form."""
    from budgetkorr.core.diagnostics import display_path
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.library import warnings_for
    from budgetkorr.report import build_report

    require(fmt.value, *LIBRARIES[fmt.value])
    if fmt is ReportFormat.docx:
        output = need_output(fmt.value, output)
    other_files = {BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False}
    dataset = load_data(data, other_files=other_files, warnings=False)
    selection = read_selection(dataset, status, committee, only, without)
    entries = choose(dataset, selection)
    warnings = warnings_for(dataset, entries)
    report_warnings(dataset, warnings)
    numbers = {display_path(e.path): e.correction.number for e in entries}
    on_forms: dict[str, list[str]] = {}
    for warning in warnings:  # foreløbig is marked on the form in the report's own words
        if warning.path in numbers and warning.field != "foreløbig":
            on_forms.setdefault(numbers[warning.path], []).append(warning.message)
    built = build_report(dataset, entries, selection, display_path(dataset.data_dir), price_level, on_forms)
    content = RENDERERS[fmt](built)
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


def _markdown(built: Report) -> bytes:
    from budgetkorr.render.report_markdown import render_markdown

    return render_markdown(built).encode("utf-8")


# The renderer of each format: the report as the bytes of the file.
RENDERERS: dict[ReportFormat, Callable[[Report], bytes]] = {
    ReportFormat.docx: _docx,
    ReportFormat.html: _html,
    ReportFormat.markdown: _markdown,
}

"""`budgetkorr report`: the committee appendix (summary, targets, charts and every form) as HTML, Word or markdown."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import (
    CommitteeOption,
    DataOption,
    PriceLevelOption,
    StatusOption,
    find_committee,
    parse_statuses,
    split_words,
)
from budgetkorr.cli.saving import ForceOption, OutputOption, need_output, require, save
from budgetkorr.cli.shared import app
from budgetkorr.cli.targets import NumbersOption, _scenario


class ReportFormat(enum.StrEnum):
    html = "html"
    docx = "docx"
    markdown = "markdown"


@app.command()
def report(
    committee: CommitteeOption = None,
    status: StatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    price_level: PriceLevelOption = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="html: én fil til skærm og A4-print; docx: Word; markdown."),
    ] = ReportFormat.html,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Bilaget til udvalget: oversigt pr. udvalg og år, målene, grafer og hver korrektion som skemaet."""
    from budgetkorr.compute import select
    from budgetkorr.diagnostics import Severity, display_path
    from budgetkorr.i18n import _
    from budgetkorr.load import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.report import budget_year, build_report, describe_selection

    modules = {ReportFormat.html: ("jinja2",), ReportFormat.docx: ("docx", "PIL"), ReportFormat.markdown: ()}
    require(fmt.value, *modules[fmt])
    if fmt is ReportFormat.docx:
        output = need_output(fmt.value, output)
    dataset = load_data(data, other_files={BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False})
    statuses = parse_statuses(status)
    chosen = find_committee(dataset, committee)
    entries = _scenario(select(dataset.entries, statuses, chosen), dataset, only, without)
    selection = (
        *describe_selection(chosen, statuses, split_words(only), split_words(without), len(entries)),
        (_("Data"), display_path(dataset.data_dir)),
    )
    by_path = {display_path(e.path): e.correction.number for e in entries}
    file_warnings: dict[str, list[str]] = {}
    for diagnostic in dataset.diagnostics:
        # foreløbig is marked on the form already; the other warnings on a file are marked as the loader words them
        if diagnostic.severity is Severity.WARNING and diagnostic.path in by_path and diagnostic.field != "foreløbig":
            file_warnings.setdefault(by_path[diagnostic.path], []).append(diagnostic.message)
    built = build_report(dataset, entries, selection, price_level, file_warnings)
    year = budget_year(dataset, entries)
    if fmt is ReportFormat.docx:
        from budgetkorr.render.report_docx import render_docx

        content = render_docx(built, year)
    elif fmt is ReportFormat.html:
        from budgetkorr.render.report_html import render_html

        content = render_html(built, year).encode("utf-8")
    else:
        from budgetkorr.render.report_markdown import render_markdown

        content = render_markdown(built).encode("utf-8")
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        save(output, content, force)

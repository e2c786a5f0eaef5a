"""The report as markdown, for a wiki or a pull request: the same tables and forms as the HTML, every data string
escaped by `escape.markdown`. Markdown has no place for the charts; the text says where they are."""

from __future__ import annotations

from budgetkorr import escape
from budgetkorr.i18n import _
from budgetkorr.render import textblocks
from budgetkorr.render.report_tables import (
    conversion_note,
    converted_table,
    financing_table,
    form_table,
    front_page,
    header_text,
    overviews,
    sign_legend,
)
from budgetkorr.render.table import TextTable
from budgetkorr.report import Report


def _pipe_table(table: TextTable) -> list[str]:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cells) + " |"

    lines = [
        line(tuple(escape.markdown(header_text(header)) for header in table.headers)),
        line(tuple("---:" if numeric else ":---" for numeric in table.numeric)),
    ]
    lines += [line(tuple(escape.markdown(cell) for cell in row)) for row in table.rows]
    lines += [line(tuple(f"**{escape.markdown(cell)}**" if cell else "" for cell in row)) for row in table.totals]
    return lines


def render_markdown(report: Report) -> str:
    page = front_page(report)
    kicker = " · ".join(part for part in (page.municipality, page.bilag) if part)
    out = [*((f"**{escape.markdown(kicker)}**", "") if kicker else ()), f"# {escape.markdown(report.title)}", ""]
    out += [f"- {escape.markdown(line)}" for line in page.lines]
    if report.warnings:
        out += ["", f"> **{_('Bemærk')}**", ">"]
        out += [f"> - {escape.markdown(warning)}" for warning in report.warnings]
    for overview in overviews(report):
        out += ["", f"## {escape.markdown(overview.heading)}", "", *_pipe_table(overview.table), ""]
        out += [escape.markdown(line) + "  " for line in overview.lines]
        out[-1] = out[-1].rstrip()
    if report.targets_missing:
        out += ["", escape.markdown(report.targets_missing)]
    out += [
        "",
        f"## {_('Grafer')}",
        "",
        _("Graferne over netto pr. udvalg og målenes margin er i HTML- og Word-udgaven."),
    ]
    for section in report.sections:
        out += ["", f"## {escape.markdown(section.committee.name)}"]
        for form in section.forms:
            c = form.correction
            out += ["", f"### {escape.markdown(c.number)} {escape.markdown(c.title)}", ""]
            out.append(
                _("Udvalg: {committee} ({abbreviation}) · Status: {status}").format(
                    committee=escape.markdown(section.committee.name),
                    abbreviation=escape.markdown(section.committee.abbreviation),
                    status=escape.markdown(c.status),
                )
            )
            out += ["", *(f"> **{escape.markdown(mark)}**" for mark in form.warnings)] if form.warnings else []
            table = form_table(form)
            out += ["", *_pipe_table(table), "", f"*{escape.markdown(sign_legend())}*"]
            if c.remark:
                out += ["", escape.markdown(c.remark)]
            financing = financing_table(form)
            if financing is not None:
                out += ["", f"#### {_('Finansiering')}", "", *_pipe_table(financing)]
                out += [line for item in form.financing if item.text for line in ("", escape.markdown(item.text))]
            converted = converted_table(form)
            if converted is not None:
                out += ["", f"#### {escape.markdown(converted.title)}", "", escape.markdown(conversion_note(form))]
                out += ["", *_pipe_table(converted)]
            for heading, text in form.texts:
                out += ["", f"#### {escape.markdown(heading)}", *textblocks.markdown_lines(text)]
    return "\n".join(out) + "\n"

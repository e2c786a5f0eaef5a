"""The report as one self-contained HTML file: Jinja2 with autoescape, inline CSS for A4 print, inline SVG charts.

No script, no font or picture from elsewhere (a Content-Security-Policy in the page forbids it), so the file opens
on an offline PC and prints on A4 with each form on a page of its own.
"""

from __future__ import annotations

from budgetkorr import escape
from budgetkorr.core.version import __version__
from budgetkorr.i18n import _
from budgetkorr.render import chart
from budgetkorr.render.report_tables import (
    CHARTS_ANCHOR,
    LEGEND_AFTER,
    ContentsLine,
    committee_anchor,
    contents,
    conversion_note,
    converted_table,
    financing_table,
    financing_words,
    form_table,
    front_page,
    header_text,
    overviews,
    sign_legend,
)
from budgetkorr.render.textblocks import html_blocks
from budgetkorr.report import Report


def _visible(value: object) -> object:
    """Every value printed by the template: text gets its control characters shown (autoescape follows)."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return escape.html_text(value)
    return value


def _nested(lines: tuple[ContentsLine, ...]) -> list[tuple[ContentsLine, list[ContentsLine]]]:
    """The table of contents as the list it is shown as: each part with the forms under it."""
    parts: list[tuple[ContentsLine, list[ContentsLine]]] = []
    for line in lines:
        if line.level == 1 or not parts:
            parts.append((line, []))
        else:
            parts[-1][1].append(line)
    return parts


def render_html(report: Report) -> str:
    """The whole report as HTML text."""
    import jinja2
    from markupsafe import Markup

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("budgetkorr.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_visible,
    )
    environment.filters["header"] = header_text
    # A header's text inside the <style> element, where entities mean nothing: a CSS string of escapes.
    environment.filters["css_string"] = lambda text: Markup(escape.css_string(text))
    charts = [chart.net_chart(report), chart.margin_chart(report)]
    # The SVG is built by render.chart, which escapes every label itself: safe to insert as markup.
    svgs = [Markup(chart.render_svg(drawn)) for drawn in charts if drawn is not None]
    template = environment.get_template("report.html.j2")
    return template.render(
        report=report,
        overviews=overviews(report),
        charts=svgs,
        form_table=form_table,
        financing_table=financing_table,
        converted_table=converted_table,
        conversion_note=conversion_note,
        html_blocks=html_blocks,
        legend_after=LEGEND_AFTER,
        sign_legend=sign_legend(),
        page=front_page(report),
        contents=_nested(contents(report)),
        committee_anchor=committee_anchor,
        charts_anchor=CHARTS_ANCHOR,
        financing_words=financing_words,
        version=__version__,
        _=_,
    )

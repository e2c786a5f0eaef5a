"""The report as PDF: the HTML report laid out on A4 by WeasyPrint, nothing fetched, the same bytes every time.

WeasyPrint draws the text through Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0); the CLI checks that they load
before it calls this. The page is self-contained, so the fetcher refuses every URL but `data:`: a stray reference
(a text is escaped where it enters the HTML, so none should exist) reads no file and opens no connection.
"""

from __future__ import annotations

from datetime import date

from budgetkorr.core.quiet import quiet
from budgetkorr.render import typeface
from budgetkorr.render.report_html import render_html
from budgetkorr.report import Report

# The PDF's own stylesheet beside the page's: the font (templates/report_pdf.css says why).
PDF_CSS = "report_pdf.css"
# WeasyPrint and fontTools log notes on the layout and on subsetting fonts; fontTools has no handler of its own,
# so its warnings would reach stderr. Only errors are let through while the PDF is made.
LOGGERS = ("weasyprint", "fontTools")


def render_pdf(report: Report) -> bytes:
    """The whole report as the bytes of a PDF file, with the report's date (its front page's) as its creation date."""
    return pdf_from_html(render_html(report), report.cover.made)


def pdf_from_html(html: str, made: date | None = None) -> bytes:
    """A self-contained HTML page as PDF, fetching nothing but `data:` URLs; the same page gives the same bytes."""
    import weasyprint  # type: ignore[import-untyped]  # WeasyPrint ships no type hints

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    stylesheet = typeface.font_face_css() + _template(PDF_CSS)
    with quiet(*LOGGERS):
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=fetcher)]
        )
        # Without a date in the page WeasyPrint writes none, and the file's identifier is a hash of its content:
        # nothing in the file depends on when or where it was made.
        if made is not None:
            document.metadata.created = document.metadata.modified = made.isoformat()
        pdf: bytes = document.write_pdf(pdf_identifier=True)
    return pdf


def _template(name: str) -> str:
    """A file of the package's templates, through the loader the HTML report's template comes by."""
    import jinja2

    environment = jinja2.Environment(loader=jinja2.PackageLoader("budgetkorr.render", "templates"), autoescape=False)
    return environment.get_template(name).render()

"""The report's tables as text cells, shared by its HTML, Word and markdown renderers.

The overview tables are the very tables `summary` and `check-targets` print (`render.table`, `render.targets`),
so the report can never show other numbers than the commands; the form's tables are laid out as seed 004's.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetkorr.core import numbers
from budgetkorr.i18n import _
from budgetkorr.render.table import TextTable, figure_cell, summary_table
from budgetkorr.render.targets import headroom_lines, margin_legend, target_table, verdict
from budgetkorr.report import SIGN_LEGEND, Form, Report

LEGEND_AFTER = 2  # the form's sign legend is printed under its third row, Netto


@dataclass(frozen=True)
class Overview:
    """A titled table of the report's first pages, with its id (for anchors) and the lines printed under it."""

    key: str
    heading: str
    table: TextTable
    lines: tuple[str, ...]


def first_page(report: Report) -> tuple[str, ...]:
    """What the report is made from, as every other output says it (render.scope): budget year and selection,
    price level and its conversion, foreløbige figures; then how many corrections and from which data folder."""
    from budgetkorr.render.scope import Scope, heading

    conversion = report.conversion
    scope = Scope(
        report.budget_year,
        report.selection,
        conversion,
        report.rates_source if conversion.converted() else None,
        report.preliminary,
        tuple(
            (form.correction.number, form.correction.unknown_years)
            for section in report.sections
            for form in section.forms
            if form.correction.unknown
        ),
    )
    count = sum(len(section.forms) for section in report.sections)
    return (*heading(scope), _("Korrektioner: {count}; data: {data}").format(count=count, data=report.data))


def header_text(header: str) -> str:
    """A column header on one line: `Korrek-\\ntioner` → `Korrektioner`, `heraf\\nindenfor` → `heraf indenfor`."""
    return header.replace("-\n", "").replace("\n", " ")


def overviews(report: Report) -> tuple[Overview, ...]:
    """The summary per committee and year, netto per correction, and the targets (when the data has them)."""
    legend = _("Beløb i {unit}. + = merudgift/mindreindtægt, - = mindreudgift/merindtægt.").format(unit=report.unit)
    marked = _("* har en bemærkning på sin side: foreløbig, ikke omregnet eller en advarsel.")
    found = [
        Overview("udvalg", _("Oversigt pr. udvalg og år"), summary_table(report.by_committee), (legend,)),
        Overview("korrektioner", _("Netto pr. korrektion og år"), correction_table(report), (legend, marked)),
    ]
    if report.targets is not None:
        found.append(
            Overview(
                "maal",
                _("Økonomiske mål efter korrektionerne"),
                target_table(report.targets),
                (
                    _("Kilde: {source}").format(source=report.targets.source),
                    margin_legend(report.targets),
                    *headroom_lines(report.targets),
                    verdict(report.targets),
                ),
            )
        )
    return tuple(found)


def correction_table(report: Report) -> TextTable:
    """Netto per correction and year, with the full title (the report has room for it) and its marks."""
    summary = report.by_correction
    marked = {form.correction.number for section in report.sections for form in section.forms if form.warnings}
    rows = tuple(
        (
            correction.number + ("\u00a0*" if correction.number in marked else ""),  # no break before the mark
            correction.title,
            committee.abbreviation,
            *(figure_cell(by_year[y], "net") if y in by_year else "" for y in summary.years),
        )
        for committee, correction, by_year in summary.groups()
        if correction is not None
    )
    totals = (("I alt", "", "", *(figure_cell(figures, "net") for figures in summary.totals)),)
    return TextTable(
        title=_("Netto pr. korrektion og år"),
        headers=(_("Nr"), _("Titel"), _("Udvalg"), *(str(year) for year in summary.years)),
        numeric=(False, False, False, *(True for _year in summary.years)),
        rows=rows,
        totals=totals,
    )


def form_table(form: Form) -> TextTable:
    """The form's figure table: the years' Udgifter, Indtægter, Netto and full-time positions, with the start date
    and the service frame in the last column, as the paper form has them."""
    figures = form.figures

    def money(attribute: str) -> tuple[str, ...]:
        return tuple(figure_cell(f, attribute) for f in figures)  # `ukendt` where the file writes it

    rows = [
        (_("Udgifter"), *money("expenditure"), form.start),
        (_("Indtægter"), *money("income"), _("Indenfor servicerammen:")),
        (_("Netto"), *money("net"), form.service_frame),
        (_("Antal fuldtidsstillinger"), *(numbers.positions(f.positions, danish=True) for f in figures), ""),
    ]
    if form.correction.one_off:
        rows.append((_("heraf engangsudgifter"), *money("one_off"), ""))
    return TextTable(
        title=f"{form.correction.number} {form.correction.title}",
        headers=(
            _("(Mio. kr. i {level}-priser)").format(level=form.price_level),
            *(str(year) for year in form.years),
            _("Iværksættelsestidspunkt:"),
        ),
        numeric=(False, *(True for _year in form.years), False),
        rows=tuple(rows),
    )


def financing_table(form: Form) -> TextTable | None:
    """How the correction is paid for: one row per `finansiering` line (kassen has no amounts)."""
    if not form.financing:
        return None
    rows = tuple(
        (
            f"{line.source} {line.reference}".strip(),
            *(
                (numbers.danish_money(amount) for amount in line.amounts)
                if line.amounts is not None
                else ("" for _year in form.years)
            ),
            "",
        )
        for line in form.financing
    )
    return TextTable(
        title=_("Finansiering"),
        headers=(_("Finansiering"), *(str(year) for year in form.years), ""),
        numeric=(False, *(True for _year in form.years), False),
        rows=rows,
    )


def sign_legend() -> str:
    return _(SIGN_LEGEND)

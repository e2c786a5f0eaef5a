"""The report's tables as text cells, shared by its HTML, Word and markdown renderers.

The overview tables are the very tables `summary` and `check-targets` print (`render.table`, `render.targets`),
so the report can never show other numbers than the commands; the form's tables are laid out as seed 004's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from budgetkorr.compute import Figures
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


def _cells(figures: Sequence[Figures], attribute: str) -> tuple[str, ...]:
    """One of the figures per year as cells: `ukendt` where the file writes it (render.table.figure_cell)."""
    return tuple(figure_cell(f, attribute) for f in figures)


def _amount_rows(form: Form, figures: Sequence[Figures]) -> list[tuple[str, ...]]:
    """Netto's split (a correction partly inside the service frame that gives it) and the one-off part."""
    rows: list[tuple[str, ...]] = []
    if form.correction.net_inside is not None:
        rows.append((_("heraf indenfor servicerammen"), *_cells(figures, "net_inside"), ""))
        rows.append((_("heraf udenfor servicerammen"), *_cells(figures, "net_outside"), ""))
    return rows


def form_table(form: Form) -> TextTable:
    """The form's figure table as written (its text's price level): the years' Udgifter, Indtægter, Netto and
    full-time positions, with the start date and the service frame in the last column, as the paper form has
    them."""
    figures = form.figures
    rows = [
        (_("Udgifter"), *_cells(figures, "expenditure"), form.start),
        (_("Indtægter"), *_cells(figures, "income"), _("Indenfor servicerammen:")),
        (_("Netto"), *_cells(figures, "net"), form.service_frame),
        *_amount_rows(form, figures),
        (_("Antal fuldtidsstillinger"), *(numbers.positions(f.positions, danish=True) for f in figures), ""),
    ]
    if form.correction.one_off:
        rows.append((_("heraf engangsudgifter"), *_cells(figures, "one_off"), ""))
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


def converted_table(form: Form) -> TextTable | None:
    """The form's amounts in the report's price level, where it is written in another: what the totals add up.
    None when the form is in the report's level (or could not be converted)."""
    shown = form.conversion
    if shown is None:
        return None
    figures = form.converted_figures
    rows = [
        (_("Udgifter"), *_cells(figures, "expenditure")),
        (_("Indtægter"), *_cells(figures, "income")),
        (_("Netto"), *_cells(figures, "net")),
        *(row[:-1] for row in _amount_rows(form, figures)),
    ]
    if form.correction.one_off:
        rows.append((_("heraf engangsudgifter"), *_cells(figures, "one_off")))
    rows += [
        (
            _("Finansiering: {source}").format(source=f"{line.source} {line.reference}".strip()),
            *(numbers.danish_money(amount) for amount in line.amounts),
        )
        for line in form.converted_financing
        if line.amounts is not None
    ]
    return TextTable(
        title=_("Omregnet til {level}-priser").format(level=shown.target),
        headers=(
            _("(Mio. kr. i {level}-priser)").format(level=shown.target),
            *(str(year) for year in form.years),
        ),
        numeric=(False, *(True for _year in form.years)),
        rows=tuple(rows),
    )


def conversion_note(form: Form) -> str:
    """`Skemaet er i 2025-priser; omregnet til 2026-priser med faktor 1,029 …`: the levels and the factor."""
    shown = form.conversion
    if shown is None:
        return ""
    return _(
        "Skemaet er skrevet i {source}-priser; omregnet til rapportens {target}-priser med faktor {factor}, hvert "
        "beløb afrundet til 1.000 kr. Totalerne lægger de omregnede beløb sammen."
    ).format(source=shown.source, target=shown.target, factor=numbers.factor(shown.factor))


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

"""The report's tables as text cells, shared by its HTML, Word and markdown renderers.

The overview tables are the very tables `summary` and `check-targets` print (`render.table`, `render.targets`),
so the report can never show other numbers than the commands; the form's tables are laid out as seed 004's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from budgetkorr.compute import Figures
from budgetkorr.core import numbers
from budgetkorr.escape import one_line
from budgetkorr.i18n import _
from budgetkorr.render.scope import Scope, details, sentence
from budgetkorr.render.table import TextTable, figure_cell, summary_table
from budgetkorr.render.targets import headroom_lines, margin_legend, target_table, verdict
from budgetkorr.report import SIGN_LEGEND, FinancingLine, Form, Report, danish_date

LEGEND_AFTER = 2  # the form's sign legend is printed under its third row, Netto


@dataclass(frozen=True)
class Overview:
    """A titled table of the report's first pages, with its id (for anchors) and the lines printed under it."""

    key: str
    heading: str
    table: TextTable
    lines: tuple[str, ...]


@dataclass(frozen=True)
class FrontPage:
    """The report's first page in words for a politician, and what every page's header says. Each text is one
    line ("" where there is nothing to say); text from a file or the command line is in it as given."""

    municipality: str  # budget.yaml's kommune
    bilag: str  # --bilag: "Bilag 3"
    title: str
    meeting: str  # --møde: "Økonomiudvalget 12. maj 2026"
    made: str  # "Udarbejdet 12. maj 2026"
    scope: str  # "Alle forslag og godkendte korrektioner, i 2026-priser"
    count: str  # "9 korrektioner fra 2 udvalg"
    notes: tuple[str, ...]  # the price levels' conversion, foreløbige and unknown amounts (render.scope)

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines under the title, in order, for a format that has no layout of its own (markdown)."""
        return tuple(line for line in (self.meeting, self.scope, self.count, self.made, *self.notes) if line)


def _scope(report: Report) -> Scope:
    conversion = report.conversion
    return Scope(
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


def front_page(report: Report) -> FrontPage:
    """What the report is made from, for the reader of the appendix: the municipality, bilag and meeting, the
    selection and price level as a sentence (render.scope), how many corrections, the date; then the details
    every other output gives too (the conversion's rates, foreløbige and unknown amounts). Never a folder."""
    scope = _scope(report)
    forms = sum(len(section.forms) for section in report.sections)
    committees = len(report.sections)
    count = ""
    if forms:
        count = (_("1 korrektion") if forms == 1 else _("{count} korrektioner").format(count=forms)) + (
            _(" fra 1 udvalg") if committees == 1 else _(" fra {count} udvalg").format(count=committees)
        )
    cover = report.cover
    return FrontPage(
        municipality=one_line(report.municipality or ""),
        bilag=one_line(cover.bilag or ""),
        title=report.title,
        meeting=one_line(cover.meeting or ""),
        made=_("Udarbejdet {date}").format(date=danish_date(cover.made)),
        scope=sentence(scope),
        count=count,
        notes=details(scope, level_said=True),
    )


@dataclass(frozen=True)
class ContentsLine:
    """One line of the table of contents: its level (1 a part of the report, 2 a form), text and anchor."""

    level: int
    text: str
    anchor: str  # the id of what it leads to: an overview's key, `grafer`, `afsnit-N` or the correction's number


CHARTS_ANCHOR = "grafer"


def committee_anchor(index: int) -> str:
    """The anchor of the n-th committee's part (from 1): a committee's name is text from a file, never an id."""
    return f"afsnit-{index}"


def contents(report: Report) -> tuple[ContentsLine, ...]:
    """The table of contents: the overviews, the charts, each committee and each of its forms."""
    lines = [ContentsLine(1, overview.heading, overview.key) for overview in overviews(report)]
    lines.append(ContentsLine(1, _("Grafer"), CHARTS_ANCHOR))
    for index, section in enumerate(report.sections, start=1):
        lines.append(ContentsLine(1, section.committee.name, committee_anchor(index)))
        lines += [
            ContentsLine(2, f"{form.correction.number} {form.correction.title}", form.correction.number)
            for form in section.forms
        ]
    return tuple(lines)


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


def _source(line: FinancingLine) -> str:
    """`Anlæg A108`, `Drift Lønpuljer`: the source as a row's label, with its reference."""
    return f"{line.source[:1].upper()}{line.source[1:]} {line.reference}".strip()


def financing_table(form: Form) -> TextTable | None:
    """How the correction is paid for, laid out as the form's table above it (its first columns, its unit): one
    row per `finansiering` line with amounts. Kassen has none: it is a sentence (`financing_words`), never a row of
    empty cells. None when no line has amounts."""
    lines = [line for line in form.financing if line.amounts is not None]
    if not lines:
        return None
    rows = tuple((_source(line), *(numbers.danish_money(amount) for amount in line.amounts or ())) for line in lines)
    return TextTable(
        title=_("Finansiering"),
        headers=(_("(Mio. kr. i {level}-priser)").format(level=form.price_level), *(str(y) for y in form.years)),
        numeric=(False, *(True for _year in form.years)),
        rows=rows,
    )


def financing_words(form: Form) -> tuple[str, ...]:
    """The financing's sentences, under its table: each line's text as the form writes it; a line of kassen
    without a text, or with one that does not name it, says it first (`Finansieres af kassen.`)."""
    words = []
    for line in form.financing:
        if line.amounts is None and line.source.lower() not in line.text.lower():
            words.append(_("Finansieres af {source}.").format(source=line.source))
        if line.text:
            words.append(line.text)
    return tuple(words)


def sign_legend() -> str:
    return _(SIGN_LEGEND)

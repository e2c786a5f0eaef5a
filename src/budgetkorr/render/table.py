"""Human-readable tables: the report laid out for reading, with Danish numbers and a total row.

One `TextTable` value is built per report; `text` and `terminal` draw it in plain text, markdown or rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from budgetkorr.compute import Figures, FinancingYear, Summary
from budgetkorr.core import numbers
from budgetkorr.core.entry import Entry
from budgetkorr.i18n import N_, _, ngettext
from budgetkorr.models import year_span
from budgetkorr.render.scope import Scope, heading
from budgetkorr.render.unknown import money_cell

SIGN_LEGEND = N_("+ = merudgift/mindreindtægt, - = mindreudgift/merindtægt")
TITLE_WIDTH = 40


@dataclass(frozen=True)
class TextTable:
    """Headers, body rows and total rows as text; `numeric` marks the right-aligned columns.

    A header may hold a line break: it is drawn on two lines where the format allows it (not in markdown).
    """

    title: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    section_ends: frozenset[int] = field(default_factory=frozenset)  # rows after which a rule is drawn
    caption: str = ""
    alerts: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (row, column) cells to stand out
    heading: tuple[str, ...] = ()  # lines under the title: what the figures are made from (render.scope)
    shortened: frozenset[int] = field(default_factory=frozenset)  # columns cut to TITLE_WIDTH where space is short

    def escaped(self, rule: Callable[[str], str]) -> TextTable:
        """Every text of the table through one format's escaping rule (`budgetkorr.escape`), line by line, so that
        no title, name or kilde from a file can act as markup or control in the format it is written in."""

        def lines(text: str) -> str:
            return "\n".join(rule(line) for line in text.split("\n"))

        return replace(
            self,
            title=lines(self.title),
            headers=tuple(lines(header) for header in self.headers),
            rows=tuple(tuple(rule(cell) for cell in row) for row in self.rows),
            totals=tuple(tuple(rule(cell) for cell in row) for row in self.totals),
            caption=lines(self.caption),
            heading=tuple(rule(line) for line in self.heading),
        )

    def for_reading(self) -> TextTable:
        """The table with long titles cut (…) to fit a terminal or a log; markdown keeps them whole."""
        if not self.shortened:
            return self
        rows = tuple(
            tuple(_short(cell) if index in self.shortened else cell for index, cell in enumerate(row))
            for row in self.rows
        )
        return replace(self, rows=rows)


def _figure_headers() -> tuple[str, ...]:
    return tuple(_(header) for header in _FIGURE_HEADERS)


def _positions(value: Decimal) -> str:
    return numbers.positions(value, danish=True)


def _short(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1].rstrip() + "…"


# Two-line headers keep the numeric columns narrow enough for an 80-column terminal.
_FIGURE_HEADERS = (
    N_("Udgifter"),
    N_("Indtægter"),
    N_("Netto"),
    N_("heraf\nindenfor"),
    N_("heraf\nudenfor"),
    N_("heraf\ndelvist"),
    N_("Fuldtids-\nstillinger"),
)


def figure_cell(figures: Figures, attribute: str) -> str:
    """One of the figures as a cell: `ukendt`, or a known part marked as lacking unknown amounts (render.unknown)."""
    if attribute == "positions":
        return _positions(figures.positions)
    missing = figures.missing(attribute)
    return money_cell(getattr(figures, attribute), missing, whole=len(missing) >= figures.count)


def _figure_cells(figures: Figures) -> tuple[str, ...]:
    return tuple(figure_cell(figures, attribute) for _label, attribute in _POSTS)


_POSTS: tuple[tuple[str, str], ...] = (
    (N_("Udgifter"), "expenditure"),
    (N_("Indtægter"), "income"),
    (N_("Netto"), "net"),
    (N_("heraf indenfor servicerammen"), "net_inside"),
    (N_("heraf udenfor servicerammen"), "net_outside"),
    (N_("heraf delvist indenfor"), "net_partly"),
    (N_("Fuldtidsstillinger"), "positions"),
)


def _post_cells(figures_by_year: dict[int, Figures], years: Sequence[int], attribute: str) -> tuple[str, ...]:
    return tuple(figure_cell(figures_by_year[year], attribute) if year in figures_by_year else "" for year in years)


def summary_table(summary: Summary, scope: Scope | None = None) -> TextTable:
    """The summary for reading: one year in columns of figures, or all years side by side.

    With a `scope`, the lines under the title say what the figures are made from.
    """
    unit = summary.unit
    caption = _("Beløb i {unit}. {signs}. Servicerammen: heraf indenfor (ja), udenfor (nej), delvist.").format(
        unit=unit, signs=_(SIGN_LEGEND)
    )
    if summary.split:
        caption = _(
            "Beløb i {unit}. {signs}. Servicerammen: heraf indenfor (ja), udenfor (nej), delvist (uden "
            "opdeling); af {numbers} er delen indenfor under indenfor og resten under udenfor."
        ).format(unit=unit, signs=_(SIGN_LEGEND), numbers=", ".join(summary.split))
    if len(summary.years) == 1:
        table = _one_year(summary, unit, caption)
    elif summary.group_by == "korrektion":
        table = _corrections_by_year(summary, unit)
    else:
        table = _committees_by_year(summary, unit, caption)
    shortened = frozenset({1}) if summary.group_by == "korrektion" else frozenset()
    return replace(table, heading=heading(scope) if scope else (), shortened=shortened)


def _one_year(summary: Summary, unit: str, caption: str) -> TextTable:
    year = summary.years[0]
    if summary.group_by == "korrektion":
        rows = tuple(
            (
                row.correction.number,
                row.correction.title,
                row.committee.abbreviation,
                row.correction.status + (" " + _("(foreløbig)") if row.correction.preliminary else ""),
                *_figure_cells(row.figures),
            )
            for row in summary.rows
            if row.correction is not None
        )
        headers: tuple[str, ...] = (_("Nr"), _("Titel"), _("Udvalg"), _("Status"), *_figure_headers())
        count = summary.totals[0].count
        corrections = ngettext("{n} korrektion", "{n} korrektioner", count).format(n=count)
        total = (_("I alt"), corrections, "", "", *_figure_cells(summary.totals[0]))
        title = _("Tekniske korrektioner {year} pr. korrektion ({unit})")
        counted: tuple[int, ...] = ()
    else:
        rows = tuple((row.committee.name, str(row.figures.count), *_figure_cells(row.figures)) for row in summary.rows)
        headers = (_("Udvalg"), _("Antal"), *_figure_headers())
        total = (_("I alt"), str(summary.totals[0].count), *_figure_cells(summary.totals[0]))
        title = _("Tekniske korrektioner {year} pr. udvalg ({unit})")
        counted = (1,)  # Antal
    text_columns = len(headers) - len(_FIGURE_HEADERS)
    return TextTable(
        title=title.format(year=year, unit=unit),
        headers=headers,
        numeric=tuple(i >= text_columns or i in counted for i in range(len(headers))),
        rows=rows,
        totals=(total,),
        caption=caption,
    )


def _committees_by_year(summary: Summary, unit: str, caption: str) -> TextTable:
    years = summary.years
    rows: list[tuple[str, ...]] = []
    ends: set[int] = set()
    for committee, _correction, by_year in summary.groups():
        for index, (label, attribute) in enumerate(_POSTS):
            rows.append((committee.name if index == 0 else "", _(label), *_post_cells(by_year, years, attribute)))
        ends.add(len(rows) - 1)
    totals_by_year = dict(zip(years, summary.totals, strict=True))
    totals = tuple(
        (_("I alt") if index == 0 else "", _(label), *_post_cells(totals_by_year, years, attribute))
        for index, (label, attribute) in enumerate(_POSTS)
    )
    return TextTable(
        title=_("Tekniske korrektioner {span} pr. udvalg ({unit})").format(span=year_span(years), unit=unit),
        headers=(_("Udvalg"), "", *(str(year) for year in years)),
        numeric=(False, False, *(True for _ in years)),
        rows=tuple(rows),
        totals=totals,
        section_ends=frozenset(ends),
        caption=caption,
    )


def _corrections_by_year(summary: Summary, unit: str) -> TextTable:
    years = summary.years
    rows = tuple(
        (
            correction.number if correction else "",
            correction.title if correction else "",
            committee.abbreviation,
            *_post_cells(by_year, years, "net"),
        )
        for committee, correction, by_year in summary.groups()
    )
    totals_by_year = dict(zip(years, summary.totals, strict=True))
    return TextTable(
        title=_("Tekniske korrektioner {span} pr. korrektion, netto ({unit})").format(span=year_span(years), unit=unit),
        headers=(_("Nr"), _("Titel"), _("Udvalg"), *(str(year) for year in years)),
        numeric=(False, False, False, *(True for _ in years)),
        rows=rows,
        totals=((_("I alt"), "", "", *_post_cells(totals_by_year, years, "net")),),
        caption=_("Netto i {unit}. {signs}.").format(unit=unit, signs=_(SIGN_LEGEND)),
    )


def list_table(entries: Sequence[Entry], data_dir: Path, scope: Scope | None = None) -> TextTable:
    from budgetkorr.render.records import list_records

    records = list_records(list(entries), data_dir)
    rows = tuple(
        (
            str(r["nr"]),
            str(r["titel"]),
            str(r["forkortelse"]),
            str(r["status"]) + (" " + _("(foreløbig)") if r["foreløbig"] else ""),
            str(r["prisniveau"]),
            str(r["indenfor_servicerammen"]),
            year_span([int(str(r["første_år"])), int(str(r["sidste_år"]))]),
            str(r["fil"]),
        )
        for r in records
    )
    return TextTable(
        title=_("Tekniske korrektioner ({count})").format(count=len(rows)),
        headers=(
            _("Nr"),
            _("Titel"),
            _("Udvalg"),
            _("Status"),
            _("Prisniveau"),
            _("Servicerammen"),
            _("År"),
            _("Fil"),
        ),
        numeric=(False,) * 8,
        rows=rows,
        heading=heading(scope) if scope else (),
        shortened=frozenset({1}),
    )


_FINANCING_ROWS: tuple[tuple[str, Callable[[FinancingYear], Decimal]], ...] = (
    (N_("Korrektionernes netto (brutto)"), lambda f: f.net),
    (N_("Finansieret af anlæg"), lambda f: -f.from_capital),
    (N_("Finansieret af drift/pulje (omplacering)"), lambda f: -f.from_operating),
    (N_("Finansieret af indtægter"), lambda f: -f.from_income),
    (N_("Finansieret af kassen (resten)"), lambda f: f.from_cash),
    (N_("Nettoeffekt på drift (efter omplacering)"), lambda f: f.operating_net),
    (N_("Servicerammen, brutto"), lambda f: f.frame_gross),
    (N_("Servicerammen, netto (efter omplacering)"), lambda f: f.frame_net),
)
FINANCING_SOURCES = 4  # the rows after netto that add up to it
_FRAME_ROWS = 6  # the rows from here on are the service frame's


def financing_cell(line: FinancingYear, row: int, value: Callable[[FinancingYear], Decimal]) -> str:
    """A financing figure: the netto, kassen and drift lack every unknown netto; the frame rows lack those inside
    the frame; what anlæg, drift/pulje and indtægter pay is written in the files, so it is known."""
    if 1 <= row <= FINANCING_SOURCES - 1:
        missing: tuple[str, ...] = ()
    else:
        missing = line.frame_unknown if row >= _FRAME_ROWS else line.unknown
    return money_cell(value(line), missing, whole=False)


def financing_table(lines: Sequence[FinancingYear], unit: str, split: Sequence[str] = ()) -> TextTable:
    """Per year: the corrections' netto, who pays it (anlæg, drift/pulje, indtægter, and kassen for the rest),
    and the net effect on drift and the service frame, so a reader sees both gross and net. `split`: the
    corrections partly inside the frame whose inside part the frame rows hold."""
    years = [line.year for line in lines]
    rows = tuple(
        (_(label), *(financing_cell(line, index, value) for line in lines))
        for index, (label, value) in enumerate(_FINANCING_ROWS)
    )
    return TextTable(
        title=_("Finansiering og nettoeffekt {span} ({unit})").format(span=year_span(years), unit=unit),
        headers=("", *(str(year) for year in years)),
        numeric=(False, *(True for _year in years)),
        rows=rows,
        section_ends=frozenset({FINANCING_SOURCES, len(rows) - 1}),
        caption=_(
            "Finansieret af: hvad hver kilde betaler af nettoet (anlæg, drift/pulje og indtægter ændres med "
            "modsat fortegn); kassen betaler resten, så de fire rækker giver nettoet. Servicerammen: korrektioner "
            "indenfor servicerammen (ja) og deres omplacering i drift/pulje; delvist og nej indgår ikke."
        )
        if not split
        else _(
            "Finansieret af: hvad hver kilde betaler af nettoet (anlæg, drift/pulje og indtægter ændres med "
            "modsat fortegn); kassen betaler resten, så de fire rækker giver nettoet. Servicerammen: korrektioner "
            "indenfor servicerammen (ja) og deres omplacering i drift/pulje, og delen indenfor af {numbers} "
            "(uden deres omplacering); nej og delvist uden opdeling indgår ikke."
        ).format(numbers=", ".join(split)),
    )

"""The committee appendix as one value: title, selection, totals, targets and the forms. Pure, no I/O.

Every format of `budgetkorr report` (HTML, Word, markdown) renders this one value, so the numbers are the same
everywhere: the totals are `compute.summarize`'s, the targets `targets.check_targets`', and each form shows its
amounts as written and, in another price level than the report's, also converted: the figures the totals add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budgetkorr.compute import Figures, Summary, period, summarize
from budgetkorr.core.dataset import Dataset
from budgetkorr.core.entry import Entry
from budgetkorr.core.period import budget_period, default_price_level
from budgetkorr.core.prices import ONE, Conversion, Converted, at_level, convert
from budgetkorr.core.selection import Selection
from budgetkorr.i18n import N_, _
from budgetkorr.models import Committee, Correction
from budgetkorr.targets import NotCheckable, TargetReport, check_targets

ZERO = Decimal(0)
SIGN_LEGEND = N_("- = mindreudgift/merindtægt og + = merudgift/mindreindtægt")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def danish_date(day: date) -> str:
    """A date as the forms and the front page write it: `6. december 2026`."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Cover:
    """What the front page says beyond the files: the appendix's number on the agenda (`Bilag 3`), the meeting
    (`Økonomiudvalget 12. maj 2026`) and the date the report was made. Each is one line, as the user gave it."""

    made: date
    bilag: str | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class FinancingLine:
    """One `finansiering` line of a form: its source, reference, amounts per year (converted) and sentence."""

    source: str
    reference: str
    amounts: tuple[Decimal, ...] | None  # in the order of the form's years; None for kassen
    text: str


@dataclass(frozen=True)
class Form:
    """One correction laid out as the paper form, its amounts in the report's price level where a rate allows."""

    entry: Entry
    years: tuple[int, ...]
    figures: tuple[Figures, ...]  # one per year, as written: udgifter, indtægter, netto, positions, one-off
    price_level: int  # the level the form is written in (its text's)
    converted: bool  # False: a rate is missing and the amounts are as written
    financing: tuple[FinancingLine, ...]  # as written
    warnings: tuple[str, ...]  # marked on the form: foreløbig, not converted, the loader's warnings on its file
    # In another level than its own (the report's, where the totals are): how, and the amounts there, which are
    # what the totals add up; None when the form is shown in its own level only.
    conversion: Converted | None = None
    converted_figures: tuple[Figures, ...] = ()
    converted_financing: tuple[FinancingLine, ...] = ()

    @property
    def correction(self) -> Correction:
        return self.entry.correction

    @property
    def start(self) -> str:
        """Iværksættelsestidspunkt as the forms write it: `1. januar 2026`."""
        return danish_date(self.correction.start)

    @property
    def service_frame(self) -> str:
        return {"ja": _("Ja"), "nej": _("Nej"), "delvist": _("Delvist (ja/nej)")}[self.correction.service_frame]

    @property
    def texts(self) -> tuple[tuple[str, str], ...]:
        """The two text sections, each as its heading and its text (paragraphs, lists and tables: each renderer
        reads them with `core.textblocks`)."""
        return (
            (_("Baggrund for og beskrivelse af den tekniske korrektion"), self.correction.background),
            (_("Økonomiske konsekvenser"), self.correction.consequences),
        )


@dataclass(frozen=True)
class Section:
    """One committee's part of the report: its forms, in number order."""

    committee: Committee
    forms: tuple[Form, ...]


@dataclass(frozen=True)
class Report:
    title: str
    budget_year: int | None
    municipality: str | None  # budget.yaml's kommune, on the front page and in every page's header
    cover: Cover  # bilag, meeting and date
    selection: Selection  # what was chosen: named on the first page with the price level
    conversion: Conversion  # how each correction was brought to the price level
    rates_source: str | None  # prisniveau.yaml's kilde
    price_level: int
    by_committee: Summary  # every year, per committee
    by_correction: Summary  # every year, per correction
    targets: TargetReport | None  # None: no budget.yaml / targets.yaml, or the budget could not be converted
    targets_missing: str  # why there are no targets, when there are none
    sections: tuple[Section, ...]
    warnings: tuple[str, ...]  # on the first page: unconverted price levels, foreløbig corrections, the targets'

    @property
    def unit(self) -> str:
        return self.by_committee.unit

    @property
    def years(self) -> tuple[int, ...]:
        return self.by_committee.years

    @property
    def preliminary(self) -> tuple[str, ...]:
        return tuple(
            form.correction.number for section in self.sections for form in section.forms if form.correction.preliminary
        )


def _financing_lines(correction: Correction, factor: Decimal) -> tuple[FinancingLine, ...]:
    years = correction.years
    return tuple(
        FinancingLine(
            item.source,
            item.reference or "",
            tuple(at_level((item.amounts or {}).get(year, ZERO), factor) for year in years) if item.amounts else None,
            item.text or "",
        )
        for item in correction.financing
    )


def _form(entry: Entry, conversion: Conversion, warnings: Sequence[str]) -> Form:
    correction = entry.correction
    converted = correction.number in conversion.factors
    years = correction.years
    shown = conversion.of(correction.number)
    marks = list(warnings)
    if not converted:
        marks.insert(
            0,
            _(
                "Ikke omregnet til {target}-priser: ingen sats i prisniveau.yaml; beløbene står i {level}-priser."
            ).format(target=conversion.target, level=correction.price_level),
        )
    if correction.unknown_years:
        marks.insert(
            0,
            _("Ukendt: nettoet for {years} er ikke kendt endnu; totalerne viser kun den kendte del.").format(
                years=", ".join(str(year) for year in correction.unknown_years)
            ),
        )
    if correction.preliminary:
        marks.insert(0, _("Foreløbig: tallene er ikke endelige."))
    return Form(
        entry,
        years,
        tuple(Figures.of(correction, year) for year in years),
        correction.price_level,
        converted,
        _financing_lines(correction, ONE),
        tuple(marks),
        shown,
        tuple(Figures.of(correction, year, shown.factor) for year in years) if shown else (),
        _financing_lines(correction, shown.factor) if shown else (),
    )


def build_report(
    dataset: Dataset,
    entries: Sequence[Entry],
    selection: Selection,
    cover: Cover,
    price_level: int | None = None,
    file_warnings: Mapping[str, Sequence[str]] | None = None,
) -> Report:
    """The report of the selected corrections, in `price_level` (default: the data folder's, `period`), with the
    front page's `cover`.

    `file_warnings` are the loader's warnings per correction number, marked on its form.
    """
    rates = dataset.rates.rates if dataset.rates else {}
    budget = dataset.budget
    folder = budget_period(dataset)
    budget_year = folder.budget_year
    level = price_level or default_price_level(dataset) or 0
    conversion = convert(entries, rates, level)
    years = period(entries)
    by_committee = summarize(entries, dataset.committees, "udvalg", years, conversion)
    by_correction = summarize(entries, dataset.committees, "korrektion", years, conversion)
    targets: TargetReport | None = None
    missing = ""
    if budget is None or dataset.targets is None:
        missing = _("Målene er ikke med: datamappen har ingen budget.yaml og targets.yaml.")
    elif not folder.fits:  # as check-targets: never judged against a budget the corrections do not fit
        missing = _("Målene er ikke med: budget.yaml: {reason}").format(reason=folder.mismatch())
    else:
        try:
            targets = check_targets(budget, dataset.targets.targets, entries, rates, level)
        except NotCheckable as exc:
            missing = _("Målene er ikke med: {reason}").format(reason=str(exc))
    # The first page names the price level, the unconverted and the foreløbige corrections already (render.scope);
    # what is left to say are the targets' own warnings (a year of anlæg below the threshold).
    warnings = [f.message for f in targets.all_warnings if f.key not in ("prisniveau", "foreløbig")] if targets else []
    order = {committee.name: index for index, committee in enumerate(dataset.committees)}
    grouped: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (order.get(e.committee.name, len(order)), e.correction.number)):
        grouped.setdefault(entry.committee.name, []).append(entry)
    sections = tuple(
        Section(
            members[0].committee,
            tuple(_form(e, conversion, (file_warnings or {}).get(e.correction.number, ())) for e in members),
        )
        for members in grouped.values()
    )
    title = (
        _("Teknisk korrektion – budget {year} og overslagsår").format(year=budget_year)
        if budget_year is not None
        else _("Teknisk korrektion")
    )
    return Report(
        title,
        budget_year,
        budget.municipality if budget is not None else None,
        cover,
        selection,
        conversion,
        dataset.rates.source if dataset.rates else None,
        level,
        by_committee,
        by_correction,
        targets,
        missing,
        sections,
        tuple(warnings),
    )

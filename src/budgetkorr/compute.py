"""Summing corrections: per committee or per correction, per year, exactly. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field, fields
from decimal import Decimal
from operator import add, attrgetter
from typing import Literal

from budgetkorr.core.entry import Entry
from budgetkorr.core.folder import PRICES_FILE
from budgetkorr.core.prices import ONE, Conversion, at_level, common_level, convert
from budgetkorr.core.selection import DEFAULT_STATUSES
from budgetkorr.i18n import _
from budgetkorr.models import Committee, Correction, Status

ZERO = Decimal(0)
GroupBy = Literal["udvalg", "korrektion"]


@dataclass(frozen=True)
class Figures:
    """The figures of one correction or a group of them in one year. Amounts in mio. kr., exact."""

    count: int = 0
    expenditure: Decimal = ZERO
    income: Decimal = ZERO
    net: Decimal = ZERO
    net_inside: Decimal = ZERO  # netto inside the service frame: of ja, and the inside part of a split delvist
    net_outside: Decimal = ZERO  # nej, and the rest of a split delvist
    net_partly: Decimal = ZERO  # delvist without a split (netto_indenfor): the form does not say how much
    positions: Decimal = ZERO
    one_off: Decimal = ZERO
    # (nr, field) for each field above that lacks a correction's amount written `ukendt`: that field holds only the
    # known part, and is never shown as a complete total
    unknown: tuple[tuple[str, str], ...] = ()

    def missing(self, attribute: str) -> tuple[str, ...]:
        """The numbers of the corrections whose amount in this field is unknown, sorted, each once."""
        return tuple(sorted({number for number, name in self.unknown if name == attribute})) if self.unknown else ()

    def __add__(self, other: Figures) -> Figures:
        return Figures(*map(add, _figures_values(self), _figures_values(other)))

    @staticmethod
    def of(correction: Correction, year: int, factor: Decimal = ONE) -> Figures:
        """One correction's figures in one year, converted by `factor` (positions not).

        Each amount is rounded once after conversion (`prices.at_level`); netto is the sum of the rounded udgifter
        and indtægter, so every total built from these adds up to its rows.
        """
        return Figures(*_figures_of(correction, year, factor))


def _converted(correction: Correction, year: int, factor: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """A correction's udgifter and indtægter in a year, converted and each rounded once, and their sum (netto)."""
    expenditure = at_level(correction.expenditure.get(year, ZERO), factor)
    income = at_level(correction.income_in(year), factor)
    return expenditure, income, expenditure + income


# The values of Figures' fields, in their order.
_FigureValues = tuple[
    int, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, tuple[tuple[str, str], ...]
]
_FRAME_FIELDS = {"ja": "net_inside", "nej": "net_outside", "delvist": "net_partly"}


def unknown_fields(correction: Correction, year: int) -> tuple[tuple[str, str], ...]:
    """(nr, field of Figures) for each of a correction's figures in a year that includes an amount written `ukendt`."""
    if not correction.unknown:
        return ()
    number = correction.number
    found = [(number, "expenditure")] if correction.is_unknown("udgifter", year) else []
    if correction.is_unknown("indtægter", year):
        found.append((number, "income"))
    if correction.net_unknown(year):
        found += [(number, "net"), (number, _FRAME_FIELDS[correction.service_frame])]
    if correction.is_unknown("engangsudgifter", year):
        found.append((number, "one_off"))
    return tuple(found)


def _figures_of(correction: Correction, year: int, factor: Decimal) -> _FigureValues:
    """`Figures.of` as the values of Figures' fields in their order: summed thousands at a time without an object
    for each (`_sum`)."""
    expenditure, income, net = _converted(correction, year, factor)
    inside = _inside(correction, year, factor, net)
    return (
        1,
        expenditure,
        income,
        net,
        ZERO if inside is None else inside,
        ZERO if inside is None else net - inside,
        net if inside is None else ZERO,
        correction.positions_in(year),
        at_level(correction.one_off_in(year), factor),
        unknown_fields(correction, year),
    )


def _inside(correction: Correction, year: int, factor: Decimal, net: Decimal) -> Decimal | None:
    """The converted netto's part inside the service frame; None for delvist without a split. A split's part is
    converted and rounded once like every amount, and the rest of netto is outside, so the two add up to netto."""
    if correction.service_frame == "delvist":
        split = correction.net_inside
        return None if split is None else at_level(split.get(year, ZERO), factor)
    return net if correction.service_frame == "ja" else ZERO


def _net(correction: Correction, year: int, factor: Decimal) -> Decimal:
    return _converted(correction, year, factor)[2]


# Figures are added field by field thousands of times: the fields are read by one C call, not by name in Python.
_figures_values = attrgetter(*(f.name for f in fields(Figures)))
_FIGURES_ZERO = astuple(Figures())


def total(figures: Iterable[Figures]) -> Figures:
    """The sum of the figures, field by field from zero in their order (as adding them one by one would)."""
    return _sum(map(_figures_values, figures))


def _sum(rows: Iterable[_FigureValues]) -> Figures:
    """Figures whose fields are the sums of the rows' values (each row the values of Figures' fields, in order)."""
    columns = zip(*rows, strict=True)
    return Figures(*(sum(column, start) for column, start in zip(columns, _FIGURES_ZERO, strict=False)))


@dataclass(frozen=True)
class Row:
    """One group in one year: a committee, or (grouped by correction) one correction and its committee."""

    committee: Committee
    correction: Correction | None
    year: int
    figures: Figures


@dataclass(frozen=True)
class Summary:
    """The report behind `summary`: rows sorted by group then year, totals per year, and notes."""

    group_by: GroupBy
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    totals: tuple[Figures, ...]  # one per year, in the order of `years`
    price_levels: tuple[int, ...]  # the price levels of the corrections summed; more than one: not comparable
    notes: tuple[str, ...]
    conversion: Conversion | None = None  # how the amounts were brought to one price level
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # committee → its corrections' numbers
    member_years: dict[str, tuple[int, ...]] = field(default_factory=dict)  # nr → its years
    preliminary: frozenset[str] = frozenset()  # the numbers of the foreløbige corrections summed
    unknown: dict[str, tuple[int, ...]] = field(default_factory=dict)  # nr → the years its netto is `ukendt`
    split: tuple[str, ...] = ()  # the numbers of the delvist corrections with a split (netto_indenfor), in order

    def includes_preliminary(self, row: Row) -> bool:
        """Whether the row's figures include a foreløbig correction's (not final) figures."""
        if row.correction is not None:
            return row.correction.number in self.preliminary
        return any(
            number in self.preliminary and row.year in self.member_years.get(number, ())
            for number in self.members.get(row.committee.name, ())
        )

    def level_of(self, row: Row) -> str:
        """The price level of a row's figures: `2027`, or `blandet` when it adds unconverted amounts."""
        if self.conversion is None:
            return str(self.price_levels[0]) if len(self.price_levels) == 1 else "blandet"
        if row.correction is not None:
            return str(self.conversion.level_of(row.correction.number))
        unconverted = {number for number, _, _ in self.conversion.unconverted}
        members = [
            entry_number
            for entry_number in self.members.get(row.committee.name, ())
            if entry_number in unconverted and row.year in self.member_years.get(entry_number, ())
        ]
        return "blandet" if members else str(self.conversion.target)

    @property
    def unit(self) -> str:
        if len(self.price_levels) == 1:
            return _("mio. kr., {level}-priser").format(level=self.price_levels[0])
        return _("mio. kr., blandede prisniveauer") if self.price_levels else _("mio. kr.")

    def groups(self) -> list[tuple[Committee, Correction | None, dict[int, Figures]]]:
        """The rows regrouped: each group once, with its figures by year (years it lacks are absent)."""
        grouped: dict[tuple[str, str], tuple[Committee, Correction | None, dict[int, Figures]]] = {}
        for row in self.rows:
            key = (row.committee.name, row.correction.number if row.correction else "")
            grouped.setdefault(key, (row.committee, row.correction, {}))[2][row.year] = row.figures
        return list(grouped.values())


def period(entries: Iterable[Entry]) -> tuple[int, ...]:
    """Every year that any of the corrections covers, in order."""
    # the years of udgifter, which are a correction's years (`Correction.years` sorts them for each one)
    return tuple(sorted({year for entry in entries for year in entry.correction.expenditure}))


def select(
    entries: Iterable[Entry],
    statuses: Iterable[Status] = DEFAULT_STATUSES,
    committee: Committee | None = None,
) -> list[Entry]:
    """The corrections with one of the statuses and, if given, of the committee."""
    wanted = set(statuses)
    return [
        entry
        for entry in entries
        if entry.correction.status in wanted and (committee is None or entry.committee == committee)
    ]


def no_conversion(entries: Sequence[Entry]) -> Conversion:
    """Without rates: everything stays as written, and what differs from the common price level is named."""
    return convert(entries, {}, common_level(entries) or 0)


def summarize(
    entries: Sequence[Entry],
    committees: Sequence[Committee],
    group_by: GroupBy = "udvalg",
    years: Sequence[int] | None = None,
    conversion: Conversion | None = None,
) -> Summary:
    """Sum the corrections per group and year, converted to one price level where the rates allow.

    Committees keep the order of data/udvalg.yaml.
    """
    conversion = conversion if conversion is not None else no_conversion(entries)
    chosen = tuple(years) if years is not None else period(entries)
    order = {committee.name: index for index, committee in enumerate(committees)}
    ordered = sorted(entries, key=lambda e: (order.get(e.committee.name, len(order)), e.correction.number))
    rows: list[Row] = []
    if group_by == "korrektion":
        for entry in ordered:
            factor = conversion.factor_of(entry.correction.number)
            rows.extend(
                Row(entry.committee, entry.correction, year, Figures.of(entry.correction, year, factor))
                for year in chosen
                if year in entry.correction.expenditure
            )
    else:
        by_committee: dict[str, list[Entry]] = {}
        for entry in ordered:
            by_committee.setdefault(entry.committee.name, []).append(entry)
        for members in by_committee.values():
            for year in chosen:
                present = [
                    _figures_of(e.correction, year, conversion.factor_of(e.correction.number))
                    for e in members
                    if year in e.correction.expenditure
                ]
                if present:
                    rows.append(Row(members[0].committee, None, year, _sum(present)))
    totals = tuple(total(row.figures for row in rows if row.year == year) for year in chosen)
    levels = conversion.levels if entries else ()
    numbers: dict[str, list[str]] = {}
    for entry in ordered:
        numbers.setdefault(entry.committee.name, []).append(entry.correction.number)
    return Summary(
        group_by,
        chosen,
        tuple(rows),
        totals,
        levels,
        conversion.notes(_("{file} i datamappen").format(file=PRICES_FILE)),
        conversion,
        {name: tuple(members) for name, members in numbers.items()},
        {entry.correction.number: entry.correction.years for entry in ordered},
        frozenset(entry.correction.number for entry in ordered if entry.correction.preliminary),
        unknown_of(ordered, chosen),
        split_numbers(ordered),
    )


def split_numbers(entries: Iterable[Entry]) -> tuple[str, ...]:
    """The numbers of the corrections partly inside the service frame that give the split (netto_indenfor)."""
    return tuple(
        entry.correction.number
        for entry in entries
        if entry.correction.service_frame == "delvist" and entry.correction.net_inside is not None
    )


def unknown_of(entries: Iterable[Entry], years: Sequence[int]) -> dict[str, tuple[int, ...]]:
    """nr → the years (of `years`) in which the correction's netto is `ukendt`, in the entries' order."""
    found: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        if entry.correction.unknown:
            unknown = tuple(year for year in years if entry.correction.net_unknown(year))
            if unknown:
                found[entry.correction.number] = unknown
    return found


@dataclass(frozen=True)
class FinancingYear:
    """How the selected corrections are paid for in one year, mio. kr.; each amount converted and rounded as the
    summary's (docs/commands.md, "`summary [YEAR]`: totals per committee"). Offsets keep the form's sign: -2.000
    from anlæg reduces anlæg."""

    year: int
    net: Decimal = ZERO  # the corrections' netto: what drift changes by before any offset (gross)
    from_operating: Decimal = ZERO  # kilde drift: another operating line or a pool (pulje) changes by this
    from_capital: Decimal = ZERO  # kilde anlæg
    from_income: Decimal = ZERO  # kilde indtægter
    frame_gross: Decimal = ZERO  # netto of the corrections inside the service frame (ja)
    frame_offsets: Decimal = ZERO  # the drift offsets of those corrections: a pool inside the frame
    unknown: tuple[str, ...] = ()  # the numbers whose netto this year is `ukendt`: every figure here lacks them
    frame_unknown: tuple[str, ...] = ()  # those of them inside the service frame

    @property
    def from_cash(self) -> Decimal:
        """What the listed offsets do not cover: paid from the cash balance (positive: cash used)."""
        return self.net + self.from_operating + self.from_capital + self.from_income

    @property
    def operating_net(self) -> Decimal:
        """Drift after the omplaceringer: the corrections' netto plus the drift offsets."""
        return self.net + self.from_operating

    @property
    def frame_net(self) -> Decimal:
        return self.frame_gross + self.frame_offsets

    def __add__(self, other: FinancingYear) -> FinancingYear:
        return FinancingYear(
            self.year,
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(FinancingYear) if f.name != "year"),
        )


def financing(entries: Sequence[Entry], years: Sequence[int], conversion: Conversion) -> tuple[FinancingYear, ...]:
    """Per year: the corrections' netto (gross), what is financed from where, and the net effect on drift, the
    cash balance and the service frame. Of a correction partly inside the frame (delvist), the frame rows hold the
    inside part of its netto when it gives the split (netto_indenfor), and nothing when it does not."""
    result = []
    for year in years:
        # The sums of FinancingYear's fields, added in the order of the entries.
        net_total = drift_total = capital_total = income_total = frame_gross = frame_offsets = ZERO
        unknown: list[str] = []
        frame_unknown: list[str] = []
        for entry in entries:
            correction = entry.correction
            factor = conversion.factor_of(correction.number)
            net = _net(correction, year, factor) if year in correction.expenditure else ZERO
            offsets = {"drift": ZERO, "anlæg": ZERO, "indtægter": ZERO}
            for item in correction.financing:
                if item.source in offsets:
                    offsets[item.source] += at_level((item.amounts or {}).get(year, ZERO), factor)
            net_total += net
            drift_total += offsets["drift"]
            capital_total += offsets["anlæg"]
            income_total += offsets["indtægter"]
            if correction.service_frame == "ja":
                frame_gross += net
                frame_offsets += offsets["drift"]
            elif year in correction.expenditure:
                # a split delvist: its inside part; where its drift offsets land in the frame the form does not say
                frame_gross += _inside(correction, year, factor, net) or ZERO
            if correction.unknown and correction.net_unknown(year):
                unknown.append(correction.number)
                if correction.service_frame == "ja":
                    frame_unknown.append(correction.number)
        result.append(
            FinancingYear(
                year,
                net_total,
                drift_total,
                capital_total,
                income_total,
                frame_gross,
                frame_offsets,
                tuple(unknown),
                tuple(frame_unknown),
            )
        )
    return tuple(result)

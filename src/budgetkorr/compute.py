"""Summing corrections: per committee or per correction, per year, exactly. Pure functions, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Literal

from budgetkorr.load import Entry
from budgetkorr.models import Committee, Correction, Status

ZERO = Decimal(0)
GroupBy = Literal["udvalg", "korrektion"]
DEFAULT_STATUSES: frozenset[Status] = frozenset({"forslag", "godkendt"})


@dataclass(frozen=True)
class Figures:
    """The figures of one correction or a group of them in one year. Amounts in mio. kr., exact."""

    count: int = 0
    expenditure: Decimal = ZERO
    income: Decimal = ZERO
    net: Decimal = ZERO
    net_inside: Decimal = ZERO  # netto of corrections inside the service frame (ja)
    net_outside: Decimal = ZERO  # nej
    net_partly: Decimal = ZERO  # delvist: partly inside; the form does not say how much
    positions: Decimal = ZERO
    one_off: Decimal = ZERO

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))

    @staticmethod
    def of(correction: Correction, year: int) -> Figures:
        net = correction.net_in(year)
        frame = correction.service_frame
        return Figures(
            count=1,
            expenditure=correction.expenditure.get(year, ZERO),
            income=correction.income_in(year),
            net=net,
            net_inside=net if frame == "ja" else ZERO,
            net_outside=net if frame == "nej" else ZERO,
            net_partly=net if frame == "delvist" else ZERO,
            positions=correction.positions_in(year),
            one_off=correction.one_off_in(year),
        )


def total(figures: Iterable[Figures]) -> Figures:
    result = Figures()
    for item in figures:
        result = result + item
    return result


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

    @property
    def unit(self) -> str:
        if len(self.price_levels) == 1:
            return f"mio. kr., {self.price_levels[0]}-priser"
        return "mio. kr., blandede prisniveauer" if self.price_levels else "mio. kr."

    def groups(self) -> list[tuple[Committee, Correction | None, dict[int, Figures]]]:
        """The rows regrouped: each group once, with its figures by year (years it lacks are absent)."""
        grouped: dict[tuple[str, str], tuple[Committee, Correction | None, dict[int, Figures]]] = {}
        for row in self.rows:
            key = (row.committee.name, row.correction.number if row.correction else "")
            grouped.setdefault(key, (row.committee, row.correction, {}))[2][row.year] = row.figures
        return list(grouped.values())


def period(entries: Iterable[Entry]) -> tuple[int, ...]:
    """Every year that any of the corrections covers, in order."""
    return tuple(sorted({year for entry in entries for year in entry.correction.years}))


def select(
    entries: Iterable[Entry],
    statuses: Iterable[Status] = DEFAULT_STATUSES,
    committee: Committee | None = None,
    numbers: Iterable[str] | None = None,
) -> list[Entry]:
    """The corrections with one of the statuses, of the committee (if given), with the numbers (if given)."""
    wanted = set(statuses)
    only = {n.upper() for n in numbers} if numbers is not None else None
    return [
        entry
        for entry in entries
        if entry.correction.status in wanted
        and (committee is None or entry.committee == committee)
        and (only is None or entry.correction.number in only)
    ]


def summarize(
    entries: Sequence[Entry],
    committees: Sequence[Committee],
    group_by: GroupBy = "udvalg",
    years: Sequence[int] | None = None,
) -> Summary:
    """Sum the corrections per group and year. Committees keep the order of data/udvalg.yaml."""
    chosen = tuple(years) if years is not None else period(entries)
    order = {committee.name: index for index, committee in enumerate(committees)}
    ordered = sorted(entries, key=lambda e: (order.get(e.committee.name, len(order)), e.correction.number))
    rows: list[Row] = []
    if group_by == "korrektion":
        for entry in ordered:
            rows.extend(
                Row(entry.committee, entry.correction, year, Figures.of(entry.correction, year))
                for year in chosen
                if year in entry.correction.expenditure
            )
    else:
        by_committee: dict[str, list[Entry]] = {}
        for entry in ordered:
            by_committee.setdefault(entry.committee.name, []).append(entry)
        for members in by_committee.values():
            for year in chosen:
                present = [Figures.of(e.correction, year) for e in members if year in e.correction.expenditure]
                if present:
                    rows.append(Row(members[0].committee, None, year, total(present)))
    totals = tuple(total(row.figures for row in rows if row.year == year) for year in chosen)
    levels = tuple(sorted({entry.correction.price_level for entry in entries}))
    return Summary(group_by, chosen, tuple(rows), totals, levels, price_level_notes(entries))


def price_level_notes(entries: Sequence[Entry]) -> tuple[str, ...]:
    """Name the corrections whose price level differs from the rest: their amounts are not comparable."""
    levels = Counter(entry.correction.price_level for entry in entries)
    if len(levels) <= 1:
        return ()
    common = max(levels, key=lambda level: (levels[level], level))
    others = sorted(
        (entry.correction.number, entry.correction.price_level)
        for entry in entries
        if entry.correction.price_level != common
    )
    listed = ", ".join(f"{number} ({level}-priser)" for number, level in others)
    return (
        f"Price levels differ: {listed}; the rest are in {common}-priser. "
        "The totals add the amounts as written, without price conversion.",
    )

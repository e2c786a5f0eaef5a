"""Price levels (prisniveau): converting amounts between years with the user's rates, exactly, never guessing.

An amount in 2025-priser becomes 2026-priser by multiplying with (1 + rate 2025→2026 / 100); over several years
the factors are chained. A rate the table lacks is never invented: the correction stays unconverted and is named.
Converting forward multiplies (exact); converting backward divides, computed to 50 significant digits.

The rounding rule (docs/prices.md, "The rounding rule"): a converted amount of one correction in one year
is rounded once to the form's precision, 0.001 mio. kr. = 1.000 kr., half up, by `at_level`; every total is the
sum of those rounded amounts, as a finance department's sheet rounds each cell. Amounts as written already have
at most three decimals, so rounding them changes nothing. Netto is udgifter + indtægter after rounding each, so
that a converted row still adds up. Every stage that converts an amount (compute, targets) does it here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from budgetkorr.core.diagnostics import InputError
from budgetkorr.core.entry import Entry
from budgetkorr.i18n import _
from budgetkorr.models import BudgetOverview, Correction

ONE = Decimal(1)
MONEY_STEP = Decimal("0.001")  # the form's precision: mio. kr. with three decimals = 1.000 kr.
# The largest factor a conversion may apply, either way: prices a thousand times higher or lower are not a price
# level (7 % a year for a century gives 868) but rates or a --prisniveau typed wrong. With amounts of at most
# 10^9 mio. kr. a converted amount stays within 10^12, so every sum of them is exact in Decimal's 28 digits.
MAX_FACTOR = Decimal(1000)


class FactorOutOfRange(InputError):
    """A conversion that would multiply amounts by more than MAX_FACTOR, or divide them by more."""


def at_level(amount: Decimal, by: Decimal = ONE) -> Decimal:
    """An amount brought to the price level by the factor `by`, rounded once to 1.000 kr. (half up)."""
    return (amount * by).quantize(MONEY_STEP, rounding=ROUND_HALF_UP)


def factor(rates: Mapping[int, Decimal], source: int, target: int) -> Decimal | None:
    """The factor from `source`-priser to `target`-priser, or None when a rate on the way is missing."""
    low, high = sorted((source, target))
    product = ONE
    for year in range(low, high):
        rate = rates.get(year)
        if rate is None:
            return None
        product *= ONE + rate / 100
    if not ONE / MAX_FACTOR <= product <= MAX_FACTOR:
        raise FactorOutOfRange(
            _(
                "omregning fra {source}-priser til {target}-priser ville gange beløbene med {factor}; mere end "
                "{limit} gange op eller ned er ikke et prisniveau: ret satserne i prisniveau.yaml eller vælg et "
                "prisniveau nærmere tallenes"
            ).format(
                source=source,
                target=target,
                factor=f"{(product if source <= target else ONE / product):.3g}",
                limit=MAX_FACTOR,
            )
        )
    if source <= target:
        return product
    with localcontext() as context:
        context.prec = 50
        return ONE / product


def steps(years: Sequence[int]) -> str:
    """The year-to-year steps whose rates are meant: `2025→2026, 2026→2027`; a run of more than three as its ends,
    `2026→2027 … 2199→2200`, so a price level far from the data gives one readable line."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts: list[str] = []
    for run in runs:
        if len(run) > 3:
            parts.append(f"{run[0]}→{run[0] + 1} … {run[-1]}→{run[-1] + 1}")
        else:
            parts += [f"{year}→{year + 1}" for year in run]
    return ", ".join(parts)


def missing_rates(rates: Mapping[int, Decimal], source: int, target: int) -> list[int]:
    """The years whose rate (to the next year) is needed between the two levels and not given."""
    low, high = sorted((source, target))
    return [year for year in range(low, high) if year not in rates]


@dataclass(frozen=True)
class Converted:
    """One correction shown in another price level than it is written in: from `source`- to `target`-priser by
    `factor` (each amount times the factor, rounded once by `at_level`)."""

    source: int
    target: int
    factor: Decimal

    def amount(self, value: Decimal) -> Decimal:
        return at_level(value, self.factor)

    def net(self, correction: Correction, year: int) -> Decimal:
        """Netto converted as the totals have it: udgifter and indtægter each converted and rounded, then added."""
        return self.amount(correction.expenditure.get(year, Decimal(0))) + self.amount(correction.income_in(year))


@dataclass(frozen=True)
class Conversion:
    """How each correction is brought to one price level: its factor, or left as written when a rate is missing."""

    target: int
    factors: Mapping[str, Decimal]  # nr → factor, for the corrections that are converted (factor 1 included)
    unconverted: tuple[tuple[str, int, tuple[int, ...]], ...]  # (nr, its price level, the years lacking a rate)
    sources: Mapping[str, int] = field(default_factory=dict)  # nr → the price level it is written in
    rates: Mapping[int, Decimal] = field(default_factory=dict)  # the rates table the factors come from

    def factor_of(self, number: str) -> Decimal:
        return self.factors.get(number, ONE)

    def of(self, number: str) -> Converted | None:
        """How the correction is converted, or None when it is shown as written (its own level, or unconverted)."""
        source = self.sources.get(number, self.target)
        if number not in self.factors or source == self.target:
            return None
        return Converted(source, self.target, self.factors[number])

    def level_of(self, number: str) -> int:
        """The price level of the correction's figures after conversion: the target, or its own if unconverted."""
        return self.target if number in self.factors else self.sources.get(number, self.target)

    def converted(self) -> list[tuple[int, tuple[str, ...], tuple[tuple[int, Decimal], ...], Decimal]]:
        """Per source level that differs from the target: its corrections, the rates used (year, %), the factor."""
        by_level: dict[int, list[str]] = {}
        for number in sorted(self.factors):
            level = self.sources.get(number, self.target)
            if level != self.target:
                by_level.setdefault(level, []).append(number)
        result = []
        for level, numbers in sorted(by_level.items()):
            low, high = sorted((level, self.target))
            used = tuple((year, self.rates[year]) for year in range(low, high))
            result.append((level, tuple(numbers), used, self.factors[numbers[0]]))
        return result

    @property
    def levels(self) -> tuple[int, ...]:
        """The price levels of the amounts after conversion: one, unless some could not be converted."""
        return tuple(sorted({self.target, *(level for _, level, _ in self.unconverted)}))

    def notes(self, rates_file: str) -> tuple[str, ...]:
        if not self.unconverted:
            return ()
        groups: dict[tuple[int, tuple[int, ...]], list[str]] = {}
        for number, level, years in self.unconverted:
            groups.setdefault((level, years), []).append(number)
        listed = "; ".join(
            _("{numbers} ({level}-priser; ingen sats for {steps})").format(
                numbers=", ".join(numbers), level=level, steps=steps(years)
            )
            for (level, years), numbers in sorted(groups.items())
        )
        return (
            _(
                "Ikke omregnet til {target}-priser: {listed}. Beløbene er lagt til som skrevet; "
                "tilføj de manglende satser i {file} for at omregne dem."
            ).format(target=self.target, listed=listed, file=rates_file),
        )


def convert(entries: Sequence[Entry], rates: Mapping[int, Decimal], target: int) -> Conversion:
    factors: dict[str, Decimal] = {}
    unconverted: list[tuple[str, int, tuple[int, ...]]] = []
    sources = {entry.correction.number: entry.correction.price_level for entry in entries}
    by_level: dict[int, Decimal | None] = {}  # thousands of corrections are in a handful of price levels
    for entry in entries:
        level = entry.correction.price_level
        if level not in by_level:
            by_level[level] = factor(rates, level, target)
        found = by_level[level]
        if found is None:
            unconverted.append((entry.correction.number, level, tuple(missing_rates(rates, level, target))))
        else:
            factors[entry.correction.number] = found
    return Conversion(target, factors, tuple(sorted(unconverted)), sources, dict(rates))


def common_level(entries: Sequence[Entry]) -> int | None:
    """The price level most corrections are in (the later year on a tie): the default without a budget file."""
    counts: dict[int, int] = {}
    for entry in entries:
        counts[entry.correction.price_level] = counts.get(entry.correction.price_level, 0) + 1
    return max(counts, key=lambda level: (counts[level], level)) if counts else None


def scale_budget(budget: BudgetOverview, by: Decimal) -> BudgetOverview:
    """The overview with every amount times `by` (its price conversion), each rounded once as `at_level` does."""
    rows = {
        name: {year: at_level(amount, by) for year, amount in getattr(budget, name).items()}
        for name in BudgetOverview.model_fields
        if isinstance(getattr(budget, name), dict)
    }
    return budget.model_copy(update=rows)

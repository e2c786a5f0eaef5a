"""The economic targets (økonomiske målsætninger): the four rules, before and after the corrections. Pure.

What a correction changes (docs/targets.md, "What a correction changes"): driftsudgifter by its netto; a `finansiering`
of kilde drift, anlæg or indtægter changes that row by its beløb; kassen changes nothing elsewhere. The cash effect
of a year is −(Δdriftsudgifter + Δanlæg + Δindtægter); the average cash balance of a year changes by the cash
effects of the budget period up to and including that year: a full-year approximation (an effect counts from
1 January), conservative in the sense that the whole year's effect is felt at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetkorr.core import numbers  # the Danish number format of the tables, for the warnings' figures
from budgetkorr.core.entry import Entry
from budgetkorr.core.period import decide_period
from budgetkorr.core.prices import Conversion, at_level, convert, factor, missing_rates, scale_budget, steps
from budgetkorr.i18n import N_, _
from budgetkorr.models import BudgetOverview, Correction, TargetId, TargetSetting, year_span

ZERO = Decimal(0)
MOVERS = 3  # how many corrections are named as having moved a target most

CASH_NOTE = N_(
    "Kassebeholdning: en korrektions virkning på kassen tæller fuldt ud fra 1. januar hvert år og lægges sammen "
    "over budgetperioden (en helårstilnærmelse af gennemsnittet over 365 dage)."
)


@dataclass(frozen=True)
class Effect:
    """What one correction (or all) changes in the overview in one year, mio. kr., in the budget's price level."""

    operating: Decimal = ZERO
    capital: Decimal = ZERO
    income: Decimal = ZERO

    def __add__(self, other: Effect) -> Effect:
        return Effect(self.operating + other.operating, self.capital + other.capital, self.income + other.income)

    @property
    def cash(self) -> Decimal:
        """Positive: the cash balance grows."""
        return -(self.operating + self.capital + self.income)


def effect_of(correction: Correction, year: int, factor: Decimal) -> Effect:
    """What one correction changes in a year, each converted amount rounded once as the summary rounds it."""
    operating = at_level(correction.expenditure.get(year, ZERO), factor) + at_level(correction.income_in(year), factor)
    capital = income = ZERO
    for financing in correction.financing:
        amount = at_level((financing.amounts or {}).get(year, ZERO), factor)
        if financing.source == "drift":
            operating += amount
        elif financing.source == "anlæg":
            capital += amount
        elif financing.source == "indtægter":
            income += amount
    return Effect(operating, capital, income)


@dataclass(frozen=True)
class Rule:
    """How a target is computed: its value in a year, which way it must point, and over what it is judged."""

    text: str
    at_least: bool  # True: value >= threshold; False: value <= threshold
    on_average: bool  # True: the average over the budget period decides; a year below is a warning
    value: Callable[[BudgetOverview, int], Decimal]  # the value before corrections
    effect: Callable[[Mapping[int, Effect], int], Decimal]  # the change a set of effects makes in a year
    cumulative: bool = False  # True: a year's effect is the sum of the effects up to and including that year


def _cumulative_cash(effects: Mapping[int, Effect], year: int) -> Decimal:
    return sum((effect.cash for y, effect in effects.items() if y <= year), ZERO)


RULES: dict[TargetId, Rule] = {
    "strukturel_balance": Rule(
        "indtægter + driftsudgifter + renter + anlæg + afdrag_ordinære_lån + afdrag_ældreboliglån <= tærskel",
        at_least=False,
        on_average=False,
        value=lambda b, y: (
            b.income[y] + b.operating[y] + b.interest[y] + b.capital[y] + b.repayment[y] + b.elderly_repayment[y]
        ),
        effect=lambda e, y: e[y].operating + e[y].capital + e[y].income,
    ),
    "anlæg": Rule(
        N_("anlæg, gennemsnit over budgetperioden >= tærskel (et år under er en advarsel)"),
        at_least=True,
        on_average=True,
        value=lambda b, y: b.capital[y],
        effect=lambda e, y: e[y].capital,
    ),
    "kassebeholdning": Rule(
        N_("kassebeholdning_gennemsnit >= tærskel, hvert år"),
        at_least=True,
        on_average=False,
        value=lambda b, y: b.average_cash[y],
        effect=_cumulative_cash,
        cumulative=True,
    ),
    "afdrag": Rule(
        N_("afdrag_ordinære_lån >= tærskel, hvert år"),
        at_least=True,
        on_average=False,
        value=lambda b, y: b.repayment[y],
        effect=lambda e, y: ZERO,  # no kind of financing touches the loans
    ),
}


@dataclass(frozen=True)
class Check:
    """One figure judged against the threshold: a year, or (year None) the average over the period."""

    year: int | None
    before: Decimal
    effect: Decimal
    threshold: Decimal
    at_least: bool

    @property
    def after(self) -> Decimal:
        return self.before + self.effect

    @property
    def margin(self) -> Decimal:
        """How far the value is on the right side of the threshold; negative: by how much it is missed."""
        return self.after - self.threshold if self.at_least else self.threshold - self.after

    @property
    def met(self) -> bool:
        return self.margin >= 0

    @property
    def tipped(self) -> bool:
        """Met before the corrections, not after: the corrections tip it."""
        before_margin = self.before - self.threshold if self.at_least else self.threshold - self.before
        return before_margin >= 0 > self.margin


@dataclass(frozen=True)
class Finding:
    """A warning about the check, with where to look: a key in a correction's file, or a row of the budget."""

    message: str
    entry: Entry | None = None
    key: str = ""  # in the correction's file, or (no entry) in the budget file
    short: str = ""  # a few words naming it, for the verdict line of --strict: `T103 foreløbig`


@dataclass(frozen=True)
class Mover:
    number: str
    effect: Decimal
    entry: Entry


@dataclass(frozen=True)
class TargetResult:
    setting: TargetSetting
    rule: Rule
    years: tuple[Check, ...]
    average: Check | None  # the deciding check of a target judged on average
    movers_by_check: Mapping[int | None, tuple[Mover, ...]]  # per deciding check (year; None: the average)
    warnings: tuple[Finding, ...]

    @property
    def deciding(self) -> tuple[Check, ...]:
        return (self.average,) if self.average is not None else self.years

    @property
    def met(self) -> bool:
        return all(check.met for check in self.deciding)

    @property
    def worst(self) -> Check:
        return min(self.deciding, key=lambda check: (check.margin, check.year or 0))

    def movers_of(self, check: Check) -> tuple[Mover, ...]:
        """The corrections that moved this figure most, largest first."""
        return self.movers_by_check.get(check.year, ())

    @property
    def movers(self) -> tuple[Mover, ...]:
        """The corrections that moved the deciding figure most: the worst year's, or the average's."""
        return self.movers_of(self.worst)


@dataclass(frozen=True)
class TargetReport:
    source: str
    price_level: int
    years: tuple[int, ...]
    results: tuple[TargetResult, ...]
    inactive: tuple[TargetSetting, ...]
    notes: tuple[str, ...]
    warnings: tuple[Finding, ...]  # about the input (foreløbig, unconverted price levels): --strict fails on these
    conversion: Conversion | None = None  # how the corrections were brought to the budget's price level

    def passes(self, strict: bool) -> bool:
        """The verdict the exit code gives: every target met and, with --strict, no warning about the input.
        (A target's own advice, a year of anlæg below the threshold, never fails it.)"""
        return self.met and not (strict and self.warnings)

    @property
    def all_warnings(self) -> tuple[Finding, ...]:
        """The input's warnings, then the targets' own (a year of anlæg below the threshold: advice only)."""
        return (*self.warnings, *(warning for result in self.results for warning in result.warnings))

    @property
    def met(self) -> bool:
        return all(result.met for result in self.results)


def _effects(entries: Iterable[Entry], years: Sequence[int], conversion: Conversion) -> dict[str, dict[int, Effect]]:
    """Each correction's effect on the overview, year by year (nr → year → effect)."""
    return {
        entry.correction.number: {
            year: effect_of(entry.correction, year, conversion.factor_of(entry.correction.number)) for year in years
        }
        for entry in entries
    }


def _total(alone: Mapping[str, Mapping[int, Effect]], years: Sequence[int]) -> dict[int, Effect]:
    """Per year, the sum of the corrections' effects (each field summed from zero in the corrections' order)."""
    total = {}
    for year in years:
        column = [effects[year] for effects in alone.values()]
        total[year] = Effect(
            sum((effect.operating for effect in column), ZERO),
            sum((effect.capital for effect in column), ZERO),
            sum((effect.income for effect in column), ZERO),
        )
    return total


def _average(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO) / len(values)


def evaluate_target(
    setting: TargetSetting,
    budget: BudgetOverview,
    entries: Sequence[Entry],
    alone: Mapping[str, Mapping[int, Effect]],
    effects: Mapping[int, Effect] | None = None,
) -> TargetResult:
    """One target before and after the corrections, whose effects (`alone`, per correction; `effects`, their sum
    per year, summed here when not given) are given."""
    rule = RULES[setting.id]
    years = budget.years
    if effects is None:
        effects = _total(alone, years)
    checks = tuple(
        Check(year, rule.value(budget, year), rule.effect(effects, year), setting.threshold, rule.at_least)
        for year in years
    )
    average: Check | None = None
    warnings: list[Finding] = []
    if rule.on_average:
        average = Check(
            None,
            _average([check.before for check in checks]),
            _average([check.effect for check in checks]),
            setting.threshold,
            rule.at_least,
        )
        warnings = [
            Finding(
                _("{name} {year}: {value} er under tærsklen {threshold} (gennemsnittet afgør)").format(
                    name=setting.name,
                    year=check.year,
                    value=numbers.danish_money(check.after),
                    threshold=numbers.danish_money(setting.threshold),
                ),
                key="anlæg",
            )
            for check in checks
            if not check.met
        ]
    deciding = (average,) if average is not None else checks
    movers = {check.year: _movers(rule, check, entries, alone, years) for check in deciding}
    return TargetResult(setting, rule, checks, average, movers, tuple(warnings))


def _movers(
    rule: Rule,
    check: Check,
    entries: Sequence[Entry],
    alone: Mapping[str, Mapping[int, Effect]],
    years: Sequence[int],
) -> tuple[Mover, ...]:
    """The corrections with the largest effect on one checked figure (a year's value, or the average)."""
    found: list[tuple[Decimal, Entry]] = []
    for entry in entries:
        effects = alone[entry.correction.number]
        if check.year is None:
            effect = _average([rule.effect(effects, year) for year in years])
        else:
            effect = rule.effect(effects, check.year)
        if effect != 0:
            found.append((effect, entry))
    # The first few of the sorted order, without sorting thousands (nsmallest is sorted(...)[:n], ties included).
    first = heapq.nsmallest(MOVERS, found, key=lambda item: (-abs(item[0]), item[1].correction.number))
    return tuple(Mover(entry.correction.number, effect, entry) for effect, entry in first)


def evaluate(
    budget: BudgetOverview,
    settings: Sequence[TargetSetting],
    entries: Sequence[Entry],
    conversion: Conversion,
) -> TargetReport:
    """Check every active target against the overview after the selected corrections."""
    alone = _effects(entries, budget.years, conversion)  # once, for every target
    effects = _total(alone, budget.years)
    results = tuple(evaluate_target(s, budget, entries, alone, effects) for s in settings if s.active)
    inactive = tuple(s for s in settings if not s.active)
    outside = sorted({entry.correction.number for entry in entries if set(entry.correction.years) - set(budget.years)})
    notes = [_(CASH_NOTE)]
    if outside:
        notes.append(
            _("År uden for budgettets {span} tæller ikke med: {numbers}").format(
                span=year_span(budget.years), numbers=", ".join(outside)
            )
        )
    notes += [_("Ikke tjekket (aktiv: false): {name}").format(name=s.name) for s in inactive]
    by_number = {entry.correction.number: entry for entry in entries}
    warnings = [
        *(
            Finding(
                _(
                    "{number} er i {level}-priser og ikke omregnet til {target}-priser: prisniveau.yaml har ingen "
                    "sats for {steps}; beløbene tæller som skrevet"
                ).format(number=number, level=level, target=conversion.target, steps=steps(years)),
                by_number[number],
                "prisniveau",
                _("{number} ikke omregnet").format(number=number),
            )
            for number, level, years in conversion.unconverted
        ),
        *(
            Finding(
                _("{number} er foreløbig: tallene er ikke endelige").format(number=entry.correction.number),
                entry,
                "foreløbig",
                _("{number} foreløbig").format(number=entry.correction.number),
            )
            for entry in entries
            if entry.correction.preliminary
        ),
    ]
    return TargetReport(
        budget.source, conversion.target, budget.years, results, inactive, tuple(notes), tuple(warnings), conversion
    )


class NotCheckable(ValueError):
    """The targets can not be checked as asked; the message says why, in the user's words."""


class MissingRate(NotCheckable):
    """The budget can not be brought to the asked price level: a rate is missing. The message says which."""


class PeriodMismatch(NotCheckable):
    """A correction has amounts outside budget.yaml's period: the targets are not judged against a budget the
    corrections do not fit (`period.decide_period`)."""


def check_targets(
    budget: BudgetOverview,
    settings: Sequence[TargetSetting],
    entries: Sequence[Entry],
    rates: Mapping[int, Decimal],
    level: int | None = None,
) -> TargetReport:
    """Bring the budget and the corrections to one price level (the budget's by default), then check the targets.

    Corrections with a year outside the budget's period are refused (`PeriodMismatch`), never left out; a figure
    still `ukendt` (`NotCheckable`) is never judged."""
    period = decide_period(budget.years, entries)
    if not period.fits:
        raise PeriodMismatch(f"budget.yaml: {period.mismatch()}")
    thresholds = [f"{setting.id}.tærskel" for setting in settings if setting.active and setting.unknown]
    unknown = [*budget.unknown, *thresholds]
    if unknown:
        message = _("{names} er stadig ukendt; udfyld budget.yaml og targets.yaml, før målene tjekkes")
        raise NotCheckable(message.format(names=", ".join(unknown)))
    target = level if level is not None else budget.price_level
    budget_factor = factor(rates, budget.price_level, target)
    if budget_factor is None:
        missing = steps(missing_rates(rates, budget.price_level, target))
        raise MissingRate(
            _("budgettet er i {level}-priser, og prisniveau.yaml har ingen sats for {missing}").format(
                level=budget.price_level, missing=missing
            )
        )
    return evaluate(scale_budget(budget, budget_factor), settings, entries, convert(entries, rates, target))

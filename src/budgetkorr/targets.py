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
from decimal import ROUND_FLOOR, Decimal

from budgetkorr.core import numbers  # the Danish number format of the tables, for the warnings' figures
from budgetkorr.core.entry import Entry
from budgetkorr.core.period import decide_period
from budgetkorr.core.prices import Conversion, at_level, convert, factor, missing_rates, scale_budget, steps
from budgetkorr.i18n import N_, _
from budgetkorr.models import BUDGET_LINES, BudgetOverview, Correction, TargetId, TargetSetting, year_span

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
class Quantity:
    """A figure of the overview a target judges: its value before the corrections in a year, and the change a set
    of corrections' effects makes in it. `row` is the budget.yaml line a finding about it points at."""

    formula: str  # how it is computed from budget.yaml's lines, as docs/targets.md gives it
    value: Callable[[BudgetOverview, int], Decimal]
    effect: Callable[[Mapping[int, Effect], int], Decimal]
    row: str
    cumulative: bool = False  # True: a year's effect is the sum of the effects up to and including that year


def _cumulative_cash(effects: Mapping[int, Effect], year: int) -> Decimal:
    return sum((effect.cash for y, effect in effects.items() if y <= year), ZERO)


def _line(name: str, effect: Callable[[Mapping[int, Effect], int], Decimal], cumulative: bool = False) -> Quantity:
    """A line of budget.yaml as it stands, and what the corrections change in it."""
    return Quantity(name, lambda b, y: b.row(name)[y], effect, name, cumulative)


def _unchanged(effects: Mapping[int, Effect], year: int) -> Decimal:
    return ZERO  # no correction and no kind of financing touches this line


# The lines whose sum is the year's cash flow (every line but the balance itself).
BUDGET_FLOWS = tuple(name for name in BUDGET_LINES if name != "kassebeholdning_gennemsnit")

# Every figure an own rule may name (størrelse), and the built-in rules' figures. The derived figures are
# surplus-positive where they are a result (resultat: + is overskud), as the municipality's targets speak of them;
# kasseforbrug is positive when the cash balance falls. docs/targets.md lists the same formulas.
QUANTITIES: dict[str, Quantity] = {
    "indtægter": _line("indtægter", lambda e, y: e[y].income),
    "driftsudgifter": _line("driftsudgifter", lambda e, y: e[y].operating),
    "renter": _line("renter", _unchanged),
    "anlæg": _line("anlæg", lambda e, y: e[y].capital),
    "låneoptagelse": _line("låneoptagelse", _unchanged),
    "afdrag_ordinære_lån": _line("afdrag_ordinære_lån", _unchanged),
    "afdrag_ældreboliglån": _line("afdrag_ældreboliglån", _unchanged),
    "øvrige_finansforskydninger": _line("øvrige_finansforskydninger", _unchanged),
    "kassebeholdning_gennemsnit": _line("kassebeholdning_gennemsnit", _cumulative_cash, cumulative=True),
    "resultat_af_ordinær_drift": Quantity(
        "-(indtægter + driftsudgifter + renter)",
        lambda b, y: -(b.income[y] + b.operating[y] + b.interest[y]),
        lambda e, y: -(e[y].operating + e[y].income),
        "driftsudgifter",
    ),
    "resultat_af_det_skattefinansierede_område": Quantity(
        "-(indtægter + driftsudgifter + renter + anlæg)",
        lambda b, y: -(b.income[y] + b.operating[y] + b.interest[y] + b.capital[y]),
        lambda e, y: -(e[y].operating + e[y].income + e[y].capital),
        "driftsudgifter",
    ),
    "kasseforbrug": Quantity(
        "indtægter + driftsudgifter + renter + anlæg + låneoptagelse + afdrag_ordinære_lån + afdrag_ældreboliglån "
        "+ øvrige_finansforskydninger",
        lambda b, y: sum((b.row(name)[y] for name in BUDGET_FLOWS), ZERO),
        lambda e, y: -e[y].cash,
        "driftsudgifter",
    ),
}

STRUCTURAL_BALANCE = Quantity(
    "indtægter + driftsudgifter + renter + anlæg + afdrag_ordinære_lån + afdrag_ældreboliglån",
    lambda b, y: b.income[y] + b.operating[y] + b.interest[y] + b.capital[y] + b.repayment[y] + b.elderly_repayment[y],
    lambda e, y: e[y].operating + e[y].capital + e[y].income,
    "driftsudgifter",
)


@dataclass(frozen=True)
class Rule:
    """How a target is computed: the figure it judges, which way it must point, and over what it is judged."""

    text: str
    at_least: bool  # True: value >= threshold; False: value <= threshold
    on_average: bool  # True: the average over the budget period decides; a year on the wrong side is a warning
    quantity: Quantity

    @property
    def value(self) -> Callable[[BudgetOverview, int], Decimal]:
        """The value before corrections."""
        return self.quantity.value

    @property
    def effect(self) -> Callable[[Mapping[int, Effect], int], Decimal]:
        """The change a set of effects makes in a year."""
        return self.quantity.effect

    @property
    def cumulative(self) -> bool:
        return self.quantity.cumulative

    @property
    def row(self) -> str:
        return self.quantity.row


RULES: dict[TargetId, Rule] = {
    "strukturel_balance": Rule(
        f"{STRUCTURAL_BALANCE.formula} <= tærskel", at_least=False, on_average=False, quantity=STRUCTURAL_BALANCE
    ),
    "anlæg": Rule(
        N_("anlæg, gennemsnit over budgetperioden >= tærskel (et år under er en advarsel)"),
        at_least=True,
        on_average=True,
        quantity=QUANTITIES["anlæg"],
    ),
    "kassebeholdning": Rule(
        N_("kassebeholdning_gennemsnit >= tærskel, hvert år"),
        at_least=True,
        on_average=False,
        quantity=QUANTITIES["kassebeholdning_gennemsnit"],
    ),
    "afdrag": Rule(
        N_("afdrag_ordinære_lån >= tærskel, hvert år"),
        at_least=True,
        on_average=False,
        quantity=QUANTITIES["afdrag_ordinære_lån"],
    ),
}


def rule_of(setting: TargetSetting) -> Rule:
    """The rule a target is judged by: a built-in one (its id), or the municipality's own (størrelse, mindst or
    højst, opgørelse), which is judged by the same machinery."""
    if setting.id is not None:
        return RULES[setting.id]
    assert setting.quantity is not None  # the model guarantees a størrelse without an id
    quantity = QUANTITIES[setting.quantity]
    at_least = setting.at_least is not None
    on_average = setting.reckoning == "gennemsnit"
    name = setting.quantity if quantity.formula == setting.quantity else f"{setting.quantity} = {quantity.formula}"
    if on_average:
        text = (
            _("{name}, gennemsnit over budgetperioden >= tærskel (et år under er en advarsel)")
            if at_least
            else _("{name}, gennemsnit over budgetperioden <= tærskel (et år over er en advarsel)")
        )
    else:
        text = _("{name} >= tærskel, hvert år") if at_least else _("{name} <= tærskel, hvert år")
    return Rule(text.format(name=name), at_least, on_average, quantity)


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
class Headroom:
    """How much the amounts written `ukendt` in one year may add to the corrections' netto, together, before the
    target breaks (negative: they must take at least that much away for it to be met); and whose they are."""

    year: int
    amount: Decimal
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class TargetResult:
    setting: TargetSetting
    rule: Rule
    years: tuple[Check, ...]
    average: Check | None  # the deciding check of a target judged on average
    movers_by_check: Mapping[int | None, tuple[Mover, ...]]  # per deciding check (year; None: the average)
    warnings: tuple[Finding, ...]
    headroom: tuple[Headroom, ...] = ()  # one per year with an unknown amount that moves this target
    unknown_checks: frozenset[int | None] = frozenset()  # the deciding checks (year; None: average) it moves

    @property
    def deciding(self) -> tuple[Check, ...]:
        return (self.average,) if self.average is not None else self.years

    @property
    def undecided(self) -> bool:
        """An unknown amount moves this target: its verdict is `kan ikke afgøres`, never `opfyldt`."""
        return bool(self.headroom)

    @property
    def met(self) -> bool:
        return not self.headroom and all(check.met for check in self.deciding)

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

    @property
    def undecided(self) -> tuple[TargetResult, ...]:
        """The targets an unknown amount moves: they can not be decided."""
        return tuple(result for result in self.results if result.undecided)

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
    rule = rule_of(setting)
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
        below = (
            _("{name} {year}: {value} er under tærsklen {threshold} (gennemsnittet afgør)")
            if rule.at_least
            else _("{name} {year}: {value} er over tærsklen {threshold} (gennemsnittet afgør)")
        )
        warnings = [
            Finding(
                below.format(
                    name=setting.name,
                    year=check.year,
                    value=numbers.danish_money(check.after),
                    threshold=numbers.danish_money(setting.threshold),
                ),
                key=rule.row,
            )
            for check in checks
            if not check.met
        ]
    deciding = (average,) if average is not None else checks
    movers = {check.year: _movers(rule, check, entries, alone, years) for check in deciding}
    headroom, moved = _headroom(rule, deciding, entries, years)
    return TargetResult(setting, rule, checks, average, movers, tuple(warnings), headroom, moved)


def _headroom(
    rule: Rule, deciding: Sequence[Check], entries: Sequence[Entry], years: Sequence[int]
) -> tuple[tuple[Headroom, ...], frozenset[int | None]]:
    """For each year with a netto written `ukendt`, how much those amounts may add before a deciding check breaks.

    An unknown amount u in year y changes driftsudgifter by u; a deciding check then moves by u times its
    sensitivity to drift in y (1 for a year's balance, −1 for the cash balance of y and every later year, 1/n for
    an average over n years). The headroom is the smallest margin divided by how fast u eats it; a check that u
    does not move (anlæg, afdrag) gives none. One unknown may add exactly the headroom; several in one year share
    it (their sum)."""
    unknown: dict[int, list[str]] = {}
    for entry in entries:
        if entry.correction.unknown:
            for year in years:
                if entry.correction.net_unknown(year):
                    unknown.setdefault(year, []).append(entry.correction.number)
    found = []
    moved_checks: set[int | None] = set()
    for year, numbers_ in sorted(unknown.items()):
        unit = {y: Effect(operating=Decimal(1) if y == year else ZERO) for y in years}
        limits = []
        for check in deciding:
            if check.year is None:
                moved = _average([rule.effect(unit, y) for y in years])
            else:
                moved = rule.effect(unit, check.year)
            eats = moved if not check.at_least else -moved  # how much the margin shrinks per 1 mio. kr. added
            if moved:
                moved_checks.add(check.year)
            if eats > 0:
                limits.append((check.margin / eats).quantize(Decimal("0.001"), rounding=ROUND_FLOOR))
        if limits:
            found.append(Headroom(year, min(limits), tuple(numbers_)))
    return tuple(found), frozenset(moved_checks)


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

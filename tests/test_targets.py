"""The four rules, the effect of each kind of financing, and price conversion, on values built in the test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkorr.core.entry import Entry
from budgetkorr.core.prices import convert, factor, missing_rates
from budgetkorr.loader import validate_file
from budgetkorr.models import BudgetOverview, Committee, Correction, TargetList
from budgetkorr.targets import TargetReport, effect_of, evaluate
from budgetkorr.yamlread import YamlFile, parse_yaml
from tests.conftest import BUDGET, TARGETS, VALID, with_lines

D = Decimal


def _parse(text: str) -> YamlFile:
    source, problems = parse_yaml(Path("test.yaml"), text)
    assert source is not None, problems
    return source


def _budget(**rows: str) -> BudgetOverview:
    text = with_lines(BUDGET, **rows)
    budget, problems = validate_file(_parse(text), BudgetOverview, "the budget")
    assert budget is not None, problems
    return budget


def _correction(extra: str = "", **lines: str) -> Entry:
    source = _parse(with_lines(VALID, **lines) + extra)
    correction, problems = validate_file(source, Correction, "en korrektion")
    assert correction is not None, problems
    committee = Committee.model_validate({"navn": "Økonomiudvalget", "forkortelse": "ØK", "nummer": 1})
    return Entry(correction, committee, source)


def _targets() -> TargetList:
    targets, problems = validate_file(_parse(TARGETS), TargetList, "the targets")
    assert targets is not None, problems
    return targets


def _check(budget: BudgetOverview, *entries: Entry) -> TargetReport:
    return evaluate(budget, _targets().targets, list(entries), convert(list(entries), {}, budget.price_level))


def _met(report: TargetReport) -> dict[str, bool]:
    return {result.setting.key: result.met for result in report.results}


TWO_YEARS = "{2026: %s, 2027: %s}"


@pytest.mark.parametrize(
    ("drift", "met"),
    [("980.000", True), ("980.001", False), ("979.999", True)],  # balance 0 (at), +0.001 (over), -0.001
)
def test_structural_balance_at_and_around_its_threshold(drift: str, met: bool) -> None:
    report = _check(_budget(driftsudgifter="driftsudgifter: " + TWO_YEARS % (drift, drift)))
    assert _met(report)["strukturel_balance"] is met


@pytest.mark.parametrize(("cash", "met"), [("175.000", True), ("174.999", False), ("175.001", True)])
def test_average_cash_at_and_around_its_threshold(cash: str, met: bool) -> None:
    report = _check(_budget(kassebeholdning_gennemsnit="kassebeholdning_gennemsnit: " + TWO_YEARS % (cash, "200")))
    assert _met(report)["kassebeholdning"] is met


@pytest.mark.parametrize(("repaid", "met"), [("10.000", True), ("9.999", False), ("10.001", True)])
def test_repayment_at_and_around_its_threshold(repaid: str, met: bool) -> None:
    report = _check(_budget(afdrag_ordinære_lån="afdrag_ordinære_lån: " + TWO_YEARS % ("20", repaid)))
    assert _met(report)["afdrag"] is met


def test_elderly_housing_repayment_does_not_count_for_the_repayment_target() -> None:
    report = _check(
        _budget(
            afdrag_ordinære_lån="afdrag_ordinære_lån: " + TWO_YEARS % ("9.999", "9.999"),
            afdrag_ældreboliglån="afdrag_ældreboliglån: " + TWO_YEARS % ("50", "50"),
        )
    )
    assert _met(report)["afdrag"] is False


@pytest.mark.parametrize(
    ("years", "met", "warned"),
    [
        (("100.000", "100.000"), True, 0),  # at the threshold
        (("100.000", "99.998"), False, 1),  # average 99.999: under
        (("95.000", "105.002"), True, 1),  # average 100.001 over, one year below: a warning, not a failure
    ],
)
def test_capital_is_judged_on_the_average_and_a_year_below_warns(
    years: tuple[str, str], met: bool, warned: int
) -> None:
    # anlæg is part of the structural balance too: lower driftsudgifter so that one does not get in the way
    report = _check(
        _budget(anlæg="anlæg: " + TWO_YEARS % years, driftsudgifter="driftsudgifter: " + TWO_YEARS % ("900", "900"))
    )
    result = next(r for r in report.results if r.setting.id == "anlæg")
    assert result.met is met
    assert result.average is not None
    assert result.average.after == (D(years[0]) + D(years[1])) / 2
    assert len(result.warnings) == warned


def test_each_kind_of_financing_changes_its_row_and_the_rest_is_paid_by_the_cash() -> None:
    entry = _correction(
        "finansiering:\n"
        "  - {kilde: drift, beløb: {2026: -0.400, 2027: -0.400, 2028: -0.400, 2029: -0.400}}\n"
        "  - {kilde: anlæg, reference: A108, beløb: {2026: -0.500, 2027: -0.500, 2028: -0.500, 2029: -0.500}}\n"
        "  - {kilde: indtægter, beløb: {2026: -0.300, 2027: -0.300, 2028: -0.300, 2029: -0.300}}\n"
        "  - {kilde: kassen, tekst: Resten af kassen.}\n"
    )
    effect = effect_of(entry.correction, 2026, D(1))
    assert (effect.operating, effect.capital, effect.income) == (D("1.600"), D("-0.500"), D("-0.300"))
    assert effect.cash == D("-0.800")  # 2.000 netto, of which 1.200 covered by the listed offsets
    report = _check(_budget(), entry)
    by_id = {result.setting.id: result for result in report.results}
    assert [check.effect for check in by_id["strukturel_balance"].years] == [D("0.800"), D("0.800")]
    assert [check.effect for check in by_id["anlæg"].years] == [D("-0.500"), D("-0.500")]
    assert [check.effect for check in by_id["kassebeholdning"].years] == [D("-0.800"), D("-1.600")]
    assert [check.effect for check in by_id["afdrag"].years] == [D(0), D(0)]


def test_kassen_changes_nothing_but_the_cash() -> None:
    entry = _correction("finansiering:\n  - {kilde: kassen}\n")
    report = _check(_budget(), entry)
    by_id = {result.setting.id: result for result in report.results}
    assert [check.effect for check in by_id["anlæg"].years] == [D(0), D(0)]
    assert [check.effect for check in by_id["kassebeholdning"].years] == [D("-2.000"), D("-4.000")]


def test_the_corrections_that_moved_a_target_most_are_named_largest_first() -> None:
    big = _correction(nr="nr: T101")
    small = _correction(
        nr="nr: T102",
        udgifter="udgifter:  {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}",
        netto="netto:     {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}",
    )
    report = _check(_budget(), small, big)
    cash = next(r for r in report.results if r.setting.id == "kassebeholdning")
    assert [(m.number, m.effect) for m in cash.movers] == [("T101", D("-4.000")), ("T102", D("-1.000"))]


def test_a_correction_that_tips_a_target_is_known_as_such() -> None:
    tight = _budget(kassebeholdning_gennemsnit="kassebeholdning_gennemsnit: " + TWO_YEARS % ("178", "176"))
    report = _check(tight, _correction())
    cash = next(r for r in report.results if r.setting.id == "kassebeholdning")
    assert [(c.met, c.tipped) for c in cash.years] == [(True, False), (False, True)]
    assert cash.worst.margin == D("-3.000")


def test_price_factors_are_chained_exactly() -> None:
    rates = {2024: D("2.0"), 2025: D("3.0")}
    assert factor(rates, 2024, 2026) == D("1.0506")
    assert factor(rates, 2026, 2026) == D(1)
    one_year = factor(rates, 2025, 2026)
    assert one_year is not None
    assert D("0.500") * one_year == D("0.51500")
    backward = factor(rates, 2026, 2024)
    assert backward is not None
    assert abs(backward * D("1.0506") - 1) < D("1e-45")
    assert factor(rates, 2023, 2026) is None
    assert missing_rates(rates, 2022, 2026) == [2022, 2023]


def test_conversion_names_what_it_cannot_convert_and_never_guesses() -> None:
    old = _correction(nr="nr: T106", prisniveau="prisniveau: 2025")
    new = _correction(nr="nr: T101")
    conversion = convert([old, new], {}, 2026)
    assert conversion.unconverted == (("T106", 2025, (2025,)),)
    assert conversion.factor_of("T106") == 1
    assert conversion.levels == (2025, 2026)
    converted = convert([old, new], {2025: D("2.9")}, 2026)
    assert converted.unconverted == ()
    assert converted.factor_of("T106") == D("1.029")
    report = evaluate(_budget(), _targets().targets, [old, new], converted)
    balance = next(r for r in report.results if r.setting.id == "strukturel_balance")
    assert balance.years[0].effect == D("2.000") + D("2.000") * D("1.029")  # 4.058, exact


def test_the_note_groups_the_corrections_that_lack_the_same_rates() -> None:
    entries = [
        _correction(nr="nr: T101"),
        _correction(nr="nr: T102"),
        _correction(nr="nr: T106", prisniveau="prisniveau: 2025"),
    ]
    assert convert(entries, {}, 2027).notes("prisniveau.yaml") == (
        "Ikke omregnet til 2027-priser: T106 (2025-priser; ingen sats for 2025→2026, 2026→2027); "
        "T101, T102 (2026-priser; ingen sats for 2026→2027). Beløbene er lagt til som skrevet; "
        "tilføj de manglende satser i prisniveau.yaml for at omregne dem.",
    )

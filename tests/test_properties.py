"""Properties of the pure stages, over generated corrections: exact, order-free, additive, round-tripping."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from random import Random

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkorr.compute import Figures, Summary, summarize, total
from budgetkorr.core import numbers
from budgetkorr.core.entry import Entry
from budgetkorr.core.prices import convert, factor
from budgetkorr.models import BudgetOverview, Committee, Correction, TargetList
from budgetkorr.render.csv import render_csv
from budgetkorr.render.records import MONEY_COLUMNS, POSITION_COLUMNS, summary_records
from budgetkorr.targets import evaluate
from budgetkorr.yamlread import YamlFile

YEARS = (2026, 2027, 2028, 2029)
COMMITTEES = (
    Committee.model_validate({"navn": "Økonomiudvalget", "forkortelse": "ØK", "nummer": 1}),
    Committee.model_validate({"navn": "Børne- og ungdomsudvalget", "forkortelse": "BUU", "nummer": 3}),
    Committee.model_validate({"navn": "Kultur- og fritidsudvalget", "forkortelse": "KFU"}),
)


def _empty_root() -> yaml.Node:
    node = yaml.compose("{}")
    assert node is not None
    return node


_ROOT = _empty_root()

money = st.decimals(min_value=Decimal("-999.999"), max_value=Decimal("999.999"), places=3)
positions = st.decimals(min_value=Decimal(0), max_value=Decimal("99.99"), places=2)


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(min_value=0, max_value=12))
    result = []
    for index in range(count):
        expenditure = {year: draw(money) for year in YEARS}
        income = {year: draw(money) for year in YEARS}
        committee = draw(st.sampled_from(COMMITTEES))
        correction = Correction.model_validate(
            {
                "nr": f"T{index + 100}",
                "titel": "x",
                "udvalg": committee.name,
                "status": "forslag",
                "prisniveau": 2026,
                "iværksættelse": "2026-01-01",
                "indenfor_servicerammen": draw(st.sampled_from(["ja", "nej", "delvist"])),
                "udgifter": expenditure,
                "indtægter": income,
                "fuldtidsstillinger": {year: draw(positions) for year in YEARS},
                "baggrund": "x",
                "økonomiske_konsekvenser": "x",
            }
        )
        result.append(Entry(correction, committee, YamlFile(Path(f"T{index}.yaml"), {}, _ROOT)))
    return result


def _summarize(items: list[Entry], group_by: str = "udvalg") -> Summary:
    return summarize(items, COMMITTEES, "korrektion" if group_by == "korrektion" else "udvalg", YEARS)


@given(entries())
def test_totals_equal_the_sum_of_the_rows_and_of_the_corrections(items: list[Entry]) -> None:
    for group_by in ("udvalg", "korrektion"):
        result = _summarize(items, group_by)
        for year, year_total in zip(YEARS, result.totals, strict=True):
            assert year_total == total(row.figures for row in result.rows if row.year == year)
            assert year_total.net == sum((e.correction.net_in(year) for e in items), Decimal(0))
            assert year_total.net == year_total.net_inside + year_total.net_outside + year_total.net_partly
            assert year_total.net == year_total.expenditure + year_total.income
            assert year_total.count == len(items)


@given(entries(), st.randoms(use_true_random=False))
def test_the_order_of_the_files_does_not_matter(items: list[Entry], random: Random) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    assert _summarize(shuffled) == _summarize(items)
    assert _summarize(shuffled, "korrektion") == _summarize(items, "korrektion")


@given(entries(), st.integers(min_value=0, max_value=12))
def test_two_halves_add_up_to_the_whole(items: list[Entry], cut: int) -> None:
    first, second = _summarize(items[:cut]), _summarize(items[cut:])
    whole = _summarize(items)
    for index in range(len(YEARS)):
        assert first.totals[index] + second.totals[index] == whole.totals[index]


def _parse(cell: str, danish: bool) -> Decimal:
    return Decimal(cell.replace(",", ".") if danish else cell)


@settings(max_examples=50)
@given(entries())
def test_csv_round_trips_exactly_in_both_dialects(items: list[Entry]) -> None:
    result = _summarize(items)
    records = summary_records(result)
    columns = list(records[0]) if records else ["udvalg"]
    for dialect, delimiter, danish in (("standard", ",", False), ("excel-da", ";", True)):
        text = render_csv(records, columns, dialect)  # type: ignore[arg-type]
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            for column in sorted((MONEY_COLUMNS | POSITION_COLUMNS) & set(record)):
                assert _parse(row[column], danish) == record[column], column
            assert row["udvalg"] == record["udvalg"]


@given(st.decimals(min_value=Decimal("-99999999.9995"), max_value=Decimal("99999999.9995"), places=4))
def test_money_is_rounded_half_up_only_when_written(value: Decimal) -> None:
    written = numbers.money(value)
    assert abs(Decimal(written) - value) <= Decimal("0.0005")
    danish = numbers.money(value, danish=True, grouping=True)
    assert Decimal(danish.replace(".", "").replace(",", ".")) == Decimal(written)
    assert not written.startswith("-0.000")


def test_decimal_arithmetic_has_no_float_error() -> None:
    tenth, fifth = Figures(net=Decimal("0.1")), Figures(net=Decimal("0.2"))
    assert numbers.exact((tenth + fifth).net) == "0.3"
    assert numbers.money(Decimal("0.0005")) == "0.001"  # half up, not half even
    assert numbers.money(Decimal("-0.0004")) == "0.000"


_BUDGET_ROWS = {
    "kilde": "x",
    "prisniveau": 2026,
    **{
        key: dict.fromkeys(YEARS, Decimal(value))
        for key, value in (
            ("indtægter", "-1000"),
            ("driftsudgifter", "900"),
            ("renter", "5"),
            ("anlæg", "100"),
            ("låneoptagelse", "-10"),
            ("afdrag_ordinære_lån", "10"),
            ("afdrag_ældreboliglån", "5"),
            ("øvrige_finansforskydninger", "0"),
            ("kassebeholdning_gennemsnit", "200"),
        )
    },
}
_SETTINGS = TargetList.model_validate(
    {
        "mål": [
            {"id": "strukturel_balance", "navn": "a", "tærskel": 0},
            {"id": "anlæg", "navn": "b", "tærskel": 100},
            {"id": "kassebeholdning", "navn": "c", "tærskel": 175},
            {"id": "afdrag", "navn": "d", "tærskel": 10},
        ]
    }
).targets


def _target_effects(items: list[Entry]) -> dict[str, list[Decimal]]:
    budget = BudgetOverview.model_validate(_BUDGET_ROWS)
    report = evaluate(budget, _SETTINGS, items, convert(items, {}, 2026))
    return {result.setting.key: [check.effect for check in result.years] for result in report.results}


@settings(max_examples=50)
@given(entries(), st.integers(min_value=0, max_value=12))
def test_the_effects_on_the_targets_add_up_over_the_corrections(items: list[Entry], cut: int) -> None:
    whole, first, second = _target_effects(items), _target_effects(items[:cut]), _target_effects(items[cut:])
    for target, effects in whole.items():
        assert effects == [a + b for a, b in zip(first[target], second[target], strict=True)], target


@settings(max_examples=50)
@given(entries(), st.randoms(use_true_random=False))
def test_the_target_check_does_not_depend_on_the_order_of_the_files(items: list[Entry], random: Random) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    assert _target_effects(shuffled) == _target_effects(items)


rates = st.decimals(min_value=Decimal("-5"), max_value=Decimal("10"), places=1)


@given(st.dictionaries(st.integers(min_value=2020, max_value=2029), rates, min_size=10, max_size=10), st.data())
def test_chained_price_factors_compose_exactly(table: dict[int, Decimal], data: st.DataObject) -> None:
    a, b, c = sorted(data.draw(st.lists(st.integers(min_value=2020, max_value=2030), min_size=3, max_size=3)))
    ab, bc, ac = factor(table, a, b), factor(table, b, c), factor(table, a, c)
    assert ab is not None
    assert bc is not None
    assert ab * bc == ac  # forward conversion only multiplies: exact, no rounding anywhere


def _danish(cell: str) -> Decimal:
    return Decimal(cell.replace("*", "").replace(".", "").replace(",", "."))


@st.composite
def converted(draw: st.DrawFn) -> tuple[list[Entry], dict[int, Decimal], int]:
    """Corrections in several price levels, the rates between them (some missing), and a level to convert to."""
    items = draw(entries())
    levels = [draw(st.sampled_from((2024, 2025, 2026, 2027))) for _ in items]
    moved = [
        Entry(entry.correction.model_copy(update={"price_level": level}), entry.committee, entry.source)
        for entry, level in zip(items, levels, strict=True)
    ]
    table = draw(st.dictionaries(st.sampled_from((2024, 2025, 2026)), rates.filter(lambda r: r > -5), max_size=3))
    return moved, table, draw(st.sampled_from((2024, 2025, 2026, 2027)))


@settings(max_examples=60)
@given(converted(), st.sampled_from(("udvalg", "korrektion")), st.sampled_from(((2026,), YEARS)))
def test_every_displayed_total_is_the_sum_of_its_displayed_rows(
    case: tuple[list[Entry], dict[int, Decimal], int], group_by: str, years: tuple[int, ...]
) -> None:
    from budgetkorr.render.table import summary_table

    items, table, level = case
    result = summarize(
        items, COMMITTEES, "korrektion" if group_by == "korrektion" else "udvalg", years, convert(items, table, level)
    )
    drawn = summary_table(result)
    numeric = [index for index, is_number in enumerate(drawn.numeric) if is_number]
    label = 1 if drawn.totals and len(drawn.totals) > 1 else None  # all years by committee: a block per post
    for total_row in drawn.totals:
        body = [row for row in drawn.rows if label is None or row[label] == total_row[label]]
        for column in numeric:
            cells = [row[column] for row in body if row[column]]
            expected = sum((_danish(cell) for cell in cells), Decimal(0))
            assert _danish(total_row[column]) == expected, (drawn.headers[column], total_row)
    # the machine formats carry the same rounded figures: CSV/JSON rows add up to the JSON totals
    records = summary_records(result)
    for year, year_total in zip(result.years, result.totals, strict=True):
        for key, value in (("netto", year_total.net), ("udgifter", year_total.expenditure)):
            rows_sum = sum((Decimal(str(r[key])) for r in records if r["år"] == year), Decimal(0))
            assert rows_sum == value
            assert Decimal(numbers.money(value)) == value  # rounded once already: writing it changes nothing


@st.composite
def financed(draw: st.DrawFn) -> list[Entry]:
    """Corrections with financing lines of every kind."""
    items = draw(entries())
    result = []
    for entry in items:
        lines = []
        for source in draw(st.lists(st.sampled_from(("kassen", "anlæg", "drift", "indtægter")), max_size=3)):
            line: dict[str, object] = {"kilde": source}
            if source != "kassen":
                line["beløb"] = {year: draw(money) for year in YEARS}
            lines.append(line)
        data = entry.correction.model_dump(by_alias=True, exclude_none=True)
        data["finansiering"] = lines
        result.append(Entry(Correction.model_validate(data), entry.committee, entry.source))
    return result


@settings(max_examples=40)
@given(financed(), st.dictionaries(st.sampled_from((2025, 2026)), rates.filter(lambda r: r > -5), max_size=2))
def test_the_financing_rows_add_up_to_the_netto_and_to_what_the_targets_count(
    items: list[Entry], table: dict[int, Decimal]
) -> None:
    from budgetkorr.compute import financing
    from budgetkorr.render.table import FINANCING_SOURCES, financing_table

    conversion = convert(items, table, 2027)
    lines = financing(items, YEARS, conversion)
    drawn = financing_table(lines, "mio. kr.")
    for column in range(1, len(YEARS) + 1):
        netto = _danish(drawn.rows[0][column])
        sources = [_danish(row[column]) for row in drawn.rows[1 : FINANCING_SOURCES + 1]]
        assert sum(sources, Decimal(0)) == netto
    summary = summarize(items, COMMITTEES, "udvalg", YEARS, conversion)
    budget = BudgetOverview.model_validate(_BUDGET_ROWS | {"prisniveau": 2027})
    report = evaluate(budget, _SETTINGS, items, conversion)
    balance = report.results[0]  # strukturel balance: the year's whole effect, which kassen pays
    for line, year_total, check in zip(lines, summary.totals, balance.years, strict=True):
        assert line.net == year_total.net
        assert line.from_cash == check.effect

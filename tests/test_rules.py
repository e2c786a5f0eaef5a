"""Each validation rule through the public functions: the exact diagnostic (file, line, field, message).

The YAML of each test is written in the test, so it reads top to bottom. Single-file rules go through
`read_yaml` and `validate_file`, rules across files and the committees through `load_dataset`, exit codes
through the CLI.
"""

from __future__ import annotations

import textwrap
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetkorr.compute import summarize
from budgetkorr.core.diagnostics import Diagnostic
from budgetkorr.loader import load_dataset, validate_file
from budgetkorr.models import Correction
from budgetkorr.yamlread import parse_yaml, read_yaml
from tests.conftest import VALID, Budget, check_file, run, with_lines

_check = check_file  # one file checked on its own, as en korrektion


def _correction(path: Path) -> Correction:
    """A file that must be valid, as its model."""
    source, problems = read_yaml(path)
    assert problems == []
    assert source is not None
    correction, problems = validate_file(source, Correction, "en korrektion")
    assert problems == []
    assert correction is not None
    return correction


def _validate(budget: Budget) -> list[str]:
    """The whole data folder, as `validate` sees it: every diagnostic, sorted, formatted."""
    return [d.format() for d in load_dataset(budget.data).diagnostics]


def _write_committees(budget: Budget, text: str) -> None:
    (budget.data / "udvalg.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def _values(value: Any) -> list[Any]:
    """Every leaf value in a nested structure of dicts, lists and tuples (keys included)."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in (*_values(key), *_values(item))]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _values(item)]
    return [value]


# --- numbers: exact decimals from their text -----------------------------------------------------------------


def test_numbers_are_read_from_their_text_as_decimals_never_floats() -> None:
    source, problems = parse_yaml(
        Path("T101-a.yaml"), "udgifter: {2026: 0.1, 2027: 010, 2028: 1_000.5, 2029: -2.000}\n"
    )
    assert problems == []
    assert source is not None
    row = source.data["udgifter"]
    assert row == {2026: Decimal("0.1"), 2027: 10, 2028: Decimal("1000.5"), 2029: Decimal("-2.000")}
    assert [type(amount) for amount in row.values()] == [Decimal, int, Decimal, Decimal]
    assert str(row[2029]) == "-2.000"  # the written precision is kept


@pytest.mark.parametrize(
    ("written", "amount"),
    [("010", Decimal(10)), ("007", Decimal(7)), ("08", Decimal(8)), ("09", Decimal(9)), ("0.880", Decimal("0.880"))],
)
def test_an_amount_with_a_leading_zero_is_read_as_decimal_not_octal(
    budget: Budget, written: str, amount: Decimal
) -> None:
    path = budget.write(
        "T101-a.yaml",
        f"""\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {{2026: {written}}}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. flyttes fra anlæg til drift.
        """,
    )
    assert _check(path) == []
    assert _correction(path).expenditure == {2026: amount}


def test_underscores_group_digits_in_an_amount(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 1_000.5, 2027: 1_000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. flyttes fra anlæg til drift.
        """,
    )
    correction = _correction(path)
    assert correction.expenditure == {2026: Decimal("1000.5"), 2027: Decimal(1000)}
    assert all(type(amount) is Decimal for amount in correction.expenditure.values())


def test_tenths_add_up_exactly_with_no_float_anywhere(budget: Budget) -> None:
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter:  {2026: 0.1}
        indtægter: {2026: 0.2}
        netto:     {2026: 0.3}
        fuldtidsstillinger: {2026: 0.1}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 0,1 mio. kr. flyttes fra anlæg til drift.
        """,
    )
    budget.write(
        "T102-b.yaml",
        """\
        nr: T102
        titel: Finansiering af IT-infrastruktur
        udvalg: ØK
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 0.2}
        fuldtidsstillinger: {2026: 0.2}
        baggrund: Licenserne bliver dyrere.
        økonomiske_konsekvenser: 0,2 mio. kr. om året.
        """,
    )
    dataset = load_dataset(budget.data)
    assert dataset.diagnostics == ()
    first = dataset.entries[0].correction
    assert first.net_in(2026) == Decimal("0.3")  # 0.1 + 0.2 as binary floats is 0.30000000000000004
    (totals,) = summarize(dataset.entries, dataset.committees).totals
    assert (str(totals.expenditure), str(totals.income), str(totals.net), str(totals.positions)) == (
        "0.300",  # amounts to the form's precision, 1.000 kr.
        "0.200",
        "0.500",
        "0.3",
    )
    assert {type(v) for v in (totals.expenditure, totals.income, totals.net, totals.positions)} == {Decimal}
    corrections = [entry.correction for entry in dataset.entries]
    rows = [row or {} for c in corrections for row in (c.expenditure, c.income, c.net, c.positions)]
    assert [type(amount) for row in rows for amount in row.values()] == [Decimal] * 6
    assert [v for c in corrections for v in _values(c.model_dump()) if isinstance(v, float)] == []


def test_optional_rows_left_out_are_zero(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000, 2027: 1.500}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. flyttes fra anlæg til drift.
        """,
    )
    correction = _correction(path)
    assert (correction.income, correction.net, correction.positions, correction.one_off) == (None, None, None, None)
    assert (correction.financing, correction.preliminary, correction.remark) == ((), False, None)
    assert correction.years == (2026, 2027)
    assert [correction.income_in(y) for y in correction.years] == [Decimal(0), Decimal(0)]
    assert [correction.net_in(y) for y in correction.years] == [Decimal("2.000"), Decimal("1.500")]
    assert [correction.positions_in(y) for y in correction.years] == [Decimal(0), Decimal(0)]
    assert [correction.one_off_in(y) for y in correction.years] == [Decimal(0), Decimal(0)]


# --- amounts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        (
            "udgifter: {2026: 0,880, 2027: 0.880}",
            8,
            "udgifter.2026: 0,880 er tekst; skriv tallet med decimalpunktum: 0.880",
        ),
        (
            "udgifter:\n  2026: 0,880\n  2027: 0.880",
            9,
            "udgifter.2026: 0,880 er tekst; skriv tallet med decimalpunktum: 0.880",
        ),
        (
            "udgifter:\n  2026: -1.234,5\n  2027: 0.880",
            9,
            "udgifter.2026: -1.234,5 er tekst; skriv tallet med decimalpunktum: -1234.5",
        ),
        (
            'udgifter: {2026: "0.880", 2027: 0.880}',
            8,
            "udgifter.2026: '0.880' er tekst (i anførselstegn); skriv tallet uden anførselstegn: 0.880",
        ),
        (
            "udgifter: {2026: ca. 2, 2027: 0.880}",
            8,
            "udgifter.2026: 'ca. 2' er tekst, ikke et tal; skriv et beløb i mio. kr. med cifre og decimalpunktum",
        ),
        (
            "udgifter: {2026: 0.8805, 2027: 0.880}",
            8,
            "udgifter.2026: 0.8805 har mere end 3 decimaler; beløb i mio. kr. har højst 3 decimaler (1.000 kr.)",
        ),
        (
            "udgifter: {2026: .inf, 2027: 0.880}",
            8,
            "udgifter.2026: Infinity er ikke et endeligt tal; skriv et beløb i mio. kr.",
        ),
        (
            "udgifter: {2026: -.inf, 2027: 0.880}",
            8,
            "udgifter.2026: -Infinity er ikke et endeligt tal; skriv et beløb i mio. kr.",
        ),
        (
            "udgifter: {2026: .nan, 2027: 0.880}",
            8,
            "udgifter.2026: NaN er ikke et endeligt tal; skriv et beløb i mio. kr.",
        ),
        (
            "udgifter: {2026: yes, 2027: 0.880}",
            8,
            "udgifter.2026: YAML læser dette som en ja/nej-værdi (true), ikke som et beløb i mio. kr.",
        ),
        (
            "udgifter: {2026: 0.880, år: 0.880}",
            8,
            "udgifter.år: 'år' er ikke et år; skriv et år som 2026",
        ),
        ("udgifter: {2026: 0.880, 1850: 0.880}", 8, "udgifter.1850: 1850 er ikke et sandsynligt budgetår"),
        ("udgifter: 0.880", 8, "udgifter: skal være år med beløb, fx {2026: 0.880, 2027: 0.880}"),
        ("udgifter: {}", 8, "udgifter: må ikke være tom"),
    ],
)
def test_an_amount_that_is_not_an_exact_number_is_explained(budget: Budget, row: str, line: int, message: str) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        ROW
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 0,9 mio. kr. om året.
        """.replace("ROW", row.replace("\n", "\n        ")),
    )
    assert _check(path) == [f"data/corrections/T101-a.yaml:{line}: {message}"]


def test_an_empty_amount_says_it_is_empty(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter:
          2026:
          2027: 0.880
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 0,9 mio. kr. om året.
        """,
    )
    assert _check(path) == ["data/corrections/T101-a.yaml:9: udgifter.2026: skal være et beløb i mio. kr., ikke tom"]


def test_a_danish_number_with_thousands_dot_in_braces_is_not_read_as_two_entries(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 1.234,5, 2027: 0.880}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 0,9 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:8: udgifter.2026: 1.234,5 er tekst; skriv tallet med decimalpunktum: 1234.5"
    ]


def test_a_year_written_twice_once_in_quotes_is_a_key_written_twice(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000, "2026": 5.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:8: udgifter.2026: nøglen står to gange (første gang på linje 8); behold den ene"
    ]


# --- rows that must agree ------------------------------------------------------------------------------------


def test_netto_must_be_udgifter_plus_indtaegter(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter:  {2026: 3.100, 2027: 2.900}
        indtægter: {2026: -0.100, 2027: 0.000}
        netto:     {2026: 3.100, 2027: 2.900}
        baggrund: Udgifterne stiger.
        økonomiske_konsekvenser: 3,0 mio. kr. i 2026.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:10: netto.2026: 3.100 er ikke udgifter + indtægter = 3.100 + (-0.100) = 3.000"
    ]


def test_rows_must_cover_the_years_of_udgifter(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter:  {2026: 2.000, 2027: 2.000}
        indtægter: {2026: 0.000}
        netto:     {2026: 2.000, 2027: 2.000}
        fuldtidsstillinger: {2026: 0, 2027: 0, 2028: 0}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:9: indtægter: mangler 2027; de andre rækker dækker 2026, 2027",
        "data/corrections/T101-a.yaml:11: fuldtidsstillinger.2028: 2028 er ikke med i de andre rækker (2026, 2027); "
        "slet året her, eller tilføj det dér",
    ]


def test_a_year_missing_from_udgifter_is_named_at_udgifter_not_at_every_other_row(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        with_lines(
            VALID,
            udgifter="udgifter:  {2026: 2.000, 2027: 2.000, 2028: 2.000}",
            netto="netto:     {2026: 2.000, 2027: 2.000, 2028: 2.000, 2029: 0.000}",
        ),
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:8: udgifter: mangler 2029; de andre rækker dækker 2026, 2027, 2028, 2029"
    ]


def test_years_must_follow_each_other(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000, 2029: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:8: udgifter: årene skal følge hinanden uden huller; 2027, 2028 mangler"
    ]


@pytest.mark.parametrize(
    ("one_off", "message"),
    [
        (
            "{2026: 3.200}",
            "engangsudgifter.2026: 3.200 ligger ikke inden for udgifter 2026 (3.100); "
            "engangsudgifterne er en del af udgifterne",
        ),
        (
            "{2026: -0.200}",
            "engangsudgifter.2026: -0.200 ligger ikke inden for udgifter 2026 (3.100); "
            "engangsudgifterne er en del af udgifterne",
        ),
        ("{2025: 0.200}", "engangsudgifter.2025: 2025 ligger uden for udgifternes år (2026–2027)"),
    ],
)
def test_engangsudgifter_are_a_part_of_udgifter_in_its_years(budget: Budget, one_off: str, message: str) -> None:
    path = budget.write(
        "T105-a.yaml",
        f"""\
        nr: T105
        titel: IT- og Cybersikkerhed (NIS2)
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {{2026: 3.100, 2027: 2.900}}
        engangsudgifter: {one_off}
        baggrund: NIS2 kræver mere IT-sikkerhed.
        økonomiske_konsekvenser: 3,1 mio. kr. i 2026, heraf 0,2 mio. kr. engangsudgifter.
        """,
    )
    assert _check(path) == [f"data/corrections/T105-a.yaml:9: {message}"]


def test_engangsudgifter_within_udgifter_are_valid(budget: Budget) -> None:
    path = budget.write(
        "T105-a.yaml",
        """\
        nr: T105
        titel: IT- og Cybersikkerhed (NIS2)
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 3.100, 2027: -2.900}
        engangsudgifter: {2026: 3.100, 2027: -0.100}
        baggrund: NIS2 kræver mere IT-sikkerhed.
        økonomiske_konsekvenser: 3,1 mio. kr. i 2026.
        """,
    )
    assert _correction(path).one_off == {2026: Decimal("3.100"), 2027: Decimal("-0.100")}


# --- financing -----------------------------------------------------------------------------------------------


_KASSEN = "kassebeholdningen dækker det, der ikke er dækket andetsteds"


@pytest.mark.parametrize(
    ("financing", "diagnostics"),
    [
        (
            "finansiering:\n  - kilde: anlæg\n    reference: A108\n    beløb: {2026: -0.950, 2028: -0.950}",
            ["12: finansiering[0].beløb.2028: 2028 ligger uden for udgifternes år (2026–2027)"],
        ),
        (
            "finansiering:\n  - kilde: kassen\n    beløb: {2026: -0.950, 2027: -0.950}",
            ["11: finansiering[0].beløb: kilde kassen har intet beløb: " + _KASSEN],
        ),
        (
            "finansiering:\n  - kilde: anlæg\n    reference: A108",
            ["10: finansiering[0].beløb: kilde anlæg kræver beløb: de beløb, anlæg ændres med"],
        ),
        (
            "finansiering:\n  - kilde: lån\n    beløb: {2026: -0.950, 2027: -0.950}",
            ["10: finansiering[0].kilde: 'lån' er ikke en af: kassen, anlæg, drift eller indtægter"],
        ),
        (
            "finansiering:\n  - kilder: kassen",
            [
                "10: finansiering[0].kilde: den påkrævede nøgle mangler",
                "10: finansiering[0].kilder: ukendt nøgle; mente du kilde? nøglerne er: kilde, reference, beløb, tekst",
            ],
        ),
        ("finansiering: kassen", ["9: finansiering: skal være en liste (linjer der begynder med '- ')"]),
        ("finansiering:\n  - kassen", ["10: finansiering[0]: skal være nøgler med værdier (nøgle: værdi)"]),
    ],
)
def test_finansiering_names_its_source_and_the_years_it_changes(
    budget: Budget, financing: str, diagnostics: list[str]
) -> None:
    path = budget.write(
        "T102-a.yaml",
        """\
        nr: T102
        titel: Finansiering af IT-infrastruktur
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 0.950, 2027: 0.950}
        FINANSIERING
        baggrund: Licenserne bliver dyrere.
        økonomiske_konsekvenser: Finansieres af anlægsforslag A108.
        """.replace("FINANSIERING", financing.replace("\n", "\n        ")),
    )
    assert _check(path) == [f"data/corrections/T102-a.yaml:{d}" for d in diagnostics]


# --- keys, text, choices, dates, positions ----------------------------------------------------------------------


def test_a_misspelt_key_is_named_with_the_key_it_resembles(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgiter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:1: udgifter: den påkrævede nøgle mangler",
        "data/corrections/T101-a.yaml:8: udgiter: ukendt nøgle; mente du udgifter? nøglerne er: nr, titel, udvalg, "
        "status, foreløbig, prisniveau, iværksættelse, indenfor_servicerammen, udgifter, indtægter, netto, "
        "netto_indenfor, fuldtidsstillinger, engangsudgifter, bemærkning, finansiering, baggrund, "
        "økonomiske_konsekvenser",
    ]


def test_a_missing_required_key_is_named(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == ["data/corrections/T101-a.yaml:1: baggrund: den påkrævede nøgle mangler"]


@pytest.mark.parametrize("nr", ["T1005", "t105", "T10", "105A", "TT05"])
def test_nr_is_a_capital_letter_and_three_digits(budget: Budget, nr: str) -> None:
    path = budget.write(
        "T101-a.yaml",
        f"""\
        nr: {nr}
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {{2026: 2.000}}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [
        f"data/corrections/T101-a.yaml:1: nr: {nr!r} er ikke et korrektionsnummer; "
        "skriv et stort bogstav og tre cifre, fx T105 eller A108"
    ]


@pytest.mark.parametrize(
    ("line", "replacement", "message"),
    [
        (2, 'titel: ""', "titel: må ikke være tom"),
        (2, "titel: 2026", "titel: skal være tekst, ikke et tal"),
        (4, "status: vedtaget", "status: 'vedtaget' er ikke en af: forslag, godkendt eller afvist"),
        (5, "prisniveau: 2026-priser", "prisniveau: '2026-priser' er ikke et år; skriv et år som 2026"),
        (
            6,
            "iværksættelse: 01.01.2026",
            "iværksættelse: '01.01.2026' er ikke en dato; skriv den som år-måned-dag, fx 2026-01-01",
        ),
        (
            6,
            "iværksættelse: 1. januar 2026",
            "iværksættelse: '1. januar 2026' er ikke en dato; skriv den som år-måned-dag, fx 2026-01-01",
        ),
        (7, "indenfor_servicerammen: måske", "indenfor_servicerammen: 'måske' er ikke en af: ja, nej eller delvist"),
        (
            7,
            "indenfor_servicerammen: yes",
            "indenfor_servicerammen: en ja/nej-værdi (true) er ikke en af: ja, nej eller delvist",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_with_what_to_write(
    budget: Budget, line: int, replacement: str, message: str
) -> None:
    text = textwrap.dedent(
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """
    ).splitlines()
    text[line - 1] = replacement
    path = budget.write("T101-a.yaml", "\n".join(text) + "\n")
    assert _check(path) == [f"data/corrections/T101-a.yaml:{line}: {message}"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "{2026: 0.545, 2027: 0}",
            "fuldtidsstillinger.2026: 0.545 har mere end 2 decimaler; fuldtidsstillinger har højst 2 decimaler",
        ),
    ],
)
def test_fuldtidsstillinger_have_at_most_two_decimals(budget: Budget, row: str, message: str) -> None:
    path = budget.write(
        "T101-a.yaml",
        f"""\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {{2026: 2.000, 2027: 2.000}}
        fuldtidsstillinger: {row}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _check(path) == [f"data/corrections/T101-a.yaml:9: {message}"]


def test_fractional_fuldtidsstillinger_are_valid(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000, 2027: 2.000}
        fuldtidsstillinger: {2026: 0.54, 2027: 1}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _correction(path).positions == {2026: Decimal("0.54"), 2027: Decimal(1)}


# --- the YAML itself -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# tallene kommer i juni\n", "---\n"])
def test_an_empty_file_is_an_error(budget: Budget, text: str) -> None:
    path = budget.write("T101-a.yaml", text)
    assert _check(path) == [
        "data/corrections/T101-a.yaml:1: (fil): filen er tom; en korrektion skal være nøgler med værdier (nøgle: værdi)"
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- nr: T101\n- nr: T102\n", "er en liste"),
        ("T101 Digital udvikling\n", "er en enkelt værdi"),
        ("2.000\n", "er en enkelt værdi"),
    ],
)
def test_a_file_that_is_not_a_mapping_is_an_error(budget: Budget, text: str, kind: str) -> None:
    path = budget.write("T101-a.yaml", text)
    assert _check(path) == [
        f"data/corrections/T101-a.yaml:1: (fil): {kind}, men en korrektion skal være nøgler med værdier (nøgle: værdi)"
    ]


def test_an_unclosed_mapping_is_named_where_it_starts_and_where_yaml_noticed_it(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udgifter: {2026: 2.000, 2027: 2.000
        baggrund: Udgifterne flyttes fra anlæg til drift.
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:3:11: (fil): YAML-syntaks: der mangler et ',' eller '}' "
        "(i en {…}-tabel, som begynder her)"
    ]


def test_a_key_written_twice_keeps_the_first_and_names_both_lines(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000, 2027: 2.000, 2027: 3.000}
        status: godkendt
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    source, problems = read_yaml(path)
    assert [d.format() for d in problems] == [
        "data/corrections/T101-a.yaml:8: udgifter.2027: nøglen står to gange (første gang på linje 8); behold den ene",
        "data/corrections/T101-a.yaml:9: status: nøglen står to gange (første gang på linje 4); behold den ene",
    ]
    assert source is not None  # the first values are kept, so the rest of the file is still checked
    assert (source.data["status"], source.data["udgifter"][2027]) == ("forslag", Decimal("2.000"))


def test_an_alias_is_refused_at_the_line_of_its_key(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        udgifter: &rows {2026: 2.000, 2027: 2.000}
        netto: *rows
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:3: netto: aliaser (*navn) er ikke tilladt; skriv værdierne ud"
    ]


def test_an_alias_bomb_is_refused_quickly_without_expanding_it(budget: Budget) -> None:
    # Twenty levels of twenty aliases would expand to 20**20 strings.
    lines = ['a0: &a0 ["lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 20)}]" for i in range(1, 21)]
    path = budget.write("T101-a.yaml", "\n".join(lines) + "\n")
    started = time.monotonic()
    source, problems = read_yaml(path)
    assert time.monotonic() - started < 2
    assert source is None
    assert [p.format() for p in problems] == [  # one line, however many aliases: none is expanded
        "data/corrections/T101-a.yaml:2: a1[0]: aliaser (*navn) er ikke tilladt; skriv værdierne ud "
        "(400 steder; dette er det første)"
    ]


def test_a_merge_key_is_refused(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        udgifter: &rows {2026: 2.000}
        netto: {<<: *rows}
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:3: netto: flettenøgler (<<) er ikke tilladt; skriv nøglerne ud"
    ]


def test_a_tag_on_a_value_is_refused(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: !!python/object/new:str Digital udvikling
        bemærkning: !ukendt tekst
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:2: titel: mærket tag:yaml.org,2002:python/object/new:str er ikke tilladt her; "
        "skriv almindelige værdier",
        "data/corrections/T101-a.yaml:3: bemærkning: mærket !ukendt er ikke tilladt her; skriv almindelige værdier",
    ]


def test_a_tag_on_a_list_or_mapping_is_refused(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: !!python/object/apply:os.system ["echo hacked"]
        udgifter: !!python/object:decimal.Decimal {2026: 2.000}
        """,
    )
    assert _check(path) == [
        "data/corrections/T101-a.yaml:2: titel: mærket tag:yaml.org,2002:python/object/apply:os.system er ikke "
        "tilladt her; skriv almindelige værdier",
        "data/corrections/T101-a.yaml:3: udgifter: mærket tag:yaml.org,2002:python/object:decimal.Decimal er ikke "
        "tilladt her; skriv almindelige værdier",
    ]


def test_latin_1_bytes_name_the_line_and_the_byte(budget: Budget) -> None:
    path = budget.write_bytes("T101-a.yaml", "nr: T101\ntitel: Bidrag til Børnehus Midt\n".encode("latin-1"))
    assert _check(path) == [
        "data/corrections/T101-a.yaml:2: (fil): byte 0xf8 er ikke UTF-8; gem filen som UTF-8 (æ, ø og å i UTF-8)"
    ]


def test_a_utf8_byte_order_mark_is_accepted(budget: Budget) -> None:
    path = budget.write_bytes("T101-a.yaml", "\ufeffnr: T101\ntitel: Børnehus Midt\n".encode())
    source, problems = read_yaml(path)
    assert problems == []
    assert source is not None
    assert source.data == {"nr": "T101", "titel": "Børnehus Midt"}


def test_a_file_that_can_not_be_read_is_named(budget: Budget) -> None:
    folder = budget.corrections / "T101-a.yaml"
    folder.mkdir()
    source, problems = read_yaml(folder)
    assert source is None
    assert [d.format() for d in problems] == ["data/corrections/T101-a.yaml:1: (fil): kan ikke læses: er en mappe"]


def test_a_file_larger_than_a_mebibyte_is_not_read(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", "# " + "x" * (1024 * 1024) + "\n")
    assert _check(path) == ["data/corrections/T101-a.yaml:1: (fil): filen er større end 1024 KiB"]


# --- across files: numbers, committees, the folder --------------------------------------------------------------


def test_a_nr_used_twice_names_both_files(budget: Budget) -> None:
    for name in ("T101-a.yaml", "T101-b.yaml"):
        budget.write(
            name,
            """\
            nr: T101
            titel: Digital udvikling KOMBIT projekter
            udvalg: Økonomiudvalget
            status: forslag
            prisniveau: 2026
            iværksættelse: 2026-01-01
            indenfor_servicerammen: ja
            udgifter: {2026: 2.000}
            baggrund: Udgifterne flyttes fra anlæg til drift.
            økonomiske_konsekvenser: 2,0 mio. kr. om året.
            """,
        )
    assert _validate(budget) == [
        "data/corrections/T101-a.yaml:1: nr: T101 er også nr i data/corrections/T101-b.yaml",
        "data/corrections/T101-b.yaml:1: nr: T101 er også nr i data/corrections/T101-a.yaml",
    ]


def test_an_unknown_committee_lists_the_committees(budget: Budget) -> None:
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Teknikudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _validate(budget) == [
        "data/corrections/T101-a.yaml:3: udvalg: 'Teknikudvalget' findes ikke i udvalg.yaml; "
        "mente du Miljø- og teknikudvalget? udvalgene er: "
        "Økonomiudvalget (ØK); Børne- og ungdomsudvalget (BUU); Kultur- og fritidsudvalget (KFU); "
        "Miljø- og teknikudvalget (MTU); Erhvervs- og arbejdsmarkedsudvalget (EAU); Voksen- og plejeudvalget (VPU)"
    ]


def test_a_committee_is_found_by_name_or_abbreviation_in_any_case(budget: Budget) -> None:
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: øk
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    dataset = load_dataset(budget.data)
    assert dataset.diagnostics == ()
    assert [entry.committee.name for entry in dataset.entries] == ["Økonomiudvalget"]


def test_a_broken_committee_list_names_its_own_file_and_line(budget: Budget) -> None:
    _write_committees(
        budget,
        """\
        udvalg:
          - navn: Økonomiudvalget
            forkortelse: ØK
            nummer: 1
          - navn: Teknik- og miljøudvalget
            forkortelse: øk
            nummer: 1
          - navn: Kultur- og fritidsudvalget
            forkortelse: KFU
            nummer: 10
        """,
    )
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _validate(budget) == [
        "data/corrections/T101-a.yaml:3: udvalg: 'Økonomiudvalget' kan ikke tjekkes: udvalg.yaml har ingen gyldige "
        "udvalg",
        "data/udvalg.yaml:10: udvalg[2].nummer: 10 er større end 9",
    ]
    _write_committees(
        budget,
        """\
        udvalg:
          - navn: Økonomiudvalget
            forkortelse: ØK
            nummer: 1
          - navn: Teknik- og miljøudvalget
            forkortelse: øk
            nummer: 1
        """,
    )
    assert _validate(budget)[1:] == [
        "data/udvalg.yaml:6: udvalg[1].forkortelse: 'øk' bruges allerede af Økonomiudvalget",
        "data/udvalg.yaml:7: udvalg[1].nummer: 1 bruges allerede af Økonomiudvalget",
    ]


def test_a_missing_committee_list_is_named(budget: Budget) -> None:
    (budget.data / "udvalg.yaml").unlink()
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _validate(budget) == [
        "data/corrections/T101-a.yaml:3: udvalg: 'Økonomiudvalget' kan ikke tjekkes: udvalg.yaml har ingen gyldige "
        "udvalg",
        "data/udvalg.yaml:1: (fil): mangler; filen indeholder udvalgene med navn, forkortelse og nummer",
    ]


def test_files_that_are_not_yaml_are_named_never_skipped(budget: Budget) -> None:
    budget.write("T101-a.yml", "nr: T101\n")
    budget.write("noter.txt", "husk T103\n")
    budget.write(".T101-a.yaml.swp", "editor state\n")
    assert _validate(budget) == [
        "data/corrections/T101-a.yml:1: (fil): korrektionsfiler ender på .yaml; omdøb filen til .yaml",
        "data/corrections/noter.txt:1: (fil): advarsel: ikke en .yaml-fil; den bliver ikke læst",
    ]


def test_diagnostics_of_several_files_are_sorted_by_file_then_line(budget: Budget) -> None:
    budget.write(
        "T102-b.yaml",
        """\
        nr: T102
        titel: 2026
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    budget.write(
        "T101-a.yaml",
        """\
        nr: T101
        titel: Digital udvikling KOMBIT projekter
        udvalg: Økonomiudvalget
        status: vedtaget
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 2.0001}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    assert _validate(budget) == [
        "data/corrections/T101-a.yaml:4: status: 'vedtaget' er ikke en af: forslag, godkendt eller afvist",
        "data/corrections/T101-a.yaml:8: udgifter.2026: 2.0001 har mere end 3 decimaler; "
        "beløb i mio. kr. har højst 3 decimaler (1.000 kr.)",
        "data/corrections/T102-b.yaml:2: titel: skal være tekst, ikke et tal",
    ]


# --- warnings --------------------------------------------------------------------------------------------------


def test_warnings_for_foreloebig_delvist_file_name_and_committee_digit(budget: Budget) -> None:
    budget.write(
        "kombit.yaml",
        """\
        nr: T301
        titel: Digital udvikling KOMBIT projekter
        udvalg: ØK
        status: forslag
        foreløbig: true
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: delvist
        udgifter: {2026: 2.000}
        baggrund: Udgifterne flyttes fra anlæg til drift.
        økonomiske_konsekvenser: 2,0 mio. kr. om året.
        """,
    )
    dataset = load_dataset(budget.data)
    assert dataset.ok
    assert [entry.correction.number for entry in dataset.entries] == ["T301"]
    assert [d.format() for d in dataset.diagnostics] == [
        "data/corrections/kombit.yaml:1: nr: advarsel: filnavnet begynder ikke med korrektionens nr; "
        "kald filen T301-….yaml",
        "data/corrections/kombit.yaml:3: udvalg: advarsel: T301 er nummereret til udvalg 3, "
        "men Økonomiudvalget er udvalg 1",
        "data/corrections/kombit.yaml:5: foreløbig: advarsel: tallene er foreløbige, ikke endelige",
        "data/corrections/kombit.yaml:8: indenfor_servicerammen: advarsel: kun delvist indenfor servicerammen: "
        "totalerne viser den i en kolonne for sig",
    ]


def test_a_committee_without_a_number_is_not_checked_against_the_nr(budget: Budget) -> None:
    budget.write(
        "T901-bibliotek.yaml",
        """\
        nr: T901
        titel: Bibliotekets licenser
        udvalg: Kultur- og fritidsudvalget
        status: forslag
        foreløbig: false
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: nej
        udgifter: {2026: 0.100}
        baggrund: Licenserne bliver dyrere.
        økonomiske_konsekvenser: 0,1 mio. kr. om året.
        """,
    )
    assert load_dataset(budget.data).diagnostics == ()


# --- the validate command: exit codes and streams --------------------------------------------------------------


def test_validate_with_only_warnings_exits_0(budget: Budget) -> None:
    budget.write(
        "T103-udbetaling-danmark.yaml",
        """\
        nr: T103
        titel: Administrationsbidrag til Udbetaling Danmark
        udvalg: Økonomiudvalget
        status: forslag
        foreløbig: true
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 0.000}
        baggrund: Opdateres med tal i juni.
        økonomiske_konsekvenser: x,xxx mio. kr.
        """,
    )
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "data/corrections/T103-udbetaling-danmark.yaml:5: foreløbig: advarsel: tallene er foreløbige, ikke endelige\n"
        "0 fejl, 1 advarsel i 1 fil\n"
    )


def test_validate_with_an_error_exits_2_and_prints_no_stdout(budget: Budget) -> None:
    budget.write(
        "T103-udbetaling-danmark.yaml",
        """\
        nr: T103
        titel: Administrationsbidrag til Udbetaling Danmark
        udvalg: Økonomiudvalget
        status: forslag
        foreløbig: true
        prisniveau: 2026
        iværksættelse: 2026-01-01
        indenfor_servicerammen: ja
        udgifter: {2026: 0.000}
        baggrund: Opdateres med tal i juni.
        økonomiske_konsekvenser: x,xxx mio. kr.
        """,
    )
    budget.write(
        "T104-boligsikring.yaml",
        """\
        nr: T104
        titel: Boligsikring til lejere der ikke er pensionister
        udvalg: Økonomiudvalget
        status: forslag
        prisniveau: 2026
        iværksættelse: 01.01.2026
        indenfor_servicerammen: nej
        udgifter: {2026: 0.700}
        baggrund: Flere lejere får boligsikring.
        økonomiske_konsekvenser: 0,7 mio. kr. om året, finansieret af kassen.
        """,
    )
    result = run("validate")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "data/corrections/T103-udbetaling-danmark.yaml:5: foreløbig: advarsel: tallene er foreløbige, ikke endelige\n"
        "data/corrections/T104-boligsikring.yaml:6: iværksættelse: '01.01.2026' er ikke en dato; skriv den som "
        "år-måned-dag, fx 2026-01-01\n"
        "1 fejl, 1 advarsel i 2 filer\n"
    )


def test_validate_a_path_that_does_not_exist(budget: Budget) -> None:
    result = run("validate", "data/corrections/T999-findes-ikke.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "data/corrections/T999-findes-ikke.yaml:1: (fil): filen eller mappen findes ikke\n"
        "1 fejl, 0 advarsler i 0 filer\n"
    )


def test_validate_a_file_that_can_not_be_read(budget: Budget) -> None:
    (budget.corrections / "T101-a.yaml").symlink_to(budget.root / "flyttet.yaml")
    result = run("validate")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "data/corrections/T101-a.yaml:1: (fil): kan ikke læses: findes ikke\n1 fejl, 0 advarsler i 1 fil\n"
    )


def test_diagnostic_format_is_file_line_field_message() -> None:
    diagnostic = Diagnostic("data/corrections/T101-x.yaml", 8, "udgifter.2026", "0,880 is text")
    assert diagnostic.format() == "data/corrections/T101-x.yaml:8: udgifter.2026: 0,880 is text"


@pytest.mark.parametrize(
    ("written", "read"),
    [("Ja", "ja"), ("Nej", "nej"), ("Ja/nej", "delvist"), ("ja / nej", "delvist"), ("DELVIST", "delvist")],
)
def test_the_service_frame_may_be_written_as_the_form_prints_it(budget: Budget, written: str, read: str) -> None:
    path = budget.write(
        "T101-a.yaml", VALID.replace("indenfor_servicerammen: ja", f"indenfor_servicerammen: {written}")
    )
    assert _correction(path).service_frame == read


def test_status_and_kilde_may_be_capitalised(budget: Budget) -> None:
    text = VALID.replace("status: forslag", "status: Godkendt") + "finansiering:\n  - kilde: Kassen\n"
    correction = _correction(budget.write("T101-a.yaml", text))
    assert (correction.status, correction.financing[0].source) == ("godkendt", "kassen")


def test_a_number_where_nr_is_expected_says_how_to_write_it(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", VALID.replace("nr: T101", "nr: 101"))
    assert _check(path) == [
        "data/corrections/T101-a.yaml:1: nr: 101 er ikke et korrektionsnummer; "
        "skriv et stort bogstav og tre cifre, fx T105 eller A108"
    ]

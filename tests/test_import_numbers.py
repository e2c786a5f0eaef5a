"""Numbers as people and PDFs write them: read exactly, or not at all, with the reason at the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetkorr.importers import parse_document
from budgetkorr.importers.words import Unreadable, cells, lenient_amount, number, read_number
from budgetkorr.models.values import DASHES
from tests.conftest import Budget, run
from tests.test_import import APPENDIX, COMMITTEES, FORM, appendix, lines_of, parse

THIN, NARROW, NO_BREAK = "\u2009", "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (",500", "0.500"),  # no leading zero, as a hurried typist or a PDF writes it
        ("-,5", "-0.5"),
        ("0,5", "0.5"),
        ("+1,25", "1.25"),
        ("0", "0"),
        ("155.938", "155938"),
        ("-2.093,8", "-2093.8"),
        ("\u22122.093,8", "-2093.8"),  # the minus sign
        ("\u20132.093,8", "-2093.8"),  # an en dash
        ("\u20122,0", "-2.0"),  # a figure dash
        ("\u2010,5", "-0.5"),  # a hyphen
        (f"2{THIN}093,8", "2093.8"),
        (f"2{NARROW}093,8", "2093.8"),
        (f"2{NO_BREAK}093,8", "2093.8"),
        ("2 093,8", "2093.8"),
        (f"\u22121{THIN}234{THIN}567,125", "-1234567.125"),
        ("1.500", "1500"),  # a point between thousands, as Danish writes them
    ],
)
def test_accepted_styles_are_read_exactly(written: str, expected: str) -> None:
    value = read_number(written)
    assert isinstance(value, Decimal)
    assert str(value) == expected  # the digits as written: `,500` keeps its three decimals


def test_parentheses_are_negative_only_where_the_caller_says_so() -> None:
    assert read_number("(2,0)", parentheses_negative=True) == Decimal("-2.0")
    assert read_number(f"(1{THIN}250,5)", parentheses_negative=True) == Decimal("-1250.5")
    refused = read_number("(2,0)")
    assert refused == Unreadable(
        "(2,0)", "'(2,0)' står i parentes, og parentes betyder ikke minus i dette bilag; skriv -2,0"
    )
    assert isinstance(read_number("(-2,0)", parentheses_negative=True), Unreadable)  # two signs: no guess


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1.5", "'1.5' kan læses på to måder, som 1,5 eller som 1.500; ret tallet i bilaget"),
        ("1.23", "'1.23' kan læses på to måder, som 1,23 eller som 1.230; ret tallet i bilaget"),
        (
            "0.880",
            "'0.880' er ikke et dansk tal (punktum står kun mellem tusinder, i grupper af tre); skriv 0,880, "
            "hvis det er et decimaltal",
        ),
        ("2,0,1", "'2,0,1' har 2 kommaer; et tal har højst ét decimalkomma"),
        (
            "1,234.5",
            "'1,234.5' har punktum efter kommaet; på dansk står punktum mellem tusinder og komma før decimalerne "
            "(fx 1.234,5)",
        ),
        ("12.34.567", "'12.34.567': cifrene mellem tusinderne står ikke i grupper af tre (fx 2.093,8)"),
        (f"2{THIN}93,8", f"'2{THIN}93,8': cifrene mellem tusinderne står ikke i grupper af tre (fx 2.093,8)"),
        ("2.093 500,0", "'2.093 500,0' har forskellige tegn mellem tusinderne; skriv fx 2.093,8"),
        ("2,", "'2,' har ingen cifre lige efter kommaet"),
        ("abc", "'abc' er ikke et tal (skriv fx 0,880 eller -2.093,8)"),
        ("-", "'-' er ikke et tal (skriv fx 0,880 eller -2.093,8)"),
        ("1,5%", "'1,5%' er ikke et tal (skriv fx 0,880 eller -2.093,8)"),
    ],
)
def test_what_could_be_read_two_ways_or_not_at_all_is_not_read_and_says_what_was_seen(
    written: str, message: str
) -> None:
    assert read_number(written) == Unreadable(written, message)
    assert number(written) is None


def test_one_list_of_dashes_for_the_importer_and_the_file_format() -> None:
    for dash in DASHES:
        assert read_number(f"{dash}0,5") == Decimal("-0.5"), hex(ord(dash))


def test_a_hard_space_between_digits_stays_inside_its_cell() -> None:
    assert cells(f"2{THIN}093,8 1,0  {NO_BREAK} -,5\t(2,0)") == [f"2{THIN}093,8", "1,0", "-,5", "(2,0)"]


def test_a_point_in_running_text_is_still_read_for_a_proposal_to_confirm() -> None:
    assert lenient_amount("1.8") == Decimal("1.8")
    assert lenient_amount("950.000") == Decimal(950000)
    assert lenient_amount(",5.") == Decimal("0.5")


# --- the property: every accepted style reads back the exact value -----------------------------------------

_values = st.decimals(min_value=Decimal("-999999999.999"), max_value=Decimal("999999999.999"), places=3) | (
    st.decimals(min_value=Decimal("-9999"), max_value=Decimal("9999"), places=1)
    | st.integers(min_value=-(10**12), max_value=10**12).map(Decimal)
)


def _written(value: Decimal, separator: str, leading_zero: bool, minus: str, parentheses: bool) -> str:
    """The value as a Danish document writes it, independently of the reader: thousands apart, decimal comma."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits)).rjust(-exponent + 1, "0")
    whole, fraction = (text[:exponent], text[exponent:]) if exponent else (text, "")
    whole = whole.lstrip("0") or "0"
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    whole = separator.join([whole, *groups])
    if whole == "0" and fraction and not leading_zero:
        whole = ""
    body = whole + ("," + fraction if fraction else "")
    if sign and parentheses:
        return f"({body})"
    return (minus if sign else "") + body


@given(
    value=_values,
    separator=st.sampled_from([".", THIN, NARROW, NO_BREAK, " ", ""]),
    leading_zero=st.booleans(),
    minus=st.sampled_from(["-", *DASHES]),
    parentheses=st.booleans(),
)
def test_every_accepted_style_reads_back_the_exact_value(
    value: Decimal, separator: str, leading_zero: bool, minus: str, parentheses: bool
) -> None:
    written = _written(value, separator, leading_zero, minus, parentheses)
    read = read_number(written, parentheses_negative=parentheses)
    assert isinstance(read, Decimal), (written, read)
    assert read == value
    assert read.as_tuple().exponent == value.as_tuple().exponent  # `2,500` is 2.500, not 2.5


# --- in a form: read at the row, or a problem at its line ---------------------------------------------------


def _with_expenditure(written: str, net: str) -> str:
    return FORM.replace("Udgifter 2,000 2,000", f"Udgifter {written} 2,000").replace(
        "Netto 2,000 2,000", f"Netto {net} 2,000"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [(",500", "0.500"), ("\u2212,5", "-0.5"), (f"1{THIN}093,8", "1093.8"), (f"1{NO_BREAK}093,8", "1093.8")],
)
def test_a_row_of_the_box_reads_these_styles(written: str, expected: str) -> None:
    data = parse(_with_expenditure(written, written))["T101"]
    assert str(data["udgifter"][2026]) == expected
    assert data["udgifter"][2027] == Decimal("2.000")  # the thin space did not split the cell


def test_an_ambiguous_figure_in_the_box_is_an_error_at_its_line_and_the_form_is_not_read() -> None:
    parsed = parse_document(path=APPENDIX, lines=lines_of(_with_expenditure("1.5", "1,5")), committees=COMMITTEES)
    assert parsed.forms == ()
    assert [p.format() for p in parsed.problems] == [
        "bilag.txt:10: T101 udgifter.2026: '1.5' kan læses på to måder, som 1,5 eller som 1.500; ret tallet i bilaget"
    ]


def test_the_cli_refuses_an_ambiguous_figure_and_writes_nothing_for_its_form(budget: Budget, tmp_path: Path) -> None:
    source = appendix(tmp_path, _with_expenditure("2,0,1", "2,000"))
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "bilag.txt:10: T101 udgifter.2026: '2,0,1' har 2 kommaer; et tal har højst ét decimalkomma" in result.stderr
    assert list(budget.corrections.iterdir()) == []

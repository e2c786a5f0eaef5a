"""What a person meets who pastes from Word into a correction: a dash for a minus, a hard space, a committee's name
spelt a little wrong. Each is named for what it is, once, at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VALID, Budget, check_file, run, with_lines


def _with_net(budget: Budget, net: str) -> Path:
    return budget.write("T101-a.yaml", with_lines(VALID, netto=f"netto:     {{{net}}}"))


# netto 2026 as pasted, and what budgetkorr says of it
PASTED_AMOUNTS = {
    "an en dash for a minus": ("–0.750", "tankestreg i stedet for minus: skriv -0.750"),
    "Word's minus sign": ("\u22120.750", "typografisk minustegn (−) i stedet for bindestreg-minus: skriv -0.750"),
    "a hard space after an amount": (
        "2.000\u00a0",
        "et hårdt mellemrum (fra Word eller en e-mail) i '2.000 '; skriv 2.000",
    ),
    "a hard space inside an amount, what was meant not guessed": (
        "2\u00a0000",
        "et hårdt mellemrum (fra Word eller en e-mail) i '2 000'; skriv tallet uden mellemrum",
    ),
}


@pytest.mark.parametrize(("pasted", "message"), PASTED_AMOUNTS.values(), ids=PASTED_AMOUNTS.keys())
def test_a_pasted_amount_is_named_once_with_what_to_write(budget: Budget, pasted: str, message: str) -> None:
    path = _with_net(budget, f"2026: {pasted}, 2027: 2.000, 2028: 2.000, 2029: 2.000")

    assert check_file(path) == [f"data/corrections/T101-a.yaml:10: netto.2026: {message}"]


def test_a_hard_space_before_a_year_is_named_and_the_year_not_reported_missing(budget: Budget) -> None:
    path = _with_net(budget, "2026: 2.000, 2027: 2.000,\u00a02028: 2.000, 2029: 2.000")

    problems = check_file(path)

    assert len(problems) == 1
    assert problems[0].endswith(": et hårdt mellemrum (fra Word eller en e-mail) i ' 2028'; skriv 2028")
    assert "\\xa0" not in problems[0]


def test_a_hard_space_after_a_years_colon_is_named_once_not_as_a_year_and_an_empty_amount(budget: Budget) -> None:
    # `{2026:<hard space>2.000}`: YAML reads "2026: 2.000" as one key without a value
    path = _with_net(budget, "2026:\u00a02.000, 2027: 2.000, 2028: 2.000, 2029: 2.000")

    assert check_file(path) == [
        "data/corrections/T101-a.yaml:10: netto.2026:\u00a02.000: et hårdt mellemrum (fra Word eller en e-mail) i "
        "'2026: 2.000'; slet det, eller skriv et almindeligt mellemrum"
    ]


def test_a_hard_space_that_breaks_the_yaml_is_named_after_the_syntax_error(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", with_lines(VALID, status="status:\u00a0forslag"))

    assert check_file(path) == [
        "data/corrections/T101-a.yaml:4:1: (fil): YAML-syntaks: der mangler et ':' efter nøglen (i en nøgle, som "
        "begynder her); linjen har et hårdt mellemrum (fra Word eller en e-mail): skriv et almindeligt mellemrum"
    ]


def test_a_hard_space_in_a_text_is_text(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", with_lines(VALID, baggrund="baggrund: 2,0 mio.\u00a0kr. flyttes til drift."))

    assert check_file(path) == []


def test_a_misspelt_committee_gets_the_closest_name(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udvalg="udvalg: Økonomiudvalgt"))

    result = run("validate", "--data", str(budget.data))

    assert result.exit_code == 2
    assert "udvalg: 'Økonomiudvalgt' findes ikke i udvalg.yaml; mente du Økonomiudvalget? udvalgene er: " in (
        result.stderr
    )


def test_a_misspelt_abbreviation_gets_the_committee_it_abbreviates(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udvalg="udvalg: BUUU"))

    result = run("validate", "--data", str(budget.data))

    assert "'BUUU' findes ikke i udvalg.yaml; mente du Børne- og ungdomsudvalget? " in result.stderr


def test_a_committee_named_by_one_word_of_its_name_gets_that_committee_not_the_closest_letters(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udvalg="udvalg: Teknikudvalget"))

    result = run("validate", "--data", str(budget.data))

    assert "'Teknikudvalget' findes ikke i udvalg.yaml; mente du Miljø- og teknikudvalget? " in result.stderr


def test_a_name_like_no_committee_gets_no_guess(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udvalg="udvalg: Byrådet"))

    result = run("validate", "--data", str(budget.data))

    assert "udvalg: 'Byrådet' findes ikke i udvalg.yaml; udvalgene er: " in result.stderr


def test_a_hard_space_after_a_key_is_one_error_not_also_a_missing_key(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", with_lines(VALID, status="status\u00a0: forslag"))

    assert check_file(path) == [
        "data/corrections/T101-a.yaml:4: status\u00a0: et hårdt mellemrum (fra Word eller en e-mail) i 'status '; "
        "skriv status"
    ]


def test_a_hard_space_after_a_value_is_named_not_shown_as_an_escape(budget: Budget) -> None:
    path = budget.write(
        "T101-a.yaml", with_lines(VALID, nr="nr: T101\u00a0", iværksættelse="iværksættelse: 2026-01-01\u00a0")
    )

    assert check_file(path) == [
        "data/corrections/T101-a.yaml:1: nr: et hårdt mellemrum (fra Word eller en e-mail) i 'T101 '; skriv T101",
        "data/corrections/T101-a.yaml:6: iværksættelse: et hårdt mellemrum (fra Word eller en e-mail) i "
        "'2026-01-01 '; skriv 2026-01-01",
    ]

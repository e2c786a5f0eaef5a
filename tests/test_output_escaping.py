"""Text from files never acts on a terminal, a CI log, a spreadsheet or a page; numbers stay exact and true.

The cases whose files can live in git are folders in tests/cases/output/; these need file names with control
characters, a terminal, or many generated values.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetkorr.core import numbers
from tests.conftest import VALID, Budget, run, with_lines


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names may hold any byte but / and NUL")
def test_a_file_name_with_an_escape_sequence_and_a_line_break_stays_on_its_line(budget: Budget) -> None:
    budget.write("T101-\x1b[31mrød\n::error::falsk.yaml", with_lines(VALID, titel="titel: x", udvalg="udvalg: Ingen"))
    result = run("validate")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert lines[0].startswith("data/corrections/T101-\\x1b[31mrød ::error::falsk.yaml:")
    assert len(lines) == 2  # the unknown committee and the count: nothing split the line


def test_a_path_argument_can_not_start_a_workflow_command(budget: Budget) -> None:
    path = budget.root / "::error::falsk.yaml"
    path.write_text("nr: T101\n", encoding="utf-8")
    result = run("validate", "::error::falsk.yaml")
    assert result.exit_code == 2
    assert all(line.startswith("./::error::falsk.yaml:") for line in result.stderr.splitlines()[:-1])


def test_rich_markup_in_a_title_is_shown_literally_on_a_terminal(
    budget: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, titel='titel: "[bold red]Alarm[/]"'))
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("summary", "2026", "--by", "korrektion")
    assert result.exit_code == 0
    assert "│ [bold red]Alarm[/]" in result.stdout
    assert "\x1b[1;31mAlarm" not in result.stdout


def test_json_numbers_are_the_exact_decimals_however_many_digits(budget: Budget) -> None:
    amounts = ["999999999.999", "123456789.123", "0.001", "-0.003", "876543210.877"]
    for index, amount in enumerate(amounts):
        row = "{" + f"2026: {amount}" + "}"
        budget.write(
            f"T10{index + 1}-a.yaml",
            with_lines(
                VALID,
                nr=f"nr: T10{index + 1}",
                udgifter=f"udgifter: {row}",
                indtægter="indtægter: {2026: 0}",
                netto=f"netto: {row}",
                fuldtidsstillinger="fuldtidsstillinger: {2026: 0}",
            ),
        )
    result = run("summary", "2026", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout, parse_float=Decimal)
    assert document["i_alt"][0]["netto"] == sum(Decimal(a) for a in amounts) == Decimal("1999999999.997")
    assert '"netto": 1999999999.997' in result.stdout  # written as the decimal, never through a float


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False),
    threshold=st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False),
    at_least=st.booleans(),
)
def test_the_shown_figures_always_tell_the_true_verdict(value: Decimal, threshold: Decimal, at_least: bool) -> None:
    met = value >= threshold if at_least else value <= threshold
    places = numbers.verdict_places(value, threshold, at_least)
    shown, limit = numbers.revealed(value, places), numbers.revealed(threshold, places)
    assert (shown >= limit if at_least else shown <= limit) == met
    assert (shown == limit) == (value == threshold)
    assert 3 <= places <= 7  # never fewer than the usual three, never more than the value has (+1 for rounding)


def test_with_format_github_every_error_is_an_annotation_escaped_by_githubs_rules(budget: Budget) -> None:
    budget.write("T101-a,b:c%.yaml", with_lines(VALID, udvalg='udvalg: "Ukendt, ::error::falsk"'))
    result = run("check-targets", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0].startswith("::error file=data/budget.yaml,line=1::")  # missing here
    assert result.stdout.splitlines()[1] == (
        "::error file=data/corrections/T101-a%2Cb%3Ac%25.yaml,line=3::udvalg: 'Ukendt, ::error::falsk' findes ikke "
        "i udvalg.yaml; udvalgene er: Økonomiudvalget (ØK); Børne- og ungdomsudvalget (BUU); Kultur- og "
        "fritidsudvalget (KFU); Miljø- og teknikudvalget (MTU); Erhvervs- og arbejdsmarkedsudvalget (EAU); Voksen- "
        "og plejeudvalget (VPU)"
    )

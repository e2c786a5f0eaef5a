"""What a person at a terminal reads while editing by hand: each command's help says what is true of that command,
a new file's template speaks of its own years, and what show draws of it is what the file holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetkorr.templates import template
from tests.conftest import BUDGET, SHIPPED_DATA, TARGETS, TWO_YEARS, Budget, run


def _help(*command: str) -> str:
    return " ".join(run(*command, "--help").stdout.split())  # the words, whatever the terminal's width


def test_show_says_it_shows_the_corrections_given_not_one() -> None:
    assert "Vis én korrektion" not in _help("show")
    assert "Vis korrektioner opstillet som skemaet. Numrene vises i den rækkefølge, de gives" in _help("show")
    assert "show Vis korrektioner opstillet som skemaet." in " ".join(run("--help").stdout.split())


def test_diff_says_its_own_default_price_level() -> None:
    words = _help("diff")
    assert "Standard: den nye udgaves prisniveau" in words
    assert "ellers udgangspunktets" in words


@pytest.mark.parametrize("command", ["report", "summary", "check-targets", "diff"])
def test_no_price_level_help_speaks_of_other_commands(command: str) -> None:
    words = _help(command)
    assert "--prisniveau" in words
    assert "i alle kommandoer" not in words


def test_the_template_examples_use_the_files_own_first_year() -> None:
    _data, comments = template("T110", "Ny", "Økonomiudvalget", (2027, 2028, 2029, 2030), 2027)
    assert comments["engangsudgifter"] == ["den del af udgifterne der er engangsudgifter, fx {2027: 0.200}"]
    assert "    beløb: {2027: -0.950}" in comments["finansiering"]
    assert all("2026" not in line for lines in comments.values() for line in lines)


def test_show_of_a_new_file_draws_no_row_for_its_empty_one_off_amounts(shipped: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    made = run("new", "--udvalg", "ØK", "--titel", "Ny korrektion", "--data", str(data))
    assert made.exit_code == 0, made.stderr
    assert "engangsudgifter:    {}" in (data / "corrections" / "T110-ny-korrektion.yaml").read_text(encoding="utf-8")

    shown = run("show", "T110", "--data", str(data))

    assert shown.exit_code == 0, shown.stderr
    assert "engangsudgifter" not in shown.stdout
    assert "–" not in shown.stdout


def test_one_target_not_met_is_singular_in_english(budget: Budget) -> None:
    budget.write_data(
        "budget.yaml",
        BUDGET.replace(
            "kassebeholdning_gennemsnit: {2026: 200.000, 2027: 200.000}",
            "kassebeholdning_gennemsnit: {2026: 178.000, 2027: 176.000}",
        ),
    )
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", TWO_YEARS)

    english = run("--lang", "en", "check-targets")
    danish = run("check-targets")

    assert english.exit_code == danish.exit_code == 1
    assert "Result: 1 of 4 targets is not met: " in english.stdout
    assert "Resultat: 1 af 4 mål er ikke opfyldt: " in danish.stdout

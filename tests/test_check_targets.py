"""`budgetkorr check-targets` as CI runs it: exit codes, scenarios, formats; `summary --prisniveau`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUDGET, SHIPPED_DATA, TARGETS, TWO_YEARS, Budget, run


@pytest.fixture
def targets_repo(budget: Budget) -> Budget:
    """A budget repository with the test overview, the shipped targets and one correction (T101, netto 2.000)."""
    budget.write_data("budget.yaml", BUDGET)
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", TWO_YEARS)
    return budget


def _tight_cash(budget: Budget) -> None:
    """Cash 178/176 before corrections: T101's -2.000 a year (cumulative -4.000) tips 2027 below 175."""
    budget.write_data(
        "budget.yaml",
        BUDGET.replace(
            "kassebeholdning_gennemsnit: {2026: 200.000, 2027: 200.000}",
            "kassebeholdning_gennemsnit: {2026: 178.000, 2027: 176.000}",
        ),
    )


def test_all_targets_met_exits_0_and_repeats_the_source(targets_repo: Budget) -> None:
    result = run("check-targets")
    assert result.exit_code == 0
    assert "Kilde: Test figures" in result.stdout
    assert result.stdout.rstrip().endswith("Resultat: alle 4 mål er opfyldt.")


def test_a_target_not_met_exits_1_and_says_which_year_by_how_much_and_who_moved_it(targets_repo: Budget) -> None:
    _tight_cash(targets_repo)
    result = run("check-targets", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["opfyldt"] is False
    cash = next(target for target in document["mål"] if target["id"] == "kassebeholdning")
    assert cash["opfyldt"] is False
    assert [(y["år"], y["efter"], y["margin"], y["opfyldt"]) for y in cash["år"]] == [
        (2026, 176.0, 1.0, True),
        (2027, 172.0, -3.0, False),
    ]
    assert cash["flyttet_mest_af"] == [{"nr": "T101", "effekt": -4.0}]
    assert {target["id"]: target["opfyldt"] for target in document["mål"]} == {
        "strukturel_balance": True,
        "anlæg": True,
        "kassebeholdning": False,
        "afdrag": True,
    }
    table = run("check-targets")
    assert table.exit_code == 1
    assert "Resultat: 1 af 4 mål er ikke opfyldt: Gennemsnitlig kassebeholdning." in table.stdout


def test_github_format_points_at_the_correction_that_tips_a_target(targets_repo: Budget) -> None:
    _tight_cash(targets_repo)
    result = run("check-targets", "--format", "github")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert errors == [
        "::error file=data/corrections/T101-a.yaml,line=10,title=Mål ikke opfyldt%3A Gennemsnitlig kassebeholdning::"
        "Gennemsnitlig kassebeholdning 2027: 172,000 under tærsklen 175,000 (margin -3,000; før korrektioner "
        "176,000). Flyttet mest af (akkumuleret effekt 2026–2027): T101 (-4,000)"
    ]


def test_github_format_points_at_the_budget_when_the_target_failed_before_the_corrections(
    targets_repo: Budget,
) -> None:
    targets_repo.write_data(
        "budget.yaml",
        BUDGET.replace("afdrag_ordinære_lån:        {2026: 10.000,", "afdrag_ordinære_lån:        {2026: 9.000,"),
    )
    errors = [line for line in run("check-targets", "-f", "github").stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith(
        "::error file=data/budget.yaml,line=8,title=Mål ikke opfyldt%3A Afdrag på ordinære lån::"
    )


def test_scenarios_only_and_without_choose_the_corrections(targets_repo: Budget) -> None:
    _tight_cash(targets_repo)
    targets_repo.write("T102-b.yaml", TWO_YEARS.replace("nr: T101", "nr: T102"))
    assert run("check-targets", "--only", "t102").exit_code == 1
    assert run("check-targets", "--ingen-korrektioner").exit_code == 0  # the baseline, asked for
    unknown = run("check-targets", "--only", "T999")
    assert unknown.exit_code == 2
    assert "budgetkorr: --only T999: ingen korrektion har det nr; numrene er: T101, T102" in unknown.stderr


def test_rejected_corrections_count_only_when_asked(targets_repo: Budget) -> None:
    _tight_cash(targets_repo)
    targets_repo.write("T101-a.yaml", TWO_YEARS.replace("status: forslag", "status: afvist"))
    targets_repo.write("T102-b.yaml", TWO_YEARS.replace("nr: T101", "nr: T102").replace("2.000", "0.000"))
    assert run("check-targets").exit_code == 0
    assert run("check-targets", "--status", "afvist").exit_code == 1


def test_strict_fails_on_preliminary_figures_and_unconverted_price_levels(targets_repo: Budget) -> None:
    targets_repo.write(
        "T102-b.yaml", TWO_YEARS.replace("nr: T101", "nr: T102").replace("prisniveau: 2026", "prisniveau: 2025")
    )
    assert run("check-targets").exit_code == 0
    strict = run("check-targets", "--strict")
    assert strict.exit_code == 1
    assert "T102 er i 2025-priser og ikke omregnet til 2026-priser: prisniveau.yaml har ingen sats for 2025→2026" in (
        strict.stderr
    )
    # the last line agrees with the exit code and names the warning that made it fail
    assert strict.stdout.splitlines()[-1] == (
        "Resultat: IKKE BESTÅET med --strict: 1 advarsel fejler tjekket: T102 ikke omregnet "
        "(målene selv: 4 af 4 opfyldt)."
    )
    targets_repo.write_data("prisniveau.yaml", "kilde: Test\nsatser: {2025: 2.9}\n")
    assert run("check-targets", "--strict").exit_code == 0


def test_strict_does_not_fail_on_a_year_of_anlaeg_below_the_threshold(targets_repo: Budget) -> None:
    # the average decides anlæg; a year below is advice, also under --strict
    targets_repo.write_data(
        "budget.yaml",
        BUDGET.replace(
            "anlæg:                      {2026: 100.000, 2027: 100.000}",
            "anlæg:                      {2026: 95.000, 2027: 105.000}",
        ),
    )
    result = run("check-targets", "--strict")
    assert result.exit_code == 0
    assert "Anlæg 2026: 95,000 er under tærsklen 100,000 (gennemsnittet afgør)" in result.stderr


def test_a_target_switched_off_or_given_another_threshold(targets_repo: Budget) -> None:
    _tight_cash(targets_repo)
    lowered = TARGETS.replace("tærskel: 175", "tærskel: 172")
    targets_repo.write_data("targets.yaml", lowered)
    assert run("check-targets").exit_code == 0  # 172.000 equals the threshold: met
    off = TARGETS.replace("tærskel: 175", "tærskel: 175\n    aktiv: false")
    targets_repo.write_data("targets.yaml", off)
    result = run("check-targets", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [target["id"] for target in document["mål"]] == ["strukturel_balance", "anlæg", "afdrag"]
    assert document["ikke_tjekket"] == ["kassebeholdning"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("budget.yaml", None, "data/budget.yaml:1: (fil): mangler; filen indeholder budgettets hovedoversigt"),
        (
            "budget.yaml",
            BUDGET.replace("renter:                     {2026: 5.000,", 'renter:                     {2026: "5,000",'),
            "data/budget.yaml:5: renter.2026: 5,000 er tekst; skriv tallet med decimalpunktum: 5.000",
        ),
        (
            "targets.yaml",
            TARGETS.replace("  - id: afdrag", "  - id: afdrg"),
            "data/targets.yaml:17: mål[3].id: 'afdrg' er ikke en af: strukturel_balance, anlæg, kassebeholdning",
        ),
        (
            "prisniveau.yaml",
            "kilde: x\nsatser: {2025: 290}\n",
            "data/prisniveau.yaml:2: satser.2025: 290 er ikke en sandsynlig",
        ),
    ],
)
def test_invalid_budget_targets_or_rates_exit_2_with_file_line_and_field(
    targets_repo: Budget, name: str, text: str | None, expected: str
) -> None:
    if text is None:
        (targets_repo.data / name).unlink()
    else:
        targets_repo.write_data(name, text)
    result = run("check-targets")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert expected in result.stderr


def test_csv_is_one_row_per_target_and_year(targets_repo: Budget) -> None:
    result = run("check-targets", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["mål"], row["år"]) for row in rows] == [
        ("strukturel_balance", "2026"),
        ("strukturel_balance", "2027"),
        ("anlæg", "2026"),
        ("anlæg", "2027"),
        ("anlæg", "gennemsnit"),
        ("kassebeholdning", "2026"),
        ("kassebeholdning", "2027"),
        ("afdrag", "2026"),
        ("afdrag", "2027"),
    ]
    assert rows[0]["efter"] == "-28.000"
    assert rows[0]["opfyldt"] == "ja"
    assert "Kilde: Test figures" in result.stderr


def test_check_targets_in_another_price_level_needs_the_rates(targets_repo: Budget) -> None:
    result = run("check-targets", "--prisniveau", "2027")
    assert result.exit_code == 2
    assert "budgettet er i 2026-priser, og prisniveau.yaml har ingen sats for 2026→2027" in result.stderr
    targets_repo.write_data("prisniveau.yaml", "kilde: Test\nsatser: {2026: 10.0}\n")
    document = json.loads(run("check-targets", "--prisniveau", "2027", "--format", "json").stdout)
    balance = document["mål"][0]["år"][0]
    assert (balance["før"], balance["korrektioner"]) == (-33.0, 2.2)  # -30 and 2.000, each times 1.1


def test_summary_converts_to_one_price_level_with_the_rates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    before = json.loads(run("summary", "2026", "--format", "json").stdout)
    assert before["i_alt"][0]["netto"] == 11.548
    assert before["enhed"] == "mio. kr., blandede prisniveauer"
    (tmp_path / "data" / "prisniveau.yaml").write_text("kilde: Test\nsatser: {2025: 2.9}\n", encoding="utf-8")
    after = run("summary", "2026", "--format", "json")
    document = json.loads(after.stdout)
    assert document["enhed"] == "mio. kr., 2026-priser"
    # T106: 0.500 * 1.029 = 0.5145, rounded once to 1.000 kr. (half up) = 0.515; the total is the sum of rows
    assert document["i_alt"][0]["netto"] == 11.563
    assert document["noter"] == []
    csv_total = run("summary", "2026", "--by", "korrektion", "--format", "csv").stdout
    assert "T106," in csv_total
    assert ",0.515,0.000,0.515," in csv_total


def test_problems_in_corrections_and_in_the_budget_are_reported_together(targets_repo: Budget) -> None:
    targets_repo.write("T102-b.yaml", TWO_YEARS.replace("nr: T101", "nr: T102").replace("status: forslag", "status: x"))
    targets_repo.write_data("budget.yaml", BUDGET.replace("prisniveau: 2026", "prisniveau: 2026-priser"))
    result = run("check-targets")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "data/budget.yaml:2: prisniveau: '2026-priser' er ikke et år; skriv et år som 2026\n"
        "data/corrections/T102-b.yaml:4: status: 'x' er ikke en af: forslag, godkendt eller afvist\n"
        "2 fejl, 0 advarsler i 4 filer\n"
    )


def test_a_target_not_met_stands_out_on_a_terminal_unless_no_color(
    targets_repo: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tight_cash(targets_repo)
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[1;31mNEJ" in run("check-targets").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run("check-targets").stdout
    assert "NEJ" in plain
    assert "31m" not in plain

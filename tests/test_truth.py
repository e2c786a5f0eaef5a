"""Every output tells the whole truth: totals add up after conversion, each output says what it is made from, no
scenario is silently empty, the verdict agrees with the exit code, warnings come once and where they matter."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, VALID, Budget, run, with_lines

# Example rates for the tests only (not KL's): 2.9 % from 2025 to 2026 and 3.4 % from 2026 to 2027.
RATES = "kilde: Eksempel til test\nsatser: {2025: 2.9, 2026: 3.4}\n"


@pytest.fixture
def rated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data with example rates, as the current folder's data/."""
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    (tmp_path / "data" / "prisniveau.yaml").write_text(RATES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _danish(cell: str) -> Decimal:
    return Decimal(cell.replace(".", "").replace(",", "."))


# --- 1. totals equal the rows, after conversion too ---------------------------------------------------------


def test_a_converted_summary_adds_up_in_the_table_csv_and_json(rated: Path) -> None:
    args = ("summary", "2026", "--prisniveau", "2027", "--by", "korrektion")
    table = run(*args).stdout.splitlines()
    rows = [line for line in table if line[:1] == "T" and line[1:4].isdigit()]
    (total,) = [line for line in table if line.startswith("I alt")]
    netto_column = 7  # Nr, Titel words vary: read the numbers from the right instead
    assert netto_column
    row_net = [_danish(line.split()[-5]) for line in rows]
    assert sum(row_net, Decimal(0)) == _danish(total.split()[-5])
    # T106: 0.500 in 2025-priser × 1.029 × 1.034 = 0.531993 → 0.532 (rounded once); the rows sum to 11.954
    assert _danish(total.split()[-5]) == Decimal("11.954")
    records = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert sum(Decimal(r["netto"]) for r in records) == Decimal("11.954")
    assert {r["prisniveau"] for r in records} == {"2027"}  # the level of the row's figures
    assert [r["prisniveau_i_filen"] for r in records if r["nr"] == "T106"] == ["2025"]
    document = json.loads(run(*args, "--format", "json").stdout)
    assert document["i_alt"][0]["netto"] == 11.954
    assert document["metadata"]["omregning"][0]["fra"] == 2025
    assert document["metadata"]["omregning"][0]["satser"] == [
        {"år": 2025, "procent": 2.9},
        {"år": 2026, "procent": 3.4},
    ]


def test_every_output_states_its_price_level_and_the_rates_it_was_converted_with(rated: Path) -> None:
    heading = run("summary", "2026", "--prisniveau", "2027").stdout.splitlines()[:4]
    assert heading[0] == "Tekniske korrektioner 2026 pr. udvalg (mio. kr., 2027-priser)"
    assert "fra 2025-priser (T106) med 2025→2026 2,9 % og 2026→2027 3,4 %" in heading[2]
    assert "(satser: Eksempel til test)" in heading[2]
    markdown = run("check-targets", "--prisniveau", "2027", "--format", "markdown").stdout
    assert "2026→2027 3,4 %" in markdown


# --- 2. every output says what it is ------------------------------------------------------------------------


def test_a_scenario_summary_and_its_target_check_are_made_from_the_same_corrections(shipped: Path) -> None:
    scenario = ("--only", "T105,T109,T103", "--without", "T103")
    summary = json.loads(run("summary", "2026", *scenario, "--format", "json").stdout)
    check = json.loads(run("check-targets", *scenario, "--format", "json").stdout)
    assert summary["metadata"]["udvalgt"]["tekst"] == check["metadata"]["udvalgt"]["tekst"]
    assert summary["metadata"]["udvalgt"]["kun"] == ["T105", "T109", "T103"]
    assert summary["metadata"]["udvalgt"]["uden"] == ["T103"]
    balance_2026 = check["mål"][0]["år"][0]["korrektioner"]
    assert summary["i_alt"][0]["netto"] == balance_2026 == 6.9  # T105 3.100 + T109 3.800, no financing
    assert summary["metadata"]["budgetår"] == check["metadata"]["budgetår"] == 2026
    assert summary["metadata"]["foreløbige"] == []


def test_the_title_names_budget_year_selection_price_level_and_preliminary_figures(shipped: Path) -> None:
    lines = run("summary", "2026", "--udvalg", "ØK", "--without", "T109").stdout.splitlines()
    assert lines[1] == "Budget 2026; udvalgt: status forslag, godkendt; udvalg ØK; uden T109"
    assert lines[2].startswith("Prisniveau: blandede: 2026-priser undtagen T106 (2025-priser")
    assert lines[3] == "Omfatter foreløbige tal, ikke endelige: T103"


def test_markdown_carries_the_notes_and_warnings_and_never_cuts_a_title(shipped: Path) -> None:
    result = run("summary", "2026", "--by", "korrektion", "--format", "markdown")
    assert result.stderr == ""  # a document carries its caveats itself
    assert "Administrationsudgifter til sagsbehandling på arbejdsmarkedsområdet" in result.stdout
    assert "…" not in result.stdout
    assert "T103-administrationsbidrag-til-udbetaling-danmark.yaml:6: foreløbig" in result.stdout
    assert "T106 (2025-priser" in result.stdout
    assert "Administrationsudgifter til sagsbehandling på arbejdsmarkedsområdet" in run("list", "-f", "markdown").stdout


def test_json_carries_the_warnings_in_its_metadata(shipped: Path) -> None:
    result = run("summary", "2026", "--format", "json")
    warnings = json.loads(result.stdout)["metadata"]["advarsler"]
    assert len(warnings) == 2
    assert result.stderr == ""


# --- 3. no silent empty scenario, no contradictory verdict ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--only", "T101", "--status", "godkendt"), "--status godkendt efterlader ingen korrektioner"),
        (("--status", "afvist"), "--status afvist efterlader ingen korrektioner"),
        (("--only", "T101", "--without", "T101"), "--without T101 efterlader ingen korrektioner"),
        (("--status", ","), "--status er tom"),
        (("--udvalg", "KFU"), "--udvalg KFU efterlader ingen korrektioner"),
    ],
)
def test_a_selection_that_matches_nothing_is_exit_2_naming_the_filter(
    shipped: Path, args: tuple[str, ...], named: str
) -> None:
    for command in ("summary", "check-targets", "list"):
        result = run(command, *args)
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stdout == ""
        assert named in result.stderr, command
        assert "alle" not in result.stderr


def test_the_baseline_is_there_when_asked_for(shipped: Path) -> None:
    result = run("check-targets", "--ingen-korrektioner")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Resultat: alle 4 mål er opfyldt uden korrektioner (grundlaget)."
    assert "udvalgt: ingen korrektioner (grundlaget)" in result.stdout
    assert run("check-targets", "--ingen-korrektioner", "--only", "T101").exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "csv", "json"])
def test_strict_failing_says_so_in_the_last_line_and_json_agrees_with_the_exit_code(shipped: Path, fmt: str) -> None:
    result = run("check-targets", "--strict", "--format", fmt)
    assert result.exit_code == 1
    expected = (
        "Resultat: IKKE BESTÅET med --strict: 2 advarsler fejler tjekket: T106 ikke omregnet; T103 foreløbig "
        "(målene selv: 4 af 4 opfyldt)."
    )
    if fmt == "json":
        document = json.loads(result.stdout)
        assert (document["opfyldt"], document["mål_opfyldt"], document["resultat"]) == (False, True, expected)
        assert all(target["opfyldt"] for target in document["mål"])  # the targets' own results stay
        return
    last = (result.stderr if fmt == "csv" else result.stdout).rstrip("\n").splitlines()[-1]
    assert last == expected
    assert "alle 4 mål er opfyldt." not in result.stdout + result.stderr


def test_without_strict_json_says_met_and_the_exit_code_is_0(shipped: Path) -> None:
    result = run("check-targets", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["opfyldt"]) == (0, True)


def test_the_movers_say_whether_a_figure_is_the_years_effect_or_the_cumulative_one(shipped: Path) -> None:
    table = run("check-targets").stdout
    assert "Strukturel balance (2026, årets effekt): T109 (+3,800)" in table
    assert "Gennemsnitlig kassebeholdning (2029, akkumuleret effekt 2026–2029): T109 (-15,200)" in table
    assert "Anlæg (gennemsnittet, gennemsnitlig effekt pr. år 2026–2029)" in table
    kinds = [
        target["flyttet_mest_af_effekt"] for target in json.loads(run("check-targets", "-f", "json").stdout)["mål"]
    ]
    assert kinds == ["år", "gennemsnit", "akkumuleret", "år"]


# --- 4. warnings once, where they matter ---------------------------------------------------------------------


def test_show_warns_only_about_the_corrections_it_shows(shipped: Path) -> None:
    assert run("show", "T101").stderr == ""
    both = run("show", "T101", "T103").stderr
    assert both.count("T103") == 1
    assert "T304" not in both


def test_each_warning_is_printed_once_per_run(shipped: Path) -> None:
    for args in (("summary", "2026"), ("check-targets",), ("list",), ("summary", "--format", "csv")):
        stderr = run(*args).stderr
        assert stderr.count("T304") == 1, args
        assert stderr.count("T103") <= 1, args


def test_the_file_count_is_the_same_in_every_command(shipped: Path) -> None:
    counts = {
        args[0]: [line.rpartition(" i ")[2] for line in run(*args).stderr.splitlines() if line.endswith(" filer")]
        for args in (("validate",), ("summary", "2026"), ("check-targets",), ("list",))
    }
    assert counts == {key: ["12 filer"] for key in counts}  # 9 corrections, budget, targets, prisniveau


# --- 6. the domain -----------------------------------------------------------------------------------------


def test_negative_full_time_positions_sum_and_print_with_their_sign(budget: Budget) -> None:
    budget.write(
        "T101-a.yaml",
        with_lines(VALID, fuldtidsstillinger="fuldtidsstillinger: {2026: -2.0, 2027: 0, 2028: 0, 2029: 0}"),
    )
    budget.write(
        "T102-b.yaml",
        with_lines(
            VALID.replace("nr: T101", "nr: T102"),
            fuldtidsstillinger="fuldtidsstillinger: {2026: 0.5, 2027: 0, 2028: 0, 2029: 0}",
        ),
    )
    assert run("validate").exit_code == 0
    total = next(line for line in run("summary", "2026").stdout.splitlines() if line.startswith("I alt"))
    assert total.split()[-1] == "-1,50"
    assert "Antal fuldtidsstillinger       -2,00" in run("show", "T101").stdout


def test_show_takes_several_numbers_in_the_order_given_and_a_committee(shipped: Path) -> None:
    text = run("show", "T105", "t101").stdout
    assert text.index("T105\n") < text.index("T101\n")
    assert "T304\n" in run("show", "--udvalg", "BUU").stdout
    wrong = run("show", "T101", "--udvalg", "BUU")
    assert (wrong.exit_code, wrong.stderr) == (2, "budgetkorr: T101 hører ikke til Børne- og ungdomsudvalget\n")


def test_summary_shows_who_pays_and_the_net_effect_on_the_service_frame(shipped: Path) -> None:
    document = json.loads(run("summary", "2026", "--format", "json").stdout)
    (year,) = document["finansiering"]
    # T101 (2.000) and T102 (0.950) are paid by anlæg; the rest of the 11.548 comes from the cash balance
    assert (year["netto"], year["fra_anlæg"], year["fra_kassen"]) == (11.548, 2.95, 8.598)
    assert year["fra_anlæg"] + year["fra_drift"] + year["fra_indtægter"] + year["fra_kassen"] == pytest.approx(
        year["netto"]
    )
    check = json.loads(run("check-targets", "--format", "json").stdout)
    assert check["mål"][0]["år"][0]["korrektioner"] == year["fra_kassen"]  # strukturel balance 2026
    assert (year["serviceramme_brutto"], year["serviceramme_netto"]) == (10.703, 10.703)
    table = run("summary", "2026").stdout
    assert "Finansieret af kassen (resten)             8,598" in table


def test_csv_rows_of_every_command_say_what_they_are_made_from(shipped: Path) -> None:
    for args in (("summary", "2026"), ("summary", "--by", "korrektion"), ("list",), ("check-targets",)):
        rows = list(csv.DictReader(io.StringIO(run(*args, "--without", "T109", "--format", "csv").stdout)))
        assert rows, args
        assert {(row["budgetår"], row["udvalgt"]) for row in rows} == {("2026", _without_t109(args[0]))}, args
    targets = list(csv.DictReader(io.StringIO(run("check-targets", "--format", "csv").stdout)))
    assert {row["prisniveau"] for row in targets} == {"2026"}


def _without_t109(command: str) -> str:
    statuses = "forslag, godkendt, afvist" if command == "list" else "forslag, godkendt"
    return f"status {statuses}; uden T109"


def test_years_outside_the_budget_period_are_named_where_they_are_written(rated: Path) -> None:
    path = next((rated / "corrections").glob("T105-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("2026:", "2030:"), encoding="utf-8")
    line = next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("udgifter")
    )
    result = run("validate")
    assert result.exit_code == 0  # a warning: the check leaves the year out, and says so
    expected = f"data/corrections/{path.name}:{line}: udgifter: advarsel: 2030 ligger uden for budgetperioden 2026–2029"
    assert expected in result.stderr
    assert expected in run("check-targets").stderr  # the command whose figures it qualifies says it too

"""Amounts written `ukendt`: only in a foreløbig correction; shown as `ukendt`; a total that lacks one never looks
complete; check-targets can not decide a target they move, and says how much they may add."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from budgetkorr.compute import Figures, summarize
from budgetkorr.core.entry import Entry
from budgetkorr.models import Committee, Correction
from budgetkorr.render.unknown import MARK
from tests.conftest import BUDGET, TARGETS, TWO_YEARS, Budget, run, with_lines

# T102: foreløbig, its 2026 not yet known; 2027 known.
UNKNOWN_2026 = with_lines(
    TWO_YEARS,
    nr="nr: T102",
    status="status: forslag\nforeløbig: true",
    udgifter="udgifter:  {2026: ukendt, 2027: 1.000}",
    netto="netto:     {2026: ukendt, 2027: 1.000}",
)


@pytest.fixture
def unknown_repo(budget: Budget) -> Budget:
    """The test overview and targets; T101 (netto 2.000 a year) and T102 (2026 ukendt, 2027 1.000)."""
    budget.write_data("budget.yaml", BUDGET)
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", TWO_YEARS)
    budget.write("T102-b.yaml", UNKNOWN_2026)
    return budget


def test_unknown_outside_a_preliminary_correction_is_an_error_at_its_line(budget: Budget) -> None:
    budget.write("T102-b.yaml", UNKNOWN_2026.replace("foreløbig: true\n", ""))
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "data/corrections/T102-b.yaml:8: udgifter.2026: ukendt er kun tilladt i udgifter, indtægter, netto og "
        "engangsudgifter i en korrektion med foreløbig: true; marker korrektionen foreløbig, eller skriv tallet"
    )
    assert "T102-b.yaml:10: netto.2026: ukendt er kun tilladt" in result.stderr
    summary = run("summary", "2026")
    assert (summary.exit_code, summary.stdout) == (2, "")  # no totals from invalid input


def test_unknown_is_not_an_amount_of_positions_nor_of_a_financing(budget: Budget) -> None:
    budget.write(
        "T102-b.yaml", with_lines(UNKNOWN_2026, fuldtidsstillinger="fuldtidsstillinger: {2026: ukendt, 2027: 0}")
    )
    result = run("validate")
    assert result.exit_code == 2
    assert "T102-b.yaml:12: fuldtidsstillinger.2026: ukendt er kun tilladt i udgifter" in result.stderr


def test_a_preliminary_correction_with_unknown_is_valid(unknown_repo: Budget) -> None:
    assert run("validate").exit_code == 0


def test_summary_shows_unknown_and_no_complete_looking_total(unknown_repo: Budget) -> None:
    by_correction = run("summary", "2026", "--by", "korrektion")
    assert by_correction.exit_code == 0
    t102 = next(line for line in by_correction.stdout.splitlines() if line.startswith("T102"))
    assert t102.split()[-7:-4] == ["ukendt", "0,000", "ukendt"]  # udgifter, indtægter, netto
    total = next(line for line in by_correction.stdout.splitlines() if line.startswith("I alt"))
    assert "2,000+?" in total.split()  # the known part (T101's 2.000), marked
    assert "2,000" not in total.split()[4:7]
    by_committee = run("summary", "2026")
    assert "Omfatter ukendte beløb: T102 (2026); en total med +? er kun den kendte del" in by_committee.stdout
    rows = [line for line in by_committee.stdout.splitlines() if line.startswith(("Økonomiudvalget", "I alt"))]
    assert [line.split()[-7] for line in rows] == ["2,000" + MARK] * 2  # Udgifter: T101's, lacking T102's
    assert "Korrektionernes netto (brutto)            2,000+?" in by_committee.stdout
    assert "Finansieret af kassen (resten)            2,000+?" in by_committee.stdout


def test_a_known_year_is_complete_and_the_sum_of_its_rows(unknown_repo: Budget) -> None:
    result = run("summary", "2027")
    total = next(line for line in result.stdout.splitlines() if line.startswith("I alt"))
    assert total.split()[3:6] == ["3,000", "0,000", "3,000"]
    assert MARK not in result.stdout.split("Omfatter ukendte beløb")[1].split("\n", 1)[1]


def test_csv_marks_the_known_part_and_names_what_it_lacks(unknown_repo: Budget) -> None:
    result = run("summary", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_year = {row["år"]: row for row in rows}
    assert (by_year["2026"]["netto"], by_year["2026"]["ukendte"]) == ("2.000+?", "T102")
    assert (by_year["2027"]["netto"], by_year["2027"]["ukendte"]) == ("3.000", "")
    per_correction = list(csv.DictReader(io.StringIO(run("summary", "--by", "korrektion", "--format", "csv").stdout)))
    t102 = next(row for row in per_correction if row["nr"] == "T102" and row["år"] == "2026")
    assert (t102["udgifter"], t102["netto"], t102["netto_indenfor"]) == ("ukendt", "ukendt", "ukendt")


def test_json_writes_null_and_lists_the_unknown_contributors(unknown_repo: Budget) -> None:
    document = json.loads(run("summary", "--format", "json").stdout)
    total_2026, total_2027 = document["i_alt"]
    assert (total_2026["netto"], total_2026["udgifter"], total_2026["indtægter"]) == (None, None, 0.0)
    assert total_2026["ukendte"] == ["T102"]
    assert (total_2027["netto"], total_2027["ukendte"]) == (3.0, [])
    assert document["metadata"]["ukendte"] == [{"nr": "T102", "år": [2026]}]
    financing_2026 = document["finansiering"][0]
    assert (financing_2026["netto"], financing_2026["fra_anlæg"], financing_2026["ukendte"]) == (None, 0.0, ["T102"])


def test_markdown_and_the_workbook_mark_the_total(unknown_repo: Budget, tmp_path: Path) -> None:
    markdown = run("summary", "2026", "--format", "markdown").stdout
    assert "| I alt | 2 | 2,000+? |" in " ".join(markdown.replace("**", "").split())
    from openpyxl import load_workbook

    assert run("summary", "--format", "xlsx", "--output", "s.xlsx").exit_code == 0
    sheet = load_workbook(tmp_path / "s.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    # text, so that no sum in the sheet takes the known part for the whole; 2027 is a number
    assert (first["Netto 2026"], first["Ukendte beløb 2026"], first["Netto 2027"]) == ("2,000+?", "T102", 3)
    total = dict(zip(header, [cell.value for cell in sheet[sheet.max_row]], strict=True))
    assert (total["Udvalg"], total["Netto 2026"], total["Netto 2027"]) == ("I alt", "2,000+?", 3)


def test_check_targets_can_not_decide_and_states_the_headroom(unknown_repo: Budget) -> None:
    result = run("check-targets")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Strukturel balance 2026: -30 + 2 = -28, margin 28: the unknown may add exactly that
    assert "Råderum for ukendte beløb: Strukturel balance 2026: højst 28,000 (T102)" in lines
    # Cash: 2026 198 (margin 23), 2027 195 (margin 20); an amount in 2026 lowers both years: the smaller
    assert "Råderum for ukendte beløb: Gennemsnitlig kassebeholdning 2026: højst 20,000 (T102)" in lines
    assert lines[-1] == (
        "Resultat: 2 af 4 mål kan ikke afgøres, fordi ukendte beløb indgår: Strukturel balance, "
        "Gennemsnitlig kassebeholdning."
    )
    balance_2026 = next(line for line in lines if line.startswith("Strukturel balance"))
    assert balance_2026.split()[-3:] == ["+28,000+?", "kan", "ikke"] or "kan ikke afgøres" in balance_2026
    balance_2027 = lines[lines.index(balance_2026) + 1]
    assert balance_2027.rstrip().endswith("ja")  # 2027 is known: decided


def test_several_unknown_amounts_in_a_year_share_the_headroom(unknown_repo: Budget) -> None:
    unknown_repo.write("T103-c.yaml", UNKNOWN_2026.replace("nr: T102", "nr: T103"))
    result = run("check-targets")
    assert result.exit_code == 1
    # T103 adds 1.000 in 2027 too: strukturel balance 2026 is still -28, margin 28, for both together
    assert "Råderum for ukendte beløb: Strukturel balance 2026: højst 28,000 (T102, T103)" in result.stdout


def test_the_headroom_of_a_target_the_known_part_already_misses_is_negative(unknown_repo: Budget) -> None:
    unknown_repo.write_data(
        "budget.yaml",
        BUDGET.replace("driftsudgifter:             {2026: 950.000", "driftsudgifter:             {2026: 980.000"),
    )
    result = run("check-targets")
    # -1100 + 980 + 120 = 0, + 2 = 2 over the threshold 0
    assert "Råderum for ukendte beløb: Strukturel balance 2026: skal være mindst 2,000 mindre (T102)" in result.stdout
    assert result.exit_code == 1


def test_check_targets_json_and_csv(unknown_repo: Budget) -> None:
    document = json.loads(run("check-targets", "--format", "json").stdout)
    balance = next(target for target in document["mål"] if target["id"] == "strukturel_balance")
    assert balance["opfyldt"] is None
    assert [(year["år"], year["opfyldt"]) for year in balance["år"]] == [(2026, None), (2027, True)]
    assert balance["råderum_for_ukendte"] == [{"år": 2026, "højst": 28.0, "ukendte": ["T102"]}]
    repayment = next(target for target in document["mål"] if target["id"] == "afdrag")
    assert repayment["opfyldt"] is True
    assert "råderum_for_ukendte" not in repayment  # no unknown amount moves it
    assert document["opfyldt"] is False
    rows = list(csv.DictReader(io.StringIO(run("check-targets", "--format", "csv").stdout)))
    assert [row["opfyldt"] for row in rows if row["mål"] == "strukturel_balance"] == ["kan ikke afgøres", "ja"]


def test_show_and_the_report_write_unknown_where_the_form_does(unknown_repo: Budget) -> None:
    shown = run("show", "T102").stdout
    assert "Udgifter                      ukendt     1,000" in shown
    assert "Netto                         ukendt     1,000" in shown
    report = run("report", "--format", "markdown").stdout
    assert "| Udgifter | ukendt | 1,000 |" in report
    assert "Ukendt: nettoet for 2026 er ikke kendt endnu; totalerne viser kun den kendte del." in report
    assert "Omfatter ukendte beløb: T102 (2026)" in report
    assert "Råderum for ukendte beløb: Strukturel balance 2026: højst 28,000 (T102)" in report
    assert "kan ikke afgøres" in run("report").stdout  # the HTML's target table and chart


def test_list_names_the_unknowns_beside_the_preliminary(unknown_repo: Budget) -> None:
    result = run("list")
    assert "Omfatter foreløbige tal, ikke endelige: T102" in result.stdout
    assert "Omfatter ukendte beløb: T102 (2026)" in result.stdout


def test_the_form_shown_imports_back_as_unknown(unknown_repo: Budget, tmp_path: Path) -> None:
    (tmp_path / "T102.txt").write_text(run("show", "T102").stdout, encoding="utf-8")
    (unknown_repo.corrections / "T102-b.yaml").unlink()
    assert run("import", str(tmp_path / "T102.txt")).exit_code == 0
    (written,) = unknown_repo.corrections.glob("T102-*.yaml")
    text = written.read_text(encoding="utf-8")
    assert "udgifter:           {2026: ukendt, 2027: 1.000}" in text
    assert "foreløbig: true" in text
    assert run("validate").exit_code == 0


class _File:
    path = Path("x.yaml")

    def line_of(self, location: object) -> int:
        return 1


def _entry(text: str) -> Entry:
    data = yaml.load(text, Loader=yaml.SafeLoader)  # numbers as the loader gives them: exact Decimal
    data = {key: _exact(value) for key, value in data.items()}
    correction = Correction.model_validate(data)
    return Entry(correction, Committee.model_validate({"navn": "Økonomiudvalget", "forkortelse": "ØK"}), _File())


def _exact(value: object) -> object:
    if isinstance(value, dict):
        return {
            year: Decimal(str(amount)) if isinstance(amount, float | int) else amount for year, amount in value.items()
        }
    return value


def test_a_total_is_the_sum_of_its_rows_and_names_every_unknown() -> None:
    known = _entry(TWO_YEARS)
    unknown = _entry(UNKNOWN_2026)
    summary = summarize([known, unknown], [known.committee], "korrektion")
    for year, total in zip(summary.years, summary.totals, strict=True):
        rows = [row.figures for row in summary.rows if row.year == year]
        assert total.net == sum((figures.net for figures in rows), Decimal(0))
        assert total.missing("net") == (("T102",) if year == 2026 else ())
    assert unknown.correction.unknown == {("udgifter", 2026), ("netto", 2026)}
    assert Figures.of(unknown.correction, 2026).missing("net_inside") == ("T102",)


def test_github_annotations_say_the_target_can_not_be_decided(unknown_repo: Budget) -> None:
    result = run("check-targets", "--format", "github")
    assert result.exit_code == 1
    assert (
        "::error title=Mål kan ikke afgøres%3A Strukturel balance::"
        "Råderum for ukendte beløb: Strukturel balance 2026: højst 28,000 (T102)"
    ) in result.stdout.splitlines()
    assert "Mål ikke opfyldt" not in result.stdout  # the known part alone is never judged


def test_diff_shows_unknown_in_the_changes_and_marks_the_totals(unknown_repo: Budget, tmp_path: Path) -> None:
    import shutil

    base = tmp_path / "base"
    shutil.copytree(unknown_repo.data, base)
    (base / "corrections" / "T102-b.yaml").write_text(UNKNOWN_2026.replace("2026: ukendt", "2026: 0.500"))
    result = run("diff", "--data-base", str(base))
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "udgifter.2026: 0,500 → ukendt" in lines
    assert "netto.2026: 0,500 → ukendt" in lines
    assert "I alt 2026 2,500 2,000+? -0,500+?" in lines  # after: T101's 2.000, lacking T102's
    assert "I alt 2027 3,000 3,000 0,000" in lines
    assert any(line.startswith("Strukturel balance 2026:") and "(kan ikke afgøres)" in line for line in lines)
    document = json.loads(run("diff", "--data-base", str(base), "--format", "json").stdout)
    total_2026 = next(row for row in document["netto_pr_udvalg"] if row["udvalg"] is None and row["år"] == 2026)
    assert (total_2026["før"], total_2026["efter"], total_2026["forskel"]) == (2.5, None, None)
    assert (total_2026["ukendte_før"], total_2026["ukendte_efter"]) == ([], ["T102"])


def test_the_word_report_shows_unknown_and_the_marked_totals(unknown_repo: Budget, tmp_path: Path) -> None:
    from tests.docx_outline import outline

    assert run("report", "--format", "docx", "--output", "r.docx").exit_code == 0
    text = outline(tmp_path / "r.docx")
    assert "ukendt" in text
    assert "2,000+?" in text
    assert "Råderum for ukendte beløb: Strukturel balance 2026: højst 28,000 (T102)" in text


def test_the_charts_label_the_known_part_and_grey_out_what_can_not_be_decided(unknown_repo: Budget) -> None:
    html = run("report").stdout
    assert ">2,000+?<" in html  # the net chart's bar for 2026: T101's, lacking T102's
    texts = " ".join(re.findall(r"<text [^>]*>([^<]*)</text>", html))  # a heading wraps over lines of its own
    assert "Strukturel balance (højst 0,000): kan ikke afgøres" in texts
    assert "#8a8a8a" in html  # the margin chart's undecided years


def test_history_shows_unknown_in_the_version_that_had_it(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gitrepo import make_repo

    repo = make_repo(budget, monkeypatch)
    repo.write("T102-b.yaml", UNKNOWN_2026)
    repo.commit("T102 uden tal for 2026")
    repo.write("T102-b.yaml", UNKNOWN_2026.replace("2026: ukendt", "2026: 0.500"))
    repo.commit("T102 med tal")
    result = run("history", "T102", "--format", "json")
    document = json.loads(result.stdout)
    nets = [[year["netto"] for year in version["netto"]] for version in document["versioner"]]
    assert [None, 1.0] in nets
    assert [0.5, 1.0] in nets
    assert "ukendt" in run("history", "T102").stdout

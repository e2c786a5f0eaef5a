"""One budget year, one period, one price level, whatever the command: budget.yaml, the corrections and their price
levels disagreeing, every output names the same; a budget.yaml the corrections do not fit stops check-targets."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetkorr.core.folder import BUDGET_FILE
from budgetkorr.core.period import budget_period, default_price_level
from budgetkorr.loader import load_dataset
from tests.conftest import REPO, TARGETS, VALID, Budget, run, with_lines
from tests.gitrepo import make_repo

# The shipped overview is for 2026–2029 in 2026-priser: last year's, beside corrections for 2027–2030.
LAST_YEARS_BUDGET = (REPO / "data" / BUDGET_FILE).read_text(encoding="utf-8")
THIS_YEARS_BUDGET = re.sub(r"\b(20[23]\d)\b", lambda m: str(int(m.group(1)) + 1), LAST_YEARS_BUDGET).replace(
    "prisniveau: 2027", "prisniveau: 2026"
)  # 2027–2030, still in 2026-priser: the corrections are mostly in 2027-priser
RATES = "kilde: Test, satser fra 2025 til 2027\nsatser:\n  2025: 2.0\n  2026: 3.0\n"
STALE_MESSAGE = "budgetperioden er 2026–2029, men korrektionerne har beløb i 2027–2030"


def _correction(nr: str, level: int, amount: str, years: range = range(2027, 2031)) -> str:
    row = "{" + ", ".join(f"{year}: {amount}" for year in years) + "}"
    zeros = "{" + ", ".join(f"{year}: 0" for year in years) + "}"
    return with_lines(
        VALID,
        nr=f"nr: {nr}",
        prisniveau=f"prisniveau: {level}",
        iværksættelse=f"iværksættelse: {years[0]}-01-01",
        udgifter=f"udgifter: {row}",
        indtægter=f"indtægter: {zeros}",
        netto=f"netto: {row}",
        fuldtidsstillinger=f"fuldtidsstillinger: {zeros}",
    )


def _folder(budget: Budget, overview: str) -> None:
    """Corrections for 2027–2030, two in 2027-priser and T103 in 2026-priser, with rates that join them."""
    budget.write_data(BUDGET_FILE, overview)
    budget.write_data("targets.yaml", TARGETS)
    budget.write_data("prisniveau.yaml", RATES)
    budget.write("T101-a.yaml", _correction("T101", 2027, "2.000"))
    budget.write("T102-b.yaml", _correction("T102", 2027, "0.500"))
    budget.write("T103-c.yaml", _correction("T103", 2026, "1.000"))


def _named(text: str) -> tuple[set[int], set[int]]:
    """The budget years and the price levels an output names in its words (titles, headings, units, forms)."""
    years = {int(y) for y in re.findall(r"\b[Bb]udget (\d{4})\b", text)}
    levels = {
        int(level)
        for pattern in (r"Prisniveau: (\d{4})-priser", r"mio\. kr\., (\d{4})-priser", r"Mio\. kr\. i (\d{4})-priser")
        for level in re.findall(pattern, text)
    }
    return years, levels


def _json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _netto_on_form(page: str, number: str) -> Decimal:
    """The form's first netto in the report's price level: as written, or (a form in another level) converted."""
    form = page.split(f'id="{number}"', 1)[1].split("</article>", 1)[0]
    rows = re.findall(r"<td[^>]*>Netto</td>(.*?)</tr>", form)
    assert rows
    first = re.findall(r">([-\d.,]+)<", rows[-1])[0]
    return Decimal(first.replace(".", "").replace(",", "."))


@pytest.mark.parametrize(
    ("overview", "level", "t103"),
    [
        # last year's budget.yaml: the corrections decide (2027, and the 2027-priser most of them are in)
        (LAST_YEARS_BUDGET, 2027, Decimal("1.030")),
        # this year's, in another price level than most corrections: budget.yaml decides both
        (THIS_YEARS_BUDGET, 2026, Decimal("1.000")),
    ],
    ids=["stale-budget", "budget-in-other-prices"],
)
def test_every_command_names_the_same_budget_year_and_price_level(
    budget: Budget, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, overview: str, level: int, t103: Decimal
) -> None:
    repo = make_repo(budget, monkeypatch)
    _folder(budget, overview)
    repo.commit("Korrektionerne")
    stale = overview == LAST_YEARS_BUDGET
    year = 2027
    words: dict[str, str] = {}  # command → what it printed, on stdout and stderr

    def named(label: str, *args: str, code: tuple[int, ...] = (0, 1)) -> str:
        result = run(*args)
        assert result.exit_code in code, (label, result.stderr)
        words[label] = result.stdout + result.stderr
        return result.stdout

    # summary: JSON, markdown, CSV, a workbook
    document = _json("summary", "--by", "korrektion")
    assert (document["metadata"]["budgetår"], document["metadata"]["prisniveau"]) == (year, level)
    netto = {row["nr"]: Decimal(str(row["netto"])) for row in document["rækker"] if row["år"] == year}
    assert netto["T103"] == t103
    named("summary markdown", "summary", "--format", "markdown")
    rows = list(csv.DictReader(io.StringIO(named("summary csv", "summary", str(year), "--format", "csv"))))
    assert {(row["budgetår"], row["prisniveau"]) for row in rows} == {(str(year), str(level))}
    import openpyxl

    named("summary xlsx", "summary", "--format", "xlsx", "--output", str(tmp_path / "s.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["Kilde"]
    words["summary xlsx"] += "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)

    # list and show name the budget year, and no price level but each correction's own
    assert _json("list")["metadata"]["budgetår"] == year
    named("list markdown", "list", "--format", "markdown")
    named("show", "show", "T103")

    # check-targets: judged in budget.yaml's price level when the corrections fit it, refused when they do not
    if stale:
        named("check-targets", "check-targets", code=(2,))
    else:
        checked = _json("check-targets")
        assert (checked["metadata"]["budgetår"], checked["prisniveau"]) == (year, level)
        named("check-targets markdown", "check-targets", "--format", "markdown")

    # the report: its title, its first page and every form
    page = named("report html", "report")
    assert _netto_on_form(page, "T103") == t103
    assert ("Målene er ikke med: budget.yaml: " + STALE_MESSAGE in page) is stale
    named("report markdown", "report", "--format", "markdown")

    # diff against a copy with one change: both sides in the one price level
    base = tmp_path / "base"
    shutil.copytree(budget.data, base)
    (base / "corrections" / "T101-a.yaml").write_text(_correction("T101", 2027, "1.000"), encoding="utf-8")
    compared = _json("diff", "--data-base", str(base))
    assert compared["prisniveau"] == level
    named("diff markdown", "diff", "--data-base", str(base), "--format", "markdown")

    # new: a template for the budget period in the price level
    template = yaml.safe_load(named("new", "new", "--udvalg", "ØK", "--titel", "Ny", "--dry-run"))
    assert (list(template["udgifter"]), template["prisniveau"]) == ([2027, 2028, 2029, 2030], level)

    # history shows each version as written: its own price level, no budget year of the folder
    versions = _json("history", "T103")["versioner"]
    assert [version["prisniveau"] for version in versions] == [2026]
    named("history", "history", "T103")

    named("validate", "validate")
    # a form shows a correction as written, in its own price level (the report's, in another, converted too)
    own = {row["prisniveau"] for row in _json("list")["korrektioner"]}
    forms = ("show", "report html", "report markdown")
    for label, text in words.items():
        years, levels = _named(text)
        assert years <= {year}, (label, years)
        assert levels <= ({level} | own if label in forms else {level}), (label, levels)
        # every command that reads the folder names the mismatch, and only when there is one
        if label != "history":
            assert (STALE_MESSAGE in text) is stale, label
    # the outputs that name a budget year in words (and, with the mismatch, the warning every command gives)
    naming = ["summary markdown", "summary xlsx", "list markdown", "report html", "report markdown"]
    naming += [label for label in words if label != "history"] if stale else ["check-targets markdown"]
    assert {label: _named(words[label])[0] for label in naming} == {key: {year} for key in naming}
    pricing = ["summary markdown", "summary xlsx", "diff markdown"]
    pricing += [] if stale else ["check-targets markdown"]
    assert {label: _named(words[label])[1] for label in pricing} == {key: {level} for key in pricing}
    for label in ("report html", "report markdown"):  # the first page and the totals: the one level
        assert f"Prisniveau: {level}-priser" in words[label], label


@pytest.fixture
def stale(budget: Budget) -> Budget:
    """Last year's budget.yaml (2026–2029, 2026-priser) beside this year's corrections (2027–2030)."""
    _folder(budget, LAST_YEARS_BUDGET)
    return budget


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown", "github"])
def test_check_targets_refuses_a_budget_the_corrections_do_not_fit_in_every_format(stale: Budget, fmt: str) -> None:
    result = run("check-targets", "--strict", "--format", fmt)
    assert result.exit_code == 2
    line = next(line for line in result.stderr.splitlines() if STALE_MESSAGE in line)
    assert line.startswith("data/budget.yaml:13: driftsudgifter: budgetperioden er 2026–2029")  # an error
    assert "de fleste korrektioner er til budget 2027 (2027–2030)" in line
    assert "check-targets tjekker ikke målene" in line
    assert "opfyldt" not in result.stdout + result.stderr  # nothing judged
    if fmt == "github":
        errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
        assert len(errors) == 1
        assert errors[0].startswith("::error file=data/budget.yaml,line=13::driftsudgifter: " + STALE_MESSAGE)
    else:
        assert result.stdout == ""


def test_check_targets_refuses_before_writing_a_workbook(stale: Budget, tmp_path: Path) -> None:
    target = tmp_path / "mål.xlsx"
    result = run("check-targets", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 2
    assert STALE_MESSAGE in result.stderr
    assert not target.exists()


def test_one_correction_past_the_period_is_enough_and_the_message_says_which(budget: Budget) -> None:
    budget.write_data(BUDGET_FILE, THIS_YEARS_BUDGET)
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", _correction("T101", 2026, "2.000"))
    budget.write("T102-b.yaml", _correction("T102", 2026, "1.000", range(2027, 2032)))  # one year too many
    budget.write("T103-c.yaml", _correction("T103", 2026, "1.000"))
    result = run("check-targets")
    assert result.exit_code == 2
    assert (
        "data/budget.yaml:13: driftsudgifter: budgetperioden er 2027–2030, men korrektionerne har beløb i "
        "2027–2031 (T102 har år uden for den); ret årene i de korrektioner, eller flyt dem ud af corrections/; "
        "check-targets tjekker ikke målene, før de passer sammen"
    ) in result.stderr
    assert "data/corrections/T102-b.yaml:8: udgifter: advarsel: 2031 ligger uden for budgetperioden 2027–2030" in (
        result.stderr
    )
    summary = run("summary", "--format", "json")  # the other commands go on, and say it as a warning
    assert summary.exit_code == 0
    metadata = json.loads(summary.stdout)["metadata"]
    assert metadata["budgetår"] == 2027
    assert any("driftsudgifter: advarsel: budgetperioden er 2027–2030" in w for w in metadata["advarsler"])


def test_corrections_that_start_later_fit_and_budget_yaml_names_the_year(budget: Budget) -> None:
    budget.write_data(BUDGET_FILE, LAST_YEARS_BUDGET)  # 2026–2029
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", _correction("T101", 2026, "2.000", range(2027, 2030)))
    budget.write("T102-b.yaml", _correction("T102", 2026, "1.000", range(2028, 2030)))
    checked = run("check-targets", "--format", "json")
    assert checked.exit_code == 0, checked.stderr
    assert json.loads(checked.stdout)["metadata"]["budgetår"] == 2026
    # summary and list used to take the year from the corrections, which start in 2027
    assert json.loads(run("summary", "--format", "json").stdout)["metadata"]["budgetår"] == 2026
    assert json.loads(run("list", "--format", "json").stdout)["metadata"]["budgetår"] == 2026
    assert "budgetperioden" not in run("summary").stderr


def test_the_diff_leaves_out_the_targets_of_a_side_the_corrections_do_not_fit(stale: Budget, tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(stale.data, base)
    (base / BUDGET_FILE).write_text(THIS_YEARS_BUDGET, encoding="utf-8")  # last week budget.yaml was this year's
    result = run("diff", "--data-base", str(base), "--fail-on-worse", "--format", "json")
    assert result.exit_code == 0
    notes = json.loads(result.stdout)["noter"]
    assert any(note.startswith("data: målene tjekkes ikke: budget.yaml: " + STALE_MESSAGE) for note in notes), notes


# --- the decision itself, on loaded folders -------------------------------------------------------------------


def test_without_budget_yaml_the_period_most_corrections_are_written_for_decides(budget: Budget) -> None:
    budget.write("T101-a.yaml", _correction("T101", 2026, "1.000", range(2026, 2030)))
    budget.write("T102-b.yaml", _correction("T102", 2026, "1.000", range(2026, 2030)))
    budget.write("T103-c.yaml", _correction("T103", 2027, "1.000", range(2027, 2030)))  # starts later
    budget.write("T104-d.yaml", _correction("T104", 2027, "1.000", range(2027, 2030)))
    dataset = load_dataset(budget.data, other_files={BUDGET_FILE: False})
    period = budget_period(dataset)
    # a tie of two and two: the longer period, which holds the one that starts later
    assert (period.years, period.budget_year, period.fits) == ((2026, 2027, 2028, 2029), 2026, True)
    assert default_price_level(dataset) == 2027  # a tie of levels: the later
    budget.write_data(BUDGET_FILE, LAST_YEARS_BUDGET)
    dataset = load_dataset(budget.data, other_files={BUDGET_FILE: False})
    assert (budget_period(dataset).budget_year, default_price_level(dataset)) == (2026, 2026)  # budget.yaml's


def test_an_empty_folder_has_no_budget_year(budget: Budget) -> None:
    dataset = load_dataset(budget.data, other_files={BUDGET_FILE: False})
    assert (budget_period(dataset).budget_year, default_price_level(dataset)) == (None, None)
    result = run("summary", "--ingen-korrektioner", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["metadata"]["budgetår"] is None
    assert "Budget (intet budgetår)" in run("list", "--ingen-korrektioner", "--format", "markdown").stdout
    new = run("new", "--udvalg", "ØK", "--titel", "Ny", "--dry-run")
    assert new.exit_code == 2
    assert "budgetperioden kan ikke ses" in new.stderr


def test_the_docs_show_what_the_gate_says_about_last_years_budget_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    for path in (data / "corrections").glob("*.yaml"):  # this year's corrections: every year one later
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\b(202\d)\b", lambda m: str(int(m.group(1)) + 1), text), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    result = run("check-targets", "--strict")
    assert result.exit_code == 2
    page = (REPO / "docs" / "targets.md").read_text(encoding="utf-8")
    shown = page.split("```text\ndata/budget.yaml:13:", 1)[1].split("\n", 1)[0]
    assert "data/budget.yaml:13:" + shown in result.stderr.splitlines()

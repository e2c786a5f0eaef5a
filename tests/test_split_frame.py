"""A correction partly inside the service frame (delvist) that gives the split: netto_indenfor."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED_DATA, VALID, Budget, run, with_lines
from tests.test_converted_forms import show_then_import

SPLIT = "netto_indenfor: {2026: 0.100, 2027: 0.100, 2028: 0.100, 2029: 0.100}"
# T101 of VALID (2,000 a year), partly inside: 0,500 inside, 1,500 outside.
PARTLY = with_lines(VALID, indenfor_servicerammen="indenfor_servicerammen: delvist").replace(
    "fuldtidsstillinger:", "netto_indenfor: {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}\nfuldtidsstillinger:"
)


def _csv(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def shipped_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data with T304 split: 0,100 of its 0,245 a year inside the frame."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    path = next((data / "corrections").glob("T304-*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("fuldtidsstillinger:", f"{SPLIT}\nfuldtidsstillinger:", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return data


def test_t304_split_puts_each_part_in_its_column_of_the_summary(shipped_split: Path) -> None:
    result = run("summary", "2026")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("Børne- og ungdomsudvalget"))
    # netto 0,245: 0,100 inside, 0,145 outside, nothing left in the delvist column
    assert row.split()[-5:] == ["0,245", "0,100", "0,145", "0,000", "0,54"]
    assert "af T304 er delen indenfor under indenfor og resten under udenfor" in result.stdout
    # the split correction no longer carries the warning that its part inside is unknown
    assert "kun delvist indenfor servicerammen" not in result.stderr
    rows = {r["udvalg"]: r for r in _csv("summary", "2026")}
    buu = rows["Børne- og ungdomsudvalget"]
    assert (buu["netto"], buu["netto_indenfor"], buu["netto_udenfor"], buu["netto_delvist"]) == (
        "0.245",
        "0.100",
        "0.145",
        "0.000",
    )


def test_the_split_counts_in_the_service_frame_rows_of_the_financing_table(shipped_split: Path) -> None:
    before = _frame_gross(SHIPPED_DATA)
    after = _frame_gross(shipped_split)
    assert after - before == Decimal("0.100")


def _frame_gross(data: Path) -> Decimal:
    result = run("summary", "2026", "--format", "json", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    return Decimal(str(document["finansiering"][0]["serviceramme_brutto"]))


def test_a_correction_without_split_keeps_the_delvist_column_and_its_warning(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, indenfor_servicerammen="indenfor_servicerammen: delvist"))
    result = run("summary", "2026", "--by", "korrektion", "--format", "csv")
    assert result.exit_code == 0
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["netto_indenfor"], row["netto_udenfor"], row["netto_delvist"]) == ("0.000", "0.000", "2.000")
    assert "kun delvist indenfor servicerammen" in result.stderr


def test_a_converted_split_still_adds_up_to_netto(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(PARTLY, prisniveau="prisniveau: 2025"))
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    row = _csv("summary", "2026", "--by", "korrektion", "--prisniveau", "2026")[0]
    inside, outside = Decimal(row["netto_indenfor"]), Decimal(row["netto_udenfor"])
    assert inside == Decimal("0.515")  # 0.500 × 1.029, rounded once
    assert inside + outside == Decimal(row["netto"]) == Decimal("2.058")


@pytest.mark.parametrize(
    ("change", "location", "message"),
    [
        (
            {"indenfor_servicerammen": "indenfor_servicerammen: ja"},
            ":11: netto_indenfor:",
            "netto_indenfor gælder kun indenfor_servicerammen: delvist; ved ja er hele netto indenfor",
        ),
        (
            {"netto_indenfor": "netto_indenfor: {2026: 2.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}"},
            ":11: netto_indenfor.2026:",
            "2.500 ligger ikke mellem 0 og netto 2026 (2.000)",
        ),
        (
            {"netto_indenfor": "netto_indenfor: {2026: -0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}"},
            ":11: netto_indenfor.2026:",
            "-0.500 ligger ikke mellem 0 og netto 2026 (2.000)",
        ),
        (
            {"netto_indenfor": "netto_indenfor: {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500, 2030: 0.1}"},
            ":11: netto_indenfor.2030:",
            "2030 ligger uden for udgifternes år (2026–2029)",
        ),
        (
            {"netto_indenfor": "netto_indenfor: {2026: 0.500, 2027: 0.500}"},
            ":11: netto_indenfor:",
            "mangler 2028, 2029; skriv den del af netto, der er indenfor, for hvert år",
        ),
    ],
)
def test_a_wrong_split_is_an_error_at_its_line(
    budget: Budget, change: dict[str, str], location: str, message: str
) -> None:
    budget.write("T101-a.yaml", with_lines(PARTLY, **change))
    result = run("validate")
    assert result.exit_code == 2
    line = next(line for line in result.stderr.splitlines() if location in line)
    assert line.startswith("data/corrections/T101-a.yaml:11: netto_indenfor")
    assert message in line


def test_show_and_import_carry_the_split(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", PARTLY)
    lines, written = show_then_import("T101", budget.corrections / "T101-a.yaml", tmp_path)
    assert "heraf indenfor rammen          0,500     0,500     0,500     0,500" in lines
    assert "heraf udenfor rammen           1,500     1,500     1,500     1,500" in lines
    assert "\nnetto_indenfor:     {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}\n" in written


def test_the_reports_form_shows_the_split_in_every_format(budget: Budget) -> None:
    budget.write("T101-a.yaml", PARTLY)
    markdown = run("report", "--format", "markdown").stdout
    assert "| heraf indenfor servicerammen | 0,500 | 0,500 | 0,500 | 0,500 |  |" in markdown
    assert "| heraf udenfor servicerammen | 1,500 | 1,500 | 1,500 | 1,500 |  |" in markdown
    html = run("report").stdout
    assert "heraf udenfor servicerammen" in html


def test_diff_names_a_changed_split(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", PARTLY)
    base = tmp_path / "base"
    shutil.copytree(budget.data, base)
    budget.write(
        "T101-a.yaml",
        with_lines(PARTLY, netto_indenfor="netto_indenfor: {2026: 0.800, 2027: 0.500, 2028: 0.500, 2029: 0.500}"),
    )
    result = run("diff", "--data-base", str(base))
    assert result.exit_code == 0, result.stderr
    assert "netto_indenfor.2026: 0,500 → 0,800 (+0,300)" in result.stdout


def test_a_new_file_explains_the_split_without_giving_one() -> None:
    from budgetkorr.templates import template

    data, comments = template("T110", "Prøve", "Økonomiudvalget", (2027, 2028), None)
    assert "netto_indenfor" not in data
    assert any(line.startswith("netto_indenfor: {2027: 0.100}") for line in comments["netto"])


def test_import_asks_for_the_split_of_a_ja_nej_form_that_does_not_give_it(budget: Budget) -> None:
    result = run("import", str(REPO / "examples" / "import" / "kultur-og-fritid-2027.txt"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    t501 = result.stdout.split("nr: T502", 1)[0]
    assert (
        "# Usikkert (linje 16): Ja/nej: skemaet siger ikke, hvor meget af netto der er indenfor servicerammen; står "
        "det i teksten, så skriv det under netto som netto_indenfor: {2027: …}\nindenfor_servicerammen: delvist\n"
    ) in t501
    assert "netto_indenfor:" not in t501.replace("som netto_indenfor:", "")  # never a guessed split


def test_a_split_of_a_year_whose_netto_is_unknown_is_an_error_at_its_line(budget: Budget) -> None:
    unknown = with_lines(
        PARTLY,
        status="status: forslag\nforeløbig: true",
        udgifter="udgifter:  {2026: ukendt, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
        netto="netto:     {2026: ukendt, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
    )
    budget.write("T101-a.yaml", unknown)
    result = run("validate")
    assert result.exit_code == 2
    assert (
        "data/corrections/T101-a.yaml:12: netto_indenfor.2026: "
        "netto_indenfor kan ikke gives for et år, hvor netto er ukendt"
    ) in result.stderr
    assert "netto_indenfor.2027" not in result.stderr  # the known years' parts stand
    # without the split the unknown netto is accepted, as in any foreløbig correction
    budget.write("T101-a.yaml", "\n".join(line for line in unknown.splitlines() if "netto_indenfor" not in line))
    assert run("validate").exit_code == 0

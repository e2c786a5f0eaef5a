"""A correction written in another price level than the one shown: its form shows the amounts as written and
converted, with both levels and the factor; the totals stay in one level."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, VALID, Budget, run, with_lines

RATE = "kilde: KL, test\nsatser:\n  2025: 3\n"  # 2025 → 2026: × 1,03


@pytest.fixture
def shipped_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped data with a rate for 2025→2026, so T106 (2025-priser) is converted to the folder's 2026."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    (data / "prisniveau.yaml").write_text(RATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return data


def show_then_import(number: str, original: Path, tmp_path: Path) -> tuple[list[str], str]:
    """`show NR`'s lines, and what `import --dry-run` of that text writes once the original file is gone."""
    shown = run("show", number)
    assert shown.exit_code == 0, shown.stderr
    form = tmp_path / f"{number}.txt"
    form.write_text(shown.stdout, encoding="utf-8")
    original.unlink()
    imported = run("import", str(form), "--dry-run")
    assert imported.exit_code == 0, imported.stderr
    return shown.stdout.splitlines(), imported.stdout.split("\n", 1)[1]  # after the `# --- path` line


def _t106(text: str) -> str:
    return text.split("T106 Administrationsudgifter", 1)[1].split("Baggrund for og beskrivelse", 1)[0]


def test_t106s_form_in_the_report_shows_written_and_converted_amounts(shipped_rate: Path, tmp_path: Path) -> None:
    markdown = run("report", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    form = _t106(markdown.stdout)
    assert "| (Mio. kr. i 2025-priser) | 2026 | 2027 | 2028 | 2029 | Iværksættelsestidspunkt: |" in form
    assert "| Netto | 0,500 | 0,500 | 0,500 | 0,500 | Ja |" in form  # as written, as its text says
    assert "#### Omregnet til 2026-priser" in form
    assert "Skemaet er skrevet i 2025-priser; omregnet til rapportens 2026-priser med faktor 1,03" in form
    assert "| Netto | 0,515 | 0,515 | 0,515 | 0,515 |" in form

    html = run("report").stdout
    page = html.split('id="T106"', 1)[1].split("</article>", 1)[0]
    nets = [re.findall(r">([-\d.,]+)<", row) for row in re.findall(r"<td[^>]*>Netto</td>(.*?)</tr>", page)]
    assert nets == [["0,500"] * 4, ["0,515"] * 4]
    assert "faktor 1,03" in page

    import docx

    target = tmp_path / "bilag.docx"
    assert run("report", "--format", "docx", "--output", str(target)).exit_code == 0
    word = docx.Document(str(target))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "Omregnet til 2026-priser" in texts
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert ["Netto", "0,500", "0,500", "0,500", "0,500", "Ja"] in rows
    assert ["Netto", "0,515", "0,515", "0,515", "0,515"] in rows


def test_the_totals_stay_in_one_level(shipped_rate: Path) -> None:
    markdown = run("report", "--format", "markdown").stdout
    assert "- Prisniveau: 2026-priser; omregnet fra 2025-priser (T106)" in markdown
    # netto per correction: T106 in the report's level, as the totals add it
    assert re.search(r"\| T106 \| Administrationsudgifter[^|]* \| ØK \| 0,515 \| 0,515 \| 0,515 \| 0,515 \|", markdown)
    result = run("summary", "2026", "--by", "korrektion", "--format", "csv")
    row = next(line for line in result.stdout.splitlines() if line.startswith("T106,"))
    assert ",0.515," in row


def test_a_form_in_the_shown_level_or_without_a_rate_is_shown_once(shipped: Path) -> None:
    # the shipped data has no rate: T106 stays as written, and says so, as before
    form = _t106(run("report", "--format", "markdown").stdout)
    assert "Omregnet til" not in form
    assert "Ikke omregnet til 2026-priser" in form
    assert "Omregnet til" not in run("show", "T105").stdout


def test_show_gives_the_form_as_written_then_converted_and_import_reads_it_back(
    shipped_rate: Path, tmp_path: Path
) -> None:
    original = next((shipped_rate / "corrections").glob("T106-*.yaml"))
    text = original.read_text(encoding="utf-8")
    lines, written = show_then_import("T106", original, tmp_path)
    assert "(Mio. kr. i 2025-priser)        2026      2027      2028      2029   Iværksættelsestidspunkt:" in lines
    assert "Netto                          0,500     0,500     0,500     0,500   Ja" in lines
    assert "Omregnet til 2026-priser (skrevet i 2025-priser, faktor 1,03; hvert beløb afrundet til 1.000 kr.)" in lines
    assert "  Netto                        0,515     0,515     0,515     0,515" in lines
    assert written == text  # the form as written, the converted block passed over


def test_diff_shows_a_converted_correction_as_written_and_converted(budget: Budget, tmp_path: Path) -> None:
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    base = tmp_path / "base"
    shutil.copytree(budget.data, base)
    budget.write("T101-a.yaml", with_lines(VALID, prisniveau="prisniveau: 2025"))
    result = run("diff", "--data-base", str(base), "--prisniveau", "2026")
    assert result.exit_code == 0, result.stderr
    assert "      netto: 2026 2,000, 2027 2,000, 2028 2,000, 2029 2,000" in result.stdout
    assert (
        "      netto i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 2,058, 2027 2,058, 2028 2,058, "
        "2029 2,058" in result.stdout
    )
    markdown = run("diff", "--data-base", str(base), "--prisniveau", "2026", "--format", "markdown").stdout
    assert "netto i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 2,058" in markdown
    document = json.loads(run("diff", "--data-base", str(base), "--prisniveau", "2026", "--format", "json").stdout)
    added = next(change for change in document["korrektioner"] if change["nr"] == "T101")
    assert added["omregnet_efter"] == {"fra": 2025, "til": 2026, "faktor": 1.029}
    assert added["omregnet_før"] is None


def test_diff_of_a_changed_converted_correction_shows_both_sides_converted(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, prisniveau="prisniveau: 2025"))
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    base = tmp_path / "base"
    shutil.copytree(budget.data, base)
    budget.write(
        "T101-a.yaml",
        with_lines(
            VALID,
            prisniveau="prisniveau: 2025",
            udgifter="udgifter:  {2026: 3.000, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
            netto="netto:     {2026: 3.000, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
        ),
    )
    text = run("diff", "--data-base", str(base), "--prisniveau", "2026").stdout
    assert "      netto.2026: 2,000 → 3,000 (+1,000)" in text  # as written
    assert "      netto før i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 2,058," in text
    assert "      netto efter i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 3,087," in text


def test_shows_converted_block_with_a_remark_and_financing_still_imports_as_written(
    budget: Budget, tmp_path: Path
) -> None:
    text = with_lines(VALID, prisniveau="prisniveau: 2025").replace(
        "baggrund:",
        'bemærkning: "*Opdateres med tal i juni."\n'
        "finansiering:\n  - kilde: anlæg\n    reference: A108\n    beløb: {2026: -1.000, 2027: -1.000}\n"
        "baggrund:",
    )
    budget.write("T101-a.yaml", text)
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))  # the folder's level: 2026
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    lines, data = show_then_import("T101", budget.corrections / "T101-a.yaml", tmp_path)
    assert "  Netto                        2,058     2,058     2,058     2,058" in lines
    assert "  finansiering anlæg A108     -1,029    -1,029         –         –" in lines
    assert 'bemærkning: "*Opdateres med tal i juni."' in data
    assert "    beløb: {2026: -1.000, 2027: -1.000}\n" in data
    assert "prisniveau: 2025\n" in data
    assert "netto:              {2026: 2.000," in data


def test_an_unknown_amount_stays_unknown_when_converted(shipped_rate: Path, tmp_path: Path) -> None:
    path = next((shipped_rate / "corrections").glob("T106-*.yaml"))
    text = path.read_text(encoding="utf-8").replace("foreløbig: false", "foreløbig: true", 1)
    for key in ("udgifter", "netto"):  # 2027 not known yet
        text = re.sub(rf"^({key}:\s+{{2026: 0.500, 2027: )0.500", r"\1ukendt", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    lines, written = show_then_import("T106", path, tmp_path)
    assert "  Netto                        0,515    ukendt     0,515     0,515" in lines  # never a converted 0,000
    assert "  Udgifter                     0,515    ukendt     0,515     0,515" in lines
    assert "2027: ukendt" in written  # read back as written
    path.write_text(text, encoding="utf-8")
    form = _t106(run("report", "--format", "markdown").stdout)
    assert "| Netto | 0,500 | ukendt | 0,500 | 0,500 | Ja |" in form
    assert "| Netto | 0,515 | ukendt | 0,515 | 0,515 |" in form


def test_diff_shows_an_unknown_netto_of_a_converted_correction_as_unknown(budget: Budget, tmp_path: Path) -> None:
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    base = tmp_path / "base"
    shutil.copytree(budget.data, base)
    budget.write(
        "T101-a.yaml",
        with_lines(
            VALID,
            prisniveau="prisniveau: 2025\nforeløbig: true",
            udgifter="udgifter:  {2026: ukendt, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
            netto="netto:     {2026: ukendt, 2027: 2.000, 2028: 2.000, 2029: 2.000}",
        ),
    )
    result = run("diff", "--data-base", str(base), "--prisniveau", "2026")
    assert result.exit_code == 0, result.stderr
    assert "netto i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 ukendt, 2027 2,058" in result.stdout

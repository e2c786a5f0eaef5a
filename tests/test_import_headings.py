"""Forms whose title begins with their number, as a Word heading does (`T101 Digital udvikling …`), and the Word
appendix `report --format docx` writes, imported again: each form's number, title, committee, status and figures
come back; what is not read back (its financing table) is said, never dropped unsaid; a committee's heading between
two forms is not the first form's text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetkorr.models import Correction, fields_of
from tests.conftest import SHIPPED_DATA, Budget, run

# What a form says in figures and words: each must come back from the Word appendix as the file has it, all but
# what the appendix does not give back exactly (its financing table is warned of; a paragraph's line breaks come
# back as spaces); a year of engangsudgifter written 0 is the same as one left out (`_figures`).
NOT_GIVEN_BACK = {"finansiering", "økonomiske_konsekvenser", "engangsudgifter"}
FIELDS = tuple(field.key for field in fields_of(Correction) if field.key not in NOT_GIVEN_BACK)

APPENDIX = """\
Miljø- og teknikudvalget

T501 Vintertjeneste på cykelstier

(Mio. kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt:
Udgifter 0,300 0,300 0,300 0,300 1. januar 2026
Indtægter 0,000 0,000 0,000 0,000 Indenfor servicerammen:
Netto 0,300 0,300 0,300 0,300 Ja
Antal fuldtidsstillinger 0 0 0 0

Baggrund for og beskrivelse af den tekniske korrektion
Flere udkald end budgetteret.

Økonomiske konsekvenser
Udgiften øges med 0,3 mio. kr. årligt.

T502 Nye affaldsbeholdere
i bymidten

(Mio. kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt:
Udgifter 0,120 0,080 0,080 0,080 1. januar 2026
Indtægter 0,000 0,000 0,000 0,000 Indenfor servicerammen:
Netto 0,120 0,080 0,080 0,080 Nej
Antal fuldtidsstillinger 0 0 0 0

Baggrund for og beskrivelse af den tekniske korrektion
Beholderne er slidte.

Økonomiske konsekvenser
Engangsudgift i 2026.
"""


def _figures(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a form shows; a year of engangsudgifter written 0 is the same as one left out."""
    shown = {key: data.get(key) for key in FIELDS}
    shown["engangsudgifter"] = {year: v for year, v in (data.get("engangsudgifter") or {}).items() if v != 0}
    return shown


def test_a_title_that_begins_with_its_number_is_read_with_the_lines_it_wraps_onto(
    budget: Budget, tmp_path: Path
) -> None:
    appendix = tmp_path / "bilag.txt"
    appendix.write_text(APPENDIX, encoding="utf-8")
    result = run("import", str(appendix), "--udvalg", "ØK")
    assert result.exit_code == 0, result.stderr
    read = {data["nr"]: data for data in (yaml.safe_load(p.read_text("utf-8")) for p in budget.corrections.iterdir())}
    assert {number: data["titel"] for number, data in read.items()} == {
        "T501": "Vintertjeneste på cykelstier",  # the committee's heading above is not the title
        "T502": "Nye affaldsbeholdere i bymidten",
    }
    assert read["T502"]["udgifter"] == {2026: 0.12, 2027: 0.08, 2028: 0.08, 2029: 0.08}


@pytest.fixture
def from_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The shipped data's Word appendix imported again; with a rate for 2025→2026, so that T106 (in 2025-priser)
    is shown converted too, under a price line and rows of its own."""
    pytest.importorskip("docx")
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    (tmp_path / "data" / "prisniveau.yaml").write_text("kilde: Test\nsatser: {2025: 2.9}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    appendix = tmp_path / "bilag.docx"
    made = run("report", "--format", "docx", "--output", str(appendix))
    assert made.exit_code == 0, made.stderr
    assert "Omregnet til 2026-priser" in made.stderr + _text(appendix)
    result = run("import", str(appendix), "--out", str(tmp_path / "igen"))
    assert result.exit_code == 0, result.stderr
    return tmp_path / "igen", result.stderr


def _text(appendix: Path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(appendix)).paragraphs)


def test_the_word_appendix_gives_back_every_forms_number_title_committee_and_figures(
    from_word: tuple[Path, str],
) -> None:
    folder, _stderr = from_word
    shipped = {p.name[:4]: yaml.safe_load(p.read_text("utf-8")) for p in (SHIPPED_DATA / "corrections").glob("*.yaml")}
    imported = {p.name[:4]: yaml.safe_load(p.read_text("utf-8")) for p in folder.glob("*.yaml")}
    assert sorted(imported) == sorted(shipped)
    for number, data in shipped.items():
        assert _figures(imported[number]) == _figures(data), number
    assert imported["T106"]["prisniveau"] == 2025  # as written, not as the appendix shows it converted
    # each form has its own committee (T304 is Børne- og ungdomsudvalgets), not the first heading's
    assert imported["T304"]["udvalg"] == "Børne- og ungdomsudvalget"
    # the next committee's heading and subtitle are not the last text of the form before it
    assert "Børne- og ungdomsudvalget" not in imported["T109"]["økonomiske_konsekvenser"]


def test_a_financing_the_word_appendix_shows_but_import_can_not_read_is_said(from_word: tuple[Path, str]) -> None:
    folder, stderr = from_word
    said = {line.split(": ")[1].split()[0] for line in stderr.splitlines() if " finansiering: advarsel: " in line}
    financed = {
        data["nr"]
        for data in (yaml.safe_load(p.read_text("utf-8")) for p in (SHIPPED_DATA / "corrections").glob("*.yaml"))
        if data.get("finansiering")
    }
    assert financed  # the shipped data has financing to lose
    assert said == financed
    assert not any("finansiering" in yaml.safe_load(p.read_text("utf-8")) for p in folder.glob("*.yaml"))

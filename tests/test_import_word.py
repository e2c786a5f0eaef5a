"""A Word appendix as committees write one: each form's box a real Word table, its reasoning holding a Word table and
a bulleted list (Word's own list style, no bullet character in the text), two forms in one document."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import Budget, run

docx = pytest.importorskip("docx")

BOXES = {
    "T311": ("Vintertjeneste på cykelstier", ["0,300", "0,300", "0,300", "0,300"], "Ja"),
    "T312": ("Nye affaldsbeholdere i bymidten", ["0,120", "0,080", "0,080", "0,080"], "Nej"),
}


def _word_appendix(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Miljø- og teknikudvalget")
    for number, (title, figures, answer) in BOXES.items():
        box = document.add_table(rows=0, cols=6)
        for cells in (
            ["Titel", "", "", "", "", "Nr."],
            [title, "", "", "", "", number],
            ["(Mio. kr. i 2026-priser)", "2026", "2027", "2028", "2029", "Iværksættelsestidspunkt:"],
            ["Udgifter", *figures, "01.01.2026"],
            ["Indtægter", "0,000", "0,000", "0,000", "0,000", "Indenfor servicerammen:"],
            ["Netto", *figures, answer],
            ["Antal fuldtidsstillinger", "0", "0", "0", "0", ""],
        ):
            row = box.add_row()
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.add_paragraph("Baggrund for og beskrivelse af den tekniske korrektion")
        document.add_paragraph("De seneste vintre har givet flere udkald end budgetteret:")
        table = document.add_table(rows=0, cols=3)
        for cells in (
            ["Vintersæson", "Antal udkald", "Udgift (mio. kr.)"],
            ["2022/23", "14", "1,2"],
            ["2023/24", "21", "1,7"],
        ):
            row = table.add_row()
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.add_paragraph("Korrektionen dækker:")
        document.add_paragraph("flere udkald i frostperioder", style="List Bullet")
        document.add_paragraph("saltning af broer og ramper", style="List Bullet")
        document.add_paragraph("Økonomiske konsekvenser")
        document.add_paragraph("Merudgiften finansieres af kassen.")
    document.save(str(path))
    return path


def test_a_word_appendix_gives_its_forms_with_a_pipe_table_and_a_list(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(_word_appendix(tmp_path / "bilag.docx")))
    assert result.exit_code == 0, result.stderr
    written = sorted(budget.corrections.glob("T31*.yaml"))
    assert [path.name.split("-")[0] for path in written] == ["T311", "T312"]
    data = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    assert data["titel"] == "Vintertjeneste på cykelstier"
    assert data["netto"] == dict.fromkeys((2026, 2027, 2028, 2029), 0.3)
    assert data["indenfor_servicerammen"] == "ja"
    assert data["baggrund"] == (
        "De seneste vintre har givet flere udkald end budgetteret:\n"
        "\n"
        "| Vintersæson | Antal udkald | Udgift (mio. kr.) |\n"
        "| --- | ---: | ---: |\n"
        "| 2022/23 | 14 | 1,2 |\n"
        "| 2023/24 | 21 | 1,7 |\n"
        "\n"
        "Korrektionen dækker:\n"
        "\n"
        "- flere udkald i frostperioder\n"
        "- saltning af broer og ramper\n"
    )
    second = yaml.safe_load(written[1].read_text(encoding="utf-8"))
    assert second["indenfor_servicerammen"] == "nej"
    assert second["udgifter"][2026] == 0.12


def test_a_paragraph_numbered_by_word_is_an_item_and_a_numbered_heading_is_not() -> None:
    """Word's numbering (w:numPr) without a list style, as a Danish Word's "Opstilling" or a pasted list has it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from budgetkorr.importers.read import _is_list_item

    def numbered(style: str | None) -> object:
        paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        if style:
            name = OxmlElement("w:pStyle")
            name.set(qn("w:val"), style)
            properties.append(name)
        properties.append(OxmlElement("w:numPr"))
        paragraph.append(properties)
        return paragraph

    assert _is_list_item(numbered(None))
    assert _is_list_item(numbered("Opstilling-punkttegn"))
    assert not _is_list_item(numbered("Overskrift1"))
    assert not _is_list_item(numbered("Heading1"))
    assert not _is_list_item(OxmlElement("w:p"))

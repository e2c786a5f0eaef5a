"""A form that can not be read does not taint the others: every good form is written, each failed one is named."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Budget, run

THREE_FORMS = """\
    Økonomiudvalget

    Kantinen i rådhuset  T101
    (Mio. kr. i 2026-priser) 2026 2027 Iværksættelsestidspunkt:
    Udgifter 0,500 0,500 01.01.2026
    Indtægter 0 0 Indenfor servicerammen:
    Netto 0,500 0,500   Ja
    Antal fuldtidsstillinger 0 0
    Baggrund for og beskrivelse af den tekniske korrektion
    Kantinen får flere gæster.
    Økonomiske konsekvenser
    Udgiften stiger.

    Vinduer på rådhuset  T102
    (Mio. kr. i 2026-priser) 2026 2027 Iværksættelsestidspunkt:
    Udgifter 1.5 1,500 01.01.2026
    Indtægter 0 0 Indenfor servicerammen:
    Netto 1,500 1,500   Ja
    Antal fuldtidsstillinger 0 0
    Baggrund for og beskrivelse af den tekniske korrektion
    Vinduerne skal skiftes.
    Økonomiske konsekvenser
    Udgiften stiger.

    Rengøring  T103
    (Mio. kr. i 2026-priser) 2026 2027 Iværksættelsestidspunkt:
    Udgifter -0,200 -0,200 01.01.2026
    Indtægter 0 0 Indenfor servicerammen:
    Netto -0,200 -0,200   Ja
    Antal fuldtidsstillinger 0 0
    Baggrund for og beskrivelse af den tekniske korrektion
    Rengøringen udbydes.
    Økonomiske konsekvenser
    Udgiften falder.
"""
GOOD = ["T101-kantinen-i-raadhuset.yaml", "T103-rengoering.yaml"]
FAILED = "bilag.txt:16: T102 udgifter.2026: '1.5' kan læses på to måder, som 1,5 eller som 1.500; ret tallet i bilaget"


def appendix(tmp_path: Path, text: str = THREE_FORMS, name: str = "bilag.txt") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def names(budget: Budget) -> list[str]:
    return sorted(path.name for path in budget.corrections.iterdir())


def test_the_good_forms_are_written_and_the_verdict_names_the_failed_one(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path)))
    assert result.exit_code == 2  # because of T102 only
    assert names(budget) == GOOD  # nothing for T102
    assert result.stderr.splitlines()[-2:] == [
        f"2 af 3 skemaer skrevet; 1 kunne ikke læses: {FAILED}.",
        "De 2 skrevne filer er gyldige og kan bruges; for skemaer med fejl er intet skrevet. Ret fejlene i bilaget, "
        "og importér det igen: en fil, der allerede står med samme indhold, lades urørt.",
    ]
    assert result.stderr.startswith(
        "Skrev 2 filer:\n"
        "  data/corrections/T101-kantinen-i-raadhuset.yaml\n"
        "  data/corrections/T103-rengoering.yaml\n"
        "1 fejl:\n"
        f"  {FAILED}\n"
    )
    assert run("validate").exit_code == 0  # the written files are whole and valid


def test_dry_run_says_the_same_and_writes_nothing(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path)), "--dry-run")
    assert result.exit_code == 2
    assert names(budget) == []
    assert [line for line in result.stdout.splitlines() if line.startswith("# --- ")] == [
        "# --- data/corrections/T101-kantinen-i-raadhuset.yaml",
        "# --- data/corrections/T103-rengoering.yaml",
    ]
    assert result.stderr.splitlines()[-2:] == [
        f"2 af 3 skemaer ville blive skrevet; 1 kunne ikke læses: {FAILED}.",
        "Intet er skrevet (--dry-run). Uden --dry-run skrives de 2 gyldige skemaer, og intet for skemaer med fejl.",
    ]


def test_importing_again_after_mending_the_form_writes_it_and_leaves_the_others(budget: Budget, tmp_path: Path) -> None:
    source = appendix(tmp_path)
    assert run("import", str(source)).exit_code == 2
    before = {name: (budget.corrections / name).stat().st_mtime_ns for name in GOOD}
    source.write_text(source.read_text(encoding="utf-8").replace("Udgifter 1.5 ", "Udgifter 1,500 "), "utf-8")
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert names(budget) == [
        "T101-kantinen-i-raadhuset.yaml",
        "T102-vinduer-paa-raadhuset.yaml",
        "T103-rengoering.yaml",
    ]
    assert {name: (budget.corrections / name).stat().st_mtime_ns for name in GOOD} == before  # not touched
    assert result.stderr == (
        "Skrev 1 fil:\n"
        "  data/corrections/T102-vinduer-paa-raadhuset.yaml\n"
        "2 filer var der i forvejen med præcis samme indhold og er ikke rørt:\n"
        "  data/corrections/T101-kantinen-i-raadhuset.yaml\n"
        "  data/corrections/T103-rengoering.yaml\n"
        "3 af 3 skemaer skrevet (2 af dem var der i forvejen).\n"
    )


def test_a_file_edited_since_the_last_import_is_still_never_replaced(budget: Budget, tmp_path: Path) -> None:
    source = appendix(tmp_path)
    run("import", str(source))
    edited = budget.corrections / GOOD[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# min note\n", encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 2
    assert edited.read_text(encoding="utf-8").endswith("# min note\n")
    assert result.stderr.splitlines()[-2].startswith(
        f"1 af 3 skemaer skrevet (1 af dem var der i forvejen); 1 kunne ikke læses: {FAILED}; 1 blev ikke skrevet: "
        "bilag.txt:3: T101 nr: data/corrections/T101-kantinen-i-raadhuset.yaml findes allerede"
    )


def test_several_failed_forms_are_each_named_by_place_and_number(budget: Budget, tmp_path: Path) -> None:
    text = THREE_FORMS.replace("Udgifter -0,200 -0,200", "Udgifter -0,200 2,0,1")
    result = run("import", str(appendix(tmp_path, text)))
    assert result.exit_code == 2
    assert names(budget) == ["T101-kantinen-i-raadhuset.yaml"]
    assert result.stderr.splitlines()[-2] == (
        "1 af 3 skemaer skrevet; 2 kunne ikke læses: bilag.txt:16 (T102), bilag.txt:27 (T103) (se fejlene ovenfor)."
    )


def test_an_unreadable_appendix_beside_a_good_one(budget: Budget, tmp_path: Path) -> None:
    good = appendix(tmp_path, THREE_FORMS.replace("Udgifter 1.5 ", "Udgifter 1,500 "))
    empty = appendix(tmp_path, "Intet skema her.\n", "tomt.txt")
    result = run("import", str(good), str(empty))
    assert result.exit_code == 2
    assert len(names(budget)) == 3
    assert result.stderr.splitlines()[-2] == (
        "3 af 3 skemaer skrevet; 1 bilag kunne ikke læses: tomt.txt:1: (fil): ingen korrektionsskemaer fundet: intet "
        "skema har en linje '(Mio. kr. i ÅÅÅÅ-priser) år …' fulgt af Udgifter; er skemaet stillet op på en anden måde, "
        "så beskriv det i en layoutfil og angiv den med --layout (docs/import.md)."
    )


def test_when_every_form_is_written_the_verdict_is_one_line(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path, THREE_FORMS.replace("Udgifter 1.5 ", "Udgifter 1,500 "))))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "3 af 3 skemaer skrevet."


DOCUMENTED = re.compile(
    r"<!-- the summary of importing an appendix with one unreadable form [^\n]*-->\n```text\n(.*?)```", re.S
)


def test_the_documented_partial_summary_is_what_the_import_says(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path)))
    match = DOCUMENTED.search((REPO / "docs" / "commands.md").read_text(encoding="utf-8"))
    assert match is not None
    assert result.stderr == match[1]


def test_a_file_another_import_writes_meanwhile_with_the_same_text_is_left_not_refused(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from budgetkorr import files

    write = files.write_atomic

    def raced(path: Path, data: bytes, **options: Any) -> Path | None:
        path.write_bytes(data)  # the other import, between the check and this write
        return write(path, data, **options)

    monkeypatch.setattr(files, "write_atomic", raced)
    source = appendix(tmp_path, THREE_FORMS.replace("Udgifter 1.5 ", "Udgifter 1,500 "))
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "3 af 3 skemaer skrevet (3 af dem var der i forvejen)."

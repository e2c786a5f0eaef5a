"""budgetkorr import: every layout of the committee's forms, the seed and show round trips, and nothing is lost."""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkorr.core.entry import Entry
from budgetkorr.importers import parse_document
from budgetkorr.importers.document import BACKGROUND, CONSEQUENCES
from budgetkorr.importers.prose import Line
from budgetkorr.loader import load_committees, load_corrections
from budgetkorr.models import Committee, Correction
from budgetkorr.render.form import render_form
from budgetkorr.yamlread import YamlFile, parse_yaml
from budgetkorr.yamlwrite import correction_yaml
from tests.conftest import REPO, SHIPPED_DATA, Budget, run

SEED = Path(__file__).parent / "data" / "seed-004-oekonomiudvalget.txt"
APPENDIX = "bilag.txt"  # the name of an appendix written in the test
COMMITTEES: tuple[Committee, ...] = tuple(load_committees(SHIPPED_DATA)[0])


def lines_of(text: str) -> list[Line]:
    return [Line(number, line) for number, line in enumerate(textwrap.dedent(text).splitlines(), start=1)]


def parse(text: str, committee: str | None = None) -> dict[str, dict[str, Any]]:
    """The forms of an appendix written in the test, by number, validated as the loader validates them."""
    parsed = parse_document(path=APPENDIX, lines=lines_of(text), committees=COMMITTEES, committee=committee)
    assert parsed.problems == ()
    return {form.number: form.data for form in parsed.forms}


def correction(data: dict[str, Any]) -> Correction:
    return Correction.model_validate(data)


FORM = """\
    Økonomiudvalget
    Teknisk korrektion – budget 2026 og overslagsår

    Titel                 Nr.

    Digital udvikling KOMBIT projekter  T101

    (Mio. kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt:

    Udgifter 2,000 2,000 2,000 2,000 01.01.2026

    Indtægter 0,000 0,000 0,000 0,000 Indenfor servicerammen:

    Netto 2,000 2,000 2,000 2,000   Ja

     - = mindreudgift/merindtægt og + = merudgift/mindreindtægt

    Antal fuldtidsstillinger 0 0 0 0

    Baggrund for og beskrivelse af den tekniske korrektion

    Udgifterne har kørt som anlæg.

    Økonomiske konsekvenser

    Udgifterne flyttes til drift.
"""


def test_the_form_as_seed_004_lays_it_out() -> None:
    data = parse(FORM)["T101"]
    assert data["nr"] == "T101"
    assert data["titel"] == "Digital udvikling KOMBIT projekter"
    assert data["udvalg"] == "Økonomiudvalget"  # from the document's heading
    assert data["status"] == "forslag"
    assert data["foreløbig"] is False
    assert data["prisniveau"] == 2026
    assert data["iværksættelse"] == date(2026, 1, 1)
    assert data["indenfor_servicerammen"] == "ja"
    assert data["udgifter"] == dict.fromkeys((2026, 2027, 2028, 2029), Decimal("2.000"))
    assert data["baggrund"] == "Udgifterne har kørt som anlæg.\n"
    assert data["økonomiske_konsekvenser"] == "Udgifterne flyttes til drift.\n"
    correction(data)


@pytest.mark.parametrize("header", ["Titel                 Nr.", "Titel Nr", " Titel  Nr ", ""])
def test_the_title_header_with_or_without_a_point_or_not_at_all(header: str) -> None:
    text = FORM.replace("    Titel                 Nr.\n", f"    {header}\n")
    assert parse(text)["T101"]["titel"] == "Digital udvikling KOMBIT projekter"


def test_a_wrapped_title_with_the_number_at_the_end_of_its_last_line() -> None:
    text = FORM.replace(
        "    Digital udvikling KOMBIT projekter  T101\n",
        "    Administrationsudgifter til sagsbehandling på\n    arbejdsmarkedsområdet T106\n",
    )
    data = parse(text)["T106"]
    assert data["titel"] == "Administrationsudgifter til sagsbehandling på arbejdsmarkedsområdet"


def test_a_wrapped_title_with_the_number_on_its_first_line() -> None:
    text = FORM.replace(
        "    Digital udvikling KOMBIT projekter  T101\n",
        "    Øget bidrag til Børnehus Midt og  T108\n    Børnehus Nord\n",
    )
    assert parse(text)["T108"]["titel"] == "Øget bidrag til Børnehus Midt og Børnehus Nord"


@pytest.mark.parametrize(("level", "expected"), [("2026-priser", 2026), ("2025-priser", 2025), ("2024-pl", 2024)])
def test_the_price_level(level: str, expected: int) -> None:
    assert parse(FORM.replace("2026-priser", level))["T101"]["prisniveau"] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0,880", Decimal("0.880")),
        ("155.938", Decimal("155938")),
        ("-2.093,8", Decimal("-2093.8")),
        ("1.234,500", Decimal("1234.500")),
        ("0", Decimal(0)),
        ("−0,100", Decimal("-0.100")),  # a typographic minus
    ],
)
def test_danish_numbers(written: str, expected: Decimal) -> None:
    text = FORM.replace("Udgifter 2,000 2,000", f"Udgifter {written} 2,000").replace(
        "Netto 2,000 2,000", f"Netto {written} 2,000"
    )
    assert parse(text)["T101"]["udgifter"][2026] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("01.01.2026", date(2026, 1, 1)), ("1. januar 2026", date(2026, 1, 1)), ("1. juli 2026", date(2026, 7, 1))],
)
def test_dates_as_the_forms_write_them(written: str, expected: date) -> None:
    assert parse(FORM.replace("01.01.2026", written))["T101"]["iværksættelse"] == expected


@pytest.mark.parametrize(
    ("written", "expected"), [("Ja", "ja"), ("Nej", "nej"), ("ja", "ja"), ("nej", "nej"), ("Ja/nej", "delvist")]
)
def test_indenfor_servicerammen(written: str, expected: str) -> None:
    assert parse(FORM.replace("   Ja\n", f"   {written}\n"))["T101"]["indenfor_servicerammen"] == expected


@pytest.mark.parametrize(("written", "expected"), [("0,54", Decimal("0.54")), ("-2,0", Decimal("-2.0")), ("1", 1)])
def test_full_time_positions_fractional_and_negative(written: str, expected: Decimal) -> None:
    text = FORM.replace("Antal fuldtidsstillinger 0 0 0 0", f"Antal fuldtidsstillinger {written} 0 0 0")
    assert parse(text)["T101"]["fuldtidsstillinger"][2026] == expected


@pytest.mark.parametrize(
    ("marker", "where"),
    [
        ("*Opdateres med tal i juni.", "under the box"),
        ("Beløbet bliver x,xxx mio. kr. højere i 2026.", "in the text"),
    ],
)
def test_foreloebig_where_the_figures_are_placeholders_or_not_final(marker: str, where: str) -> None:
    if where == "under the box":
        text = FORM.replace("    Baggrund for og", f"    {marker}\n\n    Baggrund for og")
    else:
        text = FORM.replace("    Udgifterne flyttes til drift.", f"    {marker}")
    parsed = parse_document(path=APPENDIX, lines=lines_of(text), committees=COMMITTEES)
    (form,) = parsed.forms
    assert form.data["foreløbig"] is True
    assert [d.field for d in form.doubts] == ["T101 foreløbig"]  # the user is told, with the line
    if where == "under the box":
        assert form.data["bemærkning"] == marker


def test_placeholders_in_the_box_are_unknown_amounts_of_a_preliminary_form() -> None:
    text = FORM.replace("Udgifter 2,000 2,000", "Udgifter x,xxx 2,000").replace(
        "Netto 2,000 2,000", "Netto x,xxx 2,000"
    )
    data = parse(text)["T101"]
    assert (data["udgifter"][2026], data["netto"][2026], data["foreløbig"]) == ("ukendt", "ukendt", True)
    assert data["udgifter"][2027] == Decimal("2.000")


def test_the_committee_option_overrides_the_heading() -> None:
    assert parse(FORM, committee="BUU")["T101"]["udvalg"] == "Børne- og ungdomsudvalget"


def test_a_number_of_another_committee_is_a_doubt_not_a_guess() -> None:
    parsed = parse_document(path=APPENDIX, lines=lines_of(FORM.replace("T101", "T304")), committees=COMMITTEES)
    (form,) = parsed.forms
    assert form.data["udvalg"] == "Økonomiudvalget"
    assert [(d.line, d.field) for d in form.doubts] == [(6, "T304 udvalg")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("De resterende 0,6 mio. kr. finansieres af kassen.", {"kilde": "kassen"}),
        (
            "I 2026 og overslagsårene flyttes 2,0 mio. kr. fra anlæg til drift.",
            {"kilde": "anlæg", "beløb": dict.fromkeys((2026, 2027, 2028, 2029), Decimal("-2.0"))},
        ),
        (
            "Med godkendelse af korrektionen er anlægsforslag A108 reduceret med 950.000 kr. i 2027 og overslagsårene.",
            {"kilde": "anlæg", "reference": "A108", "beløb": dict.fromkeys((2027, 2028, 2029), Decimal("-0.95"))},
        ),
        (
            "Merudgiften på 0,3 mio. kr. årligt finansieres ved omplacering fra puljen.",
            {"kilde": "drift", "beløb": dict.fromkeys((2026, 2027, 2028, 2029), Decimal("-0.3"))},
        ),
    ],
)
def test_financing_is_proposed_from_the_usual_phrases(sentence: str, expected: dict[str, Any]) -> None:
    parsed = parse_document(
        path=APPENDIX, lines=lines_of(FORM.replace("Udgifterne flyttes til drift.", sentence)), committees=COMMITTEES
    )
    (form,) = parsed.forms
    assert form.data["finansiering"] == [{**expected, "tekst": sentence}]
    assert "finansiering" in form.proposals  # written as a proposal to confirm
    correction(form.data)


def test_financing_without_an_amount_is_never_given_one() -> None:
    text = FORM.replace("Udgifterne flyttes til drift.", "Udgifterne flyttes fra anlæg til drift.")
    parsed = parse_document(path=APPENDIX, lines=lines_of(text), committees=COMMITTEES)
    (form,) = parsed.forms
    assert "finansiering" not in form.data
    assert [d.field for d in form.doubts] == ["T101 finansiering"]


def test_text_sections_are_verbatim_with_only_the_wrapping_undone() -> None:
    text = FORM.replace(
        "    Udgifterne har kørt som anlæg.\n",
        "    Udgifterne har i flere år kørt som anlæg, dog har udgifterne efterhånden fået mere karakter af drift  \n"
        "    og krav fra EU-\n"
        "    persondataforordningen.  \n"
        "\n"
        "    Ny paragraf med to  mellemrum.\n"
        "\n"
        "    År  2021 2022 2023\n"
        "\n"
        "    Betaling 155.938 202.510 289.747\n",
    )
    assert parse(text)["T101"]["baggrund"] == (
        "Udgifterne har i flere år kørt som anlæg, dog har udgifterne efterhånden fået mere karakter af drift "
        "og krav fra EU-persondataforordningen.\n\nNy paragraf med to  mellemrum.\n\n"
        "År 2021 2022 2023\nBetaling 155.938 202.510 289.747\n"
    )


SIDE_COLUMN_BELOW = """\
    Udvalg: Miljø- og teknikudvalget

    Vintertjeneste på kommunevejene T601
    (Mio. kr. i 2026-priser)
    2026 2027 2028 2029
    Iværksættelsestidspunkt: 1. november 2026
    Udgifter 0,700 0,700 0,700 0,700
    Indtægter 0 0 0 0
    Indenfor servicerammen: Nej
    Netto 0,700 0,700 0,700 0,700
    Antal fuldtidsstillinger 1,5 1,5 1,5 1,5
    Baggrund for og beskrivelse af den tekniske korrektion
    Flere glatføredage.
    Økonomiske konsekvenser
    0,7 mio. kr. årligt.
"""


def test_the_side_column_and_the_years_on_lines_of_their_own() -> None:
    data = parse(SIDE_COLUMN_BELOW)["T601"]
    assert data["udvalg"] == "Miljø- og teknikudvalget"
    assert list(data["udgifter"]) == [2026, 2027, 2028, 2029]
    assert (data["iværksættelse"], data["indenfor_servicerammen"]) == (date(2026, 11, 1), "nej")
    assert data["fuldtidsstillinger"][2026] == Decimal("1.5")


@pytest.mark.parametrize(
    "heading",
    ["Økonomiudvalget – Teknisk korrektion – budget 2026", "ØK", "Teknisk korrektion, Økonomiudvalget, juni 2025"],
)
def test_the_committee_inside_a_longer_heading(heading: str) -> None:
    assert parse(FORM.replace("    Økonomiudvalget\n", f"    {heading}\n"))["T101"]["udvalg"] == "Økonomiudvalget"


def test_a_committee_that_udvalg_yaml_does_not_know_is_taken_from_the_heading_and_refused(
    budget: Budget, tmp_path: Path
) -> None:
    source = appendix(tmp_path, FORM.replace("Økonomiudvalget", "Teknik- og miljøudvalget"))
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "bilag.txt:6: T101 udvalg: 'Teknik- og miljøudvalget' er ikke et udvalg i udvalg.yaml" in result.stderr
    assert run("import", str(source), "--udvalg", "MTU").exit_code == 0


def test_text_saved_as_utf16_or_cp1252_is_read(budget: Budget, tmp_path: Path) -> None:
    (tmp_path / "utf16.txt").write_bytes(textwrap.dedent(FORM).encode("utf-16"))
    (tmp_path / "cp1252.txt").write_bytes(textwrap.dedent(FORM.replace("T101", "T102")).encode("cp1252"))
    result = run("import", str(tmp_path / "utf16.txt"), str(tmp_path / "cp1252.txt"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("udvalg: Økonomiudvalget\n") == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
def test_a_fifo_or_a_link_to_dev_zero_is_refused_at_once_and_the_other_forms_are_imported(
    budget: Budget, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "fifo.txt")  # a blocking read of it would never return
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # a read of it would never end
    (tmp_path / "form.txt").write_text(textwrap.dedent(FORM), encoding="utf-8")
    result = run("import", *(str(tmp_path / name) for name in ("fifo.txt", "zero.txt", "form.txt")), "--dry-run")
    assert result.exit_code == 2
    assert "fifo.txt:1: (fil): er en FIFO" in result.stderr
    assert "zero.txt:1: (fil): er en enhed" in result.stderr
    assert "nr: T101\n" in result.stdout


# Another committee, other years and price level, thousands separators, negative amounts and positions, a page
# header and footer between forms and inside a text, a title that wraps: an appendix the parser has never seen.
VARIANT = """\
    Kultur- og fritidsudvalget
    Teknisk korrektion – budget 2027-2030
    Norddjurs Kommune – Budget 2027                          Side 1 af 3

    Titel Nr
    Driftstilskud til haller og idrætsanlæg i
    Grenaa og omegn T501
    (Mio. kr. i 2025-priser) 2027 2028 2029 2030 Iværksættelsestidspunkt:
    Udgifter 1.234,500 1.234,500 -2.093,8 0 1. juli 2027
    Indtægter -0,500 -0,500 0 0 Indenfor servicerammen:
    Netto 1.234,000 1.234,000 -2.093,8 0   Nej
     - = mindreudgift/merindtægt og + = merudgift/mindreindtægt
    Antal fuldtidsstillinger -2,0 -2,0 -1,5 0
    Baggrund for og beskrivelse af den tekniske korrektion
    Hallerne i Grenaa bliver samlet under én bestyrelse, og driftstilskuddet
    Norddjurs Kommune – Budget 2027                          Side 2 af 3
    omlægges fra 2027.
    Økonomiske konsekvenser
    Merudgiften finansieres af kassen.
    Norddjurs Kommune – Budget 2027                          Side 3 af 3
    Titel Nr.
    Musikskolens lokaler T502
    (Mio. kr. i 2025-priser) 2027 2028 2029 2030 Iværksættelsestidspunkt:
    Udgifter 0,250 0,250 0,250 0,250 01.08.2027
    Indtægter 0 0 0 0 Indenfor servicerammen: Ja
    Netto 0,250 0,250 0,250 0,250
    Antal fuldtidsstillinger 0,5 0,5 0,5 0,5
    Baggrund for og beskrivelse af den tekniske korrektion
    Lejen stiger.
    Økonomiske konsekvenser
    Lejen stiger med 0,25 mio. kr. årligt.
"""


def test_a_page_header_of_a_one_form_appendix_is_left_out_of_the_text() -> None:
    text = FORM.replace("    Økonomiudvalget\n", "    Norddjurs Kommune\n    Økonomiudvalget\n").replace(
        "    Udgifterne har kørt som anlæg.\n",
        "    Udgifterne har i flere år kørt som anlæg, dog har udgifterne efterhånden fået mere karakter af\n"
        "    Norddjurs Kommune\n"
        "    driftsopgaver.\n",
    )
    parsed = parse_document(path=APPENDIX, lines=lines_of(text), committees=COMMITTEES)
    (form,) = parsed.forms
    assert form.data["baggrund"] == (
        "Udgifterne har i flere år kørt som anlæg, dog har udgifterne efterhånden fået mere karakter af "
        "driftsopgaver.\n"
    )
    assert [note.line for note in parsed.notes] == [24]  # and named in the summary


def test_a_sentence_that_ends_two_forms_is_text_not_a_page_footer() -> None:
    ending = "Der skal herudover forventes udgifter, som endnu ikke er kendt."
    one = FORM.replace("    Udgifterne flyttes til drift.\n", f"    {ending}\n")
    two = one.replace("T101", "T102").replace("    Økonomiudvalget\n", "")
    parsed = parse_document(
        path=APPENDIX, lines=lines_of(one + two + two.replace("T102", "T103")), committees=COMMITTEES
    )
    assert parsed.problems == ()
    assert [form.data["økonomiske_konsekvenser"] for form in parsed.forms] == [ending + "\n"] * 3


def test_an_appendix_of_another_committee_and_other_years() -> None:
    parsed = parse_document(path=APPENDIX, lines=lines_of(VARIANT), committees=COMMITTEES)
    assert parsed.problems == ()
    first, second = (form.data for form in parsed.forms)
    assert first["titel"] == "Driftstilskud til haller og idrætsanlæg i Grenaa og omegn"
    assert first["udvalg"] == second["udvalg"] == "Kultur- og fritidsudvalget"
    assert first["prisniveau"] == 2025
    assert list(first["udgifter"]) == [2027, 2028, 2029, 2030]
    assert first["udgifter"] == {
        2027: Decimal("1234.500"),
        2028: Decimal("1234.500"),
        2029: Decimal("-2093.8"),
        2030: 0,
    }
    assert first["indtægter"][2027] == Decimal("-0.500")
    assert first["fuldtidsstillinger"] == {2027: Decimal("-2.0"), 2028: Decimal("-2.0"), 2029: Decimal("-1.5"), 2030: 0}
    assert first["iværksættelse"] == date(2027, 7, 1)
    assert first["indenfor_servicerammen"] == "nej"
    # the page footer inside the text and before the next form is not text
    assert first["baggrund"] == (
        "Hallerne i Grenaa bliver samlet under én bestyrelse, og driftstilskuddet omlægges fra 2027.\n"
    )
    assert first["økonomiske_konsekvenser"] == "Merudgiften finansieres af kassen.\n"
    assert first["finansiering"] == [{"kilde": "kassen", "tekst": "Merudgiften finansieres af kassen."}]
    assert second["titel"] == "Musikskolens lokaler"
    assert (second["iværksættelse"], second["indenfor_servicerammen"]) == (date(2027, 8, 1), "ja")
    assert [note.line for note in parsed.notes] == [16]  # the dropped page lines are named
    correction(second)


def test_a_form_that_can_not_be_read_is_reported_at_its_line_and_the_others_are_read() -> None:
    broken = VARIANT.replace("Udgifter 0,250 0,250 0,250 0,250", "Udgifter 0,250 0,250 abc 0,250")
    parsed = parse_document(path=APPENDIX, lines=lines_of(broken), committees=COMMITTEES)
    assert [form.number for form in parsed.forms] == ["T501"]
    assert [(p.line, p.field) for p in parsed.problems] == [(24, "T502 udgifter.2029")]
    assert "'abc' er ikke et tal" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("written", "shown"), [("500 kr.", "0,001"), ("2.500 kr.", "0,003"), ("0,2 mio. kr.", "0,200")]
)
def test_an_amount_in_a_message_is_rounded_half_up_as_in_every_table(written: str, shown: str) -> None:
    # 0.0005 mio. kr. is 0,001 as summary and report write it (half up), not 0,000 (half even, Python's default)
    text = FORM.replace("Udgifterne flyttes til drift.", f"Engangsudgifter\n\n    Indkøb af licens {written}")
    parsed = parse_document(path=APPENDIX, lines=lines_of(text), committees=COMMITTEES)
    (form,) = parsed.forms
    assert [(d.field, d.message) for d in form.doubts] == [
        ("T101 engangsudgifter", f"engangsudgiften {shown} er sat i 2026: teksten nævner intet år")
    ]
    assert all(not d.is_error for d in form.doubts)  # a doubt is a warning: the form is still written


def test_a_row_with_too_few_figures_is_reported() -> None:
    parsed = parse_document(
        path=APPENDIX, lines=lines_of(FORM.replace("Udgifter 2,000 2,000 2,000 2,000", "Udgifter 2,000 2,000"))
    )
    assert [(p.line, p.field) for p in parsed.problems] == [(10, "T101 udgifter")]


# --- the seed: importing it reproduces the shipped files -------------------------------------------------


def _shipped() -> dict[str, Correction]:
    paths = sorted((SHIPPED_DATA / "corrections").glob("*.yaml"))
    entries, problems = load_corrections(paths, COMMITTEES)
    assert not [d for d in problems if d.is_error]
    return {entry.correction.number: entry.correction for entry in entries}


FIELDS = tuple(field.alias or name for name, field in Correction.model_fields.items())


def seed_fields() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(nr, key) of every field of every shipped correction: those that came through exactly, and the others."""
    from budgetkorr.importers.read import read_document

    document = read_document(SEED)
    parsed = parse_document(document.lines, path=SEED, committees=COMMITTEES, reflow=document.reflow)
    assert parsed.problems == ()
    imported = {form.number: correction(form.data).model_dump(by_alias=True) for form in parsed.forms}
    shipped = {nr: c.model_dump(by_alias=True) for nr, c in _shipped().items()}
    assert sorted(imported) == sorted(shipped)
    exact: list[tuple[str, str]] = []
    different: list[tuple[str, str]] = []
    for nr in sorted(shipped):
        for key in FIELDS:
            (exact if imported[nr][key] == shipped[nr][key] else different).append((nr, key))
    return exact, different


def test_importing_seed_004_reproduces_the_shipped_files_field_by_field() -> None:
    exact, different = seed_fields()
    # T304 is in Økonomiudvalget's document, but filed under its number's committee: the import says so as a
    # doubt and keeps the document's committee. Everything else, the proposed financing included, is exact.
    assert different == [("T304", "udvalg")]
    assert len(exact) == 9 * len(FIELDS) - 1
    print(f"seed 004: {len(exact)} of {len(exact) + len(different)} fields exact")


def test_the_seed_through_the_cli_writes_files_equal_to_the_shipped_ones(budget: Budget) -> None:
    result = run("import", str(SEED))
    assert result.exit_code == 0, result.stderr
    written = sorted(budget.corrections.glob("*.yaml"))
    assert [path.name for path in written] == sorted(
        path.name for path in (SHIPPED_DATA / "corrections").glob("*.yaml")
    )
    for path in written:
        shipped = (SHIPPED_DATA / "corrections" / path.name).read_text(encoding="utf-8")
        mine = path.read_text(encoding="utf-8")
        strip = [line for line in mine.splitlines() if not line.startswith("#") or "$schema" in line]
        expected = [line for line in shipped.splitlines() if not line.startswith("#") or "$schema" in line]
        if path.name.startswith("T304"):
            expected = [line.replace("Børne- og ungdomsudvalget", "Økonomiudvalget") for line in expected]
        assert strip == expected, path.name  # byte for byte, but for the comments
    assert "Skrev 9 filer:" in result.stderr
    assert result.stderr.endswith("9 af 9 skemaer skrevet.\n")
    # every doubt with the line of the input where the user can check it
    assert f"{SEED}:385: T304 udvalg: " in result.stderr
    assert f"{SEED}:175: T104 finansiering: " in result.stderr
    t102 = (budget.corrections / "T102-finansiering-af-it-infrastruktur-licenser.yaml").read_text(encoding="utf-8")
    assert "# Forslag udledt af teksten (linje 95): bekræft det, og slet så denne kommentar.\nfinansiering:" in t102


# --- show --format text → import gives back the same correction ----------------------------------------------


def test_show_text_of_every_shipped_correction_imports_to_the_same_correction(shipped: Path, tmp_path: Path) -> None:
    corrections = _shipped()
    for nr, original in corrections.items():
        shown = run("show", nr, "--format", "text")
        assert shown.exit_code == 0
        parsed = parse_document(path=APPENDIX, lines=lines_of(shown.stdout), committees=COMMITTEES)
        assert parsed.problems == ()
        (form,) = parsed.forms
        assert correction(form.data) == original, nr


def test_show_of_several_corrections_imports_to_the_same_corrections(shipped: Path) -> None:
    corrections = _shipped()
    shown = run("show", *sorted(corrections))
    assert shown.exit_code == 0
    parsed = parse_document(path=APPENDIX, lines=lines_of(shown.stdout), committees=COMMITTEES)
    assert parsed.problems == ()
    assert {form.number: correction(form.data) for form in parsed.forms} == corrections


# --- writing: nothing is lost ------------------------------------------------------------------------------


def appendix(tmp_path: Path, text: str = FORM, name: str = "bilag.txt") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_an_existing_file_is_refused_and_the_rest_still_written(budget: Budget, tmp_path: Path) -> None:
    source = appendix(tmp_path, VARIANT.replace("T501", "T101"))
    mine = budget.write("T101-noget-andet.yaml", "mit eget arbejde\n")
    result = run("import", str(source), "--udvalg", "ØK")
    assert result.exit_code == 2
    assert mine.read_text(encoding="utf-8") == "mit eget arbejde\n"
    assert "T101 findes allerede i" in result.stderr
    assert (budget.corrections / "T502-musikskolens-lokaler.yaml").is_file()
    assert "1 af 2 skemaer skrevet; 1 blev ikke skrevet: " in result.stderr


def test_the_same_name_is_refused_without_force_and_kept_as_bak_with_it(budget: Budget, tmp_path: Path) -> None:
    source = appendix(tmp_path)
    target = budget.corrections / "T101-digital-udvikling-kombit-projekter.yaml"
    target.write_text("# mit eget arbejde\nnr: T101\n", encoding="utf-8")
    refused = run("import", str(source))
    assert refused.exit_code == 2
    assert "findes allerede" in refused.stderr
    assert target.read_text(encoding="utf-8") == "# mit eget arbejde\nnr: T101\n"
    forced = run("import", str(source), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.with_name(target.name + ".bak").read_text(encoding="utf-8") == "# mit eget arbejde\nnr: T101\n"
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_a_failed_write_leaves_neither_a_half_file_nor_a_temporary_file(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = appendix(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run("import", str(source))
    assert result.exit_code == 4  # an output that could not be written has its own code
    assert "disken er fuld" in result.stderr
    assert sorted(p.name for p in budget.corrections.iterdir()) == []


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("../../../etc/passwd", "T101-etc-passwd.yaml"),
        ("a/b\\c", "T101-a-b-c.yaml"),
        ("..", "T101.yaml"),
        ("Børnehus Ø/Å", "T101-boernehus-oe-aa.yaml"),
    ],
)
def test_names_from_titles_stay_in_the_folder(budget: Budget, tmp_path: Path, title: str, name: str) -> None:
    source = appendix(tmp_path, FORM.replace("Digital udvikling KOMBIT projekter", title))
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in budget.corrections.iterdir()] == [name]
    assert sorted(p.name for p in budget.data.iterdir()) == ["corrections", "udvalg.yaml"]


def test_control_characters_never_reach_a_file_name_and_a_title_with_them_is_reported(
    budget: Budget, tmp_path: Path
) -> None:
    from budgetkorr.importers.plan import file_name

    assert file_name("T101", "Ny\x1b[31m titel\x00\n") == "T101-ny-31m-titel.yaml"
    source = appendix(tmp_path, FORM.replace("Digital udvikling KOMBIT projekter", "Ny\x1b[31m titel"))
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "bilag.txt:6: T101 titel: " in result.stderr
    assert "\x1b" not in result.stderr  # shown as a name (U+001B), never sent to the terminal
    assert list(budget.corrections.iterdir()) == []


def test_dry_run_prints_what_it_would_write(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path)), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "# --- data/corrections/T101-digital-udvikling-kombit-projekter.yaml\n"
        "# yaml-language-server: $schema=../../schema/korrektion.schema.json\nnr: T101\n"
    )
    assert "Ville skrive 1 fil:" in result.stderr


def test_exit_codes(budget: Budget, tmp_path: Path) -> None:
    assert run("import", str(appendix(tmp_path))).exit_code == 0
    nothing = run("import", str(appendix(tmp_path, "Ingen skemaer her.\n", "tom.txt")))
    assert nothing.exit_code == 2
    assert "tom.txt:1: (fil): ingen korrektionsskemaer fundet" in nothing.stderr
    missing = run("import", str(tmp_path / "findes-ikke.txt"))
    assert missing.exit_code == 2
    no_heading = appendix(tmp_path, FORM.replace("    Økonomiudvalget\n", ""), "uden-udvalg.txt")
    result = run("import", str(no_heading), "--dry-run")
    assert result.exit_code == 2
    assert "angiv det med --udvalg" in result.stderr


def test_an_invalid_form_is_reported_at_the_input_line(budget: Budget, tmp_path: Path) -> None:
    wrong = FORM.replace("Netto 2,000 2,000 2,000 2,000", "Netto 2,000 2,000 2,000 2,500")
    result = run("import", str(appendix(tmp_path, wrong)))
    assert result.exit_code == 2
    assert "bilag.txt:14: T101 netto.2029: 2.500 er ikke udgifter + indtægter = 2.000" in result.stderr
    assert list(budget.corrections.iterdir()) == []


# --- PDF and Word ------------------------------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A small one-page PDF with the lines as text (Helvetica, WinAnsi: æ, ø, å)."""
    stream = b"BT /F1 9 Tf 40 800 Td 11 TL\n"
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream += b"(" + escaped.encode("cp1252") + b") Tj T*\n"
    stream += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_a_pdf_is_read_into_the_same_parser(budget: Budget, tmp_path: Path) -> None:
    source = tmp_path / "bilag.pdf"
    source.write_bytes(_pdf([line for line in textwrap.dedent(FORM).splitlines() if line.strip()]))
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    (written,) = budget.corrections.glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert (data["nr"], data["udvalg"], data["indenfor_servicerammen"]) == ("T101", "Økonomiudvalget", "ja")
    assert data["økonomiske_konsekvenser"] == "Udgifterne flyttes til drift.\n"


def test_without_the_pdf_extra_the_message_says_how_to_install_it(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "bilag.pdf"
    source.write_bytes(_pdf(["x"]))
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf raises ImportError
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "pypdf er ikke installeret; installér den med: pip install 'budgetkorr[pdf]'" in result.stderr


def test_a_word_appendix_is_read_with_its_tables(budget: Budget, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Børne- og ungdomsudvalget")
    box = document.add_table(rows=0, cols=6)
    for cells in (
        ["Titel", "", "", "", "", "Nr."],
        ["Anmodning om aktindsigt i egen sag", "", "", "", "", "T304"],
        ["(Mio. kr. i 2026-priser)", "2026", "2027", "2028", "2029", "Iværksættelsestidspunkt:"],
        ["Udgifter", "0,245", "0,245", "0,245", "0,245", "01.01.2026"],
        ["Indtægter", "0,000", "0,000", "0,000", "0,000", "Indenfor servicerammen:"],
        ["Netto", "0,245", "0,245", "0,245", "0,245", "Ja/nej"],
        ["Antal fuldtidsstillinger", "0,54", "0,54", "0,54", "0,54", ""],
    ):
        row = box.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Baggrund for og beskrivelse af den tekniske korrektion")
    document.add_paragraph("Første afsnit, der i Word står på én lang linje.")
    document.add_paragraph("Andet afsnit.")
    document.add_paragraph("Økonomiske konsekvenser")
    document.add_paragraph("245.000 kr. årligt.")
    source = tmp_path / "bilag.docx"
    document.save(str(source))
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    (written,) = budget.corrections.glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["udvalg"] == "Børne- og ungdomsudvalget"
    assert data["indenfor_servicerammen"] == "delvist"
    assert data["fuldtidsstillinger"] == dict.fromkeys((2026, 2027, 2028, 2029), 0.54)
    assert data["baggrund"] == "Første afsnit, der i Word står på én lang linje.\n\nAndet afsnit.\n"


# --- new ---------------------------------------------------------------------------------------------------


def test_new_takes_the_next_number_of_the_series_and_validates(shipped: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    result = run("new", "--udvalg", "ØK", "--titel", "Ny korrektion", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    path = data / "corrections" / "T110-ny-korrektion.yaml"  # after T109; the gap T107 is not reused
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/korrektion.schema.json\nnr: T110\n")
    source, problems = parse_yaml(path, text)
    assert source is not None
    assert not problems
    made = Correction.model_validate(source.data)
    assert (made.committee, made.years, made.preliminary) == ("Økonomiudvalget", (2026, 2027, 2028, 2029), True)
    assert made.expenditure == dict.fromkeys((2026, 2027, 2028, 2029), 0)
    for key in FIELDS:
        assert f"\n{key}:" in text or f"# {key}:" in text or f"# {key}: " in text, key
    again = run("new", "--udvalg", "BUU", "--titel", "Ny korrektion", "--data", str(data))
    assert again.exit_code == 0, again.stderr
    assert (data / "corrections" / "T305-ny-korrektion.yaml").is_file()
    taken = run("new", "--udvalg", "ØK", "--titel", "Ny korrektion", "--nr", "T110", "--data", str(data))
    assert taken.exit_code == 2


def test_new_asks_only_on_a_terminal(budget: Budget) -> None:
    budget.write("T101-digital-udvikling-kombit-projekter.yaml", _VALID_T101)
    result = run("new", "--titel", "Ny")
    assert result.exit_code == 2
    assert "--udvalg mangler (der spørges kun i en terminal)" in result.stderr


_VALID_T101 = (SHIPPED_DATA / "corrections" / "T101-digital-udvikling-kombit-projekter.yaml").read_text(
    encoding="utf-8"
)


# --- the property: show --format text → import is the identity ----------------------------------------------

_word = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789,.-()/%:;!?'”’&+=",
    min_size=1,
    max_size=12,
)
_words = st.lists(_word, min_size=1, max_size=12).map(" ".join)
_line = _words.filter(lambda line: not BACKGROUND.match(line) and not CONSEQUENCES.match(line))
_paragraph = st.lists(_line, min_size=1, max_size=3).map("\n".join)
_text = st.lists(_paragraph, min_size=1, max_size=3).map(lambda paragraphs: "\n\n".join(paragraphs) + "\n")
_money = st.decimals(min_value=Decimal("-9999.999"), max_value=Decimal("9999.999"), places=3)
_positions = st.decimals(min_value=Decimal(0), max_value=Decimal("999.99"), places=2)


@st.composite
def valid_corrections(draw: st.DrawFn) -> tuple[Correction, Committee]:
    """A valid correction with every row written out, as the shipped files and `new` write them."""
    committee = draw(st.sampled_from(COMMITTEES))
    first = draw(st.integers(min_value=2020, max_value=2035))
    years = list(range(first, first + draw(st.integers(min_value=1, max_value=5))))
    expenditure = {year: draw(_money) for year in years}
    income = {year: draw(_money) for year in years}
    subset = st.lists(st.sampled_from(years), unique=True).map(sorted)
    one_off = draw(
        st.none() | subset.map(lambda chosen: {y: draw(st.sampled_from([Decimal(0), expenditure[y]])) for y in chosen})
    )
    financing = []
    for _index in range(draw(st.integers(min_value=0, max_value=2))):
        source = draw(st.sampled_from(["kassen", "anlæg", "drift", "indtægter"]))
        entry: dict[str, Any] = {"kilde": source}
        if draw(st.booleans()):
            entry["reference"] = draw(_words)
        if source != "kassen":
            entry["beløb"] = {year: draw(_money) for year in draw(subset)}
        if draw(st.booleans()):
            entry["tekst"] = draw(st.lists(_words, min_size=1, max_size=2).map("\n".join))
        financing.append(entry)
    data = {
        "nr": draw(st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True)),
        # a title that is only the form's header word ("Nr", "Titel") is read as the header: not a real title
        "titel": draw(_words.filter(lambda title: title.strip(" .").casefold() not in {"nr", "titel"})),
        "udvalg": committee.name,
        "status": draw(st.sampled_from(["forslag", "godkendt", "afvist"])),
        "foreløbig": draw(st.booleans()),
        "prisniveau": draw(st.integers(min_value=2015, max_value=2035)),
        "iværksættelse": draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31))),
        "indenfor_servicerammen": draw(st.sampled_from(["ja", "nej", "delvist"])),
        "udgifter": expenditure,
        "indtægter": income,
        "netto": {year: expenditure[year] + income[year] for year in years},
        "fuldtidsstillinger": {year: draw(_positions) for year in years},
        "engangsudgifter": one_off,
        "bemærkning": draw(st.none() | _words.map(lambda words: "*" + words)),
        "finansiering": financing,
        "baggrund": draw(_text),
        "økonomiske_konsekvenser": draw(_text),
    }
    return Correction.model_validate({k: v for k, v in data.items() if v is not None}), committee


_ROOT = yaml.compose("{}")


@pytest.mark.parametrize("title", ["08", "010", "1e3", "1_000", "yes", "2026-01-01", "~"])
def test_a_title_the_reader_would_take_for_a_value_is_written_quoted(title: str) -> None:
    (form,) = parse_document(path=APPENDIX, lines=lines_of(FORM), committees=COMMITTEES).forms
    source, problems = parse_yaml(Path("x.yaml"), correction_yaml(form.data | {"titel": title}))
    assert source is not None
    assert not problems
    assert source.data["titel"] == title


@settings(max_examples=150, deadline=None)
@given(valid_corrections())
def test_show_text_imports_to_the_same_correction_and_file(generated: tuple[Correction, Committee]) -> None:
    original, committee = generated
    assert _ROOT is not None
    shown = render_form(Entry(original, committee, YamlFile(Path("x.yaml"), {}, _ROOT)))
    parsed = parse_document(path=APPENDIX, lines=lines_of(shown), committees=COMMITTEES)
    assert parsed.problems == ()
    (form,) = parsed.forms
    assert Correction.model_validate(form.data) == original
    # and through the file the import writes
    source, problems = parse_yaml(Path("x.yaml"), correction_yaml(form.data))
    assert source is not None
    assert not problems
    assert Correction.model_validate(source.data) == original


# --- the import example of docs/commands.md, written for real ------------------------------------------------

DOCUMENTED_SUMMARY = re.compile(r"(Without `--dry-run` the files are written.*?```text\n)(.*?)(```\n)", re.DOTALL)


def test_the_documented_import_summary_is_what_the_import_says(budget: Budget, request: pytest.FixtureRequest) -> None:
    example = Path("examples/import/kultur-og-fritid-2027.txt")
    (budget.root / example).parent.mkdir(parents=True)
    shutil.copy(REPO / example, budget.root / example)
    result = run("import", example.as_posix())
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in budget.corrections.iterdir()) == [
        "T501-driftstilskud-til-haller-og-idraetsanlaeg-efter-sammenlaegningen-af-grenaa.yaml",
        "T502-musikskolens-lokaler.yaml",
    ]
    assert run("validate").exit_code == 0  # what was written is valid for the loader too
    page = REPO / "docs" / "commands.md"
    text = page.read_text(encoding="utf-8")
    match = DOCUMENTED_SUMMARY.search(text)
    assert match is not None
    if request.config.getoption("--refresh-expected"):
        page.write_text(text.replace(match.group(0), match[1] + result.stderr + match[3]), "utf-8")
        return
    assert result.stderr == match.group(2)


def test_new_asks_for_what_is_missing_on_a_terminal(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from budgetkorr.cli import app, new

    budget.write("T101-digital-udvikling-kombit-projekter.yaml", _VALID_T101)
    monkeypatch.setattr(new, "interactive", lambda: True)
    result = CliRunner().invoke(app, ["new"], input="ØK\nKantinen i rådhuset\n")
    assert result.exit_code == 0, result.output
    assert "Udvalg (navn eller forkortelse): " in result.output
    assert (budget.corrections / "T102-kantinen-i-raadhuset.yaml").is_file()


def test_the_same_number_in_two_documents_is_written_once(budget: Budget, tmp_path: Path) -> None:
    first = appendix(tmp_path, FORM, "a.txt")
    second = appendix(tmp_path, FORM.replace("Digital udvikling KOMBIT projekter", "Noget andet"), "b.txt")
    result = run("import", str(first), str(second))
    assert result.exit_code == 2
    assert "b.txt:6: T101 nr: T101 står to gange i dokumenterne" in result.stderr
    assert [p.name for p in budget.corrections.iterdir()] == ["T101-digital-udvikling-kombit-projekter.yaml"]


@pytest.mark.parametrize(
    "title",
    [
        "yes",
        "null",
        "123",
        "2026-01-01",
        "0.880",
        "- a",
        "#x",
        "a: b",
        "'q'",
        '"q"',
        "*ref",
        "&a",
        "!tag",
        "a # b",
        "[1]",
        "{a}",
        "%x",
        "@x",
        "`x`",
        "x\\ty",
        "Ø—Å…",
        "\u00a0x",
    ],
)
def test_any_title_is_written_so_that_it_reads_back_as_itself(title: str) -> None:
    from budgetkorr.yamlwrite import correction_yaml

    text = correction_yaml({"nr": "T101", "titel": title, "baggrund": f"{title}\n\n  {title}\n"})
    source, problems = parse_yaml(Path("x.yaml"), text)
    assert source is not None, problems
    assert source.data["titel"] == title
    assert source.data["baggrund"] == f"{title}\n\n  {title}\n"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from budgetkorr.files import write_atomic

    target = tmp_path / "T101-a.yaml"
    target.write_text("det gamle\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"det nye\n", force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["T101-a.yaml"]
    assert target.read_text(encoding="utf-8") == "det gamle\n"

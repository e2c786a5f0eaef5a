"""The fields of a correction come from the model: the writer, the template, the importer, the records and the
comparison follow its keys and their order, so a field added to the model reaches every one of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from budgetkorr.comparison import TEXT_KEYS, field_changes
from budgetkorr.importers.document import ROW_LABELS
from budgetkorr.models import YEAR_ROWS, Correction, Financing, fields_of
from budgetkorr.render.records import CORRECTION_COLUMNS, LIST_COLUMNS
from budgetkorr.templates import template
from budgetkorr.yamlwrite import correction_yaml

KEYS = [field.key for field in fields_of(Correction)]


def test_the_fields_of_a_correction_in_the_files_order_with_how_each_is_written() -> None:
    assert [(field.key, field.kind) for field in fields_of(Correction)] == [
        ("nr", "value"),
        ("titel", "value"),
        ("udvalg", "value"),
        ("status", "value"),
        ("foreløbig", "value"),
        ("prisniveau", "value"),
        ("iværksættelse", "value"),
        ("indenfor_servicerammen", "value"),
        ("udgifter", "amounts"),
        ("indtægter", "amounts"),
        ("netto", "amounts"),
        ("netto_indenfor", "amounts"),
        ("fuldtidsstillinger", "positions"),
        ("engangsudgifter", "amounts"),
        ("bemærkning", "text"),
        ("finansiering", "financing"),
        ("baggrund", "section"),
        ("økonomiske_konsekvenser", "section"),
    ]
    assert [(field.key, field.kind) for field in fields_of(Financing)] == [
        ("kilde", "value"),
        ("reference", "value"),
        ("beløb", "amounts"),
        ("tekst", "text"),
    ]


def _data(years: tuple[int, ...] = (2026, 2027)) -> dict[str, Any]:
    data, _ = template("T110", "Prøve", "Økonomiudvalget", years, None)
    return data


def test_the_template_holds_every_key_of_the_model_in_its_order_but_the_optional_note_and_split() -> None:
    # netto_indenfor belongs to delvist only, and the template says ja: it is explained in a comment instead
    assert list(_data()) == [key for key in KEYS if key not in ("bemærkning", "netto_indenfor")]
    Correction.model_validate(_data())  # and the model reads it


def test_the_writer_writes_the_rows_as_aligned_maps_and_the_sections_as_blocks() -> None:
    text = correction_yaml(_data() | {"bemærkning": "Se bilag."})
    assert "\nudgifter:           {2026: 0.000, 2027: 0.000}\n" in text
    assert "\nfuldtidsstillinger: {2026: 0, 2027: 0}\n" in text
    assert "\nbaggrund: |\n  Skriv baggrunden" in text
    assert "\nbemærkning: Se bilag.\n" in text  # a note is one line, not a block


def test_the_importer_reads_a_label_for_every_row_of_the_model_in_its_order() -> None:
    assert list(ROW_LABELS) == [field.key for field in fields_of(Correction) if field.kind in YEAR_ROWS]


def test_the_records_start_with_the_one_line_fields_and_the_committees_abbreviation() -> None:
    assert LIST_COLUMNS[:9] == (
        "nr",
        "titel",
        "udvalg",
        "forkortelse",
        "status",
        "foreløbig",
        "prisniveau",
        "iværksættelse",
        "indenfor_servicerammen",
    )
    assert tuple(column for column in LIST_COLUMNS[:9] if column != "iværksættelse") == CORRECTION_COLUMNS


def test_the_comparison_names_every_field_that_differs_and_diffs_every_text() -> None:
    old = Correction.model_validate(_data())
    new = Correction.model_validate(
        _data()
        | {
            "titel": "Andet",
            "status": "godkendt",
            "foreløbig": False,
            "prisniveau": 2025,
            "iværksættelse": date(2026, 7, 1),
            "indenfor_servicerammen": "nej",
            "udgifter": {2026: Decimal(1), 2027: Decimal(0)},
            "netto": {2026: Decimal(1), 2027: Decimal(-1)},
            "fuldtidsstillinger": {2026: Decimal(1), 2027: Decimal(0)},
            "engangsudgifter": {2026: Decimal("0.5")},
            "indtægter": {2026: Decimal(0), 2027: Decimal(-1)},
            "finansiering": [
                {"kilde": "anlæg", "reference": "A108", "beløb": {2026: Decimal(-1)}, "tekst": "Fra A108."}
            ],
        }
    )
    # in the file's order, the one-line values before the rows; nr is what the two are matched by
    assert [change.key for change in field_changes(old, new, "Økonomiudvalget", "Kulturudvalget")] == [
        "titel",
        "udvalg",
        "status",
        "foreløbig",
        "prisniveau",
        "iværksættelse",
        "indenfor_servicerammen",
        "udgifter.2026",
        "indtægter.2027",
        "netto.2026",
        "netto.2027",
        "fuldtidsstillinger.2026",
        "engangsudgifter.2026",
        "finansiering.1.kilde",
        "finansiering.1.reference",
        "finansiering.1.tekst",
        "finansiering.1.beløb.2026",
    ]
    assert [key for key, _ in TEXT_KEYS] == ["bemærkning", "baggrund", "økonomiske_konsekvenser"]

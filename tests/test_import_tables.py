"""Small tables and bullet lists inside a form's texts come through in the correction file's text format."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from budgetkorr.importers.prose import Line, clean
from tests.conftest import Budget, run
from tests.test_import import FORM, appendix, parse


def shaped(text: str, *, reflow: bool = True) -> str:
    """A text section as the importer writes it; the text is dedented, its lines numbered from 1."""
    lines = [Line(number, line) for number, line in enumerate(textwrap.dedent(text).split("\n"), start=1)]
    return clean(lines, reflow=reflow, shape=True)


WINTER = """\
    Vintertjenesten er rykket ud oftere de seneste vintre.

    Vintersæson   Antal udkald   Udgift (mio. kr.)
    2022/23   14   1,2
    2023/24   21   1,9

    Udgiften forventes at stige.
"""
WINTER_TABLE = (
    "| Vintersæson | Antal udkald | Udgift (mio. kr.) |\n"
    "| --- | ---: | ---: |\n"
    "| 2022/23 | 14 | 1,2 |\n"
    "| 2023/24 | 21 | 1,9 |\n"
)


def test_an_aligned_table_becomes_a_pipe_table_between_its_paragraphs() -> None:
    assert shaped(WINTER) == (
        "Vintertjenesten er rykket ud oftere de seneste vintre.\n\n" + WINTER_TABLE + "\nUdgiften forventes at stige.\n"
    )


def test_a_table_without_empty_lines_around_it_is_set_apart_from_the_text() -> None:
    text = """\
        Udkaldene fordeler sig således
        Vintersæson   Antal udkald   Udgift (mio. kr.)
        2022/23   14   1,2
        2023/24   21   1,9
        Udgiften forventes at stige.
    """
    assert shaped(text) == ("Udkaldene fordeler sig således\n\n" + WINTER_TABLE + "\nUdgiften forventes at stige.\n")


def test_a_double_spaced_table_and_one_apart_by_tabs() -> None:
    spaced = "Vintersæson    Antal udkald\n\n2022/23    14\n\n2023/24    21\n"
    tabs = "Vintersæson\tAntal udkald\n2022/23\t14\n2023/24\t21\n"
    expected = "| Vintersæson | Antal udkald |\n| --- | ---: |\n| 2022/23 | 14 |\n| 2023/24 | 21 |\n"
    assert shaped(spaced) == shaped(tabs) == expected


def test_years_may_head_the_columns_and_a_column_of_text_is_not_right_aligned() -> None:
    text = """\
        Område   2026   2027
        Veje   -0,5   −1.250,0
        Stier   ikke opgjort   0,2
    """
    assert shaped(text) == (
        "| Område | 2026 | 2027 |\n| --- | --- | ---: |\n| Veje | -0,5 | −1.250,0 |\n| Stier | ikke opgjort | 0,2 |\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prose with a double space, two lines in a row: a paragraph, its spacing as written
        (
            "Udgifterne til vintertjenesten  stiger år for år,\nog kommunen har  derfor brug for 2,0 mio. kr.\n",
            "Udgifterne til vintertjenesten  stiger år for år, og kommunen har  derfor brug for 2,0 mio. kr.\n",
        ),
        # a justified line that ends in an amount after a double space, under one that ends in a double space too
        (
            "Den samlede udgift  bliver\ni alt  2,0 mio. kr.\n",
            "Den samlede udgift  bliver i alt  2,0 mio. kr.\n",
        ),
        # two sentences with a double space, each on its line
        (
            "Ny paragraf med to  mellemrum.\nOg en til  med 14 ord.\n",
            "Ny paragraf med to  mellemrum. Og en til  med 14 ord.\n",
        ),
        # a list of amounts without a header row (seed 004's T105): rows kept as rows, not a table
        (
            "Tre årsværk       1,8 mio. kr.\n\nSOC aftalen       0,6 mio. kr.\n",
            "Tre årsværk 1,8 mio. kr.\nSOC aftalen 0,6 mio. kr.\n",
        ),
        # a header and no row of figures below it
        (
            "Vintersæson   Antal udkald\nBeregnes senere   af vejafdelingen\n",
            "Vintersæson Antal udkald\nBeregnes senere af vejafdelingen\n",
        ),
        # rows with different numbers of cells
        ("Vintersæson   Antal udkald\n2022/23   14   1,2\n", "Vintersæson Antal udkald\n2022/23 14 1,2\n"),
        # one row alone
        ("Vintersæson   Antal udkald   Udgift\n", "Vintersæson Antal udkald Udgift\n"),
        # years in a row of their own and figures run together by the extraction (seed 004's T107)
        (
            "År  2021 2022 2023\n\nBetaling 155.938 202.510 289.747\n",
            "År 2021 2022 2023\nBetaling 155.938 202.510 289.747\n",
        ),
    ],
)
def test_what_is_not_surely_a_table_stays_as_it_was(text: str, expected: str) -> None:
    assert shaped(text) == expected
    assert "|" not in shaped(text)


def test_bullet_lines_become_list_items() -> None:
    text = """\
        Pengene bruges til:
        • saltning af cykelstier
        – flere udkald om natten, som ellers ville
        vente til morgenen
        * snerydning ved skolerne
        - en ekstra vagt
    """
    assert shaped(text) == (
        "Pengene bruges til:\n"
        "- saltning af cykelstier\n"
        "- flere udkald om natten, som ellers ville vente til morgenen\n"
        "- snerydning ved skolerne\n"
        "- en ekstra vagt\n"
    )


def test_a_word_documents_text_is_shaped_line_for_line() -> None:
    text = "Udkaldene:\nVintersæson   Antal udkald\n2022/23   14\n2023/24   21\n\n• saltning\n"
    assert shaped(text, reflow=False) == (
        "Udkaldene:\n\n| Vintersæson | Antal udkald |\n| --- | ---: |\n| 2022/23 | 14 |\n| 2023/24 | 21 |\n\n"
        "- saltning\n"
    )


def test_budgetkorrs_own_form_keeps_its_text_exactly() -> None:
    text = "Vintersæson   Antal udkald\n2022/23   14\n2023/24   21\n• saltning\n"
    lines = [Line(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    assert clean(lines, reflow=False, shape=False) == text


# --- through the form and the command line -----------------------------------------------------------------


WINTER_FORM = FORM.replace(
    "    Udgifterne har kørt som anlæg.\n", textwrap.indent(textwrap.dedent(WINTER), "    ")
).replace("    Udgifterne flyttes til drift.\n", "    Pengene bruges til:\n    • saltning\n    • snerydning\n")


def test_a_form_with_a_table_in_its_background() -> None:
    data = parse(WINTER_FORM)["T101"]
    assert data["baggrund"] == (
        "Vintertjenesten er rykket ud oftere de seneste vintre.\n\n" + WINTER_TABLE + "\nUdgiften forventes at stige.\n"
    )
    assert data["økonomiske_konsekvenser"] == "Pengene bruges til:\n- saltning\n- snerydning\n"


def test_the_written_file_holds_the_pipe_table(budget: Budget, tmp_path: Path) -> None:
    result = run("import", str(appendix(tmp_path, WINTER_FORM)))
    assert result.exit_code == 0, result.stderr
    (written,) = budget.corrections.glob("*.yaml")
    text = written.read_text(encoding="utf-8")
    assert (
        "baggrund: |\n"
        "  Vintertjenesten er rykket ud oftere de seneste vintre.\n"
        "\n"
        "  | Vintersæson | Antal udkald | Udgift (mio. kr.) |\n"
        "  | --- | ---: | ---: |\n"
        "  | 2022/23 | 14 | 1,2 |\n"
        "  | 2023/24 | 21 | 1,9 |\n"
        "\n"
        "  Udgiften forventes at stige.\n"
        "økonomiske_konsekvenser: |\n"
        "  Pengene bruges til:\n"
        "  - saltning\n"
        "  - snerydning\n"
    ) in text
    assert run("validate").exit_code == 0

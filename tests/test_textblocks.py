"""A correction's texts with paragraphs, bullet lists and pipe tables: read once (core.textblocks), shown as a list
and a table in show, HTML, Word and markdown, read back by import, and a ragged table row warned at its line."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkorr.core.entry import Entry
from budgetkorr.core.textblocks import BulletList, Paragraph, Ragged, Table, blocks, table_lines, tidy_tables
from budgetkorr.importers import parse_document
from budgetkorr.importers.prose import Line
from budgetkorr.loader import load_committees
from budgetkorr.models import Committee, Correction
from budgetkorr.render.form import WIDTH, render_form
from budgetkorr.render.textblocks import show_lines, word_widths
from budgetkorr.yamlread import YamlFile, parse_yaml
from tests.conftest import SHIPPED_DATA, VALID, Budget, run, with_lines

WINTER = """\
Udgifterne til vintertjeneste er steget
de seneste år:

| Vintersæson | Antal udkald | Udgift (mio. kr.) |
| --- | ---: | ---: |
| 2022/23 | 14 | 1,2 |
| 2023/24 | 19 | 1,6 |

Det skyldes især:
- flere dage med isslag
- højere priser på salt og
  kørsel
"""

# --- reading the text ------------------------------------------------------------------------------------------


def test_paragraphs_lists_and_a_table_are_read_in_order() -> None:
    assert blocks(WINTER) == [
        Paragraph("Udgifterne til vintertjeneste er steget de seneste år:", 0, 2),
        Table(
            ("Vintersæson", "Antal udkald", "Udgift (mio. kr.)"),
            (("2022/23", "14", "1,2"), ("2023/24", "19", "1,6")),
            (None, "right", "right"),
            3,
            7,
        ),
        Paragraph("Det skyldes især:", 8, 9),
        BulletList(("flere dage med isslag", "højere priser på salt og kørsel"), 9, 12),
    ]


def test_cells_are_stripped_an_escaped_bar_is_a_bar_and_alignment_is_kept() -> None:
    (table,) = blocks("|  a \\| b  |c|   d |\n|:---|:---:|---|\n| 1 | 2 | 3 |\n")
    assert isinstance(table, Table)
    assert table.header == ("a | b", "c", "d")
    assert table.alignments == ("left", "center", None)
    assert [table.align(column) for column in range(3)] == ["left", "center", "right"]  # 3 is a figure
    assert table_lines(table) == ["| a \\| b | c | d |", "| :--- | :---: | --- |", "| 1 | 2 | 3 |"]


def test_without_a_separator_row_every_row_is_a_body_row_and_a_column_of_figures_is_right_aligned() -> None:
    (table,) = blocks("| Vintersæson | Udgift |\n| 2022/23 | −1.234,5 |\n| 2023/24 | (2,0) |\n")
    assert isinstance(table, Table)
    assert table.header is None
    assert table.rows[0] == ("Vintersæson", "Udgift")
    assert (table.align(0), table.align(1)) == ("left", "left")  # the first row's words are not figures
    (figures,) = blocks("| 2022/23 | 1,2 |\n| 2023/24 | 12 % |\n")
    assert isinstance(figures, Table)
    assert (figures.align(0), figures.align(1)) == ("left", "right")


def test_a_ragged_row_is_padded_and_named_with_its_line() -> None:
    (intro, table) = blocks("Tal:\n| a | b | c |\n| --- | --- | --- |\n| 1 |\n| 1 | 2 | 3 | 4 |\n")
    assert intro == Paragraph("Tal:", 0, 1)
    assert isinstance(table, Table)
    assert table.header == ("a", "b", "c", "")
    assert table.rows == (("1", "", "", ""), ("1", "2", "3", "4"))
    assert table.ragged == (Ragged(3, 1, 3), Ragged(4, 4, 3))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("|", [Paragraph("|", 0, 1)]),  # a lone bar is text
        ("| a \\|", [Paragraph("| a \\|", 0, 1)]),  # it ends in an escaped bar: not a row
        ("||", [Table(None, (("",),), (None,), 0, 1)]),  # one empty cell
        ("| |\n| --- |", [Table(("",), (), (None,), 0, 2)]),  # an empty table: a header, no rows
        ("-\n- \n-x", [Paragraph("-", 0, 1), BulletList(("",), 1, 2), Paragraph("-x", 2, 3)]),
        ("\n\n\n", []),
        ("", []),
    ],
)
def test_odd_texts_are_read_as_text(text: str, expected: list[object]) -> None:
    assert blocks(text) == expected


def test_markup_in_a_cell_is_text() -> None:
    (table,) = blocks("| <script>alert(1)</script> | <b>fed</b> |\n")
    assert isinstance(table, Table)
    assert table.rows == (("<script>alert(1)</script>", "<b>fed</b>"),)


def test_a_huge_table_is_read_whole() -> None:
    header = "| " + " | ".join(f"kolonne {c}" for c in range(40)) + " |"
    rows = ["| " + " | ".join(f"{r},{c}" for c in range(40)) + " |" for r in range(3000)]
    (table,) = blocks("\n".join([header, "| " + " | ".join(["---:"] * 40) + " |", *rows]))
    assert isinstance(table, Table)
    assert (len(table.rows), table.width, table.rows[-1][-1]) == (3000, 40, "2999,39")
    assert table.ragged == ()
    wide = show_lines("\n".join([header, *rows]), WIDTH)  # wider than show's page: one space around each cell
    assert wide[0] == header
    assert sum(word_widths(table)) == pytest.approx(17.0)  # the Word table fits the page


def test_a_wide_word_table_narrows_its_text_columns_and_keeps_its_figures_whole() -> None:
    long = "Saltning og snerydning af kommunale veje, stier og pladser i hele kommunen"
    (table,) = blocks(
        "| Område | Beskrivelse | 2026 | 2027 | Ansvarlig enhed | Bemærkning |\n"
        "| --- | --- | ---: | ---: | --- | --- |\n"
        f"| Vej og park | {long} | 1,200 | 1,300 | Drift | {long} |\n"
    )
    assert isinstance(table, Table)
    (figures,) = blocks("| 2026 | 2027 |\n| ---: | ---: |\n| 1,200 | 1,300 |\n")
    assert isinstance(figures, Table)
    widths = word_widths(table)
    assert sum(widths) == pytest.approx(17.0)
    assert widths[2:4] == word_widths(figures)  # as wide as alone: a figure never wraps
    (alone,) = blocks(f"| {long} |")
    assert isinstance(alone, Table)
    assert widths[1] < word_widths(alone)[0]  # the long text wraps


# --- show aligns a table; import reads it back as written --------------------------------------------------------


def test_show_aligns_a_table_and_keeps_every_other_line_as_written() -> None:
    assert show_lines(WINTER, WIDTH) == [
        "Udgifterne til vintertjeneste er steget",
        "de seneste år:",
        "",
        "| Vintersæson | Antal udkald | Udgift (mio. kr.) |",
        "| ----------- | -----------: | ----------------: |",
        "| 2022/23     |           14 |               1,2 |",
        "| 2023/24     |           19 |               1,6 |",
        "",
        "Det skyldes især:",
        "- flere dage med isslag",
        "- højere priser på salt og",
        "  kørsel",
    ]
    assert tidy_tables("\n".join(show_lines(WINTER, WIDTH)) + "\n") == WINTER


COMMITTEES: tuple[Committee, ...] = tuple(load_committees(SHIPPED_DATA)[0])
_ROOT = yaml.compose("{}")


def _show_then_import(correction: Correction) -> Correction:
    assert _ROOT is not None
    shown = render_form(Entry(correction, COMMITTEES[0], YamlFile(Path("x.yaml"), {}, _ROOT)))
    lines = [Line(number, text) for number, text in enumerate(shown.splitlines(), start=1)]
    parsed = parse_document(path="bilag.txt", lines=lines, committees=COMMITTEES)
    assert parsed.problems == ()
    (form,) = parsed.forms
    return Correction.model_validate(form.data)


def _correction(background: str, consequences: str = "Ingen.\n") -> Correction:
    source, problems = parse_yaml(Path("x.yaml"), VALID)
    assert source is not None
    assert not problems
    data = source.data | {"udvalg": COMMITTEES[0].name}
    return Correction.model_validate(data | {"baggrund": background, "økonomiske_konsekvenser": consequences})


def test_show_then_import_gives_back_the_table_and_the_list() -> None:
    original = _correction(WINTER, "| Post | Beløb |\n| --- | ---: |\n| Salt \\| grus | 0,4 |\n")
    assert _show_then_import(original) == original


# A body row of only dashes would be a separator row if it came second: the format can not tell them apart.
_cell = (
    st.text(alphabet="abcæøå ABC0123456789,.-:()%<>&|", max_size=12)
    .map(str.strip)
    .filter(lambda cell: not re.fullmatch(r":?-+:?", cell))
)


@st.composite
def _tables(draw: st.DrawFn) -> str:
    width = draw(st.integers(min_value=1, max_value=5))
    rows = draw(st.lists(st.lists(_cell, min_size=width, max_size=width), min_size=1, max_size=6))
    lines = [_row(row) for row in rows]
    if draw(st.booleans()):
        marks = draw(st.lists(st.sampled_from(["---", "---:", ":---", ":---:"]), min_size=width, max_size=width))
        lines.insert(1, "| " + " | ".join(marks) + " |")
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


_words = st.lists(st.text(alphabet="abcæøåABC0123456789,.:", min_size=1, max_size=10), min_size=1, max_size=6)
_paragraph = _words.map(" ".join)
_list = st.lists(_words.map(lambda words: "- " + " ".join(words)), min_size=1, max_size=4).map("\n".join)
_text = st.lists(st.one_of(_paragraph, _list, _tables()), min_size=1, max_size=4).map(lambda b: "\n\n".join(b) + "\n")


@settings(max_examples=100, deadline=None)
@given(_text)
def test_show_then_import_gives_back_any_text_of_paragraphs_lists_and_tables(text: str) -> None:
    original = _correction(text)
    assert _show_then_import(original) == original


# --- the report: a list and a table in HTML, Word and markdown ---------------------------------------------------

HOSTILE = "| Post | <script>alert(1)</script> |\n| --- | ---: |\n| a &amp; b | 1,5 |\n"


@pytest.fixture
def winter(budget: Budget) -> Budget:
    text = textwrap.indent(WINTER, "  ")
    hostile = textwrap.indent(HOSTILE, "  ")
    budget.write(
        "T101-a.yaml",
        with_lines(
            VALID, baggrund=f"baggrund: |\n{text}", økonomiske_konsekvenser=f"økonomiske_konsekvenser: |\n{hostile}"
        ),
    )
    return budget


def _form(page: str, number: str = "T101") -> str:
    return page.split(f'<article class="form" id="{number}">', 1)[1].split("</article>", 1)[0]


class _TextTables(HTMLParser):
    """What a reader of the page sees of its text tables (`<table class="text">`) and bullet items: each table as
    rows of (tag, class, text) cells, and each item's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, str, str]]]] = []
        self.items: list[str] = []
        self._in_table = False
        self._cell: tuple[str, str] | None = None
        self._text = ""
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("class") == "text":
            self._in_table = True
            self.tables.append([])
        elif self._in_table and tag == "tr":
            self.tables[-1].append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell, self._text = (tag, found.get("class") or ""), ""
        elif tag == "li":
            self._in_item, self._text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append((*self._cell, self._text))
            self._cell = None
        elif tag == "li" and self._in_item:
            self.items.append(self._text)
            self._in_item = False

    def handle_data(self, data: str) -> None:
        self._text += data


def test_html_shows_the_list_and_the_table_as_html_with_every_cell_escaped(winter: Budget) -> None:
    result = run("report")
    assert result.exit_code == 0, result.stderr
    seen = _TextTables()
    seen.feed(_form(result.stdout))
    winter_table, hostile_table = seen.tables
    assert winter_table == [
        [("th", "txt", "Vintersæson"), ("th", "num", "Antal udkald"), ("th", "num", "Udgift (mio. kr.)")],
        [("td", "txt", "2022/23"), ("td", "num", "14"), ("td", "num", "1,2")],
        [("td", "txt", "2023/24"), ("td", "num", "19"), ("td", "num", "1,6")],
    ]
    assert seen.items == ["flere dage med isslag", "højere priser på salt og kørsel"]
    assert hostile_table == [
        [("th", "txt", "Post"), ("th", "num", "<script>alert(1)</script>")],
        [("td", "txt", "a &amp; b"), ("td", "num", "1,5")],  # as written, not an entity
    ]
    assert "<script" not in result.stdout


def test_word_shows_the_table_as_a_word_table_and_the_list_as_bullets(winter: Budget, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "bilag.docx"
    result = run("report", "--format", "docx", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    grids = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    assert [
        ["Vintersæson", "Antal udkald", "Udgift (mio. kr.)"],
        ["2022/23", "14", "1,2"],
        ["2023/24", "19", "1,6"],
    ] in grids
    assert [["Post", "<script>alert(1)</script>"], ["a &amp; b", "1,5"]] in grids
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Vintersæson"]
    figure = table.rows[1].cells[1].paragraphs[0]
    assert figure.alignment is not None
    assert figure.alignment.name == "RIGHT"
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets[-2:] == ["flere dage med isslag", "højere priser på salt og kørsel"]
    texts = [p.text for p in document.paragraphs]
    assert "Udgifterne til vintertjeneste er steget de seneste år:" in texts


def test_markdown_shows_the_list_and_a_pipe_table_escaped(winter: Budget) -> None:
    result = run("report", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert (
        "| Vintersæson | Antal udkald | Udgift (mio. kr.) |\n"
        "| :--- | ---: | ---: |\n"
        "| 2022/23 | 14 | 1,2 |\n"
        "| 2023/24 | 19 | 1,6 |\n"
    ) in page
    assert "Det skyldes især:\n\n- flere dage med isslag\n- højere priser på salt og kørsel\n" in page
    assert "| Post | &lt;script&gt;alert(1)&lt;/script&gt; |\n| :--- | ---: |\n| a &amp;amp; b | 1,5 |\n" in page


def test_show_prints_the_table_aligned(winter: Budget) -> None:
    result = run("show", "T101", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "| 2022/23     |           14 |               1,2 |\n" in result.stdout
    assert "- flere dage med isslag\n" in result.stdout


# --- validate: a ragged row at its line --------------------------------------------------------------------------


def test_validate_warns_at_the_line_of_a_ragged_table_row(budget: Budget) -> None:
    text = "baggrund: |\n  Tal:\n  | a | b | c |\n  | --- | --- | --- |\n  | 1 | 2 |\n  | 1 | 2 | 3 | 4 |"
    path = budget.write("T101-a.yaml", with_lines(VALID, baggrund=text))
    start = path.read_text(encoding="utf-8").splitlines().index("baggrund: |") + 1
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"data/corrections/T101-a.yaml:{start + 4}: baggrund: advarsel: tabelrækken har 2 celler, men tabellens "
        "første række har 3; de manglende vises tomme",
        f"data/corrections/T101-a.yaml:{start + 5}: baggrund: advarsel: tabelrækken har 4 celler, men tabellens "
        "første række har 3; de andre rækker får tomme celler",
        "0 fejl, 2 advarsler i 1 fil",
    ]


def test_a_ragged_row_in_a_quoted_text_is_warned_at_the_key(budget: Budget) -> None:
    budget.write(
        "T101-a.yaml", with_lines(VALID, økonomiske_konsekvenser='økonomiske_konsekvenser: "| a | b |\\n| 1 |"')
    )
    result = run("validate")
    (warning, _count) = result.stderr.splitlines()
    assert re.fullmatch(r"data/corrections/T101-a\.yaml:13: økonomiske_konsekvenser: advarsel: tabelrækken .*", warning)


def test_html_escapes_nothing_twice(winter: Budget) -> None:
    page = run("report").stdout
    assert "a &amp;amp; b" in _form(page)  # the text `a &amp; b`, escaped once
    assert page.count("&lt;script&gt;") == 1

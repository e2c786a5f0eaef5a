"""The report's charts as a reader sees them: every Danish letter drawn from the shipped font (never the missing-glyph
box), titles and labels that never overlap, and the same drawing in the Word file's PNG as in the HTML's SVG."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from budgetkorr.render import chart, fontmetrics
from budgetkorr.render import typeface as shipped
from budgetkorr.report import Report
from tests.conftest import BUDGET, TWO_YEARS, Budget, with_lines

SCALE = 3  # as the Word report draws them

COMMITTEES = """\
udvalg:
  - navn: Økonomiudvalget
    forkortelse: ØK
  - navn: Teknik- og Miljøudvalget
    forkortelse: TMU
  - navn: Børne-, Unge- og Familieudvalget
    forkortelse: BUF
  - navn: Ældre-, Sundheds- og Forebyggelsesudvalget
    forkortelse: ÆSF
  - navn: Kultur-, Fritids- og Landdistriktsudvalget – Ærø, Års og Åbenrå
    forkortelse: KFL
"""
# Long names with every Danish letter: the headings wrap, and one target is missed (a red heading, negative bars).
TARGETS = """\
kilde: Økonomiske målsætninger
mål:
  - id: strukturel_balance
    navn: Strukturel balance på det skattefinansierede område (drift, renter og afdrag) – ÆØÅ æøå
    tærskel: 0
  - id: anlæg
    navn: Anlægsudgifter på det skattefinansierede område, ekskl. jordforsyning og ældreboliger
    tærskel: 100
  - id: kassebeholdning
    navn: Gennemsnitlig kassebeholdning efter kassekreditreglen
    tærskel: 175
  - id: afdrag
    navn: Afdrag på ordinære lån
    tærskel: 10
"""
AMOUNTS = ("-3.250", "12.500", "0.125", "-0.875", "7.000")


@pytest.fixture
def danish_report(budget: Budget) -> Report:
    """A report of five committees with Danish names, whose targets' names are long and one is missed."""
    from budgetkorr.library import appendix, load

    budget.write_data("udvalg.yaml", COMMITTEES)
    budget.write_data("budget.yaml", BUDGET.replace("{2026: 100.000, 2027: 100.000}", "{2026: 96.000, 2027: 100.000}"))
    budget.write_data("targets.yaml", TARGETS)
    for index, (abbreviation, amount) in enumerate(zip(("ØK", "TMU", "BUF", "ÆSF", "KFL"), AMOUNTS, strict=True)):
        number = f"T{101 + index}"
        budget.write(
            f"{number}-a.yaml",
            with_lines(
                TWO_YEARS,
                nr=f"nr: {number}",
                titel="titel: Øget bidrag til Børnehus Midt – årlig regulering",
                udvalg=f"udvalg: {abbreviation}",
                udgifter=f"udgifter:  {{2026: {amount}, 2027: {amount}}}",
                netto=f"netto:     {{2026: {amount}, 2027: {amount}}}",
            ),
        )
    found = appendix(load(budget.data))
    assert found.report is not None, found.diagnostics
    return found.report


def _charts(report: Report) -> list[chart.Chart]:
    margin = chart.margin_chart(report)
    assert margin is not None
    return [chart.net_chart(report), margin]


def _labels(drawing: chart.Chart) -> list[chart.Label]:
    return [shape for shape in drawing.shapes if isinstance(shape, chart.Label)]


@pytest.fixture(scope="module")
def fonts() -> Iterator[dict[bool, Path]]:
    with shipped.font_file(bold=False) as regular, shipped.font_file(bold=True) as bold:
        yield {False: regular, True: bold}


def _font(fonts: dict[bool, Path], label: chart.Label, scale: int = SCALE) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts[label.bold]), round(label.size * scale))


# --- the font -------------------------------------------------------------------------------------------------


def test_the_font_and_its_licence_are_in_the_package() -> None:
    from importlib import resources

    folder = resources.files("budgetkorr.render") / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert (folder / name).is_file(), name
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence
    assert "Arev Fonts Copyright" in licence
    with shipped.font_file() as regular, shipped.font_file(bold=True) as bold:
        assert ImageFont.truetype(str(regular), 12).getname() == ("DejaVu Sans", "Book")
        assert ImageFont.truetype(str(bold), 12).getname() == ("DejaVu Sans", "Bold")


def test_the_width_table_is_the_fonts_own() -> None:
    """render/fontmetrics.py, which lays the charts out, holds exactly the font's characters and advance widths."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    for bold, table in ((False, fontmetrics.REGULAR), (True, fontmetrics.BOLD)):
        with shipped.font_file(bold) as path:
            font = ttlib.TTFont(path)
        assert font["head"].unitsPerEm == fontmetrics.UNITS_PER_EM
        assert {c: font["hmtx"][glyph][0] for c, glyph in font.getBestCmap().items()} == table
        assert "kern" not in font
        assert "GPOS" not in font  # no kerning: a text is as wide as its letters' advances
    assert {ord(c) for c in "æøåÆØÅéüÄÖ–—‘’“”…−€→≤≥\u00a0\ufffd"} <= set(fontmetrics.REGULAR)


# --- every letter drawn is the font's -------------------------------------------------------------------------


def test_every_letter_of_every_chart_is_in_the_font_and_none_is_the_missing_glyph_box(
    danish_report: Report, fonts: dict[bool, Path]
) -> None:
    """The font's cmap (read by fontTools) has every character drawn; and Pillow draws none of them as the box it
    draws for a character the font lacks (its notdef glyph: here U+E000, which the font has not)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    charts = _charts(danish_report)
    drawn_text = "".join(chart.drawn(label.text) for drawing in charts for label in _labels(drawing))
    assert set("æøåÆØÅ") <= set(drawn_text)  # the letters the fixture gave are drawn
    for bold in (False, True):
        cmap = ttlib.TTFont(fonts[bold]).getBestCmap()
        assert {c for c in drawn_text if ord(c) not in cmap} == set()
        font = ImageFont.truetype(str(fonts[bold]), 36)
        notdef = font.getmask("\ue000")
        box = (notdef.size, bytes(notdef))
        assert notdef.size[0] > 0  # the box is a visible glyph
        for letter in sorted(set(drawn_text) - {" "}):
            mask = font.getmask(letter)
            assert (mask.size, bytes(mask)) != box, f"U+{ord(letter):04X} {letter!r} is drawn as the missing-glyph box"


def test_a_letter_the_font_lacks_is_drawn_as_the_replacement_character() -> None:
    assert chart.drawn("Ærø\u4e2d\U0001f600") == "Ærø\ufffd\ufffd"
    assert chart.drawn("Teknik-\tog\nMiljø\x1b") == "Teknik- og Miljø\\x1b"  # one line, a control shown
    assert chart.text_width("\u4e2d", 12) == chart.text_width("\ufffd", 12)


def _png_of(text: str) -> bytes:
    return chart.render_png(chart.Chart(text, 40, 20, (chart.Label(4, 16, text),)))


def test_the_png_draws_each_danish_letter_as_itself() -> None:
    """Pillow's own font drew æ, ø and å as the box; the shipped one draws each as a letter of its own, and a
    character it lacks as the replacement character."""
    pictures = {letter: _png_of(letter) for letter in ("a", "o", "A", "O", "æ", "ø", "å", "Æ", "Ø", "Å", "\ufffd")}
    assert len(set(pictures.values())) == len(pictures)
    assert _png_of("\ue000") == pictures["\ufffd"]
    image = Image.open(io.BytesIO(pictures["å"]))
    assert image.size == (40 * SCALE, 20 * SCALE)


# --- nothing overlaps -----------------------------------------------------------------------------------------


def _box(draw: ImageDraw.ImageDraw, fonts: dict[bool, Path], label: chart.Label) -> tuple[float, float, float, float]:
    """The ink box of the label as the PNG draws it, letter by letter."""
    font = _font(fonts, label)
    boxes = [
        draw.textbbox((x, label.y * SCALE), letter, font=font, anchor="ls")
        for x, letter in chart.letters(label, SCALE)
        if letter != " "
    ]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_two_texts_of_a_chart_overlap_and_all_are_inside_it(danish_report: Report, fonts: dict[bool, Path]) -> None:
    """Titles (wrapped), headings, tick labels, year labels, values and the legend: no two ink boxes meet."""
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    for drawing in _charts(danish_report):
        labels = [label for label in _labels(drawing) if label.text.strip()]
        for label in labels:
            box = _box(draw, fonts, label)
            assert min(box[:2]) >= 0, label.text
            assert box[2] <= drawing.width * SCALE, label.text
            assert box[3] <= drawing.height * SCALE, label.text
        assert _meeting(fonts, labels) == [], drawing.title


def _meeting(fonts: dict[bool, Path], labels: list[chart.Label]) -> list[tuple[str, str]]:
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [(label.text, _box(draw, fonts, label)) for label in labels if label.text.strip()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if _overlap(box_a, box_b)]


AMOUNT = st.decimals(min_value=Decimal("-999.999"), max_value=Decimal("999.999"), places=3, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.lists(AMOUNT, min_size=1, max_size=6), min_size=1, max_size=5),
    width=st.sampled_from([344.0, 720.0]),
)
def test_no_value_or_axis_label_of_a_bar_panel_meets_another(
    fonts: dict[bool, Path], values: list[list[Decimal]], width: float
) -> None:
    """Whatever the amounts: the tick labels, the years and the values printed at the bars' ends stay apart."""
    years = len(values[0])
    bars = [
        chart._Bar(year, series, amount, chart.PALETTE[0], "")
        for series, amounts in enumerate(values)
        for year, amount in enumerate(amounts[:years])
    ]
    axis = chart._axis([float(bar.value) for bar in bars], 174.0)
    shapes = chart._bar_panel(0, 0, width, 174.0, axis, [str(2026 + year) for year in range(years)], len(values), bars)
    assert _meeting(fonts, [shape for shape in shapes if isinstance(shape, chart.Label)]) == []


def test_long_titles_wrap_and_the_panels_make_room_for_them(danish_report: Report) -> None:
    margin = _charts(danish_report)[1]
    bold = [label for label in _labels(margin) if label.bold]
    texts = [label.text for label in bold]
    assert texts[0].startswith("Målenes margin pr. år")
    # the first target's heading is wider than a panel: it goes on over lines of its own, each inside the panel
    heading = [label for label in bold[1:] if label.x < margin.width / 2]
    assert len(heading) > 2
    assert " ".join(label.text for label in heading[:3]).startswith("Strukturel balance på det skattefinansierede")
    for label in heading:
        assert label.x + chart.text_width(label.text, label.size, bold=True) <= margin.width / 2
    missed = [label for label in bold if label.text.endswith("IKKE opfyldt")]
    assert missed
    assert {label.fill for label in missed} == {chart.NOT_MET}


def test_wrap_breaks_at_spaces_and_inside_a_word_only_when_it_must() -> None:
    assert chart.wrap("Teknik- og Miljøudvalget", 1000, 12) == ("Teknik- og Miljøudvalget",)
    width = chart.text_width("Miljøudvalget", 12)
    assert chart.wrap("Teknik- og Miljøudvalget", width, 12) == ("Teknik- og", "Miljøudvalget")
    held = chart.wrap("Afdrag på\u00a0lån", chart.text_width("Afdrag på", 12) + 1, 12)
    assert held == ("Afdrag", "på\u00a0lån")  # a hard space holds its words together
    long = chart.wrap("Ældreboliglånsafdragsudgifter", 60, 12)
    assert "".join(long) == "Ældreboliglånsafdragsudgifter"
    assert all(chart.text_width(line, 12) <= 60 for line in long)
    assert chart.wrap("", 60, 12) == ("",)


# --- the same drawing in HTML and Word ------------------------------------------------------------------------


def test_svg_and_png_are_one_drawing(danish_report: Report) -> None:
    """The SVG names the shipped font first and holds every label of the PNG, in the same place and colour."""
    from budgetkorr import escape

    for drawing in _charts(danish_report):
        svg = chart.render_svg(drawing)
        assert 'font-family="DejaVu Sans, ' in svg
        for label in _labels(drawing):
            assert f">{escape.xml(label.text)}</text>" in svg
            assert f'fill="{label.fill}"' in svg
        assert svg.count("<text ") == len(_labels(drawing))

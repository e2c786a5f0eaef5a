"""The appendix as the committee secretary sends it: front page, table of contents, page numbers, header, the
same bytes for the same date, and forms that read as the paper form (financing, labels), in HTML and Word."""

from __future__ import annotations

import datetime
import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BUDGET, SHIPPED_DATA, TARGETS, TWO_YEARS, run, with_lines

FOLDER = "mappe-kvaeg-7319"  # a name no report would print unless it printed the folder
FRONT = ("--bilag", "Bilag 3", "--møde", "Økonomiudvalget 12. maj 2026", "--dato", "2026-05-12")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

KASSEN = with_lines(TWO_YEARS, nr="nr: T102", titel="titel: Boligsikring") + textwrap.dedent(
    """\
    finansiering:
      - kilde: kassen
        tekst: De resterende 2,0 mio. kr. finansieres af kassen.
    """
)
ANLAEG = with_lines(TWO_YEARS, nr="nr: T103", titel="titel: Licenser") + textwrap.dedent(
    """\
    finansiering:
      - kilde: anlæg
        reference: A108
        beløb: {2026: -0.950, 2027: -0.950}
        tekst: Anlægsforslag A108 reduceres med 0,95 mio. kr.
      - kilde: kassen
    """
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with a distinctive name, a municipality in budget.yaml and three corrections: one without
    financing, one paid by kassen, one by anlæg and kassen."""
    data = tmp_path / FOLDER
    (data / "corrections").mkdir(parents=True)
    shutil.copy(SHIPPED_DATA / "udvalg.yaml", data / "udvalg.yaml")
    (data / "budget.yaml").write_text(BUDGET + "kommune: Vestby Kommune\n", encoding="utf-8")
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    for name, text in (("T101-a.yaml", TWO_YEARS), ("T102-b.yaml", KASSEN), ("T103-c.yaml", ANLAEG)):
        (data / "corrections" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return data


def _html(*args: str) -> str:
    result = run("report", "--data", FOLDER, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _docx(path: Path, *args: str) -> bytes:
    result = run("report", "--data", FOLDER, "--format", "docx", "--output", str(path), *args)
    assert result.exit_code == 0, result.stderr
    return path.read_bytes()


def _parts(content: bytes) -> dict[str, str]:
    import io

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {name: package.read(name).decode("utf-8", "replace") for name in package.namelist()}


def _text(part: str) -> str:
    """The text a reader sees in a part: its runs' text, a tab as a space."""
    import xml.etree.ElementTree as ET

    shown = {f"{W}t": None, f"{W}tab": " "}
    runs = ET.fromstring(part).iter(f"{W}r")
    return "".join(
        element.text or "" if shown[element.tag] is None else " "
        for run in runs
        for element in run
        if element.tag in shown
    )


# --- the front page and running parts ---------------------------------------------------------------------------


def test_html_front_page_names_municipality_bilag_meeting_date_and_the_selection_in_words(folder: Path) -> None:
    page = _html(*FRONT)
    front = page.split("</header>", 1)[0]
    assert '<p class="municipality">Vestby Kommune</p>' in front
    assert '<p class="bilag">Bilag 3</p>' in front
    assert '<p class="meeting">Økonomiudvalget 12. maj 2026</p>' in front
    assert "<p>Udarbejdet 12. maj 2026</p>" in front
    assert '<p class="scope">Alle forslag og godkendte korrektioner, i 2026-priser</p>' in front
    assert "<p>3 korrektioner fra 1 udvalg</p>" in front
    assert FOLDER not in page
    assert "udvalgt:" not in page
    assert "Korrektioner: " not in page


def test_html_has_a_table_of_contents_of_links_to_every_part_and_form(folder: Path) -> None:
    page = _html(*FRONT)
    toc = page.split('<nav class="toc">', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'<a href="#([^"]+)">', toc)
    assert targets == ["udvalg", "korrektioner", "maal", "grafer", "afsnit-1", "T101", "T102", "T103"]
    for target in targets:
        assert page.count(f' id="{target}"') == 1, target
    assert '<a href="#afsnit-1">Økonomiudvalget</a>' in toc


def test_html_print_has_page_numbers_and_the_municipality_and_bilag_in_every_page_header(folder: Path) -> None:
    page = _html(*FRONT)
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "counter(page)" in style
    assert "counter(pages)" in style
    # the header's texts as CSS strings of escapes: Vestby Kommune, Bilag 3
    assert '@top-left { content: "Vestby Kommune";' in style
    assert '@top-right { content: "Bilag 3";' in style


def test_a_header_text_can_not_end_the_style_element(folder: Path) -> None:
    page = _html("--bilag", 'Bilag 3 </style><script>alert("x")</script>', "--dato", "2026-05-12")
    assert "<script>" not in page
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@top-right" in style  # the whole stylesheet is still one element
    assert "Bilag 3 &lt;/style&gt;&lt;script&gt;" in page  # on the front page, escaped as text


def test_docx_front_page_toc_field_page_numbers_and_header(folder: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "bilag.docx"
    content = _docx(target, *FRONT)
    document = docx.Document(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    for line in (
        "Vestby Kommune",
        "Bilag 3",
        "Økonomiudvalget 12. maj 2026",
        "Udarbejdet 12. maj 2026",
        "Alle forslag og godkendte korrektioner, i 2026-priser",
        "3 korrektioner fra 1 udvalg",
    ):
        assert line in paragraphs[:12], line
    styles = {(p.style.name if p.style is not None else ""): p.text for p in document.paragraphs}
    assert styles["Title"] == "Teknisk korrektion – budget 2026 og overslagsår"

    parts = _parts(content)
    body = parts["word/document.xml"]
    assert re.search(r'<w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText>', body)
    assert '<w:fldChar w:fldCharType="begin" w:dirty="true"/>' in body  # Word fills it in when the file is opened
    assert '<w:updateFields w:val="true"/>' in parts["word/settings.xml"]
    for number in ("T101", "T102", "T103"):  # each form's heading is a bookmark the contents link to
        assert f'<w:hyperlink w:anchor="_{number}"' in body
        assert f'w:name="_{number}"/>' in body
    headers = [text for name, text in parts.items() if re.fullmatch(r"word/header\d+\.xml", name)]
    footers = [text for name, text in parts.items() if re.fullmatch(r"word/footer\d+\.xml", name)]
    assert [_text(header) for header in headers] == ["Vestby Kommune Bilag 3"]
    assert '<w:fldSimple w:instr=" PAGE ">' in footers[0]
    assert '<w:fldSimple w:instr=" NUMPAGES ">' in footers[0]
    assert _text(footers[0]) == "Teknisk korrektion – budget 2026 og overslagsår Side 1 af 1"
    created = document.core_properties.created
    assert created is not None
    assert created.replace(tzinfo=None) == datetime.datetime(2026, 5, 12)
    assert not any(FOLDER in text for text in parts.values())


def test_the_same_data_and_date_give_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    first = _docx(tmp_path / "a.docx", *FRONT)
    second = _docx(tmp_path / "b.docx", *FRONT)
    assert first == second
    assert _html(*FRONT) == _html(*FRONT)
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 5, 12, 0, 0, 0)}


def test_the_date_is_source_date_epochs_day_else_today(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today = datetime.date.today()
    assert f"Udarbejdet {today.day}. " in _html()
    epoch = int(datetime.datetime(2026, 5, 12, 13, 0, tzinfo=datetime.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    assert "<p>Udarbejdet 12. maj 2026</p>" in _html()
    assert "<p>Udarbejdet 1. december 2026</p>" in _html("--dato", "2026-12-01")  # --dato wins
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "i går")
    refused = run("report", "--data", FOLDER)
    assert refused.exit_code == 2
    assert "SOURCE_DATE_EPOCH='i går' er ikke et antal sekunder siden 1970" in refused.stderr


def test_a_date_that_is_not_a_date_is_a_usage_error(folder: Path) -> None:
    result = run("report", "--data", FOLDER, "--dato", "12-05-2026")
    assert result.exit_code == 2
    assert "'12-05-2026' er ikke en dato som 2026-05-12 (år-måned-dag)" in result.stderr
    assert result.stdout == ""


def test_without_municipality_and_bilag_the_front_page_says_what_it_has(folder: Path) -> None:
    (folder / "budget.yaml").write_text(BUDGET, encoding="utf-8")
    page = _html("--dato", "2026-05-12")
    assert 'class="municipality"' not in page
    assert 'class="bilag"' not in page
    assert 'class="meeting"' not in page
    assert '@top-left { content: "";' in page


# --- the forms ------------------------------------------------------------------------------------------------------


def _article(page: str, number: str) -> str:
    return page.split(f'<article class="form" id="{number}">', 1)[1].split("</article>", 1)[0]


def test_html_financing_says_finansiering_once_and_kassen_as_its_sentence(folder: Path) -> None:
    page = _html(*FRONT)
    kassen = _article(page, "T102")
    assert kassen.count("Finansiering") == 1  # the heading; no table with a column of the same name
    assert 'class="financing"' not in kassen  # kassen has no amounts: no row of empty year cells
    assert "<p>De resterende 2,0 mio. kr. finansieres af kassen.</p>" in kassen
    assert "Finansieres af kassen." not in kassen  # its own sentence names kassen already

    both = _article(page, "T103")
    assert both.count("Finansiering") == 1
    table = both.split('<table class="financing">', 1)[1].split("</table>", 1)[0]
    assert "<td></td>" not in table  # no empty cell
    assert '"></td>' not in table
    assert '<td class="txt">Anlæg A108</td><td class="num">-0,950</td><td class="num">-0,950</td>' in table
    assert "<p>Anlægsforslag A108 reduceres med 0,95 mio. kr.</p>" in both
    assert "<p>Finansieres af kassen.</p>" in both  # a kassen line without its own sentence


def test_docx_financing_has_no_empty_cells_and_lines_up_under_the_form(folder: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "bilag.docx"
    _docx(target, *FRONT)
    document = docx.Document(str(target))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    financing = [table for table in tables if table[1][0] == "Anlæg A108"]
    assert financing == [[["(Mio. kr. i 2026-priser)", "2026", "2027"], ["Anlæg A108", "-0,950", "-0,950"]]]
    assert not any(row[0] == "kassen" for table in tables for row in table)
    texts = [p.text for p in document.paragraphs]
    assert texts.count("Finansiering") == 2  # one heading for each form that has financing (T102, T103)
    assert "De resterende 2,0 mio. kr. finansieres af kassen." in texts
    assert "Finansieres af kassen." in texts
    form_widths = [c.width for c in document.tables[-2].columns]  # T103's form, then its financing table
    assert [c.width for c in document.tables[-1].columns] == form_widths[:3]


def test_docx_labels_fit_their_columns_in_the_widest_fallback_font(folder: Path, tmp_path: Path) -> None:
    """Every word of every table cell fits its column in DejaVu Sans, in bold where the cell is (wider than
    Calibri, which Word uses, and than Carlito, which LibreOffice uses instead), so no label breaks inside a
    word: `Iværksættelsestidspunkt:` broke as `Iværksættelsestidspunk|t:`."""
    import docx
    from PIL import ImageFont

    from budgetkorr.render.typeface import font_file

    five = with_lines(
        TWO_YEARS.replace("{2026: 2.000, 2027: 2.000}", "{2026: 2.000, 2027: 2.000, 2028: 2, 2029: 2, 2030: -12.5}"),
        nr="nr: T104",
        iværksættelse="iværksættelse: 2026-09-01",
    ).replace("{2026: 0, 2027: 0}", "{2026: 0, 2027: 0, 2028: 0, 2029: 0, 2030: 0}")
    five = five.replace("{2026: 0.000, 2027: 0.000}", "{2026: 0.000, 2027: 0.000, 2028: 0, 2029: 0, 2030: 0}")
    (folder / "corrections" / "T104-d.yaml").write_text(five, encoding="utf-8")
    target = tmp_path / "bilag.docx"
    _docx(target, *FRONT)
    document = docx.Document(str(target))
    margins_cm = 2 * 0.19  # a cell's own left and right margin in Word and LibreOffice
    too_narrow = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.width is None or len(cell.paragraphs) != 1 or cell.text.startswith("- = "):
                    continue  # the legend spans the table
                for piece in cell.paragraphs[0].runs:
                    size = piece.font.size.pt if piece.font.size else 9.0
                    with font_file(bold=bool(piece.bold)) as path:  # the shipped DejaVu Sans: on every machine
                        font = ImageFont.truetype(str(path), round(size * 20))
                    for word in piece.text.split():
                        word_cm = font.getlength(word) / 20 / 72 * 2.54
                        if word_cm + margins_cm > cell.width.cm:
                            too_narrow.append((word, round(word_cm + margins_cm, 2), round(cell.width.cm, 2)))
    assert too_narrow == []
    texts = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["(Mio. kr. i 2026-priser)", "2026", "2027", "2028", "2029", "2030", "Iværksættelsestidspunkt:"] in texts
    assert ["Udgifter", "2,000", "2,000", "2,000", "2,000", "-12,500", "1. september 2026"] in texts


# --- the selection in words ---------------------------------------------------------------------------------------


def test_the_selection_and_price_level_as_a_sentence() -> None:
    from budgetkorr.core.prices import convert
    from budgetkorr.core.selection import Selection
    from budgetkorr.models import Committee
    from budgetkorr.render.scope import Scope, sentence

    level = convert([], {}, 2026)

    def said(selection: Selection, conversion: object = level) -> str:
        return sentence(Scope(2026, selection, conversion, None, ()))  # type: ignore[arg-type]

    assert said(Selection()) == "Alle forslag og godkendte korrektioner, i 2026-priser"
    assert said(Selection(statuses=("forslag",))) == "Alle forslag, i 2026-priser"
    assert said(Selection(statuses=("godkendt",))) == "Alle godkendte korrektioner, i 2026-priser"
    everything = Selection(statuses=("afvist", "forslag", "godkendt"))
    assert said(everything) == "Alle forslag, godkendte og afviste korrektioner, i 2026-priser"
    committee = Committee.model_validate({"navn": "Økonomiudvalget", "forkortelse": "ØK"})
    narrowed = Selection(committee=committee, only=("T101", "T102", "T105"), without=("T102",))
    assert said(narrowed) == (
        "Alle forslag og godkendte korrektioner under Økonomiudvalget, kun T101, T102 og T105, undtagen T102, "
        "i 2026-priser"
    )
    assert said(Selection(baseline=True)) == "Ingen korrektioner: budgettet, som det er, i 2026-priser"
    assert said(Selection(), None) == "Alle forslag og godkendte korrektioner"  # an output without amounts

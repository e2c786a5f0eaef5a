"""`budgetkorr report`: what a committee secretary checks in the appendix, in HTML, Word and markdown."""

from __future__ import annotations

import csv
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkorr.render import chart
from budgetkorr.render.report_tables import header_text
from tests.conftest import BUDGET, TARGETS, TWO_YEARS, VALID, Budget, run, with_lines


def _csv(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code in (0, 1), result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _danish(text: str) -> Decimal:
    """A number as the report prints it: `1.234,500` or `+8,598`."""
    return Decimal(text.replace(".", "").replace(",", ".").replace("+", ""))


# --- HTML -----------------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_file_with_a_page_break_before_each_form(shipped: Path) -> None:
    result = run("report")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Teknisk korrektion – budget 2026 og overslagsår</h1>" in page  # from budget.yaml's first year
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from a network
    assert "<script" not in page
    assert "@import" not in page
    assert "url(" not in page
    assert "size: A4" in page
    assert ".form { break-before: page; }" in page
    forms = re.findall(r'<article class="form" id="(T\d{3})">', page)
    assert forms == ["T101", "T102", "T103", "T104", "T105", "T106", "T108", "T109", "T304"]
    assert page.count("<svg ") == 2  # netto per committee, the targets' margins


def test_html_names_selection_and_price_level_and_marks_warnings_where_they_appear(shipped: Path) -> None:
    page = run("report", "--udvalg", "ØK", "--status", "forslag").stdout
    first_page = page.split('<section class="overview"', 1)[0]
    # the selection and the price level in words, T106 not converted (prisniveau.yaml has no rate 2025→2026)
    assert (
        '<p class="scope">Alle forslag under Økonomiudvalget, i 2026-priser (undtagen T106 i 2025-priser, som ikke '
        "kunne omregnes)</p>"
    ) in first_page
    assert "<p>8 korrektioner fra 1 udvalg</p>" in first_page
    assert '<p class="note">Omfatter foreløbige tal, ikke endelige: T103</p>' in first_page
    assert 'id="T304"' not in page  # Børne- og ungdomsudvalget's correction is not selected

    def form(number: str) -> str:
        return page.split(f'id="{number}"', 1)[1].split("</article>", 1)[0]

    assert "Foreløbig: tallene er ikke endelige." in form("T103")
    assert "(Mio. kr. i 2025-priser)" in form("T106")
    assert "Ikke omregnet til 2026-priser" in form("T106")
    assert "Foreløbig" not in form("T101")
    assert "Ikke omregnet" not in form("T101")


def test_html_summary_numbers_are_those_of_summary(shipped: Path) -> None:
    page = run("report").stdout
    table = page.split('id="tabel-udvalg"', 1)[1].split("</table>", 1)[0]
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]
    years = cells[0][2:]
    shown: dict[tuple[str, str, str], Decimal] = {}
    committee = ""
    for row in cells[1:]:
        committee = row[0] or committee
        for year, value in zip(years, row[2:], strict=True):
            shown[(committee, row[1], year)] = _danish(value)
    for record in _csv("summary"):
        key = (record["udvalg"], record["år"])
        assert shown[(key[0], "Netto", key[1])] == Decimal(record["netto"])
        assert shown[(key[0], "Udgifter", key[1])] == Decimal(record["udgifter"])
        assert shown[(key[0], "Fuldtidsstillinger", key[1])] == Decimal(record["fuldtidsstillinger"])


def test_text_from_the_files_is_escaped_in_html_svg_markdown_and_word(budget: Budget, tmp_path: Path) -> None:
    import docx

    budget.write_data(
        "udvalg.yaml",
        """\
        udvalg:
          - navn: "Økonomi <b>udvalget</b> & co"
            forkortelse: ØK
            nummer: 1
        """,
    )
    evil = with_lines(
        VALID,
        titel='titel: "<script>alert(1)</script> | **fed** [link](http://x)"',
        udvalg="udvalg: ØK",
        baggrund='baggrund: "<img src=x onerror=alert(1)>"',
    )
    budget.write("T101-a.yaml", evil)
    page = run("report").stdout
    assert "<script>" not in page
    assert "<img src=x" not in page
    assert "<b>udvalget" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Økonomi &lt;b&gt;udvalget&lt;/b&gt; &amp; co" in page  # in the tables and in the chart's legend
    svg = page.split("<svg ", 1)[1].split("</svg>", 1)[0]
    assert "&lt;b&gt;" in svg
    assert "<b>" not in svg
    markdown = run("report", "--format", "markdown").stdout
    assert "### T101 &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*fed\\*\\* \\[link\\](http://x)" in markdown
    target = tmp_path / "bilag.docx"
    assert run("report", "--format", "docx", "--output", str(target)).exit_code == 0
    word = docx.Document(str(target))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "T101 <script>alert(1)</script> | **fed** [link](http://x)" in texts  # text, as the reader typed it
    assert "<img src=x onerror=alert(1)>" in texts
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Økonomi <b>udvalget</b> & co" in cells


def test_escape_rules_of_the_report_formats() -> None:
    from budgetkorr import escape

    assert escape.xml('<a href="x">&\x1b') == "&lt;a href=&quot;x&quot;&gt;&amp;\\x1b"
    assert escape.html_text("a\u202eb") == "a\\u202eb"  # a bidi override shown, never obeyed
    assert escape.office_text("=1+1\x07") == "=1+1\\x07"  # XML forbids the bell; the writer marks it as text


def test_chart_svg_is_well_formed_xml(shipped: Path) -> None:
    import xml.etree.ElementTree as ET

    page = run("report").stdout
    for svg in re.findall(r"<svg .*?</svg>", page, re.DOTALL):
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_chart_ticks_cover_the_values_and_zero() -> None:
    for low, high in ((0.0, 11.303), (-4.95, 15.05), (-33.8, 0.0), (0.0, 0.0), (0.245, 0.245)):
        ticks = chart._ticks(low, high)
        assert ticks[0] <= min(low, 0.0)
        assert ticks[-1] >= max(high, 0.0)
        assert 0.0 in ticks


# --- the report value: price level, selection, targets --------------------------------------------------------


def test_forms_show_converted_amounts_equal_to_the_summary(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, prisniveau="prisniveau: 2025"))
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))
    budget.write_data("prisniveau.yaml", "kilde: test\nsatser:\n  2025: 2.9\n")
    page = run("report", "--prisniveau", "2026").stdout
    form = page.split('id="T101"', 1)[1].split("</article>", 1)[0]
    # the form as written (its text's level), then its amounts in the report's level, which the totals add up
    assert "(Mio. kr. i 2025-priser)" in form
    assert "Omregnet til 2026-priser" in form
    assert "skrevet i 2025-priser; omregnet til rapportens 2026-priser med faktor 1,029" in form
    assert "Ikke omregnet" not in form
    rows = _csv("summary", "2026", "--by", "korrektion", "--prisniveau", "2026")
    netto = {r["nr"]: Decimal(r["netto"]) for r in rows}
    assert netto["T101"] == Decimal("2.058")  # 2.000 × 1.029
    written, converted = (
        _danish(re.findall(r">([-\d.,]+)<", row)[0]) for row in re.findall(r"<td[^>]*>Netto</td>(.*?)</tr>", form)
    )
    assert (written, converted) == (Decimal("2.000"), netto["T101"])
    # a form in the report's own level is shown once
    other = page.split('id="T102"', 1)[1].split("</article>", 1)[0]
    assert "Omregnet til" not in other


def test_report_without_budget_files_says_the_targets_are_missing(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    result = run("report", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "Målene er ikke med" in result.stdout
    assert "# Teknisk korrektion – budget 2026 og overslagsår" in result.stdout  # the corrections' first year


def test_report_targets_show_a_target_not_met(budget: Budget) -> None:
    low_cash = "kassebeholdning_gennemsnit: {2026: 176.000, 2027: 176.000}"
    budget.write_data("budget.yaml", with_lines(BUDGET, kassebeholdning_gennemsnit=low_cash))
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", TWO_YEARS)
    page = run("report").stdout
    assert "Gennemsnitlig kassebeholdning" in page
    assert '<td class="txt alert">NEJ</td>' in page
    assert "Kilde: Test figures" in page


def test_scenario_options_select_the_corrections(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))
    page = run("report", "--without", "T101").stdout
    assert 'id="T101"' not in page
    assert 'id="T102"' in page
    assert "Alle forslag og godkendte korrektioner, undtagen T101, i 2026-priser" in page
    assert run("report", "--only", "T999").exit_code == 2


# --- files: Word, --output, --force, missing libraries ---------------------------------------------------------


def test_docx_requires_output_and_never_overwrites_without_force(shipped: Path, tmp_path: Path) -> None:
    result = run("report", "--format", "docx")
    assert result.exit_code == 2
    assert "--output" in result.stderr
    target = tmp_path / "bilag.docx"
    assert run("report", "--format", "docx", "--output", str(target)).exit_code == 0
    first = target.read_bytes()
    again = run("report", "--format", "docx", "--output", str(target))
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert target.read_bytes() == first
    assert run("report", "--format", "docx", "--output", str(target), "--force").exit_code == 0
    assert (tmp_path / "bilag.docx.bak").read_bytes() == first


def test_html_to_a_file(shipped: Path, tmp_path: Path) -> None:
    target = tmp_path / "bilag.html"
    result = run("report", "--output", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == run("report").stdout


def test_a_missing_library_is_a_clear_message_and_exit_2(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now raises ImportError
    result = run("report")
    assert result.exit_code == 2
    assert "jinja2" in result.stderr
    assert "pip install 'budgetkorr[report]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_docx_has_headings_a4_real_tables_with_the_numbers_and_the_charts(shipped: Path, tmp_path: Path) -> None:
    import docx
    from docx.shared import Cm

    target = tmp_path / "bilag.docx"
    assert run("report", "--format", "docx", "--output", str(target)).exit_code == 0
    document = docx.Document(str(target))
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None
    assert height is not None
    assert abs(width - Cm(21)) < Cm(0.01)
    assert abs(height - Cm(29.7)) < Cm(0.01)
    styled = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert ("Heading 1", "Oversigt pr. udvalg og år") in headings
    assert ("Heading 1", "Økonomiudvalget") in headings
    assert ("Heading 2", "T105 IT- og Cybersikkerhed (NIS2)") in headings
    assert len(document.inline_shapes) == 2  # the two charts, as pictures

    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    summary = tables[0]
    years = summary[0][2:]
    committee, shown = "", {}
    for row in summary[1:]:
        committee = row[0] or committee
        for year, value in zip(years, row[2:], strict=True):
            shown[(committee, row[1], year)] = _danish(value)
    for record in _csv("summary"):
        assert shown[(record["udvalg"], "Netto", record["år"])] == Decimal(record["netto"])
        assert shown[("I alt", "Netto", record["år"])] == sum(
            Decimal(r["netto"]) for r in _csv("summary") if r["år"] == record["år"]
        )

    by_correction = {r["nr"] + r["år"]: r for r in _csv("summary", "--by", "korrektion")}
    forms = [t for t in tables if t[0][-1] == "Iværksættelsestidspunkt:"]  # a financing table has no such column
    assert len(forms) == 9
    form_numbers = [h[1].split()[0] for h in headings if h[0] == "Heading 2"]
    for nr, form in zip(form_numbers, forms, strict=True):
        years = form[0][1:5]
        rows = {row[0]: row[1:5] for row in form[1:]}
        for year, netto, udgifter in zip(years, rows["Netto"], rows["Udgifter"], strict=True):
            record = by_correction[nr + year]
            assert _danish(netto) == Decimal(record["netto"]), (nr, year)
            assert _danish(udgifter) == Decimal(record["udgifter"]), (nr, year)
        assert "- = mindreudgift/merindtægt og + = merudgift/mindreindtægt" in rows  # the legend, a merged row


def test_word_markup_keeps_text_exactly_through_a_save(tmp_path: Path) -> None:
    """The Word report's paragraphs and tables are written as markup text (render/wordml.py); what python-docx
    reads back from the saved file is the text as given: spaces at either end, markup characters, a control
    character made visible."""
    import docx

    from budgetkorr.render import wordml

    document = docx.Document()
    body = wordml.Body(document)
    texts = ["  leading and trailing  ", "a < b & c > d </w:t>", "bell\x07", ""]
    for text in texts:
        body.add(wordml.paragraph(wordml.run(text, bold=True), style_id=body.style_id("Heading 2")))
    cell = wordml.Cell(1000, wordml.paragraph(wordml.run("x & y", italic=True)), span=2)
    body.add(wordml.table(body.style_id("Table Grid"), [500, 500], [(True, [cell])]))
    body.flush()
    document.add_paragraph("added by python-docx after the markup")
    document.save(str(tmp_path / "a.docx"))

    read = docx.Document(str(tmp_path / "a.docx"))
    shown = [
        (p.style.name if p.style is not None else "", p.text, p.runs[0].bold if p.runs else None)
        for p in read.paragraphs
    ]
    assert shown == [
        ("Heading 2", "  leading and trailing  ", True),
        ("Heading 2", "a < b & c > d </w:t>", True),
        ("Heading 2", "bell\\x07", True),
        ("Heading 2", "", True),
        ("Normal", "added by python-docx after the markup", None),  # after: the markup went before sectPr
    ]
    [table] = read.tables
    assert table.style is not None
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[0].cells] == ["x & y", "x & y"]  # one cell over both columns


def test_header_text_joins_two_line_headers() -> None:
    assert header_text("Korrek-\ntioner") == "Korrektioner"
    assert header_text("heraf\nindenfor") == "heraf indenfor"

"""Importing what is not an appendix: a Word zip bomb, an appendix of 100,000 forms, and every character of a Word
paragraph that Word can hide in its XML (entity references, hyperlinks, fields, text boxes)."""

from __future__ import annotations

import base64
import io
import random
import struct
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from tests.conftest import Budget, run
from tests.peak import PEAK_BYTES, peak_rss

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def template() -> dict[str, bytes]:
    """The parts of an empty Word document as python-docx writes it."""
    import docx

    stream = io.BytesIO()
    docx.Document().save(stream)
    with zipfile.ZipFile(stream) as package:
        return {part.filename: package.read(part) for part in package.infolist()}


def word_file(path: Path, body: str, doctype: str = "") -> Path:
    """A .docx whose document.xml has the given body (WordprocessingML) and DOCTYPE."""
    parts = template()
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return path


def paragraphs(*texts: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>" for text in texts)


FORM_LINES = [
    "Økonomiudvalget",
    "Titel Nr.",
    "Digital udvikling KOMBIT projekter T101",
    "(Mio. kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt: 01.01.2026",
    "Udgifter 2,000 2,000 2,000 2,000",
    "Indtægter 0,000 0,000 0,000 0,000 Indenfor servicerammen: Ja",
    "Netto 2,000 2,000 2,000 2,000",
    "Antal fuldtidsstillinger 0 0 0 0",
    "Baggrund for og beskrivelse af den tekniske korrektion",
]


def test_every_character_of_a_word_paragraph_reaches_the_import(budget: Budget, tmp_path: Path) -> None:
    text_box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
        "<w:p><w:r><w:t>Tekst i en tekstboks.</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Tekst i en tekstboks.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    background = (
        "<w:p>"
        "<w:r><w:t xml:space='preserve'>Udgiften i &kommune; er flyttet, </w:t></w:r>"
        "<w:hyperlink w:anchor='bilag'><w:r><w:t xml:space='preserve'>se bilag 3</w:t></w:r></w:hyperlink>"
        "<w:fldSimple w:instr=' PAGE '><w:r><w:t xml:space='preserve'> side 2</w:t></w:r></w:fldSimple>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t xml:space='preserve'> i 2026</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:ins w:id='1' w:author='A'><w:r><w:t xml:space='preserve'>, som aftalt</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='A'><w:r><w:delText>, slettet</w:delText></w:r></w:del>"
        "<w:sdt><w:sdtContent><w:r><w:t xml:space='preserve'> med &ekstern; og</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:t xml:space='preserve'> sidste ord.</w:t></w:r>"
        f"{text_box}"
        "</w:p>"
    )
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY kommune "Norddjurs Kommune"><!ENTITY ekstern SYSTEM "file:///etc/hostname">]>\n'
    )
    # the last section inside a content control of the body, as a template's locked section is
    section = paragraphs("Økonomiske konsekvenser", "Flyttes til drift.")
    body = paragraphs(*FORM_LINES) + background + f"<w:sdt><w:sdtContent>{section}</w:sdtContent></w:sdt>"
    source = word_file(tmp_path / "bilag.docx", body, doctype)
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    (written,) = budget.corrections.glob("*.yaml")
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    # the declared entity as its text, the external one as written (never read); the deleted text and the
    # field's code are not text; the text box once (Word stores it twice: for new and for old programs)
    assert data["økonomiske_konsekvenser"] == "Flyttes til drift.\n"
    assert data["baggrund"] == (
        "Udgiften i Norddjurs Kommune er flyttet, se bilag 3 side 2 i 2026, som aftalt med &ekstern; og sidste ord."
        "\n\nTekst i en tekstboks.\n"
    )


def test_a_word_table_cell_reads_its_whole_text_once(budget: Budget, tmp_path: Path) -> None:
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{paragraphs(cell)}</w:tc>" for cell in cells) + "</w:tr>"

    box = "<w:tbl>" + row("Titel", "Nr.") + row("Digital &amp; udvikling &kommune;", "T101") + "</w:tbl>"
    lines = FORM_LINES[3:]
    body = paragraphs(FORM_LINES[0]) + box + paragraphs(*lines, "Tekst.", "Økonomiske konsekvenser", "Drift.")
    source = word_file(tmp_path / "bilag.docx", body, '<!DOCTYPE w:document [<!ENTITY kommune "i Norddjurs">]>\n')
    result = run("import", str(source))
    assert result.exit_code == 0, result.stderr
    (written,) = budget.corrections.glob("*.yaml")
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["titel"] == "Digital & udvikling i Norddjurs"


def test_entity_references_can_not_expand_an_appendix_past_its_limit(budget: Budget, tmp_path: Path) -> None:
    # libxml2 refuses a reference that multiplies the document many times itself; these only double it
    # (and text that packs like text: a repeated letter would be refused as a zip bomb first)
    noise = base64.b64encode(random.Random(1).randbytes(3 * 2**20)).decode()  # 4 MiB of text
    doctype = f'<!DOCTYPE w:document [<!ENTITY stor "{noise[: 2**20]}">]>\n'
    body = paragraphs(*FORM_LINES, noise + "&stor;" * 5, "Økonomiske konsekvenser", "Drift.")
    result = run("import", str(word_file(tmp_path / "bilag.docx", body, doctype)))
    assert result.exit_code == 2
    assert "bilag.docx:1: (fil): bilaget har mere end 8 MiB tekst" in result.stderr
    assert list(budget.corrections.iterdir()) == []


# --- a zip bomb ----------------------------------------------------------------------------------------------


def _zip(parts: list[tuple[str, int, int, bytes]]) -> bytes:
    """A zip written by hand from parts already deflated (name, CRC-32, size unpacked, raw deflate data), so that a
    part of a gigabyte costs the test what it costs to repeat its packed bytes, not to pack a gigabyte."""
    out = io.BytesIO()
    directory = []
    for name, crc, size, data in parts:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        entry = (0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", *entry) + encoded)
    start, listing = out.tell(), b"".join(directory)
    out.write(listing + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), start, 0))
    return out.getvalue()


def _deflated(name: str, content: bytes) -> tuple[str, int, int, bytes]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, zlib.crc32(content), len(content), packer.compress(content) + packer.flush()


def zip_bomb(path: Path, mebibytes: int) -> Path:
    """A Word file whose document.xml, a paragraph of one letter repeated, unpacks to `mebibytes` MiB."""
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    block = b"A" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head + block) + packer.flush(zlib.Z_FULL_FLUSH)
    # after a full flush the packer starts afresh, so every further MiB packs to the same bytes
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH) == repeated
    data = first + repeated * (mebibytes - 1) + packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head + block)
    for _ in range(mebibytes - 1):
        crc = zlib.crc32(block, crc)
    bomb = ("word/document.xml", zlib.crc32(tail, crc), len(head) + mebibytes * len(block) + len(tail), data)
    parts = [_deflated(name, content) for name, content in template().items() if name != "word/document.xml"]
    path.write_bytes(_zip([*parts, bomb]))
    return path


def test_a_word_zip_bomb_is_refused_from_its_directory_before_it_is_unpacked(budget: Budget, tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bilag.docx", 1100)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as package:
        assert package.getinfo("word/document.xml").file_size > 1024**3
    code, stderr, peak = peak_rss(["import", str(bomb)], budget.root)
    assert code == 2
    assert "bilag.docx:1: (fil): Word-dokumentets del 'word/document.xml' fylder 1100 MiB udpakket" in stderr
    assert "Traceback" not in stderr
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MiB"
    assert list(budget.corrections.iterdir()) == []


@pytest.mark.parametrize(
    ("mebibytes", "expected"),
    [
        (15, "Word-dokumentets del 'word/document.xml' er pakket"),  # under the part limit, but a bomb's ratio
    ],
)
def test_a_small_zip_bomb_is_refused_by_its_ratio(
    budget: Budget, tmp_path: Path, mebibytes: int, expected: str
) -> None:
    result = run("import", str(zip_bomb(tmp_path / "bilag.docx", mebibytes)))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "gange sammen (højst 100), som en zip-bombe" in result.stderr


def test_a_damaged_zip_directory_is_a_message(budget: Budget, tmp_path: Path) -> None:
    source = tmp_path / "bilag.docx"
    source.write_bytes(b"PK\x05\x06" + b"\xff" * 18)
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "bilag.docx:1: (fil): er ikke et læsbart Word-dokument (.docx): listen over dets dele fylder over" in (
        result.stderr
    )


# --- an appendix of 100,000 forms ----------------------------------------------------------------------------

FORM = textwrap.dedent("""\
    Titel                 Nr.

    Digital udvikling nummer {index}  {nr}

    (Mio. kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt:

    Udgifter 2,000 2,000 2,000 2,000 01.01.2026

    Indtægter 0,000 0,000 0,000 0,000 Indenfor servicerammen:

    Netto 2,000 2,000 2,000 2,000   Ja

    Baggrund for og beskrivelse af den tekniske korrektion

    Udgifterne har kørt som anlæg.

    Økonomiske konsekvenser

    Udgifterne flyttes til drift.

""")


def many_forms(path: Path, count: int) -> Path:
    numbers = (f"{chr(65 + index // 1000 % 26)}{index % 1000:03d}" for index in range(count))
    forms = "".join(FORM.format(index=index, nr=nr) for index, nr in enumerate(numbers))
    path.write_text("Økonomiudvalget\n\n" + forms, encoding="utf-8")
    return path


def test_an_appendix_of_100000_forms_is_refused_at_once_within_bounded_memory(budget: Budget, tmp_path: Path) -> None:
    source = many_forms(tmp_path / "bilag.txt", 100_000)
    assert 40 * 2**20 < source.stat().st_size < 50 * 2**20  # under the file limit; over the text limit
    code, stderr, peak = peak_rss(["import", str(source)], budget.root)
    assert code == 2, stderr
    assert stderr.splitlines()[-1].startswith("0 af 0 skemaer skrevet; 1 bilag kunne ikke læses: bilag.txt:1: "), stderr
    assert "bilag.txt:1: (fil): bilaget har mere end 8 MiB tekst" in stderr
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MiB"


def test_an_appendix_of_more_forms_than_the_limit_is_refused_before_any_is_read(budget: Budget, tmp_path: Path) -> None:
    source = many_forms(tmp_path / "bilag.txt", 5000)  # under the text limit
    result = run("import", "--dry-run", str(source))
    assert result.exit_code == 2
    # at the price line of the first form past the limit: 2 heading lines, 20 lines a form, its 5th line
    where = f"bilag.txt:{2 + 1000 * 20 + 5}: (fil): "
    assert where + "bilaget har 5000 skemaer; højst 1000 importeres fra ét bilag, del det op" in result.stderr


def test_the_cost_of_an_import_grows_linearly_with_its_forms(budget: Budget, tmp_path: Path) -> None:
    """A quadratic step would make four times the forms cost sixteen times as much; linear is four. The slack
    (under eight) is for a machine shared with other work; CPU time, not wall time, is compared."""
    from budgetkorr.importers.batch import plan_import

    def cost(count: int) -> float:
        source = many_forms(tmp_path / f"bilag-{count}.txt", count)
        started = time.process_time()
        plan = plan_import([source], budget.corrections, committees=(), committee=None, existing={}, schema="")
        elapsed = time.process_time() - started
        assert len(plan.files) == count
        return elapsed

    cost(50)  # the first import pays for loading the modules
    small, large = cost(250), cost(1000)
    assert large < 8 * small, (small, large)


def test_without_the_word_extra_the_message_says_how_to_install_it(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = word_file(tmp_path / "bilag.docx", paragraphs(*FORM_LINES))
    monkeypatch.setitem(sys.modules, "lxml", None)  # import lxml raises ImportError
    result = run("import", str(source))
    assert result.exit_code == 2
    assert "python-docx er ikke installeret; installér den med: pip install 'budgetkorr[docx]'" in result.stderr


def test_a_damaged_pdf_is_one_line_at_its_file_and_nothing_of_pypdf_s_own_on_stderr(
    budget: Budget, tmp_path: Path
) -> None:
    import subprocess

    pytest.importorskip("pypdf")
    damaged = tmp_path / "bilag.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrash")
    # a process of its own, as a shell runs it: no test harness catches a library's log record on the way
    argv = [sys.executable, "-m", "budgetkorr", "import", str(damaged), "--dry-run"]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=budget.root)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "EOF marker not found" not in result.stderr  # pypdf's own note on a damaged file
    assert lines[:2] == [
        "1 fejl:",
        "  bilag.pdf:1: (fil): er ikke en læsbar PDF (beskadiget, eller ikke en PDF); "
        "pypdf siger: Stream has ended unexpectedly",
    ]

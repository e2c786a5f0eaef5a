"""`budgetkorr report --format pdf`: the appendix as the PDF the meeting portal publishes, read back as a reader of
the portal would (pypdf's text), made the same every time, with nothing fetched from outside.

WeasyPrint and the system libraries it draws with (Pango) come with the test extra and Debian's packages. Without
them the tests are skipped, and the skip names what to install; in CI (CI=true), which installs them in .ci/run,
they must run.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import importlib
import io
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from budgetkorr.cli.saving import SYSTEM
from tests.conftest import REPO, VALID, Budget, run, with_lines

INSTALL = f"pip install -e '.[test]' and apt-get install {SYSTEM['weasyprint']}"


@pytest.fixture(scope="session")
def weasyprint_ready() -> None:
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a missing optional library of its own is a warning at import
            importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PDF tests; WeasyPrint does not load ({exc}): {INSTALL}")
        pytest.skip(f"WeasyPrint or its system libraries are missing ({exc}): {INSTALL}")


def _pdf(path: Path, *args: str) -> bytes:
    result = run("report", "--format", "pdf", "--output", str(path), *args)
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    return path.read_bytes()


# The front page's words as the committee secretary gives them, and a fixed date for the same bytes
COVER = ("--bilag", "Bilag 3", "--møde", "Økonomiudvalget 12. maj 2026", "--dato", "2026-05-12")


@dataclass(frozen=True)
class Made:
    content: bytes
    stderr: str


@pytest.fixture(scope="module")
def shipped_pdf(weasyprint_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Made:
    """The shipped data's PDF as `report --format pdf` writes it, made once for the tests that only read it."""
    path = tmp_path_factory.mktemp("shipped") / "bilag.pdf"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(REPO)
        monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
        result = run("report", "--format", "pdf", "--output", str(path), *COVER)
    assert (result.exit_code, result.stdout) == (0, ""), result.stderr
    return Made(path.read_bytes(), result.stderr)


def _pages(content: bytes) -> list[str]:
    """The text of each page, as a reader of the PDF copies it."""
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def _squeezed(text: str) -> str:
    """Text without spaces and line breaks: where a line wraps, and whether a reader puts a space between two
    boxes, differs between fonts and pypdf's versions; the letters and their order do not."""
    return "".join(text.split())


def _images(content: bytes) -> int:
    import pypdf

    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(content)).pages)


SELECTION = ("--udvalg", "ØK", "--without", "T109")


@pytest.mark.usefixtures("weasyprint_ready")
def test_the_pdf_holds_every_selected_correction_and_the_totals_the_summary_prints(
    shipped: Path, tmp_path: Path
) -> None:
    text = _squeezed("".join(_pages(_pdf(tmp_path / "bilag.pdf", *SELECTION))))
    listed = list(csv.DictReader(io.StringIO(run("list", "--format", "csv", *SELECTION).stdout)))
    assert [row["nr"] for row in listed] == ["T101", "T102", "T103", "T104", "T105", "T106", "T108"]
    for row in listed:
        assert _squeezed(f"Titel {row['titel']} Nr. {row['nr']}") in text  # the form's head
    assert "Nr.T109" not in text  # named on the first page as left out, no form
    assert _squeezed("Central Barselspulje") not in text
    assert "T304" not in text
    # The I alt block of `summary` for the same selection, every label and figure, in the same order
    shown = run("summary", *SELECTION).stdout.splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith("I alt"))
    totals = _squeezed("".join(shown[start : shown.index("", start)]))
    assert totals.startswith(_squeezed("I alt Udgifter 7,503 7,303 7,303 7,303 Indtægter 0,000"))
    assert totals in text
    for word in ("Økonomiudvalget", "overslagsår", "Indtægter", "Iværksættelsestidspunkt:", "Børnehus"):
        assert word in text  # æ, ø and å as they were, not split into accents or boxes
    assert "\ufffd" not in text


def test_the_pdf_has_the_overview_then_each_form_from_a_page_of_its_own_and_text_on_every_page(
    shipped_pdf: Made,
) -> None:
    pages = _pages(shipped_pdf.content)
    forms = ["T101", "T102", "T103", "T104", "T105", "T106", "T108", "T109", "T304"]
    assert len(pages) >= len(forms) + 2  # the overview and the charts, then each form from a new page
    assert all(page.strip() for page in pages)  # no empty page
    assert _squeezed("Teknisk korrektion – budget 2026 og overslagsår") in _squeezed(pages[0])
    heads = [re.findall(r"Nr\.\s*(T\d{3})\b", page) for page in pages]  # a form's head: "Nr." over its number
    assert [number for head in heads for number in head] == forms
    assert all(len(head) <= 1 for head in heads)  # never two forms begun on one page


def test_the_same_data_gives_the_same_bytes(shipped_pdf: Made, shipped: Path, tmp_path: Path) -> None:
    import pypdf

    assert _pdf(tmp_path / "again.pdf", *COVER) == shipped_pdf.content
    reader = pypdf.PdfReader(io.BytesIO(shipped_pdf.content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Teknisk korrektion – budget 2026 og overslagsår"
    assert reader.metadata.creation_date is not None  # the report's date, not the moment or the machine
    assert reader.metadata.creation_date.replace(tzinfo=None) == datetime(2026, 5, 12)


def test_the_front_page_header_footer_and_contents_are_in_the_pdf(shipped_pdf: Made) -> None:
    pages = _pages(shipped_pdf.content)
    front = _squeezed(pages[0])
    for words in ("Norddjurs Kommune", "Bilag 3", "Økonomiudvalget 12. maj 2026", "Udarbejdet 12. maj 2026"):
        assert _squeezed(words) in front, words
    assert _squeezed("Alle forslag og godkendte korrektioner") in front
    for number, page in enumerate(pages, start=1):  # every page: the municipality and bilag, and its number
        squeezed = _squeezed(page)
        assert _squeezed("Norddjurs Kommune") in squeezed, number
        assert _squeezed("Bilag 3") in squeezed, number
        assert _squeezed(f"Side {number} af {len(pages)}") in squeezed, number
    contents = next(page for page in pages if "Indhold" in page)
    for form in ("T101", "T109", "T304"):  # the contents list every form
        assert form in contents, form
    assert not re.findall(r"\bdata\b", " ".join(pages))  # no folder named


@pytest.mark.usefixtures("weasyprint_ready")
def test_a_date_given_is_the_creation_date_and_the_bytes_stay_the_same() -> None:
    import pypdf

    from budgetkorr.render.report_pdf import pdf_from_html

    page = '<!DOCTYPE html><html lang="da"><head><title>Bilag 3</title></head><body><p>æøå ÆØÅ</p></body></html>'
    made = pdf_from_html(page, date(2026, 5, 12))
    assert made == pdf_from_html(page, date(2026, 5, 12))
    reader = pypdf.PdfReader(io.BytesIO(made))
    assert reader.metadata is not None
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.replace(tzinfo=None) == datetime(2026, 5, 12)
    assert "æøå ÆØÅ" in reader.pages[0].extract_text()


def test_the_pdf_writes_nothing_on_stderr_but_what_the_html_report_does(
    shipped_pdf: Made, shipped: Path, tmp_path: Path
) -> None:
    html = run("report", "--output", str(tmp_path / "bilag.html"))
    assert html.exit_code == 0
    assert shipped_pdf.stderr == html.stderr  # the data's own warnings; no note from WeasyPrint or fontTools


# --- nothing from outside ------------------------------------------------------------------------------------------


class _Counting(BaseHTTPRequestHandler):
    paths: list[str] = []  # noqa: RUF012  (every request this test server is asked)

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine's loopback address that only counts what it is asked for."""
    asked: list[str] = []
    handler = type("Handler", (_Counting,), {"paths": asked})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _png(path: Path) -> bytes:
    from PIL import Image

    Image.new("RGB", (8, 8), (200, 30, 30)).save(path, format="PNG")
    return path.read_bytes()


@pytest.mark.usefixtures("weasyprint_ready")
def test_markup_in_a_correction_text_is_printed_as_text_and_fetches_nothing(
    budget: Budget, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    address, asked = server
    picture = tmp_path / "billede.png"
    _png(picture)
    hostile = f'<img src="{address}/baggrund.png"> <img src="file:///etc/passwd"> <img src="{picture.as_uri()}">'
    budget.write("T101.yaml", with_lines(VALID, baggrund=f"baggrund: '{hostile}'"))
    content = _pdf(tmp_path / "bilag.pdf")
    assert _squeezed(hostile) in _squeezed("".join(_pages(content)))  # printed as the text it is
    assert _images(content) == 0
    assert asked == []


@pytest.mark.usefixtures("weasyprint_ready")
def test_the_fetcher_refuses_every_url_but_data(server: tuple[str, list[str]], tmp_path: Path) -> None:
    # The second wall, behind the escaping: even a page that did reference something outside fetches nothing.
    from budgetkorr.render.report_pdf import pdf_from_html

    address, asked = server
    picture = tmp_path / "billede.png"
    inline = base64.b64encode(_png(picture)).decode()
    outside = (
        f'<link rel="stylesheet" href="{address}/side.css"><img src="{address}/billede.png">'
        f'<img src="{picture.as_uri()}"><div style="background: url({picture.as_uri()})">x</div>'
        f'<img src="file:///etc/passwd">'
    )
    assert _images(pdf_from_html(f"<!DOCTYPE html><html><body>{outside}</body></html>")) == 0
    assert asked == []
    assert _images(pdf_from_html(f'<!DOCTYPE html><html><body><img src="data:image/png;base64,{inline}">')) == 1


# --- without WeasyPrint or its system libraries --------------------------------------------------------------------


def test_without_weasyprint_the_message_names_the_extra(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    result = run("report", "--format", "pdf", "--output", str(tmp_path / "bilag.pdf"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "budgetkorr: --format pdf kræver pakken weasyprint, som ikke er installeret. "
        "Installér den med: pip install 'budgetkorr[report-pdf]'\n"
    )
    assert not (tmp_path / "bilag.pdf").exists()


def test_without_pango_the_message_names_the_system_packages_and_nothing_else_is_printed(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint as it behaves without Pango: an English paragraph on stdout, then OSError from cffi's dlopen
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "print('WeasyPrint could not import some external libraries.')\n"
        "raise OSError(\"cannot load library 'libpango-1.0-0': No such file or directory\")\n",
        encoding="utf-8",
    )
    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(fake.parent))
    result = run("report", "--format", "pdf", "--output", str(tmp_path / "bilag.pdf"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "budgetkorr: --format pdf kræver systembibliotekerne til weasyprint, som ikke kunne indlæses. Installér dem "
        "(Debian, Ubuntu) med: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
        "fonts-dejavu-core\n"
    )


def test_pdf_needs_an_output_file(shipped: Path) -> None:
    result = run("report", "--format", "pdf")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--format pdf skriver en fil: angiv den med --output FIL" in result.stderr

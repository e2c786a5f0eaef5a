"""The HTML report as a person sees it: headless Chromium loads it without a console message, shows the numbers
of `summary`, and prints it on A4 with each form on a page of its own.

Chromium is Debian's `chromium`. The tests install nothing: without it they are skipped, and the skip names the
command that installs it. .ci/run installs it before the tests, so CI runs them.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import run

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
INSTALL = "apt-get install chromium"  # Debian's package


@pytest.fixture(scope="session")
def chromium() -> str:
    found = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if found is None:
        pytest.skip(f"headless Chromium is not installed: {INSTALL}")
    return found


def _browse(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def report_page(shipped: Path, tmp_path: Path) -> Path:
    page = tmp_path / "bilag.html"
    assert run("report", "--output", str(page)).exit_code == 0
    return page


def test_the_page_loads_without_console_messages_and_shows_the_numbers_of_summary(
    chromium: str, report_page: Path, tmp_path: Path
) -> None:
    loaded = _browse(chromium, report_page, tmp_path / "profile", "--dump-dom")
    console = [line for line in loaded.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no script error, no blocked request: the page needs nothing from outside
    dom = loaded.stdout
    assert "<h1>Teknisk korrektion – budget 2026 og overslagsår</h1>" in dom
    table = dom.split('id="tabel-udvalg"', 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]
    years, committee, shown = rows[0][2:], "", {}
    for row in rows[1:]:
        committee = row[0] or committee
        for year, value in zip(years, row[2:], strict=True):
            shown[(committee, row[1], year)] = Decimal(value.replace(".", "").replace(",", "."))
    records = list(csv.DictReader(io.StringIO(run("summary", "--format", "csv").stdout)))
    assert records
    for record in records:
        for post, column in (("Udgifter", "udgifter"), ("Indtægter", "indtægter"), ("Netto", "netto")):
            assert shown[(record["udvalg"], post, record["år"])] == Decimal(record[column])


def test_the_page_prints_on_a4_with_each_form_on_a_page_of_its_own(
    chromium: str, report_page: Path, tmp_path: Path
) -> None:
    pdf, png = tmp_path / "bilag.pdf", tmp_path / "bilag.png"
    _browse(chromium, report_page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    _browse(chromium, report_page, tmp_path / "profile2", "--window-size=1000,1400", f"--screenshot={png}")
    content = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", content))
    forms = report_page.read_text(encoding="utf-8").count('<article class="form"')
    assert pages >= forms + 2  # the overview and the charts before the nine forms, each form from a new page
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content))
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in points
    assert png.read_bytes().startswith(b"\x89PNG")

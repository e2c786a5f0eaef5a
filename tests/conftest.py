"""Shared test helpers: a budget repository in tmp_path, YAML written inline, the CLI run in-process."""

from __future__ import annotations

import gc
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkorr.cli import app

REPO = Path(__file__).resolve().parents[1]
SHIPPED_DATA = REPO / "data"

# A complete, valid correction; tests replace single lines to make the case they need.
VALID = """\
nr: T101
titel: Digital udvikling KOMBIT projekter
udvalg: Økonomiudvalget
status: forslag
prisniveau: 2026
iværksættelse: 2026-01-01
indenfor_servicerammen: ja
udgifter:  {2026: 2.000, 2027: 2.000, 2028: 2.000, 2029: 2.000}
indtægter: {2026: 0.000, 2027: 0.000, 2028: 0.000, 2029: 0.000}
netto:     {2026: 2.000, 2027: 2.000, 2028: 2.000, 2029: 2.000}
fuldtidsstillinger: {2026: 0, 2027: 0, 2028: 0, 2029: 0}
baggrund: Udgifterne flyttes fra anlæg til drift.
økonomiske_konsekvenser: I 2026 og overslagsårene flyttes 2,0 mio. kr. fra anlæg til drift.
"""


@pytest.fixture(autouse=True)
def danish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the default language (Danish), whatever the developer's shell has set."""
    monkeypatch.delenv("BUDGETKORR_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    """The console script turns the garbage collector off for its own process: a test that runs it in this one
    (`cli.main()`) leaves the collector as the test found it."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def with_lines(text: str, **lines: str) -> str:
    """The YAML text with the line of each key replaced by the given whole line (key → new line)."""
    for key, line in lines.items():
        text = "\n".join(line if old.startswith(f"{key}:") else old for old in text.splitlines()) + "\n"
    return text


# VALID over the two years of the test budget (BUDGET below): a folder whose corrections fit budget.yaml's period,
# which check-targets judges (a year outside it is exit 2).
TWO_YEARS = with_lines(
    VALID,
    udgifter="udgifter:  {2026: 2.000, 2027: 2.000}",
    indtægter="indtægter: {2026: 0.000, 2027: 0.000}",
    netto="netto:     {2026: 2.000, 2027: 2.000}",
    fuldtidsstillinger="fuldtidsstillinger: {2026: 0, 2027: 0}",
)


@dataclass
class Budget:
    """A budget repository below tmp_path: data/udvalg.yaml (Norddjurs' list) and data/corrections/."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def corrections(self) -> Path:
        return self.data / "corrections"

    def write(self, name: str, text: str) -> Path:
        """Write a correction file (dedented) and return its path."""
        path = self.corrections / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_data(self, name: str, text: str) -> Path:
        """Write a file of the data folder itself (budget.yaml, targets.yaml, prisniveau.yaml), dedented."""
        path = self.data / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, name: str, content: bytes) -> Path:
        path = self.corrections / name
        path.write_bytes(content)
        return path


@pytest.fixture
def budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Budget:
    """An empty budget repository, made the working directory (so paths print as data/corrections/…)."""
    repo = Budget(tmp_path)
    repo.corrections.mkdir(parents=True)
    shutil.copy(SHIPPED_DATA / "udvalg.yaml", repo.data / "udvalg.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return repo


BUDGET = """\
kilde: Test figures
prisniveau: 2026
indtægter:                  {2026: -1100.000, 2027: -1100.000}
driftsudgifter:             {2026: 950.000, 2027: 950.000}
renter:                     {2026: 5.000, 2027: 5.000}
anlæg:                      {2026: 100.000, 2027: 100.000}
låneoptagelse:              {2026: -10.000, 2027: -10.000}
afdrag_ordinære_lån:        {2026: 10.000, 2027: 10.000}
afdrag_ældreboliglån:       {2026: 5.000, 2027: 5.000}
øvrige_finansforskydninger: {2026: 0.000, 2027: 0.000}
kassebeholdning_gennemsnit: {2026: 200.000, 2027: 200.000}
"""
# Before corrections: strukturel balance -1100 + 950 + 5 + 100 + 10 + 5 = -30 (met by 30), anlæg 100 (met
# exactly), kassebeholdning 200 (by 25), afdrag 10 (met exactly). Tests change one line to make their case.

TARGETS = (REPO / "data" / "targets.yaml").read_text(encoding="utf-8")


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's own data, from the repository root."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return SHIPPED_DATA


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes  # exactly as written: CliRunner's text turns \r\n into \n


def run(*args: str) -> Run:
    """Run the CLI in-process; stdout and stderr apart, as a shell would have them."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def check_file(path: Path) -> list[str]:
    """One correction file checked on its own: every diagnostic, formatted as `validate` prints it."""
    from budgetkorr.loader import validate_file
    from budgetkorr.models import Correction
    from budgetkorr.yamlread import read_yaml

    source, problems = read_yaml(path)
    if source is not None:
        _, more = validate_file(source, Correction, "en korrektion")
        problems = [*problems, *more]
    return [d.format() for d in problems]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-expected",
        action="store_true",
        help="Rewrite golden files and expected stderr from the current output (review the diff after).",
    )

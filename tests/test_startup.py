"""Start-up stays light: the daily commands do not import the heavy libraries other commands need.

Each command runs in a fresh interpreter (as a user's shell runs it), which then lists every module it imported.
Speed itself is measured by benchmarks/bench.py; this test holds the imports that the speed depends on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Spreadsheets, Word, templates, PDF, git access and charts: only the commands that write or read those use them.
HEAVY = (
    *("openpyxl", "docx", "jinja2", "markupsafe", "pypdf", "pdfminer", "pdfplumber", "fitz"),
    *("git", "dulwich", "pygit2", "matplotlib", "lxml", "numpy", "pandas"),
)
# --help and --version answer without reading a file: no validation, YAML or terminal drawing either.
LOADING = ("pydantic", "pydantic_core", "yaml", "rich", "tabulate", "decimal")

_RUN = """
import json, sys
sys.argv = ["budgetkorr", *sys.argv[2:]]
from budgetkorr.cli import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as out:
    json.dump(sorted(sys.modules), out)
"""


def _imported(args: list[str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    code = _RUN.replace("OUT", repr(str(out)))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("BUDGETKORR_DATA", None)
    result = subprocess.run(
        [sys.executable, "-c", code, "-", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert out.exists(), result.stderr
    return {name.split(".")[0] for name in json.loads(out.read_text(encoding="utf-8"))}


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules)


@pytest.mark.parametrize(
    "args", [["summary", "2026"], ["summary", "2026", "--format", "csv"], ["check-targets"], ["list"], ["validate"]]
)
def test_daily_commands_do_not_import_heavy_libraries(args: list[str], tmp_path: Path) -> None:
    modules = _imported(args, tmp_path)
    assert "budgetkorr" in modules
    assert "yaml" in modules
    assert _found(modules, HEAVY) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_import_neither_heavy_libraries_nor_the_loading_ones(args: list[str], tmp_path: Path) -> None:
    modules = _imported(args, tmp_path)
    assert "typer" in modules
    assert _found(modules, HEAVY + LOADING) == []


@pytest.mark.parametrize("args", [["summary", "--help"], ["check-targets", "--help"], ["list", "--help"]])
def test_a_commands_help_reads_nothing(args: list[str], tmp_path: Path) -> None:
    # typer builds pydantic adapters for a command's parameters, so pydantic itself is imported here
    modules = _imported(args, tmp_path)
    assert _found(modules, (*HEAVY, "yaml", "rich", "tabulate")) == []

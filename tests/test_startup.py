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
import typer

from budgetkorr import __version__
from budgetkorr.cli import COMMANDS, app
from budgetkorr.cli.front import root_help
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
PRELUDE
sys.argv = ["budgetkorr", *sys.argv[2:]]
from budgetkorr.cli import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as out:
    json.dump(LISTED, out)
"""
# What a run lists: the modules it imported, or the commands typer built (read the parameters of)
_IMPORTED = ("", "sorted(sys.modules)")
_BUILT = (
    """
import typer.main
built = []
build = typer.main.get_command
def counted(typer_app):
    command = build(typer_app)
    built.append(command.name)
    return command
typer.main.get_command = counted
""",
    "sorted(name for name in built if name != 'budgetkorr')",
)
# What a run lists: the groups of entry points it read (of every installed package), and who went through every
# installed package's metadata (pydantic before 2.14 does that instead of asking for its group)
_ENTRY_POINTS = (
    """
import importlib.metadata, sys
groups = []
entry_points, distributions = importlib.metadata.entry_points, importlib.metadata.distributions
def counted(**selection):
    groups.append(selection.get("group", ""))
    return entry_points(**selection)
def listed(**selection):
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if not caller.startswith("importlib"):
        groups.append(caller.partition(".")[0])
    return distributions(**selection)
importlib.metadata.entry_points, importlib.metadata.distributions = counted, listed
""",
    "groups",
)


def _modules(
    args: list[str], tmp_path: Path, listing: tuple[str, str] = _IMPORTED, environment: dict[str, str] | None = None
) -> set[str]:
    """Every module a fresh `budgetkorr ARGS` imported, by its full name (or what `listing` lists)."""
    out = tmp_path / "modules.json"
    prelude, listed = listing
    code = _RUN.replace("PRELUDE", prelude).replace("LISTED", listed).replace("OUT", repr(str(out)))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("BUDGETKORR_DATA", None)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    env.update(environment or {})
    result = subprocess.run(
        [sys.executable, "-c", code, "-", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert out.exists(), result.stderr
    return set(json.loads(out.read_text(encoding="utf-8")))


def _imported(args: list[str], tmp_path: Path) -> set[str]:
    """The top-level packages a fresh `budgetkorr ARGS` imported."""
    return {name.split(".")[0] for name in _modules(args, tmp_path)}


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules)


@pytest.mark.parametrize(
    "args", [["summary", "2026"], ["summary", "2026", "--format", "csv"], ["check-targets"], ["list"], ["validate"]]
)
def test_daily_commands_do_not_import_heavy_libraries(args: list[str], tmp_path: Path) -> None:
    modules = _imported(args, tmp_path)
    assert "budgetkorr" in modules
    assert "pydantic" in modules  # the data was loaded and validated (PyYAML is imported only for a file needing it)
    assert _found(modules, HEAVY) == []


# Our own modules for other commands' jobs: revisions compared, git read, appendices imported, the report drawn
OTHER_JOBS = (
    *("budgetkorr.comparison", "budgetkorr.loader.git", "budgetkorr.loader.history", "budgetkorr.importers"),
    *("budgetkorr.report", "budgetkorr.templates", "budgetkorr.render.diff", "budgetkorr.render.report_"),
)


@pytest.mark.parametrize("args", [["summary", "2026"], ["check-targets"], ["list"], ["validate"]])
def test_daily_commands_do_not_import_other_commands_stages(args: list[str], tmp_path: Path) -> None:
    # check-targets imported the diff's comparison for a type name alone
    modules = _modules(args, tmp_path)
    assert sorted(name for name in modules if name.startswith(OTHER_JOBS)) == []


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_help_and_version_are_answered_without_typer(args: list[str], tmp_path: Path) -> None:
    # cli.front draws the page typer would (test below); the console script asks typer for anything else
    modules = _imported(args, tmp_path)
    assert "budgetkorr" in modules
    assert _found(modules, ("typer", "click", *HEAVY, *LOADING)) == []


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("columns", [20, 50, 60, 72, 80, 81, 200])
def test_the_quick_help_is_the_page_typer_draws(language: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETKORR_LANG", language)
    monkeypatch.setenv("COLUMNS", str(columns))
    group = typer.main.get_command(app)
    typers = group.get_help(group.context_class(group, info_name="budgetkorr", **group.context_settings))
    assert root_help() == typers


def test_the_console_script_writes_the_quick_help_and_version(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "BUDGETKORR_LANG": "da"}
    for args, expected in ((["--help"], root_help() + "\n"), (["--version"], f"budgetkorr {__version__}\n")):
        code = "import sys; sys.argv = ['budgetkorr', *sys.argv[1:]]; from budgetkorr.cli import main; main()"
        result = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_commands_help_reads_nothing(command: str, tmp_path: Path) -> None:
    # a command's own libraries (git, Word, PDF, templates), YAML and the terminal drawing are for when it runs
    modules = _imported([command, "--help"], tmp_path)
    assert _found(modules, (*HEAVY, "yaml", "rich", "tabulate")) == []


def _command_modules(modules: set[str]) -> list[str]:
    return sorted(
        f"budgetkorr.cli.{module}"
        for module in {command.module for command in COMMANDS.values()}
        if f"budgetkorr.cli.{module}" in modules
    )


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (["summary", "2026"], ["budgetkorr.cli.summary"]),
        (["check-targets"], ["budgetkorr.cli.targets"]),
        (["summary", "--help"], ["budgetkorr.cli.summary"]),
        (["--version"], []),
    ],
)
def test_a_command_imports_its_own_module_and_no_other_commands(
    args: list[str], own: list[str], tmp_path: Path
) -> None:
    assert _command_modules(_modules(args, tmp_path)) == own


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["--help"], []),
        (["--version"], []),
        (["summary", "2026"], ["summary"]),
        (["list", "--help"], ["list"]),
        (["--sprog", "en", "check-targets", "--help"], ["check-targets"]),
    ],
)
def test_typer_builds_only_the_command_that_runs(args: list[str], built: list[str], tmp_path: Path) -> None:
    # --help lists the commands with the help texts of the table: none of them is built
    assert sorted(_modules(args, tmp_path, _BUILT)) == built


def test_every_command_is_in_the_table_under_its_module() -> None:
    # A command missing from COMMANDS could never run; one listed under the wrong module would not be found.
    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="budgetkorr")
    assert group.list_commands(ctx) == list(COMMANDS)  # type: ignore[attr-defined]
    for name, (module, _help) in COMMANDS.items():
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None, name
        assert command.callback.__module__ == f"budgetkorr.cli.{module}", name
    assert group.get_command(ctx, "no-such-command") is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(("environment", "read"), [({}, []), ({"PYDANTIC_DISABLE_PLUGINS": "none"}, ["pydantic"])])
def test_pydantics_plugins_are_not_looked_for_unless_the_user_asks(
    environment: dict[str, str], read: list[str], tmp_path: Path
) -> None:
    # pydantic read every installed package's entry points for its plugins; the user's own setting stands
    assert sorted(_modules(["summary", "2026"], tmp_path, _ENTRY_POINTS, environment)) == read

"""The shape of the code: stages import one way, start-up stays light, every command explains itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import typer

from budgetkorr import __version__
from budgetkorr.cli import app
from tests.conftest import run

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetkorr"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _module(path: Path) -> str:
    return ".".join(("budgetkorr", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


MODULES = {_module(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_models_import_nothing_of_ours_but_each_other_and_the_catalog() -> None:
    models = {module for module in MODULES if module.startswith("budgetkorr.models")}
    assert models == {
        "budgetkorr.models",
        "budgetkorr.models.budget",
        "budgetkorr.models.correction",
        "budgetkorr.models.values",
    }
    for module in models:
        ours = {name for name in MODULES[module] if name.startswith("budgetkorr")}
        # budgetkorr.i18n (words for people) is a leaf that imports nothing of ours either
        assert all(name.startswith("budgetkorr.models.") or name == "budgetkorr.i18n" for name in ours), module


def test_the_catalog_imports_nothing_of_ours() -> None:
    assert {name for name in MODULES["budgetkorr.i18n"] if name.startswith("budgetkorr")} == set()


def _in_cli(module: str) -> bool:
    return module == "budgetkorr.cli" or module.startswith("budgetkorr.cli.")


def test_nothing_but_the_entry_point_imports_the_cli() -> None:
    importers = {
        module for module, imports in MODULES.items() if not _in_cli(module) and any(_in_cli(name) for name in imports)
    }
    assert importers == {"budgetkorr.__main__"}


def test_only_the_cli_uses_typer_and_only_load_and_yamlread_read_files() -> None:
    # budgetkorr.files opens files to write them (atomically), never to read input; importers.read reads appendices.
    assert all(_in_cli(m) for m, imports in MODULES.items() if "typer" in imports)
    for module, path in ((_module(p), p) for p in PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        # render.typeface reads the package's own font (for the PDF's stylesheet), never input
        readers = ("budgetkorr.yamlread", "budgetkorr.files", "budgetkorr.importers.read", "budgetkorr.render.typeface")
        if not (module in readers or module.startswith("budgetkorr.loader")):
            for reading in ("read_bytes(", "read_text(", "open("):
                assert reading not in text, module


def test_every_module_starts_with_a_docstring() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path.name


def test_every_command_and_option_has_help_text() -> None:
    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="budgetkorr")
    commands = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}  # type: ignore[attr-defined]
    assert sorted(commands) == [
        "check-targets",
        "diff",
        "export",
        "history",
        "import",
        "init",
        "list",
        "new",
        "report",
        "schema",
        "show",
        "summary",
        "validate",
    ]
    for name, command in commands.items():
        assert command.help, name
        for parameter in command.params:
            assert getattr(parameter, "help", None), f"{name} {parameter.name}"
    for parameter in group.params:
        assert getattr(parameter, "help", None), parameter.name


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"budgetkorr {__version__}\n")


def test_help_and_version_do_not_import_the_heavy_stages() -> None:
    # Start-up time: `budgetkorr --help` must not pay for pydantic, yaml, rich's tables or tabulate.
    code = (
        "import sys\n"
        "from budgetkorr import cli\n"
        "heavy = {'pydantic', 'yaml', 'tabulate', 'rich.table', 'budgetkorr.models', 'budgetkorr.loader'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""The command line is ours whatever typer and click say: every value is read and refused in our own words, the
process never ends with 0 when something went wrong, and only the libraries' public interfaces are used."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from budgetkorr.cli import COMMANDS, app
from tests.conftest import REPO, run

# Words of typer's, click's or pydantic's own sentences: none of them may reach a user who reads Danish.
ENGLISH = ("Invalid value", "is not one of", "Input should", "No such", "Error:", "Usage:", "Missing", "requires an")


def _every_parameter() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    root = group.context_class(group, info_name="budgetkorr")
    found = [("", param) for param in group.params]
    for name in COMMANDS:
        command = group.get_command(root, name)  # type: ignore[attr-defined]
        found += [(name, param) for param in command.params]
    return found


_PARAMETERS = _every_parameter()


def _command_line(command: str, *args: str) -> list[str]:
    return [*args, command] if not command else [command, *args]


@pytest.mark.parametrize(
    ("command", "param"), [pytest.param(c, p, id=f"{c or 'budgetkorr'}-{p.name}") for c, p in _PARAMETERS]
)
def test_every_parameter_names_its_value_in_danish_and_refuses_a_wrong_one_in_our_words(
    command: str, param: Any, shipped: Path
) -> None:
    if param.param_type_name == "argument" or getattr(param, "is_flag", False) or "help" in param.name:
        return
    assert param.metavar, f"{command} {param.opts[0]}: no name for its kind of value in --help"
    page = run(*_command_line(command, "--help")).stdout
    assert f"{param.opts[-1]} {param.metavar}" in page.replace("\n", " ") or param.metavar in page
    if param.metavar in ("<tekst>", "<sti>", "<mappe>", "<fil>"):
        return  # any text is a text; what a path is for is judged by the command
    result = run(*_command_line(command, param.opts[0], "xml-ikke-et-tal"))
    assert result.exit_code == 2, result.stderr
    assert "Fejl: ugyldig værdi for " in result.stderr
    assert [word for word in ENGLISH if word in result.stderr] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "abc"], "Fejl: ugyldig værdi for 'ÅR': 'abc' er ikke et helt tal"),
        (["summary", "1800"], "Fejl: ugyldig værdi for 'ÅR': '1800' er mindre end 1900"),
        (["summary", "--prisniveau", "2300"], "Fejl: ugyldig værdi for '--prisniveau': '2300' er større end 2200"),
        (["summary", "٢٠٢٦"], "Fejl: ugyldig værdi for 'ÅR': '٢٠٢٦' er ikke et helt tal"),
        (["summary", "--by", "hvem"], "Fejl: ugyldig værdi for '--by': 'hvem' er ikke en af: 'udvalg', 'korrektion'"),
        (["summary", "--data", "README.md"], "'README.md' er en fil; angiv en mappe"),
        (
            ["summary", "--output", "data"],
            "Fejl: ugyldig værdi for '--output' / '-o': 'data' er en mappe; angiv en fil",
        ),
        (["--sprog", "de", "summary"], "Fejl: ugyldig værdi for '--sprog' / '--lang': 'de' er ikke en af: 'da', 'en'"),
        (["summary", "--force=ja"], "Fejl: tilvalget --force tager ingen værdi"),
        (["summary", "--format"], "Fejl: tilvalget --format skal have en værdi"),
        (["history"], "Fejl: argumentet 'NR' mangler"),
        (["summary", "--bogus"], "Fejl: ukendt tilvalg: --bogus"),
        (["sumary"], "Fejl: ukendt kommando 'sumary'; mente du summary?"),
        (["summary", "2026", "2027"], "Fejl: uventede argumenter: 2027"),
    ],
)
def test_a_wrong_command_line_is_exit_2_with_our_sentence_and_the_usage_line(
    args: list[str], message: str, shipped: Path
) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert result.stderr.startswith("Brug: budgetkorr")
    assert [word for word in ENGLISH if word in result.stderr] == []


def test_a_given_value_of_every_kind_is_read_as_the_command_needs_it(shipped: Path) -> None:
    result = run("summary", "2026", "--by", "KORREKTION", "--format", "CSV", "--prisniveau", "2026", "--data", "data")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("nr,")


def test_budgetkorr_alone_shows_the_help_and_is_a_usage_error(shipped: Path) -> None:
    result = run()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Brug: budgetkorr [TILVALG] KOMMANDO [ARGUMENTER]...")


_BROKEN = {
    "a command's module that is not there": "COMMANDS['summary'] = COMMANDS['summary']._replace(module='gone')",
    "a module that registers no such command": "COMMANDS['summary'] = COMMANDS['summary']._replace(module='show')",
    "a command's module that fails on import": "sys.modules['budgetkorr.cli.summary'] = None",
}


@pytest.mark.parametrize("breakage", list(_BROKEN), ids=list(_BROKEN))
@pytest.mark.parametrize("args", [["summary", "2026"], ["summary", "--help"], ["--sprog", "da", "summary"]])
def test_a_broken_command_table_is_an_internal_error_never_exit_0(breakage: str, args: list[str]) -> None:
    code = (
        "import sys\n"
        "from budgetkorr.cli import COMMANDS, main\n"
        f"{_BROKEN[breakage]}\n"
        "sys.argv = ['budgetkorr', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "BUDGETKORR_LANG": "da"}
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("budgetkorr: intern fejl (")
    assert "det er en fejl i budgetkorr, ikke i dine filer" in lines[0]


# --- only public interfaces -----------------------------------------------------------------------------------

_PRIVATE_MODULES = ("typer._", "click._", "pydantic._internal", "pydantic_core._")


def _private_uses(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(_PRIVATE_MODULES):
            found.append(f"from {node.module} import")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(_PRIVATE_MODULES)]
        elif isinstance(node, ast.Attribute) and node.attr in ("_runtime_param", "_click", "_internal"):
            found.append(f".{node.attr}")
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += ["__class__ assignment" for t in targets if isinstance(t, ast.Attribute) and t.attr == "__class__"]
    return found


def test_budgetkorr_uses_no_private_interface_of_typer_click_or_pydantic() -> None:
    uses = {
        str(path.relative_to(REPO)): found
        for path in sorted((REPO / "src").rglob("*.py"))
        if (found := _private_uses(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert uses == {}


def test_the_check_for_private_interfaces_finds_each_kind() -> None:
    source = (
        "from typer._click import exceptions\nimport pydantic._internal._fields\n"
        "param._runtime_param = None\ncommand.__class__ = Command\n"
    )
    assert sorted(_private_uses(ast.parse(source))) == [
        "._runtime_param",
        "__class__ assignment",
        "from typer._click import",
        "import pydantic._internal._fields",
    ]

"""The README tells the truth: its examples run against the shipped data and print what it shows.

A ```console block holds `$ budgetkorr …` lines, each followed by the stdout it gives (`2>&1` at the end: the
command's stdout is empty and its stderr is shown). Rewrite the outputs after an intended change, then review
the diff: pytest tests/test_readme.py --refresh-expected
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, TARGETS, VALID, Budget, run

README = REPO / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def _blocks(text: str, kind: str) -> list[str]:
    return [match.group(2) for match in BLOCK.finditer(text) if match.group(1) == kind]


def _examples(text: str) -> list[tuple[str, str]]:
    """(command, shown output) pairs from the console blocks."""
    examples: list[tuple[str, str]] = []
    for block in _blocks(text, "console"):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if chunk.strip():
                command, _, shown = chunk.partition("\n")
                examples.append((command.removeprefix("$ "), shown))
    return examples


def _output(command: str) -> str:
    args = shlex.split(command)
    combined = args[-1] == "2>&1"
    assert args[0] == "budgetkorr", command
    result = run(*args[1 : -1 if combined else None])
    assert result.exit_code in (0, 1, 2), f"{command}: exit {result.exit_code}\n{result.stderr}"
    if combined:
        assert result.stdout == "", f"{command}: 2>&1 is only for commands whose stdout is empty"
        return result.stderr
    # check-targets may show a target that is not met (exit 1); anything else must succeed
    assert result.exit_code == 0 or (args[1] == "check-targets" and result.exit_code == 1), command
    return result.stdout


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def test_readme_console_examples_print_what_the_readme_shows(shipped: Path, request: pytest.FixtureRequest) -> None:
    text = README.read_text(encoding="utf-8")
    examples = _examples(text)
    assert len(examples) >= 8
    if request.config.getoption("--refresh-expected"):
        for command, shown in examples:
            fresh = f"$ {command}\n{_tidy(_output(command))}"
            text = text.replace(f"$ {command}\n{shown}", fresh, 1)
        README.write_text(text, encoding="utf-8")
        examples = _examples(text)
    for command, shown in examples:
        assert _tidy(_output(command)) == _tidy(shown), command


def test_readme_starts_with_the_two_set_up_commands() -> None:
    first = _blocks(README.read_text(encoding="utf-8"), "sh")[0].splitlines()
    assert len(first) == 2
    install, tests = first
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[test]'")
    assert install.endswith("budgetkorr summary 2026")
    assert tests == ".venv/bin/pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci  # CI takes the commands from here, so the two cannot drift apart


def test_readme_budget_example_is_a_valid_overview(budget: Budget) -> None:
    example = next(b for b in _blocks(README.read_text(encoding="utf-8"), "yaml") if "\ndriftsudgifter: " in b)
    budget.write_data("budget.yaml", example)
    budget.write_data("targets.yaml", TARGETS)
    budget.write("T101-a.yaml", VALID)
    assert run("check-targets").exit_code == 0


def test_readme_file_format_example_is_a_valid_correction(budget: Budget) -> None:
    example = next(b for b in _blocks(README.read_text(encoding="utf-8"), "yaml") if "\nnr: " in b)
    budget.write("T102-example.yaml", example)
    result = run("validate")
    assert (result.exit_code, result.stderr) == (0, "1 fil er gyldig, ingen advarsler\n")

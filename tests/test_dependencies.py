"""Every lower bound in pyproject.toml is one the tests run on: .ci/lowest-constraints.txt pins each bounded
dependency to exactly its bound, and .ci/run runs the whole suite with it as well as at the newest versions."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONSTRAINTS = REPO / ".ci" / "lowest-constraints.txt"

# A requirement as pyproject.toml writes them: a name, maybe extras, then comma-separated specifiers.
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(?:;.*)?$")


def _name(name: str) -> str:
    """A package name as pip compares them (PEP 503): python_docx, Python-Docx and python-docx are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> dict[str, list[str]]:
    """Every requirement of pyproject.toml by where it stands: the runtime dependencies and each extra."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"dependencies": project["dependencies"], **project["optional-dependencies"]}


def _lower_bounds() -> dict[str, set[str]]:
    """Each bounded dependency's lower bounds, as written after `>=`, from every place that names it."""
    bounds: dict[str, set[str]] = {}
    for requirements in _requirements().values():
        for requirement in requirements:
            found = _REQUIREMENT.match(requirement)
            assert found, requirement
            name, specifiers = found.groups()
            for specifier in filter(None, (s.strip() for s in specifiers.split(","))):
                assert specifier.startswith((">=", "<")), f"{requirement}: only >= and < bounds are tested"
                if specifier.startswith(">="):
                    bounds.setdefault(_name(name), set()).add(specifier.removeprefix(">=").strip())
    return bounds


def _pinned() -> list[tuple[str, str]]:
    """The constraints file's pins, one `name==version` a line; comments and blank lines aside."""
    pins = []
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\S+)", line)
            assert found, f"not name==version: {line!r}"
            pins.append((_name(found.group(1)), found.group(2)))
    return pins


def test_a_dependency_named_twice_has_one_lower_bound() -> None:
    assert {name: sorted(found) for name, found in _lower_bounds().items() if len(found) > 1} == {}


def test_the_constraints_pin_every_bounded_dependency_at_its_bound_and_nothing_else() -> None:
    wanted = {name: next(iter(found)) for name, found in _lower_bounds().items()}
    pinned = _pinned()
    assert len(pinned) == len(dict(pinned)), "a dependency is pinned twice"
    assert dict(pinned) == wanted


def test_only_the_type_stubs_go_without_a_lower_bound() -> None:
    # a dependency without a lower bound (the type stubs) is not pinned; every library we import has one
    unbounded = {
        _name(found.group(1))
        for requirements in _requirements().values()
        for requirement in requirements
        if (found := _REQUIREMENT.match(requirement)) and ">=" not in found.group(2)
    }
    assert unbounded == {"types-pyyaml", "types-tabulate", "types-openpyxl"}


def test_ci_runs_the_suite_at_the_lowest_bounds() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/lowest-constraints.txt" in ci


def test_no_test_installs_anything() -> None:
    """A test that needs a program skips with the command that installs it; .ci/run installs what CI needs."""
    installers = {"apt", "apt-get", "dnf", "yum", "brew", "sudo", "pip", "pip3"}
    found = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List | ast.Tuple):
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if words and (words[0] in installers or "pip" in words[:3]):
                    found.append(f"{path.name}:{node.lineno}: {words}")
    assert found == []

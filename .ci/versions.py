"""Print the installed version of every dependency in pyproject.toml, and check that it is the one wanted.

--newest: fail when the package index has a newer release that the bounds allow (a wheel cache, a constraints
file or a stale index kept an older one). --lowest: fail when a dependency is not at the lower bound that
.ci/lowest-constraints.txt pins. Run with the Python of the environment to check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]


def dependencies() -> dict[str, Requirement]:
    """Every requirement of pyproject.toml (runtime and every extra), by canonical name; a name named twice
    carries the same bounds in each place (tests/test_dependencies.py holds that)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {canonicalize_name(r.name): r for r in map(Requirement, texts)}


def pinned() -> dict[str, str]:
    lines = (REPO / ".ci" / "lowest-constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = (line.split("#", 1)[0].strip().partition("==") for line in lines)
    return {canonicalize_name(name): pin.strip() for name, _, pin in pins if name}


def newer_allowed(wanted: dict[str, Requirement]) -> list[str]:
    """Our dependencies that the package index has in a newer version the bounds allow."""
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--outdated", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    late = []
    for package in json.loads(listed):
        requirement = wanted.get(canonicalize_name(package["name"]))
        if requirement is not None and requirement.specifier.contains(package["latest_version"], prereleases=False):
            late.append(f"{package['name']} {package['version']}, but {package['latest_version']} is allowed")
    return late


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    wanted = dependencies()
    installed: dict[str, str] = {}
    for name, requirement in sorted(wanted.items()):
        try:
            installed[name] = version(requirement.name)
        except PackageNotFoundError:
            installed[name] = "(not installed)"
        print(f"  {name:<16} {installed[name]:<24} {requirement.specifier or ''}")
    problems = [f"{name} is not installed" for name, found in installed.items() if found == "(not installed)"]
    if mode == "--lowest":
        problems += [
            f"{name} {installed[name]}, not its lower bound {pin}"
            for name, pin in sorted(pinned().items())
            if installed.get(name) != "(not installed)" and Version(installed.get(name, "0")) != Version(pin)
        ]
    elif mode == "--newest":
        problems += newer_allowed(wanted)
    for problem in problems:
        print(f"CI: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

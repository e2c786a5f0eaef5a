"""Every `uses:` and `rev:` that README.md, docs/ and examples/ give a user names something that exists: a local action,
a revision of this repository, or the `<commit>` placeholder that the same file tells the user to fill in."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = "<commit>"
# Actions of other repositories: GitHub's own, named at the major-version tag GitHub moves along; nothing here
# can resolve them, so each one is listed where a reviewer sees it.
OTHERS = {"actions/checkout@v4"}
_REFERENCE = re.compile(r"\b(uses|rev):\s+([^\s`#]+)")


def _documents() -> list[Path]:
    examples = (p for p in sorted((REPO / "examples").rglob("*")) if p.suffix in (".md", ".yml", ".yaml"))
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *examples]


def _references() -> list[tuple[str, str, str]]:
    """(where, key, value) for every `uses:` and `rev:` in the documents, commented-out ones included."""
    found = []
    for path in _documents():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for key, value in _REFERENCE.findall(line):
                found.append((f"{path.relative_to(REPO)}:{number}", key, value))
    return found


def _is_revision(name: str) -> bool:
    """`name` is a commit of this repository (a tag, a branch or a SHA that git resolves here)."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: revisions cannot be resolved")
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], cwd=REPO, capture_output=True, check=False
    )
    return done.returncode == 0


def _resolves(key: str, value: str) -> bool:
    if key == "rev":
        return value == PLACEHOLDER or _is_revision(value)
    if value.startswith("./"):
        return (REPO / value / "action.yml").is_file()
    action, _, revision = value.partition("@")
    if action.rpartition("/")[2] != "budgetkorr":
        return value in OTHERS
    return revision == PLACEHOLDER or _is_revision(revision)


def test_the_documents_refer_to_the_action_and_the_hook() -> None:
    values = [value for _, _, value in _references()]
    assert "./" in values
    assert any(value.endswith("/budgetkorr@" + PLACEHOLDER) for value in values)
    assert PLACEHOLDER in values  # the pre-commit hook's rev


@pytest.mark.parametrize(("where", "key", "value"), [pytest.param(*r, id=r[0]) for r in _references()])
def test_every_reference_names_something_that_exists(where: str, key: str, value: str) -> None:
    assert _resolves(key, value), f"{where}: {key}: {value} names nothing in this repository"


def test_a_placeholder_is_explained_where_it_stands() -> None:
    # the user reads what to write instead: a full commit SHA, since the repository has no release tags
    for path in _documents():
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            explained = [line for line in text.splitlines() if "SHA" in line and "uses:" not in line]
            assert explained, f"{path.relative_to(REPO)} uses {PLACEHOLDER} without saying what to write there"
            assert "no release tags" in " ".join(text.split())


def test_only_what_exists_resolves() -> None:
    assert _resolves("rev", "HEAD")
    assert not _resolves("rev", "no-such-tag")  # as `v0.1.0` once was: the repository has no tags
    assert not _resolves("uses", "your-organisation/budgetkorr@no-such-tag")
    assert not _resolves("uses", "./no-such-folder")
    assert not _resolves("uses", "someone/else@v1")

"""A comment that sends the reader to a document sends them somewhere real: the file is in the repository, and
the section it names is a heading there."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A document cited by name (README.md, docs/prices.md, an upper-case NAME.md), optionally with a section in quotes:
# `README.md, "The rounding rule"`.
CITATION = re.compile(r"\b((?:docs/[\w-]+|[A-Z][A-Z_]+)\.md|README)\b(?:(?:,\s*|\s+)\"([^\"\n]+)\")?")


def _sources() -> list[Path]:
    here = Path(__file__).resolve()
    return [p for p in sorted((*(REPO / "src").rglob("*.py"), *(REPO / "tests").rglob("*.py"))) if p != here]


def _headings(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.lstrip("#").replace("`", "").strip() for line in lines if line.startswith("#")]


def test_every_document_a_comment_cites_exists_and_has_the_section_it_names() -> None:
    wrong: list[str] = []
    for source in _sources():
        text = source.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            name, section = match.group(1), match.group(2)
            cited = REPO / (name if name.endswith(".md") else f"{name}.md")
            line = text.count("\n", 0, match.start()) + 1
            where = f"{source.relative_to(REPO)}:{line}"
            if not cited.is_file():
                wrong.append(f"{where}: {name} is not in the repository")
            elif section and not any(section.replace("`", "") in heading for heading in _headings(cited)):
                wrong.append(f"{where}: {name} has no heading {section!r}")
    assert wrong == []


def test_the_check_finds_a_missing_file_and_a_missing_section() -> None:
    found = [m.groups() for m in CITATION.finditer('(DOMAIN.md, "Money"); README.md, "Speed"; README "Limits"')]
    assert found == [("DOMAIN.md", "Money"), ("README.md", "Speed"), ("README", "Limits")]
    assert not (REPO / "DOMAIN.md").exists()
    assert not any(heading == "Limits" for heading in _headings(REPO / "README.md"))

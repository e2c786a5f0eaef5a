"""The documentation tells the truth: the examples of README.md and of every page in docs/ run against the shipped
data and print what they show, and every relative link leads to a file (and a heading) that exists.

A ```console block holds `$ budgetkorr …` lines, each followed by the stdout it gives (`2>&1` at the end: the
command's stdout is empty and its stderr is shown). Rewrite the outputs after an intended change, then review
the diff: pytest tests/test_readme.py --refresh-expected
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, TARGETS, VALID, Budget, run

README = REPO / "README.md"
PAGES = [README, *sorted((REPO / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def _name(page: Path) -> str:
    return page.relative_to(REPO).as_posix()


def _blocks(text: str, kind: str) -> list[str]:
    return [match.group(2) for match in BLOCK.finditer(text) if match.group(1) == kind]


def _all_blocks(kind: str) -> list[tuple[str, str]]:
    """(page, block) for every block of this kind in the README and the docs; a file a scratch page writes is
    checked where it is written, by the commands after it (it may be wrong on purpose)."""
    return [
        (_name(page), block)
        for page in PAGES
        for block in _blocks(FILE_MARK.sub("", page.read_text(encoding="utf-8")), kind)
    ]


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


# A page with this line runs its examples from the top in an empty folder (with a copy of examples/), not
# against the shipped data: its own `budgetkorr init` makes the data folder. A ```yaml block right below a line
# `<!-- fil: PATH -->` is what the reader types into PATH: it is written there before the commands after it run.
# What the reader does by hand between two commands is a comment the test does too: `<!-- kopi: FOLDER COPY -->`
# (a copy of a folder, as in Explorer) and `<!-- ret: PATH: OLD => NEW -->` (one line changed in an editor).
SCRATCH = "<!-- eksemplerne kører i en tom mappe -->"
FILE_MARK = re.compile(r"^<!-- fil: (\S+) -->\n```yaml\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
HAND_MARK = re.compile(r"^<!-- (kopi|ret): (.+?) -->$", re.MULTILINE)


def _steps(text: str) -> list[tuple[str, str, str]]:
    """The page's steps in order: ("run", command, shown output) and, on a scratch page, ("write", path, text)."""
    marks = [(m.start(), ("write", m.group(1), m.group(2))) for m in FILE_MARK.finditer(text)]
    marks += [(m.start(), (m.group(1), m.group(2), "")) for m in HAND_MARK.finditer(text)]
    runs = []
    for match in BLOCK.finditer(text):
        if match.group(1) == "console":
            runs += [(match.start(), ("run", command, shown)) for command, shown in _examples(match.group(0))]
    return [step for _, step in sorted([*marks, *runs], key=lambda item: item[0])]


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_console_examples_print_what_the_page_shows(
    page: Path, shipped: Path, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = page.read_text(encoding="utf-8")
    if SCRATCH in text:
        shutil.copytree(REPO / "examples", tmp_path / "examples")
        monkeypatch.chdir(tmp_path)
    else:
        assert not FILE_MARK.search(text), f"{_name(page)}: a file to write needs the line {SCRATCH}"
        assert not HAND_MARK.search(text), f"{_name(page)}: a step by hand needs the line {SCRATCH}"
    refresh = request.config.getoption("--refresh-expected")
    position = 0
    for kind, first, second in _steps(text):
        if kind == "write":
            (tmp_path / first).write_text(second, encoding="utf-8")
            continue
        if kind == "kopi":
            folder, copy = first.split()
            shutil.copytree(tmp_path / folder, tmp_path / copy)
            continue
        if kind == "ret":
            path, _, change = first.partition(": ")
            old, new = change.split(" => ")
            edited = (tmp_path / path).read_text(encoding="utf-8")
            assert edited.count(old) == 1, f"{_name(page)}: {first}"
            (tmp_path / path).write_text(edited.replace(old, new), encoding="utf-8")
            continue
        output = _tidy(_output(first))
        if refresh:  # in the page's order: a command shown twice may show two outputs
            at = text.index(f"$ {first}\n{second}", position)
            text = text[:at] + f"$ {first}\n{output}" + text[at + len(f"$ {first}\n{second}") :]
            position = at + len(f"$ {first}\n{output}")
        else:
            assert output == _tidy(second), f"{_name(page)}: {first}"
    if refresh:
        page.write_text(text, encoding="utf-8")


def test_a_scratch_page_writes_its_files_between_its_commands(tmp_path: Path) -> None:
    page = f"{SCRATCH}\n```console\n$ budgetkorr init 2027\n```\n<!-- fil: data/x.yaml -->\n```yaml\na: 1\n```\n"
    page += "<!-- ret: data/x.yaml: a: 1 => a: 2 -->\n```console\n$ budgetkorr validate 2>&1\n```\n"
    assert [kind for kind, _, _ in _steps(page)] == ["run", "write", "ret", "run"]
    assert _steps(page)[1] == ("write", "data/x.yaml", "a: 1\n")


def test_the_readme_tours_the_commands_and_the_pages_show_the_rest() -> None:
    readme = _examples(README.read_text(encoding="utf-8"))
    commands = {shlex.split(command)[1] for command, _ in readme}
    assert {"summary", "list", "show", "validate", "check-targets", "diff"} <= commands
    everywhere = [example for page in PAGES for example in _examples(page.read_text(encoding="utf-8"))]
    assert len(everywhere) >= 24


def test_readme_starts_with_the_two_set_up_commands() -> None:
    first = _blocks(README.read_text(encoding="utf-8"), "sh")[0].splitlines()
    assert len(first) == 2
    install, tests = first
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[test]'")
    assert install.endswith("budgetkorr summary 2026")
    assert tests == ".venv/bin/pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci  # CI takes the commands from here, so the two cannot drift apart


def test_every_budget_overview_shown_is_valid(budget: Budget) -> None:
    examples = [(page, block) for page, block in _all_blocks("yaml") if "\ndriftsudgifter: " in block]
    assert examples
    budget.write("T101-a.yaml", VALID)
    budget.write_data("targets.yaml", TARGETS)
    for page, example in examples:
        budget.write_data("budget.yaml", example)
        result = run("check-targets")
        assert result.exit_code == 0, f"{page}:\n{example}\n{result.stderr}"


def test_every_correction_file_shown_is_valid(budget: Budget) -> None:
    examples = [(page, block) for page, block in _all_blocks("yaml") if re.search(r"^nr: ", block, re.MULTILINE)]
    assert examples
    for page, example in examples:
        path = budget.write("T102-example.yaml", example)
        result = run("validate")
        assert (result.exit_code, result.stderr) == (0, "1 fil er gyldig, ingen advarsler\n"), f"{page}:\n{example}"
        path.unlink()


def test_every_rates_file_and_committee_list_shown_is_valid(budget: Budget) -> None:
    starts = {"prisniveau.yaml": r"^satser:\n", "udvalg.yaml": r"^udvalg:\n"}
    shown = [
        (page, block, name)
        for page, block in _all_blocks("yaml")
        for name, start in starts.items()
        if re.search(start, block, re.MULTILINE)
    ]
    assert {name for _, _, name in shown} == set(starts)
    budget.write("T101-a.yaml", VALID)
    for page, example, name in shown:
        budget.write_data(name, example)
        result = run("validate")
        assert (result.exit_code, result.stderr.endswith("ingen advarsler\n")) == (0, True), f"{page}:\n{example}"


# --- links -----------------------------------------------------------------------------------------------------

FENCE = re.compile(r"^```.*?^```\n", re.DOTALL | re.MULTILINE)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    """The text without code blocks and code spans, where a `[x](y)` is an example, not a link."""
    return CODE.sub("", FENCE.sub("", text))


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text of links and code, lower case, punctuation dropped, spaces as -."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} +(.+?)#*$", FENCE.sub("", page.read_text(encoding="utf-8")), re.MULTILINE):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links() -> list[tuple[Path, str]]:
    """(page, target) for every relative link of the README and the docs."""
    return [
        (page, target)
        for page in PAGES
        for target in LINK.findall(_prose(page.read_text(encoding="utf-8")))
        if not re.match(r"[a-z]+:", target)
    ]


def test_the_slug_is_githubs() -> None:
    assert _slug("`summary [YEAR]`: totals per committee") == "summary-year-totals-per-committee"
    assert _slug("Workbooks: `--format xlsx` and `--layout wide`") == "workbooks---format-xlsx-and---layout-wide"
    assert _slug("The committees: `data/udvalg.yaml`") == "the-committees-dataudvalgyaml"
    assert _slug("Økonomiske mål – 2026") == "økonomiske-mål--2026"


def test_every_relative_link_leads_to_a_file_and_a_heading_that_exist() -> None:
    links = _links()
    assert any(page == README and target.startswith("docs/") for page, target in links)
    broken = []
    for page, target in links:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{_name(page)}: {target}: no such file")
            continue
        if anchor and anchor not in _anchors(file):
            broken.append(f"{_name(page)}: {target}: no such heading in {file.name}")
    assert broken == []

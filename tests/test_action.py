"""The GitHub Action's script, run outside GitHub: a fake API, a fake event, a real budget repository under git."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, Budget
from tests.gitrepo import GitBudget, correction, make_repo

sys.path.insert(0, str(REPO / "action"))
action: Any = importlib.import_module("budgetkorr_action")


class FakeApi:
    """Pull-request comments in memory, as GitHub's issue-comments API keeps them."""

    def __init__(self, comments: list[dict[str, Any]] | None = None) -> None:
        self.stored = list(comments or [])
        self.calls: list[str] = []

    def comments(self, repository: str, number: int) -> list[dict[str, Any]]:
        self.calls.append(f"list {repository}#{number}")
        return list(self.stored)

    def create(self, repository: str, number: int, body: str) -> None:
        self.calls.append("create")
        self.stored.append({"id": 100 + len(self.stored), "body": body})

    def update(self, repository: str, comment_id: int, body: str) -> None:
        self.calls.append(f"update {comment_id}")
        next(c for c in self.stored if c["id"] == comment_id)["body"] = body


def test_the_comment_is_created_once_and_then_updated() -> None:
    api = FakeApi([{"id": 7, "body": "Ser fint ud!"}])
    first = action.comment_body("### Ændringer\n\nT110 tilføjet\n")
    assert first.startswith(action.MARKER + "\n")
    assert action.upsert_comment(api, "kommune/budget", 12, first) == "oprettet"
    assert action.upsert_comment(api, "kommune/budget", 12, first) == "uændret"
    second = action.comment_body("### Ændringer\n\nT110 ændret\n")
    assert action.upsert_comment(api, "kommune/budget", 12, second) == "opdateret"
    assert [c["body"] for c in api.stored] == ["Ser fint ud!", second]  # one comment of ours, others untouched
    assert api.calls.count("create") == 1


def test_a_comment_longer_than_github_takes_is_cut_at_a_line_and_says_so() -> None:
    markdown = "### Ændringer\n\n<details>\n" + "".join(f"| T{n:03d} | ændret |\n" for n in range(5000))
    body = action.comment_body(markdown, limit=2000)
    assert len(body) <= 2000
    assert body.startswith(action.MARKER)
    assert "forkortet: hele sammenligningen står i jobbets resumé" in body
    # the fold is closed before the note, so the note is seen and the rest of the page is not swallowed
    assert body.rstrip().endswith("</details>\n\n… forkortet: hele sammenligningen står i jobbets resumé (summary).")
    assert all(line.startswith(("|", "#", "<", "…", action.MARKER)) or not line for line in body.splitlines())


def test_a_cut_comment_whose_code_blocks_hold_details_tags_stays_well_formed() -> None:
    from markdown_it import MarkdownIt

    # the diff renderer's shape: a fold of changes, each text diff a fenced block whose lines are file text
    change = "- **T{n:03d}** ændret\n\n  baggrund (tekst):\n\n  ```diff\n  -</details>\n  +</details> ny\n  ```\n\n"
    fold = "<details>\n<summary>Ændret</summary>\n\n{changes}</details>\n\n"
    markdown = "### Ændringer\n\n" + fold.format(changes="".join(change.format(n=n) for n in range(100)))
    markdown += fold.format(changes="".join(change.format(n=n) for n in range(100, 3000)))
    for limit in (2000, 2050, 2100, 65_536):
        body = action.comment_body(markdown, limit=limit)
        assert len(body) <= limit
        tokens = MarkdownIt("commonmark").parse(body)
        html = "".join(t.content for t in tokens if t.type == "html_block")
        assert html.count("<details>") == html.count("</details>"), limit  # every fold closed, outside the code
        assert all(t.content.count("```") == 0 for t in tokens if t.type == "fence")
        last = [t for t in tokens if t.type == "inline"][-1]
        assert last.content.startswith("… forkortet: hele sammenligningen står i jobbets resumé")  # seen, last
        assert body.rstrip().endswith("(summary).")


def test_of_two_marked_comments_only_the_first_is_updated() -> None:
    api = FakeApi([{"id": 9, "body": f"{action.MARKER}\ngammel"}, {"id": 3, "body": f"{action.MARKER}\nældst"}])
    action.upsert_comment(api, "kommune/budget", 1, action.comment_body("ny"))
    assert api.calls[-1] == "update 3"
    assert "create" not in api.calls


def test_base_revision_of_a_pull_request_and_a_push() -> None:
    assert action.base_revision("pull_request", {"pull_request": {"base": {"sha": "abc"}, "number": 4}}) == "abc"
    assert action.base_revision("push", {"before": "def"}) == "def"
    assert action.base_revision("push", {"before": "0" * 40}) is None  # a new branch: nothing before it
    push = {"GITHUB_SHA": "abcdef123", "GITHUB_REF_NAME": "main"}
    assert action.labels("push", {}, push) == ["--label-head", "main (abcdef1)"]


@pytest.fixture
def repo(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> GitBudget:
    return make_repo(budget, monkeypatch)


def _environment(repo: GitBudget, tmp_path: Path, base: str) -> dict[str, str]:
    event = tmp_path / "event.json"
    request = {"number": 12, "base": {"sha": base, "ref": "main"}, "head": {"sha": "5d6e7f8a9b"}}
    event.write_text(json.dumps({"pull_request": request}), encoding="utf-8")
    return {
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "kommune/budget",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "INPUT_TOKEN": "hemmelig",
    }


def test_the_whole_step_on_a_pull_request(repo: GitBudget, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    base = repo.commit("T101")
    repo.git("switch", "-q", "-c", "t102")
    repo.write("T102-b.yaml", correction("T102", "Stort kassetræk", "20.000"))
    repo.commit("T102")
    api = FakeApi()
    tokens: list[str] = []

    def factory(token: str, url: str) -> FakeApi:
        tokens.append(token)
        return api

    environment = _environment(repo, tmp_path, base)
    budgetkorr = (sys.executable, "-m", "budgetkorr")
    # Kassebeholdning 2027: 200 - 2 × 20.5 = 159 < 175: not met, so the step fails with check-targets' exit 1
    assert action.main(environment, factory, budgetkorr=budgetkorr) == 1
    out = capsys.readouterr().out
    # validate (two corrections, budget.yaml, targets.yaml), then check-targets
    assert out.startswith("::notice::4 filer er gyldige, ingen advarsler\n")
    assert "::error file=data/corrections/T102-b.yaml" in out
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(
        f"### Ændringer fra main ({base[:7]}) til pull request \\#12 (5d6e7f8)\n"
    )  # markdown-escaped
    assert "Gennemsnitlig kassebeholdning 2027: +24,000 → -16,000 (ikke opfyldt), skyldes T102 (-40,000)" in summary
    (comment,) = api.stored
    assert comment["body"] == action.comment_body(summary.rstrip("\n"))
    assert tokens == ["hemmelig"]
    # the next push to the pull request updates the same comment
    repo.write("T102-b.yaml", correction("T102", "Stort kassetræk", "1.000"))
    repo.commit("T102 mindre")
    assert action.main(environment, factory, budgetkorr=budgetkorr) == 0
    (comment,) = api.stored
    assert "T102 (-2,000)" in comment["body"]
    assert api.calls.count("create") == 1


def test_invalid_files_fail_with_validates_exit_code_and_the_comment_says_so(
    repo: GitBudget, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    base = repo.commit("T101")
    repo.write("T102-b.yaml", correction("T102", "Fejl", '"1.000"'))
    api = FakeApi()
    code = action.main(
        _environment(repo, tmp_path, base), lambda t, u: api, budgetkorr=(sys.executable, "-m", "budgetkorr")
    )
    assert code == 2
    assert "Ugyldige data: ingen sammenligning" in api.stored[0]["body"]
    captured = capsys.readouterr()
    annotations = captured.out.splitlines()
    # validate's annotations, each problem once (check-targets, which would repeat them, is not run), and the count
    errors = [line for line in annotations if line.startswith("::error ")]
    # the two years of udgifter (line 8) and of netto (line 9) hold text
    assert [line.split("::")[1] for line in errors] == [
        f"error file=data/corrections/T102-b.yaml,line={line}" for line in (8, 8, 9, 9)
    ]
    assert annotations[len(errors)] == "::notice::4 fejl, 0 advarsler i 4 filer"
    assert len(annotations) == len(errors) + 1
    assert "budgetkorr: målene tjekkes ikke, før filerne er gyldige" in captured.err


def test_without_a_token_only_the_summary_is_written(repo: GitBudget, tmp_path: Path) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    base = repo.commit("T101")
    environment = {**_environment(repo, tmp_path, base), "INPUT_TOKEN": ""}

    def no_api(token: str, url: str) -> FakeApi:
        raise AssertionError("no token: no call to GitHub")

    assert action.main(environment, no_api, budgetkorr=(sys.executable, "-m", "budgetkorr")) == 0
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("### Ændringer fra")


def test_the_action_and_the_hook_are_wired_to_the_script_and_the_command() -> None:
    spec = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    steps = spec["runs"]["steps"]
    assert spec["runs"]["using"] == "composite"
    assert any('pip install --quiet "$GITHUB_ACTION_PATH"' in step.get("run", "") for step in steps)
    script = next(step for step in steps if "budgetkorr_action.py" in step.get("run", ""))
    assert set(script["env"]) == {f"INPUT_{name.upper()}" for name in spec["inputs"] if name != "python-version"}
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "budgetkorr validate"
    workflow = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}  # pushes to other branches are their pull requests' runs
    assert "pull_request" in triggers
    uses = [step.get("uses") for step in workflow["jobs"]["budget"]["steps"]]
    assert "./" in uses
    assert "example.invalid" not in (REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8")

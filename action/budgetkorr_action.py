"""The GitHub Action's step: validate, check the targets, compare with the base, and report.

Runs in the budget repository's checkout with budgetkorr installed. validate and check-targets write GitHub
annotations (`--format github`): every problem of a file at its line, and a target not met at the change that
tipped it. It writes the markdown comparison to the job summary and, on a pull request with a token, posts it as
ONE comment that later runs update rather than repeat (the comment is found by a hidden marker). The exit code is
validate's when the files are invalid (2; the targets are then not checked), else check-targets' (0 met, 1 not
met). Standard library only; every GitHub call goes through `Api`, so the logic runs
outside GitHub with a fake one (see tests/test_action.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from budgetkorr.i18n import _

MARKER = "<!-- budgetkorr:diff -->"
ZERO_SHA = "0" * 40
MAX_PAGES = 20  # 2,000 comments: far more than a pull request holds
MAX_COMMENT = 60_000  # GitHub refuses a comment over 65,536 characters


class Api(Protocol):
    def comments(self, repository: str, number: int) -> list[dict[str, Any]]: ...
    def create(self, repository: str, number: int, body: str) -> None: ...
    def update(self, repository: str, comment_id: int, body: str) -> None: ...


@dataclass(frozen=True)
class GitHubApi:
    """The REST API of GitHub (or GitHub Enterprise: `GITHUB_API_URL`)."""

    token: str
    url: str = "https://api.github.com"

    def _call(self, method: str, path: str, payload: Mapping[str, object] | None = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def comments(self, repository: str, number: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            batch = self._call("GET", f"/repos/{repository}/issues/{number}/comments?per_page=100&page={page}")
            found += batch
            if len(batch) < 100:
                break
        return found

    def create(self, repository: str, number: int, body: str) -> None:
        self._call("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})

    def update(self, repository: str, comment_id: int, body: str) -> None:
        self._call("PATCH", f"/repos/{repository}/issues/comments/{comment_id}", {"body": body})


def comment_body(markdown: str, limit: int = MAX_COMMENT) -> str:
    """The comment: the hidden marker that finds it again, then the comparison, cut at a line (and said so) when
    it is longer than GitHub takes; the job summary keeps all of it. What the cut leaves open (a code block, a
    `<details>` fold) is closed before the note, so the note is shown below everything and the page stays whole."""
    text = markdown.rstrip()
    if len(text) + len(MARKER) + 1 <= limit:
        return f"{MARKER}\n{text}\n"
    note = "\n\n" + _("… forkortet: hele sammenligningen står i jobbets resumé (summary).")
    room = limit - len(MARKER) - len(note) - 2
    while True:
        cut = text[: max(0, text.rfind("\n", 0, room))]
        fence, folds = _open_structure(cut)
        closing = (f"\n{fence}" if fence else "") + "\n\n</details>" * folds
        if len(cut) + len(closing) + len(note) + len(MARKER) + 2 <= limit or not cut:
            return f"{MARKER}\n{cut}{closing}{note}\n"
        room -= len(closing)


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_FOLD = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)


def _open_structure(markdown: str) -> tuple[str, int]:
    """The code fence left open at the end of `markdown` (or ""), with its indentation (inside a list item the
    closing fence must stand where the opening one does), and how many `<details>` folds are open: a tag inside a
    code block is text, not structure, so only those outside one count."""
    fence = ""
    folds = 0
    for line in markdown.split("\n"):
        found = _FENCE.match(line)
        if fence:
            # a fence closes with the same character, at least as long, and nothing after it
            if (
                found
                and found.group(2)[0] == fence.strip()[0]
                and len(found.group(2)) >= len(fence.strip())
                and not line[found.end() :].strip()
            ):
                fence = ""
            continue
        if found and not (found.group(2)[0] == "`" and "`" in line[found.end() :]):
            fence = found.group(0)
            continue
        for tag in _FOLD.finditer(line):
            folds = max(0, folds - 1) if tag.group(1) else folds + 1
    return fence, folds


def upsert_comment(api: Api, repository: str, number: int, body: str) -> str:
    """Update the pull request's budgetkorr comment, or create it when there is none: never a second one."""
    ours = [c for c in api.comments(repository, number) if MARKER in str(c.get("body") or "")]
    if ours:
        first = min(ours, key=lambda comment: int(comment["id"]))
        if first.get("body") == body:
            return "uændret"
        api.update(repository, int(first["id"]), body)
        return "opdateret"
    api.create(repository, number, body)
    return "oprettet"


def labels(event_name: str, event: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    """What the comment calls the two states: `main (1a2b3c4)` and `pull request #12 (5d6e7f8)`."""
    if event_name.startswith("pull_request"):
        request = event["pull_request"]
        base, head = request["base"], request.get("head", {})
        found = ["--label-base", f"{base.get('ref') or base['sha'][:7]} ({base['sha'][:7]})"]
        number = f"pull request #{request['number']}"
        return [*found, "--label-head", f"{number} ({head['sha'][:7]})" if head.get("sha") else number]
    sha = env.get("GITHUB_SHA", "")
    return ["--label-head", f"{env.get('GITHUB_REF_NAME', 'HEAD')} ({sha[:7]})"] if sha else []


def base_revision(event_name: str, event: Mapping[str, Any]) -> str | None:
    """What the change is measured from: the pull request's base commit, or the commit before a push."""
    if event_name.startswith("pull_request"):
        return str(event["pull_request"]["base"]["sha"])
    before = event.get("before")
    return str(before) if before and before != ZERO_SHA else None


Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


def ensure_commit(sha: str, run: Runner) -> None:
    """A shallow checkout lacks the base commit: fetch that one commit (and nothing else)."""
    if run(["git", "cat-file", "-e", f"{sha}^{{commit}}"]).returncode != 0:
        run(["git", "fetch", "--no-tags", "--depth=1", "origin", sha])


def main(
    env: Mapping[str, str],
    api: Callable[[str, str], Api] = GitHubApi,
    run: Runner = _run,
    budgetkorr: Sequence[str] = ("budgetkorr",),
) -> int:
    data = ["--data", env["INPUT_DATA"]] if env.get("INPUT_DATA") else []
    strict = ["--strict"] if env.get("INPUT_STRICT", "false").lower() == "true" else []

    def step(*args: str) -> subprocess.CompletedProcess[str]:
        result = run([*budgetkorr, *args, *data])
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        return result

    event_path = env.get("GITHUB_EVENT_PATH")
    event = json.loads(Path(event_path).read_text(encoding="utf-8")) if event_path else {}
    event_name = env.get("GITHUB_EVENT_NAME", "")
    base = env.get("INPUT_BASE") or base_revision(event_name, event)
    if base:
        ensure_commit(base, run)
    validated = step("validate", "--format", "github")
    checked = None
    if validated.returncode == 0:
        checked = step("check-targets", "--format", "github", *strict, *(["--base", base] if base else []))
    else:  # check-targets would stop at the same files and annotate each problem a second time
        sys.stderr.write(_("budgetkorr: målene tjekkes ikke, før filerne er gyldige (se validate ovenfor)") + "\n")
    named = labels(event_name, event, env)
    compared = run([*budgetkorr, "diff", *([base] if base else []), *named, "--format", "markdown", *data])
    sys.stderr.write(compared.stderr)
    markdown = compared.stdout
    if markdown:
        summary = env.get("GITHUB_STEP_SUMMARY")
        if summary:
            with Path(summary).open("a", encoding="utf-8") as stream:
                stream.write(markdown + "\n")
        token = env.get("INPUT_TOKEN", "")
        wanted = env.get("INPUT_COMMENT", "true").lower() == "true"
        if token and wanted and event_name.startswith("pull_request"):
            number = int(event["pull_request"]["number"])
            repository = env["GITHUB_REPOSITORY"]
            try:
                outcome = upsert_comment(
                    api(token, env.get("GITHUB_API_URL", "https://api.github.com")),
                    repository,
                    number,
                    comment_body(markdown),
                )
                sys.stderr.write(
                    _("budgetkorr: kommentaren på pull request #{number} er {outcome}").format(
                        number=number, outcome=_(outcome)
                    )
                    + "\n"
                )
            except OSError as exc:  # a fork's read-only token, or GitHub unreachable: the checks still count
                message = _("budgetkorr kunne ikke kommentere pull requesten: {error}").format(error=exc)
                sys.stdout.write(f"::warning::{message}\n")
    return validated.returncode if checked is None else checked.returncode


if __name__ == "__main__":
    sys.exit(main(os.environ))

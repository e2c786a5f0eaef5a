"""A budget repository under git in tmp_path, with commits made at fixed dates by fixed authors (so that commit ids,
and the outputs that show them, are the same on every run)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BUDGET, TARGETS, Budget

# A correction over the two years of the test budget (conftest.BUDGET: 2026–2027, kassebeholdning 200, margin 25).
CORRECTION = """\
nr: {nr}
titel: {title}
udvalg: Økonomiudvalget
status: {status}
prisniveau: 2026
iværksættelse: 2026-01-01
indenfor_servicerammen: ja
udgifter: {{2026: {amount}, 2027: {amount}}}
netto:    {{2026: {amount}, 2027: {amount}}}
baggrund: |
  {background}
økonomiske_konsekvenser: Udgiften finansieres af kassen.
"""


def correction(
    nr: str, title: str, amount: str, status: str = "forslag", background: str = "Baggrunden for korrektionen."
) -> str:
    return CORRECTION.format(nr=nr, title=title, amount=amount, status=status, background=background)


@dataclass
class GitBudget:
    budget: Budget
    commits: int = 0

    @property
    def root(self) -> Path:
        return self.budget.root

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def commit(self, message: str, author: str = "Anne Økonom") -> str:
        """Commit everything, dated one day after the previous commit; returns the commit id."""
        self.commits += 1
        date = f"2026-03-{self.commits:02d}T10:00:00+01:00"
        self.git("add", "-A")
        subprocess.run(
            ["git", "-C", str(self.root), "commit", "-q", "-m", message, f"--author={author} <okonomi@example.dk>"],
            check=True,
            env={**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
        )
        return self.git("rev-parse", "HEAD")

    def write(self, name: str, text: str) -> Path:
        return self.budget.write(name, text)

    def remove(self, name: str) -> None:
        (self.budget.corrections / name).unlink()


def make_repo(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> GitBudget:
    """The `budget` repository (udvalg.yaml, budget.yaml, targets.yaml) under git, nothing committed yet; git's
    own configuration of the machine is kept out, so the commits are the same everywhere."""
    for name, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_COMMITTER_NAME": "Budgetkontoret",
        "GIT_COMMITTER_EMAIL": "okonomi@example.dk",
    }.items():
        monkeypatch.setenv(name, value)
    budget.write_data("budget.yaml", BUDGET)
    budget.write_data("targets.yaml", TARGETS)
    subprocess.run(["git", "init", "-q", "-b", "main", str(budget.root)], check=True)
    return GitBudget(budget)

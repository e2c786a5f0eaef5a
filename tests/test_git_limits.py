"""diff and history on repositories that are not as expected: a committed file of 300 MiB, a shallow clone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Budget, run
from tests.gitrepo import GitBudget, correction, make_repo
from tests.peak import PEAK_BYTES, peak_rss


@pytest.fixture
def repo(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> GitBudget:
    return make_repo(budget, monkeypatch)


def test_a_committed_file_of_300_mib_is_refused_by_its_size_without_being_read(repo: GitBudget) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    first = repo.commit("T101 tilføjet")[:7]
    big = repo.budget.corrections / "T101-a.yaml"
    with big.open("r+b") as file:
        file.truncate(300 * 2**20)  # the correction followed by zeros: sparse, so it costs no disk
    repo.git("-c", "core.compression=1", "add", "-A")
    second = repo.commit("T101 med et vedhæng på 300 MiB")[:7]
    assert repo.git("cat-file", "-s", "HEAD:data/corrections/T101-a.yaml") == str(300 * 2**20)

    code, stderr, peak = peak_rss(["diff", "HEAD~1", "HEAD"], repo.root)
    assert code == 2, stderr
    assert f"{second}:data/corrections/T101-a.yaml:1: (fil): filen er større end 1024 KiB" in stderr
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MiB"

    code, stderr, peak = peak_rss(["history", "T101", "--format", "json"], repo.root)
    assert code == 0, stderr
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MiB"
    versions = json.loads(run("history", "T101", "--format", "json").stdout)["versioner"]
    # the big file is still T101 (its nr can not be read, so it is the correction it was), and is said invalid;
    # the same file on disk adds nothing
    assert [(v["commit"][:7], v["ændring"], v["gyldig"]) for v in versions] == [
        (first, "tilføjet", True),
        (second, "ændret", False),
    ]
    assert versions[1]["fejl"] == [f"{second}:data/corrections/T101-a.yaml:1: (fil): filen er større end 1024 KiB"]


def test_history_in_a_shallow_clone_says_where_it_is_cut(repo: GitBudget, tmp_path: Path) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    repo.commit("T101 tilføjet")
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.750"))
    repo.commit("T101 dyrere")
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.900", status="godkendt"))
    last = repo.commit("T101 godkendt")
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", "--depth", "2", repo.root.as_uri(), str(clone)], check=True)
    data = ["--data", str(clone / "data")]

    versions = json.loads(run("history", "T101", "--format", "json", *data).stdout)
    assert [(v["besked"], v["ændring"]) for v in versions["versioner"]] == [
        ("T101 dyrere", "afskåret"),  # it only changed an amount: not where T101 was added
        ("T101 godkendt", "ændret"),
    ]
    boundary = versions["versioner"][0]["commit"]
    assert versions["afskåret_ved"] == boundary
    note = (
        f"Bemærk: historikken er afskåret ved commit {boundary[:7]}: git kender intet før det (en overfladisk "
        "klon), så hvornår korrektionen blev tilføjet, vides ikke. Hent hele historikken med: git fetch --unshallow"
    )
    table = run("history", "T101", *data)
    assert table.exit_code == 0
    assert table.stdout.endswith(f"\n{note}\n")
    assert "tilføjet" not in table.stdout.removesuffix(f"\n{note}\n")
    assert run("history", "T101", "--format", "markdown", *data).stdout.endswith(f"\n> {note}\n")

    # the full history, for comparison, calls the first commit what it was and has no note
    full = json.loads(run("history", "T101", "--format", "json", "--data", str(repo.budget.data)).stdout)
    assert [v["ændring"] for v in full["versioner"]] == ["tilføjet", "ændret", "ændret"]
    assert full["afskåret_ved"] is None
    assert full["versioner"][-1]["commit"] == last

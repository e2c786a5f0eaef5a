"""`budgetkorr history NR`: every commit that changed a correction, followed through renames, in every format."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Budget, run
from tests.gitrepo import GitBudget, correction, make_repo


@pytest.fixture
def repo(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> GitBudget:
    return make_repo(budget, monkeypatch)


@pytest.fixture
def commits(repo: GitBudget) -> list[str]:
    """T101 added, its amounts changed, approved, renamed, broken, mended, deleted; T102 changes in between."""
    ids = []
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    ids.append(repo.commit("T101 tilføjet"))
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.750"))
    ids.append(repo.commit("T101 dyrere"))
    repo.write("T102-b.yaml", correction("T102", "Andet", "1.000"))
    ids.append(repo.commit("T102 tilføjet (rører ikke T101)"))
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.750", status="godkendt"))
    ids.append(repo.commit("T101 godkendt", author="Bo Controller"))
    repo.git("mv", "data/corrections/T101-a.yaml", "data/corrections/T101-kassetraek.yaml")
    ids.append(repo.commit("T101 omdøbt"))
    repo.write("T101-kassetraek.yaml", correction("T101", "Kassetræk", '"0.800"', status="godkendt"))
    ids.append(repo.commit("T101 med tal som tekst"))
    repo.write("T101-kassetraek.yaml", correction("T101", "Kassetræk", "0.800", status="godkendt"))
    ids.append(repo.commit("T101 rettet"))
    repo.remove("T101-kassetraek.yaml")
    ids.append(repo.commit("T101 trukket"))
    return ids


def test_history_as_json_follows_the_correction_through_renames(commits: list[str]) -> None:
    result = run("history", "T101", "--format", "json")
    assert result.exit_code == 0, result.stderr
    versions = json.loads(result.stdout)["versioner"]
    assert [v["ændring"] for v in versions] == [
        "tilføjet",
        "ændret",
        "ændret",
        "omdøbt",
        "ændret",
        "ændret",
        "slettet",
    ]
    # commit 3 (T102) did not touch T101, so it is not there
    assert [v["commit"] for v in versions] == [commits[i] for i in (0, 1, 3, 4, 5, 6, 7)]
    assert [v["status"] for v in versions] == ["forslag", "forslag", "godkendt", "godkendt", None, "godkendt", None]
    assert [[n["netto"] for n in v["netto"]] for v in versions] == [
        [0.5, 0.5],
        [0.75, 0.75],
        [0.75, 0.75],
        [0.75, 0.75],
        [],
        [0.8, 0.8],
        [],
    ]
    assert versions[2]["forfatter"] == "Bo Controller"
    assert versions[0]["dato"] == "2026-03-01T10:00:00+01:00"
    assert versions[3]["fil"] == "data/corrections/T101-kassetraek.yaml"
    assert versions[4]["gyldig"] is False
    assert "udgifter.2026: '0.800' er tekst" in versions[4]["fejl"][0]


def test_history_table_and_markdown(commits: list[str]) -> None:
    table = run("history", "t101")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == "Historik for T101 Kassetræk (netto i mio. kr., som skrevet)"
    first = next(line for line in lines if commits[0][:7] in line)
    assert first.split() == [
        "2026-03-01",
        commits[0][:7],
        "Anne",
        "Økonom",
        "tilføjet",
        "forslag",
        "2026",
        "0,500",
        "0,500",
        "T101",
        "tilføjet",
    ]
    assert any("ugyldig" in line and commits[5][:7] in line for line in lines)
    markdown = run("history", "T101", "--format", "markdown").stdout
    assert markdown.startswith("## Historik for T101 Kassetræk")
    assert f"| 2026-03-04 | {commits[3][:7]} | Bo Controller | ændret | godkendt | 2026 | 0,750 | 0,750 |" in markdown


def test_uncommitted_changes_are_the_last_row(repo: GitBudget) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    repo.commit("T101 tilføjet")
    assert len(json.loads(run("history", "T101", "-f", "json").stdout)["versioner"]) == 1
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.600", status="afvist"))
    last = json.loads(run("history", "T101", "-f", "json").stdout)["versioner"][-1]
    assert (last["commit"], last["status"], last["netto"][0]["netto"]) == (None, "afvist", 0.6)
    assert "arbejdskopi" in run("history", "T101").stdout


def test_unknown_number_and_no_git(repo: GitBudget, budget: Budget) -> None:
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    repo.commit("T101 tilføjet")
    result = run("history", "T999")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "ingen commit har en korrektion med nr T999" in result.stderr
    assert run("history", "T101", "--rev", "findes-ikke").exit_code == 2


def test_history_outside_git_says_so(budget: Budget) -> None:
    budget.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    result = run("history", "T101")
    assert result.exit_code == 2
    assert "ligger ikke i et git-repository" in result.stderr

"""`budgetkorr diff`: two states of a budget repository under git (or two folders) compared, in every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA, VALID, Budget, run, with_lines
from tests.gitrepo import GitBudget, correction, make_repo


@pytest.fixture
def repo(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> GitBudget:
    return make_repo(budget, monkeypatch)


@pytest.fixture
def history(repo: GitBudget) -> dict[str, str]:
    """Six commits: add T101 and T102; T101 costs more (and its text changes); T102 approved; T101 renamed;
    T102 deleted; an invalid T103 added. Returns the commit ids by name."""
    ids: dict[str, str] = {}
    repo.write("T101-kassetraek.yaml", correction("T101", "Kassetræk", "0.500"))
    repo.write("T102-licenser.yaml", correction("T102", "Licenser", "1.000"))
    ids["add"] = repo.commit("T101 og T102")
    repo.write(
        "T101-kassetraek.yaml",
        correction("T101", "Kassetræk", "15.000", background="Baggrunden er ændret. Beløbet er højere."),
    )
    ids["amounts"] = repo.commit("T101 koster mere")
    repo.write("T102-licenser.yaml", correction("T102", "Licenser", "1.000", status="godkendt"))
    ids["status"] = repo.commit("T102 godkendt", author="Bo Controller")
    repo.git("mv", "data/corrections/T101-kassetraek.yaml", "data/corrections/T101-nyt-navn.yaml")
    ids["rename"] = repo.commit("T101 omdøbt")
    repo.remove("T102-licenser.yaml")
    ids["delete"] = repo.commit("T102 fjernet")
    repo.write("T103-ugyldig.yaml", correction("T103", "Ugyldig", '"0.880"'))
    ids["invalid"] = repo.commit("T103 med komma")
    return ids


def test_changed_amounts_tip_a_target_and_the_headline_names_the_correction(history: dict[str, str]) -> None:
    # Kassebeholdning 2027 before: 200 - 2 × (0.5 + 1.0) = 197, margin +22; after T101 = 15: 200 - 2 × 16 = 168,
    # margin -7. T101 moved it by -2 × (15 - 0.5) = -29.
    result = run("diff", history["add"], history["amounts"], "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert (
        "**Gennemsnitlig kassebeholdning 2027: +22,000 → -7,000 (ikke opfyldt), skyldes T101 (-29,000)**"
        in result.stdout
    )
    assert "| udgifter.2026 | 0,500 | 15,000 | +14,500 |" in result.stdout
    assert "| netto.2027 | 0,500 | 15,000 | +14,500 |" in result.stdout
    assert "Korrektioner: 0 tilføjet, 0 fjernet, 1 ændret." in result.stdout
    assert result.stdout.count("<details>") == result.stdout.count("</details>") == 3
    # the text change as a short diff, sentence by sentence
    assert "-Baggrunden for korrektionen.\n  +Baggrunden er ændret.\n  +Beløbet er højere." in result.stdout


def test_fail_on_worse_exits_1_only_when_a_met_target_is_no_longer_met(history: dict[str, str]) -> None:
    assert run("diff", history["add"], history["amounts"], "--fail-on-worse").exit_code == 1
    assert run("diff", history["add"], history["amounts"]).exit_code == 0
    # back again: the target is met once more, nothing got worse
    assert run("diff", history["amounts"], history["add"], "--fail-on-worse").exit_code == 0


def test_status_change_is_a_field_change(history: dict[str, str]) -> None:
    result = run("diff", history["amounts"], history["status"], "--format", "json")
    document = json.loads(result.stdout)
    (change,) = document["korrektioner"]
    assert (change["nr"], change["ændring"]) == ("T102", "ændret")
    assert change["felter"] == [{"felt": "status", "før": "forslag", "efter": "godkendt", "forskel": None}]
    assert document["værre"] is False
    # forslag and godkendt are both counted: the totals do not move
    assert all(row["forskel"] == 0 for row in document["netto_pr_udvalg"])


def test_a_renamed_file_is_the_same_correction(history: dict[str, str]) -> None:
    result = run("diff", history["status"], history["rename"], "--format", "json")
    (change,) = json.loads(result.stdout)["korrektioner"]
    assert change["nr"] == "T101"
    assert change["omdøbt"] is True
    assert (change["fil_før"], change["fil_efter"]) == (
        "corrections/T101-kassetraek.yaml",
        "corrections/T101-nyt-navn.yaml",
    )
    assert change["felter"] == []
    table = run("diff", history["status"], history["rename"]).stdout
    assert "(omdøbt: corrections/T101-kassetraek.yaml → corrections/T101-nyt-navn.yaml)" in table


def test_a_deleted_correction_is_removed_and_the_totals_show_it(history: dict[str, str]) -> None:
    result = run("diff", history["rename"], history["delete"])
    assert result.exit_code == 0, result.stderr
    assert "Korrektioner: 0 tilføjet, 1 fjernet, 0 ændret" in result.stdout
    assert "  - T102 Licenser (ØK, godkendt)" in result.stdout
    # Økonomiudvalget 2026: 15 + 1 = 16 before, 15 after
    assert "Økonomiudvalget  2026  16,000   15,000     -1,000" in result.stdout
    document = json.loads(run("diff", history["rename"], history["delete"], "-f", "json").stdout)
    first = document["netto_pr_udvalg"][0]
    assert (first["udvalg"], first["år"], first["før"], first["efter"], first["forskel"]) == (
        "Økonomiudvalget",
        2026,
        16,
        15,
        -1,
    )


def test_invalid_data_is_reported_with_its_side_and_nothing_is_compared(history: dict[str, str]) -> None:
    result = run("diff", history["delete"], history["invalid"], "--format", "markdown")
    assert result.exit_code == 2
    short = history["invalid"][:7]
    assert f"budgetkorr: ugyldige data i {short}:" in result.stderr
    assert f"{short}:data/corrections/T103-ugyldig.yaml:8: udgifter.2026: '0.880' er tekst" in result.stderr
    assert "### Ugyldige data: ingen sammenligning" in result.stdout
    assert "Netto pr. udvalg" not in result.stdout  # no totals from invalid data
    # on the old side too, and with the working tree as the new side
    result = run("diff", history["invalid"])
    assert result.exit_code == 2
    assert f"budgetkorr: ugyldige data i {short}:" in result.stderr
    assert "budgetkorr: ugyldige data i arbejdskopi:" in result.stderr


def test_the_working_tree_is_compared_with_the_commit_before_by_default(repo: GitBudget) -> None:
    repo.write("T101-a.yaml", correction("T101", "A", "0.500"))
    repo.commit("første")
    repo.write("T102-b.yaml", correction("T102", "B", "0.250"))
    first = repo.commit("anden")
    repo.write("T103-c.yaml", correction("T103", "C", "0.100"))  # not committed
    result = run("diff", "--format", "json")
    document = json.loads(result.stdout)
    assert document["efter"] == "arbejdskopi"
    assert document["før"] == f"HEAD~1 ({repo.git('rev-parse', '--short=7', 'HEAD~1')})"
    assert [(c["nr"], c["ændring"]) for c in document["korrektioner"]] == [("T102", "tilføjet"), ("T103", "tilføjet")]
    # on a branch of its own: from the merge base with main
    repo.git("switch", "-q", "-c", "ny-korrektion")
    repo.commit("T103 på en gren")
    document = json.loads(run("diff", "--format", "json").stdout)
    assert document["før"] == f"main ({first[:7]})"
    assert [c["nr"] for c in document["korrektioner"]] == ["T103"]


def test_the_users_files_are_untouched(history: dict[str, str], repo: GitBudget) -> None:
    before = repo.git("status", "--porcelain")
    head = repo.git("rev-parse", "HEAD")
    run("diff", history["add"], history["amounts"])
    assert (repo.git("status", "--porcelain"), repo.git("rev-parse", "HEAD")) == (before, head)


def test_a_revision_that_does_not_exist_is_exit_2(history: dict[str, str]) -> None:
    result = run("diff", "ingen-saadan-gren")
    assert result.exit_code == 2
    assert "revisionen ingen-saadan-gren findes ikke" in result.stderr
    assert result.stdout == ""
    assert run("diff", history["add"], "--", "-x").exit_code == 2


def test_outside_git_the_message_says_how_to_compare_two_folders(budget: Budget) -> None:
    budget.write("T101-a.yaml", correction("T101", "A", "0.500"))
    result = run("diff")
    assert result.exit_code == 2
    assert "ligger ikke i et git-repository" in result.stderr
    assert "--data-base" in result.stderr


def test_github_annotations_point_at_the_changed_line_that_tipped_a_target(history: dict[str, str]) -> None:
    result = run("diff", history["add"], history["amounts"], "--format", "github")
    lines = result.stdout.splitlines()
    # netto of T101 is on line 9 of the file (see tests/gitrepo.py); udgifter, its first changed key, on line 8
    assert lines[0].startswith(
        "::error file=data/corrections/T101-kassetraek.yaml,line=8,"
        "title=Mål ikke længere opfyldt%3A Gennemsnitlig kassebeholdning::"
        "Gennemsnitlig kassebeholdning 2027: +22,000 → -7,000 (ikke opfyldt), skyldes T101 (-29,000)"
    )
    assert "::notice file=data/corrections/T101-kassetraek.yaml,line=8::" in lines[1]


def test_no_text_leaves_text_changes_out(history: dict[str, str]) -> None:
    with_text = run("diff", history["add"], history["amounts"])
    without = run("diff", history["add"], history["amounts"], "--no-text")
    assert "+Beløbet er højere." in with_text.stdout
    assert "Beløbet" not in without.stdout
    assert "udgifter.2026: 0,500 → 15,000 (+14,500)" in without.stdout


def _title(text: str) -> str:
    return correction("T101", text, "0.500").replace(f"titel: {text}", f"titel: '{text}'")


def test_text_from_files_is_escaped_in_markdown_and_annotations(budget: Budget, tmp_path: Path) -> None:
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write("T101-a.yaml", _title("<img src=x> | **fed** ::error::x %0A"))
    result = run("diff", "--data-base", "before", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "&lt;img src=x&gt; \\| \\*\\*fed\\*\\* ::error::x %0A" in result.stdout
    assert "<img" not in result.stdout
    github = run("diff", "--data-base", "before", "--format", "github").stdout
    assert "::error::x %250A" in github  # % escaped: the message can not start a new command


def test_two_folders_can_be_compared_without_git(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", correction("T101", "A", "0.500"))
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write("T101-a.yaml", correction("T101", "A", "0.750"))
    result = run("diff", "--data-base", "before", "--format", "json")
    document = json.loads(result.stdout)
    assert document["før"] == "before"
    assert document["korrektioner"][0]["felter"][0] == {
        "felt": "udgifter.2026",
        "før": 0.5,
        "efter": 0.75,
        "forskel": 0.25,
    }
    assert run("diff", "HEAD", "--data-base", "before").exit_code == 2


T110 = with_lines(
    VALID,
    nr="nr: T110",
    titel="titel: Ekstra kassetræk til akutte IT-nedbrud",
    udgifter="udgifter:  {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}",
    netto="netto:     {2026: 0.500, 2027: 0.500, 2028: 0.500, 2029: 0.500}",
)


def test_golden_pull_request_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    # A pull request that adds one correction to the shipped data: kassebeholdning 2029 had a margin of +1,208
    # (check-targets on the shipped data); T110 takes 4 × 0,500 = 2,000 from the cash by 2029: -0,792.
    shutil.copytree(SHIPPED_DATA, tmp_path / "main")
    shutil.copytree(SHIPPED_DATA, tmp_path / "pr")
    (tmp_path / "pr" / "corrections" / "T110-ekstra-kassetraek.yaml").write_text(T110, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("diff", "--data-base", "main", "--data", "pr", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "**Gennemsnitlig kassebeholdning 2029: +1,208 → -0,792 (ikke opfyldt), skyldes T110 (-2,000)**" in (
        result.stdout
    )
    golden = Path(__file__).parent / "golden" / "diff-pull-request.md"
    if request.config.getoption("--refresh-expected"):
        golden.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == golden.read_bytes()


def test_check_targets_github_points_at_the_changed_correction_that_tipped_a_target(repo: GitBudget) -> None:
    # Kassebeholdning 2027 at the base: 200 - 2 × 10 = 180, met (+5). The pull request adds T102 (3 a year):
    # 200 - 2 × 13 = 174, not met. T101 moved it most (-20), but T102 is the change that tipped it.
    repo.write("T101-stor.yaml", correction("T101", "Stor", "10.000"))
    base = repo.commit("T101")
    repo.write("T102-lille.yaml", correction("T102", "Lille", "3.000"))
    with_base = run("check-targets", "--format", "github", "--base", base)
    assert with_base.exit_code == 1
    errors = [line for line in with_base.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith("::error file=data/corrections/T102-lille.yaml,line=9,")  # its netto line
    assert "Gennemsnitlig kassebeholdning 2027" in errors[0]
    assert errors[0].endswith(". Vippet af ændringen i T102 (-6,000).")  # 2 years × 3,000 from the cash
    # without a base: the correction that moved it most, as before
    without = run("check-targets", "--format", "github")
    assert "::error file=data/corrections/T101-stor.yaml," in without.stdout
    assert run("check-targets", "--format", "github", "--base", "findes-ikke").exit_code == 2


def test_check_targets_github_points_at_the_budget_when_the_change_did_not_tip_it(repo: GitBudget) -> None:
    # Already missed at the base (200 - 2 × 15 = 170 in 2027); the pull request only changes a title.
    repo.write("T101-stor.yaml", correction("T101", "Stor", "15.000"))
    base = repo.commit("T101")
    repo.write("T101-stor.yaml", correction("T101", "Stor og dyr", "15.000"))
    result = run("check-targets", "--format", "github", "--base", base)
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith("::error file=data/budget.yaml,line=")


def test_a_side_with_control_characters_is_invalid_and_named(budget: Budget, tmp_path: Path) -> None:
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write("T101-a.yaml", correction("T101", '"Rød\\e[31m tekst"', "0.500"))
    result = run("diff", "--data-base", "before")
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetkorr: ugyldige data i data:\ndata/corrections/T101-a.yaml:2:")
    assert "\x1b" not in result.stdout + result.stderr


def test_two_equal_states_say_that_nothing_changed(history: dict[str, str]) -> None:
    for fmt, first in (("markdown", "### Ændringer fra "), ("table", "Ændringer fra ")):
        result = run("diff", history["add"], history["add"], "--format", fmt)
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith(first)
        assert lines[-1] == "Ingen ændringer i korrektionerne, totalerne eller målene."
    assert json.loads(run("diff", history["add"], history["add"], "-f", "json").stdout)["korrektioner"] == []


def test_a_change_of_text_alone_is_named_also_with_no_text(budget: Budget, tmp_path: Path) -> None:
    budget.write("T101-a.yaml", correction("T101", "A", "0.500"))
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write("T101-a.yaml", correction("T101", "A", "0.500", background="En ny begrundelse."))
    result = run("diff", "--data-base", "before", "--no-text")
    assert "Korrektioner: 0 tilføjet, 0 fjernet, 1 ændret" in result.stdout
    assert "  ~ T101 A (ØK, forslag)\n      kun teksten er ændret (vises uden --no-text)\n" in result.stdout
    assert "+En ny begrundelse." in run("diff", "--data-base", "before").stdout

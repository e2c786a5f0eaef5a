"""budgetkorr as a library: the documented example runs, the values equal what the command line prints, the
functions print nothing, and loading again and again keeps no memory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import budgetkorr
from tests.conftest import REPO, SHIPPED_DATA, VALID, Budget, run
from tests.gitrepo import correction, make_repo

BUDGETKORR = Path(sys.executable).parent / "budgetkorr"
STRAM_KASSE = REPO / "examples" / "stram-kasse"
QUIET = {key: value for key, value in os.environ.items() if key != "BUDGETKORR_DATA"}


def cli_json(*args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([str(BUDGETKORR), *args, "--format", "json"], capture_output=True, text=True, cwd=REPO)
    loaded: dict[str, Any] = json.loads(done.stdout, parse_float=Decimal)
    return done.returncode, loaded


def test_the_documented_example_runs_as_written() -> None:
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "docs" / "library.md").read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        done = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=REPO)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
@pytest.mark.parametrize(("year", "by"), [(None, "udvalg"), (2026, "udvalg"), (2027, "korrektion")])
def test_summary_is_what_the_command_line_prints(folder: Path, year: int | None, by: str) -> None:
    args = ["summary", *([str(year)] if year else []), "--by", by, "--data", str(folder)]
    code, printed = cli_json(*args)
    found = budgetkorr.summary(budgetkorr.load(folder), year=year, by=by)  # type: ignore[arg-type]
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
@pytest.mark.parametrize("strict", [False, True])
def test_check_targets_is_what_the_command_line_prints(folder: Path, strict: bool) -> None:
    code, printed = cli_json("check-targets", *(["--strict"] if strict else []), "--data", str(folder))
    found = budgetkorr.check_targets(budgetkorr.load(folder), strict=strict)
    assert found.as_json() == printed
    assert code == (0 if found.met else 1)


@pytest.mark.parametrize("folder", [SHIPPED_DATA, STRAM_KASSE], ids=["data", "stram-kasse"])
def test_corrections_is_what_list_prints(folder: Path) -> None:
    code, printed = cli_json("list", "--data", str(folder))
    found = budgetkorr.corrections(budgetkorr.load(folder))
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


def test_appendix_is_what_report_writes() -> None:
    from budgetkorr.render.report_markdown import render_markdown

    done = subprocess.run(
        [str(BUDGETKORR), "report", "--format", "markdown", "--data", str(SHIPPED_DATA)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    found = budgetkorr.appendix(budgetkorr.load(SHIPPED_DATA))
    assert (done.returncode, found.ok) == (0, True)
    assert found.report is not None
    assert render_markdown(found.report) == done.stdout


def test_compare_is_what_diff_prints() -> None:
    code, printed = cli_json("diff", "--data-base", str(STRAM_KASSE), "--data", str(SHIPPED_DATA))
    found = budgetkorr.compare(budgetkorr.load(STRAM_KASSE), budgetkorr.load(SHIPPED_DATA))
    assert (code, found.ok) == (0, True)
    assert found.as_json() == printed


def test_a_selection_is_one_value_and_its_problem_a_diagnostic(capsys: pytest.CaptureFixture[str]) -> None:
    data = budgetkorr.load(SHIPPED_DATA)
    assert_ok, printed = cli_json("summary", "--udvalg", "ØK", "--prisniveau", "2025", "--data", str(SHIPPED_DATA))
    committee = next(c for c in data.committees if c.abbreviation == "ØK")
    chosen = budgetkorr.Selection(committee=committee, price_level=2025)
    assert assert_ok == 0
    assert budgetkorr.summary(data, selection=chosen).as_json() == printed
    empty = budgetkorr.summary(data, year=1999)
    assert not empty.ok
    assert [d.message for d in empty.diagnostics if d.is_error] == [
        "ingen korrektion dækker 1999; korrektionerne dækker 2026–2029"
    ]
    assert capsys.readouterr() == ("", "")  # the library prints nothing, whatever it finds


def test_an_invalid_folder_is_diagnostics_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "T101-x.yaml").write_text("nr: T101\n", encoding="utf-8")
    data = budgetkorr.load(tmp_path)
    assert not data.ok
    values = (budgetkorr.summary(data), budgetkorr.corrections(data), budgetkorr.check_targets(data))
    for value in (*values, budgetkorr.compare(data, data)):
        assert not value.ok
        assert value.as_json()["fejl"]
    assert not budgetkorr.appendix(data).ok


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, and BUDGETKORR_DATA naming a folder that is not there: a library call that looked
    at either, rather than at what it is given, would find nothing or fail."""
    place = tmp_path / "elsewhere"
    place.mkdir()
    monkeypatch.chdir(place)
    monkeypatch.setenv("BUDGETKORR_DATA", str(tmp_path / "nowhere"))
    return place


def test_forms_is_what_show_prints(elsewhere: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run_cli("show", "T105", "T101", "--data", str(SHIPPED_DATA))
    data = budgetkorr.load(SHIPPED_DATA)
    found = budgetkorr.forms(data, ["t105", "T101", "T105"])
    assert (shown.returncode, found.ok) == (0, True)
    assert [entry.correction.number for entry in found.entries] == ["T105", "T101"]
    assert found.text() == shown.stdout
    economy = next(c for c in data.committees if c.abbreviation == "ØK")
    assert budgetkorr.forms(data, committee=economy).text() == run_cli("show", "--udvalg", "ØK").stdout
    children = next(c for c in data.committees if c.abbreviation == "BUU")
    problems = {
        "unknown": budgetkorr.forms(data, ["T999"]),
        "another committee's": budgetkorr.forms(data, ["T101"], committee=children),
        "nothing asked": budgetkorr.forms(data),
    }
    for value in problems.values():
        assert not value.ok
        assert not value.entries
    assert [d.message for d in problems["another committee's"].diagnostics if d.is_error] == [
        "T101 hører ikke til Børne- og ungdomsudvalget"
    ]
    assert capsys.readouterr() == ("", "")
    assert list(elsewhere.iterdir()) == []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line run from the repository (the shipped data is its data folder)."""
    return subprocess.run([str(BUDGETKORR), *args], capture_output=True, text=True, cwd=REPO, env=QUIET)


def test_validate_finds_what_the_command_reports(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    budget.write("T101-a.yaml", VALID)
    budget.write("T102-b.yaml", VALID.replace("T101", "T102").replace("netto:     {2026: 2.000", "netto: {2026: '2'"))
    reported = run("validate")
    found = budgetkorr.validate(budget.data)
    assert (reported.exit_code, found.ok) == (2, False)
    assert [d.format() + "\n" for d in found.diagnostics] == reported.stderr.splitlines(keepends=True)[:-1]
    monkeypatch.chdir(budget.corrections)  # the library reads the folder it is given, not the working folder
    monkeypatch.setenv("BUDGETKORR_DATA", str(budget.root / "nowhere"))
    again = budgetkorr.validate(budget.data)
    assert [(d.line, d.field, d.message) for d in again.diagnostics] == [
        (d.line, d.field, d.message) for d in found.diagnostics
    ]
    only = budgetkorr.validate(budget.data, [budget.corrections / "T101-a.yaml"])
    assert (only.ok, only.files) == (True, 1)


def test_history_is_what_the_command_prints(budget: Budget, monkeypatch: pytest.MonkeyPatch, elsewhere: Path) -> None:
    repo = make_repo(budget, monkeypatch)
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.500"))
    repo.commit("T101 tilføjet")
    repo.write("T101-a.yaml", correction("T101", "Kassetræk", "0.750", status="godkendt"))
    repo.commit("T101 godkendt")
    printed = run("history", "T101", "--format", "json", "--data", str(budget.data))
    found = budgetkorr.history(budget.data, "t101")
    assert (printed.exit_code, found.ok, found.title) == (0, True, "Kassetræk")
    assert found.as_json() == json.loads(printed.stdout, parse_float=Decimal)
    unknown = budgetkorr.history(budget.data, "T999")
    assert not unknown.ok
    assert [d.message for d in unknown.diagnostics] == ["ingen commit har en korrektion med nr T999"]
    assert unknown.as_json() == {"fejl": [unknown.diagnostics[0].format()]}


def test_new_correction_is_what_new_writes(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    budget.write("T101-a.yaml", VALID)
    planned = run("new", "--udvalg", "ØK", "--titel", "Kantinen  i rådhuset", "--dry-run")
    monkeypatch.chdir(budget.root / "data" / "corrections")
    monkeypatch.setenv("BUDGETKORR_DATA", str(budget.root / "nowhere"))
    data = budgetkorr.load(budget.data)
    economy = next(c for c in data.committees if c.abbreviation == "ØK")
    found = budgetkorr.new_correction(data, economy, "Kantinen i rådhuset")
    assert (planned.exit_code, found.ok, found.written, found.number) == (0, True, False, "T102")
    assert found.text == planned.stdout
    assert sorted(p.name for p in budget.corrections.iterdir()) == ["T101-a.yaml"]  # planned: nothing written
    made = budgetkorr.new_correction(data, economy, "Kantinen i rådhuset", write=True)
    assert (made.ok, made.written, made.path) == (True, True, budget.corrections / "T102-kantinen-i-raadhuset.yaml")
    assert made.path is not None
    assert made.path.read_text(encoding="utf-8") == planned.stdout
    taken = budgetkorr.new_correction(data, economy, "Noget andet", "T101")
    assert not taken.ok
    assert [d.message.split(" af ")[0] for d in taken.diagnostics] == ["T101 bruges allerede"]
    assert budgetkorr.validate(budget.data).ok


def test_import_appendices_is_what_import_writes(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    form = run_cli("show", "T105").stdout
    (budget.root / "bilag.txt").write_text(form, encoding="utf-8")
    planned = run("import", "bilag.txt", "--dry-run")
    appendix = budget.root / "bilag.txt"
    monkeypatch.chdir(budget.corrections)
    monkeypatch.setenv("BUDGETKORR_DATA", str(budget.root / "nowhere"))
    found = budgetkorr.import_appendices([appendix], budget.data)
    assert (planned.exit_code, found.ok, found.forms, found.written) == (0, True, 1, ())
    assert [item.text for item in found.planned] == [planned.stdout.split("\n", 1)[1]]
    assert list(budget.corrections.iterdir()) == []  # planned: nothing written
    imported = budgetkorr.import_appendices([appendix], budget.data, write=True)
    assert (imported.ok, imported.written) == (True, (found.planned[0].path,))
    assert found.planned[0].path.read_text(encoding="utf-8") == found.planned[0].text
    again = budgetkorr.import_appendices([appendix], budget.data, write=True)
    assert (again.ok, again.written, again.unchanged) == (True, (), (found.planned[0].path,))  # the same text: left
    found.planned[0].path.write_text(found.planned[0].text + "# min note\n", encoding="utf-8")
    edited = budgetkorr.import_appendices([appendix], budget.data, write=True)
    assert not edited.ok  # a file changed since is not replaced without force
    assert ["findes allerede" in d.message for d in edited.diagnostics if d.is_error] == [True]
    assert [failure.number for failure in edited.failures] == ["T105"]


# 200 calls of budgetkorr.load in one process: tests/test_side_effects.py (less than 10 MB kept).


def test_the_package_exports_every_name_of_the_library_and_each_resolves() -> None:
    # budgetkorr's lazy exports are listed beside the library's own: a function added to one list and not the
    # other would be missing from `import budgetkorr` (or name nothing)
    from budgetkorr import library

    assert set(budgetkorr.__all__) == {*library.__all__, "Dataset", "Diagnostic", "__version__"}
    assert all(getattr(budgetkorr, name) is not None for name in budgetkorr.__all__)

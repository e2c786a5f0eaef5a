"""`budgetkorr init ÅR`: a new budget year's data folder, fresh or rolled over, and what the other commands make
of it (validate passes, check-targets names what is still `ukendt`, new and import work); an unknown committee in
import and new says how to add it and suggests the closest name."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from budgetkorr import check_targets as library_check
from budgetkorr import load
from budgetkorr.core.committees import closest
from budgetkorr.models import Committee
from tests.conftest import REPO, SHIPPED_DATA, run

ROWS = (
    "indtægter",
    "driftsudgifter",
    "renter",
    "anlæg",
    "låneoptagelse",
    "afdrag_ordinære_lån",
    "afdrag_ældreboliglån",
    "øvrige_finansforskydninger",
    "kassebeholdning_gennemsnit",
)
FILES = ("budget.yaml", "udvalg.yaml", "targets.yaml", "prisniveau.yaml")
FILLED = "{2027: -3000.000, 2028: -3000.000, 2029: -3000.000, 2030: -3000.000}"


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, made the working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return tmp_path


def _fill(path: Path, row: str, amounts: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{row}:( *)\{{.*\}}$", rf"{row}:\g<1>{amounts}", text, flags=re.M), encoding="utf-8")


def test_init_in_an_empty_folder_validates_and_check_targets_names_the_unknown_lines(empty: Path) -> None:
    made = run("init", "2027", "--kommune", "Vestby Kommune")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.startswith("Oprettede data/ til budget 2027: budget.yaml, udvalg.yaml, targets.yaml, ")
    assert sorted(p.name for p in (empty / "data").iterdir()) == sorted([*FILES, "corrections"])
    assert list((empty / "data" / "corrections").iterdir()) == []
    budget = (empty / "data" / "budget.yaml").read_text(encoding="utf-8")
    assert "kommune: Vestby Kommune\n" in budget
    assert "prisniveau: 2027\n" in budget
    assert "hovedoversigt" in budget.split("kommune:")[0]  # the comment says where the figures come from
    for row in ROWS:
        assert re.search(rf"^{row}: *\{{2027: ukendt, 2028: ukendt, 2029: ukendt, 2030: ukendt\}}$", budget, re.M)
    assert "satser: {}\n" in (empty / "data" / "prisniveau.yaml").read_text(encoding="utf-8")

    checked = run("validate")
    assert checked.exit_code == 0, checked.stderr
    assert "data/budget.yaml:11: indtægter: advarsel: ukendt i 2027, 2028, 2029, 2030" in checked.stderr

    targets = run("check-targets")
    assert targets.exit_code == 2
    assert targets.stdout == ""
    named = re.findall(r"^data/budget\.yaml:\d+: (\w+): ukendt i 2027, 2028, 2029, 2030", targets.stderr, re.M)
    assert named == list(ROWS)
    assert len(re.findall(r"^data/targets\.yaml:\d+: mål\[\d\]\.tærskel: ukendt", targets.stderr, re.M)) == 4


def test_a_second_init_refuses_and_force_keeps_every_old_file(empty: Path) -> None:
    assert run("init", "2027").exit_code == 0
    budget = empty / "data" / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    (empty / "data" / "corrections" / "T101-mine.yaml").write_text("mine\n", encoding="utf-8")

    again = run("init", "2027")
    assert again.exit_code == 2
    assert again.stderr == (
        "budgetkorr: data findes allerede; brug --force for at skrive det nye budgetårs filer i den (de gamle gemmes "
        "som .bak)\n"
    )
    assert budget.read_text(encoding="utf-8").endswith("# mine\n")

    forced = run("init", "2028", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "Den gamle fil er gemt som data/budget.yaml.bak." in forced.stderr
    assert (empty / "data" / "budget.yaml.bak").read_text(encoding="utf-8").endswith("# mine\n")
    assert "prisniveau: 2028\n" in budget.read_text(encoding="utf-8")
    assert sorted(p.name for p in (empty / "data").glob("*.bak")) == sorted(f"{name}.bak" for name in FILES)
    assert (empty / "data" / "corrections" / "T101-mine.yaml").read_text(encoding="utf-8") == "mine\n"


def test_an_empty_folder_is_used_without_force(empty: Path) -> None:
    (empty / "data").mkdir()
    assert run("init", "2027", "--data", "data").exit_code == 0


def test_init_fra_the_shipped_data_carries_committees_targets_and_rates_and_no_correction(empty: Path) -> None:
    made = run("init", "2027", "--fra", str(SHIPPED_DATA), "--data", "ny")
    assert made.exit_code == 0, made.stderr
    new = empty / "ny"
    for name in ("udvalg.yaml", "targets.yaml", "prisniveau.yaml"):
        assert (new / name).read_bytes() == (SHIPPED_DATA / name).read_bytes(), name
    assert list((new / "corrections").iterdir()) == []
    budget = (new / "budget.yaml").read_text(encoding="utf-8")
    assert "prisniveau: 2027\n" in budget
    assert "{2027: ukendt, 2028: ukendt, 2029: ukendt, 2030: ukendt}" in budget
    assert "ILLUSTRATIVE" not in budget  # last year's overview is not this year's
    assert run("validate", "--data", "ny").exit_code == 0
    targets = run("check-targets", "--data", "ny")
    assert targets.exit_code == 2
    assert "ny/budget.yaml:11: indtægter: ukendt i 2027, 2028, 2029, 2030" in targets.stderr
    assert "targets.yaml" not in targets.stderr  # the shipped thresholds are known


def test_init_fra_carries_the_municipality_over_unless_another_is_given(empty: Path) -> None:
    assert run("init", "2026", "--kommune", "Vestby Kommune", "--data", "b2026").exit_code == 0
    assert run("init", "2027", "--fra", "b2026", "--data", "b2027").exit_code == 0
    assert "kommune: Vestby Kommune\n" in (empty / "b2027" / "budget.yaml").read_text(encoding="utf-8")
    assert run("init", "2027", "--fra", "b2026", "--data", "c2027", "--kommune", "Østby Kommune").exit_code == 0
    assert "kommune: Østby Kommune\n" in (empty / "c2027" / "budget.yaml").read_text(encoding="utf-8")


def test_init_fra_refuses_an_invalid_old_folder_and_its_own_folder(empty: Path) -> None:
    shutil.copytree(SHIPPED_DATA, empty / "old")
    (empty / "old" / "udvalg.yaml").write_text("udvalg: []\n", encoding="utf-8")
    refused = run("init", "2027", "--fra", "old", "--data", "ny")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("old/udvalg.yaml:1: udvalg:")
    assert not (empty / "ny").exists()
    same = run("init", "2027", "--fra", "old", "--data", "old", "--force")
    assert same.exit_code == 2
    assert "samme mappe" in same.stderr


def test_new_and_import_work_on_the_new_folder(empty: Path) -> None:
    assert run("init", "2027", "--kommune", "Vestby Kommune").exit_code == 0
    made = run("new", "--udvalg", "ØK", "--titel", "Nyt lønsystem", "--nr", "T101")
    assert made.exit_code == 0, made.stderr
    text = (empty / "data" / "corrections" / "T101-nyt-loensystem.yaml").read_text(encoding="utf-8")
    assert "{2027: " in text
    assert "2030: " in text
    udvalg = empty / "data" / "udvalg.yaml"
    udvalg.write_text(
        udvalg.read_text(encoding="utf-8") + "  - navn: Kultur- og fritidsudvalget\n    forkortelse: KFU\n",
        encoding="utf-8",
    )
    imported = run("import", str(REPO / "examples" / "import" / "kultur-og-fritid-2027.txt"))
    assert imported.exit_code == 0, imported.stderr
    assert sorted(p.name[:4] for p in (empty / "data" / "corrections").iterdir()) == ["T101", "T501", "T502"]
    assert run("validate").exit_code == 0


def test_check_targets_judges_once_the_overview_and_thresholds_are_filled_in(empty: Path) -> None:
    assert run("init", "2027").exit_code == 0
    budget, targets = empty / "data" / "budget.yaml", empty / "data" / "targets.yaml"
    for row in ROWS[:-1]:
        _fill(budget, row, FILLED.replace("-3000.000", "10.000"))
    still = run("check-targets")
    assert still.exit_code == 2
    assert re.findall(r"^data/budget\.yaml:\d+: (\w+):", still.stderr, re.M) == ["kassebeholdning_gennemsnit"]
    _fill(budget, "kassebeholdning_gennemsnit", FILLED.replace("-3000.000", "200.000"))
    targets.write_text(targets.read_text(encoding="utf-8").replace("tærskel: ukendt", "tærskel: 0"), encoding="utf-8")
    checked = run("check-targets", "--ingen-korrektioner")
    assert checked.exit_code in (0, 1), checked.stderr
    assert "ukendt" not in checked.stderr


def test_an_inactive_target_may_keep_an_unknown_threshold(empty: Path) -> None:
    assert run("init", "2027").exit_code == 0
    for row in ROWS:
        _fill(empty / "data" / "budget.yaml", row, FILLED.replace("-3000.000", "10.000"))
    targets = empty / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace("tærskel: ukendt", "tærskel: 0", 3)
    targets.write_text(text.replace("tærskel: ukendt", "tærskel: ukendt\n    aktiv: false"), encoding="utf-8")
    checked = run("check-targets", "--ingen-korrektioner")
    assert checked.exit_code in (0, 1), checked.stderr


def test_the_library_and_the_report_never_judge_an_unknown_figure(empty: Path) -> None:
    assert run("init", "2027").exit_code == 0
    found = library_check(load(empty / "data"))
    assert found.report is None
    assert any(d.path == "data/budget.yaml" and d.field == "anlæg" and d.is_error for d in found.diagnostics)
    (empty / "data" / "corrections" / "T101-a.yaml").unlink(missing_ok=True)
    assert run("new", "--udvalg", "ØK", "--titel", "Et", "--nr", "T101").exit_code == 0
    report = run("report", "--format", "markdown")
    assert report.exit_code == 0, report.stderr
    assert "Målene er ikke med: " in report.stdout
    assert "er stadig ukendt" in report.stdout


def test_an_unknown_committee_in_import_says_how_to_add_it(empty: Path) -> None:
    assert run("init", "2027").exit_code == 0
    refused = run("import", str(REPO / "examples" / "import" / "kultur-og-fritid-2027.txt"))
    assert refused.exit_code == 2
    assert (
        "T501 udvalg: 'Kultur- og fritidsudvalget' er ikke et udvalg i udvalg.yaml; er det et af kommunens udvalg, så "
        "tilføj det i udvalg.yaml under `udvalg:` som `- navn: Kultur- og fritidsudvalget` med en `forkortelse:`; "
        "eller angiv et andet med --udvalg. Udvalgene er: Økonomiudvalget (ØK)"
    ) in refused.stderr


def test_a_misspelt_committee_in_new_gets_the_closest_name(shipped: Path) -> None:
    refused = run("new", "--udvalg", "Teknik- og Miljøudvalget", "--titel", "x", "--dry-run")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "budgetkorr: --udvalg 'Teknik- og Miljøudvalget' er ikke et udvalg i udvalg.yaml; mente du Miljø- og "
        "teknikudvalget? Er det et andet af kommunens udvalg, så tilføj det i udvalg.yaml under `udvalg:` som "
        "`- navn: Teknik- og Miljøudvalget` med en `forkortelse:`. Udvalgene er: Økonomiudvalget (ØK); "
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Teknik- og Miljøudvalget", "Miljø- og teknikudvalget"),
        ("Kultur og fritidsudvalg", "Kultur- og fritidsudvalget"),
        ("økonomiudvalg", "Økonomiudvalget"),
        ("BUUU", "Børne- og ungdomsudvalget"),
        ("Teknik", None),
        ("Social- og sundhedsudvalget", None),
    ],
)
def test_the_closest_committee(written: str, expected: str | None) -> None:
    committees = [
        Committee.model_validate(c)
        for c in (
            {"navn": "Økonomiudvalget", "forkortelse": "ØK"},
            {"navn": "Børne- og ungdomsudvalget", "forkortelse": "BUU"},
            {"navn": "Kultur- og fritidsudvalget", "forkortelse": "KFU"},
            {"navn": "Miljø- og teknikudvalget", "forkortelse": "MTU"},
            {"navn": "Voksen- og plejeudvalget", "forkortelse": "VPU"},
        )
    ]
    found = closest(written, committees)
    assert (found.name if found else None) == expected

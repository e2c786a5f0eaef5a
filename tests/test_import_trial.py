"""A blind trial: appendices the importer was not shaped on import to their expected files, byte for byte.

Each folder of tests/trial/ is an appendix written in the style of a real committee appendix as a PDF's text
extraction gives it, from the variations real Danish budget documents show (tests/trial/README.md says what each holds
and which of its forms are meant to fail): `bilag.txt`, `forventet/` (the files the import writes) and `diagnostik.txt`
(what it says, one diagnostic a line). The committees are not checked (no udvalg.yaml), as for a municipality that
has just started. Refresh with `pytest tests/test_import_trial.py --refresh-expected` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run
from tests.corpus import compare, imported

TRIAL = Path(__file__).parent / "trial"
CASES = sorted(path.name for path in TRIAL.iterdir() if path.is_dir())


def test_the_trial_has_at_least_three_appendices() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("name", CASES)
def test_each_appendix_imports_to_its_expected_files(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = TRIAL / name
    files, told = imported(case, None, tmp_path / "corrections")
    compare(case, files, told, request.config.getoption("--refresh-expected"))


@pytest.mark.parametrize("name", CASES)
def test_every_form_is_either_written_or_named_with_its_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported for real in a folder of its own: forms present = forms written + forms that failed."""
    bilag = TRIAL / name / "bilag.txt"
    present = sum(1 for line in bilag.read_text(encoding="utf-8").splitlines() if line.strip().startswith("Titel"))
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    result = run("import", str(bilag), "--out", "out")
    written = sorted(path.name for path in (tmp_path / "out").glob("*.yaml")) if (tmp_path / "out").exists() else []
    assert written == sorted(path.name for path in (TRIAL / name / "forventet").glob("*.yaml"))
    failed = present - len(written)
    assert result.exit_code == (2 if failed else 0), result.stderr
    if failed:
        assert f"{len(written)} af {present} skemaer" in result.stderr


def test_a_table_of_rows_that_look_alike_is_text_not_a_page_header(tmp_path: Path) -> None:
    """Rows of one shape (`2022/23  41  5,9`) repeat, as a page header does; they stay in the text as a table."""
    files, _told = imported(TRIAL / "02-teknik-tusind-kr", None, tmp_path / "corrections")
    text = files["T411-vintertjeneste-paa-kommunale-veje.yaml"]
    assert "| 2023/24 | 56 | 7,4 |" in text


def test_a_row_short_of_a_year_says_so_rather_than_reading_the_side_column_as_a_figure(tmp_path: Path) -> None:
    _files, told = imported(TRIAL / "02-teknik-tusind-kr", None, tmp_path / "corrections")
    assert "T413 indtægter: rækken har 3 tal, men prislinjen har 4 år (2027 2028 2029 2030)" in told
    assert "'Indenfor' er ikke et tal" not in told


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("☒ Ja ☐ Nej", "ja"),
        ("☐ Ja ☒ Nej", "nej"),
        ("Ja ☐ Nej ☒", "nej"),
        ("Ja: [x]  Nej: [ ]", "ja"),
        ("☐ Ja ☐ Nej ☒ Delvist", "delvist"),
        ("☐ Ja ☐ Nej", None),
        ("☒ Ja ☒ Nej", None),
        ("☒ Tilskud ☐ Nej", None),
    ],
)
def test_the_service_frame_answered_with_check_boxes_is_the_one_ticked(written: str, answer: str | None) -> None:
    from budgetkorr.importers.layout import standard

    assert standard().frame(written) == answer

"""Layouts: the corpus of appendices in other layouts imports to its expected files byte for byte, a new layout is a
data file and nothing else, and a mistake in a layout file is told at its line.

Each folder of tests/layouts/ is one case: `bilag.txt` (the appendix as a PDF's text extraction gives it), an
optional `layout.yaml` (given as --layout; without it the layout is picked automatically), `forventet/` (the
correction files the import writes) and `diagnostik.txt` (what it says on stderr, one diagnostic a line). Refresh
them with `pytest tests/test_layouts.py --refresh-expected` and read the diff.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from budgetkorr.importers.document import choose_layout
from budgetkorr.importers.extract import cells_of
from budgetkorr.importers.layout import SHIPPED, read_layout, shipped_layouts, standard
from budgetkorr.importers.normalise import characters, join_wrapped_years
from budgetkorr.importers.prose import Line
from tests.conftest import SHIPPED_DATA, Budget, run
from tests.corpus import compare, imported

CORPUS = Path(__file__).parent / "layouts"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


def test_the_corpus_has_at_least_six_layouts() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("name", CASES)
def test_each_layout_imports_to_its_expected_files(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = CORPUS / name
    files, told = imported(case, SHIPPED_DATA, tmp_path / "corrections")
    compare(case, files, told, request.config.getoption("--refresh-expected"))


def test_every_expected_file_validates(tmp_path: Path) -> None:
    """What the corpus expects is itself a valid correction: `validate` of all of it finds no error."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data, ignore=shutil.ignore_patterns("corrections"))
    (data / "corrections").mkdir()
    for path in CORPUS.glob("*/forventet/*.yaml"):
        shutil.copy(path, data / "corrections" / path.name)
    result = run("validate", "--data", str(data))
    assert result.exit_code == 0, result.stderr


# --- a new layout is a data file ---------------------------------------------------------------------------------

NEW_LAYOUT = """\
    # Et skema med andre ord for rækkerne og afsnittene: kun det, der afviger fra standardlayoutet.
    navn: merudgift
    rækker:
      udgifter: [Merudgift]
      indtægter: [Merindtægt]
      netto: [I alt]
      fuldtidsstillinger: [Stillinger]
    fortegnslinje: ["Negative tal er besparelser"]
    servicerammen:
      etiket: [Servicerammen]
    afsnit:
      baggrund: [Hvad og hvorfor]
      økonomiske_konsekvenser: [Finansiering og økonomi]
"""

NEW_APPENDIX = """\
    Økonomiudvalget

    Kantineordning på rådhuset  T140

    (1.000 kr. i 2026-priser) 2026 2027 2028 2029 Iværksættelsestidspunkt:
    Merudgift 120 120 120 120 01.02.2026
    Merindtægt -120 -120 -120 -120 Servicerammen:
    I alt 0 0 0 0 Nej
    Negative tal er besparelser
    Stillinger 0 0 0 0

    Hvad og hvorfor
    Kantinen drives af en forpagter, som betaler for lokalerne.

    Finansiering og økonomi
    Ordningen hviler i sig selv.
"""


def test_a_new_layout_is_a_layout_file_and_an_appendix_and_no_code(budget: Budget, tmp_path: Path) -> None:
    layout = tmp_path / "merudgift.yaml"
    layout.write_text(textwrap.dedent(NEW_LAYOUT), encoding="utf-8")
    appendix = tmp_path / "bilag.txt"
    appendix.write_text(textwrap.dedent(NEW_APPENDIX), encoding="utf-8")
    without = run("import", str(appendix), "--dry-run")
    assert without.exit_code == 2
    assert "ingen korrektionsskemaer fundet" in without.stderr
    result = run("import", str(appendix), "--layout", str(layout))
    assert result.exit_code == 0, result.stderr
    text = (budget.data / "corrections" / "T140-kantineordning-paa-raadhuset.yaml").read_text(encoding="utf-8")
    assert (
        "indenfor_servicerammen: nej\n"
        "# skrevet i 1.000 kr. i kilden: 120 120 120 120; omregnet til mio. kr.\n"
        "udgifter:           {2026: 0.120, 2027: 0.120, 2028: 0.120, 2029: 0.120}\n"
    ) in text
    assert "iværksættelse: 2026-02-01\n" in text
    assert "baggrund: |\n  Kantinen drives af en forpagter, som betaler for lokalerne.\n" in text


def test_a_shipped_layout_is_named_by_its_name() -> None:
    result = run("import", str(CORPUS / "07-drift-anlaeg" / "bilag.txt"), "--layout", "norddjurs", "--dry-run")
    assert result.exit_code == 2
    assert "ingen korrektionsskemaer fundet" in result.stderr


def test_the_layout_that_finds_the_most_forms_is_used_and_the_standard_on_a_tie() -> None:
    lines = [
        Line(n, text) for n, text in enumerate((CORPUS / "07-drift-anlaeg" / "bilag.txt").read_text().splitlines(), 1)
    ]
    assert choose_layout(lines, shipped_layouts())[0].name == "drift-anlaeg"
    assert choose_layout([Line(1, "intet skema her")], shipped_layouts())[0] is standard()


def test_every_shipped_layout_reads_and_the_standard_comes_first() -> None:
    names = [layout.name for layout in shipped_layouts()]
    assert names[0] == "norddjurs"
    assert sorted(names) == sorted(path.stem for path in SHIPPED.glob("*.yaml"))
    for path in SHIPPED.glob("*.yaml"):
        assert read_layout(path)[1] == []


# --- a mistake in a layout file ----------------------------------------------------------------------------------


def test_a_mistake_in_a_layout_file_is_told_at_its_line_and_nothing_is_imported(budget: Budget, tmp_path: Path) -> None:
    layout = tmp_path / "forkert.yaml"
    layout.write_text(
        textwrap.dedent(
            """\
            navn: forkert
            rækkker:
              udgifter: [Udgifter]
            celler: [side, år]
            tom_celle: tom
            parentes_negativ: måske
            servicerammen:
              svar:
                Ja: jo
            """
        ),
        encoding="utf-8",
    )
    result = run("import", str(CORPUS / "01-norddjurs" / "bilag.txt"), "--layout", str(layout))
    assert result.exit_code == 2
    assert result.stdout == ""
    told = [line.split("forkert.yaml:", 1)[1] for line in result.stderr.splitlines() if "forkert.yaml:" in line]
    assert told == [
        "2: rækkker: ukendt nøgle; mente du rækker?",
        "4: celler: side (iværksættelse, servicerammen) skal stå sidst i rækken",
        "5: tom_celle: 'tom' er ikke en af fejl, nul",
        "6: parentes_negativ: skal være true eller false",
        "9: servicerammen.svar.Ja: 'jo' er ikke en af ja, nej, delvist",
    ]
    assert not (budget.data / "corrections").exists() or not any((budget.data / "corrections").iterdir())


def test_a_layout_file_that_is_not_there_or_not_yaml(tmp_path: Path) -> None:
    appendix = str(CORPUS / "01-norddjurs" / "bilag.txt")
    missing = run("import", appendix, "--layout", str(tmp_path / "findes-ikke.yaml"), "--out", str(tmp_path))
    assert missing.exit_code == 2
    assert (
        "layoutfilen findes ikke; angiv en fil eller et af de medfølgende layouter: norddjurs, drift-anlaeg"
        in missing.stderr
    )
    broken = tmp_path / "brudt.yaml"
    broken.write_text("rækker: [\n", encoding="utf-8")
    result = run("import", appendix, "--layout", str(broken), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "brudt.yaml:2:1: (fil): YAML-syntaks: " in result.stderr


# --- the variations, one by one -----------------------------------------------------------------------------------


def test_units_are_converted_to_mio_kr_exactly_and_the_file_says_what_the_source_wrote() -> None:
    thousands = (CORPUS / "02-tusind-kr" / "forventet" / "T510-lejeindtaegt-fra-kulturhusets-sal.yaml").read_text()
    assert "# skrevet i 1.000 kr. i kilden: -650 -650 -650 -650; omregnet til mio. kr.\nindtægter:" in thousands
    assert "indtægter:          {2026: -0.650, 2027: -0.650, 2028: -0.650, 2029: -0.650}" in thousands
    whole = (CORPUS / "03-hele-kr" / "forventet" / "T610-nattevagt-paa-solgaarden.yaml").read_text()
    assert "# skrevet i hele kr. i kilden: 1.500.000 1.500.000 1.500.000 1.500.000; omregnet til mio. kr." in whole
    told = (CORPUS / "03-hele-kr" / "diagnostik.txt").read_text(encoding="utf-8")
    assert "T611 udgifter.2026: 234.567 hele kr. er 0,234567 mio. kr.; en korrektion har højst 3 decimaler" in told


def test_a_blank_cell_is_told_unless_the_layout_says_blank_is_zero() -> None:
    told = (CORPUS / "08-tomme-celler" / "diagnostik.txt").read_text(encoding="utf-8")
    assert "T130 udgifter.2027: cellen er tom (–); skriv 0, hvis der ikke er et beløb i 2027" in told
    assert "T131 indtægter: rækken har 0 tal" in told
    blank_is_zero = (CORPUS / "07-drift-anlaeg" / "forventet").glob("T202-*.yaml")
    assert "indtægter:          {2026: 0.000, 2027: 0.000" in next(blank_is_zero).read_text(encoding="utf-8")


# --- the normalise stage ----------------------------------------------------------------------------------------


def test_typographic_signs_and_spaces_become_plain_and_a_grouped_number_stays_one_cell() -> None:
    (line,) = characters([Line(7, "Netto \u22122\u2009093,8 1\u00a0250 0,5\u00a0mio.\u202fkr.")])
    assert line.number == 7
    assert cells_of(line.text) == ["Netto", "-2\u202f093,8", "1\u202f250", "0,5", "mio.", "kr."]


@pytest.mark.parametrize(
    ("second", "joined"),
    [
        ("2028 2029 Iværksættelsestidspunkt:", True),  # the years go on: one price line
        ("2026 blev beløbet hævet", False),  # a year, but not the next one: text
        ("Udgifter 0,1 0,1", False),
    ],
)
def test_a_price_line_whose_years_wrap_is_joined_only_where_the_years_go_on(second: str, joined: bool) -> None:
    lines = [Line(1, "(Mio. kr. i 2026-priser) 2026 2027"), Line(2, ""), Line(3, second)]
    result = join_wrapped_years(lines, standard())
    if joined:
        assert result == [Line(1, f"(Mio. kr. i 2026-priser) 2026 2027 {second}"), Line(2, "")]
    else:
        assert result == lines

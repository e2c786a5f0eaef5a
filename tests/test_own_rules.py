"""The municipality's own target rules in targets.yaml (størrelse, mindst or højst, opgørelse): judged by the same
machinery as the four built-in rules, in every format of check-targets and in diff; their mistakes at their line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkorr.models import DERIVED_FIGURES, QUANTITY_NAMES
from budgetkorr.targets import QUANTITIES
from tests.conftest import BUDGET, SHIPPED_DATA, TARGETS, TWO_YEARS, Budget, run, with_lines

CEILING = """\
  - navn: Loft over anlæg
    størrelse: anlæg
    højst: {limit}
    opgørelse: hvert_år
    beskrivelse: Anlægsudgifterne må højst være {limit} mio. kr. om året
"""


@pytest.fixture
def shipped_copy(budget: Budget) -> Budget:
    """The shipped data folder, copied to the test's own folder to add rules to."""
    shutil.rmtree(budget.data)
    shutil.copytree(SHIPPED_DATA, budget.data)
    return budget


def _add_rule(budget: Budget, rule: str) -> None:
    path = budget.data / "targets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + rule, encoding="utf-8")


def test_a_ceiling_on_anlaeg_below_2026s_figure_is_not_met_and_a_higher_one_is(shipped_copy: Budget) -> None:
    # Shipped anlæg after the corrections: 115,050 in 2026 (118,000 - 2,950), 102,050, 95,050, 99,050.
    _add_rule(shipped_copy, CEILING.format(limit=110))
    result = run("check-targets")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("Loft over anlæg")))
    row = "Loft over anlæg  2026  118,000  -2,950  115,050  ≤ 110,000  -5,050  NEJ"
    assert lines[first].split() == row.split()
    assert lines[first + 1].split()[-2:] == ["+7,950", "ja"]  # 2027: 102,050
    assert "  Loft over anlæg (2026, årets effekt): T101 (-2,000), T102 (-0,950)" in lines
    assert lines[-1] == "Resultat: 1 af 5 mål er ikke opfyldt: Loft over anlæg."

    shipped_copy.write_data("targets.yaml", TARGETS + CEILING.format(limit=200))
    met = run("check-targets")
    assert met.exit_code == 0, met.stderr
    assert met.stdout.splitlines()[-1] == "Resultat: alle 5 mål er opfyldt."


def test_a_misspelt_stoerrelse_is_exit_2_at_its_line_suggesting_the_closest_name(shipped_copy: Budget) -> None:
    _add_rule(shipped_copy, CEILING.format(limit=110).replace("størrelse: anlæg", "størrelse: anlæk"))
    line = TARGETS.count("\n") + 2  # the rule's second line
    result = run("check-targets")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"data/targets.yaml:{line}: mål[4].størrelse: ukendt størrelse anlæk; mente du anlæg? størrelserne er: " in (
        result.stderr
    )
    assert run("validate").exit_code == 2


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "  - navn: Loft\n    størrelse: anlæg\n    mindst: 1\n    højst: 2\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{4}: mål[4].højst: skriv kun én af mindst og højst",
        ),
        (
            "  - navn: Loft\n    størrelse: anlæg\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{1}: mål[4].mindst: mangler: skriv mindst eller højst",
        ),
        (
            "  - navn: Loft\n    størrelse: anlæg\n    højst: 2\n",
            "data/targets.yaml:{1}: mål[4].opgørelse: mangler: skriv hvert_år eller gennemsnit",
        ),
        (
            "  - navn: Loft\n    størrelse: anlæg\n    højst: 2\n    opgørelse: hvert år\n",
            "data/targets.yaml:{4}: mål[4].opgørelse: 'hvert år' er ikke en af: hvert_år eller gennemsnit",
        ),
        (
            "  - navn: Loft\n    størrelse: anlæg\n    højst: 1,5\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{3}: mål[4].højst: 1,5 er tekst; skriv tallet med decimalpunktum: 1.5",
        ),
        (
            "  - navn: Loft\n    størrelse: anlæg\n    tærskel: 2\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{3}: mål[4].tærskel: en egen regel har mindst eller højst, ikke tærskel",
        ),
        (
            "  - navn: Loft\n    tærskel: 2\n",
            "data/targets.yaml:{1}: mål[4].id: mangler: skriv id (en af de fire indbyggede regler) eller størrelse "
            "(en egen regel)",
        ),
        (
            "  - navn: Anlæg\n    størrelse: anlæg\n    højst: 2\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{1}: mål[4].navn: Anlæg står allerede som mål[1]",
        ),
        (
            "  - navn: afdrag\n    størrelse: anlæg\n    højst: 2\n    opgørelse: hvert_år\n",
            "data/targets.yaml:{1}: mål[4].navn: afdrag står allerede som mål[3]",
        ),
    ],
)
def test_a_missing_or_malformed_field_of_an_own_rule_is_an_error_at_its_line(
    shipped_copy: Budget, rule: str, expected: str
) -> None:
    _add_rule(shipped_copy, rule)
    start = TARGETS.count("\n")  # the rule's first line is start + 1
    result = run("validate")
    assert result.exit_code == 2
    wanted = expected.format(*(start + n for n in range(6)))
    assert any(line.startswith(wanted) for line in result.stderr.splitlines()), result.stderr


def test_a_built_in_rule_takes_tærskel_not_the_keys_of_an_own_rule(shipped_copy: Budget) -> None:
    shipped_copy.write_data("targets.yaml", TARGETS.replace("    tærskel: 10\n", "    mindst: 10\n"))
    result = run("validate")
    assert result.exit_code == 2
    assert "mål[3].mindst: mindst hører til en egen regel (størrelse); en indbygget regel (id) har tærskel" in (
        result.stderr
    )
    assert "mål[3].tærskel: den påkrævede nøgle mangler" in result.stderr


# --- the figures -------------------------------------------------------------------------------------------------


@pytest.fixture
def two_years(budget: Budget) -> Budget:
    """The test overview (2026-2027), the shipped targets and T101 (netto 2.000 a year on drift, paid by the cash)."""
    budget.write_data("budget.yaml", BUDGET)
    budget.write("T101-a.yaml", TWO_YEARS)
    return budget


def _figure(budget: Budget, quantity: str) -> dict[str, object]:
    """The JSON of an own rule (mindst -1000, every year) on one figure."""
    rule = f"  - navn: Figur\n    størrelse: {quantity}\n    mindst: -1000\n    opgørelse: hvert_år\n"
    budget.write_data("targets.yaml", TARGETS + rule)
    result = run("check-targets", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    figure: dict[str, object] = next(target for target in document["mål"] if target["id"] == "Figur")
    return figure


@pytest.mark.parametrize(
    ("quantity", "before", "effect"),
    [
        # -(indtægter + driftsudgifter + renter) = -(-1100 + 950 + 5): an overskud is positive; T101 costs 2 of it
        ("resultat_af_ordinær_drift", 145.0, -2.0),
        # minus anlæg (100) as well
        ("resultat_af_det_skattefinansierede_område", 45.0, -2.0),
        # every line but the balance: -1100 + 950 + 5 + 100 - 10 + 10 + 5 + 0 = -40, the cash grows by 40; T101
        # uses 2 more of it a year
        ("kasseforbrug", -40.0, 2.0),
        ("driftsudgifter", 950.0, 2.0),
        ("renter", 5.0, 0.0),
        # a line of the balance: T101's cash effect adds up over the period (-2, then -4)
        ("kassebeholdning_gennemsnit", 200.0, -2.0),
    ],
)
def test_each_figure_has_its_documented_formula_and_sign(
    two_years: Budget, quantity: str, before: float, effect: float
) -> None:
    figure = _figure(two_years, quantity)
    first = figure["år"][0]  # type: ignore[index]
    assert (first["før"], first["korrektioner"]) == (before, effect)
    assert figure["størrelse"] == quantity
    assert (figure["grænse"], figure["opgørelse"]) == ("mindst", "hvert_år")


def test_every_name_the_model_accepts_has_a_formula_and_the_derived_ones_are_documented() -> None:
    assert set(QUANTITIES) == set(QUANTITY_NAMES)
    page = (SHIPPED_DATA.parent / "docs" / "targets.md").read_text(encoding="utf-8")
    for name in DERIVED_FIGURES:
        assert f"`{name}`" in page
        assert QUANTITIES[name].formula in page


def test_the_own_rules_shown_in_the_documentation_are_valid_and_judged_as_it_says(shipped_copy: Budget) -> None:
    page = (SHIPPED_DATA.parent / "docs" / "targets.md").read_text(encoding="utf-8")
    blocks = [block for block in page.split("```yaml\n")[1:] if "størrelse:" in block.split("```")[0]]
    assert len(blocks) == 1
    _add_rule(shipped_copy, blocks[0].split("```")[0])
    document = json.loads(run("check-targets", "--format", "json").stdout)
    surplus = next(target for target in document["mål"] if target["id"] == "Overskud på den ordinære drift")
    assert surplus["år"][0]["før"] == 154.0  # as the page says


def test_a_ceiling_judged_on_the_average_marks_a_year_over_it(two_years: Budget) -> None:
    # driftsudgifter after T101: 952 in both years; the average 952 is over 951.5
    rule = "  - navn: Driftsloft\n    størrelse: driftsudgifter\n    højst: 951.5\n    opgørelse: gennemsnit\n"
    two_years.write_data("targets.yaml", TARGETS + rule)
    result = run("check-targets")
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines() if "952,000" in line]
    assert [row[-2:] for row in rows] == [["-0,500", "(over)"], ["-0,500", "(over)"], ["-0,500", "NEJ"]]
    assert "(over): et år over tærsklen, hvor gennemsnittet afgør." in result.stdout
    assert "Advarsel: Driftsloft 2026: 952,000 er over tærsklen 951,500 (gennemsnittet afgør)" in result.stderr


def test_an_inactive_own_rule_is_named_as_not_checked(two_years: Budget) -> None:
    rule = (
        "  - navn: Driftsloft\n    størrelse: driftsudgifter\n    højst: 1\n    opgørelse: hvert_år\n    aktiv: false\n"
    )
    two_years.write_data("targets.yaml", TARGETS + rule)
    result = run("check-targets", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ikke_tjekket"] == ["Driftsloft"]


# --- every format --------------------------------------------------------------------------------------------------


def test_every_format_of_check_targets_shows_an_own_rule(shipped_copy: Budget, tmp_path: Path) -> None:
    import openpyxl

    _add_rule(shipped_copy, CEILING.format(limit=110))
    records = list(csv.DictReader(io.StringIO(run("check-targets", "--format", "csv").stdout)))
    own = [row for row in records if row["mål"] == "Loft over anlæg"]
    assert [(row["år"], row["efter"], row["tærskel"], row["opfyldt"]) for row in own] == [
        ("2026", "115.050", "110.000", "nej"),
        ("2027", "102.050", "110.000", "ja"),
        ("2028", "95.050", "110.000", "ja"),
        ("2029", "99.050", "110.000", "ja"),
    ]

    document = json.loads(run("check-targets", "--format", "json").stdout)
    target = next(target for target in document["mål"] if target["id"] == "Loft over anlæg")
    assert target["regel"] == "anlæg <= tærskel, hvert år"
    assert (target["størrelse"], target["grænse"], target["opgørelse"], target["opfyldt"]) == (
        "anlæg",
        "højst",
        "hvert_år",
        False,
    )
    assert target["flyttet_mest_af"] == [{"nr": "T101", "effekt": -2.0}, {"nr": "T102", "effekt": -0.95}]

    markdown = run("check-targets", "--format", "markdown").stdout
    cells = [[cell.strip() for cell in line.split("|")[1:-1]] for line in markdown.splitlines() if "|" in line]
    assert ["Loft over anlæg", "2026", "118,000", "-2,950", "115,050", "≤ 110,000", "-5,050", "NEJ"] in cells

    github = run("check-targets", "--format", "github")
    assert github.exit_code == 1
    anlaeg_line = 1 + next(
        n
        for n, line in enumerate((shipped_copy.data / "budget.yaml").read_text(encoding="utf-8").splitlines())
        if line.startswith("anlæg:")
    )
    assert (
        f"::error file=data/budget.yaml,line={anlaeg_line},title=Mål ikke opfyldt%3A Loft over anlæg::Loft over "
        "anlæg 2026: 115,050 over tærsklen 110,000 (margin -5,050; før korrektioner 118,000)."
    ) in github.stdout

    book = tmp_path / "mål.xlsx"
    assert run("check-targets", "--format", "xlsx", "--output", str(book)).exit_code == 1
    sheet = openpyxl.load_workbook(book)["Mål"]
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "Loft over anlæg" in names


def test_the_built_in_rules_read_as_before_beside_an_own_rule(shipped_copy: Budget) -> None:
    before = json.loads(run("check-targets", "--format", "json").stdout)["mål"]
    _add_rule(shipped_copy, CEILING.format(limit=200))
    after = json.loads(run("check-targets", "--format", "json").stdout)["mål"]
    assert after[:4] == before
    assert "størrelse" not in after[0]


# --- diff and --base -----------------------------------------------------------------------------------------------

DRIFT_CEILING = "  - navn: Driftsloft\n    størrelse: driftsudgifter\n    højst: 951\n    opgørelse: hvert_år\n"


def test_diff_shows_a_change_in_an_own_rules_verdict(budget: Budget, tmp_path: Path) -> None:
    # driftsudgifter 950 + T101: with netto 0.500 950,5 (met by 0,5), with 2.000 952 (missed by 1)
    budget.write_data("budget.yaml", BUDGET)
    budget.write_data("targets.yaml", TARGETS + DRIFT_CEILING)
    budget.write(
        "T101-a.yaml",
        with_lines(TWO_YEARS, udgifter="udgifter:  {2026: 0.500, 2027: 0.500}").replace(
            "netto:     {2026: 2.000, 2027: 2.000}", "netto:     {2026: 0.500, 2027: 0.500}"
        ),
    )
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write("T101-a.yaml", TWO_YEARS)
    text = run("diff", "--data-base", "before", "--format", "markdown")
    assert text.exit_code == 0, text.stderr
    assert "**Driftsloft 2026: +0,500 → -1,000 (ikke opfyldt), skyldes T101 (+1,500)**" in text.stdout
    document = json.loads(run("diff", "--data-base", "before", "--format", "json").stdout)
    target = next(target for target in document["mål"] if target["id"] == "Driftsloft")
    assert (target["opfyldt_før"], target["opfyldt_efter"]) == (True, False)
    assert run("diff", "--data-base", "before", "--fail-on-worse").exit_code == 1


def test_a_changed_threshold_of_an_own_rule_is_named_as_the_cause(budget: Budget, tmp_path: Path) -> None:
    budget.write_data("budget.yaml", BUDGET)
    budget.write_data("targets.yaml", TARGETS + DRIFT_CEILING.replace("951", "960"))
    budget.write("T101-a.yaml", TWO_YEARS)
    shutil.copytree(budget.data, tmp_path / "before")
    budget.write_data("targets.yaml", TARGETS + DRIFT_CEILING)
    text = run("diff", "--data-base", "before", "--format", "markdown").stdout
    assert "**Driftsloft 2026: +8,000 → -1,000 (ikke opfyldt), skyldes tærsklen i targets.yaml**" in text


def test_check_targets_base_points_at_the_change_that_tipped_an_own_rule(
    budget: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gitrepo import correction, make_repo

    repo = make_repo(budget, monkeypatch)
    # the repo's overview is four years; a ceiling on drift just above its 2026 figure plus T101's 0.500
    overview = (budget.data / "budget.yaml").read_text(encoding="utf-8")
    drift = next(line for line in overview.splitlines() if line.startswith("driftsudgifter:"))
    first = Decimal(drift.split("{")[1].split(":")[1].split(",")[0])
    limit = first + Decimal("0.700")
    budget.write_data("targets.yaml", TARGETS + DRIFT_CEILING.replace("951", str(limit)))
    repo.write("T101-a.yaml", correction("T101", "A", "0.500"))
    base = repo.commit("T101 og et driftsloft")
    repo.write("T102-b.yaml", correction("T102", "B", "0.500"))
    result = run("check-targets", "--format", "github", "--base", base)
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if "Driftsloft" in line and line.startswith("::error")]
    assert len(errors) == 2  # both years of the repository's period
    for error in errors:
        assert error.startswith("::error file=data/corrections/T102-b.yaml,line=9,")  # its netto line
        assert error.endswith("Vippet af ændringen i T102 (+0,500).")

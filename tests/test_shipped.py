"""The shipped data: the nine corrections of budget 2026 (seed 004) give the seed's figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetkorr.compute import select, summarize
from budgetkorr.loader import load_dataset
from budgetkorr.schema import correction_schema
from tests.conftest import REPO, SHIPPED_DATA, run


def _summary_2026() -> tuple[Decimal, Decimal, dict[str, Decimal]]:
    dataset = load_dataset(SHIPPED_DATA)
    assert dataset.ok
    result = summarize(select(dataset.entries), dataset.committees, "udvalg", [2026])
    by_committee = {row.committee.abbreviation: row.figures.net for row in result.rows}
    return result.totals[0].net, result.totals[0].positions, by_committee


def test_shipped_data_gives_the_seeds_totals_for_2026() -> None:
    net, positions, by_committee = _summary_2026()
    assert net == Decimal("11.548")
    assert positions == Decimal("1.54")
    assert by_committee == {"ØK": Decimal("11.303"), "BUU": Decimal("0.245")}


def test_shipped_data_holds_the_nine_corrections_of_seed_004() -> None:
    dataset = load_dataset(SHIPPED_DATA)
    numbers = [entry.correction.number for entry in dataset.entries]
    assert numbers == ["T101", "T102", "T103", "T104", "T105", "T106", "T108", "T109", "T304"]
    by_number = {entry.correction.number: entry for entry in dataset.entries}
    assert by_number["T103"].correction.preliminary
    assert [e.correction.number for e in dataset.entries if e.correction.preliminary] == ["T103"]
    assert by_number["T106"].correction.price_level == 2025
    assert by_number["T304"].committee.abbreviation == "BUU"
    assert by_number["T304"].correction.service_frame == "delvist"
    assert by_number["T104"].correction.service_frame == "nej"
    assert by_number["T105"].correction.one_off == {2026: Decimal("0.200")}
    assert [(f.source, f.reference) for f in by_number["T102"].correction.financing] == [("anlæg", "A108")]
    assert [f.source for f in by_number["T101"].correction.financing] == ["anlæg"]
    assert [f.source for f in by_number["T104"].correction.financing] == ["kassen"]


def test_t304_says_its_committee_is_inferred_from_its_number() -> None:
    text = next((SHIPPED_DATA / "corrections").glob("T304-*.yaml")).read_text(encoding="utf-8")
    comment = next(line for line in text.splitlines() if line.startswith("#") and "T3" in line)
    assert "3" in comment


def test_every_shipped_file_points_editors_at_the_committed_schema() -> None:
    for path in sorted((SHIPPED_DATA / "corrections").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/korrektion.schema.json", path.name
        schema = (path.parent / "../../schema/korrektion.schema.json").resolve()
        assert schema == REPO / "schema" / "korrektion.schema.json"


def test_committed_schema_is_the_one_the_models_give() -> None:
    committed = (REPO / "schema" / "korrektion.schema.json").read_text(encoding="utf-8")
    assert committed == correction_schema(), "run: budgetkorr schema > schema/korrektion.schema.json"


def test_summary_notes_that_t106_is_in_another_price_level(shipped: Path) -> None:
    result = run("summary", "2026")
    assert result.exit_code == 0
    assert (
        "Bemærk: Ikke omregnet til 2026-priser: T106 (2025-priser; ingen sats for 2025→2026). Beløbene er lagt til "
        "som skrevet; tilføj de manglende satser i prisniveau.yaml i datamappen for at omregne dem.\n"
    ) in result.stderr
    assert "T103-administrationsbidrag-til-udbetaling-danmark.yaml:6: foreløbig: advarsel:" in result.stderr


def test_shipped_budget_says_its_figures_are_illustrative_and_every_check_repeats_it(shipped: Path) -> None:
    for fmt in ("table", "markdown"):
        assert "Kilde: ILLUSTRATIVE TAL, ikke Norddjurs Kommunes budget" in run("check-targets", "-f", fmt).stdout
    assert "Kilde: ILLUSTRATIVE TAL" in run("check-targets", "-f", "csv").stderr
    assert run("check-targets", "-f", "json").stdout.count("ILLUSTRATIVE TAL") == 1
    assert "::notice title=Kilde::ILLUSTRATIVE TAL" in run("check-targets", "-f", "github").stdout


def test_shipped_data_meets_the_targets_but_not_strictly(shipped: Path) -> None:
    result = run("check-targets")
    assert result.exit_code == 0
    assert "T106 er i 2025-priser og ikke omregnet" in result.stderr
    assert result.stderr.count("T103 er foreløbig") == 1
    assert "foreløbig: advarsel" not in result.stderr  # said once, not again as the file's warning
    assert run("check-targets", "--strict").exit_code == 1

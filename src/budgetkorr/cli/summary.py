"""`budgetkorr summary` and `budgetkorr list`: totals per committee or correction, and the list of corrections."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.formats import CsvDialect, Format, GroupBy
from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import (
    FIRST_YEAR,
    LAST_YEAR,
    CommitteeOption,
    DataOption,
    DialectOption,
    FormatOption,
    PriceLevelOption,
    StatusOption,
)
from budgetkorr.cli.output import write_notes, write_records, write_table
from budgetkorr.cli.saving import (
    ForceOption,
    LayoutOption,
    OutputOption,
    shape,
    source_lines,
    summary_views,
    write_workbook,
)
from budgetkorr.cli.selection import (
    BaselineOption,
    EveryStatusOption,
    NumbersOption,
    read_selection,
    report_warnings,
    stop_on_problem,
)
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from budgetkorr.cli.saving import Layout
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.library import Summary
    from budgetkorr.render.records import Record
    from budgetkorr.render.table import TextTable


@command("summary")
def summary(
    year: Annotated[
        int | None,
        typer.Argument(
            help=_("Budgetåret, der skal summeres, fx 2026. Uden: alle år side om side."),
            show_default=False,
            min=FIRST_YEAR,
            max=LAST_YEAR,
        ),
    ] = None,
    by: Annotated[GroupBy, typer.Option("--by", help=_("Summér pr. udvalg, eller vis hver korrektion for sig."))] = (
        GroupBy.udvalg
    ),
    committee: CommitteeOption = None,
    status: StatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    baseline: BaselineOption = False,
    price_level: PriceLevelOption = None,
    fmt: FormatOption = Format.table,
    dialect: DialectOption = CsvDialect.standard,
    layout: LayoutOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Totals per committee (or per correction) for a year, or for every year of the budget period."""
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE
    from budgetkorr.library import summary as summarize

    dataset = load_data(data, other_files={BUDGET_FILE: False, PRICES_FILE: False}, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, baseline, price_level=price_level)
    found = stop_on_problem(summarize(dataset, year, by.value, selection))
    if fmt is Format.xlsx:
        _write_workbook(found, layout, output, force)
        return
    records, columns = shape(found.records(), found.columns(), fmt.value, layout, output)
    tables = (found.table(), found.financing_table())
    notes, warnings = found.totals.notes, list(found.warnings)
    WRITERS[fmt](Listing(dataset, tables, records, columns, found.document(), dialect, notes, warnings))


def _write_workbook(found: Summary, layout: Layout | None, output: Path | None, force: bool) -> None:
    """A sheet per grouping (the asked one first), the financing, and the "Kilde" sheet."""
    from budgetkorr.library import summary as summarize
    from budgetkorr.render.xlsx import financing_sheet

    other = summarize(found.data, found.year, "udvalg" if found.by == "korrektion" else "korrektion", found.selection)
    sheets = summary_views(found.scope, found.totals, other.totals)
    source = source_lines(found.data, found.scope, found.table(), found.totals.notes)
    write_workbook(sheets, layout, source, output, force, [financing_sheet(found.paid)])
    report_warnings(found.data, found.warnings)


@dataclass(frozen=True)
class Listing:
    """What summary and list write, in every stdout format: each format's writer takes what it needs."""

    dataset: Dataset
    tables: tuple[TextTable, ...]
    records: list[Record]
    columns: list[str]
    document: dict[str, object]
    dialect: CsvDialect
    notes: tuple[str, ...]
    warnings: list[Diagnostic]


def _tables(listing: Listing, fmt: Format, last_notes: tuple[str, ...]) -> None:
    for table in listing.tables[:-1]:
        write_table(table, fmt, ())
        sys.stdout.write("\n")
    write_table(listing.tables[-1], fmt, last_notes)


def _markdown(listing: Listing) -> None:
    """A document carries its notes and warnings itself (under the last table)."""
    from budgetkorr.library import warning_texts

    _tables(listing, Format.markdown, (*listing.notes, *warning_texts(listing.warnings)))


def _json(listing: Listing) -> None:
    write_records(listing.records, listing.columns, Format.json, listing.dialect, listing.document)


def _table(listing: Listing) -> None:
    """The table can not carry warnings: they go to stderr, once."""
    report_warnings(listing.dataset, listing.warnings)
    _tables(listing, Format.table, listing.notes)


def _csv(listing: Listing) -> None:
    """CSV can not carry notes or warnings: they go to stderr, once."""
    report_warnings(listing.dataset, listing.warnings)
    write_records(listing.records, listing.columns, Format.csv, listing.dialect, listing.document)
    write_notes(listing.notes)


# The writer of each stdout format (xlsx is a file: --output).
WRITERS: dict[Format, Callable[[Listing], None]] = {
    Format.table: _table,
    Format.markdown: _markdown,
    Format.json: _json,
    Format.csv: _csv,
}


@command("list")
def list_(
    committee: CommitteeOption = None,
    status: EveryStatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    baseline: BaselineOption = False,
    fmt: FormatOption = Format.table,
    dialect: DialectOption = CsvDialect.standard,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """List the corrections: number, title, committee, status, price level, service frame, years, file."""
    from budgetkorr.core.folder import BUDGET_FILE
    from budgetkorr.library import corrections
    from budgetkorr.render.records import LIST_COLUMNS, SCOPE_COLUMNS, with_scope

    dataset = load_data(data, other_files={BUDGET_FILE: False}, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, baseline, all_statuses=True)
    found = stop_on_problem(corrections(dataset, selection))
    records, columns = with_scope(found.records(), found.scope), [*LIST_COLUMNS, *SCOPE_COLUMNS]
    if fmt is Format.xlsx:
        source = source_lines(dataset, found.scope, found.table())
        write_workbook([("korrektion", records, columns, [])], None, source, output, force)
        report_warnings(dataset, found.warnings)
        return
    shape(records, columns, fmt.value, None, output)
    listing = Listing(dataset, (found.table(),), records, columns, found.document(), dialect, (), list(found.warnings))
    WRITERS[fmt](listing)

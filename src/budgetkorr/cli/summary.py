"""`budgetkorr summary` and `budgetkorr list`: totals per committee or correction, and the list of corrections."""

from __future__ import annotations

from typing import Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import (
    CommitteeOption,
    CsvDialect,
    DataOption,
    DialectOption,
    Format,
    FormatOption,
    GroupBy,
    PriceLevelOption,
    StatusOption,
    find_committee,
    parse_statuses,
)
from budgetkorr.cli.output import fail, write_notes, write_records, write_table
from budgetkorr.cli.shared import app


@app.command()
def summary(
    year: Annotated[
        int | None,
        typer.Argument(
            help="The budget year to sum, e.g. 2026. Without it: every year side by side.", show_default=False
        ),
    ] = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Sum per udvalg (committee), or list each korrektion.")] = (
        GroupBy.udvalg
    ),
    committee: CommitteeOption = None,
    status: StatusOption = None,
    price_level: PriceLevelOption = None,
    fmt: FormatOption = Format.table,
    dialect: DialectOption = CsvDialect.standard,
    data: DataOption = None,
) -> None:
    """Totals per committee (or per correction) for a year, or for every year of the budget period."""
    from budgetkorr.compute import period, select, summarize
    from budgetkorr.load import PRICES_FILE
    from budgetkorr.models import year_span
    from budgetkorr.prices import common_level, convert
    from budgetkorr.render.records import summary_columns, summary_document, summary_records
    from budgetkorr.render.table import summary_table

    dataset = load_data(data, other_files={PRICES_FILE: False})
    statuses = parse_statuses(status)
    chosen = select(dataset.entries, statuses, find_committee(dataset, committee))
    covered = period(dataset.entries)
    if year is not None and year not in covered:
        fail(f"no correction covers {year}; the corrections cover {year_span(covered) or 'no years'}")
    rates = dataset.rates.rates if dataset.rates else {}
    conversion = convert(chosen, rates, price_level or common_level(chosen) or 0)
    result = summarize(chosen, dataset.committees, by.value, [year] if year is not None else covered, conversion)
    notes = result.notes
    if not chosen:
        notes = (
            *notes,
            f"No corrections with status {', '.join(statuses)}" + (f" in {committee}" if committee else ""),
        )
    if fmt in (Format.table, Format.markdown):
        write_table(summary_table(result), fmt, notes)
        return
    document = summary_document(result, notes)
    write_records(summary_records(result), list(summary_columns(by.value)), fmt, dialect, document)
    write_notes(notes)


@app.command("list")
def list_(
    committee: CommitteeOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only corrections with this status (repeat, or separate with commas). Default: all."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    dialect: DialectOption = CsvDialect.standard,
    data: DataOption = None,
) -> None:
    """List the corrections: number, title, committee, status, price level, service frame, years, file."""
    from budgetkorr.compute import select
    from budgetkorr.models import STATUSES
    from budgetkorr.render.records import LIST_COLUMNS, list_records
    from budgetkorr.render.table import list_table

    dataset = load_data(data)
    entries = select(
        dataset.entries, parse_statuses(status) if status else STATUSES, find_committee(dataset, committee)
    )
    if fmt in (Format.table, Format.markdown):
        write_table(list_table(entries, dataset.data_dir), fmt, ())
        return
    records = list_records(entries, dataset.data_dir)
    columns = list(LIST_COLUMNS)
    write_records(records, columns, fmt, dialect, {"korrektioner": records})

"""`budgetkorr summary` and `budgetkorr list`: totals per committee or correction, and the list of corrections."""

from __future__ import annotations

import sys
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
from budgetkorr.cli.output import fail, write_notes, write_records, write_table
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
    NumbersOption,
    choose,
    make_scope,
    read_selection,
    report_warnings,
    warning_texts,
    warnings_for,
)
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.diagnostics import Diagnostic
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
    from budgetkorr.compute import financing, period, summarize
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE
    from budgetkorr.core.period import default_price_level
    from budgetkorr.core.prices import convert
    from budgetkorr.models import year_span
    from budgetkorr.render.records import (
        SCOPE_COLUMNS,
        financing_records,
        summary_columns,
        summary_document,
        summary_records,
        with_scope,
    )
    from budgetkorr.render.table import financing_table, summary_table

    dataset = load_data(data, other_files={BUDGET_FILE: False, PRICES_FILE: False}, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, baseline)
    chosen = choose(dataset, selection)
    covered = period(dataset.entries)
    if year is not None and year not in covered:
        span = year_span(covered) or _("ingen år")
        fail(_("ingen korrektion dækker {year}; korrektionerne dækker {span}").format(year=year, span=span))
    rates = dataset.rates.rates if dataset.rates else {}
    level = price_level or default_price_level(dataset) or 0
    conversion = convert(chosen, rates, level)
    result = summarize(chosen, dataset.committees, by.value, [year] if year is not None else covered, conversion)
    scope = make_scope(dataset, selection, chosen, conversion)
    table = summary_table(result, scope)
    paid = financing(chosen, result.years, conversion)
    warnings = warnings_for(dataset, chosen)
    records = with_scope(summary_records(result), scope)
    columns = [*summary_columns(by.value), *SCOPE_COLUMNS]
    document = summary_document(
        result, result.notes, scope, table.title, warning_texts(warnings), financing_records(paid)
    )
    if fmt is Format.xlsx:
        other = summarize(
            chosen, dataset.committees, "udvalg" if by is GroupBy.korrektion else "korrektion", result.years, conversion
        )
        sheets = summary_views(scope, result, other)
        write_workbook(sheets, layout, source_lines(dataset, table, result.notes), output, force)
        report_warnings(dataset, warnings)
        return
    records, columns = shape(records, columns, fmt.value, layout, output)
    tables = (table, financing_table(paid, result.unit, result.split))
    _write(dataset, tables, records, columns, document, fmt, dialect, result.notes, warnings)


def _write(
    dataset: Dataset,
    tables: tuple[TextTable, ...],
    records: list[Record],
    columns: list[str],
    document: dict[str, object],
    fmt: Format,
    dialect: CsvDialect,
    notes: tuple[str, ...],
    warnings: list[Diagnostic],
) -> None:
    """The output in its format. A document (markdown, JSON) carries its notes and warnings itself; the table and
    CSV, which can not, leave them on stderr. Either way each is written once."""
    if fmt is Format.markdown:
        for table in tables[:-1]:
            write_table(table, fmt, ())
            sys.stdout.write("\n")
        write_table(tables[-1], fmt, (*notes, *warning_texts(warnings)))
        return
    if fmt is Format.json:
        write_records(records, columns, fmt, dialect, document)
        return
    report_warnings(dataset, warnings)
    if fmt is Format.table:
        for table in tables[:-1]:
            write_table(table, fmt, ())
            sys.stdout.write("\n")
        write_table(tables[-1], fmt, notes)
        return
    write_records(records, columns, fmt, dialect, document)
    write_notes(notes)


@command("list")
def list_(
    committee: CommitteeOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help=_("Kun korrektioner med denne status (gentag tilvalget, eller adskil med komma). Standard: alle."),
        ),
    ] = None,
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
    from budgetkorr.render.records import LIST_COLUMNS, SCOPE_COLUMNS, list_records, with_scope
    from budgetkorr.render.scope import metadata
    from budgetkorr.render.table import list_table

    dataset = load_data(data, other_files={BUDGET_FILE: False}, warnings=False)
    selection = read_selection(dataset, status, committee, only, without, baseline, all_statuses=True)
    entries = choose(dataset, selection)
    scope = make_scope(dataset, selection, entries, None)
    table = list_table(entries, dataset.data_dir, scope)
    warnings = warnings_for(dataset, entries)
    records = list_records(entries, dataset.data_dir)
    document: dict[str, object] = {
        "metadata": metadata(scope, table.title, warning_texts(warnings)),
        "korrektioner": records,
    }
    columns = [*LIST_COLUMNS, *SCOPE_COLUMNS]
    if fmt is Format.xlsx:
        write_workbook(
            [("korrektion", with_scope(records, scope), columns)], None, source_lines(dataset, table), output, force
        )
        report_warnings(dataset, warnings)
        return
    shape(records, columns, fmt.value, None, output)
    _write(dataset, (table,), with_scope(records, scope), columns, document, fmt, dialect, (), warnings)

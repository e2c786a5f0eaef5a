"""`budgetkorr check-targets`: the economic targets after the corrections, for CI."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import (
    CsvDialect,
    DataOption,
    DialectOption,
    Format,
    PriceLevelOption,
    StatusOption,
    TargetFormat,
    parse_statuses,
    split_words,
)
from budgetkorr.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_TARGET_NOT_MET,
    fail,
    write_notes,
    write_records,
    write_table,
)
from budgetkorr.cli.shared import app

if TYPE_CHECKING:
    from budgetkorr.load import Dataset, Entry


NumbersOption = Annotated[
    list[str] | None,
    typer.Option(help="Correction numbers, e.g. T101,T105 (repeat, or separate with commas).", show_default=False),
]


@app.command("check-targets")
def check_targets(
    status: StatusOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    price_level: PriceLevelOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings (foreløbig, unconverted price levels) fail the check too.")
    ] = False,
    fmt: Annotated[
        TargetFormat,
        typer.Option("--format", "-f", help="table, csv, json, markdown, or github (workflow annotations)."),
    ] = TargetFormat.table,
    dialect: DialectOption = CsvDialect.standard,
    data: DataOption = None,
) -> None:
    """Check the economic targets after the corrections: exit 0 all met, 1 a target not met, 2 invalid input."""
    from budgetkorr.compute import select
    from budgetkorr.load import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.render import targets as render
    from budgetkorr.targets import MissingRate
    from budgetkorr.targets import check_targets as check

    dataset = load_data(data, other_files={BUDGET_FILE: True, TARGETS_FILE: True, PRICES_FILE: False})
    budget, targets, source = dataset.budget, dataset.targets, dataset.budget_source
    if budget is None or targets is None or source is None:  # reported already, as errors
        raise typer.Exit(EXIT_INVALID)
    entries = _scenario(select(dataset.entries, parse_statuses(status)), dataset, only, without)
    try:
        report = check(budget, targets.targets, entries, dataset.rates.rates if dataset.rates else {}, price_level)
    except MissingRate as exc:
        fail(str(exc))
    if fmt is TargetFormat.github:
        sys.stdout.write(render.render_github(report, source))
    elif fmt in (TargetFormat.table, TargetFormat.markdown):
        write_table(render.target_table(report), Format(fmt.value), report.notes)
    else:
        records, columns = render.target_records(report), list(render.TARGET_COLUMNS)
        write_records(records, columns, Format(fmt.value), dialect, render.target_document(report))
        write_notes((f"Kilde: {report.source}", *report.notes))
    if fmt is not TargetFormat.github:
        sys.stderr.writelines(f"Warning: {finding.message}\n" for finding in report.all_warnings)
    # --strict fails on the input's warnings (foreløbig, unconverted), not on a target's advice (a year of anlæg)
    failed = not report.met or (strict and bool(report.warnings))
    if strict and report.warnings:
        count = len(report.warnings)
        sys.stderr.write(f"--strict: {count} {'warning fails' if count == 1 else 'warnings fail'} the check\n")
    raise typer.Exit(EXIT_TARGET_NOT_MET if failed else EXIT_OK)


def _scenario(entries: list[Entry], dataset: Dataset, only: list[str] | None, without: list[str] | None) -> list[Entry]:
    """The corrections of a scenario: --only these numbers, --without those; unknown numbers are an error."""
    known = {entry.correction.number for entry in dataset.entries}

    def numbers(given: list[str] | None, option: str) -> set[str]:
        wanted = {word.upper() for word in split_words(given)}
        unknown = sorted(wanted - known)
        if unknown:
            fail(
                f"{option} {', '.join(unknown)}: no correction has that nr; the numbers are: {', '.join(sorted(known))}"
            )
        return wanted

    keep, drop = numbers(only, "--only"), numbers(without, "--without")
    return [e for e in entries if (not keep or e.correction.number in keep) and e.correction.number not in drop]

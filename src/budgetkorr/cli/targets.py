"""`budgetkorr check-targets`: the economic targets after the corrections, for CI."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from budgetkorr.cli.formats import CsvDialect, Format, TargetFormat
from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import (
    CommitteeOption,
    DataOption,
    DialectOption,
    PriceLevelOption,
    StatusOption,
    format_callback,
)
from budgetkorr.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_TARGET_NOT_MET,
    report_diagnostics,
    write_annotations,
    write_lines,
    write_notes,
    write_records,
    write_table,
)
from budgetkorr.cli.saving import ForceOption, LayoutOption, OutputOption, shape, source_lines, write_workbook
from budgetkorr.cli.selection import BaselineOption, NumbersOption, read_selection, report_warnings, stop_on_problem
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from budgetkorr.cli.saving import Layout
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.library import TargetCheck
    from budgetkorr.render.records import Record
    from budgetkorr.targets import TargetReport


@command("check-targets")
def check_targets(
    status: StatusOption = None,
    committee: CommitteeOption = None,
    only: NumbersOption = None,
    without: NumbersOption = None,
    baseline: BaselineOption = False,
    price_level: PriceLevelOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help=_("Advarsler (foreløbige tal, prisniveauer uden omregning) får også tjekket til at fejle.")
        ),
    ] = False,
    fmt: Annotated[
        TargetFormat,
        typer.Option(
            "--format",
            "-f",
            help=_(
                "table, csv, json, markdown, github (annoteringer i et workflow) eller xlsx (med --output). "
                "Standard: table, men csv når --csv-dialect er givet."
            ),
            callback=format_callback,
        ),
    ] = TargetFormat.table,
    dialect: DialectOption = CsvDialect.standard,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help=_(
                "Med --format github: revisionen ændringerne måles fra (fx en pull requests base); et mål som en "
                "ændret korrektion vælter, annoteres ved den ændrede linje, ellers ved budgettets række."
            ),
            show_default=False,
        ),
    ] = None,
    layout: LayoutOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Check the economic targets after the corrections: exit 0 all met, 1 a target not met, 2 invalid input."""
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.core.period import budget_period, has_unknowns
    from budgetkorr.library import check_targets as check

    annotate = fmt is TargetFormat.github
    wanted = {BUDGET_FILE: True, TARGETS_FILE: True, PRICES_FILE: False}
    dataset = load_data(data, other_files=wanted, warnings=False, annotate=annotate)
    if not budget_period(dataset).fits or has_unknowns(dataset):  # never judged: a misfit or an unknown figure
        _refuse(dataset, annotate)
    selection = read_selection(dataset, status, committee, only, without, baseline, price_level=price_level)
    found = stop_on_problem(check(dataset, strict, selection))
    if fmt is not TargetFormat.xlsx:
        shape([], [], fmt.value, layout, output)  # --output and --layout: for files and CSV only
    WRITERS[fmt](Written(found, dialect, layout, output, force, base))
    raise typer.Exit(EXIT_OK if found.met else EXIT_TARGET_NOT_MET)


def _refuse(dataset: Dataset, annotate: bool) -> NoReturn:
    """Stop with exit 2: budget.yaml's period and the corrections' years disagree, or a figure is still `ukendt`
    (`period.as_error`)."""
    from budgetkorr.core.period import as_error

    shown = as_error(dataset)
    report_diagnostics(shown, dataset.files)
    if annotate:
        write_annotations(shown, dataset.files)
    raise typer.Exit(EXIT_INVALID)


@dataclass(frozen=True)
class Written:
    """The check, and the options that say how to write it."""

    found: TargetCheck
    dialect: CsvDialect
    layout: Layout | None
    output: Path | None
    force: bool
    base: str | None  # --base: a target a changed correction tipped is annotated at it (github)

    @property
    def report(self) -> TargetReport:
        assert self.found.report is not None  # only a check that is ok is written
        return self.found.report


def _write_warnings(written: Written, with_notes: bool) -> None:
    if with_notes:
        write_notes(written.report.notes)
    report_warnings(written.found.data, written.found.warnings)
    write_lines(_("Advarsel: {message}").format(message=f.message) for f in written.report.all_warnings)


def _scoped(written: Written) -> tuple[list[Record], list[str]]:
    """CSV and a workbook have no title: each row says what it is made from."""
    from budgetkorr.render import targets as render
    from budgetkorr.render.records import SCOPE_COLUMNS, with_scope

    report = written.report
    records = [r | {"prisniveau": report.price_level} for r in render.target_records(report)]
    return with_scope(records, written.found.scope), [*render.TARGET_COLUMNS, "prisniveau", *SCOPE_COLUMNS]


def _xlsx(written: Written) -> None:
    records, columns = _scoped(written)
    kilde = (_("Hovedoversigten"), written.report.source)  # budget.yaml's kilde: where its figures come from
    lines = source_lines(written.found.data, written.found.scope, written.found.table(), written.report.notes, kilde)
    write_workbook([("mål", records, columns, [])], written.layout, lines, written.output, written.force)
    _write_warnings(written, with_notes=False)


def _github(written: Written) -> None:
    from budgetkorr.render.targets import render_github

    found = written.found
    report_warnings(found.data, found.warnings)
    changed = None
    if written.base is not None:
        from budgetkorr.cli.diff import changed_points  # the diff command's module: only with --base

        changed = changed_points(found.data, written.base, found.selection.statuses, found.level)
    source = found.data.budget_source
    assert source is not None  # budget.yaml is required, and valid
    baseline = found.selection.baseline
    sys.stdout.write(render_github(written.report, source, found.strict, baseline, changed, found.scope))


def _markdown(written: Written) -> None:
    from budgetkorr.library import warning_texts

    findings = (_("Advarsel: {w}").format(w=finding.message) for finding in written.report.all_warnings)
    notes = (*written.report.notes, *warning_texts(written.found.warnings), *findings)
    write_table(written.found.table(notes), Format.markdown, ())


def _table(written: Written) -> None:
    # notes and warnings first, so that the last line a terminal shows is the verdict the exit code gives
    _write_warnings(written, with_notes=True)
    write_table(written.found.table(), Format.table, ())


def _json(written: Written) -> None:
    write_records([], [], Format.json, written.dialect, written.found.document())


def _csv(written: Written) -> None:
    from budgetkorr.render.targets import verdict

    scoped, columns = _scoped(written)
    records, columns = shape(scoped, columns, "csv", written.layout, written.output)
    write_records(records, columns, Format.csv, written.dialect, written.found.document())
    write_notes((f"Kilde: {written.report.source}", *written.report.notes))
    _write_warnings(written, with_notes=False)
    write_lines([verdict(written.report, written.found.strict, written.found.selection.baseline)])


# The writer of each format.
WRITERS: dict[TargetFormat, Callable[[Written], None]] = {
    TargetFormat.table: _table,
    TargetFormat.csv: _csv,
    TargetFormat.json: _json,
    TargetFormat.markdown: _markdown,
    TargetFormat.github: _github,
    TargetFormat.xlsx: _xlsx,
}

"""`budgetkorr check-targets`: the economic targets after the corrections, for CI."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from budgetkorr.cli.formats import CsvDialect, Format, TargetFormat
from budgetkorr.cli.loading import load_data
from budgetkorr.cli.options import CommitteeOption, DataOption, DialectOption, PriceLevelOption, StatusOption
from budgetkorr.cli.output import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_TARGET_NOT_MET,
    fail,
    report_diagnostics,
    write_annotations,
    write_lines,
    write_notes,
    write_records,
    write_table,
)
from budgetkorr.cli.saving import ForceOption, LayoutOption, OutputOption, shape, source_lines, write_workbook
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
            help=_("table, csv, json, markdown, github (annoteringer i et workflow) eller xlsx (med --output)."),
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
    from budgetkorr.core.period import budget_period, default_price_level, has_unknowns
    from budgetkorr.render import targets as render
    from budgetkorr.render.records import SCOPE_COLUMNS, with_scope
    from budgetkorr.targets import NotCheckable
    from budgetkorr.targets import check_targets as check

    dataset = load_data(
        data,
        other_files={BUDGET_FILE: True, TARGETS_FILE: True, PRICES_FILE: False},
        warnings=False,
        annotate=fmt is TargetFormat.github,
    )
    budget, targets, source = dataset.budget, dataset.targets, dataset.budget_source
    if budget is None or targets is None or source is None:  # reported already, as errors
        raise typer.Exit(EXIT_INVALID)
    if not budget_period(dataset).fits or has_unknowns(dataset):  # never judged: a misfit or an unknown figure
        _refuse(dataset, annotate=fmt is TargetFormat.github)
    selection = read_selection(dataset, status, committee, only, without, baseline)
    entries = choose(dataset, selection)
    level = price_level if price_level is not None else default_price_level(dataset)
    try:
        report = check(budget, targets.targets, entries, dataset.rates.rates if dataset.rates else {}, level)
    except NotCheckable as exc:
        fail(str(exc))
    scope = make_scope(dataset, selection, entries, report.conversion)
    # the report's own finding says that a correction is foreløbig: the file's warning would say it twice
    warnings = warnings_for(dataset, entries, skip_fields=frozenset({"foreløbig"}))
    findings = tuple(finding.message for finding in report.all_warnings)
    last = render.verdict(report, strict, selection.baseline)
    # CSV and a workbook have no title: each row says what it is made from
    scoped = with_scope([r | {"prisniveau": report.price_level} for r in render.target_records(report)], scope)
    columns = [*render.TARGET_COLUMNS, "prisniveau", *SCOPE_COLUMNS]
    if fmt is not TargetFormat.xlsx:
        shape([], [], fmt.value, layout, output)  # --output and --layout: for files and CSV only
    if fmt is TargetFormat.xlsx:
        table = render.target_table(report, scope, strict, selection.baseline)
        kilde = source_lines(dataset, table, report.notes, (_("kilde"), report.source))
        write_workbook([("mål", scoped, columns)], layout, kilde, output, force)
        _write_warnings(dataset, warnings, report, with_notes=False)
    elif fmt is TargetFormat.github:
        report_warnings(dataset, warnings)
        changed = None
        if base is not None:
            from budgetkorr.cli.diff import changed_points  # the diff command's module: only with --base

            changed = changed_points(dataset, base, selection.statuses, level)
        sys.stdout.write(render.render_github(report, source, strict, selection.baseline, changed, scope))
    elif fmt is TargetFormat.markdown:
        texts = warning_texts(warnings)
        notes = (*report.notes, *texts, *(_("Advarsel: {w}").format(w=w) for w in findings))
        write_table(render.target_table(report, scope, strict, selection.baseline, notes), Format.markdown, ())
    elif fmt is TargetFormat.table:
        # notes and warnings first, so that the last line a terminal shows is the verdict the exit code gives
        _write_warnings(dataset, warnings, report, with_notes=True)
        write_table(render.target_table(report, scope, strict, selection.baseline), Format.table, ())
    else:
        table = render.target_table(report, scope, strict, selection.baseline)
        texts = warning_texts(warnings)
        document = render.target_document(report, scope, table.title, (*texts, *findings), strict)
        records = scoped if fmt is TargetFormat.csv else render.target_records(report)
        records, columns = shape(records, columns, fmt.value, layout, output)
        write_records(records, columns, Format(fmt.value), dialect, document)
        if fmt is TargetFormat.csv:
            write_notes((f"Kilde: {report.source}", *report.notes))
            _write_warnings(dataset, warnings, report, with_notes=False)
            write_lines([last])
    raise typer.Exit(EXIT_OK if report.passes(strict) else EXIT_TARGET_NOT_MET)


def _refuse(dataset: Dataset, annotate: bool) -> NoReturn:
    """Stop with exit 2: budget.yaml's period and the corrections' years disagree, or a figure is still `ukendt`
    (`period.as_error`)."""
    from budgetkorr.core.period import as_error

    shown = as_error(dataset)
    report_diagnostics(shown, dataset.files)
    if annotate:
        write_annotations(shown, dataset.files)
    raise typer.Exit(EXIT_INVALID)


def _write_warnings(dataset: Dataset, warnings: list[Diagnostic], report: TargetReport, with_notes: bool) -> None:
    if with_notes:
        write_notes(report.notes)
    report_warnings(dataset, warnings)
    write_lines(_("Advarsel: {message}").format(message=f.message) for f in report.all_warnings)

"""The command line: parses options, calls the stages, writes the result, chooses the exit code.

Exit codes: 0 ok, 1 a target is not met, 2 invalid input or usage, 3 internal error. Data goes to stdout,
diagnostics and notes to stderr. Heavy modules are imported inside the commands, so `--help` and
`--version` start fast.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from budgetkorr import __version__

if TYPE_CHECKING:
    from budgetkorr.diagnostics import Diagnostic
    from budgetkorr.load import Dataset, Entry
    from budgetkorr.models import Committee, Status
    from budgetkorr.render.records import Record
    from budgetkorr.render.table import TextTable

EXIT_OK, EXIT_TARGET_NOT_MET, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class TargetFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    github = "github"


class CsvDialect(enum.StrEnum):
    standard = "standard"
    excel_da = "excel-da"


class GroupBy(enum.StrEnum):
    udvalg = "udvalg"
    korrektion = "korrektion"


app = typer.Typer(
    name="budgetkorr",
    help="Technical budget corrections (tekniske korrektioner) as data: validate, sum per committee and year, "
    "export for spreadsheets. Amounts are mio. kr.; + = merudgift/mindreindtægt, - = mindreudgift/merindtægt.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="BUDGETKORR_DATA",
        file_okay=False,
        help="The data folder (holding corrections/ and udvalg.yaml). Default: the nearest data/ with a "
        "corrections/ folder, from the current folder upwards.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="table: a table (rich on a terminal, plain text when piped); csv; json; markdown."
    ),
]
DialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help="standard: ',' and decimal point. excel-da: ';', decimal comma and a UTF-8 BOM, for Danish Excel.",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="Only corrections with this status: forslag, godkendt, afvist (repeat, or separate with commas). "
        "Default: all but afvist.",
        show_default=False,
    ),
]
PriceLevelOption = Annotated[
    int | None,
    typer.Option(
        "--prisniveau",
        help="Convert all amounts to this year's prices with the rates in prisniveau.yaml. "
        "Default: summary, the level most corrections are in; check-targets, the budget's.",
        show_default=False,
    ),
]
CommitteeOption = Annotated[
    str | None,
    typer.Option("--udvalg", help="Only this committee: its name or abbreviation from udvalg.yaml (e.g. ØK)."),
]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"budgetkorr {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Technical budget corrections as data."""


# --- helpers: loading, reporting, writing ------------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"budgetkorr: {message}\n")
    raise typer.Exit(EXIT_INVALID)


def _load(data: Path | None, only: list[Path] | None = None, other_files: dict[str, bool] | None = None) -> Dataset:
    """Load and validate; print every diagnostic; stop with exit 2 (and no totals) if any is an error."""
    from budgetkorr.load import DataDirNotFound, load_dataset, resolve_data_dir

    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        _fail(str(exc))
    dataset = load_dataset(data_dir, only, other_files)
    _report(dataset.diagnostics, dataset.files)
    if not dataset.ok:
        raise typer.Exit(EXIT_INVALID)
    return dataset


def _words(given: list[str] | None) -> list[str]:
    """An option's values, repeated or separated by commas: --only T101,T102 --only T105."""
    return [part.strip() for item in given or () for part in item.split(",") if part.strip()]


def _statuses(given: list[str] | None) -> list[Status]:
    from budgetkorr.compute import DEFAULT_STATUSES
    from budgetkorr.models import STATUSES

    if not given:
        return sorted(DEFAULT_STATUSES)
    chosen: list[Status] = []
    for word in (word.lower() for word in _words(given)):
        status = next((s for s in STATUSES if s == word), None)
        if status is None:
            _fail(f"--status {word!r} is not one of: {', '.join(STATUSES)}")
        chosen.append(status)
    return chosen


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], files: int) -> None:
    from budgetkorr.diagnostics import summary_line

    if diagnostics:
        sys.stderr.writelines(f"{d.format()}\n" for d in diagnostics)
        sys.stderr.write(summary_line(diagnostics, files) + "\n")


def _committee(dataset: Dataset, name: str | None) -> Committee | None:
    if name is None:
        return None
    found = next((c for c in dataset.committees if c.matches(name)), None)
    if found is None:
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in dataset.committees)
        _fail(f"--udvalg {name!r} is not a committee in udvalg.yaml; the committees are: {known}")
    return found


def _notes(notes: list[str] | tuple[str, ...]) -> None:
    sys.stderr.writelines(f"Note: {note}\n" for note in notes)


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _write_table(table: TextTable, fmt: Format, notes: tuple[str, ...]) -> None:
    from budgetkorr.render.text import render_markdown, render_plain

    if fmt is Format.markdown:
        sys.stdout.write(render_markdown(table, notes))
    elif _is_terminal():
        from rich.console import Console

        from budgetkorr.render.terminal import fits, render_rich

        console = Console(file=sys.stdout, highlight=False)
        drawn = render_rich(table)
        if fits(drawn, console.width):
            console.print(drawn)
        else:
            sys.stdout.write(render_plain(table))  # narrower than the table: whole numbers beat a neat frame
        _notes(notes)
    else:
        sys.stdout.write(render_plain(table))
        _notes(notes)


def _write_records(
    records: list[Record], columns: list[str], fmt: Format, dialect: CsvDialect, document: dict[str, object]
) -> None:
    if fmt is Format.csv:
        from budgetkorr.render.csv import render_csv

        sys.stdout.write(render_csv(records, columns, dialect.value))
    else:
        from budgetkorr.render.json import render_json

        sys.stdout.write(render_json(document))


# --- commands ----------------------------------------------------------------------------------------------


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
    from budgetkorr.prices import common_level, convert
    from budgetkorr.render.records import summary_columns, summary_document, summary_records
    from budgetkorr.render.table import summary_table

    dataset = _load(data, other_files={PRICES_FILE: False})
    statuses = _statuses(status)
    chosen = select(dataset.entries, statuses, _committee(dataset, committee))
    covered = period(dataset.entries)
    if year is not None and year not in covered:
        span = f"{covered[0]}–{covered[-1]}" if covered else "no years"
        _fail(f"no correction covers {year}; the corrections cover {span}")
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
        _write_table(summary_table(result), fmt, notes)
        return
    document = summary_document(result, notes)
    _write_records(summary_records(result), list(summary_columns(by.value)), fmt, dialect, document)
    _notes(notes)


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

    dataset = _load(data)
    entries = select(dataset.entries, _statuses(status) if status else STATUSES, _committee(dataset, committee))
    if fmt in (Format.table, Format.markdown):
        _write_table(list_table(entries, dataset.data_dir), fmt, ())
        return
    records = list_records(entries, dataset.data_dir)
    columns = list(LIST_COLUMNS)
    _write_records(records, columns, fmt, dialect, {"korrektioner": records})


@app.command()
def show(
    nr: Annotated[str, typer.Argument(help="The correction's number, e.g. T105.", show_default=False)],
    data: DataOption = None,
) -> None:
    """Show one correction laid out like the form."""
    from budgetkorr.render.form import render_form

    dataset = _load(data)
    wanted = nr.strip().upper()
    entry: Entry | None = next((e for e in dataset.entries if e.correction.number == wanted), None)
    if entry is None:
        numbers = ", ".join(e.correction.number for e in dataset.entries)
        _fail(f"no correction has nr {nr!r}; the numbers are: {numbers}")
    sys.stdout.write(render_form(entry))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to check. Default: all of the data folder's corrections.", show_default=False
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check correction files (and budget.yaml, targets.yaml, prisniveau.yaml): exit 0 valid, 2 any error."""
    from budgetkorr.load import OTHER_FILES

    dataset = _load(data, paths or None, other_files=None if paths else dict.fromkeys(OTHER_FILES, False))
    if not dataset.diagnostics:
        sys.stderr.write(f"{dataset.files} {'file' if dataset.files == 1 else 'files'} valid, no warnings\n")


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

    dataset = _load(data, other_files={BUDGET_FILE: True, TARGETS_FILE: True, PRICES_FILE: False})
    budget, targets, source = dataset.budget, dataset.targets, dataset.budget_source
    if budget is None or targets is None or source is None:  # reported already, as errors
        raise typer.Exit(EXIT_INVALID)
    entries = _scenario(select(dataset.entries, _statuses(status)), dataset, only, without)
    try:
        report = check(budget, targets.targets, entries, dataset.rates.rates if dataset.rates else {}, price_level)
    except MissingRate as exc:
        _fail(str(exc))
    if fmt is TargetFormat.github:
        sys.stdout.write(render.render_github(report, source))
    elif fmt in (TargetFormat.table, TargetFormat.markdown):
        _write_table(render.target_table(report), Format(fmt.value), report.notes)
    else:
        records, columns = render.target_records(report), list(render.TARGET_COLUMNS)
        _write_records(records, columns, Format(fmt.value), dialect, render.target_document(report))
        _notes((f"Kilde: {report.source}", *report.notes))
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
        wanted = {word.upper() for word in _words(given)}
        unknown = sorted(wanted - known)
        if unknown:
            _fail(
                f"{option} {', '.join(unknown)}: no correction has that nr; the numbers are: {', '.join(sorted(known))}"
            )
        return wanted

    keep, drop = numbers(only, "--only"), numbers(without, "--without")
    return [e for e in entries if (not keep or e.correction.number in keep) and e.correction.number not in drop]


@app.command()
def schema() -> None:
    """Print the JSON Schema of a correction file (editors use it to complete and check keys)."""
    from budgetkorr.schema import correction_schema

    sys.stdout.write(correction_schema())


def main() -> None:
    """The console script: runs the app; an unexpected error is exit 3 with a short message."""
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the one top-level handler: anything unexpected is exit 3
        if "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exc()
            sys.exit(EXIT_INTERNAL)
        sys.stderr.write(
            f"budgetkorr: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in budgetkorr, not in your files. Run again with --debug for the traceback.\n"
        )
        sys.exit(EXIT_INTERNAL)

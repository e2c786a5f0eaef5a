"""The application: options shared by the commands, loading and writing helpers, exit codes, the entry point.

Exit codes: 0 ok, 1 a target is not met, 2 invalid input or usage, 3 internal error, all chosen here and in the
command modules. Data goes to stdout, diagnostics and notes to stderr. Heavy modules are imported inside the
functions, so `--help` and `--version` start fast.
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
    from budgetkorr.load import Dataset
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


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"budgetkorr: {message}\n")
    raise typer.Exit(EXIT_INVALID)


def load_data(data: Path | None, only: list[Path] | None = None, other_files: dict[str, bool] | None = None) -> Dataset:
    """Load and validate; print every diagnostic; stop with exit 2 (and no totals) if any is an error."""
    from budgetkorr.load import DataDirNotFound, load_dataset, resolve_data_dir

    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        fail(str(exc))
    dataset = load_dataset(data_dir, only, other_files)
    report_diagnostics(dataset.diagnostics, dataset.files)
    if not dataset.ok:
        raise typer.Exit(EXIT_INVALID)
    return dataset


def split_words(given: list[str] | None) -> list[str]:
    """An option's values, repeated or separated by commas: --only T101,T102 --only T105."""
    return [part.strip() for item in given or () for part in item.split(",") if part.strip()]


def parse_statuses(given: list[str] | None) -> list[Status]:
    from budgetkorr.compute import DEFAULT_STATUSES
    from budgetkorr.models import STATUSES

    if not given:
        return sorted(DEFAULT_STATUSES)
    chosen: list[Status] = []
    for word in (word.lower() for word in split_words(given)):
        status = next((s for s in STATUSES if s == word), None)
        if status is None:
            fail(f"--status {word!r} is not one of: {', '.join(STATUSES)}")
        chosen.append(status)
    return chosen


def report_diagnostics(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], files: int) -> None:
    from budgetkorr.diagnostics import summary_line

    if diagnostics:
        sys.stderr.writelines(f"{d.format()}\n" for d in diagnostics)
        sys.stderr.write(summary_line(diagnostics, files) + "\n")


def find_committee(dataset: Dataset, name: str | None) -> Committee | None:
    if name is None:
        return None
    found = next((c for c in dataset.committees if c.matches(name)), None)
    if found is None:
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in dataset.committees)
        fail(f"--udvalg {name!r} is not a committee in udvalg.yaml; the committees are: {known}")
    return found


def write_notes(notes: list[str] | tuple[str, ...]) -> None:
    sys.stderr.writelines(f"Note: {note}\n" for note in notes)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def write_table(table: TextTable, fmt: Format, notes: tuple[str, ...]) -> None:
    from budgetkorr.render.text import render_markdown, render_plain

    if fmt is Format.markdown:
        sys.stdout.write(render_markdown(table, notes))  # a document: its notes belong in it
        return
    if is_terminal():
        from rich.console import Console

        from budgetkorr.render.terminal import fits, render_rich

        console = Console(file=sys.stdout, highlight=False)
        drawn = render_rich(table)
        if fits(drawn, console.width):
            console.print(drawn)
        else:
            sys.stdout.write(render_plain(table))  # narrower than the table: whole numbers beat a neat frame
    else:
        sys.stdout.write(render_plain(table))
    write_notes(notes)


def write_records(
    records: list[Record], columns: list[str], fmt: Format, dialect: CsvDialect, document: dict[str, object]
) -> None:
    if fmt is Format.csv:
        from budgetkorr.render.csv import render_csv

        sys.stdout.write(render_csv(records, columns, dialect.value))
    else:
        from budgetkorr.render.json import render_json

        sys.stdout.write(render_json(document))


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

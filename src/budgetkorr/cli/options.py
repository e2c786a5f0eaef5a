"""The options the commands share, and reading their values: formats, statuses, committee, price level, data folder.

A value given on the command line is checked here, before any work starts: a wrong one stops with exit 2 and a
message that says what is allowed.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from budgetkorr.cli.formats import CsvDialect, Format
from budgetkorr.cli.output import fail
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.models import Committee, Status


# The years a file may hold (models.values MIN_YEAR, MAX_YEAR, repeated so that --help needs no pydantic): a year
# option outside them is refused before any work; --prisniveau 99999999999999999999 used to chain rates for ever.
FIRST_YEAR, LAST_YEAR = 1900, 2200


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="BUDGETKORR_DATA",
        file_okay=False,
        help=_(
            "Datamappen (med corrections/ og udvalg.yaml). Standard: den nærmeste data/ med en corrections/-mappe, "
            "fra den aktuelle mappe og opad."
        ),
        show_default=False,
    ),
]


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether the user gave the option (on the command line or in the environment), not its default."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _csv_if_dialect(ctx: typer.Context, fmt: enum.StrEnum) -> enum.StrEnum:
    """--csv-dialect means CSV: without --format it chooses CSV; beside another format it is a usage error."""
    if not _given(ctx, "fmt"):
        return type(fmt)("csv")
    if fmt != "csv":
        fail(_("--csv-dialect gælder kun CSV; brug --format csv, eller udelad --format {fmt}").format(fmt=fmt.value))
    return fmt


# Click reads the options in the order they are typed, then the defaults: whichever of --format and --csv-dialect
# it reads second holds the two together.
def format_callback(ctx: typer.Context, fmt: enum.StrEnum) -> enum.StrEnum:
    if "dialect" in ctx.params and _given(ctx, "dialect"):
        return _csv_if_dialect(ctx, fmt)
    return fmt


def _dialect_callback(ctx: typer.Context, dialect: CsvDialect) -> CsvDialect:
    if "fmt" in ctx.params and _given(ctx, "dialect"):
        _csv_if_dialect(ctx, ctx.params["fmt"])
    return dialect


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help=_(
            "table: en tabel (rich på en terminal, ren tekst når uddata sendes videre); csv; json; markdown; xlsx. "
            "Standard: table, men csv når --csv-dialect er givet."
        ),
        callback=format_callback,
    ),
]
DialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help=_(
            "standard: ',' og decimalpunktum. excel-da: ';', decimalkomma og UTF-8-BOM, til dansk Excel. Vælger "
            "--format csv; med et andet --format er det en fejl."
        ),
        callback=_dialect_callback,
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help=_(
            "Kun korrektioner med denne status: forslag, godkendt, afvist (gentag tilvalget, eller adskil med "
            "komma). Standard: alle undtagen afvist."
        ),
        show_default=False,
    ),
]


def _price_level_option(default: str) -> Any:  # typer.Option is typed as Any
    return typer.Option(
        "--prisniveau",
        help=_("Omregn alle beløb til dette års priser med satserne i prisniveau.yaml. Standard: {default}").format(
            default=default
        ),
        show_default=False,
        min=FIRST_YEAR,
        max=LAST_YEAR,
    )


# The default each command gets from core/period.py (default_price_level); diff asks it of both versions.
PriceLevelOption = Annotated[
    int | None,
    _price_level_option(
        _(
            "prisniveauet i budget.yaml; uden den, eller når korrektionerne har år uden for dens periode, det "
            "prisniveau flest korrektioner er i."
        )
    ),
]
DiffPriceLevelOption = Annotated[
    int | None,
    _price_level_option(
        _(
            "den nye udgaves prisniveau (i dens budget.yaml; uden den, eller når korrektionerne har år uden for dens "
            "periode, det prisniveau flest af dens korrektioner er i), ellers udgangspunktets. Begge udgaver vises "
            "i det."
        )
    ),
]
# For the commands that write files (import, new): nothing is overwritten unless asked.
DryRunOption = Annotated[bool, typer.Option("--dry-run", help=_("Skriv filerne til stdout i stedet for til mappen."))]
ForceOption = Annotated[
    bool, typer.Option("--force", help=_("Overskriv en eksisterende fil; den gamle gemmes som NAVN.bak."))
]
CommitteeOption = Annotated[
    str | None,
    typer.Option("--udvalg", help=_("Kun dette udvalg: navn eller forkortelse fra udvalg.yaml (fx ØK).")),
]


def split_words(given: list[str] | None) -> list[str]:
    """An option's values, repeated or separated by commas: --only T101,T102 --only T105."""
    return [part.strip() for item in given or () for part in item.split(",") if part.strip()]


def parse_statuses(given: list[str] | None) -> list[Status]:
    from budgetkorr.core.selection import DEFAULT_STATUSES
    from budgetkorr.models import STATUSES

    if not given:
        return sorted(DEFAULT_STATUSES)
    chosen: list[Status] = []
    for word in (word.lower() for word in split_words(given)):
        status = next((s for s in STATUSES if s == word), None)
        if status is None:
            fail(_("--status {word!r} er ikke en af: {statuses}").format(word=word, statuses=", ".join(STATUSES)))
        chosen.append(status)
    return chosen


def find_committee(dataset: Dataset, name: str | None) -> Committee | None:
    if name is None:
        return None
    found = next((c for c in dataset.committees if c.matches(name)), None)
    if found is None:
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in dataset.committees)
        fail(
            _("--udvalg {name!r} er ikke et udvalg i udvalg.yaml; udvalgene er: {known}").format(name=name, known=known)
        )
    return found

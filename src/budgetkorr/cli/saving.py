"""Files the commands write for the user (a report, a workbook): the options for them, the optional libraries they
need, and writing through `files.write_atomic` (never overwriting without --force; the old file kept as .bak)."""

from __future__ import annotations

import contextlib
import enum
import importlib
import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.output import WriteFailed, fail
from budgetkorr.core.diagnostics import os_reason
from budgetkorr.i18n import N_, _

if TYPE_CHECKING:
    from budgetkorr.compute import Summary
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.render.records import Record
    from budgetkorr.render.scope import Scope
    from budgetkorr.render.table import TextTable
    from budgetkorr.render.xlsx import Sheet

    # a sheet's kind (its name), records, columns, and I alt records
    View = tuple[str, Sequence[Record], Sequence[str], Sequence[Record]]


class Layout(enum.StrEnum):
    long = "long"
    wide = "wide"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        help=_("Skriv til denne fil i stedet for standard-output (krævet for docx og xlsx)."),
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=_("Overskriv en eksisterende fil (den gamle gemmes som NAVN.bak)."))
]
LayoutOption = Annotated[
    Layout | None,
    typer.Option(
        "--layout",
        help=_(
            "long: en række pr. gruppe og år (standard for csv). wide: en række pr. udvalg eller korrektion med "
            "årene som kolonner (standard for xlsx)."
        ),
        show_default=False,
    ),
]

EXTRA = "report"
# The PDF has an extra of its own: WeasyPrint needs system libraries that the other formats do not.
EXTRAS = {"pdf": "report-pdf"}
PACKAGES = {"jinja2": "jinja2", "docx": "python-docx", "openpyxl": "openpyxl", "PIL": "pillow"}
# What a library loads from the system besides Python, as Debian's packages are named.
SYSTEM = {"weasyprint": "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"}


def require(fmt: str, *modules: str) -> None:
    """Stop with exit 2 and a clear message when a library of the format's optional extra is missing, or a
    system library it loads."""
    for module in modules:
        try:
            _import(module)
        except ImportError:
            fail(
                _(
                    "--format {fmt} kræver pakken {package}, som ikke er installeret. Installér den med: "
                    "pip install 'budgetkorr[{extra}]'"
                ).format(fmt=fmt, package=PACKAGES.get(module, module), extra=EXTRAS.get(fmt, EXTRA))
            )
        except OSError:  # a shared library the package opens (WeasyPrint: Pango) is missing
            fail(
                _(
                    "--format {fmt} kræver systembibliotekerne til {package}, som ikke kunne indlæses. Installér "
                    "dem (Debian, Ubuntu) med: apt-get install {system}"
                ).format(fmt=fmt, package=PACKAGES.get(module, module), system=SYSTEM.get(module, ""))
            )


def _import(module: str) -> None:
    """Import a library without what some print while importing: WeasyPrint writes an English paragraph to stdout
    when a system library is missing, and warns when an optional one (HarfBuzz's subsetter) is."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        importlib.import_module(module)


def need_output(fmt: str, output: Path | None) -> Path:
    if output is None:
        fail(_("--format {fmt} skriver en fil: angiv den med --output FIL").format(fmt=fmt))
    return output


def save(path: Path, data: bytes, force: bool) -> None:
    """Write the file atomically; an existing file without --force is exit 2, a failed write exit 4."""
    from budgetkorr.files import WriteRefused, write_atomic

    try:
        write_atomic(path, data, force=force)
    except WriteRefused as exc:
        fail(str(exc))
    except OSError as exc:
        raise WriteFailed(str(path), os_reason(exc)) from exc


def shape(
    records: list[Record], columns: list[str], fmt: str, layout: Layout | None, output: Path | None
) -> tuple[list[Record], list[str]]:
    """A stdout format's records in the asked layout (long unless --layout wide, for CSV); --output is for files."""
    from budgetkorr.render.layout import shaped

    if output is not None:
        fail(_("--output gælder kun filformater (xlsx); --format {fmt} skrives til standard-output").format(fmt=fmt))
    if layout is not None and fmt != "csv":
        fail(_("--layout gælder csv og xlsx, ikke --format {fmt}").format(fmt=fmt))
    return shaped(records, columns, (layout or Layout.long).value)


def source_lines(
    dataset: Dataset, scope: Scope, table: TextTable, notes: Sequence[str] = (), *pairs: tuple[str, str]
) -> list[tuple[str, str]]:
    """The "Kilde" sheet: the municipality, what the output is (its title), the budget, selection, price level and
    rates in plain Danish, notes, and which budgetkorr made it (render.xlsx.source_rows)."""
    from budgetkorr.render.xlsx import source_rows

    municipality = dataset.budget.municipality if dataset.budget else None
    rates_source = dataset.rates.source if dataset.rates else None
    return source_rows(table.title, scope, municipality, rates_source, notes, pairs)


SHEETS = {"udvalg": N_("Udvalg"), "korrektion": N_("Korrektioner"), "mål": N_("Mål")}


def write_workbook(
    views: Sequence[View],
    layout: Layout | None,
    source: Sequence[tuple[str, str]],
    output: Path | None,
    force: bool,
    more: Sequence[Sheet] = (),
) -> None:
    """Each view (its kind, records, columns, I alt records) on a sheet in the layout (wide unless asked), the
    sheets in `more`, then "Kilde"."""
    require("xlsx", "openpyxl")
    path = need_output("xlsx", output)
    from budgetkorr.render.layout import YEAR, shaped
    from budgetkorr.render.records import SCOPE_COLUMNS
    from budgetkorr.render.xlsx import Sheet, layout_sentence, render_xlsx

    chosen = (layout or Layout.wide).value
    sheets = []
    for kind, records, all_columns, totals in views:
        columns = [column for column in all_columns if column not in SCOPE_COLUMNS]  # the Kilde sheet says it once
        rows, header = shaped([*records, *totals], columns, chosen)
        count = len(shaped(totals, columns, chosen)[0])  # the I alt rows: one, or one a year in the long layout
        split = len(rows) - count
        sheets.append(Sheet(_(SHEETS[kind]), tuple(header), tuple(rows[:split]), tuple(rows[split:])))
    lines = list(source)
    if any(YEAR in columns for _kind, _records, columns, _totals in views):  # before "Dannet af"
        lines.insert(len(lines) - 1, (_("Opstilling"), layout_sentence(chosen)))
    save(path, render_xlsx([*sheets, *more], lines), force)


def summary_views(scope: Scope, *summaries: Summary) -> list[View]:
    """A sheet per grouping of the summary: per committee, per correction, each with the scope columns and the
    totals per year as its I alt rows."""
    from budgetkorr.render.records import SCOPE_COLUMNS, summary_columns, summary_records, with_scope
    from budgetkorr.render.xlsx import total_records

    views: list[View] = []
    for s in summaries:
        columns = [*summary_columns(s.group_by, bool(s.unknown)), *SCOPE_COLUMNS]
        views.append((s.group_by, with_scope(summary_records(s), scope), columns, total_records(s, columns)))
    return views

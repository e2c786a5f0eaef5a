"""Files the commands write for the user (a report, a workbook): the options for them, the optional libraries they
need, and writing through `files.write_atomic` (never overwriting without --force; the old file kept as .bak)."""

from __future__ import annotations

import enum
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.output import WriteFailed, fail
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.compute import Summary
    from budgetkorr.load import Dataset
    from budgetkorr.render.records import Record


class Layout(enum.StrEnum):
    long = "long"
    wide = "wide"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        help="Skriv til denne fil i stedet for standard-output (krævet for docx og xlsx).",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overskriv en eksisterende fil (den gamle gemmes som NAVN.bak).")
]
LayoutOption = Annotated[
    Layout | None,
    typer.Option(
        "--layout",
        help="long: en række pr. gruppe og år (standard for csv). wide: en række pr. udvalg eller korrektion med "
        "årene som kolonner (standard for xlsx).",
        show_default=False,
    ),
]

EXTRA = "report"
PACKAGES = {"jinja2": "jinja2", "docx": "python-docx", "openpyxl": "openpyxl", "PIL": "pillow"}


def require(fmt: str, *modules: str) -> None:
    """Stop with exit 2 and a clear message when a library of the optional `report` extra is missing."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            fail(
                _(
                    "--format {fmt} kræver pakken {package}, som ikke er installeret. Installér den med: "
                    "pip install 'budgetkorr[{extra}]'"
                ).format(fmt=fmt, package=PACKAGES.get(module, module), extra=EXTRA)
            )


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
        raise WriteFailed(str(path), exc.strerror or str(exc)) from exc


def no_output_for(fmt: str, output: Path | None) -> None:
    if output is not None:
        fail(_("--output gælder kun filformater (xlsx); --format {fmt} skrives til standard-output").format(fmt=fmt))


def source_lines(dataset: Dataset, *pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """The "Kilde" sheet: which data folder, what was selected, and which budgetkorr made the workbook."""
    from budgetkorr import __version__
    from budgetkorr.diagnostics import display_path

    return [(_("data"), display_path(dataset.data_dir)), *pairs, (_("budgetkorr-version"), __version__)]


def write_workbook(
    views: Sequence[tuple[str, Sequence[Record], Sequence[str]]],
    layout: Layout | None,
    source: Sequence[tuple[str, str]],
    output: Path | None,
    force: bool,
) -> None:
    """Each view (sheet name, records, columns) on a sheet in the layout (wide unless asked), then "Kilde"."""
    require("xlsx", "openpyxl")
    path = need_output("xlsx", output)
    from budgetkorr.render.layout import shaped
    from budgetkorr.render.xlsx import Sheet, render_xlsx

    chosen = (layout or Layout.wide).value
    sheets = []
    for title, records, columns in views:
        rows, header = shaped(records, columns, chosen)
        sheets.append(Sheet(title, tuple(header), tuple(rows)))
    save(path, render_xlsx(sheets, [*source, (_("layout"), chosen)]), force)


def summary_views(*summaries: Summary) -> list[tuple[str, Sequence[Record], Sequence[str]]]:
    """A sheet per grouping of the summary: per committee, per correction."""
    from budgetkorr.render.records import summary_columns, summary_records

    names = {"udvalg": _("Udvalg"), "korrektion": _("Korrektioner")}
    return [(names[s.group_by], summary_records(s), summary_columns(s.group_by)) for s in summaries]


def summary_selection(committee: str | None, statuses: Sequence[str], summary: Summary) -> list[tuple[str, str]]:
    from budgetkorr.models import year_span

    return [
        (_("udvalg"), committee or _("alle")),
        (_("status"), ", ".join(statuses)),
        (_("år"), year_span(summary.years)),
        (_("enhed"), summary.unit),
    ]

"""`budgetkorr import FILE…`: a committee's appendices (text, PDF, Word) → one validated correction file per form.

Exit 0: every form imported; 2: something could not be imported (an unreadable file, a form that could not be
read or validated, a file that exists without --force), the rest still written; 4: a file could not be written.
The summary on stderr lists every file written and every value to check, each with its line in the input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.options import DataOption, DryRunOption, ForceOption
from budgetkorr.cli.output import EXIT_INVALID, EXIT_OK, EXIT_WRITE_FAILED, fail
from budgetkorr.cli.shared import command
from budgetkorr.core.diagnostics import os_reason
from budgetkorr.i18n import _, ngettext

if TYPE_CHECKING:
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.importers.plan import PlannedFile
    from budgetkorr.models import Committee


@command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=_("Bilagene: tekst udtrukket af PDF (.txt), PDF (kræver budgetkorr[pdf]) eller Word (.docx)."),
            show_default=False,
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            file_okay=False,
            help=_("Mappen filerne skrives i. Standard: data-mappens corrections/."),
            show_default=False,
        ),
    ] = None,
    udvalg: Annotated[
        str | None,
        typer.Option(
            "--udvalg",
            help=_("Udvalget for alle skemaerne (navn eller forkortelse), i stedet for dokumentets overskrift."),
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Import committee appendices: one validated correction file per form."""
    from budgetkorr.core.diagnostics import display_path, sort_diagnostics
    from budgetkorr.escape import one_line
    from budgetkorr.importers.batch import plan_import
    from budgetkorr.yamlwrite import schema_reference

    data_dir, committees = _committees(data, out)
    folder = out if out is not None else (data_dir / "corrections" if data_dir else None)
    if folder is None:
        fail(_("ingen data-mappe fundet; angiv --out DIR eller --data DIR"))
    existing = _existing_numbers(folder, committees)
    plan = plan_import(
        files, folder, committees=committees, committee=udvalg, existing=existing, schema=schema_reference(folder)
    )
    planned, diagnostics = list(plan.files), list(plan.diagnostics)
    code = EXIT_OK
    written: list[Path] = []
    if dry_run:
        for item in planned:
            sys.stdout.write(f"# --- {one_line(display_path(item.path))}\n{item.text}")
    else:
        code, written = _write(planned, force, diagnostics)
        diagnostics += _check_written(written, committees)
    _summary(planned, written, sort_diagnostics(diagnostics), dry_run, plan.forms)
    if code == EXIT_OK and any(d.is_error for d in diagnostics):
        code = EXIT_INVALID
    raise typer.Exit(code)


def _committees(data: Path | None, out: Path | None) -> tuple[Path | None, tuple[Committee, ...]]:
    """The data folder (given, or found from the current folder or --out) and its committees."""
    from budgetkorr.escape import one_line
    from budgetkorr.loader import DataDirNotFound, find_data_dir, load_committees, resolve_data_dir

    data_dir: Path | None = None
    try:
        data_dir = resolve_data_dir(data)
    except DataDirNotFound as exc:
        if data is not None or out is None:
            fail(one_line(str(exc)))
        try:
            data_dir = find_data_dir(out) if out is not None else None
        except DataDirNotFound:
            data_dir = None
    if data_dir is None:
        sys.stderr.write(_("Bemærk: ingen udvalg.yaml fundet; udvalgene kontrolleres ikke.") + "\n")
        return None, ()
    committees, problems = load_committees(data_dir)
    if any(d.is_error for d in problems):
        from budgetkorr.cli.output import report_diagnostics

        report_diagnostics(problems, 1)
        raise typer.Exit(EXIT_INVALID)
    return data_dir, tuple(committees)


def _existing_numbers(folder: Path, committees: tuple[Committee, ...]) -> dict[str, Path]:
    from budgetkorr.importers.plan import numbers_in_use
    from budgetkorr.loader import correction_files, load_corrections

    if not folder.is_dir():
        return {}
    paths, _notes = correction_files(folder)
    entries, _problems = load_corrections(paths, committees) if committees else ([], [])
    return numbers_in_use(paths, entries)


def _write(planned: list[PlannedFile], force: bool, diagnostics: list[Diagnostic]) -> tuple[int, list[Path]]:
    from budgetkorr.core.diagnostics import error
    from budgetkorr.files import WriteRefused, write_atomic

    code = EXIT_OK
    written: list[Path] = []
    for item in planned:
        try:
            write_atomic(item.path, item.text.encode("utf-8"), force=force, number=item.form.number)
        except WriteRefused as exc:
            diagnostics.append(error(item.source, item.form.line, f"{item.form.number} nr", str(exc)))
            continue
        except OSError as exc:
            message = _("{path} kunne ikke skrives: {reason}").format(path=item.path, reason=os_reason(exc))
            diagnostics.append(error(item.source, item.form.line, f"{item.form.number} nr", message))
            code = EXIT_WRITE_FAILED
            continue
        written.append(item.path)
    return code, written


def _check_written(written: list[Path], committees: tuple[Committee, ...]) -> list[Diagnostic]:
    """What was written, read back by the loader: any error here would be a bug, and is reported as one."""
    from budgetkorr.loader import load_corrections

    if not written or not committees:
        return []
    _entries, problems = load_corrections(written, committees)
    return [d for d in problems if d.is_error]


def _summary(
    planned: list[PlannedFile], written: list[Path], diagnostics: list[Diagnostic], dry_run: bool, forms: int
) -> None:
    from budgetkorr.core.diagnostics import display_path
    from budgetkorr.escape import one_line

    out = sys.stderr
    shown = [item.path for item in planned] if dry_run else written
    if shown:
        heading = ngettext("Ville skrive {n} fil:", "Ville skrive {n} filer:", len(shown)) if dry_run else None
        heading = heading or ngettext("Skrev {n} fil:", "Skrev {n} filer:", len(shown))
        out.write(heading.format(n=len(shown)) + "\n")
        out.writelines(f"  {one_line(display_path(path))}\n" for path in shown)
    doubts = [d for d in diagnostics if not d.is_error]
    errors = [d for d in diagnostics if d.is_error]
    if doubts:
        out.write(ngettext("{n} værdi at tjekke:", "{n} værdier at tjekke:", len(doubts)).format(n=len(doubts)) + "\n")
        out.writelines(f"  {one_line(d.format())}\n" for d in doubts)
    if errors:
        out.write(ngettext("{n} fejl:", "{n} fejl:", len(errors)).format(n=len(errors)) + "\n")
        out.writelines(f"  {one_line(d.format())}\n" for d in errors)
    message = ngettext("{done} af {n} skema importeret.", "{done} af {n} skemaer importeret.", max(forms, len(planned)))
    out.write(message.format(done=len(shown), n=max(forms, len(planned))) + "\n")

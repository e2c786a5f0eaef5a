"""`budgetkorr diff`: what changed between two states of the budget, and what it does to the targets."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkorr.cli.options import DataOption, PriceLevelOption, StatusOption, parse_statuses
from budgetkorr.cli.output import EXIT_INVALID, EXIT_OK, EXIT_TARGET_NOT_MET, fail, report_diagnostics
from budgetkorr.cli.shared import command
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from budgetkorr.comparison import Comparison, TipPoint
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.models import Status


class DiffFormat(enum.StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    github = "github"


@command("diff")
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help=_(
                "Revisionen der sammenlignes fra (gren, tag, HEAD~1, commit-id). Standard: fletningsbasis med "
                "standardgrenen, ellers HEAD~1."
            ),
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(help=_("Revisionen der sammenlignes til. Standard: filerne som de er nu."), show_default=False),
    ] = None,
    data_base: Annotated[
        Path | None,
        typer.Option(
            "--data-base",
            file_okay=False,
            help=_("Sammenlign med denne datamappe i stedet for en git-revision."),
            show_default=False,
        ),
    ] = None,
    label_base: Annotated[
        str | None,
        typer.Option(
            "--label-base", help=_("Hvad udgangspunktet kaldes i output, fx 'main (1a2b3c4)'."), show_default=False
        ),
    ] = None,
    label_head: Annotated[
        str | None,
        typer.Option(
            "--label-head", help=_("Hvad den nye udgave kaldes i output, fx 'pull request #12'."), show_default=False
        ),
    ] = None,
    status: StatusOption = None,
    price_level: PriceLevelOption = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help=_("Udelad ændringer i teksterne (baggrund, konsekvenser, bemærkning)."))
    ] = False,
    fail_on_worse: Annotated[
        bool, typer.Option("--fail-on-worse", help=_("Exitkode 1, når et mål der var opfyldt, ikke længere er det."))
    ] = False,
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help=_("table; markdown (til en pull request); json; github (annotationer).")),
    ] = DiffFormat.table,
    data: DataOption = None,
) -> None:
    """What changed between two versions of the budget: corrections, totals and the targets."""
    from budgetkorr.core.diagnostics import display_path
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.core.selection import Selection
    from budgetkorr.library import compare
    from budgetkorr.loader import DataDirNotFound, load_dataset, resolve_data_dir
    from budgetkorr.loader.git import GitProblem, load_states

    wanted = {BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False}
    if data_base is not None and (base or head):
        fail(_("angiv enten revisioner eller --data-base, ikke begge"))
    try:
        data_dir = resolve_data_dir(data)
        if data_base is not None:
            before = (display_path(data_base), load_dataset(resolve_data_dir(data_base), None, wanted))
            after = (display_path(data_dir), load_dataset(data_dir, None, wanted))
        else:
            before, after = load_states(data_dir, base, head, wanted)
    except (DataDirNotFound, GitProblem) as exc:
        fail(str(exc))
    before = (label_base or before[0], before[1])
    after = (label_head or after[0], after[1])
    if not _valid(before, after, fmt):
        raise typer.Exit(EXIT_INVALID)
    selection = Selection(tuple(parse_statuses(status)), price_level=price_level)
    found = compare(before[1], after[1], selection, texts=not no_text, labels=(before[0], after[0]))
    assert found.comparison is not None  # both sides are valid (`_valid`)
    sys.stdout.write(WRITERS[fmt](found.comparison))
    raise typer.Exit(EXIT_TARGET_NOT_MET if fail_on_worse and found.worse else EXIT_OK)


def _json(comparison: Comparison) -> str:
    from budgetkorr.render.diff import comparison_document
    from budgetkorr.render.json import render_json

    return render_json(comparison_document(comparison))


def _text(comparison: Comparison) -> str:
    from budgetkorr.render.diff import render_text

    return render_text(comparison)


def _markdown(comparison: Comparison) -> str:
    from budgetkorr.render.diff import render_markdown

    return render_markdown(comparison)


def _github(comparison: Comparison) -> str:
    from budgetkorr.render.diff import render_github

    return render_github(comparison)


# The renderer of each format: the comparison as text.
WRITERS: dict[DiffFormat, Callable[[Comparison], str]] = {
    DiffFormat.table: _text,
    DiffFormat.markdown: _markdown,
    DiffFormat.json: _json,
    DiffFormat.github: _github,
}


def _valid(before: tuple[str, Dataset], after: tuple[str, Dataset], fmt: DiffFormat) -> bool:
    """Report each side's errors under its name (and the new side's warnings); False when either has errors."""
    from budgetkorr import escape
    from budgetkorr.core.diagnostics import has_errors

    for (label, dataset), warnings in ((before, False), (after, True)):
        shown = [d for d in dataset.diagnostics if warnings or d.is_error]
        if has_errors(shown):
            sys.stderr.write(_("budgetkorr: ugyldige data i {side}:").format(side=escape.one_line(label)) + "\n")
        if shown:
            report_diagnostics(shown, dataset.files)
    invalid = [(label, dataset.diagnostics) for label, dataset in (before, after) if not dataset.ok]
    if invalid and fmt is DiffFormat.markdown:
        from budgetkorr.render.diff import render_invalid_markdown

        sys.stdout.write(render_invalid_markdown(invalid))
    return not invalid


def changed_points(
    dataset: Dataset, base: str, statuses: Sequence[Status], level: int | None
) -> Mapping[tuple[str, int | None], TipPoint] | None:
    """For `check-targets --format github --base REV`: where the changes since REV tipped a target (see
    `compare.tipping_points`). A revision that does not exist, or data outside git, is exit 2; invalid files at
    the base give None (nothing to compare with: the annotations point as they do without a base)."""
    from budgetkorr.comparison import State, compare, tipping_points
    from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
    from budgetkorr.loader.git import WORK_TREE, GitProblem, load_base

    try:
        label, before = load_base(dataset.data_dir, base, {BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False})
    except GitProblem as exc:
        fail(str(exc))
    if not before.ok:
        return None
    return tipping_points(compare(State(label, before), State(WORK_TREE, dataset), statuses, level, texts=False))

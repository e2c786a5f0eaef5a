"""What `budgetkorr import` says: the files it would write (`--dry-run`), and the summary of what it did."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic, display_path
from budgetkorr.escape import one_line
from budgetkorr.i18n import ngettext
from budgetkorr.importers.plan import PlannedFile


def planned_files(planned: Sequence[PlannedFile]) -> str:
    """Each planned file after a line naming it (stdout of `--dry-run`)."""
    return "".join(f"# --- {one_line(display_path(item.path))}\n{item.text}" for item in planned)


def import_summary(
    planned: Sequence[PlannedFile],
    written: Sequence[Path],
    diagnostics: Sequence[Diagnostic],
    dry_run: bool,
    forms: int,
) -> str:
    """The files written (or that would be), the values to check, the errors, and how many forms were imported."""
    lines: list[str] = []
    shown = [item.path for item in planned] if dry_run else list(written)
    if shown:
        heading = ngettext("Ville skrive {n} fil:", "Ville skrive {n} filer:", len(shown)) if dry_run else None
        heading = heading or ngettext("Skrev {n} fil:", "Skrev {n} filer:", len(shown))
        lines.append(heading.format(n=len(shown)))
        lines += [f"  {one_line(display_path(path))}" for path in shown]
    doubts = [d for d in diagnostics if not d.is_error]
    errors = [d for d in diagnostics if d.is_error]
    if doubts:
        lines.append(ngettext("{n} værdi at tjekke:", "{n} værdier at tjekke:", len(doubts)).format(n=len(doubts)))
        lines += [f"  {one_line(d.format())}" for d in doubts]
    if errors:
        lines.append(ngettext("{n} fejl:", "{n} fejl:", len(errors)).format(n=len(errors)))
        lines += [f"  {one_line(d.format())}" for d in errors]
    message = ngettext("{done} af {n} skema importeret.", "{done} af {n} skemaer importeret.", max(forms, len(planned)))
    lines.append(message.format(done=len(shown), n=max(forms, len(planned))))
    return "".join(line + "\n" for line in lines)

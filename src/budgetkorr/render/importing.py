"""What `budgetkorr import` says: the files it would write (`--dry-run`), and the summary of what it did.

The summary ends with the verdict: how many forms were written, and each that was not with where and why, so that a
form that could not be read does not make the files written beside it look suspect.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic, display_path
from budgetkorr.escape import one_line
from budgetkorr.i18n import _, ngettext
from budgetkorr.importers.batch import Failure, Stage
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
    failures: Sequence[Failure] = (),
    unchanged: Sequence[Path] = (),
) -> str:
    """The files written (or that would be), those already in place, the values to check, the errors, and the
    verdict: how many of the forms were written and each form that was not."""
    lines: list[str] = []
    kept = set(unchanged)
    shown = [item.path for item in planned if item.path not in kept] if dry_run else list(written)
    if shown:
        heading = ngettext("Ville skrive {n} fil:", "Ville skrive {n} filer:", len(shown)) if dry_run else None
        heading = heading or ngettext("Skrev {n} fil:", "Skrev {n} filer:", len(shown))
        lines.append(heading.format(n=len(shown)))
        lines += [f"  {one_line(display_path(path))}" for path in shown]
    if unchanged:
        heading = ngettext(
            "{n} fil var der i forvejen med præcis samme indhold og er ikke rørt:",
            "{n} filer var der i forvejen med præcis samme indhold og er ikke rørt:",
            len(unchanged),
        )
        lines.append(heading.format(n=len(unchanged)))
        lines += [f"  {one_line(display_path(path))}" for path in unchanged]
    doubts = [d for d in diagnostics if not d.is_error]
    errors = [d for d in diagnostics if d.is_error]
    if doubts:
        lines.append(ngettext("{n} værdi at tjekke:", "{n} værdier at tjekke:", len(doubts)).format(n=len(doubts)))
        lines += [f"  {one_line(d.format())}" for d in doubts]
    if errors:
        lines.append(ngettext("{n} fejl:", "{n} fejl:", len(errors)).format(n=len(errors)))
        lines += [f"  {one_line(d.format())}" for d in errors]
    lines += _verdict(len(shown) + len(unchanged), len(unchanged), max(forms, len(planned)), failures, dry_run)
    return "".join(line + "\n" for line in lines)


def _verdict(done: int, kept: int, total: int, failures: Sequence[Failure], dry_run: bool) -> list[str]:
    """`2 af 3 skemaer skrevet; 1 kunne ikke læses: bilag.txt:57: …`, and what that means for the files written."""
    if dry_run:
        verdict = ngettext(
            "{done} af {n} skema ville blive skrevet", "{done} af {n} skemaer ville blive skrevet", total
        )
    else:
        verdict = ngettext("{done} af {n} skema skrevet", "{done} af {n} skemaer skrevet", total)
    parts = [verdict.format(done=done, n=total)]
    if kept:
        found = ngettext("{n} af dem var der i forvejen", "{n} af dem var der i forvejen", kept)
        parts[0] += f" ({found.format(n=kept)})"
    unread = [failure for failure in failures if failure.stage is Stage.READ]
    if unread:
        clause = ngettext("{n} kunne ikke læses", "{n} kunne ikke læses", len(unread))
        parts.append(f"{clause.format(n=len(unread))}: {_where(unread)}")
    refused = [failure for failure in failures if failure.stage is Stage.REFUSED]
    if refused:
        clause = ngettext("{n} blev ikke skrevet", "{n} blev ikke skrevet", len(refused))
        parts.append(f"{clause.format(n=len(refused))}: {_where(refused)}")
    appendices = [failure for failure in failures if failure.stage is Stage.APPENDIX]
    if appendices:
        clause = ngettext("{n} bilag kunne ikke læses", "{n} bilag kunne ikke læses", len(appendices))
        parts.append(f"{clause.format(n=len(appendices))}: {_where(appendices)}")
    said = one_line("; ".join(parts))
    lines = [said if said.endswith((".", "!", "?")) else said + "."]
    if failures and done:
        if dry_run:
            message = ngettext(
                "Intet er skrevet (--dry-run). Uden --dry-run skrives det gyldige skema, og intet for skemaer "
                "med fejl.",
                "Intet er skrevet (--dry-run). Uden --dry-run skrives de {n} gyldige skemaer, og intet for skemaer "
                "med fejl.",
                done,
            )
        else:
            message = ngettext(
                "Den skrevne fil er gyldig og kan bruges; for skemaer med fejl er intet skrevet. Ret fejlene i "
                "bilaget, og importér det igen: en fil, der allerede står med samme indhold, lades urørt.",
                "De {n} skrevne filer er gyldige og kan bruges; for skemaer med fejl er intet skrevet. Ret fejlene i "
                "bilaget, og importér det igen: en fil, der allerede står med samme indhold, lades urørt.",
                done,
            )
        lines.append(message.format(n=done))
    return lines


def _where(failures: Sequence[Failure]) -> str:
    """One failure in full (`bilag.txt:57: T502 udgifter.2029: …`); several by place and number."""
    if len(failures) == 1:
        return failures[0].problem.format()
    places = []
    for failure in failures:
        place = f"{failure.problem.path}:{failure.problem.cell or failure.problem.line}"  # a workbook's: its cell
        places.append(f"{place} ({failure.number})" if failure.number else place)
    return ", ".join(places) + " " + _("(se fejlene ovenfor)")

"""Problems found in the input, as values: collected across all files, sorted, then reported together."""

from __future__ import annotations

import enum
import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.escape import undecodable
from budgetkorr.i18n import N_, _, ngettext

# The field of a problem that concerns the file as a whole rather than one key in it; translated when written.
FILE_FIELD = N_("(fil)")


class InputError(ValueError):
    """Input that loaded and validated but can not be used as asked (a price level too far from the rates): the
    message says why, in the user's words; the command line reports it as invalid input, exit 2."""


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is (file, 1-based line, field path) and what to do about it."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    column: int = 0  # 1-based where a single character is the problem; 0: the line as a whole
    cell: str = ""  # in a workbook, the cell (`Korrektioner!F7`), said instead of the line (then its row)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def shown_field(self) -> str:
        """The field as the reader sees it: the file as a whole is `(fil)` in the reader's language."""
        return _(FILE_FIELD) if self.field == FILE_FIELD else self.field

    def format(self) -> str:
        """`FILE:LINE: FIELD: MESSAGE` (or `FILE:LINE:COLUMN: …`, or in a workbook `FILE:SHEET!CELL: …`), the shape
        editors and grep understand; warnings say so."""
        prefix = _("advarsel: ") if self.severity is Severity.WARNING else ""
        where = self.cell or (f"{self.line}:{self.column}" if self.column else str(self.line))
        return f"{self.path}:{where}: {self.shown_field}: {prefix}{self.message}"


def error(path: Path | str, line: int, field: str, message: str) -> Diagnostic:
    return Diagnostic(display_path(path), line, field, message, Severity.ERROR)


def warning(path: Path | str, line: int, field: str, message: str) -> Diagnostic:
    return Diagnostic(display_path(path), line, field, message, Severity.WARNING)


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when below it; a byte of the name that
    is not UTF-8 shown as `\\xf8` (`escape.undecodable`), so that the path can be written anywhere."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return undecodable(text)
    shown = undecodable(text if relative.startswith("..") else relative)
    # A diagnostic line starts with its path: one named "::error::x.yaml" (or " ::…") must not start a CI command.
    return shown if shown[:1].isalnum() or shown[:1] in "./\\_~" else f".{os.sep}{shown}"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and field, duplicates dropped: the same input gives the same report."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.field, d.message, d.severity.value))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def whole_number_problem(kind: str, given: object, context: dict[str, object] | None) -> str | None:
    """A value refused as a whole number (a year, a committee's digit) in the user's words, from the kind of the
    validation error; None for another kind."""
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("{value!r} er ikke et helt tal").format(value=given)
    if kind == "greater_than_equal" and context:
        return _("{value!r} er mindre end {limit}").format(value=given, limit=context["ge"])
    if kind == "less_than_equal" and context:
        return _("{value!r} er større end {limit}").format(value=given, limit=context["le"])
    return None


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """The count printed after the diagnostics, e.g. `2 fejl, 1 advarsel i 9 filer`."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return _("{errors}, {warnings} i {files}").format(
        errors=ngettext("{n} fejl", "{n} fejl", errors).format(n=errors),
        warnings=ngettext("{n} advarsel", "{n} advarsler", warnings).format(n=warnings),
        files=ngettext("{n} fil", "{n} filer", files).format(n=files),
    )


# The operating system's own words are English whatever the user reads; the usual reasons are said in the catalog.
_OS_REASONS = {
    errno.ENOENT: N_("findes ikke"),
    errno.EACCES: N_("ingen adgang"),
    errno.EPERM: N_("ingen adgang"),
    errno.EISDIR: N_("er en mappe"),
    errno.ENOTDIR: N_("en del af stien er ikke en mappe"),
    errno.ENOSPC: N_("disken er fuld"),
    errno.EPIPE: N_("modtageren lukkede forbindelsen (broken pipe)"),
    errno.EBADF: N_("strømmen er lukket"),
    errno.EROFS: N_("filsystemet er skrivebeskyttet"),
    errno.ENAMETOOLONG: N_("navnet er for langt"),
    errno.ELOOP: N_("for mange symbolske links"),
    errno.EIO: N_("ind- eller uddatafejl"),
}


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, from its stat mode: `en mappe`, `en FIFO (navngivet pipe)`."""
    if stat.S_ISDIR(mode):
        return _("en mappe")
    if stat.S_ISFIFO(mode):
        return _("en FIFO (navngivet pipe)")
    if stat.S_ISSOCK(mode):
        return _("en socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("en enhed")
    return _("ikke en almindelig fil")


def os_reason(exc: BaseException) -> str:
    """Why a file or stream could not be used, in the user's language: `findes ikke`, `disken er fuld`."""
    if isinstance(exc, OSError):
        known = _OS_REASONS.get(exc.errno or 0)
        if known is not None:
            return _(known)
        return exc.strerror or os.strerror(exc.errno or errno.EIO)
    return str(exc)

"""Writing for the user, in one place: stdout and stderr, their encodings, write errors, and the exit codes.

Every exit code budgetkorr can give is defined here, and the console script's top-level handler (`run`) maps
what went wrong to one of them. The streams are prepared before any command runs: a terminal or pipe that can not
show a character (`PYTHONIOENCODING=ascii`, a cp1252 console, `LC_ALL=C`) gets a transliteration (`ø` → `oe`)
or `?`, never an encoding error; a write that fails (disk full, closed stdout, broken pipe) ends with one line on
stderr and `EXIT_WRITE_FAILED`. Text from files is escaped by `budgetkorr.escape` before it reaches a writer
here: diagnostics and notes with `escape.one_line`.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.cli.formats import CsvDialect, Format
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.render.records import Record
    from budgetkorr.render.table import TextTable

# The exit codes, documented in the README's table (a test runs every row).
EXIT_OK = 0  # done (warnings may have been printed)
EXIT_TARGET_NOT_MET = 1  # check-targets: an economic target is not met (only that)
EXIT_INVALID = 2  # invalid input or usage: a file with an error, a bad option
EXIT_INTERNAL = 3  # a bug in budgetkorr (only that)
EXIT_WRITE_FAILED = 4  # the output could not be written: disk full, closed stdout, broken pipe
EXIT_INTERRUPTED = 130  # stopped by the user (Ctrl-C), as shells report a process ended by SIGINT

ERRORS_HANDLER = "budgetkorr-transliterate"

# Characters the shipped texts use that a narrow encoding (ascii) lacks, in the form a Danish reader expects.
_TRANSLITERATION = {
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "Ae",
    "Ø": "Oe",
    "Å": "Aa",
    "–": "-",
    "—": "-",
    "−": "-",
    "≥": ">=",
    "≤": "<=",
    "…": "...",
    "→": "->",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
}


def _transliterate(exc: UnicodeError) -> tuple[str, int]:
    """The codec error handler: a character the encoding lacks becomes its nearest ASCII form, else `?`."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    replaced = []
    for char in exc.object[exc.start : exc.end]:
        plain = _TRANSLITERATION.get(char)
        if plain is None:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
        replaced.append(plain)
    return "".join(replaced), exc.end


codecs.register_error(ERRORS_HANDLER, _transliterate)


class WriteFailed(Exception):
    """Output could not be written. Deliberately not an OSError, so nothing on the way mistakes it for
    another failure (click turns a broken pipe into exit 1, the code of a target not met)."""

    def __init__(self, stream: str, reason: str) -> None:
        super().__init__(f"{stream}: {reason}")
        self.stream = stream
        self.reason = reason


class _GuardedStream:
    """A text stream whose write errors become `WriteFailed`; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self._stream = stream
        self._name = name

    def _call(self, method: str, *args: Any) -> Any:
        if self._stream is None:
            raise WriteFailed(self._name, _("strømmen er lukket"))
        try:
            return getattr(self._stream, method)(*args)
        except (OSError, ValueError) as exc:  # ValueError: "I/O operation on closed file"
            from budgetkorr.core.diagnostics import os_reason

            raise WriteFailed(self._name, os_reason(exc)) from exc

    def write(self, text: str) -> int:
        return int(self._call("write", text))

    def writelines(self, lines: Iterable[str]) -> None:
        self._call("writelines", lines)

    def flush(self) -> None:
        self._call("flush")

    def isatty(self) -> bool:
        return self._stream is not None and not self._stream.closed and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def _prepare(stream: TextIO | None, name: str) -> TextIO:
    if stream is not None:
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or unusual stream: the guard reports its first write.
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=ERRORS_HANDLER)
    guarded: Any = _GuardedStream(stream, name)
    return guarded  # type: ignore[no-any-return]


def prepare_streams() -> None:
    """Replace sys.stdout and sys.stderr by guarded streams that never fail on a character they can not show."""
    sys.stdout = _prepare(sys.stdout, "stdout")
    sys.stderr = _prepare(sys.stderr, "stderr")


def _write_failed(exc: WriteFailed) -> NoReturn:
    if exc.stream != "stderr":
        try:
            message = _("budgetkorr: kunne ikke skrive output ({stream}): {reason}").format(
                stream=exc.stream, reason=exc.reason
            )
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
        except (OSError, ValueError, WriteFailed):
            pass
    os._exit(EXIT_WRITE_FAILED)  # not sys.exit: the interpreter's last flush would fail on the stream again


def run(app: Callable[[], Any]) -> NoReturn:
    """The console script's one top-level handler: run the app and map how it ended to an exit code."""
    prepare_streams()
    code: int
    try:
        try:
            app()
            code = EXIT_OK
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_INVALID)
        sys.stdout.flush()
        sys.stderr.flush()
    except WriteFailed as exc:
        _write_failed(exc)
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, ValueError, WriteFailed):
            sys.stderr.write(_("Afbrudt.") + "\n")
        code = EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one top-level handler: anything unexpected is exit 3
        _internal_error(exc)
    sys.exit(code)


def _internal_error(exc: Exception) -> NoReturn:
    try:
        if "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exc()
        else:
            from budgetkorr.escape import one_line

            message = _(
                "budgetkorr: intern fejl ({kind}: {error}); det er en fejl i budgetkorr, ikke i dine filer. "
                "Kør igen med --debug for at se tracebacken."
            ).format(kind=type(exc).__name__, error=exc)
            sys.stderr.write(one_line(message) + "\n")
        sys.stderr.flush()
    except WriteFailed as failed:
        _write_failed(failed)
    sys.exit(EXIT_INTERNAL)


# --- what the commands write ---------------------------------------------------------------------------------


def fail(message: str) -> NoReturn:
    """Stop with a usage or input error (exit 2): one line on stderr, whatever names or values it quotes."""
    import typer

    from budgetkorr.escape import one_line

    sys.stderr.write(f"budgetkorr: {one_line(message)}\n")
    raise typer.Exit(EXIT_INVALID)


def write_lines(lines: Iterable[str]) -> None:
    """Messages to stderr, each one line whatever text from a file it holds (a title can not start a line)."""
    from budgetkorr.escape import one_line

    sys.stderr.writelines(one_line(line) + "\n" for line in lines)


def report_diagnostics(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], files: int) -> None:
    """Every diagnostic on a line of its own, then the count; each line escaped as one line of text."""
    from budgetkorr.core.diagnostics import summary_line
    from budgetkorr.escape import one_line

    if diagnostics:
        sys.stderr.writelines(f"{one_line(d.format())}\n" for d in diagnostics)
        sys.stderr.write(summary_line(diagnostics, files) + "\n")


def write_annotations(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], files: int) -> None:
    """Each diagnostic as a GitHub workflow command on stdout, then the count as a notice; escaped by the toolkit's
    rules (no file name or message can add a command of its own)."""
    from budgetkorr.render.github import render_diagnostics

    sys.stdout.write(render_diagnostics(diagnostics, files))


def write_annotation(level: str, message: str) -> None:
    """One GitHub workflow command on stdout that belongs to no file (`error`, `warning` or `notice`)."""
    from budgetkorr.render.github import annotation

    sys.stdout.write(annotation(level, message) + "\n")


def write_notes(notes: list[str] | tuple[str, ...]) -> None:
    from budgetkorr.escape import one_line

    sys.stderr.writelines(_("Bemærk: {note}").format(note=one_line(note)) + "\n" for note in notes)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def write_table(table: TextTable, fmt: Format, notes: tuple[str, ...]) -> None:
    from budgetkorr.cli.formats import Format
    from budgetkorr.render.text import render_markdown, render_plain

    if fmt is Format.markdown:
        sys.stdout.write(render_markdown(table, notes))  # a document: its notes belong in it
        return
    if is_terminal():
        from rich.console import Console

        from budgetkorr.render.terminal import for_terminal

        console = Console(file=sys.stdout, highlight=False)
        drawn = for_terminal(table, console.width)
        if drawn is not None:
            console.print(*drawn, sep="\n")
        else:
            sys.stdout.write(render_plain(table))  # narrower than the table: whole numbers beat a neat frame
    else:
        sys.stdout.write(render_plain(table))
    write_notes(notes)


def write_records(
    records: list[Record], columns: list[str], fmt: Format, dialect: CsvDialect, document: dict[str, object]
) -> None:
    from budgetkorr.cli.formats import Format

    if fmt is Format.csv:
        from budgetkorr.render.csv import render_csv

        sys.stdout.write(render_csv(records, columns, dialect.value))
    else:
        from budgetkorr.render.json import render_json

        sys.stdout.write(render_json(document))

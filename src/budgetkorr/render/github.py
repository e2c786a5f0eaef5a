"""GitHub workflow commands (`--format github`): the one writer of an annotation, and diagnostics as annotations.

A workflow command is one line, `::LEVEL PROPERTIES::MESSAGE`, that GitHub shows at a file and line of a pull
request. Everything a file supplies (names, keys, titles, the message) is escaped by `budgetkorr.escape`'s GitHub
rules here, so no file can end an annotation early or start one of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetkorr import escape
from budgetkorr.core.diagnostics import Diagnostic, display_path, summary_line


def annotation(
    level: str,
    message: str,
    path: Path | str | None = None,
    line: int | None = None,
    title: str = "",
    column: int = 0,
) -> str:
    """One workflow command: `level` (error, warning, notice) at `path`, `line` and (1-based) `column` if given."""
    props = []
    if path is not None:
        props.append(f"file={escape.github_property(escape.one_line(display_path(path)))}")
        if line is not None:
            props.append(f"line={line}")
            if column:
                props.append(f"col={column}")
    if title:
        props.append(f"title={escape.github_property(escape.one_line(title))}")
    # A CI log is a terminal too: no raw escape sequences, and each line of the message reads as the plain output
    # does (a tab or a lone carriage return is a space); a line break stays one, as GitHub's %0A.
    message = escape.github_data("\n".join(escape.one_line(line) for line in message.split("\n")))
    return f"::{level} {','.join(props)}::{message}" if props else f"::{level}::{message}"


def render_diagnostics(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Each diagnostic as an error or warning at its file, line and column, then the count (`2 fejl, 0 advarsler
    i 9 filer`) as a notice: what the log shows as the plain `FILE:LINE: FIELD: MESSAGE` lines and their count."""
    lines = [
        annotation(d.severity.value, f"{d.shown_field}: {d.message}", d.path, d.line, column=d.column)
        for d in diagnostics
    ]
    lines.append(annotation("notice", summary_line(diagnostics, files)))
    return "".join(f"{line}\n" for line in lines)

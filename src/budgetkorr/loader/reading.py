"""Reading and validating one correction file: the rules across files come after, on all of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic
from budgetkorr.i18n import N_
from budgetkorr.loader.across import Unfinished, unfinished
from budgetkorr.loader.texts import text_warnings
from budgetkorr.loader.validate import validate_file
from budgetkorr.models import Correction
from budgetkorr.yamlread import YamlFile, read_yaml


@dataclass(frozen=True)
class FileRead:
    """What reading one correction file gave: a valid correction or what of it the rules across files can use,
    and its problems."""

    problems: list[Diagnostic]
    correction: Correction | None = None
    source: YamlFile | None = None  # only the lines of its top-level keys
    partial: Unfinished | None = None


def read_correction(path: Path) -> FileRead:
    """Read, parse and validate one correction file."""
    source, problems = read_yaml(path)
    if source is None:
        return FileRead(problems)
    correction, more = validate_file(source, Correction, N_("en korrektion"))
    kept = source.keep_lines()
    if correction is not None:  # a ragged table row's line is found in `source`, which still has the text
        return FileRead([*problems, *more, *text_warnings(correction, source)], correction, kept)
    return FileRead([*problems, *more], partial=unfinished(source.data, kept))

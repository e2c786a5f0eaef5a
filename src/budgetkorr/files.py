"""Writing files that users keep (imported corrections, new corrections, reports): atomic, never overwriting.

Every command that writes a file goes through `write_atomic`: the bytes go to a temporary file in the target's
directory and are renamed into place, so an interruption or a full disk never leaves a half-written file; an
existing file is kept unless `force` is given, and then it is first kept as `NAME.bak`. Names made from document
titles go through `slug`, and `inside` refuses a path that would leave the target directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from budgetkorr.diagnostics import display_path
from budgetkorr.i18n import _


class WriteRefused(Exception):
    """The file was not written; the message says why (it exists, or it is outside the target folder)."""


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug(text: str, max_length: int = 80) -> str:
    """A file-name part from a title, as the shipped files are named: `IT- og Cybersikkerhed (NIS2)` →
    `it-og-cybersikkerhed-nis2`. Only a–z, 0–9 and single hyphens: no `/`, `..` or control characters."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_DANISH)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > max_length:
        cut = words[: max_length + 1]
        words = cut.rsplit("-", 1)[0] if "-" in cut else words[:max_length]  # whole words, where there are some
    return words.rstrip("-")


def inside(directory: Path, path: Path) -> bool:
    """True when `path` resolves to a place below `directory` (symlinks followed)."""
    return path.resolve().is_relative_to(directory.resolve())


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path | None:
    """Write `data` to `path` through a temporary file and a rename. An existing file is a `WriteRefused`
    unless `force`; then it is kept as `NAME.bak`, whose path is returned."""
    if path.exists() and not force:
        message = _("{path} findes allerede; brug --force for at overskrive (den gamle gemmes som .bak)")
        raise WriteRefused(message.format(path=display_path(path)))
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        backup = None
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            path.replace(backup)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    return backup

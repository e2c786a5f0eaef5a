"""Writing files that users keep (imported corrections, new corrections, reports, workbooks): atomic, never
replacing anything unasked, with the mode the user's umask gives.

Every command that writes a file goes through `write_atomic`. The bytes go to a temporary file in the target's
folder, created with mode 0666 less the umask (as a plain `open(..., "w")` makes a file: 0644 under umask 022),
and are synced to disk. A new file is then put in place with `os.link`, which fails when the name exists, so that
of two processes writing one name only one can succeed and nothing is replaced between a check and a rename. With
`force`, only a regular file is replaced (never a FIFO, a device, a socket or a folder): it is first kept as
`NAME.bak`, and the new file takes its place by one rename, with the replaced file's mode, as `open(..., "w")`
would keep it. Names made from document titles go through `slug`, and `inside` refuses a path that would leave the
target folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import unicodedata
from pathlib import Path

from budgetkorr.core.diagnostics import display_path, file_kind
from budgetkorr.i18n import _


class WriteRefused(Exception):
    """The file was not written; the message says why (it exists, it is not a regular file, or it is outside the
    target folder)."""


class NumberTaken(WriteRefused):
    """Another file with the same correction number came into the folder while this one was written; this one was
    taken away again."""

    def __init__(self, message: str, other: Path) -> None:
        super().__init__(message)
        self.other = other


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


def holds_exactly(path: Path, data: bytes) -> bool:
    """True when `path` is a regular file (not a link) that holds exactly `data`: writing it again would change
    nothing, so a writer may leave it as it is."""
    try:
        status = os.lstat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
            return False
        with path.open("rb") as file:
            return file.read(len(data) + 1) == data
    except OSError:
        return False  # not there, or not readable: the write says what is wrong


def write_atomic(path: Path, data: bytes, *, force: bool = False, number: str | None = None) -> Path | None:
    """Write `data` to `path` atomically, creating it without replacing anything. An existing name is a
    `WriteRefused` unless `force` and it is a regular file; then it is kept as `NAME.bak`, whose path is returned.

    With `number` (a correction number), the new file is also the number's reservation: when another correction
    file named by that number is in the folder once this one is in place, this one is taken away again and
    `NumberTaken` names the other, so that two processes can never both give out one number."""
    existing = _existing(path, force)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else None
    temporary = _temporary(path, data, mode)
    backup = None
    try:
        if existing is None:
            _create(temporary, path)
        else:
            backup = _replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    if existing is None and number is not None:
        _claim(path, number)
    return backup


def _existing(path: Path, force: bool) -> os.stat_result | None:
    """What is at `path` now: nothing (None), or a regular file that `force` may replace; anything else refused."""
    try:
        status = path.stat()
    except FileNotFoundError:
        if not path.is_symlink():
            return None
        kind = _("et symbolsk link til noget, der ikke findes")
    else:
        if stat.S_ISREG(status.st_mode):
            if force:
                return status
            raise _exists(path)
        kind = file_kind(status.st_mode)
    message = _("{path} er {kind}, ikke en almindelig fil; budgetkorr skriver kun almindelige filer, også med --force")
    raise WriteRefused(message.format(path=display_path(path), kind=kind))


def _exists(path: Path) -> WriteRefused:
    message = _("{path} findes allerede; brug --force for at overskrive (den gamle gemmes som .bak)")
    return WriteRefused(message.format(path=display_path(path)))


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _unique(path: Path, suffix: str) -> Path:
    """A hidden name beside `path` that no other writer picks (random, and created with O_EXCL by the caller)."""
    return path.with_name(f".{path.name[:100]}.{secrets.token_hex(6)}{suffix}")


def _temporary(path: Path, data: bytes, mode: int | None) -> Path:
    """The data in a new file beside `path`, synced. Created with 0666, which the kernel reduces by the umask
    (no global umask change to read it); `mode` is the mode of a file it will replace."""
    while True:
        temporary = _unique(path, ".tmp")
        try:
            descriptor = os.open(temporary, _FLAGS, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None:
                temporary.chmod(mode)  # not fchmod: Windows has it only from Python 3.13
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


# A file system without hard links (FAT, some network shares) says so with one of these.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def _create(temporary: Path, path: Path) -> None:
    """Give the finished temporary file the name `path`, which must not exist: a hard link fails if it does."""
    try:
        path.hardlink_to(temporary)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        _create_without_links(temporary, path)


def _create_without_links(temporary: Path, path: Path) -> None:
    """Where there are no hard links: the name is taken with O_EXCL (an empty file, for a moment), then the
    finished file is renamed onto it, so the name is still never taken from another writer."""
    try:
        os.close(os.open(path, _FLAGS, 0o666))
    except FileExistsError:
        raise _exists(path) from None
    _rename(temporary, path, undo=path)


def _rename(source: Path, target: Path, *, undo: Path) -> None:
    """Rename `source` onto `target`; if that fails (or is interrupted), remove `undo`, the name this step made."""
    try:
        source.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            undo.unlink()
        raise


def _replace(temporary: Path, path: Path) -> Path:
    """Keep the regular file at `path` as `NAME.bak` and put the temporary file in its place by one rename, so
    that `path` always names a whole file, the old or the new."""
    backup = path.with_name(path.name + ".bak")
    kept = _unique(backup, ".tmp")
    try:
        kept.hardlink_to(path)
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        path.replace(backup)  # no hard links here: the name is missing for a moment
    else:
        _rename(kept, backup, undo=kept)
    temporary.replace(path)
    return backup


def _claim(path: Path, number: str) -> None:
    """The number is this file's if no other correction file in the folder is named by it. Every writer looks
    after its own file is in place, so of two that raced, the later one always sees the earlier one."""
    named = re.compile(re.escape(number) + r"(?=\W|$)")
    with os.scandir(path.parent) as entries:
        others = sorted(
            entry.name
            for entry in entries
            if entry.name != path.name and entry.name.endswith(".yaml") and named.match(entry.name)
        )
    if others:
        path.unlink()
        other = path.with_name(others[0])
        message = _("{nr} blev taget af {file}, mens filen blev skrevet")
        raise NumberTaken(message.format(nr=number, file=display_path(other)), other)

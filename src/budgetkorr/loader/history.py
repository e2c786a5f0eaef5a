"""The life of one correction in git: each commit that changed the file holding its `nr`, and the correction as it
was after that commit. The file is followed by its `nr`, so a renamed file keeps its history."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from budgetkorr.core.diagnostics import Diagnostic
from budgetkorr.core.folder import CORRECTIONS_DIR
from budgetkorr.loader.git import Commit, Revision, log, read_blobs, relative_to_root, resolve, toplevel
from budgetkorr.loader.validate import validate_file
from budgetkorr.models import Correction
from budgetkorr.yamlread import parse_yaml, read_limited, too_large

# "afskåret": the first commit git knows holds the file, but did not add it (a shallow clone's oldest commit): what
# came before is not known, so it is not called "tilføjet".
VersionKind = Literal["tilføjet", "afskåret", "ændret", "omdøbt", "omdøbt og ændret", "slettet"]

# The nr of a file, found without parsing it: enough to follow a file through renames, also while it is invalid.
_NR = re.compile(r"^nr:\s*[\"']?([A-Z][0-9]{3})[\"']?\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Version:
    """The correction after one commit (commit None: the files on disk, not committed yet)."""

    commit: Commit | None
    kind: VersionKind
    path: PurePosixPath | None  # the file in the repository; None when deleted
    correction: Correction | None  # None when deleted or invalid at that point
    problems: tuple[Diagnostic, ...]


def _nr(content: bytes) -> str | None:
    match = _NR.search(content.decode("utf-8", "replace"))
    return match.group(1) if match else None


def _parse(label: str, content: bytes) -> tuple[Correction | None, tuple[Diagnostic, ...]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("utf-8", "replace")
    source, problems = parse_yaml(Path(label), text)
    if source is None:
        return None, tuple(problems)
    correction, more = validate_file(source, Correction, "a correction")
    return correction, (*problems, *more)


def _kind(previous: tuple[PurePosixPath, str] | None, current: tuple[PurePosixPath, str] | None) -> VersionKind:
    if previous is None:
        return "tilføjet"
    if current is None:
        return "slettet"
    if previous[0] == current[0]:
        return "ændret"
    return "omdøbt" if previous[1] == current[1] else "omdøbt og ændret"


def _cut(commit: Commit, path: PurePosixPath, known: set[PurePosixPath]) -> bool:
    """Whether the history is cut at `commit` for the file: a shallow clone's oldest commit shows every file as
    added, and a file first seen as changed (not added) was there before the history that git has."""
    return commit.boundary or (path not in commit.added and path not in known and path in commit.changes)


def correction_history(
    data_dir: Path,
    number: str,
    until: str = "HEAD",
    work_tree: Mapping[PurePosixPath, bytes | Diagnostic] | None = None,
) -> list[Version]:
    """Every commit up to `until` (first-parent history) that added, changed, renamed or deleted the file holding
    `number`, oldest first; then the files on disk (`work_tree`: path → content) where they differ."""
    root = toplevel(data_dir)
    folder = relative_to_root(root, data_dir) / CORRECTIONS_DIR
    revision: Revision = resolve(root, until)
    commits = log(root, folder, revision)
    contents = read_blobs(root, [sha for commit in commits for sha in commit.changes.values() if sha]).contents
    numbers: dict[PurePosixPath, str | None] = {}  # path → nr, as far as the files tell
    blobs: dict[PurePosixPath, str] = {}
    versions: list[Version] = []
    held: tuple[PurePosixPath, str] | None = None  # (path, blob) of the file holding `number`
    for commit in commits:
        known = set(blobs)  # the files seen before this commit
        for path, sha in commit.changes.items():
            if not path.name.endswith(".yaml"):
                continue
            if sha is None:
                numbers.pop(path, None)
                blobs.pop(path, None)
                continue
            found = _nr(contents[sha]) if sha in contents else None  # a file over the limit is not read
            # A file that lost its readable nr (a broken edit) still is the correction it was.
            numbers[path] = found if found is not None else numbers.get(path)
            blobs[path] = sha
        holding = sorted(path for path, nr in numbers.items() if nr == number)
        current = (holding[0], blobs[holding[0]]) if holding else None
        if current != held:
            kind = _kind(held, current)
            if kind == "tilføjet" and current is not None and _cut(commit, current[0], known):
                kind = "afskåret"
            if current is None:
                versions.append(Version(commit, kind, None, None, ()))
            else:
                label = f"{commit.sha[:7]}:{current[0]}"
                if current[1] in contents:
                    correction, problems = _parse(label, contents[current[1]])
                else:
                    correction, problems = None, (too_large(Path(label)),)
                versions.append(Version(commit, kind, current[0], correction, problems))
            held = current
    if work_tree is not None:
        versions += _work_tree(work_tree, number, held, versions[-1] if versions else None)
    return versions


def _work_tree(
    files: Mapping[PurePosixPath, bytes | Diagnostic],
    number: str,
    held: tuple[PurePosixPath, str] | None,
    last: Version | None,
) -> list[Version]:
    unreadable = files.get(held[0]) if held is not None else None
    if isinstance(unreadable, Diagnostic):  # the file on disk can not be read (over the limit): it is said so,
        if last is not None and [p.message for p in last.problems] == [unreadable.message]:
            return []  # unless the commit's file could not be read for the same reason: nothing new is known
        return [Version(None, "ændret", held[0] if held else None, None, (unreadable,))]
    holding = sorted(path for path, content in files.items() if isinstance(content, bytes) and _nr(content) == number)
    if not holding:
        return [] if held is None else [Version(None, "slettet", None, None, ())]
    path = holding[0]
    content = files[path]
    assert isinstance(content, bytes)
    # git's blob id of the content: equal ids mean the file on disk is the committed one
    sha = hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()
    if held == (path, sha):
        return []
    correction, problems = _parse(str(path), content)
    return [Version(None, _kind(held, (path, sha)), path, correction, problems)]


def work_tree_files(data_dir: Path) -> dict[PurePosixPath, bytes | Diagnostic]:
    """The correction files on disk, by their path in the repository (to show what is not committed yet), each
    read as every input is (`read_limited`): a file that can not be read is its diagnostic."""
    root = toplevel(data_dir)
    folder = data_dir / CORRECTIONS_DIR
    files: dict[PurePosixPath, bytes | Diagnostic] = {}
    for path in sorted(folder.rglob("*.yaml")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            raw, problem = read_limited(path)
            read = raw if raw is not None else problem
            assert read is not None
            files[relative_to_root(root, path)] = read
    return files

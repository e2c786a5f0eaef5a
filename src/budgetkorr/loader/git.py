"""Earlier states of the data, read through git itself: a revision's data folder, and the commits that changed it.

git is run as a subprocess with an argument list (never a shell). A revision's data folder is written from
`git ls-tree` and `git cat-file --batch` into a temporary directory of our own and loaded from there, so the
user's work tree, index and branches are never touched; each blob's size is asked first (`--batch-check`), and a
file over the data limit is never read. Every problem (no git, not a repository, a revision that
does not exist, a data folder that the revision lacks) is a `GitProblem` whose message says what to do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from budgetkorr.core.dataset import Dataset
from budgetkorr.core.entry import Source
from budgetkorr.i18n import _
from budgetkorr.loader.repository import load_dataset
from budgetkorr.yamlread import MAX_FILE_BYTES, YamlFile, read_limited

SHORT = 7  # the length of a commit id as people write it
WORK_TREE = "arbejdskopi"  # the label of the files as they are on disk


class GitProblem(Exception):
    """git could not give what was asked; the message (Danish) says what and what to do."""


@dataclass(frozen=True)
class Revision:
    """A commit: its full id and what the user called it (`main`, `HEAD~1`, or the short id)."""

    sha: str
    name: str

    @property
    def short(self) -> str:
        return self.sha[:SHORT]

    @property
    def label(self) -> str:
        """`main (1a2b3c4)`, or the short id alone when that is what the user wrote."""
        return self.short if self.sha.startswith(self.name) else f"{self.name} ({self.short})"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # LC_ALL=C: git's own messages are read by us only to pass them on; GIT_OPTIONAL_LOCKS=0: a read never locks.
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, env=env)
    except FileNotFoundError:
        raise GitProblem(
            _("git er ikke installeret (eller ikke på PATH); det skal bruges for at læse tidligere versioner")
        ) from None


def _output(root: Path, *args: str) -> str:
    result = _git(root, *args)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitProblem(
            _("git {command} fejlede: {message}").format(command=args[0], message=message[-1] if message else "")
        )
    return result.stdout.decode("utf-8", "replace")


def toplevel(path: Path, hint: str = "") -> Path:
    """The root of the git repository that holds `path`; `hint` says what to do instead when there is none."""
    folder = path if path.is_dir() else path.parent
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        message = _("{path} ligger ikke i et git-repository, så tidligere versioner kan ikke læses").format(path=path)
        raise GitProblem(f"{message}; {hint}" if hint else message)
    return Path(result.stdout.decode("utf-8").strip()).resolve()


def resolve(root: Path, name: str) -> Revision:
    """The commit that `name` (a branch, a tag, `HEAD~1`, an id) stands for; one that does not exist is said so."""
    if not name.strip() or name.startswith("-"):
        raise GitProblem(_("{name!r} er ikke en revision").format(name=name))
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if result.returncode != 0:
        raise GitProblem(
            _("revisionen {name} findes ikke i {root} (en gren, et tag, HEAD~1 eller et commit-id)").format(
                name=name, root=root
            )
        )
    return Revision(result.stdout.decode().strip(), name)


def _exists(root: Path, name: str) -> bool:
    return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}").returncode == 0


def default_branch(root: Path) -> str | None:
    """The default branch: what origin/HEAD points at, else main or master (local, then origin's)."""
    result = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if result.returncode == 0 and result.stdout.strip():
        return result.stdout.decode().strip()
    return next((name for name in ("main", "master", "origin/main", "origin/master") if _exists(root, name)), None)


def default_base(root: Path) -> Revision:
    """What a change is measured from: the merge base with the default branch when the work is on a branch of
    its own, else the commit before HEAD (or HEAD itself, when it is the first commit)."""
    if not _exists(root, "HEAD"):
        raise GitProblem(_("repositoriet {root} har endnu ingen commits at sammenligne med").format(root=root))
    head = resolve(root, "HEAD")
    branch = default_branch(root)
    if branch is not None:
        result = _git(root, "merge-base", "HEAD", branch)
        base = result.stdout.decode().strip()
        if result.returncode == 0 and base and base != head.sha:
            return Revision(base, branch)
    if _exists(root, "HEAD~1"):
        return resolve(root, "HEAD~1")
    return head  # the first commit: what has changed since it, in the files on disk


def relative_to_root(root: Path, path: Path) -> PurePosixPath:
    """`path` as git names it inside the repository at `root`."""
    try:
        return PurePosixPath(path.resolve().relative_to(root).as_posix())
    except ValueError:
        raise GitProblem(_("{path} ligger ikke i git-repositoriet {root}").format(path=path, root=root)) from None


def _cat_file(root: Path, mode: str, shas: Sequence[str]) -> bytes:
    """What `git cat-file --batch` or `--batch-check` says of the blobs, in one process."""
    if not shas:
        return b""
    result = _git(root, "cat-file", mode, stdin="".join(f"{sha}\n" for sha in shas).encode())
    if result.returncode != 0:
        raise GitProblem(_("git cat-file fejlede: {message}").format(message=result.stderr.decode().strip()))
    return result.stdout


def _sizes(root: Path, shas: Sequence[str]) -> dict[str, int]:
    """The size of each blob, from `git cat-file --batch-check`: known before any content is read."""
    sizes: dict[str, int] = {}
    for line in _cat_file(root, "--batch-check", shas).decode().splitlines():
        sha, kind, size = (*line.split(), "", "")[:3]  # "SHA missing": an object git does not have
        if kind != "blob":
            raise GitProblem(_("{sha} er ikke en fil i git").format(sha=sha))
        sizes[sha] = int(size)
    return sizes


def _blobs(root: Path, shas: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch` process."""
    contents: dict[str, bytes] = {}
    data, position = _cat_file(root, "--batch", shas), 0
    while position < len(data):
        end = data.index(b"\n", position)
        sha, kind, size = data[position:end].decode().split()
        start = end + 1
        contents[sha] = data[start : start + int(size)]
        position = start + int(size) + 1  # the content is followed by a newline
        if kind != "blob":
            raise GitProblem(_("{sha} er ikke en fil i git").format(sha=sha))
    return contents


@dataclass(frozen=True)
class Blobs:
    """Files' contents by blob id; a blob over the data limit (`yamlread.MAX_FILE_BYTES`) is never read, only its
    size is known, so a committed file of gigabytes costs what its size costs to say."""

    contents: Mapping[str, bytes]
    oversized: Mapping[str, int]


def read_blobs(root: Path, shas: Sequence[str]) -> Blobs:
    """Several files' contents by blob id, each checked by its size first (for `history` and `checked_out`)."""
    sizes = _sizes(root, sorted(set(shas)))
    small = [sha for sha, size in sizes.items() if size <= MAX_FILE_BYTES]
    return Blobs(_blobs(root, small), {sha: size for sha, size in sizes.items() if size > MAX_FILE_BYTES})


def tree(root: Path, revision: str, folder: PurePosixPath) -> dict[PurePosixPath, str]:
    """The files below `folder` at `revision`: repository path → blob id (symbolic links and submodules left out)."""
    listing = _output(root, "ls-tree", "-r", "-z", "--full-tree", revision, "--", str(folder))
    files: dict[PurePosixPath, str] = {}
    for item in listing.split("\0"):
        if not item:
            continue
        meta, _tab, name = item.partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            files[PurePosixPath(name)] = sha
    return files


@contextlib.contextmanager
def checked_out(root: Path, revision: Revision, folder: PurePosixPath) -> Iterator[Path]:
    """The data folder as it was at `revision`, written into a temporary directory that is removed afterwards.

    Yields the folder's path inside the temporary directory (it keeps its path below the repository root).
    """
    files = tree(root, revision.sha, folder)
    if not files:
        raise GitProblem(
            _("datamappen {folder} findes ikke i revisionen {revision}").format(folder=folder, revision=revision.label)
        )
    blobs = read_blobs(root, list(files.values()))
    temporary = Path(tempfile.mkdtemp(prefix=f"budgetkorr-{revision.short}-"))
    try:
        for name, sha in sorted(files.items()):
            target = temporary.joinpath(*name.parts)
            if ".." in name.parts or not target.resolve().is_relative_to(temporary.resolve()):
                continue  # git never stores such a path; a tree that does is not followed out of the folder
            target.parent.mkdir(parents=True, exist_ok=True)
            if sha in blobs.oversized:
                # A file over the limit is not read: it is stood in for by an empty file of its size (sparse: no
                # disk is written), which the loader refuses by its size, as it refuses such a file on disk.
                with target.open("wb") as stand_in:
                    stand_in.truncate(blobs.oversized[sha])
                continue
            target.write_bytes(blobs.contents[sha])
        yield temporary.joinpath(*folder.parts)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def label_paths(diagnostics_path: str, temporary_folder: Path, revision: Revision, folder: PurePosixPath) -> str:
    """A path in the temporary copy, written as git writes a file of a revision: `1a2b3c4:data/corrections/x.yaml`."""
    try:
        inner = Path(diagnostics_path).resolve().relative_to(temporary_folder.resolve())
    except ValueError:
        return diagnostics_path
    return f"{revision.short}:{(folder / inner.as_posix()).as_posix()}"


@dataclass(frozen=True)
class Commit:
    """A commit of the first-parent history, with the files it changed: path → new blob id (None: deleted)."""

    sha: str
    date: str  # ISO 8601, the author's date
    author: str
    subject: str
    changes: Mapping[PurePosixPath, str | None]
    added: frozenset[PurePosixPath] = frozenset()  # the changed files that git says this commit added
    boundary: bool = False  # a shallow clone's oldest commit: git knows nothing before it, so all seems added


_ZERO = "0" * 40


def log(root: Path, folder: PurePosixPath, until: Revision) -> list[Commit]:
    """The commits up to `until` that changed files below `folder`, oldest first, along the first parent (the
    history as the branch saw it: a merged pull request is its merge commit)."""
    raw = _output(
        root,
        "log",
        "--reverse",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x01%H%x00%aI%x00%an%x00%s%x00",
        until.sha,
        "--",
        str(folder),
    )
    shallow = _shallow(root)
    commits: list[Commit] = []
    for record in raw.split("\x01")[1:]:
        sha, date, author, subject, *rest = record.split("\0")
        changes: dict[PurePosixPath, str | None] = {}
        added: set[PurePosixPath] = set()
        parts = [part.strip("\n") for part in rest]
        index = 0
        while index < len(parts):
            meta = parts[index]
            if not meta.startswith(":"):
                index += 1
                continue
            fields = meta[1:].split()
            new_sha, status = fields[3], fields[4]
            name = PurePosixPath(parts[index + 1])
            changes[name] = None if status.startswith("D") or new_sha == _ZERO else new_sha
            if status.startswith("A"):
                added.add(name)
            index += 2
        commits.append(Commit(sha, date, author, subject, changes, frozenset(added), sha in shallow))
    return commits


def _shallow(root: Path) -> frozenset[str]:
    """The commits where a shallow clone's history is cut (git's `shallow` file); none in a full clone."""
    if _output(root, "rev-parse", "--is-shallow-repository").strip() != "true":
        return frozenset()
    path = root / _output(root, "rev-parse", "--git-path", "shallow").strip()
    raw, _problem = read_limited(path, MAX_FILE_BYTES)
    return frozenset((raw or b"").decode("ascii", "replace").split())


def load_at(root: Path, revision: Revision, folder: PurePosixPath, other_files: Mapping[str, bool]) -> Dataset:
    """The data folder as it was at `revision`, loaded and validated. Problems name the file as
    `1a2b3c4:data/corrections/x.yaml`, so a reader sees which version they are in; the records keep the path the
    file has in the repository (where an annotation points)."""
    real = root.joinpath(*folder.parts)

    def moved(source: Source, copy: Path) -> Source:
        assert isinstance(source, YamlFile)  # the loader's sources are the files it read
        return replace(source, path=real / source.path.relative_to(copy))

    with checked_out(root, revision, folder) as copy:
        dataset = load_dataset(copy, None, other_files)
        diagnostics = tuple(
            replace(diagnostic, path=label_paths(diagnostic.path, copy, revision, folder))
            for diagnostic in dataset.diagnostics
        )
        entries = tuple(replace(entry, source=moved(entry.source, copy)) for entry in dataset.entries)
        budget_source = moved(dataset.budget_source, copy) if dataset.budget_source else None
    return replace(dataset, data_dir=real, entries=entries, diagnostics=diagnostics, budget_source=budget_source)


Side = tuple[str, Dataset]  # what to call a state, and the state


def load_base(data_dir: Path, base: str | None, other_files: Mapping[str, bool]) -> Side:
    """The data folder at `base` (default: `default_base`), to compare today's files with."""
    root = toplevel(data_dir)
    revision = resolve(root, base) if base is not None else default_base(root)
    return revision.label, load_at(root, revision, relative_to_root(root, data_dir), other_files)


def load_states(
    data_dir: Path, base: str | None, head: str | None, other_files: Mapping[str, bool]
) -> tuple[Side, Side]:
    """The two states to compare: the data folder at `base` (default: `default_base`) and at `head` (default:
    the files on disk). Both revisions are resolved before anything is read, so a wrong name fails at once."""
    root = toplevel(data_dir, _("sammenlign to mapper med --data-base MAPPE"))
    folder = relative_to_root(root, data_dir)
    before = resolve(root, base) if base is not None else default_base(root)
    after = resolve(root, head) if head is not None else None
    old = (before.label, load_at(root, before, folder, other_files))
    if after is None:
        return old, (WORK_TREE, load_dataset(data_dir, None, other_files))
    return old, (after.label, load_at(root, after, folder, other_files))


__all__ = [
    "WORK_TREE",
    "Blobs",
    "Commit",
    "GitProblem",
    "Revision",
    "checked_out",
    "default_base",
    "default_branch",
    "label_paths",
    "load_at",
    "load_base",
    "load_states",
    "log",
    "read_blobs",
    "relative_to_root",
    "resolve",
    "toplevel",
]

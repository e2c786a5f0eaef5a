"""A cache of validated corrections, so that a data folder read before is not parsed and validated again.

Invisible to the stages above: `load` asks it for a file's correction and gets exactly what reading the file would
give, or nothing. Only a file that was read without any diagnostic is kept; a file with an error or a warning of
its own is read again every time, so its diagnostics are those of a fresh read by construction.

When is an entry used? Its file's kind, size, inode, device, mtime_ns and ctime_ns must all be as they were (any
write changes ctime, which no program can set back). A file changed within a few seconds of being cached could
share all of them with its cached state on a file system with coarse timestamps, so such an entry is checked by its
content hash (BLAKE2b) instead, as git does with "racily clean" files. The whole cache is keyed on budgetkorr's
version, the Python and pydantic versions, a hash of the source of the reading, validation and model code, and the
layout of the model's fields: any of them changes, the cache is empty.

Where: under the user's cache directory ($XDG_CACHE_HOME/budgetkorr, ~/.cache/budgetkorr; ~/Library/Caches on
macOS, %LOCALAPPDATA% on Windows), one file per data folder, never inside the data folder. `--no-cache` or
BUDGETKORR_NO_CACHE=1 turns it off. Safety: the file is JSON (plain values only: nothing in it is ever executed,
unlike pickle) behind a header line with the format, the key and a BLAKE2b hash of the body; a file that is
truncated, corrupt, foreign or from another version is ignored and rebuilt, never trusted. It is written to a
temporary file and renamed over the old one, so two processes at once each see a whole file, old or new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

import budgetkorr
from budgetkorr.models import Correction
from budgetkorr.yamlread import YamlFile

NO_CACHE_ENV = "BUDGETKORR_NO_CACHE"
CACHE_DIR_ENV = "XDG_CACHE_HOME"
FORMAT = "budgetkorr-cache 1"
# A file whose mtime or ctime is this close to the moment it was read may change again within the same timestamp
# tick of a coarse file system (FAT: 2 s), so its entry is checked by content, not by its stat.
RACY_NS = 3_000_000_000

Encoded = Any  # a JSON value


def cache_dir() -> Path:
    """The user's cache directory for budgetkorr, by the platform's convention."""
    given = os.environ.get(CACHE_DIR_ENV, "").strip()
    if given and Path(given).is_absolute():
        return Path(given) / "budgetkorr"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(local) if local else Path.home() / "AppData" / "Local") / "budgetkorr" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "budgetkorr"
    return Path.home() / ".cache" / "budgetkorr"


def disabled_by_environment() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("", "0", "no", "false")


# --- the records as plain values ---------------------------------------------------------------------------


class _Unsupported(Exception):
    """A field type the codec does not know: the cache stays off rather than guess."""


Kind = tuple[Any, ...]


def _kind(annotation: Any) -> Kind:
    """How a field's values are written: derived from the model, so a new field can never be dropped silently."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) != 1:
            raise _Unsupported(repr(annotation))
        return ("optional", _kind(options[0]))
    if origin is Literal:
        if not all(isinstance(arg, str) for arg in typing.get_args(annotation)):
            raise _Unsupported(repr(annotation))
        return ("str",)
    if origin is dict:
        key, value = (_kind(arg) for arg in typing.get_args(annotation))
        if key != ("int",) or value != ("decimal",):
            raise _Unsupported(repr(annotation))
        return ("amounts",)
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise _Unsupported(repr(annotation))
        return ("tuple", _kind(args[0]))
    for plain, name in ((bool, "bool"), (int, "int"), (str, "str"), (Decimal, "decimal"), (dt.date, "date")):
        if annotation is plain:
            return (name,)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation, tuple((name, _kind(f.annotation)) for name, f in annotation.model_fields.items()))
    raise _Unsupported(repr(annotation))


def _layout(kind: Kind) -> Any:
    """The kind as plain values, for the cache key."""
    if kind[0] == "model":
        return [kind[1].__qualname__, [[name, _layout(sub)] for name, sub in kind[2]]]
    return [kind[0], *(_layout(sub) for sub in kind[1:])]


def _encoder(kind: Kind) -> Callable[[Any], Encoded]:
    """A function that writes values of this kind as JSON values (built once, so each value costs one call)."""
    name = kind[0]
    if name in ("str", "int", "bool"):
        return _same
    if name == "optional":
        inner = _encoder(kind[1])
        return lambda value: None if value is None else inner(value)
    if name == "amounts":
        return lambda value: [[year, str(amount)] for year, amount in value.items()]
    if name == "decimal":
        return str
    if name == "date":
        return dt.date.isoformat
    if name == "tuple":
        item = _encoder(kind[1])
        return lambda value: [item(part) for part in value]
    fields = [(field, _encoder(sub)) for field, sub in kind[2]]

    def model(value: Any) -> Encoded:
        given = value.model_fields_set
        attributes = value.__dict__
        return [[field in given for field, _ in fields], *(encode(attributes[field]) for field, encode in fields)]

    return model


def _decoder(kind: Kind) -> Callable[[Encoded], Any]:
    """The inverse of `_encoder`. A value of the wrong type raises (TypeError, ValueError): the cache is dropped."""
    name = kind[0]
    if name in ("str", "int", "bool"):
        expected = {"str": str, "int": int, "bool": bool}[name]

        def plain(value: Encoded) -> Any:
            if type(value) is not expected:
                raise TypeError(name)
            return value

        return plain
    if name == "optional":
        inner = _decoder(kind[1])
        return lambda value: None if value is None else inner(value)
    if name == "amounts":
        return _amounts
    if name == "decimal":
        return lambda value: Decimal(_text(value))
    if name == "date":
        return lambda value: dt.date.fromisoformat(_text(value))
    if name == "tuple":
        item = _decoder(kind[1])
        return lambda value: tuple(item(part) for part in value)
    cls: type[BaseModel] = kind[1]
    fields = [(field, _decoder(sub)) for field, sub in kind[2]]
    names = [field for field, _ in fields]
    count = len(fields)
    new = object.__new__
    setattr_ = object.__setattr__

    def model(value: Encoded) -> Any:
        if len(value) != count + 1 or len(value[0]) != count:
            raise ValueError("layout")  # never shown: the cache is dropped
        attributes = {field: decode(part) for (field, decode), part in zip(fields, value[1:], strict=True)}
        # As pydantic's model_construct does (validation was done when the record was cached), without its
        # per-field bookkeeping of defaults: every field is in the record.
        record = new(cls)
        setattr_(record, "__dict__", attributes)
        setattr_(record, "__pydantic_fields_set__", {n for n, present in zip(names, value[0], strict=True) if present})
        setattr_(record, "__pydantic_extra__", None)
        setattr_(record, "__pydantic_private__", None)
        return record

    return model


def _amounts(value: Encoded) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for year, amount in value:
        if type(year) is not int or type(amount) is not str:
            raise TypeError("amounts")
        result[year] = Decimal(amount)
    return result


def _same(value: Any) -> Any:
    return value


def _text(value: Encoded) -> str:
    if type(value) is not str:
        raise TypeError("text")
    return value


def _check(condition: bool) -> None:
    if not condition:
        raise ValueError("type")  # never shown: the cache is dropped


# --- the cache file ------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    signature: list[int]
    digest: str
    racy: bool
    key_lines: dict[str, int]
    document_line: int
    record: Encoded


def _signature(status: os.stat_result) -> list[int]:
    return [
        stat.S_IFMT(status.st_mode),
        status.st_size,
        status.st_ino,
        status.st_dev,
        status.st_mtime_ns,
        status.st_ctime_ns,
    ]


def _code_hash() -> str:
    """The source of the code that turns a file into a correction: an edit to it empties the cache."""
    package = Path(budgetkorr.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted([package / "yamlread.py", *package.glob("models/*.py"), *package.glob("load/*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class CorrectionCache:
    """The validated corrections of one data folder, by file; `save` writes what changed."""

    def __init__(self, data_dir: Path, directory: Path | None = None) -> None:
        import pydantic

        self._kind = _kind(Correction)
        self._encode = _encoder(self._kind)
        self._decode = _decoder(self._kind)
        key = {
            "budgetkorr": budgetkorr.__version__,
            "python": sys.version,
            "pydantic": pydantic.VERSION,
            "code": _code_hash(),
            "layout": _layout(self._kind),
            "data": str(data_dir.absolute()),
        }
        self._key = json.dumps(key, sort_keys=True, ensure_ascii=False)
        name = hashlib.blake2b(key["data"].encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
        self.path = (directory or cache_dir()) / f"corrections-{name}.json"
        self._entries: dict[str, _Entry] = self._read()
        self._seen: set[str] = set()
        self._changed = False

    def _read(self) -> dict[str, _Entry]:
        """The entries of the cache file; an absent, unreadable, corrupt or foreign file gives none."""
        try:
            with self.path.open("rb") as file:
                header = json.loads(file.readline())
                body = file.read()
            if not (
                isinstance(header, dict)
                and header.get("format") == FORMAT
                and header.get("key") == self._key
                and header.get("blake2b") == hashlib.blake2b(body).hexdigest()
            ):
                return {}
            entries = json.loads(body)
            _check(isinstance(entries, dict))
            return {name: _Entry(*fields) for name, fields in entries.items()}
        except (OSError, ValueError, TypeError):  # JSON errors are ValueErrors; a wrong shape is a TypeError
            return {}

    def get(self, path: Path) -> tuple[Correction, YamlFile] | None:
        """The cached correction of a file, if the file is provably as it was when it was cached."""
        name = _name(path)
        self._seen.add(name)
        entry = self._entries.get(name)
        if entry is None:
            return None
        try:
            status = path.stat()
            signature = _signature(status)
            if entry.racy or signature != entry.signature:
                if not stat.S_ISREG(status.st_mode) or _digest(path) != entry.digest:
                    self._forget(name)
                    return None
                self._entries[name] = self._entry(
                    status, entry.digest, entry.key_lines, entry.document_line, entry.record
                )
                self._changed = True
            correction = self._decode(entry.record)
            _check(isinstance(entry.key_lines, dict) and type(entry.document_line) is int)
        except (OSError, ValueError, TypeError, KeyError):
            self._forget(name)
            return None
        return correction, YamlFile(path, None, None, entry.key_lines, entry.document_line)

    def put(self, path: Path, correction: Correction, source: YamlFile, raw: bytes, before: os.stat_result) -> None:
        """Keep a correction read without diagnostics from `raw`, the bytes read while the file had the stat
        `before`. A file that changed while it was read is not kept; one that may change again within the same
        timestamp tick is kept as racy (checked by the hash of those bytes next time)."""
        name = _name(path)
        self._seen.add(name)
        try:
            after = path.stat()
        except OSError:
            self._forget(name)
            return
        if _signature(after) != _signature(before):
            self._forget(name)
            return
        digest = hashlib.blake2b(raw).hexdigest()
        record = self._encode(correction)
        self._entries[name] = self._entry(after, digest, dict(source.key_lines or {}), source.document_line, record)
        self._changed = True

    def _entry(
        self, status: os.stat_result, digest: str, key_lines: dict[str, int], line: int, record: Encoded
    ) -> _Entry:
        now = time.time_ns()
        racy = max(status.st_mtime_ns, status.st_ctime_ns) >= now - RACY_NS
        return _Entry(_signature(status), digest, racy, key_lines, line, record)

    def forget(self, path: Path) -> None:
        self._seen.add(_name(path))
        self._forget(_name(path))

    def _forget(self, name: str) -> None:
        if self._entries.pop(name, None) is not None:
            self._changed = True

    def save(self, complete: bool) -> None:
        """Write the cache if anything changed; `complete`: the whole folder was read, so files not seen are gone."""
        if complete:
            for name in [name for name in self._entries if name not in self._seen]:
                self._forget(name)
        if not self._changed:
            return
        body = json.dumps(
            {name: list(vars(entry).values()) for name, entry in sorted(self._entries.items())},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8", "surrogateescape")
        header = {"format": FORMAT, "key": self._key, "blake2b": hashlib.blake2b(body).hexdigest()}
        # A cache that can not be written is no error: the next run reads the files again.
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".corrections-", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(json.dumps(header).encode() + b"\n" + body)
                Path(temporary).replace(self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink()
                raise
        self._changed = False


def _name(path: Path) -> str:
    # absolute without resolving links: a symlink is cached as the file it names now, checked by its stat
    return str(path) if path.is_absolute() else str(path.absolute())


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.blake2b(file.read()).hexdigest()


def open_cache(data_dir: Path, wanted: bool) -> CorrectionCache | None:
    """The cache of a data folder, or None when it is turned off (or the model has a field it can not hold)."""
    if not wanted or disabled_by_environment():
        return None
    try:
        return CorrectionCache(data_dir)
    except _Unsupported:
        return None

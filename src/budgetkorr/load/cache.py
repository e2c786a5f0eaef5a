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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

import budgetkorr
from budgetkorr.models import Correction
from budgetkorr.yamlread import YamlFile

NO_CACHE_ENV = "BUDGETKORR_NO_CACHE"
CACHE_DIR_ENV = "XDG_CACHE_HOME"
FORMAT = "budgetkorr-cache 3"
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


_PLAIN = {"str": str, "int": int, "bool": bool}


def _encoder(kind: Kind) -> Callable[[Any], Encoded]:
    """A function that writes values of this kind as JSON values (built once, so each value costs one call)."""
    name = kind[0]
    if name in _PLAIN:
        return _same
    if name == "optional":
        inner = _encoder(kind[1])
        return lambda value: None if value is None else inner(value)
    if name == "amounts":
        return _encode_amounts
    if name == "decimal":
        return str
    if name == "date":
        return dt.date.isoformat
    if name == "tuple":
        item = _encoder(kind[1])
        return lambda value: [item(part) for part in value]
    layout: tuple[tuple[str, Kind], ...] = kind[2]
    names = [field for field, _ in layout]
    bits = {field: 1 << index for index, field in enumerate(names)}
    values = itemgetter(*names) if len(names) > 1 else lambda attributes: tuple(attributes[n] for n in names)
    # The fields of a plain type are written as they are; only the others are encoded one by one.
    others = [(index, _encoder(sub)) for index, (_, sub) in enumerate(layout) if sub[0] not in _PLAIN]

    def model(value: Any) -> Encoded:
        present = sum(map(bits.__getitem__, value.model_fields_set))
        parts = [present, *values(value.__dict__)]
        for index, encode in others:
            parts[index + 1] = encode(parts[index + 1])
        return parts

    return model


def _encode_amounts(value: dict[int, Decimal]) -> Encoded:
    """Year, amount, year, amount, …: one flat list (a list per pair cost the reader memory and time)."""
    return list(chain.from_iterable(zip(value, map(str, value.values()), strict=True)))


class _Decimals(dict[str, Decimal]):
    """Each distinct amount text decoded once and shared: thousands of corrections repeat the same amounts, and a
    Decimal costs 104 bytes (at 10,000 corrections 23 MB of them, 8,000 distinct). Looked up by C code (`map`);
    only a text can be a key (no other JSON value equals one)."""

    def __missing__(self, text: Encoded) -> Decimal:
        amount = self[text] = Decimal(_text(text))
        return amount


class _Dates(dict[str, dt.date]):
    def __missing__(self, text: Encoded) -> dt.date:
        day = self[text] = dt.date.fromisoformat(_text(text))
        return day


class _Shared:
    """Equal values decoded once and shared (all immutable: a model's fields set is never changed after validation,
    the models are frozen)."""

    def __init__(self) -> None:
        self.decimals = _Decimals()
        self.dates = _Dates()
        self.fields_sets: dict[int, set[str]] = {}


def _decoder(kind: Kind, shared: _Shared) -> Callable[[Encoded], Any]:
    """The inverse of `_encoder`. A value of the wrong type raises (TypeError, ValueError): the cache is dropped."""
    name = kind[0]
    if name in _PLAIN:
        expected = _PLAIN[name]

        def plain(value: Encoded) -> Any:
            if type(value) is not expected:
                raise TypeError(name)
            return value

        return plain
    if name == "optional":
        inner = _decoder(kind[1], shared)
        return lambda value: None if value is None else inner(value)
    if name == "amounts":
        decimal = shared.decimals.__getitem__

        def amounts(value: Encoded) -> dict[int, Decimal]:
            years = value[0::2]
            if type(value) is not list or {*map(type, years)} - {int}:
                raise TypeError(name)
            return dict(zip(years, map(decimal, value[1::2]), strict=True))

        return amounts
    if name == "decimal":
        return shared.decimals.__getitem__
    if name == "date":
        return shared.dates.__getitem__
    if name == "tuple":
        item = _decoder(kind[1], shared)
        return lambda value: tuple(map(item, value))
    return _model_decoder(kind[1], kind[2], shared)


def _model_decoder(cls: type[BaseModel], layout: tuple[tuple[str, Kind], ...], shared: _Shared) -> Callable[..., Any]:
    """A record of a model: the fields of a plain type are checked together by one comparison of their types, the
    others decoded one by one."""
    names = [field for field, _ in layout]
    count = len(names)
    plain = [index for index, (_, sub) in enumerate(layout) if sub[0] in _PLAIN]
    plain_values = itemgetter(*plain) if len(plain) > 1 else lambda parts: tuple(parts[index] for index in plain)
    plain_types = tuple(_PLAIN[layout[index][1][0]] for index in plain)
    # (index, decoder, whether None is allowed): an optional field's None is taken without a call
    others = [
        (index, _decoder(sub[1], shared), True) if sub[0] == "optional" else (index, _decoder(sub, shared), False)
        for index, (_, sub) in enumerate(layout)
        if sub[0] not in _PLAIN
    ]
    new = object.__new__
    setattr_ = object.__setattr__
    fields_sets = shared.fields_sets

    def model(value: Encoded) -> Any:
        if type(value) is not list or len(value) != count + 1:
            raise ValueError("layout")  # never shown: the cache is dropped
        present = value[0]
        given = fields_sets.get(present)
        if given is None:
            if type(present) is not int or not 0 <= present < 1 << count:
                raise ValueError("layout")
            given = fields_sets[present] = {field for index, field in enumerate(names) if present >> index & 1}
        parts = value[1:]
        if tuple(map(type, plain_values(parts))) != plain_types:
            raise TypeError("plain")
        for index, decode, optional in others:
            part = parts[index]
            if part is not None or not optional:
                parts[index] = decode(part)
        # As pydantic's model_construct does (validation was done when the record was cached), without its
        # per-field bookkeeping of defaults: every field is in the record.
        record = new(cls)
        setattr_(record, "__dict__", dict(zip(names, parts, strict=True)))
        setattr_(record, "__pydantic_fields_set__", given)
        setattr_(record, "__pydantic_extra__", None)
        setattr_(record, "__pydantic_private__", None)
        return record

    return model


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


@dataclass(slots=True)
class _Entry:
    """One file's entry. A correction read from the cache file is decoded when it is first asked for and then kept
    only decoded; one is encoded when the cache file is written."""

    signature: str
    digest: str
    racy: bool
    key_lines: dict[str, int]  # shared between the entries whose top-level keys are on the same lines
    document_line: int
    record: Encoded | None  # as read from the cache file, until decoded
    correction: Correction | None = None

    def row(self, table: int, encode: Callable[[Correction], Encoded]) -> list[Any]:
        record = self.record if self.correction is None else encode(self.correction)
        return [self.signature, self.digest, self.racy, table, self.document_line, record]


def _signature(status: os.stat_result) -> str:
    """Kind, size, inode, device, mtime_ns and ctime_ns as one text: JSON reads one text faster than six numbers of
    up to 19 digits (a third of the time to read the cache file)."""
    return (
        f"{stat.S_IFMT(status.st_mode)} {status.st_size} {status.st_ino} {status.st_dev} "
        f"{status.st_mtime_ns} {status.st_ctime_ns}"
    )


def _code_hash() -> str:
    """The source of the code that turns a file into a correction: an edit to it empties the cache."""
    package = Path(budgetkorr.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    readers = [package / "yamlread.py", package / "yamlfast.py"]
    for path in sorted([*readers, *package.glob("models/*.py"), *package.glob("load/*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class CorrectionCache:
    """The validated corrections of one data folder, by file; `save` writes what changed.

    The file's body: `{"lines": [TABLE, …], "files": {NAME: [SIGNATURE, DIGEST, RACY, TABLE_INDEX, DOCUMENT_LINE,
    RECORD]}}`, where a TABLE is the lines of a file's top-level keys, written once for all the files that share it.
    """

    def __init__(self, data_dir: Path, directory: Path | None = None) -> None:
        import pydantic

        self._kind = _kind(Correction)
        self._encode = _encoder(self._kind)
        self._decode = _decoder(self._kind, _Shared())
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
        self._opened = _now()  # every file this run reads is read after this moment
        self._tables: dict[tuple[tuple[str, int], ...], dict[str, int]] = {}
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
            # Decoded before it is parsed, so that the bytes and the text are not both held while the values are
            # made (17 MB at 10,000 corrections); surrogateescape as written: a file name that is not UTF-8.
            text = body.decode("utf-8", "surrogateescape")
            del body
            content = json.loads(text)
            del text
            _check(isinstance(content, dict))
            tables = [self._table(lines) for lines in content["lines"]]
            entries: dict[str, _Entry] = {}
            for name, (signature, digest, racy, table, line, record) in content["files"].items():
                _check(type(table) is int and table >= 0 and type(line) is int)
                entries[name] = _Entry(signature, digest, racy, tables[table], line, record)
            return entries
        except (OSError, ValueError, TypeError, KeyError, IndexError):  # JSON errors are ValueErrors
            return {}

    def _table(self, lines: Encoded) -> dict[str, int]:
        """A table of lines read from the cache file, checked, and shared."""
        _check(isinstance(lines, dict) and all(type(key) is str and type(line) is int for key, line in lines.items()))
        return self._shared(lines)

    def _shared(self, lines: dict[str, int]) -> dict[str, int]:
        """One dict for equal lines of top-level keys (most files of a folder have the same)."""
        return self._tables.setdefault(tuple(lines.items()), lines)

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
                entry.signature, entry.racy = signature, _racy(status, self._opened)
                self._changed = True
            if entry.correction is None:
                entry.correction, entry.record = self._decode(entry.record), None
        except (OSError, ValueError, TypeError, KeyError):
            self._forget(name)
            return None
        return entry.correction, YamlFile(path, None, None, entry.key_lines, entry.document_line)

    def put(self, path: Path, correction: Correction, source: YamlFile, digest: str, before: os.stat_result) -> None:
        """Keep a correction read without diagnostics from bytes whose `content_hash` is `digest`, read while the
        file had the stat `before`. A file that changed while it was read is not kept; one that may change again
        within the same timestamp tick is kept as racy (checked by the hash of those bytes next time)."""
        name = _name(path)
        self._seen.add(name)
        try:
            after = path.stat()
        except OSError:
            self._forget(name)
            return
        signature = _signature(after)
        if signature != _signature(before):
            self._forget(name)
            return
        lines = self._shared(dict(source.key_lines or {}))
        racy = _racy(after, self._opened)
        self._entries[name] = _Entry(signature, digest, racy, lines, source.document_line, None, correction)
        self._changed = True

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
        entries = sorted(self._entries.items())
        tables: dict[int, int] = {}  # id of a shared table → its index in "lines"
        lines: list[dict[str, int]] = []
        for _, entry in entries:
            if tables.setdefault(id(entry.key_lines), len(lines)) == len(lines):
                lines.append(entry.key_lines)
        # A cache that can not be written is no error: the next run reads the files again.
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".corrections-", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "wb") as file:
                    # Each file's row is encoded, hashed and written at once, so that the cache is never held
                    # whole in memory (at 10,000 corrections a tree of JSON values of 60 MB, or 17 MB of text);
                    # the header, which holds the hash of all that follows, is written again at the end.
                    file.write(self._header("0" * 128))
                    digest = hashlib.blake2b()
                    for part in self._body(entries, lines, tables):
                        digest.update(part)
                        file.write(part)
                    file.seek(0)
                    file.write(self._header(digest.hexdigest()))
                Path(temporary).replace(self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink()
                raise
        self._changed = False

    def _header(self, digest: str) -> bytes:
        return json.dumps({"format": FORMAT, "key": self._key, "blake2b": digest}).encode() + b"\n"

    def _body(
        self, entries: list[tuple[str, _Entry]], lines: list[dict[str, int]], tables: dict[int, int]
    ) -> Iterator[bytes]:
        yield b'{"lines":' + _json(lines) + b',"files":{'
        separator = b""
        for name, entry in entries:
            yield separator + _json(name) + b":" + _json(entry.row(tables[id(entry.key_lines)], self._encode))
            separator = b","
        yield b"}}"


_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> bytes:
    # surrogateescape: a file name that is not UTF-8 is kept as its bytes. (orjson writes JSON four times as fast,
    # but keeps a UTF-8 copy inside every text it writes for as long as the text lives: 29 MB at 26,000 files.)
    return _encode_json(value).encode("utf-8", "surrogateescape")


def _racy(status: os.stat_result, read_from: int) -> bool:
    """Whether a file may still change within the timestamp tick of its stat: its mtime or ctime is close to the
    moment its bytes were read, or later. `read_from`: a moment no later than that (when the cache was opened: a
    file may be kept long after it was read, when thousands are read first)."""
    return max(status.st_mtime_ns, status.st_ctime_ns) >= read_from - RACY_NS


def _now() -> int:
    return time.time_ns()


def _name(path: Path) -> str:
    # absolute without resolving links: a symlink is cached as the file it names now, checked by its stat
    return str(path) if path.is_absolute() else str(path.absolute())


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return content_hash(file.read())


def content_hash(raw: bytes) -> str:
    """The hash by which an entry is checked against a file's content."""
    return hashlib.blake2b(raw, digest_size=32).hexdigest()


def open_cache(data_dir: Path, wanted: bool) -> CorrectionCache | None:
    """The cache of a data folder, or None when it is turned off (or the model has a field it can not hold)."""
    if not wanted or disabled_by_environment():
        return None
    try:
        return CorrectionCache(data_dir)
    except _Unsupported:
        return None

"""Reading one YAML file safely, the one module that opens input: limits first, then exact values with lines.

Only a regular file is read (a FIFO or a device, also behind a symlink, is named at once, never read), at most
`MAX_FILE_BYTES` of it; it must be UTF-8 without control characters. It is composed into PyYAML's node tree
(which keeps a mark for every node) by an iterative composer that refuses nesting deeper than `MAX_DEPTH` and more
than `MAX_NODES` values before anything recursive sees them, and turned into Python values here rather than by
PyYAML's constructor, so that numbers become `Decimal` from their text (never a binary float), a key written twice
is an error instead of a silent overwrite, no tag is ever executed, and an alias (`*name`) can not expand a small
file into a huge one. The node tree is kept so that an error found later can be traced to its line.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from budgetkorr.diagnostics import FILE_FIELD, Diagnostic, display_path, error
from budgetkorr.i18n import _

# The limits of what is read, each far beyond any real file: a correction is one page (about 3 KiB, depth 4,
# 150 values); a data folder's other files are smaller still. Past them the file is refused before the part of
# the reader that grows with it (memory, recursion, the number of diagnostics) sees it.
MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: refused before it is read whole
MAX_DEPTH = 64  # nested lists and mappings; a correction needs 4 (finansiering[0].beløb.2026)
MAX_NODES = 20_000  # values, keys and collections in one file; a correction has about 150

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_CANONICAL_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": "Infinity", ".nan": "NaN"}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER_TEXT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")
# Characters no YAML file of ours needs, that YAML refuses with a message of two lines, or that show a reader
# something other than what the file holds: C0 controls but tab and line breaks, DEL, C1 controls (NEL too),
# the Unicode line and paragraph separators (a line break to YAML, not to an editor), bidirectional overrides
# and isolates (text shown in another order than it is read), and the non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


Location = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    """A parsed file: its values and the node tree to find the line of any location in it."""

    path: Path
    data: Any
    root: yaml.Node

    def line_of(self, location: Location) -> int:
        return locate(self.root, location)


def read_yaml(path: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Read and parse one file; on any problem return None and diagnostics that say what and where."""
    raw, problem = read_limited(path)
    if raw is None:
        return None, [problem] if problem else []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(
                path,
                line,
                FILE_FIELD,
                f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 (æ, ø and å in UTF-8)",
            )
        ]
    return parse_yaml(path, text)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("en mappe")
    if stat.S_ISFIFO(mode):
        return _("en FIFO (navngivet pipe)")
    if stat.S_ISSOCK(mode):
        return _("en socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("en enhed")
    return _("ikke en almindelig fil")


def read_limited(path: Path) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or the diagnostic that says why not.

    The kind of file is checked before it is opened (a FIFO or a device, also behind a symlink, would block or
    never end), and again on the open descriptor, which is opened without blocking; the size is checked on the
    descriptor before reading, and no more than the limit is read even if the file grows meanwhile.
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):  # as the operating system says it, like any other file that can not be read
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            return None, _not_regular(path, mode)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return None, _not_regular(path, status.st_mode)
            if status.st_size > MAX_FILE_BYTES:
                return None, _too_large(path)
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_FILE_BYTES:
                chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
    except OSError as exc:
        return None, error(path, 1, FILE_FIELD, f"can not be read: {exc.strerror or exc}")
    if size > MAX_FILE_BYTES:
        return None, _too_large(path)
    return b"".join(chunks), None


def _not_regular(path: Path, mode: int) -> Diagnostic:
    message = _("er {kind}, ikke en almindelig fil; kun almindelige filer læses").format(kind=_kind(mode))
    return error(path, 1, FILE_FIELD, message)


def _too_large(path: Path) -> Diagnostic:
    return error(path, 1, FILE_FIELD, f"file is larger than {MAX_FILE_BYTES // 1024} KiB")


def _forbidden_character(path: Path, text: str) -> Diagnostic | None:
    """One diagnostic for the first character no file of ours may hold, with its line and column."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    count = len(_FORBIDDEN.findall(text))
    name = _character_name(char)
    message = _("tegnet U+{code:04X} ({name}) må ikke stå i filen; slet det eller skriv almindelig tekst").format(
        code=ord(char), name=name
    )
    if count > 1:
        message += " " + _("({count} sådanne tegn i filen; dette er det første)").format(count=count)
    return Diagnostic(display_path(path), line, FILE_FIELD, message, column=column)


def _character_name(char: str) -> str:
    return unicodedata.name(char, "") or _CONTROL_NAMES.get(char, _("styretegn"))


_CONTROL_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF", "\x1b": "ESC", "\x7f": "DEL"}


def parse_yaml(path: Path, text: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    forbidden = _forbidden_character(path, text)
    if forbidden is not None:
        return None, [forbidden]
    try:
        root = compose(text)
    except SecondDocument as exc:
        message = _("filen holder mere end ét YAML-dokument; et nyt begynder her (---); én fil er én korrektion")
        return None, [error(path, exc.line, FILE_FIELD, message)]
    except TooMany as exc:
        message = _("filen har mere end {limit} værdier; en korrektion har omkring 150").format(limit=MAX_NODES)
        return None, [Diagnostic(display_path(path), exc.line, FILE_FIELD, message, column=exc.column)]
    except TooDeep as exc:
        message = _("lister og mappings er indlejret mere end {limit} niveauer; en korrektion behøver 4").format(
            limit=MAX_DEPTH
        )
        return None, [Diagnostic(display_path(path), exc.line, FILE_FIELD, message, column=exc.column)]
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "invalid YAML"
        noticed = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        if exc.context_mark is not None and exc.context_mark.line + 1 < noticed:
            # An unclosed {…} or […]: the place to look is where it starts, not where YAML gave up.
            started = exc.context_mark.line + 1
            message = f"YAML syntax: {problem} on line {noticed} ({exc.context} that starts here)"
            return None, [error(path, started, FILE_FIELD, message)]
        context = f" ({exc.context})" if exc.context else ""
        return None, [error(path, noticed, FILE_FIELD, f"YAML syntax: {problem}{context}")]
    except yaml.YAMLError as exc:
        return None, [error(path, 1, FILE_FIELD, f"YAML syntax: {exc}")]
    if root is None:  # no document at all: an empty file, or only comments (the validator says what belongs)
        root = yaml.ScalarNode(_TAG + "null", "", yaml.error.Mark(str(path), 0, 0, 0, None, 0))
    builder = _Builder(path)
    data = builder.build(root, ())
    if builder.first_alias is not None:
        line, location = builder.first_alias
        count = f" ({builder.aliases} uses; this is the first)" if builder.aliases > 1 else ""
        message = f"aliases (*name) are not allowed; write the values out{count}"
        builder.problems.append(error(path, line, field_text(location), message))
    if builder.fatal:
        return None, builder.problems
    return YamlFile(path, data, root), builder.problems


class TooDeep(Exception):
    """Nesting beyond MAX_DEPTH; `line` and `column` (1-based) of the first level too many."""

    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.line = mark.line + 1
        self.column = mark.column + 1


class SecondDocument(TooDeep):
    """A second YAML document (after `---`); where it starts."""


class TooMany(TooDeep):
    """More than MAX_NODES values; where the first one too many starts."""


def compose(text: str) -> yaml.Node | None:
    """The node tree of a one-document YAML text, built from the parser's events without recursion.

    PyYAML's own composer recurses once per level of nesting, so a few thousand `[` exhaust the stack (the C
    composer then crashes the interpreter). Here the levels are a list, the depth and the number of nodes are
    counted as the events arrive, and the file is refused at the first event past a limit, before anything
    recursive sees it. Tags are resolved as PyYAML's composer does; an alias is the node of its anchor (the
    builder refuses it), never a copy.
    """
    loader = _Loader(text)
    try:
        return _compose_events(loader)
    finally:
        loader.dispose()


def _compose_events(loader: Any) -> yaml.Node | None:  # Any: the stubs leave the parser untyped
    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # DocumentStart
    anchors: dict[str, yaml.Node] = {}
    stack: list[yaml.CollectionNode] = []
    keys: list[yaml.Node | None] = []  # per open mapping: the key whose value comes next
    root: yaml.Node | None = None
    nodes = 0
    while not loader.check_event(yaml.DocumentEndEvent):
        event = loader.get_event()
        start: Any = event.start_mark  # Any: the C parser's marks are of another class than the stubs say
        node: yaml.Node
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            node = anchors[event.anchor]
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop().end_mark = event.end_mark  # it was added to its parent when it opened
            keys.pop()
            continue
        else:
            nodes += 1
            if nodes > MAX_NODES:
                raise TooMany(start)
            anchor = getattr(event, "anchor", None)
            if anchor is not None and anchor in anchors:
                raise yaml.composer.ComposerError(
                    "found duplicate anchor", anchors[anchor].start_mark, "second occurrence", start
                )
            if isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                end: Any = event.end_mark
                node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            else:
                assert isinstance(event, yaml.CollectionStartEvent)
                if len(stack) >= MAX_DEPTH:
                    raise TooDeep(start)
                kind: type[yaml.CollectionNode] = (
                    yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
                )
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)
                node = kind(tag, [], start, None, flow_style=event.flow_style)
                if anchor is not None:
                    anchors[anchor] = node
                if stack:
                    _attach(stack, keys, node)
                else:
                    root = node
                stack.append(node)
                keys.append(None)
                continue
            if anchor is not None:
                anchors[anchor] = node
        if stack:
            _attach(stack, keys, node)
        else:
            root = node
    loader.get_event()  # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        raise SecondDocument(loader.get_event().start_mark)
    return root


def _attach(stack: list[yaml.CollectionNode], keys: list[yaml.Node | None], node: yaml.Node) -> None:
    """Add a node to the open collection (a collection is added when it opens, and filled later)."""
    parent = stack[-1]
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        parent.value.append((keys[-1], node))
        keys[-1] = None


class _Builder:
    """Turns a node tree into Python values, collecting every problem instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.fatal = False  # a problem that leaves no usable value (an alias, a merge key, a tag)
        # Aliases are reported once, with their count: an alias bomb would otherwise give thousands of lines.
        self.aliases = 0
        self.first_alias: tuple[int, Location] | None = None
        self._seen: set[int] = set()

    def _problem(self, node: yaml.Node, location: Location, message: str, line: int | None = None) -> None:
        self.fatal = True
        where = line if line is not None else node.start_mark.line + 1
        self.problems.append(error(self.path, where, field_text(location), message))

    def build(self, node: yaml.Node, location: Location, line: int | None = None) -> Any:
        # A node reached twice was written once and referred to by an alias: refuse before it can multiply.
        # PyYAML keeps no mark for the alias itself, so the line is that of its key or list item.
        if id(node) in self._seen:
            self.fatal = True
            self.aliases += 1
            if self.first_alias is None:
                self.first_alias = (line if line is not None else node.start_mark.line + 1, location)
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
            self._problem(node, location, f"the tag {node.tag} is not allowed here; write plain values", line)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, index), line) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, location)

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[str, int] = {}
        pairs = list(node.value)
        skip: set[int] = set()
        for index, (key_node, value_node) in enumerate(pairs):
            if index in skip:
                continue
            if node.flow_style and index + 1 < len(pairs) and _comma_split(value_node, *pairs[index + 1]):
                # {2026: 2,000} is read by YAML as {2026: 2, 000: null}: join the two back into the text the
                # user wrote, so the models can say what it is and how to write it.
                value_node = yaml.ScalarNode(
                    _TAG + "str", f"{value_node.value},{pairs[index + 1][0].value}", value_node.start_mark
                )
                skip.add(index + 1)
            if key_node.tag == _TAG + "merge":
                self._problem(key_node, location, "merge keys (<<) are not allowed; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, location, "a key must be a plain word or year, not a list or mapping")
                continue
            key = self._scalar(key_node, location)
            if isinstance(key, int) and not _CANONICAL_INT.match(key_node.value):
                key = key_node.value  # 02026 or +2026 as a key: kept as written, so the models can refuse it
            line = key_node.start_mark.line + 1
            # Compared as text: 2026 and "2026" become the same year once validated, so they are one key.
            if str(key) in first_line:
                # Not fatal: the first value is kept, so the rest of the file is still checked.
                self.problems.append(
                    error(
                        self.path,
                        line,
                        field_text((*location, key)),
                        f"key is written twice (first on line {first_line[str(key)]}); keep one",
                    )
                )
                continue
            first_line[str(key)] = line
            result[key] = self.build(value_node, (*location, key), line)
        return result

    def _scalar(self, node: yaml.ScalarNode, location: Location) -> Any:
        tag, text = node.tag, node.value
        found = _FORBIDDEN.search(text)
        if found is not None:  # written as an escape in quotes ("\e[31m", "\0"): the file itself was clean
            char = found.group()
            message = _("tegnet U+{code:04X} ({name}) må ikke stå i en værdi; skriv almindelig tekst").format(
                code=ord(char), name=_character_name(char)
            )
            self.fatal = True
            mark = node.start_mark
            self.problems.append(
                Diagnostic(
                    display_path(self.path), mark.line + 1, field_text(location), message, column=mark.column + 1
                )
            )
            return None
        if tag == _TAG + "str":
            # YAML 1.1 leaves 08, 09 and 1e3 as text; written without quotes, they are numbers to the user.
            if not node.style and _NUMBER_TEXT.match(text):
                return _decimal(text)
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag == _TAG + "int":
            # Leading zeros are read as decimal (010 is ten, not YAML 1.1's octal eight); hex, octal and
            # sexagesimal forms stay text, so the models can say they are not plain numbers.
            return int(text.replace("_", "")) if _PLAIN_INT.match(text) else text
        if tag == _TAG + "float":
            return _decimal(text)
        if tag == _TAG + "timestamp":
            return _date(text)
        self._problem(node, location, f"the tag {tag} is not allowed here; write plain values")
        return None


def _comma_split(value: yaml.Node, next_key: yaml.Node, next_value: yaml.Node) -> bool:
    """Whether a number and the next key are one Danish number split at its decimal comma."""
    return (
        isinstance(value, yaml.ScalarNode)
        and value.tag in (_TAG + "int", _TAG + "float")
        and not value.style
        and isinstance(next_key, yaml.ScalarNode)
        and not next_key.style  # plain, not quoted (the C loader says "", the Python one None)
        and next_key.value.isdigit()
        and isinstance(next_value, yaml.ScalarNode)
        and next_value.tag == _TAG + "null"
        and next_value.value == ""
    )


def _decimal(text: str) -> Decimal | str:
    special = _SPECIAL_FLOATS.get(text.lower().lstrip("+-"))
    if special is not None:
        return Decimal(("-" if text.startswith("-") else "") + special)
    if not _PLAIN_FLOAT.match(text):
        return text
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text


def _date(text: str) -> dt.date | str:
    match = _DATE.match(text)
    if match is None:
        return text  # a time of day as well: not a date, the models say so
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return text


def field_text(location: Location) -> str:
    """A location as the user reads it: `finansiering[0].beløb.2026` (years are keys, small numbers indexes)."""
    parts: list[str] = []
    for part in location:
        if isinstance(part, int) and parts and not _is_year(part):
            parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
    return ".".join(parts) or FILE_FIELD


def _is_year(part: int) -> bool:
    return part >= 1000


def locate(root: yaml.Node, location: Location) -> int:
    """The line of a location: as deep as the node tree reaches, then that of the last node found."""
    node: yaml.Node | None = root
    line = root.start_mark.line + 1
    for part in location:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    child, line = value_node, key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        node = child  # None once the location leaves the file (a missing key): keep the last line found
    return line

"""Reading one YAML file safely, the one module that opens input: limits first, then exact values with lines.

Only a regular file is read (a FIFO or a device, also behind a symlink, is named at once, never read), at most
`MAX_FILE_BYTES` of it; it must be UTF-8 without control characters. It is composed into PyYAML's node tree
(which keeps a mark for every node) by an iterative composer that refuses nesting deeper than `MAX_DEPTH` and more
than `MAX_NODES` values before anything recursive sees them, and turned into Python values here rather than by
PyYAML's constructor, so that numbers become `Decimal` from their text (never a binary float), a key written twice
is an error instead of a silent overwrite, no tag is ever executed, and an alias (`*name`) can not expand a small
file into a huge one. The node tree is kept until the file is validated, so that an error can be traced to its
line; after that only the lines of the top-level keys.

Speed: a file of the plain shape budgetkorr's files have (`key: value` lines, `{…}` on one line, `|` texts, lists
of mappings) is read line by line by `yamlfast`, without a node tree; its lines are found from the text again only
when a message needs one below the top-level keys. Any other file well inside the limits (by its size and its
count of `[{-?:`) is composed by PyYAML's C composer without SafeLoader's resolver, which runs in Python for every
node and tries regular expressions on every text; a plain scalar's type is then found here, once per distinct
short text, with SafeLoader's own table. Anything else (a file near a limit, any YAML error) takes the iterative
composer, whose limits and messages are the reference. tests/test_fastpath.py holds that values, lines and
diagnostics are the same on every path. A syntax error is told in the words of `yamlmessages`, the same with every
PyYAML and libyaml (tests/test_yaml_syntax.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, display_path, error, file_kind, os_reason
from budgetkorr.i18n import N_, _
from budgetkorr.yamlfast import Unsure, key_as_written, read_plain
from budgetkorr.yamlmessages import other_message, syntax_message


class _Deferred:
    """PyYAML, imported where it is first used: a file of the plain shape (nearly every file) is read without it,
    so a command on a small data folder does not pay for importing it."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        globals()["yaml"] = module  # every later use finds the module itself
        return getattr(module, name)


if TYPE_CHECKING:
    import yaml
else:
    yaml = _Deferred()

# The limits of what is read, each far beyond any real file: a correction is one page (about 3 KiB, depth 4,
# 150 values); a data folder's other files are smaller still. Past them the file is refused before the part of
# the reader that grows with it (memory, recursion, the number of diagnostics) sees it.
MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: refused before it is read whole
MAX_DEPTH = 64  # nested lists and mappings; a correction needs 4 (finansiering[0].beløb.2026)
MAX_NODES = 20_000  # values, keys and collections in one file; a correction has about 150

_TAG = "tag:yaml.org,2002:"


class _Resolved(str):
    """A tag the loader gave an untagged node: a type no tag written in a file can have."""

    __slots__ = ()


_PLAIN = _Resolved(_TAG + "str")  # a plain scalar whose type (int, float, bool, null, date, str) is found later
_QUOTED = _Resolved(_TAG + "str")

# YAML 1.1's implicit types, exactly as PyYAML's SafeLoader resolves them (yaml.resolver.Resolver's table, in its
# order; tests/test_fastpath.py holds that it is that table), here so that typing a plain scalar needs no PyYAML.
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
for _name, _pattern, _first in (
    (
        "bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        "yYnNtTfFoO",
    ),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        "-+0123456789",
    ),
    ("merge", r"^(?:<<)$", "<"),
    (
        "null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        ["~", "n", "N", ""],
    ),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("value", r"^(?:=)$", "="),
    ("yaml", r"^(?:!|&|\*)$", "!&*"),
):
    _compiled = re.compile(_pattern, re.X if "\n" in _pattern else 0)
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_TAG + _name, _compiled))
_IMPLICIT_ANY = _IMPLICIT.get(None, [])


@functools.cache
def _fast_loader() -> type[Any]:
    """PyYAML's C parser and composer without the resolver's work on every node (made at its first use).

    SafeLoader's resolver runs in Python for each node even under the C loader, and tries regular expressions
    on every piece of text. Here a node only learns whether it was a plain scalar; `_tag` resolves the plain
    ones the builder looks at, with SafeLoader's own table, so the tags are the same as the reference's.
    """
    collection_tags: dict[type[yaml.Node], str] = {
        yaml.SequenceNode: _Resolved(_TAG + "seq"),
        yaml.MappingNode: _Resolved(_TAG + "map"),
    }

    class FastLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):  # type: ignore[misc]
        def descend_resolver(self, current_node: object, current_index: object) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind: type[yaml.Node], value: object, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return collection_tags[kind]

    return FastLoader


# False: every file takes the iterative composer with SafeLoader's resolver (the reference, for tests).
FAST = True
# False: no file is read by the line reader (yamlfast), only by a composer (for tests).
LINES = True
# Below these counts of `[{-?:` (each level of nesting needs one) and of characters (a value needs at least a
# third of one), a file can not reach MAX_DEPTH or MAX_NODES; up to _C_SAFE_DEPTH, the C composer's recursion is
# safe and the limits are counted on its tree instead. PyYAML without libyaml composes in Python, two frames of
# the interpreter's 1,000 per level: up to _PY_SAFE_DEPTH.
_C_SAFE_DEPTH = 1000
_PY_SAFE_DEPTH = 200


def _tag(node: yaml.Node) -> str:
    """The node's tag as SafeLoader resolves it: explicit tags as written, plain scalars by their text."""
    tag: str = node.tag
    if tag is _QUOTED:
        return _TAG + "str"
    if tag is not _PLAIN:
        return tag
    return _plain_tag(node.value)


def _plain_tag(value: str) -> str:
    """The tag SafeLoader gives a plain scalar of this text."""
    resolved = _PLAIN_TAGS.get(value)
    if resolved is None:
        resolved = _TAG + "str"
        for candidate, pattern in (*_IMPLICIT.get(value[0] if value else "", ()), *_IMPLICIT_ANY):
            if pattern.match(value):
                resolved = candidate
                break
        _remember(_PLAIN_TAGS, value, resolved)
    return resolved


# Plain texts repeat (keys, years, amounts, ja/nej): each is resolved once per process. Only short texts are kept,
# and never more than a bounded number, so a huge input can not grow these without end.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_VALUES: dict[str, Any] = {}
_MEMO_TEXT, _MEMO_ENTRIES = 48, 100_000
_UNSEEN = object()
_VALUE_TAGS = frozenset(_TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp"))


def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
    if len(text) <= _MEMO_TEXT:
        if len(memo) >= _MEMO_ENTRIES:
            memo.clear()
        memo[text] = value


_PLAIN_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")


_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": "Infinity", ".nan": "NaN"}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER_TEXT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")
# Characters no YAML file of ours needs, that YAML refuses with a message of two lines, or that show a reader
# something other than what the file holds: C0 controls but tab and line breaks, DEL, C1 controls (NEL too),
# the Unicode line and paragraph separators (a line break to YAML, not to an editor), bidirectional overrides
# and isolates (text shown in another order than it is read), and the non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

_TAG_MESSAGE = N_("mærket {tag} er ikke tilladt her; skriv almindelige værdier")


Location = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    """A parsed file: its values, and the node tree to find the line of any location in it.

    Once the file is validated only the lines of its top-level keys are kept (`keep_lines`): thousands of node
    trees cost more memory than the records, and the collector's time. A deeper line is then found by reading
    the file again, which happens only to report something about it.
    """

    path: Path
    data: Any
    root: yaml.Node | None
    key_lines: Mapping[str, int] | None = None  # the top-level keys' lines, when there is no node tree
    document_line: int = 1
    text: str | None = None  # read by the line reader: the text, to find a deeper line until it is validated

    def line_of(self, location: Location) -> int:
        if self.root is not None:
            return locate(self.root, location)
        line = (self.key_lines or {}).get(str(location[0])) if location else None
        if line is None:
            return self.document_line
        if len(location) > 1:
            root = self._tree()
            if root is not None:
                return locate(root, location)
        return line

    def with_tree(self) -> YamlFile:
        """The file with its node tree, to find many lines in it (a file read by the line reader has none)."""
        if self.root is not None or self.text is None:
            return self
        return YamlFile(self.path, self.data, self._tree(), self.key_lines, self.document_line, self.text)

    def _tree(self) -> yaml.Node | None:
        """The node tree, composed again from the text, or from the file once the text is no longer kept."""
        text = self.text
        if text is None:
            raw, _problem = read_limited(self.path)
            if raw is None:
                return None
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return None
        try:
            return _compose(text)
        except (yaml.YAMLError, Refused):
            return None

    def keep_lines(self) -> YamlFile:
        """The file without its values and node tree: the lines of the top-level keys are enough from here on."""
        if self.root is None:
            if self.data is None and self.text is None:
                return self
            return YamlFile(self.path, None, None, self.key_lines, self.document_line)
        lines: dict[str, int] = {}
        if isinstance(self.root, yaml.MappingNode):
            for key_node, _value in self.root.value:
                if isinstance(key_node, yaml.ScalarNode):
                    lines.setdefault(key_node.value, key_node.start_mark.line + 1)
        return YamlFile(self.path, None, None, lines, self.root.start_mark.line + 1)


def read_yaml(path: Path) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Read and parse one file; on any problem return None and diagnostics that say what and where."""
    raw, problem = read_limited(path)
    if raw is None:
        return None, [problem] if problem else []
    return parse_bytes(path, raw)


def parse_bytes(path: Path, raw: bytes) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Parse a file's bytes, read by `read_limited`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(
                path,
                line,
                FILE_FIELD,
                _("byte 0x{byte} er ikke UTF-8; gem filen som UTF-8 (æ, ø og å i UTF-8)").format(
                    byte=f"{raw[exc.start]:02x}"
                ),
            )
        ]
    return parse_yaml(path, text)


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file of at most `limit` bytes, or the diagnostic that says why not.

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
            if status.st_size > limit:
                return None, too_large(path, limit)
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                # Ask for the size the file has (and one byte more, to see it end or grow), not for the whole limit:
                # a 1 MiB buffer for every file of 2 KiB cost more than reading them (0.19 s -> 0.09 s at 10,000).
                chunk = os.read(descriptor, min(limit + 1 - size, max(status.st_size + 1 - size, 65536)))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
    except OSError as exc:
        return None, error(path, 1, FILE_FIELD, _("kan ikke læses: {reason}").format(reason=os_reason(exc)))
    if size > limit:
        return None, too_large(path, limit)
    return b"".join(chunks), None


def _not_regular(path: Path, mode: int) -> Diagnostic:
    message = _("er {kind}, ikke en almindelig fil; kun almindelige filer læses").format(kind=file_kind(mode))
    return error(path, 1, FILE_FIELD, message)


def too_large(path: Path, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    """A file over the limit, refused by its size (also a file in git, whose size is known before it is read)."""
    return error(path, 1, FILE_FIELD, _("filen er større end {size} KiB").format(size=limit // 1024))


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
    if FAST and LINES:
        plain = read_plain(text, _plain_value, MAX_NODES // 2)
        if plain is not None:
            data, key_lines, first = plain
            return YamlFile(path, data, None, key_lines, first, text), []
    try:
        root = _compose(text)
    except Refused as exc:
        return None, [Diagnostic(display_path(path), exc.line, FILE_FIELD, exc.message, column=exc.column)]
    except yaml.MarkedYAMLError as exc:
        told = syntax_message(exc)
        message = told.message
        lines = text.splitlines()
        if 0 < told.line <= len(lines) and "\u00a0" in lines[told.line - 1]:
            # it looks like a space, so the sentence about indentation or a colon would leave the reader puzzled
            hard_space = _("linjen har et hårdt mellemrum (fra Word eller en e-mail): skriv et almindeligt mellemrum")
            message += "; " + hard_space
        return None, [Diagnostic(display_path(path), told.line, FILE_FIELD, message, column=told.column)]
    except yaml.YAMLError as exc:
        return None, [error(path, 1, FILE_FIELD, other_message(exc))]
    if root is None:  # no document at all: an empty file, or only comments (the validator says what belongs)
        root = yaml.ScalarNode(_TAG + "null", "", yaml.error.Mark(str(path), 0, 0, 0, None, 0))
    builder = _Builder(path)
    data = builder.build(root, ())
    if builder.first_alias is not None:
        line, location = builder.first_alias
        message = (
            _("aliaser (*navn) er ikke tilladt; skriv værdierne ud ({count} steder; dette er det første)").format(
                count=builder.aliases
            )
            if builder.aliases > 1
            else _("aliaser (*navn) er ikke tilladt; skriv værdierne ud")
        )
        builder.problems.append(error(path, line, field_text(location), message))
    if builder.fatal:
        return None, builder.problems
    return YamlFile(path, data, root), builder.problems


def _compose(text: str) -> yaml.Node | None:
    """The node tree: by the C composer where the text is far enough inside the limits, else by `compose`."""
    structure = sum(text.count(char) for char in "[{-?:")
    if not FAST or structure >= (_C_SAFE_DEPTH if hasattr(yaml, "CBaseLoader") else _PY_SAFE_DEPTH):
        return compose(text)
    try:
        root: yaml.Node | None = yaml.compose(text, Loader=_fast_loader())
    except yaml.YAMLError:
        return compose(text)  # the reference's message, with its lines (a second document, a syntax error)
    if (structure >= MAX_DEPTH or 3 * len(text) >= MAX_NODES) and not _within_limits(root):
        return compose(text)  # it raises the limit's error where the reference does
    return root


def _within_limits(root: yaml.Node | None) -> bool:
    """Whether a tree has at most MAX_NODES distinct nodes and no collection below MAX_DEPTH others."""
    seen: set[int] = set()
    pending: list[tuple[yaml.Node, int]] = [(root, 0)] if root is not None else []
    while pending:
        node, depth = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            return False
        if isinstance(node, yaml.SequenceNode):
            if depth >= MAX_DEPTH:
                return False
            pending += [(item, depth + 1) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            if depth >= MAX_DEPTH:
                return False
            pending += [(part, depth + 1) for pair in node.value for part in pair]
    return True


class Refused(Exception):
    """A text refused while it is composed, by a rule of budgetkorr's own: where (1-based; column 0 for the line
    as a whole) and the message, in the user's words."""

    def __init__(self, mark: Any, message: str, *, column: bool = True) -> None:
        super().__init__(message)
        self.line = mark.line + 1
        self.column = mark.column + 1 if column else 0
        self.message = message


def compose(text: str) -> yaml.Node | None:
    """The node tree of a one-document YAML text, built from the parser's events without recursion.

    PyYAML's own composer recurses once per level of nesting, so a few thousand `[` exhaust the stack (the C
    composer then crashes the interpreter). Here the levels are a list, the depth and the number of nodes are
    counted as the events arrive, and the file is refused at the first event past a limit, before anything
    recursive sees it. Tags are resolved as PyYAML's composer does; an alias is the node of its anchor (the
    builder refuses it), never a copy.

    The events come from libyaml where it is installed, and from PyYAML's Python parser when libyaml refuses the
    text: libyaml's sentences, marks and limits change with its version (0.2.6 stops at 1,000 levels with a
    sentence of its own, before the limit here is reached), the Python parser's are the same in every PyYAML the
    bounds allow, so a mistake is told with the same words at the same place on every installation.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _compose_with(fast, text)
        except yaml.YAMLError:
            pass  # told below, by the reference parser
    return _compose_with(yaml.SafeLoader, text)


def _compose_with(kind: type[Any], text: str) -> yaml.Node | None:
    loader = kind(text)
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
                message = _("aliasset *{name} peger ikke på noget; aliaser (*navn) er ikke tilladt").format(
                    name=event.anchor
                )
                raise Refused(start, message)
            node = anchors[event.anchor]
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop().end_mark = event.end_mark  # it was added to its parent when it opened
            keys.pop()
            continue
        else:
            nodes += 1
            if nodes > MAX_NODES:
                message = _(
                    "filen har mere end {limit} værdier; budgetkorrs filer har langt færre "
                    "(en korrektion har omkring 150)"
                ).format(limit=MAX_NODES)
                raise Refused(start, message)
            anchor = getattr(event, "anchor", None)
            if anchor is not None and anchor in anchors:
                message = _("ankeret &{name} står to gange (første gang på linje {line}); skriv værdierne ud").format(
                    name=anchor, line=anchors[anchor].start_mark.line + 1
                )
                raise Refused(start, message)
            if isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                end: Any = event.end_mark
                node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            else:
                assert isinstance(event, yaml.CollectionStartEvent)
                if len(stack) >= MAX_DEPTH:
                    message = _("lister og mappings er indlejret mere end {limit} niveauer; en korrektion behøver 4")
                    raise Refused(start, message.format(limit=MAX_DEPTH))
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
            _attach(stack, keys, node)  # a collection is added when it opens, and filled while it is open
        else:
            root = node
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append(node)  # type: ignore[arg-type]  # the node made for a collection event above
            keys.append(None)
    loader.get_event()  # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        message = _("filen holder mere end ét YAML-dokument; et nyt begynder her (---); én fil er én korrektion")
        raise Refused(loader.get_event().start_mark, message, column=False)
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
        # Each node reached, by id, holding the node: a node made here (a number split at its comma, joined again)
        # is otherwise freed at once, and the next one may get its id and be taken for an alias.
        self._seen: dict[int, yaml.Node] = {}

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
        self._seen[id(node)] = node
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
            self._problem(node, location, _(_TAG_MESSAGE).format(tag=node.tag), line)
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
            if _tag(key_node) == _TAG + "merge":
                self._problem(key_node, location, _("flettenøgler (<<) er ikke tilladt; skriv nøglerne ud"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, location, _("en nøgle skal være et ord eller et år, ikke en liste eller tabel"))
                continue
            key = key_as_written(self._scalar(key_node, location), key_node.value)
            line = key_node.start_mark.line + 1
            # Compared as text: 2026 and "2026" become the same year once validated, so they are one key.
            if str(key) in first_line:
                # Not fatal: the first value is kept, so the rest of the file is still checked.
                self.problems.append(
                    error(
                        self.path,
                        line,
                        field_text((*location, key)),
                        _("nøglen står to gange (første gang på linje {line}); behold den ene").format(
                            line=first_line[str(key)]
                        ),
                    )
                )
                continue
            first_line[str(key)] = line
            result[key] = self.build(value_node, (*location, key), line)
        return result

    def _scalar(self, node: yaml.ScalarNode, location: Location) -> Any:
        if node.tag is _PLAIN:  # the common case: its value depends on its text alone
            value = _PLAIN_VALUES.get(node.value, _UNSEEN)
            if value is _UNSEEN:
                tag = _tag(node)
                value = self._typed(node, tag, location)
                # Not `<<` or `=` as a value, nor a forbidden character: those are reported each time.
                if tag in _VALUE_TAGS and _FORBIDDEN.search(node.value) is None:
                    _remember(_PLAIN_VALUES, node.value, value)
            return value
        return self._typed(node, _tag(node), location)

    def _typed(self, node: yaml.ScalarNode, tag: str, location: Location) -> Any:
        text = node.value
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
        if tag in _VALUE_TAGS:
            return _typed_text(text, tag, plain=not node.style)
        self._problem(node, location, _(_TAG_MESSAGE).format(tag=tag))
        return None


def _typed_text(text: str, tag: str, plain: bool) -> Any:
    """The value of a scalar with one of `_VALUE_TAGS`; `plain`: written without quotes or `|`."""
    if tag == _TAG + "str":
        # YAML 1.1 leaves 08, 09 and 1e3 as text; written without quotes, they are numbers to the user.
        if plain and _NUMBER_TEXT.match(text):
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
    return _date(text)  # timestamp


def _plain_value(text: str) -> Any:
    """A plain scalar's value as the builder gives it, for the line reader; Unsure where the builder would
    report a problem (`<<`, `=`)."""
    value = _PLAIN_VALUES.get(text, _UNSEEN)
    if value is _UNSEEN:
        tag = _plain_tag(text)
        if tag not in _VALUE_TAGS:
            raise Unsure
        value = _typed_text(text, tag, plain=True)
        _remember(_PLAIN_VALUES, text, value)
    return value


def _comma_split(value: yaml.Node, next_key: yaml.Node, next_value: yaml.Node) -> bool:
    """Whether a number and the next key are one Danish number split at its decimal comma."""
    return (  # the cheap tests first: this runs for every pair of every {…} mapping
        isinstance(next_value, yaml.ScalarNode)
        and next_value.value == ""
        and isinstance(next_key, yaml.ScalarNode)
        and not next_key.style  # plain, not quoted (the C loader says "", the Python one None)
        and next_key.value.isdigit()
        and isinstance(value, yaml.ScalarNode)
        and not value.style
        and _tag(value) in (_TAG + "int", _TAG + "float")
        and _tag(next_value) == _TAG + "null"
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

"""Reading one YAML file safely: exact decimals, duplicate keys and aliases caught, line numbers kept.

The file is composed into PyYAML's node tree (which keeps a mark for every node) and turned into Python
values here rather than by PyYAML's constructor, so that numbers become `Decimal` from their text (never a
binary float), a key written twice is an error instead of a silent overwrite, and an alias (`*name`) can not
expand a small file into a huge one. The node tree is kept so that an error found later can be traced to
its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from budgetkorr.diagnostics import FILE_FIELD, Diagnostic, error

MAX_FILE_BYTES = 1024 * 1024  # a correction is one page; a larger file is a mistake, not a correction

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {".inf": "Infinity", ".nan": "NaN"}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER_TEXT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")


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
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [error(path, 1, FILE_FIELD, f"file is larger than {MAX_FILE_BYTES // 1024} KiB")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(path, 1, FILE_FIELD, f"can not be read: {exc.strerror or exc}")]
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


def parse_yaml(path: Path, text: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    try:
        root = yaml.compose(text, Loader=_Loader)
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
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _TAG + "null" and root.value == ""):
        return None, [
            error(path, 1, FILE_FIELD, "file is empty; a correction is a YAML mapping of keys (nr, titel, …)")
        ]
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

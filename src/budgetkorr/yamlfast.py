"""A line reader for the plain shape of budgetkorr's files, that gives up on anything else.

Nearly every file in a data folder is written the same way: `key: value` lines, `{2026: 0.880, …}` on one line,
`|` text blocks, a list of `- kilde: …` mappings, comments. Such a file is read here line by line, without the
node tree PyYAML builds (most of the time of a cold run went into building that tree and walking it). Whatever is
not plainly that shape (a tab, an anchor or a tag, a quote with an escape, a value over two lines, a `|+` block,
a key written twice, a `---`, an indentation that is not one of the open levels…) makes the reader give up
(`Unsure`), and the file is read by yamlread's reference reader, which also says what is wrong with it. So this
reader never reports a problem: it reads a file exactly as the reference does, or not at all.

Plain scalars are typed by the caller's function (YAML 1.1's implicit types as SafeLoader resolves them, numbers
as Decimal), which raises `Unsure` for a text the reference would refuse. tests/test_fastpath.py holds that the
values and lines are the reference's, on every file the tests have and on generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


class Unsure(Exception):
    """The text is not plainly of the shape read here: the reference reader reads it."""


# A key in a block mapping: a plain scalar without `:` or `#`, that does not start with an indicator nor end with
# a space (it is followed by `: ` or by `:` at the end of the line).
_BLOCK_KEY = re.compile(r"[^ \-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]*[^ :#])?")
# A plain scalar inside `{…}` or `[…]`: no indicator first (a `-` only before another character), none inside,
# no space at either end.
_FLOW = re.compile(r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-[^ \-?:,\[\]{}#&*!|>'\"%@`])(?:[^:?,\[\]{}#]*[^ :?,\[\]{}#])?")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)' *")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *')
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_LONGEST_KEY = 1000  # PyYAML refuses a key of more than 1024 characters on one line
_MAX_LEVELS = 32  # nested collections; yamlread refuses more than 64
_BLOCK_START = frozenset("-?:")
_NEVER_START = frozenset(",]}#&*!>%@`|")
_NOT_PLAIN = frozenset("{['\"") | _NEVER_START | _BLOCK_START  # a value starting so is not a plain one
_UNSEEN = object()

Parsed = tuple[dict[Any, Any], dict[str, int], int]


def key_as_written(key: Any, text: str) -> Any:
    """A key as both readers keep it: the value its text resolves to when that is a word or a whole number written
    plainly, else its text. So 2026.0, 02026, yes or a date can not stand for, or collide with, a year (2026.0 ==
    2026 in Python, so a dict would silently keep one of the two values), and the models refuse them as written."""
    return key if type(key) is str or (type(key) is int and _CANONICAL_INT.fullmatch(text)) else text


def read_plain(text: str, plain: Callable[[str], Any], max_nodes: int) -> Parsed | None:
    """The top-level mapping of a text, the lines of its keys and the line it starts on; None when unsure.

    `plain` types a plain scalar's text (raising `Unsure` where the reference would report it). A text that
    might hold more than `max_nodes` values, keys and collections is left to the reference, which counts them."""
    if "\t" in text or text.startswith("\ufeff"):
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    # A line read here holds at most 6 (`- key: {a: 1}` opening a list), and each comma in `{…}` or `[…]` 2 more.
    if 6 * len(lines) + 2 * text.count(",") > max_nodes:
        return None
    try:
        return _Reader(lines, plain).document()
    except Unsure:
        return None


class _Memo:
    """Texts already read, per context (the same text can be a valid key in a block and not in `{…}`).

    Keys and short values repeat in every file (nr, titel, 2026, 0.000, ja): each is checked and typed once per
    process. Only short texts are kept, and never more than a bounded number."""

    def __init__(self) -> None:
        self.block_keys: dict[str, tuple[Any, str]] = {}
        self.flow_keys: dict[str, tuple[Any, str]] = {}
        self.block_values: dict[str, Any] = {}
        self.flow_values: dict[str, Any] = {}
        self.flow_mappings: dict[str, dict[Any, Any]] = {}

    @staticmethod
    def keep(memo: dict[str, Any], text: str, value: Any, longest: int = 48) -> None:
        if len(text) <= longest:
            if len(memo) >= 50_000:
                memo.clear()
            memo[text] = value


_MEMO = _Memo()


class _Reader:
    __slots__ = ("at", "key_lines", "levels", "lines", "plain")

    def __init__(self, lines: list[str], plain: Callable[[str], Any]) -> None:
        self.lines = lines
        self.plain = plain
        self.at = 0  # the line being read
        self.levels = 0
        self.key_lines: dict[str, int] | None = {}  # the top-level keys' lines, while the top level is read

    def document(self) -> Parsed:
        if self._next_content() != 0:
            raise Unsure  # an empty file, or one that does not start with a key at the left edge
        first = self.at + 1
        key_lines = self.key_lines
        assert key_lines is not None
        return self._mapping(0), key_lines, first

    def _next_content(self) -> int:
        """Skip blank and comment lines; the indentation of the next line, or -1 at the end of the text."""
        lines = self.lines
        at = self.at
        end = len(lines)
        while at < end:
            line = lines[at]
            if line and line[0] != " ":
                if line[0] != "#":
                    self.at = at
                    return 0
            else:
                content = line.lstrip(" ")
                if content and content[0] != "#":
                    self.at = at
                    return len(line) - len(content)
            at += 1
        self.at = at
        return -1

    def _key(self, text: str, memo: dict[str, tuple[Any, str]], pattern: re.Pattern[str]) -> tuple[Any, str]:
        """A key's value, and the text it is compared as (2026 and "2026" are the same key)."""
        if len(text) > _LONGEST_KEY or pattern.fullmatch(text) is None:
            raise Unsure
        key = key_as_written(self.plain(text), text)
        known = (key, str(key))
        _Memo.keep(memo, text, known)
        return known

    def _mapping(self, indent: int) -> dict[Any, Any]:
        """The block mapping whose keys start at column `indent`, from the current line (maybe after `- `)."""
        self.levels += 1
        if self.levels > _MAX_LEVELS:
            raise Unsure
        result: dict[Any, Any] = {}
        seen: set[str] = set()
        key_lines, self.key_lines = self.key_lines, None  # only the top level's keys are kept
        lines = self.lines
        keys = _MEMO.block_keys
        while True:
            line = lines[self.at]
            colon = line.find(":", indent)
            after = colon + 1
            if colon < 0 or (after < len(line) and line[after] != " "):
                raise Unsure
            text = line[indent:colon]
            known = keys.get(text)
            key, compared = known if known is not None else self._key(text, keys, _BLOCK_KEY)
            if compared in seen:
                raise Unsure  # a key written twice: the reference names both lines
            seen.add(compared)
            if key_lines is not None:
                key_lines[text] = self.at + 1
            self.at += 1
            rest = line[after:].lstrip(" ")
            if rest and rest[0] not in _NOT_PLAIN:  # the common case, here rather than in a call
                comment = rest.find(" #")
                result[key] = self._plain(rest[:comment] if comment >= 0 else rest)
            else:
                result[key] = self._value(rest, indent, True)
            # The next line; a value that goes on over it is deeper than `indent`, and left to the reference.
            next_line = lines[self.at] if self.at < len(lines) else ""
            following = 0 if next_line and next_line[0] not in " #" else self._next_content()
            if following < indent:
                self.levels -= 1
                return result
            if following > indent:
                raise Unsure  # deeper than the level it could belong to
            # the same column: the next key of this mapping

    def _value(self, rest: str, indent: int, in_mapping: bool) -> Any:
        """The value after `key:` (or `- `) on the current line, with the lines that belong to it."""
        if not rest:
            if not in_mapping:
                raise Unsure
            following = self._next_content()
            if following > indent:
                return self._collection(following, indentless=False)
            if following == indent and _is_item(self.lines[self.at][indent:]):
                return self._collection(indent, indentless=True)
            return self.plain("")
        first = rest[0]
        if first == "{":
            value: Any = self._flow_mapping(rest)
        elif first == "[":
            value = self._flow_sequence(rest)
        elif first == "'":
            found = _SINGLE_QUOTED.fullmatch(rest)
            if found is None:
                raise Unsure
            value = found.group(1).replace("''", "'")
        elif first == '"':
            found = _DOUBLE_QUOTED.fullmatch(rest)
            if found is None:
                raise Unsure
            value = found.group(1)
        elif first in _NEVER_START or (first in _BLOCK_START and (len(rest) == 1 or rest[1] == " ")):
            if first in "|>" and in_mapping:
                return self._literal(rest, indent)
            raise Unsure
        else:
            comment = rest.find(" #")
            value = self._plain(rest[:comment] if comment >= 0 else rest)
        return value  # the caller checks that it does not go on over the next lines

    def _plain(self, text: str) -> Any:
        """A plain scalar in a block (its comment cut off): not `key: value` again, nor ending in `:`."""
        text = text.rstrip(" ")
        values = _MEMO.block_values
        value = values.get(text, _UNSEEN)
        if value is _UNSEEN:
            if ": " in text or text[-1] == ":":
                raise Unsure
            value = self.plain(text)
            _Memo.keep(values, text, value)
        return value

    def _collection(self, indent: int, indentless: bool) -> Any:
        if _is_item(self.lines[self.at][indent:]):
            return self._sequence(indent, indentless)
        return self._mapping(indent)

    def _sequence(self, indent: int, indentless: bool) -> list[Any]:
        self.levels += 1
        if self.levels > _MAX_LEVELS:
            raise Unsure
        items: list[Any] = []
        lines = self.lines
        while True:
            content = lines[self.at][indent:]
            if not content.startswith("- "):
                raise Unsure  # an empty item (`-` alone)
            rest = content[2:].lstrip(" ")
            if not rest or rest[0] == "#" or _is_item(rest):
                raise Unsure
            colon = rest.find(":")
            if colon > 0 and (colon + 1 == len(rest) or rest[colon + 1] == " "):
                items.append(self._mapping(len(lines[self.at]) - len(rest)))
            else:
                self.at += 1
                items.append(self._value(rest, indent, False))
            following = self._next_content()
            if following == indent and _is_item(lines[self.at][indent:]):
                continue
            if following < indent or (following == indent and indentless):
                self.levels -= 1
                return items
            raise Unsure

    def _literal(self, header: str, indent: int) -> str:
        """A `|`, `|-`, `>` or `>-` block: the lines indented more than the key, as PyYAML's scanner reads them."""
        header = header.rstrip(" ")
        if header not in ("|", "|-", ">", ">-"):
            raise Unsure  # `|+`, an indentation indicator, a comment after the indicator
        lines = self.lines
        end = len(lines)
        at = self.at
        while at < end and not lines[at]:
            at += 1
        leading = at - self.at  # empty lines before the text are line breaks in it
        if at == end:
            self.at = at
            return ""
        line = lines[at]
        content = line.lstrip(" ")
        if not content:
            raise Unsure  # a line of only spaces before the text: PyYAML takes its width as the indentation
        width = len(line) - len(content)
        if width <= indent:
            self.at = at
            return ""  # no text: the next key follows
        margin = " " * width
        parts: list[str | None] = [None] * leading  # None for an empty line (a line break only)
        while at < end:
            line = lines[at]
            if line.startswith(margin):
                parts.append(line[width:] if len(line) > width else None)
            elif line.strip(" "):
                break
            else:
                parts.append(None)
            at += 1
        self.at = at
        last = len(parts)
        while parts[last - 1] is None:
            last -= 1
        text = "\n".join(part or "" for part in parts[:last]) if header[0] == "|" else _folded(parts[:last])
        # Without `-` the text keeps its last line break, which the file's last line may not have.
        if header[-1] == "-" or (at == end and last == len(parts)):
            return text
        return text + "\n"

    def _flow_mapping(self, text: str) -> dict[Any, Any]:
        known = _MEMO.flow_mappings.get(text)
        if known is not None:
            return dict(known)  # {2026: 0.000, 2027: 0.000, …} is in many files
        result = self._new_flow_mapping(text)
        if len(text) <= 120:
            _Memo.keep(_MEMO.flow_mappings, text, result, longest=120)
            return dict(result)
        return result

    def _new_flow_mapping(self, text: str) -> dict[Any, Any]:
        text = text.rstrip(" ")
        if text[-1] != "}":
            raise Unsure
        inner = text[1:-1]
        result: dict[Any, Any] = {}
        if not inner.strip(" "):
            return result
        keys, values = _MEMO.flow_keys, _MEMO.flow_values
        seen: set[str] = set()
        parts = inner.split(",")
        for part in parts:
            key_text, colon, value_text = part.partition(": ")
            if not colon:
                raise Unsure
            key_text = key_text.lstrip(" ")
            known = keys.get(key_text)
            key, compared = known if known is not None else self._key(key_text, keys, _FLOW)
            seen.add(compared)
            result[key] = self._flow_value(value_text.strip(" "), values)
        if len(seen) != len(parts):
            raise Unsure  # a key written twice
        return result

    def _flow_sequence(self, text: str) -> list[Any]:
        text = text.rstrip(" ")
        if text[-1] != "]":
            raise Unsure
        inner = text[1:-1]
        if not inner.strip(" "):
            return []
        values = _MEMO.flow_values
        return [self._flow_value(part.strip(" "), values) for part in inner.split(",")]

    def _flow_value(self, text: str, values: dict[str, Any]) -> Any:
        value = values.get(text, _UNSEEN)
        if value is _UNSEEN:
            if _FLOW.fullmatch(text) is None:
                raise Unsure
            value = self.plain(text)
            _Memo.keep(values, text, value)
        return value


def _folded(parts: list[str | None]) -> str:
    """The lines of a `>` block folded as PyYAML folds them: a line break between two lines that start with no
    space is a space, or nothing where empty lines (each a line break) stand between them."""
    chunks: list[str] = []
    previous: str | None = None
    breaks = 0
    for part in parts:
        if part is None:
            breaks += 1
            continue
        if previous is None:
            chunks.append("\n" * breaks)
        elif previous[0] != " " and part[0] != " ":
            chunks.append(" " if breaks == 0 else "\n" * breaks)
        else:
            chunks.append("\n" * (breaks + 1))
        chunks.append(part)
        previous, breaks = part, 0
    return "".join(chunks)


def _is_item(content: str) -> bool:
    return content.startswith("- ") or content == "-"

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
diagnostics are the same on every path.
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

from budgetkorr.diagnostics import FILE_FIELD, Diagnostic, display_path, error, os_reason
from budgetkorr.i18n import N_, _
from budgetkorr.yamlfast import Unsure, key_as_written, read_plain


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
# safe and the limits are counted on its tree instead.
_C_SAFE_DEPTH = 1000


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

# PyYAML's words for a syntax error, in the user's language: the problem and the context sentences of the
# scanner, the parser and the composer, both of libyaml (the C loader, used when it is installed) and of PyYAML's
# own Python loader. A text in neither table is shown as PyYAML writes it. Like every message, the Danish is a
# str.format template: a literal brace is written twice.
_YAML_WORDS = {
    # problems
    "mapping values are not allowed here": N_("et kolon er ikke tilladt her (skriv teksten i anførselstegn)"),
    "mapping values are not allowed in this context": N_("et kolon er ikke tilladt her (er indrykningen ens?)"),
    "found unexpected ':'": N_("et kolon er ikke tilladt her (skriv teksten i anførselstegn)"),
    "sequence entries are not allowed here": N_("et listepunkt (- ) er ikke tilladt her (er indrykningen ens?)"),
    "block sequence entries are not allowed in this context": N_(
        "et listepunkt (- ) er ikke tilladt her (er indrykningen ens?)"
    ),
    "mapping keys are not allowed here": N_("en nøgle med ? er ikke tilladt her (er indrykningen ens?)"),
    "mapping keys are not allowed in this context": N_("en nøgle med ? er ikke tilladt her (er indrykningen ens?)"),
    "found unknown escape character": N_("ukendt tegn efter \\ i en tekst i anførselstegn (skriv \\\\ for \\)"),
    "found character that cannot start any token": N_(
        "et tegn, der ikke kan begynde en værdi (skriv den i anførselstegn)"
    ),
    "found character '\\t' that cannot start any token": N_("et tabulatortegn; ryk ind med mellemrum"),
    "found character that cannot start any token '\\t'": N_("et tabulatortegn; ryk ind med mellemrum"),
    "found a tab character that violates indentation": N_("et tabulatortegn; ryk ind med mellemrum"),
    "found a tab character where an indentation space is expected": N_("et tabulatortegn; ryk ind med mellemrum"),
    "could not find expected ':'": N_("der mangler et ':' efter nøglen"),
    "did not find expected key": N_("der mangler en nøgle (er indrykningen ens?)"),
    "did not find expected key '-'": N_("et listepunkt (- ) hører ikke til her (er indrykningen ens?)"),
    "did not find expected ',' or '}'": N_("der mangler et ',' eller '}}'"),
    "did not find expected ',' or ']'": N_("der mangler et ',' eller ']'"),
    "did not find expected '-' indicator": N_("der mangler et '-' (er indrykningen ens?)"),
    "did not find expected node content": N_("der mangler en værdi"),
    "found unexpected end of stream": N_("filen slutter midt i en værdi (mangler et anførselstegn?)"),
    "found unexpected document indicator": N_(
        "en linje med --- eller ... midt i en tekst i anførselstegn (mangler et anførselstegn?)"
    ),
    "found unexpected document separator": N_(
        "en linje med --- eller ... midt i en tekst i anførselstegn (mangler et anførselstegn?)"
    ),
    "did not find expected hexdecimal number": N_(
        "efter \\x, \\u eller \\U skal stå hexadecimale cifre (0-9, A-F); skriv \\\\ for \\"
    ),
    "found invalid Unicode character escape code": N_("koden efter \\u eller \\U er ikke et tegn"),
    "did not find expected comment or line break": N_("her må kun stå en kommentar (#) resten af linjen"),
    "found an indentation indicator equal to 0": N_("tallet efter | eller > er indrykningen: 1-9, ikke 0"),
    "did not find expected alphabetic or numeric character": N_(
        "der mangler et navn af bogstaver og tal (uden mellemrum)"
    ),
    "found unexpected non-alphabetical character": N_("her må kun stå bogstaver og tal"),
    "could not find expected directive name": N_("der mangler et navn efter %"),
    "found unknown directive name": N_("ukendt navn efter % (kun %YAML og %TAG findes)"),
    "did not find expected whitespace": N_("der mangler et mellemrum"),
    "did not find expected whitespace or line break": N_("der mangler et mellemrum eller et linjeskift"),
    "did not find expected digit or '.' character": N_("der mangler et tal eller et punktum"),
    "did not find expected version number": N_("der mangler et versionsnummer"),
    "found extremely long version number": N_("versionsnummeret er for langt"),
    "found duplicate YAML directive": N_("%YAML står to gange"),
    "found duplicate %YAML directive": N_("%YAML står to gange"),
    "found incompatible YAML document": N_("YAML-versionen skal være 1.x"),
    "found incompatible YAML document (version 1.* is required)": N_("YAML-versionen skal være 1.x"),
    "found duplicate %TAG directive": N_("den samme forkortelse står i to %TAG-linjer"),
    "found undefined tag handle": N_("mærket (!…) bruger en forkortelse, ingen %TAG-linje definerer"),
    "did not find the expected '>'": N_("der mangler et '>'"),
    "did not find expected '!'": N_("der mangler et '!'"),
    "did not find expected tag URI": N_("mærket (!…) er tomt"),
    "did not find URI escaped octet": N_("efter % i et mærke skal stå 2 hexadecimale cifre"),
    "found an incorrect leading UTF-8 octet": N_("%-koderne i mærket er ikke gyldig UTF-8"),
    "found an incorrect trailing UTF-8 octet": N_("%-koderne i mærket er ikke gyldig UTF-8"),
    "did not find expected <stream-start>": N_("filen kan ikke læses som YAML"),
    "did not find expected <document start>": N_(
        "der står mere efter dokumentets slutning (en nøgle uden for indrykningen, eller en linje med ...?)"
    ),
    "found undefined alias": N_("aliasset (*navn) peger ikke på noget"),
    "found duplicate anchor": N_("et anker (&navn), der står to gange"),
    "found duplicate anchor; first occurrence": N_("et anker (&navn), der står to gange"),
    "second occurrence": N_("ankeret står her igen"),
    "but found another document": N_("her begynder et dokument mere (---)"),
    # contexts, shown as "(…)" after the problem
    "while scanning for the next token": N_("i en værdi"),
    "while scanning a simple key": N_("i en nøgle"),
    "while scanning a plain scalar": N_("i en tekst uden anførselstegn"),
    "while scanning a quoted scalar": N_("i en tekst i anførselstegn"),
    "while scanning a double-quoted scalar": N_("i en tekst i anførselstegn"),
    "while parsing a quoted scalar": N_("i en tekst i anførselstegn"),
    "while scanning a block scalar": N_("i en tekst efter | eller >"),
    "while scanning an anchor": N_("i et anker (&navn)"),
    "while scanning an alias": N_("i et alias (*navn)"),
    "while scanning a tag": N_("i et mærke (!…)"),
    "while parsing a tag": N_("i et mærke (!…)"),
    "while scanning a directive": N_("i en linje, der begynder med %"),
    "while parsing a directive": N_("i en linje, der begynder med %"),
    "while scanning a %YAML directive": N_("i en linje, der begynder med %"),
    "while scanning a %TAG directive": N_("i en linje, der begynder med %"),
    "while parsing a %TAG directive": N_("i en linje, der begynder med %"),
    "while scanning a tag directive": N_("i en linje, der begynder med %"),
    "while parsing a tag directive": N_("i en linje, der begynder med %"),
    "while parsing a node": N_("i en værdi"),
    "while parsing a block node": N_("i en værdi"),
    "while parsing a flow node": N_("i en værdi i {{…}} eller […]"),
    "while parsing a block mapping": N_("i en række nøgler"),
    "while parsing a block collection": N_("i en liste"),
    "while parsing a flow mapping": N_("i en {{…}}-tabel"),
    "while parsing a flow sequence": N_("i en […]-liste"),
    "expected a single document in the stream": N_("filen skal holde ét dokument"),
}

# Contexts that start before the line with the mistake, as an indented block of keys or a list, or a text
# without quotes that a tab or a colon on a later line breaks: the line to look at is where YAML noticed it,
# not where the block or the text starts (as it is for an unclosed quote, {…} or […], or a key without colon).
_YAML_CONTEXTS_SEEN_WHERE_NOTICED = {
    "while parsing a block mapping": True,
    "while parsing a block collection": True,
    "while parsing a block node": True,
    "while scanning a plain scalar": True,
}

# PyYAML's Python loader names what it found: a character (`char`, as repr() writes it), a token (`token`, its
# id as repr() writes it), an anchor's or a tag's name (`name`) or a number (`count`).
_YAML_PATTERNS = {
    r"found character (?P<char>'[^']*'|\"[^\"]*\") that cannot start any token": N_(
        "{char} kan ikke begynde en værdi (skriv værdien i anførselstegn)"
    ),
    r"found unknown escape character (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "ukendt tegn efter \\ i en tekst i anførselstegn: {char} (skriv \\\\ for \\)"
    ),
    r"expected escape sequence of (?P<count>\d+) hexadecimal numbers, but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "efter \\x, \\u eller \\U skal stå {count} hexadecimale cifre (0-9, A-F), men her står {char}; "
        "skriv \\\\ for \\"
    ),
    r"expected alphabetic or numeric character, but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "der skal stå et navn af bogstaver og tal, men her står {char}"
    ),
    r"expected a digit or '\.', but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "der skal stå et tal eller et punktum, men her står {char}"
    ),
    r"expected a digit or ' ', but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "der skal stå et tal eller et mellemrum, men her står {char}"
    ),
    r"expected a digit, but found (?P<char>'[^']*'|\"[^\"]*\")": N_("der skal stå et tal, men her står {char}"),
    r"expected ' ', but found (?P<char>'[^']*'|\"[^\"]*\")": N_("der skal stå et mellemrum, men her står {char}"),
    r"expected a comment or a line break, but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "her må kun stå en kommentar (#) resten af linjen, men her står {char}"
    ),
    r"expected chomping or indentation indicators, but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "efter | eller > må kun stå +, - eller et tal 1-9, men her står {char}"
    ),
    r"expected indentation indicator in the range 1-9, but found 0": N_(
        "tallet efter | eller > er indrykningen: 1-9, ikke 0"
    ),
    r"expected '>', but found (?P<char>'[^']*'|\"[^\"]*\")": N_("der mangler et '>'; her står {char}"),
    r"expected '!', but found (?P<char>'[^']*'|\"[^\"]*\")": N_("der mangler et '!'; her står {char}"),
    r"expected URI, but found (?P<char>'[^']*'|\"[^\"]*\")": N_("mærket (!…) er tomt; her står {char}"),
    r"expected URI escape sequence of 2 hexadecimal numbers, but found (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "efter % i et mærke skal stå 2 hexadecimale cifre, men her står {char}"
    ),
    r"'utf-8' codec can't decode .*": N_("%-koderne i mærket er ikke gyldig UTF-8"),
    r"expected '<document start>', but found (?P<token>'[^']*'|\"[^\"]*\")": N_(
        "der står mere efter dokumentets slutning: {token} (en nøgle uden for indrykningen, eller en linje med ...?)"
    ),
    r"duplicate tag handle (?P<name>'[^']*'|\"[^\"]*\")": N_("forkortelsen {name} står i to %TAG-linjer"),
    r"found undefined tag handle (?P<name>'[^']*'|\"[^\"]*\")": N_(
        "mærket bruger forkortelsen {name}, som ingen %TAG-linje definerer"
    ),
    r"expected the node content, but found (?P<token>'[^']*'|\"[^\"]*\")": N_("der mangler en værdi; her står {token}"),
    r"expected <block end>, but found (?P<token>'[^']*'|\"[^\"]*\")": N_(
        "{token} hører ikke til her (er indrykningen ens?)"
    ),
    r"expected ',' or '\]', but got (?P<token>'[^']*'|\"[^\"]*\")": N_(
        "der mangler et ',' eller ']'; her står {token}"
    ),
    r"expected ',' or '\}', but got (?P<token>'[^']*'|\"[^\"]*\")": N_(
        "der mangler et ',' eller '}}'; her står {token}"
    ),
    r"found undefined alias (?P<name>'[^']*'|\"[^\"]*\")": N_("aliasset *{name} peger ikke på noget"),
    r"found duplicate anchor (?P<name>'[^']*'|\"[^\"]*\"); first occurrence": N_(
        "ankeret &{name} står første gang her"
    ),
}

# libyaml's sentences followed by the character at its mark, which it does not name: only where that character
# is the one the sentence is about (for an unknown escape the mark is at the backslash, for a tag at its `!`).
_YAML_FOUND_PATTERNS = {
    r"found character that cannot start any token (?P<char>'[^']*'|\"[^\"]*\")": N_(
        "{char} kan ikke begynde en værdi (skriv værdien i anførselstegn)"
    ),
}

# The tokens PyYAML's parser names, by their id as repr() writes it.
_YAML_TOKENS = {
    "'<stream start>'": N_("begyndelsen af filen"),
    "'<stream end>'": N_("slutningen af filen"),
    "'<byte order mark>'": N_("et BOM-tegn"),
    "'<directive>'": N_("en linje, der begynder med %"),
    "'<document start>'": N_("en linje med ---"),
    "'<document end>'": N_("en linje med ..."),
    "'<block sequence start>'": N_("en liste med en anden indrykning"),
    "'<block mapping start>'": N_("en nøgle med en anden indrykning"),
    "'<block end>'": N_("mindre indrykning"),
    "'['": N_("et '['"),
    "']'": N_("et ']'"),
    "'{'": N_("et '{{'"),
    "'}'": N_("et '}}'"),
    "'?'": N_("en nøgle"),
    "':'": N_("et kolon"),
    "'-'": N_("et listepunkt (- )"),
    "','": N_("et komma"),
    "'<alias>'": N_("et alias (*navn)"),
    "'<anchor>'": N_("et anker (&navn)"),
    "'<tag>'": N_("et mærke (!…)"),
    "'<scalar>'": N_("en værdi"),
}

# The characters PyYAML's scanner names that are not seen as themselves, by repr(); it reads "\0" past the end.
_YAML_CHARACTERS = {
    "'\\x00'": N_("slutningen af filen"),
    "' '": N_("et mellemrum"),
    "'\\t'": N_("et tabulatortegn"),
    "'\\n'": N_("et linjeskift"),
    "'\\r'": N_("et linjeskift"),
}


_TAG_MESSAGE = N_("mærket {tag} er ikke tilladt her; skriv almindelige værdier")


def _yaml_words(text: str, found: str | None = None) -> str:
    """PyYAML's problem or context sentence in the user's words. `found` is the character libyaml stopped at,
    which its messages do not name: the text followed by it (`… '\\t'`) is looked up first."""
    candidates = [(text, _YAML_PATTERNS)]
    if found is not None:
        candidates.insert(0, (f"{text} {found!r}", _YAML_FOUND_PATTERNS))
    for candidate, patterns in candidates:
        known = _YAML_WORDS.get(candidate)
        if known is not None:
            return _(known).format()
        for pattern, message in patterns.items():
            match = re.fullmatch(pattern, candidate)
            if match is not None:
                parts = match.groupdict()
                if "char" in parts:
                    parts["char"] = _yaml_character(parts["char"])
                if "token" in parts:
                    token = _YAML_TOKENS.get(parts["token"])
                    parts["token"] = _(token).format() if token is not None else parts["token"]
                return _(message).format(**parts)
    return text


def _yaml_character(quoted: str) -> str:
    named = _YAML_CHARACTERS.get(quoted)
    return _(named).format() if named is not None else _("tegnet {char}").format(char=quoted)


def _found_character(text: str, mark: yaml.Mark | None) -> str | None:
    """The character at a libyaml mark (its line and column count characters, a leading BOM not), None past the
    end."""
    if mark is None:
        return None
    lines = text.removeprefix("\ufeff").splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return str(lines[mark.line][mark.column])
    return None


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
        except (yaml.YAMLError, TooDeep):
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
                return None, _too_large(path, limit)
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
        return None, _too_large(path, limit)
    return b"".join(chunks), None


def _not_regular(path: Path, mode: int) -> Diagnostic:
    message = _("er {kind}, ikke en almindelig fil; kun almindelige filer læses").format(kind=_kind(mode))
    return error(path, 1, FILE_FIELD, message)


def _too_large(path: Path, limit: int) -> Diagnostic:
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
        problem = (
            _yaml_words(exc.problem, _found_character(text, exc.problem_mark)) if exc.problem else _("ugyldig YAML")
        )
        context = _yaml_words(exc.context) if exc.context else ""
        noticed = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        started = exc.context_mark.line + 1 if exc.context_mark is not None else noticed
        if started < noticed and exc.context not in _YAML_CONTEXTS_SEEN_WHERE_NOTICED:
            # An unclosed {…}, […] or quote, a key without its colon: the place to look is where it starts.
            message = _("YAML-syntaks: {problem} på linje {line} ({context}, som begynder her)").format(
                problem=problem, line=noticed, context=context
            )
            return None, [error(path, started, FILE_FIELD, message)]
        message = (
            _("YAML-syntaks: {problem} ({context})").format(problem=problem, context=context)
            if context
            else _("YAML-syntaks: {problem}").format(problem=problem)
        )
        return None, [error(path, noticed, FILE_FIELD, message)]
    except yaml.YAMLError as exc:
        return None, [error(path, 1, FILE_FIELD, _("YAML-syntaks: {problem}").format(problem=exc))]
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
    if not FAST or structure >= _C_SAFE_DEPTH:
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
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
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
                raise yaml.composer.ComposerError(None, None, message, start)
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
            _attach(stack, keys, node)  # a collection is added when it opens, and filled while it is open
        else:
            root = node
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append(node)  # type: ignore[arg-type]  # the node made for a collection event above
            keys.append(None)
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

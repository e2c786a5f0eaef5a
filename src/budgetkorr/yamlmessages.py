"""A YAML syntax error in the user's words: PyYAML's problem and context, told in Danish at the line and column.

The words come from one source only, PyYAML's own Python scanner and parser: yamlread lets that loader read a file
again whenever libyaml refuses it, because libyaml's sentences, marks and limits change with its version (0.2.6,
bundled from PyYAML 6.0.4, stops at 1,000 levels of nesting with a sentence of its own) while the Python loader is
the same in every PyYAML the bounds allow. Its sentences are looked up here by the text PyYAML raises them with:
an exact sentence, or a template as PyYAML's source writes it (`%r` a character, a token or a name, `%d` a count,
`%s` any text), whose value fills the Danish field of its kind. tests/test_yaml_syntax.py reads PyYAML's source
and holds that each of its sentences is here. A sentence of a later PyYAML that is not is still told in Danish,
with PyYAML's words quoted after it; nothing English stands alone. Like every message, the Danish is a
str.format template: a literal brace is written twice.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from budgetkorr.i18n import N_, _

# PyYAML's problems: what is wrong, at the place it noticed it. Exact sentences first, then templates.
PROBLEMS = {
    "mapping values are not allowed here": N_("et kolon er ikke tilladt her (skriv teksten i anførselstegn)"),
    "sequence entries are not allowed here": N_("et listepunkt (- ) er ikke tilladt her (er indrykningen ens?)"),
    "mapping keys are not allowed here": N_("en nøgle med ? er ikke tilladt her (er indrykningen ens?)"),
    "found character '\\t' that cannot start any token": N_("et tabulatortegn; ryk ind med mellemrum"),
    "could not find expected ':'": N_("der mangler et ':' efter nøglen"),
    "found unexpected end of stream": N_("filen slutter midt i en værdi (mangler et anførselstegn?)"),
    "found unexpected document separator": N_(
        "en linje med --- eller ... midt i en tekst i anførselstegn (mangler et anførselstegn?)"
    ),
    "expected indentation indicator in the range 1-9, but found 0": N_(
        "tallet efter | eller > er indrykningen: 1-9, ikke 0"
    ),
    "found duplicate YAML directive": N_("%YAML står to gange"),
    "found incompatible YAML document (version 1.* is required)": N_("YAML-versionen skal være 1.x"),
    "found character %r that cannot start any token": N_(
        "{char} kan ikke begynde en værdi (skriv værdien i anførselstegn)"
    ),
    "found unknown escape character %r": N_(
        "ukendt tegn efter \\ i en tekst i anførselstegn: {char} (skriv \\\\ for \\)"
    ),
    "expected escape sequence of %d hexadecimal numbers, but found %r": N_(
        "efter \\x, \\u eller \\U skal stå {count} hexadecimale cifre (0-9, A-F), men her står {char}; "
        "skriv \\\\ for \\"
    ),
    "expected alphabetic or numeric character, but found %r": N_(
        "der skal stå et navn af bogstaver og tal, men her står {char}"
    ),
    "expected a digit or '.', but found %r": N_("der skal stå et tal eller et punktum, men her står {char}"),
    "expected a digit or ' ', but found %r": N_("der skal stå et tal eller et mellemrum, men her står {char}"),
    "expected a digit, but found %r": N_("der skal stå et tal, men her står {char}"),
    "expected ' ', but found %r": N_("der skal stå et mellemrum, men her står {char}"),
    "expected a comment or a line break, but found %r": N_(
        "her må kun stå en kommentar (#) resten af linjen, men her står {char}"
    ),
    "expected chomping or indentation indicators, but found %r": N_(
        "efter | eller > må kun stå +, - eller et tal 1-9, men her står {char}"
    ),
    "expected '>', but found %r": N_("der mangler et '>'; her står {char}"),
    "expected '!', but found %r": N_("der mangler et '!'; her står {char}"),
    "expected URI, but found %r": N_("mærket (!…) er tomt; her står {char}"),
    "expected URI escape sequence of 2 hexadecimal numbers, but found %r": N_(
        "efter % i et mærke skal stå 2 hexadecimale cifre, men her står {char}"
    ),
    # the decoder's own words (str() of a UnicodeDecodeError) for %-codes in a tag that are not UTF-8
    "'utf-8' codec can't decode %s": N_("%-koderne i mærket er ikke gyldig UTF-8"),
    "expected '<document start>', but found %r": N_(
        "der står mere efter dokumentets slutning: {token} (en nøgle uden for indrykningen, eller en linje med ...?)"
    ),
    "duplicate tag handle %r": N_("forkortelsen {name} står i to %TAG-linjer"),
    "found undefined tag handle %r": N_("mærket bruger forkortelsen {name}, som ingen %TAG-linje definerer"),
    "expected the node content, but found %r": N_("der mangler en værdi; her står {token}"),
    "expected <block end>, but found %r": N_("{token} hører ikke til her (er indrykningen ens?)"),
    "expected ',' or ']', but got %r": N_("der mangler et ',' eller ']'; her står {token}"),
    "expected ',' or '}', but got %r": N_("der mangler et ',' eller '}}'; her står {token}"),
}

# PyYAML's contexts: what it was reading, shown as "(…)" after the problem.
CONTEXTS = {
    "while scanning for the next token": N_("i en værdi"),
    "while scanning a simple key": N_("i en nøgle"),
    "while scanning a quoted scalar": N_("i en tekst i anførselstegn"),
    "while scanning a double-quoted scalar": N_("i en tekst i anførselstegn"),
    "while scanning a block scalar": N_("i en tekst efter | eller >"),
    "while scanning an anchor": N_("i et anker (&navn)"),
    "while scanning an alias": N_("i et alias (*navn)"),
    "while scanning a tag": N_("i et mærke (!…)"),
    "while parsing a tag": N_("i et mærke (!…)"),
    "while scanning a directive": N_("i en linje, der begynder med %"),
    "while parsing a directive": N_("i en linje, der begynder med %"),
    "while parsing a node": N_("i en værdi"),
    "while parsing a block node": N_("i en værdi"),
    "while parsing a flow node": N_("i en værdi i {{…}} eller […]"),
    "while parsing a block mapping": N_("i en række nøgler"),
    "while parsing a block collection": N_("i en liste"),
    "while parsing a flow mapping": N_("i en {{…}}-tabel"),
    "while parsing a flow sequence": N_("i en […]-liste"),
}

# Problems that mean something begun earlier is never finished: an unclosed quote, `{…}` or `[…]`, a key without
# its colon. The mistake is where that thing begins, so the diagnostic stands there, in words that hold there (not
# "here stands a colon", which is true only where YAML noticed it, lines further down). Any other problem stands
# where YAML noticed it. Either way the sentence names no line but its own.
UNFINISHED = {
    "could not find expected ':'": N_("der mangler et ':' efter nøglen"),
    "found unexpected end of stream": N_("filen slutter midt i en værdi (mangler et anførselstegn?)"),
    "found unexpected document separator": N_(
        "en linje med --- eller ... midt i en tekst i anførselstegn (mangler et anførselstegn?)"
    ),
    "expected ',' or ']', but got %r": N_("der mangler et ',' eller ']'"),
    "expected ',' or '}', but got %r": N_("der mangler et ',' eller '}}'"),
}

# The tokens PyYAML's parser names (`%r` of a token's id).
TOKENS = {
    "'<stream start>'": N_("begyndelsen af filen"),
    "'<stream end>'": N_("slutningen af filen"),
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

# The characters PyYAML's scanner names (`%r`) that are not seen as themselves; it reads "\0" past the end.
CHARACTERS = {
    "'\\x00'": N_("slutningen af filen"),
    "' '": N_("et mellemrum"),
    "'\\t'": N_("et tabulatortegn"),
    "'\\n'": N_("et linjeskift"),
    "'\\r'": N_("et linjeskift"),
}

_PLACEHOLDER = re.compile("%[rds]")  # in PyYAML's templates above, never in the text of an error
_KINDS = ("char", "token", "name")  # the Danish field a `%r` fills


@dataclass(frozen=True)
class SyntaxMessage:
    """Where a syntax error is (1-based; column 0 when unknown) and what the user reads."""

    line: int
    column: int
    message: str


def problem_words(problem: str) -> str:
    """PyYAML's problem sentence in the user's words; one it has no words for, quoted in a Danish sentence."""
    known = PROBLEMS.get(problem)
    if known is not None:
        return _(known).format()
    for template, danish in PROBLEMS.items():
        values = _fill(template, problem)
        if values is not None:
            return _(danish).format(**_fields(template, danish, values))
    return _("YAML kan ikke læse filen her; PyYAML skriver: “{words}”").format(words=problem)


def context_words(context: str) -> str:
    """PyYAML's context sentence (what it was reading) in the user's words; one it has no words for, quoted."""
    known = CONTEXTS.get(context)
    if known is not None:
        return _(known).format()
    return _("i det, PyYAML kalder “{words}”").format(words=context)


def _fill(template: str, text: str) -> list[str] | None:
    """The values PyYAML put into one of its templates to write `text`, None when `text` is not of it."""
    literals = _PLACEHOLDER.split(template)
    if len(literals) == 1 or not text.startswith(literals[0]) or not text.endswith(literals[-1]):
        return None
    values: list[str] = []
    position = len(literals[0])
    end = len(text) - len(literals[-1])
    for literal in literals[1:-1]:
        found = text.find(literal, position, end) if literal else -1
        if found < 0:
            return None
        values.append(text[position:found])
        position = found + len(literal)
    if position > end:
        return None
    values.append(text[position:end])
    return values


def _fields(template: str, danish: str, values: list[str]) -> dict[str, str]:
    """The Danish template's fields from the values of PyYAML's: `%d` a count, `%r` what the Danish names."""
    named = {field for _text, field, _spec, _conversion in string.Formatter().parse(danish) if field}
    fields: dict[str, str] = {}
    for placeholder, value in zip(_PLACEHOLDER.findall(template), values, strict=True):
        if placeholder == "%d":
            fields["count"] = value
        elif placeholder == "%r":
            kind = next((kind for kind in _KINDS if kind in named), "char")
            fields[kind] = _named(kind, value)
    return fields


def _named(kind: str, quoted: str) -> str:
    """A character, token or name PyYAML wrote with repr(), as the user reads it."""
    table = {"char": CHARACTERS, "token": TOKENS}.get(kind, {})
    named = table.get(quoted)
    if named is not None:
        return _(named).format()
    return _("tegnet {char}").format(char=quoted) if kind == "char" else quoted


def syntax_message(error: Any) -> SyntaxMessage:  # Any: a yaml.MarkedYAMLError, PyYAML imported only when needed
    """The Danish of a MarkedYAMLError, at the place to look: where YAML noticed the mistake, or where the
    unclosed quote, `{…}`, `[…]` or the key without its colon starts."""
    problem = problem_words(error.problem) if error.problem else _("YAML kan ikke læse filen her")
    noticed = error.problem_mark
    started = error.context_mark
    if not error.context:
        return _at(noticed, _("YAML-syntaks: {problem}").format(problem=problem))
    context = context_words(error.context)
    if started is not None and noticed is not None and started.line < noticed.line:
        unfinished = _unfinished_words(error.problem or "")
        if unfinished is not None:
            message = _("YAML-syntaks: {problem} ({context}, som begynder her)").format(
                problem=unfinished, context=context
            )
            return _at(started, message)
    return _at(noticed, _("YAML-syntaks: {problem} ({context})").format(problem=problem, context=context))


def _unfinished_words(problem: str) -> str | None:
    """The words for a problem that is the end of something begun earlier, told where it begins; None for others."""
    for template, danish in UNFINISHED.items():
        if template == problem or _fill(template, problem) is not None:
            return _(danish).format()
    return None


def _at(mark: Any, message: str) -> SyntaxMessage:
    if mark is None:
        return SyntaxMessage(1, 0, message)
    return SyntaxMessage(mark.line + 1, mark.column + 1, message)


def other_message(error: Exception) -> str:
    """A YAMLError without a place (none of PyYAML's Python loader raises one for a text budgetkorr lets through)."""
    return _("YAML-syntaks: YAML kan ikke læse filen; PyYAML skriver: “{words}”").format(words=error)

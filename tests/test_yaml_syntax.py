"""A YAML syntax error is told in our Danish at the line and column to look at, on every installation: with libyaml
(the C loader, when PyYAML is built with it) or without, and with every PyYAML the bounds allow.

libyaml's sentences, marks and limits change with its version (0.2.6, bundled from PyYAML 6.0.4, refuses 1,000
levels of nesting in words of its own), so a text libyaml refuses is read again by PyYAML's Python parser, which
is the same in each; its sentences are looked up in yamlmessages' tables. The tests below hold our sentences for
the mistakes people make, whichever loader is there; that a libyaml with unheard-of words changes nothing; that
every sentence in the installed PyYAML's Python scanner and parser is in the tables; and that a sentence of a later
PyYAML is still told in a Danish sentence.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetkorr import yamlread
from budgetkorr.yamlmessages import CONTEXTS, PROBLEMS, TOKENS, context_words, problem_words
from budgetkorr.yamlread import parse_yaml

# Words of PyYAML's English that none of the Danish sentences uses.
_ENGLISH = re.compile(
    r"\b(found|expected|while|allowed|token|scalar|mapping|sequence|block|flow|document|stream|character|"
    r"scanning|parsing|indicator|directive|node|key|but|could|did|find|context|here|entries|end)\b",
    re.IGNORECASE,
)
_PACKAGE = Path(yaml.__file__).parent


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The loader that reads the files: libyaml's, or PyYAML's own as on an installation without libyaml."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML is built without libyaml here")
    else:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return str(request.param)


# (what a budget officer wrote, LINE:COLUMN, what budgetkorr says)
MISTAKES = {
    "a key without its colon": (
        "nr: T101\ntitel Digital udvikling\nudvalg: Økonomiudvalget\n",
        "2:1",
        "YAML-syntaks: der mangler et ':' efter nøglen (i en nøgle, som begynder her)",
    ),
    "a year indented less than the one above": (
        "nr: T101\nudgifter:\n  2026: 100\n 2027: 200\n",
        "4:2",
        "YAML-syntaks: en nøgle med en anden indrykning hører ikke til her (er indrykningen ens?) (i en række nøgler)",
    ),
    "a year indented more than the one below": (
        "nr: T101\nudgifter:\n    2026: 100\n  2027: 200\n",
        "4:3",
        "YAML-syntaks: en nøgle med en anden indrykning hører ikke til her (er indrykningen ens?) (i en række nøgler)",
    ),
    "a tab as indentation": (
        "nr: T101\nudgifter:\n\t2026: 100\n",
        "3:1",
        "YAML-syntaks: et tabulatortegn; ryk ind med mellemrum (i en værdi)",
    ),
    "a tab after spaces": (
        "nr: T101\nudgifter:\n  2026: 100\n  \t2027: 200\n",
        "4:3",
        "YAML-syntaks: et tabulatortegn; ryk ind med mellemrum (i en værdi)",
    ),
    "an unclosed double quote": (
        'nr: T101\ntitel: "Digital udvikling\nudvalg: Økonomiudvalget\n',
        "2:8",
        "YAML-syntaks: filen slutter midt i en værdi (mangler et anførselstegn?) (i en tekst i "
        "anførselstegn, som begynder her)",
    ),
    "an unclosed single quote": (
        "nr: T101\ntitel: 'Digital udvikling\nudvalg: Økonomiudvalget\n",
        "2:8",
        "YAML-syntaks: filen slutter midt i en værdi (mangler et anførselstegn?) (i en tekst i "
        "anførselstegn, som begynder her)",
    ),
    "an unclosed brace": (
        "nr: T101\nudgifter: {2026: 100, 2027: 200\nudvalg: Økonomiudvalget\n",
        "2:11",
        "YAML-syntaks: der mangler et ',' eller '}' (i en {…}-tabel, som begynder her)",
    ),
    "an unclosed bracket": (
        "nr: T101\nnoter: [drift, anlæg\nudvalg: Økonomiudvalget\n",
        "2:8",
        "YAML-syntaks: der mangler et ',' eller ']' (i en […]-liste, som begynder her)",
    ),
    "a list item among keys": (
        "nr: T101\n- titel: Digital udvikling\nudvalg: Økonomiudvalget\n",
        "2:1",
        "YAML-syntaks: et listepunkt (- ) hører ikke til her (er indrykningen ens?) (i en række nøgler)",
    ),
    "a key among list items": (
        "noter:\n  - drift\n  anlæg: 1\n",
        "3:3",
        "YAML-syntaks: en nøgle hører ikke til her (er indrykningen ens?) (i en liste)",
    ),
    "a second colon in a text": (
        "nr: T101\ntitel: Udgifter: drift og anlæg\n",
        "2:16",
        "YAML-syntaks: et kolon er ikke tilladt her (skriv teksten i anførselstegn)",
    ),
    "a text that starts with @": (
        "nr: T101\ntitel: @drift\n",
        "2:8",
        "YAML-syntaks: tegnet '@' kan ikke begynde en værdi (skriv værdien i anførselstegn) (i en værdi)",
    ),
    "a text that starts with a backquote": (
        "nr: T101\ntitel: `drift`\n",
        "2:8",
        "YAML-syntaks: tegnet '`' kan ikke begynde en værdi (skriv værdien i anførselstegn) (i en værdi)",
    ),
    "a Windows path in double quotes": (
        'nr: T101\nkilde: "C:\\budget\\drift.xlsx"\n',
        "2:19",
        "YAML-syntaks: ukendt tegn efter \\ i en tekst i anførselstegn: tegnet 'd' (skriv \\\\ for \\) (i en "
        "tekst i anførselstegn)",
    ),
    "a bad \\x escape in double quotes": (
        'nr: T101\ntitel: "Pris \\x4g"\n',
        "2:16",
        "YAML-syntaks: efter \\x, \\u eller \\U skal stå 2 hexadecimale cifre (0-9, A-F), men her står tegnet "
        "'g'; skriv \\\\ for \\ (i en tekst i anførselstegn)",
    ),
    "a word after the | of a text": (
        "nr: T101\nbeskrivelse: |tekst\n  Digital udvikling\n",
        "2:15",
        "YAML-syntaks: efter | eller > må kun stå +, - eller et tal 1-9, men her står tegnet 't' (i en tekst "
        "efter | eller >)",
    ),
    "an indentation 0 after the |": (
        "nr: T101\nbeskrivelse: |0\n  Digital udvikling\n",
        "2:15",
        "YAML-syntaks: tallet efter | eller > er indrykningen: 1-9, ikke 0 (i en tekst efter | eller >)",
    ),
    "a comma missing in braces": (
        "udgifter: {2026: 100 2027: 200}\n",
        "1:26",
        "YAML-syntaks: der mangler et ',' eller '}'; her står et kolon (i en {…}-tabel)",
    ),
    "a word after a closed bracket": (
        "noter: [drift, anlæg] mere\n",
        "1:23",
        "YAML-syntaks: en værdi hører ikke til her (er indrykningen ens?) (i en række nøgler)",
    ),
    "a bracket closed twice": (
        "noter: [drift, anlæg]]\n",
        "1:22",
        "YAML-syntaks: et ']' hører ikke til her (er indrykningen ens?) (i en række nøgler)",
    ),
    "a key after the document's end": (
        "nr: T101\n...\ntitel: Digital udvikling\n",
        "3:1",
        "YAML-syntaks: der står mere efter dokumentets slutning: en nøgle med en anden indrykning (en nøgle "
        "uden for indrykningen, eller en linje med ...?)",
    ),
    "a line starting with %": (
        "nr: T101\n%titel: Digital udvikling\n",
        "2:7",
        "YAML-syntaks: der skal stå et navn af bogstaver og tal, men her står tegnet ':' (i en linje, der "
        "begynder med %)",
    ),
    "an anchor without a name": (
        "nr: T101\ntitel: & Digital udvikling\n",
        "2:9",
        "YAML-syntaks: der skal stå et navn af bogstaver og tal, men her står et mellemrum (i et anker (&navn))",
    ),
    "an alias without a name": (
        "nr: T101\ntitel: * Digital udvikling\n",
        "2:9",
        "YAML-syntaks: der skal stå et navn af bogstaver og tal, men her står et mellemrum (i et alias (*navn))",
    ),
    "a --- inside a quoted text": (
        'nr: T101\ntitel: "Digital\n---\nudvikling"\n',
        "2:8",
        "YAML-syntaks: en linje med --- eller ... midt i en tekst i anførselstegn (mangler et "
        "anførselstegn?) (i en tekst i anførselstegn, som begynder her)",
    ),
    "a tag with an unknown handle": (
        "nr: T101\ntitel: !x!tekst Digital udvikling\n",
        "2:8",
        "YAML-syntaks: mærket bruger forkortelsen '!x!', som ingen %TAG-linje definerer (i en værdi)",
    ),
    "a second %YAML line": ("%YAML 1.1\n%YAML 1.1\n---\nnr: T101\n", "2:1", "YAML-syntaks: %YAML står to gange"),
    "a YAML version 2": ("%YAML 2.0\n---\nnr: T101\n", "1:1", "YAML-syntaks: YAML-versionen skal være 1.x"),
}


@pytest.mark.parametrize(("text", "where", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_syntax_error_is_told_in_our_words_at_its_line_and_column(
    text: str, where: str, message: str, loader: str
) -> None:
    data, problems = parse_yaml(Path("T101-digital.yaml"), text)

    assert data is None
    assert [problem.format() for problem in problems] == [f"T101-digital.yaml:{where}: (fil): {message}"]


@pytest.mark.parametrize("text", [text for text, _where, _message in MISTAKES.values()], ids=MISTAKES.keys())
def test_a_syntax_error_names_no_other_line_than_its_own(text: str, loader: str) -> None:
    """The editor jumps to FILE:LINE; a sentence pointing at another line sends the reader to two places."""
    _data, problems = parse_yaml(Path("T101-digital.yaml"), text)

    assert [problem.message for problem in problems if re.search(r"linje \d", problem.message)] == []


def test_a_key_without_its_colon_is_told_at_the_key_not_the_line_after_it(loader: str) -> None:
    text = "# budgetkorr\nnr: T101\ntitel: Digital udvikling\nudvalg: Økonomiudvalget\nstatus forslag\nforeløbig: no\n"
    _data, problems = parse_yaml(Path("T101-digital.yaml"), text)

    assert [problem.format() for problem in problems] == [
        "T101-digital.yaml:5:1: (fil): YAML-syntaks: der mangler et ':' efter nøglen (i en nøgle, som begynder her)"
    ]


class _LibyamlThatRefuses(yaml.SafeLoader):
    """A libyaml of another version: it refuses every text, with a sentence nobody has seen (at column 1,001)."""

    problem = "something new went wrong"
    context = "while doing something new"

    def get_event(self) -> Any:
        mark = yaml.Mark("<unicode string>", 1000, 0, 1000, None, 0)
        raise yaml.scanner.ScannerError(self.context, mark, self.problem, mark)


@pytest.fixture
def libyaml_that_refuses(monkeypatch: pytest.MonkeyPatch) -> type[_LibyamlThatRefuses]:
    monkeypatch.setattr(yaml, "CSafeLoader", _LibyamlThatRefuses, raising=False)
    monkeypatch.setattr(yamlread, "FAST", False)  # every file through the composer, not the line reader
    return _LibyamlThatRefuses


@pytest.mark.parametrize(("text", "where", "message"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_libyaml_with_words_of_its_own_changes_nothing_the_user_reads(
    text: str, where: str, message: str, libyaml_that_refuses: type[Any]
) -> None:
    _, problems = parse_yaml(Path("T101-digital.yaml"), text)

    assert [problem.format() for problem in problems] == [f"T101-digital.yaml:{where}: (fil): {message}"]


def test_a_text_libyaml_refuses_and_yaml_allows_is_read(libyaml_that_refuses: type[Any]) -> None:
    data, problems = parse_yaml(Path("T101-a.yaml"), "nr: T101\nudgifter: {2026: 100}\n")

    assert problems == []
    assert data is not None
    assert data.data == {"nr": "T101", "udgifter": {2026: 100}}


def test_libyamls_own_nesting_limit_is_told_as_ours_at_the_level_too_many(
    libyaml_that_refuses: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels, before the 65th `[` reaches budgetkorr's limit
    monkeypatch.setattr(libyaml_that_refuses, "problem", "exceeded maximum nesting depth")
    monkeypatch.setattr(libyaml_that_refuses, "context", "while increasing flow level")

    _, problems = parse_yaml(Path("T101-a.yaml"), "[" * 50_000)

    assert [problem.format() for problem in problems] == [
        "T101-a.yaml:1:65: (fil): lister og mappings er indlejret mere end 64 niveauer; en korrektion behøver 4"
    ]


def test_an_alias_to_nothing_and_an_anchor_written_twice_are_told_in_our_words(loader: str) -> None:
    _, alias = parse_yaml(Path("a.yaml"), "nr: T101\ntitel: *navn\n")
    _, anchor = parse_yaml(Path("a.yaml"), "nr: &navn T101\ntitel: &navn Digital udvikling\n")

    assert [problem.format() for problem in alias] == [
        "a.yaml:2:8: (fil): aliasset *navn peger ikke på noget; aliaser (*navn) er ikke tilladt"
    ]
    assert [problem.format() for problem in anchor] == [
        "a.yaml:2:8: (fil): ankeret &navn står to gange (første gang på linje 1); skriv værdierne ud"
    ]


def test_the_character_named_is_the_one_in_the_file_after_a_byte_order_mark(loader: str) -> None:
    # an editor on Windows may save the file with a BOM, which YAML does not count as a column
    _, problems = parse_yaml(Path("a.yaml"), "\ufefftitel: @drift\n")

    assert [problem.format() for problem in problems] == [
        "a.yaml:1:8: (fil): YAML-syntaks: tegnet '@' kan ikke begynde en værdi (skriv værdien i anførselstegn) "
        "(i en værdi)"
    ]


def test_a_sentence_of_a_later_pyyaml_is_told_in_a_danish_sentence_with_its_words_quoted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class LaterPyYAML(_LibyamlThatRefuses):
        problem = "found something new"
        context = "while reading something new"

    monkeypatch.setattr(yaml, "SafeLoader", LaterPyYAML)
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    monkeypatch.setattr(yamlread, "FAST", False)

    _, problems = parse_yaml(Path("a.yaml"), "nr: T101\n")

    assert [problem.format() for problem in problems] == [
        "a.yaml:1:1001: (fil): YAML-syntaks: YAML kan ikke læse filen her; PyYAML skriver: “found something new” "
        "(i det, PyYAML kalder “while reading something new”)"
    ]
    assert problem_words("found something new") == "YAML kan ikke læse filen her; PyYAML skriver: “found something new”"
    assert context_words("while reading") == "i det, PyYAML kalder “while reading”"


def _raises() -> Iterator[tuple[ast.expr | None, ast.expr | None]]:
    """The (problem, context) of every error PyYAML's Python scanner and parser raise, as their source writes
    them. (Its composer is not used: budgetkorr composes the parser's events itself, with sentences of its own.)"""
    for module in ("scanner.py", "parser.py"):
        tree = ast.parse((_PACKAGE / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                arguments = node.exc.args
                if _name(node.exc.func) in ("ScannerError", "ParserError"):
                    yield arguments[2] if len(arguments) > 2 else None, arguments[0] if arguments else None


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else ""


def _template(node: ast.expr) -> str | None:
    """A sentence as the source writes it: the text, or the template left of `%`; None for a computed text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
        return str(node.left.value)
    return None


# The words the scanner and the parser put into their contexts (`while scanning a %s`: a directive or a tag).
_CONTEXT_NAMES = {
    "while scanning an %s": ("alias", "anchor"),
    "while scanning a %s": ("directive", "tag"),
    "while parsing a %s": ("directive", "tag"),
    "while parsing a %s node": ("block", "flow"),
}


def test_every_sentence_of_pyyamls_python_loader_is_in_the_tables() -> None:
    problems: set[str] = set()
    contexts: set[str] = set()
    computed = 0
    for problem, context in _raises():
        text = _template(problem) if problem is not None else None
        if text is None:
            computed += 1  # str() of a UnicodeDecodeError: the decoder's words, held below
        else:
            problems.add(text)
        if context is not None and not (isinstance(context, ast.Constant) and context.value is None):
            template = _template(context)
            assert template is not None
            if "%" in template:
                contexts.update(template % name for name in _CONTEXT_NAMES[template])
            else:
                contexts.add(template)
    assert len(problems) > 25  # the scanner and the parser were both read
    assert computed == 1

    assert sorted(problems - PROBLEMS.keys()) == []
    assert sorted(contexts - CONTEXTS.keys()) == []


def test_every_token_pyyaml_names_has_danish_words() -> None:
    ids = {getattr(token, "id", None) for token in vars(yaml.tokens).values() if isinstance(token, type)}

    assert sorted(repr(token_id) for token_id in ids if isinstance(token_id, str)) == sorted(TOKENS)


def _samples() -> Iterator[str]:
    """The problem sentences of PyYAML's Python loader as it writes them, with samples for their variable parts:
    a character or token it found, a name, a count."""
    characters = ("@", " ", "\t", "\n", "\0", "'", "-")
    tokens = ("<block mapping start>", "<scalar>", "<stream end>", "-", "?", "]")  # `token.id`
    named = ("!x!", "navn")  # a tag handle
    try:  # the scanner's words for %-codes in a tag that are not UTF-8 are the decoder's own
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as exc:
        yield str(exc)
    for problem, _context in _raises():
        if isinstance(problem, ast.Constant):
            yield str(problem.value)
        elif isinstance(problem, ast.BinOp) and isinstance(problem.left, ast.Constant):
            template = str(problem.left.value)
            if "%d" in template:
                yield from (template % (4, sample) for sample in characters)
            elif "handle" in template:
                yield from (template % (sample,) for sample in named)
            elif isinstance(problem.right, ast.Attribute) and problem.right.attr == "id":
                yield from (template % (sample,) for sample in tokens)
            else:
                yield from (template % (sample,) for sample in characters)


def test_every_sentence_of_pyyamls_python_loader_reads_as_danish() -> None:
    sentences = sorted(set(_samples()))
    assert len(sentences) > 40

    untold = [sentence for sentence in sentences if _ENGLISH.search(problem_words(sentence))]
    quoted = [sentence for sentence in sentences if "“" in problem_words(sentence)]

    assert untold == []
    assert quoted == []


def test_the_docs_show_what_validate_says_of_a_list_item_among_keys() -> None:
    page = (Path(__file__).parents[1] / "docs" / "correction-file.md").read_text(encoding="utf-8")
    case = Path(__file__).parent / "cases" / "reading" / "yaml-list-item-among-keys"
    section = re.split(r"^#{1,3} ", page.split("### A YAML syntax error\n", 1)[1], flags=re.MULTILINE)[0]
    shown_yaml, shown_text = re.findall(r"^```(?:yaml|text)\n(.*?)^```\n", section, re.DOTALL | re.MULTILINE)

    assert shown_yaml in (case / "corrections" / "T102-it-licenser.yaml").read_text(encoding="utf-8")
    assert shown_text == (case / "expected.stderr").read_text(encoding="utf-8").splitlines(keepends=True)[0]

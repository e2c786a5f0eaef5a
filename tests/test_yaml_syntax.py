"""A YAML syntax error is told in Danish at the line to look at, whichever loader read the file: libyaml (the C
loader, when PyYAML is built with it) or PyYAML's own Python loader (when it is not).

PyYAML's problem and context sentences are looked up in yamlread's tables; the tests below hold that every
sentence either loader can write has its words there, and that the mistakes people make read as Danish.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetkorr.yamlread import _yaml_words, parse_yaml

# Words of PyYAML's English that none of the Danish sentences uses.
_ENGLISH = re.compile(
    r"\b(found|expected|while|allowed|token|scalar|mapping|sequence|block|flow|document|stream|character|"
    r"scanning|parsing|indicator|directive|node|key|but|could|did|find|context|here|entries|end)\b",
    re.IGNORECASE,
)


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type[Any]:
    """The loader that reads the files: libyaml's, or PyYAML's own as on an installation without libyaml."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML is built without libyaml here")
        return yaml.CSafeLoader
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return yaml.SafeLoader


# (what a budget officer wrote, the line of the mistake)
MISTAKES = {
    "a key without its colon": ("nr: T101\ntitel Digital udvikling\nudvalg: Økonomiudvalget\n", 2),
    "a year indented less than the one above": ("nr: T101\nudgifter:\n  2026: 100\n 2027: 200\n", 4),
    "a year indented more than the one below": ("nr: T101\nudgifter:\n    2026: 100\n  2027: 200\n", 4),
    "a tab as indentation": ("nr: T101\nudgifter:\n\t2026: 100\n", 3),
    "a tab after spaces": ("nr: T101\nudgifter:\n  2026: 100\n  \t2027: 200\n", 4),
    "an unclosed double quote": ('nr: T101\ntitel: "Digital udvikling\nudvalg: Økonomiudvalget\n', 2),
    "an unclosed single quote": ("nr: T101\ntitel: 'Digital udvikling\nudvalg: Økonomiudvalget\n", 2),
    "an unclosed brace": ("nr: T101\nudgifter: {2026: 100, 2027: 200\nudvalg: Økonomiudvalget\n", 2),
    "an unclosed bracket": ("nr: T101\nnoter: [drift, anlæg\nudvalg: Økonomiudvalget\n", 2),
    "a list item among keys": ("nr: T101\n- titel: Digital udvikling\nudvalg: Økonomiudvalget\n", 2),
    "a key among list items": ("noter:\n  - drift\n  anlæg: 1\n", 3),
    "a second colon in a text": ("nr: T101\ntitel: Udgifter: drift og anlæg\n", 2),
    "a text that starts with @": ("nr: T101\ntitel: @drift\n", 2),
    "a text that starts with a backquote": ("nr: T101\ntitel: `drift`\n", 2),
    "a Windows path in double quotes": ('nr: T101\nkilde: "C:\\budget\\drift.xlsx"\n', 2),
    "a bad \\x escape in double quotes": ('nr: T101\ntitel: "Pris \\x4g"\n', 2),
    "a word after the | of a text": ("nr: T101\nbeskrivelse: |tekst\n  Digital udvikling\n", 2),
    "an indentation 0 after the |": ("nr: T101\nbeskrivelse: |0\n  Digital udvikling\n", 2),
    "a comma missing in braces": ("udgifter: {2026: 100 2027: 200}\n", 1),
    "a word after a closed bracket": ("noter: [drift, anlæg] mere\n", 1),
    "a bracket closed twice": ("noter: [drift, anlæg]]\n", 1),
    "a key after the document's end": ("nr: T101\n...\ntitel: Digital udvikling\n", 3),
    "a line starting with %": ("nr: T101\n%titel: Digital udvikling\n", 2),
    "an anchor without a name": ("nr: T101\ntitel: & Digital udvikling\n", 2),
    "an alias without a name": ("nr: T101\ntitel: * Digital udvikling\n", 2),
    "a --- inside a quoted text": ('nr: T101\ntitel: "Digital\n---\nudvikling"\n', 2),
    "a tag with an unknown handle": ("nr: T101\ntitel: !x!tekst Digital udvikling\n", 2),
    "a second %YAML line": ("%YAML 1.1\n%YAML 1.1\n---\nnr: T101\n", 2),
    "a YAML version 2": ("%YAML 2.0\n---\nnr: T101\n", 1),
}


def _english(text: str, loader: type[Any]) -> list[str]:
    """PyYAML's own sentences for the text (empty when it reads it, as an alias is refused only by us)."""
    try:
        yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        return [sentence for sentence in (exc.problem, exc.context) if sentence]
    return []


@pytest.mark.parametrize(("text", "line"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_syntax_error_is_told_in_danish_at_its_line(text: str, line: int, loader: type[Any]) -> None:
    data, problems = parse_yaml(Path("T101-digital.yaml"), text)

    assert data is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.message.startswith("YAML-syntaks: ")
    assert problem.line == line
    assert not _ENGLISH.findall(problem.message), problem.message
    english = _english(text, loader)
    assert english, "the mistake is one PyYAML reports"
    for sentence in english:
        assert sentence not in problem.message


def test_a_tab_and_a_list_item_among_keys_are_named_by_libyaml_too(loader: type[Any]) -> None:
    # libyaml's sentences do not say what it found; the words are the same as the Python loader's
    _, tab = parse_yaml(Path("a.yaml"), MISTAKES["a tab as indentation"][0])
    _, item = parse_yaml(Path("a.yaml"), MISTAKES["a list item among keys"][0])
    _, at = parse_yaml(Path("a.yaml"), MISTAKES["a text that starts with @"][0])

    assert "et tabulatortegn; ryk ind med mellemrum" in tab[0].message
    assert "et listepunkt (- ) hører ikke til her" in item[0].message
    assert "tegnet '@' kan ikke begynde en værdi" in at[0].message


def test_no_character_is_named_that_is_not_the_one_the_sentence_is_about(loader: type[Any]) -> None:
    # libyaml's mark is at the backslash of an unknown escape, and at the `!` of a tag
    _, escape = parse_yaml(Path("a.yaml"), MISTAKES["a Windows path in double quotes"][0])
    _, tag = parse_yaml(Path("a.yaml"), MISTAKES["a tag with an unknown handle"][0])

    assert "'\\\\'" not in escape[0].message
    assert "'!'" not in tag[0].message


def test_the_character_named_is_the_one_in_the_file_after_a_byte_order_mark(loader: type[Any]) -> None:
    # an editor on Windows may save the file with a BOM, which YAML does not count as a column
    _, problems = parse_yaml(Path("a.yaml"), "\ufefftitel: @drift\n")

    assert "tegnet '@' kan ikke begynde en værdi" in problems[0].message


def _python_loader_sentences() -> Iterator[str]:
    """Every problem and context sentence PyYAML's Python scanner, parser and composer raise, with samples for
    their variable parts: the names they are called with, a character or token they found, a number."""
    names = {
        "while scanning an %s": ("alias", "anchor"),
        "while scanning a %s": ("directive", "tag"),
        "while parsing a %s": ("directive", "tag"),
        "while parsing a %s node": ("block", "flow"),
    }
    characters = ("@", " ", "\t", "\n", "\0", "'", "-")
    tokens = ("<block mapping start>", "<scalar>", "<stream end>", "-", "?", "]")  # `token.id`
    named = ("!x!", "navn")  # a tag handle, an anchor
    try:  # the scanner's words for %-codes in a tag that are not UTF-8 are the decoder's own
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as exc:
        yield str(exc)
    package = Path(yaml.__file__).parent
    for module in ("scanner.py", "parser.py", "composer.py"):
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            for argument in node.exc.args[0:1] + node.exc.args[2:3]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    yield argument.value
                elif isinstance(argument, ast.BinOp) and isinstance(argument.left, ast.Constant):
                    template = str(argument.left.value)
                    if template in names:
                        yield from (template % name for name in names[template])
                    elif "%d" in template:
                        yield from (template % (4, sample) for sample in characters)
                    elif re.search("handle|alias|anchor", template):
                        yield from (template % (sample,) for sample in named)
                    elif isinstance(argument.right, ast.Attribute) and argument.right.attr == "id":
                        yield from (template % (sample,) for sample in tokens)
                    else:
                        yield from (template % (sample,) for sample in characters)


def _libyaml_sentences() -> list[str]:
    """The problem and context sentences compiled into PyYAML's libyaml extension (its scanner's and parser's)."""
    extension = next(Path(yaml.__file__).parent.glob("_yaml*.so"), None)
    if extension is None:
        pytest.skip("PyYAML is built without libyaml here")
    starts = (
        "did not find",
        "could not find",
        "found ",
        "while parsing",
        "while scanning",
        "block sequence entries",
        "mapping keys",
        "mapping values",
        "expected a single document",
        "but found another document",
        "second occurrence",
    )
    texts = {found.decode() for found in re.findall(rb"[\x20-\x7e]{6,}", extension.read_bytes())}
    return sorted(text for text in texts if text.startswith(starts))


def test_every_sentence_of_the_python_loader_has_danish_words() -> None:
    sentences = sorted(set(_python_loader_sentences()))
    assert len(sentences) > 40  # the scanner, the parser and the composer were all read

    untold = [sentence for sentence in sentences if _ENGLISH.search(_yaml_words(sentence))]

    assert untold == []


def test_every_sentence_of_libyaml_has_danish_words() -> None:
    sentences = _libyaml_sentences()
    assert "did not find expected key" in sentences

    untold = [sentence for sentence in sentences if _ENGLISH.search(_yaml_words(sentence))]

    assert untold == []


def test_a_sentence_of_a_later_pyyaml_is_shown_as_it_is_written() -> None:
    # nothing is lost: a sentence the tables do not know yet is kept in PyYAML's words
    assert _yaml_words("found something new") == "found something new"


def test_the_readme_shows_what_validate_says_of_a_list_item_among_keys() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    case = Path(__file__).parent / "cases" / "reading" / "yaml-list-item-among-keys"
    section = readme.split("### A YAML syntax error\n", 1)[1].split("\n### ", 1)[0]
    shown_yaml, shown_text = re.findall(r"^```(?:yaml|text)\n(.*?)^```\n", section, re.DOTALL | re.MULTILINE)

    assert shown_yaml in (case / "corrections" / "T102-it-licenser.yaml").read_text(encoding="utf-8")
    assert shown_text == (case / "expected.stderr").read_text(encoding="utf-8").splitlines(keepends=True)[0]

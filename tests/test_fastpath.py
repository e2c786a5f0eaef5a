"""The fast reading path gives exactly what the reference gives: the same records, lines and diagnostics.

The reference is the iterative composer with PyYAML's SafeLoader resolver, which types every node in Python;
budgetkorr reads files of its own plain shape line by line (yamlfast), composes most others with the C BaseLoader
and types plain scalars itself (yamlread.FAST). Compared on the shipped data, on generated data folders, on every
case folder, on generated scalar texts and on generated documents of the plain shape and near it, file by file and
through the whole load.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks.synthetic import write_data_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetkorr import yamlread
from budgetkorr.loader import load_dataset
from budgetkorr.yamlread import Location, YamlFile, parse_yaml, read_yaml
from tests.conftest import SHIPPED_DATA

CASES = Path(__file__).parent / "cases"  # every family: invalid, reading, values, output, all-at-once


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "FAST", False)


def _locations(value: Any, prefix: Location = ()) -> Iterator[Location]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _locations(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _locations(item, (*prefix, index))


def _read(path: Path) -> tuple[str, list[str], list[int]]:
    """What a file reads as: its values (repr keeps types: 2 is not 2.0, True is not 1), diagnostics, lines."""
    source, problems = read_yaml(path)
    return _summary(source, problems)


def _summary(source: YamlFile | None, problems: list[Any]) -> tuple[str, list[str], list[int]]:
    data = source.data if source is not None else None
    lines = [source.line_of(location) for location in _locations(data)] if source is not None else []
    # A location the file does not hold is found as deep as it reaches (missing keys, indexes past the end)
    if source is not None:
        lines += [source.line_of((*location, "missing", 7)) for location in _locations(data)]
    return repr(data), [d.format() for d in problems], lines


def _yaml_files() -> list[Path]:
    return sorted([*SHIPPED_DATA.rglob("*.yaml"), *CASES.rglob("*.yaml"), *CASES.rglob("*.yml")])


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_shipped_and_invalid_file_reads_as_with_the_reference(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _read(path)
    _reference(monkeypatch)
    assert fast == _read(path)


def test_generated_files_read_as_with_the_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_data_folder(tmp_path, 300, seed=9)
    paths = sorted(data.rglob("*.yaml"))
    fast = [_read(path) for path in paths]
    _reference(monkeypatch)
    assert fast == [_read(path) for path in paths]


def _loaded(data: Path) -> tuple[list[str], list[Any], list[int]]:
    others = {"budget.yaml": False, "targets.yaml": False, "prisniveau.yaml": False}
    dataset = load_dataset(data, other_files=others)
    lines = [entry.source.line_of(("udgifter", 2026)) for entry in dataset.entries]
    return [d.format() for d in dataset.diagnostics], [e.correction for e in dataset.entries], lines


@pytest.mark.parametrize(
    "case", sorted(p for p in CASES.glob("*/*") if p.is_dir()), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_case_loads_as_with_the_reference(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(case, data, ignore=shutil.ignore_patterns("expected.*", "args"))
    if not (data / "udvalg.yaml").exists():
        shutil.copy(SHIPPED_DATA / "udvalg.yaml", data / "udvalg.yaml")
    monkeypatch.chdir(tmp_path)
    fast = _loaded(data)
    if case.parent.name == "invalid":
        assert fast[0], "an invalid case has diagnostics"
    _reference(monkeypatch)
    assert fast == _loaded(data)


def test_shipped_and_generated_data_load_as_with_the_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = write_data_folder(tmp_path, 1000, seed=4)
    fast = (_loaded(SHIPPED_DATA), _loaded(generated))
    assert len(fast[1][1]) == 1000
    _reference(monkeypatch)
    assert fast == (_loaded(SHIPPED_DATA), _loaded(generated))


# Texts where YAML 1.1's implicit types are easy to get wrong: numbers in every base, dates, yes/no words, nulls,
# merge keys, tags, quotes, Danish decimal commas in flow mappings.
_TRICKY = "0123456789.-+_:eExXoObB~nNulyYtTrRfFaAsS<=!'\", {}[]"
_SHAPES = (
    "k: {}\n",
    "{}: v\n",
    "udgifter: {{2026: {}, 2027: 1}}\n",
    "l:\n  - {}\n",
    "k: !!str {}\n",
    "k: ! {}\n",
)


_WORDS = [
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "on",
    "On",
    "off",
    "OFF",
    "y",
    "Y",
    "n",
    "N",
    "true",
    "True",
    "false",
    "FALSE",
    "~",
    "null",
    "Null",
    "NULL",
    "0x1F",
    "-0x1f",
    "0o17",
    "0b101",
    "017",
    "08",
    "1_000",
    "1:30",
    "-1:30:15",
    "190:20:30.15",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "2026-01-01",
    "2026-1-1",
    "2026-01-01t10:00:00Z",
    "2026-01-01",
    "2026-02-30",
    "<<",
    "",
    "=",
    "1e3",
    "1.5e-3",
    "1.5E+3",
    "6.8523015e+5",
    "-0.880",
    "+2.000",
    "0.000",
    "2026",
    "-3",
    "+12",
    "1,5",
    "3.100,5",
    ".",
    "-",
    "_",
    "'2026'",
    '"yes"',
    "'x'",
    "|-",
]


@pytest.mark.parametrize("shape", _SHAPES)
@pytest.mark.parametrize("word", _WORDS)
def test_each_tricky_scalar_reads_as_with_the_reference(shape: str, word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    document = shape.format(word)
    fast = _summary(*parse_yaml(Path("t.yaml"), document))
    _reference(monkeypatch)
    assert fast == _summary(*parse_yaml(Path("t.yaml"), document))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SHAPES), st.text(alphabet=_TRICKY, max_size=10))
def test_any_scalar_text_reads_as_with_the_reference(shape: str, text: str) -> None:
    _reads_as_with_the_reference(shape.format(text))


def _reads_as_with_the_reference(document: str) -> None:
    path = Path("t.yaml")
    fast = _summary(*parse_yaml(path, document))
    yamlread.FAST = False  # not monkeypatch: hypothesis runs many examples in one test
    try:
        assert fast == _summary(*parse_yaml(path, document))
    finally:
        yamlread.FAST = True


def _nested_block(depth: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + "  " * depth + "x\n"


_NEAR_LIMITS = {
    "flow 63 deep": "k: " + "[" * 63 + "]" * 63 + "\n",
    "flow 64 deep": "k: " + "[" * 64 + "]" * 64 + "\n",
    "flow 65 deep": "k: " + "[" * 65 + "]" * 65 + "\n",
    "flow 3000 deep": "k: " + "[" * 3000 + "]" * 3000 + "\n",
    "block 63 deep": _nested_block(63),
    "block 65 deep": _nested_block(65),
    "compact sequences 70 deep": "- " * 70 + "x\n",
    "deep in a complex key": "? " + "[" * 70 + "]" * 70 + "\n: v\n",
    "19,999 values": "k: [" + ", ".join(["1"] * 19_997) + "]\n",
    "20,001 values": "k: [" + ", ".join(["1"] * 19_999) + "]\n",
    "empty values": "k: [" + "?," * 7000 + "]\n",
    "second document": "a: 1\n---\nb: 2\n",
    "undefined alias": "a: *x\n",
    "recursive anchor": "a: &x [*x]\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "only comments": "# nothing\n",
    "empty": "",
    "syntax error": "a: [1, 2\nb: 3\n",
}


@pytest.mark.parametrize("document", _NEAR_LIMITS.values(), ids=_NEAR_LIMITS.keys())
def test_limits_and_errors_read_as_with_the_reference(document: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _summary(*parse_yaml(Path("t.yaml"), document))
    _reference(monkeypatch)
    assert fast == _summary(*parse_yaml(Path("t.yaml"), document))


# Documents of the shape the line reader reads (yamlfast), and near it: every kind of line it knows, at varied
# indentations, with tricky texts, comments and blank lines, and sometimes one character changed, so that what it
# accepts and what it leaves to the reference are both held against the reference.
_COMMON = ["forslag", "2.000", "-0.880", "0", "ja", "Økonomiudvalget", "T101", "2026-01-01", "en tekst, med ord."]
_TEXTS = st.one_of(
    st.sampled_from(_COMMON),
    st.sampled_from(_COMMON),
    st.sampled_from(_WORDS),
    st.text(alphabet=_TRICKY + " #|>&*!%@`\\æ", min_size=1, max_size=8),
)
_KEYS = st.one_of(
    st.sampled_from(["nr", "titel", "2026", "2027", "kilde", "beløb", "a b", "yes", "02026", "~"]), _TEXTS
)


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    text = draw(_TEXTS)
    kind = draw(st.sampled_from(["plain", "plain", "comment", "single", "double"]))
    if kind == "comment":
        return f"{text} # {draw(_TEXTS)}"
    if kind == "single":
        return "'" + text.replace("'", "''") + "'"
    if kind == "double":
        return '"' + text + '"'
    return text


@st.composite
def _flow(draw: st.DrawFn) -> str:
    spaces = draw(st.sampled_from(["", " ", "  "]))
    if draw(st.booleans()):
        keys = draw(st.lists(_KEYS, max_size=4, unique=True))
        return "{" + f",{spaces}".join(f"{key}: {draw(_TEXTS)}" for key in keys) + "}"
    return "[" + f",{spaces}".join(draw(st.lists(_TEXTS, max_size=4))) + "]"


@st.composite
def _literal(draw: st.DrawFn, indent: int) -> list[str]:
    width = indent + draw(st.integers(1, 3))
    lines = [f"{draw(st.sampled_from('|>'))}{draw(st.sampled_from(['', '-', '', '-', '+', ' ', '2']))}"]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(
            draw(
                st.sampled_from(
                    [
                        " " * width + draw(_TEXTS),
                        " " * width + draw(_TEXTS),
                        " " * (width + 2) + draw(_TEXTS),
                        "",
                        " " * draw(st.integers(1, width + 2)),
                        " " * width + "# " + draw(_TEXTS),
                    ]
                )
            )
        )
    return lines


@st.composite
def _mapping(draw: st.DrawFn, indent: int, depth: int, first_inline: bool = False) -> list[str]:
    lines: list[str] = []
    for index, key in enumerate(draw(st.lists(_KEYS, min_size=1, max_size=4, unique=True))):
        pad = "" if first_inline and index == 0 else " " * indent
        kinds = ["scalar", "scalar", "flow", "literal", "empty"] + (["mapping", "sequence"] if depth < 3 else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "scalar":
            lines.append(f"{pad}{key}: {draw(_scalar())}")
        elif kind == "flow":
            lines.append(f"{pad}{key}: {draw(_flow())}")
        elif kind == "literal":
            block = draw(_literal(indent))
            lines += [f"{pad}{key}: {block[0]}", *block[1:]]
        elif kind == "empty":
            lines.append(f"{pad}{key}:")
        elif kind == "mapping":
            lines.append(f"{pad}{key}:")
            lines += draw(_mapping(indent + draw(st.integers(1, 3)), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            lines += draw(_sequence(indent + draw(st.integers(0, 2)), depth + 1))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# note", " " * draw(st.integers(0, 6)) + "# note", "   "])))
    return lines


@st.composite
def _sequence(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            lines.append(" " * indent + "- " + draw(st.one_of(_scalar(), _flow())))
        else:
            spaces = draw(st.integers(1, 2))
            item = draw(_mapping(indent + 1 + spaces, depth + 1, first_inline=True))
            lines += [" " * indent + "-" + " " * spaces + item[0], *item[1:]]
    return lines


@st.composite
def _document(draw: st.DrawFn) -> str:
    lines = draw(_mapping(0, 0))
    if draw(st.booleans()):
        lines.insert(0, "# yaml-language-server: $schema=korrektion.schema.json")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if draw(st.integers(0, 3)) == 0:  # one character changed: near the shape, often past it
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(list(" \n-:#|'\"{}[],?&*!\t\r>"))) + text[at + 1 :]
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    return text


@settings(max_examples=1500, deadline=None)
@given(_document())
def test_any_document_of_the_plain_shape_reads_as_with_the_reference(document: str) -> None:
    _reads_as_with_the_reference(document)


def test_numbers_split_at_their_comma_in_several_mappings_are_not_taken_for_aliases() -> None:
    # Found by the test above: each `1,5` in {…} is joined again into a node made while the file is built; one
    # freed at once lent its id to the next, which was then refused as an alias of it (under PyYAML 6.0.3 and 6.0.4).
    document = (
        "# yaml-language-server: $schema=korrektion.schema.json\ntrue:\n  2026: ætu< # 1.5e-3\n"
        "  0: {-0.880: Økonomiudvalget, yes: 1,5}\n  ja: {-0.880: Økonomiudvalget, yes: 1,5}\n  2.000: \n"
        "    # note\nja: {-0.880: Økonomiudvalget, yes: 1,5}\n# note\n"
    )
    source, problems = parse_yaml(Path("t.yaml"), document)

    assert problems == []
    assert source is not None
    assert source.data["ja"] == {"-0.880": "Økonomiudvalget", "yes": "1,5"}
    _reads_as_with_the_reference(document)


_BLOCK_LINES = ["  a", "  b c", "    d", "", "  ", "   ", "     "]


@pytest.mark.parametrize("header", ["|", "|-", ">", ">-"])
def test_every_small_text_block_reads_as_with_the_reference(header: str) -> None:
    """Every block of up to three lines from text, more-indented text, empty lines and lines of spaces of every
    width, at the end of the file or before the next key: the folding and the line breaks kept are PyYAML's."""
    for count in range(1, 4):
        for lines in itertools.product(_BLOCK_LINES, repeat=count):
            for end in ("\n", "", "\nz: 1\n"):
                _reads_as_with_the_reference(f"k: {header}\n" + "\n".join(lines) + end)


def test_the_shipped_and_generated_corrections_are_read_by_the_line_reader(tmp_path: Path) -> None:
    """What keeps a cold run fast: files written as the examples and the generator write them never fall back to
    the composers (a file read by the line reader has no node tree until a message needs one)."""
    generated = write_data_folder(tmp_path, 50, seed=11)
    paths = [*sorted((SHIPPED_DATA / "corrections").glob("*.yaml")), *sorted(generated.rglob("*.yaml"))]
    paths += [SHIPPED_DATA / name for name in ("udvalg.yaml", "targets.yaml", "prisniveau.yaml")]
    read = {path: read_yaml(path)[0] for path in paths}
    assert [path for path, source in read.items() if source is None or source.root is not None] == []


def test_plain_scalars_are_typed_by_pyyamls_own_table() -> None:
    """yamlread keeps a copy of SafeLoader's table of implicit types (so that typing a plain scalar needs no
    PyYAML): it is that table, pattern for pattern and flag for flag, in its order."""
    import yaml

    def table(resolvers: dict[Any, list[tuple[str, Any]]]) -> list[tuple[Any, list[tuple[str, str, int]]]]:
        return [(first, [(tag, p.pattern, p.flags) for tag, p in entries]) for first, entries in resolvers.items()]

    assert table(yamlread._IMPLICIT) == table(yaml.resolver.Resolver.yaml_implicit_resolvers)


def test_a_data_folder_of_the_plain_shape_is_read_without_importing_pyyaml() -> None:
    code = (
        "import sys; from pathlib import Path; from budgetkorr.loader import load_dataset; "
        "wanted = dict.fromkeys(['budget.yaml', 'targets.yaml', 'prisniveau.yaml'], True); "
        f"dataset = load_dataset(Path({str(SHIPPED_DATA)!r}), other_files=wanted); "
        "print(len(dataset.entries), 'yaml' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    shipped = len(list((SHIPPED_DATA / "corrections").glob("*.yaml")))
    assert result.stdout.split() == [str(shipped), "False"]

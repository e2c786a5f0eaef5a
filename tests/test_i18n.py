"""Danish by default, English on request: every sentence for a person goes through the catalog, and both
languages render every message.

The message ids are the Danish sentences in the code; `src/budgetkorr/locale/en/LC_MESSAGES/budgetkorr.po` holds
the English and is compiled to the `.mo` next to it (python tools/i18n.py update / compile).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from tools import i18n as catalog_tool

from budgetkorr import i18n
from tests.conftest import REPO, VALID, Budget, run, with_lines

PACKAGE = REPO / "src" / "budgetkorr"
TRANSLATORS = frozenset({"_", "ngettext", "N_"})

# Calls whose arguments a person reads: the positions and keywords that carry the text.
SINKS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "error": ((3,), ("message",)),
    "warning": ((3,), ("message",)),
    "Diagnostic": ((3,), ("message",)),
    "fail": ((0,), ("message",)),
    "PydanticCustomError": ((1,), ()),
    "Finding": ((0,), ("message",)),
    "write": ((0,), ()),
    "writelines": ((0,), ()),
    "print": ((0,), ()),
    "echo": ((0,), ()),
    "Option": ((), ("help",)),
    "Argument": ((), ("help",)),
    "Typer": ((), ("help",)),
    "command": ((), ("help",)),
    "callback": ((), ("help",)),
    "DataDirNotFound": ((0,), ()),
    "MissingRate": ((0,), ()),
    "WriteRefused": ((0,), ()),
    "prompt": ((0,), ("text",)),
    "confirm": ((0,), ("text",)),
    "_ask": ((1,), ("prompt",)),
}
# Words that stay the same in every language: the program's name, option names, file names, format names.
_NOT_WORDS = re.compile(r"budgetkorr|--[\w-]+|[\w-]+\.ya?ml|\\x[0-9a-f]{2}|\{[^}]*\}")
_WORD = re.compile(r"[A-Za-zÆØÅæøå]{2,}")


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_translated(node: ast.expr) -> bool:
    """A translator call, or a translator call with `.format(...)` applied."""
    if isinstance(node, ast.Call):
        if _name(node.func) in TRANSLATORS:
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return _is_translated(node.func.value)
    return False


def _words_outside_catalog(node: ast.expr) -> list[str]:
    """String literals with words inside `node` that are not inside a translator call."""
    found: list[str] = []

    def visit(item: ast.AST) -> None:
        if isinstance(item, ast.expr) and _is_translated(item):
            return
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            if _WORD.search(_NOT_WORDS.sub("", item.value)):
                found.append(item.value)
            return
        if isinstance(item, ast.FormattedValue):  # the value inside {…} of an f-string is data, not text
            visit(item.value)
            return
        for child in ast.iter_child_nodes(item):
            visit(child)

    visit(node)
    return found


def _sink_problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) not in SINKS:
            continue
        positions, keywords = SINKS[_name(node.func)]
        texts = [node.args[i] for i in positions if i < len(node.args)]
        texts += [k.value for k in node.keywords if k.arg in keywords]
        for text in texts:
            if isinstance(text, ast.Call) and _name(text.func) in TRANSLATORS:
                # a literal, or a constant marked with N_() where it is defined; never text built on the spot
                built = (ast.JoinedStr, ast.BinOp, ast.Call)
                if any(isinstance(argument, built) for argument in text.args[:2]):
                    problems.append(f"{path.name}:{node.lineno}: {_name(text.func)}() takes a literal sentence")
            problems += [f"{path.name}:{node.lineno}: {word!r}" for word in _words_outside_catalog(text)]
    return problems


def _python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_text_for_a_person_goes_through_the_catalog() -> None:
    problems = [problem for path in _python_files() for problem in _sink_problems(path)]
    assert problems == [], "write these through _() / ngettext() (Danish sentence, English in the .po):\n" + "\n".join(
        problems
    )


def test_the_sink_check_catches_what_it_should() -> None:
    """The check above is only worth something if it fails on the mistakes it is meant to find."""

    def problems(code: str, tmp_path: Path) -> list[str]:
        path = tmp_path / "sample.py"
        path.write_text(code, encoding="utf-8")
        return _sink_problems(path)

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        assert problems('fail(f"no such file {name}")\n', tmp)
        assert problems('error(p, 1, "x", "must not be empty")\n', tmp)
        assert problems('typer.Option("--x", help="Only this.")\n', tmp)
        assert problems('sys.stderr.write("Note: " + _("x"))\n', tmp)
        assert problems('fail(_(f"ingen fil {name}"))\n', tmp)
        assert not problems('fail(_("ingen fil {name}").format(name=name))\n', tmp)
        assert not problems('sys.stderr.write(f"{line}\\n")\n', tmp)
        assert not problems('sys.stderr.write(f"budgetkorr: {message}\\n")\n', tmp)
        assert not problems('typer.Option("--x", help=_("Kun dette."))\n', tmp)


# Literals that read like a sentence yet stay outside the catalog, each for its reason. A file listed with None
# is exempt as a whole.
NOT_FOR_THE_CATALOG: dict[str, frozenset[str] | None] = {
    # the Danish paper form itself, which `import` reads back: a document format, like the YAML keys
    "render/form.py": None,
    # the JSON Schema is a file for editors, committed in Danish (the models' descriptions too)
    "schema.py": None,
    # the files `init` writes: the data folder's format is Danish (keys, comments), as the shipped data is
    "newfolder.py": None,
    # the headings of the workbook `export` writes and `import` reads: its format, Danish in every language
    "core/workbook.py": None,
    # a value of the data (the kind of a version in the history), written in Danish like the file format
    "loader/history.py": frozenset({"omdøbt og ændret"}),
    # a bug's message for developers (TypeError), never shown for a user's input
    "yamlwrite.py": frozenset({"no YAML form for "}),
    "cli/selection.py": frozenset({"a value that is not ok carries no error"}),
    # a rich style name
    "render/terminal.py": frozenset({"bold red"}),
    # SVG markup, the fonts' names and the names of Word's built-in styles
    "render/chart.py": frozenset(
        {'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ', "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"}
    ),
    "render/report_docx.py": frozenset({"Table Grid", "List Bullet", "TOC Heading"}),
    "render/textblocks.py": frozenset({"Table Grid", "List Bullet"}),
    "render/typeface.py": frozenset({"DejaVu Sans"}),  # a font's name
    # a field's instruction in WordprocessingML markup
    "render/word_front.py": frozenset({'/></w:r><w:r><w:instrText xml:space="preserve"> '}),
}
_SENTENCE = re.compile(r"[A-Za-zÆØÅæøå]{2,}\s+[A-Za-zÆØÅæøå]{2,}")
_PATTERN = re.compile(r"\(\?P<|\\[(.wds]|^\^")  # a regular expression, not a sentence


def _sentences_outside_catalog(path: Path) -> list[str]:
    """String literals that read like a sentence and are neither in a translator call, a docstring, a dict key
    (a library's text mapped to ours) nor a model's `description` (the schema)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS:
            skip.update(id(sub) for sub in ast.walk(node))
        if isinstance(node, ast.Dict):
            skip.update(id(key) for key in node.keys if key is not None)
        if isinstance(node, ast.keyword) and node.arg == "description":
            skip.update(id(sub) for sub in ast.walk(node.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and _SENTENCE.search(node.value)
        and not _PATTERN.search(node.value)
    ]


def test_no_sentence_for_a_person_is_written_outside_the_catalog() -> None:
    """Wider than the check of the calls above: a sentence kept in a variable or a table heading counts too."""
    problems = []
    for path in _python_files():
        name = path.relative_to(PACKAGE).as_posix()
        allowed = NOT_FOR_THE_CATALOG.get(name, frozenset())
        if allowed is None:
            continue
        problems += [f"{name}: {text!r}" for text in _sentences_outside_catalog(path) if text not in allowed]
    assert problems == [], "write these through _() or N_() (Danish sentence, English in the .po):\n" + "\n".join(
        problems
    )


def test_templates_write_no_words_of_their_own() -> None:
    """The report's Jinja2 templates say everything through {{ _("…") }}, which tools/i18n.py extracts too."""
    for path in sorted(PACKAGE.rglob("*.j2")):
        text = path.read_text(encoding="utf-8")
        markup = r"<style.*?</style>|<script.*?</script>|{{.*?}}|{%.*?%}|{#.*?#}|<[^>]*>|&\w+;"
        outside = re.sub(markup, " ", text, flags=re.DOTALL)
        assert re.findall(r"[A-Za-zÆØÅæøå]{2,}", outside) == [], path.name


def test_the_wider_check_catches_a_sentence_kept_in_a_constant(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text(
        '"""A module docstring is for developers."""\n'
        'TITLE = "Technical corrections per committee"\n'
        'HEADING = N_("Udgifter i alt")\n'
        'WORDS = {"found duplicate anchor": N_("et anker, der står to gange")}\n'
        'PATTERN = r"^(?P<path>.*) is a file$"\n',
        encoding="utf-8",
    )
    assert _sentences_outside_catalog(path) == ["Technical corrections per committee"]


def test_every_sentence_has_its_english_and_the_mo_is_the_compiled_po() -> None:
    """Each id in the code has an English translation, the .po has no entries the code no longer uses, and the
    shipped .mo holds exactly what compiling the .po gives (python tools/i18n.py update / compile)."""
    assert catalog_tool.problems() == [], (
        "python tools/i18n.py update adds the new sentences to src/budgetkorr/locale/en/LC_MESSAGES/budgetkorr.po; "
        "write each one's English as its msgstr, then python tools/i18n.py compile"
    )


def _fields(text: str) -> list[tuple[str, str, str | None]]:
    """The placeholders of a message: (name, format spec, conversion)."""
    parsed = string.Formatter().parse(text)
    return sorted((name, spec or "", conversion) for _, name, spec, conversion in parsed if name is not None)


def _pairs() -> list[tuple[str, str]]:
    """(Danish, English) of every message and plural form in the catalog."""
    pairs: list[tuple[str, str]] = []
    for danish, english in catalog_tool.translations(catalog_tool.read_catalog()).items():
        if isinstance(danish, tuple) and isinstance(english, tuple):
            pairs += [(danish[0], english[0]), (danish[1], english[1])]
        elif isinstance(danish, str) and isinstance(english, str):
            pairs.append((danish, english))
    return pairs


def test_both_languages_render_every_message_with_the_same_placeholders() -> None:
    pairs = _pairs()
    assert len(pairs) > 40
    for danish, english in pairs:
        assert _fields(danish) == _fields(english), (danish, english)
        # a value for each placeholder (a number where it has a format spec such as {code:04X}) renders both
        values: dict[str, object] = {name: 0x2066 if spec else "VALUE" for name, spec, _ in _fields(danish)}
        assert danish.format(**values).count("VALUE") == english.format(**values).count("VALUE"), (danish, english)


def test_english_comes_from_the_shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETKORR_LANG", "en")
    for danish, english in catalog_tool.translations(catalog_tool.read_catalog()).items():
        if isinstance(danish, str):
            assert i18n._(danish) == english
        else:
            assert i18n.ngettext(danish[0], danish[1], 1) == english[0]
            assert i18n.ngettext(danish[0], danish[1], 2) == english[1]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "da"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}, "da"),  # the machine's locale is not the reader's
        ({"LANG": "C"}, "da"),
        ({"LANGUAGE": "en"}, "en"),
        ({"LANGUAGE": "en_GB:en"}, "en"),
        ({"LANGUAGE": "fr:en"}, "en"),
        ({"LANGUAGE": "da_DK"}, "da"),
        ({"BUDGETKORR_LANG": "en"}, "en"),
        ({"BUDGETKORR_LANG": "da", "LANGUAGE": "en"}, "da"),
    ],
)
def test_the_language_asked_for(environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


def _broken(budget: Budget) -> None:
    budget.write("T101-digital-udvikling.yaml", with_lines(VALID, status="status: forslag\nfoo: 1"))
    budget.write("T102-foreloebig.yaml", with_lines(VALID, nr="nr: T102", status="status: forslag\nforeløbig: true"))


DANISH = (
    "foo: ukendt nøgle; nøglerne er: nr, titel,",
    "foreløbig: advarsel: tallene er foreløbige, ikke endelige",
    "1 fejl, 1 advarsel i 2 filer\n",
)
ENGLISH = (
    "foo: unknown key; the keys are: nr, titel,",
    "foreløbig: warning: the figures are preliminary (foreløbig), not final",
    "1 error, 1 warning in 2 files\n",
)


@pytest.mark.usefixtures("c_locale")
@pytest.mark.parametrize(
    ("variable", "expected"),
    [(None, DANISH), ("BUDGETKORR_LANG", ENGLISH), ("LANGUAGE", ENGLISH)],
)
def test_messages_are_danish_in_the_c_locale_and_english_on_request(
    budget: Budget, monkeypatch: pytest.MonkeyPatch, variable: str | None, expected: tuple[str, str, str]
) -> None:
    if variable is not None:
        monkeypatch.setenv(variable, "en")
    _broken(budget)
    result = run("validate")
    assert result.exit_code == 2
    unknown, warning, count = expected
    assert unknown in result.stderr
    assert warning in result.stderr
    assert result.stderr.endswith(count)


# --- the command line: click's own words too --------------------------------------------------------------

COMMANDS = ("summary", "list", "show", "check-targets", "validate", "schema", "diff", "history", "new", "import")


@pytest.fixture
def c_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The locale of a CI runner or a server: it says nothing about the reader's language."""
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")


@pytest.mark.usefixtures("c_locale")
def test_help_is_danish_by_default() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Brug: budgetkorr [TILVALG] KOMMANDO [ARGUMENTER]...\n")
    for heading in ("\nTilvalg:\n", "\nKommandoer:\n"):
        assert heading in result.stdout
    assert "-h, --help" in result.stdout
    assert "Vis denne hjælp og afslut." in result.stdout
    assert "  summary        Totaler pr. udvalg (eller pr. korrektion)" in result.stdout
    for english in ("Usage:", "Options:", "Commands:", "Show this message"):
        assert english not in result.stdout


@pytest.mark.usefixtures("c_locale")
@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_is_danish_and_flags_have_no_type(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Brug: budgetkorr {command} [TILVALG]")
    assert "\nTilvalg:\n" in result.stdout
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "[default:", "[required]", "env var"):
        assert english not in result.stdout, english
    assert "<bool>" not in result.stdout  # a flag is given or not: it takes no value


@pytest.mark.usefixtures("c_locale")
def test_help_names_the_value_types_in_danish() -> None:
    text = run("summary", "--help").stdout
    assert "--data <mappe>" in text
    assert "--udvalg <tekst>" in text
    assert "[standard: table]" in text
    assert "[miljøvariabel:" in text


@pytest.mark.usefixtures("c_locale")
@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (("summary", "--bogus"), "Fejl: ukendt tilvalg: --bogus\n", "Error: no such option: --bogus\n"),
        (
            ("summary", "--statu", "x"),
            "Fejl: ukendt tilvalg: --statu (mulige: --data, --status)\n",
            "Error: no such option: --statu (possible options: --data, --status)\n",
        ),
        (
            ("summary", "abc"),
            "Fejl: ugyldig værdi for 'ÅR': 'abc' er ikke et helt tal\n",
            "Error: invalid value for 'YEAR': 'abc' is not a whole number\n",
        ),
        (
            ("summary", "--format", "xml"),
            "Fejl: ugyldig værdi for '--format' / '-f': 'xml' er ikke en af: 'table', 'csv', 'json', 'markdown'",
            "Error: invalid value for '--format' / '-f': 'xml' is not one of: 'table', 'csv', 'json', 'markdown'",
        ),
        (("import",), "Fejl: argumentet 'FIL' mangler\n", "Error: missing argument 'FILE'\n"),
        (
            ("summ",),
            "Fejl: ukendt kommando 'summ'; mente du summary?\n",
            "Error: no such command 'summ'; did you mean summary?\n",
        ),
        (("summary", "2026", "x"), "Fejl: uventede argumenter: x\n", "Error: unexpected extra arguments: x\n"),
        (
            ("summary", "--format"),
            "Fejl: tilvalget --format skal have en værdi\n",
            "Error: option --format requires a value\n",
        ),
    ],
)
def test_usage_errors_are_danish_by_default_and_english_on_request(
    args: tuple[str, ...], danish: str, english: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert danish in result.stderr
    assert "Error" not in result.stderr
    assert "Usage" not in result.stderr
    monkeypatch.setenv("BUDGETKORR_LANG", "en")
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert english in result.stderr


@pytest.mark.usefixtures("c_locale")
def test_a_usage_error_shows_the_usage_and_where_help_is() -> None:
    assert run("summary", "--bogus").stderr == (
        "Brug: budgetkorr summary [TILVALG] [ÅR]\n"
        "Se 'budgetkorr summary -h' for hjælp.\n"
        "\n"
        "Fejl: ukendt tilvalg: --bogus\n"
    )


@pytest.mark.usefixtures("c_locale")
@pytest.mark.parametrize("variable", ["BUDGETKORR_LANG", "LANGUAGE"])
def test_help_is_english_on_request(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "en")
    text = run("summary", "--help").stdout
    assert text.startswith("Usage: budgetkorr summary [OPTIONS]")
    assert "\nOptions:\n" in text
    assert "\nArguments:\n" in text
    assert "Totals per committee (or per correction)" in text
    assert "Show this message and exit." in text
    assert "[default:" in text


@pytest.mark.usefixtures("c_locale")
def test_the_language_option_counts_for_help_and_messages_and_for_that_run_only(budget: Budget) -> None:
    text = run("--sprog", "en", "summary", "--help").stdout
    assert text.startswith("Usage: budgetkorr summary [OPTIONS]")
    assert "Totals per committee" in text
    _broken(budget)
    assert run("--lang", "en", "validate").stderr.endswith("1 error, 1 warning in 2 files\n")
    assert run("validate").stderr.endswith("1 fejl, 1 advarsel i 2 filer\n")  # the next run: Danish again


def test_version_prints_the_program_and_its_version() -> None:
    from budgetkorr import __version__

    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"budgetkorr {__version__}\n")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)

"""`validate --format github`: every diagnostic a workflow annotation at its file and line, then the count.

A workflow command is read by GitHub's runner line by line: `::LEVEL PROPERTIES::MESSAGE`, the properties up to the
first `::`, split at `,`, each `key=value`. `parse` below reads a line the same way, so a test sees what GitHub
would make of it: a file that could end a property or a message early, or start a line of its own, shows up as a
wrong file, line or message, or as a line too many.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import VALID, Budget, run, with_lines
from tests.test_invalid_cases import cases, command_line, set_up

# GitHub's runner unescapes these (actions/runner, ActionCommand.cs); a property also `:` and `,`.
_DATA_ESCAPES = {"%0D": "\r", "%0A": "\n", "%25": "%"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, "%3A": ":", "%2C": ","}


def _unescape(text: str, table: dict[str, str]) -> str:
    return re.sub("%0D|%0A|%25|%3A|%2C", lambda m: table.get(m.group(), m.group()), text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as GitHub's runner reads it: (command, properties, message)."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    command, _, properties = line[2:end].partition(" ")
    props = {}
    for pair in filter(None, properties.split(",")):
        key, _, value = pair.partition("=")
        props[key] = _unescape(value, _PROPERTY_ESCAPES)
    return command, props, _unescape(line[end + 2 :], _DATA_ESCAPES)


def test_text_is_the_default_and_says_nothing_on_stdout(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udvalg="udvalg: Ukendt"))
    plain, text = run("validate"), run("validate", "--format", "text")
    assert plain == text
    assert plain.exit_code == 2
    assert plain.stdout == ""
    assert plain.stderr.splitlines()[-1] == "1 fejl, 0 advarsler i 1 fil"


def test_an_invalid_file_is_an_error_at_its_line_and_the_count_a_notice(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, udgifter="udgifter:  {2026: 2,000, 2027: 2.000}"))
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102", status="status: vedtaget"))
    text = run("validate")
    result = run("validate", "--format", "github")
    assert result.exit_code == text.exit_code == 2
    assert result.stderr == text.stderr  # the log keeps the plain lines: FILE:LINE is what a reader greps for
    lines = result.stdout.splitlines()
    # udgifter is line 8 of VALID, status line 4; the messages are the plain output's
    assert [parse(line)[:2] for line in lines[:2]] == [
        ("error", {"file": "data/corrections/T101-a.yaml", "line": "8"}),
        ("error", {"file": "data/corrections/T102-b.yaml", "line": "4"}),
    ]
    plain = text.stderr.splitlines()
    assert parse(lines[0])[2] == plain[0].removeprefix("data/corrections/T101-a.yaml:8: ")
    assert parse(lines[1])[2] == plain[1].removeprefix("data/corrections/T102-b.yaml:4: ")
    assert lines[2] == "::notice::2 fejl, 0 advarsler i 2 filer" == f"::notice::{plain[2]}"
    assert len(lines) == 3


def test_a_valid_folder_with_warnings_annotates_each_warning_and_exits_0(shipped: Path) -> None:
    result = run("validate", "--format", "github")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # the shipped data's two warnings, at the lines that hold them
    t103 = next(shipped.glob("corrections/T103-*.yaml"))
    t304 = next(shipped.glob("corrections/T304-*.yaml"))
    assert parse(lines[0]) == (
        "warning",
        {"file": f"data/corrections/{t103.name}", "line": str(_line_of(t103, "foreløbig: true"))},
        "foreløbig: tallene er foreløbige, ikke endelige",
    )
    assert parse(lines[1])[:2] == (
        "warning",
        {"file": f"data/corrections/{t304.name}", "line": str(_line_of(t304, "indenfor_servicerammen: delvist"))},
    )
    files = 3 + len(list(shipped.glob("corrections/*.yaml")))  # budget, targets and prisniveau besides
    assert lines[2] == f"::notice::0 fejl, 2 advarsler i {files} filer"
    assert len(lines) == 3
    assert result.stderr.splitlines()[-1] == f"0 fejl, 2 advarsler i {files} filer"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text)


def test_a_clean_run_says_so_in_a_notice(budget: Budget) -> None:
    budget.write("T101-a.yaml", VALID)
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102"))
    result = run("validate", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == "::notice::2 filer er gyldige, ingen advarsler\n"
    assert result.stderr == "2 filer er gyldige, ingen advarsler\n"


def test_the_given_files_only_and_a_column_where_one_character_is_the_problem(budget: Budget) -> None:
    budget.write("T101-a.yaml", with_lines(VALID, titel="titel: Digital\x1b[31m udvikling"))
    budget.write("T102-b.yaml", with_lines(VALID, udvalg="udvalg: Ukendt"))  # not given: not checked
    result = run("validate", "-f", "github", "data/corrections/T101-a.yaml")
    assert result.exit_code == 2
    (error, notice) = result.stdout.splitlines()
    command, props, message = parse(error)
    plain = result.stderr.splitlines()[0]
    where = re.match(r"data/corrections/T101-a\.yaml:2:(\d+): ", plain)
    assert where is not None, plain  # the plain line has the column too
    assert (command, props) == ("error", {"file": "data/corrections/T101-a.yaml", "line": "2", "col": where[1]})
    assert int(where[1]) == len("titel: Digital") + 1  # the escape character, 1-based
    assert "\x1b" not in result.stdout
    assert message == plain.removeprefix(where[0])
    assert notice == "::notice::1 fejl, 0 advarsler i 1 fil"


def test_no_data_folder_is_an_error_annotation_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    result = run("validate", "--format", "github")
    assert result.exit_code == 2
    (line,) = result.stdout.splitlines()
    command, props, message = parse(line)
    assert (command, props) == ("error", {})
    assert result.stderr == f"budgetkorr: {message}\n"
    assert message.startswith("ingen datamappe fundet")


def test_an_unknown_format_is_a_usage_error() -> None:
    result = run("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' er ikke en af: 'text', 'github'" in result.stderr


HOSTILE = "a%0A::error file=falsk.yaml,line=1::b %25 c\n::warning::d\re,f:g"


def test_a_key_with_percent_colons_line_breaks_and_a_carriage_return_stays_in_its_message(budget: Budget) -> None:
    key = HOSTILE.replace("\n", "\\n").replace("\r", "\\r")  # a YAML double-quoted key holding them
    budget.write("T101-a.yaml", VALID.replace("nr: T101\n", f'nr: T101\n"{key}": 1\n'))
    result = run("validate", "--format", "github")
    assert result.exit_code == 2
    assert b"\r" not in result.stdout_bytes
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # the unknown key, the count: nothing started a line of its own
    command, props, message = parse(lines[0])
    assert (command, props) == ("error", {"file": "data/corrections/T101-a.yaml", "line": "2"})
    # GitHub shows the key as written, its line break a line break, its carriage return a space
    field, rest = message.split("\n", 1)
    assert field == "a%0A::error file=falsk.yaml,line=1::b %25 c"
    assert rest.startswith("::warning::d e,f:g: ukendt nøgle")
    assert lines[1] == "::notice::1 fejl, 0 advarsler i 1 fil"


def test_a_title_and_a_committee_with_workflow_syntax_stay_in_their_message(budget: Budget) -> None:
    # a one-line title is data: shown only in a message about the committee that the file names
    budget.write("T101-a.yaml", with_lines(VALID, titel='titel: "::error::falsk %0A"', udvalg='udvalg: "x::y, %25"'))
    budget.write("T102-b.yaml", with_lines(VALID, nr="nr: T102", titel='titel: "a\\r::error::b"'))
    result = run("validate", "--format", "github")
    assert result.exit_code == 2
    assert b"\r" not in result.stdout_bytes
    parsed = [parse(line) for line in result.stdout.splitlines()]
    assert [(c, p) for c, p, _ in parsed] == [
        ("error", {"file": "data/corrections/T101-a.yaml", "line": "3"}),
        ("error", {"file": "data/corrections/T102-b.yaml", "line": "2"}),
        ("notice", {}),
    ]
    assert parsed[0][2].startswith("udvalg: 'x::y, %25' findes ikke i udvalg.yaml")
    assert parsed[1][2].startswith("titel: ")


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names may hold any byte but / and NUL")
def test_a_file_name_with_commas_colons_percent_and_a_line_break_stays_one_property(budget: Budget) -> None:
    name = "T101-a,line=99,b:c%2C::error::d\ne.yaml"
    budget.write(name, with_lines(VALID, udvalg="udvalg: Ukendt"))
    result = run("validate", "--format", "github")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    command, props, message = parse(lines[0])
    assert command == "error"
    # the line break is a space, as in the plain line; everything else is the file's name
    assert props == {"file": "data/corrections/T101-a,line=99,b:c%2C::error::d e.yaml", "line": "3"}
    assert message.startswith("udvalg: 'Ukendt' findes ikke")
    assert result.stderr.splitlines()[0].startswith("data/corrections/T101-a,line=99,b:c%2C::error::d e.yaml:3: ")


def _plain(args: list[str]) -> list[str]:
    """A command line without its format: the plain run of it."""
    return " ".join(args).replace(" --format github", "").split()


def _case_folders() -> list[Path]:
    """Every case folder of `validate` (with or without --format github)."""
    return [case for case in cases() if _plain(command_line(case))[0] == "validate"]


_PLAIN = re.compile(r"(?P<file>[^:]+):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<said>.*)")


@pytest.mark.parametrize("case", _case_folders(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_case_folder_says_the_same_in_annotations_as_in_its_plain_lines(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(case, tmp_path, monkeypatch)
    args = _plain(command_line(case))

    text, github = run(*args), run(*args, "--format", "github")

    assert github.exit_code == text.exit_code
    assert github.stderr == text.stderr
    plain, annotations = text.stderr.splitlines(), github.stdout.splitlines()
    assert len(annotations) == len(plain)  # one per diagnostic, and the count (or the clean run's line)
    assert annotations[-1] == f"::notice::{plain[-1]}"
    for said, line in zip(plain[:-1], annotations[:-1], strict=True):
        where = _PLAIN.fullmatch(said)
        assert where is not None, said
        command, props, message = parse(line)
        expected = {"file": where["file"], "line": where["line"]} | ({"col": where["col"]} if where["col"] else {})
        assert props == expected
        warned = where["said"].replace(": advarsel: ", ": ", 1)
        assert command == ("warning" if warned != where["said"] else "error")
        assert message.replace("\n", " ") == warned

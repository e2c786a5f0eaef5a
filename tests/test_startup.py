"""Start-up stays light: the daily commands do not import the heavy libraries other commands need.

Each command runs in a fresh interpreter (as a user's shell runs it), which then lists every module it imported.
Speed itself is measured by benchmarks/bench.py; this test holds the imports that the speed depends on.
"""

from __future__ import annotations

import enum
import json
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import typer

from budgetkorr import __version__
from budgetkorr.cli import COMMANDS, app
from budgetkorr.cli.front import root_help
from tests.conftest import REPO

# Spreadsheets, Word, templates, PDF, git access and charts: only the commands that write or read those use them.
HEAVY = (
    *("openpyxl", "docx", "jinja2", "markupsafe", "pypdf", "pdfminer", "pdfplumber", "fitz"),
    *("git", "dulwich", "pygit2", "matplotlib", "lxml", "numpy", "pandas"),
)
# --help and --version answer without reading a file: no validation, YAML or terminal drawing either.
LOADING = ("pydantic", "pydantic_core", "yaml", "rich", "tabulate", "decimal")

_RUN = """
import json, sys
PRELUDE
sys.argv = ["budgetkorr", *sys.argv[2:]]
from budgetkorr.cli import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as out:
    json.dump(LISTED, out)
"""
# What a run lists: the modules it imported, or the commands typer built (read the parameters of)
_IMPORTED = ("", "sorted(sys.modules)")
_BUILT = (
    """
import typer.main
built = []
build = typer.main.get_command_from_info
def counted(*info, **options):
    command = build(*info, **options)
    built.append(command.name)
    return command
typer.main.get_command_from_info = counted
""",
    "sorted(built)",
)
# What a run lists: the groups of entry points it read (of every installed package)
_ENTRY_POINTS = (
    """
import importlib.metadata
groups = []
entry_points = importlib.metadata.entry_points
def counted(**selection):
    groups.append(selection.get("group", ""))
    return entry_points(**selection)
importlib.metadata.entry_points = counted
""",
    "groups",
)


def _modules(
    args: list[str], tmp_path: Path, listing: tuple[str, str] = _IMPORTED, environment: dict[str, str] | None = None
) -> set[str]:
    """Every module a fresh `budgetkorr ARGS` imported, by its full name (or what `listing` lists)."""
    out = tmp_path / "modules.json"
    prelude, listed = listing
    code = _RUN.replace("PRELUDE", prelude).replace("LISTED", listed).replace("OUT", repr(str(out)))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("BUDGETKORR_DATA", None)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    env.update(environment or {})
    result = subprocess.run(
        [sys.executable, "-c", code, "-", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    assert out.exists(), result.stderr
    return set(json.loads(out.read_text(encoding="utf-8")))


def _imported(args: list[str], tmp_path: Path) -> set[str]:
    """The top-level packages a fresh `budgetkorr ARGS` imported."""
    return {name.split(".")[0] for name in _modules(args, tmp_path)}


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules)


@pytest.mark.parametrize(
    "args", [["summary", "2026"], ["summary", "2026", "--format", "csv"], ["check-targets"], ["list"], ["validate"]]
)
def test_daily_commands_do_not_import_heavy_libraries(args: list[str], tmp_path: Path) -> None:
    modules = _imported(args, tmp_path)
    assert "budgetkorr" in modules
    assert "pydantic" in modules  # the data was loaded and validated (PyYAML is imported only for a file needing it)
    assert _found(modules, HEAVY) == []


# Our own modules for other commands' jobs: revisions compared, git read, appendices imported, the report drawn
OTHER_JOBS = (
    *("budgetkorr.compare", "budgetkorr.load.git", "budgetkorr.load.history", "budgetkorr.importers"),
    *("budgetkorr.report", "budgetkorr.templates", "budgetkorr.render.diff", "budgetkorr.render.report_"),
)


@pytest.mark.parametrize("args", [["summary", "2026"], ["check-targets"], ["list"], ["validate"]])
def test_daily_commands_do_not_import_other_commands_stages(args: list[str], tmp_path: Path) -> None:
    # check-targets imported the diff's comparison for a type name alone
    modules = _modules(args, tmp_path)
    assert sorted(name for name in modules if name.startswith(OTHER_JOBS)) == []


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_help_and_version_are_answered_without_typer(args: list[str], tmp_path: Path) -> None:
    # cli.front draws the page typer would (test below); the console script asks typer for anything else
    modules = _imported(args, tmp_path)
    assert "budgetkorr" in modules
    assert _found(modules, ("typer", "click", *HEAVY, *LOADING)) == []


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("columns", [20, 50, 60, 72, 80, 81, 200])
def test_the_quick_help_is_the_page_typer_draws(language: str, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETKORR_LANG", language)
    monkeypatch.setenv("COLUMNS", str(columns))
    group = typer.main.get_command(app)
    typers = group.get_help(group.context_class(group, info_name="budgetkorr", **group.context_settings))
    assert root_help() == typers


def test_the_console_script_writes_the_quick_help_and_version(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "BUDGETKORR_LANG": "da"}
    for args, expected in ((["--help"], root_help() + "\n"), (["--version"], f"budgetkorr {__version__}\n")):
        code = "import sys; sys.argv = ['budgetkorr', *sys.argv[1:]]; from budgetkorr.cli import main; main()"
        result = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_commands_help_reads_nothing(command: str, tmp_path: Path) -> None:
    # typer converts an option's value through pydantic only when one is given (cli.coercion); a command's own
    # libraries (git, Word, PDF, templates) are imported when it runs
    modules = _imported([command, "--help"], tmp_path)
    assert _found(modules, HEAVY + LOADING) == []


def _command_modules(modules: set[str]) -> list[str]:
    return sorted(
        f"budgetkorr.cli.{module}"
        for module in {command.module for command in COMMANDS.values()}
        if f"budgetkorr.cli.{module}" in modules
    )


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (["summary", "2026"], ["budgetkorr.cli.summary"]),
        (["check-targets"], ["budgetkorr.cli.targets"]),
        (["summary", "--help"], ["budgetkorr.cli.summary"]),
        (["--version"], []),
    ],
)
def test_a_command_imports_its_own_module_and_no_other_commands(
    args: list[str], own: list[str], tmp_path: Path
) -> None:
    assert _command_modules(_modules(args, tmp_path)) == own


@pytest.mark.parametrize(
    ("args", "built"),
    [(["--help"], []), (["--version"], []), (["summary", "2026"], ["summary"]), (["list", "--help"], ["list"])],
)
def test_typer_builds_only_the_command_that_runs(args: list[str], built: list[str], tmp_path: Path) -> None:
    # --help lists the commands with the help of their registrations: none of them is built
    assert sorted(_modules(args, tmp_path, _BUILT)) == built


def test_every_command_is_in_the_table_under_its_module() -> None:
    # A command missing from COMMANDS could never run; one listed under the wrong module would not be found.
    group = typer.main.get_command(app)
    for name, (module, _help) in COMMANDS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        assert command.callback is not None, name
        registered = next(
            info
            for info in app.registered_commands
            if info.name == name or (info.name is None and info.callback is not None and info.callback.__name__ == name)
        )
        assert registered.callback is not None
        assert registered.callback.__module__ == f"budgetkorr.cli.{module}", name
    named = {
        info.name or typer.main.get_command_name(info.callback.__name__)
        for info in app.registered_commands
        if info.callback
    }
    assert named == set(COMMANDS)


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "2026", "--data", "data", "--format", "csv", "--csv-dialect", "excel-da", "--layout", "wide"],
        ["summary", "2026", "--by", "korrektion", "--udvalg", "ØK", "--status", "forslag", "--prisniveau", "2026"],
        ["list", "--data", "data", "--only", "T101,T105", "--without", "T105", "--format", "json"],
        ["check-targets", "--data", "data", "--prisniveau", "2026", "--strict", "--format", "markdown"],
        ["--sprog", "en", "check-targets", "--status", "forslag", "--status", "godkendt"],
    ],
)
def test_given_values_are_converted_without_pydantics_adapters(args: list[str], tmp_path: Path) -> None:
    # typer's conversion of a year, a folder or a format built pydantic TypeAdapters (cli.coercion)
    modules = _modules(args, tmp_path)
    assert "budgetkorr.cli.coercion" in modules
    assert sorted(name for name in modules if name in ("typer._adapters", "pydantic.type_adapter")) == []


@pytest.mark.parametrize(("environment", "read"), [({}, []), ({"PYDANTIC_DISABLE_PLUGINS": "none"}, ["pydantic"])])
def test_pydantics_plugins_are_not_looked_for_unless_the_user_asks(
    environment: dict[str, str], read: list[str], tmp_path: Path
) -> None:
    # pydantic read every installed package's entry points for its plugins; the user's own setting stands
    assert sorted(_modules(["summary", "2026"], tmp_path, _ENTRY_POINTS, environment)) == read


# Every value a user could give each kind of option: usual ones, odd spellings, and wrong ones.
_WHOLE_NUMBERS = (
    *("2026", "1900", "2200", "0", "1899", "2201", "02026", "+2026", " 2026", "2026 ", "2026.0", "2026.5"),
    *("-2026", "2_026", "٢٠٢٦", "abc", "", "2026x", "9" * 30, 2026),
)
_TEXTS = ("ØK", "", "a b", "::x%\r\n", "-", "--x", " forslag ")
_YES_NO = (
    *("1", "0", "true", "false", "True", "FALSE", "yes", "no", "on", "off", "t", "f", "y", "n", " 1 ", ""),
    *("ja", "2", "maybe", True, False),
)
_PATHS = ("mappe", "mappe/", "fil.yaml", "findes-ikke", "findes-ikke/x.csv", ".", "", "ØK mappe", "/")


def _enum_values(annotation: type[enum.Enum]) -> tuple[object, ...]:
    names = [str(member.value) for member in annotation]
    return (*names, *(name.upper() for name in names), *list(annotation), "xml", "", " " + names[0])


def _samples(param: Any) -> tuple[object, ...]:
    """The values to try for one of typer's parameters, by its kind."""
    annotation = param.type_descriptor.annotation
    if annotation is int:
        return _WHOLE_NUMBERS
    if annotation is str:
        return _TEXTS
    if annotation is bool:
        return _YES_NO
    if annotation is Path:
        return _PATHS
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum_values(annotation)
    if annotation == list[str]:
        return (("forslag",), ("forslag", "godkendt"), (), ["T101,T105"], ("ØK", ""), "forslag")
    if annotation == list[Path]:
        return (("mappe", "fil.yaml"), ("findes-ikke",), (), ("fil.yaml", ""), "fil.yaml")
    raise AssertionError(f"{param.name}: add the values a user could give a {annotation}")


# The values each kind converts without typer's machinery (the daily command lines)
_USUAL: dict[object, tuple[object, ...]] = {
    int: ("2026",),
    str: ("ØK",),
    bool: ("1",),
    Path: ("mappe", "fil.yaml", "findes-ikke"),
}


def _every_parameter() -> list[tuple[str, Any, Any]]:
    group = typer.main.get_command(app)
    root = group.context_class(group, info_name="budgetkorr")
    found = [("budgetkorr", param, root) for param in group.params]
    for name in COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        ctx = command.context_class(command, info_name=name, parent=root)
        found += [(name, param, ctx) for param in command.params]
    return [(command, param, ctx) for command, param, ctx in found if hasattr(param, "type_descriptor")]


_PARAMETERS = _every_parameter()


def _outcome(convert: Any, value: object, param: Any, ctx: Any) -> tuple[object, ...]:
    """What a conversion gives: the value with its types, or the usage error the user reads."""
    from typer._click.exceptions import BadParameter

    from budgetkorr.cli.usage import usage_message

    try:
        converted = convert(value)
    except BadParameter as exc:
        return ("error", type(exc), usage_message(exc))
    items = converted if isinstance(converted, list | tuple) else [converted]
    return ("value", type(converted), [type(item) for item in items], converted)


@pytest.mark.parametrize(
    ("param", "ctx"),
    [pytest.param(param, ctx, id=f"{command}-{param.name}") for command, param, ctx in _PARAMETERS],
)
def test_a_given_value_converts_as_typers_conversion_converts_it(
    param: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer._coercion import build_runtime_param

    from budgetkorr.cli import coercion

    (tmp_path / "mappe").mkdir()
    (tmp_path / "ØK mappe").mkdir()
    (tmp_path / "fil.yaml").write_text("nr: T101\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def ours(value: object) -> object:
        param._runtime_param = None
        coercion.defer_coercion([param])
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)

    def typers(value: object) -> object:
        return build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)

    for value in _samples(param):
        assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx), repr(value)
    several = param.multiple or param.nargs == -1
    kind: Any = typing.get_args(param.type_descriptor.annotation)[0] if several else param.type_descriptor.annotation
    usual = _USUAL.get(kind, _enum_values(kind)[:1] if isinstance(kind, type) and issubclass(kind, enum.Enum) else ())
    if several:
        usual = tuple((value,) for value in usual)
    accepted = [value for value in usual if _outcome(typers, value, param, ctx)[0] == "value"]
    assert accepted
    assert [value for value in accepted if coercion.convert(value, param, ctx) is coercion.UNSURE] == []


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "abc"],
        ["summary", "1800"],
        ["summary", "2026.5"],
        ["summary", "2026", "--format", "xml"],
        ["summary", "2026", "--format", "CSV"],
        ["summary", "2026", "--by", "Udvalg"],
        ["summary", "--prisniveau", "2300"],
        ["summary", "2026", "--data", "README.md"],
        ["summary", "2026", "--output", "data"],
        ["check-targets", "--prisniveau", "to tusind"],
        ["check-targets", "--layout", "bred"],
        ["--sprog", "de", "summary"],
        ["list", "--csv-dialect", "excel"],
        ["validate", "--data", "pyproject.toml"],
    ],
)
def test_an_invalid_value_is_the_usage_error_typer_gives(
    args: list[str], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, typers = _ours_and_typers(args, monkeypatch)
    assert (ours.exit_code, ours.stdout, ours.stderr) == (typers.exit_code, typers.stdout, typers.stderr)
    assert ours.exit_code == 2
    assert "Fejl: ugyldig værdi for " in ours.stderr


def _ours_and_typers(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The command line run with budgetkorr's conversion of given values, then with typer's own."""
    from budgetkorr.cli import coercion
    from tests.conftest import run

    ours = run(*args)
    monkeypatch.setattr(coercion, "convert", lambda value, param, ctx: coercion.UNSURE)
    return ours, run(*args)


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "2026", "--format", "csv", "--data", "data", "--status", "forslag", "--status", "godkendt"],
        ["summary", "2026", "--by", "korrektion", "--format", "json", "--prisniveau", "2026"],
        ["list", "--format", "csv", "--only", "T101,T103", "--csv-dialect", "excel-da"],
        ["check-targets", "--format", "markdown", "--data", "data"],
    ],
)
def test_a_valid_command_line_runs_as_with_typers_conversion(
    args: list[str], shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, typers = _ours_and_typers(args, monkeypatch)
    assert ours.exit_code in (0, 1)
    assert ours.stdout
    assert (ours.exit_code, ours.stdout_bytes, ours.stderr) == (typers.exit_code, typers.stdout_bytes, typers.stderr)

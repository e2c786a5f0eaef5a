"""The application: the typer app, its root options, how each command is registered and built, and how a run ends.

Each command registers on a small typer app of its own (`command`), which typer turns into a click command when the
command is first looked up (`Commands.get_command`), so a run builds only the command it runs. `Commands.main` runs
the command line without click's own error handling and turns how it ended into our exit codes and our words
(`usage`); it uses only typer's and click's public interfaces.

The rest of what the commands share lives in a module per job, so that where untrusted text meets the user is
found by name: `options` (the shared options and reading their values), `loading` (load, validate, report all
problems, stop on errors), `output` (stdout/stderr, encodings, write errors, the exit codes).
"""

from __future__ import annotations

import enum
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from budgetkorr import i18n
from budgetkorr.cli.front import APP_HELP, DEBUG_HELP, LANGUAGE_HELP, VERSION_HELP, first_sentence, root_help
from budgetkorr.cli.output import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, fail, run
from budgetkorr.cli.usage import (
    COMMAND_PIECE,
    OPTIONS_PIECE,
    Command,
    draw_options,
    draw_text,
    draw_usage,
    help_text,
    usage_error,
    usage_message,
)
from budgetkorr.cli.usage import kinds as error_kinds
from budgetkorr.cli.values import Refused, prepare
from budgetkorr.core.version import __version__
from budgetkorr.i18n import _, choose

__all__ = ["app", "command", "main"]

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])

# Each command's own typer app, by the command's name: filled when the command's module is imported.
_REGISTERED: dict[str, typer.Typer] = {}


def command(name: str) -> Callable[[CommandFunction], CommandFunction]:
    """Registers the function as command `name`, with its help text from `budgetkorr.cli.COMMANDS`: typer builds
    the command from a small app of its own, when the command is looked up."""
    from budgetkorr.cli.commands import COMMANDS

    def register(function: CommandFunction) -> CommandFunction:
        prepare(function)
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
        single.command(name, help=COMMANDS[name].help, cls=Command)(function)
        _REGISTERED[name] = single
        return function

    return register


class Commands(TyperGroup):
    """The app: its commands, built when first looked up (click's documented lazy group: `list_commands` and
    `get_command`), its --help in the user's language, and how a run ends.

    Input that validated but can not be used as asked (`InputError`) is exit 2 with its message, from whichever
    stage finds it, like any other invalid input."""

    def list_commands(self, ctx: Any) -> list[str]:
        from budgetkorr.cli.commands import COMMANDS

        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from budgetkorr.cli.commands import COMMANDS

        if cmd_name not in COMMANDS:
            return None
        built = self.commands.get(cmd_name)
        if built is None:
            importlib.import_module(f"budgetkorr.cli.{COMMANDS[cmd_name].module}")
            built = self.commands[cmd_name] = typer.main.get_command(_REGISTERED[cmd_name])
        return built

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        draw_usage(ctx, formatter, _(OPTIONS_PIECE) + " " + _(COMMAND_PIECE))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        draw_text(self, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        from budgetkorr.cli.commands import COMMANDS

        draw_options(self, ctx, formatter)
        rows = [(name, first_sentence(help_text(command.help))) for name, command in COMMANDS.items()]
        with formatter.section(_("Kommandoer")):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            known = self.list_commands(ctx)
            close = get_close_matches(name, known, n=1)
            message = (
                _("ukendt kommando {name!r}; mente du {close}?").format(name=name, close=close[0])
                if close
                else _("ukendt kommando {name!r}; kommandoerne er: {known}").format(name=name, known=", ".join(known))
            )
            raise Refused(message, ctx=ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        from budgetkorr.core.diagnostics import InputError

        try:
            return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; how it ended is an exit code of ours, and any usage error is said here."""
        i18n.choose(None)  # a --sprog of an earlier run in the same process does not carry over
        arguments = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        if not arguments:
            sys.stderr.write(root_help() + "\n")
            sys.exit(EXIT_INVALID)
        try:
            result = super().main(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        except Exception as exc:  # noqa: BLE001 - click's errors are known by kind; anything else is re-raised
            _ended(exc)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


def _ended(exc: Exception) -> NoReturn:
    """A run that click ended with an exception: a usage error (exit 2), an exit asked for, an interruption.
    Anything else is a bug, for the top-level handler (exit 3)."""
    found = error_kinds(exc)
    if "Exit" in found:
        sys.exit(int(getattr(exc, "exit_code", EXIT_INVALID)))
    if "Abort" in found:
        sys.stderr.write(_("Afbrudt.") + "\n")
        sys.exit(EXIT_INTERRUPTED)
    if "UsageError" in found or isinstance(exc, Refused):
        sys.stderr.write(usage_error(exc))
        sys.exit(EXIT_INVALID)
    if "ClickException" in found:
        sys.stderr.write(_("Fejl: {message}").format(message=usage_message(exc)) + "\n")
        sys.exit(EXIT_INVALID)
    raise exc


app = typer.Typer(
    cls=Commands,
    name="budgetkorr",
    help=APP_HELP,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rich's formatter took half of --help's time to import and draw
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Language(enum.StrEnum):
    da = "da"
    en = "en"


def _language(value: Language | None) -> None:
    if value is not None:
        choose(value.value)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"budgetkorr {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=_(VERSION_HELP))] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_(DEBUG_HELP))] = False,
    language: Annotated[
        Language | None,
        typer.Option(
            "--sprog",
            "--lang",
            callback=_language,
            is_eager=True,
            help=_(LANGUAGE_HELP),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Technical budget corrections as data."""


prepare(_root)

# pydantic's documented switch: without it, the first validator pydantic builds makes it read the entry points of
# every installed package, looking for pydantic plugins, which budgetkorr does not use (about 1 % of a summary).
# A value the user has set stands.
PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def main() -> None:
    """The console script: runs the app; `output.run` maps how it ended to an exit code."""
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    run(app)

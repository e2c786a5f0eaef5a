"""The application: the typer app every command registers on, its root options, and the console script.

The rest of what the commands share lives in a module per job, so that where untrusted text meets the user is
found by name: `options` (the shared options and reading their values), `loading` (load, validate, report all
problems, stop on errors), `output` (stdout/stderr, encodings, write errors, the exit codes).
"""

from __future__ import annotations

import enum
import importlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any, TypeVar

import typer
from typer.models import CommandInfo

from budgetkorr import __version__
from budgetkorr.cli.front import APP_HELP, DEBUG_HELP, LANGUAGE_HELP, VERSION_HELP
from budgetkorr.cli.output import (
    EXIT_OK,
    fail,
    run,
)
from budgetkorr.cli.usage import Group
from budgetkorr.i18n import _, choose

__all__ = ["app", "command", "main"]

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


class _Commands(Group):
    """The app's commands, in the user's language (`usage.Group`); input that validated but can not be used as
    asked (`InputError`) is exit 2 with its message, from whichever stage finds it, like any other invalid input.

    A command is built when it is first looked up (`_LazyCommands`): the one that runs, not all of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def listed_help(self, ctx: Any) -> list[tuple[str, str]]:
        """The help of each command for the list in --help, from the table: none of them is imported or built."""
        from budgetkorr.cli import COMMANDS

        return [(name, command.help) for name, command in COMMANDS.items()]

    def invoke(self, ctx: Any) -> Any:  # Any: the context class is typer's vendored click
        from budgetkorr.diagnostics import InputError

        try:
            return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))


class _LazyCommands(MutableMapping[str, Any]):
    """The app's commands by name, in the order of `budgetkorr.cli.COMMANDS`: a command's module is imported, and
    typer builds the command from its parameters, when the command is first looked up."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self._built = dict(built)

    def _names(self) -> list[str]:
        from budgetkorr.cli import COMMANDS

        return [*COMMANDS, *(name for name in self._built if name not in COMMANDS)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __getitem__(self, name: str) -> Any:
        command = self._built.get(name)
        if command is None:
            info = _registered(name)
            if info is None:
                raise KeyError(name)
            command = typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
            )
            self._built[name] = command
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]


def command(name: str) -> Callable[[CommandFunction], CommandFunction]:
    """Registers the command `name` on the app, with its help text from `budgetkorr.cli.COMMANDS`."""
    from budgetkorr.cli import COMMANDS

    return app.command(name, help=COMMANDS[name].help)


def _registered(name: str) -> CommandInfo | None:
    """The registration of command `name`, its module imported first; None for a name that is no command."""
    from budgetkorr.cli import COMMANDS

    if name in COMMANDS:
        importlib.import_module(f"budgetkorr.cli.{COMMANDS[name].module}")
    for info in app.registered_commands:
        if info.callback is not None and (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return info
    return None


app = typer.Typer(
    cls=_Commands,
    name="budgetkorr",
    help=_(APP_HELP),
    no_args_is_help=True,
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


# pydantic's documented switch: without it, the first validator pydantic builds makes it read the entry points of
# every installed package, looking for pydantic plugins, which budgetkorr does not use (about 1 % of a summary).
# A value the user has set stands.
PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def main() -> None:
    """The console script: runs the app; `output.run` maps how it ended to an exit code."""
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    run(app)

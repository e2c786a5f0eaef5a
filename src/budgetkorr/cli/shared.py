"""The application: the typer app every command registers on, its root options, and the console script.

The rest of what the commands share lives in a module per job, so that where untrusted text meets the user is
found by name: `options` (the shared options and reading their values), `loading` (load, validate, report all
problems, stop on errors), `output` (stdout/stderr, encodings, write errors, the exit codes).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.models import CommandInfo

from budgetkorr import __version__
from budgetkorr.cli.loading import CACHE
from budgetkorr.cli.output import (
    EXIT_OK,
    fail,
    run,
)
from budgetkorr.cli.usage import Group
from budgetkorr.i18n import _, choose

__all__ = ["app", "main"]


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
        """The help of each command for the list in --help, read from its registration: none of them is built."""
        helps = []
        for name in self.list_commands(ctx):
            info = _registered(name)
            if info is not None and not info.hidden:
                helps.append((name, info.help if info.help is not None else inspect.getdoc(info.callback) or ""))
        return helps

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


def _registered(name: str) -> CommandInfo | None:
    """The registration of command `name`, its module imported first; None for a name that is no command."""
    from budgetkorr.cli import COMMANDS

    if name in COMMANDS:
        importlib.import_module(f"budgetkorr.cli.{COMMANDS[name]}")
    for info in app.registered_commands:
        if info.callback is not None and (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return info
    return None


app = typer.Typer(
    cls=_Commands,
    name="budgetkorr",
    help=_(
        "Tekniske budgetkorrektioner som data: kontrollér dem, summér dem pr. udvalg og år, og eksportér dem til "
        "regneark. Beløb i mio. kr.; + = merudgift/mindreindtægt, - = mindreudgift/merindtægt."
    ),
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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Vis versionen og afslut."))
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=_("Vis tracebacken ved en intern fejl."))] = False,
    language: Annotated[
        Language | None,
        typer.Option(
            "--sprog",
            "--lang",
            callback=_language,
            is_eager=True,
            help=_("Sproget i alt, der skrives til en person: da (standard) eller en. Også BUDGETKORR_LANG=en."),
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="BUDGETKORR_NO_CACHE",
            help=_(
                "Læs og kontroller alle filer igen uden cachen af kontrollerede korrektioner (i brugerens "
                "cache-mappe). Resultatet er det samme; kun hastigheden er en anden."
            ),
        ),
    ] = False,
) -> None:
    """Technical budget corrections as data."""
    CACHE.enabled = not no_cache


def main() -> None:
    """The console script: runs the app; `output.run` maps how it ended to an exit code."""
    run(app)

"""The application: the typer app every command registers on, its root options, and the console script.

The rest of what the commands share lives in a module per job, so that where untrusted text meets the user is
found by name: `options` (the shared options and reading their values), `loading` (load, validate, report all
problems, stop on errors), `output` (stdout/stderr, encodings, write errors, the exit codes).
"""

from __future__ import annotations

import enum
import sys
from typing import Annotated, Any

import typer

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
    asked (`InputError`) is exit 2 with its message, from whichever stage finds it, like any other invalid input."""

    def invoke(self, ctx: Any) -> Any:  # Any: the context class is typer's vendored click
        from budgetkorr.diagnostics import InputError

        try:
            return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))


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

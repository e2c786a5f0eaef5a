"""The command line: parses options, calls the stages, writes the result, chooses the exit code.

`shared` holds the app and its root options; each command lives in a module of its own and registers itself on
import. The modules are named in `commands.COMMANDS` and imported only when their command runs, so a run pays for the
imports and options of its own command alone; `budgetkorr --help` and `--version` are answered by `front` without
typer. `main` is the console script.

May import every layer below it (the library, render, the operations, load, readers, core); nothing imports it
but `budgetkorr.__main__`.
"""

from __future__ import annotations

import sys
from typing import Any

from budgetkorr.cli.commands import COMMANDS

__all__ = ["COMMANDS", "app", "main"]


def main() -> None:
    """The console script: --help and --version are answered at once, any other command line by the app."""
    import gc

    # The process's own choice, made here and never in the library: a run makes hundreds of thousands of objects
    # that live until it ends and next to no cycles (reference counting frees the rest), and the cyclic collector
    # walked them again and again: about 9 % of `summary` at 10,000 corrections, with the same peak memory off.
    gc.disable()
    from budgetkorr.cli.front import answer

    answer(sys.argv)
    from budgetkorr.cli.shared import main as run_app

    run_app()


def __getattr__(name: str) -> Any:
    # `from budgetkorr.cli import app`: the typer app, loaded when asked for (not by --help and --version)
    if name == "app":
        from budgetkorr.cli.shared import app

        return app
    raise AttributeError(name)

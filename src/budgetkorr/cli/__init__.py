"""The command line: parses options, calls the stages, writes the result, chooses the exit code.

`shared` holds the app and the options and helpers the commands share; each command lives in a module of its
own and registers itself on import. `main` is the console script.
"""

# isort: skip_file
# The modules are imported in the order their commands are listed by --help: the daily ones first.
from budgetkorr.cli import summary, show, targets, validate, report, diff, history, new, importcmd  # noqa: F401  (imported to register the commands)
from budgetkorr.cli.shared import app, main

__all__ = ["app", "main"]

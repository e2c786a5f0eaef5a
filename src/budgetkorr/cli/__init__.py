"""The command line: parses options, calls the stages, writes the result, chooses the exit code.

`shared` holds the app and its root options; each command lives in a module of its own and registers itself on
import. The modules are named in `COMMANDS` and imported only when their command runs (or --help lists the
commands), so a run pays for the imports and options of its own command alone. `main` is the console script.
"""

from budgetkorr.cli.shared import app, main

# Each command and the module that defines it, in the order --help lists them: the daily ones first.
COMMANDS = {
    "summary": "summary",
    "list": "summary",
    "show": "show",
    "check-targets": "targets",
    "validate": "validate",
    "schema": "validate",
    "report": "report",
    "diff": "diff",
    "history": "history",
    "new": "new",
    "import": "importcmd",
}

__all__ = ["COMMANDS", "app", "main"]

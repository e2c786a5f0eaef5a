"""The command line: parses options, calls the stages, writes the result, chooses the exit code.

`shared` holds the app and its root options; each command lives in a module of its own and registers itself on
import. The modules are named in `COMMANDS` and imported only when their command runs, so a run pays for the
imports and options of its own command alone; `budgetkorr --help` and `--version` are answered by `front` without
typer. `main` is the console script.
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from budgetkorr.i18n import N_


class Command(NamedTuple):
    module: str  # in budgetkorr.cli
    help: str  # the command's help text (its first sentence is its line in --help)


# Each command, the module that defines it, and its help, in the order --help lists them: the daily ones first.
COMMANDS = {
    "summary": Command(
        "summary", N_("Totaler pr. udvalg (eller pr. korrektion) for et år eller for hvert år i budgetperioden.")
    ),
    "list": Command(
        "summary", N_("Vis korrektionerne: nr, titel, udvalg, status, prisniveau, serviceramme, år og fil.")
    ),
    "show": Command("show", N_("Vis én korrektion opstillet som skemaet.")),
    "check-targets": Command(
        "targets",
        N_(
            "Tjek de økonomiske mål efter korrektionerne: exit 0 når alle er opfyldt, 1 når et mål ikke er opfyldt, "
            "2 ved ugyldigt input."
        ),
    ),
    "validate": Command(
        "validate",
        N_(
            "Tjek korrektionsfiler (og budget.yaml, targets.yaml, prisniveau.yaml): exit 0 når de er gyldige, 2 ved "
            "en fejl."
        ),
    ),
    "schema": Command(
        "validate", N_("Skriv JSON Schema for en korrektionsfil (editorer bruger det til at foreslå og tjekke nøgler).")
    ),
    "report": Command(
        "report", N_("Bilaget til udvalget: oversigt pr. udvalg og år, målene, grafer og hver korrektion som skemaet.")
    ),
    "diff": Command(
        "diff", N_("Vis hvad der er ændret mellem to udgaver af budgettet: korrektioner, totaler og målene.")
    ),
    "history": Command(
        "history", N_("Vis hver commit der har ændret en korrektion: dato, forfatter, status og netto pr. år.")
    ),
    "new": Command("new", N_("Opret en ny korrektionsfil ud fra en skabelon.")),
    "import": Command("importcmd", N_("Importér udvalgsbilag: én valideret korrektionsfil pr. skema.")),
}

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

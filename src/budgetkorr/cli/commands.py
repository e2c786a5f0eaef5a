"""The commands: each one's name, the module of budgetkorr.cli that defines it, and its help, in the order --help
lists them. A table only, so that `--help` reads it without importing a command."""

from __future__ import annotations

from typing import NamedTuple

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
    "show": Command(
        "show",
        N_(
            "Vis korrektioner opstillet som skemaet. Numrene vises i den rækkefølge, de gives; med --udvalg alle "
            "udvalgets."
        ),
    ),
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
    "init": Command(
        "init",
        N_(
            "Opret datamappen til et budgetår: budget.yaml, udvalg.yaml, targets.yaml, prisniveau.yaml og "
            "corrections/, ny eller ført over fra sidste års mappe (--fra)."
        ),
    ),
    "new": Command("new", N_("Opret en ny korrektionsfil ud fra en skabelon.")),
    "import": Command(
        "importcmd",
        N_(
            "Importér udvalgsbilag: én valideret korrektionsfil pr. skema (eller pr. række i en projektmappe fra "
            "export)."
        ),
    ),
    "export": Command(
        "export",
        N_(
            "Skriv korrektionerne som en projektmappe (.xlsx) at rette i og importere igen; med --tom en tom at "
            "udfylde."
        ),
    ),
}

"""`new`'s file: the template for a number, validated as `validate` will read it, created as its number's reservation.

Nothing is written that would not validate, and the file is created without replacing another (`files`). The file
is the reservation of its number: when another writer took the number at the same moment (a file of the same name,
or another file named by the number), the next free number is taken.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic
from budgetkorr.files import NumberTaken, WriteRefused, inside, write_atomic
from budgetkorr.i18n import _
from budgetkorr.importers.plan import file_name
from budgetkorr.loader.validate import correction_text_problems
from budgetkorr.models import Committee
from budgetkorr.templates import next_number, template
from budgetkorr.yamlwrite import correction_yaml, schema_reference

# How many numbers are tried when others take them at the same moment: more than a series has.
TRIES = 100


class NotWritten(Exception):
    """Nothing was written: the message says why, naming the option it comes from."""


@dataclass(frozen=True)
class NewCorrection:
    """A new correction file of a committee, with the title and period given, for the number it gets."""

    folder: Path
    committee: Committee
    title: str
    years: tuple[int, ...]
    price_level: int | None

    def next_number(self, used: dict[str, Path]) -> str:
        number = next_number(self.committee, used)
        if number is None:
            message = _("{name} har intet nummer i udvalg.yaml (eller serien er fuld); angiv --nr")
            raise NotWritten(message.format(name=self.committee.name))
        return number

    def planned(self, number: str) -> tuple[Path, str]:
        """The file for `number`: its path and its text, validated as `validate` will read it."""
        path = self.folder / file_name(number, self.title)
        if not inside(self.folder, path):
            raise NotWritten(_("filnavnet ville ligge uden for {folder}").format(folder=self.folder))
        content, comments = template(number, self.title, self.committee.name, self.years, self.price_level)
        text = correction_yaml(content, comments=comments, schema=schema_reference(self.folder))
        problems = correction_text_problems(path, text)
        if problems:
            raise NotWritten(_option_problem(problems[0]))
        return path, text

    def create(self, number: str | None, used: dict[str, Path], *, force: bool) -> tuple[Path, str]:
        """Write the file without replacing another, and return it with its number. Without a number given, one
        that someone else took meanwhile is passed over for the next free one; `force` replaces only the file of a
        number given. `used` gains the numbers found taken. An OSError names the file."""
        for _try in range(TRIES):
            chosen = number or self.next_number(used)
            path, text = self.planned(chosen)
            try:
                write_atomic(path, text.encode("utf-8"), force=force and number is not None, number=chosen)
            except WriteRefused as exc:
                if number is not None:
                    raise
                used[chosen] = exc.other if isinstance(exc, NumberTaken) else path
                if isinstance(exc, NumberTaken):
                    time.sleep(random.random() / 50)  # both writers let go of the number: not in step again
                continue
            except OSError as exc:  # said about the file, not a temporary one or none
                raise OSError(exc.errno, exc.strerror, str(path)) from exc
            return path, chosen
        raise NotWritten(_("intet ledigt nummer efter {tries} forsøg; angiv --nr").format(tries=TRIES))


def _option_problem(problem: Diagnostic) -> str:
    """A problem of the file `new` would write, said about the option it came from."""
    option = {"nr": "--nr", "titel": "--titel", "udvalg": "--udvalg"}.get(problem.field)
    if option is None:
        return _("filen ville ikke være gyldig og er ikke skrevet: {problem}").format(problem=problem.format())
    return f"{option}: {problem.message}"

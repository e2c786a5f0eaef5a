"""The front page's options of `budgetkorr report`: --bilag, --møde and --dato, and the date a report is made.

The date is `--dato` when given; else the day of SOURCE_DATE_EPOCH (the reproducible-builds convention: a build
that sets it gets the same file every time); else today. Only the command line reads the clock and the environment.
"""

from __future__ import annotations

import datetime
import os
from typing import Annotated, Any

import typer

from budgetkorr.cli.output import fail
from budgetkorr.cli.values import Refused
from budgetkorr.i18n import N_, _

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
DATE = N_("<ÅÅÅÅ-MM-DD>")


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Refused(_("{value!r} er ikke en dato som 2026-05-12 (år-måned-dag)").format(value=value)) from None


def _line(value: Any) -> str:
    text = str(value).strip()
    if not text or any(char in text for char in "\r\n"):
        raise Refused(_("{value!r}: skriv én linje tekst").format(value=value))
    return text


def _line_option(name: str, help_text: str) -> Any:  # typer.Option is typed as Any
    """An option whose value is one line of text, as the user gives it."""
    return typer.Option(name, parser=_line, metavar=N_("<tekst>"), help=help_text, show_default=False)


BilagOption = Annotated[
    str | None,
    _line_option("--bilag", _('Bilagets nummer på dagsordenen, fx "Bilag 3": på forsiden og øverst på hver side.')),
]
MeetingOption = Annotated[
    str | None,
    _line_option("--møde", _('Mødet, bilaget hører til, fx "Økonomiudvalget 12. maj 2026": på forsiden.')),
]
DateOption = Annotated[
    datetime.date | None,
    typer.Option(
        "--dato",
        parser=_date,
        metavar=DATE,
        help=_(
            "Datoen på forsiden og i Word-filen, fx 2026-05-12: samme data og samme dato giver den samme fil byte "
            "for byte. Standard: dagen i {variable}, når den er sat, ellers i dag."
        ).format(variable=EPOCH_VARIABLE),
        show_default=False,
    ),
]


def made(given: datetime.date | None) -> datetime.date:
    """The report's date: --dato, else SOURCE_DATE_EPOCH's day (UTC), else today. A SOURCE_DATE_EPOCH that is
    not a whole number of seconds is a usage error: a build that sets it wants that date, not today's."""
    if given is not None:
        return given
    epoch = os.environ.get(EPOCH_VARIABLE)
    if epoch is None or not epoch.strip():
        return datetime.date.today()
    text = epoch.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        message = _("{variable}={value!r} er ikke et antal sekunder siden 1970")
        fail(message.format(variable=EPOCH_VARIABLE, value=epoch))
    return datetime.datetime.fromtimestamp(int(text), datetime.UTC).date()

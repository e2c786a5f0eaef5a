"""A new correction: the next free number in a committee's series, and a template with every key of the form.

Pure: the committee, the numbers in use and the budget period in; the file's data and the comments that explain each
key out (written by `yamlwrite`). The template's figures are zeros and it is marked foreløbig, because a zero that
nobody has filled in is not a real zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from budgetkorr.i18n import _
from budgetkorr.models import YEAR_ROWS, Committee, Correction, fields_of
from budgetkorr.models.values import NUMBER_PATTERN


def number_problem(number: str) -> str | None:
    """Why a number given as an option can not be a correction's nr (and a file name's start), or None: the
    model's format, a capital letter and three digits, so no `/`, `..`, space, `CON` or escape gets into a path."""
    if re.fullmatch(NUMBER_PATTERN[1:-1], number):
        return None
    return _("{value!r} er ikke et korrektionsnummer; skriv et stort bogstav og tre cifre, fx T105 eller A108").format(
        value=number
    )


# Line breaks and tabs in a title given on the command line become spaces; any other control character, a
# bidirectional override or isolate (which reorder what a reader sees), a line or paragraph separator, a
# noncharacter, or a byte that was not UTF-8 (a lone surrogate) is refused.
_LAYOUT = frozenset("\t\n\r")
_REFUSED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def title_problem(title: str) -> str | None:
    """Why a title given as an option can not be written, or None."""
    found = next((m.group() for m in _REFUSED.finditer(title) if m.group() not in _LAYOUT), None)
    if found is None:
        return None
    name = unicodedata.name(found, "")
    return _("tegnet U+{code:04X}{name} må ikke stå i en titel; skriv almindelig tekst").format(
        code=ord(found), name=f" ({name})" if name else ""
    )


def next_number(committee: Committee, used: Collection[str], letter: str = "T") -> str | None:
    """After the highest number of the committee's series (T1xx for committee 1): numbers left in a gap are not
    taken again, as a withdrawn T107 should not come back as another correction. None without a series or when
    it is full."""
    if committee.number is None:
        return None
    prefix = f"{letter}{committee.number}"
    serials = [int(number[2:]) for number in used if number.startswith(prefix) and number[2:].isdigit()]
    serial = max(serials, default=0) + 1
    return f"{prefix}{serial:02d}" if serial <= 99 else None


def template(
    number: str, title: str, committee: str, years: Sequence[int], price_level: int | None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The file's data (every key but the optional bemærkning, in the file's order; every row of the table zero,
    but engangsudgifter, a part of udgifter, empty) and a comment above each key saying what to write."""
    values: dict[str, Any] = {
        "nr": number,
        "titel": title,
        "udvalg": committee,
        "status": "forslag",
        "foreløbig": True,
        "prisniveau": price_level if price_level is not None else years[0],
        "iværksættelse": date(years[0], 1, 1),
        "indenfor_servicerammen": "ja",
        "engangsudgifter": {},
        "finansiering": [],
        "baggrund": _("Skriv baggrunden for og beskrivelsen af den tekniske korrektion her.") + "\n",
        "økonomiske_konsekvenser": _("Skriv de økonomiske konsekvenser her.") + "\n",
    }
    zero = {"amounts": Decimal("0.000"), "positions": Decimal(0)}
    data: dict[str, Any] = {}
    for field in fields_of(Correction):
        if field.key in values:
            data[field.key] = values[field.key]
        elif field.kind in YEAR_ROWS and field.key != "netto_indenfor":  # only with delvist: in a comment
            data[field.key] = dict.fromkeys(years, zero[field.kind])
    comments = {
        "status": [_("forslag | godkendt | afvist")],
        "foreløbig": [_("true: tallene er ikke endelige; sæt false, når de er")],
        "prisniveau": [_("Mio. kr. i ÅÅÅÅ-priser")],
        "iværksættelse": [_("Iværksættelsestidspunkt, år-måned-dag")],
        "indenfor_servicerammen": [_("ja | nej | delvist")],
        "udgifter": [
            _("Beløb i mio. kr. med decimalpunktum (0.880). + = merudgift/mindreindtægt, - = mindreudgift/merindtægt")
        ],
        "netto": [
            _("netto = udgifter + indtægter"),
            _(
                "netto_indenfor: {{{year}: 0.100}} (kun ved delvist, under netto) er den del af netto, der er "
                "indenfor servicerammen; resten er udenfor"
            ).format(year=years[0]),
        ],
        "engangsudgifter": [
            _("den del af udgifterne der er engangsudgifter, fx {{{year}: 0.200}}").format(year=years[0])
        ],
        "finansiering": [
            _('bemærkning: "…" (valgfri) er en note under skemaets tabel'),
            _("finansiering: kilde kassen | anlæg | drift | indtægter; anlæg, drift og indtægter med beløb, fx"),
            "  - kilde: anlæg",
            "    reference: A108",
            f"    beløb: {{{years[0]}: -0.950}}",
        ],
    }
    return data, comments

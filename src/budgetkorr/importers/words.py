"""The words and numbers of a form as documents write them: `-2.093,8`, `,500`, `1. januar 2026`, `Ja/nej`.

A number is read exactly as written or not at all: what could be read two ways (`1.5`: 1,5 or 1.500?) or not at
all (`2,0,1`) is an `Unreadable`, whose message names what was seen, for the caller to report at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budgetkorr.i18n import _
from budgetkorr.models.values import AS_MINUS, HARD_SPACES

MINUS_SIGNS = AS_MINUS  # every dash a word processor or a PDF writes for a minus (models.values.DASHES), as `-`
# Between the thousands of a number: a point, a space, or the hard spaces a PDF or Word puts there (no-break,
# figure, thin and narrow no-break space).
THOUSANDS = "." + " " + HARD_SPACES + "\u2009"
_HARD = HARD_SPACES + "\u2009"
_DIGITS = re.compile(r"\d+")
_CHARACTERS = re.compile(rf"[\d,{re.escape(THOUSANDS)}]+")
# One cell of a row: no whitespace but a hard space between two digits (`2 093,8` written with a thin space).
_CELL = re.compile(rf"(?:\S|(?<=\d)[{_HARD}](?=\d))+")
# A decimal point, as English writes it (`0.880`, `1.8`): read only in running text (`lenient_amount`).
_POINT = re.compile(r"^[+-]?\d+\.\d+$")
# `x,xxx`: a figure not yet known (and `ukendt`, as budgetkorr's own form writes it).
PLACEHOLDER = re.compile(r"^[+-]?[xX]+(?:[.,][xX]+)?$|^ukendt$", re.IGNORECASE)


@dataclass(frozen=True)
class Unreadable:
    """A token that is no number, or one that can not be read without a guess; the message names what was seen."""

    token: str
    message: str


def read_number(token: str, *, parentheses_negative: bool = False) -> Decimal | Unreadable:
    """A number as Danish documents and their PDFs write it, exactly: `0,5`, `,500`, `-,5`, `155.938`,
    `−2.093,8` (any dash as minus), `2 093,8` (a space, no-break, thin or narrow no-break space between the
    thousands), and `(2,0)` as -2,0 where the caller says parentheses mean negative. Anything else, and anything
    that could be read two ways, is `Unreadable`."""
    seen = token.strip()
    text = seen.translate(AS_MINUS)
    negative = False
    if text[:1] == "(" and text[-1:] == ")" and text[1:2] not in ("+", "-"):
        inner = text[1:-1].strip()
        if not parentheses_negative and isinstance(read_number(inner), Decimal):
            message = _("'{seen}' står i parentes, og parentes betyder ikke minus i dette bilag; skriv -{inner}")
            return Unreadable(seen, message.format(seen=seen, inner=inner))
        text, negative = inner, True
    sign = ""
    if text[:1] in ("+", "-") and not negative:
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if not _CHARACTERS.fullmatch(text) or not _DIGITS.search(text):
        return Unreadable(seen, _("{cell!r} er ikke et tal (skriv fx 0,880 eller -2.093,8)").format(cell=seen))
    whole, comma, fraction = text.partition(",")
    problem = _whole_problem(seen, whole, comma) or _fraction_problem(seen, comma, fraction)
    if problem is not None:
        return Unreadable(seen, problem)
    digits = re.sub(r"\D", "", whole) or "0"
    return Decimal(("-" if negative else sign) + digits + ("." + fraction if fraction else ""))


def _fraction_problem(seen: str, comma: str, fraction: str) -> str | None:
    if "," in fraction:
        return _("'{seen}' har {n} kommaer; et tal har højst ét decimalkomma").format(
            seen=seen, n=fraction.count(",") + 1
        )
    if "." in fraction:
        return _(
            "'{seen}' har punktum efter kommaet; på dansk står punktum mellem tusinder og komma før decimalerne "
            "(fx 1.234,5)"
        ).format(seen=seen)
    if comma and not fraction.isdigit():
        return _("'{seen}' har ingen cifre lige efter kommaet").format(seen=seen)
    return None


def _whole_problem(seen: str, whole: str, comma: str) -> str | None:
    """What is wrong with the part before the comma, or None: digits, or groups of three apart by one separator."""
    if whole.isdigit() or (not whole and comma):
        return None
    separators = {char for char in whole if not char.isdigit()}
    if len(separators) > 1:
        message = _("'{seen}' har forskellige tegn mellem tusinderne; skriv fx 2.093,8")
        return message.format(seen=seen)
    groups = whole.split(separators.pop())
    leading, rest = groups[0], groups[1:]
    if 1 <= len(leading) <= 3 and not leading.startswith("0") and all(len(g) == 3 and g.isdigit() for g in rest):
        return None
    if "." in whole and len(rest) == 1 and not comma and (leading.isdigit() or not leading) and rest[0].isdigit():
        # `1.5`, `1.23`, `0.880`: a decimal point as English writes it, or thousands as Danish does?
        decimal = f"{leading or 0},{rest[0]}"
        if len(rest[0]) < 3 and leading and not leading.startswith("0"):
            thousands = f"{leading}.{rest[0].ljust(3, '0')}"
            message = _("'{seen}' kan læses på to måder, som {decimal} eller som {thousands}; ret tallet i bilaget")
            return message.format(seen=seen, decimal=decimal, thousands=thousands)
        message = _(
            "'{seen}' er ikke et dansk tal (punktum står kun mellem tusinder, i grupper af tre); skriv {decimal}, "
            "hvis det er et decimaltal"
        )
        return message.format(seen=seen, decimal=decimal)
    message = _("'{seen}': cifrene mellem tusinderne står ikke i grupper af tre (fx 2.093,8)")
    return message.format(seen=seen)


def number(token: str, *, parentheses_negative: bool = False) -> tuple[Decimal, bool] | None:
    """A number token as `read_number` reads it, and whether the reading is a guess (never: a number that could be
    read two ways is not read). None when the token is no number; `read_number` says why."""
    read = read_number(token, parentheses_negative=parentheses_negative)
    return None if isinstance(read, Unreadable) else (read, False)


def cells(text: str) -> list[str]:
    """The cells of a row of figures, apart by whitespace; a hard space between two digits is inside a number."""
    return _CELL.findall(text)


def lenient_amount(token: str) -> Decimal | None:
    """A number in running text (`2,0`, `950.000`, `1.8`): the Danish reading where it is one, else a point. Only
    for what is proposed for the user to confirm (financing in the text), never for the form's own figures."""
    text = token.rstrip(".,")
    read = read_number(text)
    if not isinstance(read, Unreadable):
        return read
    plain = text.strip().translate(AS_MINUS)
    return Decimal(plain) if _POINT.match(plain) else None


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan"),
            ("februar", "feb"),
            ("marts", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES = (
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[\s/-]{1,3}(\d{4})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dMy", re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH_NAMES})\.?\s+(\d{{4}})(?!\d)", re.IGNORECASE)),
)


def find_date(text: str) -> tuple[date | None, str | None]:
    """The first date in `text` (`01.01.2026`, `1. januar 2026`, `2026-01-01`, `1/1 2026`), or the matched text
    of a date that does not exist (`31.02.2026`)."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for kind, pattern in _DATES:
        match = pattern.search(text)
        if match:
            found.append((match.start(), kind, match))
    if not found:
        return None, None
    _, kind, match = min(found, key=lambda item: item[0])
    first, second, third = match.groups()
    try:
        if kind == "ymd":
            return date(int(first), int(second), int(third)), None
        month = MONTHS[second.lower()] if kind == "dMy" else int(second)
        return date(int(third), month, int(first)), None
    except ValueError:
        return None, match.group()


def service_frame(text: str) -> str | None:
    """`Ja` → ja, `Nej` → nej, `Ja/nej` or `delvis` → delvist; None when the text says none of them."""
    word = re.sub(r"\s+", "", text.lower()).strip(".:;")
    if re.search(r"delvis|ja/nej|nej/ja|ja-nej|jaognej|jaellernej|\(ja/nej\)", word):
        return "delvist"
    if re.fullmatch(r"ja\W*", word):
        return "ja"
    if re.fullmatch(r"nej\W*", word):
        return "nej"
    return None

"""The words and numbers of a form as documents write them: `-2.093,8`, `0,54`, `1. januar 2026`, `Ja/nej`."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "‒": "-"})

# Danish: decimal comma, thousands dot (`155.938`, `-2.093,8`, `0,880`, `0`).
_DANISH = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
# A decimal point, as some forms write it (`0.880`, `1.8`): read, but said to be a guess.
_POINT = re.compile(r"^[+-]?\d+\.\d+$")
# `x,xxx`: a figure not yet known (and `ukendt`, as budgetkorr's own form writes it).
PLACEHOLDER = re.compile(r"^[+-]?[xX]+(?:[.,][xX]+)?$|^ukendt$", re.IGNORECASE)

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


def number(token: str) -> tuple[Decimal, bool] | None:
    """A number token as the documents write it, and whether the reading is a guess (a decimal point instead of
    the Danish comma). None when the token is no number."""
    text = token.strip().translate(MINUS_SIGNS)
    if _DANISH.match(text):
        parts = text.split(",")
        whole = parts[0].replace(".", "")
        if "." in parts[0] and len(parts) == 1 and parts[0].lstrip("+-").startswith("0"):
            return _decimal(text), True  # `0.880`: a leading 0 is never a thousands group
        return _decimal(whole + ("." + parts[1] if len(parts) > 1 else "")), False
    if _POINT.match(text):
        return _decimal(text), True
    return None


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise ValueError(text) from None


def lenient_amount(token: str) -> Decimal | None:
    """A number in running text (`2,0`, `950.000`, `1.8`): the Danish reading where it is one, else a point."""
    read = number(token.rstrip(".,"))
    return read[0] if read else None


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

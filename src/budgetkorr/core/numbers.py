"""How numbers are written: exact Decimal in, text out, rounded half up only here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MONEY_PLACES = Decimal("0.001")  # mio. kr. with three decimals = 1.000 kr.
POSITION_PLACES = Decimal("0.01")


def _fixed(value: Decimal, places: Decimal, decimal_comma: bool, grouping: bool) -> str:
    rounded = value.quantize(places, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never print -0,000
    text = f"{rounded:,f}" if grouping else f"{rounded:f}"
    if decimal_comma:
        # 1,234.500 → 1.234,500: swap the separators through a placeholder
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def money(value: Decimal, *, danish: bool = False, grouping: bool = False, places: int = 3) -> str:
    """An amount in mio. kr. with three decimals: `0.880`, or Danish `0,880` (`1.234,500` with grouping); more
    decimals where `places` asks for them (a check whose verdict three decimals would hide)."""
    return _fixed(value, Decimal(1).scaleb(-places) if places != 3 else MONEY_PLACES, danish, grouping)


def danish_money(value: Decimal, places: int = 3) -> str:
    """An amount as a table shows it to a Danish reader: `1.234,500`."""
    return money(value, danish=True, grouping=True, places=places)


def places_of(value: Decimal) -> int:
    """How many decimals a value is written with: 3 for 0.880, 0 for 12."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


MAX_VERDICT_PLACES = 12


def verdict_places(value: Decimal, threshold: Decimal, at_least: bool) -> int:
    """The fewest decimals, at least three, with which `value` and `threshold` as written show the true verdict.

    Rounding must never turn a failed target into a pass: an average of 99.99975 against 100 is 100,000 with
    three decimals, which reads as met; with four it is 99,9998 < 100,0000. Where the two differ, they are also
    shown different, so the margin has a sign.
    """
    met = value >= threshold if at_least else value <= threshold
    for places in range(3, MAX_VERDICT_PLACES + 1):
        step = Decimal(1).scaleb(-places)
        shown = value.quantize(step, rounding=ROUND_HALF_UP)
        limit = threshold.quantize(step, rounding=ROUND_HALF_UP)
        shown_met = shown >= limit if at_least else shown <= limit
        if shown_met == met and (shown != limit or value == threshold):
            return places
    return MAX_VERDICT_PLACES


def revealed(value: Decimal, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals (from `verdict_places`), for formats that write it as is."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def positions(value: Decimal, *, danish: bool = False) -> str:
    """Full-time positions with two decimals: `0.54`, or Danish `0,54`."""
    return _fixed(value, POSITION_PLACES, danish, False)


def exact(value: Decimal, min_places: int = 0) -> str:
    """The exact value, never rounded and without exponent, padded to `min_places` decimals: for JSON."""
    if value == 0:
        value = abs(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent < min_places:
        value = value.quantize(Decimal(1).scaleb(-min_places))  # adds zeros only: exact
    return f"{value:f}"


def danish_exact(value: Decimal) -> str:
    """The exact value with a decimal comma, as a Danish document writes it: `0,88`, `-2093,8` (a figure quoted back
    in a message about what was written)."""
    return exact(value).replace(".", ",")


def signed_money(value: Decimal) -> str:
    """A change or a margin, its sign always shown: `+1,208`, `-0,792`, `0,000`."""
    text = danish_money(value)
    return text if text.startswith("-") or text == danish_money(Decimal(0)) else f"+{text}"


def factor(value: Decimal) -> str:
    """A price conversion's factor as a Danish reader sees it: `1,029`, at most six decimals (`0,971817`)."""
    rounded = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    return exact(rounded).replace(".", ",")

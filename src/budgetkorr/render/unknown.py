"""How an amount written `ukendt` shows: `ukendt` where the form would show it, and a total that lacks it as its
known part with a marker (`11,303+?`), never as a figure that looks complete. One rule for every format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from budgetkorr.core import numbers
from budgetkorr.models.values import UNKNOWN, listed

MARK = "+?"  # after the known part of a total that lacks one or more unknown amounts


def money_cell(
    value: Decimal, missing: tuple[str, ...], whole: bool, render: Callable[[Decimal], str] = numbers.danish_money
) -> str:
    """An amount as a cell: as written when known; `ukendt` when every part of it is unknown (`whole`); else the
    known part followed by the marker."""
    if not missing:
        return render(value)
    return UNKNOWN if whole else render(value) + MARK


def contributors(unknown: Iterable[tuple[str, Iterable[int]]]) -> str:
    """`T110 (2026), T111 (2027, 2028)`: the corrections an amount lacks, and their unknown years."""
    return ", ".join(f"{number} ({listed(list(years))})" if years else number for number, years in unknown)


@dataclass(frozen=True)
class Partial:
    """A figure in a record (CSV, JSON, workbook) that lacks amounts written `ukendt`: its known part, whose amounts
    it lacks, and whether every part of it is unknown. JSON writes it as null; CSV and the workbook as its cell."""

    known: Decimal
    missing: tuple[str, ...]
    whole: bool

    def text(self, render: Callable[[Decimal], str] = numbers.danish_money) -> str:
        return money_cell(self.known, self.missing, self.whole, render)

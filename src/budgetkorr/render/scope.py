"""What an output holds, said in the output itself: budget year, selection, price level and its conversion,
foreløbige and unconverted figures. The lines under a table's title, and the `metadata` of a JSON document.

Cut out and pasted anywhere, a table still says what it is made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetkorr.core import numbers
from budgetkorr.core.prices import Conversion, steps
from budgetkorr.core.selection import Selection
from budgetkorr.escape import one_line
from budgetkorr.i18n import _


@dataclass(frozen=True)
class Scope:
    """The facts that qualify a report's figures."""

    budget_year: int | None  # the data folder's budget year (`period.budget_period`), named by every output
    selection: Selection
    conversion: Conversion | None  # None: the output holds no amounts (list)
    rates_source: str | None  # prisniveau.yaml's kilde
    preliminary: tuple[str, ...]  # numbers of the foreløbige corrections included
    unknown: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (nr, the years its netto is `ukendt`) of those included

    @property
    def unconverted(self) -> tuple[str, ...]:
        return tuple(number for number, _, _ in self.conversion.unconverted) if self.conversion else ()


def percent(rate: Decimal) -> str:
    """A rate as a Danish document writes it: `2,9 %`."""
    return numbers.danish_exact(rate) + " %"


def price_line(scope: Scope) -> str:
    """`Prisniveau: 2027-priser; omregnet fra 2025-priser (T106) med 2025→2026 2,9 % og …`."""
    conversion = scope.conversion
    if conversion is None:
        return ""
    if conversion.unconverted:
        line = _("Prisniveau: blandede: {level}-priser undtagen {items}, som er lagt til uomregnet").format(
            level=conversion.target,
            items=", ".join(
                _("{number} ({level}-priser; mangler sats for {steps})").format(
                    number=number, level=level, steps=steps(years)
                )
                for number, level, years in conversion.unconverted
            ),
        )
    else:
        line = _("Prisniveau: {level}-priser").format(level=conversion.target)
    converted = conversion.converted()
    if converted:
        parts = [
            _("fra {level}-priser ({numbers}) med {rates}, faktor {factor}").format(
                level=level,
                numbers=", ".join(numbers_),
                rates=_(" og ").join(f"{year}→{year + 1} {percent(rate)}" for year, rate in used),
                factor=numbers.factor(value),
            )
            for level, numbers_, used, value in converted
        ]
        line += _("; omregnet {parts}").format(parts="; ".join(parts))
        if scope.rates_source:
            line += _(" (satser: {source})").format(source=one_line(scope.rates_source))
        line += _("; hvert omregnet beløb er afrundet til 1.000 kr.")
    elif not conversion.unconverted:
        line += _(", som skrevet (intet er omregnet)")
    return line


def selection_words(selection: Selection) -> str:
    """The chosen corrections in words, without a full stop: `Alle forslag og godkendte korrektioner under
    Økonomiudvalget, undtagen T109`."""
    if selection.baseline:
        return _("Ingen korrektioner: budgettet, som det er")
    words = _("Alle {chosen}").format(chosen=_chosen(selection.statuses))
    if selection.committee is not None:
        words += _(" under {committee}").format(committee=one_line(selection.committee.name))
    if selection.only:
        words += _(", kun {numbers}").format(numbers=join_and(list(selection.only)))
    if selection.without:
        words += _(", undtagen {numbers}").format(numbers=join_and(list(selection.without)))
    return words


def join_and(items: list[str]) -> str:
    """`a`, `a og b`, `a, b og c`."""
    if len(items) <= 1:
        return "".join(items)
    return _("{first} og {last}").format(first=", ".join(items[:-1]), last=items[-1])


def _chosen(statuses: tuple[str, ...]) -> str:
    """The statuses as the corrections they are: `forslag og godkendte korrektioner`, `godkendte korrektioner`."""
    words = {"godkendt": _("godkendte"), "afvist": _("afviste")}
    adjectives = [words[status] for status in ("godkendt", "afvist") if status in statuses]
    if not adjectives:
        return _("forslag")
    kinds = ([_("forslag")] if "forslag" in statuses else []) + adjectives
    return _("{kinds} korrektioner").format(kinds=join_and(kinds))


def sentence(scope: Scope) -> str:
    """The selection and price level as a sentence for a politician: `Alle forslag og godkendte korrektioner, i
    2026-priser`, `Alle godkendte korrektioner under Økonomiudvalget, kun T101 og T102, i 2026-priser`. Text from a
    file (a committee's name) is in it as it is: each format escapes it where it enters."""
    words = selection_words(scope.selection)
    conversion = scope.conversion
    if conversion is None:
        return words
    words += _(", i {level}-priser").format(level=conversion.target)
    if conversion.unconverted:
        words += _(" (undtagen {items}, som ikke kunne omregnes)").format(
            items=join_and(
                [
                    _("{number} i {level}-priser").format(number=number, level=level)
                    for number, level, _years in conversion.unconverted
                ]
            )
        )
    return words


def heading(scope: Scope) -> tuple[str, ...]:
    """The lines under a title: budget year and selection; price level; foreløbige figures."""
    first = _("Budget {year}").format(year=scope.budget_year) if scope.budget_year else _("Budget (intet budgetår)")
    selection = one_line(scope.selection.describe())  # a committee's abbreviation is text from a file
    return (_("{budget}; udvalgt: {selection}").format(budget=first, selection=selection), *details(scope))


def details(scope: Scope, *, level_said: bool = False) -> tuple[str, ...]:
    """The lines after the selection: price level and its conversion; foreløbige figures; unknown amounts. With
    `level_said` (the `sentence` is given beside them), the price level only when there is more to say about it
    than its year: what was converted, and with which rates."""
    lines = []
    conversion = scope.conversion
    price = price_line(scope)
    if price and not (level_said and conversion is not None and not conversion.converted()):
        lines.append(price)
    if scope.preliminary:
        lines.append(
            _("Omfatter foreløbige tal, ikke endelige: {numbers}").format(numbers=", ".join(scope.preliminary))
        )
    elif not scope.selection.baseline:
        lines.append(_("Ingen foreløbige tal"))
    if scope.unknown:
        lines.append(unknown_line(scope.unknown))
    return tuple(lines)


def unknown_line(unknown: tuple[tuple[str, tuple[int, ...]], ...]) -> str:
    """`Omfatter ukendte beløb: T110 (2026); en total med +? er kun den kendte del`."""
    from budgetkorr.render.unknown import MARK, contributors

    return _("Omfatter ukendte beløb: {items}; en total med {mark} er kun den kendte del").format(
        items=contributors(unknown), mark=MARK
    )


def metadata(scope: Scope, title: str, warnings: tuple[str, ...] = ()) -> dict[str, object]:
    """The JSON `metadata`: the same facts as the heading, as values a program can read."""
    selection = scope.selection
    result: dict[str, object] = {
        "titel": title,
        "budgetår": scope.budget_year,
        "udvalgt": {
            "status": list(selection.statuses),
            "udvalg": selection.committee.abbreviation if selection.committee else None,
            "kun": list(selection.only),
            "uden": list(selection.without),
            "ingen_korrektioner": selection.baseline,
            "tekst": selection.describe(),
        },
    }
    conversion = scope.conversion
    if conversion is not None:
        result["prisniveau"] = conversion.target
        result["omregning"] = [
            {
                "fra": level,
                "nr": list(numbers_),
                "satser": [{"år": year, "procent": rate} for year, rate in used],
                "faktor": value,
            }
            for level, numbers_, used, value in conversion.converted()
        ]
        result["satser_kilde"] = scope.rates_source
        result["ikke_omregnet"] = [
            {"nr": number, "prisniveau": level, "mangler_sats_for": list(years)}
            for number, level, years in conversion.unconverted
        ]
    result["foreløbige"] = list(scope.preliminary)
    if scope.unknown:  # only where there is one: the metadata of a budget without unknown amounts stays as it was
        result["ukendte"] = [{"nr": number, "år": list(years)} for number, years in scope.unknown]
    result["advarsler"] = list(warnings)
    return result

"""What an output is made from, in plain Danish sentences for a reader who did not run the command (a workbook's
"Kilde" sheet): which corrections were chosen, and the price level the amounts are in, with the rates used.

Where `render.scope` says the same in the tool's own terms for the lines under a table (`udvalgt: status forslag,
godkendt`), these say it as a politician or a finance officer would read it: "Alle forslag og godkendte
korrektioner."
"""

from __future__ import annotations

from budgetkorr.core import numbers
from budgetkorr.core.prices import Conversion, steps
from budgetkorr.core.selection import Selection
from budgetkorr.escape import one_line
from budgetkorr.i18n import _
from budgetkorr.render.scope import join_and, percent, selection_words


def selection_sentence(selection: Selection) -> str:
    """The chosen corrections as a sentence: `Alle forslag og godkendte korrektioner under Økonomiudvalget,
    undtagen T109.`, the words of the report's front page (`render.scope.selection_words`)."""
    return selection_words(selection) + "."


def price_sentences(conversion: Conversion) -> tuple[str, ...]:
    """The price level the amounts are in, and how those written in another were converted (or why not)."""
    level = conversion.target
    if conversion.unconverted:
        sentences = [
            _("Beløbene er i {level}-priser, undtagen dem i {numbers}, som står som skrevet.").format(
                level=level, numbers=join_and([number for number, _level, _years in conversion.unconverted])
            )
        ]
        sentences += [
            _("{number} er i {level}-priser og er ikke omregnet, fordi satsen for {steps} mangler.").format(
                number=number, level=own, steps=steps(years)
            )
            for number, own, years in conversion.unconverted
        ]
    else:
        sentences = [_("Alle beløb er i {level}-priser.").format(level=level)]
    converted = conversion.converted()
    sentences += [
        _("{numbers} er omregnet fra {source}-priser med {rates} (faktor {factor}).").format(
            numbers=join_and(list(corrections)),
            source=source,
            rates=join_and([f"{year}→{year + 1} {percent(rate)}" for year, rate in used]),
            factor=numbers.factor(value),
        )
        for source, corrections, used, value in converted
    ]
    if converted:
        sentences.append(_("Hvert omregnet beløb er afrundet til 1.000 kr."))
    elif not conversion.unconverted:
        sentences.append(_("Intet beløb er omregnet: de står, som de er skrevet."))
    return tuple(sentences)


def rates_sentence(conversion: Conversion, source: str | None) -> str:
    """The price and wage rates known (prisniveau.yaml), and where they are from."""
    if not conversion.rates:
        return _("Der er ingen pris- og lønsatser.")
    rates = join_and([f"{year}→{year + 1} {percent(rate)}" for year, rate in sorted(conversion.rates.items())])
    sentence = _("Pris- og lønsatserne er {rates}.").format(rates=rates)
    if source:
        sentence += " " + _("Kilde: {source}.").format(source=one_line(source).rstrip("."))
    return sentence

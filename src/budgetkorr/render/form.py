"""One correction laid out like the paper form (seed 004): the `show` command's text."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from decimal import Decimal

from budgetkorr.load import Entry
from budgetkorr.render import numbers

WIDTH = 100
LEGEND = " - = mindreudgift/merindtægt og + = merudgift/mindreindtægt"
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def _row(label: str, values: list[str], side: str = "") -> str:
    cells = "".join(f"{value:>10}" for value in values)
    return f"{label:<26}{cells}   {side}".rstrip()


def _paragraphs(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.rstrip("\n").split("\n"):
        lines.extend(textwrap.wrap(line, WIDTH, break_long_words=False, break_on_hyphens=False) or [""])
    return lines


def render_form(entry: Entry) -> str:
    correction, committee = entry.correction, entry.committee
    years = list(correction.years)

    def amounts(get: Callable[[int], Decimal]) -> list[str]:
        return [numbers.money(get(year), danish=True) for year in years]

    start = correction.start
    frame = {"ja": "Ja", "nej": "Nej", "delvist": "Delvist (ja/nej)"}[correction.service_frame]
    status = correction.status + (", foreløbig: tallene er ikke endelige" if correction.preliminary else "")
    lines = [
        f"{'Titel':<{WIDTH - 8}}Nr.",
        f"{correction.title:<{WIDTH - 8}}{correction.number}",
        f"Udvalg: {committee.name} ({committee.abbreviation})   Status: {status}",
        "",
        _row(f"(Mio. kr. i {correction.price_level}-priser)", [str(y) for y in years], "Iværksættelsestidspunkt:"),
        _row(
            "Udgifter",
            amounts(lambda y: correction.expenditure[y]),
            f"{start.day}. {MONTHS[start.month - 1]} {start.year}",
        ),
        _row("Indtægter", amounts(correction.income_in), "Indenfor servicerammen:"),
        _row("Netto", amounts(correction.net_in), frame),
        LEGEND,
        _row("Antal fuldtidsstillinger", [numbers.positions(correction.positions_in(y), danish=True) for y in years]),
    ]
    if correction.one_off:
        lines.append(_row("heraf engangsudgifter", amounts(correction.one_off_in)))
    if correction.remark:
        lines.append(correction.remark)
    if correction.financing:
        lines += ["", "Finansiering"]
        for item in correction.financing:
            label = item.source + (f" {item.reference}" if item.reference else "")
            values = (
                [numbers.money(item.amounts.get(y, Decimal(0)), danish=True) for y in years] if item.amounts else []
            )
            lines.append(_row(f"  {label}", values))
            if item.text:
                lines += [f"    {line}" for line in _paragraphs(item.text)]
    lines += ["", "Baggrund for og beskrivelse af den tekniske korrektion", "", *_paragraphs(correction.background)]
    lines += ["", "Økonomiske konsekvenser", "", *_paragraphs(correction.consequences)]
    return "\n".join(lines) + "\n"

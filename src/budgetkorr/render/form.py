"""One correction laid out like the paper form (seed 004): the `show` command's text.

`budgetkorr import` reads this layout back to the same correction (the round trip the tests hold): the text is
written line for line as in the file (a terminal wraps long lines), a year without an amount in a financing or
one-off row is `–`, and the "Udvalg: … Status: …" line tells the importer that this is budgetkorr's own form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from budgetkorr import escape
from budgetkorr.core import numbers
from budgetkorr.core.entry import Entry
from budgetkorr.core.prices import Conversion, Converted
from budgetkorr.models.correction import NET_ROWS
from budgetkorr.models.values import UNKNOWN
from budgetkorr.render.textblocks import show_lines

WIDTH = 100
LEGEND = " - = mindreudgift/merindtægt og + = merudgift/mindreindtægt"
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


MISSING = "–"  # a year without an amount
# The split of a correction partly inside the service frame (netto_indenfor), under Netto; the importer reads the
# first back, the second is the rest of netto.
SPLIT_INSIDE = "heraf indenfor rammen"  # the label column is 25 wide; the side column names servicerammen
SPLIT_OUTSIDE = "heraf udenfor rammen"
CONVERTED = "Omregnet til"  # the heading of the amounts in another price level; the importer passes over them


def _row(label: str, values: list[str], side: str = "") -> str:
    cells = "".join(f" {value:>9}" for value in values)  # a space always parts two cells, however wide
    return f"{label:<25} {cells}   {side}".rstrip()


def _paragraphs(text: str) -> list[str]:
    """The text's lines as written in the file."""
    return text.rstrip("\n").split("\n")


def _partial(values: Mapping[int, Decimal], years: list[int]) -> list[str]:
    return [numbers.money(values[year], danish=True) if year in values else MISSING for year in years]


def _converted(entry: Entry, shown: Converted) -> list[str]:
    """The amounts in the level the totals are in, under a heading naming both levels and the factor; the
    importer passes over the block (it reads the form as written)."""
    correction = entry.correction
    years = list(correction.years)

    def amounts(get: Callable[[int], Decimal], *rows: str) -> list[str]:
        """The row's converted amounts; `ukendt` stays `ukendt`."""
        return [
            UNKNOWN
            if any(correction.is_unknown(row, year) for row in rows)
            else numbers.money(shown.amount(get(year)), danish=True)
            for year in years
        ]

    expenditure = amounts(lambda y: correction.expenditure[y], "udgifter")
    income = amounts(correction.income_in, "indtægter")
    net = [
        UNKNOWN if correction.net_unknown(y) else numbers.money(shown.net(correction, y), danish=True) for y in years
    ]
    lines = [
        f"{CONVERTED} {shown.target}-priser (skrevet i {shown.source}-priser, faktor {numbers.factor(shown.factor)}; "
        "hvert beløb afrundet til 1.000 kr.)",
        _row("  Udgifter", expenditure),
        _row("  Indtægter", income),
        _row("  Netto", net),
    ]
    if correction.net_inside is not None:
        lines.append(_row(f"  {SPLIT_INSIDE}", amounts(lambda y: correction.inside_in(y) or Decimal(0))))
    if correction.one_off:  # as in the form: a new file's empty {} is no row
        lines.append(_row("  heraf engangsudgifter", amounts(correction.one_off_in, "engangsudgifter")))
    for item in correction.financing:
        if item.amounts is None:  # kassen: no amounts
            continue
        label = f"  finansiering {item.source}" + (f" {item.reference}" if item.reference else "")
        given = item.amounts
        lines += [
            _row(label, [numbers.money(shown.amount(given[y]), danish=True) if y in given else MISSING for y in years])
        ]
    return lines


def render_form(entry: Entry, shown: Converted | None = None) -> str:
    """The form as written; with `shown`, also its amounts converted to the level the totals are in."""
    correction, committee = entry.correction, entry.committee
    years = list(correction.years)

    def amounts(get: Callable[[int], Decimal], *rows: str) -> list[str]:
        """The row's amounts; `ukendt` where the file writes it (in this row, or for netto in one it adds up)."""
        return [
            UNKNOWN if any(correction.is_unknown(row, year) for row in rows) else numbers.money(get(year), danish=True)
            for year in years
        ]

    start = correction.start
    frame = {"ja": "Ja", "nej": "Nej", "delvist": "Delvist (ja/nej)"}[correction.service_frame]
    status = correction.status + (", foreløbig: tallene er ikke endelige" if correction.preliminary else "")
    lines = [
        f"{'Titel':<{WIDTH - 8}}Nr.",
        f"{correction.title:<{WIDTH - 10}}  {correction.number}",
        f"Udvalg: {committee.name} ({committee.abbreviation})   Status: {status}",
        "",
        _row(f"(Mio. kr. i {correction.price_level}-priser)", [str(y) for y in years], "Iværksættelsestidspunkt:"),
        _row(
            "Udgifter",
            amounts(lambda y: correction.expenditure[y], "udgifter"),
            f"{start.day}. {MONTHS[start.month - 1]} {start.year}",
        ),
        _row("Indtægter", amounts(correction.income_in, "indtægter"), "Indenfor servicerammen:"),
        _row("Netto", amounts(correction.net_in, *NET_ROWS), frame),
        *(
            [
                _row(SPLIT_INSIDE, _partial(correction.net_inside, years)),
                _row(SPLIT_OUTSIDE, amounts(lambda y: correction.net_in(y) - (correction.inside_in(y) or 0))),
            ]
            if correction.net_inside is not None
            else []
        ),
        LEGEND,
        _row("Antal fuldtidsstillinger", [numbers.positions(correction.positions_in(y), danish=True) for y in years]),
    ]
    if correction.one_off:  # a new file's empty {} is nothing to show, not a row of dashes
        one_off = _partial(correction.one_off, years)
        one_off = [
            UNKNOWN if correction.is_unknown("engangsudgifter", y) else v for y, v in zip(years, one_off, strict=True)
        ]
        lines.append(_row("heraf engangsudgifter", one_off))
    if correction.remark:
        lines.append(correction.remark)
    if shown is not None:  # after the remark: the block runs to the blank line that comes next
        lines += ["", *_converted(entry, shown)]
    if correction.financing:
        lines += ["", "Finansiering"]
        for item in correction.financing:
            label = item.source + (f" {item.reference}" if item.reference else "")
            values = _partial(item.amounts, years) if item.amounts is not None else []
            lines.append(_row(f"  {label}", values))
            if item.text:
                lines += [f"    {line}" for line in _paragraphs(item.text)]
    lines += [
        "",
        "Baggrund for og beskrivelse af den tekniske korrektion",
        "",
        *show_lines(correction.background, WIDTH),
    ]
    lines += ["", "Økonomiske konsekvenser", "", *show_lines(correction.consequences, WIDTH)]
    # every line through the terminal rule: no escape sequence or control character of a file is shown raw
    return "".join(escape.terminal(line) + "\n" for line in "\n".join(lines).split("\n"))


# Between two forms of `show`: a line the importer knows as the end of a form.
SEPARATOR = "\n" + "=" * 100 + "\n\n"


def render_forms(entries: Sequence[Entry], shown: Conversion | None = None) -> str:
    """The corrections' forms, in the order given, with a separator between two; with `shown`, a converted one
    also gives its amounts at the level the totals are in."""
    return SEPARATOR.join(
        render_form(entry, None if shown is None else shown.of(entry.correction.number)) for entry in entries
    )

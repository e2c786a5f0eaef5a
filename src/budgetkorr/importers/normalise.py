"""The first stage of reading an appendix: its lines made plain, before any form is looked for.

What a PDF's or Word's text extraction does to the same form differently: typographic minus signs (U+2212) become
`-`; non-breaking, figure and thin spaces become spaces, except between the digit groups of a number (`2 093,8`),
where they stay one narrow no-break space so that the number stays one cell; a price line whose years wrap onto
the next line (`(Mio. kr. i 2026-priser) 2026 2027` / `2028 2029 Iværksættelsestidspunkt:`) is joined back into
one line (at the first line's number). Page furniture (headers and footers that repeat at page breaks) is found
here too, once the forms' starts are known (`furniture`), and left out of the text by the extraction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from budgetkorr.importers.layout import Layout
from budgetkorr.importers.prose import Line

GROUP = "\u202f"  # between the digit groups of a number: not a cell boundary
# right-to-left and left-to-right marks and embeddings, zero-width spaces and joiners, a byte order mark: a PDF's
# or a paste's marks that nobody sees and that would make a figure unreadable
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f]")
_LOOSE = re.compile(r"[\u00a0\u2007\u2009]|(?<!\d)\u202f|\u202f(?!\d{3}(?!\d))")  # a space between words
_GROUPED = re.compile(r"(?<=\d)[\u00a0\u2007\u2009\u202f](?=\d{3}(?!\d))")
_YEARS_AT_END = re.compile(r"(?:^|\s)(\d{4})\s*$")
_YEARS_AT_START = re.compile(r"^\s*(\d{4})(?=\s|$)")
PAGE_FURNITURE = re.compile(
    r"^\s*(?:(?:side|page)\s+\d+(?:\s*(?:af|of|/)\s*\d+)?|\d+\s*(?:af|/)\s*\d+|[-–]?\s*\d{1,3}\s*[-–]?)\s*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;][\"”’)]*$")
_BULLET = re.compile(r"^[-•–·▪*]\s")  # a page header never begins as a list item does


def characters(lines: Sequence[Line]) -> list[Line]:
    """Minus signs and the spaces of a typesetter as plain ones, and the invisible marks of direction and width
    left out (`\u200f0,000` is 0,000); a line with none of them is kept as it is."""
    plain: list[Line] = []
    for line in lines:
        text = line.text
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub("", text)
            line = Line(line.number, text)
        if "\u2212" in text or _SPACES.search(text):
            grouped = _GROUPED.sub(GROUP, text.replace("\u2212", "-"))
            line = Line(line.number, _LOOSE.sub(" ", grouped))
        plain.append(line)
    return plain


def join_wrapped_years(lines: Sequence[Line], layout: Layout) -> list[Line]:
    """A price line whose years go on at the start of the next line (the year after its last) as one line."""
    joined: list[Line] = []
    skip = -1
    for index, line in enumerate(lines):
        if index == skip:
            continue  # joined to the price line above
        last = _YEARS_AT_END.search(line.text) if layout.price_line.match(line.text) else None
        if last:
            following = next((i for i in range(index + 1, len(lines)) if lines[i].text.strip()), None)
            first = _YEARS_AT_START.match(lines[following].text) if following is not None else None
            if following is not None and first and int(first.group(1)) == int(last.group(1)) + 1:
                joined.append(Line(line.number, line.text.rstrip() + " " + lines[following].text.strip()))
                skip = following
                continue
        joined.append(line)
    return joined


def normalise(lines: Sequence[Line], layout: Layout) -> list[Line]:
    return join_wrapped_years(characters(lines), layout)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def furniture(lines: Sequence[Line], starts: Sequence[int], structure: Callable[[str], bool]) -> frozenset[str]:
    """Lines that repeat at page breaks (next to where a form begins, or at the end): headers and footers."""
    near: Counter[str] = Counter()
    total: Counter[str] = Counter()
    top: set[str] = set()  # the document's first lines: a line from there that comes back is a page header
    last: dict[str, int] = {}
    rows: set[str] = set()  # the same shape within a few lines: the rows of a table ("2022/23  41  5,9"), not a page's
    close = {index for boundary in (*starts, len(lines)) for index in range(max(0, boundary - 6), boundary)}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text or len(text) > 100 or structure(text) or SENTENCE_END.search(text) or _BULLET.match(text):
            continue  # a sentence or a list item that two forms share is text, not a page header
        key = _key(text)
        if index - last.get(key, -_APART) < _APART:
            rows.add(key)
        last[key] = index
        total[key] += 1
        if index in close:
            near[key] += 1
        if index < 6 and index < starts[0]:
            top.add(key)
    return frozenset(
        key for key, count in total.items() if count >= 2 and key not in rows and (near[key] >= 2 or key in top)
    )


_APART = 4  # a page's header or footer comes back a page later, never within a few lines


def is_furniture(line: Line, found: frozenset[str], structure: Callable[[str], bool]) -> bool:
    text = line.text.strip()
    return bool(text) and not structure(text) and (bool(PAGE_FURNITURE.match(text)) or _key(text) in found)

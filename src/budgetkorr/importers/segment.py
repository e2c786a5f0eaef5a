"""The second stage: where each form of an appendix starts and ends.

A form is found by its box: a price line (its unit first, in the layout's words: "(Mio. kr. i 2026-priser) 2026
…") followed by the layout's first row (Udgifter), at most a few side-column lines later. Above the box is the
title with the number at its end (the "Titel Nr." line optional, titles may wrap), or a heading that begins with the
number; the form runs to where the next one starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetkorr.importers import words
from budgetkorr.importers.layout import Layout
from budgetkorr.importers.prose import Line

TITLE_HEADER = re.compile(r"^\s*Titel\s*:?\s+Nr\.?\s*:?\s*$", re.IGNORECASE)
# budgetkorr's own form: "Udvalg: … Status: …", apart by spaces (`show`) or a middle dot (the Word appendix)
META = re.compile(r"^Udvalg:\s*(?P<udvalg>.+?)(?:\s{2,}|\s+·\s+)Status:\s*(?P<status>\w+)(?P<rest>.*)$")
NUMBER_AT_END = re.compile(r"(?:^|\s)(?:Nr\.?:?\s*)?([A-Z]\d{3})\s*$")
# The heading of a form's amounts converted to another price level, above a price line and rows of its own: `show`
# writes "Omregnet til 2026-priser (skrevet i 2025-priser …)", the Word appendix the heading alone
CONVERTED_HEADING = re.compile(r"^\s*Omregnet\s+til\s+\d{4}-priser\b", re.IGNORECASE)
# A title that begins with its number, as a heading does (`T101 Digital udvikling`: budgetkorr's Word appendix)
NUMBER_AT_START = re.compile(r"^(?:Nr\.?:?\s*)?([A-Z]\d{3})\s+(?=\S)")
_YEARS = re.compile(r"(?:\d{4}\s+)*\d{4}\b.*")


@dataclass(frozen=True)
class Span:
    """One form: the index of its first line, of its price line (the box) and past its last line."""

    start: int
    anchor: int
    end: int


def next_text(lines: Sequence[Line], index: int) -> int | None:
    for later in range(index + 1, len(lines)):
        if lines[later].text.strip():
            return later
    return None


def anchors(lines: Sequence[Line], layout: Layout) -> list[int]:
    """The price line of every form's box: the Udgifter row follows it, at most a few side-column lines (the start
    date, the years) later."""
    first_row = layout.rows["udgifter"]
    found = []
    for index, line in enumerate(lines):
        if not layout.price_line.match(line.text) or _converted_above(lines, index):
            continue
        following = next_text(lines, index)
        for _step in range(4):
            if following is None or first_row.match(lines[following].text):
                break
            if not _box_side_line(lines[following].text, layout):
                following = None
                break
            following = next_text(lines, following)
        if following is not None and first_row.match(lines[following].text):
            found.append(index)
    return found


def _converted_above(lines: Sequence[Line], index: int) -> bool:
    """The price line is a form's converted amounts: their heading is among the three lines of text above it."""
    above = [line.text for line in lines[max(0, index - 8) : index] if line.text.strip()][-3:]
    return any(CONVERTED_HEADING.match(text) for text in above)


def _box_side_line(text: str, layout: Layout) -> bool:
    """A line of the box's side column, or the years on a line of their own."""
    stripped = text.strip()
    return bool(
        layout.side_label.search(stripped)
        or layout.frame(stripped)
        or words.find_date(stripped)[0]
        or _YEARS.fullmatch(stripped)
        or (layout.ignored is not None and layout.ignored.match(stripped))
    )


def title_start(lines: Sequence[Line], anchor: int, floor: int) -> int:
    """Where the form begins: its "Titel Nr." line, or else the title lines above the box (up to the number)."""
    index = anchor - 1
    top = anchor
    have_number = False
    taken = 0
    while index > floor:
        text = lines[index].text.strip()
        if TITLE_HEADER.match(text):
            return index
        if not text:
            if have_number:
                above = index - 1
                while above > floor and not lines[above].text.strip():
                    above -= 1
                if above > floor and TITLE_HEADER.match(lines[above].text.strip()):
                    return above
                break
            index -= 1
            continue
        if META.match(text):
            top = index
            index -= 1
            continue
        if have_number and lines[index + 1].text.strip() == "":
            break
        if not have_number and NUMBER_AT_START.match(text):
            return index  # the heading that begins with the number is where the form begins
        have_number = have_number or bool(NUMBER_AT_END.search(text))
        top = index
        taken += 1
        if taken >= 4 and have_number:
            break
        if taken >= 6:
            break
        index -= 1
    return top


def segment(lines: Sequence[Line], found: Sequence[int]) -> list[Span]:
    """Each form from its title to the next form's, given the price lines `anchors` found."""
    starts = [title_start(lines, anchor, found[i - 1] if i else -1) for i, anchor in enumerate(found)]
    ends = [*starts[1:], len(lines)]
    return [Span(start, anchor, end) for start, anchor, end in zip(starts, found, ends, strict=True)]

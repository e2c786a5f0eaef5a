"""The two text sections of a form, verbatim: only the extraction's line wrapping and stray spacing undone.

A PDF's text comes as wrapped lines with stray spaces, sometimes with an empty line after every line (double
spacing). The lines are joined back into paragraphs; a line that is a table row (columns apart by several spaces,
empty cells at its end, or figures in a row) keeps its own line, with its column gaps closed to one space.
Text that is not wrapped (a Word document, budgetkorr's own form) is kept line for line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetkorr.core.textblocks import tidy_tables


@dataclass(frozen=True)
class Line:
    """One line of the input and its 1-based number there."""

    number: int
    text: str


_COLUMN_GAP = re.compile(r"\S {3,}\S|\S\t+\S")
_FIGURES_AT_END = re.compile(r"(?:\s[-−+]?\d[\d.,]*%?){2,}\s*$")
_TERMINAL = re.compile(r"[.!?:;][\"”’)»]*$")
_BULLET = re.compile(r"^(?:[-–•·*▪◦\ue000-\uf8ff]|\d{1,2}[.)])\s")
# A bullet drawn from a symbol font comes out of a PDF as a private-use character: a glyph, not text.
_GLYPH = re.compile(r"^[\ue000-\uf8ff]\s*|[\ue000-\uf8ff]")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_CONJUNCTION = re.compile(r"^(?:og|eller|samt|til)\b")


def is_table_row(raw: str) -> bool:
    """Columns apart by three or more spaces, empty cells at the end, or two or more figures at the end."""
    body = raw.strip()
    if not body:
        return False
    trailing = len(raw) - len(raw.rstrip())
    return bool(_COLUMN_GAP.search(body) or trailing >= 3 or _FIGURES_AT_END.search(" " + body))


def _starts_lower(text: str) -> bool:
    first = text[0]
    return first.islower() or first.isdigit()


def clean(lines: Sequence[Line], *, reflow: bool) -> str:
    """The section's text: paragraphs apart by one empty line, ending in a newline; empty when it has none."""
    if not reflow:
        kept = [line.text.rstrip() for line in lines]
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        return tidy_tables("\n".join(kept)) + "\n" if kept else ""  # a table `show` aligned, as it was written
    content = [line.text.rstrip("\r\n") for line in lines]
    widths = [len(text.strip()) for text in content if text.strip() and not is_table_row(text)]
    widest = max(widths, default=0)
    out = ""
    previous: str | None = None
    previous_table = False
    in_item = False  # the line belongs to a bullet item
    gap = spaced = False
    for raw in content:
        if not raw.strip():
            gap = True
            spaced = spaced or raw != ""
            continue
        table = is_table_row(raw)
        text = " ".join(raw.split()) if table else raw.strip()
        item = bool(_BULLET.match(text))
        glyph = _GLYPH.sub("", text)
        if previous is None:
            out = glyph
        elif item and in_item and not spaced:
            out += "\n" + glyph  # the next item of a list
        else:
            out += _joint(previous, previous_table, raw, text, table, gap, spaced, widest) + glyph
        in_item = item or (in_item and not gap)
        previous, previous_table = raw, table
        gap = spaced = False
    return out + "\n" if out else ""


def _joint(
    before_raw: str, before_table: bool, raw: str, text: str, table: bool, gap: bool, spaced: bool, widest: int
) -> str:
    """What joins two lines: a space (same paragraph), a line break (table rows) or an empty line (new paragraph)."""
    before = before_raw.strip()
    short = widest >= 60 and len(before) < 0.6 * widest
    if before_table and table:
        return "\n\n" if spaced else "\n"
    if table:
        if not gap:
            return "\n"
        return "\n" if short and not _TERMINAL.search(before) and not spaced else "\n\n"
    if before_table:
        return "\n\n"
    if _BULLET.match(text):
        return "\n\n" if gap else "\n"
    if gap:
        if _starts_lower(text):
            return " "
        if _TERMINAL.search(before) or spaced or short:
            return "\n\n"
        return " "
    if short and not _starts_lower(text):
        return "\n"
    if _HYPHENATED.search(before_raw.rstrip("\r\n")) and not _CONJUNCTION.match(text):
        return ""
    return " "

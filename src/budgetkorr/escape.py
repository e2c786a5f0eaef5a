"""The escaping rule of each output format, in one place: every string that comes from a file is data.

Titles, committee names, keys, file names, `kilde` and the targets' names are written by many hands. Each renderer
passes every such string through the one function of its format here, so that no file can add a CI annotation, an
Excel formula, a markdown column or a terminal escape sequence. HTML is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import html
import re
import unicodedata

# C0 and C1 control characters, DEL, the bidirectional overrides and isolates that reorder what a reader sees, and
# lone surrogates: Python's stand-ins for the bytes of a file name that is not UTF-8, which no output can encode.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (os.fsdecode's surrogateescape): that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def undecodable(text: str) -> str:
    """A path or file name whose bytes are not all UTF-8, with each such byte shown as `\\xf8`: the name stays
    whole and readable, and every output (UTF-8 text, JSON, a workbook, a Word file) can hold it."""
    return _UNDECODABLE.sub(_visible, text)


def terminal(text: str) -> str:
    """For a terminal or a log: control characters shown as `\\x1b`, never sent raw. (Rich markup is not
    interpreted because the terminal writer prints data with `markup=False`.)"""
    return _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """A data string inside a single-line message: line breaks and tabs become spaces, other controls visible."""
    return terminal(re.sub(r"[\r\n\t\v\f\u2028\u2029\x85]+", " ", text))


def github_data(text: str) -> str:
    """The message of a GitHub workflow command (`::error ...::MESSAGE`), by the toolkit's `escapeData`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`), by the toolkit's `escapeProperty`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# OWASP, CSV injection: a cell that begins with one of these is read as a formula by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(text: str) -> str:
    """A text cell (never a number) for CSV or a workbook: a leading `'` stops a formula, as OWASP recommends."""
    return "'" + text if text.startswith(_FORMULA_START) else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")


def markdown(text: str) -> str:
    """Text inside a markdown table cell or paragraph: no new column, row, link, emphasis or HTML."""
    text = unicodedata.normalize("NFC", one_line(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_code(lines: list[str] | tuple[str, ...], language: str = "") -> str:
    """Lines of file text shown literally in a fenced markdown code block: the fence is longer than any run of
    backticks in them (so no line can close it), and control characters are made visible."""
    shown = [terminal(line) for line in lines]
    longest = max((len(run) for line in shown for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return "\n".join([fence + language, *shown, fence])


def xml(text: str) -> str:
    """Text or an attribute value in SVG or XML: markup characters as entities; control characters, which XML
    does not allow, shown visibly as in `terminal`."""
    return html.escape(one_line(text), quote=True)


def office_text(text: str) -> str:
    """Text in a workbook cell (stored as a string, never a formula) or a Word document: control characters,
    which these XML formats do not allow, shown visibly as in `terminal`."""
    return terminal(text)


def office_xml(text: str) -> str:
    """Text inside Word markup that budgetkorr writes as text (render/wordml.py): `office_text`, then `&`, `<`
    and `>` as entities."""
    return html.escape(office_text(text), quote=False)


def html_text(text: str) -> str:
    """Text for an HTML page, before Jinja2's autoescape turns `<`, `&` and quotes into entities: control
    characters and bidirectional overrides shown visibly, as in `terminal`."""
    return terminal(text)


_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ]")


def css_string(text: str) -> str:
    """Text as a quoted CSS string (the page's header, `@top-left { content: "…" }`), for inside a `<style>`
    element, where HTML's entities mean nothing: every character but a letter, a digit or a space as a CSS escape
    of six hex digits and a space, which the escape takes as its end (`ø` → `\\0000f8 `), so no quote, backslash
    or `</style>` can end it. Control characters are shown visibly first, as in `terminal`."""
    shown = "".join(char if _CSS_PLAIN.fullmatch(char) else f"\\{ord(char):06x} " for char in terminal(text))
    return f'"{shown}"'

"""The Word report's front page, table of contents and running header and footer, as WordprocessingML text.

The table of contents is a real TOC field over the Heading 1 and Heading 2 styles, so Word fills in the page numbers
(it is marked dirty, and the settings ask Word to update the fields when the file is opened; Word asks first).
Until then it shows each heading as a link, and a last line saying how to get the page numbers; Word's update
replaces both. The footer counts the pages with PAGE and NUMPAGES fields ("Side 3 af 14"), the header names the
municipality and the bilag. Every text goes through `wordml.run` (`escape.office_xml`): a municipality's name or a
--bilag is a plain run, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from budgetkorr import escape
from budgetkorr.i18n import N_, _
from budgetkorr.render import wordml
from budgetkorr.render.report_tables import ContentsLine, FrontPage

if TYPE_CHECKING:
    from docx.document import Document

TEXT_WIDTH_TWIPS = 9638  # 17 cm: A4 less the margins, where a right tab stop ends the line
TOC_LEVELS = "1-2"  # the committees and the overviews, and each form
SMALL = 18  # 9 pt, in half points
GREY = "595959"
UPDATE_HINT = N_("Sidetallene kommer, når Word opdaterer indholdsfortegnelsen: højreklik på den og vælg Opdater felt.")


def bookmark_name(anchor: str) -> str:
    """A heading's bookmark, which the table of contents links to: hidden (it starts with `_`), at most 40
    characters, letters, digits and `_` only (the anchors are ours: keys, `afsnit-N`, correction numbers)."""
    return "_" + anchor.replace("-", "_")[:39]


def bookmarked(index: int, anchor: str, runs: str) -> str:
    """The runs of a heading inside a bookmark named for `anchor`; `index` makes the bookmark's id unique."""
    name = escape.office_xml(bookmark_name(anchor))
    return f'<w:bookmarkStart w:id="{index}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{index}"/>'


def _field_runs(instruction: str, shown: str, *, dirty: bool = False) -> tuple[str, str]:
    """A complex field's opening (begin, instruction, separate) and closing runs, around its shown result."""
    mark = ' w:dirty="true"' if dirty else ""
    begin = (
        f'<w:r><w:fldChar w:fldCharType="begin"{mark}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    return begin + shown, '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def simple_field(instruction: str, shown: str) -> str:
    """A field Word and LibreOffice compute as they lay the page out (PAGE, NUMPAGES); `shown` until they do."""
    return f'<w:fldSimple w:instr=" {instruction} ">{_small(shown)}</w:fldSimple>'


def _small(text: str) -> str:
    """A run of the header and footer: 9 pt, grey."""
    return wordml.run(text, color=GREY, half_points=SMALL)


def toc(body: wordml.Body, lines: tuple[ContentsLine, ...]) -> None:
    """The table of contents: a TOC field whose result, until Word updates it, is each heading as a link to its
    bookmark, and the hint how to get the page numbers."""
    styles = {1: body.style_id("toc 1"), 2: body.style_id("toc 2")}
    paragraphs: list[tuple[str | None, str]] = [
        (
            styles[line.level],
            f'<w:hyperlink w:anchor="{escape.office_xml(bookmark_name(line.anchor))}" w:history="1">'
            f"{wordml.run(line.text)}</w:hyperlink>",
        )
        for line in lines
    ]
    paragraphs.append((None, wordml.run(_(UPDATE_HINT), italic=True, color=GREY, half_points=SMALL)))
    begin, end = _field_runs(f'TOC \\o "{TOC_LEVELS}" \\h \\z \\u', "", dirty=True)
    last = len(paragraphs) - 1
    for index, (style, runs) in enumerate(paragraphs):
        content = (begin if index == 0 else "") + runs + (end if index == last else "")
        body.add(wordml.paragraph(content, style_id=style, space_after_twips=0 if style else None))


def update_on_opening(document: Document) -> None:
    """Ask Word to update the fields when the file is opened (it asks the reader first), so that the table of
    contents gets its page numbers. In the settings' order of elements it comes right before `w:compat`."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    settings = document.settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    compat = settings.find(qn("w:compat"))
    if compat is None:
        settings.append(update)
    else:
        compat.addprevious(update)


def add_toc_styles(document: Document) -> None:
    """The styles Word gives the table of contents' lines (its built-in `toc 1`, `toc 2`): the template has none,
    and a line of the result written before Word's update needs one."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt

    for level in (1, 2):
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.next_paragraph_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_before = Pt(4 if level == 1 else 0)
        style.paragraph_format.space_after = Pt(0)
        style.font.bold = level == 1
        style.paragraph_format.tab_stops.add_tab_stop(Cm(17.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def front(body: wordml.Body, page: FrontPage) -> None:
    """The first page above the notes: municipality, bilag, title, meeting; the selection, count and date."""
    if page.municipality:
        body.add(wordml.paragraph(wordml.run(page.municipality, color=GREY, half_points=24), space_after_twips=0))
    if page.bilag:
        body.add(wordml.paragraph(wordml.run(page.bilag, bold=True, half_points=32), space_after_twips=120))
    body.add(wordml.paragraph(wordml.run(page.title), style_id=body.style_id("Title")))
    if page.meeting:
        body.add(wordml.paragraph(wordml.run(page.meeting, half_points=28), space_after_twips=240))
    for line, bold in ((page.scope, True), (page.count, False), (page.made, False)):
        if line:
            body.add(wordml.paragraph(wordml.run(line, bold=bold), space_after_twips=60))
    for index, note in enumerate(page.notes, start=1):  # a little space after the last, before what follows
        space = 160 if index == len(page.notes) else 0
        body.add(wordml.paragraph(wordml.run(note, color=GREY, half_points=SMALL), space_after_twips=space))


def _tabbed(style_id: str, left: str, right: str) -> str:
    """A header or footer line: `left` at the margin, `right` against the right margin (the style's own tab stops
    are for another page width: they are cleared)."""
    tabs = (
        '<w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{tabs}</w:pPr>{left}<w:r><w:tab/></w:r>{right}</w:p>'


def running_parts(document: Document, page: FrontPage) -> None:
    """Every page's header (the municipality, the bilag) and footer (the title, `Side X af Y`)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    section = document.sections[0]
    header_style = document.styles["Header"].style_id
    footer_style = document.styles["Footer"].style_id
    number = _small(_("Side ")) + simple_field("PAGE", "1") + _small(_(" af ")) + simple_field("NUMPAGES", "1")
    parts = []
    if page.municipality or page.bilag:
        header = _tabbed(header_style, _small(page.municipality), _small(page.bilag))
        parts.append((section.header.part.element, header))
    parts.append((section.footer.part.element, _tabbed(footer_style, _small(page.title), number)))
    for element, markup in parts:
        for child in list(element):  # the empty paragraph a new header or footer starts with
            element.remove(child)
        element.append(parse_xml(f"<w:body {nsdecls('w')}>{markup}</w:body>")[0])

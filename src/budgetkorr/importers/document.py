"""A committee appendix as lines → its correction forms as data, each doubt and problem tied to an input line.

The parser is general, not fitted to one document. A form is found by its box: a price line ("(Mio. kr. i
2026-priser) 2026 2027 …", the years read from it) followed by the Udgifter row. Above the box is the title with the
number at its end (the "Titel Nr." line optional, titles may wrap); below it the rows, whose side column holds the
start date and "Indenfor servicerammen"; then the two text sections. Page headers and footers between forms are
recognised as lines that repeat at page breaks, and dropped from the text. budgetkorr's own form (`show`) is read
the same way, its "Udvalg: … Status: …" line and "Finansiering" block included, and its text line for line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkorr.core import numbers
from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error, warning
from budgetkorr.i18n import N_, _, ngettext
from budgetkorr.importers import financing, words
from budgetkorr.importers.prose import Line, clean
from budgetkorr.models import Committee, Correction, field_by_key, fields_of
from budgetkorr.models.values import MONEY_DECIMALS, POSITION_DECIMALS, UNKNOWN


def danish_number(value: Decimal) -> str:
    """A value as the documents write it, exactly: `0,88`, `-2093,8`."""
    return f"{value:f}".replace(".", ",")


TITLE_HEADER = re.compile(r"^\s*Titel\s*:?\s+Nr\.?\s*:?\s*$", re.IGNORECASE)
PRICE_LINE = re.compile(r"^\W*(mio\.?\s*kr\.?|1\.000\s*kr\.?|t\.?\s*kr\.?|tkr\.?)", re.IGNORECASE)
PRICE_LEVEL = re.compile(r"(\d{4})\s*-?\s*(?:priser|pl\b|prisniveau)", re.IGNORECASE)
# The rows of the form's table by their key in the file (in the model's order) and their labels in a document.
ROW_LABELS = {
    "udgifter": r"udgifter",
    "indtægter": r"indtægter",
    "netto": r"netto",
    "netto_indenfor": r"heraf\s+indenfor\s+(?:service)?rammen",
    "fuldtidsstillinger": r"(?:antal\s+)?(?:fuldtidsstillinger|årsværk)",
    "engangsudgifter": r"heraf\s+engangsudgifter",
}
ROWS = {key: re.compile(rf"^\s*{label}\s*:?(?=\s|$)(.*)$", re.IGNORECASE) for key, label in ROW_LABELS.items()}
LEGEND = re.compile(r"^\s*[-−]\s*=\s*mindreudgift", re.IGNORECASE)
# The rest of netto outside the service frame, under a split (budgetkorr's own form): shown, not read.
SPLIT_REST = re.compile(r"^\s*heraf\s+udenfor\s+(?:service)?rammen\b", re.IGNORECASE)
# budgetkorr's own form in another price level: a heading, then the converted amounts up to a blank line; the form
# as written is what is read.
CONVERTED = re.compile(r"^\s*Omregnet\s+til\s+\d{4}-priser\s+\(skrevet\s+i\s+\d{4}-priser\b", re.IGNORECASE)
BACKGROUND = re.compile(
    r"^\s*Baggrund(?:\s+for\s+og\s+beskrivelse\s+af\s+(?:den\s+tekniske\s+)?korrektion(?:en)?)?\s*:?\s*$",
    re.IGNORECASE,
)
CONSEQUENCES = re.compile(r"^\s*Økonomiske\s+konsekvenser\s*:?\s*$", re.IGNORECASE)
META = re.compile(r"^Udvalg:\s*(?P<udvalg>.+?)\s{2,}Status:\s*(?P<status>\w+)(?P<rest>.*)$")
FINANCING_HEADING = re.compile(r"^Finansiering\s*$")
FINANCING_ROW = re.compile(r"^  (?P<source>kassen|anlæg|drift|indtægter)\b(?P<rest>.*)$")
NUMBER_AT_END = re.compile(r"(?:^|\s)(?:Nr\.?:?\s*)?([A-Z]\d{3})\s*$")
PAGE_FURNITURE = re.compile(
    r"^\s*(?:(?:side|page)\s+\d+(?:\s*(?:af|of|/)\s*\d+)?|\d+\s*(?:af|/)\s*\d+|[-–]?\s*\d{1,3}\s*[-–]?)\s*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;][\"”’)]*$")
RULE = re.compile(r"^\s*([=_*~#-])\1{9,}\s*$")
SIDE_LABEL = re.compile(r"iværksættelse|servicerammen", re.IGNORECASE)
NOT_FINAL = re.compile(r"opdateres\s+med\s+tal|x,xxx|foreløbig|tallene\s+er\s+ikke\s+endelige", re.IGNORECASE)
ONE_OFF = re.compile(r"^Engangsudgift(?:er)?\b.*$", re.IGNORECASE)
_COMMITTEE_HEADING = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ\- ]*udvalg(?:et)?$")
MAX_FORMS = 1000  # forms in one appendix; a committee's has tens (seed 004: ten). docs/security.md, "Limits"
MISSING = "–"  # a year without an amount in budgetkorr's own financing and one-off rows


def _net(expenditure: Decimal | str, income: Decimal | str) -> Decimal | str:
    """udgifter + indtægter, or `ukendt` when either is."""
    if isinstance(expenditure, str) or isinstance(income, str):
        return UNKNOWN
    return expenditure + income


@dataclass(frozen=True)
class ImportedForm:
    """One form as correction data in the file's keys and order; its doubts (warnings: a value the parser chose
    but could not be sure of, for the user to check), the keys whose value is a proposal to confirm, and the input
    line of each key."""

    number: str
    title: str
    line: int
    data: dict[str, Any]
    doubts: tuple[Diagnostic, ...]
    proposals: dict[str, int]
    lines: dict[str, int]


@dataclass(frozen=True)
class ParsedDocument:
    """The forms read, the problems that stopped a form (errors) and the notes about the document (warnings)."""

    forms: tuple[ImportedForm, ...]
    problems: tuple[Diagnostic, ...]
    notes: tuple[Diagnostic, ...]
    failed: int = 0  # forms found but not read (their problems say why)


def parse_document(
    lines: Sequence[Line],
    *,
    path: Path | str,
    committees: Sequence[Committee] = (),
    committee: str | None = None,
    reflow: bool = True,
) -> ParsedDocument:
    """Every form of the document at `path` (the file each diagnostic names). `committee` (--udvalg) overrides the
    document's heading; `reflow` joins wrapped lines (text extracted from a PDF) rather than keeping them (Word,
    budgetkorr's own form)."""
    anchors = _anchors(lines)
    if not anchors:
        where = lines[0].number if lines else 1
        return ParsedDocument((), (error(path, where, FILE_FIELD, _(_NO_FORMS)),), ())
    if len(anchors) > MAX_FORMS:  # refused before any form is read: the forms past the limit cost the same
        message = _("bilaget har {n} skemaer; højst {limit} importeres fra ét bilag, del det op")
        problem = error(
            path, lines[anchors[MAX_FORMS]].number, FILE_FIELD, message.format(n=len(anchors), limit=MAX_FORMS)
        )
        return ParsedDocument((), (problem,), ())
    starts = [_title_start(lines, anchor, anchors[i - 1] if i else -1) for i, anchor in enumerate(anchors)]
    furniture = _furniture(lines, starts)
    heading = _committee_from_heading(lines[: starts[0]], committees)
    chosen = _resolve(committee, committees) if committee else heading
    forms: list[ImportedForm] = []
    problems: list[Diagnostic] = []
    dropped_by_form: list[list[int]] = []
    failed = 0
    for index, (start, anchor) in enumerate(zip(starts, anchors, strict=True)):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        reader = _FormReader(path, lines[start:end], anchor - start, furniture, committees, chosen, reflow)
        form = reader.read()
        problems.extend(reader.problems)
        dropped_by_form.append(reader.dropped)
        if form is not None:
            forms.append(form)
        elif reader.problems:
            failed += 1
    dropped = sorted({number for reader_lines in dropped_by_form for number in reader_lines})
    notes: list[Diagnostic] = []
    if dropped:
        shown = ", ".join(str(n) for n in dropped[:8]) + (" …" if len(dropped) > 8 else "")
        message = ngettext(
            "{n} linje er læst som sidehoved eller sidefod og udeladt af teksten (linje {lines})",
            "{n} linjer er læst som sidehoved eller sidefod og udeladt af teksten (linje {lines})",
            len(dropped),
        )
        notes.append(warning(path, dropped[0], FILE_FIELD, message.format(n=len(dropped), lines=shown)))
    return ParsedDocument(tuple(forms), tuple(problems), tuple(notes), failed)


_NO_FORMS = N_(
    "ingen korrektionsskemaer fundet: intet skema har en linje '(Mio. kr. i ÅÅÅÅ-priser) år …' fulgt af Udgifter"
)


def _next_text(lines: Sequence[Line], index: int) -> int | None:
    for later in range(index + 1, len(lines)):
        if lines[later].text.strip():
            return later
    return None


def _anchors(lines: Sequence[Line]) -> list[int]:
    """The price line of every form's box: the Udgifter row follows it, at most a few side-column lines (the start
    date, the years) later."""
    found = []
    for index, line in enumerate(lines):
        if not PRICE_LINE.match(line.text):
            continue
        following = _next_text(lines, index)
        for _step in range(4):
            if following is None or ROWS["udgifter"].match(lines[following].text):
                break
            if not _box_side_line(lines[following].text):
                following = None
                break
            following = _next_text(lines, following)
        if following is not None and ROWS["udgifter"].match(lines[following].text):
            found.append(index)
    return found


def _box_side_line(text: str) -> bool:
    """A line of the box's side column, or the years on a line of their own."""
    stripped = text.strip()
    return bool(
        SIDE_LABEL.search(stripped)
        or words.service_frame(stripped)
        or words.find_date(stripped)[0]
        or re.fullmatch(r"(?:\d{4}\s+)*\d{4}\b.*", stripped)
    )


def _title_start(lines: Sequence[Line], anchor: int, floor: int) -> int:
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
        have_number = have_number or bool(NUMBER_AT_END.search(text))
        top = index
        taken += 1
        if taken >= 4 and have_number:
            break
        if taken >= 6:
            break
        index -= 1
    return top


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _furniture(lines: Sequence[Line], starts: Sequence[int]) -> frozenset[str]:
    """Lines that repeat at page breaks (next to where a form begins, or at the end): headers and footers."""
    near: Counter[str] = Counter()
    total: Counter[str] = Counter()
    top: set[str] = set()  # the document's first lines: a line from there that comes back is a page header
    close = {index for boundary in (*starts, len(lines)) for index in range(max(0, boundary - 6), boundary)}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text or len(text) > 100 or _structure(text) or SENTENCE_END.search(text):
            continue  # a sentence that two forms share is text, not a page header
        key = _key(text)
        total[key] += 1
        if index in close:
            near[key] += 1
        if index < 6 and index < starts[0]:
            top.add(key)
    return frozenset(key for key, count in total.items() if count >= 2 and (near[key] >= 2 or key in top))


def _structure(text: str) -> bool:
    """A line of the form itself (headings, rows), never a page header however often it repeats."""
    patterns = (
        *(TITLE_HEADER, PRICE_LINE, LEGEND, SPLIT_REST, CONVERTED, BACKGROUND, CONSEQUENCES, META),
        FINANCING_HEADING,
        *ROWS.values(),
    )
    return any(pattern.match(text) for pattern in patterns)


def _is_furniture(line: Line, furniture: frozenset[str]) -> bool:
    text = line.text.strip()
    return bool(text) and not _structure(text) and (bool(PAGE_FURNITURE.match(text)) or _key(text) in furniture)


def _resolve(name: str, committees: Sequence[Committee]) -> str:
    found = next((c for c in committees if c.matches(name)), None)
    return found.name if found else name.strip()


_COMMITTEE_IN_TEXT = re.compile(r"\b[A-ZÆØÅ][\wæøåÆØÅ]*(?:-\s+og\s+[\wæøå]+)?udvalget\b")


def _committee_from_heading(lines: Sequence[Line], committees: Sequence[Committee]) -> str | None:
    """The committee the document's heading names: a committee of udvalg.yaml (by name or abbreviation, also
    inside a longer line such as "Økonomiudvalget – Teknisk korrektion"), else any "…udvalget"."""
    by_length = sorted(committees, key=lambda c: len(c.name), reverse=True)
    for line in lines:
        text = re.sub(r"^Udvalg\s*:\s*", "", " ".join(line.text.split()), flags=re.IGNORECASE)
        if not text:
            continue
        found = next((c for c in committees if c.matches(text)), None)
        found = found or next((c for c in by_length if c.name.casefold() in text.casefold()), None)
        if found is not None:
            return found.name
        if _COMMITTEE_HEADING.match(text):
            return text
        named = _COMMITTEE_IN_TEXT.search(text)
        if named:
            return named.group()
    return None


def _join_title(parts: Sequence[str]) -> str:
    title = ""
    for part in parts:
        if not title:
            title = part
        elif re.search(r"[^\W\d_]-$", title) and not re.match(r"(?:og|eller|samt)\b", part):
            title += part
        else:
            title += " " + part
    return title


class _FormReader:
    """Reads one form: its lines from the title to the next form."""

    def __init__(
        self,
        path: Path | str,
        lines: Sequence[Line],
        anchor: int,
        furniture: frozenset[str],
        committees: Sequence[Committee],
        committee: str | None,
        reflow: bool,
    ) -> None:
        self.path = path
        self.lines = lines
        self.anchor = anchor
        self.furniture = furniture
        self.committees = committees
        self.committee = committee
        self.reflow = reflow
        self.problems: list[Diagnostic] = []
        self.doubts: list[Diagnostic] = []
        self.where: dict[str, int] = {}
        self.proposals: dict[str, int] = {}
        self.dropped: list[int] = []  # header and footer lines left out of the text
        self.own = False  # budgetkorr's own form: explicit committee, status and financing; text line for line

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(error(self.path, line, self.label(key), message))

    def doubt(self, line: int, key: str, message: str) -> None:
        self.doubts.append(warning(self.path, line, self.label(key), message))

    def label(self, key: str) -> str:
        return f"{self.number} {key}" if getattr(self, "number", None) else key

    def read(self) -> ImportedForm | None:
        self.number = ""
        title, meta = self._title()
        if not self.number:
            return None
        data: dict[str, Any] = {"nr": self.number, "titel": title}
        self._meta(meta, data)
        box = self._box()
        if box is None:
            return None
        years, rows, side, after, background_at = box
        texts = self._sections(background_at)
        if texts is None:
            return None
        background, consequences, background_lines, consequence_lines = texts
        data["foreløbig"] = data.get("foreløbig", False)
        self._price_and_rows(years, rows, data)
        self._side(side, years, data)
        remark, financing_block = self._after_box(after)
        if self.problems:
            return None
        if not self.own:
            self._not_final(data, remark, background_lines + consequence_lines, rows)
        self._one_off(data, years, rows, consequences, consequence_lines)
        if remark:
            data["bemærkning"] = "\n".join(text for _, text in remark)
            self.where["bemærkning"] = remark[0][0]
        if self.own:
            entries = self._own_financing(financing_block, years)
            if entries:
                data["finansiering"] = entries
        else:
            self._propose_financing(data, years, consequences, background, consequence_lines + background_lines)
        if self.problems:
            return None
        data["baggrund"] = background
        data["økonomiske_konsekvenser"] = consequences
        ordered = {field.key: data[field.key] for field in fields_of(Correction) if field.key in data}
        return ImportedForm(
            self.number, title, self.title_line, ordered, tuple(self.doubts), self.proposals, dict(self.where)
        )

    # --- the title and the number -------------------------------------------------------------------------

    def _title(self) -> tuple[str, Line | None]:
        parts: list[str] = []
        meta: Line | None = None
        number_line: Line | None = None
        first: Line | None = None
        for line in self.lines[: self.anchor]:
            text = line.text.strip()
            if not text or TITLE_HEADER.match(text):
                continue
            if META.match(text):
                meta = line
                continue
            if meta is None and _is_furniture(line, self.furniture) and not NUMBER_AT_END.search(text):
                continue
            first = first or line
            match = NUMBER_AT_END.search(text)
            if match and not self.number:
                self.number = match.group(1)
                number_line = line
                text = text[: match.start()].strip()
            text = re.sub(r"^Titel\s*:\s*", "", text, flags=re.IGNORECASE)
            if text:
                parts.append(text if meta is not None or not self.reflow else " ".join(text.split()))
        self.title_line = (number_line or first or self.lines[self.anchor]).number
        if not self.number:
            where = first.number if first else self.lines[self.anchor].number
            self.problems.append(
                error(
                    self.path,
                    where,
                    "nr",
                    _("skemaet har intet nummer (som T105) i titellinjen; formularen er ikke læst"),
                )
            )
        elif not parts:
            self.problem(self.title_line, "titel", _("skemaet har ingen titel"))
        self.where["nr"] = self.where["titel"] = self.title_line
        return _join_title(parts), meta

    def _meta(self, meta: Line | None, data: dict[str, Any]) -> None:
        """budgetkorr's own "Udvalg: … Status: …" line, or the document's committee."""
        if meta is not None:
            self.own = True
            self.reflow = False
            match = META.match(meta.text.strip())
            assert match is not None
            named = re.fullmatch(r"(?P<name>.+) \((?P<abbreviation>[^()]*)\)", match["udvalg"])
            data["udvalg"] = self.committee or (named["name"] if named else match["udvalg"])
            data["status"] = match["status"].lower()
            data["foreløbig"] = "foreløbig" in match["rest"]
            self.where["udvalg"] = self.where["status"] = meta.number
            return
        data["status"] = "forslag"
        if self.committee is None:
            self.problem(
                self.title_line,
                "udvalg",
                _("dokumentets overskrift nævner intet udvalg; angiv det med --udvalg (fx --udvalg ØK)"),
            )
            return
        data["udvalg"] = self.committee
        self.where["udvalg"] = self.title_line
        self._committee_by_number()

    def _committee_by_number(self) -> None:
        digit = int(self.number[1])
        by_number = next((c for c in self.committees if c.number == digit), None)
        chosen = next((c for c in self.committees if c.matches(self.committee or "")), None)
        if by_number is not None and chosen is not None and by_number.number != chosen.number:
            message = _(
                "nummeret {nr} peger på udvalg {digit} ({other}), men skemaet står i {chosen}s dokument; "
                "ret udvalg, hvis korrektionen hører under {other}"
            )
            self.doubt(
                self.title_line,
                "udvalg",
                message.format(nr=self.number, digit=digit, other=by_number.name, chosen=chosen.name),
            )

    # --- the box --------------------------------------------------------------------------------------------

    def _box(
        self,
    ) -> tuple[list[int], dict[str, tuple[Line, list[str]]], list[tuple[int, str]], list[Line], int] | None:
        header = self.lines[self.anchor]
        self.header = header
        level = PRICE_LEVEL.search(header.text)
        rest = header.text[level.end() :] if level else PRICE_LINE.sub("", header.text, count=1)
        tokens = rest.replace(")", " ").split()
        where = header.number
        if not any(re.fullmatch(r"\d{4}", token) for token in tokens[:1]):
            # the years on a line of their own below the price line, as some extractions put them
            below = _next_text(self.lines, self.anchor)
            if below is not None and re.match(r"\s*\d{4}\s", self.lines[below].text + " "):
                side_before = " ".join(tokens)
                tokens = self.lines[below].text.split()
                where = self.lines[below].number
                if side_before:
                    tokens.append(side_before)
        years: list[int] = []
        while tokens and re.fullmatch(r"\d{4}", tokens[0]):
            years.append(int(tokens.pop(0)))
        side: list[tuple[int, str]] = [(where, " ".join(tokens))] if tokens else []
        if not years:
            self.problem(header.number, "udgifter", _("prislinjen nævner ingen år (fx 2026 2027 2028 2029)"))
            return None
        rows: dict[str, tuple[Line, list[str]]] = {}
        after: list[Line] = []
        background_at = None
        converted = False  # inside the block of converted amounts
        for offset in range(self.anchor + 1, len(self.lines)):
            line = self.lines[offset]
            text = line.text.strip()
            if BACKGROUND.match(text):
                background_at = offset
                break
            converted = (converted and bool(text)) or bool(CONVERTED.match(text))
            if converted or not text or LEGEND.match(text) or SPLIT_REST.match(text):
                continue
            row = next(((key, m) for key, pattern in ROWS.items() if (m := pattern.match(text))), None)
            if row is not None and not after and row[0] not in rows:
                key, match = row
                cells = words.cells(match.group(1))
                rows[key] = (line, cells[: len(years)])
                if len(cells) > len(years):
                    side.append((line.number, " ".join(cells[len(years) :])))
            elif self._side_text(rows, after, text):
                side.append((line.number, text))
            else:
                after.append(line)
        if background_at is None:
            self.problem(
                header.number,
                "baggrund",
                _("afsnittet 'Baggrund for og beskrivelse af den tekniske korrektion' mangler"),
            )
            return None
        return years, rows, side, after, background_at

    def _side_text(self, rows: dict[str, tuple[Line, list[str]]], after: list[Line], text: str) -> bool:
        """Inside the box (before its last row) every other line is side text; below it only the side column's
        labels and a yes/no are (in budgetkorr's own form, nothing below the box is)."""
        inside = "fuldtidsstillinger" not in rows and "engangsudgifter" not in rows
        if inside or self.own:
            return inside
        return not after and bool(SIDE_LABEL.search(text) or words.service_frame(text))

    def _sections(self, background_at: int) -> tuple[str, str, list[Line], list[Line]] | None:
        rest = self.lines[background_at + 1 :]
        at = next((i for i, line in enumerate(rest) if CONSEQUENCES.match(line.text.strip())), None)
        if at is None:
            self.problem(
                self.lines[background_at].number,
                "økonomiske_konsekvenser",
                _("afsnittet 'Økonomiske konsekvenser' mangler"),
            )
            return None
        kept: Callable[[Line], bool] = (
            (lambda line: not _is_furniture(line, self.furniture)) if not self.own else (lambda line: True)
        )
        background_lines = [line for line in rest[:at] if kept(line)]
        consequence_lines = [line for line in rest[at + 1 :] if kept(line)]
        while consequence_lines and (not consequence_lines[-1].text.strip() or RULE.match(consequence_lines[-1].text)):
            consequence_lines.pop()  # a rule between forms (show writes one) is not text
        self.dropped += [line.number for line in rest if line.text.strip() and not kept(line)]
        background = clean(background_lines, reflow=self.reflow, shape=not self.own)
        consequences = clean(consequence_lines, reflow=self.reflow, shape=not self.own)
        self.where["baggrund"] = self.lines[background_at].number
        self.where["økonomiske_konsekvenser"] = rest[at].number
        for key, text in (("baggrund", background), ("økonomiske_konsekvenser", consequences)):
            if not text.strip():
                self.problem(self.where[key], key, _("afsnittet er tomt"))
        return background, consequences, background_lines, consequence_lines

    def _amounts(
        self, key: str, line: Line, cells: list[str], years: list[int], decimals: int
    ) -> dict[int, Decimal | str]:
        values: dict[int, Decimal | str] = {}
        if len(cells) < len(years):
            message = _("rækken har {found} tal, men prislinjen har {wanted} år ({years})")
            self.problem(
                line.number,
                key,
                message.format(found=len(cells), wanted=len(years), years=" ".join(map(str, years))),
            )
            return values
        for year, cell in zip(years, cells, strict=True):
            if words.PLACEHOLDER.match(cell):
                # a figure to come stays unknown (the form is then foreløbig); a count of positions is 0
                values[year] = UNKNOWN if decimals == MONEY_DECIMALS else Decimal(0)
                continue
            value = words.read_number(cell)
            if isinstance(value, words.Unreadable):
                self.problem(line.number, f"{key}.{year}", value.message)
                continue
            if decimals == MONEY_DECIMALS:  # an amount; full-time positions are counted, not priced
                value *= self.unit
            exponent = value.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > decimals:
                message = _("{value} har mere end {decimals} decimaler")
                self.problem(line.number, f"{key}.{year}", message.format(value=value, decimals=decimals))
                continue
            values[year] = value
        return values

    def _price_and_rows(self, years: list[int], rows: dict[str, tuple[Line, list[str]]], data: dict[str, Any]) -> None:
        level = PRICE_LEVEL.search(self.header.text)
        unit = PRICE_LINE.match(self.header.text)
        self.unit = Decimal(1) if unit is None or unit.group(1).lower().startswith("mio") else Decimal("0.001")
        if level:
            data["prisniveau"] = int(level.group(1))
        else:
            data["prisniveau"] = years[0]
            message = _("prislinjen nævner intet prisniveau; sat til {year}-priser")
            self.doubt(self.header.number, "prisniveau", message.format(year=years[0]))
        self.where["prisniveau"] = self.header.number
        for key in ROWS:
            if key not in rows:
                continue
            line, cells = rows[key]
            self.where[key] = line.number
            if key in ("engangsudgifter", "netto_indenfor"):
                data[key] = self._partial(key, line, cells, years)
                continue
            positions = field_by_key(Correction, key).kind == "positions"
            data[key] = self._amounts(key, line, cells, years, POSITION_DECIMALS if positions else MONEY_DECIMALS)
        if "udgifter" not in data:
            return
        zeros = {year: Decimal(0) for year in years}
        data.setdefault("indtægter", dict(zeros))
        data.setdefault("fuldtidsstillinger", dict(zeros))
        if "netto" in data and len(data["netto"]) == len(years) == len(data["udgifter"]) == len(data["indtægter"]):
            for year in years:
                total = _net(data["udgifter"][year], data["indtægter"][year])
                if UNKNOWN in (total, data["netto"][year]):
                    continue  # nothing to check against a figure to come
                if data["netto"][year] != total:
                    message = _("{given} er ikke udgifter + indtægter = {total}")
                    self.problem(
                        self.where["netto"], f"netto.{year}", message.format(given=data["netto"][year], total=total)
                    )
        elif "netto" not in data:
            data["netto"] = {year: _net(data["udgifter"][year], data["indtægter"][year]) for year in data["udgifter"]}

    def _partial(self, key: str, line: Line, cells: list[str], years: list[int]) -> dict[int, Decimal | str]:
        given = [(year, cell) for year, cell in zip(years, cells, strict=False) if cell != MISSING]
        return self._amounts(key, line, [cell for year, cell in given], [year for year, cell in given], MONEY_DECIMALS)

    def _side(self, side: list[tuple[int, str]], years: list[int], data: dict[str, Any]) -> None:
        """The side column: the start date and "Indenfor servicerammen"."""
        start: date | None = None
        for number, text in side:
            found, invalid = words.find_date(text)
            if invalid:
                self.problem(number, "iværksættelse", _("{text} er ikke en dato").format(text=invalid))
            if found:
                start = found
                self.where["iværksættelse"] = number
                break
        if start is None:
            start = date(years[0], 1, 1)
            line = self.header.number
            self.where["iværksættelse"] = line
            message = _("skemaet nævner intet iværksættelsestidspunkt; sat til {date}")
            self.doubt(line, "iværksættelse", message.format(date=start.isoformat()))
        data["iværksættelse"] = start
        frame: str | None = None
        for index, (number, text) in enumerate(side):
            if "servicerammen" not in text.lower():
                continue
            after = text.lower().split("servicerammen", 1)[1].lstrip(" :")
            candidates = [(number, after)] if after else []
            candidates += side[index + 1 :]
            for where, candidate in candidates:
                frame = words.service_frame(candidate)
                if frame:
                    self.where["indenfor_servicerammen"] = where
                    break
            break
        if frame is None:
            for number, text in side:
                frame = words.service_frame(text)
                if frame:
                    self.where["indenfor_servicerammen"] = number
                    break
        if frame is None:
            self.problem(
                self.header.number,
                "indenfor_servicerammen",
                _("skemaet siger ikke, om beløbet er indenfor servicerammen (Ja, Nej eller Ja/nej)"),
            )
            return
        data["indenfor_servicerammen"] = frame
        if frame == "delvist" and "netto_indenfor" not in data:
            message = _(
                "Ja/nej: skemaet siger ikke, hvor meget af netto der er indenfor servicerammen; står det i teksten, "
                "så skriv det under netto som netto_indenfor: {{{year}: …}}"
            )
            self.doubt(self.where["indenfor_servicerammen"], "indenfor_servicerammen", message.format(year=years[0]))

    def _after_box(self, after: list[Line]) -> tuple[list[tuple[int, str]], list[Line]]:
        """The remark under the box (T103's "*Opdateres med tal i juni."), and budgetkorr's Finansiering block."""
        remark: list[tuple[int, str]] = []
        block: list[Line] = []
        in_block = False
        for line in after:
            text = line.text.rstrip()
            if self.own and FINANCING_HEADING.match(text):
                in_block = True
                continue
            if in_block:
                block.append(line)
            elif text.strip() and not _is_furniture(line, self.furniture if not self.own else frozenset()):
                remark.append((line.number, text if self.own else " ".join(text.split())))
        return remark, block

    def _not_final(
        self,
        data: dict[str, Any],
        remark: list[tuple[int, str]],
        text_lines: list[Line],
        rows: dict[str, tuple[Line, list[str]]],
    ) -> None:
        """foreløbig where the figures are placeholders (x,xxx) or announced as not final."""
        places = [(line.number, cell) for line, cells in rows.values() for cell in cells]
        places += remark
        places += [(line.number, line.text) for line in text_lines]
        for number, text in places:
            match = words.PLACEHOLDER.match(text) or NOT_FINAL.search(text)
            if match:
                data["foreløbig"] = True
                self.where["foreløbig"] = number
                message = _("sat til true: skemaet siger {text!r}, så tallene er ikke endelige")
                self.doubt(number, "foreløbig", message.format(text=match.group().strip()))
                return

    def _one_off(
        self,
        data: dict[str, Any],
        years: list[int],
        rows: dict[str, tuple[Line, list[str]]],
        text: str,
        text_lines: list[Line],
    ) -> None:
        """A one-off expense named in the text ("Engangsudgifter … 0,2 mio. kr."), proposed in its year."""
        if self.own or "engangsudgifter" in data:
            return
        block = re.search(r"^Engangsudgift(?:er)?\b.*?(?=\n\n|\Z)", text, re.MULTILINE | re.IGNORECASE | re.DOTALL)
        if block is None:
            return
        total = Decimal(0)
        for row in block.group().splitlines()[1:] or block.group().splitlines():
            amount = financing.amount_in(row)
            if amount is not None:
                total += amount
        if total == 0:
            return
        named = [int(y) for y in re.findall(r"\b(\d{4})\b", block.group()) if int(y) in years]
        year = named[0] if named else years[0]
        spent = data["udgifter"].get(year, Decimal(0))
        if spent == UNKNOWN or total > spent:
            return
        data["engangsudgifter"] = {year: total}
        where = next((line.number for line in text_lines if ONE_OFF.match(line.text.strip())), self.title_line)
        self.where["engangsudgifter"] = where
        self.proposals["engangsudgifter"] = where
        if not named:
            message = _("engangsudgiften {amount} er sat i {year}: teksten nævner intet år")
            self.doubt(where, "engangsudgifter", message.format(amount=numbers.money(total, danish=True), year=year))

    def _propose_financing(
        self, data: dict[str, Any], years: list[int], consequences: str, background: str, lines: list[Line]
    ) -> None:
        proposals, without = financing.propose([consequences, background], years)
        entries: list[dict[str, Any]] = []
        for proposal in proposals:
            entry: dict[str, Any] = {"kilde": proposal.source}
            if proposal.reference:
                entry["reference"] = proposal.reference
            if proposal.amounts is not None:
                entry["beløb"] = proposal.amounts
            entry["tekst"] = proposal.sentence
            entries.append(entry)
            where = _line_of(proposal.sentence, lines, self.title_line)
            self.proposals.setdefault("finansiering", where)
            self.where.setdefault("finansiering", where)
            for doubt in proposal.doubts:
                self.doubt(where, "finansiering", doubt)
        for sentence in without:
            where = _line_of(sentence, lines, self.title_line)
            message = _("teksten nævner finansiering uden beløb; tilføj den selv: {sentence!r}")
            self.doubt(where, "finansiering", message.format(sentence=sentence))
        if entries:
            data["finansiering"] = entries

    def _own_financing(self, block: list[Line], years: list[int]) -> list[dict[str, Any]]:
        """budgetkorr's own Finansiering block: '  kilde [reference]  amounts', then its text indented."""
        entries: list[dict[str, Any]] = []
        for line in block:
            text = line.text.rstrip()
            row = FINANCING_ROW.match(text)
            if row is not None:
                tokens = row["rest"].split()
                entry: dict[str, Any] = {"kilde": row["source"]}
                amounts_given = row["source"] != "kassen" and len(tokens) >= len(years)
                cells = tokens[len(tokens) - len(years) :] if amounts_given else []
                reference = " ".join(tokens[: len(tokens) - len(cells)])
                if reference:
                    entry["reference"] = reference
                if cells:
                    entry["beløb"] = self._partial("finansiering", line, cells, years)
                entries.append(entry)
                self.where.setdefault("finansiering", line.number)
            elif text.startswith("    ") and entries:
                previous = entries[-1].get("tekst")
                entries[-1]["tekst"] = text[4:] if previous is None else previous + "\n" + text[4:]
        return entries


def _line_of(sentence: str, lines: Sequence[Line], default: int) -> int:
    """The input line where a sentence of the cleaned text begins."""
    start = " ".join(sentence.split()[:4])
    for line in lines:
        if start and start in " ".join(line.text.split()):
            return line.number
    head = sentence.split()[:2]
    for line in lines:
        if head and " ".join(head) in " ".join(line.text.split()):
            return line.number
    return default

"""What differs between municipalities' correction forms, as a value read from a layout file (YAML).

A layout names the words of a form: the rows' labels, the units of the price line, the sign line, the order of a
row's cells, the label of the service frame and what each answer means, where that answer may stand, whether a
blank cell is 0, whether parentheses mean a negative, the headings of the two text sections, and the lines to
leave out. The shipped layouts live in `layouts/` beside this module (norddjurs.yaml first: the standard, seed
004's); a layout file of the user's own (`import --layout FILE`) gives only the keys that differ, the rest comes
from the standard. Words are written as the form writes them, not as patterns: case, spacing and a colon after a
label do not matter. A mistake in a layout file is a diagnostic at its line.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error
from budgetkorr.i18n import _
from budgetkorr.yamlread import Location, YamlFile, field_text, read_yaml

SHIPPED = Path(__file__).parent / "layouts"
STANDARD_NAME = "norddjurs"
# The units a price line may be in, each with its exact factor to mio. kr.
UNITS: dict[str, Decimal] = {"mio. kr.": Decimal(1), "1.000 kr.": Decimal("0.001"), "hele kr.": Decimal("0.000001")}
# The rows of the box by their key in the correction file, in the model's order.
ROW_KEYS = ("udgifter", "indtægter", "netto", "netto_indenfor", "fuldtidsstillinger", "engangsudgifter")
CELLS = ("år", "i_alt", "side")
FRAME_VALUES = ("ja", "nej", "delvist")
FRAME_PLACES = ("efter_etiket", "under_etiket", "i_boksen")
BLANK = ("fejl", "nul")
SECTIONS = ("baggrund", "økonomiske_konsekvenser")


@dataclass(frozen=True)
class Layout:
    """One layout's words, compiled to the patterns the importer matches lines with."""

    name: str
    source: str  # the file it was read from, as messages name it
    units: tuple[tuple[str, re.Pattern[str]], ...]  # (unit, its words)
    rows: Mapping[str, re.Pattern[str]]  # key → `label rest`, the rest in group 1
    cells: tuple[str, ...]
    legend: re.Pattern[str]
    frame_label: re.Pattern[str]
    frame_answers: Mapping[str, tuple[str, str]]  # by `_spoken` key: (as written, ja/nej/delvist)
    frame_places: tuple[str, ...]
    blank_is_zero: bool
    parentheses_negative: bool
    background: re.Pattern[str]
    consequences: re.Pattern[str]
    headings: tuple[str, str]  # the two sections' first headings, as messages name them
    ignored: re.Pattern[str] | None
    price_line: re.Pattern[str]  # the unit at the start of a line, in group 1 (which unit: `unit_of`)
    side_label: re.Pattern[str]

    def unit_of(self, written: str) -> str:
        """The unit (a key of UNITS) that these words are."""
        return next((unit for unit, words in self.units if words.fullmatch(written)), "mio. kr.")

    def frame(self, text: str) -> str | None:
        """The service frame's answer the text is (ja, nej, delvist), or None. Check boxes as a Word form's are
        written (`☒ Ja ☐ Nej`, `Ja [ ] Nej [x]`): the one answer ticked; none or two ticked is no answer."""
        found = self.frame_answers.get(_spoken(text))
        if found:
            return found[1]
        ticked = self.ticked(text)
        return ticked[0] if len(ticked) == 1 else None

    def ticked(self, text: str) -> list[str]:
        """The answers ticked in a line of check boxes beside answer words; [] when the text is not one."""
        parts = _CHECK_BOX.split(text)
        if len(parts) < 3:
            return []
        first = not parts[0].strip()  # the box before its word (`☒ Ja`), else after it (`Ja ☒`)
        if not first and parts[-1].strip():
            return []
        ticked: list[str] = []
        for box, word in zip(parts[1::2], parts[2::2] if first else parts[0::2], strict=False):
            answer = self.frame_answers.get(_spoken(word.strip(" :")))
            if answer is None:
                return []  # a box beside a word that is no answer: not the service frame's boxes
            if _TICKED.fullmatch(box):
                ticked.append(answer[1])
        return ticked

    def answer_words(self) -> str:
        """The first word for each answer, as a message lists them: "Ja, Nej eller Ja/nej"."""
        first: dict[str, str] = {}
        for word, value in self.frame_answers.values():
            first.setdefault(value, word)
        shown = list(first.values())
        return (
            shown[0]
            if len(shown) == 1
            else _("{words} eller {last}").format(words=", ".join(shown[:-1]), last=shown[-1])
        )


def _words(text: str) -> str:
    """Words as the form writes them → a pattern: spaces are any spacing (or none next to a sign), case is free."""
    parts = [re.escape(part) for part in text.split()]
    pattern = ""
    for part in parts:
        if pattern:
            pattern += r"\s+" if pattern[-1].isalnum() and part[0].isalnum() else r"\s*"
        pattern += part
    return pattern.removesuffix(r"\.") + r"\.?" if pattern.endswith(r"\.") else pattern


def _spoken(text: str) -> str:
    """An answer as compared: case, spaces and the punctuation after it do not matter (`Ja.`, `ja / nej`)."""
    return _TRAILING.sub("", _SPACE.sub("", text.casefold()))


_SPACE = re.compile(r"\s+")
_CHECK_BOX = re.compile(r"(\[[ xX✓✔]?\]|[☐☒☑□■⊠✓✔])")  # a box as Word's check boxes and typed forms write it
_TICKED = re.compile(r"\[[xX✓✔]\]|[☒☑■⊠✓✔]")
_TRAILING = re.compile(r"[\W_]+$")


def _any(words: Sequence[str]) -> str:
    return "|".join(_words(word) for word in sorted(words, key=len, reverse=True))


def _compile(name: str, source: str, fields: Mapping[str, Any]) -> Layout:
    units = tuple((unit, re.compile(_any(fields["enheder"][unit]), re.IGNORECASE)) for unit in fields["enheder"])
    unit_words = _any([word for words in fields["enheder"].values() for word in words])
    rows = {
        key: re.compile(rf"^\s*(?:{_any(fields['rækker'][key])})\s*:?(?=\s|$)(.*)$", re.IGNORECASE)
        for key in ROW_KEYS
        if fields["rækker"].get(key)
    }
    frame = fields["servicerammen"]
    labels = _any([*fields["iværksættelse"], *frame["etiket"]])
    answers = {_spoken(word): (word, value) for word, value in frame["svar"].items()}
    sections = fields["afsnit"]
    ignored = fields["ignorer"]
    return Layout(
        name=name,
        source=source,
        units=units,
        rows=rows,
        cells=tuple(fields["celler"]),
        legend=re.compile(rf"^\s*(?:{_any(fields['fortegnslinje'])})", re.IGNORECASE),
        frame_label=re.compile(_any(frame["etiket"]), re.IGNORECASE),
        frame_answers=answers,
        frame_places=tuple(frame["står"]),
        blank_is_zero=fields["tom_celle"] == "nul",
        parentheses_negative=bool(fields["parentes_negativ"]),
        background=re.compile(rf"^\s*(?:{_any(sections['baggrund'])})\s*:?\s*$", re.IGNORECASE),
        consequences=re.compile(rf"^\s*(?:{_any(sections['økonomiske_konsekvenser'])})\s*:?\s*$", re.IGNORECASE),
        headings=(sections["baggrund"][0], sections["økonomiske_konsekvenser"][0]),
        ignored=re.compile(rf"^\s*(?:{_any(ignored)})\b", re.IGNORECASE) if ignored else None,
        price_line=re.compile(rf"^\W*(?:[^\W\d]+\s+){{0,3}}?({unit_words})(?!\w)", re.IGNORECASE),
        side_label=re.compile(labels, re.IGNORECASE),
    )


# --- reading a layout file -------------------------------------------------------------------------------------

_WORD_LIST = "ord"  # a list of words
_KEYS: dict[str, str] = {
    "navn": "tekst",
    "beskrivelse": "tekst",
    "enheder": "enheder",
    "rækker": "rækker",
    "celler": "celler",
    "fortegnslinje": _WORD_LIST,
    "iværksættelse": _WORD_LIST,
    "servicerammen": "servicerammen",
    "tom_celle": "tom_celle",
    "parentes_negativ": "ja_nej",
    "afsnit": "afsnit",
    "ignorer": _WORD_LIST,
}
_FRAME_KEYS = ("etiket", "svar", "står")


class _Checker:
    """The fields of a layout file, each checked at its line; the problems collected."""

    def __init__(self, source: YamlFile) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(error(self.source.path, self.source.line_of(location), field_text(location), message))

    def mapping(self, value: Any, location: Location, keys: Sequence[str] | None = None) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(location, _("skal være nøgler med værdier (nøgle: værdi)"))
            return None
        if keys is not None:
            for key in value:
                if str(key) not in keys:
                    self.unknown(str(key), location, keys)
        return {str(key): item for key, item in value.items()}

    def unknown(self, key: str, location: Location, keys: Sequence[str]) -> None:
        meant = difflib.get_close_matches(key, keys, n=1)
        hint = (
            _("mente du {key}?").format(key=meant[0])
            if meant
            else _("kendte nøgler: {keys}").format(keys=", ".join(keys))
        )
        self.problem((*location, key), _("ukendt nøgle; {hint}").format(hint=hint))

    def words(self, value: Any, location: Location, *, empty: bool = True) -> list[str] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.problem(location, _("skal være en liste af ord, som skemaet skriver dem, fx [Udgifter]"))
            return None
        if not value and not empty:
            self.problem(location, _("listen er tom; skriv mindst ét ord"))
            return None
        return [" ".join(item.split()) for item in value]

    def choice(self, value: Any, location: Location, choices: Sequence[str]) -> str | None:
        if value is None:  # `tom_celle:` with nothing after it
            self.problem(location, _("mangler en værdi; skriv en af {choices}").format(choices=", ".join(choices)))
            return None
        if not isinstance(value, str) or value not in choices:
            # as the file writes it: 'måske', true, 7 (not Python's True)
            shown = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            self.problem(location, _("{value} er ikke en af {choices}").format(value=shown, choices=", ".join(choices)))
            return None
        return value

    def field(self, key: str, value: Any) -> Any:
        kind, location = _KEYS[key], (key,)
        if kind == "tekst":
            if not isinstance(value, str) or not value.strip():
                self.problem(location, _("skal være en tekst"))
                return None
            return value.strip()
        if kind == _WORD_LIST:
            return self.words(value, location, empty=key == "ignorer")
        if kind == "ja_nej":
            if not isinstance(value, bool):
                self.problem(location, _("skal være true eller false"))
                return None
            return value
        if kind == "tom_celle":
            return self.choice(value, location, BLANK)
        if kind == "celler":
            return self.cells(value, location)
        return getattr(self, kind)(value, location)

    def cells(self, value: Any, location: Location) -> list[str] | None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(location, _("skal være en liste af {cells}").format(cells=", ".join(CELLS)))
            return None
        for index, cell in enumerate(value):
            self.choice(cell, (*location, index), CELLS)
        if value.count("år") != 1 or len(set(value)) != len(value):
            self.problem(location, _("skal nævne år præcis én gang og hver anden celle højst én gang"))
            return None
        if "side" in value and value[-1] != "side":
            self.problem(location, _("side (iværksættelse, servicerammen) skal stå sidst i rækken"))
            return None
        return value if all(cell in CELLS for cell in value) else None

    def enheder(self, value: Any, location: Location) -> dict[str, list[str]] | None:
        found = self.mapping(value, location, tuple(UNITS))
        if found is None:
            return None
        read = {unit: self.words(words, (*location, unit), empty=False) for unit, words in found.items()}
        return {unit: words for unit, words in read.items() if words is not None} if all(read.values()) else None

    def rækker(self, value: Any, location: Location) -> dict[str, list[str]] | None:
        found = self.mapping(value, location, ROW_KEYS)
        if found is None:
            return None
        if not found.get("udgifter"):
            self.problem((*location, "udgifter"), _("udgifter mangler: den række er der, hvor et skema findes"))
        read = {key: self.words(words, (*location, key)) for key, words in found.items() if key in ROW_KEYS}
        return {key: words for key, words in read.items() if words is not None}

    def servicerammen(self, value: Any, location: Location) -> dict[str, Any] | None:
        found = self.mapping(value, location, _FRAME_KEYS)
        if found is None:
            return None
        frame: dict[str, Any] = {}
        if "etiket" in found:
            frame["etiket"] = self.words(found["etiket"], (*location, "etiket"), empty=False)
        if "svar" in found:
            answers = self.mapping(found["svar"], (*location, "svar"))
            if answers is not None:
                for word, meaning in answers.items():
                    self.choice(meaning, (*location, "svar", word), FRAME_VALUES)
                frame["svar"] = {" ".join(word.split()): meaning for word, meaning in answers.items()}
        if "står" in found:
            places = self.words(found["står"], (*location, "står"), empty=False) or []
            for index, place in enumerate(places):
                self.choice(place, (*location, "står", index), FRAME_PLACES)
            frame["står"] = places
        return frame

    def afsnit(self, value: Any, location: Location) -> dict[str, list[str]] | None:
        found = self.mapping(value, location, SECTIONS)
        if found is None:
            return None
        read = {key: self.words(words, (*location, key), empty=False) for key, words in found.items()}
        return {key: words for key, words in read.items() if words is not None}


def read_layout(path: Path) -> tuple[Layout | None, list[Diagnostic]]:
    """The layout of a file: the keys it gives over the standard's, each checked at its line."""
    source, problems = read_yaml(path)
    if source is None:
        return None, problems
    fields = _fields(source, problems)
    if problems or fields is None:
        return None, problems
    name = fields.get("navn") or path.stem
    return _compile(str(name), str(path), _over(_standard_fields(), fields)), []


def _fields(source: YamlFile, problems: list[Diagnostic]) -> dict[str, Any] | None:
    checker = _Checker(source)
    if source.data is None:
        problems.append(error(source.path, 1, FILE_FIELD, _("filen er tom; et layout er nøgler med værdier")))
        return None
    found = checker.mapping(source.data, (), tuple(_KEYS))
    fields = {key: checker.field(key, value) for key, value in (found or {}).items() if key in _KEYS}
    problems += checker.problems
    return fields


def _over(standard: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The standard's fields with those given in their place (enheder, servicerammen and afsnit key by key: a
    layout that names one unit's words keeps the others')."""
    fields = dict(standard)
    for key, value in given.items():
        if key in ("enheder", "servicerammen", "afsnit"):
            fields[key] = {**standard[key], **value}
        else:
            fields[key] = value
    return fields


@cache
def _standard_fields() -> dict[str, Any]:
    path = SHIPPED / f"{STANDARD_NAME}.yaml"
    source, problems = read_yaml(path)
    fields = _fields(source, problems) if source is not None else None
    if problems or fields is None:  # pragma: no cover - a shipped file is tested
        raise RuntimeError("; ".join(d.format() for d in problems))
    return fields


@cache
def standard() -> Layout:
    """Seed 004's layout, the one every other starts from."""
    fields = _standard_fields()
    return _compile(fields["navn"], str(SHIPPED / f"{STANDARD_NAME}.yaml"), fields)


@cache
def shipped_layouts() -> tuple[Layout, ...]:
    """Every layout shipped with budgetkorr: the standard first, then the others by file name."""
    others = []
    for path in sorted(SHIPPED.glob("*.yaml")):
        if path.stem == STANDARD_NAME:
            continue
        layout, problems = read_layout(path)
        if layout is None:  # pragma: no cover - a shipped file is tested
            raise RuntimeError("; ".join(d.format() for d in problems))
        others.append(layout)
    return (standard(), *others)


def find_layout(path: Path) -> tuple[Layout | None, list[Diagnostic]]:
    """The layout `--layout` names: a layout file, or the name of a shipped layout (`norddjurs`)."""
    shipped = {layout.name: layout for layout in shipped_layouts()}
    if not path.exists() and str(path) in shipped:
        return shipped[str(path)], []
    if not path.is_file():
        message = _("layoutfilen findes ikke; angiv en fil eller et af de medfølgende layouter: {names}")
        return None, [error(path, 1, FILE_FIELD, message.format(names=", ".join(shipped)))]
    return read_layout(path)

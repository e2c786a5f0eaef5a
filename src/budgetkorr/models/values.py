"""Value types of the file formats: exact amounts, years, text, and the words of the form.

Each type explains a wrong value in plain words ("0,880 er tekst; skriv tallet med decimalpunktum: 0.880").
Amounts are exact `Decimal` in mio. kr.; a float never gets in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from budgetkorr.i18n import N_, _

Location = tuple[str | int, ...]

UNKNOWN = "ukendt"  # an amount not yet known, as the file writes it (only in a foreløbig correction)


def is_unknown(value: object) -> bool:
    """The word `ukendt` as a file has it (any case, spaces around)."""
    return isinstance(value, str) and value.strip().casefold() == UNKNOWN


MONEY_DECIMALS = 3  # mio. kr. with three decimals: 1.000 kr. precision
POSITION_DECIMALS = 2
MIN_YEAR, MAX_YEAR = 1900, 2200
# The largest amount, in mio. kr. either way: a thousand times Denmark's whole public budget, so no real figure is
# refused, and small enough that every sum of amounts that fit in memory stays exact in Decimal's 28 digits (13
# digits an amount, 15 to spare), so no total or netto check is ever rounded.
MAX_AMOUNT = Decimal(1_000_000_000)
MAX_POSITIONS = Decimal(1_000_000)  # full-time positions: more than the whole Danish public sector

# "0,880", "-1.234,5", "3,100": what a number looks like when it is copied from a Danish document.
_DANISH_NUMBER = re.compile(r"^\s*[-+−]?\s*\d{1,3}(?:\.\d{3})*,\d+\s*$|^\s*[-+−]?\s*\d+,\d+\s*$")


def year_span(years: Sequence[int]) -> str:
    """Years as the documents write them: `2026–2029`, `2026`, or nothing."""
    if not years:
        return ""
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def listed(years: Sequence[int]) -> str:
    """Years in a message: `2026, 2027, 2028`."""
    return ", ".join(str(year) for year in years)


def year_rows(rows: Mapping[str, Mapping[int, Any] | None], reference: str) -> list[tuple[Location, str]]:
    """A problem at each row of a record that lacks a year the others have, or has one they lack.

    The years agreed on are those most rows cover (the `reference` row's on a tie), so that a year missing from
    one row is named at that row, not at every other; a year only one row has is named at its own key.
    """
    covered = {key: frozenset(row) for key, row in rows.items() if row is not None}
    if reference in covered and len(set(covered.values())) == 1:
        return []  # every row has the same years (nearly every correction): nothing to count
    counts = Counter(covered.values())
    most = max(counts.values())
    agreed = covered[reference]
    if counts[agreed] < most:  # the first row in the record's order among the most common sets of years
        agreed = next(years for years in covered.values() if counts[years] == most)
    span = listed(sorted(agreed))
    problems: list[tuple[Location, str]] = []
    for key, years in covered.items():
        missing = sorted(agreed - years)
        if missing:
            problems.append(
                ((key,), _("mangler {years}; de andre rækker dækker {span}").format(years=listed(missing), span=span))
            )
        for year in sorted(years - agreed):
            problems.append(
                (
                    (key, year),
                    _("{year} er ikke med i de andre rækker ({span}); slet året her, eller tilføj det dér").format(
                        year=year, span=span
                    ),
                )
            )
    return problems


def repeated(keys: Sequence[Hashable | None]) -> Iterator[tuple[int, int]]:
    """(index, index of its first use) of every key that an earlier one already has; None is never a repeat."""
    first: dict[Hashable, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            yield index, first[key]
        else:
            first[key] = index


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number(value: Any, what: str, decimals: int, limit: Decimal = MAX_AMOUNT) -> Decimal:
    """Accept an exact number with at most `decimals` decimals and at most `limit` either way; explain anything
    else in plain words. (`what` is translated only where a message is made: this runs for every amount.)"""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)  # a whole number meets the same bounds as any other
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent  # a letter for an infinity or a NaN
        if isinstance(exponent, int) and -exponent <= decimals and abs(value) <= limit:
            # 1E+3 is a thousand: written with its digits, so every later step sees an ordinary number
            return value.quantize(Decimal(1)) if exponent > 0 else value
    what = _(what)
    if isinstance(value, bool):
        raise PydanticCustomError(
            "number_type",
            _("YAML læser dette som en ja/nej-værdi ({value}), ikke som {what}").format(
                value=str(value).lower(), what=what
            ),
        )
    if isinstance(value, float):
        # The loader never produces floats; a float here came from code, and its binary value is not exact.
        raise PydanticCustomError(
            "number_type", _("{value!r} er et binært kommatal; beløb skal være eksakte decimaltal").format(value=value)
        )
    if isinstance(value, str):
        if is_unknown(value):
            raise PydanticCustomError(
                "unknown_amount",
                _(
                    "ukendt er kun tilladt i udgifter, indtægter, netto og engangsudgifter i en korrektion med "
                    "foreløbig: true; marker korrektionen foreløbig, eller skriv tallet"
                ),
            )
        pasted = pasted_from_word(value)
        if pasted is not None:
            raise PydanticCustomError("number_pasted", pasted)
        if _DANISH_NUMBER.match(value):
            suggestion = value.strip().replace(" ", "").replace("−", "-").replace(".", "").replace(",", ".")
            raise PydanticCustomError(
                "danish_number",
                _("{value} er tekst; skriv tallet med decimalpunktum: {suggestion}").format(
                    value=value, suggestion=suggestion
                ),
            )
        try:
            unquoted = Decimal(value.strip())
            if not unquoted.is_finite():  # "nan", "inf" and "Infinity" are words, not numbers
                raise ArithmeticError(value)
        except ArithmeticError:
            raise PydanticCustomError(
                "number_type",
                _("{value!r} er tekst, ikke et tal; skriv {what} med cifre og decimalpunktum").format(
                    value=value, what=what
                ),
            ) from None
        raise PydanticCustomError(
            "number_type",
            _("{value!r} er tekst (i anførselstegn); skriv tallet uden anførselstegn: {number}").format(
                value=value, number=unquoted
            ),
        )
    if not isinstance(value, Decimal):
        raise PydanticCustomError(
            "number_type", _("skal være {what}, ikke {kind}").format(what=what, kind=_describe(value))
        )
    if not value.is_finite():
        raise PydanticCustomError(
            "number_finite", _("{value} er ikke et endeligt tal; skriv {what}").format(value=value, what=what)
        )
    if abs(value) > limit:
        raise PydanticCustomError(
            "number_range",
            _("{value} er uden for det tilladte: højst {limit} i absolut værdi").format(
                value=_plain(value) if value.adjusted() < 16 else value, limit=_plain(limit)
            ),
        )
    if _decimal_places(value) > decimals:
        precision = {
            MONEY_DECIMALS: _("beløb i mio. kr. har højst 3 decimaler (1.000 kr.)"),
            POSITION_DECIMALS: _("fuldtidsstillinger har højst 2 decimaler"),
        }.get(decimals) or _("højst {decimals} decimaler").format(decimals=decimals)
        raise PydanticCustomError(
            "number_decimals",
            _("{value} har mere end {decimals} decimaler; {precision}").format(
                value=value, decimals=decimals, precision=precision
            ),
        )
    raise AssertionError(value)  # every accepted number returned above


# What a word processor or a PDF puts where a person typed a minus or a space: YAML reads either as text. The one
# list of them: the importer reads the same dashes as a minus (`importers.words`).
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
HARD_SPACES = "\u00a0\u2007\u202f"
AS_MINUS = str.maketrans(DASHES, "-" * len(DASHES))
_AS_SPACE = str.maketrans(HARD_SPACES, " " * len(HARD_SPACES))
_PASTED = re.compile(r"\s*[+-]?\s*[0-9][0-9., ]*\s*")


def pasted_from_word(value: str) -> str | None:
    """The mistake in a number or year that a word processor made, told for what it is, or None: a dash where a
    minus belongs (–0.75), or a hard space (U+00A0) that looks like a space. Only a number that would be right
    without them: other text gets the general sentence."""
    plain = value.translate(AS_MINUS).translate(_AS_SPACE)
    if plain == value or not _PASTED.fullmatch(plain):
        return None
    if any(char in DASHES for char in value):
        fixed = value.translate(AS_MINUS).strip()
        if not any(char in HARD_SPACES for char in fixed):
            if "\u2212" in value:  # Word's own minus sign: it is one, just not the one YAML reads
                return _("typografisk minustegn (−) i stedet for bindestreg-minus: skriv {fixed}").format(fixed=fixed)
            return _("tankestreg i stedet for minus: skriv {fixed}").format(fixed=fixed)
    if " " in plain.strip():  # between digits: what was meant is not ours to guess
        return _("et hårdt mellemrum (fra Word eller en e-mail) i {value!r}; skriv tallet uden mellemrum").format(
            value=value.translate(_AS_SPACE)
        )
    return hard_space(value)


def hard_space(value: str) -> str | None:
    """A hard space (U+00A0, from Word or an e-mail) in a value or key that is wrong because of it, told for what
    it is; None without one. It looks like a space, so the value's own error would puzzle the reader."""
    if not any(char in HARD_SPACES for char in value):
        return None
    shown = value.translate(_AS_SPACE)
    fixed = value.strip(HARD_SPACES + " ")
    if any(char in HARD_SPACES for char in fixed):
        return _(
            "et hårdt mellemrum (fra Word eller en e-mail) i {value!r}; slet det, eller skriv et almindeligt mellemrum"
        ).format(value=shown)
    return _("et hårdt mellemrum (fra Word eller en e-mail) i {value!r}; skriv {fixed}").format(
        value=shown, fixed=fixed
    )


def _plain(value: Decimal) -> str:
    """A number as digits, never in exponent form: 1E+12 → 1000000000000."""
    return f"{value:f}"


def _money(value: Any) -> Decimal:
    return number(value, N_("et beløb i mio. kr."), MONEY_DECIMALS)


def _positions(value: Any) -> Decimal:
    # Negative is allowed: a reduction of staff (-2.0) is a common correction.
    return number(value, N_("et antal fuldtidsstillinger"), POSITION_DECIMALS, MAX_POSITIONS)


_YEAR_TEXT = re.compile(r"[0-9]{4}")


def _year(value: Any) -> int:
    if type(value) is int and MIN_YEAR <= value <= MAX_YEAR:
        return value  # the common case, first: this runs for every year of every row
    not_a_year = N_("{value!r} er ikke et år; skriv et år som 2026")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError("year_type", _(not_a_year).format(value=value))
    if isinstance(value, str) and not _YEAR_TEXT.fullmatch(value):
        pasted = pasted_from_word(value) or hard_space(value)  # `{2027:<hard space>-0.150}` is one key to YAML
        if pasted is not None:
            raise PydanticCustomError("year_pasted", pasted)
        # "2026 " or "02026" would be the same year as 2026 to int(): one year has one spelling, so no key can
        # silently overwrite another.
        if _YEAR_TEXT.fullmatch(value.strip().lstrip("+0").rjust(4, "0")):
            raise PydanticCustomError(
                "year_form",
                _("{value!r}: skriv året med fire cifre og intet andet: {year}").format(
                    value=value, year=int(value.strip().lstrip("+") or 0)
                ),
            )
        raise PydanticCustomError("year_type", _(not_a_year).format(value=value))
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PydanticCustomError("year_range", _("{year} er ikke et sandsynligt budgetår").format(year=year))
    return year


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", _("skal være tekst, ikke {kind}").format(kind=_describe(value)))
    if not value.strip():
        raise PydanticCustomError("text_empty", _("må ikke være tom"))
    return normal_form(value)


# Ø and ø have no decomposition in Unicode, so NFC leaves an o typed with a combining stroke as two characters.
_STROKES = str.maketrans({"\u0337": "\u0338"})
_STROKED = {"o\u0338": "ø", "O\u0338": "Ø"}


def normal_form(text: str) -> str:
    """Text as it is compared: Unicode NFC (å typed as a + ring is å), and an o with a combining stroke is ø."""
    text = unicodedata.normalize("NFC", text)
    if "\u0337" in text or "\u0338" in text:
        text = text.translate(_STROKES)
        for written, letter in _STROKED.items():
            text = text.replace(written, letter)
    return text


_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]")


def _line(value: Any) -> str:
    """A name or a title: one line, compared as written without spaces around it, in Unicode NFC (an `ø` typed
    as `o` and a combining stroke is the same `ø`)."""
    text = _text(value).strip()
    if _LINE_BREAKS.search(text):
        raise PydanticCustomError("line_breaks", _("skal stå på én linje, uden linjeskift og tabulatorer"))
    return text


def _describe(value: Any) -> str:
    if value is None:
        return _("tom")
    if isinstance(value, bool):
        return _("en ja/nej-værdi")
    if isinstance(value, int | Decimal):
        return _("et tal")
    if isinstance(value, list):
        return _("en liste")
    if isinstance(value, dict):
        return _("nøgler med værdier")
    return type(value).__name__


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema(
        {
            "type": "number",
            "multipleOf": 0.001,
            "minimum": -int(MAX_AMOUNT),
            "maximum": int(MAX_AMOUNT),
            "description": "mio. kr., højst 3 decimaler",
        }
    ),
]
Positions = Annotated[
    Decimal,
    BeforeValidator(_positions),
    WithJsonSchema(
        {"type": "number", "minimum": -int(MAX_POSITIONS), "maximum": int(MAX_POSITIONS), "multipleOf": 0.01}
    ),
]
Year = Annotated[int, BeforeValidator(_year), WithJsonSchema({"type": "integer", "minimum": MIN_YEAR})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Line = Annotated[
    str, BeforeValidator(_line), WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\n\\t]+$"})
]


def _distinct_years(value: Any) -> Any:
    """The same year written twice in one mapping is an error, however it is spelt (the reader catches 2026 and
    "2026"; this is the guarantee that no spelling ever overwrites another)."""
    if isinstance(value, dict):
        seen: set[int] = set()
        for key in value:
            try:
                year = _year(key)
            except PydanticCustomError:
                continue  # the key's own error is reported where it is validated
            if year in seen:
                raise PydanticCustomError("year_twice", _("året {year} står to gange; behold én").format(year=year))
            seen.add(year)
    return value


YearAmounts = Annotated[dict[Year, Money], BeforeValidator(_distinct_years)]
YearPositions = Annotated[dict[Year, Positions], BeforeValidator(_distinct_years)]


def _word(value: Any) -> Any:
    """Words as the form prints them are accepted: Ja → ja, Forslag → forslag; the form's "Ja/nej" is delvist."""
    if isinstance(value, str):
        word = value.strip().lower()
        return "delvist" if word.replace(" ", "") == "ja/nej" else word
    return value


Status = Annotated[Literal["forslag", "godkendt", "afvist"], BeforeValidator(_word)]
ServiceFrame = Annotated[Literal["ja", "nej", "delvist"], BeforeValidator(_word)]
FinancingSource = Annotated[Literal["kassen", "anlæg", "drift", "indtægter"], BeforeValidator(_word)]

STATUSES: tuple[Status, ...] = ("forslag", "godkendt", "afvist")
SERVICE_FRAMES: tuple[ServiceFrame, ...] = ("ja", "nej", "delvist")
FINANCING_SOURCES: tuple[FinancingSource, ...] = ("kassen", "anlæg", "drift", "indtægter")

NUMBER_PATTERN = r"^[A-Z][0-9]{3}$"


def check_number(value: Any) -> str:
    # fullmatch: with re.match, "$" also matches before a final newline, and "T110\n" would be a second T110
    if not isinstance(value, str) or not re.fullmatch(NUMBER_PATTERN[1:-1], value):
        raise PydanticCustomError(
            "nr_format",
            _("{value!r} er ikke et korrektionsnummer; skriv et stort bogstav og tre cifre, fx T105 eller A108").format(
                value=value
            ),
        )
    return value


RECORD_PROBLEMS = "record_problems"


def record_problems(problems: list[tuple[Location, str]]) -> PydanticCustomError:
    """One error that carries several problems of a record, each with its location relative to the record."""
    return PydanticCustomError(RECORD_PROBLEMS, "; ".join(message for _, message in problems), {"problems": problems})


# Every model: a misspelt key is an error, never a silently dropped amount; records do not change.
STRICT = ConfigDict(extra="forbid", frozen=True, defer_build=True)

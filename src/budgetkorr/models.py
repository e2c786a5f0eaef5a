"""The file formats as pydantic models: a correction (teknisk korrektion) and the list of committees.

The YAML keys are the form's Danish words (aliases); the code uses English names. Amounts are exact
`Decimal` in mio. kr. from the file to the output. Rules about one record live here; rules across files
live in `load`.

A rule that spans several fields reports its problems through `record_problems`: each problem carries its
own location, so the loader can point at the exact line (pydantic itself would only point at the record).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

Location = tuple[str | int, ...]

MONEY_DECIMALS = 3  # mio. kr. with three decimals: 1.000 kr. precision
POSITION_DECIMALS = 2
MIN_YEAR, MAX_YEAR = 1900, 2200

# "0,880", "-1.234,5", "3,100": what a number looks like when it is copied from a Danish document.
_DANISH_NUMBER = re.compile(r"^\s*[-+−]?\s*\d{1,3}(?:\.\d{3})*,\d+\s*$|^\s*[-+−]?\s*\d+,\d+\s*$")


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _number(value: Any, what: str, decimals: int) -> Decimal:
    """Accept an exact number with at most `decimals` decimals; explain anything else in plain words."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "number_type", f"YAML reads this as a yes/no value ({str(value).lower()}), not as {what}"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # The loader never produces floats; a float here came from code, and its binary value is not exact.
        raise PydanticCustomError("number_type", f"{value!r} is a binary float; amounts must be exact decimals")
    if isinstance(value, str):
        if _DANISH_NUMBER.match(value):
            suggestion = value.strip().replace(" ", "").replace("−", "-").replace(".", "").replace(",", ".")
            raise PydanticCustomError(
                "danish_number",
                f"{value} is text; write the number with a decimal point: {suggestion}",
            )
        try:
            unquoted = Decimal(value.strip())
        except ArithmeticError:
            raise PydanticCustomError(
                "number_type",
                f"{value!r} is text, not a number; write {what} with digits and a decimal point",
            ) from None
        raise PydanticCustomError("number_type", f"{value!r} is text (in quotes); write it without quotes: {unquoted}")
    if not isinstance(value, Decimal):
        raise PydanticCustomError("number_type", f"must be {what}, not {_describe(value)}")
    if not value.is_finite():
        raise PydanticCustomError("number_finite", f"{value} is not a finite number; write {what}")
    if _decimal_places(value) > decimals:
        precision = {
            MONEY_DECIMALS: "amounts in mio. kr. have at most 3 decimals (1.000 kr.)",
            POSITION_DECIMALS: "full-time positions have at most 2 decimals",
        }.get(decimals, f"at most {decimals} decimals")
        raise PydanticCustomError("number_decimals", f"{value} has more than {decimals} decimals; {precision}")
    return value


def _money(value: Any) -> Decimal:
    return _number(value, "an amount in mio. kr.", MONEY_DECIMALS)


def _positions(value: Any) -> Decimal:
    number = _number(value, "a number of full-time positions", POSITION_DECIMALS)
    if number < 0:
        raise PydanticCustomError("positions_negative", f"{number} is negative; full-time positions are >= 0")
    return number


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError("year_type", f"{value!r} is not a year; write a year like 2026")
    try:
        year = int(value)
    except ValueError:
        raise PydanticCustomError("year_type", f"{value!r} is not a year; write a year like 2026") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PydanticCustomError("year_range", f"{year} is not a plausible budget year")
    return year


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", f"must be text, not {_describe(value)}")
    if not value.strip():
        raise PydanticCustomError("text_empty", "must not be empty")
    return value


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "number", "multipleOf": 0.001, "description": "mio. kr., at most 3 decimals"}),
]
Positions = Annotated[
    Decimal,
    BeforeValidator(_positions),
    WithJsonSchema({"type": "number", "minimum": 0, "multipleOf": 0.01}),
]
Year = Annotated[int, BeforeValidator(_year), WithJsonSchema({"type": "integer", "minimum": MIN_YEAR})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
YearAmounts = dict[Year, Money]
YearPositions = dict[Year, Positions]


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


def _check_number(value: Any) -> str:
    if not isinstance(value, str) or not re.match(NUMBER_PATTERN, value):
        raise PydanticCustomError(
            "nr_format",
            f"{value!r} is not a correction number; write a capital letter and three digits, like T105 or A108",
        )
    return value


RECORD_PROBLEMS = "record_problems"


def record_problems(problems: list[tuple[Location, str]]) -> PydanticCustomError:
    """One error that carries several problems of a record, each with its location relative to the record."""
    return PydanticCustomError(RECORD_PROBLEMS, "; ".join(message for _, message in problems), {"problems": problems})


_STRICT = ConfigDict(extra="forbid", frozen=True)


class Financing(BaseModel):
    """One way the correction is paid for (finansiering): a source and, except for kassen, the amounts."""

    model_config = _STRICT

    source: FinancingSource = Field(alias="kilde", description="kassen | anlæg | drift | indtægter")
    reference: Text | None = Field(default=None, alias="reference", description="e.g. the anlæg number A108")
    amounts: YearAmounts | None = Field(
        default=None, alias="beløb", description="change to the source per year, mio. kr., sign as the form"
    )
    text: Text | None = Field(default=None, alias="tekst", description="the form's sentence on financing")

    @model_validator(mode="after")
    def _amounts_match_source(self) -> Financing:
        if self.source == "kassen" and self.amounts is not None:
            raise record_problems(
                [(("beløb",), "kilde kassen takes no beløb: the cash balance absorbs what is not covered")]
            )
        if self.source != "kassen" and self.amounts is None:
            raise record_problems(
                [(("beløb",), f"kilde {self.source} needs beløb: the amounts by which {self.source} changes")]
            )
        return self


class Correction(BaseModel):
    """One technical correction (teknisk korrektion): the form as data."""

    model_config = _STRICT

    number: Annotated[
        str, BeforeValidator(_check_number), WithJsonSchema({"type": "string", "pattern": NUMBER_PATTERN})
    ] = Field(alias="nr", description="type letter + committee digit + serial, e.g. T105")
    title: Text = Field(alias="titel")
    committee: Text = Field(alias="udvalg", description="name or abbreviation from data/udvalg.yaml")
    status: Status = Field(alias="status", description="forslag | godkendt | afvist")
    preliminary: bool = Field(default=False, alias="foreløbig", description="true: the figures are not final")
    price_level: Year = Field(alias="prisniveau", description="the year of 'Mio. kr. i 2026-priser'")
    start: date = Field(alias="iværksættelse", description="start date (Iværksættelsestidspunkt), 2026-01-01")
    service_frame: ServiceFrame = Field(alias="indenfor_servicerammen", description="ja | nej | delvist")
    expenditure: YearAmounts = Field(alias="udgifter", min_length=1)
    income: YearAmounts | None = Field(default=None, alias="indtægter", description="optional: all zero")
    net: YearAmounts | None = Field(default=None, alias="netto", description="optional: udgifter + indtægter")
    positions: YearPositions | None = Field(default=None, alias="fuldtidsstillinger")
    one_off: YearAmounts | None = Field(
        default=None, alias="engangsudgifter", description="the one-off part included in udgifter"
    )
    remark: Text | None = Field(default=None, alias="bemærkning", description="a note printed under the table")
    financing: tuple[Financing, ...] = Field(default=(), alias="finansiering")
    background: Text = Field(alias="baggrund")
    consequences: Text = Field(alias="økonomiske_konsekvenser")

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.expenditure))

    def income_in(self, year: int) -> Decimal:
        return (self.income or {}).get(year, Decimal(0))

    def net_in(self, year: int) -> Decimal:
        return self.expenditure.get(year, Decimal(0)) + self.income_in(year)

    def positions_in(self, year: int) -> Decimal:
        return (self.positions or {}).get(year, Decimal(0))

    def one_off_in(self, year: int) -> Decimal:
        return (self.one_off or {}).get(year, Decimal(0))

    @model_validator(mode="after")
    def _rows_agree(self) -> Correction:
        problems = list(_row_problems(self))
        if problems:
            raise record_problems(problems)
        return self


def _term(value: Decimal) -> str:
    return f"({value})" if value < 0 else str(value)


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _row_problems(correction: Correction) -> Iterator[tuple[Location, str]]:
    years = list(correction.years)
    if years != list(range(years[0], years[-1] + 1)):
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        yield ("udgifter",), f"the years must follow each other without gaps; missing {missing}"
    expected = set(years)
    rows: Mapping[str, Mapping[int, Decimal] | None] = {
        "indtægter": correction.income,
        "netto": correction.net,
        "fuldtidsstillinger": correction.positions,
    }
    for key, row in rows.items():
        if row is not None and set(row) != expected:
            yield (key,), f"covers {sorted(row)}, but udgifter covers {sorted(expected)}; give the same years"
    if correction.net is not None:
        for year in years:
            computed = correction.net_in(year)
            given = correction.net.get(year)
            if given is not None and given != computed:
                yield (
                    ("netto", year),
                    f"{given} is not udgifter + indtægter = {correction.expenditure[year]} + "
                    f"{_term(correction.income_in(year))} = {computed}",
                )
    for year, amount in sorted((correction.one_off or {}).items()):
        if year not in expected:
            yield ("engangsudgifter", year), f"{year} is outside the years of udgifter ({_span(years)})"
            continue
        total = correction.expenditure[year]
        if amount != 0 and (amount * total <= 0 or abs(amount) > abs(total)):
            yield (
                ("engangsudgifter", year),
                f"{amount} is not within udgifter {year} ({total}); the one-off part is included in udgifter",
            )
    for index, financing in enumerate(correction.financing):
        for year in sorted(financing.amounts or {}):
            if year not in expected:
                yield (
                    ("finansiering", index, "beløb", year),
                    f"{year} is outside the years of udgifter ({_span(years)})",
                )


class Committee(BaseModel):
    """A standing committee (udvalg): its name, abbreviation and number in the correction numbers."""

    model_config = _STRICT

    name: Text = Field(alias="navn")
    abbreviation: Text = Field(alias="forkortelse")
    number: Annotated[int, Field(ge=0, le=9)] | None = Field(
        default=None, alias="nummer", description="the digit after the letter in T105; omit when unknown"
    )

    def matches(self, text: str) -> bool:
        wanted = text.strip().casefold()
        return wanted in (self.name.casefold(), self.abbreviation.casefold())


class CommitteeList(BaseModel):
    """The file data/udvalg.yaml: the committees of the current election period."""

    model_config = _STRICT

    committees: tuple[Committee, ...] = Field(alias="udvalg", min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CommitteeList:
        problems: list[tuple[Location, str]] = []
        seen: dict[str, int] = {}
        for index, committee in enumerate(self.committees):
            for key, value in (("navn", committee.name), ("forkortelse", committee.abbreviation)):
                folded = value.casefold()
                if folded in seen:
                    other = self.committees[seen[folded]].name
                    problems.append((("udvalg", index, key), f"{value!r} is used already by {other}"))
                else:
                    seen[folded] = index
        numbers: dict[int, int] = {}
        for index, committee in enumerate(self.committees):
            if committee.number is None:
                continue
            if committee.number in numbers:
                other = self.committees[numbers[committee.number]].name
                problems.append((("udvalg", index, "nummer"), f"{committee.number} is used already by {other}"))
            else:
                numbers[committee.number] = index
        if problems:
            raise record_problems(problems)
        return self


# --- the budget repository's other files: the overview, the targets, the price rates ------------------------


class BudgetOverview(BaseModel):
    """data/budget.yaml: the budget's main overview (hovedoversigt) before corrections, expenditure-positive."""

    model_config = _STRICT

    source: Text = Field(alias="kilde", description="where the figures come from; repeated in every check")
    price_level: Year = Field(alias="prisniveau")
    income: YearAmounts = Field(alias="indtægter", min_length=1, description="taxes and general grants, negative")
    operating: YearAmounts = Field(alias="driftsudgifter", min_length=1)
    interest: YearAmounts = Field(alias="renter", min_length=1)
    capital: YearAmounts = Field(alias="anlæg", min_length=1)
    borrowing: YearAmounts = Field(alias="låneoptagelse", min_length=1, description="new loans, negative")
    repayment: YearAmounts = Field(alias="afdrag_ordinære_lån", min_length=1)
    elderly_repayment: YearAmounts = Field(alias="afdrag_ældreboliglån", min_length=1)
    other_financing: YearAmounts = Field(alias="øvrige_finansforskydninger", min_length=1)
    average_cash: YearAmounts = Field(alias="kassebeholdning_gennemsnit", min_length=1)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.operating))

    @model_validator(mode="after")
    def _rows_cover_the_same_years(self) -> BudgetOverview:
        problems: list[tuple[Location, str]] = []
        years = list(self.years)
        if years != list(range(years[0], years[-1] + 1)):
            problems.append((("driftsudgifter",), f"the years must follow each other without gaps: {years}"))
        for name, field in BudgetOverview.model_fields.items():
            row = getattr(self, name)
            if isinstance(row, dict) and set(row) != set(years):
                problems.append(
                    (
                        (field.alias or name,),
                        f"covers {sorted(row)}, but driftsudgifter covers {years}; give the same years",
                    )
                )
        if problems:
            raise record_problems(problems)
        return self


TargetId = Literal["strukturel_balance", "anlæg", "kassebeholdning", "afdrag"]
TARGET_IDS: tuple[TargetId, ...] = ("strukturel_balance", "anlæg", "kassebeholdning", "afdrag")


class TargetSetting(BaseModel):
    """One economic target: which rule (its id), its threshold, and whether it is checked."""

    model_config = _STRICT

    id: TargetId = Field(alias="id", description="strukturel_balance | anlæg | kassebeholdning | afdrag")
    name: Text = Field(alias="navn")
    threshold: Money = Field(alias="tærskel", description="mio. kr.; a value equal to it meets the target")
    active: bool = Field(default=True, alias="aktiv", description="false: the target is not checked")
    description: Text | None = Field(default=None, alias="beskrivelse")


class TargetList(BaseModel):
    """data/targets.yaml: the municipality's economic targets (økonomiske målsætninger)."""

    model_config = _STRICT

    source: Text | None = Field(default=None, alias="kilde", description="where the targets are decided")
    targets: tuple[TargetSetting, ...] = Field(alias="mål", min_length=1)

    @model_validator(mode="after")
    def _each_rule_once(self) -> TargetList:
        problems: list[tuple[Location, str]] = []
        seen: dict[str, int] = {}
        for index, target in enumerate(self.targets):
            if target.id in seen:
                problems.append((("mål", index, "id"), f"{target.id} is given already as mål[{seen[target.id]}]"))
            seen.setdefault(target.id, index)
        missing = [target for target in TARGET_IDS if target not in seen]
        if missing:
            problems.append(
                (("mål",), f"{', '.join(missing)} missing: list all four targets (aktiv: false switches one off)")
            )
        if problems:
            raise record_problems(problems)
        return self


def _rate(value: Any) -> Decimal:
    rate = _number(value, "a rate in percent", 4)
    if not Decimal(-50) < rate < Decimal(100):
        raise PydanticCustomError("rate_range", f"{rate} is not a plausible yearly rate in percent")
    return rate


Rate = Annotated[Decimal, BeforeValidator(_rate), WithJsonSchema({"type": "number"})]


class PriceRates(BaseModel):
    """data/prisniveau.yaml: pris- og lønudvikling from each year to the next, in percent, with its source."""

    model_config = _STRICT

    source: Text = Field(alias="kilde")
    rates: dict[Year, Rate] = Field(
        default_factory=dict, alias="satser", description="year → percent from that year to the next (2025: 2.9)"
    )

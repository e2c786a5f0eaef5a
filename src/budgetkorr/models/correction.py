"""A correction (teknisk korrektion) and the committees (udvalg) it belongs to: the form as data.

The YAML keys are the form's Danish words (aliases); the code uses English names. Rules about one record live
here; rules across files live in `load`.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.functional_validators import ModelWrapValidatorHandler  # exported at the top only from pydantic 2.8

from budgetkorr.i18n import N_, _
from budgetkorr.models.values import (
    NUMBER_PATTERN,
    STRICT,
    FinancingSource,
    Line,
    Location,
    ServiceFrame,
    Status,
    Text,
    Year,
    YearAmounts,
    YearPositions,
    check_number,
    is_unknown,
    listed,
    normal_form,
    record_problems,
    repeated,
    year_rows,
    year_span,
)

# One of the form's text sections under its own heading (baggrund, økonomiske konsekvenser), as against a short
# note (bemærkning): the marker is ignored by validation and by the JSON schema, and read by `fields_of`.
SECTION = "afsnit"
Section = Annotated[Text, SECTION]


class Financing(BaseModel):
    """One way the correction is paid for (finansiering): a source and, except for kassen, the amounts."""

    model_config = STRICT

    source: FinancingSource = Field(alias="kilde", description="kassen | anlæg | drift | indtægter")
    reference: Line | None = Field(default=None, alias="reference", description="fx anlægsnummeret A108")
    amounts: YearAmounts | None = Field(
        default=None, alias="beløb", description="ændringen af kilden pr. år, mio. kr., fortegn som i skemaet"
    )
    text: Text | None = Field(default=None, alias="tekst", description="skemaets sætning om finansieringen")

    @model_validator(mode="after")
    def _amounts_match_source(self) -> Financing:
        if self.source == "kassen" and self.amounts is not None:
            raise record_problems(
                [
                    (
                        ("beløb",),
                        _("kilde kassen har intet beløb: kassebeholdningen dækker det, der ikke er dækket andetsteds"),
                    )
                ]
            )
        if self.source != "kassen" and self.amounts is None:
            raise record_problems(
                [
                    (
                        ("beløb",),
                        _("kilde {source} kræver beløb: de beløb, {source} ændres med").format(source=self.source),
                    )
                ]
            )
        return self


class Correction(BaseModel):
    """One technical correction (teknisk korrektion): the form as data."""

    model_config = STRICT

    number: Annotated[
        str, BeforeValidator(check_number), WithJsonSchema({"type": "string", "pattern": NUMBER_PATTERN})
    ] = Field(alias="nr", description="typebogstav + udvalgets ciffer + løbenummer, fx T105")
    title: Line = Field(alias="titel")
    committee: Line = Field(alias="udvalg", description="navn eller forkortelse fra data/udvalg.yaml")
    status: Status = Field(alias="status", description="forslag | godkendt | afvist")
    preliminary: bool = Field(default=False, alias="foreløbig", description="true: tallene er ikke endelige")
    price_level: Year = Field(alias="prisniveau", description="året i 'Mio. kr. i 2026-priser'")
    start: date = Field(alias="iværksættelse", description="iværksættelsestidspunkt, år-måned-dag: 2026-01-01")
    service_frame: ServiceFrame = Field(alias="indenfor_servicerammen", description="ja | nej | delvist")
    expenditure: YearAmounts = Field(alias="udgifter", min_length=1)
    income: YearAmounts | None = Field(default=None, alias="indtægter", description="valgfri: ellers nul")
    net: YearAmounts | None = Field(default=None, alias="netto", description="valgfri: udgifter + indtægter")
    net_inside: YearAmounts | None = Field(
        default=None,
        alias="netto_indenfor",
        description="kun ved delvist: den del af netto, der er indenfor servicerammen, pr. år; resten er udenfor",
    )
    positions: YearPositions | None = Field(default=None, alias="fuldtidsstillinger")
    one_off: YearAmounts | None = Field(
        default=None, alias="engangsudgifter", description="den del af udgifterne, der er engangsudgifter"
    )
    remark: Text | None = Field(default=None, alias="bemærkning", description="en note under skemaets tabel")
    financing: tuple[Financing, ...] = Field(default=(), alias="finansiering")
    background: Section = Field(alias="baggrund")
    consequences: Section = Field(alias="økonomiske_konsekvenser")
    # (row key, year) of each amount written `ukendt`: it counts as 0 in the dicts above, and every output that
    # shows it says `ukendt` and marks the totals it is part of as incomplete.
    _unknown: frozenset[tuple[str, int]] = PrivateAttr(default=frozenset())

    @model_validator(mode="wrap")
    @classmethod
    def _read_unknown(cls, data: Any, handler: ModelWrapValidatorHandler[Correction]) -> Correction:
        """In a foreløbig correction an amount may be `ukendt`: it is read as 0 and remembered as unknown. Elsewhere
        the amount's own validation says that only a foreløbig correction may hold it."""
        unknown: set[tuple[str, int]] = set()
        if isinstance(data, dict) and data.get("foreløbig") is True:
            data = dict(data)
            for key in UNKNOWN_ROWS:
                row = data.get(key)
                if isinstance(row, dict):
                    data[key] = {year: _unknown_as_zero(key, year, value, unknown) for year, value in row.items()}
        correction = handler(data)
        if unknown:
            correction._unknown = frozenset(unknown)
        return correction

    @property
    def unknown(self) -> frozenset[tuple[str, int]]:
        """(row key, year) of the amounts written `ukendt`."""
        return self._unknown

    def is_unknown(self, key: str, year: int) -> bool:
        """Whether the amount of a row (`udgifter`, `indtægter`, `netto`, `engangsudgifter`) in a year is unknown."""
        return (key, year) in self._unknown

    def net_unknown(self, year: int) -> bool:
        """Whether the netto of a year is unknown: udgifter, indtægter or netto is `ukendt` that year."""
        return bool(self._unknown) and any((key, year) in self._unknown for key in NET_ROWS)

    @property
    def unknown_years(self) -> tuple[int, ...]:
        """The years whose netto is unknown."""
        return tuple(year for year in self.years if self.net_unknown(year))

    @field_validator("one_off")
    @classmethod
    def _no_one_off_when_empty(cls, value: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        """A new file's `engangsudgifter: {}` is no one-off amount at all: shown, imported and compared as absent."""
        return value or None

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.expenditure))

    def income_in(self, year: int) -> Decimal:
        return (self.income or {}).get(year, Decimal(0))

    def net_in(self, year: int) -> Decimal:
        return self.expenditure.get(year, Decimal(0)) + self.income_in(year)

    def inside_in(self, year: int) -> Decimal | None:
        """The part of netto inside the service frame in a year: all of it (ja), none (nej), the split's part
        (delvist with netto_indenfor), or None where the form does not say (delvist without a split)."""
        if self.service_frame == "delvist":
            return None if self.net_inside is None else self.net_inside.get(year, Decimal(0))
        return self.net_in(year) if self.service_frame == "ja" else Decimal(0)

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


NET_ROWS = ("udgifter", "indtægter", "netto")
UNKNOWN_ROWS = (*NET_ROWS, "engangsudgifter")  # the rows whose amounts may be `ukendt`


def _unknown_as_zero(key: str, year: Any, value: Any, unknown: set[tuple[str, int]]) -> Any:
    if is_unknown(value):
        if type(year) is int or (isinstance(year, str) and year.isdigit()):
            unknown.add((key, int(year)))
        return Decimal(0)
    return value


FieldKind = Literal["value", "amounts", "positions", "text", "section", "financing"]
YEAR_ROWS: tuple[FieldKind, ...] = ("amounts", "positions")  # a row of the form's table: a value per year


@dataclass(frozen=True)
class FormField:
    """A field of a file format: its name in code, its key in the file (the form's Danish word), and its kind."""

    name: str
    key: str
    kind: FieldKind

    def of(self, record: BaseModel) -> Any:
        """The field's value in a record (None where an optional field is left out)."""
        return getattr(record, self.name)


def _kind(annotation: Any) -> FieldKind:
    options = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    known: tuple[tuple[Any, FieldKind], ...] = (
        (YearAmounts, "amounts"),
        (YearPositions, "positions"),
        (Section, "section"),
        (Text, "text"),
        (tuple[Financing, ...], "financing"),
    )
    return next((kind for type_, kind in known if type_ in options), "value")


@functools.cache
def fields_of(model: type[Correction] | type[Financing]) -> tuple[FormField, ...]:
    """The fields of a correction (or of one of its financings) in the file's order, from the model itself: the
    writer, the template, the importer, the records and the comparison all read the keys and their order here."""
    annotations = inspect.get_annotations(model, eval_str=True)
    return tuple(
        FormField(name, info.alias or name, _kind(annotations[name])) for name, info in model.model_fields.items()
    )


@functools.cache
def _by_key(model: type[Correction] | type[Financing]) -> dict[str, FormField]:
    return {field.key: field for field in fields_of(model)}


def field_by_key(model: type[Correction] | type[Financing], key: str) -> FormField:
    """The field with this key in the file (`udgifter` → `expenditure`)."""
    return _by_key(model)[key]


_OUTSIDE = N_("{year} ligger uden for udgifternes år ({span})")


def _term(value: Decimal) -> str:
    return f"({value})" if value < 0 else str(value)


def _row_problems(correction: Correction) -> Iterator[tuple[Location, str]]:
    years = list(correction.years)
    if years != list(range(years[0], years[-1] + 1)):
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        yield (
            ("udgifter",),
            _("årene skal følge hinanden uden huller; {missing} mangler").format(missing=listed(missing)),
        )
    expected = set(years)
    rows: Mapping[str, Mapping[int, Decimal] | None] = {
        "udgifter": correction.expenditure,
        "indtægter": correction.income,
        "netto": correction.net,
        "fuldtidsstillinger": correction.positions,
    }
    yield from year_rows(rows, "udgifter")
    if correction.net is not None:
        for year in years:
            computed = correction.net_in(year)
            given = correction.net.get(year)
            if given is not None and given != computed and not correction.net_unknown(year):
                yield (
                    ("netto", year),
                    _("{given} er ikke udgifter + indtægter = {expenditure} + {income} = {computed}").format(
                        given=given,
                        expenditure=correction.expenditure[year],
                        income=_term(correction.income_in(year)),
                        computed=computed,
                    ),
                )
    for year, amount in sorted((correction.one_off or {}).items()):
        if year not in expected:
            yield ("engangsudgifter", year), _(_OUTSIDE).format(year=year, span=year_span(years))
            continue
        total = correction.expenditure[year]
        if correction.is_unknown("udgifter", year) or correction.is_unknown("engangsudgifter", year):
            continue
        if amount != 0 and (amount * total <= 0 or abs(amount) > abs(total)):
            yield (
                ("engangsudgifter", year),
                _(
                    "{amount} ligger ikke inden for udgifter {year} ({total}); engangsudgifterne er en del af "
                    "udgifterne"
                ).format(amount=amount, year=year, total=total),
            )
    yield from _split_problems(correction, years)
    for index, financing in enumerate(correction.financing):
        for year in sorted(financing.amounts or {}):
            if year not in expected:
                yield (
                    ("finansiering", index, "beløb", year),
                    _(_OUTSIDE).format(year=year, span=year_span(years)),
                )


def _split_problems(correction: Correction, years: list[int]) -> Iterator[tuple[Location, str]]:
    """netto_indenfor: only with delvist, a year of the correction's each, each part between zero and netto."""
    split = correction.net_inside
    if split is None:
        return
    if correction.service_frame != "delvist":
        yield (
            ("netto_indenfor",),
            _("netto_indenfor gælder kun indenfor_servicerammen: delvist; ved {frame} er hele netto {where}").format(
                frame=correction.service_frame,
                where=_("indenfor") if correction.service_frame == "ja" else _("udenfor"),
            ),
        )
        return
    missing = [year for year in years if year not in split]
    if missing:
        yield (
            ("netto_indenfor",),
            _("mangler {years}; skriv den del af netto, der er indenfor, for hvert år (0.000 hvis intet)").format(
                years=listed(missing)
            ),
        )
    for year, amount in sorted(split.items()):
        if year not in set(years):
            yield ("netto_indenfor", year), _(_OUTSIDE).format(year=year, span=year_span(years))
            continue
        if correction.net_unknown(year):  # a part of an unknown netto can not be checked, nor its rest known
            yield ("netto_indenfor", year), _("netto_indenfor kan ikke gives for et år, hvor netto er ukendt")
            continue
        net = correction.net_in(year)
        if amount * net < 0 or abs(amount) > abs(net):
            yield (
                ("netto_indenfor", year),
                _(
                    "{amount} ligger ikke mellem 0 og netto {year} ({net}); netto_indenfor er den del af netto, "
                    "der er indenfor servicerammen"
                ).format(amount=amount, year=year, net=net),
            )


class Committee(BaseModel):
    """A standing committee (udvalg): its name, abbreviation and number in the correction numbers."""

    model_config = STRICT

    name: Line = Field(alias="navn")
    abbreviation: Line = Field(alias="forkortelse")
    number: Annotated[int, Field(ge=0, le=9)] | None = Field(
        default=None, alias="nummer", description="cifferet efter bogstavet i T105; udelades, når det ikke kendes"
    )

    def matches(self, text: str) -> bool:
        """Whether `text` names this committee: its name or abbreviation, in any case, compared in NFC."""
        wanted = normal_form(text.strip()).casefold()
        return wanted in (self.name.casefold(), self.abbreviation.casefold())


class CommitteeList(BaseModel):
    """The file data/udvalg.yaml: the committees of the current election period."""

    model_config = STRICT

    committees: tuple[Committee, ...] = Field(alias="udvalg", min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CommitteeList:
        problems: list[tuple[Location, str]] = []
        # a name and an abbreviation share one namespace: neither may be another committee's name or abbreviation
        names = [
            (index, key, value)
            for index, committee in enumerate(self.committees)
            for key, value in (("navn", committee.name), ("forkortelse", committee.abbreviation))
        ]
        for at, first in repeated([name[2].casefold() for name in names]):
            index, key, value = names[at]
            other = self.committees[names[first][0]].name
            problems.append(
                (("udvalg", index, key), _("{value!r} bruges allerede af {other}").format(value=value, other=other))
            )
        numbers = [committee.number for committee in self.committees]
        for index, first in repeated(numbers):
            other = self.committees[first].name
            problems.append(
                (
                    ("udvalg", index, "nummer"),
                    _("{number} bruges allerede af {other}").format(number=numbers[index], other=other),
                )
            )
        if problems:
            raise record_problems(problems)
        return self

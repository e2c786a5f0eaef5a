"""The budget repository's other files: the budget overview, the economic targets, the price rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from budgetkorr.i18n import N_, _
from budgetkorr.models.values import (
    STRICT,
    Line,
    Location,
    Money,
    Text,
    Year,
    YearAmounts,
    listed,
    number,
    record_problems,
    repeated,
    year_rows,
)


class BudgetOverview(BaseModel):
    """data/budget.yaml: the budget's main overview (hovedoversigt) before corrections, expenditure-positive."""

    model_config = STRICT

    source: Line = Field(alias="kilde", description="hvor tallene kommer fra; gentages i hvert tjek")
    price_level: Year = Field(alias="prisniveau")
    income: YearAmounts = Field(alias="indtægter", min_length=1, description="skatter og generelle tilskud, negative")
    operating: YearAmounts = Field(alias="driftsudgifter", min_length=1)
    interest: YearAmounts = Field(alias="renter", min_length=1)
    capital: YearAmounts = Field(alias="anlæg", min_length=1)
    borrowing: YearAmounts = Field(alias="låneoptagelse", min_length=1, description="nye lån, negative")
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
            problems.append(
                (("driftsudgifter",), _("årene skal følge hinanden uden huller: {years}").format(years=listed(years)))
            )
        rows = {
            field.alias or name: getattr(self, name)
            for name, field in BudgetOverview.model_fields.items()
            if isinstance(getattr(self, name), dict)
        }
        problems += year_rows(rows, "driftsudgifter")
        if problems:
            raise record_problems(problems)
        return self


TargetId = Literal["strukturel_balance", "anlæg", "kassebeholdning", "afdrag"]
TARGET_IDS: tuple[TargetId, ...] = ("strukturel_balance", "anlæg", "kassebeholdning", "afdrag")


class TargetSetting(BaseModel):
    """One economic target: which rule (its id), its threshold, and whether it is checked."""

    model_config = STRICT

    id: TargetId = Field(alias="id", description="strukturel_balance | anlæg | kassebeholdning | afdrag")
    name: Line = Field(alias="navn")
    threshold: Money = Field(alias="tærskel", description="mio. kr.; en værdi lig med tærsklen opfylder målet")
    active: bool = Field(default=True, alias="aktiv", description="false: målet tjekkes ikke")
    description: Text | None = Field(default=None, alias="beskrivelse")


class TargetList(BaseModel):
    """data/targets.yaml: the municipality's economic targets (økonomiske målsætninger)."""

    model_config = STRICT

    source: Line | None = Field(default=None, alias="kilde", description="hvor målene er besluttet")
    targets: tuple[TargetSetting, ...] = Field(alias="mål", min_length=1)

    @model_validator(mode="after")
    def _each_rule_once(self) -> TargetList:
        ids = [target.id for target in self.targets]
        problems: list[tuple[Location, str]] = [
            (("mål", index, "id"), _("{id} står allerede som mål[{index}]").format(id=ids[index], index=first))
            for index, first in repeated(ids)
        ]
        missing = [target for target in TARGET_IDS if target not in ids]
        if missing:
            problems.append(
                (
                    ("mål",),
                    _("{missing} mangler: skriv alle fire mål (aktiv: false slår et mål fra)").format(
                        missing=", ".join(missing)
                    ),
                )
            )
        if problems:
            raise record_problems(problems)
        return self


def _rate(value: Any) -> Decimal:
    rate = number(value, N_("en sats i procent"), 4)
    if not Decimal(-50) < rate < Decimal(100):
        raise PydanticCustomError(
            "rate_range", _("{rate} er ikke en sandsynlig årlig sats i procent").format(rate=rate)
        )
    return rate


Rate = Annotated[Decimal, BeforeValidator(_rate), WithJsonSchema({"type": "number"})]


class PriceRates(BaseModel):
    """data/prisniveau.yaml: pris- og lønudvikling from each year to the next, in percent, with its source."""

    model_config = STRICT

    source: Line = Field(alias="kilde")
    rates: dict[Year, Rate] = Field(
        default_factory=dict, alias="satser", description="år → procent fra det år til det næste (2025: 2.9)"
    )

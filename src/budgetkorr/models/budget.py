"""The budget repository's other files: the budget overview, the economic targets, the price rates."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler  # exported at the top only from pydantic 2.8
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
    is_unknown,
    listed,
    number,
    record_problems,
    repeated,
    year_rows,
)

# The word for a figure that is not known yet (a new budget year's overview before it is typed in, a threshold
# still to be decided). It is held as NOT_KNOWN, a Decimal NaN: every sum it enters is NaN and every comparison
# with it raises, so it can never pass for a figure. The records name their unknowns (`unknown`), the loader warns
# at each, and the target check refuses to judge until they are filled in.
NOT_KNOWN = Decimal("NaN")


def _known_year(raw: object) -> object:
    """A year key as the model will hold it (`Year` takes "2027" too), to find it again after validation."""
    return int(raw) if isinstance(raw, str) and raw.strip().isdigit() else raw


class BudgetOverview(BaseModel):
    """data/budget.yaml: the budget's main overview (hovedoversigt) before corrections, expenditure-positive.

    An amount may be `ukendt` (held as NOT_KNOWN): `unknown` names those rows and years."""

    model_config = STRICT

    source: Line = Field(alias="kilde", description="hvor tallene kommer fra; gentages i hvert tjek")
    municipality: Line | None = Field(default=None, alias="kommune", description="kommunens navn")
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

    def row(self, key: str) -> dict[int, Decimal]:
        """A line of the overview by its key in the file (`anlæg`, `kassebeholdning_gennemsnit`)."""
        row: dict[int, Decimal] = getattr(self, _ROW_NAMES[key])
        return row

    @property
    def unknown(self) -> dict[str, tuple[int, ...]]:
        """The rows (by their key in the file) with an amount still `ukendt`, and those years; {} when complete."""
        found = {key: tuple(year for year, amount in row.items() if amount.is_nan()) for key, row in self.rows.items()}
        return {key: years for key, years in found.items() if years}

    @property
    def rows(self) -> dict[str, dict[int, Decimal]]:
        """The overview's rows by their key in the file, in the file's order."""
        return {
            field.alias or name: getattr(self, name)
            for name, field in BudgetOverview.model_fields.items()
            if isinstance(getattr(self, name), dict)
        }

    @model_validator(mode="wrap")
    @classmethod
    def _unknown_amounts(cls, data: Any, handler: ModelWrapValidatorHandler[BudgetOverview]) -> BudgetOverview:
        """`ukendt` in a row: validated as 0, then held as NOT_KNOWN, so that everything else is checked as usual."""
        if not isinstance(data, dict):
            return handler(data)
        unknown: dict[str, list[object]] = {}
        cleaned = dict(data)
        for key, row in data.items():
            if isinstance(row, dict) and any(is_unknown(amount) for amount in row.values()):
                unknown[key] = [_known_year(year) for year, amount in row.items() if is_unknown(amount)]
                cleaned[key] = {year: 0 if is_unknown(amount) else amount for year, amount in row.items()}
        overview = handler(cleaned)
        if not unknown:
            return overview
        names = {field.alias: name for name, field in BudgetOverview.model_fields.items()}
        update = {
            names[key]: {
                year: NOT_KNOWN if year in years else amount for year, amount in getattr(overview, names[key]).items()
            }
            for key, years in unknown.items()
        }
        return overview.model_copy(update=update)

    @model_validator(mode="after")
    def _rows_cover_the_same_years(self) -> BudgetOverview:
        problems: list[tuple[Location, str]] = []
        years = list(self.years)
        if years != list(range(years[0], years[-1] + 1)):
            problems.append(
                (("driftsudgifter",), _("årene skal følge hinanden uden huller: {years}").format(years=listed(years)))
            )
        problems += year_rows(self.rows, "driftsudgifter")
        if problems:
            raise record_problems(problems)
        return self


TargetId = Literal["strukturel_balance", "anlæg", "kassebeholdning", "afdrag"]
TARGET_IDS: tuple[TargetId, ...] = ("strukturel_balance", "anlæg", "kassebeholdning", "afdrag")

# The figures an own rule (størrelse) may judge: a line of budget.yaml, or a figure derived from its lines (the
# formulas are in budgetkorr.targets and docs/targets.md).
_ROW_NAMES = {
    field.alias or name: name
    for name, field in BudgetOverview.model_fields.items()
    if name not in ("source", "price_level", "municipality")
}
BUDGET_LINES: tuple[str, ...] = tuple(_ROW_NAMES)
DERIVED_FIGURES: tuple[str, ...] = (
    "resultat_af_ordinær_drift",
    "resultat_af_det_skattefinansierede_område",
    "kasseforbrug",
)
QUANTITY_NAMES: tuple[str, ...] = (*BUDGET_LINES, *DERIVED_FIGURES)


def _quantity(value: Any) -> str:
    if not isinstance(value, str) or value.strip() not in QUANTITY_NAMES:
        shown = value.strip() if isinstance(value, str) else repr(value)
        close = difflib.get_close_matches(shown, QUANTITY_NAMES, n=1) if isinstance(value, str) else []
        known = ", ".join(QUANTITY_NAMES)
        if close:
            message = _("ukendt størrelse {value}; mente du {close}? størrelserne er: {known}").format(
                value=shown, close=close[0], known=known
            )
        else:
            message = _("ukendt størrelse {value}; størrelserne er: {known}").format(value=shown, known=known)
        raise PydanticCustomError("unknown_quantity", message)
    return value.strip()


Quantity = Annotated[str, BeforeValidator(_quantity), WithJsonSchema({"type": "string", "enum": list(QUANTITY_NAMES)})]
Reckoning = Literal["hvert_år", "gennemsnit"]


class TargetSetting(BaseModel):
    """One economic target: a built-in rule (its id) with its threshold, or the municipality's own rule (a
    størrelse with mindst or højst, judged every year or on the average); and whether it is checked."""

    model_config = STRICT

    id: TargetId | None = Field(
        default=None, alias="id", description="strukturel_balance | anlæg | kassebeholdning | afdrag"
    )
    name: Line = Field(alias="navn")
    quantity: Quantity | None = Field(
        default=None, alias="størrelse", description="egen regel: en linje i budget.yaml eller en afledt størrelse"
    )
    given_threshold: Money | None = Field(
        default=None, alias="tærskel", description="mio. kr.; en værdi lig med tærsklen opfylder målet"
    )
    at_least: Money | None = Field(default=None, alias="mindst", description="egen regel: værdien skal være mindst")
    at_most: Money | None = Field(default=None, alias="højst", description="egen regel: værdien må højst være")
    reckoning: Reckoning | None = Field(
        default=None, alias="opgørelse", description="egen regel: hvert_år, eller gennemsnit over budgetperioden"
    )
    active: bool = Field(default=True, alias="aktiv", description="false: målet tjekkes ikke")
    description: Text | None = Field(default=None, alias="beskrivelse")

    @property
    def own(self) -> bool:
        """The municipality's own rule (størrelse), not one of the four built in."""
        return self.id is None

    @property
    def key(self) -> str:
        """What identifies the target in CSV, JSON and a comparison: the built-in rule's id, or the own rule's navn."""
        return self.id if self.id is not None else self.name

    @property
    def threshold(self) -> Decimal:
        """tærskel of a built-in rule, mindst or højst of an own one (`_complete` sees that there is one)."""
        return next(value for value in (self.given_threshold, self.at_least, self.at_most) if value is not None)

    @model_validator(mode="after")
    def _complete(self) -> TargetSetting:
        missing = _("den påkrævede nøgle mangler")
        problems: list[tuple[Location, str]] = []
        if self.id is not None:
            problems += [
                (
                    (key,),
                    _("{key} hører til en egen regel (størrelse); en indbygget regel (id) har tærskel").format(key=key),
                )
                for key, value in (
                    ("størrelse", self.quantity),
                    ("mindst", self.at_least),
                    ("højst", self.at_most),
                    ("opgørelse", self.reckoning),
                )
                if value is not None
            ]
            if self.given_threshold is None:
                problems.append((("tærskel",), missing))
        elif self.quantity is None:
            problems.append(
                (("id",), _("mangler: skriv id (en af de fire indbyggede regler) eller størrelse (en egen regel)"))
            )
        else:
            if self.given_threshold is not None:
                problems.append((("tærskel",), _("en egen regel har mindst eller højst, ikke tærskel")))
            if self.at_least is not None and self.at_most is not None:
                problems.append((("højst",), _("skriv kun én af mindst og højst")))
            elif self.at_least is None and self.at_most is None and self.given_threshold is None:
                problems.append((("mindst",), _("mangler: skriv mindst eller højst")))
            if self.reckoning is None:
                problems.append((("opgørelse",), _("mangler: skriv hvert_år eller gennemsnit")))
        if problems:
            raise record_problems(problems)
        return self

    @property
    def unknown(self) -> bool:
        """The threshold is still `ukendt`."""
        return self.given_threshold is not None and self.given_threshold.is_nan()

    @model_validator(mode="wrap")
    @classmethod
    def _unknown_threshold(cls, data: Any, handler: ModelWrapValidatorHandler[TargetSetting]) -> TargetSetting:
        """`tærskel: ukendt`: validated as 0, then held as NOT_KNOWN (see UNKNOWN)."""
        if not (isinstance(data, dict) and is_unknown(data.get("tærskel"))):
            return handler(data)
        return handler({**data, "tærskel": 0}).model_copy(update={"given_threshold": NOT_KNOWN})


class TargetList(BaseModel):
    """data/targets.yaml: the municipality's economic targets (økonomiske målsætninger)."""

    model_config = STRICT

    source: Line | None = Field(default=None, alias="kilde", description="hvor målene er besluttet")
    targets: tuple[TargetSetting, ...] = Field(alias="mål", min_length=1)

    @property
    def unknown(self) -> tuple[int, ...]:
        """The places in `mål` of the active targets whose threshold is still `ukendt` (an inactive one is not
        checked: its threshold may stay unknown)."""
        return tuple(index for index, target in enumerate(self.targets) if target.active and target.unknown)

    @model_validator(mode="after")
    def _each_rule_once(self) -> TargetList:
        ids = [target.id for target in self.targets]
        problems: list[tuple[Location, str]] = [
            (("mål", index, "id"), _("{id} står allerede som mål[{index}]").format(id=ids[index], index=first))
            for index, first in repeated(ids)
        ]
        # an own rule is known by its navn (in CSV, JSON, diff), so no other target may have it as navn or id
        taken: dict[str, int] = {}
        for index, target in enumerate(self.targets):
            for name in (target.name, target.id):
                if name is not None:
                    taken.setdefault(name, index)
        problems += [
            (
                ("mål", index, "navn"),
                _("{name} står allerede som mål[{index}]").format(name=target.name, index=taken[target.name]),
            )
            for index, target in enumerate(self.targets)
            if target.own and taken[target.name] != index
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

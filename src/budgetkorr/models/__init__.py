"""The file formats as pydantic models: corrections, committees, the budget overview, targets and price rates.

The YAML keys are the form's Danish words (aliases); the code uses English names. Amounts are exact `Decimal` in
mio. kr. from the file to the output. A rule that spans several fields reports its problems through
`record_problems`: each problem carries its own location, so the loader can point at the exact line.

May import only `budgetkorr.i18n`: the bottom of the layers, below `core`.
"""

from budgetkorr.models.budget import (
    BUDGET_LINES,
    DERIVED_FIGURES,
    QUANTITY_NAMES,
    TARGET_IDS,
    BudgetOverview,
    PriceRates,
    TargetId,
    TargetList,
    TargetSetting,
)
from budgetkorr.models.correction import (
    YEAR_ROWS,
    Committee,
    CommitteeList,
    Correction,
    FieldKind,
    Financing,
    FormField,
    field_by_key,
    fields_of,
)
from budgetkorr.models.values import (
    FINANCING_SOURCES,
    RECORD_PROBLEMS,
    SERVICE_FRAMES,
    STATUSES,
    Location,
    Status,
    year_span,
)

__all__ = [
    "BUDGET_LINES",
    "DERIVED_FIGURES",
    "FINANCING_SOURCES",
    "QUANTITY_NAMES",
    "RECORD_PROBLEMS",
    "SERVICE_FRAMES",
    "STATUSES",
    "TARGET_IDS",
    "YEAR_ROWS",
    "BudgetOverview",
    "Committee",
    "CommitteeList",
    "Correction",
    "FieldKind",
    "Financing",
    "FormField",
    "Location",
    "PriceRates",
    "Status",
    "TargetId",
    "TargetList",
    "TargetSetting",
    "field_by_key",
    "fields_of",
    "year_span",
]

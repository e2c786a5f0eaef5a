"""JSON: the same records as CSV with exact amounts, written as JSON numbers without rounding."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from budgetkorr.core import numbers
from budgetkorr.render.records import MONEY_COLUMNS, POSITION_COLUMNS
from budgetkorr.render.unknown import Partial


def render_json(document: Any) -> str:
    """Indented JSON in the given order; Decimals become numbers written exactly (amounts padded to 3 places)."""
    return _dump(document, 0) + "\n"


def _places(key: object) -> int:
    if key in MONEY_COLUMNS:
        return 3
    return 2 if key in POSITION_COLUMNS else 0


def _dump(value: Any, depth: int, key: object = None) -> str:
    indent = "  " * (depth + 1)
    closing = "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{indent}{json.dumps(str(name), ensure_ascii=False)}: {_dump(item, depth + 1, name)}"
            for name, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{closing}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{indent}{_dump(item, depth + 1)}" for item in value) + f"\n{closing}]"
    if isinstance(value, Partial):
        return "null"  # not known: the record's `ukendte` says whose amounts it lacks
    if isinstance(value, Decimal):
        # json.dumps would need a float, and a float is not exact; the decimal text is valid JSON as it is.
        return numbers.exact(value, _places(key))
    return json.dumps(value, ensure_ascii=False)

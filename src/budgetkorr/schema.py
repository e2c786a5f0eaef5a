"""The JSON Schema of a correction file, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from typing import Any

from budgetkorr.models import Correction
from budgetkorr.models.correction import UNKNOWN_ROWS
from budgetkorr.models.values import UNKNOWN

SCHEMA_ID = "https://budgetkorr.invalid/schema/korrektion.schema.json"


# The nested models' descriptions would be their docstrings, written for developers: an editor shows these.
_DESCRIPTIONS = {"Financing": "Én finansiering: en kilde og, undtagen for kassen, beløbene pr. år."}


_UNKNOWN = {"const": UNKNOWN, "description": "et beløb, der ikke kendes endnu; kun i en foreløbig korrektion"}


def _objects(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas of a row: the row's own, or each of an optional row's choices (`anyOf` with null)."""
    return [choice for choice in node.get("anyOf", [node]) if choice.get("type") == "object"]


def correction_schema() -> str:
    """The schema as JSON text, keys in the file's Danish words, ending in a newline."""
    schema = Correction.model_json_schema(by_alias=True, mode="validation")
    for name, text in _DESCRIPTIONS.items():
        if name in schema.get("$defs", {}):
            schema["$defs"][name]["description"] = text
    for key in UNKNOWN_ROWS:  # an amount not known yet, which the models read before their own validation
        for row in _objects(schema["properties"][key]):
            row["additionalProperties"] = {"anyOf": [row["additionalProperties"], _UNKNOWN]}
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Teknisk korrektion (budgetkorr)",
        "description": "Én teknisk budgetkorrektion. Beløb i mio. kr.; "
        "+ = merudgift/mindreindtægt, - = mindreudgift/merindtægt.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

"""The JSON Schema of a correction file, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json

from budgetkorr.models import Correction

SCHEMA_ID = "https://budgetkorr.invalid/schema/korrektion.schema.json"


# The nested models' descriptions would be their docstrings, written for developers: an editor shows these.
_DESCRIPTIONS = {"Financing": "Én finansiering: en kilde og, undtagen for kassen, beløbene pr. år."}


def correction_schema() -> str:
    """The schema as JSON text, keys in the file's Danish words, ending in a newline."""
    schema = Correction.model_json_schema(by_alias=True, mode="validation")
    for name, text in _DESCRIPTIONS.items():
        if name in schema.get("$defs", {}):
            schema["$defs"][name]["description"] = text
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Teknisk korrektion (budgetkorr)",
        "description": "Én teknisk budgetkorrektion. Beløb i mio. kr.; "
        "+ = merudgift/mindreindtægt, - = mindreudgift/merindtægt.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

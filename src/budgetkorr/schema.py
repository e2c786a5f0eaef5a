"""The JSON Schema of a correction file, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json

from budgetkorr.models import Correction

SCHEMA_ID = "https://budgetkorr.invalid/schema/korrektion.schema.json"


def correction_schema() -> str:
    """The schema as JSON text, keys in the file's Danish words, ending in a newline."""
    schema = Correction.model_json_schema(by_alias=True, mode="validation")
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Teknisk korrektion (budgetkorr)",
        "description": "One technical budget correction. Amounts in mio. kr.; "
        "+ = merudgift/mindreindtægt, - = mindreudgift/merindtægt.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

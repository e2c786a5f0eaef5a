"""Writing a correction file as the shipped ones are written: schema line on top, the form's key order, year rows
as aligned `{2026: 0.880, …}` maps, text as `|` blocks, and every string quoted where YAML would misread it.

Pure: correction data (the file's keys, `Decimal` amounts, `date`) in, text out. Every value is checked to read back
as itself by budgetkorr's own reader (a string it would take for a number, a date or yes/no is quoted; text with
characters a block can not hold is written double-quoted with escapes), so an imported title can never change the
file's structure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from budgetkorr.core import numbers
from budgetkorr.escape import one_line
from budgetkorr.models import YEAR_ROWS, Correction, FieldKind, Financing, fields_of
from budgetkorr.models.values import UNKNOWN
from budgetkorr.yamlread import parse_yaml

SCHEMA_FILE = Path("schema") / "korrektion.schema.json"
DEFAULT_SCHEMA = "../../schema/korrektion.schema.json"  # from data/corrections/, as the shipped files say
# How each key is written, from the model: year rows as maps, the text sections as blocks, the rest as scalars.
KINDS: dict[str, FieldKind] = {field.key: field.kind for field in fields_of(Correction)}
FINANCING_KINDS: dict[str, FieldKind] = {field.key: field.kind for field in fields_of(Financing)}
ROW_WIDTH = max(len(key) for key, kind in KINDS.items() if kind in YEAR_ROWS) + 2  # the maps line up after `: `


def schema_line(reference: str = DEFAULT_SCHEMA) -> str:
    return f"# yaml-language-server: $schema={reference}"


def schema_reference(folder: Path) -> str:
    """The schema's path relative to the folder a file is written to: the nearest schema/korrektion.schema.json
    above it (a budget repository's own), else where it is in a repository laid out like budgetkorr's."""
    start = folder.resolve()
    for parent in (start, *start.parents):
        candidate = parent / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, start)).as_posix()
    return DEFAULT_SCHEMA


def correction_yaml(
    data: Mapping[str, Any], *, comments: Mapping[str, Sequence[str]] | None = None, schema: str = DEFAULT_SCHEMA
) -> str:
    """The file's text. `comments` puts `# …` lines above a key (a proposal to confirm, a doubt)."""
    lines = [schema_line(schema)]
    for key, value in data.items():
        lines += [f"# {one_line(comment)}" for comment in (comments or {}).get(key, ())]
        kind = KINDS.get(key)
        if kind in YEAR_ROWS:
            lines.append(f"{key + ':':<{ROW_WIDTH}}{year_map(value, positions=kind == 'positions')}")
        elif kind == "financing":
            lines += _financing(value)
        elif kind == "section":
            lines.append(f"{key}: {text_value(value, indent=2)}")
        else:
            lines.append(f"{key}: {_value(value)}")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return scalar(value)
    raise TypeError(f"no YAML form for {type(value).__name__}")  # pragma: no cover - a bug, not bad input


def money(value: Decimal | str) -> str:
    """Three decimals, as the files write amounts: `0.880`, `-2.000` (rounded by the one rule, `numbers.money`);
    an amount to come as `ukendt`."""
    return UNKNOWN if value == UNKNOWN else numbers.money(Decimal(value))


def positions(value: Decimal) -> str:
    """As few decimals as the value needs: `0`, `1`, `0.54`."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def year_map(values: Mapping[int, Decimal | str], *, positions: bool = False) -> str:
    write = globals()["positions"] if positions else money
    return "{" + ", ".join(f"{year}: {write(values[year])}" for year in sorted(values)) + "}"


def _dump(text: str, style: str | None) -> str:
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, width=sys.maxsize, default_style=style)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _reads_back(yaml_text: str, text: str) -> bool:
    # budgetkorr's own reader decides, not PyYAML's: it reads a plain 08 or 1e3 as the number the user sees.
    source, problems = parse_yaml(Path("k.yaml"), yaml_text)
    return source is not None and not problems and source.data == {"k": text}


def scalar(text: str) -> str:
    """One line: plain where YAML reads it back as this very string, else double-quoted with escapes."""
    plain = _dump(text, None)
    if "\n" not in plain and not plain.startswith(("'", '"')) and _reads_back(f"k: {plain}", text):
        return plain
    return _dump(text, '"')


def text_value(text: str, *, indent: int) -> str:
    """Text as a `|` block (how a person writes it), or a scalar where a block can not hold it exactly."""
    block = _block(text, indent)
    if block is not None and _reads_back("k: " + block.replace("\n" + " " * indent, "\n  ") + "\n", text):
        return block
    return scalar(text)


def _block(text: str, indent: int) -> str | None:
    if not text.strip() or "\r" in text:
        return None
    body = text.removesuffix("\n")
    if text.endswith("\n\n"):
        chomping = "+"
        body = text[:-1]
    elif text.endswith("\n"):
        chomping = ""
    else:
        chomping = "-"
    lines = body.split("\n")
    # A first line that starts with a space would set the indentation: then it is given (two, from the key).
    indicator = "2" if lines[0].startswith(" ") or not lines[0] else ""
    pad = " " * indent
    return f"|{indicator}{chomping}\n" + "\n".join(pad + line if line else "" for line in lines)


def _financing(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    if not entries:
        return ["finansiering: []"]
    lines = ["finansiering:"]
    for entry in entries:
        first = True
        for key, value in entry.items():
            lead = "  - " if first else "    "
            first = False
            kind = FINANCING_KINDS.get(key)
            if kind in YEAR_ROWS:
                lines.append(f"{lead}{key}: {year_map(value)}")
            elif kind == "text" and "\n" in value:
                lines.append(f"{lead}{key}: {text_value(value, indent=6)}")
            else:
                lines.append(f"{lead}{key}: {_value(value)}")
    return lines

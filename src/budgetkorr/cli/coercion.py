"""Typer converts a parameter's value only when there is one to convert, and the simple kinds without pydantic.

Typer (0.2x) converts every parameter's value through a pydantic TypeAdapter it builds for the parameter, also
when the option was not given: `budgetkorr summary --help` imported pydantic for the root's --sprog and the help
option. An absent value (None) becomes None, or () for a list, and an enum option's default member stays that
member: exactly what typer's conversion returns for them without consulting the adapter.

A given value of the kinds the commands' options have (a whole number in its range, text, a yes/no, a path, a
choice of an enum, a list of those) is converted here as typer's conversion converts it, where that is certain:
`summary 2026 --data DIR --format csv` builds no adapter (and imports neither typer's adapters nor pydantic's
TypeAdapter). Any other value, and every value typer would refuse, is converted by typer's own machinery, built at
that moment, so a refusal is typer's own error in the same words. tests/test_startup.py tries every option of
every command both ways.
"""

from __future__ import annotations

import enum
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, get_args, get_origin

# What `convert` returns for a value it leaves to typer
UNSURE: Any = object()

# A whole number as typed: digits without sign, spaces or leading zeros (typer's reading of anything else is its own)
_WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,17}")
# The words pydantic reads as a yes/no (typer strips the value first; "" is no)
_BOOLEANS = {
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
    **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
}


def convert(value: Any, param: Any, ctx: Any) -> Any:  # Any: typer's parameter and vendored click context
    """A given value of one of the simple kinds as typer converts it, or UNSURE where typer is to decide."""
    described: Any = getattr(param, "type_descriptor", None)
    if described is None or described.parameter_info.parser is not None or described.file_annotation is not None:
        return UNSURE
    info = described.parameter_info
    annotation = described.annotation
    if param.multiple or param.nargs == -1:
        if get_origin(annotation) is not list or not isinstance(value, list | tuple):
            return UNSURE
        (item_type,) = get_args(annotation)
        items = [_leaf(item_type, info, item, ctx) for item in value]
        return UNSURE if any(item is UNSURE for item in items) else items
    if param.nargs != 1:
        return UNSURE
    return _leaf(annotation, info, value, ctx)


def _leaf(annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
    if annotation is str:
        return value if type(value) is str else UNSURE
    if annotation is bool:
        return _BOOLEANS.get(value.strip(), UNSURE) if type(value) is str and value.strip() else UNSURE
    if annotation is int:
        return _whole_number(info, value)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _choice(annotation, info, value, ctx)
    if annotation is Path:
        return _path(info, value)
    return UNSURE


def _whole_number(info: Any, value: Any) -> Any:
    if type(value) is not str or not _WHOLE_NUMBER.fullmatch(value) or info.clamp:
        return UNSURE
    number = int(value)
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return UNSURE
    return number


def _choice(annotation: type[enum.Enum], info: Any, value: Any, ctx: Any) -> Any:
    if type(value) is not str or getattr(ctx, "token_normalize_func", None) is not None:
        return UNSURE
    sensitive = info.case_sensitive
    wanted = value if sensitive else value.casefold()
    for member in annotation:
        name = str(member.value)
        if (name if sensitive else name.casefold()) == wanted:
            return member
    return UNSURE


def _path(info: Any, value: Any) -> Any:
    if info.path_type is not None or info.allow_dash or info.resolve_path:
        return UNSURE
    if type(value) is str and value and "\0" not in value:
        path = Path(value)
    elif type(value) is type(Path()):
        path = value
    else:
        return UNSURE
    try:
        mode = path.stat().st_mode
    except OSError:
        return UNSURE if info.exists else path
    if (not info.file_okay and stat.S_ISREG(mode)) or (not info.dir_okay and stat.S_ISDIR(mode)):
        return UNSURE
    if (info.readable and not os.access(path, os.R_OK)) or (info.writable and not os.access(path, os.W_OK)):
        return UNSURE
    return path


class _Deferred:
    """Stands in for typer's conversion of one parameter until a value needs it."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:  # Any: typer's parameter and vendored click context
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        described = param.type_descriptor
        if (
            isinstance(value, enum.Enum)
            and type(value) is described.annotation
            and described.parameter_info.parser is None
        ):
            return value
        converted = convert(value, param, ctx)
        if converted is not UNSURE:
            return converted
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_DEFERRED = _Deferred()


def defer_coercion(params: Iterable[Any]) -> None:
    """Let each of typer's parameters build its conversion when a value needs it (no-op on a typer without)."""
    for param in params:
        if getattr(param, "_runtime_param", _DEFERRED) is None:  # typer's conversion, not built yet
            param._runtime_param = _DEFERRED

"""Typer converts a parameter's value only when there is one to convert.

Typer (0.2x) converts every parameter's value through a pydantic TypeAdapter it builds for the parameter, also
when the option was not given: `budgetkorr summary --help` imported pydantic for the root's --sprog and the help
option. An absent value (None) becomes None, or () for a list, and an enum option's default member stays that
member: exactly what typer's conversion returns for them without consulting the adapter. Any other value is
converted by typer's own machinery, built at that moment.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any


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
        param._runtime_param = None
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_DEFERRED = _Deferred()


def defer_coercion(params: Iterable[Any]) -> None:
    """Let each of typer's parameters build its conversion when a value needs it (no-op on a typer without)."""
    for param in params:
        if getattr(param, "_runtime_param", _DEFERRED) is None:  # typer's conversion, not built yet
            param._runtime_param = _DEFERRED

"""The kinds of value the commands' options and arguments take: how each is read, and how --help names it.

A command's parameters are declared with typer's `Option`/`Argument` and a type (a year is `int`, a format an
enum, a folder a `Path`). `prepare` gives each of them, through typer's public `parser` and `metavar` settings, a
reader of our own and a name in the user's language, so that what the user reads about a value never depends on
the version of typer or click installed: a value we refuse is a `Refused` with our own Danish reason.
"""

from __future__ import annotations

import enum
import inspect
import stat
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.models import ArgumentInfo, ParameterInfo

from budgetkorr.i18n import N_, _

# The arguments by their names in the code, as the user reads them in the usage line and in errors.
ARGUMENT_NAMES = {
    "year": N_("ÅR"),
    "nr": N_("NR"),
    "number": N_("NR"),
    "files": N_("FIL"),
    "paths": N_("STI"),
    "base": N_("FRA"),
    "head": N_("TIL"),
}
TEXT, NUMBER, FOLDER, FILE, PATH = N_("<tekst>"), N_("<tal>"), N_("<mappe>"), N_("<fil>"), N_("<sti>")


class Refused(typer.BadParameter):
    """A value on the command line that budgetkorr refuses; the message is our own sentence, in the user's
    language, and says what is allowed."""


def prepare(function: Callable[..., Any]) -> None:
    """Give each typer parameter of a command function our reader and our name for its kind of value."""
    hints = typing.get_type_hints(function, include_extras=True)
    # Evaluating a written annotation makes new typer settings each time: typer is to read the ones prepared here.
    function.__annotations__ = hints
    for name in inspect.signature(function).parameters:
        hint = hints.get(name)
        info = next((item for item in getattr(hint, "__metadata__", ()) if isinstance(item, ParameterInfo)), None)
        if info is None or info.parser is not None:
            continue
        kind = _kind(typing.get_args(hint)[0])
        argument = isinstance(info, ArgumentInfo)
        reader, metavar = _reader(kind, info)
        info.parser = None if reader is None else _given(reader)
        if argument:
            info.metavar = info.metavar or ARGUMENT_NAMES.get(name, name.upper())
        elif kind is not bool:
            info.metavar = info.metavar or metavar


def _kind(annotation: Any) -> Any:
    """`int | None` → int, `list[Path]` → Path: the kind of one value."""
    if typing.get_origin(annotation) is list:
        return _kind(typing.get_args(annotation)[0])
    members = [member for member in typing.get_args(annotation) if member is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _kind(members[0]) if len(members) == 1 else annotation
    return annotation


def _reader(kind: Any, info: ParameterInfo) -> tuple[Callable[[Any], Any] | None, str]:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _choice(kind), "<" + "|".join(str(member.value) for member in kind) + ">"
    if kind is int:
        return _whole_number(info.min, info.max), NUMBER
    if kind is Path:
        if info.file_okay is False:
            return _folder, FOLDER
        if info.dir_okay is False:
            return _file, FILE
        return _path, PATH
    return None, TEXT  # text and yes/no: typer reads them as they are


def _given(reader: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The reader for a value that was given: an absent one (None, which some typers pass on) stays absent."""

    def read(value: Any) -> Any:
        return None if value is None else reader(value)

    return read


def _choice(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        for member in kind:
            if str(member.value).casefold() == str(value).casefold():
                return member
        allowed = ", ".join(repr(str(member.value)) for member in kind)
        raise Refused(_("{value!r} er ikke en af: {allowed}").format(value=value, allowed=allowed))

    return read


def _whole_number(least: Any, most: Any) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit()) or len(text) > 18:
                raise Refused(_("{value!r} er ikke et helt tal").format(value=value))
            number = int(text)
        if least is not None and number < least:
            raise Refused(_("{value!r} er mindre end {limit}").format(value=value, limit=least))
        if most is not None and number > most:
            raise Refused(_("{value!r} er større end {limit}").format(value=value, limit=most))
        return number

    return read


def _path(value: Any) -> Path:
    text = str(value)
    if not text or "\0" in text:
        raise Refused(_("{value!r} er ikke en sti").format(value=text))
    return Path(text)


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except (OSError, ValueError):
        return None  # a path that is not there is for the command to judge: it says what it needed it for


def _folder(value: Any) -> Path:
    path = _path(value)
    mode = _mode(path)
    if mode is not None and not stat.S_ISDIR(mode):
        raise Refused(_("{path!r} er en fil; angiv en mappe").format(path=str(path)))
    return path


def _file(value: Any) -> Path:
    path = _path(value)
    mode = _mode(path)
    if mode is not None and stat.S_ISDIR(mode):
        raise Refused(_("{path!r} er en mappe; angiv en fil").format(path=str(path)))
    return path

"""One file against its model: pydantic's errors become diagnostics in the user's words, with line and field."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from budgetkorr.core.diagnostics import FILE_FIELD, Diagnostic, error, whole_number_problem
from budgetkorr.i18n import N_, _
from budgetkorr.models import RECORD_PROBLEMS, Correction
from budgetkorr.models.values import HARD_SPACES, hard_space
from budgetkorr.yamlread import MAX_FILE_BYTES, Location, YamlFile, field_text, parse_yaml

Model = TypeVar("Model", bound=BaseModel)


def validate_file(source: YamlFile, model: type[Model], what: str) -> tuple[Model | None, list[Diagnostic]]:
    """Validate parsed YAML against a model; every pydantic error becomes a diagnostic with its line.

    `what` names what the file holds (a sentence marked with `N_`, translated here where a message needs it)."""
    if source.data is None:
        message = _("filen er tom; {what} skal være nøgler med værdier (nøgle: værdi)").format(what=_(what))
        return None, [error(source.path, 1, FILE_FIELD, message)]
    if not isinstance(source.data, dict):
        message = (
            _("er en liste, men {what} skal være nøgler med værdier (nøgle: værdi)")
            if isinstance(source.data, list)
            else _("er en enkelt værdi, men {what} skal være nøgler med værdier (nøgle: værdi)")
        )
        return None, [error(source.path, source.line_of(()), FILE_FIELD, message.format(what=_(what)))]
    known = _top_level_keys(model)
    keys = [str(key) for key in source.data if str(key) not in known]
    if len(keys) >= 3 and len(keys) > len(source.data) - len(keys):
        # Mostly another kind of file (a correction saved as targets.yaml): one message, not one per key.
        message = _(
            "nøglerne {keys} hører ikke hjemme her (er det en anden slags fil?); {what} har nøglerne: {known}"
        ).format(keys=", ".join(keys[:3]) + (", …" if len(keys) > 3 else ""), what=_(what), known=", ".join(known))
        return None, [error(source.path, source.line_of(()), FILE_FIELD, message)]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        source = source.with_tree()  # the lines of the errors (composed once, not once per error)
        errors = _once(exc.errors(include_url=False), model)
        return None, [d for err in errors for d in _diagnostics(source, err, model)]


def correction_text_problems(path: Path, text: str) -> list[Diagnostic]:
    """The errors `validate` would report in a correction file of this text at this path, found before the file is
    written (so that nothing invalid is ever written): its size, its characters, its YAML and the model."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate: a byte that was not UTF-8 where the text came from
        message = _("tegnet U+{code:04X} kan ikke skrives som UTF-8").format(code=ord(text[exc.start]))
        return [error(path, text.count("\n", 0, exc.start) + 1, FILE_FIELD, message)]
    if size > MAX_FILE_BYTES:
        message = _("filen er større end {size} KiB").format(size=MAX_FILE_BYTES // 1024)
        return [error(path, 1, FILE_FIELD, message)]
    parsed, problems = parse_yaml(path, text)
    if parsed is not None:
        _record, more = validate_file(parsed, Correction, N_("en korrektion"))
        problems = [*problems, *more]
    return [d for d in problems if d.is_error]


def _once(errors: list[Any], model: type[BaseModel]) -> list[Any]:
    """The errors without the missing key that a key with a hard space after it is (`status\xa0:`), and without
    the empty value of a year key that holds its amount after a hard space (`{2027:\xa0-0.150}`): that key's own
    error names the hard space, and a second one would send the reader looking."""
    meant = set()
    for err in errors:
        location = tuple(err["loc"])
        if err["type"] == "year_pasted" and location and location[-1] == "[key]":
            meant.add(location[:-1])  # `{2027:<hard space>-0.150}`: the key says it; its empty value need not
        if err["type"] == "extra_forbidden" and location and isinstance(location[-1], str):
            stripped = location[-1].strip(HARD_SPACES + " ")
            if stripped != location[-1] and stripped in _known_keys(model, location[:-1]):
                meant.add((*location[:-1], stripped))
    return [
        err
        for err in errors
        if not (tuple(err["loc"]) in meant and (err["type"] == "missing" or err["type"] not in _KEY_KINDS))
    ]


_KEY_KINDS = frozenset({"year_pasted", "year_type", "year_form", "year_range"})


def _diagnostics(source: YamlFile, err: Any, model: type[BaseModel]) -> Iterable[Diagnostic]:
    location: Location = tuple(err["loc"])
    if err["type"] == RECORD_PROBLEMS:
        for relative, message in err["ctx"]["problems"]:
            yield _at(source, (*location, *relative), message)
        return
    if location and location[-1] == "[key]":
        # pydantic reports a bad mapping key as (…, key, "[key]")
        location = location[:-1]
        yield _at(source, location, str(err["msg"]))
        return
    yield _at(source, location, _message(err, model, location))


def _at(source: YamlFile, location: Location, message: str) -> Diagnostic:
    return error(source.path, source.line_of(location), field_text(location), message)


def _message(err: Any, model: type[BaseModel], location: Location) -> str:
    kind: str = err["type"]
    given = err.get("input")
    if kind == "extra_forbidden" and location and isinstance(location[-1], str):
        given = location[-1]  # the key is what is wrong
    # the pasted number's own words (models.values) say more: "write the number without spaces"
    pasted = hard_space(given) if isinstance(given, str) and not kind.endswith("_pasted") else None
    if pasted is not None:
        return pasted
    if kind == "missing":
        return _("den påkrævede nøgle mangler")
    if kind == "extra_forbidden":
        known = ", ".join(_known_keys(model, location[:-1]))
        close = difflib.get_close_matches(str(location[-1]), _known_keys(model, location[:-1]), n=1)
        if close:
            return _("ukendt nøgle; mente du {close}? nøglerne er: {known}").format(close=close[0], known=known)
        return _("ukendt nøgle; nøglerne er: {known}").format(known=known)
    if kind == "literal_error":
        shown = (
            _("en ja/nej-værdi ({value})").format(value=str(given).lower()) if isinstance(given, bool) else repr(given)
        )
        allowed = str(err["ctx"]["expected"]).replace("'", "").replace(" or ", _(" eller "))
        return _("{value} er ikke en af: {allowed}").format(value=shown, allowed=allowed)
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _("{value!r} er ikke en dato; skriv den som år-måned-dag, fx 2026-01-01").format(value=given)
    if kind in ("bool_type", "bool_parsing"):
        return _("{value!r} er hverken true eller false; skriv true eller false").format(value=given)
    if kind == "dict_type":
        return _("skal være år med beløb, fx {{2026: 0.880, 2027: 0.880}}").format()
    if kind in ("tuple_type", "list_type"):
        return _("skal være en liste (linjer der begynder med '- ')")
    if kind == "model_type":
        return _("skal være nøgler med værdier (nøgle: værdi)")
    if kind == "too_short":
        return _("må ikke være tom")
    return whole_number_problem(kind, given, err.get("ctx")) or str(err["msg"])


@functools.cache
def _top_level_keys(model: type[BaseModel]) -> dict[str, None]:
    """The model's YAML keys, in order, as a dict to look keys up in (this runs for every file)."""
    return dict.fromkeys(_known_keys(model, ()))


def _known_keys(model: type[BaseModel], location: Location) -> list[str]:
    """The YAML keys of the model found at `location` (a nested model for finansiering[0], udvalg[2])."""
    current: type[BaseModel] = model
    for part in location:
        if isinstance(part, int):
            continue
        field = next((f for f in current.model_fields.values() if f.alias == part), None)
        nested = _nested_model(field.annotation) if field is not None else None
        if nested is None:
            break
        current = nested
    return [field.alias or name for name, field in current.model_fields.items()]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None

"""Loading a budget repository's data: files → validated records + diagnostics, and rules across files.

The only module that reads files. Every problem in every file becomes a `Diagnostic`; nothing is skipped
silently and nothing is raised to the caller for bad input.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from budgetkorr.diagnostics import (
    FILE_FIELD,
    Diagnostic,
    display_path,
    error,
    has_errors,
    sort_diagnostics,
    warning,
)
from budgetkorr.models import (
    RECORD_PROBLEMS,
    BudgetOverview,
    Committee,
    CommitteeList,
    Correction,
    PriceRates,
    TargetList,
)
from budgetkorr.yamlread import Location, YamlFile, field_text, read_yaml

CORRECTIONS_DIR = "corrections"
COMMITTEES_FILE = "udvalg.yaml"
BUDGET_FILE = "budget.yaml"
TARGETS_FILE = "targets.yaml"
PRICES_FILE = "prisniveau.yaml"
DATA_ENV = "BUDGETKORR_DATA"

Model = TypeVar("Model", bound=BaseModel)


class DataDirNotFound(Exception):
    """No data directory was given and none was found; the message says how to point at one."""


@dataclass(frozen=True)
class Entry:
    """A valid correction with the committee it belongs to and the file it came from."""

    correction: Correction
    committee: Committee
    source: YamlFile

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass(frozen=True)
class Dataset:
    """Everything loaded: the committees, the valid corrections (sorted by nr) and all diagnostics."""

    data_dir: Path
    committees: tuple[Committee, ...]
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    files: int
    budget: BudgetOverview | None = None  # the other files, where the command asked for them and they are valid
    budget_source: YamlFile | None = None
    targets: TargetList | None = None
    rates: PriceRates | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def find_data_dir(start: Path) -> Path:
    """The nearest `data/` holding `corrections/`, walking up from `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "data"
        if (candidate / CORRECTIONS_DIR).is_dir():
            return candidate
    raise DataDirNotFound(
        f"no data directory found: looked for data/{CORRECTIONS_DIR}/ in {start} and the folders above it. "
        f"Run budgetkorr inside a budget repository, or point at one with --data DIR (or {DATA_ENV}=DIR)."
    )


def resolve_data_dir(given: Path | None) -> Path:
    if given is None:
        return find_data_dir(Path.cwd())
    if not (given / CORRECTIONS_DIR).is_dir():
        raise DataDirNotFound(f"{given} has no {CORRECTIONS_DIR}/ folder; --data must name the folder that holds it")
    return given


# --- one file --------------------------------------------------------------------------------------------


def validate_file(source: YamlFile, model: type[Model], what: str) -> tuple[Model | None, list[Diagnostic]]:
    """Validate parsed YAML against a model; every pydantic error becomes a diagnostic with its line."""
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        return None, [
            error(source.path, source.line_of(()), FILE_FIELD, f"is {kind}; {what} is a YAML mapping of keys")
        ]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        return None, [d for err in exc.errors(include_url=False) for d in _diagnostics(source, err, model)]


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
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        known = _known_keys(model, location[:-1])
        close = difflib.get_close_matches(str(location[-1]), known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        return f"unknown key; {hint}the keys are: {', '.join(known)}"
    if kind == "literal_error":
        shown = f"a yes/no value ({str(given).lower()})" if isinstance(given, bool) else repr(given)
        return f"{shown} is not one of: {err['ctx']['expected'].replace(chr(39), '')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{given!r} is not a date; write it as year-month-day, like 2026-01-01"
    if kind in ("bool_type", "bool_parsing"):
        return f"{given!r} is not true or false; write true or false"
    if kind == "dict_type":
        return "must be a mapping of year to amount, like {2026: 0.880, 2027: 0.880}"
    if kind in ("tuple_type", "list_type"):
        return "must be a list (lines starting with '- ')"
    if kind == "model_type":
        return "must be a mapping of keys"
    if kind == "too_short":
        return "must not be empty"
    if kind in ("int_type", "int_parsing", "int_from_float", "greater_than_equal", "less_than_equal"):
        return f"{given!r}: {err['msg'].lower()}"
    return str(err["msg"])


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


# --- the repository --------------------------------------------------------------------------------------


def load_file(path: Path, model: type[Model], what: str) -> tuple[Model | None, YamlFile | None, list[Diagnostic]]:
    """Read and validate one file of the data folder against its model."""
    if not path.is_file():
        return None, None, [error(path, 1, FILE_FIELD, f"is missing; it holds {what}")]
    source, problems = read_yaml(path)
    if source is None:
        return None, None, problems
    record, more = validate_file(source, model, what)
    return record, source, [*problems, *more]


def load_committees(data_dir: Path) -> tuple[tuple[Committee, ...], list[Diagnostic]]:
    committees, _, problems = load_file(
        data_dir / COMMITTEES_FILE, CommitteeList, "the committees (udvalg) with navn, forkortelse, nummer"
    )
    return (committees.committees if committees else ()), problems


# The data folder's other files: what each holds, for the message when it is missing.
OTHER_FILES: dict[str, tuple[type[BaseModel], str]] = {
    BUDGET_FILE: (BudgetOverview, "the budget overview (hovedoversigt) before corrections"),
    TARGETS_FILE: (TargetList, "the economic targets (mål)"),
    PRICES_FILE: (PriceRates, "the price rates (kilde, satser)"),
}


@dataclass(frozen=True)
class OtherFiles:
    records: dict[str, tuple[BaseModel | None, YamlFile | None]]
    diagnostics: list[Diagnostic]
    files: int


def load_other_files(data_dir: Path, wanted: Mapping[str, bool]) -> OtherFiles:
    """The wanted files of budget.yaml, targets.yaml, prisniveau.yaml (name → required); an absent file that
    is not required is skipped."""
    records: dict[str, tuple[BaseModel | None, YamlFile | None]] = {}
    diagnostics: list[Diagnostic] = []
    files = 0
    for name, required in wanted.items():
        path = data_dir / name
        if not required and not path.exists():
            continue
        model, what = OTHER_FILES[name]
        record, source, problems = load_file(path, model, what)
        records[name] = (record, source)
        diagnostics += problems
        files += path.exists()
        if isinstance(record, BudgetOverview) and source is not None:
            diagnostics += _budget_warnings(record, source)
    return OtherFiles(records, diagnostics, files)


def _budget_warnings(budget: BudgetOverview, source: YamlFile) -> Iterable[Diagnostic]:
    """The overview is expenditure-positive: income and new loans are negative. A sign the other way is likely a
    slip when copying, so it is named (but not refused: a year can be unusual)."""
    for key, row in (("indtægter", budget.income), ("låneoptagelse", budget.borrowing)):
        for year, amount in sorted(row.items()):
            if amount > 0:
                yield warning(
                    source.path,
                    source.line_of((key, year)),
                    f"{key}.{year}",
                    f"{amount} is positive; in the overview {key} are negative (expenditure-positive signs)",
                )


def correction_files(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The .yaml files below `folder`, sorted; anything else that is there is named, never skipped silently."""
    files: list[Path] = []
    notes: list[Diagnostic] = []
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(directory) / name
            if name.startswith("."):
                continue
            if name.endswith(".yaml"):
                files.append(path)
            elif name.endswith(".yml"):
                notes.append(error(path, 1, FILE_FIELD, "correction files end in .yaml; rename it to .yaml"))
            else:
                notes.append(warning(path, 1, FILE_FIELD, "not a .yaml file; it is not read"))
    return sorted(files), notes


def load_corrections(paths: Sequence[Path], committees: Sequence[Committee]) -> tuple[list[Entry], list[Diagnostic]]:
    """Read and validate each file, then apply the rules across files."""
    entries: list[tuple[Correction, YamlFile]] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        source, problems = read_yaml(path)
        diagnostics.extend(problems)
        if source is None:
            continue
        correction, problems = validate_file(source, Correction, "a correction")
        diagnostics.extend(problems)
        if correction is not None:
            entries.append((correction, source))
    resolved, problems = _across_files(entries, committees)
    return resolved, [*diagnostics, *problems]


def _across_files(
    entries: Sequence[tuple[Correction, YamlFile]], committees: Sequence[Committee]
) -> tuple[list[Entry], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    by_number: dict[str, list[YamlFile]] = defaultdict(list)
    for correction, source in entries:
        by_number[correction.number].append(source)
    for number, sources in by_number.items():
        if len(sources) > 1:
            for source in sources:
                others = ", ".join(display_path(o.path) for o in sources if o is not source)
                diagnostics.append(
                    error(source.path, source.line_of(("nr",)), "nr", f"{number} is also the nr of {others}")
                )
    resolved: list[Entry] = []
    for correction, source in entries:
        committee = next((c for c in committees if c.matches(correction.committee)), None)
        if committee is None:
            if committees:
                known = "; ".join(f"{c.name} ({c.abbreviation})" for c in committees)
                message = f"{correction.committee!r} is not in {COMMITTEES_FILE}; the committees are: {known}"
            else:
                message = f"{correction.committee!r} can not be checked: {COMMITTEES_FILE} has no valid committees"
            diagnostics.append(error(source.path, source.line_of(("udvalg",)), "udvalg", message))
            continue
        diagnostics.extend(_warnings(correction, committee, source))
        resolved.append(Entry(correction, committee, source))
    resolved.sort(key=lambda e: (e.correction.number, str(e.path)))
    return resolved, diagnostics


def _warnings(correction: Correction, committee: Committee, source: YamlFile) -> Iterable[Diagnostic]:
    path = source.path
    if correction.preliminary:
        yield warning(
            path,
            source.line_of(("foreløbig",)),
            "foreløbig",
            "the figures are preliminary (foreløbig), not final",
        )
    if correction.service_frame == "delvist":
        yield warning(
            path,
            source.line_of(("indenfor_servicerammen",)),
            "indenfor_servicerammen",
            "only partly inside the service frame (delvist): the totals show it in a column of its own",
        )
    if not path.name.startswith(correction.number):
        yield warning(
            path,
            source.line_of(("nr",)),
            "nr",
            f"the file name does not start with its nr; name it {correction.number}-….yaml",
        )
    digit = int(correction.number[1])
    if committee.number is not None and digit != committee.number:
        yield warning(
            path,
            source.line_of(("udvalg",)),
            "udvalg",
            f"{correction.number} is numbered for committee {digit}, "
            f"but {committee.name} is committee {committee.number}",
        )


def load_dataset(
    data_dir: Path, only: Sequence[Path] | None = None, other_files: Mapping[str, bool] | None = None
) -> Dataset:
    """Load the committees and the corrections of a data directory (or only the given files/folders).

    `other_files` names which of budget.yaml, targets.yaml and prisniveau.yaml to load too, each required or
    only where it exists; their problems are reported with those of the corrections.
    """
    committees, diagnostics = load_committees(data_dir)
    other = load_other_files(data_dir, other_files or {})
    diagnostics += other.diagnostics
    extra = other.files
    targets = list(only) if only else [data_dir / CORRECTIONS_DIR]
    paths: list[Path] = []
    others = 0  # files named or found that are not read as corrections (.yml, .txt): they count as files too
    for target in targets:
        if target.is_dir():
            found, notes = correction_files(target)
            paths.extend(found)
            diagnostics.extend(notes)
            others += len(notes)
            if not found and not notes:
                diagnostics.append(warning(target, 1, FILE_FIELD, "holds no correction files (*.yaml)"))
        elif target.name.endswith(".yml"):
            diagnostics.append(error(target, 1, FILE_FIELD, "correction files end in .yaml; rename it to .yaml"))
            others += 1
        elif target.exists():
            paths.append(target)
        else:
            diagnostics.append(error(target, 1, FILE_FIELD, "no such file or folder"))
    entries, problems = load_corrections(sorted(set(paths)), committees)
    diagnostics.extend(problems)
    files = len(set(paths)) + others + extra

    def record(name: str, model: type[Model]) -> Model | None:
        found = other.records.get(name, (None, None))[0]
        return found if isinstance(found, model) else None

    return Dataset(
        data_dir,
        committees,
        tuple(entries),
        tuple(sort_diagnostics(diagnostics)),
        files,
        budget=record(BUDGET_FILE, BudgetOverview),
        budget_source=other.records.get(BUDGET_FILE, (None, None))[1],
        targets=record(TARGETS_FILE, TargetList),
        rates=record(PRICES_FILE, PriceRates),
    )

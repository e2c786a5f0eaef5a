"""The budget repository: where the data folder is, which files it holds, and loading them all into a Dataset."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from budgetkorr.core.dataset import Dataset
from budgetkorr.core.diagnostics import (
    FILE_FIELD,
    Diagnostic,
    error,
    sort_diagnostics,
    warning,
)
from budgetkorr.core.entry import Entry
from budgetkorr.core.folder import (
    BUDGET_FILE,
    COMMITTEES_FILE,
    CORRECTIONS_DIR,
    DATA_ENV,
    PRICES_FILE,
    TARGETS_FILE,
)
from budgetkorr.i18n import N_, _
from budgetkorr.loader.across import (
    Unfinished,
    across_files,
    period_problems,
    price_level_problems,
)
from budgetkorr.loader.reading import read_correction
from budgetkorr.loader.validate import Model, validate_file
from budgetkorr.models import (
    BudgetOverview,
    Committee,
    CommitteeList,
    Correction,
    PriceRates,
    TargetList,
)
from budgetkorr.models.values import listed
from budgetkorr.yamlread import YamlFile, read_yaml

YML_MESSAGE = N_("korrektionsfiler ender på .yaml; omdøb filen til .yaml")


class DataDirNotFound(Exception):
    """No data directory was given and none was found; the message says how to point at one."""


def find_data_dir(start: Path) -> Path:
    """The nearest `data/` holding `corrections/`, walking up from `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "data"
        if (candidate / CORRECTIONS_DIR).is_dir():
            return candidate
    raise DataDirNotFound(
        _(
            "ingen datamappe fundet: ledte efter data/{corrections}/ i {start} og mapperne over den. "
            "Kør budgetkorr inde i et budgetrepository, eller peg på datamappen med --data MAPPE (eller {env}=MAPPE)."
        ).format(corrections=CORRECTIONS_DIR, start=start, env=DATA_ENV)
    )


def resolve_data_dir(given: Path | None) -> Path:
    if given is None:
        return find_data_dir(Path.cwd())
    if not (given / CORRECTIONS_DIR).is_dir():
        raise DataDirNotFound(
            _("{given} har ingen {corrections}/-mappe; --data skal pege på den mappe, der indeholder den").format(
                given=given, corrections=CORRECTIONS_DIR
            )
        )
    return given


# --- the repository --------------------------------------------------------------------------------------


def load_file(path: Path, model: type[Model], what: str) -> tuple[Model | None, YamlFile | None, list[Diagnostic]]:
    """Read and validate one file of the data folder against its model."""
    if not path.exists() and not path.is_symlink():  # anything else there (a FIFO, a device) is named as such
        return None, None, [error(path, 1, FILE_FIELD, _("mangler; filen indeholder {what}").format(what=_(what)))]
    return _read(path, model, what)


def _read(path: Path, model: type[Model], what: str) -> tuple[Model | None, YamlFile | None, list[Diagnostic]]:
    """Parse and validate a file; one that can not be read says so."""
    source, problems = read_yaml(path)
    if source is None:
        return None, None, problems
    record, more = validate_file(source, model, what)
    return record, source.keep_lines(), [*problems, *more]


def load_committees(data_dir: Path) -> tuple[tuple[Committee, ...], list[Diagnostic]]:
    committees, _, problems = load_file(
        data_dir / COMMITTEES_FILE, CommitteeList, N_("udvalgene med navn, forkortelse og nummer")
    )
    return (committees.committees if committees else ()), problems


# The data folder's other files: what each holds, for the message when it is missing.
OTHER_FILES: dict[str, tuple[type[BaseModel], str]] = {
    BUDGET_FILE: (BudgetOverview, N_("budgettets hovedoversigt før korrektionerne")),
    TARGETS_FILE: (TargetList, N_("de økonomiske mål")),
    PRICES_FILE: (PriceRates, N_("pris- og lønsatserne (kilde, satser)")),
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
        if isinstance(record, BudgetOverview | TargetList) and source is not None:
            diagnostics += unknown_warnings(record, source)
    return OtherFiles(records, diagnostics, files)


def _budget_warnings(budget: BudgetOverview, source: YamlFile) -> Iterable[Diagnostic]:
    """The overview is expenditure-positive: income and new loans are negative. A sign the other way is likely a
    slip when copying, so it is named (but not refused: a year can be unusual)."""
    for key, row in (("indtægter", budget.income), ("låneoptagelse", budget.borrowing)):
        for year, amount in sorted(row.items()):
            if not amount.is_nan() and amount > 0:
                yield warning(
                    source.path,
                    source.line_of((key, year)),
                    f"{key}.{year}",
                    _("{amount} er positiv; i hovedoversigten er {key} negative (udgifter med plus)").format(
                        amount=amount, key=key
                    ),
                )


def unknown_warnings(record: BudgetOverview | TargetList, source: YamlFile) -> list[Diagnostic]:
    """A warning at each row of budget.yaml and each threshold of targets.yaml still `ukendt`: the folder is
    valid, but check-targets stops at these (`period.as_error`) until they are filled in."""
    if isinstance(record, BudgetOverview):
        message = _("ukendt i {years}: skriv tallene fra det vedtagne budgets hovedoversigt")
        return [
            warning(source.path, source.line_of((key,)), key, message.format(years=listed(years)))
            for key, years in record.unknown.items()
        ]
    message = _("ukendt: skriv kommunens tærskel for målet {name}, i mio. kr.")
    return [
        warning(
            source.path,
            source.line_of(("mål", index, "tærskel")),
            f"mål[{index}].tærskel",
            message.format(name=record.targets[index].name),
        )
        for index in record.unknown
    ]


def correction_files(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The .yaml files below `folder`, sorted; anything else that is there is named, never skipped silently."""
    files: list[Path] = []
    notes: list[Diagnostic] = []
    nested = False  # one folder's names come sorted, which is the paths' order (case-sensitive): no sort needed
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        nested |= bool(subdirs)
        base = Path(directory)
        for name in sorted(names):
            if name.startswith("."):
                continue
            if name.endswith(".yaml"):
                files.append(base / name)
            elif name.endswith(".yml"):
                notes.append(error(base / name, 1, FILE_FIELD, _(YML_MESSAGE)))
            else:
                notes.append(warning(base / name, 1, FILE_FIELD, _("ikke en .yaml-fil; den bliver ikke læst")))
    return (sorted_paths(files) if nested or os.name == "nt" else files), notes


def sorted_paths(paths: Iterable[Path]) -> list[Path]:
    """Paths in the order of their own comparison, sorted by a key compared in C: at 10,000 files Path's `<`
    (in Python, per comparison) cost a tenth of a second per sort."""
    if os.name == "nt":  # Windows paths compare case-insensitively: leave it to them
        return sorted(paths)
    return sorted(paths, key=_parts)


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


def load_corrections(
    paths: Sequence[Path], committees: Sequence[Committee], listed: frozenset[Path] = frozenset()
) -> tuple[list[Entry], list[Diagnostic]]:
    """Read and validate each file, then apply the rules across files. A file `listed` in its folder that is gone
    when it is read (another process removed it in between, as `new` does with a number another writer took) is
    not part of the folder any more: it is passed over, not reported as missing."""
    entries: list[tuple[Correction, YamlFile]] = []
    partial: list[Unfinished] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        result = read_correction(path)
        if result.correction is None and path in listed and not os.path.lexists(path):
            continue
        diagnostics.extend(result.problems)
        if result.correction is not None and result.source is not None:
            entries.append((result.correction, result.source))
        elif result.partial is not None:
            partial.append(result.partial)
    resolved, problems = across_files(entries, committees, partial)
    return resolved, [*diagnostics, *problems]


def load_dataset(
    data_dir: Path,
    only: Sequence[Path] | None = None,
    other_files: Mapping[str, bool] | None = None,
) -> Dataset:
    """Load the committees and the corrections of a data directory (or only the given files/folders).

    `other_files` names which of budget.yaml, targets.yaml and prisniveau.yaml to load too, each required or
    only where it exists; their problems are reported with those of the corrections. Reads only; writes nothing.
    """
    committees, diagnostics = load_committees(data_dir)
    other = load_other_files(data_dir, other_files or {})
    diagnostics += other.diagnostics
    # One count for every command: the files of the data folder that budgetkorr checks (everything in
    # corrections/, and budget.yaml, targets.yaml and prisniveau.yaml where present), whichever of them the
    # command needs; with files named (validate PATH), those files.
    extra = sum((data_dir / name).is_file() for name in OTHER_FILES) if not only else other.files
    targets = list(only) if only else [data_dir / CORRECTIONS_DIR]
    paths: list[Path] = []
    walked: list[Path] = []  # found in a folder, not named by the user
    others = 0  # files named or found that are not read as corrections (.yml, .txt): they count as files too
    for target in targets:
        if target.is_dir():
            found, notes = correction_files(target)
            paths.extend(found)
            walked.extend(found)
            diagnostics.extend(notes)
            others += len(notes)
            if not found and not notes:
                diagnostics.append(warning(target, 1, FILE_FIELD, _("indeholder ingen korrektionsfiler (*.yaml)")))
        elif target.name.endswith(".yml"):
            diagnostics.append(error(target, 1, FILE_FIELD, _(YML_MESSAGE)))
            others += 1
        elif target.exists():
            paths.append(target)
        else:
            diagnostics.append(error(target, 1, FILE_FIELD, _("filen eller mappen findes ikke")))
    # One folder's files are sorted and distinct already; only files and folders named together need it.
    unique = paths if len(targets) == 1 else sorted_paths(set(paths))
    listed = frozenset(walked)
    entries, problems = load_corrections(unique, committees, listed)
    diagnostics.extend(problems)
    read = {entry.path for entry in entries}  # only a file that gave no correction can have vanished
    gone = sum(1 for path in unique if path not in read and path in listed and not os.path.lexists(path))
    files = len(unique) - gone + others + extra

    def record(name: str, model: type[Model]) -> Model | None:
        found = other.records.get(name, (None, None))[0]
        return found if isinstance(found, model) else None

    rates, budget = record(PRICES_FILE, PriceRates), record(BUDGET_FILE, BudgetOverview)
    if rates is not None:
        diagnostics += price_level_problems(entries, rates.rates, budget.price_level if budget else None)
    budget_source = other.records.get(BUDGET_FILE, (None, None))[1]
    if budget is not None and budget_source is not None:
        diagnostics += period_problems(entries, budget.years, budget_source)

    return Dataset(
        data_dir,
        committees,
        tuple(entries),
        tuple(sort_diagnostics(diagnostics)),
        files,
        budget=budget,
        budget_source=budget_source,
        targets=record(TARGETS_FILE, TargetList),
        rates=rates,
    )

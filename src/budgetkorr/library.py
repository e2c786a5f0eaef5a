"""The library: load a data folder, sum it, check its targets, compare two versions of it, show its forms, follow a
correction through git, plan a new correction, import appendices. Each call returns a value.

    import budgetkorr
    data = budgetkorr.load("data")
    s = budgetkorr.summary(data, year=2026, by="udvalg")
    t = budgetkorr.check_targets(data, strict=True)

These functions read only the folder (and files) they are given, and `new_correction` and `import_appendices` write
only into it; they never print, exit, read the environment or keep state
between calls. A problem in the data (an invalid file, a selection that leaves no correction, a year no correction
covers) is a `Diagnostic` on the returned value (`.ok` is False); only a programming error raises. `as_json()` is
the document the command line's `--format json` prints, as plain Python values (amounts as exact `Decimal`).

The command line is one user of these functions: each command parses its options into a `Selection`, calls one
of them and renders the value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from budgetkorr.core.dataset import Dataset
from budgetkorr.core.diagnostics import Diagnostic, display_path, has_errors
from budgetkorr.core.folder import BUDGET_FILE, PRICES_FILE, TARGETS_FILE
from budgetkorr.core.selection import Selection
from budgetkorr.i18n import _

if TYPE_CHECKING:
    from budgetkorr.comparison import Comparison
    from budgetkorr.compute import FinancingYear
    from budgetkorr.compute import Summary as Totals
    from budgetkorr.core.entry import Entry
    from budgetkorr.core.prices import Conversion
    from budgetkorr.importers.batch import Failure
    from budgetkorr.importers.plan import PlannedFile
    from budgetkorr.loader.history import Version
    from budgetkorr.models import Committee
    from budgetkorr.render.records import Record
    from budgetkorr.render.scope import Scope
    from budgetkorr.render.table import TextTable
    from budgetkorr.report import Report
    from budgetkorr.targets import TargetReport

__all__ = [
    "Appendix",
    "CorrectionList",
    "Difference",
    "Forms",
    "History",
    "Imported",
    "NewFile",
    "Selection",
    "Summary",
    "TargetCheck",
    "Workbook",
    "appendix",
    "check_targets",
    "compare",
    "corrections",
    "forms",
    "history",
    "import_appendices",
    "load",
    "new_correction",
    "summary",
    "validate",
    "workbook",
]

# Every file of the folder, each only where it exists: what a command asks for is checked by that command.
EVERY_FILE = {BUDGET_FILE: False, TARGETS_FILE: False, PRICES_FILE: False}


def load(folder: str | PathLike[str], other_files: dict[str, bool] | None = None) -> Dataset:
    """The data folder (the one holding `corrections/`): committees, corrections, budget, targets, rates, and every
    diagnostic. `other_files` says which of budget.yaml, targets.yaml and prisniveau.yaml to read and whether each
    is required (default: all three, where they exist). A folder that is not there is a diagnostic too."""
    from budgetkorr.loader import load_dataset

    return load_dataset(Path(folder), None, EVERY_FILE if other_files is None else other_files)


def validate(folder: str | PathLike[str], paths: Sequence[str | PathLike[str]] | None = None) -> Dataset:
    """What `budgetkorr validate` checks: with `paths`, those files and folders only; without, every correction of
    the folder and each of budget.yaml, targets.yaml and prisniveau.yaml where it exists."""
    from budgetkorr.loader import OTHER_FILES, load_dataset

    if paths:
        return load_dataset(Path(folder), [Path(path) for path in paths], None)
    return load_dataset(Path(folder), None, dict.fromkeys(OTHER_FILES, False))


def _problem(data: Dataset, option: str, message: str) -> Diagnostic:
    """A problem of the selection rather than of a file: named at the data folder."""
    return _folder_problem(data.data_dir, option, message)


def _folder_problem(folder: Path, option: str, message: str) -> Diagnostic:
    return Diagnostic(display_path(folder), 1, option, message)


def _as_plain(document: object) -> dict[str, Any]:
    """The document as the JSON the command line prints, read back: plain values, amounts exact."""
    from budgetkorr.render.json import render_json

    loaded: dict[str, Any] = json.loads(render_json(document), parse_float=Decimal)
    return loaded


def _choose(data: Dataset, selection: Selection) -> tuple[list[Entry], list[Diagnostic]]:
    """The selected corrections, or the problem that left none (`EmptySelection`)."""
    from budgetkorr.core.selection import EmptySelection

    try:
        return selection.apply(data.entries), []
    except EmptySelection as exc:
        message = _("{problem}. Vil du se grundlaget uden korrektioner, så brug --ingen-korrektioner.")
        return [], [_problem(data, "--status", message.format(problem=str(exc)))]


def warnings_for(
    data: Dataset, entries: Sequence[Entry], general: bool = True, skip_fields: frozenset[str] = frozenset()
) -> list[Diagnostic]:
    """The warnings that qualify an output made from `entries`: those in their files and, with `general`, those
    not in any correction's file (a file in corrections/ that is not read, the budget). Each once."""
    warnings = [d for d in data.diagnostics if not d.is_error and d.field not in skip_fields]
    if not warnings:  # the usual case: no path of the (possibly thousands of) entries needs to be worked out
        return []
    chosen = {display_path(entry.path) for entry in entries}
    corrections = {display_path(entry.path) for entry in data.entries}
    return [d for d in warnings if d.path in chosen or (general and d.path not in corrections)]


def warning_texts(warnings: Sequence[Diagnostic]) -> tuple[str, ...]:
    """The warnings as the lines a document (markdown, JSON) carries."""
    from budgetkorr.escape import one_line

    return tuple(one_line(d.format()) for d in warnings)


def make_scope(data: Dataset, selection: Selection, entries: Sequence[Entry], conversion: Conversion | None) -> Scope:
    """What an output states about itself: the budget year, the selection, the price level, the foreløbige."""
    from budgetkorr.core.period import budget_period
    from budgetkorr.render.scope import Scope

    return Scope(
        budget_period(data).budget_year,
        selection,
        conversion,
        data.rates.source if data.rates and conversion and conversion.converted() else None,
        tuple(entry.correction.number for entry in entries if entry.correction.preliminary),
        tuple(
            (entry.correction.number, entry.correction.unknown_years) for entry in entries if entry.correction.unknown
        ),
    )


@dataclass(frozen=True)
class Summary:
    """Totals per committee (or per correction) for a year or for every year of the period."""

    data: Dataset
    selection: Selection
    by: Literal["udvalg", "korrektion"]
    year: int | None  # None: every year the corrections cover
    diagnostics: tuple[Diagnostic, ...]  # the folder's, and a problem of the selection or the year
    entries: tuple[Entry, ...] = ()
    result: Totals | None = None  # None when `ok` is False
    conversion: Conversion | None = None
    paid: tuple[FinancingYear, ...] = ()
    warnings: tuple[Diagnostic, ...] = field(default=())  # those that qualify these totals

    @property
    def ok(self) -> bool:
        return self.result is not None and not has_errors(self.diagnostics)

    @property
    def scope(self) -> Scope:
        return make_scope(self.data, self.selection, self.entries, self.conversion)

    @property
    def totals(self) -> Totals:
        """The totals (rows, years, notes) of a summary that is ok."""
        assert self.result is not None  # a caller asks for the totals of a summary that is ok
        return self.result

    def table(self) -> TextTable:
        from budgetkorr.render.table import summary_table

        return summary_table(self.totals, self.scope)

    def financing_table(self) -> TextTable:
        from budgetkorr.render.table import financing_table

        return financing_table(self.paid, self.totals.unit, self.totals.split)

    def records(self) -> list[Record]:
        """A record per (udvalg or nr, år), each with the columns that say what it is made from (for CSV)."""
        from budgetkorr.render.records import summary_records, with_scope

        return with_scope(summary_records(self.totals), self.scope)

    def columns(self) -> list[str]:
        from budgetkorr.render.records import SCOPE_COLUMNS, summary_columns

        return [*summary_columns(self.by, bool(self.totals.unknown)), *SCOPE_COLUMNS]

    def document(self) -> dict[str, object]:
        """The JSON document, with Decimal amounts; `{"fejl": [...]}` when the summary could not be made."""
        from budgetkorr.render.records import financing_records, summary_document

        if self.result is None:
            return {"fejl": [d.format() for d in self.diagnostics if d.is_error]}
        texts = warning_texts(self.warnings)
        return summary_document(
            self.result, self.result.notes, self.scope, self.table().title, texts, financing_records(self.paid)
        )

    def as_json(self) -> dict[str, Any]:
        """What `budgetkorr summary --format json` prints, as Python values."""
        return _as_plain(self.document())


def summary(
    data: Dataset,
    year: int | None = None,
    by: Literal["udvalg", "korrektion"] = "udvalg",
    selection: Selection | None = None,
) -> Summary:
    """The totals of the selected corrections (default: status forslag and godkendt) in `year`, or in every year
    the corrections cover, at the selection's price level (default: the folder's, `period.default_price_level`)."""
    from budgetkorr.compute import financing, period, summarize
    from budgetkorr.core.period import default_price_level
    from budgetkorr.core.prices import convert
    from budgetkorr.models import year_span

    selection = selection or Selection()
    if not data.ok:
        return Summary(data, selection, by, year, data.diagnostics)
    chosen, problems = _choose(data, selection)
    covered = period(data.entries)
    if not problems and year is not None and year not in covered:
        span = year_span(covered) or _("ingen år")
        message = _("ingen korrektion dækker {year}; korrektionerne dækker {span}").format(year=year, span=span)
        problems = [_problem(data, "år", message)]
    if problems:
        return Summary(data, selection, by, year, (*data.diagnostics, *problems))
    rates = data.rates.rates if data.rates else {}
    conversion = convert(chosen, rates, selection.price_level or default_price_level(data) or 0)
    result = summarize(chosen, data.committees, by, [year] if year is not None else covered, conversion)
    paid = financing(chosen, result.years, conversion)
    warnings = tuple(warnings_for(data, chosen))
    return Summary(data, selection, by, year, data.diagnostics, tuple(chosen), result, conversion, paid, warnings)


@dataclass(frozen=True)
class CorrectionList:
    """The selected corrections: number, title, committee, status, price level, service frame, years, file."""

    data: Dataset
    selection: Selection
    diagnostics: tuple[Diagnostic, ...]  # the folder's, and a selection that leaves none
    entries: tuple[Entry, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # those in the chosen corrections' files, and the folder's own

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def scope(self) -> Scope:
        return make_scope(self.data, self.selection, self.entries, None)

    def table(self) -> TextTable:
        from budgetkorr.render.table import list_table

        return list_table(self.entries, self.data.data_dir, self.scope)

    def records(self) -> list[Record]:
        """A record per correction, without the columns that say what the list is made from (`with_scope`)."""
        from budgetkorr.render.records import list_records

        return list_records(list(self.entries), self.data.data_dir)

    def document(self) -> dict[str, object]:
        from budgetkorr.render.scope import metadata

        if not self.ok:
            return {"fejl": [d.format() for d in self.diagnostics if d.is_error]}
        texts = warning_texts(self.warnings)
        return {"metadata": metadata(self.scope, self.table().title, texts), "korrektioner": self.records()}

    def as_json(self) -> dict[str, Any]:
        """What `budgetkorr list --format json` prints, as Python values."""
        return _as_plain(self.document())


def corrections(data: Dataset, selection: Selection | None = None) -> CorrectionList:
    """The selected corrections (default: every status), by nr."""
    from budgetkorr.models import STATUSES

    selection = selection or Selection(tuple(STATUSES))
    if not data.ok:
        return CorrectionList(data, selection, data.diagnostics)
    chosen, problems = _choose(data, selection)
    if problems:
        return CorrectionList(data, selection, (*data.diagnostics, *problems))
    return CorrectionList(data, selection, data.diagnostics, tuple(chosen), tuple(warnings_for(data, chosen)))


@dataclass(frozen=True)
class Appendix:
    """The committee appendix (`budgetkorr report`): the summary per committee and year, the targets, every form."""

    data: Dataset
    selection: Selection
    diagnostics: tuple[Diagnostic, ...]  # the folder's, and a selection that leaves none
    report: Report | None = None  # None when `ok` is False
    warnings: tuple[Diagnostic, ...] = ()  # those that qualify the appendix (each also marked on its form)

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)


def appendix(
    data: Dataset,
    selection: Selection | None = None,
    *,
    bilag: str | None = None,
    meeting: str | None = None,
    made: date | None = None,
) -> Appendix:
    """The appendix of the selected corrections at the selection's price level (default: the folder's). A file's
    warning about a correction is marked on its form (foreløbig in the report's own words). The front page names
    the appendix (`bilag`: "Bilag 3"), the `meeting` ("Økonomiudvalget 12. maj 2026") and the date it was `made`
    (default today; give it for a file that is the same byte for byte tomorrow)."""
    from budgetkorr.report import Cover, build_report

    selection = selection or Selection()
    if not data.ok:
        return Appendix(data, selection, data.diagnostics)
    chosen, problems = _choose(data, selection)
    if problems:
        return Appendix(data, selection, (*data.diagnostics, *problems))
    warnings = warnings_for(data, chosen)
    numbers = {display_path(e.path): e.correction.number for e in chosen}
    on_forms: dict[str, list[str]] = {}
    for warning in warnings:
        if warning.path in numbers and warning.field != "foreløbig":
            on_forms.setdefault(numbers[warning.path], []).append(warning.message)
    cover = Cover(made or date.today(), bilag, meeting)
    built = build_report(data, chosen, selection, cover, selection.price_level, on_forms)
    return Appendix(data, selection, data.diagnostics, built, tuple(warnings))


@dataclass(frozen=True)
class TargetCheck:
    """The economic targets after the selected corrections, and the verdict (`met`, with `strict` the warnings too)."""

    data: Dataset
    selection: Selection
    strict: bool
    diagnostics: tuple[Diagnostic, ...]  # the folder's (the period's mismatch as an error), or why it can't be checked
    level: int | None = None  # the price level asked for, else the folder's default
    entries: tuple[Entry, ...] = ()
    report: TargetReport | None = None  # None when `ok` is False
    warnings: tuple[Diagnostic, ...] = ()  # the files' warnings that qualify the check

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)

    @property
    def met(self) -> bool:
        """The verdict the exit code gives: every target met (and, with `strict`, no warning about the input)."""
        return self.report is not None and self.report.passes(self.strict)

    @property
    def scope(self) -> Scope:
        return make_scope(self.data, self.selection, self.entries, self.report.conversion if self.report else None)

    def table(self, notes: Sequence[str] = ()) -> TextTable:
        from budgetkorr.render.targets import target_table

        assert self.report is not None  # a caller asks for the table of a check that is ok
        return target_table(self.report, self.scope, self.strict, self.selection.baseline, tuple(notes))

    def document(self) -> dict[str, object]:
        """The JSON document, with Decimal amounts; `{"fejl": [...]}` when the targets could not be checked."""
        from budgetkorr.render.targets import target_document

        if self.report is None:
            return {"fejl": [d.format() for d in self.diagnostics if d.is_error]}
        findings = tuple(finding.message for finding in self.report.all_warnings)
        texts = (*warning_texts(self.warnings), *findings)
        return target_document(self.report, self.scope, self.table().title, texts, self.strict)

    def as_json(self) -> dict[str, Any]:
        """What `budgetkorr check-targets --format json` prints, as Python values."""
        return _as_plain(self.document())


def check_targets(data: Dataset, strict: bool = False, selection: Selection | None = None) -> TargetCheck:
    """Check targets.yaml against budget.yaml after the selected corrections. budget.yaml and targets.yaml are
    required; a folder whose corrections do not fit budget.yaml's period is not judged (a diagnostic says why)."""
    from budgetkorr.core.folder import BUDGET_FILE, TARGETS_FILE
    from budgetkorr.core.period import as_error, budget_period, default_price_level, has_unknowns
    from budgetkorr.loader import OTHER_FILES, load_file
    from budgetkorr.targets import NotCheckable
    from budgetkorr.targets import check_targets as check

    selection = selection or Selection()
    missing: list[Diagnostic] = []
    for name, found in ((BUDGET_FILE, data.budget), (TARGETS_FILE, data.targets)):
        if found is None and not has_errors(data.diagnostics):  # absent: what the loader says of a required file
            model, what = OTHER_FILES[name]
            missing += load_file(data.data_dir / name, model, what)[2]
    if not data.ok or missing or data.budget is None or data.targets is None:
        return TargetCheck(data, selection, strict, (*data.diagnostics, *missing))
    if not budget_period(data).fits or has_unknowns(data):  # never judged: a misfit or an unknown figure
        return TargetCheck(data, selection, strict, tuple(as_error(data)))
    chosen, problems = _choose(data, selection)
    if problems:
        return TargetCheck(data, selection, strict, (*data.diagnostics, *problems))
    level = selection.price_level if selection.price_level is not None else default_price_level(data)
    rates = data.rates.rates if data.rates else {}
    try:
        report = check(data.budget, data.targets.targets, chosen, rates, level)
    except NotCheckable as exc:
        return TargetCheck(data, selection, strict, (*data.diagnostics, _problem(data, "--prisniveau", str(exc))))
    # the report's own finding says that a correction is foreløbig: the file's warning would say it twice
    warnings = tuple(warnings_for(data, chosen, skip_fields=frozenset({"foreløbig"})))
    return TargetCheck(data, selection, strict, data.diagnostics, level, tuple(chosen), report, warnings)


@dataclass(frozen=True)
class Difference:
    """What changed between two versions of a data folder (`comparison`), or why they can not be compared."""

    diagnostics: tuple[Diagnostic, ...]  # both sides' errors, when either is invalid
    comparison: Comparison | None = None

    @property
    def ok(self) -> bool:
        return self.comparison is not None

    @property
    def worse(self) -> bool:
        """A target that was met is no longer met (`diff --fail-on-worse` exits 1)."""
        return self.comparison is not None and self.comparison.worse

    def document(self) -> dict[str, object]:
        from budgetkorr.render.diff import comparison_document

        if self.comparison is None:
            return {"fejl": [d.format() for d in self.diagnostics if d.is_error]}
        return comparison_document(self.comparison)

    def as_json(self) -> dict[str, Any]:
        """What `budgetkorr diff --format json` prints, as Python values."""
        return _as_plain(self.document())


def compare(
    before: Dataset,
    after: Dataset,
    selection: Selection | None = None,
    texts: bool = True,
    labels: tuple[str, str] | None = None,
) -> Difference:
    """What changed from `before` to `after`: corrections (of every status), and the totals and targets of the
    selected statuses, at the selection's price level. Both must be valid (`Dataset.ok`); the labels default to
    the folders' paths, as `budgetkorr diff --data-base OLD --data NEW` names them."""
    from budgetkorr.comparison import State
    from budgetkorr.comparison import compare as compare_states

    selection = selection or Selection()
    if not (before.ok and after.ok):
        return Difference(tuple(d for side in (before, after) for d in side.diagnostics if d.is_error))
    names = labels or (display_path(before.data_dir), display_path(after.data_dir))
    states = State(names[0], before), State(names[1], after)
    return Difference((), compare_states(*states, selection.statuses, selection.price_level, texts=texts))


@dataclass(frozen=True)
class Forms:
    """Corrections laid out like the form (`budgetkorr show`): the numbers asked for in that order, or a committee's."""

    data: Dataset
    diagnostics: tuple[Diagnostic, ...]  # why nothing can be shown: no number, an unknown one, another committee's
    entries: tuple[Entry, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # those in the shown corrections' files; budget.yaml's other period

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def text(self) -> str:
        """The forms as `show --format text` prints them; `budgetkorr import` reads them back. A correction in
        another price level than the folder's also shows its amounts converted (what the totals add up)."""
        from budgetkorr.core.period import shown_conversion
        from budgetkorr.render.form import render_forms

        return render_forms(self.entries, shown_conversion(self.data, self.entries))


def forms(data: Dataset, numbers: Sequence[str] = (), committee: Committee | None = None) -> Forms:
    """The corrections with these numbers, in the order given (each once), or, with only `committee` (one of
    `data.committees`), that committee's; with both, every number must be the committee's."""
    from budgetkorr.core.period import folder_mismatch

    wanted = list(dict.fromkeys(number.upper() for number in numbers))
    if not data.ok:
        return Forms(data, data.diagnostics)
    if not wanted and committee is None:
        message = _("angiv et eller flere numre (fx show T105 T101) eller --udvalg")
        return Forms(data, (*data.diagnostics, _problem(data, "nr", message)))
    by_number = {entry.correction.number: entry for entry in data.entries}
    unknown = [number for number in wanted if number not in by_number]
    problem: str | None = None
    if unknown:
        problem = _("ingen korrektion har nr {unknown}; numrene er: {known}").format(
            unknown=", ".join(unknown), known=", ".join(sorted(by_number))
        )
    chosen = [by_number[n] for n in wanted if n in by_number] or [e for e in data.entries if e.committee == committee]
    if committee is not None and not problem:
        outside = [e.correction.number for e in chosen if e.committee != committee]
        if outside:
            problem = _("{numbers} hører ikke til {committee}").format(
                numbers=", ".join(outside), committee=committee.name
            )
        elif not chosen:
            problem = _("{committee} har ingen korrektioner").format(committee=committee.name)
    if problem:
        return Forms(data, (*data.diagnostics, _problem(data, "nr", problem)))
    warnings = (*warnings_for(data, chosen, general=False), *folder_mismatch(data))
    return Forms(data, data.diagnostics, tuple(chosen), warnings)


@dataclass(frozen=True)
class History:
    """The life of one correction in git (`budgetkorr history NR`): a version per commit that changed it."""

    number: str
    diagnostics: tuple[Diagnostic, ...]  # git could not be asked, or no commit has the number
    versions: tuple[Version, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.versions) and not has_errors(self.diagnostics)

    @property
    def title(self) -> str:
        """The latest title the correction had."""
        return next((v.correction.title for v in reversed(self.versions) if v.correction), "")

    def document(self) -> dict[str, object]:
        from budgetkorr.render.history import history_document

        if not self.ok:
            return {"fejl": [d.format() for d in self.diagnostics if d.is_error]}
        return history_document(self.number, self.versions)

    def as_json(self) -> dict[str, Any]:
        """What `budgetkorr history NR --format json` prints, as Python values."""
        return _as_plain(self.document())


def history(folder: str | PathLike[str], number: str, until: str = "HEAD") -> History:
    """Each commit up to `until` that changed the correction with this number in the data folder's git repository;
    with "HEAD", the files as they are now too."""
    from budgetkorr.loader.git import GitProblem
    from budgetkorr.loader.history import correction_history, work_tree_files

    data_dir, wanted = Path(folder), number.strip().upper()
    try:
        files = work_tree_files(data_dir) if until == "HEAD" else None
        versions = correction_history(data_dir, wanted, until, files)
    except GitProblem as exc:
        return History(wanted, (_folder_problem(data_dir, "--rev", str(exc)),))
    if not versions:
        message = _("ingen commit har en korrektion med nr {nr}").format(nr=wanted)
        return History(wanted, (_folder_problem(data_dir, "nr", message),))
    return History(wanted, (), tuple(versions))


@dataclass(frozen=True)
class NewFile:
    """A new correction file from the template (`budgetkorr new`): planned, or written, or why it could not be."""

    data: Dataset
    diagnostics: tuple[Diagnostic, ...]  # why it is not planned or written (exit 2)
    warnings: tuple[Diagnostic, ...] = ()  # budget.yaml and the corrections disagree about the period
    number: str = ""
    path: Path | None = None  # where it is (or would be) written
    text: str = ""  # the file's content
    written: bool = False
    unwritable: str | None = None  # the reason the operating system gave for not writing `path` (exit 4)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics) and self.unwritable is None


def new_correction(
    data: Dataset,
    committee: Committee,
    title: str,
    number: str | None = None,
    *,
    write: bool = False,
    force: bool = False,
) -> NewFile:
    """A correction file for `committee` (one of `data.committees`) with this title, in the folder's corrections/,
    numbered `number` or the committee's next free one; `write` creates it without replacing another file (`force`
    replaces only the file of a number given) and, when another writer took the number meanwhile, takes the next."""
    from budgetkorr.core.diagnostics import os_reason
    from budgetkorr.core.folder import CORRECTIONS_DIR
    from budgetkorr.core.period import budget_period, default_price_level, folder_mismatch
    from budgetkorr.files import WriteRefused
    from budgetkorr.importers.plan import numbers_in_use
    from budgetkorr.loader import correction_files
    from budgetkorr.newfile import NewCorrection, NotWritten

    folder = data.data_dir / CORRECTIONS_DIR
    used = numbers_in_use(correction_files(folder)[0] if folder.is_dir() else [], data.entries)
    if number is not None and number in used:
        message = _("{nr} bruges allerede af {file}").format(nr=number, file=used[number])
        return NewFile(data, (_problem(data, "--nr", message),))
    period = budget_period(data)
    if not period.years:
        message = _("budgetperioden kan ikke ses: data-mappen har hverken budget.yaml eller korrektioner")
        return NewFile(data, (_problem(data, "--data", message),))
    warnings = tuple(folder_mismatch(data))
    new_file = NewCorrection(folder, committee, title, period.years, default_price_level(data))
    try:
        if not write:
            chosen = number or new_file.next_number(used)
            return NewFile(data, (), warnings, chosen, *new_file.planned(chosen))
        path, chosen = new_file.create(number, used, force=force)
    except (NotWritten, WriteRefused) as exc:
        return NewFile(data, (_problem(data, "--nr", str(exc)),), warnings)
    except OSError as exc:
        return NewFile(data, (), warnings, number or "", Path(str(exc.filename)), unwritable=os_reason(exc))
    return NewFile(data, (), warnings, chosen, path, new_file.planned(chosen)[1], written=True)


@dataclass(frozen=True)
class Imported:
    """Committee appendices imported (`budgetkorr import`): a correction file per form, planned or written."""

    diagnostics: tuple[Diagnostic, ...]  # every problem and doubt, each at its line of an appendix, sorted
    planned: tuple[PlannedFile, ...] = ()
    written: tuple[Path, ...] = ()
    forms: int = 0  # the forms found, read or not
    committees_ok: bool = True  # False: udvalg.yaml or the layout has an error (its diagnostics), nothing was read
    write_failed: bool = False  # a file could not be written (exit 4)
    failures: tuple[Failure, ...] = ()  # each form (or appendix) for which nothing was written, by its first problem
    unchanged: tuple[Path, ...] = ()  # planned files already in place with the same text: left as they are

    @property
    def ok(self) -> bool:
        return self.committees_ok and not has_errors(self.diagnostics)


def import_appendices(
    files: Sequence[str | PathLike[str]],
    data_dir: str | PathLike[str] | None,
    out: str | PathLike[str] | None = None,
    committee: str | None = None,
    *,
    write: bool = False,
    force: bool = False,
    layout: str | PathLike[str] | None = None,
) -> Imported:
    """Read the appendices (text, PDF, Word, or a workbook from `workbook`, .xlsx) and plan a file per form (a
    workbook's row) in `out` (default: the data folder's corrections/), checked against the data folder's committees
    (none: not checked); `write` writes them, each without replacing a file (unless `force`), and reads them back. A
    form (or row) that can not be read is a diagnostic and a failure (nothing is written for it); the others are
    still planned and written. A planned file already in place with exactly its text (the form imported before) is
    left as it is, in `unchanged`. `layout` is a layout file or a shipped layout's name (default: the shipped layout
    that finds the most forms)."""
    from budgetkorr.core.diagnostics import sort_diagnostics
    from budgetkorr.core.folder import CORRECTIONS_DIR
    from budgetkorr.importers.batch import plan_import, unchanged, write_planned
    from budgetkorr.importers.layout import find_layout
    from budgetkorr.importers.plan import numbers_in_use
    from budgetkorr.importers.workbook import is_workbook
    from budgetkorr.loader import correction_files, load_committees, load_corrections
    from budgetkorr.yamlwrite import schema_reference

    chosen, layout_problems = find_layout(Path(layout)) if layout is not None else (None, [])
    if layout_problems:
        return Imported(tuple(layout_problems), committees_ok=False)
    committees: tuple[Committee, ...] = ()
    if data_dir is not None:
        found, problems = load_committees(Path(data_dir))
        if has_errors(problems):
            return Imported(tuple(problems), committees_ok=False)
        committees = tuple(found)
    folder = Path(out) if out is not None else (Path(data_dir) / CORRECTIONS_DIR if data_dir is not None else None)
    if folder is None:
        message = _("ingen data-mappe fundet; angiv --out DIR eller --data DIR")
        return Imported((_folder_problem(Path(), "--data", message),))
    existing: dict[str, Path] = {}
    if folder.is_dir():
        paths = correction_files(folder)[0]
        existing = numbers_in_use(paths, load_corrections(paths, committees)[0] if committees else [])
    appendices, schema = [Path(file) for file in files], schema_reference(folder)
    workbooks = [path for path in appendices if is_workbook(path)]  # a workbook is read by its columns, not lines
    others = [path for path in appendices if not is_workbook(path)]
    plan = plan_import(
        others, folder, committees=committees, committee=committee, existing=existing, schema=schema, layout=chosen
    )
    if workbooks:
        from budgetkorr.importers.workbookplan import plan_workbooks

        plan = plan_workbooks(
            workbooks, folder, plan, committees=committees, committee=committee, existing=existing, schema=schema
        )
    diagnostics, failures = list(plan.diagnostics), list(plan.failures)
    if not write:  # what is in place already with exactly the planned text (imported before) would be left
        kept = unchanged(plan.files)
        same = tuple(item.path for item in plan.files if item.path in kept)
        return Imported(
            tuple(sort_diagnostics(diagnostics)), plan.files, (), plan.forms, True, False, plan.failures, same
        )
    done = write_planned(plan.files, force)
    diagnostics += done.problems
    failures += done.failures
    if done.written and committees:  # read back by the loader: an error here would be a bug, and is reported as one
        diagnostics += [d for d in load_corrections(done.written, committees)[1] if d.is_error]
    return Imported(
        tuple(sort_diagnostics(diagnostics)),
        plan.files,
        done.written,
        plan.forms,
        True,
        done.failed,
        tuple(failures),
        done.kept,
    )


@dataclass(frozen=True)
class Workbook:
    """The corrections as a workbook to edit and import again (`budgetkorr export`): the selected ones, or none
    (`--tom`), a column per year of `years`, the committees for the drop-down list of Udvalg."""

    data: Dataset
    selection: Selection
    diagnostics: tuple[Diagnostic, ...]  # the folder's, a selection that leaves none, a text no cell can hold
    entries: tuple[Entry, ...] = ()
    years: tuple[int, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # those in the chosen corrections' files, and the folder's own

    @property
    def ok(self) -> bool:
        return bool(self.years) and not has_errors(self.diagnostics)

    def render(self) -> bytes:
        """The workbook's bytes (.xlsx), the same for the same corrections."""
        from budgetkorr.core.version import __version__
        from budgetkorr.render.workbook import render_workbook

        made = _("Lavet af budgetkorr {version} fra data-mappen {folder}.")
        source = made.format(version=__version__, folder=display_path(self.data.data_dir))
        return render_workbook(self.entries, self.data.committees, self.years, [source])


def workbook(data: Dataset, selection: Selection | None = None, *, empty: bool = False) -> Workbook:
    """The selected corrections (default: every status) as a workbook, or with `empty` none (a workbook to fill in
    by hand); a column per year of the budget period and of every chosen correction."""
    from budgetkorr.core.period import budget_period
    from budgetkorr.core.selection import EmptySelection
    from budgetkorr.models import STATUSES

    selection = selection or Selection(tuple(STATUSES))
    if not data.ok:
        return Workbook(data, selection, data.diagnostics)
    chosen: list[Entry] = []
    if not empty:
        try:
            chosen = selection.apply(data.entries)
        except EmptySelection as exc:
            message = _("{problem}. Vil du have en tom projektmappe at udfylde, så brug --tom.")
            return Workbook(
                data, selection, (*data.diagnostics, _problem(data, "--status", message.format(problem=exc)))
            )
    covered = {*budget_period(data).years, *(year for entry in chosen for year in entry.correction.years)}
    if not covered:
        message = _("budgetperioden kan ikke ses: data-mappen har hverken budget.yaml eller korrektioner")
        return Workbook(data, selection, (*data.diagnostics, _problem(data, "--data", message)))
    years = tuple(range(min(covered), max(covered) + 1))
    problems = tuple(_cell_problems(chosen))
    if problems:
        return Workbook(data, selection, (*data.diagnostics, *problems))
    return Workbook(data, selection, data.diagnostics, tuple(chosen), years, tuple(warnings_for(data, chosen)))


def _cell_problems(entries: Sequence[Entry]) -> list[Diagnostic]:
    """Each text of a correction that a workbook cell can not hold as it is, at its line of the file."""
    from budgetkorr.models import Correction, Financing, fields_of
    from budgetkorr.render.workbook import cell_problem

    problems: list[Diagnostic] = []
    for entry in entries:
        correction = entry.correction
        texts: list[tuple[tuple[str | int, ...], object]] = [
            ((field.key,), field.of(correction)) for field in fields_of(Correction)
        ]
        texts += [
            (("finansiering", index, field.key), field.of(financing))
            for index, financing in enumerate(correction.financing)
            for field in fields_of(Financing)
        ]
        for location, text in texts:
            problem = cell_problem(text) if isinstance(text, str) else None
            if problem is not None:
                where = ".".join(str(part) for part in location)
                line = entry.source.line_of(location)
                problems.append(Diagnostic(display_path(entry.path), line, f"{correction.number} {where}", problem))
    return problems

"""Two states of a budget repository compared: the corrections added, removed and changed field by field, the
totals per committee and year, and each target before and after with the changed corrections that moved it. Pure.

The two states are loaded datasets (today's files and an earlier commit, or two folders). Corrections are matched
by their `nr`, so a renamed file is the same correction. Totals come from `compute.summarize` and the targets from
`targets.check_targets`, so the comparison rounds and judges exactly as `summary` and `check-targets` do.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from budgetkorr.compute import select, summarize
from budgetkorr.core.dataset import Dataset
from budgetkorr.core.entry import Entry
from budgetkorr.core.folder import BUDGET_FILE, TARGETS_FILE
from budgetkorr.core.period import budget_period, default_price_level
from budgetkorr.core.prices import Conversion, Converted, convert
from budgetkorr.core.selection import DEFAULT_STATUSES
from budgetkorr.i18n import _
from budgetkorr.models import YEAR_ROWS, Correction, Financing, FormField, Status, fields_of
from budgetkorr.models.values import UNKNOWN
from budgetkorr.targets import (
    Check,
    Effect,
    NotCheckable,
    Rule,
    TargetReport,
    TargetResult,
    check_targets,
    effect_of,
)

ZERO = Decimal(0)
TEXT_CONTEXT = 1  # lines of context around a changed line of text
TEXT_LINES = 12  # a text change longer than this is cut, and says how much is left out

Location = tuple[str | int, ...]
Value = Decimal | str | None
ChangeKind = Literal["tilføjet", "fjernet", "ændret"]
FieldKind = Literal["beløb", "stillinger", "værdi"]

# The keys whose change moves a target (what the correction does to drift, anlæg, indtægter, or whether it counts).
MOVING_KEYS = ("netto", "udgifter", "indtægter", "finansiering", "status", "prisniveau")
# The text fields, compared as a diff of their lines, not as a value before and after.
TEXT_KEYS = tuple((field.key, field.name) for field in fields_of(Correction) if field.kind in ("text", "section"))


@dataclass(frozen=True)
class State:
    """One side of the comparison: a valid dataset and what to call it (`main (1a2b3c4)`, `arbejdskopi`)."""

    label: str
    dataset: Dataset


@dataclass(frozen=True)
class FieldChange:
    """One field of a correction before and after; `key` as in the file (`netto.2026`, `finansiering.1.kilde`)."""

    key: str
    location: Location
    before: Value
    after: Value
    kind: FieldKind = "værdi"

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.before, Decimal | None) and isinstance(self.after, Decimal | None) and self.kind != "værdi":
            return (self.after or ZERO) - (self.before or ZERO)
        return None


@dataclass(frozen=True)
class TextChange:
    """A changed text field as a short unified diff (lines starting with '-', '+' or ' ')."""

    key: str
    lines: tuple[str, ...]
    omitted: int  # changed lines left out to keep it short


@dataclass(frozen=True)
class CorrectionChange:
    number: str
    kind: ChangeKind
    before: Entry | None
    after: Entry | None
    before_path: str | None  # relative to the data folder
    after_path: str | None
    fields: tuple[FieldChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    # Each side's conversion to the comparison's price level, where it is written in another (None: as written).
    before_shown: Converted | None = None
    after_shown: Converted | None = None

    @property
    def entry(self) -> Entry:
        found = self.after or self.before
        assert found is not None  # a change has at least one side
        return found

    def converted_nets(self) -> tuple[tuple[str, Converted, Correction], ...]:
        """The sides to show in the comparison's price level too ("før"/"efter", or "" for an added or removed
        correction): those written in another level, when the change is one of amounts, status or level."""
        moving = self.kind != "ændret" or any(c.location and c.location[0] in MOVING_KEYS for c in self.fields)
        sides = (("før", self.before_shown, self.before), ("efter", self.after_shown, self.after))
        return tuple(
            ("" if self.kind != "ændret" else label, shown, entry.correction)
            for label, shown, entry in sides
            if moving and shown is not None and entry is not None
        )

    @property
    def renamed(self) -> bool:
        return self.before_path is not None and self.after_path is not None and self.before_path != self.after_path

    def location(self) -> Location:
        """Where in the new file the change that moves the targets is: the first changed key that does so, or
        (a new correction) its netto row."""
        correction = self.entry.correction
        for change in self.fields:
            if change.location and change.location[0] in MOVING_KEYS:
                return change.location
        return ("netto",) if correction.net is not None else ("udgifter",)


@dataclass(frozen=True)
class TotalChange:
    """A committee's (or all committees', `committee` None) netto per year before and after."""

    committee: str | None
    abbreviation: str
    before: Mapping[int, Decimal]
    after: Mapping[int, Decimal]
    # year → the corrections whose `ukendt` netto the figure lacks (it is then the known part only)
    before_missing: Mapping[int, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    after_missing: Mapping[int, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def difference(self, year: int) -> Decimal:
        return self.after.get(year, ZERO) - self.before.get(year, ZERO)

    @property
    def changed(self) -> bool:
        return any(self.difference(year) != 0 for year in {*self.before, *self.after})


CauseKind = Literal["korrektion", "budget", "tærskel"]


@dataclass(frozen=True)
class Cause:
    """What moved a target's figure between the two states: a changed correction, the budget's own row, or the
    threshold. `value` is the change in the figure (None for a threshold), `margin` the change in the margin."""

    kind: CauseKind
    name: str  # the correction's nr, or the file
    value: Decimal | None
    margin: Decimal
    change: CorrectionChange | None = None


@dataclass(frozen=True)
class CheckChange:
    """One judged figure (a year, or the average: year None) before and after."""

    year: int | None
    before: Check | None
    after: Check | None
    deciding: bool
    causes: tuple[Cause, ...]

    @property
    def changed(self) -> bool:
        if self.before is None or self.after is None:
            return self.before is not self.after
        return (self.before.after, self.before.margin) != (self.after.after, self.after.margin)

    @property
    def worse(self) -> bool:
        """Met before, not met now."""
        return self.before is not None and self.after is not None and self.before.met and not self.after.met

    @property
    def better(self) -> bool:
        return self.before is not None and self.after is not None and not self.before.met and self.after.met

    def blamed(self) -> tuple[Cause, ...]:
        """The causes that moved the margin the way it went, largest first."""
        if self.before is None or self.after is None:
            return ()
        direction = self.after.margin - self.before.margin
        found = [cause for cause in self.causes if cause.margin * direction > 0]
        return tuple(sorted(found, key=lambda cause: (-abs(cause.margin), cause.name)))


@dataclass(frozen=True)
class TargetChange:
    id: str  # the built-in rule's id, or the own rule's navn (TargetSetting.key)
    name: str
    met_before: bool | None  # None: not checked on that side
    met_after: bool | None
    checks: tuple[CheckChange, ...]
    undecided_after: bool = False  # an unknown amount moves it now: not met, and not decided either

    @property
    def deciding(self) -> tuple[CheckChange, ...]:
        return tuple(check for check in self.checks if check.deciding)

    @property
    def worse(self) -> bool:
        return self.met_before is True and self.met_after is False

    @property
    def better(self) -> bool:
        return self.met_before is False and self.met_after is True

    @property
    def changed(self) -> bool:
        return self.met_before != self.met_after or any(check.changed for check in self.checks)

    def key_check(self) -> CheckChange | None:
        """The deciding figure to name in a headline: the worst one now (or, when the target became met, the
        worst one before); None when both sides are not there."""
        both = [c for c in self.deciding if c.before is not None and c.after is not None]
        if not both:
            return None
        if self.better:
            return min(both, key=lambda c: (_margin(c.before), c.year or 0))
        changed = [c for c in both if c.changed] or both
        return min(changed, key=lambda c: (_margin(c.after), c.year or 0))


def _margin(check: Check | None) -> Decimal:
    return check.margin if check is not None else ZERO


@dataclass(frozen=True)
class Comparison:
    before: State
    after: State
    years: tuple[int, ...]
    price_level: int
    corrections: tuple[CorrectionChange, ...]
    totals: tuple[TotalChange, ...]  # per committee (in udvalg.yaml's order), then all committees
    targets: tuple[TargetChange, ...]
    notes: tuple[str, ...]

    def of_kind(self, kind: ChangeKind) -> tuple[CorrectionChange, ...]:
        return tuple(change for change in self.corrections if change.kind == kind)

    @property
    def worse(self) -> bool:
        """A target that was met is no longer met."""
        return any(target.worse for target in self.targets)

    @property
    def empty(self) -> bool:
        return not self.corrections and not any(t.changed for t in self.totals) and not self.targets_changed

    @property
    def targets_changed(self) -> tuple[TargetChange, ...]:
        return tuple(target for target in self.targets if target.changed)


# --- corrections -------------------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _years(
    key: str,
    location: Location,
    before: Mapping[int, Decimal | str],
    after: Mapping[int, Decimal | str],
    kind: FieldKind,
) -> list[FieldChange]:
    return [
        FieldChange(f"{key}.{year}", (*location, year), before.get(year), after.get(year), kind)
        for year in sorted({*before, *after})
        if before.get(year) != after.get(year)
    ]


def _net(correction: Correction) -> dict[int, Decimal | str]:
    return {year: UNKNOWN if correction.net_unknown(year) else correction.net_in(year) for year in correction.years}


def _row(correction: Correction, key: str, row: Mapping[int, Decimal] | None) -> Mapping[int, Decimal | str] | None:
    """A row of amounts with `ukendt` where the file writes it, so that ukendt → 1.000 is a change, shown as such."""
    if row is None or not correction.unknown:
        return row
    return {year: UNKNOWN if correction.is_unknown(key, year) else amount for year, amount in row.items()}


def _rows_last(fields: Iterable[FormField]) -> list[FormField]:
    """The fields in the file's order, the one-line values before the year rows (as a change list reads best)."""
    return sorted(fields, key=lambda field: field.kind in YEAR_ROWS)


def field_changes(old: Correction, new: Correction, old_committee: str, new_committee: str) -> list[FieldChange]:
    """Every field that differs, in the form's order; amounts year by year."""
    found: list[FieldChange] = []
    for field in _rows_last(fields_of(Correction)):
        key = field.key
        if field.kind == "value" and key != "nr":  # nr: the two are matched by it
            before, after = (old_committee, new_committee) if key == "udvalg" else (field.of(old), field.of(new))
            if before != after:
                found.append(FieldChange(key, (key,), _text(before), _text(after)))
        elif field.kind in YEAR_ROWS:
            kind: FieldKind = "stillinger" if field.kind == "positions" else "beløb"
            before_row: Mapping[int, Decimal | str] | None
            after_row: Mapping[int, Decimal | str] | None
            if field.name == "net":
                before_row, after_row = _net(old), _net(new)
            else:
                before_row, after_row = _row(old, key, field.of(old)), _row(new, key, field.of(new))
            found += _years(key, (key,), before_row or {}, after_row or {}, kind)
    for index in range(max(len(old.financing), len(new.financing))):
        a = old.financing[index] if index < len(old.financing) else None
        b = new.financing[index] if index < len(new.financing) else None
        found += _financing_changes(index, a, b)
    return found


def _financing_changes(index: int, a: Financing | None, b: Financing | None) -> list[FieldChange]:
    found: list[FieldChange] = []
    where: Location = ("finansiering", index)
    for field in _rows_last(fields_of(Financing)):
        key = f"finansiering.{index + 1}.{field.key}"
        before, after = (field.of(a) if a else None), (field.of(b) if b else None)
        if field.kind in YEAR_ROWS:
            found += _years(key, (*where, field.key), before or {}, after or {}, "beløb")
        elif _text(before) != _text(after):
            found.append(FieldChange(key, (*where, field.key), _text(before), _text(after)))
    return found


def _sentences(text: str) -> list[str]:
    """The text's lines, each cut after its sentences: a changed word shows its sentence, not a whole paragraph."""
    return [part for line in text.splitlines() for part in (re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])", line) or [line])]


def text_change(key: str, before: str | None, after: str | None) -> TextChange | None:
    """A short unified diff of a text field, or None when it is unchanged."""
    if (before or "") == (after or ""):
        return None
    lines = [
        line
        for line in difflib.unified_diff(_sentences(before or ""), _sentences(after or ""), lineterm="", n=TEXT_CONTEXT)
        if not line.startswith(("---", "+++"))
    ]
    kept = lines[:TEXT_LINES]
    omitted = sum(1 for line in lines[TEXT_LINES:] if line.startswith(("-", "+")))
    return TextChange(key, tuple(kept), omitted)


def _relative(entry: Entry, dataset: Dataset) -> str:
    try:
        return entry.path.relative_to(dataset.data_dir).as_posix()
    except ValueError:
        return entry.path.as_posix()


def correction_changes(before: Dataset, after: Dataset, texts: bool = True) -> list[CorrectionChange]:
    """The corrections added, removed and changed, matched by nr (a renamed file is the same correction)."""
    old = {entry.correction.number: entry for entry in before.entries}
    new = {entry.correction.number: entry for entry in after.entries}
    changes: list[CorrectionChange] = []
    for number in sorted({*old, *new}):
        a, b = old.get(number), new.get(number)
        a_path = _relative(a, before) if a else None
        b_path = _relative(b, after) if b else None
        if a is None:
            changes.append(CorrectionChange(number, "tilføjet", None, b, None, b_path))
            continue
        if b is None:
            changes.append(CorrectionChange(number, "fjernet", a, None, a_path, None))
            continue
        fields = field_changes(a.correction, b.correction, a.committee.name, b.committee.name)
        diffs = [
            change
            for key, attribute in TEXT_KEYS
            if texts
            and (change := text_change(key, getattr(a.correction, attribute), getattr(b.correction, attribute)))
        ]
        text_differs = any(
            getattr(a.correction, attribute) != getattr(b.correction, attribute) for _, attribute in TEXT_KEYS
        )
        if fields or text_differs or a_path != b_path:
            changes.append(CorrectionChange(number, "ændret", a, b, a_path, b_path, tuple(fields), tuple(diffs)))
    return changes


# --- totals ------------------------------------------------------------------------------------------------


_Nets = dict[str, dict[int, Decimal]]
_Missing = dict[str, dict[int, tuple[str, ...]]]


def _nets(
    entries: Sequence[Entry], dataset: Dataset, years: Sequence[int], conversion: Conversion
) -> tuple[_Nets, _Missing]:
    """Netto per committee ("" for all) and year, and the unknown nettos each lacks (where any)."""
    summary = summarize(entries, dataset.committees, "udvalg", years, conversion)
    nets: _Nets = {}
    missing: _Missing = {}
    for row in summary.rows:
        nets.setdefault(row.committee.name, {})[row.year] = row.figures.net
        if row.figures.unknown:
            missing.setdefault(row.committee.name, {})[row.year] = row.figures.missing("net")
    nets[""] = {year: figures.net for year, figures in zip(summary.years, summary.totals, strict=True)}
    missing[""] = {
        year: figures.missing("net")
        for year, figures in zip(summary.years, summary.totals, strict=True)
        if figures.unknown
    }
    return nets, missing


def total_changes(
    before: tuple[Dataset, Sequence[Entry], Conversion],
    after: tuple[Dataset, Sequence[Entry], Conversion],
    years: Sequence[int],
) -> list[TotalChange]:
    """Netto per committee and year on both sides, summed as `summary` sums; committees in udvalg.yaml's order."""
    old, old_missing = _nets(before[1], before[0], years, before[2])
    new, new_missing = _nets(after[1], after[0], years, after[2])
    committees = {c.name: c.abbreviation for c in (*before[0].committees, *after[0].committees)}
    order = [c.name for c in after[0].committees] + [c.name for c in before[0].committees]
    names = [name for name in dict.fromkeys(order) if name in old or name in new]
    rows = [
        TotalChange(
            name,
            committees[name],
            old.get(name, {}),
            new.get(name, {}),
            old_missing.get(name, {}),
            new_missing.get(name, {}),
        )
        for name in names
    ]
    rows.append(TotalChange(None, "", old[""], new[""], old_missing[""], new_missing[""]))
    return rows


# --- targets -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    report: TargetReport
    effects: dict[str, dict[int, Effect]]  # nr → year → effect, of the selected corrections


def _check(dataset: Dataset, entries: Sequence[Entry], level: int) -> tuple[_Checked | None, str | None]:
    """The targets on one side, or why they can not be checked there."""
    if dataset.budget is None or dataset.targets is None:
        missing = BUDGET_FILE if dataset.budget is None else TARGETS_FILE
        return None, missing
    folder = budget_period(dataset)
    if not folder.fits:  # as check-targets: a budget the corrections do not fit is not judged
        return None, f"{BUDGET_FILE}: {folder.mismatch()}"
    rates = dataset.rates.rates if dataset.rates else {}
    try:
        report = check_targets(dataset.budget, dataset.targets.targets, entries, rates, level)
    except NotCheckable as exc:
        return None, str(exc)
    conversion = convert(entries, rates, report.price_level)
    effects = {
        entry.correction.number: {
            year: effect_of(entry.correction, year, conversion.factor_of(entry.correction.number))
            for year in report.years
        }
        for entry in entries
    }
    return _Checked(report, effects), None


def _contribution(rule: Rule, effects: Mapping[int, Effect] | None, year: int | None, years: Sequence[int]) -> Decimal:
    if effects is None:
        return ZERO
    complete = {y: effects.get(y, Effect()) for y in years}
    if year is None:
        return sum((rule.effect(complete, y) for y in years), ZERO) / len(years) if years else ZERO
    return rule.effect(complete, year) if year in complete else ZERO


def _causes(
    rules: tuple[Rule, Rule],
    check: tuple[Check | None, Check | None],
    year: int | None,
    sides: tuple[_Checked, _Checked],
    changes: Sequence[CorrectionChange],
) -> tuple[Cause, ...]:
    before, after = check
    if before is None or after is None:
        return ()
    sign = 1 if after.at_least else -1
    causes: list[Cause] = []
    for change in changes:
        old = _contribution(rules[0], sides[0].effects.get(change.number), year, sides[0].report.years)
        new = _contribution(rules[1], sides[1].effects.get(change.number), year, sides[1].report.years)
        if new != old:
            causes.append(Cause("korrektion", change.number, new - old, sign * (new - old), change))
    if after.before != before.before:
        moved = after.before - before.before
        causes.append(Cause("budget", BUDGET_FILE, moved, sign * moved))
    if after.threshold != before.threshold:
        causes.append(Cause("tærskel", TARGETS_FILE, None, -sign * (after.threshold - before.threshold)))
    return tuple(sorted(causes, key=lambda cause: (-abs(cause.margin), cause.name)))


def _checks(result: TargetResult | None) -> dict[int | None, Check]:
    """A target's judged figures by year (None: the average), or none when the side does not check it."""
    if result is None:
        return {}
    return {check.year: check for check in (*result.years, *([result.average] if result.average else []))}


def target_changes(
    sides: tuple[_Checked | None, _Checked | None], changes: Sequence[CorrectionChange]
) -> list[TargetChange]:
    old, new = sides
    results_before = {r.setting.key: r for r in old.report.results} if old else {}
    results_after = {r.setting.key: r for r in new.report.results} if new else {}
    found: list[TargetChange] = []
    order = [*results_after, *(i for i in results_before if i not in results_after)]
    for target_id in order:
        a, b = results_before.get(target_id), results_after.get(target_id)
        either = b or a
        assert either is not None  # the id comes from one of the two sides
        checks_before = _checks(a)
        checks_after = _checks(b)
        keys = sorted({*checks_before, *checks_after}, key=lambda y: (y is None, y or 0))
        checks = []
        for year in keys:
            pair = (checks_before.get(year), checks_after.get(year))
            causes = _causes((a.rule, b.rule), pair, year, (old, new), changes) if old and new and a and b else ()
            deciding = (year is None) == (either.average is not None)
            checks.append(CheckChange(year, pair[0], pair[1], deciding, causes))
        found.append(
            TargetChange(
                target_id,
                either.setting.name,
                a.met if a else None,
                b.met if b else None,
                tuple(checks),
                b.undecided if b else False,
            )
        )
    return found


# --- the whole comparison ----------------------------------------------------------------------------------


def compare(
    before: State,
    after: State,
    statuses: Iterable[Status] = DEFAULT_STATUSES,
    level: int | None = None,
    texts: bool = True,
) -> Comparison:
    """Compare two loaded states: corrections of every status; totals and targets of the selected statuses."""
    wanted = tuple(statuses)
    old_entries = select(before.dataset.entries, wanted)
    new_entries = select(after.dataset.entries, wanted)
    budget = after.dataset.budget or before.dataset.budget
    # both sides in one price level: the new side's (`period`), else the old side's
    chosen = level if level is not None else default_price_level(after.dataset) or default_price_level(before.dataset)
    chosen = chosen or 0
    old_rates = before.dataset.rates.rates if before.dataset.rates else {}
    new_rates = after.dataset.rates.rates if after.dataset.rates else {}
    old_conversion = convert(old_entries, old_rates, chosen)
    new_conversion = convert(new_entries, new_rates, chosen)
    years = tuple(
        sorted(
            {y for e in (*old_entries, *new_entries) for y in e.correction.years} | set(budget.years if budget else ())
        )
    )
    sides = (convert(before.dataset.entries, old_rates, chosen), convert(after.dataset.entries, new_rates, chosen))
    corrections = [
        replace(change, before_shown=sides[0].of(change.number), after_shown=sides[1].of(change.number))
        for change in correction_changes(before.dataset, after.dataset, texts)
    ]
    totals = total_changes(
        (before.dataset, old_entries, old_conversion), (after.dataset, new_entries, new_conversion), years
    )
    old_checked, old_missing = _check(before.dataset, old_entries, chosen)
    new_checked, new_missing = _check(after.dataset, new_entries, chosen)
    notes: list[str] = []
    for state, missing in ((before, old_missing), (after, new_missing)):
        if missing in (BUDGET_FILE, TARGETS_FILE):
            notes.append(_("{side}: målene tjekkes ikke, for {file} mangler").format(side=state.label, file=missing))
        elif missing is not None:
            notes.append(_("{side}: målene tjekkes ikke: {reason}").format(side=state.label, reason=missing))
    targets = target_changes((old_checked, new_checked), corrections)
    unconverted = sorted({n for n, _, _ in (*old_conversion.unconverted, *new_conversion.unconverted)})
    if unconverted:
        notes.append(
            _(
                "Ikke omregnet til {level}-priser (en sats mangler i prisniveau.yaml), talt som skrevet: {numbers}"
            ).format(level=chosen, numbers=", ".join(unconverted))
        )
    return Comparison(before, after, years, chosen, tuple(corrections), tuple(totals), tuple(targets), tuple(notes))


@dataclass(frozen=True)
class TipPoint:
    """Where a changed correction tipped a target: its file and changed line, and how much it moved the figure."""

    path: Path
    line: int
    number: str
    effect: Decimal


def tipping_points(comparison: Comparison) -> dict[tuple[str, int | None], TipPoint]:
    """Where each figure that a change tipped (met before, not after) should be annotated: the changed line of the
    changed correction that moved it most that way. Keyed by (target id, year; None: the average)."""
    points: dict[tuple[str, int | None], TipPoint] = {}
    for target in comparison.targets:
        for check in target.deciding:
            if not check.worse:
                continue
            cause = next((c for c in check.blamed() if c.change is not None and c.change.after is not None), None)
            if cause is not None and cause.change is not None and cause.change.after is not None:
                after, where = cause.change.after, cause.change.location()
                points[(target.id, check.year)] = TipPoint(
                    after.path, after.source.line_of(where), cause.name, cause.value or ZERO
                )
    return points

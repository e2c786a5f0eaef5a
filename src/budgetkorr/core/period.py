"""The data folder's budget year, budget period and default price level: decided here, once, for every command.

budget.yaml decides when every year of every correction lies inside its period: the period is its years, the
budget year the first of them, the price level its `prisniveau`. Without budget.yaml, or when a correction has
amounts outside its period (last year's budget.yaml beside this year's corrections), the corrections decide: the
period is the one most corrections are written for (on a tie the longer, then the later), and the price level the
one most corrections are in (on a tie the later). The mismatch is named as a warning at budget.yaml by the loader
(`mismatch_diagnostic`), and check-targets refuses to judge the targets: exit 2.

Pure functions of the loaded values (the loader calls `mismatch_diagnostic`; it imports nothing of the loader).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from budgetkorr.core.diagnostics import Diagnostic, Severity, display_path, sort_diagnostics
from budgetkorr.core.folder import BUDGET_FILE, TARGETS_FILE
from budgetkorr.i18n import _, ngettext
from budgetkorr.models import year_span

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.entry import Entry, Source
    from budgetkorr.core.prices import Conversion

# The corrections named in the message about the period; the rest are counted (each file has its own warning).
NAMED = 5
# budget.yaml's years are the keys of this row (`BudgetOverview.years`): the message points at it.
PERIOD_ROW = "driftsudgifter"


@dataclass(frozen=True)
class BudgetPeriod:
    """The budget period of a data folder, and what it was decided from."""

    years: tuple[int, ...]  # the budget year, then the overslagsår; () when the folder has nothing to tell
    budget_years: tuple[int, ...]  # budget.yaml's years; () without one
    correction_years: tuple[int, ...]  # every year any correction has an amount in
    outside: tuple[str, ...]  # the corrections with a year outside budget.yaml's period, by nr

    @property
    def budget_year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def fits(self) -> bool:
        """True unless a correction has amounts outside budget.yaml's period: only then can the targets be
        checked (and without budget.yaml there is nothing to misfit)."""
        return not self.outside

    @property
    def from_budget(self) -> bool:
        """budget.yaml decided (it exists and the corrections fit it)."""
        return bool(self.budget_years) and self.fits

    def mismatch(self) -> str:
        """Why budget.yaml and the corrections do not fit, and what to do; "" when they do."""
        if self.fits:
            return ""
        extra = len(self.outside) - NAMED
        numbers = ", ".join(self.outside[:NAMED])
        if extra > 0:
            numbers = ngettext("{numbers} og {n} mere", "{numbers} og {n} flere", extra).format(
                numbers=numbers, n=extra
            )
        text = _("budgetperioden er {budget}, men korrektionerne har beløb i {years} ({numbers} har år uden for den)")
        text = text.format(budget=year_span(self.budget_years), years=year_span(self.correction_years), numbers=numbers)
        if self.years != self.budget_years:
            text += _(
                "; de fleste korrektioner er til budget {year} ({span}): skriv det budgets hovedoversigt i "
                "budget.yaml, eller ret korrektionerne"
            ).format(year=self.budget_year, span=year_span(self.years))
        else:
            text += _("; ret årene i de korrektioner, eller flyt dem ud af corrections/")
        return text + _("; check-targets tjekker ikke målene, før de passer sammen")


def decide_period(budget_years: Sequence[int], entries: Sequence[Entry]) -> BudgetPeriod:
    """The period of budget.yaml's years (() without one) and these corrections (see the module's docstring)."""
    correction_years = tuple(sorted({year for entry in entries for year in entry.correction.years}))
    inside = set(budget_years)
    outside = tuple(
        sorted(entry.correction.number for entry in entries if not inside.issuperset(entry.correction.years))
    )
    if not budget_years:
        outside = ()  # nothing to be outside of
    elif not outside:
        return BudgetPeriod(tuple(budget_years), tuple(budget_years), correction_years, ())
    written = Counter(entry.correction.years for entry in entries)
    years = max(written, key=lambda span: (written[span], len(span), span)) if written else ()
    return BudgetPeriod(tuple(years), tuple(budget_years), correction_years, outside)


def budget_period(dataset: Dataset) -> BudgetPeriod:
    """The data folder's budget year and period: what every command names and what check-targets checks."""
    return decide_period(dataset.budget.years if dataset.budget is not None else (), dataset.entries)


def default_price_level(dataset: Dataset) -> int | None:
    """The price level every command shows amounts in unless --prisniveau says otherwise: budget.yaml's when it
    decides the period, else the one most corrections are in (the later on a tie); None with neither."""
    if dataset.budget is not None and budget_period(dataset).from_budget:
        return dataset.budget.price_level
    counts = Counter(entry.correction.price_level for entry in dataset.entries)
    return max(counts, key=lambda level: (counts[level], level)) if counts else None


def shown_conversion(dataset: Dataset, entries: Sequence[Entry], level: int | None = None) -> Conversion:
    """How the entries are brought to the level amounts are shown in: `level`, else the default one."""
    from budgetkorr.core.prices import convert

    rates = dataset.rates.rates if dataset.rates else {}
    return convert(entries, rates, level or default_price_level(dataset) or 0)


def mismatch_diagnostic(budget_years: Sequence[int], source: Source, entries: Sequence[Entry]) -> Diagnostic | None:
    """The mismatch of budget.yaml (`source`) and the corrections, as a warning at budget.yaml's row of years;
    None when they fit. check-targets stops with it as an error (`as_error`)."""
    found = decide_period(budget_years, entries)
    if found.fits:
        return None
    line = source.line_of((PERIOD_ROW,))
    return Diagnostic(display_path(source.path), line, PERIOD_ROW, found.mismatch(), Severity.WARNING)


def folder_mismatch(dataset: Dataset) -> list[Diagnostic]:
    """The warning the loader gave at budget.yaml when the corrections do not fit its period, else nothing."""
    if dataset.budget is None or dataset.budget_source is None:
        return []
    found = mismatch_diagnostic(dataset.budget.years, dataset.budget_source, dataset.entries)
    return [found] if found is not None else []


def has_unknowns(dataset: Dataset) -> bool:
    """budget.yaml has an amount, or targets.yaml a threshold, still `ukendt`: the targets can not be judged."""
    return bool((dataset.budget and dataset.budget.unknown) or (dataset.targets and dataset.targets.unknown))


def _unknown_warnings(dataset: Dataset) -> set[Diagnostic]:
    """The loader's warnings at the figures still `ukendt` (`loader.unknown_warnings`)."""
    budget_rows = set(dataset.budget.unknown) if dataset.budget else set()
    thresholds = {f"mål[{index}].tærskel" for index in dataset.targets.unknown} if dataset.targets else set()
    return {
        d
        for d in dataset.diagnostics
        if d.severity is Severity.WARNING
        and (
            (PurePath(d.path).name == BUDGET_FILE and d.field in budget_rows)
            or (PurePath(d.path).name == TARGETS_FILE and d.field in thresholds)
        )
    }


def as_error(dataset: Dataset) -> list[Diagnostic]:
    """The data folder's diagnostics with the mismatch of the period, and each figure still `ukendt`, as errors:
    what the target check stops with. Nothing changes when budget.yaml and the corrections fit and are complete."""
    found = set(folder_mismatch(dataset)) | _unknown_warnings(dataset)
    if not found:
        return list(dataset.diagnostics)
    gates = [Diagnostic(d.path, d.line, d.field, d.message, Severity.ERROR) for d in found]
    return sort_diagnostics([*(d for d in dataset.diagnostics if d not in found), *gates])

"""What loading a data folder gives every later stage: the committees, the valid corrections, the other files
where they were asked for and are valid, and every diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic, has_errors
from budgetkorr.core.entry import Entry, Source
from budgetkorr.models import BudgetOverview, Committee, Correction, PriceRates, TargetList


@dataclass(frozen=True)
class Dataset:
    """Everything loaded: the committees, the valid corrections (sorted by nr) and all diagnostics."""

    data_dir: Path
    committees: tuple[Committee, ...]
    entries: tuple[Entry, ...]
    diagnostics: tuple[Diagnostic, ...]
    files: int
    budget: BudgetOverview | None = None  # the other files, where the command asked for them and they are valid
    budget_source: Source | None = None
    targets: TargetList | None = None
    rates: PriceRates | None = None

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """The valid corrections, by nr (each `Entry` also names its committee and file)."""
        return tuple(entry.correction for entry in self.entries)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

"""budgetkorr: technical budget corrections as data, summed exactly and exported for spreadsheets.

The package is the library: `load`, `summary`, `corrections`, `check_targets`, `compare`, `appendix`, `forms`,
`history`, `validate`, `new_correction`, `import_appendices`, `workbook` (see `budgetkorr.library`), loaded when
first used so that `budgetkorr --help` stays quick. May import every layer below the command line (render, the
operations, load, readers, core, models); never `budgetkorr.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from budgetkorr.core.version import __version__

if TYPE_CHECKING:
    from budgetkorr.core.dataset import Dataset
    from budgetkorr.core.diagnostics import Diagnostic
    from budgetkorr.core.selection import Selection
    from budgetkorr.library import (
        Appendix,
        CorrectionList,
        Difference,
        Forms,
        History,
        Imported,
        NewFile,
        Summary,
        TargetCheck,
        Workbook,
        appendix,
        check_targets,
        compare,
        corrections,
        forms,
        history,
        import_appendices,
        load,
        new_correction,
        summary,
        validate,
        workbook,
    )

__all__ = [
    "Appendix",
    "CorrectionList",
    "Dataset",
    "Diagnostic",
    "Difference",
    "Forms",
    "History",
    "Imported",
    "NewFile",
    "Selection",
    "Summary",
    "TargetCheck",
    "Workbook",
    "__version__",
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
_HOMES = {"Dataset": "core.dataset", "Diagnostic": "core.diagnostics", "Selection": "core.selection"}


def __getattr__(name: str) -> Any:
    # The library is imported when first used, so that `budgetkorr --help` (which imports this package) stays quick.
    if name not in __all__:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"budgetkorr.{_HOMES.get(name, 'library')}"), name)

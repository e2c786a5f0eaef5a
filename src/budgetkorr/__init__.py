"""budgetkorr: technical budget corrections as data, summed exactly and exported for spreadsheets.

The package is the library: `load`, `summary`, `check_targets` and `compare` (see `budgetkorr.library`), loaded
when first used so that `budgetkorr --help` stays quick. May import every layer below the command line (render,
the operations, load, readers, core, models); never `budgetkorr.cli`.
"""

from budgetkorr.core.version import __version__

__all__ = ["__version__"]

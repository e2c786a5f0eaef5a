"""Loading a budget repository's data: files → validated records + diagnostics, and rules across files.

The only stage that reads files (with `yamlread`). Every problem in every file becomes a `Diagnostic`; nothing
is skipped silently and nothing is raised to the caller for bad input.
"""

from budgetkorr.load.across import COMMITTEES_FILE, Entry
from budgetkorr.load.repository import (
    BUDGET_FILE,
    CORRECTIONS_DIR,
    DATA_ENV,
    OTHER_FILES,
    PRICES_FILE,
    TARGETS_FILE,
    DataDirNotFound,
    Dataset,
    correction_files,
    find_data_dir,
    load_committees,
    load_corrections,
    load_dataset,
    load_file,
    resolve_data_dir,
)
from budgetkorr.load.validate import validate_file

__all__ = [
    "BUDGET_FILE",
    "COMMITTEES_FILE",
    "CORRECTIONS_DIR",
    "DATA_ENV",
    "OTHER_FILES",
    "PRICES_FILE",
    "TARGETS_FILE",
    "DataDirNotFound",
    "Dataset",
    "Entry",
    "correction_files",
    "find_data_dir",
    "load_committees",
    "load_corrections",
    "load_dataset",
    "load_file",
    "resolve_data_dir",
    "validate_file",
]

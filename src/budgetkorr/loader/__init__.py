"""Loading a budget repository's data: files → validated records + diagnostics, and rules across files.

The only stage that reads the data folder (through the readers, `yamlread`). Every problem in every file becomes
a `Diagnostic`; nothing is skipped silently and nothing is raised to the caller for bad input. What it returns
(`Dataset`, `Entry`) and the folder's file names live in `budgetkorr.core`.

May import the readers (`yamlread`, `yamlfast`, `yamlmessages`), `core` and `models`; never an operation, a
renderer or the command line.
"""

from budgetkorr.loader.repository import (
    OTHER_FILES,
    DataDirNotFound,
    correction_files,
    find_data_dir,
    load_committees,
    load_corrections,
    load_dataset,
    load_file,
    resolve_data_dir,
)
from budgetkorr.loader.validate import validate_file

__all__ = [
    "OTHER_FILES",
    "DataDirNotFound",
    "correction_files",
    "find_data_dir",
    "load_committees",
    "load_corrections",
    "load_dataset",
    "load_file",
    "resolve_data_dir",
    "validate_file",
]

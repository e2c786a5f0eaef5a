"""budgetkorr's version: what `--version`, a workbook's and a report's metadata name."""

__version__ = "0.1.0"

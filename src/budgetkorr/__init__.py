"""budgetkorr: technical budget corrections as data, summed exactly and exported for spreadsheets."""

__version__ = "0.1.0"

"""The core: the values every stage shares, and the pure rules about them.

Holds `Entry` and `Dataset` (what the loader returns), the `Selection` of corrections, `Diagnostic` (every stage's
problems), the number formatter (the one rounding rule), price levels (`prices`), the budget period and default
price level (`period`), the data folder's file names (`folder`), the version, and the reading of a correction's
texts as paragraphs, lists and tables (`textblocks`).

May import only `budgetkorr.models`, `budgetkorr.i18n` and `budgetkorr.escape`: nothing that reads files, sums,
renders or parses options. Every other stage may import it.
"""

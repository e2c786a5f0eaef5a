"""Rendering: report values → text. Pure functions, one module per format; nothing here prints.

May import the operations (their result values), `load`'s values, `core`, `models` and the catalog; never the
library facade (`budgetkorr`) or the command line.
"""

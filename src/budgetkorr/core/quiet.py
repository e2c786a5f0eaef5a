"""A library's own notes kept off stderr while budgetkorr uses it: what a person reads there is budgetkorr's, one
`FILE:LINE: FIELD: MESSAGE` per problem, and a library's English note in between (pypdf's "EOF marker not found",
WeasyPrint's layout notes) would be a line in no such form. Errors still pass; a problem the library raises is told
by budgetkorr in its own words."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    """The loggers `names` (and those below them) pass only errors while the block runs, then as they were."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

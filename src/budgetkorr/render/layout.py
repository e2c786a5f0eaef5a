"""Tidy records (one row per group and year) turned wide: one row per group, the years as columns, as a finance
department's own sheets are laid out. Pure; the same rows feed CSV and the workbook."""

from __future__ import annotations

from collections.abc import Sequence

from budgetkorr.render.records import CORRECTION_COLUMNS, Record

YEAR = "år"


# Columns that say what a whole output is made from: the same on every row.
CONSTANT = ("prisniveau_i_filen", "budgetår", "udvalgt")


def group_keys(columns: Sequence[str]) -> tuple[str, ...]:
    """The columns that name a row's group or do not change from year to year: each is written once per row."""
    if "nr" in columns:
        group: tuple[str, ...] = CORRECTION_COLUMNS
    elif "mål" in columns:
        group = ("mål", "navn", "prisniveau")  # one price level for the whole target check
    else:
        group = ("udvalg", "forkortelse")
    return tuple(column for column in columns if column in group or column in CONSTANT)


def wide(records: Sequence[Record], columns: Sequence[str]) -> tuple[list[Record], list[str]]:
    """One record per group; every other column once per year, `netto_2026`, grouped by what it measures.

    A group that lacks a year gets empty cells there (a correction that starts later), never a zero.
    """
    keys = group_keys(columns)
    years: list[str] = []
    rows: dict[tuple[str, ...], Record] = {}
    for record in records:
        year = str(record[YEAR])
        if year not in years:
            years.append(year)
        key = tuple(str(record[column]) for column in keys)
        row = rows.setdefault(key, {column: record[column] for column in keys})
        for column in columns:
            if column not in keys and column != YEAR:
                row[f"{column}_{year}"] = record[column]
    measures = [column for column in columns if column not in keys and column != YEAR]
    header = [*keys, *(f"{measure}_{year}" for measure in measures for year in years)]
    return [{column: row.get(column, "") for column in header} for row in rows.values()], header


def base_column(column: str) -> str:
    """The measure of a wide column: `netto_2026` → `netto`, `margin_gennemsnit` → `margin`."""
    head, _, tail = column.rpartition("_")
    return head if head and (tail.isdigit() or tail == "gennemsnit") else column


def shaped(records: Sequence[Record], columns: Sequence[str], layout: str) -> tuple[list[Record], list[str]]:
    """The records in the asked layout: `long` as they are, `wide` with the years as columns."""
    if layout == "wide" and YEAR in columns:
        return wide(records, columns)
    return list(records), list(columns)

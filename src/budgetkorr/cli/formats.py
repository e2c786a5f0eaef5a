"""The choices of the shared options: the output formats, the CSV dialects, what a summary groups by. Values
only, so that the option parsing and the writing of output can both name them without importing each other."""

from __future__ import annotations

import enum


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    xlsx = "xlsx"


class TargetFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    github = "github"
    xlsx = "xlsx"


class CsvDialect(enum.StrEnum):
    standard = "standard"
    excel_da = "excel-da"


class GroupBy(enum.StrEnum):
    udvalg = "udvalg"
    korrektion = "korrektion"

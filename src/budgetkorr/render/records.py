"""Reports as tidy records (one row per group and year), the shape CSV and JSON share.

Values stay typed (Decimal, int, bool, str) so that each format decides how to write them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from budgetkorr import escape
from budgetkorr.compute import Figures, FinancingYear, Row, Summary
from budgetkorr.core.entry import Entry
from budgetkorr.models import Committee, Correction, field_by_key, fields_of
from budgetkorr.render.scope import Scope, metadata
from budgetkorr.render.unknown import Partial

Value = str | int | bool | Decimal | Partial | tuple[str, ...]
Record = dict[str, Value]

# Columns whose values are amounts in mio. kr., and full-time positions: written with fixed decimals.
MONEY_COLUMNS = frozenset(
    {"udgifter", "indtægter", "netto", "netto_indenfor", "netto_udenfor", "netto_delvist", "engangsudgifter"}
    | {"fra_anlæg", "fra_drift", "fra_indtægter", "fra_kassen", "netto_drift", "serviceramme_brutto"}
    | {"serviceramme_netto"}  # the financing effect's
    | {"før", "korrektioner", "efter", "tærskel", "margin", "effekt"}  # the target report's
    | {"forskel"}  # a comparison's
)
POSITION_COLUMNS = frozenset({"fuldtidsstillinger"})


FIGURE_COLUMNS = (
    "antal",
    "udgifter",
    "indtægter",
    "netto",
    "netto_indenfor",
    "netto_udenfor",
    "netto_delvist",
    "fuldtidsstillinger",
    "engangsudgifter",
)
# What a record says about a correction: its one-line fields in the file's order, the committee's abbreviation
# beside its name; a summary's rows leave out the start date (`list` has it).
CORRECTION_FIELDS = tuple(
    column
    for field in fields_of(Correction)
    if field.kind == "value"
    for column in ((field.key, "forkortelse") if field.key == "udvalg" else (field.key,))
)
CORRECTION_COLUMNS = tuple(column for column in CORRECTION_FIELDS if column != "iværksættelse")
LIST_COLUMNS = (*CORRECTION_FIELDS, "første_år", "sidste_år", "fil")


def correction_record(correction: Correction, committee: Committee, columns: tuple[str, ...]) -> Record:
    """The correction's fields named in `columns` (of `CORRECTION_FIELDS`); udvalg as the committee's name."""
    record: Record = {}
    for column in columns:
        if column == "udvalg":
            record[column] = committee.name
        elif column == "forkortelse":
            record[column] = committee.abbreviation
        else:
            value = field_by_key(Correction, column).of(correction)
            record[column] = value.isoformat() if isinstance(value, date) else value
    return record


# What every row of a summary says about itself, so that a CSV file cut loose from its command still tells it:
# the data folder's budget year and the selection the row was summed from.
SCOPE_COLUMNS = ("budgetår", "udvalgt")


def summary_columns(group_by: str, unknown: bool = False) -> tuple[str, ...]:
    """The CSV header of a summary: also when no record was selected.

    `prisniveau` is the price level of the row's figures (after conversion; `blandet` when a committee's row adds
    amounts that could not be converted); `prisniveau_i_filen` the level the correction is written in.
    `foreløbig` says whether the row's figures include a foreløbig correction's. With `unknown` (the summary has
    amounts written `ukendt`), `ukendte` names the corrections whose unknown amounts a row lacks.
    """
    extra = (UNKNOWN_COLUMN,) if unknown else ()
    if group_by == "korrektion":
        return (*CORRECTION_COLUMNS, "år", *FIGURE_COLUMNS[1:], "prisniveau_i_filen", *extra)
    return ("udvalg", "forkortelse", "år", *FIGURE_COLUMNS, "prisniveau", "foreløbig", *extra)


_FIGURE_FIELDS = (
    ("udgifter", "expenditure"),
    ("indtægter", "income"),
    ("netto", "net"),
    ("netto_indenfor", "net_inside"),
    ("netto_udenfor", "net_outside"),
    ("netto_delvist", "net_partly"),
)
UNKNOWN_COLUMN = "ukendte"  # the corrections whose `ukendt` amounts a row lacks; only where there are any


def figures_record(figures: Figures) -> Record:
    record: Record = {"antal": figures.count}
    for column, attribute in _FIGURE_FIELDS:
        record[column] = _figure(figures, attribute)
    record["fuldtidsstillinger"] = figures.positions
    record["engangsudgifter"] = _figure(figures, "one_off")
    return record


def _figure(figures: Figures, attribute: str) -> Value:
    """The figure, or (lacking an amount written `ukendt`) its known part as a `Partial`."""
    value: Decimal = getattr(figures, attribute)
    missing = figures.missing(attribute)
    return Partial(value, missing, whole=len(missing) >= figures.count) if missing else value


def _with_unknown(record: Record, figures: Figures, summary: Summary) -> Record:
    """The record with the corrections whose unknown amounts it lacks, where the summary has any."""
    if not summary.unknown:
        return record  # a budget without unknown amounts keeps its columns
    return record | {UNKNOWN_COLUMN: tuple(sorted({number for number, _ in figures.unknown}))}


def _level(text: str) -> Value:
    return int(text) if text.isdigit() else text


def _row_record(summary: Summary, row: Row) -> Record:
    level = _level(summary.level_of(row))  # the level of the row's figures, after conversion
    if row.correction is not None:
        correction = row.correction
        record = correction_record(correction, row.committee, CORRECTION_COLUMNS) | {"prisniveau": level}
        figures = figures_record(row.figures)
        del figures["antal"]
        whole = record | {"år": row.year} | figures | {"prisniveau_i_filen": correction.price_level}
        return _with_unknown(whole, row.figures, summary)
    record = {"udvalg": row.committee.name, "forkortelse": row.committee.abbreviation, "år": row.year}
    levels: Record = {"prisniveau": level, "foreløbig": summary.includes_preliminary(row)}
    return _with_unknown(record | figures_record(row.figures) | levels, row.figures, summary)


def with_scope(records: list[Record], scope: Scope) -> list[Record]:
    """The records with the columns a CSV file needs to say what it holds (`SCOPE_COLUMNS`): CSV has no title,
    and a spreadsheet shows the columns; JSON says it once, in `metadata`."""
    extra: Record = {"budgetår": scope.budget_year or "", "udvalgt": scope.selection.describe()}
    return [record | extra for record in records]


def summary_records(summary: Summary) -> list[Record]:
    """One record per (udvalg, år), or per (nr, år) when grouped by correction. No total rows."""
    return [_row_record(summary, row) for row in summary.rows]


def summary_totals(summary: Summary) -> list[Record]:
    return [
        _with_unknown({"år": year} | figures_record(figures), figures, summary)
        for year, figures in zip(summary.years, summary.totals, strict=True)
    ]


def summary_document(
    summary: Summary,
    notes: tuple[str, ...],
    scope: Scope | None = None,
    title: str = "",
    warnings: tuple[str, ...] = (),
    financing: list[Record] | None = None,
) -> dict[str, object]:
    """The JSON of a summary: what it holds (metadata), the CSV's records, the totals per year, the notes."""
    document: dict[str, object] = {"metadata": metadata(scope, title, warnings)} if scope is not None else {}
    document |= {
        "enhed": summary.unit,
        "gruppering": summary.group_by,
        "år": list(summary.years),
        "rækker": summary_records(summary),
        "i_alt": summary_totals(summary),
    }
    if financing is not None:
        document["finansiering"] = financing
    document["noter"] = list(notes)
    return document


def financing_records(lines: tuple[FinancingYear, ...]) -> list[Record]:
    """The financing effect per year for JSON: netto, what each source pays of it (the four add up to netto),
    drift after omplacering, and the service frame gross and net. A figure that lacks an amount written `ukendt`
    is a `Partial` (null in JSON), and the year names whose amounts it lacks."""

    def lacking(value: Decimal, missing: tuple[str, ...]) -> Value:
        return Partial(value, missing, whole=False) if missing else value

    records = []
    for line in lines:
        record: Record = {
            "år": line.year,
            "netto": lacking(line.net, line.unknown),
            "fra_anlæg": -line.from_capital,
            "fra_drift": -line.from_operating,
            "fra_indtægter": -line.from_income,
            "fra_kassen": lacking(line.from_cash, line.unknown),
            "netto_drift": lacking(line.operating_net, line.unknown),
            "serviceramme_brutto": lacking(line.frame_gross, line.frame_unknown),
            "serviceramme_netto": lacking(line.frame_net, line.frame_unknown),
        }
        if line.unknown:
            record[UNKNOWN_COLUMN] = tuple(sorted(set(line.unknown)))
        records.append(record)
    return records


def list_records(entries: list[Entry], data_dir: Path) -> list[Record]:
    """One record per correction: what it is, where it belongs, where its file is (below the data folder)."""
    folder = data_dir.resolve()  # once, not once a correction: each resolve is a system call per path component
    return [
        correction_record(entry.correction, entry.committee, CORRECTION_FIELDS)
        | {
            "første_år": entry.correction.years[0],
            "sidste_år": entry.correction.years[-1],
            "fil": _below(entry.path, folder),
        }
        for entry in entries
    ]


def _below(path: Path, folder: Path) -> str:
    """The path relative to the (resolved) data folder, so the output does not depend on where the command ran; a
    control character or a byte that is not UTF-8 in a file name shown visibly (`\\x1b`, `\\xf8`), in every format."""
    try:
        return escape.terminal(path.resolve().relative_to(folder).as_posix())
    except ValueError:
        return escape.terminal(path.as_posix())

"""The target report in every format: a table to read, tidy records, JSON for tools, GitHub annotations."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from budgetkorr import escape
from budgetkorr.core import numbers
from budgetkorr.core.entry import Source
from budgetkorr.i18n import N_, _, ngettext
from budgetkorr.models import year_span
from budgetkorr.render.github import annotation
from budgetkorr.render.records import Record
from budgetkorr.render.scope import Scope, heading, metadata
from budgetkorr.render.table import TextTable
from budgetkorr.render.unknown import MARK
from budgetkorr.targets import Check, Headroom, Mover, TargetReport, TargetResult

if TYPE_CHECKING:
    from budgetkorr.comparison import TipPoint  # compare (difflib, the diff's rules) only with check-targets --base

UNDECIDED = N_("kan ikke afgøres")  # a check's `opfyldt` in CSV where an unknown amount moves it
AVERAGE = "gennemsnit"  # the year column's value for the average, in CSV and JSON (a table translates it)
LEGEND = N_(
    "Korrektioner: hvad korrektionerne ændrer i værdien. Margin: + på den rigtige side af tærsklen, - mangler. "
    "(under): et år under tærsklen, hvor gennemsnittet afgør."
)
OVER = N_("(over): et år over tærsklen, hvor gennemsnittet afgør.")
TARGET_COLUMNS = ("mål", "navn", "år", "før", "korrektioner", "efter", "tærskel", "margin", "opfyldt", "afgør")


def _signed(value: Decimal, places: int = 3) -> str:
    text = numbers.danish_money(value, places)
    return text if text.startswith("-") or value == 0 else f"+{text}"


def _places(check: Check) -> int:
    """The decimals a check is shown with: three, or more where three would hide its verdict."""
    return numbers.verdict_places(check.after, check.threshold, check.at_least)


def _margin(check: Check, places: int) -> Decimal:
    """The margin as the shown figures give it (shown value minus shown threshold), so the row adds up as read."""
    after, threshold = numbers.revealed(check.after, places), numbers.revealed(check.threshold, places)
    return after - threshold if check.at_least else threshold - after


def _movers(movers: tuple[Mover, ...]) -> str:
    return ", ".join(f"{mover.number} ({_signed(mover.effect)})" for mover in movers) or _("ingen")


def _side(check: Check) -> str:
    """The mark of a year on the wrong side of the threshold where the average decides."""
    return _("(under)") if check.at_least else _("(over)")


def _with_over(report: TargetReport, text: str) -> str:
    """`(over)` is explained only where an own rule has a ceiling judged on the average."""
    ceiling = any(result.average is not None and not result.rule.at_least for result in report.results)
    return f"{text} {_(OVER)}" if ceiling else text


def legend(report: TargetReport) -> str:
    """How to read the table."""
    return _with_over(report, _(LEGEND))


def margin_legend(report: TargetReport) -> str:
    """How to read the margin, below the targets' table of a report."""
    return _with_over(
        report,
        _(
            "Margin: + på den rigtige side af tærsklen, - mangler. (under): et år under tærsklen, hvor "
            "gennemsnittet afgør."
        ),
    )


def effect_kind(result: TargetResult, check: Check) -> str:
    """What a mover's figure is: the year's effect, the cumulative effect up to the year, or the yearly average."""
    if check.year is None:
        return "gennemsnit"
    return "akkumuleret" if result.rule.cumulative else "år"


def effect_words(result: TargetResult, check: Check, years: tuple[int, ...]) -> str:
    kind = effect_kind(result, check)
    if kind == "gennemsnit":
        return _("gennemsnitlig effekt pr. år {span}").format(span=year_span(years))
    if kind == "akkumuleret":
        return _("akkumuleret effekt {span}").format(span=year_span([y for y in years if y <= (check.year or 0)]))
    return _("årets effekt")


def _where(result: TargetResult, years: tuple[int, ...]) -> str:
    worst = result.worst
    where = _("gennemsnittet") if worst.year is None else str(worst.year)
    return f"{where}, {effect_words(result, worst, years)}"


def verdict(report: TargetReport, strict: bool = False, baseline: bool = False) -> str:
    """The last line of every check: it agrees with the exit code, and names what made it fail."""
    count = len(report.results)
    failed = [result.setting.name for result in report.results if not result.met and not result.undecided]
    undecided = [result.setting.name for result in report.undecided]
    blocking = [finding.short or finding.message for finding in report.warnings] if strict else []
    if failed or undecided:
        parts = []
        if failed:
            parts.append(
                ngettext(  # Danish says "mål" either way; English "1 of 4 targets is not met"
                    "{failed} af {count} mål er ikke opfyldt: {names}.",
                    "{failed} af {count} mål er ikke opfyldt: {names}.",
                    len(failed),
                ).format(failed=len(failed), count=count, names=", ".join(failed))
            )
        if undecided:
            parts.append(
                _("{n} af {count} mål kan ikke afgøres, fordi ukendte beløb indgår: {names}.").format(
                    n=len(undecided), count=count, names=", ".join(undecided)
                )
            )
        line = _("Resultat: {parts}").format(parts=" ".join(parts))
        if blocking:
            line += " " + ngettext(
                "Desuden fejler --strict på {n} advarsel: {names}.",
                "Desuden fejler --strict på {n} advarsler: {names}.",
                len(blocking),
            ).format(n=len(blocking), names="; ".join(blocking))
        return line
    if blocking:
        return ngettext(
            "Resultat: IKKE BESTÅET med --strict: {n} advarsel fejler tjekket: {names} "
            "(målene selv: {count} af {count} opfyldt).",
            "Resultat: IKKE BESTÅET med --strict: {n} advarsler fejler tjekket: {names} "
            "(målene selv: {count} af {count} opfyldt).",
            len(blocking),
        ).format(n=len(blocking), names="; ".join(blocking), count=count)
    if baseline:
        return _("Resultat: alle {count} mål er opfyldt uden korrektioner (grundlaget).").format(count=count)
    return _("Resultat: alle {count} mål er opfyldt.").format(count=count)


def _met_cell(result: TargetResult, check: Check, deciding: bool) -> str:
    if deciding and check.year in result.unknown_checks:
        return _("kan ikke afgøres")
    if deciding:
        return _("ja") if check.met else _("NEJ")
    return "" if check.met else _side(check)


def headroom_lines(report: TargetReport) -> tuple[str, ...]:
    """Per target that an unknown amount moves: how much the unknown amounts of each year may add, together,
    before it breaks (`Råderum for ukendte beløb: Strukturel balance 2026: højst 1,234 (T110)`)."""
    return tuple(headroom_line(result, room) for result in report.results for room in result.headroom)


def headroom_line(result: TargetResult, room: Headroom) -> str:
    if room.amount >= 0:
        text = _("højst {amount}").format(amount=numbers.danish_money(room.amount))
    else:
        text = _("skal være mindst {amount} mindre").format(amount=numbers.danish_money(-room.amount))
    return _("Råderum for ukendte beløb: {name} {year}: {text} ({numbers})").format(
        name=result.setting.name, year=room.year, text=text, numbers=", ".join(room.numbers)
    )


def target_table(
    report: TargetReport,
    scope: Scope | None = None,
    strict: bool = False,
    baseline: bool = False,
    notes: tuple[str, ...] = (),
) -> TextTable:
    """The check for reading. `notes` (for a document: the notes and warnings) go above the verdict, which is
    always the last line."""
    rows: list[tuple[str, ...]] = []
    ends: set[int] = set()
    alerts: set[tuple[int, int]] = set()
    for result in report.results:
        checks: list[Check] = [*result.years, *([result.average] if result.average else [])]
        for index, check in enumerate(checks):
            deciding = check.year is None or result.average is None
            places = _places(check)
            mark = MARK if check.year in result.unknown_checks else ""  # the known part only
            rows.append(
                (
                    result.setting.name if index == 0 else "",
                    _("gennemsnit") if check.year is None else str(check.year),
                    numbers.danish_money(check.before, places),
                    _signed(check.effect, places) + mark,
                    numbers.danish_money(check.after, places) + mark,
                    ("≥ " if check.at_least else "≤ ") + numbers.danish_money(check.threshold, places),
                    _signed(_margin(check, places), places) + mark,
                    _met_cell(result, check, deciding),
                )
            )
            if deciding and not check.met and check.year not in result.unknown_checks:
                alerts.add((len(rows) - 1, 7))  # the Opfyldt column
        ends.add(len(rows) - 1)
    span = year_span(report.years)
    movers = "\n".join(
        f"  {result.setting.name} ({_where(result, report.years)}): {_movers(result.movers)}"
        for result in report.results
    )
    return TextTable(
        title=_("Økonomiske mål {span} efter tekniske korrektioner ({unit})").format(
            span=span, unit=_("mio. kr., {level}-priser").format(level=report.price_level)
        ),
        headers=(
            _("Mål"),
            _("År"),
            _("Før"),
            _("Korrek-\ntioner"),
            _("Efter"),
            _("Tærskel"),
            _("Margin"),
            _("Opfyldt"),
        ),
        numeric=(False, False, True, True, True, True, True, False),
        rows=tuple(rows),
        section_ends=frozenset(ends),
        alerts=frozenset(alerts),
        caption="\n".join(
            (
                _("Kilde: {source}").format(source=report.source),
                legend(report),
                _("Flyttet mest af:"),
                movers,
                *headroom_lines(report),
                *(_("Bemærk: {note}").format(note=note) for note in notes),
                verdict(report, strict, baseline),
            )
        ),
        heading=heading(scope) if scope else (),
    )


def _record(result: TargetResult, check: Check, deciding: bool) -> Record:
    places = _places(check)
    return {
        "mål": result.setting.key,
        "navn": result.setting.name,
        "år": AVERAGE if check.year is None else check.year,
        "før": numbers.revealed(check.before, places),
        "korrektioner": numbers.revealed(check.effect, places),
        "efter": numbers.revealed(check.after, places),
        "tærskel": numbers.revealed(check.threshold, places),
        "margin": _margin(check, places),
        # an unknown amount moves it: the cell says so instead of ja/nej (render.unknown's word)
        "opfyldt": UNDECIDED if check.year in result.unknown_checks else check.met,
        "afgør": deciding,
    }


def target_records(report: TargetReport) -> list[Record]:
    """One record per (mål, år), and one for the average where the average decides (anlæg)."""
    records: list[Record] = []
    for result in report.results:
        records += [_record(result, check, result.average is None) for check in result.years]
        if result.average is not None:
            records.append(_record(result, result.average, True))
    return records


def _check_json(result: TargetResult, check: Check) -> dict[str, object]:
    """A check; where an unknown amount moves it, `korrektioner`, `efter` and `margin` are the known part and
    `opfyldt` is null."""
    moved = check.year in result.unknown_checks
    document: dict[str, object] = {
        "år": AVERAGE if check.year is None else check.year,
        "før": check.before,
        "korrektioner": check.effect,
        "efter": check.after,
        "margin": check.margin,
        "opfyldt": None if moved else check.met,
    }
    if moved:
        document["kun_kendt_del"] = True
    return document


def _headroom_json(result: TargetResult) -> dict[str, object]:
    if not result.headroom:
        return {}
    return {
        "råderum_for_ukendte": [
            {"år": room.year, "højst": room.amount, "ukendte": list(room.numbers)} for room in result.headroom
        ]
    }


def _own_rule(result: TargetResult) -> dict[str, object]:
    """What an own rule is made of (the built-in rules are known by their id)."""
    setting = result.setting
    if not setting.own:
        return {}
    return {
        "egen_regel": True,
        "størrelse": setting.quantity,
        "grænse": "mindst" if result.rule.at_least else "højst",
        "opgørelse": setting.reckoning,
    }


def target_document(
    report: TargetReport,
    scope: Scope | None = None,
    title: str = "",
    warnings: tuple[str, ...] = (),
    strict: bool = False,
) -> dict[str, object]:
    """The JSON: `opfyldt` is the verdict the exit code gives (with --strict, warnings fail it); `mål_opfyldt`
    says whether the targets themselves are met, and each target keeps its own result."""
    document: dict[str, object] = {"metadata": metadata(scope, title, warnings)} if scope is not None else {}
    return document | {
        "opfyldt": report.passes(strict),
        "mål_opfyldt": report.met,
        "streng": strict,
        "fejler_på_advarsler": [finding.message for finding in report.warnings] if strict else [],
        "resultat": verdict(report, strict, scope.selection.baseline if scope else False),
        "kilde": report.source,
        "prisniveau": report.price_level,
        "enhed": _("mio. kr., {level}-priser").format(level=report.price_level),
        "mål": [
            {
                "id": result.setting.key,
                "navn": result.setting.name,
                "regel": _(result.rule.text),
                **_own_rule(result),
                "tærskel": result.setting.threshold,
                "opfyldt": None if result.undecided else result.met,
                "år": [_check_json(result, check) for check in result.years],
                **({"gennemsnit": _check_json(result, result.average)} if result.average is not None else {}),
                **_headroom_json(result),
                "flyttet_mest_af": [{"nr": mover.number, "effekt": mover.effect} for mover in result.movers],
                "flyttet_mest_af_effekt": effect_kind(result, result.worst),
                "advarsler": [finding.message for finding in result.warnings],
            }
            for result in report.results
        ],
        "ikke_tjekket": [setting.key for setting in report.inactive],
        "advarsler": [finding.message for finding in report.all_warnings],
        "noter": list(report.notes),
    }


def render_github(
    report: TargetReport,
    budget: Source,
    strict: bool = False,
    baseline: bool = False,
    changed: Mapping[tuple[str, int | None], TipPoint] | None = None,
    scope: Scope | None = None,
) -> str:
    """Workflow commands: an error per target not met, at the correction that tips it or at the budget's row.
    With `scope`, a notice says what the check is made from (selection, price level, foreløbige).

    With `changed` (compared with the base of a pull request: (target id, year) → file and line), a target is
    pointed at the changed correction that tipped it, and otherwise at the budget's row; without it, at the
    correction that moved it most when the corrections tip it."""
    lines = [annotation("notice", report.source, title=_("Kilde"))]
    if scope is not None:
        lines.append(annotation("notice", "\n".join(heading(scope)), title=_("Grundlag")))
    for result in report.results:
        for room in result.headroom:  # an unknown amount moves it: not decided, and how much room there is
            title = _("Mål kan ikke afgøres: {name}").format(name=result.setting.name)
            lines.append(annotation("error", headroom_line(result, room), title=title))
        for check in result.deciding:
            if check.met or check.year in result.unknown_checks:
                continue
            where = _("gennemsnit") if check.year is None else str(check.year)
            places = _places(check)
            template = (
                _("{name} {where}: {after} under tærsklen {threshold} (margin {margin}; før korrektioner {before}). ")
                if check.at_least
                else _(
                    "{name} {where}: {after} over tærsklen {threshold} (margin {margin}; før korrektioner {before}). "
                )
            )
            message = template.format(
                name=result.setting.name,
                where=where,
                after=numbers.danish_money(check.after, places),
                threshold=numbers.danish_money(check.threshold, places),
                margin=_signed(_margin(check, places), places),
                before=numbers.danish_money(check.before, places),
            ) + _("Flyttet mest af ({effect}): {movers}").format(
                effect=effect_words(result, check, report.years), movers=_movers(result.movers_of(check))
            )
            title = _("Mål ikke opfyldt: {name}").format(name=result.setting.name)
            movers = result.movers_of(check)
            pointer = changed.get((result.setting.key, check.year)) if changed is not None else None
            if pointer is not None:
                # compared with the base: the changed correction that tipped it, at the changed line
                tipped = _("Vippet af ændringen i {nr} ({effect}).").format(
                    nr=pointer.number, effect=_signed(pointer.effect)
                )
                lines.append(
                    annotation("error", f"{message.rstrip('. ')}. {tipped}", pointer.path, pointer.line, title)
                )
            elif check.tipped and movers and changed is None:
                # The corrections tip it: point at the one that moved it most, at its netto (or udgifter) row.
                entry = movers[0].entry
                row = "netto" if entry.correction.net is not None else "udgifter"
                lines.append(annotation("error", message, entry.path, entry.source.line_of((row,)), title))
            else:
                line = budget.line_of((result.rule.row,))
                lines.append(annotation("error", message, budget.path, line, title))
    for finding in report.all_warnings:
        if finding.entry is not None:
            path, line = finding.entry.path, finding.entry.source.line_of((finding.key,))
            lines.append(annotation("warning", finding.message, path, line))
        else:
            lines.append(annotation("warning", finding.message, budget.path, budget.line_of((finding.key,))))
    lines.append(escape.one_line(verdict(report, strict, baseline)))  # a target's name can not start a command
    return "\n".join(lines) + "\n"

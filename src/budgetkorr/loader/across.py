"""Rules across files: a number used twice, a committee not in udvalg.yaml, years outside the budget's period,
and the warnings of a correction."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetkorr.core.committees import closest
from budgetkorr.core.diagnostics import Diagnostic, display_path, error, warning
from budgetkorr.core.entry import Entry
from budgetkorr.core.folder import COMMITTEES_FILE
from budgetkorr.core.period import mismatch_diagnostic
from budgetkorr.core.prices import FactorOutOfRange, factor
from budgetkorr.i18n import _
from budgetkorr.models import Committee, Correction, year_span
from budgetkorr.models.values import NUMBER_PATTERN
from budgetkorr.yamlread import YamlFile


@dataclass(frozen=True)
class Unfinished:
    """A correction file that was read but not valid: its nr and udvalg, where they could be read, still take part
    in the rules across files, so that one run names every problem (a duplicate nr, an unknown committee)."""

    number: str | None
    committee: str | None
    source: YamlFile


def across_files(
    entries: Sequence[tuple[Correction, YamlFile]],
    committees: Sequence[Committee],
    unfinished: Sequence[Unfinished] = (),
) -> tuple[list[Entry], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    by_number: dict[str, list[YamlFile]] = defaultdict(list)
    for correction, source in entries:
        by_number[correction.number].append(source)
    for item in unfinished:
        if item.number is not None:
            by_number[item.number].append(item.source)
        if item.committee is not None and committees and not any(c.matches(item.committee) for c in committees):
            diagnostics.append(_unknown_committee(item.committee, committees, item.source))
    for number, sources in by_number.items():
        if len(sources) > 1:
            for source in sources:
                others = ", ".join(display_path(o.path) for o in sources if o is not source)
                diagnostics.append(
                    error(
                        source.path,
                        source.line_of(("nr",)),
                        "nr",
                        _("{number} er også nr i {others}").format(number=number, others=others),
                    )
                )
    resolved: list[Entry] = []
    named: dict[str, Committee | None] = {}  # thousands of corrections name a handful of committees
    for correction, source in entries:
        if correction.committee not in named:
            named[correction.committee] = next((c for c in committees if c.matches(correction.committee)), None)
        committee = named[correction.committee]
        if committee is None:
            diagnostics.append(_unknown_committee(correction.committee, committees, source))
            continue
        diagnostics.extend(_warnings(correction, committee, source))
        resolved.append(Entry(correction, committee, source))
    resolved.sort(key=lambda e: (e.correction.number, str(e.path)))
    return resolved, diagnostics


def _unknown_committee(name: str, committees: Sequence[Committee], source: YamlFile) -> Diagnostic:
    if committees:
        known = "; ".join(f"{c.name} ({c.abbreviation})" for c in committees)
        close = closest(name, committees)
        if close is not None:
            message = _("{committee!r} findes ikke i {file}; mente du {close}? udvalgene er: {known}").format(
                committee=name, file=COMMITTEES_FILE, close=close.name, known=known
            )
        else:
            message = _("{committee!r} findes ikke i {file}; udvalgene er: {known}").format(
                committee=name, file=COMMITTEES_FILE, known=known
            )
    else:
        message = _("{committee!r} kan ikke tjekkes: {file} har ingen gyldige udvalg").format(
            committee=name, file=COMMITTEES_FILE
        )
    return error(source.path, source.line_of(("udvalg",)), "udvalg", message)


def unfinished(data: object, source: YamlFile) -> Unfinished:
    """What of an invalid correction the rules across files can use: a well-formed nr, a one-line udvalg."""
    number = committee = None
    if isinstance(data, dict):
        nr, name = data.get("nr"), data.get("udvalg")
        if isinstance(nr, str) and re.fullmatch(NUMBER_PATTERN[1:-1], nr):
            number = nr
        if isinstance(name, str) and name.strip() and "\n" not in name:
            committee = name
    return Unfinished(number, committee, source)


def _warnings(correction: Correction, committee: Committee, source: YamlFile) -> Iterable[Diagnostic]:
    path = source.path
    if correction.preliminary:
        yield warning(
            path,
            source.line_of(("foreløbig",)),
            "foreløbig",
            _("tallene er foreløbige, ikke endelige"),
        )
    if correction.service_frame == "delvist" and correction.net_inside is None:
        yield warning(
            path,
            source.line_of(("indenfor_servicerammen",)),
            "indenfor_servicerammen",
            _("kun delvist indenfor servicerammen: totalerne viser den i en kolonne for sig"),
        )
    if not path.name.startswith(correction.number):
        yield warning(
            path,
            source.line_of(("nr",)),
            "nr",
            _("filnavnet begynder ikke med korrektionens nr; kald filen {number}-….yaml").format(
                number=correction.number
            ),
        )
    digit = int(correction.number[1])
    if committee.number is not None and digit != committee.number:
        yield warning(
            path,
            source.line_of(("udvalg",)),
            "udvalg",
            _("{number} er nummereret til udvalg {digit}, men {committee} er udvalg {expected}").format(
                number=correction.number, digit=digit, committee=committee.name, expected=committee.number
            ),
        )


def price_level_problems(
    entries: Sequence[Entry], rates: Mapping[int, Decimal], budget_level: int | None
) -> Iterable[Diagnostic]:
    """Price levels the rates can not join: between any two levels in use (the corrections', the budget's) a
    conversion may not multiply by more than `prices.MAX_FACTOR` either way, so that whatever validates, every
    command converts. Named at the prisniveau line of each correction that stands furthest out."""
    levels = sorted({entry.correction.price_level for entry in entries} | ({budget_level} if budget_level else set()))
    for level in levels:
        for other in levels:
            if other <= level:
                continue
            try:
                factor(rates, level, other)
            except FactorOutOfRange as exc:
                for entry in entries:
                    if entry.correction.price_level in (level, other):
                        yield error(entry.path, entry.source.line_of(("prisniveau",)), "prisniveau", str(exc))
                return


def period_problems(entries: Sequence[Entry], budget_years: Sequence[int], budget: YamlFile) -> list[Diagnostic]:
    """A correction's years outside the budget's period (budget.yaml), said where they are written, and once at
    budget.yaml for the folder (`period.mismatch_diagnostic`): check-targets refuses such a folder. A correction
    that covers only part of the period (it starts later) is normal."""
    period = set(budget_years)
    problems = []
    for entry in entries:
        outside = [year for year in entry.correction.years if year not in period]
        if outside:
            problems.append(
                warning(
                    entry.path,
                    entry.source.line_of(("udgifter",)),
                    "udgifter",
                    _("{years} ligger uden for budgetperioden {span} i {budget}").format(
                        years=", ".join(str(year) for year in outside),
                        span=year_span(sorted(period)),
                        budget=display_path(budget.path),
                    ),
                )
            )
    folder = mismatch_diagnostic(budget_years, budget, entries)
    return problems if folder is None else [*problems, folder]

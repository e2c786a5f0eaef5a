"""The comparison of two states in every format: plain text, markdown (a pull-request comment), JSON, GitHub
annotations. Pure: a `Comparison` in, text out. Every string from a file is escaped by its format's rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from budgetkorr import escape
from budgetkorr.comparison import (
    Cause,
    ChangeKind,
    CheckChange,
    Comparison,
    CorrectionChange,
    FieldChange,
    TargetChange,
    TotalChange,
)
from budgetkorr.core import numbers
from budgetkorr.core.diagnostics import Diagnostic
from budgetkorr.core.prices import Converted
from budgetkorr.i18n import N_, _, ngettext
from budgetkorr.models import Correction
from budgetkorr.models.values import UNKNOWN
from budgetkorr.render.github import annotation
from budgetkorr.render.unknown import MARK, money_cell
from budgetkorr.targets import Check

Escape = Callable[[str], str]
AVERAGE = "gennemsnit"


def _plain(text: str) -> str:
    return escape.one_line(text)


def _value(change: FieldChange) -> tuple[str, str]:
    def one(value: Decimal | str | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, Decimal):
            return numbers.positions(value, danish=True) if change.kind == "stillinger" else numbers.danish_money(value)
        return value

    return one(change.before), one(change.after)


def _difference(change: FieldChange) -> str:
    difference = change.difference
    if difference is None:
        return ""
    if change.kind == "stillinger":
        text = numbers.positions(difference, danish=True)
        return text if text.startswith("-") else f"+{text}"
    return numbers.signed_money(difference)


def _where(year: int | None) -> str:
    return AVERAGE if year is None else str(year)


def _verdict(met: bool | None) -> str:
    if met is None:
        return _("ikke tjekket")
    return _("opfyldt") if met else _("ikke opfyldt")


def _cause(cause: Cause, esc: Escape) -> str:
    if cause.kind == "tærskel":
        return _("tærsklen i {file}").format(file=esc(cause.name))
    return f"{esc(cause.name)} ({numbers.signed_money(cause.value or Decimal(0))})"


def headline(target: TargetChange, esc: Escape) -> str | None:
    """`Gennemsnitlig kassebeholdning 2029: +1,208 → -0,792 (ikke opfyldt), skyldes T110 (-2,000)`: a target's
    deciding figure, its margin before and after, its verdict now, and the changes that moved it that way."""
    check = target.key_check()
    if check is None or check.before is None or check.after is None:
        return None
    before, after = numbers.signed_money(check.before.margin), numbers.signed_money(check.after.margin)
    verdict = _("kan ikke afgøres") if target.undecided_after else _verdict(target.met_after)
    text = f"{esc(target.name)} {_where(check.year)}: {before} → {after} ({verdict})"
    blamed = check.blamed()
    if blamed:
        text += _(", skyldes {causes}").format(causes=", ".join(_cause(cause, esc) for cause in blamed))
    return text


def title(comparison: Comparison, esc: Escape) -> str:
    return _("Ændringer fra {before} til {after}").format(
        before=esc(comparison.before.label), after=esc(comparison.after.label)
    )


def _unit(comparison: Comparison) -> str:
    return _("mio. kr., {level}-priser").format(level=comparison.price_level)


def counts(comparison: Comparison) -> str:
    added, removed, changed = (len(comparison.of_kind(k)) for k in ("tilføjet", "fjernet", "ændret"))
    return _("Korrektioner: {added} tilføjet, {removed} fjernet, {changed} ændret").format(
        added=added, removed=removed, changed=changed
    )


def _describe(change: CorrectionChange, esc: Escape) -> str:
    entry = change.entry
    correction = entry.correction
    committee, status = esc(entry.committee.abbreviation), esc(correction.status)
    text = f"{esc(change.number)} {esc(correction.title)} ({committee}, {status})"
    if change.renamed:
        text += " " + _("(omdøbt: {old} → {new})").format(
            old=esc(change.before_path or ""), new=esc(change.after_path or "")
        )
    return text


def _lacks(total: TotalChange, year: int) -> bool:
    """Whether either side of a total lacks an amount written `ukendt` that year."""
    return bool(total.before_missing.get(year) or total.after_missing.get(year))


def _nets(change: CorrectionChange) -> str:
    correction = change.entry.correction
    return ", ".join(
        f"{year} {UNKNOWN if correction.net_unknown(year) else numbers.danish_money(correction.net_in(year))}"
        for year in correction.years
    )


def _converted_nets(change: CorrectionChange) -> list[str]:
    """`netto i 2026-priser (skrevet i 2025-priser, faktor 1,029): 2026 0,515, …` for each side written in another
    price level than the comparison's; the amounts above it are as written."""
    lines = []
    for side, shown, correction in change.converted_nets():
        nets = ", ".join(
            f"{year} {UNKNOWN if correction.net_unknown(year) else numbers.danish_money(shown.net(correction, year))}"
            for year in correction.years
        )
        lead = {
            "": _("netto i {target}-priser"),
            "før": _("netto før i {target}-priser"),
            "efter": _("netto efter i {target}-priser"),
        }[side]
        lines.append(
            (lead + _(" (skrevet i {source}-priser, faktor {factor}): {nets}")).format(
                target=shown.target, source=shown.source, factor=numbers.factor(shown.factor), nets=nets
            )
        )
    return lines


def _total_name(total: TotalChange, esc: Escape) -> str:
    return esc(total.committee) if total.committee is not None else _("I alt")


def _changed_checks(target: TargetChange) -> list[CheckChange]:
    return [check for check in target.checks if check.changed]


def _check_cells(target: TargetChange, check: CheckChange, esc: Escape) -> tuple[str, ...]:
    def value(c: Check | None) -> str:
        return numbers.danish_money(c.after) if c is not None else "–"

    def margin(c: Check | None) -> str:
        return numbers.signed_money(c.margin) if c is not None else "–"

    def met(c: Check | None) -> str:
        return _verdict(c.met if c is not None else None)

    status = f"{met(check.before)} → {met(check.after)}" if check.deciding else ""
    return (
        esc(target.name),
        _where(check.year),
        value(check.before),
        value(check.after),
        margin(check.before),
        margin(check.after),
        status,
        ", ".join(_cause(cause, esc) for cause in check.causes) or "–",
    )


CHECK_HEADERS: tuple[str, ...] = (
    *(N_("Mål"), N_("År"), N_("Før"), N_("Efter")),
    *(N_("Margin før"), N_("Margin efter"), N_("Opfyldt"), N_("Flyttet af")),
)
TOTAL_HEADERS = (N_("Udvalg"), N_("År"), N_("Før"), N_("Efter"), N_("Forskel"))


def _headers(headers: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_(header) for header in headers)


# --- plain text --------------------------------------------------------------------------------------------


def _tabulate(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool], style: str) -> str:
    from tabulate import tabulate  # imported here: it costs start-up time

    return tabulate(
        rows,
        headers=[_(header) if header else "" for header in headers],
        tablefmt=style,
        colalign=["right" if n else "left" for n in numeric],
        disable_numparse=True,
    )


def _total_rows(comparison: Comparison, esc: Escape, only_changed: bool) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for total in comparison.totals:
        if only_changed and not total.changed and total.committee is not None:
            continue
        for year in comparison.years:
            if year not in total.before and year not in total.after:
                continue
            if only_changed and total.difference(year) == 0 and total.committee is not None:
                continue
            rows.append(
                (
                    _total_name(total, esc),
                    str(year),
                    money_cell(total.before.get(year, Decimal(0)), total.before_missing.get(year, ()), whole=False),
                    money_cell(total.after.get(year, Decimal(0)), total.after_missing.get(year, ()), whole=False),
                    numbers.signed_money(total.difference(year)) + (MARK if _lacks(total, year) else ""),
                )
            )
    return rows


def render_text(comparison: Comparison) -> str:
    """For a terminal, a pipe or a log: headlines, each correction's changes, the totals, the targets."""
    esc = _plain
    lines = [f"{title(comparison, esc)} ({_unit(comparison)})", ""]
    if comparison.empty:
        return "\n".join([*lines, _("Ingen ændringer i korrektionerne, totalerne eller målene.")]) + "\n"
    changed_targets = comparison.targets_changed
    if changed_targets:
        lines.append(_("Mål"))
        lines += [f"  {line}" for target in changed_targets if (line := headline(target, esc))]
    elif comparison.targets:
        lines.append(_("Ingen af målene er ændret."))
    lines += ["", counts(comparison)]
    signs = {"tilføjet": "+", "fjernet": "-", "ændret": "~"}
    for change in comparison.corrections:
        lines.append(f"  {signs[change.kind]} {_describe(change, esc)}")
        if change.kind != "ændret":
            lines.append("      " + _("netto: {nets}").format(nets=_nets(change)))
        elif not change.fields and not change.texts and not change.renamed:
            lines.append("      " + _("kun teksten er ændret (vises uden --no-text)"))
        for field in change.fields:
            before, after = _value(field)
            difference = _difference(field)
            lines.append(
                f"      {field.key}: {esc(before)} → {esc(after)}" + (f" ({difference})" if difference else "")
            )
        lines += [f"      {line}" for line in _converted_nets(change)]
        for diff in change.texts:
            lines.append(f"      {diff.key}:")
            lines += [f"        {esc(line)}" for line in diff.lines]
            if diff.omitted:
                lines.append("        " + _omitted(diff.omitted))
    rows = _total_rows(comparison, esc, only_changed=False)
    lines += ["", _("Netto pr. udvalg og år ({unit})").format(unit=_unit(comparison)), ""]
    lines.append(_tabulate(_headers(TOTAL_HEADERS), rows, (False, False, True, True, True), "simple"))
    checks = [_check_cells(t, c, esc) for t in comparison.targets for c in _changed_checks(t)]
    if checks:
        lines += ["", _("Mål år for år (kun de ændrede tal)"), ""]
        lines.append(
            _tabulate(_headers(CHECK_HEADERS), checks, (False, False, True, True, True, True, False, False), "simple")
        )
    lines += [_("Bemærk: {note}").format(note=esc(note)) for note in comparison.notes]
    return "\n".join(lines) + "\n"


def _omitted(count: int) -> str:
    return ngettext("… og {n} ændret linje mere", "… og {n} ændrede linjer mere", count).format(n=count)


# --- markdown: the pull-request comment --------------------------------------------------------------------


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> str:
    head = "| " + " | ".join(_(h) if h else " " for h in headers) + " |"
    rule = "|" + "|".join("---:" if n else ":---" for n in numeric) + "|"
    return "\n".join([head, rule, *("| " + " | ".join(row) + " |" for row in rows)])


def _details(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>", ""]


def _md_change(change: CorrectionChange) -> list[str]:
    esc = escape.markdown
    lines = [f"- **{esc(change.number)}** {_describe(change, esc).removeprefix(esc(change.number) + ' ')}"]
    if change.kind != "ændret":
        lines.append("  " + _("netto: {nets}").format(nets=_nets(change)))
    elif not change.fields and not change.texts and not change.renamed:
        lines.append("  " + _("kun teksten er ændret (vises uden --no-text)"))
    if change.fields:
        rows = []
        for field in change.fields:
            before, after = _value(field)
            rows.append((esc(field.key), esc(before), esc(after), _difference(field)))
        table = _md_table(("Felt", "Før", "Efter", "Forskel"), rows, (False, True, True, True))
        lines += ["", *("  " + line for line in table.splitlines())]
    converted = _converted_nets(change)
    if converted:
        lines += ["", *("  " + esc(line) + "  " for line in converted)]
    for text in change.texts:
        shown = [*text.lines, *([_omitted(text.omitted)] if text.omitted else [])]
        lines += ["", "  " + _("{key} (tekst):").format(key=esc(text.key)), ""]
        lines += ["  " + line for line in escape.markdown_code(shown, "diff").splitlines()]
    return lines


def render_markdown(comparison: Comparison) -> str:
    """A pull-request comment: the targets that changed verdict as headlines, then details that fold away."""
    esc = escape.markdown
    lines = [f"### {title(comparison, esc)}", ""]
    if comparison.empty:
        return "\n".join([*lines, _("Ingen ændringer i korrektionerne, totalerne eller målene.")]) + "\n"
    worse_or_better = [t for t in comparison.targets if t.worse or t.better]
    for target in worse_or_better:
        text = headline(target, esc)
        if text:
            lines.append(f"{'❌' if target.worse else '✅'} **{text}**  ")
    if worse_or_better:
        lines.append("")
    others = [t for t in comparison.targets_changed if t not in worse_or_better]
    if comparison.targets and not comparison.targets_changed:
        lines += [_("Ingen af målene er ændret."), ""]
    if others:
        lines += [_("Øvrige mål med ændret margin:"), ""]
        lines += [f"- {text}" for target in others if (text := headline(target, esc))]
        lines.append("")
    lines += [f"{counts(comparison)}.", ""]
    if not comparison.corrections:
        lines += [_("Ingen korrektioner er ændret."), ""]
    kinds: tuple[tuple[ChangeKind, str], ...] = (
        ("tilføjet", _("Tilføjet")),
        ("fjernet", _("Fjernet")),
        ("ændret", _("Ændret")),
    )
    for kind, heading in kinds:
        changes = comparison.of_kind(kind)
        if changes:
            body = [line for change in changes for line in (*_md_change(change), "")]
            lines += _details(f"{heading}: {', '.join(esc(c.number) for c in changes)}", body[:-1])
    rows = _total_rows(comparison, esc, only_changed=True)
    if any(row[0] != _("I alt") or row[4] != numbers.signed_money(Decimal(0)) for row in rows):
        table = _md_table(_headers(TOTAL_HEADERS), rows, (False, False, True, True, True))
        lines += _details(_("Netto pr. udvalg og år ({unit})").format(unit=_unit(comparison)), [table])
    checks = [_check_cells(t, c, esc) for t in comparison.targets for c in _changed_checks(t)]
    if checks:
        table = _md_table(_headers(CHECK_HEADERS), checks, (False, False, True, True, True, True, False, False))
        lines += _details(_("Mål år for år (kun de ændrede tal)"), [table])
    lines += ["> " + _("Bemærk: {note}").format(note=esc(note)) for note in comparison.notes]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_invalid_markdown(sides: Sequence[tuple[str, Sequence[Diagnostic]]]) -> str:
    """When one side holds invalid files: which side, and each problem (no totals: partial totals mislead)."""
    lines = [f"### {_('Ugyldige data: ingen sammenligning')}", ""]
    for label, diagnostics in sides:
        errors = [d for d in diagnostics if d.is_error]
        if not errors:
            continue
        lines += [_("Fejl i {side}:").format(side=escape.markdown(label)), ""]
        lines += [
            f"- `{escape.markdown(d.path)}:{d.line}` {escape.markdown(d.field)}: {escape.markdown(d.message)}"
            for d in errors
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- JSON --------------------------------------------------------------------------------------------------


def _field_json(change: FieldChange) -> dict[str, object]:
    return {"felt": change.key, "før": change.before, "efter": change.after, "forskel": change.difference}


def _change_json(change: CorrectionChange) -> dict[str, object]:
    correction = change.entry.correction
    return {
        "nr": change.number,
        "ændring": change.kind,
        "titel": correction.title,
        "udvalg": change.entry.committee.name,
        "status": correction.status,
        "fil_før": change.before_path,
        "fil_efter": change.after_path,
        "omdøbt": change.renamed,
        "netto_før": _yearly(change.before.correction if change.before else None),
        "netto_efter": _yearly(change.after.correction if change.after else None),
        "omregnet_før": _shown_json(change.before_shown),
        "omregnet_efter": _shown_json(change.after_shown),
        "felter": [_field_json(field) for field in change.fields],
        "tekster": [{"felt": t.key, "diff": list(t.lines), "udeladt": t.omitted} for t in change.texts],
    }


def _shown_json(shown: Converted | None) -> dict[str, object] | None:
    """A side written in another price level than the comparison's: from, to and the factor (netto_før/efter
    are as written; the totals are in `prisniveau`)."""
    if shown is None:
        return None
    return {"fra": shown.source, "til": shown.target, "faktor": shown.factor}


def _yearly(correction: Correction | None) -> list[dict[str, object]] | None:
    if correction is None:
        return None
    return [
        {"år": year, "netto": None if correction.net_unknown(year) else correction.net_in(year)}
        for year in correction.years
    ]


def _check_json(check: Check | None) -> dict[str, object] | None:
    if check is None:
        return None
    return {"værdi": check.after, "tærskel": check.threshold, "margin": check.margin, "opfyldt": check.met}


def comparison_document(comparison: Comparison) -> dict[str, object]:
    return {
        "før": comparison.before.label,
        "efter": comparison.after.label,
        "enhed": _unit(comparison),
        "prisniveau": comparison.price_level,
        "værre": comparison.worse,
        "korrektioner": [_change_json(change) for change in comparison.corrections],
        "netto_pr_udvalg": [
            {
                "udvalg": total.committee,
                "forkortelse": total.abbreviation or None,
                "år": year,
                "før": None if total.before_missing.get(year) else total.before.get(year, Decimal(0)),
                "efter": None if total.after_missing.get(year) else total.after.get(year, Decimal(0)),
                "forskel": None if _lacks(total, year) else total.difference(year),
            }
            | (
                {
                    "ukendte_før": list(total.before_missing.get(year, ())),
                    "ukendte_efter": list(total.after_missing.get(year, ())),
                }
                if _lacks(total, year)
                else {}
            )
            for total in comparison.totals
            for year in comparison.years
            if year in total.before or year in total.after
        ],
        "mål": [
            {
                "id": target.id,
                "navn": target.name,
                "opfyldt_før": target.met_before,
                "opfyldt_efter": target.met_after,
                "tjek": [
                    {
                        "år": _where(check.year) if check.year is None else check.year,
                        "afgør": check.deciding,
                        "før": _check_json(check.before),
                        "efter": _check_json(check.after),
                        "flyttet_af": [
                            {"type": c.kind, "navn": c.name, "effekt": c.value, "margin": c.margin}
                            for c in check.causes
                        ],
                    }
                    for check in target.checks
                ],
            }
            for target in comparison.targets
        ],
        "noter": list(comparison.notes),
    }


# --- GitHub annotations ------------------------------------------------------------------------------------


def render_github(comparison: Comparison) -> str:
    """Workflow commands: an error at the changed line that tipped a target, a notice where one became met, and
    a notice per changed correction; a removed correction has no file to point at, so its message stands alone."""
    lines: list[str] = []
    for target in comparison.targets:
        if not (target.worse or target.better):
            continue
        check = target.key_check()
        text = headline(target, lambda s: s)
        if check is None or text is None:
            continue
        level = "error" if target.worse else "notice"
        title_text = (_("Mål ikke længere opfyldt: {name}") if target.worse else _("Mål nu opfyldt: {name}")).format(
            name=target.name
        )
        corrections = [cause for cause in check.blamed() if cause.change is not None]
        change = corrections[0].change if corrections else None
        if change is not None and change.after is not None:
            after = change.after
            lines.append(annotation(level, text, after.path, after.source.line_of(change.location()), title_text))
        else:
            lines.append(annotation(level, text, title=title_text))
    for change in comparison.corrections:
        message = f"{_describe(change, lambda s: s)}: {change.kind}"
        if change.fields:
            message += ": " + ", ".join(field.key for field in change.fields)
        if change.after is not None:
            after = change.after
            lines.append(annotation("notice", message, after.path, after.source.line_of(change.location())))
        else:
            lines.append(annotation("notice", message))
    lines.append(f"{counts(comparison)}.")
    return "\n".join(lines) + "\n"


__all__ = [
    "comparison_document",
    "headline",
    "render_github",
    "render_invalid_markdown",
    "render_markdown",
    "render_text",
]

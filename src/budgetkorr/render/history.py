"""The history of one correction in every format: a table, markdown, JSON. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from budgetkorr import escape
from budgetkorr.core import numbers
from budgetkorr.i18n import _
from budgetkorr.loader.history import Version
from budgetkorr.models.values import UNKNOWN

WORK_TREE = "arbejdskopi"
SUBJECT_WIDTH = 50


def _years(versions: Sequence[Version]) -> list[int]:
    return sorted({year for v in versions if v.correction for year in v.correction.years})


def _status(version: Version) -> str:
    if version.kind == "slettet":
        return "–"
    if version.correction is None:
        return _("ugyldig")
    correction = version.correction
    return correction.status + (" " + _("(foreløbig)") if correction.preliminary else "")


def _subject(text: str) -> str:
    return text if len(text) <= SUBJECT_WIDTH else text[: SUBJECT_WIDTH - 1].rstrip() + "…"


def history_rows(versions: Sequence[Version], esc: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    years = _years(versions)
    headers = [
        _("Dato"),
        _("Commit"),
        _("Forfatter"),
        _("Ændring"),
        _("Status"),
        _("Prisniveau"),
        *(f"{_('Netto')} {year}" for year in years),
        _("Besked"),
    ]
    rows = []
    for version in versions:
        commit = version.commit
        correction = version.correction
        rows.append(
            [
                commit.date[:10] if commit else "",
                commit.sha[:7] if commit else WORK_TREE,
                esc(commit.author) if commit else "",
                version.kind,
                _status(version),
                str(correction.price_level) if correction else "",
                *(
                    (UNKNOWN if correction.net_unknown(year) else numbers.danish_money(correction.net_in(year)))
                    if correction and year in correction.expenditure
                    else ""
                    for year in years
                ),
                esc(_subject(commit.subject)) if commit else _("ikke committet"),
            ]
        )
    return headers, rows


def cut_note(versions: Sequence[Version]) -> str | None:
    """What a reader must know when the history is cut (a shallow clone): where, and how to get the rest."""
    cut = next((v.commit for v in versions if v.kind == "afskåret" and v.commit), None)
    if cut is None:
        return None
    message = _(
        "Bemærk: historikken er afskåret ved commit {commit}: git kender intet før det (en overfladisk klon), så "
        "hvornår korrektionen blev tilføjet, vides ikke. Hent hele historikken med: git fetch --unshallow"
    )
    return message.format(commit=cut.sha[:7])


def _numeric(headers: Sequence[str]) -> list[bool]:
    return [header.startswith(_("Netto")) for header in headers]


def render_text(number: str, title: str, versions: Sequence[Version]) -> str:
    from tabulate import tabulate  # imported here: it costs start-up time

    headers, rows = history_rows(versions, escape.one_line)
    heading = _("Historik for {nr} {title} (netto i mio. kr., som skrevet)").format(
        nr=escape.one_line(number), title=escape.one_line(title)
    )
    table = tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        colalign=["right" if n else "left" for n in _numeric(headers)],
        disable_numparse=True,
    )
    note = cut_note(versions)
    return f"{heading}\n\n{table}\n" + (f"\n{note}\n" if note else "")


def render_markdown(number: str, title: str, versions: Sequence[Version]) -> str:
    headers, rows = history_rows(versions, escape.markdown)
    heading = _("Historik for {nr} {title} (netto i mio. kr., som skrevet)").format(
        nr=escape.markdown(number), title=escape.markdown(title)
    )
    lines = [f"## {heading}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if n else ":---" for n in _numeric(headers)) + "|")
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    note = cut_note(versions)
    lines += ["", f"> {escape.markdown(note)}"] if note else []
    return "\n".join(lines) + "\n"


def history_document(number: str, versions: Sequence[Version]) -> dict[str, object]:
    return {
        "nr": number,
        "afskåret_ved": next((v.commit.sha for v in versions if v.kind == "afskåret" and v.commit), None),
        "versioner": [
            {
                "commit": version.commit.sha if version.commit else None,
                "dato": version.commit.date if version.commit else None,
                "forfatter": version.commit.author if version.commit else None,
                "besked": version.commit.subject if version.commit else None,
                "ændring": version.kind,
                "fil": str(version.path) if version.path else None,
                "gyldig": version.correction is not None or version.kind == "slettet",
                "status": version.correction.status if version.correction else None,
                "foreløbig": version.correction.preliminary if version.correction else None,
                "prisniveau": version.correction.price_level if version.correction else None,
                "titel": version.correction.title if version.correction else None,
                "netto": [
                    {
                        "år": year,
                        "netto": None if version.correction.net_unknown(year) else version.correction.net_in(year),
                    }
                    for year in version.correction.years
                ]
                if version.correction
                else [],
                "fejl": [problem.format() for problem in version.problems if problem.is_error],
            }
            for version in versions
        ],
    }

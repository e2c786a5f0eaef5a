"""Financing (finansiering) proposed from the forms' usual phrases, never with an amount the text does not give.

"… finansieres af kassen" → kassen; "flyttes 2,0 mio. kr. fra anlæg til drift" → anlæg −2,000; "anlægsforslag A108
reduceret med 950.000 kr." → anlæg A108 −0,950; "finansieres ved omplacering …" → drift; "… af merindtægter" →
indtægter. The years come from the sentence ("i 2026 og overslagsårene", "2026-2027", "årligt"). Every proposal
is only that: the file marks it for the user to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkorr.i18n import _
from budgetkorr.importers.words import lenient_amount

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"”])|\n+")
_AMOUNT = re.compile(r"(?<![\w,.])([-−]?\d[\d.,]*)\s*(mio\.?\s*kr\.?|mia\.?\s*kr\.?|kr\.?)(?!\w)", re.IGNORECASE)
_REFERENCE = re.compile(r"\b([A-Z]\d{3})\b")
_KASSEN = re.compile(
    r"(?:finansier\w*|dækkes|betales|afholdes)\s+(?:\w+\s+){0,2}(?:af|via|over|fra|med)\s+(?:den\s+)?"
    r"(?:kassen|kassebeholdningen|likviditeten)|kassefinansier",
    re.IGNORECASE,
)
_ANLAEG_REFERENCE = re.compile(r"anlæg\w*\s+(?:nr\.?\s*)?[A-Z]\d{3}\b", re.IGNORECASE)
_REDUCED = re.compile(r"reducer\w*|nedsæt\w*|nedskriv\w*|formindsk\w*|finansier\w*|nedbring\w*", re.IGNORECASE)
_ANLAEG = re.compile(
    r"fra\s+anlæg\w*\s+til\s+drift|(?:finansier\w*|dækkes)\s+(?:af|via|fra)\s+(?:\w+\s+){0,2}anlæg", re.IGNORECASE
)
_DRIFT = re.compile(
    r"finansier\w*\s+(?:\w+\s+){0,2}(?:ved|via|af|gennem|inden\s*for)\s+(?:en\s+|et\s+|den\s+)?"
    r"(?:intern\w*\s+)?(?:omplacering|pulje\w*|reduktion\w*|driftsbudget\w*|driftsramme\w*|rammen)",
    re.IGNORECASE,
)
_INDTAEGTER = re.compile(
    r"finansier\w*\s+(?:\w+\s+){0,2}(?:af|via|ved|gennem)\s+(?:\w+\s+)?(?:mer)?(?:indtægt\w*|tilskud\w*)",
    re.IGNORECASE,
)
_FROM_YEAR_ON = re.compile(
    r"\b(\d{4})\s*(?:og|samt)\s+(?:i\s+)?(?:de\s+)?(?:overs\w*år\w*|efterfølgende\s+år|frem\w*)", re.IGNORECASE
)
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
_FROM_YEAR = re.compile(r"\bfra\s+(?:og\s+med\s+)?(\d{4})\b", re.IGNORECASE)
_EVERY_YEAR = re.compile(r"\bårlig\w*|\bpr\.\s*år\b|\bhvert\s+år\b|\boverslagsår", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True)
class Proposal:
    """A `finansiering` entry read from one sentence, and what about it is a guess."""

    source: str
    sentence: str
    reference: str | None = None
    amounts: dict[int, Decimal] | None = None
    doubts: tuple[str, ...] = field(default=())


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def amount_in(sentence: str) -> Decimal | None:
    """The first amount in the sentence in mio. kr. (`2,0 mio. kr.`, `950.000 kr.`), without its sign."""
    match = _AMOUNT.search(sentence)
    if match is None:
        return None
    value = lenient_amount(match.group(1))
    if value is None:
        return None
    unit = match.group(2).lower().replace(" ", "")
    if unit.startswith("mia"):
        value *= 1000
    elif not unit.startswith("mio"):
        value /= Decimal(1_000_000)
    return abs(value)


def years_of(sentence: str, years: Sequence[int]) -> tuple[list[int], bool]:
    """The years of the budget period the sentence speaks of, and whether that was a guess (it names none)."""
    match = _FROM_YEAR_ON.search(sentence) or _FROM_YEAR.search(sentence)
    if match:
        return [y for y in years if y >= int(match.group(1))], False
    match = _YEAR_RANGE.search(sentence)
    if match:
        return [y for y in years if int(match.group(1)) <= y <= int(match.group(2))], False
    if _EVERY_YEAR.search(sentence):
        return list(years), False
    named = sorted({int(y) for y in _YEAR.findall(sentence)} & set(years))
    if named:
        return named, False
    return list(years), True


def _kind(sentence: str) -> tuple[str, str | None] | None:
    if _KASSEN.search(sentence):
        return "kassen", None
    reference = _ANLAEG_REFERENCE.search(sentence)
    if reference and _REDUCED.search(sentence):
        found = _REFERENCE.search(reference.group())
        return "anlæg", found.group(1) if found else None
    if _ANLAEG.search(sentence):
        return "anlæg", None
    if _DRIFT.search(sentence):
        return "drift", None
    if _INDTAEGTER.search(sentence):
        return "indtægter", None
    return None


def propose(texts: Sequence[str], years: Sequence[int]) -> tuple[list[Proposal], list[str]]:
    """Proposals from the texts (the most telling first: økonomiske konsekvenser before baggrund), one per source
    and reference; and the sentences that speak of financing without an amount to propose."""
    proposals: list[Proposal] = []
    without_amount: list[tuple[str, str]] = []
    for text in texts:
        for sentence in sentences(text):
            kind = _kind(sentence)
            if kind is None:
                continue
            source, reference = kind
            if source == "kassen":
                proposals.append(Proposal(source, sentence))
                continue
            amount = amount_in(sentence)
            if amount is None or amount == 0 or amount != amount.quantize(Decimal("0.001")):
                without_amount.append((source, sentence))
                continue
            chosen, guessed = years_of(sentence, years)
            doubts = (_("årene er ikke nævnt i sætningen; beløbet er sat i alle årene"),) if guessed else ()
            proposals.append(Proposal(source, sentence, reference, dict.fromkeys(chosen, -amount), doubts))
    kept = _one_per_source(proposals)
    covered = {proposal.source for proposal in kept}
    return kept, [sentence for source, sentence in without_amount if source not in covered]


def _one_per_source(proposals: list[Proposal]) -> list[Proposal]:
    """The first proposal for each source and reference; a named anlæg (A108) covers the unnamed one."""
    named_anlaeg = any(p.source == "anlæg" and p.reference for p in proposals)
    kept: list[Proposal] = []
    seen: set[tuple[str, str | None]] = set()
    for proposal in proposals:
        key = (proposal.source, proposal.reference)
        if key in seen or (proposal.source == "anlæg" and proposal.reference is None and named_anlaeg):
            continue
        seen.add(key)
        kept.append(proposal)
    return kept

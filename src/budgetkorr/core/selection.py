"""Which corrections an output is made from: the selection options every summing or listing command shares. Pure.

`--status`, `--udvalg`, `--only` and `--without` narrow the corrections; a selection that leaves none is an error
that names the filter that emptied it (`EmptySelection`), unless the baseline is asked for explicitly
(`--ingen-korrektioner`): then no correction is used, and every output says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from budgetkorr.core.entry import Entry
from budgetkorr.i18n import _
from budgetkorr.models import Committee, Status

BASELINE_OPTION = "--ingen-korrektioner"
# The statuses every command sums unless --status says otherwise: the corrections still in play.
DEFAULT_STATUSES: frozenset[Status] = frozenset({"forslag", "godkendt"})


class EmptySelection(ValueError):
    """The selection matches no correction; the message names the filter that left none."""


@dataclass(frozen=True)
class Selection:
    """The options that choose the corrections, as given (numbers upper-cased, in the order given), and the price
    level to show amounts in (None: the data folder's default, `period.default_price_level`)."""

    statuses: tuple[Status, ...] = tuple(sorted(DEFAULT_STATUSES))
    committee: Committee | None = None
    only: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    baseline: bool = False  # --ingen-korrektioner: none at all, on purpose
    price_level: int | None = None  # --prisniveau

    def parts(self) -> list[str]:
        """The selection in words, one part per option, in the order the options are applied."""
        if self.baseline:
            return [_("ingen korrektioner (grundlaget)")]
        parts = [_("status {statuses}").format(statuses=", ".join(self.statuses))]
        if self.committee is not None:
            parts.append(_("udvalg {name}").format(name=self.committee.abbreviation))
        if self.only:
            parts.append(_("kun {numbers}").format(numbers=", ".join(self.only)))
        if self.without:
            parts.append(_("uden {numbers}").format(numbers=", ".join(self.without)))
        return parts

    def describe(self) -> str:
        return "; ".join(self.parts())

    def apply(self, entries: Iterable[Entry]) -> list[Entry]:
        """The chosen corrections, in the order given; `EmptySelection` when none is left and none was asked for."""
        if self.baseline:
            return []
        chosen = list(entries)
        if not chosen:
            raise EmptySelection(_("datamappen har ingen korrektioner"))
        steps = (
            (self.describe_statuses(), lambda e: e.correction.status in self.statuses),
            (
                _("--udvalg {name}").format(name=self.committee.abbreviation if self.committee else ""),
                lambda e: self.committee is None or e.committee == self.committee,
            ),
            ("--only " + ",".join(self.only), lambda e: not self.only or e.correction.number in self.only),
            ("--without " + ",".join(self.without), lambda e: e.correction.number not in self.without),
        )
        for option, keep in steps:
            left = [entry for entry in chosen if keep(entry)]
            if not left:
                raise EmptySelection(
                    _("{option} efterlader ingen korrektioner (udvalgt: {selection})").format(
                        option=option, selection=self.describe()
                    )
                )
            chosen = left
        return chosen

    def describe_statuses(self) -> str:
        return "--status " + ",".join(self.statuses)

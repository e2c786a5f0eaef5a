"""What to say about a committee name that is not in udvalg.yaml: the closest known name, and how to add it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from budgetkorr.i18n import _
from budgetkorr.models import Committee

# Below this likeness no name is suggested: a guess that is far off misleads more than none.
CUTOFF = 0.75


def _key(name: str) -> str:
    """A committee's name as its words, sorted, without `og` and the common `udvalget`: "Teknik- og
    Miljøudvalget" and "Miljø- og teknikudvalget" are the same two words."""
    words = re.findall(r"\w+", name.casefold().replace("udvalget", " ").replace("udvalg", " "))
    return " ".join(sorted(word for word in words if word != "og"))


def closest(name: str, committees: Sequence[Committee]) -> Committee | None:
    """The committee a misspelt name most likely means, or None when none is alike enough. A committee's name
    written with its words (Teknikudvalget, Kultur og fritidsudvalg) is the one committee whose name holds each of
    them; otherwise the name (or abbreviation) most like it, its words in any order (Teknik- og Miljøudvalget →
    Miljø- og teknikudvalget, Økonomiudvalgt, BUUU)."""
    written = name.casefold()
    if "udvalg" in written:  # every name ends in "udvalget", which would make any two look alike
        words = [word.removesuffix("udvalget") for word in re.findall(r"\w+", written)]
        words = [word for word in words if len(word) >= 3]
        holding = [c for c in committees if words and all(word in c.name.casefold() for word in words)]
        if len(holding) == 1:
            return holding[0]
    wanted = _key(name)
    best: tuple[float, Committee] | None = None
    for committee in committees:
        for known in (committee.name, committee.abbreviation):
            likeness = difflib.SequenceMatcher(None, wanted, _key(known)).ratio()
            if likeness >= CUTOFF and (best is None or likeness > best[0]):
                best = (likeness, committee)
    return best[1] if best else None


def unknown_committee(name: str, committees: Sequence[Committee]) -> str:
    """What to do about `name`, which is no committee of udvalg.yaml: the closest name, if one is alike, and how
    to add it when it is the municipality's own committee."""
    found = closest(name, committees)
    add = _("tilføj det i udvalg.yaml under `udvalg:` som `- navn: {name}` med en `forkortelse:`").format(name=name)
    if found is None:
        return _("er det et af kommunens udvalg, så {add}").format(add=add)
    return _("mente du {known}? Er det et andet af kommunens udvalg, så {add}").format(known=found.name, add=add)

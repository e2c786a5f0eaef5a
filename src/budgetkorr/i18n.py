"""Words for people: every user-facing sentence goes through `_()`.

Danish is the source language: the message ids in the code are the Danish sentences, so Danish needs no catalog and
is what every user sees by default, also in the C/POSIX locale of a CI runner. English is a gettext catalog shipped
in the package (`locale/en/LC_MESSAGES/budgetkorr.mo`), chosen with `BUDGETKORR_LANG=en`, `LANGUAGE=en` or the
command line's `--sprog en` (`choose`).
`LANG` and `LC_*` are not read: they describe the machine's formatting locale, which on servers and CI runners is
English whatever the reader speaks.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "budgetkorr"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
_chosen: str | None = None


def choose(lang: str | None) -> None:
    """Use `lang` from now on, whatever the environment says (None: the environment decides again)."""
    global _chosen
    _chosen = lang


def language() -> str:
    """The language asked for: `--sprog` (`choose`), else `BUDGETKORR_LANG`, else the first known one of
    `LANGUAGE` (`en_GB:en`), else da."""
    if _chosen is not None:
        return _chosen
    return _language_of(os.environ.get("BUDGETKORR_LANG", ""), os.environ.get("LANGUAGE", ""))


@cache
def _language_of(*settings: str) -> str:
    # Cached: `_()` runs for every sentence, tens of thousands of times when thousands of files are read.
    for setting in settings:
        for part in setting.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].strip().lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The sentence in the user's language (the Danish id itself when Danish, or when no translation exists)."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the user's language: `ngettext("{n} fil", "{n} filer", n)`."""
    return _translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a sentence for the catalog where it is defined; it is translated with `_()` where it is shown."""
    return message

"""The English catalog of budgetkorr's messages: extract the Danish sentences from the code, compile the .po.

The message ids are the Danish sentences in the code (`_()`, `ngettext()`, `N_()`); the English is written by hand
in `src/budgetkorr/locale/en/LC_MESSAGES/budgetkorr.po`, the source; the `.mo` next to it is what the package
reads at run time (the standard library's gettext: nothing of this script is needed to run budgetkorr).

    python tools/i18n.py update    # add the code's new sentences to the .po (msgstr empty), drop the vanished ones
    python tools/i18n.py compile   # write the .mo from the .po
    python tools/i18n.py check     # list sentences without English, stale entries, a stale .mo (exit 1 if any)

Babel (in the test extra: `pip install -e '.[test]'`) reads the code and reads and writes the catalogs.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "budgetkorr"
CATALOG_DIR = PACKAGE / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "budgetkorr.po"
MO_FILE = CATALOG_DIR / "budgetkorr.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# The code, and the report's Jinja2 templates ({{ _("…") }}), read by Jinja2's own extractor for Babel.
METHODS = [("**.py", "python"), ("**.j2", "jinja2.ext:babel_extract")]

MessageId = str | tuple[str, ...]


def extracted() -> dict[MessageId, Message]:
    """Every sentence marked in the package's code, by message id (a (singular, plural) pair for ngettext)."""
    found: dict[MessageId, Message] = {}
    for _filename, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=METHODS, keywords=KEYWORDS
    ):
        key: MessageId = message if isinstance(message, str) else tuple(message)
        found[key] = Message(key)
    return found


def read_catalog(path: Path = PO_FILE) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale="en", domain="budgetkorr")


def translations(catalog: Catalog) -> dict[MessageId, MessageId]:
    """The catalog's entries (the header left out): message id → English."""
    return {_key(message.id): _key(message.string) for message in catalog if message.id}


def _key(value: str | list[str] | tuple[str, ...] | None) -> MessageId:
    if value is None:
        return ""
    return value if isinstance(value, str) else tuple(value)


def updated(existing: Catalog | None) -> Catalog:
    """The code's sentences, with the English that `existing` has for them; sentences no longer in the code go."""
    catalog = Catalog(
        locale="en",
        domain="budgetkorr",
        project="budgetkorr",
        header_comment="# English translations of budgetkorr's Danish messages (tools/i18n.py updates this file).",
        creation_date=existing.creation_date if existing else datetime.now(UTC),
        revision_date=existing.revision_date if existing else datetime.now(UTC),
        fuzzy=False,
    )
    known = translations(existing) if existing else {}
    for key in sorted(extracted(), key=str):
        catalog.add(key, known.get(key, "" if isinstance(key, str) else ("", "")))
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers and no wrapping: an edit elsewhere in the code does not touch the .po, one entry = one line.
    write_po(buffer, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compiled_entries(mo: bytes) -> dict[MessageId, MessageId]:
    """What a compiled catalog holds, for comparing two .mo files whatever Babel version wrote their header."""
    return translations(read_mo(io.BytesIO(mo)))


def problems() -> list[str]:
    """Everything that keeps the English catalog from being complete and current."""
    catalog = read_catalog()
    english = translations(catalog)
    code = extracted()
    found = [f"no English for: {key!r}" for key in code if not _translated(english.get(key))]
    found += [f"in the .po but not in the code: {key!r}" for key in english if key not in code]
    if not MO_FILE.is_file() or compiled_entries(MO_FILE.read_bytes()) != compiled_entries(mo_bytes(catalog)):
        found.append(f"{MO_FILE.relative_to(ROOT)} is not the compiled .po: run python tools/i18n.py compile")
    return found


def _translated(string: str | list[str] | tuple[str, ...] | None) -> bool:
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) == 2 else ""
    if command == "update":
        PO_FILE.parent.mkdir(parents=True, exist_ok=True)
        PO_FILE.write_bytes(po_bytes(updated(read_catalog() if PO_FILE.exists() else None)))
        missing = [message.id for message in read_catalog() if message.id and not _translated(message.string)]
        print(f"{PO_FILE.relative_to(ROOT)}: {len(missing)} sentences without English")
        return 0
    if command == "compile":
        MO_FILE.write_bytes(mo_bytes(read_catalog()))
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalog complete")
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

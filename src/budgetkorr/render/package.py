"""An Office file (a zip of XML parts) dated the day the report is dated, so that the same report gives the same
bytes: python-docx dates each part with the moment it is saved, which would make every file differ.

Each part is written again in the same order, compressed as before (deflate), with one date and time: midnight of
the report's date (`report --dato`, else SOURCE_DATE_EPOCH's day, else today). An appendix of 500 forms takes
about 30 ms more.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

# The earliest date a zip can hold (its dates count from 1980)
FIRST = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
PROPERTIES = "docProps/core.xml"
_CLOCK = re.compile(rb"<dcterms:(?:created|modified)\b[^>]*>[^<]*</dcterms:(?:created|modified)>")


def dated(package: bytes, when: datetime.datetime, *, undated_properties: bool = False) -> bytes:
    """The zip with every part dated `when` (at the earliest 1 January 1980); with `undated_properties`, the
    document's properties say no time of creation or change (a file that has no date of its own)."""
    stamp = max(when, FIRST).timetuple()[:6]
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(written, "w") as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=stamp)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.external_attr = info.external_attr
            content = source.read(info)
            if undated_properties and info.filename == PROPERTIES:
                content = _CLOCK.sub(b"", content)
            target.writestr(part, content)
    return written.getvalue()

"""A valid correction with its committee and where it was read (`Entry`), and what a source file offers the
stages after the loader (`Source`: its path and the line of a field)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from budgetkorr.models import Committee, Correction

Location = tuple[str | int, ...]  # a field inside a file: keys and list positions, as pydantic's error locations


class Source(Protocol):
    """A file the loader read: its path, and the line a field of it is written on (for a diagnostic)."""

    @property
    def path(self) -> Path: ...

    def line_of(self, location: Location) -> int: ...


@dataclass(frozen=True)
class Entry:
    """A valid correction with the committee it belongs to and the file it came from."""

    correction: Correction
    committee: Committee
    source: Source

    @property
    def path(self) -> Path:
        return self.source.path

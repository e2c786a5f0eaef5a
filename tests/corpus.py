"""Appendices with the correction files they must import to, compared byte for byte: the layout corpus
(tests/layouts/) and the blind trial (tests/trial/). Each case is a folder: `bilag.txt`, `forventet/` with the
expected files, `diagnostik.txt` with every doubt and problem told, and maybe its own `layout.yaml`."""

from __future__ import annotations

import shutil
from pathlib import Path

from budgetkorr import library


def imported(case: Path, data_dir: Path | None, out: Path) -> tuple[dict[str, str], str]:
    """The files the case's appendix plans (name → text) and what the import tells, with the appendix's path as
    `bilag.txt`."""
    layout = case / "layout.yaml"
    found = library.import_appendices([case / "bilag.txt"], data_dir, out, layout=layout if layout.exists() else None)
    files = {planned.path.name: planned.text for planned in found.planned}
    told = "".join(d.format().replace(d.path, "bilag.txt", 1) + "\n" for d in found.diagnostics)
    return files, told


def compare(case: Path, files: dict[str, str], told: str, refresh: bool) -> None:
    """The files and the diagnostics equal the case's expected ones (written anew with `refresh`)."""
    expected = case / "forventet"
    if refresh:
        shutil.rmtree(expected, ignore_errors=True)
        expected.mkdir()
        for file_name, text in files.items():
            (expected / file_name).write_text(text, encoding="utf-8")
        (case / "diagnostik.txt").write_text(told, encoding="utf-8")
    assert sorted(files) == sorted(path.name for path in expected.glob("*.yaml"))
    for file_name, text in files.items():
        assert text.encode("utf-8") == (expected / file_name).read_bytes(), file_name
    assert told == (case / "diagnostik.txt").read_text(encoding="utf-8")

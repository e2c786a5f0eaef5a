"""Fuzzing: the shipped files, mutated, give a result or a clear error with exit 2; never a crash, never a hang.

Each example takes one file of the shipped data folder and breaks it the way hands and tools break files (a byte
flipped, the end cut off, a part duplicated, deep nesting inserted, odd Unicode or raw bytes inserted), then runs
a command on the folder in-process. Any exception (exit 3 in real life) fails the test, as does an exit code
other than the command's own (0 or 2; check-targets also 1), a traceback in the output, or an example slower than
`SECONDS`.

CI runs a short budget; a long run (the number of examples is the budget):

    BUDGETKORR_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_fuzz.py -p no:cacheprovider
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHIPPED_DATA, run

EXAMPLES = int(os.environ.get("BUDGETKORR_FUZZ_EXAMPLES", "40"))
SECONDS = 10.0  # a generous bound for one example: a run on the shipped data takes well under a second

# The shipped files as they are when the run starts: each example restores them from here (data generation that
# read the repository could change under a long run).
ORIGINALS = {str(p.relative_to(SHIPPED_DATA)): p.read_bytes() for p in sorted(SHIPPED_DATA.rglob("*.yaml"))}
FILES = sorted(ORIGINALS)
COMMANDS: dict[str, tuple[tuple[str, ...], frozenset[int]]] = {
    "validate": (("validate",), frozenset({0, 2})),
    "summary": (("summary",), frozenset({0, 2})),
    "summary-korrektion-csv": (("summary", "2026", "--by", "korrektion", "--format", "csv"), frozenset({0, 2})),
    "list-markdown": (("list", "--format", "markdown"), frozenset({0, 2})),
    "show": (("show", "T102"), frozenset({0, 2})),
    "check-targets-github": (("check-targets", "--format", "github"), frozenset({0, 1, 2})),
    "check-targets-json": (("check-targets", "--format", "json"), frozenset({0, 1, 2})),
}

# Text that has broken or fooled YAML readers: controls, bidi, separators, a BOM, non-ASCII digits, Danish letters
# decomposed, surrogate escapes, anchors, tags, flow markers, document markers.
ODD = [
    "\x00", "\x1b[31m", "\r", "\u2028", "\u202e", "\ufeff", "\ufffe", "\u0085", "٢٠٢٦", "２０２６", "o\u0338",
    "a\u030a", "\\ud800", "&a ", "*a", "!!python/object:os.system ", "<<: ", "{", "}", "[", "]", "---\n", "...\n",
    "? ", ": ", "- ", "#", "'", '"', "|\n", ">\n", "\t", ".nan", "1e308", "-.inf", "0x1F", "0o17", "1_000",
    "2026-02-30",
    "99999999999999999999999999999.999", "\U0001f4b0", "Ø", "\u00a0",
]  # fmt: skip


@st.composite
def mutations(draw: st.DrawFn, text: bytes) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "nest", "odd", "bytes", "lines"]))
    at = draw(st.integers(0, len(text)))
    if kind == "flip" and text:
        position = min(at, len(text) - 1)
        return text[:position] + bytes([draw(st.integers(0, 255))]) + text[position + 1 :]
    if kind == "truncate":
        return text[:at]
    if kind == "duplicate":
        end = draw(st.integers(at, len(text)))
        where = draw(st.integers(0, len(text)))
        return text[:where] + text[at:end] * draw(st.integers(1, 50)) + text[where:]
    if kind == "nest":
        opening = draw(st.sampled_from(["[", "{a: ", "- ", "{", "[{"]))
        return text[:at] + (opening * draw(st.integers(1, 100_000))).encode() + text[at:]
    if kind == "odd":
        inserted = draw(st.lists(st.sampled_from(ODD) | st.text(max_size=5), min_size=1, max_size=5))
        return text[:at] + "".join(inserted).encode("utf-8", "surrogatepass") + text[at:]
    if kind == "bytes":
        return text[:at] + draw(st.binary(min_size=1, max_size=20)) + text[at:]
    lines = text.split(b"\n")
    chosen = draw(st.lists(st.integers(0, len(lines) - 1), max_size=len(lines)))
    return b"\n".join(line for index, line in enumerate(lines) if index not in chosen)  # lines deleted


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    for name, content in ORIGINALS.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(content)
    return data


@settings(
    max_examples=EXAMPLES,
    deadline=None,  # the bound is asserted below, per example, with room for a slow machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), name=st.sampled_from(FILES), command=st.sampled_from(sorted(COMMANDS)))
def test_a_mutated_file_gives_a_result_or_a_clear_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, data: st.DataObject, name: str, command: str
) -> None:
    monkeypatch.chdir(folder.parent)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    path = folder / name
    original = ORIGINALS[name]
    mutated = data.draw(mutations(original), label="file")
    path.write_bytes(mutated)
    args, allowed = COMMANDS[command]
    try:
        started = time.monotonic()
        result = run(*args)  # an exception here is what exit 3 would be for a user
        elapsed = time.monotonic() - started
    finally:
        path.write_bytes(original)
    assert result.exit_code in allowed, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert elapsed < SECONDS
    if result.exit_code == 2:
        assert result.stderr, "exit 2 always says why"

"""The environment: narrow output encodings, write errors, and every row of the exit-code table in docs/commands.md.

These run the console script in a process of its own: the stream set-up and the top-level handler that map how
a run ended to an exit code live in `budgetkorr.cli.output.run`, which the in-process runner does not use.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from budgetkorr.cli import output
from tests.conftest import REPO, SHIPPED_DATA

EXAMPLE = REPO / "examples" / "stram-kasse"


def _budgetkorr(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "BUDGETKORR"))}
    environment.update(env or {})
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "budgetkorr", *args], env=environment, timeout=120, check=False, **streams
    )


@pytest.mark.parametrize(
    ("environment", "encoding"),
    [
        ({"PYTHONIOENCODING": "ascii"}, "ascii"),
        ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
        ({"PYTHONIOENCODING": "latin-1:strict"}, "latin-1"),
        ({"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}, "ascii"),
    ],
)
def test_a_narrow_output_encoding_prints_transliterated_never_exit_3(
    environment: dict[str, str], encoding: str
) -> None:
    result = _budgetkorr("summary", "2026", "--data", str(SHIPPED_DATA), env=environment)
    assert result.returncode == 0, result.stderr
    stdout = result.stdout.decode(encoding)
    committee = "Økonomiudvalget" if encoding != "ascii" else "Oekonomiudvalget"
    assert any(line.startswith(committee) for line in stdout.splitlines())
    assert b"Traceback" not in result.stderr


def test_help_and_a_usage_error_print_in_ascii_too() -> None:
    assert _budgetkorr("--help", env={"PYTHONIOENCODING": "ascii"}).returncode == 0
    assert _budgetkorr("summary", "--ukendt", env={"PYTHONIOENCODING": "ascii"}).returncode == 2


# --- the exit-code table (docs/commands.md), row by row ----------------------------------------------------


def test_exit_0_ok() -> None:
    assert _budgetkorr("validate", "--data", str(SHIPPED_DATA)).returncode == output.EXIT_OK == 0


def test_exit_1_a_target_not_met() -> None:
    result = _budgetkorr("check-targets", "--data", str(EXAMPLE))
    assert result.returncode == output.EXIT_TARGET_NOT_MET == 1
    assert result.stdout.decode().rstrip().splitlines()[-1].startswith("Resultat: 1 af 4 mål er ikke opfyldt")


def test_exit_2_invalid_input_and_usage(tmp_path: Path) -> None:
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "T101-a.yaml").write_text("nr: T101\n", encoding="utf-8")
    (tmp_path / "udvalg.yaml").write_text("udvalg:\n  - navn: A\n    forkortelse: A\n", encoding="utf-8")
    assert _budgetkorr("validate", "--data", str(tmp_path)).returncode == output.EXIT_INVALID == 2
    assert _budgetkorr("summary", "--format", "pdf").returncode == 2
    assert _budgetkorr("summary", "--prisniveau", "99999999999999999999").returncode == 2


def test_exit_3_an_internal_error_is_one_message_and_the_traceback_only_with_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    for debug in (False, True):
        stderr = io.StringIO()
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        monkeypatch.setattr(sys, "stderr", stderr)
        monkeypatch.setattr(sys, "argv", ["budgetkorr", *(["--debug"] if debug else [])])
        with pytest.raises(SystemExit) as ended:
            output.run(broken)
        assert ended.value.code == output.EXIT_INTERNAL == 3
        assert ("Traceback" in stderr.getvalue()) is debug
        assert ("RuntimeError: a bug" in stderr.getvalue().splitlines()[0]) is not debug


def test_exit_130_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C: what a shell reports for a process ended by SIGINT, never 1 (a target not met) or 3 (a bug)
    def interrupted() -> None:
        raise KeyboardInterrupt

    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with pytest.raises(SystemExit) as ended:
        output.run(interrupted)
    assert ended.value.code == output.EXIT_INTERRUPTED == 130
    assert stderr.getvalue() == "Afbrudt.\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's always-full device")
def test_exit_4_disk_full() -> None:
    with Path("/dev/full").open("wb") as full:
        result = _budgetkorr("summary", "--data", str(SHIPPED_DATA), stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == output.EXIT_WRITE_FAILED == 4
    last = result.stderr.decode().splitlines()[-1]
    assert last == "budgetkorr: kunne ikke skrive output (stdout): disken er fuld"
    assert b"Traceback" not in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="closing a standard stream for a child is POSIX")
def test_exit_4_stdout_closed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "budgetkorr", "summary", "--data", str(SHIPPED_DATA)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=120,
        check=False,
    )
    assert result.returncode == 4
    assert (
        result.stderr.decode().splitlines()[-1] == "budgetkorr: kunne ikke skrive output (stdout): strømmen er lukket"
    )


@pytest.mark.skipif(os.name == "nt", reason="SIGPIPE and EPIPE are POSIX")
def test_exit_4_broken_pipe() -> None:
    # `budgetkorr summary | head -c 0`: the reader is gone before anything is written
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetkorr", "summary", "--by", "korrektion", "--data", str(SHIPPED_DATA)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    with process.stderr:
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 4
    assert stderr.splitlines()[-1] == (
        "budgetkorr: kunne ikke skrive output (stdout): modtageren lukkede forbindelsen (broken pipe)"
    )
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr

"""Files budgetkorr writes: the mode the umask gives, created without replacing anything (also when processes race),
--force only over a regular file, and nothing written that would not validate."""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from budgetkorr.files import NumberTaken, WriteRefused, write_atomic
from tests.conftest import REPO, SHIPPED_DATA, Budget, run

SEED = REPO / "tests" / "data" / "seed-004-oekonomiudvalget.txt"


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def listing(folder: Path) -> list[str]:
    """Every name below the folder, hidden temporary files included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped data folder (T101-T109 for ØK, T304), the working directory its parent."""
    folder = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    return folder


# --- the mode the umask gives ----------------------------------------------------------------------------------

UMASKS = [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)]


@pytest.mark.parametrize(("mask", "expected"), UMASKS)
def test_a_written_file_has_the_mode_a_plain_open_would_give(tmp_path: Path, mask: int, expected: int) -> None:
    with umask(mask):
        write_atomic(tmp_path / "ny.txt", b"ny\n")
        with (tmp_path / "med-open.txt").open("w") as stream:
            stream.write("ny\n")
    assert mode(tmp_path / "ny.txt") == expected == mode(tmp_path / "med-open.txt")


@pytest.mark.parametrize(("mask", "expected"), UMASKS[:2])
def test_new_import_report_and_xlsx_files_have_the_umasks_mode(
    data: Path, tmp_path: Path, mask: int, expected: int
) -> None:
    other = tmp_path / "andet"
    (other / "corrections").mkdir(parents=True)
    shutil.copy(SHIPPED_DATA / "udvalg.yaml", other)
    with umask(mask):
        assert run("new", "--udvalg", "ØK", "--titel", "Ny korrektion").exit_code == 0
        assert run("import", str(SEED), "--data", str(other)).exit_code == 0
        assert run("report", "--format", "html", "--output", "bilag.html").exit_code == 0
        assert run("report", "--format", "docx", "--output", "bilag.docx").exit_code == 0
        assert run("summary", "2026", "--format", "xlsx", "--output", "oversigt.xlsx").exit_code == 0
    written = [
        data / "corrections" / "T110-ny-korrektion.yaml",
        *sorted((other / "corrections").glob("*.yaml")),
        tmp_path / "bilag.html",
        tmp_path / "bilag.docx",
        tmp_path / "oversigt.xlsx",
    ]
    assert len(written) == 1 + 9 + 3
    assert {path.name: mode(path) for path in written} == {path.name: expected for path in written}


@pytest.mark.parametrize(("mask", "expected"), UMASKS[:2])
def test_force_keeps_a_bak_with_its_mode_and_the_new_file_keeps_the_replaced_files_mode(
    data: Path, tmp_path: Path, mask: int, expected: int
) -> None:
    target = tmp_path / "bilag.html"
    with umask(mask):
        assert run("report", "--format", "html", "--output", str(target)).exit_code == 0
        first = target.read_bytes()
        assert run("report", "--format", "html", "--output", str(target), "--force").exit_code == 0
    backup = tmp_path / "bilag.html.bak"
    assert backup.read_bytes() == first
    assert mode(target) == mode(backup) == expected
    target.chmod(0o640)  # chosen by the user: replacing the file keeps it, as open(..., "w") would
    with umask(mask):
        assert run("report", "--format", "html", "--output", str(target), "--force").exit_code == 0
    assert mode(target) == 0o640


# --- create means create ---------------------------------------------------------------------------------------


def test_an_existing_file_is_never_replaced_without_force_and_no_bak_appears(tmp_path: Path) -> None:
    target = tmp_path / "T101-a.yaml"
    target.write_text("mit eget arbejde\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="findes allerede; brug --force"):
        write_atomic(target, b"nyt\n")
    assert target.read_text(encoding="utf-8") == "mit eget arbejde\n"
    assert listing(tmp_path) == ["T101-a.yaml"]


def test_a_file_that_appears_after_the_check_is_still_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window the issue found between "does it exist?" and the rename: the name is taken by a hard link, which
    fails when another process made the file in between."""
    import budgetkorr.files

    target = tmp_path / "T101-a.yaml"
    checked = budgetkorr.files._existing

    def then_another_process_writes(path: Path, force: bool) -> os.stat_result | None:
        found = checked(path, force)
        path.write_text("den anden proces\n", encoding="utf-8")
        return found

    monkeypatch.setattr(budgetkorr.files, "_existing", then_another_process_writes)
    with pytest.raises(WriteRefused, match="findes allerede"):
        write_atomic(target, b"nyt\n")
    assert target.read_text(encoding="utf-8") == "den anden proces\n"
    assert listing(tmp_path) == ["T101-a.yaml"]


def test_a_file_system_without_hard_links_still_never_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(self: Path, target: Path) -> None:
        raise OSError(1, "Operation not permitted")  # as FAT and some network shares answer

    monkeypatch.setattr(Path, "hardlink_to", no_links)
    with umask(0o022):
        write_atomic(tmp_path / "ny.txt", b"ny\n")
    assert (tmp_path / "ny.txt").read_bytes() == b"ny\n"
    assert mode(tmp_path / "ny.txt") == 0o644
    with pytest.raises(WriteRefused, match="findes allerede"):
        write_atomic(tmp_path / "ny.txt", b"andet\n")
    assert write_atomic(tmp_path / "ny.txt", b"andet\n", force=True) == tmp_path / "ny.txt.bak"
    assert (tmp_path / "ny.txt").read_bytes() == b"andet\n"
    assert (tmp_path / "ny.txt.bak").read_bytes() == b"ny\n"
    assert listing(tmp_path) == ["ny.txt", "ny.txt.bak"]


def test_a_number_taken_by_another_file_meanwhile_is_let_go(tmp_path: Path) -> None:
    """The file is the number's reservation: a writer that finds another file with its number once its own is in
    place takes its own away again, so two racing writers never both keep one number."""
    other = tmp_path / "T110-den-anden.yaml"
    other.write_text("nr: T110\n", encoding="utf-8")
    (tmp_path / "T1101-ikke-samme-nummer.yaml").write_text("", encoding="utf-8")
    (tmp_path / "T110-gammel.yaml.bak").write_text("", encoding="utf-8")
    with pytest.raises(NumberTaken) as refused:
        write_atomic(tmp_path / "T110-min.yaml", b"nr: T110\n", number="T110")
    assert refused.value.other == other
    assert "T110 blev taget af" in str(refused.value)
    assert not (tmp_path / "T110-min.yaml").exists()
    write_atomic(tmp_path / "T111-min.yaml", b"nr: T111\n", number="T111")
    assert (tmp_path / "T111-min.yaml").is_file()


def test_new_passes_over_a_number_another_new_took_meanwhile(data: Path) -> None:
    from budgetkorr.loader import load_committees
    from budgetkorr.newfile import NewCorrection

    committees, _problems = load_committees(data)
    folder = data / "corrections"
    used = {f"T10{n}": folder / f"T10{n}.yaml" for n in range(1, 10)}  # what this process saw before writing
    (folder / "T110-samtidig.yaml").write_text("nr: T110\n", encoding="utf-8")  # another process, meanwhile
    (folder / "T111-noget-andet.yaml").write_text("nr: T111\n", encoding="utf-8")  # and a third
    made = NewCorrection(folder, committees[0], "Samtidig", (2026, 2027, 2028, 2029), 2026)
    path, number = made.create(None, used, force=False)
    assert (path.name, number) == ("T112-samtidig.yaml", "T112")
    assert (folder / "T110-samtidig.yaml").read_text(encoding="utf-8") == "nr: T110\n"
    assert not list(folder.glob("*.bak"))


# --- --force replaces only a regular file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["report", "--format", "html"], ["report", "--format", "docx"], ["summary", "--format", "xlsx"]]
)
def test_output_fifo_force_is_refused_and_the_fifo_stays_a_fifo(data: Path, tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    for force in ((), ("--force",)):
        result = run(*command, "--output", str(fifo), *force)
        assert result.exit_code == 2
        assert "er en FIFO (navngivet pipe), ikke en almindelig fil" in result.stderr
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not (tmp_path / "rør.bak").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("rør"))
    path.symlink_to("rør")


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "en FIFO"),
        (Path.mkdir, "en mappe"),
        (lambda p: p.symlink_to("/dev/null"), "en enhed"),
        (_link_to_fifo, "en FIFO"),
        (lambda p: p.symlink_to("findes-ikke"), "et symbolsk link til noget, der ikke findes"),
    ],
    ids=["fifo", "folder", "symlink-to-device", "symlink-to-fifo", "dangling-symlink"],
)
def test_force_replaces_nothing_but_a_regular_file(tmp_path: Path, make: Callable[[Path], object], kind: str) -> None:
    target = tmp_path / "x"
    make(target)
    before = listing(tmp_path)
    with pytest.raises(WriteRefused, match=f"er {kind}.*ikke en almindelig fil"):
        write_atomic(target, b"ny\n", force=True)
    assert listing(tmp_path) == before


def test_force_does_not_replace_a_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a socket's path has a short limit: bind it by a relative name
    target = _socket(Path("s"))
    with pytest.raises(WriteRefused, match="er en socket"):
        write_atomic(target, b"ny\n", force=True)
    assert stat.S_ISSOCK(target.lstat().st_mode)


def test_force_replaces_in_one_step_so_the_name_always_holds_a_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bilag.html"
    target.write_text("gammel\n", encoding="utf-8")
    seen: list[str] = []
    rename = Path.replace

    def watched(self: Path, other: Path) -> Path:
        seen.append(target.read_text(encoding="utf-8"))  # what a reader of the name would get at each step
        return rename(self, other)

    monkeypatch.setattr(Path, "replace", watched)
    write_atomic(target, b"ny\n", force=True)
    seen.append(target.read_text(encoding="utf-8"))
    assert seen == ["gammel\n", "gammel\n", "ny\n"]
    assert listing(tmp_path) == ["bilag.html", "bilag.html.bak"]


def test_force_over_a_symlink_to_a_regular_file_keeps_the_old_content_as_bak(tmp_path: Path) -> None:
    (tmp_path / "rigtig.txt").write_text("gammel\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("rigtig.txt")
    assert write_atomic(tmp_path / "link.txt", b"ny\n", force=True) == tmp_path / "link.txt.bak"
    assert (tmp_path / "link.txt").read_text(encoding="utf-8") == "ny\n"
    assert (tmp_path / "link.txt.bak").read_text(encoding="utf-8") == "gammel\n"
    assert (tmp_path / "rigtig.txt").read_text(encoding="utf-8") == "gammel\n"


# --- validate before writing: hostile options -------------------------------------------------------------------

HOSTILE_NUMBERS = ["A/B", "T 110", "..", "CON", "T1\x1b1", "\uff34\uff11\uff11\uff10", "T1100", "T15", "T11", "1101"]


@pytest.mark.parametrize("number", HOSTILE_NUMBERS)
def test_a_number_that_is_not_the_nr_format_is_refused_as_an_option(data: Path, number: str) -> None:
    before = listing(data)
    result = run("new", "--udvalg", "ØK", "--titel", "Prøve", "--nr", number)
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetkorr: --nr: ")
    assert "er ikke et korrektionsnummer; skriv et stort bogstav og tre cifre" in result.stderr
    assert "\x1b" not in result.stderr
    assert listing(data) == before


HOSTILE_TITLES = {
    "escape-sequence": ("Rød \x1b[31mtekst", "U+001B"),
    "right-to-left-override": ("Budget \u202eredaV", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    "del": ("Prøve\x7f", "U+007F"),
    "bell": ("Prøve\x07", "U+0007"),
    "c1-control": ("Prøve\x9b31m", "U+009B"),
    "isolate": ("Prøve \u2067x\u2069", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    "right-to-left-mark": ("Prøve\u200f", "U+200F (RIGHT-TO-LEFT MARK)"),
    "not-utf-8": ("Pr\udcf8ve", "U+DCF8"),  # a byte that is not UTF-8, as Python hands it over from argv
}


@pytest.mark.parametrize(("title", "shown"), HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_a_title_with_control_or_bidi_characters_is_refused_as_an_option(data: Path, title: str, shown: str) -> None:
    before = listing(data)
    for dry_run in ((), ("--dry-run",)):
        result = run("new", "--udvalg", "ØK", "--titel", title, *dry_run)
        assert result.exit_code == 2
        assert result.stderr == f"budgetkorr: --titel: tegnet {shown} må ikke stå i en titel; skriv almindelig tekst\n"
        assert result.stdout == ""
    assert listing(data) == before


def test_line_breaks_and_tabs_in_a_title_become_spaces(data: Path) -> None:
    result = run("new", "--udvalg", "ØK", "--titel", "To\tord\nog\r\nen linje")
    assert result.exit_code == 0, result.stderr
    text = (data / "corrections" / "T110-to-ord-og-en-linje.yaml").read_text(encoding="utf-8")
    assert "\ntitel: To ord og en linje\n" in text


def test_new_writes_nothing_for_a_file_that_would_not_validate(data: Path) -> None:
    """A title so long that the file would be over the size every reader refuses: validated in memory, refused,
    nothing written (before, the file was written and then reported invalid)."""
    before = listing(data)
    result = run("new", "--udvalg", "ØK", "--titel", "lang " * 250_000)
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetkorr: filen ville ikke være gyldig og er ikke skrevet: ")
    assert "filen er større end 1024 KiB" in result.stderr
    assert listing(data) == before


def test_validate_passes_after_every_refused_option(data: Path) -> None:
    for number in HOSTILE_NUMBERS:
        run("new", "--udvalg", "ØK", "--titel", "Prøve", "--nr", number)
    for title, _shown in HOSTILE_TITLES.values():
        run("new", "--udvalg", "ØK", "--titel", title)
    assert run("validate").exit_code == 0


# --- real processes at once --------------------------------------------------------------------------------------

# Each process imports everything first, says it is ready, and waits for the start file, so that all of them write
# at the same moment.
_STARTER = textwrap.dedent(
    """\
    import os, sys, time
    from budgetkorr.cli import main
    import budgetkorr.cli.new, budgetkorr.cli.importcmd, budgetkorr.newfile, budgetkorr.importers.batch
    start = sys.argv.pop(1)
    open(f"{start}.{os.getpid()}", "w").close()
    while not os.path.exists(start):
        time.sleep(0.001)
    sys.argv[0] = "budgetkorr"
    main()
    """
)


def at_once(cwd: Path, runs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command line as its own process, let them all go at one moment, and wait for all of them."""
    start = cwd / "start"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _STARTER, str(start), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in runs
    ]
    while len(list(cwd.glob("start.*"))) < len(runs) and all(p.poll() is None for p in processes):
        time.sleep(0.01)
    start.touch()
    results = []
    for process, args in zip(processes, runs, strict=True):
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return results


def _written_by_new(results: list[subprocess.CompletedProcess[str]], data: Path) -> dict[str, Path]:
    written: dict[str, Path] = {}
    for result in results:
        assert result.returncode == 0, result.stderr
        found = re.search(r"^Skrev (.+) \((T\d{3})\);", result.stderr, re.MULTILINE)
        assert found is not None, result.stderr
        path, number = Path(found.group(1)), found.group(2)
        assert number not in written, f"{number} was given twice"
        written[number] = path
    return written


def _valid(data: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "budgetkorr", "validate", "--data", str(data)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert not list(data.rglob("*.bak"))
    assert not list(data.rglob(".*")), "a temporary file was left"


def test_eight_new_at_once_each_get_their_own_number_and_file(data: Path, tmp_path: Path) -> None:
    results = at_once(tmp_path, [["new", "--udvalg", "ØK", "--titel", f"Samtidig nummer {n}"] for n in range(8)])
    written = _written_by_new(results, data)
    assert sorted(written) == [f"T1{n}" for n in range(10, 18)]
    for number, path in written.items():
        assert path.name.startswith(f"{number}-samtidig-nummer-")
        assert f"\nnr: {number}\n" in path.read_text(encoding="utf-8")
    assert len(list((data / "corrections").glob("T11*.yaml"))) == 8
    _valid(data)


def test_eight_new_with_one_title_at_once_replace_nothing(data: Path, tmp_path: Path) -> None:
    results = at_once(tmp_path, [["new", "--udvalg", "ØK", "--titel", "Samtidig"] for _n in range(8)])
    written = _written_by_new(results, data)
    assert sorted(path.name for path in written.values()) == [f"T1{n}-samtidig.yaml" for n in range(10, 18)]
    _valid(data)


def test_eight_imports_of_one_appendix_at_once_write_each_file_once(budget: Budget, tmp_path: Path) -> None:
    results = at_once(budget.root, [["import", str(SEED)] for _n in range(8)])
    written: list[str] = []
    for result in results:
        assert result.returncode in (0, 2), result.stderr
        # the files this process wrote; one another wrote already with the same text is listed apart, not refused
        block = re.search(r"^Skrev \d+ fil(?:er)?:\n((?:  .*\n)*)", result.stderr, re.MULTILINE)
        names = re.findall(r"^  (data/corrections/\S+\.yaml)$", block[1] if block else "", re.MULTILINE)
        kept = re.search(r"^(\d+) fil(?:er)? var der i forvejen", result.stderr, re.MULTILINE)
        refused = len(re.findall(r"^  .*findes allerede", result.stderr, re.MULTILINE))  # in the list of errors
        assert len(names) + (int(kept[1]) if kept else 0) + refused == 9, result.stderr
        written += names
    assert sorted(written) == sorted(f"data/corrections/{p.name}" for p in budget.corrections.glob("*.yaml"))
    assert len(written) == 9, "every form is written by exactly one of the processes"
    alone = tmp_path / "alene"
    assert run("import", str(SEED), "--out", str(alone)).exit_code == 0
    for path in alone.iterdir():  # each file whole, as one import alone writes it
        assert (budget.corrections / path.name).read_bytes() == path.read_bytes()
    _valid(budget.data)


def test_a_file_gone_between_listing_and_reading_is_not_reported_missing(budget: Budget) -> None:
    # Another `new` removes its file when it lost the number: a run that listed the folder just before then must not
    # stop on a file the folder no longer has. A file the user named is still reported when it is missing.
    from budgetkorr.loader import load_corrections

    gone = budget.corrections / "T110-samtidig.yaml"
    entries, problems = load_corrections([gone], [], frozenset([gone]))
    assert (entries, problems) == ([], [])
    _entries, named = load_corrections([gone], [])
    assert [problem.message for problem in named] != []

"""Wall time and peak memory of whole budgetkorr processes, beside the floors measured in the same run.

    .venv/bin/python benchmarks/bench.py                 # shipped data and 500, 2,000, 10,000, 26,000
    .venv/bin/python benchmarks/bench.py --quick         # shipped data and 500 (what CI runs)
    .venv/bin/python benchmarks/bench.py --sizes 500 2000 --json results.json

Every figure is a whole process (start-up, imports, loading, computing, writing) as a user's shell or CI runs it:
the median of N runs after one warm-up run (page cache warm), with the peak resident memory of the process from
os.wait4's rusage. The floors are measured in the same run, so the ratios compare across machines: importing
budgetkorr's dependencies (`python -c "import pydantic, yaml, typer, rich, tabulate"`, what any Python tool built
on them pays before reading a file) and a bare PyYAML C-loader parse of the same files (yaml.load with
CSafeLoader, no validation, nothing printed). A floor runs right before each run of a command (the import floor
up to 2,000 corrections, the parse floor above), and the ratio is the median of the run-by-run ratios, so that a
machine whose load changes from minute to minute still gives a fair ratio. A file written (`--output`) is removed
before each run, in a temporary folder of the benchmark's own. Machines are noisy: nothing here passes or fails; it
prints what it measured, and the targets it is held to beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repository root
from benchmarks.synthetic import write_data_folder

REPO = Path(__file__).resolve().parents[1]
EXECUTABLE = Path(sys.executable).parent / "budgetkorr"
SIZES = (500, 2000, 10_000, 26_000)
QUICK_SIZES = (500,)
QUICK_RUNS = 3
IMPORT_FLOOR = "import floor"
PARSE_FLOOR = "PyYAML C parse"
IMPORTS = [sys.executable, "-c", "import pydantic, yaml, typer, rich, tabulate"]
PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
# The commands measured at the sizes municipalities have (up to a few thousand corrections); the large archives
# are measured by `summary 2026` alone, against the parse floor.
READING: tuple[tuple[str, ...], ...] = (("summary",), ("check-targets",), ("list",), ("validate",))
WRITING: tuple[tuple[str, ...], ...] = (
    ("report", "--format", "html"),
    ("report", "--format", "docx"),
    ("report", "--format", "pdf"),
    ("summary", "--format", "xlsx"),
)
# What a budget officer imports, made from the same corrections before they are measured: the committees' forms as
# text (`show`), the Word appendix (`report --format docx`, every status: all the corrections) and the workbook to
# edit (`export`). Each is read and
# planned with --dry-run (nothing written, so every run does the same work).
APPENDICES = {"txt": "bilag.txt", "docx": "bilag.docx", "xlsx": "korrektioner.xlsx"}
SUFFIX = {"html": ".html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}
TARGET = {"html": "≤ 0.5 s", "docx": "≤ 1.5 s", "pdf": "none set: the figure", "xlsx": "≤ 0.5 s"}
# The PDF is laid out page by page (tens of seconds at 500 corrections): one run after the warm-up, and on the
# shipped data beside `summary 2026`, as the appendix a committee secretary makes.
PDF = ("report", "--format", "pdf")
PDF_RUNS = 1
SLOW = 5.0  # a command whose warm-up took longer is run at most 3 times
VERY_SLOW = 30.0  # and once, after the warm-up, where it took longer than this
LARGE = 10_000  # from here on: summary 2026 and the parse floor only


@dataclass
class Figure:
    case: str  # "" for a floor of its own, "shipped" or the number of corrections
    what: str  # the command line, or a floor
    runs: int
    median_s: float
    min_s: float
    max_s: float
    peak_mb: float
    exit_code: int
    floor: str = ""  # the floor run right before each run of this command ("" for a floor itself)
    ratio: float = 0.0  # the median of each run's time over its floor run's time


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, bytes]:
    """One whole process: wall seconds, peak resident MB, exit code, stderr."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        return elapsed, usage.ru_maxrss / 1024, process.returncode, stderr.read()


def measure(
    case: str,
    what: str,
    argv: list[str],
    cwd: Path,
    runs: int,
    written: Path | None = None,
    floor: tuple[str, list[str]] | None = None,
) -> Figure:
    """Median of `runs` runs after one warm-up (at most 3 if that was slow, 1 if very slow); `written` (the
    command's output file) is removed before each. With a `floor` (its name and command line), the floor runs
    right before each run, and the ratio is the median of the run-by-run ratios: on a shared machine whose load
    changes from minute to minute, a command and a floor measured minutes apart compare badly."""
    env = dict(os.environ)
    # As installed (pip compiles a package's modules), the processes read compiled bytecode; with this set, every
    # run would compile budgetkorr's source again and measure the compiler instead of the tool.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: list[float] = []
    ratios: list[float] = []
    peaks: list[float] = []
    code = 0
    attempt = 0
    while attempt <= runs:
        floor_s = _run(floor[1], cwd, env)[0] if floor is not None else 0.0
        if written is not None:
            written.unlink(missing_ok=True)
        elapsed, peak, code = _run(argv, cwd, env)
        if attempt:
            times.append(elapsed)
            peaks.append(peak)
            ratios.append(elapsed / floor_s if floor_s else 0.0)
        elif elapsed > SLOW:
            runs = 1 if elapsed > VERY_SLOW else min(runs, 3)
        attempt += 1
    name = floor[0] if floor is not None else ""
    return Figure(
        case,
        what,
        runs,
        statistics.median(times),
        min(times),
        max(times),
        max(peaks),
        code,
        name,
        statistics.median(ratios),
    )


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    elapsed, peak, code, stderr = run_once(argv, cwd, env)
    if code not in (0, 1):  # 1 is a target not met: a valid answer of check-targets
        sys.exit(f"bench: {' '.join(argv)} exited {code}:\n{stderr.decode(errors='replace')}")
    return elapsed, peak, code


def bench_case(case: str, root: Path, size: int, runs: int, out: Path) -> list[Figure]:
    """The parse floor of a repository's files and the commands measured at its size, each beside a floor run
    before each of its runs: the import floor up to a few thousand corrections, the parse floor above."""
    bk = str(EXECUTABLE)
    parse = [sys.executable, "-c", PARSE, str(root / "data")]
    figures = [measure(case, f"{PARSE_FLOOR} (floor)", parse, root, runs)]
    if size >= LARGE:
        commands: list[tuple[tuple[str, ...], Path | None]] = [(("summary", "2026"), None)]
    elif case == "shipped":
        commands = [(("summary", "2026"), None), (PDF, out / "out.pdf")]
    else:
        commands = [(args, None) for args in READING]
        commands += [(args, out / f"out{SUFFIX[args[-1]]}") for args in WRITING]
    floor = (PARSE_FLOOR, parse) if size >= LARGE else (IMPORT_FLOOR, IMPORTS)
    for args, written in commands:
        argv = [bk, *args, *(("--output", str(written)) if written else ())]
        times = min(runs, PDF_RUNS) if args == PDF and size else runs
        figures.append(measure(case, "budgetkorr " + " ".join(args), argv, root, times, written, floor))
    if 0 < size < LARGE:
        for name in _appendices(root, out).values():
            argv = [bk, "import", str(out / name), "--out", str(out / "importeret"), "--dry-run"]
            figures.append(measure(case, f"budgetkorr import {name} --dry-run", argv, root, runs, None, floor))
    return figures


def _appendices(root: Path, out: Path) -> dict[str, str]:
    """The corrections of `root` as the appendices a budget officer imports, written in `out` (see APPENDICES)."""
    bk = str(EXECUTABLE)
    env = dict(os.environ)
    committees = sorted({line.split(":", 1)[1].strip() for line in _committee_lines(root)})
    with (out / APPENDICES["txt"]).open("wb") as text:
        for committee in committees:
            text.write(
                subprocess.run(
                    [bk, "show", "--udvalg", committee], cwd=root, env=env, capture_output=True, check=True
                ).stdout
            )
    for name, args in (
        (APPENDICES["docx"], ("report", "--format", "docx", "--status", "forslag,godkendt,afvist")),
        (APPENDICES["xlsx"], ("export",)),
    ):
        (out / name).unlink(missing_ok=True)
        subprocess.run([bk, *args, "--output", str(out / name)], cwd=root, env=env, capture_output=True, check=True)
    return APPENDICES


def _committee_lines(root: Path) -> list[str]:
    """The `forkortelse:` lines of the repository's udvalg.yaml."""
    text = (root / "data" / "udvalg.yaml").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip().startswith("forkortelse:")]


def machine() -> dict[str, str]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), ""
        )
    load = " ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model or platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": load,
    }


def table(figures: list[Figure]) -> str:
    """A markdown table: each figure with its ratio to the floor run beside it."""
    rows = [
        "| data | what | median s | min–max s | peak MB | × floor, run by run | floor |",
        "|---|---|--:|--:|--:|--:|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}" if f.floor else ""
        rows.append(
            f"| {f.case} | {f.what} | {f.median_s:.3f} | {f.min_s:.3f}–{f.max_s:.3f} | {f.peak_mb:.0f} "
            f"| {ratio} | {f.floor} |"
        )
    return "\n".join(rows)


def targets(figures: list[Figure]) -> str:
    """The targets budgetkorr is held to, each with what this run measured (a row whose figures this run did not
    take is left out)."""
    found = {(f.case, f.what.removeprefix("budgetkorr ")): f for f in figures}
    rows = ["| what | target | measured |", "|---|---|---|"]
    if shipped := found.get(("shipped", "summary 2026")):
        rows.append(f"| `summary 2026`, shipped data | ≤ 1.3 × the import floor | {_times(shipped)} |")
    if shipped_pdf := found.get(("shipped", " ".join(PDF))):
        rows.append(f"| `{' '.join(PDF)}`, shipped data | {TARGET['pdf']} | {_times(shipped_pdf)} |")
    for args in READING:
        if figure := found.get(("500", " ".join(args))):
            rows.append(f"| `{' '.join(args)}` at 500 | ≤ 1.8 × the import floor | {_times(figure)} |")
    for args in WRITING:
        command, target = " ".join(args), TARGET[args[-1]]
        at_500, at_2000 = found.get(("500", command)), found.get(("2,000", command))
        if at_500:
            rows.append(f"| `{command}` at 500 | {target} | {_times(at_500)} |")
        if at_500 and at_2000 and args[-1] == "docx":
            rows.append(
                f"| `{command}`, 500 → 2,000 | linear: ≤ 4 × the time for 4 × the corrections "
                f"| {at_2000.median_s:.3f} s = {at_2000.median_s / at_500.median_s:.2f} × |"
            )
    for name in APPENDICES.values():
        if figure := found.get(("500", f"import {name} --dry-run")):
            rows.append(f"| `import {name} --dry-run` at 500 | none set: the figure | {_times(figure)} |")
    if large := found.get(("10,000", "summary 2026")):
        rows.append(
            f"| `summary 2026` at 10,000 | ≤ 0.8 × the PyYAML parse, ≤ 150 MB "
            f"| {_times(large)}, {large.peak_mb:.0f} MB |"
        )
    largest = found.get(("26,000", "summary 2026"))
    if large and largest:
        rows.append(
            f"| `summary 2026`, 10,000 → 26,000 | linear: ≤ 2.6 × the time for 2.6 × the corrections "
            f"| {largest.median_s:.3f} s = {largest.median_s / large.median_s:.2f} × (× the parse: {large.ratio:.2f} → "
            f"{largest.ratio:.2f}), {largest.peak_mb:.0f} MB |"
        )
    return "\n".join(rows)


def _times(figure: Figure) -> str:
    return f"{figure.median_s:.3f} s = {figure.ratio:.2f} × the {figure.floor}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of corrections (default: 500 2000 10000 26000)")
    parser.add_argument("--quick", action="store_true", help="shipped data and 500, 3 runs each (for CI)")
    parser.add_argument("--runs", type=int, help="runs per figure after the warm-up (default 5; above 2,000: 3)")
    parser.add_argument("--seed", type=int, default=2026, help="the seed of the synthetic corrections")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    options = parser.parse_args()
    sizes = options.sizes or (QUICK_SIZES if options.quick else SIZES)
    runs = options.runs or (QUICK_RUNS if options.quick else 5)

    before = machine()["load"]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="budgetkorr-bench-") as temp:
        out = Path(temp) / "out"
        out.mkdir()
        floor = measure("", f"{IMPORT_FLOOR} (floor)", IMPORTS, REPO, runs)
        figures.append(floor)
        figures += bench_case("shipped", REPO, 0, runs, out)
        for size in sizes:
            root = Path(temp) / str(size)
            write_data_folder(root, size, options.seed)
            figures += bench_case(f"{size:,}", root, size, min(runs, 3) if size > 2000 else runs, out)
            shutil.rmtree(root)

    info = machine()
    print(f"budgetkorr {_version()}: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, {info['system']}")
    print(f"load average (1, 5, 15 min) {before} before, {info['load']} after")
    print(f"median of {runs} whole-process runs after a warm-up (at most 3 above 2,000 corrections); peak = max RSS")
    print(f'import floor: python -c "{IMPORTS[-1]}"; each command beside a floor run before each of its runs\n')
    print(table(figures))
    print()
    print(targets(figures))
    if options.json:
        document = {
            "machine": info,
            "load_before": before,
            "seed": options.seed,
            "figures": [asdict(f) for f in figures],
        }
        options.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _version() -> str:
    result = subprocess.run([str(EXECUTABLE), "--version"], capture_output=True, text=True, check=False)
    return result.stdout.split()[-1] if result.stdout else "?"


if __name__ == "__main__":
    main()

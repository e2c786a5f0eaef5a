"""Wall time and peak memory of whole budgetkorr processes, beside the floors measured in the same run.

    .venv/bin/python benchmarks/bench.py                 # shipped data and 100, 1,000, 10,000, 26,000
    .venv/bin/python benchmarks/bench.py --quick         # shipped data, 100 and 1,000 (what CI runs)
    .venv/bin/python benchmarks/bench.py --sizes 1000 10000 --json results.json

Every figure is a whole process (start-up, imports, loading, computing, writing) as a user's shell or CI runs it:
the median of N runs after one warm-up run (page cache warm), with the peak resident memory of the process from
os.wait4's rusage. `cold` runs start with an empty cache directory, `warm` ones with the cache a previous run
left. The floors are measured in the same run, so the ratios compare across machines: `python -c pass` (the
interpreter's own start-up) and a bare PyYAML C-loader parse of the same files (yaml.load with CSafeLoader, no
validation, nothing printed). Machines are noisy: nothing here passes or fails; it prints what it measured.
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
SIZES = (100, 1000, 10_000, 26_000)
QUICK_SIZES = (100, 1000)
PARSE_FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Figure:
    case: str  # "shipped" or the number of corrections
    what: str  # the command line, or a floor
    cache: str  # cold, warm or "" where a cache plays no part
    runs: int
    median_s: float
    min_s: float
    max_s: float
    peak_mb: float
    exit_code: int


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
    case: str, what: str, argv: list[str], cwd: Path, runs: int, cache: str = "", env: dict[str, str] | None = None
) -> Figure:
    """Median of `runs` runs after one warm-up; `cold` empties the cache directory before every run."""
    env = dict(env or os.environ)
    # As installed (pip compiles a package's modules), the processes read compiled bytecode; with this set, every
    # run would compile budgetkorr's source again and measure the compiler instead of the tool.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cache_dir = Path(env["XDG_CACHE_HOME"]) if "XDG_CACHE_HOME" in env else None
    times: list[float] = []
    peaks: list[float] = []
    code = 0
    for attempt in range(runs + 1):
        if cache == "cold" and cache_dir is not None:
            shutil.rmtree(cache_dir, ignore_errors=True)
            cache_dir.mkdir()
        elapsed, peak, code, stderr = run_once(argv, cwd, env)
        if code not in (0, 1):  # 1 is a target not met: a valid answer of check-targets
            sys.exit(f"bench: {' '.join(argv)} exited {code}:\n{stderr.decode(errors='replace')}")
        if attempt:
            times.append(elapsed)
            peaks.append(peak)
    return Figure(case, what, cache, runs, statistics.median(times), min(times), max(times), max(peaks), code)


def bench_case(case: str, root: Path, runs: int, cache_root: Path) -> list[Figure]:
    """`summary 2026` and `check-targets` in a repository, cold and warm, and the parse floor of its files."""
    figures = [
        measure(case, "PyYAML C parse (floor)", [sys.executable, "-c", PARSE_FLOOR, str(root / "data")], root, runs)
    ]
    for args in (["summary", "2026"], ["check-targets"]):
        for cache in ("cold", "warm"):
            env = {**os.environ, "XDG_CACHE_HOME": str(cache_root / case / cache)}
            Path(env["XDG_CACHE_HOME"]).mkdir(parents=True, exist_ok=True)
            figures.append(
                measure(case, "budgetkorr " + " ".join(args), [str(EXECUTABLE), *args], root, runs, cache, env)
            )
    return figures


def machine() -> dict[str, str]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), ""
        )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model or platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def table(figures: list[Figure], startup: float) -> str:
    """A markdown table: each figure with its ratio to start-up and to the parse floor of its own case."""
    floors = {f.case: f.median_s for f in figures if f.what.startswith("PyYAML")}
    rows = [
        "| data | what | cache | median s | min–max s | peak MB | × `python -c pass` | × PyYAML parse |",
        "|---|---|---|--:|--:|--:|--:|--:|",
    ]
    for f in figures:
        parse = floors.get(f.case)
        ratio = f"{f.median_s / parse:.2f}" if parse and not f.what.startswith("PyYAML") else ""
        rows.append(
            f"| {f.case} | {f.what} | {f.cache} | {f.median_s:.3f} | {f.min_s:.3f}–{f.max_s:.3f} | {f.peak_mb:.0f} "
            f"| {f.median_s / startup:.1f} | {ratio} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of corrections (default: 100 1000 10000 26000)")
    parser.add_argument("--quick", action="store_true", help="shipped data, 100 and 1,000 only (for CI)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure after the warm-up (26,000: at most 3)")
    parser.add_argument("--seed", type=int, default=2026, help="the seed of the synthetic corrections")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    options = parser.parse_args()
    sizes = options.sizes or (QUICK_SIZES if options.quick else SIZES)
    runs = options.runs

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="budgetkorr-bench-") as temp:
        caches = Path(temp) / "cache"
        startup = measure("", "python -c pass (floor)", [sys.executable, "-c", "pass"], REPO, runs)
        figures.append(startup)
        env = {**os.environ, "XDG_CACHE_HOME": str(caches / "startup")}
        for args in (["--help"], ["--version"]):
            figures.append(measure("", "budgetkorr " + args[0], [str(EXECUTABLE), *args], REPO, runs, env=env))
        figures += bench_case("shipped", REPO, runs, caches)
        for size in sizes:
            root = Path(temp) / str(size)
            write_data_folder(root, size, options.seed)
            figures += bench_case(f"{size:,}", root, min(runs, 3) if size > 10_000 else runs, caches)
            shutil.rmtree(root)

    info = machine()
    print(f"budgetkorr {_version()}: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, {info['system']}")
    print(f"median of {runs} whole-process runs after a warm-up (3 above 10,000 corrections); peak = max RSS\n")
    print(table(figures, startup.median_s))
    if options.json:
        document = {"machine": info, "seed": options.seed, "figures": [asdict(f) for f in figures]}
        options.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _version() -> str:
    result = subprocess.run([str(EXECUTABLE), "--version"], capture_output=True, text=True, check=False)
    return result.stdout.split()[-1] if result.stdout else "?"


if __name__ == "__main__":
    main()

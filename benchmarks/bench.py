"""Wall time of the commands people run many times a day, as figures (min / median / max of N runs).

Machines are noisy, so nothing here passes or fails: it prints what it measured. Run it with the project's
virtual environment: .venv/bin/python benchmarks/bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXECUTABLE = Path(sys.executable).parent / "budgetkorr"


def measure(args: list[str], cwd: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(EXECUTABLE), *args], cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(f"{label:<52} min {min(ms):7.1f} ms   median {statistics.median(ms):7.1f} ms   max {max(ms):7.1f} ms")


def synthetic_repository(folder: Path, count: int) -> Path:
    """`count` corrections made from the shipped ones, renumbered A000…Z999, in a fresh data folder."""
    data = folder / "data"
    (data / "corrections").mkdir(parents=True)
    for name in ("udvalg.yaml", "budget.yaml", "targets.yaml", "prisniveau.yaml"):
        shutil.copy(REPO / "data" / name, data / name)
    templates = sorted((REPO / "data" / "corrections").glob("*.yaml"))
    for index in range(count):
        template = templates[index % len(templates)]
        number = f"{chr(ord('A') + index // 1000)}{index % 1000:03d}"
        text = template.read_text(encoding="utf-8")
        original = template.name[:4]
        text = text.replace(f"nr: {original}", f"nr: {number}", 1)
        (data / "corrections" / f"{number}-{template.name[5:]}").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(f"budgetkorr wall time, {runs} runs each, {sys.platform}, Python {sys.version.split()[0]}")
    commands = (
        ["--version"],
        ["summary", "2026"],
        ["summary", "2026", "--format", "csv"],
        ["validate"],
        ["list"],
        ["check-targets"],
        ["check-targets", "--format", "json"],
    )
    for args in commands:
        report("shipped data (9 files): budgetkorr " + " ".join(args), measure(args, REPO, runs))
    for count in (100, 1000):
        with tempfile.TemporaryDirectory() as folder:
            root = synthetic_repository(Path(folder), count)
            for args in (["summary", "2026"], ["check-targets"]):
                label = f"{count} files: budgetkorr " + " ".join(args)
                report(label, measure(args, root, max(3, runs // 3)))


if __name__ == "__main__":
    main()

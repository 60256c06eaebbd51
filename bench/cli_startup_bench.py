"""Start-up cost of the command line: `qualcode status` on a small project and `qualcode --help`.

Each command runs in a fresh process (`python -m qualcode ...`), alternately, and the
median wall time and median CPU time (user + system of the child) are printed. A bare
`python -c pass` is timed the same way as the floor. With --project, an existing project is used
and `qualcode export matrix` is timed too. Run it from the checkout to measure:

    PYTHONPATH=$PWD .venv/bin/python bench/cli_startup_bench.py [--runs 10] [--project DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--project", type=Path, help="an existing project (default: a fresh `init` one)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = args.project.resolve() if args.project else Path(tmp) / "project"
        if not args.project:
            subprocess.run([python, "-m", "qualcode", "init", str(root)], check=True, stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "qualcode status": [python, "-m", "qualcode", "status"],
            "qualcode --help": [python, "-m", "qualcode", "--help"],
        }
        if args.project:
            commands["qualcode export matrix"] = [python, "-m", "qualcode", "export", "matrix", "--out",
                                                  str(Path(tmp) / "matrix.csv"), "--force"]
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(timed_run(argv, root))
    print(f"load average {os.getloadavg()[0]:.2f}, {args.runs} runs each, medians")
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name:<22} wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms")


if __name__ == "__main__":
    main()

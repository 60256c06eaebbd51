"""Where the wall time of Chinese `qualcode suggest --jobs 1` and `--jobs 2` goes: a timeline of phases.

Builds the Chinese project of bench/suggest_bench.py (2 million characters), then runs the command in a fresh
process (`--force --engine keywords`), one job and two alternately, ``--repeats`` times, with
bench/suggest_phases_hook.py timing its phases: Python up, the fork server asked for, the engine built, the
finished documents read, the first and last result; in the fork server when jieba is loaded, when it is ready
and when it exits; in each worker its start and its last document. Times are seconds since the command was
started; a ``cpu by ...`` row is the CPU seconds the process that logged that event had used by then (the
most of the workers'; a worker's counted from its fork), which a loaded machine inflates far less than the
wall times. Prints each run and the median of each event over the runs.

    python bench/suggest_phases.py [--zh-chars 2000000] [--repeats 3] [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import suggest_bench  # noqa: E402  the same corpus and project as the speed bench

DRIVER = """
import sys
import suggest_phases_hook
suggest_phases_hook.install()
from qualcode.cli import main
main(sys.argv[1:])
"""


def run(code: Path, root: Path, jobs: int, log: Path) -> dict[str, float]:
    log.unlink(missing_ok=True)
    start = time.clock_gettime(time.CLOCK_MONOTONIC)
    env = dict(os.environ, PYTHONPATH=f"{code}{os.pathsep}{BENCH}", QUALCODE_PHASES_LOG=str(log),
               QUALCODE_PHASES_T0=repr(start))
    # Output to a pipe, as suggest_bench.py reads it: the fork server inherits the pipe, so it closes only
    # when that server has ended too. The main process's own end is waited for beside it.
    child = subprocess.Popen([sys.executable, "-c", DRIVER, "--project", str(root), "suggest", "--jobs", str(jobs),
                              "--force", "--engine", "keywords"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             env=env, cwd=code)
    ended: list[float] = []
    waiter = threading.Thread(target=lambda: (child.wait(), ended.append(time.clock_gettime(time.CLOCK_MONOTONIC))))
    waiter.start()
    output = child.stdout.read()
    closed = time.clock_gettime(time.CLOCK_MONOTONIC) - start
    waiter.join()
    if child.returncode != 0:
        raise SystemExit(f"suggest failed: {output.decode(errors='replace')[-2000:]}")
    time.sleep(0.5)  # the fork server ends meanwhile
    return summarise(log.read_text().splitlines(), ended[0] - start, closed)


def summarise(lines: list[str], ended: float, closed: float) -> dict[str, float]:
    """One time per event; per worker: its init end and last document, numbered by when each began."""
    events: dict[str, float] = {}
    workers: dict[str, dict[str, float]] = defaultdict(dict)
    cpus: dict[str, list[float]] = defaultdict(list)  # CPU seconds of the process that logged the event
    main_pid = lines[0].split("\t")[1] if lines else ""
    for line in lines:
        seconds, pid, event, cpu = line.split("\t")
        t = float(seconds)
        if event.startswith("fork server: preload starts"):
            event = "fork server: preload starts"
        if event in ("start fork server start", "fork server: preload starts", "fork server ready", "worker init end", "results start",
                     "first result", "run_suggest end"):
            cpus[event].append(float(cpu))
        if event in ("worker init start", "worker init end", "document done"):
            worker = workers[pid]
            worker.setdefault(event, t)
            if event == "document done":
                worker["last document"] = t
                worker["cpu"] = float(cpu)
                worker["documents"] = worker.get("documents", 0) + 1
        elif pid == main_pid or event.startswith("fork server"):
            events.setdefault(event, t)
        else:
            events.setdefault(f"{event} (pid {pid})", t)
    for number, (_, worker) in enumerate(sorted(workers.items(), key=lambda item: item[1].get("worker init start", 0)),
                                         start=1):
        for event in ("worker init end", "last document"):
            if event in worker:
                events[f"worker {number}: {event}"] = worker[event]
        events[f"worker {number}: documents"] = worker.get("documents", 0)
        if "cpu" in worker:
            events[f"cpu by worker {number}'s last document"] = worker["cpu"]
    for event, values in cpus.items():
        events[f"cpu by {event}" + (" (each worker)" if len(values) > 1 else "")] = max(values)
    events["main process ended"] = ended
    events["output closed (bench's wall)"] = closed
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zh-chars", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--code", type=Path, default=BENCH.parent, help="the checkout whose qualcode runs")
    args = parser.parse_args()
    code = args.code.resolve()
    work = Path(tempfile.mkdtemp(prefix="qualcode-suggest-phases-"))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; code measured: {code}")
    try:
        documents = suggest_bench.generate(suggest_bench.ZH_KEYWORD, suggest_bench.ZH_NEUTRAL, args.zh_chars, 20_000,
                                           "zh", seed=1)
        project = suggest_bench.build_project(work / "zh", documents, "S")
        root = project.root
        project.close()
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for repeat in range(args.repeats):
            for jobs in (1, 2):
                events = run(code, root, jobs, work / "phases.log")
                runs[jobs].append(events)
                print(f"--jobs {jobs}, run {repeat + 1} (load {os.getloadavg()[0]:.1f}): "
                      + ", ".join(f"{name} {t:.2f}" for name, t in sorted(events.items(), key=lambda kv: kv[1])
                                  if not name.endswith("documents") and not name.startswith("cpu")), flush=True)
        for jobs, found in runs.items():
            names = sorted({name for events in found for name in events},
                           key=lambda name: (name.startswith("cpu"),
                                             statistics.median(e[name] for e in found if name in e)))
            print(f"median over {len(found)} runs, --jobs {jobs}:")
            for name in names:
                values = [e[name] for e in found if name in e]
                shown = f"{statistics.median(values):6.0f}" if name.endswith("documents") else \
                    f"{statistics.median(values):6.2f} s" + (" cpu" if name.startswith("cpu") else "")
                print(f"  {name:38s} {shown}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

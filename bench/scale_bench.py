"""Scale: 10k / 30k / 100k short texts (survey answers), each step timed with its peak memory.

Each answer is one small transcript file (`受访者：…`, one to three sentences from
bench/corpus.py). For every size a fresh project goes through the real
commands, each in its own process, as a person would run them:

  import    qualcode import answers/
  suggest   qualcode suggest --jobs 1
  status    qualcode status
  export    qualcode export matrix --out matrix.csv

and the bench prints wall time, CPU time (user + system of the step's processes)
and peak resident memory (the largest process of the step: RUSAGE_CHILDREN) per
step, plus seconds per 1,000 texts so linear growth shows, and the load average
when the step ended. On a shared machine the wall time follows the load (at load
10 on two cores a step gets a fraction of a core); the CPU time hardly does, and
on an idle machine a step's wall time should come close to its CPU time. The
default run is 10k only (about a minute or more on a shared two-core machine);
pass --sizes 10000 30000 100000 for the whole ladder.

    .venv/bin/python bench/scale_bench.py [--sizes 10000] [--jobs 1] [--code DIR]

--code runs the commands of another checkout (e.g. the main branch, for a before figure) with
this bench.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ZH_ANSWERS  # noqa: E402

# Peak memory of one child: measured in a throwaway wrapper process so each step's figure is its own.
_STEP = r"""
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
if done.returncode:
    sys.stderr.write(done.stdout + done.stderr)
    sys.exit(done.returncode)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def write_answers(folder: Path, count: int, seed: int = 17) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    characters = 0
    for index in range(count):
        answer = "".join(rng.choice(ZH_ANSWERS) for _ in range(rng.randint(1, 3)))
        text = f"---\nparticipant: R{index:06d}\nwave: survey\n---\n受访者：{answer}\n"
        (folder / f"R{index:06d}.txt").write_text(text, encoding="utf-8")
        characters += len(answer)
    return characters


def step(code: Path, root: Path, *args: str) -> tuple[float, float, float]:
    command = [sys.executable, "-m", "qualcode", "--project", str(root), *args]
    env = dict(os.environ, PYTHONPATH=str(code))
    done = subprocess.run([sys.executable, "-c", _STEP, *command], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    elapsed, peak_kib, cpu = done.stdout.split()
    return float(elapsed), int(peak_kib) / 1024, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose qualcode runs")
    args = parser.parse_args()
    code = args.code.resolve()
    env = dict(os.environ, PYTHONPATH=str(code))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            base = Path(tmp) / f"s{size}"
            characters = write_answers(base / "answers", size)
            root = base / "study"
            subprocess.run([sys.executable, "-m", "qualcode", "init", str(root)], check=True, env=env,
                           capture_output=True)
            print(f"{size:,} answers, {characters:,} characters ({code})", flush=True)
            total = every = cpu_total = 0.0
            for name, command in (("import", ("import", str(base / "answers"))),
                                  ("suggest", ("suggest", "--jobs", str(args.jobs))),
                                  ("status", ("status",)),
                                  ("export", ("export", "matrix", "--out", str(base / "matrix.csv")))):
                elapsed, peak, cpu = step(code, root, *command)
                total += elapsed if name in ("import", "suggest") else 0
                every += elapsed
                cpu_total += cpu
                print(f"  {name:<8} {elapsed:8.2f} s  {1000 * elapsed / size:6.3f} s per 1,000  "
                      f"cpu {cpu:7.2f} s  peak {peak:7.1f} MB  load {os.getloadavg()[0]:5.2f}", flush=True)
            print(f"  import + suggest {total:.1f} s; all four steps {every:.1f} s wall, {cpu_total:.1f} s cpu "
                  "(figure to reach at 100k: <= 180 s, peak < 1 GB)", flush=True)


if __name__ == "__main__":
    main()

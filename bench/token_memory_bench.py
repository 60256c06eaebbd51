"""`qualcode next` and `suggest --force` on a project of 1,200 interviews: with the turns' tokens remembered
(``.qualcode/tokens.db`` from the previous run) against the same command with that file removed first (every
turn split by jieba, as before the cache, plus writing the file), alternately, each a fresh process.

The project is the sample one plus generated interviews in its style (bench/big_project.py: import, coder A's
codings, one `suggest`, which caches the learned model), built once into --project if that folder does not
exist. Every run's output is compared with the first cold run's: `next` must print the same lines and
`suggest --force` leave the same suggestions (score, evidence, status) in the database. With --other-code DIR
(an unpacked checkout, e.g. of main), that code's command runs in the same rounds as a third column.

    .venv/bin/python bench/token_memory_bench.py [--project /tmp/big1200] [--interviews 1200] [--repeats 3]
                                                 [--only next|suggest] [--other-code DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_project import build  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {"next": ["next", "--limit", "30"], "suggest": ["suggest", "--force", "--jobs", "1"]}


def run(root: Path, command: list[str], code: Path) -> tuple[float, float, str]:
    """(wall s, CPU s of the child, its output) of one fresh `qualcode` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qualcode", "--project", str(root), *command], cwd="/tmp",
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(code)))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{command} failed: {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def suggestions_digest(root: Path) -> str:
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        rows = conn.execute("SELECT segment_id, code_id, printf('%.17g', score), evidence, status FROM suggestions "
                            "ORDER BY segment_id, code_id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def forget(root: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (root / ".qualcode" / f"tokens.db{suffix}").unlink(missing_ok=True)


def measure(root: Path, name: str, repeats: int, other: Path | None) -> None:
    sides = {"cold (no tokens.db)": REPO, "remembered": REPO}
    if other:
        sides[f"other code ({other})"] = other
    times: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
    reference = None
    for round_ in range(1, repeats + 1):
        line = []
        for side, code in sides.items():
            if side.startswith("cold"):
                forget(root)
            wall, cpu, output = run(root, COMMANDS[name], code)
            result = output if name == "next" else suggestions_digest(root)
            if reference is None:
                reference = result
            if result != reference:
                raise SystemExit(f"{name}: {side} gave another result than the first cold run")
            times[side].append((wall, cpu))
            line.append(f"{side} wall {wall:6.2f} s cpu {cpu:6.2f} s")
        print(f"  {name} run {round_}: " + " | ".join(line), flush=True)
    cold = statistics.median(cpu for _, cpu in times["cold (no tokens.db)"])
    cold_wall = statistics.median(wall for wall, _ in times["cold (no tokens.db)"])
    for side in sides:
        cpu = statistics.median(c for _, c in times[side])
        wall = statistics.median(w for w, _ in times[side])
        print(f"  {name} median {side}: wall {wall:.2f} s, cpu {cpu:.2f} s; against cold: cpu {cpu / cold:.2f}x, "
              f"wall {wall / cold_wall:.2f}x")
    print(f"  {name}: every run gave the same result as the first cold run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path("/tmp/qualcode-bench-big1200"))
    parser.add_argument("--interviews", type=int, default=1200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=sorted(COMMANDS))
    parser.add_argument("--other-code", type=Path)
    args = parser.parse_args()
    if not (args.project / ".qualcode").exists():
        start = time.perf_counter()
        build(args.project, args.interviews)
        print(f"built {args.project} ({args.interviews} interviews) in {time.perf_counter() - start:.0f} s")
    print(f"load {os.getloadavg()[0]:.1f} at the start, {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")
    for name in [args.only] if args.only else ["next", "suggest"]:
        measure(args.project, name, args.repeats, args.other_code)
    print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

"""What recording `qualcode import` as one undoable step costs: N one-answer files imported in-process into a fresh
project, by this checkout and by another (``--against``, e.g. an unpacked copy of the base commit), alternately,
``--repeats`` times each; prints wall and CPU seconds, the history rows and their payload bytes, and for this
checkout how long undoing that import takes.

    .venv/bin/python bench/import_undo_cost.py --files 10000 --against /tmp/base --repeats 5
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = "我觉得 还可以 压力 很大 家里 支持 老师 同学 考证 目标 以后 想 学习 技能 比赛".split()
MEASURE = r"""
import sys, time, shutil, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from qualcode.app.project import init_project
from qualcode.app.api import import_paths, sync_codes
root = Path(tempfile.mkdtemp(prefix="undo-cost")) / "p"
project = init_project(root); sync_codes(project)
wall, cpu = time.perf_counter(), time.process_time()
import_paths(project, [Path(sys.argv[2])])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
rows, size = project.conn.execute("SELECT count(*), coalesce(sum(length(payload)), 0) FROM history").fetchone()
undo = ""
if rows:   # this checkout: how long `qualcode undo` of that import takes
    from qualcode.app.api import undo as undo_action
    started = time.perf_counter()
    undo_action(project)
    left = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    undo = f", undo {time.perf_counter() - started:.2f} s ({left} documents left)"
print(f"{sys.argv[1]}: wall {wall:.2f} s, cpu {cpu:.2f} s, history rows {rows}, payload {size} bytes{undo}")
project.close(); shutil.rmtree(root.parent)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="undo-cost-answers"))
    rnd = random.Random(1)
    for i in range(args.files):
        (folder / f"R{i:05d}.txt").write_text(
            f"---\nparticipant: R{i:05d}\n---\n受访者：{''.join(rnd.choice(WORDS) for _ in range(12))}。\n",
            encoding="utf-8")
    checkouts = [REPO] + ([args.against] if args.against else [])
    for _ in range(args.repeats):
        for code in checkouts:
            subprocess.run([sys.executable, "-c", MEASURE, str(code), str(folder)], check=True, env={"PYTHONPATH": ""})
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()

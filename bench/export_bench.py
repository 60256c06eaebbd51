"""Matrix export on a large generated project, against a bare pandas pivot of the same codings.

    python bench/export_bench.py [--documents 10000] [--codings 200000] [--repeat 3]

Generates a project database (5,000 participants × pre/post = 10,000 documents of 20 turns,
200,000 codings by two coders over 25 codes), then times, best of --repeat:

* baseline: read the participant codings from SQLite with one SELECT, drop duplicate
  (segment, code) pairs, ``groupby().size().unstack()`` -- the least a script could do;
* ``build_matrix`` (count), with and without theme columns, and ``build_matrix`` + CSV write.

Times are the best of --repeat untraced runs; peak memory is Python's (tracemalloc, numpy included)
from one more traced run per step, and the process's max RSS at the end.
Target: build_matrix ≤ 1.5 × the baseline.

With --commands it also builds the same data as a real project folder and times, each in a fresh
process (start-up and imports counted on both sides), alternately --repeat times:
`qualcode export matrix --out m.csv` against a bare pandas script that reads the same SQLite file
(participant codings, duplicates dropped, pivoted) and writes the same CSV. Target (issue 14): ≤ 1.3×.
Wall and CPU time (user + system of the child) are both printed: on a shared machine the wall time
follows the other engineers' load, the CPU time much less.

--other-code DIR also runs `qualcode export matrix` from another checkout (e.g. main's, for a before/after
in the same minutes) in the same rounds, on its own copy of the data in a project that checkout created
(this code's newer migrations would make an older qualcode refuse a project this code created).
--bare-tuned also runs the bare script with the settings the command uses: the memory map and page cache
it reads with (``PRAGMA mmap_size`` and ``cache_size``: qualcode.storage.db.reading_much) and the
collector's young threshold from the start (qualcode.app.collections_pause.COMMAND_YOUNG_THRESHOLD), to
show how much of the margin those settings are; the target compares with the plain bare script, which is
what a user would write.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from qualcode.analysis.matrix import build_matrix  # noqa: E402
from qualcode.core.models import Code, Codebook  # noqa: E402
from qualcode.io.tables import write_table  # noqa: E402
from qualcode.storage.db import connect, transaction  # noqa: E402

TURNS = 20
THEMES = {f"T{t}": [f"T{t}_C{c}" for c in range(5)] for t in range(5)}


def codebook() -> Codebook:
    codes = []
    for theme, children in THEMES.items():
        codes.append(Code(id=theme, labels={"zh": f"主题{theme}", "en": theme}, codebook="bench"))
        codes += [Code(id=c, labels={"zh": f"编码{c}", "en": c}, codebook="bench", parent_id=theme, depth=1)
                  for c in children]
    return Codebook("bench", 1, ("zh", "en"), tuple(codes))


def generate(path: Path, n_documents: int, n_codings: int, seed: int = 7, *, migrate: bool = True) -> None:
    rng = random.Random(seed)
    conn = connect(path, migrate=migrate)
    book = codebook()
    utterance = "我觉得这个学期过得还可以，老师和同学都挺照顾我的，就是有时候压力有点大。" * 2  # 70 chars
    with transaction(conn):
        conn.executemany("INSERT INTO codes (id, parent_id, codebook, label_zh, label_en) VALUES (?,?,?,?,?)",
                         [(c.id, c.parent_id, "bench", c.labels["zh"], c.labels["en"]) for c in book.codes])
        n_people = n_documents // 2
        conn.executemany("INSERT INTO cases (id, attributes) VALUES (?, ?)",
                         [(f"P{i:05d}", json.dumps({"gender": "女" if i % 2 else "男"})) for i in range(n_people)])
        segments = []  # (document id, segment id, start, end) of participant turns
        segment_id = 0
        for doc in range(1, n_documents + 1):
            person, wave = f"P{(doc - 1) // 2:05d}", ("pre", "post")[(doc - 1) % 2]
            text, rows = "", []
            for ordinal in range(1, TURNS + 1):
                label = "访谈者：" if ordinal % 2 else "受访者："
                start = len(text) + len(label)
                text += label + utterance + "\n"
                segment_id += 1
                role = "interviewer" if ordinal % 2 else "participant"
                rows.append((segment_id, doc, ordinal, start, start + len(utterance), role,
                             person if role == "participant" else None))
                if role == "participant":
                    segments.append((doc, segment_id, start, start + len(utterance)))
            conn.execute("INSERT INTO documents (id, name, path, sha256, language, encoding, case_id, attributes, "
                         "text, imported_at) VALUES (?, ?, ?, ?, 'zh', 'utf-8', ?, ?, ?, 't')",
                         (doc, f"{person}_{wave}", f"t/{doc}.txt", str(doc), person,
                          json.dumps({"wave": wave}), text))
            conn.executemany("INSERT INTO segments (id, document_id, ordinal, start, end, role, case_id) "
                             "VALUES (?,?,?,?,?,?,?)", rows)
        leaves = [c for children in THEMES.values() for c in children]
        codings, seen = [], set()
        while len(codings) < n_codings:
            doc, seg, start, end = rng.choice(segments)
            code, coder = rng.choice(leaves), rng.choice("AB")
            if (seg, code, coder) in seen:
                continue
            seen.add((seg, code, coder))
            codings.append((doc, seg, start, end, code, coder))
        conn.executemany("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                         "created_at) VALUES (?,?,?,?,?,?,'manual','t')", codings)
    conn.close()


def baseline(conn):
    frame = pd.read_sql_query(
        "SELECT c.segment_id, c.code_id, COALESCE(s.case_id, d.case_id) AS participant FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
        "WHERE s.role = 'participant' AND d.is_current = 1", conn)
    frame = frame.drop_duplicates(["segment_id", "code_id"])
    return frame.groupby(["participant", "code_id"]).size().unstack(fill_value=0)


BARE_SCRIPT = """
{setup}import sqlite3, pandas as pd
conn = sqlite3.connect({db!r}){pragma}
frame = pd.read_sql_query(
    "SELECT c.segment_id, c.code_id, COALESCE(s.case_id, d.case_id) AS participant FROM codings c "
    "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = c.document_id "
    "WHERE s.role = 'participant' AND d.is_current = 1", conn)
frame = frame.drop_duplicates(["segment_id", "code_id"])
frame.groupby(["participant", "code_id"]).size().unstack(fill_value=0).to_csv({out!r})
"""


def commands(folder: Path, n_documents: int, n_codings: int, repeat: int, *, other_code: Path | None = None,
             bare_tuned: bool = False) -> None:
    """`qualcode export matrix` as a command against a bare pandas script, both fresh processes."""
    import os
    import statistics
    import subprocess

    from qualcode.app.project import init_project
    from qualcode.core.codebook_writer import write_codebook_yaml
    from qualcode.app.collections_pause import COMMAND_YOUNG_THRESHOLD
    from qualcode.storage.db import READ_CACHE_KIB, READ_MMAP_BYTES

    def make_project(root: Path, code: Path | None = None) -> Path:
        """A project folder with the bench's codebook and data; created by ``code`` (another checkout)
        when given, so its schema is the one that code knows, and filled without migrating it further."""
        if code is None:
            init_project(root).close()
        else:
            subprocess.run([sys.executable, "-c", "import sys; from qualcode.app.project import init_project; "
                            "init_project(sys.argv[1]).close()", str(root)], check=True,
                           env=dict(os.environ, PYTHONPATH=str(Path(code).resolve())))
        for shipped in (root / "codebooks").glob("*.yaml"):
            shipped.unlink()
        write_codebook_yaml(codebook(), root / "codebooks" / "bench.yaml")
        db_file = root / ".qualcode" / "project.db"
        generate(db_file, n_documents, n_codings, migrate=False)
        return db_file

    root = folder / "project"
    db_path = make_project(root)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    ours = [sys.executable, "-m", "qualcode", "--project", str(root), "export", "matrix",
            "--out", str(folder / "ours.csv"), "--force"]
    bare = [sys.executable, "-c", BARE_SCRIPT.format(db=str(db_path), out=str(folder / "bare.csv"), setup="",
                                                     pragma="")]
    # (label, command, environment) in the order each round runs them; the first two are the target's pair
    runs = [("bare", bare, env), ("ours", ours, env)]
    if other_code is not None:
        make_project(folder / "project-other", other_code)
        runs.append(("other code", [sys.executable, "-m", "qualcode", "--project", str(folder / "project-other"),
                                    "export", "matrix", "--out", str(folder / "other.csv"), "--force"],
                     dict(os.environ, PYTHONPATH=str(Path(other_code).resolve()))))
    if bare_tuned:
        runs.append(("bare, tuned", [sys.executable, "-c", BARE_SCRIPT.format(
            db=str(db_path), out=str(folder / "bare-tuned.csv"),
            setup=f"import gc; gc.set_threshold({COMMAND_YOUNG_THRESHOLD}, *gc.get_threshold()[1:])\n",
            pragma=f"\nconn.execute('PRAGMA cache_size = -{READ_CACHE_KIB}')"
                   f"\nconn.execute('PRAGMA mmap_size = {READ_MMAP_BYTES}')")], env))
    for label, command, environment in runs[1:]:  # each code syncs the codebook once, on its first run
        first = subprocess.run(command, capture_output=True, text=True, env=environment)
        if first.returncode:
            raise SystemExit(f"{label} failed: {first.stdout}{first.stderr}")
    rows, cpu_rows = [], []
    for _ in range(repeat):
        times, cpus = [], []
        for _label, command, environment in runs:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=environment)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rows.append(times)
        cpu_rows.append(cpus)
        extra = "".join(f"   {label} {t:6.2f} s (cpu {c:5.2f}, {c / cpus[0]:.2f}x)"
                        for (label, _, _), t, c in zip(runs[2:], times[2:], cpus[2:]))
        print(f"  bare pandas script {times[0]:6.2f} s (cpu {cpus[0]:5.2f})   qualcode export matrix {times[1]:6.2f} s "
              f"(cpu {cpus[1]:5.2f})   ratio wall {times[1] / times[0]:.2f}x cpu {cpus[1] / cpus[0]:.2f}x  "
              f"load {os.getloadavg()[0]:.1f}{extra}", flush=True)
    for index, (label, _, _) in enumerate(runs[2:], start=2):
        print(f"{label}: median ratio to the bare script wall {statistics.median(r[index] / r[0] for r in rows):.2f}x, "
              f"cpu {statistics.median(c[index] / c[0] for c in cpu_rows):.2f}x")
    theirs = pd.read_csv(folder / "bare.csv").set_index("participant")
    mine = pd.read_csv(folder / "ours.csv").set_index("participant")
    same = bool((mine.loc[theirs.index, list(theirs.columns)].to_numpy() == theirs.to_numpy()).all())
    print(f"commands, fresh processes: median ratio wall {statistics.median(r[1] / r[0] for r in rows):.2f}x, "
          f"cpu {statistics.median(c[1] / c[0] for c in cpu_rows):.2f}x (target <= 1.3x); same cells: {same}")
    if other_code is not None:
        print(f"same CSV bytes as the other code: {(folder / 'ours.csv').read_bytes() == (folder / 'other.csv').read_bytes()}")


def measure(steps: dict[str, object], repeat: int) -> dict[str, tuple[float, float, object]]:
    """Best wall time per step over ``repeat`` rounds (steps interleaved, so drift in a shared
    machine's load hits all alike), then one run per step under tracemalloc for the peak."""
    best = dict.fromkeys(steps, float("inf"))
    results: dict[str, object] = {}
    for _ in range(repeat):
        for label, function in steps.items():
            started = time.perf_counter()
            results[label] = function()
            best[label] = min(best[label], time.perf_counter() - started)
    figures = {}
    for label, function in steps.items():
        tracemalloc.start()
        function()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"  {label:<38} {best[label]:7.3f} s   peak {peak:7.1f} MiB", flush=True)
        figures[label] = (best[label], peak, results[label])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--commands", action="store_true", help="also time the commands in fresh processes")
    parser.add_argument("--only-commands", action="store_true")
    parser.add_argument("--other-code", type=Path, help="with the commands: also time another checkout's "
                        "`qualcode export matrix` (its folder holding the qualcode package) in the same rounds")
    parser.add_argument("--bare-tuned", action="store_true", help="with the commands: also time the bare script "
                        "with the memory map, page cache and collector threshold the command uses")
    args = parser.parse_args()
    if args.commands or args.only_commands:
        with tempfile.TemporaryDirectory() as folder:
            commands(Path(folder), args.documents, args.codings, args.repeat, other_code=args.other_code,
                     bare_tuned=args.bare_tuned)
        if args.only_commands:
            return 0
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        started = time.perf_counter()
        generate(db_path, args.documents, args.codings)
        print(f"generated {args.documents:,} documents, {args.documents * TURNS:,} turns, {args.codings:,} codings "
              f"in {time.perf_counter() - started:.1f} s ({db_path.stat().st_size / 2**20:.0f} MiB)")
        conn = connect(db_path)
        book = [codebook()]
        out = Path(folder) / "m.csv"
        figures = measure({
            "baseline: read_sql + dedup + unstack": lambda: baseline(conn),
            "build_matrix (count)": lambda: build_matrix(conn, book),
            "build_matrix (count, --themes)": lambda: build_matrix(conn, book, themes=True),
            "build_matrix + CSV write": lambda: write_table(build_matrix(conn, book), out, force=True),
        }, args.repeat)
        (base, _, pivot), (ours, _, table), (themed, _, _), (written, _, _) = figures.values()
        check = table.frame.set_index("participant")[list(pivot.columns)]
        same = bool((check.loc[pivot.index].to_numpy() == pivot.to_numpy()).all())
        print(f"same cells as the baseline: {same}; rows {len(table.frame):,}, "
              f"total {int(pivot.to_numpy().sum()):,} coded (segment, code) pairs")
        print(f"ratio build_matrix / baseline: {ours / base:.2f}× (target ≤ 1.5×); with themes {themed / base:.2f}×; "
              f"with CSV {written / base:.2f}×")
        print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Crash safety, concurrency and re-anchoring figures (issue 8).

    .venv/bin/python bench/fault_bench.py [--kills 50] [--actions 1000] [--edits 300]

1. SIGKILL a batch `qualcode suggest` or `qualcode import` at a random moment, then resume; repeated
   --kills times: integrity failures, half-imported documents, duplicated or lost suggestions/codings.
2. Two processes doing --actions random coding actions each on one project: lost writes, errors shown.
4. (--only window, --runs 50) A long-lived window that keeps coding (reopening its connection as TUI workers do)
   while `qualcode status` and a second window open and close the project, then is killed by SIGHUP, SIGTERM
   or SIGKILL: acknowledged codings lost, integrity failures.
5. (--only phases, --kills 216) SIGKILL at exact write points (the N-th transaction commit, a staged file) in
   import, suggest --jobs 1 and --jobs 2, import-codings, export, backup, migrations, .qdpx import and
   pseudonymize, each followed by doctor and a resume; kills counted per phase and by what was being
   written (see bench/phase_kills.py).
3. Re-anchoring on a corpus with random edits (typo fixes, inserted and deleted sentences): share of codings on
   unchanged text that land on exactly the same words.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

QUALCODE = [sys.executable, "-m", "qualcode"]


def make_project(root: Path, *, files: int, per_file: int) -> None:
    from qualcode.app.project import init_project

    init_project(root).close()
    write_corpus(root / "transcripts", language="zh", total_characters=files * per_file, per_file=per_file)


def run(args: list[str], root: Path) -> subprocess.CompletedProcess:
    # Run inside the project, as a user would: `import transcripts` names the project's own folder.
    return subprocess.run([*QUALCODE, "--project", str(root), *args], capture_output=True, text=True, cwd=root)


def kill_and_resume(kills: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    totals = {"runs": 0, "killed_mid_way": 0, "integrity_failures": 0, "half_imported": 0, "duplicates": 0,
              "lost": 0, "resume_errors": 0}
    with tempfile.TemporaryDirectory() as tmp:
        # The corpus is the same every time (fixed seed): one uninterrupted run of each command is the reference.
        # Its duration sets the kill window, so that every kill lands while the command runs.
        reference, duration = {}, {}
        for kind, commands in (("import", [["import", "transcripts"]]),
                               ("suggest", [["import", "transcripts"], ["suggest", "--jobs", "1"]])):
            root = Path(tmp) / f"reference-{kind}"
            make_project(root, files=30, per_file=6000)
            for command in commands:
                started = time.monotonic()
                run(command, root)
                duration[kind] = time.monotonic() - started
            reference[kind] = _contents(root)
        for attempt in range(kills):
            root = Path(tmp) / f"p{attempt}"
            make_project(root, files=30, per_file=6000)
            command = ["import", "transcripts"] if attempt % 2 == 0 else None
            if command is None:  # suggest: import first, then kill the suggest run
                run(["import", "transcripts"], root)
                command = ["suggest", "--jobs", "1"]
            process = subprocess.Popen([*QUALCODE, "--project", str(root), *command], cwd=root,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 0.95) * duration[command[0]])
            totals["killed_mid_way"] += process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait()
            totals["runs"] += 1
            db = root / ".qualcode" / "project.db"
            conn = sqlite3.connect(db)
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                totals["integrity_failures"] += 1
            totals["half_imported"] += conn.execute(
                "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.document_id = d.id)"
            ).fetchone()[0]
            conn.close()
            resumed = run(command, root)
            if resumed.returncode != 0:
                totals["resume_errors"] += 1
            got, want = _contents(root), reference[command[0]]
            totals["lost"] += len(want - got)
            totals["duplicates"] += len(got - want) + _duplicates(root)
    return totals


def _contents(root: Path) -> set[tuple]:
    """Every stored document, segment, suggestion and coding, by content (ids and times differ between runs)."""
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    rows: set[tuple] = set()
    queries = {
        "document": "SELECT name, sha256, version, text FROM documents",
        "segment": "SELECT d.name, s.ordinal, s.start, s.end, s.role FROM segments s JOIN documents d "
                   "ON d.id = s.document_id",
        "suggestion": "SELECT d.name, s.ordinal, g.code_id, g.score, g.status, count(*) FROM suggestions g "
                      "JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id "
                      "GROUP BY d.name, s.ordinal, g.code_id",
        "coding": "SELECT d.name, c.start, c.end, c.code_id, c.coder, count(*) FROM codings c "
                  "JOIN documents d ON d.id = c.document_id GROUP BY d.name, c.start, c.end, c.code_id, c.coder",
    }
    for kind, sql in queries.items():
        rows.update((kind, *row) for row in conn.execute(sql))
    conn.close()
    return rows


def _duplicates(root: Path) -> int:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    value = conn.execute(
        "SELECT count(*) - count(DISTINCT name) FROM documents WHERE is_current = 1").fetchone()[0]
    conn.close()
    return value


WORKER = r"""
import random, sys
from qualcode.app import api
from qualcode.core.errors import ConflictError, QualcodeError
from qualcode.app.project import open_project
root, coder, actions, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
project = open_project(root, coder=coder)
segments = [r[0] for r in project.conn.execute("SELECT id FROM segments WHERE role = 'participant'")]
codes = [r[0] for r in project.conn.execute("SELECT id FROM codes WHERE active = 1")]
mine, errors = set(), 0
for _ in range(actions):
    segment, code = rng.choice(segments), rng.choice(codes)
    try:
        coding = api.toggle_code(project, segment, code)
        key = (segment, code)
        if coding is None:
            mine.discard(key)
        else:
            mine.add(key)
    except QualcodeError as exc:
        errors += 1
        print("ERROR", exc, file=sys.stderr)
stored = {(r[0], r[1]) for r in project.conn.execute(
    "SELECT segment_id, code_id FROM codings WHERE coder = ?", (coder,))}
print(len(mine ^ stored), errors)
"""


def concurrent_writers(actions: int) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        make_project(root, files=4, per_file=4000)
        run(["import", "transcripts"], root)
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), coder, str(actions), str(seed)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for seed, coder in enumerate(("A", "B"))]
        lost = errors = 0
        for proc in procs:
            out, err = proc.communicate()
            mismatch, shown = out.split()
            lost += int(mismatch)
            errors += int(shown)
        return {"actions": 2 * actions, "lost_writes": lost, "errors_shown": errors}


WINDOW = r"""
import sys
import time
from qualcode.app import api
from qualcode.app.project import open_project

project = open_project(sys.argv[1], coder="W")
segments = project.conn.execute("SELECT id, document_id, start, end FROM segments WHERE role = 'participant' "
                                "ORDER BY id").fetchall()
codes = ["PF_GOAL", "PF_FAMILY", "PF_PEER", "PF_EMOTION"]
for n, segment in enumerate(segments * 4):
    if n % 3 == 0:
        project.reopen()  # as every TUI worker does
    api.add_coding(project, document_id=segment[1], start=segment[2], end=segment[3], code_id=codes[n // len(segments)],
                   segment_id=segment[0])
    print(segment[0], codes[n // len(segments)], flush=True)  # acknowledged: the user saw it saved
    time.sleep(0.01)  # a fast coder, still slower than the machine
"""


def long_lived_window(runs: int, seed: int) -> dict[str, int]:
    """A window that keeps coding while commands and a second window open and close the project, then dies."""
    from qualcode.app.project import open_project

    rng = random.Random(seed)
    totals = {"runs": 0, "acknowledged": 0, "lost": 0, "integrity_failures": 0, "by SIGHUP": 0, "by SIGTERM": 0,
              "by SIGKILL": 0, "finished before the kill": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(runs):
            root = Path(tmp) / f"w{attempt}"
            make_project(root, files=3, per_file=3000)
            run(["import", "transcripts"], root)
            window = subprocess.Popen([sys.executable, "-c", WINDOW, str(root)], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
            time.sleep(rng.uniform(0.8, 1.6))  # let it start coding
            for _ in range(rng.randint(1, 3)):
                run(["status"], root)  # a CLI command beside the window
                open_project(root).close()  # a second window opening and closing the project
            killer = rng.choice((signal.SIGHUP, signal.SIGTERM, signal.SIGKILL))
            if window.poll() is None:
                window.send_signal(killer)
                totals[f"by {killer.name}"] += 1
            else:
                totals["finished before the kill"] += 1
            out, _ = window.communicate()
            acknowledged = {tuple(line.split()) for line in out.splitlines() if line.strip()}
            conn = sqlite3.connect(root / ".qualcode" / "project.db")
            try:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    totals["integrity_failures"] += 1
                stored = {(str(r[0]), r[1]) for r in conn.execute(
                    "SELECT segment_id, code_id FROM codings WHERE coder = 'W'")}
            finally:
                conn.close()
            totals["runs"] += 1
            totals["acknowledged"] += len(acknowledged)
            totals["lost"] += len(acknowledged - stored)
    return totals


def reanchoring(edits: int, seed: int) -> dict[str, float]:
    from qualcode.core.alignment import TextAlignment

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import ZH_ANSWERS

    rng = random.Random(seed)
    checked = exact = same_place = 0
    for _ in range(edits):
        sentences = [rng.choice(ZH_ANSWERS) for _ in range(rng.randint(20, 60))]
        lines = [f"受访者：{s}" for s in sentences]
        new_lines, unchanged, new_index = [], [], {}
        for index, line in enumerate(lines):
            roll = rng.random()
            if roll < 0.05:
                continue  # deleted sentence
            if roll < 0.10:
                new_lines.append("访谈者：" + rng.choice(ZH_ANSWERS))  # inserted sentence
            if roll < 0.15 and len(line) > 8:
                position = rng.randrange(4, len(line))
                new_lines.append(line[:position] + "错" + line[position + 1:])  # typo fix
                continue
            new_index[index] = len(new_lines)
            new_lines.append(line)
            unchanged.append(index)
        old, new = "\n".join(lines) + "\n", "\n".join(new_lines) + "\n"
        alignment = TextAlignment(old, new)
        starts, new_starts = [0], [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for line in new_lines:
            new_starts.append(new_starts[-1] + len(line) + 1)
        for index in unchanged:
            start, end = starts[index] + 4, starts[index] + len(lines[index])
            mapped = alignment.map_span(start, end)
            checked += 1
            # the same words: the same text, and at the position of that very line in the new text
            exact += mapped.outcome == "exact" and new[mapped.start:mapped.end] == old[start:end]
            same_place += mapped.start == new_starts[new_index[index]] + 4
    return {"codings_on_unchanged_text": checked, "same_words": exact, "share_same_words": exact / max(checked, 1),
            "share_same_turn": same_place / max(checked, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=50, help="Runs of the long-lived window scenario.")
    parser.add_argument("--only", choices=("kill", "concurrency", "reanchor", "window", "phases"))
    args = parser.parse_args()
    if args.only in (None, "reanchor"):
        print("re-anchoring:", reanchoring(args.edits, args.seed))
    if args.only in (None, "concurrency"):
        print("two writers:", concurrent_writers(args.actions))
    if args.only in (None, "kill"):
        print("SIGKILL and resume:", kill_and_resume(args.kills, args.seed))
    if args.only == "phases":  # not in the default run: it takes most of an hour on a loaded machine
        from phase_kills import run_phases

        started = time.monotonic()
        results = run_phases(args.kills, args.seed)
        for phase, counts in results.items():
            print(f"{phase}: {counts}")
        total: dict[str, int] = {}
        for counts in results.values():
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
        print(f"all phases: {total}")
        print(f"{time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f} at the end")
    if args.only in (None, "window"):
        print("long-lived window killed by SIGHUP/SIGTERM/SIGKILL:", long_lived_window(args.runs, args.seed))


if __name__ == "__main__":
    main()

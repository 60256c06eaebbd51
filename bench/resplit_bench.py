"""Cost of a speaker role change that re-splits a coded document (ctrl+t, `qualcode documents speakers --set`).

Usage: PYTHONPATH=. python bench/resplit_bench.py [--rounds 700]

Writes a transcript of ROUNDS x (Interviewer, Tom, a quoted "Mom:" line), imports it into a fresh project in a
temporary folder, codes every turn twice, then times making Mom "text" (turns merge), its undo and its redo.
The baseline, measured in the same run, is the import of the same file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def _transcript(rounds: int) -> str:
    lines = []
    for i in range(rounds):
        lines += [f"Interviewer: Question number {i} about school?", f"Tom: Answer {i}, it was hard and I tried.",
                  f"Mom: You have to study, number {i}.", "I did study every night."]
    return "\n".join(lines) + "\n"


def _code_every_turn(project, document_id: int) -> int:
    from qualcode.storage import repository as repo
    from qualcode.storage.db import transaction, utc_now

    rows = []
    for segment in repo.list_segments(project.conn, document_id, with_text=False):
        for shorter, code in enumerate(("PF_GOAL", "PF_FAMILY")):
            rows.append((document_id, segment.id, segment.start, segment.end - shorter, code, project.coder,
                         "manual", utc_now()))
    with transaction(project.conn):
        project.conn.executemany("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, "
                                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def main(argv: list[str]) -> int:
    from qualcode.app import api
    from qualcode.app.coding import history
    from qualcode.app.importing.resplit import resplit_speakers
    from qualcode.app.project import init_project
    from qualcode.storage import repository as repo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=700)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        project = init_project(Path(folder) / "p")
        path = project.root / "transcripts" / "S09.txt"
        path.write_text(_transcript(args.rounds), encoding="utf-8")
        started = time.perf_counter()
        api.import_paths(project, [path])
        imported = time.perf_counter() - started
        document = repo.get_document(project.conn, "S09")
        api.sync_codes(project)
        codings = _code_every_turn(project, document.id)
        history._load_action_modules()  # once per process, whatever the action: not the re-split's cost
        timings = {}
        for name, step in (("re-split", lambda: resplit_speakers(project, document.id, [("Mom", "text")])),
                           ("undo", lambda: api.undo(project)), ("redo", lambda: api.redo(project))):
            started = time.perf_counter()
            result = step()
            timings[name] = time.perf_counter() - started
            if name == "re-split":
                print("; ".join(result.lines()))
        characters = project.conn.execute("SELECT length(text) FROM documents").fetchone()[0]
        print(f"{characters} characters, {3 * args.rounds} turns, {codings} codings")
        print(f"import of the file (baseline): {imported:.3f} s")
        for name, seconds in timings.items():
            print(f"{name}: {seconds:.3f} s ({seconds / imported:.2f}x the import)")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

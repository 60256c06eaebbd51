"""`doctor` and `doctor --repair` on a transcript of N turns, each coded by a line-based selection.

The worst case an old import left: every coding attached to no turn and running from the speaker
label through the line break. The repair clips each to its turn and flags it; doctor runs before
and after (integrity check included).

    .venv/bin/python bench/doctor_bench.py [--turns 2000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from qualcode.app import api
from qualcode.app.maintenance.backup_doctor import doctor
from qualcode.app.maintenance.span_repair import repair_spans
from qualcode.app.project import init_project
from qualcode.storage import repository as repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    turns = parser.parse_args().turns
    folder = Path(tempfile.mkdtemp())
    project = init_project(folder / "study")
    api.sync_codes(project)
    lines = ["---", "participant: S01", "wave: pre", "---"]
    for i in range(turns // 2):
        lines += [f"访谈者：第{i}个问题，你觉得怎么样？", f"受访者：我觉得还可以，第{i}次说起家里的支持和我的目标。"]
    (folder / "S01_pre.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    api.import_paths(project, [folder / "S01_pre.txt"])
    document = repo.get_document(project.conn, "S01_pre")
    segments = repo.list_segments(project.conn, document.id)
    old = sqlite3.connect(project.db_path)  # written as an old version did, not through qualcode
    with old:
        old.executemany("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                        "VALUES (?, NULL, ?, ?, 'PF_GOAL', 'A', 'import', 'then')",
                        [(document.id, max(0, s.start - 4), s.end + 1) for s in segments])
    old.close()
    started = time.perf_counter()
    before = doctor(project)
    found = time.perf_counter() - started
    started = time.perf_counter()
    report = repair_spans(project)
    repaired = time.perf_counter() - started
    started = time.perf_counter()
    after = doctor(project)
    again = time.perf_counter() - started
    print(f"{len(segments)} turn-less codings: doctor {found:.2f} s ({len(before)} finding(s)); "
          f"repair {repaired:.2f} s (clipped {report.trimmed}, attached {report.attached}, split {report.split}, "
          f"not placed {len(report.not_placed)}, flagged {len(report.review_ids)}); doctor after {again:.2f} s "
          f"({len(after)} finding(s))")


if __name__ == "__main__":
    main()

"""Issue 18 item 4: no half-written file survives under a final name, and leftovers of a killed export go away."""

from __future__ import annotations

import subprocess
import sys


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_an_export_removes_the_part_files_an_interrupted_export_left(run_cli, sample_project):
    exports = sample_project.root / "exports"
    leftover = exports / f".quotes.md.{_dead_pid()}.x1y2z3.part"
    leftover.write_text("受访者的原话 (a quote that must not linger)", encoding="utf-8")
    result = run_cli("--project", sample_project.root, "export", "matrix", "--out", exports / "matrix.csv")
    assert result.exit_code == 0, result.err
    assert not leftover.exists()
    assert "removed 1 unfinished file(s)" in result.err and leftover.name in result.err


def test_a_part_file_of_a_writer_still_running_is_left_alone(run_cli, sample_project):
    exports = sample_project.root / "exports"
    import os

    live = exports / f".big.xlsx.{os.getpid()}.a1b2c3.part"  # this test process is alive
    live.write_text("in progress", encoding="utf-8")
    assert run_cli("--project", sample_project.root, "export", "matrix", "--out", exports / "m.csv").exit_code == 0
    assert live.exists()


def test_a_backup_appears_only_complete_and_leaves_no_part_file(run_cli, sample_project):
    import sqlite3

    out = sample_project.root / "exports" / "copy.db"
    result = run_cli("--project", sample_project.root, "backup", "--out", out)
    assert result.exit_code == 0, result.err
    assert list(out.parent.glob(".*.part")) == []
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM documents").fetchone()[0] > 0

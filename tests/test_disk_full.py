"""Issue 18 item 6: a full disk is named as such, and the project stays as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.core.errors import DiskFullError
from tests.conftest import CHINESE_INTERVIEW


def _coding_count(project) -> int:
    return project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]


def test_a_database_that_cannot_grow_says_the_disk_is_full_and_keeps_every_row(project, tmp_path):
    from qualcode.app.api import add_coding, import_paths

    transcript = tmp_path / "S01_pre.txt"
    transcript.write_text(CHINESE_INTERVIEW, encoding="utf-8")
    import_paths(project, [transcript])
    segments = project.conn.execute("SELECT id, document_id, start, end FROM segments").fetchall()

    def code(segment, code_id, memo=None):
        add_coding(project, document_id=segment["document_id"], start=segment["start"], end=segment["end"],
                   code_id=code_id, segment_id=segment["id"], memo=memo)

    code(segments[1], "PF_GOAL")
    before = _coding_count(project)
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    # SQLite reports SQLITE_FULL exactly as on a full disk once the file may not grow by another page.
    project.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError) as raised:
        for segment in segments:
            for code_id in ("PF_FAMILY", "PF_CONFIDENCE", "PF_EMOTION", "PF_COGNITION"):
                code(segment, code_id, memo="备忘" * 4000)
    assert "the disk is full" in str(raised.value) and "MB free" in str(raised.value)
    assert "damaged" not in str(raised.value)
    assert not project.conn.in_transaction
    project.conn.execute("PRAGMA max_page_count = 1073741823")
    assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _coding_count(project) >= before  # nothing already saved was lost


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_output_onto_a_full_disk_is_a_message_not_an_internal_error(tmp_path):
    root = tmp_path / "study"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    qualcode = [sys.executable, "-m", "qualcode"]
    subprocess.run([*qualcode, "init", str(root)], check=True, capture_output=True, env=env)
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    subprocess.run([*qualcode, "import", "transcripts"], cwd=root, check=True, capture_output=True, env=env)
    # /dev/full answers every write with ENOSPC, as a full disk does.
    with open("/dev/full", "w") as full:
        done = subprocess.run([*qualcode, "codebook", "show"], cwd=root, stdout=full, stderr=subprocess.PIPE,
                              env=env)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "the disk is full" in err and "internal error" not in err

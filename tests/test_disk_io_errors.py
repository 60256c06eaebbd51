"""SQLite's "disk I/O error" is not a damaged database (QA round 28).

On a full disk SQLite in WAL mode fails to grow its `-shm` file and answers "disk I/O error"
(SQLITE_IOERR_SHMSIZE), not SQLITE_FULL; a file-size quota does the same. Every command then said
`the project database is damaged (disk I/O error); restore the newest backup …` -- advice that throws away
every action since the backup, for a file that was intact. Now a nearly full disk is named as full, and
any other I/O error says the file is probably intact.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CHINESE_INTERVIEW

REPO = Path(__file__).resolve().parents[1]


def _qualcode(args, cwd, *, limit_file_size: bool = False):
    def limited() -> None:  # every file may hold 2 bytes: the -shm file SQLite needs cannot be made
        resource.setrlimit(resource.RLIMIT_FSIZE, (2, 2))

    return subprocess.run([sys.executable, "-m", "qualcode", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"},
                          preexec_fn=limited if limit_file_size else None, timeout=300)


def _project(root: Path) -> None:
    assert _qualcode(["init", str(root)], root.parent).returncode == 0
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    assert _qualcode(["import", "transcripts"], root).returncode == 0
    for leftover in ("project.db-shm", "project.db-wal"):
        (root / ".qualcode" / leftover).unlink(missing_ok=True)


def _codings(root: Path) -> int:
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT count(*) FROM codings").fetchone()[0]


def test_an_io_error_with_room_on_the_disk_does_not_say_damaged_or_restore(tmp_path):
    root = tmp_path / "study"
    _project(root)
    done = _qualcode(["code", "S01_pre", "2", "AD_EXAM"], root, limit_file_size=True)
    assert done.returncode == 2
    assert "damaged" not in done.stderr and "restore" not in done.stderr, done.stderr
    assert "cannot read or write the project database (disk I/O error)" in done.stderr
    assert "the file itself is probably intact" in done.stderr
    assert _qualcode(["code", "S01_pre", "2", "AD_EXAM"], root).returncode == 0  # nothing was wrong with it
    assert _codings(root) == 1


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs, when this machine lets the test mount one (root on Linux); else skipped."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if shutil.which("mount") is None or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs",
                                                        str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_is_named_as_full_not_as_a_damaged_database(tiny_disk):
    root = tiny_disk / "study"
    _project(root)
    filler = tiny_disk / "filler"
    with filler.open("wb") as handle:  # what the rest of the disk's users do: fill it to the last byte
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    done = _qualcode(["code", "S01_pre", "2", "AD_EXAM"], root)
    assert done.returncode == 2
    assert "the disk is full" in done.stderr and "damaged" not in done.stderr, done.stderr
    filler.unlink()
    assert _qualcode(["code", "S01_pre", "2", "AD_EXAM"], root).returncode == 0
    assert _codings(root) == 1

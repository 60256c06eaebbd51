"""Shared by the crash-safety, concurrency and no-network tests: real subprocesses on real project folders."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# A second program that takes the project's write lock and keeps it until told to stop (a line on stdin),
# with one uncommitted row written: what a long import or a batch suggest looks like to everyone else.
LOCK_HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO memos (target_type, target_id, text, author, created_at, updated_at) "
             "VALUES ('project', '0', 'uncommitted', 'holder', 'now', 'now')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT" if len(sys.argv) > 2 and sys.argv[2] == "commit" else "ROLLBACK")
"""


def qualcode_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_qualcode(root: Path, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """`python -m qualcode --project ROOT ARGS` in its own process, working in ROOT (as a user would)."""
    return subprocess.run([sys.executable, "-m", "qualcode", "--project", str(root), *args], cwd=root,
                          capture_output=True, text=True, timeout=timeout, env=qualcode_env(**env))


class LockHolder:
    """Context manager: another process holds the write lock on the project database meanwhile."""

    def __init__(self, db_path: Path, *, commit: bool = False) -> None:
        self.db_path, self.commit = db_path, commit

    def __enter__(self) -> "LockHolder":
        args = [sys.executable, "-c", LOCK_HOLDER, str(self.db_path)] + (["commit"] if self.commit else [])
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"
        self.since = time.monotonic()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        self.process.wait(timeout=30)

"""SIGKILL a real `qualcode import` / `qualcode suggest` mid-way: the database stays whole and a rerun finishes
with exactly what an uninterrupted run gives."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safety_helpers import REPO_ROOT, qualcode_env, run_qualcode

sys.path.insert(0, str(REPO_ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

FILES = 20


def _project(root: Path) -> Path:
    from qualcode.app.project import init_project

    init_project(root).close()
    write_corpus(root / "transcripts", language="zh", total_characters=FILES * 2500, per_file=2500)
    return root


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the table is not there yet (migrations still running)
        return 0
    finally:
        conn.close()


def _kill_when(root: Path, args: list[str], sql: str, at_least: int) -> int:
    """Start `qualcode ARGS`, SIGKILL it as soon as ``sql`` counts ``at_least``; returns that count."""
    db = root / ".qualcode" / "project.db"
    process = subprocess.Popen([sys.executable, "-m", "qualcode", "--project", str(root), *args],
                               cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=qualcode_env())
    deadline = time.monotonic() + 120
    seen, watcher = 0, None
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if watcher is None and db.exists():
                watcher = sqlite3.connect(db, timeout=30)
            try:
                seen = watcher.execute(sql).fetchone()[0] if watcher is not None else 0
            except sqlite3.OperationalError:  # the table is not there yet (migrations still running)
                seen = 0
            if seen >= at_least:
                break
            time.sleep(0.002)
    finally:
        if watcher is not None:
            watcher.close()
    assert process.poll() is None, "the command finished before it could be killed; make the corpus larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


def _killed_mid_way(tmp_path: Path, args: list[str], sql: str, *, prepare=None) -> tuple[Path, int]:
    """Kill runs on fresh projects until one is caught with work still to do (writes are fast; a busy
    machine can be late to the kill)."""
    for attempt in range(5):
        root = _project(tmp_path / f"p{attempt}")
        if prepare is not None:
            prepare(root)
        seen = _kill_when(root, args, sql, 2)
        stored = _count(root / ".qualcode" / "project.db", sql)
        assert seen <= stored  # what was committed stayed
        if stored < FILES:
            return root, stored
    pytest.fail("the command always finished before it was killed")


def _dump(db: Path) -> dict[str, list[tuple]]:
    """Everything an import or suggest run writes, without ids and times (which differ between runs)."""
    conn = sqlite3.connect(db)
    queries = {
        "documents": "SELECT name, path, sha256, version, is_current, language, encoding, case_id, text "
                     "FROM documents ORDER BY name, version",
        "segments": "SELECT d.name, s.ordinal, s.start, s.end, s.speaker, s.role, s.case_id FROM segments s "
                    "JOIN documents d ON d.id = s.document_id ORDER BY d.name, s.ordinal",
        "cases": "SELECT id, attributes FROM cases ORDER BY id",
        "suggestions": "SELECT d.name, s.ordinal, g.code_id, g.score, g.evidence, g.status FROM suggestions g "
                       "JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id "
                       "ORDER BY d.name, s.ordinal, g.code_id",
    }
    dump = {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    conn.close()
    return dump


def _assert_whole(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # no half-imported document: every document has all its segments, or it is not there at all
    assert conn.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                        "(SELECT 1 FROM segments s WHERE s.document_id = d.id)").fetchone()[0] == 0
    conn.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, list[tuple]]:
    """An uninterrupted import and suggest of the same corpus."""
    root = _project(tmp_path_factory.mktemp("reference") / "p")
    assert run_qualcode(root, "import", "transcripts").returncode == 0
    imported = _dump(root / ".qualcode" / "project.db")
    result = run_qualcode(root, "suggest", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return {"import": imported, "suggest": _dump(root / ".qualcode" / "project.db")}


def test_import_killed_midway_resumes_to_the_same_result(tmp_path, reference):
    def one_file_per_commit(root: Path) -> None:
        # Files are saved in batches of up to 500 (or a second's worth); one per batch lets a kill land
        # between batches of this small corpus.
        config = root / "qualcode.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "# commit_files = 500", "commit_files = 1"), encoding="utf-8")

    root, stored = _killed_mid_way(tmp_path, ["import", "transcripts"], "SELECT count(*) FROM documents",
                                   prepare=one_file_per_commit)
    db = root / ".qualcode" / "project.db"
    _assert_whole(db)
    # each stored document is complete: the same segments as in the uninterrupted run
    partial = _dump(db)
    names = {row[0] for row in partial["documents"]}
    assert partial["segments"] == [row for row in reference["import"]["segments"] if row[0] in names]

    resumed = run_qualcode(root, "import", "transcripts")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{FILES - stored} imported" in resumed.stdout and f"{stored} unchanged" in resumed.stdout
    _assert_whole(db)
    assert _dump(db) == reference["import"]


def test_suggest_killed_midway_resumes_without_duplicates_or_losses(tmp_path, reference):
    def imported(root: Path) -> None:
        assert run_qualcode(root, "import", "transcripts").returncode == 0
        # One document per saved batch, so a kill can land between batches of this small corpus.
        config = root / "qualcode.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "# commit_documents = 200", "commit_documents = 1"), encoding="utf-8")

    root, finished = _killed_mid_way(tmp_path, ["suggest", "--jobs", "1"], "SELECT count(*) FROM suggest_progress",
                                     prepare=imported)
    db = root / ".qualcode" / "project.db"
    _assert_whole(db)
    # a document is either finished with all its suggestions, or has none yet
    assert _count(db, "SELECT count(DISTINCT s.document_id) FROM suggestions g JOIN segments s "
                      "ON s.id = g.segment_id") == finished

    resumed = run_qualcode(root, "suggest", "--jobs", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{finished} already done" in resumed.stdout
    _assert_whole(db)
    assert _dump(db) == reference["suggest"]


# The real TUI, headless, coding as fast as keys can be pressed; each finished key press is printed.
TUI_SESSION = r"""
import asyncio, sys
from qualcode.app.project import open_project
from qualcode.tui.app import make_app

async def main():
    project = open_project(sys.argv[1], coder="A")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()  # the home screen's rows load in a worker thread
        await pilot.pause()
        await pilot.press("enter")
        for n in range(10_000):  # n: the next uncoded participant turn (an interviewer turn would ask first)
            await pilot.press("n" if n % 2 == 0 else "f")
            print(n, flush=True)

asyncio.run(main())
"""


def test_the_tui_killed_while_coding_keeps_every_finished_action(tmp_path):
    root = _project(tmp_path / "p")
    assert run_qualcode(root, "import", "transcripts").returncode == 0
    process = subprocess.Popen([sys.executable, "-c", TUI_SESSION, str(root)], cwd=root, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=qualcode_env())
    for _ in range(40):  # let it code for a while, then pull the plug
        assert process.stdout.readline(), "the TUI stopped by itself"
    process.send_signal(signal.SIGKILL)
    process.wait()
    db = root / ".qualcode" / "project.db"
    _assert_whole(db)
    conn = sqlite3.connect(db)
    added, removed = (conn.execute("SELECT count(*) FROM history WHERE actor = 'A' AND action = ?", (action,))
                      .fetchone()[0] for action in ("coding.add", "coding.remove"))
    codings = conn.execute("SELECT count(*) FROM codings WHERE coder = 'A'").fetchone()[0]
    conn.close()
    # each action and its history event were one transaction: the two always agree, and nothing finished is lost
    assert added >= 15 and codings == added - removed > 0

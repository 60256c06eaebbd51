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
    from qualcode.project import init_project

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
    seen = 0
    while time.monotonic() < deadline and process.poll() is None:
        seen = _count(db, sql)
        if seen >= at_least:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the command finished before it could be killed; make the corpus larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


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
    root = _project(tmp_path / "p")
    db = root / ".qualcode" / "project.db"
    seen = _kill_when(root, ["import", "transcripts"], "SELECT count(*) FROM documents", 3)
    _assert_whole(db)
    stored = _count(db, "SELECT count(*) FROM documents")
    assert seen <= stored < FILES  # killed mid-way, and what was committed stayed
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
    root = _project(tmp_path / "p")
    db = root / ".qualcode" / "project.db"
    assert run_qualcode(root, "import", "transcripts").returncode == 0
    _kill_when(root, ["suggest", "--jobs", "1"], "SELECT count(*) FROM suggest_progress", 3)
    _assert_whole(db)
    finished = _count(db, "SELECT count(*) FROM suggest_progress")
    assert 3 <= finished < FILES
    # a document is either finished with all its suggestions, or has none yet
    assert _count(db, "SELECT count(DISTINCT s.document_id) FROM suggestions g JOIN segments s "
                      "ON s.id = g.segment_id") == finished

    resumed = run_qualcode(root, "suggest", "--jobs", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{finished} already done" in resumed.stdout
    _assert_whole(db)
    assert _dump(db) == reference["suggest"]

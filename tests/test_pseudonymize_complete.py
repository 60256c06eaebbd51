"""Issue 18 item 7: pseudonymisation reaches memos, notes, attributes and history; originals are never lost.

Real commands on a real project: memos through the CLI, an export written before, a .qdpx after, a second
run with a longer names list, and a run killed (SIGKILL) right after it rewrote a transcript.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import zipfile

from tests.safety_helpers import run_qualcode
from tests.test_privacy_outputs import TRANSCRIPT as SHARED_TRANSCRIPT

TRANSCRIPT = SHARED_TRANSCRIPT.replace("wave: pre\n", "wave: pre\ninterviewer: 李老师\n")  # a name in front matter
NAMES = "name,kind\n王芳,person\n深圳,place\n李老师,person\n"


def _project(tmp_path, mode: int = 0o644):
    root = tmp_path / "study"
    assert run_qualcode(tmp_path, "init", str(root)).returncode == 0
    source = root / "transcripts" / "S07_pre.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    os.chmod(source, mode)
    assert run_qualcode(root, "import", "transcripts").returncode == 0
    assert run_qualcode(root, "--coder", "A", "code", "S07_pre", "2", "PF_PEER").returncode == 0
    for target, text in (("segment", "S07_pre:2"), ("case", "S07"), ("project", "project")):
        done = run_qualcode(root, "--coder", "A", "memo", target, text, f"王芳是她最好的朋友（{target}）")
        assert done.returncode == 0, done.stderr
    names = tmp_path / "names.csv"
    names.write_text(NAMES, encoding="utf-8")
    return root, source, names


def _database_text(root) -> str:
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    parts = [str(value) for table, column in (("memos", "text"), ("codings", "memo"), ("history", "payload"),
                                              ("cases", "attributes"))
             for (value,) in conn.execute(f"SELECT {column} FROM {table}")]
    parts += [str(v) for (v,) in conn.execute("SELECT attributes FROM documents")]
    parts += [str(v) for (v,) in conn.execute("SELECT text FROM documents WHERE is_current = 1")]
    conn.close()
    return "\n".join(parts)


def test_memos_attributes_and_history_lose_the_names_and_the_shared_qdpx_holds_none(tmp_path):
    root, source, names = _project(tmp_path)
    assert "王芳" in _database_text(root)
    done = run_qualcode(root, "pseudonymize", "--names", str(names))
    assert done.returncode == 0, done.stderr
    assert "also replaced" in done.stdout and "memos.text" in done.stdout and "history.payload" in done.stdout
    text = _database_text(root)
    assert not any(name in text for name in ("王芳", "深圳", "李老师")), text
    assert run_qualcode(root, "export", "qdpx", "--out", "exports/shared.qdpx").returncode == 0
    with zipfile.ZipFile(root / "exports" / "shared.qdpx") as archive:
        content = "".join(archive.read(n).decode("utf-8", errors="replace") for n in archive.namelist())
    assert "[P" in content and not any(name in content for name in ("王芳", "深圳", "李老师"))
    # history still works on the rewritten payloads: A's last memo is undone
    assert run_qualcode(root, "--coder", "A", "undo").returncode == 0
    # the import before pseudonymize cannot be taken back (version 2 is pseudonymize's): set aside, said
    refused = run_qualcode(root, "undo")
    assert refused.returncode == 2 and "S07_pre has a later version (2" in refused.stderr


def test_a_rewritten_transcript_is_owner_only(tmp_path):
    root, source, names = _project(tmp_path, mode=0o644)
    assert run_qualcode(root, "pseudonymize", "--names", str(names)).returncode == 0
    assert stat.S_IMODE(source.stat().st_mode) == 0o600
    kept = root / ".qualcode" / "originals" / "transcripts" / "S07_pre.txt"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_text(encoding="utf-8") == TRANSCRIPT


def test_a_second_run_and_a_rerun_after_a_kill_never_replace_the_kept_original(tmp_path):
    root, source, names = _project(tmp_path)
    first = tmp_path / "first.csv"
    first.write_text("name,kind\n深圳,place\n", encoding="utf-8")
    died = run_qualcode(root, "pseudonymize", "--names", str(first), QUALCODE_KILL_AT="pseudonymize-file-rewritten")
    assert died.returncode == -signal.SIGKILL
    kept = root / ".qualcode" / "originals" / "transcripts" / "S07_pre.txt"
    assert kept.read_text(encoding="utf-8") == TRANSCRIPT and "深圳" not in source.read_text(encoding="utf-8")
    rerun = run_qualcode(root, "pseudonymize", "--names", str(first))
    assert rerun.returncode == 0, rerun.stderr
    second = run_qualcode(root, "pseudonymize", "--names", str(names))  # a longer list, later
    assert second.returncode == 0, second.stderr
    assert kept.read_text(encoding="utf-8") == TRANSCRIPT  # still the real original, not a half-pseudonymised copy
    assert not any(name in _database_text(root) for name in ("王芳", "深圳", "李老师"))
    assert not list(kept.parent.glob(".*.part"))


def test_exports_written_before_that_still_hold_names_are_listed(tmp_path):
    root, source, names = _project(tmp_path)
    assert run_qualcode(root, "export", "quotes").returncode == 0
    assert run_qualcode(root, "export", "matrix").returncode == 0
    quotes = sorted((root / "exports").glob("quotes*"))
    assert quotes and "王芳" in quotes[0].read_text(encoding="utf-8")
    done = run_qualcode(root, "pseudonymize", "--names", str(names))
    assert done.returncode == 0, done.stderr
    assert "export(s) written before this still hold real names" in done.stdout
    listed = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert any(line.startswith(str(quotes[0])) and "王芳" in line for line in listed), done.stdout
    assert not any("matrix" in line for line in listed)  # ids and counts only: nothing to report

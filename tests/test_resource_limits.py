"""Issue 18 item 5: inputs that would hang or exhaust the machine are refused by name, before anything is written."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CHINESE_INTERVIEW


def _new_project(run_cli, tmp_path: Path) -> Path:
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    return root


def _documents(root: Path) -> int:
    import sqlite3

    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_a_named_pipe_in_the_transcripts_folder_is_refused_not_waited_on(run_cli, tmp_path):
    root = _new_project(run_cli, tmp_path)
    (root / "transcripts" / "S01_pre.txt").write_text(CHINESE_INTERVIEW, encoding="utf-8")
    os.mkfifo(root / "transcripts" / "S02_pre.txt")
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 2
    assert "S02_pre.txt" in result.err + result.out and "not an ordinary file" in result.err + result.out
    assert _documents(root) == 0


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused(run_cli, tmp_path):
    root = _new_project(run_cli, tmp_path)
    (root / "transcripts" / "S03_pre.txt").symlink_to("/dev/zero")
    result = run_cli("import", "transcripts/S03_pre.txt", cwd=root)
    assert result.exit_code == 2
    assert "not an ordinary file" in result.err + result.out
    assert _documents(root) == 0


def test_a_docx_that_inflates_far_beyond_its_size_is_refused(run_cli, tmp_path):
    root = _new_project(run_cli, tmp_path)
    config = root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    assert "max_file_mb = 20" in text
    config.write_text(text.replace("max_file_mb = 20", "max_file_mb = 1", 1), encoding="utf-8")
    bomb = root / "transcripts" / "S04_pre.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"0" * (12 * 1024 * 1024) + b">")
    assert bomb.stat().st_size < 100 * 1024  # small on disk: the old size check let it through
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 2
    assert "unpacks to 12 MB, over the 10 MB limit" in result.err + result.out
    assert _documents(root) == 0


def test_a_keyword_pattern_that_backtracks_without_end_stops_suggest_with_its_name(run_cli, tmp_path):
    root = _new_project(run_cli, tmp_path)
    (root / "transcripts" / "E01_pre.txt").write_text(
        "I: What helps you?\nE01: " + "a" * 40 + "c, honestly, my plan is to study further.\n",
        encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    book = root / "codebooks" / "resilience-protective-factors.yaml"
    text = book.read_text(encoding="utf-8")
    book.write_text(text.replace("en: [goal, goals,", "en: ['re:(a|aa)+b', goal, goals,", 1), encoding="utf-8")
    started = time.monotonic()
    result = run_cli("suggest", cwd=root)
    assert time.monotonic() - started < 60
    assert result.exit_code == 2
    assert "re:(a|aa)+b" in result.err and "PF_GOAL" in result.err and "simplify it" in result.err

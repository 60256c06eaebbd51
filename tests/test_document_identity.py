"""Issue 18 item 3: files with the same name in different folders are different documents, found by path."""

from __future__ import annotations

import json
import sqlite3

import pytest


INTERVIEW = "访谈者：{q}\n受访者：{a}\n"


def _write(path, answer: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INTERVIEW.format(q="最近怎么样？", a=answer), encoding="utf-8")


def _documents(project) -> list[tuple]:
    return [(r[0], r[1], r[2], json.loads(r[3]).get("wave"), r[4]) for r in project.conn.execute(
        "SELECT name, path, version, attributes, case_id FROM documents WHERE is_current = 1 ORDER BY name")]


def test_the_same_file_name_in_two_wave_folders_is_two_documents_with_their_waves(project, run_cli):
    base = project.root / "transcripts"
    _write(base / "wave1" / "S01.txt", "第一次访谈的话。")
    _write(base / "wave2" / "S01.txt", "第二次访谈的话。")
    assert run_cli("--project", project.root, "import", base).exit_code == 0
    assert _documents(project) == [("S01_wave1", "transcripts/wave1/S01.txt", 1, "wave1", "S01"),
                                   ("S01_wave2", "transcripts/wave2/S01.txt", 1, "wave2", "S01")]
    texts = [r[0] for r in project.conn.execute("SELECT text FROM documents ORDER BY name")]
    assert "第一次访谈的话。" in texts[0] and "第二次访谈的话。" in texts[1]
    # a revised second interview is a new version of that document only; the first stays as it was
    _write(base / "wave2" / "S01.txt", "第二次访谈，改过的话。")
    result = run_cli("--project", project.root, "import", base)
    assert result.exit_code == 0 and "0 imported, 1 new version(s), 1 unchanged" in result.out
    assert [(name, version) for name, _, version, _, _ in _documents(project)] == [("S01_wave1", 1), ("S01_wave2", 2)]


def test_pre_and_post_folders_give_the_wave_as_the_file_name_would(project, run_cli):
    base = project.root / "transcripts"
    _write(base / "pre" / "S01.txt", "前测的话。")
    _write(base / "后测" / "S01.txt", "后测的话。")
    assert run_cli("--project", project.root, "import", base).exit_code == 0
    assert [(d[0], d[3]) for d in _documents(project)] == [("S01_pre", "pre"), ("S01_后测", "post")]


def test_same_name_in_folders_that_name_no_wave_is_two_documents(project, run_cli):
    base = project.root / "transcripts"
    _write(base / "schoolA" / "S01.txt", "甲校的学生。")
    assert run_cli("--project", project.root, "import", base).exit_code == 0
    _write(base / "schoolB" / "S01.txt", "乙校的学生。")
    assert run_cli("--project", project.root, "import", base).exit_code == 0
    assert [(d[0], d[1], d[2]) for d in _documents(project)] == [
        ("S01", "transcripts/schoolA/S01.txt", 1), ("S01_schoolB", "transcripts/schoolB/S01.txt", 1)]


def test_the_same_stem_twice_in_one_folder_is_a_clear_error_and_nothing_is_imported(project, run_cli):
    base = project.root / "transcripts"
    _write(base / "S01.txt", "一份。")
    _write(base / "S01.md", "同一个访谈的另一份。")
    result = run_cli("--project", project.root, "import", base)
    assert result.exit_code == 2
    assert "S01.md and S01.txt in the same folder would both be document 'S01'" in result.err
    assert _documents(project) == []


def test_a_moved_file_keeps_its_document(project, run_cli):
    base = project.root / "transcripts"
    _write(base / "S01_pre.txt", "原来的位置。")
    assert run_cli("--project", project.root, "import", base).exit_code == 0
    (base / "archive").mkdir()
    (base / "S01_pre.txt").rename(base / "archive" / "S01_pre.txt")
    result = run_cli("--project", project.root, "import", base)
    assert result.exit_code == 0 and "1 unchanged" in result.out
    assert _documents(project) == [("S01_pre", "transcripts/archive/S01_pre.txt", 1, "pre", "S01")]


def test_existing_projects_get_the_path_index(project):
    conn = sqlite3.connect(project.root / ".qualcode" / "project.db")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert "documents_current_path" in names


@pytest.mark.parametrize("folder,wave", [("pre", "pre"), ("前测", "pre"), ("wave1", "wave1"), ("T2", "T2"),
                                         ("time 3", "time 3"), ("schoolA", None), ("transcripts", None)])
def test_folders_that_name_a_wave(folder, wave):
    from qualcode.core.frontmatter import wave_from_folder

    assert wave_from_folder(folder) == wave

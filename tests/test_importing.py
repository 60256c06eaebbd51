"""Importing transcripts into a real project database."""

from __future__ import annotations

import json

from qualcode.app import api
from qualcode.storage import repository as repo


def table_counts(conn):
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "segments", "cases", "codings")}


def test_import_stores_text_segments_and_case(project, chinese_transcript):
    report = api.import_paths(project, [chinese_transcript])
    [entry] = report.files
    assert entry.status == "imported" and entry.participant == "S01" and entry.language == "zh"
    document = repo.get_document(project.conn, "S01_pre")
    assert document.case_id == "S01" and document.attributes["wave"] == "pre"
    segments = repo.list_segments(project.conn, document.id)
    assert [s.role for s in segments] == ["interviewer", "participant"] * 3
    assert segments[1].text == "中考失利以后我很自卑，觉得自己不行。"
    assert segments[3].text == "现在我有了目标，想先考电工证。\n我妈妈也一直鼓励我。"
    for segment in segments:
        assert document.text[segment.start:segment.end] == segment.text
    assert [s.case_id for s in segments if s.role == "participant"] == ["S01"] * 3
    [case] = repo.list_cases(project.conn)
    assert case.attributes == {"gender": "女"}


def test_reimporting_the_same_file_changes_nothing(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    before = table_counts(project.conn)
    report = api.import_paths(project, [chinese_transcript])
    assert [f.status for f in report.files] == ["unchanged"]
    assert table_counts(project.conn) == before


def test_a_changed_source_becomes_a_new_version_and_the_old_one_stays(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    first = repo.get_document(project.conn, "S01_pre")
    chinese_transcript.write_text(chinese_transcript.read_text(encoding="utf-8") + "访谈者：谢谢。\n",
                                  encoding="utf-8")
    report = api.import_paths(project, [chinese_transcript])
    assert [f.status for f in report.files] == ["new version"]
    second = repo.get_document(project.conn, "S01_pre")
    assert (second.version, second.previous_id) == (2, first.id)
    assert [d.id for d in repo.list_documents(project.conn)] == [second.id]
    assert {d.id for d in repo.list_documents(project.conn, current_only=False)} == {first.id, second.id}


def test_one_bad_file_in_a_folder_means_nothing_is_imported(project, tmp_path, chinese_transcript):
    folder = tmp_path / "batch"
    folder.mkdir()
    chinese_transcript.rename(folder / "S01_pre.txt")
    (folder / "S02_pre.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    before = table_counts(project.conn)
    report = api.import_paths(project, [folder])
    assert sorted(f.status for f in report.files) == ["error", "not imported"]
    [bad] = report.errors
    assert "S02_pre.txt" in bad.error
    assert table_counts(project.conn) == before


def test_folder_import_reads_participants_table_and_skips_readme(project, tmp_path, chinese_transcript):
    folder = tmp_path / "transcripts"
    folder.mkdir()
    chinese_transcript.rename(folder / "S01_pre.txt")
    (folder / "README.md").write_text("# notes, not an interview\n", encoding="utf-8")
    (folder / "participants.csv").write_text("id,grade,major\nS01,二年级,电子\nS02,一年级,护理\n",
                                             encoding="utf-8")
    report = api.import_paths(project, [folder])
    assert sorted(f.status for f in report.files) == ["imported", "participants"]
    cases = {c.id: c.attributes for c in repo.list_cases(project.conn)}
    assert cases["S02"] == {"grade": "一年级", "major": "护理"}
    assert cases["S01"]["major"] == "电子" and cases["S01"]["gender"] == "女"
    stored = project.conn.execute("SELECT attributes FROM documents").fetchone()[0]
    assert json.loads(stored)["wave"] == "pre"


def test_many_files_share_commits_and_progress_names_only_saved_files(project, tmp_path, monkeypatch):
    """Files are committed in batches; a file is reported done only once another connection can read it."""
    import sqlite3

    from qualcode.app.importing import transcripts

    monkeypatch.setattr(transcripts, "STORE_BATCH_FILES", 3)
    folder = tmp_path / "answers"
    folder.mkdir()
    for index in range(7):
        (folder / f"R{index:02d}.txt").write_text(
            f"---\nparticipant: R{index:02d}\n---\n受访者：我觉得还可以，第{index}个回答。\n", encoding="utf-8")
    reader = sqlite3.connect(project.db_path)
    seen: list[tuple[int, bool, int]] = []

    def progress(done: int, total: int, name: str) -> None:
        stem = name.rsplit("/", 1)[-1].removesuffix(".txt")
        saved = reader.execute("SELECT count(*) FROM documents WHERE name = ?", (stem,)).fetchone()[0] == 1
        committed = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
        seen.append((done, saved, committed))

    commits = []
    project.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    report = api.import_paths(project, [folder], progress=progress)
    project.conn.set_trace_callback(None)
    reader.close()
    assert [f.status for f in report.files] == ["imported"] * 7
    assert [done for done, _, _ in seen] == list(range(1, 8))
    assert all(saved for _, saved, _ in seen)
    assert [committed for _, _, committed in seen] == [3, 3, 3, 6, 6, 6, 7]
    assert len(commits) == 3
    assert table_counts(project.conn)["segments"] == 7


def test_a_bad_commit_files_setting_is_one_message_and_nothing_is_imported(project, chinese_transcript, run_cli):
    config = project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("# commit_files = 500", 'commit_files = "lots"'),
                      encoding="utf-8")
    result = run_cli("--project", project.root, "import", chinese_transcript)
    assert result.exit_code == 2 and "Traceback" not in result.err
    assert "qualcode.toml" in result.err and "[import] commit_files must be a whole number of files" in result.err
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_the_same_participant_and_wave_check_reads_one_case_not_every_document(project, chinese_transcript):
    """Asked once per imported file: a scan of every document made a 100,000-answer import quadratic."""
    seen: list[str] = []
    project.conn.set_trace_callback(seen.append)
    try:
        assert not api.import_paths(project, [chinese_transcript]).errors
    finally:
        project.conn.set_trace_callback(None)
    [asked] = [sql for sql in seen if "json_extract(attributes, '$.wave')" in sql]
    plan = " ".join(row[3] for row in project.conn.execute(f"EXPLAIN QUERY PLAN {asked}"))
    assert "documents_case" in plan, plan

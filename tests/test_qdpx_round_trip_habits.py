"""A .qdpx that qualcode wrote, imported into a second project and back into a third (issue 12, QA round
12b): codes, codings, memos on every kind of target, cases with attributes and speakers all equal, compared
by SQL on what each row means (names, ordinals, words), never on row ids."""

from __future__ import annotations

import shutil
import sqlite3

from tests.test_speaker_inference import SAMPLES

CHINESE = ("访谈者：你最近压力大吗？\nS01：压力挺大的，我每天都睡不好。\n访谈者：家里人支持你吗？\nS01：我妈妈每周都打电话。\n")
ENGLISH = ("---\nparticipant: S03\ngender: F\ngrade: 2\n---\nInterviewer: How is school?\nAmy: Hard, exams everywhere.\n"
           "Interviewer: Who helps?\nAmy: My mom 😊 calls every week.\n")

OWN_CODEBOOK = """codebook: mine
version: 1
language: [zh, en]
themes:
  - id: MY_THEME
    label: {zh: 我的主题, en: My theme}
    description: A theme of my own.
    codes:
      - id: MY_SLEEP
        label: {zh: 睡眠问题, en: Sleep trouble}
        description: Trouble sleeping.
"""

MEANING = {
    "codes": "SELECT id, parent_id, label_zh, label_en FROM codes WHERE active = 1 ORDER BY id",
    "documents": "SELECT name, case_id, attributes, language, text FROM documents WHERE is_current = 1 ORDER BY name",
    "segments": "SELECT d.name, s.ordinal, s.start, s.end, s.speaker, s.role, s.case_id, s.start_time FROM segments s "
                "JOIN documents d ON d.id = s.document_id WHERE d.is_current = 1 ORDER BY d.name, s.ordinal",
    "codings": "SELECT d.name, c.start, c.end, c.code_id, c.coder, substr(d.text, c.start + 1, c.end - c.start) "
               "FROM codings c JOIN documents d ON d.id = c.document_id WHERE d.is_current = 1 ORDER BY 1, 2, 4",
    "cases": "SELECT id, attributes FROM cases ORDER BY id",
    "memos": """SELECT m.target_type, CASE m.target_type
                  WHEN 'segment' THEN (SELECT d.name || ':' || s.ordinal FROM segments s
                                       JOIN documents d ON d.id = s.document_id WHERE s.id = m.target_id)
                  WHEN 'document' THEN (SELECT name FROM documents WHERE id = m.target_id)
                  WHEN 'coding' THEN (SELECT d.name || ':' || c.start || '-' || c.end || ':' || c.code_id
                                      FROM codings c JOIN documents d ON d.id = c.document_id WHERE c.id = m.target_id)
                  ELSE m.target_id END, m.text, m.author FROM memos m ORDER BY 1, 2, 3""",
}


def meaning(root) -> dict[str, list[tuple]]:
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return {name: [tuple(row) for row in conn.execute(sql)] for name, sql in MEANING.items()}


def test_a_qdpx_round_trip_through_two_projects_keeps_everything(run_cli, tmp_path):
    first = tmp_path / "first"
    assert run_cli("init", first).exit_code == 0
    (first / "codebooks" / "mine.yaml").write_text(OWN_CODEBOOK, encoding="utf-8")  # codes only this project has
    folder = first / "transcripts"
    (folder / "S01_pre.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "S03_post.md").write_text(ENGLISH, encoding="utf-8")
    shutil.copy(SAMPLES / "zoom_pronouns_S32.vtt", folder)
    for args in (("import", folder), ("code", "S01_pre", "2", "AD_PRESSURE"),
                 ("code", "S01_pre", "4", "ND_FAMILY", "--start", "0", "--end", "9"),
                 ("code", "S03_post", "4", "ND_FAMILY", "--start", "3", "--end", "10"),
                 ("code", "zoom_pronouns_S32", "2", "AD_PRESSURE"),
                 ("code", "S01_pre", "2", "MY_SLEEP", "--start", "8", "--end", "14"), ("memo", "code", "MY_SLEEP", "mine"),
                 ("memo", "case", "S01", "家庭支持很强"), ("memo", "segment", "S01_pre:4", "妈妈"),
                 ("memo", "document", "S03_post", "emoji in the text"), ("memo", "code", "ND_FAMILY", "family"),
                 ("memo", "project", ".", "the study"), ("memo", "coding", "1", "why pressure")):
        result = run_cli("--project", first, *args)
        assert result.exit_code == 0, (args, result.err)
    original = meaning(first)
    assert len(original["memos"]) == 7 and len(original["codings"]) == 5
    assert ("MY_SLEEP", "MY_THEME", "睡眠问题", "Sleep trouble") in original["codes"]
    previous = first
    for name in ("second", "third"):
        archive = tmp_path / f"{previous.name}.qdpx"
        assert run_cli("--project", previous, "export", "qdpx", "--out", archive).exit_code == 0
        project = tmp_path / name
        assert run_cli("init", project).exit_code == 0
        result = run_cli("--project", project, "import", archive)
        assert result.exit_code == 0, result.err
        assert meaning(project) == original, name
        previous = project


def test_memos_a_qdpx_import_stored_by_name_are_keyed_by_id_after_the_migration(tmp_path):
    """Projects that imported a .qdpx before this stored a document memo under the document's name."""
    from qualcode.storage.migrations import m0055_memo_targets_by_id

    conn = sqlite3.connect(":memory:")
    conn.executescript("""CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, is_current INTEGER);
        CREATE TABLE memos (id INTEGER PRIMARY KEY, target_type TEXT, target_id TEXT, text TEXT);
        INSERT INTO documents VALUES (1, 'S01_pre', 0), (2, 'S01_pre', 1), (3, 'S02', 1);
        INSERT INTO memos VALUES (1, 'document', 'S01_pre', 'a'), (2, 'document', '3', 'b'),
            (3, 'document', 'gone', 'c'), (4, 'project', 'project', 'd'), (5, 'project', '.', 'e'),
            (6, 'case', 'S01', 'f');""")
    m0055_memo_targets_by_id.apply(conn)
    assert conn.execute("SELECT target_id FROM memos ORDER BY id").fetchall() == [
        ("2",), ("3",), ("gone",), ("",), ("",), ("S01",)]


def test_an_archive_that_comes_back_to_the_first_project_adds_the_new_work_without_copies(run_cli, tmp_path):
    """Documents imported from a .md with front matter or a .vtt are stored as their text, not their bytes:
    coming back from the other project they are the same documents, not copies named 'S03_post-2'."""
    first, second = tmp_path / "first", tmp_path / "second"
    for root in (first, second):
        assert run_cli("init", root).exit_code == 0
    folder = first / "transcripts"
    (folder / "S01_pre.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "S03_post.md").write_text(ENGLISH, encoding="utf-8")
    shutil.copy(SAMPLES / "zoom_pronouns_S32.vtt", folder)
    for args in (("import", folder), ("code", "S03_post", "4", "ND_FAMILY"), ("memo", "document", "S03_post", "a"),
                 ("export", "qdpx", "--out", tmp_path / "out.qdpx")):
        assert run_cli("--project", first, *args).exit_code == 0
    for args in (("import", tmp_path / "out.qdpx"), ("code", "S03_post", "2", "AD_PRESSURE"),
                 ("code", "zoom_pronouns_S32", "2", "AD_PRESSURE"), ("memo", "segment", "S03_post:2", "from B"),
                 ("export", "qdpx", "--out", tmp_path / "back.qdpx")):
        result = run_cli("--project", second, *args)
        assert result.exit_code == 0, (args, result.err)
    result = run_cli("--project", first, "import", tmp_path / "back.qdpx")
    assert result.exit_code == 0, result.err
    assert "S03_post-2" not in result.out and "zoom_pronouns_S32-2" not in result.out
    assert "S03_post: already in the project with the same text; codings are added to it" in result.out
    assert meaning(first) == meaning(second)

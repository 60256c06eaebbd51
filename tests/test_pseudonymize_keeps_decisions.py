"""Pseudonymising a transcript changes only names, on purpose: a turn whose words became exactly its
pseudonymised words keeps its suggestion decisions and its "reviewed" mark on the new version (the intended
edit of reanchor_suggestions and reanchor_reviewed_turns); nothing else is carried as if unchanged. Real
project, real jieba, the CLI in-process."""

from __future__ import annotations

import sqlite3

TEXT = ("---\nparticipant: S05\n---\n访谈者：谁帮过你？\n受访者：我的同桌王芳经常鼓励我，我对自己有信心了。\n"
        "访谈者：以后呢？\n受访者：我想去深圳工作，有自己的目标。\n")


def _decisions(db, name: str) -> list[tuple[int, str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            """SELECT s.ordinal, g.code_id, g.status FROM suggestions g JOIN segments s ON s.id = g.segment_id
                 JOIN documents d ON d.id = s.document_id WHERE d.name = ? AND d.is_current = 1
                 AND g.status IN ('accepted', 'rejected') ORDER BY 1, 2""", (name,)).fetchall()


def _marked(db, name: str) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(
            """SELECT s.ordinal FROM segment_reviews r JOIN segments s ON s.id = r.segment_id
                 JOIN documents d ON d.id = s.document_id WHERE d.name = ? AND d.is_current = 1
                 ORDER BY 1""", (name,))]


def test_pseudonymize_keeps_the_decisions_and_marks_of_turns_that_changed_only_by_a_name(project, run_cli, tmp_path):
    root = project.root
    (root / "transcripts" / "S05_pre.txt").write_text(TEXT, encoding="utf-8")
    assert run_cli("import", root / "transcripts", cwd=root).exit_code == 0
    assert run_cli("suggest", "--engine", "keywords", "--jobs", "1", cwd=root).exit_code == 0
    rejected = run_cli("suggestions", "reject", "--document", "S05_pre", cwd=root)
    assert rejected.exit_code == 0, rejected.err
    assert run_cli("review", "done", "S05_pre", cwd=root).exit_code == 0
    before = _decisions(project.db_path, "S05_pre")
    assert {ordinal for ordinal, _, _ in before} == {2, 4}, before   # both participant turns had suggestions
    assert _marked(project.db_path, "S05_pre") == [2, 4]

    names = tmp_path / "names.csv"
    names.write_text("name,type\n王芳,person\n", encoding="utf-8")   # turn 2 changes by a name, turn 4 not at all
    done = run_cli("pseudonymize", "--names", names, cwd=root)
    assert done.exit_code == 0, done.err
    assert _decisions(project.db_path, "S05_pre") == before
    assert _marked(project.db_path, "S05_pre") == [2, 4]
    with sqlite3.connect(project.db_path) as conn:
        text = conn.execute("SELECT text FROM documents WHERE name = 'S05_pre' AND is_current = 1").fetchone()[0]
    assert "王芳" not in text and "[P" in text

"""Issue 11 item 6 and issue 17 item 5: several memos per target, listed, changed, deleted and exported."""

from __future__ import annotations

import csv
import sqlite3

import pytest


@pytest.fixture
def study(run_cli, sample_project):
    return sample_project.root


def _memo_rows(root):
    with sqlite3.connect(root / ".qualcode" / "project.db") as conn:
        return conn.execute("SELECT id, target_type, text, author FROM memos ORDER BY id").fetchall()


def test_a_second_memo_on_a_target_adds_to_the_first(run_cli, study):
    assert run_cli("--project", study, "memo", "case", "S01", "家庭支持很强").exit_code == 0
    second = run_cli("--project", study, "--coder", "B", "memo", "case", "S01", "再看一遍")
    third = run_cli("--project", study, "memo", "case", "S01", "a second thought")
    assert second.exit_code == 0 and third.exit_code == 0
    assert "2 earlier memo(s) on it kept" in third.out
    assert [(r[2], r[3]) for r in _memo_rows(study)] == [("家庭支持很强", "A"), ("再看一遍", "B"),
                                                         ("a second thought", "A")]
    listing = run_cli("--project", study, "memos", "list")
    assert listing.exit_code == 0
    assert listing.out.count("case S01") == 3 and "再看一遍" in listing.out


def test_a_filtered_listing_with_no_match_says_the_other_memos_exist_rather_than_none_yet(run_cli, study):
    assert run_cli("--project", study, "memo", "segment", "S01_pre:4", "提到妈妈").exit_code == 0
    listing = run_cli("--project", study, "memos", "list", "--target", "case")
    assert listing.exit_code == 0
    assert listing.out.strip() == "No memos on a case; 1 memo(s) on other targets (`qualcode memos list`)."


def test_delete_says_which_memo_undo_brings_it_back_and_others_cannot_delete_it(run_cli, study):
    run_cli("--project", study, "memo", "segment", "S01_pre:4", "提到妈妈")
    memo_id = _memo_rows(study)[0][0]
    refused = run_cli("--project", study, "--coder", "B", "memos", "delete", memo_id)
    assert refused.exit_code == 2 and "only its author" in refused.err
    deleted = run_cli("--project", study, "memos", "delete", memo_id)
    assert deleted.exit_code == 0 and f"Deleted memo {memo_id} on segment S01_pre:4" in deleted.out
    assert _memo_rows(study) == []
    undone = run_cli("--project", study, "undo")
    assert undone.exit_code == 0 and f"deletion of memo {memo_id}" in undone.out
    assert [r[0] for r in _memo_rows(study)] == [memo_id]  # back under its own number


def test_memos_export_as_markdown_csv_and_word_with_the_coded_text(run_cli, study, tmp_path):
    from docx import Document

    run_cli("--project", study, "memo", "segment", "S01_pre:4", "提到中考失利")
    run_cli("--project", study, "memo", "project", "-", "整体印象")
    with sqlite3.connect(study / ".qualcode" / "project.db") as conn:
        words = conn.execute("SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s JOIN documents d "
                             "ON d.id = s.document_id WHERE d.name = 'S01_pre' AND s.ordinal = 4").fetchone()[0]
    markdown = run_cli("--project", study, "memos", "export", "--out", tmp_path / "m.md", "--lang", "zh")
    assert markdown.exit_code == 0, markdown.err
    text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert text.startswith("# 备忘录") and "话轮 S01_pre:4" in text and words.splitlines()[0] in text
    table = run_cli("--project", study, "export", "memos", "--out", tmp_path / "m.csv")
    assert table.exit_code == 0
    with (tmp_path / "m.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["target"] for r in rows} >= {"S01_pre:4"} and any(r["coded_text"] == words for r in rows)
    word = run_cli("--project", study, "memos", "export", "--out", tmp_path / "m.docx")
    assert word.exit_code == 0
    document = Document(str(tmp_path / "m.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "提到中考失利" in paragraphs and "整体印象" in paragraphs and words in paragraphs
    assert round(document.sections[0].page_width.mm) == 210


def test_a_database_from_before_keeps_its_memos_and_accepts_more(run_cli, tmp_path):
    from qualcode.app.project import init_project

    project = init_project(tmp_path / "old")
    project.close()
    db = tmp_path / "old" / ".qualcode" / "project.db"
    with sqlite3.connect(db) as conn:  # as the one-memo-per-author table held it before the migration
        conn.execute("DELETE FROM schema_migrations WHERE name = 'm0017_several_memos'")
        conn.execute("DROP TABLE memos")
        conn.execute("""CREATE TABLE memos (id INTEGER PRIMARY KEY, target_type TEXT NOT NULL, target_id TEXT NOT NULL,
                        text TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                        UNIQUE (target_type, target_id, author))""")
        conn.execute("INSERT INTO memos VALUES (7, 'project', '-', 'old memo', 'root', 't', 't')")
    assert run_cli("--project", tmp_path / "old", "memo", "project", "-", "new memo").exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, text FROM memos ORDER BY id").fetchall() == [(7, "old memo"), (8, "new memo")]


def test_a_memo_on_a_coding_is_headed_in_the_report_language_without_a_doubled_word(run_cli, study, tmp_path):
    import re

    assert run_cli("--project", study, "code", "S01_pre", "4", "AD_EXAM").exit_code == 0
    with sqlite3.connect(study / ".qualcode" / "project.db") as conn:
        coding_id = conn.execute("SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id "
                                 "WHERE d.name = 'S01_pre' AND c.code_id = 'AD_EXAM'").fetchone()[0]
    assert run_cli("--project", study, "memo", "coding", coding_id, "中考是转折点").exit_code == 0
    for lang, word in (("zh", "编码记录"), ("en", "coding")):
        out = tmp_path / f"m-{lang}.md"
        assert run_cli("--project", study, "memos", "export", "--out", out, "--lang", lang).exit_code == 0
        heading = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("## "))
        assert heading.startswith(f"## {word} {coding_id} ") and "AD_EXAM" in heading and "S01_pre:4" in heading
        assert heading.count(word) == 1
        byline = out.read_text(encoding="utf-8").split(heading, 1)[1].strip().splitlines()[0]
        assert byline.startswith("*作者：A · 日期：" if lang == "zh" else "*Author: A · Date: "), byline
        if lang == "zh":  # no English word in a Chinese heading besides the code id and the document name
            assert not re.findall(r"\b[a-z]+\b", heading.replace("S01_pre", "").replace("AD_EXAM", "")), heading
    changed = run_cli("--project", study, "memos", "edit", _memo_rows(study)[-1][0], "改写")
    assert changed.exit_code == 0 and "coding coding" not in changed.out

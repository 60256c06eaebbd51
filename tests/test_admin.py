"""Destructive commands on a real project: documents list/delete and codes merge, each after a backup."""

from __future__ import annotations

import io
import sqlite3
import stat
import sys

import pytest

from qualcode.app import api
from qualcode.storage.db import utc_now

SECOND = """---
participant: S02
wave: pre
---
访谈者：最近怎么样？
受访者：我有了目标，也更有信心了。
"""


def _suggest(conn, segment_id: int, code_id: str, score: float, status: str = "pending") -> None:
    """A stored suggestion, as `qualcode suggest` writes it (score, evidence JSON, status)."""
    conn.execute("INSERT INTO suggestions (segment_id, code_id, score, evidence, status, engine_version, created_at) "
                 "VALUES (?, ?, ?, ?, ?, 'test', ?)",
                 (segment_id, code_id, score, f'[{{"keyword": "{code_id}"}}]', status, utc_now()))


@pytest.fixture
def two_documents(project, chinese_transcript):
    second = chinese_transcript.with_name("S02_pre.txt")
    second.write_text(SECOND, encoding="utf-8")
    assert not api.import_paths(project, [chinese_transcript, second]).errors
    # a revised S01_pre: a second version of the same document
    chinese_transcript.write_text(chinese_transcript.read_text(encoding="utf-8").replace("很自卑", "非常自卑"),
                                  encoding="utf-8")
    assert not api.import_paths(project, [chinese_transcript]).errors
    return project


def _rows(conn, sql, params=()):
    return [tuple(row) for row in conn.execute(sql, params)]


def _ids(conn, name):
    return [r[0] for r in conn.execute("SELECT id FROM documents WHERE name = ?", (name,))]


def _segment(conn, name, ordinal):
    return conn.execute("SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
                        "WHERE d.name = ? AND d.is_current = 1 AND s.ordinal = ?", (name, ordinal)).fetchone()[0]


def test_documents_list_counts_versions_and_work(two_documents, run_cli):
    conn = two_documents.conn
    api.code_segment(two_documents, _segment(conn, "S01_pre", 2), "AD_LOWSELF", coder="A")
    _suggest(conn, _segment(conn, "S01_pre", 4), "PF_GOAL", 0.8)
    _suggest(conn, _segment(conn, "S01_pre", 4), "PF_FAMILY", 0.1, status="candidate")
    _suggest(conn, _segment(conn, "S01_pre", 6), "PF_PEER", 0.05, status="candidate")
    result = run_cli("--project", two_documents.root, "documents", "list")
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["document", "participant", "versions", "segments", "codings", "suggestions",
                                "candidates", "source"]
    # ranked candidates below min_score are counted on their own, not as suggestions to review
    assert lines[1].split()[:7] == ["S01_pre", "S01", "2", "6", "1", "1", "2"]
    assert lines[2].split()[:7] == ["S02_pre", "S02", "1", "2", "0", "0", "0"]


def test_delete_removes_every_version_and_all_that_hangs_on_it_after_a_backup(two_documents, run_cli):
    conn = two_documents.conn
    segment = _segment(conn, "S01_pre", 2)
    coding = api.code_segment(two_documents, segment, "AD_LOWSELF", coder="A")
    kept = api.code_segment(two_documents, _segment(conn, "S02_pre", 2), "PF_GOAL", coder="A")
    api.set_memo(two_documents, "coding", coding.id, "自卑的表达", author="A")
    api.set_memo(two_documents, "document", coding.document_id, "第二次访谈更开放", author="A")
    api.set_memo(two_documents, "document", kept.document_id, "keep me", author="A")
    _suggest(conn, segment, "AD_EXAM", 0.8)
    _suggest(conn, segment, "PF_GOAL", 0.1, status="candidate")
    old_ids = _ids(conn, "S01_pre")

    result = run_cli("--project", two_documents.root, "documents", "delete", "S01_pre", "--yes")
    assert result.exit_code == 0, result.err
    assert ("Deleted S01_pre: 2 version(s), 12 segment(s), 1 coding(s), 1 suggestion(s), 1 ranked candidate(s), "
            "2 memo(s)") in result.out
    assert "S01_pre.txt is unchanged; remove it too, or a later import brings it back" in result.out
    marks = ",".join("?" * len(old_ids))
    for table, column in (("documents", "id"), ("segments", "document_id"), ("codings", "document_id")):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {column} IN ({marks})", old_ids).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0
    assert [r[0] for r in conn.execute("SELECT text FROM memos")] == ["keep me"]
    assert _rows(conn, "SELECT code_id FROM codings") == [("PF_GOAL",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT action FROM history ORDER BY id DESC LIMIT 1").fetchone()[0] == "document.delete"
    # the backup holds the deleted document and is the owner's alone
    backups = list((two_documents.root / ".qualcode" / "backups").glob("before-delete-document-*.db"))
    assert len(backups) == 1 and stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM documents WHERE name = 'S01_pre'").fetchone()[0] == 2
    assert copy.execute("SELECT count(*) FROM codings").fetchone()[0] == 2


def test_delete_asks_first_and_no_keeps_everything(two_documents, run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    result = run_cli("--project", two_documents.root, "documents", "delete", "S02_pre")
    assert result.exit_code == 130
    assert "Delete S02_pre (1 version(s), 0 coding(s), 0 suggestion(s))?" in result.err
    assert len(_ids(two_documents.conn, "S02_pre")) == 1
    assert not (two_documents.root / ".qualcode" / "backups").exists()


def test_delete_of_an_unknown_document_names_the_known_ones(two_documents, run_cli):
    result = run_cli("--project", two_documents.root, "documents", "delete", "S03_pre", "--yes")
    assert result.exit_code == 2
    assert result.err.strip() == ("qualcode: error: no document named 'S03_pre'; documents: S01_pre, S02_pre "
                                  "(`qualcode documents list`)")
    assert not (two_documents.root / ".qualcode" / "backups").exists()


@pytest.fixture
def coded(two_documents):
    """Coder A coded segment 2 with both codes (a duplicate after merging); B used only the source on 4."""
    conn = two_documents.conn
    seg2, seg4 = _segment(conn, "S01_pre", 2), _segment(conn, "S01_pre", 4)
    source = api.code_segment(two_documents, seg2, "PF_CONFIDENCE", coder="A")
    api.code_segment(two_documents, seg2, "PF_POSITIVE", coder="A")
    api.code_segment(two_documents, seg4, "PF_CONFIDENCE", coder="B")
    api.set_memo(two_documents, "coding", source.id, "自信还是积极？", author="A")
    api.set_memo(two_documents, "code", "PF_CONFIDENCE", "merge candidate", author="A")
    _suggest(conn, seg2, "PF_CONFIDENCE", 0.9, "accepted")
    _suggest(conn, seg2, "PF_POSITIVE", 0.4)
    _suggest(conn, seg4, "PF_CONFIDENCE", 0.5, "rejected")
    return two_documents, seg2, seg4


def test_codes_merge_repoints_codings_and_suggestions_and_edits_the_codebook(coded, run_cli):
    project, seg2, seg4 = coded
    conn = project.conn
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    result = run_cli("--project", project.root, "codes", "merge", "PF_CONFIDENCE", "PF_POSITIVE", "--yes")
    assert result.exit_code == 0, result.err
    assert ("Merged PF_CONFIDENCE into PF_POSITIVE: 1 coding(s) moved, 1 duplicate(s) folded; "
            "1 suggestion(s) moved, 1 folded; 2 memo(s) re-attached") in result.out
    assert _rows(conn, "SELECT segment_id, code_id, coder FROM codings ORDER BY coder") == [
        (seg2, "PF_POSITIVE", "A"), (seg4, "PF_POSITIVE", "B")]
    assert _rows(conn, "SELECT segment_id, code_id, score, status FROM suggestions ORDER BY segment_id") == [
        (seg2, "PF_POSITIVE", 0.9, "accepted"), (seg4, "PF_POSITIVE", 0.5, "rejected")]
    memos = dict(_rows(conn, "SELECT target_type, text FROM memos"))
    assert memos == {"coding": "自信还是积极？", "code": "merge candidate"}
    assert conn.execute("SELECT active FROM codes WHERE id = 'PF_CONFIDENCE'").fetchone()[0] == 0
    text = book.read_text(encoding="utf-8")
    assert "id: PF_CONFIDENCE" not in text and "我能行" in text  # the keywords moved to the target
    assert list((project.root / ".qualcode" / "backups").glob("before-merge-PF_CONFIDENCE-into-PF_POSITIVE-*.db"))


def test_qualcode_undo_takes_a_merge_back_byte_for_byte(coded, run_cli):
    project, _, _ = coded
    conn = project.conn
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    text, tables = book.read_bytes(), ("codings", "suggestions", "memos")
    rows = {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")] for t in tables}
    merged = run_cli("--project", project.root, "codes", "merge", "PF_CONFIDENCE", "PF_POSITIVE", "--yes")
    assert merged.exit_code == 0 and "`qualcode undo` takes the merge back" in merged.out
    undone = run_cli("--project", project.root, "undo")
    assert undone.exit_code == 0, undone.err
    # named in full: each code by label and id, and what the merge had moved (never a bare "codes merge")
    index = project.code_index()
    source, target = (f"{index[code].label('en')} ({code})" for code in ("PF_CONFIDENCE", "PF_POSITIVE"))
    moved = merged.out.split(": ")[1].split(" coding(s) moved")[0]
    assert f"Undone: merge of {source} into {target} ({moved} coding(s) moved" in undone.out, undone.out
    assert book.read_bytes() == text
    assert {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")] for t in tables} == rows
    assert conn.execute("SELECT active FROM codes WHERE id = 'PF_CONFIDENCE'").fetchone()[0] == 1


def test_codes_merge_across_codebooks_is_refused_and_changes_nothing(coded, run_cli):
    project, _, _ = coded
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    before = book.read_text(encoding="utf-8")
    result = run_cli("--project", project.root, "codes", "merge", "PF_CONFIDENCE", "ND_CONFIDENCE", "--yes")
    assert result.exit_code == 2
    assert result.err.strip() == ("qualcode: error: PF_CONFIDENCE is in resilience-protective-factors.yaml but "
                                  "ND_CONFIDENCE is in needs-themes.yaml; codes can only be merged within one codebook")
    assert book.read_text(encoding="utf-8") == before
    assert project.conn.execute("SELECT count(*) FROM codings WHERE code_id = 'PF_CONFIDENCE'").fetchone()[0] == 2


def test_a_code_left_only_in_the_database_can_be_merged_away(coded, run_cli):
    """doctor's advice for codings whose code was deleted from the YAML: merge it into another code."""
    project, seg2, _ = coded
    conn = project.conn
    conn.execute("INSERT INTO codes (id, codebook, active) VALUES ('OLD_SUPPORT', 'resilience-protective-factors', 0)")
    conn.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                 "SELECT document_id, id, start, end, 'OLD_SUPPORT', 'A', 'manual', 'then' FROM segments WHERE id = ?",
                 (seg2,))
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    before = book.read_text(encoding="utf-8")
    result = run_cli("--project", project.root, "codes", "merge", "OLD_SUPPORT", "PF_FAMILY", "--yes")
    assert result.exit_code == 0, result.err
    assert "Merged OLD_SUPPORT into PF_FAMILY: 1 coding(s) moved" in result.out
    assert "Codebook updated" not in result.out and book.read_text(encoding="utf-8") == before
    assert _rows(conn, "SELECT code_id FROM codings WHERE segment_id = ? AND coder = 'A' ORDER BY code_id",
                 (seg2,)) == [("PF_CONFIDENCE",), ("PF_FAMILY",), ("PF_POSITIVE",)]
    unknown = run_cli("--project", project.root, "codes", "merge", "NO_SUCH", "PF_FAMILY", "--yes")
    assert unknown.exit_code == 2
    assert unknown.err.strip() == "qualcode: error: no code 'NO_SUCH' in the codebooks and no coding uses it"


def test_codes_merge_into_itself_or_an_unknown_target_is_one_line(coded, run_cli):
    project, _, _ = coded
    same = run_cli("--project", project.root, "codes", "merge", "PF_GOAL", "PF_GOAL", "--yes")
    assert (same.exit_code, same.err.strip()) == (2, "qualcode: error: cannot merge PF_GOAL into itself")
    unknown = run_cli("--project", project.root, "codes", "merge", "PF_GOAL", "PF_NOPE", "--yes")
    assert unknown.exit_code == 2
    assert unknown.err.strip() == ("qualcode: error: no code 'PF_NOPE' in the project's codebooks; "
                                   "the target must be defined")

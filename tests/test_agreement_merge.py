"""Merging another project's codings, documents matched by content hash (real SQLite files)."""

from __future__ import annotations

import hashlib

import pytest
from agreement_helpers import build_database, code, two_coders

from qualcode.analysis.agreement.compute import AgreementOptions, compute_agreement
from qualcode.core.errors import ProjectError
from qualcode.app.team.project_merge import merge_codings
from qualcode.storage.db import transaction, utc_now


@pytest.fixture()
def projects(tmp_path):
    """Project 'a' holds coder A's work, project 'b' coder B's, on the same transcripts."""
    (tmp_path / "a" / ".qualcode").mkdir(parents=True)
    (tmp_path / "b" / ".qualcode").mkdir(parents=True)
    here, here_segments = build_database(tmp_path / "a" / ".qualcode" / "project.db")
    there, there_segments = build_database(tmp_path / "b" / ".qualcode" / "project.db")
    # The same coding plan as the single-project tests, split across the two projects.
    two_coders(here, here_segments)
    here.execute("DELETE FROM codings WHERE coder = 'B'")
    two_coders(there, there_segments)
    there.execute("DELETE FROM codings WHERE coder = 'A'")
    yield here, there, tmp_path
    here.close()
    there.close()


def _merge(conn, path, **kwargs):
    with transaction(conn):
        return merge_codings(conn, path, **kwargs)


def test_merged_codings_give_the_same_agreement_as_one_shared_project(projects, tmp_path):
    here, _there, root = projects
    report = _merge(here, root / "b")
    assert report.added == 4 and report.coders == {"B": 4}  # B coded 4 passages
    assert sorted(m.here for m in report.matched) == ["S01_pre", "S02_pre"]
    assert not report.unmatched_other and not report.text_differs
    merged = {r.code_id: r for r in compute_agreement(here, AgreementOptions(("A", "B"))).rows}
    single, single_segments = build_database(tmp_path / "single.db")
    two_coders(single, single_segments)
    expected = {r.code_id: r for r in compute_agreement(single, AgreementOptions(("A", "B"))).rows}
    assert merged == expected
    # Segments are linked here, not copied from the other project's ids.
    linked = here.execute("SELECT COUNT(*) FROM codings c JOIN segments s ON s.id = c.segment_id "
                          "WHERE c.coder = 'B' AND c.start >= s.start AND c.end <= s.end").fetchone()[0]
    assert linked == 4


def test_merging_twice_adds_nothing_new(projects):
    here, _there, root = projects
    _merge(here, root / "b")
    again = _merge(here, root / "b")
    assert again.added == 0 and again.already_present == 4


def test_unmatched_documents_text_differences_and_unknown_codes_are_reported(projects):
    here, there, root = projects
    with transaction(there):
        there.execute("INSERT INTO documents (name, path, sha256, language, encoding, text, imported_at) "
                      "VALUES ('S09_pre', 'x', ?, 'zh', 'utf-8', '受访者：别的', ?)",
                      (hashlib.sha256(b"other").hexdigest(), utc_now()))
        there.execute("UPDATE documents SET text = text || ' ' WHERE name = 'S02_pre'")
        there.execute("INSERT INTO codes (id, codebook) VALUES ('X_NEW', 'mine')")
        there.execute("INSERT INTO codings (document_id, start, end, code_id, coder, origin, created_at) "
                      "SELECT id, 0, 2, 'X_NEW', 'B', 'manual', ? FROM documents WHERE name = 'S01_pre'",
                      (utc_now(),))
    report = _merge(here, root / "b")
    assert report.unmatched_other == ["S09_pre"]
    assert report.text_differs == ["S02_pre"]
    assert report.unknown_codes == {"X_NEW": 1}
    assert [m.here for m in report.matched] == ["S01_pre"]
    text = report.summary()
    assert "only in the other project (not merged): S09_pre" in text
    assert "code X_NEW is not in this project's codebooks: 1 codings skipped" in text


def test_coder_filter_and_rename(projects):
    here, there, root = projects
    code(there, {**_segments(there)}, "C", "S01_pre", 2, "PF_GOAL")
    report = _merge(here, root / "b", coders=["C"], rename={"C": "researcher-C"})
    assert report.coders == {"researcher-C": 1}
    assert here.execute("SELECT COUNT(*) FROM codings WHERE coder = 'researcher-C'").fetchone()[0] == 1


def test_not_a_project_is_one_clear_error(projects, tmp_path):
    here, _there, _root = projects
    (tmp_path / "empty").mkdir()
    with pytest.raises(ProjectError, match="not a qualcode project"):
        _merge(here, tmp_path / "empty")
    broken = tmp_path / "broken" / ".qualcode"
    broken.mkdir(parents=True)
    (broken / "project.db").write_text("not sqlite")
    with pytest.raises(ProjectError, match="cannot read"):
        _merge(here, tmp_path / "broken")
    assert here.execute("SELECT COUNT(*) FROM codings WHERE coder = 'B'").fetchone()[0] == 0


def _segments(conn):
    rows = conn.execute("SELECT s.id, s.document_id, s.start, s.end, s.ordinal, d.name FROM segments s "
                        "JOIN documents d ON d.id = s.document_id")
    return {(r["name"], r["ordinal"]): (r["id"], r["document_id"], r["start"], r["end"]) for r in rows}


def test_a_coding_over_two_turns_there_lands_on_each_turn_here(projects):
    """A project coded before spans were kept inside one turn holds codings attached to no segment."""
    here, there, root = projects
    with transaction(there):
        there.execute("DELETE FROM codings")
        first, second = there.execute(
            "SELECT s.start, s.end, s.document_id FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE d.name = 'S01_pre' ORDER BY s.ordinal LIMIT 2").fetchall()
        there.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                      "VALUES (?, NULL, ?, ?, 'PF_GOAL', 'B', 'manual', ?)",
                      (first[2], first[0], second[1], utc_now()))
        there.execute("INSERT INTO codings (document_id, segment_id, start, end, code_id, coder, origin, created_at) "
                      "VALUES (?, NULL, ?, ?, 'PF_GOAL', 'B', 'manual', ?)",
                      (first[2], first[1], first[1] + 1, utc_now()))  # the line break after turn 1 only
    report = _merge(here, root / "b")
    assert here.execute("SELECT COUNT(*) FROM codings WHERE segment_id IS NULL").fetchone()[0] == 0
    assert report.added == 2 and report.split_over_turns == 1 and report.outside_turns_skipped == 1
    spans = here.execute("SELECT c.start, c.end FROM codings c JOIN segments s ON s.id = c.segment_id "
                         "WHERE c.coder = 'B' ORDER BY c.start").fetchall()
    assert [tuple(r) for r in spans] == [(first[0], first[1]), (second[0], second[1])]
    text = report.summary()
    assert "1 codings there fit no single turn" in text and "1 codings there cover no turn text" in text

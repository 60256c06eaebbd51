"""Issue 18 item 1: undo and redo act on the coding they recorded, never on another coder's that reused its id."""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.maintenance.code_merge import merge_code
from qualcode.core.errors import ConflictError


def _segment(project, ordinal: int):
    return project.conn.execute("SELECT s.* FROM segments s JOIN documents d ON d.id = s.document_id "
                                "WHERE d.name = 'S01_pre' AND s.ordinal = ?", (ordinal,)).fetchone()


def _code(project, ordinal: int, code_id: str, coder: str):
    segment = _segment(project, ordinal)
    return api.add_coding(project, document_id=segment["document_id"], start=segment["start"], end=segment["end"],
                          code_id=code_id, coder=coder, segment_id=segment["id"])


def _codings(project):
    return sorted(tuple(r) for r in project.conn.execute("SELECT coder, code_id, segment_id FROM codings"))


def test_undo_after_a_merge_never_removes_another_coders_coding(sample_project):
    project = sample_project
    project.conn.execute("DELETE FROM codings")
    _code(project, 2, "PF_FAMILY", "T")
    merged_away = _code(project, 2, "PF_PEER", "T")
    merge_code(project, "PF_PEER", "PF_FAMILY", actor="lead")  # T's PF_PEER coding folds into PF_FAMILY
    others = _code(project, 4, "PF_GOAL", "B")
    assert others.id == merged_away.id  # SQLite handed the freed id on: the trap this test is about
    with pytest.raises(ConflictError, match="already removed"):
        api.undo(project, actor="T")  # T's "coding PF_PEER": its coding is gone, and B's must stay
    assert ("B", "PF_GOAL", _segment(project, 4)["id"]) in _codings(project)
    api.undo(project, actor="T")  # not stuck: the next undo takes back T's PF_FAMILY coding
    assert _codings(project) == [("B", "PF_GOAL", _segment(project, 4)["id"])]


def test_redo_after_another_coder_took_the_id_is_no_false_conflict(sample_project):
    project = sample_project
    project.conn.execute("DELETE FROM codings")
    first = _code(project, 2, "PF_GOAL", "A")
    api.undo(project, actor="A")
    taken = _code(project, 4, "PF_FAMILY", "B")
    assert taken.id == first.id
    assert api.redo(project, actor="A") is not None
    assert _codings(project) == sorted([("A", "PF_GOAL", _segment(project, 2)["id"]),
                                        ("B", "PF_FAMILY", _segment(project, 4)["id"])])
    api.undo(project, actor="A")  # and undoing it again removes A's coding, under whatever id it now has
    assert _codings(project) == [("B", "PF_FAMILY", _segment(project, 4)["id"])]

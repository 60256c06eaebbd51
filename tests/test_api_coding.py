"""Coding actions: one transaction each, saved at once, undoable across sessions."""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.core.errors import ConflictError, NotFoundError, QualcodeError
from qualcode.app.project import open_project
from qualcode.storage import repository as repo


@pytest.fixture
def imported(project, chinese_transcript):
    report = api.import_paths(project, [chinese_transcript])
    assert not report.errors
    document = repo.get_document(project.conn, "S01_pre")
    return project, document, repo.list_segments(project.conn, document.id)


def test_toggle_codes_a_segment_and_toggles_it_off(imported):
    project, document, segments = imported
    answer = segments[1]
    coding = api.toggle_code(project, answer.id, "AD_EXAM")
    assert coding is not None and (coding.start, coding.end) == (answer.start, answer.end)
    assert document.text[coding.start:coding.end] == answer.text
    assert coding.coder == project.coder and coding.origin == "manual"
    assert api.toggle_code(project, answer.id, "AD_EXAM") is None
    assert repo.list_codings(project.conn) == []


def test_sub_span_coding_keeps_its_offsets(imported):
    project, document, segments = imported
    answer = segments[1]
    start = answer.start + answer.text.index("中考失利")
    coding = api.add_coding(project, document_id=document.id, start=start, end=start + 4, code_id="AD_EXAM")
    assert document.text[coding.start:coding.end] == "中考失利"
    assert coding.segment_id == answer.id


def test_undo_and_redo_work_across_sessions(imported, tmp_path):
    project, document, segments = imported
    api.toggle_code(project, segments[3].id, "PF_GOAL")
    api.set_memo(project, "segment", segments[3].id, "考证是具体目标")
    root, coder = project.root, project.coder
    project.close()

    with open_project(root, coder=coder) as again:  # a new session
        assert api.undo(again).action == "memo.set"
        assert repo.get_memo(again.conn, "segment", str(segments[3].id), coder) is None
        assert api.undo(again).action == "coding.add"
        assert repo.list_codings(again.conn) == []
        from qualcode.app.coding import history   # before the coding: the import (not undone here)

        assert history.last_undoable(again.conn, coder).action == "transcripts.import"
        assert api.redo(again).action == "coding.add"
        assert [c.code_id for c in repo.list_codings(again.conn)] == ["PF_GOAL"]
        assert api.redo(again).action == "memo.set"
        assert repo.get_memo(again.conn, "segment", str(segments[3].id), coder).text == "考证是具体目标"
        assert api.redo(again) is None


def test_a_new_action_ends_the_redo_chain(imported):
    project, _, segments = imported
    api.toggle_code(project, segments[1].id, "AD_EXAM")
    api.undo(project)
    api.toggle_code(project, segments[1].id, "AD_LOWSELF")
    assert api.redo(project) is None


def test_undo_is_per_coder(imported):
    project, _, segments = imported
    api.toggle_code(project, segments[1].id, "AD_EXAM", coder="A")
    api.toggle_code(project, segments[1].id, "AD_EXAM", coder="B")
    api.undo(project, actor="A")
    assert [(c.code_id, c.coder) for c in repo.list_codings(project.conn)] == [("AD_EXAM", "B")]


def test_undo_of_a_coding_removed_elsewhere_is_a_clear_conflict(imported):
    project, _, segments = imported
    coding = api.toggle_code(project, segments[1].id, "AD_EXAM", coder="A")
    other = project.reopen()
    try:
        api.remove_coding(other, coding.id, actor="B")
    finally:
        other.close()
    with pytest.raises(ConflictError, match="already removed"):
        api.undo(project, actor="A")
    assert repo.list_codings(project.conn) == []


def test_unknown_code_and_bad_span_are_refused(imported):
    project, document, segments = imported
    with pytest.raises(NotFoundError, match="NO_SUCH"):
        api.toggle_code(project, segments[1].id, "NO_SUCH")
    with pytest.raises(QualcodeError, match="outside the document"):
        api.add_coding(project, document_id=document.id, start=0, end=10**6, code_id="PF_GOAL")
    assert repo.list_codings(project.conn) == []


def test_memo_on_every_target_and_empty_text_deletes(imported):
    project, document, segments = imported
    for target, ident in (("project", "-"), ("document", document.id), ("case", "S01"), ("code", "PF_GOAL")):
        api.set_memo(project, target, ident, f"memo on {target}")
        assert repo.get_memo(project.conn, target, str(ident), project.coder).text == f"memo on {target}"
    api.set_memo(project, "case", "S01", "")
    assert repo.get_memo(project.conn, "case", "S01", project.coder) is None
    with pytest.raises(QualcodeError, match="attaches to one of"):
        api.set_memo(project, "planet", "x", "no")


def test_undo_stops_at_an_action_that_cannot_be_undone(imported):
    from qualcode.app.coding import history
    from qualcode.storage.db import transaction

    project, _, segments = imported
    api.toggle_code(project, segments[1].id, "AD_EXAM")
    with transaction(project.conn):
        history.record_event(project.conn, project.coder, "document.delete", {"name": "S09_pre"})
    with pytest.raises(QualcodeError, match="document.delete .* cannot be undone"):
        api.undo(project)
    assert [c.code_id for c in repo.list_codings(project.conn)] == ["AD_EXAM"]

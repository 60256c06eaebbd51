"""Issue 16: merging a code in the codebook editor (F3, g) is undoable like every other codebook edit.

The real app on a real project: F3, the merge picker, u. Undo must give back the codebook file byte for
byte and every row the merge changed (codings moved or folded, their memos, suggestions), and refuse --
changing nothing -- when the file was edited by hand since the merge.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.test_tui_codebook_editor import BOOK, SIZE, _open_editor_on, _walk
from tests.tui_fixtures import import_transcripts, settle

SOURCE, TARGET = "PF_PEER", "PF_FAMILY"


def _rows(conn) -> dict[str, list[tuple]]:
    """Everything a merge may touch, whole rows with their ids, in a stable order."""
    return {table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in ("codings", "suggestions", "memos", "coding_reviews")}


def _coded(project, tmp_path):
    """Two turns coded with the source; one of them also with the target (a duplicate the merge folds)."""
    import_transcripts(project, tmp_path / "incoming")
    s01 = repo.get_document(project.conn, "S01_pre", with_text=False)
    two, four = (repo.segment_by_ordinal(project.conn, s01.id, n) for n in (2, 4))
    peer = api.code_segment(project, two.id, SOURCE)
    api.code_segment(project, four.id, TARGET)
    api.code_segment(project, four.id, SOURCE)  # the newest row: its id is the one SQLite hands on next
    api.add_memo(project, "coding", peer.id, "朋友还是家人？")
    api.add_memo(project, "code", SOURCE, "merge candidate")
    now = "2026-12-06T00:00:00"
    project.conn.execute("INSERT INTO suggestions (segment_id, code_id, score, evidence, engine_version, created_at) "
                         "VALUES (?, ?, 0.7, '[]', 'test', ?)", (two.id, SOURCE, now))
    return two, four


async def _merge_in_editor(pilot, app) -> None:
    await _open_editor_on(pilot, SOURCE)
    await pilot.press("g")
    await pilot.pause()
    picker = app.screen.query_one("#picker-tree")
    picker.move_cursor(next(n for n in _walk(picker.root) if n.data == TARGET))
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")   # the question before a merge (test_tui_merge_confirm.py)
    await settle(pilot)


async def test_f3_merge_then_undo_restores_the_file_byte_for_byte_and_every_row(project, tmp_path):
    two, four = _coded(project, tmp_path)
    book = project.root / "codebooks" / BOOK
    file_before, rows_before = book.read_bytes(), _rows(project.conn)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _merge_in_editor(pilot, app)
        conn = project.conn
        assert conn.execute("SELECT count(*) FROM codings WHERE code_id = ?", (SOURCE,)).fetchone()[0] == 0
        assert sorted(r[0] for r in conn.execute("SELECT segment_id FROM codings WHERE code_id = ?", (TARGET,))) \
            == sorted([two.id, four.id])  # one moved, one folded into the target's coding
        assert f"id: {SOURCE}" not in book.read_text(encoding="utf-8")
        assert conn.execute("SELECT active FROM codes WHERE id = ?", (SOURCE,)).fetchone()[0] == 0
        tree = app.screen.query_one("#cb-tree")
        assert not any(n.data == SOURCE for n in _walk(tree.root))

        await pilot.press("u")
        await settle(pilot)
        assert book.read_bytes() == file_before
        assert _rows(conn) == rows_before  # the same ids, codes, memos and suggestions as before the merge
        assert conn.execute("SELECT active FROM codes WHERE id = ?", (SOURCE,)).fetchone()[0] == 1
        assert any(n.data == SOURCE for n in _walk(tree.root))
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "merge of" in messages  # the undo names what it undid

        await pilot.press("ctrl+r")  # redo merges again
        await settle(pilot)
        assert conn.execute("SELECT count(*) FROM codings WHERE code_id = ?", (SOURCE,)).fetchone()[0] == 0
        assert f"id: {SOURCE}" not in book.read_text(encoding="utf-8")
        await pilot.press("u")  # and undo after the redo restores everything again
        await settle(pilot)
        assert book.read_bytes() == file_before and _rows(conn) == rows_before


async def test_undo_of_a_merge_refuses_when_the_file_was_edited_by_hand_since(project, tmp_path):
    _coded(project, tmp_path)
    book = project.root / "codebooks" / BOOK
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _merge_in_editor(pilot, app)
        merged_rows = _rows(project.conn)
        hand_edited = book.read_text(encoding="utf-8").replace("# ", "#  ", 1)
        book.write_text(hand_edited, encoding="utf-8")
        await pilot.press("u")
        await settle(pilot)
        messages = " ".join(str(n.message) for n in app._notifications if n.severity == "error")
        assert f"{BOOK} has changed since" in messages and "nothing undone" in messages
    assert book.read_text(encoding="utf-8") == hand_edited
    assert _rows(project.conn) == merged_rows  # the rows stay merged: nothing half undone


def test_undo_of_a_merge_gives_a_folded_coding_a_new_id_when_its_own_was_reused(project, tmp_path):
    """SQLite hands a deleted row's id to the next insert: the restored coding must not overwrite that one."""
    from qualcode.app.maintenance.code_merge import merge_code

    two, four = _coded(project, tmp_path)
    conn = project.conn
    folded = conn.execute("SELECT id FROM codings WHERE code_id = ? AND segment_id = ?", (SOURCE, four.id)).fetchone()
    merge_code(project, SOURCE, TARGET, actor="lead")
    other = api.code_segment(project, two.id, "PF_GOAL", coder="B")  # another coder; may reuse the freed id
    api.undo(project, actor="lead")
    codes = {(r["segment_id"], r["code_id"], r["coder"]) for r in conn.execute("SELECT * FROM codings")}
    assert (four.id, SOURCE, project.coder) in codes and (two.id, "PF_GOAL", "B") in codes
    assert other.id == folded["id"]  # the trap this test is about
    assert conn.execute("SELECT code_id FROM codings WHERE id = ?", (other.id,)).fetchone()[0] == "PF_GOAL"


def test_undo_of_a_merge_never_overwrites_a_later_edit_by_another_coder(project, tmp_path):
    """The memo on a moved coding is edited by its author after lead's merge: lead's undo refuses, whole."""
    import pytest

    from qualcode.app.maintenance.code_merge import merge_code
    from qualcode.core.errors import ConflictError

    _coded(project, tmp_path)
    book = project.root / "codebooks" / BOOK
    merge_code(project, SOURCE, TARGET, actor="lead")
    memo = project.conn.execute("SELECT id FROM memos WHERE target_type = 'coding'").fetchone()[0]
    api.edit_memo(project, memo, "朋友，不是家人")  # its author, after the merge
    merged_text, merged_rows = book.read_bytes(), _rows(project.conn)
    with pytest.raises(ConflictError, match="changed or deleted since; nothing undone"):
        api.undo(project, actor="lead")
    assert _rows(project.conn) == merged_rows and book.read_bytes() == merged_text
    assert project.conn.execute("SELECT text FROM memos WHERE id = ?", (memo,)).fetchone()[0] == "朋友，不是家人"


def test_a_merge_recorded_before_merges_were_undoable_names_its_backup(project):
    """Old projects hold codes.merge events without the rows: undo says so (in Chinese too), no traceback."""
    import json

    import pytest

    from qualcode.core.errors import QualcodeError
    from qualcode.tui.error_words import message_in

    project.conn.execute("INSERT INTO history (at, actor, action, payload) VALUES ('then', ?, 'codes.merge', ?)",
                         (project.coder, json.dumps({"source": SOURCE, "target": TARGET, "backup": "b.db"})))
    with pytest.raises(QualcodeError) as raised:
        api.undo(project)
    assert str(raised.value) == (f"the merge of {SOURCE} into {TARGET} was made before merges could be undone; "
                                 "restore the backup taken before it: b.db")
    assert message_in("zh", str(raised.value)).endswith("无法撤销；请用合并前的备份恢复：b.db")

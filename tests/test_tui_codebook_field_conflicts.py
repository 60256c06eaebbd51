"""A code's text typed in the TUI's codebook editor while the same text is changed in the YAML file (by hand in
another window, or by a command beside the TUI): the editor must not write over the file's newer text unsaid.

The real app (Pilot) edits a real project's codebook; the file is changed on disk while the editor's prompt is
open, then Enter. The file keeps its newer text and the toast shows the typed words back, in the interface
language. Keyword and example lists have their own rebase (tests/test_stale_windows.py).
"""

from __future__ import annotations

from qualcode.app.project import open_project
from tests.test_tui_codebook_editor import BOOK, SIZE, _open_editor_on, _walk
from tests.tui_fixtures import import_transcripts, settle
from qualcode.tui.app import make_app

OLD = ("description: The student has goals or plans of their own (a certificate, a skills competition, further "
       "study, a job) and works toward them, staying with them despite setbacks.")
HAND = "description: Goals the student chose (revised in the team meeting)."


def on_screen(app) -> str:
    """The notifications the app shows (the toasts' text)."""
    return " ".join(notification.message for notification in app._notifications)


def code_in_file(root, code_id: str):
    with open_project(root) as other:
        return other.code_index()[code_id]


def edit_by_hand(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_a_description_changed_in_the_file_while_the_editor_is_open_is_kept_and_the_typed_text_shown(
        project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    path = project.root / "codebooks" / BOOK
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # description
        await pilot.pause()
        await pilot.press("space", *"(my note)")
        edit_by_hand(path, OLD, HAND)  # a colleague's edit in vim, saved while the prompt is open
        await pilot.press("enter")
        await settle(pilot)
        shown = on_screen(app)
        details = str(app.screen.query_one("#cb-details").render())
    assert code_in_file(project.root, "PF_GOAL").description == "Goals the student chose (revised in the team meeting)."
    assert HAND in path.read_text(encoding="utf-8")
    assert "was changed in the file while you were editing it" in shown
    assert "your text was not saved" in shown
    assert "(my note)" in shown  # the words typed are shown back, not lost
    assert "revised in the team meeting" in details  # the screen shows the file as it is now
    with open_project(project.root) as other:
        assert other.conn.execute("SELECT count(*) FROM history WHERE action != 'transcripts.import'").fetchone()[0] == 0


async def test_labels_renamed_in_the_file_while_the_editor_renames_them_are_kept_and_said_in_chinese(
        project, tmp_path, run_cli):
    import_transcripts(project, tmp_path / "incoming")
    path = project.root / "codebooks" / BOOK
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("e")  # rename: the Chinese label, then the English one
        await pilot.pause()
        await pilot.press("backspace", "backspace", *"追求", "enter")
        await pilot.pause()
        edit_by_hand(path, "label: {zh: 目标专注, en: Goal focus}", "label: {zh: 目标导向, en: Goal orientation}")
        await pilot.press("enter")  # the English label left as it was shown
        await settle(pilot)
        shown = on_screen(app)
    code = code_in_file(project.root, "PF_GOAL")
    assert code.labels == {"zh": "目标导向", "en": "Goal orientation"}
    assert shown.startswith("目标专注 的中文名称在你编辑期间已在文件中被修改，因此保留文件中的内容，你输入的内容未保存。"
                            "文件中现在是：«目标导向»。你输入的是：«目标追求»")


def test_the_check_compares_what_the_editor_showed_not_the_files_spelling(tmp_path):
    """No false clash: a colour written `#4E7` in the file is shown as `#44ee77`; a field the user left as shown
    keeps the file's newer text without a message; the check is by field, so the file is written only when safe."""
    from qualcode.core.codebook_edit import set_text_field
    from qualcode.core.errors import ChangedMeanwhileError
    from pathlib import Path

    import pytest

    path = tmp_path / BOOK
    path.write_text((Path(__file__).parents[1] / "codebooks" / BOOK).read_text(encoding="utf-8").replace(
        'color: "#4e79a7"', 'color: "#4E7"', 1), encoding="utf-8")
    set_text_field(path, "PF_GOAL", "color", "#123456", based_on="#44ee77")
    assert 'color: "#123456"' in path.read_text(encoding="utf-8") or "color: '#123456'" in path.read_text(
        encoding="utf-8")
    edit_by_hand(path, OLD, HAND)
    before = path.read_text(encoding="utf-8")
    shown = OLD.removeprefix("description: ")
    set_text_field(path, "PF_GOAL", "description", shown, based_on=shown)  # left as shown: the file's text stays
    assert path.read_text(encoding="utf-8") == before
    with pytest.raises(ChangedMeanwhileError) as raised:
        set_text_field(path, "PF_GOAL", "description", shown + " more", based_on=shown)
    assert raised.value.clashes == (("description", HAND.removeprefix("description: "), shown + " more"),)
    assert path.read_text(encoding="utf-8") == before


async def test_a_move_keeps_what_was_changed_in_the_file_while_the_picker_was_open(project, tmp_path):
    """`v` (move) while the description is edited in another window: the code moves and the new text stays."""
    import_transcripts(project, tmp_path / "incoming")
    path = project.root / "codebooks" / BOOK
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("v")
        await pilot.pause()
        edit_by_hand(path, OLD, HAND)  # saved while the picker is open
        picker = app.screen.query_one("#picker-tree")
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "PF_SUPPORT"))
        await pilot.press("enter")
        await settle(pilot)
    moved = code_in_file(project.root, "PF_GOAL")
    assert moved.parent_id == "PF_SUPPORT"
    assert moved.description == "Goals the student chose (revised in the team meeting)."


async def test_a_code_moved_in_the_file_while_the_picker_was_open_is_not_moved_back_unsaid(project, tmp_path):
    """Another command (or a hand edit) moves PF_GOAL under PF_SUPPORT while the editor's picker is open; the
    researcher then picks PF_EMOTION. The file's move is kept, nothing is written, and the toast says where the
    code is now and that it was not moved (in Chinese too). Before, the pick silently undid the other move."""
    from qualcode.core import codebook_edit

    import_transcripts(project, tmp_path / "incoming")
    path = project.root / "codebooks" / BOOK
    for language in ("en", "zh"):
        app = make_app(project, poll_seconds=None, language=language)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await _open_editor_on(pilot, "PF_GOAL")
            before = code_in_file(project.root, "PF_GOAL").parent_id
            await pilot.press("v")
            await pilot.pause()
            target = "PF_SUPPORT" if before == "PF_PERSONAL" else "PF_PERSONAL"
            codebook_edit.move_code(path, "PF_GOAL", target)   # the other window's move
            written = path.read_text(encoding="utf-8")
            picker = app.screen.query_one("#picker-tree")
            picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "PF_EMOTION"))
            await pilot.press("enter")
            await settle(pilot)
            shown = on_screen(app)
        assert path.read_text(encoding="utf-8") == written           # nothing written over the other move
        assert code_in_file(project.root, "PF_GOAL").parent_id == target
        if language == "en":
            assert ("Goal focus was moved in the file while you were choosing where to put it: it is now under "
                    "Supports, and it was not moved under Emotion control") in shown, shown
        else:
            assert "在你选择位置期间，目标专注 已在文件中被移动：它现在位于 个人力 之下，未移到 情绪控制 之下" in shown, shown
    with open_project(project.root) as other:
        assert other.conn.execute("SELECT count(*) FROM history WHERE action != 'transcripts.import'").fetchone()[0] == 0

"""Codebook editor (F3, issue 16 item 2; issue 11 item 5): list editing, fields, tree pickers, undo.

A real project in tmp_path (shipped codebooks, transcripts imported through the
real use case); the real app driven by Pilot; assertions on the YAML file, the
``codes`` table, the history and the screen.
"""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import add_code_by_keys, import_transcripts, settle

SIZE = (120, 36)
BOOK = "resilience-protective-factors.yaml"


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _keywords(root):
    with open_project(root) as other:
        return {c.id: (c.keywords.zh, c.keywords.en) for c in other.code_index().values()}


async def _open_editor_on(pilot, code_id: str):
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    tree = pilot.app.screen.query_one("#cb-tree")
    tree.move_cursor(next(n for n in _walk(tree.root) if n.data == code_id))
    await pilot.pause()
    return tree


async def test_one_keyword_is_changed_in_place_and_nothing_else_moves(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    original_text = path.read_text(encoding="utf-8")
    before = _keywords(tui_project.root)
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        tree = await _open_editor_on(pilot, "PF_FAMILY")
        await pilot.press("k")  # the keyword list opens on the first zh keyword (家里支持)
        await pilot.pause()
        await pilot.press("down", "enter")  # change the second zh keyword
        await pilot.pause()
        # The prompt holds 家人支持 with the cursor at its end: typing adds, it does not replace.
        await pilot.press(*"们")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert tree.cursor_node.data == "PF_FAMILY"  # the cursor stayed on the code just edited
        assert "家人支持们" in str(app.screen.query_one("#cb-details").render())
    after = _keywords(tui_project.root)
    zh, en = before["PF_FAMILY"]
    assert after["PF_FAMILY"] == ((zh[0], "家人支持们", *zh[2:]), en)
    assert {k: v for k, v in after.items() if k != "PF_FAMILY"} == {
        k: v for k, v in before.items() if k != "PF_FAMILY"}
    assert path.read_text(encoding="utf-8") != original_text


async def test_keywords_added_and_removed_one_at_a_time_then_undone_and_redone(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    original_text = path.read_text(encoding="utf-8")
    zh_before, en_before = _keywords(tui_project.root)["PF_GOAL"]
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        tree = await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("d")  # remove the first zh keyword
        await pilot.press("a", *"盼头", "enter")  # add one after the highlighted item
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = _keywords(tui_project.root)["PF_GOAL"]
        assert edited == ((zh_before[1], "盼头", *zh_before[2:]), en_before)
        # the database mirrors the codebook's (unchanged) codes and the history holds the edit
        rows = tui_project.conn.execute("SELECT action, undone FROM history WHERE action != 'transcripts.import' ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [("codebook.file", 0)]
        await pilot.press("u")
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == original_text  # byte for byte, comments included
        assert tree.cursor_node.data == "PF_GOAL"
        assert "已撤销：编码本修改：目标专注 的关键词" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _keywords(tui_project.root)["PF_GOAL"] == edited


async def test_text_fields_and_examples_are_edited_and_recorded(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        tree = await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("f")  # which field: key, colour, description, include, exclude
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # description
        await pilot.pause()
        await pilot.press("space", *"(edited)", "enter")  # appended to the current description
        await settle(pilot)
        await pilot.press("f", "down", "enter")  # colour
        await pilot.pause()
        await pilot.press(*["backspace"] * 10, *"#123456", "enter")
        await settle(pilot)
        await pilot.press("x")  # examples as a list
        await pilot.pause()
        await pilot.press("a", *"我想考焊工证", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert tree.cursor_node.data == "PF_GOAL"
    with open_project(tui_project.root) as other:
        code = other.code_index()["PF_GOAL"]
        assert code.description.endswith(" (edited)")
        assert code.color == "#123456"
        assert "我想考焊工证" in code.examples
        stored = other.conn.execute("SELECT description, color FROM codes WHERE id = 'PF_GOAL'").fetchone()
        assert tuple(stored) == (code.description, "#123456")
        actions = [r[0] for r in other.conn.execute("SELECT action FROM history WHERE action != 'transcripts.import' ORDER BY id")]
        assert actions == ["codebook.file"] * 3


async def test_move_picks_the_parent_from_the_tree_and_a_bad_key_is_one_line(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        tree = await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("v")
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        assert not any(n.data == "PF_GOAL" for n in _walk(picker.root))  # not under itself
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "PF_SUPPORT"))
        await pilot.press("enter")
        await settle(pilot)
        assert tree.cursor_node.data == "PF_GOAL"
        # a key the coding screen reserves: refused in one line, the file untouched
        text = (tui_project.root / "codebooks" / BOOK).read_text(encoding="utf-8")
        await pilot.press("f", "enter")  # key
        await pilot.pause()
        await pilot.press("backspace", "j", "enter")
        await settle(pilot)
        assert (tui_project.root / "codebooks" / BOOK).read_text(encoding="utf-8") == text
        assert any(n.severity == "error" for n in app._notifications)
    with open_project(tui_project.root) as other:
        assert other.code_index()["PF_GOAL"].parent_id == "PF_SUPPORT"


async def test_undo_stops_when_the_file_was_edited_by_hand_since(tui_project):
    path = tui_project.root / "codebooks" / BOOK
    s01 = repo.get_document(tui_project.conn, "S01_pre", with_text=False)
    segment = repo.segment_by_ordinal(tui_project.conn, s01.id, 4)
    api.code_segment(tui_project, segment.id, "PF_FAMILY")  # an older action undo must not reach
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("k", "a", *"志向", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        hand_edited = path.read_text(encoding="utf-8").replace("# ", "#  ", 1)
        path.write_text(hand_edited, encoding="utf-8")
        await pilot.press("u")
        await settle(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "has changed since this codebook edit" in messages
    assert path.read_text(encoding="utf-8") == hand_edited
    assert [c.code_id for c in repo.list_codings(tui_project.conn, segment_id=segment.id)] == ["PF_FAMILY"]


def test_the_cli_undoes_and_redoes_an_editor_edit_and_names_it(tui_project, run_cli):
    from qualcode.app.coding import codebook_edits

    path = tui_project.root / "codebooks" / BOOK
    original = path.read_text(encoding="utf-8")
    done = codebook_edits.set_text_field(tui_project, "PF_GOAL", "include", "certificates only")
    assert done.changed and done.path == path
    assert tui_project.conn.execute("SELECT count(*) FROM history WHERE action != 'transcripts.import'").fetchone()[0] == 1
    undone = run_cli("--project", tui_project.root, "undo")
    assert undone.exit_code == 0 and "codebook edit: Include of Goal focus (PF_GOAL)" in undone.out
    assert path.read_text(encoding="utf-8") == original
    redone = run_cli("--project", tui_project.root, "redo")
    assert redone.exit_code == 0
    with open_project(tui_project.root) as other:
        assert other.code_index()["PF_GOAL"].include == "certificates only"
    # an edit that changes nothing records nothing (undo would otherwise stop on an empty step)
    again = codebook_edits.set_text_field(tui_project, "PF_GOAL", "include", "certificates only")
    assert not again.changed
    assert tui_project.conn.execute("SELECT count(*) FROM history WHERE action != 'transcripts.import'").fetchone()[0] == 1


async def test_a_code_added_on_a_codebooks_row_becomes_a_theme_of_that_codebook(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        tree = app.screen.query_one("#cb-tree")
        tree.move_cursor(next(n for n in _walk(tree.root) if str(n.data).endswith(BOOK)))
        await pilot.pause()
        await add_code_by_keys(pilot, "PF_HOPE", "希望", "Hope")
        assert tree.cursor_node.data == "PF_HOPE"
    with open_project(tui_project.root) as other:
        book = next(b for b in other.codebooks() if str(b.path).endswith(BOOK))
        code = next(c for c in book.codes if c.id == "PF_HOPE")
        assert code.parent_id is None and code.labels == {"zh": "希望", "en": "Hope"}


async def test_a_keyword_edit_keeps_the_quoting_of_every_other_keyword(tui_project):
    """Changing one zh keyword rewrites only that word: quoted rules ('爸妈 NEAR/6 鼓励', the en list) keep
    their quotes, so the file's diff is that one word (the tmux session of issue 16 saw an en line lose its
    quotes when a zh keyword was added)."""
    path = tui_project.root / "codebooks" / BOOK
    original = path.read_text(encoding="utf-8").splitlines()
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "PF_FAMILY")
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("down", "enter", *"们", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    changed = [(old, new) for old, new in zip(original, path.read_text(encoding="utf-8").splitlines())
               if old != new]
    assert len(changed) == 1, changed
    old, new = changed[0]
    assert new == old.replace("家人支持,", "家人支持们,", 1)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_the_list_editor_hint_is_whole_at_80_columns(tui_project, language):
    """At 80x24 the keyword list's key hint ended `… ctrl+s 保存 · Esc` (取消 cut off); it wraps instead."""
    from rich.cells import cell_len

    app = make_app(tui_project, poll_seconds=None, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor_on(pilot, "PF_FAMILY")
        await pilot.press("k")
        await pilot.pause()
        hint = app.screen.query_one(".dialog-hint")
        text = str(hint.render())
        assert text.rstrip().endswith(("取消", "cancel")), text
        area = hint.content_region
        frame = app.screen.query_one(".dialog").content_region
        assert area.right <= frame.right and area.bottom <= frame.bottom, (text, area, frame)
        assert cell_len(text.strip()) <= area.width * area.height, (text, area)


async def test_the_merge_picker_marks_only_themes_as_expandable(tui_project):
    """The tmux session saw `▼` before every leaf code in the merge picker, as if each had codes under it;
    only a code with children is expandable."""
    app = make_app(tui_project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, "AD_LABEL")
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        nodes = [n for n in _walk(picker.root) if n.data]
        leaves = [n.data for n in nodes if not n.children]
        assert "AD_LOWSELF" in leaves
        assert [n.data for n in nodes if not n.children and n.allow_expand] == []
        assert all(n.allow_expand for n in nodes if n.children)


@pytest.mark.parametrize("language, under", [("en", "under Family support"), ("zh", "「家庭支持」之下")])
async def test_adding_a_code_says_where_it_goes_before_and_after(tui_project, language, under):
    """`a` on a code adds the new code as its child. The prompt said only "Code id (e.g. PF_HOPE)" and the toast
    "Codebook saved: …", so a new code silently became the child of the code that happened to be highlighted
    (a leaf with codings turned into a parent). Both now name the parent."""
    from textual.notifications import Notify
    from textual.widgets import Label

    shown: list[str] = []

    def record(message) -> None:
        if isinstance(message, Notify) and message.notification.message not in shown:
            shown.append(message.notification.message)

    app = make_app(tui_project, language=language, poll_seconds=None)
    async with app.run_test(size=(80, 24), message_hook=record) as pilot:
        await _open_editor_on(pilot, "PF_FAMILY")
        await pilot.press("a")
        await pilot.pause()
        title = str(app.screen.query_one(".dialog-title", Label).render())
        assert under in title, title
        await pilot.press(*"PF_HOPE", "enter")
        await pilot.pause()
        await pilot.press(*"希望", "enter")
        await pilot.pause()
        await pilot.press(*"Hope", "enter")
        await settle(pilot)
    with open_project(tui_project.root) as other:
        assert other.code_index()["PF_HOPE"].parent_id == "PF_FAMILY"
    said = [words for words in shown if "PF_HOPE" in words or "希望" in words or "Hope" in words]
    assert said and under in said[-1] and BOOK in said[-1], shown


async def test_a_move_says_which_code_went_under_which(tui_project):
    """`v` then a row of the tree: the toast said only "编码本已保存：…", so a code moved under the wrong row
    (one ↓ too many) went unnoticed. It names the code and its new parent now."""
    app = make_app(tui_project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_editor_on(pilot, "PF_GOAL")
        await pilot.press("v")
        await pilot.pause()
        picker = app.screen.query_one("#picker-tree")
        picker.move_cursor(next(n for n in _walk(picker.root) if n.data == "PF_SUPPORT"))
        await pilot.press("enter")
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        with open_project(tui_project.root) as other:
            codes = other.code_index()
            goal, support = codes["PF_GOAL"].label("zh"), codes["PF_SUPPORT"].label("zh")
            assert codes["PF_GOAL"].parent_id == "PF_SUPPORT"
    assert any(goal in words and f"「{support}」之下" in words and BOOK in words for words in shown), shown

"""A memo changed from the CLI while the workbench's editor is open on it (QA round 29).

`qualcode memos edit 1 "…；还要看家庭支持"` while the memo browser's editor (`e`) held the old text: ctrl+s in the
workbench wrote its text over the CLI's and said `备忘已保存`; the CLI's change was gone unseen. Now nothing is
written, the error shows the memo as it now reads, and the editor opens again on the typed text: a second ctrl+s
replaces the memo knowingly.
"""

from __future__ import annotations

from textual.widgets import TextArea

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import imported_turns, settle

SIZE = (120, 36)


async def test_a_memo_changed_from_the_cli_is_not_overwritten_by_a_stale_editor(project, tmp_path):
    _, s4, _ = imported_turns(project, tmp_path / "incoming")
    memo = api.add_memo(project, "segment", s4.id, "社工小组是关键转折")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        with open_project(project.root) as cli:  # the CLI, another connection
            api.edit_memo(cli, memo.id, "社工小组是关键转折；还要看家庭支持")
        app.screen.query_one(TextArea).text = "社工小组是关键转折（TUI补充）"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert repo.memo_by_id(project.conn, memo.id).text == "社工小组是关键转折；还要看家庭支持"
        shown = [str(n.message) for n in app._notifications]
        assert any(f"备忘 {memo.id} 在打开之后已在别处被修改，现在的内容是：社工小组是关键转折；还要看家庭支持；没有保存" in m
                   for m in shown), shown
        assert app.screen.query_one(TextArea).text == "社工小组是关键转折（TUI补充）"  # the typed text kept
        await pilot.press("ctrl+s")  # now knowingly
        await settle(pilot)
        assert repo.memo_by_id(project.conn, memo.id).text == "社工小组是关键转折（TUI补充）"


async def test_a_memo_changed_from_the_cli_is_not_deleted_unseen(project, tmp_path):
    _, s4, _ = imported_turns(project, tmp_path / "incoming")
    memo = api.add_memo(project, "segment", s4.id, "社工小组是关键转折")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        with open_project(project.root) as cli:
            api.edit_memo(cli, memo.id, "社工小组是关键转折；还要看家庭支持")
        await pilot.press("d")
        await settle(pilot)
        assert repo.memo_by_id(project.conn, memo.id).text == "社工小组是关键转折；还要看家庭支持"
        assert any("was changed elsewhere since it was shown" in str(n.message) for n in app._notifications)


async def test_the_coding_screens_memo_box_does_not_overwrite_a_memo_added_from_the_cli(project, tmp_path):
    """`m` on a turn opens the coder's newest memo there; `qualcode memo segment S01_pre:4 "…"` added a newer one
    meanwhile, and ctrl+s wrote the box's text (the older memo's, edited) over the CLI's new memo: its words gone."""
    _, s4, _ = imported_turns(project, tmp_path / "incoming")
    first = api.add_memo(project, "segment", s4.id, "社工小组是关键转折")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(s4.document_id, segment_id=s4.id)
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "社工小组是关键转折"
        with open_project(project.root) as cli:
            added = api.add_memo(cli, "segment", s4.id, "第二条：家庭也很重要")
        app.screen.query_one(TextArea).text = "社工小组是关键转折；再看看"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert repo.memo_by_id(project.conn, added.id).text == "第二条：家庭也很重要"
        assert repo.memo_by_id(project.conn, first.id).text == "社工小组是关键转折"
        shown = [str(n.message) for n in app._notifications]
        assert any("这里的备忘在打开编辑框之后已在别处被修改（现在的内容是：第二条：家庭也很重要）；没有保存" in m
                   for m in shown), shown
        assert app.screen.query_one(TextArea).text == "社工小组是关键转折；再看看"

"""The memo browser (F9) says memos and their targets in a person's words, in the interface language.

Until stop 30 its undo line used the command line's English (`已撤销：deletion of memo 5 on coding 3`) under
`--lang zh`, and a coding's memo was listed by the coding's number and the code's id (`3 (PF_FAMILY ·
S01_pre:4)`). Now both say the code's label, the document and the turn. Real project, the real app at 80×24.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.test_tui_retrieval_memos import _open_memos, _rows, coded  # noqa: F401 (the fixture)
from tests.tui_fixtures import settle

SIZE = (80, 24)


def a_coding_memo(project) -> int:
    """A's memo on A's coding of PF_FAMILY on S01_pre #4; the coding's id."""
    (coding,) = [c for c in repo.list_codings(project.conn) if c.coder == "A" and c.code_id == "PF_FAMILY"
                 and repo.get_segment(project.conn, c.segment_id, with_text=False).ordinal == 4]
    api.add_memo(project, "coding", str(coding.id), "妈妈的支持最具体", author="A")
    return coding.id


async def test_memo_browser_names_a_codings_memo_and_its_undo_in_chinese_words(coded):  # noqa: F811
    coding_id = a_coding_memo(coded)
    with open_project(coded.root, coder="A") as project:
        app = make_app(project, poll_seconds=None, language="zh")
        async with app.run_test(size=SIZE) as pilot:
            table = await _open_memos(pilot)
            coding_rows = [r for r in _rows(table) if r[0] == "编码记录"]
            assert [r[1] for r in coding_rows] == ["「家庭支持」（S01_pre 第 4 段）"] * 2, coding_rows
            table.move_cursor(row=next(i for i, r in enumerate(_rows(table)) if r[4] == "妈妈的支持最具体"))
            await pilot.pause()
            detail = str(app.screen.query_one("#memo-detail").render())
            assert detail.startswith("编码记录 「家庭支持」（S01_pre 第 4 段） · #"), detail
            assert f"{coding_id} (PF_FAMILY" not in detail
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            said = [n.message for n in app._notifications]
    assert "已撤销：删除备忘（「家庭支持」编码，S01_pre 第 4 段）" in said, said
    assert not any("memo" in message for message in said), said

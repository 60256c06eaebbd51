"""F3 codebook editor: `g` (merge) asks before merging, naming both codes and how many codings move.

Until stop 30 the picker's Enter merged at once: every coder's codings of the code moved and the code left
its codebook file, with only a toast after the fact, while a far smaller delete asked first. Now the editor
asks, no is the default (Enter on it, Esc, n), and only y merges. Real project, real YAML, the real app.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.tui.app import make_app
from qualcode.tui.screens.codebook import CodebookScreen
from qualcode.tui.screens.coding_prompts import ConfirmDialog
from tests.test_tui_codebook_editor import BOOK, _open_editor_on, _walk
from tests.test_tui_merge_undo import SOURCE, TARGET, _coded, _rows
from tests.tui_fixtures import settle

SIZE = (80, 24)


def state(project) -> tuple:
    return (project.root / "codebooks" / BOOK).read_bytes(), _rows(project.conn)


async def pick_target(pilot) -> None:
    await pilot.press("g")
    await pilot.pause()
    picker = pilot.app.screen.query_one("#picker-tree")
    picker.move_cursor(next(n for n in _walk(picker.root) if n.data == TARGET))
    await pilot.press("enter")
    await pilot.pause()


async def test_merge_asks_naming_both_codes_and_the_codings_that_move_and_esc_changes_nothing(project, tmp_path):
    two, _ = _coded(project, tmp_path)   # PF_PEER on turns 2 and 4; turn 4 also has PF_FAMILY
    api.code_segment(project, two.id, SOURCE, coder="B")   # a second coder's coding moves too
    index = project.code_index()
    source, target = index[SOURCE].label("zh"), index[TARGET].label("zh")
    before = state(project)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, SOURCE)
        await pick_target(pilot)
        assert isinstance(app.screen, ConfirmDialog), app.screen
        asked = str(app.screen.query_one(".dialog-title").render())
        assert asked.startswith(f"把「{source}」（{SOURCE}）合并到「{target}」（{TARGET}）吗？"), asked
        assert "3 条编码移到后者（来自 2 位编码者），其中 1 条并入同一段落已有的编码" in asked, asked
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CodebookScreen)
        assert "未合并，未做任何改动" in [n.message for n in app._notifications]
        assert state(project) == before
        await pick_target(pilot)
        await pilot.press("enter")   # the default is no: an Enter pressed on from the picker merges nothing
        await settle(pilot)
        assert state(project) == before
        await pick_target(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert project.conn.execute("SELECT count(*) FROM codings WHERE code_id = ?", (SOURCE,)).fetchone()[0] == 0
    assert f"id: {SOURCE}" not in (project.root / "codebooks" / BOOK).read_text(encoding="utf-8")

"""F4 statistics says what its counts leave out, as home and the exports do (codings on interviewer turns).

Stop 29 made F4 count what the matrix counts (participant turns), and home said so under its code list; F4
counted the same and said nothing, so a coding made on an interviewer's question vanished from its bars
unsaid. Now F4 shows the same note under its coder line, for the coder it counts, and none when every coding
counts. Real project, the real app at 80×24.
"""

from __future__ import annotations

from textual.widgets import Static

from qualcode.app import api
from qualcode.tui.app import make_app
from qualcode.tui.screens.stats import StatsScreen
from tests.test_tui_counts_like_exports import _coded_on_a_question
from tests.tui_fixtures import settle

SIZE = (80, 24)


def said(app) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query(Static) if widget.display)


async def open_stats(pilot) -> None:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StatsScreen)


async def test_f4_says_which_codings_its_counts_leave_out_for_the_coder_it_counts(project, tmp_path):
    s2, s4, _question = _coded_on_a_question(project, tmp_path / "incoming")   # AD_EXAM on S01_pre's question too
    api.code_segment(project, s4.id, "AD_EXAM", coder="B")   # B coded a participant turn only
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_stats(pilot)
        shown = said(app)
        assert "计数与导出一致（只计受访者的段落）：1 条编码位于访谈者或其他说话人的段落上，未计入" in shown, shown
        assert "AD_EXAM" in shown
        visited = set()
        for _ in list(app.screen.coders):   # c: one coder at a time; B's counts leave nothing out, so B's view has no note
            await pilot.press("c")
            await settle(pilot)
            visited.add(app.screen.counted_coder)
            if app.screen.counted_coder == "B":
                assert "未计入" not in said(app), said(app)
            elif app.screen.counted_coder == project.coder:
                assert "未计入" in said(app)
        assert visited == {"B", project.coder}

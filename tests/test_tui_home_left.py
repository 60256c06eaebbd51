"""The home screen says how many participant turns are left to code over the whole project, and plainly when
none is, so a researcher who opens the workbench over SSH sees where the study stands. Real project, real SQLite,
the real app driven by Pilot with its real poll (the codings come from another connection, as from another
window or `qualcode code`)."""

from __future__ import annotations


import pytest
from textual.widgets import Label

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready, import_transcripts, until, participant_segments, settle

SIZE = (80, 24)   # an SSH terminal
POLL = 0.1


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def _title(app) -> str:
    return str(app.screen.query_one("#documents-title", Label).render())


@pytest.mark.parametrize(("lang", "left", "done"), [
    ("en", "Documents · 4 of 4 participant turns left to code", "Documents · nothing left to code: all 4"),
    ("zh", "文档 · 还有 4 个受访者段落待编码（共 4 个）", "文档 · 没有待编码的了：4 个受访者段落都已完成"),
])
async def test_home_counts_what_is_left_and_says_when_nothing_is(tui_project, lang, left, done):
    app = make_app(tui_project, language=lang, poll_seconds=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        assert _title(app) == left
        # Coded in another window (a second connection, as `qualcode code` would): the poll brings the count down.
        first, *rest = participant_segments(tui_project) + participant_segments(tui_project, "S02_post")
        with open_project(tui_project.root, coder="B") as other:
            api.code_segment(other, first.id, "PF_FAMILY")
        await until(pilot, lambda: _title(app) != left, "the count after a coding")
        assert _title(app) == left.replace("4 of 4", "3 of 4").replace("还有 4", "还有 3")
        with open_project(tui_project.root, coder="B") as other:
            for segment in rest:
                api.code_segment(other, segment.id, "AD_EXAM")
        await until(pilot, lambda: _title(app).startswith(done), "the nothing-left state")
        assert app.screen.query_one("#documents-title", Label).has_class("all-done")


async def test_the_key_line_says_what_enter_does_on_the_codes_table(project, tmp_path):
    """With the codes table focused (Tab), Enter opens the code's passages, but the key line still said
    "Enter 打开选中的文档". It follows the focus now."""
    from qualcode.tui.app import make_app
    from qualcode.tui.widgets.keyhints import KeyHints
    from tests.tui_fixtures import home_ready, import_transcripts, settle

    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, language="zh", poll_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await home_ready(pilot)
        hints = app.screen.query_one(KeyHints)
        assert "打开选中的文档" in str(hints.render())
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "codes"
        shown = str(hints.render())
        assert "查看选中编码的段落" in shown and "打开选中的文档" not in shown, shown
        await pilot.press("enter")
        await settle(pilot)
        from qualcode.tui.screens.retrieval import RetrievalScreen

        assert isinstance(app.screen, RetrievalScreen), "Enter on a code opens its passages, as the line says"

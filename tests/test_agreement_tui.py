"""The disagreements screen, driven with Pilot on a real project."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Input, SelectionList, Static

from qualcode.app.api import code_segment, import_paths
from qualcode.storage import repository as repo
from qualcode.tui.screens.disagreements import DisagreementsScreen


class Host(App[None]):
    """A bare app: the screen must work on its own, whatever app registers it."""

    def __init__(self, screen: DisagreementsScreen) -> None:
        super().__init__()
        self.start_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.start_screen)


@pytest.fixture
def coded(project, chinese_transcript):
    import_paths(project, [chinese_transcript])
    document = repo.get_document(project.conn, "S01_pre")
    s2, s4, s6 = [s for s in repo.list_segments(project.conn, document.id) if s.role == "participant"]
    for segment, code in ((s2, "AD_EXAM"), (s2, "AD_LOWSELF"), (s4, "PF_GOAL")):
        code_segment(project, segment.id, code, coder="A")
    for segment, code in ((s2, "AD_EXAM"), (s4, "PF_GOAL"), (s4, "PF_FAMILY")):
        code_segment(project, segment.id, code, coder="B")
    return project


def _consensus(project):
    return project.conn.execute("SELECT code_id, memo FROM codings WHERE coder = 'consensus' "
                                "ORDER BY code_id").fetchall()


async def test_walk_through_and_record_consensus_with_a_memo(coded):
    screen = DisagreementsScreen(coded, ("A", "B"))
    async with Host(screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        position = str(screen.query_one("#dis-position", Static).render())
        assert "1 of 2" in position and "S01_pre #2" in position
        assert "AD_LOWSELF" in str(screen.query_one("#dis-a", Static).render())
        codes = screen.query_one("#dis-codes", SelectionList)
        # AD_EXAM (both coders) starts selected; AD_LOWSELF (A only) does not.
        assert codes.selected == ["AD_EXAM"]
        codes.focus()
        codes.highlighted = 1
        await pilot.press("space")  # select AD_LOWSELF too
        assert sorted(codes.selected) == ["AD_EXAM", "AD_LOWSELF"]
        screen.query_one("#dis-memo", Input).focus()
        await pilot.press(*"ok")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [tuple(r) for r in _consensus(coded)] == [("AD_EXAM", "ok"), ("AD_LOWSELF", "ok")]
        assert "2 of 2" in str(screen.query_one("#dis-position", Static).render())
        await pilot.press("ctrl+z")  # takes back the last consensus coding only
        await pilot.pause()
        assert [r[0] for r in _consensus(coded)] == ["AD_EXAM"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, DisagreementsScreen)


async def test_no_disagreement_says_so(project, chinese_transcript):
    import_paths(project, [chinese_transcript])
    document = repo.get_document(project.conn, "S01_pre")
    segment = next(s for s in repo.list_segments(project.conn, document.id) if s.role == "participant")
    for coder in ("A", "B"):
        code_segment(project, segment.id, "AD_EXAM", coder=coder)
    screen = DisagreementsScreen(project)  # the two coders found from the project
    async with Host(screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "No disagreements" in str(screen.query_one("#dis-position", Static).render())
        await pilot.press("ctrl+s", "n")  # nothing to save or move to: no error
        assert _consensus(project) == []


async def test_inside_the_real_app_in_chinese(coded):
    from qualcode.tui.app import make_app

    app = make_app(coded, language="zh", poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = DisagreementsScreen(coded)  # coders found from the project: A and B
        app.push_screen(screen)
        await pilot.pause()
        assert "编码分歧 1 / 2" in str(screen.query_one("#dis-position", Static).render())
        await pilot.press("n")
        assert "编码分歧 2 / 2" in str(screen.query_one("#dis-position", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen

"""A selection in the TUI never leaves its turn: at the turn's edge it stops and says the turn's length."""

from __future__ import annotations

import pytest

from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.transcript import TranscriptView
from tests.tui_fixtures import home_ready, import_transcripts

SIZE = (120, 36)


@pytest.fixture
def tui_project(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    return project


def _recording(app) -> list[str]:
    messages: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        messages.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return messages


async def test_a_selection_stops_at_the_end_of_its_turn_naming_the_turns_length(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    messages = _recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("enter", "j")  # S01_pre, turn 2
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen) and screen.segment.ordinal == 2
        segment = screen.segment
        length = segment.end - segment.start
        await pilot.press(*["shift+right"] * length)
        assert screen.query_one(TranscriptView).selection == (segment.start, segment.end)
        assert messages == []  # up to the edge nothing is said
        await pilot.press("shift+right", "shift+right")  # past the edge: into the interviewer's next turn
        assert screen.query_one(TranscriptView).selection == (segment.start, segment.end)
        expected = f"A selection stays inside its turn: #2 has {length} characters"
        assert messages == [expected, expected]
        await pilot.press("z")  # AD_EXAM on the whole turn, not beyond it
        await pilot.pause()
    with open_project(tui_project.root, coder=tui_project.coder) as other:
        codings = repo.list_codings(other.conn, segment_id=segment.id)
    assert [(c.code_id, c.start, c.end) for c in codings] == [("AD_EXAM", segment.start, segment.end)]


async def test_moving_a_selections_start_before_its_turn_is_refused_with_the_length(tui_project):
    app = make_app(tui_project, poll_seconds=None)
    messages = _recording(app)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("enter", "j")
        await pilot.pause()
        screen = app.screen
        segment = screen.segment
        await pilot.press("shift+right", "shift+right")
        await pilot.press("ctrl+left")  # the start one character left: before the turn
        assert screen.query_one(TranscriptView).selection == (segment.start, segment.start + 2)
        assert messages == [f"A selection stays inside its turn: #2 has {segment.end - segment.start} characters"]

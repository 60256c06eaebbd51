"""The TUI tells the researcher about codings flagged when a transcript was revised, and marks them."""

from __future__ import annotations

from textual.widgets import Static

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready


async def test_opening_a_revised_transcript_announces_and_marks_its_reviews(project, chinese_transcript):
    api.import_paths(project, [chinese_transcript])
    old = repo.get_document(project.conn, "S01_pre")
    segments = repo.list_segments(project.conn, old.id)
    api.toggle_code(project, segments[1].id, "AD_EXAM")  # its words will be deleted
    api.toggle_code(project, segments[3].id, "PF_GOAL")  # its words will change a little
    text = chinese_transcript.read_text(encoding="utf-8")
    text = text.replace("受访者：中考失利以后我很自卑，觉得自己不行。\n", "受访者：还好吧。\n")
    text = text.replace("想先考电工证", "想先考焊工证")
    chinese_transcript.write_text(text, encoding="utf-8")
    assert api.import_paths(project, [chinese_transcript]).files[0].status == "new version"

    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("2 coding(s) on changed or deleted words need review" in m for m in messages), messages
        await pilot.press("j", "j", "j")  # segment 4: the changed coding moved here, marked
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "⚠" in status and "Goal focus" in status
        await pilot.press("k")  # segment 3: an interviewer turn, nothing to review
        await pilot.pause()
        assert "⚠" not in str(app.screen.query_one("#status", Static).render())

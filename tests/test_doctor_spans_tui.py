"""Codings `doctor --repair` clipped show up in the TUI's flagged list (F8) with their reason, and can be jumped to."""

from __future__ import annotations

import sqlite3

from textual.widgets import Static

from qualcode.app import api
from qualcode.app.maintenance.span_repair import repair_spans
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.flagged import FlaggedCodingsScreen
from tests.tui_fixtures import settle


async def test_a_clipped_coding_is_listed_with_its_old_and_new_words(project, chinese_transcript):
    assert not api.import_paths(project, [chinese_transcript]).errors
    document = repo.get_document(project.conn, "S01_pre", with_text=True)
    turns = {s.ordinal: s for s in repo.list_segments(project.conn, document.id)}
    coding = api.toggle_code(project, turns[2].id, "AD_EXAM")
    damage = sqlite3.connect(project.db_path)  # as an older version stored it: past the turn's end
    with damage:
        damage.execute("UPDATE codings SET end = ? WHERE id = ?", (turns[3].end, coding.id))
    damage.close()
    assert repair_spans(project).clipped == 1

    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FlaggedCodingsScreen)
        [item] = screen.items
        assert (item.code_id, item.reason) == ("AD_EXAM", "clipped")
        assert item.old_text == document.text[turns[2].start:turns[3].end]
        assert item.new_text == document.text[turns[2].start:turns[2].end]
        assert "clipped to its turn" in str(screen.query_one("#flagged-detail", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen) and app.screen.segment.ordinal == 2

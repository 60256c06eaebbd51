"""The home screen loads its document counts once, in a worker thread, then shows the table."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Static

from qualcode.tui import data
from qualcode.tui.app import make_app
from tests.tui_fixtures import home_ready, import_transcripts


async def test_home_shows_loading_then_the_table_counted_off_the_ui_thread(project, tmp_path, monkeypatch):
    import_transcripts(project, tmp_path / "incoming")
    counted_on: list[threading.Thread] = []
    release = threading.Event()
    real_document_rows = data.document_rows

    def document_rows_held_until_released(proj, **kwargs):
        # Hold the real count until the test has seen the loading state (and record the thread).
        counted_on.append(threading.current_thread())
        release.wait(30)
        return real_document_rows(proj, **kwargs)

    monkeypatch.setattr(data, "document_rows", document_rows_held_until_released)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        table = home.query_one("#documents", DataTable)
        assert table.row_count == 0
        assert "Loading" in str(home.query_one("#home-empty", Static).render())
        release.set()
        await home_ready(pilot)
        assert table.row_count == 2
        assert [row.name for row in home.rows] == ["S01_pre", "S02_post"]
        assert home.query_one("#home-empty", Static).display is False
    assert counted_on and all(thread is not threading.main_thread() for thread in counted_on)

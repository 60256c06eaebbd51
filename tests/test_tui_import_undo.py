"""`u` in the TUI right after an import takes the import back (it is one step of the history): the window of a
document the undo removed goes home and says why; the window of a revised transcript moves back to the version
before. Real app (Pilot), real project, the import through the real CLI."""

from __future__ import annotations

from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.home import HomeScreen
from tests.test_stale_windows import revise_s01
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import SIZE, messages
from qualcode.tui.undo_guard import UndoElsewhereDialog
from tests.tui_fixtures import import_transcripts


def question(app) -> str:
    return str(app.screen.query_one(".dialog-title").render())


async def test_u_takes_back_an_import_and_the_window_follows(project, run_cli, tmp_path):
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    revise_s01(folder)
    assert run_cli("--project", project.root, "--coder", project.coder, "import", folder / "S01_pre.txt").exit_code == 0
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        assert screen.data.document.version == 2
        await pilot.press("u")  # the import was made from the command line: `u` asks first (docs/tui.md)
        await pilot.pause()
        assert isinstance(app.screen, UndoElsewhereDialog)
        assert "import of 1 document(s) (S01_pre version 2) — made from the command line" in question(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Undone: import of 1 document(s) (S01_pre back to version 1)" in messages(app)
        assert isinstance(app.screen, CodingScreen) and app.screen.data.document.version == 1
        assert any("The version of S01_pre shown was removed (its import undone): now showing version 1" in m
                   for m in messages(app))
        # the next u takes back the first import (S01_pre and S02_post): the window goes home, saying why
        await pilot.press("u")
        await pilot.pause()
        assert "made by a Python program using qualcode's library" in question(app)  # the fixture's import, not the CLI
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "S01_pre was removed with the import you undid; back to the home screen" in messages(app), messages(app)

"""Ctrl+C in the workbench (QA round 28): a researcher's reflex to quit. Textual answers with a notice written in
markup, which the app's plain-text notify showed raw -- "Press [b]ctrl+q[/b] to quit the app" -- and in English in
the Chinese interface. Now it reads plainly, in the interface language, and says everything is saved."""

from __future__ import annotations

import pytest

from qualcode.tui.app import make_app
from tests.tui_fixtures import import_transcripts, settle


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("Do you want to quit?", "Press ctrl+q to quit (everything is already saved)")),
    ("zh", ("要退出吗？", "按 ctrl+q 退出（所有修改已保存）")),
])
async def test_ctrl_c_says_how_to_quit_in_plain_words(project, tmp_path, language, expected):
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, language=language, poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        notices = [(n.title, str(n.message)) for n in app._notifications]
        assert expected in notices, notices
        assert not any("[b]" in message for _, message in notices)
        assert app.is_running  # Ctrl+C does not quit

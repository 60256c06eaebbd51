"""What `ctrl+g` (suggest over the project, in the background) says while and after it runs, on a real
project with the real engine: the summary names the documents already done (a second run said
"0 document(s)", as if nothing had been looked at), and the window's own run is not announced as
"changes made elsewhere" when the periodic check sees its commits mid-run."""

from __future__ import annotations

import pytest
from textual.notifications import Notify

from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from tests.tui_fixtures import home_ready, import_transcripts

suggest = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine (NLP area) is not installed")

SIZE = (80, 24)


async def _open_first(pilot) -> CodingScreen:
    await home_ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CodingScreen)
    return pilot.app.screen


def _recorder(shown: list[str], also=None):
    seen: list[object] = []

    def record(message) -> None:  # the hook may see a message more than once (queued, handled)
        if any(message is m for m in seen):
            return
        seen.append(message)
        if isinstance(message, Notify):
            shown.append(message.notification.message)
        if also is not None:
            also(message)

    return record


@pytest.mark.parametrize("language, done_words", [("en", "2 already done"), ("zh", "2 个此前已完成")])
async def test_a_second_run_says_the_documents_were_already_done(project, tmp_path, language, done_words):
    import_transcripts(project, tmp_path / "incoming")
    suggest.run_suggest(project, jobs=1, engine_kind="both")      # every document already suggested
    shown: list[str] = []
    app = make_app(project, language=language, poll_seconds=None)
    async with app.run_test(size=SIZE, message_hook=_recorder(shown)) as pilot:
        await _open_first(pilot)
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
    summary = shown[-1]
    assert done_words in summary, summary


async def test_the_windows_own_run_is_not_announced_as_changes_made_elsewhere(project, tmp_path):
    from qualcode.tui.screens.coding_suggestions import BatchProgress

    import_transcripts(project, tmp_path / "incoming")
    shown: list[str] = []
    app = make_app(project, language="en", poll_seconds=None)
    checked: list[bool] = []

    def poll_mid_run(message) -> None:
        # The periodic check (every few seconds in a real session) coming round after the run's first commit,
        # while the worker is still running: the same call the interval makes.
        if isinstance(message, BatchProgress) and not message.finished and message.done >= 1 and not checked:
            checked.append(app.check_for_outside_changes())

    async with app.run_test(size=SIZE, message_hook=_recorder(shown, poll_mid_run)) as pilot:
        screen = await _open_first(pilot)
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.data.suggestions, "the run wrote suggestions and the screen shows them"
    assert checked, "the check ran while the run was going"
    elsewhere = app.tr("app.refreshed")
    assert elsewhere not in shown, shown
    assert any("new suggestion" in words for words in shown), shown

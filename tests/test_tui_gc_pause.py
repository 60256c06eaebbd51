"""Key to frame: Python's cyclic collector waits from a key press until its frame, and never stays off.

A collection of the older generations took 10-150 ms on a large document and missed the key's frame; the
app pauses the collector for ``GC_PAUSE_SECONDS`` after a key (issue 16 figures). These tests pin the two
promises that matter: it is off right after a key and on again afterwards -- also when the app quits
within the pause, as every Pilot test does.
"""

from __future__ import annotations

import gc

import qualcode.tui.app as tui_app
from qualcode.tui.app import make_app
from tests.tui_fixtures import import_transcripts, settle


async def test_a_key_pauses_the_collector_until_after_its_frame(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        await pilot.press("down")
        assert not gc.isenabled()
        await pilot.pause(tui_app.GC_PAUSE_SECONDS + 0.3)
        assert gc.isenabled()
    assert gc.isenabled()


async def test_quitting_within_the_pause_turns_the_collector_back_on(project, tmp_path, monkeypatch):
    import_transcripts(project, tmp_path / "incoming")
    monkeypatch.setattr(tui_app, "GC_PAUSE_SECONDS", 60.0)  # the timer will not fire before the app exits
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert not gc.isenabled()
    assert gc.isenabled()

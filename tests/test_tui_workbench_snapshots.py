"""Snapshots of the coding workbench (issue 16) at 80×24 and 160×48, in Chinese and in English.

The sample-like project from test_tui_snapshots plus the real suggestion engine: the coding screen on
a turn with suggestions (the marker, statuses and evidence kinds in the interface language, the key line
with the function keys), the same with the side panel hidden, the bulk-accept confirmation and the
interviewer-turn question. Update after an intended change with
``pytest tests/test_tui_workbench_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from qualcode.tui.app import make_app
from tests.test_tui_snapshots import snapshot_project  # noqa: F401 (fixture)
from tests.tui_fixtures import settle

SIZES = [(80, 24), (160, 48)]
LANGUAGES = ["zh", "en"]
batch = pytest.importorskip("qualcode.app.suggesting.batch", reason="the suggestion engine is not installed")


@pytest.fixture
def suggested(snapshot_project):  # noqa: F811
    batch.run_suggest(snapshot_project, jobs=1)
    return snapshot_project


def size_id(size) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_review_after_a_reject(snap_compare, suggested, size, language):
    """Turn 2 of S01_pre: the first suggestion rejected, the marker on the second one, its evidence shown."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "p", "r")
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()
        await settle(pilot)

    app = make_app(suggested, language=language, poll_seconds=None)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_side_panel_hidden(snap_compare, suggested, size, language):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "p", "backslash")
        pilot.app.clear_notifications()
        await settle(pilot)

    app = make_app(suggested, language=language, poll_seconds=None)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bulk_accept_confirmation(snap_compare, suggested, language):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "A")
        await settle(pilot)

    app = make_app(suggested, language=language, poll_seconds=None)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_interviewer_turn_question(snap_compare, suggested, language):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)

    app = make_app(suggested, language=language, poll_seconds=None)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

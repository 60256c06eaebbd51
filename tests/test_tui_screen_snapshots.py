"""Snapshots of the workbench screens of issue 16 (retrieval, memo browser, codebook list editor) at
80×24 and 160×48, Chinese interface. Behaviour is checked with Pilot in test_tui_retrieval_memos.py and
test_tui_codebook_editor.py. Update with ``pytest tests/test_tui_screen_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tests.test_tui_snapshots import SIZES, app_for, snapshot_project  # noqa: F401 (the fixture)
from tests.tui_fixtures import open_passages_from_home, settle


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_passages_of_a_code(snap_compare, snapshot_project, size):  # noqa: F811
    async def run_before(pilot):
        await open_passages_from_home(pilot, "PF_FAMILY")

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_memo_browser(snap_compare, snapshot_project, size):  # noqa: F811
    # A fixed date, so the picture does not change with the minute the test runs in.
    with snapshot_project.conn:
        snapshot_project.conn.execute("UPDATE memos SET created_at = '2026-03-09T10:00:00+00:00', "
                                      "updated_at = '2026-03-09T10:00:00+00:00'")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keyword_list_editor(snap_compare, snapshot_project, size):  # noqa: F811
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3", "down", "down", "k")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)

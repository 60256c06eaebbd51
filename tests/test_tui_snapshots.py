"""Snapshots of every screen at 80×24 and 160×48, Chinese interface and Chinese transcripts.

Layout is checked here; behaviour is checked with Pilot in test_tui_app.py.
Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.project import init_project, open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from tests.tui_fixtures import import_transcripts, settle

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def snapshot_project(tmp_path):
    """Two Chinese transcripts, a few codings and a memo, coder 'tester' (fixed for stable pictures)."""
    created = init_project(tmp_path / "study")
    created.close()
    project = open_project(tmp_path / "study", coder="tester")
    api.sync_codes(project)
    import_transcripts(project, tmp_path / "incoming")
    document = repo.get_document(project.conn, "S01_pre")
    segments = repo.list_segments(project.conn, document.id)
    api.code_segment(project, segments[1].id, "AD_EXAM")
    api.code_segment(project, segments[3].id, "PF_FAMILY")
    start = document.text.index("目标")
    api.add_coding(project, document_id=document.id, start=start, end=start + 2, code_id="PF_GOAL")
    api.set_memo(project, "segment", str(segments[3].id), "母亲的鼓励是转折点")
    yield project
    project.close()


def app_for(project):
    return make_app(project, language="zh", poll_seconds=None)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, snapshot_project, size):
    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_coding(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_coding_with_selection_and_search(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "slash", *"职校", "enter", "shift+right", "shift+right")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_corpus_search(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f2", *"我", "enter")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_codebook_editor(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3", "down", "down")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_statistics(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_export_dialog(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, snapshot_project, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for(snapshot_project), terminal_size=size, run_before=run_before)

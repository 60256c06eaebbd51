"""Snapshots of the team-work screens at 80×24 and 160×48, Chinese interface and Chinese transcripts:
blind mode (the coding screen; the home screen's blind counts are checked with Pilot, its code table
snapshot is timing-sensitive under load), the disagreements screen and the codings flagged after a revision.

Layout is checked here; behaviour is checked with Pilot in test_tui_team.py.
Update after an intended change with ``pytest tests/test_tui_team_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.app.project import init_project, open_project
from qualcode.tui.app import make_app
from tests.tui_fixtures import code_and_revise_s01, import_transcripts, participant_segments, settle

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def team_project(tmp_path):
    """Two coders on S01_pre (A: 自卑→AD_EXAM, 妈妈→PF_FAMILY; B: 妈妈→PF_GOAL, 目标→PF_GOAL); coder 'B'."""
    init_project(tmp_path / "study").close()
    project = open_project(tmp_path / "study", coder="B")
    api.sync_codes(project)
    import_transcripts(project, tmp_path / "incoming")
    s2, s4, s6 = participant_segments(project)
    api.code_segment(project, s2.id, "AD_EXAM", coder="A")
    api.code_segment(project, s4.id, "PF_FAMILY", coder="A")
    api.code_segment(project, s4.id, "PF_GOAL", coder="B")
    api.code_segment(project, s6.id, "PF_GOAL", coder="B")
    yield project
    project.close()


@pytest.fixture
def revised_project(tmp_path):
    """S01_pre coded by 'tester', then revised: one coded sentence deleted, one changed (职校 → 中专)."""
    init_project(tmp_path / "study").close()
    project = open_project(tmp_path / "study", coder="tester")
    api.sync_codes(project)
    folder = tmp_path / "incoming"
    import_transcripts(project, folder)
    code_and_revise_s01(project, folder)
    yield project
    project.close()


def pressing(*keys):
    async def run_before(pilot):
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_blind_coding(snap_compare, team_project, size):
    app = make_app(team_project, language="zh", poll_seconds=None, blind=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("enter", "j", "j", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_disagreements(snap_compare, team_project, size):
    app = make_app(team_project, language="zh", poll_seconds=None)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f7", "n"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_flagged_codings(snap_compare, revised_project, size):
    app = make_app(revised_project, language="zh", poll_seconds=None)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f8", "down"))
